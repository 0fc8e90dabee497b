//! Where the command line may write an output file (`-o`): a regular file or a new path,
//! never one of its own input files.

use super::read::kind_of;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why an output path was refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "refusing to write {path}: it is {kind}; -o writes a regular file or a new one (to write to a pipe or device, leave out -o and redirect the standard output)"
    )]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "refusing to write {path}: it is the input file {input}, which would be lost; choose another output file"
    )]
    IsInput { path: PathBuf, input: PathBuf },
    #[error(
        "refusing to write {path}: it is {kind}; this format writes a folder, so -o names a new folder or one Portolan wrote"
    )]
    NotAFolder { path: PathBuf, kind: &'static str },
    #[error(
        "refusing to write {path}: it holds the input file {input}, which replacing the folder would delete; choose another folder"
    )]
    HoldsInput { path: PathBuf, input: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Checks that `output` may be written: absent, or a regular file (not a symlink, folder,
/// device, FIFO or socket) that is none of `inputs` (the same file, also through a hard or
/// symbolic link to it). The write itself is atomic (see [`super::write_atomic`]) and
/// replaces whatever is at the path then, never writing through it.
///
/// # Errors
/// [`OutputError`] saying why.
pub fn check_output(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let meta = match fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(OutputError::Io {
                path: output.to_owned(),
                source,
            });
        }
    };
    if !meta.is_file() {
        return Err(OutputError::NotAFile {
            path: output.to_owned(),
            kind: kind_of(&meta.file_type()),
        });
    }
    for &input in inputs {
        if same_file(output, &meta, input) {
            return Err(OutputError::IsInput {
                path: output.to_owned(),
                input: input.to_owned(),
            });
        }
    }
    Ok(())
}

/// Checks that the folder `output` may be written by a format that writes a folder of
/// files: absent, or a folder (not a symlink to one) holding none of `inputs`. Whether an
/// existing folder may be replaced (Portolan wrote it, or it is empty) is decided by
/// [`super::write_dir_atomic`].
///
/// # Errors
/// [`OutputError`] saying why.
pub fn check_output_folder(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let io_err = |source| OutputError::Io {
        path: output.to_owned(),
        source,
    };
    let meta = match fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(io_err(source)),
    };
    if !meta.is_dir() {
        return Err(OutputError::NotAFolder {
            path: output.to_owned(),
            kind: kind_of(&meta.file_type()),
        });
    }
    let folder = fs::canonicalize(output).map_err(io_err)?;
    for &input in inputs {
        if fs::canonicalize(input).is_ok_and(|i| i.starts_with(&folder)) {
            return Err(OutputError::HoldsInput {
                path: output.to_owned(),
                input: input.to_owned(),
            });
        }
    }
    Ok(())
}

/// Whether `input` is the file `output` (with metadata `meta`): the same device and inode
/// on Unix, the same canonical path elsewhere.
fn same_file(output: &Path, meta: &fs::Metadata, input: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = output;
        fs::metadata(input).is_ok_and(|i| (i.dev(), i.ino()) == (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        match (fs::canonicalize(output), fs::canonicalize(input)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_outputs_are_new_or_existing_folders_without_the_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        fs::write(&plan, "Plan()").unwrap();
        let out = dir.path().join("rules");
        assert!(check_output_folder(&out, &[&plan]).is_ok());
        fs::create_dir(&out).unwrap();
        assert!(check_output_folder(&out, &[&plan]).is_ok());
        // A folder holding an input, at any depth.
        let message = check_output_folder(dir.path(), &[&plan])
            .unwrap_err()
            .to_string();
        assert!(message.contains("it holds the input file"), "{message}");
        let message = check_output_folder(&plan, &[]).unwrap_err().to_string();
        assert!(
            message.contains("it is a regular file; this format writes a folder"),
            "{message}"
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            let message = check_output_folder(&link, &[]).unwrap_err().to_string();
            assert!(message.contains("it is a symbolic link"), "{message}");
        }
    }

    #[test]
    fn absent_and_regular_files_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        fs::write(&plan, "Plan()").unwrap();
        let out = dir.path().join("out.csv");
        assert!(check_output(&out, &[&plan]).is_ok());
        fs::write(&out, "old").unwrap();
        assert!(check_output(&out, &[&plan]).is_ok());
    }

    #[test]
    fn the_input_itself_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        fs::write(&plan, "Plan()").unwrap();
        let message = check_output(&plan, &[&plan]).unwrap_err().to_string();
        assert!(message.contains("it is the input file"), "{message}");
        // Through another spelling of the path.
        let other = dir.path().join(".").join("plan.ron");
        assert!(matches!(
            check_output(&other, &[&plan]),
            Err(OutputError::IsInput { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_devices_fifos_and_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        fs::write(&plan, "Plan()").unwrap();
        // A hard link is the same file.
        let hard = dir.path().join("hard.ron");
        fs::hard_link(&plan, &hard).unwrap();
        assert!(matches!(
            check_output(&hard, &[&plan]),
            Err(OutputError::IsInput { .. })
        ));
        // A symlink, wherever it points.
        let soft = dir.path().join("soft.csv");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.csv"), &soft).unwrap();
        let message = check_output(&soft, &[&plan]).unwrap_err().to_string();
        assert!(message.contains("it is a symbolic link"), "{message}");
        let message = check_output(Path::new("/dev/null"), &[&plan])
            .unwrap_err()
            .to_string();
        assert!(message.contains("it is a character device"), "{message}");
        let message = check_output(dir.path(), &[&plan]).unwrap_err().to_string();
        assert!(message.contains("it is a folder"), "{message}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let message = check_output(&fifo, &[&plan]).unwrap_err().to_string();
        assert!(message.contains("it is a FIFO"), "{message}");
    }
}
