//! Accounts: passwords, sign-in with throttling, sessions, and the staff's account management.
//!
//! Passwords are hashed with Argon2id at the parameters of [`ARGON2_PARAMS`] (OWASP's
//! recommendation: 19 MiB, 2 passes, 1 lane), as PHC strings that carry their own parameters.
//! Hashing takes tens of milliseconds on purpose: the web layer calls these functions off the
//! request threads. Signing in with an unknown user name verifies against a dummy hash, so that
//! the answer takes as long as for a wrong password and does not tell which user names exist.
//!
//! Failed sign-ins are counted in the database (every app server sees them): after
//! [`Throttle::per_account`] failures for one user name, or [`Throttle::per_address`] from one
//! client address, within [`Throttle::window_minutes`], further attempts are refused without
//! checking the password until the window has passed. A wrong current password in a password
//! change counts as a failed sign-in of the account (a stolen session cannot guess it freely).
//!
//! A session is a random 256-bit token given to the browser (in an encrypted cookie, by the
//! web layer); the database keeps its SHA-256 and its CSRF token. Each sign-in opens a new
//! session (a token set before sign-in is never promoted: no session fixation); logging out,
//! changing the password or disabling the account closes sessions.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Duration;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_storage::accounts::{
    self as store, GrantRecord, NewSession, SessionRecord, failures_for_user,
    failures_from_address, record_attempt,
};
use mizan_storage::users::{self, NewUser, Role, UserRecord};
use mizan_storage::{DbConnection, transaction};

use crate::app::{Actor, App};
use crate::audit::{Detail, Entry};
use crate::error::{ServiceError, ServiceResult};
use crate::refusal::{AccountRefusal, Field, Refusal};

fn invalid(r: AccountRefusal) -> ServiceError {
    ServiceError::Invalid(r.into())
}

/// Argon2id parameters of new password hashes: memory in KiB, passes, lanes.
pub const ARGON2_PARAMS: (u32, u32, u32) = (19_456, 2, 1);

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A session ends after this long without a request…
pub const SESSION_IDLE_MINUTES: i64 = 120;
/// …and in any case this long after sign-in.
pub const SESSION_MAX_HOURS: i64 = 12;

fn argon2() -> ServiceResult<Argon2<'static>> {
    let (m, t, p) = ARGON2_PARAMS;
    let params = Params::new(m, t, p, None)
        .map_err(|e| ServiceError::Config(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> ServiceResult<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServiceError::Config(format!("no randomness from the system: {e}")))?;
    Ok(hex::encode(bytes))
}

fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Hashes a password (Argon2id, fresh 128-bit salt) into a PHC string.
pub fn hash_password(password: &str) -> ServiceResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| ServiceError::Config(format!("no randomness from the system: {e}")))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| ServiceError::Config(format!("salt: {e}")))?;
    Ok(argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| ServiceError::Config(format!("argon2: {e}")))?
        .to_string())
}

/// Whether `password` matches a PHC hash (a malformed hash never matches).
pub fn verify_password(hash: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    // The parameters come from the hash itself, so older hashes keep verifying.
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash of a random password, verified against when the user name is unknown.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        random_hex(16)
            .and_then(|pw| hash_password(&pw))
            .unwrap_or_else(|_| {
                "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$\
                 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    .to_owned()
            })
    })
}

/// Why a password is not accepted.
pub fn check_password_rules(password: &str, username: &str) -> Result<(), AccountRefusal> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountRefusal::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(AccountRefusal::PasswordIsUserName);
    }
    Ok(())
}

/// Limits on failed sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures allowed per user name within the window (after its last success).
    pub per_account: i64,
    /// Failures allowed per client address within the window.
    pub per_address: i64,
    /// The window, in minutes.
    pub window_minutes: i64,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window_minutes: 15,
        }
    }
}

/// A signed-in person, as every access decision sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Account id.
    pub user_id: i64,
    /// User name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// A member's institution.
    pub institution: Option<InstitutionCode>,
}

impl Principal {
    fn of(user: &UserRecord) -> Self {
        Self {
            user_id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            institution: user.institution.clone(),
        }
    }

