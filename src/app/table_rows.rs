//! The rules table: first the flows no chain of firewalls routes, merged the way rules
//! are and marked as having no path (what is missing, where the user looks), then each
//! rule of the typed rule view ([`crate::rules`]) in matrix order.
//!
//! Rows keep the typed keys the table filters and sorts on (firewall, nodes, zones,
//! protocol, ports) beside the cells it shows. The cells are indices into one list of
//! texts, each distinct text held once (with its lower-cased form for the filters and the
//! sort). The 117,000 rows of a 10,000-node plan repeat few texts (node names and
//! addresses, zones, firewalls, ports, each requirement set's cells): measured with
//! heaptrack, the table takes about 18 MB where 13 strings and a search string per row
//! took about 125 MB.

use crate::catalog::Catalog;
use crate::engine::Analysis;
use crate::export::RequirementCells;
use crate::model::{FirewallId, NodeId, PortSet, Protocol, ZoneId};
use crate::rules::{Endpoint, Requirements, RuleSet};
use rustc_hash::FxHashMap;

/// The firewall cell of a row with no path.
pub const NO_PATH: &str = "no path";

/// Columns of a row's cells ([`crate::export::COLUMNS`]).
const COLUMNS: usize = 13;

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
    /// The cells shown, in [`crate::export::COLUMNS`] order, as indices into the
    /// table's texts ([`Table::cell`]).
    cells: [u32; COLUMNS],
}

impl TableRow {
    /// Whether no chain of firewalls joins the two zones.
    pub fn no_path(&self) -> bool {
        self.rule.is_none()
    }
}

/// The rows of the rules table and the texts of their cells.
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<TableRow>,
    /// Each distinct cell text once; rows refer to them by index.
    texts: Vec<Box<str>>,
    /// `texts`, lower-cased, for the case-insensitive filters and sort.
    lower: Vec<Box<str>>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&TableRow> {
        self.rows.get(i)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, TableRow> {
        self.rows.iter()
    }

    /// The text of `row`'s cell in column `col` ([`crate::export::COLUMNS`] order).
    pub fn cell(&self, row: &TableRow, col: usize) -> &str {
        Self::text(&self.texts, row, col)
    }

    /// The text of `row`'s cell in column `col`, lower-cased.
    pub fn cell_lower(&self, row: &TableRow, col: usize) -> &str {
        Self::text(&self.lower, row, col)
    }

    fn text<'t>(texts: &'t [Box<str>], row: &TableRow, col: usize) -> &'t str {
        row.cells
            .get(col)
            .and_then(|&t| texts.get(t as usize))
            .map_or("", |t| t)
    }

    /// `row`'s cells, in [`crate::export::COLUMNS`] order.
    pub fn cells<'t>(&'t self, row: &'t TableRow) -> impl Iterator<Item = &'t str> + 't {
        (0..COLUMNS).map(move |c| self.cell(row, c))
    }

    /// Which texts contain `needle` (lower-case) once lower-cased: the filters test
    /// each distinct text once, then rows by index. **O(texts)**.
    pub fn texts_containing(&self, needle: &str) -> TextMatches {
        TextMatches(self.lower.iter().map(|t| t.contains(needle)).collect())
    }
}

/// Which of a table's texts match a filter ([`Table::texts_containing`]).
pub struct TextMatches(Vec<bool>);

impl TextMatches {
    /// Whether `row`'s cell in column `col` matches.
    pub fn cell(&self, row: &TableRow, col: usize) -> bool {
        row.cells
            .get(col)
            .is_some_and(|&t| self.0.get(t as usize).copied().unwrap_or(false))
    }

    /// Whether any of `row`'s cells matches.
    pub fn any(&self, row: &TableRow) -> bool {
        row.cells
            .iter()
            .any(|&t| self.0.get(t as usize).copied().unwrap_or(false))
    }
}

/// Texts held once while a table is built: each text's index by its text.
#[derive(Default)]
struct Texts {
    index: FxHashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Texts {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.into());
        self.index.insert(text.into(), i);
        i
    }
}

/// Builds the table's rows, holding each cell text once.
struct Builder<'r> {
    texts: Texts,
    /// Each node's zone name, name and address cells, by position in `plan.nodes`.
    nodes: Vec<Option<[u32; 3]>>,
    protocols: FxHashMap<Protocol, u32>,
    rules: &'r RuleSet<'r>,
}

impl<'r> Builder<'r> {
    fn new(rules: &'r RuleSet<'r>) -> Self {
        Builder {
            texts: Texts::default(),
            nodes: vec![None; rules.plan.nodes.len()],
            protocols: FxHashMap::default(),
            rules,
        }
    }

    /// The zone name, name and address cells of `e`, made once per node.
    fn endpoint(&mut self, e: &Endpoint<'_>) -> [u32; 3] {
        if let Some(Some(cells)) = self.nodes.get(e.index) {
            return *cells;
        }
        let address = e.address().map_or(String::new(), |a| a.to_string());
        let cells = [
            self.texts.id(e.zone_name()),
            self.texts.id(e.name()),
            self.texts.id(&address),
        ];
        if let Some(slot) = self.nodes.get_mut(e.index) {
            *slot = Some(cells);
        }
        cells
    }

    fn protocol(&mut self, p: Protocol) -> u32 {
        if let Some(&i) = self.protocols.get(&p) {
            return i;
        }
        let i = self.texts.id(&p.to_string());
        self.protocols.insert(p, i);
        i
    }

