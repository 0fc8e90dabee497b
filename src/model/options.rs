//! Plan-wide options with the source documents' defaults, and per-node overrides, described
//! once: the [`options!`] table below declares every option with its key, label, help text,
//! kind and default, and from it come [`Options`], [`NodeOptions`], [`NodeOptions::apply`],
//! validation, and [`OPTIONS`], the descriptors that panels, catalog conditions and
//! messages read. Adding an option is one entry here.
//!
//! Which node's options count for a flow is decided by the catalog: named ports are read
//! on the listening node, conditions on the side each condition names.

use super::option_kind::choice_enum;
use super::{OptionKind, OptionType, OptionValue, PortRange};
use serde::{Deserialize, Serialize};

choice_enum!(
    /// How the certificates the RD Gateway checks publish their revocation list (seed 000).
    CrlMethod {
        #[default]
        Http => "HTTP",
        Ldap => "LDAP",
        Ftp => "FTP",
        NotChecked => "not checked",
    }
);

choice_enum!(
    /// RD Licensing mode: per-user CALs are tracked in Active Directory (LDAP to a DC).
    LicensingMode {
        #[default]
        PerUser => "per user",
        PerDevice => "per device",
    }
);

choice_enum!(
    /// How the license server is activated: only `Automatic` talks to the Clearinghouse itself.
    ActivationMethod {
        #[default]
        Automatic => "automatic (Internet)",
        Web => "web browser",
        Phone => "telephone",
    }
);

choice_enum!(
    /// Whether a node counts as "on a perimeter network" (seed 000, RD Web Access): by its
    /// zone's kind, or forced.
    PerimeterMode {
        /// In a perimeter network when its zone is of kind `Perimeter`.
        #[default]
        FromZone => "from the zone's kind",
        Yes => "yes",
        No => "no",
    }
);

choice_enum!(
    /// How domain controllers replicate SYSVOL (KB832017: DFS Replication, or the File
    /// Replication service of Windows 2000 and Server 2003 domains).
    SysvolReplication {
        #[default]
        Dfsr => "DFS Replication (DFSR)",
        Frs => "File Replication service (FRS)",
    }
);

/// One option as data: what files call it, what the user sees, what it holds. Read and
/// write it on [`Options`] and [`NodeOptions`] with [`Options::get`], [`NodeOptions::get`]
/// and their `set`.
#[derive(Clone, Copy, Debug)]
pub struct OptionInfo {
    /// The field name in plan files, e.g. `"wmi_port"`.
    pub key: &'static str,
    /// What the user sees, e.g. `"Fixed WMI port"`.
    pub label: &'static str,
    /// One or two sentences: what it changes and where the default comes from.
    pub help: &'static str,
    /// The Windows command or setting that does the same on the servers; empty if none.
    pub windows: &'static str,
    pub kind: OptionKind,
    /// What an unset optional value means, e.g. `"dynamic RPC"`; empty for other kinds.
    pub unset: &'static str,
    get: fn(&Options) -> OptionValue,
    set: fn(&mut Options, OptionValue) -> bool,
    get_override: fn(&NodeOptions) -> Option<OptionValue>,
    set_override: fn(&mut NodeOptions, Option<OptionValue>) -> bool,
}

impl OptionInfo {
    /// How messages name the option: its label, then its file key, e.g.
    /// `"Fixed WMI port" (wmi_port)`.
    pub fn mention(&self) -> String {
        format!("\"{}\" ({})", self.label, self.key)
    }

    /// The default value.
    pub fn default_value(&self) -> OptionValue {
        (self.get)(&Options::default())
    }

    /// The value as a user reads it (`"on"`, `"3389"`, `"LDAP"`, or [`Self::unset`]).
    pub fn text(&self, value: OptionValue) -> String {
        value.text(self.kind, self.unset)
    }
}

/// The descriptor of the option with file key `key`. **O(options)**.
pub fn option_info(key: &str) -> Option<&'static OptionInfo> {
    OPTIONS.iter().find(|o| o.key == key)
}

