//! The system's file dialogs (rfd), and whether they can be shown at all.
//!
//! On Linux rfd asks the XDG desktop portal over the D-Bus session bus, then runs
//! `zenity`; with neither it returns `None` at once, exactly as if the user had pressed
//! Cancel. So Portolan decides in two steps: before the first dialog, no session bus and
//! no `zenity` on `PATH` means no system dialog ([`unavailable_reason`]); after a dialog,
//! `None` sooner than [`TOO_FAST`] means none was shown (nobody cancels that fast). Either
//! way the app says why and uses its own chooser from then on. Windows and macOS always
//! have their dialogs.

use super::file_chooser::{ChooserMode, ChooserSpec};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A dialog that returns empty-handed sooner than this was never shown.
pub const TOO_FAST: Duration = Duration::from_millis(250);

/// Why no system file dialog can be shown on this machine, if so. Reads the environment.
pub fn unavailable_here() -> Option<String> {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        return None;
    }
    let runtime_bus =
        std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    unavailable_reason(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").as_deref(),
        runtime_bus,
        std::env::var_os("PATH").as_deref(),
    )
}

/// Why no system dialog can be shown, given the session bus address, whether the
/// runtime folder holds a bus socket, and `PATH`.
pub fn unavailable_reason(
    bus_address: Option<&OsStr>,
    runtime_bus: bool,
    path: Option<&OsStr>,
) -> Option<String> {
    let bus = bus_address.is_some_and(|a| !a.is_empty()) || runtime_bus;
    let zenity =
        path.is_some_and(|p| std::env::split_paths(p).any(|d| is_program(&d.join("zenity"))));
    (!bus && !zenity).then(|| {
        "No system file dialog here (no desktop portal on a session bus, no zenity): using Portolan's file chooser.".to_owned()
    })
}

fn is_program(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// What a system dialog gave back.
pub enum NativeOutcome {
    Picked(PathBuf),
    Cancelled,
    /// It returned at once: no dialog was shown.
    NotShown,
}

/// Shows the system dialog for `spec`, starting in `dir`. Blocks until it closes.
pub fn run(spec: &ChooserSpec, dir: Option<&Path>) -> NativeOutcome {
    let mut d = rfd::FileDialog::new().set_title(&spec.title);
    if !spec.ext.is_empty() && spec.mode != ChooserMode::Folder {
        d = d.add_filter(&spec.filter, &[spec.ext.as_str()]);
    }
    if let Some(dir) = dir {
        d = d.set_directory(dir);
    }
    let started = Instant::now();
    let picked = match spec.mode {
        ChooserMode::Open => d.add_filter("All files", &["*"]).pick_file(),
        ChooserMode::Save => d.set_file_name(&spec.name).save_file().map(|p| {
            if p.extension().is_none() && !spec.ext.is_empty() {
                p.with_extension(&spec.ext)
            } else {
                p
            }
        }),
        ChooserMode::Folder => d.pick_folder(),
    };
    match picked {
        Some(p) => NativeOutcome::Picked(p),
        None if started.elapsed() < TOO_FAST => NativeOutcome::NotShown,
        None => NativeOutcome::Cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bus_and_no_zenity_means_no_dialog() {
        let empty = tempfile::tempdir().expect("tempdir");
        let path = empty.path().as_os_str();
        assert!(unavailable_reason(None, false, Some(path)).is_some());
        assert!(unavailable_reason(Some(OsStr::new("")), false, None).is_some());
        assert!(unavailable_reason(Some(OsStr::new("unix:path=/run/bus")), false, None).is_none());
        assert!(unavailable_reason(None, true, None).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let zenity = empty.path().join("zenity");
            std::fs::write(&zenity, "#!/bin/sh\n").expect("write");
            assert!(
                unavailable_reason(None, false, Some(path)).is_some(),
                "not executable"
            );
            std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            assert!(unavailable_reason(None, false, Some(path)).is_none());
        }
    }
}
