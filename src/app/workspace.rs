//! The loaded data and everything the app derives from it before it can show it: the
//! search index, the links, the sort keys and the first result list. Built once per load,
//! off the input path, with the independent parts side by side on every core, and
//! replaced whole on reload.

use std::sync::Arc;

use super::filters::SortKeys;
use crate::data::facets::FacetIndex;
use crate::data::links::Links;
use crate::data::timings::phase;
use crate::data::{Dataset, Incident, PartialDate};
use crate::search::{Hit, Query, SearchIndex, SearchResults, search};

/// A data set made ready for the app.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The loaded data.
    pub data: Arc<Dataset>,
    /// The search index over it.
    pub index: Arc<SearchIndex>,
    /// Claims and third parties as links.
    pub links: Arc<Links>,
    /// Keys for the sort orders.
    pub sort_keys: Arc<SortKeys>,
    /// Every incident's facet values as numbers, for filters and their counts.
    pub facets: Arc<FacetIndex>,
    /// Each incident's date, in the index's newest-first order: the timeline reads it in
    /// order instead of visiting a million incidents.
    pub dates_newest_first: Arc<Vec<Option<PartialDate>>>,
    /// What an empty query lists: every incident, newest first.
    pub everything: Arc<Vec<Hit>>,
}

impl PartialEq for Workspace {
    /// Two workspaces are the same when they come from the same load.
    fn eq(&self, other: &Workspace) -> bool {
        self.generation() == other.generation()
    }
}

impl Workspace {
    /// Derives everything from freshly loaded data. Memory freed meanwhile goes back to the
    /// system at once (see [`crate::allocator::giving_freed_memory_back`]).
    pub fn build(data: Arc<Dataset>) -> Workspace {
        crate::allocator::giving_freed_memory_back(|| Workspace::build_now(data))
    }

    fn build_now(data: Arc<Dataset>) -> Workspace {
        let newest_first = phase("newest first", || data.newest_first());
        let (index, ((links, sort_keys), facets)) = rayon::join(
            || {
                phase("  search index", || {
                    SearchIndex::build_ordered(Arc::clone(&data), newest_first.clone())
                })
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || phase("  links", || Links::build(&data, &newest_first)),
                            || phase("  sort keys", || SortKeys::build(&data)),
                        )
                    },
                    || phase("  facets", || FacetIndex::build(&data)),
                )
            },
        );
        phase("first results", || {
            Workspace::assemble(Arc::new(index), links, sort_keys, facets)
        })
    }

    /// Derives the rest from an index built elsewhere.
    pub fn from_index(index: Arc<SearchIndex>) -> Workspace {
        let ((links, sort_keys), facets) = rayon::join(
            || {
                rayon::join(
                    || Links::build(&index.data, &index.newest_first),
                    || SortKeys::build(&index.data),
                )
            },
            || FacetIndex::build(&index.data),
        );
        Workspace::assemble(index, links, sort_keys, facets)
    }

    fn assemble(
        index: Arc<SearchIndex>,
        links: Links,
        mut sort_keys: SortKeys,
        facets: FacetIndex,
    ) -> Workspace {
        sort_keys.order_by_records(&index.recency_rank);
        use rayon::prelude::*;
        let dates_newest_first = index
            .newest_first
            .par_iter()
            .map(|&i| index.data.incidents.get(i as usize).and_then(|i| i.date))
            .collect();
        Workspace {
            facets: Arc::new(facets),
            dates_newest_first: Arc::new(dates_newest_first),
            everything: Arc::new(search(&index, &Query::default(), None)),
            data: Arc::clone(&index.data),
            index,
            links: Arc::new(links),
            sort_keys: Arc::new(sort_keys),
        }
    }

    /// This load's number: search results computed on another load are not for it.
    pub fn generation(&self) -> u64 {
        self.index.generation
    }

    /// The results of the empty query: every incident, newest first.
    pub fn everything(&self) -> SearchResults {
        SearchResults::new(
            Query::default(),
            Arc::clone(&self.everything),
            self.generation(),
        )
    }

    /// The incident at a position, if there is one.
    pub fn incident(&self, position: u32) -> Option<&Incident> {
        self.data.incidents.get(position as usize)
    }

    /// The position of the incident with this id.
    pub fn incident_position(&self, id: &str) -> Option<u32> {
        self.data.incident_position(id).map(|p| p as u32)
    }

    /// The position of the group with this id.
    pub fn group_position(&self, id: &str) -> Option<usize> {
        self.data.group_position(id)
    }
}
