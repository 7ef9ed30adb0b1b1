//! The running app: terminal setup and restore, and the one event loop.
//!
//! Input is read on its own thread, search runs on another and the data file is watched
//! on a third; all send their events into one channel, so the loop sleeps until something
//! happens (no polling) and typing never waits for a search or a reload.
//!
//! Signals join that channel too: SIGTERM, SIGHUP, SIGINT and SIGQUIT end the app the way a
//! quit does, terminal given back, with the status a shell expects (128 + the signal);
//! SIGTSTP and Ctrl-Z suspend it with the terminal given back, and `fg` brings it back in
//! raw mode, redrawn whole.

use std::io::{IsTerminal, Write, stdout};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::EnterAlternateScreen;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use crate::app::events::action_for_event;
use crate::app::{Action, App, Effect, Workspace};
use crate::data::Dataset;
use crate::data::clean::shown_path;
use crate::data::merge::Opened;
use crate::data::progress::{Progress, Stage};
use crate::effects;
use crate::search::worker::SearchWorker;
use crate::search::{SearchIndex, SearchResults, Searcher};
use crate::theme::ThemeName;
use crate::watch::{FileWatch, watch_file};

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Capture the mouse.
    pub mouse: bool,
    /// The colour theme.
    pub theme: ThemeName,
    /// A tour to start with.
    pub tour: Option<String>,
    /// The keys (remapped by the configuration file, or the default ones).
    pub keymap: Arc<crate::app::Keymap>,
    /// Source addresses as OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

/// Below this many incidents, search runs inline: it takes well under a millisecond.
const INLINE_SEARCH_LIMIT: usize = 2_000;

enum LoopEvent {
    Terminal(event::Event),
    TerminalGone(String),
    Search(SearchResults),
    /// The data file changed: its new index, or why it no longer loads.
    Reloaded(Result<Box<Workspace>, String>),
    /// The filter panel's counts, made on another thread.
    Counted(Box<Action>),
    /// The files are open and indexed (none when the load was cancelled).
    Opened(Option<Box<Opening>>),
    /// A signal came: one of [`ENDING`], SIGTSTP or SIGCONT.
    Signal(i32),
    /// Something done on another thread, to say in the status bar.
    Notice(String),
    /// No program here opens web pages: copy the address instead (OSC 52).
    CopyLink(String, String),
}

/// What takes the whole terminal for a while: a suspend, or the user's editor.
enum Takeover {
    Suspend,
    Edit {
        path: PathBuf,
        index: usize,
        id: String,
    },
}

/// Lets the input thread read the next terminal event. One is given for each terminal
/// event once the app has handled it, so while a key hands the terminal to another program
/// (the editor) no read is waiting to take that program's keys; and the thread sleeps in a
/// blocking read, never waking up to look.
#[derive(Clone, Debug)]
struct InputPermits(Sender<()>);

impl InputPermits {
    /// The input thread may read one more event.
    fn give(&self) {
        // The thread is gone only when the terminal is: nothing to let read then.
        let _ = self.0.send(());
    }
}

/// The signals that end the app: it gives the terminal back first.
const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// Why the app stops other than by the user quitting.
enum Stop {
    /// Something failed: what to say on standard error.
    Failed(String),
    /// A signal ended it: the signal's number.
    Signal(i32),
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Failed(message)
    }
}

/// The status a shell gives a program a signal ended: 128 + the signal's number.
fn signal_status(signal: i32) -> ExitCode {
    ExitCode::from(u8::try_from(128 + signal).unwrap_or(1))
}

/// True while the app has the terminal (raw mode, alternate screen, mouse, paste mode): it
/// is given back once, by whichever comes first (a quit, a signal, a suspend, a panic), and
/// never touched from the background once given back.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back: mouse, paste mode, cursor, raw mode, alternate screen. Does
/// nothing when it was given back already.
fn restore_terminal() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        crossterm::cursor::Show
    );
    ratatui::restore();
    let _ = stdout().flush();
}

