//! Running a query against the index: fuzzy, ranked, accent-insensitive, and able to
//! narrow the previous results as the query grows.
//!
//! Scoring is skim's V2 algorithm (`fuzzy-matcher`'s `SkimMatcherV2`, case-insensitive).
//! ASCII text, nearly all of it, goes through [`ascii_fuzzy_score`], a byte-level copy of
//! that algorithm that gives the same scores without allocating, after a character-mask
//! test that rejects most non-matches in a nanosecond; other text goes to the matcher itself.

use std::cell::RefCell;
use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::fold::fold;
use super::index::{FieldKind, NON_ASCII, SearchIndex, char_mask};

/// The general matcher, for text that is not ASCII and for highlights. Without its cache:
/// with it, a few scores depend on what the same thread matched before (the cache is not
/// cleared between calls), and scores must not depend on which thread ran them.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// Below this many candidates, one thread is faster than two.
const PARALLEL_THRESHOLD: usize = 4096;

/// A query: the text as typed and its folded words. Every word must match somewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The query as typed.
    pub text: String,
    /// Lowercase, accent-free words.
    pub tokens: Vec<String>,
}

impl Query {
    /// Splits and folds a typed query.
    pub fn parse(text: &str) -> Query {
        Query {
            text: text.to_string(),
            tokens: fold(text).split_whitespace().map(str::to_string).collect(),
        }
    }

    /// True when nothing was typed (spaces aside).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// True when every result of `newer` is sure to be a result of `self`, so `newer` can
    /// search `self`'s results instead of everything: the same words, the last one possibly
    /// longer, possibly more words after.
    pub fn is_narrowed_by(&self, newer: &Query) -> bool {
        let n = self.tokens.len();
        if n == 0 || newer.tokens.len() < n {
            return false;
        }
        self.tokens[..n - 1] == newer.tokens[..n - 1]
            && newer.tokens[n - 1].starts_with(&self.tokens[n - 1])
    }
}

/// Which field of an incident made it match, when it was not the title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Via {
    /// The kind of field.
    pub kind: FieldKind,
    /// The term, for shared fields; `u32::MAX` for long text.
    pub term: u32,
}

/// One matching incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Position of the incident in the data.
    pub incident: u32,
    /// Higher is better.
    pub score: i64,
    /// The field that carried the match, when not the title.
    pub via: Option<Via>,
}

/// Per query word: the score of every term, and which long-text words contain it.
struct PreparedToken<'q> {
    token: &'q str,
    /// The word's characters, as [`char_mask`] gives them, without [`NON_ASCII`].
    mask: u64,
    /// The byte-level matcher applies (to ASCII text).
    ascii: bool,
    min_score: i64,
    term_scores: Vec<i64>,
    /// One bit per word of the long-text vocabulary: the word contains this query word.
    word_hits: Vec<u64>,
}

impl PreparedToken<'_> {
    /// Scores one haystack, `NO_MATCH` below the word's minimum.
    fn score(&self, haystack: &str, mask: u64) -> i64 {
        if self.mask & !mask != 0 {
            return NO_MATCH;
        }
        let score = if self.ascii && mask & NON_ASCII == 0 {
            ascii_fuzzy_score(haystack.as_bytes(), self.token.as_bytes())
        } else {
            MATCHER.fuzzy_match(haystack, self.token)
        };
        match score {
            Some(score) if score >= self.min_score => score,
            _ => NO_MATCH,
        }
    }

    /// True when one of these long-text words contains the query word.
    fn in_words(&self, words: &[u32]) -> bool {
        words
            .iter()
            .any(|&w| self.word_hits[(w / 64) as usize] & (1 << (w % 64)) != 0)
    }
}

const NO_MATCH: i64 = i64::MIN;

/// The lowest score that counts as a match for a word. A good match scores about 20 per
/// character; a word scattered thinly over a long text scores about 12. Words of three
/// characters or fewer are taken as initials ("afk"), which score lower, so any match counts.
fn min_score(token: &str) -> i64 {
    let length = token.chars().count() as i64;
    if length >= 4 { 14 * length } else { 0 }
}

// SkimMatcherV2's default scores.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

// skim's character types.
const EMPTY: u8 = 0;
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const NUMBER: u8 = 3;
const HARD_SEPARATOR: u8 = 4;
const SOFT_SEPARATOR: u8 = 5;

const CHAR_TYPES: [u8; 128] = {
    let mut types = [LOWER; 128];
    let mut b = 0;
    while b < 128 {
        types[b] = match b as u8 {
            0 => EMPTY,
            b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => HARD_SEPARATOR,
            b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => SOFT_SEPARATOR,
            b'0'..=b'9' => NUMBER,
            b'A'..=b'Z' => UPPER,
            _ => LOWER,
        };
        b += 1;
    }
    types
};

/// skim's bonus for matching a character of type `current` after one of type `previous`.
const fn in_place_bonus(previous: u8, current: u8) -> i32 {
    match (previous, current) {
        (EMPTY | HARD_SEPARATOR, _) => BONUS_HEAD,
        (SOFT_SEPARATOR, _) => BONUS_BREAK,
        (LOWER | NUMBER, UPPER) => BONUS_CAMEL,
        _ => 0,
    }
}

