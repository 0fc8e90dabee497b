//! A deployed rule set as the evaluator reads it, whatever file it came from: rules in
//! evaluation order, each with what it does and the traffic boxes it matches, and the
//! chain's policy.

use super::space::{Cube, L4, Span, Span16, family_spans};
use crate::model::Family;
use smallvec::SmallVec;
use std::fmt;

/// What a rule (or the policy) does with the traffic it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    /// Drop or reject.
    Drop,
}

/// One rule that decides on new connections.
#[derive(Clone, Debug)]
pub struct DeployedRule {
    /// Where it is: its line in the file (1-based), or its position for JSON.
    pub line: usize,
    /// The rule as written (shortened), to quote in reports.
    pub text: String,
    pub action: Action,
    /// The traffic it matches.
    pub cubes: Vec<Cube>,
}

/// A rule set read from a file.
#[derive(Clone, Debug)]
pub struct Deployed {
    /// What kind of file it was, e.g. `iptables-save`.
    pub kind: &'static str,
    /// Where positions point: `line` or `item` (of nft's JSON array).
    pub unit: &'static str,
    pub rules: Vec<DeployedRule>,
    /// What happens to traffic no rule decides on.
    pub policy: Action,
    /// The address families the set filters (iptables: IPv4; nft's inet: both).
    pub families: SmallVec<[Family; 2]>,
    /// What was read and deliberately not evaluated, and why (other chains, reply rules).
    pub notes: Vec<String>,
}

impl Deployed {
    /// Limits every rule to traffic for `address`: a host firewall's rule with any local
    /// address only sees what reaches the host. A host at any address or reached by
    /// name keeps the rules as they are.
    pub fn for_host(&mut self, address: Option<&crate::model::Address>) {
        let Some(crate::model::Address::Blocks(blocks)) = address else {
            return;
        };
        let spans: Vec<Span> = blocks.iter().map(Span::of_block).collect();
        for rule in &mut self.rules {
            let mut kept = Vec::new();
            for c in &rule.cubes {
                for s in &spans {
                    let host = Cube { dst: *s, ..*c };
                    if let Some(i) = c.intersect(&host) {
                        kept.push(i);
                    }
                }
            }
            rule.cubes = kept;
        }
    }
}

/// A piece of a file the reader does not understand, or refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

/// Every piece of a deployed file that could not be read: verification does not guess.
#[derive(Debug, thiserror::Error)]
pub struct DeployedError {
    pub origin: String,
    pub unit: &'static str,
    pub errors: Vec<SyntaxError>,
}

impl fmt::Display for DeployedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} piece(s) of the rule set cannot be evaluated (nothing was verified):",
            self.origin,
            self.errors.len()
        )?;
        for e in self.errors.iter().take(50) {
            write!(f, "\n  {} {}: {}", self.unit, e.line, e.message)?;
        }
        if self.errors.len() > 50 {
            write!(f, "\n  ... and {} more", self.errors.len() - 50)?;
        }
        Ok(())
    }
}

/// What a rule matches, dimension by dimension; `None` is "any".
#[derive(Clone, Debug, Default)]
pub struct MatchSpec {
    pub l4: Option<SmallVec<[L4; 3]>>,
    /// The family the rule is limited to (`ip saddr ...` in nft, the file in iptables).
    pub family: Option<Family>,
    pub src: Option<Vec<Span>>,
    pub dst: Option<Vec<Span>>,
    pub ports: Option<Vec<Span16>>,
}

impl MatchSpec {
    /// Limits the transports to `l4` (an intersection with what is already set).
    pub fn only(&mut self, l4: &[L4]) {
        let next: SmallVec<[L4; 3]> = match &self.l4 {
            None => l4.iter().copied().collect(),
            Some(now) => now.iter().copied().filter(|x| l4.contains(x)).collect(),
        };
        self.l4 = Some(next);
    }

    /// The boxes the rule matches within `families`. ICMP is IPv4 only (ICMPv6 is a
    /// protocol of its own that plans do not use).
    pub fn cubes(&self, families: &[Family]) -> Vec<Cube> {
        let fams: SmallVec<[Family; 2]> = match self.family {
            Some(f) if families.contains(&f) => SmallVec::from_slice(&[f]),
            Some(_) => SmallVec::new(),
            None => families.iter().copied().collect(),
        };
        let l4s: SmallVec<[L4; 3]> = self.l4.clone().unwrap_or_else(|| L4::ALL.into());
        let mut out = Vec::new();
        for &family in &fams {
            let all = family_spans(family);
            let within = |given: &Option<Vec<Span>>| -> Vec<Span> {
                match given {
                    None => all.to_vec(),
                    Some(v) => v.iter().copied().filter(|s| s.family() == family).collect(),
                }
            };
            let (src, dst) = (within(&self.src), within(&self.dst));
            for &l4 in &l4s {
                if l4 == L4::Icmp && family == Family::V6 {
                    continue;
                }
                let whole = [l4.all_ports()];
                let ports: &[Span16] = self.ports.as_deref().unwrap_or(&whole);
                Cube::push_product(&mut out, l4, &src, &dst, ports);
            }
        }
        out
    }
}

/// A rule's text for reports: whitespace folded, at most 200 characters.
pub fn short_text(text: &str) -> String {
    let text = text.trim();
    let cut = text.char_indices().nth(200).map(|(i, _)| i);
    let mut out: String = text[..cut.unwrap_or(text.len())]
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if cut.is_some() {
        out.push_str("...");
    }
    out
}
