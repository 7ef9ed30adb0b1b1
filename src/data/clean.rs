//! Cleaning untrusted text so that nothing from a data file can drive the terminal.
//!
//! A data file can carry escape sequences (`"\u{1b}[2J"` clears the screen, OSC 52 writes
//! the clipboard, OSC 8 makes hyperlinks) and bidirectional overrides that make text read
//! differently from how it is stored. Everything loaded is cleaned once, here, before any
//! view sees it.
//!
//! Text is also kept to characters whose width terminals agree on, so that data cannot
//! push a pane's border out of its column:
//! - emoji variation selectors are dropped: with U+FE0F, ratatui 0.30 writes the emoji's
//!   hidden second cell right after it, and a terminal that draws the emoji two columns
//!   wide shifts the rest of the row; with U+FE0E, ratatui counts one column where most
//!   terminals draw two;
//! - emoji are not fused: a zero-width joiner or a skin-tone modifier that would make
//!   several emoji one (👩‍💻, 👍🏽) is dropped. ratatui measures the fused emoji as two
//!   columns, but terminals that draw code point by code point (xterm, the Linux console,
//!   many multiplexers) draw every part, over the border. Apart, each emoji is two columns
//!   everywhere. A joiner between letters (Indic scripts) changes no width and is kept.

use super::model::Text;

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
/// not among them: scripts need it (see `fuses` for emoji).
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

