//! The command line: `portolan [PLAN]`, `portolan export`, `portolan check`, `portolan review`,
//! `portolan roles`, `portolan formats`.

use crate::catalog::{Catalog, CatalogError};
use crate::engine::{Severity, analyze};
use crate::export::{
    ExportError, ExportOptions, Policy, export_to_path, export_to_writer, find_format,
};
use crate::io::{
    OutputError, PlanError, ReadError, check_output, check_output_folder, load_plan, read_text,
};
use crate::model::Plan;
use crate::rules::RuleSet;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{CommandFactory, Parser, Subcommand};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Exit code: the plan has check errors (`review`: a finding at or above `--fail-on`).
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

impl Cli {
    /// Parses the process's arguments like [`Parser::parse`] (exiting with clap's message
    /// on a usage error), and refuses a first argument that is neither a subcommand nor
    /// an existing file (see [`Cli::unknown_subcommand`]).
    pub fn parse_args() -> Cli {
        let cli = Cli::parse();
        if let Some(error) = cli.unknown_subcommand() {
            error.exit();
        }
        cli
    }

    /// clap's "unrecognized subcommand" error, listing the subcommands, when the plan to
    /// open is a word that names no existing file: `portolan frobnicate` is a mistyped
    /// subcommand (or file name), not a new plan.
    pub fn unknown_subcommand(&self) -> Option<clap::Error> {
        let plan = self.plan.as_ref().filter(|_| self.command.is_none())?;
        if std::fs::symlink_metadata(plan).is_ok() {
            return None;
        }
        let mut cmd = Cli::command();
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| format!("'{}'", s.get_name()))
            .collect();
        let message = format!(
            "unrecognized subcommand '{}': it is not a subcommand ({}) nor an existing plan file",
            plan.display(),
            names.join(", ")
        );
        Some(cmd.error(clap::error::ErrorKind::InvalidSubcommand, message))
    }
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
        /// nftables, iptables: the final policy of each firewall, for traffic no rule
        /// accepts.
        #[arg(long, default_value = "drop", value_parser = policy_parser())]
        policy: Policy,
        /// Pictures (svg, png, report): the flows the diagram shows.
        #[arg(long, value_enum, default_value_t = FlowsArg::Auto)]
        flows: FlowsArg,
        /// PNG: pixels per diagram unit, e.g. 2 for print (above 0, at most 16).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
    },
    /// List the export formats.
    Formats,
    /// List the problems of PLAN, one per line; exit 1 when there is an error.
    Check { plan: PathBuf },
    /// List the catalog's roles with their ids, for use in plan files.
    Roles,
    /// Compare two versions of a plan as firewall changes: the rules to add, remove and
    /// change per firewall, and the plan changes behind them. Exit 0 when they are the
    /// same, 1 when they differ, 2 on bad input.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// The form of the report.
        #[arg(long, value_enum, default_value_t = crate::change::write::DiffFormat::Text)]
        format: crate::change::write::DiffFormat,
        /// Output file (written atomically); stdout when absent.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check a deployed rule set (iptables-save, nft -j list ruleset, a Portolan CSV
    /// matrix, or a Windows Firewall rules CSV: the README shows the PowerShell that makes
    /// it; the kind is recognised from the content) against PLAN: required flows it does not allow (missing), traffic it allows
    /// that no requirement explains (excess). Exit 0 when neither, 1 otherwise, 2 on bad
    /// input.
    Verify {
        plan: PathBuf,
        /// The deployed rule set.
        #[arg(long, value_name = "FILE")]
        deployed: PathBuf,
        /// The plan's firewall the rule set belongs to (needed when the plan has several
        /// and the file holds one firewall's rules).
        #[arg(long, value_name = "NAME")]
        firewall: Option<String>,
    },
    /// Connectivity test scripts to run on each source host after a change window (TCP
    /// with Test-NetConnection or nc -z, ranges sampled; UDP listed for a manual check),
    /// or, with --results, the failed probes per firewall. Exit 1 when a probe failed.
    Probe {
        plan: PathBuf,
        /// The source host; every server with flows when absent (needs -o DIR).
        #[arg(long, value_name = "NODE")]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = crate::commands::probe::ProbeFormat::Powershell)]
        format: crate::commands::probe::ProbeFormat,
        /// Output file (with --from) or folder (a script per host); stdout when absent.
        #[arg(short, long, value_name = "FILE|DIR")]
        output: Option<PathBuf>,
        /// Results CSV files the scripts wrote: report the failed probes per firewall.
        #[arg(long, value_name = "RESULTS.csv")]
        results: Vec<PathBuf>,
    },
    /// Review PLAN as a security architect would: the broad rules each firewall opens
    /// from lower to higher trust, most severe first, how to narrow them, and a summary
    /// per firewall. Exit 1 when a finding is at or above --fail-on.
    Review {
        plan: PathBuf,
        /// How to write the review.
        #[arg(long, default_value = "text", value_parser = ["text", "csv", "markdown"])]
        format: String,
        /// Exit 1 when a finding is at this severity or above.
        #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = ["high", "medium", "low", "info"])]
        fail_on: String,
    },
}

/// `--flows`: which flows a diagram shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FlowsArg {
    /// Every flow and "uses" link, or only the flows through firewalls (no links) when
    /// there are more than 10,000 arrows or links.
    Auto,
    /// Every flow and every "uses" link, however many.
    All,
    /// Only flows through firewalls (and those no firewall joins yet).
    Crossing,
    /// No flows: zones, firewalls and servers only.
    None,
}

