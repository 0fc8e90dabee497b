//! How a plan file writes its "uses" links: grouped by the node that uses them, as
//! `uses: {41: [39, 42], 57: [39]}`, sorted. A plan has several links per node, and one
//! list per node reads about four times faster than one `(from: 41, to: 39)` per link.
//! Files of format version 1 wrote the links one by one; both forms read.

use super::{NodeId, UsesLink};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Writes `links` grouped by `from`, sorted, without repeats.
pub fn serialize<S: Serializer>(links: &[UsesLink], serializer: S) -> Result<S::Ok, S::Error> {
    let mut grouped: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
    for link in links {
        grouped.entry(link.from).or_default().push(link.to);
    }
    for targets in grouped.values_mut() {
        targets.sort_unstable();
        targets.dedup();
    }
    serializer.collect_map(grouped)
}

/// Reads either form, and returns the links sorted, without repeats: the order in which
/// links are written carries no meaning.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<UsesLink>, D::Error> {
    let mut links = deserializer.deserialize_any(LinksVisitor)?;
    links.sort_unstable();
    links.dedup();
    Ok(links)
}

struct LinksVisitor;

impl<'de> Visitor<'de> for LinksVisitor {
    type Value = Vec<UsesLink>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map from a node id to the list of node ids it uses, like {41: [39, 42]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut links = Vec::new();
        while let Some((from, targets)) = map.next_entry::<NodeId, Vec<NodeId>>()? {
            links.extend(targets.into_iter().map(|to| UsesLink { from, to }));
        }
        Ok(links)
    }

    /// Format version 1: a list of `(from: A, to: B)`.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut links = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(link) = seq.next_element::<UsesLink>()? {
            links.push(link);
        }
        Ok(links)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{NodeId, Plan, UsesLink};

    fn links(pairs: &[(u32, u32)]) -> Vec<UsesLink> {
        pairs
            .iter()
            .map(|&(from, to)| UsesLink {
                from: NodeId(from),
                to: NodeId(to),
            })
            .collect()
    }

    #[test]
    fn writes_links_grouped_by_node_in_order() {
        let plan = Plan {
            uses: links(&[(41, 42), (7, 9), (41, 39), (41, 42)]),
            ..Plan::default()
        };
        let text = crate::ron_text::to_pretty(&plan).unwrap();
        assert!(
            text.contains("uses: {\n    7: [9],\n    41: [39, 42],\n}"),
            "{text}"
        );
        let back: Plan = crate::ron_text::parse(&text).unwrap();
        assert_eq!(back.uses, links(&[(7, 9), (41, 39), (41, 42)]));
    }

    #[test]
    fn reads_the_version_1_list_of_links_too() {
        let old: Plan = crate::ron_text::parse(
            "(version: 1, uses: [(from: 41, to: 42), (from: 7, to: 9), (from: 41, to: 39)])",
        )
        .unwrap();
        let new: Plan =
            crate::ron_text::parse("(version: 2, uses: {41: [42, 39], 7: [9]})").unwrap();
        assert_eq!(old.uses, links(&[(7, 9), (41, 39), (41, 42)]));
        assert_eq!(new.uses, old.uses);
        let bad = crate::ron_text::parse::<Plan>("(version: 2, uses: {41: 42})").unwrap_err();
        assert_eq!(bad.line, 1, "{bad}");
        assert!(bad.message.contains("opening `[`"), "{bad}");
    }
}
