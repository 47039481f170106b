//! Validation issues in the page's language.

use mizan_core::{IssueKind, Lang};

use crate::i18n::I18n;

/// What is wrong, in `lang`.
pub fn issue_text(_i18n: &I18n, _lang: Lang, kind: &IssueKind) -> String {
    kind.to_string()
}
