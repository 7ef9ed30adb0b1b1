//! The graph screen (`4`): every claim an edge with its stance, every node once, few
//! crossings, the keys along lines, the neighbourhood within the screen at any size, and
//! snapshots at 80x24 and 120x40.

mod common;

use common::Harness;
use incident_explorer::app::{Layer, Shown, View};
use incident_explorer::data::graph::{Kind, Node};
use incident_explorer::layout::graph::Role;
use proptest::prelude::*;

fn graph_at(width: u16, height: u16, keys: &str) -> Harness {
    let mut h = Harness::new(width, height);
    h.press(keys);
    assert_eq!(h.app.screen.view, View::Graph);
    h
}

/// Selects a node by name, with the graph's own keys: to its column, then down it.
fn select(h: &mut Harness, name: &str) {
    for column in ["hhg", "hhlg", "hhllg"] {
        h.press(column);
        for _ in 0..30 {
            if selected_name(h) == name {
                return;
            }
            h.press("j");
        }
    }
    panic!("{name} is not on the graph");
}

/// The name of the selected node.
fn selected_name(h: &Harness) -> String {
    let state = &h.app.panes.graph;
    let node = state.selected_node().expect("a node is selected");
    state.graph.name(&h.app.workspace.data, node).to_string()
}

#[test]
fn every_claim_is_an_edge_with_its_stance_to_every_victim() {
    let h = graph_at(120, 40, "4");
    let data = &h.app.workspace.data;
    let graph = &h.app.panes.graph.graph;
    let mut expected = 0;
    for incident in &data.incidents {
        for claim in &incident.claims {
            let group = data.group_position(&claim.group).expect("a known group") as u32;
            for victim in &incident.victims {
                let victim = data.organisation_position(victim).expect("known") as u32;
                expected += 1;
                let found = graph.claims.iter().any(|e| {
                    graph.nodes[e.group as usize]
                        == Node {
                            kind: Kind::Group,
                            index: group,
                        }
                        && graph.nodes[e.victim as usize]
                            == Node {
                                kind: Kind::Victim,
                                index: victim,
                            }
                        && e.stance == claim.stance
                });
                assert!(found, "{} → {victim}: {:?}", claim.group, claim.stance);
            }
        }
    }
    assert_eq!(graph.claims.len(), expected, "no edge that is not a claim");
    // And on screen: each line ends in its stance's glyph beside its victim.
    let picture = &h.app.panes.graph.picture;
    for edge in &graph.claims {
        let (_, row, _) = picture.node_at(edge.victim).expect("every victim is drawn");
        let glyph_here = picture
            .labels
            .iter()
            .any(|l| l.role == Role::Glyph(edge.stance) && (row..row + 4).contains(&l.y));
        assert!(
            glyph_here,
            "{:?} beside {}",
            edge.stance,
            graph.name(data, edge.victim)
        );
    }
}

#[test]
fn each_node_is_drawn_once_with_its_name_whole_at_120_columns() {
    let h = graph_at(120, 40, "4");
    let state = &h.app.panes.graph;
    assert_eq!(state.shown, Shown::Whole);
    // The picture, without its title row (which names the selected node again).
    let screen: String = h
        .screen()
        .lines()
        .filter(|l| !l.starts_with(" Graph"))
        .collect::<Vec<_>>()
        .join("\n");
    for node in 0..state.graph.nodes.len() as u32 {
        let drawn = state
            .picture
            .labels
            .iter()
            .filter(|l| l.role == Role::Node(node))
            .count();
        let data = &h.app.workspace.data;
        let name = state.graph.name(data, node);
        assert_eq!(drawn, 1, "{name} is drawn once");
        // Once, or as often as it is part of other names ("Maxis' third-party vendor").
        let within = (0..state.graph.nodes.len() as u32)
            .filter(|&n| state.graph.name(data, n).contains(name))
            .count();
        assert_eq!(
            screen.matches(name).count(),
            within,
            "{name} whole, once:\n{screen}"
        );
    }
    // The three headline groups, the victims claimed by two (Qantas) and the third
    // parties are there.
    for name in [
        "R00TK1T",
        "ShinyHunters",
        "Scattered Spider",
        "Qantas",
        "Maxis",
        "GoQuo",
        "Salesforce",
        "Snowflake",
    ] {
        assert!(screen.contains(name), "{name}");
    }
}

