//! Writes a realistic synthetic plan, for benchmarks and for trying the app on a large
//! drawing:
//!
//! ```text
//! cargo run --release --example synth -- 10000 > plan10k.ron          # an RDS estate of 10,000 nodes
//! cargo run --release --example synth -- --chain 1000 > chain1k.ron   # 1,000 zones in a chain
//! cargo run --release --example synth -- --hub 2000 > hub2k.ron       # 2,000 zones on one firewall
//! cargo run --release --example synth -- --hub 2000 --per-zone 5      # 5 nodes a zone (default 3)
//! ```
//!
//! **The estate** (`N`) is a Remote Desktop Services estate: the Internet, a perimeter with
//! RD gateways and RD Web Access, an infrastructure zone (domain controllers with DNS,
//! license servers, NPS, a CRL distribution point, DHCP and WDS), a management zone with
//! admin workstations, several server zones ("sites") each with a connection broker and
//! many session hosts and virtualization hosts, and client zones with Remote Desktop
//! clients, PXE clients and a DHCP relay. Firewalls join the zones in a tree around the
//! infrastructure zone. "Uses" links keep the flow count linear in N: each member uses the
//! domain controller of its site, each host one license server, each broker the hosts of
//! its site, each gateway and admin workstation the hosts of the sites it serves.
//!
//! **The segmented networks** (`--chain Z`, `--hub Z`) have many small zones: a chain of Z
//! zones, each joined to the next by its own firewall (paths up to Z - 1 firewalls long),
//! or Z zones on one hub firewall. Each zone has a domain controller with DNS and a few NPS
//! servers that use the controller of their zone and of the zone before; the first zone
//! also holds an admin workstation that manages one server in every tenth zone, across
//! the whole network.
//!
//! Output is deterministic: the same arguments always give the same text. Any N >= 1
//! works; below about 40 nodes only the first servers of the estate are written, in an
//! order where every node finds the providers it needs among those before it.
//!
//! The bench `benches/pipeline.rs` includes this file to share [`synth_plan`] and
//! [`segmented_plan`].

use ipnet::{IpNet, Ipv4Net};
use portolan::model::{
    Address, AddressBlock, Firewall, FirewallId, Layout, Node, NodeId, NodeKind, NodeOptions, Plan,
    Point, Rect, UsesLink, Zone, ZoneId, ZoneKind,
};
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

/// `n` as an address octet (255 when larger).
fn octet(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// Hosts (session and virtualization hosts) per server zone, roughly.
const HOSTS_PER_SITE: usize = 500;
/// Canvas slot of one node card (the app's cards are 168 x 62), the padding inside a zone,
/// its title bar, and the gap between zones.
const SLOT_W: f32 = 190.0;
const SLOT_H: f32 = 80.0;
const PAD: f32 = 20.0;
const HEADER: f32 = 30.0;
const GAP: f32 = 80.0;
/// Zones wrap to a new row past this width.
const ROW_WIDTH: f32 = 12_000.0;

/// What a node is in the estate; decides its roles, zone and "uses" links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dc,
    License,
    Broker,
    SessionHost,
    VirtHost,
    Gateway,
    WebAccess,
    Admin,
    InternetClients,
    Clearinghouse,
    Nps,
    Crl,
    Dhcp,
    Wds,
    Relay,
    PxeClients,
    OfficeClients,
}

/// One node to write: its kind, and the site (server zone) or client zone it belongs to,
/// or the ordinal among its kind for central servers.
#[derive(Clone, Copy, Debug)]
struct Spec {
    kind: Kind,
    /// Site index for brokers and hosts, client zone index for client-zone nodes, else the
    /// ordinal of the node among its kind.
    at: usize,
}

/// How many of each central server an estate of `n` nodes has.
struct Counts {
    sites: usize,
    client_zones: usize,
    dcs: usize,
    licenses: usize,
    gateways: usize,
    webs: usize,
    admins: usize,
    npss: usize,
    dhcps: usize,
    wdss: usize,
}

