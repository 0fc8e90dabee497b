//! The rule set: each matrix row as a typed rule that borrows from the plan, the catalog
//! and the analysis.

use super::Requirements;
use crate::catalog::{Catalog, Document};
use crate::engine::{Analysis, MatrixRow, Problem};
use crate::model::{
    Address, AddressBlock, DnsName, Firewall, FirewallId, Node, NodeId, Plan, PortSet, Protocol,
    Zone, ZoneKind,
};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// One end of a rule: a node and its zone.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint<'a> {
    pub node: &'a Node,
    /// The node's position in `plan.nodes`: formats keep per-node tables in a `Vec`
    /// indexed by it instead of hashing ids.
    pub index: usize,
    /// `None` only for a node in a zone the plan does not define (never in a loaded plan).
    pub zone: Option<&'a Zone>,
}

/// The addresses a format without name objects writes for an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numeric<'a> {
    /// Every address: `any`, or a node reached by DNS name (the name goes in the rule's
    /// comment), or a node without an address (vendor formats refuse those first, with
    /// [`RuleSet::require_addresses`]).
    Any,
    Blocks(&'a [AddressBlock]),
}

impl<'a> Endpoint<'a> {
    pub fn id(&self) -> NodeId {
        self.node.id
    }

    pub fn name(&self) -> &'a str {
        &self.node.name
    }

    /// The zone's name; empty for an unknown zone.
    pub fn zone_name(&self) -> &'a str {
        self.zone.map_or("", |z| z.name.as_str())
    }

    pub fn address(&self) -> Option<&'a Address> {
        self.node.address.as_ref()
    }

    /// The DNS name, when the node is reached by name.
    pub fn dns_name(&self) -> Option<&'a DnsName> {
        self.address().and_then(Address::dns_name)
    }

    /// What a format without DNS-name objects writes: a DNS name becomes any address.
    pub fn numeric(&self) -> Numeric<'a> {
        match self.address() {
            Some(Address::Blocks(blocks)) => Numeric::Blocks(blocks),
            _ => Numeric::Any,
        }
    }

    /// Whether the node is in a zone of kind Internet.
    pub fn on_internet(&self) -> bool {
        self.zone.is_some_and(|z| z.kind == ZoneKind::Internet)
    }
}

/// One firewall rule: `source` may open `protocol` connections to `destination` on
/// `ports`, through `firewall` (`None`: both in one zone, for the destination's host
/// firewall).
#[derive(Clone, Copy, Debug)]
pub struct Rule<'a> {
    pub firewall: Option<&'a Firewall>,
    pub source: Endpoint<'a>,
    pub destination: Endpoint<'a>,
    pub protocol: Protocol,
    pub ports: &'a PortSet,
    /// The catalog requirements the rule merges, with their services and references.
    pub requirements: Requirements<'a>,
}

impl Rule<'_> {
    /// Whether the rule is for host firewalls (both ends in one zone).
    pub fn is_host(&self) -> bool {
        self.firewall.is_none()
    }
}

/// The rules of a plan: a typed view over the analysis's matrix, in the matrix's order
/// (by firewall name, host-firewall rules last; then source zone and name, destination
/// zone and name, protocol). Building it is **O(n + f)** for n nodes and f firewalls
/// (look-up tables); each rule is then made on demand in **O(1)**, without copying
/// strings.
pub struct RuleSet<'a> {
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    pub analysis: &'a Analysis,
    nodes: FxHashMap<NodeId, Endpoint<'a>>,
    firewalls: FxHashMap<FirewallId, &'a Firewall>,
}

impl<'a> RuleSet<'a> {
    /// The rules of `analysis`, which must have been computed from `plan` and `catalog`.
    pub fn new(plan: &'a Plan, catalog: &'a Catalog, analysis: &'a Analysis) -> Self {
        let zones: FxHashMap<_, &Zone> = plan.zones.iter().map(|z| (z.id, z)).collect();
        let nodes = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(index, n)| {
                let zone = zones.get(&n.zone).copied();
                (
                    n.id,
                    Endpoint {
                        node: n,
                        index,
                        zone,
                    },
                )
            })
            .collect();
        let firewalls = plan.firewalls.iter().map(|f| (f.id, f)).collect();
        RuleSet {
            plan,
            catalog,
            analysis,
            nodes,
            firewalls,
        }
    }

    /// The number of rules (matrix rows).
    pub fn len(&self) -> usize {
        self.analysis.matrix.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rule of matrix row `i`; `None` past the end, or for a row naming a node or a
    /// firewall the plan lacks (an analysis of another plan).
    pub fn get(&self, i: usize) -> Option<Rule<'a>> {
        self.analysis.matrix.rows.get(i).and_then(|r| self.rule(r))
    }

    /// Every rule, in order.
    pub fn iter(&self) -> impl Iterator<Item = Rule<'a>> + '_ {
        self.analysis
            .matrix
            .rows
            .iter()
            .filter_map(|r| self.rule(r))
    }

    /// The rules of `range` (matrix row indices), in order.
    pub fn slice(&self, range: Range<usize>) -> impl Iterator<Item = Rule<'a>> + '_ {
        let rows = self.analysis.matrix.rows.get(range).unwrap_or(&[]);
        rows.iter().filter_map(|r| self.rule(r))
    }

    fn rule(&self, row: &'a MatrixRow) -> Option<Rule<'a>> {
        let firewall = match row.firewall {
            Some(id) => Some(*self.firewalls.get(&id)?),
            None => None,
        };
        let matrix = &self.analysis.matrix;
        Some(Rule {
            firewall,
            source: *self.nodes.get(&row.source)?,
            destination: *self.nodes.get(&row.destination)?,
            protocol: row.protocol,
            ports: &row.ports,
            requirements: Requirements::new(
                self.catalog,
                row.requirements,
                matrix.requirements(row),
            ),
        })
    }

    /// The endpoint of node `id`.
    pub fn endpoint(&self, id: NodeId) -> Option<Endpoint<'a>> {
        self.nodes.get(&id).copied()
    }

    /// The runs of rules per firewall, in order: each firewall that has rules with the
    /// range of its rules, then `None` with the host-firewall rules, if any. **O(R)**.
    pub fn by_firewall(&self) -> Vec<(Option<&'a Firewall>, Range<usize>)> {
        let rows = &self.analysis.matrix.rows;
        let mut out: Vec<(Option<&'a Firewall>, Range<usize>)> = Vec::new();
        let mut start = 0;
        while let Some(first) = rows.get(start) {
            let len = rows[start..]
                .iter()
                .take_while(|r| r.firewall == first.firewall)
                .count();
            let fw = first
                .firewall
                .and_then(|id| self.firewalls.get(&id).copied());
            if first.firewall.is_none() || fw.is_some() {
                out.push((fw, start..start + len));
            }
            start += len;
        }
        out
    }

    /// The check's findings for the plan.
    pub fn problems(&self) -> &'a [Problem] {
        &self.analysis.problems
    }

    /// Every document the rules cite, in catalog order.
    pub fn documents(&self) -> Vec<&'a Document> {
        let mut cited = vec![false; self.catalog.documents().len()];
        let matrix = &self.analysis.matrix;
        for (set, ids) in matrix.requirement_sets.iter().enumerate() {
            for r in Requirements::new(self.catalog, set, ids).citations() {
                if let Some(i) = r.document_index {
                    cited[i] = true;
                }
            }
        }
        self.catalog
            .documents()
            .iter()
            .zip(cited)
            .filter_map(|(d, c)| c.then_some(d))
            .collect()
    }
}
