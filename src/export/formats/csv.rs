//! `csv`: the firewall matrix, one row per rule, for spreadsheets and scripts.

use crate::export::cells::{COLUMNS, RISK_COLUMN, RequirementCells};
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::model::{PortSet, Protocol};
use crate::rules::RuleSet;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::io::Write;
use std::rc::Rc;

/// The CSV format.
pub struct Csv;

impl Format for Csv {
    fn id(&self) -> &'static str {
        "csv"
    }

    fn description(&self) -> &'static str {
        "the firewall matrix as CSV, one row per rule (--bom for Excel on Windows)"
    }

    fn extension(&self) -> &'static str {
        "csv"
    }

    fn output(&self) -> Output {
        Output::File
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::File(out) = sink else {
            return Err(ExportError::Io(std::io::Error::other(
                "the csv format writes one file",
            )));
        };
        let risks = crate::review::review_rules(rules)?.row_risks(rules.len());
        write_csv(out, rules, &risks, options.bom)?;
        Ok(())
    }
}

/// Writes `rules` as CSV with a header row, after a UTF-8 byte order mark when `bom`.
/// Cells a spreadsheet would read as a formula are made inert with a leading `'`. The
/// last column is each rule's `risk` (matrix row `i` has `risks[i]`).
fn write_csv(
    out: &mut dyn Write,
    rules: &RuleSet<'_>,
    risks: &[Option<crate::review::Severity>],
    bom: bool,
) -> Result<(), csv::Error> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    // Rows are assembled from parts encoded by the csv writer: the cells of each node
    // (zone, name, address) and of each firewall once, the requirement cells (the long
    // ones) once per set of merged requirements, protocol and ports once per distinct
    // pair; each row is then a handful of copies. The writer decides quoting cell by
    // cell, so joining the parts with the delimiter gives the bytes of encoding each
    // whole row at once.
    let encoded = Shared::default();
    // Flexible: the parts and the probe below have other lengths than a whole row.
    let mut head = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(encoded.clone());
    let terminator = {
        head.write_record(["x"])?;
        head.flush()?;
        encoded.take()[1..].to_vec()
    };
    head.write_record(COLUMNS.iter().chain([&RISK_COLUMN]))?;
    head.flush()?;
    out.write_all(&encoded.take())?;
    let mut encode = |cells: &[&str]| -> Result<Vec<u8>, csv::Error> {
        // A record of one empty cell is written `""` so it is not a blank line; inside a
        // row the cell is just empty.
        if let [cell] = cells
            && cell.is_empty()
        {
            return Ok(Vec::new());
        }
        for cell in cells {
            head.write_field(inert(cell).as_bytes())?;
        }
        head.write_record(None::<&[u8]>)?;
        head.flush()?;
        let mut bytes = encoded.take();
        bytes.truncate(bytes.len() - terminator.len());
        Ok(bytes)
    };

    // Node parts by position in the plan (Endpoint::index), made when first met.
    let mut nodes: Vec<Option<Vec<u8>>> = vec![None; rules.plan.nodes.len()];
    let mut firewalls: FxHashMap<Option<crate::model::FirewallId>, Vec<u8>> = FxHashMap::default();
    firewalls.insert(None, encode(&[""])?);
    for f in &rules.plan.firewalls {
        firewalls.insert(Some(f.id), encode(&[&f.name])?);
    }
    let matrix = &rules.analysis.matrix;
    let mut tails: Vec<Option<Vec<u8>>> = vec![None; matrix.requirement_sets.len()];
    let mut protocol_ports: FxHashMap<(Protocol, &PortSet), Vec<u8>> = FxHashMap::default();
    let empty = Vec::new();
    let rows = (0..rules.len()).filter_map(|i| rules.get(i).map(|r| (i, r)));
    for (i, rule) in rows {
        let fw = firewalls
            .get(&rule.firewall.map(|f| f.id))
            .unwrap_or(&empty);
        let protocol_ports = match protocol_ports.entry((rule.protocol, rule.ports)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(encode(&[
                &rule.protocol.to_string(),
                &rule.protocol.ports_text(rule.ports),
            ])?),
        };
        let tail = match tails.get_mut(rule.requirements.set()) {
            Some(Some(tail)) => tail,
            Some(slot) => {
                let cells = RequirementCells::new(&rule.requirements);
                slot.insert(encode(&cells.as_array())?)
            }
            None => &empty,
        };
        for end in [rule.source, rule.destination] {
            if nodes[end.index].is_none() {
                let address = end.address().map(ToString::to_string).unwrap_or_default();
                nodes[end.index] = Some(encode(&[end.zone_name(), end.name(), &address])?);
            }
        }
        let (src, dst) = (
            nodes[rule.source.index].as_ref().unwrap_or(&empty),
            nodes[rule.destination.index].as_ref().unwrap_or(&empty),
        );
        for part in [fw, src, dst, protocol_ports] {
            out.write_all(part)?;
            out.write_all(b",")?;
        }
        out.write_all(tail)?;
        out.write_all(b",")?;
        let risk = risks.get(i).copied().flatten();
        out.write_all(risk.map_or("", |r| r.as_str()).as_bytes())?;
        out.write_all(&terminator)?;
    }
    out.flush()?;
    Ok(())
}

/// An in-memory sink the csv writer encodes into, that the caller can read and empty.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `cell`, prefixed with `'` when it starts like a spreadsheet formula (`= + - @`, tab or
/// carriage return), so that opening the CSV never runs anything.
pub(crate) fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=1+2"), "'=1+2");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-x"), "'-x");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("dc01"), "dc01");
    }
}
