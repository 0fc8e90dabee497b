//! What the UI reads from the analysis, computed once per change: look-up tables by id,
//! the rules table's rows, and flows grouped into one arrow per pair of nodes.

use super::table_rows::{Table, table_rows};
use crate::catalog::Catalog;
use crate::engine::{Analysis, PlanIndex, Severity, analyze};
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Columns of a row's text ([`crate::export::COLUMNS`]).
const FIREWALL: usize = 0;
const PORTS: usize = 8;
const SERVICE: usize = 9;

/// One arrow on the canvas: every flow from `from` to `to`.
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    /// Whether the flows cross at least one firewall.
    pub crosses: bool,
    /// Whether no chain of firewalls joins the two zones (the flow is in no matrix row).
    pub unrouted: bool,
    /// Whether flows also go the other way (the arrow is then drawn offset).
    pub two_way: bool,
    /// Hover text: the two ends, then one line per protocol with the merged ports and
    /// services, as the matrix rows say.
    pub label: String,
    /// The firewalls the flows cross, by name.
    pub firewalls: Vec<String>,
}

/// The analysis and the tables built from it.
pub struct Derived {
    pub analysis: Analysis,
    /// Positions in `plan.nodes`, `plan.zones`, `plan.firewalls`.
    pub node_pos: HashMap<NodeId, usize>,
    pub zone_pos: HashMap<ZoneId, usize>,
    pub firewall_pos: HashMap<FirewallId, usize>,
    /// The rules table: the flows with no path, then every rule (matrix row, in order).
    pub table: Table,
    pub edges: Vec<Edge>,
    /// Positions in `plan.nodes` of each edge's ends.
    pub edge_pos: Vec<(usize, usize)>,
    /// Positions in `plan.nodes` of each "uses" link's ends, in `plan.uses` order.
    pub link_pos: Vec<(usize, usize)>,
    /// Edge indices by node.
    pub node_edges: HashMap<NodeId, Vec<usize>>,
    /// The worst problem each node is involved in (`true` for an error).
    pub node_problems: HashMap<NodeId, bool>,
    pub errors: usize,
    pub warnings: usize,
    /// The security review of the plan (the *Review* tab).
    pub review: crate::review::Review,
    /// Each edge's worst review finding from `Medium` up: the canvas marks those arrows.
    pub edge_risk: Vec<Option<crate::review::Severity>>,
}

impl Derived {
    /// Analyzes `plan` and builds the tables. Linear in the plan and the flows.
    pub fn compute(plan: &Plan, catalog: &Catalog) -> Self {
        let analysis = analyze(plan, catalog);
        let index = PlanIndex::new(plan, catalog);
        let table = table_rows(&crate::rules::RuleSet::new(plan, catalog, &analysis));
        let (mut edges, node_edges) = build_edges(&analysis, &index, &table);
        let review = crate::review::Knowledge::builtin(catalog)
            .map(|k| crate::review::review(plan, catalog, &analysis, &k))
            .unwrap_or_default();
        let edge_risk = super::review_marks::mark_edges(&review, &mut edges);
        let errors = analysis
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warnings = analysis.problems.len() - errors;
        let mut node_problems: HashMap<NodeId, bool> = HashMap::new();
        for p in &analysis.problems {
            for n in &p.nodes {
                *node_problems.entry(*n).or_default() |= p.severity == Severity::Error;
            }
        }
        let mut derived = Derived {
            node_pos: HashMap::new(),
            edge_pos: Vec::new(),
            link_pos: Vec::new(),
            zone_pos: HashMap::new(),
            firewall_pos: HashMap::new(),
            analysis,
            table,
            edges,
            node_edges,
            node_problems,
            errors,
            warnings,
            review,
            edge_risk,
        };
        derived.reindex(plan);
        derived
    }

    /// Recomputes the positions of objects in `plan` (nodes, zones, firewalls, the ends
    /// of arrows and links) for a plan edited since the analysis: what is gone is found
    /// nowhere, what is new has no arrow yet. **O(plan + arrows)**, a few milliseconds at
    /// 10,000 nodes, so it runs on the UI thread while the analysis runs in the
    /// background.
    pub fn reindex(&mut self, plan: &Plan) {
        let node_pos: HashMap<NodeId, usize> = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i))
            .collect();
        let at = |id| node_pos.get(&id).copied().unwrap_or(usize::MAX);
        self.edge_pos = self.edges.iter().map(|e| (at(e.from), at(e.to))).collect();
        self.link_pos = plan.uses.iter().map(|l| (at(l.from), at(l.to))).collect();
        self.node_pos = node_pos;
        self.zone_pos = plan
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id, i))
            .collect();
        self.firewall_pos = plan
            .firewalls
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i))
            .collect();
    }
}

type EdgeTables = (Vec<Edge>, HashMap<NodeId, Vec<usize>>);

/// One arrow per pair of nodes. Its text comes from the table rows of the pair: the
/// rules (merged as the CSV merges them) and the flows with no path, merged alike.
fn build_edges(analysis: &Analysis, index: &PlanIndex<'_>, table: &Table) -> EdgeTables {
    let mut by_pair: HashMap<(NodeId, NodeId), usize> = HashMap::new();
    let mut edges: Vec<Edge> = Vec::new();
    let zone_of = |id| index.node(id).map(|n| n.zone);
    for flow in &analysis.flows {
        let key = (flow.source, flow.destination);
        let i = *by_pair.entry(key).or_insert_with(|| {
            edges.push(Edge {
                from: flow.source,
                to: flow.destination,
                crosses: false,
                unrouted: false,
                two_way: false,
                label: String::new(),
                firewalls: Vec::new(),
            });
            edges.len() - 1
        });
        if let (Some(a), Some(b)) = (zone_of(flow.source), zone_of(flow.destination)) {
            match analysis.router.path(a, b) {
                Some(p) if !p.is_empty() => edges[i].crosses = true,
                Some(_) => {}
                None => edges[i].unrouted = true,
            }
        }
    }
    // The rows of each pair: one line per protocol (a rule per firewall crossed repeats it).
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); edges.len()];
    let mut protocols: Vec<Vec<crate::model::Protocol>> = vec![Vec::new(); edges.len()];
    for row in table.iter() {
        let Some(&i) = by_pair.get(&(row.source, row.destination)) else {
            continue;
        };
        let firewall = table.cell(row, FIREWALL);
        if row.firewall.is_some() && !edges[i].firewalls.iter().any(|f| f == firewall) {
            edges[i].firewalls.push(firewall.to_owned());
        }
        if !protocols[i].contains(&row.protocol) {
            protocols[i].push(row.protocol);
            lines[i].push(format!(
                "{} {}  {}",
                row.protocol,
                table.cell(row, PORTS),
                table.cell(row, SERVICE)
            ));
        }
    }
    let mut node_edges: HashMap<NodeId, Vec<usize>> = HashMap::new();
    for i in 0..edges.len() {
        let (from, to) = (edges[i].from, edges[i].to);
        edges[i].two_way = by_pair.contains_key(&(to, from));
        let name = |id| index.node(id).map_or("?", |n| n.name.as_str());
        let mut label = format!("{} -> {}", name(from), name(to));
        for line in &lines[i] {
            let _ = write!(label, "\n{line}");
        }
        edges[i].label = label;
        node_edges.entry(from).or_default().push(i);
        node_edges.entry(to).or_default().push(i);
    }
    (edges, node_edges)
}
