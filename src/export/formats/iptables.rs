//! `iptables`: one `iptables-restore` file per firewall, `<firewall>.rules.v4`, and an
//! `ip6tables-restore` file, `<firewall>.rules.v6`, for each when the plan has IPv6
//! addresses.
//!
//! Each file sets the policy of the `FORWARD` chain of the filter table and replaces its
//! rules (with `--noflush`, INPUT, OUTPUT and the other tables stay as they are):
//! replies of accepted connections first (conntrack), then one rule per matrix row of
//! the firewall and family, with `-m comment` (requirement ids, DNS names, references,
//! at most 255 bytes) and a `#` line naming the two nodes and the services. Port lists
//! use `-m multiport` (15 ports a rule, a range counting two: longer lists are split),
//! ranges are written `a:b`; address ranges use `-m iprange`, a node's other blocks
//! one `-s a,b` list. Flows inside one zone are left to the servers' own firewalls.

use super::netfilter::{
    AddressCache, Explainer, Firewalls, NetNames, UNWRITABLE, comment_block, describe, families,
    firewalls, port_chunks, rule_lines,
};
use crate::export::{ExportError, ExportOptions, Format, Output, Policy, Sink, write_file_in};
use crate::model::{
    AddressBlock, Family, Firewall, FirewallId, IcmpType, PortRange, PortSet, Protocol,
};
use crate::rules::{Rule, RuleSet};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// The longest `--comment` the kernel keeps, in bytes.
const COMMENT_LIMIT: usize = 255;

/// Ports one `-m multiport` match holds (a range takes two).
const MULTIPORT_SLOTS: usize = 15;

/// The iptables format.
pub struct Iptables;

impl Format for Iptables {
    fn id(&self) -> &'static str {
        "iptables"
    }

    fn description(&self) -> &'static str {
        "one iptables-restore file per firewall, and an ip6tables-restore file with IPv6 (--policy)"
    }

    fn extension(&self) -> &'static str {
        "rules.v4"
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
        let plan = rules.plan;
        let ipv6 = plan
            .nodes
            .iter()
            .any(|n| n.address.as_ref().is_some_and(|a| a.has_ipv6()))
            || plan
                .zones
                .iter()
                .flat_map(|z| &z.cidrs)
                .any(|b| b.family() == Family::V6);
        let mut writer = Writer {
            rules,
            addresses: AddressCache::new(rules),
            explainer: Explainer::new(rules, COMMENT_LIMIT),
            protocols: FxHashMap::default(),
            ends: vec![None; 2 * plan.nodes.len()],
        };
        for (firewall, range) in list {
            let name = names.firewall(firewall);
            let head = Head {
                firewall,
                name,
                policy: options.policy,
                host_rules,
            };
            let files = if ipv6 {
                &[Family::V4, Family::V6][..]
            } else {
                &[Family::V4][..]
            };
            for &family in files {
                let text = writer.file(&head, range.clone(), family);
                let suffix = match family {
                    Family::V4 => "v4",
                    Family::V6 => "v6",
                };
                let file = format!("{name}.rules.{suffix}");
                write_file_in(dir, &file, |out| Ok(out.write_all(text.as_bytes())?))?;
            }
        }
        Ok(())
    }
}

/// What a file's header says.
struct Head<'h> {
    firewall: &'h Firewall,
    name: &'h str,
    policy: Policy,
    host_rules: usize,
}

