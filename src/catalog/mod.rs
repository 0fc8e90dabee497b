//! The role catalog: roles, the flows each role needs from others, and the documents
//! those flows come from. The built-in catalog is `assets/catalog.ron`, embedded in the
//! binary; users may add their own with [`Catalog::extend`].

mod condition;
mod index;
mod load;
mod schema;

pub use condition::{Atom, Condition, Side, Test};
pub use index::{PortSource, RoleIdx};
pub use load::CatalogError;
pub use schema::{CoLocation, Document, PortSpec, Reference, Requirement, Role, RoleKind};

use crate::model::{OPTIONS, OptionInfo};

use index::CatalogIndex;

/// The built-in catalog source, embedded at compile time.
pub const BUILTIN_SOURCE: &str = include_str!("../../assets/catalog.ron");

/// A validated catalog with its look-up tables.
#[derive(Clone, Debug)]
pub struct Catalog {
    documents: Vec<Document>,
    roles: Vec<Role>,
    requirements: Vec<Requirement>,
    index: CatalogIndex,
}

impl Catalog {
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// The role at `idx`.
    ///
    /// # Panics
    /// If `idx` did not come from this catalog.
    pub fn role(&self, idx: RoleIdx) -> &Role {
        &self.roles[idx.0]
    }

    /// The index of the role with this id. **O(1)**.
    pub fn role_idx(&self, id: &str) -> Option<RoleIdx> {
        self.index.role_by_id.get(id).copied()
    }

    /// The role with this id. **O(1)**.
    pub fn role_by_id(&self, id: &str) -> Option<&Role> {
        self.role_idx(id).map(|i| self.role(i))
    }

    /// `role` and every role it implies, sorted.
    pub fn closure(&self, role: RoleIdx) -> &[RoleIdx] {
        &self.index.closure[role.0]
    }

    /// Indices of the requirements whose consumer is `role`.
    pub fn requirements_of(&self, role: RoleIdx) -> &[usize] {
        &self.index.by_consumer[role.0]
    }

    /// Consumer and provider roles of requirement `req`.
    pub fn ends(&self, req: usize) -> (RoleIdx, RoleIdx) {
        self.index.ends[req]
    }

    /// The resolved condition of requirement `req`.
    pub fn test(&self, req: usize) -> &Test {
        &self.index.tests[req]
    }

    /// The resolved ports of requirement `req`, in the order the catalog lists them.
    pub fn ports(&self, req: usize) -> &[PortSource] {
        &self.index.ports[req]
    }

    /// For a requirement with a `WithoutProvider(role)` condition, that role.
    pub fn without_role(&self, req: usize) -> Option<RoleIdx> {
        self.index.tests[req].consumer.iter().find_map(|a| match a {
            Atom::WithoutProvider(r) => Some(*r),
            _ => None,
        })
    }

    /// The roles a node holding `roles` (ids) may bypass: those its requirements name in a
    /// `WithoutProvider` condition, i.e. that the catalog plans to do without (clients
    /// without an RD Gateway connect directly). Sorted, no repeats.
    pub fn bypassable(&self, roles: &[String]) -> Vec<RoleIdx> {
        let mut out: Vec<RoleIdx> = roles
            .iter()
            .filter_map(|r| self.role_idx(r))
            .flat_map(|r| self.closure(r))
            .flat_map(|&r| self.requirements_of(r))
            .filter_map(|&req| self.without_role(req))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The roles on whose nodes option `opt` changes a flow (read by a condition or as a
    /// listening port), sorted.
    pub fn option_roles(&self, opt: &OptionInfo) -> &[RoleIdx] {
        OPTIONS
            .iter()
            .position(|o| o.key == opt.key)
            .map_or(&[], |i| self.index.option_roles[i].as_slice())
    }

    /// The requirements whose flows option `opt` changes, ascending.
    pub fn option_requirements(&self, opt: &OptionInfo) -> &[usize] {
        OPTIONS
            .iter()
            .position(|o| o.key == opt.key)
            .map_or(&[], |i| self.index.option_requirements[i].as_slice())
    }

    /// The options that change a flow of a node holding `roles` (ids; implied roles
    /// count), in [`OPTIONS`] order: what a node's option panel needs to show.
    pub fn options_for(&self, roles: &[String]) -> Vec<&'static OptionInfo> {
        let held: Vec<RoleIdx> = roles
            .iter()
            .filter_map(|r| self.role_idx(r))
            .flat_map(|r| self.closure(r).iter().copied())
            .collect();
        OPTIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.index.option_roles[*i].iter().any(|r| held.contains(r)))
            .map(|(_, o)| o)
            .collect()
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// One reference in short form: `"RDS 2012 ports §Remote Desktop Gateway"`.
    pub fn cite_one(&self, r: &Reference) -> String {
        let doc = self
            .document(&r.doc)
            .map_or(r.doc.as_str(), |d| d.cite.as_str());
        if r.section.is_empty() {
            doc.to_owned()
        } else {
            format!("{doc} §{}", r.section)
        }
    }

    /// The requirement's references as one line, joined with `"; "`.
    pub fn cite(&self, req: &Requirement) -> String {
        let parts: Vec<String> = req.references.iter().map(|r| self.cite_one(r)).collect();
        parts.join("; ")
    }
}
