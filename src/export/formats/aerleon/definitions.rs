//! `def/networks.yaml` and `def/services.yaml`: a network per node that a term names,
//! a service per protocol and set of ports.

use super::yaml;
use crate::model::{Address, AddressBlock, PortSet, Protocol};
use crate::rules::{Endpoint, Names};
use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};
use rustc_hash::FxHashMap;
use std::net::IpAddr;

/// The definitions the terms name, collected while the terms are written.
pub struct Definitions<'a> {
    /// The network of each node a term names, by the node's position in the plan.
    networks: Vec<Option<Endpoint<'a>>>,
    services: FxHashMap<(Protocol, &'a PortSet), String>,
}

/// The word Aerleon and the network name take for a protocol.
pub fn protocol_word(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp(_) => "icmp",
    }
}

/// Service names longer than this are cut and made unique with a hash of the ports.
const SERVICE_MAX: usize = 63;

impl<'a> Definitions<'a> {
    pub fn new(nodes: usize) -> Self {
        Definitions {
            networks: vec![None; nodes],
            services: FxHashMap::default(),
        }
    }

    /// The network name of `end`, recorded for `networks.yaml`; `None` for a node
    /// reached at any address (a term leaves its address out).
    pub fn network(&mut self, end: Endpoint<'a>, names: &Names) -> Option<String> {
        match end.address() {
            Some(Address::Blocks(_) | Address::Name(_)) => {
                if let Some(slot) = self.networks.get_mut(end.index) {
                    *slot = Some(end);
                }
                Some(network_name(names, &end))
            }
            Some(Address::Any) | None => None,
        }
    }

    /// The service of `protocol` on `ports`, e.g. `TCP_53_88_49152-65535`; made when
    /// first asked for.
    pub fn service(&mut self, protocol: Protocol, ports: &'a PortSet) -> &str {
        self.services
            .entry((protocol, ports))
            .or_insert_with(|| service_name(protocol, ports))
    }

    /// `def/networks.yaml`: the networks, by zone and in plan order within a zone.
    pub fn networks_yaml(&self, names: &Names, header: &str) -> String {
        let mut ends: Vec<&Endpoint<'a>> = self.networks.iter().flatten().collect();
        ends.sort_by_key(|e| (zone_position(e), e.index));
        let mut out = String::with_capacity(128 * ends.len() + 256);
        yaml::comment(&mut out, header);
        out.push_str("networks:\n");
        for end in ends {
            out.push_str("  ");
            out.push_str(&network_name(names, end));
            out.push_str(":\n    values:\n");
            let about = format!(
                "{} ({})",
                yaml::clean(end.name()),
                yaml::clean(end.zone_name())
            );
            match end.address() {
                Some(Address::Name(name)) => {
                    entry(&mut out, "fqdn", name.as_str(), &about);
                }
                Some(Address::Blocks(blocks)) => {
                    for block in blocks {
                        let nets = networks(block);
                        let about = match block {
                            AddressBlock::Range(..) => format!("{about}, part of {block}"),
                            _ => about.clone(),
                        };
                        for net in nets {
                            entry(&mut out, "address", &net.to_string(), &about);
                        }
                    }
                }
                Some(Address::Any) | None => {}
            }
        }
        out
    }

    /// `def/services.yaml`: the services, TCP first, by ports.
    pub fn services_yaml(&self, header: &str) -> String {
        let mut services: Vec<(&(Protocol, &PortSet), &String)> = self.services.iter().collect();
        services.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::with_capacity(64 * services.len() + 256);
        yaml::comment(&mut out, header);
        out.push_str("services:\n");
        for ((protocol, ports), name) in services {
            out.push_str("  ");
            out.push_str(name);
            out.push_str(":\n");
            for range in ports.ranges() {
                // A number, or `start-end`: both read back as what Aerleon expects.
                out.push_str("    - port: ");
                out.push_str(&range.to_string());
                out.push_str("\n      protocol: ");
                out.push_str(protocol_word(*protocol));
                out.push('\n');
            }
        }
        out
    }
}

