//! Firewall badges: a box where the zones a firewall joins meet, wired to each zone.

use super::arrows::border_point;
use crate::model::{FirewallId, Plan, Point, Rect, ZoneId};
use std::collections::HashMap;

/// Width of a firewall badge, in canvas units.
pub const BADGE_W: f32 = 104.0;
/// Height of a firewall badge.
pub const BADGE_H: f32 = 26.0;

/// Where each firewall is drawn: between the facing edges of its zones, whose rectangles
/// `zone_rect` gives (the canvas passes the rectangles of a drag in progress). Firewalls
/// joining the same zones are stacked. A firewall none of whose zones is placed is left
/// out. **O(f·z)** for f firewalls of z zones each.
pub fn firewall_badges(
    plan: &Plan,
    zone_rect: impl Fn(ZoneId) -> Option<Rect>,
) -> Vec<(FirewallId, Rect)> {
    let mut seen: HashMap<Vec<ZoneId>, usize> = HashMap::new();
    let mut out = Vec::with_capacity(plan.firewalls.len());
    for fw in &plan.firewalls {
        let rects: Vec<Rect> = fw.zones.iter().filter_map(|z| zone_rect(*z)).collect();
        if rects.is_empty() {
            continue;
        }
        let middle = centroid(rects.iter().map(Rect::center));
        let meet = centroid(rects.iter().map(|r| border_point(*r, middle)));
        let mut key = fw.zones.clone();
        key.sort_unstable();
        let k = seen.entry(key).or_default();
        let at = meet.offset(0.0, *k as f32 * (BADGE_H + 6.0));
        *k += 1;
        out.push((fw.id, Rect::from_center_size(at, BADGE_W, BADGE_H)));
    }
    out
}

/// Where the wires from a badge end: on the border of each zone rectangle, facing the
/// badge.
pub fn wire_ends(badge: Rect, zones: impl IntoIterator<Item = Rect>) -> Vec<Point> {
    let c = badge.center();
    zones.into_iter().map(|r| border_point(r, c)).collect()
}

fn centroid(points: impl Iterator<Item = Point>) -> Point {
    let (mut x, mut y, mut n) = (0.0, 0.0, 0.0);
    for p in points {
        x += p.x;
        y += p.y;
        n += 1.0;
    }
    if n == 0.0 {
        Point::default()
    } else {
        Point::new(x / n, y / n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_badge_sits_between_two_zones_side_by_side() {
        let plan: Plan = ron::from_str(
            "(version: 2, zones: [(id: 1, name: \"A\"), (id: 2, name: \"B\")], \
             firewalls: [(id: 3, name: \"f\", zones: [1, 2]), (id: 4, name: \"g\", zones: [2, 1])])",
        )
        .expect("the test plan parses");
        let rects = [
            Rect::new(0.0, 0.0, 100.0, 100.0),
            Rect::new(200.0, 0.0, 100.0, 100.0),
        ];
        let badges = firewall_badges(&plan, |z| rects.get(z.0 as usize - 1).copied());
        assert_eq!(badges.len(), 2);
        let (f, g) = (badges[0].1, badges[1].1);
        assert_eq!(f.center(), Point::new(150.0, 50.0));
        // The second firewall between the same zones goes below the first.
        assert!(g.y >= f.y + BADGE_H);
        let ends = wire_ends(f, rects);
        assert_eq!(ends, vec![Point::new(100.0, 50.0), Point::new(200.0, 50.0)]);
    }
}