#[test]
fn the_bundled_graph_is_drawn_without_a_crossing() {
    let h = graph_at(120, 40, "4");
    let state = &h.app.panes.graph;
    // In the order the links are read (group by group, newest first), lines cross; the
    // barycentric order undoes them.
    assert_eq!(state.graph.crossings(&state.graph.columns), 16);
    assert_eq!(state.graph.crossings(&state.order), 0);
    assert_eq!(state.graph.crossings(&state.scene.columns), 0);
}

#[test]
fn at_80x24_every_headline_group_target_and_third_party_is_on_screen() {
    let h = graph_at(80, 24, "4");
    let state = &h.app.panes.graph;
    assert_eq!(state.shown, Shown::Whole, "the bundled graph fits 80x24");
    let screen = h.screen();
    for name in [
        "R00TK1T",
        "ShinyHunters",
        "Scattered Spider",
        "Maxis",
        "Aminia",
        "YouTutor",
        "Qantas",
        "Hawaiian Airlines",
        "WestJet",
        "Air France",
        "KLM",
        "Google",
        "Salesforce",
        "Snowflake",
        "GoQuo",
    ] {
        assert!(screen.contains(name), "{name} at 80x24:\n{screen}");
    }
    // Every victim's lines reach it: as many glyphs as claims' (group, stance) pairs.
    let glyphs = state
        .picture
        .labels
        .iter()
        .filter(|l| matches!(l.role, Role::Glyph(_)))
        .count();
    let mut pairs: Vec<(u32, u32, _)> = state
        .graph
        .claims
        .iter()
        .map(|e| (e.group, e.victim, e.stance))
        .collect();
    pairs.sort_by_key(|p| (p.0, p.1, p.2 as u8));
    pairs.dedup();
    assert_eq!(glyphs, pairs.len());
}

/// At 80x24 the picture cuts long names ("Snowflake customers (unn…", "External cu…"); the
/// selected node's name is on screen whole, with what it is, whichever it is.
#[test]
fn at_80x24_the_selected_node_is_named_whole_above_the_picture() {
    let mut h = graph_at(80, 24, "4");
    let data = h.app.workspace.data.clone();
    let state = &h.app.panes.graph;
    let nodes: Vec<(String, Kind)> = state
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (state.graph.name(&data, i as u32).to_string(), node.kind))
        .collect();
    assert!(
        nodes
            .iter()
            .any(|(name, _)| name.starts_with("External customer-service"))
    );
    for (name, kind) in nodes {
        select(&mut h, &name);
        let what = match kind {
            Kind::Group => "group",
            Kind::Victim => "target",
            Kind::ThirdParty => "third party",
        };
        let screen = h.screen();
        let title = screen
            .lines()
            .find(|l| l.starts_with(" Graph"))
            .unwrap_or_default();
        assert!(
            title.trim_end().ends_with(&format!(" {name} · {what}")),
            "{name} ({what}) is not named whole:\n{screen}"
        );
    }
}

#[test]
fn the_selected_node_and_its_lines_are_lit_the_rest_dimmed() {
    let mut h = graph_at(120, 40, "4");
    select(&mut h, "ShinyHunters");
    let picture = &h.app.panes.graph.picture;
    let lit = |name: &str| {
        picture
            .labels
            .iter()
            .find(|l| l.text == name)
            .map(|l| l.lit)
            .unwrap_or_else(|| panic!("{name} drawn"))
    };
    assert!(lit("Dior") && lit("Qantas"), "its targets are lit");
    assert!(!lit("Maxis") && !lit("R00TK1T"), "the rest is dimmed");
    // Dimmed on screen too: Maxis' name is drawn in the dim style.
    let buffer = h.buffer();
    let screen = h.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Maxis "))
        .expect("Maxis on screen");
    let column = line[..line.find("Maxis").unwrap()].chars().count() as u16;
    let theme = incident_explorer::theme::Theme::dark();
    assert_eq!(buffer[(column, row as u16)].fg, theme.dim.fg.unwrap());
}

