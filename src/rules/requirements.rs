//! The catalog requirements behind a rule, and the documents they cite.

use crate::catalog::{Catalog, Document, Requirement};
use std::fmt;

/// The requirements one rule merges (indices into [`Catalog::requirements`], ascending).
/// Many rules share a set: [`Requirements::set`] numbers it, so a format can make the
/// text of a set once and reuse it (the matrix of 10,000 nodes has about 100,000 rules
/// and a few hundred sets).
#[derive(Clone, Copy, Debug)]
pub struct Requirements<'a> {
    catalog: &'a Catalog,
    set: usize,
    ids: &'a [usize],
}

/// One reference: a document (when the catalog defines it) and a section.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Citation<'a> {
    /// The document's position in [`Catalog::documents`].
    pub document_index: Option<usize>,
    pub document: Option<&'a Document>,
    /// The document id the reference names.
    pub doc_id: &'a str,
    /// The section; may be empty.
    pub section: &'a str,
}

impl fmt::Display for Citation<'_> {
    /// The short form of the matrix's `reference` column: `RDS 2012 ports §Remote
    /// Desktop Gateway`, or the document alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let doc = self.document.map_or(self.doc_id, |d| d.cite.as_str());
        if self.section.is_empty() {
            f.write_str(doc)
        } else {
            write!(f, "{doc} §{}", self.section)
        }
    }
}

/// Each distinct item of `items`, in order of first appearance.
fn distinct<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

impl<'a> Requirements<'a> {
    /// The set numbered `set` holding the requirement indices `ids`.
    pub fn new(catalog: &'a Catalog, set: usize, ids: &'a [usize]) -> Self {
        Requirements { catalog, set, ids }
    }

    /// The catalog the requirements are from.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// The set's number: equal numbers, equal requirements (within one analysis).
    pub fn set(&self) -> usize {
        self.set
    }

    /// The requirement indices into [`Catalog::requirements`], ascending: equal slices
    /// are equal requirements for one catalog.
    pub fn indices(&self) -> &'a [usize] {
        self.ids
    }

    /// The requirements, in catalog order.
    pub fn iter(&self) -> impl Iterator<Item = &'a Requirement> + 'a {
        let all = self.catalog.requirements();
        self.ids.iter().filter_map(move |&i| all.get(i))
    }

    /// The requirement ids, e.g. `gateway-dc-kerberos`.
    pub fn ids(&self) -> Vec<&'a str> {
        distinct(self.iter().map(|r| r.id.as_str()))
    }

    /// Each distinct service name, in order, e.g. `Kerberos`, `LDAP`.
    pub fn services(&self) -> Vec<&'a str> {
        distinct(self.iter().map(|r| r.service.as_str()))
    }

    /// Each distinct purpose, in order.
    pub fn purposes(&self) -> Vec<&'a str> {
        distinct(self.iter().map(|r| r.purpose.as_str()))
    }

    /// Each distinct reference, in order of first appearance.
    pub fn citations(&self) -> Vec<Citation<'a>> {
        let catalog = self.catalog;
        let docs = catalog.documents();
        distinct(self.iter().flat_map(|r| &r.references).map(|r| {
            let document_index = docs.iter().position(|d| d.id == r.doc);
            Citation {
                document_index,
                document: document_index.map(|i| &docs[i]),
                doc_id: &r.doc,
                section: &r.section,
            }
        }))
    }
}
