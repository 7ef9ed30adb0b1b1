//! A group's profile over the screen (see [`crate::layout::profile`]).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::app::{App, ProfileState};
use crate::layout::profile::profile;
use crate::layout::{inner, profile_area};
use crate::theme::Theme;

/// Draws the profile in the middle of `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &ProfileState, theme: &Theme) {
    let popup = profile_area(area);
    super::clear_overlay(frame, popup);
    let inside = inner(popup);
    let rows = state.group().map_or_else(Vec::new, |group| {
        profile(
            &app.workspace.data,
            &app.workspace.links,
            group as usize,
            theme,
            inside.width,
        )
    });
    let total = rows.len();
    let visible = usize::from(inside.height);
    let mut block = Block::bordered()
        .title(" Group profile (Esc closes, Enter: its targets) ")
        .border_style(theme.focused_border);
    if state.groups.len() > 1 {
        block = block.title(
            Line::styled(
                format!(
                    " {}/{} · Tab: next group ",
                    state.shown + 1,
                    state.groups.len()
                ),
                theme.key,
            )
            .alignment(Alignment::Right),
        );
    }
    if total > visible {
        let last = (usize::from(state.scroll) + visible).min(total);
        block = block.title_bottom(
            Line::styled(format!(" {last}/{total} "), theme.key).alignment(Alignment::Right),
        );
    }
    let shown: Vec<Line> = rows
        .into_iter()
        .skip(usize::from(state.scroll))
        .take(visible)
        .collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
