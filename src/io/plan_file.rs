//! Reading and writing `.ron` plan files.

use super::{ReadError, WriteError, read_text, write_atomic};
use crate::catalog::Catalog;
use crate::model::{FORMAT_VERSION, Plan};
use crate::quote::quoted;
use crate::ron_text;
use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

/// Why a plan could not be read or written. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Read(#[from] ReadError),
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
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot write the plan as RON: {0}")]
    Serialize(#[from] ron::Error),
}

/// Reads and validates the plan at `path` (a regular file of at most 512 MB, see
/// [`read_text`]).
///
/// # Errors
/// [`PlanError`] naming the file, with line and column for syntax errors.
pub fn load_plan(path: &Path, catalog: &Catalog) -> Result<Plan, PlanError> {
    let text = read_text(path)?;
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
        message: with_layout_name(text, e.message),
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

/// A refused layout entry names its zone or node by id ("the layout gives node #20 a
/// coordinate..."): add the name, found by reading the plan again leniently (only on
/// this error path), as "node #20 `rdgw01`".
fn with_layout_name(text: &str, message: String) -> String {
    #[derive(serde::Deserialize)]
    struct Named {
        id: u32,
        name: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename = "Plan")]
    struct Names {
        #[serde(default)]
        zones: Vec<Named>,
        #[serde(default)]
        nodes: Vec<Named>,
    }
    let Some(rest) = message.strip_prefix("the layout gives ") else {
        return message;
    };
    let Some((subject, problem)) = rest.split_once(' ').and_then(|(kind, rest)| {
        let (id, problem) = rest.strip_prefix('#')?.split_once(' ')?;
        Some(((kind, id.parse::<u32>().ok()?), problem))
    }) else {
        return message;
    };
    let Ok(names) = ron_text::parse::<Names>(text) else {
        return message;
    };
    let list = if subject.0 == "zone" {
        &names.zones
    } else {
        &names.nodes
    };
    match list.iter().find(|n| n.id == subject.1) {
        Some(n) => format!(
            "the layout gives {} #{} {} {problem}",
            subject.0,
            subject.1,
            quoted(&n.name)
        ),
        None => message,
    }
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
                "{kind} {} reuses the id {id}: every zone, firewall and node needs its own id",
                quoted(name)
            ));
        }
    }
    if let Some(option) = plan.options.invalid_port() {
        return Err(format!(
            "the plan option {} is outside 1-65535: set a real port",
            option.mention()
        ));
    }
    let zones: HashSet<_> = plan.zones.iter().map(|z| z.id).collect();
    let nodes: HashSet<_> = plan.nodes.iter().map(|n| n.id).collect();
    for fw in &plan.firewalls {
        if let Some(z) = fw.zones.iter().find(|z| !zones.contains(z)) {
            return Err(format!(
                "firewall {} joins zone id {}, which the plan does not define",
                quoted(&fw.name),
                z.0
            ));
        }
    }
    for node in &plan.nodes {
        if !zones.contains(&node.zone) {
            return Err(format!(
                "node {} is in zone id {}, which the plan does not define",
                quoted(&node.name),
                node.zone.0
            ));
        }
        if let Some(option) = node.options.invalid_port() {
            return Err(format!(
                "node {}: the option {} is outside 1-65535: set a real port",
                quoted(&node.name),
                option.mention()
            ));
        }
        if let Some(role) = node.roles.iter().find(|r| catalog.role_idx(r).is_none()) {
            return Err(format!(
                "node {} has the unknown role {}: use a role id from the catalog (`portolan roles` lists them) or load a catalog that defines it with --catalog",
                quoted(&node.name),
                quoted(role)
            ));
        }
        if let Some(role) = node.bypass.iter().find(|r| catalog.role_idx(r).is_none()) {
            return Err(format!(
                "node {} bypasses the unknown role {}: use a role id from the catalog (`portolan roles` lists them)",
                quoted(&node.name),
                quoted(role)
            ));
        }
    }
    // Plan files are checked as they are read (`model/geometry_file.rs`, with the line);
    // this catches plans built in code.
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    for zone in &plan.zones {
        if let Some(r) = plan.layout.zones.get(&zone.id)
            && (!finite(&[r.x, r.y, r.w, r.h]) || r.w < 0.0 || r.h < 0.0)
        {
            return Err(format!(
                "the layout gives zone {} a coordinate or size that is not a finite number, or a negative size: fix or remove it",
                quoted(&zone.name)
            ));
        }
    }
    for node in &plan.nodes {
        if let Some(p) = plan.layout.nodes.get(&node.id)
            && !finite(&[p.x, p.y])
        {
            return Err(format!(
                "the layout gives node {} a coordinate that is not a finite number: fix or remove it",
                quoted(&node.name)
            ));
        }
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

/// Saves `plan` to `path` atomically (see [`write_atomic`]): a crash leaves either the old
/// file or the new one, never half of one.
///
/// # Errors
/// [`PlanError::Write`] when the folder is not writable or the disk is full.
pub fn save_plan(path: &Path, plan: &Plan) -> Result<(), PlanError> {
    let mut plan = plan.clone();
    plan.version = FORMAT_VERSION;
    let text = ron_text::to_pretty(&plan)?;
    Ok(write_atomic(path, text.as_bytes())?)
}
