//! Plan-wide options with the source documents' defaults, and per-node overrides.
//!
//! Which node's options count for a flow is decided by the catalog: named ports are read
//! on the listening node, conditions on the side each condition names.

use super::PortRange;
use serde::{Deserialize, Serialize};

/// How the certificates the RD Gateway checks publish their revocation list (seed 000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CrlMethod {
    #[default]
    Http,
    Ldap,
    Ftp,
    NotChecked,
}

/// RD Licensing mode: per-user CALs are tracked in Active Directory (LDAP to a DC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LicensingMode {
    #[default]
    PerUser,
    PerDevice,
}

/// How the license server is activated: only `Automatic` talks to the Clearinghouse itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivationMethod {
    #[default]
    Automatic,
    Web,
    Phone,
}

/// Whether RD Web Access counts as "on a perimeter network" (seed 000): by its zone's kind,
/// or forced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PerimeterMode {
    /// In a perimeter network when its zone is of kind `Perimeter`.
    #[default]
    FromZone,
    Yes,
    No,
}

/// Plan-wide options. Every field has the documents' default, so a plan may omit any.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Options {
    /// The RDP listener port of session hosts and VMs (seed 000: 3389, configurable).
    #[serde(deserialize_with = "super::port_file::port")]
    pub rdp_port: u16,
    /// RD Gateway UDP transport (UDP 3391), on by default.
    pub gateway_udp: bool,
    pub crl: CrlMethod,
    /// The gateway keeps its connection-authorization policies on a central NPS (RADIUS).
    pub central_nps: bool,
    pub rdweb_perimeter: PerimeterMode,
    pub licensing: LicensingMode,
    pub activation: ActivationMethod,
    /// The WDS server's RPC listener (seed 003: 5040).
    #[serde(deserialize_with = "super::port_file::port")]
    pub wds_rpc_port: u16,
    /// The WDS server's UDP range for TFTP and multicast sessions (seed 003: 64001-65000).
    pub wds_udp_range: PortRange,
    /// DHCP authorization of the WDS server (seed 003: off by default; opens UDP 68).
    pub dhcp_authorization: bool,
    /// WDS multicast transmission.
    pub multicast: bool,
    /// DHCP failover between DHCP servers (TCP 647, KB832017).
    pub dhcp_failover: bool,
    /// A restricted dynamic RPC range; `None` takes the listener's Windows family default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpc_range: Option<PortRange>,
    /// The fixed WMI port set with `winmgmt /standalonehost`; `None` means dynamic RPC.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::port_file::optional_port"
    )]
    pub wmi_port: Option<u16>,
    /// Domain controllers serve LDAPS (636) and global catalog over SSL (3269).
    pub ldaps: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rdp_port: 3389,
            gateway_udp: true,
            crl: CrlMethod::Http,
            central_nps: false,
            rdweb_perimeter: PerimeterMode::FromZone,
            licensing: LicensingMode::PerUser,
            activation: ActivationMethod::Automatic,
            wds_rpc_port: 5040,
            wds_udp_range: PortRange::new(64001, 65000),
            dhcp_authorization: false,
            multicast: false,
            dhcp_failover: false,
            rpc_range: None,
            wmi_port: None,
            ldaps: false,
        }
    }
}

/// Per-node overrides of [`Options`]; `None` keeps the plan-wide value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct NodeOptions {
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::port_file::optional_port"
    )]
    pub rdp_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_udp: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crl: Option<CrlMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub central_nps: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdweb_perimeter: Option<PerimeterMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licensing: Option<LicensingMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation: Option<ActivationMethod>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::port_file::optional_port"
    )]
    pub wds_rpc_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wds_udp_range: Option<PortRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dhcp_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multicast: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dhcp_failover: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpc_range: Option<PortRange>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::port_file::optional_port"
    )]
    pub wmi_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldaps: Option<bool>,
}

impl Options {
    /// The name of the first option holding a port outside 1-65535 (port 0), if any.
    pub fn invalid_port(&self) -> Option<&'static str> {
        NodeOptions {
            rdp_port: Some(self.rdp_port),
            wds_rpc_port: Some(self.wds_rpc_port),
            wds_udp_range: Some(self.wds_udp_range),
            rpc_range: self.rpc_range,
            wmi_port: self.wmi_port,
            ..NodeOptions::default()
        }
        .invalid_port()
    }
}

impl NodeOptions {
    /// The name of the first override holding a port outside 1-65535 (port 0), if any.
    pub fn invalid_port(&self) -> Option<&'static str> {
        if self.rdp_port == Some(0) {
            Some("rdp_port")
        } else if self.wds_rpc_port == Some(0) {
            Some("wds_rpc_port")
        } else if self.wmi_port == Some(0) {
            Some("wmi_port")
        } else if self.wds_udp_range.is_some_and(|r| !r.is_valid()) {
            Some("wds_udp_range")
        } else if self.rpc_range.is_some_and(|r| !r.is_valid()) {
            Some("rpc_range")
        } else {
            None
        }
    }

    /// Whether the node overrides nothing.
    pub fn is_empty(&self) -> bool {
        *self == NodeOptions::default()
    }

    /// The plan-wide `base` with this node's overrides applied. **O(1)**.
    pub fn apply(&self, base: &Options) -> Options {
        Options {
            rdp_port: self.rdp_port.unwrap_or(base.rdp_port),
            gateway_udp: self.gateway_udp.unwrap_or(base.gateway_udp),
            crl: self.crl.unwrap_or(base.crl),
            central_nps: self.central_nps.unwrap_or(base.central_nps),
            rdweb_perimeter: self.rdweb_perimeter.unwrap_or(base.rdweb_perimeter),
            licensing: self.licensing.unwrap_or(base.licensing),
            activation: self.activation.unwrap_or(base.activation),
            wds_rpc_port: self.wds_rpc_port.unwrap_or(base.wds_rpc_port),
            wds_udp_range: self.wds_udp_range.unwrap_or(base.wds_udp_range),
            dhcp_authorization: self.dhcp_authorization.unwrap_or(base.dhcp_authorization),
            multicast: self.multicast.unwrap_or(base.multicast),
            dhcp_failover: self.dhcp_failover.unwrap_or(base.dhcp_failover),
            rpc_range: self.rpc_range.or(base.rpc_range),
            wmi_port: self.wmi_port.or(base.wmi_port),
            ldaps: self.ldaps.unwrap_or(base.ldaps),
        }
    }
}
