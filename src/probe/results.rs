//! The results the probe scripts collect, read back and matched to the rules that should
//! have let each failed connection through.

use crate::model::Protocol;
use crate::rules::{Rule, RuleSet};
use std::fmt;

/// One row of a results file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    /// Its line in the file (1-based).
    pub line: usize,
    pub source: String,
    pub destination: String,
    pub address: String,
    pub protocol: String,
    pub port: String,
    /// `pass`, `fail` or `not probed`.
    pub result: String,
}

/// A results file that cannot be read: every bad line.
#[derive(Debug, thiserror::Error)]
pub struct ResultsError {
    pub origin: String,
    pub errors: Vec<(usize, String)>,
}

impl fmt::Display for ResultsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the probe results cannot be read:", self.origin)?;
        for (line, message) in self.errors.iter().take(50) {
            write!(f, "\n  line {line}: {message}")?;
        }
        Ok(())
    }
}

const COLUMNS: [&str; 6] = [
    "source",
    "destination",
    "address",
    "protocol",
    "port",
    "result",
];

/// Reads a results file written by the bash or PowerShell script.
///
/// # Errors
/// [`ResultsError`]: a missing column, a row of the wrong length, an unknown result.
pub fn read_results(text: &str, origin: &str) -> Result<Vec<ResultRow>, ResultsError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let fail = |errors| ResultsError {
        origin: origin.to_owned(),
        errors,
    };
    let headers = reader
        .headers()
        .map_err(|e| fail(vec![(1, e.to_string())]))?
        .clone();
    let mut at = [0usize; 6];
    for (i, name) in COLUMNS.iter().enumerate() {
        at[i] = headers
            .iter()
            .position(|h| h.trim() == *name)
            .ok_or_else(|| {
                fail(vec![(
                    1,
                    format!(
                        "no `{name}` column: the header must be {}",
                        COLUMNS.join(",")
                    ),
                )])
            })?;
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push((usize::try_from(line).unwrap_or(0), e.to_string()));
                continue;
            }
        };
        let line = usize::try_from(record.position().map_or(0, |p| p.line())).unwrap_or(0);
        let cell = |i: usize| record.get(at[i]).unwrap_or("").trim().to_owned();
        let result = cell(5);
        if !matches!(result.as_str(), "pass" | "fail" | "not probed") {
            errors.push((line, format!("`{result}` is not pass, fail or not probed")));
            continue;
        }
        rows.push(ResultRow {
            line,
            source: cell(0),
            destination: cell(1),
            address: cell(2),
            protocol: cell(3),
            port: cell(4),
            result,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(fail(errors))
    }
}

/// A failed probe and the plan's rules that should have let it through (one per
/// firewall on the way, and the destination's host firewall rule when in one zone).
#[derive(Clone, Debug)]
pub struct Failure<'a> {
    pub row: ResultRow,
    /// Empty when the plan has no such flow (a results file of another plan?).
    pub rules: Vec<Rule<'a>>,
}

fn matches(rule: &Rule<'_>, row: &ResultRow) -> bool {
    if rule.source.name() != row.source || rule.destination.name() != row.destination {
        return false;
    }
    match (rule.protocol, row.protocol.as_str()) {
        (Protocol::Tcp, "TCP") | (Protocol::Udp, "UDP") => row
            .port
            .parse::<u16>()
            .is_ok_and(|p| rule.ports.contains(p)),
        (Protocol::Icmp(_), "ICMP") => true,
        _ => false,
    }
}

/// The failed rows of `rows` with their rules. **O(F · R)** for F failures.
pub fn failures<'a>(rules: &RuleSet<'a>, rows: &[ResultRow]) -> Vec<Failure<'a>> {
    rows.iter()
        .filter(|r| r.result == "fail")
        .map(|row| Failure {
            row: row.clone(),
            rules: rules.iter().filter(|r| matches(r, row)).collect(),
        })
        .collect()
}
