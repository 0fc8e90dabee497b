//! The diff as iptables commands: for each firewall with changes, an
//! `iptables-restore --noflush` file that deletes the rules to remove (`-D FORWARD`, the
//! exact text the iptables export appended) and appends the rules to add (`-A FORWARD`);
//! a changed rule is deleted and added again. Applied to a firewall loaded from the old
//! version's export, it leaves the rules of the new version's export (replies first, then
//! accept rules whose order does not matter, as none drops). Each file is named like the
//! export's file of its firewall (`<firewall>.delta.rules.v4` beside `<firewall>.rules.v4`).

use crate::change::{Diff, Place};
use crate::export::IptablesLines;
use crate::model::{Family, FirewallId};
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
    // One file per firewall: a renamed firewall's removed rules are filed under its old
    // name, its other changes under the new one.
    let mut firewalls: Vec<Firewall> = Vec::new();
    for (index, g) in diff.groups.iter().enumerate() {
        let Place::Firewall { id, name } = &g.place else {
            continue;
        };
        if let Some(f) = firewalls.iter_mut().find(|f| f.id == *id) {
            f.groups.push(index);
            continue;
        }
        // The export's file name and the firewall's name: the new version's, the old
        // one's for a firewall the new version no longer has.
        let Some(stem) = after.file_stem(*id).or_else(|| before.file_stem(*id)) else {
            continue;
        };
        let name = new.plan.firewall(*id).map_or(name.as_str(), |f| &f.name);
        firewalls.push(Firewall {
            id: *id,
            name: name.to_owned(),
            stem: stem.to_owned(),
            groups: vec![index],
        });
    }
    let mut written = Vec::new();
    for f in &firewalls {
        let groups = f.groups.iter().filter_map(|&i| diff.groups.get(i));
        let (added, removed, changed) = groups.fold((0, 0, 0), |(a, r, c), g| {
            (a + g.added, r + g.removed, c + g.changed)
        });
        for &family in families {
            let (tool, suffix) = match family {
                Family::V4 => ("iptables-restore", "v4"),
                Family::V6 => ("ip6tables-restore", "v6"),
            };
            let file = format!("{}.delta.rules.{suffix}", f.stem);
            let mut out = String::new();
            out.push_str(&format!(
                "# Portolan: changes to the FORWARD chain of firewall {} from {} to {}: +{added} -{removed} ~{changed} rules.\n",
                one_line(&f.name),
                one_line(names.0),
                one_line(names.1),
            ));
            out.push_str(&format!(
                "# Load with `{tool} --noflush {file}` on a firewall loaded from the export of the first\n# version: it deletes the rules to remove and appends the rules to add (a changed rule is\n# deleted and added again).\n*filter\n"
            ));
            let mut deletes = String::new();
            let mut adds = String::new();
            let changes = f
                .groups
                .iter()
                .filter_map(|&i| diff.groups.get(i))
                .flat_map(|g| g.range.clone())
                .filter_map(|i| diff.rules.get(i));
            for change in changes {
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

/// A firewall with rule changes, and the diff's groups that hold them.
struct Firewall {
    id: FirewallId,
    name: String,
    stem: String,
    groups: Vec<usize>,
}
