//! The panels around the canvas.

pub mod fields;
pub mod flows_table;
pub mod inspector;
pub mod menu;
pub mod options;
pub mod palette;
pub mod problems;
pub mod review;
pub mod status;
