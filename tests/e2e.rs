//! End to end: the real binary in a pseudo-terminal, driven by keys and read off the screen
//! as a person would, then checked for a terminal given back as it was found.
//!
//! Each test makes its own pty (tests/e2e/pty.rs), so they need no terminal and never read
//! the test runner's standard input: they pass under `bash .ci/run < /dev/null`.

#[path = "e2e/pty.rs"]
mod pty;

use std::process::{Command, Stdio};

use incident_explorer::ui::layout::{incidents_layout, relations_layout};
use pty::{Finished, Term, cell, escaped, find, rfind, rows};
use ratatui::layout::Rect;

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// The status bar: the bottom row.
fn status(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// `Err(why)` unless `holds`.
fn ensure(holds: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if holds { Ok(()) } else { Err(why()) }
}

/// Checks that a bordered pane's corners and side edges are drawn where `area` says.
fn check_box(screen: &vt100::Screen, area: Rect, what: &str) -> Result<(), String> {
    let (left, right) = (area.x, area.right() - 1);
    let (top, bottom) = (area.y, area.bottom() - 1);
    let corners = [
        (top, left, "┌"),
        (top, right, "┐"),
        (bottom, left, "└"),
        (bottom, right, "┘"),
    ];
    let sides = (top + 1..bottom).flat_map(|row| [(row, left, "│"), (row, right, "│")]);
    for (row, col, want) in corners.into_iter().chain(sides) {
        let found = cell(screen, row, col);
        ensure(found == want, || {
            format!("{what}: {found:?} instead of {want:?} at row {row}, column {col}")
        })?;
    }
    Ok(())
}

/// Checks the incidents screen's three panes are laid out for the screen's size.
fn check_incidents_layout(screen: &vt100::Screen) -> Result<(), String> {
    let (width, height) = screen_size(screen);
    let layout = incidents_layout(Rect::new(0, 0, width, height));
    check_box(screen, layout.search, "search line")?;
    check_box(screen, layout.list, "result list")?;
    check_box(screen, layout.detail, "detail pane")
}

/// Checks the relations screen's panes are laid out for the screen's size.
fn check_relations_layout(screen: &vt100::Screen) -> Result<(), String> {
    let (width, height) = screen_size(screen);
    let layout = relations_layout(Rect::new(0, 0, width, height));
    check_box(screen, layout.search, "search line")?;
    check_box(screen, layout.groups, "groups")?;
    check_box(screen, layout.targets, "targets")
}

/// Checks the screen shows every one of `texts`.
fn check_shows(screen: &vt100::Screen, texts: &[&str]) -> Result<(), String> {
    let contents = screen.contents();
    for text in texts {
        ensure(contents.contains(text), || format!("{text:?} is not shown"))?;
    }
    Ok(())
}

fn screen_size(screen: &vt100::Screen) -> (u16, u16) {
    let (rows, cols) = screen.size();
    (cols.get(), rows.get())
}

/// Waits for the first whole frame of the incidents screen on the bundled data.
fn wait_for_start(term: &Term) {
    term.wait_screen(|screen| {
        check_shows(screen, &["Incidents 15 of 15"])?;
        ensure(status(screen).contains("15 of 15"), || {
            "the status bar counts 15 of 15".into()
        })?;
        check_incidents_layout(screen)
    });
}

/// Waits until the status bar offers `hint` (the keys that matter in the focused pane).
fn wait_status(term: &Term, hint: &str) {
    term.wait_screen(|screen| {
        ensure(status(screen).contains(hint), || {
            format!("the status bar offers {hint:?}")
        })
    });
}

/// Everything that says the terminal was given back: bytes written, emulator state, line
/// settings and exit status.
fn assert_restored(done: &Finished) {
    let raw = &done.raw;
    let tail = escaped(&raw[raw.len().saturating_sub(400)..]);
    // Alternate screen: left after it was last entered.
    let entered = rfind(raw, b"\x1b[?1049h").expect("the app entered the alternate screen");
    let left = rfind(raw, b"\x1b[?1049l").expect("the app left the alternate screen");
    assert!(
        left > entered,
        "left the alternate screen last; tail: {tail}"
    );
    // Cursor shown after it was last hidden.
    let shown = rfind(raw, b"\x1b[?25h").expect("the app showed the cursor");
    if let Some(hidden) = rfind(raw, b"\x1b[?25l") {
        assert!(shown > hidden, "the cursor is shown last; tail: {tail}");
    }
    // Mouse capture and bracketed paste: every mode turned on is turned off afterwards.
    for mode in ["1000", "1002", "1003", "1006", "1015", "2004"] {
        let on = format!("\x1b[?{mode}h");
        let off = format!("\x1b[?{mode}l");
        if let Some(on) = rfind(raw, on.as_bytes()) {
            let off = rfind(raw, off.as_bytes())
                .unwrap_or_else(|| panic!("mode {mode} is turned off; tail: {tail}"));
            assert!(off > on, "mode {mode} is turned off last; tail: {tail}");
        }
    }
    // The same, as a terminal emulator sees it.
    let screen = &done.screen;
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is still on"
    );
    assert!(!screen.bracketed_paste(), "bracketed paste is still on");
    // Raw mode off: the pty's line settings are back to what they were before the app.
    assert!(!pty::is_raw(&done.termios), "the pty is still in raw mode");
    let (before, after) = (&done.initial_termios, &done.termios);
    assert_eq!(
        (
            before.c_iflag,
            before.c_oflag,
            before.c_cflag,
            before.c_lflag
        ),
        (after.c_iflag, after.c_oflag, after.c_cflag, after.c_lflag),
        "the pty's line settings are restored exactly"
    );
}

