//! The engine: derives the flows a plan needs, routes them through firewalls, merges them
//! into a firewall matrix and checks the plan. Pure functions of a plan and a catalog;
//! no UI, no I/O.

mod analysis;
mod check;
mod derive;
mod index;
mod matrix;
mod permute;
mod route;

pub use analysis::{Analysis, analyze};
pub use check::{Problem, Severity, check};
pub(crate) use derive::rpc_range;
pub use derive::{Flow, derive};
pub use index::{NodeFacts, PlanIndex};
pub use matrix::{Matrix, MatrixRow, build_matrix};
pub use route::Router;
