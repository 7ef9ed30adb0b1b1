//! Screens as SVG, for slides: the same cells the terminal shows, in a monospace font,
//! with their colours, and box-drawing lines drawn as lines so borders stay joined
//! whatever font the browser picks.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use crate::theme::ThemeName;

/// Width of one cell in pixels (0.6 em of a 14 px monospace font).
const CELL_WIDTH: f32 = 8.4;
/// Height of one cell in pixels.
const CELL_HEIGHT: f32 = 17.0;
const FONT_SIZE: f32 = 14.0;
/// Baseline offset from the top of a cell.
const BASELINE: f32 = 13.0;

/// The colours a terminal's "default" means in each theme.
fn defaults(theme: ThemeName) -> (&'static str, &'static str) {
    match theme {
        ThemeName::Light => ("#1a1a1a", "#ffffff"),
        ThemeName::HighContrast => ("#ffffff", "#000000"),
        ThemeName::Dark | ThemeName::Mono => ("#d8d8d8", "#1c1c1c"),
    }
}

/// A terminal colour as a hex string, close to common terminal palettes.
fn hex(color: Color) -> Option<String> {
    let named = match color {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#bfbfbf",
        Color::DarkGray => "#666666",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) => return Some(format!("#{0:02x}{0:02x}{0:02x}", i)),
    };
    Some(named.to_string())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The arms of a box-drawing character: left, right, up, down.
fn box_arms(symbol: &str) -> Option<[bool; 4]> {
    let arms = match symbol {
        "─" | "━" | "═" => [true, true, false, false],
        "│" | "┃" | "║" => [false, false, true, true],
        "┌" | "╭" | "┏" | "╔" => [false, true, false, true],
        "┐" | "╮" | "┓" | "╗" => [true, false, false, true],
        "└" | "╰" | "┗" | "╚" => [false, true, true, false],
        "┘" | "╯" | "┛" | "╝" => [true, false, true, false],
        "├" | "┣" | "╠" => [false, true, true, true],
        "┤" | "┫" | "╣" => [true, false, true, true],
        "┬" | "┳" | "╦" => [true, true, false, true],
        "┴" | "┻" | "╩" => [true, true, true, false],
        "┼" | "╋" | "╬" => [true, true, true, true],
        _ => return None,
    };
    Some(arms)
}

/// How thick a box-drawing character's lines are drawn: heavy lines thicker, double
/// lines as two (the graph tells claims, attributions and confirmations apart by them).
fn box_weight(symbol: &str) -> (f32, bool) {
    match symbol {
        "━" | "┃" | "┏" | "┓" | "┗" | "┛" | "┣" | "┫" | "┳" | "┻" | "╋" => {
            (2.4, false)
        }
        "═" | "║" | "╔" | "╗" | "╚" | "╝" | "╠" | "╣" | "╦" | "╩" | "╬" => {
            (1.0, true)
        }
        _ => (1.0, false),
    }
}

#[derive(Clone, PartialEq)]
struct Look {
    fg: String,
    bg: Option<String>,
    bold: bool,
    italic: bool,
    underline: bool,
    dim: bool,
}

fn look(cell: &ratatui::buffer::Cell, default_fg: &str) -> Look {
    let mut fg = hex(cell.fg).unwrap_or_else(|| default_fg.to_string());
    let mut bg = hex(cell.bg);
    if cell.modifier.contains(Modifier::REVERSED) {
        let old_fg = fg;
        fg = bg.unwrap_or_else(|| "#1c1c1c".to_string());
        bg = Some(old_fg);
    }
    Look {
        fg,
        bg,
        bold: cell.modifier.contains(Modifier::BOLD),
        italic: cell.modifier.contains(Modifier::ITALIC),
        underline: cell.modifier.contains(Modifier::UNDERLINED),
        dim: cell.modifier.contains(Modifier::DIM),
    }
}

/// A background rectangle under `cells` cells, when the look has a background.
fn background(out: &mut String, style: &Look, left: f32, top: f32, cells: u16) {
    if let Some(bg) = &style.bg {
        let width = f32::from(cells) * CELL_WIDTH;
        let _ = writeln!(
            out,
            r#"<rect x="{left:.1}" y="{top:.1}" width="{width:.1}" height="{CELL_HEIGHT:.1}" fill="{bg}"/>"#
        );
    }
}

