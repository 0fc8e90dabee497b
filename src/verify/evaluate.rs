//! First-match evaluation of required flows against a deployed rule set, and the
//! allowed traffic no requirement explains.

use super::deployed::{Action, Deployed};
use super::space::{Cube, L4, Span, Span16};
use crate::model::{Family, IcmpType, Protocol};
use crate::rules::{Numeric, Rule};
use rustc_hash::FxHashMap;

/// A required flow the deployed rules do not let through.
#[derive(Clone, Debug)]
pub struct Missing {
    /// The required rule's position in the list given to [`verify`].
    pub required: usize,
    /// Part of the flow that does not pass.
    pub example: Cube,
    /// The deployed rule (index into [`Deployed::rules`]) that drops it; `None` when no
    /// rule decides and the policy drops it.
    pub dropped_by: Option<usize>,
}

/// An accept rule that lets through traffic no requirement explains.
#[derive(Clone, Debug)]
pub struct Excess {
    /// Index into [`Deployed::rules`].
    pub rule: usize,
    /// Traffic it allows beyond the requirements, when one part could be singled out.
    pub example: Option<Cube>,
}

/// What [`verify`] found.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub missing: Vec<Missing>,
    pub excess: Vec<Excess>,
    /// The number of required rules checked.
    pub checked: usize,
}

/// The boxes of a plan rule within `families`: every source block against every
/// destination block of the same family, every port range. A node at any address (or
/// reached by name: the vendor formats write any) spans the whole family.
pub fn rule_cubes(rule: &Rule<'_>, families: &[Family]) -> Vec<Cube> {
    let (l4, ports): (L4, Vec<Span16>) = match rule.protocol {
        Protocol::Tcp => (L4::Tcp, port_spans(rule)),
        Protocol::Udp => (L4::Udp, port_spans(rule)),
        Protocol::Icmp(IcmpType::Any) => (L4::Icmp, vec![L4::Icmp.all_ports()]),
        Protocol::Icmp(IcmpType::Type(t)) => (L4::Icmp, vec![Span16(u16::from(t), u16::from(t))]),
    };
    let spans = |n: Numeric<'_>, family: Family| -> Vec<Span> {
        match n {
            Numeric::Any => super::space::family_spans(family).to_vec(),
            Numeric::Blocks(blocks) => blocks
                .iter()
                .filter(|b| b.family() == family)
                .map(Span::of_block)
                .collect(),
        }
    };
    let mut out = Vec::new();
    for &family in families {
        if l4 == L4::Icmp && family == Family::V6 {
            continue;
        }
        let (src, dst) = (
            spans(rule.source.numeric(), family),
            spans(rule.destination.numeric(), family),
        );
        Cube::push_product(&mut out, l4, &src, &dst, &ports);
    }
    out
}

fn port_spans(rule: &Rule<'_>) -> Vec<Span16> {
    rule.ports
        .ranges()
        .iter()
        .map(|r| Span16(r.start, r.end))
        .collect()
}

/// Boxes looked up by their ends: a box from one host and to one host is filed under
/// the pair, under its source and under its destination; a box with one end a host
/// under that end; the rest in a list every look-up takes. Indices keep the boxes'
/// order.
struct ByEnds {
    pairs: FxHashMap<(u128, u128), Vec<u32>>,
    /// Every box to the host (from one host or not).
    to: FxHashMap<u128, Vec<u32>>,
    /// Every box from the host.
    from: FxHashMap<u128, Vec<u32>>,
    /// Boxes to one host from many (by destination), and from one host to many (by
    /// source).
    to_only: FxHashMap<u128, Vec<u32>>,
    from_only: FxHashMap<u128, Vec<u32>>,
    all_to_only: Vec<u32>,
    all_from_only: Vec<u32>,
    wide: Vec<u32>,
    total: u32,
}

