//! The `mizan` command line.

fn main() -> anyhow::Result<()> {
    Ok(())
}