fn is_unset<T: OptionType>(value: &T) -> bool {
    value.is_unset()
}

const REAL_PORT: &str = "port 0 is outside 1-65535: set a real port";

/// Reads a plan-wide option, refusing port 0 as it is read so the message carries the
/// option's line and column.
fn read_option<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: OptionType + Deserialize<'de>,
{
    let value = T::deserialize(deserializer)?;
    if value.to_value().is_valid() {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(REAL_PORT))
    }
}

/// Reads a node override, refusing port 0 as it is read.
fn read_override<'de, D, I>(deserializer: D) -> Result<Option<I>, D::Error>
where
    D: serde::Deserializer<'de>,
    I: super::option_kind::ValidInner + Deserialize<'de>,
{
    let value = Option::<I>::deserialize(deserializer)?;
    if value.as_ref().is_none_or(I::is_valid) {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(REAL_PORT))
    }
}

macro_rules! options {
    ($(
        $key:ident : $ty:ty = $default:expr => {
            label: $label:literal,
            help: $help:literal
            $(, unset: $unset:literal)?
            $(, windows: $windows:literal)?
            $(,)?
        }
    ),+ $(,)?) => {
        /// Plan-wide options. Every field has the documents' default, so a plan may omit any.
        /// See [`OPTIONS`] for what each one means.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Options {
            $(
                #[doc = $help]
                #[serde(skip_serializing_if = "is_unset", deserialize_with = "read_option")]
                pub $key: $ty,
            )+
        }

        impl Default for Options {
            fn default() -> Self {
                Options { $($key: $default,)+ }
            }
        }

        /// Per-node overrides of [`Options`]; `None` keeps the plan-wide value.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct NodeOptions {
            $(
                #[doc = $help]
                #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "read_override")]
                pub $key: Option<<$ty as OptionType>::Inner>,
            )+
        }

        impl NodeOptions {
            /// The plan-wide `base` with this node's overrides applied. **O(options)**.
            pub fn apply(&self, base: &Options) -> Options {
                Options {
                    $($key: <$ty as OptionType>::apply(self.$key, base.$key),)+
                }
            }
        }

        /// Every option, in the order panels list them.
        pub static OPTIONS: &[OptionInfo] = &[$(
            OptionInfo {
                key: stringify!($key),
                label: $label,
                help: $help,
                windows: concat!("" $(, $windows)?),
                kind: <$ty as OptionType>::KIND,
                unset: concat!("" $(, $unset)?),
                get: |o| OptionType::to_value(o.$key),
                set: |o, v| match <$ty as OptionType>::from_value(v) {
                    Some(v) => {
                        o.$key = v;
                        true
                    }
                    None => false,
                },
                get_override: |o| o.$key.map(<$ty as OptionType>::inner_value),
                set_override: |o, v| match v {
                    None => {
                        o.$key = None;
                        true
                    }
                    Some(v) => match <$ty as OptionType>::inner_from(v) {
                        Some(inner) => {
                            o.$key = inner;
                            true
                        }
                        None => false,
                    },
                },
            },
        )+];
    };
}

