//! Integration tests of the ingestion crate: CSV dialects, the registry, validation of returns
//! against the shipped framework, the Excel template round trip, loan tapes, and bad input of
//! every kind.

mod bad_input;
mod bceao;
mod csv_returns;
mod fixture;
mod loans;
mod memory;
mod people;
mod props;
mod registry;
mod template;
mod validate;
mod xlsx;

use std::path::PathBuf;

use mizan_core::framework::FrameworkError;
use mizan_core::{Framework, Frameworks, Issue};

/// Counts the bytes allocated, for the peaks measured in [`memory`].
#[global_allocator]
static ALLOC: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn apsfd() -> Result<Framework, FrameworkError> {
    Framework::from_file(&repo_path("config/frameworks/apsfd-ci.toml"))
}

/// The APSFD-CI framework without its check of the currency's unit: the exactness tests write
/// amounts with cents in every cell to show that nothing is rounded on the way, which in francs
/// CFA (no subunit) would be a warning on every cell (`validate::units_and_signs` tests that).
fn apsfd_exact() -> Result<Framework, FrameworkError> {
    let mut fw = apsfd()?;
    fw.currency_decimals = None;
    Ok(fw)
}

fn frameworks() -> Result<Frameworks, FrameworkError> {
    Frameworks::load_dir(&repo_path("config/frameworks"))
}

/// Issues rendered as `severity place: item: message`, for assertions.
fn render(issues: &[Issue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| format!("{} {i}", i.severity))
        .collect()
}

/// Issues as `code@place`, for compact assertions.
fn codes(issues: &[Issue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| format!("{}@{}", i.code(), i.place))
        .collect()
}

/// The template's own texts in `lang`, as a caller words them (the platform's are in the web's
/// messages): the cover's name in the language, every other text its kind and language, so
/// that a test sees where each went.
pub(crate) fn texts(lang: mizan_core::Lang) -> mizan_ingest::TemplateTexts<'static> {
    use mizan_core::Lang;
    use mizan_ingest::TemplateText;
    mizan_ingest::TemplateTexts::new(lang, move |which| match (lang, which) {
        (Lang::Fr, TemplateText::CoverSheet) => "Couverture".into(),
        (Lang::En, TemplateText::CoverSheet) => "Cover".into(),
        (Lang::Ar, TemplateText::CoverSheet) => "الغلاف".into(),
        (_, other) => format!("{lang}: {other:?}"),
    })
}

/// The template's texts in French.
pub(crate) fn french() -> mizan_ingest::TemplateTexts<'static> {
    texts(mizan_core::Lang::Fr)
}
