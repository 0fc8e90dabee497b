//! The verification report as text: per firewall, what is missing and what is in excess.

use super::{Action, Deployed, Findings};
use crate::rules::Rule;
use std::io::Write;

/// One firewall's verification.
pub struct FirewallReport<'a> {
    /// What is verified: `firewall edge`, `host dc01`.
    pub firewall: &'a str,
    /// Where the deployed set came from (a file name).
    pub origin: &'a str,
    pub deployed: &'a Deployed,
    /// The plan's rules for the firewall, as given to [`super::verify`].
    pub required: &'a [Rule<'a>],
    pub findings: Findings,
}

fn ends(rule: &Rule<'_>) -> String {
    let at = |e: &crate::rules::Endpoint<'_>| match e.address() {
        Some(a) => format!("{} ({a})", e.name()),
        None => e.name().to_owned(),
    };
    format!(
        "{} -> {} {} {}",
        at(&rule.source),
        at(&rule.destination),
        rule.protocol,
        rule.protocol.ports_text(rule.ports)
    )
}

/// Writes the reports; returns the totals (missing, excess).
///
/// # Errors
/// The writer's I/O errors.
pub fn write_report(
    reports: &[FirewallReport<'_>],
    out: &mut dyn Write,
) -> std::io::Result<(usize, usize)> {
    let (mut missing, mut excess) = (0, 0);
    for r in reports {
        let d = r.deployed;
        let policy = match d.policy {
            Action::Accept => "ACCEPT",
            Action::Drop => "DROP",
        };
        writeln!(
            out,
            "{}: {} ({}), {} rule(s) evaluated, policy {policy}; {} required rule(s)",
            r.firewall,
            r.origin,
            d.kind,
            d.rules.len(),
            r.findings.checked
        )?;
        for m in &r.findings.missing {
            let Some(rule) = r.required.get(m.required) else {
                continue;
            };
            writeln!(
                out,
                "  missing: {} [{}]",
                ends(rule),
                rule.requirements.ids().join(", ")
            )?;
            match m.dropped_by.and_then(|i| d.rules.get(i)) {
                Some(by) => writeln!(
                    out,
                    "      {} is dropped by {} {}: {}",
                    m.example, d.unit, by.line, by.text
                )?,
                None => writeln!(
                    out,
                    "      {} reaches no rule that allows it (policy {policy})",
                    m.example
                )?,
            }
        }
        for x in &r.findings.excess {
            let Some(rule) = d.rules.get(x.rule) else {
                continue;
            };
            writeln!(out, "  excess: {} {}: {}", d.unit, rule.line, rule.text)?;
            match &x.example {
                Some(c) => writeln!(out, "      allows {c}, which no requirement explains")?,
                None => writeln!(
                    out,
                    "      allows more than the requirements explain (too many pieces to single one out)"
                )?,
            }
        }
        for n in &d.notes {
            writeln!(out, "  note: {n}")?;
        }
        writeln!(
            out,
            "  {}: {} missing, {} excess",
            r.firewall,
            r.findings.missing.len(),
            r.findings.excess.len()
        )?;
        missing += r.findings.missing.len();
        excess += r.findings.excess.len();
    }
    Ok((missing, excess))
}
