//! The `mizan` command line: thin commands over the use cases of `mizan-service`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::say::init(args.lang);
    let filter = tracing_subscriber::EnvFilter::try_from_env("MIZAN_LOG")
        // Warnings, and the one line per request of `mizan serve` (the request log).
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,mizan_web::request=info"));
    // `MIZAN_LOG_FORMAT=json`: one JSON object per line (for a log collector), with the
    // request's span (its id) on every event.
    let json = std::env::var("MIZAN_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        log.json().with_current_span(true).init();
    } else {
        log.init();
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            #[expect(
                clippy::print_stderr,
                reason = "the command line reports its errors on stderr"
            )]
            {
                eprintln!("{}", cli::say::error(&e));
            }
            ExitCode::from(2)
        }
    }
}
