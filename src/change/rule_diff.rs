//! The rules to add, remove and change between two versions of a plan, keyed by ids:
//! firewall, source node, destination node and protocol.

use super::{PlanChange, Subject, plan_changes};
use crate::model::{FirewallId, NodeId, Protocol};
use crate::rules::{Rule, RuleSet};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::cmp::Ordering;
use std::ops::Range;

/// What identifies a rule across versions: ids, never names, so a rename keeps it.
pub type RuleKey = (Option<FirewallId>, NodeId, NodeId, Protocol);

/// The key of `rule`.
pub fn rule_key(rule: &Rule<'_>) -> RuleKey {
    (
        rule.firewall.map(|f| f.id),
        rule.source.id(),
        rule.destination.id(),
        rule.protocol,
    )
}

/// What differs in a rule both versions have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Differs {
    pub ports: bool,
    /// The address of the source or the destination.
    pub addresses: bool,
    /// The requirements behind it (and so its comment), the traffic being the same.
    pub requirements: bool,
}

impl Differs {
    pub fn any(&self) -> bool {
        self.ports || self.addresses || self.requirements
    }

    /// Whether the traffic the rule lets through differs (not only its comment).
    pub fn traffic(&self) -> bool {
        self.ports || self.addresses
    }
}

/// One rule to add, remove or change.
#[derive(Clone, Copy, Debug)]
pub enum RuleChange<'a> {
    Added(Rule<'a>),
    Removed(Rule<'a>),
    Changed {
        old: Rule<'a>,
        new: Rule<'a>,
        differs: Differs,
    },
}

impl<'a> RuleChange<'a> {
    /// The rule of the new version, or the removed one.
    pub fn rule(&self) -> &Rule<'a> {
        match self {
            RuleChange::Added(r) | RuleChange::Removed(r) | RuleChange::Changed { new: r, .. } => r,
        }
    }

    /// The old rule (removed or changed), if any.
    pub fn old(&self) -> Option<&Rule<'a>> {
        match self {
            RuleChange::Removed(r) | RuleChange::Changed { old: r, .. } => Some(r),
            RuleChange::Added(_) => None,
        }
    }

    /// The new rule (added or changed), if any.
    pub fn new_rule(&self) -> Option<&Rule<'a>> {
        match self {
            RuleChange::Added(r) | RuleChange::Changed { new: r, .. } => Some(r),
            RuleChange::Removed(_) => None,
        }
    }

    /// `add`, `remove` or `change`.
    pub fn verb(&self) -> &'static str {
        match self {
            RuleChange::Added(_) => "add",
            RuleChange::Removed(_) => "remove",
            RuleChange::Changed { .. } => "change",
        }
    }

    /// `+`, `-` or `~`.
    pub fn sign(&self) -> char {
        match self {
            RuleChange::Added(_) => '+',
            RuleChange::Removed(_) => '-',
            RuleChange::Changed { .. } => '~',
        }
    }
}

/// Where rule changes are filed: a firewall, or the host firewall of a destination server
/// (rules inside one zone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Firewall { id: FirewallId, name: String },
    Host { id: NodeId, name: String },
}

impl Place {
    pub fn of(rule: &Rule<'_>) -> Place {
        match rule.firewall {
            Some(f) => Place::Firewall {
                id: f.id,
                name: f.name.clone(),
            },
            None => Place::Host {
                id: rule.destination.id(),
                name: rule.destination.name().to_owned(),
            },
        }
    }

    /// `firewall edge` or `host firewall of dc01`.
    pub fn label(&self) -> String {
        match self {
            Place::Firewall { name, .. } => format!("firewall {name}"),
            Place::Host { name, .. } => format!("host firewall of {name}"),
        }
    }

    /// The firewall's name, empty for a host firewall (the CSV's `firewall` column).
    pub fn firewall_name(&self) -> &str {
        match self {
            Place::Firewall { name, .. } => name,
            Place::Host { .. } => "",
        }
    }
}

/// The changes at one place, with counts.
#[derive(Clone, Debug)]
pub struct Group {
    pub place: Place,
    /// Indices into [`Diff::rules`].
    pub range: Range<usize>,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// Everything that changed from one version of a plan to another.
pub struct Diff<'a> {
    pub old_plan: &'a crate::model::Plan,
    pub new_plan: &'a crate::model::Plan,
    /// The changes of the plan's objects.
    pub plan: Vec<PlanChange>,
    /// The rule changes, by place (firewalls by name, then host firewalls by server
    /// name), then source zone and name, destination zone and name, protocol.
    pub rules: Vec<RuleChange<'a>>,
    /// For each rule change, the plan changes (indices into `plan`) that touch its
    /// nodes, their zones or its firewall; plan options when none does.
    pub causes: Vec<SmallVec<[u32; 4]>>,
    pub groups: Vec<Group>,
}

impl<'a> Diff<'a> {
    /// Whether the two versions are the same (for rules and the plan's objects).
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty() && self.rules.is_empty()
    }

    /// The plan changes behind rule change `i`.
    pub fn causes_of(&self, i: usize) -> impl Iterator<Item = &PlanChange> {
        self.causes
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(|&c| self.plan.get(c as usize))
    }

    /// Totals over every group: added, removed, changed.
    pub fn totals(&self) -> (usize, usize, usize) {
        self.groups.iter().fold((0, 0, 0), |(a, r, c), g| {
            (a + g.added, r + g.removed, c + g.changed)
        })
    }
}

