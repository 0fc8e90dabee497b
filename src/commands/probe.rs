//! `portolan probe PLAN [--from NODE] [--format bash|powershell] [-o FILE|DIR]`: the
//! connectivity test scripts; `portolan probe --results FILE... PLAN`: their results,
//! failures per firewall.

use super::{CommandError, EXIT_DIFFERENT};
use crate::catalog::Catalog;
use crate::change::Place;
use crate::cli::CliError;
use crate::engine::analyze;
use crate::io::{
    check_output, check_output_folder, load_plan, read_text, write_atomic_with, write_dir_atomic,
};
use crate::model::NodeKind;
use crate::probe::{Probe, failures, probes_from, read_results, write_bash, write_powershell};
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The scripting language of the probes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProbeFormat {
    /// Windows: Test-NetConnection.
    Powershell,
    /// Linux: nc -z.
    Bash,
}

impl ProbeFormat {
    fn extension(self) -> &'static str {
        match self {
            ProbeFormat::Powershell => "ps1",
            ProbeFormat::Bash => "sh",
        }
    }
}

/// The arguments of `portolan probe`.
pub struct ProbeArgs<'a> {
    pub plan: &'a Path,
    pub from: Option<&'a str>,
    pub format: ProbeFormat,
    pub output: Option<&'a Path>,
    pub results: &'a [PathBuf],
    pub catalog_path: Option<&'a Path>,
}

fn script(
    format: ProbeFormat,
    plan: &str,
    source: &str,
    probes: &[Probe<'_>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        ProbeFormat::Powershell => write_powershell(plan, source, probes, out),
        ProbeFormat::Bash => write_bash(plan, source, probes, out),
    }
}

/// Writes the scripts, or reads the results. Returns 0, or [`EXIT_DIFFERENT`] when a
/// result failed.
///
/// # Errors
/// A plan or results file that cannot be read, an unknown node, an output refused.
pub fn run(args: &ProbeArgs<'_>, catalog: &Catalog, out: &mut dyn Write) -> Result<u8, CliError> {
    let plan = load_plan(args.plan, catalog)?;
    let analysis = analyze(&plan, catalog);
    let rules = RuleSet::new(&plan, catalog, &analysis);
    if !args.results.is_empty() {
        return report(args, &rules, out);
    }
    let sources: Vec<&crate::model::Node> = match args.from {
        Some(name) => {
            let found: Vec<_> = plan.nodes.iter().filter(|n| n.name == name).collect();
            if found.is_empty() {
                return Err(CommandError::Usage(format!(
                    "the plan has no node {}",
                    crate::quote::quoted(name)
                ))
                .into());
            }
            found
        }
        None => plan
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Server && rules.iter().any(|r| r.source.id() == n.id))
            .collect(),
    };
    let inputs: Vec<&Path> = std::iter::once(args.plan)
        .chain(args.catalog_path)
        .collect();
    match (args.output, sources.as_slice()) {
        (None, [one]) => {
            let (probes, _) = probes_from(&rules, one.id);
            script(args.format, &plan.name, &one.name, &probes, out)?;
        }
        (None, _) => {
            return Err(CommandError::Usage(format!(
                "{} source hosts: name one with --from, or write a script each with -o DIR",
                sources.len()
            ))
            .into());
        }
        (Some(path), [one]) if args.from.is_some() => {
            check_output(path, &inputs)?;
            let (probes, _) = probes_from(&rules, one.id);
            write_atomic_with(path, |w| {
                let mut w = std::io::BufWriter::new(w);
                script(args.format, &plan.name, &one.name, &probes, &mut w)?;
                w.flush()
            })?;
        }
        (Some(dir), _) => {
            check_output_folder(dir, &inputs)?;
            write_dir_atomic(dir, |tmp| {
                let mut used = std::collections::HashSet::new();
                for node in &sources {
                    let mut name = crate::quote::file_word(&node.name, "node");
                    if !used.insert(name.clone()) {
                        name = format!("{name}-{}", node.id.0);
                        used.insert(name.clone());
                    }
                    let (probes, _) = probes_from(&rules, node.id);
                    let mut bytes = Vec::new();
                    script(args.format, &plan.name, &node.name, &probes, &mut bytes)?;
                    std::fs::write(
                        tmp.join(format!("{name}.{}", args.format.extension())),
                        bytes,
                    )?;
                }
                Ok(())
            })?;
        }
    }
    Ok(0)
}

fn report(args: &ProbeArgs<'_>, rules: &RuleSet<'_>, out: &mut dyn Write) -> Result<u8, CliError> {
    let mut rows = Vec::new();
    for path in args.results {
        let text = read_text(path)?;
        let read = read_results(&text, &path.display().to_string())
            .map_err(|e| CommandError::Usage(e.to_string()))?;
        rows.extend(read);
    }
    let failed = failures(rules, &rows);
    let manual = rows.iter().filter(|r| r.result == "not probed").count();
    let passed = rows.iter().filter(|r| r.result == "pass").count();
    let mut by_place: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    for f in &failed {
        let r = &f.row;
        let what = format!(
            "{} -> {} ({}) {} {}",
            r.source, r.destination, r.address, r.protocol, r.port
        );
        if f.rules.is_empty() {
            by_place
                .entry((true, "not in the plan".into()))
                .or_default()
                .push(format!(
                    "{what} (line {}): the plan has no such flow",
                    r.line
                ));
        }
        for rule in &f.rules {
            let place = Place::of(rule);
            by_place
                .entry((rule.is_host(), place.label()))
                .or_default()
                .push(format!(
                    "{what}: rule {} -> {} {} {} [{}]",
                    rule.source.name(),
                    rule.destination.name(),
                    rule.protocol,
                    rule.protocol.ports_text(rule.ports),
                    rule.requirements.ids().join(", ")
                ));
        }
    }
    for ((_, place), lines) in &by_place {
        writeln!(out, "{place}: {} failed probe(s)", lines.len())?;
        for l in lines {
            writeln!(out, "  {l}")?;
        }
    }
    writeln!(
        out,
        "{passed} passed, {} failed, {manual} not probed (UDP and the like: check them by hand)",
        failed.len()
    )?;
    Ok(if failed.is_empty() { 0 } else { EXIT_DIFFERENT })
}
