//! One key grammar: the same key means the same thing on every screen and overlay. These
//! tests walk every pane and every layer and press the grammar's keys there.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyModifiers};
use incident_explorer::app::{Action, Effect, Focus, Layer, Mode, RelationsMode, View};

/// A place to test a key in: how to get there from the start, and the mode it is in.
struct State {
    name: &'static str,
    setup: fn(&mut Harness),
    mode: Mode,
}

fn keys(h: &mut Harness, keys: &str) {
    h.press(keys);
}

/// Every pane of every screen, with nothing open over it.
fn panes() -> Vec<State> {
    vec![
        State {
            name: "incidents list",
            setup: |h| keys(h, ""),
            mode: Mode::List,
        },
        State {
            name: "incidents detail",
            setup: |h| keys(h, "<Enter>"),
            mode: Mode::Detail,
        },
        State {
            name: "relations groups",
            setup: |h| keys(h, "2"),
            mode: Mode::Groups,
        },
        State {
            name: "relations targets",
            setup: |h| keys(h, "2<Enter>"),
            mode: Mode::Targets,
        },
        State {
            name: "relations matrix",
            setup: |h| keys(h, "2m"),
            mode: Mode::Matrix,
        },
        State {
            name: "relations third parties",
            setup: |h| keys(h, "2t"),
            mode: Mode::ThirdParties,
        },
        State {
            name: "timeline",
            setup: |h| keys(h, "3"),
            mode: Mode::Timeline,
        },
        State {
            name: "timeline detail",
            setup: |h| keys(h, "3<Tab>"),
            mode: Mode::Detail,
        },
        State {
            name: "graph",
            setup: |h| keys(h, "4"),
            mode: Mode::Graph,
        },
    ]
}

/// Every layer, opened over the incidents screen.
fn layers() -> Vec<State> {
    vec![
        State {
            name: "search line",
            setup: |h| keys(h, "/"),
            mode: Mode::Search,
        },
        State {
            name: "help",
            setup: |h| keys(h, "?"),
            mode: Mode::Help,
        },
        State {
            name: "help filter",
            setup: |h| keys(h, "?/"),
            mode: Mode::HelpFilter,
        },
        State {
            name: "filter panel",
            setup: |h| keys(h, "f"),
            mode: Mode::Filters,
        },
        State {
            name: "tour list",
            setup: |h| keys(h, "T"),
            mode: Mode::Tours,
        },
        State {
            name: "tour",
            setup: |h| {
                h.start_tour("third-parties").expect("a bundled tour");
            },
            mode: Mode::Tour,
        },
        State {
            name: "problems panel",
            setup: |h| h.app.update(Action::ReloadFailed("error: broken".into())),
            mode: Mode::Problem,
        },
    ]
}

fn at(state: &State, width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    (state.setup)(&mut h);
    assert_eq!(
        h.app.mode(),
        state.mode,
        "{} is in {:?}",
        state.name,
        state.mode
    );
    h
}

#[test]
fn ctrl_c_quits_from_everywhere() {
    for state in panes().iter().chain(layers().iter()) {
        let mut h = at(state, 80, 24);
        h.key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(h.app.should_quit(), "Ctrl-C quits from the {}", state.name);
    }
}

#[test]
fn q_quits_only_from_a_screen_with_nothing_open() {
    for state in panes() {
        let mut h = at(&state, 80, 24);
        h.press("q");
        assert!(h.app.should_quit(), "q quits from the {}", state.name);
    }
    for state in layers() {
        let mut h = at(&state, 80, 24);
        let open = h.app.layers.len();
        h.press("q");
        assert!(
            !h.app.should_quit(),
            "q does not quit from the {}",
            state.name
        );
        if state.mode == Mode::Search || state.mode == Mode::HelpFilter {
            assert!(h.app.query().ends_with('q') || state.mode == Mode::HelpFilter);
            continue;
        }
        assert_eq!(
            h.app.layers.len(),
            open - 1,
            "q closes the {} and only it",
            state.name
        );
    }
}

