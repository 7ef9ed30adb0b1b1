//! Keys to actions, per mode. The help overlay and the status-bar hints are generated from
//! these same tables, so they cannot drift from what the keys do.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, View};

/// Which key table applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Typing in the search line.
    Search,
    /// Moving in the result list.
    List,
    /// Reading the detail pane.
    Detail,
    /// The relations view's group list.
    Groups,
    /// The selected group's targets.
    Targets,
    /// The groups-by-targets matrix.
    Matrix,
    /// Targets by third party.
    ThirdParties,
    /// The timeline.
    Timeline,
    /// The filter panel is open.
    Filters,
    /// A tour is running.
    Tour,
    /// The list of tours is open.
    Tours,
    /// The help overlay is open.
    Help,
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 12] = [
        Mode::List,
        Mode::Detail,
        Mode::Search,
        Mode::Groups,
        Mode::Targets,
        Mode::Matrix,
        Mode::ThirdParties,
        Mode::Timeline,
        Mode::Filters,
        Mode::Tour,
        Mode::Tours,
        Mode::Help,
    ];

    /// The mode's name in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Search => "Search line (every screen)",
            Mode::List => "Incidents: result list",
            Mode::Detail => "Incidents: detail pane",
            Mode::Groups => "Relations: groups",
            Mode::Targets => "Relations: a group's targets",
            Mode::Matrix => "Relations: matrix",
            Mode::ThirdParties => "Relations: third parties",
            Mode::Timeline => "Timeline",
            Mode::Filters => "Filter panel",
            Mode::Tour => "During a tour",
            Mode::Tours => "The list of tours",
            Mode::Help => "This help",
        }
    }
}

/// One entry of a key table.
#[derive(Debug)]
pub struct Binding {
    /// The keys that do it.
    pub keys: Vec<KeyEvent>,
    /// What they do.
    pub action: Action,
    /// Words for the help overlay.
    pub description: &'static str,
    /// Short words for the status bar, when this binding is worth a hint there.
    pub hint: Option<&'static str>,
}

const fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

const fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

const fn ch(c: char) -> KeyEvent {
    plain(KeyCode::Char(c))
}

fn bind(
    keys: &[KeyEvent],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys: keys.to_vec(),
        action,
        description,
        hint,
    }
}

/// Keys that work everywhere but in the search line, where letters are typed.
fn navigation(down: &'static str, up: &'static str) -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind(&[ch('j'), plain(Down)], Action::Move(1), down, Some("move")),
        bind(&[ch('k'), plain(Up)], Action::Move(-1), up, None),
        bind(
            &[plain(PageDown), ctrl('d')],
            Action::Page(1),
            "page down",
            None,
        ),
        bind(
            &[plain(PageUp), ctrl('u')],
            Action::Page(-1),
            "page up",
            None,
        ),
        bind(
            &[ch('g'), plain(Home)],
            Action::Top,
            "jump to the top",
            None,
        ),
        bind(
            &[ch('G'), plain(End)],
            Action::Bottom,
            "jump to the bottom",
            None,
        ),
    ]
}

fn common() -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind(
            &[ch('/')],
            Action::FocusSearch,
            "search (typing filters live)",
            Some("search"),
        ),
        bind(
            &[plain(Tab), plain(BackTab)],
            Action::ToggleFocus,
            "switch panes",
            None,
        ),
        bind(
            &[ch('1')],
            Action::Show(View::Incidents),
            "incidents screen",
            None,
        ),
        bind(
            &[ch('2')],
            Action::Show(View::Relations),
            "relations screen: groups and their targets",
            None,
        ),
        bind(
            &[ch('3')],
            Action::Show(View::Timeline),
            "timeline screen",
            None,
        ),
        bind(
            &[ch('f')],
            Action::ToggleFilters,
            "open the filter panel (facets with counts)",
            Some("filters"),
        ),
        bind(&[ch('x')], Action::ClearFilters, "clear every filter", None),
        bind(
            &[ch('T')],
            Action::ShowTours,
            "list the guided tours",
            Some("tours"),
        ),
        bind(
            &[ch('s')],
            Action::SaveScreen,
            "save the screen as an SVG file (for slides)",
            None,
        ),
        bind(
            &[ch('e')],
            Action::ExportResults,
            "export the results as a Markdown report",
            None,
        ),
        bind(
            &[ch('c')],
            Action::CycleTheme,
            "next colour theme (dark, light, high-contrast, mono)",
            None,
        ),
        bind(
            &[ch('?')],
            Action::ToggleHelp,
            "show every key",
            Some("help"),
        ),
        bind(&[ch('q'), ctrl('c')], Action::Quit, "quit", Some("quit")),
    ]
}

fn copy_incident() -> Binding {
    bind(
        &[ch('y')],
        Action::CopyIncident,
        "copy the incident as Markdown (OSC 52: works over SSH)",
        None,
    )
}

fn show_groups() -> Binding {
    bind(
        &[ch('r')],
        Action::ShowGroups,
        "show this incident's groups on the relations screen",
        Some("groups"),
    )
}

