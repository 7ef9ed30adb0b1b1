//! The real binary in a pseudo-terminal, read as a person reads a screen.
//!
//! [`Term::spawn`] starts `incident-explorer` on a fresh pty (its own, so the tests need no
//! terminal and never touch their own standard input). A background thread reads everything
//! the app writes into a shared buffer: the raw bytes, kept whole so tests can search them
//! for escape sequences, and a `vt100` parser that turns them into the screen a terminal
//! would show. Tests wait for what they expect with a deadline instead of sleeping.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long anything may take to show up before a test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What the app asked the terminal to do besides drawing: window titles, clipboard writes
/// and any other OSC sequence. Data must never cause any of these.
#[derive(Debug, Default)]
pub struct Requests {
    /// Window titles and icon names set (OSC 0, 1, 2).
    pub titles: Vec<Vec<u8>>,
    /// Clipboard writes (OSC 52): (selection, base64 data).
    pub clipboard: Vec<(Vec<u8>, Vec<u8>)>,
    /// Every other OSC sequence (OSC 8 hyperlinks among them), by its parameters.
    pub other_osc: Vec<Vec<Vec<u8>>>,
}

impl vt100::Callbacks for Requests {
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8], data: &[u8]) {
        self.clipboard.push((ty.to_vec(), data.to_vec()));
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.other_osc
            .push(params.iter().map(|p| p.to_vec()).collect());
    }
}

pub struct State {
    /// Every byte the app wrote, in order.
    pub raw: Vec<u8>,
    /// The terminal those bytes drew.
    pub parser: vt100::Parser<Requests>,
    /// The app's side of the pty is closed: it exited.
    pub closed: bool,
}

