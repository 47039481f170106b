//! The portfolio of a stored tape: its outputs by class, borrower kind, zone and licence, with
//! each class's provision base.

use mizan_core::framework::{ClassificationDef, Span};
use mizan_core::loan::{BorrowerKind, Zone};
use mizan_core::{Decimal, InstitutionCode, Lang, Period};
use mizan_service::accounts::Session;
use mizan_storage::loan_tapes::LoanTapeRecord;
use mizan_storage::users::Role;

use super::{
    Cell, FigureRow, FigureTable, InForce, Metrics, amount, class_label, fig, issue_headings,
    issue_row, kind_label, licence_label, percent, ratio_pct, whole, zone_label,
};
use crate::format;
use crate::i18n::I18n;
use crate::space_views::IssueRow;
use crate::state::WebState;
use crate::views::Link;

pub(super) fn group_row(label: String, cells: usize) -> FigureRow {
    FigureRow {
        label,
        cells: vec![Cell::plain(String::new()); cells],
        class: "group",
    }
}

/// The table of a split (by borrower kind or zone), with its caption and first column's
/// heading: count, outstanding, PAR, its ratio, provisions, for the groups with loans.
fn split_table(
    i18n: &I18n,
    lang: Lang,
    cur: &str,
    m: &Metrics,
    (caption, first_column): (String, String),
    par: u32,
    groups: Vec<(String, String)>,
) -> FigureTable {
    let t = |id: &str| i18n.text(lang, id);
    let days = [("days", par.to_string())];
    let headings = vec![
        first_column,
        t("loans-col-count"),
        t("loans-col-outstanding"),
        i18n.message(lang, "loans-col-par-amount", &days),
        i18n.message(lang, "loans-col-par-ratio", &days),
        t("loans-col-provision"),
    ];
    let rows = groups
        .into_iter()
        .filter_map(|(prefix, label)| {
            let count = m.get(&format!("{prefix}.count"))?;
            let outstanding = m.or_zero(&format!("{prefix}.outstanding"));
            let par_amount = m.or_zero(&format!("{prefix}.par{par}.amount"));
            let provision = m.or_zero(&format!("{prefix}.provision"));
            let ratio = m.get(&format!("{prefix}.par{par}.ratio_pct"));
            Some(FigureRow {
                label,
                cells: vec![
                    fig(count, whole(count, lang)),
                    fig(outstanding, amount(outstanding, lang, cur)),
                    fig(par_amount, amount(par_amount, lang, cur)),
                    ratio.map_or_else(
                        || Cell::num(t("loans-not-applicable")),
                        |r| fig(r, percent(r, lang)),
                    ),
                    fig(provision, amount(provision, lang, cur)),
                ],
                class: "",
            })
        })
        .collect();
    FigureTable {
        caption,
        headings,
        rows,
        class: "split",
    }
}

/// The portfolio of the tape in force in `period`: headline figures, by class, portfolio at
/// risk, by borrower kind and zone, migration from the previous quarter's tape, warnings,
/// downloads.
pub(super) fn portfolio_view(
    state: &WebState,
    lang: Lang,
    current: &InForce,
    period: Period,
    session: &Session,
) -> PortfolioView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let tape = &current.tape;
    let fw = state.app().framework(&tape.framework, period).ok();
    let def = fw.and_then(|f| f.classification.as_ref());
    let cur = fw.map_or("", |f| f.currency.as_str());
    let m = Metrics::parse(&tape.metrics);
    let as_of = format::date(tape.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n);
    let (by_kind, by_zone) = split_tables(i18n, lang, cur, &m);
    let (migration, migration_note) = migration_table(i18n, lang, &m, current, &as_of);
    let code = &tape.institution;
    PortfolioView {
        heading: i18n.message(lang, "loans-portfolio-heading", &[("date", as_of.clone())]),
        intro: portfolio_intro(i18n, lang, current),
        facts: headline_facts(i18n, lang, cur, &m, tape, def, as_of),
        by_class: class_table(i18n, lang, cur, &m, current, def),
        rules: def.map(|d| rules_note(i18n, lang, d)),
        par: par_table(i18n, lang, cur, &m),
        by_kind,
        by_zone,
        by_vintage: vintage_table(i18n, lang, cur, &m),
        imposed_heading: t("loans-imposed-heading"),
        imposed_note: t("loans-imposed-note"),
        imposed_headings: vec![
            t("loans-imposed-col-loan"),
            t("loans-imposed-col-class"),
            t("loans-imposed-col-reason"),
            t("loans-col-by"),
            t("loans-imposed-col-when"),
        ],
        imposed: current
            .imposed
            .iter()
            .map(|c| {
                vec![
                    c.loan_id.clone(),
                    class_label(i18n, lang, usize::from(c.class)),
                    c.reason.clone(),
                    c.set_by.clone(),
                    format::datetime(c.set_at, lang, i18n),
                ]
            })
            .collect(),
        impose: (session.principal.role == Role::Staff)
            .then(|| impose_form(i18n, lang, session, &tape.institution, period, def)),
        migration,
        migration_note,
        warnings_heading: i18n.message(
            lang,
            "loans-warnings-stored",
            &[("n", format::count(tape.warnings.len(), lang))],
        ),
        warnings: tape
            .warnings
            .iter()
            .map(|i| issue_row(i18n, lang, i))
            .collect(),
        issue_headings: issue_headings(i18n, lang),
        downloads: vec![
            Link::new(
                format!("/space/institutions/{code}/loans/{period}/loans.csv"),
                t("loans-download-loans"),
                false,
            ),
            Link::new(
                format!("/space/institutions/{code}/loans/{period}/portfolio.csv"),
                t("loans-download-portfolio"),
                false,
            ),
        ],
    }
}

