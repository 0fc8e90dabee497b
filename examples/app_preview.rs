//! Runs the desktop app until `src/main.rs` is wired to it.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalog = portolan::catalog::Catalog::builtin()?;
    let path = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    portolan::app::run(path, catalog)?;
    Ok(())
}