/// Renders a screen buffer as a standalone SVG document.
pub fn buffer_to_svg(buffer: &Buffer, theme: ThemeName) -> String {
    let (default_fg, default_bg) = defaults(theme);
    let area = buffer.area;
    let width = f32::from(area.width) * CELL_WIDTH;
    let height = f32::from(area.height) * CELL_HEIGHT;
    let mut backgrounds = String::new();
    let mut texts = String::new();
    let mut lines = String::new();
    for y in area.top()..area.bottom() {
        let top = f32::from(y - area.top()) * CELL_HEIGHT;
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let style = look(cell, default_fg);
            let left = f32::from(x - area.left()) * CELL_WIDTH;
            if let Some([l, r, u, d]) = box_arms(cell.symbol()) {
                let (cx, cy) = (left + CELL_WIDTH / 2.0, top + CELL_HEIGHT / 2.0);
                let mut path = String::new();
                for (on, x1, y1) in [
                    (l, left, cy),
                    (r, left + CELL_WIDTH, cy),
                    (u, cx, top),
                    (d, cx, top + CELL_HEIGHT),
                ] {
                    if on {
                        let _ = write!(path, "M{cx:.1} {cy:.1}L{x1:.1} {y1:.1}");
                    }
                }
                background(&mut backgrounds, &style, left, top, 1);
                let (weight, double) = box_weight(cell.symbol());
                let stroke = weight * if style.bold { 2.0 } else { 1.2 };
                // Dimmed lines are see-through: their segments must not overlap, or the
                // overlaps would show as stripes.
                let (opacity, cap) = if style.dim {
                    (r#" opacity="0.65""#, "butt")
                } else {
                    ("", "square")
                };
                if double {
                    // A wide line with its middle drawn again in the background: two lines.
                    let middle = style.bg.as_deref().unwrap_or(default_bg);
                    let _ = writeln!(
                        lines,
                        r#"<path d="{path}" stroke="{}" stroke-width="{:.1}" stroke-linecap="butt" fill="none"{opacity}/><path d="{path}" stroke="{middle}" stroke-width="{:.1}" stroke-linecap="butt" fill="none"/>"#,
                        style.fg,
                        stroke * 3.5,
                        stroke * 1.5
                    );
                } else {
                    let _ = writeln!(
                        lines,
                        r#"<path d="{path}" stroke="{}" stroke-width="{stroke}" stroke-linecap="{cap}" fill="none"{opacity}/>"#,
                        style.fg
                    );
                }
                x += 1;
                continue;
            }
            // A run of cells with the same look becomes one text element.
            let start = x;
            let mut run = String::new();
            let mut cells = 0u16;
            while x < area.right() {
                let next = &buffer[(x, y)];
                if x != start
                    && (look(next, default_fg) != style || box_arms(next.symbol()).is_some())
                {
                    break;
                }
                let symbol = next.symbol();
                let symbol_width = symbol.width().max(1) as u16;
                run.push_str(symbol);
                cells += symbol_width;
                x += symbol_width;
            }
            let run_left = f32::from(start - area.left()) * CELL_WIDTH;
            background(&mut backgrounds, &style, run_left, top, cells);
            if run.trim().is_empty() {
                continue;
            }
            let mut attributes = format!(
                r#"x="{run_left:.1}" y="{:.1}" fill="{}""#,
                top + BASELINE,
                style.fg
            );
            let _ = write!(
                attributes,
                r#" textLength="{:.1}" lengthAdjust="spacingAndGlyphs""#,
                f32::from(cells) * CELL_WIDTH
            );
            if style.bold {
                attributes.push_str(r#" font-weight="bold""#);
            }
            if style.italic {
                attributes.push_str(r#" font-style="italic""#);
            }
            if style.underline {
                attributes.push_str(r#" text-decoration="underline""#);
            }
            if style.dim {
                attributes.push_str(r#" opacity="0.65""#);
            }
            let _ = writeln!(
                texts,
                r#"<text xml:space="preserve" {attributes}>{}</text>"#,
                escape(&run)
            );
        }
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}">
<style>text {{ font-family: 'DejaVu Sans Mono', 'Menlo', 'Consolas', 'Liberation Mono', monospace; font-size: {FONT_SIZE}px; white-space: pre; }}</style>
<rect width="100%" height="100%" fill="{default_bg}"/>
{backgrounds}{texts}{lines}</svg>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn text_colours_and_boxes_survive() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 3));
        buffer.set_string(0, 0, "┌────┐", Style::new());
        buffer.set_string(
            1,
            1,
            "a<b",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        );
        let svg = buffer_to_svg(&buffer, ThemeName::Dark);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r##"<text xml:space="preserve" x="8.4" y="30.0" fill="#cd3131" textLength="25.2" lengthAdjust="spacingAndGlyphs" font-weight="bold">a&lt;b</text>"##), "{svg}");
        assert_eq!(
            svg.matches("<path").count(),
            6,
            "each border cell is drawn as lines"
        );
        assert!(svg.contains("monospace"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn reversed_cells_swap_colours() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 1));
        buffer.set_string(0, 0, "sel", Style::new().add_modifier(Modifier::REVERSED));
        let svg = buffer_to_svg(&buffer, ThemeName::Mono);
        assert!(
            svg.contains(r##"fill="#d8d8d8"/>"##),
            "the background takes the text colour: {svg}"
        );
    }
}