options! {
    rdp_port: u16 = 3389 => {
        label: "RDP port",
        help: "The RDP listener port of session hosts and virtual desktops, read on the listener (seed 000: 3389, configurable on host and client).",
        windows: "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\\PortNumber",
    },
    gateway_udp: bool = true => {
        label: "RD Gateway UDP (3391)",
        help: "RD Gateway UDP transport: UDP 3391 from clients to the gateway (seed 000; on by default).",
        windows: "RD Gateway Manager > Transport Settings > Enable UDP transport",
    },
    crl: CrlMethod = CrlMethod::Http => {
        label: "Certificate revocation check",
        help: "How the RD Gateway checks certificate revocation: HTTP (TCP 80), LDAP (TCP and UDP 389), FTP (TCP 21) to the CRL distribution point, or not checked (seed 000).",
    },
    central_nps: bool = false => {
        label: "Central NPS (RADIUS)",
        help: "The RD Gateway keeps its connection authorization policies on a central NPS: UDP 1812 and 1813 to it (seed 000). A local store needs no network flow.",
        windows: "RD Gateway Manager > Properties > RD CAP Store > Central server running NPS",
    },
    rdweb_perimeter: PerimeterMode = PerimeterMode::FromZone => {
        label: "In a perimeter network",
        help: "Whether the node counts as on a perimeter network: RD Web Access there also reaches the broker over WMI (seed 000). By default, when its zone is a perimeter.",
    },
    licensing: LicensingMode = LicensingMode::PerUser => {
        label: "RD Licensing mode",
        help: "Per-user CALs are tracked in Active Directory: LDAP from the license server to a domain controller (seed 000).",
        windows: "Set-RDLicenseConfiguration -Mode PerUser",
    },
    activation: ActivationMethod = ActivationMethod::Automatic => {
        label: "License server activation",
        help: "Automatic activation reaches the Microsoft Clearinghouse over TCP 443 (seed 000); web and telephone activation need no flow.",
    },
    wds_rpc_port: u16 = 5040 => {
        label: "WDS RPC port",
        help: "The WDS server's RPC listener, read on the WDS server (seed 003: TCP 5040).",
        windows: "HKLM\\SYSTEM\\CurrentControlSet\\Services\\WDSServer\\Parameters\\TcpPort",
    },
    wds_udp_range: PortRange = PortRange::new(64001, 65000) => {
        label: "WDS UDP range",
        help: "The WDS server's UDP range for TFTP and multicast sessions (seed 003: 64001-65000).",
        windows: "wdsutil /Set-TransportServer /StartPort /EndPort",
    },
    dhcp_authorization: bool = false => {
        label: "WDS DHCP authorization",
        help: "DHCP authorization of the WDS server: its DHCP client port UDP 68 is opened to the DHCP server (seed 003: off by default).",
    },
    multicast: bool = false => {
        label: "WDS multicast",
        help: "WDS multicast transmission sessions on the WDS UDP range (seed 003).",
    },
    dhcp_failover: bool = false => {
        label: "DHCP failover (647)",
        help: "DHCP failover between DHCP servers: TCP 647 from each partner to the other (KB832017).",
    },
    rpc_range: Option<PortRange> = None => {
        label: "Restricted RPC range",
        help: "A restricted dynamic RPC range of the listener (at least 255 ports); otherwise 49152-65535 from Windows Server 2008 and 1025-5000 before (KB929851, KB154596).",
        unset: "Windows default",
        windows: "netsh int ipv4 set dynamicport tcp start=50000 num=255",
    },
    wmi_port: Option<u16> = None => {
        label: "Fixed WMI port",
        help: "The fixed WMI port of the listener, used instead of the whole dynamic RPC range (seed 000 calls it “WMI Fixed Port”).",
        unset: "dynamic RPC",
        windows: "winmgmt /standalonehost",
    },
    ldaps: bool = false => {
        label: "LDAPS on domain controllers",
        help: "Domain controllers serve LDAP over SSL: members also reach TCP 636 and the global catalog over SSL, TCP 3269 (KB832017, KB179442).",
    },
    ntds_port: Option<u16> = None => {
        label: "Fixed AD replication (NTDS) port",
        help: "The port a domain controller's Active Directory RPC services (replication and client RPC) listen on instead of a dynamic one, read on the domain controller (KB224196).",
        unset: "dynamic RPC",
        windows: "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters\\TCP/IP Port (REG_DWORD)",
    },
    netlogon_port: Option<u16> = None => {
        label: "Fixed Netlogon port",
        help: "The port a domain controller's Netlogon RPC service listens on instead of a dynamic one, read on the domain controller (KB224196).",
        unset: "dynamic RPC",
        windows: "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters\\DCTcpipPort (REG_DWORD)",
    },
    sysvol_replication: SysvolReplication = SysvolReplication::Dfsr => {
        label: "SYSVOL replication",
        help: "How domain controllers replicate SYSVOL: DFS Replication, or FRS in domains that still use it (KB832017); each has its own fixed-port setting.",
        windows: "dfsrmig /getglobalstate",
    },
    dfsr_port: Option<u16> = None => {
        label: "Fixed DFSR port",
        help: "The port DFS Replication listens on instead of a dynamic one, read on the domain controller (KB832017, Distributed File System Replication).",
        unset: "dynamic RPC",
        windows: "dfsrdiag StaticRPC /port:<port> /Member:<dc>",
    },
    frs_port: Option<u16> = None => {
        label: "Fixed FRS port",
        help: "The port the File Replication service listens on instead of a dynamic one, read on the domain controller (KB319553).",
        unset: "dynamic RPC",
        windows: "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTFRS\\Parameters\\RPC TCP/IP Port Assignment (REG_DWORD)",
    },
    domain_trust: bool = false => {
        label: "Trusts between domains",
        help: "Domain controllers of different domains (the node's domain) trust each other: they get the trust flows of KB179442. Set it on the plan for every domain, or on the DCs of the trusting pair.",
        windows: "New-ADTrust / Active Directory Domains and Trusts",
    },
    sql_port: u16 = 1433 => {
        label: "SQL Server port",
        help: "The TCP port of the SQL Server instance, read on the database server: 1433 for a default instance, the fixed port of a named instance (SQL Server: Configure the Windows Firewall to Allow SQL Server Access).",
        windows: "SQL Server Configuration Manager > TCP/IP > IPAll > TCP Port",
    },
    sql_browser: bool = false => {
        label: "SQL Server Browser (UDP 1434)",
        help: "Clients find a named instance's port through the SQL Server Browser service on UDP 1434, read on the database server.",
    },
    ca_port: Option<u16> = None => {
        label: "Fixed CA (DCOM) port",
        help: "The port the certification authority's DCOM interface listens on instead of a dynamic one, read on the CA (KB832017, Certificate Services).",
        unset: "dynamic RPC",
        windows: "dcomcnfg > DCOM Config > CertSrv Request > Endpoints > static endpoint",
    },
    autoenrollment: bool = true => {
        label: "Certificate autoenrollment",
        help: "Domain members enroll for certificates with the enterprise CA over RPC/DCOM (KB832017, Certificate Services).",
        windows: "GPO: Certificate Services Client - Auto-Enrollment",
    },
    web_enrollment: bool = false => {
        label: "CA Web Enrollment (HTTP/HTTPS)",
        help: "The CA also serves Web Enrollment: domain members reach it over TCP 80 and 443, read on the CA.",
        windows: "Install-AdcsWebEnrollment",
    },
    user_profile_disks: bool = false => {
        label: "User profile disks",
        help: "The session collection keeps user profile disks on a file server's share: the session hosts reach it over SMB, TCP 445 (read on the session host).",
        windows: "Set-RDSessionCollectionConfiguration -EnableUserProfileDisks -DiskPath",
    },
    kms_port: u16 = 1688 => {
        label: "KMS port",
        help: "The TCP port the KMS host listens on for activation requests, read on the KMS host (1688 by default).",
        windows: "slmgr /sprt <port>",
    },
    wsus_ssl: bool = false => {
        label: "WSUS over SSL (8531)",
        help: "The WSUS server also serves clients over HTTPS on TCP 8531, beside HTTP on 8530 (Plan your WSUS deployment).",
    },
}

