//! The engine's check finds each kind of problem, with the nodes involved.

mod common;
use common::{catalog, example};
use portolan::engine::{Problem, Severity, analyze};
use portolan::model::{Firewall, FirewallId, NodeId, Plan, ZoneId};

fn problems(plan: &Plan) -> Vec<Problem> {
    analyze(plan, &catalog()).problems
}

fn errors_with(plan: &Plan, text: &str) -> Vec<Problem> {
    problems(plan)
        .into_iter()
        .filter(|p| p.severity == Severity::Error && p.message.contains(text))
        .collect()
}

#[test]
fn the_examples_have_no_errors() {
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let errors: Vec<_> = problems(&example(name))
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn session_host_without_a_license_server() {
    let mut plan = example("rds-perimeter");
    plan.nodes.retain(|n| n.name != "rdlic01");
    let found = errors_with(&plan, "needs RD Licensing");
    let nodes: Vec<NodeId> = found.iter().flat_map(|p| p.nodes.clone()).collect();
    // Both session hosts and the virtualization host.
    assert_eq!(
        nodes,
        vec![NodeId(41), NodeId(42), NodeId(43)],
        "{found:#?}"
    );
}

#[test]
fn gateway_without_a_domain_controller() {
    let mut plan = example("rds-perimeter");
    for n in &mut plan.nodes {
        n.roles.retain(|r| r != "domain_controller");
    }
    let found = errors_with(&plan, "needs Domain controller");
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("`rdgw01` (RD Gateway)")),
        "{found:#?}"
    );
}

#[test]
fn pxe_clients_without_dhcp_or_wds() {
    let mut plan = example("wds-pxe");
    plan.nodes
        .retain(|n| n.name != "dhcp01" && n.name != "wds01");
    let found = errors_with(&plan, "`pxe clients` (PXE clients) needs");
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn pxe_clients_across_a_firewall_need_a_relay() {
    let mut plan = example("wds-pxe");
    plan.nodes.retain(|n| n.name != "gw-clients");
    let found = errors_with(&plan, "DHCP relay");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].nodes, vec![NodeId(10), NodeId(20), NodeId(21)]);
    // In the same zone as DHCP and WDS, no relay is needed.
    let mut plan = example("wds-pxe");
    plan.nodes.retain(|n| n.name != "gw-clients");
    plan.nodes
        .iter_mut()
        .find(|n| n.name == "pxe clients")
        .unwrap()
        .zone = ZoneId(2);
    assert!(errors_with(&plan, "DHCP relay").is_empty());
}

#[test]
fn rd_web_access_in_a_perimeter_without_a_fixed_wmi_port() {
    let warnings: Vec<_> = problems(&example("rds-perimeter"))
        .into_iter()
        .filter(|p| p.severity == Severity::Warning && p.message.contains("WMI"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].message.contains("winmgmt /standalonehost"));
    assert_eq!(warnings[0].nodes, vec![NodeId(31), NodeId(40)]);
}

#[test]
fn zones_no_firewall_reaches_and_unroutable_flows() {
    let mut plan = example("rds-perimeter");
    plan.firewalls.retain(|f| f.name != "management");
    let all = problems(&plan);
    assert!(all.iter().any(|p| {
        p.severity == Severity::Warning
            && p.message
                .contains("zone `Management` is joined to no other zone")
    }));
    let unrouted = errors_with(&plan, "cannot be routed");
    assert!(
        unrouted
            .iter()
            .any(|p| p.message.contains("from `Management` to `Internal`")),
        "{unrouted:#?}"
    );
    assert!(unrouted.iter().all(|p| p.nodes.contains(&NodeId(50))));
}

#[test]
fn firewall_with_one_zone() {
    let mut plan = example("rds-perimeter");
    plan.firewalls.push(Firewall {
        id: FirewallId(99),
        name: "stub".into(),
        zones: vec![ZoneId(1)],
    });
    assert!(problems(&plan).iter().any(|p| {
        p.message
            .contains("firewall `stub` joins fewer than two zones")
    }));
}

