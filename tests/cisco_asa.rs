//! The `cisco-asa` format: golden files for the examples, and, since no offline ASA
//! parser exists, a checker of the commands it writes: each line is a command of the
//! few forms the format uses, every name is valid ASA syntax, every object a rule names
//! is defined and every object defined is used, remarks fit, and each firewall has one
//! access rule per matrix row, in the access list of the zone the traffic comes from.

mod common;
#[path = "../examples/synth.rs"]
mod synth;

use common::export_dir::{assert_golden_folder, export_files};
use common::{catalog, example};
use portolan::engine::analyze;
use portolan::export::ExportError;
use portolan::model::{Address, Node, NodeId, NodeKind, Plan};
use portolan::rules::RuleSet;
use std::collections::{BTreeMap, BTreeSet};

const FORMAT: &str = "cisco-asa";

/// What the checker found in one configuration file.
#[derive(Debug, Default)]
struct Parsed {
    /// Object and object-group names defined, with their kind.
    defined: BTreeMap<String, &'static str>,
    /// Names rules use (`object X`, `object-group X`), with the kind they need.
    used: BTreeSet<(String, &'static str)>,
    /// Access entries per access list: (source, destination, service) as written.
    aces: BTreeMap<String, Vec<String>>,
    /// access-group bindings: access list -> interface.
    bindings: BTreeMap<String, String>,
}

/// Whether `name` is a valid ASA object or access-list name as the format writes them:
/// 1-64 characters, letters, digits, `-`, `_`, `.`, starting with a letter.
fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn port(p: &str) -> bool {
    p.parse::<u16>().is_ok_and(|n| n > 0)
}

fn ipv4(a: &str) -> bool {
    a.parse::<std::net::Ipv4Addr>().is_ok()
}

fn ip(a: &str) -> bool {
    a.parse::<std::net::IpAddr>().is_ok()
}

fn mask(m: &str) -> bool {
    m.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|m| u32::from(m).leading_ones() + u32::from(m).trailing_zeros() == 32)
}

fn ipv6_prefix(p: &str) -> bool {
    p.parse::<ipnet::Ipv6Net>().is_ok_and(|n| n.trunc() == n)
}

/// `eq P` / `range A B` at the start of `words`; how many words it took.
fn port_match(words: &[&str]) -> Option<usize> {
    match words {
        ["eq", p, ..] if port(p) => Some(2),
        ["range", a, b, ..]
            if port(a) && port(b) && a.parse::<u16>().ok() < b.parse::<u16>().ok() =>
        {
            Some(3)
        }
        _ => None,
    }
}

/// An ACE operand at the start of `words`: `any`, `object X`, `object-group X`.
fn operand<'w>(words: &'w [&'w str], parsed: &mut Parsed) -> Option<(usize, String)> {
    match words {
        ["any", ..] => Some((1, "any".into())),
        ["object", n, ..] if valid_name(n) => {
            parsed.used.insert((n.to_string(), "network"));
            Some((2, format!("object {n}")))
        }
        ["object-group", n, ..] if valid_name(n) => {
            parsed.used.insert((n.to_string(), "network-group"));
            Some((2, format!("object-group {n}")))
        }
        _ => None,
    }
}

