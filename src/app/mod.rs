//! Application state and its one place of change, [`App::update`].
//!
//! The state is in parts that each own one concern: the [`Workspace`] (the loaded data,
//! replaced whole on reload), the [`SearchState`] (query, results, filters, sort), the
//! [`Screen`] (which screen, which pane, the history), the [`Panes`] (each pane's
//! selection and scroll), the [`Layers`] over the screen, and the [`Prefs`].

pub mod action;
pub mod events;
pub mod external;
pub mod filters;
pub mod graph;
pub mod help;
pub mod history;
pub mod keymap;
pub mod layers;
mod line;
mod mouse;
mod overlays;
mod panes;
pub mod relations;
mod reload;
pub mod timeline;
mod tour;
mod update;
pub mod workspace;

use std::sync::Arc;

use tui_input::Input;

use crate::data::Incident;
use crate::data::filter::Filters;
use crate::layout;
use crate::search::{Hit, SearchIndex, SearchResults, Searcher};
use crate::theme::ThemeName;

pub use action::{Action, Edit, Focus, Side, View};
pub use filters::{CountJob, FilterRow, SortKeys, SortOrder};
pub use graph::{GraphState, Scope, Shown};
pub use history::{History, Place};
pub use keymap::{Keymap, Mode};
pub use layers::{
    FilterPanel, HelpState, Layer, Layers, Problem, ProfileState, TourList, TourProgress,
};
pub use relations::{RelationsMode, RelationsState};
pub use timeline::{TimelineRow, TimelineState};
pub use workspace::Workspace;

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
    /// Turn the terminal's mouse reporting on (true) or off.
    SetMouse(bool),
    /// Give the terminal back and stop, as Ctrl-Z does in a shell, until `fg`.
    Suspend,
    /// Give the terminal to the user's editor on this file, at the line of its `index`-th
    /// incident (whose id is `id`), and take it back when the editor exits.
    EditIncident {
        /// The data file.
        path: std::path::PathBuf,
        /// The incident's place among the file's incidents, from 0.
        index: usize,
        /// Its id, to find it should the file have changed since it was read.
        id: String,
    },
    /// Open a source's web address in the browser, or copy it when there is none to open.
    OpenLink {
        /// The address, checked to be http(s).
        url: String,
        /// Its number in the detail pane's list of sources.
        number: usize,
        /// How many of the incident's sources have an address.
        of: usize,
    },
}

/// The search: what is typed, what it found, and the filters and order on top.
#[derive(Clone, Debug)]
pub struct SearchState {
    /// The query as typed, with its cursor.
    pub input: Input,
    /// A query waiting to be run by the runtime.
    request: Option<String>,
    /// The search's own results: the last ones ready, possibly for an older query.
    pub raw: SearchResults,
    /// What the views show: the search's results, filtered and sorted.
    pub results: SearchResults,
    /// The active filters.
    pub filters: Filters,
    /// The result order.
    pub sort: SortOrder,
    /// The newest filter-count question asked.
    count_token: u64,
    /// A count for the runtime to run off the input path.
    count_job: Option<filters::CountJob>,
}

impl SearchState {
    /// The query as typed.
    pub fn query(&self) -> &str {
        self.input.value()
    }
}

/// Which screen is shown, which pane has the keys, and how the user got there.
#[derive(Clone, Debug)]
pub struct Screen {
    /// The screen shown.
    pub view: View,
    /// The pane that takes the keys when no layer does.
    pub focus: Focus,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// A one-off message for the status bar, cleared by the next key.
    pub notice: Option<String>,
    /// The incident and the link of it last opened, so the next press opens the next one.
    pub last_link: Option<(u32, usize)>,
    /// Places to go back and forward to.
    pub history: History,
    /// A place to finish restoring once the search for its query answers.
    arriving: Option<Place>,
    /// The diagnostics of the last reload that failed, shown or dismissed: the same ones
    /// again (an editor saving twice) do not reopen the panel.
    reported_problem: Option<String>,
}

/// The result list's selection and scroll.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListPane {
    /// Position of the selected row in the results.
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
}

/// The detail pane's scroll and size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DetailPane {
    /// Rows scrolled.
    pub scroll: u16,
    /// The detail takes the whole screen (`z`).
    pub zoomed: bool,
}

