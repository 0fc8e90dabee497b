//! Checks: what is wrong or risky in a plan, with the nodes and zones involved.

use super::{Flow, Matrix, PlanIndex};
use crate::catalog::{Catalog, PortSource, RoleIdx};
use crate::model::{Address, NodeId, ZoneId, ZoneKind, join_blocks};
use crate::model::{OptionInfo, OptionValue};
use crate::quote::quoted;
use rustc_hash::{FxHashMap, FxHashSet as HashSet};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// How bad a problem is: errors make `portolan check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding of [`check`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub severity: Severity,
    pub message: String,
    /// Nodes involved, ascending: the app selects them when the problem is clicked.
    pub nodes: Vec<NodeId>,
    pub zones: Vec<ZoneId>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// Every problem of the plan, errors first, then by message.
pub fn check(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    flows: &[Flow],
    matrix: &Matrix,
) -> Vec<Problem> {
    let mut out = Vec::new();
    references(index, catalog, &mut out);
    duplicate_names(index, &mut out);
    missing_providers(index, catalog, &mut out);
    unreached_needs(index, catalog, flows, matrix, &mut out);
    high_availability(index, catalog, &mut out);
    co_located(index, catalog, &mut out);
    broadcast_relays(index, catalog, &mut out);
    unfixed_ports(index, catalog, flows, &mut out);
    unreachable_zones(index, &mut out);
    bypass_from_the_internet(index, catalog, &mut out);
    unrouted(index, flows, matrix, &mut out);
    bad_ports(index, &mut out);
    addresses_outside_zones(index, &mut out);
    shared_host_addresses(index, &mut out);
    dns_names(index, matrix, &mut out);
    out.sort();
    out.dedup();
    out
}

fn problem(severity: Severity, message: String, nodes: Vec<NodeId>, zones: Vec<ZoneId>) -> Problem {
    Problem {
        severity,
        message,
        nodes,
        zones,
    }
}

/// Unknown zones and roles: plan files are validated on load, but the check stays honest
/// for plans built in code.
fn references(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    for node in &index.nodes {
        if index.zone(node.zone).is_none() {
            let msg = format!(
                "node {} is in {}, which the plan does not define",
                quoted(&node.name),
                node.zone
            );
            out.push(problem(Severity::Error, msg, vec![node.id], vec![]));
        }
        for (roles, verb) in [(&node.roles, "has"), (&node.bypass, "bypasses")] {
            for role in roles.iter().filter(|r| catalog.role_idx(r).is_none()) {
                let msg = format!(
                    "node {} {verb} the role {}, which the catalog does not define",
                    quoted(&node.name),
                    quoted(role)
                );
                out.push(problem(Severity::Error, msg, vec![node.id], vec![]));
            }
        }
    }
}

fn duplicate_names(index: &PlanIndex<'_>, out: &mut Vec<Problem>) {
    let nodes = index.nodes.iter().map(|n| (n.name.as_str(), n.id));
    for (name, ids) in repeated_names(nodes) {
        let msg = format!(
            "{} nodes are named {}: give each node its own name so firewall rules are unambiguous",
            ids.len(),
            quoted(&name)
        );
        out.push(problem(Severity::Error, msg, ids, vec![]));
    }
    let zones = index.plan.zones.iter().map(|z| (z.name.as_str(), z.id));
    for (name, ids) in repeated_names(zones) {
        let msg = format!(
            "{} zones are named {}: rename one",
            ids.len(),
            quoted(&name)
        );
        out.push(problem(Severity::Error, msg, vec![], ids));
    }
    let firewalls = index.plan.firewalls.iter().map(|f| (f.name.as_str(), f.id));
    for (name, ids) in repeated_names(firewalls) {
        let msg = format!(
            "{} firewalls are named {}: rename one",
            ids.len(),
            quoted(&name)
        );
        out.push(problem(Severity::Error, msg, vec![], vec![]));
    }
}

