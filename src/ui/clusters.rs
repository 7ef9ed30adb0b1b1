//! Graphemes the terminal draws in more cells than one.
//!
//! A Brahmic conjunct (`क्ष`: ka, virama, ssa) or a consonant with a spacing vowel sign
//! (`கோ`, `की`) is one grapheme whose characters are a column wide each. ratatui keeps it
//! in one cell and leaves the next cell blank for it; the terminal draws the second
//! character in that next cell. When a later frame puts a narrower grapheme in the first
//! cell, ratatui trusts the terminal to clear the second, which terminals do only for a
//! wide character, so the second character stays on screen. Splitting such a grapheme into
//! one cell per column, each with the characters the terminal puts there, makes ratatui's
//! picture of the screen the terminal's.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthChar;

/// Splits every cell whose grapheme the terminal draws over several cells, one character
/// of width one (with the zero-width marks after it) per cell. Wide characters (CJK,
/// emoji) are left alone: the terminal clears their second cell itself.
pub fn split_clusters(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buffer[(x, y)].symbol();
            // Almost every cell is one ASCII byte: nothing to look at.
            if symbol.len() <= 1 {
                x += 1;
                continue;
            }
            match columns(symbol) {
                Some(pieces) if usize::from(area.right() - x) >= pieces.len() => {
                    let style = buffer[(x, y)].style();
                    let count = pieces.len() as u16;
                    for (offset, piece) in pieces.into_iter().enumerate() {
                        let cell = &mut buffer[(x + offset as u16, y)];
                        cell.set_symbol(&piece);
                        cell.set_style(style);
                    }
                    x += count;
                }
                _ => x += 1,
            }
        }
    }
}

/// The grapheme's characters cut before each character of width one, when there are two
/// or more such and nothing wider; `None` when the grapheme is one cell's or a wide one's.
fn columns(symbol: &str) -> Option<Vec<String>> {
    let mut pieces: Vec<String> = Vec::new();
    for c in symbol.chars() {
        match c.width() {
            Some(0) | None => match pieces.last_mut() {
                Some(piece) => piece.push(c),
                // A grapheme that starts with a mark: leave it as it is.
                None => return None,
            },
            Some(1) => pieces.push(c.to_string()),
            Some(_) => return None,
        }
    }
    (pieces.len() > 1).then_some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn row(buffer: &Buffer) -> Vec<String> {
        (0..buffer.area.width)
            .map(|x| buffer[(x, 0)].symbol().to_string())
            .collect()
    }

    #[test]
    fn a_conjunct_takes_one_cell_per_column() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        let red = Style::new().fg(Color::Red);
        buffer.set_string(0, 0, "क्षa", red);
        assert_eq!(row(&buffer)[..3], ["क्ष", " ", "a"]);
        split_clusters(&mut buffer);
        assert_eq!(row(&buffer)[..3], ["क्", "ष", "a"]);
        assert_eq!(
            buffer[(1, 0)].fg,
            Color::Red,
            "the second cell keeps the style"
        );
    }

    #[test]
    fn a_spacing_vowel_sign_gets_its_own_cell() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "கோx", Style::new());
        split_clusters(&mut buffer);
        assert_eq!(row(&buffer)[..3], ["க", "ோ", "x"]);
    }

    #[test]
    fn wide_characters_and_accents_are_left_alone() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "日e\u{301}本", Style::new());
        let before = row(&buffer);
        split_clusters(&mut buffer);
        assert_eq!(row(&buffer), before);
    }

    #[test]
    fn a_cluster_at_the_right_edge_is_not_split_past_it() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 1));
        buffer[(2, 0)].set_symbol("क्ष");
        split_clusters(&mut buffer);
        assert_eq!(row(&buffer), [" ", " ", "क्ष"]);
    }
}
