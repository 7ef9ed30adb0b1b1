//! Pieces the views share: dates in a column, highlighted matches, stances, citations.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::data::{PartialDate, Precision, Stance};
use crate::layout::text::{self, truncate};
pub use crate::layout::text::{shown, victims};
use crate::theme::Theme;

/// A date in seven columns for the list: `2019-09`, `2019`, `~2019`, `2009/10`.
pub fn list_date(date: Option<PartialDate>) -> String {
    let Some(date) = date else {
        return "undated".to_string();
    };
    let text = match date.precision() {
        Precision::YearRange => format!(
            "{}/{:02}",
            date.year,
            date.until_year.unwrap_or(date.year) % 100
        ),
        Precision::Year => format!("{}{}", if date.approximate { "~" } else { "" }, date.year),
        Precision::Month | Precision::Day => {
            format!(
                "{}{}-{:02}",
                if date.approximate { "~" } else { "" },
                date.year,
                date.month.unwrap_or(0)
            )
        }
    };
    format!("{text:<7}")
}

/// `text` cut to `width`, with the characters at `positions` highlighted.
pub fn highlighted<'a>(
    text: &str,
    positions: &[usize],
    width: usize,
    base: Style,
    highlight: Style,
) -> Vec<Span<'a>> {
    let shown = truncate(text, width);
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run = String::new();
    let mut run_is_match = false;
    for (i, c) in shown.chars().enumerate() {
        let is_match = positions.binary_search(&i).is_ok() && c != '…';
        if is_match != run_is_match && !run.is_empty() {
            let style = if run_is_match {
                base.patch(highlight)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_is_match = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_is_match {
            base.patch(highlight)
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    spans
}

/// A source's short citation: "The Register, 2025-08".
pub fn source_label(app: &App, id: &str) -> String {
    match app.workspace.data.source(id) {
        Some(source) => match source.date {
            Some(date) => format!("{}, {}", shown(&source.outlet), date.to_compact()),
            None => shown(&source.outlet).to_string(),
        },
        None => id.to_string(),
    }
}

/// A stance as a glyph and its word, in its colour: "◇ suspected".
pub fn stance_span(theme: &Theme, stance: Stance) -> Span<'static> {
    let (glyph, style) = theme.stance(stance);
    Span::styled(format!("{glyph} {}", stance.label()), style)
}

/// The stance legend: every glyph with its word, on one line, tighter when narrow.
pub fn draw_legend(frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = usize::from(area.width);
    let words: usize = Stance::ALL.iter().map(|s| s.label().len() + 2).sum();
    let (prefix, gap) = match width {
        w if w >= words + Stance::ALL.len() * 2 + 10 => (" stances: ", "  "),
        w if w > words + Stance::ALL.len() * 2 => (" ", "  "),
        _ => (" ", " "),
    };
    let mut spans = vec![Span::styled(prefix, theme.dim)];
    for stance in Stance::ALL {
        spans.push(stance_span(theme, stance));
        spans.push(Span::raw(gap));
    }
    // The stances are written out in every row too: a narrow legend may end in "…".
    let line = fit_line(Line::from(spans), width);
    frame.render_widget(Paragraph::new(line), area);
}

/// A line cut to `width` columns, ending in "…" where it was cut: for lines built of
/// several spans that a paragraph would otherwise cut without saying so.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line
        .spans
        .iter()
        .map(|s| text::width(&s.content))
        .sum::<usize>()
        <= width
    {
        return line;
    }
    // Room before the ellipsis.
    let mut left = width.saturating_sub(1);
    let mut spans = Vec::new();
    let mut style = Style::default();
    for span in line.spans {
        if left == 0 {
            break;
        }
        style = span.style;
        let span_width = text::width(&span.content);
        if span_width <= left {
            left -= span_width;
            spans.push(span);
        } else {
            spans.push(Span::styled(prefix_within(&span.content, left), span.style));
            left = 0;
        }
    }
    if width > 0 {
        spans.push(Span::styled("…", style));
    }
    Line::from(spans)
}

/// The longest start of `text` at most `width` columns wide.
fn prefix_within(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect()
}

/// Pads a selected row's line with its style to `width`, so the selection reads as a bar.
pub fn pad_selected(line: &mut Vec<Span<'_>>, width: usize, style: Style) {
    let used: usize = line.iter().map(|s| text::width(&s.content)).sum();
    if used < width {
        line.push(Span::styled(" ".repeat(width - used), style));
    }
}
