//! Writes a deterministic synthetic loan tape: `synthetic_tape FILE [ROWS] [SEED] [AS_OF]`
//! (defaults: 1,000,000 rows, seed 42, 2023-06-30).

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: synthetic_tape FILE [ROWS] [SEED] [AS_OF]")?;
    let rows: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(42), |a| a.parse())?;
    let as_of = args.next().unwrap_or_else(|| "2023-06-30".into());
    let as_of = chrono::NaiveDate::parse_from_str(&as_of, "%Y-%m-%d")?;
    let mut w = BufWriter::new(std::fs::File::create(&path)?);
    mizan_ingest::loans::write_synthetic_tape(&mut w, rows, seed, as_of)?;
    w.flush()?;
    Ok(())
}