impl Counts {
    fn new(n: usize) -> Self {
        let sites = n.div_ceil(HOSTS_PER_SITE).clamp(2, 64);
        Counts {
            sites,
            client_zones: (n / 2000).clamp(1, 8),
            dcs: n.div_ceil(2500).clamp(2, 8),
            licenses: n.div_ceil(4000).clamp(1, 4),
            gateways: n.div_ceil(2500).clamp(2, 8),
            webs: n.div_ceil(5000).clamp(1, 4),
            // Never more admin workstations than sites: each looks after whole sites.
            admins: (n / 1000).clamp(1, 16).min(sites),
            npss: if n >= 1000 { 2 } else { 1 },
            dhcps: n.div_ceil(5000).clamp(1, 4),
            wdss: n.div_ceil(5000).clamp(1, 4),
        }
    }
}

/// The nodes of the estate in creation order: first one of each server the others depend
/// on, in dependency order, then the rest of the central servers, then the hosts. A plan
/// with fewer nodes takes a prefix of this list.
fn specs(n: usize, c: &Counts) -> Vec<Spec> {
    let one = |kind, at| Spec { kind, at };
    let mut out = vec![
        one(Kind::Dc, 0),
        one(Kind::License, 0),
        one(Kind::Broker, 0),
        one(Kind::SessionHost, 0),
        one(Kind::VirtHost, 0),
        one(Kind::Gateway, 0),
        one(Kind::WebAccess, 0),
        one(Kind::Crl, 0),
        one(Kind::Nps, 0),
        one(Kind::Admin, 0),
        one(Kind::InternetClients, 0),
        one(Kind::Clearinghouse, 0),
        one(Kind::Dhcp, 0),
        one(Kind::Wds, 0),
        one(Kind::Relay, 0),
        one(Kind::PxeClients, 0),
        one(Kind::OfficeClients, 0),
    ];
    let more = |out: &mut Vec<Spec>, kind, count: usize| {
        out.extend((1..count).map(|at| one(kind, at)));
    };
    more(&mut out, Kind::Dc, c.dcs);
    more(&mut out, Kind::License, c.licenses);
    more(&mut out, Kind::Broker, c.sites);
    more(&mut out, Kind::Gateway, c.gateways);
    more(&mut out, Kind::WebAccess, c.webs);
    more(&mut out, Kind::Nps, c.npss);
    more(&mut out, Kind::Admin, c.admins);
    more(&mut out, Kind::Dhcp, c.dhcps);
    more(&mut out, Kind::Wds, c.wdss);
    for zone in 1..c.client_zones {
        out.extend([
            one(Kind::Relay, zone),
            one(Kind::PxeClients, zone),
            one(Kind::OfficeClients, zone),
        ]);
    }
    out.truncate(n);
    // The rest are hosts, dealt to the sites in turn: three session hosts to one
    // virtualization host. Site 0 already has one of each.
    let mut per_site = vec![1usize; c.sites];
    per_site[0] = 2;
    let mut site = 1 % c.sites;
    while out.len() < n {
        let kind = if per_site[site] % 4 == 3 {
            Kind::VirtHost
        } else {
            Kind::SessionHost
        };
        out.push(one(kind, site));
        per_site[site] += 1;
        site = (site + 1) % c.sites;
    }
    out
}

/// The zones of the estate, by position in the plan's zone list.
struct Zones {
    internet: usize,
    perimeter: usize,
    infra: usize,
    management: usize,
    /// First site zone; site `s` is `sites + s`.
    sites: usize,
    /// First client zone.
    clients: usize,
}

fn zone_of(spec: Spec, z: &Zones) -> usize {
    match spec.kind {
        Kind::InternetClients | Kind::Clearinghouse => z.internet,
        Kind::Gateway | Kind::WebAccess => z.perimeter,
        Kind::Dc | Kind::License | Kind::Nps | Kind::Crl | Kind::Dhcp | Kind::Wds => z.infra,
        Kind::Admin => z.management,
        Kind::Broker | Kind::SessionHost | Kind::VirtHost => z.sites + spec.at,
        Kind::Relay | Kind::PxeClients | Kind::OfficeClients => z.clients + spec.at,
    }
}

