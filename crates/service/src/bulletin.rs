//! The layout of a bulletin: sections, headings and rows in the order of the published table,
//! shared by the spreadsheet export and the web pages.

use mizan_core::framework::{BulletinSection, Heading, IndicatorDef};
use mizan_core::{Framework, Lang};
use mizan_ratios::RowKind;

use crate::publication::{PublicRow, PublicTable};

/// One line of a bulletin.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    /// `I. Indicateurs financiers`
    Section(&'a BulletinSection),
    /// `1 Indicateurs de qualité du portefeuille`
    Heading(&'a Heading),
    /// An indicator, or the A or B row of a prudential ratio.
    Row {
        /// The indicator (for A and B rows: their ratio).
        indicator: &'a IndicatorDef,
        /// The table's row.
        row: &'a PublicRow,
    },
}

/// The lines of a bulletin for `table`, in the framework's order; a row missing from the table
/// (another framework version) is left out.
pub fn lines<'a>(fw: &'a Framework, table: &'a PublicTable) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for section in &fw.bulletin {
        out.push(Line::Section(section));
        for heading in &section.headings {
            if !heading.label.fr.is_empty() {
                out.push(Line::Heading(heading));
            }
            for ind in fw.heading_indicators(&heading.code) {
                for row in table.rows.iter().filter(|r| r.indicator == ind.code) {
                    out.push(Line::Row {
                        indicator: ind,
                        row,
                    });
                }
            }
        }
    }
    out
}

/// The label of a row in `lang`: the indicator's, or its A / B row's.
pub fn row_label(indicator: &IndicatorDef, row: &PublicRow, lang: Lang) -> String {
    match (row.kind, &indicator.components) {
        (RowKind::ComponentA, Some(c)) => c.a.get(lang).to_owned(),
        (RowKind::ComponentB, Some(c)) => c.b.get(lang).to_owned(),
        _ => indicator.label.get(lang).to_owned(),
    }
}

/// The norm shown beside a row (none on A and B rows).
pub fn row_norm(indicator: &IndicatorDef, row: &PublicRow, lang: Lang) -> String {
    if row.kind == RowKind::Indicator && !indicator.norm.is_empty() {
        indicator.norm_label(lang)
    } else {
        String::new()
    }
}
