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

    /// The trust a zone of this kind has unless it sets its own: Internet < Perimeter <
    /// Clients < Internal < Management; a Custom zone is taken as Internal until it says.
    pub fn default_trust(self) -> Trust {
        match self {
            ZoneKind::Internet => Trust::Internet,
            ZoneKind::Perimeter => Trust::Perimeter,
            ZoneKind::Clients => Trust::Clients,
            ZoneKind::Internal | ZoneKind::Custom => Trust::Internal,
            ZoneKind::Management => Trust::Management,
        }
    }

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

/// How far a zone is trusted, lowest first: a rule from a zone of lower trust into one of
/// higher trust crosses a trust boundary, which the review looks at
/// ([`crate::review`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Trust {
    Internet,
    Perimeter,
    Clients,
    #[default]
    Internal,
    Management,
}

impl Trust {
    pub const ALL: [Trust; 5] = [
        Trust::Internet,
        Trust::Perimeter,
        Trust::Clients,
        Trust::Internal,
        Trust::Management,
    ];

    /// What the user sees, e.g. `"Perimeter"`.
    pub fn label(self) -> &'static str {
        match self {
            Trust::Internet => "Internet",
            Trust::Perimeter => "Perimeter",
            Trust::Clients => "Clients",
            Trust::Internal => "Internal",
            Trust::Management => "Management",
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
    /// The zone's own trust, for a zone its kind does not describe (a Custom zone);
    /// `None`: its kind's ([`ZoneKind::default_trust`]). Written only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Trust>,
    /// The user's notes on the zone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Zone {
    /// The zone's trust: its own when set, else its kind's.
    pub fn trust(&self) -> Trust {
        self.trust.unwrap_or(self.kind.default_trust())
    }
}
