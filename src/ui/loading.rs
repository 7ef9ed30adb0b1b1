//! The loading screen: what is being opened, a bar, how far (bytes, incidents, time so far
//! and left), and how to cancel. Drawn from the first tenth of a second of a long load.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use crate::data::progress::{Snapshot, describe};
use crate::layout::text::truncate;
use crate::layout::{centered, inner};
use crate::theme::Theme;

/// Draws the loading screen for `what` (the files' names, already safe to show).
pub fn draw(frame: &mut Frame, what: &str, snapshot: &Snapshot, cancelling: bool, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(Block::new().style(theme.base), area);
    let popup = centered(area, area.width.saturating_sub(4).min(80), 8);
    let width = usize::from(popup.width.saturating_sub(2));
    let block = Block::bordered()
        .title(truncate(&format!(" Opening {what} "), width))
        .border_style(theme.focused_border)
        .title_style(theme.heading);
    let inside = inner(popup);
    frame.render_widget(block, popup);
    let [stage, bar, numbers, _, keys] = Layout::vertical([Constraint::Length(1); 5])
        .flex(Flex::Start)
        .areas(inside);
    let doing = if cancelling {
        "cancelling…".to_string()
    } else {
        format!("{}…", snapshot.stage.label())
    };
    frame.render_widget(Paragraph::new(Line::styled(doing, theme.text)), stage);
    let gauge = Gauge::default()
        .gauge_style(theme.key)
        .ratio(snapshot.fraction().clamp(0.0, 1.0))
        .label(format!("{:.0}%", snapshot.fraction() * 100.0));
    frame.render_widget(gauge, bar);
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(&describe(snapshot), width),
            theme.text,
        )),
        numbers,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("q", theme.key),
            Span::styled(", ", theme.text),
            Span::styled("Esc", theme.key),
            Span::styled(" or ", theme.text),
            Span::styled("Ctrl-C", theme.key),
            Span::styled(" cancels", theme.text),
        ])),
        keys,
    );
}
