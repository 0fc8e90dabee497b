//! File I/O: reading plan and catalog files (bounded, located errors), writing every file
//! atomically, and where the command line may write.

mod atomic;
mod output;
mod plan_file;
mod read;

pub use atomic::{FOLDER_MARKER, WriteError, write_atomic, write_atomic_with, write_dir_atomic};
pub use output::{OutputError, check_output, check_output_folder};
pub use plan_file::{PlanError, load_plan, parse_plan, save_plan, validate_plan};
pub use read::{MAX_FILE_BYTES, ReadError, decode_text, read_text};
