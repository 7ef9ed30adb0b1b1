//! The status bar: result count, the query, and the keys that matter now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::{bindings, keys_label};

/// The key hints for the current mode, from the keymap itself.
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    bindings(app.mode())
        .iter()
        .filter_map(|binding| binding.hint.map(|hint| (keys_label(binding), hint)))
        .collect()
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![Span::styled(
        format!(
            " {} of {} ",
            app.results.hits.len(),
            app.data.incidents.len()
        ),
        theme.status,
    )];
    if !app.query.is_empty() {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("“{}”", app.query), theme.text));
    }
    let filters = app.filters.describe(&app.data);
    if !filters.is_empty() {
        spans.push(Span::styled(
            format!(" filtered: {}", filters.join("; ")),
            theme.key,
        ));
    }
    if app.sort != crate::app::SortOrder::Relevance {
        spans.push(Span::styled(
            format!(" sorted by {}", app.sort.label()),
            theme.dim,
        ));
    }
    if app.view == crate::app::View::Relations {
        spans.push(Span::styled(
            format!(" {} groups", app.relations.groups.len()),
            theme.dim,
        ));
    }
    if let Some(notice) = &app.notice {
        spans.push(Span::styled(format!(" {notice}"), theme.warning));
    }
    if app.is_searching() {
        spans.push(Span::styled(" searching…", theme.warning));
    }
    for (keys, hint) in hints(app) {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {hint}"), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
