//! Fitting text into cells: cut by display width with an ellipsis, never mid-character.

use unicode_width::UnicodeWidthChar;

/// Cuts `text` to at most `width` display columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
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

/// A number with thousands separators: 1,886.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
