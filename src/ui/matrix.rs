//! The matrix: groups across, targets down, each link's stance in its cell, so a room
//! sees at a glance which targets have several suspects and where campaigns overlap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::parts::{fit_line, list_date, shown, source_label, victims};
use crate::app::{App, Focus};
use crate::data::Incident;
use crate::layout::inner;
use crate::layout::scroll_offset;
use crate::layout::text::{self, LINE_LIMIT, truncate, width_up_to};
use crate::theme::Theme;

/// A cell: the stance of the one claim ("◇ suspected"), or the glyphs of several.
fn cell_spans(theme: &Theme, incident: &Incident, group_id: &str) -> Vec<Span<'static>> {
    let claims: Vec<_> = incident
        .claims
        .iter()
        .filter(|c| c.group == group_id)
        .collect();
    match claims.as_slice() {
        [] => vec![Span::styled("·", theme.dim)],
        [claim] => {
            let (glyph, style) = theme.stance(claim.stance);
            vec![Span::styled(
                format!("{glyph} {}", claim.stance.label()),
                style,
            )]
        }
        several => {
            let mut spans: Vec<Span> = several
                .iter()
                .map(|c| {
                    let (glyph, style) = theme.stance(c.stance);
                    Span::styled(glyph, style)
                })
                .collect();
            spans.push(Span::raw(format!(" {} claims", several.len())));
            spans
        }
    }
}

fn pad(spans: &mut Vec<Span<'static>>, width: usize, style: Style) {
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), style));
    }
}

/// The line under the matrix: the selected cell's claims in full.
fn selected_cell_line(app: &App, theme: &Theme) -> Line<'static> {
    let state = &app.panes.relations;
    let (Some(&incident), Some(group)) = (
        state.matrix_rows.get(state.selected_row),
        app.selected_group_position(),
    ) else {
        return Line::styled("No target among the results has a claim.", theme.dim);
    };
    let data = &app.workspace.data;
    let (Some(incident), Some(group)) = (
        data.incidents.get(incident as usize),
        data.groups.get(group as usize),
    ) else {
        return Line::raw("");
    };
    let mut spans = vec![Span::styled(
        format!(
            "{} × {}: ",
            victims(&app.workspace.data, incident),
            shown(&group.name)
        ),
        theme.heading,
    )];
    let claims: Vec<_> = incident
        .claims
        .iter()
        .filter(|c| c.group == group.id)
        .collect();
    if claims.is_empty() {
        spans.push(Span::styled("no claim links them", theme.dim));
    }
    for claim in claims {
        let (glyph, style) = theme.stance(claim.stance);
        spans.push(Span::styled(
            format!("{glyph} {}", claim.stance.label()),
            style,
        ));
        spans.push(Span::raw(format!(" by {} ", shown(&claim.by))));
        spans.push(Span::styled(
            format!("[{}]  ", source_label(app, &claim.source)),
            theme.dim,
        ));
    }
    Line::from(spans)
}

/// The widest a cell's content gets: "◆ attributed", or "◆≠ 2 claims".
const CELL: usize = 12;

/// The first group column to show so that the selected one fits in `room` columns, with
/// each column `widths[i]` wide: as far left as it can be.
fn first_column(widths: &[usize], selected: usize, room: usize) -> usize {
    let mut first = 0;
    while first < selected && widths[first..=selected].iter().sum::<usize>() > room {
        first += 1;
    }
    first
}

