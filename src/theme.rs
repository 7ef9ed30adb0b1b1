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

    /// Dark text on a white screen. The text colours are exact RGB, not the terminal's
    /// sixteen (which each palette shades its own way), and each reads at 4.5:1 or better
    /// on white and on the selection's pale blue, so that nothing washes out on a
    /// projector.
    pub fn light() -> Theme {
        const BLACK: Color = Color::Rgb(0, 0, 0);
        const WHITE: Color = Color::Rgb(255, 255, 255);
        const BLUE: Color = Color::Rgb(0, 0, 238);
        const RED: Color = Color::Rgb(176, 0, 0);
        const MAGENTA: Color = Color::Rgb(139, 0, 139);
        let base = Style::new().fg(BLACK).bg(WHITE);
        Theme {
            name: ThemeName::Light,
            base,
            text: Style::new().fg(BLACK),
            dim: Style::new().fg(Color::Rgb(89, 89, 89)),
            heading: Style::new().fg(BLUE).add_modifier(BOLD),
            highlight: Style::new()
                .fg(RED)
                .add_modifier(BOLD | Modifier::UNDERLINED),
            selected: Style::new()
                .bg(Color::Rgb(200, 220, 255))
                .add_modifier(BOLD),
            focused_border: Style::new().fg(BLUE).add_modifier(BOLD),
            border: Style::new().fg(Color::Gray),
            status: Style::new().bg(BLUE).fg(WHITE),
            key: Style::new().fg(MAGENTA).add_modifier(BOLD),
            warning: Style::new().fg(Color::Rgb(138, 74, 0)),
            caption: Style::new().fg(BLACK).add_modifier(BOLD),
            stance_colors: [
                Some(Color::Rgb(122, 82, 0)),
                Some(MAGENTA),
                Some(BLUE),
                Some(Color::Rgb(0, 100, 0)),
                Some(RED),
                Some(Color::Rgb(154, 52, 0)),
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
                // Not `LightBlue`: xterm's (92, 92, 255) is only 4.4:1 on black.
                Some(Color::Rgb(120, 150, 255)),
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
        let glyph = stance.glyph();
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

    /// xterm's default RGB for a terminal colour, or `None` for [`Color::Reset`] (the
    /// terminal's own default, which the caller resolves).
    fn rgb(color: Color) -> Option<(u8, u8, u8)> {
        /// xterm's 16 system colours, indices 0 to 15.
        const SYSTEM: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        /// The six levels of each channel in the 6×6×6 cube.
        const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];
        let index = match color {
            Color::Reset => return None,
            Color::Rgb(r, g, b) => return Some((r, g, b)),
            Color::Indexed(n @ 16..=231) => {
                let n = usize::from(n - 16);
                return Some((CUBE[n / 36], CUBE[n / 6 % 6], CUBE[n % 6]));
            }
            Color::Indexed(n @ 232..=255) => {
                let grey = 8 + 10 * (n - 232);
                return Some((grey, grey, grey));
            }
            Color::Indexed(n) => n,
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
        };
        Some(SYSTEM[usize::from(index)])
    }

    /// WCAG 2.x relative luminance of an sRGB colour, from 0 (black) to 1 (white).
    fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// WCAG 2.x contrast ratio of two colours, from 1 (the same) to 21 (black on white).
    fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (relative_luminance(a), relative_luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The text and background colours `style` shows on `theme`'s screen: an unset (or
    /// reset) colour is the theme's base colour, and `REVERSED` swaps the two.
    fn drawn(theme: &Theme, style: Style) -> ((u8, u8, u8), (u8, u8, u8)) {
        let resolve = |own: Option<Color>, base: Option<Color>, what: &str| {
            own.and_then(rgb)
                .or_else(|| base.and_then(rgb))
                .unwrap_or_else(|| panic!("{:?}: the base style has no {what}", theme.name))
        };
        let fg = resolve(style.fg, theme.base.fg, "foreground");
        let bg = resolve(style.bg, theme.base.bg, "background");
        let reversed = style.add_modifier.contains(Modifier::REVERSED)
            && !style.sub_modifier.contains(Modifier::REVERSED);
        if reversed { (bg, fg) } else { (fg, bg) }
    }

    /// Every style of `theme` that colours text, by name: the fields, each stance, and
    /// the styles the views lay over the selected row (`base.patch(theme.dim)` and the
    /// like in the incident, relations, tour, filter and timeline lists), so that a
    /// second line or a match on the selection is checked against the selection's
    /// background. The borders (`border`, `focused_border`) are lines, not text, and are
    /// left out.
    fn text_styles(theme: &Theme) -> Vec<(String, Style)> {
        let mut styles: Vec<(String, Style)> = vec![
            ("base".into(), theme.base),
            ("text".into(), theme.text),
            ("dim".into(), theme.dim),
            ("heading".into(), theme.heading),
            ("highlight".into(), theme.highlight),
            ("selected".into(), theme.selected),
            ("status".into(), theme.status),
            ("key".into(), theme.key),
            ("warning".into(), theme.warning),
            ("caption".into(), theme.caption),
        ];
        for stance in Stance::ALL {
            styles.push((format!("stance {stance:?}"), theme.stance(stance).1));
        }
        let on_selection: Vec<(String, Style)> = styles
            .iter()
            .filter(|(name, _)| {
                !matches!(name.as_str(), "base" | "selected" | "status" | "caption")
            })
            .map(|(name, style)| (format!("{name} on selected"), theme.selected.patch(*style)))
            .collect();
        styles.extend(on_selection);
        styles
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        let ratio = |a: Color, b: Color| contrast_ratio(rgb(a).unwrap(), rgb(b).unwrap());
        assert!((ratio(Color::Black, Color::White) - 21.0).abs() < 1e-9);
        assert!((ratio(Color::White, Color::Black) - 21.0).abs() < 1e-9);
        assert!((ratio(Color::Blue, Color::Blue) - 1.0).abs() < 1e-9);
        // xterm's DarkGray on white: the pale grey the issue is about.
        assert!((ratio(Color::DarkGray, Color::White) - 4.0).abs() < 0.01);
        assert_eq!(rgb(Color::Indexed(9)), rgb(Color::LightRed));
        assert_eq!(rgb(Color::Indexed(16)), Some((0, 0, 0)));
        assert_eq!(rgb(Color::Indexed(111)), Some((135, 175, 255)));
        assert_eq!(rgb(Color::Indexed(231)), Some((255, 255, 255)));
        assert_eq!(rgb(Color::Indexed(244)), Some((128, 128, 128)));
        assert_eq!(rgb(Color::Reset), None);
    }

    /// WCAG AA for ordinary text: every text style of every theme that paints its own
    /// background reads at 4.5:1 or better, on a projector too. Dark sets no background:
    /// it draws on the terminal's own, whatever that is, so there is nothing to measure
    /// it against; Mono has no colours at all.
    #[test]
    fn every_text_style_has_a_contrast_of_at_least_4_5_to_1() {
        const MINIMUM: f64 = 4.5;
        let mut checked = Vec::new();
        let mut failures = Vec::new();
        for name in ThemeName::ALL {
            let theme = Theme::named(name);
            if theme.base.bg.is_none_or(|bg| bg == Color::Reset) {
                continue;
            }
            checked.push(name);
            for (field, style) in text_styles(&theme) {
                if style.add_modifier.contains(Modifier::DIM) {
                    failures.push(format!(
                        "{} theme: `{field}` is DIM, which each terminal fades its own way",
                        name.name()
                    ));
                    continue;
                }
                let (fg, bg) = drawn(&theme, style);
                let ratio = contrast_ratio(fg, bg);
                if ratio < MINIMUM {
                    let hex = |(r, g, b): (u8, u8, u8)| format!("#{r:02x}{g:02x}{b:02x}");
                    failures.push(format!(
                        "{} theme: `{field}` has a contrast of {ratio:.2}:1 ({} on {}), \
                         below {MINIMUM}:1",
                        name.name(),
                        hex(fg),
                        hex(bg)
                    ));
                }
            }
        }
        assert_eq!(
            checked,
            [ThemeName::Light, ThemeName::HighContrast],
            "the themes with their own background"
        );
        assert!(
            failures.is_empty(),
            "too little contrast:\n{}",
            failures.join("\n")
        );
    }
}
