//! Never-panic guarantees and the state's invariants, over inputs nobody would think to
//! write by hand: random keys on every screen and layer, random sizes, mangled data.

mod common;

use common::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use incident_explorer::app::{Action, Focus, Layer, Mode, RelationsMode, TimelineRow, View};
use incident_explorer::data::load::BUNDLED_DATA;
use incident_explorer::data::{load_bytes, load_str};
use incident_explorer::layout::{detail, inner};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn plain(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Keys as a person presses them: the bound keys common (the screens, the panes, the
/// layers, moving, opening and closing), text and odd combinations rare, and quitting
/// rarest (it ends the case).
fn key_event() -> impl Strategy<Value = Event> {
    // The keys every screen and layer binds, with the ones that open screens, modes and
    // layers listed twice so they come up often.
    let bound = prop::sample::select(vec![
        '1', '2', '3', '4', '2', '3', '4', 'm', 't', 'm', 't', '+', '-', 'f', 'o', 'T', 'r', 'x',
        'i', '?', 'f', 'T', 'i', '?', '/', 'j', 'k', 'h', 'l', 'j', 'k', 'g', 'G', ' ', 'n', 'p',
        '[', ']', 'z', 'y', 'M', 'c', 'a', 'e', 's', '4', '?', '4', '?',
    ])
    .prop_map(|c| plain(KeyCode::Char(c)));
    let named = prop::sample::select(vec![
        KeyCode::Esc,
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Backspace,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Delete,
        KeyCode::F(1),
    ])
    .prop_map(plain);
    // Ctrl and Alt keys the tables bind (history, line editing); not Ctrl-C.
    let chorded = prop::sample::select(vec![
        (KeyCode::Char('o'), KeyModifiers::CONTROL),
        (KeyCode::Char('n'), KeyModifiers::CONTROL),
        (KeyCode::Char('u'), KeyModifiers::CONTROL),
        (KeyCode::Char('w'), KeyModifiers::CONTROL),
        (KeyCode::Char('d'), KeyModifiers::CONTROL),
        (KeyCode::Char('z'), KeyModifiers::CONTROL),
        (KeyCode::Left, KeyModifiers::ALT),
        (KeyCode::Right, KeyModifiers::ALT),
        (KeyCode::Left, KeyModifiers::CONTROL),
        (KeyCode::Backspace, KeyModifiers::ALT),
        (KeyCode::Char('b'), KeyModifiers::ALT),
    ])
    .prop_map(|(code, modifiers)| Event::Key(KeyEvent::new(code, modifiers)));
    // Text typed into the search line or the help's filter: letters that find something.
    let text = prop::sample::select(vec!['a', 'e', 'n', 's', 'q', 'u', 'c', 'd', 'v', '-'])
        .prop_map(|c| plain(KeyCode::Char(c)));
    let anything = (
        any::<char>(),
        prop::sample::select(vec![
            KeyModifiers::NONE,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
        ]),
    )
        .prop_filter("not Ctrl-C", |(c, m)| {
            !(m.contains(KeyModifiers::CONTROL) && c.eq_ignore_ascii_case(&'c'))
        })
        .prop_map(|(c, m)| Event::Key(KeyEvent::new(KeyCode::Char(c), m)));
    let mouse = (
        0u16..200,
        0u16..60,
        prop::sample::select(vec![
            MouseEventKind::ScrollDown,
            MouseEventKind::ScrollUp,
            MouseEventKind::Down(crossterm::event::MouseButton::Left),
        ]),
    )
        .prop_map(|(column, row, kind)| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        });
    let resize = (1u16..=200, 1u16..=60).prop_map(|(w, h)| Event::Resize(w, h));
    prop_oneof![
        40 => bound,
        // Esc and Enter go in and out of every pane and layer: often, on their own.
        8 => Just(plain(KeyCode::Esc)),
        6 => Just(plain(KeyCode::Enter)),
        16 => named,
        4 => chorded,
        6 => text,
        1 => anything,
        3 => mouse,
        2 => resize,
    ]
}

/// `position` is inside a list of `count` rows (0 when it is empty).
fn inside(what: &str, position: usize, count: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        position < count.max(1),
        "{} at {} of {} rows",
        what,
        position,
        count
    );
    Ok(())
}

