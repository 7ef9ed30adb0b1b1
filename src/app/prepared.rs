//! Everything the app derives from a data set before it can show it: the search index,
//! the links, the sort keys and the first result list. Built once per load, off the input
//! path, with the independent parts side by side on every core.

use std::sync::Arc;

use super::filters::SortKeys;
use crate::data::Dataset;
use crate::data::links::Links;
use crate::search::{Hit, Query, SearchIndex, search};

/// A data set made ready for the app.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The search index, which holds the data.
    pub index: Arc<SearchIndex>,
    /// Claims and third parties as links.
    pub links: Arc<Links>,
    /// Keys for the sort orders.
    pub sort_keys: Arc<SortKeys>,
    /// What an empty query lists: every incident, newest first.
    pub everything: Arc<Vec<Hit>>,
}

impl Prepared {
    /// Derives everything from freshly loaded data.
    pub fn build(data: Arc<Dataset>) -> Prepared {
        let newest_first = data.newest_first();
        let (index, (links, sort_keys)) = rayon::join(
            || SearchIndex::build_ordered(Arc::clone(&data), newest_first.clone()),
            || {
                rayon::join(
                    || Links::build(&data, &newest_first),
                    || SortKeys::build(&data),
                )
            },
        );
        Prepared::assemble(Arc::new(index), links, sort_keys)
    }

    /// Derives the rest from an index built elsewhere.
    pub fn from_index(index: Arc<SearchIndex>) -> Prepared {
        let (links, sort_keys) = rayon::join(
            || Links::build(&index.data, &index.newest_first),
            || SortKeys::build(&index.data),
        );
        Prepared::assemble(index, links, sort_keys)
    }

    fn assemble(index: Arc<SearchIndex>, links: Links, sort_keys: SortKeys) -> Prepared {
        Prepared {
            everything: Arc::new(search(&index, &Query::default(), None)),
            index,
            links: Arc::new(links),
            sort_keys: Arc::new(sort_keys),
        }
    }
}
