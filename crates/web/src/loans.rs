//! Loan tapes (Bank Al-Maghrib framework): upload, classification and portfolio pages for an
//! institution and for staff.
//!
//! | route | what |
//! |---|---|
//! | `GET /space/institutions/{code}/loans?period=P` | the quarter's stored tapes, the upload form, the portfolio of the tape in force, the solvency coefficient of the return |
//! | `POST /space/institutions/{code}/loans` | upload (multipart: `csrf`, `period`, `file`) → the import report; 422 when refused (nothing stored) |
//! | `GET /space/institutions/{code}/loans/{period}/loans.csv` | every loan's class, provision base, provision, irrecoverable flag and reasons |
//! | `GET /space/institutions/{code}/loans/{period}/portfolio.csv` | the portfolio outputs (`metric,value`) |
//!
//! Who: the institution's members and staff, decided by the loan use cases themselves, which
//! take the person asking (`Principal::actor`); anyone else gets 403, anonymous visitors are sent
//! to sign in. The use cases run in `web::block`, and so does reading the upload's form.
//!
//! The portfolio shown is the one stored with the tape (`metric,value`, the exports' figures);
//! the provision base of each class is summed from the stored per-loan results, read whole
//! through [`write_loans`] (the same bytes as the per-loan export).

use std::io::Write;

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use mizan_core::framework::{ClassificationDef, DisplayKind};
use mizan_core::loan::{BorrowerKind, Zone};
use mizan_core::{Decimal, Framework, InstitutionCode, Issue, Lang, Period, Place, Severity};
use mizan_ratios::solvency::{Cap, Line};
use mizan_service::accounts::Session;
use mizan_service::loans::{
    LoanImportReport, LoanOutcome, ReturnFeed, SolvencyReport, export_loans, export_portfolio,
    import_loans, loan_tapes, solvency_of, write_loans,
};
use mizan_service::{ServiceError, member};
use mizan_storage::loan_tapes::LoanTapeRecord;
use mizan_storage::users::Role;
use serde::Deserialize;

use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::issue_text;
use crate::loans_views::{
    Cell, FigureRow, FigureTable, PortfolioView, SolvencyView, TapeReportPage, TapeRow, TapesPage,
};
use crate::pages::parse_period;
use crate::private::{SignedUpload, TAPE_UPLOAD, blocking, collecting, download, parse_code};
use crate::space_views::{FormLabels, Frame, IssueRow, MessagePage, layout, private_page};
use crate::state::WebState;
use crate::views::Link;

crate::routing::route_table! {
    GET "/space/institutions/{code}/loans" => tapes,
    POST "/space/institutions/{code}/loans" => upload,
    GET "/space/institutions/{code}/loans/{period}/loans.csv" => loans_csv,
    GET "/space/institutions/{code}/loans/{period}/portfolio.csv" => portfolio_csv,
}

/// Quarters offered by the period picker, back from the one being collected.
const QUARTERS: usize = 8;

/// The quarters of the period picker: the last [`QUARTERS`] that have ended, and the one asked
/// for; newest first.
fn quarters(today: NaiveDate, asked: Option<Period>) -> Vec<Period> {
    let mut out: Vec<Period> =
        std::iter::successors(Some(collecting(today)), |p| Some(p.previous()))
            .take(QUARTERS)
            .collect();
    if let Some(a) = asked
        && !out.contains(&a)
    {
        out.push(a);
    }
    out.sort_by(|a, b| b.cmp(a));
    out
}

/// The menu entry of the frame: a member's institution, staff's institutions.
fn menu_path(session: &Session) -> &'static str {
    match session.principal.role {
        Role::Staff => "/staff/institutions",
        _ => "/space",
    }
}

// ---- figures ----------------------------------------------------------------------------

/// An amount as stored (exact), with at least two decimals, in `lang`.
fn amount(d: Decimal, lang: Lang) -> String {
    let mut d = d.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    format::decimal(d, lang)
}

/// A percentage (two decimals, half away from zero) in `lang`.
fn percent(d: Decimal, lang: Lang) -> String {
    format::figure(DisplayKind::Percent, d, lang)
}

/// A whole count in `lang`.
fn whole(d: Decimal, lang: Lang) -> String {
    format::decimal(d.normalize(), lang)
}

fn count_u64(n: u64, lang: Lang) -> String {
    format::decimal(Decimal::from(n), lang)
}

/// `part` over `whole` in percent; none when `whole` is zero.
fn ratio_pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

/// A figure cell, dimmed when zero.
fn fig(value: Decimal, text: String) -> Cell {
    if value.is_zero() {
        Cell::zero(text)
    } else {
        Cell::num(text)
    }
}

/// The portfolio outputs stored with a tape (`metric,value`), in their order.
struct Metrics(Vec<(String, Decimal)>);

