//! Zones: network segments with a trust level, joined by firewalls.

use super::{AddressBlock, ZoneId};
use serde::{Deserialize, Serialize};

/// The kind of a zone: drives its colour on the canvas and some catalog conditions
/// (RD Web Access "in a perimeter network").
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ZoneKind {
    Internet,
    Perimeter,
    #[default]
    Internal,
    Management,
    Clients,
    Custom,
}

impl ZoneKind {
    pub const ALL: [ZoneKind; 6] = [
        ZoneKind::Internet,
        ZoneKind::Perimeter,
        ZoneKind::Internal,
        ZoneKind::Management,
        ZoneKind::Clients,
        ZoneKind::Custom,
    ];

    /// A short label for menus and tables.
    pub fn label(self) -> &'static str {
        match self {
            ZoneKind::Internet => "Internet",
            ZoneKind::Perimeter => "Perimeter (DMZ)",
            ZoneKind::Internal => "Internal",
            ZoneKind::Management => "Management",
            ZoneKind::Clients => "Clients",
            ZoneKind::Custom => "Custom",
        }
    }
}

/// A network zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: ZoneId,
    pub name: String,
    #[serde(default)]
    pub kind: ZoneKind,
    /// Address ranges of the zone, e.g. `"10.1.0.0/24"`: the check warns about nodes
    /// whose address lies outside them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<AddressBlock>,
    /// The user's notes on the zone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}
