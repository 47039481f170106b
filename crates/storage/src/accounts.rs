//! Sessions, login attempts and partners' grants: the state of the signed-in side that every
//! app server must share, so it lives in the database.
//!
//! A session is found by the SHA-256 of its token (the cookie holds the token itself,
//! encrypted): a copy of this table cannot be used to sign in. Sessions are revoked, never
//! deleted, so that "who was signed in when" stays answerable. Grants are revoked the same way.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult};
use crate::models::account::{GrantRow, NewAttemptRow, NewGrantRow, NewSessionRow, SessionRow};
use crate::models::flag;
use crate::schema::{grants, login_attempts, sessions, users};

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Database id.
    pub id: i64,
    /// The account.
    pub user_id: i64,
    /// The token that forms of this session must carry.
    pub csrf_token: String,
    /// Opened.
    pub created_at: NaiveDateTime,
    /// Last request seen.
    pub last_seen_at: NaiveDateTime,
    /// After this, the session is no longer valid.
    pub expires_at: NaiveDateTime,
    /// Closed (logout, password change, account disabled).
    pub revoked_at: Option<NaiveDateTime>,
    /// The client address it was opened from.
    pub address: String,
}

impl SessionRecord {
    /// Whether the session may be used at `now`.
    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

impl From<SessionRow> for SessionRecord {
    fn from(r: SessionRow) -> Self {
        Self {
            id: r.id,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            address: r.address,
        }
    }
}

/// A session to open.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    /// SHA-256 (hex) of the token given to the client.
    pub token_sha256: &'a str,
    /// The account.
    pub user_id: i64,
    /// The CSRF token of its forms.
    pub csrf_token: &'a str,
    /// Valid until.
    pub expires_at: NaiveDateTime,
    /// Client address.
    pub address: &'a str,
}

/// Opens a session.
pub fn insert_session(
    conn: &mut DbConnection,
    new: &NewSession<'_>,
    now: NaiveDateTime,
) -> StorageResult<SessionRecord> {
    diesel::insert_into(sessions::table)
        .values(NewSessionRow {
            token_sha256: new.token_sha256,
            user_id: new.user_id,
            csrf_token: new.csrf_token,
            created_at: now,
            last_seen_at: now,
            expires_at: new.expires_at,
            address: new.address,
        })
        .execute(conn)?;
    session_by_token(conn, new.token_sha256)?
        .ok_or_else(|| StorageError::NotFound("the session just opened".into()))
}

/// A session by the SHA-256 of its token (live or not: the caller checks).
pub fn session_by_token(
    conn: &mut DbConnection,
    token_sha256: &str,
) -> StorageResult<Option<SessionRecord>> {
    Ok(sessions::table
        .filter(sessions::token_sha256.eq(token_sha256))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .map(SessionRecord::from))
}

/// Records activity on a session and moves its expiry (idle timeout).
pub fn touch_session(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> StorageResult<()> {
    diesel::update(sessions::table.find(id))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Closes one session.
pub fn revoke_session(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Closes every open session of an account (password changed, account disabled), except
/// `keep` when given; returns how many were closed.
pub fn revoke_user_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    keep: Option<i64>,
    now: NaiveDateTime,
) -> StorageResult<usize> {
    let q = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::id.ne(keep.unwrap_or(-1)));
    Ok(diesel::update(q)
        .set(sessions::revoked_at.eq(Some(now)))
        .execute(conn)?)
}

/// Records a login attempt.
pub fn record_attempt(
    conn: &mut DbConnection,
    username: &str,
    address: &str,
    success: bool,
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(login_attempts::table)
        .values(NewAttemptRow {
            at: now,
            username,
            address,
            success: flag(success),
        })
        .execute(conn)?;
    Ok(())
}

/// Failed attempts since `since` for a user name, counted after its last successful login.
pub fn failures_for_user(
    conn: &mut DbConnection,
    username: &str,
    since: NaiveDateTime,
) -> StorageResult<i64> {
    let last_success: Option<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::username.eq(username))
        .filter(login_attempts::success.eq(1))
        .select(diesel::dsl::max(login_attempts::at))
        .first(conn)?;
    let from = last_success.map_or(since, |s| s.max(since));
    Ok(login_attempts::table
        .filter(login_attempts::username.eq(username))
        .filter(login_attempts::success.eq(0))
        .filter(login_attempts::at.gt(from))
        .count()
        .get_result(conn)?)
}

