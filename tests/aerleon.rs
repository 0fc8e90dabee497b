//! The `aerleon` format: the folder aclgen reads. Golden files for the examples, and
//! the structure aclgen relies on, read back with a YAML parser: every include exists,
//! every network and service a term names is defined, every firewall rule is a term for
//! each platform, and term names are unique where aclgen needs them to be.
//! (`scripts/validate-exports.sh` runs aclgen itself on the same exports.)

mod common;
use common::{catalog, example};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportError, ExportOptions, export_to_path, find_format};
use portolan::io::parse_plan;
use portolan::model::Plan;
use portolan::rules::RuleSet;
use serde_yaml_ng::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PLATFORMS: [&str; 5] = ["nftables", "iptables", "ciscoasa", "srx", "paloalto"];

/// The exported folder of `plan`: relative path -> contents.
fn export(plan: &Plan, catalog: &Catalog) -> Result<BTreeMap<String, String>, ExportError> {
    let analysis = analyze(plan, catalog);
    let rules = RuleSet::new(plan, catalog, &analysis);
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("aerleon");
    let format = find_format("aerleon")?;
    export_to_path(format, &rules, &ExportOptions::default(), &out)?;
    let mut files = BTreeMap::new();
    read_tree(&out, &out, &mut files);
    Ok(files)
}

fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("folder lists") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            read_tree(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let relative = path.strip_prefix(root).expect("inside").to_string_lossy();
            let text = std::fs::read_to_string(&path).expect("UTF-8 file");
            files.insert(relative.replace('\\', "/"), text);
        }
    }
}

fn yaml(files: &BTreeMap<String, String>, path: &str) -> Value {
    let text = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is missing"));
    serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

fn map<'v>(value: &'v Value, key: &str) -> &'v Mapping {
    value
        .get(key)
        .and_then(Value::as_mapping)
        .unwrap_or_else(|| panic!("`{key}` is not a mapping in {value:?}"))
}

fn seq<'v>(value: &'v Value, key: &str) -> &'v Vec<Value> {
    value
        .get(key)
        .and_then(Value::as_sequence)
        .unwrap_or_else(|| panic!("`{key}` is not a list in {value:?}"))
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// Whether a term is rendered for `platform` (its `platform` and `platform-exclude`).
fn rendered_for(term: &Value, platform: &str) -> bool {
    let has = |key| text(term, key).is_some_and(|v| v.split(' ').any(|p| p == platform));
    (text(term, "platform").is_none() || has("platform")) && !has("platform-exclude")
}

