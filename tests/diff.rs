//! `portolan diff`: the worked example (RD Web Access moved from the perimeter to the
//! internal zone) against golden files in every form, exit codes, renames, and the
//! causes given for each rule change.

mod common;
use common::{catalog, example, portolan};
use portolan::change::{PlanChange, RuleChange, diff};
use portolan::engine::analyze;
use portolan::io::parse_plan;
use portolan::model::Plan;
use portolan::rules::RuleSet;
use std::path::Path;
use std::process::Command;

const OLD: &str = "examples/rds-perimeter.ron";
const NEW: &str = "tests/fixtures/diff/rds-rdweb-internal.ron";

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
/// otherwise), with `args` as `$1`...; `None` when it cannot start.
fn in_namespace(script: &str, args: &[&str]) -> Option<std::process::Output> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let flag = if root { "-n" } else { "-rn" };
    Command::new("unshare")
        .args([flag, "sh", "-c", script, "sh"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
}

/// Whether `check` runs in a network namespace here; if not, says SKIPPED (or fails when
/// `PORTOLAN_REQUIRE_CHECKERS` is set, as in CI).
fn namespace_runs(check: &str, tool: &str) -> bool {
    if in_namespace(check, &[]).is_some_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var_os("PORTOLAN_REQUIRE_CHECKERS").is_none(),
        "unshare or {tool} is missing (PORTOLAN_REQUIRE_CHECKERS is set)"
    );
    eprintln!(
        "SKIPPED: no network namespace with {tool} here (unshare; apt-get install -y {tool})"
    );
    false
}

