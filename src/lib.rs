//! Portolan: a topology planner for Windows infrastructure.
//!
//! Layers, each importing only those above it in this list:
//! [`model`] (plan data) -> [`catalog`] (roles and their flows) -> [`engine`] (derive, route,
//! matrix, check) -> [`rules`] (the typed rule view) -> [`review`] (what the rules open
//! across trust boundaries) -> [`diagram`] (the picture: geometry
//! shared with the canvas, SVG, PNG) -> [`export`] (the formats) and [`io`] (plan files)
//! -> [`change`] (two versions as firewall changes), [`verify`] (a deployed rule set
//! against the plan), [`probe`] (connectivity test scripts and their results) -> the
//! command line ([`cli`], [`commands`]) and the app.

#[cfg(feature = "gui")]
pub mod app;
pub mod catalog;
pub mod change;
pub mod cli;
pub mod commands;
pub mod diagram;
pub mod engine;
pub mod export;
pub mod io;
pub mod model;
pub mod probe;
pub mod quote;
pub mod review;
pub mod ron_text;
pub mod rules;
pub mod verify;
