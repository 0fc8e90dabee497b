//! What the two Linux netfilter formats (`nftables`, `iptables`) share: one file per
//! firewall of the plan, node addresses split by family, the text that says why a rule
//! exists (a comment within the tool's byte limit, and `#` lines without one), and a
//! header that says what the file is and how to load it.
//!
//! Neither tool has name objects: a node reached by DNS name (on the Internet) is
//! written as any address, with the name in the rule's comment (`check` warns that the
//! rule is wider than the design).

use crate::export::ExportError;
use crate::export::Policy;
use crate::model::{
    Address, AddressBlock, Family, Firewall, IcmpType, PortRange, PortSet, Protocol,
};
use crate::quote::one_line;
use crate::rules::{Citation, NameStyle, Names, Requirements, Rule, RuleSet};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// Names of nft sets and of the files: letters, digits, `_` and `-`, starting with a
/// letter, lower case. nft's keywords (`drop`, `ip`, `dns`...) cannot name a set, so
/// set names always end in `_v4` or `_v6`.
const STYLE: NameStyle = NameStyle {
    max_len: 60,
    ..NameStyle::PLAIN
};

/// Safe, unique and stable names of the nodes (for nft sets) and of the firewalls (for
/// file names), each kind in a namespace of its own: a firewall named like a zone (the
/// `internal` firewall in front of the `Internal` zone) keeps its plain name.
pub(super) struct NetNames {
    nodes: Names,
    firewalls: Names,
}

impl NetNames {
    /// **O(n)** in the plan's objects.
    pub(super) fn new(rules: &RuleSet<'_>) -> Self {
        let nodes = Names::new(
            rules.plan,
            NameStyle {
                zone_prefix: "zone-",
                firewall_prefix: "firewall-",
                ..STYLE
            },
        );
        let firewalls = Names::new(
            rules.plan,
            NameStyle {
                zone_prefix: "zone-",
                node_prefix: "node-",
                ..STYLE
            },
        );
        NetNames { nodes, firewalls }
    }

    pub(super) fn node(&self, rule_end: &crate::rules::Endpoint<'_>) -> &str {
        self.nodes.node(rule_end.id())
    }

    pub(super) fn firewall(&self, firewall: &Firewall) -> &str {
        self.firewalls.firewall(firewall.id)
    }
}

/// What a netfilter format writes a file for.
pub(super) struct Firewalls<'a> {
    /// The firewalls of the plan sorted by file name, each with the range of its rules
    /// (empty when no flow crosses it: its file then holds the policy alone).
    pub list: Vec<(&'a Firewall, Range<usize>)>,
    /// The number of rules inside zones (for host firewalls, which these formats do not
    /// write).
    pub host_rules: usize,
}

/// The firewalls to write, after the checks every netfilter format makes.
///
/// # Errors
/// [`ExportError::MissingAddresses`] listing every node that has no address;
/// [`ExportError::NoFirewall`] when the plan has no firewall to write.
pub(super) fn firewalls<'a>(
    rules: &RuleSet<'a>,
    names: &NetNames,
    format: &'static str,
) -> Result<Firewalls<'a>, ExportError> {
    rules.require_addresses()?;
    if rules.plan.firewalls.is_empty() {
        return Err(ExportError::NoFirewall { format });
    }
    let mut ranges: FxHashMap<_, Range<usize>> = FxHashMap::default();
    let mut host = 0;
    for (fw, range) in rules.by_firewall() {
        match fw {
            Some(fw) => {
                ranges.insert(fw.id, range);
            }
            None => host += range.len(),
        }
    }
    let mut out: Vec<(&Firewall, Range<usize>)> = rules
        .plan
        .firewalls
        .iter()
        .map(|f| (f, ranges.get(&f.id).cloned().unwrap_or(0..0)))
        .collect();
    out.sort_by(|a, b| names.firewall(a.0).cmp(names.firewall(b.0)));
    Ok(Firewalls {
        list: out,
        host_rules: host,
    })
}

