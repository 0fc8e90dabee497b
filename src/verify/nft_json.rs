//! Reads `nft -j list ruleset`: the base chain on the `forward` hook (type filter), its
//! policy and its rules in order, with the named sets they use.
//!
//! Understood in a rule: `ip`/`ip6` `saddr`/`daddr`, `ip protocol`, `ip6 nexthdr`,
//! `meta l4proto`, `meta nfproto`, `tcp`/`udp`/`th` `dport`, `icmp type`, `ct state`
//! (with `==` or `in`; values, anonymous sets, named sets, ranges and prefixes), and the
//! statements `accept`, `drop`, `reject`, `counter`, `log`. Anything else in the chain
//! (`!=`, an interface, a jump, a limit...) is an error naming the rule's position in the
//! JSON array and its handle.

use super::deployed::{Action, Deployed, DeployedRule, MatchSpec, SyntaxError, short_text};
use super::icmp::icmp_type;
use super::space::{L4, Span, Span16, number};
use crate::model::Family;
use rustc_hash::FxHashMap;
use serde_json::Value;
use smallvec::SmallVec;

/// A value of a match's right-hand side, sets flattened.
#[derive(Clone, Debug)]
enum Elem {
    Text(String),
    Number(u64),
    Range(Box<Elem>, Box<Elem>),
    Prefix(String, u8),
}

type Sets<'v> = FxHashMap<(&'v str, &'v str, &'v str), &'v Value>;

fn elems(v: &Value, sets: &Sets<'_>, family: &str, table: &str) -> Result<Vec<Elem>, String> {
    let mut out = Vec::new();
    push_elems(v, sets, family, table, &mut out, 0)?;
    Ok(out)
}

fn push_elems(
    v: &Value,
    sets: &Sets<'_>,
    family: &str,
    table: &str,
    out: &mut Vec<Elem>,
    depth: usize,
) -> Result<(), String> {
    if depth > 8 {
        return Err("sets nest too deep".into());
    }
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix('@') {
                let set = sets
                    .get(&(family, table, name))
                    .ok_or_else(|| format!("the set `{name}` is not in the ruleset"))?;
                if let Some(list) = set.get("elem") {
                    push_elems(list, sets, family, table, out, depth + 1)?;
                }
            } else {
                out.push(Elem::Text(s.clone()));
            }
        }
        Value::Number(n) => out.push(Elem::Number(
            n.as_u64()
                .ok_or_else(|| format!("`{n}` is not a number nft writes"))?,
        )),
        Value::Array(items) => {
            for i in items {
                push_elems(i, sets, family, table, out, depth + 1)?;
            }
        }
        Value::Object(map) => {
            if let Some(list) = map.get("set") {
                push_elems(list, sets, family, table, out, depth + 1)?;
            } else if let Some(Value::Array(pair)) = map.get("range") {
                let mut ends = Vec::new();
                for p in pair {
                    push_elems(p, sets, family, table, &mut ends, depth + 1)?;
                }
                match <[Elem; 2]>::try_from(ends) {
                    Ok([a, b]) => out.push(Elem::Range(Box::new(a), Box::new(b))),
                    Err(_) => return Err("a range without two ends".into()),
                }
            } else if let Some(p) = map.get("prefix") {
                let addr = p.get("addr").and_then(Value::as_str);
                let len = p.get("len").and_then(Value::as_u64);
                match (addr, len.and_then(|l| u8::try_from(l).ok())) {
                    (Some(a), Some(l)) => out.push(Elem::Prefix(a.to_owned(), l)),
                    _ => return Err("a prefix without address or length".into()),
                }
            } else if let Some(e) = map.get("elem") {
                // A set element with a timeout or counter: its value is `val`.
                let val = e.get("val").unwrap_or(e);
                push_elems(val, sets, family, table, out, depth + 1)?;
            } else {
                return Err(format!(
                    "the value `{}` is not understood",
                    short_text(&v.to_string())
                ));
            }
        }
        _ => return Err(format!("the value `{v}` is not understood")),
    }
    Ok(())
}

fn address(text: &str) -> Result<u128, String> {
    text.parse::<std::net::IpAddr>()
        .map(number)
        .map_err(|_| format!("`{text}` is not an address"))
}

fn address_spans(elems: &[Elem]) -> Result<Vec<Span>, String> {
    elems
        .iter()
        .map(|e| match e {
            Elem::Text(t) => address(t).map(|n| Span(n, n)),
            Elem::Prefix(a, len) => format!("{a}/{len}")
                .parse::<crate::model::AddressBlock>()
                .map(|b| Span::of_block(&b))
                .map_err(|_| format!("`{a}/{len}` is not a network")),
            Elem::Range(a, b) => match (a.as_ref(), b.as_ref()) {
                (Elem::Text(a), Elem::Text(b)) => Ok(Span(address(a)?, address(b)?)),
                _ => Err("an address range of other values".into()),
            },
            Elem::Number(n) => Err(format!("`{n}` is not an address")),
        })
        .collect()
}