/// Each pane's own state.
#[derive(Clone, Debug, Default)]
pub struct Panes {
    /// The incidents screen's result list.
    pub list: ListPane,
    /// The detail pane (incidents and timeline screens).
    pub detail: DetailPane,
    /// The relations screen: its rows, mode and selections.
    pub relations: RelationsState,
    /// The timeline's rows and selection.
    pub timeline: TimelineState,
    /// The graph, what of it is shown, and its picture.
    pub graph: GraphState,
}

/// How the user likes the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// The colour theme.
    pub theme: ThemeName,
    /// The mouse is captured (wheel and clicks work in the app).
    pub mouse_capture: bool,
    /// Source addresses are written as OSC 8 hyperlinks (by the runtime, after each frame).
    pub hyperlinks: bool,
}

/// Everything the screen shows, and nothing the screen computes.
#[derive(Debug)]
pub struct App {
    /// The loaded data and what is derived from it.
    pub workspace: Workspace,
    /// The search, filters and order.
    pub search: SearchState,
    /// Screen, focus and history.
    pub screen: Screen,
    /// Each pane's selection and scroll.
    pub panes: Panes,
    /// The layers over the screen, bottom first.
    pub layers: Layers,
    /// Theme and mouse.
    pub prefs: Prefs,
    /// The keys: the default ones, or as the configuration file remaps them.
    pub keymap: Arc<Keymap>,
    /// The data files open, as given (none for the bundled data): where `E` edits.
    pub files: Vec<std::path::PathBuf>,
    /// Effects waiting for the runtime.
    effects: Vec<Effect>,
    /// The app should exit.
    quit: bool,
}

impl App {
    /// A new app over `index`, showing every incident, newest first.
    pub fn new(index: Arc<SearchIndex>, size: (u16, u16)) -> App {
        App::with_workspace(Workspace::from_index(index), size)
    }

    /// A new app over a prepared data set, showing every incident, newest first.
    pub fn with_workspace(workspace: Workspace, size: (u16, u16)) -> App {
        let results = workspace.everything();
        let mut app = App {
            workspace,
            search: SearchState {
                input: Input::default(),
                request: None,
                raw: results.clone(),
                results,
                filters: Filters::default(),
                sort: SortOrder::default(),
                count_token: 0,
                count_job: None,
            },
            screen: Screen {
                view: View::Incidents,
                focus: Focus::List,
                size,
                notice: None,
                last_link: None,
                history: History::default(),
                arriving: None,
                reported_problem: None,
            },
            panes: Panes::default(),
            layers: Layers::default(),
            prefs: Prefs {
                theme: ThemeName::default(),
                mouse_capture: true,
                hyperlinks: false,
            },
            keymap: Keymap::shared(),
            files: Vec::new(),
            effects: Vec::new(),
            quit: false,
        };
        app.refresh_views();
        app
    }

    /// Recomputes what the view on screen derives from the results. The other views are
    /// recomputed when shown: with a million results, each costs tens of milliseconds, too
    /// much to pay on every keystroke for screens nobody is looking at.
    pub(super) fn refresh_views(&mut self) {
        match self.screen.view {
            View::Incidents => {}
            View::Relations => self.refresh_relations(),
            View::Timeline => self.refresh_timeline(),
            View::Graph => self.refresh_graph(),
        }
    }

    /// The key table of the screen's focused pane, whatever layers are open.
    pub fn pane_mode(&self) -> Mode {
        match self.screen.focus {
            Focus::List => Mode::List,
            Focus::Detail => Mode::Detail,
            Focus::Groups => Mode::Groups,
            Focus::Targets => Mode::Targets,
            Focus::Matrix => Mode::Matrix,
            Focus::ThirdParties => Mode::ThirdParties,
            Focus::Timeline => Mode::Timeline,
            Focus::Graph => Mode::Graph,
        }
    }

    /// The key table that takes a key first: the top layer's, or the focused pane's.
    pub fn mode(&self) -> Mode {
        self.layers.top().map_or(self.pane_mode(), Layer::mode)
    }

    /// The key tables a key is offered to, in order: the top layer's, then down through
    /// layers that pass keys on, then the focused pane's.
    pub fn key_modes(&self) -> Vec<Mode> {
        let mut modes = Vec::new();
        for layer in self.layers.iter().rev() {
            modes.push(layer.mode());
            if !layer.passes_keys_down() {
                return modes;
            }
        }
        modes.push(self.pane_mode());
        modes
    }

