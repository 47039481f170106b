//! What the templates receive: view structs with every text already in the page's language
//! and every figure already formatted. Templates only lay them out (and escape them).

use askama::Template;
use mizan_core::Lang;

use crate::http::BUILD_TAG;
use crate::state::WebState;

/// A link.
#[derive(Debug, Clone)]
pub struct Link {
    /// Where.
    pub href: String,
    /// Text.
    pub label: String,
    /// Whether it is the page (or choice) shown.
    pub current: bool,
    /// The language of the label (language switch).
    pub tag: &'static str,
}

impl Link {
    /// A link.
    pub fn new(href: impl Into<String>, label: impl Into<String>, current: bool) -> Self {
        Self {
            href: href.into(),
            label: label.into(),
            current,
            tag: "",
        }
    }
}

/// Percent-encodes a query value (everything but unreserved characters and `/`).
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The query string without its `lang` parameter.
fn without_lang(query: &str) -> String {
    query
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

/// The frame of every page.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `fr`, `en`, `ar`.
    pub lang: &'static str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The page's title.
    pub title: String,
    /// The site's name.
    pub site: String,
    /// Main navigation.
    pub nav: Vec<Link>,
    /// The language switch.
    pub langs: Vec<Link>,
    /// Label of the language switch.
    pub langs_label: String,
    /// Label of the main navigation.
    pub nav_label: String,
    /// "Skip to content".
    pub skip: String,
    /// Footer text.
    pub footer: String,
    /// The style sheet's URL (with the build tag).
    pub css: String,
}

impl Layout {
    /// The frame of a page at `path` (and `query`) in `lang`.
    pub fn new(state: &WebState, lang: Lang, title: &str, path: &str, query: &str) -> Self {
        let i18n = state.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let section = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        let nav = vec![
            Link::new("/", t("nav-home"), path == "/" || section("/periods")),
            Link::new("/indicators", t("nav-indicators"), section("/indicators")),
            Link::new(
                "/methodology",
                t("nav-methodology"),
                section("/methodology"),
            ),
            Link::new("/api/docs", t("nav-api"), section("/api/docs")),
            Link::new(
                "/space",
                t("nav-space"),
                section("/space") || section("/staff") || section("/account"),
            ),
        ];
        let rest = without_lang(query);
        let next = if rest.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{rest}")
        };
        let langs = Lang::ALL
            .iter()
            .map(|&l| Link {
                href: format!("/lang/{}?next={}", l.tag(), encode_query(&next)),
                label: i18n.text(l, "lang-name"),
                current: l == lang,
                tag: l.tag(),
            })
            .collect();
        Self {
            lang: lang.tag(),
            dir: if lang.is_rtl() { "rtl" } else { "ltr" },
            title: title.to_owned(),
            site: t("site-title"),
            nav,
            langs,
            langs_label: t("lang-switch"),
            nav_label: t("nav-label"),
            skip: t("skip-to-content"),
            footer: t("footer-text"),
            css: format!("/static/mizan.css?v={}", *BUILD_TAG),
        }
    }
}

/// An error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Frame.
    pub page: Layout,
    /// Title.
    pub title: String,
    /// Explanation.
    pub text: String,
    /// "Back to the published bulletins".
    pub back: String,
    /// HTTP status.
    pub status: u16,
    /// "Request reference:".
    pub request_label: String,
    /// The request id (empty outside the request log).
    pub request_id: String,
}

/// One published quarter in the list.
#[derive(Debug, Clone)]
pub struct QuarterView {
    /// `T1 2016`.
    pub label: String,
    /// The bulletin.
    pub href: String,
    /// "révision 2".
    pub revision: String,
    /// When the current revision was published.
    pub published: String,
    /// Its note.
    pub note: Option<String>,
    /// The revision history, when there is more than one revision.
    pub revisions_href: Option<String>,
    /// Downloads.
    pub downloads: Vec<Link>,
}

/// The list of published quarters.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// Frame.
    pub page: Layout,
    /// Introduction.
    pub intro: String,
    /// Quarters, newest first.
    pub quarters: Vec<QuarterView>,
    /// Shown when nothing is published.
    pub empty: String,
    /// Column headers.
    pub headers: Vec<String>,
}