fn roles_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Dc => &["domain_controller", "dns"],
        Kind::License => &["rd_licensing"],
        Kind::Broker => &["rd_connection_broker"],
        Kind::SessionHost => &["rd_session_host"],
        Kind::VirtHost => &["rd_virtualization_host"],
        Kind::Gateway => &["rd_gateway"],
        Kind::WebAccess => &["rd_web_access"],
        Kind::Admin => &["admin_workstation"],
        Kind::InternetClients | Kind::OfficeClients => &["remote_client"],
        Kind::Clearinghouse => &["microsoft_clearinghouse"],
        Kind::Nps => &["nps"],
        Kind::Crl => &["crl_distribution_point"],
        Kind::Dhcp => &["dhcp_server"],
        Kind::Wds => &["wds_server"],
        Kind::Relay => &["dhcp_relay"],
        Kind::PxeClients => &["pxe_client"],
    }
}

fn name_of(spec: Spec, serial: usize) -> String {
    let (s, k) = (spec.at + 1, serial + 1);
    match spec.kind {
        Kind::Dc => format!("dc{s:02}"),
        Kind::License => format!("rdlic{s:02}"),
        Kind::Broker => format!("s{s:02}-rdcb01"),
        Kind::SessionHost => format!("s{s:02}-rdsh{k:04}"),
        Kind::VirtHost => format!("s{s:02}-rdvh{k:04}"),
        Kind::Gateway => format!("rdgw{s:02}"),
        Kind::WebAccess => format!("rdweb{s:02}"),
        Kind::Admin => format!("adm{s:02}"),
        Kind::InternetClients => "remote clients".to_owned(),
        Kind::Clearinghouse => "Microsoft Clearinghouse".to_owned(),
        Kind::Nps => format!("nps{s:02}"),
        Kind::Crl => format!("crl{s:02}"),
        Kind::Dhcp => format!("dhcp{s:02}"),
        Kind::Wds => format!("wds{s:02}"),
        Kind::Relay => format!("c{s:02}-gw"),
        Kind::PxeClients => format!("c{s:02} pxe clients"),
        Kind::OfficeClients => format!("c{s:02} office clients"),
    }
}

fn is_group(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::InternetClients | Kind::PxeClients | Kind::OfficeClients
    )
}

/// The zone's address block: 10.<zone>.0.0/16; the Internet has none.
fn cidr(zone: usize) -> AddressBlock {
    let zone = u8::try_from(zone).unwrap_or(u8::MAX);
    AddressBlock::Net(IpNet::V4(
        Ipv4Net::new(Ipv4Addr::new(10, zone, 0, 0), 16).unwrap_or_default(),
    ))
}

/// The DNS name services on the Internet (the Microsoft Clearinghouse) are reached by.
const INTERNET_SERVICE: &str = "activation.sls.microsoft.com";

