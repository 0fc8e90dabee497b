//! Derivation: every flow the plan's roles need, from the catalog's requirements.

use super::PlanIndex;
use super::permute::{counting_order, permute};
use crate::catalog::{Catalog, Condition, NamedPort, PortSpec, Requirement, Side};
use crate::model::{
    NodeId, Options, PerimeterMode, PortRange, PortSet, Protocol, WindowsFamily, ZoneKind,
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
    let protocol = match protocol {
        Protocol::Tcp => 0,
        Protocol::Udp => 1,
    };
    // Positions and requirement indices count things held in memory: far below the
    // 32 and 30 bits they get here.
    let destination = u64::try_from(destination).unwrap_or(u64::MAX) & 0xffff_ffff;
    let requirement = u64::try_from(requirement).unwrap_or(u64::MAX) & 0x3fff_ffff;
    (destination << 32) | (protocol << 31) | (requirement << 1) | u64::from(consumer_listens)
}

fn derive_requirement(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    consumer: usize,
    req_idx: usize,
    out: &mut Made,
) {
    let req = &catalog.requirements()[req_idx];
    if let Some(cond) = &req.when
        && cond.side() == Side::Consumer
        && !consumer_condition(index, catalog, consumer, req_idx, cond)
    {
        return;
    }
    let (_, provider_role) = catalog.ends(req_idx);
    for provider in index.providers_for(consumer, provider_role) {
        if let Some(cond) = &req.when
            && cond.side() == Side::Provider
            && !provider_condition(&index.options[provider], cond)
        {
            continue;
        }
        let (source, destination) = match req.initiator {
            Side::Consumer => (consumer, provider),
            Side::Provider => (provider, consumer),
        };
        let ports = resolve_ports(req, index, destination);
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
                ports: ports.clone(),
            });
        }
    }
}

fn consumer_condition(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    pos: usize,
    req_idx: usize,
    cond: &Condition,
) -> bool {
    let opts = &index.options[pos];
    match cond {
        Condition::Crl(m) => opts.crl == *m,
        Condition::CentralNps => opts.central_nps,
        Condition::RdWebInPerimeter => match opts.rdweb_perimeter {
            PerimeterMode::Yes => true,
            PerimeterMode::No => false,
            PerimeterMode::FromZone => index
                .zone(index.nodes[pos].zone)
                .is_some_and(|z| z.kind == ZoneKind::Perimeter),
        },
        Condition::Licensing(m) => opts.licensing == *m,
        Condition::Activation(m) => opts.activation == *m,
        Condition::DhcpFailover => opts.dhcp_failover,
        Condition::WithoutProvider(_) => catalog
            .without_role(req_idx)
            .is_none_or(|role| !index.has_provider(pos, role)),
        // Provider-side conditions are checked per provider.
        _ => true,
    }
}

fn provider_condition(opts: &Options, cond: &Condition) -> bool {
    match cond {
        Condition::GatewayUdp => opts.gateway_udp,
        Condition::DhcpAuthorization => opts.dhcp_authorization,
        Condition::Multicast => opts.multicast,
        Condition::Ldaps => opts.ldaps,
        _ => true,
    }
}

/// The dynamic RPC range of a listener: its restricted range, else its Windows family's.
pub(crate) fn rpc_range(opts: &Options, windows: WindowsFamily) -> PortRange {
    opts.rpc_range.unwrap_or(match windows {
        WindowsFamily::Server2008OrLater => PortRange::new(49152, 65535),
        WindowsFamily::Pre2008 => PortRange::new(1025, 5000),
    })
}

/// The requirement's ports with named ports read on the listening node.
fn resolve_ports(req: &Requirement, index: &PlanIndex<'_>, listener: usize) -> PortSet {
    let opts = &index.options[listener];
    let windows = index.facts[listener].windows;
    req.ports
        .iter()
        .map(|spec| match *spec {
            PortSpec::Port(p) => PortRange::single(p),
            PortSpec::Range(r) => r,
            PortSpec::Named(NamedPort::Rdp) => PortRange::single(opts.rdp_port),
            PortSpec::Named(NamedPort::DynamicRpc) => rpc_range(opts, windows),
            PortSpec::Named(NamedPort::WdsRpc) => PortRange::single(opts.wds_rpc_port),
            PortSpec::Named(NamedPort::WdsUdpRange) => opts.wds_udp_range,
            PortSpec::Named(NamedPort::WmiFixed) => opts
                .wmi_port
                .map_or_else(|| rpc_range(opts, windows), PortRange::single),
        })
        .collect()
}
