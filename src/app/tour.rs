//! Guided tours: named, ordered steps through the data, for presenting. Each step is a place
//! (a view, a search, a selection) with a caption; the tour is a layer under everything
//! else, so the presenter can still scroll, search and switch screens.

use super::filters::SortOrder;
use super::history::Place;
use super::relations::RelationsMode;
use super::{App, Focus, Layer, TourProgress, View};
use crate::data::filter::Filters;
use crate::data::{IncidentSection, RelationsView, Text, TourStep, ViewName};

impl App {
    /// Starts the tour with this id at its first step.
    pub fn start_tour(&mut self, id: &str) -> Result<(), String> {
        let data = &self.workspace.data;
        let Some(tour) = data.tours.iter().position(|t| t.id == id) else {
            let known: Vec<&str> = data.tours.iter().map(|t| t.id.as_str()).collect();
            return Err(if known.is_empty() {
                format!("no tour \"{id}\": this data file has no tours")
            } else {
                format!("no tour \"{id}\"; the tours are: {}", known.join(", "))
            });
        };
        self.layers
            .close(|l| matches!(l, Layer::Tours(_) | Layer::Help(_)));
        self.go_to_step(tour, 0);
        Ok(())
    }

    /// Moves the running tour by `delta` steps; past the last step, the tour ends.
    pub(super) fn step_tour(&mut self, delta: i64) {
        let Some(progress) = self.layers.tour() else {
            return;
        };
        let Some(tour) = self.workspace.data.tours.get(progress.tour) else {
            self.leave_tour();
            return;
        };
        let steps = tour.steps.len();
        let wanted = progress.step as i64 + delta;
        if wanted >= steps as i64 {
            let name = tour.name.to_string();
            self.leave_tour();
            self.screen.notice = Some(format!(
                "End of the tour \u{201c}{name}\u{201d}: browse from here, or T for the tours."
            ));
            return;
        }
        let step = super::relations::clamp_row(wanted, steps);
        if step != progress.step {
            self.go_to_step(progress.tour, step);
        }
    }

    /// Leaves the tour; the screen stays as the last step left it.
    pub(super) fn leave_tour(&mut self) {
        self.layers.close(|l| matches!(l, Layer::Tour(_)));
    }

    fn go_to_step(&mut self, tour: usize, step: usize) {
        let Some(target) = self
            .workspace
            .data
            .tours
            .get(tour)
            .and_then(|t| t.steps.get(step))
            .cloned()
        else {
            return;
        };
        self.layers.push(Layer::Tour(TourProgress { tour, step }));
        let place = self.step_place(&target);
        self.go_to(place);
    }

    /// The place a tour step shows: its view and mode, search and filters, the selection it
    /// names, the detail scrolled to its section, so that what the caption says is on screen.
    fn step_place(&self, step: &TourStep) -> Place {
        let data = &self.workspace.data;
        let selected = step.select.as_ref();
        let incident: Option<Text> = selected.filter(|id| data.incident(id).is_some()).cloned();
        let group: Option<Text> = step
            .group
            .clone()
            .or_else(|| selected.filter(|id| data.group(id).is_some()).cloned());
        let relations_mode = match step.mode.unwrap_or_default() {
            RelationsView::Groups => RelationsMode::Groups,
            RelationsView::Matrix => RelationsMode::Matrix,
            RelationsView::ThirdParties => RelationsMode::ThirdParties,
        };
        let detail_shown = step.section.is_some() || step.zoom;
        let (view, focus) = match (step.view, relations_mode) {
            (ViewName::Incidents, _) => (View::Incidents, Focus::Detail),
            (ViewName::Timeline, _) if detail_shown => (View::Timeline, Focus::Detail),
            (ViewName::Timeline, _) => (View::Timeline, Focus::Timeline),
            (ViewName::Relations, RelationsMode::Matrix) => (View::Relations, Focus::Matrix),
            (ViewName::Relations, RelationsMode::ThirdParties) => {
                (View::Relations, Focus::ThirdParties)
            }
            (ViewName::Relations, RelationsMode::Groups) if incident.is_some() => {
                (View::Relations, Focus::Targets)
            }
            (ViewName::Relations, RelationsMode::Groups) => (View::Relations, Focus::Groups),
        };
        let mut filters = Filters::default();
        for filter in &step.filters {
            filters.toggle(filter.facet, &filter.value);
        }
        let pivot = incident.as_ref().and_then(|id| {
            let position = data.incident_position(id)?;
            let through = data.incidents.get(position)?.third_parties.first()?;
            Some((through.organisation.clone(), id.clone()))
        });
        Place {
            view,
            relations_mode,
            focus,
            query: step.query.as_deref().unwrap_or_default().to_string(),
            filters,
            sort: SortOrder::default(),
            incident: incident.clone(),
            list_offset: 0,
            detail_scroll: 0,
            zoomed: step.zoom,
            section: step.section.as_deref().and_then(IncidentSection::named),
            group,
            target: incident.clone(),
            matrix_row: incident.clone(),
            pivot,
            timeline: incident,
            graph: None,
            graph_scope: Default::default(),
        }
    }
}
