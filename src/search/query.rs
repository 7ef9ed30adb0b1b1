//! Running a query against the index: fuzzy, ranked, accent-insensitive, and able to
//! narrow the previous results as the query grows.
//!
//! Scoring is skim's V2 algorithm (`fuzzy-matcher`'s `SkimMatcherV2`, case-insensitive).
//! ASCII text, nearly all of it, goes through [`ascii_fuzzy_score`], a byte-level copy of
//! that algorithm that gives the same scores without allocating, after a character-mask
//! test that rejects most non-matches in a nanosecond; other text goes to the matcher itself.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::fold::fold;
use super::index::{FieldKind, NON_ASCII, SearchIndex, TextWords, char_mask, word_bit};

/// The general matcher, for text that is not ASCII and for highlights. A new one each time:
/// a matcher reuses its score matrix without clearing it, so a few scores would depend on
/// what the same thread matched before, and scores must not depend on which thread ran
/// them. (`use_cache(false)` would do, but panics in fuzzy-matcher 0.3.7.) Cheap enough for
/// the rare text that is not ASCII.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

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
    /// Per term, its score or [`NO_TERM`].
    term_scores: Vec<i32>,
    /// One bit per word of the long-text vocabulary: the word contains this query word.
    word_hits: Vec<u64>,
    /// The [`word_bit`]s of those words.
    word_signature: u64,
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
            matcher().fuzzy_match(haystack, self.token)
        };
        match score {
            Some(score) if score >= self.min_score => score,
            _ => NO_MATCH,
        }
    }

    /// True when the long text of the incident at `rank` has the query word.
    fn in_text(&self, text: &TextWords, rank: u32) -> bool {
        self.word_signature & text.signature(rank) != 0
            && text.any_word(rank, |w| {
                self.word_hits[(w / 64) as usize] & (1 << (w % 64)) != 0
            })
    }
}

const NO_MATCH: i64 = i64::MIN;
/// A term's score when it does not match (term scores are kept small, for the cache).
const NO_TERM: i32 = i32::MIN;

