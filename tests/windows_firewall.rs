//! The `windows-firewall` format: golden files for the examples, and every script parsed
//! with a PowerShell grammar (tree-sitter-powershell; no PowerShell runs on these
//! machines): no syntax error, only the cmdlets the format means to call, arrays as
//! `@(...)`, and exactly the server's inbound flows opened.

mod common;
#[path = "../examples/synth.rs"]
mod synth;

use common::export_dir::{assert_golden_folder, export_files};
use common::{catalog, example};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::ExportError;
use portolan::model::{IcmpType, NodeId, NodeKind, Plan, Protocol};
use portolan::rules::{Numeric, RuleSet};
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::{Node, Parser, Tree};

const FORMAT: &str = "windows-firewall";

fn parse(source: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("the PowerShell grammar loads");
    parser
        .parse(source, None)
        .expect("the parser returns a tree")
}

fn walk<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    out.push(node);
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        walk(child, out);
    }
}

/// One command call: its name and its `-Parameter value` pairs as source text.
#[derive(Debug)]
struct Call {
    name: String,
    args: BTreeMap<String, String>,
}

/// Parses `script`; panics at the first ERROR or MISSING node with its position.
/// Returns the command calls in order.
fn check_script(file: &str, script: &str) -> Vec<Call> {
    let source = script
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{file}: no UTF-8 byte order mark"));
    let tree = parse(source);
    let mut nodes = Vec::new();
    walk(tree.root_node(), &mut nodes);
    for node in &nodes {
        if node.is_error() || node.is_missing() {
            let at = node.start_position();
            let line = source.lines().nth(at.row).unwrap_or("");
            panic!(
                "{file}:{}:{}: {} node in {line:?}",
                at.row + 1,
                at.column + 1,
                if node.is_error() { "ERROR" } else { "MISSING" }
            );
        }
    }
    assert!(!tree.root_node().has_error(), "{file}: syntax error");
    let text = |n: Node<'_>| source[n.byte_range()].to_owned();
    let mut calls = Vec::new();
    for node in nodes.iter().filter(|n| n.kind() == "command") {
        let Some(name) = node.child_by_field_name("command_name") else {
            continue;
        };
        let mut args = BTreeMap::new();
        if let Some(elements) = node.child_by_field_name("command_elements") {
            let mut cursor = elements.walk();
            let parts: Vec<Node<'_>> = elements
                .children(&mut cursor)
                .filter(|c| c.kind() != "command_argument_sep")
                .collect();
            let mut i = 0;
            while i < parts.len() {
                let part = parts[i];
                if part.kind() == "command_parameter" {
                    let value = parts
                        .get(i + 1)
                        .filter(|v| v.kind() != "command_parameter")
                        .map(|v| text(*v));
                    i += 1 + usize::from(value.is_some());
                    args.insert(text(part), value.unwrap_or_default());
                } else {
                    i += 1;
                }
            }
        }
        calls.push(Call {
            name: text(name),
            args,
        });
    }
    calls
}

/// The `'...'` strings of an `@('a', 'b')` array, quotes undone.
fn array_items(value: &str) -> Vec<String> {
    let inner = value
        .strip_prefix("@(")
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not an array: {value}"));
    inner
        .split(',')
        .map(|i| i.trim())
        .filter(|i| !i.is_empty())
        .map(|i| {
            i.strip_prefix('\'')
                .and_then(|i| i.strip_suffix('\''))
                .unwrap_or_else(|| panic!("not a quoted string: {i}"))
                .replace("''", "'")
        })
        .collect()
}

/// Checks every script of `plan`'s export and what it opens: for each server, the
/// (protocol, port range, remote address) it allows is exactly what its inbound rules
/// need. Returns the scripts by file name.
fn export_and_check(plan: &Plan) -> BTreeMap<String, String> {
    export_and_check_with(plan, &catalog())
}

