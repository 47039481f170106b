//! View structs of the loan-tape pages: every text already in the page's language, every figure
//! already formatted. Templates (`templates/loans/`) only lay them out.

use askama::Template;

use crate::space_views::{FormLabels, Frame, IssueRow};
use crate::views::{Layout, Link};

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

/// A stored version of a tape, in the list of the quarter's versions.
#[derive(Debug, Clone)]
pub struct TapeRow {
    /// `v2`.
    pub version: String,
    /// Received at.
    pub received: String,
    /// Who, how (`officer (web)`).
    pub by: String,
    /// File name and format.
    pub file: String,
    /// Loans classified.
    pub loans: String,
    /// Warnings stored with it.
    pub warnings: String,
    /// The version in force, or replaced.
    pub status: String,
    /// `stored` (in force) or `unchanged` (replaced): a class for the badge.
    pub status_class: &'static str,
    /// The version of the return it fed (its report).
    pub feed: Option<Link>,
}

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
    /// Portfolio at risk by threshold.
    pub par: FigureTable,
    /// By borrower kind.
    pub by_kind: FigureTable,
    /// By zone.
    pub by_zone: FigureTable,
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

/// The loan-tape page of an institution and quarter.
#[derive(Template)]
#[template(path = "loans/tapes.html")]
pub struct TapesPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction.
    pub intro: String,
    /// The period picker's action (`/space/institutions/CI01/loans`) and the upload's.
    pub action: String,
    /// Periods to choose from (code, label, selected).
    pub periods: Vec<(String, String, bool)>,
    /// Column headings of the versions.
    pub version_headings: Vec<String>,
    /// The quarter's stored tapes, newest first.
    pub versions: Vec<TapeRow>,
    /// "No tape stored for this quarter".
    pub no_tape: Option<String>,
    /// The largest tape, formatted.
    pub max_size: String,
    /// The portfolio of the tape in force.
    pub portfolio: Option<PortfolioView>,
    /// The solvency coefficient of the return.
    pub solvency: Option<SolvencyView>,
    /// Why no coefficient is shown.
    pub solvency_none: Option<String>,
    /// Further links.
    pub links: Vec<Link>,
    /// Labels.
    pub labels: FormLabels,
}

/// The report of a tape just uploaded.
#[derive(Template)]
#[template(path = "loans/report.html")]
pub struct TapeReportPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Summary sentence.
    pub summary: String,
    /// What happened.
    pub outcome: String,
    /// `stored`, `refused`, `unchanged`.
    pub outcome_class: &'static str,
    /// Facts (label, value).
    pub facts: Vec<(String, String)>,
    /// Heading of the issues.
    pub issues_heading: String,
    /// Every issue, by line.
    pub issues: Vec<IssueRow>,
    /// Column headings of the issues.
    pub issue_headings: Vec<String>,
    /// Issues found but not listed.
    pub issues_more: Option<String>,
    /// "No issue".
    pub no_issue: String,
    /// The portfolio of the tape in force, when a tape is stored.
    pub portfolio: Option<PortfolioView>,
    /// Links to go on.
    pub links: Vec<Link>,
}