/// Checks the folder's structure; returns, per policy, the terms each platform renders.
fn check_structure(
    files: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeMap<String, Vec<Value>>> {
    let networks = yaml(files, "def/networks.yaml");
    let networks = map(&networks, "networks");
    let services = yaml(files, "def/services.yaml");
    let services = map(&services, "services");
    let network = |name: &str, kind: &str| -> bool {
        networks
            .get(name)
            .map(|n| seq(n, "values"))
            .is_some_and(|values| {
                !values.is_empty() && values.iter().all(|v| text(v, kind).is_some())
            })
    };
    let mut rendered = BTreeMap::new();
    for path in files.keys().filter(|p| p.starts_with("policies/pol/")) {
        let policy = yaml(files, path);
        let mut by_platform: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for filter in seq(&policy, "filters") {
            let header = filter.get("header").expect("header");
            assert!(
                text(header, "comment").is_some(),
                "{path}: header without comment"
            );
            let targets = map(header, "targets");
            let mut terms = Vec::new();
            for item in seq(filter, "terms") {
                match text(item, "include") {
                    Some(include) => {
                        let included = yaml(files, &format!("policies/{include}"));
                        terms.extend(seq(&included, "terms").iter().cloned());
                    }
                    None => terms.push(item.clone()),
                }
            }
            assert!(!terms.is_empty(), "{path}: a filter without terms");
            for term in &terms {
                let name = text(term, "name").expect("term name");
                assert!(
                    name.len() <= 24
                        && name
                            .bytes()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'),
                    "{path}: term name `{name}` is no iptables chain name"
                );
                assert_eq!(text(term, "action"), Some("accept"), "{name}");
                assert!(
                    !text(term, "comment").unwrap_or("").is_empty(),
                    "{name}: no comment"
                );
                if name == "established" {
                    continue;
                }
                let comment = text(term, "comment").unwrap_or("");
                assert!(
                    comment.contains("\nrequirements: ") && comment.contains("\nreferences: "),
                    "{name}: {comment}"
                );
                let protocol = text(term, "protocol").expect("protocol");
                assert!(
                    ["tcp", "udp", "icmp"].contains(&protocol),
                    "{name}: {protocol}"
                );
                for key in ["source", "destination"] {
                    if let Some(n) = text(term, &format!("{key}-address")) {
                        assert!(
                            network(n, "address"),
                            "{path}: {name}: network {n} not defined with addresses"
                        );
                    }
                    if let Some(n) = text(term, &format!("{key}-fqdn")) {
                        assert!(
                            network(n, "fqdn"),
                            "{path}: {name}: network {n} not defined with a DNS name"
                        );
                        assert!(
                            !rendered_for(term, "nftables"),
                            "{name}: DNS names only for srx"
                        );
                    }
                }
                if protocol == "icmp" {
                    assert!(text(term, "destination-port").is_none(), "{name}");
                    continue;
                }
                let service = text(term, "destination-port").expect("destination-port");
                let entries = services
                    .get(service)
                    .and_then(Value::as_sequence)
                    .unwrap_or_else(|| panic!("{path}: {name}: service {service} not defined"));
                assert!(!entries.is_empty());
                for entry in entries {
                    assert_eq!(text(entry, "protocol"), Some(protocol), "{service}");
                    let port = entry.get("port").expect("port");
                    assert!(
                        port.as_u64().is_some()
                            || port.as_str().is_some_and(|p| p.split_once('-').is_some()),
                        "{service}: {port:?}"
                    );
                }
            }
            for platform in targets.keys().filter_map(Value::as_str) {
                let list = by_platform.entry(platform.to_owned()).or_default();
                list.extend(terms.iter().filter(|t| rendered_for(t, platform)).cloned());
            }
        }
        for platform in PLATFORMS {
            let terms = by_platform
                .get(platform)
                .unwrap_or_else(|| panic!("{path}: no {platform} target"));
            // nftables names a chain per term in one table, Palo Alto a rule per term in
            // one rule base: names must be unique per policy.
            let names: BTreeSet<&str> = terms.iter().filter_map(|t| text(t, "name")).collect();
            assert_eq!(
                names.len(),
                terms.len(),
                "{path}: {platform} term names repeat"
            );
        }
        rendered.insert(path.clone(), by_platform);
    }
    rendered
}

#[test]
fn examples_match_their_golden_folders() {
    let catalog = catalog();
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let files = export(&example(name), &catalog).expect("example exports");
        let root = format!("{}/tests/golden/aerleon/{name}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("PORTOLAN_BLESS").is_some() {
            let _ = std::fs::remove_dir_all(&root);
            for (path, text) in &files {
                let path = Path::new(&root).join(path);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
                std::fs::write(path, text).expect("write golden file");
            }
        }
        let mut want = BTreeMap::new();
        read_tree(Path::new(&root), Path::new(&root), &mut want);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{name}: other files than tests/golden/aerleon/{name}"
        );
        for (path, text) in &files {
            assert_eq!(
                text, &want[path],
                "{name}: {path} differs from its golden file (PORTOLAN_BLESS=1 to regenerate, then review)"
            );
        }
    }
}

#[test]
fn every_firewall_rule_is_one_term_per_platform_and_names_defined_objects() {
    let catalog = catalog();
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let plan = example(name);
        let files = export(&plan, &catalog).expect("example exports");
        let rendered = check_structure(&files);
        let analysis = analyze(&plan, &catalog);
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        let mut firewalls = 0;
        for (firewall, range) in rules.by_firewall() {
            let Some(firewall) = firewall else { continue };
            firewalls += 1;
            let path = format!("policies/pol/{}.yaml", firewall.name.to_lowercase());
            let platforms = rendered
                .get(&path)
                .unwrap_or_else(|| panic!("{name}: no {path}"));
            for platform in PLATFORMS {
                let terms: Vec<&str> = platforms[platform]
                    .iter()
                    .filter_map(|t| text(t, "name"))
                    .filter(|n| *n != "established")
                    .collect();
                assert_eq!(
                    terms.len(),
                    range.len(),
                    "{name}: {path}: {platform} has {} terms for {} rules",
                    terms.len(),
                    range.len()
                );
            }
        }
        assert_eq!(
            rendered.len(),
            firewalls,
            "{name}: one policy per firewall with rules"
        );
    }
}

