//! The zones a rule's traffic enters and leaves its firewall by: what zone-based
//! firewalls (Juniper SRX and Palo Alto `from-zone`/`to-zone`, one Cisco ASA access list
//! per ingress interface) file the rule under.
//!
//! A flow crossing several firewalls has its source zone only at the first one: at
//! `edge`, the licence server's traffic from `Internal` to the Internet enters from
//! `Perimeter`. The router keeps the firewalls of each path; the zone between two of
//! them is the lowest-id zone both join, which is the zone the router's search stepped
//! through (it steps back through the lowest-numbered vertex, zones numbered by id).

use super::{Rule, RuleSet};
use crate::model::{FirewallId, ZoneId};
use rustc_hash::FxHashMap;

/// Where a rule's traffic crosses its firewall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hop {
    /// The zone the traffic comes from, as the firewall sees it.
    pub ingress: ZoneId,
    /// The zone the traffic goes to, as the firewall sees it.
    pub egress: ZoneId,
}

/// Finds the [`Hop`] of rules. Building is **O(f)** for f firewalls; each look-up is
/// **O(p · j)** for a path of p firewalls joining j zones each (a few of each).
pub struct Hops<'a> {
    rules: &'a RuleSet<'a>,
    zones: FxHashMap<FirewallId, &'a [ZoneId]>,
}

impl<'a> Hops<'a> {
    pub fn new(rules: &'a RuleSet<'a>) -> Self {
        let zones = rules
            .plan
            .firewalls
            .iter()
            .map(|f| (f.id, f.zones.as_slice()))
            .collect();
        Hops { rules, zones }
    }

    /// The zones `rule` enters and leaves its firewall by; `None` for a host-firewall
    /// rule, or a rule whose zones the analysis did not route through its firewall (an
    /// analysis of another plan).
    pub fn of(&self, rule: &Rule<'_>) -> Option<Hop> {
        let firewall = rule.firewall?.id;
        let (from, to) = (rule.source.node.zone, rule.destination.node.zone);
        let path = self.rules.analysis.router.path(from, to)?;
        let at = path.iter().position(|&f| f == firewall)?;
        let ingress = match at.checked_sub(1) {
            None => from,
            Some(before) => self.between(path[before], firewall)?,
        };
        let egress = match path.get(at + 1) {
            None => to,
            Some(&after) => self.between(firewall, after)?,
        };
        Some(Hop { ingress, egress })
    }

    /// The lowest-id zone both firewalls join.
    fn between(&self, a: FirewallId, b: FirewallId) -> Option<ZoneId> {
        let (a, b) = (self.zones.get(&a)?, self.zones.get(&b)?);
        a.iter().filter(|z| b.contains(z)).min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::engine::analyze;
    use crate::io::parse_plan;

    #[test]
    fn each_firewall_of_a_path_sees_its_own_zones() {
        let text = include_str!("../../examples/rds-perimeter.ron");
        let catalog = Catalog::builtin().expect("built-in catalog loads");
        let plan = parse_plan(text, "rds-perimeter.ron", &catalog).expect("example loads");
        let analysis = analyze(&plan, &catalog);
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        let hops = Hops::new(&rules);
        let zone = |name: &str| plan.zones.iter().find(|z| z.name == name).map(|z| z.id);
        let seen: Vec<(&str, Option<ZoneId>, Option<ZoneId>)> = rules
            .iter()
            .filter(|r| r.source.name() == "rdlic01" && r.destination.on_internet())
            .map(|r| {
                let hop = hops.of(&r).expect("routed");
                (
                    r.firewall.map_or("", |f| f.name.as_str()),
                    Some(hop.ingress),
                    Some(hop.egress),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("edge", zone("Perimeter"), zone("Internet")),
                ("internal", zone("Internal"), zone("Perimeter")),
            ]
        );
        assert!(
            rules
                .iter()
                .filter(|r| r.is_host())
                .all(|r| hops.of(&r).is_none())
        );
    }
}
