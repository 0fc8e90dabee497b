//! The `portolan` binary: the command line, and the desktop app when no command is given.

use portolan::cli::{Cli, EXIT_BAD_INPUT, run_command};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let catalog_path = cli.catalog.as_deref();
    if let Some(command) = &cli.command {
        let mut out = Stdout::new();
        let mut code = run_command(command, catalog_path, &mut out, &mut io::stderr());
        if let Err(e) = out.flush() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                code = 0;
            } else {
                eprintln!("error: cannot write the output: {e}");
                code = EXIT_BAD_INPUT;
            }
        }
        return ExitCode::from(code);
    }
    open_app(cli.plan, catalog_path)
}

/// The standard output, buffered. When it was closed at start (as by `>&-` in a shell)
/// every write fails, instead of vanishing into the `/dev/null` that Rust's runtime puts
/// in place of a closed standard stream.
enum Stdout {
    Open(io::BufWriter<io::StdoutLock<'static>>),
    Closed,
}

impl Stdout {
    fn new() -> Self {
        if closed_stdout::at_start() {
            Stdout::Closed
        } else {
            Stdout::Open(io::BufWriter::new(io::stdout().lock()))
        }
    }

    fn closed() -> io::Error {
        io::Error::other("the standard output is closed")
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stdout::Open(out) => out.write(buf),
            Stdout::Closed => Err(Stdout::closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stdout::Open(out) => out.flush(),
            Stdout::Closed => Ok(()),
        }
    }
}

/// Whether file descriptor 1 was closed when the process started. Rust's runtime reopens
/// a closed standard stream on `/dev/null` before `main`, so this looks earlier: from the
/// program's initialisers (`.init_array`), which run before the runtime starts. Linux
/// only; elsewhere a closed standard output is taken as open.
#[cfg(target_os = "linux")]
mod closed_stdout {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn record() {
        // SAFETY: `fcntl(F_GETFD)` only reads the flags of a descriptor number; it fails
        // with EBADF when the descriptor is not open.
        let open = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } != -1;
        CLOSED.store(!open, Ordering::Relaxed);
    }

    // SAFETY: `.init_array` holds functions the loader calls, once, before `main`;
    // `record` takes no arguments, touches only an atomic, and cannot unwind.
    #[used]
    #[unsafe(link_section = ".init_array")]
    static RECORD: extern "C" fn() = record;

    pub fn at_start() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_os = "linux"))]
mod closed_stdout {
    pub fn at_start() -> bool {
        false
    }
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
