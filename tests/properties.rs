//! Property tests: derivation is deterministic and independent of the order of anything
//! in the plan file; save -> load gives the same plan; port sets merge like sets; no text
//! makes the plan reader panic.

mod common;
use common::{catalog, csv, example_text};
use portolan::engine::analyze;
use portolan::io::{parse_plan, save_plan};
use portolan::model::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

const ROLES: &[&str] = &[
    "remote_client",
    "rd_gateway",
    "rd_web_access",
    "rd_connection_broker",
    "rd_session_host",
    "rd_virtualization_host",
    "rd_licensing",
    "microsoft_clearinghouse",
    "domain_controller",
    "dns",
    "nps",
    "crl_distribution_point",
    "admin_workstation",
    "wds_server",
    "dhcp_server",
    "pxe_client",
    "dhcp_relay",
    "read_only_domain_controller",
    "certification_authority",
    "sql_server",
    "file_server",
    "kms_host",
    "wsus_server",
    "microsoft_update",
];

/// A random but valid plan: 1-5 zones, some firewalls, up to 25 nodes with random roles,
/// options, links and geometry.
fn arb_plan() -> impl Strategy<Value = Plan> {
    let zone_count = 1usize..=5;
    zone_count
        .prop_flat_map(|zc| {
            let zones = proptest::collection::vec((0usize..6, "[a-z]{1,8}"), zc);
            let fws =
                proptest::collection::vec(proptest::collection::vec(0..zc, 1..=3), 0..=zc + 1);
            let nodes = proptest::collection::vec(
                (
                    0..zc,
                    proptest::collection::vec(0..ROLES.len(), 0..=3),
                    proptest::option::of(1u16..=65535),
                    any::<bool>(),
                    (-1000.0f32..1000.0, -1000.0f32..1000.0),
                ),
                0..25,
            );
            let links = proptest::collection::vec((0usize..25, 0usize..25), 0..10);
            let opts = (
                1u16..=65535,
                any::<bool>(),
                0usize..4,
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            );
            (zones, fws, nodes, links, opts)
        })
        .prop_map(|(zones, fws, nodes, links, opts)| {
            let mut plan = Plan::default();
            for (i, (kind, name)) in zones.iter().enumerate() {
                plan.zones.push(Zone {
                    id: ZoneId(100 + i as u32),
                    name: format!("{name}{i}"),
                    kind: ZoneKind::ALL[*kind],
                    cidrs: vec![],
                    trust: None,
                    notes: String::new(),
                });
                plan.layout.zones.insert(
                    ZoneId(100 + i as u32),
                    Rect {
                        x: i as f32 * 300.0,
                        y: 0.0,
                        w: 280.5,
                        h: 400.25,
                    },
                );
            }
            for (i, zs) in fws.iter().enumerate() {
                plan.firewalls.push(Firewall {
                    id: FirewallId(200 + i as u32),
                    name: format!("fw{i}"),
                    zones: zs.iter().map(|&z| ZoneId(100 + z as u32)).collect(),
                    notes: String::new(),
                });
            }
            for (i, (zone, roles, rdp, pre2008, (x, y))) in nodes.iter().enumerate() {
                let id = NodeId(300 + i as u32);
                plan.nodes.push(Node {
                    id,
                    name: format!("n{i}"),
                    zone: ZoneId(100 + *zone as u32),
                    kind: NodeKind::Server,
                    roles: roles.iter().map(|&r| ROLES[r].to_owned()).collect(),
                    address: Some(format!("10.0.0.{i}").parse().unwrap()),
                    windows: if *pre2008 {
                        WindowsFamily::Pre2008
                    } else {
                        WindowsFamily::Server2008OrLater
                    },
                    domain: [
                        None,
                        Some("a.example".to_owned()),
                        Some("b.example".to_owned()),
                    ][i % 3]
                        .clone(),
                    options: NodeOptions {
                        rdp_port: *rdp,
                        ..NodeOptions::default()
                    },
                    bypass: if *pre2008 {
                        vec!["rd_gateway".to_owned()]
                    } else {
                        vec![]
                    },
                    notes: String::new(),
                });
                plan.layout.nodes.insert(id, Point { x: *x, y: *y });
            }
            let n = plan.nodes.len();
            if n > 0 {
                for (a, b) in links {
                    plan.uses.push(UsesLink {
                        from: NodeId(300 + (a % n) as u32),
                        to: NodeId(300 + (b % n) as u32),
                    });
                }
            }
            let (rdp, udp, crl, nps, multicast, ldaps) = opts;
            plan.options.rdp_port = rdp;
            plan.options.gateway_udp = udp;
            plan.options.crl = [
                CrlMethod::Http,
                CrlMethod::Ldap,
                CrlMethod::Ftp,
                CrlMethod::NotChecked,
            ][crl];
            plan.options.central_nps = nps;
            plan.options.multicast = multicast;
            plan.options.ldaps = ldaps;
            plan
        })
}

