//! Flipping each option changes the flows the way the source documents say.

mod common;
use common::{Row, example, find, rows};
use portolan::catalog::Catalog;
use portolan::engine::{Severity, analyze};
use portolan::model::{
    ActivationMethod, CrlMethod, LicensingMode, Node, NodeId, PerimeterMode, Plan, PortRange,
    SysvolReplication, UsesLink, WindowsFamily,
};

fn rds() -> Plan {
    example("rds-perimeter")
}

fn wds() -> Plan {
    example("wds-pxe")
}

fn node_mut<'a>(plan: &'a mut Plan, name: &str) -> &'a mut Node {
    plan.nodes.iter_mut().find(|n| n.name == name).unwrap()
}

fn ports(rows: &[Row], fw: &str, src: &str, dst: &str, proto: &str) -> Option<String> {
    find(rows, fw, src, dst, proto).map(|r| r.ports.clone())
}

fn has_requirement(rows: &[Row], id: &str) -> bool {
    rows.iter()
        .any(|r| r.requirement.split("; ").any(|x| x == id))
}

#[test]
fn rdp_port_is_read_on_the_listener() {
    let before = rows(&rds());
    assert_eq!(
        ports(&before, "internal", "rdgw01", "rdsh01", "TCP").as_deref(),
        Some("3389")
    );
    let mut plan = rds();
    plan.options.rdp_port = 3390;
    let after = rows(&plan);
    assert_eq!(
        ports(&after, "internal", "rdgw01", "rdsh01", "TCP").as_deref(),
        Some("3390")
    );
    assert_eq!(
        ports(&after, "internal", "rdgw01", "rdsh01", "UDP").as_deref(),
        Some("3390")
    );
    // A per-node override changes that node only.
    let mut plan = rds();
    node_mut(&mut plan, "rdsh02").options.rdp_port = Some(4000);
    let after = rows(&plan);
    assert_eq!(
        ports(&after, "internal", "rdgw01", "rdsh01", "TCP").as_deref(),
        Some("3389")
    );
    assert_eq!(
        ports(&after, "internal", "rdgw01", "rdsh02", "TCP").as_deref(),
        Some("4000")
    );
}

#[test]
fn gateway_udp_transport() {
    assert!(ports(&rows(&rds()), "edge", "remote clients", "rdgw01", "UDP").is_some());
    let mut plan = rds();
    plan.options.gateway_udp = false;
    assert_eq!(
        ports(&rows(&plan), "edge", "remote clients", "rdgw01", "UDP"),
        None
    );
}

#[test]
fn crl_method_picks_the_port() {
    let crl = |method| {
        let mut plan = rds();
        plan.options.crl = method;
        let r = rows(&plan);
        (
            ports(&r, "internal", "rdgw01", "crl01", "TCP"),
            ports(&r, "internal", "rdgw01", "crl01", "UDP"),
        )
    };
    assert_eq!(crl(CrlMethod::Http), (Some("80".into()), None));
    assert_eq!(
        crl(CrlMethod::Ldap),
        (Some("389".into()), Some("389".into()))
    );
    assert_eq!(crl(CrlMethod::Ftp), (Some("21".into()), None));
    assert_eq!(crl(CrlMethod::NotChecked), (None, None));
}

#[test]
fn central_nps() {
    let mut plan = rds();
    plan.options.central_nps = false;
    // A local policy store needs no network flow.
    assert_eq!(
        ports(&rows(&plan), "internal", "rdgw01", "nps01", "UDP"),
        None
    );
    assert_eq!(
        ports(&rows(&rds()), "internal", "rdgw01", "nps01", "UDP").as_deref(),
        Some("1812-1813")
    );
}

#[test]
fn rd_web_access_in_a_perimeter() {
    let with = ports(&rows(&rds()), "internal", "rdweb01", "rdcb01", "TCP");
    assert_eq!(with.as_deref(), Some("135,5504,49152-65535"));
    let mut plan = rds();
    plan.options.rdweb_perimeter = PerimeterMode::No;
    let without = ports(&rows(&plan), "internal", "rdweb01", "rdcb01", "TCP");
    assert_eq!(without.as_deref(), Some("5504"));
    // By zone: Web Access moved into the internal zone is no longer "in a perimeter".
    let mut plan = rds();
    node_mut(&mut plan, "rdweb01").zone = portolan::model::ZoneId(3);
    assert_eq!(
        ports(&rows(&plan), "", "rdweb01", "rdcb01", "TCP").as_deref(),
        Some("5504")
    );
}

