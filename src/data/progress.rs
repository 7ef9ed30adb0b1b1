//! How far a long load has got, shared between the thread that loads and whoever shows it
//! (the app's loading screen, or a line on standard error for `check` and the importers),
//! and a way to cancel it.

use std::io::{IsTerminal, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use crate::text::size;
use crate::text::thousands;

/// What a load is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing the files.
    Reading,
    /// Checking references, ids and dates.
    Checking,
    /// Building the search index, links and sort keys.
    Indexing,
    /// Turning what was read into incidents (the importers).
    Converting,
    /// Finished.
    Done,
}

impl Stage {
    fn from_number(n: u8) -> Stage {
        match n {
            0 => Stage::Reading,
            1 => Stage::Checking,
            2 => Stage::Indexing,
            3 => Stage::Converting,
            _ => Stage::Done,
        }
    }

    /// The stage in words, for the loading screen.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "reading and parsing",
            Stage::Checking => "checking",
            Stage::Indexing => "indexing for search",
            Stage::Converting => "converting",
            Stage::Done => "done",
        }
    }
}

/// Counters a load updates as it goes.
#[derive(Debug)]
pub struct Progress {
    started: Instant,
    total_bytes: AtomicU64,
    bytes_read: AtomicU64,
    incidents: AtomicU64,
    stage: AtomicU8,
    cancelled: AtomicBool,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            started: Instant::now(),
            total_bytes: AtomicU64::new(0),
            bytes_read: AtomicU64::new(0),
            incidents: AtomicU64::new(0),
            stage: AtomicU8::new(0),
            cancelled: AtomicBool::new(false),
        }
    }
}

/// A moment's reading of a [`Progress`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snapshot {
    /// Bytes of all the files together.
    pub total_bytes: u64,
    /// Bytes read so far.
    pub bytes_read: u64,
    /// Incidents parsed so far.
    pub incidents: u64,
    /// What is being done.
    pub stage: Stage,
    /// Time since the load started.
    pub elapsed: Duration,
    /// A guess at the time left, once enough has been read to make one.
    pub left: Option<Duration>,
}

impl Snapshot {
    /// How far, from 0 to 1: reading is most of a load, indexing the rest.
    pub fn fraction(&self) -> f64 {
        let read = if self.total_bytes == 0 {
            0.0
        } else {
            (self.bytes_read as f64 / self.total_bytes as f64).min(1.0)
        };
        match self.stage {
            Stage::Reading => read * 0.7,
            Stage::Checking => 0.7,
            Stage::Indexing => 0.8,
            Stage::Converting => 0.8,
            Stage::Done => 1.0,
        }
    }
}

