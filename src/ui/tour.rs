//! The tour caption panel and the list of tours.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};

use super::layout::centered;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::App;

/// Draws the caption of the tour step being shown, large and padded, with "3/9".
pub fn draw_caption(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(progress) = app.tour else {
        return;
    };
    let Some(tour) = app.data.tours.get(progress.tour) else {
        return;
    };
    let step = tour.steps.get(progress.step);
    let counter = format!(" {}/{} ", progress.step + 1, tour.steps.len());
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.focused_border)
        .title(Line::from(vec![Span::styled(
            format!(" Tour: {} ", tour.name),
            theme.heading,
        )]))
        .title(Line::from(Span::styled(counter, theme.key)).alignment(Alignment::Right))
        .title_bottom(Line::from(vec![
            Span::styled(" Space/→ ", theme.key),
            Span::styled("next  ", theme.dim),
            Span::styled("←/p ", theme.key),
            Span::styled("back  ", theme.dim),
            Span::styled("Esc ", theme.key),
            Span::styled("leave the tour ", theme.dim),
        ]))
        .padding(Padding::new(2, 2, 1, 0));
    let caption = step.map_or("", |s| s.caption.as_str());
    let paragraph = Paragraph::new(Line::styled(caption, theme.caption))
        .wrap(Wrap { trim: true })
        .block(block);
    super::clear_overlay(frame, area);
    frame.render_widget(paragraph, area);
}

/// Draws the list of tours over the screen.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    for (position, tour) in app.data.tours.iter().enumerate() {
        let base = if position == app.tours_selected {
            theme.selected
        } else {
            theme.text
        };
        let marker = if position == app.tours_selected {
            "▶ "
        } else {
            "  "
        };
        lines.push(Line::from(vec![
            Span::styled(marker, base.patch(theme.key)),
            Span::styled(tour.name.clone(), base.patch(theme.heading)),
            Span::styled(
                format!("  ({} steps, --tour {})", tour.steps.len(), tour.id),
                base.patch(theme.dim),
            ),
        ]));
        if !tour.description.is_empty() {
            lines.push(Line::styled(format!("    {}", tour.description), theme.dim));
        }
        lines.push(Line::raw(""));
    }
    let popup = centered(area, 76, (lines.len() as u16).saturating_add(2));
    super::clear_overlay(frame, popup);
    let block = Block::bordered()
        .title(" Tours (Enter to start, Esc to close) ")
        .border_style(theme.focused_border);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
