//! Application state and its one place of change, [`App::update`].

pub mod action;
pub mod events;
pub mod filters;
pub mod keymap;
pub mod prepared;
pub mod relations;
mod reload;
pub mod timeline;
pub mod tour;
mod update;

use std::sync::Arc;

use crate::data::filter::Filters;
use crate::data::links::Links;
use crate::data::{Dataset, Incident, Text};
use crate::search::{Hit, Query, SearchIndex, SearchResults, Searcher};
use crate::ui::theme::ThemeName;

pub use action::{Action, Focus, View};
pub use filters::{FilterRow, SortKeys, SortOrder};
pub use keymap::Mode;
pub use prepared::Prepared;
pub use relations::{RelationsMode, RelationsState};
pub use timeline::TimelineRow;
pub use tour::TourProgress;

/// Work for the runtime: things `update` decides but does not do, because they touch the
/// terminal or the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the current screen as SVG.
    SaveScreen,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write the current results as a Markdown report.
    ExportResults,
}

/// Everything the screen shows, and nothing the screen computes.
#[derive(Debug)]
pub struct App {
    /// The loaded data.
    pub data: Arc<Dataset>,
    /// The search index over it.
    pub index: Arc<SearchIndex>,
    /// Claims and third parties as links, for the relations view.
    pub links: Arc<Links>,
    /// The relations view's derived rows and selections.
    pub relations: RelationsState,
    /// The screen shown.
    pub view: View,
    /// The pane that takes keys.
    pub focus: Focus,
    /// Where focus goes back to when the search line is left.
    pub return_focus: Focus,
    /// A one-off message for the status bar, cleared by the next action.
    pub notice: Option<String>,
    /// The help overlay is open.
    pub show_help: bool,
    /// Rows scrolled in the help overlay.
    pub help_scroll: u16,
    /// The query as typed.
    pub query: String,
    /// The search's own results: the last ones ready, possibly for an older query.
    pub raw_results: SearchResults,
    /// What the views show: the search's results, filtered and sorted.
    pub results: SearchResults,
    /// The active filters.
    pub filters: Filters,
    /// The result order.
    pub sort: SortOrder,
    /// Per-incident keys for sorting.
    pub sort_keys: Arc<SortKeys>,
    /// The filter panel is open.
    pub show_filters: bool,
    /// The filter panel's rows, with counts.
    pub filter_rows: Vec<FilterRow>,
    /// The filter panel's cursor.
    pub filter_cursor: usize,
    /// The timeline's rows.
    pub timeline_rows: Vec<TimelineRow>,
    /// Which rows of the timeline are incidents.
    pub timeline_items: Vec<usize>,
    /// Selected position in `timeline_items`.
    pub timeline_selected: usize,
    /// Position of the selected row in `results`.
    pub selected: usize,
    /// First result row drawn.
    pub list_offset: usize,
    /// Rows scrolled in the detail pane.
    pub detail_scroll: u16,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// A query waits to be run by the runtime.
    pending_query: Option<String>,
    /// Effects waiting for the runtime.
    effects: Vec<Effect>,
    /// The app should exit.
    pub should_quit: bool,
    /// The colour theme.
    pub theme: ThemeName,
    /// Why the data file no longer loads (the last good data stays on screen).
    pub load_problem: Option<String>,
    /// The running tour, if any.
    pub tour: Option<TourProgress>,
    /// The list of tours is open.
    pub show_tours: bool,
    /// Selected row in the list of tours.
    pub tours_selected: usize,
    /// An incident or group id to select once the current search is answered.
    pending_select: Option<Text>,
    /// The mouse is captured (wheel and clicks work in the app).
    pub mouse_capture: bool,
}

impl App {
    /// A new app over `index`, showing every incident, newest first.
    pub fn new(index: Arc<SearchIndex>, size: (u16, u16)) -> App {
        App::with_prepared(Prepared::from_index(index), size)
    }

    /// A new app over a prepared data set, showing every incident, newest first.
    pub fn with_prepared(prepared: Prepared, size: (u16, u16)) -> App {
        let results = SearchResults {
            query: Query::default(),
            hits: prepared.everything,
        };
        let mut app = App {
            data: prepared.index.data.clone(),
            index: prepared.index,
            links: prepared.links,
            relations: RelationsState::default(),
            view: View::Incidents,
            focus: Focus::List,
            return_focus: Focus::List,
            notice: None,
            show_help: false,
            help_scroll: 0,
            query: String::new(),
            raw_results: results.clone(),
            results,
            filters: Filters::default(),
            sort: SortOrder::default(),
            sort_keys: prepared.sort_keys,
            show_filters: false,
            filter_rows: Vec::new(),
            filter_cursor: 0,
            timeline_rows: Vec::new(),
            timeline_items: Vec::new(),
            timeline_selected: 0,
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            size,
            pending_query: None,
            effects: Vec::new(),
            should_quit: false,
            mouse_capture: true,
            theme: ThemeName::default(),
            load_problem: None,
            tour: None,
            show_tours: false,
            tours_selected: 0,
            pending_select: None,
        };
        app.refresh_views();
        app
    }

    /// Recomputes what the view on screen derives from the results. The other views are
    /// recomputed when shown: with a million results, each costs tens of milliseconds, too
    /// much to pay on every keystroke for screens nobody is looking at.
    pub(super) fn refresh_views(&mut self) {
        match self.view {
            View::Incidents => {}
            View::Relations => self.refresh_relations(),
            View::Timeline => self.refresh_timeline(),
        }
    }

    /// The key table that applies now.
    pub fn mode(&self) -> Mode {
        if self.show_help {
            return Mode::Help;
        }
        if self.show_tours {
            return Mode::Tours;
        }
        if self.show_filters {
            return Mode::Filters;
        }
        if self.tour.is_some() && self.focus != Focus::Search {
            return Mode::Tour;
        }
        match self.focus {
            Focus::Search => Mode::Search,
            Focus::List => Mode::List,
            Focus::Detail => Mode::Detail,
            Focus::Groups => Mode::Groups,
            Focus::Targets => Mode::Targets,
            Focus::Matrix => Mode::Matrix,
            Focus::ThirdParties => Mode::ThirdParties,
            Focus::Timeline => Mode::Timeline,
        }
    }

    /// The selected result, if any.
    pub fn selected_hit(&self) -> Option<&Hit> {
        self.results.hits.get(self.selected)
    }

    /// The selected incident, if any.
    pub fn selected_incident(&self) -> Option<&Incident> {
        self.selected_hit()
            .map(|hit| self.index.incident(hit.incident))
    }

    /// The incident the detail pane shows: the list's selection, or the timeline's.
    pub fn detail_incident(&self) -> Option<&Incident> {
        match self.view {
            View::Timeline => self.timeline_incident().map(|i| self.index.incident(i)),
            _ => self.selected_incident(),
        }
    }

    /// True while the results on screen answer an older query than the one typed.
    pub fn is_searching(&self) -> bool {
        self.pending_query.is_some() || self.results.query.text != self.query
    }

    /// The query the runtime should run next, if the query changed.
    pub fn take_search_request(&mut self) -> Option<String> {
        self.pending_query.take()
    }

    /// The effects `update` asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Runs a waiting query on this thread: for small data and for tests.
    pub fn run_pending_search(&mut self, searcher: &mut Searcher) {
        if let Some(query) = self.take_search_request() {
            let results = searcher.run(&query);
            self.update(Action::SearchFinished(results));
        }
    }
}
