//! Parsing, merging and validating catalog files.

use super::index::{CatalogIndex, RoleIdx};
use super::{Catalog, Condition, Document, PortSpec, Requirement, Role};
use crate::quote::quoted;
use crate::ron_text::{self, RonError};
use serde::Deserialize;
use std::collections::HashSet;

/// A catalog file as written: any part may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "Catalog", deny_unknown_fields)]
struct CatalogFile {
    documents: Vec<Document>,
    roles: Vec<Role>,
    requirements: Vec<Requirement>,
}

/// Why a catalog was refused. `origin` names the file ("built-in" for the embedded one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{origin}: {source}")]
    Parse {
        origin: String,
        #[source]
        source: RonError,
    },
    #[error("{origin}: the {what} id {} is defined twice; give each {what} its own id", quoted(.id))]
    Duplicate {
        origin: String,
        what: &'static str,
        id: String,
    },
    #[error("{origin}: {at} names the role {}, which no catalog defines", quoted(.role))]
    UnknownRole {
        origin: String,
        at: String,
        role: String,
    },
    #[error(
        "{origin}: requirement {} cites the document {}, which the catalog does not list under `documents`",
        quoted(.requirement),
        quoted(.doc)
    )]
    UnknownDocument {
        origin: String,
        requirement: String,
        doc: String,
    },
    #[error("{origin}: requirement {} {problem}", quoted(.requirement))]
    BadRequirement {
        origin: String,
        requirement: String,
        problem: String,
    },
}

impl Catalog {
    /// The built-in catalog (`assets/catalog.ron`).
    ///
    /// # Errors
    /// Only if the embedded file is broken, which the test suite rules out.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Catalog::from_source(super::BUILTIN_SOURCE, "built-in catalog")
    }

    /// A whole catalog from the text `source`, named `origin` in messages (the built-in
    /// catalog is one; tests feed others).
    ///
    /// # Errors
    /// A parse error with line and column, or the first validation failure.
    pub fn from_source(source: &str, origin: &str) -> Result<Catalog, CatalogError> {
        Catalog::from_parts(parse(source, origin)?, origin)
    }

    /// This catalog plus the roles, requirements and documents of `source`, a user's
    /// catalog file named `origin` in messages. Ids must not clash with existing ones.
    ///
    /// # Errors
    /// A parse error with line and column, or the first validation failure.
    pub fn extend(&self, source: &str, origin: &str) -> Result<Catalog, CatalogError> {
        let extra = parse(source, origin)?;
        let mut file = CatalogFile {
            documents: self.documents.clone(),
            roles: self.roles.clone(),
            requirements: self.requirements.clone(),
        };
        file.documents.extend(extra.documents);
        file.roles.extend(extra.roles);
        file.requirements.extend(extra.requirements);
        Catalog::from_parts(file, origin)
    }

    fn from_parts(file: CatalogFile, origin: &str) -> Result<Catalog, CatalogError> {
        let index = validate(&file, origin)?;
        Ok(Catalog {
            documents: file.documents,
            roles: file.roles,
            requirements: file.requirements,
            index,
        })
    }
}

fn parse(source: &str, origin: &str) -> Result<CatalogFile, CatalogError> {
    ron_text::parse(source).map_err(|source| CatalogError::Parse {
        origin: origin.to_owned(),
        source,
    })
}

fn check_unique<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &'static str,
    origin: &str,
) -> Result<(), CatalogError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(CatalogError::Duplicate {
                origin: origin.to_owned(),
                what,
                id: id.to_owned(),
            });
        }
    }
    Ok(())
}

/// Checks every cross-reference and builds the look-up tables. **O(roles + requirements)**.
fn validate(file: &CatalogFile, origin: &str) -> Result<CatalogIndex, CatalogError> {
    check_unique(
        file.documents.iter().map(|d| d.id.as_str()),
        "document",
        origin,
    )?;
    check_unique(file.roles.iter().map(|r| r.id.as_str()), "role", origin)?;
    check_unique(
        file.requirements.iter().map(|r| r.id.as_str()),
        "requirement",
        origin,
    )?;

    let role_by_id: rustc_hash::FxHashMap<String, RoleIdx> = file
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), RoleIdx(i)))
        .collect();
    let lookup = |at: String, role: &str| {
        role_by_id
            .get(role)
            .copied()
            .ok_or_else(|| CatalogError::UnknownRole {
                origin: origin.to_owned(),
                at,
                role: role.to_owned(),
            })
    };

    let mut implies = Vec::with_capacity(file.roles.len());
    for role in &file.roles {
        let mut direct = Vec::new();
        for other in role.implies.iter().chain(&role.needs) {
            direct.push(lookup(format!("role {}", quoted(&role.id)), other)?);
        }
        direct.truncate(role.implies.len());
        implies.push(direct);
    }
    let closure = (0..file.roles.len())
        .map(|i| transitive(&implies, RoleIdx(i)))
        .collect();

    let documents: HashSet<&str> = file.documents.iter().map(|d| d.id.as_str()).collect();
    let mut by_consumer = vec![Vec::new(); file.roles.len()];
    let mut ends = Vec::with_capacity(file.requirements.len());
    let mut without = Vec::with_capacity(file.requirements.len());
    for (i, req) in file.requirements.iter().enumerate() {
        let at = || format!("requirement {}", quoted(&req.id));
        let consumer = lookup(at(), &req.consumer)?;
        let provider = lookup(at(), &req.provider)?;
        by_consumer[consumer.0].push(i);
        ends.push((consumer, provider));
        without.push(match &req.when {
            Some(Condition::WithoutProvider(role)) => Some(lookup(at(), role)?),
            _ => None,
        });
        let bad = |problem: &str| CatalogError::BadRequirement {
            origin: origin.to_owned(),
            requirement: req.id.clone(),
            problem: problem.to_owned(),
        };
        if req.protocols.is_empty() {
            return Err(bad("lists no protocol: add `protocols: [Tcp]` or `[Udp]`"));
        }
        if req.ports.is_empty() {
            return Err(bad("lists no port: add `ports: [Port(443)]`"));
        }
        if req.references.is_empty() {
            return Err(bad("cites no document: every entry needs a reference"));
        }
        let bad_port = req.ports.iter().any(|p| match p {
            PortSpec::Port(n) => *n == 0,
            PortSpec::Range(r) => !r.is_valid(),
            PortSpec::Named(_) => false,
        });
        if bad_port {
            return Err(bad("has a port outside 1-65535"));
        }
        if let Some(r) = req
            .references
            .iter()
            .find(|r| !documents.contains(r.doc.as_str()))
        {
            return Err(CatalogError::UnknownDocument {
                origin: origin.to_owned(),
                requirement: req.id.clone(),
                doc: r.doc.clone(),
            });
        }
    }

    Ok(CatalogIndex {
        role_by_id,
        closure,
        by_consumer,
        ends,
        without,
    })
}

/// `start` and every role reachable through `implies`; cycles are harmless.
fn transitive(implies: &[Vec<RoleIdx>], start: RoleIdx) -> Vec<RoleIdx> {
    let mut seen = vec![false; implies.len()];
    let mut stack = vec![start];
    let mut out = Vec::new();
    while let Some(r) = stack.pop() {
        if std::mem::replace(&mut seen[r.0], true) {
            continue;
        }
        out.push(r);
        stack.extend(implies[r.0].iter().copied());
    }
    out.sort_unstable();
    out
}
