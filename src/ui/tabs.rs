//! The tab bar: the screens by number and name, the current one marked, so a newcomer sees
//! that `2` and `3` exist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::action::tab_titles;
use crate::app::{App, RelationsMode, View};
use crate::layout::tab_areas;
use crate::layout::text::truncate;
use crate::theme::Theme;

/// Draws the tab bar.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let titles = tab_titles();
    let areas = tab_areas(area, &titles);
    let mut end = area.x;
    for (position, tab) in &areas {
        let Some(&view) = View::ALL.get(*position) else {
            continue;
        };
        let current = view == app.screen.view;
        let style = if current {
            theme.selected.add_modifier(Modifier::BOLD)
        } else {
            theme.text
        };
        let title = truncate(&titles[*position], usize::from(tab.width));
        frame.render_widget(Paragraph::new(Line::styled(title, style)), *tab);
        let last = *position + 1 == areas.len();
        if !last && tab.right() < area.right() {
            let divider = Rect::new(tab.right(), area.y, 1, 1);
            frame.render_widget(Paragraph::new(Span::styled("│", theme.border)), divider);
        }
        end = tab.right().saturating_add(1);
    }
    // What the current screen is in, when it has modes.
    let mode = match (app.screen.view, app.panes.relations.mode) {
        (View::Relations, RelationsMode::Matrix) => Some("matrix (m)"),
        (View::Relations, RelationsMode::ThirdParties) => Some("third parties (t)"),
        _ => None,
    };
    if let Some(mode) = mode
        && end < area.right()
    {
        let room = usize::from(area.right() - end);
        let rest = Rect::new(end, area.y, area.right() - end, 1);
        frame.render_widget(
            Paragraph::new(Span::styled(truncate(&format!(" {mode}"), room), theme.key)),
            rest,
        );
    }
}
