//! `nftables`: one nft script per firewall, `<firewall>.nft`, for `nft -f`.
//!
//! Each script replaces the table `inet portolan` (and only it) with a `forward` chain:
//! replies of accepted connections, then one rule per matrix row of the firewall
//! (IPv4 and IPv6 rules for a node that has both), then the final policy. Each node a
//! rule names is a named set of its addresses, `<node>_v4` / `<node>_v6`, with
//! `flags interval` when it holds networks or ranges. Each rule carries a comment
//! (requirement ids, DNS names, references; at most 128 bytes, nft's limit) and a `#`
//! line naming the two nodes and the services. Only numeric addresses are written:
//! nft would look anything else up in DNS. Flows inside one zone are left to the
//! servers' own firewalls (the windows-firewall export); the header counts them.

use super::netfilter::{
    AddressCache, Explainer, NetNames, comment_block, describe, families, firewalls, rule_lines,
};
use crate::export::{ExportError, ExportOptions, Format, Output, Policy, Sink, write_file_in};
use crate::model::{AddressBlock, Family, Firewall, IcmpType, PortSet, Protocol};
use crate::rules::{Rule, RuleSet};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// nft's longest rule comment, in bytes.
const COMMENT_LIMIT: usize = 128;

/// The table every script replaces: one per firewall host, whatever the firewall's
/// name in the plan (renaming it in the plan never leaves an old table behind).
const TABLE: &str = "portolan";

/// The nftables format.
pub struct Nftables;

impl Format for Nftables {
    fn id(&self) -> &'static str {
        "nftables"
    }

    fn description(&self) -> &'static str {
        "one nft script per firewall (table inet portolan, forward chain, named sets; --policy)"
    }

    fn extension(&self) -> &'static str {
        "nft"
    }

    fn output(&self) -> Output {
        Output::Folder
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::Folder(dir) = sink else {
            return Err(ExportError::NeedsFolder { format: self.id() });
        };
        let names = NetNames::new(rules);
        let (list, host_rules) = firewalls(rules, &names, self.id())?;
        let mut writer = Writer {
            rules,
            names: &names,
            addresses: AddressCache::new(rules),
            explainer: Explainer::new(rules, COMMENT_LIMIT),
            ports: FxHashMap::default(),
        };
        for (firewall, range) in list {
            let text = writer.script(firewall, range, options.policy, host_rules);
            let file = format!("{}.nft", names.firewall(firewall));
            write_file_in(dir, &file, |out| Ok(out.write_all(text.as_bytes())?))?;
        }
        Ok(())
    }
}

/// What stays the same from one firewall's script to the next.
struct Writer<'r, 'a> {
    rules: &'r RuleSet<'a>,
    names: &'r NetNames,
    addresses: AddressCache,
    explainer: Explainer,
    /// The port match of each distinct (protocol, ports), e.g. `tcp dport { 53, 88 }`.
    ports: FxHashMap<(Protocol, &'a PortSet), String>,
}

impl<'a> Writer<'_, 'a> {
    /// The whole script of `firewall`, whose rules are `range`. **O(r)** in its rules.
    fn script(
        &mut self,
        firewall: &Firewall,
        range: Range<usize>,
        policy: Policy,
        host_rules: usize,
    ) -> String {
        // The chain first: it decides which sets the table needs.
        let mut chain = String::new();
        let mut sets: FxHashMap<(usize, Family), String> = FxHashMap::default();
        for rule in self.rules.slice(range) {
            self.rule(&rule, &mut chain, &mut sets);
        }
        let mut sets: Vec<((usize, Family), String)> = sets.into_iter().collect();
        sets.sort_by(|a, b| a.1.cmp(&b.1));

        let mut out = String::with_capacity(chain.len() + sets.len() * 80 + 1024);
        out.push_str("#!/usr/sbin/nft -f\n");
        let mut lines = describe(self.rules, firewall, policy, host_rules);
        lines.push(format!(
            "Load with `nft -f {}.nft`: it replaces the table inet {TABLE} and leaves the other tables alone.",
            self.names.firewall(firewall)
        ));
        comment_block(&mut out, &lines);
        // Creating the table first lets `delete` succeed on a host that has none yet;
        // the three statements together replace it in one transaction.
        let _ = write!(
            out,
            "\ntable inet {TABLE}\ndelete table inet {TABLE}\n\ntable inet {TABLE} {{\n"
        );
        for ((index, family), name) in &sets {
            let blocks = self.addresses.node(*index).family(*family).unwrap_or(&[]);
            set_line(&mut out, name, *family, blocks);
        }
        if !sets.is_empty() {
            out.push('\n');
        }
        let policy = match policy {
            Policy::Drop => "drop",
            Policy::Accept => "accept",
        };
        let _ = write!(
            out,
            "\tchain forward {{\n\t\ttype filter hook forward priority filter; policy {policy};\n\t\tct state established,related accept\n"
        );
        out.push_str(&chain);
        out.push_str("\t}\n}\n");
        out
    }

