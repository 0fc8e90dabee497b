//! `portolan diff OLD NEW`: two versions of a plan as firewall changes.

use super::EXIT_DIFFERENT;
use crate::catalog::Catalog;
use crate::change::diff;
use crate::change::write::{DiffFormat, nftables_delta, write_diff, write_iptables_delta};
use crate::cli::CliError;
use crate::engine::analyze;
use crate::io::{
    check_output, check_output_folder, load_plan, write_atomic_with, write_dir_atomic,
};
use crate::rules::RuleSet;
use std::io::Write;
use std::path::Path;

/// The arguments of `portolan diff`.
pub struct DiffArgs<'a> {
    pub old: &'a Path,
    pub new: &'a Path,
    pub format: DiffFormat,
    pub output: Option<&'a Path>,
    pub catalog_path: Option<&'a Path>,
}

/// Loads both plans, compares them and writes the report. Returns 0 when they are the
/// same, [`EXIT_DIFFERENT`] when they differ.
///
/// # Errors
/// A plan that does not load, an output that cannot be written.
pub fn run(args: &DiffArgs<'_>, catalog: &Catalog, out: &mut dyn Write) -> Result<u8, CliError> {
    let old = load_plan(args.old, catalog)?;
    let new = load_plan(args.new, catalog)?;
    let (a, b) = (analyze(&old, catalog), analyze(&new, catalog));
    let (ra, rb) = (
        RuleSet::new(&old, catalog, &a),
        RuleSet::new(&new, catalog, &b),
    );
    let d = diff(&ra, &rb);
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    if matches!(args.format, DiffFormat::Iptables | DiffFormat::Nftables) {
        let Some(dir) = args.output else {
            return Err(super::CommandError::Usage(format!(
                "--format {} writes a file per firewall: give the folder with -o DIR",
                if args.format == DiffFormat::Iptables {
                    "iptables"
                } else {
                    "nftables"
                }
            ))
            .into());
        };
        let inputs: Vec<&Path> = [args.old, args.new]
            .into_iter()
            .chain(args.catalog_path)
            .collect();
        check_output_folder(dir, &inputs)?;
        if args.format == DiffFormat::Nftables {
            let scripts = nftables_delta(&d, &ra, &rb, (&old_name, &new_name))?;
            write_dir_atomic(dir, |tmp| {
                for (file, text) in &scripts {
                    std::fs::write(tmp.join(file), text)?;
                }
                Ok(())
            })?;
        } else {
            write_dir_atomic(dir, |tmp| {
                write_iptables_delta(&d, &ra, &rb, (&old_name, &new_name), tmp).map(|_| ())
            })?;
        }
        return Ok(if d.is_empty() { 0 } else { EXIT_DIFFERENT });
    }
    match args.output {
        Some(path) => {
            let inputs: Vec<&Path> = [args.old, args.new]
                .into_iter()
                .chain(args.catalog_path)
                .collect();
            check_output(path, &inputs)?;
            write_atomic_with(path, |w| {
                write_diff(&d, args.format, &old_name, &new_name, w)
            })?;
        }
        None => write_diff(&d, args.format, &old_name, &new_name, out)?,
    }
    Ok(if d.is_empty() { 0 } else { EXIT_DIFFERENT })
}
