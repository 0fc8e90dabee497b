//! `cisco-asa`: one configuration file per firewall, in the commands an ASA admin pastes
//! in configuration mode: `object network` per node (host, subnet, range or `fqdn`),
//! `object-group network` for nodes with several blocks, `object-group service` for port
//! sets of several ranges, and one extended access list per zone the traffic enters the
//! firewall from (`EDGE_INTERNET_IN`), each rule after `remark` lines with its
//! requirements and references, and the `access-group` binding it to the interface.
//!
//! Names follow ASA syntax: at most 64 characters of letters, digits, `-`, `_` and `.`;
//! objects and object groups share one namespace. Text in remarks and descriptions is
//! ASCII without `?` (the CLI would take it for a help request while pasting), and
//! remarks are cut into lines of at most 100 characters. IPv4 is written with dotted
//! masks, IPv6 with prefix lengths. Host-firewall rules (flows inside one zone) are not
//! the ASA's: they are in the `windows-firewall` format.

use crate::export::wrap::wrap;
use crate::export::{ExportError, ExportOptions, Format, Output, Sink, write_file_in};
use crate::model::{
    Address, AddressBlock, Firewall, FirewallId, IcmpType, PortRange, PortSet, Protocol, Zone,
    ZoneId,
};
use crate::rules::{Citation, Endpoint, Hops, NameStyle, Names, Requirements, Rule, RuleSet};
use ipnet::IpNet;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::ops::Range;

/// The Cisco ASA format.
pub struct CiscoAsa;

impl Format for CiscoAsa {
    fn id(&self) -> &'static str {
        "cisco-asa"
    }

    fn description(&self) -> &'static str {
        "a Cisco ASA configuration per firewall: objects, object groups, an access list per ingress zone"
    }

    fn extension(&self) -> &'static str {
        "cfg"
    }

    fn output(&self) -> Output {
        Output::Folder
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        _options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::Folder(dir) = sink else {
            return Err(ExportError::NeedsFolder { format: self.id() });
        };
        rules.require_addresses()?;
        let mut config = Config::new(rules);
        let runs: FxHashMap<_, Range<usize>> = rules
            .by_firewall()
            .into_iter()
            .filter_map(|(fw, range)| Some((fw?.id, range)))
            .collect();
        for fw in &rules.plan.firewalls {
            let range = runs.get(&fw.id).cloned().unwrap_or(0..0);
            let file = format!("{}.cfg", config.firewall_part(fw.id));
            let text = config.firewall(fw, range);
            write_file_in(dir, &file, |out| Ok(out.write_all(text.as_bytes())?))?;
        }
        Ok(())
    }
}

/// Object and object-group names: case kept (ASA names are case-sensitive).
const OBJECT_STYLE: NameStyle = NameStyle {
    max_len: MAX_NAME,
    allowed: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
    separator: '_',
    first: |c| c.is_ascii_alphabetic(),
    lead: "obj_",
    lowercase: false,
    zone_prefix: "zone-",
    node_prefix: "",
    firewall_prefix: "firewall-",
};

/// The zone and firewall parts of access-list, interface and file names: short enough
/// that `FIREWALL_ZONE_IN` fits in 64 characters. Zones and firewalls are named apart
/// (a firewall `internal` and a zone `Internal` are both `internal`): each kind gets a
/// prefix, which [`Config::zone_part`] and [`Config::firewall_part`] take off again.
const ACL_STYLE: NameStyle = NameStyle {
    max_len: 32,
    allowed: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'),
    separator: '_',
    first: |c| c.is_ascii_alphanumeric(),
    lead: "",
    lowercase: true,
    zone_prefix: "z-",
    node_prefix: "n-",
    firewall_prefix: "f-",
};

/// The longest object or access-list name an ASA takes.
pub const MAX_NAME: usize = 64;
/// The longest remark text an ASA takes.
pub const MAX_REMARK: usize = 100;
/// The longest object description.
const MAX_DESCRIPTION: usize = 200;

