//! The relations screen's list mode: attacker groups, and the selected group's targets,
//! each link with its stance in glyph, colour and words. Names come whole first: a group's
//! kind, counts and aliases, and a target's "says who" and source, give way when the room
//! runs out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::parts::{list_date, pad_selected, shown, source_label, stance_span, victims};
use crate::app::{App, Focus};
use crate::data::Stance;
use crate::layout::text::{ColumnNeed, fit_columns, truncate};
use crate::layout::{GROUP_ROWS, inner, scroll_offset};
use crate::theme::Theme;

/// The counts of a group's links by stance, in words when they fit ("3 ◆ claimed  1 ≠
/// disputed"), else in glyphs ("3◆ 1≠").
fn count_spans(counts: [usize; 6], width: usize, base: Style, theme: &Theme) -> Vec<Span<'static>> {
    let shown: Vec<(Stance, usize)> = Stance::ALL
        .iter()
        .copied()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .collect();
    let words: usize = shown
        .iter()
        .map(|(stance, n)| n.to_string().len() + 3 + stance.label().len() + 2)
        .sum();
    shown
        .into_iter()
        .map(|(stance, count)| {
            let (glyph, style) = theme.stance(stance);
            let text = if words <= width {
                format!("{count} {glyph} {}  ", stance.label())
            } else {
                format!("{count}{glyph} ")
            };
            Span::styled(text, base.patch(style))
        })
        .collect()
}

/// Draws the group list: each group with its kind, aliases and targets by stance.
pub fn draw_groups(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = super::pane(theme, app.is_focused(Focus::Groups))
        .title(format!(" Groups {} ", state.groups.len()));
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
        let selected = position == state.selected_group;
        let base = if selected { theme.selected } else { theme.text };
        let marker = if selected { "▶ " } else { "  " };
        // The name first, whole if it can be; the kind only where it fits too.
        let name = truncate(&group.name, width.saturating_sub(2));
        let kind = format!(" · {}", group.kind.label());
        let mut title = vec![
            Span::styled(marker, base.patch(theme.key)),
            Span::styled(name.clone(), base.patch(theme.heading)),
        ];
        if 2 + name.width() + kind.width() <= width {
            title.push(Span::styled(kind, base.patch(theme.dim)));
        }
        let aliases: Vec<&str> = group.aliases.iter().map(|a| shown(&a.name)).collect();
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
                truncate("no target among the results", width.saturating_sub(4)),
                base.patch(theme.dim),
            ));
        }
        counts.extend(count_spans(
            row.counts,
            width.saturating_sub(4),
            base,
            theme,
        ));
        if selected {
            for line in [&mut title, &mut alias_line, &mut counts] {
                pad_selected(line, width, base);
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

/// How many different targets (incidents) a group's links reach: a claim and a dispute of
/// the same breach are one target.
fn distinct_targets(app: &App) -> usize {
    let mut incidents: Vec<u32> = app
        .panes
        .relations
        .targets
        .iter()
        .map(|l| l.incident)
        .collect();
    incidents.sort_unstable();
    incidents.dedup();
    incidents.len()
}

/// One target row's cells, as text: victim, date, who says so, source.
struct TargetCells {
    target: String,
    when: String,
    says: String,
    source: String,
    stance: Stance,
}

/// Draws the selected group's targets: victim, date, stance, who says so, source. Columns
/// are as wide as their content; "says who" and the source are cut, then dropped for a line
/// under the table, before a target's name is cut.
pub fn draw_targets(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let group = app
        .selected_group_position()
        .and_then(|g| app.workspace.data.groups.get(g as usize))
        .map_or("no group", |g| shown(&g.name));
    let targets = distinct_targets(app);
    let links = state.targets.len();
    let counted = if links == targets {
        format!("{targets}")
    } else {
        format!("{targets}, {links} claims")
    };
    let title = truncate(
        &format!(" Targets of {group} ({counted}) "),
        usize::from(area.width.saturating_sub(2)),
    );
    let block = super::pane(theme, app.is_focused(Focus::Targets)).title(title);
    let inside = inner(area);
    frame.render_widget(block, area);
    // Only the rows that fit are built: a group can have thousands of targets.
    let visible = usize::from(inside.height.saturating_sub(1)).max(1);
    let first = scroll_offset(state.selected_target, visible);
    let data = &app.workspace.data;
    let cells: Vec<TargetCells> = state
        .targets
        .iter()
        .skip(first)
        .take(visible)
        .filter_map(|link| {
            let incident = data.incidents.get(link.incident as usize)?;
            let claim = incident.claims.get(link.claim as usize)?;
            Some(TargetCells {
                target: victims(data, incident),
                when: list_date(incident.date),
                says: shown(&claim.by).to_string(),
                source: source_label(app, &claim.source),
                stance: claim.stance,
            })
        })
        .collect();
    let widest = |header: &str, cell: fn(&TargetCells) -> &str| {
        cells
            .iter()
            .map(|c| cell(c).width())
            .chain(std::iter::once(header.width()))
            .max()
            .unwrap_or(0)
    };
    let columns = [
        ColumnNeed {
            need: widest("Target", |c| &c.target),
            min: 8,
            priority: 0,
        },
        ColumnNeed {
            need: 7,
            min: 7,
            priority: 2,
        },
        ColumnNeed {
            need: 12,
            min: 12,
            priority: 1,
        },
        ColumnNeed {
            need: widest("Says who", |c| &c.says),
            min: 8,
            priority: 3,
        },
        ColumnNeed {
            need: widest("Source", |c| &c.source),
            min: 10,
            priority: 4,
        },
    ];
    // Two columns go to the selection marker.
    let widths = fit_columns(usize::from(inside.width).saturating_sub(2), &columns);
    let dropped = widths[3] == 0 || widths[4] == 0;
    let [table_area, footer] = if dropped {
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inside)
    } else {
        [inside, Rect::default()]
    };
    let shown = |cells: Vec<Cell<'static>>| -> Row<'static> {
        Row::new(
            cells
                .into_iter()
                .zip(&widths)
                .filter(|(_, w)| **w > 0)
                .map(|(cell, _)| cell),
        )
    };
    let fit = |column: usize, text: &str| truncate(text, widths[column]);
    let rows: Vec<Row> = cells
        .iter()
        .map(|c| {
            shown(vec![
                Cell::from(fit(0, &c.target)),
                Cell::from(c.when.clone()),
                Cell::from(stance_span(theme, c.stance)),
                Cell::from(fit(3, &c.says)),
                Cell::from(Span::styled(fit(4, &c.source), theme.dim)),
            ])
        })
        .collect();
    let header = shown(
        ["Target", "When", "Stance", "Says who", "Source"]
            .into_iter()
            .map(Cell::from)
            .collect(),
    )
    .style(theme.heading);
    let constraints: Vec<Constraint> = widths
        .iter()
        .filter(|w| **w > 0)
        .map(|&w| Constraint::Length(w as u16))
        .collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(if app.is_focused(Focus::Targets) {
            theme.selected
        } else {
            Style::new()
        });
    let mut table_state =
        TableState::default().with_selected(Some(state.selected_target.saturating_sub(first)));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    if dropped && let Some(selected) = cells.get(state.selected_target.saturating_sub(first)) {
        let text = format!("by {} [{}]", selected.says, selected.source);
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&text, usize::from(footer.width)),
                theme.dim,
            )),
            footer,
        );
    }
}
