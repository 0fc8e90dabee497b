//! Nodes: a server, or a group of clients, placed in one zone and holding roles.

use super::{Address, NodeId, NodeOptions, ZoneId};
use serde::{Deserialize, Serialize};

/// Whether a node is one machine or stands for many alike (remote clients, PXE clients).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NodeKind {
    #[default]
    Server,
    ClientGroup,
}

/// The Windows version family of a node: decides its default dynamic RPC port range
/// (KB929851: 2008 and later 49152-65535, older 1025-5000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WindowsFamily {
    /// Windows Server 2008 / Vista and later.
    #[default]
    Server2008OrLater,
    /// Windows 2000, XP and Server 2003.
    Pre2008,
}

impl WindowsFamily {
    pub fn label(self) -> &'static str {
        match self {
            WindowsFamily::Server2008OrLater => "Windows Server 2008 or later",
            WindowsFamily::Pre2008 => "Windows Server 2003 or older",
        }
    }
}

/// A server or a client group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: NodeId,
    pub name: String,
    pub zone: ZoneId,
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: NodeKind,
    /// Role ids from the catalog, e.g. `"rd_gateway"`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Where the node is reached: addresses, `any`, or a DNS name. Firewall rule sets
    /// need one; the matrix leaves the cell empty without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub windows: WindowsFamily,
    /// The Active Directory domain the node belongs to, e.g. `"corp.example"`; nodes
    /// without one are in the plan's own domain. Catalog conditions compare it
    /// (replication within a domain, trusts between domains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Overrides of the plan-wide options for this node only.
    #[serde(default, skip_serializing_if = "NodeOptions::is_empty")]
    pub options: NodeOptions,
    /// Roles this node takes from no provider, e.g. `["rd_gateway"]` for internal Remote
    /// Desktop clients that connect to the session hosts directly, not through the
    /// plan's RD Gateway.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bypass: Vec<String>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl Node {
    /// Whether the node holds `role` directly (implied roles are the catalog's business).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// Whether the node takes `role` from no provider (see [`Node::bypass`]).
    pub fn bypasses(&self, role: &str) -> bool {
        self.bypass.iter().any(|r| r == role)
    }
}