    fn requirement(&mut self, r: &RequirementCells) -> [u32; 4] {
        r.as_array().map(|t| self.texts.id(t))
    }

    /// The 13 cells of a row, in [`crate::export::COLUMNS`] order (as
    /// [`crate::export::rule_cells`] makes them).
    fn cells(
        &mut self,
        firewall: &str,
        source: &Endpoint<'_>,
        destination: &Endpoint<'_>,
        (protocol, ports): (Protocol, &PortSet),
        requirement: [u32; 4],
    ) -> [u32; COLUMNS] {
        let [sz, sn, sa] = self.endpoint(source);
        let [dz, dn, da] = self.endpoint(destination);
        let [service, purpose, id, reference] = requirement;
        [
            self.texts.id(firewall),
            sz,
            sn,
            sa,
            dz,
            dn,
            da,
            self.protocol(protocol),
            self.texts.id(&protocol.ports_text(ports)),
            service,
            purpose,
            id,
            reference,
        ]
    }

    fn finish(self, rows: Vec<TableRow>) -> Table {
        let texts = self.texts.texts;
        let lower = texts.iter().map(|t| t.to_lowercase().into()).collect();
        Table { rows, texts, lower }
    }
}

/// The table: the unrouted flows (one row per source, destination and protocol), then
/// the rules in matrix order. **O(R + F)** for R rules and F unrouted flows; the
/// requirement cells are made once per requirement set, a node's cells once per node.
pub fn table_rows(rules: &RuleSet<'_>) -> Table {
    let mut b = Builder::new(rules);
    let sets: Vec<[u32; 4]> = RequirementCells::all(rules)
        .iter()
        .map(|r| b.requirement(r))
        .collect();
    let none = b.requirement(&RequirementCells::default());
    let matrix = &rules.analysis.matrix;
    let mut out = no_path_rows(&mut b, rules.catalog, rules.analysis);
    out.reserve(matrix.rows.len());
    for (i, row) in matrix.rows.iter().enumerate() {
        let Some(rule) = rules.get(i) else {
            continue;
        };
        let firewall = rule.firewall.map_or("", |f| f.name.as_str());
        let requirement = sets.get(row.requirements).copied().unwrap_or(none);
        let cells = b.cells(
            firewall,
            &rule.source,
            &rule.destination,
            (row.protocol, &row.ports),
            requirement,
        );
        out.push(TableRow {
            rule: Some(i),
            firewall: row.firewall,
            source: row.source,
            destination: row.destination,
            source_zone: rule.source.zone.map(|z| z.id),
            destination_zone: rule.destination.zone.map(|z| z.id),
            protocol: row.protocol,
            ports: row.ports.clone(),
            cells,
        });
    }
    b.finish(out)
}

/// The unrouted flows, merged by source, destination and protocol (in derive's order
/// they are adjacent).
fn no_path_rows(b: &mut Builder<'_>, catalog: &Catalog, analysis: &Analysis) -> Vec<TableRow> {
    let unrouted = &analysis.matrix.unrouted;
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(first) = unrouted.get(start).and_then(|&i| analysis.flows.get(i)) {
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
        let (Some(source), Some(destination)) = (b.rules.endpoint(key.0), b.rules.endpoint(key.1))
        else {
            continue;
        };
        let requirement =
            b.requirement(&RequirementCells::new(&Requirements::new(catalog, 0, &ids)));
        let cells = b.cells(NO_PATH, &source, &destination, (key.2, &ports), requirement);
        out.push(TableRow {
            rule: None,
            firewall: None,
            source: key.0,
            destination: key.1,
            source_zone: source.zone.map(|z| z.id),
            destination_zone: destination.zone.map(|z| z.id),
            protocol: key.2,
            ports,
            cells,
        });
    }
    out
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
        assert_eq!(csv.len(), rows.len());
        for (r, c) in rows.iter().zip(&csv) {
            assert!(rows.cells(r).eq(c.iter().map(String::as_str)));
            assert_eq!(rows.cell(r, 8).to_lowercase(), rows.cell_lower(r, 8));
        }
        // Each distinct text is held once.
        let mut texts = rows.texts.clone();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), rows.texts.len());

        // Without firewalls, flows between zones have no path and show up marked.
        let removed: Vec<Firewall> = std::mem::take(&mut plan.firewalls);
        assert!(!removed.is_empty());
        let analysis = crate::engine::analyze(&plan, &catalog);
        assert!(!analysis.matrix.unrouted.is_empty());
        let rows = table_rows(&RuleSet::new(&plan, &catalog, &analysis));
        let no_path: Vec<&TableRow> = rows.iter().filter(|r| r.no_path()).collect();
        assert!(!no_path.is_empty());
        assert_eq!(rows.len(), analysis.matrix.rows.len() + no_path.len());
        assert!(
            rows.rows[..no_path.len()].iter().all(TableRow::no_path),
            "first"
        );
        let rules: Vec<Option<usize>> = rows.rows[no_path.len()..].iter().map(|r| r.rule).collect();
        assert_eq!(
            rules,
            (0..analysis.matrix.rows.len())
                .map(Some)
                .collect::<Vec<_>>()
        );
        for r in &no_path {
            assert_eq!(rows.cell(r, 0), NO_PATH);
            assert_ne!(r.source_zone, r.destination_zone);
            assert!(!r.ports.is_empty() || !r.protocol.has_ports());
            assert!(!rows.cell(r, 9).is_empty(), "a service");
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
