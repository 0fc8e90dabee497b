//! The probes as a PowerShell script: `Test-NetConnection -Port` for each TCP port,
//! `Test-Connection` for ICMP, UDP listed with its manual check; pass/fail shown as a
//! table and exported to a CSV the admin sends back (`portolan probe --results`).

use super::{Call, Probe, write_probes};
use crate::quote::{file_word, one_line, powershell as ps};
use std::io::Write;

/// Writes the script for `source` (its name) and its probes.
///
/// # Errors
/// The writer's I/O errors.
pub fn write_powershell(
    plan_name: &str,
    source: &str,
    probes: &[Probe<'_>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let default_results = format!("portolan-probe-{}.csv", file_word(source, "node"));
    // A byte order mark: Windows PowerShell 5.1 reads a file without one in the legacy
    // code page.
    write!(out, "\u{feff}")?;
    writeln!(
        out,
        "# Portolan: connectivity probes from {} of the plan {}.",
        one_line(source),
        one_line(plan_name)
    )?;
    writeln!(
        out,
        "# Run it on {} after the change window: .\\THIS_SCRIPT.ps1 [-Results RESULTS.csv]",
        one_line(source)
    )?;
    writeln!(
        out,
        "# TCP ports are tried with Test-NetConnection (port ranges sampled: the first, the last and a\n# few inside, as each probe says); ICMP with one ping; UDP cannot be probed reliably and is\n# listed with the check to do by hand. Send the results file back: portolan probe --results FILE PLAN"
    )?;
    writeln!(out, "param([string]$Results = {})", ps(&default_results))?;
    writeln!(out, "$ProgressPreference = 'SilentlyContinue'")?;
    writeln!(out, "$Source = {}", ps(source))?;
    writeln!(
        out,
        "$Rows = New-Object System.Collections.Generic.List[object]"
    )?;
    writeln!(
        out,
        "function Add-Result([string]$Destination, [string]$Address, [string]$Protocol, [string]$Port, [string]$Result) {{"
    )?;
    writeln!(
        out,
        "    $Rows.Add([pscustomobject]@{{ source = $Source; destination = $Destination; address = $Address; protocol = $Protocol; port = $Port; result = $Result }})"
    )?;
    writeln!(out, "}}")?;
    writeln!(
        out,
        "function Test-Tcp([string]$Destination, [string]$Address, [int]$Port) {{"
    )?;
    writeln!(
        out,
        "    $ok = Test-NetConnection -ComputerName $Address -Port $Port -InformationLevel Quiet -WarningAction SilentlyContinue"
    )?;
    writeln!(out, "    if ($ok) {{ $r = 'pass' }} else {{ $r = 'fail' }}")?;
    writeln!(
        out,
        "    Add-Result $Destination $Address 'TCP' ([string]$Port) $r"
    )?;
    writeln!(out, "}}")?;
    writeln!(
        out,
        "function Test-Ping([string]$Destination, [string]$Address) {{"
    )?;
    writeln!(
        out,
        "    $ok = Test-Connection -ComputerName $Address -Count 1 -Quiet"
    )?;
    writeln!(out, "    if ($ok) {{ $r = 'pass' }} else {{ $r = 'fail' }}")?;
    writeln!(out, "    Add-Result $Destination $Address 'ICMP' 'echo' $r")?;
    writeln!(out, "}}")?;
    write_probes(out, source, probes, |p, call| {
        let (d, a) = (ps(p.rule.destination.name()), ps(&p.target));
        match call {
            Call::Tcp(port) => format!("Test-Tcp {d} {a} {port}"),
            Call::Ping => format!("Test-Ping {d} {a}"),
            Call::NotProbed { protocol, ports } => format!(
                "Add-Result {d} {a} {} {} 'not probed'",
                ps(&protocol),
                ps(&ports)
            ),
        }
    })?;
    writeln!(out)?;
    writeln!(out, "$Rows | Format-Table -AutoSize")?;
    writeln!(
        out,
        "$Rows | Export-Csv -Path $Results -NoTypeInformation -Encoding UTF8"
    )?;
    writeln!(
        out,
        "$Failed = @($Rows | Where-Object {{ $_.result -eq 'fail' }}).Count"
    )?;
    writeln!(
        out,
        "Write-Output \"$Failed probe(s) failed; results in $Results\""
    )?;
    writeln!(out, "if ($Failed -gt 0) {{ exit 1 }}")?;
    Ok(())
}
