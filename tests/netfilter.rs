//! The `nftables` and `iptables` formats: golden files of the examples, what the files
//! hold on hard cases (IPv6, ranges, overlapping blocks, DNS names, nft keywords and
//! quotes in names, port lists over iptables' 15, comments over nft's 128 bytes), and
//! the real checkers (`nft -c`, `iptables-restore --test`, `ip6tables-restore --test`)
//! on every file when they are installed.
//!
//! Golden files live in `tests/golden/<format>/<example>/`; after a deliberate change,
//! regenerate them with `PORTOLAN_BLESS=1 cargo test --test netfilter` and review the
//! diff. Set `PORTOLAN_REQUIRE_CHECKERS=1` (CI does) to fail instead of skipping when a
//! checker is missing.

mod common;

use common::{catalog, example, example_text};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportError, ExportOptions, Policy, export_to_path, find_format};
use portolan::io::parse_plan;
use portolan::model::Plan;
use portolan::rules::RuleSet;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const EXAMPLES: [&str; 3] = ["rds-perimeter", "wds-pxe", "small-office"];
const FORMATS: [&str; 2] = ["nftables", "iptables"];

/// The files `format` writes for `plan`, by name.
fn export(
    plan: &Plan,
    catalog: &Catalog,
    format: &str,
    options: &ExportOptions,
) -> Result<BTreeMap<String, String>, ExportError> {
    let analysis = analyze(plan, catalog);
    let rules = RuleSet::new(plan, catalog, &analysis);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    export_to_path(find_format(format).unwrap(), &rules, options, &out)?;
    Ok(read_dir(&out))
}

/// The files of `dir` by name, without the folder writer's hidden marker.
fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().into_string().unwrap(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .map(|(name, path)| (name, std::fs::read_to_string(path).unwrap()))
        .collect()
}

fn files(plan: &Plan, catalog: &Catalog, format: &str) -> BTreeMap<String, String> {
    export(plan, catalog, format, &ExportOptions::default()).unwrap()
}

#[test]
fn golden_files_of_the_examples() {
    let bless = std::env::var_os("PORTOLAN_BLESS").is_some();
    for format in FORMATS {
        for name in EXAMPLES {
            let got = files(&example(name), &catalog(), format);
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden")
                .join(format)
                .join(name);
            if bless {
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).unwrap();
                for (file, text) in &got {
                    std::fs::write(dir.join(file), text).unwrap();
                }
            }
            let want = read_dir(&dir);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{format} files of {name} differ from tests/golden/{format}/{name}"
            );
            for (file, text) in &got {
                assert_eq!(
                    text, &want[file],
                    "{format}: {name}/{file} differs from its golden file"
                );
            }
        }
    }
}

