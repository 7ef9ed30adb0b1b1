//! Never-panic guarantees, over inputs nobody would think to write by hand.

mod common;

use common::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use incident_explorer::app::Action;
use incident_explorer::data::{load_bytes, load_str};
use proptest::prelude::*;

fn key_event() -> impl Strategy<Value = Event> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            'j', 'k', 'g', 'G', '/', '?', 'q', '1', '2', '3', ' ', 'a', 'e', 'h', 'l', 'm', 't',
            'f', 'T', 'r', 'y', 'M', 'x', 'o', 'n', 'p', 'b', 'w', 'u', 'd'
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Delete,
            KeyCode::F(1),
        ]),
    ];
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    let key =
        (code, modifiers).prop_map(|(code, modifiers)| Event::Key(KeyEvent::new(code, modifiers)));
    let mouse = (
        0u16..320,
        0u16..110,
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
    let resize = (1u16..=300, 1u16..=100).prop_map(|(w, h)| Event::Resize(w, h));
    prop_oneof![8 => key, 1 => mouse, 1 => resize]
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

    #[test]
    fn mangled_real_data_loads_or_explains(cut in 0usize..60_000, insert in any::<char>()) {
        let text = incident_explorer::data::load::BUNDLED_DATA;
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mangled = format!("{}{insert}{}", &text[..at], &text[at..]);
        if let Err(error) = load_str(&mangled, "mangled.ron") {
            let rendered = error.to_string();
            prop_assert!(rendered.contains("mangled.ron:"), "{}", rendered);
        }
    }

    #[test]
    fn random_keys_at_random_sizes_never_panic_and_keep_the_selection_valid(
        width in 1u16..=300,
        height in 1u16..=100,
        events in prop::collection::vec(key_event(), 0..60),
        touring in any::<bool>(),
        broken_at in prop::option::of(0usize..60),
    ) {
        let mut h = Harness::new(width, height);
        if touring {
            h.start_tour("claims-vs-facts").expect("a bundled tour");
        }
        for (n, event) in events.into_iter().enumerate() {
            if broken_at == Some(n) {
                h.app.update(Action::ReloadFailed(format!("error: broken save {n}")));
            }
            h.event(event);
            if h.app.should_quit() { break; }
            let count = h.app.search.results.hits.len();
            prop_assert!(count == 0 || h.app.panes.list.selected < count);
            prop_assert!(h.app.panes.list.offset <= h.app.panes.list.selected || count == 0);
            if let Some(incident) = h.app.focused_incident() {
                prop_assert!((incident as usize) < h.app.workspace.data.incidents.len());
            }
            // Every frame draws, whatever is open.
            let _ = h.buffer();
        }
    }
}
