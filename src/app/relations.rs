//! The relations view's state: groups against their targets, the matrix and the
//! third-party pivot, all limited to the incidents the current search (and filters) match.
//!
//! Everything here is derived in `update` when results arrive or a selection moves, so
//! drawing only reads it.

use std::sync::Arc;

use crate::data::Stance;
use crate::data::links::{Link, Links};
use crate::search::{Hit, Query, SearchResults, text_matches};

use super::{App, Focus};

/// The results a view's rows were derived from, held by identity: coming back to a view
/// (back and forward, a tour's step, another screen and back) with the same results keeps
/// its rows instead of deriving them again from a million incidents.
#[derive(Clone, Debug, Default)]
pub struct DerivedFrom(Option<(Arc<Vec<Hit>>, u64, String, bool)>);

impl DerivedFrom {
    /// The results of this moment, with whether filters narrow them.
    pub(super) fn of(results: &SearchResults, filtered: bool) -> DerivedFrom {
        // Holding the hits keeps their address from being reused by other results.
        DerivedFrom(Some((
            Arc::clone(&results.hits),
            results.generation,
            results.query.text.clone(),
            filtered,
        )))
    }

    /// Both name the same results: the same hits (not equal ones: the very same), data,
    /// query and filtering.
    pub(super) fn same(&self, other: &DerivedFrom) -> bool {
        match (&self.0, &other.0) {
            (Some((a, ga, qa, fa)), Some((b, gb, qb, fb))) => {
                Arc::ptr_eq(a, b) && ga == gb && qa == qb && fa == fb
            }
            _ => false,
        }
    }
}

/// How the relations view shows its links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RelationsMode {
    /// Groups on the left, the selected group's targets on the right.
    #[default]
    Groups,
    /// Groups across, targets down, a stance in each cell.
    Matrix,
    /// Targets grouped by the third party their breach went through.
    ThirdParties,
}

/// A group in the list, with its targets among the current results counted by stance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    /// Position of the group in the data.
    pub group: u32,
    /// Links among the current results, per stance in [`Stance::ALL`] order.
    pub counts: [usize; 6],
    /// The query matched the group's own name or an alias.
    pub name_matched: bool,
}

impl GroupRow {
    /// Links among the current results.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// One row of the third-party pivot: an incident that went through a third party.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PivotEntry {
    /// Position in [`Links::third_parties`].
    pub third_party: u32,
    /// Position of the incident in the data.
    pub incident: u32,
}

/// One third party's rows in the pivot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PivotRun {
    /// Position in [`Links::third_parties`].
    pub third_party: u32,
    /// Its first row in the pivot.
    pub start: usize,
    /// How many rows (targets) it has.
    pub len: usize,
}

/// What the relations view shows and where its selections are.
#[derive(Clone, Debug, Default)]
pub struct RelationsState {
    /// List, matrix or pivot.
    pub mode: RelationsMode,
    /// Groups with at least one link among the results (or a name the query matches).
    pub groups: Vec<GroupRow>,
    /// Selected position in `groups` (also the matrix's selected column).
    pub selected_group: usize,
    /// The selected group's links among the results.
    pub targets: Vec<Link>,
    /// Selected position in `targets`.
    pub selected_target: usize,
    /// Matrix rows: incidents among the results that have a claim.
    pub matrix_rows: Vec<u32>,
    /// Selected matrix row.
    pub selected_row: usize,
    /// Pivot rows, grouped by third party.
    pub pivot: Vec<PivotEntry>,
    /// Where each third party's rows start in `pivot`, and how many there are.
    pub pivot_runs: Vec<PivotRun>,
    /// Selected pivot row.
    pub selected_pivot: usize,
    /// The results the rows above were derived from.
    pub derived_from: DerivedFrom,
    /// Which incidents, by position, are among those results.
    pub(super) member: Vec<bool>,
}

pub(super) fn group_name_matches(app: &App, group: usize, query: &Query) -> bool {
    let Some(group) = app.workspace.data.groups.get(group) else {
        return false;
    };
    std::iter::once(group.name.as_str())
        .chain(group.aliases.iter().map(|a| a.name.as_str()))
        .any(|name| text_matches(name, query))
}

impl App {
    /// Which incidents are in the current results, by position.
    pub(super) fn result_membership(&self) -> Vec<bool> {
        let mut member = vec![false; self.workspace.data.incidents.len()];
        for hit in self.search.results.hits.iter() {
            if let Some(slot) = member.get_mut(hit.incident as usize) {
                *slot = true;
            }
        }
        member
    }

