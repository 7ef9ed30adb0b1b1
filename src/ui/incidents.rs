//! The incidents screen: search line, result list, detail pane, status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::layout::{IncidentsLayout, ROW_HEIGHT, inner};
use super::text::truncate;
use super::theme::Theme;
use crate::app::{App, Focus};
use crate::data::{Incident, PartialDate, Precision};
use crate::search::{FieldKind, Hit, highlight_positions};

/// A date in seven columns for the list: `2019-09`, `2019`, `~2019`, `2009/10`.
pub fn list_date(date: Option<PartialDate>) -> String {
    let Some(date) = date else {
        return "undated".to_string();
    };
    let text = match date.precision() {
        Precision::YearRange => format!(
            "{}/{:02}",
            date.year,
            date.until_year.unwrap_or(date.year) % 100
        ),
        Precision::Year => format!("{}{}", if date.approximate { "~" } else { "" }, date.year),
        Precision::Month | Precision::Day => {
            format!(
                "{}{}-{:02}",
                if date.approximate { "~" } else { "" },
                date.year,
                date.month.unwrap_or(0)
            )
        }
    };
    format!("{text:<7}")
}

/// `text` cut to `width`, with the characters at `positions` highlighted.
pub fn highlighted<'a>(
    text: &str,
    positions: &[usize],
    width: usize,
    base: Style,
    highlight: Style,
) -> Vec<Span<'a>> {
    let shown = truncate(text, width);
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run = String::new();
    let mut run_is_match = false;
    for (i, c) in shown.chars().enumerate() {
        let is_match = positions.binary_search(&i).is_ok() && c != '…';
        if is_match != run_is_match && !run.is_empty() {
            let style = if run_is_match {
                base.patch(highlight)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_is_match = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_is_match {
            base.patch(highlight)
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    spans
}

/// The second line of a row: why it matched, or who was hit and by whom.
fn context_text(app: &App, incident: &Incident, hit: &Hit) -> String {
    if let Some(via) = hit.via {
        return match via.kind {
            FieldKind::Text => "via the incident's text".to_string(),
            kind => {
                let term = app
                    .index
                    .terms
                    .get(via.term as usize)
                    .map_or("", |t| &t.text);
                format!("via {}: {term}", kind.label())
            }
        };
    }
    let victims = app.data.victim_names(incident);
    let mut groups: Vec<&str> = Vec::new();
    for claim in &incident.claims {
        let name = app.data.group_name(&claim.group);
        if !groups.contains(&name) {
            groups.push(name);
        }
    }
    if groups.is_empty() {
        victims
    } else {
        format!("{victims} · {}", groups.join(", "))
    }
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Focus::List;
    let title = format!(
        " Incidents {} of {} ",
        app.results.hits.len(),
        app.data.incidents.len()
    );
    let block = Block::bordered().title(title).border_style(if focused {
        theme.focused_border
    } else {
        theme.border
    });
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let rows = usize::from(inside.height / ROW_HEIGHT);
    let query = &app.results.query;
    let mut lines: Vec<Line> = Vec::with_capacity(rows * 2);
    for (position, hit) in app
        .results
        .hits
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(rows)
    {
        let incident = app.index.incident(hit.incident);
        let selected = position == app.selected;
        let base = if selected { theme.selected } else { theme.text };
        let date = list_date(incident.date);
        let title_width = width.saturating_sub(8);
        let mut first = vec![Span::styled(format!("{date} "), base.patch(theme.dim))];
        let positions = highlight_positions(&incident.title, query);
        first.extend(highlighted(
            &incident.title,
            &positions,
            title_width,
            base,
            theme.highlight,
        ));
        let context = context_text(app, incident, hit);
        let positions = highlight_positions(&context, query);
        let mut second = vec![Span::styled("        ", base)];
        second.extend(highlighted(
            &context,
            &positions,
            title_width,
            base.patch(theme.dim),
            theme.highlight,
        ));
        let pad = |line: &mut Vec<Span>, used: usize| {
            if selected && used < width {
                line.push(Span::styled(" ".repeat(width - used), base));
            }
        };
        let used_first: usize = first.iter().map(Span::width).sum();
        pad(&mut first, used_first);
        let used_second: usize = second.iter().map(Span::width).sum();
        pad(&mut second, used_second);
        lines.push(Line::from(first));
        lines.push(Line::from(second));
    }
    if app.results.hits.is_empty() {
        lines.push(Line::styled("No incident matches.", theme.dim));
        lines.push(Line::styled("Esc clears the search.", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inside);
}

/// Draws the whole incidents screen.
pub fn draw(frame: &mut Frame, screen: IncidentsLayout, app: &App, theme: &Theme) {
    super::draw_list_screen(frame, screen, app, theme, draw_list);
}