    /// Whether this is federation staff: the rule of [`Actor::is_staff`], for choosing what to
    /// show (access itself is decided by the use cases, from [`Principal::actor`]).
    pub fn is_staff(&self) -> bool {
        self.actor().is_staff()
    }

    /// The actor of this person's actions.
    pub fn actor(&self) -> Actor {
        Actor::web(
            &self.username,
            self.user_id,
            self.role,
            self.institution.clone(),
        )
    }
}

/// An open session, as the web layer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Session id (database).
    pub id: i64,
    /// The person.
    pub principal: Principal,
    /// The token every form of the session carries.
    pub csrf_token: String,
}

/// What a sign-in gives: the secret token for the cookie, and the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The token to hand to the browser (only its SHA-256 is stored).
    pub token: String,
    /// The session.
    pub session: Session,
}

/// Why a sign-in failed. Unknown user, wrong password and disabled account are one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginFailure {
    /// The user name and password do not match an active account.
    Invalid,
    /// Too many failures recently; try again after this many minutes.
    Throttled {
        /// Minutes to wait (the whole window).
        retry_after_minutes: i64,
    },
}

fn audit(
    conn: &mut DbConnection,
    app: &App,
    actor: &str,
    action: &str,
    institution: Option<&str>,
    period: Option<&str>,
    detail: &Detail,
) -> ServiceResult<()> {
    crate::audit::record(
        conn,
        Entry {
            institution,
            period,
            ..Entry::new(actor, action)
        },
        detail,
        app.now(),
    )
}

/// Signs in: checks the throttle, then the password (Argon2id: call off the request thread),
/// records the attempt and, on success, opens a new session. Every attempt is audited.
pub fn login(
    app: &App,
    username: &str,
    password: &str,
    address: &str,
) -> ServiceResult<Result<SignedIn, LoginFailure>> {
    let throttle = Throttle::default();
    let now = app.now();
    let since = now - Duration::minutes(throttle.window_minutes);
    let username = username.trim();
    let mut conn = app.conn()?;
    if failures_for_user(&mut conn, username, since)? >= throttle.per_account
        || failures_from_address(&mut conn, address, since)? >= throttle.per_address
    {
        audit(
            &mut conn,
            app,
            username,
            "login.throttled",
            None,
            None,
            &Detail::new().text("address", address),
        )?;
        return Ok(Err(LoginFailure::Throttled {
            retry_after_minutes: throttle.window_minutes,
        }));
    }
    let user = users::find_user(&mut conn, username)?;
    let ok = match &user {
        Some(u) => verify_password(&u.password_hash, password) && !u.disabled,
        None => {
            let _ = verify_password(dummy_hash(), password);
            false
        }
    };
    record_attempt(&mut conn, username, address, ok, now)?;
    let Some(user) = user.filter(|_| ok) else {
        audit(
            &mut conn,
            app,
            username,
            "login.failed",
            None,
            None,
            &Detail::new().text("address", address),
        )?;
        return Ok(Err(LoginFailure::Invalid));
    };
    let token = random_hex(32)?;
    let csrf = random_hex(32)?;
    let record = store::insert_session(
        &mut conn,
        &NewSession {
            token_sha256: &sha256_hex(&token),
            user_id: user.id,
            csrf_token: &csrf,
            expires_at: now + Duration::minutes(SESSION_IDLE_MINUTES),
            address,
        },
        now,
    )?;
    audit(
        &mut conn,
        app,
        &user.username,
        "login",
        user.institution.as_ref().map(InstitutionCode::as_str),
        None,
        &Detail::new()
            .text("role", user.role)
            .text("address", address),
    )?;
    Ok(Ok(SignedIn {
        token,
        session: Session {
            id: record.id,
            principal: Principal::of(&user),
            csrf_token: record.csrf_token,
        },
    }))
}

