//! HTTP tests of the public site: the app is started on port 0 over a fresh database (SQLite,
//! and PostgreSQL when `TEST_DATABASE_URL` names one) holding the Q1 2016 fixture, published,
//! and spoken to with a real HTTP client.

mod api;
mod api_docs;
mod authz;
mod browser;
mod concurrency;
mod country;
mod english;
mod form;
mod i18n;
mod leak;
mod loans;
mod mail;
mod observability;
mod operations;
mod pages;
mod precision;
mod review;
mod sdmx;
mod series;
mod session;
#[expect(
    dead_code,
    reason = "the web tests do not make the server refuse nor read the envelope sender"
)]
#[path = "../../../service/tests/it/smtp.rs"]
mod smtp;
mod staff;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use chrono::NaiveDateTime;
use mizan_core::Period;
use mizan_service::settings::Settings;
use mizan_service::{Actor, App};
use mizan_storage::testing::{self, TestDb};
use mizan_web::{Options, WebState};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn data(path: &str) -> Result<Vec<u8>, std::io::Error> {
    std::fs::read(root().join("tests/data").join(path))
}

pub fn q1() -> Res<Period> {
    Ok(Period::parse("2016-Q1")?)
}

/// A platform whose clock the test moves.
pub struct Platform {
    pub app: App,
    pub clock: Arc<Mutex<NaiveDateTime>>,
    pub backend: &'static str,
    _db: TestDb,
}

impl Platform {
    pub fn set_time(&self, text: &str) -> TestResult {
        let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")?;
        *self.clock.lock().map_err(|_| "clock poisoned")? = t;
        Ok(())
    }

