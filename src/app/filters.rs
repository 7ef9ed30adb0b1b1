//! Filters and sort order on top of the search: the results every view shows are the
//! search's hits, filtered, then sorted.

use std::sync::Arc;

use super::App;
use crate::data::filter::{Facet, FacetCount, facet_counts};
use crate::data::{Dataset, Incident};
use crate::search::{Hit, SearchResults};

/// How the result list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (newest first for an empty query).
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// By victim name, A to Z.
    Victim,
    /// Most records exposed first; incidents without a count last.
    Records,
}

impl SortOrder {
    /// The order in words, for the status bar.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Date => "date",
            SortOrder::Victim => "victim",
            SortOrder::Records => "records exposed",
        }
    }

    /// The next order in the cycle.
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Relevance => SortOrder::Date,
            SortOrder::Date => SortOrder::Victim,
            SortOrder::Victim => SortOrder::Records,
            SortOrder::Records => SortOrder::Relevance,
        }
    }
}

/// Per-incident keys for the sort orders that are not the search's own, computed once.
#[derive(Clone, Debug, Default)]
pub struct SortKeys {
    /// Position of each incident when ordered by first victim's name.
    pub victim_rank: Vec<u32>,
    /// The largest record count of each incident (0 when none is stated).
    pub records: Vec<u64>,
}

impl SortKeys {
    /// Computes the keys for a data set.
    pub fn build(data: &Dataset) -> SortKeys {
        use rayon::prelude::*;
        // Names are shared by many incidents: each distinct one is lowercased and ranked
        // once, and incidents are then ordered by a number.
        let first_victim: Vec<Option<usize>> = data
            .incidents
            .par_iter()
            .map(|i| {
                i.victims
                    .first()
                    .and_then(|id| data.organisation_position(id))
            })
            .collect();
        let first_victim_name = |incident: &Incident| {
            // Victims missing from the organisations go by their id, as on screen.
            incident
                .victims
                .first()
                .map_or("", |id| id.as_str())
                .to_lowercase()
        };
        let mut names: Vec<String> = data
            .organisations
            .iter()
            .map(|o| o.name.as_str().to_lowercase())
            .chain(std::iter::once(String::new()))
            .chain(
                data.incidents
                    .iter()
                    .zip(&first_victim)
                    .filter(|(_, organisation)| organisation.is_none())
                    .map(|(incident, _)| first_victim_name(incident)),
            )
            .collect();
        names.par_sort_unstable();
        names.dedup();
        let rank_of = |name: &str| {
            names
                .binary_search_by(|n| n.as_str().cmp(name))
                .unwrap_or_else(|at| at) as u64
        };
        let organisation_rank: Vec<u64> = data
            .organisations
            .iter()
            .map(|o| rank_of(&o.name.as_str().to_lowercase()))
            .collect();
        let mut by_name: Vec<u64> = data
            .incidents
            .par_iter()
            .zip(&first_victim)
            .enumerate()
            .map(|(position, (incident, organisation))| {
                let rank = organisation.map_or_else(
                    || rank_of(&first_victim_name(incident)),
                    |o| organisation_rank[o],
                );
                // Name first, then file order: one number per incident.
                (rank << 32) | position as u64
            })
            .collect();
        by_name.par_sort_unstable();
        let mut victim_rank = vec![0; by_name.len()];
        for (rank, key) in by_name.into_iter().enumerate() {
            victim_rank[(key & u64::from(u32::MAX)) as usize] = rank as u32;
        }
        let records = data
            .incidents
            .iter()
            .map(|i| i.records.iter().map(|r| r.count).max().unwrap_or(0))
            .collect();
        SortKeys {
            victim_rank,
            records,
        }
    }
}

/// A row of the filter panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterRow {
    /// A facet value with its count.
    Value(FacetCount),
    /// The first year of the range (←/→ change it).
    FromYear,
    /// The last year of the range.
    ToYear,
}

impl App {
    /// Filters and sorts the search's hits into the results every view shows.
    pub(super) fn derive_results(&mut self) {
        let search = &self.search;
        let raw = &search.raw;
        if search.filters.is_empty() && search.sort == SortOrder::Relevance {
            self.search.results = raw.clone();
            return;
        }
        let data = &self.workspace.data;
        let mut hits: Vec<Hit> = raw
            .hits
            .iter()
            .filter(|hit| {
                data.incidents
                    .get(hit.incident as usize)
                    .is_some_and(|incident| search.filters.matches(data, incident))
            })
            .copied()
            .collect();
        let recency = &self.workspace.index.recency_rank;
        let keys = &self.workspace.sort_keys;
        let key = |list: &[u32], hit: &Hit| list.get(hit.incident as usize).copied();
        match search.sort {
            SortOrder::Relevance => {}
            SortOrder::Date => hits.sort_by_key(|h| key(recency, h)),
            SortOrder::Victim => hits.sort_by_key(|h| key(&keys.victim_rank, h)),
            SortOrder::Records => hits.sort_by_key(|h| {
                (
                    std::cmp::Reverse(keys.records.get(h.incident as usize).copied()),
                    key(recency, h),
                )
            }),
        }
        self.search.results = SearchResults {
            hits: Arc::new(hits),
            ..raw.clone()
        };
    }

