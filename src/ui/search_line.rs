//! The search line, shared by every screen: the query as typed, scrolled sideways so the
//! cursor and the text around it always show, or a hint when empty.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::layout::inner;
use crate::layout::text::{line_scroll, truncate};
use crate::theme::Theme;

/// Draws the search line; the terminal cursor sits in it while it has the keys.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.search_line_has_keys();
    let block = super::pane(theme, focused).title(" Search ");
    let inside = inner(area);
    frame.render_widget(block, area);
    if app.query().is_empty() && !focused {
        let hint = Line::from(vec![
            Span::styled("press ", theme.dim),
            Span::styled("/", theme.key),
            Span::styled(
                truncate(
                    " to search victims, groups, aliases, third parties, sectors, countries, data, tags",
                    usize::from(inside.width.saturating_sub(7)),
                ),
                theme.dim,
            ),
        ]);
        frame.render_widget(Paragraph::new(hint), inside);
        return;
    }
    // "/ " then the text; one column stays free at the end for the cursor.
    let width = usize::from(inside.width.saturating_sub(3));
    let input = &app.search.input;
    let scroll = line_scroll(app.query(), input.cursor(), width);
    // "/…" says that the line is scrolled and more of it lies to the left.
    let prompt = Paragraph::new(Span::styled(
        if scroll > 0 { "/…" } else { "/ " },
        theme.key,
    ));
    frame.render_widget(
        prompt,
        Rect::new(inside.x, inside.y, 2.min(inside.width), 1),
    );
    let field = Rect::new(
        inside.x.saturating_add(2),
        inside.y,
        inside.width.saturating_sub(2),
        1,
    );
    let shown = Paragraph::new(Line::raw(app.query())).scroll((0, scroll as u16));
    frame.render_widget(shown, field);
    if focused {
        let cursor = input.visual_cursor().saturating_sub(scroll) as u16;
        let x = field
            .x
            .saturating_add(cursor)
            .min(field.right().saturating_sub(1));
        frame.set_cursor_position((x, field.y));
    }
}
