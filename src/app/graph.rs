//! The graph screen's state: the graph of the current results, which part of it is shown
//! (all of it when it fits, else the selected node's neighbourhood, one or two steps), the
//! selection, and the picture laid out for the screen.
//!
//! Everything is derived here, in `update`: the graph when the results change, the
//! picture when the selection, the neighbourhood or the size changes. Drawing only copies
//! the picture.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{App, Focus, Layer, ProfileState, View};
use crate::data::graph::{EdgeRef, Graph, Kind, Node};
use crate::layout::graph::{Picture, Scene, lay_out, rows_needed};

/// Results with more claimed incidents than this are never drawn whole: the graph is
/// built only around the node shown, from the incidents near it, so that a key costs what
/// the neighbourhood does, not what a million incidents would.
const WHOLE_LIMIT: usize = 2_000;

/// At most this many incidents make a neighbourhood's second step.
const LOCAL_LIMIT: usize = 50_000;

/// How much of the graph to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// All of it, when it fits (else the neighbourhood of one step).
    #[default]
    Whole,
    /// The selected node and what is within this many steps of it.
    Steps(u8),
}

/// What the picture shows now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// The whole graph.
    #[default]
    Whole,
    /// A node's neighbourhood, this many steps out.
    Neighbourhood(u8),
}

/// The graph screen's state.
#[derive(Clone, Debug, Default)]
pub struct GraphState {
    /// The graph of the current results: all of it, or (for many results) the part
    /// around the centre.
    pub graph: Arc<Graph>,
    /// The graph holds every link of the results (not only a neighbourhood's).
    pub complete: bool,
    /// For a partial graph: which incidents are among the results.
    member: Arc<Vec<bool>>,
    /// For a partial graph: the groups with links among the results, most linked first.
    pub group_order: Vec<u32>,
    /// For a partial graph: the centre and steps it was built around.
    built_for: Option<(Node, u8)>,
    /// Each column in the order that keeps crossings few (the graph's own order when it is
    /// too big to be shown whole).
    pub order: [Vec<u32>; 3],
    /// How much the user asked to see.
    pub scope: Scope,
    /// What is shown.
    pub shown: Shown,
    /// The selected node, by what it is in the data (it survives new results).
    pub selected: Option<Node>,
    /// The node the neighbourhood is around.
    pub centre: Option<Node>,
    /// The columns shown, whole (the scene holds the part that fits).
    pub lists: [Vec<u32>; 3],
    /// The neighbourhood the lists were computed for: centre, steps, graph.
    lists_for: Option<(u32, u8, usize)>,
    /// First node shown of each column's list.
    pub offsets: [usize; 3],
    /// What is laid out.
    pub scene: Scene,
    /// The picture, for the screen's size.
    pub picture: Picture,
}

impl GraphState {
    /// The node id of the selection in the current graph.
    pub fn selected_node(&self) -> Option<u32> {
        self.selected.and_then(|n| self.graph.find(n))
    }

    /// Selects `node` and centres the neighbourhood on it.
    fn select_centre(&mut self, node: Option<Node>) {
        self.selected = node;
        self.centre = node;
    }
}

