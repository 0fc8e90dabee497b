//! User-given names and ids inside messages: quoted in backticks, with control characters
//! (and other invisible ones) escaped, so a name holding a newline cannot forge a line of
//! `portolan check` output, nor hide what it holds.

use std::borrow::Cow;
use std::fmt;

/// `name` as messages show it: `` `dc01` ``, `` `evil\nerror: forged` ``.
pub fn quoted(name: &str) -> Quoted<'_> {
    Quoted(name)
}

/// See [`quoted`].
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`")?;
        for c in self.0.chars() {
            match c {
                // Quotes read fine inside backticks: keep them as typed.
                '\'' | '"' => f.write_fmt(format_args!("{c}"))?,
                '`' => f.write_str("\\`")?,
                // Escapes control characters, backslashes, and characters that print
                // nothing or change the text's direction (as `\u{202e}`).
                c => f.write_fmt(format_args!("{}", c.escape_debug()))?,
            }
        }
        f.write_str("`")
    }
}

/// `text` fit for one line of a script or a comment: control characters (a newline would
/// end the line or the comment) become spaces. Borrows when nothing changes.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `name` fit for a file name: letters, digits, `-`, `_` and `.`, others as `_`; an
/// empty result or one starting with `.` (a hidden file) gets `fallback` in front.
pub fn file_word(name: &str, fallback: &str) -> String {
    let w: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if w.is_empty() || w.starts_with('.') {
        format!("{fallback}{w}")
    } else {
        w
    }
}

/// `text` as a single-quoted PowerShell string: nothing inside is expanded; each quote
/// is doubled, including the typographic single quotes PowerShell also takes for `'`;
/// control characters become spaces, so a string stays on its line.
pub fn powershell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let plain = |c: char| !is_quote(c) && !c.is_control();
    if text.chars().all(plain) {
        out.push_str(text);
        out.push('\'');
        return out;
    }
    for c in text.chars() {
        match c {
            c if is_quote(c) => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The characters PowerShell reads as a single quote.
fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}')
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn control_characters_show_escaped() {
        assert_eq!(quoted("dc01").to_string(), "`dc01`");
        assert_eq!(quoted("Bob's \"PC\"").to_string(), "`Bob's \"PC\"`");
        assert_eq!(
            quoted("x\nerror: forged").to_string(),
            "`x\\nerror: forged`"
        );
        assert_eq!(
            quoted("a\tb\r\u{1b}[31m").to_string(),
            "`a\\tb\\r\\u{1b}[31m`"
        );
        assert_eq!(
            quoted("right\u{202e}left").to_string(),
            "`right\\u{202e}left`"
        );
        assert_eq!(quoted("a`b\\").to_string(), "`a\\`b\\\\`");
        assert_eq!(quoted("Zürich 東京").to_string(), "`Zürich 東京`");
    }
}
