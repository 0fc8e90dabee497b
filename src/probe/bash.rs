//! The probes as a bash script: `nc -z -w 2` for each TCP port, `ping -c 1 -W 2` for
//! ICMP, UDP listed with its manual check; pass/fail printed as a table and written to a
//! CSV the admin sends back (`portolan probe --results`).

use super::{Call, Probe, write_probes};
use crate::quote::{file_word, one_line};
use std::io::Write;

/// `text` as one single-quoted shell word.
fn sh(text: &str) -> String {
    format!("'{}'", one_line(text).replace('\'', "'\\''"))
}

/// `text` as one CSV field.
pub(super) fn csv_field(text: &str) -> String {
    let text = one_line(text);
    if text.contains([',', '"']) || text.starts_with(['=', '+', '-', '@']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// Writes the script for `source` (its name) and its probes.
///
/// # Errors
/// The writer's I/O errors.
pub fn write_bash(
    plan_name: &str,
    source: &str,
    probes: &[Probe<'_>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let default_results = format!("portolan-probe-{}.csv", file_word(source, "node"));
    writeln!(out, "#!/usr/bin/env bash")?;
    writeln!(
        out,
        "# Portolan: connectivity probes from {} of the plan {}.",
        one_line(source),
        one_line(plan_name)
    )?;
    writeln!(
        out,
        "# Run it on {} after the change window: bash THIS_SCRIPT [RESULTS.csv]",
        one_line(source)
    )?;
    writeln!(
        out,
        "# TCP ports are tried with `nc -z -w 2` (port ranges sampled: the first, the last and a few\n# inside, as each probe says); ICMP with one ping; UDP cannot be probed reliably and is listed\n# with the check to do by hand. Send the results file back: portolan probe --results FILE PLAN"
    )?;
    writeln!(out, "set -u")?;
    writeln!(out, "results=${{1:-{}}}", sh(&default_results))?;
    writeln!(
        out,
        "command -v nc >/dev/null 2>&1 || {{ echo 'nc is needed (Debian: apt install netcat-openbsd)' >&2; exit 2; }}"
    )?;
    writeln!(
        out,
        "echo 'source,destination,address,protocol,port,result' >\"$results\" || exit 2"
    )?;
    writeln!(out, "source_field={}", sh(&csv_field(source)))?;
    writeln!(out, "failed=0")?;
    writeln!(
        out,
        "record() {{ # destination-field address protocol port result shown-name"
    )?;
    writeln!(
        out,
        "    printf '%s,%s,%s,%s,%s,%s\\n' \"$source_field\" \"$1\" \"$2\" \"$3\" \"$4\" \"$5\" >>\"$results\""
    )?;
    writeln!(
        out,
        "    printf '%-10s %s (%s) %s %s\\n' \"$5\" \"$6\" \"$2\" \"$3\" \"$4\""
    )?;
    writeln!(out, "    [ \"$5\" = fail ] && failed=$((failed + 1))")?;
    writeln!(out, "    return 0")?;
    writeln!(out, "}}")?;
    writeln!(
        out,
        "tcp() {{ if nc -z -w 2 \"$2\" \"$3\" >/dev/null 2>&1; then r=pass; else r=fail; fi; record \"$1\" \"$2\" TCP \"$3\" \"$r\" \"$4\"; }}"
    )?;
    writeln!(
        out,
        "ping1() {{ if ping -c 1 -W 2 \"$2\" >/dev/null 2>&1; then r=pass; else r=fail; fi; record \"$1\" \"$2\" ICMP echo \"$r\" \"$3\"; }}"
    )?;
    write_probes(out, source, probes, |p, call| {
        let dest = p.rule.destination.name();
        let (df, addr, name) = (sh(&csv_field(dest)), sh(&p.target), sh(dest));
        match call {
            Call::Tcp(port) => format!("tcp {df} {addr} {port} {name}"),
            Call::Ping => format!("ping1 {df} {addr} {name}"),
            Call::NotProbed { protocol, ports } => format!(
                "record {df} {addr} {} {} 'not probed' {name}",
                sh(&protocol),
                sh(&ports)
            ),
        }
    })?;
    writeln!(out)?;
    writeln!(out, "echo \"$failed probe(s) failed; results in $results\"")?;
    writeln!(out, "[ \"$failed\" -eq 0 ]")?;
    Ok(())
}
