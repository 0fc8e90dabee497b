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
    AddressCache, Explainer, Firewalls, NetNames, UNWRITABLE, comment_block, describe, families,
    firewalls, rule_lines,
};
use crate::export::{ExportError, ExportOptions, Format, Output, Policy, Sink, write_file_in};
use crate::model::{AddressBlock, Family, Firewall, FirewallId, IcmpType, PortSet, Protocol};
use crate::rules::{Rule, RuleSet};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// nft's longest rule comment, in bytes.
const COMMENT_LIMIT: usize = 128;

/// The table every script replaces: one per firewall host, whatever the firewall's
/// name in the plan (renaming it in the plan never leaves an old table behind).
const TABLE: &str = "portolan";

/// The chain's first rule: replies of accepted connections.
const REPLIES: &str = "ct state established,related accept";

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
        let Firewalls { list, host_rules } = firewalls(rules, &names, self.id())?;
        let mut writer = Writer {
            rules,
            names: &names,
            addresses: AddressCache::new(rules),
            explainer: Explainer::new(rules, COMMENT_LIMIT),
            protocols: FxHashMap::default(),
        };
        for (firewall, range) in list {
            let parts = writer.script(firewall, range, options.policy, host_rules);
            let file = format!("{}.nft", names.firewall(firewall));
            write_file_in(dir, &file, |out| {
                for part in &parts {
                    out.write_all(part.as_bytes())?;
                }
                Ok(())
            })?;
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
    /// The protocol match of each distinct (protocol, ports), e.g. `tcp dport { 53, 88 }`;
    /// `None` for TCP or UDP without ports.
    protocols: FxHashMap<(Protocol, &'a PortSet), Option<String>>,
}

impl<'a> Writer<'_, 'a> {
    /// The script of `firewall`, whose rules are `range`, in three parts to write one
    /// after the other. **O(r)** in its rules.
    fn script(
        &mut self,
        firewall: &Firewall,
        range: Range<usize>,
        policy: Policy,
        host_rules: usize,
    ) -> [String; 3] {
        // The chain first: it decides which sets the table needs.
        let mut chain = String::new();
        let mut sets: FxHashMap<(usize, Family), String> = FxHashMap::default();
        for rule in self.rules.slice(range) {
            self.rule(&rule, &mut chain, &mut sets);
        }
        let mut sets: Vec<((usize, Family), String)> = sets.into_iter().collect();
        sets.sort_by(|a, b| a.1.cmp(&b.1));

        // The head: comments, table, sets, the chain's opening; written before the rules
        // (not joined with them: the rules of a large firewall are megabytes).
        let mut out = String::with_capacity(sets.len() * 80 + 1024);
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
            "\tchain forward {{\n\t\ttype filter hook forward priority filter; policy {policy};\n\t\t{REPLIES}\n"
        );
        [out, chain, "\t}\n}\n".to_owned()]
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
        rule_lines(chain, "\t\t", rule, &why);
        let Some(matched) = self
            .protocols
            .entry((rule.protocol, rule.ports))
            .or_insert_with(|| protocol_match(rule.protocol, rule.ports))
        else {
            chain.push_str("\t\t# not written: the rule has no ports\n");
            return;
        };
        let (src, dst) = self.addresses.ends(rule);
        let written = families(rule.protocol, src, dst);
        if written.is_empty() {
            let _ = writeln!(chain, "\t\t# {UNWRITABLE}");
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
            let _ = writeln!(chain, "{matched} accept comment \"{}\"", why.comment);
        }
    }
}

/// The chain and the sets the nftables format writes for each firewall, rule by rule,
/// for the delta of `portolan diff --format nftables` (the same text, so the delta finds
/// the rules the export loaded).
pub struct NftChains<'r, 'a> {
    rules: &'r RuleSet<'a>,
    names: NetNames,
    list: Vec<(&'a Firewall, Range<usize>)>,
}

/// One firewall's chain `forward` and sets, as its export writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftChain {
    /// The export's file name without `.nft`.
    pub stem: String,
    /// The sets, by name, as the export declares them.
    pub sets: Vec<NftSet>,
    /// The rules in chain order, the replies rule first.
    pub rules: Vec<NftRule>,
}

/// A named set of a node's addresses of one family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftSet {
    pub name: String,
    /// `{ type ipv4_addr; elements = { 10.0.1.10 } }`.
    pub declaration: String,
    /// With `flags interval` (nft cannot change a set's flags in place).
    pub interval: bool,
    /// `10.0.1.10, 10.0.2.0/24`.
    pub elements: String,
}

/// One rule of the plan in the chain: its `#` lines, and its statements (none when it
/// cannot be written, two for IPv4 and IPv6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftRule {
    /// The `#` lines above it, without indentation.
    pub notes: Vec<String>,
    /// The rule statements as written (`ip saddr @a_v4 tcp dport 80 accept comment "..."`).
    pub statements: Vec<String>,
    /// The sets its statements use.
    pub sets: Vec<String>,
}

