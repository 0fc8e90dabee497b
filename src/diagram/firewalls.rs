//! Firewall badges: a box where the zones a firewall joins meet, wired to each zone.

use super::arrows::border_point;
use super::placement::{NODE_H, NODE_W, ZONE_HEADER, node_rect};
use crate::model::{FirewallId, Plan, Point, Rect, ZoneId};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Width of a firewall badge, in canvas units.
pub const BADGE_W: f32 = 104.0;
/// Height of a firewall badge.
pub const BADGE_H: f32 = 26.0;

/// Room kept between a badge placed in the open and what it must not cover.
const CLEAR: f32 = 6.0;
/// How many of the obstacles nearest the wanted spot give candidate spots.
const NEAR: usize = 24;

/// Where each firewall is drawn, given the zone rectangles `zone_rect` (the canvas passes
/// the rectangles of a drag in progress).
///
/// A firewall joining two zones sits in the space between them (firewalls joining the
/// same two zones are stacked), unless that spot covers another zone, a title bar, a
/// card or another badge (two zones far apart with others between them). Then, and for
/// a firewall joining three or more zones, the badge goes to the free space (outside
/// every zone and badge) nearest the wanted spot (for three or more zones, the middle
/// of their facing borders), centred in the gap it lands in; where zones leave no gap
/// within reach, it lies on a zone's body clear of title bars, cards and badges. A
/// firewall none of whose zones is placed is left out. **O(f·(z + Z))** for f firewalls
/// of z zones each and the Z zones of the plan; the cards are looked at only when a
/// badge between two zones meets a zone, or when no gap is near: bucketed once (O(n)),
/// then each spot tried is checked against the cards near it.
pub fn firewall_badges(
    plan: &Plan,
    zone_rect: impl Fn(ZoneId) -> Option<Rect>,
) -> Vec<(FirewallId, Rect)> {
    let mut seen: HashMap<Vec<ZoneId>, usize> = HashMap::new();
    let mut out: Vec<(FirewallId, Rect)> = Vec::with_capacity(plan.firewalls.len());
    let zones: Vec<(ZoneId, Rect)> = plan
        .zones
        .iter()
        .filter_map(|z| Some((z.id, zone_rect(z.id)?)))
        .collect();
    let all: Vec<Rect> = zones.iter().map(|(_, r)| *r).collect();
    let mut cards = Cards { plan, index: None };
    // The badges placed so far.
    let mut badges: Vec<Rect> = Vec::with_capacity(plan.firewalls.len());
    for fw in &plan.firewalls {
        let rects: Vec<Rect> = fw.zones.iter().filter_map(|z| zone_rect(*z)).collect();
        if rects.is_empty() {
            continue;
        }
        let middle = || {
            let middle = centroid(rects.iter().map(Rect::center));
            centroid(rects.iter().map(|r| border_point(*r, middle)))
        };
        let meet = match rects.as_slice() {
            [_, _, _, ..] => None,
            [a, b] => between(*a, *b),
            _ => Some(middle()),
        };
        let stacked = meet.map(|meet| {
            let mut key = fw.zones.clone();
            key.sort_unstable();
            let k = seen.entry(key).or_default();
            *k += 1;
            meet.offset(0.0, (*k - 1) as f32 * (BADGE_H + 6.0))
        });
        let at = match stacked {
            Some(at) if rects.len() < 2 => at,
            Some(at) => {
                let badge = Rect::from_center_size(at, BADGE_W, BADGE_H);
                let meets_other_zone = zones
                    .iter()
                    .any(|(id, r)| !fw.zones.contains(id) && overlaps(badge, *r));
                let meets_own = rects.iter().any(|r| overlaps(badge, *r))
                    && (rects.iter().any(|r| overlaps(badge, title(*r)))
                        || cards.get().overlaps_any(badge));
                let meets_badge = badges.iter().any(|b| overlaps(badge, *b));
                if meets_other_zone || meets_own || meets_badge {
                    open_spot(at, &all, &badges, &mut cards).unwrap_or(at)
                } else {
                    at
                }
            }
            None => {
                let target = middle();
                open_spot(target, &all, &badges, &mut cards).unwrap_or(target)
            }
        };
        let badge = Rect::from_center_size(at, BADGE_W, BADGE_H);
        badges.push(badge);
        out.push((fw.id, badge));
    }
    out
}

