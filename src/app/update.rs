//! The one place state changes: [`App::update`] takes an action to the top layer, or to the
//! screen when no layer is open or the top one passes it on.

use super::relations::RelationsMode;
use super::{Action, App, Effect, Focus, Layer, Problem, Side, View};
use crate::search::SearchResults;

impl App {
    /// Applies an action. Never panics, whatever the state or the terminal size.
    pub fn update(&mut self, action: Action) {
        // A notice stays until the user does something.
        if !action.is_background() {
            self.screen.notice = None;
        }
        // The screens' area changes with the terminal, and with the tour's caption (a step's
        // caption of another length, the tour left).
        let area = self.screen_area();
        let shown = self.detail_position();
        // The detail pane is laid out differently on each screen (the timeline's is
        // narrower): going to another screen changes its content's height.
        let detail_pane = self.incidents_layout().detail;
        match action {
            Action::Resize(width, height) => self.resize(width, height),
            Action::SearchFinished(results) => self.receive(results),
            Action::FacetsCounted {
                token,
                generation,
                counts,
            } => self.receive_counts(token, generation, &counts),
            Action::Notify(message) => self.screen.notice = Some(message),
            Action::Reloaded(workspace) => self.replace_data(*workspace),
            Action::ReloadFailed(diagnostics) => self.report_problem(diagnostics),
            Action::Click(column, row) => self.click(column, row),
            Action::Wheel(column, row, direction) => self.wheel(column, row, direction),
            // Ctrl-C everywhere, `q` on a bare screen: the tables only give it where it means
            // quitting.
            Action::Quit => self.quit = true,
            // The runtime suspends (it owns the terminal); no layer or pane has a say.
            Action::Suspend => self.effects.push(Effect::Suspend),
            action => self.route(action),
        }
        // The detail is zoomed only while it has the focus.
        if self.screen.focus != Focus::Detail && self.panes.detail.zoomed {
            self.panes.detail.zoomed = false;
            self.scroll_detail(0);
        }
        if self.screen_area() != area {
            self.fit_to_area();
        } else if self.detail_position() != shown || self.incidents_layout().detail != detail_pane {
            // Another incident in the detail, or the detail in another pane: its scroll
            // stays within its own content.
            self.scroll_detail(0);
        }
    }

    /// Keeps the list's selection in view and every scroll within its content after the
    /// screens' area changed.
    fn fit_to_area(&mut self) {
        self.select(self.panes.list.selected as i64);
        self.scroll_detail(0);
        self.clamp_overlay_scrolls();
        if self.screen.view == View::Graph {
            self.relayout_graph();
        }
    }

    /// Offers an action to the top layer; the tour passes what it does not use to the screen.
    fn route(&mut self, action: Action) {
        // Help opens over any layer but itself, at that layer's section.
        if action == Action::ShowHelp && !matches!(self.layers.top(), Some(Layer::Help(_))) {
            self.open_help();
            return;
        }
        match self.layers.top() {
            None => self.apply_to_screen(action),
            Some(Layer::Tour(_)) => match action {
                Action::NextStep => self.step_tour(1),
                Action::PreviousStep => self.step_tour(-1),
                Action::Close => self.leave_tour(),
                other => self.apply_to_screen(other),
            },
            Some(Layer::Search) => self.apply_to_search_line(action),
            Some(Layer::Filters(_)) => self.apply_to_filter_panel(action),
            Some(Layer::Tours(_)) => self.apply_to_tour_list(action),
            Some(Layer::Help(_)) => self.apply_to_help(action),
            Some(Layer::Profile(_)) => self.apply_to_profile(action),
            Some(Layer::Problem(_)) => self.apply_to_problem(action),
        }
    }

