//! A uniform grid of rectangles and segments, so that the pointer finds the card or the
//! arrow under it by looking at one cell instead of scanning everything each frame.
//! Built once per analysis (cards) or per view (the arrows drawn), never per frame.

use egui::{Pos2, Rect, pos2, vec2};

/// Cells per side at most.
const MAX_SIDE: usize = 128;

/// Item ids by grid cell.
pub struct Grid {
    origin: Pos2,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    /// An empty grid over `bounds` with about `side` cells a side.
    pub fn new(bounds: Rect, side: usize) -> Self {
        let side = side.clamp(1, MAX_SIDE);
        let cell = (bounds.width().max(bounds.height()) / side as f32).max(1.0);
        let cols = ((bounds.width() / cell).ceil() as usize).clamp(1, MAX_SIDE);
        let rows = ((bounds.height() / cell).ceil() as usize).clamp(1, MAX_SIDE);
        Grid {
            origin: bounds.min,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    fn index(&self, p: Pos2) -> (usize, usize) {
        let c = ((p.x - self.origin.x) / self.cell).floor();
        let r = ((p.y - self.origin.y) / self.cell).floor();
        let clamp = |v: f32, n: usize| (v.max(0.0) as usize).min(n - 1);
        (clamp(c, self.cols), clamp(r, self.rows))
    }

    /// Adds `id` to every cell `r` overlaps.
    pub fn insert_rect(&mut self, r: Rect, id: u32) {
        let (c0, r0) = self.index(r.min);
        let (c1, r1) = self.index(r.max);
        for row in r0..=r1 {
            for col in c0..=c1 {
                let cell = &mut self.cells[row * self.cols + col];
                if cell.last() != Some(&id) {
                    cell.push(id);
                }
            }
        }
    }

    /// Adds `id` to every cell within `pad` of the segment `a`-`b`. **O(length / cell)**.
    pub fn insert_segment(&mut self, a: Pos2, b: Pos2, pad: f32, id: u32) {
        let len = a.distance(b);
        let steps = ((len / (self.cell * 0.5)).ceil() as usize).max(1);
        let half = vec2(pad, pad);
        for k in 0..=steps {
            let p = a.lerp(b, k as f32 / steps as f32);
            self.insert_rect(Rect::from_min_max(p - half, p + half), id);
        }
    }

    /// The ids whose items may be at `p`.
    pub fn at(&self, p: Pos2) -> &[u32] {
        let outside = p.x < self.origin.x
            || p.y < self.origin.y
            || p.x > self.origin.x + self.cell * self.cols as f32
            || p.y > self.origin.y + self.cell * self.rows as f32;
        if outside {
            return &[];
        }
        let (c, r) = self.index(p);
        &self.cells[r * self.cols + c]
    }
}

impl Default for Grid {
    fn default() -> Self {
        Grid::new(Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)), 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rects_and_segments_by_cell() {
        let mut g = Grid::new(Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 1000.0)), 10);
        g.insert_rect(Rect::from_min_max(pos2(10.0, 10.0), pos2(50.0, 50.0)), 1);
        g.insert_segment(pos2(0.0, 900.0), pos2(900.0, 900.0), 5.0, 2);
        assert_eq!(g.at(pos2(20.0, 20.0)), &[1]);
        assert_eq!(g.at(pos2(450.0, 902.0)), &[2]);
        assert!(g.at(pos2(450.0, 500.0)).is_empty());
        assert!(g.at(pos2(-5.0, 20.0)).is_empty());
    }
}
