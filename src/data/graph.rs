//! The links as a graph: groups, victims and third parties as nodes, each claim an edge
//! from its group to every victim of its incident (with the claim's stance), and each
//! third party an edge to the victims whose breach went through it (the route in).
//!
//! Built from the incidents a search and its filters leave, with arrays indexed by
//! position instead of hash maps, so that a million incidents build in tens of
//! milliseconds. Also here: the order of each column that keeps crossings few
//! (barycentric sweeps), and the crossing count itself.

use rustc_hash::FxHashMap;

use super::links::Links;
use super::model::{Dataset, Stance};
use super::roles::Roles;

/// The three columns of the picture, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An attacker group.
    Group,
    /// A victim organisation.
    Victim,
    /// An organisation a breach went through.
    ThirdParty,
}

impl Kind {
    /// The columns, left to right.
    pub const ALL: [Kind; 3] = [Kind::Group, Kind::Victim, Kind::ThirdParty];

    /// The column's position, left to right.
    pub fn column(self) -> usize {
        match self {
            Kind::Group => 0,
            Kind::Victim => 1,
            Kind::ThirdParty => 2,
        }
    }

    /// The column's things, in the plural, for counts ("+412 more targets").
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Group => "groups",
            Kind::Victim => "targets",
            Kind::ThirdParty => "third parties",
        }
    }
}

/// A node: a group (by position in the data's groups) or an organisation (by position in
/// its organisations) as a victim or a third party. An organisation that is both is two
/// nodes, one in each column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// Its column.
    pub kind: Kind,
    /// Position in the data's groups or organisations.
    pub index: u32,
}

/// A claim as an edge: its group, one victim of its incident, its stance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimEdge {
    /// The group's node.
    pub group: u32,
    /// The victim's node.
    pub victim: u32,
    /// The claim's stance.
    pub stance: Stance,
    /// Position of the incident in the data.
    pub incident: u32,
    /// Position of the claim in the incident's claims.
    pub claim: u32,
}

/// A third party as the route into a victim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteEdge {
    /// The victim's node.
    pub victim: u32,
    /// The third party's node.
    pub third_party: u32,
    /// Position of the incident in the data.
    pub incident: u32,
}

/// Which edge an adjacency entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeRef {
    /// A position in [`Graph::claims`].
    Claim(u32),
    /// A position in [`Graph::routes`].
    Route(u32),
}

/// The graph of the incidents shown.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// Every node, groups first (most linked first), then victims and third parties in
    /// the order the incidents came.
    pub nodes: Vec<Node>,
    /// Every claim edge.
    pub claims: Vec<ClaimEdge>,
    /// Every route edge.
    pub routes: Vec<RouteEdge>,
    /// Each column's nodes, in [`Graph::nodes`] order.
    pub columns: [Vec<u32>; 3],
    /// The node of each group, victim and third party by position in the data
    /// (`u32::MAX`: not in the graph).
    node_of: [Vec<u32>; 3],
    edge_offsets: Vec<u32>,
    edges: Vec<EdgeRef>,
    neighbour_offsets: Vec<u32>,
    neighbours: Vec<u32>,
}

/// Maps a position (group or organisation) to its node, growing as nodes are added.
struct NodeMap {
    node: Vec<u32>,
}

impl NodeMap {
    fn new(len: usize) -> NodeMap {
        NodeMap {
            node: vec![u32::MAX; len],
        }
    }

    fn get_or_add(&mut self, index: u32, kind: Kind, nodes: &mut Vec<Node>) -> Option<u32> {
        let slot = self.node.get_mut(index as usize)?;
        if *slot == u32::MAX {
            *slot = nodes.len() as u32;
            nodes.push(Node { kind, index });
        }
        Some(*slot)
    }
}