/// The plan's cards, listed and bucketed the first time they are needed.
struct Cards<'p> {
    plan: &'p Plan,
    index: Option<CardIndex>,
}

impl Cards<'_> {
    fn get(&mut self) -> &CardIndex {
        let plan = self.plan;
        self.index.get_or_insert_with(|| CardIndex::new(plan))
    }
}

/// Side of a bucket of [`CardIndex`]: larger than a card, so a badge's neighbourhood
/// spans a few buckets.
const BUCKET: f32 = 2.0 * NODE_W;

/// The cards (all `NODE_W` x `NODE_H`) by the bucket their top-left corner lies in, so
/// that a spot is checked against the few cards near it rather than every card: on a
/// 10,000-node plan that made placing the badges 9 ms, redone after each edit.
struct CardIndex {
    rects: Vec<Rect>,
    buckets: FxHashMap<(i32, i32), Vec<u32>>,
}

impl CardIndex {
    /// **O(n)** in the plan's nodes.
    fn new(plan: &Plan) -> Self {
        let rects: Vec<Rect> = plan.layout.nodes.values().map(|p| node_rect(*p)).collect();
        let mut buckets: FxHashMap<(i32, i32), Vec<u32>> = FxHashMap::default();
        for (i, r) in (0u32..).zip(&rects) {
            buckets.entry(bucket(r.x, r.y)).or_default().push(i);
        }
        CardIndex { rects, buckets }
    }

    /// Whether `b` (a badge-sized rectangle) overlaps a card. **O(cards near b)**.
    fn overlaps_any(&self, b: Rect) -> bool {
        // A card meeting `b` has its top-left corner less than a card's size left of and
        // above `b`.
        let (x0, y0) = bucket(b.x - NODE_W, b.y - NODE_H);
        let (x1, y1) = bucket(b.x + b.w, b.y + b.h);
        (x0..=x1).any(|x| {
            (y0..=y1).any(|y| {
                self.buckets.get(&(x, y)).is_some_and(|ids| {
                    ids.iter()
                        .any(|&i| self.rects.get(i as usize).is_some_and(|r| overlaps(b, *r)))
                })
            })
        })
    }
}

/// The bucket of [`CardIndex`] that point (`x`, `y`) lies in.
fn bucket(x: f32, y: f32) -> (i32, i32) {
    ((x / BUCKET).floor() as i32, (y / BUCKET).floor() as i32)
}

/// The title bar of a zone drawn in `r`.
fn title(r: Rect) -> Rect {
    Rect::new(r.x, r.y, r.w, ZONE_HEADER)
}

/// How much farther than a spot on a zone's body a spot in a gap may be and still be
/// preferred: badges go between zones where they can.
const PREFER_GAP: f32 = 300.0;

/// The spot for a badge nearest `target`: outside every zone (`zones`) and badge when
/// there is such a spot not much farther ([`PREFER_GAP`]) than the nearest spot clear of
/// title bars, cards and badges; else that one.
fn open_spot(
    target: Point,
    zones: &[Rect],
    badges: &[Rect],
    cards: &mut Cards<'_>,
) -> Option<Point> {
    let outside: Vec<Rect> = zones.iter().chain(badges).copied().collect();
    let gap = free_spot(target, &outside, None);
    let far = |p: &Point| p.distance(target);
    if gap.as_ref().is_some_and(|p| far(p) <= PREFER_GAP) {
        return gap;
    }
    let clear: Vec<Rect> = zones
        .iter()
        .map(|z| title(*z))
        .chain(badges.iter().copied())
        .collect();
    match (gap, free_spot(target, &clear, Some(cards.get()))) {
        (Some(g), Some(c)) if far(&g) > far(&c) + PREFER_GAP => Some(c),
        (g, c) => g.or(c),
    }
}

