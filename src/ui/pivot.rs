//! The third-party pivot: targets grouped by the third party their breach went through,
//! with the groups linked to each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::border;
use super::parts::list_date;
use crate::app::{App, Focus};
use crate::layout::inner;
use crate::layout::scroll_offset;
use crate::layout::text::truncate;
use crate::theme::Theme;

/// Draws the pivot into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = Block::bordered()
        .title(format!(
            " Third parties: {} breaches went through one ",
            state.pivot.len()
        ))
        .border_style(border(theme, app.is_focused(Focus::ThirdParties)));
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);

    // Lay every row out, then show the window that holds the selection.
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut previous = None;
    for (position, entry) in state.pivot.iter().enumerate() {
        let data = &app.workspace.data;
        let Some(organisation) = app
            .workspace
            .links
            .third_parties
            .get(entry.third_party as usize)
            .and_then(|links| data.organisations.get(links.organisation as usize))
        else {
            continue;
        };
        if previous != Some(entry.third_party) {
            previous = Some(entry.third_party);
            let count = state
                .pivot
                .iter()
                .filter(|e| e.third_party == entry.third_party)
                .count();
            let sector = organisation
                .sector
                .as_deref()
                .map(|s| format!(" · {s}"))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(organisation.name.clone(), theme.heading),
                Span::styled(
                    format!(
                        "{sector} · {count} target{}",
                        if count == 1 { "" } else { "s" }
                    ),
                    theme.dim,
                ),
            ]));
        }
        let Some(incident) = data.incidents.get(entry.incident as usize) else {
            continue;
        };
        let selected = position == state.selected_pivot;
        let base = if selected { theme.selected } else { theme.text };
        if selected {
            selected_line = lines.len();
        }
        let role = incident
            .third_parties
            .iter()
            .find(|t| t.organisation == organisation.id)
            .map(|t| t.role.as_str())
            .unwrap_or("");
        let target = format!(
            "  {} {} ({role})",
            list_date(incident.date),
            app.workspace.data.victim_names(incident)
        );
        let mut first = vec![Span::styled(truncate(&target, width), base)];
        let mut second = vec![Span::styled("          ", base)];
        if incident.claims.is_empty() {
            second.push(Span::styled(
                "no group named by any source",
                base.patch(theme.dim),
            ));
        }
        for claim in &incident.claims {
            let (glyph, style) = theme.stance(claim.stance);
            second.push(Span::styled(
                format!("{glyph} {} ", claim.stance.label()),
                base.patch(style),
            ));
            second.push(Span::styled(
                format!("{}  ", app.workspace.data.group_name(&claim.group)),
                base,
            ));
        }
        for line in [&mut first, &mut second] {
            let used: usize = line.iter().map(Span::width).sum();
            if selected && used < width {
                line.push(Span::styled(" ".repeat(width - used), base));
            }
        }
        lines.push(Line::from(first));
        lines.push(Line::from(second));
    }
    if state.pivot.is_empty() {
        lines.push(Line::styled(
            "No breach among the results went through a third party.",
            theme.dim,
        ));
    }
    let visible = usize::from(inside.height);
    let first = scroll_offset(selected_line + 1, visible);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), inside);
}
