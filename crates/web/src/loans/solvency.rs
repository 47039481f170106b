//! The solvency coefficient of a return, line by line.

use mizan_core::{Decimal, Framework, Lang, Period};
use mizan_ratios::solvency::{Cap, Line, SolvencyBreakdown};
use mizan_service::loans::SolvencyReport;

use super::portfolio::group_row;
use super::{Cell, FigureRow, FigureTable, amount, fig, percent};
use crate::i18n::I18n;
use crate::state::WebState;

fn item_label(fw: Option<&Framework>, lang: Lang, line: &Line) -> String {
    let code = line.item.as_str();
    fw.and_then(|f| f.item(code))
        .map_or_else(|| code.to_owned(), |i| i.label.get(lang).to_owned())
}

/// Whether the return gives none of the solvency items (a return fed by a tape alone): there is
/// then nothing to break down.
pub(super) fn reports_no_solvency_item(
    state: &WebState,
    r: &SolvencyReport,
    period: Period,
) -> bool {
    state
        .app()
        .framework(&r.framework, period)
        .ok()
        .and_then(|f| f.solvency.as_ref())
        .is_some_and(|def| r.breakdown.missing.len() >= def.items.len())
}

/// The solvency coefficient of the return `r` of `period`: the verdict, the totals, every line
/// and every cap.
pub(super) fn solvency_view(
    state: &WebState,
    lang: Lang,
    r: &SolvencyReport,
    period: Period,
) -> SolvencyView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let fw = state.app().framework(&r.framework, period).ok();
    let cur = fw.map_or("", |f| f.currency.as_str());
    let b = &r.breakdown;
    let (verdict, verdict_class) = verdict(i18n, lang, b);
    let facts = vec![
        (t("loans-solvency-core-total"), amount(b.core, lang, cur)),
        (
            t("loans-solvency-supplementary-total"),
            amount(b.supplementary.after, lang, cur),
        ),
        (
            t("loans-solvency-deductions-total"),
            amount(b.deducted, lang, cur),
        ),
        (
            t("loans-solvency-own-funds"),
            amount(b.own_funds, lang, cur),
        ),
        (t("loans-solvency-rwa"), amount(b.rwa, lang, cur)),
    ];
    let missing = (!b.missing.is_empty()).then(|| {
        (
            t("loans-solvency-missing"),
            b.missing
                .iter()
                .map(|c| {
                    let code = c.as_str();
                    match fw.and_then(|f| f.item(code)) {
                        Some(i) => format!("{} ({code})", i.label.get(lang)),
                        None => code.to_owned(),
                    }
                })
                .collect(),
        )
    });
    SolvencyView {
        heading: t("loans-solvency-heading"),
        intro: i18n.message(
            lang,
            "loans-solvency-intro",
            &[
                ("version", r.submission.version.to_string()),
                ("source", r.source.clone()),
            ],
        ),
        verdict,
        verdict_class,
        facts,
        lines: lines_table(i18n, lang, fw, b),
        caps: caps_table(i18n, lang, cur, b),
        missing,
    }
}

/// Whether the coefficient meets the minimum, said, and its class.
fn verdict(i18n: &I18n, lang: Lang, b: &SolvencyBreakdown) -> (String, &'static str) {
    let minimum = percent(b.minimum_pct, lang);
    match (b.coefficient_pct, b.meets_minimum) {
        (Some(c), Some(true)) => (
            i18n.message(
                lang,
                "loans-solvency-meets",
                &[("coefficient", percent(c, lang)), ("minimum", minimum)],
            ),
            "meets",
        ),
        (Some(c), _) => (
            i18n.message(
                lang,
                "loans-solvency-fails",
                &[("coefficient", percent(c, lang)), ("minimum", minimum)],
            ),
            "fails",
        ),
        (None, _) => (
            i18n.message(lang, "loans-solvency-none", &[("minimum", minimum)]),
            "unknown",
        ),
    }
}

/// Every line of the coefficient: core own funds and their deductions, supplementary own
/// funds, deductions, own funds, exposures and the risk-weighted assets.
fn lines_table(
    i18n: &I18n,
    lang: Lang,
    fw: Option<&Framework>,
    b: &SolvencyBreakdown,
) -> FigureTable {
    let t = |id: &str| i18n.text(lang, id);
    let cur = fw.map_or("", |f| f.currency.as_str());
    let lines = |rows: &mut Vec<FigureRow>, items: &[Line], share: bool| {
        rows.extend(items.iter().map(|l| line_row(fw, lang, l, share)));
    };
    let mut rows = core_rows(i18n, lang, fw, b);
    rows.push(group_row(t("loans-solvency-supplementary"), 4));
    lines(&mut rows, &b.supplementary_items, true);
    lines(&mut rows, &b.subordinated_items, true);
    rows.push(total_row(
        lang,
        cur,
        t("loans-solvency-supplementary-total"),
        b.supplementary.after,
    ));
    if !b.deductions.is_empty() {
        rows.push(group_row(t("loans-solvency-deductions"), 4));
        lines(&mut rows, &b.deductions, false);
    }
    rows.push(total_row(
        lang,
        cur,
        t("loans-solvency-deductions-total"),
        b.deducted,
    ));
    rows.push(total_row(
        lang,
        cur,
        t("loans-solvency-own-funds"),
        b.own_funds,
    ));
    rows.push(group_row(t("loans-solvency-exposures"), 4));
    lines(&mut rows, &b.exposures, true);
    rows.push(total_row(lang, cur, t("loans-solvency-rwa"), b.rwa));
    FigureTable {
        caption: t("loans-solvency-lines"),
        headings: vec![
            t("loans-col-item"),
            t("loans-col-article"),
            t("loans-col-reported"),
            t("loans-col-share"),
            t("loans-col-counted"),
        ],
        rows,
        class: "solvency",
    }
}