/// Compares the rules of two versions. **O(R)** hash look-ups for R rules, plus the sort
/// of the changes (**O(C log C)**, C changes) and the plan comparison (**O(n)** objects).
pub fn diff<'a>(old: &RuleSet<'a>, new: &RuleSet<'a>) -> Diff<'a> {
    let plan = plan_changes(old.plan, new.plan);
    let old_rules: Vec<Rule<'a>> = old.iter().collect();
    let mut before: FxHashMap<RuleKey, u32> = FxHashMap::default();
    before.reserve(old_rules.len());
    for (i, r) in old_rules.iter().enumerate() {
        before.insert(rule_key(r), u32::try_from(i).unwrap_or(u32::MAX));
    }
    let mut rules = Vec::new();
    for n in new.iter() {
        let found = before
            .remove(&rule_key(&n))
            .and_then(|i| old_rules.get(i as usize));
        match found {
            None => rules.push(RuleChange::Added(n)),
            Some(&o) => {
                let differs = compare(&o, &n);
                if differs.any() {
                    rules.push(RuleChange::Changed {
                        old: o,
                        new: n,
                        differs,
                    });
                }
            }
        }
    }
    rules.extend(
        before
            .into_values()
            .filter_map(|i| old_rules.get(i as usize))
            .map(|r| RuleChange::Removed(*r)),
    );
    rules.sort_by(|a, b| order(a.rule(), b.rule()));
    let causes = causes(&plan, &rules);
    let groups = groups(&rules);
    Diff {
        old_plan: old.plan,
        new_plan: new.plan,
        plan,
        rules,
        causes,
        groups,
    }
}

/// What differs between two rules of one key.
pub fn compare(old: &Rule<'_>, new: &Rule<'_>) -> Differs {
    Differs {
        ports: old.ports != new.ports,
        addresses: old.source.address() != new.source.address()
            || old.destination.address() != new.destination.address(),
        requirements: if std::ptr::eq(old.requirements.catalog(), new.requirements.catalog()) {
            old.requirements.indices() != new.requirements.indices()
        } else {
            !old.requirements
                .iter()
                .map(|q| &q.id)
                .eq(new.requirements.iter().map(|q| &q.id))
        },
    }
}

/// Firewalls by name, host firewalls last by server; then the matrix's order.
fn order(a: &Rule<'_>, b: &Rule<'_>) -> Ordering {
    fn place<'r>(r: &Rule<'r>) -> (bool, &'r str, u32) {
        match r.firewall {
            Some(f) => (false, f.name.as_str(), 0),
            None => (true, r.destination.name(), r.destination.id().0),
        }
    }
    place(a)
        .cmp(&place(b))
        .then_with(|| a.firewall.map(|f| f.id).cmp(&b.firewall.map(|f| f.id)))
        .then_with(|| a.source.zone_name().cmp(b.source.zone_name()))
        .then_with(|| a.source.name().cmp(b.source.name()))
        .then_with(|| a.destination.zone_name().cmp(b.destination.zone_name()))
        .then_with(|| a.destination.name().cmp(b.destination.name()))
        .then_with(|| rule_key(a).cmp(&rule_key(b)))
}

fn causes(plan: &[PlanChange], rules: &[RuleChange<'_>]) -> Vec<SmallVec<[u32; 4]>> {
    let mut by_node: FxHashMap<NodeId, SmallVec<[u32; 4]>> = FxHashMap::default();
    let mut by_zone: FxHashMap<crate::model::ZoneId, SmallVec<[u32; 4]>> = FxHashMap::default();
    let mut by_firewall: FxHashMap<FirewallId, SmallVec<[u32; 4]>> = FxHashMap::default();
    let mut plan_wide: SmallVec<[u32; 4]> = SmallVec::new();
    for (i, c) in plan.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        match c.subject() {
            Subject::Node(n) => by_node.entry(n).or_default().push(i),
            Subject::Zone(z) => by_zone.entry(z).or_default().push(i),
            Subject::Firewall(f) => by_firewall.entry(f).or_default().push(i),
            Subject::Plan => plan_wide.push(i),
        }
    }
    rules
        .iter()
        .map(|change| {
            let mut found: SmallVec<[u32; 4]> = SmallVec::new();
            let mut add = |ids: Option<&SmallVec<[u32; 4]>>| {
                for &i in ids.into_iter().flatten() {
                    if !found.contains(&i) {
                        found.push(i);
                    }
                }
            };
            for r in [change.old(), change.new_rule()].into_iter().flatten() {
                add(by_node.get(&r.source.id()));
                add(by_node.get(&r.destination.id()));
                add(by_zone.get(&r.source.node.zone));
                add(by_zone.get(&r.destination.node.zone));
                if let Some(f) = r.firewall {
                    add(by_firewall.get(&f.id));
                }
            }
            if found.is_empty() {
                found = plan_wide.clone();
            }
            found.sort_unstable();
            found
        })
        .collect()
}

fn groups(rules: &[RuleChange<'_>]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, c) in rules.iter().enumerate() {
        let place = Place::of(c.rule());
        let same = out.last().is_some_and(|g| g.place == place);
        if !same {
            out.push(Group {
                place,
                range: i..i,
                added: 0,
                removed: 0,
                changed: 0,
            });
        }
        if let Some(g) = out.last_mut() {
            g.range.end = i + 1;
            match c {
                RuleChange::Added(_) => g.added += 1,
                RuleChange::Removed(_) => g.removed += 1,
                RuleChange::Changed { .. } => g.changed += 1,
            }
        }
    }
    out
}