/// What the configuration of each firewall is made from: names, and the texts of each
/// requirement set, made once for the whole plan.
struct Config<'r, 'a> {
    rules: &'r RuleSet<'a>,
    objects: Names,
    acl_names: Names,
    /// Object names nodes take, to keep service-group names apart from them.
    node_names: FxHashSet<String>,
    /// Remark lines of the requirements and references of each set.
    set_remarks: Vec<Option<Vec<String>>>,
    hops: Hops<'r>,
    zones: FxHashMap<ZoneId, &'a Zone>,
    /// The service-group name of each port set of several ranges, by protocol.
    services: FxHashMap<(Protocol, &'a PortSet), String>,
}

/// Where an ACE's source or destination points.
enum Operand {
    Any,
    Object(String),
    Group(String),
}

impl std::fmt::Display for Operand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Operand::Any => f.write_str("any"),
            Operand::Object(n) => write!(f, "object {n}"),
            Operand::Group(n) => write!(f, "object-group {n}"),
        }
    }
}

impl<'r, 'a> Config<'r, 'a> {
    fn new(rules: &'r RuleSet<'a>) -> Self {
        let objects = Names::new(rules.plan, OBJECT_STYLE);
        let node_names = rules
            .plan
            .nodes
            .iter()
            .map(|n| objects.node(n.id).to_owned())
            .collect();
        let mut set_remarks = Vec::new();
        set_remarks.resize_with(rules.analysis.matrix.requirement_sets.len(), || None);
        Config {
            rules,
            objects,
            acl_names: Names::new(rules.plan, ACL_STYLE),
            node_names,
            set_remarks,
            hops: Hops::new(rules),
            zones: rules.plan.zones.iter().map(|z| (z.id, z)).collect(),
            services: FxHashMap::default(),
        }
    }

