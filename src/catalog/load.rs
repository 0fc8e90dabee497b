//! Parsing, merging and validating catalog files.

use super::index::{CatalogIndex, PortSource, RoleIdx};
use super::{Catalog, Document, PortSpec, Requirement, Role, Side, Test};
use crate::model::{OPTIONS, OptionInfo, OptionKind, option_info};
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
        let others = role
            .ha_needs
            .iter()
            .chain(role.co_located.iter().map(|c| &c.role));
        for other in others {
            lookup(format!("role `{}`", role.id), other)?;
        }
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
    let mut tests = Vec::with_capacity(file.requirements.len());
    let mut ports = Vec::with_capacity(file.requirements.len());
    let mut option_roles = vec![Vec::new(); OPTIONS.len()];
    let mut option_requirements = vec![Vec::new(); OPTIONS.len()];
    for (i, req) in file.requirements.iter().enumerate() {
        let at = || format!("requirement {}", quoted(&req.id));
        let consumer = lookup(at(), &req.consumer)?;
        let provider = lookup(at(), &req.provider)?;
        by_consumer[consumer.0].push(i);
        ends.push((consumer, provider));
        let bad = |problem: String| CatalogError::BadRequirement {
            origin: origin.to_owned(),
            requirement: req.id.clone(),
            problem,
        };
        let mut test = Test::default();
        if let Some(cond) = &req.when {
            cond.resolve(&|r| role_by_id.get(r).copied(), &mut test)
                .map_err(&bad)?;
        }
        if req.protocols.is_empty() {
            return Err(bad(
                "lists no protocol: add `protocols: [Tcp]` or `[Udp]`".into()
            ));
        }
        let has_ports = req.protocols.iter().any(|p| p.has_ports());
        if has_ports && req.ports.is_empty() {
            return Err(bad("lists no port: add `ports: [Port(443)]`".into()));
        }
        if !has_ports && !req.ports.is_empty() {
            return Err(bad(
                "lists ports for ICMP alone: ICMP has a type, not ports; leave `ports` out".into(),
            ));
        }
        if req.references.is_empty() {
            return Err(bad(
                "cites no document: every entry needs a reference".into()
            ));
        }
        let resolved: Vec<PortSource> = req
            .ports
            .iter()
            .map(resolve_port)
            .collect::<Result<_, _>>()
            .map_err(&bad)?;
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
        // Which options change this requirement's flows, and on which role's nodes.
        let listener = match req.initiator {
            Side::Consumer => provider,
            Side::Provider => consumer,
        };
        let read_on = |side: Side| match side {
            Side::Consumer => consumer,
            Side::Provider => provider,
        };
        let mut reads: Vec<(&'static OptionInfo, RoleIdx)> = Vec::new();
        for atom in test.consumer.iter().chain(&test.pair) {
            if let Some((side, option)) = atom.option() {
                reads.push((option, read_on(side)));
            }
        }
        for port in &resolved {
            match *port {
                PortSource::Option(option) => reads.push((option, listener)),
                PortSource::RpcPort { option, .. } => {
                    reads.push((option, listener));
                    reads.extend(rpc_range().map(|o| (o, listener)));
                }
                PortSource::DynamicRpc => reads.extend(rpc_range().map(|o| (o, listener))),
                PortSource::Range(_) => {}
            }
        }
        for (option, role) in reads {
            if let Some(pos) = OPTIONS.iter().position(|o| o.key == option.key) {
                option_roles[pos].push(role);
                option_requirements[pos].push(i);
            }
        }
        tests.push(test);
        ports.push(resolved);
    }
    for list in option_roles.iter_mut() {
        list.sort_unstable();
        list.dedup();
    }
    for list in option_requirements.iter_mut() {
        list.dedup();
    }

    Ok(CatalogIndex {
        role_by_id,
        closure,
        by_consumer,
        ends,
        tests,
        ports,
        option_roles,
        option_requirements,
    })
}

/// The `rpc_range` option, which every dynamic RPC port reads.
fn rpc_range() -> Option<&'static OptionInfo> {
    option_info("rpc_range")
}

/// A port of a catalog file resolved against the option descriptors.
fn resolve_port(spec: &PortSpec) -> Result<PortSource, String> {
    let option = |key: &str| {
        option_info(key).ok_or_else(|| {
            format!(
                "reads the port option {}, which does not exist: use an option key from the README's Options table",
                quoted(key)
            )
        })
    };
    match spec {
        PortSpec::Port(0) => Err("has a port outside 1-65535".into()),
        PortSpec::Port(n) => Ok(PortSource::Range(crate::model::PortRange::single(*n))),
        PortSpec::Range(r) if !r.is_valid() => Err("has a port outside 1-65535".into()),
        PortSpec::Range(r) => Ok(PortSource::Range(*r)),
        PortSpec::DynamicRpc => Ok(PortSource::DynamicRpc),
        PortSpec::Option(key) => {
            let o = option(key)?;
            match o.kind {
                OptionKind::Port | OptionKind::Range => Ok(PortSource::Option(o)),
                _ => Err(format!(
                    "reads {} as a port, which is not a port or range option: use `RpcPort(\"{key}\")` for fixed RPC ports",
                    quoted(key)
                )),
            }
        }
        PortSpec::RpcPort(key) | PortSpec::Fixed(key) => {
            let o = option(key)?;
            if o.kind != OptionKind::OptionalPort {
                return Err(format!(
                    "reads {} as a fixed RPC port, which is not an optional port option: use `Option(\"{key}\")`",
                    quoted(key)
                ));
            }
            Ok(PortSource::RpcPort {
                option: o,
                expected: matches!(spec, PortSpec::Fixed(_)),
            })
        }
    }
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
