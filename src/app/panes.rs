//! Moving within the panes: selections clamped to their rows, lists scrolled to keep the
//! selection in view, the detail scrolled within its content. Sizes come from the same
//! layout the drawing uses.

use super::relations::clamp_row;
use super::{App, Focus, View};
use crate::layout::detail::Section;
use crate::layout::{ROW_HEIGHT, detail, inner};

impl App {
    /// How many results fit in the list.
    pub fn list_rows(&self) -> usize {
        usize::from(inner(self.incidents_layout().list).height / ROW_HEIGHT)
    }

    /// Rows of the detail pane's inside.
    fn detail_height(&self) -> u16 {
        inner(self.incidents_layout().detail).height
    }

    /// The rows a page moves in the focused pane.
    pub(super) fn page_rows(&self) -> usize {
        let rows = match self.screen.focus {
            Focus::Detail => self.detail_height().saturating_sub(1),
            Focus::List => return self.list_rows().max(1),
            Focus::Timeline => inner(self.incidents_layout().list).height.saturating_sub(1),
            Focus::Graph => self.graph_layout().picture.height.saturating_sub(2),
            _ => inner(self.relations_layout().body).height.saturating_sub(2) / 2,
        };
        usize::from(rows).max(1)
    }

    /// Moves the focused pane's selection, or scrolls the detail, by `delta` rows.
    pub(super) fn move_by(&mut self, delta: i64) {
        let state = &self.panes.relations;
        match self.screen.focus {
            Focus::Detail => {
                let rows = delta.clamp(i64::from(i32::MIN / 2), i64::from(i32::MAX / 2));
                self.scroll_detail(rows as i32);
            }
            Focus::List => self.select(self.panes.list.selected as i64 + delta),
            Focus::Groups => self.select_group(state.selected_group as i64 + delta),
            Focus::Targets => {
                self.panes.relations.selected_target =
                    clamp_row(state.selected_target as i64 + delta, state.targets.len());
            }
            Focus::Matrix => {
                self.panes.relations.selected_row =
                    clamp_row(state.selected_row as i64 + delta, state.matrix_rows.len());
            }
            Focus::ThirdParties => {
                self.panes.relations.selected_pivot =
                    clamp_row(state.selected_pivot as i64 + delta, state.pivot.len());
            }
            Focus::Graph => self.graph_move(delta),
            Focus::Timeline => {
                let before = self.timeline_incident();
                let timeline = &mut self.panes.timeline;
                timeline.selected =
                    clamp_row(timeline.selected as i64 + delta, timeline.items.len());
                if self.timeline_incident() != before {
                    self.panes.detail.scroll = 0;
                }
            }
        }
    }

    /// Selects a result row, clamped to the results, and scrolls the list to show it.
    pub(super) fn select(&mut self, row: i64) {
        let count = self.search.results.hits.len();
        let before = self.selected_hit().map(|h| h.incident);
        let rows = self.list_rows().max(1);
        let list = &mut self.panes.list;
        list.selected = clamp_row(row, count);
        if list.selected < list.offset {
            list.offset = list.selected;
        } else if list.selected >= list.offset + rows {
            list.offset = list.selected + 1 - rows;
        }
        list.offset = list.offset.min(count.saturating_sub(rows));
        if self.selected_hit().map(|h| h.incident) != before {
            self.panes.detail.scroll = 0;
        }
    }

    /// Zooms the detail to the whole screen, or back.
    pub(super) fn zoom(&mut self) {
        if matches!(self.screen.view, View::Relations | View::Graph) {
            self.screen.notice = Some("This screen has no detail pane to zoom.".into());
            return;
        }
        self.panes.detail.zoomed = !self.panes.detail.zoomed;
        if self.panes.detail.zoomed {
            self.screen.focus = Focus::Detail;
        }
        self.scroll_detail(0);
    }

    /// Where each section of the detail starts at the pane's width.
    fn detail_sections(&self) -> Vec<(Section, usize)> {
        let width = inner(self.incidents_layout().detail).width;
        self.detail_incident().map_or_else(Vec::new, |incident| {
            detail::section_rows(&self.workspace.data, incident, width)
        })
    }

    /// Scrolls the detail to the next (`delta` > 0) or previous section's heading.
    pub(super) fn jump_to_section(&mut self, delta: i32) {
        let scroll = usize::from(self.panes.detail.scroll);
        let sections = self.detail_sections();
        let target = if delta > 0 {
            sections.iter().find(|(_, row)| *row > scroll)
        } else {
            sections.iter().rev().find(|(_, row)| *row < scroll)
        };
        match target {
            Some(&(section, row)) => {
                self.panes.detail.scroll = 0;
                self.scroll_detail(row.min(usize::from(u16::MAX)) as i32);
                self.screen.notice = Some(section.title().to_string());
            }
            None if delta > 0 => self.screen.notice = Some("No section below.".into()),
            None => {
                self.panes.detail.scroll = 0;
                self.screen.notice = Some("The top of the detail.".into());
            }
        }
    }

    /// Scrolls the detail so that `section` starts at its top, if the incident has it.
    pub(super) fn scroll_to_section(&mut self, section: Section) {
        if let Some(&(_, row)) = self.detail_sections().iter().find(|(s, _)| *s == section) {
            self.panes.detail.scroll = 0;
            self.scroll_detail(row.min(usize::from(u16::MAX)) as i32);
        }
    }

    /// Scrolls the detail by `rows`, within its content.
    pub(super) fn scroll_detail(&mut self, rows: i32) {
        let width = inner(self.incidents_layout().detail).width;
        let content = self.detail_incident().map_or(1, |incident| {
            detail::content_height(&self.workspace.data, incident, width)
        });
        let max = content.saturating_sub(usize::from(self.detail_height()));
        let wanted = i64::from(self.panes.detail.scroll) + i64::from(rows);
        self.panes.detail.scroll = wanted.clamp(0, max.min(usize::from(u16::MAX)) as i64) as u16;
    }
}
