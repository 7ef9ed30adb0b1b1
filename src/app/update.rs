//! The one place state changes.

use super::{Action, App, Focus, View};
use crate::ui::layout::{ROW_HEIGHT, incidents_layout, inner};
use crate::ui::{detail, help};

impl App {
    /// Applies an action. Never panics, whatever the state or the terminal size.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.show_help = !self.show_help;
                self.help_scroll = 0;
            }
            Action::Move(rows) if self.show_help => self.scroll_help(rows),
            Action::Page(direction) if self.show_help => self.scroll_help(direction * 10),
            Action::Top if self.show_help => self.help_scroll = 0,
            Action::Bottom if self.show_help => self.scroll_help(i32::MAX / 2),
            Action::Back if self.show_help => self.show_help = false,
            Action::Back => match self.focus {
                Focus::Search | Focus::Detail => self.focus = Focus::List,
                Focus::List if !self.query.is_empty() => self.set_query(String::new()),
                Focus::List => {}
            },
            Action::FocusSearch => {
                self.show_help = false;
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
            Action::Move(rows) => match self.focus {
                Focus::Detail => self.scroll_detail(rows),
                Focus::List | Focus::Search => self.select(self.selected as i64 + i64::from(rows)),
            },
            Action::Page(direction) => match self.focus {
                Focus::Detail => {
                    let page = i32::from(self.detail_height().saturating_sub(1).max(1));
                    self.scroll_detail(direction * page);
                }
                Focus::List | Focus::Search => {
                    let page = self.list_rows().max(1) as i64;
                    self.select(self.selected as i64 + i64::from(direction) * page);
                }
            },
            Action::Top => match self.focus {
                Focus::Detail => self.detail_scroll = 0,
                _ => self.select(0),
            },
            Action::Bottom => match self.focus {
                Focus::Detail => self.scroll_detail(i32::MAX / 2),
                _ => self.select(i64::MAX / 2),
            },
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::Detail => Focus::List,
                    Focus::List | Focus::Search => Focus::Detail,
                }
            }
            Action::Open => {
                self.focus = match self.focus {
                    Focus::Search => Focus::List,
                    Focus::List | Focus::Detail => Focus::Detail,
                }
            }
            Action::Show(view) => {
                self.show_help = false;
                self.view = view;
            }
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.select(self.selected as i64);
                self.scroll_detail(0);
            }
            Action::Click(column, row) => self.click(column, row),
            Action::Wheel(column, row, direction) => {
                let screen = incidents_layout(self.area());
                if contains(screen.detail, column, row) {
                    self.scroll_detail(direction * 3);
                } else if contains(screen.list, column, row) {
                    self.select(self.selected as i64 + i64::from(direction));
                }
            }
            Action::SearchFinished(results) => {
                let same_query = results.query.tokens == self.results.query.tokens;
                let keep = self.selected_hit().map(|hit| hit.incident);
                self.results = results;
                // A new query starts at its best result; the same one keeps the selection.
                let position = keep
                    .filter(|_| same_query)
                    .and_then(|incident| {
                        self.results
                            .hits
                            .iter()
                            .position(|h| h.incident == incident)
                    })
                    .unwrap_or(0);
                if !same_query {
                    self.list_offset = 0;
                }
                self.select(position as i64);
            }
        }
    }

    fn set_query(&mut self, query: String) {
        if query != self.query {
            self.query = query;
            self.pending_query = Some(self.query.clone());
        }
    }

    fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// How many results fit in the list.
    pub fn list_rows(&self) -> usize {
        usize::from(inner(incidents_layout(self.area()).list).height / ROW_HEIGHT)
    }

    fn detail_height(&self) -> u16 {
        inner(incidents_layout(self.area()).detail).height
    }

    /// Selects a row, clamped to the results, and scrolls the list to show it.
    fn select(&mut self, row: i64) {
        let count = self.results.hits.len();
        let before = self.selected_hit().map(|h| h.incident);
        self.selected = if count == 0 {
            0
        } else {
            row.clamp(0, count as i64 - 1) as usize
        };
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
        let pane = inner(incidents_layout(self.area()).detail);
        let content = detail::content_height(self, pane.width);
        let max = content.saturating_sub(usize::from(pane.height));
        let wanted = i64::from(self.detail_scroll) + i64::from(rows);
        self.detail_scroll = wanted.clamp(0, max.min(usize::from(u16::MAX)) as i64) as u16;
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.show_help {
            self.show_help = false;
            return;
        }
        if self.view != View::Incidents {
            return;
        }
        let screen = incidents_layout(self.area());
        if contains(screen.search, column, row) {
            self.focus = Focus::Search;
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
}

fn contains(area: ratatui::layout::Rect, column: u16, row: u16) -> bool {
    area.contains(ratatui::layout::Position::new(column, row))
}
