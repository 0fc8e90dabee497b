//! Ports, port ranges and sets of ranges merged into the fewest ranges.

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::fmt;
use std::str::FromStr;

/// The protocol of a flow: TCP or UDP to ports, or ICMP messages of a type.
///
/// Written in catalog files as `Tcp`, `Udp`, `Icmp(Any)` or `Icmp(Type(8))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Protocol {
    Tcp,
    Udp,
    /// ICMP (IPv4), which has a message type instead of ports.
    Icmp(IcmpType),
}

/// The ICMP message type a flow needs, or any type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IcmpType {
    /// Every type (a firewall's "ICMP any").
    Any,
    /// One type, e.g. 8 (echo request) or 3 (destination unreachable).
    Type(u8),
}

impl Protocol {
    /// Whether the protocol has ports (TCP, UDP); ICMP flows hold an empty port set.
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp)
    }

    /// The text of the matrix's `ports` cell: the ports for TCP and UDP, the ICMP type
    /// (`any`, or its number) for ICMP.
    pub fn ports_text(self, ports: &PortSet) -> String {
        match self {
            Protocol::Tcp | Protocol::Udp => ports.to_string(),
            Protocol::Icmp(IcmpType::Any) => "any".into(),
            Protocol::Icmp(IcmpType::Type(t)) => t.to_string(),
        }
    }

    /// A number ordered as the protocols are (`Ord`), for packed sort keys: 0-258.
    pub fn rank(self) -> u16 {
        match self {
            Protocol::Tcp => 0,
            Protocol::Udp => 1,
            Protocol::Icmp(IcmpType::Any) => 2,
            Protocol::Icmp(IcmpType::Type(t)) => 3 + u16::from(t),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp(_) => "ICMP",
        })
    }
}

/// An inclusive range of ports; a single port has `start == end`.
///
/// Written in plan and catalog files as a string: `"3389"` or `"64001-65000"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    /// The range `start..=end`; the bounds are swapped if given the wrong way round.
    pub fn new(start: u16, end: u16) -> Self {
        PortRange {
            start: start.min(end),
            end: start.max(end),
        }
    }

    pub fn single(port: u16) -> Self {
        PortRange::new(port, port)
    }

    /// Whether every port is a real one (1-65535): port 0 is not.
    pub fn is_valid(&self) -> bool {
        self.start >= 1
    }

    /// The number of ports in the range.
    pub fn len(&self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }

    /// Always false: a range holds at least one port.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// Why a port range did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a port or port range: write a port from 1 to 65535, or a range like 49152-65535",
    crate::quote::quoted(.0)
)]
pub struct PortRangeError(pub String);

impl FromStr for PortRange {
    type Err = PortRangeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PortRangeError(s.to_owned());
        let parse = |p: &str| -> Result<u16, PortRangeError> {
            match p.trim().parse::<u16>() {
                Ok(0) | Err(_) => Err(bad()),
                Ok(n) => Ok(n),
            }
        };
        let range = match s.split_once('-') {
            Some((a, b)) => PortRange::new(parse(a)?, parse(b)?),
            None => PortRange::single(parse(s)?),
        };
        Ok(range)
    }
}

impl TryFrom<String> for PortRange {
    type Error = PortRangeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PortRange> for String {
    fn from(r: PortRange) -> String {
        r.to_string()
    }
}

/// A set of ports kept as sorted, disjoint, non-adjacent ranges: the fewest ranges that
/// cover it. Displays like `135,445,49152-65535`.
///
/// Up to five ranges live inline (no heap allocation): flows and matrix rows hold a few
/// ranges each, and a large plan has hundreds of thousands of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortSet {
    ranges: SmallVec<[PortRange; 5]>,
}

impl PortSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a range, merging it with those it overlaps or touches. **O(r)** in the number
    /// of ranges already held (a handful in practice).
    pub fn insert(&mut self, range: PortRange) {
        // Ranges mostly come in ascending order (catalogs list ports that way): append.
        match self.ranges.last() {
            None => return self.ranges.push(range),
            Some(last) if u32::from(range.start) > u32::from(last.end) + 1 => {
                return self.ranges.push(range);
            }
            _ => {}
        }
        let pos = self.ranges.partition_point(|r| r.start < range.start);
        self.ranges.insert(pos, range);
        // Merge backwards from the previous range, then forwards.
        let mut i = pos.saturating_sub(1);
        while i + 1 < self.ranges.len() {
            let (a, b) = (self.ranges[i], self.ranges[i + 1]);
            if u32::from(b.start) <= u32::from(a.end) + 1 {
                self.ranges[i] = PortRange::new(a.start, a.end.max(b.end));
                self.ranges.remove(i + 1);
            } else if i >= pos {
                break;
            } else {
                i += 1;
            }
        }
    }

    /// Adds every range of `other`.
    pub fn extend(&mut self, other: &PortSet) {
        for r in other.ranges() {
            self.insert(*r);
        }
    }

    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether `port` is in the set.
    pub fn contains(&self, port: u16) -> bool {
        self.ranges.iter().any(|r| r.start <= port && port <= r.end)
    }
}

