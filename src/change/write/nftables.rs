//! The diff as nftables changes: for each firewall of both versions whose chain or sets
//! differ, `<firewall>.delta.nft.sh`, a shell script to run on a firewall loaded from the
//! old version's export (`<firewall>.nft`).
//!
//! nft deletes a rule by its handle only, which the kernel gives when the rule is loaded:
//! no file written beforehand can name it. So the script reads the handles itself
//! (`nft -a list chain inet portolan forward`), finding each rule it must delete, or add
//! a rule after, by its whole text as the export wrote it (the n-th rule of that text,
//! in the order of the old export: two rules of the same text are the same rule). When
//! one is not there it stops before changing anything; else it applies every change in
//! one `nft -f` transaction, all or nothing.
//!
//! The changes are worked out from the two exports' texts, not from the diff's rows: a
//! renamed node renames its set and so rewrites its rules, which the diff (keyed by ids)
//! rightly lists as unchanged. A rule both chains have stays where it is; the others are
//! deleted, and the new ones are added after the rule that precedes them in the new
//! export. The chain then holds the new export's rules, in its order unless the new
//! export orders rules both versions have differently (it may, when nodes come and go):
//! every rule accepts, so their order changes nothing, and the delta stays as small as
//! the change. Sets are added, refilled (`flush set` then `add element`) or deleted; a
//! set whose `flags interval` changes is deleted and added again with the rules that use
//! it (nft cannot change a set's flags in place).

use crate::change::{Diff, Place};
use crate::export::{ExportError, NftChain, NftChains};
use crate::quote::one_line;
use crate::rules::RuleSet;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;

/// The table and chain every nftables export writes.
const CHAIN: &str = "inet portolan forward";
const TABLE: &str = "inet portolan";

/// The end of the here-document that holds the changes in the script.
const END: &str = "PORTOLAN_DELTA";

/// The delta scripts of each firewall both versions have whose nftables export differs:
/// `(file name, script)`, by file name. `names` name the two versions.
///
/// # Errors
/// As the nftables export: a node without an address.
pub fn nftables_delta(
    diff: &Diff<'_>,
    old: &RuleSet<'_>,
    new: &RuleSet<'_>,
    names: (&str, &str),
) -> Result<Vec<(String, String)>, ExportError> {
    let (before, after) = (NftChains::new(old)?, NftChains::new(new)?);
    let mut out = Vec::new();
    for firewall in &new.plan.firewalls {
        let (Some(was), Some(is)) = (before.chain(firewall.id), after.chain(firewall.id)) else {
            continue;
        };
        let delta = Delta::new(&was, &is);
        if delta.is_empty() {
            continue;
        }
        let file = format!("{}.delta.nft.sh", is.stem);
        // A renamed firewall's removed rules are in a group of its old name.
        let counts = diff
            .groups
            .iter()
            .filter(|g| matches!(g.place, Place::Firewall { id, .. } if id == firewall.id))
            .fold((0, 0, 0), |(a, r, c), g| {
                (a + g.added, r + g.removed, c + g.changed)
            });
        let head = Head {
            firewall: &firewall.name,
            old_stem: &was.stem,
            stem: &is.stem,
            names,
            counts,
        };
        out.push((file, delta.script(&head, &was, &is)));
    }
    out.sort();
    Ok(out)
}

/// What the script's header says.
struct Head<'h> {
    firewall: &'h str,
    /// The export file's name in each version, without `.nft`.
    old_stem: &'h str,
    stem: &'h str,
    names: (&'h str, &'h str),
    /// The diff's rule changes at this firewall: added, removed, changed.
    counts: (usize, usize, usize),
}

/// A statement of a chain: the rule it belongs to and its text.
struct Statement<'c> {
    rule: usize,
    text: &'c str,
}

fn statements(chain: &NftChain) -> Vec<Statement<'_>> {
    chain
        .rules
        .iter()
        .enumerate()
        .flat_map(|(rule, r)| {
            r.statements
                .iter()
                .map(move |text| Statement { rule, text })
        })
        .collect()
}

/// The changes that turn one chain into another.
struct Delta {
    /// Statements of the old chain to delete, by index, in order.
    deletes: Vec<usize>,
    /// Statements of the new chain to add, by index, each with the statement of the old
    /// chain it goes right after (`None`: at the top).
    adds: Vec<(usize, Option<usize>)>,
    /// Sets, by index in their chain: of the new chain to add (new, or redefined) and
    /// to refill; of the old chain to delete (gone, or redefined).
    add_sets: Vec<usize>,
    refill_sets: Vec<usize>,
    delete_sets: Vec<usize>,
}

