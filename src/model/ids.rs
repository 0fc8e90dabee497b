//! Stable identifiers. An id is given once, when the object is created, and never changes:
//! renames, moves and saves keep it, so links, geometry and undo history stay valid.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a zone within a plan.
    ZoneId,
    "zone #"
);
id_type!(
    /// Identifies a firewall within a plan.
    FirewallId,
    "firewall #"
);
id_type!(
    /// Identifies a node (server or client group) within a plan.
    NodeId,
    "node #"
);
