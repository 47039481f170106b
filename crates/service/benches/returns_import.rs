//! The whole import of returns through `mizan_service::returns::import_returns`: reading,
//! registry and period checks, validation with the previous quarter, de-duplication, and
//! storing every submission with its values and warnings — on SQLite and on PostgreSQL.
//!
//! 1,000 institutions made from the 21 reporting institutions of the Q1 2016 fixture (each
//! synthetic institution takes the attributes and the figures of one of them), and:
//! - one CSV of their 1,000 returns (62 to 78 lines each, 75,232 in all), imported in one call;
//! - 100 filled-in xlsx templates, imported one by one (a member's upload).
//!
//! Each run uses a fresh database.
//!
//! ```sh
//! cargo bench -p mizan-service --bench returns_import
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p mizan-service --bench returns_import
//! ```
//! `MIZAN_BENCH_INSTITUTIONS` (default 1,000), `MIZAN_BENCH_RUNS` (default 3).
//! `MIZAN_BENCH_WRITE=<dir>` also writes the registry and the returns CSV there
//! (`institutions.csv`, `returns.csv`), for whole-process imports with `mizan import`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use mizan_core::{Code, InstitutionCode, ItemValues, Period};
use mizan_service::returns::{Scope, import_returns};
use mizan_service::settings::Settings;
use mizan_service::{Actor, App};
use mizan_storage::testing::{self, TestDb};

type Res<T> = Result<T, Box<dyn Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The synthetic federation: registry CSV, returns CSV, and each institution's values.
struct Federation {
    registry: String,
    returns: String,
    values: Vec<(InstitutionCode, String, ItemValues)>,
}

fn federation(n: usize) -> Res<Federation> {
    let data = root().join("tests/data/apsfd-ci-2016q1");
    let registry_text = std::fs::read_to_string(data.join("institutions.csv"))?;
    let returns_text = std::fs::read_to_string(data.join("returns.csv"))?;
    let mut header = registry_text.lines();
    let reg_header = header.next().ok_or("empty registry")?;
    let mut templates: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in header {
        let (code, rest) = line.split_once(',').ok_or("bad registry line")?;
        let lines: Vec<(String, String)> = returns_text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f.first() == Some(&code)).then(|| (f[2].to_owned(), f[3].to_owned()))
            })
            .collect();
        if !lines.is_empty() {
            // The name is the second field (it may be quoted but has no comma in the fixture).
            let attrs = rest.split_once(',').map_or("", |(_, a)| a).to_owned();
            templates.push((attrs, lines));
        }
    }
    let mut registry = format!("{reg_header}\n");
    let mut returns = String::from("institution,period,item,value\n");
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let (attrs, lines) = &templates[i % templates.len()];
        let code = format!("B{i:04}");
        let name = format!("Institution {i}");
        registry.push_str(&format!("{code},{name},{attrs}\n"));
        let mut v = ItemValues::new();
        for (item, value) in lines {
            returns.push_str(&format!("{code},2016-Q1,{item},{value}\n"));
            v.insert(Code::parse(item)?, value.parse()?);
        }
        values.push((InstitutionCode::parse(&code)?, name, v));
    }
    Ok(Federation {
        registry,
        returns,
        values,
    })
}

fn platform(db: &TestDb, fed: &Federation) -> Res<App> {
    let settings = Settings::load(&root().join("config"), &BTreeMap::new())?;
    let app = App::with_db(db.db.clone(), settings)?;
    let reg = mizan_service::registry::import_institutions(
        &app,
        fed.registry.as_bytes(),
        "registry.csv",
        &Actor::system(),
    )?;
    if reg.refused() {
        return Err(format!("registry refused: {:?}", reg.issues).into());
    }
    Ok(app)
}

fn bench_backend(
    name: &str,
    make: &dyn Fn() -> Res<TestDb>,
    fed: &Federation,
    workbooks: &[Vec<u8>],
    runs: u64,
) -> Res<()> {
    let mut csv_times = Vec::new();
    let mut xlsx_times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        let db = make()?;
        let app = platform(&db, fed)?;
        let started = Instant::now();
        let report = import_returns(
            &app,
            fed.returns.as_bytes(),
            "returns.csv",
            &Actor::system(),
            &Scope::Any,
        )?;
        csv_times.push(started.elapsed());
        let stored = report.stored().count();
        if stored != fed.values.len() || report.has_refusals() {
            return Err(format!("{stored} stored of {}", fed.values.len()).into());
        }
        drop(app);
        drop(db);
        // The templates, one upload each, on a fresh database.
        let db = make()?;
        let app = platform(&db, fed)?;
        for (k, wb) in workbooks.iter().enumerate() {
            let started = Instant::now();
            let report = import_returns(
                &app,
                wb,
                &format!("template-{k}.xlsx"),
                &Actor::system(),
                &Scope::Any,
            )?;
            xlsx_times.push(started.elapsed());
            if report.stored().count() != 1 {
                return Err(format!("template {k}: {report:?}").into());
            }
        }
    }
    csv_times.sort();
    xlsx_times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {} returns in one CSV, parsed, validated and stored: best {:.0} ms, median {:.0} ms (runs: {})",
        fed.values.len(),
        ms(csv_times[0]),
        ms(csv_times[csv_times.len() / 2]),
        csv_times
            .iter()
            .map(|d| format!("{:.0}", ms(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let median = xlsx_times[xlsx_times.len() / 2];
    let worst = xlsx_times[xlsx_times.len() - 1];
    println!(
        "{name}: {} uploads of a filled-in xlsx template ({} per run): median {:.1} ms, worst {:.1} ms per template",
        xlsx_times.len(),
        workbooks.len(),
        ms(median),
        ms(worst)
    );
    Ok(())
}

fn main() -> Res<()> {
    let n = usize::try_from(env_num("MIZAN_BENCH_INSTITUTIONS", 1_000))?;
    let runs = env_num("MIZAN_BENCH_RUNS", 3).max(1);
    let fed = federation(n)?;
    if let Some(dir) = std::env::var_os("MIZAN_BENCH_WRITE") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("institutions.csv"), &fed.registry)?;
        std::fs::write(dir.join("returns.csv"), &fed.returns)?;
        println!(
            "wrote institutions.csv and returns.csv to {}",
            dir.display()
        );
    }
    let frameworks = mizan_core::Frameworks::load_dir(&root().join("config/frameworks"))?;
    let period = Period::parse("2016-Q1")?;
    let fw = frameworks.get("apsfd-ci", period)?;
    let workbooks: Vec<Vec<u8>> = fed
        .values
        .iter()
        .take(100)
        .map(|(code, name, values)| {
            mizan_ingest::write_template(
                fw,
                period,
                Some((code, name.as_str())),
                Some(values),
                &mizan_ingest::TemplateTexts::new(mizan_core::Lang::Fr, |t| format!("{t:?}")),
            )
            .map_err(Into::into)
        })
        .collect::<Res<_>>()?;
    println!(
        "returns import with storage: {n} institutions, {:.1} MB of CSV, {} templates, {runs} run(s) per backend",
        fed.returns.len() as f64 / 1e6,
        workbooks.len()
    );
    bench_backend("sqlite", &|| Ok(testing::sqlite()?), &fed, &workbooks, runs)?;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            bench_backend(
                "postgres",
                &|| Ok(testing::postgres(&url)?),
                &fed,
                &workbooks,
                runs,
            )?;
        }
        _ => println!("postgres: skipped (set TEST_DATABASE_URL=postgres://…)"),
    }
    Ok(())
}