/// One cell of skim's score matrix (the moves are only needed for positions).
#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

/// Longest query word the byte-level matcher takes; longer ones go to the general matcher.
const MAX_PATTERN: usize = 64;

thread_local! {
    /// Score matrix and bonus row, reused between calls (and fully reset each call).
    static SCRATCH: RefCell<(Vec<Cell>, Vec<i32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// `SkimMatcherV2::default().ignore_case().use_cache(false).fuzzy_match(choice, pattern)`
/// for ASCII `choice` and `pattern`, computed the same way on bytes: same first-match
/// columns, same two-row matrix (values carried from two rows up included), same scores.
fn ascii_fuzzy_score(choice: &[u8], pattern: &[u8]) -> Option<i64> {
    if pattern.is_empty() {
        return Some(0);
    }
    if pattern.len() > MAX_PATTERN {
        let (choice, pattern) = (
            std::str::from_utf8(choice).ok()?,
            std::str::from_utf8(pattern).ok()?,
        );
        return MATCHER.fuzzy_match(choice, pattern);
    }
    // Where each pattern character first matches, left to right; none: no match.
    let mut first = [0usize; MAX_PATTERN];
    let mut found = 0;
    for (at, &c) in choice.iter().enumerate() {
        if c.eq_ignore_ascii_case(&pattern[found]) {
            first[found] = at;
            found += 1;
            if found == pattern.len() {
                break;
            }
        }
    }
    if found < pattern.len() {
        return None;
    }
    let first = &first[..pattern.len()];
    let cols = choice.len() + 1;
    SCRATCH.with_borrow_mut(|(cells, bonuses)| {
        // A fresh matrix: row 0 as skim resets it, row 1 as skim's default cells.
        cells.clear();
        cells.resize(
            cols,
            Cell {
                m: NEG_INFINITY,
                p: GAP_EXTENSION,
                bonus: 0,
            },
        );
        cells.resize(
            2 * cols,
            Cell {
                m: NEG_INFINITY,
                p: NEG_INFINITY,
                bonus: 0,
            },
        );
        bonuses.clear();
        bonuses.push(0);
        let mut previous = EMPTY;
        for &c in choice {
            let current = CHAR_TYPES[usize::from(c & 0x7f)];
            bonuses.push(in_place_bonus(previous, current));
            previous = current;
        }
        if cols > 1 {
            bonuses[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        for (i, &p) in pattern.iter().enumerate() {
            let row = ((i + 1) & 1) * cols;
            let row_prev = (i & 1) * cols;
            for col in first[i] + 1..cols {
                let c = choice[col - 1];
                let cur = row + col;
                let last = cur - 1;
                let prev = row_prev + col - 1;
                if c.eq_ignore_ascii_case(&p) {
                    let match_score = if c == p {
                        SCORE_MATCH
                    } else {
                        SCORE_MATCH + PENALTY_CASE_MISMATCH
                    };
                    let in_place = bonuses[col];
                    let consecutive = cells[last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cells[last].bonus = consecutive;
                    let score_match = cells[prev].m + consecutive;
                    let score_skip = cells[prev].p + in_place;
                    cells[cur].m = score_match.max(score_skip) + match_score;
                } else {
                    cells[cur].m = NEG_INFINITY;
                    cells[cur].bonus = 0;
                }
                let gap_open = GAP_START + GAP_EXTENSION + cells[last].m;
                let gap_extend = GAP_EXTENSION + cells[last].p;
                cells[cur].p = gap_open.max(gap_extend);
            }
        }
        let last_row = (pattern.len() & 1) * cols;
        let best = cells[last_row + first[pattern.len() - 1]..last_row + cols]
            .iter()
            .map(|cell| cell.m)
            .max()
            .unwrap_or(NEG_INFINITY);
        Some(i64::from(best))
    })
}

fn prepare<'q>(index: &SearchIndex, token: &'q str) -> PreparedToken<'q> {
    let mut prepared = PreparedToken {
        token,
        mask: char_mask(token) & !NON_ASCII,
        ascii: token.is_ascii(),
        min_score: min_score(token),
        term_scores: Vec::new(),
        word_hits: Vec::new(),
    };
    let terms = &index.terms;
    let masks = &index.term_masks;
    let score = |i: usize| prepared.score(terms[i].haystack(), masks[i]);
    let term_scores = if terms.len() >= PARALLEL_THRESHOLD {
        (0..terms.len())
            .into_par_iter()
            .with_min_len(1024)
            .map(score)
            .collect()
    } else {
        (0..terms.len()).map(score).collect()
    };
    let words = &index.text.words;
    let word_chunk = |chunk: usize| {
        let mut bits = 0u64;
        for (bit, word) in words[chunk * 64..words.len().min(chunk * 64 + 64)]
            .iter()
            .enumerate()
        {
            if word.len() >= token.len() && word.contains(token) {
                bits |= 1 << bit;
            }
        }
        bits
    };
    let chunks = words.len().div_ceil(64);
    let word_hits = if words.len() >= PARALLEL_THRESHOLD {
        (0..chunks)
            .into_par_iter()
            .with_min_len(16)
            .map(word_chunk)
            .collect()
    } else {
        (0..chunks).map(word_chunk).collect()
    };
    prepared.term_scores = term_scores;
    prepared.word_hits = word_hits;
    prepared
}

/// Scores one incident; `None` when some word matches nowhere.
fn score_incident(index: &SearchIndex, position: u32, tokens: &[PreparedToken<'_>]) -> Option<Hit> {
    let indexed = &index.incidents[position as usize];
    let title_mask = index.title_masks[position as usize];
    let mut total = 0;
    let mut via: Option<(usize, Via)> = None;
    for token in tokens {
        // The best shared field (the first of equals), then the title, which wins ties.
        let mut best_score = NO_MATCH;
        let mut best_via = None;
        for &(kind, term) in indexed.fields.iter() {
            let score = token.term_scores[term as usize];
            if score != NO_MATCH && score * kind.weight() > best_score {
                best_score = score * kind.weight();
                best_via = Some(Via { kind, term });
            }
        }
        let title = token.score(index.title_haystack(position), title_mask);
        if title != NO_MATCH && title * FieldKind::Title.weight() >= best_score {
            best_score = title * FieldKind::Title.weight();
            best_via = None;
        }
        if best_score == NO_MATCH {
            if token.in_words(index.text.of(position)) {
                best_score = 4 * token.token.chars().count() as i64;
                best_via = Some(Via {
                    kind: FieldKind::Text,
                    term: u32::MAX,
                });
            } else {
                return None;
            }
        }
        total += best_score;
        // Say which field matched the longest word, if that was not the title.
        if let Some(found) = best_via
            && via.is_none_or(|(length, _)| token.token.len() > length)
        {
            via = Some((token.token.len(), found));
        }
    }
    Some(Hit {
        incident: position,
        score: total,
        via: via.map(|(_, v)| v),
    })
}

/// Searches `candidates` (or every incident) and returns the matches, best first; ties go
/// to the newer incident.
pub fn search(index: &SearchIndex, query: &Query, candidates: Option<&[Hit]>) -> Vec<Hit> {
    if query.is_empty() {
        return index
            .newest_first
            .iter()
            .map(|&incident| Hit {
                incident,
                score: 0,
                via: None,
            })
            .collect();
    }
    let tokens: Vec<PreparedToken<'_>> = query.tokens.iter().map(|t| prepare(index, t)).collect();
    let score = |p: u32| score_incident(index, p, &tokens);
    let mut hits: Vec<Hit> = match candidates {
        Some(hits) if hits.len() >= PARALLEL_THRESHOLD => hits
            .par_iter()
            .with_min_len(1024)
            .filter_map(|h| score(h.incident))
            .collect(),
        Some(hits) => hits.iter().filter_map(|h| score(h.incident)).collect(),
        None => {
            let count = u32::try_from(index.incidents.len()).unwrap_or(u32::MAX);
            if index.incidents.len() >= PARALLEL_THRESHOLD {
                (0..count)
                    .into_par_iter()
                    .with_min_len(1024)
                    .filter_map(score)
                    .collect()
            } else {
                (0..count).filter_map(score).collect()
            }
        }
    };
    let recency = &index.recency_rank;
    let key = |hit: &Hit| (std::cmp::Reverse(hit.score), recency[hit.incident as usize]);
    if hits.len() >= PARALLEL_THRESHOLD {
        hits.par_sort_unstable_by_key(key);
    } else {
        hits.sort_unstable_by_key(key);
    }
    hits
}

/// Character positions in `text` that the query's words match, for highlighting.
pub fn highlight_positions(text: &str, query: &Query) -> Vec<usize> {
    if query.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let folded = fold(text);
    let mut positions = Vec::new();
    for token in &query.tokens {
        let fuzzy = MATCHER
            .fuzzy_indices(&folded, token)
            .filter(|(score, _)| *score >= min_score(token));
        if let Some((_, found)) = fuzzy {
            positions.extend(found);
        } else if let Some(byte) = folded.find(token.as_str()) {
            let start = folded[..byte].chars().count();
            positions.extend(start..start + token.chars().count());
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_needs_the_same_words_with_the_last_one_grown() {
        let q = Query::parse;
        assert!(q("oct").is_narrowed_by(&q("octo")));
        assert!(q("octo").is_narrowed_by(&q("octo tem")));
        assert!(q("octo te").is_narrowed_by(&q("octo tem")));
        assert!(!q("octo").is_narrowed_by(&q("oct")));
        assert!(!q("octo tem").is_narrowed_by(&q("octa tem")));
        assert!(!q("").is_narrowed_by(&q("a")));
    }

    #[test]
    fn highlights_map_back_through_accents() {
        let text = "Société Générale";
        let positions = highlight_positions(text, &Query::parse("societe"));
        let chars: Vec<char> = text.chars().collect();
        let marked: String = positions.iter().map(|&i| chars[i]).collect();
        assert_eq!(marked, "Société");
    }
}