    /// True when `pane` has the focus and keys reach it (no layer holds them): it is drawn
    /// as focused.
    pub fn is_focused(&self, pane: Focus) -> bool {
        self.screen.focus == pane && self.key_modes().last() == Some(&self.pane_mode())
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        self.search.query()
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The selected result of the list, if any.
    pub fn selected_hit(&self) -> Option<&Hit> {
        self.search.results.hits.get(self.panes.list.selected)
    }

    /// The incident selected in the result list, if any.
    pub fn selected_incident(&self) -> Option<&Incident> {
        self.selected_hit()
            .and_then(|hit| self.workspace.incident(hit.incident))
    }

    /// The incident under the cursor of the focused pane, on any screen: the list's, the
    /// timeline's, or a target's. None on the group list.
    pub fn focused_incident(&self) -> Option<u32> {
        match self.screen.view {
            View::Incidents => self.selected_hit().map(|h| h.incident),
            View::Timeline => self.timeline_incident(),
            View::Relations => self.relations_selected_incident(),
            View::Graph => self.graph_incident(),
        }
        .filter(|&i| self.workspace.incident(i).is_some())
    }

    /// The position of the incident the detail pane shows, if any.
    pub(super) fn detail_position(&self) -> Option<u32> {
        match self.screen.view {
            View::Timeline => self.timeline_incident(),
            _ => self.selected_hit().map(|hit| hit.incident),
        }
    }

    /// The incident the detail pane shows: the list's selection, or the timeline's.
    pub fn detail_incident(&self) -> Option<&Incident> {
        match self.screen.view {
            View::Timeline => self
                .timeline_incident()
                .and_then(|i| self.workspace.incident(i)),
            _ => self.selected_incident(),
        }
    }

    /// True while the results on screen answer an older query than the one typed.
    pub fn is_searching(&self) -> bool {
        self.search.request.is_some() || self.search.raw.query.text != self.search.query()
    }

    /// The query the runtime should run next, if the query changed.
    pub fn take_search_request(&mut self) -> Option<String> {
        self.search.request.take()
    }

    /// The effects `update` asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Runs a waiting query, and a waiting filter count, on this thread: for small data and
    /// for tests.
    pub fn run_pending_search(&mut self, searcher: &mut Searcher) {
        if let Some(query) = self.take_search_request() {
            let results = searcher.run(&query);
            self.update(Action::SearchFinished(results));
        }
        if let Some(job) = self.take_count_job() {
            self.update(job.answer());
        }
    }

    /// The incidents (and timeline) screen's panes, as they are laid out now.
    pub fn incidents_layout(&self) -> layout::IncidentsLayout {
        let left = if self.screen.view == View::Timeline {
            layout::LeftPane::Timeline
        } else {
            layout::LeftPane::Results
        };
        layout::incidents_layout(self.screen_area(), self.panes.detail.zoomed, left)
    }

    /// The relations screen's panes, the group list as wide as its names need.
    pub fn relations_layout(&self) -> layout::RelationsLayout {
        let data = &self.workspace.data;
        let widest = self
            .panes
            .relations
            .groups
            .iter()
            .filter_map(|row| data.groups.get(row.group as usize))
            .map(|g| {
                crate::layout::text::width_up_to(&g.name, crate::layout::text::LINE_LIMIT)
                    + " · ".len()
                    + g.kind.label().len()
            })
            .max()
            .unwrap_or(0);
        // The marker before a name and the two borders.
        let wanted = (widest + 4).min(usize::from(u16::MAX)) as u16;
        layout::relations_layout(self.screen_area(), wanted)
    }

    /// The part of the terminal the screens use: all of it, less the tour caption.
    pub fn screen_area(&self) -> ratatui::layout::Rect {
        let (width, height) = self.screen.size;
        layout::view_area(
            ratatui::layout::Rect::new(0, 0, width, height),
            self.tour_caption(),
        )
    }

    /// The caption of the tour step shown, if a tour runs.
    pub fn tour_caption(&self) -> Option<&str> {
        let progress = self.layers.tour()?;
        let tour = self.workspace.data.tours.get(progress.tour)?;
        Some(tour.steps.get(progress.step)?.caption.as_str())
    }
}
