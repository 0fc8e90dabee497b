//! The rules as text cells: the matrix's columns, shared by CSV, XLSX and the app's
//! table.

use crate::rules::{Requirements, Rule, RuleSet};

/// Column names, in order, as the CSV header writes them.
pub const COLUMNS: [&str; 13] = [
    "firewall",
    "source_zone",
    "source",
    "source_address",
    "destination_zone",
    "destination",
    "destination_address",
    "protocol",
    "ports",
    "service",
    "purpose",
    "requirement",
    "reference",
];

/// The column after [`COLUMNS`] in the CSV and the workbook: the most severe finding of
/// the review about the rule (`high`, `medium`, `low`; empty when none).
pub const RISK_COLUMN: &str = "risk";

/// The service, purpose, requirement and reference cells of a set of requirements:
/// each distinct text once, in catalog order, joined with `"; "`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequirementCells {
    pub service: String,
    pub purpose: String,
    pub requirement: String,
    pub reference: String,
}

impl RequirementCells {
    pub fn new(requirements: &Requirements<'_>) -> Self {
        let mut references: Vec<String> = Vec::new();
        for c in requirements.citations() {
            let cite = c.to_string();
            if !references.contains(&cite) {
                references.push(cite);
            }
        }
        RequirementCells {
            service: requirements.services().join("; "),
            purpose: requirements.purposes().join("; "),
            requirement: requirements.ids().join("; "),
            reference: references.join("; "),
        }
    }

    /// The four cells in [`COLUMNS`] order.
    pub fn as_array(&self) -> [&str; 4] {
        [
            &self.service,
            &self.purpose,
            &self.requirement,
            &self.reference,
        ]
    }

    /// The cells of every requirement set of `rules`, by [`Requirements::set`]: made
    /// once per set, not once per rule.
    pub fn all(rules: &RuleSet<'_>) -> Vec<RequirementCells> {
        let matrix = &rules.analysis.matrix;
        matrix
            .requirement_sets
            .iter()
            .enumerate()
            .map(|(set, ids)| Self::new(&Requirements::new(rules.catalog, set, ids)))
            .collect()
    }
}

/// The 13 cells of `rule` with its requirement cells already made, in [`COLUMNS`]
/// order.
pub fn rule_cells(rule: &Rule<'_>, requirement: &RequirementCells) -> [String; 13] {
    let address =
        |e: &crate::rules::Endpoint<'_>| e.address().map_or(String::new(), |a| a.to_string());
    [
        rule.firewall.map_or(String::new(), |f| f.name.clone()),
        rule.source.zone_name().to_owned(),
        rule.source.name().to_owned(),
        address(&rule.source),
        rule.destination.zone_name().to_owned(),
        rule.destination.name().to_owned(),
        address(&rule.destination),
        rule.protocol.to_string(),
        rule.protocol.ports_text(rule.ports),
        requirement.service.clone(),
        requirement.purpose.clone(),
        requirement.requirement.clone(),
        requirement.reference.clone(),
    ]
}

/// The cells of every rule, in order; the requirement cells are made once per set.
pub fn rules_cells(rules: &RuleSet<'_>) -> Vec<[String; 13]> {
    let sets = RequirementCells::all(rules);
    let none = RequirementCells::default();
    rules
        .iter()
        .map(|r| rule_cells(&r, sets.get(r.requirements.set()).unwrap_or(&none)))
        .collect()
}
