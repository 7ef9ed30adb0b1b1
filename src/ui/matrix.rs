//! The matrix: groups across, targets down, each link's stance in its cell, so a room
//! sees at a glance which targets have several suspects and where campaigns overlap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::border;
use super::parts::{list_date, source_label};
use crate::app::{App, Focus};
use crate::data::Incident;
use crate::layout::inner;
use crate::layout::scroll_offset;
use crate::layout::text::truncate;
use crate::theme::Theme;

/// Width of one group's column.
const COLUMN: usize = 13;

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
    let used: usize = spans.iter().map(Span::width).sum();
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
            app.workspace.data.victim_names(incident),
            group.name
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
        spans.push(Span::raw(format!(" by {} ", claim.by)));
        spans.push(Span::styled(
            format!("[{}]  ", source_label(app, &claim.source)),
            theme.dim,
        ));
    }
    Line::from(spans)
}

/// Draws the matrix into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = Block::bordered()
        .title(format!(
            " Matrix: {} targets × {} groups (h/l columns, Enter opens) ",
            state.matrix_rows.len(),
            state.groups.len()
        ))
        .border_style(border(theme, app.is_focused(Focus::Matrix)));
    let inside = inner(area);
    frame.render_widget(block, area);
    let [table_area, footer] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inside);
    let width = usize::from(table_area.width);
    let label_width = (width / 3).clamp(16, 34);
    let columns = (width.saturating_sub(label_width) / COLUMN).max(1);
    let first_column = scroll_offset(state.selected_group, columns);
    let shown: Vec<_> = state
        .groups
        .iter()
        .enumerate()
        .skip(first_column)
        .take(columns)
        .collect();

    let mut lines = Vec::new();
    let mut header = vec![Span::styled(
        format!("{:<label_width$}", "Target"),
        theme.heading,
    )];
    for (position, row) in &shown {
        let Some(group) = app.workspace.data.groups.get(row.group as usize) else {
            continue;
        };
        let name = &group.name;
        let style = if *position == state.selected_group {
            theme.heading.add_modifier(Modifier::REVERSED)
        } else {
            theme.heading
        };
        header.push(Span::styled(
            format!("{:<COLUMN$}", truncate(name, COLUMN - 1)),
            style,
        ));
    }
    if first_column + shown.len() < state.groups.len() {
        header.push(Span::styled("→", theme.dim));
    }
    lines.push(Line::from(header));
    let visible = usize::from(table_area.height).saturating_sub(1);
    let first_row = scroll_offset(state.selected_row, visible);
    for (position, &incident) in state
        .matrix_rows
        .iter()
        .enumerate()
        .skip(first_row)
        .take(visible)
    {
        let Some(incident) = app.workspace.data.incidents.get(incident as usize) else {
            continue;
        };
        let selected_row = position == state.selected_row;
        let base = if selected_row {
            theme.selected
        } else {
            theme.text
        };
        let label = format!(
            "{} {}",
            list_date(incident.date),
            app.workspace.data.victim_names(incident)
        );
        let mut spans = vec![Span::styled(
            format!("{:<label_width$}", truncate(&label, label_width - 1)),
            base,
        )];
        for (column, row) in &shown {
            let group_id = app
                .workspace
                .data
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
            pad(&mut cell, COLUMN, base);
            spans.extend(cell);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), table_area);
    frame.render_widget(Paragraph::new(selected_cell_line(app, theme)), footer);
}
