//! `portolan diff`: the worked example (RD Web Access moved from the perimeter to the
//! internal zone) against golden files in every form, exit codes, renames, and the
//! causes given for each rule change.

mod common;
use common::{catalog, example};
use portolan::change::{PlanChange, RuleChange, diff};
use portolan::engine::analyze;
use portolan::io::parse_plan;
use portolan::model::Plan;
use portolan::rules::RuleSet;
use std::path::Path;
use std::process::Command;

const OLD: &str = "examples/rds-perimeter.ron";
const NEW: &str = "tests/fixtures/diff/rds-rdweb-internal.ron";

fn portolan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("portolan runs")
}

/// Compares `text` with `tests/golden/diff/<name>`; `PORTOLAN_BLESS=1` rewrites it.
fn assert_golden(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/diff")
        .join(name);
    if std::env::var_os("PORTOLAN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, text).expect("golden written");
    }
    let want = std::fs::read_to_string(&path).expect("golden file exists");
    assert_eq!(text, want, "tests/golden/diff/{name} differs");
}

#[test]
fn the_worked_example_in_every_form() {
    for (format, file) in [
        ("text", "rds-rdweb-internal.txt"),
        ("markdown", "rds-rdweb-internal.md"),
        ("csv", "rds-rdweb-internal.csv"),
    ] {
        let out = portolan(&["diff", OLD, NEW, "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}: they differ");
        assert_golden(file, &String::from_utf8(out.stdout).expect("UTF-8"));
    }
}

#[test]
fn exit_codes_follow_the_diff_convention() {
    let same = portolan(&["diff", OLD, OLD]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("no difference"));
    let missing = portolan(&["diff", OLD, "no/such/plan.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/plan.ron"));
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("cr.md");
    let written = portolan(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "markdown",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(written.status.code(), Some(1));
    assert!(written.stdout.is_empty());
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.starts_with("# Firewall change request"));
    // The output may not be an input.
    let refused = portolan(&["diff", OLD, NEW, "-o", OLD]);
    assert_eq!(refused.status.code(), Some(2));
}

fn load(text: &str) -> Plan {
    parse_plan(text, "test", &catalog()).expect("plan parses")
}

#[test]
fn a_renamed_node_is_a_rename_and_its_rules_are_kept() {
    let old = example("rds-perimeter");
    let mut new = old.clone();
    let node = new
        .nodes
        .iter_mut()
        .find(|n| n.name == "rdgw01")
        .expect("rdgw01");
    node.name = "gateway-a".into();
    let id = node.id;
    let catalog = catalog();
    let (a, b) = (analyze(&old, &catalog), analyze(&new, &catalog));
    let (ra, rb) = (
        RuleSet::new(&old, &catalog, &a),
        RuleSet::new(&new, &catalog, &b),
    );
    let d = diff(&ra, &rb);
    assert_eq!(
        d.plan,
        vec![PlanChange::NodeRenamed {
            node: id,
            old: "rdgw01".into(),
            new: "gateway-a".into()
        }]
    );
    assert!(d.rules.is_empty(), "same traffic: no rule changes");
    assert!(!d.is_empty());
}

#[test]
fn each_rule_change_names_the_plan_change_behind_it() {
    let catalog = catalog();
    let old = example("rds-perimeter");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(NEW)).expect("fixture");
    let new = load(&text);
    let (a, b) = (analyze(&old, &catalog), analyze(&new, &catalog));
    let (ra, rb) = (
        RuleSet::new(&old, &catalog, &a),
        RuleSet::new(&new, &catalog, &b),
    );
    let d = diff(&ra, &rb);
    assert!(
        d.plan
            .iter()
            .any(|c| matches!(c, PlanChange::ZoneMoved { name, from, to, .. }
        if name == "rdweb01" && from == "Perimeter" && to == "Internal"))
    );
    for (i, change) in d.rules.iter().enumerate() {
        let r = change.rule();
        assert!(
            r.source.name() == "rdweb01" || r.destination.name() == "rdweb01",
            "only rdweb01's rules change"
        );
        assert!(
            d.causes_of(i)
                .any(|c| matches!(c, PlanChange::ZoneMoved { .. }))
        );
    }
    // The perimeter-only WMI flow to the broker goes: a removed rule at `internal`.
    assert!(d.rules.iter().any(|c| matches!(c, RuleChange::Removed(r)
        if r.destination.name() == "rdcb01" && r.firewall.is_some_and(|f| f.name == "internal"))));
    let (added, removed, changed) = d.totals();
    assert_eq!((added, removed, changed), (5, 5, 2));
}

