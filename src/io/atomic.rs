//! Atomic writes: every file Portolan saves (plans, CSV, every export format) goes
//! through here, so that a crash, a full disk or a kill leaves either the old file or the
//! whole new one, and nothing planted beside the target can redirect the write.
//!
//! The new content is written to a temporary file created *exclusively* (`O_EXCL`, a
//! random name: never an existing file, symlink or FIFO) in the target's folder, flushed
//! to disk, then renamed over the target. The temporary is named
//! `.portolan-NAME-PID-XXXXXX.tmp` (NAME: the target's file name, PID: the writing
//! process), so one left behind by a killed export is recognisable: the next write to the
//! same target removes those of its own that are **stale**, i.e. not modified for a minute
//! and left by a process that no longer runs (checked in `/proc` on Linux), or not
//! modified for an hour (anywhere; a live write touches its file all the time). Nothing
//! else in the folder is touched.
//!
//! A replaced file keeps its permissions (a 0600 file stays 0600); a new one gets the
//! usual ones (0666 less the umask).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A file or folder that could not be written. The target is as it was before.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {path}: {source}; nothing was changed on disk")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The file a folder written by [`write_dir_atomic`] carries, so that the next write may
/// replace the folder: Portolan never replaces a folder without it (unless empty).
pub const FOLDER_MARKER: &str = ".portolan-export";

/// Temporaries younger than this are never removed: their writer may still be starting.
const STALE_IF_DEAD: Duration = Duration::from_secs(60);
/// Temporaries untouched this long are stale whoever wrote them.
const STALE_ANYWAY: Duration = Duration::from_secs(3600);
/// How much of the target's name goes into a temporary's name: names stay under the
/// 255-byte limit of file systems.
const NAME_IN_TEMP: usize = 64;

/// Writes `bytes` to `path` atomically.
///
/// # Errors
/// [`WriteError`] naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Streams what `write` produces to `path` atomically, so a large export never sits whole
/// in memory and a failure leaves the old file as it was. `write` should buffer its
/// output (it gets the file itself).
///
/// # Errors
/// [`WriteError`] naming `path`, for an error of `write` or of the file system.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let (dir, name) = split(path).map_err(err)?;
    remove_stale(&dir, &name);
    // Follows a symlink: the file it names lends its permissions.
    let replaced = fs::metadata(path).ok().filter(fs::Metadata::is_file);
    let prefix = temp_prefix(&name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(&dir).map_err(err)?;
    (|| {
        if let Some(meta) = replaced {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        write(tmp.as_file_mut())?;
        tmp.as_file().sync_all()
    })()
    .map_err(err)?;
    // On failure the temporary is removed when `PersistError` drops.
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_folder(&dir);
    Ok(())
}

/// Writes a folder of files atomically: `fill` writes them into a temporary folder
/// beside `path` (it gets that folder's path), which is then renamed into place. For
/// exports of several files.
///
/// An existing folder at `path` is replaced only if Portolan wrote it (it holds
/// [`FOLDER_MARKER`], which every folder written here gets) or it is empty; anything else
/// at `path` (a user's folder, a file, a symlink) is refused. Replacing moves the old
/// folder into a temporary folder, renames the new one into place and then deletes the
/// old one: a crash in between leaves the old folder inside
/// `.portolan-NAME-PID-XXXXXX.tmp`, which the next write puts back if nothing took its
/// place.
///
/// # Errors
/// [`WriteError`] naming `path`, for an error of `fill` or of the file system, or when
/// `path` is something Portolan may not replace.
pub fn write_dir_atomic(
    path: &Path,
    fill: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let (dir, name) = split(path).map_err(err)?;
    remove_stale(&dir, &name);
    let replace = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() && replaceable(path) => true,
        Ok(_) => {
            return Err(err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "it exists and is not a folder Portolan wrote: choose another name, or move it away",
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(err(e)),
    };
    let prefix = temp_prefix(&name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    let new = builder.tempdir_in(&dir).map_err(err)?;
    (|| {
        fs::write(
            new.path().join(FOLDER_MARKER),
            "Written by Portolan, which replaces this folder whole on the next export.\n",
        )?;
        fill(new.path())?;
        sync_new_folder(new.path())
    })()
    .map_err(err)?;
    // Dropping `old` deletes the previous folder once the new one is in place.
    let old = if replace {
        let holder = builder.tempdir_in(&dir).map_err(err)?;
        fs::rename(path, holder.path().join(&name)).map_err(err)?;
        Some(holder)
    } else {
        None
    };
    let new_path = new.keep();
    if let Err(e) = fs::rename(&new_path, path) {
        // Put the old folder back and drop the new one.
        if let Some(holder) = old {
            let _ = fs::rename(holder.path().join(&name), path);
        }
        let _ = fs::remove_dir_all(&new_path);
        return Err(err(e));
    }
    sync_folder(&dir);
    drop(old);
    Ok(())
}

/// Whether the folder at `path` may be replaced: Portolan wrote it, or it is empty.
fn replaceable(path: &Path) -> bool {
    let marked = fs::symlink_metadata(path.join(FOLDER_MARKER)).is_ok_and(|m| m.is_file());
    marked || fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// The folder a target lives in (`.` for a bare name) and the target's file name; an
/// error that says what to do when that folder does not exist (rather than the
/// temporary file's path that creating it would name).
fn split(path: &Path) -> io::Result<(PathBuf, String)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the folder {} does not exist: create it first, or choose another",
                dir.display()
            ),
        ));
    }
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    Ok((dir, name))
}

