//! The rows of the rules table: first the flows no chain of firewalls routes, merged the
//! way rules are and marked as having no path (what is missing, where the user looks),
//! then each rule of the typed rule view ([`crate::rules`]) in matrix order.
//!
//! Rows keep the typed keys the table filters and sorts on (firewall, nodes, zones,
//! protocol, ports) beside the text cells it shows, which are made once per analysis.

use crate::catalog::Catalog;
use crate::engine::Analysis;
use crate::export::{RequirementCells, rule_cells};
use crate::model::{FirewallId, NodeId, PortSet, Protocol, ZoneId};
use crate::rules::{Endpoint, Requirements, RuleSet};

/// The firewall cell of a row with no path.
pub const NO_PATH: &str = "no path";

/// One row of the rules table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The rule's index in the matrix; `None` for flows no firewall path joins.
    pub rule: Option<usize>,
    /// The firewall crossed; `None` within one zone, or when there is no path.
    pub firewall: Option<FirewallId>,
    pub source: NodeId,
    pub destination: NodeId,
    pub source_zone: Option<ZoneId>,
    pub destination_zone: Option<ZoneId>,
    pub protocol: Protocol,
    pub ports: PortSet,
    /// The cells shown, in [`crate::export::COLUMNS`] order.
    pub cells: [String; 13],
    /// Every cell, lower-cased and joined, for the text filter.
    pub search: String,
}

impl TableRow {
    /// Whether no chain of firewalls joins the two zones.
    pub fn no_path(&self) -> bool {
        self.rule.is_none()
    }
}

/// The table's rows: the unrouted flows (one row per source, destination and protocol),
/// then the rules in matrix order. **O(R + F)** for R rules and F unrouted flows; the
/// requirement cells are made once per requirement set.
pub fn table_rows(rules: &RuleSet<'_>) -> Vec<TableRow> {
    let sets = RequirementCells::all(rules);
    let none = RequirementCells::default();
    let matrix = &rules.analysis.matrix;
    let mut out: Vec<TableRow> = no_path_rows(rules, rules.catalog, rules.analysis).collect();
    out.extend(matrix.rows.iter().enumerate().filter_map(|(i, row)| {
        let rule = rules.get(i)?;
        let cells = rule_cells(&rule, sets.get(row.requirements).unwrap_or(&none));
        Some(TableRow {
            rule: Some(i),
            firewall: row.firewall,
            source: row.source,
            destination: row.destination,
            source_zone: rule.source.zone.map(|z| z.id),
            destination_zone: rule.destination.zone.map(|z| z.id),
            protocol: row.protocol,
            ports: row.ports.clone(),
            search: search_text(&cells),
            cells,
        })
    }));
    out
}

/// The unrouted flows, merged by source, destination and protocol (in derive's order
/// they are adjacent).
fn no_path_rows<'a>(
    rules: &'a RuleSet<'a>,
    catalog: &'a Catalog,
    analysis: &'a Analysis,
) -> impl Iterator<Item = TableRow> + 'a {
    let unrouted = &analysis.matrix.unrouted;
    let mut start = 0;
    std::iter::from_fn(move || {
        loop {
            let first = analysis.flows.get(*unrouted.get(start)?)?;
            let key = (first.source, first.destination, first.protocol);
            let mut ports = PortSet::new();
            let mut ids: Vec<usize> = Vec::new();
            let mut end = start;
            while let Some(f) = unrouted.get(end).and_then(|&i| analysis.flows.get(i)) {
                if (f.source, f.destination, f.protocol) != key {
                    break;
                }
                ports.extend(&f.ports);
                ids.push(f.requirement);
                end += 1;
            }
            start = end;
            ids.sort_unstable();
            ids.dedup();
            let (Some(source), Some(destination)) = (rules.endpoint(key.0), rules.endpoint(key.1))
            else {
                continue;
            };
            let requirement = RequirementCells::new(&Requirements::new(catalog, 0, &ids));
            let cells = no_path_cells(&source, &destination, key.2, &ports, &requirement);
            return Some(TableRow {
                rule: None,
                firewall: None,
                source: key.0,
                destination: key.1,
                source_zone: source.zone.map(|z| z.id),
                destination_zone: destination.zone.map(|z| z.id),
                protocol: key.2,
                ports,
                search: search_text(&cells),
                cells,
            });
        }
    })
}