/// Names given more than once (compared trimmed and ignoring case, as the lower-case
/// name), each with its ids ascending. One hash look-up per item.
fn repeated_names<'a, T: Copy + Ord>(
    items: impl Iterator<Item = (&'a str, T)>,
) -> BTreeMap<String, Vec<T>> {
    let mut first: FxHashMap<String, T> = FxHashMap::default();
    let mut repeated: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (name, id) in items {
        match first.entry(name.trim().to_lowercase()) {
            Entry::Vacant(e) => {
                e.insert(id);
            }
            Entry::Occupied(e) => repeated
                .entry(e.key().clone())
                .or_insert_with(|| vec![*e.get()])
                .push(id),
        }
    }
    for ids in repeated.values_mut() {
        ids.sort_unstable();
    }
    repeated
}

fn missing_providers(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    for (pos, roles) in index.roles.iter().enumerate() {
        let node = index.nodes[pos];
        let mut reported = BTreeSet::new();
        for &role in roles {
            for need in &catalog.role(role).needs {
                let Some(need_idx) = catalog.role_idx(need) else {
                    continue;
                };
                let satisfied = index.holds(pos, need_idx)
                    || index.has_provider(pos, need_idx)
                    || index.bypasses(pos, need_idx);
                if !reported.insert(need_idx) || satisfied {
                    continue;
                }
                let msg = format!(
                    "{} ({}) needs {}, but no node in the plan provides it: add a node with that role",
                    quoted(&node.name),
                    catalog.role(role).name,
                    catalog.role(need_idx).name
                );
                out.push(problem(
                    Severity::Error,
                    msg,
                    vec![node.id],
                    vec![node.zone],
                ));
            }
        }
    }
}

/// Requirements marked `broadcast` (DHCP and PXE discovery) reach providers in another
/// zone only through a node in the consumer's zone whose role relays broadcasts.
fn broadcast_relays(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    let relays: Vec<RoleIdx> = (0..catalog.roles().len())
        .map(RoleIdx)
        .filter(|&r| catalog.role(r).relays_broadcasts)
        .collect();
    let relay_zones: BTreeSet<ZoneId> = relays
        .iter()
        .flat_map(|&r| index.holders(r))
        .map(|&p| index.facts[p].zone)
        .collect();
    let relay = relays.first().map_or("node that relays broadcasts", |&r| {
        catalog.role(r).name.as_str()
    });
    for (pos, roles) in index.roles.iter().enumerate() {
        let zone_id = index.facts[pos].zone;
        if relay_zones.contains(&zone_id) {
            double_answers(index, catalog, pos, roles, out);
            continue;
        }
        let mut far = BTreeSet::new();
        let mut services: Vec<&str> = Vec::new();
        for &role in roles {
            for &req in catalog.requirements_of(role) {
                let requirement = &catalog.requirements()[req];
                if !requirement.broadcast {
                    continue;
                }
                let (_, provider) = catalog.ends(req);
                let before = far.len();
                far.extend(
                    index
                        .providers_for(pos, provider)
                        .filter(|&p| index.facts[p].zone != zone_id),
                );
                if far.len() > before && !services.contains(&requirement.service.as_str()) {
                    services.push(&requirement.service);
                }
            }
        }
        if far.is_empty() {
            continue;
        }
        let node = index.nodes[pos];
        let zone = index
            .zone(zone_id)
            .map_or_else(|| "its zone".to_owned(), |z| quoted(&z.name).to_string());
        let names: Vec<String> = far
            .iter()
            .map(|&p| quoted(&index.nodes[p].name).to_string())
            .collect();
        let msg = format!(
            "{} in {zone} finds {} in another zone by broadcast ({}), and broadcasts do not cross subnets: add a {relay} in {zone}",
            quoted(&node.name),
            names.join(", "),
            services.join(", ")
        );
        let mut nodes: Vec<NodeId> = far.iter().map(|&p| index.facts[p].id).collect();
        nodes.push(node.id);
        nodes.sort_unstable();
        out.push(problem(Severity::Error, msg, nodes, vec![zone_id]));
    }
}

