//! The public export: the consolidated export rows at public precision (as the bulletin shows
//! them), with suppressed figures emptied and flagged.

use serde::{Deserialize, Serialize};

use super::DisclosureResult;
use crate::consolidate::{ConsolidatedTable, Method};
use crate::export::ExportRow;

/// One line of the public export: an [`ExportRow`] whose value (and `n_compliant`) is empty
/// when the figure is suppressed, with the `suppressed` flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRow {
    /// The row (value and `n_compliant` are `None` when suppressed).
    #[serde(flatten)]
    pub row: ExportRow,
    /// Whether disclosure control suppressed the figure.
    pub suppressed: bool,
}

impl PublicRow {
    /// The header of the public CSV export.
    pub const HEADER: [&'static str; 7] = [
        "period",
        "indicator",
        "group",
        "value",
        "n",
        "n_compliant",
        "suppressed",
    ];

    /// The fields as CSV text (`suppressed` is `true` or `false`).
    pub fn fields(&self) -> [String; 7] {
        let [period, indicator, group, value, n, n_compliant] = self.row.fields();
        [
            period,
            indicator,
            group,
            value,
            n,
            n_compliant,
            self.suppressed.to_string(),
        ]
    }
}

impl DisclosureResult {
    fn public(
        &self,
        table: &ConsolidatedTable,
        method: Method,
        rows: Vec<ExportRow>,
    ) -> Vec<PublicRow> {
        rows.into_iter()
            .map(|mut row| {
                let suppressed = self.is_suppressed(&row.indicator, &row.group, method);
                // n_compliant goes with the published figure, whatever the method shown.
                let compliant_hidden = !self.compliance_public(&row.indicator, &row.group);
                if suppressed {
                    row.value = None;
                }
                if suppressed || compliant_hidden {
                    row.n_compliant = None;
                }
                debug_assert_eq!(row.period, table.period);
                PublicRow { row, suppressed }
            })
            .collect()
    }

    /// The public rows of the interchange export for `method`, in table order: every figure at
    /// public precision ([`ConsolidatedTable::public_precision_rows`]: in its unit, rounded as
    /// the bulletin shows it, never the exact value) and every suppressed figure emptied and
    /// flagged.
    pub fn public_rows(&self, table: &ConsolidatedTable, method: Method) -> Vec<PublicRow> {
        self.public(table, method, table.public_precision_rows(method))
    }

    /// The same rows rounded for display ([`ConsolidatedTable::display_rows`]).
    pub fn public_display_rows(&self, table: &ConsolidatedTable, method: Method) -> Vec<PublicRow> {
        self.public(table, method, table.display_rows(method))
    }
}
