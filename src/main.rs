//! The `mizan` command line: thin commands over the use cases of `mizan-service`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MIZAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
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
                eprintln!("error: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}
