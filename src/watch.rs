//! Live reload: watch the data file and say when it changed. The folder is watched, not
//! the file, because editors save by writing a new file and renaming it over the old one.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// How long the file must be quiet before it is reloaded: editors write in several steps.
const QUIET: Duration = Duration::from_millis(250);

/// A running watch; dropping it stops watching.
pub struct FileWatch {
    _debouncer: Debouncer<RecommendedWatcher>,
}

impl std::fmt::Debug for FileWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileWatch")
    }
}

/// Calls `changed` (on the watcher's thread) each time `file` settles after a change.
pub fn watch_file(file: &Path, changed: impl Fn() + Send + 'static) -> Result<FileWatch, String> {
    let file: PathBuf =
        std::path::absolute(file).map_err(|e| format!("cannot watch {}: {e}", file.display()))?;
    let folder = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let target = file.clone();
    let mut debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
        if let Ok(events) = result
            && events.iter().any(|event| event.path == target)
        {
            changed();
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", file.display()))?;
    debouncer
        .watcher()
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    Ok(FileWatch {
        _debouncer: debouncer,
    })
}
