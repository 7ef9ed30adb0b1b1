//! What the runtime does for `update`: writing the screen to disk, the clipboard escape.

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

/// Writes a new file `NAME-N.EXTENSION` in `folder`, with the first N whose name is free,
/// and returns its path. Each name is created new: nothing that exists (a file, or a link
/// planted under the next name) is replaced or written through; a name taken meanwhile
/// moves on to the next number, and a failed write leaves nothing.
pub fn write_numbered(
    folder: &Path,
    name: &str,
    extension: &str,
    contents: &[u8],
) -> Result<PathBuf, String> {
    for n in 1..=100_000 {
        let path = folder.join(format!("{name}-{n}.{extension}"));
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match crate::data::write::create_new_with(&path, |out| out.write_all(contents)) {
            Ok(()) => return Ok(path),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(format!(
                    "could not write {}: {error}",
                    crate::data::clean::shown_path(&path)
                ));
            }
        }
    }
    Err(format!(
        "could not write: every {name}-N.{extension} in {} is taken",
        crate::data::clean::shown_path(folder)
    ))
}

/// Writes the app's current results as a Markdown report, `incident-explorer-export-N.md`
/// in `folder`: the path written and how many incidents it holds.
pub fn export_results(app: &App, folder: &Path) -> Result<(PathBuf, usize), String> {
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
    let path = write_numbered(folder, "incident-explorer-export", "md", report.as_bytes())?;
    Ok((path, selected.len()))
}

/// Writes the app's current screen as SVG, `incident-explorer-N.svg` in `folder`: the path
/// written.
pub fn save_screen(app: &App, folder: &Path) -> Result<PathBuf, String> {
    let svg = buffer_to_svg(&render_to_buffer(app), app.prefs.theme);
    write_numbered(folder, "incident-explorer", "svg", svg.as_bytes())
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
