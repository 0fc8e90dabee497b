//! The wds-pxe example's matrix, checked line by line against seed 003
//! ("Windows Deployment Services: Network Ports Used"), and against its CSV snapshot.

mod common;
use common::{assert_snapshot, example, find, rows};

const PXE: &str = "pxe clients";

/// (firewall, source, destination, protocol, ports, seed line)
const EXPECTATIONS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "core",
        PXE,
        "dhcp01",
        "UDP",
        "67",
        "UDP 67 / For TFTP and DHCP, you need to enable ports 67, 69, and 4011.",
    ),
    (
        "core",
        PXE,
        "wds01",
        "UDP",
        "67",
        "PXE uses DHCP ports and TFTP ... enable ports 67, 69, and 4011.",
    ),
    ("core", PXE, "wds01", "UDP", "69", "UDP 69"),
    ("core", PXE, "wds01", "UDP", "4011", "UDP 4011"),
    (
        "core",
        PXE,
        "wds01",
        "UDP",
        "64001-65000",
        "Random ports from 64001 through 65000*, to establish a session with the server for TFTP and multicasting",
    ),
    (
        "core",
        PXE,
        "wds01",
        "TCP",
        "135",
        "TCP 135 for RPC / allow the port for the Endpoint Mapper (TCP 135)",
    ),
    (
        "core",
        PXE,
        "wds01",
        "TCP",
        "5040",
        "TCP 5040* for RPC / the RPC listener ... (which is TCP 5040 by default)",
    ),
    (
        "core",
        PXE,
        "wds01",
        "TCP",
        "139",
        "137-139 for SMB (139 is TCP)",
    ),
    (
        "core",
        PXE,
        "wds01",
        "UDP",
        "137,138",
        "137-139 for SMB (137 and 138 are UDP, KB832017)",
    ),
    (
        "core",
        PXE,
        "wds01",
        "TCP",
        "445",
        "image transfer occurs through SMB (SMB is TCP 445, KB832017)",
    ),
    (
        "core",
        "gw-clients",
        "dhcp01",
        "UDP",
        "67",
        "DHCP on another subnet: the router relays UDP 67",
    ),
    (
        "core",
        "gw-clients",
        "wds01",
        "UDP",
        "67",
        "DHCP on another subnet: the router relays UDP 67 to WDS too",
    ),
];

#[test]
fn every_seed_line_is_in_the_matrix() {
    let rows = rows(&example("wds-pxe"));
    for &(fw, src, dst, proto, ports, seed) in EXPECTATIONS {
        let row = find(&rows, fw, src, dst, proto)
            .unwrap_or_else(|| panic!("no {proto} row {src} -> {dst} for seed line {seed:?}"));
        assert!(
            row.covers(ports),
            "{src} -> {dst} opens {} but {seed:?} needs {ports}",
            row.ports
        );
    }
}

#[test]
fn seed_corrections_hold() {
    let rows = rows(&example("wds-pxe"));
    let tcp = find(&rows, "core", PXE, "wds01", "TCP").unwrap();
    // Seed 003 says "137-139" under TCP: 137 and 138 are UDP only.
    assert!(!tcp.covers("137") && !tcp.covers("138"), "{}", tcp.ports);
    assert_eq!(tcp.ports, "135,139,445,5040");
    // "68 if DHCP authorization is required": off by default, so no UDP 68 anywhere.
    assert!(
        rows.iter().all(|r| !r.covers("68")),
        "UDP 68 opened while DHCP authorization is off"
    );
}

#[test]
fn the_matrix_has_no_other_rows_than_the_snapshot() {
    assert_snapshot("wds-pxe");
}
