//! The relations screen: attacker groups against the targets they claimed or are
//! suspected of, each link with its stance in glyph, colour and words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use super::incidents::list_date;
use super::layout::{RelationsLayout, inner};
use super::text::truncate;
use super::theme::Theme;
use super::{matrix, pivot, search_line, status};
use crate::app::{App, Focus, RelationsMode};
use crate::data::Stance;

/// Rows per group in the group list: name, aliases, counts.
pub const GROUP_ROWS: usize = 3;

/// A source's short citation: "The Register, 2025-08".
pub fn source_label(app: &App, id: &str) -> String {
    match app.data.source(id) {
        Some(source) => match source.date {
            Some(date) => format!("{}, {}", source.outlet, date.to_compact()),
            None => source.outlet.to_string(),
        },
        None => id.to_string(),
    }
}

/// A stance as a glyph and its word, in its colour: "◇ suspected".
pub fn stance_span(theme: &Theme, stance: Stance) -> Span<'static> {
    let (glyph, style) = theme.stance(stance);
    Span::styled(format!("{glyph} {}", stance.label()), style)
}

/// The first row to draw so that `selected` stays within `visible` rows.
pub fn scroll_offset(selected: usize, visible: usize) -> usize {
    (selected + 1).saturating_sub(visible.max(1))
}

/// The border style of a pane, by whether it has focus.
pub fn border(theme: &Theme, focused: bool) -> Style {
    if focused {
        theme.focused_border
    } else {
        theme.border
    }
}

fn draw_groups(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.relations;
    let block = Block::bordered()
        .title(format!(" Groups {} ", state.groups.len()))
        .border_style(border(theme, app.focus == Focus::Groups));
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let visible = usize::from(inside.height) / GROUP_ROWS;
    let first = scroll_offset(state.selected_group, visible);
    let mut lines = Vec::new();
    for (position, row) in state.groups.iter().enumerate().skip(first).take(visible) {
        let group = &app.data.groups[row.group as usize];
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

fn draw_targets(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.relations;
    let group = app
        .selected_group_position()
        .map_or("no group", |g| app.data.groups[g as usize].name.as_str());
    let block = Block::bordered()
        .title(format!(" Targets of {group} ({}) ", state.targets.len()))
        .border_style(border(theme, app.focus == Focus::Targets));
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
        .map(|link| {
            let incident = &app.data.incidents[link.incident as usize];
            let claim = &incident.claims[link.claim as usize];
            Row::new(vec![
                Cell::from(fit(0, &app.data.victim_names(incident))),
                Cell::from(list_date(incident.date)),
                Cell::from(stance_span(theme, claim.stance)),
                Cell::from(fit(3, &claim.by)),
                Cell::from(Span::styled(
                    fit(4, &source_label(app, &claim.source)),
                    theme.dim,
                )),
            ])
        })
        .collect();
    let header = Row::new(["Target", "When", "Stance", "Says who", "Source"]).style(theme.heading);
    let table = Table::new(rows, constraints)
        .header(header)
        .block(block)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(if app.focus == Focus::Targets {
            theme.selected
        } else {
            Style::new()
        });
    let mut table_state = TableState::default().with_selected(Some(state.selected_target - first));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// The stance legend: every glyph with its word.
pub fn draw_legend(frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut spans = vec![Span::styled(" stances: ", theme.dim)];
    for stance in Stance::ALL {
        spans.push(stance_span(theme, stance));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws the whole relations screen in its current mode.
pub fn draw(frame: &mut Frame, screen: RelationsLayout, app: &App, theme: &Theme) {
    search_line::draw(frame, screen.search, app, theme);
    match app.relations.mode {
        RelationsMode::Groups => {
            draw_groups(frame, screen.groups, app, theme);
            draw_targets(frame, screen.targets, app, theme);
        }
        RelationsMode::Matrix => matrix::draw(frame, screen.body, app, theme),
        RelationsMode::ThirdParties => pivot::draw(frame, screen.body, app, theme),
    }
    draw_legend(frame, screen.legend, theme);
    status::draw(frame, screen.status, app, theme);
}
