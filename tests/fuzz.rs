//! Fuzzing the readers: arbitrary bytes, and structure-aware mutations of the example
//! plans and of the catalog (numbers, ids, strings and identifiers swapped for edge
//! values or for others from the file; tokens and lines deleted, repeated or swapped;
//! bytes inserted; the text cut short), fed to the plan and catalog readers and, when
//! they accept, to the whole analysis and the CSV export.
//!
//! Every input must end in a result or in an error that says where: line and column for
//! syntax and encoding errors, the object at fault for the others. Never a panic.
//!
//! A few hundred cases per target run in `cargo test` in seconds; for a longer run:
//!
//! ```text
//! PORTOLAN_FUZZ_CASES=100000 cargo test --release --test fuzz
//! ```

mod common;
use common::{catalog, example_text};
use portolan::catalog::{Catalog, CatalogError};
use portolan::engine::analyze;
use portolan::export::write_csv;
use portolan::io::{PlanError, ReadError, decode_text, parse_plan};
use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::atomic::{AtomicUsize, Ordering};

const PLANS: [&str; 3] = ["rds-perimeter", "wds-pxe", "small-office"];

/// Cases per target: `PORTOLAN_FUZZ_CASES`, or 128 (a few seconds in `cargo test`).
fn cases() -> u32 {
    std::env::var("PORTOLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Shrinking a finding is worth a while, but not for ever.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// Values that break readers: limits of the integer types, non-finite and huge floats,
/// signs, separators.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "65535",
    "65536",
    "-65536",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "NaN",
    "inf",
    "-inf",
    "1e39",
    "-0",
    "0.5",
    "-1.5",
    "1e-50",
    "0x10",
    "1_000",
    "9999999999999999999999999999",
];
const STRINGS: &[&str] = &[
    "",
    " ",
    "\\n",
    "x\\nerror: forged",
    "\\u{0}",
    "\\u{1b}[31m",
    "\\u{202e}",
    "\\\\",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "-x",
    "\\tx",
    "é東京",
    "rd_gateway",
    "domain_controller",
    "managed_server",
    "seed-rds",
    "0",
    "1-0",
    "0-65535",
    "65536",
    "64001-99999",
    "10.0.0.0/33",
    "::1",
    "a\\\"b",
];
const IDENTS: &[&str] = &[
    "Some",
    "None",
    "true",
    "false",
    "Tcp",
    "Udp",
    "Port",
    "Range",
    "Named",
    "Internet",
    "Perimeter",
    "Custom",
    "ClientGroup",
    "Pre2008",
    "Http",
    "Ldap",
    "PerDevice",
    "Web",
    "Plan",
    "Catalog",
    "x",
    "version",
    "id",
    "zones",
    "nodes",
    "uses",
    "layout",
    "roles",
    "when",
    "implies",
    "needs",
    "broadcast",
    "initiator",
];

/// One token of RON text: what the mutations aim at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Number,
    Str,
    Ident,
    Other,
}

/// Splits RON text into tokens; joining them gives the text back.
fn tokens(text: &str) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c == '"' {
            let mut escaped = false;
            for (i, c) in chars.by_ref() {
                end = i + c.len_utf8();
                if !escaped && c == '"' {
                    break;
                }
                escaped = !escaped && c == '\\';
            }
            Kind::Str
        } else if c.is_ascii_digit()
            || (c == '-' && chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()))
        {
            while let Some(&(i, d)) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '.' || d == '_') {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Number
        } else if c.is_alphabetic() || c == '_' {
            while let Some(&(i, d)) = chars.peek() {
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Ident
        } else {
            Kind::Other
        };
        out.push((kind, text[start..end].to_owned()));
    }
    out
}

/// A change to a text; indices pick among the tokens or lines there are.
#[derive(Clone, Debug)]
enum Mutation {
    /// A number becomes an edge value, or another number of the file (an id, say).
    Number(Index, Index, bool),
    /// A string becomes an edge value, or another string of the file.
    Str(Index, Index, bool),
    /// An identifier becomes another (a field, a variant, a keyword).
    Ident(Index, Index, bool),
    DeleteToken(Index),
    RepeatToken(Index),
    DeleteLine(Index),
    RepeatLine(Index),
    SwapLines(Index, Index),
    InsertByte(Index, u8),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        3 => (i(), i(), any::<bool>()).prop_map(|(a, b, c)| Mutation::Number(a, b, c)),
        3 => (i(), i(), any::<bool>()).prop_map(|(a, b, c)| Mutation::Str(a, b, c)),
        2 => (i(), i(), any::<bool>()).prop_map(|(a, b, c)| Mutation::Ident(a, b, c)),
        1 => i().prop_map(Mutation::DeleteToken),
        1 => i().prop_map(Mutation::RepeatToken),
        2 => i().prop_map(Mutation::DeleteLine),
        2 => i().prop_map(Mutation::RepeatLine),
        1 => (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (i(), any::<u8>()).prop_map(|(a, b)| Mutation::InsertByte(a, b)),
        1 => i().prop_map(Mutation::Truncate),
    ]
}

