//! The help overlay: every key of every mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::layout::centered;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::keymap::{Mode, bindings, keys_label};

/// The overlay's lines.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(mode.title(), theme.heading));
        for binding in bindings(mode) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys_label(binding)), theme.key),
                Span::raw(binding.description),
            ]));
        }
        if mode == Mode::Search {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", "any character"), theme.key),
                Span::raw("type into the query; results follow as you type"),
            ]));
        }
    }
    lines
}

/// Where the overlay goes: centred, as tall as its content allows.
fn popup_area(area: Rect, content_rows: usize) -> Rect {
    centered(area, 84, (content_rows as u16).saturating_add(2))
}

/// How far the help can scroll on a screen of this size.
pub fn max_scroll(area: Rect) -> u16 {
    let rows = lines(&Theme::dark()).len();
    let visible = popup_area(area, rows).height.saturating_sub(2);
    (rows as u16).saturating_sub(visible)
}

/// Draws the overlay centred over the screen, scrolled by `scroll` rows.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let content = lines(theme);
    let popup = popup_area(area, content.len());
    super::clear_overlay(frame, popup);
    let more = if max_scroll(area) > 0 {
        ", j/k to scroll"
    } else {
        ""
    };
    let block = Block::bordered()
        .title(format!(" Keys (Esc or ? to close{more}) "))
        .border_style(theme.focused_border);
    let widget = Paragraph::new(content)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(widget, popup);
}
