//! `portolan probe`: the bash script run for real against listeners on 127.0.0.1 opened
//! here (one port open, one closed), its results read back and the failure reported at
//! the firewall whose rule should let it through; the PowerShell scripts parse under the
//! PowerShell grammar (tree-sitter-powershell, as tests/windows_firewall.rs) and every
//! bash script passes `bash -n`.

mod common;
use common::portolan;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

fn has(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A gateway in the perimeter and two session hosts inside, behind firewall `fw`, each
/// host's RDP port set to one of `open` and `closed`.
fn plan(open: u16, closed: u16) -> String {
    format!(
        r#"(
    version: 2,
    name: "probe test",
    zones: [
        (id: 1, name: "Perimeter", kind: Perimeter),
        (id: 2, name: "Internal", kind: Internal),
    ],
    firewalls: [(id: 3, name: "fw", zones: [1, 2])],
    nodes: [
        (id: 10, name: "gw", zone: 1, roles: ["rd_gateway"], address: "127.0.0.2"),
        (id: 11, name: "sh-open", zone: 2, roles: ["rd_session_host"], address: "127.0.0.1", options: (rdp_port: {open})),
        (id: 12, name: "sh-closed", zone: 2, roles: ["rd_session_host"], address: "127.0.0.1", options: (rdp_port: {closed})),
    ],
)"#
    )
}

#[test]
fn the_bash_probes_run_against_real_listeners() {
    if !has("nc") {
        eprintln!("SKIPPED: nc is not installed (Debian: netcat-openbsd); .ci/run installs it");
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let open = listener.local_addr().expect("address").port();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").expect("listener");
        l.local_addr().expect("address").port()
    };
    let dir = tempfile::tempdir().expect("temp");
    let plan_path = dir.path().join("plan.ron");
    std::fs::write(&plan_path, plan(open, closed)).expect("plan");
    let plan_arg = plan_path.to_str().expect("path");
    let script = dir.path().join("gw.sh");
    let out = portolan(&[
        "probe",
        plan_arg,
        "--from",
        "gw",
        "--format",
        "bash",
        "-o",
        script.to_str().expect("path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = dir.path().join("results.csv");
    let run = Command::new("bash")
        .arg(&script)
        .arg(&results)
        .output()
        .expect("bash runs");
    let shown = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "one probe fails: {shown}");
    let csv = std::fs::read_to_string(&results).expect("results written");
    assert!(
        csv.contains(&format!("gw,sh-open,127.0.0.1,TCP,{open},pass")),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("gw,sh-closed,127.0.0.1,TCP,{closed},fail")),
        "{csv}"
    );
    // UDP is listed, not faked.
    assert!(
        csv.contains(&format!("gw,sh-open,127.0.0.1,UDP,{open},not probed")),
        "{csv}"
    );
    drop(listener);

    let report = portolan(&[
        "probe",
        "--results",
        results.to_str().expect("path"),
        plan_arg,
    ]);
    assert_eq!(report.status.code(), Some(1));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(text.contains("firewall fw: 1 failed probe(s)"), "{text}");
    assert!(
        text.contains(&format!("gw -> sh-closed (127.0.0.1) TCP {closed}: rule gw -> sh-closed TCP {closed} [gateway-sessionhost-rdp]")),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed, 2 not probed"), "{text}");

    // A results file with a bad line is refused with its line.
    std::fs::write(
        &results,
        "source,destination,address,protocol,port,result\ngw,sh-open,127.0.0.1,TCP,1,maybe\n",
    )
    .expect("written");
    let bad = portolan(&[
        "probe",
        "--results",
        results.to_str().expect("path"),
        plan_arg,
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2"));
}

fn parse_powershell(source: &str) -> bool {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("grammar");
    let tree = parser.parse(source, None).expect("parsed");
    !tree.root_node().has_error()
}

#[test]
fn every_script_of_the_examples_parses() {
    let dir = tempfile::tempdir().expect("temp");
    for name in ["rds-perimeter", "wds-pxe", "enterprise", "small-office"] {
        let plan = format!("examples/{name}.ron");
        for (format, ext) in [("powershell", "ps1"), ("bash", "sh")] {
            let out_dir = dir.path().join(format!("{name}-{format}"));
            let out = portolan(&[
                "probe",
                &plan,
                "--format",
                format,
                "-o",
                out_dir.to_str().expect("path"),
            ]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut count = 0;
            for entry in std::fs::read_dir(&out_dir).expect("folder") {
                let path = entry.expect("entry").path();
                if path.extension().is_none_or(|e| e != ext) {
                    continue;
                }
                count += 1;
                let text = std::fs::read_to_string(&path).expect("script");
                if format == "powershell" {
                    assert!(
                        parse_powershell(&text),
                        "{}: PowerShell syntax error",
                        path.display()
                    );
                    assert!(text.contains("Test-NetConnection -ComputerName $Address -Port $Port"));
                } else {
                    let check = Command::new("bash")
                        .arg("-n")
                        .arg(&path)
                        .output()
                        .expect("bash");
                    assert!(
                        check.status.success(),
                        "{}: {}",
                        path.display(),
                        String::from_utf8_lossy(&check.stderr)
                    );
                }
            }
            assert!(count > 0, "{name} {format}: scripts written");
        }
    }
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .is_dir()
    );
}

#[test]
fn hostile_names_stay_quoted() {
    let text = plan(3389, 3390)
        .replace("\"sh-open\"", "\"it's $(reboot) `x` \\\"q\\\", ok\"")
        .replace("\"gw\"", "\"g'w; rm -rf /\"");
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, text).expect("plan");
    let p = path.to_str().expect("path");
    let sh = portolan(&["probe", p, "--from", "g'w; rm -rf /", "--format", "bash"]);
    assert_eq!(
        sh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&sh.stderr)
    );
    let script = String::from_utf8(sh.stdout).expect("UTF-8");
    let file = dir.path().join("s.sh");
    std::fs::write(&file, &script).expect("script");
    assert!(
        Command::new("bash")
            .arg("-n")
            .arg(&file)
            .status()
            .expect("bash")
            .success()
    );
    assert!(
        script.contains(r#"'"it'\''s $(reboot) `x` ""q"", ok"'"#),
        "{script}"
    );
    let ps = portolan(&["probe", p, "--from", "g'w; rm -rf /"]);
    let script = String::from_utf8(ps.stdout).expect("UTF-8");
    assert!(parse_powershell(&script));
    assert!(script.contains("$Source = 'g''w; rm -rf /'"));
}
