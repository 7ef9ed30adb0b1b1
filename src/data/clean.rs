//! Cleaning untrusted text so that nothing from a data file can drive the terminal.
//!
//! A data file can carry escape sequences (`"\u{1b}[2J"` clears the screen, OSC 52 writes
//! the clipboard, OSC 8 makes hyperlinks) and bidirectional overrides that make text read
//! differently from how it is stored. Everything loaded is cleaned once, here, before any
//! view sees it.
//!
//! Text is also kept to characters whose width terminals agree on, so that data cannot
//! push a pane's border out of its column or leave stale cells behind: each grapheme that
//! is left is as wide for ratatui (`unicode-width`) as for a terminal that draws code point
//! by code point with the C library's `wcwidth` (xterm, tmux, the Linux console, VTE):
//! - text is put in Unicode's composed form (NFC), so a decomposed accent is one character;
//! - emoji variation selectors are dropped: with U+FE0F, ratatui 0.30 writes the emoji's
//!   hidden second cell right after it, and a terminal that draws the emoji two columns
//!   wide shifts the rest of the row; with U+FE0E, ratatui counts one column where most
//!   terminals draw two. A variation selector after a curly quote (which makes the quote
//!   two columns wide for ratatui alone) is dropped too;
//! - zero-width joiners are dropped: ratatui measures a joined emoji as two columns where
//!   terminals draw every part, and tmux draws the letter after a joiner in the joiner's
//!   cell (`क्‍ष` takes one column there, two for ratatui). Skin-tone modifiers are dropped
//!   for the same reason (👍🏽 → 👍), and because even after a letter or a space one makes a
//!   single grapheme of two characters that take columns;
//! - regional-indicator letters become plain capitals, so a flag 🇯🇵 reads `JP`: terminals
//!   draw a flag in two columns or in four;
//! - Thai and Lao SARA AM (U+0E33, U+0EB3) are written as their two parts (NIKHAHIT and
//!   SARA AA), which every terminal measures alike;
//! - a half-width katakana voiced mark (U+FF9E, U+FF9F) is joined with the katakana before
//!   it (`ｶﾞ` → `ガ`), or else becomes the full-width mark (`゛`, `゜`);
//! - Hangul fillers, zero-width format marks that some terminals draw, and a few other
//!   invisible marks that terminals measure differently are dropped;
//! - characters that are not assigned (private use and noncharacters included), that were
//!   added to Unicode after version 14.0 (older terminals do not know them and draw them in
//!   no column or one), or that are symbols `unicode-width` and `wcwidth` measure
//!   differently (Tai Xuan Jing and yijing symbols, counting rods, circled numbers on black
//!   squares) become U+FFFD `�`; two deprecated Khmer signs become the letters Unicode
//!   recommends instead.
//!
//! Left as they are: the spacing vowel signs and viramas of a few Brahmic scripts (Tamil
//! `ா` U+0BBE, Bengali `ৗ`, Kannada `ೀ`, Sinhala `ා`, Balinese, Javanese and others) that
//! `unicode-width` counts as no column and `wcwidth` as one. They are letters: dropping
//! them would change the word. `docs/data-format.md` lists all of this for data authors.

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
/// tag characters (which can smuggle a whole invisible sentence).
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

/// Invisible characters whose width terminals disagree on: the zero-width joiner (tmux
/// draws the letter after it in its cell, and ratatui measures joined emoji whole), the
/// Hangul fillers (two columns, one or none), prepended concatenation marks that
/// `unicode-width` counts as no column and `wcwidth` as one, the Tifinagh consonant joiner,
/// the Hangul tone marks, Egyptian hieroglyph format controls and the Vietnamese reading
/// marks for Han characters. The prepended concatenation marks (Arabic number signs and
/// their kin) also make one grapheme of themselves and the digit after them, which
/// ratatui draws in one cell and terminals in two.
fn is_width_unstable_format(c: char) -> bool {
    matches!(
        c,
        '\u{200D}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{0600}'..='\u{0605}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'
            | '\u{0891}'
            | '\u{08E2}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{2D7F}'
            | '\u{302E}'
            | '\u{302F}'
            | '\u{13430}'..='\u{13438}' | '\u{16FF0}' | '\u{16FF1}'
    )
}

