//! The help overlay: every key, generated from the keymap, opened at the section for where
//! you are, filtered by what is typed after `/`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::help::{HelpLine, help_lines};
use crate::app::{App, HelpState};
use crate::layout::text::truncate;
use crate::layout::{help_area, inner};
use crate::theme::Theme;

/// The most columns the keys take before their description.
const MAX_KEYS_COLUMN: usize = 30;

/// One line of help as drawn, cut to `width`.
fn line(help_line: &HelpLine, keys_column: usize, width: usize, theme: &Theme) -> Line<'static> {
    match help_line {
        HelpLine::Heading { title, here } => {
            let mut spans = vec![Span::styled(truncate(title, width), theme.heading)];
            if *here {
                let room = width.saturating_sub(title.width());
                spans.push(Span::styled(truncate("  ◀ you are here", room), theme.key));
            }
            Line::from(spans)
        }
        HelpLine::Key { keys, description } => {
            let keys = truncate(keys, keys_column.saturating_sub(3));
            let pad = keys_column.saturating_sub(keys.width() + 2);
            let room = width.saturating_sub(keys_column);
            Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.key),
                Span::styled(truncate(description, room), theme.text),
            ])
        }
        HelpLine::Blank => Line::raw(""),
    }
}

/// Draws the overlay centred over the screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, help: &HelpState, theme: &Theme) {
    let content = help_lines(&app.keymap, help.opened_from, help.filter.value());
    let filtered = help.typing || !help.filter.value().is_empty();
    let popup = help_area(area, content.len(), filtered);
    super::clear_overlay(frame, popup);
    let scrolls = app.help_max_scroll(help) > 0;
    let title = match (help.typing, scrolls) {
        (true, _) => " Keys: type to filter (Enter keeps it, Esc drops it) ".to_string(),
        (false, true) => " Keys (Esc closes, / filters, j/k scroll) ".to_string(),
        (false, false) => " Keys (Esc closes, / filters) ".to_string(),
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme.focused_border);
    let inside = inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inside.width);
    let mut rows = inside;
    if filtered {
        let filter = Line::from(vec![
            Span::styled("/ ", theme.key),
            Span::raw(truncate(help.filter.value(), width.saturating_sub(3))),
        ]);
        frame.render_widget(
            Paragraph::new(filter),
            Rect {
                height: 1,
                ..inside
            },
        );
        if help.typing {
            let x = inside
                .x
                .saturating_add(2)
                .saturating_add(help.filter.visual_cursor() as u16)
                .min(inside.right().saturating_sub(1));
            frame.set_cursor_position((x, inside.y));
        }
        rows.y = rows.y.saturating_add(1);
        rows.height = rows.height.saturating_sub(1);
    }
    // As wide as the longest keys need, so that none is cut, within reason.
    let keys_column = content
        .iter()
        .filter_map(|l| match l {
            HelpLine::Key { keys, .. } => Some(keys.width() + 4),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(MAX_KEYS_COLUMN);
    let lines: Vec<Line> = if content.is_empty() {
        vec![Line::styled("No key matches the filter.", theme.text)]
    } else {
        content
            .iter()
            .skip(usize::from(help.scroll))
            .take(usize::from(rows.height))
            .map(|l| line(l, keys_column, width, theme))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), rows);
}
