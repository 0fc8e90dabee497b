//! The diff as CSV: one row per rule change, with the matrix's columns, the change, what
//! the old rule had, and the plan changes behind it; then one row per plan change (place
//! `plan`, the kind of change in `change`, its text in `cause`).

use super::ChangeCells;
use crate::change::Diff;
use std::io::Write;

/// Column names, in order.
pub const COLUMNS: [&str; 17] = [
    "place",
    "firewall",
    "host",
    "change",
    "source_zone",
    "source",
    "source_address",
    "destination_zone",
    "destination",
    "destination_address",
    "protocol",
    "ports",
    "was",
    "service",
    "requirement",
    "reference",
    "cause",
];

/// A cell a spreadsheet would read as a formula gets a leading `'`.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

pub(super) fn write(diff: &Diff<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for i in 0..diff.rules.len() {
        let Some(c) = ChangeCells::new(diff, i) else {
            continue;
        };
        let cells = c.row();
        w.write_record(cells.iter().map(|s| inert(s).into_owned()))?;
    }
    // The plan's own changes last: place `plan`, the kind of change, its text.
    for p in &diff.plan {
        let mut row = vec![String::new(); COLUMNS.len()];
        row[0] = "plan".into();
        row[3] = p.kind().into();
        row[16] = inert(&p.to_string()).into_owned();
        w.write_record(&row)?;
    }
    w.flush()
}
