//! What the web layer shares between requests: the platform, the messages, and the caches.
//!
//! Published snapshots never change, so everything rendered from one (a bulletin page, a
//! download, an API answer) is cached in memory by (publication id, what, method, language)
//! and served again without touching the database. The only thing that can change is which
//! revision of a quarter is current, and which quarters are published: that index is read
//! from the database at most once per `index_ttl` (2 seconds by default) on each app server.
//! A new publication therefore appears everywhere within that delay, and nothing stale is
//! ever wrong in the meantime (an earlier revision is a real published snapshot, still
//! readable at its own address); the database sees one small query per server every two
//! seconds instead of one per request. When the index is stale, one request reads it again
//! while the others keep serving the previous one (no burst of identical queries every two
//! seconds under load). Tests set the delay to zero: then every request reads it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use actix_web::web;
use actix_web::web::Bytes;
use mizan_core::{Framework, Period};
use mizan_service::publication::{PublicTable, Published, load_public_table, published_quarters};
use mizan_service::{Actor, App};
use mizan_storage::publications::PublicationRecord;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::i18n::{I18n, I18nError};
use crate::request_log::in_current_span;

/// Options of the public site.
#[derive(Debug, Clone)]
pub struct Options {
    /// The framework whose publications are shown (default: the instance's default).
    pub framework: String,
    /// How long the index of publications is trusted before it is read again.
    pub index_ttl: Duration,
    /// Mark the language cookie `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Most rendered bodies kept in memory (the cache is emptied when it is full).
    pub max_cached: usize,
}

impl Options {
    /// The defaults for a platform: its default framework, a 2-second index, its cookie
    /// setting.
    pub fn for_app(app: &App) -> Self {
        Self {
            framework: app.settings.frameworks.default.clone(),
            index_ttl: Duration::from_secs(2),
            secure_cookies: app.settings.server.secure_cookies,
            max_cached: 4096,
        }
    }
}

/// The published quarters, newest first, as last read.
#[derive(Debug)]
pub struct Index {
    /// The quarters with their revisions.
    pub quarters: Vec<Published>,
    /// A digest of every current revision (id and public SHA-256): the entity tag of what
    /// depends on all of them (the list, the time series).
    pub fingerprint: String,
}

impl Index {
    /// The quarter `period`.
    pub fn quarter(&self, period: Period) -> Option<&Published> {
        self.quarters.iter().find(|q| q.latest.period == period)
    }

    /// A revision of a quarter: the current one, or the one asked for.
    pub fn revision(&self, period: Period, revision: Option<i32>) -> Option<&PublicationRecord> {
        let q = self.quarter(period)?;
        match revision {
            None => Some(&q.latest),
            Some(r) => q.revisions.iter().find(|rec| rec.revision == r),
        }
    }
}

/// A rendered body, ready to be served again.
#[derive(Debug, Clone)]
pub struct Cached {
    /// The bytes.
    pub body: Bytes,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

/// Everything the handlers share.
pub struct WebState {
    app: App,
    options: Options,
    i18n: I18n,
    index: RwLock<Option<(Instant, Arc<Index>)>>,
    refreshing: AtomicBool,
    tables: RwLock<HashMap<i64, Arc<PublicTable>>>,
    bodies: RwLock<HashMap<String, Cached>>,
    /// The key of private cookies (sessions).
    cookie_key: actix_web::cookie::Key,
    /// A digest of the frameworks, part of every entity tag (a corrected label is a new
    /// body even when the snapshot is the same).
    tag: String,
    /// Whether this process's mail sender is running, and whether it should run once more
    /// (messages were queued while it ran).
    mailing: AtomicBool,
    mail_again: AtomicBool,
    /// The process's counters (requests, uploads), served on the private metrics listener.
    metrics: crate::metrics::Metrics,
}

impl std::fmt::Debug for WebState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebState")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn fingerprint(quarters: &[Published]) -> String {
    let mut h = Sha256::new();
    for q in quarters {
        h.update(q.latest.id.to_le_bytes());
        h.update(q.latest.public_sha256.as_bytes());
    }
    hex::encode(&h.finalize()[..10])
}

impl WebState {
    /// The state of a site over `app`.
    pub fn new(app: App, options: Options) -> Result<Self, I18nError> {
        let mut h = Sha256::new();
        for id in app.frameworks.ids() {
            if let Some(fw) = app.frameworks.latest(id) {
                h.update(serde_json::to_vec(fw).unwrap_or_default());
            }
        }
        let tag = hex::encode(&h.finalize()[..4]);
        Ok(Self {
            cookie_key: crate::auth::cookie_key(app.settings.server.session_key.expose()),
            app,
            options,
            tag,
            i18n: I18n::load()?,
            index: RwLock::new(None),
            refreshing: AtomicBool::new(false),
            tables: RwLock::new(HashMap::new()),
            bodies: RwLock::new(HashMap::new()),
            mailing: AtomicBool::new(false),
            mail_again: AtomicBool::new(false),
            metrics: crate::metrics::Metrics::new(),
        })
    }

