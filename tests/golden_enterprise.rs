//! The enterprise example's matrix (two sites with writable DCs, an RODC in the perimeter,
//! highly available brokers on SQL Server, user profile disks, a CA, KMS and WSUS),
//! checked against the documents the catalog cites (each expectation quotes the sentence
//! it comes from) and against its full CSV snapshot.

mod common;
use common::{Row, assert_snapshot, catalog, example, find, rows};
use portolan::engine::{Severity, analyze};

/// One expectation: the matrix row (firewall, source, destination, protocol) opens at
/// least `ports` (for ICMP: has that type); `quote` is the sentence of the document.
struct Expect {
    fw: &'static str,
    src: &'static str,
    dst: &'static str,
    proto: &'static str,
    ports: &'static str,
    quote: &'static str,
}

const fn e(
    fw: &'static str,
    src: &'static str,
    dst: &'static str,
    proto: &'static str,
    ports: &'static str,
    quote: &'static str,
) -> Expect {
    Expect {
        fw,
        src,
        dst,
        proto,
        ports,
        quote,
    }
}

const EXPECTATIONS: &[Expect] = &[
    // ## Replication between the writable DCs of the two sites, both ways (KB179442)
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "135",
        "KB179442: 49152-65535/TCP 135/TCP RPC Endpoint Mapper",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "TCP",
        "135",
        "KB179442: 49152-65535/TCP 135/TCP RPC Endpoint Mapper",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "49152-65535",
        "KB179442: 49152-65535/TCP 49152-65535/TCP RPC for LSA, SAM, NetLogon (*)",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "TCP",
        "49152-65535",
        "KB224196: By default, Active Directory replication remote procedure calls (RPC) occur dynamically over an available port through the RPC Endpoint Mapper (RPCSS) by using port 135.",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "389",
        "KB179442: 49152-65535/TCP/UDP 389/TCP/UDP LDAP",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "UDP",
        "389",
        "KB179442: 49152-65535/TCP/UDP 389/TCP/UDP LDAP",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "636",
        "KB179442: 49152-65535/TCP 636/TCP LDAP SSL",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "3268",
        "KB179442: 49152-65535/TCP 3268/TCP LDAP GC",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "3269",
        "KB179442: 49152-65535/TCP 3269/TCP LDAP GC SSL",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "TCP",
        "88",
        "KB179442: 49152-65535/TCP/UDP 88/TCP/UDP Kerberos",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "UDP",
        "88",
        "KB179442: 49152-65535/TCP/UDP 88/TCP/UDP Kerberos",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "TCP",
        "464",
        "KB179442: 49152-65535/TCP 464/TCP/UDP Kerberos password change",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "UDP",
        "464",
        "KB179442: 49152-65535/TCP 464/TCP/UDP Kerberos password change",
    ),
    e(
        "wan",
        "dc01",
        "dc02",
        "TCP",
        "445",
        "KB179442: 49152-65535/TCP/UDP 445/TCP SMB (**)",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "UDP",
        "123",
        "KB179442: 49152-65535/UDP 123/UDP W32Time",
    ),
    e(
        "wan",
        "dc02",
        "dc01",
        "TCP",
        "135,49152-65535",
        "KB832017, Distributed File System Replication: RPC | TCP | 135; Randomly allocated high TCP ports | TCP | random port number between 49152 - 65535",
    ),
    // ## The RODC in the perimeter replicates inbound from the writable DC it uses
    e(
        "dmz",
        "rodc01",
        "dc01",
        "TCP",
        "135,49152-65535",
        "RODC placement: An RODC can replicate updates of the domain partition only from a writable domain controller running Windows Server 2008 in the same domain.",
    ),
    e(
        "dmz",
        "rodc01",
        "dc01",
        "TCP",
        "389,636,3268-3269",
        "KB179442: LDAP, LDAP SSL, LDAP GC, LDAP GC SSL",
    ),
    e(
        "dmz",
        "rodc01",
        "dc01",
        "TCP",
        "88,464,445",
        "KB179442: Kerberos, Kerberos password change, SMB",
    ),
    e(
        "dmz",
        "rodc01",
        "dc01",
        "UDP",
        "88,123,389,464",
        "KB179442: Kerberos, W32Time, LDAP, Kerberos password change",
    ),
    // ## Perimeter servers authenticate against the RODC of their own zone
    e(
        "",
        "rdgw01",
        "rodc01",
        "TCP",
        "88",
        "Seed 000: TCP 88: Kerberos for user authentication",
    ),
    e(
        "",
        "rdgw01",
        "rodc01",
        "TCP",
        "389",
        "Seed 000: TCP and UDP 389:  LDAP for user authentication",
    ),
    e(
        "",
        "rdgw01",
        "rodc01",
        "TCP",
        "53",
        "Seed 000: TCP and UDP 53: Internal resource name resolution, DNS",
    ),
    e(
        "",
        "rdgw01",
        "rodc01",
        "ICMP",
        "any",
        "KB179442: the Internet Control Message Protocol (ICMP) protocol must be allowed through the firewall from the clients to the domain controllers",
    ),
    // ## RD Connection Broker high availability on SQL Server
    e(
        "",
        "rdcb01",
        "sql01",
        "TCP",
        "1433",
        "Set-RDDatabaseConnectionString: High availability supports multiple RD Connection Broker roles and servers, and uses a database server to store the configuration information for RD Connection Broker servers.",
    ),
    e(
        "",
        "rdcb02",
        "sql01",
        "TCP",
        "1433",
        "SQL Server firewall: SQL Server default instance running over TCP | TCP port 1433 | This is the most common port allowed through the firewall.",
    ),
    e(
        "dmz",
        "rdweb01",
        "rdcb01",
        "TCP",
        "5504",
        "Seed 000: TCP 5504: connection to RD Connection Broker for centralized publishing",
    ),
    e(
        "dmz",
        "rdweb01",
        "rdcb02",
        "TCP",
        "5504",
        "Seed 000: TCP 5504: connection to RD Connection Broker for centralized publishing",
    ),
    // ## User profile disks on the file server
    e(
        "",
        "rdsh01",
        "fs01",
        "TCP",
        "445",
        "KB832017, Offline Files, User Profile Service, Folder Redirection, and Primary Computer: All of these systems use SMB. (SMB | TCP | 445)",
    ),
    e(
        "",
        "rdsh02",
        "fs01",
        "TCP",
        "445",
        "Set-RDSessionCollectionConfiguration -EnableUserProfileDisks -DiskPath: the share of the user profile disks",
    ),
    // ## The enterprise CA: autoenrollment, and its CRL for the gateway
    e(
        "",
        "rdsh01",
        "ca01",
        "TCP",
        "135,49152-65535",
        "KB832017, Certificate Services: Certificate Services relies on RPC and DCOM to communicate with clients by using random TCP ports that are higher than port 1024.",
    ),
    e(
        "dmz",
        "rdgw01",
        "ca01",
        "TCP",
        "80",
        "Seed 000: TCP 80:  If using HTTP for Certificate Revocation List (CRL)",
    ),
    e(
        "dmz",
        "rdgw01",
        "ca01",
        "TCP",
        "135,49152-65535",
        "KB832017, Certificate Services: RPC | TCP | 135",
    ),
    // ## KMS and WSUS for every managed server
    e(
        "",
        "rdsh01",
        "kms01",
        "TCP",
        "1688",
        "SetKeyManagementServiceListeningPort: Sets the TCP port used by a KMS host to listen for activation requests. [...] If no port is specified, 1688 is used by default.",
    ),
    e(
        "dmz",
        "rodc01",
        "kms01",
        "TCP",
        "1688",
        "SetKeyManagementServiceListeningPort: If no port is specified, 1688 is used by default.",
    ),
    e(
        "wan",
        "dc02",
        "kms01",
        "TCP",
        "1688",
        "SetKeyManagementServiceListeningPort: If no port is specified, 1688 is used by default.",
    ),
    e(
        "",
        "sql01",
        "wsus01",
        "TCP",
        "8530",
        "Plan your WSUS deployment: By default, the WSUS server uses port 8530 for HTTP protocol and port 8531 for HTTPS protocol to provide updates to client workstations.",
    ),
    e(
        "dmz",
        "rdgw01",
        "wsus01",
        "TCP",
        "8530",
        "Plan your WSUS deployment: By default, the WSUS server uses port 8530 for HTTP protocol [...] to provide updates to client workstations.",
    ),
    e(
        "dmz",
        "wsus01",
        "Microsoft Update",
        "TCP",
        "80,443",
        "Plan your WSUS deployment: By default, the WSUS server uses port 80 for HTTP protocol and port 443 for HTTPS protocol to obtain updates from Microsoft.",
    ),
    e(
        "edge",
        "wsus01",
        "Microsoft Update",
        "TCP",
        "80,443",
        "Plan your WSUS deployment: If there's a corporate firewall between your network and the Internet, you'll have to open these ports on the server that communicates directly to Microsoft Update.",
    ),
    // ## The Internet side is as in the RDS seed
    e(
        "edge",
        "remote clients",
        "rdgw01",
        "TCP",
        "443",
        "Seed 000: TCP 443:  HTTP (includes RPC over HTTP) over SSL",
    ),
    e(
        "edge",
        "remote clients",
        "rdgw01",
        "UDP",
        "3391",
        "Seed 000: UDP 3391:  RDP/UDP",
    ),
    e(
        "edge",
        "remote clients",
        "rdweb01",
        "TCP",
        "443",
        "Seed 000: TCP 443 (HTTPS) needs to be open if RDWeb is deployed.",
    ),
];

