//! Names of objects and rules for vendor syntaxes: derived from zone, node and firewall
//! names, made safe for the vendor's characters and length, unique, and stable.
//!
//! Stable means: the same plan gives the same names run after run, and renaming one
//! node changes only that node's names. A name whose text the vendor can take as it is
//! (after lower-casing, when the style asks) stays that text; a name that had to be
//! changed (characters replaced, or cut to the length limit) gets the object's id
//! appended, so two names that clean up alike never collide and neither depends on the
//! other. Only plans the check already refuses (two nodes with one name) or a name
//! written exactly like another's cleaned-up form fall back to a tie-break by id.

use super::Rule;
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;

/// A vendor's rules for names.
#[derive(Clone, Copy, Debug)]
pub struct NameStyle {
    /// The longest name the vendor accepts, in characters (at least 16).
    pub max_len: usize,
    /// Characters kept as they are; each run of other characters becomes one
    /// `separator`.
    pub allowed: fn(char) -> bool,
    /// Replaces other characters and joins parts; must itself be allowed.
    pub separator: char,
    /// Characters a name may start with; a name starting otherwise gets `lead` in front.
    pub first: fn(char) -> bool,
    /// Put in front of a name that does not start with an allowed first character.
    pub lead: &'static str,
    /// Whether names are lower-cased (for vendors whose names ignore case).
    pub lowercase: bool,
    /// Put in front of zone, node and firewall names, keeping the three kinds apart
    /// (`""` for a vendor with separate namespaces).
    pub zone_prefix: &'static str,
    pub node_prefix: &'static str,
    pub firewall_prefix: &'static str,
}

impl NameStyle {
    /// Letters, digits, `_` and `-`, starting with a letter, at most 31 characters,
    /// lower case, no prefixes: a common denominator of firewall syntaxes.
    pub const PLAIN: NameStyle = NameStyle {
        max_len: 31,
        allowed: |c| c.is_ascii_alphanumeric() || c == '_' || c == '-',
        separator: '_',
        first: |c| c.is_ascii_alphabetic(),
        lead: "n",
        lowercase: true,
        zone_prefix: "",
        node_prefix: "",
        firewall_prefix: "",
    };

    /// `text` with every run of characters the vendor does not allow replaced by one
    /// separator, separators trimmed at both ends, lower-cased if the style says so.
    pub fn clean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pending = false;
        for c in text.chars() {
            let c = if self.lowercase {
                c.to_ascii_lowercase()
            } else {
                c
            };
            if (self.allowed)(c) && c != self.separator {
                if pending && !out.is_empty() {
                    out.push(self.separator);
                }
                pending = false;
                out.push(c);
            } else {
                pending = true;
            }
        }
        out
    }

    /// `prefix` and `text` made into one safe name, and whether that lost anything of
    /// `text` (characters replaced, or lead added); not yet cut to length.
    fn base(&self, prefix: &str, text: &str) -> (String, bool) {
        let cleaned = self.clean(text);
        let expected = if self.lowercase {
            text.to_lowercase()
        } else {
            text.to_owned()
        };
        let mut lossy = cleaned != expected;
        let mut name = format!("{prefix}{cleaned}");
        if !name.chars().next().is_some_and(self.first) {
            name = format!("{}{name}", self.lead);
            lossy = true;
        }
        (name, lossy)
    }

    /// `name` cut so that `name` + `suffix` fits in `max_len` characters, plus `suffix`.
    fn fit(&self, name: &str, suffix: &str) -> String {
        let room = self.max_len.saturating_sub(suffix.chars().count());
        let mut cut: String = name.chars().take(room).collect();
        while cut.ends_with(self.separator) {
            cut.pop();
        }
        cut.push_str(suffix);
        cut
    }
}

/// Which kind of object a name is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Zone,
    Node,
    Firewall,
}

