//! Running a folder format into a temporary folder, and comparing folders with golden ones.

use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportError, ExportOptions, export_to_path, find_format};
use portolan::model::Plan;
use portolan::rules::RuleSet;
use std::collections::BTreeMap;
use std::path::Path;

/// The files `format` writes for `plan`: relative path -> text.
pub fn export_files(
    format: &str,
    plan: &Plan,
    catalog: &Catalog,
) -> Result<BTreeMap<String, String>, ExportError> {
    let analysis = analyze(plan, catalog);
    let rules = RuleSet::new(plan, catalog, &analysis);
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("out");
    export_to_path(
        find_format(format)?,
        &rules,
        &ExportOptions::default(),
        &out,
    )?;
    Ok(read_dir(&out))
}

/// Every file under `dir`, by path relative to it (with `/`), but the marker the folder
/// writer leaves.
pub fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path
                .file_name()
                .is_some_and(|n| n == portolan::io::FOLDER_MARKER)
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy();
                let text = std::fs::read_to_string(&path).expect("UTF-8 file");
                files.insert(rel.replace('\\', "/"), text);
            }
        }
    }
    files
}

/// Compares `files` with the folder `tests/golden/<format>/<name>/`, file set and bytes.
/// `PORTOLAN_BLESS=1 cargo test` rewrites the folder; review the diff.
pub fn assert_golden_folder(format: &str, name: &str, files: &BTreeMap<String, String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format)
        .join(name);
    if std::env::var_os("PORTOLAN_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("golden folder");
            std::fs::write(path, text).expect("golden file");
        }
    }
    let want = read_dir(&dir);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "files differ from tests/golden/{format}/{name}/"
    );
    for (rel, text) in files {
        assert_eq!(
            text, &want[rel],
            "tests/golden/{format}/{name}/{rel} differs"
        );
    }
}