/// Symbols that `unicode-width` draws two columns wide (or none) and `wcwidth` one: the
/// yijing trigrams and monograms, circled numbers on black squares, the Devanagari caret,
/// musical combining stems and flags, Tai Xuan Jing symbols and counting rods.
fn is_width_unstable_symbol(c: char) -> bool {
    matches!(
        c,
        '\u{2630}'..='\u{2637}'
            | '\u{268A}'..='\u{268F}'
            | '\u{3248}'..='\u{324F}'
            | '\u{A8FA}'
            | '\u{1D165}'..='\u{1D166}'
            | '\u{1D16D}'..='\u{1D172}'
            | '\u{1D300}'..='\u{1D356}'
            | '\u{1D360}'..='\u{1D376}'
    )
}

/// Characters assigned after Unicode 14.0, as ranges: the C library of Debian 12 (glibc
/// 2.36, which tmux 3.3a and most terminals there measure with) does not know them and
/// draws them in no column or one, where `unicode-width` gives them their real width.
/// Made by `tests/widths.rs` (`cargo test --test widths -- --ignored --nocapture
/// print_newer_than_terminals`): the characters `is_public_assigned` knows and that
/// glibc's `wcwidth` does not.
const NEWER_THAN_TERMINALS: &[(u32, u32)] = &[
    (0x0558, 0x0558),
    (0x058B, 0x058C),
    (0x05C8, 0x05C9),
    (0x088F, 0x088F),
    (0x0897, 0x0897),
    (0x0B53, 0x0B54),
    (0x0C5C, 0x0C5C),
    (0x0CDC, 0x0CDC),
    (0x0CF3, 0x0CF3),
    (0x0ECE, 0x0ECE),
    (0x1ACF, 0x1AF0),
    (0x1B4E, 0x1B4F),
    (0x1B7F, 0x1B7F),
    (0x1C89, 0x1C8A),
    (0x2028, 0x2029),
    (0x208F, 0x208F),
    (0x209D, 0x209F),
    (0x20C1, 0x20C4),
    (0x2427, 0x2429),
    (0x2B96, 0x2B96),
    (0x2E60, 0x2E63),
    (0x2FFC, 0x2FFF),
    (0x31E4, 0x31E5),
    (0x31EF, 0x31EF),
    (0xA7CB, 0xA7CF),
    (0xA7D2, 0xA7D2),
    (0xA7D4, 0xA7D4),
    (0xA7DA, 0xA7DD),
    (0xA7E2, 0xA7E2),
    (0xA7F1, 0xA7F1),
    (0xAB6C, 0xAB6D),
    (0xFBC3, 0xFBD2),
    (0xFD90, 0xFD91),
    (0xFDC8, 0xFDCE),
    (0x105C0, 0x105F3),
    (0x107BB, 0x107BF),
    (0x10940, 0x10959),
    (0x10D40, 0x10D65),
    (0x10D69, 0x10D85),
    (0x10D8E, 0x10D8F),
    (0x10EC2, 0x10EC7),
    (0x10EC9, 0x10EEE),
    (0x10EF0, 0x10EFF),
    (0x1123F, 0x11241),
    (0x11380, 0x11389),
    (0x1138B, 0x1138B),
    (0x1138E, 0x1138E),
    (0x11390, 0x113B5),
    (0x113B7, 0x113C0),
    (0x113C2, 0x113C2),
    (0x113C5, 0x113C5),
    (0x113C7, 0x113CA),
    (0x113CC, 0x113D5),
    (0x113D7, 0x113D8),
    (0x113E1, 0x113E2),
    (0x116D0, 0x116E3),
    (0x11B00, 0x11B0A),
    (0x11B60, 0x11B67),
    (0x11BC0, 0x11BE1),
    (0x11BF0, 0x11BF9),
    (0x11DB0, 0x11DDB),
    (0x11DE0, 0x11DE9),
    (0x11DF0, 0x11DF1),
    (0x11F00, 0x11F10),
    (0x11F12, 0x11F3A),
    (0x11F3E, 0x11F5A),
    (0x1246F, 0x1246F),
    (0x12475, 0x1247F),
    (0x12550, 0x12686),
    (0x1342F, 0x1342F),
    (0x13439, 0x13455),
    (0x13460, 0x143FA),
    (0x16100, 0x16139),
    (0x16D40, 0x16D79),
    (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3),
    (0x16FF2, 0x16FF6),
    (0x187F8, 0x187FF),
    (0x18CD6, 0x18CDA),
    (0x18CFF, 0x18CFF),
    (0x18D09, 0x18D20),
    (0x18D80, 0x18DF2),
    (0x18E00, 0x19191),
    (0x191A0, 0x191D2),
    (0x1B123, 0x1B128),
    (0x1B132, 0x1B132),
    (0x1B155, 0x1B155),
    (0x1B168, 0x1B168),
    (0x1CC00, 0x1CCFC),
    (0x1CD00, 0x1CEB3),
    (0x1CEBA, 0x1CED0),
    (0x1CED2, 0x1CED4),
    (0x1CEDD, 0x1CEFD),
    (0x1D127, 0x1D128),
    (0x1D1EB, 0x1D1FF),
    (0x1D250, 0x1D281),
    (0x1D2C0, 0x1D2D3),
    (0x1D6A6, 0x1D6A6),
    (0x1DB00, 0x1DB1C),
    (0x1DF1F, 0x1DF81),
    (0x1DF90, 0x1DF96),
    (0x1DFCD, 0x1DFFF),
    (0x1E030, 0x1E06D),
    (0x1E08F, 0x1E08F),
    (0x1E4D0, 0x1E4F9),
    (0x1E5D0, 0x1E5FA),
    (0x1E5FF, 0x1E5FF),
    (0x1E6C0, 0x1E6DE),
    (0x1E6E0, 0x1E6F5),
    (0x1E6FE, 0x1E6FF),
    (0x1F1AE, 0x1F1AE),
    (0x1F6D8, 0x1F6D9),
    (0x1F6DC, 0x1F6DC),
    (0x1F774, 0x1F77F),
    (0x1F7D9, 0x1F7DB),
    (0x1F7F1, 0x1F7FF),
    (0x1F8B2, 0x1F8BB),
    (0x1F8C0, 0x1F8C1),
    (0x1F8D0, 0x1F8D8),
    (0x1FA54, 0x1FA57),
    (0x1FA75, 0x1FA77),
    (0x1FA87, 0x1FA8F),
    (0x1FAAD, 0x1FAAF),
    (0x1FABB, 0x1FABF),
    (0x1FAC6, 0x1FAC6),
    (0x1FAC8, 0x1FAC8),
    (0x1FACC, 0x1FACF),
    (0x1FADA, 0x1FADD),
    (0x1FADF, 0x1FADF),
    (0x1FAE8, 0x1FAEB),
    (0x1FAEF, 0x1FAEF),
    (0x1FAF7, 0x1FAFA),
    (0x1FBCB, 0x1FBEF),
    (0x1FBFA, 0x1FBFA),
    (0x2B739, 0x2B73F),
    (0x2B81E, 0x2B81E),
    (0x2CEA2, 0x2CEAD),
    (0x2EBF0, 0x2EE5D),
    (0x31350, 0x33479),
    (0x3D000, 0x3FC3F),
];

