//! Terminal events to actions.

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use super::keymap::action_for;
use super::{Action, App};

/// What a terminal event means to the app, if anything.
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for(app.mode(), *key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(mouse.column, mouse.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(mouse.column, mouse.row, -1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        Event::Paste(text) if app.mode() == super::Mode::Search => {
            // Pasted text is typed one character at a time, newlines as spaces.
            text.chars()
                .next()
                .map(|_| Action::Paste(text.replace(['\n', '\r', '\t'], " ")))
        }
        _ => None,
    }
}
