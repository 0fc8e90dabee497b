//! Traffic as boxes: a protocol, a span of source addresses, a span of destination
//! addresses and a span of ports (ICMP: of message types). A rule matches a union of
//! boxes; a required flow is one; first-match evaluation subtracts boxes from boxes.
//!
//! Addresses are numbers in one space of 128 bits: IPv6 as they are, IPv4 mapped into
//! `::ffff:0:0/96`, so one comparison serves both families.

use crate::model::{AddressBlock, Family};
use smallvec::SmallVec;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The transport a box is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum L4 {
    Tcp,
    Udp,
    /// ICMP (IPv4): the port span holds message types (0-255).
    Icmp,
}

impl L4 {
    pub const ALL: [L4; 3] = [L4::Tcp, L4::Udp, L4::Icmp];

    /// The whole port (or type) span of the transport.
    pub fn all_ports(self) -> Span16 {
        match self {
            L4::Tcp | L4::Udp => Span16(0, 65535),
            L4::Icmp => Span16(0, 255),
        }
    }
}

impl fmt::Display for L4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            L4::Tcp => "TCP",
            L4::Udp => "UDP",
            L4::Icmp => "ICMP",
        })
    }
}

/// An inclusive span of addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span(pub u128, pub u128);

/// An inclusive span of ports or ICMP types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span16(pub u16, pub u16);

const V4_BASE: u128 = 0xffff_0000_0000;

/// Every IPv4 address.
pub const V4: Span = Span(V4_BASE, V4_BASE + 0xffff_ffff);

/// The spans of every address of `family`: IPv4 is one span, IPv6 the two around it.
pub fn family_spans(family: Family) -> SmallVec<[Span; 2]> {
    match family {
        Family::V4 => SmallVec::from_slice(&[V4]),
        Family::V6 => SmallVec::from_slice(&[Span(0, V4.0 - 1), Span(V4.1 + 1, u128::MAX)]),
    }
}

/// The number of an address in the shared space.
pub fn number(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => V4_BASE + u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The address of a number (IPv4 inside the mapped span).
pub fn address(n: u128) -> IpAddr {
    if (V4.0..=V4.1).contains(&n) {
        IpAddr::V4(Ipv4Addr::from(u32::try_from(n - V4_BASE).unwrap_or(0)))
    } else {
        IpAddr::V6(Ipv6Addr::from(n))
    }
}

impl Span {
    /// The span of a block of the plan.
    pub fn of_block(block: &AddressBlock) -> Span {
        let (a, b) = block.first_last();
        Span(number(a), number(b))
    }

    pub fn family(&self) -> Family {
        if V4.0 <= self.0 && self.1 <= V4.1 {
            Family::V4
        } else {
            Family::V6
        }
    }

    /// Whether the span holds one address.
    pub fn is_host(&self) -> bool {
        self.0 == self.1
    }

    fn len(&self) -> f64 {
        (self.1 - self.0) as f64 + 1.0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == V4 {
            return f.write_str("any IPv4");
        }
        if self.0 == 0 && self.1 == u128::MAX {
            return f.write_str("any");
        }
        if self.is_host() {
            write!(f, "{}", address(self.0))
        } else {
            write!(f, "{}-{}", address(self.0), address(self.1))
        }
    }
}

impl fmt::Display for Span16 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == self.1 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{}-{}", self.0, self.1)
        }
    }
}

/// Traffic of one transport between two spans of addresses, to a span of ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cube {
    pub l4: L4,
    pub src: Span,
    pub dst: Span,
    pub ports: Span16,
}

/// A span on an axis of a cube (addresses or ports): its bounds as `u128`, so one step
/// serves the three axes.
trait Bounds: Copy {
    fn bounds(self) -> (u128, u128);
    fn of(lo: u128, hi: u128) -> Self;
}

impl Bounds for Span {
    fn bounds(self) -> (u128, u128) {
        (self.0, self.1)
    }

    fn of(lo: u128, hi: u128) -> Self {
        Span(lo, hi)
    }
}

impl Bounds for Span16 {
    fn bounds(self) -> (u128, u128) {
        (u128::from(self.0), u128::from(self.1))
    }

    /// The bounds came from `u16`s.
    fn of(lo: u128, hi: u128) -> Self {
        let port = |n: u128| u16::try_from(n).unwrap_or(u16::MAX);
        Span16(port(lo), port(hi))
    }
}

