//! Stable identifiers: institution codes and the codes of items, totals and indicators.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Empty after trimming.
    #[error("the code is empty")]
    Empty,
    /// Longer than the limit.
    #[error("the code \"{0}\" is longer than 64 characters")]
    TooLong(String),
    /// A character outside the allowed set.
    #[error("the code \"{code}\" contains '{ch}'; {allowed}")]
    BadCharacter {
        /// The code as read.
        code: String,
        /// The first offending character.
        ch: char,
        /// What is allowed.
        allowed: &'static str,
    },
}

const MAX_LEN: usize = 64;

fn check(
    text: &str,
    ok: impl Fn(char) -> bool,
    allowed: &'static str,
) -> Result<String, CodeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CodeError::Empty);
    }
    if text.chars().count() > MAX_LEN {
        return Err(CodeError::TooLong(text.to_owned()));
    }
    if let Some(ch) = text.chars().find(|c| !ok(*c)) {
        return Err(CodeError::BadCharacter {
            code: text.to_owned(),
            ch,
            allowed,
        });
    }
    Ok(text.to_owned())
}

macro_rules! code_type {
    ($(#[$meta:meta])* $name:ident, $ok:expr, $allowed:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps a code (surrounding blanks are ignored).
            pub fn parse(text: &str) -> Result<Self, CodeError> {
                check(text, $ok, $allowed).map(Self)
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

code_type!(
    /// The stable code of an institution in the registry (`SA01`, `MU-03`).
    InstitutionCode,
    |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
    "use letters, digits, '-', '_' and '.'"
);

code_type!(
    /// The code of a return item, a derived total or an indicator (`loans.par30`, `fin.roe`).
    Code,
    |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.'),
    "use lower-case letters, digits, '_' and '.'"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(Code::parse("loans.par30").is_ok());
        assert!(Code::parse("prud.risk_limitation.a").is_ok());
        assert!(Code::parse("Loans.par30").is_err());
        assert!(Code::parse("loans par30").is_err());
        assert_eq!(Code::parse("  "), Err(CodeError::Empty));
        assert!(InstitutionCode::parse("SA01").is_ok());
        assert!(InstitutionCode::parse("MU-03").is_ok());
        assert!(InstitutionCode::parse("MU 03").is_err());
        assert!(InstitutionCode::parse(&"X".repeat(65)).is_err());
    }
}
