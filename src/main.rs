//! The `portolan` binary: the command line, and the desktop app when no command is given.

use clap::Parser;
use portolan::cli::{Cli, EXIT_BAD_INPUT, run_command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog_path = cli.catalog.as_deref();
    if let Some(command) = &cli.command {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let code = run_command(command, catalog_path, &mut out, &mut std::io::stderr());
        if std::io::Write::flush(&mut out).is_err() {
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        return ExitCode::from(code);
    }
    open_app(cli.plan, catalog_path)
}

#[cfg(feature = "gui")]
fn open_app(plan: Option<std::path::PathBuf>, catalog_path: Option<&std::path::Path>) -> ExitCode {
    let catalog = match portolan::cli::load_catalog(catalog_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    match portolan::app::run(plan, catalog) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the window could not open: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_plan: Option<std::path::PathBuf>, _catalog: Option<&std::path::Path>) -> ExitCode {
    eprintln!(
        "error: this build has no desktop app (built without the `gui` feature); use `portolan export` or `portolan check`"
    );
    ExitCode::from(EXIT_BAD_INPUT)
}
