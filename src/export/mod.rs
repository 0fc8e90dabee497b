//! Exports: the formats, one file each in `formats/`, behind one [`Format`] interface,
//! all reading the typed rule view ([`crate::rules`]).

mod cells;
mod error;
mod format;
mod formats;
mod wrap;
mod write;

pub use cells::{COLUMNS, RISK_COLUMN, RequirementCells, rule_cells, rules_cells};
pub use error::ExportError;
pub use format::{ExportOptions, Format, Output, Policy, Sink};
pub use formats::{IptablesLines, NftChain, NftChains, NftRule, NftSet, format, formats};
pub use write::{export_to_path, export_to_writer, find_format, write_file_in};

use crate::catalog::Catalog;
use crate::engine::Analysis;
use crate::model::Plan;
use crate::rules::RuleSet;
use std::io::Write;
use std::path::Path;

/// Writes the matrix of `analysis` (computed from `plan`) as CSV, without a byte order
/// mark: the `csv` format in one call.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write_csv<W: Write>(
    mut out: W,
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
) -> Result<(), ExportError> {
    let rules = RuleSet::new(plan, catalog, analysis);
    export_to_writer(
        formats::csv_format(),
        &rules,
        &ExportOptions::default(),
        &mut out,
    )
}

/// Saves the matrix of `analysis` as CSV at `path`, atomically.
///
/// # Errors
/// [`ExportError::Write`] naming `path` when the folder is not writable or the disk is
/// full.
pub fn save_csv(
    path: &Path,
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
) -> Result<(), ExportError> {
    let rules = RuleSet::new(plan, catalog, analysis);
    export_to_path(
        formats::csv_format(),
        &rules,
        &ExportOptions::default(),
        path,
    )
}