/// Lines (without the comment mark) that open each file: the firewall, the plan, the
/// zones it joins, the policy, and the rules left to host firewalls.
pub(super) fn describe(
    rules: &RuleSet<'_>,
    firewall: &Firewall,
    policy: Policy,
    host_rules: usize,
) -> Vec<String> {
    let mut lines = vec![format!(
        "Portolan: firewall {} of the plan {}.",
        quoted(&firewall.name),
        quoted(&rules.plan.name)
    )];
    let zones: Vec<String> = firewall
        .zones
        .iter()
        .filter_map(|id| rules.plan.zones.iter().find(|z| z.id == *id))
        .map(|z| {
            if z.cidrs.is_empty() {
                one_line(&z.name).into_owned()
            } else {
                let cidrs: Vec<String> = z.cidrs.iter().map(ToString::to_string).collect();
                format!("{} ({})", one_line(&z.name), cidrs.join(", "))
            }
        })
        .collect();
    if let Some((last, first)) = zones.split_last() {
        lines.push(if first.is_empty() {
            format!("It joins the zone {last}.")
        } else {
            format!("It joins the zones {} and {last}.", first.join(", "))
        });
    }
    lines.push(match policy {
        Policy::Drop => {
            "Forwarded traffic: replies to accepted connections, then the flows the plan's roles need; everything else is dropped.".to_owned()
        }
        Policy::Accept => {
            "Forwarded traffic: replies to accepted connections, then the flows the plan's roles need; everything else is ACCEPTED (--policy accept).".to_owned()
        }
    });
    if host_rules > 0 {
        lines.push(format!(
            "The plan's {host_rules} rules between servers of one zone cross no firewall: the windows-firewall export writes them for the servers' own firewalls."
        ));
    }
    lines
}

/// Appends `lines` as `#` comments, each wrapped at word boundaries to about 96
/// columns.
pub(super) fn comment_block(out: &mut String, lines: &[String]) {
    const WIDTH: usize = 96;
    for line in lines {
        let mut column = 0;
        for word in line.split(' ') {
            if column > 0 && column + 1 + word.chars().count() > WIDTH {
                out.push('\n');
                column = 0;
            }
            if column == 0 {
                out.push('#');
                column = 1;
            }
            out.push(' ');
            out.push_str(word);
            column += 1 + word.chars().count();
        }
        out.push('\n');
    }
}

/// `name` in double quotes, as the header lines show user names.
fn quoted(name: &str) -> String {
    format!("\"{}\"", one_line(name))
}

/// `text` fit inside a double-quoted comment of nft or iptables-restore: `"` becomes
/// `'` (neither tool has an escape nft accepts), `\` becomes `/` (iptables-restore
/// drops it), control characters become spaces.
fn quoted_text(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control())
    {
        text.chars()
            .map(|c| match c {
                '"' => '\'',
                '\\' => '/',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A node's addresses as netfilter matches them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Addresses {
    /// No match on the address: `any`, or a DNS name (written as any address).
    Any,
    /// The node's blocks of each family, sorted, overlapping blocks merged (an nft
    /// interval set refuses overlaps); either may be empty.
    Blocks {
        v4: Vec<AddressBlock>,
        v6: Vec<AddressBlock>,
    },
}

impl Addresses {
    pub(super) fn of(address: Option<&Address>) -> Self {
        match address {
            Some(Address::Blocks(blocks)) => Addresses::Blocks {
                v4: merged(blocks, Family::V4),
                v6: merged(blocks, Family::V6),
            },
            _ => Addresses::Any,
        }
    }

    /// The blocks of `family`: `None` for any address, empty when the node has none of
    /// that family (no rule of that family can reach it).
    pub(super) fn family(&self, family: Family) -> Option<&[AddressBlock]> {
        match self {
            Addresses::Any => None,
            Addresses::Blocks { v4, .. } if family == Family::V4 => Some(v4),
            Addresses::Blocks { v6, .. } => Some(v6),
        }
    }

    pub(super) fn is_any(&self) -> bool {
        matches!(self, Addresses::Any)
    }
}

static ANY: Addresses = Addresses::Any;

/// The addresses of each node at an end of a rule, made once per node.
pub(super) struct AddressCache(Vec<Option<Addresses>>);

impl AddressCache {
    pub(super) fn new(rules: &RuleSet<'_>) -> Self {
        AddressCache(vec![None; rules.plan.nodes.len()])
    }

    /// Makes the addresses of both ends of `rule` and returns them.
    pub(super) fn ends(&mut self, rule: &Rule<'_>) -> (&Addresses, &Addresses) {
        for end in [&rule.source, &rule.destination] {
            if self.0[end.index].is_none() {
                self.0[end.index] = Some(Addresses::of(end.address()));
            }
        }
        (
            self.node(rule.source.index),
            self.node(rule.destination.index),
        )
    }

    /// The addresses of the node at `index` in the plan, once made (any before).
    pub(super) fn node(&self, index: usize) -> &Addresses {
        self.0.get(index).and_then(Option::as_ref).unwrap_or(&ANY)
    }
}

fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

fn from_u128(n: u128, family: Family) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(Ipv4Addr::from(u32::try_from(n).unwrap_or(u32::MAX))),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(n)),
    }
}