    /// Re-derives the results after a filter or order change, keeping the selected
    /// incident selected when it is still there.
    pub(super) fn reapply_filters(&mut self) {
        let keep = self.selected_hit().map(|h| h.incident);
        self.rederive(keep);
    }

    /// Re-derives the results every view shows from the search's, selecting `keep` when
    /// it is still there and the first row otherwise.
    pub(super) fn rederive(&mut self, keep: Option<u32>) {
        self.derive_results();
        let position = keep
            .and_then(|incident| {
                self.search
                    .results
                    .hits
                    .iter()
                    .position(|h| h.incident == incident)
            })
            .unwrap_or(0);
        self.panes.list.offset = 0;
        self.select(position as i64);
        self.refresh_views();
        if self.layers.filter_panel().is_some() {
            self.refresh_filter_rows();
        }
    }

    /// Recomputes the filter panel's rows and counts.
    pub(super) fn refresh_filter_rows(&mut self) {
        let positions: Vec<u32> = self.search.raw.hits.iter().map(|h| h.incident).collect();
        let counts = facet_counts(&self.workspace.data, &positions, &self.search.filters);
        let mut rows = Vec::with_capacity(counts.len() + 2);
        for count in counts {
            if count.facet == Facet::Year {
                continue;
            }
            if count.facet == Facet::EntryVector && !rows.iter().any(|r| r == &FilterRow::FromYear)
            {
                rows.push(FilterRow::FromYear);
                rows.push(FilterRow::ToYear);
            }
            rows.push(FilterRow::Value(count));
        }
        if !rows.contains(&FilterRow::FromYear) {
            rows.push(FilterRow::FromYear);
            rows.push(FilterRow::ToYear);
        }
        if let Some(panel) = self.layers.filter_panel_mut() {
            panel.cursor = panel.cursor.min(rows.len().saturating_sub(1));
            panel.rows = rows;
        }
    }

    /// The years the data spans, for the year range.
    pub fn year_span(&self) -> Option<(i32, i32)> {
        let years = self
            .workspace
            .data
            .incidents
            .iter()
            .filter_map(|i| i.date)
            .flat_map(|d| [d.year, d.until_year.unwrap_or(d.year)]);
        let (min, max) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        (min <= max).then_some((min, max))
    }

    /// The filter panel's row under its cursor.
    fn filter_row_at_cursor(&self) -> Option<FilterRow> {
        let panel = self.layers.filter_panel()?;
        panel.rows.get(panel.cursor).cloned()
    }

    /// Toggles the value under the panel's cursor, or clears the year bound there.
    pub(super) fn toggle_filter_row(&mut self) {
        let row = self.filter_row_at_cursor();
        let filters = &mut self.search.filters;
        match row {
            Some(FilterRow::Value(count)) => filters.toggle(count.facet, &count.value),
            Some(FilterRow::FromYear) => filters.from_year = None,
            Some(FilterRow::ToYear) => filters.to_year = None,
            None => return,
        }
        self.reapply_filters();
    }

    /// Moves the year bound under the cursor by `delta` years, within the data's span.
    pub(super) fn adjust_year(&mut self, delta: i32) {
        let Some((first, last)) = self.year_span() else {
            return;
        };
        let row = self.filter_row_at_cursor();
        let filters = &mut self.search.filters;
        let bound = match row {
            Some(FilterRow::FromYear) => &mut filters.from_year,
            Some(FilterRow::ToYear) => &mut filters.to_year,
            _ => return,
        };
        let start = if delta > 0 { first - 1 } else { last + 1 };
        let year = (bound.unwrap_or(start) + delta).clamp(first, last);
        *bound = Some(year);
        // Keep the range the right way round.
        if let (Some(from), Some(to)) = (filters.from_year, filters.to_year)
            && from > to
        {
            match row {
                Some(FilterRow::FromYear) => filters.to_year = Some(from),
                _ => filters.from_year = Some(to),
            }
        }
        self.reapply_filters();
    }
}