/// True for a character in [`NEWER_THAN_TERMINALS`].
fn is_newer_than_terminals(c: char) -> bool {
    use std::cmp::Ordering;
    let c = u32::from(c);
    c >= NEWER_THAN_TERMINALS[0].0
        && NEWER_THAN_TERMINALS
            .binary_search_by(|&(start, end)| {
                if end < c {
                    Ordering::Less
                } else if start > c {
                    Ordering::Greater
                } else {
                    Ordering::Equal
                }
            })
            .is_ok()
}

/// Characters that become U+FFFD: unassigned ones (private use and noncharacters among
/// them), ones terminals do not know yet, and symbols terminals measure differently.
fn is_replaced(c: char) -> bool {
    !c.is_ascii()
        && (!unicode_normalization::char::is_public_assigned(c)
            || is_newer_than_terminals(c)
            || is_width_unstable_symbol(c))
}

/// How a character whose width terminals disagree on is written instead: SARA AM (Thai,
/// Lao) as its two parts, the deprecated Khmer QAA and BEYYAL as Unicode recommends.
fn respelling(c: char) -> Option<&'static str> {
    match c {
        '\u{0E33}' => Some("\u{0E4D}\u{0E32}"),
        '\u{0EB3}' => Some("\u{0ECD}\u{0EB2}"),
        '\u{17A4}' => Some("\u{17A2}\u{17B6}"),
        '\u{17D8}' => Some("\u{17D4}\u{179B}\u{17D4}"),
        _ => None,
    }
}

