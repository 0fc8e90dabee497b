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
    AddressCache, Explainer, NetNames, comment_block, describe, families, firewalls, port_chunks,
    rule_lines,
};
use crate::export::{ExportError, ExportOptions, Format, Output, Policy, Sink, write_file_in};
use crate::model::{AddressBlock, Family, Firewall, IcmpType, PortRange, Protocol};
use crate::rules::{Rule, RuleSet};
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
        let (list, host_rules) = firewalls(rules, &names, self.id())?;
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
}

/// How one end of a rule is matched: not at all (any address), a list of hosts and
/// networks (`-s a,b`), or a range (`-m iprange`).
#[derive(Clone, Copy)]
enum EndMatch<'x> {
    Any,
    Cidrs(&'x [AddressBlock]),
    Range(&'x AddressBlock),
}

/// The matches of one end: its hosts and networks in one list, each range alone.
fn end_matches(blocks: Option<&[AddressBlock]>) -> Vec<EndMatch<'_>> {
    let Some(blocks) = blocks else {
        return vec![EndMatch::Any];
    };
    // Blocks are sorted; hosts and networks are kept together in their order.
    let (ranges, cidrs): (Vec<&AddressBlock>, Vec<&AddressBlock>) = blocks
        .iter()
        .partition(|b| matches!(b, AddressBlock::Range(..)) && b.single_host().is_none());
    let mut out = Vec::new();
    if !cidrs.is_empty() {
        if cidrs.len() == blocks.len() {
            out.push(EndMatch::Cidrs(blocks));
        } else {
            // Mixed: the cidrs are not contiguous in `blocks`; match them one by one.
            for b in cidrs {
                out.push(EndMatch::Cidrs(std::slice::from_ref(b)));
            }
        }
    }
    out.extend(ranges.into_iter().map(EndMatch::Range));
    out
}

/// `10.0.1.10` for a host (also a /32), the network or range as written otherwise.
fn block_text(out: &mut String, block: &AddressBlock) {
    let _ = match block.single_host() {
        Some(ip) => write!(out, "{ip}"),
        None => write!(out, "{block}"),
    };
}

impl Writer<'_, '_> {
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
    fn rule(&mut self, rule: &Rule<'_>, family: Family, out: &mut String) {
        let (src, dst) = self.addresses.ends(rule);
        let written = families(src, dst);
        let mine: Vec<_> = written
            .iter()
            .filter(|f| f.0.is_none_or(|f| f == family))
            .collect();
        if mine.is_empty() {
            if written.is_empty() && family == Family::V4 {
                let why = self.explainer.why(rule);
                rule_lines(out, "", rule, &why, &rule.protocol.to_string());
                out.push_str("# not written: the two nodes have no address family in common\n");
            }
            return;
        }
        let why = self.explainer.why(rule);
        rule_lines(out, "", rule, &why, &rule.protocol.to_string());
        let proto = match (rule.protocol, family) {
            (Protocol::Tcp, _) => "tcp",
            (Protocol::Udp, _) => "udp",
            (Protocol::Icmp(_), Family::V4) => "icmp",
            (Protocol::Icmp(_), Family::V6) => "ipv6-icmp",
        };
        let icmp_type = match rule.protocol {
            Protocol::Icmp(IcmpType::Type(t)) => Some(t),
            _ => None,
        };
        // ICMP has no ports: one line, with the type when it has one.
        let chunks = if let Protocol::Icmp(_) = rule.protocol {
            vec![&[][..]]
        } else {
            port_chunks(rule.ports, MULTIPORT_SLOTS)
        };
        if chunks.is_empty() {
            out.push_str("# not written: the rule has no ports\n");
            return;
        }
        for (_, s, d) in mine {
            for s in end_matches(*s) {
                for d in end_matches(*d) {
                    for ports in &chunks {
                        line(out, s, d, proto, ports, icmp_type, &why.comment);
                    }
                }
            }
        }
    }
}

/// One `-A FORWARD ... -j ACCEPT` line, in the order `iptables-save` writes matches.
fn line(
    out: &mut String,
    src: EndMatch<'_>,
    dst: EndMatch<'_>,
    proto: &str,
    ports: &[PortRange],
    icmp_type: Option<u8>,
    comment: &str,
) {
    out.push_str("-A FORWARD");
    for (end, flag) in [(src, " -s "), (dst, " -d ")] {
        if let EndMatch::Cidrs(blocks) = end {
            out.push_str(flag);
            for (i, b) in blocks.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                block_text(out, b);
            }
        }
    }
    let _ = write!(out, " -p {proto}");
    if matches!(src, EndMatch::Range(_)) || matches!(dst, EndMatch::Range(_)) {
        out.push_str(" -m iprange");
        for (end, flag) in [(src, " --src-range "), (dst, " --dst-range ")] {
            if let EndMatch::Range(AddressBlock::Range(a, b)) = end {
                let _ = write!(out, "{flag}{a}-{b}");
            }
        }
    }
    let port = |r: &PortRange| {
        if r.start == r.end {
            r.start.to_string()
        } else {
            format!("{}:{}", r.start, r.end)
        }
    };
    match ports {
        [] => {
            if let Some(t) = icmp_type {
                let flag = if proto == "icmp" {
                    "--icmp-type"
                } else {
                    "--icmpv6-type"
                };
                let _ = write!(out, " -m {proto} {flag} {t}");
            }
        }
        [one] => {
            let _ = write!(out, " -m {proto} --dport {}", port(one));
        }
        _ => {
            let list: Vec<String> = ports.iter().map(port).collect();
            let _ = write!(out, " -m multiport --dports {}", list.join(","));
        }
    }
    let _ = writeln!(out, " -m comment --comment \"{comment}\" -j ACCEPT");
}