fn no_path_cells(
    source: &Endpoint<'_>,
    destination: &Endpoint<'_>,
    protocol: Protocol,
    ports: &PortSet,
    requirement: &RequirementCells,
) -> [String; 13] {
    let address = |e: &Endpoint<'_>| e.address().map_or(String::new(), |a| a.to_string());
    [
        NO_PATH.to_owned(),
        source.zone_name().to_owned(),
        source.name().to_owned(),
        address(source),
        destination.zone_name().to_owned(),
        destination.name().to_owned(),
        address(destination),
        protocol.to_string(),
        protocol.ports_text(ports),
        requirement.service.clone(),
        requirement.purpose.clone(),
        requirement.requirement.clone(),
        requirement.reference.clone(),
    ]
}

fn search_text(cells: &[String; 13]) -> String {
    cells.join("\u{1f}").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Firewall, Plan};

    fn plan() -> (Plan, Catalog) {
        let catalog = Catalog::builtin().expect("catalog");
        let plan = crate::io::parse_plan(
            include_str!("../../examples/rds-perimeter.ron"),
            "example",
            &catalog,
        )
        .expect("example");
        (plan, catalog)
    }

    #[test]
    fn flows_with_no_path_come_first_then_the_rules_in_matrix_order() {
        let (mut plan, catalog) = plan();
        let analysis = crate::engine::analyze(&plan, &catalog);
        let rows = table_rows(&RuleSet::new(&plan, &catalog, &analysis));
        assert_eq!(rows.len(), analysis.matrix.rows.len(), "all routed");
        assert!(rows.iter().enumerate().all(|(i, r)| r.rule == Some(i)));
        let csv = crate::export::rules_cells(&RuleSet::new(&plan, &catalog, &analysis));
        assert!(rows.iter().zip(&csv).all(|(r, c)| r.cells == *c));

        // Without firewalls, flows between zones have no path and show up marked.
        let removed: Vec<Firewall> = std::mem::take(&mut plan.firewalls);
        assert!(!removed.is_empty());
        let analysis = crate::engine::analyze(&plan, &catalog);
        assert!(!analysis.matrix.unrouted.is_empty());
        let rows = table_rows(&RuleSet::new(&plan, &catalog, &analysis));
        let no_path: Vec<&TableRow> = rows.iter().filter(|r| r.no_path()).collect();
        assert!(!no_path.is_empty());
        assert_eq!(rows.len(), analysis.matrix.rows.len() + no_path.len());
        assert!(rows[..no_path.len()].iter().all(TableRow::no_path), "first");
        let rules: Vec<Option<usize>> = rows[no_path.len()..].iter().map(|r| r.rule).collect();
        assert_eq!(
            rules,
            (0..analysis.matrix.rows.len())
                .map(Some)
                .collect::<Vec<_>>()
        );
        for r in &no_path {
            assert_eq!(r.cells[0], NO_PATH);
            assert_ne!(r.source_zone, r.destination_zone);
            assert!(!r.ports.is_empty() || !r.protocol.has_ports());
            assert!(!r.cells[9].is_empty(), "a service");
        }
        // One row per source, destination and protocol.
        let mut keys: Vec<_> = no_path
            .iter()
            .map(|r| (r.source, r.destination, r.protocol))
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
        // Every unrouted flow's ports are in its row.
        for &i in &analysis.matrix.unrouted {
            let f = &analysis.flows[i];
            let row = no_path
                .iter()
                .find(|r| {
                    (r.source, r.destination, r.protocol) == (f.source, f.destination, f.protocol)
                })
                .expect("a row for the flow");
            for range in f.ports.ranges() {
                assert!(row.ports.contains(range.start));
            }
        }
    }
}
