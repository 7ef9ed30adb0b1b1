//! Back and forward across screens, as a browser does: a jump (another screen, an incident
//! opened from relations or the timeline, a group shown from an incident) records where you
//! were, and going back returns to exactly that place: screen, mode, pane, query, filters,
//! selections and scroll.
//!
//! Places name incidents and groups by id, not by position, so that they survive a reload.

use super::filters::SortOrder;
use super::graph::Scope;
use super::relations::RelationsMode;
use super::{App, Focus, View};
use crate::data::filter::Filters;
use crate::data::graph::{Kind, Node};
use crate::data::{IncidentSection, Text};

/// How many places each direction keeps.
const DEPTH: usize = 100;

/// Everything that makes a place on a screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The screen.
    pub view: View,
    /// The relations screen's mode.
    pub relations_mode: RelationsMode,
    /// The focused pane.
    pub focus: Focus,
    /// The query.
    pub query: String,
    /// The filters.
    pub filters: Filters,
    /// The order.
    pub sort: SortOrder,
    /// The incident selected in the result list.
    pub incident: Option<Text>,
    /// The result list's first row.
    pub list_offset: usize,
    /// The detail pane's scroll.
    pub detail_scroll: u16,
    /// The detail takes the whole screen.
    pub zoomed: bool,
    /// A section to scroll the detail to on arrival, instead of `detail_scroll` (tours).
    pub section: Option<IncidentSection>,
    /// The group selected on the relations screen (also the matrix's column).
    pub group: Option<Text>,
    /// The target selected among the group's.
    pub target: Option<Text>,
    /// The incident of the matrix's selected row.
    pub matrix_row: Option<Text>,
    /// The third party and incident of the pivot's selected row.
    pub pivot: Option<(Text, Text)>,
    /// The incident selected on the timeline.
    pub timeline: Option<Text>,
    /// The node selected on the graph: its column and its id in the data.
    pub graph: Option<(Kind, Text)>,
    /// How much of the graph was shown.
    pub graph_scope: Scope,
}

/// Places behind and ahead.
#[derive(Clone, Debug, Default)]
pub struct History {
    back: Vec<Place>,
    forward: Vec<Place>,
}

impl History {
    /// Records `here` before a jump: it becomes the place to go back to, and what was ahead
    /// is forgotten, as in a browser.
    pub fn record(&mut self, here: Place) {
        if self.back.last() != Some(&here) {
            self.back.push(here);
        }
        if self.back.len() > DEPTH {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// The place to go back to, leaving `here` ahead.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        let place = self.back.pop()?;
        self.forward.push(here);
        Some(place)
    }

    /// The place to go forward to, leaving `here` behind.
    pub fn forward(&mut self, here: Place) -> Option<Place> {
        let place = self.forward.pop()?;
        self.back.push(here);
        Some(place)
    }

    /// How many places are behind.
    pub fn behind(&self) -> usize {
        self.back.len()
    }

    /// How many places are ahead.
    pub fn ahead(&self) -> usize {
        self.forward.len()
    }
}

impl App {
    fn incident_id(&self, position: Option<u32>) -> Option<Text> {
        position
            .and_then(|p| self.workspace.incident(p))
            .map(|i| i.id.clone())
    }

    /// Where the user is now. Only what the screen shown holds is recorded: the rows of
    /// the other screens are not derived while hidden.
    pub fn place(&self) -> Place {
        let mut place = self.place_with_every_pane();
        let view = self.screen.view;
        if view != View::Incidents {
            place.incident = None;
            place.list_offset = 0;
        }
        if view == View::Relations {
            place.detail_scroll = 0;
        } else {
            place.group = None;
            place.target = None;
            place.matrix_row = None;
            place.pivot = None;
        }
        if view != View::Timeline {
            place.timeline = None;
        }
        if view != View::Graph {
            place.graph = None;
            place.graph_scope = Scope::default();
        }
        place
    }

    fn place_with_every_pane(&self) -> Place {
        let relations = &self.panes.relations;
        let data = &self.workspace.data;
        Place {
            view: self.screen.view,
            relations_mode: relations.mode,
            focus: self.screen.focus,
            query: self.query().to_string(),
            filters: self.search.filters.clone(),
            sort: self.search.sort,
            incident: self.incident_id(self.selected_hit().map(|h| h.incident)),
            list_offset: self.panes.list.offset,
            detail_scroll: self.panes.detail.scroll,
            zoomed: self.panes.detail.zoomed,
            section: None,
            group: self
                .selected_group_position()
                .and_then(|g| data.groups.get(g as usize))
                .map(|g| g.id.clone()),
            target: self.incident_id(
                relations
                    .targets
                    .get(relations.selected_target)
                    .map(|l| l.incident),
            ),
            matrix_row: self
                .incident_id(relations.matrix_rows.get(relations.selected_row).copied()),
            pivot: relations
                .pivot
                .get(relations.selected_pivot)
                .and_then(|entry| {
                    let third_party = self
                        .workspace
                        .links
                        .third_parties
                        .get(entry.third_party as usize)?;
                    let organisation = data.organisations.get(third_party.organisation as usize)?;
                    Some((
                        organisation.id.clone(),
                        self.incident_id(Some(entry.incident))?,
                    ))
                }),
            timeline: self.incident_id(self.timeline_incident()),
            graph: self.panes.graph.selected.and_then(|node| {
                let id = match node.kind {
                    Kind::Group => &data.groups.get(node.index as usize)?.id,
                    _ => &data.organisations.get(node.index as usize)?.id,
                };
                Some((node.kind, id.clone()))
            }),
            graph_scope: self.panes.graph.scope,
        }
    }

