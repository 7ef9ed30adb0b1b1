//! Fuzzy search over incidents: folding, the index, queries, and a searcher that remembers
//! recent results so that typing narrows and backspace is instant.

/// Case and accent folding lives with the data, which folds names when merging files.
pub use crate::data::fold;
pub mod index;
pub mod query;
pub mod suggest;
pub mod worker;

use std::collections::VecDeque;
use std::sync::Arc;

pub use index::{FieldKind, SearchIndex};
pub use query::{Hit, Query, Via, highlight_positions, search, search_unless};
pub use suggest::{NameKind, Suggestion};

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
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    /// The query these results answer.
    pub query: Query,
    /// Matches, best first.
    pub hits: Arc<Vec<Hit>>,
    /// The [`SearchIndex::generation`] of the data the hits point into.
    pub generation: u64,
    /// When nothing matched: the names closest to the query, closest first.
    pub suggestions: Arc<Vec<Suggestion>>,
}

impl SearchResults {
    /// Results of `query` on the index of generation `generation`, with no suggestion.
    pub fn new(query: Query, hits: Arc<Vec<Hit>>, generation: u64) -> SearchResults {
        SearchResults {
            query,
            hits,
            generation,
            suggestions: Arc::default(),
        }
    }
}

/// How many names a query that found nothing is offered.
const SUGGESTIONS: usize = 3;

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
    /// The data's names for suggestions, collected the first time a query finds nothing.
    names: Option<suggest::Names>,
}

impl Searcher {
    /// A searcher over `index`.
    pub fn new(index: Arc<SearchIndex>) -> Searcher {
        Searcher {
            index,
            recent: VecDeque::with_capacity(CACHE_SIZE),
            names: None,
        }
    }

    /// The index searched.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Answers `text`: from the cache, by narrowing a cached query it extends, or afresh.
    pub fn run(&mut self, text: &str) -> SearchResults {
        // Never cancelled, so always answered; the empty fallback only satisfies the types.
        self.run_unless(text, &|| false).unwrap_or_else(|| {
            SearchResults::new(Query::parse(text), Arc::default(), self.index.generation)
        })
    }

    /// As [`Searcher::run`], but gives up (caching nothing) once `cancelled` says the answer
    /// is no longer wanted; see [`search_unless`].
    pub fn run_unless(
        &mut self,
        text: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<SearchResults> {
        let query = Query::parse(text);
        let same = self
            .recent
            .iter()
            .position(|r| r.query.tokens == query.tokens);
        if let Some(cached) = same.and_then(|found| self.recent.remove(found)) {
            let results = SearchResults {
                query,
                ..cached.clone()
            };
            self.recent.push_front(cached);
            return Some(results);
        }
        // The most specific cached query this one narrows: the fewest candidates.
        let narrowest = self
            .recent
            .iter()
            .filter(|r| r.query.is_narrowed_by(&query))
            .min_by_key(|r| r.hits.len());
        let hits = search_unless(
            &self.index,
            &query,
            narrowest.map(|r| r.hits.as_slice()),
            cancelled,
        )?;
        let suggestions = if hits.is_empty() && !query.is_empty() {
            let index = &self.index;
            let names = self
                .names
                .get_or_insert_with(|| suggest::Names::of(&index.data));
            names.closest(&query.text, SUGGESTIONS)
        } else {
            Vec::new()
        };
        let results = SearchResults {
            query,
            hits: Arc::new(hits),
            generation: self.index.generation,
            suggestions: Arc::new(suggestions),
        };
        self.recent.push_front(results.clone());
        // Forget the oldest queries first; the newest stays whatever its size.
        let mut held: usize = self.recent.iter().map(|r| r.hits.len()).sum();
        while self.recent.len() > 1 && (self.recent.len() > CACHE_SIZE || held > CACHE_HITS) {
            held -= self.recent.pop_back().map_or(0, |r| r.hits.len());
        }
        Some(results)
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

    #[test]
    fn a_cancelled_search_answers_nothing_and_caches_nothing() {
        let data = crate::generate::synthetic(5_000, 3);
        let index = Arc::new(SearchIndex::build(Arc::new(data)));
        let mut searcher = Searcher::new(Arc::clone(&index));
        assert!(searcher.run_unless("bank", &|| true).is_none());
        assert!(
            searcher.recent.is_empty(),
            "a stale answer is not remembered"
        );
        let answered = searcher
            .run_unless("bank", &|| false)
            .expect("not cancelled");
        let direct = search(&index, &Query::parse("bank"), None);
        assert!(!direct.is_empty());
        assert_eq!(*answered.hits, direct);
    }

    /// Queries sent faster than they can be answered: stale ones may be skipped or stopped,
    /// but the last one is always answered, and answered last.
    #[test]
    fn the_worker_always_answers_the_newest_query_last() {
        let data = crate::generate::synthetic(20_000, 3);
        let index = Arc::new(SearchIndex::build(Arc::new(data)));
        let (sender, answers) = std::sync::mpsc::channel();
        let worker = worker::SearchWorker::spawn(Searcher::new(Arc::clone(&index)), move |r| {
            let _ = sender.send(r);
        })
        .expect("a thread");
        let typed = [
            "b",
            "ba",
            "ban",
            "bank",
            "bank p",
            "bank ph",
            "bank phi",
            "bank phishing",
        ];
        for query in typed {
            worker.request(query);
        }
        let mut last = None;
        while let Ok(results) = answers.recv_timeout(std::time::Duration::from_secs(30)) {
            let done = results.query.text == "bank phishing";
            last = Some(results);
            if done {
                break;
            }
        }
        let last = last.expect("answers came");
        assert_eq!(last.query.text, "bank phishing");
        assert_eq!(
            *last.hits,
            search(&index, &Query::parse("bank phishing"), None)
        );
        drop(worker);
        assert!(
            answers.try_recv().is_err(),
            "nothing comes after the newest answer"
        );
    }
}