/// By class: the provisioning rate, count, outstanding, provision base, provision, and
/// provision over base; then the total.
fn class_table(
    i18n: &I18n,
    lang: Lang,
    cur: &str,
    m: &Metrics,
    current: &InForce,
    def: Option<&ClassificationDef>,
) -> FigureTable {
    let t = |id: &str| i18n.text(lang, id);
    let na = || Cell::num(t("loans-not-applicable"));
    let mut rows = Vec::new();
    let mut base_total = Decimal::ZERO;
    for k in 0..m.classes() {
        let count = m.or_zero(&format!("count.class{k}"));
        let outstanding = m.or_zero(&format!("outstanding.class{k}"));
        let provision = m.or_zero(&format!("provision.class{k}"));
        let base = current
            .bases
            .as_ref()
            .map(|b| b.get(k).copied().unwrap_or(Decimal::ZERO));
        if let Some(b) = base {
            base_total += b;
        }
        let rate = def
            .and_then(|d| d.classes.iter().find(|c| usize::from(c.class) == k))
            .map(|c| c.provision_pct);
        rows.push(FigureRow {
            label: class_label(i18n, lang, k),
            cells: vec![
                rate.map_or_else(na, |r| Cell::num(percent(r, lang))),
                fig(count, whole(count, lang)),
                fig(outstanding, amount(outstanding, lang, cur)),
                base.map_or_else(na, |b| fig(b, amount(b, lang, cur))),
                fig(provision, amount(provision, lang, cur)),
                base.and_then(|b| ratio_pct(provision, b))
                    .map_or_else(na, |r| Cell::num(percent(r, lang))),
            ],
            class: "",
        });
    }
    let total_provision = m.or_zero("provision.total");
    let base_total = current.bases.as_ref().map(|_| base_total);
    rows.push(FigureRow {
        label: t("loans-total"),
        cells: vec![
            Cell::plain(String::new()),
            Cell::num(whole(m.or_zero("count.total"), lang)),
            Cell::num(amount(m.or_zero("outstanding.total"), lang, cur)),
            base_total.map_or_else(na, |b| Cell::num(amount(b, lang, cur))),
            Cell::num(amount(total_provision, lang, cur)),
            base_total
                .and_then(|b| ratio_pct(total_provision, b))
                .map_or_else(na, |r| Cell::num(percent(r, lang))),
        ],
        class: "total",
    });
    FigureTable {
        caption: t("loans-by-class"),
        headings: vec![
            t("loans-col-class"),
            t("loans-col-rate"),
            t("loans-col-count"),
            t("loans-col-outstanding"),
            t("loans-col-base"),
            t("loans-col-provision-required"),
            t("loans-col-provision-over-base"),
        ],
        rows,
        class: "classes",
    }
}