/// A consumer whose zone has a relay and that finds a provider by broadcast both in its
/// zone and, through the relay, in another: each broadcast gets two answers (a local DHCP
/// server and the relayed one both offer addresses, or both answer PXE).
fn double_answers(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    pos: usize,
    roles: &[RoleIdx],
    out: &mut Vec<Problem>,
) {
    let zone_id = index.facts[pos].zone;
    for &role in roles {
        for &req in catalog.requirements_of(role) {
            let requirement = &catalog.requirements()[req];
            if !requirement.broadcast {
                continue;
            }
            let (_, provider) = catalog.ends(req);
            let (near, far): (Vec<usize>, Vec<usize>) = index
                .providers_for(pos, provider)
                .partition(|&p| index.facts[p].zone == zone_id);
            if near.is_empty() || far.is_empty() {
                continue;
            }
            let node = index.nodes[pos];
            let names = |list: &[usize]| {
                let names: Vec<String> = list
                    .iter()
                    .map(|&p| quoted(&index.nodes[p].name).to_string())
                    .collect();
                names.join(", ")
            };
            let zone = index
                .zone(zone_id)
                .map_or_else(|| "its zone".to_owned(), |z| quoted(&z.name).to_string());
            let msg = format!(
                "{} in {zone} gets two answers to each {} broadcast: from {} in {zone} and, through the relay, from {}: keep one, or scope the relay and the servers so that only one answers",
                quoted(&node.name),
                requirement.service,
                names(&near),
                names(&far)
            );
            let mut nodes: Vec<NodeId> = near
                .iter()
                .chain(&far)
                .map(|&p| index.facts[p].id)
                .collect();
            nodes.push(node.id);
            nodes.sort_unstable();
            out.push(problem(Severity::Warning, msg, nodes, vec![zone_id]));
        }
    }
}

/// A node that needs a role some node provides, but whose requirements towards it all
/// depend on the pair (the same domain, say) and reach no provider through a firewall
/// path: a read-only DC with no writable DC of its domain it can replicate from.
///
/// Cost: one pass over the flows, then only the holders of the roles concerned (a
/// handful of DCs); nothing when the catalog has no such requirement.
fn unreached_needs(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    flows: &[Flow],
    matrix: &Matrix,
    out: &mut Vec<Problem>,
) {
    // Requirements whose condition compares the pair's domains.
    let paired: Vec<bool> = (0..catalog.requirements().len())
        .map(|r| {
            catalog
                .test(r)
                .pair
                .iter()
                .any(|a| matches!(a, crate::catalog::Atom::SameDomain(_)))
        })
        .collect();
    // (consumer role, needed role) pairs such a requirement serves, where the consumer
    // role needs the provider role.
    let mut asks: Vec<(RoleIdx, RoleIdx)> = (0..paired.len())
        .filter(|&r| paired[r])
        .map(|r| catalog.ends(r))
        .filter(|&(c, n)| catalog.role(c).needs.contains(&catalog.role(n).id))
        .collect();
    if asks.is_empty() {
        return;
    }
    asks.sort_unstable();
    asks.dedup();
    let unrouted: BTreeSet<usize> = matrix.unrouted.iter().copied().collect();
    // (consumer, provider role) pairs some routed flow of a paired requirement serves.
    let mut served: BTreeSet<(NodeId, RoleIdx)> = BTreeSet::new();
    for (i, flow) in flows.iter().enumerate() {
        if paired.get(flow.requirement).copied().unwrap_or(false) && !unrouted.contains(&i) {
            served.insert((flow.consumer, catalog.ends(flow.requirement).1));
        }
    }
    let mut reported = BTreeSet::new();
    for (role, need) in asks {
        for &pos in index.holders(role) {
            let node = index.nodes[pos];
            if !index.has_provider(pos, need)
                || served.contains(&(node.id, need))
                || !reported.insert((pos, need))
            {
                continue;
            }
            let domain = node.domain.as_deref().map_or_else(
                || "the plan's own domain".to_owned(),
                |d| quoted(d).to_string(),
            );
            let msg = format!(
                "{} ({}) reaches no {} it can work with: none is in its domain ({domain}) with a firewall path to it; add one, or set the node's domain",
                quoted(&node.name),
                catalog.role(role).name,
                catalog.role(need).name
            );
            out.push(problem(
                Severity::Warning,
                msg,
                vec![node.id],
                vec![node.zone],
            ));
        }
    }
}

