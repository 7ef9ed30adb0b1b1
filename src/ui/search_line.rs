//! The search line, shared by every screen: the query as typed, or a hint when empty.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::layout::inner;
use super::theme::Theme;
use crate::app::{App, Focus};

/// Draws the search line; the terminal cursor sits at its end while it has focus.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Focus::Search;
    let block = Block::bordered()
        .title(" Search ")
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        });
    let line = if app.query.is_empty() && !focused {
        Line::from(vec![
            Span::styled("press ", theme.dim),
            Span::styled("/", theme.key),
            Span::styled(
                " to search victims, groups, aliases, third parties, sectors, countries, data, tags",
                theme.dim,
            ),
        ])
    } else {
        Line::from(vec![
            Span::styled("/ ", theme.key),
            Span::raw(app.query.clone()),
        ])
    };
    frame.render_widget(Paragraph::new(line).block(block), area);
    if focused {
        let typed = unicode_width::UnicodeWidthStr::width(app.query.as_str()) as u16;
        let inside = inner(area);
        let x = inside
            .x
            .saturating_add(2)
            .saturating_add(typed)
            .min(inside.right().saturating_sub(1));
        frame.set_cursor_position((x, inside.y));
    }
}
