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
    /// Consumers take this role from its holders in their own zone when there are any,
    /// and from every holder otherwise (the domain controller locator prefers a DC of the
    /// client's own site). "Uses" links still decide first.
    #[serde(default)]
    pub same_zone_first: bool,
    /// Roles the holders of this role cannot work without once a zone has two or more of
    /// them (high availability: RD Connection Brokers share a SQL Server database): the
    /// check warns when none is in the plan.
    #[serde(default)]
    pub ha_needs: Vec<String>,
    /// What to configure when one node holds this role and another (WDS and DHCP on one
    /// server): the check says it for every such node.
    #[serde(default)]
    pub co_located: Vec<CoLocation>,
}

/// Advice for a node holding two roles that share a port or a duty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoLocation {
    /// The other role.
    pub role: String,
    /// What to configure, with the document that says so.
    pub note: String,
}

/// Ports of a requirement: fixed numbers, or ports read from the options of the listening
/// node. Option keys are checked when the catalog loads.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortSpec {
    Port(u16),
    Range(PortRange),
    /// The listener's dynamic RPC range: option `rpc_range`, else by its Windows family
    /// (KB929851).
    DynamicRpc,
    /// The listener's value of a port or range option: `Option("rdp_port")`.
    Option(String),
    /// A fixed RPC port option of the listener, or its dynamic RPC range while none is
    /// set: `RpcPort("ntds_port")`.
    RpcPort(String),
    /// Like [`PortSpec::RpcPort`], for a port the source document expects to be fixed
    /// (seed 000's `<WMI Fixed Port>`): the check warns while none is set.
    Fixed(String),
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
    /// The listener's ports for TCP and UDP; ICMP has none (leave it empty for ICMP alone).
    #[serde(default)]
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
