//! The firewall matrix as CSV.

use super::{COLUMNS, row_cells};
use crate::catalog::Catalog;
use crate::engine::{Analysis, PlanIndex};
use crate::model::Plan;
use std::io::Write;

/// Writes the matrix of `analysis` (computed from `plan`) as CSV with a header row.
/// Cells a spreadsheet would read as a formula are made inert with a leading `'`.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write_csv<W: Write>(
    out: W,
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
) -> Result<(), csv::Error> {
    let index = PlanIndex::new(plan, catalog);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for row in &analysis.matrix.rows {
        for cell in row_cells(&index, catalog, row) {
            writer.write_field(inert(&cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

/// `cell`, prefixed with `'` when it starts like a spreadsheet formula (`= + - @`, tab or
/// carriage return), so that opening the CSV never runs anything.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=1+2"), "'=1+2");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-x"), "'-x");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("dc01"), "dc01");
    }
}
