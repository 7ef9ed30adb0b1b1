//! Leaving the app and coming back: `E` opens the selected incident in `$VISUAL`/`$EDITOR`
//! at its line (the terminal given back meanwhile, the app redrawn after, the edit
//! reloaded), and `O` opens a source's web address with the platform's opener, or copies it
//! (OSC 52) over SSH or where nothing opens web pages. Fake editors and openers are shell
//! scripts that write down how they were called.

#![cfg(unix)]

#[path = "e2e/checks.rs"]
mod checks;
mod common;
#[path = "e2e/pty.rs"]
mod pty;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use common::Harness;
use incident_explorer::app::Effect;
use incident_explorer::app::external::incident_links;
use pty::{Term, manifest_dir};

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/links.ron")
}

/// A copy of the links fixture in a fresh folder, and that folder.
fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("my.ron");
    std::fs::copy(fixture(), &path).expect("copied");
    (dir, path)
}

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + pty::TIMEOUT;
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} was never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The line of the `(` that opens the incident with this id.
fn opening_line(text: &str, id: &str) -> usize {
    let id_line = text
        .lines()
        .position(|l| l.trim() == format!("id: \"{id}\","))
        .expect("the id is in the file");
    let above = text.lines().take(id_line).collect::<Vec<_>>();
    let open = above
        .iter()
        .rposition(|l| l.trim() == "(")
        .expect("an opening parenthesis above it");
    open + 1
}

/// Example Corp's incident selected: the one whose sources have web addresses.
fn corp_selected(term: &mut Term) {
    term.wait_for("Incidents");
    term.send("/example corp: customer\r");
    term.wait_for("1 of 2");
    term.wait_for("Example Corp: customer records leaked");
}

#[test]
fn e_opens_the_editor_at_the_incident_with_the_terminal_given_back_and_reloads_the_edit() {
    let (dir, data) = data_copy();
    let args = dir.path().join("args");
    let stty = dir.path().join("stty");
    // The editor writes down its arguments and the line settings it found, then edits.
    let editor = script(
        dir.path(),
        "editor",
        &format!(
            "stty -a > '{}' 2>&1\n\
             sed -i 's/customer records leaked (fictional)/customer records leaked (EDITED)/' \"$2\"\n\
             printf '%s\\n' \"$@\" > '{}'",
            stty.display(),
            args.display()
        ),
    );
    let original = std::fs::read_to_string(&data).expect("read");
    let mut term = Term::spawn_with_env(
        &[data.to_str().expect("UTF-8")],
        100,
        30,
        &[
            ("VISUAL", editor.to_str().expect("UTF-8")),
            ("EDITOR", "false"),
        ],
    );
    corp_selected(&mut term);
    term.send("E");
    let called = wait_for_file(&args);
    let lines: Vec<&str> = called.lines().collect();
    assert_eq!(
        lines,
        vec![
            format!("+{}", opening_line(&original, "example-corp-2025")).as_str(),
            data.to_str().expect("UTF-8")
        ],
        "the editor is given +LINE and the file"
    );
    // The terminal was the editor's: line settings cooked, echo on.
    let settings = std::fs::read_to_string(&stty).expect("stty ran");
    assert!(
        settings.split_whitespace().any(|w| w == "icanon")
            && settings.split_whitespace().any(|w| w == "echo"),
        "raw mode was left for the editor: {settings}"
    );
    // Back: the app takes the terminal again, redraws and says so; the save reloads.
    term.wait_for("customer records leaked (EDITED)");
    term.wait_screen(checks::check_incidents_layout);
    term.send("q");
    let finished = term.finish();
    assert!(finished.status.success());
    assert!(!finished.raw.is_empty());
    drop(dir);
}

