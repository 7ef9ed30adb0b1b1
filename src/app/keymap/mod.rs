//! Keys to actions, per mode. The help overlay and the status-bar hints are generated from
//! these same tables, so they cannot drift from what the keys do.
//!
//! One grammar: the keys shared by every screen ([`everywhere`]) and by every pane that
//! shows incidents ([`on_an_incident`]) are written once; a mode's own table only holds what
//! is particular to it, and takes precedence where it names the same key (in the matrix
//! and on the graph, `h`/`l` move between columns, since they have no other pane).

use std::sync::{Arc, LazyLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

pub mod remap;
mod tables;

#[cfg(test)]
use tables::{alt, ch, ctrl, plain};
use tables::{everywhere, navigation, on_an_incident, own};

/// Which key table applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The incidents screen's result list.
    List,
    /// The detail pane.
    Detail,
    /// The relations screen's group list.
    Groups,
    /// The selected group's targets.
    Targets,
    /// The groups-by-targets matrix.
    Matrix,
    /// Targets by third party.
    ThirdParties,
    /// The timeline.
    Timeline,
    /// The graph.
    Graph,
    /// Typing in the search line.
    Search,
    /// A tour is running (keys it does not use go to the screen under it).
    Tour,
    /// The filter panel.
    Filters,
    /// The list of tours.
    Tours,
    /// The help overlay.
    Help,
    /// Typing a filter for the help overlay.
    HelpFilter,
    /// The panel explaining why the data file no longer loads.
    Problem,
    /// A group's profile.
    Profile,
}

/// What a mode shares with the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shares {
    /// The moving keys (`j`, `k`, pages, ends).
    navigation: bool,
    /// The keys on a selected incident (`y`, `r`).
    incident: bool,
    /// The keys of every screen (numbers, `/`, panes, history, `?`, `q`…).
    everywhere: bool,
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 16] = [
        Mode::List,
        Mode::Detail,
        Mode::Search,
        Mode::Groups,
        Mode::Targets,
        Mode::Matrix,
        Mode::ThirdParties,
        Mode::Timeline,
        Mode::Graph,
        Mode::Filters,
        Mode::Tour,
        Mode::Tours,
        Mode::Profile,
        Mode::Help,
        Mode::HelpFilter,
        Mode::Problem,
    ];

    /// The mode's name in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "Incidents: the result list",
            Mode::Detail => "The detail pane (incidents and timeline screens)",
            Mode::Groups => "Relations: groups",
            Mode::Targets => "Relations: a group's targets",
            Mode::Matrix => "Relations: the matrix (m)",
            Mode::ThirdParties => "Relations: third parties (t)",
            Mode::Timeline => "Timeline",
            Mode::Graph => "Graph: groups, targets and third parties (4)",
            Mode::Search => "The search line (/ on every screen)",
            Mode::Tour => "During a tour (other keys work as on the screen)",
            Mode::Filters => "The filter panel (f)",
            Mode::Tours => "The list of tours (T)",
            Mode::Help => "This help (?)",
            Mode::HelpFilter => "Typing a filter for this help (/ in the help)",
            Mode::Problem => "The data-file problems panel",
            Mode::Profile => "A group's profile (i)",
        }
    }

    /// True for the panes of a screen, false for the layers over them.
    pub fn is_screen(self) -> bool {
        self.shares().everywhere
    }

    fn shares(self) -> Shares {
        let (navigation, incident, everywhere) = match self {
            Mode::List
            | Mode::Detail
            | Mode::Targets
            | Mode::Matrix
            | Mode::ThirdParties
            | Mode::Timeline
            | Mode::Graph => (true, true, true),
            Mode::Groups => (true, false, true),
            Mode::Filters | Mode::Tours | Mode::Help | Mode::Problem | Mode::Profile => {
                (true, false, false)
            }
            Mode::Search | Mode::Tour | Mode::HelpFilter => (false, false, false),
        };
        Shares {
            navigation,
            incident,
            everywhere,
        }
    }
}

/// A key hint for the status bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Short words: "help", "open".
    pub label: &'static str,
    /// Lower comes first; [`PINNED`] hints are never dropped for lack of room.
    pub priority: u8,
}

/// The priority of hints that always show: help, quit, and how to close a layer.
pub const PINNED: u8 = 0;

/// One entry of a key table.
#[derive(Debug)]
pub struct Binding {
    /// The keys that do it.
    pub keys: Vec<KeyEvent>,
    /// What they do.
    pub action: Action,
    /// Words for the help overlay.
    pub description: &'static str,
    /// A hint for the status bar, when this binding is worth one there.
    pub hint: Option<Hint>,
}