/// Search, detail, relations, back, help, quit: what a first-time user does.
fn journey(cols: u16, rows: u16) {
    let mut term = Term::spawn(&[], cols, rows);
    wait_for_start(&term);
    term.with_screen(|screen| {
        assert!(
            screen.alternate_screen(),
            "the app draws on the alternate screen"
        );
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is on by default"
        );
    });
    assert!(pty::is_raw(&term.termios()), "the app runs in raw mode");

    // Search through an alias: Scattered Spider's incidents, and why they match.
    term.send("/");
    wait_status(&term, "Enter results");
    term.send("octo tempest");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &[
                "/ octo tempest",
                "Incidents 3 of 15",
                "Hawaiian Airlines",
                "Qantas",
                "WestJet",
            ],
        )?;
        let text = screen.contents();
        let why = text.matches("via alias: Octo Tempest").count();
        ensure(why == 3, || {
            format!("each of the 3 rows says why it matched ({why} do)")
        })?;
        ensure(!text.contains("Air France"), || {
            "a ShinyHunters-only incident is listed".into()
        })?;
        let status = status(screen);
        ensure(
            status.contains("3 of 15") && status.contains("octo tempest"),
            || "the status bar counts 3 of 15 and shows the query".into(),
        )?;
        check_incidents_layout(screen)
    });

    // Enter: from the search line to the results; Enter again: into the detail.
    term.send("\r");
    wait_status(&term, "Enter detail");
    term.send("\r");
    term.wait_screen(|screen| {
        let status = status(screen);
        ensure(
            status.contains("Esc back") && !status.contains("Enter detail"),
            || "the detail pane has the focus".into(),
        )?;
        check_shows(
            screen,
            &["Hawaiian Airlines: attack in June 2025", "Victims"],
        )
    });

    // The relations screen, and back.
    term.send("2");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &[
                "Groups 2",
                "Targets of Scattered Spider (3)",
                "◇ suspected",
                "WestJet",
            ],
        )?;
        check_relations_layout(screen)
    });
    term.send("1");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &["Incidents 3 of 15", "Detail", "via alias: Octo Tempest"],
        )?;
        check_incidents_layout(screen)
    });

    // Help opens over everything and Esc closes it (wait for each: an Esc followed at once
    // by another key would read as Alt and that key).
    term.send("?");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &["Keys (Esc or ? to close", "Incidents: result list"],
        )?;
        check_box(
            screen,
            Rect::new(0, 0, cols, rows),
            "the help overlay over the whole screen",
        )
    });
    term.send("\x1b");
    term.wait_screen(|screen| {
        ensure(!screen.contents().contains("Keys (Esc"), || {
            "help is closed".into()
        })?;
        check_shows(screen, &["Incidents 3 of 15"])?;
        check_incidents_layout(screen)
    });

    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
    assert!(
        done.requests.titles.is_empty() && done.requests.clipboard.is_empty(),
        "the app set no title and wrote no clipboard: {:?}",
        done.requests
    );
}