/// Takes the terminal again after a suspend: raw mode first (from the background that
/// would stop the process, which is why it is only done in the foreground), then the
/// alternate screen, paste mode and the mouse if it was on.
fn retake_terminal(mouse: bool) -> std::io::Result<()> {
    TAKEN.store(true, Ordering::SeqCst);
    crossterm::terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Forwards the signals the app answers into the event channel, so the loop that owns the
/// terminal deals with them between two events. The handlers stay installed until the
/// process ends: a second signal while the terminal is being given back waits its turn
/// in the channel instead of cutting that short.
fn spawn_signal_forwarder(events: Sender<LoopEvent>) -> std::io::Result<()> {
    let mut signals =
        signal_hook::iterator::Signals::new(ENDING.iter().chain(&[SIGTSTP, SIGCONT]).copied())?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if events.send(LoopEvent::Signal(signal)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// True when the process is in the terminal's foreground process group: `fg` puts it
/// there before continuing it, `bg` and `kill %1` continue it without. Read from
/// /proc/self/stat (pgrp and tpgid); where there is no /proc, assumed.
fn in_foreground() -> bool {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return true;
    };
    // After the command name, which may hold anything, in parentheses: state, ppid, pgrp,
    // session, tty_nr, tpgid.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    match (fields.get(2), fields.get(5)) {
        (Some(group), Some(foreground)) => group == foreground,
        _ => true,
    }
}

/// How long the app, continued without the terminal, waits for a signal sent with the
/// continue before it stops again: `kill %1` sends SIGTERM, then SIGCONT.
const BACKGROUND_GRACE: Duration = Duration::from_millis(200);

/// Stops the process as SIGTSTP would, until it is continued in the foreground (`fg` gives
/// it the terminal, then continues it). Continued without the terminal (`bg`, `kill %1`,
/// `kill -CONT`), it never touches the terminal: an ending signal that came with the
/// continue ends it, and otherwise it stops again, as a full-screen program in the
/// background does, so the shell knows it is stopped when `fg` comes. Events that come
/// meanwhile are kept in `held`.
fn stop_until_foreground(
    events: &Receiver<LoopEvent>,
    held: &mut Vec<LoopEvent>,
) -> Result<(), Stop> {
    loop {
        // SIGSTOP, as the default action of SIGTSTP: the process stops here.
        let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
        let deadline = Instant::now() + BACKGROUND_GRACE;
        loop {
            if in_foreground() {
                return Ok(());
            }
            match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(LoopEvent::Signal(signal)) if ENDING.contains(&signal) => {
                    return Err(Stop::Signal(signal));
                }
                Ok(LoopEvent::Signal(_)) => {}
                Ok(other) => held.push(other),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Stop::Failed("the event channel closed".into()));
                }
            }
        }
    }
}

/// Suspends the app, as Ctrl-Z does in a shell: the terminal is given back (the same as
/// on quitting), the process stops, and once `fg` continues it, the terminal is taken
/// again and the next frame is drawn whole. Events that came while it was away are sent
/// again; an ending signal that came then ends the app (the terminal is already back).
fn suspend(
    terminal: &mut DefaultTerminal,
    events: &Receiver<LoopEvent>,
    sender: &Sender<LoopEvent>,
    mouse: bool,
) -> Result<(), Stop> {
    // ratatui keeps track of the cursor: shown now, hidden again by the next frame.
    let _ = terminal.show_cursor();
    restore_terminal();
    let mut held = Vec::new();
    let stopped = stop_until_foreground(events, &mut held);
    for event in held {
        let _ = sender.send(event);
    }
    stopped?;
    retake_terminal(mouse).map_err(|e| format!("cannot take the terminal back: {e}"))?;
    // The screen was the shell's meanwhile, and its size may have changed: resizing clears
    // it and forgets the last frame, so the next one is drawn whole, at the new size.
    let size = terminal
        .size()
        .map_err(|e| format!("cannot read the terminal's size: {e}"))?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(|e| format!("cannot clear the screen: {e}"))?;
    Ok(())
}

/// Restores the terminal when dropped, so early returns and errors restore it too.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Starts the thread that reads the terminal's events, one per permit; the first is given.
fn spawn_input_reader(events: Sender<LoopEvent>) -> std::io::Result<InputPermits> {
    let (permits, permitted) = channel::<()>();
    let permits = InputPermits(permits);
    permits.give();
    thread::Builder::new().name("input".into()).spawn(move || {
        while permitted.recv().is_ok() {
            let message = match event::read() {
                Ok(event) => LoopEvent::Terminal(event),
                Err(error) => LoopEvent::TerminalGone(error.to_string()),
            };
            let gone = matches!(message, LoopEvent::TerminalGone(_));
            if events.send(message).is_err() || gone {
                return;
            }
        }
    })?;
    Ok(permits)
}

