//! Canvas geometry, kept beside the model: the engine never reads it.

use super::{NodeId, ZoneId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A point on the canvas, in canvas units (1 unit = 1 logical pixel at zoom 1). Written
/// `(x, y)` in plan files (see `geometry_file.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An axis-aligned rectangle on the canvas: top-left corner and size. Written
/// `(x, y, w, h)` in plan files.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }

    /// `self` moved by `(dx, dy)`.
    pub fn offset(self, dx: f32, dy: f32) -> Point {
        Point::new(self.x + dx, self.y + dy)
    }

    /// The distance to `other`.
    pub fn distance(self, other: Point) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

impl Rect {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }

    /// The rectangle of size `(w, h)` whose top-left corner is `min`.
    pub fn from_min_size(min: Point, w: f32, h: f32) -> Self {
        Rect::new(min.x, min.y, w, h)
    }

    /// The rectangle of size `(w, h)` centred on `c`.
    pub fn from_center_size(c: Point, w: f32, h: f32) -> Self {
        Rect::new(c.x - w / 2.0, c.y - h / 2.0, w, h)
    }

    /// The top-left corner.
    pub fn min(&self) -> Point {
        Point::new(self.x, self.y)
    }

    /// The bottom-right corner.
    pub fn max(&self) -> Point {
        Point::new(self.x + self.w, self.y + self.h)
    }

    /// Whether the two rectangles overlap (touching edges count).
    pub fn intersects(&self, other: Rect) -> bool {
        self.x <= other.x + other.w
            && other.x <= self.x + self.w
            && self.y <= other.y + other.h
            && other.y <= self.y + self.h
    }

    /// The rectangle grown by `by` on every side (shrunk when negative).
    pub fn expand(&self, by: f32) -> Rect {
        Rect::new(
            self.x - by,
            self.y - by,
            self.w + 2.0 * by,
            self.h + 2.0 * by,
        )
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: Rect) -> Rect {
        let (min_x, min_y) = (self.x.min(other.x), self.y.min(other.y));
        let max = (
            (self.x + self.w).max(other.x + other.w),
            (self.y + self.h).max(other.y + other.h),
        );
        Rect::new(min_x, min_y, max.0 - min_x, max.1 - min_y)
    }

    /// Whether `p` lies inside (edges included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }

    /// The centre of the rectangle.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// Where each zone and node sits on the canvas. Objects without an entry are placed
/// automatically by the app.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Layout {
    #[serde(deserialize_with = "super::geometry_file::zone_rects")]
    pub zones: BTreeMap<ZoneId, Rect>,
    #[serde(deserialize_with = "super::geometry_file::node_points")]
    pub nodes: BTreeMap<NodeId, Point>,
}