#[test]
fn j_k_move_in_a_column_and_h_l_follow_the_lines() {
    let mut h = graph_at(120, 40, "4");
    select(&mut h, "ShinyHunters");
    h.press("l");
    assert_eq!(
        selected_name(&h),
        "Dior",
        "the target on ShinyHunters' own row"
    );
    h.press("jjjj");
    assert_eq!(selected_name(&h), "Qantas");
    // Qantas has two lines in: the nearer on screen is Scattered Spider's.
    h.press("h");
    assert_eq!(
        selected_name(&h),
        "Scattered Spider",
        "the line nearest on screen"
    );
    h.press("k");
    assert_eq!(
        selected_name(&h),
        "ShinyHunters",
        "j/k stay in the groups' column"
    );
    h.press("jj");
    assert_eq!(selected_name(&h), "R00TK1T");
    h.press("l");
    assert_eq!(selected_name(&h), "Aminia");
    h.press("kl");
    assert_eq!(selected_name(&h), "Maxis' third-party vendor (unnamed)");
    h.press("l");
    assert!(h.screen().contains("rightmost column"));
}

#[test]
fn enter_opens_a_victims_incident_and_backspace_comes_back() {
    let mut h = graph_at(120, 40, "4");
    select(&mut h, "Maxis");
    let before = h.app.place();
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.selected_id().as_deref(), Some("maxis-2024"));
    h.press("<BS>");
    assert_eq!(h.app.screen.view, View::Graph);
    assert_eq!(h.app.place(), before);
    assert_eq!(selected_name(&h), "Maxis");
}

#[test]
fn enter_on_a_group_opens_its_profile() {
    let mut h = graph_at(120, 40, "4");
    select(&mut h, "Scattered Spider");
    h.press("<Enter>");
    assert!(matches!(h.app.layers.top(), Some(Layer::Profile(_))));
    assert!(h.screen().contains("UNC3944"));
    h.press("<Esc>i");
    assert!(
        matches!(h.app.layers.top(), Some(Layer::Profile(_))),
        "i too"
    );
}

#[test]
fn the_graph_follows_the_search_and_the_selection_elsewhere() {
    // From the relations screen, the group selected there.
    let h = graph_at(120, 40, "2jj4");
    let relations_group = {
        let mut r = Harness::new(120, 40);
        r.press("2jj");
        let g = r.app.selected_group_position().unwrap();
        r.app.workspace.data.groups[g as usize].name.to_string()
    };
    assert_eq!(selected_name(&h), relations_group);
    // A search narrows the picture to its incidents.
    let h = graph_at(120, 40, "/qantas<Enter>4");
    let screen = h.screen();
    assert!(screen.contains("Qantas") && screen.contains("Scattered Spider"));
    assert!(!screen.contains("Maxis"), "{screen}");
}

#[test]
fn minus_shows_the_neighbourhood_and_plus_the_whole_graph() {
    let mut h = graph_at(120, 40, "4");
    select(&mut h, "Scattered Spider");
    h.press("-");
    assert_eq!(h.app.panes.graph.shown, Shown::Neighbourhood(2));
    h.press("-");
    assert_eq!(h.app.panes.graph.shown, Shown::Neighbourhood(1));
    let screen = h.screen();
    assert!(
        screen.contains("around Scattered Spider, one step"),
        "{screen}"
    );
    assert!(screen.contains("WestJet") && !screen.contains("Maxis"));
    assert!(!screen.contains("ShinyHunters"), "two steps away");
    h.press("+");
    assert!(
        h.screen().contains("ShinyHunters"),
        "two steps: Qantas' other suspect"
    );
    h.press("+");
    assert_eq!(h.app.panes.graph.shown, Shown::Whole);
}

