//! What the review calls broad, as data (`assets/review.ron`): the services that should
//! not cross a trust boundary, and the placements that keep flows out of one. Read with
//! the catalog it refers to (roles, documents) and the option table (option keys).

use super::Severity;
use crate::catalog::{Catalog, PortSpec, Reference, RoleIdx};
use crate::model::{OptionInfo, OptionKind, Protocol, Trust, option_info};
use crate::quote::quoted;
use crate::ron_text::{self, RonError};
use serde::Deserialize;

/// The built-in review data, embedded at compile time.
pub const BUILTIN_SOURCE: &str = include_str!("../../assets/review.ron");

/// The review file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "Review", deny_unknown_fields)]
struct ReviewFile {
    exposures: Vec<ExposureFile>,
    alternatives: Vec<AlternativeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExposureFile {
    id: String,
    service: String,
    protocols: Vec<Protocol>,
    ports: Vec<PortSpec>,
    #[serde(default)]
    from: Vec<Trust>,
    severity: Severity,
    risk: String,
    fix: String,
    #[serde(default)]
    option: Option<String>,
    #[serde(default)]
    after_option: Option<After>,
    #[serde(default)]
    windows: String,
    references: Vec<Reference>,
}

/// What is left of an exposure once its option is set on the listener.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct After {
    pub severity: Severity,
    pub risk: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlternativeFile {
    provider: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    option: Option<String>,
    severity: Severity,
    fix: String,
    references: Vec<Reference>,
}

/// Ports of an exposure, resolved: fixed, or a port option read on the listener.
#[derive(Clone, Copy, Debug)]
pub enum ExposedPorts {
    Range(crate::model::PortRange),
    Option(&'static OptionInfo),
}

/// A service that should not cross from lower to higher trust.
#[derive(Clone, Debug)]
pub struct Exposure {
    pub id: String,
    pub service: String,
    pub protocols: Vec<Protocol>,
    pub ports: Vec<ExposedPorts>,
    /// The trust of the zones it counts from; every lower trust when empty.
    pub from: Vec<Trust>,
    pub severity: Severity,
    pub risk: String,
    pub fix: String,
    /// The Portolan option that addresses it, set on the listener.
    pub option: Option<&'static OptionInfo>,
    /// What is left once the option is set; nothing when `None`.
    pub after_option: Option<After>,
    pub windows: String,
    /// The references, cited: `"KB832017 §File and printer sharing"`.
    pub cited: String,
}

/// Flows to `provider` that a holder of `role` in the consumer's zone, or turning
/// `option` off on the consumer, keeps out of the boundary.
#[derive(Clone, Debug)]
pub struct Alternative {
    pub provider: RoleIdx,
    pub role: Option<RoleIdx>,
    pub option: Option<&'static OptionInfo>,
    pub severity: Severity,
    pub fix: String,
    pub cited: String,
}

/// The review's data, checked against a catalog.
#[derive(Clone, Debug)]
pub struct Knowledge {
    pub exposures: Vec<Exposure>,
    pub alternatives: Vec<Alternative>,
}

/// Why review data was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnowledgeError {
    #[error("{origin}: {source}")]
    Parse {
        origin: String,
        #[source]
        source: RonError,
    },
    #[error("{origin}: {at} {problem}")]
    Bad {
        origin: String,
        at: String,
        problem: String,
    },
}

impl Knowledge {
    /// The built-in review data, checked against `catalog`.
    ///
    /// # Errors
    /// Only if the embedded file is broken or names what `catalog` lacks (the built-in
    /// catalog has everything, which the tests make sure of).
    pub fn builtin(catalog: &Catalog) -> Result<Knowledge, KnowledgeError> {
        Knowledge::from_source(BUILTIN_SOURCE, "built-in review data", catalog)
    }