/// The live session of a token: `None` when unknown, expired, closed, or its account is
/// disabled. Moves the idle expiry forward (at most once a minute, to spare the database).
pub fn session(app: &App, token: &str) -> ServiceResult<Option<Session>> {
    let now = app.now();
    let mut conn = app.conn()?;
    let Some(rec) = store::session_by_token(&mut conn, &sha256_hex(token))? else {
        return Ok(None);
    };
    if !rec.is_live(now) {
        return Ok(None);
    }
    let Some(user) = users::user(&mut conn, rec.user_id)? else {
        return Ok(None);
    };
    if user.disabled {
        return Ok(None);
    }
    if now - rec.last_seen_at >= Duration::minutes(1) {
        let cap = rec.created_at + Duration::hours(SESSION_MAX_HOURS);
        let expires = (now + Duration::minutes(SESSION_IDLE_MINUTES)).min(cap);
        store::touch_session(&mut conn, rec.id, now, expires)?;
    }
    Ok(Some(Session {
        id: rec.id,
        principal: Principal::of(&user),
        csrf_token: rec.csrf_token,
    }))
}

/// The stored record of a token's session, live or not (tests, support).
pub fn session_record(app: &App, token: &str) -> ServiceResult<Option<SessionRecord>> {
    let mut conn = app.conn()?;
    Ok(store::session_by_token(&mut conn, &sha256_hex(token))?)
}

/// Logs out: closes the session.
pub fn logout(app: &App, session: &Session) -> ServiceResult<()> {
    let mut conn = app.conn()?;
    store::revoke_session(&mut conn, session.id, app.now())?;
    audit(
        &mut conn,
        app,
        &session.principal.username,
        "logout",
        None,
        None,
        &Detail::new(),
    )
}

/// Why a password change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordChange {
    /// Changed; the account's other sessions are closed.
    Changed,
    /// The current password given is wrong.
    WrongCurrent,
    /// Too many wrong passwords for the account recently: try again later.
    Throttled,
    /// The new password breaks a rule (the text says which).
    Rejected(AccountRefusal),
}

/// Changes one's own password (Argon2id twice: call off the request thread). Other sessions
/// of the account are closed; this one stays open.
pub fn change_password(
    app: &App,
    session: &Session,
    current: &str,
    new: &str,
) -> ServiceResult<PasswordChange> {
    let mut conn = app.conn()?;
    let user = users::user(&mut conn, session.principal.user_id)?
        .ok_or_else(|| ServiceError::NotFound("account".into()))?;
    let throttle = Throttle::default();
    let since = app.now() - Duration::minutes(throttle.window_minutes);
    if failures_for_user(&mut conn, &user.username, since)? >= throttle.per_account {
        return Ok(PasswordChange::Throttled);
    }
    if !verify_password(&user.password_hash, current) {
        record_attempt(
            &mut conn,
            &user.username,
            "password-change",
            false,
            app.now(),
        )?;
        return Ok(PasswordChange::WrongCurrent);
    }
    if let Err(why) = check_password_rules(new, &user.username) {
        return Ok(PasswordChange::Rejected(why));
    }
    let hash = hash_password(new)?;
    let now = app.now();
    transaction(&mut conn, |conn| -> ServiceResult<()> {
        users::set_password(conn, user.id, &hash, now)?;
        let closed = store::revoke_user_sessions(conn, user.id, Some(session.id), now)?;
        audit(
            conn,
            app,
            &user.username,
            "account.password",
            None,
            None,
            &Detail::new().size("closed", closed),
        )
    })?;
    Ok(PasswordChange::Changed)
}

/// A new account, as staff or the command line asks for it.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    /// Login name (letters, digits, `.`, `-`, `_`, `@`).
    pub username: &'a str,
    /// Name shown (the user name when empty).
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// The institution of a member account (required for members, refused otherwise).
    pub institution: Option<&'a InstitutionCode>,
    /// The initial password.
    pub password: &'a str,
    /// Where the platform's messages go (empty: none).
    pub email: &'a str,
    /// The language of those messages.
    pub lang: Lang,
}

/// An e-mail address as typed: none when blank, refused when not an address.
fn email_of(typed: &str) -> ServiceResult<Option<&str>> {
    let email = typed.trim();
    if email.is_empty() {
        return Ok(None);
    }
    if email.len() > 254 || !crate::mail::valid_address(email) {
        return Err(invalid(AccountRefusal::BadEmail {
            email: email.chars().take(254).collect(),
        }));
    }
    Ok(Some(email))
}

/// Creates an account (Argon2id: call off the request thread); audited as `account.create`.
pub fn create_user(app: &App, actor: &Actor, new: &NewAccount<'_>) -> ServiceResult<UserRecord> {
    create_user_hashed(app, actor, new, None)
}

