//! `portolan verify`: real `iptables-save` and `nft -j list ruleset` output, captured by
//! loading Portolan's exports in a network namespace (`scripts/capture-deployed.sh`,
//! `tests/fixtures/verify/`), finds nothing missing and nothing in excess; hand-edited
//! sets are caught (a deleted rule is missing, an added `accept all` is excess, a drop
//! rule placed first shadows what follows); unknown syntax is refused with its line; the
//! CSV matrix and the exporters' own files round-trip.

mod common;
use common::{catalog, example, portolan};
use portolan::engine::analyze;
use portolan::model::Plan;
use portolan::rules::{Rule, RuleSet};
use portolan::verify::{DeployedFile, Findings, read_deployed, verify};
use std::path::Path;

fn fixture(example: &str, file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/verify")
        .join(example)
        .join(file);
    std::fs::read_to_string(path).expect("fixture exists")
}

/// Verifies `text` as the rule set of `firewall` of `plan`.
fn check(plan: &Plan, firewall: &str, text: &str) -> Findings {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let rules = RuleSet::new(plan, &catalog, &analysis);
    let required: Vec<Rule<'_>> = rules
        .iter()
        .filter(|r| r.firewall.is_some_and(|f| f.name == firewall))
        .collect();
    assert!(!required.is_empty(), "{firewall} has rules");
    match read_deployed(text, firewall).expect("readable") {
        DeployedFile::One(d) | DeployedFile::Host(d) => verify(&required, &d),
        DeployedFile::PerFirewall(mut m) => {
            verify(&required, &m.remove(firewall).expect("firewall"))
        }
    }
}

const CAPTURED: &[(&str, &[&str])] = &[
    ("rds-perimeter", &["edge", "internal", "management"]),
    ("wds-pxe", &["core"]),
];

#[test]
fn captured_kernel_output_of_the_exports_matches_the_plan() {
    for (name, firewalls) in CAPTURED {
        let plan = example(name);
        for fw in *firewalls {
            for kind in ["iptables-save", "nft.json"] {
                let f = check(&plan, fw, &fixture(name, &format!("{fw}.{kind}")));
                assert!(
                    f.missing.is_empty() && f.excess.is_empty(),
                    "{name} {fw} {kind}: {f:?}"
                );
                assert!(f.checked > 0);
            }
        }
    }
}

