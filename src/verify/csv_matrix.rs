//! Reads a Portolan CSV matrix (`portolan export --format csv`) as deployed rule sets,
//! one per firewall named in its `firewall` column: each row an accept rule, in file
//! order, and a drop policy. To compare two exports, or a matrix someone edited by hand.

use super::deployed::{Action, Deployed, DeployedRule, MatchSpec, SyntaxError, short_text};
use super::space::{L4, Span, Span16};
use crate::model::{Address, Family, PortRange};
use smallvec::SmallVec;
use std::collections::BTreeMap;

/// Whether `text` starts like a Portolan matrix (its header).
pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .starts_with("firewall,source_zone,source,source_address,")
}

fn spans(cell: &str) -> Result<Option<Vec<Span>>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Err("an empty address: the node has no address".into());
    }
    match cell.parse::<Address>() {
        // A DNS name is any address in the vendor formats, which cannot hold names.
        Ok(Address::Any | Address::Name(_)) => Ok(None),
        Ok(Address::Blocks(blocks)) => Ok(Some(blocks.iter().map(Span::of_block).collect())),
        Err(e) => Err(format!("{e}")),
    }
}

fn row_spec(cells: &csv::StringRecord) -> Result<MatchSpec, String> {
    let get = |i: usize| cells.get(i).unwrap_or("");
    let mut spec = MatchSpec {
        src: spans(get(3))?,
        dst: spans(get(6))?,
        ..MatchSpec::default()
    };
    let ports = get(8).trim();
    match get(7).trim() {
        p @ ("TCP" | "UDP") => {
            spec.only(&[if p == "TCP" { L4::Tcp } else { L4::Udp }]);
            let list = ports
                .split(',')
                .map(|r| {
                    r.trim()
                        .parse::<PortRange>()
                        .map(|r| Span16(r.start, r.end))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            spec.ports = Some(list);
        }
        "ICMP" => {
            spec.only(&[L4::Icmp]);
            spec.family = Some(Family::V4);
            if ports != "any" {
                let t: u8 = ports
                    .parse()
                    .map_err(|_| format!("`{ports}` is not an ICMP type (0-255 or any)"))?;
                spec.ports = Some(vec![Span16(u16::from(t), u16::from(t))]);
            }
        }
        other => return Err(format!("`{other}` is not TCP, UDP or ICMP")),
    }
    Ok(spec)
}

/// Reads the matrix: the rule set of each firewall, by name (host-firewall rows, with
/// an empty `firewall`, are left out and counted in each set's notes).
///
/// # Errors
/// Every row that cannot be read, by line.
pub fn read(text: &str) -> Result<BTreeMap<String, Deployed>, Vec<SyntaxError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut sets: BTreeMap<String, Deployed> = BTreeMap::new();
    let mut host_rows = 0;
    let families = [Family::V4, Family::V6];
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                errors.push(SyntaxError {
                    line,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let firewall = record.get(0).unwrap_or("").to_owned();
        if firewall.is_empty() {
            host_rows += 1;
            continue;
        }
        match row_spec(&record) {
            Ok(spec) => {
                let set = sets.entry(firewall).or_insert_with(|| Deployed {
                    kind: "Portolan CSV matrix",
                    unit: "line",
                    rules: Vec::new(),
                    policy: Action::Drop,
                    families: SmallVec::from_slice(&families),
                    notes: Vec::new(),
                });
                set.rules.push(DeployedRule {
                    line,
                    text: short_text(&record.iter().take(9).collect::<Vec<_>>().join(",")),
                    action: Action::Accept,
                    cubes: spec.cubes(&families),
                });
            }
            Err(message) => errors.push(SyntaxError { line, message }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if host_rows > 0 {
        for set in sets.values_mut() {
            set.notes.push(format!(
                "{host_rows} host-firewall row(s) (empty firewall) not evaluated"
            ));
        }
    }
    Ok(sets)
}