    /// An action for the screen itself.
    pub(super) fn apply_to_screen(&mut self, action: Action) {
        match action {
            Action::Back => self.back(),
            Action::HistoryBack => self.history_back(),
            Action::HistoryForward => self.history_forward(),
            Action::FocusSearch => self.layers.push(Layer::Search),
            Action::TakeSuggestion => self.take_suggestion(),
            Action::Move(rows) => self.move_by(i64::from(rows)),
            Action::Page(direction) => {
                let page = self.page_rows() as i64;
                self.move_by(i64::from(direction) * page);
            }
            Action::Top => self.move_by(i64::MIN / 4),
            Action::Bottom => self.move_by(i64::MAX / 4),
            Action::SwitchPane => self.switch_pane(),
            Action::Pane(side) => self.pane_to(side),
            Action::Open => self.open(),
            Action::Zoom => self.zoom(),
            Action::Section(delta) => self.jump_to_section(delta),
            Action::Column(delta) if self.screen.focus == Focus::Graph => self.graph_across(delta),
            Action::Column(delta) => {
                let row = self.panes.relations.selected_group as i64 + i64::from(delta);
                self.select_group(row);
            }
            Action::Neighbourhood(delta) => {
                if self.screen.view == View::Graph {
                    self.graph_scope(delta);
                }
            }
            Action::Show(view) => self.jump(|app| app.show(view)),
            Action::ToggleMatrix => self.switch_relations_mode(RelationsMode::Matrix),
            Action::ToggleThirdParties => self.switch_relations_mode(RelationsMode::ThirdParties),
            Action::ShowGroups => self.show_groups_of_focused(),
            Action::ShowProfile => self.open_profile(),
            Action::SaveScreen => self.effects.push(Effect::SaveScreen),
            Action::ExportResults => self.effects.push(Effect::ExportResults),
            Action::CopyIncident => self.copy_focused_incident(),
            Action::EditIncident => self.edit_focused_incident(),
            Action::OpenLink => self.open_focused_link(),
            Action::ShowTours => self.open_tour_list(),
            Action::ShowFilters => self.open_filter_panel(),
            Action::ClearFilters => self.clear_filters(),
            Action::CycleSort => self.cycle_sort(),
            Action::ShowHelp => self.open_help(),
            Action::CycleTheme => {
                self.prefs.theme = self.prefs.theme.next();
                self.screen.notice = Some(format!("theme: {}", self.prefs.theme.name()));
            }
            Action::ToggleMouse => {
                self.prefs.mouse_capture = !self.prefs.mouse_capture;
                self.effects
                    .push(Effect::SetMouse(self.prefs.mouse_capture));
                self.screen.notice = Some(if self.prefs.mouse_capture {
                    "mouse on: the wheel scrolls and a click selects (M turns it off)".into()
                } else {
                    "mouse off: the terminal selects text (M turns it on)".into()
                });
            }
            // Nothing is open to close, no line is being typed, no tour runs: these keys are
            // not bound on a screen, and an action sent by other means does nothing.
            Action::Close
            | Action::Insert(_)
            | Action::Paste(_)
            | Action::Edit(_)
            | Action::Submit
            | Action::NextStep
            | Action::PreviousStep
            | Action::ToggleFilter
            | Action::AdjustYear(_)
            | Action::FilterHelp => {}
            // Handled by `update` before routing.
            Action::Quit
            | Action::Suspend
            | Action::Notify(_)
            | Action::Reloaded(_)
            | Action::ReloadFailed(_)
            | Action::Resize(..)
            | Action::Click(..)
            | Action::Wheel(..)
            | Action::SearchFinished(_)
            | Action::FacetsCounted { .. } => {}
        }
    }

    /// Shows why the data file no longer loads, unless these very diagnostics were shown
    /// already (and perhaps dismissed).
    fn report_problem(&mut self, diagnostics: String) {
        if self.screen.reported_problem.as_ref() == Some(&diagnostics) {
            return;
        }
        self.screen.reported_problem = Some(diagnostics.clone());
        self.layers.push(Layer::Problem(Problem {
            diagnostics,
            scroll: 0,
        }));
        self.screen.notice = Some("the data file has errors: the last good data stays".into());
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.screen.size = (width, height);
        // Also when the area stays: a resize is the user's way to ask for a fresh fit.
        self.fit_to_area();
    }