/// Roles held by two or more nodes of one zone that then need another role (brokers in
/// high availability need a SQL Server database), when the plan has none.
fn high_availability(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    for (r, role) in catalog.roles().iter().enumerate() {
        if role.ha_needs.is_empty() {
            continue;
        }
        let mut by_zone: BTreeMap<ZoneId, Vec<usize>> = BTreeMap::new();
        for &p in index.holders(RoleIdx(r)) {
            by_zone.entry(index.facts[p].zone).or_default().push(p);
        }
        for (zone, holders) in by_zone.into_iter().filter(|(_, h)| h.len() >= 2) {
            for need in &role.ha_needs {
                let Some(need) = catalog.role_idx(need) else {
                    continue;
                };
                if !index.holders(need).is_empty() {
                    continue;
                }
                let names: Vec<String> = holders
                    .iter()
                    .map(|&p| quoted(&index.nodes[p].name).to_string())
                    .collect();
                let msg = format!(
                    "{} {} nodes ({}) work in high availability, which needs a {}: add a node with that role",
                    holders.len(),
                    role.name,
                    names.join(", "),
                    catalog.role(need).name
                );
                let mut nodes: Vec<NodeId> = holders.iter().map(|&p| index.facts[p].id).collect();
                nodes.sort_unstable();
                out.push(problem(Severity::Warning, msg, nodes, vec![zone]));
            }
        }
    }
}

/// Nodes holding two roles the catalog has advice for when they share a server.
fn co_located(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    for (r, role) in catalog.roles().iter().enumerate() {
        for advice in &role.co_located {
            let Some(other) = catalog.role_idx(&advice.role) else {
                continue;
            };
            for &pos in index.holders(RoleIdx(r)) {
                if !index.holds(pos, other) {
                    continue;
                }
                let node = index.nodes[pos];
                let msg = format!(
                    "{} is both {} and {}: {}",
                    quoted(&node.name),
                    role.name,
                    catalog.role(other).name,
                    advice.note
                );
                out.push(problem(
                    Severity::Warning,
                    msg,
                    vec![node.id],
                    vec![node.zone],
                ));
            }
        }
    }
}

/// Flows to a port the source document expects to be fixed (seed 000's `<WMI Fixed
/// Port>`, a catalog `Fixed` port) while the listener has none: they open the whole
/// dynamic RPC range.
fn unfixed_ports(index: &PlanIndex<'_>, catalog: &Catalog, flows: &[Flow], out: &mut Vec<Problem>) {
    let expected: Vec<Option<&'static OptionInfo>> = (0..catalog.requirements().len())
        .map(|req| {
            catalog.ports(req).iter().find_map(|p| match *p {
                PortSource::RpcPort {
                    option,
                    expected: true,
                } => Some(option),
                _ => None,
            })
        })
        .collect();
    if expected.iter().all(Option::is_none) {
        return;
    }
    let mut seen = BTreeSet::new();
    for flow in flows {
        let Some(option) = expected.get(flow.requirement).copied().flatten() else {
            continue;
        };
        let Some(listener) = index.pos(flow.destination) else {
            continue;
        };
        if index.options[listener].get(option) != OptionValue::OptionalPort(None)
            || !seen.insert((flow.source, flow.destination, option.key))
        {
            continue;
        }
        let name = |id| quoted(index.node(id).map_or("?", |n| n.name.as_str()));
        let service = &catalog.requirements()[flow.requirement].service;
        let how = if option.windows.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", option.windows)
        };
        let msg = format!(
            "{} reaches {service} on {} over the whole dynamic RPC range: fix a {service} port on {}{how} and set the option {}",
            name(flow.source),
            name(flow.destination),
            name(flow.destination),
            option.mention()
        );
        let mut nodes = vec![flow.source, flow.destination];
        nodes.sort_unstable();
        out.push(problem(Severity::Warning, msg, nodes, vec![]));
    }
}