/// The core own funds: their items, the profit, the planned dividends, their deductions and
/// their total.
fn core_rows(
    i18n: &I18n,
    lang: Lang,
    fw: Option<&Framework>,
    b: &SolvencyBreakdown,
) -> Vec<FigureRow> {
    let t = |id: &str| i18n.text(lang, id);
    let cur = fw.map_or("", |f| f.currency.as_str());
    let dash = || Cell::num("—".to_owned());
    let mut rows = vec![group_row(t("loans-solvency-core"), 4)];
    rows.extend(b.core_items.iter().map(|l| line_row(fw, lang, l, false)));
    rows.push(FigureRow {
        label: t("loans-solvency-profit"),
        cells: vec![
            Cell::plain("art. 2 a), 7".to_owned()),
            fig(b.profit, amount(b.profit, lang, cur)),
            dash(),
            fig(b.profit_counted, amount(b.profit_counted, lang, cur)),
        ],
        class: "",
    });
    rows.push(FigureRow {
        label: t("loans-solvency-dividends"),
        cells: vec![
            Cell::plain("art. 7".to_owned()),
            fig(b.planned_dividends, amount(b.planned_dividends, lang, cur)),
            dash(),
            dash(),
        ],
        class: "",
    });
    if !b.core_deductions.is_empty() {
        rows.push(group_row(t("loans-solvency-core-deductions"), 4));
        rows.extend(
            b.core_deductions
                .iter()
                .map(|l| line_row(fw, lang, l, false)),
        );
    }
    rows.push(total_row(lang, cur, t("loans-solvency-core-total"), b.core));
    rows
}

/// A line of the coefficient: its article, the amount reported, the share counted (`share`)
/// and the amount counted.
fn line_row(fw: Option<&Framework>, lang: Lang, l: &Line, share: bool) -> FigureRow {
    let cur = fw.map_or("", |f| f.currency.as_str());
    FigureRow {
        label: item_label(fw, lang, l),
        cells: vec![
            Cell::plain(l.article.clone()),
            fig(l.reported, amount(l.reported, lang, cur)),
            if share {
                Cell::num(percent(l.pct, lang))
            } else {
                Cell::num("—".to_owned())
            },
            fig(l.counted, amount(l.counted, lang, cur)),
        ],
        class: "",
    }
}

/// A total of the coefficient.
fn total_row(lang: Lang, cur: &str, label: String, v: Decimal) -> FigureRow {
    FigureRow {
        label,
        cells: vec![
            Cell::plain(String::new()),
            Cell::plain(String::new()),
            Cell::plain(String::new()),
            Cell::num(amount(v, lang, cur)),
        ],
        class: "total",
    }
}

/// The caps on supplementary own funds: before, limit, counted, whether applied.
fn caps_table(i18n: &I18n, lang: Lang, cur: &str, b: &SolvencyBreakdown) -> FigureTable {
    let t = |id: &str| i18n.text(lang, id);
    let cap_row = |label: String, cap: &Cap| FigureRow {
        label,
        cells: vec![
            Cell::plain(cap.article.to_owned()),
            Cell::num(amount(cap.before, lang, cur)),
            Cell::num(amount(cap.limit, lang, cur)),
            Cell::num(amount(cap.after, lang, cur)),
            if cap.binding() {
                Cell {
                    text: t("loans-cap-applied"),
                    figure: false,
                    class: "binding",
                }
            } else {
                Cell::plain(t("loans-cap-not-applied"))
            },
        ],
        class: if cap.binding() { "binding" } else { "" },
    };
    FigureTable {
        caption: t("loans-solvency-caps"),
        headings: vec![
            t("loans-col-cap"),
            t("loans-col-article"),
            t("loans-col-before"),
            t("loans-col-limit"),
            t("loans-col-counted"),
            t("loans-col-cap-applied"),
        ],
        rows: vec![
            cap_row(t("loans-cap-guarantee-funds"), &b.guarantee_funds),
            cap_row(t("loans-cap-general-provisions"), &b.general_provisions),
            cap_row(t("loans-cap-subordinated"), &b.subordinated),
            cap_row(t("loans-cap-supplementary"), &b.supplementary),
        ],
        class: "caps",
    }
}

// ---------------------------------------------------------------- views

/// The solvency coefficient of the institution's return, with every cap.
#[derive(Debug, Clone)]
pub struct SolvencyView {
    /// Heading.
    pub heading: String,
    /// Which return version, which regulation.
    pub intro: String,
    /// The coefficient against the minimum (a sentence).
    pub verdict: String,
    /// `meets`, `fails`, `unknown`: a class for the badge.
    pub verdict_class: &'static str,
    /// Core funds, supplementary funds counted, deductions, own funds, risk-weighted assets.
    pub facts: Vec<(String, String)>,
    /// Every item as reported and counted.
    pub lines: FigureTable,
    /// The caps: before, limit, counted, whether it bit.
    pub caps: FigureTable,
    /// Items the return does not give (counted as zero): heading and labels.
    pub missing: Option<(String, Vec<String>)>,
}
