//! Interface texts in French, English and Arabic, with Project Fluent (`fluent-bundle`).
//!
//! The messages are in `crates/web/locales/<lang>/` (`main.ftl` for the public site,
//! `space.ftl` for the signed-in side, `staff.ftl` for staff's pages, `issues.ftl` for validation issues, `loans.ftl` for loan tapes, `cli.ftl` for the command
//! line's own lines), compiled into the
//! binary as one text per language; a test
//! checks that every message exists in all three languages. Labels of the framework
//! (indicators, norms, peer groups) are not here: they come from the framework's
//! configuration. The language of a request is, in order: the `lang` query parameter, the
//! `mizan_lang` cookie (set by the language switch, `/lang/{code}`), the `Accept-Language`
//! header, French.

use std::collections::BTreeSet;

use actix_web::HttpRequest;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use mizan_core::Lang;

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "mizan_lang";

/// The messages of one language: its files, one after the other.
macro_rules! messages {
    ($lang:literal) => {
        concat!(
            include_str!(concat!("../locales/", $lang, "/main.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/space.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/staff.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/issues.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/loans.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/refusals.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/audit.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/mail.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/cli.ftl")),
        )
    };
}

/// The message texts, by language.
pub const SOURCES: [(Lang, &str); 3] = [
    (Lang::Fr, messages!("fr")),
    (Lang::En, messages!("en")),
    (Lang::Ar, messages!("ar")),
];

/// A message file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("messages of {lang}: {message}")]
pub struct I18nError {
    /// The language.
    pub lang: Lang,
    /// What is wrong.
    pub message: String,
}

/// The interface messages of the three languages.
pub struct I18n {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").finish_non_exhaustive()
    }
}

/// The ids of the messages of one `.ftl` text.
pub fn message_ids(source: &str) -> Result<BTreeSet<String>, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok(resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect())
}

/// U+2066 LEFT-TO-RIGHT ISOLATE.
pub const LRI: char = '\u{2066}';
/// U+2069 POP DIRECTIONAL ISOLATE.
pub const PDI: char = '\u{2069}';

/// An argument of a right-to-left message that holds digits, no right-to-left letter and a
/// sign or punctuation that the bidirectional algorithm moves (a signed figure `-3`, a
/// percentage, a cell address `'Non financier'!D17`, a period `2016-Q1`), wrapped in a
/// left-to-right isolate: inside Arabic prose the sign would otherwise go to the other end
/// (`3-`) and the address break around its `!`. A plain number (`1.850.679`) or a code
/// (`MU01`) reads the same either way and is left as it is. Texts that an element lays out
/// already (a figure in `<bdi dir="ltr">`) do not go through messages.
pub fn isolate_figure(value: &str) -> String {
    let rtl_letter = |c: char| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}');
    let moved = |c: char| matches!(c, '-' | '\u{2212}' | '+' | '%' | '!' | '\'' | '/' | ':');
    if value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(moved)
        && !value.chars().any(rtl_letter)
    {
        format!("{LRI}{value}{PDI}")
    } else {
        value.to_owned()
    }
}

impl I18n {
    /// Loads the compiled-in messages; a message file that does not parse is an error.
    pub fn load() -> Result<Self, I18nError> {
        let mut bundles = Vec::new();
        for (lang, source) in SOURCES {
            let err = |message: String| I18nError { lang, message };
            let resource = FluentResource::try_new(source.to_owned())
                .map_err(|(_, errors)| err(format!("{errors:?}")))?;
            let id = lang
                .tag()
                .parse::<unic_langid::LanguageIdentifier>()
                .map_err(|e| err(e.to_string()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Bidirectional isolation is done by the HTML (`<bdi>`, `dir`), not by invisible
            // characters inside the texts.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| err(format!("{errors:?}")))?;
            bundles.push((lang, bundle));
        }
        Ok(Self { bundles })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// The message `id` in `lang` with its arguments; the id itself when it is missing (the
    /// test of the message files makes that a bug caught before release).
    pub fn message(&self, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
        self.message_counted(lang, id, args, None)
    }

    /// [`Self::message`] with one whole-number argument besides the texts, for the message to
    /// choose its plural form (`{ $whole -> [one] point *[other] points }`).
    pub fn message_counted(
        &self,
        lang: Lang,
        id: &str,
        args: &[(&str, String)],
        count: Option<(&str, i64)>,
    ) -> String {
        let Some(bundle) = self.bundle(lang) else {
            return id.to_owned();
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = lang.tag(), "missing interface message");
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = if lang == Lang::Ar {
                isolate_figure(value)
            } else {
                value.clone()
            };
            fluent_args.set(*name, FluentValue::from(value));
        }
        if let Some((name, n)) = count {
            fluent_args.set(name, FluentValue::from(n));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(
            pattern,
            (!args.is_empty() || count.is_some()).then_some(&fluent_args),
            &mut errors,
        );
        if !errors.is_empty() {
            tracing::warn!(id, lang = lang.tag(), ?errors, "interface message errors");
        }
        text.into_owned()
    }

    /// Whether `lang` has the message `id` (with a value).
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang)
            .and_then(|b| b.get_message(id))
            .is_some_and(|m| m.value().is_some())
    }

    /// The message `id` in `lang`, without arguments.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.message(lang, id, &[])
    }
}

fn parse_lang(s: &str) -> Option<Lang> {
    s.parse().ok()
}

/// The language of a request: `?lang=`, then the cookie, then `Accept-Language`, then French.
pub fn request_lang(req: &HttpRequest) -> Lang {
    if let Some(lang) = req
        .query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(parse_lang)
    {
        return lang;
    }
    if let Some(lang) = req.cookie(LANG_COOKIE).and_then(|c| parse_lang(c.value())) {
        return lang;
    }
    accept_language(
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
}

/// The first of our languages in an `Accept-Language` header (by order; weights are rarely
/// anything but decreasing), French when none.
pub fn accept_language(header: &str) -> Lang {
    header
        .split(',')
        .filter_map(|part| {
            let tag = part.split(';').next()?.trim();
            let primary = tag.split('-').next()?;
            parse_lang(primary)
        })
        .next()
        .unwrap_or_default()
}
