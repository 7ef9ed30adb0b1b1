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

/// The line of a data file where its `index`-th incident starts (from 1), and whether that
/// incident was found as it was when loaded. The file is read again, since it may have been
/// edited since: the incident at the same place is taken when it still has the id `id`,
/// else the first with that id anywhere in the list, else the one at the same place, else
/// the top of the file.
pub fn incident_line(path: &Path, index: usize, id: &str) -> (usize, bool) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (1, false);
    };
    let Some((_, items)) = crate::data::outline::top_level_list_items(&text, "incidents") else {
        return (1, false);
    };
    let quoted = format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""));
    let has_id = |item: &std::ops::Range<usize>| {
        text.get(item.clone()).is_some_and(|t| {
            t.match_indices(&quoted).any(|(at, _)| {
                // `id: "…"`, not another field that happens to hold the same text.
                let before = t[..at].trim_end();
                before
                    .strip_suffix(':')
                    .is_some_and(|b| b.trim_end().ends_with("id") && !b.trim_end().ends_with("_id"))
            })
        })
    };
    let line_of = |start: usize| text[..start.min(text.len())].matches('\n').count() + 1;
    if let Some(item) = items.get(index).filter(|item| has_id(item)) {
        return (line_of(item.start), true);
    }
    if let Some(item) = items.iter().find(|item| has_id(item)) {
        return (line_of(item.start), true);
    }
    match items.get(index) {
        Some(item) => (line_of(item.start), false),
        None => (1, false),
    }
}

/// The editor the user asked for: `$VISUAL`, else `$EDITOR`, else `vi`, as Git and most
/// terminal tools choose it.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// The command that opens `path` at `line` in `editor`: run by the shell, so an editor
/// given with options ("code --wait") works, with the line and the path passed as
/// arguments, never as shell text. `+LINE` is understood by vi, vim, neovim, emacs, nano,
/// micro, helix and kakoune.
pub fn editor_command(editor: &str, path: &Path, line: usize) -> std::process::Command {
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("editor")
        .arg(format!("+{line}"))
        .arg(path);
    command
}

/// True when the app runs over SSH: a browser would open on the remote machine, where no
/// one sees it, so addresses are copied to the user's own clipboard instead.
pub fn is_remote() -> bool {
    ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
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