/// The rds-perimeter plan made hard: dual-stack and IPv6-only nodes, a range, blocks
/// that overlap, nodes named like nft keywords and with quotes and a backslash, and an
/// extra requirement with 20 ports and references long enough to be shortened.
fn hard_plan() -> (Plan, Catalog) {
    let mut text = example_text("rds-perimeter");
    for (from, to) in [
        (
            r#"cidrs: ["10.0.2.0/24"]"#,
            r#"cidrs: ["10.0.2.0/24", "2001:db8:2::/64"]"#,
        ),
        (
            r#"cidrs: ["10.0.1.0/24"]"#,
            r#"cidrs: ["10.0.1.0/24", "2001:db8:1::/64"]"#,
        ),
        (
            r#"address: "10.0.1.10")"#,
            r#"address: "10.0.1.10, 2001:db8:1::10")"#,
        ),
        (
            r#"address: "10.0.1.11")"#,
            r#"address: "10.0.1.11-10.0.1.12")"#,
        ),
        (
            r#"address: "10.0.2.5")"#,
            r#"address: "10.0.2.5-10.0.2.7, 10.0.2.0/29, 2001:db8:2::5")"#,
        ),
        (r#"address: "10.0.2.22")"#, r#"address: "2001:db8:2::22")"#),
        (r#"name: "rdlic01""#, r#"name: "drop""#),
        (r#"name: "crl01""#, r#"name: "dns""#),
        (r#"name: "nps01""#, r#"name: "ip \"x\" \\ y""#),
        (r#"name: "edge""#, r#"name: "Edge \"1\"""#),
        (
            r#"roles: ["admin_workstation"]"#,
            r#"roles: ["admin_workstation", "tester"]"#,
        ),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let ports: Vec<String> = (1..=18)
        .map(|i| format!("Port({})", 7000 + 2 * i))
        .chain(["Range(\"8000-8010\")".into(), "Range(\"9000-9100\")".into()])
        .collect();
    let extra = format!(
        r#"Catalog(
    documents: [(id: "lab", cite: "Lab \"notes\"", title: "Test ports")],
    roles: [(id: "tester", name: "Tester", short: "TST", group: "Custom",
             description: "Tests every domain controller.")],
    requirements: [(id: "tester-dc-every-port-we-could-think-of", consumer: "tester",
        provider: "domain_controller", protocols: [Tcp, Udp], ports: [{}],
        service: "Tests", purpose: "tests",
        references: [(doc: "lab", section: "Ports \\ all of them, listed one by one in the appendix"),
                     (doc: "lab", section: "Another section with a long name that does not fit")])],
)"#,
        ports.join(", ")
    );
    let catalog = catalog().extend(&extra, "extra.ron").unwrap();
    let plan = parse_plan(&text, "hard.ron", &catalog).unwrap();
    (plan, catalog)
}

/// The lines of `text` that are rules (not comments, not blank).
fn rule_lines<'t>(text: &'t str, start: &str) -> Vec<&'t str> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with(start))
        .collect()
}

/// The text between `comment "` and the closing quote of a rule line.
fn comment_of(line: &str) -> &str {
    let start = line.find("comment \"").map(|i| i + 9).unwrap();
    let end = line[start..].find('"').unwrap() + start;
    &line[start..end]
}

#[test]
fn nftables_writes_sets_per_family_and_rules_for_the_families_both_ends_have() {
    let (plan, catalog) = hard_plan();
    let files = files(&plan, &catalog, "nftables");
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["edge_1_10.nft", "internal.nft", "management.nft"]
    );
    let internal = &files["internal.nft"];
    // Node sets, keyword names made safe by the family suffix, overlaps merged.
    for set in [
        "set rdgw01_v4 { type ipv4_addr; elements = { 10.0.1.10 } }",
        "set rdgw01_v6 { type ipv6_addr; elements = { 2001:db8:1::10 } }",
        "set dc01_v4 { type ipv4_addr; flags interval; elements = { 10.0.2.0/29 } }",
        "set dc01_v6 { type ipv6_addr; elements = { 2001:db8:2::5 } }",
        "set rdweb01_v4 { type ipv4_addr; flags interval; elements = { 10.0.1.11-10.0.1.12 } }",
        "set rdsh02_v6 { type ipv6_addr; elements = { 2001:db8:2::22 } }",
        "set dns_v4 { type ipv4_addr; elements = { 10.0.2.60 } }",
    ] {
        assert!(internal.contains(set), "{set}\n{internal}");
    }
    assert!(!internal.contains("rdsh02_v4"), "{internal}");
    let rules = rule_lines(internal, "ip");
    // Dual stack to dual stack: one rule per family; to an IPv6-only node: IPv6 only.
    let to_dc: Vec<_> = rules
        .iter()
        .filter(|l| l.contains("@rdgw01") && l.contains("@dc01") && l.contains("tcp"))
        .collect();
    assert_eq!(to_dc.len(), 2, "{to_dc:?}");
    assert!(to_dc[0].starts_with("ip saddr @rdgw01_v4 ip daddr @dc01_v4 tcp dport {"));
    assert!(to_dc[1].starts_with("ip6 saddr @rdgw01_v6 ip6 daddr @dc01_v6 tcp dport {"));
    let to_rdsh02: Vec<_> = rules.iter().filter(|l| l.contains("@rdsh02")).collect();
    assert_eq!(
        to_rdsh02,
        [
            &"ip6 saddr @rdgw01_v6 ip6 daddr @rdsh02_v6 tcp dport 3389 accept comment \"gateway-sessionhost-rdp | RDS 2012 ports §Remote Desktop Gateway\"",
            &"ip6 saddr @rdgw01_v6 ip6 daddr @rdsh02_v6 udp dport 3389 accept comment \"gateway-sessionhost-rdp | RDS 2012 ports §Remote Desktop Gateway\"",
        ]
    );
    // A DNS name is any address, with the name in the comment.
    assert!(internal.contains(
        "ip saddr @drop_v4 tcp dport 443 accept comment \"licensing-clearinghouse | to activation.sls.microsoft.com | RDS 2012 ports §Remote Desktop Licensing Server\""
    ));
    // Every comment fits nft's 128 bytes, ids first, never a stray quote or backslash.
    for file in files.values() {
        for line in rule_lines(file, "ip") {
            let comment = comment_of(line);
            assert!(comment.len() <= 128, "{line}");
            assert!(!comment.contains('\\'), "{line}");
            assert!(line.ends_with(&format!("comment \"{comment}\"")), "{line}");
        }
    }
    let management = &files["management.nft"];
    let long = rule_lines(management, "ip saddr @adm01_v4 ip daddr @dc01_v4 tcp")[0];
    assert_eq!(
        comment_of(long),
        "admin-winrm, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc +1 more"
    );
    // The whole text is on the `#` line above, with the quote made safe.
    assert!(management.contains("\t\t#   admin-winrm, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc, tester-dc-every-port-we-could-think-of | RDS 2012 ports §every role service; KB832017 §Windows Remote Management; KB832017 §Active Directory; KB179442; KB154596; Lab 'notes' §Ports / all of them, listed"), "{management}");
    // No family in common: said, not written.
    assert!(management.contains("\t\t# adm01 -> rdsh02 TCP: WinRM\n\t\t# not written: the two nodes have no address family in common\n"));
    // The firewall's name, quotes and all, only in `#` lines; its file name made safe.
    assert!(files["edge_1_10.nft"].starts_with(
        "#!/usr/sbin/nft -f\n# Portolan: firewall \"Edge \"1\"\" of the plan \"RDS with a perimeter network\".\n"
    ));
    // Host-firewall rules are counted, not written.
    assert!(internal.contains(" rules between servers of one zone cross no firewall"));
}

#[test]
fn iptables_splits_port_lists_uses_iprange_and_writes_an_ipv6_file() {
    let (plan, catalog) = hard_plan();
    let files = files(&plan, &catalog, "iptables");
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "edge_1_10.rules.v4",
            "edge_1_10.rules.v6",
            "internal.rules.v4",
            "internal.rules.v6",
            "management.rules.v4",
            "management.rules.v6"
        ]
    );
    let v4 = &files["internal.rules.v4"];
    let v6 = &files["internal.rules.v6"];
    // The range goes through iprange, a node's networks in one -s list.
    assert!(v4.contains("-A FORWARD -d 10.0.2.0/29 -p tcp -m iprange --src-range 10.0.1.11-10.0.1.12 -m multiport --dports 53,88,135,389,445,464,3268,49152:65535 -m comment"), "{v4}");
    // IPv6-only nodes only in the IPv6 file, dual-stack nodes in both.
    assert!(!v4.contains("rdsh02"), "{v4}");
    assert!(v6.contains("# rdgw01 -> rdsh02 TCP: RDP\n-A FORWARD -s 2001:db8:1::10 -d 2001:db8:2::22 -p tcp -m tcp --dport 3389 -m comment"), "{v6}");
    assert!(v6.contains("-A FORWARD -s 2001:db8:1::10 -d 2001:db8:2::5 -p tcp -m multiport"));
    assert!(
        rule_lines(v6, "-A").iter().all(|l| !l.contains("10.0.")),
        "{v6}"
    );
    // The DNS name: any address, with the name in the comment; the license server has
    // an IPv4 address only, so the rule is in the IPv4 file only.
    let clearinghouse = "-A FORWARD -s 10.0.2.40 -p tcp -m tcp --dport 443 -m comment --comment \"licensing-clearinghouse | to activation.sls.microsoft.com | RDS 2012 ports §Remote Desktop Licensing Server\" -j ACCEPT";
    assert!(v4.contains(clearinghouse), "{v4}");
    assert!(!v6.contains("Clearinghouse"), "{v6}");
    // 18 ports and two ranges: 22 slots, split into 15 and 7.
    let management = &files["management.rules.v4"];
    for file in files.values() {
        for line in rule_lines(file, "-A FORWARD") {
            if let Some(i) = line.find("--dports ") {
                let list = line[i + 9..].split(' ').next().unwrap();
                let slots: usize = list
                    .split(',')
                    .map(|p| if p.contains(':') { 2 } else { 1 })
                    .sum();
                assert!(slots <= 15, "{line}");
            }
            if line.contains("--comment") {
                let start = line.find("--comment \"").unwrap() + 11;
                let end = line[start..].find('"').unwrap() + start;
                assert!(end - start <= 255, "{line}");
                assert!(!line[start..end].contains('\\'), "{line}");
            }
        }
    }
    let tcp_dc: Vec<_> = rule_lines(management, "-A FORWARD -s 10.0.9.10 -d 10.0.2.0/29 -p tcp");
    assert_eq!(tcp_dc.len(), 3, "{tcp_dc:?}");
    assert!(
        tcp_dc[0].contains(
            " --dports 53,88,135,389,445,464,3268,5985,7002,7004,7006,7008,7010,7012,7014 "
        )
    );
    assert!(tcp_dc[1].contains(
        " --dports 7016,7018,7020,7022,7024,7026,7028,7030,7032,7034,7036,8000:8010,9000:9100 "
    ));
    assert!(tcp_dc[2].contains(" -m tcp --dport 49152:65535 "));
}

