//! Exports of the firewall matrix.

mod cells;
mod csv;

pub use cells::{COLUMNS, matrix_cells, row_cells};
pub use csv::{save_csv, write_csv};
