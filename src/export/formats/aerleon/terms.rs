//! Aerleon terms: one per rule (two for a node reached by DNS name), with a comment
//! that says who talks to whom, which catalog requirements ask for it and where they
//! are documented.

use super::definitions::{Definitions, protocol_word};
use super::yaml;
use crate::model::{Address, Family};
use crate::model::{IcmpType, Protocol};
use crate::rules::{Endpoint, Names, Rule, RuleSet};
use rustc_hash::FxHashSet;
use std::fmt::Write as _;

/// Comment lines are at most this long: Cisco ASA cuts remarks at 100 characters.
const WIDTH: usize = 100;

/// The only generator of Aerleon 1.18 with DNS-name address objects.
const FQDN_PLATFORM: &str = "srx";

/// Writes the terms of rules, keeping the names and texts they share.
pub struct Terms<'a, 'n> {
    objects: &'n Names,
    rule_names: &'n Names,
    pub definitions: Definitions<'a>,
    /// The requirement and reference lines of each requirement set, made once.
    requirement_lines: Vec<Option<String>>,
}

/// Which variant of a rule a term is, when an end is reached by DNS name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// No DNS name: one term for every platform.
    Plain,
    /// For the generator with DNS-name objects: the name itself.
    ByName,
    /// For every other generator: any address, said in the comment.
    AnyAddress,
}

impl<'a, 'n> Terms<'a, 'n> {
    pub fn new(rules: &'n RuleSet<'a>, objects: &'n Names, rule_names: &'n Names) -> Self {
        Terms {
            objects,
            rule_names,
            definitions: Definitions::new(rules.plan.nodes.len()),
            requirement_lines: vec![None; rules.analysis.matrix.requirement_sets.len()],
        }
    }

    /// Writes the term (or the two terms) of `rule` to `out` as items of a `terms:`
    /// list; `taken` holds the term names the firewall has used so far. Returns how many
    /// terms were written: none when the two ends have no address family in common (the
    /// rule matches no packet, and the nftables generator would widen it to any address).
    pub fn write(
        &mut self,
        out: &mut String,
        rule: &Rule<'a>,
        taken: &mut FxHashSet<String>,
    ) -> usize {
        if !share_a_family(&rule.source, &rule.destination) {
            yaml::comment(
                out,
                &format!(
                    "left out: {} to {} ({}): their addresses have no family (IPv4, IPv6) in common",
                    rule.source.name(),
                    rule.destination.name(),
                    rule.protocol
                ),
            );
            return 0;
        }
        let name = self.unique_name(rule, taken);
        let by_name = [rule.source, rule.destination]
            .iter()
            .any(|e| e.dns_name().is_some());
        if by_name {
            self.term(out, rule, &name, Variant::ByName);
            self.term(out, rule, &name, Variant::AnyAddress);
            2
        } else {
            self.term(out, rule, &name, Variant::Plain);
            1
        }
    }

    /// The rule's name, `<source>_to_<destination>_<protocol>` within 24 characters
    /// (iptables chain names), made unique within the firewall with the node ids.
    fn unique_name(&self, rule: &Rule<'_>, taken: &mut FxHashSet<String>) -> String {
        let name = self.rule_names.rule(rule);
        if taken.insert(name.clone()) {
            return name;
        }
        let protocol = protocol_word(rule.protocol);
        let base = format!(
            "r{}_to_{}_{protocol}",
            rule.source.id().0,
            rule.destination.id().0
        );
        let mut unique = base.clone();
        let mut n = 1;
        while !taken.insert(unique.clone()) {
            unique = format!("{base}_{n}");
            n += 1;
        }
        unique
    }

