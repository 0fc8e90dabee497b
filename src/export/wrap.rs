//! Breaking comment text into lines for the formats whose comments have a length limit
//! or read best short (ASA remarks, PowerShell comments).

/// `text` broken into lines of at most `width` bytes, at spaces where it can (a longer
/// word is cut, at a character boundary); lines after the first start with `indent`.
/// Runs of spaces count as one. Always at least one line.
pub(crate) fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let bare = |lines: &Vec<String>| if lines.is_empty() { 0 } else { indent.len() };
    for mut word in text.split(' ').filter(|w| !w.is_empty()) {
        loop {
            let has_text = line.len() > bare(&lines);
            let needed = line.len() + usize::from(has_text) + word.len();
            if needed <= width {
                if has_text {
                    line.push(' ');
                }
                line.push_str(word);
                break;
            }
            if !has_text {
                let mut cut = width.saturating_sub(line.len()).max(1).min(word.len());
                while !word.is_char_boundary(cut) {
                    cut -= 1;
                }
                if cut == 0 {
                    cut = word.chars().next().map_or(word.len(), char::len_utf8);
                }
                let (head, rest) = word.split_at(cut);
                line.push_str(head);
                word = rest;
            }
            lines.push(std::mem::replace(&mut line, indent.to_owned()));
            if word.is_empty() {
                break;
            }
        }
    }
    if line.len() > bare(&lines) || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn lines_fit_and_keep_every_word() {
        let text = "member-dc-kerberos, ".repeat(12);
        let lines = wrap(&text, 100, "  ");
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 100), "{lines:?}");
        assert!(lines[1].starts_with("  member"));
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.join(" "), text.trim_end());
    }

    #[test]
    fn long_words_are_cut_at_character_boundaries() {
        let long = "x".repeat(250);
        let lines = wrap(&long, 100, "  ");
        assert!(lines.iter().all(|l| l.len() <= 100), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), long);
        let accents = "é".repeat(60);
        let lines = wrap(&accents, 9, "");
        assert!(
            lines.iter().all(|l| l.len() <= 9 && !l.is_empty()),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), accents);
        assert_eq!(wrap("", 10, ""), [""]);
    }
}