/// The blocks of `family` in `blocks`, sorted, with overlapping blocks merged into one
/// (written as a network when it is one, else as a range). Blocks that do not overlap
/// stay as written, adjacent ones too. **O(b log b)**.
fn merged(blocks: &[AddressBlock], family: Family) -> Vec<AddressBlock> {
    let mut spans: Vec<(u128, u128, AddressBlock)> = blocks
        .iter()
        .filter(|b| b.family() == family)
        .map(|b| {
            let (first, last) = b.first_last();
            (to_u128(first), to_u128(last), *b)
        })
        .collect();
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out: Vec<(u128, u128, AddressBlock)> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.0 <= last.1 => {
                if span.1 > last.1 {
                    last.1 = span.1;
                    last.2 = block_of(last.0, last.1, family);
                }
            }
            _ => out.push(span),
        }
    }
    out.into_iter().map(|s| s.2).collect()
}

/// The block from `first` to `last`: a host, a network when the span is one, else a
/// range.
fn block_of(first: u128, last: u128, family: Family) -> AddressBlock {
    let bits: u32 = match family {
        Family::V4 => 32,
        Family::V6 => 128,
    };
    if first == last {
        return AddressBlock::Host(from_u128(first, family));
    }
    let size = last - first; // one less than the number of addresses
    if size.checked_add(1).is_some_and(u128::is_power_of_two) && first & size == 0 {
        let prefix = bits - (size + 1).trailing_zeros();
        let net = match from_u128(first, family) {
            IpAddr::V4(a) => ipnet::Ipv4Net::new(a, prefix as u8).map(ipnet::IpNet::V4),
            IpAddr::V6(a) => ipnet::Ipv6Net::new(a, prefix as u8).map(ipnet::IpNet::V6),
        };
        if let Ok(net) = net {
            return AddressBlock::Net(net);
        }
    }
    if first == 0 && size == u128::MAX {
        // The whole IPv6 space (size + 1 overflows above).
        if let Ok(net) = "::/0".parse() {
            return AddressBlock::Net(net);
        }
    }
    AddressBlock::Range(from_u128(first, family), from_u128(last, family))
}

/// A family a rule is written in (`None`: both), and the blocks of its source and
/// destination (`None`: any address).
pub(super) type FamilyBlocks<'x> = (
    Option<Family>,
    Option<&'x [AddressBlock]>,
    Option<&'x [AddressBlock]>,
);

/// The families a rule of `protocol` is written for, and the blocks each end matches
/// in it (`None`: any address). Both ends any: one entry with family `None` (nft
/// matches both families; iptables writes it in each file). A family one end has no
/// address of is left out, and IPv6 for ICMP (an IPv4 protocol); an empty result means
/// the rule cannot be written ([`UNWRITABLE`] says why).
pub(super) fn families<'x>(
    protocol: Protocol,
    source: &'x Addresses,
    destination: &'x Addresses,
) -> SmallVec<[FamilyBlocks<'x>; 2]> {
    if source.is_any() && destination.is_any() {
        return smallvec::smallvec![(None, None, None)];
    }
    let icmp = matches!(protocol, Protocol::Icmp(_));
    [Family::V4, Family::V6]
        .into_iter()
        .filter(|f| !(icmp && *f == Family::V6))
        .filter_map(|family| {
            let (s, d) = (source.family(family), destination.family(family));
            let usable = |x: Option<&[AddressBlock]>| x.is_none_or(|b| !b.is_empty());
            (usable(s) && usable(d)).then_some((Some(family), s, d))
        })
        .collect()
}