/// The lowest score that counts as a match for a word. A good match scores 18 to 22 per
/// character ("malindo" in "Malindo Air"); a word scattered over a longer field scores 12
/// to 16 ("lion" in "Network solutions"). Words of three
/// characters or fewer are taken as initials ("afk"), which score lower, so any match counts.
fn min_score(token: &str) -> i64 {
    let length = token.chars().count() as i64;
    if length >= 4 { 17 * length } else { 0 }
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

/// Longest query word the byte-level matcher takes; longer ones go to the general matcher.
const MAX_PATTERN: usize = 64;

thread_local! {
    /// skim's score matrix as two rows (its "compressed" form) of each of its three values,
    /// and the in-place bonus of each column: seven rows, reused between calls.
    static MATRIX: RefCell<Vec<i32>> = const { RefCell::new(Vec::new()) };
}

/// `SkimMatcherV2::default().ignore_case().fuzzy_match(choice, pattern)` on a new matcher
/// for ASCII `choice` and `pattern`, computed the same way on bytes: same first-match
/// columns, same two-row matrix (values left from two rows up included), same scores.
/// Columns after the last place the pattern's last character occurs are left out: every
/// cell depends only on cells to its left, and the last row is empty there.
fn ascii_fuzzy_score(choice: &[u8], pattern: &[u8]) -> Option<i64> {
    let n = pattern.len();
    if n == 0 {
        return Some(0);
    }
    if n > MAX_PATTERN {
        let (choice, pattern) = (
            std::str::from_utf8(choice).ok()?,
            std::str::from_utf8(pattern).ok()?,
        );
        return matcher().fuzzy_match(choice, pattern);
    }
    // Where each pattern character first matches, left to right; none: no match.
    let mut first = [0usize; MAX_PATTERN];
    let mut found = 0;
    for (at, &c) in choice.iter().enumerate() {
        if c.eq_ignore_ascii_case(&pattern[found]) {
            first[found] = at;
            found += 1;
            if found == n {
                break;
            }
        }
    }
    if found < n {
        return None;
    }
    let first = &first[..n];
    if n == 1 {
        // One row over skim's reset row: each match scores its in-place bonus, less one.
        let pc = pattern[0];
        let mut previous = if first[0] == 0 {
            EMPTY
        } else {
            CHAR_TYPES[usize::from(choice[first[0] - 1] & 0x7f)]
        };
        let mut best = NEG_INFINITY;
        for (at, &c) in choice.iter().enumerate().skip(first[0]) {
            let current = CHAR_TYPES[usize::from(c & 0x7f)];
            if c.eq_ignore_ascii_case(&pc) {
                let mut bonus = in_place_bonus(previous, current);
                if at == 0 {
                    bonus *= BONUS_FIRST_CHAR_MULTIPLIER;
                }
                let score = if c == pc {
                    SCORE_MATCH
                } else {
                    SCORE_MATCH + PENALTY_CASE_MISMATCH
                };
                best = best.max(GAP_EXTENSION + bonus + score);
            }
            previous = current;
        }
        return Some(i64::from(best));
    }
    if n == 2 {
        return Some(two_char_score(choice, pattern, first[0], first[1]));
    }
    let last_char = pattern[n - 1];
    let end = choice
        .iter()
        .rposition(|c| c.eq_ignore_ascii_case(&last_char))
        .unwrap_or(first[n - 1]);
    let choice = &choice[..=end];
    let cols = choice.len() + 1;
    MATRIX.with_borrow_mut(|matrix| {
        matrix.clear();
        matrix.resize(7 * cols, 0);
        let (m0, rest) = matrix.split_at_mut(cols);
        let (m1, rest) = rest.split_at_mut(cols);
        let (p0, rest) = rest.split_at_mut(cols);
        let (p1, rest) = rest.split_at_mut(cols);
        let (b0, rest) = rest.split_at_mut(cols);
        let (b1, in_place) = rest.split_at_mut(cols);
        // Row 0 as skim resets it; row 1 as skim's new cells; no bonus anywhere yet.
        m0.fill(NEG_INFINITY);
        m1.fill(NEG_INFINITY);
        p0.fill(GAP_EXTENSION);
        p1.fill(NEG_INFINITY);
        let mut previous = EMPTY;
        for (bonus, &c) in in_place[1..].iter_mut().zip(choice) {
            let current = CHAR_TYPES[usize::from(c & 0x7f)];
            *bonus = in_place_bonus(previous, current);
            previous = current;
        }
        in_place[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        let in_place = &*in_place;
        for (i, &pc) in pattern.iter().enumerate() {
            // Row i + 1 of the matrix is written over row i - 1.
            let (m_row, m_up, p_row, p_up, b_row) = if i % 2 == 0 {
                (&mut *m1, &*m0, &mut *p1, &*p0, &mut *b1)
            } else {
                (&mut *m0, &*m1, &mut *p0, &*p1, &mut *b0)
            };
            let start = first[i];
            let mut m_left = m_row[start];
            let mut p_left = p_row[start];
            for col in start + 1..cols {
                let c = choice[col - 1];
                let m_here = if c.eq_ignore_ascii_case(&pc) {
                    let here = in_place[col];
                    let consecutive = b_row[col - 1].max(here.max(BONUS_CONSECUTIVE));
                    b_row[col - 1] = consecutive;
                    let score_match = m_up[col - 1] + consecutive;
                    let score_skip = p_up[col - 1] + here;
                    let score = if c == pc {
                        SCORE_MATCH
                    } else {
                        SCORE_MATCH + PENALTY_CASE_MISMATCH
                    };
                    score_match.max(score_skip) + score
                } else {
                    b_row[col] = 0;
                    NEG_INFINITY
                };
                let p_here = (GAP_START + GAP_EXTENSION + m_left).max(GAP_EXTENSION + p_left);
                m_row[col] = m_here;
                p_row[col] = p_here;
                m_left = m_here;
                p_left = p_here;
            }
        }
        let last_row = if n % 2 == 1 { &*m1 } else { &*m0 };
        let best = last_row[first[n - 1]..]
            .iter()
            .copied()
            .max()
            .unwrap_or(NEG_INFINITY);
        Some(i64::from(best))
    })
}

/// The two-row matrix for a two-character pattern in one pass, with no matrix: row 1 is
/// only ever read one column back, and row 0 starts from skim's reset (no bonus left over
/// from an earlier row, so the consecutive bonus is just the column's own).
fn two_char_score(choice: &[u8], pattern: &[u8], first: usize, second: usize) -> i64 {
    let (p0, p1) = (pattern[0], pattern[1]);
    let match_score = |c: u8, p: u8| {
        if c == p {
            SCORE_MATCH
        } else {
            SCORE_MATCH + PENALTY_CASE_MISMATCH
        }
    };
    // Row 1 (first pattern character) at the column to the left.
    let (mut m_left, mut p_left) = (NEG_INFINITY, NEG_INFINITY);
    let mut best = NEG_INFINITY;
    let mut previous = if first == 0 {
        EMPTY
    } else {
        CHAR_TYPES[usize::from(choice[first - 1] & 0x7f)]
    };
    for (at, &c) in choice.iter().enumerate().skip(first) {
        let current = CHAR_TYPES[usize::from(c & 0x7f)];
        let mut here = in_place_bonus(previous, current);
        if at == 0 {
            here *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        previous = current;
        // Row 0 (second character), from row 1 one column back.
        if at >= second && c.eq_ignore_ascii_case(&p1) {
            let consecutive = here.max(BONUS_CONSECUTIVE);
            let score = (m_left + consecutive).max(p_left + here) + match_score(c, p1);
            best = best.max(score);
        }
        let m_here = if c.eq_ignore_ascii_case(&p0) {
            GAP_EXTENSION + here + match_score(c, p0)
        } else {
            NEG_INFINITY
        };
        p_left = (GAP_START + GAP_EXTENSION + m_left).max(GAP_EXTENSION + p_left);
        m_left = m_here;
    }
    i64::from(best)
}

fn prepare<'q>(index: &SearchIndex, token: &'q str) -> PreparedToken<'q> {
    let mut prepared = PreparedToken {
        token,
        mask: char_mask(token) & !NON_ASCII,
        ascii: token.is_ascii(),
        min_score: min_score(token),
        term_scores: Vec::new(),
        word_hits: Vec::new(),
        word_signature: 0,
    };
    let terms = &index.terms;
    let masks = &index.term_masks;
    let score = |i: usize| {
        let score = prepared.score(terms[i].haystack(), masks[i]);
        i32::try_from(score).unwrap_or(NO_TERM)
    };
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
        let mut signature = 0u64;
        for (bit, word) in words
            .range(chunk * 64..words.len().min(chunk * 64 + 64))
            .enumerate()
        {
            if word.len() >= token.len() && word.contains(token) {
                bits |= 1 << bit;
                signature |= word_bit((chunk * 64 + bit) as u32);
            }
        }
        (bits, signature)
    };
    let chunks = words.len().div_ceil(64);
    let (word_hits, signatures): (Vec<u64>, Vec<u64>) = if words.len() >= PARALLEL_THRESHOLD {
        (0..chunks)
            .into_par_iter()
            .with_min_len(16)
            .map(word_chunk)
            .unzip()
    } else {
        (0..chunks).map(word_chunk).unzip()
    };
    prepared.term_scores = term_scores;
    prepared.word_hits = word_hits;
    prepared.word_signature = signatures.iter().fold(0, |all, &bits| all | bits);
    prepared
}

