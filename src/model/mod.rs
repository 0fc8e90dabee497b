//! The plan model: zones, firewalls, nodes, "uses" links, options and canvas geometry.
//!
//! Plain data with serde derives; it knows nothing of roles' meaning (that is the catalog)
//! nor of flows (that is the engine).

mod address;
mod geometry;
mod geometry_file;
mod ids;
mod node;
mod option_kind;
mod options;
mod plan;
mod ports;
mod uses_file;
mod zone;

pub use address::{Address, AddressBlock, AddressError, DnsName, Family, join_blocks};
pub use geometry::{Layout, Point, Rect};
pub use ids::{FirewallId, NodeId, ZoneId};
pub use node::{Node, NodeKind, WindowsFamily};
pub use option_kind::{Choice, OptionKind, OptionType, OptionValue};
pub use options::{
    ActivationMethod, CrlMethod, LicensingMode, NodeOptions, OPTIONS, OptionInfo, Options,
    PerimeterMode, SysvolReplication, option_info,
};
pub use plan::{FORMAT_VERSION, Firewall, Plan, UsesLink};
pub use ports::{IcmpType, PortRange, PortSet, Protocol};
pub use zone::{Trust, Zone, ZoneKind};
