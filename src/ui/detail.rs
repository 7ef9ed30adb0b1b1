//! The detail pane: the selected incident's document (see [`crate::layout::detail`]),
//! scrolled as the app says, with a scrollbar and the position ("12/84") on its border.

use ratatui::Frame;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::app::{App, Focus};
use crate::layout::detail::document;
use crate::layout::inner;
use crate::theme::Theme;

/// Draws the detail pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let inside = inner(area);
    let doc = app
        .detail_incident()
        .map(|incident| document(&app.workspace.data, incident, theme, inside.width));
    let scroll = usize::from(app.panes.detail.scroll);
    let title = if app.panes.detail.zoomed {
        " Detail (z: back to the list) "
    } else {
        " Detail "
    };
    let mut block = super::pane(theme, app.is_focused(Focus::Detail)).title(title);
    let Some(doc) = doc else {
        frame.render_widget(
            Paragraph::new(Line::styled("No incident matches the search.", theme.dim)).block(block),
            area,
        );
        return;
    };
    let total = doc.rows.len();
    let visible = usize::from(inside.height);
    if total > visible {
        let last = (scroll + visible).min(total);
        block = block.title_bottom(
            Line::styled(format!(" {last}/{total} "), theme.key).alignment(Alignment::Right),
        );
    }
    let rows: Vec<Line> = doc.rows.into_iter().skip(scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(rows).block(block), area);
    if total > visible {
        let mut state = ScrollbarState::new(total.saturating_sub(visible)).position(scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_style(theme.border)
                .thumb_style(theme.key),
            area.inner(Margin {
                vertical: 1,
                horizontal: 0,
            }),
            &mut state,
        );
    }
}