/// The keys of a pane of targets (a group's, the matrix's, a third party's): open the
/// incident, go `back`, switch the relations mode, and the common keys.
fn target_keys(back: Binding) -> Vec<Binding> {
    let mut keys = vec![
        bind(
            &[plain(KeyCode::Enter)],
            Action::Open,
            "open the incident",
            Some("open"),
        ),
        back,
    ];
    keys.extend(relation_modes());
    keys.extend(common());
    keys
}

fn back_to_incidents() -> Binding {
    bind(
        &[plain(KeyCode::Esc)],
        Action::Back,
        "back to the incidents",
        None,
    )
}

fn relation_modes() -> Vec<Binding> {
    vec![
        bind(
            &[ch('m')],
            Action::ToggleMatrix,
            "matrix on / off",
            Some("matrix"),
        ),
        bind(
            &[ch('t')],
            Action::ToggleThirdParties,
            "third parties on / off",
            Some("third parties"),
        ),
    ]
}

/// How an overlay opened with `opener` closes (Esc or the same key again), and quitting.
fn closing(opener: KeyEvent, description: &'static str) -> [Binding; 2] {
    [
        bind(
            &[plain(KeyCode::Esc), opener],
            Action::Back,
            description,
            Some("close"),
        ),
        bind(&[ctrl('c'), ch('q')], Action::Quit, "quit", None),
    ]
}

fn table(mode: Mode) -> Vec<Binding> {
    use KeyCode::*;
    match mode {
        Mode::Tour => {
            let mut keys = vec![
                bind(
                    &[ch(' '), plain(Right), ch('n')],
                    Action::NextStep,
                    "next step",
                    Some("next"),
                ),
                bind(
                    &[plain(Left), ch('p')],
                    Action::PreviousStep,
                    "previous step",
                    Some("back"),
                ),
                bind(
                    &[plain(Esc)],
                    Action::LeaveTour,
                    "leave the tour (browse freely from here)",
                    Some("leave tour"),
                ),
            ];
            keys.extend(navigation("scroll down", "scroll up"));
            keys.extend(common().into_iter().filter(|b| {
                matches!(
                    b.action,
                    Action::Quit
                        | Action::ToggleHelp
                        | Action::CycleTheme
                        | Action::SaveScreen
                        | Action::ShowTours
                )
            }));
            keys
        }
        Mode::Timeline => {
            let mut keys = navigation("next incident", "previous incident");
            keys.push(bind(
                &[plain(Enter)],
                Action::Open,
                "open the incident on the incidents screen",
                Some("open"),
            ));
            keys.push(bind(
                &[plain(Esc)],
                Action::Back,
                "back to the incidents",
                None,
            ));
            keys.push(bind(
                &[ch('o')],
                Action::CycleSort,
                "sort the results: relevance, date, victim, records",
                None,
            ));
            keys.extend(common());
            keys
        }
        Mode::Filters => {
            let mut keys = navigation("next value", "previous value");
            keys.push(bind(
                &[ch(' '), plain(Enter)],
                Action::ToggleFilter,
                "choose or drop the value (a year bound: clear it)",
                Some("choose"),
            ));
            keys.push(bind(
                &[ch('l'), plain(Right)],
                Action::AdjustYear(1),
                "year bound: a year later",
                Some("year"),
            ));
            keys.push(bind(
                &[ch('h'), plain(Left)],
                Action::AdjustYear(-1),
                "year bound: a year earlier",
                None,
            ));
            keys.push(bind(
                &[ch('x')],
                Action::ClearFilters,
                "clear every filter",
                Some("clear all"),
            ));
            keys.extend(closing(ch('f'), "close the panel"));
            keys
        }
        Mode::Tours => {
            let mut keys = navigation("next tour", "previous tour");
            keys.push(bind(
                &[plain(Enter)],
                Action::Open,
                "start the tour",
                Some("start"),
            ));
            keys.extend(closing(ch('T'), "close the list"));
            keys
        }
        Mode::List => {
            let mut keys = navigation("move the selection down", "move the selection up");
            keys.push(bind(
                &[plain(Enter)],
                Action::Open,
                "open the detail",
                Some("detail"),
            ));
            keys.push(bind(&[plain(Esc)], Action::Back, "clear the search", None));
            keys.push(bind(
                &[ch('o')],
                Action::CycleSort,
                "sort the results: relevance, date, victim, records",
                Some("sort"),
            ));
            keys.push(show_groups());
            keys.push(copy_incident());
            keys.extend(common());
            keys
        }
        Mode::Detail => {
            let mut keys = navigation("scroll the detail down", "scroll the detail up");
            keys.push(bind(
                &[plain(Esc)],
                Action::Back,
                "back to the list",
                Some("back"),
            ));
            keys.push(show_groups());
            keys.push(copy_incident());
            keys.extend(common());
            keys
        }
        Mode::Groups => {
            let mut keys = navigation("next group", "previous group");
            keys.push(bind(
                &[plain(Enter), ch('l'), plain(Right)],
                Action::Open,
                "show the group's targets",
                Some("targets"),
            ));
            keys.push(bind(
                &[plain(Esc)],
                Action::Back,
                "back to the incidents",
                Some("back"),
            ));
            keys.extend(relation_modes());
            keys.extend(common());
            keys
        }
        Mode::Targets => {
            let mut keys = navigation("next target", "previous target");
            keys.extend(target_keys(bind(
                &[plain(Esc), ch('h'), plain(Left)],
                Action::Back,
                "back to the groups",
                Some("back"),
            )));
            keys
        }
        Mode::Matrix => {
            let mut keys = navigation("next target", "previous target");
            keys.push(bind(
                &[ch('l'), plain(Right)],
                Action::Column(1),
                "next group (column)",
                Some("group"),
            ));
            keys.push(bind(
                &[ch('h'), plain(Left)],
                Action::Column(-1),
                "previous group (column)",
                None,
            ));
            keys.extend(target_keys(back_to_incidents()));
            keys
        }
        Mode::ThirdParties => {
            let mut keys = navigation("next target", "previous target");
            keys.extend(target_keys(back_to_incidents()));
            keys
        }
        Mode::Search => vec![
            bind(
                &[plain(Enter)],
                Action::Open,
                "go to the results",
                Some("results"),
            ),
            bind(
                &[plain(Esc)],
                Action::Back,
                "leave the search line (the query stays)",
                Some("leave"),
            ),
            bind(
                &[plain(Down)],
                Action::Move(1),
                "move the selection down",
                None,
            ),
            bind(
                &[plain(Up)],
                Action::Move(-1),
                "move the selection up",
                None,
            ),
            bind(
                &[plain(Backspace)],
                Action::DeleteBack,
                "delete a character",
                None,
            ),
            bind(&[ctrl('w')], Action::DeleteWord, "delete a word", None),
            bind(
                &[ctrl('u')],
                Action::ClearQuery,
                "clear the query",
                Some("clear"),
            ),
            bind(&[ctrl('c')], Action::Quit, "quit", Some("quit")),
        ],
        Mode::Help => {
            let mut keys = vec![bind(
                &[plain(Esc), ch('?'), ch('q')],
                Action::ToggleHelp,
                "close this help",
                Some("close"),
            )];
            keys.extend(navigation("scroll this help down", "scroll this help up"));
            keys.push(bind(&[ctrl('c')], Action::Quit, "quit", None));
            keys
        }
    }
}

