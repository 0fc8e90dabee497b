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

impl Rect {
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
