//! Conditions under which a requirement applies, evaluated on one side of the flow.

use crate::model::{ActivationMethod, CrlMethod, LicensingMode};
use serde::{Deserialize, Serialize};

/// One side of a requirement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    #[default]
    Consumer,
    Provider,
}

/// When a requirement applies. Each condition reads the effective options of one side,
/// given by [`Condition::side`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// Provider (the gateway) has UDP transport on.
    GatewayUdp,
    /// Consumer (the gateway) checks revocation with this method.
    Crl(CrlMethod),
    /// Consumer (the gateway) uses a central NPS.
    CentralNps,
    /// Consumer (RD Web Access) is in a perimeter network.
    RdWebInPerimeter,
    /// Consumer (the license server) runs in this licensing mode.
    Licensing(LicensingMode),
    /// Consumer (the license server) is activated this way.
    Activation(ActivationMethod),
    /// Provider (the WDS server) has DHCP authorization turned on.
    DhcpAuthorization,
    /// Provider (the WDS server) has multicast turned on.
    Multicast,
    /// Provider (the domain controller) serves LDAPS.
    Ldaps,
    /// Consumer (a DHCP server) has failover with its partners configured.
    DhcpFailover,
    /// Consumer has no provider of this role (clients without an RD Gateway connect directly).
    WithoutProvider(String),
}

impl Condition {
    /// Whose options the condition reads.
    pub fn side(&self) -> Side {
        match self {
            Condition::GatewayUdp
            | Condition::DhcpAuthorization
            | Condition::Multicast
            | Condition::Ldaps => Side::Provider,
            Condition::Crl(_)
            | Condition::CentralNps
            | Condition::RdWebInPerimeter
            | Condition::Licensing(_)
            | Condition::Activation(_)
            | Condition::DhcpFailover
            | Condition::WithoutProvider(_) => Side::Consumer,
        }
    }

    /// A short text for tables: "CRL over Http", "without rd_gateway".
    pub fn describe(&self) -> String {
        match self {
            Condition::GatewayUdp => "gateway UDP transport on".into(),
            Condition::Crl(m) => format!("CRL checked over {m:?}"),
            Condition::CentralNps => "central NPS".into(),
            Condition::RdWebInPerimeter => "RD Web Access in a perimeter network".into(),
            Condition::Licensing(m) => format!("licensing {m:?}"),
            Condition::Activation(m) => format!("activation {m:?}"),
            Condition::DhcpAuthorization => "DHCP authorization on".into(),
            Condition::Multicast => "multicast on".into(),
            Condition::Ldaps => "LDAPS on".into(),
            Condition::DhcpFailover => "DHCP failover configured".into(),
            Condition::WithoutProvider(r) => format!("no {r} in use"),
        }
    }
}
