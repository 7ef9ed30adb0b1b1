//! The tour caption panel and the list of tours.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};

use crate::layout::tour_list_area;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Wrap};

use crate::app::{App, TourList, TourProgress};
use crate::theme::Theme;

/// Draws the caption of the tour step being shown, large and padded, with "3/9".
pub fn draw_caption(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    progress: TourProgress,
    theme: &Theme,
) {
    let Some(tour) = app.workspace.data.tours.get(progress.tour) else {
        return;
    };
    let step = tour.steps.get(progress.step);
    let last = progress.step + 1 >= tour.steps.len();
    let counter = if last {
        format!(" {}/{} · last step ", progress.step + 1, tour.steps.len())
    } else {
        format!(" {}/{} ", progress.step + 1, tour.steps.len())
    };
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
            Span::styled(if last { "end the tour  " } else { "next  " }, theme.dim),
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
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, list: TourList, theme: &Theme) {
    let mut lines = Vec::new();
    for (position, tour) in app.workspace.data.tours.iter().enumerate() {
        let base = if position == list.selected {
            theme.selected
        } else {
            theme.text
        };
        let marker = if position == list.selected {
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
    let popup = tour_list_area(area, app.tour_list_rows());
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
