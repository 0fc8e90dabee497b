//! The built-in catalog parses, validates and cites a known document for every entry.

use portolan::catalog::Catalog;

#[test]
fn builtin_catalog_is_valid() {
    let catalog = Catalog::builtin().unwrap();
    assert!(catalog.roles().len() >= 19);
    for req in catalog.requirements() {
        assert!(!catalog.cite(req).is_empty(), "{} cites nothing", req.id);
    }
}
