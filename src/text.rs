//! Measuring and cutting text for a terminal: display widths, cuts with an ellipsis that
//! read no further than they show, and numbers and sizes as people read them. The lowest
//! layer: data, layout and ui all use it.

use unicode_width::UnicodeWidthChar;

/// Cuts `text` to at most `width` display columns, ending in `…` when cut. Reads no
/// further into `text` than the width needs, so a 50 MB title costs what a short one does.
pub fn truncate(text: &str, width: usize) -> String {
    let mut used = 0;
    // Where the text is cut if it turns out not to fit: one column is left for `…`.
    let mut cut_at = None;
    for (at, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if cut_at.is_none() && used + w > width.saturating_sub(1) {
            cut_at = Some(at);
        }
        used += w;
        if used > width {
            if width == 0 {
                return String::new();
            }
            let kept = &text[..cut_at.unwrap_or(at)];
            let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
            out.push_str(kept);
            out.push('…');
            return out;
        }
    }
    text.to_string()
}

/// The start of `text` up to `columns` display columns, and one character more when the
/// text goes on, so that a caller cutting it again still sees that it was longer. Anything
/// that measures, searches or lays out a field reads this instead of the whole field.
pub fn head(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        if used > columns {
            return &text[..at];
        }
        used += c.width().unwrap_or(0);
    }
    text
}

/// The display width of `text`, counted up to `cap` (and one past it when longer).
pub fn width_up_to(text: &str, cap: usize) -> usize {
    let mut used = 0;
    for c in text.chars() {
        used += c.width().unwrap_or(0);
        if used > cap {
            break;
        }
    }
    used
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

/// A size for people, in the unit that keeps it short: "740 bytes", "12 KB", "312 MB",
/// "7.4 GB".
pub fn size(bytes: u64) -> String {
    let bytes_f = bytes as f64;
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.0} KB", bytes_f / 1e3),
        1_000_000..1_000_000_000 => format!("{:.0} MB", bytes_f / 1e6),
        _ => format!("{:.1} GB", bytes_f / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_unit_that_keeps_them_short() {
        assert_eq!(size(740), "740 bytes");
        assert_eq!(size(12_400), "12 KB");
        assert_eq!(size(743_322_156), "743 MB");
        assert_eq!(size(7_433_221_560), "7.4 GB");
    }
}
