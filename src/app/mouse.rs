//! Clicks and the wheel, by where they land on the same layout the drawing uses: the top
//! layer first (a click outside an overlay closes it), then the screen.

use ratatui::layout::{Position, Rect};
use tui_input::InputRequest;

use super::action::tab_titles;
use super::relations::RelationsMode;
use super::{App, Focus, Layer, TimelineRow, View};
use crate::layout::{
    GROUP_ROWS, ROW_HEIGHT, filter_panel_area, inner, scroll_offset, tab_areas, timeline_first_row,
    tour_list_area,
};

fn contains(area: Rect, column: u16, row: u16) -> bool {
    area.contains(Position::new(column, row))
}

impl App {
    /// The search line's area on the screen shown.
    fn search_area(&self) -> Rect {
        match self.screen.view {
            View::Relations => self.relations_layout().search,
            View::Graph => self.graph_layout().search,
            _ => self.incidents_layout().search,
        }
    }

    /// Rows of the tour list's content in `area`, as drawn: a row a tour, a blank row, and
    /// the selected tour's description and steps.
    pub fn tour_list_rows(&self, area: Rect) -> usize {
        let tours = &self.workspace.data.tours;
        let selected = self.layers.iter().find_map(|l| match l {
            Layer::Tours(list) => Some(list.selected),
            _ => None,
        });
        let width = crate::layout::tour_list_area(area, 0)
            .width
            .saturating_sub(2);
        let description = selected
            .and_then(|s| tours.get(s))
            .map_or(0, |t| crate::layout::tour_description_rows(t, width).len());
        tours.len() + 1 + description
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let full = self.overlay_region();
        match self.layers.top() {
            Some(Layer::Help(_) | Layer::Problem(_)) => {
                self.layers.pop();
            }
            Some(Layer::Profile(_)) => {
                if !contains(crate::layout::profile_area(full), column, row) {
                    self.layers.pop();
                }
            }
            Some(Layer::Tours(_)) => {
                if !contains(tour_list_area(full, self.tour_list_rows(full)), column, row) {
                    self.layers.pop();
                }
            }
            Some(Layer::Filters(_)) => {
                if !contains(filter_panel_area(full), column, row) {
                    self.layers.pop();
                }
            }
            Some(Layer::Search) => {
                let line = inner(self.search_area());
                if contains(line, column, row) {
                    // The text starts after "/ " and may be scrolled sideways.
                    let width = usize::from(line.width.saturating_sub(3));
                    let scroll = crate::layout::text::line_scroll(
                        self.query(),
                        self.search.input.cursor(),
                        width,
                    );
                    let at = usize::from(column.saturating_sub(line.x + 2)) + scroll;
                    let cursor = column_to_char(self.query(), at);
                    self.search.input.handle(InputRequest::SetCursor(cursor));
                } else {
                    self.layers.pop();
                    self.click_screen(column, row);
                }
            }
            Some(Layer::Tour(_)) | None => self.click_screen(column, row),
        }
    }

    fn click_screen(&mut self, column: u16, row: u16) {
        let tabs = self.incidents_layout().tabs;
        if contains(tabs, column, row) {
            let titles = tab_titles();
            if let Some((position, _)) = tab_areas(tabs, &titles)
                .into_iter()
                .find(|(_, tab)| contains(*tab, column, row))
                && let Some(&view) = View::ALL.get(position)
            {
                self.jump(|app| app.show(view));
            }
            return;
        }
        if contains(self.search_area(), column, row) {
            self.layers.push(Layer::Search);
            return;
        }
        match self.screen.view {
            View::Graph => self.click_graph(column, row),
            View::Incidents => {
                let screen = self.incidents_layout();
                if contains(screen.detail, column, row) {
                    self.screen.focus = Focus::Detail;
                } else if contains(inner(screen.list), column, row) {
                    self.screen.focus = Focus::List;
                    let offset = usize::from((row - inner(screen.list).y) / ROW_HEIGHT);
                    let target = self.panes.list.offset + offset;
                    if target < self.search.results.hits.len() {
                        self.select(target as i64);
                    }
                }
            }
            View::Timeline => {
                let screen = self.incidents_layout();
                if contains(screen.detail, column, row) {
                    self.screen.focus = Focus::Detail;
                } else if contains(inner(screen.list), column, row) {
                    self.screen.focus = Focus::Timeline;
                    let list = inner(screen.list);
                    let timeline = &self.panes.timeline;
                    let selected_row = timeline.items.get(timeline.selected).copied();
                    let first = timeline_first_row(selected_row, usize::from(list.height));
                    let clicked = first + usize::from(row - list.y);
                    if let Some(TimelineRow::Item { incident }) = timeline.rows.get(clicked) {
                        let incident = *incident;
                        self.select_on_timeline(incident);
                        self.panes.detail.scroll = 0;
                    }
                }
            }
            View::Relations => {
                let screen = self.relations_layout();
                if self.panes.relations.mode != RelationsMode::Groups {
                    return;
                }
                if contains(inner(screen.groups), column, row) {
                    self.screen.focus = Focus::Groups;
                    let visible = usize::from(inner(screen.groups).height) / GROUP_ROWS;
                    let first = scroll_offset(self.panes.relations.selected_group, visible);
                    let clicked = usize::from(row - inner(screen.groups).y) / GROUP_ROWS;
                    if clicked < visible {
                        self.select_group((first + clicked) as i64);
                    }
                } else if contains(screen.targets, column, row) {
                    self.screen.focus = Focus::Targets;
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, direction: i32) {
        match self.layers.top() {
            Some(
                Layer::Help(_)
                | Layer::Problem(_)
                | Layer::Tours(_)
                | Layer::Filters(_)
                | Layer::Profile(_),
            ) => {
                self.route_move(direction);
                return;
            }
            Some(Layer::Search | Layer::Tour(_)) | None => {}
        }
        if matches!(self.screen.view, View::Relations | View::Graph) {
            self.move_by(i64::from(direction));
            return;
        }
        let screen = self.incidents_layout();
        if contains(screen.detail, column, row) {
            self.scroll_detail(direction * 3);
        } else if contains(screen.list, column, row) {
            // The list under the wheel moves, whichever pane has the focus.
            let pane = if self.screen.view == View::Timeline {
                Focus::Timeline
            } else {
                Focus::List
            };
            let focus = std::mem::replace(&mut self.screen.focus, pane);
            self.move_by(i64::from(direction));
            self.screen.focus = focus;
        }
    }

    /// The wheel over an overlay moves in it, as `j`/`k` would.
    fn route_move(&mut self, direction: i32) {
        let action = super::Action::Move(direction * 3);
        match self.layers.top() {
            Some(Layer::Help(_)) => self.apply_to_help(action),
            Some(Layer::Problem(_)) => self.apply_to_problem(action),
            Some(Layer::Profile(_)) => self.apply_to_profile(action),
            Some(Layer::Tours(_)) => self.apply_to_tour_list(super::Action::Move(direction)),
            Some(Layer::Filters(_)) => self.apply_to_filter_panel(super::Action::Move(direction)),
            _ => {}
        }
    }
}

/// The character position at display column `at` of `text`.
fn column_to_char(text: &str, at: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (position, c) in text.chars().enumerate() {
        let width = c.width().unwrap_or(0);
        if used + width > at {
            return position;
        }
        used += width;
    }
    text.chars().count()
}
