//! Use-case tests on a real database: every test body runs on a fresh SQLite database and, when
//! `TEST_DATABASE_URL` names a PostgreSQL database, on a fresh PostgreSQL schema too.

mod access;
mod accounts;
mod authz;
mod bceao;
mod collection;
mod consolidation;
mod demo;
mod export;
mod form;
mod history;
mod imports;
mod limits;
mod loans;
mod mail;
mod monthly;
mod publication;
mod registry;
mod review;
mod smtp;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use mizan_service::accounts::Principal;
use mizan_service::settings::Settings;
use mizan_service::{Actor, App};
use mizan_storage::testing::{self, TestDb};
use mizan_storage::users::UserRecord;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn data(path: &str) -> Result<Vec<u8>, std::io::Error> {
    std::fs::read(root().join("tests/data").join(path))
}

/// A test platform whose clock the test moves.
pub struct Platform {
    pub app: App,
    pub clock: Arc<Mutex<NaiveDateTime>>,
    pub db: TestDb,
}

impl Platform {
    pub fn set_time(&self, text: &str) -> TestResult {
        let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")?;
        *self.clock.lock().map_err(|_| "clock poisoned")? = t;
        Ok(())
    }

    /// Imports the Q1 2016 registry and returns.
    pub fn load_fixture(&self) -> TestResult {
        let reg = mizan_service::registry::import_institutions(
            &self.app,
            &data("apsfd-ci-2016q1/institutions.csv")?,
            "institutions.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        let rep = mizan_service::returns::import_returns(
            &self.app,
            &data("apsfd-ci-2016q1/returns.csv")?,
            "returns.csv",
            &Actor::system(),
            &mizan_service::returns::Scope::Any,
        )?;
        assert!(!rep.has_refusals(), "{rep:?}");
        Ok(())
    }

    /// Staff accept every return of `period` awaiting review (a publication takes accepted
    /// returns only).
    pub fn accept_all(&self, period: &str) -> TestResult {
        let period = mizan_core::Period::parse(period)?;
        let actor = Actor::system();
        let coll = mizan_service::collection::collection(&self.app, &actor, "apsfd-ci", period)?;
        for inst in coll.groups.iter().flat_map(|g| &g.institutions) {
            if let Some(v) = inst.versions.last().filter(|_| inst.awaiting_review()) {
                mizan_service::collection::decide(
                    &self.app,
                    &actor,
                    v.id,
                    &mizan_service::collection::Decision::Accept,
                )?;
            }
        }
        Ok(())
    }
}

/// The person an account is, as access decisions see them.
pub fn principal(user: &UserRecord) -> Principal {
    Principal {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        institution: user.institution.clone(),
    }
}

fn platform(
    db: TestDb,
    env: &BTreeMap<String, String>,
) -> Result<Platform, Box<dyn std::error::Error>> {
    let settings = Settings::load(&root().join("config"), env)?;
    let clock = Arc::new(Mutex::new(NaiveDateTime::parse_from_str(
        "2016-04-20 09:00",
        "%Y-%m-%d %H:%M",
    )?));
    let c = clock.clone();
    let app = App::with_db(db.db.clone(), settings)?
        .with_clock(Arc::new(move || c.lock().map(|t| *t).unwrap_or_default()));
    Ok(Platform { app, clock, db })
}

/// Runs `body` on a fresh platform on every test backend.
pub fn on_each_backend(body: impl Fn(&Platform) -> TestResult) -> TestResult {
    on_each_backend_with(&[], body)
}

/// [`on_each_backend`] with settings given as `MIZAN__SECTION__KEY` variables.
pub fn on_each_backend_with(
    env: &[(&str, &str)],
    body: impl Fn(&Platform) -> TestResult,
) -> TestResult {
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    for db in testing::databases()? {
        let name = db.backend().name();
        let p = platform(db, &env)?;
        body(&p).map_err(|e| format!("on {name}: {e}"))?;
    }
    Ok(())
}
