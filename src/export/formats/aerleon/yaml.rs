//! The few YAML shapes Aerleon reads, written by hand: scalars, literal blocks and
//! comments.
//!
//! Aerleon reads its files with PyYAML, a YAML 1.1 reader: there `yes`, `off`, `1:30`
//! and `1_000` are not strings. A scalar is therefore written plain only when both YAML
//! 1.1 and 1.2 read it as the same string (a word starting with a letter that is no
//! boolean or null, or a network with its `/`); everything else is double-quoted.
//! The YAML crates for Rust follow YAML 1.2 and leave such values plain, and their
//! emitters are about six times too slow for the 10,000-node plan (2 s for 56 MB).

use std::fmt::Write as _;

/// Free text (names, services, references) made safe to write anywhere: one line,
/// control characters and line separators as spaces, runs of spaces as one, `"` as `'`
/// (iptables comments drop it) and `*/` broken (it would end a Juniper comment).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '"' => '\'',
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}') =>
            {
                ' '
            }
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c == '/' && out.ends_with('*') {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether YAML 1.1 and 1.2 both read `text`, written plain, as this very string.
fn plain_ok(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let charset = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | ' '));
    if !charset || text.ends_with([' ', ':']) || text.contains(": ") || text.contains("  ") {
        return false;
    }
    if first.is_ascii_alphabetic() {
        // Words YAML 1.1 reads as booleans or null; letters first rule out numbers,
        // timestamps and the special floats.
        const KEYWORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
        return !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(text));
    }
    // A network: no number, timestamp, boolean or null has a `/`.
    text.contains('/') && !text.contains(' ')
}

/// Writes `text` as a scalar: plain when that reads back as the same string, otherwise
/// double-quoted with escapes.
pub fn scalar(out: &mut String, text: &str) {
    if plain_ok(text) {
        out.push_str(text);
    } else {
        quoted(out, text);
    }
}

/// Writes `text` double-quoted, escaping `\`, `"` and characters YAML does not allow
/// as they are.
pub fn quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes `lines` (each [`clean`], the first not starting with a space) as a literal
/// block: `|-`, then each line indented by `indent` spaces.
pub fn literal(out: &mut String, indent: usize, lines: &str) {
    out.push_str("|-");
    for line in lines.lines() {
        out.push('\n');
        for _ in 0..indent {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.push('\n');
}

/// Writes `text` as a YAML comment line (`# text`), after [`clean`].
pub fn comment(out: &mut String, text: &str) {
    out.push_str("# ");
    out.push_str(&clean(text));
    out.push('\n');
}

/// `text` broken at spaces into lines of at most `width` characters; lines after the
/// first start with two spaces. A word longer than a line is cut. Lines are joined
/// with `\n` onto `out`.
pub fn wrap(out: &mut String, text: &str, width: usize) {
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word;
        loop {
            let n = word.chars().count();
            if len > 0 && len + 1 + n <= width {
                out.push(' ');
                out.push_str(word);
                len += 1 + n;
                break;
            }
            if len > 0 {
                out.push_str("\n  ");
                len = 2;
            }
            if len + n <= width {
                out.push_str(word);
                len += n;
                break;
            }
            // Longer than a whole line: cut it.
            let cut = word
                .char_indices()
                .nth(width.saturating_sub(len).max(1))
                .map_or(word.len(), |(i, _)| i);
            out.push_str(&word[..cut]);
            len += word[..cut].chars().count();
            word = &word[cut..];
            if word.is_empty() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        let mut out = String::new();
        scalar(&mut out, text);
        out
    }

    #[test]
    fn words_yaml_1_1_reads_otherwise_are_quoted() {
        for v in [
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "true",
            "null",
            "1:30",
            "1_000",
            "0x1F",
            "12e3",
            "2001-01-31",
            "443",
            ".inf",
            "~",
            "",
            "-",
            "a: b",
            "a:",
            "#x",
            "@x",
            "'q",
            "x y ",
            "1:2:3:4:5:6:7:8",
            "from-zone a  to-zone b",
        ] {
            assert!(s(v).starts_with('"'), "{v} -> {}", s(v));
        }
        for v in [
            "rdgw01_to_dc01_tcp",
            "TCP_49152-65535",
            "10.0.1.10/32",
            "2001:db8::10/128",
            "from-zone internet to-zone perimeter",
            "FORWARD DROP",
            "includes/edge/internet_to_perimeter.yaml",
            "activation.sls.microsoft.com",
            "yesterday",
        ] {
            assert_eq!(s(v), v);
        }
        assert_eq!(s("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
        assert_eq!(s("x\u{2028}"), r#""x\u2028""#);
    }

    #[test]
    fn free_text_becomes_one_safe_line() {
        assert_eq!(
            clean("  Büro \"A\"\n\t*/x \u{85}end  "),
            "Büro 'A' * /x end"
        );
    }

    #[test]
    fn long_text_wraps_at_spaces_and_cuts_long_words() {
        let mut out = String::new();
        wrap(&mut out, "aaa bbb ccc dddddddddddd e", 9);
        assert_eq!(out, "aaa bbb\n  ccc\n  ddddddd\n  ddddd e");
        assert!(out.lines().all(|l| l.chars().count() <= 9));
    }
}
