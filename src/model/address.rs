//! Typed network addresses: what a node's `address` and a zone's `cidrs` hold.
//!
//! Plan files write them as the strings users type (`"10.0.1.10"`, `"10.0.2.0/24"`,
//! `"10.0.0.10-10.0.0.20"`, `"10.0.1.10, 10.0.1.11"`, `"any"`,
//! `"activation.sls.microsoft.com"`); they are parsed once, at load, so every consumer
//! (the check, the rule view, each export format) reads typed values and a bad one is
//! refused with the line and column of the file.

use crate::quote::quoted;
use ipnet::IpNet;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// One block of addresses: a host, a network in CIDR notation, or an inclusive range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddressBlock {
    /// One address, `10.0.1.10` or `2001:db8::10`.
    Host(IpAddr),
    /// A network without host bits set, `10.0.1.0/24`.
    Net(IpNet),
    /// From the first to the last address (inclusive, same family, first <= last),
    /// `10.0.0.10-10.0.0.20`.
    Range(IpAddr, IpAddr),
}

/// The two address families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    V4,
    V6,
}

fn family(ip: IpAddr) -> Family {
    match ip {
        IpAddr::V4(_) => Family::V4,
        IpAddr::V6(_) => Family::V6,
    }
}

fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

impl AddressBlock {
    pub fn family(&self) -> Family {
        match self {
            AddressBlock::Host(ip) | AddressBlock::Range(ip, _) => family(*ip),
            AddressBlock::Net(net) => family(net.addr()),
        }
    }

    /// The first and the last address of the block.
    pub fn first_last(&self) -> (IpAddr, IpAddr) {
        match *self {
            AddressBlock::Host(ip) => (ip, ip),
            AddressBlock::Net(net) => (net.network(), net.broadcast()),
            AddressBlock::Range(a, b) => (a, b),
        }
    }

    /// The family and the first and last address as numbers: what containment compares.
    fn bounds(&self) -> (Family, u128, u128) {
        let (a, b) = self.first_last();
        (self.family(), to_u128(a), to_u128(b))
    }

    /// Whether every address of `other` is in this block.
    pub fn contains(&self, other: &AddressBlock) -> bool {
        let (fa, a0, a1) = self.bounds();
        let (fb, b0, b1) = other.bounds();
        fa == fb && a0 <= b0 && b1 <= a1
    }

    /// The address, when the block is one host (a host, a /32 or /128, or a range of one).
    pub fn single_host(&self) -> Option<IpAddr> {
        let (a, b) = self.first_last();
        (a == b).then_some(a)
    }
}

impl fmt::Display for AddressBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressBlock::Host(ip) => write!(f, "{ip}"),
            AddressBlock::Net(net) => write!(f, "{net}"),
            AddressBlock::Range(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

/// `blocks` as written in a list: joined with `, `.
pub fn join_blocks(blocks: &[AddressBlock]) -> String {
    let parts: Vec<String> = blocks.iter().map(ToString::to_string).collect();
    parts.join(", ")
}

/// A DNS name, as written (at least two labels; letters, digits and `-`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DnsName(Box<str>);

impl DnsName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DnsName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a node is reached: any address (clients on the Internet), a DNS name (a
/// service reached by name, like the Microsoft Clearinghouse), or one or more blocks
/// of addresses. A node without an address has `None` in the model.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Address {
    /// Every address: written `any`.
    Any,
    /// Reached by name; only the formats with name objects can use it as it is.
    Name(DnsName),
    /// One block or a list of them (never empty), written joined with `, `.
    Blocks(SmallVec<[AddressBlock; 1]>),
}

impl Address {
    /// The blocks of addresses; empty for `any` and for a DNS name.
    pub fn blocks(&self) -> &[AddressBlock] {
        match self {
            Address::Blocks(b) => b,
            Address::Any | Address::Name(_) => &[],
        }
    }

    /// The DNS name, when the node is reached by name.
    pub fn dns_name(&self) -> Option<&DnsName> {
        match self {
            Address::Name(n) => Some(n),
            _ => None,
        }
    }

    /// Whether any block is IPv6.
    pub fn has_ipv6(&self) -> bool {
        self.blocks().iter().any(|b| b.family() == Family::V6)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Any => f.write_str("any"),
            Address::Name(n) => write!(f, "{n}"),
            Address::Blocks(blocks) => {
                for (i, b) in blocks.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

/// Why an address did not parse; the message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error(
        "{} is not an address: write an IPv4 or IPv6 address (10.0.1.10), a network (10.0.1.0/24), a range (10.0.1.10-10.0.1.20), a list of these separated by commas, `any`, or a DNS name (host.example.com)",
        quoted(.0)
    )]
    Unknown(String),
    #[error(
        "{} is not an address range: write an address (10.0.1.10), a network (10.0.1.0/24) or a range (10.0.1.10-10.0.1.20)",
        quoted(.0)
    )]
    NotABlock(String),
    #[error(
        "{} has host bits set: write the network `{network}`, or the host address alone",
        quoted(.given)
    )]
    HostBits { given: String, network: String },
    #[error(
        "{} has a prefix over /{max}, the longest an {family} network has: write /{max} or less",
        quoted(.given)
    )]
    PrefixTooLong {
        given: String,
        family: &'static str,
        max: u8,
    },
    #[error("the range {} goes backwards: write the lower address first", quoted(.0))]
    Backwards(String),
    #[error("the range {} mixes IPv4 and IPv6: write one range per family", quoted(.0))]
    MixedRange(String),
    #[error(
        "{} cannot be part of a list: a list holds addresses, networks and ranges only",
        quoted(.0)
    )]
    NotInList(String),
    #[error("the address is empty: write an address, or remove the field")]
    Empty,
}

