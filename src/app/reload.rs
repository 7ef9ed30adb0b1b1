//! Live reload: new data replaces the old while the view, the selection, the query and the
//! filters stay; data that no longer loads is explained while the last good data stays.

use super::{App, Prepared, View};
use crate::search::{Query, SearchResults};

impl App {
    /// Swaps in freshly loaded data, keeping the user's place.
    pub(super) fn replace_data(&mut self, prepared: Prepared) {
        let keep = match self.view {
            View::Relations => self
                .relations_selected_incident()
                .map(|i| self.data.incidents[i as usize].id.clone())
                .or_else(|| {
                    self.selected_group_position()
                        .map(|g| self.data.groups[g as usize].id.clone())
                }),
            _ => self.detail_incident().map(|i| i.id.clone()),
        };
        self.data = prepared.index.data.clone();
        self.links = prepared.links;
        self.sort_keys = prepared.sort_keys;
        self.raw_results = SearchResults {
            query: Query::default(),
            hits: prepared.everything,
        };
        self.index = prepared.index;
        self.load_problem = None;
        if self.tour.is_some_and(|t| t.tour >= self.data.tours.len()) {
            self.tour = None;
        }
        self.pending_select = keep;
        // The query runs again on the new data; until then, everything is listed.
        if self.query.is_empty() {
            self.reapply_filters();
            self.apply_pending_select();
        } else {
            self.pending_query = Some(self.query.clone());
            self.derive_results();
            self.refresh_views();
        }
        self.notice = Some(format!("reloaded: {} incidents", self.data.incidents.len()));
    }
}