#[test]
fn fixed_wmi_port_narrows_the_rule_and_silences_the_warning() {
    let catalog = Catalog::builtin().unwrap();
    let warns = |plan: &Plan| {
        analyze(plan, &catalog)
            .problems
            .iter()
            .any(|p| p.severity == Severity::Warning && p.message.contains("WMI"))
    };
    assert!(warns(&rds()));
    let mut plan = rds();
    node_mut(&mut plan, "rdcb01").options.wmi_port = Some(24158);
    assert_eq!(
        ports(&rows(&plan), "internal", "rdweb01", "rdcb01", "TCP").as_deref(),
        Some("135,5504,24158")
    );
    assert!(!warns(&plan));
}

#[test]
fn licensing_mode() {
    assert!(has_requirement(&rows(&rds()), "licensing-dc-ldap"));
    let mut plan = rds();
    plan.options.licensing = LicensingMode::PerDevice;
    assert!(!has_requirement(&rows(&plan), "licensing-dc-ldap"));
}

#[test]
fn activation_method() {
    for (method, expected) in [
        (ActivationMethod::Automatic, true),
        (ActivationMethod::Web, false),
        (ActivationMethod::Phone, false),
    ] {
        let mut plan = rds();
        plan.options.activation = method;
        let reaches = rows(&plan)
            .iter()
            .any(|r| r.destination == "Microsoft Clearinghouse");
        assert_eq!(reaches, expected, "{method:?}");
    }
}

#[test]
fn wds_rpc_port_and_udp_range() {
    let mut plan = wds();
    plan.options.wds_rpc_port = 5050;
    plan.options.wds_udp_range = PortRange::new(60000, 60100);
    let r = rows(&plan);
    assert_eq!(
        ports(&r, "core", "pxe clients", "wds01", "TCP").as_deref(),
        Some("135,139,445,5050")
    );
    let udp = find(&r, "core", "pxe clients", "wds01", "UDP").unwrap();
    assert!(
        udp.covers("60000-60100") && !udp.covers("64001"),
        "{}",
        udp.ports
    );
}

#[test]
fn dhcp_authorization_opens_udp_68_on_the_wds_server() {
    assert_eq!(ports(&rows(&wds()), "", "dhcp01", "wds01", "UDP"), None);
    let mut plan = wds();
    plan.options.dhcp_authorization = true;
    assert_eq!(
        ports(&rows(&plan), "", "dhcp01", "wds01", "UDP").as_deref(),
        Some("68")
    );
}

#[test]
fn multicast() {
    assert!(!has_requirement(&rows(&wds()), "pxe-wds-multicast"));
    let mut plan = wds();
    plan.options.multicast = true;
    assert!(has_requirement(&rows(&plan), "pxe-wds-multicast"));
}

#[test]
fn dynamic_rpc_range_follows_windows_family_or_restriction() {
    let tcp = |plan: &Plan| ports(&rows(plan), "internal", "rdgw01", "dc01", "TCP").unwrap();
    assert!(tcp(&rds()).ends_with("49152-65535"));
    let mut old = rds();
    node_mut(&mut old, "dc01").windows = WindowsFamily::Pre2008;
    let p = tcp(&old);
    assert!(p.contains("1025-5000") && !p.contains("49152"), "{p}");
    let mut narrow = rds();
    narrow.options.rpc_range = Some(PortRange::new(50000, 50255));
    let p = tcp(&narrow);
    assert!(p.ends_with("50000-50255") && !p.contains("49152"), "{p}");
}

#[test]
fn ldaps() {
    let gc_ssl = |plan: &Plan| {
        find(&rows(plan), "", "rdsh01", "dc01", "TCP")
            .unwrap()
            .covers("3269")
    };
    assert!(!gc_ssl(&rds()));
    let mut plan = rds();
    plan.options.ldaps = true;
    assert!(gc_ssl(&plan));
}

