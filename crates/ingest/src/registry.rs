//! The registry of institutions: `institutions.csv`.

use std::collections::{BTreeMap, HashMap};

use mizan_core::{
    Attributes, Checked, CountryCode, InstitutionCode, Issue, IssueKind, LegalForm, Period, Place,
    Structure,
};

use crate::csvfile::read_table;
use crate::limits::Limits;

/// One line of `institutions.csv`: an institution's attributes from a period on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRow {
    /// The line it was read from (the header is line 1).
    pub line: u64,
    /// The institution.
    pub code: InstitutionCode,
    /// First period these attributes apply to; `None`: from the beginning.
    pub valid_from: Option<Period>,
    /// The attributes.
    pub attributes: Attributes,
}

const REQUIRED: [&str; 6] = [
    "code",
    "name",
    "legal_form",
    "structure",
    "network_affiliated",
    "collects_deposits",
];
const OPTIONAL: [&str; 5] = ["valid_from", "framework", "owner_group", "country", "art44"];

/// What a registry line that leaves a column empty (or a file without the column) gets: the
/// instance's default framework, and the default country of each framework the platform knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryDefaults {
    /// The framework of a line without one (`apsfd-ci`).
    pub framework: String,
    /// Each known framework with its default country (`None`: a framework of several
    /// countries, whose institutions must say theirs).
    pub countries: BTreeMap<String, Option<CountryCode>>,
}

impl RegistryDefaults {
    /// `framework` for lines without one, and no framework's country yet.
    pub fn new(framework: impl Into<String>) -> Self {
        Self {
            framework: framework.into(),
            countries: BTreeMap::new(),
        }
    }

    /// Adds a known framework with its default country.
    #[must_use]
    pub fn with_framework(mut self, id: impl Into<String>, country: Option<CountryCode>) -> Self {
        self.countries.insert(id.into(), country);
        self
    }
}

/// Reads a boolean as written by people and spreadsheets: `true`/`false`, `vrai`/`faux`,
/// `yes`/`no`, `oui`/`non`, `1`/`0`, in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "vrai" | "yes" | "oui" | "1" => Some(true),
        "false" | "faux" | "no" | "non" | "0" => Some(false),
        _ => None,
    }
}

