//! The third-party pivot: targets grouped by the third party their breach went through,
//! with every claim about each, and who disputes or denies one. Only the rows on screen
//! are built: a third party can have thousands of targets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::parts::{fit_line, list_date, pad_selected, shown as shown_text, victims};
use crate::app::relations::PivotRun;
use crate::app::{App, Focus};
use crate::data::{Incident, Stance};
use crate::layout::inner;
use crate::layout::scroll_offset;
use crate::layout::text::truncate;
use crate::theme::Theme;

/// The row of the selected entry, counting each third party's heading and two rows a target.
fn selected_line(runs: &[PivotRun], selected: usize) -> usize {
    let mut line = 0;
    for run in runs {
        if selected < run.start + run.len {
            return line + 1 + 2 * selected.saturating_sub(run.start);
        }
        line += 1 + 2 * run.len;
    }
    line
}

/// A target's claims in words: "◇ suspected ShinyHunters", and for a dispute or a denial,
/// who makes it: "≠ Maxis disputes R00TK1T".
fn claim_spans(
    app: &App,
    incident: &Incident,
    base: ratatui::style::Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let data = &app.workspace.data;
    let mut spans = Vec::new();
    if incident.claims.is_empty() {
        spans.push(Span::styled(
            "no group named by any source",
            base.patch(theme.dim),
        ));
    }
    for claim in &incident.claims {
        let (glyph, style) = theme.stance(claim.stance);
        let group = shown_text(data.group_name(&claim.group));
        let by = shown_text(&claim.by);
        let text = match claim.stance {
            Stance::Disputed => format!("{glyph} {by} disputes {group}  "),
            Stance::Denied => format!("{glyph} {by} denies {group}  "),
            stance => format!("{glyph} {} {group}  ", stance.label()),
        };
        spans.push(Span::styled(text, base.patch(style)));
    }
    spans
}

/// Draws the pivot into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.relations;
    let block = super::pane(theme, app.is_focused(Focus::ThirdParties)).title(format!(
        " Third parties: {} breaches went through one ",
        state.pivot.len()
    ));
    let inside = inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inside.width);
    let visible = usize::from(inside.height);
    let first = scroll_offset(
        selected_line(&state.pivot_runs, state.selected_pivot) + 1,
        visible,
    );
    let data = &app.workspace.data;
    let window = first..first + visible;
    // Each row with its line number: only rows in the window are built.
    let mut rows: Vec<(usize, Line)> = Vec::new();
    let mut line = 0;
    for run in &state.pivot_runs {
        let run_lines = 1 + 2 * run.len;
        if line + run_lines <= window.start {
            line += run_lines;
            continue;
        }
        if line >= window.end {
            break;
        }
        let Some(organisation) = app
            .workspace
            .links
            .third_parties
            .get(run.third_party as usize)
            .and_then(|links| data.organisations.get(links.organisation as usize))
        else {
            line += run_lines;
            continue;
        };
        if window.contains(&line) {
            let sector = organisation
                .sector
                .as_deref()
                .map(|s| format!(" · {}", shown_text(s)))
                .unwrap_or_default();
            let count = run.len;
            let heading = Line::from(vec![
                Span::styled(shown_text(&organisation.name).to_string(), theme.heading),
                Span::styled(
                    format!(
                        "{sector} · {count} target{}",
                        if count == 1 { "" } else { "s" }
                    ),
                    theme.dim,
                ),
            ]);
            rows.push((line, fit_line(heading, width)));
        }
        // Targets whose two rows touch the window.
        let from = window.start.saturating_sub(line + 2) / 2;
        let to = (window.end.saturating_sub(line + 1))
            .div_ceil(2)
            .min(run.len);
        for k in from..to {
            let Some(entry) = state.pivot.get(run.start + k) else {
                break;
            };
            let Some(incident) = data.incidents.get(entry.incident as usize) else {
                continue;
            };
            let selected = run.start + k == state.selected_pivot;
            let base = if selected { theme.selected } else { theme.text };
            let role = incident
                .third_parties
                .iter()
                .find(|t| t.organisation == organisation.id)
                .map(|t| shown_text(&t.role))
                .unwrap_or("");
            let target = format!(
                "  {} {} ({role})",
                list_date(incident.date),
                victims(data, incident)
            );
            let mut first_row = vec![Span::styled(truncate(&target, width), base)];
            let mut second_row = vec![Span::styled("          ", base)];
            second_row.extend(claim_spans(app, incident, base, theme));
            let mut second_row = fit_line(Line::from(second_row), width).spans;
            if selected {
                pad_selected(&mut first_row, width, base);
                pad_selected(&mut second_row, width, base);
            }
            rows.push((line + 1 + 2 * k, Line::from(first_row)));
            rows.push((line + 2 + 2 * k, Line::from(second_row)));
        }
        line += run_lines;
    }
    let shown: Vec<Line> = rows
        .into_iter()
        .filter(|(at, _)| window.contains(at))
        .map(|(_, row)| row)
        .collect();
    if state.pivot.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No breach among the results went through a third party.",
                theme.dim,
            )),
            inside,
        );
        return;
    }
    frame.render_widget(Paragraph::new(shown), inside);
}