#[test]
fn uses_links_pick_the_provider() {
    let mut plan = rds();
    let lic2 = NodeId(plan.fresh_id());
    let mut node = plan.node(NodeId(44)).unwrap().clone();
    node.id = lic2;
    node.name = "rdlic02".into();
    plan.nodes.push(node);
    // Without links, each session host talks to both license servers.
    let r = rows(&plan);
    assert!(find(&r, "", "rdsh01", "rdlic01", "TCP").is_some());
    assert!(find(&r, "", "rdsh01", "rdlic02", "TCP").is_some());
    // With a link, rdsh01 talks to rdlic02 only; rdsh02 still to both.
    plan.uses.push(UsesLink {
        from: NodeId(41),
        to: lic2,
    });
    let r = rows(&plan);
    assert!(find(&r, "", "rdsh01", "rdlic01", "TCP").is_none());
    assert!(find(&r, "", "rdsh01", "rdlic02", "TCP").is_some());
    assert!(find(&r, "", "rdsh02", "rdlic01", "TCP").is_some());
}

#[test]
fn clients_without_a_gateway_connect_directly() {
    let mut plan = rds();
    plan.nodes.retain(|n| n.name != "rdgw01");
    let r = rows(&plan);
    // Internet -> Internal crosses both firewalls.
    for fw in ["edge", "internal"] {
        assert_eq!(
            ports(&r, fw, "remote clients", "rdsh01", "TCP").as_deref(),
            Some("3389")
        );
        assert_eq!(
            ports(&r, fw, "remote clients", "rdsh01", "UDP").as_deref(),
            Some("3389")
        );
        assert_eq!(
            ports(&r, fw, "remote clients", "rdcb01", "TCP").as_deref(),
            Some("3389")
        );
    }
}

#[test]
fn internal_clients_can_bypass_the_gateway() {
    // Office PCs in the internal zone, in a plan that has an RD Gateway.
    let mut plan = rds();
    let mut pcs = plan
        .nodes
        .iter()
        .find(|n| n.name == "remote clients")
        .unwrap()
        .clone();
    pcs.id = NodeId(900);
    pcs.name = "office pcs".into();
    pcs.zone = plan.nodes.iter().find(|n| n.name == "rdsh01").unwrap().zone;
    plan.nodes.push(pcs);
    // By default they take the gateway like everyone else.
    let r = rows(&plan);
    assert_eq!(
        ports(&r, "internal", "office pcs", "rdgw01", "TCP").as_deref(),
        Some("443")
    );
    assert!(find(&r, "", "office pcs", "rdsh01", "TCP").is_none());
    // Bypassing it: straight RDP to the session hosts and the broker, inside the zone,
    // and no gateway flows, with no "missing provider" error.
    node_mut(&mut plan, "office pcs").bypass = vec!["rd_gateway".into()];
    let r = rows(&plan);
    assert!(find(&r, "internal", "office pcs", "rdgw01", "TCP").is_none());
    assert!(find(&r, "internal", "office pcs", "rdgw01", "UDP").is_none());
    assert_eq!(
        ports(&r, "", "office pcs", "rdsh01", "TCP").as_deref(),
        Some("3389")
    );
    assert_eq!(
        ports(&r, "", "office pcs", "rdsh01", "UDP").as_deref(),
        Some("3389")
    );
    assert_eq!(
        ports(&r, "", "office pcs", "rdcb01", "TCP").as_deref(),
        Some("3389")
    );
    // RD Web Access is still theirs; the remote clients still go through the gateway.
    assert_eq!(
        ports(&r, "internal", "office pcs", "rdweb01", "TCP").as_deref(),
        Some("443")
    );
    assert_eq!(
        ports(&r, "edge", "remote clients", "rdgw01", "TCP").as_deref(),
        Some("443")
    );
    assert!(find(&r, "edge", "remote clients", "rdsh01", "TCP").is_none());
    let problems = analyze(&plan, &Catalog::builtin().unwrap()).problems;
    assert!(
        problems.iter().all(|p| p.severity != Severity::Error),
        "{problems:?}"
    );
}