/// Checks every line of a configuration; panics naming the first line that is not a
/// command of the forms the format writes.
fn parse(file: &str, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // The object being defined and its kind, for its indented lines.
    let mut current: Option<&'static str> = None;
    let mut remarks_before_ace = 0;
    for (n, line) in text.lines().enumerate() {
        let at = format!("{file}:{}: {line:?}", n + 1);
        assert!(
            line.is_ascii() && !line.contains('?'),
            "{at}: not plain ASCII"
        );
        assert!(!line.ends_with(' '), "{at}: trailing space");
        let words: Vec<&str> = line.split(' ').collect();
        if line.starts_with('!') {
            current = None;
            continue;
        }
        if let Some(body) = line.strip_prefix(' ') {
            let kind = current.unwrap_or_else(|| panic!("{at}: indented line outside an object"));
            let w: Vec<&str> = body.split(' ').collect();
            let ok = match (kind, w.as_slice()) {
                (_, ["description", rest @ ..]) => {
                    !rest.is_empty() && body.len() - "description ".len() <= 200
                }
                ("network", ["host", a]) => ip(a),
                ("network", ["subnet", a, m]) => ipv4(a) && mask(m),
                ("network", ["subnet", p]) => ipv6_prefix(p),
                ("network", ["range", a, b]) => ip(a) && ip(b),
                ("network", ["fqdn", name]) => name.contains('.'),
                ("network-group", ["network-object", "host", a]) => ip(a),
                ("network-group", ["network-object", a, m]) => ipv4(a) && mask(m),
                ("network-group", ["network-object", p]) => ipv6_prefix(p),
                ("service", ["service-object", "tcp" | "udp", "destination", rest @ ..]) => {
                    port_match(rest) == Some(rest.len())
                }
                _ => false,
            };
            assert!(ok, "{at}: not a valid line of an object ({kind})");
            continue;
        }
        current = None;
        match words.as_slice() {
            ["object", "network", name] => {
                assert!(valid_name(name), "{at}: bad name");
                let old = parsed.defined.insert(name.to_string(), "network");
                assert!(old.is_none(), "{at}: defined twice");
                current = Some("network");
            }
            ["object-group", "network", name] => {
                assert!(valid_name(name), "{at}: bad name");
                let old = parsed.defined.insert(name.to_string(), "network-group");
                assert!(old.is_none(), "{at}: defined twice");
                current = Some("network-group");
            }
            ["object-group", "service", name] => {
                assert!(valid_name(name), "{at}: bad name");
                let old = parsed.defined.insert(name.to_string(), "service");
                assert!(old.is_none(), "{at}: defined twice");
                current = Some("service");
            }
            ["access-list", acl, "remark", ..] => {
                assert!(valid_name(acl), "{at}: bad access-list name");
                let text = line.split_once(" remark ").unwrap().1;
                assert!(
                    !text.trim().is_empty() && text.len() <= 100,
                    "{at}: remark empty or over 100 characters"
                );
                remarks_before_ace += 1;
            }
            ["access-list", acl, "extended", "permit", rest @ ..] => {
                assert!(valid_name(acl), "{at}: bad access-list name");
                assert!(remarks_before_ace >= 3, "{at}: rule without its remarks");
                remarks_before_ace = 0;
                let (service, rest) = match rest {
                    ["object-group", svc, rest @ ..] => {
                        assert!(valid_name(svc), "{at}: bad service group name");
                        parsed.used.insert((svc.to_string(), "service"));
                        (format!("object-group {svc}"), rest)
                    }
                    [p @ ("tcp" | "udp" | "icmp"), rest @ ..] => (p.to_string(), rest),
                    _ => panic!("{at}: unknown protocol"),
                };
                let (a, src) = operand(rest, &mut parsed).unwrap_or_else(|| panic!("{at}: source"));
                let rest = &rest[a..];
                let (b, dst) =
                    operand(rest, &mut parsed).unwrap_or_else(|| panic!("{at}: destination"));
                let rest = &rest[b..];
                let ports = if service.starts_with("object-group") {
                    assert!(rest.is_empty(), "{at}: ports after a service group");
                    String::new()
                } else if service == "icmp" {
                    assert!(
                        matches!(rest, [] | [_]) && rest.iter().all(|t| t.parse::<u8>().is_ok()),
                        "{at}: an ICMP type is one number"
                    );
                    rest.join(" ")
                } else {
                    assert_eq!(port_match(rest), Some(rest.len()), "{at}: ports");
                    rest.join(" ")
                };
                parsed
                    .aces
                    .entry(acl.to_string())
                    .or_default()
                    .push(format!("{service} {src} {dst} {ports}").trim().to_owned());
            }
            ["access-group", acl, "in", "interface", nameif] => {
                assert!(valid_name(acl) && valid_name(nameif), "{at}: bad names");
                assert!(parsed.aces.contains_key(*acl), "{at}: binds an empty list");
                parsed.bindings.insert(acl.to_string(), nameif.to_string());
            }
            _ => panic!("{at}: not a command the format writes"),
        }
    }
    // Every object a rule names is defined with the right kind, and every object
    // defined is used.
    for (name, kind) in &parsed.used {
        let defined = parsed.defined.get(name);
        let fits = match *kind {
            "network" => defined == Some(&"network"),
            "network-group" => defined == Some(&"network-group"),
            _ => defined == Some(&"service"),
        };
        assert!(
            fits,
            "{file}: `{name}` is used as {kind} but defined as {defined:?}"
        );
    }
    let used: BTreeSet<&String> = parsed.used.iter().map(|(n, _)| n).collect();
    for name in parsed.defined.keys() {
        assert!(
            used.contains(name),
            "{file}: `{name}` is defined but never used"
        );
    }
    for acl in parsed.aces.keys() {
        assert!(
            parsed.bindings.contains_key(acl),
            "{file}: {acl} is bound to no interface"
        );
    }
    parsed
}

