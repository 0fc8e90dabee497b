//! `portolan verify PLAN --deployed FILE [--firewall NAME]`: the deployed rules against
//! the plan's.

use super::{CommandError, EXIT_DIFFERENT};
use crate::catalog::Catalog;
use crate::cli::CliError;
use crate::engine::analyze;
use crate::io::{load_plan, read_text};
use crate::model::Firewall;
use crate::rules::{Rule, RuleSet};
use crate::verify::{
    Action, Deployed, DeployedFile, FirewallReport, read_deployed, verify, write_report,
};
use smallvec::SmallVec;
use std::io::Write;
use std::path::Path;

/// The arguments of `portolan verify`.
pub struct VerifyArgs<'a> {
    pub plan: &'a Path,
    pub deployed: &'a Path,
    pub firewall: Option<&'a str>,
}

fn names(plan: &crate::model::Plan) -> String {
    plan.firewalls
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Verifies and writes the report. Returns 0 when nothing is missing or in excess,
/// [`EXIT_DIFFERENT`] otherwise.
///
/// # Errors
/// A plan or deployed file that cannot be read, a firewall the plan lacks.
pub fn run(args: &VerifyArgs<'_>, catalog: &Catalog, out: &mut dyn Write) -> Result<u8, CliError> {
    let plan = load_plan(args.plan, catalog)?;
    let text = read_text(args.deployed)?;
    let origin = args.deployed.display().to_string();
    let file = read_deployed(&text, &origin).map_err(|e| CommandError::Usage(e.to_string()))?;
    let find = |name: &str| -> Result<&Firewall, CommandError> {
        plan.firewalls
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| {
                CommandError::Usage(format!(
                    "the plan has no firewall {}: its firewalls are {}",
                    crate::quote::quoted(name),
                    names(&plan)
                ))
            })
    };
    let empty = |kind| Deployed {
        kind,
        unit: "line",
        rules: Vec::new(),
        policy: Action::Drop,
        families: SmallVec::from_slice(&[crate::model::Family::V4, crate::model::Family::V6]),
        notes: vec!["the file has no rule for this firewall".into()],
    };
    let analysis = analyze(&plan, catalog);
    let rules = RuleSet::new(&plan, catalog, &analysis);
    let through = |fw: &Firewall| -> Vec<Rule<'_>> {
        rules
            .iter()
            .filter(|r| r.firewall.is_some_and(|f| f.id == fw.id))
            .collect()
    };
    // (what is verified, the plan's rules for it, the deployed set)
    let mut targets: Vec<(String, Vec<Rule<'_>>, Deployed)> = Vec::new();
    match file {
        DeployedFile::One(d) => {
            let fw = match (args.firewall, plan.firewalls.as_slice()) {
                (Some(name), _) => find(name)?,
                (None, [only]) => only,
                (None, _) => {
                    return Err(CommandError::Usage(format!(
                        "{origin} is one firewall's rule set and the plan has {} firewalls: name it with --firewall ({})",
                        plan.firewalls.len(),
                        names(&plan)
                    ))
                    .into());
                }
            };
            targets.push((format!("firewall {}", fw.name), through(fw), d));
        }
        DeployedFile::PerFirewall(mut map) => {
            if let Some(unknown) = map
                .keys()
                .find(|k| !plan.firewalls.iter().any(|f| &&f.name == k))
            {
                find(unknown)?;
            }
            if let Some(name) = args.firewall {
                find(name)?;
            }
            for f in &plan.firewalls {
                if args.firewall.is_some_and(|n| n != f.name) {
                    continue;
                }
                let d = map
                    .remove(&f.name)
                    .unwrap_or_else(|| empty("Portolan CSV matrix"));
                targets.push((format!("firewall {}", f.name), through(f), d));
            }
        }
        DeployedFile::Host(mut d) => {
            let Some(name) = args.firewall else {
                return Err(CommandError::Usage(format!(
                    "{origin} holds a Windows server's firewall rules: name the server with --firewall NODE"
                ))
                .into());
            };
            let Some(node) = plan.nodes.iter().find(|n| n.name == name) else {
                return Err(CommandError::Usage(format!(
                    "the plan has no node {}",
                    crate::quote::quoted(name)
                ))
                .into());
            };
            d.for_host(node.address.as_ref());
            // Every flow the server listens for, from its zone or through firewalls; a
            // flow through two firewalls is one inbound connection.
            let mut seen = std::collections::HashSet::new();
            let inbound: Vec<Rule<'_>> = rules
                .iter()
                .filter(|r| r.destination.name() == name)
                .filter(|r| seen.insert((r.source.id(), r.destination.id(), r.protocol)))
                .collect();
            targets.push((format!("host {name}"), inbound, d));
        }
    }
    let reports: Vec<FirewallReport<'_>> = targets
        .iter()
        .map(|(label, req, d)| FirewallReport {
            firewall: label,
            origin: &origin,
            deployed: d,
            required: req,
            findings: verify(req, d),
        })
        .collect();
    let (missing, excess) = write_report(&reports, out)?;
    Ok(if missing + excess == 0 {
        0
    } else {
        EXIT_DIFFERENT
    })
}
