//! The relations screen: attacker groups against the targets they claimed or are
//! suspected of, each link with its stance in glyph, colour and words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use super::border;
use super::parts::{list_date, source_label, stance_span};
use crate::app::{App, Focus};
use crate::data::Stance;
use crate::layout::text::truncate;
use crate::layout::{GROUP_ROWS, inner, scroll_offset};
use crate::theme::Theme;

/// Draws the group list: each group with its kind, aliases and targets by stance.
pub fn draw_groups(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = Block::bordered()
        .title(format!(" Groups {} ", state.groups.len()))
        .border_style(border(theme, app.is_focused(Focus::Groups)));
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let visible = usize::from(inside.height) / GROUP_ROWS;
    let first = scroll_offset(state.selected_group, visible);
    let mut lines = Vec::new();
    for (position, row) in state.groups.iter().enumerate().skip(first).take(visible) {
        let Some(group) = app.workspace.data.groups.get(row.group as usize) else {
            continue;
        };
        let base = if position == state.selected_group {
            theme.selected
        } else {
            theme.text
        };
        let selected = position == state.selected_group;
        let marker = if selected { "▶ " } else { "  " };
        let name = truncate(
            &group.name,
            width.saturating_sub(group.kind.label().len() + 5),
        );
        let mut title = vec![
            Span::styled(marker, base.patch(theme.key)),
            Span::styled(name, base.patch(theme.heading)),
            Span::styled(format!(" · {}", group.kind.label()), base.patch(theme.dim)),
        ];
        let aliases: Vec<&str> = group.aliases.iter().map(|a| a.name.as_str()).collect();
        let aliases = if aliases.is_empty() {
            "no known aliases".to_string()
        } else {
            format!("aka {}", aliases.join(", "))
        };
        let mut alias_line = vec![Span::styled(
            format!("    {}", truncate(&aliases, width.saturating_sub(4))),
            base.patch(theme.dim),
        )];
        let mut counts = vec![Span::styled("    ", base)];
        if row.total() == 0 {
            counts.push(Span::styled(
                "no target among the results",
                base.patch(theme.dim),
            ));
        }
        for (stance, count) in Stance::ALL.iter().zip(row.counts).filter(|(_, n)| *n > 0) {
            let (glyph, style) = theme.stance(*stance);
            counts.push(Span::styled(
                format!("{count} {glyph} {}  ", stance.label()),
                base.patch(style),
            ));
        }
        for line in [&mut title, &mut alias_line, &mut counts] {
            let used: usize = line.iter().map(Span::width).sum();
            if position == state.selected_group && used < width {
                line.push(Span::styled(" ".repeat(width - used), base));
            }
        }
        lines.extend([
            Line::from(title),
            Line::from(alias_line),
            Line::from(counts),
        ]);
    }
    if state.groups.is_empty() {
        lines.push(Line::styled(
            "No group is linked to the results.",
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inside);
}

/// Draws the selected group's targets: victim, date, stance, who says so, source.
pub fn draw_targets(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let group = app
        .selected_group_position()
        .and_then(|g| app.workspace.data.groups.get(g as usize))
        .map_or("no group", |g| g.name.as_str());
    let block = Block::bordered()
        .title(format!(" Targets of {group} ({}) ", state.targets.len()))
        .border_style(border(theme, app.is_focused(Focus::Targets)));
    // Wide panes give the source its full width; narrow ones share the room.
    let source = if inner(area).width >= 76 {
        Constraint::Length(22)
    } else {
        Constraint::Fill(2)
    };
    let constraints = [
        Constraint::Fill(3),
        Constraint::Length(7),
        Constraint::Length(12),
        Constraint::Fill(2),
        source,
    ];
    // Cut each cell to its column with an ellipsis; a table alone would cut mid-word.
    let widths: Vec<usize> = Layout::horizontal(constraints)
        .spacing(1)
        .split(Rect::new(0, 0, inner(area).width.saturating_sub(2), 1))
        .iter()
        .map(|column| usize::from(column.width))
        .collect();
    let fit = |column: usize, text: &str| truncate(text, widths.get(column).copied().unwrap_or(0));
    // Only the rows that fit are built: a group can have thousands of targets.
    let visible = usize::from(inner(area).height.saturating_sub(1)).max(1);
    let first = scroll_offset(state.selected_target, visible);
    let rows: Vec<Row> = state
        .targets
        .iter()
        .skip(first)
        .take(visible)
        .filter_map(|link| {
            let incident = app.workspace.data.incidents.get(link.incident as usize)?;
            let claim = incident.claims.get(link.claim as usize)?;
            Some(Row::new(vec![
                Cell::from(fit(0, &app.workspace.data.victim_names(incident))),
                Cell::from(list_date(incident.date)),
                Cell::from(stance_span(theme, claim.stance)),
                Cell::from(fit(3, &claim.by)),
                Cell::from(Span::styled(
                    fit(4, &source_label(app, &claim.source)),
                    theme.dim,
                )),
            ]))
        })
        .collect();
    let header = Row::new(["Target", "When", "Stance", "Says who", "Source"]).style(theme.heading);
    let table = Table::new(rows, constraints)
        .header(header)
        .block(block)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(if app.is_focused(Focus::Targets) {
            theme.selected
        } else {
            Style::new()
        });
    let mut table_state =
        TableState::default().with_selected(Some(state.selected_target.saturating_sub(first)));
    frame.render_stateful_widget(table, area, &mut table_state);
}