fn export_and_check_with(plan: &Plan, catalog: &Catalog) -> BTreeMap<String, String> {
    let files = export_files(FORMAT, plan, catalog).expect("exports");
    let analysis = analyze(plan, catalog);
    let rules = RuleSet::new(plan, catalog, &analysis);

    // What each destination needs: (protocol, ports, remote address).
    let mut needed: BTreeMap<NodeId, BTreeSet<(String, String, String)>> = BTreeMap::new();
    for rule in rules.iter() {
        let (protocol, ports): (&str, Vec<String>) = match rule.protocol {
            Protocol::Tcp => (
                "TCP",
                rule.ports
                    .ranges()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            ),
            Protocol::Udp => (
                "UDP",
                rule.ports
                    .ranges()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            ),
            Protocol::Icmp(IcmpType::Any) => ("ICMPv4", vec!["any".into()]),
            Protocol::Icmp(IcmpType::Type(t)) => ("ICMPv4", vec![t.to_string()]),
        };
        let remotes: Vec<String> = match rule.source.numeric() {
            Numeric::Any => vec!["Any".into()],
            Numeric::Blocks(b) => b.iter().map(ToString::to_string).collect(),
        };
        for r in &ports {
            for remote in &remotes {
                needed.entry(rule.destination.id()).or_default().insert((
                    protocol.to_owned(),
                    r.to_string(),
                    remote.clone(),
                ));
            }
        }
    }

    let servers: Vec<_> = plan
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Server)
        .filter(|n| rules.endpoint(n.id).is_some_and(|e| !e.on_internet()))
        .collect();
    assert_eq!(files.len(), servers.len(), "one script per Windows server");
    for (file, script) in &files {
        let calls = check_script(file, script);
        let names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names.first(),
            Some(&"Remove-NetFirewallRule"),
            "{file}: removes its group first"
        );
        let remove = &calls[0];
        assert_eq!(remove.args["-Group"], "$Group");
        assert_eq!(remove.args["-ErrorAction"], "SilentlyContinue");
        assert!(
            names[1..]
                .iter()
                .all(|n| *n == "New-NetFirewallRule" || *n == "Out-Null"),
            "{file}: calls only the firewall cmdlets: {names:?}"
        );
        let mut opened = BTreeSet::new();
        for call in calls.iter().filter(|c| c.name == "New-NetFirewallRule") {
            let a = &call.args;
            for p in ["-DisplayName", "-Description"] {
                assert!(a[p].starts_with('\''), "{file}: {p} is a quoted string");
            }
            assert_eq!(a["-Group"], "$Group");
            assert_eq!(a["-Direction"], "Inbound");
            assert_eq!(a["-Action"], "Allow");
            assert_eq!(a["-Profile"], "$FirewallProfile");
            assert_eq!(a["-PolicyStore"], "$PolicyStore");
            let protocol = &a["-Protocol"];
            let ports = match (a.get("-LocalPort"), a.get("-IcmpType")) {
                (Some(ports), None) => array_items(ports),
                (None, Some(types)) => array_items(types),
                (None, None) if protocol == "ICMPv4" => vec!["any".to_owned()],
                _ => panic!("{file}: ports and ICMP types for {protocol}"),
            };
            for port in ports {
                for remote in array_items(&a["-RemoteAddress"]) {
                    opened.insert((protocol.clone(), port.clone(), remote));
                }
            }
        }
        let server = servers
            .iter()
            .find(|n| file.trim_end_matches(".ps1") == n.name.to_lowercase())
            .map(|n| n.id);
        if let Some(id) = server {
            // A rule allowing any address covers the addresses of other sources.
            let want = needed.remove(&id).unwrap_or_default();
            let covered: BTreeSet<_> = want
                .iter()
                .filter(|(p, port, remote)| {
                    opened.contains(&(p.clone(), port.clone(), remote.clone()))
                        || opened.contains(&(p.clone(), port.clone(), "Any".to_owned()))
                })
                .cloned()
                .collect();
            assert_eq!(covered, want, "{file}: opens every inbound need");
            let extra: Vec<_> = opened.iter().filter(|o| !want.contains(o)).collect();
            assert!(
                extra.is_empty(),
                "{file}: opens more than needed: {extra:?}"
            );
        }
    }
    files
}

#[test]
fn examples_match_their_golden_files() {
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let files = export_and_check(&example(name));
        assert_golden_folder(FORMAT, name, &files);
    }
}

#[test]
fn the_grammar_catches_barewords_and_broken_quotes() {
    // The check is only worth something if the grammar refuses what the format must
    // never write.
    for bad in [
        "New-NetFirewallRule -DisplayName 'x' -LocalPort @('135' '445')\n",
        "New-NetFirewallRule -DisplayName 'it's'\n",
        "param(\n    [string]$PolicyStore = 'x'\n",
    ] {
        assert!(parse(bad).root_node().has_error(), "accepted: {bad}");
    }
    assert!(
        !parse("New-NetFirewallRule -Profile @('Domain', 'Private')\n")
            .root_node()
            .has_error()
    );
}

