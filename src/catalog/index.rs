//! Look-up tables built once when a catalog is validated.

use rustc_hash::FxHashMap;

/// The position of a role in the catalog: cheap to copy, compare and index with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleIdx(pub usize);

#[derive(Clone, Debug, Default)]
pub(super) struct CatalogIndex {
    pub role_by_id: FxHashMap<String, RoleIdx>,
    /// Each role with every role it implies, transitively; sorted, no repeats.
    pub closure: Vec<Vec<RoleIdx>>,
    /// Requirement indices by consumer role.
    pub by_consumer: Vec<Vec<usize>>,
    /// Consumer and provider of each requirement.
    pub ends: Vec<(RoleIdx, RoleIdx)>,
    /// For `WithoutProvider(role)` conditions, that role.
    pub without: Vec<Option<RoleIdx>>,
}
