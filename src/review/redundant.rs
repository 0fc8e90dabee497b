//! Rules another rule of the same firewall already covers: its source and destination
//! hold every address of this rule's, on the same protocol, with every port.
//!
//! Coverage needs a wider address than a host's (`any`, a network, a range) or two nodes
//! with the same address, so each node is compared only with those: **O(R · c²)** for R
//! rules and c covering nodes per node (none or a few in practice), after **O(n · w)**
//! for n nodes and w nodes with wide or shared addresses.

use super::{Finding, Fix, Kind, Severity, covers};
use crate::model::{Address, IcmpType, NodeId, Protocol};
use crate::quote::quoted;
use crate::rules::RuleSet;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Whether every address of `inner` is one of `outer`'s.
fn address_covers(outer: Option<&Address>, inner: Option<&Address>) -> bool {
    match (outer, inner) {
        (Some(Address::Any), Some(_)) => true,
        (Some(Address::Name(a)), Some(Address::Name(b))) => a == b,
        (Some(Address::Blocks(o)), Some(Address::Blocks(i))) => {
            i.iter().all(|b| o.iter().any(|a| a.contains(b)))
        }
        _ => false,
    }
}

/// Whether an address may cover another node's (more than one host).
fn is_wide(address: Option<&Address>) -> bool {
    match address {
        Some(Address::Any) => true,
        Some(Address::Blocks(blocks)) => {
            blocks.len() > 1 || blocks.iter().any(|b| b.single_host().is_none())
        }
        _ => false,
    }
}

/// The redundant rules of the firewall whose rules are `range`.
pub(super) fn findings(rules: &RuleSet<'_>, range: Range<usize>, out: &mut Vec<Finding>) {
    let Some(rows) = rules.analysis.matrix.rows.get(range.clone()) else {
        return;
    };
    let address = |id: NodeId| rules.endpoint(id).and_then(|e| e.address());
    // The nodes of this firewall's rules; the wide ones and those sharing an address.
    let mut nodes: Vec<NodeId> = rows
        .iter()
        .flat_map(|r| [r.source, r.destination])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    let mut same: FxHashMap<&Address, Vec<NodeId>> = FxHashMap::default();
    for &n in &nodes {
        if let Some(a) = address(n) {
            same.entry(a).or_default().push(n);
        }
    }
    let wide: Vec<NodeId> = nodes
        .iter()
        .copied()
        .filter(|&n| is_wide(address(n)))
        .collect();
    if wide.is_empty() && same.values().all(|v| v.len() < 2) {
        return;
    }
    let coverers: FxHashMap<NodeId, Vec<NodeId>> = nodes
        .iter()
        .map(|&n| {
            let a = address(n);
            let shared = a.and_then(|a| same.get(a)).map_or(&[][..], Vec::as_slice);
            let mut c: Vec<NodeId> = wide
                .iter()
                .chain(shared)
                .copied()
                .filter(|&m| m != n && address_covers(address(m), a))
                .collect();
            c.sort_unstable();
            c.dedup();
            (n, c)
        })
        .collect();
    let by_key: FxHashMap<(NodeId, NodeId, Protocol), usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.source, r.destination, r.protocol), i))
        .collect();
    let none: Vec<NodeId> = Vec::new();
    let by_key = &by_key;
    for (i, a) in rows.iter().enumerate() {
        let candidates = [a.protocol, Protocol::Icmp(IcmpType::Any)];
        let protocols: &[Protocol] = if matches!(a.protocol, Protocol::Icmp(IcmpType::Type(_))) {
            &candidates
        } else {
            &candidates[..1]
        };
        let sources = std::iter::once(a.source)
            .chain(coverers.get(&a.source).unwrap_or(&none).iter().copied());
        let found = sources
            .flat_map(|s| {
                std::iter::once(a.destination)
                    .chain(
                        coverers
                            .get(&a.destination)
                            .unwrap_or(&none)
                            .iter()
                            .copied(),
                    )
                    .map(move |d| (s, d))
            })
            .filter(|&(s, d)| (s, d) != (a.source, a.destination))
            .flat_map(|(s, d)| {
                protocols
                    .iter()
                    .filter_map(move |&p| by_key.get(&(s, d, p)).copied())
            })
            .find(|&j| {
                let b = &rows[j];
                if !covers(&b.ports, &a.ports) {
                    return false;
                }
                // Two rules covering each other (same addresses, same ports): report the later.
                let mutual = b.protocol == a.protocol
                    && covers(&a.ports, &b.ports)
                    && address_covers(address(a.source), address(b.source))
                    && address_covers(address(a.destination), address(b.destination));
                !mutual || j < i
            });
        let Some(j) = found else { continue };
        let b = &rows[j];
        let name = |id: NodeId| quoted(rules.endpoint(id).map_or("?", |e| e.name())).to_string();
        let fw = rules
            .plan
            .firewalls
            .iter()
            .find(|f| Some(f.id) == a.firewall)
            .map_or("?", |f| f.name.as_str());
        let (Some(firewall), row, covering) = (a.firewall, range.start + i, range.start + j) else {
            continue;
        };
        out.push(Finding {
            severity: Severity::Info,
            kind: Kind::Redundant,
            title: "redundant rule".into(),
            row,
            firewall,
            source: a.source,
            destination: a.destination,
            protocol: a.protocol,
            ports: a.ports.clone(),
            broad: a.ports.clone(),
            risk: format!(
                "nothing it allows is new: the rule {} to {} {} {} of {} allows all of it, so it only lengthens the rule set to audit",
                name(b.source),
                name(b.destination),
                b.protocol,
                b.protocol.ports_text(&b.ports),
                quoted(fw)
            ),
            fix: Fix {
                text: "leave it out of the firewall's rule set: the covering rule carries its traffic (keep it in the host firewalls)".into(),
                options: Vec::new(),
                windows: Vec::new(),
                references: String::new(),
            },
            covered_by: Some(covering),
        });
    }
}
