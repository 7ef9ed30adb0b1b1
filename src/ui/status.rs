//! The status bar: the result count, what is going on, and the keys that matter now, from
//! the keymap itself. Keys come by priority and drop whole when the bar is full; help, quit
//! (or how to close the layer on top) and the mouse state always show.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::{PINNED, first_key_label, key_label};
use crate::app::{App, SortOrder, View};
use crate::layout::text::truncate;
use crate::theme::Theme;

/// A key hint: the key, its words, its priority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHint {
    /// The key as written: `?`, `Enter`.
    pub key: String,
    /// What it does, in a word or two.
    pub label: &'static str,
    /// Lower shows first; [`PINNED`] always shows.
    pub priority: u8,
}

impl KeyHint {
    /// Columns the hint takes, with the two spaces before it.
    fn width(&self) -> usize {
        2 + self.key.width() + 1 + self.label.width()
    }
}

/// The hints for the keys that work now: the top layer's, then the tables under it that
/// keys reach, each key once, by priority.
pub fn hints(app: &App) -> Vec<KeyHint> {
    let mut hints: Vec<KeyHint> = Vec::new();
    // Keys an upper table takes never reach the tables under it.
    let mut taken: Vec<String> = Vec::new();
    for mode in app.key_modes() {
        let table = app.keymap.bindings(mode);
        for binding in table {
            let Some(hint) = binding.hint else {
                continue;
            };
            let key = first_key_label(binding);
            if taken.contains(&key) || hints.iter().any(|h| h.key == key) {
                continue;
            }
            hints.push(KeyHint {
                key,
                label: hint.label,
                priority: hint.priority,
            });
        }
        taken.extend(
            table
                .iter()
                .flat_map(|b| b.keys.iter().map(|&k| key_label(k))),
        );
    }
    hints.sort_by_key(|h| h.priority);
    hints
}

/// The hints that fit in `room` columns: every pinned one, then the others by priority,
/// each whole or not at all. Pinned hints go last, at the right.
pub fn fitting_hints(hints: &[KeyHint], room: usize) -> Vec<KeyHint> {
    let pinned: Vec<&KeyHint> = hints.iter().filter(|h| h.priority == PINNED).collect();
    let mut used: usize = pinned.iter().map(|h| h.width()).sum();
    let mut chosen: Vec<KeyHint> = Vec::new();
    for hint in hints.iter().filter(|h| h.priority != PINNED) {
        if used + hint.width() <= room {
            used += hint.width();
            chosen.push(hint.clone());
        }
    }
    chosen.extend(pinned.into_iter().cloned());
    chosen
}

fn hint_spans(hints: &[KeyHint], theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for hint in hints {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(hint.key.clone(), theme.key));
        spans.push(Span::styled(format!(" {}", hint.label), theme.text));
    }
    spans
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    let count = format!(
        " {} of {} ",
        app.search.results.hits.len(),
        app.workspace.data.incidents.len()
    );
    let mouse = if app.prefs.mouse_capture {
        "  mouse on "
    } else {
        "  mouse off "
    };
    let all = hints(app);
    let pinned: usize = all
        .iter()
        .filter(|h| h.priority == PINNED)
        .map(KeyHint::width)
        .sum();
    // What must show: the count, the mouse state and the pinned keys.
    let mut room = width.saturating_sub(count.width() + mouse.width() + pinned);
    let mut left: Vec<Span> = vec![Span::styled(count, theme.status)];
    // Messages may be cut (with "…"); small facts show whole or not at all.
    let take = |text: String, style: Style, room: &mut usize, left: &mut Vec<Span>| {
        if *room < 4 || text.is_empty() {
            return;
        }
        let text = truncate(&text, *room);
        *room -= text.width();
        left.push(Span::styled(text, style));
    };
    let take_whole = |text: String, style: Style, room: &mut usize, left: &mut Vec<Span>| {
        if text.width() <= *room {
            *room -= text.width();
            left.push(Span::styled(text, style));
        }
    };
    if app.is_searching() {
        take_whole(" searching…".into(), theme.warning, &mut room, &mut left);
    }
    if let Some(notice) = &app.screen.notice {
        take(format!(" {notice}"), theme.warning, &mut room, &mut left);
    }
    // What narrows the results is worth more than a key hint, but leaves the keys room.
    let budget = (room / 2).max(room.min(24));
    let mut share = budget;
    let filters = app.search.filters.describe(&app.workspace.data);
    if !filters.is_empty() {
        take(
            format!(" filtered: {}", filters.join("; ")),
            theme.key,
            &mut share,
            &mut left,
        );
    }
    if app.search.sort != SortOrder::Relevance {
        take_whole(
            format!(" sorted by {}", app.search.sort.label()),
            theme.text,
            &mut share,
            &mut left,
        );
    }
    room = room.saturating_sub(budget - share);
    // The most important keys next, then what is left of the room for the rest.
    let keys = fitting_hints(&all, room + pinned);
    let key_width: usize = keys
        .iter()
        .filter(|h| h.priority != PINNED)
        .map(KeyHint::width)
        .sum();
    room = room.saturating_sub(key_width);
    if app.screen.view == View::Relations {
        take_whole(
            format!(" {} groups", app.panes.relations.groups.len()),
            theme.text,
            &mut room,
            &mut left,
        );
    }
    let used: usize = left.iter().map(Span::width).sum();
    let right = hint_spans(&keys, theme);
    let right_width: usize = right.iter().map(Span::width).sum::<usize>() + mouse.width();
    let gap = width.saturating_sub(used + right_width);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(gap)));
    spans.extend(right);
    spans.push(Span::styled(mouse, theme.text));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(key: &str, label: &'static str, priority: u8) -> KeyHint {
        KeyHint {
            key: key.into(),
            label,
            priority,
        }
    }

    #[test]
    fn pinned_hints_stay_and_others_drop_whole_by_priority() {
        let hints = vec![
            hint("?", "help", PINNED),
            hint("Enter", "open", 1),
            hint("m", "matrix", 2),
            hint("q", "quit", PINNED),
        ];
        let all: usize = hints.iter().map(KeyHint::width).sum();
        assert_eq!(fitting_hints(&hints, all).len(), 4);
        let tight = fitting_hints(&hints, 8 + 8 + 12);
        let keys: Vec<&str> = tight.iter().map(|h| h.key.as_str()).collect();
        assert_eq!(keys, ["Enter", "?", "q"], "the least important drops first");
        let none = fitting_hints(&hints, 0);
        assert_eq!(none.len(), 2, "help and quit never drop");
    }
}
