//! The zone a rule's traffic enters its firewall from: where a vendor binds the rule
//! (an ASA access list is applied to the interface facing that zone).

use super::{Rule, RuleSet};
use crate::model::{Zone, ZoneId};

impl<'a> RuleSet<'a> {
    /// The zone `rule`'s traffic comes from when it reaches `rule.firewall`: the source's
    /// zone for the first firewall on the path, otherwise the zone the previous firewall
    /// hands it over in. `None` for host-firewall rules and unrouted pairs. **O(p + j)**
    /// for a path of p firewalls joining j zones.
    ///
    /// Where two firewalls on the path share several zones, the path goes through the one
    /// with the lowest id, as the router's tie-break does (see [`crate::engine::Router`]).
    pub fn ingress_zone(&self, rule: &Rule<'a>) -> Option<&'a Zone> {
        let firewall = rule.firewall?;
        let from = rule.source.zone?;
        let to = rule.destination.zone?;
        let path = self.analysis.router.path(from.id, to.id)?;
        let at = path.iter().position(|&f| f == firewall.id)?;
        let zone = match at.checked_sub(1) {
            None => from.id,
            Some(previous) => {
                let previous = self.firewall(path[previous])?;
                firewall
                    .zones
                    .iter()
                    .filter(|z| previous.zones.contains(z))
                    .min()
                    .copied()?
            }
        };
        self.zone(zone)
    }

    /// The zone with id `id`.
    pub fn zone(&self, id: ZoneId) -> Option<&'a Zone> {
        self.plan.zones.iter().find(|z| z.id == id)
    }
}
