//! Headless screenshots: any view, at any size, drawn by the same code as the app and
//! written as SVG. `incident-explorer screenshot` and the `screenshots/` test use it.

use clap::ValueEnum;
use ratatui::buffer::Buffer;

use crate::data::Dataset;
use crate::headless::Headless;
use crate::theme::ThemeName;
use crate::ui::svg::buffer_to_svg;

/// The screens a screenshot can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScreenView {
    /// The incidents screen: search, results and detail.
    Incidents,
    /// The relations screen: groups and the selected group's targets.
    Relations,
    /// The relations matrix: groups across, targets down.
    Matrix,
    /// The third-party pivot.
    ThirdParties,
    /// The timeline.
    Timeline,
    /// The graph: groups, targets and third parties as a picture.
    Graph,
    /// The help overlay.
    Help,
}

impl ScreenView {
    /// The keys that open this view from the start screen.
    fn keys(self) -> &'static str {
        match self {
            ScreenView::Incidents => "",
            ScreenView::Relations => "2",
            ScreenView::Matrix => "2m",
            ScreenView::ThirdParties => "2t",
            ScreenView::Timeline => "3",
            ScreenView::Graph => "4",
            ScreenView::Help => "?",
        }
    }
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct ScreenSpec {
    /// The view to open.
    pub view: ScreenView,
    /// A search to type first.
    pub query: Option<String>,
    /// More keys to press after that (see [`crate::headless::parse_keys`]).
    pub keys: Option<String>,
    /// A tour and a 1-based step to show instead of a view.
    pub tour: Option<(String, usize)>,
    /// Columns and rows.
    pub size: (u16, u16),
    /// Colour theme.
    pub theme: ThemeName,
}

/// Draws the screen a spec describes.
pub fn render(data: Dataset, spec: &ScreenSpec) -> Result<Buffer, String> {
    let (width, height) = spec.size;
    let mut headless = Headless::new(data, width, height);
    headless.app.prefs.theme = spec.theme;
    let keys =
        |headless: &mut Headless, keys: &str| headless.press(keys).map_err(|e| e.to_string());
    if let Some((tour, step)) = &spec.tour {
        headless.start_tour(tour)?;
        let steps = headless
            .app
            .workspace
            .data
            .tours
            .iter()
            .find(|t| t.id == tour)
            .map_or(0, |t| t.steps.len());
        if *step == 0 || *step > steps {
            return Err(format!(
                "tour \"{tour}\" has steps 1 to {steps}; there is no step {step}"
            ));
        }
        for _ in 1..*step {
            keys(&mut headless, "n")?;
        }
    } else {
        if let Some(query) = &spec.query {
            keys(&mut headless, "/")?;
            headless
                .app
                .update(crate::app::Action::Paste(query.clone()));
            headless.app.run_pending_search(&mut headless.searcher);
            keys(&mut headless, "<Enter>")?;
        }
        keys(&mut headless, spec.view.keys())?;
    }
    if let Some(extra) = &spec.keys {
        keys(&mut headless, extra)?;
    }
    Ok(headless.render())
}

/// Draws the view and writes it as SVG to `out`: a new file written whole or not at all
/// (never a 0-byte file on a full disk), replacing one only when asked.
pub fn write_svg(
    data: Dataset,
    spec: &ScreenSpec,
    out: &crate::data::write::Destination,
) -> Result<(), String> {
    let buffer = render(data, spec).map_err(|error| format!("error: {error}"))?;
    out.write(buffer_to_svg(&buffer, spec.theme).as_bytes())
}

/// Reads `WIDTHxHEIGHT`, as in `120x40`.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (width, height) = text
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("size \"{text}\" should be WIDTHxHEIGHT, as in 120x40"))?;
    let number = |part: &str| {
        part.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| format!("\"{part}\" in \"{text}\" is not a size from 1 to 1000"))
    };
    Ok((number(width)?, number(height)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_terminals() {
        assert_eq!(parse_size("120x40"), Ok((120, 40)));
        assert_eq!(parse_size("80X24"), Ok((80, 24)));
        assert!(parse_size("120").is_err());
        assert!(parse_size("0x10").is_err());
        assert!(parse_size("axb").is_err());
    }
}