/// Every key table: the default one, or one with keys remapped by the configuration file.
/// The help overlay and the status bar read the same tables the keys are looked up in, so
/// they show remapped keys as they are.
#[derive(Debug)]
pub struct Keymap {
    /// Every mode's whole table, in [`Mode::ALL`] order: own keys first, then shared ones.
    tables: Vec<Vec<Binding>>,
    /// Every mode's own keys, in [`Mode::ALL`] order.
    own: Vec<Vec<Binding>>,
    /// The keys of every screen, moving keys first.
    everywhere: Vec<Binding>,
    /// The keys of every pane that shows incidents.
    on_an_incident: Vec<Binding>,
}

/// The default keys, built once and shared by every app that does not remap them.
static STANDARD: LazyLock<Arc<Keymap>> = LazyLock::new(|| Arc::new(Keymap::build(&[])));

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::build(&[])
    }
}

impl Keymap {
    /// The default keys.
    pub fn standard() -> &'static Keymap {
        &STANDARD
    }

    /// The default keys, shared.
    pub fn shared() -> Arc<Keymap> {
        Arc::clone(&STANDARD)
    }

    /// The tables with `remaps` applied (unchecked: [`remap::remapped`] checks them).
    fn build(remaps: &[remap::Remap]) -> Keymap {
        let edit = |mut bindings: Vec<Binding>| {
            remap::apply(&mut bindings, remaps);
            bindings
        };
        let own_of = |mode: Mode| {
            // Typing modes keep their keys: a remapped letter must still type.
            if types_text(mode) {
                own(mode)
            } else {
                edit(own(mode))
            }
        };
        let mut everywhere_keys = edit(navigation());
        everywhere_keys.extend(edit(everywhere()));
        let incident_keys = edit(on_an_incident());
        let tables = Mode::ALL
            .into_iter()
            .map(|mode| {
                let shares = mode.shares();
                let mut keys = own_of(mode);
                if shares.incident {
                    keys.extend(edit(on_an_incident()));
                }
                if shares.navigation {
                    keys.extend(edit(navigation()));
                }
                if shares.everywhere {
                    keys.extend(edit(everywhere()));
                }
                keys
            })
            .collect();
        Keymap {
            tables,
            own: Mode::ALL.into_iter().map(own_of).collect(),
            everywhere: everywhere_keys,
            on_an_incident: incident_keys,
        }
    }

    /// The whole key table of a mode, as looked up: own keys first, then shared ones.
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        &self.tables[position(mode)]
    }

    /// Only the keys particular to a mode, for the help overlay.
    pub fn own_bindings(&self, mode: Mode) -> &[Binding] {
        &self.own[position(mode)]
    }

    /// The help overlay's sections: the shared keys once, then each mode's own.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let mut sections = vec![
            Section {
                title: "Everywhere (every screen and pane)",
                mode: None,
                bindings: &self.everywhere,
            },
            Section {
                title: "On an incident (lists, detail, timeline, targets, matrix, third parties)",
                mode: None,
                bindings: &self.on_an_incident,
            },
        ];
        sections.extend(Mode::ALL.into_iter().map(|mode| Section {
            title: mode.title(),
            mode: Some(mode),
            bindings: self.own_bindings(mode),
        }));
        sections
    }

    /// The action a key means in a mode, if it means one there. In modes that type, unbound
    /// characters are typed.
    pub fn action_for(&self, mode: Mode, key: KeyEvent) -> Option<Action> {
        let pressed = normalise(key);
        let bound = self
            .bindings(mode)
            .iter()
            .find(|binding| binding.keys.iter().any(|&k| normalise(k) == pressed))
            .map(|binding| binding.action.clone());
        match (bound, pressed) {
            (Some(action), _) => Some(action),
            (None, (KeyCode::Char(c), modifiers))
                if types_text(mode)
                    && !modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        }
    }
}

fn position(mode: Mode) -> usize {
    Mode::ALL.iter().position(|&m| m == mode).unwrap_or(0)
}

/// The default table of a mode, as looked up: own keys first, then shared ones.
pub fn bindings(mode: Mode) -> &'static [Binding] {
    Keymap::standard().bindings(mode)
}

/// Only the default keys particular to a mode, for the help overlay.
pub fn own_bindings(mode: Mode) -> &'static [Binding] {
    Keymap::standard().own_bindings(mode)
}

/// A section of the help overlay: a title and its keys.
#[derive(Debug)]
pub struct Section<'a> {
    /// The section's heading.
    pub title: &'static str,
    /// The mode it describes; none for the shared sections.
    pub mode: Option<Mode>,
    /// Its keys.
    pub bindings: &'a [Binding],
}

/// The default help sections: the shared keys once, then each mode's own.
pub fn sections() -> Vec<Section<'static>> {
    Keymap::standard().sections()
}

/// Shift is part of the character itself ('G'), so it is ignored for character keys.
pub(crate) fn normalise(key: KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut modifiers =
        key.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
    if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    (key.code, modifiers)
}

/// True when a mode types the characters no binding takes.
pub fn types_text(mode: Mode) -> bool {
    matches!(mode, Mode::Search | Mode::HelpFilter)
}

