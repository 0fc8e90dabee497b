//! The catalog's file format: documents, roles and requirements.

use super::Condition;
use crate::model::{PortRange, Protocol};
use serde::{Deserialize, Serialize};

/// A source document that requirements cite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Short id used by references, e.g. `"seed-rds2012"`.
    pub id: String,
    /// Title as the document gives it.
    pub title: String,
    /// Short form used in the matrix's `reference` column, e.g. `"KB832017"`.
    pub cite: String,
    /// Where to read it, when it has an address.
    #[serde(default)]
    pub url: Option<String>,
}

/// What kind of thing holds a role: decides how the app creates a node for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleKind {
    #[default]
    Server,
    /// A group of client machines.
    Clients,
    /// A service outside the organisation (the Microsoft Clearinghouse).
    External,
    /// A property of servers that other roles imply (domain member, managed server).
    Trait,
}

/// A role a node can hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id used in plan files, e.g. `"rd_gateway"`.
    pub id: String,
    /// Display name, e.g. `"RD Gateway"`.
    pub name: String,
    /// Badge text on node cards, e.g. `"GW"`.
    pub short: String,
    /// Palette and checklist group, e.g. `"Remote Desktop"`.
    pub group: String,
    #[serde(default)]
    pub kind: RoleKind,
    pub description: String,
    /// Roles a holder of this role has too (an RD Gateway is a domain member).
    #[serde(default)]
    pub implies: Vec<String>,
    /// Roles this role cannot work without: a holder with no provider of one is a check error.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Forwards broadcast requests to other subnets (a DHCP relay, or IP helper): see
    /// [`Requirement::broadcast`].
    #[serde(default)]
    pub relays_broadcasts: bool,
}

/// A well-known port that depends on options, resolved on the listening node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NamedPort {
    /// The RDP port (option `rdp_port`, 3389).
    Rdp,
    /// The dynamic RPC range: option `rpc_range`, else by Windows family (KB929851).
    DynamicRpc,
    /// The WDS RPC listener (option `wds_rpc_port`, 5040).
    WdsRpc,
    /// The WDS UDP range (option `wds_udp_range`, 64001-65000).
    WdsUdpRange,
    /// The fixed WMI port (option `wmi_port`); the dynamic RPC range while none is set.
    WmiFixed,
}

/// Ports of a requirement: fixed numbers or a named, option-driven port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortSpec {
    Port(u16),
    Range(PortRange),
    Named(NamedPort),
}

/// Where a requirement comes from: a document and the section in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// A [`Document`] id.
    pub doc: String,
    #[serde(default)]
    pub section: String,
}

/// One flow a role needs: the consumer role reaches the provider role on these ports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id, e.g. `"gateway-dc-kerberos"`; named in the matrix's `requirement` column.
    pub id: String,
    pub consumer: String,
    pub provider: String,
    /// Who opens the connection; the other side listens. Usually the consumer.
    #[serde(default)]
    pub initiator: super::Side,
    pub protocols: Vec<Protocol>,
    pub ports: Vec<PortSpec>,
    /// Service name for the firewall team, e.g. `"Kerberos"`.
    pub service: String,
    /// Why the flow is needed.
    pub purpose: String,
    /// When the flow applies; always when absent.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The consumer finds the provider by broadcast (DHCP and PXE discovery), which stays
    /// in its subnet: a provider in another zone needs a node in the consumer's zone whose
    /// role relays broadcasts, or the check reports an error.
    #[serde(default)]
    pub broadcast: bool,
    pub references: Vec<Reference>,
    /// Where this entry follows the official articles over a seed document, and why.
    #[serde(default)]
    pub correction: Option<String>,
}