impl Progress {
    /// A progress starting now.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Adds to the bytes the load will read.
    pub fn add_total(&self, bytes: u64) {
        self.total_bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Counts bytes read.
    pub fn read(&self, bytes: u64) {
        self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Takes back bytes counted, for a file read a second time.
    pub fn unread(&self, bytes: u64) {
        self.bytes_read.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// Counts incidents parsed.
    pub fn parsed(&self, incidents: u64) {
        self.incidents.fetch_add(incidents, Ordering::Relaxed);
    }

    /// Moves to a stage.
    pub fn enter(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// Asks the load to stop; it stops at its next block.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once the load was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Where the load is now.
    pub fn snapshot(&self) -> Snapshot {
        let elapsed = self.started.elapsed();
        let mut snapshot = Snapshot {
            total_bytes: self.total_bytes.load(Ordering::Relaxed),
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
            incidents: self.incidents.load(Ordering::Relaxed),
            stage: Stage::from_number(self.stage.load(Ordering::Relaxed)),
            elapsed,
            left: None,
        };
        let fraction = snapshot.fraction();
        // After a tenth of the work and half a second, the rate so far says the rest.
        if fraction > 0.1 && elapsed > Duration::from_millis(500) && fraction < 1.0 {
            let total = elapsed.as_secs_f64() / fraction;
            snapshot.left = Some(Duration::from_secs_f64(total - elapsed.as_secs_f64()));
        }
        snapshot
    }
}

/// Reads through a [`Progress`]: counts the bytes, and stops with an error once the load is
/// cancelled.
pub struct Counting<'a, R> {
    inner: R,
    progress: &'a Progress,
}

impl<'a, R> Counting<'a, R> {
    /// Counts what `inner` reads into `progress`.
    pub fn new(inner: R, progress: &'a Progress) -> Counting<'a, R> {
        Counting { inner, progress }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            // Not `Interrupted`: readers retry that one.
            return Err(std::io::Error::other("cancelled"));
        }
        let read = self.inner.read(buffer)?;
        self.progress.read(read as u64);
        Ok(read)
    }
}

/// A file's name without its folder, made safe to print: what a progress line calls it.
pub fn file_name(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy());
    super::clean::escape_for_terminal(&name)
}

/// Files by name without their folders, made safe to print: "big.ron", or
/// "attack.ron + incidents.ron"; the bundled data when there are none.
pub fn files_named(files: &[std::path::PathBuf]) -> String {
    if files.is_empty() {
        return super::bundled::BUNDLED_NAME.to_string();
    }
    let names: Vec<String> = files.iter().map(|f| file_name(f)).collect();
    names.join(" + ")
}

/// A progress line in words: "312 MB of 743 MB · 420,000 incidents · 2.1 s · about 3 s left".
pub fn describe(snapshot: &Snapshot) -> String {
    let mut parts = vec![format!(
        "{} of {}",
        size(snapshot.bytes_read),
        size(snapshot.total_bytes)
    )];
    if snapshot.incidents > 0 {
        parts.push(format!("{} incidents", thousands(snapshot.incidents)));
    }
    parts.push(format!("{:.1} s", snapshot.elapsed.as_secs_f64()));
    if let Some(left) = snapshot.left {
        parts.push(format!("about {:.0} s left", left.as_secs_f64().ceil()));
    }
    parts.join(" · ")
}

/// A progress line short enough for one row of a terminal: "checking big.ron 53% · 562 MB
/// of 743 MB · about 3 s left", or, after reading, "checking big.ron 70% · checking".
fn short_line(what: &str, snapshot: &Snapshot) -> String {
    let mut parts = vec![format!("{what} {:.0}%", snapshot.fraction() * 100.0)];
    if snapshot.stage == Stage::Reading {
        parts.push(format!(
            "{} of {}",
            size(snapshot.bytes_read),
            size(snapshot.total_bytes)
        ));
    } else {
        parts.push(snapshot.stage.label().to_string());
    }
    if let Some(left) = snapshot.left {
        parts.push(format!("about {:.0} s left", left.as_secs_f64().ceil()));
    }
    parts.join(" · ")
}

/// A line on standard error that follows a [`Progress`] while something long runs, when
/// standard error is a terminal (and says nothing otherwise). It starts after a moment, so
/// quick work prints nothing, and is wiped when dropped.
pub struct StderrProgress {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StderrProgress {
    /// Starts following `progress`, naming the work with `what` (already safe to print).
    pub fn start(what: String, progress: Arc<Progress>) -> StderrProgress {
        let done = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut shown = false;
                let mut waited = Duration::ZERO;
                let tick = Duration::from_millis(100);
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(tick);
                    waited += tick;
                    if waited < Duration::from_millis(300) {
                        continue;
                    }
                    let snapshot = progress.snapshot();
                    let line = short_line(&what, &snapshot);
                    // One row, always: a line that wrapped could not be rewritten in place.
                    let columns = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w));
                    let line = crate::text::truncate(&line, columns.saturating_sub(1));
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[K{line}");
                    let _ = err.flush();
                    shown = true;
                }
                if shown {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[K");
                    let _ = err.flush();
                }
            })
        });
        StderrProgress { done, thread }
    }
}

impl Drop for StderrProgress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_on_standard_error_says_how_far_and_how_long_in_one_row() {
        let mut snapshot = Snapshot {
            total_bytes: 743_000_000,
            bytes_read: 562_000_000,
            incidents: 700_000,
            stage: Stage::Reading,
            elapsed: Duration::from_secs(3),
            left: Some(Duration::from_millis(2_400)),
        };
        assert_eq!(
            short_line("checking big.ron", &snapshot),
            "checking big.ron 53% · 562 MB of 743 MB · about 3 s left"
        );
        snapshot.stage = Stage::Checking;
        snapshot.left = None;
        assert_eq!(
            short_line("checking big.ron", &snapshot),
            "checking big.ron 70% · checking"
        );
    }

    #[test]
    fn a_snapshot_reads_as_a_person_would() {
        let snapshot = Snapshot {
            total_bytes: 743_000_000,
            bytes_read: 312_000_000,
            incidents: 420_000,
            stage: Stage::Reading,
            elapsed: Duration::from_millis(2100),
            left: Some(Duration::from_millis(2900)),
        };
        assert_eq!(
            describe(&snapshot),
            "312 MB of 743 MB · 420,000 incidents · 2.1 s · about 3 s left"
        );
        assert!((snapshot.fraction() - 0.294).abs() < 0.01);
    }

    #[test]
    fn a_cancelled_load_stops_reading() {
        let progress = Progress::new();
        let mut reader = Counting::new(&b"some bytes"[..], &progress);
        let mut buffer = [0u8; 4];
        assert_eq!(reader.read(&mut buffer).ok(), Some(4));
        progress.cancel();
        assert!(reader.read(&mut buffer).is_err());
        assert_eq!(progress.snapshot().bytes_read, 4);
    }
}