/// Portfolio at risk, by threshold.
fn par_table(i18n: &I18n, lang: Lang, cur: &str, m: &Metrics) -> FigureTable {
    let t = |id: &str| i18n.text(lang, id);
    let na = || Cell::num(t("loans-not-applicable"));
    FigureTable {
        caption: t("loans-par"),
        headings: vec![
            t("loans-col-threshold"),
            t("loans-col-outstanding"),
            t("loans-col-share-of-portfolio"),
        ],
        rows: m
            .par_days()
            .iter()
            .map(|d| {
                let a = m.or_zero(&format!("par{d}.amount"));
                FigureRow {
                    label: i18n.message(lang, "loans-par-label", &[("days", d.to_string())]),
                    cells: vec![
                        fig(a, amount(a, lang, cur)),
                        m.get(&format!("par{d}.ratio_pct"))
                            .map_or_else(na, |r| fig(r, percent(r, lang))),
                    ],
                    class: "",
                }
            })
            .collect(),
        class: "par",
    }
}

/// By borrower kind and by zone, at the first portfolio-at-risk threshold.
fn split_tables(i18n: &I18n, lang: Lang, cur: &str, m: &Metrics) -> (FigureTable, FigureTable) {
    let t = |id: &str| i18n.text(lang, id);
    let first_par = m.par_days().first().copied().unwrap_or(30);
    let kinds = BorrowerKind::ALL
        .iter()
        .map(|k| {
            (
                format!("borrower_kind.{}", k.code()),
                kind_label(i18n, lang, *k),
            )
        })
        .collect();
    let zones = Zone::ALL
        .iter()
        .map(|z| Some(*z))
        .chain([None])
        .map(|z| {
            (
                format!("zone.{}", z.map_or("unspecified", Zone::code)),
                zone_label(i18n, lang, z),
            )
        })
        .collect();
    (
        split_table(
            i18n,
            lang,
            cur,
            m,
            (t("loans-by-kind"), t("loans-col-borrower-kind")),
            first_par,
            kinds,
        ),
        split_table(
            i18n,
            lang,
            cur,
            m,
            (t("loans-by-zone"), t("loans-col-zone")),
            first_par,
            zones,
        ),
    )
}

/// Staff's form to impose a loan's class for the quarter (art. 21).
fn impose_form(
    i18n: &I18n,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    period: Period,
    def: Option<&ClassificationDef>,
) -> ImposeFormView {
    let t = |id: &str| i18n.text(lang, id);
    let max = def.map_or(0, ClassificationDef::max_class);
    ImposeFormView {
        action: format!("/staff/institutions/{code}/loans/{period}/imposed"),
        csrf: session.csrf_token.clone(),
        legend: t("loans-impose-legend"),
        loan_label: t("loans-imposed-col-loan"),
        class_label: t("loans-imposed-col-class"),
        reason_label: t("loans-imposed-col-reason"),
        submit: t("loans-impose-submit"),
        classes: (0..=max)
            .map(|k| (k.to_string(), class_label(i18n, lang, usize::from(k))))
            .collect(),
    }
}

/// Doubtful loans (classes 1 and above) and their provisions by year of disbursement
/// (art. 19: "les créances en souffrance générées par les crédits distribués au cours de chaque
/// exercice"), from the `vintage.YYYY.doubtful.*` outputs; `None` when there are none (no
/// doubtful loan, or a tape stored before these outputs).
fn vintage_table(i18n: &I18n, lang: Lang, cur: &str, m: &Metrics) -> Option<FigureTable> {
    let t = |id: &str| i18n.text(lang, id);
    let years = m.vintage_years();
    if years.is_empty() {
        return None;
    }
    let mut total = [Decimal::ZERO; 3];
    let mut rows: Vec<FigureRow> = years
        .iter()
        .map(|year| {
            let v = ["count", "outstanding", "provision"]
                .map(|k| m.or_zero(&format!("vintage.{year}.doubtful.{k}")));
            for (s, x) in total.iter_mut().zip(v) {
                *s += x;
            }
            FigureRow {
                label: year.clone(),
                cells: vec![
                    fig(v[0], whole(v[0], lang)),
                    fig(v[1], amount(v[1], lang, cur)),
                    fig(v[2], amount(v[2], lang, cur)),
                ],
                class: "",
            }
        })
        .collect();
    rows.push(FigureRow {
        label: t("loans-total"),
        cells: vec![
            Cell::num(whole(total[0], lang)),
            Cell::num(amount(total[1], lang, cur)),
            Cell::num(amount(total[2], lang, cur)),
        ],
        class: "total",
    });
    Some(FigureTable {
        caption: t("loans-by-vintage"),
        headings: vec![
            t("loans-col-vintage"),
            t("loans-col-count"),
            t("loans-col-outstanding"),
            t("loans-col-provision"),
        ],
        rows,
        class: "vintages",
    })
}

