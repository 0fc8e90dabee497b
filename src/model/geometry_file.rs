//! How a plan file writes canvas geometry: a point as `(x, y)` and a rectangle as
//! `(x, y, w, h)`, whole numbers without a decimal point, so that the layout of a large
//! plan (a point per node) stays short and reads about a third faster than
//! `(x: 1170.0, y: 50.0)`. Files of format version 1 wrote named fields; both forms read.
//!
//! The layout's maps are checked as they are read: a coordinate that is not a finite
//! number, or a negative size, is refused naming the zone or node, at its line and column.

use super::{NodeId, Point, Rect, ZoneId};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A coordinate as written: a whole number when it is one (exactly representable), else a
/// decimal.
struct Coord(f32);

impl Serialize for Coord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // f32 holds every whole number up to 2^24 exactly.
        if self.0.fract() == 0.0 && self.0.abs() < 16_777_216.0 {
            serializer.serialize_i32(self.0 as i32)
        } else {
            serializer.serialize_f32(self.0)
        }
    }
}

fn write<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
    let mut tuple = serializer.serialize_tuple(values.len())?;
    for &v in values {
        tuple.serialize_element(&Coord(v))?;
    }
    tuple.end()
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write(&[self.x, self.y], serializer)
    }
}

impl Serialize for Rect {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write(&[self.x, self.y, self.w, self.h], serializer)
    }
}

/// Reads `N` numbers, as a tuple `(a, b, ...)` or as named fields (format version 1).
struct Coords<const N: usize> {
    names: &'static [&'static str; N],
    expecting: &'static str,
}

impl<'de, const N: usize> Visitor<'de> for Coords<N> {
    type Value = [f32; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = [0.0; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(N + 1, &self));
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = [None; N];
        while let Some(key) = map.next_key::<String>()? {
            let Some(i) = self.names.iter().position(|n| *n == key) else {
                return Err(de::Error::unknown_field(&key, self.names));
            };
            out[i] = Some(map.next_value()?);
        }
        let mut values = [0.0; N];
        for (i, v) in out.into_iter().enumerate() {
            values[i] = v.ok_or_else(|| de::Error::missing_field(self.names[i]))?;
        }
        Ok(values)
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [x, y] = deserializer.deserialize_any(Coords {
            names: &["x", "y"],
            expecting: "a point (x, y)",
        })?;
        Ok(Point { x, y })
    }
}

impl<'de> Deserialize<'de> for Rect {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [x, y, w, h] = deserializer.deserialize_any(Coords {
            names: &["x", "y", "w", "h"],
            expecting: "a rectangle (x, y, width, height)",
        })?;
        Ok(Rect { x, y, w, h })
    }
}

/// Geometry the layout can hold, and what is wrong with a value, if anything.
trait Checked {
    fn problem(&self) -> Option<&'static str>;
}

impl Checked for Point {
    fn problem(&self) -> Option<&'static str> {
        (!(self.x.is_finite() && self.y.is_finite()))
            .then_some("a coordinate that is not a finite number")
    }
}

impl Checked for Rect {
    fn problem(&self) -> Option<&'static str> {
        if ![self.x, self.y, self.w, self.h]
            .iter()
            .all(|v| v.is_finite())
        {
            Some("a coordinate or size that is not a finite number")
        } else if self.w < 0.0 || self.h < 0.0 {
            Some("a negative size")
        } else {
            None
        }
    }
}

/// Reads a map of geometry, refusing a bad value with its key: "the layout gives node #20
/// a coordinate that is not a finite number". The reader reports the line and column.
struct Entries<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for Entries<K, V>
where
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de> + Checked,
{
    type Value = BTreeMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of ids to geometry, like {1: (40, 40, 280, 240)}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<K>()? {
            let value: V = map.next_value()?;
            if let Some(problem) = value.problem() {
                return Err(de::Error::custom(format!(
                    "the layout gives {key} {problem}: write finite numbers, and sizes of 0 or more"
                )));
            }
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// `Layout::zones`, checked (see the module docs).
pub(super) fn zone_rects<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<ZoneId, Rect>, D::Error> {
    deserializer.deserialize_map(Entries(PhantomData))
}

/// `Layout::nodes`, checked (see the module docs).
pub(super) fn node_points<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<NodeId, Point>, D::Error> {
    deserializer.deserialize_map(Entries(PhantomData))
}

#[cfg(test)]
mod tests {
    use crate::model::{Layout, NodeId, Point, Rect, ZoneId};
    use crate::ron_text::{parse, to_pretty};

    #[test]
    fn writes_tuples_of_whole_numbers_and_reads_them_back() {
        let mut layout = Layout::default();
        layout
            .nodes
            .insert(NodeId(39), Point { x: 1170.0, y: 50.5 });
        layout.zones.insert(
            ZoneId(1),
            Rect {
                x: 0.0,
                y: -20.0,
                w: 400.0,
                h: 150.25,
            },
        );
        let text = to_pretty(&layout).unwrap();
        assert!(text.contains("39: (1170, 50.5)"), "{text}");
        assert!(text.contains("1: (0, -20, 400, 150.25)"), "{text}");
        assert_eq!(parse::<Layout>(&text).unwrap(), layout);
    }

    #[test]
    fn reads_the_named_fields_of_version_1() {
        let old: Layout = parse(
            "(zones: {1: (x: 0.0, y: 0.0, w: 400.0, h: 150.0)}, nodes: {39: (x: 1170.0, y: 50.0)})",
        )
        .unwrap();
        let new: Layout = parse("(zones: {1: (0, 0, 400, 150)}, nodes: {39: (1170, 50)})").unwrap();
        assert_eq!(old, new);
        for bad in [
            "(nodes: {39: (1170)})",
            "(nodes: {39: (1170, 50, 3)})",
            "(nodes: {39: (x: 1170.0)})",
            "(nodes: {39: (x: 1.0, y: 2.0, z: 3.0)})",
        ] {
            assert!(parse::<Layout>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_geometry_is_refused_with_its_zone_or_node_and_position() {
        // The reader reports where it stands when the value is refused: just after it.
        for (text, line, col, message) in [
            (
                "(nodes: {\n  7: (1, 2),\n  39: (NaN, 50),\n})",
                3,
                17,
                "the layout gives node #39 a coordinate that is not a finite number",
            ),
            (
                "(zones: {1: (0, 0, 400, inf)})",
                1,
                29,
                "the layout gives zone #1 a coordinate or size that is not a finite number",
            ),
            (
                "(zones: {1: (0, 0, -400, 150)})",
                1,
                30,
                "the layout gives zone #1 a negative size",
            ),
            (
                "(zones: {1: (x: 0.0, y: 0.0, w: 4.0, h: -1.0)})",
                1,
                46,
                "the layout gives zone #1 a negative size",
            ),
        ] {
            let e = parse::<Layout>(text).unwrap_err();
            assert!(e.message.starts_with(message), "{text}: {e}");
            assert_eq!((e.line, e.col), (line, col), "{text}: {e}");
        }
    }
}
