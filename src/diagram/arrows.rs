//! Flow arrows: one per pair of nodes with flows, where it starts and ends, and what its
//! label says.

use crate::engine::Analysis;
use crate::model::{NodeId, Plan, Point, PortSet, Protocol, Rect};
use rustc_hash::FxHashMap;

/// One arrow: every flow from node `from` to node `to` (positions in `plan.nodes`).
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    /// Whether the flows cross at least one firewall.
    pub crosses: bool,
    /// Whether no chain of firewalls joins the two zones (the flows are in no rule).
    pub unrouted: bool,
    /// Whether flows also go the other way (the arrow is then drawn offset).
    pub two_way: bool,
    /// The ports of the flows, one port set per protocol, in the order first met.
    pub ports: Vec<(Protocol, PortSet)>,
}

impl Arrow {
    /// The label: `TCP 88,135 · UDP 88 · ICMP 8`.
    pub fn label(&self) -> String {
        let parts: Vec<String> = self
            .ports
            .iter()
            .map(|(p, ports)| format!("{p} {}", p.ports_text(ports)))
            .collect();
        parts.join(" · ")
    }
}

/// The arrows of `analysis` (computed from `plan`), in the order of their first flow.
/// **O(F)** for F flows.
pub fn arrows(plan: &Plan, analysis: &Analysis) -> Vec<Arrow> {
    let pos: FxHashMap<NodeId, usize> = plan
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id, i))
        .collect();
    let mut by_pair: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut out: Vec<Arrow> = Vec::new();
    for flow in &analysis.flows {
        let (Some(&a), Some(&b)) = (pos.get(&flow.source), pos.get(&flow.destination)) else {
            continue;
        };
        let i = *by_pair.entry((a, b)).or_insert_with(|| {
            let (za, zb) = (plan.nodes[a].zone, plan.nodes[b].zone);
            let path = analysis.router.path(za, zb);
            out.push(Arrow {
                from: a,
                to: b,
                crosses: path.is_some_and(|p| !p.is_empty()),
                unrouted: za != zb && path.is_none(),
                two_way: false,
                ports: Vec::new(),
            });
            out.len() - 1
        });
        let ports = &mut out[i].ports;
        match ports.iter_mut().find(|(p, _)| *p == flow.protocol) {
            Some((_, set)) => set.extend(&flow.ports),
            None => ports.push((flow.protocol, flow.ports.clone())),
        }
    }
    for arrow in &mut out {
        arrow.two_way = by_pair.contains_key(&(arrow.to, arrow.from));
    }
    out
}

/// Where the segment from `rect`'s centre toward `toward` leaves `rect`.
pub fn border_point(rect: Rect, toward: Point) -> Point {
    let c = rect.center();
    let (dx, dy) = (toward.x - c.x, toward.y - c.y);
    if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
        return c;
    }
    let tx = if dx.abs() > f32::EPSILON {
        rect.w / 2.0 / dx.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dy.abs() > f32::EPSILON {
        rect.h / 2.0 / dy.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    Point::new(c.x + dx * t, c.y + dy * t)
}

/// How far apart the two arrows of a two-way pair are drawn.
const TWO_WAY_GAP: f32 = 6.0;

/// The two ends of an arrow between cards `a` and `b`, shifted sideways when flows go
/// both ways.
pub fn arrow_ends(a: Rect, b: Rect, two_way: bool) -> (Point, Point) {
    let (mut s, mut e) = (border_point(a, b.center()), border_point(b, a.center()));
    if two_way {
        let (dx, dy) = (e.x - s.x, e.y - s.y);
        let len = dx.hypot(dy);
        if len > 0.0 && len.is_finite() {
            // Perpendicular, turned clockwise on screen (y grows downwards).
            let (sx, sy) = (dy / len * TWO_WAY_GAP, -dx / len * TWO_WAY_GAP);
            s = s.offset(sx, sy);
            e = e.offset(sx, sy);
        }
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_points_lie_on_the_edge_facing_the_target() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(
            border_point(r, Point::new(500.0, 25.0)),
            Point::new(100.0, 25.0)
        );
        assert_eq!(
            border_point(r, Point::new(50.0, -500.0)),
            Point::new(50.0, 0.0)
        );
        // A target inside the rectangle is the point itself.
        assert_eq!(
            border_point(r, Point::new(60.0, 30.0)),
            Point::new(60.0, 30.0)
        );
    }

    #[test]
    fn two_way_arrows_are_drawn_apart() {
        let (a, b) = (
            Rect::new(0.0, 0.0, 10.0, 10.0),
            Rect::new(100.0, 0.0, 10.0, 10.0),
        );
        let (s1, e1) = arrow_ends(a, b, true);
        let (s2, e2) = arrow_ends(b, a, true);
        assert!((s1.y - e2.y).abs() > 11.0 && (e1.y - s2.y).abs() > 11.0);
        assert_eq!(arrow_ends(a, b, false).0, Point::new(10.0, 5.0));
    }
}