/// A figure of the bulletin.
#[derive(Debug, Clone)]
pub struct CellView {
    /// The formatted figure (`4,41 %`), `S/O`, or empty when suppressed.
    pub value: String,
    /// Withheld by disclosure control.
    pub suppressed: bool,
    /// `n = 10`.
    pub n: String,
    /// `3 conformes`, where the row has a norm.
    pub compliant: Option<String>,
}

/// A line of a bulletin table.
#[derive(Debug, Clone)]
pub struct LineView {
    /// A heading line (`1 Indicateurs de qualité du portefeuille`).
    pub heading: bool,
    /// `indicator`, `component`.
    pub class: &'static str,
    /// `1.1`.
    pub number: String,
    /// Label.
    pub label: String,
    /// The indicator's page.
    pub href: Option<String>,
    /// Norm.
    pub norm: String,
    /// Number of the indicator's note.
    pub note: Option<usize>,
    /// Figures, one per column.
    pub cells: Vec<CellView>,
}

/// A section of the bulletin (`I. Indicateurs financiers`).
#[derive(Debug, Clone)]
pub struct SectionView {
    /// `I`.
    pub number: String,
    /// Title.
    pub label: String,
    /// Whether a norms column is shown.
    pub has_norms: bool,
    /// Lines.
    pub lines: Vec<LineView>,
    /// Columns span of a heading line.
    pub span: usize,
}

/// The footnote of a column: who reported.
#[derive(Debug, Clone)]
pub struct GroupView {
    /// "Au niveau des Sociétés anonymes (10 reçus / 11 attendus) :".
    pub title: String,
    /// Names in order of reception.
    pub names: Vec<String>,
}

/// A numbered note.
#[derive(Debug, Clone)]
pub struct NoteView {
    /// Number.
    pub number: usize,
    /// Text.
    pub text: String,
}

/// A quarter's bulletin.
#[derive(Template)]
#[template(path = "bulletin.html")]
pub struct BulletinPage {
    /// Frame.
    pub page: Layout,
    /// Title.
    pub heading: String,
    /// "publié le … (révision 2)".
    pub published: String,
    /// The revision's note.
    pub note: Option<String>,
    /// Label of the note.
    pub note_label: String,
    /// When this revision is superseded: the notice and the current revision's link.
    pub superseded: Option<Link>,
    /// Revision history link.
    pub revisions: Link,
    /// Label of the method switch.
    pub method_label: String,
    /// The three methods.
    pub methods: Vec<Link>,
    /// Label of the country selector.
    pub country_label: String,
    /// The zone and each country of a zone's table (empty for a one-country framework).
    pub countries: Vec<Link>,
    /// The chosen method explained.
    pub method_help: String,
    /// Column headers: number, indicator, norms, then the groups.
    pub col_number: String,
    /// Indicator column.
    pub col_indicator: String,
    /// Norms column.
    pub col_norms: String,
    /// Group columns.
    pub columns: Vec<String>,
    /// The quarter, under each column header (`T1 2016`).
    pub period_label: String,
    /// Sections.
    pub sections: Vec<SectionView>,
    /// Who reported, per group.
    pub groups: Vec<GroupView>,
    /// Introduction to the list of reporting institutions.
    pub groups_intro: String,
    /// Notes of indicators.
    pub notes: Vec<NoteView>,
    /// Legend of n, the compliance count, S/O and the suppression symbol.
    pub legend: Vec<String>,
    /// Suppression symbol and its title.
    pub suppressed_symbol: String,
    /// Its explanation.
    pub suppressed_title: String,
    /// Downloads label.
    pub downloads_label: String,
    /// Downloads.
    pub downloads: Vec<Link>,
}

/// One revision in the history.
#[derive(Debug, Clone)]
pub struct RevisionView {
    /// "Révision 2".
    pub label: String,
    /// Its bulletin.
    pub href: String,
    /// When.
    pub published: String,
    /// Current or superseded.
    pub status: String,
    /// Whether it is the current one.
    pub current: bool,
    /// Its note.
    pub note: String,
}

