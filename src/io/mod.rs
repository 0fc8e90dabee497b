//! Plan files: reading with validation, and atomic saving.

mod plan_file;

pub use plan_file::{
    PlanError, load_plan, parse_plan, save_plan, validate_plan, write_atomic, write_atomic_with,
};