/// [`create_user`] with the password's hash already made (`Some`): the demo's accounts share
/// one known password, hashed once rather than once per account (each argon2 hash is tens of
/// milliseconds: they were a tenth of the demo's start). `None` hashes `new.password`.
pub(crate) fn create_user_hashed(
    app: &App,
    actor: &Actor,
    new: &NewAccount<'_>,
    hashed: Option<&str>,
) -> ServiceResult<UserRecord> {
    actor.require_staff()?;
    let username = new.username.trim();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        return Err(invalid(AccountRefusal::UserName {
            username: username.to_owned(),
        }));
    }
    match (new.role, new.institution) {
        (Role::Member, None) => {
            return Err(invalid(AccountRefusal::MemberNeedsInstitution));
        }
        (Role::Staff | Role::Partner, Some(code)) => {
            return Err(invalid(AccountRefusal::InstitutionOnlyForMembers {
                institution: code.to_string(),
            }));
        }
        _ => {}
    }
    if mizan_core::limits::too_long(new.display_name.trim(), mizan_core::limits::NAME_MAX_CHARS) {
        return Err(ServiceError::Invalid(Refusal::TooLong {
            field: Field::DisplayName,
            chars: new.display_name.trim().chars().count(),
            max: mizan_core::limits::NAME_MAX_CHARS,
        }));
    }
    let email = email_of(new.email)?;
    check_password_rules(new.password, username).map_err(invalid)?;
    let hash = match hashed {
        Some(h) => h.to_owned(),
        None => hash_password(new.password)?,
    };
    let display = if new.display_name.trim().is_empty() {
        username
    } else {
        new.display_name.trim()
    };
    let mut conn = app.conn()?;
    transaction(&mut conn, |conn| -> ServiceResult<UserRecord> {
        let user = users::insert_user(
            conn,
            &NewUser {
                username,
                display_name: display,
                password_hash: &hash,
                role: new.role,
                institution: new.institution,
                email,
                lang: new.lang,
            },
            app.now(),
        )
        .map_err(|e| match e {
            mizan_storage::StorageError::Conflict(_) => invalid(AccountRefusal::UserNameTaken {
                username: username.to_owned(),
            }),
            mizan_storage::StorageError::NotFound(_) => {
                invalid(AccountRefusal::UnknownInstitution {
                    institution: new.institution.map(ToString::to_string).unwrap_or_default(),
                })
            }
            other => other.into(),
        })?;
        audit(
            conn,
            app,
            &actor.name,
            "account.create",
            user.institution.as_ref().map(InstitutionCode::as_str),
            None,
            &Detail::new()
                .text("username", &user.username)
                .text("role", user.role),
        )?;
        Ok(user)
    })
}

/// Sets where an account's messages go (a blank address: nowhere) and their language (staff
/// only); audited as `account.contact`.
pub fn set_contact(
    app: &App,
    actor: &Actor,
    user_id: i64,
    email: &str,
    lang: Lang,
) -> ServiceResult<UserRecord> {
    actor.require_staff()?;
    let email = email_of(email)?;
    let mut conn = app.conn()?;
    transaction(&mut conn, |conn| -> ServiceResult<UserRecord> {
        let user = users::user(conn, user_id)?
            .ok_or_else(|| ServiceError::NotFound(format!("user {user_id}")))?;
        users::set_contact(conn, user_id, email, lang)?;
        audit(
            conn,
            app,
            &actor.name,
            "account.contact",
            user.institution.as_ref().map(InstitutionCode::as_str),
            None,
            &Detail::new()
                .text("username", &user.username)
                .text("email", email.unwrap_or(""))
                .text("lang", lang),
        )?;
        users::user(conn, user_id)?.ok_or_else(|| ServiceError::NotFound(format!("user {user_id}")))
    })
}

