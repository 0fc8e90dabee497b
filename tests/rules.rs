//! The typed rule view: what every export format reads.

mod common;
use common::{catalog, example};
use portolan::engine::analyze;
use portolan::model::{Address, NodeId, Protocol};
use portolan::rules::{NameStyle, Names, Numeric, RuleSet};

#[test]
fn rules_follow_the_matrix_with_typed_ends() {
    let plan = example("rds-perimeter");
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    assert_eq!(rules.len(), analysis.matrix.rows.len());
    assert_eq!(rules.iter().count(), rules.len());
    let first = rules.get(0).unwrap();
    assert_eq!(first.firewall.unwrap().name, "edge");
    assert_eq!(first.source.name(), "rdlic01");
    assert_eq!(first.source.zone_name(), "Internal");
    assert_eq!(
        first.source.numeric(),
        Numeric::Blocks(&["10.0.2.40".parse().unwrap()])
    );
    // The Clearinghouse is reached by name: numeric formats write any address.
    assert_eq!(first.destination.id(), NodeId(21));
    assert_eq!(
        first.destination.dns_name().unwrap().as_str(),
        "activation.sls.microsoft.com"
    );
    assert_eq!(first.destination.numeric(), Numeric::Any);
    assert_eq!(first.protocol, Protocol::Tcp);
    assert_eq!(first.ports.to_string(), "443");
    assert_eq!(first.requirements.ids(), ["licensing-clearinghouse"]);
    assert_eq!(
        first
            .requirements
            .citations()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["RDS 2012 ports §Remote Desktop Licensing Server"]
    );
    assert!(rules.get(rules.len()).is_none());
}

#[test]
fn rules_group_by_firewall_with_host_rules_last() {
    let plan = example("rds-perimeter");
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let groups = rules.by_firewall();
    let names: Vec<&str> = groups
        .iter()
        .map(|(f, _)| f.map_or("(hosts)", |f| f.name.as_str()))
        .collect();
    assert_eq!(names, ["edge", "internal", "management", "(hosts)"]);
    let mut next = 0;
    for (fw, range) in &groups {
        assert_eq!(range.start, next);
        next = range.end;
        for rule in rules.slice(range.clone()) {
            assert_eq!(rule.firewall.map(|f| f.id), fw.map(|f| f.id));
            assert_eq!(rule.is_host(), fw.is_none());
        }
    }
    assert_eq!(next, rules.len());
    // Every document the rules cite, once, in catalog order.
    let docs: Vec<&str> = rules.documents().iter().map(|d| d.cite.as_str()).collect();
    assert!(
        docs.contains(&"RDS 2012 ports") && docs.contains(&"KB832017"),
        "{docs:?}"
    );
    let mut unique = docs.clone();
    unique.dedup();
    assert_eq!(unique, docs);
}

#[test]
fn vendor_formats_get_every_node_to_fix_at_once() {
    let catalog = catalog();
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let plan = example(name);
        let analysis = analyze(&plan, &catalog);
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        assert_eq!(rules.require_addresses(), Ok(()), "{name}");
    }
    let mut plan = example("rds-perimeter");
    for node in &mut plan.nodes {
        match node.name.as_str() {
            "rdsh02" | "adm01" => node.address = None,
            "dc01" => node.address = Some("dc01.corp.example.com".parse().unwrap()),
            _ => {}
        }
    }
    // A node in no rule does not matter.
    plan.nodes[0].address = None;
    plan.nodes[0].roles.clear();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let missing = rules.require_addresses().unwrap_err();
    assert_eq!(missing.unaddressed, ["adm01", "rdsh02"]);
    assert_eq!(missing.named_inside, ["dc01"]);
    assert_eq!(
        missing.to_string(),
        "these nodes have no address or DNS name: `adm01`, `rdsh02`; give each one its address (or `any`, or a DNS name for a service on the Internet); these nodes have a DNS name but are not on the Internet, and a rule inside the organisation is never widened to any address: `dc01`; give each one its address"
    );
    // `any` is an address.
    assert!(plan.nodes[0].address.is_none());
    assert_eq!("any".parse::<Address>(), Ok(Address::Any));
}

#[test]
fn rule_names_are_unique_within_each_firewall() {
    let plan = example("rds-perimeter");
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let names = Names::new(&plan, NameStyle::PLAIN);
    assert_eq!(names.node(NodeId(20)), "remote_clients_20");
    assert_eq!(names.node(NodeId(21)), "microsoft_clearinghouse_21");
    for (_, range) in rules.by_firewall() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in rules.slice(range) {
            let name = names.rule(&rule);
            assert!(name.len() <= 31, "{name}");
            assert!(seen.insert(name.clone()), "{name} twice");
        }
    }
    let first = rules.get(0).unwrap();
    // Too long for 31 characters: the start of each name and both node ids.
    assert_eq!(names.rule(&first), "rdlic01_microsoft_44_21_tcp");
    let last = rules.get(rules.len() - 1).unwrap();
    assert_eq!(names.rule(&last), "rdvh01_to_rdlic01_tcp");
}
