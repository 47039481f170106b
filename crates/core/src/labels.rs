//! Languages of the platform and labels given in each of them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language of the platform. French is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
    /// العربية (written right to left).
    Ar,
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::En, Lang::Ar];

    /// The language's name in English, for messages to whoever writes configuration.
    pub fn english_name(self) -> &'static str {
        match self {
            Self::Fr => "French",
            Self::En => "English",
            Self::Ar => "Arabic",
        }
    }

    /// BCP 47 tag (`fr`, `en`, `ar`).
    pub fn tag(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
            Self::Ar => "ar",
        }
    }

    /// Whether the script runs right to left.
    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Self::Fr),
            "en" => Ok(Self::En),
            "ar" => Ok(Self::Ar),
            other => Err(format!("unknown language \"{other}\"; use fr, en or ar")),
        }
    }
}

/// A text given in French and, where translated, in English and Arabic.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// French (required).
    pub fr: String,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Arabic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
}

impl Labels {
    /// A French-only label.
    pub fn fr(text: impl Into<String>) -> Self {
        Self {
            fr: text.into(),
            en: None,
            ar: None,
        }
    }

    /// The text in `lang`, falling back to French when it is not translated.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => self.en.as_deref().unwrap_or(&self.fr),
            Lang::Ar => self.ar.as_deref().unwrap_or(&self.fr),
        }
    }

    /// Whether every language has its own text.
    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }

    /// The languages without a text of their own (empty or blank), in [`Lang::ALL`] order.
    pub fn missing(&self) -> Vec<Lang> {
        let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
        Lang::ALL
            .into_iter()
            .filter(|lang| match lang {
                Lang::Fr => blank(Some(&self.fr)),
                Lang::En => blank(self.en.as_deref()),
                Lang::Ar => blank(self.ar.as_deref()),
            })
            .collect()
    }
}