/// A synthetic estate with exactly `n` nodes (at least one); see the module docs.
pub fn synth_plan(n: usize) -> Plan {
    let n = n.max(1);
    let c = Counts::new(n);
    let mut next_id = 0u32;
    let mut fresh = || {
        next_id += 1;
        next_id
    };

    // Zones.
    let mut zones: Vec<Zone> = Vec::new();
    let zone = |name: String, kind: ZoneKind, zones: &mut Vec<Zone>, id: u32| {
        let cidrs = if kind == ZoneKind::Internet {
            vec![]
        } else {
            vec![cidr(zones.len())]
        };
        zones.push(Zone {
            id: ZoneId(id),
            name,
            kind,
            cidrs,
            trust: None,
            notes: String::new(),
        });
        zones.len() - 1
    };
    let z = Zones {
        internet: zone("Internet".into(), ZoneKind::Internet, &mut zones, fresh()),
        perimeter: zone("Perimeter".into(), ZoneKind::Perimeter, &mut zones, fresh()),
        infra: zone(
            "Infrastructure".into(),
            ZoneKind::Internal,
            &mut zones,
            fresh(),
        ),
        management: zone(
            "Management".into(),
            ZoneKind::Management,
            &mut zones,
            fresh(),
        ),
        sites: zones.len(),
        clients: zones.len() + c.sites,
    };
    for s in 0..c.sites {
        let name = format!("Servers {:02}", s + 1);
        zone(name, ZoneKind::Internal, &mut zones, fresh());
    }
    for k in 0..c.client_zones {
        let name = format!("Clients {:02}", k + 1);
        zone(name, ZoneKind::Clients, &mut zones, fresh());
    }

    // Firewalls: a tree around the infrastructure zone. Server zones hang off data-centre
    // firewalls with up to four server zones each; client zones share one firewall.
    let zid = |i: usize| zones[i].id;
    let mut firewalls = vec![
        Firewall {
            id: FirewallId(fresh()),
            name: "edge".into(),
            zones: vec![zid(z.internet), zid(z.perimeter)],
            notes: String::new(),
        },
        Firewall {
            id: FirewallId(fresh()),
            name: "perimeter-internal".into(),
            zones: vec![zid(z.perimeter), zid(z.infra)],
            notes: String::new(),
        },
        Firewall {
            id: FirewallId(fresh()),
            name: "management".into(),
            zones: vec![zid(z.management), zid(z.infra)],
            notes: String::new(),
        },
    ];
    for (k, group) in (0..c.sites).collect::<Vec<_>>().chunks(4).enumerate() {
        let mut joined = vec![zid(z.infra)];
        joined.extend(group.iter().map(|&s| zid(z.sites + s)));
        firewalls.push(Firewall {
            id: FirewallId(fresh()),
            name: format!("datacenter-{:02}", k + 1),
            zones: joined,
            notes: String::new(),
        });
    }
    let mut campus = vec![zid(z.infra)];
    campus.extend((0..c.client_zones).map(|k| zid(z.clients + k)));
    firewalls.push(Firewall {
        id: FirewallId(fresh()),
        name: "campus".into(),
        zones: campus,
        notes: String::new(),
    });

    // Nodes.
    let specs = specs(n, &c);
    let mut in_zone = vec![0usize; zones.len()];
    let mut serial = vec![0usize; c.sites];
    let mut nodes = Vec::with_capacity(n);
    let mut slot = Vec::with_capacity(n);
    for &spec in &specs {
        let zi = zone_of(spec, &z);
        let k = match spec.kind {
            Kind::SessionHost | Kind::VirtHost => {
                serial[spec.at] += 1;
                serial[spec.at] - 1
            }
            _ => 0,
        };
        let address = if zi == z.internet && spec.kind == Kind::InternetClients {
            Address::Any
        } else if zi == z.internet {
            INTERNET_SERVICE.parse().unwrap_or(Address::Any)
        } else if is_group(spec.kind) {
            cidr(zi).into()
        } else {
            let i = in_zone[zi] + 10;
            let ip = Ipv4Addr::new(10, octet(zi), octet(i / 250), octet(i % 250 + 1));
            AddressBlock::from(ip).into()
        };
        let options = if spec.kind == Kind::Broker {
            // winmgmt /standalonehost: WMI on a fixed port instead of dynamic RPC.
            NodeOptions {
                wmi_port: Some(24158),
                ..NodeOptions::default()
            }
        } else {
            NodeOptions::default()
        };
        nodes.push(Node {
            id: NodeId(fresh()),
            name: name_of(spec, k),
            zone: zid(zi),
            kind: if is_group(spec.kind) {
                NodeKind::ClientGroup
            } else {
                NodeKind::Server
            },
            roles: roles_of(spec.kind).iter().map(|&r| r.to_owned()).collect(),
            address: Some(address),
            windows: Default::default(),
            domain: None,
            options,
            bypass: Vec::new(),
            notes: String::new(),
        });
        slot.push(in_zone[zi]);
        in_zone[zi] += 1;
    }

    let uses = uses_links(&specs, &nodes, &c);
    let layout = layout(&zones, &in_zone, &nodes, &slot);
    let mut plan = Plan {
        name: format!("Synthetic RDS estate, {n} nodes"),
        zones,
        firewalls,
        nodes,
        uses,
        layout,
        ..Plan::default()
    };
    plan.options.central_nps = true;
    plan
}

