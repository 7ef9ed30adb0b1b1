//! Keys remapped by name, as the configuration file asks: `copy = ["Y"]`. Every remappable
//! action has a name; a remap replaces the keys of that action in every table that does not
//! type text, keeping the grammar's fixed keys (`Esc`, `Ctrl-C`, `Ctrl-Z`, `F1`). The result
//! is checked as the default tables are: no key may mean two things where it is pressed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Binding, Keymap, Mode, key_label, normalise, types_text};
use crate::app::action::{Action, Side, View};

/// One action's new keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Remap {
    /// The action.
    pub action: Action,
    /// Its keys from now on (at least one).
    pub keys: Vec<KeyEvent>,
}

/// A remap that cannot be applied: which one, which of its keys (if one), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// The remap's position in the list given.
    pub remap: usize,
    /// The key's position in its list.
    pub key: usize,
    /// What is wrong, in one line.
    pub message: String,
}

/// Every action a configuration file can name, with its name: the keys of the grammar's
/// fixed actions (quit from anywhere, suspend, close, step back, typing) are not
/// remappable, so a configuration can never lock the user in.
pub fn names() -> Vec<(&'static str, Action)> {
    vec![
        ("down", Action::Move(1)),
        ("up", Action::Move(-1)),
        ("page-down", Action::Page(1)),
        ("page-up", Action::Page(-1)),
        ("top", Action::Top),
        ("bottom", Action::Bottom),
        ("search", Action::FocusSearch),
        ("other-pane", Action::SwitchPane),
        ("pane-left", Action::Pane(Side::Left)),
        ("pane-right", Action::Pane(Side::Right)),
        ("history-back", Action::HistoryBack),
        ("history-forward", Action::HistoryForward),
        ("incidents", Action::Show(View::Incidents)),
        ("relations", Action::Show(View::Relations)),
        ("timeline", Action::Show(View::Timeline)),
        ("graph", Action::Show(View::Graph)),
        ("filters", Action::ShowFilters),
        ("clear-filters", Action::ClearFilters),
        ("sort", Action::CycleSort),
        ("tours", Action::ShowTours),
        ("save-screen", Action::SaveScreen),
        ("export", Action::ExportResults),
        ("theme", Action::CycleTheme),
        ("mouse", Action::ToggleMouse),
        ("help", Action::ShowHelp),
        ("quit", Action::Quit),
        ("copy", Action::CopyIncident),
        ("groups", Action::ShowGroups),
        ("profile", Action::ShowProfile),
        ("edit", Action::EditIncident),
        ("open-link", Action::OpenLink),
        ("open", Action::Open),
        ("zoom", Action::Zoom),
        ("next-section", Action::Section(1)),
        ("previous-section", Action::Section(-1)),
        ("next-column", Action::Column(1)),
        ("previous-column", Action::Column(-1)),
        ("matrix", Action::ToggleMatrix),
        ("third-parties", Action::ToggleThirdParties),
        ("wider", Action::Neighbourhood(1)),
        ("narrower", Action::Neighbourhood(-1)),
        ("next-step", Action::NextStep),
        ("previous-step", Action::PreviousStep),
        ("choose-filter", Action::ToggleFilter),
        ("year-later", Action::AdjustYear(1)),
        ("year-earlier", Action::AdjustYear(-1)),
        ("filter-help", Action::FilterHelp),
    ]
}

/// The action a name stands for.
pub fn action_named(name: &str) -> Option<Action> {
    names()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, action)| action)
}

/// The name of an action, when it has one.
pub fn name_of(action: &Action) -> Option<&'static str> {
    names()
        .into_iter()
        .find(|(_, a)| a == action)
        .map(|(name, _)| name)
}

/// The keys that stay whatever a configuration says: quit and suspend from anywhere, close
/// the layer on top, help from anywhere.
pub fn is_fixed(key: KeyEvent) -> bool {
    let (code, modifiers) = normalise(key);
    matches!(
        (code, modifiers),
        (KeyCode::Esc, KeyModifiers::NONE)
            | (KeyCode::F(1), KeyModifiers::NONE)
            | (KeyCode::Char('c' | 'z'), KeyModifiers::CONTROL)
    )
}

/// Gives the bindings of remapped actions their new keys, keeping their fixed ones; a
/// binding of fixed keys only (`Ctrl-C` quits) stays as it is.
pub(super) fn apply(bindings: &mut [Binding], remaps: &[Remap]) {
    for binding in bindings {
        let Some(remap) = remaps.iter().find(|r| r.action == binding.action) else {
            continue;
        };
        if binding.keys.iter().all(|&k| is_fixed(k)) {
            continue;
        }
        let fixed: Vec<KeyEvent> = binding
            .keys
            .iter()
            .copied()
            .filter(|&k| is_fixed(k))
            .collect();
        binding.keys = remap.keys.clone();
        binding.keys.extend(fixed);
    }
}