#[test]
fn the_internet_by_dns_name_is_a_name_for_srx_and_any_address_elsewhere() {
    let files = export(&example("rds-perimeter"), &catalog()).expect("exports");
    let edge = &files["policies/includes/edge/perimeter_to_internet.yaml"];
    let terms: Value = serde_yaml_ng::from_str(edge).expect("parses");
    let terms = seq(&terms, "terms");
    let srx: Vec<&Value> = terms.iter().filter(|t| rendered_for(t, "srx")).collect();
    let asa: Vec<&Value> = terms
        .iter()
        .filter(|t| rendered_for(t, "ciscoasa"))
        .collect();
    assert_eq!((srx.len(), asa.len()), (1, 1));
    assert_eq!(
        text(srx[0], "destination-fqdn"),
        Some("MICROSOFT_CLEARINGHOUSE_21")
    );
    assert_eq!(text(asa[0], "destination-address"), None);
    assert!(
        text(asa[0], "comment")
            .unwrap_or("")
            .contains("reached by name (activation.sls.microsoft.com)")
    );
    assert!(files["def/networks.yaml"].contains("- fqdn: activation.sls.microsoft.com"));
}

#[test]
fn a_node_without_an_address_refuses_the_export_naming_it() {
    let mut plan = example("rds-perimeter");
    for node in &mut plan.nodes {
        if node.name == "dc01" || node.name == "rdsh02" {
            node.address = None;
        }
    }
    let err = export(&plan, &catalog()).expect_err("refused");
    assert!(matches!(err, ExportError::MissingAddresses(_)), "{err}");
    assert!(err.to_string().contains("`dc01`, `rdsh02`"), "{err}");
}

/// IPv6, ranges, and ends with no address family in common.
const MIXED: &str = r#"Plan(
    version: 2,
    name: "dual stack",
    options: (licensing: PerDevice, activation: Web),
    zones: [
        (id: 1, name: "Office", kind: Clients),
        (id: 2, name: "Servers", kind: Internal),
    ],
    firewalls: [(id: 3, name: "lan", zones: [1, 2])],
    nodes: [
        (id: 10, name: "office pcs", zone: 1, kind: ClientGroup, roles: ["remote_client"], address: "192.168.10.10-192.168.10.20, 2001:db8:10::/64"),
        (id: 11, name: "v6 pcs", zone: 1, kind: ClientGroup, roles: ["remote_client"], address: "2001:db8:11::/64"),
        (id: 12, name: "adm01", zone: 1, roles: ["admin_workstation"], address: "2001:db8:10::12"),
        (id: 20, name: "rds01", zone: 2, roles: ["rd_connection_broker", "rd_web_access", "rd_session_host", "rd_licensing"], address: "192.168.20.10"),
        (id: 21, name: "dc01", zone: 2, roles: ["domain_controller", "dns"], address: "192.168.20.5, 2001:db8:20::5"),
    ],
)"#;

#[test]
fn ipv6_ranges_and_unmatchable_rules() {
    let catalog = catalog();
    let plan = parse_plan(MIXED, "mixed.ron", &catalog).expect("plan parses");
    let files = export(&plan, &catalog).expect("exports");
    check_structure(&files);
    let networks = &files["def/networks.yaml"];
    for net in [
        "192.168.10.10/31",
        "192.168.10.12/30",
        "192.168.10.16/30",
        "192.168.10.20/32",
        "2001:db8:10::/64",
        "2001:db8:20::5/128",
    ] {
        assert!(
            networks.contains(&format!("- address: {net}\n")),
            "{net} in\n{networks}"
        );
    }
    let policy = &files["policies/pol/lan.yaml"];
    assert!(
        policy.contains("nftables: mixed forward noverbose"),
        "{policy}"
    );
    assert!(
        policy.contains("paloalto: from-zone office to-zone servers mixed"),
        "{policy}"
    );
    // IPv6-only clients and an IPv4-only server: no packet matches, no term is written
    // (aclgen's nftables generator would widen it to any address).
    let terms = &files["policies/includes/lan/office_to_servers.yaml"];
    assert!(
        terms.contains("# left out: v6 pcs to rds01 (TCP)"),
        "{terms}"
    );
    assert!(
        terms.contains("# left out: adm01 to rds01 (TCP)"),
        "{terms}"
    );
    assert!(!terms.contains("source-address: V6_PCS_11\n"), "{terms}");
    assert!(
        terms.contains("source-address: ADM01\n    destination-address: DC01"),
        "{terms}"
    );
    assert!(
        terms.contains("source-address: OFFICE_PCS_10\n    destination-address: RDS01"),
        "{terms}"
    );
}