/// The safe names of every zone, node and firewall of a plan, unique together.
/// Building is **O(n)** in the number of objects.
#[derive(Clone, Debug)]
pub struct Names {
    style: NameStyle,
    zones: FxHashMap<ZoneId, String>,
    nodes: FxHashMap<NodeId, String>,
    firewalls: FxHashMap<FirewallId, String>,
}

impl Names {
    pub fn new(plan: &Plan, style: NameStyle) -> Self {
        let mut wanted: Vec<(Kind, u32, String, bool)> = Vec::new();
        let zones = plan.zones.iter().map(|z| (Kind::Zone, z.id.0, &z.name));
        let nodes = plan.nodes.iter().map(|n| (Kind::Node, n.id.0, &n.name));
        let fws = plan
            .firewalls
            .iter()
            .map(|f| (Kind::Firewall, f.id.0, &f.name));
        for (kind, id, text) in zones.chain(nodes).chain(fws) {
            let prefix = match kind {
                Kind::Zone => style.zone_prefix,
                Kind::Node => style.node_prefix,
                Kind::Firewall => style.firewall_prefix,
            };
            let (base, lossy) = style.base(prefix, text);
            let fits = base.chars().count() <= style.max_len;
            let name = if lossy || !fits {
                style.fit(&base, &format!("{}{id}", style.separator))
            } else {
                base
            };
            // Names taken as they are claim theirs first, so that a name made with an id
            // never takes one away from them.
            wanted.push((kind, id, name, lossy || !fits));
        }
        wanted.sort_by_key(|w| (w.3, w.0, w.1));
        let mut taken: FxHashSet<String> = FxHashSet::default();
        let mut names = Names {
            style,
            zones: FxHashMap::default(),
            nodes: FxHashMap::default(),
            firewalls: FxHashMap::default(),
        };
        for (kind, id, name, _) in wanted {
            let mut unique = name.clone();
            let mut n = 1u32;
            while !taken.insert(unique.clone()) {
                unique = style.fit(&name, &format!("{}{id}x{n}", style.separator));
                n += 1;
            }
            match kind {
                Kind::Zone => names.zones.insert(ZoneId(id), unique),
                Kind::Node => names.nodes.insert(NodeId(id), unique),
                Kind::Firewall => names.firewalls.insert(FirewallId(id), unique),
            };
        }
        names
    }

    pub fn style(&self) -> &NameStyle {
        &self.style
    }

    /// The zone's name; empty for a zone the plan does not have.
    pub fn zone(&self, id: ZoneId) -> &str {
        self.zones.get(&id).map_or("", String::as_str)
    }

    pub fn node(&self, id: NodeId) -> &str {
        self.nodes.get(&id).map_or("", String::as_str)
    }

    pub fn firewall(&self, id: FirewallId) -> &str {
        self.firewalls.get(&id).map_or("", String::as_str)
    }

    /// A name for `rule`, unique among the rules of one firewall (a firewall has one rule
    /// per source, destination and protocol): `<source>_to_<destination>_<protocol>`
    /// with the style's separator, lower-case protocol. Too long, it keeps the start of
    /// each node name and the two node ids.
    pub fn rule(&self, rule: &Rule<'_>) -> String {
        let sep = self.style.separator;
        let protocol = self.style.clean(&rule.protocol.to_string().to_lowercase());
        let (src, dst) = (
            self.node(rule.source.id()),
            self.node(rule.destination.id()),
        );
        let mut name = String::new();
        let _ = write!(name, "{src}{sep}to{sep}{dst}{sep}{protocol}");
        if name.chars().count() <= self.style.max_len {
            return name;
        }
        let suffix = format!(
            "{sep}{}{sep}{}{sep}{protocol}",
            rule.source.id().0,
            rule.destination.id().0
        );
        let room = self
            .style
            .max_len
            .saturating_sub(suffix.chars().count() + 1)
            / 2;
        let part = |s: &str| -> String {
            let mut p: String = s.chars().take(room.max(1)).collect();
            while p.ends_with(sep) {
                p.pop();
            }
            p
        };
        let mut short = format!("{}{sep}{}", part(src), part(dst));
        short.push_str(&suffix);
        short.chars().take(self.style.max_len).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Firewall, Node, Zone};