/// One `- address:` or `- fqdn:` entry with its comment.
fn entry(out: &mut String, key: &str, value: &str, comment: &str) {
    out.push_str("      - ");
    out.push_str(key);
    out.push_str(": ");
    yaml::scalar(out, value);
    out.push_str("\n        comment: ");
    yaml::scalar(out, comment);
    out.push('\n');
}

/// The node's network name: its safe name in capitals, as Aerleon's examples write them.
pub fn network_name(names: &Names, end: &Endpoint<'_>) -> String {
    names.node(end.id()).to_ascii_uppercase()
}

fn zone_position(end: &Endpoint<'_>) -> u32 {
    end.zone.map_or(u32::MAX, |z| z.id.0)
}

/// A block as networks in CIDR notation (Aerleon takes no ranges): a host as /32 or
/// /128, a range as the fewest networks covering exactly it.
pub fn networks(block: &AddressBlock) -> Vec<IpNet> {
    match *block {
        AddressBlock::Host(ip) => vec![IpNet::from(ip)],
        AddressBlock::Net(net) => vec![net],
        AddressBlock::Range(IpAddr::V4(a), IpAddr::V4(b)) => {
            Ipv4Subnets::new(a, b, 0).map(IpNet::V4).collect()
        }
        AddressBlock::Range(IpAddr::V6(a), IpAddr::V6(b)) => {
            Ipv6Subnets::new(a, b, 0).map(IpNet::V6).collect()
        }
        // Mixed families never parse; nothing to write.
        AddressBlock::Range(..) => Vec::new(),
    }
}

/// `TCP_443`, `UDP_1812-1813`, `TCP_53_88_135_49152-65535`; past 63 characters, cut and
/// ended with a hash of the whole set so that two long sets never share a name.
fn service_name(protocol: Protocol, ports: &PortSet) -> String {
    let mut name = protocol_word(protocol).to_ascii_uppercase();
    for range in ports.ranges() {
        name.push('_');
        name.push_str(&range.to_string());
    }
    if name.len() <= SERVICE_MAX {
        return name;
    }
    // FNV-1a over the full name: stable from run to run and machine to machine.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let suffix = format!("_{hash:08x}");
    let mut cut = name[..SERVICE_MAX - suffix.len()].to_owned();
    while cut.ends_with(['_', '-']) {
        cut.pop();
    }
    cut + &suffix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PortRange;

    #[test]
    fn ranges_become_the_fewest_networks() {
        let range: AddressBlock = "10.0.0.10-10.0.0.20".parse().expect("range");
        let nets: Vec<String> = networks(&range).iter().map(ToString::to_string).collect();
        assert_eq!(
            nets,
            [
                "10.0.0.10/31",
                "10.0.0.12/30",
                "10.0.0.16/30",
                "10.0.0.20/32"
            ]
        );
        let host: AddressBlock = "2001:db8::1".parse().expect("host");
        assert_eq!(networks(&host)[0].to_string(), "2001:db8::1/128");
    }

    #[test]
    fn services_are_named_by_protocol_and_ports() {
        let mut ports = PortSet::new();
        ports.insert(PortRange::new(443, 443));
        assert_eq!(service_name(Protocol::Tcp, &ports), "TCP_443");
        ports.insert(PortRange::new(49152, 65535));
        assert_eq!(service_name(Protocol::Udp, &ports), "UDP_443_49152-65535");
        let mut many = PortSet::new();
        for p in (1000..1040).step_by(2) {
            many.insert(PortRange::new(p, p));
        }
        let long = service_name(Protocol::Tcp, &many);
        assert!(long.len() <= SERVICE_MAX, "{long}");
        assert!(long.starts_with("TCP_1000_1002_"), "{long}");
        many.insert(PortRange::new(2000, 2000));
        assert_ne!(service_name(Protocol::Tcp, &many), long);
    }
}