impl FromIterator<PortRange> for PortSet {
    fn from_iter<I: IntoIterator<Item = PortRange>>(iter: I) -> Self {
        let mut set = PortSet::new();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

impl fmt::Display for PortSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.ranges().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ranges: &[(u16, u16)]) -> PortSet {
        ranges.iter().map(|&(a, b)| PortRange::new(a, b)).collect()
    }

    #[test]
    fn merges_overlapping_and_adjacent_ranges() {
        assert_eq!(set(&[(135, 135), (136, 136)]).to_string(), "135-136");
        assert_eq!(
            set(&[(445, 445), (135, 135), (139, 139)]).to_string(),
            "135,139,445"
        );
        assert_eq!(
            set(&[(10, 20), (5, 12), (21, 30), (40, 50)]).to_string(),
            "5-30,40-50"
        );
        assert_eq!(set(&[(40, 50), (1, 100)]).to_string(), "1-100");
        assert_eq!(
            set(&[(65535, 65535), (65534, 65535)]).to_string(),
            "65534-65535"
        );
    }

    #[test]
    fn spills_past_the_inline_ranges_and_compares_by_content() {
        let many = set(&[(1, 1), (3, 3), (5, 5), (7, 7), (9, 9), (11, 11), (13, 13)]);
        assert_eq!(many.to_string(), "1,3,5,7,9,11,13");
        let mut merged = many.clone();
        merged.insert(PortRange::new(2, 12));
        assert_eq!(merged, set(&[(1, 13)]));
        assert_eq!(merged.ranges(), &[PortRange::new(1, 13)]);
        assert!(set(&[(1, 1)]) < many);
        assert_eq!(
            format!("{:?}", set(&[(5, 6)])),
            "PortSet { ranges: [PortRange { start: 5, end: 6 }] }"
        );
        // Against a plain set of ports, for a spread of insertions.
        let mut ports = PortSet::new();
        let mut model = std::collections::BTreeSet::new();
        let mut x = 7u32;
        for _ in 0..400 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 2_000;
            let (a, b) = (x as u16 + 1, (x as u16 + 1 + (x % 7) as u16).min(2_000));
            ports.insert(PortRange::new(a, b));
            model.extend(a..=b);
            for w in ports.ranges().windows(2) {
                assert!(u32::from(w[1].start) > u32::from(w[0].end) + 1);
            }
            let covered: usize = ports.ranges().iter().map(|r| r.len() as usize).sum();
            assert_eq!(covered, model.len());
            assert!(model.iter().all(|&p| ports.contains(p)));
        }
    }

    #[test]
    fn icmp_shows_its_type_in_the_ports_cell_and_sorts_after_udp() {
        let none = PortSet::new();
        assert_eq!(Protocol::Icmp(IcmpType::Any).to_string(), "ICMP");
        assert_eq!(Protocol::Icmp(IcmpType::Any).ports_text(&none), "any");
        assert_eq!(Protocol::Icmp(IcmpType::Type(8)).ports_text(&none), "8");
        assert_eq!(Protocol::Tcp.ports_text(&set(&[(135, 135)])), "135");
        let mut all = vec![
            Protocol::Icmp(IcmpType::Type(255)),
            Protocol::Icmp(IcmpType::Type(0)),
            Protocol::Icmp(IcmpType::Any),
            Protocol::Udp,
            Protocol::Tcp,
        ];
        let by_rank: Vec<u16> = {
            let mut v = all.clone();
            v.sort_by_key(|p| p.rank());
            v.iter().map(|p| p.rank()).collect()
        };
        all.sort();
        assert_eq!(all.iter().map(|p| p.rank()).collect::<Vec<_>>(), by_rank);
        assert!(!Protocol::Icmp(IcmpType::Any).has_ports() && Protocol::Udp.has_ports());
    }

    #[test]
    fn parses_ports_and_ranges() {
        assert_eq!("3389".parse::<PortRange>(), Ok(PortRange::single(3389)));
        assert_eq!(
            "65000-64001".parse::<PortRange>(),
            Ok(PortRange::new(64001, 65000))
        );
        assert!("0".parse::<PortRange>().is_err());
        assert!("70000".parse::<PortRange>().is_err());
        assert!("a-b".parse::<PortRange>().is_err());
    }
}