#[test]
fn a_changed_option_changes_ports_in_place() {
    let catalog = catalog();
    let old = example("rds-perimeter");
    let mut new = old.clone();
    new.options.rdp_port = 3390;
    let (a, b) = (analyze(&old, &catalog), analyze(&new, &catalog));
    let (ra, rb) = (
        RuleSet::new(&old, &catalog, &a),
        RuleSet::new(&new, &catalog, &b),
    );
    let d = diff(&ra, &rb);
    assert!(matches!(
        d.plan.as_slice(),
        [PlanChange::PlanOptionChanged {
            option: "rdp_port",
            ..
        }]
    ));
    assert!(!d.rules.is_empty());
    for (i, c) in d.rules.iter().enumerate() {
        let RuleChange::Changed { old, new, differs } = c else {
            panic!("only changes: {c:?}");
        };
        assert!(differs.ports && !differs.addresses);
        assert!(old.ports.contains(3389) && new.ports.contains(3390));
        assert_eq!(d.causes_of(i).count(), 1);
    }
}

/// Runs `script` in a network namespace of its own (`unshare -n` as root, `-rn`
/// otherwise); `None` when that or iptables is not available here.
fn in_namespace(script: &str, args: &[&str]) -> Option<std::process::Output> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let flag = if root { "-n" } else { "-rn" };
    let out = Command::new("unshare")
        .args([flag, "sh", "-c", script, "sh"])
        .args(args)
        .output()
        .ok()?;
    out.status.success().then_some(out)
}

#[test]
fn the_iptables_delta_turns_the_old_export_into_the_new_in_the_kernel() {
    let dir = tempfile::tempdir().expect("temp");
    let path = |p: &str| dir.path().join(p).to_str().expect("path").to_owned();
    let out = portolan(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "iptables",
        "-o",
        &path("delta"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let delta = std::fs::read_to_string(dir.path().join("delta/internal.delta.rules.v4"))
        .expect("internal's delta");
    assert_eq!(delta.matches("\n-D FORWARD").count(), 5);
    assert_eq!(delta.matches("\n-A FORWARD").count(), 1);
    // Without -o DIR: refused.
    assert_eq!(
        portolan(&["diff", OLD, NEW, "--format", "iptables"])
            .status
            .code(),
        Some(2)
    );
    let out = portolan(&["export", OLD, "--format", "iptables", "-o", &path("old")]);
    assert_eq!(out.status.code(), Some(0));
    for fw in ["edge", "internal", "management"] {
        let Some(saved) = in_namespace(
            "iptables-restore \"$1\" && iptables-restore --noflush \"$2\" && iptables-save",
            &[
                &path(&format!("old/{fw}.rules.v4")),
                &path(&format!("delta/{fw}.delta.rules.v4")),
            ],
        ) else {
            assert!(
                std::env::var_os("PORTOLAN_REQUIRE_CHECKERS").is_none(),
                "unshare or iptables-restore is missing"
            );
            eprintln!("SKIPPED: no network namespace with iptables here");
            return;
        };
        let file = dir.path().join(format!("{fw}.after"));
        std::fs::write(&file, &saved.stdout).expect("written");
        let verified = portolan(&[
            "verify",
            NEW,
            "--deployed",
            file.to_str().expect("path"),
            "--firewall",
            fw,
        ]);
        assert_eq!(
            verified.status.code(),
            Some(0),
            "{fw}: {}",
            String::from_utf8_lossy(&verified.stdout)
        );
    }
}

#[test]
fn the_workbook_has_the_summary_the_rules_and_the_plan_changes() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("cr.xlsx");
    let out = portolan(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "xlsx",
        "-o",
        path.to_str().expect("path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        vec!["Summary", "Rule changes", "Plan changes"]
    );
    let cell = |r: &calamine::Range<Data>, row: u32, col: u32| {
        r.get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let summary = book.worksheet_range("Summary").expect("summary");
    assert_eq!(cell(&summary, 2, 0), "firewall internal");
    assert_eq!(
        (cell(&summary, 2, 1), cell(&summary, 2, 2)),
        ("1".into(), "5".into())
    );
    let rules = book.worksheet_range("Rule changes").expect("rules");
    assert_eq!(rules.height(), 13, "a header and 12 changes");
    // The same rows as the CSV form.
    let csv =
        String::from_utf8(portolan(&["diff", OLD, NEW, "--format", "csv"]).stdout).expect("UTF-8");
    let second = csv.lines().nth(1).expect("a row");
    assert!(second.starts_with(&format!("{},{},", cell(&rules, 1, 0), cell(&rules, 1, 1))));
    let plan = book.worksheet_range("Plan changes").expect("plan");
    assert_eq!(cell(&plan, 1, 0), "zone moved");
}