impl FromStr for AddressBlock {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let not_block = || AddressError::NotABlock(s.to_owned());
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(AddressBlock::Host(ip));
        }
        if let Some((ip, prefix)) = s.split_once('/') {
            let net = s.parse::<IpNet>().map_err(|_| {
                let Ok(ip) = ip.trim().parse::<IpAddr>() else {
                    return not_block();
                };
                let (family, max) = if ip.is_ipv4() {
                    ("IPv4", 32)
                } else {
                    ("IPv6", 128)
                };
                let prefix = prefix.trim();
                let too_long = prefix.bytes().all(|b| b.is_ascii_digit())
                    && prefix
                        .parse::<u32>()
                        .map_or(!prefix.is_empty(), |n| n > u32::from(max));
                if too_long {
                    AddressError::PrefixTooLong {
                        given: s.to_owned(),
                        family,
                        max,
                    }
                } else {
                    not_block()
                }
            })?;
            if net.trunc() != net {
                return Err(AddressError::HostBits {
                    given: s.to_owned(),
                    network: net.trunc().to_string(),
                });
            }
            return Ok(AddressBlock::Net(net));
        }
        if let Some((a, b)) = s.split_once('-') {
            let (Ok(a), Ok(b)) = (a.trim().parse::<IpAddr>(), b.trim().parse::<IpAddr>()) else {
                return Err(not_block());
            };
            if family(a) != family(b) {
                return Err(AddressError::MixedRange(s.to_owned()));
            }
            if to_u128(a) > to_u128(b) {
                return Err(AddressError::Backwards(s.to_owned()));
            }
            return Ok(AddressBlock::Range(a, b));
        }
        Err(not_block())
    }
}

/// Whether `s` is a DNS name: two labels or more of letters, digits and inner `-`,
/// each 1-63 characters, 253 in all, and a last label that is not all digits (so a
/// mistyped address such as `10.0.1.300` is never taken for a name).
fn is_dns_name(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| label_ok(l))
        && labels
            .last()
            .is_some_and(|l| l.bytes().any(|c| c.is_ascii_alphabetic()))
}

impl FromStr for Address {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(AddressError::Empty);
        }
        if s.eq_ignore_ascii_case("any") {
            return Ok(Address::Any);
        }
        if !s.contains(',') {
            return match s.parse::<AddressBlock>() {
                Ok(block) => Ok(Address::Blocks(SmallVec::from_buf([block]))),
                Err(AddressError::NotABlock(_)) if is_dns_name(s) => {
                    Ok(Address::Name(DnsName(s.into())))
                }
                Err(AddressError::NotABlock(_)) => Err(AddressError::Unknown(s.to_owned())),
                Err(e) => Err(e),
            };
        }
        let mut blocks = SmallVec::new();
        for part in s.split(',') {
            let part = part.trim();
            match part.parse::<AddressBlock>() {
                Ok(block) => blocks.push(block),
                Err(AddressError::NotABlock(_))
                    if part.eq_ignore_ascii_case("any") || is_dns_name(part) =>
                {
                    return Err(AddressError::NotInList(part.to_owned()));
                }
                Err(AddressError::NotABlock(_)) if part.is_empty() => {
                    return Err(AddressError::Unknown(s.to_owned()));
                }
                Err(AddressError::NotABlock(_)) => {
                    return Err(AddressError::Unknown(part.to_owned()));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Address::Blocks(blocks))
    }
}

