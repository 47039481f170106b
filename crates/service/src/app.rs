//! The application: database, frameworks, calendars and settings, opened once and shared.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use mizan_core::calendar::Calendar;
use mizan_core::{Framework, Frameworks, Period};
use mizan_ingest::Limits;
use mizan_storage::{Conn, Db};

use crate::error::{ServiceError, ServiceResult};
use crate::settings::Settings;
use mizan_core::InstitutionCode;
use mizan_storage::users::Role;

/// Gives the current time (naive UTC); replaced in tests for reproducible timestamps.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// Who is acting, for submissions and the audit log — and with what authority: the staff-only
/// use cases ([`Actor::require_staff`]) refuse an actor that is not staff, whatever page or
/// command reached them. An actor is made only by the constructors below (a signed-in person's
/// comes from [`crate::accounts::Principal::actor`], with the person's role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// User name, or `cli:<login>` on the command line.
    pub name: String,
    /// The user account, for web actions.
    pub user_id: Option<i64>,
    /// `cli` or `web`.
    pub channel: &'static str,
    authority: Authority,
}

/// Where an actor's authority comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Authority {
    /// The operator of the platform: the command line, the demo loader, scheduled work.
    Operator,
    /// A signed-in person with this role (and a member's institution).
    Person(Role, Option<InstitutionCode>),
}

impl Actor {
    /// The person running the command line (`cli:<login>`).
    pub fn cli() -> Self {
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Self {
            name: format!("cli:{login}"),
            user_id: None,
            channel: "cli",
            authority: Authority::Operator,
        }
    }

    /// A signed-in web user with their role, and a member's institution.
    pub fn web(name: &str, user_id: i64, role: Role, institution: Option<InstitutionCode>) -> Self {
        Self {
            name: name.to_owned(),
            user_id: Some(user_id),
            channel: "web",
            authority: Authority::Person(role, institution),
        }
    }

    /// The platform itself (demo data, scheduled work).
    pub fn system() -> Self {
        Self::operator("system".into(), "cli")
    }

    /// The operator under another name (the demo's institutions uploading their returns).
    pub(crate) fn operator(name: String, channel: &'static str) -> Self {
        Self {
            name,
            user_id: None,
            channel,
            authority: Authority::Operator,
        }
    }

    /// The signed-in person's role and institution; `None` for the operator (the rules of
    /// [`crate::access`] read it).
    pub(crate) fn person(&self) -> Option<(Role, Option<&InstitutionCode>)> {
        match &self.authority {
            Authority::Operator => None,
            Authority::Person(role, institution) => Some((*role, institution.as_ref())),
        }
    }

    /// Whether this actor may run the staff back office's use cases: staff, or the operator.
    pub fn is_staff(&self) -> bool {
        matches!(
            self.authority,
            Authority::Operator | Authority::Person(Role::Staff, _)
        )
    }

    /// Refuses ([`ServiceError::Forbidden`]) an actor who is not staff: every use case of the
    /// back office — its writes (decisions, publication, the registry, accounts and grants) and
    /// its reads (collection, unsuppressed tables, the registry's history, accounts, grants, the
    /// audit log) — begins with it.
    pub fn require_staff(&self) -> ServiceResult<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!(
                "{} is not staff",
                self.name
            )))
        }
    }

    /// Whether this actor may act for `institution` (its returns, loan tapes, reports): the
    /// operator, staff, and the institution's own members.
    pub fn may_act_for(&self, institution: &InstitutionCode) -> bool {
        match &self.authority {
            Authority::Operator | Authority::Person(Role::Staff, _) => true,
            Authority::Person(Role::Member, own) => own.as_ref() == Some(institution),
            Authority::Person(Role::Partner, _) => false,
        }
    }

    /// Refuses ([`ServiceError::Forbidden`]) an actor who may not act for `institution`: every
    /// use case on one institution's loan tapes begins with it.
    pub fn require_act_for(&self, institution: &InstitutionCode) -> ServiceResult<()> {
        if self.may_act_for(institution) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!(
                "{} may not act for {institution}",
                self.name
            )))
        }
    }
}

