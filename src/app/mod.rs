//! Application state and its one place of change, [`App::update`].

pub mod action;
pub mod events;
pub mod keymap;
mod update;

use std::sync::Arc;

use crate::data::{Dataset, Incident};
use crate::search::{Hit, Query, SearchIndex, SearchResults, Searcher};

pub use action::{Action, Focus, View};
pub use keymap::Mode;

/// Everything the screen shows, and nothing the screen computes.
#[derive(Debug)]
pub struct App {
    /// The loaded data.
    pub data: Arc<Dataset>,
    /// The search index over it.
    pub index: Arc<SearchIndex>,
    /// The screen shown.
    pub view: View,
    /// The pane that takes keys.
    pub focus: Focus,
    /// The help overlay is open.
    pub show_help: bool,
    /// Rows scrolled in the help overlay.
    pub help_scroll: u16,
    /// The query as typed.
    pub query: String,
    /// The results on screen: the last ones ready, possibly for an older query.
    pub results: SearchResults,
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
    /// The app should exit.
    pub should_quit: bool,
    /// The mouse is captured (wheel and clicks work in the app).
    pub mouse_capture: bool,
}

impl App {
    /// A new app over `index`, showing every incident, newest first.
    pub fn new(index: Arc<SearchIndex>, size: (u16, u16)) -> App {
        let results = SearchResults {
            query: Query::default(),
            hits: Arc::new(crate::search::search(&index, &Query::default(), None)),
        };
        App {
            data: index.data.clone(),
            index,
            view: View::Incidents,
            focus: Focus::List,
            show_help: false,
            help_scroll: 0,
            query: String::new(),
            results,
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            size,
            pending_query: None,
            should_quit: false,
            mouse_capture: true,
        }
    }

    /// The key table that applies now.
    pub fn mode(&self) -> Mode {
        if self.show_help {
            return Mode::Help;
        }
        match self.focus {
            Focus::Search => Mode::Search,
            Focus::List => Mode::List,
            Focus::Detail => Mode::Detail,
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

    /// True while the results on screen answer an older query than the one typed.
    pub fn is_searching(&self) -> bool {
        self.pending_query.is_some() || self.results.query.text != self.query
    }

    /// The query the runtime should run next, if the query changed.
    pub fn take_search_request(&mut self) -> Option<String> {
        self.pending_query.take()
    }

    /// Runs a waiting query on this thread: for small data and for tests.
    pub fn run_pending_search(&mut self, searcher: &mut Searcher) {
        if let Some(query) = self.take_search_request() {
            let results = searcher.run(&query);
            self.update(Action::SearchFinished(results));
        }
    }
}
