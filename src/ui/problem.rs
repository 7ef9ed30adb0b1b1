//! The panel that explains why the data file no longer loads, over the last good data.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::app::Problem;
use crate::layout::problem_area;
use crate::theme::Theme;

/// Draws the diagnostics over the lower half of the screen.
pub fn draw(frame: &mut Frame, area: Rect, problem: &Problem, theme: &Theme) {
    let panel = problem_area(area);
    let mut lines = vec![
        Line::styled(
            "A data file does not load. What loaded stays on screen (a file that changed keeps",
            theme.warning,
        ),
        Line::styled(
            "its last good data); fix the file and save it to reload. Esc hides this; j/k scroll.",
            theme.warning,
        ),
        Line::raw(""),
    ];
    lines.extend(
        problem
            .diagnostics
            .lines()
            .map(|line| Line::raw(line.to_string())),
    );
    let block = Block::bordered()
        .title(" Data file has errors ")
        .border_style(theme.warning);
    super::clear_overlay(frame, panel);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((problem.scroll, 0)),
        panel,
    );
}