/// Scores the incident at `rank` in `newest_first`; `None` when some word matches nowhere.
fn score_incident(index: &SearchIndex, rank: u32, tokens: &[PreparedToken<'_>]) -> Option<Hit> {
    let packed = &index.packed;
    let (kinds, terms) = packed.fields(rank);
    let title_mask = packed.title_mask(rank);
    let mut total = 0;
    // Fields that were some word's best, with the longest such word.
    let mut carriers: smallvec::SmallVec<[(Via, usize); 4]> = smallvec::SmallVec::new();
    for token in tokens {
        // The best shared field (the first of equals), then the title, which wins ties.
        let mut best_score = NO_MATCH;
        let mut best_via = None;
        for (&kind, &term) in kinds.iter().zip(terms) {
            let score = token.term_scores[term as usize];
            if score != NO_TERM && i64::from(score) * kind.weight() > best_score {
                best_score = i64::from(score) * kind.weight();
                best_via = Some(Via { kind, term });
            }
        }
        let title = token.score(packed.title(rank), title_mask);
        if title != NO_MATCH && title * FieldKind::Title.weight() >= best_score {
            best_score = title * FieldKind::Title.weight();
            best_via = None;
        }
        if best_score == NO_MATCH {
            if token.in_text(&index.text, rank) {
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
        if let Some(found) = best_via {
            let length = token.token.len();
            match carriers.iter_mut().find(|(via, _)| *via == found) {
                Some((_, longest)) => *longest = (*longest).max(length),
                None => carriers.push((found, length)),
            }
        }
    }
    // Say which field matches the most words ("storm 4321" names the alias "Storm 4321",
    // not "Storm-0971" which only matches "storm"), then the longest word it carried.
    let words_matched = |via: &Via| match via.kind {
        FieldKind::Text => 0,
        _ => tokens
            .iter()
            .filter(|t| {
                t.term_scores
                    .get(via.term as usize)
                    .is_some_and(|&s| s != NO_TERM)
            })
            .count(),
    };
    let via = carriers
        .iter()
        .map(|(via, longest)| (words_matched(via), *longest, *via))
        .fold(None::<(usize, usize, Via)>, |best, candidate| match best {
            Some(best) if (best.0, best.1) >= (candidate.0, candidate.1) => Some(best),
            _ => Some(candidate),
        })
        .map(|(_, _, via)| via);
    Some(Hit {
        incident: index.newest_first[rank as usize],
        score: total,
        via,
    })
}

/// The positions whose bit is set in `word` (bits `64 * at ..`), in order.
fn set_bits(at: usize, mut word: u64) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        if word == 0 {
            return None;
        }
        let bit = word.trailing_zeros() as usize;
        word &= word - 1;
        u32::try_from(at * 64 + bit).ok()
    })
}