/// Disables or re-enables an account; disabling closes its sessions. Audited.
pub fn set_disabled(
    app: &App,
    actor: &Actor,
    user_id: i64,
    disabled: bool,
) -> ServiceResult<UserRecord> {
    actor.require_staff()?;
    let now = app.now();
    let mut conn = app.conn()?;
    transaction(&mut conn, |conn| -> ServiceResult<UserRecord> {
        let user = users::user(conn, user_id)?
            .ok_or_else(|| ServiceError::NotFound(format!("account {user_id}")))?;
        if actor.user_id == Some(user_id) && disabled {
            return Err(invalid(AccountRefusal::CannotDisableSelf));
        }
        users::set_disabled(conn, user_id, disabled)?;
        if disabled {
            store::revoke_user_sessions(conn, user_id, None, now)?;
        }
        audit(
            conn,
            app,
            &actor.name,
            if disabled {
                "account.disable"
            } else {
                "account.enable"
            },
            user.institution.as_ref().map(InstitutionCode::as_str),
            None,
            &Detail::new().text("username", &user.username),
        )?;
        Ok(UserRecord { disabled, ..user })
    })
}

/// Sets a new password for someone else's account (staff, for a forgotten password; Argon2id:
/// call off the request thread). Every session of the account is closed; audited as
/// `account.password-reset`. A password that breaks a rule is refused with the rule.
pub fn reset_password(
    app: &App,
    actor: &Actor,
    user_id: i64,
    password: &str,
) -> ServiceResult<Result<UserRecord, AccountRefusal>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let user = users::user(&mut conn, user_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("account {user_id}")))?;
    if let Err(why) = check_password_rules(password, &user.username) {
        return Ok(Err(why));
    }
    let hash = hash_password(password)?;
    let now = app.now();
    transaction(&mut conn, |conn| -> ServiceResult<()> {
        users::set_password(conn, user.id, &hash, now)?;
        let closed = store::revoke_user_sessions(conn, user.id, None, now)?;
        audit(
            conn,
            app,
            &actor.name,
            "account.password-reset",
            user.institution.as_ref().map(InstitutionCode::as_str),
            None,
            &Detail::new()
                .text("username", &user.username)
                .size("closed", closed),
        )
    })?;
    Ok(Ok(user))
}

/// Every account, by user name: staff only.
pub fn list_users(app: &App, actor: &Actor) -> ServiceResult<Vec<UserRecord>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(users::list_users(&mut conn)?)
}

/// Grants a partner account the peer detail of a period. Audited as `grant`.
pub fn grant(
    app: &App,
    actor: &Actor,
    user_id: i64,
    framework: &str,
    period: Period,
) -> ServiceResult<bool> {
    actor.require_staff()?;
    app.reporting_framework(framework, period)?;
    let mut conn = app.conn()?;
    transaction(&mut conn, |conn| -> ServiceResult<bool> {
        let user = users::user(conn, user_id)?
            .ok_or_else(|| ServiceError::NotFound(format!("account {user_id}")))?;
        if user.role != Role::Partner {
            return Err(invalid(AccountRefusal::GrantOnlyForPartners {
                username: user.username.clone(),
            }));
        }
        let p = period.to_string();
        let new = store::insert_grant(conn, user_id, framework, &p, &actor.name, app.now())?;
        if new {
            audit(
                conn,
                app,
                &actor.name,
                "grant",
                None,
                Some(&p),
                &Detail::new()
                    .text("username", &user.username)
                    .text("framework", framework)
                    .text("period", &p),
            )?;
        }
        Ok(new)
    })
}

/// Revokes a grant. Audited as `grant.revoke`.
pub fn revoke_grant(app: &App, actor: &Actor, grant_id: i64) -> ServiceResult<GrantRecord> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    transaction(&mut conn, |conn| -> ServiceResult<GrantRecord> {
        let g = store::grant(conn, grant_id)?
            .ok_or_else(|| ServiceError::NotFound(format!("grant {grant_id}")))?;
        if store::revoke_grant(conn, grant_id, &actor.name, app.now())? {
            audit(
                conn,
                app,
                &actor.name,
                "grant.revoke",
                None,
                Some(&g.period),
                &Detail::new()
                    .text("username", &g.username)
                    .text("framework", &g.framework)
                    .text("period", &g.period),
            )?;
        }
        Ok(g)
    })
}

/// Every grant, newest first: staff only (a partner sees its own periods through
/// [`crate::member::granted_periods`]).
pub fn list_grants(app: &App, actor: &Actor) -> ServiceResult<Vec<GrantRecord>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(store::list_grants(&mut conn, None)?)
}