impl Graph {
    /// The graph of the incidents in `shown`: every claim of each, to each of its victims,
    /// and its third parties. Incidents without a claim are left out: the picture is of
    /// who is linked to whom. Read from the links derived at load, so that no name is
    /// looked up here.
    pub fn build(data: &Dataset, links: &Links, shown: &[u32]) -> Graph {
        let roles = &links.roles;
        let mut member = vec![false; data.incidents.len()];
        for &i in shown {
            if let Some(m) = member.get_mut(i as usize) {
                *m = true;
            }
        }
        let is_member = |i: u32| member.get(i as usize) == Some(&true);
        let mut graph = Graph::default();
        // Groups first, the most linked first, as the relations screen lists them.
        let mut group_counts: Vec<(usize, u32)> = links
            .by_group
            .iter()
            .zip(0u32..)
            .map(|(l, g)| (l.iter().filter(|l| is_member(l.incident)).count(), g))
            .filter(|&(count, _)| count > 0)
            .collect();
        group_counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut groups = NodeMap::new(data.groups.len());
        let mut victims = NodeMap::new(data.organisations.len());
        let mut third_parties = NodeMap::new(data.organisations.len());
        for &(_, g) in &group_counts {
            groups.get_or_add(g, Kind::Group, &mut graph.nodes);
        }
        for &(_, g) in &group_counts {
            let Some(group) = groups.node.get(g as usize).copied() else {
                continue;
            };
            let group_links = links.by_group.get(g as usize).map_or(&[][..], |l| l);
            for link in group_links.iter().filter(|l| is_member(l.incident)) {
                for &victim in roles.victims(link.incident) {
                    if let Some(victim) = victims.get_or_add(victim, Kind::Victim, &mut graph.nodes)
                    {
                        graph.claims.push(ClaimEdge {
                            group,
                            victim,
                            stance: link.stance,
                            incident: link.incident,
                            claim: link.claim,
                        });
                    }
                }
            }
        }
        for third_party in &links.third_parties {
            for &incident in &third_party.incidents {
                let claimed = data
                    .incidents
                    .get(incident as usize)
                    .is_some_and(|i| !i.claims.is_empty());
                if !claimed || !is_member(incident) {
                    continue;
                }
                let Some(tp) = third_parties.get_or_add(
                    third_party.organisation,
                    Kind::ThirdParty,
                    &mut graph.nodes,
                ) else {
                    continue;
                };
                graph.add_routes(&mut victims, roles, incident, tp);
            }
        }
        graph.node_of = [groups.node, victims.node, third_parties.node];
        graph.index();
        graph
    }

    /// The graph of a few incidents (a neighbourhood's, in a big data set): built from
    /// them alone, groups in the order `group_rank` gives (lower first).
    pub fn build_local(
        data: &Dataset,
        links: &Links,
        incidents: &[u32],
        group_rank: &dyn Fn(u32) -> usize,
    ) -> Graph {
        let roles = &links.roles;
        let mut graph = Graph::default();
        let mut groups = NodeMap::new(data.groups.len());
        let mut victims = NodeMap::new(data.organisations.len());
        let mut third_parties = NodeMap::new(data.organisations.len());
        let mut claimed: Vec<(u32, u32, u32, Stance)> = Vec::new();
        for &position in incidents {
            let Some(incident) = data.incidents.get(position as usize) else {
                continue;
            };
            for (claim_position, claim) in incident.claims.iter().enumerate() {
                if let Some(g) = data.group_position(&claim.group) {
                    claimed.push((g as u32, position, claim_position as u32, claim.stance));
                }
            }
        }
        let mut group_list: Vec<u32> = claimed.iter().map(|c| c.0).collect();
        group_list.sort_unstable_by_key(|&g| (group_rank(g), g));
        group_list.dedup();
        for g in group_list {
            groups.get_or_add(g, Kind::Group, &mut graph.nodes);
        }
        for (g, incident, claim, stance) in claimed {
            let Some(group) = groups.node.get(g as usize).copied() else {
                continue;
            };
            for &victim in roles.victims(incident) {
                if let Some(victim) = victims.get_or_add(victim, Kind::Victim, &mut graph.nodes) {
                    graph.claims.push(ClaimEdge {
                        group,
                        victim,
                        stance,
                        incident,
                        claim,
                    });
                }
            }
        }
        for &incident in incidents {
            let claimed = data
                .incidents
                .get(incident as usize)
                .is_some_and(|i| !i.claims.is_empty());
            if !claimed {
                continue;
            }
            for &third_party in roles.third_parties(incident) {
                let Some(tp) =
                    third_parties.get_or_add(third_party, Kind::ThirdParty, &mut graph.nodes)
                else {
                    continue;
                };
                graph.add_routes(&mut victims, roles, incident, tp);
            }
        }
        graph.node_of = [groups.node, victims.node, third_parties.node];
        graph.index();
        graph
    }

    /// Adds a route from each of the incident's victims through `third_party`.
    fn add_routes(
        &mut self,
        victims: &mut NodeMap,
        roles: &Roles,
        incident: u32,
        third_party: u32,
    ) {
        for &victim in roles.victims(incident) {
            if let Some(victim) = victims.get_or_add(victim, Kind::Victim, &mut self.nodes) {
                self.routes.push(RouteEdge {
                    victim,
                    third_party,
                    incident,
                });
            }
        }
    }

