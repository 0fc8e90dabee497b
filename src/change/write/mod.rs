//! The forms of a [`Diff`]: one file each. The command line's `portolan diff --format`
//! reads [`DiffFormat`].

mod csv;
mod iptables;
mod markdown;
mod nftables;
mod text;
mod xlsx;

pub use iptables::write_iptables_delta;
pub use nftables::nftables_delta;

use super::{Diff, Differs, RuleChange};
use crate::export::RequirementCells;
use crate::rules::{Endpoint, Rule};
use std::io::Write;

/// The forms `portolan diff` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Plain text for a terminal: the plan changes, then each place's rule changes.
    Text,
    /// One row per rule change, with the requirements and the plan changes behind it.
    Csv,
    /// A change request: a summary table per firewall, then the rules.
    Markdown,
    /// An Excel workbook: a summary sheet, the rule changes (coloured by change) and the
    /// plan changes.
    Xlsx,
    /// The delta as `iptables-restore --noflush` files, one per firewall with changes
    /// (`-o DIR`): `-D` the rules to remove, `-A` the rules to add.
    Iptables,
    /// The delta as shell scripts, one per firewall with changes (`-o DIR`): each finds
    /// the handles of the rules to delete in the running nftables ruleset by their text,
    /// then applies the changes in one `nft -f` transaction.
    Nftables,
}

/// Writes `diff` in `format`; `old` and `new` name the two versions (file names).
///
/// # Errors
/// The writer's I/O errors.
pub fn write_diff(
    diff: &Diff<'_>,
    format: DiffFormat,
    old: &str,
    new: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        DiffFormat::Text => text::write(diff, old, new, out),
        DiffFormat::Csv => csv::write(diff, out),
        DiffFormat::Markdown => markdown::write(diff, old, new, out),
        DiffFormat::Xlsx => xlsx::write(diff, out),
        DiffFormat::Iptables | DiffFormat::Nftables => Err(std::io::Error::other(
            "the delta is a folder of files: give -o DIR",
        )),
    }
}

/// The texts of one rule change, as every form shows it.
pub struct ChangeCells {
    pub place: String,
    pub firewall: String,
    /// The server whose host firewall takes the rule; empty for a firewall's rule.
    pub host: String,
    /// `add`, `remove` or `change`.
    pub change: &'static str,
    pub source_zone: String,
    pub source: String,
    pub source_address: String,
    pub destination_zone: String,
    pub destination: String,
    pub destination_address: String,
    pub protocol: String,
    pub ports: String,
    /// For a change: what the old rule had where it differs (`ports 135,445`, ...).
    pub was: String,
    pub service: String,
    pub requirement: String,
    pub reference: String,
    /// The plan changes behind it, joined with `; `.
    pub cause: String,
}

fn address(e: &Endpoint<'_>) -> String {
    e.address().map_or(String::new(), ToString::to_string)
}

fn was(old: &Rule<'_>, new: &Rule<'_>, differs: Differs) -> String {
    let mut parts = Vec::new();
    if differs.ports {
        parts.push(format!("ports {}", old.protocol.ports_text(old.ports)));
    }
    if differs.addresses {
        if old.source.address() != new.source.address() {
            parts.push(format!("source address {}", address(&old.source)));
        }
        if old.destination.address() != new.destination.address() {
            parts.push(format!("destination address {}", address(&old.destination)));
        }
    }
    if differs.requirements {
        parts.push(format!(
            "requirements {}",
            old.requirements.ids().join(", ")
        ));
    }
    parts.join("; ")
}

impl ChangeCells {
    /// The cells in the order of the columns (`csv::COLUMNS`), as the CSV and the
    /// workbook write them.
    pub fn row(&self) -> [&str; 17] {
        [
            &self.place,
            &self.firewall,
            &self.host,
            self.change,
            &self.source_zone,
            &self.source,
            &self.source_address,
            &self.destination_zone,
            &self.destination,
            &self.destination_address,
            &self.protocol,
            &self.ports,
            &self.was,
            &self.service,
            &self.requirement,
            &self.reference,
            &self.cause,
        ]
    }

    /// The cells of rule change `i` of `diff`.
    pub fn new(diff: &Diff<'_>, i: usize) -> Option<ChangeCells> {
        let change = diff.rules.get(i)?;
        let rule = change.rule();
        let req = RequirementCells::new(&rule.requirements);
        let place = super::Place::of(rule);
        let cause: Vec<String> = diff.causes_of(i).map(ToString::to_string).collect();
        Some(ChangeCells {
            place: place.label(),
            firewall: place.firewall_name().to_owned(),
            host: if rule.is_host() {
                rule.destination.name().to_owned()
            } else {
                String::new()
            },
            change: change.verb(),
            source_zone: rule.source.zone_name().to_owned(),
            source: rule.source.name().to_owned(),
            source_address: address(&rule.source),
            destination_zone: rule.destination.zone_name().to_owned(),
            destination: rule.destination.name().to_owned(),
            destination_address: address(&rule.destination),
            protocol: rule.protocol.to_string(),
            ports: rule.protocol.ports_text(rule.ports),
            was: match change {
                RuleChange::Changed { old, new, differs } => was(old, new, *differs),
                _ => String::new(),
            },
            service: req.service,
            requirement: req.requirement,
            reference: req.reference,
            cause: cause.join("; "),
        })
    }
}