fn number_of(e: &Elem, names: fn(&str) -> Option<u16>) -> Result<u16, String> {
    match e {
        Elem::Number(n) => u16::try_from(*n).map_err(|_| format!("`{n}` is out of range")),
        Elem::Text(t) => names(t).ok_or_else(|| format!("`{t}` is not understood here")),
        _ => Err("a network where a number belongs".into()),
    }
}

fn spans16(elems: &[Elem], names: fn(&str) -> Option<u16>) -> Result<Vec<Span16>, String> {
    elems
        .iter()
        .map(|e| match e {
            Elem::Range(a, b) => Ok(Span16(number_of(a, names)?, number_of(b, names)?)),
            e => number_of(e, names).map(|n| Span16(n, n)),
        })
        .collect()
}

fn service_port(name: &str) -> Option<u16> {
    // nft prints well-known ports by name only with `-S`; numbers are the rule here.
    name.parse().ok()
}

fn transports(elems: &[Elem]) -> Result<Vec<L4>, String> {
    elems
        .iter()
        .map(|e| match e {
            Elem::Text(t) if t == "tcp" => Ok(L4::Tcp),
            Elem::Text(t) if t == "udp" => Ok(L4::Udp),
            Elem::Text(t) if t == "icmp" => Ok(L4::Icmp),
            Elem::Number(6) => Ok(L4::Tcp),
            Elem::Number(17) => Ok(L4::Udp),
            Elem::Number(1) => Ok(L4::Icmp),
            other => Err(format!("the protocol `{other:?}` is not evaluated")),
        })
        .collect()
}

/// One rule's expressions as a match and a verdict; `Ok(None)` for a rule that decides
/// nothing for new connections, with why.
fn rule(
    expr: &[Value],
    sets: &Sets<'_>,
    family: &str,
    table: &str,
) -> Result<Result<(Action, MatchSpec), &'static str>, String> {
    let mut spec = MatchSpec::default();
    if family == "ip" {
        spec.family = Some(Family::V4);
    } else if family == "ip6" {
        spec.family = Some(Family::V6);
    }
    let set_family = |spec: &mut MatchSpec, f: Family| -> Result<(), String> {
        match spec.family {
            Some(now) if now != f => Err("a rule of two address families matches nothing".into()),
            _ => {
                spec.family = Some(f);
                Ok(())
            }
        }
    };
    let mut verdict = None;
    let mut skip = None;
    for e in expr {
        let Some((key, body)) = e.as_object().and_then(|m| m.iter().next()) else {
            return Err("an expression that is not an object".into());
        };
        match key.as_str() {
            "match" => {
                let op = body.get("op").and_then(Value::as_str).unwrap_or("");
                if op != "==" && op != "in" {
                    return Err(format!("the operator `{op}` is not evaluated"));
                }
                let left = body.get("left").unwrap_or(&Value::Null);
                let right = body.get("right").unwrap_or(&Value::Null);
                let values = elems(right, sets, family, table)?;
                if let Some(p) = left.get("payload") {
                    let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("");
                    let field = p.get("field").and_then(Value::as_str).unwrap_or("");
                    match (proto, field) {
                        ("ip" | "ip6", "saddr" | "daddr") => {
                            set_family(&mut spec, payload_family(proto))?;
                            let spans = address_spans(&values)?;
                            if field == "saddr" {
                                spec.src = Some(spans);
                            } else {
                                spec.dst = Some(spans);
                            }
                        }
                        ("ip", "protocol") | ("ip6", "nexthdr") => {
                            set_family(&mut spec, payload_family(proto))?;
                            spec.only(&transports(&values)?);
                        }
                        ("tcp" | "udp" | "th", "dport") => {
                            match proto {
                                "tcp" => spec.only(&[L4::Tcp]),
                                "udp" => spec.only(&[L4::Udp]),
                                _ => spec.only(&[L4::Tcp, L4::Udp]),
                            }
                            spec.ports = Some(spans16(&values, service_port)?);
                        }
                        ("icmp", "type") => {
                            set_family(&mut spec, Family::V4)?;
                            spec.only(&[L4::Icmp]);
                            spec.ports = Some(spans16(&values, icmp_type)?);
                        }
                        _ => {
                            return Err(format!("the match on `{proto} {field}` is not evaluated"));
                        }
                    }
                } else if let Some(m) = left.get("meta") {
                    match m.get("key").and_then(Value::as_str).unwrap_or("") {
                        "l4proto" => spec.only(&transports(&values)?),
                        "nfproto" => {
                            let names: Vec<&str> = values
                                .iter()
                                .filter_map(|v| match v {
                                    Elem::Text(t) => Some(t.as_str()),
                                    _ => None,
                                })
                                .collect();
                            match names.as_slice() {
                                ["ipv4"] => set_family(&mut spec, Family::V4)?,
                                ["ipv6"] => set_family(&mut spec, Family::V6)?,
                                _ => return Err("a meta nfproto match of other values".into()),
                            }
                        }
                        other => {
                            return Err(format!("the match on `meta {other}` is not evaluated"));
                        }
                    }
                } else if left
                    .get("ct")
                    .and_then(|c| c.get("key"))
                    .and_then(Value::as_str)
                    == Some("state")
                {
                    let new = values
                        .iter()
                        .any(|v| matches!(v, Elem::Text(t) if t == "new" || t == "untracked"));
                    if !new {
                        skip = Some(
                            "it matches replies and other packets of known connections, not new connections",
                        );
                    }
                } else {
                    return Err(format!(
                        "the match `{}` is not evaluated",
                        short_text(&left.to_string())
                    ));
                }
            }
            "accept" => verdict = Some(Action::Accept),
            "drop" | "reject" => verdict = Some(Action::Drop),
            "counter" | "log" => {}
            other => return Err(format!("the statement `{other}` is not evaluated")),
        }
        if verdict.is_some() {
            break;
        }
    }
    if let Some(why) = skip {
        return Ok(Err(why));
    }
    Ok(match verdict {
        Some(a) => Ok((a, spec)),
        None => Err("it has no verdict"),
    })
}