/// The free spot for a badge nearest `target`, clear of every rectangle of `obstacles`
/// and of the `cards` by [`CLEAR`], then centred in the gap it lies in when that gap is
/// narrow. The candidates: `target`, and the spots just beside the [`NEAR`] obstacles
/// nearest it.
fn free_spot(target: Point, obstacles: &[Rect], cards: Option<&CardIndex>) -> Option<Point> {
    let (hw, hh) = (BADGE_W / 2.0 + CLEAR, BADGE_H / 2.0 + CLEAR);
    let all = || obstacles.iter().chain(cards.map_or(&[][..], |c| &c.rects));
    let mut near: Vec<(f32, Rect)> = all().map(|r| (rect_distance(*r, target), *r)).collect();
    if near.len() > NEAR {
        near.select_nth_unstable_by(NEAR, |a, b| a.0.total_cmp(&b.0));
        near.truncate(NEAR);
    }
    let mut xs = vec![target.x];
    let mut ys = vec![target.y];
    for (_, r) in &near {
        xs.extend([r.x - hw, r.x + r.w + hw]);
        ys.extend([r.y - hh, r.y + r.h + hh]);
    }
    let mut candidates: Vec<(f32, Point)> = xs
        .iter()
        .flat_map(|x| ys.iter().map(move |y| Point::new(*x, *y)))
        .map(|p| (p.distance(target), p))
        .collect();
    candidates.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let free = |p: Point| {
        let b = Rect::from_center_size(p, 2.0 * hw, 2.0 * hh);
        !(near.iter().any(|(_, r)| overlaps(b, *r))
            || obstacles.iter().any(|r| overlaps(b, *r))
            || cards.is_some_and(|c| c.overlaps_any(b)))
    };
    let spot = candidates.into_iter().map(|(_, p)| p).find(|p| free(*p))?;
    Some(centre_in_gap(spot, all()))
}

/// `p` (a free spot) moved to the middle of the gap it lies in, on each axis where the
/// obstacles on either side are at most a few badges apart, so that a badge between
/// two rows of zones sits halfway between them.
fn centre_in_gap<'r>(p: Point, obstacles: impl Iterator<Item = &'r Rect> + Clone) -> Point {
    let (hw, hh) = (BADGE_W / 2.0 + CLEAR, BADGE_H / 2.0 + CLEAR);
    // Vertically: the obstacles the badge's column meets above and below it.
    let (mut up, mut down) = (f32::NEG_INFINITY, f32::INFINITY);
    for r in obstacles.clone() {
        if r.x < p.x + hw && p.x - hw < r.x + r.w {
            if r.y + r.h <= p.y {
                up = up.max(r.y + r.h);
            } else if r.y >= p.y {
                down = down.min(r.y);
            }
        }
    }
    let y = if down - up <= 4.0 * BADGE_H + 2.0 * CLEAR {
        (up + down) / 2.0
    } else {
        p.y
    };
    let (mut left, mut right) = (f32::NEG_INFINITY, f32::INFINITY);
    for r in obstacles {
        if r.y < y + hh && y - hh < r.y + r.h {
            if r.x + r.w <= p.x {
                left = left.max(r.x + r.w);
            } else if r.x >= p.x {
                right = right.min(r.x);
            }
        }
    }
    let x = if right - left <= 3.0 * BADGE_W {
        (left + right) / 2.0
    } else {
        p.x
    };
    Point::new(x, y)
}

