//! Plan files: reading with validation, and atomic saving.

mod plan_file;
mod plan_text;

pub use plan_file::{
    PlanError, load_plan, parse_plan, save_plan, validate_plan, write_atomic, write_atomic_with,
};
pub use plan_text::plan_to_text;