/// The action a key means in a mode with the default keys, if it means one there.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    Keymap::standard().action_for(mode, key)
}

/// A key as people write it: `j`, `↓`, `Ctrl-C`, `Alt-←`, `PgUp`.
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
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        other => other.to_string(),
    };
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match (control, alt, key.code) {
        (true, _, KeyCode::Char(_)) => format!("Ctrl-{}", name.to_uppercase()),
        (true, _, _) => format!("Ctrl-{name}"),
        (_, true, _) => format!("Alt-{name}"),
        _ => name,
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

/// The first key of a binding, for a short hint: `j`.
pub fn first_key_label(binding: &Binding) -> String {
    binding
        .keys
        .first()
        .map(|&k| key_label(k))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mode's own keys may stand for a shared key (the matrix's `h`/`l`), but no key
    /// means two things within one layer of a table.
    #[test]
    fn no_key_means_two_things_in_one_table() {
        let layers = |mode: Mode| {
            let shares = mode.shares();
            let mut layers = vec![own(mode)];
            let mut shared = Vec::new();
            if shares.incident {
                shared.extend(on_an_incident());
            }
            if shares.navigation {
                shared.extend(navigation());
            }
            if shares.everywhere {
                shared.extend(everywhere());
            }
            layers.push(shared);
            layers
        };
        for mode in Mode::ALL {
            for layer in layers(mode) {
                let mut seen = Vec::new();
                for binding in &layer {
                    for &key in &binding.keys {
                        let key = normalise(key);
                        assert!(!seen.contains(&key), "{key:?} bound twice in {mode:?}");
                        seen.push(key);
                    }
                }
            }
        }
    }

    /// Own keys that shadow a shared key are the documented exceptions only.
    #[test]
    fn only_the_matrix_the_graph_and_the_layers_give_shared_keys_another_meaning() {
        let standard = Keymap::standard();
        let shared: Vec<_> = standard
            .everywhere
            .iter()
            .chain(standard.on_an_incident.iter())
            .flat_map(|b| b.keys.iter().map(|&k| (normalise(k), b.action.clone())))
            .collect();
        for mode in Mode::ALL.into_iter().filter(|m| m.is_screen()) {
            for binding in own_bindings(mode) {
                for &key in &binding.keys {
                    let key = normalise(key);
                    if let Some((_, action)) = shared.iter().find(|(k, _)| *k == key)
                        && *action != binding.action
                    {
                        assert!(
                            matches!(mode, Mode::Matrix | Mode::Graph)
                                && matches!(binding.action, Action::Column(_)),
                            "{mode:?} rebinds {key:?} from {action:?} to {:?}",
                            binding.action
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn letters_type_in_the_search_line_but_move_in_the_list() {
        assert_eq!(action_for(Mode::Search, ch('j')), Some(Action::Insert('j')));
        assert_eq!(action_for(Mode::List, ch('j')), Some(Action::Move(1)));
        assert_eq!(action_for(Mode::Search, ch('q')), Some(Action::Insert('q')));
        assert_eq!(action_for(Mode::List, ch('q')), Some(Action::Quit));
        let shifted_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::List, shifted_g), Some(Action::Bottom));
    }

    #[test]
    fn every_layer_closes_with_esc_and_every_table_quits_with_ctrl_c() {
        for mode in Mode::ALL {
            assert_eq!(
                action_for(mode, ctrl('c')),
                Some(Action::Quit),
                "Ctrl-C in {mode:?}"
            );
            let esc = action_for(mode, plain(KeyCode::Esc));
            if mode.is_screen() {
                assert_eq!(esc, Some(Action::Back), "Esc in {mode:?}");
            } else {
                assert_eq!(esc, Some(Action::Close), "Esc in {mode:?}");
            }
        }
    }

    #[test]
    fn every_table_suspends_with_ctrl_z_and_says_so_in_help() {
        for mode in Mode::ALL {
            assert_eq!(
                action_for(mode, ctrl('z')),
                Some(Action::Suspend),
                "Ctrl-Z in {mode:?}"
            );
        }
        let everywhere = sections()
            .into_iter()
            .find(|section| section.mode.is_none())
            .expect("the shared section");
        let line = everywhere
            .bindings
            .iter()
            .find(|binding| binding.action == Action::Suspend)
            .expect("Ctrl-Z is listed with the keys of every screen");
        assert_eq!(keys_label(line), "Ctrl-Z");
        assert_eq!(line.description, "suspend (fg comes back)");
    }

    #[test]
    fn labels_read_like_the_keyboard() {
        assert_eq!(key_label(ctrl('c')), "Ctrl-C");
        assert_eq!(key_label(plain(KeyCode::PageUp)), "PgUp");
        assert_eq!(key_label(alt(KeyCode::Left)), "Alt-←");
        assert_eq!(keys_label(&navigation()[0]), "j/↓");
    }
}