/// Where queries run: inline for small data, on a worker thread for large.
enum Search {
    Inline(Searcher),
    Background(SearchWorker),
}

impl Search {
    fn new(index: Arc<SearchIndex>, events: &Sender<LoopEvent>) -> Search {
        let searcher = Searcher::new(index.clone());
        if index.incident_count() < INLINE_SEARCH_LIMIT {
            return Search::Inline(searcher);
        }
        let deliver = events.clone();
        let worker = SearchWorker::spawn(searcher, move |results| {
            let _ = deliver.send(LoopEvent::Search(results));
        });
        // Without a thread to spare, search inline: slower to type, but it works.
        match worker {
            Ok(worker) => Search::Background(worker),
            Err(_) => Search::Inline(Searcher::new(index)),
        }
    }

    fn dispatch(&mut self, app: &mut App) {
        match self {
            Search::Inline(searcher) => app.run_pending_search(searcher),
            Search::Background(worker) => {
                if let Some(query) = app.take_search_request() {
                    worker.request(&query);
                }
            }
        }
    }
}

/// Watches every data file; when one changes, loads that one again and merges it with the
/// others' last good data. A file that no longer loads keeps its last good data and sends
/// its diagnostics. The bundled data has nothing to watch.
fn watch_data(
    files: &[PathBuf],
    parts: Vec<Option<Dataset>>,
    events: &Sender<LoopEvent>,
) -> Vec<FileWatch> {
    let files: Arc<Vec<PathBuf>> = Arc::new(files.to_vec());
    let parts = Arc::new(Mutex::new(parts));
    let mut watches = Vec::new();
    for (position, path) in files.iter().enumerate() {
        let send = events.clone();
        let files = Arc::clone(&files);
        let parts = Arc::clone(&parts);
        let reload_path = path.clone();
        let watch = watch_file(path, move || {
            let reloaded = match crate::data::load_file(&reload_path) {
                // One file is the whole workspace: nothing to merge, nothing kept aside.
                Ok(loaded) if files.len() == 1 => {
                    Ok(Box::new(Workspace::build(Arc::new(loaded.dataset))))
                }
                Ok(loaded) => {
                    let mut parts = parts.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(slot) = parts.get_mut(position) {
                        *slot = Some(loaded.dataset);
                    }
                    let merged = crate::data::merge::merge_parts(&files, &parts);
                    Ok(Box::new(Workspace::build(Arc::new(merged.dataset))))
                }
                Err(error) => Err(error.to_string()),
            };
            let _ = send.send(LoopEvent::Reloaded(reloaded));
        });
        // Without a watch the app still works; it just does not follow edits.
        watches.extend(watch.ok());
    }
    watches
}

/// Runs a filter count `update` asked for on a thread of its own; its answer comes back as
/// an event. An answer to an older question is dropped by `update`.
fn count_off_the_input_path(app: &mut App, events: &Sender<LoopEvent>) {
    if let Some(job) = app.take_count_job() {
        let send = events.clone();
        let spawned = thread::Builder::new().name("count".into()).spawn(move || {
            let _ = send.send(LoopEvent::Counted(Box::new(job.answer())));
        });
        if spawned.is_err() {
            app.update(Action::Notify("cannot count the filters now".into()));
        }
    }
}

