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
    fn groups_thousands() {
        assert_eq!(thousands(1886), "1,886");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