fn meet<S: Bounds>(a: S, b: S) -> Option<S> {
    let ((a_lo, a_hi), (b_lo, b_hi)) = (a.bounds(), b.bounds());
    let (lo, hi) = (a_lo.max(b_lo), a_hi.min(b_hi));
    (lo <= hi).then(|| S::of(lo, hi))
}

/// One axis of [`Cube::subtract`]: the parts of `rest` below and above `inner` on the
/// axis `axis` picks go to `out`, and `rest` is narrowed to `inner` on it.
fn split<S: Bounds>(
    rest: &mut Cube,
    inner: S,
    axis: impl Fn(&mut Cube) -> &mut S,
    out: &mut Vec<Cube>,
) {
    let ((lo, hi), (inner_lo, inner_hi)) = ((*axis(rest)).bounds(), inner.bounds());
    if lo < inner_lo {
        let mut below = *rest;
        *axis(&mut below) = S::of(lo, inner_lo - 1);
        out.push(below);
    }
    if inner_hi < hi {
        let mut above = *rest;
        *axis(&mut above) = S::of(inner_hi + 1, hi);
        out.push(above);
    }
    *axis(rest) = inner;
}

impl Cube {
    /// Appends to `out` the cube of every source span against every destination span and
    /// every port span, for transport `l4`. **O(|src|·|dst|·|ports|)** cubes.
    pub fn push_product(out: &mut Vec<Cube>, l4: L4, src: &[Span], dst: &[Span], ports: &[Span16]) {
        for &s in src {
            for &d in dst {
                out.extend(ports.iter().map(|&p| Cube {
                    l4,
                    src: s,
                    dst: d,
                    ports: p,
                }));
            }
        }
    }

    /// The traffic both match. (Inlined into the evaluation's loop.)
    #[inline]
    pub fn intersect(&self, other: &Cube) -> Option<Cube> {
        if self.l4 != other.l4 {
            return None;
        }
        Some(Cube {
            l4: self.l4,
            src: meet(self.src, other.src)?,
            dst: meet(self.dst, other.dst)?,
            ports: meet(self.ports, other.ports)?,
        })
    }

    /// What is left of `self` outside `other`: at most six boxes, disjoint (axis by
    /// axis, what lies below and above the intersection).
    pub fn subtract(&self, other: &Cube, out: &mut Vec<Cube>) {
        let Some(inner) = self.intersect(other) else {
            out.push(*self);
            return;
        };
        let mut rest = *self;
        split(&mut rest, inner.src, |c| &mut c.src, out);
        split(&mut rest, inner.dst, |c| &mut c.dst, out);
        split(&mut rest, inner.ports, |c| &mut c.ports, out);
    }

    /// The number of (source, destination, port) triples, as a float (it can pass 2^256).
    pub fn volume(&self) -> f64 {
        self.src.len() * self.dst.len() * (f64::from(self.ports.1 - self.ports.0) + 1.0)
    }
}

impl fmt::Display for Cube {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.l4 {
            L4::Icmp if self.ports == L4::Icmp.all_ports() => "ICMP any type".to_owned(),
            L4::Icmp => format!("ICMP type {}", self.ports),
            l4 if self.ports == l4.all_ports() => format!("{l4} any port"),
            l4 => format!("{l4} {}", self.ports),
        };
        write!(f, "{what} from {} to {}", self.src, self.dst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(s: &str) -> Span {
        let n = number(s.parse().expect("address"));
        Span(n, n)
    }

    #[test]
    fn subtraction_leaves_disjoint_boxes_of_the_right_volume() {
        let all = Cube {
            l4: L4::Tcp,
            src: V4,
            dst: V4,
            ports: L4::Tcp.all_ports(),
        };
        let hole = Cube {
            l4: L4::Tcp,
            src: host("10.0.0.1"),
            dst: host("10.0.0.2"),
            ports: Span16(443, 443),
        };
        let mut rest = Vec::new();
        all.subtract(&hole, &mut rest);
        assert_eq!(rest.len(), 6);
        let sum: f64 = rest.iter().map(Cube::volume).sum();
        assert!((sum + 1.0 - all.volume()).abs() / all.volume() < 1e-9);
        for (i, a) in rest.iter().enumerate() {
            assert!(a.intersect(&hole).is_none());
            for b in &rest[i + 1..] {
                assert!(a.intersect(b).is_none(), "{a} overlaps {b}");
            }
        }
        let mut none = Vec::new();
        hole.subtract(&all, &mut none);
        assert!(none.is_empty());
        assert_eq!(hole.to_string(), "TCP 443 from 10.0.0.1 to 10.0.0.2");
        assert_eq!(address(host("::1").0).to_string(), "::1");
    }
}
