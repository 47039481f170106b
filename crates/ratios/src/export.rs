//! Rows of the consolidated export (`period,indicator,group,value,n,n_compliant`) and the
//! display-rounded view. Pure: the writers of files live elsewhere.

use mizan_core::framework::DisplayKind;
use mizan_core::{Decimal, Period};
use serde::{Deserialize, Serialize};

use crate::consolidate::{ConsolidatedTable, Method, Row};

/// One line of the consolidated table export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    /// The period.
    pub period: Period,
    /// The row's code: an indicator, or `<code>.a` / `<code>.b` for the A and B rows.
    pub indicator: String,
    /// The column: a peer group or `sector`.
    pub group: String,
    /// The figure; `None` (an empty field, shown "S/O") when there is none, in particular
    /// when `n = 0`.
    pub value: Option<Decimal>,
    /// Institutions behind the figure.
    pub n: usize,
    /// Institutions meeting their norm; `None` (empty) where the row has no norm or nobody
    /// could be judged.
    pub n_compliant: Option<usize>,
}

impl ExportRow {
    /// The header of the CSV export.
    pub const HEADER: [&'static str; 6] =
        ["period", "indicator", "group", "value", "n", "n_compliant"];

    /// The fields as CSV text: the value written in full with `.` as decimal point and no
    /// trailing zeros (`4.4112…`), empty fields for no value and no count of compliance.
    pub fn fields(&self) -> [String; 6] {
        [
            self.period.to_string(),
            self.indicator.clone(),
            self.group.clone(),
            self.value.map(|v| v.to_string()).unwrap_or_default(),
            self.n.to_string(),
            self.n_compliant.map(|c| c.to_string()).unwrap_or_default(),
        ]
    }
}

/// The value shown for a row's figure: divided (thousands) and rounded half away from zero to
/// the display's decimals, written with exactly that many decimals (`18.10`, `108`).
pub fn display_value(display: DisplayKind, value: Decimal) -> Decimal {
    let mut rounded = display.round(value);
    rounded.rescale(display.decimals());
    rounded
}

/// The public figure of a row: the value at the precision the bulletin shows it — two decimals
/// for percentages and rates, whole units for counts and amounts, whole thousands for amounts
/// shown in thousands —, rounded half away from zero, in the row's own unit (`4.41`, `108`,
/// `19570000`).
///
/// Every public output carries this figure and nothing finer: a figure given to 28 digits is,
/// for a median or a single institution's ratio, that institution's exact value, from which
/// its numerator and denominator come back by continued fractions. It is idempotent, so a
/// figure rounded once may be rounded again.
pub fn public_value(display: DisplayKind, value: Decimal) -> Decimal {
    let mut rounded = display.round(value) * display.divisor();
    rounded.rescale(display.decimals());
    rounded
}

impl ConsolidatedTable {
    fn rows_with(&self, method: Method, show: impl Fn(&Row, Decimal) -> Decimal) -> Vec<ExportRow> {
        self.rows
            .iter()
            .flat_map(|row| {
                let code = row.code();
                let show = &show;
                row.cells.iter().map(move |cell| {
                    let figure = cell.figure(method);
                    ExportRow {
                        period: self.period,
                        indicator: code.clone(),
                        group: cell.group.clone(),
                        value: figure.value.filter(|_| figure.n > 0).map(|v| show(row, v)),
                        n: figure.n,
                        n_compliant: cell.n_compliant(),
                    }
                })
            })
            .collect()
    }

    /// The rows of the interchange export for `method`, in table order (rows, then columns):
    /// exact decimals, percentages as percent, not rounded.
    pub fn export_rows(&self, method: Method) -> Vec<ExportRow> {
        self.rows_with(method, |_, v| v.normalize())
    }

    /// The same rows as people see them: each value rounded for its row's display
    /// ([`DisplayKind::round`]: percent and rates to 2 decimals, counts and amounts whole,
    /// thousands ÷ 1000; half away from zero).
    pub fn display_rows(&self, method: Method) -> Vec<ExportRow> {
        self.rows_with(method, |row, v| display_value(row.display, v))
    }

    /// The same rows at public precision ([`public_value`]): in the row's unit, rounded as the
    /// bulletin shows them.
    pub fn public_precision_rows(&self, method: Method) -> Vec<ExportRow> {
        self.rows_with(method, |row, v| public_value(row.display, v))
    }
}