    /// Builds the columns and the adjacency (edges and distinct neighbours per node).
    fn index(&mut self) {
        let n = self.nodes.len();
        for (i, node) in self.nodes.iter().enumerate() {
            self.columns[node.kind.column()].push(i as u32);
        }
        let mut degree = vec![0u32; n + 1];
        for c in &self.claims {
            degree[c.group as usize] += 1;
            degree[c.victim as usize] += 1;
        }
        for r in &self.routes {
            degree[r.victim as usize] += 1;
            degree[r.third_party as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0u32;
        for d in degree.iter().take(n) {
            offsets.push(total);
            total += d;
        }
        offsets.push(total);
        let mut fill = offsets.clone();
        let mut edges = vec![EdgeRef::Claim(0); total as usize];
        let mut put = |node: u32, edge: EdgeRef, fill: &mut Vec<u32>| {
            let slot = &mut fill[node as usize];
            edges[*slot as usize] = edge;
            *slot += 1;
        };
        for (i, c) in self.claims.iter().enumerate() {
            put(c.group, EdgeRef::Claim(i as u32), &mut fill);
            put(c.victim, EdgeRef::Claim(i as u32), &mut fill);
        }
        for (i, r) in self.routes.iter().enumerate() {
            put(r.victim, EdgeRef::Route(i as u32), &mut fill);
            put(r.third_party, EdgeRef::Route(i as u32), &mut fill);
        }
        self.edge_offsets = offsets;
        self.edges = edges;
        let mut neighbour_offsets = Vec::with_capacity(n + 1);
        let mut neighbours = Vec::with_capacity(self.edges.len());
        // The last node each node was seen next to: one pass, however many edges a group
        // has.
        let mut seen_by = vec![u32::MAX; n];
        for node in 0..n as u32 {
            neighbour_offsets.push(neighbours.len() as u32);
            for &edge in self.edges_of(node) {
                let other = self.other_end(edge, node);
                if seen_by[other as usize] != node {
                    seen_by[other as usize] = node;
                    neighbours.push(other);
                }
            }
        }
        neighbour_offsets.push(neighbours.len() as u32);
        self.neighbour_offsets = neighbour_offsets;
        self.neighbours = neighbours;
    }

    /// The node at the other end of `edge` from `node`.
    pub fn other_end(&self, edge: EdgeRef, node: u32) -> u32 {
        match edge {
            EdgeRef::Claim(i) => {
                let c = &self.claims[i as usize];
                if c.group == node { c.victim } else { c.group }
            }
            EdgeRef::Route(i) => {
                let r = &self.routes[i as usize];
                if r.victim == node {
                    r.third_party
                } else {
                    r.victim
                }
            }
        }
    }

    /// The edges at a node.
    pub fn edges_of(&self, node: u32) -> &[EdgeRef] {
        let i = node as usize;
        match (self.edge_offsets.get(i), self.edge_offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.edges[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The distinct nodes linked to a node, in the order their edges came.
    pub fn neighbours(&self, node: u32) -> &[u32] {
        let i = node as usize;
        match (
            self.neighbour_offsets.get(i),
            self.neighbour_offsets.get(i + 1),
        ) {
            (Some(&a), Some(&b)) => &self.neighbours[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The node of a group or organisation in a column, if the graph has it.
    pub fn find(&self, node: Node) -> Option<u32> {
        self.node_of[node.kind.column()]
            .get(node.index as usize)
            .copied()
            .filter(|&n| n != u32::MAX)
    }

    /// The node's name in the data.
    pub fn name<'a>(&self, data: &'a Dataset, node: u32) -> &'a str {
        let Some(node) = self.nodes.get(node as usize) else {
            return "";
        };
        match node.kind {
            Kind::Group => data
                .groups
                .get(node.index as usize)
                .map(|g| g.name.as_str()),
            Kind::Victim | Kind::ThirdParty => data
                .organisations
                .get(node.index as usize)
                .map(|o| o.name.as_str()),
        }
        .unwrap_or("")
    }

    /// Links drawn as lines between two adjacent columns, once per pair of nodes (a claim
    /// and its dispute are one line), as positions in `order`'s columns.
    fn pairs(&self, order: &[Vec<u32>; 3], left: usize) -> Vec<(usize, usize)> {
        let position = |column: &[u32]| -> FxHashMap<u32, usize> {
            column.iter().enumerate().map(|(i, &n)| (n, i)).collect()
        };
        let (a, b) = (position(&order[left]), position(&order[left + 1]));
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &node in &order[left] {
            for &other in self.neighbours(node) {
                if let (Some(&i), Some(&j)) = (a.get(&node), b.get(&other)) {
                    pairs.push((i, j));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// How many pairs of lines cross when each column is drawn in `order`'s order, lines
    /// straight from node to node: the measure the ordering keeps low.
    pub fn crossings(&self, order: &[Vec<u32>; 3]) -> usize {
        (0..2)
            .map(|left| {
                let pairs = self.pairs(order, left);
                let mut count = 0;
                for (k, &(a1, b1)) in pairs.iter().enumerate() {
                    for &(a2, b2) in &pairs[k + 1..] {
                        if (a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2) {
                            count += 1;
                        }
                    }
                }
                count
            })
            .sum()
    }

    /// An order for each column that keeps crossings few: barycentric sweeps down and up
    /// (each node placed at the mean position of its neighbours in the column beside),
    /// keeping the best order seen. Sweeps settle on a local best, so for a few groups
    /// every order of the groups is tried as a start.
    pub fn ordered(&self) -> [Vec<u32>; 3] {
        let lines = self.claims.len() + self.routes.len();
        // Counting crossings compares every pair of lines: past a few thousand lines (a
        // graph far too big to be drawn whole anyway) one sweep, uncounted.
        if lines > 3_000 {
            let mut order = self.columns.clone();
            self.sort_by_barycentre(&mut order, 1, 0);
            self.sort_by_barycentre(&mut order, 2, 1);
            return order;
        }
        let mut best = self.columns.clone();
        let mut best_count = self.crossings(&best);
        let mut starts = vec![self.columns[0].clone()];
        if self.columns[0].len() <= 6 && lines <= 300 {
            let mut perm: Vec<usize> = (0..self.columns[0].len()).collect();
            while next_permutation(&mut perm) {
                starts.push(perm.iter().map(|&i| self.columns[0][i]).collect());
            }
        }
        for start in starts {
            if best_count == 0 {
                break;
            }
            let mut order = self.columns.clone();
            order[0] = start;
            self.sort_by_barycentre(&mut order, 1, 0);
            self.sort_by_barycentre(&mut order, 2, 1);
            let (order, count) = self.sweep(order);
            if count < best_count {
                best_count = count;
                best = order;
            }
        }
        best
    }

    /// Barycentric sweeps from `order`: the best order seen and its crossings.
    fn sweep(&self, mut order: [Vec<u32>; 3]) -> ([Vec<u32>; 3], usize) {
        let mut best = order.clone();
        let mut best_count = self.crossings(&best);
        for sweep in 0..12 {
            if best_count == 0 {
                break;
            }
            if sweep % 2 == 0 {
                self.sort_by_barycentre(&mut order, 1, 0);
                self.sort_by_barycentre(&mut order, 2, 1);
            } else {
                self.sort_by_barycentre(&mut order, 1, 2);
                self.sort_by_barycentre(&mut order, 0, 1);
            }
            let count = self.crossings(&order);
            if count < best_count {
                best_count = count;
                best = order.clone();
            }
        }
        (best, best_count)
    }

    /// Sorts column `column` by the mean position of each node's neighbours in column
    /// `by`; nodes with none keep their place relative to the others.
    fn sort_by_barycentre(&self, order: &mut [Vec<u32>; 3], column: usize, by: usize) {
        let position: FxHashMap<u32, usize> =
            order[by].iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let mut keyed: Vec<(f64, usize, u32)> = order[column]
            .iter()
            .enumerate()
            .map(|(i, &node)| {
                let seen: Vec<usize> = self
                    .neighbours(node)
                    .iter()
                    .filter_map(|n| position.get(n).copied())
                    .collect();
                let key = if seen.is_empty() {
                    i as f64
                } else {
                    seen.iter().sum::<usize>() as f64 / seen.len() as f64
                };
                (key, i, node)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        order[column] = keyed.into_iter().map(|(_, _, n)| n).collect();
    }
}

/// The next permutation in lexicographic order; false after the last.
pub fn next_permutation(p: &mut [usize]) -> bool {
    let Some(i) = (1..p.len()).rev().find(|&i| p[i - 1] < p[i]) else {
        return false;
    };
    let j = (i..p.len()).rev().find(|&j| p[j] > p[i - 1]).unwrap_or(i);
    p.swap(i - 1, j);
    p[i..].reverse();
    true
}
