//! Test data: the APSFD framework, the Q1 2016 fixture returns and small hand-made returns.

use std::collections::BTreeMap;
use std::path::PathBuf;

use mizan_core::{
    Attributes, Code, Decimal, Framework, InstitutionCode, ItemValues, LegalForm, Period, Structure,
};
use mizan_ratios::InstitutionReturn;

pub type Error = Box<dyn std::error::Error>;

/// The workspace root (tests must not depend on anything outside the repository).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn apsfd() -> Result<Framework, Error> {
    Ok(Framework::from_file(
        &root().join("config/frameworks/apsfd-ci.toml"),
    )?)
}

pub fn dec(text: &str) -> Result<Decimal, Error> {
    Ok(Decimal::from_str_exact(text)?)
}

pub fn attrs(legal_form: LegalForm, structure: Structure) -> Attributes {
    Attributes {
        name: "Test".into(),
        legal_form,
        structure,
        network_affiliated: false,
        collects_deposits: true,
        framework: "apsfd-ci".into(),
        owner_group: None,
        country: None,
        art44: false,
    }
}

/// Item values written `code=value code=value` (`loans.par30=5 loans.outstanding=100`).
pub fn items(spec: &str) -> Result<ItemValues, Error> {
    spec.split_whitespace()
        .map(|pair| {
            let (c, v) = pair.split_once('=').ok_or(format!("{pair}: no '='"))?;
            Ok((Code::parse(c)?, dec(v)?))
        })
        .collect()
}

pub fn ret(code: &str, attributes: Attributes, values: &str) -> Result<InstitutionReturn, Error> {
    Ok(InstitutionReturn {
        code: InstitutionCode::parse(code)?,
        attributes,
        values: items(values)?,
        previous: None,
    })
}

/// Splits a plain CSV line (the fixture files have no quoted fields; refuse any).
fn fields(line: &str, path: &str) -> Result<Vec<String>, Error> {
    if line.contains('"') {
        return Err(format!("{path}: quoted fields are not expected: {line}").into());
    }
    Ok(line.split(',').map(|f| f.trim().to_owned()).collect())
}

fn read(rel: &str) -> Result<(String, Vec<Vec<String>>), Error> {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path)?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().ok_or(format!("{rel}: empty"))?.to_owned();
    let rows = lines.map(|l| fields(l, rel)).collect::<Result<_, _>>()?;
    Ok((header, rows))
}

/// The registry of the fixture.
pub fn institutions() -> Result<BTreeMap<InstitutionCode, Attributes>, Error> {
    let (header, rows) = read("tests/data/apsfd-ci-2016q1/institutions.csv")?;
    if header != "code,name,legal_form,structure,network_affiliated,collects_deposits" {
        return Err(format!("unexpected header {header}").into());
    }
    rows.into_iter()
        .map(|f| {
            let [code, name, form, structure, network, deposits] = f.as_slice() else {
                return Err(format!("institutions.csv: {f:?} has not 6 fields").into());
            };
            Ok((
                InstitutionCode::parse(code)?,
                Attributes {
                    name: name.clone(),
                    legal_form: form.parse()?,
                    structure: structure.parse()?,
                    network_affiliated: network.parse()?,
                    collects_deposits: deposits.parse()?,
                    framework: "apsfd-ci".into(),
                    owner_group: None,
                    country: None,
                    art44: false,
                },
            ))
        })
        .collect()
}

/// The fixture's returns of `period`.
pub fn returns(period: Period) -> Result<Vec<InstitutionReturn>, Error> {
    let registry = institutions()?;
    let (header, rows) = read("tests/data/apsfd-ci-2016q1/returns.csv")?;
    if header != "institution,period,item,value" {
        return Err(format!("unexpected header {header}").into());
    }
    let mut by_inst: BTreeMap<InstitutionCode, ItemValues> = BTreeMap::new();
    for f in rows {
        let [inst, p, item, value] = f.as_slice() else {
            return Err(format!("returns.csv: {f:?} has not 4 fields").into());
        };
        if Period::parse(p)? != period {
            continue;
        }
        let values = by_inst.entry(InstitutionCode::parse(inst)?).or_default();
        if values.insert(Code::parse(item)?, dec(value)?).is_some() {
            return Err(format!("returns.csv: {inst} {item} given twice").into());
        }
    }
    by_inst
        .into_iter()
        .map(|(code, values)| {
            let attributes = registry
                .get(&code)
                .cloned()
                .ok_or(format!("{code} is not in institutions.csv"))?;
            Ok(InstitutionReturn {
                code,
                attributes,
                values,
                previous: None,
            })
        })
        .collect()
}