/// The capital letter a regional-indicator symbol stands for: a flag 🇯🇵 is written `JP`.
pub fn regional_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1F1E6)?;
    (offset < 26).then(|| char::from(b'A' + offset as u8))
}

/// The half-width katakana voiced (U+FF9E) and semi-voiced (U+FF9F) sound marks: ratatui
/// counts each as a column and `unicode-width` as none.
fn is_halfwidth_sound_mark(c: char) -> bool {
    matches!(c, '\u{FF9E}' | '\u{FF9F}')
}

/// The full-width katakana that half-width `letter` followed by the sound `mark` spells,
/// when there is one (`ｶ` `ﾞ` → `ガ`).
fn voiced(letter: char, mark: char) -> Option<char> {
    use unicode_normalization::char::{compose, decompose_compatible};
    if !('\u{FF66}'..='\u{FF9D}').contains(&letter) {
        return None;
    }
    let mut full = None;
    decompose_compatible(letter, |part| full = full.or(Some(part)));
    let combining = if mark == '\u{FF9E}' {
        '\u{3099}'
    } else {
        '\u{309A}'
    };
    compose(full?, combining)
}

/// The spacing full-width sound mark for a half-width one that joins no letter.
fn full_width_mark(mark: char) -> char {
    if mark == '\u{FF9E}' {
        '\u{309B}'
    } else {
        '\u{309C}'
    }
}

/// True for a Hangul leading consonant jamo.
fn is_leading_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115E}' | '\u{A960}'..='\u{A97C}')
}

/// True when `c`, a leading consonant jamo, has no vowel after it to make a syllable of:
/// with another consonant or a syllable after it, it makes one grapheme of two wide
/// characters, which ratatui draws as one cell four columns wide.
fn is_lone_leading_jamo(c: char, next: Option<char>) -> bool {
    is_leading_jamo(c)
        && !next.is_some_and(|n| matches!(n, '\u{1160}'..='\u{11A7}' | '\u{D7B0}'..='\u{D7C6}'))
}

/// The compatibility letters that stand alone for the modern leading jamo U+1100 to
/// U+1112, in order.
const STANDALONE_CONSONANTS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// `text` with each lone leading jamo written as the compatibility letter that stands
/// alone (`ᄀ` → `ㄱ`), or U+FFFD for an archaic one.
fn free_lone_jamo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_lone_leading_jamo(c, chars.peek().copied()) {
            let modern = (u32::from(c) - 0x1100) as usize;
            out.push(*STANDALONE_CONSONANTS.get(modern).unwrap_or(&'\u{FFFD}'));
        } else {
            out.push(c);
        }
    }
    out
}

/// True for a character that cleaning writes differently, whatever is around it.
fn is_rewritten(c: char) -> bool {
    !c.is_ascii()
        && (is_replaced(c)
            || respelling(c).is_some()
            || regional_letter(c).is_some()
            || is_halfwidth_sound_mark(c))
}

