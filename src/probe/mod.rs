//! After the change window, prove the ports are open: the connections each source host
//! should be able to open ([`probes_from`]), as scripts an admin runs there
//! ([`write_bash`], [`write_powershell`]), and the results they collect read back and
//! matched to the firewall rules that should have let them through ([`read_results`],
//! [`failures`]). Nothing here knows egui.

mod bash;
mod powershell;
mod results;

pub use bash::write_bash;
pub use powershell::write_powershell;
pub use results::{Failure, ResultRow, ResultsError, failures, read_results};

use crate::model::{Address, IcmpType, NodeId, PortRange, Protocol};
use crate::quote::one_line;
use crate::rules::{Rule, RuleSet};

/// How many ports of a range are tried: the first, the last and this many inside.
pub const INSIDE_SAMPLES: u16 = 3;

/// What one probe does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A TCP connection to each port.
    Tcp(Vec<u16>),
    /// An ICMP echo (ping).
    Ping,
    /// Not probed: UDP has no handshake, so silence proves nothing. The manual check
    /// to do instead.
    Manual(String),
}

/// The probes of one destination and protocol from one source.
#[derive(Clone, Debug)]
pub struct Probe<'a> {
    pub rule: Rule<'a>,
    /// What the script connects to: the destination's first host address, or its DNS
    /// name.
    pub target: String,
    pub check: Check,
    /// What the script says about the choice: sampled ranges, a network's first host.
    pub notes: Vec<String>,
}

/// The ports tried in `range`: all of a short range; else the first, the last and
/// [`INSIDE_SAMPLES`] evenly spread inside. The second value says whether it sampled.
pub fn sample(range: PortRange) -> (Vec<u16>, bool) {
    let len = range.len();
    if len <= u32::from(INSIDE_SAMPLES) + 2 {
        return ((range.start..=range.end).collect(), false);
    }
    let mut ports = vec![range.start];
    for i in 1..=u32::from(INSIDE_SAMPLES) {
        let step = u32::from(range.start) + len * i / (u32::from(INSIDE_SAMPLES) + 1);
        ports.push(u16::try_from(step).unwrap_or(range.end));
    }
    ports.push(range.end);
    ports.dedup();
    (ports, true)
}

/// What a probe connects to, and a note when it picks one address of several.
fn target(address: Option<&Address>) -> Option<(String, Option<String>)> {
    match address? {
        Address::Any => None,
        Address::Name(n) => Some((n.to_string(), None)),
        Address::Blocks(blocks) => {
            let first = blocks.first()?;
            let (host, _) = first.first_last();
            let note = (first.single_host().is_none() || blocks.len() > 1).then(|| {
                format!(
                    "{host} stands for the destination's addresses {}",
                    crate::model::join_blocks(blocks)
                )
            });
            Some((host.to_string(), note))
        }
    }
}

/// The probes from node `source`: one per destination and protocol (a flow crossing
/// two firewalls is probed once), in the matrix's order. Destinations at any address,
/// or without one, cannot be probed and are left out (the second value lists them).
pub fn probes_from<'a>(rules: &RuleSet<'a>, source: NodeId) -> (Vec<Probe<'a>>, Vec<Rule<'a>>) {
    let mut seen = std::collections::HashSet::new();
    let mut probes = Vec::new();
    let mut unreachable = Vec::new();
    for rule in rules.iter().filter(|r| r.source.id() == source) {
        if !seen.insert((rule.destination.id(), rule.protocol)) {
            continue;
        }
        let Some((target, note)) = target(rule.destination.address()) else {
            unreachable.push(rule);
            continue;
        };
        let mut notes: Vec<String> = note.into_iter().collect();
        let check = match rule.protocol {
            Protocol::Tcp => {
                let mut ports = Vec::new();
                for r in rule.ports.ranges() {
                    let (p, sampled) = sample(*r);
                    if sampled {
                        notes.push(format!(
                            "ports {r} sampled: the first, the last and {INSIDE_SAMPLES} inside"
                        ));
                    }
                    ports.extend(p);
                }
                Check::Tcp(ports)
            }
            Protocol::Udp => Check::Manual(format!(
                "UDP {} cannot be probed reliably (no handshake: silence proves nothing); check on {} that the service answers (nslookup for DNS 53, w32tm /stripchart for NTP 123, the RADIUS test of the NPS console for 1812-1813, the RD client's UDP transport for 3391) or read the firewall's log for the flow",
                rule.ports,
                rule.destination.name()
            )),
            Protocol::Icmp(IcmpType::Any | IcmpType::Type(8)) => Check::Ping,
            Protocol::Icmp(IcmpType::Type(t)) => Check::Manual(format!(
                "ICMP type {t} cannot be sent from a script; check it in the firewall's log"
            )),
        };
        probes.push(Probe {
            rule,
            target,
            check,
            notes,
        });
    }
    (probes, unreachable)
}

/// One call a script makes for a probe; each script's dialect turns it into a line.
enum Call {
    /// Try a TCP connection to this port.
    Tcp(u16),
    /// Ping once.
    Ping,
    /// Record the probe as not probed, with its protocol and ports (spaces between).
    NotProbed { protocol: String, ports: String },
}

/// The probes' part of either script: for each probe its comment lines (source,
/// destination, protocol, ports and requirement ids, then its notes), then one line per
/// call, written by `line` in the script's language. A manual check is written as a
/// comment above its call.
fn write_probes(
    out: &mut dyn std::io::Write,
    source: &str,
    probes: &[Probe<'_>],
    line: impl Fn(&Probe<'_>, Call) -> String,
) -> std::io::Result<()> {
    for p in probes {
        writeln!(out)?;
        let ids = p.rule.requirements.ids().join(", ");
        writeln!(
            out,
            "# {} -> {} {} {}: {}",
            one_line(source),
            one_line(p.rule.destination.name()),
            p.rule.protocol,
            p.rule.protocol.ports_text(p.rule.ports),
            one_line(&ids)
        )?;
        for n in &p.notes {
            writeln!(out, "# {}", one_line(n))?;
        }
        match &p.check {
            Check::Tcp(ports) => {
                for &port in ports {
                    writeln!(out, "{}", line(p, Call::Tcp(port)))?;
                }
            }
            Check::Ping => writeln!(out, "{}", line(p, Call::Ping))?,
            Check::Manual(how) => {
                writeln!(out, "# {}", one_line(how))?;
                let call = Call::NotProbed {
                    protocol: p.rule.protocol.to_string(),
                    ports: p.rule.protocol.ports_text(p.rule.ports).replace(',', " "),
                };
                writeln!(out, "{}", line(p, call))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_sampled_first_last_and_inside() {
        assert_eq!(sample(PortRange::new(135, 135)), (vec![135], false));
        assert_eq!(
            sample(PortRange::new(1812, 1813)),
            (vec![1812, 1813], false)
        );
        assert_eq!(
            sample(PortRange::new(49152, 65535)),
            (vec![49152, 53248, 57344, 61440, 65535], true)
        );
        assert_eq!(sample(PortRange::new(10, 15)).0.len(), 5);
    }
}
