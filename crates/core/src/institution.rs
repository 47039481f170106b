//! Institutions of the registry and their attributes over time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codes::InstitutionCode;
use crate::period::Period;

/// Legal form of an institution. Peer groups are defined over legal forms in the framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalForm {
    /// Société anonyme.
    Sa,
    /// Société à responsabilité limitée.
    Sarl,
    /// Mutuelle.
    Mutual,
    /// Coopérative.
    Cooperative,
    /// Association.
    Association,
}

/// Business structure, which selects some norms (crédit direct vs épargne et crédit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// Crédit direct.
    DirectCredit,
    /// Épargne et crédit.
    SavingsCredit,
}

/// A value that is not one of an enumeration's codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a valid {what}; expected one of: {expected}")]
pub struct EnumError {
    /// What was being read.
    pub what: &'static str,
    /// The text read.
    pub value: String,
    /// The accepted codes.
    pub expected: &'static str,
}

macro_rules! enum_codes {
    ($ty:ident, $what:literal, $( $variant:ident => $code:literal ),+ $(,)?) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable code used in files and the database.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }
        }

        impl FromStr for $ty {
            type Err = EnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($code => Ok($ty::$variant),)+
                    _ => Err(EnumError {
                        what: $what,
                        value: s.to_owned(),
                        expected: concat!($($code, " "),+),
                    }),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

enum_codes!(LegalForm, "legal form",
    Sa => "sa", Sarl => "sarl", Mutual => "mutual", Cooperative => "cooperative",
    Association => "association");
enum_codes!(Structure, "structure",
    DirectCredit => "direct_credit", SavingsCredit => "savings_credit");

/// A country, as its ISO 3166-1 alpha-2 code (`CI`, `MA`, `SN`): two ASCII letters, kept in
/// upper case (`ci` in a file reads as `CI`). Whether ISO has assigned the code is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

/// A text that is not two letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a country code; expected the two letters of ISO 3166-1 (CI, MA, SN)")]
pub struct CountryCodeError(pub String);

impl CountryCode {
    /// Reads a code of two ASCII letters in either case (surrounding blanks are ignored).
    pub fn parse(text: &str) -> Result<Self, CountryCodeError> {
        match text.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(CountryCodeError(text.to_owned())),
        }
    }

    /// The code in upper case.
    pub fn as_str(&self) -> &str {
        // Two ASCII letters are always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = CountryCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The attributes of an institution valid from some period on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributes {
    /// Display name (never published in public tables).
    pub name: String,
    /// Legal form.
    pub legal_form: LegalForm,
    /// Structure.
    pub structure: Structure,
    /// A mutual affiliated to a network (faîtière).
    pub network_affiliated: bool,
    /// Collects deposits from the public or its members.
    pub collects_deposits: bool,
    /// The framework the institution reports under (`apsfd-ci`, `bam-mfi`).
    pub framework: String,
    /// Institutions under one owner or network, treated as one contributor by disclosure control.
    pub owner_group: Option<String>,
    /// The country where it operates (ISO 3166-1 alpha-2). A registry file gives it or takes its
    /// framework's default country (`[framework] country`); `None` only for versions recorded
    /// before the registry knew countries whose framework had no default (migration 000012).
    pub country: Option<CountryCode>,
    /// An SFD of art. 44 of the BCEAO's uniform law (deposits or loans outstanding of 2 bn FCFA
    /// at the end of two consecutive years), which reports **monthly** (Instruction
    /// n° 020-12-2010): its returns and tapes are for months (`2024-M03`), and the quarterly
    /// tables take its quarter-end month. `false` (the default): it reports quarterly.
    #[serde(default)]
    pub art44: bool,
}

impl Attributes {
    /// Whether the institution with these attributes reports for `period`'s kind: months for
    /// an art. 44 institution, quarters for the others.
    pub fn reports_for(&self, period: Period) -> bool {
        self.art44 == period.is_month()
    }

    /// Why institution `code` with these attributes cannot send a return or a tape for
    /// `period`, naming what to send instead: an art. 44 institution sends months (the
    /// quarter's last month for a quarter), the others quarters (a month's quarter).
    pub fn period_kind_issue(&self, code: &str, period: Period) -> Option<crate::IssueKind> {
        match (self.art44, period.is_month()) {
            (true, false) => Some(crate::IssueKind::ReportsMonthly {
                institution: code.to_owned(),
                period: period.to_string(),
                instead: period.quarter_end_month().to_string(),
            }),
            (false, true) => Some(crate::IssueKind::ReportsQuarterly {
                institution: code.to_owned(),
                period: period.to_string(),
                instead: period.quarter_of().to_string(),
            }),
            _ => None,
        }
    }
}

/// One version of an institution's attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeVersion {
    /// First period these attributes apply to; `None` means from the beginning.
    pub valid_from: Option<Period>,
    /// The attributes.
    pub attributes: Attributes,
}

