//! Terminal events to actions: a key is offered to the top layer's table first, then down
//! through layers that pass keys on, then to the focused pane's table.

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::keymap::types_text;
use super::{Action, App};

/// What a key means where the app is, if anything.
pub fn action_for_key(app: &App, key: KeyEvent) -> Option<Action> {
    app.key_modes()
        .into_iter()
        .find_map(|mode| app.keymap.action_for(mode, key))
}

/// What a terminal event means to the app, if anything.
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(app, *key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(mouse.column, mouse.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(mouse.column, mouse.row, -1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        // Pasted text goes where text is typed; newlines become spaces there.
        Event::Paste(text) if types_text(app.mode()) && !text.is_empty() => {
            Some(Action::Paste(text.clone()))
        }
        _ => None,
    }
}
