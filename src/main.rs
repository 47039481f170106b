//! The `mizan` command line: thin commands over the use cases of `mizan-service`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::say::init(args.lang);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MIZAN_LOG")
                // Warnings, and the one line per request of `mizan serve` (the request log).
                .unwrap_or_else(|_| {
                    tracing_subscriber::EnvFilter::new("warn,mizan_web::request=info")
                }),
        )
        .with_writer(std::io::stderr)
        .init();
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
