//! The filter panel: every facet's values with their counts, like a search page's facets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::{App, FilterPanel, FilterRow};
use crate::data::filter::Facet;
use crate::layout::filter_panel_area;
use crate::layout::text::{self, truncate};
use crate::theme::Theme;

/// The facet a row belongs to.
fn facet_of(row: &FilterRow) -> Facet {
    match row {
        FilterRow::Value(count) => count.facet,
        FilterRow::FromYear | FilterRow::ToYear => Facet::Year,
        FilterRow::More(facet, _) => *facet,
    }
}

/// The line the cursor's row is on: each facet adds a heading, and a blank line before it.
fn cursor_line(panel: &FilterPanel) -> usize {
    let mut line = 0;
    let mut previous: Option<Facet> = None;
    for (position, row) in panel.rows.iter().enumerate() {
        let facet = facet_of(row);
        if previous != Some(facet) {
            line += if previous.is_some() { 2 } else { 1 };
            previous = Some(facet);
        }
        if position == panel.cursor {
            return line;
        }
        line += 1;
    }
    line
}

/// The panel's lines from line `first` on, at most `visible` of them: a facet can have
/// tens of thousands of values, and only the ones on screen are built.
fn lines(
    app: &App,
    panel: &FilterPanel,
    theme: &Theme,
    width: usize,
    first: usize,
    visible: usize,
) -> Vec<Line<'static>> {
    let window = first..first + visible;
    let mut lines = Vec::new();
    let mut line = 0;
    let mut previous: Option<Facet> = None;
    let span = app.year_span();
    for (position, row) in panel.rows.iter().enumerate() {
        if line >= window.end {
            break;
        }
        let facet = facet_of(row);
        if previous != Some(facet) {
            if previous.is_some() {
                if window.contains(&line) {
                    lines.push(Line::raw(""));
                }
                line += 1;
            }
            if window.contains(&line) {
                lines.push(Line::styled(format!("By {}", facet.label()), theme.heading));
            }
            line += 1;
            previous = Some(facet);
        }
        let shown = window.contains(&line);
        line += 1;
        if !shown {
            continue;
        }
        let at_cursor = position == panel.cursor;
        let base = if at_cursor {
            theme.selected
        } else {
            theme.text
        };
        let built = match row {
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
                // By columns: a CJK name is twice as wide as it has characters.
                let pad = width.saturating_sub(4 + 2 + text::width(&label) + number.len());
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
            FilterRow::More(_, hidden) => Line::styled(
                format!("  … and {hidden} more: search to narrow them"),
                base.patch(theme.dim),
            ),
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
        lines.push(built);
    }
    lines
}

/// Draws the panel on the right of the screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &FilterPanel, theme: &Theme) {
    let panel = filter_panel_area(area);
    let inner_width = usize::from(panel.width.saturating_sub(2));
    let visible = usize::from(panel.height.saturating_sub(2));
    let first = (cursor_line(state) + 2).saturating_sub(visible);
    let shown = lines(app, state, theme, inner_width, first, visible);
    let active = app.search.filters.describe(&app.workspace.data);
    let title = if state.counting {
        " Filters: counting… ".to_string()
    } else if active.is_empty() {
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