struct Writer<'r, 'a> {
    rules: &'r RuleSet<'a>,
    addresses: AddressCache,
    explainer: Explainer,
    /// The protocol matches of each distinct (protocol, ports): one per rule line, as
    /// `-p tcp -m multiport --dports 53,88`; empty for TCP or UDP without ports.
    protocols: FxHashMap<(Protocol, &'a PortSet), Vec<String>>,
    /// The matches of each node in each family (by `2 * node index + family`), made
    /// once.
    ends: Vec<Option<Vec<EndMatch>>>,
}

/// How one end of a rule is matched, as text: not at all (any address), a list of
/// hosts and networks (`10.0.1.10,10.0.2.0/24` for `-s`/`-d`), or a range
/// (`10.0.1.10-10.0.1.20` for `-m iprange`).
#[derive(Clone, Debug)]
enum EndMatch {
    Any,
    Cidrs(String),
    Range(String),
}

/// The matches of one end: its hosts and networks in one list, each range alone.
fn end_matches(blocks: Option<&[AddressBlock]>) -> Vec<EndMatch> {
    let Some(blocks) = blocks else {
        return vec![EndMatch::Any];
    };
    let mut cidrs = String::new();
    let mut ranges = Vec::new();
    for b in blocks {
        match (b, b.single_host()) {
            (AddressBlock::Range(..), None) => ranges.push(EndMatch::Range(b.to_string())),
            (_, Some(ip)) => push_list(&mut cidrs, &ip.to_string()),
            (_, None) => push_list(&mut cidrs, &b.to_string()),
        }
    }
    let mut out = Vec::with_capacity(ranges.len() + 1);
    if !cidrs.is_empty() {
        out.push(EndMatch::Cidrs(cidrs));
    }
    out.extend(ranges);
    out
}

fn push_list(list: &mut String, item: &str) {
    if !list.is_empty() {
        list.push(',');
    }
    list.push_str(item);
}

impl<'a> Writer<'_, 'a> {
    /// The restore file of `family` for the firewall of `head`, whose rules are `range`.
    fn file(&mut self, head: &Head<'_>, range: Range<usize>, family: Family) -> String {
        let mut out = String::new();
        let (tool, suffix) = match family {
            Family::V4 => ("iptables-restore", "v4"),
            Family::V6 => ("ip6tables-restore", "v6"),
        };
        let mut lines = describe(self.rules, head.firewall, head.policy, head.host_rules);
        lines.push(format!(
            "Load with `{tool} --noflush {}.rules.{suffix}`: it replaces the FORWARD chain of the filter table and leaves INPUT, OUTPUT and the other tables alone (without --noflush, {tool} first empties the whole filter table).",
            head.name
        ));
        comment_block(&mut out, &lines);
        let policy = match head.policy {
            Policy::Drop => "DROP",
            Policy::Accept => "ACCEPT",
        };
        let _ = write!(
            out,
            "\n*filter\n:FORWARD {policy} [0:0]\n-F FORWARD\n-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
        );
        for rule in self.rules.slice(range) {
            self.rule(&rule, family, &mut out);
        }
        out.push_str("COMMIT\n");
        out
    }

    /// Appends the `#` lines and the `-A FORWARD` lines of `rule` in `family` to `out`;
    /// nothing when the rule has no address of that family.
    fn rule(&mut self, rule: &Rule<'a>, family: Family, out: &mut String) {
        let (src, dst) = self.addresses.ends(rule);
        let written = families(rule.protocol, src, dst);
        let mine: Vec<_> = written
            .iter()
            .filter(|f| f.0.is_none_or(|f| f == family))
            .collect();
        if mine.is_empty() {
            if written.is_empty() && family == Family::V4 {
                let why = self.explainer.why(rule);
                rule_lines(out, "", rule, &why);
                let _ = writeln!(out, "# {UNWRITABLE}");
            }
            return;
        }
        let why = self.explainer.why(rule);
        rule_lines(out, "", rule, &why);
        let matches = self
            .protocols
            .entry((rule.protocol, rule.ports))
            .or_insert_with(|| protocol_matches(rule.protocol, rule.ports));
        if matches.is_empty() {
            out.push_str("# not written: the rule has no ports\n");
            return;
        }
        let slot = |index: usize, family: Option<Family>| {
            2 * index + usize::from(family == Some(Family::V6))
        };
        for (fam, s, d) in mine {
            let (si, di) = (
                slot(rule.source.index, *fam),
                slot(rule.destination.index, *fam),
            );
            for (i, blocks) in [(si, *s), (di, *d)] {
                if self.ends[i].is_none() {
                    self.ends[i] = Some(end_matches(blocks));
                }
            }
            let (Some(Some(src)), Some(Some(dst))) = (self.ends.get(si), self.ends.get(di)) else {
                continue;
            };
            for s in src {
                for d in dst {
                    for m in matches.iter() {
                        line(out, s, d, m, &why.comment);
                    }
                }
            }
        }
    }
}

