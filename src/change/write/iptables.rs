//! The diff as iptables commands: for each firewall with changes, an
//! `iptables-restore --noflush` file that deletes the rules to remove (`-D FORWARD`, the
//! exact text the iptables export appended) and appends the rules to add (`-A FORWARD`);
//! a changed rule is deleted and added again. Applied to a firewall loaded from the old
//! version's export, it leaves the rules of the new version's export (replies first, then
//! accept rules whose order does not matter, as none drops). Each file is named like the
//! export's file of its firewall (`<firewall>.delta.rules.v4` beside `<firewall>.rules.v4`).

use crate::change::{Diff, Place};
use crate::export::IptablesLines;
use crate::model::Family;
use crate::quote::one_line;
use crate::rules::RuleSet;
use std::path::Path;

/// Writes `<firewall>.delta.rules.v4` (and `.v6` when either version has IPv6
/// addresses) into `dir` for each firewall with rule changes; returns the file names.
///
/// # Errors
/// I/O errors of the files.
pub fn write_iptables_delta<'a>(
    diff: &Diff<'a>,
    old: &RuleSet<'a>,
    new: &RuleSet<'a>,
    names: (&str, &str),
    dir: &Path,
) -> std::io::Result<Vec<String>> {
    let ipv6 = [old.plan, new.plan].iter().any(|p| {
        p.nodes
            .iter()
            .any(|n| n.address.as_ref().is_some_and(|a| a.has_ipv6()))
    });
    let families: &[Family] = if ipv6 {
        &[Family::V4, Family::V6]
    } else {
        &[Family::V4]
    };
    let (mut before, mut after) = (IptablesLines::new(old), IptablesLines::new(new));
    let mut written = Vec::new();
    for g in &diff.groups {
        let Place::Firewall { id, name } = &g.place else {
            continue;
        };
        // The export's file name: the new version's, the old one's for a firewall the
        // new version no longer has.
        let Some(stem) = after
            .file_stem(*id)
            .or_else(|| before.file_stem(*id))
            .map(str::to_owned)
        else {
            continue;
        };
        for &family in families {
            let (tool, suffix) = match family {
                Family::V4 => ("iptables-restore", "v4"),
                Family::V6 => ("ip6tables-restore", "v6"),
            };
            let file = format!("{stem}.delta.rules.{suffix}");
            let mut out = String::new();
            out.push_str(&format!(
                "# Portolan: changes to the FORWARD chain of firewall {} from {} to {}: +{} -{} ~{} rules.\n",
                one_line(name),
                one_line(names.0),
                one_line(names.1),
                g.added,
                g.removed,
                g.changed
            ));
            out.push_str(&format!(
                "# Load with `{tool} --noflush {file}` on a firewall loaded from the export of the first\n# version: it deletes the rules to remove and appends the rules to add (a changed rule is\n# deleted and added again).\n*filter\n"
            ));
            let mut deletes = String::new();
            let mut adds = String::new();
            for i in g.range.clone() {
                let Some(change) = diff.rules.get(i) else {
                    continue;
                };
                if let Some(r) = change.old() {
                    for l in before.lines(r, family).lines() {
                        if let Some(spec) = l.strip_prefix("-A FORWARD") {
                            deletes.push_str("-D FORWARD");
                            deletes.push_str(spec);
                            deletes.push('\n');
                        } else {
                            deletes.push_str(l);
                            deletes.push('\n');
                        }
                    }
                }
                if let Some(r) = change.new_rule() {
                    adds.push_str(&after.lines(r, family));
                }
            }
            if !deletes.contains("\n-D ") && !deletes.starts_with("-D ") && !adds.contains("-A ") {
                continue;
            }
            out.push_str(&deletes);
            out.push_str(&adds);
            out.push_str("COMMIT\n");
            std::fs::write(dir.join(&file), out)?;
            written.push(file);
        }
    }
    Ok(written)
}
