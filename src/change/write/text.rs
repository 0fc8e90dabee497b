//! The diff as plain text: what changed in the plan, then each place's rule changes, one
//! line a rule (`+` add, `-` remove, `~` change) with its requirements and causes below.

use super::ChangeCells;
use crate::change::Diff;
use std::io::Write;

pub(super) fn write(
    diff: &Diff<'_>,
    old: &str,
    new: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "--- {old}")?;
    writeln!(out, "+++ {new}")?;
    if diff.is_empty() {
        writeln!(out, "no difference")?;
        return out.flush();
    }
    let (added, removed, changed) = diff.totals();
    writeln!(
        out,
        "{} plan change(s); rules: +{added} -{removed} ~{changed}",
        diff.plan.len()
    )?;
    if !diff.plan.is_empty() {
        writeln!(out, "\nplan changes:")?;
        for c in &diff.plan {
            writeln!(out, "  {c}")?;
        }
    }
    for g in &diff.groups {
        writeln!(
            out,
            "\n{}: +{} -{} ~{}",
            g.place.label(),
            g.added,
            g.removed,
            g.changed
        )?;
        for i in g.range.clone() {
            let (Some(c), Some(change)) = (ChangeCells::new(diff, i), diff.rules.get(i)) else {
                continue;
            };
            let at = |name: &str, address: &str| {
                if address.is_empty() {
                    name.to_owned()
                } else {
                    format!("{name} ({address})")
                }
            };
            writeln!(
                out,
                "  {} {} -> {} {} {}",
                change.sign(),
                at(&c.source, &c.source_address),
                at(&c.destination, &c.destination_address),
                c.protocol,
                c.ports
            )?;
            if !c.was.is_empty() {
                writeln!(out, "      was: {}", c.was)?;
            }
            writeln!(out, "      requirements: {}", c.requirement)?;
            if !c.reference.is_empty() {
                writeln!(out, "      references: {}", c.reference)?;
            }
            if !c.cause.is_empty() {
                writeln!(out, "      because: {}", c.cause)?;
            }
        }
    }
    out.flush()
}
