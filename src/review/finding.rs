//! One finding of the review: the rule, what it risks, and how to narrow it.

use super::Severity;
use crate::model::{FirewallId, NodeId, OptionInfo, PortSet, Protocol};
use std::fmt;

/// What kind of breadth a finding reports.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The listener's dynamic RPC range is open across the boundary.
    DynamicRpc,
    /// A service of the review data (`smb`, `netbios`, `ldap`, `rdp-internet`): its id.
    Exposure(String),
    /// A source at any address reaches an internal zone.
    AnySource,
    /// Flows to a provider role that a placement or an option would keep inside the
    /// source zone: the provider role's id.
    Alternative(String),
    /// Another rule of the same firewall already allows everything this one does.
    Redundant,
}

impl Kind {
    /// The id the CSV and tests use: `dynamic-rpc`, `smb`, `any-source`,
    /// `alternative:directory_service`, `redundant`.
    pub fn id(&self) -> String {
        match self {
            Kind::DynamicRpc => "dynamic-rpc".into(),
            Kind::Exposure(id) => id.clone(),
            Kind::AnySource => "any-source".into(),
            Kind::Alternative(role) => format!("alternative:{role}"),
            Kind::Redundant => "redundant".into(),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// A Portolan option the fix sets, on one node.
#[derive(Clone, Copy, Debug)]
pub struct OptionFix {
    pub option: &'static OptionInfo,
    /// The node whose option it is (the listener for ports, the consumer for conditions).
    pub node: NodeId,
    /// Turn the option off (an on/off option that adds the flow) instead of setting it.
    pub turn_off: bool,
}

impl PartialEq for OptionFix {
    fn eq(&self, other: &Self) -> bool {
        self.option.key == other.option.key
            && self.node == other.node
            && self.turn_off == other.turn_off
    }
}

impl Eq for OptionFix {}

/// How to narrow the rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fix {
    /// What to do, in one sentence.
    pub text: String,
    /// The Portolan options to set; empty when the fix is a placement or a setting
    /// Portolan does not model.
    pub options: Vec<OptionFix>,
    /// The Windows commands or settings that go with it.
    pub windows: Vec<String>,
    /// The documents, cited (`"KB224196; KB154596"`).
    pub references: String,
}

/// One finding: a rule of a firewall, what it risks, how to narrow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub kind: Kind,
    /// What is broad, for a title: `"dynamic RPC range"`, `"SMB"`.
    pub title: String,
    /// The matrix row (index into the analysis's rows and the rule set).
    pub row: usize,
    pub firewall: FirewallId,
    pub source: NodeId,
    pub destination: NodeId,
    pub protocol: Protocol,
    /// The rule's ports.
    pub ports: PortSet,
    /// The part of them the finding is about (the dynamic range, TCP 445); the rule's
    /// ports when it is about the whole rule.
    pub broad: PortSet,
    /// The risk in one sentence.
    pub risk: String,
    pub fix: Fix,
    /// For a redundant rule: the row that covers it.
    pub covered_by: Option<usize>,
}

/// The number of ports in `set`.
pub fn port_count(set: &PortSet) -> u64 {
    set.ranges().iter().map(|r| u64::from(r.len())).sum()
}

/// Whether every port of `inner` is in `outer` (both are merged into their fewest ranges,
/// so each range of `inner` lies in one range of `outer`).
pub fn covers(outer: &PortSet, inner: &PortSet) -> bool {
    inner.ranges().iter().all(|r| {
        outer
            .ranges()
            .iter()
            .any(|o| o.start <= r.start && r.end <= o.end)
    })
}

/// The ports in both sets.
pub fn intersection(a: &PortSet, b: &PortSet) -> PortSet {
    let mut out = PortSet::new();
    for x in a.ranges() {
        for y in b.ranges() {
            let (start, end) = (x.start.max(y.start), x.end.min(y.end));
            if start <= end {
                out.insert(crate::model::PortRange::new(start, end));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PortRange;

    fn set(ranges: &[(u16, u16)]) -> PortSet {
        ranges.iter().map(|&(a, b)| PortRange::new(a, b)).collect()
    }

    #[test]
    fn port_sets_count_cover_and_intersect() {
        let rule = set(&[(53, 53), (88, 88), (135, 135), (445, 445), (49152, 65535)]);
        assert_eq!(port_count(&rule), 4 + 16384);
        assert!(covers(&rule, &set(&[(445, 445), (50000, 50255)])));
        assert!(!covers(&rule, &set(&[(136, 136)])));
        assert_eq!(intersection(&rule, &set(&[(137, 445)])), set(&[(445, 445)]));
        assert!(intersection(&rule, &set(&[(1, 52)])).is_empty());
    }
}
