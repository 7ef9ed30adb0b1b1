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
    fn leaves_other_scripts_alone() {
        assert_eq!(fold("日本 ß"), "日本 ß");
    }
}