/// Carries out what `update` asked for, and tells the user how it went; what needs the
/// whole terminal (a suspend, the editor) is handed back to the event loop, which holds it.
fn run_effects(app: &mut App, sender: &Sender<LoopEvent>) -> Option<Takeover> {
    let mut takeover = None;
    for effect in app.take_effects() {
        let message = match effect {
            Effect::Suspend => {
                takeover = Some(Takeover::Suspend);
                continue;
            }
            Effect::EditIncident { path, index, id } => {
                takeover = Some(Takeover::Edit { path, index, id });
                continue;
            }
            Effect::OpenLink { url, number, of } => {
                let which = format!("source [{number}]");
                let _ = of;
                if effects::is_remote() {
                    copy_link(&url, &which, "over SSH")
                } else {
                    open_link_in_background(url, which, sender.clone());
                    continue;
                }
            }
            Effect::SaveScreen => {
                let folder = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                match effects::save_screen(app, &folder) {
                    Ok(path) => format!("saved the screen to {}", shown_path(&path)),
                    Err(message) => message,
                }
            }
            Effect::ExportResults => {
                let folder = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                match effects::export_results(app, &folder) {
                    Ok((path, count)) => {
                        format!("exported {count} incidents to {}", shown_path(&path))
                    }
                    Err(message) => message,
                }
            }
            Effect::SetMouse(on) => {
                let result = if on {
                    execute!(stdout(), EnableMouseCapture)
                } else {
                    execute!(stdout(), DisableMouseCapture)
                };
                match result {
                    Ok(()) => continue,
                    Err(error) => format!("could not switch the mouse: {error}"),
                }
            }
            Effect::Copy(text) => {
                let mut out = stdout();
                match out
                    .write_all(effects::osc52(&text).as_bytes())
                    .and_then(|()| out.flush())
                {
                    Ok(()) => "copied the incident as Markdown (OSC 52)".to_string(),
                    Err(error) => format!("could not copy: {error}"),
                }
            }
        };
        app.update(Action::Notify(message));
    }
    takeover
}

/// Puts a web address on the clipboard (OSC 52) and says why it was copied, not opened.
fn copy_link(url: &str, which: &str, why: &str) -> String {
    let mut out = stdout();
    match out
        .write_all(effects::osc52(url).as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => format!("copied {which}'s address ({why}): {url}"),
        Err(error) => format!("could not copy {url}: {error}"),
    }
}

/// Opens a web address with the platform's opener on another thread (it may take a quarter
/// of a second to say whether it worked); the answer comes back as an event.
fn open_link_in_background(url: String, which: String, sender: Sender<LoopEvent>) {
    let _ = thread::Builder::new()
        .name("open-link".into())
        .spawn(move || {
            let event = match open::that_detached(&url) {
                Ok(()) => LoopEvent::Notice(format!("opened {which} in the browser: {url}")),
                Err(_) => LoopEvent::CopyLink(url, which),
            };
            let _ = sender.send(event);
        });
}

/// Makes the cells that show web addresses OSC 8 links, after the frame: each run written
/// again between the link's opening and closing, the cursor put back where the frame left it.
fn write_hyperlinks(
    terminal: &mut DefaultTerminal,
    segments: &[crate::ui::hyperlinks::Segment],
) -> std::io::Result<()> {
    use ratatui::backend::Backend;
    if segments.is_empty() {
        return Ok(());
    }
    let backend = terminal.backend_mut();
    backend.write_all(b"\x1b7")?; // DECSC: the cursor as the frame left it
    for segment in segments {
        let Some(open) = crate::ui::hyperlinks::open(&segment.url) else {
            continue;
        };
        backend.write_all(open.as_bytes())?;
        let cells = segment
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| (segment.x + i as u16, segment.y, cell));
        Backend::draw(backend, cells)?;
        backend.write_all(crate::ui::hyperlinks::CLOSE.as_bytes())?;
    }
    backend.write_all(b"\x1b8")?; // DECRC
    std::io::Write::flush(backend)
}