/// What a binding is called in a message: its name, or its help text.
fn called(binding: &Binding) -> String {
    match name_of(&binding.action) {
        Some(name) => name.to_string(),
        None => format!("\"{}\"", binding.description),
    }
}

/// The default keys with `remaps` applied, when every remapped key means one thing wherever
/// it is pressed: in each table, and under a tour (which passes the keys it does not use to
/// the screen below). Otherwise every clash, naming the remap and key it comes from.
pub fn remapped(remaps: &[Remap]) -> Result<Keymap, Vec<Clash>> {
    let mut clashes = Vec::new();
    for (r, remap) in remaps.iter().enumerate() {
        if remaps[..r]
            .iter()
            .any(|earlier| earlier.action == remap.action)
        {
            clashes.push(Clash {
                remap: r,
                key: 0,
                message: "this action is remapped twice".to_string(),
            });
        }
        for (k, &key) in remap.keys.iter().enumerate() {
            if is_fixed(key) {
                clashes.push(Clash {
                    remap: r,
                    key: k,
                    message: format!(
                        "{} keeps its meaning on every screen (Esc, Ctrl-C, Ctrl-Z and F1 cannot be remapped)",
                        key_label(key)
                    ),
                });
            }
            if remap.keys[..k]
                .iter()
                .any(|&e| normalise(e) == normalise(key))
            {
                clashes.push(Clash {
                    remap: r,
                    key: k,
                    message: format!("{} is listed twice", key_label(key)),
                });
            }
        }
    }
    let keymap = Keymap::build(remaps);
    // Where keys are looked up: every mode alone, and a tour over each screen.
    let mut stacks: Vec<Vec<Mode>> = Mode::ALL.into_iter().map(|m| vec![m]).collect();
    stacks.extend(
        Mode::ALL
            .into_iter()
            .filter(|m| m.is_screen())
            .map(|m| vec![Mode::Tour, m]),
    );
    for (r, remap) in remaps.iter().enumerate() {
        for (k, &key) in remap.keys.iter().enumerate() {
            let pressed = normalise(key);
            for stack in &stacks {
                let Some(&bottom) = stack.last() else {
                    continue;
                };
                // Only where the remap put the key: not in typing modes, nor where the
                // action has only fixed keys (Ctrl-C quits from a layer, q closes it).
                if types_text(bottom)
                    || !keymap
                        .bindings(bottom)
                        .iter()
                        .any(|b| b.action == remap.action && !b.keys.iter().all(|&k| is_fixed(k)))
                {
                    continue;
                }
                // The first binding the key meets, as action_for finds it.
                let first = stack.iter().find_map(|&mode| {
                    keymap
                        .bindings(mode)
                        .iter()
                        .find(|b| b.keys.iter().any(|&k| normalise(k) == pressed))
                        .map(|b| (mode, b))
                });
                if let Some((mode, binding)) = first
                    && binding.action != remap.action
                    && !shadowed_by_default(stack, key, &remap.action)
                {
                    clashes.push(Clash {
                        remap: r,
                        key: k,
                        message: format!(
                            "{} already means {} in {}",
                            key_label(key),
                            called(binding),
                            mode.title()
                        ),
                    });
                    break;
                }
            }
        }
    }
    // Within one layer of a table (a mode's own keys, or the shared ones) the first binding
    // wins unseen: a key there twice is a clash of whichever remap brought it.
    for mode in Mode::ALL {
        let table = keymap.bindings(mode);
        let own = keymap.own_bindings(mode).len();
        for layer in [&table[..own], &table[own..]] {
            for (i, binding) in layer.iter().enumerate() {
                for other in &layer[i + 1..] {
                    if other.action == binding.action {
                        continue;
                    }
                    for &key in &other.keys {
                        let pressed = normalise(key);
                        if !binding.keys.iter().any(|&k| normalise(k) == pressed) {
                            continue;
                        }
                        for (r, remap) in remaps.iter().enumerate() {
                            if remap.action != binding.action && remap.action != other.action {
                                continue;
                            }
                            if let Some(k) =
                                remap.keys.iter().position(|&k| normalise(k) == pressed)
                            {
                                let taken = if remap.action == binding.action {
                                    other
                                } else {
                                    binding
                                };
                                clashes.push(Clash {
                                    remap: r,
                                    key: k,
                                    message: format!(
                                        "{} already means {} in {}",
                                        key_label(key),
                                        called(taken),
                                        mode.title()
                                    ),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    if clashes.is_empty() {
        Ok(keymap)
    } else {
        clashes.sort_by_key(|c| (c.remap, c.key));
        // One message per key: the first place it clashes.
        clashes.dedup_by_key(|c| (c.remap, c.key));
        Err(clashes)
    }
}

/// True when the default keys already give `key` to another action over `action` in this
/// stack, as the grammar means them to (the matrix's `h`/`l`, a layer's `q` closing it, a
/// tour's arrows): remapping an action to a key it has by default is never a clash.
fn shadowed_by_default(stack: &[Mode], key: KeyEvent, action: &Action) -> bool {
    let standard = Keymap::standard();
    let pressed = normalise(key);
    stack.iter().any(|&mode| {
        standard
            .bindings(mode)
            .iter()
            .any(|b| b.action == *action && b.keys.iter().any(|&k| normalise(k) == pressed))
    })
}

/// Reads a key as the help overlay writes it, or by its usual name: `y`, `G`, `Space`,
/// `Enter`, `Tab`, `Shift-Tab`, `Esc`, `Backspace`, `Del`, `Insert`, `Home`, `End`, `PgUp`,
/// `PgDn`, `Up`/`↑` and the other arrows, `F1`…`F12`, with `Ctrl-`, `Alt-` or `Shift-`
/// before it (`Ctrl-d`, `Alt-Left`).
pub fn parse_key(text: &str) -> Result<KeyEvent, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    while let Some((prefix, tail)) = rest.split_once('-') {
        if tail.is_empty() {
            break;
        }
        let modifier = match prefix.to_ascii_lowercase().as_str() {
            "ctrl" | "c" | "control" => KeyModifiers::CONTROL,
            "alt" | "a" | "m" | "meta" => KeyModifiers::ALT,
            "shift" | "s" => KeyModifiers::SHIFT,
            _ => break,
        };
        modifiers |= modifier;
        rest = tail;
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        (None, _) => return Err("an empty key name".to_string()),
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "ins" | "insert" => KeyCode::Insert,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            name => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n @ 1..=12) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "\"{text}\" is not a key: write a character (\"y\", \"G\") or a name such as Enter, Space, Tab, Esc, Up, PgDn, Home, F2, with Ctrl-, Alt- or Shift- before it"
                    ));
                }
            },
        },
    };
    let code = match code {
        KeyCode::Char('↑') => KeyCode::Up,
        KeyCode::Char('↓') => KeyCode::Down,
        KeyCode::Char('←') => KeyCode::Left,
        KeyCode::Char('→') => KeyCode::Right,
        other => other,
    };
    // Shift is part of a character ("Shift-g" is "G"); Shift-Tab is its own key.
    let (code, modifiers) = match code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => (
            KeyCode::Char(c.to_uppercase().next().unwrap_or(c)),
            modifiers - KeyModifiers::SHIFT,
        ),
        // Terminals report Ctrl with a letter as the small letter.
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            (KeyCode::Char(c.to_ascii_lowercase()), modifiers)
        }
        KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
            (KeyCode::BackTab, modifiers - KeyModifiers::SHIFT)
        }
        _ => (code, modifiers),
    };
    if let KeyCode::Char(c) = code
        && c.is_control()
    {
        return Err(format!(
            "\"{}\" is a control character, not a key name",
            c.escape_default()
        ));
    }
    Ok(KeyEvent::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> KeyEvent {
        parse_key(text).expect("a key")
    }

    fn remap(name: &str, keys: &[&str]) -> Remap {
        Remap {
            action: action_named(name).expect("a name"),
            keys: keys.iter().map(|k| key(k)).collect(),
        }
    }

    #[test]
    fn keys_read_as_help_writes_them() {
        for text in [
            "y",
            "G",
            "Ctrl-D",
            "Alt-←",
            "PgUp",
            "Shift-Tab",
            "F2",
            "Space",
            "↓",
        ] {
            let parsed = key(text);
            assert_eq!(key_label(parsed), text, "{text}");
        }
        assert_eq!(key("ctrl-d"), key("Ctrl-D"));
        assert_eq!(key("Shift-g"), key("G"));
        assert_eq!(key("Down"), key("↓"));
        assert_eq!(
            key("-"),
            KeyEvent::new(KeyCode::Char('-'), KeyModifiers::NONE)
        );
        assert!(parse_key("Hyper-x").is_err());
        assert!(parse_key("").is_err());
        assert!(parse_key("\u{1b}").is_err());
    }

    #[test]
    fn every_named_action_is_bound_somewhere_and_named_once() {
        let standard = Keymap::standard();
        let names = names();
        for (i, (name, action)) in names.iter().enumerate() {
            assert!(
                names[..i].iter().all(|(n, a)| n != name && a != action),
                "{name} named twice"
            );
            assert!(
                Mode::ALL
                    .into_iter()
                    .any(|m| standard.bindings(m).iter().any(|b| b.action == *action)),
                "{name} is bound nowhere"
            );
        }
    }

    #[test]
    fn a_remap_moves_the_action_everywhere_and_frees_the_old_key() {
        let keymap = remapped(&[remap("copy", &["Y"])]).expect("no clash");
        for mode in [Mode::List, Mode::Detail, Mode::Timeline, Mode::Matrix] {
            assert_eq!(
                keymap.action_for(mode, key("Y")),
                Some(Action::CopyIncident)
            );
            assert_eq!(keymap.action_for(mode, key("y")), None, "{mode:?}");
        }
        // The default is untouched.
        assert_eq!(
            Keymap::standard().action_for(Mode::List, key("y")),
            Some(Action::CopyIncident)
        );
    }

    #[test]
    fn fixed_keys_stay_and_typing_modes_keep_their_letters() {
        let keymap = remapped(&[remap("quit", &["Q"]), remap("down", &["J"])]).expect("no clash");
        assert_eq!(keymap.action_for(Mode::List, key("Q")), Some(Action::Quit));
        assert_eq!(keymap.action_for(Mode::List, key("q")), None);
        assert_eq!(
            keymap.action_for(Mode::List, key("Ctrl-C")),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(Mode::Help, key("Ctrl-C")),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(Mode::Search, key("J")),
            Some(Action::Insert('J'))
        );
        assert_eq!(
            keymap.action_for(Mode::Search, key("Down")),
            Some(Action::Move(1))
        );
        assert_eq!(
            keymap.action_for(Mode::Filters, key("J")),
            Some(Action::Move(1))
        );
        assert_eq!(keymap.action_for(Mode::Filters, key("j")), None);
    }

    #[test]
    fn a_key_taken_by_another_action_is_a_clash_naming_both() {
        let clashes = remapped(&[remap("copy", &["Y", "r"])])
            .map(|_| ())
            .expect_err("r is groups");
        assert_eq!(clashes.len(), 1, "{clashes:?}");
        assert_eq!((clashes[0].remap, clashes[0].key), (0, 1));
        assert!(
            clashes[0].message.contains("r already means groups"),
            "{clashes:?}"
        );
        // Shadowed by a mode's own key: m is the matrix on the relations screen.
        let clashes = remapped(&[remap("copy", &["m"])])
            .map(|_| ())
            .expect_err("m is the matrix");
        assert!(clashes[0].message.contains("matrix"), "{clashes:?}");
        // Taken by a tour, which passes other keys down.
        let clashes = remapped(&[remap("copy", &["n"])])
            .map(|_| ())
            .expect_err("n is the next step");
        assert!(clashes[0].message.contains("next-step"), "{clashes:?}");
        // Two remaps on one key.
        let clashes = remapped(&[remap("copy", &["Y"]), remap("groups", &["Y"])])
            .map(|_| ())
            .expect_err("both Y");
        assert!(!clashes.is_empty());
        // A swap is no clash.
        let keymap = remapped(&[remap("copy", &["r"]), remap("groups", &["y"])]).expect("a swap");
        assert_eq!(
            keymap.action_for(Mode::List, key("r")),
            Some(Action::CopyIncident)
        );
        assert_eq!(
            keymap.action_for(Mode::List, key("y")),
            Some(Action::ShowGroups)
        );
    }

    #[test]
    fn the_grammars_fixed_keys_cannot_be_taken() {
        for fixed in ["Esc", "Ctrl-C", "Ctrl-Z"] {
            assert!(remapped(&[remap("copy", &[fixed])]).is_err(), "{fixed}");
        }
    }

    #[test]
    fn the_default_keys_remapped_to_themselves_are_no_clash() {
        let standard = Keymap::standard();
        let remaps: Vec<Remap> = names()
            .into_iter()
            .map(|(_, action)| {
                let binding = Mode::ALL
                    .into_iter()
                    .flat_map(|m| standard.bindings(m))
                    .find(|b| b.action == action && !b.keys.iter().all(|&k| is_fixed(k)))
                    .expect("bound");
                Remap {
                    action,
                    keys: binding
                        .keys
                        .iter()
                        .copied()
                        .filter(|&k| !is_fixed(k))
                        .collect(),
                }
            })
            .collect();
        assert_eq!(remapped(&remaps).map(|_| ()), Ok(()));
    }
}