/// Draws the matrix into `area`: group columns as wide as their names, as many as fit.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = super::pane(theme, app.is_focused(Focus::Matrix)).title(format!(
        " Matrix: {} targets × {} groups (h/l columns, Enter opens) ",
        state.matrix_rows.len(),
        state.groups.len()
    ));
    let inside = inner(area);
    frame.render_widget(block, area);
    let [table_area, footer] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inside);
    let width = usize::from(table_area.width);
    let data = &app.workspace.data;
    let visible = usize::from(table_area.height).saturating_sub(1);
    let first_row = scroll_offset(state.selected_row, visible);
    let rows: Vec<(usize, &Incident)> = state
        .matrix_rows
        .iter()
        .enumerate()
        .skip(first_row)
        .take(visible)
        .filter_map(|(position, &i)| data.incidents.get(i as usize).map(|i| (position, i)))
        .collect();
    let labels: Vec<String> = rows
        .iter()
        .map(|(_, incident)| format!("{} {}", list_date(incident.date), victims(data, incident)))
        .collect();
    // Victims get what they need up to two fifths of the room; group names the rest.
    let label_width = labels
        .iter()
        .map(|l| text::width(l) + 1)
        .max()
        .unwrap_or(0)
        .clamp(16.min(width), (width * 2 / 5).max(16.min(width)));
    // One space after each column.
    let widths: Vec<usize> = state
        .groups
        .iter()
        .map(|row| {
            data.groups
                .get(row.group as usize)
                .map_or(0, |g| width_up_to(&g.name, LINE_LIMIT))
                .max(CELL)
                + 1
        })
        .collect();
    let room = width.saturating_sub(label_width + 1);
    let first_column = first_column(&widths, state.selected_group, room);
    let mut used = 0;
    let shown: Vec<(usize, usize, &crate::app::relations::GroupRow)> = state
        .groups
        .iter()
        .enumerate()
        .skip(first_column)
        .take_while(|(position, _)| {
            let fits = used + widths[*position] <= room || used == 0;
            used += widths[*position];
            fits
        })
        .map(|(position, row)| (position, widths[position].min(room), row))
        .collect();

    let mut lines = Vec::new();
    let mut header = vec![Span::styled(
        format!("{:<label_width$}", "Target"),
        theme.heading,
    )];
    for (position, column_width, row) in &shown {
        let name = data
            .groups
            .get(row.group as usize)
            .map_or("", |g| g.name.as_str());
        let style = if *position == state.selected_group {
            theme.heading.add_modifier(Modifier::REVERSED)
        } else {
            theme.heading
        };
        let name = truncate(name, column_width.saturating_sub(1));
        header.push(Span::styled(name.clone(), style));
        header.push(Span::raw(
            " ".repeat(column_width.saturating_sub(text::width(&name))),
        ));
    }
    let last_shown = shown.last().map_or(0, |(p, _, _)| *p + 1);
    if first_column > 0 || last_shown < state.groups.len() {
        let more = match (first_column > 0, last_shown < state.groups.len()) {
            (true, true) => "←→",
            (true, false) => "←",
            _ => "→",
        };
        header.push(Span::styled(more, theme.key));
    }
    lines.push(Line::from(header));
    for ((position, incident), label) in rows.iter().zip(&labels) {
        let selected_row = *position == state.selected_row;
        let base = if selected_row {
            theme.selected
        } else {
            theme.text
        };
        // Padded by columns, not characters: `{:<width$}` would pad a CJK name by half.
        let label = truncate(label, label_width.saturating_sub(1));
        let filler = " ".repeat(label_width.saturating_sub(text::width(&label)));
        let mut spans = vec![Span::styled(format!("{label}{filler}"), base)];
        for (column, column_width, row) in &shown {
            let group_id = data
                .groups
                .get(row.group as usize)
                .map_or("", |g| g.id.as_str());
            let mut cell = cell_spans(theme, incident, group_id);
            if selected_row && *column == state.selected_group {
                cell = cell
                    .into_iter()
                    .map(|s| s.patch_style(Style::new().add_modifier(Modifier::REVERSED)))
                    .collect();
            } else if selected_row {
                cell = cell.into_iter().map(|s| s.patch_style(base)).collect();
            }
            pad(&mut cell, *column_width, base);
            spans.extend(cell);
        }
        if selected_row {
            pad(&mut spans, width, base);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), table_area);
    frame.render_widget(
        Paragraph::new(fit_line(
            selected_cell_line(app, theme),
            usize::from(footer.width),
        )),
        footer,
    );
}
