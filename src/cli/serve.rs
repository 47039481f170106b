//! `mizan serve`: the public statistics site.

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use mizan_service::App;
use mizan_web::{Options, WebState};

use super::say;

/// Runs the site on `bind` (default: the settings' `server.bind`) until stopped.
pub fn serve(app: App, bind: Option<&str>, index_ttl_ms: Option<u64>) -> anyhow::Result<ExitCode> {
    let bind = bind.map_or_else(|| app.settings.server.bind.clone(), str::to_owned);
    let workers = app.settings.server.workers;
    let mut options = Options::for_app(&app);
    if let Some(ms) = index_ttl_ms {
        options.index_ttl = Duration::from_millis(ms);
    }
    let framework = options.framework.clone();
    let state = WebState::new(app, options).context("loading the interface messages")?;
    let listener = TcpListener::bind(&bind).with_context(|| format!("listening on {bind}"))?;
    let addr = listener.local_addr()?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        addr.ip().to_string()
    };
    println!(
        "{}",
        say::text(
            "cli-serve-listening",
            &[("framework", &framework), ("address", &addr)],
        )
    );
    let site = format!("http://{host}:{port}/", port = addr.port());
    println!(
        "{}",
        say::text(
            "cli-serve-open",
            &[("site", &site), ("login", &format!("{site}login"))],
        )
    );
    let metrics = match state.app().settings.server.metrics_bind.trim() {
        "" => None,
        at => {
            let m =
                TcpListener::bind(at).with_context(|| format!("listening on {at} (metrics)"))?;
            let url = format!("http://{}/metrics", m.local_addr()?);
            println!("{}", say::text("cli-serve-metrics", &[("url", &url)]));
            Some(m)
        }
    };
    mizan_web::run_blocking(state, listener, metrics, workers).context("running the web server")?;
    Ok(ExitCode::SUCCESS)
}
