//! Drawing. Every function here only reads the app's state: the screen first, then the
//! layers over it, bottom up, in the order the app's stack holds them.

pub mod clusters;
pub mod detail;
pub mod filters;
pub mod graph;
pub mod help;
pub mod hyperlinks;
pub mod incidents;
pub mod loading;
pub mod matrix;
pub mod parts;
pub mod pivot;
pub mod problem;
pub mod profile;
pub mod relations;
pub mod search_line;
pub mod status;
pub mod svg;
pub mod tabs;
pub mod timeline;
pub mod tour;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, Layer, RelationsMode, View};
use crate::layout::{MIN_HEIGHT, MIN_WIDTH, fits, tour_split};
use crate::theme::Theme;

/// Draws the app into an off-screen buffer of its size: for SVG export and tests.
pub fn render_to_buffer(app: &App) -> ratatui::buffer::Buffer {
    let (width, height) = app.screen.size;
    // Drawing into memory cannot fail: the test backend's error type has no values.
    let Ok(mut terminal) =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height));
    let _ = terminal.draw(|frame| draw(frame, app));
    terminal.backend().buffer().clone()
}

/// The border style of a pane, by whether it has the focus.
pub fn border(theme: &Theme, focused: bool) -> Style {
    if focused {
        theme.focused_border
    } else {
        theme.border
    }
}

/// A bordered pane: its border in the focus colour or quiet, its title always readable
/// (a pale border would make a pale title).
pub fn pane(theme: &Theme, focused: bool) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .border_style(border(theme, focused))
        .title_style(if focused {
            theme.focused_border
        } else {
            theme.text
        })
}

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme::named(app.prefs.theme);
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
    draw_screen(frame, app, &theme);
    let overlays = app.overlay_region();
    for layer in app.layers.iter() {
        match layer {
            Layer::Tour(progress) => {
                let (_, caption) = tour_split(area, app.tour_caption().unwrap_or_default());
                tour::draw_caption(frame, caption, app, *progress, &theme);
            }
            // The search line is part of every screen; it shows its cursor when it has keys.
            Layer::Search => {}
            Layer::Filters(panel) => filters::draw(frame, overlays, app, panel, &theme),
            Layer::Tours(list) => tour::draw_list(frame, overlays, app, *list, &theme),
            Layer::Help(help) => help::draw(frame, overlays, app, help, &theme),
            Layer::Profile(state) => profile::draw(frame, overlays, app, state, &theme),
            Layer::Problem(problem) => problem::draw(frame, overlays, problem, &theme),
        }
    }
    clusters::split_clusters(frame.buffer_mut());
}

/// Draws the screen shown: tab bar, search line, its panes and the status bar.
fn draw_screen(frame: &mut Frame, app: &App, theme: &Theme) {
    match app.screen.view {
        View::Incidents | View::Timeline => {
            let screen = app.incidents_layout();
            tabs::draw(frame, screen.tabs, app, theme);
            search_line::draw(frame, screen.search, app, theme);
            if app.screen.view == View::Incidents {
                incidents::draw(frame, screen.list, app, theme);
            } else {
                timeline::draw(frame, screen.list, app, theme);
            }
            detail::draw(frame, screen.detail, app, theme);
            status::draw(frame, screen.status, app, theme);
        }
        View::Relations => {
            let screen = app.relations_layout();
            tabs::draw(frame, screen.tabs, app, theme);
            search_line::draw(frame, screen.search, app, theme);
            match app.panes.relations.mode {
                RelationsMode::Groups => {
                    relations::draw_groups(frame, screen.groups, app, theme);
                    relations::draw_targets(frame, screen.targets, app, theme);
                }
                RelationsMode::Matrix => matrix::draw(frame, screen.body, app, theme),
                RelationsMode::ThirdParties => pivot::draw(frame, screen.body, app, theme),
            }
            parts::draw_legend(frame, screen.legend, theme);
            status::draw(frame, screen.status, app, theme);
        }
        View::Graph => {
            let screen = app.graph_layout();
            tabs::draw(frame, screen.tabs, app, theme);
            search_line::draw(frame, screen.search, app, theme);
            graph::draw(frame, screen.body, screen.picture, app, theme);
            graph::draw_legend(frame, screen.legend, theme);
            status::draw(frame, screen.status, app, theme);
        }
    }
}

/// Clears `area` for an overlay, and any wide character that starts just left of it: a
/// terminal draws a wide character whole, so its right half would cover the overlay's
/// left border (ratatui's `Clear` resets only the cells inside; ratatui#2526).
pub fn clear_overlay(frame: &mut Frame, area: Rect) {
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