impl ByEnds {
    fn new<'c>(cubes: impl Iterator<Item = &'c Cube>) -> Self {
        let mut ix = ByEnds {
            pairs: FxHashMap::default(),
            to: FxHashMap::default(),
            from: FxHashMap::default(),
            to_only: FxHashMap::default(),
            from_only: FxHashMap::default(),
            all_to_only: Vec::new(),
            all_from_only: Vec::new(),
            wide: Vec::new(),
            total: 0,
        };
        for (i, c) in cubes.enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            ix.total = i.saturating_add(1);
            match (c.src.is_host(), c.dst.is_host()) {
                (true, true) => {
                    ix.pairs.entry((c.src.0, c.dst.0)).or_default().push(i);
                    ix.to.entry(c.dst.0).or_default().push(i);
                    ix.from.entry(c.src.0).or_default().push(i);
                }
                (false, true) => {
                    ix.to_only.entry(c.dst.0).or_default().push(i);
                    ix.to.entry(c.dst.0).or_default().push(i);
                    ix.all_to_only.push(i);
                }
                (true, false) => {
                    ix.from_only.entry(c.src.0).or_default().push(i);
                    ix.from.entry(c.src.0).or_default().push(i);
                    ix.all_from_only.push(i);
                }
                (false, false) => ix.wide.push(i),
            }
        }
        ix
    }

    /// The boxes that may meet `cube`, in order.
    fn candidates(&self, cube: &Cube, out: &mut Vec<u32>) {
        out.clear();
        fn get(m: &FxHashMap<u128, Vec<u32>>, k: u128) -> &[u32] {
            m.get(&k).map_or(&[][..], Vec::as_slice)
        }
        let lists: [&[u32]; 4] = match (cube.src.is_host(), cube.dst.is_host()) {
            (true, true) => [
                self.pairs
                    .get(&(cube.src.0, cube.dst.0))
                    .map_or(&[][..], Vec::as_slice),
                get(&self.to_only, cube.dst.0),
                get(&self.from_only, cube.src.0),
                &self.wide,
            ],
            (false, true) => [
                get(&self.to, cube.dst.0),
                &self.all_from_only,
                &self.wide,
                &[],
            ],
            (true, false) => [
                get(&self.from, cube.src.0),
                &self.all_to_only,
                &self.wide,
                &[],
            ],
            (false, false) => {
                out.extend(0..self.total);
                return;
            }
        };
        for l in lists {
            out.extend_from_slice(l);
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Past this many pieces, an accept rule's excess is judged by volume alone.
const PIECE_LIMIT: usize = 4096;

/// Checks `required` (the plan's rules for one firewall) against `deployed`:
/// - a required flow is **missing** when part of it meets a drop rule before an accept
///   rule lets it through, or reaches a drop policy (first match, as the firewall
///   evaluates; reply rules are not involved in opening connections);
/// - an accept rule is **excess** when it matches traffic outside every required flow
///   (what earlier drop rules take away is not considered).
///
/// Cost: **O(R · k)** for R required boxes and k deployed boxes between the same two
/// hosts (plus those with an end that is a network, a range or any address), and the
/// same the other way for excess.
pub fn verify<'r>(required: &[Rule<'r>], deployed: &Deployed) -> Findings {
    let boxes: Vec<(usize, Cube)> = deployed
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.cubes.iter().map(move |c| (i, *c)))
        .collect();
    let index = ByEnds::new(boxes.iter().map(|(_, c)| c));
    let mut findings = Findings {
        checked: required.len(),
        ..Findings::default()
    };
    let mut candidates = Vec::new();
    let mut req_boxes: Vec<(usize, Cube)> = Vec::new();
    for (ri, rule) in required.iter().enumerate() {
        for cube in rule_cubes(rule, &deployed.families) {
            req_boxes.push((ri, cube));
            if findings.missing.last().is_some_and(|m| m.required == ri) {
                continue;
            }
            index.candidates(&cube, &mut candidates);
            if let Some((example, dropped_by)) = first_match(cube, &candidates, &boxes, deployed) {
                findings.missing.push(Missing {
                    required: ri,
                    example,
                    dropped_by,
                });
            }
        }
    }
    let req_index = ByEnds::new(req_boxes.iter().map(|(_, c)| c));
    for (di, rule) in deployed.rules.iter().enumerate() {
        if rule.action != Action::Accept {
            continue;
        }
        for cube in &rule.cubes {
            req_index.candidates(cube, &mut candidates);
            if let Some(example) = uncovered(cube, &candidates, &req_boxes) {
                findings.excess.push(Excess { rule: di, example });
                break;
            }
        }
    }
    findings
}

/// The part of `cube` that does not pass, and the rule that drops it (`None`: the
/// policy); `None` when all of it passes.
fn first_match(
    cube: Cube,
    candidates: &[u32],
    boxes: &[(usize, Cube)],
    deployed: &Deployed,
) -> Option<(Cube, Option<usize>)> {
    let mut pieces = vec![cube];
    let mut next = Vec::new();
    for &c in candidates {
        let Some(&(rule, ref rc)) = boxes.get(c as usize) else {
            continue;
        };
        let action = deployed.rules.get(rule).map(|r| r.action);
        next.clear();
        for p in &pieces {
            if let Some(hit) = p.intersect(rc) {
                if action == Some(Action::Drop) {
                    return Some((hit, Some(rule)));
                }
                p.subtract(rc, &mut next);
            } else {
                next.push(*p);
            }
        }
        std::mem::swap(&mut pieces, &mut next);
        if pieces.is_empty() {
            return None;
        }
    }
    match deployed.policy {
        Action::Accept => None,
        Action::Drop => pieces.first().map(|p| (*p, None)),
    }
}

/// `Some` when `cube` holds traffic outside every required box: with an example part
/// when one could be found within [`PIECE_LIMIT`] pieces.
fn uncovered(cube: &Cube, candidates: &[u32], required: &[(usize, Cube)]) -> Option<Option<Cube>> {
    let meeting: Vec<&Cube> = candidates
        .iter()
        .filter_map(|&i| required.get(i as usize).map(|(_, c)| c))
        .filter(|c| c.intersect(cube).is_some())
        .collect();
    // Required boxes may overlap, so their volume only bounds what they cover.
    let covered: f64 = meeting
        .iter()
        .filter_map(|c| c.intersect(cube))
        .map(|c| c.volume())
        .sum();
    let total = cube.volume();
    let surely_more = covered < total * (1.0 - 1e-9);
    let mut pieces = vec![*cube];
    let mut next = Vec::new();
    for rc in meeting {
        next.clear();
        for p in &pieces {
            p.subtract(rc, &mut next);
        }
        std::mem::swap(&mut pieces, &mut next);
        if pieces.is_empty() {
            return None;
        }
        if pieces.len() > PIECE_LIMIT {
            return surely_more.then_some(None);
        }
    }
    pieces.first().map(|p| Some(*p))
}