/// A synthetic data set too big for any screen, and too big to be built whole: the graph
/// is built around the node shown.
fn big() -> incident_explorer::data::Dataset {
    static DATA: std::sync::OnceLock<incident_explorer::data::Dataset> = std::sync::OnceLock::new();
    DATA.get_or_init(|| incident_explorer::generate::synthetic(10_000, 7))
        .clone()
}

/// Too big for any screen, small enough to be built whole (and shown in part).
fn middling() -> incident_explorer::data::Dataset {
    static DATA: std::sync::OnceLock<incident_explorer::data::Dataset> = std::sync::OnceLock::new();
    DATA.get_or_init(|| incident_explorer::generate::synthetic(1_500, 7))
        .clone()
}

#[test]
fn every_claim_of_a_bigger_file_is_an_edge_even_to_a_victim_of_several_incidents() {
    let mut h = Harness::with_data(middling(), 120, 40);
    h.press("4");
    let state = &h.app.panes.graph;
    assert!(state.complete);
    let data = &h.app.workspace.data;
    let expected: usize = data
        .incidents
        .iter()
        .map(|i| i.claims.len() * i.victims.len())
        .sum();
    assert_eq!(state.graph.claims.len(), expected);
    // Victims of several incidents are there (the synthetic data reuses organisations).
    let repeated = state.graph.columns[1].iter().any(|&v| {
        h.app
            .workspace
            .links
            .roles
            .incidents_as_victim(state.graph.nodes[v as usize].index)
            .len()
            > 1
    });
    assert!(repeated);
}

#[test]
fn a_graph_too_big_for_the_screen_shows_a_neighbourhood_with_counts() {
    let mut h = Harness::with_data(big(), 120, 40);
    // From the first incident's victim to one of its groups, with its many targets.
    h.press("4h");
    let state = &h.app.panes.graph;
    assert_eq!(state.shown, Shown::Neighbourhood(1));
    let screen = h.screen();
    assert!(screen.contains("more targets"), "{screen}");
    let hidden = state.scene.folds[1].1;
    assert!(
        screen.contains(&format!("↓ +{hidden} more targets")),
        "{screen}"
    );
    assert_eq!(
        state.scene.folds[1].0 + state.scene.columns[1].len() + hidden,
        state.lists[1].len(),
        "shown and folded add up"
    );
    assert!(!state.complete, "built around the node shown");
    // One step around a group: exactly its targets among the results.
    let data = &h.app.workspace.data;
    let group = state.selected.expect("a group");
    let group_id = &data.groups[group.index as usize].id;
    let mut targets: Vec<&str> = data
        .incidents
        .iter()
        .filter(|i| i.claims.iter().any(|c| c.group == *group_id))
        .flat_map(|i| i.victims.iter().map(|v| v.as_str()))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let mut shown: Vec<&str> = state.lists[1]
        .iter()
        .map(|&v| {
            data.organisations[state.graph.nodes[v as usize].index as usize]
                .id
                .as_str()
        })
        .collect();
    shown.sort_unstable();
    assert_eq!(shown, targets);
}