/// Replaces one token of `kind` with an edge value or with another token of that kind.
fn replace(
    tokens: &mut [(Kind, String)],
    kind: Kind,
    at: &Index,
    with: &Index,
    edge: bool,
    edges: &[&str],
) {
    let of_kind: Vec<usize> = (0..tokens.len()).filter(|&i| tokens[i].0 == kind).collect();
    if of_kind.is_empty() {
        return;
    }
    let target = of_kind[at.index(of_kind.len())];
    tokens[target].1 = if edge {
        let value = edges[with.index(edges.len())];
        if kind == Kind::Str {
            format!("\"{value}\"")
        } else {
            value.to_owned()
        }
    } else {
        tokens[of_kind[with.index(of_kind.len())]].1.clone()
    };
}

fn apply(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut text = text.to_owned();
    for m in mutations {
        let mut toks = tokens(&text);
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut bytes: Option<Vec<u8>> = None;
        match m {
            Mutation::Number(a, b, e) => replace(&mut toks, Kind::Number, a, b, *e, NUMBERS),
            Mutation::Str(a, b, e) => replace(&mut toks, Kind::Str, a, b, *e, STRINGS),
            Mutation::Ident(a, b, e) => replace(&mut toks, Kind::Ident, a, b, *e, IDENTS),
            Mutation::DeleteToken(a) if !toks.is_empty() => {
                toks.remove(a.index(toks.len()));
            }
            Mutation::RepeatToken(a) if !toks.is_empty() => {
                let t = toks[a.index(toks.len())].clone();
                toks.insert(a.index(toks.len()), t);
            }
            Mutation::DeleteLine(a) => {
                lines.remove(a.index(lines.len()));
            }
            Mutation::RepeatLine(a) => {
                let l = lines[a.index(lines.len())].clone();
                lines.insert(a.index(lines.len()), l);
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Mutation::InsertByte(a, byte) => {
                let mut b = text.clone().into_bytes();
                b.insert(a.index(b.len() + 1), *byte);
                bytes = Some(b);
            }
            Mutation::Truncate(a) => {
                let mut b = text.clone().into_bytes();
                b.truncate(a.index(b.len() + 1));
                bytes = Some(b);
            }
            _ => {}
        }
        text = match (m, bytes) {
            (_, Some(b)) => match String::from_utf8(b) {
                Ok(t) => t,
                // Not text any more: no further mutation applies.
                Err(e) => return e.into_bytes(),
            },
            (Mutation::DeleteLine(_) | Mutation::RepeatLine(_) | Mutation::SwapLines(..), _) => {
                lines.join("\n")
            }
            _ => toks.into_iter().map(|(_, t)| t).collect(),
        };
    }
    text.into_bytes()
}

/// What became of the inputs of one target: printed after its last case when
/// `PORTOLAN_FUZZ_CASES` is set, for the record of a long run.
struct Stats {
    name: &'static str,
    /// Inputs, and those read with success (then analysed and exported).
    counts: [AtomicUsize; 2],
}

impl Stats {
    const fn new(name: &'static str) -> Self {
        Stats {
            name,
            counts: [AtomicUsize::new(0), AtomicUsize::new(0)],
        }
    }

    fn record(&self, accepted: bool) {
        if accepted {
            self.counts[1].fetch_add(1, Ordering::Relaxed);
        }
        let n = self.counts[0].fetch_add(1, Ordering::Relaxed) + 1;
        if std::env::var_os("PORTOLAN_FUZZ_CASES").is_some() && n == cases() as usize {
            eprintln!(
                "fuzz {}: {n} inputs, {} read and analysed, the rest refused with a located error",
                self.name,
                self.counts[1].load(Ordering::Relaxed)
            );
        }
    }
}

static MUTATED_PLANS: Stats = Stats::new("mutated plans");
static MUTATED_CATALOGS: Stats = Stats::new("mutated catalogs");
static BYTES: Stats = Stats::new("arbitrary bytes");
static CUT_PLANS: Stats = Stats::new("plans cut and extended");

/// Asserts `line` and `col` point into `text` (1-based; one past the end is fine).
fn assert_in(text: &[u8], line: usize, col: usize, message: &str) {
    let lines = text.split(|&b| b == b'\n').count();
    assert!(line >= 1 && col >= 1, "no position: {message}");
    assert!(line <= lines + 1, "line {line} of {lines}: {message}");
}

/// Reads `bytes` as a plan; on success runs the analysis and writes the CSV, and returns
/// true. Asserts that any error is located.
fn plan_round(bytes: &[u8], catalog: &Catalog) -> bool {
    let result = decode_text(bytes.to_vec(), "fuzzed.ron")
        .map_err(PlanError::from)
        .and_then(|text| parse_plan(&text, "fuzzed.ron", catalog));
    match result {
        Ok(plan) => {
            let analysis = analyze(&plan, catalog);
            let mut csv = Vec::new();
            write_csv(&mut csv, &plan, catalog, &analysis).expect("writes to memory");
            assert!(csv.starts_with(b"firewall,"));
            for p in &analysis.problems {
                assert!(!p.message.contains(['\n', '\r']), "{p}");
            }
            return true;
        }
        Err(PlanError::Syntax {
            line,
            col,
            ref message,
            ..
        }) => {
            assert_in(bytes, line, col, message);
        }
        Err(PlanError::Read(ReadError::Utf8 { line, col, .. })) => {
            assert_in(bytes, line, col, "UTF-8");
        }
        Err(PlanError::Invalid { ref problem, .. }) => {
            assert!(
                problem.contains('`') || problem.contains(" id "),
                "names no object: {problem}"
            );
            assert!(!problem.contains(['\n', '\r']), "{problem}");
        }
        Err(PlanError::NewerVersion { .. }) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
    false
}

/// Reads `bytes` as a whole catalog; on success reads and analyses the example plans
/// with it, and returns true. Asserts that any error is located.
fn catalog_round(bytes: &[u8]) -> bool {
    let text = match decode_text(bytes.to_vec(), "fuzzed catalog") {
        Ok(text) => text,
        Err(ReadError::Utf8 { line, col, .. }) => {
            assert_in(bytes, line, col, "UTF-8");
            return false;
        }
        Err(e) => panic!("unexpected error: {e}"),
    };
    match Catalog::from_source(&text, "fuzzed catalog") {
        Ok(catalog) => {
            for name in PLANS {
                plan_round(example_text(name).as_bytes(), &catalog);
            }
            return true;
        }
        Err(CatalogError::Parse { source, .. }) => {
            assert_in(bytes, source.line, source.col, &source.message);
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains('`'), "names nothing: {message}");
            assert!(!message.contains(['\n', '\r']), "{message}");
        }
    }
    false
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_plans_never_panic_and_errors_are_located(
        which in 0..PLANS.len(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let bytes = apply(&example_text(PLANS[which]), &mutations);
        MUTATED_PLANS.record(plan_round(&bytes, &catalog()));
    }

    #[test]
    fn mutated_catalogs_never_panic_and_errors_are_located(
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        MUTATED_CATALOGS.record(catalog_round(&apply(portolan::catalog::BUILTIN_SOURCE, &mutations)));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let plan = plan_round(&bytes, &catalog());
        BYTES.record(catalog_round(&bytes) || plan);
    }

    #[test]
    fn plans_and_catalogs_cut_into_any_text_never_panic(
        which in 0..PLANS.len(),
        cut in any::<Index>(),
        tail in "\\PC{0,40}",
    ) {
        let text = example_text(PLANS[which]);
        let mut end = cut.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let bytes = format!("{}{tail}", &text[..end]).into_bytes();
        CUT_PLANS.record(plan_round(&bytes, &catalog()));
    }
}

#[test]
fn the_tokenizer_gives_the_text_back() {
    for name in PLANS {
        let text = example_text(name);
        let joined: String = tokens(&text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(joined, text);
    }
    let t = tokens("(id: -12, name: \"a\\\"b\", x: 1.5e3)");
    let kinds: Vec<Kind> = t
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| *k != Kind::Other)
        .collect();
    assert_eq!(
        kinds,
        [
            Kind::Ident,
            Kind::Number,
            Kind::Ident,
            Kind::Str,
            Kind::Ident,
            Kind::Number
        ]
    );
}