    fn plan(nodes: &[(u32, &str)]) -> Plan {
        let mut plan = Plan::default();
        plan.zones.push(Zone {
            id: ZoneId(1),
            name: "Perimeter (DMZ)".into(),
            kind: Default::default(),
            cidrs: vec![],
            trust: None,
            notes: String::new(),
        });
        plan.firewalls.push(Firewall {
            id: FirewallId(2),
            name: "edge".into(),
            zones: vec![ZoneId(1)],
            notes: String::new(),
        });
        for &(id, name) in nodes {
            plan.nodes.push(Node {
                id: NodeId(id),
                name: name.into(),
                zone: ZoneId(1),
                kind: Default::default(),
                roles: vec![],
                address: None,
                windows: Default::default(),
                domain: None,
                options: Default::default(),
                bypass: vec![],
                notes: String::new(),
            });
        }
        plan
    }

    #[test]
    fn safe_names_keep_clean_text_and_mark_changed_text_with_the_id() {
        let names = Names::new(
            &plan(&[
                (10, "rdgw01"),
                (11, "remote clients"),
                (12, "Remote-Clients"),
                (13, "2nd dc"),
            ]),
            NameStyle::PLAIN,
        );
        assert_eq!(names.node(NodeId(10)), "rdgw01");
        assert_eq!(names.node(NodeId(11)), "remote_clients_11");
        assert_eq!(names.node(NodeId(12)), "remote-clients");
        assert_eq!(names.node(NodeId(13)), "n2nd_dc_13");
        assert_eq!(names.zone(ZoneId(1)), "perimeter_dmz_1");
        assert_eq!(names.firewall(FirewallId(2)), "edge");
    }

    #[test]
    fn renaming_one_node_changes_only_its_names() {
        let before = Names::new(
            &plan(&[(10, "a b"), (11, "a_b"), (12, "c")]),
            NameStyle::PLAIN,
        );
        let after = Names::new(
            &plan(&[(10, "a b"), (11, "a_b"), (12, "a b")]),
            NameStyle::PLAIN,
        );
        assert_eq!(before.node(NodeId(10)), after.node(NodeId(10)));
        assert_eq!(before.node(NodeId(11)), after.node(NodeId(11)));
        assert_eq!(after.node(NodeId(12)), "a_b_12");
    }

    #[test]
    fn names_are_unique_and_fit_even_when_written_to_collide() {
        let long = "x".repeat(80);
        let names = Names::new(
            &plan(&[
                (10, "dc01"),
                (11, "dc01"),
                (12, "a b"),
                (13, "a_b_12"),
                (14, &long),
                (15, &long),
            ]),
            NameStyle::PLAIN,
        );
        let all: Vec<&str> = (10..=15).map(|i| names.node(NodeId(i))).collect();
        let unique: FxHashSet<&str> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len(), "{all:?}");
        assert!(all.iter().all(|n| n.len() <= 31), "{all:?}");
        assert_eq!(names.node(NodeId(10)), "dc01");
        assert_eq!(names.node(NodeId(13)), "a_b_12");
        assert_eq!(names.node(NodeId(14)), format!("{}_14", "x".repeat(28)));
    }

    #[test]
    fn styles_with_prefixes_keep_kinds_apart() {
        let style = NameStyle {
            lowercase: false,
            zone_prefix: "Z-",
            node_prefix: "H-",
            firewall_prefix: "FW-",
            separator: '-',
            ..NameStyle::PLAIN
        };
        let names = Names::new(&plan(&[(10, "edge")]), style);
        assert_eq!(names.node(NodeId(10)), "H-edge");
        assert_eq!(names.firewall(FirewallId(2)), "FW-edge");
        assert_eq!(names.zone(ZoneId(1)), "Z-Perimeter-DMZ-1");
    }
}