/// Curly quotes, which a variation selector makes two columns wide for `unicode-width`
/// alone.
fn is_curly_quote(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
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

/// True when a variation selector after `before` (`None` at the start, a space after
/// whitespace) has nothing to select, or would change the width of what it selects.
fn is_stray_selector(before: Option<char>, c: char) -> bool {
    is_variation_selector(c)
        && before.is_none_or(|b| b.is_whitespace() || is_variation_selector(b) || is_curly_quote(b))
}

/// Skin-tone modifiers. After an emoji one fuses with it into one grapheme that ratatui
/// measures as two columns and many terminals draw as four; after anything else (a space,
/// a letter) it still makes one grapheme of two characters that take columns, which
/// ratatui draws in one cell and terminals in several.
fn is_skin_tone(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// Characters removed wherever they are (escape sequences aside, which go whole).
fn is_dropped(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || is_invisible_format(c)
        || is_presentation_selector(c)
        || is_width_unstable_format(c)
        || is_skin_tone(c)
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
/// (newlines and tabs included) collapsed to one space, trimmed at both ends. Characters
/// whose width terminals disagree on are dropped or written otherwise (see the module's
/// documentation), and the result is in NFC.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        // What this character follows in the output: a space when one is pending.
        let before = if pending_space {
            Some(' ')
        } else {
            out.chars().next_back()
        };
        match c {
            '\u{1b}' | '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_escape_sequence(c, &mut chars);
            }
            c if c.is_whitespace() => pending_space = true,
            c if is_dropped(c) => {}
            // A selector belongs to the character before it: none, a space or another
            // selector means there is nothing for it to select.
            c if is_stray_selector(before, c) => {}
            c if is_halfwidth_sound_mark(c) => match before.and_then(|letter| voiced(letter, c)) {
                Some(joined) => {
                    out.pop();
                    out.push(joined);
                }
                None => push(&mut out, &mut pending_space, full_width_mark(c)),
            },
            c if is_replaced(c) => push(&mut out, &mut pending_space, '\u{FFFD}'),
            c => {
                if let Some(letter) = regional_letter(c) {
                    push(&mut out, &mut pending_space, letter);
                } else if let Some(parts) = respelling(c) {
                    for part in parts.chars() {
                        push(&mut out, &mut pending_space, part);
                    }
                } else {
                    push(&mut out, &mut pending_space, c);
                }
            }
        }
    }
    if !unicode_normalization::is_nfc(&out) {
        use unicode_normalization::UnicodeNormalization;
        out = out.nfc().collect();
    }
    if out.contains(is_leading_jamo) {
        out = free_lone_jamo(&out);
    }
    out
}

/// Adds `c` to `out`, after the space that is pending, if any (none at the start).
fn push(out: &mut String, pending_space: &mut bool, c: char) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
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
        if is_dropped(c)
            || is_stray_selector(previous, c)
            || (c.is_whitespace() && c != ' ')
            || is_rewritten(c)
            || is_lone_leading_jamo(c, chars.peek().copied())
        {
            return true;
        }
        previous = Some(c);
    }
    !unicode_normalization::is_nfc(text)
}

/// True for a character a message must not show as it is: one cleaning drops or rewrites.
fn is_escaped(c: char) -> bool {
    is_dropped(c) || is_variation_selector(c) || is_rewritten(c)
}