/// Everything that must hold after any key, on whatever screen and under whatever layer.
fn check_invariants(h: &Harness) -> Result<(), TestCaseError> {
    let app = &h.app;
    let data = &app.workspace.data;
    let results = &app.search.results.hits;
    let is_result = |incident: u32| results.iter().any(|hit| hit.incident == incident);

    // The focus belongs to the screen shown.
    let focus_fits = match app.screen.view {
        View::Incidents => matches!(app.screen.focus, Focus::List | Focus::Detail),
        View::Timeline => matches!(app.screen.focus, Focus::Timeline | Focus::Detail),
        View::Graph => app.screen.focus == Focus::Graph,
        View::Relations => matches!(
            (app.panes.relations.mode, app.screen.focus),
            (RelationsMode::Groups, Focus::Groups | Focus::Targets)
                | (RelationsMode::Matrix, Focus::Matrix)
                | (RelationsMode::ThirdParties, Focus::ThirdParties)
        ),
    };
    prop_assert!(
        focus_fits,
        "{:?} focus on {:?} ({:?})",
        app.screen.focus,
        app.screen.view,
        app.panes.relations.mode
    );
    prop_assert!(!app.panes.detail.zoomed || app.screen.focus == Focus::Detail);

    // The result list: the selection among the results, and drawn inside the list's rows.
    let list = app.panes.list;
    inside("the list's selection", list.selected, results.len())?;
    if app.screen.view == View::Incidents && !results.is_empty() {
        let rows = app.list_rows().max(1);
        prop_assert!(
            list.offset <= list.selected && list.selected < list.offset + rows,
            "{:?} with {} rows",
            list,
            rows
        );
    }

    // The relations screen's rows and selections, while it is shown.
    if app.screen.view == View::Relations {
        let relations = &app.panes.relations;
        inside(
            "the group",
            relations.selected_group,
            relations.groups.len(),
        )?;
        inside(
            "the target",
            relations.selected_target,
            relations.targets.len(),
        )?;
        inside(
            "the matrix row",
            relations.selected_row,
            relations.matrix_rows.len(),
        )?;
        inside(
            "the pivot row",
            relations.selected_pivot,
            relations.pivot.len(),
        )?;
        for incident in relations
            .targets
            .iter()
            .map(|l| l.incident)
            .chain(relations.matrix_rows.iter().copied())
            .chain(relations.pivot.iter().map(|e| e.incident))
        {
            prop_assert!(
                is_result(incident),
                "relations show a non-result {}",
                incident
            );
        }
    }

    // The timeline's rows are the results, and its selection is one of them.
    if app.screen.view == View::Timeline {
        let timeline = &app.panes.timeline;
        inside(
            "the timeline's selection",
            timeline.selected,
            timeline.items.len(),
        )?;
        for &row in &timeline.items {
            match timeline.rows.get(row) {
                Some(TimelineRow::Item { incident }) => {
                    prop_assert!(is_result(*incident), "the timeline shows a non-result")
                }
                other => prop_assert!(false, "item row {} is {:?}", row, other),
            }
        }
    }

    // The graph: each column scrolled within its list, the selection among what is listed.
    // (Below the smallest size the screen asks to be enlarged and draws no graph; its
    // columns are laid out again when it grows.)
    let (width, height) = app.screen.size;
    let drawn = width >= incident_explorer::layout::MIN_WIDTH
        && height >= incident_explorer::layout::MIN_HEIGHT;
    if app.screen.view == View::Graph && drawn {
        let graph = &app.panes.graph;
        for (column, list) in graph.lists.iter().enumerate() {
            inside(
                "a graph column's first row",
                graph.offsets[column],
                list.len(),
            )?;
        }
        if let Some(node) = graph.selected_node() {
            prop_assert!(
                graph.lists.iter().any(|list| list.contains(&node)),
                "the selected node {} is in no column",
                node
            );
        }
    }

    // The detail is scrolled within its content.
    if matches!(app.screen.view, View::Incidents | View::Timeline)
        && let Some(incident) = app.detail_incident()
    {
        let area = inner(app.incidents_layout().detail);
        let content = detail::content_height(data, incident, area.width);
        let max = content.saturating_sub(usize::from(area.height));
        prop_assert!(
            usize::from(app.panes.detail.scroll) <= max,
            "detail scrolled {} of {}",
            app.panes.detail.scroll,
            max
        );
    }
    if let Some(incident) = app.focused_incident() {
        prop_assert!((incident as usize) < data.incidents.len());
    }

    // The layers: a tour only at the bottom, one of each kind, each scrolled and selected
    // within its content, and the keys going to the top one.
    let layers: Vec<&Layer> = app.layers.iter().collect();
    for (position, layer) in layers.iter().enumerate() {
        let kind = std::mem::discriminant(*layer);
        // The help may open over a panel that opened over the help, but never on itself; a
        // tour, the search line and the problems panel are open once at most.
        let once = matches!(layer, Layer::Tour(_) | Layer::Search | Layer::Problem(_));
        prop_assert!(
            !once
                || layers
                    .iter()
                    .filter(|l| std::mem::discriminant(**l) == kind)
                    .count()
                    == 1,
            "two of a kind: {:?}",
            layers
        );
        prop_assert!(
            position == 0 || std::mem::discriminant(layers[position - 1]) != kind,
            "a layer over its own kind: {:?}",
            layers
        );
        match layer {
            Layer::Tour(progress) => {
                prop_assert!(position == 0, "the tour is not at the bottom: {:?}", layers);
                let tour = data.tours.get(progress.tour);
                prop_assert!(tour.is_some_and(|t| progress.step < t.steps.len()));
            }
            Layer::Search => {}
            Layer::Filters(panel) => inside("the filter cursor", panel.cursor, panel.rows.len())?,
            Layer::Tours(list) => inside("the tour list", list.selected, data.tours.len())?,
            Layer::Help(help) => prop_assert!(help.scroll <= app.help_max_scroll(help)),
            Layer::Profile(profile) => {
                inside("the profile shown", profile.shown, profile.groups.len())?;
                prop_assert!(profile.scroll <= app.profile_max_scroll(profile));
            }
            Layer::Problem(problem) => {
                prop_assert!(problem.scroll <= app.problem_max_scroll(&problem.diagnostics))
            }
        }
    }
    prop_assert_eq!(
        app.mode(),
        layers.last().map_or(app.pane_mode(), |l| l.mode())
    );
    Ok(())
}