/// Gives the terminal to the user's editor on the incident's file at its line, and takes it
/// back when the editor exits: the input thread is not reading meanwhile (the key that
/// started the editor has not given it its next permit yet), the terminal is
/// restored as on quitting, and the next frame is drawn whole. Live reload shows the edit.
fn edit_incident(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    (path, index, id): (&std::path::Path, usize, &str),
) -> Result<String, Stop> {
    let (line, found) = effects::incident_line(path, index, id);
    let editor = effects::editor();
    let _ = terminal.show_cursor();
    restore_terminal();
    let status = effects::editor_command(&editor, path, line).status();
    retake_terminal(app.prefs.mouse_capture)
        .map_err(|e| format!("cannot take the terminal back: {e}"))?;
    let size = terminal
        .size()
        .map_err(|e| format!("cannot read the terminal's size: {e}"))?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(|e| format!("cannot clear the screen: {e}"))?;
    app.update(Action::Resize(size.width, size.height));
    let file = shown_path(path);
    Ok(match status {
        Ok(status) if status.success() && found => {
            format!("back from {editor} ({file}, line {line}); saved changes reload")
        }
        Ok(status) if status.success() => format!(
            "back from {editor}: incident {id} was not found in {file}, opened at line {line}"
        ),
        Ok(status) => format!("{editor} exited with {status} ({file})"),
        Err(error) => {
            format!("could not start {editor}: {error} (set $VISUAL or $EDITOR to your editor)")
        }
    })
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    (events, sender, permits): (&Receiver<LoopEvent>, &Sender<LoopEvent>, &InputPermits),
    search: &mut Search,
) -> Result<(), Stop> {
    let draw = |terminal: &mut DefaultTerminal, app: &App| {
        // The mono theme sends no colour at all, not even the resets ratatui writes after
        // each frame; the other themes have theirs, whichever the user switches to.
        crossterm::style::force_color_output(app.prefs.theme != ThemeName::Mono);
        let frame = terminal
            .draw(|frame| crate::ui::draw(frame, app))
            .map_err(|e| format!("cannot draw: {e}"))?;
        if app.prefs.hyperlinks {
            let urls = crate::ui::hyperlinks::shown_links(app);
            if !urls.is_empty() {
                let segments = crate::ui::hyperlinks::segments(frame.buffer, &urls);
                write_hyperlinks(terminal, &segments).map_err(|e| format!("cannot draw: {e}"))?;
            }
        }
        Ok::<(), Stop>(())
    };
    draw(terminal, app)?;
    while let Ok(first) = events.recv() {
        // Apply everything already waiting before drawing once: a burst of keys or a
        // resize storm costs one frame, not one per event.
        let mut next = Some(first);
        while let Some(event) = next {
            let from_terminal = matches!(event, LoopEvent::Terminal(_));
            let action = match event {
                LoopEvent::Terminal(event) => action_for_event(app, &event),
                LoopEvent::Search(results) => Some(Action::SearchFinished(results)),
                LoopEvent::Reloaded(Ok(workspace)) => {
                    // The old worker stops its running search as it is dropped; anything it
                    // already sent carries the old generation and is dropped by `update`.
                    *search = Search::new(workspace.index.clone(), sender);
                    Some(Action::Reloaded(workspace))
                }
                LoopEvent::Reloaded(Err(diagnostics)) => Some(Action::ReloadFailed(diagnostics)),
                LoopEvent::Counted(answer) => Some(*answer),
                LoopEvent::Notice(message) => Some(Action::Notify(message)),
                LoopEvent::CopyLink(url, which) => {
                    Some(Action::Notify(copy_link(&url, &which, "no browser found")))
                }
                LoopEvent::Opened(_) => None,
                LoopEvent::TerminalGone(error) => {
                    return Err(Stop::Failed(format!("lost the terminal: {error}")));
                }
                // SIGTSTP suspends as Ctrl-Z does; SIGCONT matters only while suspended.
                LoopEvent::Signal(SIGTSTP) => Some(Action::Suspend),
                LoopEvent::Signal(SIGCONT) => None,
                LoopEvent::Signal(signal) => return Err(Stop::Signal(signal)),
            };
            if let Some(action) = action {
                app.update(action);
                search.dispatch(app);
                count_off_the_input_path(app, sender);
                match run_effects(app, sender) {
                    Some(Takeover::Suspend) => {
                        suspend(terminal, events, sender, app.prefs.mouse_capture)?;
                        if let Ok((width, height)) = crossterm::terminal::size() {
                            app.update(Action::Resize(width, height));
                        }
                    }
                    Some(Takeover::Edit { path, index, id }) => {
                        let message = edit_incident(terminal, app, (&path, index, &id))?;
                        app.update(Action::Notify(message));
                    }
                    None => {}
                }
            }
            if app.should_quit() {
                return Ok(());
            }
            // Handled, the editor (if this key started it) back: the next event may be read.
            if from_terminal {
                permits.give();
            }
            next = events.try_recv().ok();
        }
        draw(terminal, app)?;
    }
    Ok(())
}

/// What the loader thread hands over once the files are open and indexed.
struct Opening {
    workspace: Workspace,
    notes: Vec<String>,
    failures: Vec<crate::data::LoadError>,
    parts: Vec<Option<Dataset>>,
}

