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
        let meet = match rects.as_slice() {
            [a, b] => between(*a, *b),
            _ => None,
        }
        .unwrap_or_else(|| {
            let middle = centroid(rects.iter().map(Rect::center));
            centroid(rects.iter().map(|r| border_point(*r, middle)))
        });
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

/// The middle of the space between two zones: on each axis the middle of the gap when
/// they are apart on it, else the middle of their overlap. `None` when the rectangles
/// overlap on both axes (no space between them). Unlike the centroid of border points,
/// this stays between a large zone and a small one beside it.
fn between(a: Rect, b: Rect) -> Option<Point> {
    let axis = |a0: f32, a1: f32, b0: f32, b1: f32| {
        if a1 <= b0 {
            ((a1 + b0) / 2.0, true)
        } else if b1 <= a0 {
            ((b1 + a0) / 2.0, true)
        } else {
            ((a0.max(b0) + a1.min(b1)) / 2.0, false)
        }
    };
    let (x, apart_x) = axis(a.x, a.x + a.w, b.x, b.x + b.w);
    let (y, apart_y) = axis(a.y, a.y + a.h, b.y, b.y + b.h);
    (apart_x || apart_y).then_some(Point::new(x, y))
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

    #[test]
    fn a_badge_stays_in_the_gap_beside_a_large_zone() {
        // A tall, wide zone and a small one to its right, level with its top: the
        // centroid of the border points fell inside the large zone, over its servers.
        let plan: Plan = ron::from_str(
            "(version: 2, zones: [(id: 1, name: \"A\"), (id: 2, name: \"B\")], \
             firewalls: [(id: 3, name: \"f\", zones: [1, 2])])",
        )
        .expect("the test plan parses");
        let rects = [
            Rect::new(0.0, 0.0, 600.0, 470.0),
            Rect::new(660.0, 0.0, 200.0, 230.0),
        ];
        let badges = firewall_badges(&plan, |z| rects.get(z.0 as usize - 1).copied());
        let f = badges[0].1;
        assert_eq!(f.center(), Point::new(630.0, 115.0));
        // Zones overlapping on both axes keep the centroid rule.
        let overlapping = [
            Rect::new(0.0, 0.0, 100.0, 100.0),
            Rect::new(50.0, 50.0, 100.0, 100.0),
        ];
        let badges = firewall_badges(&plan, |z| overlapping.get(z.0 as usize - 1).copied());
        assert_eq!(badges.len(), 1);
    }
}
