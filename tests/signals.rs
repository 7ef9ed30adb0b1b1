//! Signals, in a pseudo-terminal: the real binary is sent what `kill`, a closing window or a
//! shell's job control send, and the terminal is read afterwards as a person finds it.
//!
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT give the terminal back and exit with 128 + the
//! signal; SIGTSTP and Ctrl-Z give it back and stop; SIGCONT (what `fg` sends) takes it
//! again in raw mode and draws the whole screen. The last tests run the app under an
//! interactive bash, as people do: Ctrl-Z, `fg`, `bg`, `kill %1`.

#![cfg(unix)]

#[path = "e2e/checks.rs"]
mod checks;
#[path = "e2e/pty.rs"]
mod pty;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use checks::*;
use pty::{State, Term, escaped, find};

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// "N of N": every bundled incident, as the list title and the status bar count them.
fn all_of_bundled() -> String {
    let count = incident_explorer::data::load_bundled()
        .map(|loaded| loaded.dataset.incidents.len())
        .unwrap_or_else(|e| panic!("{e}"));
    format!("{count} of {count}")
}

/// Checks the incidents screen is drawn whole on the bundled data.
fn check_started(screen: &vt100::Screen) -> Result<(), String> {
    let all = all_of_bundled();
    check_shows(screen, &[&format!("Incidents {all}")])?;
    ensure(status(screen).contains(&all), || {
        format!("the status bar counts {all}")
    })?;
    check_incidents_layout(screen)
}

/// Starts the app on the bundled data and waits for its first whole frame, with the
/// terminal taken: alternate screen, mouse, raw mode.
fn started(cols: u16, rows: u16) -> Term {
    let term = Term::spawn(&[], cols, rows);
    term.wait_screen(check_started);
    term.with_screen(|screen| {
        assert!(screen.alternate_screen(), "on the alternate screen");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is on"
        );
    });
    assert!(pty::is_raw(&term.termios()), "the app runs in raw mode");
    term
}

fn pid_of(term: &Term) -> libc::pid_t {
    let pid = term.pid().expect("the app's process id");
    libc::pid_t::try_from(pid).expect("a pid fits")
}

/// Sends `signal` to the app, as `kill -SIGNAL pid` does.
fn kill(term: &Term, signal: libc::c_int) {
    // SAFETY: kill(2) with a pid this test started and a valid signal number.
    let sent = unsafe { libc::kill(pid_of(term), signal) };
    assert_eq!(
        sent,
        0,
        "kill({signal}): {}",
        std::io::Error::last_os_error()
    );
}

/// The process's state letter from /proc ('T': stopped), where there is a /proc.
fn process_state(pid: libc::pid_t) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.trim_start().chars().next()
}