impl<'r, 'a> NftChains<'r, 'a> {
    /// **O(n)** in the plan's objects.
    ///
    /// # Errors
    /// As the export: [`ExportError::MissingAddresses`] when a node has no address.
    pub fn new(rules: &'r RuleSet<'a>) -> Result<Self, ExportError> {
        let names = NetNames::new(rules);
        let list = if rules.plan.firewalls.is_empty() {
            Vec::new()
        } else {
            firewalls(rules, &names, Nftables.id())?.list
        };
        Ok(NftChains { rules, names, list })
    }

    /// The chain of the firewall with id `id` as its export writes it, in **O(r)** of
    /// its rules; `None` when the plan has no such firewall.
    pub fn chain(&self, id: FirewallId) -> Option<NftChain> {
        let (firewall, range) = self.list.iter().find(|(f, _)| f.id == id)?;
        let mut writer = Writer {
            rules: self.rules,
            names: &self.names,
            addresses: AddressCache::new(self.rules),
            explainer: Explainer::new(self.rules, COMMENT_LIMIT),
            protocols: FxHashMap::default(),
        };
        let mut all_sets: FxHashMap<(usize, Family), String> = FxHashMap::default();
        let mut rules = vec![NftRule {
            notes: Vec::new(),
            statements: vec![REPLIES.to_owned()],
            sets: Vec::new(),
        }];
        for rule in self.rules.slice(range.clone()) {
            let (mut text, mut sets) = (String::new(), FxHashMap::default());
            writer.rule(&rule, &mut text, &mut sets);
            let (notes, statements): (Vec<&str>, Vec<&str>) = text
                .lines()
                .map(str::trim_start)
                .partition(|l| l.starts_with('#'));
            let mut used: Vec<String> = sets.values().cloned().collect();
            used.sort();
            all_sets.extend(sets);
            rules.push(NftRule {
                notes: notes.into_iter().map(str::to_owned).collect(),
                statements: statements.into_iter().map(str::to_owned).collect(),
                sets: used,
            });
        }
        let mut sets: Vec<NftSet> = all_sets
            .into_iter()
            .map(|((index, family), name)| {
                let blocks = writer.addresses.node(index).family(family).unwrap_or(&[]);
                NftSet {
                    declaration: set_declaration(family, blocks),
                    interval: is_interval(blocks),
                    elements: set_elements(blocks),
                    name,
                }
            })
            .collect();
        sets.sort_by(|a, b| a.name.cmp(&b.name));
        Some(NftChain {
            stem: self.names.firewall(firewall).to_owned(),
            sets,
            rules,
        })
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
    let _ = writeln!(out, "\tset {name} {}", set_declaration(family, blocks));
}

/// Whether a set of `blocks` needs `flags interval`: a block of more than one address.
fn is_interval(blocks: &[AddressBlock]) -> bool {
    !blocks.iter().all(|b| b.single_host().is_some())
}

/// `{ type ipv4_addr; elements = { 10.0.1.10 } }`: what follows a set's name.
fn set_declaration(family: Family, blocks: &[AddressBlock]) -> String {
    let kind = match family {
        Family::V4 => "ipv4_addr",
        Family::V6 => "ipv6_addr",
    };
    let interval = if is_interval(blocks) {
        " flags interval;"
    } else {
        ""
    };
    format!(
        "{{ type {kind};{interval} elements = {{ {} }} }}",
        set_elements(blocks)
    )
}

/// `10.0.1.10, 10.0.2.0/24`: the elements of a set, a single host as an address.
fn set_elements(blocks: &[AddressBlock]) -> String {
    let mut out = String::new();
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
    out
}

/// `tcp dport 80`, `udp dport 1812-1813`, `tcp dport { 53, 88, 49152-65535 }`,
/// `ip protocol icmp`, `icmp type echo-request`; `None` for TCP or UDP without ports.
fn protocol_match(protocol: Protocol, ports: &PortSet) -> Option<String> {
    let proto = match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp(IcmpType::Any) => return Some("ip protocol icmp".into()),
        Protocol::Icmp(IcmpType::Type(t)) => {
            return Some(match icmp_type_name(t) {
                Some(name) => format!("icmp type {name}"),
                None => format!("icmp type {t}"),
            });
        }
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
        [] => None,
        [one] => Some(format!("{proto} dport {one}")),
        _ => Some(format!("{proto} dport {{ {} }}", list.join(", "))),
    }
}

/// nft's name of an ICMP type, as `nft list ruleset` shows it.
fn icmp_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "echo-reply",
        3 => "destination-unreachable",
        4 => "source-quench",
        5 => "redirect",
        8 => "echo-request",
        9 => "router-advertisement",
        10 => "router-solicitation",
        11 => "time-exceeded",
        12 => "parameter-problem",
        13 => "timestamp-request",
        14 => "timestamp-reply",
        15 => "info-request",
        16 => "info-reply",
        17 => "address-mask-request",
        18 => "address-mask-reply",
        _ => return None,
    })
}