/// Failed attempts since `since` from a client address (whatever the user name).
pub fn failures_from_address(
    conn: &mut DbConnection,
    address: &str,
    since: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(login_attempts::table
        .filter(login_attempts::address.eq(address))
        .filter(login_attempts::success.eq(0))
        .filter(login_attempts::at.gt(since))
        .count()
        .get_result(conn)?)
}

/// A partner's access to the peer detail of one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    /// Database id.
    pub id: i64,
    /// The partner's account.
    pub user_id: i64,
    /// Its user name.
    pub username: String,
    /// The framework.
    pub framework: String,
    /// The period (`2016-Q1`).
    pub period: String,
    /// Granted by (staff user name).
    pub granted_by: String,
    /// When.
    pub granted_at: NaiveDateTime,
    /// Revoked by.
    pub revoked_by: Option<String>,
    /// When revoked.
    pub revoked_at: Option<NaiveDateTime>,
}

fn grant_record(row: GrantRow, username: String) -> GrantRecord {
    GrantRecord {
        id: row.id,
        user_id: row.user_id,
        username,
        framework: row.framework,
        period: row.period,
        granted_by: row.granted_by,
        granted_at: row.granted_at,
        revoked_by: row.revoked_by,
        revoked_at: row.revoked_at,
    }
}

/// Grants a partner the peer detail of a period (no new row when a live grant exists).
pub fn insert_grant(
    conn: &mut DbConnection,
    user_id: i64,
    framework: &str,
    period: &str,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    if has_grant(conn, user_id, framework, period)? {
        return Ok(false);
    }
    let inserted = diesel::insert_into(grants::table)
        .values(NewGrantRow {
            user_id,
            framework,
            period,
            granted_by: by,
            granted_at: now,
        })
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        // Granted meanwhile by someone else (the partial unique index keeps one live grant).
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Revokes a grant; `false` when it was not live.
pub fn revoke_grant(
    conn: &mut DbConnection,
    id: i64,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    let n = diesel::update(grants::table.find(id).filter(grants::revoked_at.is_null()))
        .set((
            grants::revoked_by.eq(Some(by)),
            grants::revoked_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(n > 0)
}

/// Whether a partner has a live grant for a period.
pub fn has_grant(
    conn: &mut DbConnection,
    user_id: i64,
    framework: &str,
    period: &str,
) -> StorageResult<bool> {
    let n: i64 = grants::table
        .filter(grants::user_id.eq(user_id))
        .filter(grants::framework.eq(framework))
        .filter(grants::period.eq(period))
        .filter(grants::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A grant by id.
pub fn grant(conn: &mut DbConnection, id: i64) -> StorageResult<Option<GrantRecord>> {
    Ok(grants::table
        .inner_join(users::table)
        .filter(grants::id.eq(id))
        .select((GrantRow::as_select(), users::username))
        .first::<(GrantRow, String)>(conn)
        .optional()?
        .map(|(r, u)| grant_record(r, u)))
}

/// Every grant (live and revoked), newest first; of one account when `user_id` is given.
pub fn list_grants(
    conn: &mut DbConnection,
    user_id: Option<i64>,
) -> StorageResult<Vec<GrantRecord>> {
    let mut q = grants::table.inner_join(users::table).into_boxed();
    if let Some(u) = user_id {
        q = q.filter(grants::user_id.eq(u));
    }
    let rows: Vec<(GrantRow, String)> = q
        .order(grants::id.desc())
        .select((GrantRow::as_select(), users::username))
        .load(conn)?;
    Ok(rows.into_iter().map(|(r, u)| grant_record(r, u)).collect())
}