#[test]
fn a_deleted_rule_is_missing() {
    let plan = example("rds-perimeter");
    // iptables-save: the line of rdgw01 -> dc01 over TCP.
    let text = fixture("rds-perimeter", "internal.iptables-save");
    let edited: String = text
        .lines()
        .filter(|l| !l.contains("-s 10.0.1.10/32 -d 10.0.2.5/32 -p tcp"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(edited.len(), text.len());
    let f = check(&plan, "internal", &edited);
    assert_eq!(f.missing.len(), 1, "{f:?}");
    assert!(f.excess.is_empty());
    assert!(f.missing[0].dropped_by.is_none(), "the policy drops it");
    // nft JSON: the same rule removed from the array.
    let json: serde_json::Value =
        serde_json::from_str(&fixture("rds-perimeter", "internal.nft.json")).expect("JSON");
    let mut items = json["nftables"].as_array().expect("array").clone();
    let before = items.len();
    items.retain(|i| {
        !i["rule"]["comment"]
            .as_str()
            .is_some_and(|c| c.starts_with("gateway-dc-kerberos, gateway-dc-rpc"))
    });
    assert_eq!(items.len(), before - 1);
    let edited = serde_json::json!({ "nftables": items }).to_string();
    let f = check(&plan, "internal", &edited);
    assert_eq!(f.missing.len(), 1, "{f:?}");
    assert!(f.excess.is_empty());
}

#[test]
fn an_added_accept_all_is_excess() {
    let plan = example("rds-perimeter");
    let text = fixture("rds-perimeter", "edge.iptables-save").replace(
        "COMMIT",
        "-A FORWARD -m comment --comment \"temporary\" -j ACCEPT\nCOMMIT",
    );
    let f = check(&plan, "edge", &text);
    assert!(f.missing.is_empty());
    assert_eq!(f.excess.len(), 1, "{f:?}");
    let json: serde_json::Value =
        serde_json::from_str(&fixture("rds-perimeter", "edge.nft.json")).expect("JSON");
    let mut items = json["nftables"].as_array().expect("array").clone();
    items.push(serde_json::json!({"rule": {"family": "inet", "table": "portolan",
        "chain": "forward", "handle": 99, "expr": [{"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}}));
    let f = check(
        &plan,
        "edge",
        &serde_json::json!({ "nftables": items }).to_string(),
    );
    assert_eq!(f.excess.len(), 1, "{f:?}");
    assert!(f.missing.is_empty());
}

#[test]
fn a_drop_rule_first_shadows_the_accepts_after_it() {
    let plan = example("rds-perimeter");
    let text = fixture("rds-perimeter", "edge.iptables-save").replace(
        "-A FORWARD -m conntrack",
        "-A FORWARD -p tcp -m tcp --dport 443 -j DROP\n-A FORWARD -m conntrack",
    );
    let f = check(&plan, "edge", &text);
    // Every TCP 443 rule of edge: clients to the gateway and to Web Access, the licence
    // server to the Clearinghouse.
    assert_eq!(f.missing.len(), 3, "{f:?}");
    assert!(f.missing.iter().all(|m| m.dropped_by == Some(0)));
}

#[test]
fn the_command_reports_and_exits_by_the_findings() {
    let dir = tempfile::tempdir().expect("temp");
    let ok = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        "tests/fixtures/verify/rds-perimeter/internal.nft.json",
        "--firewall",
        "internal",
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("internal: 0 missing, 0 excess"));

    let text = fixture("rds-perimeter", "edge.iptables-save")
        .replace("COMMIT", "-A FORWARD -j ACCEPT\nCOMMIT");
    let file = dir.path().join("edge.save");
    std::fs::write(&file, &text).expect("written");
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        file.to_str().expect("path"),
        "--firewall",
        "edge",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .position(|l| l == "-A FORWARD -j ACCEPT")
        .expect("added")
        + 1;
    assert!(
        stdout.contains(&format!("excess: line {line}: -A FORWARD -j ACCEPT")),
        "{stdout}"
    );

    // Unknown syntax: every line named, exit 2, nothing verified.
    let bad = text.replace(
        "-A FORWARD -j ACCEPT",
        "-A FORWARD -i eth1 -j ACCEPT\n-A FORWARD -p tcp --sport 53 -j ACCEPT\n-A FORWARD -j MYCHAIN",
    );
    std::fs::write(&file, &bad).expect("written");
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        file.to_str().expect("path"),
        "--firewall",
        "edge",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (n, word) in [(line, "-i"), (line + 1, "--sport"), (line + 2, "MYCHAIN")] {
        assert!(
            stderr.contains(&format!("line {n}: ")) && stderr.contains(word),
            "{stderr}"
        );
    }

    // One firewall's file, a plan of several: say which.
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        "tests/fixtures/verify/rds-perimeter/edge.nft.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--firewall"));
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        "tests/fixtures/verify/rds-perimeter/edge.nft.json",
        "--firewall",
        "nope",
    ]);
    assert_eq!(out.status.code(), Some(2));
    // Bad JSON: its line.
    std::fs::write(&file, "{\n\"nftables\": [\n{,\n]}").expect("written");
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        file.to_str().expect("path"),
        "--firewall",
        "edge",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("item 3:"));
}

#[test]
fn exports_round_trip_through_verify() {
    for name in ["rds-perimeter", "wds-pxe", "enterprise", "small-office"] {
        let plan = example(name);
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("temp");
        let path = |p: &str| dir.path().join(p);
        let plan_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.ron"));
        let plan_arg = plan_path.to_str().expect("path");
        // The CSV matrix: every firewall at once.
        let csv = path("m.csv");
        let out = portolan(&["export", plan_arg, "-o", csv.to_str().expect("path")]);
        assert_eq!(out.status.code(), Some(0));
        let out = portolan(&[
            "verify",
            plan_arg,
            "--deployed",
            csv.to_str().expect("path"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        // The iptables files as written (iptables-restore input reads as iptables-save).
        let ipt = path("ipt");
        let out = portolan(&[
            "export",
            plan_arg,
            "--format",
            "iptables",
            "-o",
            ipt.to_str().expect("path"),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let analysis = analyze(&plan, &catalog);
        for fw in &plan.firewalls {
            let has_rules = RuleSet::new(&plan, &catalog, &analysis)
                .iter()
                .any(|r| r.firewall.is_some_and(|f| f.id == fw.id));
            if !has_rules {
                continue;
            }
            let text = std::fs::read_to_string(ipt.join(format!("{}.rules.v4", fw.name)))
                .expect("exported");
            let f = check(&plan, &fw.name, &text);
            assert!(
                f.missing.is_empty() && f.excess.is_empty(),
                "{name} {}: {f:?}",
                fw.name
            );
        }
    }
}

/// The rules rdgw01 of rds-perimeter listens for, as the PowerShell pipeline of the
/// README exports them (Export-Csv quotes every cell), then `extra` rows.
fn windows_csv(extra: &[&str]) -> String {
    let plan = example("rds-perimeter");
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let mut text = String::from(
        "\u{feff}\"Name\",\"DisplayName\",\"Action\",\"Protocol\",\"LocalPort\",\"IcmpType\",\"RemoteAddress\",\"LocalAddress\"\n",
    );
    for (i, r) in rules
        .iter()
        .filter(|r| r.destination.name() == "rdgw01")
        .enumerate()
    {
        let (protocol, port, icmp) = match r.protocol {
            portolan::model::Protocol::Tcp => ("TCP", r.ports.to_string(), "Any".to_owned()),
            portolan::model::Protocol::Udp => ("UDP", r.ports.to_string(), "Any".to_owned()),
            portolan::model::Protocol::Icmp(_) => ("ICMPv4", "Any".to_owned(), "Any".to_owned()),
        };
        let remote = r.source.address().map_or("Any".to_owned(), |a| match a {
            portolan::model::Address::Blocks(_) => a.to_string().replace(' ', ""),
            _ => "Any".to_owned(),
        });
        text.push_str(&format!(
            "\"{{{i}}}\",\"Portolan - rule {i}\",\"Allow\",\"{protocol}\",\"{port}\",\"{icmp}\",\"{remote}\",\"Any\"\n"
        ));
    }
    for e in extra {
        text.push_str(e);
        text.push('\n');
    }
    text
}

#[test]
fn windows_firewall_rules_exported_as_csv() {
    let plan = example("rds-perimeter");
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let mut seen = std::collections::HashSet::new();
    let required: Vec<Rule<'_>> = rules
        .iter()
        .filter(|r| r.destination.name() == "rdgw01")
        .filter(|r| seen.insert((r.source.id(), r.protocol)))
        .collect();
    let host = plan
        .nodes
        .iter()
        .find(|n| n.name == "rdgw01")
        .expect("rdgw01");
    let read = |text: &str| match read_deployed(text, "rdgw01.csv").expect("readable") {
        DeployedFile::Host(mut d) => {
            d.for_host(host.address.as_ref());
            d
        }
        _ => panic!("read as a Windows rules CSV"),
    };
    let f = verify(&required, &read(&windows_csv(&[])));
    assert!(f.missing.is_empty() && f.excess.is_empty(), "{f:?}");
    // A built-in allow rule is excess; a block rule wins even below the allows.
    let text = windows_csv(&[
        "\"CoreNet-DHCP-In\",\"Core Networking - DHCP (DHCP-In)\",\"Allow\",\"UDP\",\"68\",\"Any\",\"Any\",\"Any\"",
        "\"Block-443\",\"No HTTPS\",\"Block\",\"TCP\",\"443\",\"Any\",\"Any\",\"Any\"",
    ]);
    let d = read(&text);
    let f = verify(&required, &d);
    assert_eq!(f.excess.len(), 1, "{f:?}");
    assert!(
        d.rules[f.excess[0].rule]
            .text
            .starts_with("Core Networking - DHCP")
    );
    assert_eq!(f.missing.len(), 1, "{f:?}");
    assert!(
        d.rules[f.missing[0].dropped_by.expect("dropped by a rule")]
            .text
            .starts_with("No HTTPS")
    );
    // Keywords only Windows can resolve are refused with their line.
    let text =
        windows_csv(&["\"RPC\",\"RPC\",\"Allow\",\"TCP\",\"RPC\",\"Any\",\"LocalSubnet\",\"Any\""]);
    let Err(e) = read_deployed(&text, "rdgw01.csv") else {
        panic!("refused");
    };
    let last = text.lines().count();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].line, last);
    // The command wants the server's name.
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("rdgw01.csv");
    std::fs::write(&file, windows_csv(&[])).expect("written");
    let f = file.to_str().expect("path");
    let out = portolan(&["verify", "examples/rds-perimeter.ron", "--deployed", f]);
    assert_eq!(out.status.code(), Some(2));
    let out = portolan(&[
        "verify",
        "examples/rds-perimeter.ron",
        "--deployed",
        f,
        "--firewall",
        "rdgw01",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("host rdgw01: 0 missing, 0 excess"));
}
