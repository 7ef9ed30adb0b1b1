//! Running a query against the index: fuzzy, ranked, accent-insensitive, and able to
//! narrow the previous results as the query grows.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::fold::fold;
use super::index::{FieldKind, SearchIndex, long_texts};

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

/// Per query word: the score of every term, and a finder for long text.
struct PreparedToken<'q> {
    token: &'q str,
    min_score: i64,
    term_scores: Vec<i64>,
    finder: Option<AhoCorasick>,
}

const NO_MATCH: i64 = i64::MIN;

/// The lowest score that counts as a match for a word. A good match scores 18 to 22 per
/// character ("malindo" in "Malindo Air"); a word scattered over a longer field scores 12
/// to 16 ("lion" in "Network solutions"). Words of three
/// characters or fewer are taken as initials ("afk"), which score lower, so any match counts.
fn min_score(token: &str) -> i64 {
    let length = token.chars().count() as i64;
    if length >= 4 { 17 * length } else { 0 }
}

/// Scores one field for one word, `NO_MATCH` below the word's minimum.
fn fuzzy_score(haystack: &str, token: &str, min_score: i64) -> i64 {
    match MATCHER.fuzzy_match(haystack, token) {
        Some(score) if score >= min_score => score,
        _ => NO_MATCH,
    }
}

fn prepare<'q>(index: &SearchIndex, token: &'q str) -> PreparedToken<'q> {
    let min_score = min_score(token);
    let score = |term: &super::index::Term| fuzzy_score(term.haystack(), token, min_score);
    let term_scores = if index.terms.len() >= PARALLEL_THRESHOLD {
        index.terms.par_iter().map(score).collect()
    } else {
        index.terms.iter().map(score).collect()
    };
    let finder = if token.is_ascii() {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([token])
            .ok()
    } else {
        None
    };
    PreparedToken {
        token,
        min_score,
        term_scores,
        finder,
    }
}

fn text_contains(text: &str, token: &PreparedToken<'_>) -> bool {
    match &token.finder {
        Some(finder) if text.is_ascii() => finder.is_match(text),
        _ => fold(text).contains(token.token),
    }
}

/// Scores one incident; `None` when some word matches nowhere.
fn score_incident(index: &SearchIndex, position: u32, tokens: &[PreparedToken<'_>]) -> Option<Hit> {
    let indexed = &index.incidents[position as usize];
    let mut total = 0;
    let mut via: Option<(usize, Via)> = None;
    for token in tokens {
        let title = fuzzy_score(index.title_haystack(position), token.token, token.min_score);
        let mut best_score = if title == NO_MATCH {
            NO_MATCH
        } else {
            title * FieldKind::Title.weight()
        };
        let mut best_via = None;
        for &(kind, term) in indexed.fields.iter() {
            let score = token.term_scores[term as usize];
            if score != NO_MATCH && score * kind.weight() > best_score {
                best_score = score * kind.weight();
                best_via = Some(Via { kind, term });
            }
        }
        if best_score == NO_MATCH {
            if long_texts(index.incident(position)).any(|text| text_contains(text, token)) {
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
    let all: Vec<u32>;
    let positions: Vec<u32> = match candidates {
        Some(hits) => hits.iter().map(|h| h.incident).collect(),
        None => {
            all = (0..index.incidents.len() as u32).collect();
            all
        }
    };
    let mut hits: Vec<Hit> = if positions.len() >= PARALLEL_THRESHOLD {
        positions
            .par_iter()
            .with_min_len(1024)
            .filter_map(|&p| score_incident(index, p, &tokens))
            .collect()
    } else {
        positions
            .iter()
            .filter_map(|&p| score_incident(index, p, &tokens))
            .collect()
    };
    let recency = &index.recency_rank;
    hits.sort_unstable_by_key(|hit| (std::cmp::Reverse(hit.score), recency[hit.incident as usize]));
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
