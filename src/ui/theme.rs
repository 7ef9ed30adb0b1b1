//! Colours and text styles, in one place so that every view looks alike.

use ratatui::style::{Color, Modifier, Style};

use crate::data::Stance;

/// The styles the views use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: dates, context lines, sources.
    pub dim: Style,
    /// Headings in the detail pane.
    pub heading: Style,
    /// Characters a query matched.
    pub highlight: Style,
    /// The selected row.
    pub selected: Style,
    /// Border of the focused pane.
    pub focused_border: Style,
    /// Border of other panes.
    pub border: Style,
    /// The status bar.
    pub status: Style,
    /// Keys named in the status bar and help.
    pub key: Style,
    /// Warnings: thin incidents, "searching…".
    pub warning: Style,
}

impl Theme {
    /// The default theme, for dark terminals.
    pub fn dark() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            highlight: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            focused_border: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::Blue).fg(Color::White),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow),
        }
    }

    /// How a stance is drawn: a glyph, its colour, and always its name in words.
    pub fn stance(&self, stance: Stance) -> (&'static str, Style) {
        let (glyph, color) = match stance {
            Stance::Claimed => ("◆", Color::Yellow),
            Stance::Suspected => ("◇", Color::Magenta),
            Stance::Attributed => ("■", Color::Blue),
            Stance::Confirmed => ("✔", Color::Green),
            Stance::Denied => ("✘", Color::Red),
            Stance::Disputed => ("≠", Color::LightRed),
        };
        (glyph, Style::new().fg(color).add_modifier(Modifier::BOLD))
    }
}
