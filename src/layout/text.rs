//! Fitting text into cells: cut by display width with an ellipsis, never mid-character.

use unicode_width::UnicodeWidthChar;

pub use crate::text::{head, thousands, truncate, width_up_to};

/// The most display columns of one field any line shows: wider than any terminal.
pub const LINE_LIMIT: usize = 1_000;

/// The most characters of one piece of prose (a summary, a description) a document lays
/// out; the rest is named, not shown.
pub const PROSE_LIMIT: usize = 10_000;

/// The columns `text` takes on screen: its characters' widths added up, as a terminal that
/// draws code point by code point takes them, and as ratatui draws cleaned text grapheme
/// by grapheme (`crate::data::clean` keeps to characters on which they agree). Padding and
/// alignment go by this, never by characters or bytes, nor by `UnicodeWidthStr::width` of
/// a whole string, which counts some letter pairs that are two graphemes as one column
/// (Arabic lam-alef `لا`, Lisu tone letters) where ratatui and terminals draw two.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// A name or label from the data as far as any line can show it: views measure, join and
/// lay out this, never the whole field, so a 10 MB name costs what a short one does.
pub fn shown(text: &str) -> &str {
    head(text, LINE_LIMIT)
}

/// An incident's victims by name, each as far as a line can show it.
pub fn victims(data: &crate::data::Dataset, incident: &crate::data::Incident) -> String {
    let names: Vec<&str> = incident
        .victims
        .iter()
        .map(|id| shown(data.organisation_name(id)))
        .collect();
    names.join(", ")
}

/// A piece of prose as a document shows it: whole when it is up to [`PROSE_LIMIT`]
/// characters, otherwise its start and a note of how much more the file holds.
pub fn prose(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(PROSE_LIMIT) {
        None => std::borrow::Cow::Borrowed(text),
        // The rest is measured in bytes: counting its characters would read all of it.
        Some((at, _)) => std::borrow::Cow::Owned(format!(
            "{} … [{} more in the file]",
            &text[..at],
            crate::text::size((text.len() - at) as u64)
        )),
    }
}

/// How many columns to scroll a one-line field of `width` columns showing `text` with the
/// cursor before character `cursor`, so that the cursor shows with some of the text after
/// it (a quarter of the field, up to 10 columns) and the field never scrolls past the
/// text's end. The result falls on a character's start.
pub fn line_scroll(text: &str, cursor: usize, width: usize) -> usize {
    let starts: Vec<usize> = text
        .chars()
        .scan(0, |column, c| {
            let start = *column;
            *column += c.width().unwrap_or(0);
            Some(start)
        })
        .collect();
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    // One column after the text is where the cursor sits at the end.
    if total < width {
        return 0;
    }
    let cursor_column = starts.get(cursor).copied().unwrap_or(total);
    let margin = (width / 4).min(10);
    let wanted = cursor_column
        .saturating_add(margin)
        .saturating_add(1)
        .saturating_sub(width)
        .min(total + 1 - width.min(total + 1));
    // Round up to a character's start, so a wide character is never cut in half.
    starts.into_iter().find(|&s| s >= wanted).unwrap_or(wanted)
}

/// What a table column asks for: the width of its widest cell, the least it is any use
/// with, and how much it matters (lower first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnNeed {
    /// The width of its widest cell (header included).
    pub need: usize,
    /// Below this, the column is dropped rather than cut.
    pub min: usize,
    /// Lower is given room first: names before secondary text.
    pub priority: u8,
}

/// Widths for a row of columns in `room` columns, one column of space between them: in
/// priority order each column gets what it needs, or what is left if that is at least its
/// minimum, or nothing (dropped, 0).
pub fn fit_columns(room: usize, columns: &[ColumnNeed]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| columns[i].priority);
    let mut widths = vec![0; columns.len()];
    let mut used = 0;
    for i in order {
        let spacing = usize::from(used > 0);
        let left = room.saturating_sub(used + spacing);
        let column = columns[i];
        let width = if left >= column.need {
            column.need
        } else if left >= column.min {
            left
        } else {
            0
        };
        if width > 0 {
            widths[i] = width;
            used += spacing + width;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn cuts_by_display_width_never_mid_character() {
        assert_eq!(truncate("Thai Lion Air", 20), "Thai Lion Air");
        assert_eq!(truncate("Thai Lion Air", 8), "Thai Li…");
        let cut = truncate("日本航空の情報漏洩", 6);
        assert!(cut.width() <= 6, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("", 3), "");
    }

    #[test]
    fn width_counts_columns_as_drawn() {
        assert_eq!(width("雙尾蠍"), 6);
        assert_eq!(width("Société"), 7);
        assert_eq!(width("e\u{301}"), 1);
        // Two graphemes, two columns on screen; one for UnicodeWidthStr::width.
        assert_eq!(width("لا"), 2);
        assert_eq!(width("ไทย"), 3);
    }

    #[test]
    fn long_text_is_read_only_as_far_as_it_shows() {
        let long = "word ".repeat(1_000_000);
        assert_eq!(truncate(&long, 9), "word wor…");
        assert_eq!(head(&long, 9), "word word ");
        assert_eq!(head("short", 9), "short");
        assert_eq!(width_up_to(&long, 40), 41);
        assert_eq!(width_up_to("日本", 40), 4);
        let shown = prose(&long);
        assert!(shown.starts_with("word word"));
        assert!(
            shown.ends_with(" … [5 MB more in the file]"),
            "{}",
            &shown[shown.len() - 60..]
        );
        assert!(matches!(
            prose("A short summary."),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_long_line_scrolls_to_show_the_cursor_and_text_after_it() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(line_scroll("short", 5, 20), 0, "what fits never scrolls");
        // Cursor at the end: the end shows, with a free column for the cursor.
        assert_eq!(line_scroll(text, 26, 20), 7);
        // Cursor in the middle: a few characters after it still show.
        let scroll = line_scroll(text, 18, 20);
        assert!(scroll <= 18 && 18 + 5 <= scroll + 20, "{scroll}");
        assert_eq!(line_scroll(text, 0, 20), 0);
        // Wide characters: scrolled to a character's start.
        let wide = "日本語のテキストがとても長い行";
        let scroll = line_scroll(wide, 14, 10);
        assert_eq!(scroll % 2, 0, "{scroll}");
    }

    #[test]
    fn columns_go_to_names_first_and_secondary_ones_drop_whole() {
        let need = |need, min, priority| ColumnNeed {
            need,
            min,
            priority,
        };
        let columns = [need(20, 8, 0), need(7, 7, 2), need(15, 8, 3)];
        assert_eq!(fit_columns(50, &columns), vec![20, 7, 15], "room for all");
        assert_eq!(fit_columns(38, &columns), vec![20, 7, 9], "the last is cut");
        assert_eq!(
            fit_columns(30, &columns),
            vec![20, 7, 0],
            "then dropped whole"
        );
        assert_eq!(
            fit_columns(12, &columns),
            vec![12, 0, 0],
            "the name comes first"
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(1886), "1,886");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
