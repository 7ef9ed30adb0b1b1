//! The timeline: incidents along time, grouped by year and month, coloured by group, with
//! partial dates shown as what they are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::border;
use crate::app::{App, Focus, TimelineRow};
use crate::data::Precision;
use crate::data::date::month_name;
use crate::layout::text::truncate;
use crate::layout::{inner, timeline_first_row};
use crate::theme::{Theme, ThemeName};

/// Colours for groups, in group order; groups beyond these reuse them.
const GROUP_COLORS: [Color; 8] = [
    Color::Magenta,
    Color::Yellow,
    Color::Cyan,
    Color::Green,
    Color::LightRed,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightGreen,
];

/// The colour of a group (by its position in the data), or none in the mono theme.
pub fn group_style(theme: &Theme, group: Option<usize>) -> Style {
    match (theme.name, group) {
        (ThemeName::Mono, _) | (_, None) => theme.text,
        (_, Some(position)) => Style::new().fg(GROUP_COLORS[position % GROUP_COLORS.len()]),
    }
}

fn row_line<'a>(
    app: &'a App,
    row: &TimelineRow,
    selected: bool,
    width: usize,
    theme: &Theme,
) -> Line<'a> {
    match *row {
        TimelineRow::Year {
            year,
            until: Some(until),
            count,
        } => Line::from(vec![
            Span::styled(format!("{year} to {until}"), theme.heading),
            Span::styled(format!("  year uncertain · {count}"), theme.warning),
        ]),
        TimelineRow::Year {
            year,
            until: None,
            count,
        } => Line::from(vec![
            Span::styled(year.to_string(), theme.heading),
            Span::styled(
                format!("  {count} incident{}", if count == 1 { "" } else { "s" }),
                theme.dim,
            ),
        ]),
        TimelineRow::YearOnly { year } => {
            Line::styled(format!("  {year}, month not known"), theme.dim)
        }
        TimelineRow::Month { month, .. } => {
            Line::styled(format!("  {}", month_name(month)), theme.heading)
        }
        TimelineRow::Undated => Line::styled("Undated", theme.heading),
        TimelineRow::Item { incident } => {
            let Some(incident) = app.workspace.data.incidents.get(incident as usize) else {
                return Line::raw("");
            };
            let group = incident.claims.first().and_then(|c| {
                app.workspace
                    .data
                    .groups
                    .iter()
                    .position(|g| g.id == c.group)
            });
            let base = if selected { theme.selected } else { theme.text };
            let day = match incident.date.map(|d| (d.precision(), d.day)) {
                Some((Precision::Day, Some(day))) => format!("{day:>2} "),
                _ => "   ".to_string(),
            };
            let who = incident
                .claims
                .first()
                .map(|c| app.workspace.data.group_name(&c.group))
                .unwrap_or("no group named");
            let text = format!("{} · {who}", app.workspace.data.victim_names(incident));
            let mut spans = vec![
                Span::styled(format!("    {day}"), base.patch(theme.dim)),
                Span::styled("● ", base.patch(group_style(theme, group))),
                Span::styled(truncate(&text, width.saturating_sub(9)), base),
            ];
            let used: usize = spans.iter().map(Span::width).sum();
            if selected && used < width {
                spans.push(Span::styled(" ".repeat(width - used), base));
            }
            Line::from(spans)
        }
    }
}

/// Draws the timeline pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut legend = vec![Span::raw(" ")];
    for (position, group) in app.workspace.data.groups.iter().enumerate().take(8) {
        legend.push(Span::styled("● ", group_style(theme, Some(position))));
        legend.push(Span::styled(
            format!("{}  ", truncate(&group.name, 16)),
            theme.dim,
        ));
    }
    let block = Block::bordered()
        .title(format!(
            " Timeline · {} incidents, earliest first ",
            app.panes.timeline.items.len()
        ))
        .title_bottom(Line::from(legend))
        .border_style(border(theme, app.is_focused(Focus::Timeline)));
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let height = usize::from(inside.height);
    let timeline = &app.panes.timeline;
    let selected_row = timeline.items.get(timeline.selected).copied();
    let first = timeline_first_row(selected_row, height);
    let lines: Vec<Line> = timeline
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(position, row)| row_line(app, row, Some(position) == selected_row, width, theme))
        .collect();
    let lines = if lines.is_empty() {
        vec![Line::styled("No incident matches.", theme.dim)]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(lines), inside);
}
