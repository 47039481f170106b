//! User accounts. Passwords are stored as Argon2id PHC strings computed by the caller.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::flag;
use crate::models::user::{NewUserRow, UserRow};
use crate::registry::{codes_by_id, institution_id};
use crate::schema::users;
use mizan_core::{InstitutionCode, Lang};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Federation staff: everything.
    Staff,
    /// A reporting institution's account, bound to it.
    Member,
    /// A partner given access to peer detail for granted periods.
    Partner,
}

impl Role {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::Member => "member",
            Self::Partner => "partner",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "staff" => Ok(Self::Staff),
            "member" => Ok(Self::Member),
            "partner" => Ok(Self::Partner),
            other => Err(format!(
                "unknown role \"{other}\"; use staff, member or partner"
            )),
        }
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Database id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// The institution of a member account.
    pub institution: Option<InstitutionCode>,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last password change.
    pub password_changed_at: NaiveDateTime,
    /// Where the platform's messages to this person go (none: no e-mail).
    pub email: Option<String>,
    /// The language of those messages.
    pub lang: Lang,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a str,
    /// Name shown.
    pub display_name: &'a str,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// Required for members, absent otherwise.
    pub institution: Option<&'a InstitutionCode>,
    /// E-mail address, if any.
    pub email: Option<&'a str>,
    /// Language of the messages sent to the account.
    pub lang: Lang,
}

fn to_record(row: UserRow, conn: &mut DbConnection) -> StorageResult<UserRecord> {
    let institution = match row.institution_id {
        Some(id) => Some(
            codes_by_id(conn)?
                .remove(&id)
                .ok_or_else(|| corrupt("institution id", id.to_string()))?,
        ),
        None => None,
    };
    Ok(UserRecord {
        id: row.id,
        role: row.role.parse().map_err(|_| corrupt("role", &row.role))?,
        username: row.username,
        display_name: row.display_name,
        password_hash: row.password_hash,
        institution,
        disabled: row.disabled != 0,
        created_at: row.created_at,
        password_changed_at: row.password_changed_at,
        lang: row.lang.parse().map_err(|_| corrupt("lang", &row.lang))?,
        email: row.email,
    })
}

/// Creates an account; the user name must be free.
pub fn insert_user(
    conn: &mut DbConnection,
    new: &NewUser<'_>,
    now: NaiveDateTime,
) -> StorageResult<UserRecord> {
    crate::transaction(conn, |conn| -> StorageResult<_> {
        let institution_id = match new.institution {
            Some(code) => Some(
                institution_id(conn, code)?
                    .ok_or_else(|| StorageError::NotFound(format!("institution {code}")))?,
            ),
            None => None,
        };
        diesel::insert_into(users::table)
            .values(NewUserRow {
                username: new.username,
                display_name: new.display_name,
                password_hash: new.password_hash,
                role: new.role.code(),
                institution_id,
                disabled: 0,
                created_at: now,
                password_changed_at: now,
                email: new.email,
                lang: new.lang.tag(),
            })
            .execute(conn)
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    StorageError::Conflict(format!("user name \"{}\" is taken", new.username))
                }
                other => StorageError::Query(other),
            })?;
        find_user(conn, new.username)?
            .ok_or_else(|| StorageError::NotFound(format!("user {}", new.username)))
    })
}

/// An account by user name.
pub fn find_user(conn: &mut DbConnection, username: &str) -> StorageResult<Option<UserRecord>> {
    let row = users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| to_record(r, conn)).transpose()
}

/// An account by id.
pub fn user(conn: &mut DbConnection, id: i64) -> StorageResult<Option<UserRecord>> {
    let row = users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| to_record(r, conn)).transpose()
}

/// Every account, by user name.
pub fn list_users(conn: &mut DbConnection) -> StorageResult<Vec<UserRecord>> {
    let rows: Vec<UserRow> = users::table
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| to_record(r, conn)).collect()
}

/// Replaces a password hash.
pub fn set_password(
    conn: &mut DbConnection,
    id: i64,
    password_hash: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let n = diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("user {id}")));
    }
    Ok(())
}

/// Disables or re-enables an account.
pub fn set_disabled(conn: &mut DbConnection, id: i64, disabled: bool) -> StorageResult<()> {
    let n = diesel::update(users::table.find(id))
        .set(users::disabled.eq(flag(disabled)))
        .execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("user {id}")));
    }
    Ok(())
}

/// Replaces an account's e-mail address (none: no e-mail) and the language of its messages.
pub fn set_contact(
    conn: &mut DbConnection,
    id: i64,
    email: Option<&str>,
    lang: Lang,
) -> StorageResult<()> {
    let n = diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::lang.eq(lang.tag())))
        .execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("user {id}")));
    }
    Ok(())
}

/// The enabled accounts with an e-mail address that messages about `institution` go to: its
/// members' accounts; with `None`, staff's accounts.
pub fn mail_recipients(
    conn: &mut DbConnection,
    institution: Option<&InstitutionCode>,
) -> StorageResult<Vec<UserRecord>> {
    let (role, wanted) = match institution {
        Some(code) => match institution_id(conn, code)? {
            Some(id) => (Role::Member, Some(id)),
            None => return Ok(Vec::new()),
        },
        None => (Role::Staff, None),
    };
    let rows: Vec<UserRow> = users::table
        .filter(users::disabled.eq(0))
        .filter(users::email.is_not_null())
        .filter(users::email.ne(""))
        .filter(users::role.eq(role.code()))
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)?;
    let rows = rows.into_iter().filter(|r| r.institution_id == wanted);
    rows.map(|r| to_record(r, conn)).collect()
}