/// Every mode's table, in [`Mode::ALL`] order, built once.
static TABLES: LazyLock<Vec<Vec<Binding>>> =
    LazyLock::new(|| Mode::ALL.into_iter().map(table).collect());

/// The key table of a mode.
pub fn bindings(mode: Mode) -> &'static [Binding] {
    let position = Mode::ALL.iter().position(|&m| m == mode).unwrap_or(0);
    &TABLES[position]
}

/// Shift is part of the character itself ('G'), so it is ignored for character keys.
fn normalise(key: KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut modifiers = key.modifiers;
    if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    (key.code, modifiers)
}

/// The action a key means in a mode. In the search line, unbound characters are typed.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    let pressed = normalise(key);
    let bound = bindings(mode)
        .iter()
        .find(|binding| binding.keys.iter().any(|&k| normalise(k) == pressed))
        .map(|binding| binding.action.clone());
    match (bound, mode, pressed) {
        (Some(action), _, _) => Some(action),
        (None, Mode::Search, (KeyCode::Char(c), modifiers))
            if !modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Insert(c))
        }
        _ => None,
    }
}

/// A key as people write it: `j`, `↓`, `Ctrl-C`, `PgUp`.
pub fn key_label(key: KeyEvent) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Esc => "Esc".into(),
        other => other.to_string(),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// All of a binding's keys, joined: `j/↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|&k| key_label(k))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_means_two_things_in_one_mode() {
        for mode in Mode::ALL {
            let mut seen = Vec::new();
            for binding in bindings(mode) {
                for &key in &binding.keys {
                    let key = normalise(key);
                    assert!(!seen.contains(&key), "{key:?} bound twice in {mode:?}");
                    seen.push(key);
                }
            }
        }
    }

    #[test]
    fn letters_type_in_the_search_line_but_move_in_the_list() {
        assert!(matches!(
            action_for(Mode::Search, ch('j')),
            Some(Action::Insert('j'))
        ));
        assert!(matches!(
            action_for(Mode::List, ch('j')),
            Some(Action::Move(1))
        ));
        assert!(matches!(
            action_for(Mode::Search, ch('q')),
            Some(Action::Insert('q'))
        ));
        assert!(matches!(
            action_for(Mode::List, ch('q')),
            Some(Action::Quit)
        ));
        let shifted_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(matches!(
            action_for(Mode::List, shifted_g),
            Some(Action::Bottom)
        ));
    }

    #[test]
    fn labels_read_like_the_keyboard() {
        assert_eq!(key_label(ctrl('c')), "Ctrl-C");
        assert_eq!(key_label(plain(KeyCode::PageUp)), "PgUp");
        assert_eq!(keys_label(&bindings(Mode::List)[0]), "j/↓");
    }
}
