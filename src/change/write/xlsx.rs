//! The diff as an Excel workbook: *Summary* (each place's rules to add, remove and
//! change), *Rule changes* (the CSV form's columns, each row filled green, red or amber
//! by its change) and *Plan changes*. Every cell is text.

use super::ChangeCells;
use super::csv::COLUMNS;
use crate::change::{Diff, RuleChange};
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use std::io::Write;

fn io(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

pub(super) fn write(diff: &Diff<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = workbook(diff).map_err(io)?;
    out.write_all(&bytes)
}

fn workbook(diff: &Diff<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold();
    let fill = |rgb: u32| Format::new().set_background_color(Color::RGB(rgb));
    let (added, removed, changed) = (fill(0x00C6_EFCE), fill(0x00FF_C7CE), fill(0x00FF_EB9C));

    let sheet = book.add_worksheet().set_name("Summary")?;
    for (col, name) in (0u16..).zip(["place", "+rules", "-rules", "~rules"]) {
        sheet.write_string_with_format(0, col, name, &header)?;
    }
    sheet.set_column_width(0, 36)?;
    for (row, g) in (1u32..).zip(&diff.groups) {
        sheet.write_string(row, 0, g.place.label())?;
        for (col, n) in (1u16..).zip([g.added, g.removed, g.changed]) {
            sheet.write_string(row, col, n.to_string())?;
        }
    }

    let sheet = book.add_worksheet().set_name("Rule changes")?;
    for (col, name) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, col, name, &header)?;
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, i) in (1u32..).zip(0..diff.rules.len()) {
        let (Some(c), Some(change)) = (ChangeCells::new(diff, i), diff.rules.get(i)) else {
            continue;
        };
        let format = match change {
            RuleChange::Added(_) => &added,
            RuleChange::Removed(_) => &removed,
            RuleChange::Changed { .. } => &changed,
        };
        let cells = c.row();
        for (col, cell) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, cell, format)?;
        }
    }
    let last = u32::try_from(diff.rules.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, last, 16)?;

    let sheet = book.add_worksheet().set_name("Plan changes")?;
    sheet.write_string_with_format(0, 0, "kind", &header)?;
    sheet.write_string_with_format(0, 1, "change", &header)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 80)?;
    for (row, p) in (1u32..).zip(&diff.plan) {
        sheet.write_string(row, 0, p.kind())?;
        sheet.write_string(row, 1, p.to_string())?;
    }
    book.save_to_buffer()
}
