//! The built-in catalog parses, validates and cites a known document for every entry; a
//! condition or port the engine does not know is refused when the catalog loads.

use portolan::catalog::{Catalog, CatalogError};
use portolan::model::option_info;

#[test]
fn builtin_catalog_is_valid() {
    let catalog = Catalog::builtin().unwrap();
    assert!(catalog.roles().len() >= 19);
    for req in catalog.requirements() {
        assert!(!catalog.cite(req).is_empty(), "{} cites nothing", req.id);
    }
}

/// An extra catalog with one requirement whose `when` and `ports` are given.
fn extra(when: &str, ports: &str) -> Result<Catalog, CatalogError> {
    let text = format!(
        r#"Catalog(
    documents: [(id: "vendor", cite: "Vendor guide", title: "Backup agent ports")],
    roles: [(id: "backup_server", name: "Backup server", short: "BKP", group: "Custom",
             description: "Backs up every managed server.")],
    requirements: [(id: "backup-agent", consumer: "backup_server", provider: "managed_server",
        protocols: [Tcp], ports: {ports}, service: "Backup", purpose: "backup agent",
        {when}
        references: [(doc: "vendor", section: "Ports")])],
)"#
    );
    Catalog::builtin().unwrap().extend(&text, "extra.ron")
}

fn refused(when: &str, ports: &str) -> String {
    match extra(when, ports) {
        Ok(_) => panic!("accepted: when {when:?}, ports {ports:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn known_conditions_and_option_ports_load() {
    for when in [
        "",
        r#"when: On(Provider, "gateway_udp"),"#,
        r#"when: Is(Consumer, "crl", "Ldap"),"#,
        r#"when: InPerimeter(Consumer, "rdweb_perimeter"),"#,
        r#"when: WithoutProvider("rd_gateway"),"#,
        r#"when: All([On(Consumer, "multicast"), Is(Provider, "licensing", "PerDevice")]),"#,
    ] {
        extra(when, "[Port(10000)]").unwrap_or_else(|e| panic!("{when}: {e}"));
    }
    for ports in [
        r#"[Option("rdp_port")]"#,
        r#"[Option("wds_udp_range")]"#,
        r#"[Port(135), RpcPort("wmi_port")]"#,
        r#"[Fixed("wmi_port")]"#,
        "[DynamicRpc]",
    ] {
        extra("", ports).unwrap_or_else(|e| panic!("{ports}: {e}"));
    }
}

#[test]
fn an_unknown_condition_is_a_load_error_not_a_silent_true() {
    let e = refused(r#"when: On(Provider, "gatway_udp"),"#, "[Port(1)]");
    assert!(
        e.contains("extra.ron")
            && e.contains("backup-agent")
            && e.contains("the option `gatway_udp`, which does not exist"),
        "{e}"
    );
    let e = refused(r#"when: Is(Consumer, "crl", "Gopher"),"#, "[Port(1)]");
    assert!(
        e.contains("`Gopher`, which is not one of its values (Http, Ldap, Ftp, NotChecked)"),
        "{e}"
    );
    let e = refused(r#"when: On(Consumer, "crl"),"#, "[Port(1)]");
    assert!(e.contains("which is not on/off"), "{e}");
    let e = refused(r#"when: Is(Consumer, "multicast", "Yes"),"#, "[Port(1)]");
    assert!(e.contains("which is not a choice"), "{e}");
    let e = refused(r#"when: InPerimeter(Consumer, "crl"),"#, "[Port(1)]");
    assert!(e.contains("perimeter network"), "{e}");
    let e = refused(r#"when: WithoutProvider("rd_gatewy"),"#, "[Port(1)]");
    assert!(e.contains("`rd_gatewy`"), "{e}");
    // Inside `All`, too.
    let e = refused(
        r#"when: All([On(Consumer, "multicast"), On(Provider, "nope")]),"#,
        "[Port(1)]",
    );
    assert!(e.contains("`nope`, which does not exist"), "{e}");
    // A kind of condition the engine does not have is a parse error with its place.
    let e = refused("when: Frobnicate,", "[Port(1)]");
    assert!(e.contains("extra.ron: line 7"), "{e}");
}

#[test]
fn an_unknown_or_mistyped_port_option_is_a_load_error() {
    let e = refused("", r#"[Option("rdp_prot")]"#);
    assert!(
        e.contains("the port option `rdp_prot`, which does not exist"),
        "{e}"
    );
    let e = refused("", r#"[Option("wmi_port")]"#);
    assert!(e.contains("not a port or range option"), "{e}");
    let e = refused("", r#"[RpcPort("rdp_port")]"#);
    assert!(e.contains("not an optional port option"), "{e}");
    let e = refused("", "[Port(0)]");
    assert!(e.contains("outside 1-65535"), "{e}");
}

#[test]
fn each_option_knows_the_roles_whose_flows_it_changes() {
    let catalog = Catalog::builtin().unwrap();
    let roles = |key: &str| -> Vec<&str> {
        let opt = option_info(key).unwrap();
        catalog
            .option_roles(opt)
            .iter()
            .map(|&r| catalog.role(r).id.as_str())
            .collect()
    };
    // Read on the listener: the session host's and virtual desktops' RDP port.
    assert!(roles("rdp_port").contains(&"rd_session_host"));
    assert!(roles("rdp_port").contains(&"rd_virtualization_host"));
    // The broker's fixed WMI port; the gateway's revocation check.
    assert_eq!(roles("wmi_port"), ["rd_connection_broker"]);
    assert_eq!(roles("crl"), ["rd_gateway"]);
    // Every option changes some flow of the built-in catalog.
    for opt in portolan::model::OPTIONS {
        assert!(
            !catalog.option_requirements(opt).is_empty(),
            "{} changes no requirement",
            opt.key
        );
    }
    // A gateway's panel lists its own options, not the WDS server's.
    let gateway: Vec<&str> = catalog
        .options_for(&["rd_gateway".to_owned()])
        .iter()
        .map(|o| o.key)
        .collect();
    assert!(gateway.contains(&"crl") && gateway.contains(&"central_nps"));
    assert!(!gateway.contains(&"wds_rpc_port") && !gateway.contains(&"multicast"));
}

#[test]
fn icmp_requirements_carry_a_type_and_no_ports() {
    let text = r#"Catalog(
    documents: [(id: "vendor", cite: "Vendor guide", title: "Monitoring")],
    roles: [(id: "monitor", name: "Monitor", short: "MON", group: "Custom", description: "Pings servers.")],
    requirements: [
        (id: "monitor-ping", consumer: "monitor", provider: "managed_server",
            protocols: [Icmp(Type(8))], service: "Ping", purpose: "echo request",
            references: [(doc: "vendor")]),
        (id: "monitor-any", consumer: "monitor", provider: "managed_server",
            protocols: [Icmp(Any), Tcp], ports: [Port(161)], service: "ICMP", purpose: "any ICMP, and TCP 161",
            references: [(doc: "vendor")]),
    ],
)"#;
    let catalog = Catalog::builtin()
        .unwrap()
        .extend(text, "extra.ron")
        .unwrap();
    let plan_text = r#"Plan(version: 2, zones: [(id: 1, name: "a", kind: Internal), (id: 2, name: "b", kind: Internal)],
        firewalls: [(id: 3, name: "fw", zones: [1, 2])],
        nodes: [(id: 10, name: "mon", zone: 1, roles: ["monitor"]), (id: 11, name: "srv", zone: 2, roles: ["dns"])])"#;
    let plan = portolan::io::parse_plan(plan_text, "plan", &catalog).unwrap();
    let analysis = portolan::engine::analyze(&plan, &catalog);
    let mut out = Vec::new();
    portolan::export::write_csv(&mut out, &plan, &catalog, &analysis).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // TCP first, then ICMP any, then ICMP type 8: one row each, the type in `ports`.
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("fw,a,mon,,b,srv,,TCP,161,"), "{csv}");
    assert!(
        rows[1].starts_with("fw,a,mon,,b,srv,,ICMP,any,ICMP,"),
        "{csv}"
    );
    assert!(
        rows[2].starts_with("fw,a,mon,,b,srv,,ICMP,8,Ping,"),
        "{csv}"
    );
    // ICMP flows hold no ports.
    assert!(
        analysis
            .flows
            .iter()
            .filter(|f| !f.protocol.has_ports())
            .all(|f| f.ports.is_empty())
    );

    // Ports on an ICMP-only requirement are refused.
    let bad = text.replace(
        r#"protocols: [Icmp(Type(8))],"#,
        r#"protocols: [Icmp(Type(8))], ports: [Port(7)],"#,
    );
    let e = Catalog::builtin()
        .unwrap()
        .extend(&bad, "extra.ron")
        .unwrap_err()
        .to_string();
    assert!(e.contains("ICMP has a type, not ports"), "{e}");
}