/// The "uses" links that keep the flows linear in the number of nodes.
fn uses_links(specs: &[Spec], nodes: &[Node], c: &Counts) -> Vec<UsesLink> {
    let ids_of = |kind: Kind| -> Vec<NodeId> {
        specs
            .iter()
            .zip(nodes)
            .filter(|(s, _)| s.kind == kind)
            .map(|(_, n)| n.id)
            .collect()
    };
    let (dcs, licenses) = (ids_of(Kind::Dc), ids_of(Kind::License));
    let (crls, npss) = (ids_of(Kind::Crl), ids_of(Kind::Nps));
    let (dhcps, wdss) = (ids_of(Kind::Dhcp), ids_of(Kind::Wds));
    let gateways = ids_of(Kind::Gateway).len().max(1);
    let admins = ids_of(Kind::Admin).len().max(1);
    let pick = |list: &[NodeId], i: usize| list.get(i % list.len().max(1)).copied();

    let mut links = BTreeSet::new();
    let mut link = |from: NodeId, to: Option<NodeId>| {
        if let Some(to) = to.filter(|&to| to != from) {
            links.insert(UsesLink { from, to });
        }
    };
    // Hosts of each site, brokers by site, gateways and admin workstations by ordinal.
    let mut site_hosts: Vec<Vec<NodeId>> = vec![Vec::new(); c.sites];
    let by_kind_at = |kind: Kind| {
        let mut v: Vec<Option<NodeId>> = Vec::new();
        for (s, node) in specs.iter().zip(nodes).filter(|(s, _)| s.kind == kind) {
            if v.len() <= s.at {
                v.resize(s.at + 1, None);
            }
            v[s.at] = Some(node.id);
        }
        v
    };
    let brokers = by_kind_at(Kind::Broker);
    let gateway_ids = by_kind_at(Kind::Gateway);
    let admin_ids = by_kind_at(Kind::Admin);

    for (spec, node) in specs.iter().zip(nodes) {
        let id = node.id;
        // The domain controller of the node's site (central servers: by ordinal).
        let dc = pick(&dcs, spec.at);
        match spec.kind {
            Kind::SessionHost | Kind::VirtHost => {
                site_hosts[spec.at].push(id);
                link(id, dc);
                link(id, pick(&licenses, spec.at));
            }
            Kind::Broker | Kind::License | Kind::WebAccess | Kind::Nps | Kind::Dhcp => {
                link(id, dc);
            }
            Kind::Gateway => {
                link(id, dc);
                link(id, pick(&crls, spec.at));
                link(id, pick(&npss, spec.at));
            }
            Kind::Wds => {
                link(id, dc);
                link(id, pick(&dhcps, spec.at));
            }
            Kind::Admin => link(id, dc),
            Kind::Relay | Kind::PxeClients => {
                link(id, pick(&dhcps, spec.at));
                link(id, pick(&wdss, spec.at));
            }
            Kind::Dc
            | Kind::Crl
            | Kind::InternetClients
            | Kind::OfficeClients
            | Kind::Clearinghouse => {}
        }
    }
    // Each site's broker, gateway and admin workstation use its hosts.
    for (s, hosts) in site_hosts.iter().enumerate() {
        let users = [
            brokers.get(s).copied().flatten(),
            gateway_ids.get(s % gateways).copied().flatten(),
            admin_ids.get(s % admins).copied().flatten(),
        ];
        for user in users.into_iter().flatten() {
            for &h in hosts {
                link(user, Some(h));
            }
        }
    }
    // The first admin workstation also looks after the central servers.
    if let Some(Some(admin)) = admin_ids.first() {
        for (spec, node) in specs.iter().zip(nodes) {
            let central = matches!(
                spec.kind,
                Kind::Dc
                    | Kind::License
                    | Kind::Nps
                    | Kind::Crl
                    | Kind::Dhcp
                    | Kind::Wds
                    | Kind::Gateway
                    | Kind::WebAccess
                    | Kind::Broker
            );
            if central {
                link(*admin, Some(node.id));
            }
        }
    }
    links.into_iter().collect()
}

