//! Wrapping styled text at a width, with a hanging indent: the rows after a line's first
//! start under its text (a bullet's, a date's), as documents read. textwrap arranges the
//! words; this module keeps each word's style through it.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use textwrap::core::Fragment;

use super::text::{PROSE_LIMIT, prose};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One logical line before wrapping: its spans, and where its wrapped rows start.
pub struct Block<'a> {
    /// The line's spans.
    pub spans: Vec<Span<'a>>,
    /// Columns that rows after the first are indented by, to start under the text.
    pub hang: usize,
}

/// A word with the whitespace after it and its style: what textwrap arranges into rows.
#[derive(Debug)]
struct Piece<'a> {
    word: Cow<'a, str>,
    space: Cow<'a, str>,
    style: Style,
}

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        self.word.width() as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.space.width() as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Splits spans into words (with their trailing spaces), cutting words wider than `room`
/// into pieces that fit (text with no spaces, such as Japanese, wraps anywhere).
fn pieces<'a>(spans: &[Span<'a>], room: usize) -> Vec<Piece<'a>> {
    let room = room.max(1);
    let mut out: Vec<Piece<'a>> = Vec::new();
    for span in spans {
        let text: &str = &span.content;
        let mut rest = text;
        while !rest.is_empty() {
            let word_end = rest.find(' ').unwrap_or(rest.len());
            let space_end = rest[word_end..]
                .find(|c| c != ' ')
                .map_or(rest.len(), |n| word_end + n);
            let (word, space) = (&rest[..word_end], &rest[word_end..space_end]);
            let owned = |s: &str| -> Cow<'a, str> { Cow::Owned(s.to_string()) };
            if word.width() <= room {
                out.push(Piece {
                    word: owned(word),
                    space: owned(space),
                    style: span.style,
                });
            } else {
                let mut chunk = String::new();
                let mut used = 0;
                for c in word.chars() {
                    let w = c.width().unwrap_or(0);
                    if used + w > room && !chunk.is_empty() {
                        out.push(Piece {
                            word: Cow::Owned(std::mem::take(&mut chunk)),
                            space: Cow::Borrowed(""),
                            style: span.style,
                        });
                        used = 0;
                    }
                    chunk.push(c);
                    used += w;
                }
                out.push(Piece {
                    word: Cow::Owned(chunk),
                    space: owned(space),
                    style: span.style,
                });
            }
            rest = &rest[space_end..];
        }
    }
    out
}

/// A span of up to [`PROSE_LIMIT`] characters as it is; a longer one cut there, with a
/// note of how much more the file holds.
fn cut_long_span(span: Span<'_>) -> Span<'_> {
    // Bytes bound characters from above: most spans are decided without reading them.
    if span.content.len() <= PROSE_LIMIT {
        return span;
    }
    match prose(&span.content) {
        Cow::Borrowed(_) => span,
        Cow::Owned(cut) => Span::styled(cut, span.style),
    }
}

/// Wraps one logical line at `width`: the first row from the left edge, the others
/// indented by its hang. Each span is cut to [`PROSE_LIMIT`] characters first, so a 50 MB
/// summary is laid out as fast as a short one.
pub fn wrap<'a>(block: Block<'a>, width: usize) -> Vec<Line<'a>> {
    if block.spans.iter().all(|s| s.content.is_empty()) {
        return vec![Line::raw("")];
    }
    let block = Block {
        spans: block.spans.into_iter().map(cut_long_span).collect(),
        hang: block.hang,
    };
    let hang = if block.hang * 2 < width {
        block.hang
    } else {
        0
    };
    let pieces = pieces(&block.spans, width.saturating_sub(hang));
    let widths = [width as f64, width.saturating_sub(hang) as f64];
    let rows = textwrap::wrap_algorithms::wrap_first_fit(&pieces, &widths);
    rows.into_iter()
        .enumerate()
        .map(|(row, pieces)| {
            let mut spans: Vec<Span<'a>> = Vec::new();
            if row > 0 && hang > 0 {
                spans.push(Span::raw(" ".repeat(hang)));
            }
            for (n, piece) in pieces.iter().enumerate() {
                let last = n + 1 == pieces.len();
                let text = if last {
                    piece.word.to_string()
                } else {
                    format!("{}{}", piece.word, piece.space)
                };
                // Neighbours in one style become one span.
                match spans.last_mut() {
                    Some(previous) if previous.style == piece.style && !(row > 0 && n == 0) => {
                        previous.content.to_mut().push_str(&text);
                    }
                    _ => spans.push(Span::styled(text, piece.style)),
                }
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wrapped_bullets_hang_under_their_text() {
        let block = Block {
            spans: vec![
                Span::raw("• "),
                Span::raw("one two three four five six seven eight nine ten"),
            ],
            hang: 2,
        };
        let rows: Vec<String> = wrap(block, 20).iter().map(text).collect();
        assert_eq!(rows[0], "• one two three four");
        assert!(rows[1].starts_with("  five"), "{rows:?}");
        assert!(rows.iter().all(|r| r.width() <= 20), "{rows:?}");
    }

    #[test]
    fn text_without_spaces_wraps_by_width() {
        let block = Block {
            spans: vec![Span::raw("日本語のテキストがとても長い行です")],
            hang: 0,
        };
        let rows = wrap(block, 10);
        assert!(rows.len() >= 3);
        assert!(rows.iter().all(|r| text(r).width() <= 10));
    }
}