    /// Sends what the outbox holds, on a thread of its own (never a request's): after an
    /// action that queued messages, and every minute. One sender runs at a time in a process;
    /// asked while it runs, it runs once more. Other app servers may send too: each message is
    /// claimed by one of them ([`mizan_service::mail::deliver`]).
    pub fn send_mail(self: &Arc<Self>) {
        self.mail_again.store(true, Ordering::Release);
        if self.mailing.swap(true, Ordering::AcqRel) {
            return;
        }
        let state = self.clone();
        let spawned = std::thread::Builder::new()
            .name("mizan-mail".into())
            .spawn(move || {
                while state.mail_again.swap(false, Ordering::AcqRel) {
                    let words = crate::mail_texts::MailWords(&state.i18n);
                    match mizan_service::mail::deliver(&state.app, &Actor::system(), &words) {
                        Ok(d) if d.sent + d.retried + d.failed > 0 => tracing::info!(
                            sent = d.sent,
                            retried = d.retried,
                            failed = d.failed,
                            "mail"
                        ),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "mail could not be sent"),
                    }
                }
                state.mailing.store(false, Ordering::Release);
            });
        if let Err(e) = spawned {
            self.mailing.store(false, Ordering::Release);
            tracing::warn!(error = %e, "the mail sender could not start");
        }
    }

    /// The entity tag of a body (see [`crate::http::etag`]), with the frameworks' digest.
    pub fn etag(
        &self,
        source: &str,
        what: &str,
        method: &str,
        lang: Option<mizan_core::Lang>,
    ) -> String {
        let tag = crate::http::etag(source, what, method, lang);
        format!("{}-{}\"", tag.trim_end_matches('"'), self.tag)
    }

    /// The key of private cookies.
    pub fn cookie_key(&self) -> &actix_web::cookie::Key {
        &self.cookie_key
    }

    /// The platform.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The process's counters.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    /// The interface messages.
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// The framework shown, in force at `period` (its latest version when `None`).
    pub fn framework(&self, period: Option<Period>) -> Result<&Framework, AppError> {
        let id = &self.options.framework;
        match period {
            Some(p) => Ok(self.app.framework(id, p)?),
            None => self
                .app
                .frameworks
                .latest(id)
                .ok_or_else(|| AppError::NotFound(format!("framework {id}"))),
        }
    }

    /// The index of publications, read again when older than the TTL (by one request at a
    /// time; the others meanwhile get the previous index).
    pub async fn index(self: &Arc<Self>) -> Result<Arc<Index>, AppError> {
        let current = self.index.read().ok().and_then(|g| g.clone());
        if let Some((at, index)) = current {
            if at.elapsed() < self.options.index_ttl {
                return Ok(index);
            }
            if !self.options.index_ttl.is_zero() && self.refreshing.swap(true, Ordering::AcqRel) {
                return Ok(index);
            }
        }
        /// Clears the flag however the reading ends (an error, a dropped request).
        struct Done<'a>(&'a AtomicBool);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _done = Done(&self.refreshing);
        let state = self.clone();
        let quarters = web::block(in_current_span(move || {
            published_quarters(&state.app, &state.options.framework)
        }))
        .await??;
        let index = Arc::new(Index {
            fingerprint: fingerprint(&quarters),
            quarters,
        });
        if let Ok(mut guard) = self.index.write() {
            *guard = Some((Instant::now(), index.clone()));
        }
        Ok(index)
    }

    /// The public table of a publication (read once, kept: snapshots never change).
    pub async fn table(
        self: &Arc<Self>,
        publication_id: i64,
    ) -> Result<Arc<PublicTable>, AppError> {
        if let Ok(guard) = self.tables.read()
            && let Some(t) = guard.get(&publication_id)
        {
            return Ok(t.clone());
        }
        let state = self.clone();
        let table = Arc::new(
            web::block(in_current_span(move || {
                load_public_table(&state.app, publication_id)
            }))
            .await??,
        );
        if let Ok(mut guard) = self.tables.write() {
            guard.insert(publication_id, table.clone());
        }
        Ok(table)
    }

    /// A cached body.
    pub fn cached(&self, key: &str) -> Option<Cached> {
        self.bodies.read().ok()?.get(key).cloned()
    }

    /// Keeps a body for `key`.
    pub fn keep(&self, key: String, cached: Cached) {
        if let Ok(mut guard) = self.bodies.write() {
            if guard.len() >= self.options.max_cached {
                guard.clear();
            }
            guard.insert(key, cached);
        }
    }
}
