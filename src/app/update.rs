//! The one place state changes.

use ratatui::layout::{Position, Rect};

use super::relations::{RelationsMode, clamp_row};
use super::{Action, App, Focus, View};
use crate::search::{Query, SearchResults, search};
use crate::ui::layout::{ROW_HEIGHT, incidents_layout, inner, relations_layout, view_area};
use crate::ui::{detail, help};

fn contains(area: Rect, column: u16, row: u16) -> bool {
    area.contains(Position::new(column, row))
}

impl App {
    /// Applies an action. Never panics, whatever the state or the terminal size.
    pub fn update(&mut self, action: Action) {
        // A notice stays until the user does something.
        if !action.is_background() {
            self.notice = None;
        }
        if self.show_help {
            match action {
                Action::Quit => self.should_quit = true,
                Action::ToggleHelp | Action::Back | Action::Click(..) => self.show_help = false,
                Action::Move(rows) | Action::Wheel(_, _, rows) => self.scroll_help(rows),
                Action::Page(direction) => self.scroll_help(direction * 10),
                Action::Top => self.help_scroll = 0,
                Action::Bottom => self.scroll_help(i32::MAX / 2),
                background if background.is_background() => self.apply(background),
                _ => {}
            }
            return;
        }
        if self.show_tours {
            let count = self.data.tours.len();
            match action {
                Action::Quit => self.should_quit = true,
                Action::Back | Action::ShowTours => self.show_tours = false,
                Action::Move(rows) | Action::Wheel(_, _, rows) => {
                    self.tours_selected =
                        clamp_row(self.tours_selected as i64 + i64::from(rows), count);
                }
                Action::Open => {
                    if let Some(id) = self
                        .data
                        .tours
                        .get(self.tours_selected)
                        .map(|t| t.id.clone())
                    {
                        let _ = self.start_tour(&id);
                    }
                }
                background if background.is_background() => self.apply(background),
                _ => {}
            }
            return;
        }
        if self.show_filters {
            match action {
                Action::Quit => self.should_quit = true,
                Action::Back | Action::ToggleFilters => self.show_filters = false,
                Action::Move(rows) | Action::Wheel(_, _, rows) => {
                    self.filter_cursor = clamp_row(
                        self.filter_cursor as i64 + i64::from(rows),
                        self.filter_rows.len(),
                    );
                }
                Action::Page(direction) => {
                    let rows = self.filter_cursor as i64 + i64::from(direction) * 10;
                    self.filter_cursor = clamp_row(rows, self.filter_rows.len());
                }
                Action::Top => self.filter_cursor = 0,
                Action::Bottom => self.filter_cursor = self.filter_rows.len().saturating_sub(1),
                Action::ToggleFilter | Action::Open => self.toggle_filter_row(),
                Action::AdjustYear(delta) => self.adjust_year(delta),
                Action::ClearFilters => self.apply(action),
                background if background.is_background() => self.apply(background),
                _ => {}
            }
            return;
        }
        self.apply(action);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.show_help = true;
                self.help_scroll = 0;
            }
            Action::Back => self.back(),
            Action::NextStep => self.step_tour(1),
            Action::PreviousStep => self.step_tour(-1),
            Action::LeaveTour => self.leave_tour(),
            Action::ShowTours => {
                if self.data.tours.is_empty() {
                    self.notice = Some("This data file has no tours.".into());
                } else {
                    self.show_tours = true;
                }
            }
            Action::FocusSearch => {
                if self.focus != Focus::Search {
                    self.return_focus = self.focus;
                }
                self.focus = Focus::Search;
            }
            Action::Insert(c) => {
                let mut query = std::mem::take(&mut self.query);
                query.push(c);
                self.set_query(query);
            }
            Action::Paste(text) => {
                let clean: String = text.chars().filter(|c| !c.is_control()).collect();
                let query = format!("{}{clean}", self.query);
                self.set_query(query);
            }
            Action::DeleteBack => {
                let mut query = std::mem::take(&mut self.query);
                query.pop();
                self.set_query(query);
            }
            Action::DeleteWord => {
                let kept = self.query.trim_end();
                let cut = kept.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                let query = kept[..cut].to_string();
                self.set_query(query);
            }
            Action::ClearQuery => self.set_query(String::new()),
            Action::Move(rows) => self.move_by(i64::from(rows)),
            Action::Page(direction) => {
                let page = self.page_rows() as i64;
                self.move_by(i64::from(direction) * page);
            }
            Action::Top => self.move_by(i64::MIN / 4),
            Action::Bottom => self.move_by(i64::MAX / 4),
            Action::Column(delta) => {
                let row = self.relations.selected_group as i64 + i64::from(delta);
                self.select_group(row);
            }
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List | Focus::Timeline => Focus::Detail,
                    Focus::Detail if self.view == View::Timeline => Focus::Timeline,
                    Focus::Detail => Focus::List,
                    Focus::Groups => Focus::Targets,
                    Focus::Targets => Focus::Groups,
                    Focus::Search => self.return_focus,
                    other => other,
                }
            }
            Action::Open => match self.focus {
                Focus::Search => self.focus = self.return_focus,
                Focus::List => self.focus = Focus::Detail,
                Focus::Detail => {}
                Focus::Groups => self.focus = Focus::Targets,
                Focus::Timeline => {
                    if let Some(incident) = self.timeline_incident() {
                        self.open_incident(incident);
                    }
                }
                Focus::Targets | Focus::Matrix | Focus::ThirdParties => {
                    if let Some(incident) = self.relations_selected_incident() {
                        self.open_incident(incident);
                    }
                }
            },
            Action::Show(view) => self.show(view),
            Action::ToggleMatrix => self.switch_relations_mode(RelationsMode::Matrix),
            Action::ToggleThirdParties => self.switch_relations_mode(RelationsMode::ThirdParties),
            Action::ShowGroups => self.show_groups_of_selected(),
            Action::SaveScreen => self.effects.push(super::Effect::SaveScreen),
            Action::ExportResults => self.effects.push(super::Effect::ExportResults),
            Action::CopyIncident => match self.selected_incident() {
                Some(incident) => {
                    let markdown = crate::data::markdown::incident_markdown(&self.data, incident);
                    self.effects.push(super::Effect::Copy(markdown));
                }
                None => self.notice = Some("Nothing selected to copy.".into()),
            },
            Action::Notify(message) => self.notice = Some(message),
            Action::Reloaded(prepared) => self.replace_data(*prepared),
            Action::ReloadFailed(diagnostics) => {
                self.load_problem = Some(diagnostics);
                self.notice = Some("the data file has errors: the last good data stays".into());
            }
            Action::ToggleFilters => {
                self.show_filters = true;
                self.refresh_filter_rows();
            }
            Action::ToggleFilter | Action::AdjustYear(_) => {}
            Action::ClearFilters => {
                if self.filters.is_empty() {
                    self.notice = Some("No filter is on.".into());
                } else {
                    self.filters = Default::default();
                    self.reapply_filters();
                    self.notice = Some("All filters cleared.".into());
                }
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.reapply_filters();
                self.notice = Some(format!("sorted by {}", self.sort.label()));
            }
            Action::CycleTheme => {
                self.theme = self.theme.next();
                self.notice = Some(format!("theme: {}", self.theme.name()));
            }
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.select(self.selected as i64);
                self.scroll_detail(0);
            }
            Action::Click(column, row) => self.click(column, row),
            Action::Wheel(column, row, direction) => self.wheel(column, row, direction),
            Action::SearchFinished(results) => self.receive(results),
        }
    }

    fn back(&mut self) {
        if self.load_problem.take().is_some() {
            return;
        }
        match self.focus {
            Focus::Search => self.focus = self.return_focus,
            Focus::Detail if self.view == View::Timeline => self.focus = Focus::Timeline,
            Focus::Detail => self.focus = Focus::List,
            Focus::List if !self.query.is_empty() => self.set_query(String::new()),
            Focus::List => {}
            Focus::Targets => self.focus = Focus::Groups,
            Focus::Groups | Focus::Matrix | Focus::ThirdParties | Focus::Timeline => {
                self.show(View::Incidents)
            }
        }
    }

    fn show(&mut self, view: View) {
        self.view = view;
        self.refresh_views();
        self.focus = match view {
            View::Incidents => Focus::List,
            View::Timeline => Focus::Timeline,
            View::Relations => match self.relations.mode {
                RelationsMode::Groups => Focus::Groups,
                RelationsMode::Matrix => Focus::Matrix,
                RelationsMode::ThirdParties => Focus::ThirdParties,
            },
        };
        self.return_focus = self.focus;
    }

    fn switch_relations_mode(&mut self, mode: RelationsMode) {
        self.relations.mode = if self.relations.mode == mode {
            RelationsMode::Groups
        } else {
            mode
        };
        self.show(View::Relations);
    }

    pub(super) fn set_query(&mut self, query: String) {
        if query != self.query {
            self.query = query;
            self.pending_query = Some(self.query.clone());
        }
    }

    /// Takes a query's results. Results for an older query are still shown while the
    /// current one runs (better than nothing), but never once the query was emptied.
    fn receive(&mut self, results: SearchResults) {
        if results.query.text != self.query && self.query.is_empty() {
            return;
        }
        // A new query starts at its best result; the same one keeps the selection.
        let same_query = results.query.tokens == self.results.query.tokens;
        let keep = self
            .selected_hit()
            .map(|hit| hit.incident)
            .filter(|_| same_query);
        self.raw_results = results;
        self.rederive(keep);
        if !self.is_searching() {
            self.apply_pending_select();
        }
    }

    /// Shows an incident on the incidents screen with its detail focused, clearing the
    /// search if the incident is not among the results.
    pub(super) fn open_incident(&mut self, incident: u32) {
        let position = match self
            .results
            .hits
            .iter()
            .position(|h| h.incident == incident)
        {
            Some(position) => position,
            None => {
                self.query.clear();
                self.pending_query = None;
                self.raw_results = SearchResults {
                    query: Query::default(),
                    hits: std::sync::Arc::new(search(&self.index, &Query::default(), None)),
                };
                // Filters that hide the incident go too: the user asked to see it.
                if !self
                    .filters
                    .matches(&self.data, &self.data.incidents[incident as usize])
                {
                    self.filters = Default::default();
                }
                self.derive_results();
                self.refresh_views();
                self.results
                    .hits
                    .iter()
                    .position(|h| h.incident == incident)
                    .unwrap_or(0)
            }
        };
        self.view = View::Incidents;
        self.select(position as i64);
        self.focus = Focus::Detail;
        self.return_focus = Focus::Detail;
    }

    fn show_groups_of_selected(&mut self) {
        let Some(hit) = self.selected_hit().copied() else {
            return;
        };
        if self.index.incident(hit.incident).claims.is_empty() {
            self.notice = Some("No group is linked to this incident.".into());
            return;
        }
        self.relations.mode = RelationsMode::Groups;
        self.show(View::Relations);
        self.select_incident_in_relations(hit.incident);
    }

    /// Selects, on the relations screen, the first group linked to an incident and the
    /// incident among its targets.
    pub(super) fn select_incident_in_relations(&mut self, incident: u32) {
        let Some(claim) = self.data.incidents[incident as usize].claims.first() else {
            return;
        };
        let group = self.data.groups.iter().position(|g| g.id == claim.group);
        if let Some(row) = group.and_then(|g| {
            self.relations
                .groups
                .iter()
                .position(|r| r.group as usize == g)
        }) {
            self.relations.selected_group = row;
            self.refresh_targets();
            if let Some(target) = self
                .relations
                .targets
                .iter()
                .position(|l| l.incident == incident)
            {
                self.relations.selected_target = target;
            }
            self.focus = Focus::Targets;
        }
    }

    /// Selects a result row, scrolling the list to show it.
    pub(super) fn select_row(&mut self, row: usize) {
        self.select(row as i64);
    }

    /// The part of the screen the views use: all of it, less the caption during a tour.
    fn area(&self) -> Rect {
        view_area(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.tour.is_some(),
        )
    }

    /// How many results fit in the list.
    pub fn list_rows(&self) -> usize {
        usize::from(inner(incidents_layout(self.area()).list).height / ROW_HEIGHT)
    }

    fn page_rows(&self) -> usize {
        let area = self.area();
        let rows = match self.row_focus() {
            Focus::Detail => inner(incidents_layout(area).detail)
                .height
                .saturating_sub(1),
            Focus::List => return self.list_rows().max(1),
            _ => inner(relations_layout(area).body).height.saturating_sub(2) / 2,
        };
        usize::from(rows).max(1)
    }

    /// The pane whose selection moves: the focused one, or the view's main pane while
    /// typing in the search line.
    fn row_focus(&self) -> Focus {
        match self.focus {
            Focus::Search => self.return_focus,
            focus => focus,
        }
    }

    fn move_by(&mut self, delta: i64) {
        let state = &self.relations;
        match self.row_focus() {
            Focus::Detail => {
                let rows = delta.clamp(i64::from(i32::MIN / 2), i64::from(i32::MAX / 2));
                self.scroll_detail(rows as i32);
            }
            Focus::List | Focus::Search => self.select(self.selected as i64 + delta),
            Focus::Groups => self.select_group(state.selected_group as i64 + delta),
            Focus::Targets => {
                self.relations.selected_target =
                    clamp_row(state.selected_target as i64 + delta, state.targets.len());
            }
            Focus::Matrix => {
                self.relations.selected_row =
                    clamp_row(state.selected_row as i64 + delta, state.matrix_rows.len());
            }
            Focus::ThirdParties => {
                self.relations.selected_pivot =
                    clamp_row(state.selected_pivot as i64 + delta, state.pivot.len());
            }
            Focus::Timeline => {
                let before = self.timeline_incident();
                self.timeline_selected = clamp_row(
                    self.timeline_selected as i64 + delta,
                    self.timeline_items.len(),
                );
                if self.timeline_incident() != before {
                    self.detail_scroll = 0;
                }
            }
        }
    }

    fn detail_height(&self) -> u16 {
        inner(incidents_layout(self.area()).detail).height
    }

    /// Selects a row, clamped to the results, and scrolls the list to show it.
    fn select(&mut self, row: i64) {
        let count = self.results.hits.len();
        let before = self.selected_hit().map(|h| h.incident);
        self.selected = clamp_row(row, count);
        let rows = self.list_rows().max(1);
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        self.list_offset = self.list_offset.min(count.saturating_sub(rows));
        if self.selected_hit().map(|h| h.incident) != before {
            self.detail_scroll = 0;
        }
    }

    fn scroll_help(&mut self, rows: i32) {
        let max = help::max_scroll(self.area());
        let wanted = i64::from(self.help_scroll) + i64::from(rows);
        self.help_scroll = wanted.clamp(0, i64::from(max)) as u16;
    }

    fn scroll_detail(&mut self, rows: i32) {
        let content =
            detail::content_height(self, inner(incidents_layout(self.area()).detail).width);
        let max = content.saturating_sub(usize::from(self.detail_height()));
        let wanted = i64::from(self.detail_scroll) + i64::from(rows);
        self.detail_scroll = wanted.clamp(0, max.min(usize::from(u16::MAX)) as i64) as u16;
    }

    fn click(&mut self, column: u16, row: u16) {
        match self.view {
            View::Incidents => {
                let screen = incidents_layout(self.area());
                if contains(screen.search, column, row) {
                    self.apply(Action::FocusSearch);
                } else if contains(screen.detail, column, row) {
                    self.focus = Focus::Detail;
                } else if contains(inner(screen.list), column, row) {
                    self.focus = Focus::List;
                    let offset = usize::from((row - inner(screen.list).y) / ROW_HEIGHT);
                    let target = self.list_offset + offset;
                    if target < self.results.hits.len() {
                        self.select(target as i64);
                    }
                }
            }
            View::Timeline => {
                let screen = incidents_layout(self.area());
                if contains(screen.search, column, row) {
                    self.apply(Action::FocusSearch);
                } else if contains(screen.detail, column, row) {
                    self.focus = Focus::Detail;
                } else if contains(screen.list, column, row) {
                    self.focus = Focus::Timeline;
                }
            }
            View::Relations => {
                let screen = relations_layout(self.area());
                if contains(screen.search, column, row) {
                    self.apply(Action::FocusSearch);
                } else if self.relations.mode == RelationsMode::Groups {
                    if contains(screen.groups, column, row) {
                        self.focus = Focus::Groups;
                    } else if contains(screen.targets, column, row) {
                        self.focus = Focus::Targets;
                    }
                }
            }
        }
    }

    fn wheel(&mut self, column: u16, row: u16, direction: i32) {
        if self.view != View::Relations {
            let screen = incidents_layout(self.area());
            if contains(screen.detail, column, row) {
                self.scroll_detail(direction * 3);
            } else if contains(screen.list, column, row) {
                let pane = if self.view == View::Timeline {
                    Focus::Timeline
                } else {
                    Focus::List
                };
                let focus = std::mem::replace(&mut self.focus, pane);
                self.move_by(i64::from(direction));
                self.focus = focus;
            }
        } else {
            self.move_by(i64::from(direction));
        }
    }
}
