//! The diff as a change request in Markdown, the way a firewall team reads one: what
//! changed in the plan, a summary table (firewall, rules to add, rules to remove, rules
//! to change), then each firewall's rules with the requirements and references behind
//! them.

use super::ChangeCells;
use crate::change::Diff;
use std::io::Write;

/// `text` fit for a table cell: `|` escaped, line breaks and other control characters as
/// spaces, and Markdown's inline markers (`*`, `_`, backquote, `<`, brackets) escaped so that
/// a name reads as written.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '<' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn write(
    diff: &Diff<'_>,
    old: &str,
    new: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let name = if diff.new_plan.name.is_empty() {
        String::new()
    } else {
        format!(": {}", cell(&diff.new_plan.name))
    };
    writeln!(out, "# Firewall change request{name}\n")?;
    writeln!(
        out,
        "From `{}` to `{}`.\n",
        old.replace('`', "'"),
        new.replace('`', "'")
    )?;
    if diff.is_empty() {
        writeln!(out, "No difference: nothing to change.")?;
        return out.flush();
    }
    writeln!(out, "## Summary\n")?;
    writeln!(out, "| firewall | +rules | -rules | ~rules |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for g in &diff.groups {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&g.place.label()),
            g.added,
            g.removed,
            g.changed
        )?;
    }
    let (a, r, c) = diff.totals();
    writeln!(out, "| **total** | **{a}** | **{r}** | **{c}** |\n")?;
    if !diff.plan.is_empty() {
        writeln!(out, "## Plan changes\n")?;
        for p in &diff.plan {
            writeln!(out, "- {}", cell(&p.to_string()))?;
        }
        writeln!(out)?;
    }
    for g in &diff.groups {
        writeln!(out, "## {}\n", cell(&g.place.label()))?;
        writeln!(
            out,
            "| | source | destination | protocol | ports | was | requirements | references | because |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
        for i in g.range.clone() {
            let (Some(c), Some(change)) = (ChangeCells::new(diff, i), diff.rules.get(i)) else {
                continue;
            };
            let end = |name: &str, zone: &str, address: &str| {
                let mut s = format!("{} ({})", cell(name), cell(zone));
                if !address.is_empty() {
                    s.push_str(&format!(" {}", cell(address)));
                }
                s
            };
            writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                change.sign(),
                change.verb(),
                end(&c.source, &c.source_zone, &c.source_address),
                end(&c.destination, &c.destination_zone, &c.destination_address),
                c.protocol,
                cell(&c.ports),
                cell(&c.was),
                cell(&c.requirement),
                cell(&c.reference),
                cell(&c.cause)
            )?;
        }
        writeln!(out)?;
    }
    out.flush()
}