impl Metrics {
    fn parse(csv: &str) -> Self {
        Self(
            csv.lines()
                .skip(1)
                .filter_map(|l| {
                    let (k, v) = l.split_once(',')?;
                    Some((k.to_owned(), Decimal::from_str_exact(v.trim()).ok()?))
                })
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<Decimal> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    fn or_zero(&self, key: &str) -> Decimal {
        self.get(key).unwrap_or(Decimal::ZERO)
    }

    /// Number of classes (`count.class0` … `count.classK`).
    fn classes(&self) -> usize {
        (0..=u8::MAX as usize)
            .take_while(|k| self.get(&format!("count.class{k}")).is_some())
            .count()
    }

    /// The PAR thresholds, in days, in their order.
    fn par_days(&self) -> Vec<u32> {
        self.0
            .iter()
            .filter_map(|(k, _)| {
                k.strip_prefix("par")?
                    .strip_suffix(".amount")?
                    .parse::<u32>()
                    .ok()
            })
            .collect()
    }
}

/// Sums the provision base of every class from the per-loan export
/// (`loan_id,class,provision_base,provision,irrecoverable,reasons`) as it is written, so that
/// a tape of a million loans is never held whole in memory.
#[derive(Debug, Default)]
struct BaseSums {
    pending: Vec<u8>,
    header_read: bool,
    by_class: Vec<Decimal>,
    damaged: bool,
}

impl BaseSums {
    fn line(&mut self, line: &[u8]) {
        if !self.header_read {
            self.header_read = true;
            return;
        }
        if line.is_empty() {
            return;
        }
        let Ok(text) = std::str::from_utf8(line) else {
            self.damaged = true;
            return;
        };
        // The id may be quoted and hold commas: read the fields from the end.
        let mut fields = text.rsplitn(5, ',');
        let _reasons = fields.next();
        let _irrecoverable = fields.next();
        let _provision = fields.next();
        let base = fields.next().and_then(|b| Decimal::from_str_exact(b).ok());
        let class = fields
            .next()
            .and_then(|head| head.rsplit(',').next())
            .and_then(|c| c.parse::<u8>().ok())
            .map(usize::from);
        match (class, base) {
            (Some(class), Some(base)) => {
                if self.by_class.len() <= class {
                    self.by_class.resize(class + 1, Decimal::ZERO);
                }
                match self.by_class.get(class).and_then(|s| s.checked_add(base)) {
                    Some(sum) => self.by_class[class] = sum,
                    None => self.damaged = true,
                }
            }
            _ => self.damaged = true,
        }
    }

    /// The sums by class, unless a line could not be read.
    fn finish(mut self) -> Option<Vec<Decimal>> {
        let rest = std::mem::take(&mut self.pending);
        self.line(&rest);
        if self.damaged {
            tracing::warn!("a stored loan result could not be read: provision bases not shown");
            None
        } else {
            Some(self.by_class)
        }
    }
}

impl Write for BaseSums {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = memchr::memrchr(b'\n', &self.pending) {
            let done: Vec<u8> = self.pending.drain(..=end).collect();
            for line in done.split(|b| *b == b'\n') {
                if !line.is_empty() {
                    self.line(line);
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The tape in force for (institution, period), the provision base of each of its classes and
/// the tape its previous quarter-end classification came from.
struct InForce {
    tape: LoanTapeRecord,
    bases: Option<Vec<Decimal>>,
    previous: Option<LoanTapeRecord>,
}

fn in_force(
    app: &mizan_service::App,
    who: &mizan_service::Actor,
    code: &InstitutionCode,
    period: Period,
) -> Result<Option<InForce>, ServiceError> {
    let mut sums = BaseSums::default();
    let tape = match write_loans(app, who, code, period, &mut sums) {
        Ok(t) => t,
        Err(ServiceError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let previous = match tape.previous_tape_id {
        Some(id) => loan_tapes(app, who, code, period.previous())?
            .into_iter()
            .find(|t| t.id == id),
        None => None,
    };
    Ok(Some(InForce {
        tape,
        bases: sums.finish(),
        previous,
    }))
}

// ---- texts --------------------------------------------------------------------------------

fn class_label(i18n: &I18n, lang: Lang, class: usize) -> String {
    if class == 0 {
        i18n.text(lang, "loans-class-healthy")
    } else {
        i18n.message(lang, "loans-class", &[("class", class.to_string())])
    }
}

fn kind_label(i18n: &I18n, lang: Lang, kind: BorrowerKind) -> String {
    match kind {
        BorrowerKind::Man => i18n.text(lang, "loans-kind-man"),
        BorrowerKind::Woman => i18n.text(lang, "loans-kind-woman"),
        BorrowerKind::LegalEntity => i18n.text(lang, "loans-kind-legal-entity"),
    }
}

fn zone_label(i18n: &I18n, lang: Lang, zone: Option<Zone>) -> String {
    match zone {
        Some(Zone::Urban) => i18n.text(lang, "loans-zone-urban"),
        Some(Zone::Periurban) => i18n.text(lang, "loans-zone-periurban"),
        Some(Zone::Rural) => i18n.text(lang, "loans-zone-rural"),
        Some(Zone::Mobile) => i18n.text(lang, "loans-zone-mobile"),
        None => i18n.text(lang, "loans-zone-unspecified"),
    }
}

fn licence_label(i18n: &I18n, lang: Lang, code: &str, def: Option<&ClassificationDef>) -> String {
    match code {
        "credit_institution" => i18n.text(lang, "loans-licence-credit-institution"),
        "association" => i18n.text(lang, "loans-licence-association"),
        other => def
            .and_then(|d| d.licences.iter().find(|l| l.code == other))
            .map_or_else(|| other.to_owned(), |l| l.label.get(lang).to_owned()),
    }
}

/// Where an issue is, in the page's language (`line 12, column loan_id`, `Prêts!G3`).
fn place_text(i18n: &I18n, lang: Lang, place: &Place) -> String {
    match place {
        Place::Line { line, column: None } => {
            i18n.message(lang, "loans-place-line", &[("line", line.to_string())])
        }
        Place::Line {
            line,
            column: Some(c),
        } => i18n.message(
            lang,
            "loans-place-line-column",
            &[("line", line.to_string()), ("column", c.clone())],
        ),
        Place::File => i18n.text(lang, "loans-place-file"),
        Place::Return => i18n.text(lang, "loans-place-return"),
        other => other.to_string(),
    }
}

fn issue_row(i18n: &I18n, lang: Lang, issue: &Issue) -> IssueRow {
    let (severity, class) = match issue.severity {
        Severity::Blocking => (i18n.text(lang, "loans-severity-blocking"), "blocking"),
        Severity::Warning => (i18n.text(lang, "loans-severity-warning"), "warning"),
    };
    IssueRow {
        severity_class: class,
        severity,
        place: place_text(i18n, lang, &issue.place),
        item: issue.item.clone().unwrap_or_default(),
        message: issue_text(i18n, lang, &issue.kind),
    }
}

fn issue_headings(i18n: &I18n, lang: Lang) -> Vec<String> {
    vec![
        i18n.text(lang, "loans-col-severity"),
        i18n.text(lang, "loans-col-place"),
        i18n.text(lang, "loans-col-column"),
        i18n.text(lang, "loans-col-problem"),
    ]
}

// ---- the portfolio ------------------------------------------------------------------------

fn group_row(label: String, cells: usize) -> FigureRow {
    FigureRow {
        label,
        cells: vec![Cell::plain(String::new()); cells],
        class: "group",
    }
}

/// The table of a split (by borrower kind or zone): count, outstanding, PAR, its ratio,
/// provisions, for the groups with loans.
fn split_table(
    i18n: &I18n,
    lang: Lang,
    m: &Metrics,
    caption: String,
    first_column: String,
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
                    fig(outstanding, amount(outstanding, lang)),
                    fig(par_amount, amount(par_amount, lang)),
                    ratio.map_or_else(
                        || Cell::num(t("loans-not-applicable")),
                        |r| fig(r, percent(r, lang)),
                    ),
                    fig(provision, amount(provision, lang)),
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

/// The portfolio of the tape in force, from the outputs stored with it.
fn portfolio_view(
    state: &WebState,
    lang: Lang,
    current: &InForce,
    period: Period,
) -> PortfolioView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let tape = &current.tape;
    let def = state
        .app()
        .framework(&tape.framework, period)
        .ok()
        .and_then(|f| f.classification.as_ref());
    let m = Metrics::parse(&tape.metrics);
    let as_of = format::date(tape.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n);
    let na = || Cell::num(t("loans-not-applicable"));

    // By class.
    let classes = m.classes();
    let mut rows = Vec::new();
    let mut base_total = Decimal::ZERO;
    for k in 0..classes {
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
                fig(outstanding, amount(outstanding, lang)),
                base.map_or_else(na, |b| fig(b, amount(b, lang))),
                fig(provision, amount(provision, lang)),
                base.and_then(|b| ratio_pct(provision, b))
                    .map_or_else(na, |r| Cell::num(percent(r, lang))),
            ],
            class: "",
        });
    }
    let total_provision = m.or_zero("provision.total");
    let total_count = m.or_zero("count.total");
    let total_outstanding = m.or_zero("outstanding.total");
    let base_total = current.bases.as_ref().map(|_| base_total);
    rows.push(FigureRow {
        label: t("loans-total"),
        cells: vec![
            Cell::plain(String::new()),
            Cell::num(whole(total_count, lang)),
            Cell::num(amount(total_outstanding, lang)),
            base_total.map_or_else(na, |b| Cell::num(amount(b, lang))),
            Cell::num(amount(total_provision, lang)),
            base_total
                .and_then(|b| ratio_pct(total_provision, b))
                .map_or_else(na, |r| Cell::num(percent(r, lang))),
        ],
        class: "total",
    });
    let by_class = FigureTable {
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
    };

    // Portfolio at risk.
    let par_days = m.par_days();
    let par = FigureTable {
        caption: t("loans-par"),
        headings: vec![
            t("loans-col-threshold"),
            t("loans-col-outstanding"),
            t("loans-col-share-of-portfolio"),
        ],
        rows: par_days
            .iter()
            .map(|d| {
                let a = m.or_zero(&format!("par{d}.amount"));
                FigureRow {
                    label: i18n.message(lang, "loans-par-label", &[("days", d.to_string())]),
                    cells: vec![
                        fig(a, amount(a, lang)),
                        m.get(&format!("par{d}.ratio_pct"))
                            .map_or_else(na, |r| fig(r, percent(r, lang))),
                    ],
                    class: "",
                }
            })
            .collect(),
        class: "par",
    };

    // Splits.
    let first_par = par_days.first().copied().unwrap_or(30);
    let by_kind = split_table(
        i18n,
        lang,
        &m,
        t("loans-by-kind"),
        t("loans-col-borrower-kind"),
        first_par,
        BorrowerKind::ALL
            .iter()
            .map(|k| {
                (
                    format!("borrower_kind.{}", k.code()),
                    kind_label(i18n, lang, *k),
                )
            })
            .collect(),
    );
    let by_zone = split_table(
        i18n,
        lang,
        &m,
        t("loans-by-zone"),
        t("loans-col-zone"),
        first_par,
        Zone::ALL
            .iter()
            .map(|z| Some(*z))
            .chain([None])
            .map(|z| {
                (
                    format!("zone.{}", z.map_or("unspecified", Zone::code)),
                    zone_label(i18n, lang, z),
                )
            })
            .collect(),
    );

    // Migration.
    let (migration, migration_note) = match &current.previous {
        Some(prev) => {
            let prev_date = format::date(prev.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n);
            let mut headings = vec![t("loans-migration-corner")];
            headings.extend((0..classes).map(|k| class_label(i18n, lang, k)));
            headings.push(t("loans-migration-exit"));
            headings.push(t("loans-total"));
            let mut rows = Vec::new();
            let froms = std::iter::once(None).chain((0..classes).map(Some));
            for from in froms {
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
                rows.push(FigureRow {
                    label: from
                        .map_or_else(|| t("loans-migration-new"), |k| class_label(i18n, lang, k)),
                    cells,
                    class: "",
                });
            }
            (
                Some(FigureTable {
                    caption: t("loans-migration"),
                    headings,
                    rows,
                    class: "migration",
                }),
                i18n.message(
                    lang,
                    "loans-migration-note",
                    &[("previous", prev_date), ("date", as_of.clone())],
                ),
            )
        }
        None if tape.previous_tape_id.is_some() => (None, t("loans-migration-previous-missing")),
        _ => (None, t("loans-migration-none")),
    };

    // Headline figures.
    let irrecoverable = i18n.message(
        lang,
        "loans-irrecoverable-value",
        &[
            ("count", whole(m.or_zero("irrecoverable.count"), lang)),
            ("amount", amount(m.or_zero("irrecoverable.amount"), lang)),
        ],
    );
    let facts = vec![
        (t("loans-fact-as-of"), as_of.clone()),
        (
            t("loans-fact-licence"),
            licence_label(i18n, lang, &tape.licence, def),
        ),
        (t("loans-fact-loans"), whole(total_count, lang)),
        (t("loans-fact-outstanding"), amount(total_outstanding, lang)),
        (
            t("loans-fact-doubtful"),
            amount(m.or_zero("doubtful.outstanding"), lang),
        ),
        (t("loans-fact-provisions"), amount(total_provision, lang)),
        (
            t("loans-fact-coverage"),
            m.get("coverage_pct")
                .map_or_else(|| t("loans-not-applicable"), |c| percent(c, lang)),
        ),
        (t("loans-fact-irrecoverable"), irrecoverable),
    ];
    let previous = match &current.previous {
        Some(p) => i18n.message(
            lang,
            "loans-portfolio-previous",
            &[
                ("version", p.version.to_string()),
                ("period", format::period(p.period, lang, i18n)),
            ],
        ),
        None => t("loans-portfolio-no-previous"),
    };
    let intro = format!(
        "{} {previous}",
        i18n.message(
            lang,
            "loans-portfolio-intro",
            &[
                ("version", tape.version.to_string()),
                ("file", tape.source_name.clone()),
                ("received", format::datetime(tape.received_at, lang, i18n),),
            ],
        )
    );
    let code = &tape.institution;
    PortfolioView {
        heading: i18n.message(lang, "loans-portfolio-heading", &[("date", as_of)]),
        intro,
        facts,
        by_class,
        par,
        by_kind,
        by_zone,
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

// ---- solvency -----------------------------------------------------------------------------

fn item_label(fw: Option<&Framework>, lang: Lang, line: &Line) -> String {
    let code = line.item.as_str();
    fw.and_then(|f| f.item(code))
        .map_or_else(|| code.to_owned(), |i| i.label.get(lang).to_owned())
}

/// Whether the return gives none of the solvency items (a return fed by a tape alone): there is
/// then nothing to break down.
fn reports_no_solvency_item(state: &WebState, r: &SolvencyReport, period: Period) -> bool {
    state
        .app()
        .framework(&r.framework, period)
        .ok()
        .and_then(|f| f.solvency.as_ref())
        .is_some_and(|def| r.breakdown.missing.len() >= def.items.len())
}

fn solvency_view(state: &WebState, lang: Lang, r: &SolvencyReport, period: Period) -> SolvencyView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let fw = state.app().framework(&r.framework, period).ok();
    let b = &r.breakdown;
    let dash = || Cell::num("—".to_owned());
    let line_row = |l: &Line, share: bool| FigureRow {
        label: item_label(fw, lang, l),
        cells: vec![
            Cell::plain(l.article.clone()),
            fig(l.reported, amount(l.reported, lang)),
            if share {
                Cell::num(percent(l.pct, lang))
            } else {
                dash()
            },
            fig(l.counted, amount(l.counted, lang)),
        ],
        class: "",
    };
    let total_row = |label: String, v: Decimal| FigureRow {
        label,
        cells: vec![
            Cell::plain(String::new()),
            Cell::plain(String::new()),
            Cell::plain(String::new()),
            Cell::num(amount(v, lang)),
        ],
        class: "total",
    };
    let mut rows = vec![group_row(t("loans-solvency-core"), 4)];
    rows.extend(b.core_items.iter().map(|l| line_row(l, false)));
    rows.push(FigureRow {
        label: t("loans-solvency-profit"),
        cells: vec![
            Cell::plain("art. 2 a), 7".to_owned()),
            fig(b.profit, amount(b.profit, lang)),
            dash(),
            fig(b.profit_counted, amount(b.profit_counted, lang)),
        ],
        class: "",
    });
    rows.push(FigureRow {
        label: t("loans-solvency-dividends"),
        cells: vec![
            Cell::plain("art. 7".to_owned()),
            fig(b.planned_dividends, amount(b.planned_dividends, lang)),
            dash(),
            dash(),
        ],
        class: "",
    });
    if !b.core_deductions.is_empty() {
        rows.push(group_row(t("loans-solvency-core-deductions"), 4));
        rows.extend(b.core_deductions.iter().map(|l| line_row(l, false)));
    }
    rows.push(total_row(t("loans-solvency-core-total"), b.core));
    rows.push(group_row(t("loans-solvency-supplementary"), 4));
    rows.extend(b.supplementary_items.iter().map(|l| line_row(l, true)));
    rows.extend(b.subordinated_items.iter().map(|l| line_row(l, true)));
    rows.push(total_row(
        t("loans-solvency-supplementary-total"),
        b.supplementary.after,
    ));
    if !b.deductions.is_empty() {
        rows.push(group_row(t("loans-solvency-deductions"), 4));
        rows.extend(b.deductions.iter().map(|l| line_row(l, false)));
    }
    rows.push(total_row(t("loans-solvency-deductions-total"), b.deducted));
    rows.push(total_row(t("loans-solvency-own-funds"), b.own_funds));
    rows.push(group_row(t("loans-solvency-exposures"), 4));
    rows.extend(b.exposures.iter().map(|l| line_row(l, true)));
    rows.push(total_row(t("loans-solvency-rwa"), b.rwa));
    let lines = FigureTable {
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
    };
    let cap_row = |label: String, cap: &Cap| FigureRow {
        label,
        cells: vec![
            Cell::plain(cap.article.to_owned()),
            Cell::num(amount(cap.before, lang)),
            Cell::num(amount(cap.limit, lang)),
            Cell::num(amount(cap.after, lang)),
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
    let caps = FigureTable {
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
    };
    let minimum = percent(b.minimum_pct, lang);
    let (verdict, verdict_class) = match (b.coefficient_pct, b.meets_minimum) {
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
    };
    let facts = vec![
        (t("loans-solvency-core-total"), amount(b.core, lang)),
        (
            t("loans-solvency-supplementary-total"),
            amount(b.supplementary.after, lang),
        ),
        (
            t("loans-solvency-deductions-total"),
            amount(b.deducted, lang),
        ),
        (t("loans-solvency-own-funds"), amount(b.own_funds, lang)),
        (t("loans-solvency-rwa"), amount(b.rwa, lang)),
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
        lines,
        caps,
        missing,
    }
}

// ---- the page of a quarter ------------------------------------------------------------------

/// `?period=` of the loan-tape page.
#[derive(Debug, Default, Deserialize)]
pub struct TapesQuery {
    period: Option<String>,
}

/// What the page of a quarter needs, read off the request thread.
struct Quarter {
    name: String,
    framework: String,
    period: Period,
    periods: Vec<(Period, usize)>,
    tapes: Vec<LoanTapeRecord>,
    in_force: Option<InForce>,
    solvency: Option<SolvencyReport>,
}

/// Whether the framework `id` classifies loans at `period`.
fn classifies(app: &mizan_service::App, id: &str, period: Period) -> bool {
    app.framework(id, period)
        .is_ok_and(|f| f.classification.is_some())
}

/// `GET /space/institutions/{code}/loans?period=P`: the quarter's stored tapes, the upload
/// form, the portfolio of the tape in force (by class with provision base and required
/// provision, PAR, coverage, irrecoverable, by borrower kind and zone, migration from the
/// previous quarter-end), the downloads, and the solvency coefficient of the return.
pub async fn tapes(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<TapesQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let code = parse_code(&path)?;
    // Who may see the tapes is the use cases' decision: each refuses anyone else.
    let who = session.principal.actor();
    let asked = query
        .period
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_period(p.trim()))
        .transpose()?;
    let c = code.clone();
    let quarter = blocking(&state, move |app| {
        let list = quarters(app.today(), asked);
        let latest = list
            .first()
            .copied()
            .unwrap_or_else(|| collecting(app.today()));
        let (name, framework) = member::institution(app, &c, Some(asked.unwrap_or(latest)))?
            .ok_or_else(|| ServiceError::NotFound(format!("institution {c}")))?;
        let mut periods = Vec::new();
        let mut all = Vec::new();
        if classifies(app, &framework, asked.unwrap_or(latest)) {
            for p in &list {
                let versions = loan_tapes(app, &who, &c, *p)?;
                periods.push((*p, versions.len()));
                all.push((*p, versions));
            }
        } else {
            periods = list.iter().map(|p| (*p, 0)).collect();
        }
        // The quarter shown: the one asked for, else the latest with a tape, else the one
        // being collected.
        let period = asked
            .or_else(|| periods.iter().find(|(_, n)| *n > 0).map(|(p, _)| *p))
            .unwrap_or(latest);
        let tapes = all
            .into_iter()
            .find(|(p, _)| *p == period)
            .map(|(_, v)| v)
            .unwrap_or_default();
        let in_force = if tapes.is_empty() {
            None
        } else {
            in_force(app, &who, &c, period)?
        };
        let solvency = match solvency_of(app, &who, &c, period) {
            Ok(r) => Some(r),
            Err(ServiceError::NotFound(_) | ServiceError::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        Ok(Quarter {
            name,
            framework,
            period,
            periods,
            tapes,
            in_force,
            solvency,
        })
    })
    .await?;
    let period = quarter.period;
    let label = format::period(period, lang, i18n);
    let who = format!("{} ({code})", quarter.name);
    let menu = menu_path(&session);
    if !classifies(state.app(), &quarter.framework, period) {
        let title = i18n.message(lang, "loans-title", &[("institution", who.clone())]);
        let page = MessagePage {
            page: layout(&state, lang, &title, "/space"),
            frame: Some(Frame::new(&state, lang, &session, menu)),
            title,
            text: vec![i18n.message(
                lang,
                "loans-no-classification",
                &[
                    ("institution", who),
                    ("framework", quarter.framework.clone()),
                    ("period", label),
                ],
            )],
            links: vec![Link::new(
                format!("/space/institutions/{code}"),
                t("loans-action-returns"),
                false,
            )],
        };
        return private_page(&page, lang, StatusCode::OK);
    }
    let action = format!("/space/institutions/{code}/loans");
    let count = quarter.tapes.len();
    let last = quarter.tapes.last().map(|t| t.version);
    let versions: Vec<TapeRow> = quarter
        .tapes
        .iter()
        .rev()
        .map(|tape| {
            let latest = Some(tape.version) == last;
            TapeRow {
                version: format!("v{}", tape.version),
                received: format::datetime(tape.received_at, lang, i18n),
                by: format!("{} ({})", tape.submitted_by, tape.channel),
                file: format!("{} ({})", tape.source_name, tape.source_format),
                loans: count_u64(tape.loans, lang),
                warnings: format::count(tape.warnings.len(), lang),
                status: if latest {
                    t("loans-status-in-force")
                } else {
                    t("loans-status-replaced")
                },
                status_class: if latest { "stored" } else { "unchanged" },
                feed: tape.submission_id.map(|id| {
                    Link::new(
                        format!("/space/submissions/{id}"),
                        t("loans-action-return-report"),
                        false,
                    )
                }),
            }
        })
        .collect();
    let (solvency, solvency_none) = match &quarter.solvency {
        None => (None, Some(t("loans-solvency-no-return"))),
        Some(r) if reports_no_solvency_item(&state, r, period) => (
            None,
            Some(i18n.message(
                lang,
                "loans-solvency-no-items",
                &[("version", r.submission.version.to_string())],
            )),
        ),
        Some(r) => (Some(solvency_view(&state, lang, r, period)), None),
    };
    let max = state.app().settings.upload.max_tape_bytes;
    let page = TapesPage {
        page: layout(
            &state,
            lang,
            &i18n.message(
                lang,
                "loans-page-title",
                &[("institution", who.clone()), ("period", label.clone())],
            ),
            "/space",
        ),
        frame: Frame::new(&state, lang, &session, menu),
        intro: t("loans-intro"),
        periods: quarter
            .periods
            .iter()
            .map(|(p, n)| {
                let l = format::period(*p, lang, i18n);
                let text = if *n > 0 {
                    i18n.message(
                        lang,
                        "loans-period-with-tapes",
                        &[("period", l), ("n", format::count(*n, lang))],
                    )
                } else {
                    l
                };
                (p.to_string(), text, *p == period)
            })
            .collect(),
        action,
        version_headings: vec![
            t("loans-col-version"),
            t("loans-col-received"),
            t("loans-col-by"),
            t("loans-col-file"),
            t("loans-col-loans"),
            t("loans-col-warnings"),
            t("loans-col-status"),
            t("loans-col-return"),
        ],
        versions,
        no_tape: (count == 0).then(|| i18n.message(lang, "loans-no-tape", &[("period", label)])),
        max_size: i18n.message(
            lang,
            "loans-max-size",
            &[("size", format::count((max / (1024 * 1024)) as usize, lang))],
        ),
        portfolio: quarter
            .in_force
            .as_ref()
            .map(|f| portfolio_view(&state, lang, f, period)),
        solvency,
        solvency_none,
        links: vec![Link::new(
            format!("/space/institutions/{code}"),
            t("loans-action-returns"),
            false,
        )],
        labels: FormLabels(vec![
            ("picker", t("loans-picker")),
            ("period", t("loans-field-period")),
            ("show", t("loans-show")),
            ("versions", t("loans-versions")),
            ("upload", t("loans-upload")),
            ("upload-intro", t("loans-upload-intro")),
            ("file", t("loans-field-file")),
            ("submit", t("loans-upload-submit")),
        ]),
    };
    private_page(&page, lang, StatusCode::OK)
}

// ---- upload -------------------------------------------------------------------------------

/// What the report page needs besides the import's report.
struct Imported {
    name: String,
    framework: Option<String>,
    report: LoanImportReport,
    in_force: Option<InForce>,
}

/// `POST /space/institutions/{code}/loans` (multipart: `csrf`, `period`, `file`): the tape is
/// read within the tape limit, its form parsed and the tape imported off the request thread;
/// the answer is the import report (outcome, every issue by line, the portfolio when a tape is
/// stored). All or nothing: with a blocking issue nothing is stored (422).
pub async fn upload(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let SignedUpload {
        session,
        state,
        lang,
        form,
    } = SignedUpload::read(&req, data, session, payload, &TAPE_UPLOAD).await?;
    let code = parse_code(&path)?;
    let period = form
        .field("period")
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest("no period chosen".into()))
        .and_then(|p| parse_period(p.trim()))?;
    let file = form
        .file
        .filter(|f| !f.name.is_empty())
        .ok_or_else(|| AppError::BadRequest("no file chosen".into()))?;
    let who = session.principal.actor();
    let c = code.clone();
    let imported = blocking(&state, move |app| {
        let (name, framework) = match member::institution(app, &c, Some(period))? {
            Some((n, f)) => (n, Some(f)),
            None => (c.to_string(), None),
        };
        // Streamed from the temporary file, deleted when `file` is dropped.
        let report = import_loans(app, &c, period, file.path(), &file.name, &who, &mut |_| {})?;
        drop(file);
        let in_force = if report.refused() {
            None
        } else {
            in_force(app, &who, &c, period)?
        };
        Ok(Imported {
            name,
            framework,
            report,
            in_force,
        })
    })
    .await?;
    render_report(&state, lang, &session, &code, period, &imported)
}

fn render_report(
    state: &WebState,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    period: Period,
    imported: &Imported,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let r = &imported.report;
    let label = format::period(period, lang, i18n);
    let blocking = r.blocking().count();
    let warnings = r.warnings().count();
    let (outcome, outcome_class) = match &r.outcome {
        LoanOutcome::Stored(s) => {
            let feed = match &s.feed {
                ReturnFeed::NewVersion(v) => i18n.message(
                    lang,
                    "loans-outcome-return-new",
                    &[("version", v.version.to_string())],
                ),
                ReturnFeed::Unchanged(v) => i18n.message(
                    lang,
                    "loans-outcome-return-unchanged",
                    &[("version", v.version.to_string())],
                ),
            };
            (
                format!(
                    "{} {feed}",
                    i18n.message(
                        lang,
                        "loans-outcome-stored",
                        &[
                            ("version", s.tape.version.to_string()),
                            ("loans", count_u64(s.tape.loans, lang)),
                        ],
                    )
                ),
                "stored",
            )
        }
        LoanOutcome::Refused => (
            i18n.message(
                lang,
                "loans-outcome-refused",
                &[("blocking", format::count(blocking, lang))],
            ),
            "refused",
        ),
        LoanOutcome::AlreadyImported(tape) => (
            i18n.message(
                lang,
                "loans-outcome-already-imported",
                &[
                    ("version", tape.version.to_string()),
                    ("received", format::datetime(tape.received_at, lang, i18n)),
                ],
            ),
            "unchanged",
        ),
    };
    let summary = i18n.message(
        lang,
        "loans-report-summary",
        &[
            ("file", r.source_name.clone()),
            ("institution", format!("{} ({code})", imported.name)),
            ("period", label.clone()),
        ],
    );
    let mut facts = vec![
        (
            t("loans-col-file"),
            format!("{} ({})", r.source_name, r.format),
        ),
        (t("loans-col-sha256"), r.sha256.clone()),
        (
            t("loans-fact-as-of"),
            format::date(r.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n),
        ),
    ];
    let def = imported
        .framework
        .as_deref()
        .and_then(|f| state.app().framework(f, period).ok())
        .and_then(|f| f.classification.as_ref());
    if let Some(l) = &r.licence {
        facts.push((t("loans-fact-licence"), licence_label(i18n, lang, l, def)));
    }
    if r.read.rows > 0 || r.read.loans > 0 {
        facts.push((t("loans-fact-rows"), count_u64(r.read.rows, lang)));
        facts.push((t("loans-fact-classified"), count_u64(r.read.loans, lang)));
    }
    // The portfolio, when shown, says which previous quarter-end it was classified against.
    if matches!(r.outcome, LoanOutcome::Stored(_)) && imported.in_force.is_none() {
        facts.push((
            t("loans-fact-previous"),
            match &r.previous {
                Some(p) => i18n.message(
                    lang,
                    "loans-portfolio-previous",
                    &[
                        ("version", p.version.to_string()),
                        ("period", format::period(p.period, lang, i18n)),
                    ],
                ),
                None => t("loans-portfolio-no-previous"),
            },
        ));
    }
    facts.push((
        t("loans-fact-issues"),
        i18n.message(
            lang,
            "loans-issue-counts",
            &[
                ("blocking", format::count(blocking, lang)),
                ("warnings", format::count(warnings, lang)),
            ],
        ),
    ));
    let mut links = vec![Link::new(
        format!("/space/institutions/{code}/loans?period={period}"),
        t("loans-action-tapes"),
        false,
    )];
    if let LoanOutcome::Stored(s) = &r.outcome {
        links.push(Link::new(
            format!("/space/submissions/{}", s.feed.submission().id),
            t("loans-action-return-report"),
            false,
        ));
    }
    let page = TapeReportPage {
        page: layout(
            state,
            lang,
            &i18n.message(lang, "loans-report-title", &[("period", label)]),
            "/space",
        ),
        frame: Frame::new(state, lang, session, menu_path(session)),
        summary,
        outcome,
        outcome_class,
        facts,
        issues_heading: t("loans-issues"),
        issues: r.issues.iter().map(|i| issue_row(i18n, lang, i)).collect(),
        issue_headings: issue_headings(i18n, lang),
        issues_more: (r.read.issues_not_listed > 0).then(|| {
            i18n.message(
                lang,
                "loans-issues-not-listed",
                &[("n", count_u64(r.read.issues_not_listed, lang))],
            )
        }),
        no_issue: t("loans-no-issue"),
        portfolio: imported
            .in_force
            .as_ref()
            .map(|f| portfolio_view(state, lang, f, period)),
        links,
    };
    let status = if r.refused() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    private_page(&page, lang, status)
}

// ---- downloads ----------------------------------------------------------------------------

/// `GET /space/institutions/{code}/loans/{period}/loans.csv`: every loan of the tape in force
/// with its class, provision base, provision, irrecoverable flag and reasons.
pub async fn loans_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let who = session.principal.actor();
    let period = parse_period(&period)?;
    let c = code.clone();
    let bytes = blocking(&state, move |app| export_loans(app, &who, &c, period)).await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-{period}-loans.csv"),
    ))
}

/// `GET /space/institutions/{code}/loans/{period}/portfolio.csv`: the portfolio outputs of
/// the tape in force (`metric,value`).
pub async fn portfolio_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let who = session.principal.actor();
    let period = parse_period(&period)?;
    let c = code.clone();
    let bytes = blocking(&state, move |app| export_portfolio(app, &who, &c, period)).await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-{period}-portfolio.csv"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provision_bases_are_summed_by_class_across_writes() -> Result<(), String> {
        let mut sums = BaseSums::default();
        let text = "loan_id,class,provision_base,provision,irrecoverable,reasons\n\
                    EX01,0,8505.00,0.00,false,\n\
                    \"a,b\",2,1000.025,500.01,false,dpd|art10_hold\n\
                    EX03,2,10.00,5.00,false,dpd\n";
        // Cut anywhere, even inside a line.
        for chunk in text.as_bytes().chunks(7) {
            sums.write_all(chunk).map_err(|e| e.to_string())?;
        }
        let got = sums.finish().ok_or("damaged")?;
        let want: Vec<Decimal> = ["8505.00", "0", "1010.025"]
            .iter()
            .map(|s| Decimal::from_str_exact(s).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        assert_eq!(got, want);
        let mut bad = BaseSums::default();
        bad.write_all(b"header\nEX01,x,1.00,0.00,false,\n")
            .map_err(|e| e.to_string())?;
        assert_eq!(bad.finish(), None);
        Ok(())
    }

    #[test]
    fn stored_metrics_are_read_back() {
        let m = Metrics::parse(
            "metric,value\ncount.total,2\ncount.class0,1\ncount.class1,1\n\
             par30.amount,10.00\npar30.ratio_pct,50.000000\npar60.amount,0.00\n\
             borrower_kind.man.par30.amount,10.00\n",
        );
        assert_eq!(m.classes(), 2);
        assert_eq!(m.par_days(), [30, 60]);
        assert_eq!(m.get("count.total"), Some(Decimal::from(2)));
        assert_eq!(m.get("coverage_pct"), None);
    }
}