/// `.portolan-NAME-PID-`: the start of this process's temporaries for target `name`.
fn temp_prefix(name: &str) -> String {
    format!("{}{}-", name_prefix(name), std::process::id())
}

/// `.portolan-NAME-`, with NAME cut to [`NAME_IN_TEMP`] bytes at a character boundary.
fn name_prefix(name: &str) -> String {
    let mut end = name.len().min(NAME_IN_TEMP);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".portolan-{}-", &name[..end])
}

/// The PID in the name of one of our temporaries for target `name`, if `entry` is one:
/// `.portolan-NAME-PID-XXXXXX.tmp`, XXXXXX letters and digits.
fn temp_pid(entry: &str, name: &str) -> Option<u32> {
    let rest = entry
        .strip_prefix(name_prefix(name).as_str())?
        .strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    let ours = !random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric());
    let pid_ok = !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit());
    (ours && pid_ok).then(|| pid.parse().ok()).flatten()
}

/// Whether process `pid` runs: `Some` where that can be told (Linux), else `None`.
fn process_runs(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// Removes our stale temporaries for target `name` in `dir` (see the module docs). A
/// temporary folder holding the previous version of a folder target (a replacement cut
/// short) is put back in place if nothing is at the target. Best effort: errors are
/// ignored, the write goes on.
fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = temp_pid(&file_name.to_string_lossy(), name) else {
            continue;
        };
        // Never follows a symlink; we create none.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .unwrap_or_default();
        let dead = process_runs(pid) == Some(false);
        let stale = age > STALE_ANYWAY || (age > STALE_IF_DEAD && dead);
        if !stale {
            continue;
        }
        let path = entry.path();
        if meta.is_file() {
            let _ = fs::remove_file(&path);
        } else if meta.is_dir() {
            let target = dir.join(name);
            let previous = path.join(name);
            if fs::symlink_metadata(&target).is_err() && previous.is_dir() {
                let _ = fs::rename(&previous, &target);
            }
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Flushes the folder's entry list, so the rename itself survives a power cut. Unix only;
/// elsewhere folders cannot be opened for this and the rename is as durable as the OS
/// makes it.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Makes everything written under the new folder `dir` durable before it is renamed into
/// place: else a power cut just after the rename could leave the folder in place with
/// empty or cut files (file systems write data later than the rename).
///
/// Flushing each file costs a journal commit per file: about 3.6 ms each on this
/// project's ext4 disk, 36 s for the 9,988 scripts of a 10,000-node plan. So on Linux a
/// folder of [`SYNCFS_FROM`] files or more is flushed with one `syncfs` instead, which
/// writes out the whole file system it lives on (every file's data and every folder
/// entry, one commit): 0.5 s for as many files on a quiet disk, more when other programs
/// have much unwritten data on the same file system, since it writes theirs too (2 to
/// 13 s here, with several builds running). Smaller folders, other systems, or a failed
/// `syncfs` flush each file and folder in turn ([`sync_tree`]).
fn sync_new_folder(dir: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if count_files(dir, SYNCFS_FROM)? >= SYNCFS_FROM {
        use std::os::fd::AsRawFd;
        let folder = fs::File::open(dir)?;
        // SAFETY: `syncfs` reads only the descriptor, which `folder` keeps open for the
        // call.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    sync_tree(dir)
}

/// From this many files on, a new folder is flushed with one `syncfs` (Linux).
#[cfg(target_os = "linux")]
const SYNCFS_FROM: usize = 100;

/// The number of files under `dir`, counting up to `limit` at most.
#[cfg(target_os = "linux")]
fn count_files(dir: &Path, limit: usize) -> io::Result<usize> {
    let mut count = 0;
    for entry in fs::read_dir(dir)? {
        if count >= limit {
            break;
        }
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            count += count_files(&entry.path(), limit - count)?;
        } else {
            count += 1;
        }
    }
    Ok(count)
}

/// Flushes every file under `dir`, and the folders themselves.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            sync_tree(&entry.path())?;
        } else if kind.is_file() {
            fs::File::open(entry.path())?.sync_all()?;
        }
    }
    sync_folder(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Sets a file's modification time `secs` seconds in the past.
    fn age(path: &Path, secs: u64) {
        let past = SystemTime::now() - Duration::from_secs(secs);
        let file = fs::File::options().write(true).open(path);
        match file {
            Ok(f) => f.set_modified(past).unwrap(),
            // A folder: set its time through a handle opened for reading.
            Err(_) => fs::File::open(path).unwrap().set_modified(past).unwrap(),
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn folders_are_counted_up_to_the_limit_and_large_ones_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("scripts");
        write_dir_atomic(&target, |new| {
            fs::create_dir(new.join("sub"))?;
            for i in 0..SYNCFS_FROM {
                fs::write(new.join(format!("{i}.ps1")), i.to_string())?;
            }
            fs::write(new.join("sub").join("last.ps1"), "last")
        })
        .unwrap();
        // The marker, the files, and the one in the sub-folder.
        assert_eq!(count_files(&target, usize::MAX).unwrap(), SYNCFS_FROM + 2);
        assert_eq!(count_files(&target, 10).unwrap(), 10);
        assert_eq!(fs::read_to_string(target.join("99.ps1")).unwrap(), "99");
        assert_eq!(
            fs::read_to_string(target.join("sub").join("last.ps1")).unwrap(),
            "last"
        );
        assert_eq!(names(dir.path()), ["scripts"]);
    }

    #[test]
    fn a_missing_folder_is_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder");
        let file = write_atomic(&missing.join("rules.csv"), b"x").unwrap_err();
        let folder = write_dir_atomic(&missing.join("nft"), |_| Ok(())).unwrap_err();
        for e in [file, folder] {
            let text = e.to_string();
            assert!(
                text.contains(&format!(
                    "the folder {} does not exist: create it first",
                    missing.display()
                )),
                "{text}"
            );
            assert!(!text.contains(".portolan-"), "{text}");
        }
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn writes_and_replaces_leaving_only_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["plan.ron"]);
        // A failing writer leaves the old file and no temporary.
        let failed = write_atomic_with(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        let message = failed.unwrap_err().to_string();
        assert!(message.contains("plan.ron: disk full"), "{message}");
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["plan.ron"]);
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symlink_or_fifo_at_the_old_temporary_name() {
        // The previous writer used `.NAME.PID.tmp`, opened without O_EXCL: a symlink
        // planted there had its target overwritten, a FIFO blocked the write for ever.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        let path = dir.path().join("matrix.csv");
        let planted = dir
            .path()
            .join(format!(".matrix.csv.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&path, b"rows").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read(&path).unwrap(), b"rows");
        fs::remove_file(&planted).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(&planted)
            .status()
            .unwrap();
        assert!(status.success());
        write_atomic(&path, b"more rows").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"more rows");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_a_replaced_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A new file gets the usual permissions, readable by others under a 022 umask.
        let fresh = dir.path().join("fresh.csv");
        write_atomic(&fresh, b"new").unwrap();
        let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        let reference = dir.path().join("reference");
        fs::write(&reference, "").unwrap();
        let usual = fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual);
    }

    #[test]
    fn temporaries_are_recognised_by_name() {
        assert_eq!(
            temp_pid(".portolan-a.csv-123-Ab9xYz.tmp", "a.csv"),
            Some(123)
        );
        assert_eq!(temp_pid(".portolan-a.csv-123-Ab9xYz.tmp", "b.csv"), None);
        // Another target whose name extends this one's.
        assert_eq!(temp_pid(".portolan-a.csv-1-123-Ab9xYz.tmp", "a.csv"), None);
        assert_eq!(temp_pid(".portolan-a.csv-123-.tmp", "a.csv"), None);
        assert_eq!(temp_pid(".portolan-a.csv-x-abc.tmp", "a.csv"), None);
        assert_eq!(temp_pid(".a.csv.123.tmp", "a.csv"), None);
        // Long names are cut the same way when writing and when recognising.
        let long = "é".repeat(100);
        let entry = format!("{}42-abcdef.tmp", name_prefix(&long));
        assert!(entry.len() < 100);
        assert_eq!(temp_pid(&entry, &long), Some(42));
    }

    #[test]
    fn removes_only_its_own_stale_temporaries_for_the_same_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matrix.csv");
        let plant = |name: &str, secs: u64| {
            let p = dir.path().join(name);
            fs::write(&p, "left behind").unwrap();
            age(&p, secs);
        };
        // Left by a dead process (PID far above any real one), two minutes ago: stale
        // where process ids can be checked.
        plant(".portolan-matrix.csv-4000000000-aaaaaa.tmp", 120);
        // Untouched for two hours, from a process that runs (ours): stale anyway.
        let mine = std::process::id();
        plant(&format!(".portolan-matrix.csv-{mine}-bbbbbb.tmp"), 7200);
        // Fresh, of a live writer: kept.
        plant(&format!(".portolan-matrix.csv-{mine}-cccccc.tmp"), 0);
        // Someone else's files, and ours for another target: kept.
        plant(".matrix.csv.swp", 7200);
        plant(".portolan-other.csv-4000000000-dddddd.tmp", 7200);
        write_atomic(&path, b"rows").unwrap();
        let mut expected = vec![
            format!(".portolan-matrix.csv-{mine}-cccccc.tmp"),
            ".matrix.csv.swp".to_owned(),
            ".portolan-other.csv-4000000000-dddddd.tmp".to_owned(),
            "matrix.csv".to_owned(),
        ];
        if process_runs(1).is_none() {
            expected.push(".portolan-matrix.csv-4000000000-aaaaaa.tmp".to_owned());
        }
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }

    #[test]
    fn writes_and_replaces_a_folder_of_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules");
        write_dir_atomic(&path, |d| {
            fs::write(d.join("a.conf"), "one")?;
            fs::create_dir(d.join("sub"))?;
            fs::write(d.join("sub/b.conf"), "two")
        })
        .unwrap();
        assert_eq!(fs::read_to_string(path.join("sub/b.conf")).unwrap(), "two");
        assert_eq!(names(dir.path()), ["rules"]);
        // Replaced whole: files of the old export do not linger.
        write_dir_atomic(&path, |d| fs::write(d.join("c.conf"), "three")).unwrap();
        assert_eq!(names(&path), [FOLDER_MARKER, "c.conf"]);
        assert_eq!(names(dir.path()), ["rules"]);
        // A failing fill leaves the previous folder and nothing else.
        let failed = write_dir_atomic(&path, |d| {
            fs::write(d.join("half.conf"), "x")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(names(&path), [FOLDER_MARKER, "c.conf"]);
        assert_eq!(names(dir.path()), ["rules"]);
    }

    #[test]
    fn never_replaces_a_folder_or_file_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let users = dir.path().join("Documents");
        fs::create_dir(&users).unwrap();
        fs::write(users.join("thesis.docx"), "years of work").unwrap();
        let refused = write_dir_atomic(&users, |d| fs::write(d.join("a.conf"), "x"));
        let message = refused.unwrap_err().to_string();
        assert!(message.contains("not a folder Portolan wrote"), "{message}");
        assert_eq!(names(&users), ["thesis.docx"]);
        let file = dir.path().join("notes.txt");
        fs::write(&file, "mine").unwrap();
        assert!(write_dir_atomic(&file, |_| Ok(())).is_err());
        assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
        assert_eq!(names(dir.path()), ["Documents", "notes.txt"]);
        // An empty folder may be filled.
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        write_dir_atomic(&empty, |d| fs::write(d.join("a.conf"), "x")).unwrap();
        assert_eq!(names(&empty), [FOLDER_MARKER, "a.conf"]);
    }

    #[test]
    fn a_folder_replacement_cut_short_is_put_back() {
        // A crash after the old folder was moved aside and before the new one took its
        // place: the old one waits in a stale temporary folder.
        let dir = tempfile::tempdir().unwrap();
        let holder = dir.path().join(".portolan-rules-4000000000-aaaaaa.tmp");
        fs::create_dir_all(holder.join("rules")).unwrap();
        fs::write(holder.join("rules").join("a.conf"), "old").unwrap();
        fs::write(holder.join("rules").join(FOLDER_MARKER), "").unwrap();
        age(&holder, 7200);
        // The next write to the target finds it back, then replaces it.
        let path = dir.path().join("rules");
        let mut seen = None;
        write_dir_atomic(&path, |d| {
            seen = Some(fs::read_to_string(dir.path().join("rules/a.conf")).ok());
            fs::write(d.join("b.conf"), "new")
        })
        .unwrap();
        assert_eq!(seen, Some(Some("old".to_owned())));
        assert_eq!(names(&path), [FOLDER_MARKER, "b.conf"]);
        assert_eq!(names(dir.path()), ["rules"]);
    }
}