/// Everything a use case needs.
#[derive(Clone)]
pub struct App {
    /// The database.
    pub db: Db,
    /// The frameworks.
    pub frameworks: Arc<Frameworks>,
    /// Holiday calendars by id.
    pub calendars: Arc<BTreeMap<String, Calendar>>,
    /// Settings.
    pub settings: Arc<Settings>,
    clock: Clock,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("db", &self.db)
            .field("frameworks", &self.frameworks.ids().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

fn load_calendars(dir: &Path) -> ServiceResult<BTreeMap<String, Calendar>> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ServiceError::Config(format!("{}: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ServiceError::Config(format!("{}: {e}", path.display())))?;
        let cal = Calendar::from_toml(&text, &path.display().to_string())
            .map_err(|e| ServiceError::Config(e.to_string()))?;
        out.insert(cal.id.clone(), cal);
    }
    Ok(out)
}

impl App {
    /// Opens the database named by the settings, runs pending migrations, and loads the
    /// frameworks and calendars (every file is checked; the first problem is an error).
    pub fn open(settings: Settings) -> ServiceResult<Self> {
        let db = Db::connect(&settings.database.url, settings.database.pool_size)?;
        Self::with_db(db, settings)
    }

    /// The same over an already opened database (tests).
    pub fn with_db(db: Db, settings: Settings) -> ServiceResult<Self> {
        db.migrate()?;
        if !settings.frameworks.dir.is_dir() {
            return Err(ServiceError::Config(format!(
                "framework directory {} not found: run from the installation directory or pass --config",
                settings.frameworks.dir.display()
            )));
        }
        let frameworks = Frameworks::load_dir(&settings.frameworks.dir)?;
        if frameworks.latest(&settings.frameworks.default).is_none() {
            return Err(ServiceError::Config(format!(
                "the default framework \"{}\" is not in {}",
                settings.frameworks.default,
                settings.frameworks.dir.display()
            )));
        }
        let calendars = load_calendars(&settings.calendars.dir)?;
        Ok(Self {
            db,
            frameworks: Arc::new(frameworks),
            calendars: Arc::new(calendars),
            settings: Arc::new(settings),
            clock: Arc::new(|| chrono::Utc::now().naive_utc()),
        })
    }

    /// Replaces the clock (tests, demo data with dated submissions).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The current time, naive UTC.
    pub fn now(&self) -> NaiveDateTime {
        (self.clock)()
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// A pooled connection.
    pub fn conn(&self) -> ServiceResult<Conn> {
        Ok(self.db.conn()?)
    }

    /// The limits on uploaded files.
    pub fn limits(&self) -> Limits {
        let u = &self.settings.upload;
        Limits {
            max_file_bytes: u.max_file_bytes,
            max_rows: u64::from(u.max_rows),
            max_columns: u64::from(u.max_columns),
            max_uncompressed_bytes: u.max_uncompressed_bytes,
            max_shared_strings: u.max_shared_strings,
            max_shared_strings_bytes: u.max_shared_strings_bytes,
            max_styles: u.max_styles,
            max_part_bytes: u.max_part_bytes,
            ..Limits::default()
        }
    }

    /// The framework `id` in force at `period`.
    pub fn framework(&self, id: &str, period: Period) -> ServiceResult<&Framework> {
        Ok(self.frameworks.get(id, period)?)
    }

    /// The framework `id` for a quarter someone asked to work on (a template, a collection, a
    /// grant, a registry change): the framework must apply to it (not before its effective
    /// date), and it may be at most one quarter ahead of today's (a template is prepared in
    /// advance; nothing is collected for a later quarter).
    pub fn reporting_framework(&self, id: &str, period: Period) -> ServiceResult<&Framework> {
        let fw = self.framework(id, period)?;
        self.check_horizon(period)?;
        Ok(fw)
    }

    /// Refuses a month where only quarters are meaningful: consolidated tables and their
    /// publication are per quarter, the monthly reporters counting by their quarter-end month.
    pub fn require_quarter(period: Period) -> ServiceResult<()> {
        if period.is_month() {
            return Err(ServiceError::Invalid(
                crate::refusal::PeriodRefusal::QuarterOnly {
                    period,
                    quarter: period.quarter_of(),
                }
                .into(),
            ));
        }
        Ok(())
    }

    /// Refuses a quarter more than one quarter ahead of today's.
    pub fn check_horizon(&self, period: Period) -> ServiceResult<()> {
        let latest = Period::containing(self.today()).next();
        if period > latest {
            return Err(ServiceError::Invalid(
                crate::refusal::PeriodRefusal::TooFarAhead { period, latest }.into(),
            ));
        }
        Ok(())
    }

    /// The calendar of a framework (weekends only when it names none or an unknown one).
    pub fn calendar_of(&self, framework: &Framework) -> Calendar {
        framework
            .collection
            .calendar
            .as_ref()
            .and_then(|id| self.calendars.get(id))
            .cloned()
            .unwrap_or_else(Calendar::weekends_only)
    }

    /// The collection deadline of `period` under `framework`.
    pub fn deadline(&self, framework: &Framework, period: Period) -> NaiveDate {
        self.calendar_of(framework)
            .deadline_of(period, framework.collection.deadline)
    }
}
