//! The help overlay: every key of every mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

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

/// Draws the overlay centred over the screen.
pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme) {
    let content = lines(theme);
    let height = (content.len() as u16 + 2).min(area.height);
    let width = 64.min(area.width);
    let [column] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(column);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Keys (Esc or ? to close) ")
        .border_style(theme.focused_border);
    frame.render_widget(
        Paragraph::new(content)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
