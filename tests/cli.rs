//! The `portolan` binary on the examples and on every kind of bad input: exit codes,
//! messages with line and column, and never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn portolan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}.ron", env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes `content` to a fresh temporary plan file.
fn plan_file(dir: &tempfile::TempDir, content: &str) -> PathBuf {
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, content).unwrap();
    path
}

fn rds_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(example("rds-perimeter")).unwrap();
    assert!(
        text.contains(from),
        "the example no longer contains {from:?}"
    );
    text.replacen(from, to, 1)
}

/// Runs `args` on a plan made from the example with one replacement; expects exit 2 and
/// a message containing `needle`.
fn assert_bad_input(from: &str, to: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_file(&dir, &rds_with(from, to));
    for cmd in ["check", "export"] {
        let out = portolan(&[cmd, path.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains(needle),
            "{cmd}: expected {needle:?} in {err:?}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty(), "{cmd} wrote output for a bad plan");
    }
}

#[test]
fn export_writes_the_csv_header_and_rows() {
    let out = portolan(&["export", &example("rds-perimeter"), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "firewall,source_zone,source,source_address,destination_zone,destination,destination_address,protocol,ports,service,purpose,requirement,reference"
        )
    );
    assert!(lines.any(|l| {
        l.starts_with("edge,Internet,remote clients,any,Perimeter,rdgw01,10.0.1.10,UDP,3391,")
    }));
    // Problems of export go to stderr only; warnings are not printed by export.
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

#[test]
fn export_to_a_file_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("matrix.csv");
    let out = portolan(&[
        "export",
        &example("wds-pxe"),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = portolan(&["export", &example("wds-pxe")]).stdout;
    assert_eq!(std::fs::read(&target).unwrap(), stdout);
    // Only the matrix is left in the folder: the temporary file was renamed over it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // A folder that does not exist: a clear error, exit 2.
    let missing = dir.path().join("no/such/folder/matrix.csv");
    let out = portolan(&[
        "export",
        &example("wds-pxe"),
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot save"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn export_is_byte_identical_across_runs() {
    let a = portolan(&["export", &example("rds-perimeter")]).stdout;
    let b = portolan(&["export", &example("rds-perimeter")]).stdout;
    assert_eq!(a, b);
}

#[test]
fn check_exit_codes() {
    let ok = portolan(&["check", &example("wds-pxe")]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(text(&ok.stderr).trim(), "no problems");
    let warn = portolan(&["check", &example("rds-perimeter")]);
    assert_eq!(warn.status.code(), Some(0), "warnings alone do not fail");
    assert!(
        text(&warn.stdout)
            .lines()
            .any(|l| l.starts_with("warning: `rdweb01` reaches WMI on `rdcb01`")),
        "{}",
        text(&warn.stdout)
    );
    // An error: a session host without a license server.
    let dir = tempfile::tempdir().unwrap();
    let path = plan_file(
        &dir,
        &rds_with(r#"roles: ["rd_licensing"]"#, r#"roles: []"#),
    );
    let bad = portolan(&["check", path.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stdout).contains("error: `rdsh01` (RD Session Host) needs RD Licensing"));
    // export still writes the matrix and exits 0, with the error on stderr.
    let export = portolan(&["export", path.to_str().unwrap()]);
    assert_eq!(export.status.code(), Some(0));
    assert!(!export.stdout.is_empty());
    assert!(text(&export.stderr).contains("needs RD Licensing"));
}

#[test]
fn malformed_plan_says_line_and_column() {
    assert_bad_input(
        "(id: 3, name: \"Internal\"",
        "(id: 3, nme: \"Internal\"",
        "line 15, column 17",
    );
    assert_bad_input("kind: Perimeter,", "kind: Perimeter,,", "line 14, column");
}

#[test]
fn unknown_role() {
    assert_bad_input(
        "\"rd_gateway\"",
        "\"rd_gatway\"",
        "unknown role `rd_gatway`",
    );
    assert_bad_input(
        "roles: [\"remote_client\"],",
        "roles: [\"remote_client\"], bypass: [\"rd_gatway\"],",
        "bypasses the unknown role `rd_gatway`",
    );
}

#[test]
fn dangling_references() {
    assert_bad_input(
        "zone: 2, roles: [\"rd_gateway\"]",
        "zone: 7, roles: [\"rd_gateway\"]",
        "zone id 7, which the plan does not define",
    );
    assert_bad_input(
        "zones: [1, 2]",
        "zones: [1, 8]",
        "firewall `edge` joins zone id 8",
    );
    assert_bad_input(
        "    layout: (",
        "    uses: [(from: 30, to: 77)],\n    layout: (",
        "node id 77",
    );
    assert_bad_input("(id: 31, name", "(id: 30, name", "reuses the id 30");
}

#[test]
fn bad_ports() {
    assert_bad_input(
        "crl: Http,",
        "crl: Http, rdp_port: 70000,",
        "line 9, column",
    );
    assert_bad_input(
        "crl: Http,",
        "crl: Http, rdp_port: 0,",
        "rdp_port is outside 1-65535",
    );
    assert_bad_input(
        "crl: Http,",
        "crl: Http, rpc_range: \"0-100\",",
        "not a port or port range",
    );
    assert_bad_input(
        "crl: Http,",
        "crl: Http, wds_udp_range: \"64001-99999\",",
        "not a port or port range",
    );
}

#[test]
fn non_finite_geometry() {
    assert_bad_input("20: (80, 110)", "20: (NaN, 110)", "not a finite number");
    assert_bad_input(
        "1: (40, 40, 260, 440)",
        "1: (40, 40, -260, 440)",
        "negative size",
    );
    // A point needs both coordinates.
    assert_bad_input("20: (80, 110)", "20: (80)", "line 46, column");
}

#[test]
fn newer_format_version() {
    assert_bad_input("version: 2,", "version: 3,", "update Portolan");
}

#[test]
fn unreadable_file() {
    let out = portolan(&["check", "/nonexistent/plan.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read /nonexistent/plan.ron"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.ron");
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = portolan(&["export", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(portolan(&["export"]).status.code(), Some(2));
    assert_eq!(
        portolan(&["export", "x.ron", "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn extra_catalog_adds_roles() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("extra.ron");
    std::fs::write(
        &catalog,
        r#"Catalog(
    documents: [(id: "vendor", cite: "Vendor guide", title: "Backup agent ports")],
    roles: [(id: "backup_server", name: "Backup server", short: "BKP", group: "Custom",
             description: "Backs up every managed server.")],
    requirements: [(id: "backup-agent", consumer: "backup_server", provider: "managed_server",
        protocols: [Tcp], ports: [Port(10000), Range("10100-10200")], service: "Backup",
        purpose: "backup agent", references: [(doc: "vendor", section: "Ports")])],
)"#,
    )
    .unwrap();
    let plan = plan_file(
        &dir,
        &rds_with(
            r#"roles: ["admin_workstation"]"#,
            r#"roles: ["admin_workstation", "backup_server"]"#,
        ),
    );
    let args = |cmd| {
        vec![
            cmd,
            plan.to_str().unwrap(),
            "--catalog",
            catalog.to_str().unwrap(),
        ]
    };
    let out = portolan(&args("export"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("adm01,10.0.9.10,Internal,dc01,10.0.2.5,TCP,\"53,88,135,389,445,464,3268,5985,10000,10100-10200,49152-65535\""));
    assert!(text(&out.stdout).contains("Vendor guide §Ports"));
    // Without the catalog the role is unknown.
    assert_eq!(
        portolan(&["export", plan.to_str().unwrap()]).status.code(),
        Some(2)
    );
    // A broken catalog is bad input too, with its own line and column.
    std::fs::write(&catalog, "Catalog(roles: [(id: \"x\")])").unwrap();
    let out = portolan(&args("check"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("extra.ron: line 1, column"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(&catalog, "Catalog(roles: [(id: \"rd_gateway\", name: \"x\", short: \"x\", group: \"x\", description: \"x\")])").unwrap();
    let out = portolan(&args("check"));
    assert!(
        text(&out.stderr).contains("the role id `rd_gateway` is defined twice"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn roles_lists_the_catalog() {
    let out = portolan(&["roles"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout)
            .lines()
            .any(|l| l.starts_with("rd_gateway "))
    );
    let _ = Path::new("");
}

#[test]
fn formats_lists_every_format_and_export_takes_their_ids() {
    let out = portolan(&["formats"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    for f in portolan::export::formats() {
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with(f.id()) && l.contains(f.description())),
            "{listed}"
        );
    }
    assert!(listed.starts_with("csv "), "{listed}");
    let bad = portolan(&["export", &example("wds-pxe"), "--format", "pdf"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("[possible values: csv"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn csv_bom_for_excel() {
    let plain = portolan(&["export", &example("rds-perimeter")]).stdout;
    let bom = portolan(&["export", &example("rds-perimeter"), "--bom"]);
    assert_eq!(bom.status.code(), Some(0));
    assert_eq!(&bom.stdout[..3], b"\xef\xbb\xbf");
    assert_eq!(&bom.stdout[3..], &plain[..]);
    assert!(text(&plain).contains("§"));
}

#[test]
fn bad_addresses_are_refused_with_line_and_column() {
    assert_bad_input(
        r#"address: "10.0.1.10")"#,
        r#"address: "10.0.1.300")"#,
        "line 26, column 76: `10.0.1.300` is not an address",
    );
    assert_bad_input(
        r#"cidrs: ["10.0.2.0/24"]"#,
        r#"cidrs: ["10.0.2.7/24"]"#,
        "line 15, column 60: `10.0.2.7/24` has host bits set: write the network `10.0.2.0/24`",
    );
}
