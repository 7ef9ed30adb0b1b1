//! The graph as a picture on a grid of cells: groups in a column on the left (names
//! right-aligned), victims in the middle, third parties on the right; each group's lines
//! leave it along one vertical trunk and branch off to its victims, ending in the stance's
//! glyph; each third party's dotted lines reach the victims it was the way into.
//!
//! Rules that keep every line traceable:
//! - a victim linked to several groups takes a row per group, joined by a bracket, so no
//!   two lines ever share a cell on their way in;
//! - a group sits on the row of one of its own lines, so its line out never runs into
//!   another group's;
//! - where a line crosses another group's trunk, the horizontal line is drawn through and
//!   the trunk is broken: a joint (`├`, `┬`…) always means a branch, never a crossing.
//!
//! Computed in `update` whenever the graph, the selection or the size changes; drawing
//! only copies it into the frame with the theme's colours.

use rustc_hash::FxHashMap;

use super::text::{truncate, width};
use crate::data::Dataset;
use crate::data::Stance;
use crate::data::graph::{EdgeRef, Graph, Kind, next_permutation};

/// What a line stands for, and so how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    /// A claim with this stance.
    Stance(Stance),
    /// A group's trunk shared by lines of several stances.
    Mixed,
    /// A third party as the route into a victim.
    Route,
}

/// Line weights, for the joints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weight {
    Light,
    Heavy,
    Double,
}

impl Ink {
    /// The horizontal and vertical characters of a straight run, and the joints' weight.
    fn strokes(self) -> (&'static str, &'static str, Weight) {
        match self {
            Ink::Stance(Stance::Claimed) => ("━", "┃", Weight::Heavy),
            Ink::Stance(Stance::Suspected) => ("┄", "┆", Weight::Light),
            Ink::Stance(Stance::Attributed) => ("═", "║", Weight::Double),
            Ink::Stance(Stance::Confirmed) => ("─", "│", Weight::Light),
            Ink::Stance(Stance::Denied) => ("┈", "┊", Weight::Light),
            Ink::Stance(Stance::Disputed) => ("╍", "╏", Weight::Heavy),
            Ink::Mixed => ("─", "│", Weight::Light),
            Ink::Route => ("╌", "╎", Weight::Light),
        }
    }

    /// A short stretch of this line, for the legend: `┄┄` for suspected.
    pub fn sample(self) -> &'static str {
        self.strokes().0
    }
}

/// The character for a cell with these arms (left, right, up, down) in this ink.
fn joint(ink: Ink, left: bool, right: bool, up: bool, down: bool) -> &'static str {
    let (horizontal, vertical, weight) = ink.strokes();
    let table: [&str; 11] = match weight {
        Weight::Light => ["┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "─", "│"],
        Weight::Heavy => ["┏", "┓", "┗", "┛", "┣", "┫", "┳", "┻", "╋", "━", "┃"],
        Weight::Double => ["╔", "╗", "╚", "╝", "╠", "╣", "╦", "╩", "╬", "═", "║"],
    };
    match (left, right, up, down) {
        (false, true, false, true) => table[0],
        (true, false, false, true) => table[1],
        (false, true, true, false) => table[2],
        (true, false, true, false) => table[3],
        (false, true, true, true) => table[4],
        (true, false, true, true) => table[5],
        (true, true, false, true) => table[6],
        (true, true, true, false) => table[7],
        (true, true, true, true) => table[8],
        (_, _, false, false) => horizontal,
        _ => vertical,
    }
}

/// One cell of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stroke {
    /// Column, from the picture's left.
    pub x: u16,
    /// Row, from the picture's top.
    pub y: u16,
    /// The character.
    pub symbol: &'static str,
    /// What it stands for.
    pub ink: Ink,
    /// Part of a line at the selected node.
    pub lit: bool,
}

/// What a piece of text in the picture is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A node's name.
    Node(u32),
    /// The stance glyph where a line reaches a victim.
    Glyph(Stance),
    /// A count of what is not shown.
    Fold,
}

/// A piece of text in the picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Column, from the picture's left.
    pub x: u16,
    /// Row, from the picture's top.
    pub y: u16,
    /// The text, cut to fit.
    pub text: String,
    /// What it is.
    pub role: Role,
    /// The selected node, or next to it.
    pub lit: bool,
    /// The selected node itself.
    pub selected: bool,
}

