//! Reading plan and catalog files: bounded, regular files only, UTF-8 checked with the
//! position of the first bad byte.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest plan or catalog file Portolan reads: 512 MB, far above any real plan (a
/// plan of 10,000 nodes is 1.6 MB) and well within memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read {path}: it is {kind}, not a regular file; give the path of a plan file")]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "cannot read {path}: it is {} MB, and Portolan reads files of up to 512 MB",
        .bytes.div_ceil(1024 * 1024)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error(
        "{origin}: line {line}, column {col}: the byte 0x{byte:02X} is not valid UTF-8: save the file as UTF-8"
    )]
    Utf8 {
        origin: String,
        line: usize,
        col: usize,
        byte: u8,
    },
}

/// Reads the text file at `path`: a regular file (a symlink to one is fine) of at most
/// [`MAX_FILE_BYTES`], in UTF-8, with or without a byte order mark (removed).
///
/// FIFOs, devices and folders are refused before they are opened, so `/dev/zero` or a
/// FIFO with no writer cannot exhaust memory or hang the program; so is a file over the
/// limit. **O(size)**.
///
/// # Errors
/// [`ReadError`] naming the file; for bad UTF-8, with line and column.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let io_err = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    check_kind(path, &fs::metadata(path).map_err(io_err)?)?;
    // Non-blocking, in case a FIFO took the file's place since: opening one for reading
    // would wait for a writer.
    let mut options = fs::File::options();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    check_kind(path, &meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            bytes: read,
        });
    }
    decode_text(bytes, &path.display().to_string())
}

/// `bytes` as text, without a leading byte order mark; `origin` names them in messages.
///
/// # Errors
/// [`ReadError::Utf8`] with the line and column (in characters, from 1) of the first
/// byte that is not UTF-8.
pub fn decode_text(mut bytes: Vec<u8>, origin: &str) -> Result<String, ReadError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = e.utf8_error().valid_up_to();
        // The prefix is valid: count lines and characters in it.
        let prefix = String::from_utf8_lossy(&bytes[..good]);
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        ReadError::Utf8 {
            origin: origin.to_owned(),
            line: prefix.matches('\n').count() + 1,
            col: prefix[line_start..].chars().count() + 1,
            byte: bytes.get(good).copied().unwrap_or(0),
        }
    })
}

/// Refuses anything but a regular file, and files over the limit.
fn check_kind(path: &Path, meta: &fs::Metadata) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            path: path.to_owned(),
            kind: kind_of(&meta.file_type()),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            bytes: meta.len(),
        });
    }
    Ok(())
}

/// What a file that is not a regular one is, as a noun phrase: "a folder", "a FIFO".
pub(crate) fn kind_of(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let text = decode_text(b"\xEF\xBB\xBFPlan()".to_vec(), "p").unwrap();
        assert_eq!(text, "Plan()");
    }

    #[test]
    fn bad_utf8_is_located() {
        let bytes = b"Plan(\n    name: \"caf\xE9\",\n)".to_vec();
        let message = decode_text(bytes, "p.ron").unwrap_err().to_string();
        assert_eq!(
            message,
            "p.ron: line 2, column 15: the byte 0xE9 is not valid UTF-8: save the file as UTF-8"
        );
        // Columns count characters, not bytes; a byte order mark is not one.
        let bytes = "\u{FEFF}é\u{1F600}".bytes().chain([0xFF]).collect();
        let message = decode_text(bytes, "p").unwrap_err().to_string();
        assert!(
            message.starts_with("p: line 1, column 3: the byte 0xFF"),
            "{message}"
        );
    }

    #[test]
    fn reads_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let message = read_text(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("it is a folder, not a regular file"),
            "{message}"
        );
        let path = dir.path().join("plan.ron");
        fs::write(&path, "\u{FEFF}Plan()").unwrap();
        assert_eq!(read_text(&path).unwrap(), "Plan()");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_and_fifos_without_reading_them() {
        // /dev/zero used to be read until memory ran out, a FIFO without a writer hung.
        let message = read_text(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(
            message.contains("a character device, not a regular file"),
            "{message}"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("plan.ron");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let message = read_text(&fifo).unwrap_err().to_string();
        assert!(
            message.contains("a FIFO (named pipe), not a regular file"),
            "{message}"
        );
    }

    #[test]
    fn refuses_files_over_the_limit_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.ron");
        // Sparse: takes no disk space and is never read.
        let file = fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let message = read_text(&path).unwrap_err().to_string();
        assert!(
            message.ends_with("it is 513 MB, and Portolan reads files of up to 512 MB"),
            "{message}"
        );
    }
}