/// Migration between classes since the previous quarter's tape (or why there is none), and
/// its note.
fn migration_table(
    i18n: &I18n,
    lang: Lang,
    m: &Metrics,
    current: &InForce,
    as_of: &str,
) -> (Option<FigureTable>, String) {
    let t = |id: &str| i18n.text(lang, id);
    let Some(prev) = &current.previous else {
        return if current.tape.previous_tape_id.is_some() {
            (None, t("loans-migration-previous-missing"))
        } else {
            (None, t("loans-migration-none"))
        };
    };
    let classes = m.classes();
    let prev_date = format::date(prev.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n);
    let mut headings = vec![t("loans-migration-corner")];
    headings.extend((0..classes).map(|k| class_label(i18n, lang, k)));
    headings.push(t("loans-migration-exit"));
    headings.push(t("loans-total"));
    let rows = std::iter::once(None)
        .chain((0..classes).map(Some))
        .map(|from| {
            let from_key = from.map_or_else(|| "new".to_owned(), |k| k.to_string());
            let mut cells = Vec::new();
            let mut sum = Decimal::ZERO;
            for to in (0..classes)
                .map(|k| k.to_string())
                .chain(["exit".to_owned()])
            {
                let n = m.or_zero(&format!("migration.{from_key}.{to}"));
                sum += n;
                cells.push(fig(n, whole(n, lang)));
            }
            cells.push(fig(sum, whole(sum, lang)));
            FigureRow {
                label: from
                    .map_or_else(|| t("loans-migration-new"), |k| class_label(i18n, lang, k)),
                cells,
                class: "",
            }
        })
        .collect();
    let table = FigureTable {
        caption: t("loans-migration"),
        headings,
        rows,
        class: "migration",
    };
    let note = i18n.message(
        lang,
        "loans-migration-note",
        &[("previous", prev_date), ("date", as_of.to_owned())],
    );
    (Some(table), note)
}

/// The headline figures of a tape.
fn headline_facts(
    i18n: &I18n,
    lang: Lang,
    cur: &str,
    m: &Metrics,
    tape: &LoanTapeRecord,
    def: Option<&ClassificationDef>,
    as_of: String,
) -> Vec<(String, String)> {
    let t = |id: &str| i18n.text(lang, id);
    let irrecoverable = i18n.message(
        lang,
        "loans-irrecoverable-value",
        &[
            ("count", whole(m.or_zero("irrecoverable.count"), lang)),
            (
                "amount",
                amount(m.or_zero("irrecoverable.amount"), lang, cur),
            ),
        ],
    );
    // Art. 17: irrecoverable at a past year end and still on the tape (tapes stored before this
    // output have no line: nothing is said).
    let not_written_off = m.get("not_written_off.count").map(|count| {
        (
            t("loans-fact-not-written-off"),
            i18n.message(
                lang,
                "loans-irrecoverable-value",
                &[
                    ("count", whole(count, lang)),
                    (
                        "amount",
                        amount(m.or_zero("not_written_off.amount"), lang, cur),
                    ),
                ],
            ),
        )
    });
    let mut facts = vec![
        (t("loans-fact-as-of"), as_of),
        (
            t("loans-fact-licence"),
            licence_label(i18n, lang, &tape.licence, def),
        ),
        (t("loans-fact-loans"), whole(m.or_zero("count.total"), lang)),
        (
            t("loans-fact-outstanding"),
            amount(m.or_zero("outstanding.total"), lang, cur),
        ),
        (
            t("loans-fact-doubtful"),
            amount(m.or_zero("doubtful.outstanding"), lang, cur),
        ),
        (
            t("loans-fact-provisions"),
            amount(m.or_zero("provision.total"), lang, cur),
        ),
        (
            t("loans-fact-coverage"),
            m.get("coverage_pct")
                .map_or_else(|| t("loans-not-applicable"), |c| percent(c, lang)),
        ),
        (t("loans-fact-irrecoverable"), irrecoverable),
    ];
    facts.extend(not_written_off);
    facts
}