/// Whether the two rectangles overlap by more than an edge.
fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The distance from `p` to the nearest point of `r` (0 inside).
fn rect_distance(r: Rect, p: Point) -> f32 {
    let dx = (r.x - p.x).max(p.x - (r.x + r.w)).max(0.0);
    let dy = (r.y - p.y).max(p.y - (r.y + r.h)).max(0.0);
    dx.hypot(dy)
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
    use proptest::prelude::*;

    proptest! {
        /// The bucketed cards answer as a scan of every card would, wherever the cards
        /// and the badge are (negative coordinates and bucket edges included).
        #[test]
        fn the_card_index_finds_what_a_scan_finds(
            cards in prop::collection::vec((-3000.0f32..3000.0, -3000.0f32..3000.0), 0..60),
            at in (-3200.0f32..3200.0, -3200.0f32..3200.0),
            size in (1.0f32..400.0, 1.0f32..200.0),
        ) {
            let mut plan = Plan::default();
            for (i, (x, y)) in (0u32..).zip(&cards) {
                plan.layout.nodes.insert(crate::model::NodeId(i), Point::new(*x, *y));
            }
            let index = CardIndex::new(&plan);
            let b = Rect::new(at.0, at.1, size.0, size.1);
            let scan = plan.layout.nodes.values().any(|p| overlaps(b, node_rect(*p)));
            prop_assert_eq!(index.overlaps_any(b), scan);
        }
    }

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

    #[test]
    fn a_badge_of_three_zones_sits_in_the_gap_nearest_them() {
        // Two rows of three zones, 80 apart; the firewalls join two zones of the top row
        // and the middle one below: the badge sits in the gap between the rows, halfway,
        // not on a zone (the middle of the zones' borders is on the top middle zone).
        let plan: Plan = ron::from_str(
            "(version: 2, zones: [(id: 1, name: \"A\"), (id: 2, name: \"B\"), (id: 3, name: \"C\"), \
             (id: 4, name: \"D\"), (id: 5, name: \"E\"), (id: 6, name: \"F\")], \
             firewalls: [(id: 7, name: \"f\", zones: [1, 2, 5]), (id: 8, name: \"g\", zones: [1, 2, 5])])",
        )
        .expect("the test plan parses");
        let rects: Vec<Rect> = (0..6)
            .map(|i| Rect::new((i % 3) as f32 * 480.0, (i / 3) as f32 * 310.0, 400.0, 230.0))
            .collect();
        let badges = firewall_badges(&plan, |z| rects.get(z.0 as usize - 1).copied());
        let (f, g) = (badges[0].1, badges[1].1);
        assert_eq!(f.center().y, 270.0, "{f:?}");
        assert!(rects.iter().all(|r| !overlaps(f, *r) && !overlaps(g, *r)));
        // The second firewall of the same zones sits beside the first.
        assert!(!overlaps(f, g), "{f:?} {g:?}");
        assert_eq!(g.center().y, 270.0, "{g:?}");
    }

    #[test]
    fn with_no_gap_a_badge_lies_on_a_zone_clear_of_its_title() {
        // A 5 x 5 block of zones edge to edge; the firewall joins the middle three.
        let ids: Vec<String> = (1..=25)
            .map(|i| format!("(id: {i}, name: \"z{i}\")"))
            .collect();
        let plan: Plan = ron::from_str(&format!(
            "(version: 2, zones: [{}], firewalls: [(id: 30, name: \"f\", zones: [12, 13, 14])])",
            ids.join(", ")
        ))
        .expect("the test plan parses");
        let rects: Vec<Rect> = (0..25)
            .map(|i| Rect::new((i % 5) as f32 * 400.0, (i / 5) as f32 * 230.0, 400.0, 230.0))
            .collect();
        let badges = firewall_badges(&plan, |z| rects.get(z.0 as usize - 1).copied());
        let f = badges[0].1;
        let extent = rects[11].union(rects[13]);
        assert!(overlaps(f, extent), "{f:?} strayed from its zones");
        for r in &rects {
            assert!(
                !overlaps(f, Rect::new(r.x, r.y, r.w, ZONE_HEADER)),
                "{f:?} on a title"
            );
        }
    }
}