    /// Appends the `#` lines and the nft rules of `rule` to `chain`, and the name of each
    /// node set they use to `sets`.
    fn rule(
        &mut self,
        rule: &Rule<'a>,
        chain: &mut String,
        sets: &mut FxHashMap<(usize, Family), String>,
    ) {
        let why = self.explainer.why(rule);
        rule_lines(chain, "\t\t", rule, &why, &rule.protocol.to_string());
        if rule.ports.is_empty() && rule.protocol.has_ports() {
            chain.push_str("\t\t# not written: the rule has no ports\n");
            return;
        }
        let ports = self
            .ports
            .entry((rule.protocol, rule.ports))
            .or_insert_with(|| port_match(rule.protocol, rule.ports));
        let (src, dst) = self.addresses.ends(rule);
        let written = families(src, dst);
        if written.is_empty() {
            chain.push_str("\t\t# not written: the two nodes have no address family in common\n");
        }
        for (family, s, d) in written {
            chain.push_str("\t\t");
            for (end, blocks, dir) in [(&rule.source, s, "saddr"), (&rule.destination, d, "daddr")]
            {
                let (Some(family), Some(_)) = (family, blocks) else {
                    continue;
                };
                let ip = match family {
                    Family::V4 => "ip",
                    Family::V6 => "ip6",
                };
                let name = sets
                    .entry((end.index, family))
                    .or_insert_with(|| set_name(self.names.node(end), family));
                let _ = write!(chain, "{ip} {dir} @{name} ");
            }
            let _ = writeln!(chain, "{ports} accept comment \"{}\"", why.comment);
        }
    }
}

/// The set of a node's addresses of one family: `rdgw01_v4`. The suffix keeps names
/// clear of nft's keywords (a node named `dns` or `drop`).
fn set_name(node: &str, family: Family) -> String {
    match family {
        Family::V4 => format!("{node}_v4"),
        Family::V6 => format!("{node}_v6"),
    }
}

/// `\tset rdgw01_v4 { type ipv4_addr; elements = { 10.0.1.10 } }`, with `flags interval`
/// when a block is more than one address.
fn set_line(out: &mut String, name: &str, family: Family, blocks: &[AddressBlock]) {
    let kind = match family {
        Family::V4 => "ipv4_addr",
        Family::V6 => "ipv6_addr",
    };
    let interval = if blocks.iter().all(|b| b.single_host().is_some()) {
        ""
    } else {
        " flags interval;"
    };
    let _ = write!(out, "\tset {name} {{ type {kind};{interval} elements = {{ ");
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match b.single_host() {
            Some(ip) => {
                let _ = write!(out, "{ip}");
            }
            None => {
                let _ = write!(out, "{b}");
            }
        }
    }
    out.push_str(" } }\n");
}

/// `tcp dport 80`, `udp dport 1812-1813`, `tcp dport { 53, 88, 49152-65535 }`.
fn port_match(protocol: Protocol, ports: &PortSet) -> String {
    let proto = match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp(IcmpType::Any) => return "meta l4proto { icmp, ipv6-icmp }".into(),
        Protocol::Icmp(IcmpType::Type(t)) => return format!("icmp type {t}"),
    };
    let list: Vec<String> = ports
        .ranges()
        .iter()
        .map(|r| {
            if r.start == r.end {
                r.start.to_string()
            } else {
                format!("{}-{}", r.start, r.end)
            }
        })
        .collect();
    match list.as_slice() {
        [one] => format!("{proto} dport {one}"),
        _ => format!("{proto} dport {{ {} }}", list.join(", ")),
    }
}