fn check(rows: &[Row], x: &Expect) {
    let row = find(rows, x.fw, x.src, x.dst, x.proto).unwrap_or_else(|| {
        panic!(
            "no {} row {} -> {} through `{}` for {:?}",
            x.proto, x.src, x.dst, x.fw, x.quote
        )
    });
    let ok = if x.proto == "ICMP" {
        row.ports == x.ports
    } else {
        row.covers(x.ports)
    };
    assert!(
        ok,
        "{} -> {} {} opens {} but {:?} needs {}",
        x.src, x.dst, x.proto, row.ports, x.quote, x.ports
    );
}

#[test]
fn every_expectation_is_in_the_matrix() {
    let rows = rows(&example("enterprise"));
    for x in EXPECTATIONS {
        check(&rows, x);
    }
}

#[test]
fn the_rodc_replicates_inbound_only() {
    // RODC placement: "An RODC cannot be a source domain controller for any other domain
    // controller because it cannot perform outbound replication."
    let rows = rows(&example("enterprise"));
    for dc in ["dc01", "dc02"] {
        assert!(
            rows.iter()
                .all(|r| !(r.source == dc && r.destination == "rodc01")),
            "{dc} opens a connection to the RODC"
        );
    }
    // It uses dc01 (a "uses" link), so it does not replicate from dc02 across two firewalls.
    assert!(
        rows.iter()
            .all(|r| !(r.source == "rodc01" && r.destination == "dc02"))
    );
}