/// Opens the files on a thread of its own, so the screen can show how far it has got.
fn spawn_loader(
    files: &[PathBuf],
    progress: Arc<Progress>,
    events: Sender<LoopEvent>,
) -> std::io::Result<()> {
    let files = files.to_vec();
    thread::Builder::new().name("load".into()).spawn(move || {
        let opened = crate::data::merge::open_with(&files, &progress);
        if progress.is_cancelled() {
            let _ = events.send(LoopEvent::Opened(None));
            return;
        }
        progress.enter(Stage::Indexing);
        let Opened {
            dataset,
            notes,
            failures,
            parts,
            ..
        } = opened;
        let workspace = Workspace::build(Arc::new(dataset));
        progress.enter(Stage::Done);
        let _ = events.send(LoopEvent::Opened(Some(Box::new(Opening {
            workspace,
            notes,
            failures,
            parts,
        }))));
    })?;
    Ok(())
}

/// Waits for the loader, drawing the loading screen from the first tenth of a second,
/// cancelling on `q`, `Esc` or `Ctrl-C` and suspending on `Ctrl-Z`. None when cancelled.
fn wait_for_load(
    terminal: &mut DefaultTerminal,
    (events, sender, permits): (&Receiver<LoopEvent>, &Sender<LoopEvent>, &InputPermits),
    progress: &Progress,
    what: &str,
    options: &RunOptions,
) -> Result<Option<Box<Opening>>, Stop> {
    use crossterm::event::{Event, KeyCode, KeyModifiers};
    let tick = std::time::Duration::from_millis(100);
    let palette = crate::theme::Theme::named(options.theme);
    let mut cancelling = false;
    loop {
        let received = events.recv_timeout(tick);
        let from_terminal = matches!(received, Ok(LoopEvent::Terminal(_)));
        match received {
            Ok(LoopEvent::Opened(opened)) => return Ok(opened),
            Ok(LoopEvent::TerminalGone(error)) => {
                progress.cancel();
                return Err(Stop::Failed(format!("lost the terminal: {error}")));
            }
            Ok(LoopEvent::Terminal(Event::Key(key))) => {
                let control = key.modifiers.contains(KeyModifiers::CONTROL);
                let quit = matches!(key.code, KeyCode::Char('q') | KeyCode::Esc)
                    || (key.code == KeyCode::Char('c') && control);
                if quit {
                    progress.cancel();
                    cancelling = true;
                } else if key.code == KeyCode::Char('z') && control {
                    suspend(terminal, events, sender, options.mouse)?;
                }
            }
            Ok(LoopEvent::Signal(SIGTSTP)) => suspend(terminal, events, sender, options.mouse)?,
            Ok(LoopEvent::Signal(signal)) if ENDING.contains(&signal) => {
                progress.cancel();
                return Err(Stop::Signal(signal));
            }
            Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Stop::Failed("the loader stopped".into()));
            }
        }
        if from_terminal {
            permits.give();
        }
        let snapshot = progress.snapshot();
        terminal
            .draw(|frame| crate::ui::loading::draw(frame, what, &snapshot, cancelling, &palette))
            .map_err(|e| format!("cannot draw: {e}"))?;
    }
}