#[test]
fn a_server_gets_one_rule_per_service_with_every_source() {
    let files = export_and_check(&example("rds-perimeter"));
    let dc = &files["dc01.ps1"];
    let calls = check_script("dc01.ps1", dc);
    let rules: Vec<&Call> = calls
        .iter()
        .filter(|c| c.name == "New-NetFirewallRule")
        .collect();
    // nps01, rdcb01 and rdweb01 need the same as domain members: one rule for the three,
    // whatever their zones.
    let members = rules
        .iter()
        .find(|c| c.args["-RemoteAddress"] == "@('10.0.2.50', '10.0.2.10', '10.0.1.11')")
        .expect("one rule for the three members");
    assert_eq!(members.args["-Protocol"], "TCP");
    assert_eq!(
        members.args["-LocalPort"],
        "@('53', '88', '135', '389', '445', '464', '3268', '49152-65535')"
    );
    assert_eq!(
        members.args["-DisplayName"],
        "'Portolan - DNS, Kerberos, LDAP, Global catalog, SMB, RPC from nps01, rdcb01, rdweb01 (TCP-In)'"
    );
    assert!(members.args["-Description"].contains("Requirements: member-dns, member-dc-kerberos"));
    assert!(members.args["-Description"].contains("References: KB832017 §Active Directory"));
    assert!(dc.contains("$Group = 'Portolan: RDS with a perimeter network'\n"));
    // The gateway takes HTTPS from anywhere.
    let gw = check_script("rdgw01.ps1", &files["rdgw01.ps1"]);
    assert!(gw.iter().any(|c| {
        c.args
            .get("-RemoteAddress")
            .is_some_and(|r| r == "@('Any')")
    }));
    // A server nothing reaches still gets its script, which only removes old rules.
    let adm = check_script("adm01.ps1", &files["adm01.ps1"]);
    assert_eq!(adm.len(), 1);
    assert!(
        !files.contains_key("microsoft_clearinghouse_21.ps1"),
        "no script for the Internet"
    );
}

#[test]
fn hostile_names_stay_inside_their_strings() {
    let mut plan = example("small-office");
    plan.name = "Bob's $(Remove-Item C:\\) `\n\u{2019}; Stop-Computer".into();
    for node in &mut plan.nodes {
        node.name = match node.id.0 {
            20 => "rds'01 $(Stop-Computer)\r\n#>".into(),
            21 => "dc01\u{2018}; Stop-Computer; \u{2019}".into(),
            _ => format!("{} ' \" `$x", node.name),
        };
    }
    let files = export_and_check(&plan);
    for (file, script) in &files {
        let calls = check_script(file, script);
        assert!(
            calls
                .iter()
                .all(|c| !c.name.contains("Stop-Computer") && !c.name.contains("Remove-Item")),
            "{file}: a name became a command"
        );
    }
    let rds = files
        .iter()
        .find(|(f, _)| f.starts_with("rds"))
        .map(|(_, s)| s)
        .unwrap();
    assert!(
        rds.contains(
            "$Group = 'Portolan: Bob''s $(Remove-Item C:\\) ` \u{2019}\u{2019}; Stop-Computer'\n"
        ),
        "{rds}"
    );
}

#[test]
fn long_address_lists_are_arrays_over_several_lines() {
    let plan = synth::synth_plan(1_000);
    let files = export_and_check(&plan);
    assert!(
        files.values().any(|s| s.contains("-RemoteAddress @(\n")),
        "some rule has more than eight source addresses"
    );
}

#[test]
fn nodes_without_addresses_are_refused_all_at_once() {
    let mut plan = example("wds-pxe");
    for node in &mut plan.nodes {
        if node.name.starts_with("dhcp") || node.name.starts_with("wds") {
            node.address = None;
        }
    }
    let err = export_files(FORMAT, &plan, &catalog()).unwrap_err();
    assert!(matches!(err, ExportError::MissingAddresses(_)));
    assert!(err.to_string().contains("`dhcp01`, `wds01`"), "{err}");
}

#[test]
fn sources_reached_by_name_open_any_address_and_say_so() {
    // An extra catalog makes the Clearinghouse (reached by name) call the license server.
    let catalog = catalog()
        .extend(
            r#"Catalog(requirements: [(id: "callback", consumer: "microsoft_clearinghouse",
                provider: "rd_licensing", protocols: [Tcp], ports: [Port(9999)],
                service: "Callback", purpose: "a test flow from the Internet",
                references: [(doc: "kb832017")])])"#,
            "test catalog",
        )
        .expect("the extra catalog loads");
    let files = export_and_check_with(&example("rds-perimeter"), &catalog);
    let lic = &files["rdlic01.ps1"];
    let calls = check_script("rdlic01.ps1", lic);
    let callback = calls
        .iter()
        .find(|c| c.args.get("-LocalPort").is_some_and(|p| p == "@('9999')"))
        .expect("the callback rule");
    assert_eq!(callback.args["-RemoteAddress"], "@('Any')");
    assert!(
        callback.args["-Description"].contains(
            "Microsoft Clearinghouse (Internet, activation.sls.microsoft.com: any address, as Windows Firewall takes addresses only)"
        ),
        "{}",
        callback.args["-Description"]
    );
}