/// Sends `events` (with a broken save at `broken_at`), checking the invariants and drawing
/// after each; then draws at several sizes. Returns the modes and screens it went through.
fn run_keys(
    h: &mut Harness,
    events: Vec<Event>,
    broken_at: Option<usize>,
) -> Result<Vec<(Mode, View)>, TestCaseError> {
    let mut seen = vec![(h.app.mode(), h.app.screen.view)];
    for (n, event) in events.into_iter().enumerate() {
        if broken_at == Some(n) {
            h.app
                .update(Action::ReloadFailed(format!("error: broken save {n}")));
        }
        h.event(event);
        if h.app.should_quit() {
            break;
        }
        check_invariants(h)?;
        seen.push((h.app.mode(), h.app.screen.view));
        // Every frame draws, whatever is open.
        let _ = h.buffer();
    }
    for (width, height) in [(80, 24), (20, 6), (200, 60), (1, 1)] {
        h.resize(width, height);
        check_invariants(h)?;
        let _ = h.buffer();
    }
    Ok(seen)
}

/// Where a case starts: the incidents screen, or a running tour.
fn start(width: u16, height: u16, touring: bool) -> Harness {
    let mut h = Harness::new(width, height);
    if touring {
        h.start_tour("claims-vs-facts").expect("a bundled tour");
    }
    h
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_bytes_load_or_explain_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Err(error) = load_bytes(&bytes, "random.ron") {
            prop_assert!(error.errors().count() > 0);
            let _ = error.to_string();
        }
    }

    /// One character inserted anywhere in the bundled file, the tours at its end included.
    #[test]
    fn mangled_real_data_loads_or_explains(cut in 0usize..=BUNDLED_DATA.len(), insert in any::<char>()) {
        let _ = mangle_and_load(cut, &insert.to_string(), 0)?;
    }

    /// The tours section mangled: a character inserted, or a span cut out, and when the file
    /// still loads, every tour run step by step.
    #[test]
    fn mangled_tours_load_or_explain_and_run(
        offset in 0usize..8_000,
        insert in prop::sample::select(vec!["", ",", ")", "(", "]", "\"", "x", "é", "\u{1b}", "99"]),
        cut in 0usize..40,
    ) {
        let tours = BUNDLED_DATA.find("\n    tours: [").expect("a tours section");
        let at = tours + offset % (BUNDLED_DATA.len() - tours);
        if let Err(rendered) = mangle_and_load(at, insert, cut)? {
            // The damage is in the tours, and so is what the error points at.
            let first_line = BUNDLED_DATA[..tours].lines().count();
            let lines: Vec<usize> = rendered
                .split("mangled.ron:")
                .skip(1)
                .filter_map(|rest| rest.split(':').next()?.parse().ok())
                .collect();
            prop_assert!(
                lines.iter().any(|&line| line >= first_line),
                "no error at or after line {} (the tours): {}",
                first_line,
                rendered
            );
        }
    }

}