/// Sorts hits found newest first by score, best first, keeping newest first among equals.
fn sort_by_score(mut hits: Vec<Hit>) -> Vec<Hit> {
    let (Some(low), Some(high)) = (
        hits.iter().map(|h| h.score).min(),
        hits.iter().map(|h| h.score).max(),
    ) else {
        return hits;
    };
    let range = usize::try_from(high.abs_diff(low)).unwrap_or(usize::MAX);
    if hits.len() < PARALLEL_THRESHOLD || range > 4 * hits.len() {
        if hits.len() < PARALLEL_THRESHOLD {
            hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        } else {
            hits.par_sort_by_key(|h| std::cmp::Reverse(h.score));
        }
        return hits;
    }
    // Counting sort: scores are small integers, and hits many.
    let slot = |hit: &Hit| high.abs_diff(hit.score) as usize;
    let mut starts = vec![0usize; range + 1];
    for hit in &hits {
        starts[slot(hit)] += 1;
    }
    let mut sum = 0;
    for start in &mut starts {
        let count = *start;
        *start = sum;
        sum += count;
    }
    let mut sorted = vec![
        Hit {
            incident: 0,
            score: 0,
            via: None,
        };
        hits.len()
    ];
    for hit in hits {
        let start = &mut starts[slot(&hit)];
        sorted[*start] = hit;
        *start += 1;
    }
    sorted
}

/// Searches `candidates` (or every incident) and returns the matches, best first; ties go
/// to the newer incident.
pub fn search(index: &SearchIndex, query: &Query, candidates: Option<&[Hit]>) -> Vec<Hit> {
    search_unless(index, query, candidates, &|| false).unwrap_or_default()
}