/// `plan` with every list reordered by `seed` (a deterministic shuffle).
fn shuffled(plan: &Plan, seed: u64) -> Plan {
    fn shuffle<T>(v: &mut [T], seed: u64) {
        let mut s = seed | 1;
        for i in (1..v.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            v.swap(i, (s % (i as u64 + 1)) as usize);
        }
    }
    let mut p = plan.clone();
    shuffle(&mut p.zones, seed);
    shuffle(&mut p.firewalls, seed.wrapping_mul(3));
    shuffle(&mut p.nodes, seed.wrapping_mul(5));
    shuffle(&mut p.uses, seed.wrapping_mul(7));
    for n in &mut p.nodes {
        shuffle(&mut n.roles, seed.wrapping_mul(11));
    }
    p
}

/// Any address block: an IPv4 or IPv6 host, a network without host bits, or a range.
fn arb_block() -> impl Strategy<Value = AddressBlock> {
    let v4 = any::<u32>().prop_map(|a| std::net::IpAddr::V4(a.into()));
    let v6 = any::<u128>().prop_map(|a| std::net::IpAddr::V6(a.into()));
    let ip = prop_oneof![v4, v6];
    prop_oneof![
        ip.clone().prop_map(AddressBlock::Host),
        (ip.clone(), 0u8..=128).prop_map(|(ip, len)| {
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let net = ipnet::IpNet::new(ip, len.min(max)).unwrap().trunc();
            AddressBlock::Net(net)
        }),
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| {
            AddressBlock::Range(
                std::net::IpAddr::V4(a.min(b).into()),
                std::net::IpAddr::V4(b.max(a).into()),
            )
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn matrix_is_independent_of_input_order(plan in arb_plan(), seed in any::<u64>()) {
        let catalog = catalog();
        let a = analyze(&plan, &catalog);
        let b = analyze(&shuffled(&plan, seed), &catalog);
        prop_assert_eq!(&a.flows, &b.flows);
        prop_assert_eq!(&a.problems, &b.problems);
        prop_assert_eq!(csv(&plan), csv(&shuffled(&plan, seed)));
    }

    #[test]
    fn derivation_is_deterministic(plan in arb_plan()) {
        let catalog = catalog();
        let a = analyze(&plan, &catalog);
        let b = analyze(&plan, &catalog);
        prop_assert_eq!(a.flows, b.flows);
        prop_assert_eq!(a.matrix, b.matrix);
    }

    #[test]
    fn matrix_rows_do_not_depend_on_the_order_of_the_flows_given(plan in arb_plan()) {
        use portolan::engine::{PlanIndex, build_matrix};
        let catalog = catalog();
        let a = analyze(&plan, &catalog);
        let index = PlanIndex::new(&plan, &catalog);
        // Reversed: each run of flows stays together, but no longer in row order.
        let reversed: Vec<_> = a.flows.iter().rev().cloned().collect();
        let b = build_matrix(&index, &a.router, &reversed);
        let key = |m: &portolan::engine::Matrix| {
            m.rows
                .iter()
                .map(|r| (r.firewall, r.source, r.destination, r.protocol, r.ports.clone(), m.requirements(r).to_vec()))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(key(&a.matrix), key(&b));
        prop_assert_eq!(a.matrix.unrouted.len(), b.unrouted.len());
    }

    #[test]
    fn every_flow_is_in_the_matrix_once_per_firewall(plan in arb_plan()) {
        let a = analyze(&plan, &catalog());
        let mut listed = vec![0usize; a.flows.len()];
        for row in &a.matrix.rows {
            for f in row.flows.clone() {
                listed[f] += 1;
                let flow = &a.flows[f];
                prop_assert!(flow.ports.ranges().iter().all(|r| row.ports.contains(r.start) && row.ports.contains(r.end)));
            }
        }
        for (i, flow) in a.flows.iter().enumerate() {
            let zone = |id| plan.node(id).unwrap().zone;
            match a.router.path(zone(flow.source), zone(flow.destination)) {
                None => prop_assert!(a.matrix.unrouted.contains(&i)),
                Some(fws) => prop_assert_eq!(listed[i], fws.len().max(1)),
            }
        }
    }

    #[test]
    fn save_then_load_gives_the_same_plan(plan in arb_plan()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        save_plan(&path, &plan).unwrap();
        let loaded = portolan::io::load_plan(&path, &catalog()).unwrap();
        // The file holds "uses" links sorted, without repeats: their order means nothing.
        let mut expected = plan.clone();
        expected.uses.sort_unstable();
        expected.uses.dedup();
        prop_assert_eq!(loaded, expected);
        // Nothing but the plan is left in the folder.
        prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn port_sets_merge_like_sets(ranges in proptest::collection::vec((1u16..=400, 0u16..40), 0..20)) {
        let set: PortSet = ranges.iter().map(|&(a, len)| PortRange::new(a, a.saturating_add(len))).collect();
        let mut expected = BTreeMap::new();
        for &(a, len) in &ranges {
            for p in a..=a.saturating_add(len) { expected.insert(p, ()); }
        }
        for p in 0..=500u16 {
            prop_assert_eq!(set.contains(p), expected.contains_key(&p), "port {}", p);
        }
        // Fewest ranges: sorted, disjoint and not touching.
        for w in set.ranges().windows(2) {
            prop_assert!(u32::from(w[0].end) + 1 < u32::from(w[1].start));
        }
    }

    #[test]
    fn the_reader_never_panics_on_mutated_plans(pos in any::<proptest::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let text = example_text("rds-perimeter");
        let mut bytes = text.into_bytes();
        let i = pos.index(bytes.len());
        if cut { bytes.truncate(i) } else { bytes[i] = byte }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(plan) = parse_plan(&text, "mutated", &catalog()) {
            let _ = analyze(&plan, &catalog());
        }
    }

    #[test]
    fn the_reader_never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = parse_plan(&text, "random", &catalog());
    }

    #[test]
    fn addresses_read_back_as_they_are_written(
        blocks in proptest::collection::vec(arb_block(), 1..4),
        inside in arb_block(),
    ) {
        let address = Address::Blocks(blocks.iter().copied().collect());
        let text = address.to_string();
        prop_assert_eq!(text.parse::<Address>(), Ok(address));
        for b in &blocks {
            prop_assert_eq!(b.to_string().parse::<AddressBlock>(), Ok(*b));
            // A block contains itself; containment agrees with the first and last address.
            prop_assert!(b.contains(b));
            let (first, last) = inside.first_last();
            let (lo, hi) = b.first_last();
            let within = b.family() == inside.family() && lo <= first && last <= hi;
            prop_assert_eq!(b.contains(&inside), within);
        }
    }
}

// ---------------------------------------------------------------- plans change (issue 10)

/// `plan` after `edits`, each `(what, a, b)`: move node a to zone b, remove node a,
/// rename node a, add or remove role b on node a, set the plan's RDP port, change node
/// a's address.
fn edited(plan: &Plan, edits: &[(u8, usize, usize)]) -> Plan {
    let mut p = plan.clone();
    for &(what, a, b) in edits {
        let (n, z) = (p.nodes.len(), p.zones.len());
        if n == 0 {
            break;
        }
        let i = a % n;
        match what % 6 {
            0 => p.nodes[i].zone = p.zones[b % z].id,
            1 => {
                let id = p.nodes.remove(i).id;
                p.uses.retain(|l| l.from != id && l.to != id);
                p.layout.nodes.remove(&id);
            }
            2 => p.nodes[i].name = format!("renamed{b}"),
            3 => {
                let role = ROLES[b % ROLES.len()].to_owned();
                let roles = &mut p.nodes[i].roles;
                if let Some(at) = roles.iter().position(|r| *r == role) {
                    roles.remove(at);
                } else {
                    roles.push(role);
                }
            }
            4 => p.options.rdp_port = 3000 + (b % 1000) as u16,
            _ => {
                p.nodes[i].address = Some(format!("10.1.{}.{}", b % 200, i % 250).parse().unwrap())
            }
        }
    }
    p
}

type RuleImage = BTreeMap<String, String>;

/// Each rule as key -> everything that can change, in text: what "the rules" of a plan
/// are for the diff.
fn image(rules: &portolan::rules::RuleSet<'_>) -> RuleImage {
    rules
        .iter()
        .map(|r| (key_text(&r), value_text(&r)))
        .collect()
}

fn key_text(r: &portolan::rules::Rule<'_>) -> String {
    format!("{:?}", portolan::change::rule_key(r))
}

fn value_text(r: &portolan::rules::Rule<'_>) -> String {
    format!(
        "{} {:?} {:?} {:?}",
        r.ports,
        r.source.address(),
        r.destination.address(),
        r.requirements.ids()
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_plan_differs_from_itself_in_nothing(plan in arb_plan()) {
        let catalog = catalog();
        let a = analyze(&plan, &catalog);
        let b = analyze(&plan.clone(), &catalog);
        let other = plan.clone();
        let (ra, rb) = (
            portolan::rules::RuleSet::new(&plan, &catalog, &a),
            portolan::rules::RuleSet::new(&other, &catalog, &b),
        );
        let d = portolan::change::diff(&ra, &rb);
        prop_assert!(d.is_empty());
        prop_assert!(d.groups.is_empty());
    }

    #[test]
    fn the_rules_of_a_plus_the_diff_are_the_rules_of_b(
        plan in arb_plan(),
        edits in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..6),
    ) {
        let catalog = catalog();
        let new = edited(&plan, &edits);
        let (a, b) = (analyze(&plan, &catalog), analyze(&new, &catalog));
        let (ra, rb) = (
            portolan::rules::RuleSet::new(&plan, &catalog, &a),
            portolan::rules::RuleSet::new(&new, &catalog, &b),
        );
        let d = portolan::change::diff(&ra, &rb);
        let mut rules = image(&ra);
        for c in &d.rules {
            match c {
                portolan::change::RuleChange::Added(r) => {
                    prop_assert!(rules.insert(key_text(r), value_text(r)).is_none());
                }
                portolan::change::RuleChange::Removed(r) => {
                    prop_assert!(rules.remove(&key_text(r)).is_some());
                }
                portolan::change::RuleChange::Changed { old, new, .. } => {
                    prop_assert_eq!(key_text(old), key_text(new));
                    prop_assert_ne!(value_text(old), value_text(new));
                    prop_assert!(rules.insert(key_text(new), value_text(new)).is_some());
                }
            }
        }
        prop_assert_eq!(rules, image(&rb));
        // Counts add up, and every group's changes are its own.
        let (x, y, z) = d.totals();
        prop_assert_eq!(x + y + z, d.rules.len());
    }

    #[test]
    fn verify_finds_nothing_missing_in_an_export(plan in arb_plan()) {
        let catalog = catalog();
        let analysis = analyze(&plan, &catalog);
        let rules = portolan::rules::RuleSet::new(&plan, &catalog, &analysis);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ipt");
        let format = portolan::export::find_format("iptables").unwrap();
        if portolan::export::export_to_path(
            format, &rules, &portolan::export::ExportOptions::default(), &out,
        ).is_err() {
            // No firewall (or nothing a vendor format can write): nothing to verify.
            return Ok(());
        }
        for fw in &plan.firewalls {
            let required: Vec<_> = rules.iter().filter(|r| r.firewall.is_some_and(|f| f.id == fw.id)).collect();
            let Ok(text) = std::fs::read_to_string(out.join(format!("{}.rules.v4", fw.name))) else {
                prop_assert!(required.is_empty(), "{} has rules but no file", fw.name);
                continue;
            };
            let Ok(portolan::verify::DeployedFile::One(deployed)) =
                portolan::verify::read_deployed(&text, &fw.name) else {
                prop_assert!(false, "{} does not read back", fw.name);
                continue;
            };
            let found = portolan::verify::verify(&required, &deployed);
            prop_assert!(found.missing.is_empty(), "{}: {:?}", fw.name, found.missing);
            prop_assert!(found.excess.is_empty(), "{}: {:?}", fw.name, found.excess);
        }
    }
}