/// Reads nft's JSON.
///
/// # Errors
/// The JSON's own error (with its line and column), or every piece of the forward chain
/// that cannot be evaluated, by its position in the `nftables` array (1-based).
pub fn read(text: &str) -> Result<Deployed, Vec<SyntaxError>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        vec![SyntaxError {
            line: e.line(),
            message: format!("not nft JSON: {e}"),
        }]
    })?;
    let Some(items) = root.get("nftables").and_then(Value::as_array) else {
        return Err(vec![SyntaxError {
            line: 1,
            message: "no `nftables` array: is this `nft -j list ruleset` output?".into(),
        }]);
    };
    let str_of = |v: &'_ Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut sets: Sets<'_> = FxHashMap::default();
    let mut base: Vec<(String, String, String, Option<String>)> = Vec::new();
    for item in items {
        if let Some(s) = item.get("set").or_else(|| item.get("map")) {
            let f = s.get("family").and_then(Value::as_str).unwrap_or("");
            let t = s.get("table").and_then(Value::as_str).unwrap_or("");
            let n = s.get("name").and_then(Value::as_str).unwrap_or("");
            sets.insert((f, t, n), s);
        }
        if let Some(c) = item.get("chain")
            && str_of(c, "hook").as_deref() == Some("forward")
            && str_of(c, "type").as_deref().unwrap_or("filter") == "filter"
        {
            base.push((
                str_of(c, "family").unwrap_or_default(),
                str_of(c, "table").unwrap_or_default(),
                str_of(c, "name").unwrap_or_default(),
                str_of(c, "policy"),
            ));
        }
    }
    let (family, table, chain, policy) = match base.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(vec![SyntaxError {
                line: 1,
                message: "no filter chain on the forward hook".into(),
            }]);
        }
        _ => {
            return Err(vec![SyntaxError {
                line: 1,
                message: format!(
                    "{} filter chains on the forward hook: verify evaluates one",
                    base.len()
                ),
            }]);
        }
    };
    let families: SmallVec<[Family; 2]> = match family.as_str() {
        "ip" => SmallVec::from_slice(&[Family::V4]),
        "ip6" => SmallVec::from_slice(&[Family::V6]),
        "inet" => SmallVec::from_slice(&[Family::V4, Family::V6]),
        other => {
            return Err(vec![SyntaxError {
                line: 1,
                message: format!("the family `{other}` is not evaluated"),
            }]);
        }
    };
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    let mut elsewhere = 0;
    for (i, item) in items.iter().enumerate() {
        let Some(r) = item.get("rule") else {
            continue;
        };
        let at = i + 1;
        let handle = r.get("handle").and_then(Value::as_u64).unwrap_or(0);
        if str_of(r, "family").as_deref() != Some(family.as_str())
            || str_of(r, "table").as_deref() != Some(table.as_str())
            || str_of(r, "chain").as_deref() != Some(chain.as_str())
        {
            elsewhere += 1;
            continue;
        }
        let expr = r
            .get("expr")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let comment = str_of(r, "comment").unwrap_or_default();
        let text = short_text(&format!("handle {handle} {comment}"));
        match rule(expr, &sets, &family, &table) {
            Ok(Ok((action, spec))) => rules.push(DeployedRule {
                line: at,
                text,
                action,
                cubes: spec.cubes(&families),
            }),
            Ok(Err(why)) => notes.push(format!("item {at} (handle {handle}) not evaluated: {why}")),
            Err(e) => errors.push(SyntaxError {
                line: at,
                message: format!("rule handle {handle}: {e}"),
            }),
        }
    }
    if elsewhere > 0 {
        notes.push(format!(
            "{elsewhere} rule(s) of other chains not evaluated (only {family} {table} {chain}, the forward hook, is)"
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Deployed {
        kind: "nft -j list ruleset",
        unit: "item",
        rules,
        policy: if policy.as_deref() == Some("drop") {
            Action::Drop
        } else {
            Action::Accept
        },
        families,
        notes,
    })
}

/// The address family of an nft payload protocol (`ip` or `ip6`).
fn payload_family(proto: &str) -> Family {
    if proto == "ip" {
        Family::V4
    } else {
        Family::V6
    }
}