/// As [`search`], but gives up, with `None`, once `cancelled` says the answer is no longer
/// wanted (a newer query came): checked between incidents, so a stale search over a million
/// incidents stops within a few milliseconds instead of running to its end.
pub fn search_unless(
    index: &SearchIndex,
    query: &Query,
    candidates: Option<&[Hit]>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Hit>> {
    if query.is_empty() {
        return Some(
            index
                .newest_first
                .iter()
                .map(|&incident| Hit {
                    incident,
                    score: 0,
                    via: None,
                })
                .collect(),
        );
    }
    let tokens: Vec<PreparedToken<'_>> = query.tokens.iter().map(|t| prepare(index, t)).collect();
    if cancelled() {
        return None;
    }
    // Asking at every 256th incident is often enough; once the answer is no, the rest of
    // the scan only reads one flag per incident.
    let stopped = AtomicBool::new(false);
    let score = |rank: u32| {
        if stopped.load(Ordering::Relaxed) {
            return None;
        }
        if rank.is_multiple_of(256) && cancelled() {
            stopped.store(true, Ordering::Relaxed);
            return None;
        }
        score_incident(index, rank, &tokens)
    };
    let count = index.incident_count();
    let rank_of = |hit: &Hit| index.recency_rank[hit.incident as usize];
    // Matches come out newest first: the index is scanned in that order.
    let hits: Vec<Hit> = match candidates {
        Some(hits) if hits.len() < PARALLEL_THRESHOLD || hits.len() < count / 64 => {
            let mut ranks: Vec<u32> = hits.iter().map(rank_of).collect();
            ranks.sort_unstable();
            ranks.into_iter().filter_map(score).collect()
        }
        Some(hits) => {
            let mut chosen = vec![0u64; count.div_ceil(64)];
            for rank in hits.iter().map(rank_of) {
                chosen[rank as usize / 64] |= 1 << (rank % 64);
            }
            chosen
                .par_iter()
                .enumerate()
                .with_min_len(64)
                .flat_map_iter(|(at, &word)| set_bits(at, word).filter_map(score))
                .collect()
        }
        None => {
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            if index.incident_count() >= PARALLEL_THRESHOLD {
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
    if stopped.load(Ordering::Relaxed) || cancelled() {
        return None;
    }
    Some(sort_by_score(hits))
}

/// Character positions in `text` that the query's words match, for highlighting.
pub fn highlight_positions(text: &str, query: &Query) -> Vec<usize> {
    if query.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let folded = fold(text);
    let mut positions = Vec::new();
    for token in &query.tokens {
        let fuzzy = matcher()
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

    /// The byte-level matcher gives skim's scores exactly, on text built to hit every
    /// branch: case, separators, digits, camel case, repeated letters, long gaps.
    #[test]
    fn byte_matcher_agrees_with_skim() {
        let alphabet = b"aAbBsSxX pP-_/.19(eE";
        let mut rng = fastrand::Rng::with_seed(11);
        let text = |rng: &mut fastrand::Rng, max: usize| -> String {
            let length = rng.usize(0..=max);
            (0..length)
                .map(|_| char::from(alphabet[rng.usize(..alphabet.len())]))
                .collect()
        };
        for _ in 0..200_000 {
            let choice = text(&mut rng, 40);
            let mut pattern = text(&mut rng, 6);
            if rng.bool() {
                pattern.make_ascii_lowercase();
            }
            let expected = matcher().fuzzy_match(&choice, &pattern);
            let actual = ascii_fuzzy_score(choice.as_bytes(), pattern.as_bytes());
            assert_eq!(actual, expected, "{pattern:?} in {choice:?}");
        }
    }

    #[test]
    fn masks_never_reject_a_match() {
        let mut rng = fastrand::Rng::with_seed(5);
        let alphabet: Vec<char> = "aAbZz09 -.éÉß日".chars().collect();
        for _ in 0..50_000 {
            let choice: String = (0..rng.usize(0..12))
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            let token: String = (0..rng.usize(1..4))
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            if matcher().fuzzy_match(&choice, &token).is_some() {
                let token_mask = char_mask(&token) & !NON_ASCII;
                assert_eq!(
                    token_mask & !char_mask(&choice),
                    0,
                    "{token:?} in {choice:?}"
                );
            }
        }
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