/// A node on the Internet that bypasses a role (the RD Gateway, say) opens the direct
/// flows that role exists to avoid, from the Internet to internal servers.
fn bypass_from_the_internet(index: &PlanIndex<'_>, catalog: &Catalog, out: &mut Vec<Problem>) {
    for node in index.nodes.iter().filter(|n| !n.bypass.is_empty()) {
        let Some(zone) = index
            .zone(node.zone)
            .filter(|z| z.kind == ZoneKind::Internet)
        else {
            continue;
        };
        for role in &node.bypass {
            let name = catalog
                .role_by_id(role)
                .map_or(role.as_str(), |r| r.name.as_str());
            let msg = format!(
                "{} in {} connects without {name}: its flows go straight from the Internet to internal servers; only clients inside the network should bypass {name}",
                quoted(&node.name),
                quoted(&zone.name)
            );
            out.push(problem(
                Severity::Warning,
                msg,
                vec![node.id],
                vec![node.zone],
            ));
        }
    }
}

fn unreachable_zones(index: &PlanIndex<'_>, out: &mut Vec<Problem>) {
    let plan = index.plan;
    for fw in &plan.firewalls {
        // Distinct zones: `zones: [2, 2]` joins one.
        let joined: BTreeSet<ZoneId> = fw.zones.iter().copied().collect();
        if joined.len() < 2 {
            let msg = format!(
                "firewall {} joins fewer than two zones: connect it to another zone or remove it",
                quoted(&fw.name)
            );
            out.push(problem(
                Severity::Warning,
                msg,
                vec![],
                joined.into_iter().collect(),
            ));
        }
    }
    if plan.zones.len() < 2 {
        return;
    }
    // Zones some firewall joins to another: one pass over the firewalls, not one per zone.
    let joined: HashSet<ZoneId> = plan
        .firewalls
        .iter()
        .filter(|f| f.zones.iter().any(|&z| z != f.zones[0]))
        .flat_map(|f| f.zones.iter().copied())
        .collect();
    for zone in &plan.zones {
        if !joined.contains(&zone.id) {
            let msg = format!(
                "zone {} is joined to no other zone by a firewall: add a firewall between it and its neighbour",
                quoted(&zone.name)
            );
            out.push(problem(Severity::Warning, msg, vec![], vec![zone.id]));
        }
    }
}

fn unrouted(index: &PlanIndex<'_>, flows: &[Flow], matrix: &Matrix, out: &mut Vec<Problem>) {
    let mut by_pair: HashMap<(ZoneId, ZoneId), BTreeSet<NodeId>> = HashMap::new();
    for &i in &matrix.unrouted {
        let flow = &flows[i];
        let (Some(a), Some(b)) = (index.node(flow.source), index.node(flow.destination)) else {
            continue;
        };
        let nodes = by_pair.entry((a.zone, b.zone)).or_default();
        nodes.insert(a.id);
        nodes.insert(b.id);
    }
    for ((a, b), nodes) in by_pair {
        let name = |z| {
            index.zone(z).map_or_else(
                || "an unknown zone".to_owned(),
                |z| quoted(&z.name).to_string(),
            )
        };
        let msg = format!(
            "flows from {} to {} cannot be routed: no chain of firewalls joins the two zones; add a firewall between them",
            name(a),
            name(b)
        );
        out.push(problem(
            Severity::Error,
            msg,
            nodes.into_iter().collect(),
            vec![a, b],
        ));
    }
}

fn bad_ports(index: &PlanIndex<'_>, out: &mut Vec<Problem>) {
    if let Some(what) = index.plan.options.invalid_port() {
        let msg = format!(
            "plan option {} is outside 1-65535: set a real port",
            what.mention()
        );
        out.push(problem(Severity::Error, msg, vec![], vec![]));
    }
    for node in &index.nodes {
        if let Some(what) = node.options.invalid_port() {
            let msg = format!(
                "node {}: option {} is outside 1-65535: set a real port",
                quoted(&node.name),
                what.mention()
            );
            out.push(problem(Severity::Error, msg, vec![node.id], vec![]));
        }
    }
}

