//! The `portolan` binary on the examples and on every kind of bad input: exit codes,
//! messages with line and column, and never a panic.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

mod common;
use common::portolan;

use std::path::{Path, PathBuf};
use std::process::Command;

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
            "firewall,source_zone,source,source_address,destination_zone,destination,destination_address,protocol,ports,service,purpose,requirement,reference,risk"
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
    // Port 0 in a plan-wide option: refused where it is written.
    assert_bad_input(
        "crl: Http,",
        "crl: Http, rdp_port: 0,",
        "line 9, column 30: port 0 is outside 1-65535",
    );
    assert_bad_input(
        "(id: 30, name: \"rdgw01\",",
        "(id: 30, options: (wmi_port: 0), name: \"rdgw01\",",
        "line 26, column 38: port 0 is outside 1-65535",
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
    // Refused with the zone or node and where it is written.
    assert_bad_input(
        "20: (80, 110)",
        "20: (NaN, 110)",
        "line 46, column 28: the layout gives node #20 `remote clients` a coordinate that is not a finite number",
    );
    assert_bad_input(
        "20: (80, 110)",
        "20: (80, inf)",
        "line 46, column 27: the layout gives node #20 `remote clients` a coordinate",
    );
    assert_bad_input(
        "1: (40, 40, 260, 440)",
        "1: (40, 40, -260, 440)",
        "line 40, column 36: the layout gives zone #1 `Internet` a negative size",
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
    assert!(
        text(&out.stderr)
            .contains("binary.ron: line 1, column 1: the byte 0xFF is not valid UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = rds_with("\"Internal\"", "\"Intern\u{e9}l\"").into_bytes();
    // Latin-1 é instead of UTF-8's two bytes.
    let at = bytes.windows(2).position(|w| w == "é".as_bytes()).unwrap();
    bytes.splice(at..at + 2, [0xE9]);
    let path = dir.path().join("latin1.ron");
    std::fs::write(&path, bytes).unwrap();
    let out = portolan(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("latin1.ron: line 15, column 30: the byte 0xE9 is not valid UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_file(&dir, &format!("\u{FEFF}{}", rds_with("", "")));
    let out = portolan(&["export", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        out.stdout,
        portolan(&["export", &example("rds-perimeter")]).stdout
    );
    // Positions are those an editor shows, which hides the mark.
    let broken = rds_with("kind: Perimeter,", "kind: Perimeter,,");
    let path = plan_file(&dir, &broken);
    let without = portolan(&["check", path.to_str().unwrap()]).stderr;
    let path = plan_file(&dir, &format!("\u{FEFF}{broken}"));
    let with = portolan(&["check", path.to_str().unwrap()]).stderr;
    assert!(
        text(&with).contains("line 14, column 52"),
        "{}",
        text(&with)
    );
    assert_eq!(text(&with), text(&without));
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_are_not_read() {
    // `check /dev/zero` used to read until memory ran out, a FIFO without a writer hung.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, kind) in [
        ("/dev/zero", "a character device"),
        (fifo.to_str().unwrap(), "a FIFO (named pipe)"),
        (dir.path().to_str().unwrap(), "a folder"),
    ] {
        for args in [vec!["check", path], vec!["roles", "--catalog", path]] {
            let out = portolan(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = text(&out.stderr);
            assert!(
                err.contains(&format!(
                    "cannot read {path}: it is {kind}, not a regular file"
                )),
                "{err}"
            );
        }
    }
}

#[test]
fn files_over_512_mb_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    // Sparse: no disk space, and never read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(600 << 20)
        .unwrap();
    let out = portolan(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("it is 600 MB, and Portolan reads files of up to 512 MB"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn output_onto_the_input_plan_is_refused() {
    // `-o PLAN` used to overwrite the plan with the CSV.
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(&dir, &rds_with("", ""));
    let before = std::fs::read(&plan).unwrap();
    let out = portolan(&[
        "export",
        plan.to_str().unwrap(),
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is the input file"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    // Through a hard link, and through another spelling of the path.
    let link = dir.path().join("link.ron");
    std::fs::hard_link(&plan, &link).unwrap();
    let dotted = dir.path().join(".").join("plan.ron");
    for output in [&link, &dotted] {
        let out = portolan(&[
            "export",
            plan.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{output:?}");
    }
    // The catalog is an input too.
    let catalog = dir.path().join("extra.ron");
    std::fs::write(&catalog, "Catalog()").unwrap();
    let out = portolan(&[
        "export",
        plan.to_str().unwrap(),
        "--catalog",
        catalog.to_str().unwrap(),
        "-o",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&catalog).unwrap(), "Catalog()");
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn output_onto_a_symlink_device_or_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.path().join("matrix.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = dir.path().join("fifo.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (output, kind) in [
        (link.to_str().unwrap(), "a symbolic link"),
        ("/dev/null", "a character device"),
        (fifo.to_str().unwrap(), "a FIFO"),
        (dir.path().to_str().unwrap(), "a folder"),
    ] {
        let out = portolan(&["export", &example("wds-pxe"), "-o", output]);
        assert_eq!(out.status.code(), Some(2), "{output}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("refusing to write {output}: it is {kind}")),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[cfg(unix)]
#[test]
fn output_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("matrix.csv");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = portolan(&[
        "export",
        &example("wds-pxe"),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_ne!(std::fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn output_removes_stale_temporaries_of_a_killed_export() {
    // A killed export leaves its temporary; the next export to the same target removes
    // it (its process is gone and it is over a minute old), and only it.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("matrix.csv");
    let stale = dir
        .path()
        .join(".portolan-matrix.csv-4000000000-Ab12Cd.tmp");
    let other = dir.path().join(".portolan-other.csv-4000000000-Ab12Cd.tmp");
    for path in [&stale, &other] {
        let file = std::fs::File::create(path).unwrap();
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
            .unwrap();
    }
    let out = portolan(&[
        "export",
        &example("wds-pxe"),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!stale.exists());
    assert!(other.exists());
    assert!(target.exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_or_full_standard_output_is_an_error() {
    // With standard output closed, `check` and `export` used to write nothing and exit 0.
    for cmd in ["check", "export"] {
        let out = Command::new("sh")
            .args(["-c", "exec \"$0\" \"$1\" \"$2\" >&-"])
            .args([
                env!("CARGO_BIN_EXE_portolan"),
                cmd,
                &example("rds-perimeter"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = text(&out.stderr);
        assert!(
            err.contains("the standard output is closed"),
            "{cmd}: {err}"
        );
    }
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(["export", &example("rds-perimeter")])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("No space left on device"),
        "{}",
        text(&out.stderr)
    );
    // Closed but with nothing to write: fine.
    let out = Command::new("sh")
        .args(["-c", "exec \"$0\" check \"$1\" >&-"])
        .args([env!("CARGO_BIN_EXE_portolan"), &example("wds-pxe")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_broken_pipe_ends_quietly() {
    use std::io::Read;
    // A matrix far larger than a pipe's buffer, whose reader stops after a few bytes.
    let dir = tempfile::tempdir().unwrap();
    let plan = portolan::ron_text::to_pretty(&synth::synth_plan(3000)).unwrap();
    let path = plan_file(&dir, &plan);
    let mut child = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(["export", path.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn an_unknown_first_word_is_an_unrecognized_subcommand() {
    // `portolan frobnicate` used to be taken as a plan and open the app.
    let out = portolan(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("unrecognized subcommand 'frobnicate'"),
        "{err}"
    );
    assert!(
        err.contains("'export', 'formats', 'check', 'roles'"),
        "{err}"
    );
    assert!(err.contains("Usage: portolan"), "{err}");
    // An existing file still goes to the app (which cannot open a window here).
    let out = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .arg(example("wds-pxe"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(!err.contains("unrecognized"), "{err}");
    assert!(
        err.contains("window could not open") || err.contains("no desktop app"),
        "{err}"
    );
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
    let stdout = text(&out.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("  rd_gateway ")));
    // In groups, each heading once, in catalog order, its roles under it.
    let headings: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect();
    assert_eq!(
        headings,
        [
            "Remote Desktop",
            "Active Directory",
            "Deployment",
            "Infrastructure services"
        ]
    );
    let under = |heading: &str, id: &str| {
        let section = stdout.split(&format!("{heading}\n")).nth(1).unwrap();
        let section = section.split("\n\n").next().unwrap();
        section
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{id} ")))
    };
    assert!(under("Active Directory", "read_only_domain_controller"));
    assert!(under("Infrastructure services", "wsus_server"));
    assert!(under("Deployment", "wds_server"));
    assert!(stdout.contains("Managed server (implied by other roles)"));
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

#[test]
fn a_folder_format_replaces_its_own_folder_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aerleon");
    let out = out.to_str().unwrap();
    let rds = example("rds-perimeter");
    for _ in 0..2 {
        let run = portolan(&["export", &rds, "--format", "aerleon", "-o", out]);
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    }
    assert!(Path::new(out).join("policies/pol/edge.yaml").is_file());
    // To standard output: refused, with what to do.
    let run = portolan(&["export", &rds, "--format", "aerleon"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("give the folder to write with -o DIR"));
    // A folder Portolan did not write is left alone.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep").unwrap();
    let run = portolan(&[
        "export",
        &rds,
        "--format",
        "aerleon",
        "-o",
        mine.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep"
    );
    // Nor one that holds the plan being exported.
    let plan = Path::new(out).join("plan.ron");
    std::fs::copy(&rds, &plan).unwrap();
    let run = portolan(&[
        "export",
        plan.to_str().unwrap(),
        "--format",
        "aerleon",
        "-o",
        out,
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("holds the input file"),
        "{}",
        text(&run.stderr)
    );
    assert!(plan.is_file());
}
