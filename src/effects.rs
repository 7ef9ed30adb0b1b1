//! What the runtime does for `update`: writing the screen to disk, the clipboard escape.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;

use crate::app::App;
use crate::ui::{render_to_buffer, svg::buffer_to_svg};

/// The OSC 52 sequence that puts `text` on the clipboard of the terminal (and of the
/// machine running it, over SSH too). The text is base64-encoded, so nothing in it can
/// escape the sequence.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\u{1b}]52;c;{encoded}\u{07}")
}

/// The first `incident-explorer-N.svg` in `folder` that does not exist yet.
pub fn next_screen_path(folder: &Path) -> PathBuf {
    next_free_path(folder, "incident-explorer", "svg")
}

/// The first `NAME-N.EXTENSION` in `folder` that does not exist yet.
pub fn next_free_path(folder: &Path, name: &str, extension: &str) -> PathBuf {
    (1..)
        .map(|n| folder.join(format!("{name}-{n}.{extension}")))
        .find(|path| !path.exists())
        .unwrap_or_else(|| folder.join(format!("{name}.{extension}")))
}

/// Writes the app's current results as a Markdown report to `path`.
pub fn export_results(app: &App, path: &Path) -> std::io::Result<usize> {
    let selected: Vec<usize> = app
        .search
        .results
        .hits
        .iter()
        .map(|h| h.incident as usize)
        .collect();
    let heading = crate::export::ReportHeading {
        file: "the app".to_string(),
        query: Some(app.query().to_string()).filter(|q| !q.trim().is_empty()),
        conditions: app.search.filters.describe(&app.workspace.data),
    };
    let report = crate::export::to_markdown(&app.workspace.data, &selected, &heading);
    std::fs::write(path, report)?;
    Ok(selected.len())
}

/// Writes the app's current screen as SVG to `path`.
pub fn save_screen(app: &App, path: &Path) -> std::io::Result<()> {
    let svg = buffer_to_svg(&render_to_buffer(app), app.prefs.theme);
    let mut file = std::fs::File::create(path)?;
    file.write_all(svg.as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_wraps_base64_between_the_introducer_and_bel() {
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{07}");
        let hostile = osc52("\u{1b}]0;title\u{07}");
        assert_eq!(
            hostile.matches('\u{1b}').count(),
            1,
            "only the introducer is an escape"
        );
        assert_eq!(hostile.matches('\u{07}').count(), 1);
    }
}
