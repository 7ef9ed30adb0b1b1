//! Case and accent folding that keeps one character for one character, so that positions
//! found in folded text are positions in the original ("societe" finds "Société" and the
//! highlight lands on the "é").

use std::borrow::Cow;

use unicode_normalization::char::decompose_canonical;

/// Folds one character: lowercase, with diacritics removed ("É" → "e").
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut base = None;
    decompose_canonical(c, |part| {
        if base.is_none() {
            base = Some(part);
        }
    });
    let base = base.unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Folds a whole string, character for character; borrowed when nothing changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(fold_char).collect())
}

/// Folds `text` as [`fold`] does, into `buffer` when anything changes: no allocation per
/// call once the buffer has grown.
pub fn fold_into<'a>(text: &'a str, buffer: &'a mut String) -> &'a str {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return text;
    }
    buffer.clear();
    buffer.extend(text.chars().map(fold_char));
    buffer
}

/// True when folding `text` would change nothing but ASCII case, which the matcher handles
/// by itself: such text needs no folded copy.
pub fn needs_folded_copy(text: &str) -> bool {
    !text.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_one_to_one() {
        assert_eq!(fold("Société Générale"), "societe generale");
        assert_eq!(fold("ÅNGSTRÖM"), "angstrom");
        let original = "Malmö Ürün İstanbul";
        assert_eq!(fold(original).chars().count(), original.chars().count());
    }

    #[test]
    fn folding_into_a_buffer_matches_folding() {
        let mut buffer = String::new();
        for text in ["plain", "Société", "ÅNGSTRÖM", "日本", ""] {
            assert_eq!(fold_into(text, &mut buffer), fold(text));
        }
    }

    #[test]
    fn leaves_other_scripts_alone() {
        assert_eq!(fold("日本 ß"), "日本 ß");
    }
}