#[test]
fn dhcp_failover_opens_647_between_the_partners() {
    let mut plan = wds();
    let mut partner = plan
        .nodes
        .iter()
        .find(|n| n.name == "dhcp01")
        .unwrap()
        .clone();
    partner.id = NodeId(901);
    partner.name = "dhcp02".into();
    plan.nodes.push(partner);
    assert!(!has_requirement(&rows(&plan), "dhcp-failover"));
    plan.options.dhcp_failover = true;
    let r = rows(&plan);
    assert_eq!(
        ports(&r, "", "dhcp01", "dhcp02", "TCP").as_deref(),
        Some("647")
    );
    assert_eq!(
        ports(&r, "", "dhcp02", "dhcp01", "TCP").as_deref(),
        Some("647")
    );
    // Only between DHCP servers: the WDS server gets none.
    assert!(find(&r, "", "dhcp01", "wds01", "TCP").is_none());
}

// ---------------------------------------------------------------- options of issue 12

fn enterprise() -> Plan {
    example("enterprise")
}

#[test]
fn fixed_ntds_and_netlogon_ports_narrow_the_rpc_to_domain_controllers() {
    // KB224196: "When you specify ports to use by using the registry entries [...], both
    // Active Directory server-side replication traffic and client RPC traffic are sent to
    // these ports by the endpoint mapper."
    let member = |plan: &Plan| ports(&rows(plan), "internal", "rdgw01", "dc01", "TCP").unwrap();
    assert!(member(&rds()).ends_with("49152-65535"));
    // One fixed port is not enough: the other service still listens on a dynamic one.
    let mut plan = rds();
    node_mut(&mut plan, "dc01").options.ntds_port = Some(40001);
    let p = member(&plan);
    assert!(p.contains("40001") && p.contains("49152-65535"), "{p}");
    let mut plan = rds();
    node_mut(&mut plan, "dc01").options.netlogon_port = Some(40002);
    let p = member(&plan);
    assert!(p.contains("40002") && p.contains("49152-65535"), "{p}");
    // Both fixed: the gateway's rule through the internal firewall loses the dynamic range.
    node_mut(&mut plan, "dc01").options.ntds_port = Some(40001);
    assert_eq!(member(&plan), "53,88,135,389,445,464,3268,40001-40002");
    // As plan options they apply to every DC, replication included.
    let mut plan = enterprise();
    plan.options.ntds_port = Some(40001);
    plan.options.netlogon_port = Some(40002);
    plan.options.dfsr_port = Some(40003);
    let p = ports(&rows(&plan), "wan", "dc01", "dc02", "TCP").unwrap();
    assert_eq!(p, "88,135,389,445,464,636,3268-3269,40001-40003");
    let p = ports(&rows(&plan), "dmz", "rodc01", "dc01", "TCP").unwrap();
    assert!(!p.contains("49152") && p.contains("40001-40003"), "{p}");
}

#[test]
fn sysvol_replication_picks_dfsr_or_frs_and_their_fixed_ports() {
    let reqs = |plan: &Plan| {
        find(&rows(plan), "wan", "dc01", "dc02", "TCP")
            .unwrap()
            .requirement
            .clone()
    };
    assert!(
        reqs(&enterprise()).contains("dc-dc-dfsr") && !reqs(&enterprise()).contains("dc-dc-frs")
    );
    let mut plan = enterprise();
    plan.options.sysvol_replication = SysvolReplication::Frs;
    let r = reqs(&plan);
    assert!(r.contains("dc-dc-frs") && !r.contains("dc-dc-dfsr"), "{r}");
    // Each engine has its own fixed port: the FRS one counts only with FRS.
    plan.options.ntds_port = Some(40001);
    plan.options.netlogon_port = Some(40002);
    plan.options.dfsr_port = Some(40003);
    let p = ports(&rows(&plan), "wan", "dc01", "dc02", "TCP").unwrap();
    assert!(p.ends_with("49152-65535") && !p.contains("40003"), "{p}");
    plan.options.frs_port = Some(40004);
    let p = ports(&rows(&plan), "wan", "dc01", "dc02", "TCP").unwrap();
    assert!(p.ends_with("40001-40002,40004"), "{p}");
}