/// The graph drawn on a grid, ready to copy into a frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    /// Columns used.
    pub width: u16,
    /// Rows used.
    pub height: u16,
    /// Every cell of every line.
    pub strokes: Vec<Stroke>,
    /// Names, glyphs and counts.
    pub labels: Vec<Label>,
}

impl Picture {
    /// Where a node's name is: column, row and width.
    pub fn node_at(&self, node: u32) -> Option<(u16, u16, u16)> {
        self.labels.iter().find_map(|l| match l.role {
            Role::Node(n) if n == node => Some((l.x, l.y, width(&l.text) as u16)),
            _ => None,
        })
    }

    /// The node whose name is at a cell.
    pub fn node_under(&self, x: u16, y: u16) -> Option<u32> {
        self.labels.iter().find_map(|l| match l.role {
            Role::Node(n) if l.y == y && x >= l.x && x < l.x + width(&l.text) as u16 => Some(n),
            _ => None,
        })
    }
}

/// What to draw: the nodes of each column, in order, and how many of each column are
/// left out above and below them.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    /// Nodes shown in each column, top to bottom.
    pub columns: [Vec<u32>; 3],
    /// For each column: how many nodes are left out before and after those shown.
    pub folds: [(usize, usize); 3],
    /// The selected node.
    pub selected: Option<u32>,
}

/// The lines that reach one victim: from each group (with its stances), from each third
/// party.
#[derive(Clone, Debug, Default)]
struct Arrivals {
    groups: Vec<(u32, Vec<Stance>)>,
    third_parties: Vec<u32>,
}

impl Arrivals {
    fn rows(&self) -> usize {
        self.groups.len().max(self.third_parties.len()).max(1)
    }
}

/// Rows a victim column of these arrivals needs, without gaps.
pub fn rows_needed(graph: &Graph, columns: &[Vec<u32>; 3]) -> usize {
    arrivals(graph, columns).iter().map(Arrivals::rows).sum()
}

/// The lines reaching each shown victim from shown groups and third parties, in their
/// columns' order.
fn arrivals(graph: &Graph, columns: &[Vec<u32>; 3]) -> Vec<Arrivals> {
    let position = |c: usize| -> FxHashMap<u32, usize> {
        columns[c]
            .iter()
            .enumerate()
            .map(|(i, &n)| (n, i))
            .collect()
    };
    let (groups, third_parties) = (position(0), position(2));
    columns[1]
        .iter()
        .map(|&victim| {
            let mut a = Arrivals::default();
            for &edge in graph.edges_of(victim) {
                match edge {
                    EdgeRef::Claim(i) => {
                        let claim = &graph.claims[i as usize];
                        if !groups.contains_key(&claim.group) {
                            continue;
                        }
                        match a.groups.iter_mut().find(|(g, _)| *g == claim.group) {
                            Some((_, stances)) => {
                                if !stances.contains(&claim.stance) {
                                    stances.push(claim.stance);
                                }
                            }
                            None => a.groups.push((claim.group, vec![claim.stance])),
                        }
                    }
                    EdgeRef::Route(i) => {
                        let tp = graph.routes[i as usize].third_party;
                        if third_parties.contains_key(&tp) && !a.third_parties.contains(&tp) {
                            a.third_parties.push(tp);
                        }
                    }
                }
            }
            a.groups.sort_by_key(|(g, _)| groups.get(g).copied());
            for (_, stances) in &mut a.groups {
                stances.sort_by_key(|s| Stance::ALL.iter().position(|x| x == s));
            }
            a.third_parties
                .sort_by_key(|t| third_parties.get(t).copied());
            a
        })
        .collect()
}

/// A source of lines (a group, or a third party) and where they go.
#[derive(Clone, Debug)]
struct Fan {
    node: u32,
    row: Option<usize>,
    /// Rows its lines arrive at, with what they arrive at and their stances.
    ends: Vec<(usize, u32, Vec<Stance>)>,
    lane: usize,
}