/// Runs `script` in a namespace and returns its standard output; fails the test when it
/// fails.
fn run_in_namespace(script: &str, args: &[&str]) -> Vec<u8> {
    let out = in_namespace(script, args).expect("unshare runs");
    assert!(
        out.status.success(),
        "{script} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The version pairs the delta tests apply: the worked example, and a version with a
/// renamed firewall, a renamed node, new address ranges and IPv6, a removed and an added
/// node.
const PAIRS: [(&str, &str); 2] = [
    (OLD, NEW),
    (OLD, "tests/fixtures/diff/rds-many-changes.ron"),
];

/// Each firewall of `new`: its name, and its export's file name without extension in
/// the old and in the new version.
fn firewall_files(old: &str, new: &str) -> Vec<(String, String, String)> {
    let catalog = catalog();
    let load = |path: &str| {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("plan");
        parse_plan(&text, path, &catalog).expect("plan parses")
    };
    let (a, b) = (load(old), load(new));
    let (aa, ab) = (analyze(&a, &catalog), analyze(&b, &catalog));
    let (ra, rb) = (
        RuleSet::new(&a, &catalog, &aa),
        RuleSet::new(&b, &catalog, &ab),
    );
    let (ca, cb) = (
        portolan::export::NftChains::new(&ra).expect("addresses"),
        portolan::export::NftChains::new(&rb).expect("addresses"),
    );
    b.firewalls
        .iter()
        .map(|f| {
            let stem = |c: &portolan::export::NftChains<'_, '_>| {
                c.chain(f.id).expect("firewall in both").stem
            };
            (f.name.clone(), stem(&ca), stem(&cb))
        })
        .collect()
}

/// `portolan verify PLAN --deployed` on `deployed` (written to `file`) for `firewall`:
/// nothing missing, nothing in excess.
fn assert_verified(plan: &str, firewall: &str, deployed: &[u8], file: &Path) {
    std::fs::write(file, deployed).expect("written");
    let verified = portolan(&[
        "verify",
        plan,
        "--deployed",
        file.to_str().expect("path"),
        "--firewall",
        firewall,
    ]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{plan}, {firewall}: {}",
        String::from_utf8_lossy(&verified.stdout)
    );
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
    if !namespace_runs("iptables-save >/dev/null", "iptables") {
        return;
    }
    for (n, (old, new)) in PAIRS.into_iter().enumerate() {
        let (exported, delta) = (path(&format!("old{n}")), path(&format!("delta{n}")));
        let out = portolan(&["export", old, "--format", "iptables", "-o", &exported]);
        assert_eq!(out.status.code(), Some(0));
        let out = portolan(&["diff", old, new, "--format", "iptables", "-o", &delta]);
        assert_eq!(out.status.code(), Some(1));
        for (firewall, was, is) in firewall_files(old, new) {
            let file = format!("{delta}/{is}.delta.rules.v4");
            let script = if Path::new(&file).exists() {
                "iptables-restore \"$1\" && iptables-restore --noflush \"$2\" && iptables-save"
            } else {
                "iptables-restore \"$1\" && iptables-save"
            };
            let saved = run_in_namespace(script, &[&format!("{exported}/{was}.rules.v4"), &file]);
            assert_verified(
                new,
                &firewall,
                &saved,
                &dir.path().join(format!("{n}-{is}")),
            );
        }
    }
}

/// `nft -j list ruleset` as a firewall sees it: without handles and `metainfo`, the sets
/// by name and their elements sorted (the kernel lists sets in the order they were
/// added); the table, the chain, then its rules sorted (every rule but the first
/// accepts, and the first, replies, stays first).
fn nft_ruleset(json: &[u8]) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    use serde_json::Value;
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("handle");
                if let Some(Value::Array(elements)) = map.get_mut("elem") {
                    elements.sort_by_key(ToString::to_string);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut all: Value = serde_json::from_slice(json).expect("nft -j output");
    strip(&mut all);
    let (mut sets, mut rest) = (Vec::new(), Vec::new());
    for item in all["nftables"].as_array().expect("a list") {
        if item.get("set").is_some() {
            sets.push(item.clone());
        } else if item.get("metainfo").is_none() {
            rest.push(item.clone());
        }
    }
    sets.sort_by_key(|s| s["set"]["name"].to_string());
    let first_rule = rest
        .iter()
        .position(|r| r.get("rule").is_some())
        .expect("a rule");
    rest[first_rule + 1..].sort_by_key(ToString::to_string);
    (sets, rest)
}

#[test]
fn the_nftables_delta_turns_the_old_export_into_the_new_in_the_kernel() {
    let dir = tempfile::tempdir().expect("temp");
    let path = |p: &str| dir.path().join(p).to_str().expect("path").to_owned();
    // Without -o DIR: refused.
    assert_eq!(
        portolan(&["diff", OLD, NEW, "--format", "nftables"])
            .status
            .code(),
        Some(2)
    );
    if !namespace_runs("nft list ruleset >/dev/null", "nftables") {
        return;
    }
    for (n, (old, new)) in PAIRS.into_iter().enumerate() {
        let exported = |plan: &str, to: &str| {
            let out = portolan(&["export", plan, "--format", "nftables", "-o", to]);
            assert_eq!(out.status.code(), Some(0));
        };
        let (was_dir, is_dir, delta) = (
            path(&format!("old{n}")),
            path(&format!("new{n}")),
            path(&format!("delta{n}")),
        );
        exported(old, &was_dir);
        exported(new, &is_dir);
        let out = portolan(&["diff", old, new, "--format", "nftables", "-o", &delta]);
        assert_eq!(out.status.code(), Some(1));
        let mut applied = 0;
        for (firewall, was, is) in firewall_files(old, new) {
            let script = format!("{delta}/{is}.delta.nft.sh");
            let after = if Path::new(&script).exists() {
                applied += 1;
                run_in_namespace(
                    "nft -f \"$1\" && sh \"$2\" && nft -j list ruleset",
                    &[&format!("{was_dir}/{was}.nft"), &script],
                )
            } else {
                // No delta: the two exports load the same.
                run_in_namespace(
                    "nft -f \"$1\" && nft -j list ruleset",
                    &[&format!("{was_dir}/{was}.nft")],
                )
            };
            let fresh = run_in_namespace(
                "nft -f \"$1\" && nft -j list ruleset",
                &[&format!("{is_dir}/{is}.nft")],
            );
            // The same sets and rules (the new export may order the rules both versions
            // have differently: rdweb01 moved to another zone comes first at `edge`;
            // the delta leaves them where they are, all accept).
            assert_eq!(
                nft_ruleset(&after),
                nft_ruleset(&fresh),
                "{new}, {firewall}"
            );
            assert_verified(
                new,
                &firewall,
                &after,
                &dir.path().join(format!("{n}-{is}")),
            );
        }
        assert_eq!(applied, 3, "{new}: every firewall changes");
    }
}

#[test]
fn the_nftables_delta_of_the_worked_example() {
    let dir = tempfile::tempdir().expect("temp");
    let delta = dir.path().join("delta");
    let to = |p: &Path| p.to_str().expect("path").to_owned();
    let out = portolan(&["diff", OLD, NEW, "--format", "nftables", "-o", &to(&delta)]);
    assert_eq!(out.status.code(), Some(1));
    let script = delta.join("internal.delta.nft.sh");
    let text = std::fs::read_to_string(&script).expect("internal's delta");
    assert_golden("internal.delta.nft.sh", &text);
    // At `edge` and `management` only rdweb01's set changes: no rule is touched.
    for firewall in ["edge", "management"] {
        let text =
            std::fs::read_to_string(delta.join(format!("{firewall}.delta.nft.sh"))).expect("delta");
        let changes = text
            .lines()
            .skip_while(|l| !l.starts_with("cat >"))
            .take_while(|l| *l != "PORTOLAN_DELTA")
            .skip(1)
            .collect::<Vec<_>>();
        assert_eq!(
            changes,
            [
                "flush set inet portolan rdweb01_v4",
                "add element inet portolan rdweb01_v4 { 10.0.2.11 }"
            ],
            "{firewall}"
        );
    }
    // Valid shell, with nothing to run before nft is asked.
    let parsed = Command::new("sh")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("sh runs");
    assert!(parsed.success());
    // The same diff, unchanged: no file.
    let same = dir.path().join("same");
    let out = portolan(&["diff", OLD, OLD, "--format", "nftables", "-o", &to(&same)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_dir(&same).expect("folder").all(|e| {
        !e.expect("entry")
            .file_name()
            .to_string_lossy()
            .ends_with(".sh")
    }));
}

#[test]
fn the_nftables_delta_changes_nothing_unless_every_rule_is_there() {
    if !namespace_runs("nft list ruleset >/dev/null", "nftables") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp");
    let path = |p: &str| dir.path().join(p).to_str().expect("path").to_owned();
    portolan(&["export", OLD, "--format", "nftables", "-o", &path("old")]);
    portolan(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "nftables",
        "-o",
        &path("delta"),
    ]);
    // --check prints the commands with their handles and changes nothing; a second run
    // finds the deleted rules gone and changes nothing either.
    let out = run_in_namespace(
        r#"nft -f "$1"
nft -j list ruleset >"$3/before.json"
sh "$2" --check >"$3/check.nft"
nft -j list ruleset >"$3/checked.json"
sh "$2"
nft -j list ruleset >"$3/after.json"
if sh "$2" 2>"$3/again.err"; then echo "applied twice"; fi
nft -j list ruleset >"$3/again.json"
if sh "$2" --bogus 2>/dev/null; then echo "took --bogus"; fi
nft flush ruleset
if sh "$2" 2>"$3/empty.err"; then echo "applied without a table"; fi
"#,
        &[
            &path("old/internal.nft"),
            &path("delta/internal.delta.nft.sh"),
            &path(""),
        ],
    );
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    let read = |f: &str| std::fs::read(dir.path().join(f)).expect(f);
    assert_eq!(read("before.json"), read("checked.json"));
    assert_ne!(read("before.json"), read("after.json"));
    assert_eq!(read("after.json"), read("again.json"));
    let check = String::from_utf8(read("check.nft")).expect("UTF-8");
    assert_eq!(
        check
            .lines()
            .filter(|l| l.starts_with("delete rule inet portolan forward handle "))
            .count(),
        5,
        "{check}"
    );
    assert!(check.contains("add rule inet portolan forward handle "));
    let again = String::from_utf8(read("again.err")).expect("UTF-8");
    assert_eq!(again.matches("not in chain forward").count(), 5, "{again}");
    assert!(again.contains("changed nothing"), "{again}");
    let empty = String::from_utf8(read("empty.err")).expect("UTF-8");
    assert!(
        empty.contains("load the export of the first version (internal.nft)"),
        "{empty}"
    );
}

#[test]
fn delta_files_are_named_like_the_export_files() {
    let dir = tempfile::tempdir().expect("temp");
    let path = |p: &str| dir.path().join(p);
    let new = PAIRS[1].1;
    let run = |args: &[&str]| assert!(portolan(args).status.code().is_some_and(|c| c < 2));
    let files = |p: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path(p))
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    for format in ["iptables", "nftables"] {
        let (export, delta) = (format!("{format}-export"), format!("{format}-delta"));
        let to = |p: &str| path(p).to_str().expect("path").to_owned();
        run(&["export", new, "--format", format, "-o", &to(&export)]);
        run(&["diff", OLD, new, "--format", format, "-o", &to(&delta)]);
        let exported = files(&export);
        let deltas = files(&delta);
        assert_eq!(deltas.len(), if format == "iptables" { 5 } else { 3 });
        for d in &deltas {
            let export_file = match format {
                "iptables" => d.replacen(".delta.rules.", ".rules.", 1),
                _ => d.replacen(".delta.nft.sh", ".nft", 1),
            };
            assert!(exported.contains(&export_file), "{d}: {exported:?}");
        }
        // The firewall `Internal FW`: `internal_fw_11`, as its export is named (once:
        // its removed rules, filed under its old name by the diff, are in the same file).
        let stem = "internal_fw_11.delta.";
        assert!(deltas.iter().any(|d| d.starts_with(stem)), "{deltas:?}");
        assert!(!deltas.iter().any(|d| d.starts_with("Internal_FW")));
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