/// Exports `plan`, checks every file, and checks that each firewall has one rule per
/// matrix row for it: returns the parsed files by name.
fn export_and_check(plan: &Plan) -> BTreeMap<String, Parsed> {
    let catalog = catalog();
    let files = export_files(FORMAT, plan, &catalog).expect("exports");
    let analysis = analyze(plan, &catalog);
    let rules = RuleSet::new(plan, &catalog, &analysis);
    assert_eq!(files.len(), plan.firewalls.len(), "one file per firewall");
    let parsed: BTreeMap<String, Parsed> = files
        .iter()
        .map(|(f, t)| (f.clone(), parse(f, t)))
        .collect();
    // Firewalls whose names need no cleaning have files named after them.
    for (fw, range) in rules.by_firewall() {
        let Some(fw) = fw else { continue };
        let Some(file) = parsed.get(&format!("{}.cfg", fw.name.to_lowercase())) else {
            continue;
        };
        let aces: usize = file.aces.values().map(Vec::len).sum();
        assert_eq!(
            aces,
            range.len(),
            "firewall {}: one rule per matrix row",
            fw.name
        );
    }
    parsed
}

#[test]
fn examples_match_their_golden_files() {
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let plan = example(name);
        let files = export_files(FORMAT, &plan, &catalog()).expect("exports");
        for (file, text) in &files {
            parse(file, text);
        }
        assert_golden_folder(FORMAT, name, &files);
    }
}

#[test]
fn rules_go_in_the_list_of_the_zone_they_enter_from() {
    let parsed = export_and_check(&example("rds-perimeter"));
    let edge = &parsed["edge.cfg"];
    // rdlic01 (Internal) reaches the Clearinghouse through `internal`, then enters `edge`
    // from the perimeter, not from its own zone.
    assert_eq!(
        edge.aces["EDGE_PERIMETER_IN"],
        ["tcp object rdlic01 object Microsoft_Clearinghouse_21 eq 443"]
    );
    assert_eq!(
        edge.aces["EDGE_INTERNET_IN"],
        [
            "tcp any object rdgw01 eq 443",
            "udp any object rdgw01 eq 3391",
            "tcp any object rdweb01 eq 443"
        ]
    );
    assert_eq!(edge.bindings["EDGE_INTERNET_IN"], "internet");
    assert_eq!(edge.defined["Microsoft_Clearinghouse_21"], "network");
    let internal = &parsed["internal.cfg"];
    assert!(
        internal.aces["INTERNAL_PERIMETER_IN"].contains(
            &"object-group TCP_53_88_135_389_445_464_3268_49152-65535 object rdgw01 object dc01"
                .to_owned()
        )
    );
    assert!(
        internal.aces["INTERNAL_INTERNAL_IN"]
            .contains(&"tcp object rdlic01 object Microsoft_Clearinghouse_21 eq 443".to_owned())
    );
}