/// Every key typed while the editor runs is the editor's: the app reads none of them (it
/// does not keep a read waiting while another program has the terminal).
#[test]
fn keys_typed_in_the_editor_go_to_the_editor_only() {
    let (dir, data) = data_copy();
    let typed = dir.path().join("typed");
    let started = dir.path().join("started");
    // The editor says it has started, then reads one line from the terminal.
    let editor = script(
        dir.path(),
        "editor",
        &format!(
            "echo started > '{}'\n\
             IFS= read -r line\n\
             printf '%s\\n' \"$line\" > '{}'",
            started.display(),
            typed.display()
        ),
    );
    let mut term = Term::spawn_with_env(
        &[data.to_str().expect("UTF-8")],
        100,
        30,
        &[("VISUAL", editor.to_str().expect("UTF-8"))],
    );
    corp_selected(&mut term);
    term.send("E");
    wait_for_file(&started);
    // Keys that would each change the app's screen: quit, the relations screen, help.
    term.send("q2?hello\r");
    let line = wait_for_file(&typed);
    assert_eq!(line.trim_end(), "q2?hello", "the editor got every key");
    term.wait_for("back from");
    term.wait_screen(checks::check_incidents_layout);
    term.send("q");
    let finished = term.finish();
    assert!(finished.status.success());
    drop(dir);
}

#[test]
fn an_editor_that_cannot_start_is_reported_and_the_app_carries_on() {
    let (_dir, data) = data_copy();
    let mut term = Term::spawn_with_env(
        &[data.to_str().expect("UTF-8")],
        100,
        30,
        &[("VISUAL", "/no/such/editor")],
    );
    corp_selected(&mut term);
    term.send("E");
    term.wait_for("/no/such/editor exited with");
    term.send("j");
    term.wait_screen(checks::check_incidents_layout);
    term.send("q");
    assert!(term.finish().status.success());
}

fn harness() -> Harness {
    let data = incident_explorer::data::load_file(&fixture())
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    Harness::with_data(data, 100, 30)
}

/// The web addresses of Example Corp's sources: the http(s) ones only, in citation order.
fn corp_links() -> Vec<String> {
    let h = harness();
    let data = &h.app.workspace.data;
    let corp = data
        .incidents
        .iter()
        .find(|i| i.id.as_str() == "example-corp-2025")
        .expect("Example Corp");
    let links: Vec<(usize, String)> = incident_links(data, corp);
    assert_eq!(
        links,
        vec![
            (1, "https://news.example.com/2025/example-corp".to_string()),
            (
                3,
                "http://blog.example.org/example-corp?ref=a;b".to_string()
            )
        ]
    );
    links.into_iter().map(|(_, url)| url).collect()
}

#[test]
fn o_opens_each_source_address_in_turn_with_the_platforms_opener() {
    let links = corp_links();
    assert!(links.len() >= 2, "{links:?}");
    let dir = tempfile::tempdir().expect("a folder");
    let opened = dir.path().join("opened");
    script(
        dir.path(),
        "xdg-open",
        &format!("printf '%s\\n' \"$1\" >> '{}'", opened.display()),
    );
    let path = format!("{}:/usr/bin:/bin", dir.path().display());
    let data = fixture();
    let mut term = Term::spawn_with_env(
        &[data.to_str().expect("UTF-8")],
        100,
        30,
        &[
            ("PATH", path.as_str()),
            ("SSH_CONNECTION", ""),
            ("SSH_TTY", ""),
            ("SSH_CLIENT", ""),
        ],
    );
    corp_selected(&mut term);
    term.send("O");
    term.wait_for("opened source");
    assert_eq!(wait_for_file(&opened), format!("{}\n", links[0]));
    term.send("O");
    term.wait_until("a second address", |_| {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.lines().count() == 2)
    });
    let text = std::fs::read_to_string(&opened).expect("read");
    assert_eq!(text, format!("{}\n{}\n", links[0], links[1]));
    term.send("q");
    let finished = term.finish();
    assert!(finished.requests.clipboard.is_empty(), "opened, not copied");
}

fn copied_over_osc52(env: &[(&str, &str)], why: &str) {
    let links = corp_links();
    let data = fixture();
    let mut term = Term::spawn_with_env(&[data.to_str().expect("UTF-8")], 100, 30, env);
    corp_selected(&mut term);
    term.send("O");
    term.wait_for("copied source [1]");
    term.wait_for(why);
    term.send("q");
    let finished = term.finish();
    let encoded = base64::engine::general_purpose::STANDARD.encode(links[0].as_bytes());
    assert_eq!(
        finished.requests.clipboard,
        vec![(b"c".to_vec(), encoded.into_bytes())]
    );
}

#[test]
fn o_copies_the_address_over_ssh() {
    copied_over_osc52(
        &[("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22")],
        "over SSH",
    );
}