impl Options {
    /// The value of option `opt`.
    pub fn get(&self, opt: &OptionInfo) -> OptionValue {
        (opt.get)(self)
    }

    /// Sets option `opt`; false (and no change) when `value` is not of its kind.
    pub fn set(&mut self, opt: &OptionInfo, value: OptionValue) -> bool {
        (opt.set)(self, value)
    }

    /// The first option holding a port outside 1-65535 (port 0), if any.
    pub fn invalid_port(&self) -> Option<&'static OptionInfo> {
        OPTIONS.iter().find(|o| !self.get(o).is_valid())
    }
}

impl NodeOptions {
    /// This node's override of option `opt`; `None` when it keeps the plan-wide value.
    pub fn get(&self, opt: &OptionInfo) -> Option<OptionValue> {
        (opt.get_override)(self)
    }

    /// Overrides option `opt` (`None`: back to the plan-wide value); false (and no change)
    /// when `value` is not of its kind.
    pub fn set(&mut self, opt: &OptionInfo, value: Option<OptionValue>) -> bool {
        (opt.set_override)(self, value)
    }

    /// The first override holding a port outside 1-65535 (port 0), if any.
    pub fn invalid_port(&self) -> Option<&'static OptionInfo> {
        OPTIONS
            .iter()
            .find(|o| self.get(o).is_some_and(|v| !v.is_valid()))
    }

    /// Whether the node overrides nothing.
    pub fn is_empty(&self) -> bool {
        *self == NodeOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_reads_and_writes_through_its_descriptor() {
        let mut keys: Vec<&str> = OPTIONS.iter().map(|o| o.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), OPTIONS.len(), "option keys are unique");
        for opt in OPTIONS {
            assert!(!opt.label.is_empty() && !opt.help.is_empty(), "{}", opt.key);
            let mut options = Options::default();
            let value = options.get(opt);
            assert_eq!(value, opt.default_value());
            assert!(options.set(opt, value));
            assert_eq!(options, Options::default());
            // A node override of the default value applies as that value.
            let mut node = NodeOptions::default();
            assert_eq!(node.get(opt), None);
            assert!(
                node.set(opt, Some(value))
                    || matches!(
                        value,
                        OptionValue::OptionalPort(None) | OptionValue::OptionalRange(None)
                    )
            );
            assert_eq!(node.apply(&options).get(opt), value);
            assert!(node.set(opt, None));
            assert!(node.is_empty());
            // A value of another kind is refused.
            let other = match value {
                OptionValue::Flag(_) => OptionValue::Port(1),
                _ => OptionValue::Flag(true),
            };
            assert!(!options.set(opt, other), "{}", opt.key);
            assert!(!node.set(opt, Some(other)), "{}", opt.key);
        }
    }

    #[test]
    fn overrides_apply_per_option() {
        let base = Options::default();
        let rdp = option_info("rdp_port").unwrap();
        let wmi = option_info("wmi_port").unwrap();
        let mut node = NodeOptions::default();
        assert!(node.set(rdp, Some(OptionValue::Port(4000))));
        assert!(node.set(wmi, Some(OptionValue::OptionalPort(Some(24158)))));
        assert_eq!(node.rdp_port, Some(4000));
        let effective = node.apply(&base);
        assert_eq!(effective.rdp_port, 4000);
        assert_eq!(effective.wmi_port, Some(24158));
        assert_eq!(effective.gateway_udp, base.gateway_udp);
        // Setting an optional override to "none" clears it.
        assert!(node.set(wmi, Some(OptionValue::OptionalPort(None))));
        assert_eq!(node.wmi_port, None);
    }

    #[test]
    fn invalid_ports_are_found_by_descriptor() {
        let mut options = Options::default();
        assert!(options.invalid_port().is_none());
        options.wds_rpc_port = 0;
        assert_eq!(options.invalid_port().map(|o| o.key), Some("wds_rpc_port"));
        let node = NodeOptions {
            rpc_range: Some(PortRange { start: 0, end: 9 }),
            ..NodeOptions::default()
        };
        assert_eq!(node.invalid_port().map(|o| o.key), Some("rpc_range"));
        assert_eq!(
            option_info("wmi_port").unwrap().mention(),
            "\"Fixed WMI port\" (wmi_port)"
        );
    }

    #[test]
    fn choices_have_labels_and_file_ids() {
        let crl = option_info("crl").unwrap();
        assert_eq!(crl.text(OptionValue::Choice(1)), "LDAP");
        let OptionKind::Choice(choices) = crl.kind else {
            panic!("crl is a choice")
        };
        assert_eq!(choices[1].id, "Ldap");
        assert_eq!(CrlMethod::Ldap.label(), "LDAP");
        assert_eq!(CrlMethod::ALL.len(), choices.len());
    }
}