#[test]
fn a_firewall_naming_one_zone_twice_joins_one_zone() {
    // `zones: [2, 2]` used to pass without the warning: zones are counted distinct.
    let mut plan = example("rds-perimeter");
    plan.firewalls.push(Firewall {
        id: FirewallId(99),
        name: "loop".into(),
        zones: vec![ZoneId(2), ZoneId(2)],
    });
    let warning = problems(&plan)
        .into_iter()
        .find(|p| {
            p.message
                .contains("firewall `loop` joins fewer than two zones")
        })
        .expect("the warning");
    assert_eq!(warning.zones, vec![ZoneId(2)]);
}

#[test]
fn names_in_messages_show_control_characters_escaped() {
    // A node named "x\nerror: forged" used to print an extra "error:" line in `check`.
    let mut plan = example("rds-perimeter");
    let node = plan.nodes.iter_mut().find(|n| n.name == "rdsh01").unwrap();
    node.name = "rdsh01\nerror: all is fine\u{1b}[0m".into();
    plan.nodes
        .retain(|n| !n.roles.contains(&"rd_licensing".to_owned()));
    let all = problems(&plan);
    let message = all
        .iter()
        .map(|p| p.to_string())
        .find(|m| m.contains("needs RD Licensing") && m.contains("rdsh01"))
        .expect("the missing licensing error");
    assert!(
        message
            .starts_with("error: `rdsh01\\nerror: all is fine\\u{1b}[0m` (RD Session Host) needs"),
        "{message}"
    );
    assert!(all.iter().all(|p| !p.message.contains(['\n', '\u{1b}'])));
}

#[test]
fn duplicate_names() {
    let mut plan = example("rds-perimeter");
    plan.nodes
        .iter_mut()
        .find(|n| n.name == "rdsh02")
        .unwrap()
        .name = "RDSH01".into();
    let found = errors_with(&plan, "nodes are named `rdsh01`");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].nodes, vec![NodeId(41), NodeId(42)]);
    let mut plan = example("rds-perimeter");
    plan.zones[1].name = "internet".into();
    assert_eq!(errors_with(&plan, "zones are named").len(), 1);
}

#[test]
fn ports_outside_the_valid_range() {
    let mut plan = example("rds-perimeter");
    plan.options.rdp_port = 0;
    assert_eq!(
        errors_with(&plan, "\"RDP port\" (rdp_port) is outside 1-65535").len(),
        1
    );
    let mut plan = example("rds-perimeter");
    plan.nodes[0].options.wmi_port = Some(0);
    assert_eq!(
        errors_with(&plan, "\"Fixed WMI port\" (wmi_port) is outside 1-65535").len(),
        1
    );
}

#[test]
fn internet_clients_bypassing_the_gateway_are_warned_about() {
    let mut plan = example("rds-perimeter");
    let clients = plan
        .nodes
        .iter_mut()
        .find(|n| n.name == "remote clients")
        .unwrap();
    clients.bypass = vec!["rd_gateway".into()];
    let found: Vec<Problem> = problems(&plan)
        .into_iter()
        .filter(|p| p.message.contains("connects without RD Gateway"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].nodes, vec![NodeId(20)]);
    // The same switch on clients inside the network is what it is for: no warning.
    let internal = plan.zones.iter().find(|z| z.name == "Internal").unwrap().id;
    plan.nodes
        .iter_mut()
        .find(|n| n.name == "remote clients")
        .unwrap()
        .zone = internal;
    assert!(
        !problems(&plan)
            .iter()
            .any(|p| p.message.contains("connects without"))
    );
}

// ---------------------------------------------------------------- checks of issue 12

fn warnings_with(plan: &Plan, text: &str) -> Vec<Problem> {
    problems(plan)
        .into_iter()
        .filter(|p| p.severity == Severity::Warning && p.message.contains(text))
        .collect()
}

