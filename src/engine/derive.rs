//! Derivation: every flow the plan's roles need, from the catalog's requirements.

use super::PlanIndex;
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

/// Every flow of the plan, sorted by source, destination, requirement and protocol, so
/// the result does not depend on the order of anything in the plan file.
///
/// Cost: **O(Σ consumers × providers)** over the requirements, i.e. linear in the output,
/// plus the sort.
pub fn derive(index: &PlanIndex<'_>, catalog: &Catalog) -> Vec<Flow> {
    let mut flows = Vec::new();
    for (pos, node_roles) in index.roles.iter().enumerate() {
        for &role in node_roles {
            for &req_idx in catalog.requirements_of(role) {
                derive_requirement(index, catalog, pos, req_idx, &mut flows);
            }
        }
    }
    flows.sort_by(|a, b| {
        (a.source, a.destination, a.requirement, a.protocol).cmp(&(
            b.source,
            b.destination,
            b.requirement,
            b.protocol,
        ))
    });
    flows.dedup();
    flows
}

fn derive_requirement(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    consumer: usize,
    req_idx: usize,
    out: &mut Vec<Flow>,
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
            out.push(Flow {
                requirement: req_idx,
                consumer: index.nodes[consumer].id,
                provider: index.nodes[provider].id,
                source: index.nodes[source].id,
                destination: index.nodes[destination].id,
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
        Condition::WithoutProvider(_) => catalog
            .without_role(req_idx)
            .is_none_or(|role| index.providers_for(pos, role).next().is_none()),
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
    let windows = index.nodes[listener].windows;
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