#[test]
fn search_detail_relations_help_and_quit_at_80x24() {
    journey(80, 24);
}

#[test]
fn search_detail_relations_help_and_quit_at_132x43() {
    journey(132, 43);
}

#[test]
fn resizing_redraws_at_once_and_too_small_says_so() {
    let mut term = Term::spawn(&[], 80, 24);
    wait_for_start(&term);

    // Bigger: the search line's border spans the new width, and the panes follow.
    term.resize(120, 40);
    term.wait_screen(|screen| {
        ensure(screen_size(screen) == (120, 40), || {
            "the emulator is 120x40".into()
        })?;
        ensure(cell(screen, 0, 119) == "┐", || {
            "the search line's border reaches column 120".into()
        })?;
        ensure(status(screen).contains("15 of 15"), || {
            "the status bar is on the last row".into()
        })?;
        check_incidents_layout(screen)
    });

    // Too small: a message instead of a broken layout.
    term.resize(40, 10);
    term.wait_screen(|screen| {
        check_shows(screen, &["Terminal too small", "40×10, needs 60×15"])?;
        ensure(!screen.contents().contains("Incidents 15 of 15"), || {
            "no pane is left over".into()
        })
    });

    // Back to a usable size: the app draws again, for that size.
    term.resize(100, 30);
    term.wait_screen(|screen| {
        ensure(!screen.contents().contains("Terminal too small"), || {
            "the message is gone".into()
        })?;
        ensure(status(screen).contains("15 of 15"), || {
            "the status bar is on the last row".into()
        })?;
        check_incidents_layout(screen)
    });

    // Ctrl-C quits from anywhere, the search line included.
    term.send("/");
    wait_status(&term, "Enter results");
    term.send("\x03");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let mut term = Term::spawn(&["--no-mouse"], 80, 24);
    wait_for_start(&term);
    term.with_screen(|screen| {
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    });
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_eq!(find(&done.raw, b"\x1b[?1000h"), None, "no mouse capture");
    assert_restored(&done);
}

#[test]
fn a_bad_data_file_exits_1_with_its_diagnostic_and_a_terminal_left_alone() {
    let term = Term::spawn(&["tests/fixtures/invalid/unknown_group.ron"], 100, 24);
    let done = term.finish();
    let text = done.screen.contents();
    assert_eq!(done.status.exit_code(), 1, "exit status; screen:\n{text}");
    assert!(
        text.contains("error: unknown group \"rootkit\""),
        "the message:\n{text}"
    );
    assert!(
        text.contains("--> tests/fixtures/invalid/unknown_group.ron:10:30"),
        "file:line:col:\n{text}"
    );
    // The offending line, and the caret under "rootkit" (with its quotes) on the next row.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("10 |") && l.contains("group: \"rootkit\""))
        .unwrap_or_else(|| panic!("the offending line is shown:\n{text}"));
    let caret_line = lines[at + 1];
    let caret = caret_line.find('^').expect("a caret line follows");
    assert_eq!(
        &lines[at][caret..caret + 9],
        "\"rootkit\"",
        "the caret points at the value:\n{text}"
    );
    assert_eq!(caret_line.matches('^').count(), 9, "{caret_line}");
    assert!(
        text.contains("could not be loaded: 1 error found"),
        "{text}"
    );
    // The terminal was never taken: no alternate screen, no raw mode, no mouse capture.
    assert_eq!(
        find(&done.raw, b"\x1b[?1049h"),
        None,
        "{}",
        escaped(&done.raw)
    );
    assert_eq!(find(&done.raw, b"\x1b[?1000h"), None);
    assert!(!done.screen.alternate_screen());
    assert!(!pty::is_raw(&done.termios));
    assert_eq!(done.initial_termios.c_lflag, done.termios.c_lflag);
}

#[test]
fn check_says_the_bundled_data_is_ok() {
    let output = Command::new(BIN)
        .arg("check")
        .stdin(Stdio::null())
        .output()
        .expect("run incident-explorer check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.starts_with("incidents.ron (bundled): ok"),
        "first line says ok:\n{stdout}"
    );
}

#[test]
fn without_a_terminal_the_app_explains_instead_of_drawing() {
    let output = Command::new(BIN)
        .stdin(Stdio::null())
        .output()
        .expect("run incident-explorer");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing drawn into a pipe");
}