fn node_id(plan: &Plan, name: &str) -> NodeId {
    plan.nodes.iter().find(|n| n.name == name).unwrap().id
}

#[test]
fn an_rodc_with_no_writable_dc_it_can_reach() {
    let plan = example("enterprise");
    assert!(warnings_with(&plan, "reaches no Domain controller").is_empty());
    // In a domain of its own, no writable DC replicates to it.
    let mut plan = example("enterprise");
    let rodc = node_id(&plan, "rodc01");
    plan.nodes.iter_mut().find(|n| n.id == rodc).unwrap().domain = Some("dmz.example".into());
    let found = warnings_with(&plan, "reaches no Domain controller");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .starts_with("`rodc01` (Read-only domain controller) reaches no Domain controller"),
        "{found:#?}"
    );
    assert!(found[0].message.contains("dmz.example"));
    assert_eq!(found[0].nodes, vec![rodc]);
    // Without the firewall between the perimeter and HQ, it reaches none either.
    let mut plan = example("enterprise");
    plan.firewalls.retain(|f| f.name != "dmz");
    assert_eq!(
        warnings_with(&plan, "`rodc01` (Read-only domain controller) reaches no").len(),
        1
    );
}

#[test]
fn two_brokers_without_a_database_server() {
    let mut plan = example("enterprise");
    assert!(warnings_with(&plan, "high availability").is_empty());
    plan.nodes.retain(|n| n.name != "sql01");
    let found = warnings_with(&plan, "high availability");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "2 RD Connection Broker nodes (`rdcb01`, `rdcb02`) work in high availability, which needs a SQL Server: add a node with that role"
    );
    // Brokers of two sites are two deployments, not a pair in high availability.
    let mut apart = plan.clone();
    apart
        .nodes
        .iter_mut()
        .find(|n| n.name == "rdcb02")
        .unwrap()
        .zone = ZoneId(4);
    assert!(warnings_with(&apart, "high availability").is_empty());
    let mut with_sql = example("enterprise");
    with_sql
        .nodes
        .iter_mut()
        .find(|n| n.name == "rdcb02")
        .unwrap()
        .zone = ZoneId(4);
    let rows = common::rows(&with_sql);
    assert!(rows.iter().any(|r| r.destination == "fs01"));
    assert!(
        !rows
            .iter()
            .any(|r| r.destination == "sql01" && r.source.starts_with("rdcb")),
        "no database flows"
    );
    // One broker alone needs no database.
    plan.nodes.retain(|n| n.name != "rdcb02");
    assert!(warnings_with(&plan, "high availability").is_empty());
}

#[test]
fn wds_and_dhcp_on_one_server() {
    let mut plan = example("wds-pxe");
    assert!(warnings_with(&plan, "is both").is_empty());
    plan.nodes.retain(|n| n.name != "dhcp01");
    plan.nodes
        .iter_mut()
        .find(|n| n.name == "wds01")
        .unwrap()
        .roles
        .push("dhcp_server".into());
    let found = warnings_with(&plan, "`wds01` is both WDS server and DHCP server");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("/UseDhcpPorts:No /DhcpOption60:Yes")
    );
    // No flow from the server to itself, and the clients reach it on UDP 67 once.
    let rows = common::rows(&plan);
    assert!(rows.iter().all(|r| r.source != r.destination));
    let udp = common::find(&rows, "core", "pxe clients", "wds01", "UDP").unwrap();
    assert!(udp.covers("67,69,4011"), "{}", udp.ports);
    assert!(errors_with(&plan, "needs").is_empty());
}

