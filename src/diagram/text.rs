//! Text widths without a font at hand: a conservative estimate, so text the SVG places
//! (badges, elided names, labels along arrows) fits whatever font the viewer picks from
//! the fallback list.

use std::borrow::Cow;

/// `1 rule`, `2 rules`: a count and its noun, in the plural unless the count is one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The estimated width of `s` at font size `size`: per character, the widest of the
/// usual fonts (Segoe UI, DejaVu Sans, Arial) for its class, or 0.62 em in monospace.
pub fn width(s: &str, size: f32, mono: bool) -> f32 {
    if mono {
        return s.chars().count() as f32 * 0.62 * size;
    }
    s.chars().map(em).sum::<f32>() * size
}

fn em(c: char) -> f32 {
    match c {
        'i' | 'l' | 'j' | 'I' | '!' | '.' | ',' | ':' | ';' | '\'' | '|' => 0.3,
        'f' | 't' | 'r' | '1' | '(' | ')' | '[' | ']' | '-' | ' ' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.95,
        'A'..='Z' => 0.72,
        '0'..='9' => 0.64,
        'a'..='z' | '_' | '#' | '/' | '·' => 0.6,
        _ => 0.75,
    }
}

/// `s` cut to fit `max` units with an ellipsis, or whole when it fits.
pub fn elide(s: &str, size: f32, mono: bool, max: f32) -> Cow<'_, str> {
    if width(s, size, mono) <= max {
        return Cow::Borrowed(s);
    }
    let room = max - width("…", size, mono);
    let mut used = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        let w = if mono { 0.62 * size } else { em(c) * size };
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_fit() {
        let s = "a very long server name that does not fit on a card";
        let cut = elide(s, 14.0, false, 150.0);
        assert!(
            cut.ends_with('…') && width(&cut, 14.0, false) <= 150.0,
            "{cut}"
        );
        assert_eq!(elide("dc01", 14.0, false, 150.0), "dc01");
    }
}