/// The `#` line of a rule [`families`] finds no family for.
pub(super) const UNWRITABLE: &str =
    "not written: the two nodes have no address family in common (ICMP is IPv4 only)";

/// The protocol as the `#` lines name it: `TCP`, `UDP`, `ICMP`, `ICMP type 3`.
pub(super) fn protocol_label(protocol: Protocol) -> Cow<'static, str> {
    match protocol {
        Protocol::Tcp => "TCP".into(),
        Protocol::Udp => "UDP".into(),
        Protocol::Icmp(IcmpType::Any) => "ICMP".into(),
        Protocol::Icmp(IcmpType::Type(t)) => format!("ICMP type {t}").into(),
    }
}

/// Why a rule exists, as the formats write it: a comment within the tool's byte limit
/// (requirement ids first, DNS names, then references), and when that had to be
/// shortened, the whole text for a `#` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Why {
    /// Fits in the limit; safe inside double quotes.
    pub comment: String,
    /// The requirement ids and references in full, when `comment` is shortened.
    pub full: Option<String>,
    /// The services, for the `#` line above the rule.
    pub services: String,
}

/// The text of one set of requirements, made once per set.
struct SetText {
    ids: Vec<String>,
    references: String,
    documents: String,
    services: String,
}

impl SetText {
    fn new(requirements: &Requirements<'_>) -> Self {
        let citations = requirements.citations();
        let references: Vec<String> = distinct(citations.iter().map(ToString::to_string));
        let documents: Vec<String> =
            distinct(citations.iter().map(|c: &Citation<'_>| {
                c.document.map_or(c.doc_id, |d| d.cite.as_str()).to_owned()
            }));
        SetText {
            ids: requirements
                .ids()
                .iter()
                .map(|id| quoted_text(id).into_owned())
                .collect(),
            references: quoted_text(&references.join("; ")).into_owned(),
            documents: quoted_text(&documents.join("; ")).into_owned(),
            services: one_line(&requirements.services().join("; ")).into_owned(),
        }
    }
}

fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Makes the [`Why`] of each rule: once per set of requirements, again only for rules
/// with a DNS name at an end.
pub(super) struct Explainer {
    limit: usize,
    sets: Vec<Option<(SetText, Why)>>,
}

impl Explainer {
    /// Comments of at most `limit` bytes (nft: 128; iptables: 255).
    pub(super) fn new(rules: &RuleSet<'_>, limit: usize) -> Self {
        Explainer {
            limit,
            sets: (0..rules.analysis.matrix.requirement_sets.len())
                .map(|_| None)
                .collect(),
        }
    }