/// "Classes under RCSFD: class 1, arrears of more than 3 months, at least 40 % of the base; …":
/// the rule file read for people, so that a page needs no manual.
fn rules_note(i18n: &I18n, lang: Lang, def: &ClassificationDef) -> String {
    let span = |s: Span| match s {
        Span::Days(n) => i18n.message(lang, "loans-span-days", &[("n", n.to_string())]),
        Span::Months(n) => i18n.message(lang, "loans-span-months", &[("n", n.to_string())]),
    };
    let mut parts: Vec<String> = def
        .classes
        .iter()
        .filter_map(|c| {
            let more_than = c.more_than?;
            Some(i18n.message(
                lang,
                "loans-rule-class",
                &[
                    ("class", c.class.to_string()),
                    ("span", span(more_than)),
                    ("rate", percent(c.provision_pct, lang)),
                ],
            ))
        })
        .collect();
    if let Some(after) = def.irrecoverable_after {
        parts.push(i18n.message(lang, "loans-rule-irrecoverable", &[("span", span(after))]));
    }
    i18n.message(
        lang,
        "loans-rules",
        &[
            ("source", def.source.clone()),
            ("rules", parts.join(&i18n.text(lang, "list-separator"))),
        ],
    )
}

/// Which tape is in force (version, file, when received), and the previous quarter's tape.
fn portfolio_intro(i18n: &I18n, lang: Lang, current: &InForce) -> String {
    let tape = &current.tape;
    let previous = match &current.previous {
        Some(p) => i18n.message(
            lang,
            "loans-portfolio-previous",
            &[
                ("version", p.version.to_string()),
                ("period", format::period(p.period, lang, i18n)),
            ],
        ),
        None => i18n.text(lang, "loans-portfolio-no-previous"),
    };
    format!(
        "{} {previous}",
        i18n.message(
            lang,
            "loans-portfolio-intro",
            &[
                ("version", tape.version.to_string()),
                ("file", tape.source_name.clone()),
                ("received", format::datetime(tape.received_at, lang, i18n)),
            ],
        )
    )
}

// ---------------------------------------------------------------- views

/// The portfolio of a stored tape.
#[derive(Debug, Clone)]
pub struct PortfolioView {
    /// Heading (`Portfolio at 30 June 2023`).
    pub heading: String,
    /// Which tape, which previous quarter-end.
    pub intro: String,
    /// Headline figures (label, value).
    pub facts: Vec<(String, String)>,
    /// By class: count, outstanding, provision base, rate, required provision.
    pub by_class: FigureTable,
    /// The classes of the rules in force, from the framework's rule file (what each class means
    /// in days or calendar months, its rate, the irrecoverable threshold).
    pub rules: Option<String>,
    /// Portfolio at risk by threshold.
    pub par: FigureTable,
    /// By borrower kind.
    pub by_kind: FigureTable,
    /// By zone.
    pub by_zone: FigureTable,
    /// Doubtful loans and their provisions by year of disbursement (art. 19), when the tape's
    /// outputs have them.
    pub by_vintage: Option<FigureTable>,
    /// "Classes imposed by the supervisor (art. 21)".
    pub imposed_heading: String,
    /// What an imposed class does.
    pub imposed_note: String,
    /// Column headings of the imposed classes.
    pub imposed_headings: Vec<String>,
    /// The classes imposed for the quarter: loan, class, reason, by, when.
    pub imposed: Vec<Vec<String>>,
    /// Staff's form to impose a class.
    pub impose: Option<ImposeFormView>,
    /// The class migration matrix from the previous quarter-end, when there is one.
    pub migration: Option<FigureTable>,
    /// What the matrix reads like, or why there is none.
    pub migration_note: String,
    /// The tape's stored warnings.
    pub warnings: Vec<IssueRow>,
    /// "N warnings stored with the tape".
    pub warnings_heading: String,
    /// Column headings of the warnings.
    pub issue_headings: Vec<String>,
    /// Downloads (per-loan results, portfolio outputs).
    pub downloads: Vec<Link>,
}

/// Staff's form to impose a loan's class for the quarter (art. 21).
#[derive(Debug, Clone)]
pub struct ImposeFormView {
    /// Where it posts.
    pub action: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// The form's legend.
    pub legend: String,
    /// Label of the loan id.
    pub loan_label: String,
    /// Label of the class.
    pub class_label: String,
    /// Label of the reason.
    pub reason_label: String,
    /// The button.
    pub submit: String,
    /// The classes offered: (value, label).
    pub classes: Vec<(String, String)>,
}
