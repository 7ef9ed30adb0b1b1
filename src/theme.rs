//! Colours and text styles, in one place so that every view looks alike: dark (the
//! default), light, high contrast for projectors, and monochrome for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::data::Stance;

/// The themes a user can pick with `--theme` or cycle with a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeName {
    /// Light text on the terminal's own dark background.
    #[default]
    Dark,
    /// Dark text on white.
    Light,
    /// White on black with bright, bold colours: for projectors.
    HighContrast,
    /// No colour at all: bold, reverse and underline only (`NO_COLOR`, `--no-color`).
    Mono,
}

impl ThemeName {
    /// Every theme, in the order the key cycles them.
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Mono,
    ];

    /// The name used on the command line and in the status bar.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Mono => "mono",
        }
    }

    /// The theme called `name`, if there is one.
    pub fn parse(name: &str) -> Option<ThemeName> {
        ThemeName::ALL
            .into_iter()
            .find(|t| t.name() == name.trim().to_lowercase())
    }

    /// The next theme in the cycle.
    pub fn next(self) -> ThemeName {
        let position = ThemeName::ALL.iter().position(|&t| t == self).unwrap_or(0);
        ThemeName::ALL[(position + 1) % ThemeName::ALL.len()]
    }
}

/// The styles the views use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Which theme this is.
    pub name: ThemeName,
    /// The whole screen's background and text colour.
    pub base: Style,
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
    /// The status bar's counter.
    pub status: Style,
    /// Keys named in the status bar and help.
    pub key: Style,
    /// Warnings: thin incidents, "searching…".
    pub warning: Style,
    /// The tour caption.
    pub caption: Style,
    /// Colours of the six stances, in [`Stance::ALL`] order (`None`: no colour).
    stance_colors: [Option<Color>; 6],
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// The styles of a named theme.
    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::HighContrast => Theme::high_contrast(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    /// The default theme, for dark terminals.
    pub fn dark() -> Theme {
        Theme {
            name: ThemeName::Dark,
            base: Style::new(),
            text: Style::new(),
            dim: Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            heading: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            highlight: Style::new()
                .fg(Color::Yellow)
                .add_modifier(BOLD | Modifier::UNDERLINED),
            selected: Style::new().bg(Color::DarkGray).add_modifier(BOLD),
            focused_border: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            border: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::Blue).fg(Color::White),
            key: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            warning: Style::new().fg(Color::Yellow),
            caption: Style::new().fg(Color::White).add_modifier(BOLD),
            stance_colors: [
                Some(Color::Yellow),
                Some(Color::Magenta),
                Some(Color::Blue),
                Some(Color::Green),
                Some(Color::Red),
                Some(Color::LightRed),
            ],
        }
    }

    /// Dark text on a white screen.
    pub fn light() -> Theme {
        let base = Style::new().fg(Color::Black).bg(Color::White);
        Theme {
            name: ThemeName::Light,
            base,
            text: Style::new().fg(Color::Black),
            dim: Style::new().fg(Color::DarkGray),
            heading: Style::new().fg(Color::Blue).add_modifier(BOLD),
            highlight: Style::new()
                .fg(Color::Red)
                .add_modifier(BOLD | Modifier::UNDERLINED),
            selected: Style::new()
                .bg(Color::Rgb(200, 220, 255))
                .add_modifier(BOLD),
            focused_border: Style::new().fg(Color::Blue).add_modifier(BOLD),
            border: Style::new().fg(Color::Gray),
            status: Style::new().bg(Color::Blue).fg(Color::White),
            key: Style::new().fg(Color::Magenta).add_modifier(BOLD),
            warning: Style::new().fg(Color::Rgb(150, 80, 0)),
            caption: Style::new().fg(Color::Black).add_modifier(BOLD),
            stance_colors: [
                Some(Color::Rgb(150, 100, 0)),
                Some(Color::Magenta),
                Some(Color::Blue),
                Some(Color::Rgb(0, 120, 0)),
                Some(Color::Red),
                Some(Color::Rgb(180, 60, 0)),
            ],
        }
    }

    /// White on black, large contrasts, everything that matters in bold: for projectors,
    /// where dim text and dark greys wash out.
    pub fn high_contrast() -> Theme {
        let base = Style::new().fg(Color::White).bg(Color::Black);
        Theme {
            name: ThemeName::HighContrast,
            base,
            text: Style::new().fg(Color::White),
            dim: Style::new().fg(Color::Gray),
            heading: Style::new().fg(Color::LightCyan).add_modifier(BOLD),
            highlight: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED | BOLD),
            focused_border: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
            border: Style::new().fg(Color::White),
            status: Style::new()
                .bg(Color::White)
                .fg(Color::Black)
                .add_modifier(BOLD),
            key: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
            warning: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
            caption: Style::new().fg(Color::White).add_modifier(BOLD),
            stance_colors: [
                Some(Color::LightYellow),
                Some(Color::LightMagenta),
                Some(Color::LightBlue),
                Some(Color::LightGreen),
                Some(Color::LightRed),
                Some(Color::LightRed),
            ],
        }
    }

    /// No colour codes at all: selection reversed, focus and headings bold, matches
    /// underlined, stances by glyph and word.
    pub fn mono() -> Theme {
        Theme {
            name: ThemeName::Mono,
            base: Style::new(),
            text: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().add_modifier(BOLD),
            highlight: Style::new().add_modifier(BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            focused_border: Style::new().add_modifier(BOLD),
            border: Style::new(),
            status: Style::new().add_modifier(Modifier::REVERSED),
            key: Style::new().add_modifier(BOLD),
            warning: Style::new().add_modifier(BOLD | Modifier::ITALIC),
            caption: Style::new().add_modifier(BOLD),
            stance_colors: [None; 6],
        }
    }

    /// How a stance is drawn: a glyph and its style; its name is always written beside it.
    pub fn stance(&self, stance: Stance) -> (&'static str, Style) {
        let glyph = match stance {
            Stance::Claimed => "◆",
            Stance::Suspected => "◇",
            Stance::Attributed => "■",
            Stance::Confirmed => "✔",
            Stance::Denied => "✘",
            Stance::Disputed => "≠",
        };
        let position = Stance::ALL.iter().position(|&s| s == stance).unwrap_or(0);
        let style = match self.stance_colors[position] {
            Some(color) => Style::new().fg(color).add_modifier(BOLD),
            None => Style::new().add_modifier(BOLD),
        };
        (glyph, style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_cycle_visits_every_theme() {
        let mut seen = Vec::new();
        let mut theme = ThemeName::Dark;
        for _ in 0..ThemeName::ALL.len() {
            assert_eq!(ThemeName::parse(theme.name()), Some(theme));
            seen.push(theme);
            theme = theme.next();
        }
        assert_eq!(theme, ThemeName::Dark);
        assert_eq!(seen.len(), 4);
        assert_eq!(
            ThemeName::parse("High-Contrast"),
            Some(ThemeName::HighContrast)
        );
        assert_eq!(ThemeName::parse("neon"), None);
    }

    #[test]
    fn mono_uses_no_colour() {
        let theme = Theme::mono();
        for style in [
            theme.text,
            theme.dim,
            theme.heading,
            theme.highlight,
            theme.selected,
            theme.status,
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
        for stance in Stance::ALL {
            assert_eq!(theme.stance(stance).1.fg, None);
        }
    }
}