impl Delta {
    /// **O(r)** in the rules of the two chains.
    fn new(old: &NftChain, new: &NftChain) -> Delta {
        let old_sets: FxHashMap<&str, usize> = old
            .sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let new_names: FxHashSet<&str> = new.sets.iter().map(|s| s.name.as_str()).collect();
        let (mut add_sets, mut refill_sets) = (Vec::new(), Vec::new());
        let mut redefined: FxHashSet<&str> = FxHashSet::default();
        for (i, set) in new.sets.iter().enumerate() {
            match old_sets.get(set.name.as_str()).map(|&j| &old.sets[j]) {
                None => add_sets.push(i),
                Some(was) if was.interval != set.interval => {
                    redefined.insert(set.name.as_str());
                    add_sets.push(i);
                }
                Some(was) if was.elements != set.elements => refill_sets.push(i),
                Some(_) => {}
            }
        }
        let delete_sets: Vec<usize> = old
            .sets
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                !new_names.contains(s.name.as_str()) || redefined.contains(s.name.as_str())
            })
            .map(|(i, _)| i)
            .collect();

        // A rule that uses a redefined set goes and comes back with it.
        let movable = |chain: &NftChain, rule: usize| {
            chain.rules[rule]
                .sets
                .iter()
                .any(|s| redefined.contains(s.as_str()))
        };
        let (was, is) = (statements(old), statements(new));
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_key: FxHashMap<(&str, usize), usize> = FxHashMap::default();
        for (i, s) in was.iter().enumerate() {
            let n = seen.entry(s.text).or_insert(0);
            *n += 1;
            if !movable(old, s.rule) {
                by_key.insert((s.text, *n), i);
            }
        }
        seen.clear();
        let mut pairs: Vec<(usize, usize)> = Vec::new(); // (new index, old index)
        for (j, s) in is.iter().enumerate() {
            let n = seen.entry(s.text).or_insert(0);
            *n += 1;
            if movable(new, s.rule) {
                continue;
            }
            if let Some(&i) = by_key.get(&(s.text, *n)) {
                pairs.push((j, i));
            }
        }
        let mut kept_old = vec![false; was.len()];
        let mut kept_new: Vec<Option<usize>> = vec![None; is.len()];
        for &(j, i) in &pairs {
            kept_old[i] = true;
            kept_new[j] = Some(i);
        }
        let deletes = (0..was.len()).filter(|&i| !kept_old[i]).collect();
        let mut adds = Vec::new();
        let mut anchor = None;
        for (j, k) in kept_new.iter().enumerate() {
            match k {
                Some(i) => anchor = Some(*i),
                None => adds.push((j, anchor)),
            }
        }
        Delta {
            deletes,
            adds,
            add_sets,
            refill_sets,
            delete_sets,
        }
    }

    fn is_empty(&self) -> bool {
        self.deletes.is_empty()
            && self.adds.is_empty()
            && self.add_sets.is_empty()
            && self.refill_sets.is_empty()
            && self.delete_sets.is_empty()
    }

    /// The lines between the script's here-document marks: nft commands as they are,
    /// `#` lines, and tab-separated lines that the script's `awk` turns into commands
    /// with handles: `delete N TEXT` (the n-th rule of that text), `after N TEXT` (the
    /// rules that follow go after it), `top` (they go first), `add RULE`.
    fn changes(&self, old: &NftChain, new: &NftChain) -> String {
        let (was, is) = (statements(old), statements(new));
        let mut out = String::new();
        // The n-th statement of its text in the old chain, as the script finds it.
        let mut nth = Vec::with_capacity(was.len());
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        for s in &was {
            let n = seen.entry(s.text).or_insert(0);
            *n += 1;
            nth.push(*n);
        }
        let mut last_notes: Option<usize> = None;
        let mut notes = |out: &mut String, chain: &NftChain, rule: usize, tag: usize| {
            if last_notes != Some(tag) {
                for line in &chain.rules[rule].notes {
                    out.push_str(line);
                    out.push('\n');
                }
                last_notes = Some(tag);
            }
        };
        let set_names = |chain: &NftChain, list: &[usize]| -> Vec<String> {
            list.iter().map(|&i| chain.sets[i].name.clone()).collect()
        };
        let adding: FxHashSet<String> = set_names(new, &self.add_sets).into_iter().collect();
        let deleting: FxHashSet<String> = set_names(old, &self.delete_sets).into_iter().collect();
        // Sets first, so the rules to add find theirs; redefined ones after the deletes.
        for &i in &self.add_sets {
            let set = &new.sets[i];
            if !deleting.contains(&set.name) {
                let _ = writeln!(out, "add set {TABLE} {} {}", set.name, set.declaration);
            }
        }
        for &i in &self.refill_sets {
            let set = &new.sets[i];
            let _ = writeln!(out, "flush set {TABLE} {}", set.name);
            let _ = writeln!(
                out,
                "add element {TABLE} {} {{ {} }}",
                set.name, set.elements
            );
        }
        for &i in &self.deletes {
            notes(&mut out, old, was[i].rule, was[i].rule);
            let _ = writeln!(out, "delete\t{}\t{}", nth[i], was[i].text);
        }
        for &i in &self.delete_sets {
            let _ = writeln!(out, "delete set {TABLE} {}", old.sets[i].name);
        }
        for &i in &self.add_sets {
            let set = &new.sets[i];
            if deleting.contains(&set.name) && adding.contains(&set.name) {
                let _ = writeln!(out, "add set {TABLE} {} {}", set.name, set.declaration);
            }
        }
        // Each `add rule ... handle H` goes right after H: the rules after one anchor are
        // added last first.
        for run in self.adds.chunk_by(|a, b| a.1 == b.1) {
            match run.first().and_then(|a| a.1) {
                Some(i) => {
                    let _ = writeln!(out, "after\t{}\t{}", nth[i], was[i].text);
                }
                None => out.push_str("top\n"),
            }
            for &(j, _) in run.iter().rev() {
                notes(&mut out, new, is[j].rule, was.len() + is[j].rule);
                let _ = writeln!(out, "add\t{}", is[j].text);
            }
        }
        out
    }

    fn script(&self, head: &Head<'_>, old: &NftChain, new: &NftChain) -> String {
        let (added, removed, changed) = head.counts;
        let mut out = String::from("#!/bin/sh\n");
        let _ = write!(
            out,
            "# Portolan: changes to the table {TABLE} of firewall \"{}\" from {} to {}.\n\
             # The diff lists +{added} -{removed} ~{changed} rules here; in nft: {} rules to delete, {} to add;\n\
             # sets: {} to add, {} to refill, {} to delete.\n\
             #\n\
             # Run it as root on the firewall loaded from the export of the first version\n\
             # (`nft -f {}.nft`):\n\
             #   sh {}.delta.nft.sh           applies the changes in one nft transaction (all or nothing)\n\
             #   sh {}.delta.nft.sh --check   prints the nft commands and checks them (nft -c), changes nothing\n\
             # It finds the handle of each rule to delete, or to add a rule after, by the rule's whole\n\
             # text as the export wrote it (`nft -a list chain {CHAIN}`), and changes nothing\n\
             # when one is not there. Afterwards the table holds the sets and rules of the export\n\
             # of the second version (`{}.nft`).\n",
            one_line(head.firewall),
            one_line(head.names.0),
            one_line(head.names.1),
            self.deletes.len(),
            self.adds.len(),
            self.add_sets.len(),
            self.refill_sets.len(),
            self.delete_sets.len(),
            head.old_stem,
            head.stem,
            head.stem,
            head.stem,
        );
        let _ = write!(
            out,
            r#"set -eu
check=0
case ${{1:-}} in
--check) check=1 ;;
"") ;;
*) echo "usage: sh $0 [--check]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! nft -a list chain {CHAIN} >"$work/chain"; then
    echo "$0: no chain forward in table {TABLE}: load the export of the first version ({old}.nft) first" >&2
    exit 2