#[test]
fn members_use_the_domain_controller_of_their_own_zone() {
    // The DC locator prefers a DC of the client's own site: the perimeter servers use the
    // RODC, the HQ servers dc01, nobody in HQ crosses the WAN to dc02.
    let rows = rows(&example("enterprise"));
    for member in ["rdgw01", "rdweb01"] {
        assert!(
            find(&rows, "dmz", member, "dc01", "TCP").is_none(),
            "{member}"
        );
    }
    for r in rows.iter().filter(|r| r.destination == "dc02") {
        assert!(
            ["dc01", "adm01"].contains(&r.source.as_str()),
            "{} reaches dc02",
            r.source
        );
    }
}

#[test]
fn the_brokers_need_sql_only_together() {
    let rows = rows(&example("enterprise"));
    let sql = find(&rows, "", "rdcb01", "sql01", "TCP").unwrap();
    assert_eq!(sql.ports, "1433");
    assert_eq!(sql.requirement, "broker-sql");
    // SQL Server Browser (UDP 1434) only when the option says the instance is named.
    assert!(find(&rows, "", "rdcb01", "sql01", "UDP").is_none());
    // With one broker left there is no high availability and no database flow.
    let mut plan = example("enterprise");
    plan.nodes.retain(|n| n.name != "rdcb02");
    let rows = common::rows(&plan);
    assert!(find(&rows, "", "rdcb01", "sql01", "TCP").is_none());
}

#[test]
fn the_check_finds_only_the_wmi_and_dns_name_warnings() {
    let problems = analyze(&example("enterprise"), &catalog()).problems;
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:#?}"
    );
    let wmi = problems
        .iter()
        .filter(|p| p.message.contains("winmgmt /standalonehost"))
        .count();
    let names = problems
        .iter()
        .filter(|p| p.message.contains("is reached by the name"))
        .count();
    // WMI to both brokers; the Clearinghouse and Microsoft Update reached by name.
    assert_eq!((wmi, names, problems.len()), (2, 2, 4), "{problems:#?}");
}

#[test]
fn the_matrix_has_no_other_rows_than_the_snapshot() {
    assert_snapshot("enterprise");
}
