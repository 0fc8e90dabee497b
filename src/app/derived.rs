//! What the UI reads from the analysis, computed once per change: look-up tables by id,
//! the rules table's rows, and flows grouped into one arrow per pair of nodes.

use super::table_rows::{Table, table_rows};
use crate::catalog::Catalog;
use crate::engine::{Analysis, PlanIndex, Severity, analyze};
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Columns of a row's text ([`crate::export::COLUMNS`]).
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
    /// The table rows its hover text is made from, the first of each protocol
    /// ([`Derived::edge_label`]): rows, not text, so that 200,000 arrows cost no text
    /// until one is hovered.
    rows: SmallVec<[u32; 2]>,
    /// The firewalls the flows cross, in order ([`Derived::edge_firewalls`]).
    firewalls: SmallVec<[FirewallId; 2]>,
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
    /// How many rules each firewall has (its hover text says so).
    pub firewall_rules: HashMap<FirewallId, usize>,
}

impl Derived {
    /// Analyzes `plan` and builds the tables. Linear in the plan and the flows.
    pub fn compute(plan: &Plan, catalog: &Catalog) -> Self {
        let analysis = analyze(plan, catalog);
        let index = PlanIndex::new(plan, catalog);
        let table = table_rows(&crate::rules::RuleSet::new(plan, catalog, &analysis));
        let (edges, node_edges) = build_edges(&analysis, &index, &table);
        let review = crate::review::Knowledge::builtin(catalog)
            .map(|k| crate::review::review(plan, catalog, &analysis, &k))
            .unwrap_or_default();
        let edge_risk = super::review_marks::mark_edges(&review, &edges);
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
        let mut firewall_rules: HashMap<FirewallId, usize> = HashMap::new();
        for row in table.iter() {
            if let Some(f) = row.firewall {
                *firewall_rules.entry(f).or_default() += 1;
            }
        }
        let mut derived = Derived {
            firewall_rules,
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

impl Derived {
    /// Arrow `i`'s hover text: its two ends (as named in `plan` now), one line per
    /// protocol with the merged ports and services as the matrix rows say, and a `risk:`
    /// line when the review marks it. Made when asked: **O(protocols)**.
    pub fn edge_label(&self, i: usize, plan: &Plan) -> String {
        let Some(edge) = self.edges.get(i) else {
            return String::new();
        };
        let name = |pos: usize, id: NodeId| {
            plan.nodes
                .get(pos)
                .filter(|n| n.id == id)
                .map_or("?", |n| n.name.as_str())
        };
        let (a, b) = self
            .edge_pos
            .get(i)
            .copied()
            .unwrap_or((usize::MAX, usize::MAX));
        let mut label = format!("{} -> {}", name(a, edge.from), name(b, edge.to));
        for row in edge.rows.iter().filter_map(|&r| self.table.get(r as usize)) {
            let _ = write!(
                label,
                "\n{} {}  {}",
                row.protocol,
                self.table.cell(row, PORTS),
                self.table.cell(row, SERVICE)
            );
        }
        if let Some(risk) = self.edge_risk.get(i).copied().flatten() {
            let _ = write!(label, "\n{}", super::review_marks::risk_line(risk));
        }
        label
    }

    /// The names (in `plan` now) of the firewalls arrow `i`'s flows cross, in order.
    pub fn edge_firewalls<'p>(&self, i: usize, plan: &'p Plan) -> Vec<&'p str> {
        self.edges.get(i).map_or_else(Vec::new, |e| {
            e.firewalls
                .iter()
                .filter_map(|&f| plan.firewall(f))
                .map(|f| f.name.as_str())
                .collect()
        })
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
                rows: SmallVec::new(),
                firewalls: SmallVec::new(),
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
    // The rows of each pair: the first of each protocol (a rule per firewall crossed
    // repeats it), and one per firewall crossed.
    for (r, row) in table.iter().enumerate() {
        let Some(&i) = by_pair.get(&(row.source, row.destination)) else {
            continue;
        };
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        let edge = &mut edges[i];
        if let Some(f) = row.firewall
            && !edge.firewalls.contains(&f)
        {
            edge.firewalls.push(f);
        }
        if !edge.rows.iter().any(|&p| {
            table
                .get(p as usize)
                .is_some_and(|p| p.protocol == row.protocol)
        }) {
            edge.rows.push(r);
        }
    }
    let mut node_edges: HashMap<NodeId, Vec<usize>> = HashMap::new();
    for (i, edge) in edges.iter_mut().enumerate() {
        let (from, to) = (edge.from, edge.to);
        edge.two_way = by_pair.contains_key(&(to, from));
        node_edges.entry(from).or_default().push(i);
        node_edges.entry(to).or_default().push(i);
    }
    (edges, node_edges)
}
