use mizan_core::Period;
use mizan_ratios::{consolidate, protect};

use crate::TestResult;
use crate::fixture::{apsfd, returns};

#[test]
fn probe() -> TestResult {
    let period = Period::parse("2016-Q1")?;
    let fw = apsfd()?;
    let table = consolidate(&fw, period, &returns(period)?)?;
    let t = std::time::Instant::now();
    let result = protect(&fw, &table, &[])?;
    println!("took {:?}", t.elapsed());
    for c in result.suppressed() {
        let r: Vec<String> = c.reasons.iter().map(|r| r.to_string()).collect();
        println!("{} {} {} {}", c.row, c.group, c.method, r.join("; "));
    }
    println!("unprotected {:?}", result.unprotected);
    for i in &result.intervals {
        println!("{i:?}");
    }
    Ok(())
}
