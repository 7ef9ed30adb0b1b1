//! End to end: the real binary in a pseudo-terminal, driven by keys and read off the screen
//! as a person would, then checked for a terminal given back as it was found.
//!
//! Each test makes its own pty (tests/e2e/pty.rs), so they need no terminal and never read
//! the test runner's standard input: they pass under `bash .ci/run < /dev/null`.

#![cfg(unix)]

#[path = "e2e/checks.rs"]
mod checks;
mod common;
#[path = "e2e/pty.rs"]
mod pty;

use std::process::{Command, Stdio};

use checks::*;
use pty::{Term, cell, escaped, find, rows};

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// "N of N": every bundled incident, as the list title and the status bar count them.
fn all_of_bundled() -> String {
    let count = incident_explorer::data::load_bundled()
        .map(|loaded| loaded.dataset.incidents.len())
        .unwrap_or_else(|e| panic!("{e}"));
    format!("{count} of {count}")
}

/// "3 of N": Scattered Spider's three incidents out of all of them.
fn three_of_bundled() -> String {
    let all = all_of_bundled();
    let total = all.split(" of ").last().unwrap_or_default();
    format!("3 of {total}")
}

/// Waits for the first whole frame of the incidents screen on the bundled data.
fn wait_for_start(term: &Term) {
    let all = all_of_bundled();
    term.wait_screen(|screen| {
        check_shows(screen, &[&format!("Incidents {all}")])?;
        ensure(status(screen).contains(&all), || {
            format!("the status bar counts {all}")
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
    let three = three_of_bundled();
    let three_title = format!("Incidents {three}");

    // Search through an alias: Scattered Spider's incidents, and why they match.
    term.send("/");
    wait_status(&term, "Enter results");
    term.send("octo tempest");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &[
                "/ octo tempest",
                &three_title,
                "Hawaiian Airlines",
                "Qantas",
                "WestJet",
            ],
        )?;
        let text = list_text(screen);
        let why = text.matches("via alias: Octo Tempest").count();
        ensure(why == 3, || {
            format!("each of the 3 rows says why it matched ({why} do)")
        })?;
        ensure(!text.contains("Air France"), || {
            "a ShinyHunters-only incident (Air France) is listed".into()
        })?;
        let status = status(screen);
        ensure(status.contains(&three), || {
            format!("the status bar counts {three}")
        })?;
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
            &["Hawaiian Airlines: attack in June 2025", "Attribution"],
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
        check_shows(screen, &[&three_title, "Detail", "via alias: Octo Tempest"])?;
        check_incidents_layout(screen)
    });

    // Help opens over everything and Esc closes it (wait for each: an Esc followed at once
    // by another key would read as Alt and that key).
    term.send("?");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &[
                "Keys (Esc closes",
                "Incidents: the result list",
                "you are here",
            ],
        )?;
        let overlay = find_box(screen, " Keys").ok_or("the help overlay has a border")?;
        ensure(overlay.width == cols.min(84), || {
            format!("the overlay is {} columns wide", overlay.width)
        })?;
        check_box(screen, overlay, "the help overlay")
    });
    term.send("\x1b");
    term.wait_screen(|screen| {
        ensure(!screen.contents().contains("Keys (Esc"), || {
            "help is closed".into()
        })?;
        check_shows(screen, &[&three_title])?;
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
    let all = all_of_bundled();
    let mut term = Term::spawn(&[], 80, 24);
    wait_for_start(&term);
    // The app learns of resizes (SIGWINCH) only once its input thread has started reading;
    // a resize before that is lost (reported as a bug). A key that round-trips proves the
    // reader is up.
    term.send("?");
    term.wait_for("Keys (Esc");
    term.send("\x1b");
    term.wait_gone("Keys (Esc");

    // Bigger: the search line's border spans the new width, and the panes follow.
    term.resize(120, 40);
    term.wait_screen(|screen| {
        ensure(screen_size(screen) == (120, 40), || {
            "the emulator is 120x40".into()
        })?;
        ensure(cell(screen, 1, 119) == "┐", || {
            "the search line's border reaches column 120".into()
        })?;
        ensure(status(screen).contains(&all), || {
            "the status bar is on the last row".into()
        })?;
        check_incidents_layout(screen)
    });

    // Too small: a message instead of a broken layout.
    term.resize(40, 10);
    term.wait_screen(|screen| {
        check_shows(screen, &["Terminal too small", "40×10, needs 60×15"])?;
        ensure(
            !screen.contents().contains(&format!("Incidents {all}")),
            || "no pane is left over".into(),
        )
    });

    // Back to a usable size: the app draws again, for that size.
    term.resize(100, 30);
    term.wait_screen(|screen| {
        ensure(!screen.contents().contains("Terminal too small"), || {
            "the message is gone".into()
        })?;
        ensure(status(screen).contains(&all), || {
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
fn a_resize_right_after_start_is_not_lost() {
    // crossterm installs its SIGWINCH handler on the first event read, which the input
    // thread may not have reached when the first frame is out. About one start in ten
    // loses a resize made at once; the screen keeps the old size until a key is pressed.
    for _ in 0..30 {
        let mut term = Term::spawn(&[], 80, 24);
        wait_for_start(&term);
        term.resize(100, 30);
        term.wait_ok_within(std::time::Duration::from_secs(2), |state| {
            let screen = state.screen();
            ensure(cell(screen, 1, 99) == "┐", || {
                "the app redrew for 100x30 without a key".into()
            })
        });
        term.send("q");
        assert!(term.finish().status.success());
    }
}

/// The SGR parameters that set a colour (foreground, background, underline; resets too).
fn colour_parameters(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for sequence in text.split("\u{1b}[").skip(1) {
        let Some(end) = sequence.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !sequence[end..].starts_with('m') {
            continue;
        }
        for parameter in sequence[..end]
            .split(';')
            .filter_map(|p| p.parse::<u16>().ok())
        {
            if matches!(parameter, 30..=39 | 40..=49 | 58 | 59 | 90..=97 | 100..=107) {
                found.push(parameter.to_string());
            }
        }
    }
    found
}

#[test]
fn no_color_sends_no_colour_codes_at_all() {
    let mut term = Term::spawn(&["--no-color"], 80, 24);
    wait_for_start(&term);
    term.send("/octo");
    term.wait_for("/ octo");
    term.wait_for("via alias: Octo Tempest");
    // Enter leaves the search line: Esc followed by a key can be read as Alt-key.
    term.send("\r");
    term.wait_for("Enter detail");
    term.send("2");
    term.wait_for("Targets of");
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_eq!(
        colour_parameters(&done.raw),
        Vec::<String>::new(),
        "no colour code"
    );
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

/// The key grammar in the real binary: Esc leaves a mode, q closes overlays without
/// quitting, the history goes back and forward, the search line edits in the middle, and
/// M turns mouse reporting off and on in the terminal itself.
#[test]
fn the_key_grammar_holds_in_the_real_terminal() {
    let mut term = Term::spawn(&[], 90, 26);
    wait_for_start(&term);
    // Every screen is named on the tab bar.
    term.with_screen(|screen| {
        let top = rows(screen).first().cloned().unwrap_or_default();
        for tab in ["1 Incidents", "2 Relations", "3 Timeline"] {
            assert!(top.contains(tab), "the tab bar names {tab}: {top}");
        }
    });
    // Relations, a group's targets, the matrix; Esc leaves the matrix for the groups.
    term.send("2");
    term.wait_for("┌ Groups");
    term.send("m");
    term.wait_for("Matrix:");
    term.send("\x1b");
    term.wait_screen(|screen| {
        check_shows(screen, &["┌ Groups", "Targets of"])?;
        check_relations_layout(screen)
    });
    // q closes the tour list, the help and the filter panel, and the app runs on.
    for (open, shows) in [("T", "Tours (Enter"), ("?", "Keys (Esc"), ("f", "By group")] {
        term.send(open);
        term.wait_for(shows);
        term.send("q");
        term.wait_gone(shows);
    }
    term.wait_for("┌ Groups");
    // Enter on a target opens its incident; Backspace comes back to the relations.
    term.send("\r");
    term.wait_for("open");
    term.send("jj\r");
    term.wait_screen(|screen| {
        check_shows(screen, &["┌ Incidents", "back to the list"])?;
        check_incidents_layout(screen)
    });
    term.send("\x7f");
    term.wait_for("┌ Groups");
    // Ctrl-N goes forward again, Ctrl-O back.
    term.send("\x0e");
    term.wait_for("back to the list");
    term.send("\x0f");
    term.wait_for("┌ Groups");
    // The search line edits where the cursor is.
    term.send("1/shiny");
    term.wait_for("/ shiny");
    term.send("\x1b[D\x1b[DX");
    term.wait_for("/ shiXny");
    term.send("\x7f\x1b[C\x1b[C");
    term.wait_for("/ shiny");
    // A typo is offered its closest name.
    term.send("huntres");
    term.wait_for("Did you mean ShinyHunters");
    term.send("\r");
    term.wait_for("/ ShinyHunters");
    term.send("\r");
    term.wait_for("Enter detail");
    // M turns mouse reporting off in the terminal, and on again.
    term.send("M");
    term.wait_for("mouse off");
    term.with_screen(|screen| {
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is off"
        );
    });
    term.send("M");
    term.wait_for("mouse on");
    term.with_screen(|screen| {
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is on again"
        );
    });
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

/// Two files open as one; a save that breaks one shows its diagnostics while the last good
/// data of both stays, and the next good save reloads it.
#[test]
fn two_files_reload_one_at_a_time_and_a_broken_one_keeps_its_data() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-workspace");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let curated = dir.join("curated.ron");
    let attack = dir.join("attack.ron");
    std::fs::copy(manifest.join("incidents.ron"), &curated).expect("copy");
    let attack_text = std::fs::read_to_string(manifest.join("tests/fixtures/workspace/attack.ron"))
        .expect("the fixture");
    std::fs::write(&attack, &attack_text).expect("write");
    let mut term = Term::spawn(
        &[&curated.to_string_lossy(), &attack.to_string_lossy()],
        100,
        30,
    );
    term.wait_screen(|screen| check_shows(screen, &["Incidents 17 of 17", "2 files open as one"]));
    std::fs::write(&attack, "(incidents: [(id: \"broken\"").expect("break it");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &["Data file has errors", "attack.ron:1:", "17 of 17"],
        )
    });
    term.send("\x1b");
    term.wait_gone("Data file has errors");
    let edited = attack_text.replace("loyalty database taken", "loyalty records taken");
    std::fs::write(&attack, edited).expect("fix it");
    term.wait_for("reloaded: 17 incidents");
    term.send("/loyalty records");
    term.wait_screen(|screen| check_shows(screen, &["Example Resorts: loyalty records taken"]));
    term.send("\r");
    term.wait_for("Enter detail");
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

/// A save reloads the running app in place: from the timeline, with a query typed and the
/// selection moved, the edited title shows up in the detail while the screen, the query and
/// the selected incident stay.
#[test]
fn a_saved_file_reloads_the_running_app_in_place() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-live-reload");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let file = dir.join("incidents.ron");
    let text = incident_explorer::data::load::BUNDLED_DATA;
    std::fs::write(&file, text).expect("write");
    let (cols, rows) = (140, 30);
    // Which incident those keys select, found the same way headless.
    let mut h = common::Harness::new(cols, rows);
    h.press("/data leak<Esc>3j");
    let selected = h.app.timeline_incident().expect("a selection");
    let incident = &h.app.workspace.data.incidents[selected as usize];
    let (title, count) = (incident.title.to_string(), h.app.search.results.hits.len());
    assert!(h.app.panes.timeline.selected == 1 && count > 2, "{count}");
    let quoted = format!("title: \"{title}\"");
    assert!(text.contains(&quoted), "{quoted}");

    let mut term = Term::spawn(&[&file.to_string_lossy()], cols, rows);
    term.wait_for("Incidents 15 of 15");
    term.send("/data leak");
    term.wait_for(&format!("Incidents {count} of 15"));
    // Enter leaves the search line for the list.
    term.send("\r");
    term.wait_for("Enter detail");
    term.send("3");
    let timeline = format!("Timeline · {count} incidents");
    term.wait_for(&timeline);
    term.send("j");
    term.wait_screen(|screen| check_shows(screen, &[&timeline, "data leak", &title]));
    let edited = text.replace(&quoted, &format!("title: \"{title} (edited)\""));
    let saved = std::time::Instant::now();
    std::fs::write(&file, edited).expect("save");
    term.wait_screen(|screen| {
        check_shows(
            screen,
            &[
                "reloaded: 15 incidents",
                &format!("{title} (edited)"),
                &timeline,
                "data leak",
            ],
        )
    });
    // The README's promise, from the save to the screen: load, search and redraw included.
    let took = saved.elapsed();
    eprintln!("the save was on screen after {took:?}");
    assert!(
        took < std::time::Duration::from_secs(1),
        "the save took {took:?} to show"
    );
    // Still on the timeline, the same row selected: j moves on from it, k comes back.
    term.send("k");
    term.wait_gone("(edited)");
    term.send("j");
    term.wait_for("(edited)");
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}

/// A data file big enough that loading it takes a second or more in a debug build: 30,000 generated
/// incidents (22 MB), made once per test run.
fn big_file() -> &'static std::path::Path {
    static FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("big-30k.ron");
        if !path.exists() {
            let status = Command::new(BIN)
                .args(["generate", "30000", "-o"])
                .arg(&path)
                .stdin(Stdio::null())
                .status()
                .expect("run generate");
            assert!(status.success(), "generate 30000");
        }
        path
    })
}

