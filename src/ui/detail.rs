//! The detail pane: the selected incident's document (see [`crate::layout::detail`]),
//! scrolled as the app says.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::border;
use crate::app::{App, Focus};
use crate::layout::detail::{incident_lines, paragraph};
use crate::theme::Theme;

/// Draws the detail pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lines = match app.detail_incident() {
        Some(incident) => incident_lines(&app.workspace.data, incident, theme),
        None => vec![Line::styled("No incident matches the search.", theme.dim)],
    };
    let block = Block::bordered()
        .title(" Detail ")
        .border_style(border(theme, app.is_focused(Focus::Detail)));
    let widget = paragraph(lines)
        .block(block)
        .scroll((app.panes.detail.scroll, 0));
    frame.render_widget(widget, area);
}