    /// Esc on a screen: the innermost thing to leave, or back in the history.
    fn back(&mut self) {
        match self.screen.focus {
            Focus::Matrix | Focus::ThirdParties => {
                self.panes.relations.mode = RelationsMode::Groups;
                self.screen.focus = Focus::Groups;
                self.refresh_views();
            }
            Focus::Detail if self.panes.detail.zoomed => {
                self.panes.detail.zoomed = false;
                self.scroll_detail(0);
            }
            Focus::Detail => self.screen.focus = self.main_pane(),
            Focus::Targets => self.screen.focus = Focus::Groups,
            Focus::List if !self.query().is_empty() => self.set_query_text(""),
            Focus::List | Focus::Groups | Focus::Timeline | Focus::Graph => {
                if self.screen.history.behind() > 0 {
                    self.history_back();
                } else {
                    self.screen.notice = Some("Nothing to close or go back to (q quits).".into());
                }
            }
        }
    }

    /// The pane a screen starts on: its list.
    pub(super) fn main_pane(&self) -> Focus {
        match self.screen.view {
            View::Incidents => Focus::List,
            View::Timeline => Focus::Timeline,
            View::Graph => Focus::Graph,
            View::Relations => match self.panes.relations.mode {
                RelationsMode::Groups => Focus::Groups,
                RelationsMode::Matrix => Focus::Matrix,
                RelationsMode::ThirdParties => Focus::ThirdParties,
            },
        }
    }

    /// The pane beside the focused one, if it has one.
    fn other_pane(&self) -> Option<Focus> {
        match self.screen.focus {
            Focus::List | Focus::Timeline => Some(Focus::Detail),
            Focus::Detail => Some(self.main_pane()),
            Focus::Groups => Some(Focus::Targets),
            Focus::Targets => Some(Focus::Groups),
            Focus::Matrix | Focus::ThirdParties | Focus::Graph => None,
        }
    }

    fn switch_pane(&mut self) {
        match self.other_pane() {
            Some(pane) => self.screen.focus = pane,
            None => {
                self.screen.notice =
                    Some("This view has one pane (Esc goes back to the groups).".into())
            }
        }
    }

    /// Moves the focus to the pane on `side`: the list is on the left, what it opens on the
    /// right.
    fn pane_to(&mut self, side: Side) {
        let on_the_left = matches!(
            self.screen.focus,
            Focus::List | Focus::Timeline | Focus::Groups
        );
        match (side, on_the_left) {
            (Side::Right, true) | (Side::Left, false) => {
                if let Some(pane) = self.other_pane() {
                    self.screen.focus = pane;
                }
            }
            _ => {}
        }
    }

    /// Enter on a screen: open what is selected.
    fn open(&mut self) {
        match self.screen.focus {
            Focus::List if self.search.results.hits.is_empty() => self.take_suggestion(),
            Focus::List => self.screen.focus = Focus::Detail,
            Focus::Detail => {}
            Focus::Groups => self.screen.focus = Focus::Targets,
            Focus::Graph => self.graph_open(),
            Focus::Timeline | Focus::Targets | Focus::Matrix | Focus::ThirdParties => {
                if let Some(incident) = self.focused_incident() {
                    self.jump(|app| app.open_incident(incident));
                }
            }
        }
    }

    /// Switches screens, starting on the screen's list.
    pub(super) fn show(&mut self, view: View) {
        // The graph opens on what was selected where you came from.
        let hint = if view == View::Graph {
            self.graph_hint()
        } else {
            None
        };
        self.screen.view = view;
        if let Some(node) = hint {
            self.panes.graph.selected = Some(node);
            self.panes.graph.centre = Some(node);
        }
        self.refresh_views();
        self.screen.focus = self.main_pane();
    }

