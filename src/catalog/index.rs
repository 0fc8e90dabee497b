//! Look-up tables built once when a catalog is validated.

use super::Test;
use crate::model::{OptionInfo, PortRange};
use rustc_hash::FxHashMap;

/// The position of a role in the catalog: cheap to copy, compare and index with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleIdx(pub usize);

/// Where one port of a requirement comes from, resolved when the catalog loads: the engine
/// reads it on the listening node without looking anything up.
#[derive(Clone, Copy, Debug)]
pub enum PortSource {
    /// Fixed ports.
    Range(PortRange),
    /// The listener's dynamic RPC range.
    DynamicRpc,
    /// The listener's value of a port or range option.
    Option(&'static OptionInfo),
    /// The listener's fixed RPC port, or its dynamic range while none is set;
    /// `expected`: the source document expects it fixed, and the check warns.
    RpcPort {
        option: &'static OptionInfo,
        expected: bool,
    },
}

#[derive(Clone, Debug, Default)]
pub(super) struct CatalogIndex {
    pub role_by_id: FxHashMap<String, RoleIdx>,
    /// Each role with every role it implies, transitively; sorted, no repeats.
    pub closure: Vec<Vec<RoleIdx>>,
    /// Requirement indices by consumer role.
    pub by_consumer: Vec<Vec<usize>>,
    /// Consumer and provider of each requirement.
    pub ends: Vec<(RoleIdx, RoleIdx)>,
    /// Each requirement's condition, resolved.
    pub tests: Vec<Test>,
    /// Each requirement's ports, resolved.
    pub ports: Vec<Vec<PortSource>>,
    /// By position in [`crate::model::OPTIONS`]: the roles whose flows the option changes
    /// (sorted, no repeats), and the requirements that read it.
    pub option_roles: Vec<Vec<RoleIdx>>,
    pub option_requirements: Vec<Vec<usize>>,
}
