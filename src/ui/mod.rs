//! Drawing. Every function here only reads the app's state.

pub mod detail;
pub mod help;
pub mod incidents;
pub mod layout;
pub mod status;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, View};
use layout::{MIN_HEIGHT, MIN_WIDTH, fits, incidents_layout};
use theme::Theme;

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme::dark();
    let area = frame.area();
    if !fits(area) {
        let message = vec![
            Line::styled("Terminal too small", theme.warning),
            Line::raw(format!(
                "{}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            )),
            Line::styled("enlarge it, or q to quit", theme.dim),
        ];
        let [middle] = Layout::vertical([Constraint::Length(3)])
            .flex(Flex::Center)
            .areas(area);
        frame.render_widget(Paragraph::new(message).centered(), middle);
        return;
    }
    match app.view {
        View::Incidents => incidents::draw(frame, incidents_layout(area), app, &theme),
    }
    if app.show_help {
        help::draw(frame, area, app.help_scroll, &theme);
    }
}
