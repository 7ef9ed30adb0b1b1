//! Filters and sort order on top of the search: the results every view shows are the
//! search's hits, filtered, then sorted.

use std::sync::Arc;

use super::App;
use rayon::prelude::*;

use crate::data::facets::FacetCounts;
use crate::data::filter::{Facet, FacetCount};
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
    /// Every incident, ordered by first victim's name.
    pub by_victim: Vec<u32>,
    /// Every incident, most records exposed first (ties newest first); set by
    /// [`SortKeys::order_by_records`], which needs the index's recency.
    pub by_records: Vec<u32>,
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
        let mut by_victim = vec![0; victim_rank.len()];
        for (incident, &rank) in victim_rank.iter().enumerate() {
            if let Some(slot) = by_victim.get_mut(rank as usize) {
                *slot = incident as u32;
            }
        }
        SortKeys {
            victim_rank,
            records,
            by_victim,
            by_records: Vec::new(),
        }
    }

    /// Orders every incident by records exposed, largest first, ties newest first.
    pub fn order_by_records(&mut self, recency_rank: &[u32]) {
        use rayon::prelude::*;
        let mut order: Vec<u32> = (0..self.records.len() as u32).collect();
        order.par_sort_unstable_by_key(|&i| {
            (
                std::cmp::Reverse(self.records[i as usize]),
                recency_rank.get(i as usize).copied().unwrap_or(u32::MAX),
            )
        });
        self.by_records = order;
    }
}

/// From this many incidents up, the filter panel's counts are made off the input path.
const BACKGROUND_COUNT: usize = 50_000;

/// Counting the filter panel's values for the results and filters of one moment: a job the
/// runtime runs on another thread for large data.
#[derive(Clone, Debug)]
pub struct CountJob {
    /// Which question this answers: only the newest one's answer is used.
    pub token: u64,
    workspace: super::Workspace,
    hits: Arc<Vec<Hit>>,
    filters: crate::data::filter::Filters,
}

impl CountJob {
    /// Counts every facet's values (seconds at most, on every core).
    pub fn run(&self) -> FacetCounts {
        // Counting does not care about order, and memory read in order is read fast.
        let mut positions: Vec<u32> = self.hits.iter().map(|h| h.incident).collect();
        positions.par_sort_unstable();
        self.workspace
            .facets
            .count(&self.workspace.data, &positions, &self.filters)
    }

