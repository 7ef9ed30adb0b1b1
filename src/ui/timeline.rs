//! The timeline: incidents along time, grouped by year and month, coloured by group, with
//! partial dates shown as what they are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Focus, TimelineRow};
use crate::data::Precision;
use crate::data::date::month_name;
use crate::layout::text::truncate;
use unicode_width::UnicodeWidthStr;

use super::parts::{pad_selected, shown, victims};
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
            let data = &app.workspace.data;
            let Some(incident) = data.incidents.get(incident as usize) else {
                return Line::raw("");
            };
            // Every group a claim names, once each, in claim order.
            let mut groups: Vec<usize> = Vec::new();
            for claim in &incident.claims {
                if let Some(position) = data.group_position(&claim.group)
                    && !groups.contains(&position)
                {
                    groups.push(position);
                }
            }
            let base = if selected { theme.selected } else { theme.text };
            let day = match incident.date.map(|d| (d.precision(), d.day)) {
                Some((Precision::Day, Some(day))) => format!("{day:>2} "),
                _ => "   ".to_string(),
            };
            let mut spans = vec![Span::styled(format!("    {day}"), base.patch(theme.dim))];
            if groups.is_empty() {
                spans.push(Span::styled("○", base.patch(theme.dim)));
            }
            for &group in groups.iter().take(3) {
                spans.push(Span::styled(
                    "●",
                    base.patch(group_style(theme, Some(group))),
                ));
            }
            spans.push(Span::styled(" ", base));
            let who = if groups.is_empty() {
                "no group named".to_string()
            } else {
                groups
                    .iter()
                    .filter_map(|&g| data.groups.get(g))
                    .map(|g| shown(&g.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let used: usize = spans.iter().map(Span::width).sum();
            let room = width.saturating_sub(used);
            let victims = victims(data, incident);
            let mut text = format!("{victims} · {who}");
            // Where every name does not fit: the first group and how many more, so no
            // suspect goes unsaid.
            if text.width() > room && groups.len() > 1 {
                let first = data.groups.get(groups[0]).map_or("", |g| shown(&g.name));
                let short = format!("{victims} · {first} +{}", groups.len() - 1);
                if short.width() <= room {
                    text = short;
                }
            }
            spans.push(Span::styled(truncate(&text, room), base));
            if selected {
                pad_selected(&mut spans, width, base);
            }
            Line::from(spans)
        }
    }
}

/// The legend under the timeline: each group's colour with its name, whole, as many as
/// fit, then how many more.
fn legend(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let groups = &app.workspace.data.groups;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (position, group) in groups.iter().enumerate() {
        let item = format!("{}  ", shown(&group.name));
        let rest = groups.len() - position - 1;
        let more = if rest > 0 {
            format!("+{rest} more ")
        } else {
            String::new()
        };
        if used + 2 + item.width() + more.width() > width {
            spans.push(Span::styled(
                format!("+{} more ", groups.len() - position),
                theme.dim,
            ));
            break;
        }
        used += 2 + item.width();
        spans.push(Span::styled("● ", group_style(theme, Some(position))));
        spans.push(Span::styled(item, theme.dim));
    }
    Line::from(spans)
}

/// The timeline's title, as long as the pane allows: `width` is the border's length.
fn title(count: usize, width: usize) -> String {
    let incidents = if count == 1 { "incident" } else { "incidents" };
    [
        format!(" Timeline · {count} {incidents}, earliest first "),
        format!(" Timeline · {count} {incidents} "),
        format!(" Timeline · {count} "),
        " Timeline ".to_string(),
    ]
    .into_iter()
    .find(|t| t.width() + 2 <= width)
    .unwrap_or_default()
}

/// Draws the timeline pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let border_length = usize::from(area.width.saturating_sub(2));
    let block = super::pane(theme, app.is_focused(Focus::Timeline))
        .title(title(app.panes.timeline.items.len(), border_length))
        .title_bottom(legend(app, border_length, theme));
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