/// Writes `text` for a message about it (a diagnostic quoting a rejected value): every
/// control, bidirectional, invisible or selector character, and every one whose width
/// terminals disagree on, becomes a RON escape such as `\u{1b}`, so the reader sees what
/// the file holds and the terminal is driven by none of it.
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Makes one line of raw file text safe to echo in a diagnostic, keeping its length in
/// characters so that a caret placed by column still points at the right place: what
/// cleaning would drop or rewrite becomes U+FFFD, a regional indicator its letter.
pub fn printable_line(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if let Some(letter) = regional_letter(c) {
                letter
            } else if is_escaped(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A path as the app and its messages show it: escaped, since a file name is untrusted
/// text like any other (it may hold escape sequences or bidirectional overrides).
pub fn shown_path(path: &std::path::Path) -> String {
    escape_for_terminal(&path.display().to_string())
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
            clean_text("Société 日本 👩 💻 雙尾蠍"),
            "Société 日本 👩 💻 雙尾蠍"
        );
    }

    /// Checks `clean_in_place` agrees with `clean_text` on each sample, and that cleaning
    /// twice changes nothing more.
    fn agrees_in_place(samples: &[&str]) {
        for sample in samples {
            let mut text = Text::from(*sample);
            clean_in_place(&mut text);
            assert_eq!(text, clean_text(sample), "{sample:?}");
            let mut again = text.clone();
            clean_in_place(&mut again);
            assert_eq!(again, text, "cleaning {sample:?} twice");
        }
    }

    #[test]
    fn unfuses_emoji_and_drops_every_joiner() {
        // One grapheme two columns wide for ratatui, eight or four for many terminals.
        assert_eq!(clean_text("👨\u{200D}👩\u{200D}👧\u{200D}👦"), "👨👩👧👦");
        assert_eq!(clean_text("👍🏽 ok"), "👍 ok");
        assert_eq!(clean_text("👩🏽\u{200D}💻"), "👩💻");
        assert_eq!(clean_text("🏳\u{FE0F}\u{200D}🌈"), "🏳🌈");
        // Even after a space or a letter a modifier makes one grapheme with it.
        assert_eq!(clean_text("tone 🏽 J🏽"), "tone J");
        // Devanagari: tmux draws the letter after a joiner in the joiner's cell (one
        // column where ratatui counts two); without it the conjunct is two columns
        // everywhere and reads the same.
        assert_eq!(clean_text("क्\u{200D}ष Example Corp"), "क्ष Example Corp");
        assert_eq!(clean_text("a\u{200D}b\u{200D}"), "ab");
        agrees_in_place(&["👩\u{200D}💻", "👍🏽", "tone 🏽", "क्\u{200D}ष", "a\u{200D}"]);
    }

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(clean_text("Socie\u{301}te\u{301}"), "Société");
        assert_eq!(clean_text("A\u{30A}ngstro\u{308}m"), "Ångström");
        // Hangul jamo become the syllable they spell; a consonant with no vowel after it
        // the letter that stands alone.
        assert_eq!(clean_text("\u{1100}\u{1161}\u{11A8}"), "각");
        assert_eq!(clean_text("\u{1100}\u{1100}가 \u{1100}"), "ㄱㄱ가 ㄱ");
        agrees_in_place(&["\u{1100}\u{1100}", "\u{1100}"]);
        // A joiner or an invisible space between base and accent goes, and they compose.
        assert_eq!(clean_text("e\u{200B}\u{301}"), "é");
        agrees_in_place(&["Socie\u{301}te\u{301}", "Société", "e\u{200B}\u{301}"]);
    }

    #[test]
    fn writes_flags_as_their_country_codes() {
        assert_eq!(clean_text("Example Corp 🇯🇵"), "Example Corp JP");
        assert_eq!(clean_text("🇰🇷 and 🇺"), "KR and U");
        agrees_in_place(&["Example Corp 🇯🇵", "🇺"]);
    }

    #[test]
    fn writes_sara_am_as_its_two_parts() {
        assert_eq!(clean_text("กำแพง"), "ก\u{E4D}\u{E32}แพง");
        assert_eq!(clean_text("ຄຳ"), "ຄ\u{ECD}\u{EB2}");
        assert_eq!(clean_text("ำ"), "\u{E4D}\u{E32}");
        agrees_in_place(&["กำแพง", "ຄຳ"]);
    }

    #[test]
    fn joins_halfwidth_sound_marks_with_their_katakana() {
        assert_eq!(clean_text("ｶﾞﾝﾀﾞﾑ ﾊﾟﾝ"), "ガﾝダﾑ パﾝ");
        assert_eq!(clean_text("ｳﾞ"), "ヴ");
        // Nothing to join: the full-width spacing mark.
        assert_eq!(clean_text("ﾞﾟ"), "゛゜");
        assert_eq!(clean_text("ｱﾞ x ﾟ"), "ｱ゛ x ゜");
        agrees_in_place(&["ｶﾞﾝﾀﾞﾑ", "ﾞﾟ", "a ﾞ"]);
    }

    #[test]
    fn replaces_unassigned_private_and_too_new_characters() {
        // A noncharacter, an unassigned one, private use, and an emoji from Unicode 15.
        assert_eq!(clean_text("a\u{3FFFF}b"), "a\u{FFFD}b");
        assert_eq!(clean_text("a\u{378}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(clean_text("\u{E000}\u{F0000}"), "\u{FFFD}\u{FFFD}");
        assert_eq!(clean_text("shaking \u{1FAE8}"), "shaking \u{FFFD}");
        // Symbols unicode-width draws two columns wide and wcwidth one.
        assert_eq!(clean_text("☰ menu 𝌆"), "\u{FFFD} menu \u{FFFD}");
        // Emoji terminals knew in 2021 stay.
        assert_eq!(clean_text("🫠 🔥"), "🫠 🔥");
        // Deprecated Khmer signs become what Unicode recommends instead.
        assert_eq!(
            clean_text("\u{17A4} \u{17D8}"),
            "\u{17A2}\u{17B6} \u{17D4}\u{179B}\u{17D4}"
        );
        agrees_in_place(&[
            "a\u{3FFFF}b",
            "\u{E000}",
            "shaking \u{1FAE8}",
            "☰",
            "\u{17D8}",
        ]);
    }

    #[test]
    fn drops_hangul_fillers_and_marks_terminals_measure_differently() {
        assert_eq!(clean_text("a\u{115F}b\u{3164}c\u{FFA0}d\u{1160}e"), "abcde");
        assert_eq!(clean_text("\u{3164} Example Corp"), "Example Corp");
        assert_eq!(clean_text("1\u{605}2\u{70F}3"), "123");
        agrees_in_place(&["a\u{115F}b", "\u{3164}", "\u{3164} x", "1\u{605}2"]);
    }

    #[test]
    fn drops_a_variation_selector_that_widens_a_quote() {
        // unicode-width counts “ with U+FE01 two columns; terminals draw one.
        assert_eq!(
            clean_text("\u{201C}\u{FE01}quoted\u{201D}\u{FE00}"),
            "\u{201C}quoted\u{201D}"
        );
        agrees_in_place(&["\u{201C}\u{FE01}q"]);
    }

    #[test]
    fn every_grapheme_is_as_wide_for_ratatui_as_for_a_terminal() {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        // A terminal that draws code point by code point, as vt100 models it.
        let terminal = |text: &str| -> usize {
            text.chars()
                .map(|c| c.width().unwrap_or(0).min(2))
                .sum::<usize>()
        };
        for sample in [
            "क्\u{200D}ष Example Corp",
            "Example Corp 🇯🇵",
            "กำ ำ",
            "ｶﾞ ﾞﾟ",
            "a\u{3FFFF}b\u{115F}\u{3164}",
            "👩\u{200D}💻 👍🏽 ❤\u{FE0F}",
            "\u{201C}\u{FE01}x",
            "\u{17D8}",
        ] {
            let cleaned = clean_text(sample);
            for grapheme in ratatui::text::Span::raw(cleaned.as_str())
                .styled_graphemes(ratatui::style::Style::new())
            {
                let symbol = grapheme.symbol;
                assert_eq!(symbol.width(), terminal(symbol), "{symbol:?} in {sample:?}");
            }
            assert_eq!(cleaned.width(), terminal(&cleaned), "{sample:?}");
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
        assert_eq!(
            escape_for_terminal("a\u{200D}b\u{3FFFF}🇯ﾞ"),
            "a\\u{200d}b\\u{3ffff}\\u{1f1ef}\\u{ff9e}"
        );
    }

    #[test]
    fn printable_line_keeps_columns() {
        let line = "a\u{1b}[2Jb\u{202E}";
        let printable = printable_line(line);
        assert_eq!(printable.chars().count(), line.chars().count());
        assert!(!printable.contains('\u{1b}'));
        let line = "name: \"Corp 🇯🇵 ก\u{E33} ｶﾞ \u{3164}\u{200D}\u{3FFFF}\"";
        let printable = printable_line(line);
        assert_eq!(printable.chars().count(), line.chars().count());
        assert_eq!(
            printable,
            "name: \"Corp JP ก\u{FFFD} ｶ\u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}\""
        );
    }
}