    fn term(&mut self, out: &mut String, rule: &Rule<'a>, name: &str, variant: Variant) {
        out.push_str("  - name: ");
        yaml::scalar(out, name);
        out.push_str("\n    comment: ");
        let comment = self.comment(rule, variant);
        yaml::literal(out, 6, &comment);
        for (key, end) in [("source", rule.source), ("destination", rule.destination)] {
            let named = end.dns_name().is_some();
            if named && variant == Variant::AnyAddress {
                continue;
            }
            if let Some(network) = self.definitions.network(end, self.objects) {
                let kind = if named { "fqdn" } else { "address" };
                let _ = writeln!(out, "    {key}-{kind}: {network}");
            }
        }
        if !rule.ports.is_empty() {
            out.push_str("    destination-port: ");
            out.push_str(self.definitions.service(rule.protocol, rule.ports));
            out.push('\n');
        }
        out.push_str("    protocol: ");
        out.push_str(protocol_word(rule.protocol));
        if let Protocol::Icmp(IcmpType::Type(t)) = rule.protocol {
            // Aerleon names ICMP types; the types the catalog uses have a name.
            let name = match t {
                0 => "echo-reply",
                3 => "unreachable",
                8 => "echo-request",
                11 => "time-exceeded",
                _ => "",
            };
            if !name.is_empty() {
                let _ = write!(out, "\n    icmp-type: {name}");
            }
        }
        out.push_str("\n    action: accept\n");
        match variant {
            Variant::Plain => {}
            Variant::ByName => {
                let _ = writeln!(out, "    platform: {FQDN_PLATFORM}");
            }
            Variant::AnyAddress => {
                let _ = writeln!(out, "    platform-exclude: {FQDN_PLATFORM}");
            }
        }
    }

    /// The comment lines: the two ends and the services, the requirements, the
    /// references, and for the any-address variant why it is wider than the design.
    fn comment(&mut self, rule: &Rule<'a>, variant: Variant) -> String {
        let mut text = String::with_capacity(256);
        let services = rule.requirements.services().join(", ");
        let first = format!(
            "{} to {}: {} ({} {})",
            describe(&rule.source),
            describe(&rule.destination),
            yaml::clean(&services),
            rule.protocol,
            rule.ports
        );
        yaml::wrap(&mut text, &first, WIDTH);
        text.push('\n');
        let set = rule.requirements.set();
        match self.requirement_lines.get_mut(set) {
            Some(Some(lines)) => text.push_str(lines),
            slot => {
                let lines = requirement_lines(rule);
                text.push_str(&lines);
                if let Some(slot) = slot {
                    *slot = Some(lines);
                }
            }
        }
        if variant == Variant::AnyAddress {
            for end in [rule.source, rule.destination] {
                if let Some(dns) = end.dns_name() {
                    text.push('\n');
                    let why = format!(
                        "{} is reached by name ({dns}); this platform has no DNS-name objects, so any address is allowed",
                        yaml::clean(end.name())
                    );
                    yaml::wrap(&mut text, &why, WIDTH);
                }
            }
        }
        text
    }
}

/// `requirements: ...` and `references: ...`, wrapped.
fn requirement_lines(rule: &Rule<'_>) -> String {
    let mut text = String::with_capacity(256);
    let ids = rule.requirements.ids().join(", ");
    yaml::wrap(
        &mut text,
        &format!("requirements: {}", yaml::clean(&ids)),
        WIDTH,
    );
    let mut references: Vec<String> = Vec::new();
    for c in rule.requirements.citations() {
        let cite = yaml::clean(&c.to_string());
        if !references.contains(&cite) {
            references.push(cite);
        }
    }
    if !references.is_empty() {
        text.push('\n');
        yaml::wrap(
            &mut text,
            &format!("references: {}", references.join("; ")),
            WIDTH,
        );
    }
    text
}

/// `rdgw01 (Perimeter)`, `remote clients (Internet, any address)`,
/// `Microsoft Clearinghouse (Internet, activation.sls.microsoft.com)`.
fn describe(end: &Endpoint<'_>) -> String {
    let name = yaml::clean(end.name());
    let zone = yaml::clean(end.zone_name());
    match end.address() {
        Some(Address::Any) => format!("{name} ({zone}, any address)"),
        Some(Address::Name(dns)) => format!("{name} ({zone}, {dns})"),
        _ => format!("{name} ({zone})"),
    }
}

/// Whether a packet can match both ends: true unless both have addresses and no family
/// is in both.
fn share_a_family(a: &Endpoint<'_>, b: &Endpoint<'_>) -> bool {
    let families = |e: &Endpoint<'_>| match e.address() {
        Some(Address::Blocks(blocks)) => Some((
            blocks.iter().any(|b| b.family() == Family::V4),
            blocks.iter().any(|b| b.family() == Family::V6),
        )),
        _ => None,
    };
    match (families(a), families(b)) {
        (Some((a4, a6)), Some((b4, b6))) => (a4 && b4) || (a6 && b6),
        _ => true,
    }
}
