//! The overlays: help, the list of tours, the filter panel and the problems panel. Each
//! takes the keys while it is on top; `Esc` and `q` close it, as they close every layer.

use super::help::help_lines;
use super::line::edit_line;
use super::relations::clamp_row;
use super::{Action, App, FilterPanel, Focus, HelpState, Layer, ProfileState, TourList};
use crate::layout::{self, inner};

/// Rows a page moves in an overlay.
const OVERLAY_PAGE: i64 = 10;

/// `scroll` moved by `rows`, within `0..=max`.
fn scrolled(scroll: u16, rows: i64, max: u16) -> u16 {
    (i64::from(scroll) + rows).clamp(0, i64::from(max)) as u16
}

/// How far a move action goes in an overlay, if it is one.
fn rows_of(action: &Action) -> Option<i64> {
    match action {
        Action::Move(rows) => Some(i64::from(*rows)),
        Action::Page(direction) => Some(i64::from(*direction) * OVERLAY_PAGE),
        Action::Top => Some(i64::MIN / 4),
        Action::Bottom => Some(i64::MAX / 4),
        _ => None,
    }
}

impl App {
    /// Opens the help at the section for where you are.
    pub(super) fn open_help(&mut self) {
        let opened_from = self.mode();
        self.layers.push(Layer::Help(HelpState {
            scroll: 0,
            filter: tui_input::Input::default(),
            typing: false,
            opened_from,
        }));
    }

    /// How far the help can scroll at this size, with its current filter.
    pub fn help_max_scroll(&self, help: &HelpState) -> u16 {
        let lines = help_lines(&self.keymap, help.opened_from, help.filter.value()).len();
        let filtered = help.typing || !help.filter.value().is_empty();
        let area = layout::help_area(self.overlay_region(), lines, filtered);
        let visible = usize::from(inner(area).height).saturating_sub(usize::from(filtered));
        lines.saturating_sub(visible).min(usize::from(u16::MAX)) as u16
    }