    /// The answer, as the action that takes it into the app.
    pub fn answer(&self) -> super::Action {
        super::Action::FacetsCounted {
            token: self.token,
            generation: self.workspace.generation(),
            counts: Box::new(self.run()),
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
    /// How many more values a long facet has than it lists (a search narrows them).
    More(Facet, usize),
}

impl App {
    /// Filters and sorts the search's hits into the results every view shows.
    ///
    /// Each order is kept for the whole data set (made once per load): the results in an
    /// order are the ones of that list that are among the results, found in one pass, with
    /// no sorting on the input path.
    pub(super) fn derive_results(&mut self) {
        let search = &self.search;
        let raw = &search.raw;
        if search.filters.is_empty() && search.sort == SortOrder::Relevance {
            self.search.results = raw.clone();
            return;
        }
        let data = &self.workspace.data;
        let facets = &self.workspace.facets;
        let compiled = facets.compile(&search.filters);
        // Which incidents pass, found by reading the facet columns in order (fast), then
        // looked up for each hit in the search's order.
        let passes: Vec<bool> = if compiled.is_empty() {
            Vec::new()
        } else {
            (0..data.incidents.len() as u32)
                .into_par_iter()
                .map(|incident| compiled.matches(facets, data, incident))
                .collect()
        };
        let passing = |incident: u32| {
            compiled.is_empty() || passes.get(incident as usize).copied().unwrap_or(false)
        };
        let order: Option<&[u32]> = match search.sort {
            SortOrder::Relevance => None,
            SortOrder::Date => Some(&self.workspace.index.newest_first),
            SortOrder::Victim => Some(&self.workspace.sort_keys.by_victim),
            SortOrder::Records => Some(&self.workspace.sort_keys.by_records),
        };
        // The empty query lists every incident, newest first, each with the same score:
        // its results in an order are that order's list itself, filtered.
        let everything = raw.query.is_empty()
            && raw.generation == self.workspace.generation()
            && raw.hits.len() == data.incidents.len();
        let hits: Vec<Hit> = match order {
            Some(_) if everything && compiled.is_empty() && search.sort == SortOrder::Date => {
                // Newest first is the empty query's own order: the same list, shared.
                self.search.results = raw.clone();
                return;
            }
            Some(order) if everything => order
                .par_iter()
                .filter(|&&incident| passing(incident))
                .map(|&incident| Hit {
                    incident,
                    score: 0,
                    via: None,
                })
                .collect(),
            Some(order) => {
                // Where each result is in the search's list, by incident, then the order's
                // list read through it.
                let mut at = vec![u32::MAX; data.incidents.len()];
                for (k, hit) in raw.hits.iter().enumerate() {
                    if let Some(slot) = at.get_mut(hit.incident as usize) {
                        *slot = k as u32;
                    }
                }
                order
                    .par_iter()
                    .filter_map(|&incident| {
                        let k = *at.get(incident as usize)?;
                        raw.hits.get(k as usize).copied()
                    })
                    .filter(|hit| passing(hit.incident))
                    .collect()
            }
            None => raw
                .hits
                .par_iter()
                .filter(|hit| passing(hit.incident))
                .copied()
                .collect(),
        };
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
        let shown = self.detail_position();
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
        // The selection compared itself with the new results: compare what the detail shows.
        if self.detail_position() != shown {
            self.panes.detail.scroll = 0;
        }
        if self.layers.filter_panel().is_some() {
            self.refresh_filter_rows();
        }
    }

    /// Recomputes the filter panel's counts: at once for small data, else off the input
    /// path (the panel keeps its counts, marked "counting…", until the new ones arrive).
    pub(super) fn refresh_filter_rows(&mut self) {
        let job = CountJob {
            token: self.search.count_token.wrapping_add(1),
            workspace: self.workspace.clone(),
            hits: Arc::clone(&self.search.raw.hits),
            filters: self.search.filters.clone(),
        };
        self.search.count_token = job.token;
        if self.workspace.data.incidents.len() < BACKGROUND_COUNT {
            let counts = job.run();
            self.apply_counts(&counts);
            return;
        }
        if let Some(panel) = self.layers.filter_panel_mut() {
            panel.counting = true;
        }
        self.search.count_job = Some(job);
    }

    /// A count job's answer: used if it answers the newest question on the same data.
    pub(super) fn receive_counts(&mut self, token: u64, generation: u64, counts: &FacetCounts) {
        if token == self.search.count_token && generation == self.workspace.generation() {
            self.apply_counts(counts);
        }
    }

    /// Turns counts into the panel's rows: values facet by facet, the year range after the
    /// entry vectors, and how many more a long facet has.
    fn apply_counts(&mut self, counts: &FacetCounts) {
        let mut rows = Vec::with_capacity(counts.rows.len() + 2);
        let more = |facet: Facet| {
            counts
                .hidden
                .iter()
                .find(|(f, _)| *f == facet)
                .map(|&(f, n)| FilterRow::More(f, n))
        };
        let mut previous: Option<Facet> = None;
        for count in counts.rows.iter().cloned() {
            if count.facet == Facet::Year {
                continue;
            }
            if previous != Some(count.facet) {
                rows.extend(previous.and_then(more));
                previous = Some(count.facet);
            }
            if count.facet == Facet::EntryVector && !rows.iter().any(|r| r == &FilterRow::FromYear)
            {
                rows.push(FilterRow::FromYear);
                rows.push(FilterRow::ToYear);
            }
            rows.push(FilterRow::Value(count));
        }
        rows.extend(previous.and_then(more));
        if !rows.contains(&FilterRow::FromYear) {
            rows.push(FilterRow::FromYear);
            rows.push(FilterRow::ToYear);
        }
        if let Some(panel) = self.layers.filter_panel_mut() {
            panel.cursor = panel.cursor.min(rows.len().saturating_sub(1));
            panel.rows = rows;
            panel.counting = false;
        }
    }

    /// The count the runtime should run next, off the input path, if any.
    pub fn take_count_job(&mut self) -> Option<CountJob> {
        self.search.count_job.take()
    }

    /// The years the data spans, for the year range.
    pub fn year_span(&self) -> Option<(i32, i32)> {
        self.workspace.facets.year_span()
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
            Some(FilterRow::More(facet, _)) => {
                self.screen.notice = Some(format!(
                    "The most frequent {}s are listed; search to narrow them.",
                    facet.label()
                ));
                return;
            }
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
