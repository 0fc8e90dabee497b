//! Reads `iptables-save` (and `ip6tables-save`) output: the filter table's `FORWARD`
//! chain, its policy and its rules, in order.
//!
//! Understood: `-s`/`-d` (lists, prefixes), `-p tcp|udp|icmp|all`, `-m tcp|udp|icmp|
//! multiport|iprange|comment|conntrack|state`, `--dport`, `--dports`, `--icmp-type`,
//! `--src-range`/`--dst-range`, `--ctstate`/`--state`, `-j ACCEPT|DROP|REJECT|LOG`.
//! Anything else in the chain (a negation, an interface, a source port, a jump to a chain
//! of its own...) is an error naming its line: a match the evaluator ignored would make
//! the verdict wrong. Other tables and chains are counted in the notes.

use super::deployed::{Action, Deployed, DeployedRule, MatchSpec, SyntaxError, short_text};
use super::icmp::icmp_type;
use super::space::{L4, Span, Span16, number};
use crate::model::{AddressBlock, Family};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The chain evaluated: forwarded traffic, what a network firewall filters.
pub const CHAIN: &str = "FORWARD";

/// Splits a rule line into words, as iptables-save quotes them (`"..."` with `\"`);
/// words are borrowed from the line unless an escape had to be undone.
fn words(line: &str) -> Result<Vec<Cow<'_, str>>, String> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if bytes[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match bytes.get(j) {
                    None => return Err("a quoted word is not closed".into()),
                    Some(b'\\') => {
                        escaped = true;
                        j += 2;
                    }
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            let raw = line.get(start..j).ok_or("a quoted word is not closed")?;
            out.push(if escaped {
                let mut word = String::with_capacity(raw.len());
                let mut chars = raw.chars();
                while let Some(c) = chars.next() {
                    word.push(if c == '\\' {
                        chars.next().unwrap_or(c)
                    } else {
                        c
                    });
                }
                Cow::Owned(word)
            } else {
                Cow::Borrowed(raw)
            });
            i = j + 1;
        } else {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            out.push(Cow::Borrowed(&line[start..i]));
        }
    }
    Ok(out)
}

/// Parses `10.0.0.1`, `10.0.0.0/24` or `10.0.0.0/255.255.255.0` into a span.
fn address_span(text: &str, family: Family) -> Result<Span, String> {
    let bad = || format!("`{text}` is not an address or network");
    let span = if let Some((addr, mask)) = text.split_once('/')
        && mask.contains('.')
    {
        let m: std::net::Ipv4Addr = mask.parse().map_err(|_| bad())?;
        let len = u32::from(m).leading_ones();
        format!("{addr}/{len}")
            .parse::<AddressBlock>()
            .map(|b| Span::of_block(&b))
            .map_err(|_| bad())?
    } else {
        text.parse::<AddressBlock>()
            .map(|b| Span::of_block(&b))
            .map_err(|_| bad())?
    };
    if span.family() != family {
        return Err(format!("`{text}` is not of this file's address family"));
    }
    Ok(span)
}

fn range_span(text: &str, family: Family) -> Result<Span, String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not an address range a-b"))?;
    let parse = |s: &str| -> Result<u128, String> {
        s.parse::<std::net::IpAddr>()
            .map(number)
            .map_err(|_| format!("`{s}` is not an address"))
    };
    let span = Span(parse(a)?, parse(b)?);
    if span.0 > span.1 || span.family() != family {
        return Err(format!("`{text}` is not a range of this file's family"));
    }
    Ok(span)
}

fn port_span(text: &str) -> Result<Span16, String> {
    let parse = |s: &str| {
        s.parse::<u16>()
            .map_err(|_| format!("`{text}` is not a port or port range"))
    };
    match text.split_once(':') {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            Ok(Span16(a.min(b), a.max(b)))
        }
        None => parse(text).map(|p| Span16(p, p)),
    }
}