    fn switch_relations_mode(&mut self, mode: RelationsMode) {
        self.panes.relations.mode = if self.panes.relations.mode == mode {
            RelationsMode::Groups
        } else {
            mode
        };
        self.show(View::Relations);
    }

    fn cycle_sort(&mut self) {
        self.search.sort = self.search.sort.next();
        self.reapply_filters();
        // The status bar names any order but relevance; say the rest once, here.
        let label = self.search.sort.label();
        self.screen.notice = if self.screen.view == View::Timeline {
            Some(format!(
                "the timeline keeps date order; the lists are sorted by {label}"
            ))
        } else if self.search.sort == super::SortOrder::Relevance {
            Some(format!("sorted by {label} again"))
        } else {
            None
        };
    }

    pub(super) fn clear_filters(&mut self) {
        if self.search.filters.is_empty() {
            self.screen.notice = Some("No filter is on.".into());
        } else {
            self.search.filters = Default::default();
            self.reapply_filters();
            self.screen.notice = Some("All filters cleared.".into());
        }
    }

    fn copy_focused_incident(&mut self) {
        match self
            .focused_incident()
            .and_then(|i| self.workspace.incident(i))
        {
            Some(incident) => {
                let markdown =
                    crate::data::markdown::incident_markdown(&self.workspace.data, incident);
                self.effects.push(Effect::Copy(markdown));
            }
            None => self.screen.notice = Some("Select an incident to copy it.".into()),
        }
    }

    /// Takes a query's results. Results for an older query are still shown while the
    /// current one runs (better than nothing), but never once the query was emptied or the
    /// current query's own results are in (an answer that comes late must not replace a
    /// newer one), and never results computed on data that has since been replaced.
    fn receive(&mut self, results: SearchResults) {
        if results.generation != self.workspace.generation() {
            return;
        }
        let older = results.query.text != self.query();
        if older && (self.query().is_empty() || self.search.raw.query.text == self.query()) {
            return;
        }
        // A new query starts at its best result; the same one keeps the selection.
        let same_query = results.query.tokens == self.search.results.query.tokens;
        let keep = self
            .selected_hit()
            .map(|hit| hit.incident)
            .filter(|_| same_query);
        self.search.raw = results;
        self.rederive(keep);
        if !self.is_searching()
            && let Some(place) = self.screen.arriving.take()
        {
            self.arrive(place);
        }
    }

    /// Shows an incident on the incidents screen with its detail focused, clearing the
    /// search (and filters that hide it) if the incident is not among the results.
    pub(super) fn open_incident(&mut self, incident: u32) {
        if self.workspace.incident(incident).is_none() {
            return;
        }
        let found = |app: &App| {
            app.search
                .results
                .hits
                .iter()
                .position(|h| h.incident == incident)
        };
        let position = match found(self) {
            Some(position) => position,
            None => {
                self.search.input = tui_input::Input::default();
                self.search.request = None;
                self.search.raw = self.workspace.everything();
                let hidden = self
                    .workspace
                    .incident(incident)
                    .is_some_and(|i| !self.search.filters.matches(&self.workspace.data, i));
                if hidden {
                    self.search.filters = Default::default();
                }
                self.derive_results();
                found(self).unwrap_or(0)
            }
        };
        self.screen.view = View::Incidents;
        self.refresh_views();
        self.select(position as i64);
        self.screen.focus = Focus::Detail;
    }

    fn show_groups_of_focused(&mut self) {
        let Some(incident) = self.focused_incident() else {
            self.screen.notice = Some("Select an incident to see its groups.".into());
            return;
        };
        let claimed = self
            .workspace
            .incident(incident)
            .is_some_and(|i| !i.claims.is_empty());
        if !claimed {
            self.screen.notice = Some("No group is linked to this incident.".into());
            return;
        }
        self.jump(|app| {
            app.panes.relations.mode = RelationsMode::Groups;
            app.show(View::Relations);
            app.select_incident_in_relations(incident);
        });
    }
}