    pub(super) fn why(&mut self, rule: &Rule<'_>) -> Cow<'_, Why> {
        let mut dns = Vec::new();
        if let Some(name) = rule.source.dns_name() {
            dns.push(format!("from {name}"));
        }
        if let Some(name) = rule.destination.dns_name() {
            dns.push(format!("to {name}"));
        }
        let limit = self.limit;
        let set = rule.requirements.set();
        if set >= self.sets.len() {
            self.sets.resize_with(set + 1, || None);
        }
        let (text, why) = self.sets[set].get_or_insert_with(|| {
            let text = SetText::new(&rule.requirements);
            let why = compose(&text, "", limit);
            (text, why)
        });
        if dns.is_empty() {
            Cow::Borrowed(why)
        } else {
            Cow::Owned(compose(text, &quoted_text(&dns.join(", ")), limit))
        }
    }
}

/// The comment of a set's text (plus `dns`, may be empty) within `limit` bytes, shortened
/// in steps until it fits: references without their sections, then no references, then
/// fewer ids (`a, b +3 more`), then cut.
fn compose(text: &SetText, dns: &str, limit: usize) -> Why {
    let join = |parts: &[&str]| -> String {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let ids = text.ids.join(", ");
    let full = join(&[&ids, dns, &text.references]);
    let services = text.services.clone();
    if full.len() <= limit {
        return Why {
            comment: full,
            full: None,
            services,
        };
    }
    let shorter = [join(&[&ids, dns, &text.documents]), join(&[&ids, dns])];
    let comment = match shorter.into_iter().find(|c| c.len() <= limit) {
        Some(c) => c,
        None => fewer_ids(&text.ids, dns, limit),
    };
    Why {
        comment,
        full: Some(full),
        services,
    }
}

/// As many ids as fit with `dns`, then `+N more`; cut at `limit` bytes at worst.
fn fewer_ids(ids: &[String], dns: &str, limit: usize) -> String {
    for keep in (0..ids.len()).rev() {
        let more = format!("+{} more", ids.len() - keep);
        let mut head = ids[..keep].join(", ");
        if !head.is_empty() {
            head.push(' ');
        }
        head.push_str(&more);
        let text = if dns.is_empty() {
            head
        } else {
            format!("{head} | {dns}")
        };
        if text.len() <= limit {
            return text;
        }
    }
    // Not even `+N more | <dns>` fits: a DNS name of 250 characters. Cut it.
    let text = format!("+{} more | {dns}", ids.len());
    cut(&text, limit)
}

/// `text` cut to at most `limit` bytes on a character boundary, ending in `...`.
fn cut(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit.saturating_sub(3);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

/// The `#` lines above a rule: who reaches whom and for what, and the requirement ids
/// and references in full when the comment had to be shortened.
pub(super) fn rule_lines(out: &mut String, indent: &str, rule: &Rule<'_>, why: &Why) {
    let protocol = protocol_label(rule.protocol);
    let _ = write!(
        out,
        "{indent}# {} -> {} {protocol}",
        one_line(rule.source.name()),
        one_line(rule.destination.name()),
    );
    // `ICMP: ICMP` says nothing more.
    if why.services.is_empty() || why.services == protocol {
        out.push('\n');
    } else {
        let _ = writeln!(out, ": {}", why.services);
    }
    if let Some(full) = &why.full {
        let _ = writeln!(out, "{indent}#   {full}");
    }
}

/// `ports` as lists of at most `slots` slots, a port taking one and a range two
/// (iptables' multiport counts that way, 15 slots a rule), in order.
pub(super) fn port_chunks(ports: &PortSet, slots: usize) -> Vec<&[PortRange]> {
    let ranges = ports.ranges();
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, r) in ranges.iter().enumerate() {
        let cost = if r.start == r.end { 1 } else { 2 };
        if used + cost > slots && i > start {
            out.push(&ranges[start..i]);
            start = i;
            used = 0;
        }
        used += cost;
    }
    if start < ranges.len() {
        out.push(&ranges[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<AddressBlock> {
        match text.parse::<Address>() {
            Ok(Address::Blocks(b)) => b.to_vec(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn shown(blocks: &[AddressBlock]) -> String {
        crate::model::join_blocks(blocks)
    }

    #[test]
    fn overlapping_blocks_merge_and_others_stay_as_written() {
        let b = blocks("10.0.1.0/24, 10.0.1.5, 10.0.0.9, 2001:db8::1, 10.0.0.10");
        assert_eq!(
            shown(&merged(&b, Family::V4)),
            "10.0.0.9, 10.0.0.10, 10.0.1.0/24"
        );
        assert_eq!(shown(&merged(&b, Family::V6)), "2001:db8::1");
        let b = blocks("10.0.0.0-10.0.0.200, 10.0.0.100-10.0.0.255");
        assert_eq!(shown(&merged(&b, Family::V4)), "10.0.0.0/24");
        let b = blocks("10.0.0.5-10.0.0.20, 10.0.0.8/29");
        assert_eq!(shown(&merged(&b, Family::V4)), "10.0.0.5-10.0.0.20");
        let b = blocks("10.0.0.5-10.0.0.9, 10.0.0.8-10.0.0.30");
        assert_eq!(shown(&merged(&b, Family::V4)), "10.0.0.5-10.0.0.30");
        let b = blocks("::/0, 2001:db8::/32");
        assert_eq!(shown(&merged(&b, Family::V6)), "::/0");
        let b = blocks("0.0.0.0/0, 10.0.0.1");
        assert_eq!(shown(&merged(&b, Family::V4)), "0.0.0.0/0");
    }

    #[test]
    fn rules_are_written_for_the_families_both_ends_have() {
        let any = Addresses::Any;
        let v4 = Addresses::of(Some(&"10.0.0.1".parse().unwrap()));
        let v6 = Addresses::of(Some(&"2001:db8::1".parse().unwrap()));
        let both = Addresses::of(Some(&"10.0.0.2, 2001:db8::2".parse().unwrap()));
        let fams = |a, b| -> Vec<Option<Family>> {
            families(Protocol::Tcp, a, b)
                .into_iter()
                .map(|f| f.0)
                .collect()
        };
        let icmp = |a, b| -> Vec<Option<Family>> {
            families(Protocol::Icmp(IcmpType::Any), a, b)
                .into_iter()
                .map(|f| f.0)
                .collect()
        };
        assert_eq!(fams(&any, &any), vec![None]);
        assert_eq!(fams(&any, &v4), vec![Some(Family::V4)]);
        assert_eq!(fams(&v6, &any), vec![Some(Family::V6)]);
        assert_eq!(fams(&both, &any), vec![Some(Family::V4), Some(Family::V6)]);
        assert_eq!(fams(&both, &v6), vec![Some(Family::V6)]);
        assert!(fams(&v4, &v6).is_empty());
        assert_eq!(icmp(&both, &both), vec![Some(Family::V4)]);
        assert_eq!(icmp(&any, &any), vec![None]);
        assert!(icmp(&v6, &any).is_empty());
    }

    fn text(ids: &[&str], references: &str, documents: &str) -> SetText {
        SetText {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            references: references.into(),
            documents: documents.into(),
            services: String::new(),
        }
    }

    #[test]
    fn comments_shorten_in_steps_and_keep_ids_first() {
        let t = text(&["a-b", "c-d"], "Doc §One; Other §Two", "Doc; Other");
        assert_eq!(
            compose(&t, "", 128).comment,
            "a-b, c-d | Doc §One; Other §Two"
        );
        assert_eq!(compose(&t, "", 128).full, None);
        let why = compose(&t, "to x.example.com", 30);
        assert_eq!(why.comment, "a-b, c-d | to x.example.com");
        assert_eq!(
            why.full.as_deref(),
            Some("a-b, c-d | to x.example.com | Doc §One; Other §Two")
        );
        assert_eq!(compose(&t, "", 21).comment, "a-b, c-d | Doc; Other");
        assert_eq!(compose(&t, "", 20).comment, "a-b, c-d");
        assert_eq!(compose(&t, "", 12).comment, "a-b, c-d");
        assert_eq!(compose(&t, "", 7).comment, "+2 more");
        let t = text(&["alpha-beta", "gamma-delta"], "Doc §One", "Doc");
        assert_eq!(compose(&t, "", 22).comment, "alpha-beta +1 more");
        assert_eq!(
            compose(&t, "", 22).full.as_deref(),
            Some("alpha-beta, gamma-delta | Doc §One")
        );
        let long = format!("to {}.example.com", "x".repeat(200));
        let why = compose(&t, &long, 128);
        assert!(why.comment.len() <= 128 && why.comment.starts_with("+2 more | to xxx"));
        assert!(why.comment.ends_with("..."));
        // Cut on a character boundary.
        assert_eq!(cut("ab§§§", 7), "ab§...");
    }

    #[test]
    fn comment_text_cannot_close_its_quotes() {
        assert_eq!(quoted_text("a \"b\" c\\d\ne"), "a 'b' c/d e");
        assert_eq!(one_line("a\nb"), "a b");
    }

    #[test]
    fn multiport_lists_hold_at_most_fifteen_slots() {
        let ports: PortSet = (1..=20u16)
            .map(|p| PortRange::single(p * 10))
            .chain([PortRange::new(1000, 2000)])
            .collect();
        let chunks = port_chunks(&ports, 15);
        assert_eq!(
            chunks.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![15, 6]
        );
        let ports: PortSet = (0..8u16)
            .map(|p| PortRange::new(p * 100, p * 100 + 10))
            .collect();
        let chunks = port_chunks(&ports, 15);
        assert_eq!(
            chunks.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![7, 1]
        );
        assert!(port_chunks(&PortSet::new(), 15).is_empty());
    }
}