impl Fan {
    /// A fan from `node` with no lines placed yet.
    fn from(node: u32) -> Fan {
        Fan {
            node,
            row: None,
            ends: Vec::new(),
            lane: 0,
        }
    }

    fn span(&self) -> Option<(usize, usize)> {
        let row = self.row?;
        let top = self.ends.iter().map(|e| e.0).min().unwrap_or(row).min(row);
        let bottom = self.ends.iter().map(|e| e.0).max().unwrap_or(row).max(row);
        Some((top, bottom))
    }

    fn ink(&self, route: bool) -> Ink {
        if route {
            return Ink::Route;
        }
        let mut stances = self.ends.iter().flat_map(|e| e.2.iter().copied());
        match stances.next() {
            Some(first) if stances.all(|s| s == first) => Ink::Stance(first),
            _ => Ink::Mixed,
        }
    }
}

/// Picks a row for each fan: one of its own arrival rows (nearest their middle), so its
/// line out never meets another's line in; a fan with no lines gets any row no line
/// arrives at.
fn place_fans(fans: &mut [Fan], rows: usize, arrival_rows: &[bool]) {
    let mut taken = vec![false; rows];
    for fan in fans.iter_mut() {
        let mut own: Vec<usize> = fan.ends.iter().map(|e| e.0).collect();
        own.sort_unstable();
        own.dedup();
        let pick = if own.is_empty() {
            (0..rows).find(|&r| !taken[r] && !arrival_rows[r])
        } else {
            let middle = own[own.len() / 2];
            let mut by_distance = own.clone();
            by_distance.sort_by_key(|&r| r.abs_diff(middle));
            by_distance.into_iter().find(|&r| r < rows && !taken[r])
        };
        if let Some(row) = pick {
            taken[row] = true;
        }
        fan.row = pick;
    }
}

/// Gives each fan a lane (a column for its trunk): fans whose trunks do not overlap (with
/// a row between them) share one. Returns how many lanes there are.
fn assign_lanes(fans: &mut [Fan]) -> usize {
    let mut by_start: Vec<usize> = (0..fans.len()).filter(|&i| fans[i].row.is_some()).collect();
    by_start.sort_by_key(|&i| fans[i].span().map(|s| s.0));
    // Each lane's last row, and whether its last trunk has a vertical part.
    let mut lane_ends: Vec<(usize, bool)> = Vec::new();
    for i in by_start {
        let Some((top, bottom)) = fans[i].span() else {
            continue;
        };
        let tall = bottom > top;
        // Two trunks end to end in one column would read as one line: a row between them,
        // unless one is a straight line with no vertical part.
        let free =
            |&(end, end_tall): &(usize, bool)| end < top && (end + 1 < top || !(tall && end_tall));
        match lane_ends.iter().position(free) {
            Some(lane) => {
                lane_ends[lane] = (bottom, tall);
                fans[i].lane = lane;
            }
            None => {
                fans[i].lane = lane_ends.len();
                lane_ends.push((bottom, tall));
            }
        }
    }
    lane_ends.len()
}

/// How many times lines cross trunks with lanes in this left-to-right order (`rank[lane]`
/// is the lane's place): lines out run left of their trunk, lines in run right of it.
fn hops(fans: &[Fan], rank: &[usize], lines_out_left: bool) -> usize {
    let mut count = 0;
    for fan in fans {
        let Some(row) = fan.row else { continue };
        for other in fans {
            if std::ptr::eq(fan, other) {
                continue;
            }
            let Some((top, bottom)) = other.span() else {
                continue;
            };
            let (mine, theirs) = (rank[fan.lane], rank[other.lane]);
            let outward = if lines_out_left {
                theirs < mine
            } else {
                theirs > mine
            };
            if outward && (top..=bottom).contains(&row) {
                count += 1;
            }
            for end in &fan.ends {
                if !outward && theirs != mine && (top..=bottom).contains(&end.0) {
                    count += 1;
                }
            }
        }
    }
    count
}