    pub(super) fn apply_to_help(&mut self, action: Action) {
        let Some(Layer::Help(help)) = self.layers.top() else {
            return;
        };
        let max = self.help_max_scroll(help);
        let Some(Layer::Help(help)) = self.layers.top_mut() else {
            return;
        };
        if help.typing {
            match action {
                Action::Insert(_) | Action::Paste(_) | Action::Edit(_)
                    if edit_line(&mut help.filter, &action) =>
                {
                    help.scroll = 0;
                }
                Action::Submit => help.typing = false,
                Action::Close => {
                    help.filter = tui_input::Input::default();
                    help.typing = false;
                    help.scroll = 0;
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::Close => {
                self.layers.pop();
            }
            Action::FilterHelp => help.typing = true,
            action => {
                if let Some(rows) = rows_of(&action) {
                    help.scroll = scrolled(help.scroll, rows, max);
                }
            }
        }
    }

    /// Opens the list of tours, if the data has any.
    pub(super) fn open_tour_list(&mut self) {
        if self.workspace.data.tours.is_empty() {
            self.screen.notice = Some("This data file has no tours.".into());
        } else {
            let selected = self.layers.tour().map_or(0, |t| t.tour);
            self.layers.push(Layer::Tours(TourList { selected }));
        }
    }

    pub(super) fn apply_to_tour_list(&mut self, action: Action) {
        let count = self.workspace.data.tours.len();
        let Some(Layer::Tours(list)) = self.layers.top_mut() else {
            return;
        };
        match action {
            Action::Close => {
                self.layers.pop();
            }
            Action::Open => {
                let id = self
                    .workspace
                    .data
                    .tours
                    .get(list.selected)
                    .map(|t| t.id.clone());
                self.layers.pop();
                if let Some(id) = id {
                    let _ = self.start_tour(&id);
                }
            }
            action => {
                if let Some(rows) = rows_of(&action) {
                    list.selected = clamp_row(list.selected as i64 + rows, count);
                }
            }
        }
    }

    /// Opens the filter panel with counts for the current results.
    pub(super) fn open_filter_panel(&mut self) {
        self.layers.push(Layer::Filters(FilterPanel::default()));
        self.refresh_filter_rows();
    }

    pub(super) fn apply_to_filter_panel(&mut self, action: Action) {
        let Some(Layer::Filters(panel)) = self.layers.top_mut() else {
            return;
        };
        match action {
            Action::Close => {
                self.layers.pop();
            }
            Action::ToggleFilter => self.toggle_filter_row(),
            Action::AdjustYear(delta) => self.adjust_year(delta),
            Action::ClearFilters => self.clear_filters(),
            action => {
                if let Some(rows) = rows_of(&action) {
                    panel.cursor = clamp_row(panel.cursor as i64 + rows, panel.rows.len());
                }
            }
        }
    }

    /// The groups `i` shows: the selected group on the group list, the selected column's
    /// in the matrix, and on any incident its groups in claim order.
    fn groups_for_profile(&self) -> Vec<u32> {
        let data = &self.workspace.data;
        let mut groups: Vec<u32> = Vec::new();
        if self.screen.focus == Focus::Graph
            && let Some(group) = self.graph_group()
        {
            groups.push(group);
        }
        if matches!(
            self.screen.focus,
            Focus::Groups | Focus::Targets | Focus::Matrix
        ) && let Some(group) = self.selected_group_position()
        {
            groups.push(group);
        }
        if self.screen.focus != Focus::Groups
            && let Some(incident) = self
                .focused_incident()
                .and_then(|i| self.workspace.incident(i))
        {
            for claim in &incident.claims {
                if let Some(position) = data.group_position(&claim.group) {
                    let position = position as u32;
                    if !groups.contains(&position) {
                        groups.push(position);
                    }
                }
            }
        }
        groups
    }

    /// Opens the profile of the selected group, or of the selected incident's groups.
    pub(super) fn open_profile(&mut self) {
        let groups = self.groups_for_profile();
        if groups.is_empty() {
            self.screen.notice = Some(if self.focused_incident().is_some() {
                "No group is linked to this incident.".into()
            } else {
                "Select a group or an incident to see a profile.".into()
            });
            return;
        }
        self.layers.push(Layer::Profile(ProfileState {
            groups,
            shown: 0,
            scroll: 0,
        }));
    }

    /// How far a profile can scroll at this size.
    pub fn profile_max_scroll(&self, profile: &ProfileState) -> u16 {
        let area = inner(layout::profile_area(self.overlay_region()));
        let rows = profile.group().map_or(0, |group| {
            layout::profile::profile(
                &self.workspace.data,
                &self.workspace.links,
                group as usize,
                &crate::theme::Theme::dark(),
                area.width,
            )
            .len()
        });
        rows.saturating_sub(usize::from(area.height))
            .min(usize::from(u16::MAX)) as u16
    }

    pub(super) fn apply_to_profile(&mut self, action: Action) {
        let Some(Layer::Profile(profile)) = self.layers.top() else {
            return;
        };
        let max = self.profile_max_scroll(profile);
        let Some(Layer::Profile(profile)) = self.layers.top_mut() else {
            return;
        };
        match action {
            Action::Close => {
                self.layers.pop();
            }
            Action::SwitchPane => {
                profile.shown = (profile.shown + 1) % profile.groups.len().max(1);
                profile.scroll = 0;
            }
            Action::Open => {
                let Some(group) = profile.group() else {
                    return;
                };
                self.layers.pop();
                self.jump(|app| {
                    app.panes.relations.mode = super::RelationsMode::Groups;
                    app.show(super::View::Relations);
                    app.select_group_by_position(group);
                });
            }
            action => {
                if let Some(rows) = rows_of(&action) {
                    profile.scroll = scrolled(profile.scroll, rows, max);
                }
            }
        }
    }

    /// How far the problems panel can scroll at this size.
    pub fn problem_max_scroll(&self, diagnostics: &str) -> u16 {
        let visible = usize::from(inner(layout::problem_area(self.overlay_region())).height);
        let lines = diagnostics.lines().count() + layout::PROBLEM_HEADER_ROWS;
        lines.saturating_sub(visible).min(usize::from(u16::MAX)) as u16
    }

    pub(super) fn apply_to_problem(&mut self, action: Action) {
        let max = self
            .layers
            .problem()
            .map_or(0, |p| self.problem_max_scroll(&p.diagnostics));
        let Some(Layer::Problem(problem)) = self.layers.top_mut() else {
            return;
        };
        match action {
            Action::Close => {
                self.layers.pop();
            }
            action => {
                if let Some(rows) = rows_of(&action) {
                    problem.scroll = scrolled(problem.scroll, rows, max);
                }
            }
        }
    }

    /// Keeps the overlays' scroll within their content after a resize.
    pub(super) fn clamp_overlay_scrolls(&mut self) {
        let limits: Vec<Option<u16>> = self
            .layers
            .iter()
            .map(|layer| match layer {
                Layer::Help(help) => Some(self.help_max_scroll(help)),
                Layer::Problem(problem) => Some(self.problem_max_scroll(&problem.diagnostics)),
                Layer::Profile(profile) => Some(self.profile_max_scroll(profile)),
                _ => None,
            })
            .collect();
        for (layer, limit) in self.layers.iter_mut().zip(limits) {
            match (layer, limit) {
                (Layer::Help(help), Some(max)) => help.scroll = help.scroll.min(max),
                (Layer::Problem(problem), Some(max)) => problem.scroll = problem.scroll.min(max),
                (Layer::Profile(profile), Some(max)) => profile.scroll = profile.scroll.min(max),
                _ => {}
            }
        }
    }

    /// Where overlays go: the screen above its status bar.
    pub fn overlay_region(&self) -> ratatui::layout::Rect {
        layout::overlay_region(self.screen_area())
    }
}
