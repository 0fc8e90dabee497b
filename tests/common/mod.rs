//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod export_dir;

use portolan::catalog::Catalog;
use portolan::engine::{Analysis, analyze};
use portolan::export::rules_cells;
use portolan::io::parse_plan;
use portolan::model::Plan;

/// Runs the `portolan` binary with `args` in the project folder (where the examples are).
pub fn portolan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("portolan runs")
}

pub fn catalog() -> Catalog {
    Catalog::builtin().expect("built-in catalog")
}

pub fn example_text(name: &str) -> String {
    let path = format!("{}/examples/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect("example exists")
}

pub fn example(name: &str) -> Plan {
    parse_plan(&example_text(name), name, &catalog()).expect("example parses")
}

/// A matrix row as the CSV shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub firewall: String,
    pub source: String,
    pub destination: String,
    pub protocol: String,
    pub ports: String,
    pub requirement: String,
    pub reference: String,
}

impl Row {
    /// Whether every port of `ports` (like `"135,49152-65535"`) is in this row. ICMP rows
    /// (their `ports` is the ICMP type) cover no port.
    pub fn covers(&self, ports: &str) -> bool {
        if self.protocol == "ICMP" {
            return false;
        }
        let have = parse_ports(&self.ports);
        parse_ports(ports)
            .iter()
            .all(|&(a, b)| have.iter().any(|&(x, y)| x <= a && b <= y))
    }
}

fn parse_ports(s: &str) -> Vec<(u16, u16)> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('-') {
            Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
            None => {
                let n = p.parse().unwrap();
                (n, n)
            }
        })
        .collect()
}

pub fn rows(plan: &Plan) -> Vec<Row> {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    rows_of(plan, &catalog, &analysis)
}

pub fn rows_of(plan: &Plan, catalog: &Catalog, analysis: &Analysis) -> Vec<Row> {
    rules_cells(&portolan::rules::RuleSet::new(plan, catalog, analysis))
        .into_iter()
        .map(|c| Row {
            firewall: c[0].clone(),
            source: c[2].clone(),
            destination: c[5].clone(),
            protocol: c[7].clone(),
            ports: c[8].clone(),
            requirement: c[11].clone(),
            reference: c[12].clone(),
        })
        .collect()
}

/// The row for this firewall (`""` inside a zone), source, destination and protocol.
pub fn find<'a>(rows: &'a [Row], fw: &str, src: &str, dst: &str, proto: &str) -> Option<&'a Row> {
    rows.iter().find(|r| {
        r.firewall == fw && r.source == src && r.destination == dst && r.protocol == proto
    })
}

/// The whole matrix as CSV text.
pub fn csv(plan: &Plan) -> String {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let mut out = Vec::new();
    portolan::export::write_csv(&mut out, plan, &catalog, &analysis).unwrap();
    String::from_utf8(out).unwrap()
}

/// Compares the example's CSV with `tests/golden/NAME.csv`, byte for byte. After a
/// deliberate catalog change, regenerate with `PORTOLAN_BLESS=1 cargo test` and review
/// the diff.
pub fn assert_snapshot(name: &str) {
    let got = csv(&example(name));
    let path = format!("{}/tests/golden/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("PORTOLAN_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(got, want, "matrix differs from tests/golden/{name}.csv");
}