/// Runs the app until the user quits: the terminal is set up first and the files are opened
/// behind a loading screen, then watched and reloaded when they change. Files that do not
/// open show their diagnostics over the rest.
pub fn run(files: &[PathBuf], options: &RunOptions) -> ExitCode {
    if !stdout().is_terminal() {
        crate::report::stderr(format_args!(
            "error: incident-explorer needs a terminal to draw in\n  = hint: run it in a terminal, or use `incident-explorer check` to validate a file"
        ));
        return ExitCode::FAILURE;
    }
    let (sender, events) = channel();
    let progress = Arc::new(Progress::new());
    if let Err(error) = spawn_loader(files, Arc::clone(&progress), sender.clone()) {
        crate::report::stderr(format_args!("error: cannot start a thread: {error}"));
        return ExitCode::FAILURE;
    }
    // Signals are answered before the terminal is taken, so it is never taken without them.
    // Without the thread the app still runs; a signal would leave the terminal as it was.
    let _ = spawn_signal_forwarder(sender.clone());
    // Small files open in a blink: the terminal is only taken over once they have, so a
    // file that does not load leaves it as it was. A longer load gets the loading screen.
    let deadline = Instant::now() + Duration::from_millis(100);
    let quick = loop {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(LoopEvent::Opened(Some(opening))) => break Some(opening),
            // Nothing is taken yet: stopping or ending is all there is to do.
            Ok(LoopEvent::Signal(SIGTSTP)) => {
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
            }
            Ok(LoopEvent::Signal(signal)) if ENDING.contains(&signal) => {
                progress.cancel();
                return signal_status(signal);
            }
            Ok(LoopEvent::Signal(_)) => {}
            _ => break None,
        }
    };
    if let Some(opening) = &quick
        && opening.failures.len() == files.len().max(1)
    {
        for failure in &opening.failures {
            crate::report::stderr(format_args!("{failure}"));
        }
        return ExitCode::FAILURE;
    }
    TAKEN.store(true, Ordering::SeqCst);
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            progress.cancel();
            restore_terminal();
            crate::report::stderr(format_args!("error: cannot set up the terminal: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let guard = TerminalGuard;
    // ratatui's panic hook restores raw mode and the screen; mouse capture needs undoing too.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let _ = execute!(stdout(), EnableBracketedPaste);
    if options.mouse {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    // Start crossterm's event source now: it installs the SIGWINCH handler, and a resize
    // before the input thread's first read would otherwise be lost.
    let _ = event::poll(std::time::Duration::ZERO);
    let what = crate::data::progress::files_named(files);
    let permits = match spawn_input_reader(sender.clone()) {
        Ok(permits) => permits,
        Err(e) => {
            drop(guard);
            crate::report::stderr(format_args!("error: cannot start the input thread: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let opening = match quick {
        Some(opening) => Ok(Some(opening)),
        None => wait_for_load(
            &mut terminal,
            (&events, &sender, &permits),
            &progress,
            &what,
            options,
        ),
    };
    let opening = match opening {
        Ok(Some(opening)) => *opening,
        Ok(None) => {
            drop(guard);
            let files =
                crate::data::clean::escape_for_terminal(&crate::data::merge::workspace_name(files));
            crate::report::stderr(format_args!("cancelled: {files} was not opened"));
            return ExitCode::SUCCESS;
        }
        Err(Stop::Signal(signal)) => {
            progress.cancel();
            drop(guard);
            return signal_status(signal);
        }
        Err(Stop::Failed(error)) => {
            progress.cancel();
            drop(guard);
            crate::report::stderr(format_args!("error: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let Opening {
        workspace,
        notes,
        failures,
        parts,
    } = opening;
    if failures.len() == files.len().max(1) {
        drop(guard);
        for failure in &failures {
            crate::report::stderr(format_args!("{failure}"));
        }
        return ExitCode::FAILURE;
    }
    let mut search = Search::new(workspace.index.clone(), &sender);
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::with_workspace(workspace, size);
    app.prefs.mouse_capture = options.mouse;
    app.prefs.theme = options.theme;
    app.keymap = Arc::clone(&options.keymap);
    app.prefs.hyperlinks = options.hyperlinks;
    app.files = files.to_vec();
    if let Some(tour) = &options.tour {
        if let Err(message) = app.start_tour(tour) {
            drop(guard);
            crate::report::stderr(format_args!(
                "error: {message}\n  = hint: press T in the app to list the tours"
            ));
            return ExitCode::FAILURE;
        }
        search.dispatch(&mut app);
    }
    if !failures.is_empty() {
        let diagnostics: Vec<String> = failures.iter().map(|e| e.to_string()).collect();
        app.update(Action::ReloadFailed(diagnostics.join("\n")));
    } else if files.len() > 1 {
        app.update(Action::Notify(format!(
            "{} files open as one; {} merge{} (check lists them)",
            files.len(),
            notes.len(),
            if notes.len() == 1 { "" } else { "s" }
        )));
    }
    let _watches = watch_data(files, parts, &sender);
    let outcome = event_loop(
        &mut terminal,
        &mut app,
        (&events, &sender, &permits),
        &mut search,
    );
    drop(guard);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Signal(signal)) => signal_status(signal),
        Err(Stop::Failed(error)) => {
            crate::report::stderr(format_args!("error: {error}"));
            ExitCode::FAILURE
        }
    }
}
