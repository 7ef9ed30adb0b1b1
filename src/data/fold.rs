//! Case and accent folding that keeps one character for one character, so that positions
//! found in folded text are positions in the original ("societe" finds "Société" and the
//! highlight lands on the "é").
//!
//! Folding also undoes what cleaning (`crate::data::clean`) writes differently, so that a
//! query typed as the file has it still finds the cleaned text: a flag's regional
//! indicators fold to the letters cleaning writes (🇯🇵 finds "JP"), and Thai and Lao SARA
//! AM, which cleaning writes as two characters, are written so in the query too. Cleaned
//! text has no SARA AM, so folding it stays one character for one.

use std::borrow::Cow;

use unicode_normalization::char::decompose_canonical;

/// Folds one character: lowercase, with diacritics removed ("É" → "e").
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if let Some(letter) = crate::data::clean::regional_letter(c) {
        return letter.to_ascii_lowercase();
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
    let text = respell_sara_am(text);
    Cow::Owned(text.chars().map(fold_char).collect())
}

/// `text` with SARA AM written as its two parts, as cleaning writes it.
fn respell_sara_am(text: &str) -> Cow<'_, str> {
    if text.contains(['\u{0E33}', '\u{0EB3}']) {
        Cow::Owned(
            text.replace('\u{0E33}', "\u{0E4D}\u{0E32}")
                .replace('\u{0EB3}', "\u{0ECD}\u{0EB2}"),
        )
    } else {
        Cow::Borrowed(text)
    }
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
    buffer.extend(respell_sara_am(text).chars().map(fold_char));
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
    fn folds_as_cleaning_writes() {
        use crate::data::clean::clean_text;
        // A query typed as the file has it finds the cleaned text.
        for (typed, stored) in [("🇯🇵", "Example Corp 🇯🇵"), ("กำแพง", "บริษัท กำแพง")]
        {
            let cleaned = clean_text(stored);
            assert!(
                fold(&cleaned).contains(&*fold(typed)),
                "{typed:?} in {cleaned:?}"
            );
            assert_eq!(fold(&cleaned).chars().count(), cleaned.chars().count());
        }
        let mut buffer = String::new();
        assert_eq!(fold_into("กำ", &mut buffer), fold("กำ"));
    }

    #[test]
    fn leaves_other_scripts_alone() {
        assert_eq!(fold("日本 ß"), "日本 ß");
    }
}