impl State {
    pub fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// The app running in a pseudo-terminal.
pub struct Term {
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    /// The pty's line settings before the app started.
    pub initial_termios: libc::termios,
}

/// How a run ended.
pub struct Finished {
    pub status: ExitStatus,
    pub raw: Vec<u8>,
    pub screen: vt100::Screen,
    pub requests: Requests,
    /// The pty's line settings after the app exited.
    pub termios: libc::termios,
    pub initial_termios: libc::termios,
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is at least 1x1")
}

/// The crate's folder: relative fixture paths are given from here.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Term {
    /// Starts the binary with `args` in a `cols`x`rows` pty.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Term {
        Term::spawn_with_env(args, cols, rows, &[])
    }

    /// Starts the binary with `args` and extra environment variables in a `cols`x`rows` pty.
    /// No configuration file is read unless `XDG_CONFIG_HOME` is given: the developer's own
    /// must not change what the tests see.
    pub fn spawn_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Term {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_incident-explorer"));
        command.args(args);
        command.cwd(manifest_dir());
        command.env("TERM", "xterm-256color");
        // Colours on, whatever the test runner's environment says.
        command.env_remove("NO_COLOR");
        command.env(
            "XDG_CONFIG_HOME",
            manifest_dir().join("target").join("no-configuration-here"),
        );
        for (name, value) in env {
            command.env(name, value);
        }
        let initial_termios = termios_of(pty.master.as_ref());
        let child = pty.slave.spawn_command(command).expect("start the app");
        // Only the child holds the slave now, so the reader sees the end when it exits.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                raw: Vec::new(),
                parser: vt100::Parser::new_with_callbacks(
                    nonzero(rows),
                    nonzero(cols),
                    0,
                    Requests::default(),
                ),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let for_reader = shared.clone();
        let reader = std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buffer = [0u8; 64 * 1024];
                loop {
                    // EOF or EIO: every copy of the slave is closed, the app is gone.
                    let n = reader.read(&mut buffer).unwrap_or(0);
                    let mut state = for_reader.state.lock().unwrap_or_else(|e| e.into_inner());
                    if n == 0 {
                        state.closed = true;
                        for_reader.changed.notify_all();
                        return;
                    }
                    state.raw.extend_from_slice(&buffer[..n]);
                    state.parser.process(&buffer[..n]);
                    for_reader.changed.notify_all();
                }
            })
            .expect("start the pty reader");
        Term {
            master: pty.master,
            writer: Some(writer),
            child,
            shared,
            reader: Some(reader),
            initial_termios,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Types bytes as the keyboard would send them.
    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the writer is open");
        writer
            .write_all(bytes.as_bytes())
            .and_then(|()| writer.flush())
            .expect("write to the pty");
    }

    /// Waits until `check` passes; fails with its last complaint and the screen. Checks
    /// that must see a whole frame belong here: the app redraws only what changed, so a
    /// frame arrives in pieces and a half-drawn screen is normal for a moment.
    pub fn wait_ok(&self, check: impl Fn(&State) -> Result<(), String>) {
        self.wait_ok_within(TIMEOUT, check);
    }

    /// `wait_ok` with a deadline of its own.
    pub fn wait_ok_within(&self, limit: Duration, check: impl Fn(&State) -> Result<(), String>) {
        let deadline = Instant::now() + limit;
        let mut state = self.lock();
        loop {
            let complaint = match check(&state) {
                Ok(()) => return,
                Err(why) => why,
            };
            let now = Instant::now();
            if now >= deadline || state.closed {
                let why = if state.closed {
                    "the app exited"
                } else {
                    "timed out"
                };
                panic!(
                    "{why}: {complaint}; the screen shows:\n{}",
                    show(state.screen())
                );
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `ready` holds for the screen (and the bytes).
    pub fn wait_until(&self, what: &str, ready: impl Fn(&State) -> bool) {
        self.wait_ok(|state| {
            if ready(state) {
                Ok(())
            } else {
                Err(format!("waiting for {what}"))
            }
        });
    }

    /// Waits until `check` passes on the screen.
    pub fn wait_screen(&self, check: impl Fn(&vt100::Screen) -> Result<(), String>) {
        self.wait_ok(|state| check(state.screen()));
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| {
            s.screen().contents().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), |s| {
            !s.screen().contents().contains(text)
        });
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        show(self.lock().screen())
    }

    /// Runs `look` on the screen as it is now.
    pub fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
        look(self.lock().screen())
    }

    /// How many bytes the app has written so far (cheap, unlike [`Term::raw`]).
    pub fn bytes_written(&self) -> usize {
        self.lock().raw.len()
    }

    /// True once the app has exited and its side of the pty closed.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// A copy of every byte written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// Resizes the terminal as a window manager would: the kernel tells the app (SIGWINCH)
    /// and the emulator's grid changes size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut state = self.lock();
        state.parser.set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// The app's process id, to send it signals.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The pty's line settings now.
    pub fn termios(&self) -> libc::termios {
        termios_of(self.master.as_ref())
    }

    /// Waits for the app to exit on its own, then for its last bytes.
    pub fn finish(mut self) -> Finished {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            match self.child.try_wait().expect("poll the app") {
                Some(status) => break status,
                None if Instant::now() >= deadline => {
                    panic!("the app did not exit; the screen shows:\n{}", self.text())
                }
                None => std::thread::sleep(Duration::from_millis(10)),
            }
        };
        self.wait_until("the app's side of the pty to close", |s| s.closed);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let termios = self.termios();
        let mut state = self.lock();
        let raw = std::mem::take(&mut state.raw);
        let screen = state.screen().clone();
        let requests = std::mem::take(state.parser.callbacks_mut());
        drop(state);
        Finished {
            status,
            raw,
            screen,
            requests,
            termios,
            initial_termios: self.initial_termios,
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        // A failed test must not leave the app running: stop it before the writer closes
        // (closing it types Enter and Ctrl-D into the pty).
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.writer.take();
    }
}

fn termios_of(master: &dyn MasterPty) -> libc::termios {
    master
        .get_termios()
        .expect("the pty's termios (tcgetattr on the master)")
        .into()
}

/// Raw mode as crossterm sets it (cfmakeraw): no line editing, no echo, no signals.
pub fn is_raw(termios: &libc::termios) -> bool {
    termios.c_lflag & (libc::ICANON | libc::ECHO | libc::ISIG) == 0
}

/// The screen as lines of text, trailing blanks trimmed, with row numbers.
pub fn show(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .enumerate()
        .map(|(i, row)| format!("{i:2}|{}", row.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen's rows as text.
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The symbol drawn in one cell ("" for an empty cell or the right half of a wide one).
pub fn cell(screen: &vt100::Screen, row: u16, col: u16) -> String {
    screen
        .cell(row, col)
        .map(|c| c.contents().to_string())
        .unwrap_or_default()
}

/// Where `needle` occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Bytes as printable text for failure messages.
pub fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}