    /// Review data from `source`, named `origin` in messages, checked against `catalog`:
    /// every role, document and option it names must exist.
    ///
    /// # Errors
    /// A parse error with line and column, or the first name that does not resolve.
    pub fn from_source(
        source: &str,
        origin: &str,
        catalog: &Catalog,
    ) -> Result<Knowledge, KnowledgeError> {
        let file: ReviewFile = ron_text::parse(source).map_err(|source| KnowledgeError::Parse {
            origin: origin.to_owned(),
            source,
        })?;
        let bad = |at: String, problem: String| KnowledgeError::Bad {
            origin: origin.to_owned(),
            at,
            problem,
        };
        let cite = |at: &str, refs: &[Reference]| -> Result<String, KnowledgeError> {
            if let Some(r) = refs.iter().find(|r| catalog.document(&r.doc).is_none()) {
                return Err(bad(
                    at.to_owned(),
                    format!(
                        "cites the document {}, which the catalog does not list",
                        quoted(&r.doc)
                    ),
                ));
            }
            Ok(refs
                .iter()
                .map(|r| catalog.cite_one(r))
                .collect::<Vec<_>>()
                .join("; "))
        };
        let option = |at: &str,
                      key: &Option<String>|
         -> Result<Option<&'static OptionInfo>, KnowledgeError> {
            match key {
                None => Ok(None),
                Some(k) => option_info(k).map(Some).ok_or_else(|| {
                    bad(
                        at.to_owned(),
                        format!("names the option {}, which does not exist", quoted(k)),
                    )
                }),
            }
        };
        let role = |at: &str, id: &str| {
            catalog.role_idx(id).ok_or_else(|| {
                bad(
                    at.to_owned(),
                    format!(
                        "names the role {}, which the catalog does not define",
                        quoted(id)
                    ),
                )
            })
        };
        let mut exposures = Vec::new();
        for e in file.exposures {
            let at = format!("exposure {}", quoted(&e.id));
            let mut ports = Vec::new();
            for p in &e.ports {
                ports.push(match p {
                    PortSpec::Port(n) => ExposedPorts::Range(crate::model::PortRange::single(*n)),
                    PortSpec::Range(r) => ExposedPorts::Range(*r),
                    PortSpec::Option(k) => match option_info(k) {
                        Some(o) if matches!(o.kind, OptionKind::Port | OptionKind::Range) => {
                            ExposedPorts::Option(o)
                        }
                        _ => {
                            return Err(bad(
                                at,
                                format!("reads ports from {}, which is not a port option", quoted(k)),
                            ));
                        }
                    },
                    _ => {
                        return Err(bad(
                            at,
                            "lists an RPC port: write Port, Range or Option (dynamic RPC is found from the catalog)".into(),
                        ));
                    }
                });
            }
            let option_info = option(&at, &e.option)?;
            if e.after_option.is_some() && option_info.is_none() {
                return Err(bad(at, "has `after_option` but no `option`".into()));
            }
            exposures.push(Exposure {
                cited: cite(&at, &e.references)?,
                id: e.id,
                service: e.service,
                protocols: e.protocols,
                ports,
                from: e.from,
                severity: e.severity,
                risk: e.risk,
                fix: e.fix,
                option: option_info,
                after_option: e.after_option,
                windows: e.windows,
            });
        }
        let mut alternatives = Vec::new();
        for a in file.alternatives {
            let at = format!("alternative for {}", quoted(&a.provider));
            if a.role.is_none() == a.option.is_none() {
                return Err(bad(at, "needs exactly one of `role` and `option`".into()));
            }
            alternatives.push(Alternative {
                provider: role(&at, &a.provider)?,
                role: a.role.as_deref().map(|r| role(&at, r)).transpose()?,
                option: option(&at, &a.option)?,
                severity: a.severity,
                cited: cite(&at, &a.references)?,
                fix: a.fix,
            });
        }
        Ok(Knowledge {
            exposures,
            alternatives,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_data_reads_against_the_builtin_catalog() {
        let catalog = Catalog::builtin().expect("catalog");
        let k = Knowledge::builtin(&catalog).expect("review data");
        let ids: Vec<&str> = k.exposures.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["smb", "netbios", "ldap", "rdp-internet"]);
        assert_eq!(k.alternatives.len(), 2);
    }

    #[test]
    fn unknown_names_are_refused_with_where() {
        let catalog = Catalog::builtin().expect("catalog");
        let text = r#"Review(alternatives: [(provider: "nobody", role: "dns", severity: Low, fix: "x", references: [])])"#;
        let err = Knowledge::from_source(text, "mine.ron", &catalog).unwrap_err();
        assert!(
            err.to_string()
                .contains("mine.ron: alternative for `nobody` names the role `nobody`"),
            "{err}"
        );
        let text = r#"Review(exposures: [(id: "x", service: "X", protocols: [Tcp], ports: [Option("ldaps")], severity: Low, risk: "r", fix: "f", references: [])])"#;
        let err = Knowledge::from_source(text, "mine.ron", &catalog).unwrap_err();
        assert!(err.to_string().contains("not a port option"), "{err}");
        let err = Knowledge::from_source("Review(", "mine.ron", &catalog).unwrap_err();
        assert!(err.to_string().starts_with("mine.ron: "), "{err}");
    }
}