/// Zone rectangles sized to hold their nodes in a grid, laid out left to right in rows;
/// nodes on the grid of their zone.
fn layout(zones: &[Zone], in_zone: &[usize], nodes: &[Node], slot: &[usize]) -> Layout {
    let cols_of = |count: usize| ((count as f32).sqrt().ceil() as usize).clamp(2, 24);
    let mut out = Layout::default();
    let (mut x, mut y, mut row_h) = (0.0f32, 0.0f32, 0.0f32);
    let mut rects = Vec::with_capacity(zones.len());
    for (zone, &count) in zones.iter().zip(in_zone) {
        let cols = cols_of(count);
        let rows = count.div_ceil(cols).max(1);
        let w = cols as f32 * SLOT_W + 2.0 * PAD - (SLOT_W - 170.0);
        let h = rows as f32 * SLOT_H + HEADER + 2.0 * PAD;
        if x > 0.0 && x + w > ROW_WIDTH {
            x = 0.0;
            y += row_h + GAP;
            row_h = 0.0;
        }
        let rect = Rect { x, y, w, h };
        out.zones.insert(zone.id, rect);
        rects.push((zone.id, rect, cols));
        x += w + GAP;
        row_h = row_h.max(h);
    }
    for (node, &i) in nodes.iter().zip(slot) {
        let Some(&(_, rect, cols)) = rects.iter().find(|(id, _, _)| *id == node.zone) else {
            continue;
        };
        let p = Point {
            x: rect.x + PAD + (i % cols) as f32 * SLOT_W,
            y: rect.y + HEADER + PAD + (i / cols) as f32 * SLOT_H,
        };
        out.nodes.insert(node.id, p);
    }
    out
}

/// The shape of a segmented network: see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // the bench uses one shape at a time
pub enum Shape {
    /// Each zone joined to the next by its own firewall.
    Chain,
    /// Every zone on one firewall.
    Hub,
}