#[test]
fn esc_closes_the_top_layer_and_only_it() {
    for state in layers() {
        let mut h = at(&state, 80, 24);
        let open = h.app.layers.len();
        h.press("<Esc>");
        assert!(!h.app.should_quit());
        if state.mode == Mode::HelpFilter {
            assert_eq!(
                h.app.mode(),
                Mode::Help,
                "Esc drops the help's filter first"
            );
            continue;
        }
        assert_eq!(
            h.app.layers.len(),
            open - 1,
            "Esc closes the {}",
            state.name
        );
    }
    // Layers on layers: each Esc closes one, from the top.
    let mut h = Harness::new(80, 24);
    h.start_tour("third-parties").expect("a bundled tour");
    h.press("T");
    assert_eq!(h.app.mode(), Mode::Tours);
    h.press("<Esc>");
    assert_eq!(
        h.app.mode(),
        Mode::Tour,
        "the tour list closed, the tour runs on"
    );
    h.press("?");
    h.press("<Esc>");
    assert_eq!(h.app.mode(), Mode::Tour);
    h.press("<Esc>");
    assert!(h.app.layers.is_empty());
}

#[test]
fn esc_leaves_a_mode_or_steps_back_a_pane() {
    let expectations = [
        ("2m", View::Relations, Focus::Groups),
        ("2t", View::Relations, Focus::Groups),
        ("2<Enter>", View::Relations, Focus::Groups),
        ("<Enter>", View::Incidents, Focus::List),
        ("3<Tab>", View::Timeline, Focus::Timeline),
        ("4", View::Incidents, Focus::List),
    ];
    for (setup, view, focus) in expectations {
        let mut h = Harness::new(80, 24);
        h.press(setup);
        h.press("<Esc>");
        assert_eq!(
            (h.app.screen.view, h.app.screen.focus),
            (view, focus),
            "Esc after {setup}"
        );
        assert_eq!(
            h.app.panes.relations.mode,
            RelationsMode::Groups,
            "Esc after {setup} leaves the matrix and the pivot"
        );
    }
    // At a screen's root, Esc steps back in the history.
    let mut h = Harness::new(80, 24);
    h.press("j2");
    h.press("<Esc>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.app.panes.list.selected, 1, "back where it was");
}

#[test]
fn h_l_and_the_arrows_move_between_panes_wherever_there_are_two() {
    for (setup, left, right) in [
        ("", Focus::List, Focus::Detail),
        ("2", Focus::Groups, Focus::Targets),
        ("3", Focus::Timeline, Focus::Detail),
    ] {
        for (go_right, go_left) in [("l", "h"), ("<Right>", "<Left>")] {
            let mut h = Harness::new(80, 24);
            h.press(setup);
            assert_eq!(h.app.screen.focus, left);
            h.press(go_right);
            assert_eq!(h.app.screen.focus, right, "{go_right} after {setup:?}");
            h.press(go_right);
            assert_eq!(h.app.screen.focus, right, "no pane further right");
            h.press(go_left);
            assert_eq!(h.app.screen.focus, left, "{go_left} after {setup:?}");
            h.press("<Tab>");
            assert_eq!(h.app.screen.focus, right, "Tab switches too");
        }
    }
}

#[test]
fn enter_opens_what_is_selected_on_every_list() {
    let mut h = Harness::new(80, 24);
    h.press("<Enter>");
    assert_eq!(h.app.screen.focus, Focus::Detail);
    let mut h = Harness::new(80, 24);
    h.press("2<Enter>");
    assert_eq!(h.app.screen.focus, Focus::Targets);
    // On the graph: a victim (one step right of ShinyHunters).
    for setup in ["2<Enter>j", "2mjj", "2tj", "3jj", "/shinyhunters<Enter>4l"] {
        let mut h = Harness::new(80, 24);
        h.press(setup);
        let chosen = h.app.focused_incident().expect("an incident is selected");
        h.press("<Enter>");
        assert_eq!(h.app.screen.view, View::Incidents, "after {setup}");
        assert_eq!(h.app.screen.focus, Focus::Detail);
        let shown = h.app.selected_hit().map(|hit| hit.incident);
        assert_eq!(
            shown,
            Some(chosen),
            "Enter after {setup} opens that incident"
        );
    }
}

#[test]
fn y_copies_and_r_shows_the_groups_from_every_list_of_incidents() {
    // (The timeline's first incident, the Kaspersky hack, names no group: start on the second.)
    for setup in [
        "",
        "<Enter>",
        "3j",
        "3j<Tab>",
        "2<Enter>j",
        "2mjj",
        "2tj",
        "4",
    ] {
        let mut h = Harness::new(80, 24);
        h.press(setup);
        let incident = h
            .app
            .focused_incident()
            .expect("an incident under the cursor");
        let title = h.app.workspace.data.incidents[incident as usize]
            .title
            .to_string();
        h.press("y");
        let effects = h.app.take_effects();
        assert!(
            matches!(effects.as_slice(), [Effect::Copy(text)] if text.contains(&title)),
            "y after {setup:?} copies {title}: {effects:?}"
        );
        h.press("r");
        assert_eq!(h.app.screen.view, View::Relations, "r after {setup:?}");
        assert_eq!(h.app.screen.focus, Focus::Targets);
        assert_eq!(
            h.app.focused_incident(),
            Some(incident),
            "r after {setup:?} selects the incident among its group's targets"
        );
    }
}

#[test]
fn e_edits_and_o_opens_a_link_from_every_list_of_incidents() {
    // The bundled data is built in: give it a file name, as if opened from one.
    for setup in [
        "",
        "<Enter>",
        "3j",
        "3j<Tab>",
        "2<Enter>j",
        "2mjj",
        "2tj",
        "4",
    ] {
        let mut h = Harness::new(80, 24);
        h.app.files = vec![std::path::PathBuf::from("incidents.ron")];
        h.press(setup);
        let incident = h
            .app
            .focused_incident()
            .expect("an incident under the cursor");
        let id = h.app.workspace.data.incidents[incident as usize]
            .id
            .to_string();
        h.press("E");
        let effects = h.app.take_effects();
        assert!(
            matches!(effects.as_slice(), [Effect::EditIncident { id: edited, .. }] if *edited == id),
            "E after {setup:?} edits {id}: {effects:?}"
        );
        let links = incident_explorer::app::external::incident_links(
            &h.app.workspace.data,
            &h.app.workspace.data.incidents[incident as usize],
        );
        h.press("O");
        let effects = h.app.take_effects();
        match links.first() {
            Some((_, url)) => assert!(
                matches!(effects.as_slice(), [Effect::OpenLink { url: opened, .. }] if opened == url),
                "O after {setup:?} opens {url}: {effects:?}"
            ),
            None => {
                assert!(effects.is_empty(), "O after {setup:?}: {effects:?}");
                let notice = h.app.screen.notice.clone().unwrap_or_default();
                assert!(
                    notice.contains("no web address"),
                    "O after {setup:?} says why: {notice}"
                );
            }
        }
    }
}

#[test]
fn back_and_forward_return_exactly_where_you_were() {
    let mut h = Harness::new(80, 24);
    // A target deep in ShinyHunters' list, then its incident.
    h.press("2<Enter>jjj");
    let before = h.app.place();
    let target = h.app.focused_incident();
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    h.press("jjj");
    let scrolled = h.app.place();
    h.press("<BS>");
    assert_eq!(h.app.place(), before, "Backspace comes back to the target");
    assert_eq!(h.app.focused_incident(), target);
    h.press("<C-n>");
    assert_eq!(
        h.app.place(),
        scrolled,
        "Ctrl-N goes forward again, scroll and all"
    );
    h.press("<C-o>");
    assert_eq!(h.app.place(), before, "Ctrl-O goes back too");
    // Across screens, with a search in between.
    let mut h = Harness::new(80, 24);
    h.press("/qantas<Enter>");
    let incidents = h.app.place();
    h.press("3jj");
    let timeline = h.app.place();
    h.press("2m");
    h.press("<BS>");
    assert_eq!(h.app.place(), timeline);
    h.press("<BS>");
    assert_eq!(
        h.app.place(),
        incidents,
        "the query comes back with the place"
    );
    h.press("<BS>");
    assert_eq!(h.app.place(), incidents, "nothing further back");
    assert!(h.screen().contains("Nothing to go back to"));
}

#[test]
fn help_opens_at_the_section_for_where_you_are() {
    for state in panes().iter().chain(layers().iter()) {
        if matches!(state.mode, Mode::Help | Mode::HelpFilter) {
            continue;
        }
        let mut h = at(state, 100, 30);
        if state.mode == Mode::Search {
            h.key(KeyCode::F(1), KeyModifiers::NONE);
        } else {
            h.press("?");
        }
        let opened = h.app.layers.iter().find_map(|l| match l {
            Layer::Help(help) => Some(help.opened_from),
            _ => None,
        });
        assert_eq!(opened, Some(state.mode), "help from the {}", state.name);
        let screen = h.screen();
        assert!(
            screen.contains(state.mode.title()) && screen.contains("you are here"),
            "help from the {} opens at its section:\n{screen}",
            state.name
        );
    }
}

#[test]
fn help_filters_as_you_type() {
    let mut h = Harness::new(100, 30);
    h.press("?/matrix");
    let screen = h.screen();
    assert!(screen.contains("matrix on / off"), "{screen}");
    assert!(!screen.contains("copy the incident"), "{screen}");
    h.press("<Enter>");
    assert_eq!(h.app.mode(), Mode::Help, "Enter keeps the filter");
    assert!(h.screen().contains("/ matrix"));
    h.press("/<Esc>");
    assert!(
        h.screen().contains("open the detail"),
        "Esc drops the filter"
    );
    h.press("/zzzz");
    assert!(h.screen().contains("No key matches the filter"));
}

/// The status bar's bottom row at the smallest size and the common ones: help and the way
/// out always show.
#[test]
fn the_status_bar_never_cuts_help_or_the_way_out() {
    for (width, height) in [(60, 15), (80, 24), (90, 26)] {
        for state in panes().iter().chain(layers().iter()) {
            let h = at(state, width, height);
            let screen = h.screen();
            // The status bar is the screen's last row, above a tour's caption.
            let status = screen
                .lines()
                .rfind(|line| line.contains(" of 15 "))
                .unwrap_or_default()
                .to_string();
            let help = status.contains("? help") || status.contains("F1 help");
            let way_out = [
                "q quit",
                "Ctrl-C quit",
                "Esc close",
                "Esc leave",
                "Esc drop",
            ]
            .iter()
            .any(|k| status.contains(k));
            assert!(
                help || matches!(state.mode, Mode::Help | Mode::HelpFilter),
                "{} at {width}x{height}: no help key in {status:?}",
                state.name
            );
            assert!(
                way_out,
                "{} at {width}x{height}: no way out in {status:?}",
                state.name
            );
            assert!(
                status.contains("mouse on"),
                "{} at {width}x{height}: {status:?}",
                state.name
            );
        }
    }
}

#[test]
fn the_tab_bar_names_every_screen_and_marks_the_current_one() {
    for (width, height) in [(60, 15), (80, 24), (200, 60)] {
        for (key, view) in [
            ("1", View::Incidents),
            ("2", View::Relations),
            ("3", View::Timeline),
            ("4", View::Graph),
        ] {
            let mut h = Harness::new(width, height);
            h.press(key);
            let buffer = h.buffer();
            let top = common::buffer_text(&buffer)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            for title in ["1 Incidents", "2 Relations", "3 Timeline", "4 Graph"] {
                assert!(
                    top.contains(title),
                    "{title} in {top:?} at {width}x{height}"
                );
            }
            // The current tab is drawn selected: find its first letter's cell.
            let title = format!("{key} {}", view.title());
            let column = top.find(&title).expect("the tab") as u16;
            let cell = &buffer[(column, 0)];
            let plain = &buffer[(top.find("│").unwrap_or(0) as u16, 0)];
            assert_ne!(
                cell.style(),
                plain.style(),
                "{title} is marked at {width}x{height}"
            );
        }
    }
}

#[test]
fn a_click_on_a_tab_switches_screens() {
    use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::new(80, 24);
    let top = h.screen().lines().next().unwrap_or_default().to_string();
    let column = top.find("3 Timeline").expect("the tab") as u16;
    h.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: 0,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(h.app.screen.view, View::Timeline);
}

#[test]
fn capital_m_turns_the_mouse_off_and_on_and_says_so() {
    let mut h = Harness::new(80, 24);
    assert!(h.app.prefs.mouse_capture);
    h.press("M");
    assert!(!h.app.prefs.mouse_capture);
    assert_eq!(h.app.take_effects(), vec![Effect::SetMouse(false)]);
    let status = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(status.contains("mouse off"), "{status}");
    h.press("M");
    assert_eq!(h.app.take_effects(), vec![Effect::SetMouse(true)]);
    assert!(
        h.screen()
            .lines()
            .last()
            .unwrap_or_default()
            .contains("mouse on")
    );
}
