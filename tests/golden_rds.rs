//! The rds-perimeter example's matrix, checked line by line against seed 000
//! ("RDS 2012: Which ports are used during deployment?"), and against its full CSV snapshot.

mod common;
use common::{Row, assert_snapshot, example, find, rows};

/// One expectation: the matrix row (firewall, source, destination, protocol) opens at
/// least `ports`; `seed` quotes the seed line it comes from.
struct Expect {
    fw: &'static str,
    src: &'static str,
    dst: &'static str,
    proto: &'static str,
    ports: &'static str,
    seed: &'static str,
}

const fn e(
    fw: &'static str,
    src: &'static str,
    dst: &'static str,
    proto: &'static str,
    ports: &'static str,
    seed: &'static str,
) -> Expect {
    Expect {
        fw,
        src,
        dst,
        proto,
        ports,
        seed,
    }
}

const CLIENTS: &str = "remote clients";
const MSCH: &str = "Microsoft Clearinghouse";

const EXPECTATIONS: &[Expect] = &[
    // ## From Client to Remote Desktop Resource
    e(
        "edge",
        CLIENTS,
        "rdweb01",
        "TCP",
        "443",
        "TCP 443 (HTTPS) needs to be open if RDWeb is deployed.",
    ),
    // ## Remote Desktop Connection Broker (RDCB)
    e(
        "internal",
        "rdweb01",
        "rdcb01",
        "TCP",
        "5504",
        "TCP 5504: connection to RD Web Access",
    ),
    e(
        "",
        "rdcb01",
        "rdsh01",
        "TCP",
        "3389",
        "TCP 3389: connection to RD Session Host",
    ),
    e(
        "",
        "rdcb01",
        "rdsh02",
        "TCP",
        "3389",
        "TCP 3389: connection to RD Session Host",
    ),
    e(
        "",
        "rdcb01",
        "rdvh01",
        "TCP",
        "3389",
        "TCP 3389: connection to non-managed VM pools",
    ),
    e(
        "",
        "rdcb01",
        "rdvh01",
        "TCP",
        "135,445,49152-65535",
        "TCP 445 and RPC: connection to RD Virtualization Host",
    ),
    e(
        "",
        "rdcb01",
        "rdsh01",
        "TCP",
        "135,445,49152-65535",
        "TCP 445 and RPC: connection to RD Session Host",
    ),
    e(
        "",
        "rdcb01",
        "rdsh02",
        "TCP",
        "135,445,49152-65535",
        "TCP 445 and RPC: connection to RD Session Host",
    ),
    e(
        "management",
        "adm01",
        "rdcb01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    // ## Remote Desktop Gateway: inbound from the Internet
    e(
        "edge",
        CLIENTS,
        "rdgw01",
        "TCP",
        "443",
        "TCP 443:  HTTP (includes RPC over HTTP) over SSL",
    ),
    e(
        "edge",
        CLIENTS,
        "rdgw01",
        "UDP",
        "3391",
        "UDP 3391:  RDP/UDP",
    ),
    // ## Remote Desktop Gateway: to AD, DNS, NPS, CRL
    e(
        "internal",
        "rdgw01",
        "dc01",
        "TCP",
        "88",
        "TCP 88: Kerberos for user authentication",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "UDP",
        "88",
        "TCP 88: Kerberos (also UDP 88, KB832017)",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "TCP",
        "135",
        "TCP 135: RPC Endpoint Mapper",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "TCP",
        "135,49152-65535",
        "TCP: 135, Port on which NTDS RPC services listens on AD (NTDS itself: dynamic, KB224196)",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "TCP",
        "389",
        "TCP and UDP 389:  LDAP for user authentication",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "UDP",
        "389",
        "TCP and UDP 389:  LDAP for user authentication",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "TCP",
        "53",
        "TCP and UDP 53: Internal resource name resolution, DNS",
    ),
    e(
        "internal",
        "rdgw01",
        "dc01",
        "UDP",
        "53",
        "TCP and UDP 53: Internal resource name resolution, DNS",
    ),
    e(
        "internal",
        "rdgw01",
        "crl01",
        "TCP",
        "80",
        "TCP 80:  If using HTTP for Certificate Revocation List (CRL)",
    ),
    e(
        "internal",
        "rdgw01",
        "nps01",
        "UDP",
        "1812,1813",
        "UDP 1812, 1813: If NPS Server is being used",
    ),
    e(
        "management",
        "adm01",
        "rdgw01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    e(
        "internal",
        "adm01",
        "rdgw01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    // ## Remote Desktop Gateway: to the internal resources
    e(
        "internal",
        "rdgw01",
        "rdsh01",
        "TCP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    e(
        "internal",
        "rdgw01",
        "rdsh01",
        "UDP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    e(
        "internal",
        "rdgw01",
        "rdsh02",
        "TCP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    e(
        "internal",
        "rdgw01",
        "rdsh02",
        "UDP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    e(
        "internal",
        "rdgw01",
        "rdvh01",
        "TCP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    e(
        "internal",
        "rdgw01",
        "rdvh01",
        "UDP",
        "3389",
        "TCP and UDP 3389: RDP",
    ),
    // ## Remote Desktop Web Access (in a perimeter network)
    e(
        "internal",
        "rdweb01",
        "rdcb01",
        "TCP",
        "135,49152-65535",
        "TCP: <WMI Fixed Port> (none fixed: endpoint mapper and dynamic RPC)",
    ),
    e(
        "internal",
        "rdweb01",
        "rdcb01",
        "TCP",
        "5504",
        "TCP 5504: connection to RD Connection Broker for centralized publishing",
    ),
    e(
        "internal",
        "adm01",
        "rdweb01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    // ## Remote Desktop Session Host
    e(
        "",
        "rdsh01",
        "rdlic01",
        "TCP",
        "135,49152-65535",
        "RD License Server Port RPC",
    ),
    e(
        "",
        "rdsh02",
        "rdlic01",
        "TCP",
        "135,49152-65535",
        "RD License Server Port RPC",
    ),
    e(
        "",
        "rdsh01",
        "dc01",
        "TCP",
        "389,636",
        "TCP 389 and 636: Active Directory communication",
    ),
    e(
        "",
        "rdsh02",
        "dc01",
        "TCP",
        "389,636",
        "TCP 389 and 636: Active Directory communication",
    ),
    e(
        "management",
        "adm01",
        "rdsh01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    // ## Remote Desktop Virtualization Host
    e(
        "",
        "rdvh01",
        "rdlic01",
        "TCP",
        "135,49152-65535",
        "RD License Server Port RPC",
    ),
    e(
        "",
        "rdvh01",
        "dc01",
        "TCP",
        "389,636",
        "TCP 389 and 636: Active Directory communication",
    ),
    e(
        "management",
        "adm01",
        "rdvh01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    // ## Remote Desktop Licensing Server
    e(
        "",
        "rdsh01",
        "rdlic01",
        "TCP",
        "135",
        "TCP 135 - RPC  for License Server communication and RDSH",
    ),
    e(
        "",
        "rdsh01",
        "rdlic01",
        "TCP",
        "49152-65535",
        "TCP 49152 - 65535 (randomly allocated) - Windows Server 2012, 2008 R2, 2008",
    ),
    e("", "rdsh01", "rdlic01", "TCP", "445", "TCP 445 - SMB"),
    e(
        "edge",
        "rdlic01",
        MSCH,
        "TCP",
        "443",
        "TCP 443: Communication over the internet to the Microsoft Clearing House",
    ),
    e(
        "internal",
        "rdlic01",
        MSCH,
        "TCP",
        "443",
        "TCP 443: Communication over the internet to the Microsoft Clearing House",
    ),
    e(
        "management",
        "adm01",
        "rdlic01",
        "TCP",
        "5985",
        "TCP 5985: WMI and PowerShell Remoting for administration",
    ),
    e(
        "",
        "rdsh01",
        "rdlic01",
        "TCP",
        "139",
        "TCP 139 - NetBIOS session service",
    ),
    e(
        "",
        "rdsh01",
        "rdlic01",
        "UDP",
        "137",
        "UDP 137 - NetBIOS Name resolution",
    ),
    e(
        "",
        "rdsh01",
        "rdlic01",
        "UDP",
        "138",
        "UDP 138 - NetBIOS datagram",
    ),
    e(
        "",
        "rdlic01",
        "dc01",
        "TCP",
        "389",
        "UDP|TCP 389   LDAP - Used with per-user CALs against Active Directory",
    ),
    e(
        "",
        "rdlic01",
        "dc01",
        "UDP",
        "389",
        "UDP|TCP 389   LDAP - Used with per-user CALs against Active Directory",
    ),
];

fn check(rows: &[Row], x: &Expect) {
    let row = find(rows, x.fw, x.src, x.dst, x.proto).unwrap_or_else(|| {
        panic!(
            "no {} row {} -> {} through `{}` for seed line {:?}",
            x.proto, x.src, x.dst, x.fw, x.seed
        )
    });
    assert!(
        row.covers(x.ports),
        "{} -> {} {} opens {} but seed line {:?} needs {}",
        x.src,
        x.dst,
        x.proto,
        row.ports,
        x.seed,
        x.ports
    );
}

#[test]
fn every_seed_line_is_in_the_matrix() {
    let rows = rows(&example("rds-perimeter"));
    for x in EXPECTATIONS {
        check(&rows, x);
    }
}

#[test]
fn the_seed_lines_are_cited() {
    let rows = rows(&example("rds-perimeter"));
    let gw = find(&rows, "edge", CLIENTS, "rdgw01", "UDP").unwrap();
    assert_eq!(gw.requirement, "client-gateway-udp");
    assert_eq!(gw.reference, "RDS 2012 ports §Remote Desktop Gateway");
    let lic = find(&rows, "", "rdsh01", "rdlic01", "TCP").unwrap();
    assert!(
        lic.reference
            .contains("RDS 2012 ports §Remote Desktop Session Host")
    );
    assert!(lic.reference.contains("KB929851"));
}

#[test]
fn internet_clients_reach_only_the_perimeter() {
    // Clients use the gateway, so no RDP from the Internet to internal hosts (seed 000:
    // direct 3389 only "for clients not using RD Gateway").
    let rows = rows(&example("rds-perimeter"));
    for r in rows.iter().filter(|r| r.source == CLIENTS) {
        assert_eq!(r.firewall, "edge", "{r:?}");
        assert!(
            ["rdgw01", "rdweb01"].contains(&r.destination.as_str()),
            "{r:?}"
        );
    }
    // The only other flow crossing the edge is the license server's activation.
    let edge: Vec<_> = rows.iter().filter(|r| r.firewall == "edge").collect();
    assert_eq!(edge.len(), 4, "{edge:#?}");
}

#[test]
fn domain_members_reach_the_domain_controller_over_icmp() {
    // KB179442: "For Active Directory to function correctly through a firewall, the
    // Internet Control Message Protocol (ICMP) protocol must be allowed through the
    // firewall from the clients to the domain controllers so that the clients can receive
    // Group Policy information." Its sample rule allows any ICMP to the DC.
    let rows = rows(&example("rds-perimeter"));
    for member in ["rdgw01", "rdweb01"] {
        let icmp = find(&rows, "internal", member, "dc01", "ICMP").unwrap();
        assert_eq!(icmp.ports, "any");
        assert_eq!(icmp.requirement, "member-dc-icmp");
        assert!(icmp.reference.starts_with("KB179442"), "{icmp:?}");
    }
    let icmp = find(&rows, "management", "adm01", "dc01", "ICMP").unwrap();
    assert_eq!(icmp.ports, "any");
    // Nothing else gains ICMP: the DC itself, the CRL server (not a domain member) and the
    // clients on the Internet do not.
    for r in rows.iter().filter(|r| r.protocol == "ICMP") {
        assert_eq!(r.destination, "dc01", "{r:?}");
        assert!(
            !["crl01", CLIENTS, "dc01"].contains(&r.source.as_str()),
            "{r:?}"
        );
    }
}

#[test]
fn the_matrix_has_no_other_rows_than_the_snapshot() {
    assert_snapshot("rds-perimeter");
}