#[test]
fn o_copies_the_address_when_nothing_opens_web_pages() {
    let empty = tempfile::tempdir().expect("a folder");
    copied_over_osc52(
        &[
            ("PATH", empty.path().to_str().expect("UTF-8")),
            ("SSH_CONNECTION", ""),
            ("SSH_TTY", ""),
            ("SSH_CLIENT", ""),
        ],
        "no browser found",
    );
}

#[test]
fn e_on_the_bundled_data_says_there_is_no_file_and_asks_nothing() {
    let mut h = Harness::new(100, 30);
    h.press("E");
    assert!(h.app.take_effects().is_empty());
    assert!(
        h.screen().contains("bundled data is built in"),
        "{}",
        h.screen()
    );
}

#[test]
fn e_asks_for_the_incidents_file_and_place_among_several() {
    let mut h = harness();
    h.app.files = vec![PathBuf::from("/data/incidents.ron")];
    h.press("/example corp: customer<Enter>E");
    let effects = h.app.take_effects();
    let position = h
        .app
        .workspace
        .data
        .incidents
        .iter()
        .position(|i| i.id.as_str() == "example-corp-2025")
        .expect("Example Corp");
    assert_eq!(
        effects,
        vec![Effect::EditIncident {
            path: PathBuf::from("/data/incidents.ron"),
            index: position,
            id: "example-corp-2025".to_string()
        }]
    );
}

#[test]
fn o_cycles_through_the_web_addresses_only() {
    let links = corp_links();
    let mut h = harness();
    h.press("/example corp: customer<Enter>");
    let mut opened = Vec::new();
    for _ in 0..links.len() + 1 {
        h.press("O");
        for effect in h.app.take_effects() {
            match effect {
                Effect::OpenLink { url, of, .. } => {
                    assert_eq!(of, links.len());
                    opened.push(url);
                }
                other => panic!("{other:?}"),
            }
        }
    }
    let mut expected = links.clone();
    expected.push(links[0].clone());
    assert_eq!(opened, expected, "each in turn, then the first again");
}

/// The addresses the app wrote as OSC 8 links (closings left out).
fn linked(requests: &pty::Requests) -> Vec<String> {
    requests
        .other_osc
        .iter()
        .filter(|params| params.first().map(Vec::as_slice) == Some(b"8".as_slice()))
        // vt100 splits at every `;`; the address is all after the second.
        .map(|params| params.get(2..).unwrap_or_default().join(&b';'))
        .filter(|url| !url.is_empty())
        .map(|url| String::from_utf8_lossy(&url).into_owned())
        .collect()
}

fn detail_links(size: (u16, u16), env: &[(&str, &str)]) -> (Vec<String>, String) {
    let data = fixture();
    let mut term = Term::spawn_with_env(&[data.to_str().expect("UTF-8")], size.0, size.1, env);
    corp_selected(&mut term);
    // The sources are at the end of the detail: go there.
    term.send("\t");
    term.send("G");
    term.wait_for("blog.example.org");
    let screen = term.text();
    term.send("q");
    let finished = term.finish();
    assert!(finished.status.success());
    (linked(&finished.requests), screen)
}

#[test]
fn source_addresses_are_osc8_links_only_when_they_are_http_or_https() {
    let links = corp_links();
    for size in [(100, 30), (80, 24), (160, 40)] {
        let (linked, screen) = detail_links(size, &[]);
        for url in &links {
            assert!(
                linked.contains(url),
                "{size:?}: {url} not linked in {linked:?}\n{screen}"
            );
        }
        assert!(
            linked.iter().all(|url| links.contains(url)),
            "{size:?}: only http(s) addresses: {linked:?}"
        );
        // The other addresses are on screen, as text only.
        assert!(screen.contains("javascript:alert(1)"), "{screen}");
    }
}

#[test]
fn hyperlinks_false_in_the_configuration_writes_none() {
    let dir = tempfile::tempdir().expect("a folder");
    let folder = dir.path().join("incident-explorer");
    std::fs::create_dir_all(&folder).expect("made");
    std::fs::write(folder.join("config.toml"), "hyperlinks = false\n").expect("written");
    let (linked, _) = detail_links(
        (100, 30),
        &[("XDG_CONFIG_HOME", dir.path().to_str().expect("UTF-8"))],
    );
    assert!(linked.is_empty(), "{linked:?}");
}