/// The lane order with the fewest crossings (every order, for a few lanes).
fn best_rank(fans: &[Fan], lanes: usize, lines_out_left: bool) -> Vec<usize> {
    let identity: Vec<usize> = (0..lanes).collect();
    if !(2..=6).contains(&lanes) {
        return identity;
    }
    let mut best = identity.clone();
    let mut best_hops = hops(fans, &best, lines_out_left);
    let mut perm = identity;
    while next_permutation(&mut perm) {
        let h = hops(fans, &perm, lines_out_left);
        if h < best_hops {
            best_hops = h;
            best = perm.clone();
        }
    }
    best
}

/// A grid of line cells: trunks first, then horizontal runs drawn through them.
struct Grid {
    width: usize,
    height: usize,
    cells: Vec<Option<Stroke>>,
}

impl Grid {
    fn put(&mut self, x: usize, y: usize, symbol: &'static str, ink: Ink, lit: bool) {
        if x < self.width && y < self.height {
            self.cells[y * self.width + x] = Some(Stroke {
                x: x as u16,
                y: y as u16,
                symbol,
                ink,
                lit,
            });
        }
    }

    fn run(&mut self, from: usize, to: usize, y: usize, ink: Ink, lit: bool) {
        for x in from..to {
            self.put(x, y, ink.strokes().0, ink, lit);
        }
    }
}

/// Column widths and positions.
struct Columns {
    channel: (usize, usize),
    glyphs: usize,
    victim_x: usize,
    victim_width: usize,
    route_channel: (usize, usize),
    third_party_x: usize,
    third_party_width: usize,
    group_width: usize,
}

/// Fits the columns into `room`: names whole where they fit (groups and victims first,
/// third parties give way first), channels as wide as their lanes need, then roomier.
#[allow(clippy::too_many_arguments)]
fn fit(
    room: usize,
    widths: [usize; 3],
    lanes: usize,
    route_lanes: usize,
    glyphs: usize,
    bracket: usize,
    route_bracket: usize,
    has_third_parties: bool,
) -> Columns {
    let [mut gw, mut vw, mut tw] = widths;
    let needs = |gw: usize, vw: usize, tw: usize, gap: usize| {
        let channel = lanes * gap + 2 + glyphs;
        let route = if has_third_parties {
            1 + route_bracket + route_lanes * gap + 2 + tw
        } else {
            0
        };
        gw + 1 + channel + glyphs + bracket + 1 + vw + route
    };
    let mut gap = 2;
    if needs(gw, vw, tw, gap) > room {
        gap = 1;
    }
    while needs(gw, vw, tw, gap) > room && tw > 12 {
        tw -= 1;
    }
    while needs(gw, vw, tw, gap) > room && (gw > 8 || vw > 8) {
        if gw >= vw && gw > 8 {
            gw -= 1;
        } else if vw > 8 {
            vw -= 1;
        } else {
            gw -= 1;
        }
    }
    while needs(gw, vw, tw, gap) > room && tw > 4 {
        tw -= 1;
    }
    let spare = room.saturating_sub(needs(gw, vw, tw, gap));
    let mut channel = lanes * gap + 2 + glyphs;
    let mut route = route_lanes * gap + 2;
    // Room left goes to the lines, up to what makes them easy to follow.
    let more = spare.min(lanes * 2 + 8);
    channel += more;
    if has_third_parties {
        route += (spare - more).min(route_lanes * 2 + 4);
    }
    let start = gw + 1;
    let victim_x = start + channel + glyphs + bracket + 1;
    let route_start = victim_x + vw + 1 + route_bracket;
    Columns {
        group_width: gw,
        channel: (start, start + channel),
        glyphs,
        victim_x,
        victim_width: vw,
        route_channel: (route_start, route_start + route),
        third_party_x: route_start + route,
        third_party_width: tw,
    }
}

/// The x of each lane in a channel, spread evenly.
fn lane_xs(channel: (usize, usize), lanes: usize, rank: &[usize]) -> Vec<usize> {
    let inner = (channel.1 - channel.0).saturating_sub(2);
    let step = (inner / lanes.max(1)).max(1);
    (0..lanes)
        .map(|lane| channel.0 + 1 + rank[lane] * step + (step - 1) / 2)
        .collect()
}