/// True when `joiner` (a zero-width joiner or a skin-tone modifier) between `before` and
/// `after` fuses them into one grapheme that is narrower, measured whole as ratatui does,
/// than its parts drawn one by one as many terminals do.
fn fuses(before: Option<char>, joiner: char, after: Option<char>) -> bool {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let is_modifier = matches!(joiner, '\u{1F3FB}'..='\u{1F3FF}');
    if joiner != '\u{200D}' && !is_modifier {
        return false;
    }
    let Some(before) = before else {
        return false;
    };
    let after = if is_modifier { None } else { after };
    let mut run = String::with_capacity(12);
    run.extend([before, joiner].into_iter().chain(after));
    let apart: usize = run.chars().map(|c| c.width().unwrap_or(0)).sum();
    run.width() != apart
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
            c if fuses(
                if pending_space {
                    Some(' ')
                } else {
                    out.chars().next_back()
                },
                c,
                chars.peek().copied(),
            ) => {}
            // A selector belongs to the character before it: none, a space or another
            // selector means there is nothing for it to select.
            c if is_variation_selector(c)
                && (pending_space || out.chars().next_back().is_none_or(is_variation_selector)) => {
            }
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
pub fn clean_in_place(text: &mut Text) {
    if needs_cleaning(text) {
        *text = clean_text(text).into();
    }
}

/// True when `clean_text` would change `text`.
fn needs_cleaning(text: &str) -> bool {
    if text.starts_with(' ') || text.ends_with(' ') || text.contains("  ") {
        return true;
    }
    // Printable ASCII, the bulk of any real file, has nothing else to clean.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return false;
    }
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A variation selector needs a character before it, not a space or another one.
        let stray_selector = is_variation_selector(c)
            && previous.is_none_or(|p| p.is_whitespace() || is_variation_selector(p));
        if is_dropped(c)
            || stray_selector
            || (c.is_whitespace() && c != ' ')
            || fuses(previous, c, chars.peek().copied())
        {
            return true;
        }
        previous = Some(c);
    }
    false
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
        assert_eq!(clean_text("Société 日本 👩 💻 🇯🇵"), "Société 日本 👩 💻 🇯🇵");
    }

    #[test]
    fn unfuses_emoji_but_keeps_joiners_between_letters() {
        // One grapheme two columns wide for ratatui, eight or four for many terminals.
        assert_eq!(clean_text("👨\u{200D}👩\u{200D}👧\u{200D}👦"), "👨👩👧👦");
        assert_eq!(clean_text("👍🏽 ok"), "👍 ok");
        assert_eq!(clean_text("👩🏽\u{200D}💻"), "👩💻");
        // Without its selector the white flag is narrow and the joiner no longer fuses.
        assert_eq!(clean_text("🏳\u{FE0F}\u{200D}🌈"), "🏳\u{200D}🌈");
        // A lone modifier is a colour swatch, as wide everywhere.
        assert_eq!(clean_text("tone 🏽"), "tone 🏽");
        // Devanagari: the joiner shapes the conjunct and changes no width.
        assert_eq!(clean_text("क्\u{200D}ष"), "क्\u{200D}ष");
        for sample in ["👩\u{200D}💻", "👍🏽", "tone 🏽", "क्\u{200D}ष", "a\u{200D}"]
        {
            let mut text = Text::from(sample);
            clean_in_place(&mut text);
            assert_eq!(text, clean_text(sample), "{sample:?}");
        }
    }

    #[test]
    fn collapses_whitespace_and_control_characters() {
        assert_eq!(clean_text("  two\n\t lines\r\n "), "two lines");
        assert_eq!(clean_text("bell\u{07}\u{08}\u{7f}"), "bell");
    }

    #[test]
    fn clean_in_place_matches_clean_text() {
        for sample in [
            "plain",
            " lead",
            "a  b",
            "x\u{1b}[1my",
            "ok\u{202E}",
            "❤\u{FE0F}",
            "tag\u{E0041}",
        ] {
            let mut text = Text::from(sample);
            clean_in_place(&mut text);
            assert_eq!(text, clean_text(sample));
        }
    }

    #[test]
    fn removes_invisible_operators_annotations_and_tag_characters() {
        assert_eq!(clean_text("a\u{2061}b\u{206A}c"), "abc");
        assert_eq!(
            clean_text("x\u{FFF9}base\u{FFFA}note\u{FFFB}y"),
            "xbasenotey"
        );
        // Tag characters can spell a whole invisible sentence ("ASCII smuggling").
        assert_eq!(clean_text("ok\u{E0001}\u{E0049}\u{E0047}\u{E007F}"), "ok");
    }

    #[test]
    fn drops_emoji_presentation_selectors() {
        // Terminals and ratatui disagree on the width of these; without them all agree.
        assert_eq!(clean_text("❤\u{FE0F} 🌪\u{FE0F} ⌚\u{FE0E}"), "❤ 🌪 ⌚");
        assert_eq!(clean_text("1\u{FE0F}\u{20E3} keycap"), "1\u{20E3} keycap");
    }

    #[test]
    fn keeps_one_variation_selector_but_not_a_run() {
        // An ideographic variant keeps its selector; a run hides data.
        assert_eq!(clean_text("葛\u{E0100}飾"), "葛\u{E0100}飾");
        assert_eq!(clean_text("a\u{E0100}\u{E0101}\u{FE00}b"), "a\u{E0100}b");
        assert_eq!(clean_text("\u{FE00}start"), "start");
        assert_eq!(clean_text("a \u{FE00}b"), "a b");
        for sample in [
            "葛\u{E0100}",
            "a\u{FE00}\u{FE01}",
            "\u{FE00}x",
            "a \u{FE00}b",
        ] {
            let mut text = Text::from(sample);
            clean_in_place(&mut text);
            assert_eq!(text, clean_text(sample));
        }
    }

    #[test]
    fn escape_for_terminal_shows_what_it_hides() {
        assert_eq!(
            escape_for_terminal("\u{1b}]0;x\u{7}\u{202E}ok\u{9b}"),
            "\\u{1b}]0;x\\u{7}\\u{202e}ok\\u{9b}"
        );
        assert_eq!(escape_for_terminal("Société 日本"), "Société 日本");
    }

    #[test]
    fn printable_line_keeps_columns() {
        let line = "a\u{1b}[2Jb\u{202E}";
        let printable = printable_line(line);
        assert_eq!(printable.chars().count(), line.chars().count());
        assert!(!printable.contains('\u{1b}'));
    }
}