#[test]
fn remarks_carry_requirements_and_references() {
    let files = export_files(FORMAT, &example("rds-perimeter"), &catalog()).unwrap();
    let internal = &files["internal.cfg"];
    let block: Vec<&str> = internal
        .lines()
        .skip_while(|l| !l.contains("remark rdgw01 to nps01 UDP"))
        .take(4)
        .collect();
    assert_eq!(
        block,
        [
            "access-list INTERNAL_PERIMETER_IN remark rdgw01 to nps01 UDP: RADIUS",
            "access-list INTERNAL_PERIMETER_IN remark requirements: gateway-nps-radius",
            "access-list INTERNAL_PERIMETER_IN remark references: RDS 2012 ports (Remote Desktop Gateway)",
            "access-list INTERNAL_PERIMETER_IN extended permit udp object rdgw01 object nps01 range 1812 1813",
        ]
    );
    assert!(
        internal
            .contains("object network nps01\n host 10.0.2.50\n description nps01 in Internal\n")
    );
    assert!(files["edge.cfg"].contains(" fqdn activation.sls.microsoft.com\n"));
}

/// A plan with what the examples lack: several blocks, ranges, networks, IPv6, names
/// that need cleaning, a long name, and a firewall with no flow.
fn awkward_plan() -> Plan {
    let mut plan = example("small-office");
    let set = |plan: &mut Plan, id: u32, name: &str, address: &str| {
        let node: &mut Node = plan.nodes.iter_mut().find(|n| n.id == NodeId(id)).unwrap();
        node.name = name.into();
        node.address = Some(address.parse::<Address>().unwrap());
    };
    set(
        &mut plan,
        10,
        "Büro PCs? (2nd floor)",
        "192.168.10.0/25, 192.168.10.200-192.168.10.210, 2001:db8:10::/64",
    );
    set(
        &mut plan,
        20,
        &format!("rds {}", "x".repeat(80)),
        "2001:db8:20::10",
    );
    plan.zones[0].name = "Office (1st floor)".into();
    plan.firewalls[0].name = "lan fw".into();
    plan
}

#[test]
fn awkward_names_and_addresses_stay_valid_syntax() {
    let plan = awkward_plan();
    let parsed = export_and_check(&plan);
    let files = export_files(FORMAT, &plan, &catalog()).unwrap();
    let (file, text) = files.iter().next().unwrap();
    assert_eq!(file, "lan_fw_3.cfg");
    let p = &parsed[file];
    assert_eq!(p.defined["B_ro_PCs_2nd_floor_10"], "network-group");
    assert!(text.contains(
        "object-group network B_ro_PCs_2nd_floor_10\n description B_ro PCs_ (2nd floor) in Office (1st floor)\n network-object 192.168.10.0 255.255.255.128\n network-object 192.168.10.200 255.255.255.248\n network-object 192.168.10.208 255.255.255.254\n network-object host 192.168.10.210\n network-object 2001:db8:10::/64\n"
    ), "{text}");
    assert!(
        text.contains(&format!(
            "object network rds_{}_20\n host 2001:db8:20::10\n",
            "x".repeat(57)
        )),
        "{text}"
    );
    assert!(
        p.aces
            .keys()
            .all(|acl| acl.starts_with("LAN_FW_3_OFFICE_1ST_FLOOR_1_IN"))
    );
}

#[test]
fn nodes_without_addresses_are_refused_all_at_once() {
    let mut plan = example("rds-perimeter");
    for node in plan.nodes.iter_mut().filter(|n| n.name.starts_with("rdsh")) {
        node.address = None;
    }
    let err = export_files(FORMAT, &plan, &catalog()).unwrap_err();
    assert!(matches!(err, ExportError::MissingAddresses(_)));
    let message = err.to_string();
    assert!(message.contains("`rdsh01`, `rdsh02`"), "{message}");
}

#[test]
fn a_synthetic_estate_exports_valid_configurations() {
    let plan = synth::synth_plan(1_000);
    assert!(plan.nodes.iter().any(|n| n.kind == NodeKind::ClientGroup));
    let parsed = export_and_check(&plan);
    let aces: usize = parsed
        .values()
        .flat_map(|p| p.aces.values())
        .map(Vec::len)
        .sum();
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let crossing = rules.iter().filter(|r| !r.is_host()).count();
    assert_eq!(
        aces, crossing,
        "one access rule per matrix row crossing a firewall"
    );
}

#[test]
fn output_is_the_same_run_after_run() {
    let plan = example("rds-perimeter");
    let a = export_files(FORMAT, &plan, &catalog()).unwrap();
    let b = export_files(FORMAT, &plan, &catalog()).unwrap();
    assert_eq!(a, b);
}
