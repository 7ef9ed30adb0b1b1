//! The incidents screen's result list: each incident's date and title with the query's
//! matches highlighted, and a second line saying why it matched or who was hit by whom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::parts::{highlighted, list_date, pad_selected, shown as shown_text, victims};
use crate::app::{App, Focus};
use crate::data::Incident;
use crate::layout::{ROW_HEIGHT, inner};
use crate::search::{FieldKind, Hit, highlight_positions};
use crate::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// The second line of a row: why it matched, or who was hit and by whom.
fn context_text(app: &App, incident: &Incident, hit: &Hit) -> String {
    if let Some(via) = hit.via {
        return match via.kind {
            FieldKind::Text => "via the incident's text".to_string(),
            kind => {
                let term = app
                    .workspace
                    .index
                    .terms
                    .get(via.term as usize)
                    .map_or("", |t| &t.text);
                format!("via {}: {}", kind.label(), shown_text(term))
            }
        };
    }
    let victims = victims(&app.workspace.data, incident);
    let mut groups: Vec<&str> = Vec::new();
    for claim in &incident.claims {
        let name = shown_text(app.workspace.data.group_name(&claim.group));
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

/// What the list says when nothing matches: the query, and the closest names.
pub fn no_results_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    if app.workspace.data.incidents.is_empty() {
        return vec![Line::styled("This data file has no incidents.", theme.dim)];
    }
    let mut lines = vec![Line::styled("No incident matches.", theme.dim)];
    if app.is_searching() {
        return lines;
    }
    let suggestions = &app.search.raw.suggestions;
    if let Some(first) = suggestions.first() {
        let what = match &first.of {
            Some(group) => format!(" ({}, {group})", first.kind.label()),
            None => format!(" ({})", first.kind.label()),
        };
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Did you mean ", theme.text),
            Span::styled(shown_text(&first.name).to_string(), theme.heading),
            Span::styled(format!("{what}?"), theme.text),
        ]));
        let key = if app.search_line_has_keys() {
            "Enter or Tab"
        } else {
            "Enter"
        };
        lines.push(Line::from(vec![
            Span::styled(key.to_string(), theme.key),
            Span::styled(" searches for it.", theme.dim),
        ]));
        let others: Vec<&str> = suggestions[1..]
            .iter()
            .map(|s| shown_text(&s.name))
            .collect();
        if !others.is_empty() {
            lines.push(Line::styled(
                format!("Also close: {}", others.join(", ")),
                theme.dim,
            ));
        }
    } else if !app.query().is_empty() {
        lines.push(Line::styled(
            "No name in the data is close to the query.",
            theme.dim,
        ));
    }
    if !app.query().is_empty() {
        lines.push(Line::styled(
            "Esc in the list clears the search.",
            theme.dim,
        ));
    }
    if !app.search.filters.is_empty() {
        lines.push(Line::styled("x clears the filters.", theme.dim));
    }
    lines
}

/// Draws the result list.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let results = &app.search.results;
    let title = format!(
        " Incidents {} of {} ",
        results.hits.len(),
        app.workspace.data.incidents.len()
    );
    let block = super::pane(theme, app.is_focused(Focus::List)).title(title);
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let rows = usize::from(inside.height / ROW_HEIGHT);
    let query = &results.query;
    let mut lines: Vec<Line> = Vec::with_capacity(rows * 2);
    let list = app.panes.list;
    let title_width = width.saturating_sub(8);
    let shown: Vec<(usize, &Hit, &Incident, String)> = results
        .hits
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows)
        .filter_map(|(position, hit)| {
            let incident = app.workspace.incident(hit.incident)?;
            Some((position, hit, incident, context_text(app, incident, hit)))
        })
        .collect();
    // Second lines sit under the titles; when the names on any of them would be cut there,
    // they all start further left (one margin for the page), and a line that still does
    // not fit gives up its victims (the title names them) so the groups show whole.
    let indent = if shown.iter().all(|(_, _, _, c)| c.width() <= title_width) {
        8.min(width)
    } else {
        2.min(width)
    };
    for (position, hit, incident, mut context) in shown {
        let selected = position == list.selected;
        let base = if selected { theme.selected } else { theme.text };
        let date = list_date(incident.date);
        let mut first = vec![Span::styled(format!("{date} "), base.patch(theme.dim))];
        // Only what fits is matched and drawn: a 50 MB title costs what a short one does.
        let title = crate::layout::text::head(&incident.title, title_width);
        let positions = highlight_positions(title, query);
        first.extend(highlighted(
            title,
            &positions,
            title_width,
            base,
            theme.highlight,
        ));
        if context.width() > width.saturating_sub(indent)
            && hit.via.is_none()
            && let Some((_, groups)) = context.split_once(" · ")
            && groups.width() <= width.saturating_sub(indent)
        {
            context = groups.to_string();
        }
        let positions = highlight_positions(&context, query);
        let mut second = vec![Span::styled(" ".repeat(indent), base)];
        second.extend(highlighted(
            &context,
            &positions,
            width.saturating_sub(indent),
            base.patch(theme.dim),
            theme.highlight,
        ));
        if selected {
            pad_selected(&mut first, width, base);
            pad_selected(&mut second, width, base);
        }
        lines.push(Line::from(first));
        lines.push(Line::from(second));
    }
    if results.hits.is_empty() {
        let message = Paragraph::new(no_results_lines(app, theme)).wrap(Wrap { trim: true });
        frame.render_widget(message, inside);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inside);
}