/// The revision history of a quarter.
#[derive(Template)]
#[template(path = "revisions.html")]
pub struct RevisionsPage {
    /// Frame.
    pub page: Layout,
    /// Title.
    pub heading: String,
    /// Headers.
    pub headers: Vec<String>,
    /// Revisions, newest first.
    pub revisions: Vec<RevisionView>,
    /// Back to the bulletin.
    pub back: Link,
}

/// A group of indicators in the index.
#[derive(Debug, Clone)]
pub struct IndicatorGroup {
    /// Title.
    pub title: String,
    /// Indicators.
    pub items: Vec<Link>,
}

/// The list of indicators.
#[derive(Template)]
#[template(path = "indicators.html")]
pub struct IndicatorsPage {
    /// Frame.
    pub page: Layout,
    /// Introduction.
    pub intro: String,
    /// By section and heading.
    pub groups: Vec<IndicatorGroup>,
}

/// One quarter of a series.
#[derive(Debug, Clone)]
pub struct SeriesRow {
    /// The quarter (`T1 2016`).
    pub period: String,
    /// Its bulletin.
    pub href: String,
    /// Figures, one per column.
    pub cells: Vec<CellView>,
}

/// An indicator's page: its time series.
#[derive(Template)]
#[template(path = "indicator.html")]
pub struct IndicatorPage {
    /// Frame.
    pub page: Layout,
    /// Title (the indicator's label).
    pub heading: String,
    /// Code, formula, norm, method: (label, text).
    pub facts: Vec<(String, String)>,
    /// Method switch.
    pub method_label: String,
    /// Methods.
    pub methods: Vec<Link>,
    /// Label of the country selector.
    pub country_label: String,
    /// The zone and each country of a zone's tables (empty for a one-country framework).
    pub countries: Vec<Link>,
    /// Chart URL.
    pub chart: String,
    /// Chart's text alternative.
    pub chart_alt: String,
    /// Column headers (quarter, groups).
    pub headers: Vec<String>,
    /// Rows, oldest first.
    pub rows: Vec<SeriesRow>,
    /// Shown when no quarter has the indicator.
    pub empty: String,
    /// Title of the summary in words.
    pub said_title: String,
    /// The latest quarter in words, per column: (column, sentences).
    pub said: Vec<(String, String)>,
    /// Downloads (CSV and JSON series).
    pub downloads: Vec<Link>,
    /// Suppression symbol.
    pub suppressed_symbol: String,
    /// Its explanation.
    pub suppressed_title: String,
}

/// A line of the methodology's indicator table.
#[derive(Debug, Clone)]
pub struct MethodRow {
    /// `1.1`.
    pub number: String,
    /// Label.
    pub label: String,
    /// The indicator's page.
    pub href: String,
    /// Code.
    pub code: String,
    /// Formula.
    pub formula: String,
    /// Norm(s).
    pub norm: String,
    /// Published method.
    pub method: String,
    /// Display.
    pub display: String,
}

/// A titled paragraph.
#[derive(Debug, Clone)]
pub struct Para {
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
}

/// The methodology, from the framework's configuration.
#[derive(Template)]
#[template(path = "methodology.html")]
pub struct MethodologyPage {
    /// Frame.
    pub page: Layout,
    /// Introduction.
    pub intro: String,
    /// Consolidation methods.
    pub methods_title: String,
    /// The methods explained.
    pub methods: Vec<Para>,
    /// Peer groups.
    pub groups_title: String,
    /// Each group and its legal forms.
    pub groups: Vec<Para>,
    /// Derived values.
    pub derived_title: String,
    /// Each derived value and its formula.
    pub derived: Vec<Para>,
    /// Indicators.
    pub indicators_title: String,
    /// Table headers.
    pub headers: Vec<String>,
    /// Indicators by section.
    pub sections: Vec<(String, Vec<MethodRow>)>,
    /// Rounding, numbers, suppression, revisions.
    pub rules: Vec<Para>,
    /// The open API: title, text and the link to its page.
    pub api: (String, String, Link),
    /// SDMX for statistics offices: title, explanation, and the structure and latest data.
    pub sdmx: (Para, Vec<Link>),
}
