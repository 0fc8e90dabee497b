//! What the UI reads from the analysis, computed once per change: look-up tables by id,
//! the matrix as text, and flows grouped into one arrow per pair of nodes.

use crate::catalog::Catalog;
use crate::engine::{Analysis, PlanIndex, Severity, analyze};
use crate::export::rules_cells;
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use std::collections::HashMap;
use std::fmt::Write as _;

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
    /// Hover text: one line per protocol and ports.
    pub label: String,
}

/// The analysis and the tables built from it.
pub struct Derived {
    pub analysis: Analysis,
    /// Positions in `plan.nodes`, `plan.zones`, `plan.firewalls`.
    pub node_pos: HashMap<NodeId, usize>,
    pub zone_pos: HashMap<ZoneId, usize>,
    pub firewall_pos: HashMap<FirewallId, usize>,
    /// Matrix rows as text, in [`crate::export::COLUMNS`] order.
    pub rows: Vec<[String; 13]>,
    /// Each row's text, lower-cased and joined, for the text filter.
    pub row_search: Vec<String>,
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
}

impl Derived {
    /// Analyzes `plan` and builds the tables. Linear in the plan and the flows.
    pub fn compute(plan: &Plan, catalog: &Catalog) -> Self {
        let analysis = analyze(plan, catalog);
        let index = PlanIndex::new(plan, catalog);
        let rows = rules_cells(&crate::rules::RuleSet::new(plan, catalog, &analysis));
        let row_search = rows
            .iter()
            .map(|r| r.join("\u{1f}").to_lowercase())
            .collect();
        let (edges, node_edges) = build_edges(catalog, &analysis, &index);
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
        let node_pos: HashMap<NodeId, usize> = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i))
            .collect();
        let edge_pos = edges
            .iter()
            .map(|e| {
                let at = |id| node_pos.get(&id).copied().unwrap_or(usize::MAX);
                (at(e.from), at(e.to))
            })
            .collect();
        let link_pos = plan
            .uses
            .iter()
            .map(|l| {
                let at = |id| node_pos.get(&id).copied().unwrap_or(usize::MAX);
                (at(l.from), at(l.to))
            })
            .collect();
        Derived {
            node_pos,
            edge_pos,
            link_pos,
            zone_pos: plan
                .zones
                .iter()
                .enumerate()
                .map(|(i, z)| (z.id, i))
                .collect(),
            firewall_pos: plan
                .firewalls
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id, i))
                .collect(),
            analysis,
            rows,
            row_search,
            edges,
            node_edges,
            node_problems,
            errors,
            warnings,
        }
    }
}

type EdgeTables = (Vec<Edge>, HashMap<NodeId, Vec<usize>>);

fn build_edges(catalog: &Catalog, analysis: &Analysis, index: &PlanIndex<'_>) -> EdgeTables {
    let mut by_pair: HashMap<(NodeId, NodeId), usize> = HashMap::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut lines: Vec<Vec<String>> = Vec::new();
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
            });
            lines.push(Vec::new());
            edges.len() - 1
        });
        if let (Some(a), Some(b)) = (zone_of(flow.source), zone_of(flow.destination)) {
            match analysis.router.path(a, b) {
                Some(p) if !p.is_empty() => edges[i].crosses = true,
                Some(_) => {}
                None => edges[i].unrouted = true,
            }
        }
        let service = catalog
            .requirements()
            .get(flow.requirement)
            .map_or("", |r| r.service.as_str());
        let ports = flow.protocol.ports_text(&flow.ports);
        let line = format!("{} {ports}  {service}", flow.protocol);
        if !lines[i].contains(&line) {
            lines[i].push(line);
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
