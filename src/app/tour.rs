//! Guided tours: named, ordered steps through the data, for presenting. Each step picks a
//! view, a search and a selection, and shows a caption.

use super::relations::RelationsMode;
use super::{App, Focus, View};
use crate::data::ViewName;

/// Where a running tour is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourProgress {
    /// Position of the tour in the data.
    pub tour: usize,
    /// Position of the step shown.
    pub step: usize,
}

impl App {
    /// Starts the tour with this id at its first step.
    pub fn start_tour(&mut self, id: &str) -> Result<(), String> {
        let Some(tour) = self.data.tours.iter().position(|t| t.id == id) else {
            let known: Vec<&str> = self.data.tours.iter().map(|t| t.id.as_str()).collect();
            return Err(if known.is_empty() {
                format!("no tour \"{id}\": this data file has no tours")
            } else {
                format!("no tour \"{id}\"; the tours are: {}", known.join(", "))
            });
        };
        self.show_tours = false;
        self.go_to_step(tour, 0);
        Ok(())
    }

    /// Moves the running tour by `delta` steps, staying within it.
    pub(super) fn step_tour(&mut self, delta: i64) {
        let Some(progress) = self.tour else {
            return;
        };
        let steps = self.data.tours[progress.tour].steps.len();
        let step = super::relations::clamp_row(progress.step as i64 + delta, steps);
        if step != progress.step {
            self.go_to_step(progress.tour, step);
        }
    }

    /// Leaves the tour; the screen stays as the last step left it.
    pub(super) fn leave_tour(&mut self) {
        self.tour = None;
    }

    fn go_to_step(&mut self, tour: usize, step: usize) {
        let Some(target) = self
            .data
            .tours
            .get(tour)
            .and_then(|t| t.steps.get(step))
            .cloned()
        else {
            return;
        };
        self.tour = Some(TourProgress { tour, step });
        self.show_help = false;
        match target.view {
            ViewName::Incidents => {
                self.view = View::Incidents;
                self.focus = Focus::Detail;
            }
            ViewName::Timeline => {
                self.view = View::Timeline;
                self.focus = Focus::Timeline;
            }
            ViewName::Relations => {
                self.view = View::Relations;
                self.relations.mode = RelationsMode::Groups;
                self.focus = Focus::Groups;
            }
        }
        self.return_focus = self.focus;
        self.refresh_views();
        self.detail_scroll = 0;
        self.pending_select = target.select.clone();
        self.set_query(target.query.as_deref().unwrap_or_default().to_string());
        if !self.is_searching() {
            self.apply_pending_select();
        }
    }

    /// Selects what a tour step asked for, once the step's search results are in.
    pub(super) fn apply_pending_select(&mut self) {
        let Some(id) = self.pending_select.take() else {
            return;
        };
        if let Some(position) = self.data.incidents.iter().position(|i| i.id == id) {
            let position = position as u32;
            if self.view == View::Relations {
                self.select_incident_in_relations(position);
            } else if let Some(row) = self
                .results
                .hits
                .iter()
                .position(|h| h.incident == position)
            {
                self.select_row(row);
            }
            let on_timeline = self.timeline_items.iter().position(|&row| {
                self.timeline_rows.get(row)
                    == Some(&super::TimelineRow::Item { incident: position })
            });
            if let Some(item) = on_timeline {
                self.timeline_selected = item;
            }
        } else if let Some(group) = self.data.groups.iter().position(|g| g.id == id)
            && let Some(row) = self
                .relations
                .groups
                .iter()
                .position(|r| r.group as usize == group)
        {
            self.relations.selected_group = row;
            self.relations.selected_target = 0;
            self.refresh_targets();
        }
    }
}