    /// Records the current place, then lets `jump` move elsewhere.
    pub(super) fn jump(&mut self, jump: impl FnOnce(&mut App)) {
        let here = self.place();
        jump(self);
        if self.place() != here {
            self.screen.history.record(here);
        }
    }

    /// Goes back in the history, if there is anywhere to go.
    pub(super) fn history_back(&mut self) {
        let here = self.place();
        match self.screen.history.back(here) {
            Some(place) => self.go_to(place),
            None => self.screen.notice = Some("Nothing to go back to.".into()),
        }
    }

    /// Goes forward in the history, if there is anywhere to go.
    pub(super) fn history_forward(&mut self) {
        let here = self.place();
        match self.screen.history.forward(here) {
            Some(place) => self.go_to(place),
            None => self.screen.notice = Some("Nothing to go forward to.".into()),
        }
    }

    /// Puts the screen back as `place` describes it. When its query differs from the one
    /// shown, the selections wait for the search to answer.
    pub(super) fn go_to(&mut self, place: Place) {
        self.screen.view = place.view;
        self.panes.graph.scope = place.graph_scope;
        self.panes.relations.mode = place.relations_mode;
        self.screen.focus = place.focus;
        let reorder = self.search.filters != place.filters || self.search.sort != place.sort;
        self.search.filters = place.filters.clone();
        self.search.sort = place.sort;
        if place.query != self.query() {
            self.set_query_text(&place.query);
            self.derive_results();
            self.refresh_views();
            self.screen.arriving = Some(place);
            return;
        }
        if reorder {
            self.derive_results();
        }
        self.arrive(place);
    }

    /// Selects what a place names, now that the results are the place's.
    pub(super) fn arrive(&mut self, place: Place) {
        self.refresh_views();
        self.select(self.panes.list.selected as i64);
        let positions_of = |app: &App, id: &Option<Text>| {
            id.as_deref()
                .and_then(|id| app.workspace.incident_position(id))
        };
        if let Some(incident) = positions_of(self, &place.incident)
            && let Some(row) = self
                .search
                .results
                .hits
                .iter()
                .position(|h| h.incident == incident)
        {
            self.panes.list.offset = place.list_offset;
            self.select(row as i64);
        }
        if let Some(group) = place
            .group
            .as_deref()
            .and_then(|id| self.workspace.group_position(id))
        {
            self.select_group_by_position(group as u32);
        }
        if let Some(target) = positions_of(self, &place.target) {
            if place.group.is_none() {
                self.select_incident_in_relations(target);
            }
            let relations = &mut self.panes.relations;
            if let Some(row) = relations.targets.iter().position(|l| l.incident == target) {
                relations.selected_target = row;
            }
        }
        if let Some(row) = positions_of(self, &place.matrix_row) {
            let relations = &mut self.panes.relations;
            if let Some(position) = relations.matrix_rows.iter().position(|&i| i == row) {
                relations.selected_row = position;
            }
        }
        if let Some((third_party, incident)) = &place.pivot
            && let Some(incident) = self.workspace.incident_position(incident)
        {
            let organisation = self.workspace.data.organisation_position(third_party);
            let links = &self.workspace.links.third_parties;
            let relations = &mut self.panes.relations;
            if let Some(position) = relations.pivot.iter().position(|e| {
                e.incident == incident
                    && links
                        .get(e.third_party as usize)
                        .is_some_and(|t| Some(t.organisation as usize) == organisation)
            }) {
                relations.selected_pivot = position;
            }
        }
        if let Some(incident) = positions_of(self, &place.timeline) {
            self.select_on_timeline(incident);
        }
        if let Some((kind, id)) = &place.graph {
            let data = &self.workspace.data;
            let index = match kind {
                Kind::Group => data.group_position(id),
                _ => data.organisation_position(id),
            };
            if let Some(index) = index {
                self.select_graph_node(Node {
                    kind: *kind,
                    index: index as u32,
                });
            }
        }
        self.screen.focus = place.focus;
        self.panes.detail.zoomed = place.zoomed && place.focus == Focus::Detail;
        self.panes.detail.scroll = place.detail_scroll;
        self.scroll_detail(0);
        if let Some(section) = place.section {
            self.scroll_to_section(section);
        }
    }
}