/// A segmented network of `zones` zones (at least one) with `per_zone` nodes in each (at
/// least one), plus an admin workstation in the first; see the module docs.
pub fn segmented_plan(shape: Shape, zones: usize, per_zone: usize) -> Plan {
    let (count, per_zone) = (zones.max(1), per_zone.max(1));
    let mut next_id = 0u32;
    let mut fresh = || {
        next_id += 1;
        NodeId(next_id)
    };
    let zones: Vec<Zone> = (0..count)
        .map(|i| Zone {
            id: ZoneId(fresh().0),
            name: if i == 0 {
                "Core".to_owned()
            } else {
                format!("VLAN {i:04}")
            },
            kind: ZoneKind::Internal,
            cidrs: vec![AddressBlock::Net(IpNet::V4(
                Ipv4Net::new(Ipv4Addr::new(10, octet(i / 256), octet(i % 256), 0), 24)
                    .unwrap_or_default(),
            ))],
            trust: None,
            notes: String::new(),
        })
        .collect();
    let firewalls = match shape {
        Shape::Chain => zones
            .windows(2)
            .enumerate()
            .map(|(i, pair)| Firewall {
                id: FirewallId(fresh().0),
                name: format!("fw-{:04}", i + 1),
                zones: vec![pair[0].id, pair[1].id],
                notes: String::new(),
            })
            .collect(),
        Shape::Hub => vec![Firewall {
            id: FirewallId(fresh().0),
            name: "core".to_owned(),
            zones: zones.iter().map(|z| z.id).collect(),
            notes: String::new(),
        }],
    };

    let mut nodes = Vec::with_capacity(count * per_zone + 1);
    let mut slot = Vec::with_capacity(count * per_zone + 1);
    let mut in_zone = vec![0usize; count];
    let mut uses = Vec::new();
    let mut dcs = Vec::with_capacity(count);
    let mut managed = Vec::new();
    // The k-th server of a zone, at 10.<zone>.(k + 10) in the zone's /24.
    let server = |id: NodeId, name: String, zone: usize, k: usize, roles: &[&str]| Node {
        id,
        name,
        zone: zones[zone].id,
        kind: NodeKind::Server,
        roles: roles.iter().map(|&r| r.to_owned()).collect(),
        address: Some(
            AddressBlock::from(Ipv4Addr::new(
                10,
                octet(zone / 256),
                octet(zone % 256),
                octet(k + 10),
            ))
            .into(),
        ),
        windows: Default::default(),
        domain: None,
        options: NodeOptions::default(),
        bypass: Vec::new(),
        notes: String::new(),
    };
    for zone in 0..count {
        let dc = fresh();
        let roles = ["domain_controller", "dns"];
        nodes.push(server(dc, format!("v{zone:04}-dc"), zone, 0, &roles));
        dcs.push(dc);
        slot.push(in_zone[zone]);
        in_zone[zone] += 1;
        for k in 1..per_zone {
            let id = fresh();
            nodes.push(server(id, format!("v{zone:04}-nps{k}"), zone, k, &["nps"]));
            slot.push(in_zone[zone]);
            in_zone[zone] += 1;
            uses.push(UsesLink { from: id, to: dc });
            if zone > 0 {
                uses.push(UsesLink {
                    from: id,
                    to: dcs[zone - 1],
                });
            }
            if k == 1 && zone % 10 == 0 {
                managed.push(id);
            }
        }
    }
    let admin = fresh();
    let k = in_zone[0];
    nodes.push(server(
        admin,
        "adm01".to_owned(),
        0,
        k,
        &["admin_workstation"],
    ));
    slot.push(in_zone[0]);
    in_zone[0] += 1;
    uses.push(UsesLink {
        from: admin,
        to: dcs[0],
    });
    uses.extend(managed.into_iter().map(|to| UsesLink { from: admin, to }));
    uses.sort_unstable();

    let layout = layout(&zones, &in_zone, &nodes, &slot);
    let name = match shape {
        Shape::Chain => format!("Synthetic chain of {count} zones"),
        Shape::Hub => format!("Synthetic hub of {count} zones"),
    };
    Plan {
        name,
        zones,
        firewalls,
        nodes,
        uses,
        layout,
        ..Plan::default()
    }
}

const USAGE: &str =
    "usage: cargo run --release --example synth -- N > plan.ron   (an estate of N >= 1 nodes)
       cargo run --release --example synth -- --chain ZONES [--per-zone K] > plan.ron
       cargo run --release --example synth -- --hub ZONES [--per-zone K] > plan.ron";

/// The plan the command line asks for, or `None` for a usage error.
fn plan_from_args(args: &[String]) -> Option<Plan> {
    let number = |s: Option<&String>| s?.parse::<usize>().ok().filter(|&n| n >= 1);
    match args {
        [n] => Some(synth_plan(number(Some(n))?)),
        [shape, zones, rest @ ..] => {
            let shape = match shape.as_str() {
                "--chain" => Shape::Chain,
                "--hub" => Shape::Hub,
                _ => return None,
            };
            let per_zone = match rest {
                [] => 3,
                [flag, k] if flag == "--per-zone" => number(Some(k))?,
                _ => return None,
            };
            Some(segmented_plan(shape, number(Some(zones))?, per_zone))
        }
        _ => None,
    }
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(plan) = plan_from_args(&args) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let text = match portolan::ron_text::to_pretty(&plan) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot write the plan: {e}");
            std::process::exit(1);
        }
    };
    print!("{text}");
    println!();
}
