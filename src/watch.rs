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

/// Calls `changed` (on the watcher's thread) each time `file` settles after a change. A
/// symlinked file is followed: the folders of the link and of the file it points at are
/// both watched, so editing the target elsewhere, or pointing the link at another file,
/// both count as changes.
pub fn watch_file(file: &Path, changed: impl Fn() + Send + 'static) -> Result<FileWatch, String> {
    let cannot = |e: &dyn std::fmt::Display| {
        format!("cannot watch {}: {e}", crate::data::clean::shown_path(file))
    };
    let link: PathBuf = std::path::absolute(file).map_err(|e| cannot(&e))?;
    let mut names = vec![link.clone()];
    if let Ok(target) = std::fs::canonicalize(&link)
        && target != link
    {
        names.push(target);
    }
    let mut folders: Vec<PathBuf> = names
        .iter()
        .map(|name| {
            name.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        })
        .collect();
    folders.dedup();
    let watched = names.clone();
    // The watcher also reports a file being opened or read (by `grep`, a backup, the `E`
    // key); only a file that is not what it was (another size, time, inode or kind, or
    // gone) counts as a change.
    let last_seen = std::sync::Mutex::new(names.iter().map(|n| signature(n)).collect::<Vec<_>>());
    let mut debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        if !events.iter().any(|event| watched.contains(&event.path)) {
            return;
        }
        let now: Vec<Option<Signature>> = watched.iter().map(|n| signature(n)).collect();
        let differs = match last_seen.lock() {
            Ok(mut seen) => {
                let differs = *seen != now;
                *seen = now;
                differs
            }
            // A poisoned lock means a panic mid-compare: reloading is the safe answer.
            Err(_) => true,
        };
        if differs {
            changed();
        }
    })
    .map_err(|e| cannot(&e))?;
    for folder in &folders {
        debouncer
            .watcher()
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(|e| cannot(&e))?;
    }
    Ok(FileWatch {
        _debouncer: debouncer,
    })
}

/// What a file is, as far as telling a change goes: size, modification time, inode and
/// kind, of the file a link leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Signature {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    device: u64,
    is_file: bool,
}

/// The file's signature now; `None` when it cannot be read (gone, or a broken link).
fn signature(path: &Path) -> Option<Signature> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(Signature {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode: meta.ino(),
        device: meta.dev(),
        is_file: meta.is_file(),
    })
}