    /// Imports the Q1 2016 registry and returns (not reviewed, not published).
    pub fn load(&self) -> TestResult {
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

    /// Imports the Q1 2016 registry and returns, and publishes the quarter (13 June 2016,
    /// as the association did).
    pub fn load_and_publish(&self) -> TestResult {
        self.load()?;
        self.set_time("2016-06-13 03:28")?;
        self.accept_all()?;
        mizan_service::publication::publish(
            &self.app,
            "apsfd-ci",
            q1()?,
            None,
            mizan_service::publication::Guard::Check,
            &Actor::system(),
        )?;
        Ok(())
    }

    /// Staff accept every Q1 2016 return awaiting review (a publication takes accepted
    /// returns only).
    pub fn accept_all(&self) -> TestResult {
        let actor = Actor::system();
        let coll = mizan_service::collection::collection(&self.app, &actor, "apsfd-ci", q1()?)?;
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

    /// A corrected return of one institution (PAR 30 changed) and a second revision of the
    /// quarter with its note (5 August 2016).
    pub fn republish(&self) -> TestResult {
        let text = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
        let first = text
            .lines()
            .nth(1)
            .and_then(|l| l.split(',').next())
            .ok_or("empty fixture")?
            .to_owned();
        let mut out = String::from("institution,period,item,value\n");
        for line in text
            .lines()
            .skip(1)
            .filter(|l| l.starts_with(&format!("{first},")))
        {
            if line.contains(",loans.par30,") {
                let (head, value) = line.rsplit_once(',').ok_or("bad line")?;
                let v: i64 = value.parse()?;
                out.push_str(&format!("{head},{}\n", v + 1_000));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        self.set_time("2016-08-05 05:37")?;
        let rep = mizan_service::returns::import_returns(
            &self.app,
            out.as_bytes(),
            "correction.csv",
            &Actor::system(),
            &mizan_service::returns::Scope::Any,
        )?;
        assert!(!rep.has_refusals(), "{rep:?}");
        self.accept_all()?;
        mizan_service::publication::publish(
            &self.app,
            "apsfd-ci",
            q1()?,
            Some("Déclaration corrigée d'une institution"),
            mizan_service::publication::Guard::Check,
            &Actor::system(),
        )?;
        Ok(())
    }
}

pub(crate) fn platform(db: TestDb) -> Res<Platform> {
    platform_with(db, &[])
}

/// [`platform`] with settings given as `MIZAN__SECTION__KEY` variables.
pub(crate) fn platform_with(db: TestDb, env: &[(&str, &str)]) -> Res<Platform> {
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let settings = Settings::load(&root().join("config"), &env)?;
    let clock = Arc::new(Mutex::new(NaiveDateTime::parse_from_str(
        "2016-04-20 09:00",
        "%Y-%m-%d %H:%M",
    )?));
    let c = clock.clone();
    let backend = db.backend().name();
    let app = App::with_db(db.db.clone(), settings)?
        .with_clock(Arc::new(move || c.lock().map(|t| *t).unwrap_or_default()));
    Ok(Platform {
        app,
        clock,
        backend,
        _db: db,
    })
}

/// The site, running on its own thread until dropped.
pub struct Site {
    pub base: String,
    /// The metrics listener's base URL, when started with it.
    pub metrics: Option<String>,
    handle: ServerHandle,
    metrics_handle: Option<ServerHandle>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Site {
    /// Starts the site over `app` on 127.0.0.1, port 0 (the index is read on every request,
    /// so that a republication shows at once).
    pub fn start(app: &App) -> Res<Self> {
        Self::start_with(app, false, false)
    }

    /// The site of another framework than the fixture's (`bceao-sfd`).
    pub fn start_framework(app: &App, framework: &str) -> Res<Self> {
        Self::start_options(app, false, false, Some(framework))
    }

    /// The site as behind a TLS proxy: cookies marked `Secure`.
    pub fn start_behind_tls(app: &App) -> Res<Self> {
        Self::start_with(app, true, false)
    }

    /// The site and its metrics listener (another port), sharing one state.
    pub fn start_with_metrics(app: &App) -> Res<Self> {
        Self::start_with(app, false, true)
    }

    /// Stops the site gracefully (as on `SIGTERM`): no new connection, the requests in flight
    /// finish. Returns once it has stopped.
    pub fn stop_gracefully(mut self) -> TestResult {
        actix_web::rt::System::new().block_on(self.handle.stop(true));
        if let Some(t) = self.thread.take() {
            t.join().map_err(|_| "the server thread panicked")?;
        }
        Ok(())
    }

    fn start_with(app: &App, secure_cookies: bool, with_metrics: bool) -> Res<Self> {
        Self::start_options(app, secure_cookies, with_metrics, None)
    }

    fn start_options(
        app: &App,
        secure_cookies: bool,
        with_metrics: bool,
        framework: Option<&str>,
    ) -> Res<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let metrics_listener = if with_metrics {
            Some(TcpListener::bind("127.0.0.1:0")?)
        } else {
            None
        };
        let metrics = match &metrics_listener {
            Some(m) => Some(format!("http://{}", m.local_addr()?)),
            None => None,
        };
        let mut options = Options {
            index_ttl: Duration::ZERO,
            secure_cookies,
            ..Options::for_app(app)
        };
        if let Some(f) = framework {
            options.framework = f.to_owned();
        }
        let state = WebState::new(app.clone(), options)?;
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            let result = system.block_on(async move {
                let data = actix_web::web::Data::new(state);
                let server = mizan_web::shared_server(data.clone(), listener, 2)?;
                match metrics_listener {
                    Some(m) => {
                        let metrics = mizan_web::metrics_server(data, m)?;
                        let _ = tx.send((server.handle(), Some(metrics.handle())));
                        let (a, b) = futures_util::future::join(server, metrics).await;
                        a.and(b)
                    }
                    None => {
                        let _ = tx.send((server.handle(), None));
                        server.await
                    }
                }
            });
            if let Err(e) = result {
                #[expect(clippy::print_stderr, reason = "a test server's failure")]
                {
                    eprintln!("test server: {e}");
                }
            }
        });
        let (handle, metrics_handle) = rx.recv_timeout(Duration::from_secs(30))?;
        Ok(Self {
            base: format!("http://127.0.0.1:{port}"),
            metrics,
            handle,
            metrics_handle,
            thread: Some(thread),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        // The stop command is sent when `stop` is called; the returned future only waits.
        drop(self.handle.stop(false));
        if let Some(m) = &self.metrics_handle {
            drop(m.stop(false));
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> Res<String> {
        Ok(String::from_utf8(self.body.clone())?)
    }
}

/// A client that does not follow redirects and does not treat 4xx/5xx as errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .build()
        .into()
}

/// GET `url` with extra headers.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> Res<Resp> {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    read(req.call()?)
}

/// An HTTP response read whole (up to 50 MB).
pub fn read(resp: ureq::http::Response<ureq::Body>) -> Res<Resp> {
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = resp
        .into_body()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()?;
    Ok(Resp {
        status,
        headers,
        body,
    })
}

pub fn get(url: &str) -> Res<Resp> {
    get_with(url, &[])
}

/// Runs `body` on a published fixture and a running site, on every test backend.
pub fn on_each_backend(body: impl Fn(&Platform, &Site) -> TestResult) -> TestResult {
    for db in testing::databases()? {
        let p = platform(db)?;
        p.load_and_publish()?;
        let site = Site::start(&p.app)?;
        body(&p, &site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

/// Runs `body` on SQLite only (browser tests: the storage is not what they test).
pub fn on_sqlite(body: impl Fn(&Platform, &Site) -> TestResult) -> TestResult {
    let p = platform(testing::sqlite()?)?;
    p.load_and_publish()?;
    let site = Site::start(&p.app)?;
    body(&p, &site)
}