impl From<FlowsArg> for crate::diagram::FlowFilter {
    fn from(f: FlowsArg) -> Self {
        match f {
            FlowsArg::Auto => Self::Auto,
            FlowsArg::All => Self::All,
            FlowsArg::Crossing => Self::Crossing,
            FlowsArg::None => Self::None,
        }
    }
}

/// The ids `--format` accepts, from the one list of formats, with their descriptions.
fn format_ids() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::export::formats()
            .iter()
            .map(|f| PossibleValue::new(f.id()).help(f.description())),
    )
}

/// The values `--policy` accepts.
fn policy_parser() -> impl clap::builder::TypedValueParser<Value = Policy> {
    use clap::builder::TypedValueParser;
    PossibleValuesParser::new(Policy::IDS).try_map(|s| s.parse::<Policy>())
}

/// Everything that makes the command line give up with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    OutputPath(#[from] OutputError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Review(#[from] crate::review::KnowledgeError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Write(#[from] crate::io::WriteError),
    /// `diff`, `verify`, `probe`: their own bad input.
    #[error(transparent)]
    Command(#[from] crate::commands::CommandError),
}

impl CliError {
    /// Whether this is the standard output's reader going away (`portolan export plan.ron
    /// | head`): not a failure, the command just stops.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            CliError::Output(e) | CliError::Export(ExportError::Io(e)) => broken_pipe(e),
            _ => false,
        }
    }
}

/// Whether `e` is a broken pipe, also when it wraps a csv writer's error.
fn broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::BrokenPipe
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<csv::Error>())
            .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe))
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
    let text = read_text(path)?;
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
/// given writers, so tests can run it in-process. An output that fails is an error (exit
/// 2), except a broken pipe, which ends the command quietly with exit code 0.
pub fn run_command(
    command: &Command,
    catalog_path: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match try_command(command, catalog_path, out, err) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => 0,
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
        Command::Diff {
            old,
            new,
            format,
            output,
        } => crate::commands::diff::run(
            &crate::commands::diff::DiffArgs {
                old,
                new,
                format: *format,
                output: output.as_deref(),
                catalog_path,
            },
            &catalog,
            out,
        ),
        Command::Verify {
            plan,
            deployed,
            firewall,
        } => crate::commands::verify::run(
            &crate::commands::verify::VerifyArgs {
                plan,
                deployed,
                firewall: firewall.as_deref(),
            },
            &catalog,
            out,
        ),
        Command::Probe {
            plan,
            from,
            format,
            output,
            results,
        } => crate::commands::probe::run(
            &crate::commands::probe::ProbeArgs {
                plan,
                from: from.as_deref(),
                format: *format,
                output: output.as_deref(),
                results,
                catalog_path,
            },
            &catalog,
            out,
        ),
        Command::Review {
            plan,
            format,
            fail_on,
        } => {
            use crate::review::{Knowledge, ReviewFormat, Severity as Risk, review, write_review};
            let format = ReviewFormat::from_id(format).unwrap_or(ReviewFormat::Text);
            let fail_on: Risk = fail_on.parse().unwrap_or(Risk::High);
            let plan = load_plan(plan, &catalog)?;
            let knowledge = Knowledge::builtin(&catalog)?;
            let analysis = analyze(&plan, &catalog);
            let result = review(&plan, &catalog, &analysis, &knowledge);
            write_review(out, &result, &plan, format)?;
            Ok(if result.any_at_least(fail_on) {
                EXIT_CHECK_ERRORS
            } else {
                0
            })
        }
        Command::Formats => {
            let width = crate::export::formats()
                .iter()
                .map(|f| f.extension().len() + 1)
                .max()
                .unwrap_or(0);
            for f in crate::export::formats() {
                let output = match f.output() {
                    crate::export::Output::File => "file",
                    crate::export::Output::Folder => "folder",
                };
                let ext = format!(".{}", f.extension());
                writeln!(
                    out,
                    "{:<18} {:<7} {:<width$} {}",
                    f.id(),
                    output,
                    ext,
                    f.description()
                )?;
            }
            Ok(0)
        }
        Command::Export {
            plan: plan_path,
            format,
            output,
            bom,
            policy,
            flows,
            scale,
        } => {
            let format = find_format(format)?;
            if output.is_none() && format.output() == crate::export::Output::Folder {
                return Err(ExportError::NeedsFolder {
                    format: format.id(),
                }
                .into());
            }
            let plan: Plan = load_plan(plan_path, &catalog)?;
            let analysis = analyze(&plan, &catalog);
            for p in analysis
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                writeln!(err, "{p}")?;
            }
            let rules = RuleSet::new(&plan, &catalog, &analysis);
            let options = ExportOptions {
                bom: *bom,
                policy: *policy,
                flows: (*flows).into(),
                scale: *scale,
            };
            match output {
                Some(path) => {
                    let inputs: Vec<&Path> = std::iter::once(plan_path.as_path())
                        .chain(catalog_path)
                        .collect();
                    match format.output() {
                        crate::export::Output::File => check_output(path, &inputs)?,
                        crate::export::Output::Folder => check_output_folder(path, &inputs)?,
                    }
                    export_to_path(format, &rules, &options, path)?;
                }
                None => export_to_writer(format, &rules, &options, out)?,
            }
            Ok(0)
        }
    }
}
