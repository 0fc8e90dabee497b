//! The background grid: faint lines every few steps of the snapping grid.

use super::super::layout::GRID;
use super::super::theme;
use egui::{Painter, Rect, Stroke, pos2};

/// Draws grid lines over `visible`, spaced so that they stay at least ~12 px apart.
pub fn paint(painter: &Painter, visible: Rect, zoom: f32) {
    painter.rect_filled(visible, 0.0, theme::CANVAS);
    let mut step = GRID * 2.0;
    while step * zoom < 12.0 {
        step *= 5.0;
    }
    let stroke = Stroke::new(1.0 / zoom.max(0.01), theme::GRID);
    let mut x = (visible.min.x / step).floor() * step;
    while x <= visible.max.x {
        painter.line_segment([pos2(x, visible.min.y), pos2(x, visible.max.y)], stroke);
        x += step;
    }
    let mut y = (visible.min.y / step).floor() * step;
    while y <= visible.max.y {
        painter.line_segment([pos2(visible.min.x, y), pos2(visible.max.x, y)], stroke);
        y += step;
    }
}