/// Cases for the random keys: each draws every frame of up to 60 keys, and more cases go
/// slowly in a debug build on a shared machine.
const KEY_CASES: u32 = 64;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(KEY_CASES))]

    #[test]
    fn random_keys_keep_every_screen_and_layer_consistent(
        width in 1u16..=200,
        height in 1u16..=60,
        events in prop::collection::vec(key_event(), 0..60),
        touring in any::<bool>(),
        broken_at in prop::option::of(0usize..60),
    ) {
        let mut h = start(width, height, touring);
        run_keys(&mut h, events, broken_at)?;
    }
}

/// Inserts `insert` at `at` after cutting `cut` bytes there; the result loads or explains
/// itself (returned), and when it loads, the app opens on it and runs each of its tours to
/// the end.
fn mangle_and_load(
    at: usize,
    insert: &str,
    cut: usize,
) -> Result<Result<(), String>, TestCaseError> {
    let text = BUNDLED_DATA;
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mangled = format!("{}{insert}{}", &text[..at], &text[end..]);
    match load_str(&mangled, "mangled.ron") {
        Err(error) => {
            let rendered = error.to_string();
            prop_assert!(rendered.contains("mangled.ron:"), "{}", rendered);
            return Ok(Err(rendered));
        }
        Ok(loaded) => {
            let data = loaded.dataset;
            let tours: Vec<(String, usize)> = data
                .tours
                .iter()
                .map(|t| (t.id.to_string(), t.steps.len()))
                .collect();
            let mut h = Harness::with_data(data, 90, 26);
            for (id, steps) in tours {
                h.start_tour(&id).map_err(TestCaseError::fail)?;
                for _ in 0..=steps {
                    check_invariants(&h)?;
                    let _ = h.buffer();
                    h.press("n");
                }
            }
        }
    }
    Ok(Ok(()))
}

/// The random keys reach every mode (every pane's table and every layer's) and every
/// screen: run as many cases as the property above, and count what they went through.
#[test]
fn random_keys_reach_every_screen_mode_and_layer() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen: Vec<(Mode, View)> = Vec::new();
    let case = (
        prop::collection::vec(key_event(), 0..60),
        any::<bool>(),
        prop::option::of(0usize..60),
    );
    for _ in 0..KEY_CASES {
        let (events, touring, broken_at) = case.new_tree(&mut runner).expect("a case").current();
        let mut h = start(120, 40, touring);
        seen.extend(run_keys(&mut h, events, broken_at).expect("the invariants hold"));
    }
    let missing: Vec<Mode> = Mode::ALL
        .into_iter()
        .filter(|mode| !seen.iter().any(|(m, _)| m == mode))
        .collect();
    assert!(missing.is_empty(), "modes never reached: {missing:?}");
    for view in View::ALL {
        assert!(seen.iter().any(|(_, v)| *v == view), "{view:?} never shown");
    }
    // Each layer over more than one screen.
    for mode in [Mode::Help, Mode::Filters, Mode::Tours, Mode::Search] {
        let over = View::ALL
            .into_iter()
            .filter(|view| seen.contains(&(mode, *view)))
            .count();
        assert!(over >= 2, "{mode:?} opened over {over} screens");
    }
}
