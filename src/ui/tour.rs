//! The tour caption panel and the list of tours.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph};

use super::parts::{fit_line, pad_selected};
use crate::app::{App, TourList, TourProgress};
use crate::layout::text::truncate;
use crate::layout::{caption_rows, inner, tour_list_area};
use crate::theme::Theme;

/// Draws the caption of the tour step being shown, large and padded, with "3/9", in a box
/// as tall as its text (the same wrapping the layout measured).
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
    let width = usize::from(area.width.saturating_sub(2));
    let name = truncate(
        &format!(" Tour: {} ", tour.name),
        width.saturating_sub(counter.len() + 2),
    );
    let keys = fit_line(
        Line::from(vec![
            Span::styled(" Space/→ ", theme.key),
            Span::styled(if last { "end the tour  " } else { "next  " }, theme.text),
            Span::styled("←/p ", theme.key),
            Span::styled("back  ", theme.text),
            Span::styled("Esc ", theme.key),
            Span::styled("leave the tour ", theme.text),
        ]),
        width,
    );
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.focused_border)
        .title(Line::styled(name, theme.heading))
        .title(Line::from(Span::styled(counter, theme.key)).alignment(Alignment::Right))
        .title_bottom(keys)
        .padding(Padding::new(2, 2, 1, 0));
    let caption = step.map_or("", |s| s.caption.as_str());
    let rows: Vec<Line> = caption_rows(caption, area.width)
        .into_iter()
        .map(|row| row.style(theme.caption))
        .collect();
    super::clear_overlay(frame, area);
    frame.render_widget(Paragraph::new(rows).block(block), area);
}

/// Draws the list of tours over the screen: one row a tour, and the selected tour's
/// description and steps below, as much as the screen has room for.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, list: TourList, theme: &Theme) {
    let popup = tour_list_area(area, app.tour_list_rows(area));
    super::clear_overlay(frame, popup);
    let block = Block::bordered()
        .title(" Tours (Enter starts, Esc closes) ")
        .border_style(theme.focused_border);
    let inside = inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inside.width);
    let mut lines = Vec::new();
    for (position, tour) in app.workspace.data.tours.iter().enumerate() {
        let selected = position == list.selected;
        let base = if selected { theme.selected } else { theme.text };
        let marker = if selected { "▶ " } else { "  " };
        let mut row = fit_line(
            Line::from(vec![
                Span::styled(marker, base.patch(theme.key)),
                Span::styled(tour.name.to_string(), base.patch(theme.heading)),
                Span::styled(
                    format!("  {} steps · --tour {}", tour.steps.len(), tour.id),
                    base.patch(theme.dim),
                ),
            ]),
            width,
        )
        .spans;
        if selected {
            pad_selected(&mut row, width, base);
        }
        lines.push(Line::from(row));
    }
    if let Some(tour) = app.workspace.data.tours.get(list.selected) {
        lines.push(Line::raw(""));
        for row in crate::layout::tour_description_rows(tour, inside.width) {
            lines.push(row.style(theme.text));
        }
    }
    frame.render_widget(Paragraph::new(lines), inside);
}