/// The protocol matches of a rule, one per line it needs: `-p tcp` and its ports split
/// into multiport lists, or `-p icmp` and the type; none for TCP or UDP without ports.
fn protocol_matches(protocol: Protocol, ports: &PortSet) -> Vec<String> {
    let proto = match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp(IcmpType::Any) => return vec!["-p icmp".into()],
        Protocol::Icmp(IcmpType::Type(t)) => {
            return vec![format!("-p icmp -m icmp --icmp-type {t}")];
        }
    };
    port_chunks(ports, MULTIPORT_SLOTS)
        .into_iter()
        .map(|chunk| port_match(proto, chunk))
        .collect()
}

/// `-p tcp -m tcp --dport 80`, `-p udp -m udp --dport 1812:1813`, `-p tcp -m multiport
/// --dports 53,88,49152:65535`.
fn port_match(proto: &str, ports: &[PortRange]) -> String {
    let port = |r: &PortRange| {
        if r.start == r.end {
            r.start.to_string()
        } else {
            format!("{}:{}", r.start, r.end)
        }
    };
    match ports {
        [one] => format!("-p {proto} -m {proto} --dport {}", port(one)),
        _ => {
            let list: Vec<String> = ports.iter().map(port).collect();
            format!("-p {proto} -m multiport --dports {}", list.join(","))
        }
    }
}

/// One `-A FORWARD ... -j ACCEPT` line, in the order `iptables-save` writes matches:
/// addresses, protocol, address ranges, ports or ICMP type (`matched`, which starts with
/// `-p`), comment.
fn line(out: &mut String, src: &EndMatch, dst: &EndMatch, matched: &str, comment: &str) {
    out.push_str("-A FORWARD");
    for (end, flag) in [(src, " -s "), (dst, " -d ")] {
        if let EndMatch::Cidrs(list) = end {
            out.push_str(flag);
            out.push_str(list);
        }
    }
    // `-p proto` first, then the ranges, then the rest of the match.
    let (proto, rest) = match matched.match_indices(' ').nth(1) {
        Some((i, _)) => matched.split_at(i),
        None => (matched, ""),
    };
    out.push(' ');
    out.push_str(proto);
    if matches!(src, EndMatch::Range(_)) || matches!(dst, EndMatch::Range(_)) {
        out.push_str(" -m iprange");
        for (end, flag) in [(src, " --src-range "), (dst, " --dst-range ")] {
            if let EndMatch::Range(range) = end {
                out.push_str(flag);
                out.push_str(range);
            }
        }
    }
    out.push_str(rest);
    out.push_str(" -m comment --comment \"");
    out.push_str(comment);
    out.push_str("\" -j ACCEPT\n");
}

/// The lines the iptables format writes for single rules of one rule set, for the delta
/// of `portolan diff --format iptables` (the same text, so `-D` finds the rule the
/// export appended).
pub struct IptablesLines<'r, 'a> {
    writer: Writer<'r, 'a>,
    names: NetNames,
}

impl<'r, 'a> IptablesLines<'r, 'a> {
    pub fn new(rules: &'r RuleSet<'a>) -> Self {
        IptablesLines {
            writer: Writer {
                rules,
                addresses: AddressCache::new(rules),
                explainer: Explainer::new(rules, COMMENT_LIMIT),
                protocols: FxHashMap::default(),
                ends: vec![None; 2 * rules.plan.nodes.len()],
            },
            names: NetNames::new(rules),
        }
    }

    /// The export's file name of the firewall with id `id`, without `.rules.v4`; `None`
    /// when the plan has no such firewall.
    pub fn file_stem(&self, id: FirewallId) -> Option<&str> {
        let firewall = self.writer.rules.plan.firewall(id)?;
        Some(self.names.firewall(firewall))
    }

    /// The `#` lines and `-A FORWARD` lines of `rule` in `family`, as the export writes
    /// them.
    pub fn lines(&mut self, rule: &Rule<'a>, family: Family) -> String {
        let mut out = String::new();
        self.writer.rule(rule, family, &mut out);
        out
    }
}