/// Everything the picture draws is inside its area, no two labels overlap, and each node is
/// drawn at most once.
fn check_within_screen(h: &Harness) -> Result<(), TestCaseError> {
    let area = h.app.graph_layout().picture;
    let picture = &h.app.panes.graph.picture;
    let mut cells = std::collections::HashSet::new();
    for stroke in &picture.strokes {
        prop_assert!(
            stroke.x < area.width && stroke.y < area.height,
            "{stroke:?}"
        );
        cells.insert((stroke.x, stroke.y));
    }
    let mut nodes = std::collections::HashSet::new();
    for label in &picture.labels {
        let width = unicode_width::UnicodeWidthStr::width(label.text.as_str()) as u16;
        prop_assert!(label.y < area.height, "{label:?} below {area:?}");
        prop_assert!(label.x + width <= area.width, "{label:?} past {area:?}");
        for x in label.x..label.x + width {
            prop_assert!(cells.insert((x, label.y)), "{label:?} overlaps");
        }
        if let Role::Node(n) = label.role {
            prop_assert!(nodes.insert(n), "node {n} drawn twice");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_neighbourhood_never_leaves_the_screen(
        width in 60u16..200,
        height in 15u16..60,
        keys in proptest::collection::vec(
            prop_oneof![Just("j"), Just("k"), Just("h"), Just("l"), Just("+"), Just("-"),
                Just("G"), Just("<PageDown>"), Just("g")],
            0..12,
        ),
    ) {
        let mut h = Harness::with_data(big(), width, height);
        h.press("4");
        check_within_screen(&h)?;
        for key in keys {
            h.press(key);
            check_within_screen(&h)?;
        }
    }

    #[test]
    fn a_graph_built_whole_but_shown_in_part_never_leaves_the_screen(
        width in 60u16..200,
        height in 15u16..60,
        keys in proptest::collection::vec(
            prop_oneof![Just("j"), Just("k"), Just("h"), Just("l"), Just("+"), Just("-"),
                Just("G"), Just("<PageDown>"), Just("g")],
            0..12,
        ),
    ) {
        let mut h = Harness::with_data(middling(), width, height);
        h.press("4");
        prop_assert!(h.app.panes.graph.complete);
        check_within_screen(&h)?;
        for key in keys {
            h.press(key);
            check_within_screen(&h)?;
        }
    }

    #[test]
    fn the_bundled_graph_stays_within_any_screen(
        width in 60u16..200,
        height in 15u16..60,
        keys in proptest::collection::vec(
            prop_oneof![Just("j"), Just("k"), Just("h"), Just("l"), Just("+"), Just("-")],
            0..8,
        ),
    ) {
        let mut h = Harness::new(width, height);
        h.press("4");
        for key in keys {
            h.press(key);
        }
        check_within_screen(&h)?;
    }
}

#[test]
fn snapshots() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = graph_at(width, height, "4");
        select(&mut h, "ShinyHunters");
        insta::assert_snapshot!(format!("graph_whole_{width}x{height}"), h.screen());
        select(&mut h, "Scattered Spider");
        h.press("-");
        insta::assert_snapshot!(format!("graph_two_steps_{width}x{height}"), h.screen());
        let mut big = Harness::with_data(big(), width, height);
        big.press("4hlj");
        insta::assert_snapshot!(
            format!("graph_neighbourhood_{width}x{height}"),
            big.screen()
        );
    }
}

#[test]
fn in_monochrome_the_stance_is_in_the_line_itself() {
    let mut h = graph_at(120, 40, "4");
    h.app.prefs.theme = incident_explorer::theme::ThemeName::Mono;
    let buffer = h.buffer();
    let screen = h.screen();
    // No colour anywhere in the picture, and each stance its own line and glyph.
    let area = h.app.graph_layout().picture;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            assert_eq!(
                buffer[(x, y)].fg,
                ratatui::style::Color::Reset,
                "({x}, {y})"
            );
        }
    }
    let line_of = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}"))
            .to_string()
    };
    assert!(line_of("Aminia").contains("━◆"), "claimed: heavy line, ◆");
    assert!(line_of("Dior").contains("┄◇"), "suspected: dashed line, ◇");
    assert!(
        line_of("Malindo Air").contains("─✔"),
        "confirmed: thin line, ✔"
    );
    // Maxis' one line carries R00TK1T's claim and Maxis' dispute, half and half.
    let maxis = line_of("Maxis ");
    assert!(
        maxis.contains("━╍") && maxis.contains("╍◆≠"),
        "disputed: heavy dashes, ≠"
    );
    assert!(line_of("GoQuo").contains("╌"), "the way in: light dashes");
}

#[test]
fn a_click_on_a_name_selects_it() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut h = graph_at(120, 40, "4");
    let (row, line) = h
        .screen()
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("WestJet"))
        .map(|(r, l)| (r, l.to_string()))
        .expect("WestJet on screen");
    let column = line[..line.find("WestJet").unwrap()].chars().count() as u16;
    h.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: column + 2,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(selected_name(&h), "WestJet");
}
