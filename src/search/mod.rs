//! Fuzzy search over incidents: folding, the index, queries, and a searcher that remembers
//! recent results so that typing narrows and backspace is instant.

pub mod fold;
pub mod index;
pub mod query;
pub mod worker;

use std::collections::VecDeque;
use std::sync::Arc;

pub use index::{FieldKind, SearchIndex};
pub use query::{Hit, Query, Via, highlight_positions, search};

/// True when every word of `query` matches `text` by itself (a group's name, an alias).
pub fn text_matches(text: &str, query: &Query) -> bool {
    !query.is_empty()
        && query.tokens.iter().all(|token| {
            let word = Query {
                text: token.clone(),
                tokens: vec![token.clone()],
            };
            !highlight_positions(text, &word).is_empty()
        })
}

/// The outcome of one query.
#[derive(Clone, Debug)]
pub struct SearchResults {
    /// The query these results answer.
    pub query: Query,
    /// Matches, best first.
    pub hits: Arc<Vec<Hit>>,
}

/// How many recent queries are kept for backspace and narrowing.
const CACHE_SIZE: usize = 32;

/// How many hits the cache holds in all (about 24 bytes each, so at most about 190 MB): with
/// a million incidents, 32 broad queries would otherwise keep most of a gigabyte alive. It
/// is enough for every prefix of a long query at 1M (r, ra, … ransomware: 4.3 million), so
/// backspacing to a one-letter query never searches again.
const CACHE_HITS: usize = 8_000_000;

/// Runs queries against one index, reusing recent results.
#[derive(Debug)]
pub struct Searcher {
    index: Arc<SearchIndex>,
    recent: VecDeque<SearchResults>,
}

impl Searcher {
    /// A searcher over `index`.
    pub fn new(index: Arc<SearchIndex>) -> Searcher {
        Searcher {
            index,
            recent: VecDeque::with_capacity(CACHE_SIZE),
        }
    }

    /// The index searched.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Answers `text`: from the cache, by narrowing a cached query it extends, or afresh.
    pub fn run(&mut self, text: &str) -> SearchResults {
        let query = Query::parse(text);
        let same = self
            .recent
            .iter()
            .position(|r| r.query.tokens == query.tokens);
        if let Some(cached) = same.and_then(|found| self.recent.remove(found)) {
            let results = SearchResults {
                query,
                hits: cached.hits.clone(),
            };
            self.recent.push_front(cached);
            return results;
        }
        // The most specific cached query this one narrows: the fewest candidates.
        let narrowest = self
            .recent
            .iter()
            .filter(|r| r.query.is_narrowed_by(&query))
            .min_by_key(|r| r.hits.len());
        let hits = search(&self.index, &query, narrowest.map(|r| r.hits.as_slice()));
        let results = SearchResults {
            query,
            hits: Arc::new(hits),
        };
        self.recent.push_front(results.clone());
        // Forget the oldest queries first; the newest stays whatever its size.
        let mut held: usize = self.recent.iter().map(|r| r.hits.len()).sum();
        while self.recent.len() > 1 && (self.recent.len() > CACHE_SIZE || held > CACHE_HITS) {
            held -= self.recent.pop_back().map_or(0, |r| r.hits.len());
        }
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_recent_queries_within_its_limits() {
        let data = crate::generate::synthetic(2_000, 3);
        let mut searcher = Searcher::new(Arc::new(SearchIndex::build(Arc::new(data))));
        for n in 0..40 {
            searcher.run(&format!("query {n}"));
        }
        assert_eq!(searcher.recent.len(), CACHE_SIZE);
        assert_eq!(
            searcher.recent[0].query.text, "query 39",
            "the newest is kept"
        );
        let again = searcher.run("query 39");
        assert_eq!(again.query.text, "query 39");
        assert!(searcher.recent.iter().map(|r| r.hits.len()).sum::<usize>() <= CACHE_HITS);
    }
}