/// Reads the registry of institutions (`institutions.csv`).
///
/// Columns `code,name,legal_form,structure,network_affiliated,collects_deposits`, optionally
/// `valid_from` (empty: from the beginning), `framework` (empty: `defaults.framework`),
/// `owner_group`, `art44` (a monthly reporter, BCEAO art. 44 SFD: a boolean like the others;
/// empty or absent: `false`, a quarterly reporter) and `country` (ISO 3166-1 alpha-2, in either case; empty or absent: the
/// framework's default country in `defaults.countries`, and a blocking
/// [`IssueKind::MissingCountry`] where a known framework has none; a framework not in
/// `defaults.countries` is the caller's to refuse, and its lines get no country here).
/// Same dialects as the returns file. The same code twice with the same
/// `valid_from` is a blocking [`IssueKind::DuplicateInstitution`]; the same code with different
/// `valid_from` is the history of its attributes. Only the lines without any issue are in the
/// data; every problem is in the issues, with its line and column.
pub fn read_registry(
    bytes: &[u8],
    defaults: &RegistryDefaults,
    limits: &Limits,
) -> Checked<Vec<RegistryRow>> {
    let mut issues = Vec::new();
    let mut bad_lines = Vec::new();
    let Some(table) = read_table(
        bytes,
        limits,
        &REQUIRED,
        &OPTIONAL,
        &mut issues,
        &mut bad_lines,
    ) else {
        return Checked {
            data: Vec::new(),
            issues,
        };
    };
    let col = |name: &str| table.column(name);
    let mut rows = Vec::new();
    let mut seen: HashMap<(InstitutionCode, Option<Period>), Place> = HashMap::new();
    let mut bad = bad_lines.into_iter().map(|b| b.issue).peekable();
    for line in &table.lines {
        while let Some(issue) = bad.next_if(|b| match &b.place {
            Place::Line { line: n, .. } => *n < line.number,
            _ => true,
        }) {
            issues.push(issue);
        }
        let n = line.number;
        let before = issues.len();
        let mut blocking = |column: &str, kind: IssueKind| {
            issues.push(Issue::blocking(Place::line_column(n, column), kind));
        };
        let code_text = line.get(col("code"));
        let code = match InstitutionCode::parse(code_text) {
            Ok(c) => Some(c),
            Err(e) => {
                blocking(
                    "code",
                    if code_text.is_empty() {
                        IssueKind::MissingValue {
                            field: "code".into(),
                        }
                    } else {
                        IssueKind::InvalidCode {
                            value: code_text.to_owned(),
                            reason: e.to_string(),
                        }
                    },
                );
                None
            }
        };
        let name = line.get(col("name"));
        if name.is_empty() {
            blocking(
                "name",
                IssueKind::MissingValue {
                    field: "name".into(),
                },
            );
        } else if mizan_core::limits::too_long(name, mizan_core::limits::NAME_MAX_CHARS) {
            blocking(
                "name",
                IssueKind::TextTooLong {
                    field: "name".into(),
                    max: mizan_core::limits::NAME_MAX_CHARS,
                    found: name.chars().count(),
                },
            );
        }
        let legal_form =
            enum_field::<LegalForm>(line.get(col("legal_form")), "legal_form", &mut blocking);
        let structure =
            enum_field::<Structure>(line.get(col("structure")), "structure", &mut blocking);
        let mut boolean = |column: &str| {
            let text = line.get(col(column));
            let value = parse_bool(text);
            if value.is_none() {
                blocking(
                    column,
                    if text.is_empty() {
                        IssueKind::MissingValue {
                            field: column.into(),
                        }
                    } else {
                        IssueKind::NotABoolean {
                            field: column.into(),
                            value: text.to_owned(),
                        }
                    },
                );
            }
            value
        };
        let network_affiliated = boolean("network_affiliated");
        let collects_deposits = boolean("collects_deposits");
        // Optional: an empty cell or a file without the column is a quarterly reporter.
        let art44 = match line.get(col("art44")) {
            "" => Some(false),
            _ => boolean("art44"),
        };
        let valid_from_text = line.get(col("valid_from"));
        let valid_from = if valid_from_text.is_empty() {
            Some(None)
        } else {
            match Period::parse(valid_from_text) {
                // A version applies from a quarter, the months of a quarter having its attributes.
                Ok(p) if p.is_month() => {
                    blocking(
                        "valid_from",
                        IssueKind::ValidFromMonth {
                            period: p.to_string(),
                            quarter: p.quarter_of().to_string(),
                        },
                    );
                    None
                }
                Ok(p) => Some(Some(p)),
                Err(_) => {
                    blocking(
                        "valid_from",
                        IssueKind::BadPeriod {
                            period: valid_from_text.to_owned(),
                        },
                    );
                    None
                }
            }
        };
        let framework = match line.get(col("framework")) {
            "" => defaults.framework.clone(),
            f => f.to_owned(),
        };
        let country = match line.get(col("country")) {
            "" => match defaults.countries.get(&framework) {
                Some(Some(country)) => Some(Some(*country)),
                Some(None) => {
                    blocking(
                        "country",
                        IssueKind::MissingCountry {
                            field: "country".into(),
                            framework: framework.clone(),
                        },
                    );
                    None
                }
                None => Some(None),
            },
            text => match CountryCode::parse(text) {
                Ok(country) => Some(Some(country)),
                Err(_) => {
                    blocking(
                        "country",
                        IssueKind::BadCountry {
                            field: "country".into(),
                            value: text.to_owned(),
                        },
                    );
                    None
                }
            },
        };
        let owner_group = Some(line.get(col("owner_group")))
            .filter(|g| !g.is_empty())
            .map(str::to_owned);

        if let (Some(code), Some(valid_from)) = (&code, valid_from) {
            let key = (code.clone(), valid_from);
            if let Some(first) = seen.get(&key) {
                issues.push(Issue::blocking(
                    Place::line_column(n, "code"),
                    IssueKind::DuplicateInstitution {
                        first: first.clone(),
                    },
                ));
            } else {
                seen.insert(key, Place::line(n));
            }
        }
        if issues.len() > before && issues[before..].iter().any(Issue::is_blocking) {
            continue;
        }
        if let (
            Some(code),
            Some(valid_from),
            Some(legal_form),
            Some(structure),
            Some(network_affiliated),
            Some(collects_deposits),
            Some(country),
            Some(art44),
        ) = (
            code,
            valid_from,
            legal_form,
            structure,
            network_affiliated,
            collects_deposits,
            country,
            art44,
        ) {
            rows.push(RegistryRow {
                line: n,
                code,
                valid_from,
                attributes: Attributes {
                    name: name.to_owned(),
                    legal_form,
                    structure,
                    network_affiliated,
                    collects_deposits,
                    framework,
                    owner_group,
                    country,
                    art44,
                },
            });
        }
    }
    issues.extend(bad);
    Checked { data: rows, issues }
}

fn enum_field<T>(text: &str, column: &str, blocking: &mut impl FnMut(&str, IssueKind)) -> Option<T>
where
    T: std::str::FromStr<Err = mizan_core::institution::EnumError>,
{
    match text.parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            blocking(
                column,
                if text.is_empty() {
                    IssueKind::MissingValue {
                        field: column.into(),
                    }
                } else {
                    IssueKind::InvalidValue {
                        field: column.into(),
                        value: text.to_owned(),
                        expected: e.expected.trim().replace(' ', ", "),
                    }
                },
            );
            None
        }
    }
}