/// Waits until the app is stopped, as a shell sees a suspended job (Linux only: elsewhere
/// there is no /proc to ask, and the terminal checks stand alone).
fn wait_stopped(term: &Term) {
    let pid = pid_of(term);
    if process_state(pid).is_none() {
        return;
    }
    let deadline = Instant::now() + pty::TIMEOUT;
    loop {
        match process_state(pid) {
            Some('T') => return,
            state if Instant::now() >= deadline => {
                panic!("the app is not stopped (state {state:?}):\n{}", term.text())
            }
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Checks the terminal is given back while the app is suspended: the shell's screen, the
/// cursor shown, no mouse or paste mode, the line settings as they were.
fn check_given_back(term: &Term) -> Result<(), String> {
    let termios = term.termios();
    ensure(!pty::is_raw(&termios), || {
        "the pty is still in raw mode".into()
    })?;
    let before = &term.initial_termios;
    ensure(
        (termios.c_iflag, termios.c_oflag, termios.c_lflag)
            == (before.c_iflag, before.c_oflag, before.c_lflag),
        || "the pty's line settings are not back to what they were".into(),
    )?;
    term.with_screen(|screen| {
        ensure(!screen.alternate_screen(), || {
            "still on the alternate screen".into()
        })?;
        ensure(!screen.hide_cursor(), || {
            "the cursor is still hidden".into()
        })?;
        ensure(
            screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None,
            || "mouse capture is still on".into(),
        )?;
        ensure(!screen.bracketed_paste(), || {
            "bracketed paste is still on".into()
        })
    })
}

/// Waits for the terminal to be given back, then checks the app is stopped.
fn wait_suspended(term: &Term) {
    let deadline = Instant::now() + pty::TIMEOUT;
    loop {
        match check_given_back(term) {
            Ok(()) => break,
            Err(why) if Instant::now() >= deadline => {
                panic!("not given back: {why}; the screen shows:\n{}", term.text())
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    wait_stopped(term);
}

/// What the bytes written from `from` on draw on a blank terminal of the same size: the
/// screen after `fg` as it would be if nothing had been kept from before.
fn drawn_since(state: &State, from: usize) -> vt100::Parser {
    let (rows, cols) = state.screen().size();
    let mut fresh = vt100::Parser::new(rows, cols, 0);
    fresh.process(&state.raw[from..]);
    fresh
}

/// Continues the app as `fg` does and waits for it to take the terminal again and draw
/// the whole screen: every cell of the frame written after it came back, not only what
/// changed. `check` is what that screen must show.
fn continue_and_wait_for_whole_frame(
    term: &Term,
    check: impl Fn(&vt100::Screen) -> Result<(), String>,
) {
    let from = term.bytes_written();
    kill(term, libc::SIGCONT);
    term.wait_ok(|state| {
        let fresh = drawn_since(state, from);
        ensure(fresh.screen().alternate_screen(), || {
            "the app is not back on the alternate screen".into()
        })?;
        check(fresh.screen()).map_err(|why| format!("the frame after fg: {why}"))?;
        // What the terminal shows is that frame too.
        ensure(
            state.screen().contents() == fresh.screen().contents(),
            || "the screen differs from the frame drawn after fg".into(),
        )
    });
    assert!(
        pty::is_raw(&term.termios()),
        "raw mode again after fg:\n{}",
        term.text()
    );
}

/// One ending signal: the terminal is given back and the status is 128 + the signal.
fn ends_with_the_terminal_given_back(signal: libc::c_int) {
    let term = started(80, 24);
    kill(&term, signal);
    let done = term.finish();
    assert_eq!(
        (done.status.exit_code(), done.status.signal()),
        (128 + signal as u32, None),
        "exit status after signal {signal}"
    );
    assert_restored(&done);
}

#[test]
fn sigterm_gives_the_terminal_back_and_exits_143() {
    ends_with_the_terminal_given_back(libc::SIGTERM);
}

#[test]
fn sighup_gives_the_terminal_back_and_exits_129() {
    ends_with_the_terminal_given_back(libc::SIGHUP);
}

#[test]
fn sigint_gives_the_terminal_back_and_exits_130() {
    ends_with_the_terminal_given_back(libc::SIGINT);
}

#[test]
fn sigquit_gives_the_terminal_back_and_exits_131() {
    ends_with_the_terminal_given_back(libc::SIGQUIT);
}

/// A burst of signals: the first one ends the app, the others come while it gives the
/// terminal back and must not cut that short or leave half of it undone.
#[test]
fn signals_in_a_burst_give_the_terminal_back_once_and_whole() {
    let term = started(80, 24);
    for signal in [
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTERM,
        libc::SIGTSTP,
        libc::SIGHUP,
    ] {
        kill(&term, signal);
    }
    let done = term.finish();
    let code = done.status.exit_code();
    assert!(
        [129, 130, 131, 143].contains(&code) && done.status.signal().is_none(),
        "exit status {:?}",
        done.status
    );
    assert_restored(&done);
    let left = done.raw.windows(8).filter(|w| *w == b"\x1b[?1049l").count();
    assert_eq!(left, 1, "the alternate screen is left once");
}

/// SIGTSTP (`kill -TSTP`, or Ctrl-Z with the terminal in cooked mode): the terminal is
/// given back and the app stops; SIGCONT brings it back in raw mode with the mouse on
/// again and the whole screen drawn, where it was (the relations screen).
#[test]
fn sigtstp_suspends_with_the_terminal_given_back_and_fg_redraws_it_whole() {
    let mut term = started(90, 26);
    term.send("2");
    term.wait_screen(check_relations_layout);
    kill(&term, libc::SIGTSTP);
    wait_suspended(&term);

    continue_and_wait_for_whole_frame(&term, |screen| {
        check_relations_layout(screen)?;
        ensure(
            screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None,
            || "mouse capture is not back on".into(),
        )
    });

    // It works as before: keys, and a quit that gives the terminal back.
    term.send("1");
    term.wait_screen(check_started);
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

/// Ctrl-Z is a key in raw mode: it suspends the same way, from a layer too (the search
/// line here), and the mouse, turned off before, stays off after `fg`.
#[test]
fn ctrl_z_suspends_from_the_search_line_and_fg_comes_back_as_it_was() {
    let mut term = started(80, 24);
    term.send("M");
    term.wait_screen(|screen| {
        ensure(
            screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None,
            || "M turned the mouse off".into(),
        )
    });
    term.send("/");
    term.wait_screen(|screen| {
        ensure(status(screen).contains("Enter results"), || {
            "the search line has the keys".into()
        })
    });
    term.send("octo");
    term.wait_for("/ octo");
    term.send("\x1a");
    wait_suspended(&term);

    continue_and_wait_for_whole_frame(&term, |screen| {
        check_shows(screen, &["/ octo", "Hawaiian Airlines"])?;
        ensure(status(screen).contains("Enter results"), || {
            "the search line still has the keys".into()
        })?;
        ensure(
            screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None,
            || "the mouse came back on though it was off".into(),
        )
    });

    // Still typing in the search line.
    term.send(" tempest");
    term.wait_for("/ octo tempest");
    term.send("\x03");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

/// An ending signal sent while the app is suspended, and SIGCONT after it (as `kill` does
/// to a stopped job): it ends with status 143 and the terminal given back. (Here the app
/// is still the pty's foreground, as after `fg`; under a shell, where it is not, it does
/// not even take the terminal again: see the bash tests below.)
#[test]
fn a_signal_while_suspended_ends_it_with_the_terminal_given_back() {
    let mut term = started(80, 24);
    term.send("\x1a");
    wait_suspended(&term);
    kill(&term, libc::SIGTERM);
    kill(&term, libc::SIGCONT);
    let done = term.finish();
    assert_eq!(done.status.exit_code(), 143, "{:?}", done.status);
    assert_restored(&done);
}

/// A data file big enough that loading it takes seconds in a debug build: 60,000 generated
/// incidents, made once per test run (the same file tests/e2e.rs makes).
fn big_file() -> &'static std::path::Path {
    static FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("big-60k.ron");
        if !path.exists() {
            let partial = path.with_extension(format!("{}.tmp", std::process::id()));
            let status = Command::new(BIN)
                .args(["generate", "60000", "-o"])
                .arg(&partial)
                .stdin(Stdio::null())
                .status()
                .expect("run generate");
            assert!(status.success(), "generate 60000");
            std::fs::rename(&partial, &path).expect("move the generated file in place");
        }
        path
    })
}

fn check_loading(screen: &vt100::Screen) -> Result<(), String> {
    check_shows(screen, &["Opening big-60k.ron", "%", "cancels"])
}

/// The loading screen is up before the event loop: a signal there gives the terminal back
/// too.
#[test]
fn sigterm_on_the_loading_screen_gives_the_terminal_back() {
    let path = big_file().to_string_lossy().into_owned();
    let term = Term::spawn(&[&path], 90, 26);
    term.wait_screen(check_loading);
    kill(&term, libc::SIGTERM);
    let done = term.finish();
    assert_eq!(done.status.exit_code(), 143, "{:?}", done.status);
    assert_restored(&done);
}

/// Suspended on the loading screen, the app comes back to it, drawn whole, and q still
/// cancels the load cleanly.
#[test]
fn sigtstp_on_the_loading_screen_suspends_and_fg_comes_back_to_it() {
    let path = big_file().to_string_lossy().into_owned();
    let mut term = Term::spawn(&[&path], 90, 26);
    term.wait_screen(check_loading);
    kill(&term, libc::SIGTSTP);
    wait_suspended(&term);
    continue_and_wait_for_whole_frame(&term, check_loading);
    term.send("q");
    let done = term.finish();
    let text = done.screen.contents();
    assert_eq!(done.status.exit_code(), 0, "{text}");
    assert!(text.contains("was not opened"), "{text}");
    assert_restored(&done);
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is at least 1x1")
}

/// What bash and the programs it runs wrote: every byte, and the screen they drew.
type Output = Arc<(Mutex<(Vec<u8>, vt100::Parser)>, Condvar)>;

/// An interactive bash in a pty of its own, with job control: what a person types into.
struct Shell {
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Output,
}

impl Shell {
    /// None when there is no bash to run.
    fn start(cols: u16, rows: u16) -> Option<Shell> {
        let bash = ["/bin/bash", "/usr/bin/bash"]
            .into_iter()
            .find(|path| std::path::Path::new(path).exists())?;
        let pty = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = portable_pty::CommandBuilder::new(bash);
        command.args(["--norc", "--noprofile", "-i"]);
        command.cwd(pty::manifest_dir());
        command.env("TERM", "xterm-256color");
        command.env("PS1", "$ ");
        command.env_remove("NO_COLOR");
        command.env_remove("PROMPT_COMMAND");
        command.env("HISTFILE", "/dev/null");
        let child = pty.slave.spawn_command(command).expect("start bash");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let output = Arc::new((
            Mutex::new((
                Vec::new(),
                vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            )),
            Condvar::new(),
        ));
        let shared = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 64 * 1024];
            loop {
                let n = reader.read(&mut buffer).unwrap_or(0);
                if n == 0 {
                    return;
                }
                let mut state = shared.0.lock().unwrap_or_else(|e| e.into_inner());
                state.0.extend_from_slice(&buffer[..n]);
                state.1.process(&buffer[..n]);
                shared.1.notify_all();
            }
        });
        Some(Shell {
            master: pty.master,
            writer,
            child,
            output,
        })
    }

    fn send(&mut self, text: &str) {
        self.writer
            .write_all(text.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("write to the pty");
    }

    fn bytes_written(&self) -> usize {
        self.output
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .len()
    }

    /// Waits until `check` passes on (bytes written from `from` on, the screen).
    fn wait(&self, from: usize, check: impl Fn(&[u8], &vt100::Screen) -> Result<(), String>) {
        let deadline = Instant::now() + pty::TIMEOUT;
        let mut state = self.output.0.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let complaint = match check(&state.0[from..], state.1.screen()) {
                Ok(()) => return,
                Err(why) => why,
            };
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out: {complaint}; the screen shows:\n{}\nbytes: {}",
                    pty::show(state.1.screen()),
                    escaped(&state.0[from..])
                );
            }
            state = self
                .output
                .1
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// True when bash has written `text` since `from`.
    fn wrote_since(&self, from: usize, text: &[u8]) -> bool {
        let state = self.output.0.lock().unwrap_or_else(|e| e.into_inner());
        find(&state.0[from..], text).is_some()
    }

    /// The screen as text, one line per row.
    fn text(&self) -> String {
        pty::show(
            self.output
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .1
                .screen(),
        )
    }

    /// Waits until bash has written `text` since `from`.
    fn wait_text(&self, from: usize, text: &str) {
        self.wait(from, |bytes, _| {
            ensure(find(bytes, text.as_bytes()).is_some(), || {
                format!("waiting for {text:?}")
            })
        });
    }

    /// Waits for bash's prompt: what is typed before it may go to the program that had the
    /// terminal, or be thrown away as the line settings change.
    fn wait_prompt(&self) {
        self.wait(0, |bytes, _| {
            ensure(bytes.ends_with(b"$ "), || "waiting for the prompt".into())
        });
    }

    /// Types a line at the prompt.
    fn type_line(&mut self, line: &str) {
        self.wait_prompt();
        self.send(&format!("{line}\r"));
    }

    /// Runs a command line at the prompt and waits for its output's marker (`$((6*7))`
    /// makes it differ from the line's echo).
    fn run(&mut self, line: &str, marker: &str) {
        self.wait_prompt();
        let from = self.bytes_written();
        self.send(&format!("{line}; echo {marker}-$((6*7))\r"));
        self.wait_text(from, &format!("{marker}-42"));
    }

    fn termios(&self) -> libc::termios {
        self.master.get_termios().expect("the pty's termios").into()
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the app from bash and waits for its first whole frame.
fn start_in_shell(shell: &mut Shell) {
    shell.run("stty sane", "ready");
    let from = shell.bytes_written();
    shell.type_line(&format!("'{BIN}'"));
    shell.wait(from, |_, screen| {
        ensure(screen.alternate_screen(), || {
            "the app has the screen".into()
        })?;
        check_started(screen)
    });
}

/// Checks what a person sees at the shell's prompt with the app suspended.
fn check_at_the_prompt(shell: &Shell, from: usize, said: &str) {
    shell.wait(from, |bytes, screen| {
        ensure(find(bytes, said.as_bytes()).is_some(), || {
            format!("bash says {said:?}")
        })?;
        ensure(screen.contents().contains("$ "), || "a prompt".into())?;
        ensure(!screen.alternate_screen(), || {
            "still on the alternate screen".into()
        })?;
        ensure(!screen.hide_cursor(), || "the cursor is hidden".into())?;
        ensure(
            screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None,
            || "mouse capture is still on".into(),
        )
    });
    assert!(!pty::is_raw(&shell.termios()), "the shell's line is raw");
}

/// Ctrl-Z at the app, then `fg`, as a person does: bash says the job stopped and gives a
/// prompt on a usable terminal; `fg` brings the app back whole, and q ends it with the
/// terminal as bash had it.
#[test]
fn in_bash_ctrl_z_stops_the_job_and_fg_brings_it_back() {
    let Some(mut shell) = Shell::start(90, 26) else {
        eprintln!("no bash: skipped");
        return;
    };
    start_in_shell(&mut shell);
    let from = shell.bytes_written();
    shell.send("\x1a");
    check_at_the_prompt(&shell, from, "Stopped");

    let from = shell.bytes_written();
    shell.type_line("fg");
    shell.wait(from, |bytes, screen| {
        let (rows, cols) = screen.size();
        let mut fresh = vt100::Parser::new(rows, cols, 0);
        fresh.process(bytes);
        check_started(fresh.screen()).map_err(|why| format!("the frame after fg: {why}"))
    });
    assert!(pty::is_raw(&shell.termios()), "raw mode again after fg");

    let from = shell.bytes_written();
    shell.send("q");
    shell.wait(from, |_, screen| {
        ensure(!screen.alternate_screen(), || "the app ended".into())
    });
    shell.run("echo status=$?", "after");
    shell.wait(from, |bytes, _| {
        ensure(find(bytes, b"status=0").is_some(), || {
            "exit status 0".into()
        })
    });
    assert!(!pty::is_raw(&shell.termios()), "the shell's line is raw");
}

/// `bg` continues the app without the terminal: it does not take it (that would draw over
/// the shell) and stops again, as a full-screen program in the background does, so bash
/// lists it as stopped; `fg` brings it back whole.
#[test]
fn in_bash_bg_leaves_the_terminal_to_the_shell_and_fg_brings_it_back() {
    let Some(mut shell) = Shell::start(90, 26) else {
        eprintln!("no bash: skipped");
        return;
    };
    start_in_shell(&mut shell);
    let from = shell.bytes_written();
    shell.send("\x1a");
    check_at_the_prompt(&shell, from, "Stopped");

    let from = shell.bytes_written();
    shell.run("bg", "bg-done");
    let listed = shell.bytes_written();
    let deadline = Instant::now() + pty::TIMEOUT;
    while !shell.wrote_since(listed, b"Stopped") {
        assert!(
            Instant::now() < deadline,
            "the app did not stop again after bg:\n{}",
            shell.text()
        );
        std::thread::sleep(Duration::from_millis(100));
        shell.run("jobs", "jobs-done");
    }
    shell.wait(from, |bytes, screen| {
        ensure(!screen.alternate_screen(), || {
            "the app took the screen from the background".into()
        })?;
        ensure(find(bytes, b"\x1b[?1049h").is_none(), || {
            "the app wrote to the terminal from the background".into()
        })
    });
    assert!(!pty::is_raw(&shell.termios()), "the shell's line is raw");

    let from = shell.bytes_written();
    shell.type_line("fg");
    shell.wait(from, |bytes, screen| {
        let (rows, cols) = screen.size();
        let mut fresh = vt100::Parser::new(rows, cols, 0);
        fresh.process(bytes);
        check_started(fresh.screen()).map_err(|why| format!("the frame after fg: {why}"))
    });
    assert!(pty::is_raw(&shell.termios()), "raw mode again after fg");
    let from = shell.bytes_written();
    shell.send("q");
    shell.wait(from, |_, screen| {
        ensure(!screen.alternate_screen(), || "the app ended".into())
    });
    shell.run("echo status=$?", "after");
    shell.wait(from, |bytes, _| {
        ensure(find(bytes, b"status=0").is_some(), || {
            "exit status 0".into()
        })
    });
}

/// `kill %1` on the suspended app (SIGTERM, then SIGCONT from bash): it ends at once with
/// status 143, and neither stops again nor draws over the shell.
#[test]
fn in_bash_kill_ends_a_suspended_app_without_touching_the_terminal() {
    let Some(mut shell) = Shell::start(90, 26) else {
        eprintln!("no bash: skipped");
        return;
    };
    start_in_shell(&mut shell);
    let from = shell.bytes_written();
    shell.send("\x1a");
    check_at_the_prompt(&shell, from, "Stopped");

    // One line, then a pause, so that nothing is typed while the app ends (in the
    // background, reading what is typed would stop it, SIGTTIN, as it would any program).
    let from = shell.bytes_written();
    shell.run("kill %1; sleep 0.5", "killed");
    // bash tells of the job's end before a prompt once it has seen it: ask until it has.
    let deadline = Instant::now() + pty::TIMEOUT;
    while !shell.wrote_since(from, b"Exit 143") {
        assert!(
            Instant::now() < deadline,
            "bash never said the app exited with 143:\n{}",
            shell.text()
        );
        std::thread::sleep(Duration::from_millis(100));
        shell.run("jobs", "jobs-done");
    }
    shell.wait(from, |bytes, screen| {
        ensure(find(bytes, b"Stopped").is_none(), || {
            "the app stopped again".into()
        })?;
        ensure(!screen.alternate_screen(), || {
            "the app took the screen again".into()
        })?;
        ensure(find(bytes, b"\x1b[?1049h").is_none(), || {
            "the app wrote to the terminal after kill".into()
        })
    });
    assert!(!pty::is_raw(&shell.termios()), "the shell's line is raw");
}