/// A long load shows what it opens, a bar and how far it has got from its first moments;
/// q cancels it, says so, exits 0 and gives the terminal back as it was.
#[test]
fn a_long_load_shows_progress_and_q_cancels_it_cleanly() {
    let path = big_file().to_string_lossy().into_owned();
    let mut term = Term::spawn(&[&path], 90, 26);
    term.wait_screen(|screen| {
        check_shows(screen, &["Opening big-30k.ron", "%", "MB of", "cancels"])
    });
    term.send("q");
    let done = term.finish();
    let text = done.screen.contents();
    assert_eq!(done.status.exit_code(), 0, "{text}");
    assert!(
        text.contains("cancelled:") && text.contains("was not opened"),
        "{text}"
    );
    assert_restored(&done);
}

/// `check` shows how far it has got on a terminal's standard error, on one row that is
/// wiped before the result; piped, it says nothing of the kind.
#[test]
fn check_shows_progress_on_a_terminal_and_none_in_a_pipe() {
    let path = big_file().to_string_lossy().into_owned();
    let term = Term::spawn(&["check", &path], 80, 24);
    term.wait_screen(|screen| check_shows(screen, &["checking big-30k.ron", "% · "]));
    let done = term.finish();
    let text = done.screen.contents();
    assert_eq!(done.status.exit_code(), 0, "{text}");
    assert!(text.contains("big-30k.ron: ok"), "{text}");
    assert!(
        !text.contains("checking big-30k"),
        "the line is wiped:\n{text}"
    );
    let piped = Command::new(BIN)
        .args(["check", &path])
        .stdin(Stdio::null())
        .output()
        .expect("run check");
    assert!(piped.status.success(), "{piped:?}");
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !stderr.contains("checking") && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

/// The workflow the README gives for real data: the curated file opened with a STIX
/// import of MITRE ATT&CK and a VERIS import of the VCDB incidents. One Scattered Spider
/// (the curated group and ATT&CK's G1015 are merged by name), imported victims found by
/// search and shown on the timeline. Skipped when ../shared/data is not there.
#[test]
fn curated_data_opens_with_real_imports_as_one_workspace() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (Some(stix), Some(vcdb)) = (
        common::shared_path("data/attack-stix-bundle.json"),
        common::shared_path("data/vcdb"),
    ) else {
        return;
    };
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-real-data");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let (attack, veris) = (dir.join("attack.ron"), dir.join("vcdb.ron"));
    for (kind, input, output) in [("stix", &stix, &attack), ("veris", &vcdb, &veris)] {
        let done = Command::new(BIN)
            .args(["import", kind])
            .arg(input)
            .arg("-o")
            .arg(output)
            .stdin(Stdio::null())
            .output()
            .expect("run import");
        assert!(done.status.success(), "import {kind}: {done:?}");
    }
    let files = [
        manifest.join("incidents.ron"),
        attack.clone(),
        veris.clone(),
    ];
    let opened = incident_explorer::data::merge::open(&files);
    assert!(opened.failures.is_empty(), "{:?}", opened.failures);
    let total = opened.dataset.incidents.len();
    let spiders = opened
        .dataset
        .groups
        .iter()
        .filter(|g| g.name == "Scattered Spider")
        .count();
    assert_eq!(spiders, 1, "one Scattered Spider in the merged data");
    // An imported victim with a name to search for and a date to show on the timeline.
    let from_veris = incident_explorer::data::load_file(&veris).expect("the VERIS import");
    let (victim, year) = from_veris
        .dataset
        .incidents
        .iter()
        .find_map(|incident| {
            let name = from_veris
                .dataset
                .organisation_name(incident.victims.first()?);
            let year = incident.date?.year;
            (name.len() >= 8 && name.len() <= 30 && name.is_ascii())
                .then(|| (name.to_string(), year))
        })
        .expect("a named, dated VERIS victim");

    let args: Vec<String> = files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut term = Term::spawn(&args, 120, 40);
    term.wait_for(&format!("Incidents {total} of {total}"));
    // The relations screen lists Scattered Spider once, with ATT&CK's aliases beside ours.
    term.send("2");
    term.wait_for("Groups ");
    term.send("/scattered spider\r");
    term.wait_screen(|screen| {
        let text = screen.contents();
        ensure(text.matches("Scattered Spider · ").count() == 1, || {
            "Scattered Spider is one group on the relations screen".into()
        })
    });
    term.send("1");
    term.wait_for("Enter detail");
    // An imported victim is found by name (Ctrl-U clears the query first), and the
    // timeline shows it in its year.
    term.send(&format!("/\x15{victim}\r"));
    term.wait_screen(|screen| check_shows(screen, &[&victim, "From: ", "vcdb.ron"]));
    term.send("3");
    term.wait_screen(|screen| check_shows(screen, &[&victim, &year.to_string()]));
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
    assert_restored(&done);
}
