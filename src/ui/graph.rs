//! The graph screen: the picture laid out in `update`, copied into the frame with the
//! theme's colours; the selected node and its lines bright, the rest dimmed; a legend of
//! line styles and glyphs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::parts::fit_line;
use crate::app::{App, Focus, Shown};
use crate::data::Stance;
use crate::data::graph::Kind;
use crate::layout::graph::{Ink, Role};
use crate::theme::Theme;

/// The style of a line: its stance's colour, bold when lit, dim otherwise.
fn ink_style(theme: &Theme, ink: Ink, lit: bool) -> Style {
    let style = match ink {
        Ink::Stance(stance) => theme.stance(stance).1,
        Ink::Mixed | Ink::Route => theme.text,
    };
    if lit {
        style.add_modifier(Modifier::BOLD)
    } else {
        style
            .remove_modifier(Modifier::BOLD)
            .add_modifier(Modifier::DIM)
    }
}

/// Draws the picture and its title into `area` (the body: title row, then the picture).
pub fn draw(frame: &mut Frame, area: Rect, picture_area: Rect, app: &App, theme: &Theme) {
    let state = &app.panes.graph;
    let graph = &state.graph;
    let focused = app.is_focused(Focus::Graph);
    let what = match state.shown {
        Shown::Whole => format!(
            " Graph: {} groups, {} targets, {} third parties ",
            graph.columns[0].len(),
            graph.columns[1].len(),
            graph.columns[2].len()
        ),
        Shown::Neighbourhood(steps) => {
            let name = state
                .centre
                .and_then(|c| graph.find(c))
                .map_or("", |n| graph.name(&app.workspace.data, n));
            let name = crate::layout::text::truncate(crate::layout::text::shown(name), 30);
            let steps = if steps == 1 { "one step" } else { "two steps" };
            format!(" Graph: around {name}, {steps} (+/- more or less) ")
        }
    };
    // Names in the picture give way to the lines at narrow widths: the selected one is
    // always readable whole here, with what it is.
    let selected = state.selected.and_then(|node| {
        let index = graph.find(node)?;
        let kind = match node.kind {
            Kind::Group => "group",
            Kind::Victim => "target",
            Kind::ThirdParty => "third party",
        };
        let name = crate::layout::text::shown(graph.name(&app.workspace.data, index));
        Some(format!(" {name} · {kind} "))
    });
    // The counts give way to the selected name when both do not fit.
    let width = crate::layout::text::width;
    let what = match &selected {
        Some(name) if width(&what) + width(name) + 2 > usize::from(area.width) => {
            " Graph ".to_string()
        }
        _ => what,
    };
    let room = usize::from(area.width).saturating_sub(width(&what) + 2);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(super::border(theme, focused))
        .title(what)
        .title_top(
            Line::from(
                selected
                    .map(|s| crate::layout::text::truncate(&s, room))
                    .unwrap_or_default(),
            )
            .right_aligned(),
        )
        .title_style(if focused {
            theme.focused_border
        } else {
            theme.text
        });
    frame.render_widget(block, area);
    if graph.nodes.is_empty() {
        let message = Line::styled(
            "No group is linked to any incident among the results.",
            theme.dim,
        );
        frame.render_widget(Paragraph::new(message), picture_area);
        return;
    }
    let picture = &state.picture;
    let buffer = frame.buffer_mut();
    let inside = |x: u16, y: u16| x < picture_area.width && y < picture_area.height;
    for stroke in &picture.strokes {
        if inside(stroke.x, stroke.y) {
            buffer[(picture_area.x + stroke.x, picture_area.y + stroke.y)]
                .set_symbol(stroke.symbol)
                .set_style(ink_style(theme, stroke.ink, stroke.lit));
        }
    }
    for label in &picture.labels {
        if !inside(label.x, label.y) {
            continue;
        }
        let style = match label.role {
            Role::Glyph(stance) => ink_style(theme, Ink::Stance(stance), label.lit),
            Role::Fold => theme.warning,
            Role::Node(_) if label.selected => theme.selected,
            Role::Node(_) if label.lit => theme.text.add_modifier(Modifier::BOLD),
            Role::Node(_) => theme.dim,
        };
        let room = picture_area.width - label.x;
        buffer.set_stringn(
            picture_area.x + label.x,
            picture_area.y + label.y,
            &label.text,
            usize::from(room),
            style,
        );
    }
}

/// The legend: each stance's line, glyph and word; the third parties' dotted line.
pub fn draw_legend(frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = usize::from(area.width);
    // Roomy when it fits, else one stretch of line a stance and a shorter last word.
    let legend = |repeat: usize, route: &str| {
        let mut spans = vec![Span::raw(" ")];
        for stance in Stance::ALL {
            let ink = Ink::Stance(stance);
            spans.push(Span::styled(
                format!(
                    "{}{} {}",
                    ink.sample().repeat(repeat),
                    stance.glyph(),
                    stance.label()
                ),
                ink_style(theme, ink, true),
            ));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            format!("{} {route}", Ink::Route.sample().repeat(repeat)),
            ink_style(theme, Ink::Route, true),
        ));
        Line::from(spans)
    };
    let line = [
        legend(2, "via third party"),
        legend(1, "via third party"),
        legend(1, "via"),
    ]
    .into_iter()
    .find(|l| l.width() <= width)
    .unwrap_or_else(|| legend(1, "via"));
    frame.render_widget(Paragraph::new(fit_line(line, width)), area);
}
