//! Property tests of the review: narrowing every rule with the options the findings name
//! leaves no high-severity finding; adding a role never removes a finding about other
//! nodes.

mod common;
use common::catalog;
use portolan::engine::analyze;
use portolan::model::*;
use portolan::review::{Finding, Knowledge, Review, Severity, review};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Roles whose holders change which providers *other* nodes use (taken from the own
/// zone first, named in a `WithoutProvider` condition, counted by `AtLeastInZone`):
/// adding them may legitimately remove other nodes' flows, so the second property
/// leaves them out of the roles it adds.
const CHANGES_OTHERS: &[&str] = &[
    "domain_controller",
    "read_only_domain_controller",
    "dns",
    "rd_gateway",
    "rd_connection_broker",
];

const ROLES: &[&str] = &[
    "remote_client",
    "rd_gateway",
    "rd_web_access",
    "rd_connection_broker",
    "rd_session_host",
    "rd_virtualization_host",
    "rd_licensing",
    "domain_controller",
    "dns",
    "nps",
    "crl_distribution_point",
    "admin_workstation",
    "wds_server",
    "dhcp_server",
    "pxe_client",
    "read_only_domain_controller",
    "certification_authority",
    "sql_server",
    "file_server",
    "kms_host",
    "wsus_server",
];

/// A plan of 2-5 zones in a chain of firewalls, up to 14 nodes with host addresses.
fn arb_plan() -> impl Strategy<Value = Plan> {
    (2usize..=5)
        .prop_flat_map(|zc| {
            let kinds = proptest::collection::vec(0usize..6, zc);
            let nodes = proptest::collection::vec(
                (
                    0..zc,
                    proptest::collection::vec(0..ROLES.len(), 1..=3),
                    any::<bool>(),
                ),
                1..14,
            );
            (kinds, nodes, any::<bool>())
        })
        .prop_map(|(kinds, nodes, central_nps)| {
            let mut plan = Plan::default();
            plan.options.central_nps = central_nps;
            for (i, k) in kinds.iter().enumerate() {
                plan.zones.push(Zone {
                    id: ZoneId(100 + i as u32),
                    name: format!("z{i}"),
                    kind: ZoneKind::ALL[*k],
                    cidrs: vec![],
                    trust: None,
                    notes: String::new(),
                });
                if i > 0 {
                    plan.firewalls.push(Firewall {
                        id: FirewallId(200 + i as u32),
                        name: format!("fw{i}"),
                        zones: vec![ZoneId(99 + i as u32), ZoneId(100 + i as u32)],
                        notes: String::new(),
                    });
                }
            }
            for (i, (zone, roles, pre2008)) in nodes.iter().enumerate() {
                plan.nodes.push(Node {
                    id: NodeId(300 + i as u32),
                    name: format!("n{i}"),
                    zone: ZoneId(100 + *zone as u32),
                    kind: NodeKind::Server,
                    roles: roles.iter().map(|&r| ROLES[r].to_owned()).collect(),
                    address: Some(format!("10.0.{zone}.{}", i + 1).parse().expect("address")),
                    windows: if *pre2008 {
                        WindowsFamily::Pre2008
                    } else {
                        WindowsFamily::Server2008OrLater
                    },
                    domain: None,
                    options: NodeOptions::default(),
                    bypass: vec![],
                    notes: String::new(),
                });
            }
            plan
        })
}

fn run(plan: &Plan) -> Review {
    let catalog = catalog();
    let knowledge = Knowledge::builtin(&catalog).expect("review data");
    review(plan, &catalog, &analyze(plan, &catalog), &knowledge)
}

/// Applies every option fix the findings name, as a firewall team would; returns
/// whether anything changed.
fn apply_fixes(plan: &mut Plan, findings: &[Finding]) -> bool {
    let mut changed = false;
    for (k, f) in findings.iter().enumerate() {
        for fix in &f.fix.options {
            let value = match fix.option.kind {
                OptionKind::Flag => OptionValue::Flag(!fix.turn_off),
                OptionKind::OptionalPort => OptionValue::OptionalPort(Some(40000 + k as u16)),
                OptionKind::OptionalRange => {
                    OptionValue::OptionalRange(Some(PortRange::new(50000, 50255)))
                }
                _ => continue,
            };
            if let Some(node) = plan.nodes.iter_mut().find(|n| n.id == fix.node)
                && node.options.get(fix.option) != Some(value)
            {
                changed |= node.options.set(fix.option, Some(value));
            }
        }
    }
    changed
}

/// What a finding is about, whatever its wording.
fn key(f: &Finding) -> (String, FirewallId, NodeId, NodeId, Protocol) {
    (f.kind.id(), f.firewall, f.source, f.destination, f.protocol)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn narrowing_every_rule_leaves_no_high_finding(mut plan in arb_plan()) {
        for _ in 0..4 {
            let r = run(&plan);
            if !apply_fixes(&mut plan, &r.findings) {
                break;
            }
        }
        let r = run(&plan);
        // Left: only what a placement fixes (RDP straight from the Internet), never a
        // range an option would narrow.
        let high: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == Severity::High).collect();
        prop_assert!(high.iter().all(|f| f.kind.id() == "rdp-internet" && f.fix.options.is_empty()), "{high:#?}");
        let internet = plan.zones.iter().any(|z| z.kind == ZoneKind::Internet);
        prop_assert!(internet || high.is_empty());
    }

    #[test]
    fn adding_a_role_never_removes_a_finding_about_other_nodes(
        plan in arb_plan(),
        pick in any::<prop::sample::Index>(),
        role in 0..ROLES.len(),
    ) {
        let role = ROLES[role];
        prop_assume!(!CHANGES_OTHERS.contains(&role));
        let node = plan.nodes[pick.index(plan.nodes.len())].id;
        let before = run(&plan);
        let mut more = plan.clone();
        if let Some(n) = more.nodes.iter_mut().find(|n| n.id == node) {
            prop_assume!(!n.roles.iter().any(|r| r == role));
            n.roles.push(role.to_owned());
        }
        let after: BTreeSet<_> = run(&more).findings.iter().map(key).collect();
        for f in before.findings.iter().filter(|f| f.source != node && f.destination != node) {
            prop_assert!(after.contains(&key(f)), "adding {role} to {node:?} removed {f:#?}");
        }
    }
}

/// The narrowing the first property applies, on a plan known to have high findings:
/// rds-perimeter's three go, and the internal firewall opens far fewer ports.
#[test]
fn narrowing_rds_perimeter_with_the_named_options_removes_its_high_findings() {
    let mut plan = common::example("rds-perimeter");
    let before = run(&plan);
    assert_eq!(
        before
            .findings
            .iter()
            .filter(|f| f.severity == Severity::High)
            .count(),
        3
    );
    for _ in 0..4 {
        let r = run(&plan);
        if !apply_fixes(&mut plan, &r.findings) {
            break;
        }
    }
    let after = run(&plan);
    assert!(
        after.findings.iter().all(|f| f.severity < Severity::High),
        "{after:#?}"
    );
    let ports = |r: &Review| {
        r.firewalls
            .iter()
            .find(|s| s.name == "internal")
            .map(|s| s.ports_across)
    };
    assert!(ports(&after) < Some(100) && ports(&before) > Some(49000));
}
