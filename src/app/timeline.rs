//! The timeline's rows: the current results along time, grouped by year and month, with
//! partial dates kept as what they are (a year-only date is not 1 January).

use super::App;
use super::relations::DerivedFrom;
use crate::data::{PartialDate, Precision};

/// One row of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineRow {
    /// A year, or a span of years when the date is only known to lie within it.
    Year {
        /// First year.
        year: i32,
        /// Last year, for an uncertain span.
        until: Option<i32>,
        /// Incidents under it.
        count: usize,
    },
    /// Incidents known only to the year.
    YearOnly {
        /// The year.
        year: i32,
    },
    /// A month.
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u8,
    },
    /// Incidents with no date at all.
    Undated,
    /// An incident.
    Item {
        /// Position of the incident in the data.
        incident: u32,
    },
}

/// The timeline's rows and selection.
#[derive(Clone, Debug, Default)]
pub struct TimelineState {
    /// Headings and incidents, earliest first.
    pub rows: Vec<TimelineRow>,
    /// Which rows are incidents.
    pub items: Vec<usize>,
    /// Selected position in `items`.
    pub selected: usize,
    /// The results the rows were derived from.
    pub derived_from: DerivedFrom,
}

impl App {
    /// Rebuilds the timeline from the current results: earliest first, undated last.
    pub(super) fn refresh_timeline(&mut self) {
        // Only which incidents are shown matters here, not their order or the filters.
        let source = DerivedFrom::of(&self.search.results, false);
        if source.same(&self.panes.timeline.derived_from) {
            return;
        }
        let keep = self.timeline_incident();
        let count = self.workspace.data.incidents.len();
        let mut shown = vec![false; count];
        for hit in self.search.results.hits.iter() {
            if let Some(slot) = shown.get_mut(hit.incident as usize) {
                *slot = true;
            }
        }
        // The index keeps every incident newest first (undated last), with each one's date
        // beside it: read backwards, that is earliest first, with no sorting and no trip to
        // the incidents themselves, whatever the number of results.
        let order = &self.workspace.index.newest_first;
        let dates = &self.workspace.dates_newest_first;
        let (mut dated, mut undated): (Vec<(u32, PartialDate)>, Vec<u32>) =
            (Vec::new(), Vec::new());
        for (&incident, date) in order.iter().zip(dates.iter()).rev() {
            if !shown.get(incident as usize).copied().unwrap_or(false) {
                continue;
            }
            match date {
                Some(date) => dated.push((incident, *date)),
                None => undated.push(incident),
            }
        }
        // Equal dates came out last-in-file first: each run of them turns round into file
        // order.
        let mut start = 0;
        while start < dated.len() {
            let date = dated[start].1;
            let end = start
                + dated[start..]
                    .iter()
                    .take_while(|(_, d)| *d == date)
                    .count();
            dated[start..end].reverse();
            start = end.max(start + 1);
        }
        undated.reverse();
        let mut rows = Vec::with_capacity(dated.len() * 2 + undated.len() + 1);
        let mut index = 0;
        while index < dated.len() {
            let date = dated[index].1;
            // Everything with the same year (and the same uncertain span) goes together.
            let end = index
                + dated[index..]
                    .iter()
                    .take_while(|(_, d)| d.year == date.year && d.until_year == date.until_year)
                    .count();
            rows.push(TimelineRow::Year {
                year: date.year,
                until: date.until_year,
                count: end - index,
            });
            let mut previous_month = None;
            for &(incident, date) in &dated[index..end] {
                let heading = match date.precision() {
                    Precision::Year => Some(TimelineRow::YearOnly { year: date.year }),
                    Precision::Month | Precision::Day => {
                        date.month.map(|month| TimelineRow::Month {
                            year: date.year,
                            month,
                        })
                    }
                    Precision::YearRange => None,
                };
                if heading.is_some() && heading != previous_month {
                    rows.extend(heading);
                    previous_month = heading;
                }
                rows.push(TimelineRow::Item { incident });
            }
            index = end.max(index + 1);
        }
        if !undated.is_empty() {
            rows.push(TimelineRow::Undated);
            rows.extend(
                undated
                    .into_iter()
                    .map(|incident| TimelineRow::Item { incident }),
            );
        }
        let items = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row, TimelineRow::Item { .. }))
            .map(|(position, _)| position)
            .collect();
        self.panes.timeline = TimelineState {
            rows,
            items,
            selected: 0,
            derived_from: source,
        };
        if let Some(incident) = keep {
            self.select_on_timeline(incident);
        }
    }

    /// Selects an incident on the timeline, if it is there.
    pub(super) fn select_on_timeline(&mut self, incident: u32) {
        let timeline = &mut self.panes.timeline;
        if let Some(item) = timeline
            .items
            .iter()
            .position(|&row| timeline.rows.get(row) == Some(&TimelineRow::Item { incident }))
        {
            timeline.selected = item;
        }
    }

    /// The incident selected on the timeline, if any.
    pub fn timeline_incident(&self) -> Option<u32> {
        let timeline = &self.panes.timeline;
        let row = *timeline.items.get(timeline.selected)?;
        match timeline.rows.get(row) {
            Some(TimelineRow::Item { incident }) => Some(*incident),
            _ => None,
        }
    }
}