/// Lays out a scene in `width` × `height` cells.
pub fn lay_out(graph: &Graph, data: &Dataset, scene: &Scene, cols: u16, height: u16) -> Picture {
    let (room, rows) = (usize::from(cols), usize::from(height));
    let columns = &scene.columns;
    let folds = &scene.folds;
    let top = usize::from(folds.iter().any(|f| f.0 > 0));
    let bottom = usize::from(folds.iter().any(|f| f.1 > 0));
    let body = rows.saturating_sub(top + bottom);
    let arrivals = arrivals(graph, columns);
    // Victims top to bottom, with blank rows between them (or between runs of one
    // group's victims) when there is room.
    let needed: usize = arrivals.iter().map(Arrivals::rows).sum();
    let count = arrivals.len();
    let first_group = |a: &Arrivals| a.groups.first().map(|g| g.0);
    let breaks = arrivals
        .windows(2)
        .filter(|w| first_group(&w[0]) != first_group(&w[1]))
        .count();
    let gap_all = count > 1 && needed + count - 1 <= body;
    let gap_runs = !gap_all && needed + breaks <= body;
    let mut victim_rows = Vec::with_capacity(count);
    let mut row = 0;
    for (i, a) in arrivals.iter().enumerate() {
        if i > 0 && (gap_all || (gap_runs && first_group(a) != first_group(&arrivals[i - 1]))) {
            row += 1;
        }
        victim_rows.push(row);
        row += a.rows();
    }
    let used = row;
    let offset = top
        + if folds.iter().all(|f| *f == (0, 0)) {
            body.saturating_sub(used) / 2
        } else {
            0
        };
    let victim_rows: Vec<usize> = victim_rows.iter().map(|r| r + offset).collect();
    // Victims that would not fit are left out (the app's windows make this rare).
    let fitting = victim_rows
        .iter()
        .zip(&arrivals)
        .take_while(|(r, a)| *r + a.rows() <= top + body)
        .count();
    // The fans: groups' lines to victims, third parties' lines to victims.
    let mut group_fans: Vec<Fan> = columns[0].iter().map(|&node| Fan::from(node)).collect();
    let mut route_fans: Vec<Fan> = columns[2].iter().map(|&node| Fan::from(node)).collect();
    let mut group_arrival_rows = vec![false; rows];
    let mut route_arrival_rows = vec![false; rows];
    for (v, a) in arrivals.iter().enumerate().take(fitting) {
        let victim = columns[1][v];
        for (k, (group, stances)) in a.groups.iter().enumerate() {
            let r = victim_rows[v] + k;
            if let Some(fan) = group_fans.iter_mut().find(|f| f.node == *group) {
                fan.ends.push((r, victim, stances.clone()));
                group_arrival_rows[r] = true;
            }
        }
        for (k, tp) in a.third_parties.iter().enumerate() {
            let r = victim_rows[v] + k;
            if let Some(fan) = route_fans.iter_mut().find(|f| f.node == *tp) {
                fan.ends.push((r, victim, Vec::new()));
                route_arrival_rows[r] = true;
            }
        }
    }
    // Rows outside the body are not free: mark them taken by pretending lines arrive.
    let blocked = |arrival_rows: &mut Vec<bool>| {
        for (r, slot) in arrival_rows.iter_mut().enumerate() {
            if r < top || r >= top + body {
                *slot = true;
            }
        }
    };
    blocked(&mut group_arrival_rows);
    blocked(&mut route_arrival_rows);
    place_fans(&mut group_fans, rows, &group_arrival_rows);
    place_fans(&mut route_fans, rows, &route_arrival_rows);
    let lanes = assign_lanes(&mut group_fans);
    let route_lanes = assign_lanes(&mut route_fans);
    let rank = best_rank(&group_fans, lanes, true);
    let route_rank = best_rank(&route_fans, route_lanes, false);
    let name_width = |column: usize| {
        columns[column]
            .iter()
            .map(|&n| width(super::text::shown(graph.name(data, n))))
            .max()
            .unwrap_or(0)
    };
    let glyphs = arrivals
        .iter()
        .flat_map(|a| a.groups.iter().map(|g| g.1.len()))
        .max()
        .unwrap_or(1);
    let bracket = usize::from(arrivals.iter().any(|a| a.groups.len() > 1));
    let route_bracket = usize::from(arrivals.iter().any(|a| a.third_parties.len() > 1));
    let geometry = fit(
        room,
        [name_width(0), name_width(1), name_width(2)],
        lanes,
        route_lanes,
        glyphs,
        bracket,
        route_bracket,
        !columns[2].is_empty(),
    );
    let mut grid = Grid {
        width: room,
        height: rows,
        cells: vec![None; room * rows],
    };
    let selected = scene.selected;
    let is_lit = |a: u32, b: u32| selected == Some(a) || selected == Some(b);
    let lane_x = lane_xs(geometry.channel, lanes, &rank);
    let route_x = lane_xs(geometry.route_channel, route_lanes, &route_rank);
    let glyph_start = geometry.channel.1;
    // Trunks first, so that the runs drawn after them cross over.
    for (fans, xs, route) in [(&group_fans, &lane_x, false), (&route_fans, &route_x, true)] {
        for fan in fans.iter() {
            let (Some(row), Some((t, b))) = (fan.row, fan.span()) else {
                continue;
            };
            if fan.ends.is_empty() {
                continue;
            }
            let x = xs[fan.lane];
            let ink = fan.ink(route);
            for y in t..=b {
                let end_here = fan.ends.iter().any(|e| e.0 == y);
                // Lines out go left for groups' trunks, right for third parties'.
                let (left, right) = if route {
                    (end_here, y == row)
                } else {
                    (y == row, end_here)
                };
                let lit = fan
                    .ends
                    .iter()
                    .any(|e| is_lit(fan.node, e.1) && (e.0.min(row)..=e.0.max(row)).contains(&y));
                grid.put(x, y, joint(ink, left, right, y > t, y < b), ink, lit);
            }
        }
    }
    // Groups' lines: out to the trunk, and from it to each victim's glyphs.
    let mut labels: Vec<Label> = Vec::new();
    for fan in &group_fans {
        let Some(row) = fan.row else { continue };
        if fan.ends.is_empty() {
            continue;
        }
        let x = lane_x[fan.lane];
        let ink = fan.ink(false);
        let any_lit = fan.ends.iter().any(|e| is_lit(fan.node, e.1));
        grid.run(geometry.channel.0, x, row, ink, any_lit);
        for (y, victim, stances) in &fan.ends {
            let lit = is_lit(fan.node, *victim);
            let end = glyph_start + geometry.glyphs - stances.len();
            let length = end.saturating_sub(x + 1);
            let pieces = stances.len().max(1);
            for (i, stance) in stances.iter().enumerate() {
                let from = x + 1 + length * i / pieces;
                let to = x + 1 + length * (i + 1) / pieces;
                grid.run(from, to, *y, Ink::Stance(*stance), lit);
                labels.push(Label {
                    x: (end + i) as u16,
                    y: *y as u16,
                    text: stance.glyph().to_string(),
                    role: Role::Glyph(*stance),
                    lit,
                    selected: false,
                });
            }
        }
    }
    // Brackets joining a victim's rows, left (groups) and right (third parties).
    let bracket_x = glyph_start + geometry.glyphs;
    for (v, a) in arrivals.iter().enumerate().take(fitting) {
        let victim = columns[1][v];
        let r = victim_rows[v];
        let lit = selected == Some(victim)
            || a.groups.iter().any(|g| selected == Some(g.0))
            || a.third_parties.iter().any(|t| selected == Some(*t));
        let n = a.groups.len();
        if n > 1 {
            let ink = merged_ink(a.groups.iter().flat_map(|g| g.1.iter().copied()));
            for k in 0..n {
                let symbol = joint(ink, true, k == 0, k > 0, k + 1 < n);
                grid.put(bracket_x, r + k, symbol, ink, lit);
            }
        }
        let m = a.third_parties.len();
        let name = super::text::shown(graph.name(data, victim));
        let name_end = geometry.victim_x + width(name).min(geometry.victim_width);
        let mut start = name_end + 1;
        if m > 1 {
            for k in 0..m {
                let symbol = joint(Ink::Route, k == 0, true, k > 0, k + 1 < m);
                grid.put(start, r + k, symbol, Ink::Route, lit);
            }
            start += 1;
        }
        for (k, tp) in a.third_parties.iter().enumerate() {
            let Some(fan) = route_fans.iter().find(|f| f.node == *tp) else {
                continue;
            };
            let x = route_x[fan.lane];
            grid.run(start, x, r + k, Ink::Route, is_lit(victim, *tp));
        }
    }
    for fan in &route_fans {
        let Some(row) = fan.row else { continue };
        if fan.ends.is_empty() {
            continue;
        }
        let x = route_x[fan.lane];
        let lit = fan.ends.iter().any(|e| is_lit(fan.node, e.1));
        grid.run(
            x + 1,
            geometry.third_party_x.saturating_sub(1),
            row,
            Ink::Route,
            lit,
        );
    }
    // Names.
    let neighbours: Vec<u32> = selected
        .map(|s| graph.neighbours(s).to_vec())
        .unwrap_or_default();
    let mut name_label = |node: u32, x: usize, y: usize, room: usize, right_align: bool| {
        let text = truncate(super::text::shown(graph.name(data, node)), room);
        let x = if right_align {
            x + room - width(&text)
        } else {
            x
        };
        labels.push(Label {
            x: x as u16,
            y: y as u16,
            text,
            role: Role::Node(node),
            lit: selected == Some(node) || neighbours.contains(&node),
            selected: selected == Some(node),
        });
    };
    for fan in &group_fans {
        if let Some(row) = fan.row {
            name_label(fan.node, 0, row, geometry.group_width, true);
        }
    }
    for (v, &victim) in columns[1].iter().enumerate().take(fitting) {
        name_label(
            victim,
            geometry.victim_x,
            victim_rows[v],
            geometry.victim_width,
            false,
        );
    }
    for fan in &route_fans {
        if let Some(row) = fan.row {
            name_label(
                fan.node,
                geometry.third_party_x,
                row,
                geometry
                    .third_party_width
                    .min(room.saturating_sub(geometry.third_party_x)),
                false,
            );
        }
    }
    // Counts of what is left out, at the top and bottom of each column.
    let hidden_groups = group_fans.iter().filter(|f| f.row.is_none()).count();
    let hidden_tps = route_fans.iter().filter(|f| f.row.is_none()).count();
    let hidden_victims = columns[1].len() - fitting;
    let column_x = [
        (0, geometry.group_width),
        (geometry.victim_x, geometry.victim_width),
        (
            geometry.third_party_x,
            geometry
                .third_party_width
                .min(room.saturating_sub(geometry.third_party_x)),
        ),
    ];
    let extra = [hidden_groups, hidden_victims, hidden_tps];
    for (c, kind) in Kind::ALL.iter().enumerate() {
        let (above, below) = (folds[c].0, folds[c].1 + extra[c]);
        let (x, w) = column_x[c];
        for (count, y, arrow) in [(above, 0, "↑"), (below, rows.saturating_sub(1), "↓")] {
            if count == 0 || w == 0 || rows == 0 {
                continue;
            }
            let text = truncate(
                &format!("{arrow} +{count} more {}", kind.plural()),
                w.max(6),
            );
            labels.push(Label {
                x: x as u16,
                y: y as u16,
                text,
                role: Role::Fold,
                lit: false,
                selected: false,
            });
        }
    }
    let strokes: Vec<Stroke> = grid.cells.into_iter().flatten().collect();
    let right = strokes
        .iter()
        .map(|s| s.x + 1)
        .chain(labels.iter().map(|l| l.x + width(&l.text) as u16))
        .max()
        .unwrap_or(0);
    // Nothing leaves the area: a label cut at the right edge.
    for label in &mut labels {
        let room_left = room.saturating_sub(usize::from(label.x));
        if width(&label.text) > room_left {
            label.text = truncate(&label.text, room_left);
        }
    }
    labels.retain(|l| usize::from(l.y) < rows && !l.text.is_empty());
    Picture {
        width: right.min(cols),
        height,
        strokes,
        labels,
    }
}

/// One ink for lines of these stances: theirs when they agree, mixed otherwise.
fn merged_ink(mut stances: impl Iterator<Item = Stance>) -> Ink {
    match stances.next() {
        Some(first) if stances.all(|s| s == first) => Ink::Stance(first),
        _ => Ink::Mixed,
    }
}