/// Reads a string and parses it with `T::from_str`, borrowing the text when the reader
/// can: a failure is raised inside deserialization so the reader keeps its position.
struct Parsed<T>(std::marker::PhantomData<T>);

impl<T> Visitor<'_> for Parsed<T>
where
    T: FromStr<Err = AddressError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an address as a string, like \"10.0.1.10\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Parsed(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for AddressBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Parsed(std::marker::PhantomData))
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for AddressBlock {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<Ipv4Addr> for AddressBlock {
    fn from(ip: Ipv4Addr) -> Self {
        AddressBlock::Host(IpAddr::V4(ip))
    }
}

impl From<Ipv6Addr> for AddressBlock {
    fn from(ip: Ipv6Addr) -> Self {
        AddressBlock::Host(IpAddr::V6(ip))
    }
}

impl From<AddressBlock> for Address {
    fn from(block: AddressBlock) -> Self {
        Address::Blocks(SmallVec::from_buf([block]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Address, AddressError> {
        s.parse()
    }

    #[test]
    fn every_form_reads_and_writes_back_as_written() {
        for text in [
            "any",
            "10.0.1.10",
            "10.0.2.0/24",
            "10.0.0.10-10.0.0.20",
            "10.0.1.10, 10.0.1.11, 10.0.3.0/24",
            "2001:db8::10",
            "2001:db8:1::/48",
            "2001:db8::1-2001:db8::9",
            "activation.sls.microsoft.com",
            "0.0.0.0/0",
        ] {
            let address = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(address.to_string(), text);
        }
        assert_eq!(parse("ANY"), Ok(Address::Any));
        assert_eq!(
            parse(" 10.0.1.10 ,10.0.1.11 ").unwrap().to_string(),
            "10.0.1.10, 10.0.1.11"
        );
        assert!(matches!(
            parse("crl.contoso.com").unwrap(),
            Address::Name(n) if n.as_str() == "crl.contoso.com"
        ));
    }

    #[test]
    fn refuses_what_is_not_an_address_with_the_reason() {
        let err = |s: &str| parse(s).unwrap_err().to_string();
        assert!(err("10.0.1.300").contains("`10.0.1.300` is not an address"));
        assert_eq!(
            err("10.0.1.0/33"),
            "`10.0.1.0/33` has a prefix over /32, the longest an IPv4 network has: write /32 or less"
        );
        assert!(err("2001:db8::/129").contains("prefix over /128"));
        assert!(err("10.0.1.0/+3").contains("is not an address"));
        assert!(err("10.0.1.0/").contains("is not an address"));
        assert!(err("dc01").contains("is not an address"));
        assert!(err("-bad-.example.com").contains("is not an address"));
        assert!(err("10.0.1.5/24").contains("write the network `10.0.1.0/24`"));
        assert!(err("10.0.0.20-10.0.0.10").contains("goes backwards"));
        assert!(err("10.0.0.1-2001:db8::1").contains("mixes IPv4 and IPv6"));
        assert!(err("10.0.0.1, any").contains("`any` cannot be part of a list"));
        assert!(err("10.0.0.1, host.example.com").contains("cannot be part of a list"));
        assert!(err("10.0.0.1,,10.0.0.2").contains("is not an address"));
        assert!(err("  ").contains("empty"));
        assert!(
            "any"
                .parse::<AddressBlock>()
                .unwrap_err()
                .to_string()
                .contains("not an address range")
        );
    }

    #[test]
    fn containment_and_single_hosts() {
        let block = |s: &str| s.parse::<AddressBlock>().unwrap();
        let zone = block("10.0.2.0/24");
        assert!(zone.contains(&block("10.0.2.10")));
        assert!(zone.contains(&block("10.0.2.10-10.0.2.20")));
        assert!(zone.contains(&block("10.0.2.128/25")));
        assert!(!zone.contains(&block("10.0.3.1")));
        assert!(!zone.contains(&block("10.0.2.250-10.0.3.5")));
        assert!(!zone.contains(&block("::ffff:10.0.2.1")));
        assert!(block("10.0.0.0/8").contains(&zone));
        assert_eq!(
            block("10.0.2.7/32").single_host(),
            Some("10.0.2.7".parse().unwrap())
        );
        assert_eq!(block("10.0.2.0/31").single_host(), None);
    }
}
