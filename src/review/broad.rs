//! Broad rules across a trust boundary: dynamic RPC ranges, the services of the review
//! data, sources at any address into internal zones, and flows a placement or an option
//! would keep inside the source zone.

use super::{Finding, Fix, Kind, Knowledge, OptionFix, Severity, intersection, port_count};
use crate::catalog::{Catalog, PortSource};
use crate::engine::{Analysis, MatrixRow, PlanIndex, rpc_range};
use crate::model::{Address, OptionInfo, OptionValue, PortSet, Protocol, Trust, option_info};
use crate::quote::quoted;

/// What the pass reads, built once per review.
pub(super) struct Context<'a> {
    pub catalog: &'a Catalog,
    pub analysis: &'a Analysis,
    pub knowledge: &'a Knowledge,
    pub index: &'a PlanIndex<'a>,
}

impl Context<'_> {
    fn name(&self, id: crate::model::NodeId) -> String {
        quoted(self.index.node(id).map_or("?", |n| n.name.as_str())).to_string()
    }

    /// The services of `requirements`, joined, without repeats.
    fn services(&self, requirements: &[usize]) -> String {
        let mut out: Vec<&str> = Vec::new();
        for &r in requirements {
            let s = self.catalog.requirements()[r].service.as_str();
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.join(", ")
    }

    /// The references of `requirements`, cited, without repeats.
    fn cite(&self, requirements: &[usize]) -> String {
        let mut out: Vec<String> = Vec::new();
        for &r in requirements {
            for reference in &self.catalog.requirements()[r].references {
                let c = self.catalog.cite_one(reference);
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out.join("; ")
    }
}

/// The findings of matrix row `row`, which goes from a zone of trust `from` into one of
/// trust `to` (`from < to`) at its firewall.
pub(super) fn findings(
    ctx: &Context<'_>,
    row: usize,
    from: Trust,
    to: Trust,
    out: &mut Vec<Finding>,
) {
    let Some(r) = ctx.analysis.matrix.rows.get(row) else {
        return;
    };
    let (Some(firewall), Some(listener)) = (r.firewall, ctx.index.pos(r.destination)) else {
        return;
    };
    let finding = |severity, kind, title: String, broad: PortSet, risk, fix| Finding {
        severity,
        kind,
        title,
        row,
        firewall,
        source: r.source,
        destination: r.destination,
        protocol: r.protocol,
        ports: r.ports.clone(),
        broad,
        risk,
        fix,
        covered_by: None,
    };
    dynamic_rpc(ctx, r, listener, &finding, out);
    exposures(ctx, r, listener, from, &finding, out);
    any_source(ctx, r, to, &finding, out);
    alternatives(ctx, r, &finding, out);
}

type Make<'f> = dyn Fn(Severity, Kind, String, PortSet, String, Fix) -> Finding + 'f;

fn dynamic_rpc(
    ctx: &Context<'_>,
    r: &MatrixRow,
    listener: usize,
    make: &Make<'_>,
    out: &mut Vec<Finding>,
) {
    if r.protocol != Protocol::Tcp {
        return;
    }
    let opts = &ctx.index.options[listener];
    let mut fixed: Vec<&'static OptionInfo> = Vec::new();
    let mut reqs: Vec<usize> = Vec::new();
    for flow in ctx.analysis.flows.get(r.flows.clone()).unwrap_or(&[]) {
        for source in ctx.catalog.ports(flow.requirement) {
            let dynamic = match *source {
                PortSource::DynamicRpc => true,
                PortSource::RpcPort { option, .. }
                    if opts.get(option) == OptionValue::OptionalPort(None) =>
                {
                    if !fixed.iter().any(|o| o.key == option.key) {
                        fixed.push(option);
                    }
                    true
                }
                _ => false,
            };
            if dynamic && !reqs.contains(&flow.requirement) {
                reqs.push(flow.requirement);
            }
        }
    }
    let restricted = opts.rpc_range.is_some();
    if reqs.is_empty() || (restricted && fixed.is_empty()) {
        return;
    }
    let range = rpc_range(opts, ctx.index.facts[listener].windows);
    let broad: PortSet = std::iter::once(range).collect();
    let (src, dst) = (ctx.name(r.source), ctx.name(r.destination));
    let services = ctx.services(&reqs);
    let count = port_count(&broad);
    let restrict = option_info("rpc_range");
    let (severity, risk) = if restricted {
        (
            Severity::Low,
            format!(
                "a restricted RPC range of {dst} ({range}, {count} ports) stays open from {src} for {services}: a fixed port narrows it to one"
            ),
        )
    } else {
        (
            Severity::High,
            format!(
                "the whole dynamic RPC range of {dst} ({range}, {count} ports) is open from {src}: every RPC service listening there is reachable, not only {services}"
            ),
        )
    };
    let mut options: Vec<&'static OptionInfo> = fixed.clone();
    let text = if fixed.is_empty() {
        options.extend(restrict);
        format!(
            "restrict the dynamic RPC range of {dst} to a few hundred ports (KB154596) and set the same range in Portolan"
        )
    } else if restricted {
        format!("fix the port of each RPC service on {dst} and set the same ports in Portolan")
    } else {
        let alt = restrict.map_or(String::new(), |o| {
            format!(
                "; or, less narrow, restrict its dynamic range and set {}",
                o.mention()
            )
        });
        format!("fix the port of each RPC service on {dst} and set the same ports in Portolan{alt}")
    };
    let mut windows: Vec<String> = options
        .iter()
        .filter(|o| !o.windows.is_empty())
        .map(|o| o.windows.to_owned())
        .collect();
    if !fixed.is_empty() && !restricted {
        windows.extend(
            restrict
                .map(|o| o.windows.to_owned())
                .filter(|w| !w.is_empty()),
        );
    }
    let mut references = ctx.cite(&reqs);
    if let Some(doc) = ctx
        .catalog
        .document("kb154596")
        .filter(|d| !references.contains(&d.cite))
    {
        references = format!("{references}; {}", doc.cite);
    }
    let fix = Fix {
        text,
        options: options
            .into_iter()
            .map(|option| OptionFix {
                option,
                node: r.destination,
                turn_off: false,
            })
            .collect(),
        windows,
        references,
    };
    out.push(make(
        severity,
        Kind::DynamicRpc,
        "dynamic RPC range".into(),
        broad,
        risk,
        fix,
    ));
}

fn exposures(
    ctx: &Context<'_>,
    r: &MatrixRow,
    listener: usize,
    from: Trust,
    make: &Make<'_>,
    out: &mut Vec<Finding>,
) {
    let opts = &ctx.index.options[listener];
    for e in &ctx.knowledge.exposures {
        if (!e.from.is_empty() && !e.from.contains(&from)) || !e.protocols.contains(&r.protocol) {
            continue;
        }
        let ports: PortSet = e
            .ports
            .iter()
            .filter_map(|p| match *p {
                super::ExposedPorts::Range(range) => Some(range),
                super::ExposedPorts::Option(o) => match opts.get(o) {
                    OptionValue::Port(p) => Some(crate::model::PortRange::single(p)),
                    OptionValue::Range(range) => Some(range),
                    _ => None,
                },
            })
            .collect();
        let hit = intersection(&r.ports, &ports);
        if hit.is_empty() {
            continue;
        }
        let set = e.option.filter(|o| opts.get(o) != o.default_value());
        let (severity, risk) = match (set, &e.after_option) {
            (None, _) => (e.severity, e.risk.clone()),
            (Some(_), Some(after)) => (after.severity, after.risk.clone()),
            (Some(_), None) => continue,
        };
        let fix = Fix {
            text: e.fix.clone(),
            options: if set.is_none() {
                e.option
                    .map(|option| OptionFix {
                        option,
                        node: r.destination,
                        turn_off: false,
                    })
                    .into_iter()
                    .collect()
            } else {
                Vec::new()
            },
            windows: (!e.windows.is_empty())
                .then(|| e.windows.clone())
                .into_iter()
                .collect(),
            references: e.cited.clone(),
        };
        out.push(make(
            severity,
            Kind::Exposure(e.id.clone()),
            e.service.clone(),
            hit,
            risk,
            fix,
        ));
    }
}

fn any_source(
    ctx: &Context<'_>,
    r: &MatrixRow,
    to: Trust,
    make: &Make<'_>,
    out: &mut Vec<Finding>,
) {
    let any = ctx
        .index
        .node(r.source)
        .is_some_and(|n| matches!(n.address, Some(Address::Any)));
    if !any || to < Trust::Internal {
        return;
    }
    let (src, dst) = (ctx.name(r.source), ctx.name(r.destination));
    let risk = format!(
        "{src} is any address: every host it stands for, on any network, reaches {dst} in a zone of {} trust",
        to.label()
    );
    let fix = Fix {
        text: format!(
            "give {src} its real address ranges, or publish the service through a server in the perimeter (an RD Gateway, a reverse proxy) so that internal zones are reached only from there"
        ),
        options: Vec::new(),
        windows: Vec::new(),
        references: String::new(),
    };
    out.push(make(
        Severity::High,
        Kind::AnySource,
        "any source into an internal zone".into(),
        r.ports.clone(),
        risk,
        fix,
    ));
}

fn alternatives(ctx: &Context<'_>, r: &MatrixRow, make: &Make<'_>, out: &mut Vec<Finding>) {
    let Some(consumer) = ctx.index.pos(r.source).filter(|_| r.protocol.has_ports()) else {
        return;
    };
    let zone = ctx.index.facts[consumer].zone;
    let flows = ctx.analysis.flows.get(r.flows.clone()).unwrap_or(&[]);
    for alt in &ctx.knowledge.alternatives {
        let mine: Vec<&crate::engine::Flow> = flows
            .iter()
            .filter(|f| f.consumer == r.source && ctx.catalog.ends(f.requirement).1 == alt.provider)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let reqs: Vec<usize> = mine.iter().map(|f| f.requirement).collect();
        let mut broad = PortSet::new();
        for f in &mine {
            broad.extend(&f.ports);
        }
        let services = ctx.services(&reqs);
        let (src, dst) = (ctx.name(r.source), ctx.name(r.destination));
        let (risk, options) = match (alt.role, alt.option) {
            (Some(role), _) => {
                if ctx
                    .index
                    .holders(role)
                    .iter()
                    .any(|&p| ctx.index.facts[p].zone == zone)
                {
                    continue;
                }
                let zone_name = ctx.index.zone(zone).map_or("?", |z| z.name.as_str());
                let risk = format!(
                    "the {services} flows from {src} to {dst} cross the boundary only because {} has no {}",
                    quoted(zone_name),
                    ctx.catalog.role(role).name
                );
                (risk, Vec::new())
            }
            (None, Some(option)) => {
                if ctx.index.options[consumer].get(option) != OptionValue::Flag(true) {
                    continue;
                }
                let risk = format!(
                    "the {services} flows from {src} to {dst} cross the boundary only because {} is on for {src}",
                    option.mention()
                );
                let fix = OptionFix {
                    option,
                    node: r.source,
                    turn_off: true,
                };
                (risk, vec![fix])
            }
            (None, None) => continue,
        };
        let fix = Fix {
            text: alt.fix.clone(),
            windows: options
                .iter()
                .filter(|o| !o.option.windows.is_empty())
                .map(|o| o.option.windows.to_owned())
                .collect(),
            options,
            references: alt.cited.clone(),
        };
        let provider = ctx.catalog.role(alt.provider);
        let title = format!("{} from another zone", provider.name);
        out.push(make(
            alt.severity,
            Kind::Alternative(provider.id.clone()),
            title,
            broad,
            risk,
            fix,
        ));
    }
}
