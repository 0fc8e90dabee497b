//! Derivation: every flow the plan's roles need, from the catalog's requirements.

use super::PlanIndex;
use super::permute::{counting_order, permute};
use crate::catalog::{Atom, Catalog, PortSource, Side};
use crate::model::{
    NodeId, OptionType, OptionValue, Options, PerimeterMode, PortRange, PortSet, Protocol,
    WindowsFamily, ZoneKind,
};

/// One required connection: `source` opens it to `destination` on `ports` over `protocol`,
/// because `consumer` needs `provider` for `requirement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Index into [`Catalog::requirements`].
    pub requirement: usize,
    pub consumer: NodeId,
    pub provider: NodeId,
    /// The initiator.
    pub source: NodeId,
    /// The listener.
    pub destination: NodeId,
    pub protocol: Protocol,
    pub ports: PortSet,
}

/// Every flow of the plan, sorted by source and destination in the matrix's node order
/// ([`PlanIndex::nodes`]: zone name, node name, id), then protocol and requirement. So the
/// result does not depend on the order of anything in the plan file, and the flows one
/// firewall rule merges (same source, destination and protocol) are adjacent, in the order
/// the matrix lists them.
///
/// Cost: **O(Σ consumers × providers)** over the requirements, i.e. linear in the output:
/// flows are made in consumer order, counted out by source, and only the few flows of
/// each source are sorted; then they are moved into place without a second copy.
pub fn derive(index: &PlanIndex<'_>, catalog: &Catalog) -> Vec<Flow> {
    let mut made = Made::default();
    for (pos, node_roles) in index.roles.iter().enumerate() {
        for &role in node_roles {
            for &req_idx in catalog.requirements_of(role) {
                derive_requirement(index, catalog, pos, req_idx, &mut made);
            }
        }
    }
    // Counting sort by source, then each source's flows by key.
    let (order, starts) = counting_order(&made.sources, index.nodes.len());
    // Keys beside the indices, so the sorts compare without looking anything up. A
    // source's flows come as a few already sorted runs (one per requirement), which the
    // stable sort merges.
    let mut keyed: Vec<(u64, u32)> = order.iter().map(|&i| (made.keys[i as usize], i)).collect();
    for bounds in starts.windows(2) {
        keyed[bounds[0]..bounds[1]].sort();
    }
    let mut order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut flows = made.flows;
    permute(&mut flows, &mut order);
    flows.dedup();
    flows
}

/// Flows in the order they are made, with each one's source position and sort key.
#[derive(Default)]
struct Made {
    flows: Vec<Flow>,
    sources: Vec<u32>,
    keys: Vec<u64>,
}

/// The order of flows from one source: destination position, protocol, requirement, and
/// last whether the consumer listens, packed into one integer. Two flows from one source
/// with the same key are equal (the rest follows from those), so the order is fully
/// determined and repeats, if any, end up side by side for `dedup`.
fn order_key(
    destination: usize,
    protocol: Protocol,
    requirement: usize,
    consumer_listens: bool,
) -> u64 {
    // Positions and requirement indices count things held in memory: far below the
    // 32 and 22 bits they get here; the protocol's rank takes 9 bits.
    let destination = u64::try_from(destination).unwrap_or(u64::MAX) & 0xffff_ffff;
    let protocol = u64::from(protocol.rank()) & 0x1ff;
    let requirement = u64::try_from(requirement).unwrap_or(u64::MAX) & 0x3f_ffff;
    (destination << 32) | (protocol << 23) | (requirement << 1) | u64::from(consumer_listens)
}

fn derive_requirement(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    consumer: usize,
    req_idx: usize,
    out: &mut Made,
) {
    let req = &catalog.requirements()[req_idx];
    let test = catalog.test(req_idx);
    if !test
        .consumer
        .iter()
        .all(|a| holds(a, index, consumer, consumer))
    {
        return;
    }
    let (_, provider_role) = catalog.ends(req_idx);
    for provider in index.providers_for(consumer, provider_role) {
        if !test
            .pair
            .iter()
            .all(|a| holds(a, index, consumer, provider))
        {
            continue;
        }
        let (source, destination) = match req.initiator {
            Side::Consumer => (consumer, provider),
            Side::Provider => (provider, consumer),
        };
        let ports = resolve_ports(catalog.ports(req_idx), index, destination);
        for &protocol in &req.protocols {
            out.keys.push(order_key(
                destination,
                protocol,
                req_idx,
                destination == consumer,
            ));
            out.sources.push(u32::try_from(source).unwrap_or(u32::MAX));
            out.flows.push(Flow {
                requirement: req_idx,
                consumer: index.facts[consumer].id,
                provider: index.facts[provider].id,
                source: index.facts[source].id,
                destination: index.facts[destination].id,
                protocol,
                ports: if protocol.has_ports() {
                    ports.clone()
                } else {
                    PortSet::new()
                },
            });
        }
    }
}

/// Whether `atom` holds for the consumer and provider at these positions (for atoms that
/// read only the consumer, `provider` is not looked at). Every kind of condition is
/// handled here, and only here.
fn holds(atom: &Atom, index: &PlanIndex<'_>, consumer: usize, provider: usize) -> bool {
    let on = |side: Side| match side {
        Side::Consumer => consumer,
        Side::Provider => provider,
    };
    match *atom {
        Atom::Option {
            side,
            option,
            value,
        } => index.options[on(side)].get(option) == value,
        Atom::InPerimeter { side, option } => {
            let pos = on(side);
            match PerimeterMode::from_value(index.options[pos].get(option)) {
                Some(PerimeterMode::Yes) => true,
                Some(PerimeterMode::No) => false,
                Some(PerimeterMode::FromZone) | None => index
                    .zone(index.facts[pos].zone)
                    .is_some_and(|z| z.kind == ZoneKind::Perimeter),
            }
        }
        Atom::WithoutProvider(role) => !index.has_provider(consumer, role),
        Atom::SameDomain(same) => {
            (index.facts[consumer].domain == index.facts[provider].domain) == same
        }
        // O(holders of the role): a few brokers, say.
        Atom::AtLeastInZone(role, count) => {
            let zone = index.facts[consumer].zone;
            index
                .holders(role)
                .iter()
                .filter(|&&p| index.facts[p].zone == zone)
                .take(count)
                .count()
                >= count
        }
    }
}

/// The dynamic RPC range of a listener: its restricted range, else its Windows family's.
pub(crate) fn rpc_range(opts: &Options, windows: WindowsFamily) -> PortRange {
    opts.rpc_range.unwrap_or(match windows {
        WindowsFamily::Server2008OrLater => PortRange::new(49152, 65535),
        WindowsFamily::Pre2008 => PortRange::new(1025, 5000),
    })
}

/// The requirement's ports with option-driven ones read on the listening node.
fn resolve_ports(ports: &[PortSource], index: &PlanIndex<'_>, listener: usize) -> PortSet {
    let opts = &index.options[listener];
    let windows = index.facts[listener].windows;
    ports
        .iter()
        .map(|source| match *source {
            PortSource::Range(r) => r,
            PortSource::DynamicRpc => rpc_range(opts, windows),
            PortSource::Option(option) => match opts.get(option) {
                OptionValue::Port(p) => PortRange::single(p),
                OptionValue::Range(r) => r,
                // The catalog admits only port and range options here.
                _ => rpc_range(opts, windows),
            },
            PortSource::RpcPort { option, .. } => match opts.get(option) {
                OptionValue::OptionalPort(Some(p)) => PortRange::single(p),
                _ => rpc_range(opts, windows),
            },
        })
        .collect()
}