/// Nodes within `steps` of `centre`, with their distance.
fn ball(graph: &Graph, centre: u32, steps: u8) -> FxHashMap<u32, u8> {
    let mut distance: FxHashMap<u32, u8> = FxHashMap::default();
    distance.insert(centre, 0);
    let mut frontier = vec![centre];
    for step in 1..=steps {
        let mut next = Vec::new();
        for node in frontier {
            for &other in graph.neighbours(node) {
                if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(other) {
                    slot.insert(step);
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    distance
}

/// The columns of a neighbourhood: groups nearest first; victims by their first group's
/// place, so that each group's victims sit together; third parties by their first
/// victim's place.
fn neighbourhood_lists(graph: &Graph, centre: u32, steps: u8) -> [Vec<u32>; 3] {
    let distance = ball(graph, centre, steps);
    let mut lists: [Vec<u32>; 3] = Default::default();
    for &node in distance.keys() {
        lists[graph.nodes[node as usize].kind.column()].push(node);
    }
    lists[0].sort_by_key(|n| (distance[n], *n));
    let by_place = |list: &[u32]| -> FxHashMap<u32, usize> {
        list.iter().enumerate().map(|(i, &n)| (n, i)).collect()
    };
    let place = by_place(&lists[0]);
    let key = |node: u32, place: &FxHashMap<u32, usize>| {
        graph
            .neighbours(node)
            .iter()
            .filter_map(|n| place.get(n).copied())
            .min()
            .unwrap_or(usize::MAX)
    };
    lists[1].sort_by_cached_key(|&n| (key(n, &place), n));
    let place = by_place(&lists[1]);
    lists[2].sort_by_cached_key(|&n| (key(n, &place), n));
    lists
}

/// The first row of a window of `rows` rows over `count` items that shows `selected`,
/// moved as little as possible from `offset`.
fn window(offset: usize, selected: Option<usize>, rows: usize, count: usize) -> usize {
    let mut offset = offset.min(count.saturating_sub(rows));
    if let Some(s) = selected {
        if s < offset {
            offset = s;
        } else if s >= offset + rows {
            offset = s + 1 - rows.max(1);
        }
    }
    offset
}

impl App {
    /// The graph screen's areas, as laid out now.
    pub fn graph_layout(&self) -> crate::layout::GraphLayout {
        crate::layout::graph_layout(self.screen_area())
    }

    /// Rebuilds the graph from the current results, then the picture.
    pub(super) fn refresh_graph(&mut self) {
        let data = Arc::clone(&self.workspace.data);
        let claimed = |i: u32| {
            data.incidents
                .get(i as usize)
                .is_some_and(|i| !i.claims.is_empty())
        };
        let hits = &self.search.results.hits;
        let many = hits
            .iter()
            .filter(|h| claimed(h.incident))
            .nth(WHOLE_LIMIT)
            .is_some();
        if many {
            self.refresh_partial_graph();
            return;
        }
        let shown: Vec<u32> = hits.iter().map(|h| h.incident).collect();
        let graph = Graph::build(&data, &self.workspace.links, &shown);
        let order = graph.ordered();
        // A query that names a group selects it, as on the relations screen.
        let named = self.named_group(order[0].iter().map(|&n| graph.nodes[n as usize].index));
        let state = &mut self.panes.graph;
        if let Some(index) = named {
            state.select_centre(Some(Node {
                kind: Kind::Group,
                index,
            }));
        }
        state.graph = Arc::new(graph);
        state.complete = true;
        state.built_for = None;
        state.order = order;
        state.lists_for = None;
        if state.selected_node().is_none() {
            let first = state
                .order
                .iter()
                .find_map(|c| c.first())
                .map(|&n| state.graph.nodes[n as usize]);
            state.select_centre(first);
        }
        self.relayout_graph();
    }

    /// The first of `groups` (positions) whose name or alias the query matches.
    fn named_group(&self, mut groups: impl Iterator<Item = u32>) -> Option<u32> {
        let query = &self.search.results.query;
        if query.is_empty() {
            return None;
        }
        groups.find(|&g| super::relations::group_name_matches(self, g as usize, query))
    }

    /// For many results: which incidents are shown and the groups' order, the graph itself
    /// to be built around the node shown.
    fn refresh_partial_graph(&mut self) {
        let links = Arc::clone(&self.workspace.links);
        let mut member = vec![false; self.workspace.data.incidents.len()];
        for hit in self.search.results.hits.iter() {
            if let Some(m) = member.get_mut(hit.incident as usize) {
                *m = true;
            }
        }
        let mut counts: Vec<(usize, u32)> = links
            .by_group
            .iter()
            .zip(0u32..)
            .map(|(l, g)| (l.iter().filter(|l| member[l.incident as usize]).count(), g))
            .filter(|&(count, _)| count > 0)
            .collect();
        counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let group_order: Vec<u32> = counts.into_iter().map(|(_, g)| g).collect();
        let named = self.named_group(group_order.iter().copied());
        let state = &mut self.panes.graph;
        if let Some(index) = named {
            state.select_centre(Some(Node {
                kind: Kind::Group,
                index,
            }));
        }
        if state.selected.is_none() {
            state.select_centre(group_order.first().map(|&index| Node {
                kind: Kind::Group,
                index,
            }));
        }
        state.member = Arc::new(member);
        state.group_order = group_order;
        state.complete = false;
        state.built_for = None;
        state.lists_for = None;
        state.order = Default::default();
        self.relayout_graph();
    }

    /// The incidents among the results within `steps` of a node, found through the
    /// links' indexes without reading the others.
    fn incidents_near(&self, centre: Node, steps: u8) -> Vec<u32> {
        let links = &self.workspace.links;
        let roles = &links.roles;
        let data = &self.workspace.data;
        let member = &self.panes.graph.member;
        let ok = |i: u32| {
            member.get(i as usize) == Some(&true)
                && data
                    .incidents
                    .get(i as usize)
                    .is_some_and(|i| !i.claims.is_empty())
        };
        let group_incidents = |g: usize| -> Vec<u32> {
            links
                .by_group
                .get(g)
                .map_or_else(Vec::new, |l| l.iter().map(|l| l.incident).collect())
        };
        let first: Vec<u32> = match centre.kind {
            Kind::Group => group_incidents(centre.index as usize),
            Kind::Victim => roles.incidents_as_victim(centre.index).to_vec(),
            Kind::ThirdParty => roles.incidents_through(centre.index).to_vec(),
        }
        .into_iter()
        .filter(|&i| ok(i))
        .collect();
        let mut seen: rustc_hash::FxHashSet<u32> = first.iter().copied().collect();
        let mut all = first.clone();
        if steps >= 2 {
            let mut add = |i: u32, all: &mut Vec<u32>| {
                if all.len() < first.len() + LOCAL_LIMIT && ok(i) && seen.insert(i) {
                    all.push(i);
                }
            };
            for &i in &first {
                match centre.kind {
                    Kind::Group | Kind::ThirdParty => {
                        for &v in roles.victims(i) {
                            for &j in roles.incidents_as_victim(v) {
                                add(j, &mut all);
                            }
                        }
                    }
                    Kind::Victim => {
                        let claims = data
                            .incidents
                            .get(i as usize)
                            .map_or(&[][..], |i| &i.claims);
                        for claim in claims {
                            if let Some(g) = data.group_position(&claim.group) {
                                for j in group_incidents(g) {
                                    add(j, &mut all);
                                }
                            }
                        }
                        for &t in roles.third_parties(i) {
                            for &j in roles.incidents_through(t) {
                                add(j, &mut all);
                            }
                        }
                    }
                }
            }
        }
        all
    }

    /// For many results: builds the graph around the centre, if it is not built already.
    fn build_partial_graph(&mut self, steps: u8) {
        let state = &self.panes.graph;
        let Some(mut centre) = state.centre.or(state.selected) else {
            return;
        };
        if state.built_for == Some((centre, steps)) {
            return;
        }
        let rank: FxHashMap<u32, usize> = state
            .group_order
            .iter()
            .enumerate()
            .map(|(i, &g)| (g, i))
            .collect();
        let build = |app: &App, centre: Node| {
            Graph::build_local(
                &app.workspace.data,
                &app.workspace.links,
                &app.incidents_near(centre, steps),
                &|g| rank.get(&g).copied().unwrap_or(usize::MAX),
            )
        };
        let mut graph = build(self, centre);
        // A node with nothing among the results (after a search): the first group instead.
        if graph.find(centre).is_none()
            && let Some(&index) = state.group_order.first()
        {
            centre = Node {
                kind: Kind::Group,
                index,
            };
            graph = build(self, centre);
        }
        let state = &mut self.panes.graph;
        state.graph = Arc::new(graph);
        state.centre = Some(centre);
        state.built_for = Some((centre, steps));
        state.lists_for = None;
        if state.selected_node().is_none() {
            state.selected = Some(centre);
        }
    }

    /// Decides what part of the graph is shown and lays it out for the screen.
    pub(super) fn relayout_graph(&mut self) {
        let area = self.graph_layout().picture;
        let (width, height) = (area.width, usize::from(area.height));
        if !self.panes.graph.complete {
            let steps = match self.panes.graph.scope {
                Scope::Whole => 1,
                Scope::Steps(steps) => steps.clamp(1, 2),
            };
            self.build_partial_graph(steps);
        }
        let state = &mut self.panes.graph;
        let graph = Arc::clone(&state.graph);
        let selected = state.selected_node();
        // Counting rows reads every victim's lines: only when there are few enough victims.
        let fits = state.complete
            && graph.columns.iter().all(|c| c.len() <= height)
            && rows_needed(&graph, &state.order) <= height;
        state.shown = match state.scope {
            Scope::Whole if fits => Shown::Whole,
            Scope::Whole => Shown::Neighbourhood(1),
            Scope::Steps(steps) => Shown::Neighbourhood(steps.clamp(1, 2)),
        };
        match state.shown {
            Shown::Whole => {
                state.lists = state.order.clone();
                state.lists_for = None;
                state.offsets = [0; 3];
                state.scene = Scene {
                    columns: state.order.clone(),
                    folds: [(0, 0); 3],
                    selected,
                };
            }
            Shown::Neighbourhood(steps) => {
                let centre = state.centre.and_then(|c| graph.find(c)).or(selected);
                let Some(centre) = centre else {
                    state.scene = Scene::default();
                    state.picture = Picture::default();
                    return;
                };
                // A selection outside the centre's neighbourhood (the view became one
                // after the selection moved on the whole graph, say when the screen
                // shrank) becomes the centre: what is selected is always on screen.
                let centre = match selected {
                    Some(chosen)
                        if state
                            .lists_for
                            .is_some_and(|(c, s, _)| c == centre && s == steps)
                            && state.lists.iter().any(|list| list.contains(&chosen)) =>
                    {
                        centre
                    }
                    Some(chosen) if !ball(&graph, centre, steps).contains_key(&chosen) => {
                        state.centre = state.selected;
                        chosen
                    }
                    _ => centre,
                };
                let key = (centre, steps, Arc::as_ptr(&graph) as usize);
                if state.lists_for != Some(key) {
                    state.lists = neighbourhood_lists(&graph, centre, steps);
                    state.lists_for = Some(key);
                    state.offsets = [0; 3];
                }
                // A row at the top and one at the bottom say what is folded away.
                let rows = height.saturating_sub(2);
                let position =
                    |list: &[u32]| selected.and_then(|s| list.iter().position(|&n| n == s));
                let mut columns: [Vec<u32>; 3] = Default::default();
                let mut folds = [(0, 0); 3];
                for c in [0, 2] {
                    let list = &state.lists[c];
                    let first = window(state.offsets[c], position(list), rows, list.len());
                    state.offsets[c] = first;
                    columns[c] = list.iter().skip(first).take(rows).copied().collect();
                    folds[c] = (first, list.len() - first - columns[c].len());
                }
                // Victims take a row per group (or third party) shown beside them.
                let shown_sides: rustc_hash::FxHashSet<u32> =
                    columns[0].iter().chain(&columns[2]).copied().collect();
                let victim_rows = |node: u32| {
                    let mut groups = 0;
                    let mut third_parties = 0;
                    for &n in graph.neighbours(node) {
                        if shown_sides.contains(&n) {
                            match graph.nodes[n as usize].kind {
                                Kind::ThirdParty => third_parties += 1,
                                _ => groups += 1,
                            }
                        }
                    }
                    groups.max(third_parties).max(1)
                };
                let list = &state.lists[1];
                let mut first = state.offsets[1].min(list.len().saturating_sub(1));
                if let Some(s) = position(list) {
                    if s < first {
                        first = s;
                    }
                    // Back off from the selection until the rows run out.
                    let mut used = 0;
                    let mut earliest = s + 1;
                    while earliest > 0 && used + victim_rows(list[earliest - 1]) <= rows {
                        used += victim_rows(list[earliest - 1]);
                        earliest -= 1;
                    }
                    first = first.max(earliest);
                }
                let mut used = 0;
                let mut shown_victims = Vec::new();
                for &node in list.iter().skip(first) {
                    let need = victim_rows(node);
                    if used + need > rows {
                        break;
                    }
                    used += need;
                    shown_victims.push(node);
                }
                state.offsets[1] = first;
                folds[1] = (first, list.len() - first - shown_victims.len());
                columns[1] = shown_victims;
                state.scene = Scene {
                    columns,
                    folds,
                    selected,
                };
            }
        }
        state.picture = lay_out(
            &graph,
            &self.workspace.data,
            &state.scene,
            width,
            height as u16,
        );
    }

    /// Moves the selection within its column: `j`/`k`. On the node a neighbourhood is
    /// around, it goes to the next node of the column and the neighbourhood follows.
    pub(super) fn graph_move(&mut self, delta: i64) {
        let state = &mut self.panes.graph;
        let Some(selected) = state.selected_node() else {
            return;
        };
        let here = state.graph.nodes[selected as usize];
        let column = here.kind.column();
        let is_centre = state.centre == Some(here);
        let neighbourhood = matches!(state.shown, Shown::Neighbourhood(_));
        // The column the selection moves in: the whole column for the centre (the
        // neighbourhood follows), else the neighbourhood's.
        let column_nodes: Vec<Node> = match (neighbourhood && is_centre, state.complete) {
            (true, true) => state.order[column]
                .iter()
                .map(|&n| state.graph.nodes[n as usize])
                .collect(),
            (true, false) if here.kind == Kind::Group => state
                .group_order
                .iter()
                .map(|&index| Node {
                    kind: Kind::Group,
                    index,
                })
                .collect(),
            _ => state.lists[column]
                .iter()
                .map(|&n| state.graph.nodes[n as usize])
                .collect(),
        };
        let Some(at) = column_nodes.iter().position(|&n| n == here) else {
            return;
        };
        let to = super::relations::clamp_row(at as i64 + delta, column_nodes.len());
        let node = column_nodes[to];
        state.selected = Some(node);
        if is_centre && neighbourhood {
            state.centre = Some(node);
        }
        self.relayout_graph();
    }

    /// Moves the selection along a line to the column on the left (-1) or right (+1): to
    /// the linked node nearest on screen. In a neighbourhood the node reached becomes the
    /// centre, except when it is one of many around the centre (a group's thousands of
    /// targets): then `j`/`k` go through them.
    pub(super) fn graph_across(&mut self, delta: i32) {
        let data = Arc::clone(&self.workspace.data);
        let state = &mut self.panes.graph;
        let Some(selected) = state.selected_node() else {
            return;
        };
        let graph = Arc::clone(&state.graph);
        let kind = graph.nodes[selected as usize].kind;
        let column = kind.column() as i32 + delta;
        let here = state.picture.node_at(selected).map_or(0, |p| p.1);
        let candidates: Vec<u32> = graph
            .neighbours(selected)
            .iter()
            .copied()
            .filter(|&n| graph.nodes[n as usize].kind.column() as i32 == column)
            .collect();
        let on_screen = |n: u32| state.picture.node_at(n).map(|p| p.1);
        let best = candidates
            .iter()
            .copied()
            .filter_map(|n| on_screen(n).map(|row| (row.abs_diff(here), n)))
            .min()
            .map(|(_, n)| n)
            .or_else(|| candidates.first().copied());
        let from_centre = state.centre.and_then(|c| graph.find(c)) == Some(selected);
        let folded = |column: i32| {
            usize::try_from(column)
                .ok()
                .and_then(|c| state.scene.folds.get(c))
                .is_some_and(|f| f.0 + f.1 > 0)
        };
        match best {
            Some(node) => {
                let browsing = from_centre && folded(column) && on_screen(node).is_some();
                state.selected = Some(graph.nodes[node as usize]);
                if !browsing {
                    state.centre = state.selected;
                }
                self.relayout_graph();
            }
            None => {
                let name = crate::layout::text::truncate(graph.name(&data, selected), 40);
                let what = match (kind, delta < 0) {
                    (Kind::Group, true) => "Groups are the leftmost column.".to_string(),
                    (Kind::Group, false) => format!("{name}: no target among the results."),
                    (Kind::Victim, true) => format!("{name}: no group linked."),
                    (Kind::Victim, false) => format!("{name}: no third party recorded."),
                    (Kind::ThirdParty, true) => format!("{name}: no target among the results."),
                    (Kind::ThirdParty, false) => {
                        "Third parties are the rightmost column.".to_string()
                    }
                };
                self.screen.notice = Some(what);
            }
        }
    }

    /// Shows more (+1) or less (-1) of the graph around the selection: the whole graph,
    /// two steps, one step.
    pub(super) fn graph_scope(&mut self, delta: i32) {
        let state = &mut self.panes.graph;
        let current = match state.shown {
            Shown::Whole => 3,
            Shown::Neighbourhood(steps) => steps,
        };
        let wanted = (i32::from(current) + delta).clamp(1, 3) as u8;
        state.centre = state.selected;
        state.scope = if wanted == 3 {
            Scope::Whole
        } else {
            Scope::Steps(wanted)
        };
        self.relayout_graph();
        let shown = self.panes.graph.shown;
        self.screen.notice = Some(match (shown, wanted) {
            (Shown::Whole, _) => "The whole graph.".to_string(),
            (Shown::Neighbourhood(_), 3) => {
                "The whole graph does not fit: the neighbourhood, one step (+ for two).".into()
            }
            (Shown::Neighbourhood(1), _) if delta < 0 && current == 1 => {
                "One step is the closest view.".to_string()
            }
            (Shown::Neighbourhood(1), _) => "The neighbourhood, one step.".to_string(),
            (Shown::Neighbourhood(_), _) => "The neighbourhood, two steps.".to_string(),
        });
    }

    /// The incident a graph node stands for: a victim's or a third party's first among
    /// the results.
    pub fn graph_incident(&self) -> Option<u32> {
        let state = &self.panes.graph;
        let node = state.selected_node()?;
        state
            .graph
            .edges_of(node)
            .iter()
            .find_map(|&edge| match edge {
                EdgeRef::Claim(i) if state.graph.nodes[node as usize].kind == Kind::Victim => {
                    Some(state.graph.claims[i as usize].incident)
                }
                EdgeRef::Route(i) if state.graph.nodes[node as usize].kind != Kind::Group => {
                    Some(state.graph.routes[i as usize].incident)
                }
                _ => None,
            })
    }

    /// The selected group on the graph, by position in the data.
    pub fn graph_group(&self) -> Option<u32> {
        let node = self.panes.graph.selected?;
        (node.kind == Kind::Group).then_some(node.index)
    }

    /// Enter on the graph: a group's profile, a victim's (or third party's) incident.
    pub(super) fn graph_open(&mut self) {
        if let Some(group) = self.graph_group() {
            self.layers.push(Layer::Profile(ProfileState {
                groups: vec![group],
                shown: 0,
                scroll: 0,
            }));
        } else if let Some(incident) = self.graph_incident() {
            self.jump(|app| app.open_incident(incident));
        }
    }

    /// What to select on arriving at the graph: the group selected on the relations
    /// screen, or the first victim of the incident selected elsewhere.
    pub(super) fn graph_hint(&self) -> Option<Node> {
        match self.screen.view {
            View::Graph => None,
            View::Relations if self.screen.focus == Focus::Groups => {
                self.selected_group_position().map(|index| Node {
                    kind: Kind::Group,
                    index,
                })
            }
            _ => {
                let incident = self.focused_incident()?;
                let victim = self.workspace.incident(incident)?.victims.first()?;
                let index = self.workspace.data.organisation_position(victim)? as u32;
                Some(Node {
                    kind: Kind::Victim,
                    index,
                })
            }
        }
    }

    /// Selects a node on the graph by what it is in the data.
    pub(super) fn select_graph_node(&mut self, node: Node) {
        let state = &mut self.panes.graph;
        if state.graph.find(node).is_some() || !state.complete {
            state.selected = Some(node);
            state.centre = Some(node);
            self.relayout_graph();
        }
    }

    /// A click on the picture selects the node under it.
    pub(super) fn click_graph(&mut self, column: u16, row: u16) {
        let area = self.graph_layout().picture;
        if !area.contains(ratatui::layout::Position::new(column, row)) {
            return;
        }
        let state = &self.panes.graph;
        if let Some(node) = state.picture.node_under(column - area.x, row - area.y) {
            let node = state.graph.nodes[node as usize];
            self.panes.graph.selected = Some(node);
            self.relayout_graph();
        }
    }
}