#[test]
fn domains_and_trusts() {
    // dc02 in another domain: no replication with dc01; with the trust option, the trust
    // flows of KB179442, both ways.
    let mut plan = enterprise();
    node_mut(&mut plan, "dc02").domain = Some("branch.example".into());
    let r = rows(&plan);
    assert!(find(&r, "wan", "dc01", "dc02", "TCP").is_none());
    assert!(find(&r, "wan", "dc02", "dc01", "TCP").is_none());
    plan.options.domain_trust = true;
    let r = rows(&plan);
    for (a, b) in [("dc01", "dc02"), ("dc02", "dc01")] {
        let tcp = find(&r, "wan", a, b, "TCP").unwrap();
        assert_eq!(tcp.ports, "88,135,389,445,464,636,3268-3269,49152-65535");
        assert!(
            tcp.requirement.split("; ").all(|x| x.starts_with("trust-")),
            "{tcp:?}"
        );
        assert!(
            find(&r, "wan", a, b, "UDP")
                .unwrap()
                .covers("88,123,389,464")
        );
    }
    // The trust is a property of both DCs: off on one of them, no trust flows.
    node_mut(&mut plan, "dc02").options.domain_trust = Some(false);
    assert!(find(&rows(&plan), "wan", "dc01", "dc02", "TCP").is_none());
    // Same domain: the trust option adds nothing to replication.
    let mut plan = enterprise();
    plan.options.domain_trust = true;
    assert!(!has_requirement(&rows(&plan), "trust-rpc"));
}

#[test]
fn sql_server_port_and_browser() {
    let mut plan = enterprise();
    node_mut(&mut plan, "sql01").options.sql_port = Some(14330);
    let r = rows(&plan);
    assert_eq!(
        ports(&r, "", "rdcb01", "sql01", "TCP").as_deref(),
        Some("14330")
    );
    assert_eq!(ports(&r, "", "rdcb01", "sql01", "UDP"), None);
    node_mut(&mut plan, "sql01").options.sql_browser = Some(true);
    assert_eq!(
        ports(&rows(&plan), "", "rdcb02", "sql01", "UDP").as_deref(),
        Some("1434")
    );
}

#[test]
fn certificate_autoenrollment_web_enrollment_and_a_fixed_ca_port() {
    let member = |plan: &Plan| ports(&rows(plan), "", "rdsh01", "ca01", "TCP");
    assert_eq!(member(&enterprise()).as_deref(), Some("135,49152-65535"));
    let mut plan = enterprise();
    node_mut(&mut plan, "ca01").options.ca_port = Some(40010);
    assert_eq!(member(&plan).as_deref(), Some("135,40010"));
    node_mut(&mut plan, "ca01").options.web_enrollment = Some(true);
    assert_eq!(member(&plan).as_deref(), Some("80,135,443,40010"));
    let mut plan = enterprise();
    plan.options.autoenrollment = false;
    assert_eq!(member(&plan), None);
    assert!(!has_requirement(&rows(&plan), "member-ca-dcom"));
}

#[test]
fn user_profile_disks() {
    let r = rows(&enterprise());
    assert_eq!(
        ports(&r, "", "rdsh01", "fs01", "TCP").as_deref(),
        Some("445")
    );
    let mut plan = enterprise();
    plan.options.user_profile_disks = false;
    let r = rows(&plan);
    assert!(find(&r, "", "rdsh01", "fs01", "TCP").is_none());
    // Read on the session host: one collection with disks, the other without.
    node_mut(&mut plan, "rdsh02").options.user_profile_disks = Some(true);
    let r = rows(&plan);
    assert!(find(&r, "", "rdsh01", "fs01", "TCP").is_none());
    assert_eq!(
        ports(&r, "", "rdsh02", "fs01", "TCP").as_deref(),
        Some("445")
    );
}

#[test]
fn kms_port_and_wsus_over_ssl() {
    let mut plan = enterprise();
    node_mut(&mut plan, "kms01").options.kms_port = Some(1689);
    assert_eq!(
        ports(&rows(&plan), "", "rdsh01", "kms01", "TCP").as_deref(),
        Some("1689")
    );
    assert_eq!(
        ports(&rows(&enterprise()), "", "rdsh01", "wsus01", "TCP").as_deref(),
        Some("8530")
    );
    node_mut(&mut plan, "wsus01").options.wsus_ssl = Some(true);
    assert_eq!(
        ports(&rows(&plan), "", "rdsh01", "wsus01", "TCP").as_deref(),
        Some("8530-8531")
    );
}