    /// The configuration of `fw`, whose rules are `range` of the rule set.
    fn firewall(&mut self, fw: &'a Firewall, range: Range<usize>) -> String {
        let rules = self.rules;
        // Rules by ingress zone, zones in name order, rules in matrix order.
        let mut acls: BTreeMap<(&'a str, ZoneId), Vec<Rule<'a>>> = BTreeMap::new();
        let mut nodes: BTreeMap<String, Endpoint<'a>> = BTreeMap::new();
        let mut seen: FxHashSet<usize> = FxHashSet::default();
        let mut services: BTreeMap<String, (Protocol, &'a PortSet)> = BTreeMap::new();
        for rule in rules.slice(range) {
            let zone = self.ingress_zone(&rule);
            let key = zone.map_or((rule.source.zone_name(), rule.source.node.zone), |z| {
                (z.name.as_str(), z.id)
            });
            acls.entry(key).or_default().push(rule);
            for end in [rule.source, rule.destination] {
                if !matches!(end.address(), Some(Address::Any)) && seen.insert(end.index) {
                    nodes.insert(self.objects.node(end.id()).to_owned(), end);
                }
            }
            if rule.ports.ranges().len() > 1 {
                let name = self.service_name(rule.protocol, rule.ports);
                services.insert(name, (rule.protocol, rule.ports));
            }
        }

        let mut s = String::with_capacity(1 << 16);
        let fqdn = nodes.values().any(|e| e.dns_name().is_some());
        let icmp = acls
            .values()
            .flatten()
            .any(|r| matches!(r.protocol, Protocol::Icmp(_)));
        self.header(&mut s, fw, acls.len(), fqdn, icmp);
        if !nodes.is_empty() {
            s.push_str("!\n! Network objects: one per node.\n");
        }
        for (name, end) in &nodes {
            write_object(&mut s, name, end);
        }
        if !services.is_empty() {
            s.push_str("!\n! Service groups: the port sets of several ports or ranges.\n");
        }
        for (name, (protocol, ports)) in &services {
            let _ = writeln!(s, "object-group service {name}");
            for r in ports.ranges() {
                let _ = writeln!(
                    s,
                    " service-object {} destination {}",
                    protocol_word(*protocol),
                    port_match(r)
                );
            }
        }
        let mut bindings = Vec::new();
        for ((_, zone), acl) in &acls {
            let acl_name = self.acl_name(fw, *zone);
            let zone_name = self.zones.get(zone).map_or("", |z| z.name.as_str());
            let _ = writeln!(
                s,
                "!\n! Traffic entering from the zone {}.",
                ascii(zone_name)
            );
            for rule in acl {
                self.write_rule(&mut s, &acl_name, rule);
            }
            bindings.push((acl_name, self.zone_part(*zone).to_owned()));
        }
        if !bindings.is_empty() {
            s.push_str("!\n! Bind each access list to the interface facing its zone (the nameif here is the\n! zone's name: put yours).\n");
        }
        for (acl, nameif) in bindings {
            let _ = writeln!(s, "access-group {acl} in interface {nameif}");
        }
        s
    }

    fn header(&self, s: &mut String, fw: &Firewall, acls: usize, fqdn: bool, icmp: bool) {
        let rules = self.rules;
        let zones: Vec<String> = fw
            .zones
            .iter()
            .filter_map(|z| self.zones.get(z))
            .map(|z| ascii(&z.name))
            .collect();
        let _ = writeln!(
            s,
            "! Portolan: Cisco ASA access rules for the firewall {}\n! Plan: {}\n! Zones: {}",
            ascii(&fw.name),
            ascii(&rules.plan.name),
            zones.join(", ")
        );
        if acls == 0 {
            s.push_str(
                "! No flow of the plan crosses this firewall: it has no access rule to add.\n",
            );
            return;
        }
        s.push_str(
            "! One extended access list per zone the traffic comes from. Return traffic is let\n\
             ! through by the ASA's stateful inspection; the rest is denied by the implicit\n\
             ! deny at the end of each list. Remarks name the catalog requirements and the\n\
             ! documents behind each rule. Paste in configuration mode.\n",
        );
        if icmp {
            s.push_str(
                "! ICMP replies pass only with ICMP inspection on: inspect icmp in the global policy.\n",
            );
        }
        if fqdn {
            s.push_str(
                "! fqdn objects need DNS on the ASA: dns domain-lookup and a dns server-group.\n",
            );
        }
    }

    /// The zone `rule` enters its firewall from (not its source's zone when it crossed
    /// another firewall first).
    fn ingress_zone(&self, rule: &Rule<'a>) -> Option<&'a Zone> {
        let hop = self.hops.of(rule)?;
        self.zones.get(&hop.ingress).copied()
    }

    /// `EDGE_INTERNET_IN`: the access list of traffic entering `fw` from `zone`.
    fn acl_name(&self, fw: &Firewall, zone: ZoneId) -> String {
        format!("{}_{}_IN", self.firewall_part(fw.id), self.zone_part(zone)).to_ascii_uppercase()
    }

    /// The zone's part of names (`internet`), also its interface name.
    fn zone_part(&self, zone: ZoneId) -> &str {
        let name = self.acl_names.zone(zone);
        name.strip_prefix(ACL_STYLE.zone_prefix).unwrap_or(name)
    }

    /// The firewall's part of names (`edge`), also its file name.
    fn firewall_part(&self, fw: FirewallId) -> &str {
        let name = self.acl_names.firewall(fw);
        name.strip_prefix(ACL_STYLE.firewall_prefix).unwrap_or(name)
    }

    /// `TCP_135_445_49152-65535`: the service group of `ports`, named after its content
    /// so the same ports get the same name in every file and run. Too long, it keeps the
    /// start and a checksum of the whole; a name a node took gets `_svc`.
    fn service_name(&mut self, protocol: Protocol, ports: &'a PortSet) -> String {
        if let Some(name) = self.services.get(&(protocol, ports)) {
            return name.clone();
        }
        let mut name = protocol_word(protocol).to_ascii_uppercase();
        for r in ports.ranges() {
            let _ = write!(name, "_{r}");
        }
        if name.len() > MAX_NAME {
            let sum = format!("_{:08x}", fnv1a(name.as_bytes()));
            name.truncate(MAX_NAME - sum.len());
            while name.ends_with('_') {
                name.pop();
            }
            name.push_str(&sum);
        }
        while self.node_names.contains(&name) {
            name = OBJECT_STYLE.clean(&format!("{name}_svc"));
            if name.len() > MAX_NAME {
                name.drain(..name.len() - MAX_NAME);
            }
        }
        self.services.insert((protocol, ports), name.clone());
        name
    }

    fn operand(&self, end: &Endpoint<'_>) -> Operand {
        let name = self.objects.node(end.id()).to_owned();
        match end.address() {
            Some(Address::Any) | None => Operand::Any,
            Some(Address::Blocks(blocks)) if blocks.len() > 1 => Operand::Group(name),
            Some(_) => Operand::Object(name),
        }
    }

    /// The remark lines of `rule` and its ACE, into `s`.
    fn write_rule(&mut self, s: &mut String, acl: &str, rule: &Rule<'a>) {
        let (src, dst) = (rule.source, rule.destination);
        let services = rule.requirements.services().join(", ");
        let title = format!(
            "{} to {} {}: {services}",
            src.name(),
            dst.name(),
            protocol_word(rule.protocol).to_ascii_uppercase()
        );
        for line in wrap(&ascii(&title), MAX_REMARK, "  ") {
            let _ = writeln!(s, "access-list {acl} remark {line}");
        }
        let set = rule.requirements.set();
        if let Some(slot @ None) = self.set_remarks.get_mut(set) {
            *slot = Some(set_remarks(&rule.requirements));
        }
        if let Some(Some(lines)) = self.set_remarks.get(set) {
            for line in lines {
                let _ = writeln!(s, "access-list {acl} remark {line}");
            }
        }
        let (src, dst) = (self.operand(&src), self.operand(&dst));
        let protocol = protocol_word(rule.protocol);
        let ace = match (rule.protocol, rule.ports.ranges()) {
            (Protocol::Icmp(IcmpType::Type(t)), _) => format!("{protocol} {src} {dst} {t}"),
            (Protocol::Icmp(IcmpType::Any), _) | (_, []) => format!("{protocol} {src} {dst}"),
            (_, [one]) => format!("{protocol} {src} {dst} {}", port_match(one)),
            _ => {
                let group = self.service_name(rule.protocol, rule.ports);
                format!("object-group {group} {src} {dst}")
            }
        };
        let _ = writeln!(s, "access-list {acl} extended permit {ace}");
    }
}

/// The `requirements:` and `references:` remark lines of a requirement set.
fn set_remarks(requirements: &Requirements<'_>) -> Vec<String> {
    let ids = requirements.ids().join(", ");
    let references: Vec<String> = requirements.citations().iter().map(citation).collect();
    let mut lines = wrap(&ascii(&format!("requirements: {ids}")), MAX_REMARK, "  ");
    lines.extend(wrap(
        &ascii(&format!("references: {}", references.join("; "))),
        MAX_REMARK,
        "  ",
    ));
    lines
}

/// A citation in ASCII: `KB832017 (Kerberos)`, or the document alone.
fn citation(c: &Citation<'_>) -> String {
    let doc = c.document.map_or(c.doc_id, |d| d.cite.as_str());
    if c.section.is_empty() {
        doc.to_owned()
    } else {
        format!("{doc} ({})", c.section)
    }
}

/// The `object network` (or `object-group network`) of a node, into `s`.
fn write_object(s: &mut String, name: &str, end: &Endpoint<'_>) {
    let description = truncate(
        &ascii(&format!("{} in {}", end.name(), end.zone_name())),
        MAX_DESCRIPTION,
    );
    match end.address() {
        Some(Address::Name(dns)) => {
            let _ = writeln!(s, "object network {name}\n fqdn {dns}");
        }
        Some(Address::Blocks(blocks)) if blocks.len() == 1 => {
            let _ = writeln!(s, "object network {name}\n {}", object_block(&blocks[0]));
        }
        Some(Address::Blocks(blocks)) => {
            // A group shows its description first, an object after its address.
            let _ = writeln!(s, "object-group network {name}\n description {description}");
            for b in blocks.iter() {
                for net in group_blocks(b) {
                    let _ = writeln!(s, " network-object {net}");
                }
            }
            return;
        }
        Some(Address::Any) | None => return,
    }
    let _ = writeln!(s, " description {description}");
}

/// A block inside `object network`: `host A`, `subnet A MASK` (IPv4), `subnet A/P`
/// (IPv6) or `range A B`.
fn object_block(b: &AddressBlock) -> String {
    if let Some(ip) = b.single_host() {
        return format!("host {ip}");
    }
    match b {
        AddressBlock::Net(net) => format!("subnet {}", net_text(net)),
        AddressBlock::Range(a, z) => format!("range {a} {z}"),
        AddressBlock::Host(ip) => format!("host {ip}"),
    }
}

/// The entries of a block inside `object-group network`: `host A`, `A MASK` or `A/P`; a
/// range becomes the fewest networks covering exactly its addresses (a group takes no
/// ranges).
fn group_blocks(b: &AddressBlock) -> Vec<String> {
    if let Some(ip) = b.single_host() {
        return vec![format!("host {ip}")];
    }
    match b {
        AddressBlock::Net(net) => vec![net_text(net)],
        AddressBlock::Range(a, z) => range_networks(*a, *z)
            .iter()
            .map(|n| {
                if n.prefix_len() == n.max_prefix_len() {
                    format!("host {}", n.addr())
                } else {
                    net_text(n)
                }
            })
            .collect(),
        AddressBlock::Host(ip) => vec![format!("host {ip}")],
    }
}

/// `10.0.2.0 255.255.255.0` for IPv4, `2001:db8::/64` for IPv6.
fn net_text(net: &IpNet) -> String {
    match net {
        IpNet::V4(v4) => format!("{} {}", v4.network(), v4.netmask()),
        IpNet::V6(v6) => format!("{}/{}", v6.network(), v6.prefix_len()),
    }
}

/// The fewest networks whose union is exactly `first..=last` (same family).
fn range_networks(first: IpAddr, last: IpAddr) -> Vec<IpNet> {
    let (bits, a, z) = match (first, last) {
        (IpAddr::V4(a), IpAddr::V4(z)) => {
            (32u32, u128::from(u32::from(a)), u128::from(u32::from(z)))
        }
        (IpAddr::V6(a), IpAddr::V6(z)) => (128u32, u128::from(a), u128::from(z)),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut at = a;
    loop {
        // The largest aligned block starting at `at` that does not pass `z`.
        let mut size_log = if at == 0 {
            bits
        } else {
            at.trailing_zeros().min(bits)
        };
        while size_log > 0 && block_end(at, size_log) > z {
            size_log -= 1;
        }
        let prefix = u8::try_from(bits - size_log).unwrap_or(0);
        let addr = if bits == 32 {
            IpAddr::V4(std::net::Ipv4Addr::from(u32::try_from(at).unwrap_or(0)))
        } else {
            IpAddr::V6(std::net::Ipv6Addr::from(at))
        };
        if let Ok(net) = IpNet::new(addr, prefix) {
            out.push(net);
        }
        let end = block_end(at, size_log);
        if end >= z {
            break;
        }
        at = end + 1;
    }
    out
}

/// The last address of the aligned block of 2^`size_log` addresses starting at `at`.
fn block_end(at: u128, size_log: u32) -> u128 {
    if size_log >= 128 {
        u128::MAX
    } else {
        at + ((1u128 << size_log) - 1)
    }
}

/// `eq 443` or `range 49152 65535`.
fn port_match(r: &PortRange) -> String {
    if r.start == r.end {
        format!("eq {}", r.start)
    } else {
        format!("range {} {}", r.start, r.end)
    }
}

fn protocol_word(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp(_) => "icmp",
    }
}

/// `text` as ASA text: printable ASCII without `?` (pasted into the CLI it asks for
/// help); other characters become `_`, runs of white space one space.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '§' => continue,
            c if c.is_whitespace() => ' ',
            '?' => '_',
            c if c.is_ascii_graphic() => c,
            _ => '_',
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `text` cut to `max` characters (ASCII).
fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// FNV-1a, 32 bits: a short checksum that is the same on every run and platform.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_become_the_fewest_exact_networks() {
        let nets = |a: &str, b: &str| -> Vec<String> {
            range_networks(a.parse().unwrap(), b.parse().unwrap())
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            nets("10.0.0.10", "10.0.0.20"),
            [
                "10.0.0.10/31",
                "10.0.0.12/30",
                "10.0.0.16/30",
                "10.0.0.20/32"
            ]
        );
        assert_eq!(nets("10.0.0.0", "10.0.0.255"), ["10.0.0.0/24"]);
        assert_eq!(nets("0.0.0.0", "255.255.255.255"), ["0.0.0.0/0"]);
        assert_eq!(
            nets("2001:db8::1", "2001:db8::2"),
            ["2001:db8::1/128", "2001:db8::2/128"]
        );
    }

    #[test]
    fn objects_hold_hosts_subnets_and_ranges() {
        let block = |s: &str| object_block(&s.parse().unwrap());
        assert_eq!(block("10.0.1.10"), "host 10.0.1.10");
        assert_eq!(block("10.0.1.10/32"), "host 10.0.1.10");
        assert_eq!(block("10.0.2.0/24"), "subnet 10.0.2.0 255.255.255.0");
        assert_eq!(block("2001:db8::/64"), "subnet 2001:db8::/64");
        assert_eq!(block("2001:db8::10"), "host 2001:db8::10");
        assert_eq!(block("10.0.0.10-10.0.0.20"), "range 10.0.0.10 10.0.0.20");
    }

    #[test]
    fn text_is_ascii_without_question_marks() {
        assert_eq!(ascii("KB832017 §Kerberos"), "KB832017 Kerberos");
        assert_eq!(ascii("Büro  pcs?\nnext"), "B_ro pcs_ next");
    }
}
