//! The firewall matrix as CSV.

use super::COLUMNS;
use super::cells::requirement_cells;
use crate::catalog::Catalog;
use crate::engine::Analysis;
use crate::io::{WriteError, write_atomic_with};
use crate::model::{FirewallId, NodeId, Plan, PortSet, Protocol, ZoneId};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

/// Writes the matrix of `analysis` (computed from `plan`) as CSV with a header row.
/// Cells a spreadsheet would read as a formula are made inert with a leading `'`.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write_csv<W: Write>(
    out: W,
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
) -> Result<(), csv::Error> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
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
    head.write_record(COLUMNS)?;
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

    let unknown_node = encode(&["", "", ""])?;
    let zones: FxHashMap<ZoneId, &str> =
        plan.zones.iter().map(|z| (z.id, z.name.as_str())).collect();
    let mut nodes: FxHashMap<NodeId, Vec<u8>> = FxHashMap::default();
    for n in &plan.nodes {
        let zone = zones.get(&n.zone).copied().unwrap_or("");
        let address = n.address.as_deref().unwrap_or("");
        nodes.insert(n.id, encode(&[zone, &n.name, address])?);
    }
    let mut firewalls: FxHashMap<Option<FirewallId>, Vec<u8>> = FxHashMap::default();
    firewalls.insert(None, encode(&[""])?);
    for f in &plan.firewalls {
        firewalls.insert(Some(f.id), encode(&[&f.name])?);
    }
    let matrix = &analysis.matrix;
    let mut tails: Vec<Option<Vec<u8>>> = vec![None; matrix.requirement_sets.len()];
    let mut protocol_ports: FxHashMap<(Protocol, &PortSet), Vec<u8>> = FxHashMap::default();
    let empty = Vec::new();
    for row in &matrix.rows {
        let fw = firewalls.get(&row.firewall).unwrap_or(&empty);
        let protocol_ports = match protocol_ports.entry((row.protocol, &row.ports)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let protocol = match row.protocol {
                    Protocol::Tcp => "TCP",
                    Protocol::Udp => "UDP",
                };
                e.insert(encode(&[protocol, &row.ports.to_string()])?)
            }
        };
        let tail = match tails.get_mut(row.requirements) {
            Some(Some(tail)) => tail,
            Some(slot) => {
                let cells = requirement_cells(catalog, matrix.requirements(row));
                slot.insert(encode(&cells.each_ref().map(String::as_str))?)
            }
            None => &empty,
        };
        let node = |id| nodes.get(&id).unwrap_or(&unknown_node);
        for part in [fw, node(row.source), node(row.destination), protocol_ports] {
            out.write_all(part)?;
            out.write_all(b",")?;
        }
        out.write_all(tail)?;
        out.write_all(&terminator)?;
    }
    out.flush()?;
    Ok(())
}

/// Saves the matrix of `analysis` as CSV at `path`: streamed to a temporary file beside it
/// and renamed over it, so the file is either the old one or the whole new one.
///
/// # Errors
/// [`WriteError`] naming `path` when the folder is not writable or the disk is full.
pub fn save_csv(
    path: &Path,
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
) -> Result<(), WriteError> {
    write_atomic_with(path, |out| {
        write_csv(out, plan, catalog, analysis).map_err(std::io::Error::from)
    })
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
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
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