/// What one `-A FORWARD` rule does: `None` for a rule that never decides on a new
/// connection (replies only, or LOG), with the reason.
enum Parsed {
    Decides(Action, MatchSpec),
    Skips(&'static str),
}

fn parse_rule(words: &[Cow<'_, str>], family: Family) -> Result<Parsed, String> {
    let mut spec = MatchSpec {
        family: Some(family),
        ..MatchSpec::default()
    };
    let mut action = None;
    let mut skip = None;
    let mut i = 0;
    let value = |i: &mut usize| -> Result<&str, String> {
        *i += 1;
        words
            .get(*i)
            .map(AsRef::as_ref)
            .ok_or_else(|| format!("`{}` needs a value", words[*i - 1]))
    };
    while i < words.len() {
        let w: &str = words[i].as_ref();
        match w {
            "!" => return Err("negated matches (`!`) are not evaluated".into()),
            "-s" | "--source" | "-d" | "--destination" => {
                let v = value(&mut i)?;
                let spans = v
                    .split(',')
                    .map(|a| address_span(a, family))
                    .collect::<Result<Vec<_>, _>>()?;
                if w.starts_with("-s") || w == "--source" {
                    spec.src = Some(spans);
                } else {
                    spec.dst = Some(spans);
                }
            }
            "-p" | "--protocol" => match value(&mut i)?.to_ascii_lowercase().as_str() {
                "tcp" | "6" => spec.only(&[L4::Tcp]),
                "udp" | "17" => spec.only(&[L4::Udp]),
                "icmp" | "1" => spec.only(&[L4::Icmp]),
                "all" | "0" => {}
                other => return Err(format!("protocol `{other}` is not evaluated")),
            },
            "-m" | "--match" => match value(&mut i)? {
                "tcp" | "udp" | "icmp" | "multiport" | "iprange" | "comment" | "conntrack"
                | "state" => {}
                other => return Err(format!("match module `{other}` is not evaluated")),
            },
            "--dport" | "--destination-port" => {
                spec.ports = Some(vec![port_span(value(&mut i)?)?]);
            }
            "--dports" | "--destination-ports" => {
                let v = value(&mut i)?;
                spec.ports = Some(v.split(',').map(port_span).collect::<Result<_, _>>()?);
            }
            "--icmp-type" => {
                let v = value(&mut i)?;
                let t = icmp_type(v.split('/').next().unwrap_or(v))
                    .ok_or_else(|| format!("ICMP type `{v}` is not known"))?;
                spec.ports = Some(vec![Span16(t, t)]);
            }
            "--src-range" => spec.src = Some(vec![range_span(value(&mut i)?, family)?]),
            "--dst-range" => spec.dst = Some(vec![range_span(value(&mut i)?, family)?]),
            "--comment" => {
                value(&mut i)?;
            }
            "--ctstate" | "--state" => {
                let v = value(&mut i)?.to_ascii_uppercase();
                if !v.split(',').any(|s| s == "NEW" || s == "UNTRACKED") {
                    skip = Some(
                        "it matches replies and other packets of known connections, not new connections",
                    );
                }
            }
            "-j" | "--jump" => match value(&mut i)? {
                "ACCEPT" => action = Some(Action::Accept),
                "DROP" | "REJECT" => action = Some(Action::Drop),
                "LOG" | "NFLOG" => skip = Some("LOG decides nothing"),
                other => {
                    return Err(format!(
                        "the jump to `{other}` is not evaluated (only ACCEPT, DROP, REJECT and LOG are)"
                    ));
                }
            },
            "--reject-with" | "--log-prefix" | "--log-level" | "--nflog-prefix"
            | "--nflog-group" => {
                value(&mut i)?;
            }
            "--log-tcp-options" | "--log-ip-options" | "--log-uid" => {}
            other => return Err(format!("`{other}` is not evaluated")),
        }
        i += 1;
    }
    if let Some(why) = skip {
        return Ok(Parsed::Skips(why));
    }
    match action {
        Some(a) => Ok(Parsed::Decides(a, spec)),
        None => Ok(Parsed::Skips("it has no verdict (-j)")),
    }
}

/// Whether a rule line names an IPv6 address (`-s`, `-d` or a range).
fn is_ipv6_rule(line: &str) -> bool {
    if !line.starts_with("-A ") {
        return false;
    }
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        if matches!(
            w,
            "-s" | "-d" | "--source" | "--destination" | "--src-range" | "--dst-range"
        ) && words.next().is_some_and(|a| a.contains(':'))
        {
            return true;
        }
    }
    false
}

/// Reads iptables-save text. The family is IPv6 when the file's addresses are (from
/// `ip6tables-save`), IPv4 otherwise.
///
/// # Errors
/// Every line that cannot be evaluated, with its number.
pub fn read(text: &str) -> Result<Deployed, Vec<SyntaxError>> {
    let family = if text.lines().any(is_ipv6_rule) {
        Family::V6
    } else {
        Family::V4
    };
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    let mut policy = None;
    let mut table = String::new();
    let mut elsewhere: BTreeMap<String, usize> = BTreeMap::new();
    let mut saw_filter = false;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw.trim();
        let mut err = |message: String| errors.push(SyntaxError { line, message });
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(t) = l.strip_prefix('*') {
            table = t.trim().to_owned();
            saw_filter |= table == "filter";
            continue;
        }
        if l == "COMMIT" {
            continue;
        }
        if let Some(decl) = l.strip_prefix(':') {
            let mut parts = decl.split_whitespace();
            let (chain, pol) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if table == "filter" && chain == CHAIN {
                match pol {
                    "ACCEPT" => policy = Some(Action::Accept),
                    "DROP" => policy = Some(Action::Drop),
                    other => err(format!("chain policy `{other}` is not ACCEPT or DROP")),
                }
            }
            continue;
        }
        let w = match words(l) {
            Ok(w) => w,
            Err(e) => {
                err(e);
                continue;
            }
        };
        match w.first().map(AsRef::as_ref) {
            Some("-A" | "--append") => {}
            Some("-F" | "-X" | "-Z" | "-N") => continue,
            _ => {
                err(format!("`{}` is not an iptables-save line", short_text(l)));
                continue;
            }
        }
        let chain: &str = w.get(1).map_or("", AsRef::as_ref);
        if table != "filter" || chain != CHAIN {
            *elsewhere
                .entry(format!("table {table}, chain {chain}"))
                .or_default() += 1;
            continue;
        }
        match parse_rule(&w[2..], family) {
            Ok(Parsed::Decides(action, spec)) => rules.push(DeployedRule {
                line,
                text: short_text(l),
                action,
                cubes: spec.cubes(&[family]),
            }),
            Ok(Parsed::Skips(why)) => notes.push(format!("line {line} not evaluated: {why}")),
            Err(e) => err(e),
        }
    }
    if !saw_filter && errors.is_empty() {
        errors.push(SyntaxError {
            line: 1,
            message: "no `*filter` table: is this iptables-save output?".into(),
        });
    }
    for (place, count) in elsewhere {
        notes.push(format!(
            "{count} rule(s) of {place} not evaluated (only filter FORWARD is)"
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let families: SmallVec<[Family; 2]> = SmallVec::from_slice(&[family]);
    Ok(Deployed {
        kind: "iptables-save",
        unit: "line",
        rules,
        policy: policy.unwrap_or(Action::Accept),
        families,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_words_keep_their_spaces_and_quotes() {
        assert_eq!(
            words(r#"-A FORWARD -m comment --comment "a \"b\" c" -j ACCEPT"#),
            Ok(vec![
                "-A".into(),
                "FORWARD".into(),
                "-m".into(),
                "comment".into(),
                "--comment".into(),
                "a \"b\" c".into(),
                "-j".into(),
                "ACCEPT".into()
            ])
        );
        assert!(words(r#"--comment "open"#).is_err());
    }

    #[test]
    fn unknown_matches_are_errors_with_their_line() {
        let text = "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -i eth0 -j ACCEPT\n-A FORWARD ! -s 10.0.0.1 -j ACCEPT\nCOMMIT\n";
        let errors = read(text).expect_err("refused");
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert!(errors[0].message.contains("-i"), "{errors:?}");
    }
}