#[test]
fn a_relayed_and_a_local_dhcp_server_both_answer() {
    let mut plan = example("wds-pxe");
    assert!(warnings_with(&plan, "two answers").is_empty());
    let mut local = plan
        .nodes
        .iter()
        .find(|n| n.name == "dhcp01")
        .unwrap()
        .clone();
    local.id = NodeId(90);
    local.name = "dhcp-local".into();
    local.zone = ZoneId(1);
    plan.nodes.push(local);
    let found = warnings_with(&plan, "two answers");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "`pxe clients` in `Clients` gets two answers to each DHCP broadcast: from `dhcp-local` in `Clients` and, through the relay, from `dhcp01`: keep one, or scope the relay and the servers so that only one answers"
    );
    assert_eq!(found[0].nodes, vec![NodeId(10), NodeId(21), NodeId(90)]);
}

fn set_address(plan: &mut Plan, node: &str, address: &str) {
    plan.nodes
        .iter_mut()
        .find(|n| n.name == node)
        .unwrap()
        .address = Some(address.parse().unwrap());
}

#[test]
fn addresses_outside_the_zone_ranges_are_warned_about() {
    let mut plan = example("rds-perimeter");
    assert!(warnings_with(&plan, "outside the ranges").is_empty());
    set_address(&mut plan, "rdgw01", "10.0.2.99");
    set_address(&mut plan, "dc01", "10.0.2.5, 10.0.3.0/24");
    let found = warnings_with(&plan, "outside the ranges");
    assert_eq!(found.len(), 2, "{found:#?}");
    let gw = found.iter().find(|p| p.nodes == vec![NodeId(30)]).unwrap();
    assert_eq!(
        gw.message,
        "`rdgw01` has the address 10.0.2.99, outside the ranges of its zone `Perimeter` (10.0.1.0/24): correct the address, the zone's ranges, or the node's zone"
    );
    assert_eq!(gw.zones, vec![ZoneId(2)]);
    let dc = found.iter().find(|p| p.nodes == vec![NodeId(45)]).unwrap();
    assert!(
        dc.message.contains("the address 10.0.3.0/24, outside"),
        "{dc:?}"
    );
    // `any`, DNS names, and zones without ranges are not checked.
    set_address(&mut plan, "rdgw01", "any");
    plan.zones.iter_mut().for_each(|z| z.cidrs.clear());
    assert!(warnings_with(&plan, "outside the ranges").is_empty());
}

#[test]
fn nodes_sharing_a_host_address_are_warned_about() {
    let mut plan = example("rds-perimeter");
    assert!(warnings_with(&plan, "share the address").is_empty());
    set_address(&mut plan, "rdsh02", "10.0.2.21");
    set_address(&mut plan, "rdvh01", "10.0.2.30-10.0.2.31, 10.0.2.21/32");
    let found = warnings_with(&plan, "share the address");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].nodes, vec![NodeId(41), NodeId(42), NodeId(43)]);
    assert!(
        found[0]
            .message
            .starts_with("`rdsh01`, `rdsh02`, `rdvh01` share the address 10.0.2.21:"),
        "{}",
        found[0].message
    );
    // Networks and ranges that overlap are not host addresses.
    set_address(&mut plan, "rdsh02", "10.0.2.0/24");
    set_address(&mut plan, "rdvh01", "10.0.2.20-10.0.2.30");
    assert!(warnings_with(&plan, "share the address").is_empty());
}

#[test]
fn dns_names_are_warned_about_where_rules_use_them() {
    let mut plan = example("rds-perimeter");
    // The Clearinghouse on the Internet: allowed, but wider than the design.
    let found = warnings_with(&plan, "is reached by the name");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].nodes, vec![NodeId(21)]);
    assert!(found[0].message.contains("activation.sls.microsoft.com"));
    assert!(found[0].message.contains("wider than the design"));
    // Without automatic activation no rule reaches it: no warning.
    plan.options.activation = portolan::model::ActivationMethod::Web;
    assert!(warnings_with(&plan, "is reached by the name").is_empty());
    // A DNS name inside the organisation: vendor formats refuse it.
    set_address(&mut plan, "dc01", "dc01.corp.example.com");
    let found = warnings_with(&plan, "has the DNS name");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].nodes, vec![NodeId(45)]);
    assert!(found[0].message.contains("give it its address"));
}