    /// Recomputes the relations view from the current results, keeping selections where
    /// the same group, link, row or entry is still shown.
    pub(super) fn refresh_relations(&mut self) {
        let source = DerivedFrom::of(&self.search.results, !self.search.filters.is_empty());
        if source.same(&self.panes.relations.derived_from) {
            // The same results: the rows stand; the selection moves as it would.
            let query = &self.search.results.query;
            let relations = &self.panes.relations;
            if !query.is_empty()
                && let Some(named) = relations.groups.iter().position(|g| g.name_matched)
                && named != relations.selected_group
            {
                self.panes.relations.selected_group = named;
                self.refresh_targets();
            }
            return;
        }
        let member = self.result_membership();
        let is_member = |incident: u32| member.get(incident as usize).copied().unwrap_or(false);
        let links: &Links = &self.workspace.links;
        let query = &self.search.results.query;
        let previous_group = self.selected_group_position();
        let everything_shown = query.is_empty() && self.search.filters.is_empty();
        let mut groups: Vec<GroupRow> = Vec::new();
        for (position, group_links) in links.by_group.iter().enumerate() {
            let mut counts = [0; 6];
            for link in group_links.iter().filter(|l| is_member(l.incident)) {
                let stance = Stance::ALL
                    .iter()
                    .position(|&s| s == link.stance)
                    .unwrap_or(0);
                counts[stance] += 1;
            }
            let name_matched = group_name_matches(self, position, query);
            if name_matched || counts.iter().sum::<usize>() > 0 || everything_shown {
                groups.push(GroupRow {
                    group: position as u32,
                    counts,
                    name_matched,
                });
            }
        }
        // Groups the query names come first, then the most linked.
        groups.sort_by(|a, b| {
            b.name_matched
                .cmp(&a.name_matched)
                .then(b.total().cmp(&a.total()))
                .then(a.group.cmp(&b.group))
        });
        let selected = match groups.iter().position(|g| g.name_matched) {
            Some(named) if !query.is_empty() => named,
            _ => previous_group
                .and_then(|group| groups.iter().position(|g| g.group == group))
                .unwrap_or(0),
        };
        let incidents = &self.workspace.data.incidents;
        let matrix_rows = self
            .search
            .results
            .hits
            .iter()
            .map(|h| h.incident)
            .filter(|&i| {
                incidents
                    .get(i as usize)
                    .is_some_and(|i| !i.claims.is_empty())
            })
            .collect();
        let pivot: Vec<PivotEntry> = links
            .third_parties
            .iter()
            .enumerate()
            .flat_map(|(position, third_party)| {
                third_party
                    .incidents
                    .iter()
                    .filter(|&&i| is_member(i))
                    .map(move |&incident| PivotEntry {
                        third_party: position as u32,
                        incident,
                    })
            })
            .collect();
        let mut pivot_runs: Vec<PivotRun> = Vec::new();
        for (position, entry) in pivot.iter().enumerate() {
            match pivot_runs.last_mut() {
                Some(run) if run.third_party == entry.third_party => run.len += 1,
                _ => pivot_runs.push(PivotRun {
                    third_party: entry.third_party,
                    start: position,
                    len: 1,
                }),
            }
        }
        let state = &mut self.panes.relations;
        state.derived_from = source;
        state.member = member;
        state.pivot_runs = pivot_runs;
        state.groups = groups;
        state.selected_group = selected;
        state.matrix_rows = matrix_rows;
        state.selected_row = state
            .selected_row
            .min(state.matrix_rows.len().saturating_sub(1));
        state.pivot = pivot;
        state.selected_pivot = state
            .selected_pivot
            .min(state.pivot.len().saturating_sub(1));
        self.refresh_targets();
    }

    /// The selected group's position in the data, if any group is shown.
    pub fn selected_group_position(&self) -> Option<u32> {
        let relations = &self.panes.relations;
        relations
            .groups
            .get(relations.selected_group)
            .map(|row| row.group)
    }

    /// Recomputes the selected group's targets among the results.
    pub(super) fn refresh_targets(&mut self) {
        let member = &self.panes.relations.member;
        let targets: Vec<Link> = match self
            .selected_group_position()
            .and_then(|g| self.workspace.links.by_group.get(g as usize))
        {
            Some(links) => links
                .iter()
                .filter(|l| member.get(l.incident as usize).copied().unwrap_or(false))
                .copied()
                .collect(),
            None => Vec::new(),
        };
        let relations = &mut self.panes.relations;
        relations.selected_target = relations
            .selected_target
            .min(targets.len().saturating_sub(1));
        relations.targets = targets;
    }

    /// Selects a group by its row in the list and shows its targets.
    pub(super) fn select_group(&mut self, row: i64) {
        let relations = &mut self.panes.relations;
        let before = relations.selected_group;
        relations.selected_group = clamp_row(row, relations.groups.len());
        if relations.selected_group != before {
            relations.selected_target = 0;
            self.refresh_targets();
        }
    }

    /// Selects a group by its position in the data, if the list shows it.
    pub(super) fn select_group_by_position(&mut self, group: u32) {
        if let Some(row) = self
            .panes
            .relations
            .groups
            .iter()
            .position(|r| r.group == group)
        {
            self.select_group(row as i64);
        }
    }

    /// Selects, on the relations screen, the first group linked to an incident and the
    /// incident among its targets, with the targets focused.
    pub(super) fn select_incident_in_relations(&mut self, incident: u32) {
        let Some(group) = self
            .workspace
            .incident(incident)
            .and_then(|i| i.claims.first())
            .and_then(|claim| self.workspace.group_position(&claim.group))
        else {
            return;
        };
        let Some(row) = self
            .panes
            .relations
            .groups
            .iter()
            .position(|r| r.group as usize == group)
        else {
            return;
        };
        self.panes.relations.selected_group = row;
        self.refresh_targets();
        let relations = &mut self.panes.relations;
        if let Some(target) = relations
            .targets
            .iter()
            .position(|l| l.incident == incident)
        {
            relations.selected_target = target;
        }
        self.screen.focus = Focus::Targets;
    }

    /// The incident under the relations screen's selection, if any: none on the group list.
    pub fn relations_selected_incident(&self) -> Option<u32> {
        let state = &self.panes.relations;
        match (state.mode, self.screen.focus) {
            (RelationsMode::Groups, Focus::Targets) => {
                state.targets.get(state.selected_target).map(|l| l.incident)
            }
            (RelationsMode::Groups, _) => None,
            (RelationsMode::Matrix, _) => state.matrix_rows.get(state.selected_row).copied(),
            (RelationsMode::ThirdParties, _) => {
                state.pivot.get(state.selected_pivot).map(|e| e.incident)
            }
        }
    }
}

/// A row clamped into `0..count` (0 when there are none).
pub fn clamp_row(row: i64, count: usize) -> usize {
    if count == 0 {
        0
    } else {
        row.clamp(0, count as i64 - 1) as usize
    }
}