/// A node whose addresses are not all inside its zone's ranges (zones without ranges
/// are not checked): a typo in the address or the ranges, or a node in the wrong zone.
/// **O(n · r)** for r ranges per zone.
fn addresses_outside_zones(index: &PlanIndex<'_>, out: &mut Vec<Problem>) {
    for node in &index.nodes {
        let Some(zone) = index.zone(node.zone).filter(|z| !z.cidrs.is_empty()) else {
            continue;
        };
        let Some(address) = &node.address else {
            continue;
        };
        let outside: Vec<_> = address
            .blocks()
            .iter()
            .filter(|b| !zone.cidrs.iter().any(|c| c.contains(b)))
            .copied()
            .collect();
        if outside.is_empty() {
            continue;
        }
        let msg = format!(
            "{} has the address {}, outside the ranges of its zone {} ({}): correct the address, the zone's ranges, or the node's zone",
            quoted(&node.name),
            join_blocks(&outside),
            quoted(&zone.name),
            join_blocks(&zone.cidrs)
        );
        out.push(problem(
            Severity::Warning,
            msg,
            vec![node.id],
            vec![zone.id],
        ));
    }
}

/// Two nodes or more with the same host address: firewall rules could not tell them
/// apart. **O(n)**.
fn shared_host_addresses(index: &PlanIndex<'_>, out: &mut Vec<Problem>) {
    let mut by_host: FxHashMap<std::net::IpAddr, Vec<usize>> = FxHashMap::default();
    for (pos, node) in index.nodes.iter().enumerate() {
        let Some(address) = &node.address else {
            continue;
        };
        let mut hosts: Vec<_> = address
            .blocks()
            .iter()
            .filter_map(|b| b.single_host())
            .collect();
        hosts.sort_unstable();
        hosts.dedup();
        for host in hosts {
            by_host.entry(host).or_default().push(pos);
        }
    }
    let mut shared: Vec<_> = by_host.into_iter().filter(|(_, p)| p.len() > 1).collect();
    shared.sort_unstable();
    for (host, positions) in shared {
        let names: Vec<String> = positions
            .iter()
            .map(|&p| quoted(&index.nodes[p].name).to_string())
            .collect();
        let msg = format!(
            "{} share the address {host}: give each node its own address, or firewall rules cannot tell them apart",
            names.join(", ")
        );
        let mut nodes: Vec<NodeId> = positions.iter().map(|&p| index.nodes[p].id).collect();
        nodes.sort_unstable();
        out.push(problem(Severity::Warning, msg, nodes, vec![]));
    }
}

/// Nodes reached by DNS name that rules lead to or from. On the Internet, the formats
/// without name objects write any address instead, a rule wider than the design; inside
/// the organisation, vendor formats refuse the name. **O(R)** when a node has a name,
/// **O(n)** otherwise.
fn dns_names(index: &PlanIndex<'_>, matrix: &Matrix, out: &mut Vec<Problem>) {
    let named: FxHashMap<NodeId, usize> = index
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.address, Some(Address::Name(_))))
        .map(|(pos, n)| (n.id, pos))
        .collect();
    if named.is_empty() {
        return;
    }
    let mut in_rules = BTreeSet::new();
    for row in &matrix.rows {
        for end in [row.source, row.destination] {
            if let Some(&pos) = named.get(&end) {
                in_rules.insert(pos);
            }
        }
    }
    for pos in in_rules {
        let node = index.nodes[pos];
        let Some(Address::Name(name)) = &node.address else {
            continue;
        };
        let zone = index.zone(node.zone);
        let msg = if zone.is_some_and(|z| z.kind == ZoneKind::Internet) {
            format!(
                "{} is reached by the name {name}: nftables, iptables and Windows Firewall rules cannot hold a name and allow any Internet address for it instead (the name is in each rule's comment), wider than the design; Cisco ASA and Aerleon rules use the name",
                quoted(&node.name)
            )
        } else {
            format!(
                "{} in {} has the DNS name {name} but no address: firewall rule sets (nftables, iptables, Windows Firewall, Cisco ASA, Aerleon) refuse it; give it its address",
                quoted(&node.name),
                zone.map_or_else(
                    || "an unknown zone".to_owned(),
                    |z| quoted(&z.name).to_string()
                )
            )
        };
        out.push(problem(
            Severity::Warning,
            msg,
            vec![node.id],
            vec![node.zone],
        ));
    }
}
