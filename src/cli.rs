//! The command line: `portolan [PLAN]`, `portolan export`, `portolan check`, `portolan roles`,
//! `portolan formats`.

use crate::catalog::{Catalog, CatalogError};
use crate::engine::{Severity, analyze};
use crate::export::{ExportError, ExportOptions, export_to_path, export_to_writer, find_format};
use crate::io::{PlanError, load_plan};
use crate::model::Plan;
use crate::rules::RuleSet;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: the plan has check errors.
pub const EXIT_CHECK_ERRORS: u8 = 1;
/// Exit code: bad input (unreadable or malformed file, unknown role, dangling reference).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Portolan: draw zones and servers, get the firewall matrix their roles need.
#[derive(Debug, Parser)]
#[command(name = "portolan", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Plan to open in the app; the bundled rds-perimeter example when absent.
    pub plan: Option<PathBuf>,
    /// An extra catalog file adding roles and requirements of your own.
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the rules of PLAN in a format (problems go to stderr).
    Export {
        plan: PathBuf,
        /// The format (`portolan formats` lists them).
        #[arg(long, default_value = "csv", value_parser = format_ids())]
        format: String,
        /// Output file, or folder for the formats that write several files (written
        /// atomically); stdout when absent.
        #[arg(short, long, value_name = "FILE|DIR")]
        output: Option<PathBuf>,
        /// CSV: start with a UTF-8 byte order mark (for Excel on Windows).
        #[arg(long)]
        bom: bool,
    },
    /// List the export formats.
    Formats,
    /// List the problems of PLAN, one per line; exit 1 when there is an error.
    Check { plan: PathBuf },
    /// List the catalog's roles with their ids, for use in plan files.
    Roles,
}

/// The ids `--format` accepts, from the one list of formats, with their descriptions.
fn format_ids() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::export::formats()
            .iter()
            .map(|f| PossibleValue::new(f.id()).help(f.description())),
    )
}

/// Everything that makes the command line give up with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("cannot read the catalog {path}: {source}")]
    CatalogRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// The catalog to use: the built-in one plus `extra`, when given.
///
/// # Errors
/// The extra catalog cannot be read or does not validate.
pub fn load_catalog(extra: Option<&Path>) -> Result<Catalog, CliError> {
    let catalog = Catalog::builtin()?;
    let Some(path) = extra else {
        return Ok(catalog);
    };
    let text = std::fs::read_to_string(path).map_err(|source| CliError::CatalogRead {
        path: path.to_owned(),
        source,
    })?;
    Ok(catalog.extend(&text, &path.display().to_string())?)
}

/// Runs a non-GUI command and returns the exit code; output and messages go to the
/// given writers, so tests can run it in-process.
pub fn run_command(
    command: &Command,
    catalog_path: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match try_command(command, catalog_path, out, err) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_BAD_INPUT
        }
    }
}

fn try_command(
    command: &Command,
    catalog_path: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CliError> {
    let catalog = load_catalog(catalog_path)?;
    match command {
        Command::Roles => {
            for role in catalog.roles() {
                writeln!(
                    out,
                    "{:<24} {:<6} {} ({})",
                    role.id, role.short, role.name, role.group
                )?;
            }
            Ok(0)
        }
        Command::Check { plan } => {
            let plan = load_plan(plan, &catalog)?;
            let analysis = analyze(&plan, &catalog);
            for p in &analysis.problems {
                writeln!(out, "{p}")?;
            }
            if analysis.problems.is_empty() {
                writeln!(err, "no problems")?;
            }
            Ok(if analysis.has_errors() {
                EXIT_CHECK_ERRORS
            } else {
                0
            })
        }
        Command::Formats => {
            for f in crate::export::formats() {
                let output = match f.output() {
                    crate::export::Output::File => "file",
                    crate::export::Output::Folder => "folder",
                };
                let ext = format!(".{}", f.extension());
                writeln!(
                    out,
                    "{:<18} {:<7} {:<6} {}",
                    f.id(),
                    output,
                    ext,
                    f.description()
                )?;
            }
            Ok(0)
        }
        Command::Export {
            plan,
            format,
            output,
            bom,
        } => {
            let format = find_format(format)?;
            if output.is_none() && format.output() == crate::export::Output::Folder {
                return Err(ExportError::NeedsFolder {
                    format: format.id(),
                }
                .into());
            }
            let plan: Plan = load_plan(plan, &catalog)?;
            let analysis = analyze(&plan, &catalog);
            for p in analysis
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                writeln!(err, "{p}")?;
            }
            let rules = RuleSet::new(&plan, &catalog, &analysis);
            let options = ExportOptions { bom: *bom };
            match output {
                Some(path) => export_to_path(format, &rules, &options, path)?,
                None => export_to_writer(format, &rules, &options, out)?,
            }
            Ok(0)
        }
    }
}
