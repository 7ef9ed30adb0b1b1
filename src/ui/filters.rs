//! The filter panel: every facet's values with their counts, like a search page's facets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, FilterPanel, FilterRow};
use crate::data::filter::Facet;
use crate::layout::filter_panel_area;
use crate::layout::text::truncate;
use crate::theme::Theme;

/// The panel's lines, and which line holds the cursor.
fn lines(
    app: &App,
    panel: &FilterPanel,
    theme: &Theme,
    width: usize,
) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    let mut previous: Option<Facet> = None;
    let span = app.year_span();
    for (position, row) in panel.rows.iter().enumerate() {
        let facet = match row {
            FilterRow::Value(count) => count.facet,
            FilterRow::FromYear | FilterRow::ToYear => Facet::Year,
        };
        if previous != Some(facet) {
            if previous.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(format!("By {}", facet.label()), theme.heading));
            previous = Some(facet);
        }
        let at_cursor = position == panel.cursor;
        if at_cursor {
            cursor_line = lines.len();
        }
        let base = if at_cursor {
            theme.selected
        } else {
            theme.text
        };
        let line = match row {
            FilterRow::Value(count) => {
                let chosen = app.search.filters.is_chosen(count.facet, &count.value);
                let mark = if chosen { "[x] " } else { "[ ] " };
                let number = format!("{:>5}", count.count);
                let label = truncate(&count.label, width.saturating_sub(12));
                let style = if count.count == 0 && !chosen {
                    base.patch(theme.dim)
                } else {
                    base
                };
                let pad = width.saturating_sub(4 + 2 + label.width() + number.len());
                Line::from(vec![
                    Span::styled(
                        format!("  {mark}"),
                        if chosen { base.patch(theme.key) } else { base },
                    ),
                    Span::styled(label, style),
                    Span::styled(" ".repeat(pad), base),
                    Span::styled(number, base.patch(theme.dim)),
                ])
            }
            FilterRow::FromYear | FilterRow::ToYear => {
                let (word, bound, open) = match row {
                    FilterRow::FromYear => {
                        ("from", app.search.filters.from_year, span.map(|s| s.0))
                    }
                    _ => ("to", app.search.filters.to_year, span.map(|s| s.1)),
                };
                let value = match (bound, open) {
                    (Some(year), _) => year.to_string(),
                    (None, Some(year)) => format!("{year} (any)"),
                    (None, None) => "any".to_string(),
                };
                Line::from(vec![
                    Span::styled(format!("  {word:<5}"), base),
                    Span::styled(
                        format!("◂ {value} ▸"),
                        if bound.is_some() {
                            base.patch(theme.key)
                        } else {
                            base
                        },
                    ),
                ])
            }
        };
        lines.push(line);
    }
    (lines, cursor_line)
}

/// Draws the panel on the right of the screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &FilterPanel, theme: &Theme) {
    let panel = filter_panel_area(area);
    let inner_width = usize::from(panel.width.saturating_sub(2));
    let (lines, cursor) = lines(app, state, theme, inner_width);
    let visible = usize::from(panel.height.saturating_sub(2));
    let first = (cursor + 2).saturating_sub(visible);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(visible).collect();
    let active = app.search.filters.describe(&app.workspace.data);
    let title = if active.is_empty() {
        " Filters (Space choose, ←/→ years, x clear, Esc close) ".to_string()
    } else {
        format!(" Filters: {} on (x clears) ", active.len())
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme.focused_border);
    super::clear_overlay(frame, panel);
    frame.render_widget(Paragraph::new(shown).block(block), panel);
}
