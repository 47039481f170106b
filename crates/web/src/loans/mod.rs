//! Loan tapes (Bank Al-Maghrib framework): upload, classification and portfolio pages for an
//! institution and for staff.
//!
//! | route | what |
//! |---|---|
//! | `GET /space/institutions/{code}/loans?period=P` | the quarter's stored tapes, the upload form, the portfolio of the tape in force, the solvency coefficient of the return |
//! | `POST /space/institutions/{code}/loans` | upload (multipart: `csrf`, `period`, `file`) → the import report; 422 when refused (nothing stored) |
//! | `GET /space/institutions/{code}/loans/{period}/loans.csv` | every loan's class, provision base, provision, irrecoverable flag and reasons |
//! | `GET /space/institutions/{code}/loans/{period}/portfolio.csv` | the portfolio outputs (`metric,value`) |
//! | `POST /staff/institutions/{code}/loans/{period}/imposed` | staff impose a loan's class for the quarter with a reason (art. 21; `csrf`, `loan_id`, `class`, `reason`) → back to the quarter's page |
//! | `GET /space/institutions/{code}/loans/{period}/sample.csv` | a sample tape: the columns and a few synthetic loans at the quarter's end |
//!
//! Who: the institution's members and staff, decided by the loan use cases themselves, which
//! take the person asking (`Principal::actor`); anyone else gets 403, anonymous visitors are sent
//! to sign in. The use cases run in `web::block`, and so does reading the upload's form.
//!
//! The portfolio shown is the one stored with the tape (`metric,value`, the exports' figures);
//! the provision base of each class is summed from the stored per-loan results, read whole
//! through [`write_loans`] (the same bytes as the per-loan export).
//!
//! One module per thing done: `tapes` (the page of a quarter), `upload` (a tape and its
//! report), `portfolio` and `solvency` (the views both show), `exports` (downloads); this
//! module holds the figures and texts they share.

mod exports;
mod imposed;
mod portfolio;
mod solvency;
mod tapes;
mod upload;

use std::io::Write;

use chrono::NaiveDate;
use mizan_core::framework::{ClassificationDef, DisplayKind};
use mizan_core::loan::{BorrowerKind, Zone};
use mizan_core::{Decimal, InstitutionCode, Issue, Lang, Period, Place, Severity};
use mizan_service::ServiceError;
use mizan_service::accounts::Session;
use mizan_service::loans::{imposed_classes_of, loan_tapes, write_loans};
use mizan_storage::imposed_classes::ImposedClass;
use mizan_storage::loan_tapes::LoanTapeRecord;
use mizan_storage::users::Role;

use crate::format;
use crate::i18n::I18n;
use crate::issues::issue_text;
use crate::private::collecting;
use crate::space_views::IssueRow;

crate::routing::route_table! {
    GET "/space/institutions/{code}/loans" => tapes::tapes,
    POST "/space/institutions/{code}/loans" => upload::upload,
    GET "/space/institutions/{code}/loans/{period}/loans.csv" => exports::loans_csv,
    GET "/space/institutions/{code}/loans/{period}/portfolio.csv" => exports::portfolio_csv,
    POST "/staff/institutions/{code}/loans/{period}/imposed" => imposed::impose,
    GET "/space/institutions/{code}/loans/{period}/sample.csv" => exports::sample_csv,
}

/// Quarters offered by the period picker, back from the one being collected.
const QUARTERS: usize = 8;

/// The periods of the period picker: the last [`QUARTERS`] quarters that have ended (months,
/// for a monthly reporter), and the one asked for; newest first.
fn quarters(today: NaiveDate, asked: Option<Period>, monthly: bool) -> Vec<Period> {
    // A monthly reporter (art. 44 SFD) sends a tape a month: its last months.
    let first = if monthly {
        crate::private::collecting_month(today)
    } else {
        collecting(today)
    };
    let mut out: Vec<Period> = std::iter::successors(Some(first), |p| Some(p.previous()))
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

/// An amount as stored (exact), with at least two decimals, in `lang`, followed by its
/// currency (the framework's `currency`, `MAD`).
fn amount(d: Decimal, lang: Lang, currency: &str) -> String {
    let mut d = d.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    let number = format::decimal(d, lang);
    if currency.is_empty() {
        number
    } else {
        format!("{number}\u{A0}{currency}")
    }
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

    /// The years of disbursement with doubtful loans (`vintage.YYYY.doubtful.count`), in order.
    fn vintage_years(&self) -> Vec<String> {
        self.0
            .iter()
            .filter_map(|(k, _)| {
                k.strip_prefix("vintage.")?
                    .strip_suffix(".doubtful.count")
                    .map(str::to_owned)
            })
            .collect()
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
    /// The classes staff imposed for the quarter (art. 21), in the order they were set.
    imposed: Vec<ImposedClass>,
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
        imposed: imposed_classes_of(app, who, code, period)?,
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

// ---------------------------------------------------------------- views

/// A cell of a table of figures.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The text (a formatted figure, or a short word).
    pub text: String,
    /// A figure (aligned to the end, isolated left to right in right-to-left pages).
    pub figure: bool,
    /// An extra class: `zero` (a figure that is zero, shown dimmed), `binding` (a cap that cut
    /// an amount), or empty.
    pub class: &'static str,
}

impl Cell {
    /// A figure.
    pub fn num(text: String) -> Self {
        Self {
            text,
            figure: true,
            class: "",
        }
    }

    /// A figure that is zero (dimmed).
    pub fn zero(text: String) -> Self {
        Self {
            text,
            figure: true,
            class: "zero",
        }
    }

    /// A word or a reference.
    pub fn plain(text: String) -> Self {
        Self {
            text,
            figure: false,
            class: "",
        }
    }
}

/// A row of a table of figures: its heading cell, then its cells.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// The row's heading (a class, a borrower kind, an item).
    pub label: String,
    /// The cells.
    pub cells: Vec<Cell>,
    /// `total` (a total, set apart), `group` (a heading row without figures), `binding` (a cap
    /// that cut an amount), or empty.
    pub class: &'static str,
}

/// A table of figures with a caption.
#[derive(Debug, Clone)]
pub struct FigureTable {
    /// Caption (the table's title).
    pub caption: String,
    /// Column headings, the row headings' column first.
    pub headings: Vec<String>,
    /// Rows.
    pub rows: Vec<FigureRow>,
    /// An extra class for the table (`migration`, `classes`…).
    pub class: &'static str,
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
