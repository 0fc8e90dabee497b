//! Reading and writing `.ron` plan files.

use crate::catalog::Catalog;
use crate::model::{FORMAT_VERSION, Plan};
use crate::ron_text;
use rustc_hash::FxHashSet as HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a plan could not be read or written. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: line {line}, column {col}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{origin}: the plan is format version {found}, newer than this Portolan reads ({FORMAT_VERSION}): update Portolan to open it"
    )]
    NewerVersion { origin: String, found: u32 },
    #[error("{origin}: {problem}")]
    Invalid { origin: String, problem: String },
    #[error("cannot save {path}: {source}; the previous file is untouched")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the plan as RON: {0}")]
    Serialize(#[from] ron::Error),
}

/// Reads and validates the plan at `path`.
///
/// # Errors
/// [`PlanError`] naming the file, with line and column for syntax errors.
pub fn load_plan(path: &Path, catalog: &Catalog) -> Result<Plan, PlanError> {
    let text = fs::read_to_string(path).map_err(|source| PlanError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_plan(&text, &path.display().to_string(), catalog)
}

/// Parses and validates plan text; `origin` names it in messages.
///
/// # Errors
/// Syntax errors with line and column, a newer format version, or a dangling reference.
pub fn parse_plan(text: &str, origin: &str, catalog: &Catalog) -> Result<Plan, PlanError> {
    let plan: Plan = ron_text::parse(text).map_err(|e| PlanError::Syntax {
        origin: origin.to_owned(),
        line: e.line,
        col: e.col,
        message: e.message,
    })?;
    if plan.version > FORMAT_VERSION {
        return Err(PlanError::NewerVersion {
            origin: origin.to_owned(),
            found: plan.version,
        });
    }
    validate_plan(&plan, catalog).map_err(|problem| PlanError::Invalid {
        origin: origin.to_owned(),
        problem,
    })?;
    Ok(plan)
}

/// Checks what would make the plan meaningless: repeated ids, references to zones or
/// nodes that do not exist, roles the catalog does not know. Design problems (a missing
/// provider, say) are the engine check's business, not this.
///
/// # Errors
/// The first problem, as a sentence that says what to fix.
pub fn validate_plan(plan: &Plan, catalog: &Catalog) -> Result<(), String> {
    let mut ids = HashSet::default();
    let all_ids = plan
        .zones
        .iter()
        .map(|z| (z.id.0, "zone", &z.name))
        .chain(plan.firewalls.iter().map(|f| (f.id.0, "firewall", &f.name)))
        .chain(plan.nodes.iter().map(|n| (n.id.0, "node", &n.name)));
    for (id, kind, name) in all_ids {
        if !ids.insert(id) {
            return Err(format!(
                "{kind} `{name}` reuses the id {id}: every zone, firewall and node needs its own id"
            ));
        }
    }
    if let Some(option) = plan.options.invalid_port() {
        return Err(format!(
            "the plan option {option} is outside 1-65535: set a real port"
        ));
    }
    let zones: HashSet<_> = plan.zones.iter().map(|z| z.id).collect();
    let nodes: HashSet<_> = plan.nodes.iter().map(|n| n.id).collect();
    for fw in &plan.firewalls {
        if let Some(z) = fw.zones.iter().find(|z| !zones.contains(z)) {
            return Err(format!(
                "firewall `{}` joins zone id {}, which the plan does not define",
                fw.name, z.0
            ));
        }
    }
    for node in &plan.nodes {
        if !zones.contains(&node.zone) {
            return Err(format!(
                "node `{}` is in zone id {}, which the plan does not define",
                node.name, node.zone.0
            ));
        }
        if let Some(option) = node.options.invalid_port() {
            return Err(format!(
                "node `{}`: the option {option} is outside 1-65535: set a real port",
                node.name
            ));
        }
        if let Some(role) = node.roles.iter().find(|r| catalog.role_idx(r).is_none()) {
            return Err(format!(
                "node `{}` has the unknown role `{role}`: use a role id from the catalog (`portolan roles` lists them) or load a catalog that defines it with --catalog",
                node.name
            ));
        }
        if let Some(role) = node.bypass.iter().find(|r| catalog.role_idx(r).is_none()) {
            return Err(format!(
                "node `{}` bypasses the unknown role `{role}`: use a role id from the catalog (`portolan roles` lists them)",
                node.name
            ));
        }
    }
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    let bad_zone = plan
        .layout
        .zones
        .values()
        .any(|r| !finite(&[r.x, r.y, r.w, r.h]) || r.w < 0.0 || r.h < 0.0);
    let bad_node = plan.layout.nodes.values().any(|p| !finite(&[p.x, p.y]));
    if bad_zone || bad_node {
        return Err("the layout holds a position or size that is not a finite number (or a negative size): fix or remove it".into());
    }
    for link in &plan.uses {
        for end in [link.from, link.to] {
            if !nodes.contains(&end) {
                return Err(format!(
                    "a uses link names node id {}, which the plan does not define",
                    end.0
                ));
            }
        }
    }
    Ok(())
}

/// Saves `plan` to `path` atomically: the text goes to a temporary file beside the target,
/// which is flushed to disk and then renamed over it, so a crash leaves either the old
/// file or the new one, never half of one.
///
/// # Errors
/// [`PlanError::Write`] when the folder is not writable or the disk is full.
pub fn save_plan(path: &Path, plan: &Plan) -> Result<(), PlanError> {
    let mut plan = plan.clone();
    plan.version = FORMAT_VERSION;
    let text = super::plan_to_text(&plan)?;
    write_atomic(path, text.as_bytes())
}

/// Writes `bytes` to `path` through a temporary file and a rename.
///
/// # Errors
/// [`PlanError::Write`] naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlanError> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Streams what `write` produces to `path` through a temporary file and a rename, so a
/// large export never sits whole in memory and a failure leaves the old file as it was.
///
/// # Errors
/// [`PlanError::Write`] naming `path`, for an error of `write` or of the file system.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), PlanError> {
    let err = |source| PlanError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        write(&mut file)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}
