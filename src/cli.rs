//! The command line: `portolan [PLAN]`, `portolan export`, `portolan check`, `portolan roles`.

use crate::catalog::{Catalog, CatalogError};
use crate::engine::{Severity, analyze};
use crate::export::{save_csv, write_csv};
use crate::io::{PlanError, load_plan};
use crate::model::Plan;
use clap::{Parser, Subcommand, ValueEnum};
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
    /// Write the firewall matrix of PLAN (problems go to stderr).
    Export {
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Output file (written atomically); stdout when absent.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the problems of PLAN, one per line; exit 1 when there is an error.
    Check { plan: PathBuf },
    /// List the catalog's roles with their ids, for use in plan files.
    Roles,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
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
    #[error("cannot write the matrix: {0}")]
    Csv(#[from] csv::Error),
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

/// The catalog's roles by group, in catalog order: a heading per group, then one role per
/// line with its id, badge and name; traits (implied by other roles) are marked.
fn write_roles(catalog: &Catalog, out: &mut dyn Write) -> std::io::Result<()> {
    let mut groups: Vec<&str> = Vec::new();
    for role in catalog.roles() {
        if !groups.contains(&role.group.as_str()) {
            groups.push(&role.group);
        }
    }
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{group}")?;
        for role in catalog.roles().iter().filter(|r| r.group == *group) {
            let kind = if role.kind == crate::catalog::RoleKind::Trait {
                " (implied by other roles)"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<28} {:<5} {}{kind}",
                role.id, role.short, role.name
            )?;
        }
    }
    Ok(())
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
            write_roles(&catalog, out)?;
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
        Command::Export {
            plan,
            format: Format::Csv,
            output,
        } => {
            let plan: Plan = load_plan(plan, &catalog)?;
            let analysis = analyze(&plan, &catalog);
            for p in analysis
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                writeln!(err, "{p}")?;
            }
            match output {
                Some(path) => save_csv(path, &plan, &catalog, &analysis)?,
                None => write_csv(out, &plan, &catalog, &analysis)?,
            }
            Ok(0)
        }
    }
}