#[test]
fn policy_accept_changes_only_the_policy_and_the_header() {
    let plan = example("wds-pxe");
    let accept = ExportOptions {
        policy: Policy::Accept,
        ..ExportOptions::default()
    };
    let nft_drop = &files(&plan, &catalog(), "nftables")["core.nft"];
    let nft_accept = &export(&plan, &catalog(), "nftables", &accept).unwrap()["core.nft"];
    assert!(nft_drop.contains("type filter hook forward priority filter; policy drop;"));
    assert!(nft_accept.contains("type filter hook forward priority filter; policy accept;"));
    let ipt_drop = &files(&plan, &catalog(), "iptables")["core.rules.v4"];
    let ipt_accept = &export(&plan, &catalog(), "iptables", &accept).unwrap()["core.rules.v4"];
    assert!(ipt_drop.contains("\n:FORWARD DROP [0:0]\n"));
    assert!(ipt_accept.contains("\n:FORWARD ACCEPT [0:0]\n"));
    for (a, b) in [(nft_drop, nft_accept), (ipt_drop, ipt_accept)] {
        let changed = a.lines().zip(b.lines()).filter(|(x, y)| x != y).count();
        assert_eq!(changed, 2, "{a}\n{b}");
    }
}

#[test]
fn nodes_without_addresses_and_plans_without_firewalls_are_refused() {
    let text = example_text("rds-perimeter")
        .replace(r#", address: "10.0.2.5")"#, ")")
        .replace(r#", address: "10.0.1.10")"#, ")");
    let plan = parse_plan(&text, "x.ron", &catalog()).unwrap();
    for format in FORMATS {
        let err = export(&plan, &catalog(), format, &ExportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("these nodes have no address or DNS name: `dc01`, `rdgw01`"),
            "{err}"
        );
    }
    let mut plan = example("small-office");
    plan.firewalls.clear();
    for format in FORMATS {
        let err = export(&plan, &catalog(), format, &ExportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("the plan has no firewall"), "{err}");
    }
}

#[test]
fn a_firewall_no_flow_crosses_gets_its_policy_alone() {
    let text = example_text("small-office").replace(
        "(id: 3, name: \"lan\", zones: [1, 2]),",
        "(id: 3, name: \"lan\", zones: [1, 2]),\n        (id: 4, name: \"spare\", zones: [1]),",
    );
    let plan = parse_plan(&text, "x.ron", &catalog()).unwrap();
    let nft = files(&plan, &catalog(), "nftables");
    let spare = &nft["spare.nft"];
    assert!(spare.contains("\ttable inet portolan {\n\tchain forward {\n") || spare.contains("table inet portolan {\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t\tct state established,related accept\n\t}\n}\n"), "{spare}");
    let ipt = files(&plan, &catalog(), "iptables");
    assert!(
        ipt["spare.rules.v4"]
            .ends_with("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n")
    );
}

/// How to give the checkers a network namespace of their own: `unshare -n` as root
/// (real CAP_NET_ADMIN: nft can size its netlink buffer for a large batch), else
/// `unshare -rn` (a user namespace too; nft 1.0 then cannot grow its 208 KB send
/// buffer, enough for the files of these tests).
fn namespace() -> &'static str {
    let root = Command::new("unshare")
        .args(["-n", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if root { "-n" } else { "-rn" }
}

/// Whether `tool` runs inside a network namespace of its own; `Some(reason)` when not
/// (after a loud message, or a panic when `PORTOLAN_REQUIRE_CHECKERS` is set).
fn checker(tool: &str) -> Option<String> {
    let ok = Command::new("unshare")
        .args([namespace(), tool, "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return None;
    }
    let reason = format!(
        "`unshare {} {tool}` does not run here (install nftables / iptables, and allow namespaces)",
        namespace()
    );
    if std::env::var_os("PORTOLAN_REQUIRE_CHECKERS").is_some() {
        panic!("{reason}; PORTOLAN_REQUIRE_CHECKERS is set");
    }
    eprintln!("\n*** SKIPPED: {reason}: the real checkers did not run ***\n");
    Some(reason)
}

/// Runs `tool args.. FILE` in a network namespace of its own on the file `text`; its
/// errors when it refuses it.
fn check_with(tool: &[&str], name: &str, text: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = Command::new("unshare")
        .arg(namespace())
        .args(tool)
        .arg(&path)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} refused {name}:\n{}{}\n{text}",
            tool.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn the_real_checkers_accept_every_file() {
    let missing: Vec<String> = ["nft", "iptables-restore", "ip6tables-restore"]
        .into_iter()
        .filter_map(checker)
        .collect();
    if !missing.is_empty() {
        return;
    }
    let mut plans: Vec<(String, Plan, Catalog)> = EXAMPLES
        .iter()
        .map(|n| (n.to_string(), example(n), catalog()))
        .collect();
    let (hard, hard_catalog) = hard_plan();
    plans.push(("hard".into(), hard, hard_catalog));
    let mut checked = 0;
    for (name, plan, catalog) in &plans {
        for policy in [Policy::Drop, Policy::Accept] {
            let options = ExportOptions {
                policy,
                ..ExportOptions::default()
            };
            for format in FORMATS {
                for (file, text) in export(plan, catalog, format, &options).unwrap() {
                    let tool: &[&str] = if file.ends_with(".nft") {
                        &["nft", "-c", "-f"]
                    } else if file.ends_with(".v6") {
                        &["ip6tables-restore", "--test"]
                    } else {
                        &["iptables-restore", "--test"]
                    };
                    let label = format!("{name}-{file}");
                    if let Err(e) = check_with(tool, &label, &text) {
                        panic!("{e}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn the_checkers_catch_a_broken_file() {
    // The checker test above is only worth something if the checkers refuse bad files.
    if checker("nft").is_some() || checker("iptables-restore").is_some() {
        return;
    }
    let nft = &files(&example("wds-pxe"), &catalog(), "nftables")["core.nft"];
    let broken = nft.replacen("elements = { 10.10.0.21 }", "elements = { 10.10.0.300 }", 1);
    assert_ne!(&broken, nft);
    assert!(check_with(&["nft", "-c", "-f"], "core.nft", &broken).is_err());
    let ipt = &files(&example("wds-pxe"), &catalog(), "iptables")["core.rules.v4"];
    let broken = ipt.replacen(
        "--dports 135,139,445,5040",
        "--dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
        1,
    );
    assert_ne!(&broken, ipt);
    assert!(check_with(&["iptables-restore", "--test"], "core.rules.v4", &broken).is_err());
}

/// Names are stable: a renamed node (kept in the same place in the sort order) changes
/// its own lines and no other.
#[test]
fn renaming_a_node_changes_only_its_own_lines() {
    let before = example("rds-perimeter");
    let text = example_text("rds-perimeter").replace(r#"name: "rdsh01""#, r#"name: "rdsh01-a""#);
    let after = parse_plan(&text, "renamed.ron", &catalog()).unwrap();
    for format in FORMATS {
        let (old, new) = (
            files(&before, &catalog(), format),
            files(&after, &catalog(), format),
        );
        assert_eq!(
            old.keys().collect::<Vec<_>>(),
            new.keys().collect::<Vec<_>>()
        );
        let mut changed = 0;
        for (file, old_text) in &old {
            let new_text = &new[file];
            assert_eq!(old_text.lines().count(), new_text.lines().count(), "{file}");
            for (a, b) in old_text.lines().zip(new_text.lines()) {
                if a != b {
                    assert!(a.contains("rdsh01"), "{file}: {a}");
                    assert!(b.contains("rdsh01-a"), "{file}: {b}");
                    changed += 1;
                }
            }
        }
        assert!(changed > 0, "{format}");
    }
}