fi
cat >"$work/changes" <<'{END}'
{changes}{END}
# The rules are found by their text: the n-th rule of that text in the chain.
if ! awk -F '\t' '
function find(n, text) {{
    if ((text, n) in handle) return handle[text, n]
    print "not in chain forward of table {TABLE}: " text > "/dev/stderr"
    bad = 1
    return "?"
}}
FILENAME == ARGV[1] {{
    line = $0
    sub(/^[ \t]+/, "", line)
    if (match(line, / # handle [0-9]+$/)) {{
        text = substr(line, 1, RSTART - 1)
        handle[text, ++count[text]] = substr(line, RSTART + 10)
    }}
    next
}}
$1 == "delete" {{ print "delete rule {CHAIN} handle " find($2, $3); next }}
$1 == "after" {{ at = find($2, $3); next }}
$1 == "top" {{ at = ""; next }}
$1 == "add" && at == "" {{ print "insert rule {CHAIN} " $2; next }}
$1 == "add" {{ print "add rule {CHAIN} handle " at " " $2; next }}
{{ print }}
END {{ exit bad }}
' "$work/chain" "$work/changes" >"$work/batch"; then
    echo "$0: changed nothing: the rules above are not in the chain as the export of the first version ({old}.nft) wrote them" >&2
    exit 1
fi
if [ "$check" = 1 ]; then
    cat "$work/batch"
    nft -c -f "$work/batch"
    echo "$0: checked by nft -c; nothing changed" >&2
    exit 0
fi
nft -f "$work/batch"
echo "$0: table {TABLE} now holds the sets and rules of the export of the second version ({new}.nft)" >&2
"#,
            old = head.old_stem,
            new = head.stem,
            changes = self.changes(old, new),
        );
        out
    }
}
