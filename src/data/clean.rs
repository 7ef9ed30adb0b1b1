//! Cleaning untrusted text so that nothing from a data file can drive the terminal.
//!
//! A data file can carry escape sequences (`"\u{1b}[2J"` clears the screen, OSC 52 writes
//! the clipboard, OSC 8 makes hyperlinks) and bidirectional overrides that make text read
//! differently from how it is stored. Everything loaded is cleaned once, here, before any
//! view sees it.
//!
//! Text is also kept to characters whose width terminals agree on, so that data cannot
//! push a pane's border out of its column: emoji variation selectors are dropped (with
//! U+FE0F, ratatui 0.30 writes the emoji's hidden second cell right after it, and a
//! terminal that draws the emoji two columns wide shifts the rest of the row; with U+FE0E,
//! ratatui counts one column where most terminals draw two).

/// Unicode bidirectional controls: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Invisible characters that only serve to hide or disguise text on a terminal: zero-width
/// spaces, invisible operators, deprecated format controls, interlinear annotations and
/// tag characters (which can smuggle a whole invisible sentence). The zero-width joiner is
/// kept: emoji sequences need it.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Emoji presentation selectors, on which terminals and ratatui disagree about width.
fn is_presentation_selector(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}')
}

/// Other variation selectors: one after a character is legitimate (an ideographic
/// variant); a run of them is a way to hide data in invisible characters.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0D}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters removed wherever they are (escape sequences aside, which go whole).
fn is_dropped(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible_format(c) || is_presentation_selector(c)
}

/// Skips the rest of an escape sequence that began with ESC (or a C1 introducer), so that
/// its parameters (`[2J`, `]0;title`) do not show up as garbage.
fn skip_escape_sequence(introducer: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Normalise 7-bit ESC forms to their C1 meaning.
    let kind = if introducer == '\u{1b}' {
        match chars.peek().copied() {
            Some('[') => {
                chars.next();
                '\u{9b}'
            }
            Some(']') => {
                chars.next();
                '\u{9d}'
            }
            Some('P') | Some('X') | Some('^') | Some('_') => {
                chars.next();
                '\u{90}'
            }
            Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
                // A two-character escape such as ESC c (reset): drop the final byte too.
                chars.next();
                return;
            }
            _ => return,
        }
    } else {
        introducer
    };
    match kind {
        // CSI: parameter and intermediate bytes, then one final byte in @..~.
        '\u{9b}' => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
                if !('\u{20}'..='\u{3f}').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \ or U+9C).
        _ => {
            while let Some(c) = chars.next() {
                match c {
                    '\u{07}' | '\u{9c}' => break,
                    '\u{1b}' => {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Returns `text` made safe for a terminal: escape sequences removed whole, other control
/// characters, bidirectional controls, invisible format characters and emoji presentation
/// selectors dropped, a run of variation selectors cut to its first, and runs of whitespace
/// (newlines and tabs included) collapsed to one space, trimmed at both ends.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' | '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_escape_sequence(c, &mut chars);
            }
            c if c.is_whitespace() => pending_space = true,
            c if is_dropped(c) => {}
            c if is_variation_selector(c)
                && out.chars().next_back().is_none_or(is_variation_selector) => {}
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Cleans `text` in place, allocating only when something must change.
pub fn clean_in_place(text: &mut String) {
    let mut previous_selects = false;
    let needs_cleaning = text.chars().any(|c| {
        let selects = is_variation_selector(c);
        let repeated = selects && previous_selects;
        previous_selects = selects;
        is_dropped(c) || repeated || (c.is_whitespace() && c != ' ')
    }) || text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains("  ")
        || text.starts_with(is_variation_selector);
    if needs_cleaning {
        *text = clean_text(text);
    }
}

/// Writes `text` for a message about it (a diagnostic quoting a rejected value): every
/// control, bidirectional, invisible or selector character becomes a RON escape such as
/// `\u{1b}`, so the reader sees what the file holds and the terminal is driven by none of it.
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dropped(c) || is_variation_selector(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Makes one line of raw file text safe to echo in a diagnostic, keeping its length in
/// characters so that a caret placed by column still points at the right place.
pub fn printable_line(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if is_dropped(c) || is_variation_selector(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_csi_sequences_whole() {
        assert_eq!(clean_text("\u{1b}[2J\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(clean_text("a\u{9b}1;2Hb"), "ab");
    }

    #[test]
    fn removes_osc_title_clipboard_and_hyperlinks() {
        assert_eq!(clean_text("\u{1b}]0;pwned\u{07}title"), "title");
        assert_eq!(clean_text("x\u{1b}]52;c;ZXZpbA==\u{1b}\\y"), "xy");
        assert_eq!(
            clean_text("\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
    }

    #[test]
    fn removes_bidi_overrides_and_invisible_characters() {
        assert_eq!(clean_text("abc\u{202E}fed\u{202C}"), "abcfed");
        assert_eq!(clean_text("a\u{2066}b\u{2069}\u{200B}c"), "abc");
    }

    #[test]
    fn keeps_accents_wide_characters_and_emoji() {
        assert_eq!(
            clean_text("Société 日本 👩\u{200D}💻"),
            "Société 日本 👩\u{200D}💻"
        );
    }

    #[test]
    fn collapses_whitespace_and_control_characters() {
        assert_eq!(clean_text("  two\n\t lines\r\n "), "two lines");
        assert_eq!(clean_text("bell\u{07}\u{08}\u{7f}"), "bell");
    }

    #[test]
    fn clean_in_place_matches_clean_text() {
        for sample in ["plain", " lead", "a  b", "x\u{1b}[1my", "ok\u{202E}"] {
            let mut text = sample.to_string();
            clean_in_place(&mut text);
            assert_eq!(text, clean_text(sample));
        }
    }

    #[test]
    fn printable_line_keeps_columns() {
        let line = "a\u{1b}[2Jb\u{202E}";
        let printable = printable_line(line);
        assert_eq!(printable.chars().count(), line.chars().count());
        assert!(!printable.contains('\u{1b}'));
    }
}