/// An institution of the registry with the history of its attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    /// Stable code.
    pub code: InstitutionCode,
    /// Versions ordered by `valid_from` (the `None` version first).
    pub history: Vec<AttributeVersion>,
}

impl Institution {
    /// The attributes in force at `period`, or `None` when the institution was not yet registered.
    /// A version applies from the first day of its `valid_from`: to the months of that quarter too.
    pub fn attributes_at(&self, period: Period) -> Option<&Attributes> {
        self.history
            .iter()
            .rev()
            .find(|v| {
                v.valid_from
                    .is_none_or(|from| period.starts_at_or_after(from))
            })
            .map(|v| &v.attributes)
    }

    /// The latest attributes.
    pub fn current(&self) -> Option<&Attributes> {
        self.history.last().map(|v| &v.attributes)
    }

    /// Adds a version, keeping the history ordered; a version with the same `valid_from` is replaced.
    pub fn add_version(&mut self, version: AttributeVersion) {
        match self
            .history
            .binary_search_by(|v| v.valid_from.cmp(&version.valid_from))
        {
            Ok(i) => self.history[i] = version,
            Err(i) => self.history.insert(i, version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(name: &str, form: LegalForm) -> Attributes {
        Attributes {
            name: name.into(),
            legal_form: form,
            structure: Structure::SavingsCredit,
            network_affiliated: false,
            collects_deposits: true,
            framework: "apsfd-ci".into(),
            owner_group: None,
            country: CountryCode::parse("ci").ok(),
            art44: false,
        }
    }

    #[test]
    fn history_is_read_at_a_period() -> Result<(), Box<dyn std::error::Error>> {
        let mut inst = Institution {
            code: InstitutionCode::parse("MU01")?,
            history: vec![],
        };
        inst.add_version(AttributeVersion {
            valid_from: Some(Period::parse("2017-Q1")?),
            attributes: attrs("SA", LegalForm::Sa),
        });
        inst.add_version(AttributeVersion {
            valid_from: None,
            attributes: attrs("Mutuelle", LegalForm::Mutual),
        });
        let at = |p: &str| -> Result<Option<LegalForm>, Box<dyn std::error::Error>> {
            Ok(inst.attributes_at(Period::parse(p)?).map(|a| a.legal_form))
        };
        assert_eq!(at("2016-Q4")?, Some(LegalForm::Mutual));
        assert_eq!(at("2017-Q1")?, Some(LegalForm::Sa));
        assert_eq!(at("2020-Q3")?, Some(LegalForm::Sa));
        Ok(())
    }

    #[test]
    fn country_codes_are_two_letters_in_upper_case() {
        let read = |t: &str| CountryCode::parse(t).ok().map(|c| c.to_string());
        assert_eq!(read("CI").as_deref(), Some("CI"));
        assert_eq!(read(" ma ").as_deref(), Some("MA"));
        assert_eq!(read("sN").as_deref(), Some("SN"));
        for bad in ["", "C", "CIV", "C1", "12", "É", "ÉÉ", "C I"] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn enum_codes_round_trip() {
        for form in LegalForm::ALL {
            assert_eq!(form.code().parse::<LegalForm>().ok(), Some(*form));
        }
        assert_eq!(" SARL ".parse::<LegalForm>().ok(), Some(LegalForm::Sarl));
        assert!("bank".parse::<LegalForm>().is_err());
        assert_eq!(
            "direct_credit".parse::<Structure>().ok(),
            Some(Structure::DirectCredit)
        );
    }
}
