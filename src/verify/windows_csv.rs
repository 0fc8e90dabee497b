//! Reads the inbound rules of a Windows server's firewall, exported as CSV by this
//! PowerShell pipeline (the README shows it; one row per enabled inbound rule):
//!
//! ```powershell
//! Get-NetFirewallRule -Direction Inbound -Enabled True -PolicyStore ActiveStore |
//!   ForEach-Object {
//!     $port = $_ | Get-NetFirewallPortFilter
//!     $addr = $_ | Get-NetFirewallAddressFilter
//!     [pscustomobject]@{
//!       Name = $_.Name; DisplayName = $_.DisplayName; Action = $_.Action
//!       Protocol = $port.Protocol; LocalPort = ($port.LocalPort -join ',')
//!       IcmpType = ($port.IcmpType -join ',')
//!       RemoteAddress = ($addr.RemoteAddress -join ','); LocalAddress = ($addr.LocalAddress -join ',')
//!     }
//!   } | Export-Csv -Path rules.csv -NoTypeInformation -Encoding UTF8
//! ```
//!
//! Windows Defender Firewall is not first-match: a block rule wins over every allow
//! rule, and inbound traffic no rule allows is blocked. So the block rules are evaluated
//! first, then the allow rules, then a drop policy. Port keywords (`RPC`, `RPCEPMap`,
//! `IPHTTPSIn`...) and address keywords (`LocalSubnet`, `DNS`, `Internet`...) name sets
//! only Windows knows: such a rule is an error naming its line, not a guess.

use super::deployed::{Action, Deployed, DeployedRule, MatchSpec, SyntaxError, short_text};
use super::space::{L4, Span, Span16, number};
use crate::model::{AddressBlock, Family};
use smallvec::SmallVec;

const COLUMNS: [&str; 6] = [
    "DisplayName",
    "Action",
    "Protocol",
    "LocalPort",
    "RemoteAddress",
    "LocalAddress",
];

/// Whether `text` starts with the header the pipeline writes.
pub fn looks_like(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    COLUMNS.iter().all(|c| first.contains(c))
}

fn addresses(cell: &str) -> Result<Option<Vec<Span>>, String> {
    let cell = cell.trim();
    if cell.is_empty() || cell.eq_ignore_ascii_case("any") {
        return Ok(None);
    }
    let mut out = Vec::new();
    for part in cell.split(',').map(str::trim) {
        let span = if let Some((a, b)) = part.split_once('-') {
            let (a, b) = (
                a.parse::<std::net::IpAddr>()
                    .map_err(|_| format!("`{part}` is not an address range"))?,
                b.parse::<std::net::IpAddr>()
                    .map_err(|_| format!("`{part}` is not an address range"))?,
            );
            Span(number(a), number(b))
        } else if let Some((addr, mask)) = part.split_once('/')
            && mask.contains('.')
        {
            let m: std::net::Ipv4Addr = mask
                .parse()
                .map_err(|_| format!("`{part}` is not a network"))?;
            let block: AddressBlock = format!("{addr}/{}", u32::from(m).leading_ones())
                .parse()
                .map_err(|_| format!("`{part}` is not a network"))?;
            Span::of_block(&block)
        } else {
            let block: AddressBlock = part.parse().map_err(|_| {
                format!(
                    "`{part}` is not an address (keywords such as LocalSubnet are not evaluated)"
                )
            })?;
            Span::of_block(&block)
        };
        out.push(span);
    }
    Ok(Some(out))
}

fn ports(cell: &str) -> Result<Option<Vec<Span16>>, String> {
    let cell = cell.trim();
    if cell.is_empty() || cell.eq_ignore_ascii_case("any") {
        return Ok(None);
    }
    cell.split(',')
        .map(str::trim)
        .map(|p| {
            let parse = |s: &str| {
                s.parse::<u16>().map_err(|_| {
                    format!("`{p}` is not a port or range (keywords such as RPC are not evaluated)")
                })
            };
            match p.split_once('-') {
                Some((a, b)) => Ok(Span16(parse(a)?, parse(b)?)),
                None => parse(p).map(|n| Span16(n, n)),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn row_spec(get: &dyn Fn(&str) -> String) -> Result<(Action, MatchSpec), String> {
    let action = match get("Action").as_str() {
        "Allow" | "2" => Action::Accept,
        "Block" | "4" => Action::Drop,
        other => return Err(format!("the action `{other}` is not Allow or Block")),
    };
    let mut spec = MatchSpec {
        src: addresses(&get("RemoteAddress"))?,
        dst: addresses(&get("LocalAddress"))?,
        ..MatchSpec::default()
    };
    match get("Protocol").to_ascii_uppercase().as_str() {
        "TCP" | "6" => {
            spec.only(&[L4::Tcp]);
            spec.ports = ports(&get("LocalPort"))?;
        }
        "UDP" | "17" => {
            spec.only(&[L4::Udp]);
            spec.ports = ports(&get("LocalPort"))?;
        }
        "ICMPV4" | "1" => {
            spec.only(&[L4::Icmp]);
            spec.family = Some(Family::V4);
            let types = get("IcmpType");
            let t = types.trim();
            if !(t.is_empty() || t.eq_ignore_ascii_case("any")) {
                let list = t
                    .split(',')
                    .map(|x| {
                        let ty = x.split(':').next().unwrap_or(x).trim();
                        ty.parse::<u8>()
                            .map(|n| Span16(u16::from(n), u16::from(n)))
                            .map_err(|_| format!("`{x}` is not an ICMP type"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                spec.ports = Some(list);
            }
        }
        "ANY" | "" => {}
        other => return Err(format!("the protocol `{other}` is not evaluated")),
    }
    Ok((action, spec))
}

/// Reads the CSV: block rules first (they win), then allow rules, each in file order;
/// the policy is to block.
///
/// # Errors
/// Every row that cannot be evaluated, by line.
pub fn read(text: &str) -> Result<Deployed, Vec<SyntaxError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![SyntaxError {
                line: 1,
                message: e.to_string(),
            }]
        })?
        .clone();
    let families = [Family::V4, Family::V6];
    let (mut blocks, mut allows, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(SyntaxError {
                    line: usize::try_from(line).unwrap_or(0),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = usize::try_from(record.position().map_or(0, |p| p.line())).unwrap_or(0);
        let get = |name: &str| -> String {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        match row_spec(&get) {
            Ok((action, spec)) => {
                let rule = DeployedRule {
                    line,
                    text: short_text(&format!(
                        "{} ({} {} {} from {})",
                        get("DisplayName"),
                        get("Action"),
                        get("Protocol"),
                        get("LocalPort"),
                        get("RemoteAddress")
                    )),
                    action,
                    cubes: spec.cubes(&families),
                };
                if action == Action::Drop {
                    blocks.push(rule);
                } else {
                    allows.push(rule);
                }
            }
            Err(message) => errors.push(SyntaxError { line, message }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    blocks.extend(allows);
    Ok(Deployed {
        kind: "Windows Firewall rules CSV",
        unit: "line",
        rules: blocks,
        policy: Action::Drop,
        families: SmallVec::from_slice(&families),
        notes: vec!["block rules are evaluated before allow rules, as Windows does".into()],
    })
}
