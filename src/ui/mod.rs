//! Drawing. Every function here only reads the app's state.

pub mod detail;
pub mod filters;
pub mod help;
pub mod incidents;
pub mod layout;
pub mod matrix;
pub mod pivot;
pub mod problem;
pub mod relations;
pub mod search_line;
pub mod status;
pub mod svg;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod tour;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, View};
use layout::{
    IncidentsLayout, MIN_HEIGHT, MIN_WIDTH, fits, incidents_layout, relations_layout, tour_split,
};
use theme::Theme;

/// Draws the app into an off-screen buffer of its size: for SVG export and tests.
pub fn render_to_buffer(app: &App) -> ratatui::buffer::Buffer {
    let (width, height) = app.size;
    // Drawing into memory cannot fail: the test backend's error type has no values.
    let Ok(mut terminal) =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height));
    let _ = terminal.draw(|frame| draw(frame, app));
    terminal.backend().buffer().clone()
}

/// Draws a screen laid out as the incidents screen is: the search line, a list drawn by
/// `list`, the selected incident's detail and the status bar.
fn draw_list_screen(
    frame: &mut Frame,
    screen: IncidentsLayout,
    app: &App,
    theme: &Theme,
    list: fn(&mut Frame, Rect, &App, &Theme),
) {
    search_line::draw(frame, screen.search, app, theme);
    list(frame, screen.list, app, theme);
    detail::draw(frame, screen.detail, app, theme);
    status::draw(frame, screen.status, app, theme);
}

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme::named(app.theme);
    let area = frame.area();
    frame.render_widget(ratatui::widgets::Block::new().style(theme.base), area);
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
    let view = if app.tour.is_some() {
        let (view, caption) = tour_split(area);
        tour::draw_caption(frame, caption, app, &theme);
        view
    } else {
        area
    };
    match app.view {
        View::Incidents => incidents::draw(frame, incidents_layout(view), app, &theme),
        View::Relations => relations::draw(frame, relations_layout(view), app, &theme),
        View::Timeline => timeline::draw(frame, incidents_layout(view), app, &theme),
    }
    if let Some(diagnostics) = &app.load_problem {
        problem::draw(frame, view, diagnostics, &theme);
    }
    if app.show_filters {
        filters::draw(frame, area, app, &theme);
    }
    if app.show_tours {
        tour::draw_list(frame, area, app, &theme);
    }
    if app.show_help {
        help::draw(frame, area, app.help_scroll, &theme);
    }
}

/// Clears `area` for an overlay, and any wide character that starts just left of it: a
/// terminal draws a wide character whole, so its right half would cover the overlay's
/// left border (ratatui's `Clear` resets only the cells inside; ratatui#2526).
pub fn clear_overlay(frame: &mut Frame, area: ratatui::layout::Rect) {
    use unicode_width::UnicodeWidthStr;
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}
