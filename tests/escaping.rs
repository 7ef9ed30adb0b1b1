//! No byte from input reaches the terminal through a message: a corpus of escape sequences
//! (CSI, OSC 0/2/8/52, DCS, C1 controls, bidirectional overrides) is put into every value of
//! every importer's inputs, into file names and command-line arguments, and every
//! subcommand's standard output and standard error are read as raw bytes, which must hold
//! none of it. What the data says is still there: escaped as `\u{1b}`, never sent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// Sequences a terminal acts on, each a different kind.
const CORPUS: [&str; 10] = [
    "\u{1b}[2J\u{1b}[31m",    // CSI: clear the screen, colour
    "\u{1b}]0;TITLE\u{7}",    // OSC 0: the window title
    "\u{1b}]2;TITLE\u{1b}\\", // OSC 2 ended by ST
    "\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\", // OSC 8: a hyperlink
    "\u{1b}]52;c;aGk=\u{7}",  // OSC 52: write the clipboard
    "\u{1b}P1$r0m\u{1b}\\",   // DCS
    "\u{9b}2J",               // C1 CSI
    "\u{9d}0;TITLE\u{9c}",    // C1 OSC and ST
    "\u{202e}txt.exe",        // bidirectional override
    "\u{2066}\u{200f}x\u{2069}\u{7}\u{8}", // isolates, a mark, BEL, backspace
];

/// All of the corpus in one string.
fn hostile() -> String {
    CORPUS.concat()
}

/// Fails when `bytes` hold anything a terminal would act on: ESC, BEL, any other C0
/// control but a line break (CSV's `\r\n` among them), DEL, a C1 control, or a
/// bidirectional control.
fn assert_inert(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for (at, c) in text.char_indices() {
        let line_break = c == '\n' || (c == '\r' && text[at..].starts_with("\r\n"));
        let acts = (c.is_control() && !line_break)
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
        assert!(
            !acts,
            "{what}: U+{:04X} at byte {at} reaches the terminal:\n{}",
            u32::from(c),
            text.escape_debug()
        );
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("escaping")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run incident-explorer")
}

fn assert_run_inert(args: &[&std::ffi::OsStr], what: &str) -> Output {
    let output = run(args);
    assert_inert(&output.stdout, &format!("{what}: stdout"));
    assert_inert(&output.stderr, &format!("{what}: stderr"));
    output
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Every key that holds a string somewhere in `value`.
fn string_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if inner.is_string() && !keys.contains(key) {
                    keys.push(key.clone());
                }
                string_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| string_keys(item, keys)),
        _ => {}
    }
}

/// `value` with the hostile text added to (or, with `replace`, put in place of) every
/// string under `key`.
fn poison(value: &mut Value, key: &str, replace: bool) {
    match value {
        Value::Object(map) => {
            for (name, inner) in map.iter_mut() {
                if name == key
                    && let Value::String(text) = inner
                {
                    *text = if replace {
                        hostile()
                    } else {
                        format!("{text}{}", hostile())
                    };
                }
                poison(inner, key, replace);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| poison(item, key, replace)),
        _ => {}
    }
}

/// Runs `import` on each poisoned variant of a JSON input: every string key in turn,
/// added to and replaced, under a file name that is itself hostile.
fn poison_each_key(kind: &str, input: &Path, extra: &[&std::ffi::OsStr]) {
    let text = std::fs::read_to_string(input).expect("the fixture");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    let mut keys = Vec::new();
    string_keys(&json, &mut keys);
    assert!(!keys.is_empty());
    let dir = scratch(&format!(
        "{kind}-{}",
        input.file_stem().unwrap().to_string_lossy()
    ));
    let file = dir.join(format!("in{}.json", hostile().replace('/', "")));
    for key in &keys {
        for replace in [false, true] {
            let mut variant = json.clone();
            poison(&mut variant, key, replace);
            std::fs::write(&file, variant.to_string()).expect("write the variant");
            let mut args: Vec<&std::ffi::OsStr> =
                vec!["import".as_ref(), kind.as_ref(), file.as_os_str()];
            args.extend_from_slice(extra);
            assert_run_inert(&args, &format!("import {kind} with {key} poisoned"));
        }
    }
}

#[test]
fn hibp_errors_and_notes_quote_nothing_raw() {
    for name in ["hibp-small.json", "hibp-bad.json"] {
        poison_each_key("hibp", &fixture(&format!("import/{name}")), &[]);
    }
}

#[test]
fn stix_errors_and_warnings_quote_nothing_raw() {
    for name in ["stix-small.json", "stix-bad.json", "stix-citations.json"] {
        poison_each_key("stix", &fixture(&format!("import/{name}")), &[]);
    }
}

#[test]
fn misp_errors_and_notes_quote_nothing_raw() {
    let into = fixture("import/misp-into.ron");
    for name in ["misp-small.json", "misp-bad.json"] {
        poison_each_key(
            "misp-galaxy",
            &fixture(&format!("import/{name}")),
            &["--into".as_ref(), into.as_os_str(), "--dry-run".as_ref()],
        );
    }
}

#[test]
fn veris_errors_and_notes_quote_nothing_raw() {
    for name in ["named-actor.json", "two-groups.json", "references.json"] {
        poison_each_key("veris", &fixture(&format!("import/veris/{name}")), &[]);
    }
}

/// File names and arguments are untrusted too: every command that names them, on its
/// error paths and its success paths.
#[test]
fn file_names_and_arguments_are_escaped_in_every_command() {
    let dir = scratch("names");
    let bad = hostile();
    // A file name cannot hold `/`; everything else goes in.
    let in_name = bad.replace('/', "");
    let missing = dir.join(format!("missing{in_name}.ron"));
    let hostile_named = dir.join(format!("data{in_name}.ron"));
    std::fs::copy(fixture("workspace/attack.ron"), &hostile_named).expect("copy");
    let broken = dir.join(format!("broken{in_name}.ron"));
    std::fs::write(&broken, format!("(incidents: [(id: \"x{bad}\"")).expect("write");
    let unknown_option = format!("--x{bad}");
    let nowhere = dir.join(format!("no-such-folder{in_name}")).join("out.svg");
    let os = |s: &'static str| -> &std::ffi::OsStr { s.as_ref() };
    let cases: Vec<(String, Vec<&std::ffi::OsStr>)> = vec![
        (
            "check, missing".into(),
            vec![os("check"), missing.as_os_str()],
        ),
        (
            "check, ok".into(),
            vec![os("check"), hostile_named.as_os_str()],
        ),
        (
            "check, broken".into(),
            vec![os("check"), broken.as_os_str()],
        ),
        (
            "check, two files".into(),
            vec![os("check"), hostile_named.as_os_str(), broken.as_os_str()],
        ),
        (
            "export, markdown".into(),
            vec![
                os("export"),
                hostile_named.as_os_str(),
                os("--format"),
                os("markdown"),
            ],
        ),
        (
            "export, unknown group".into(),
            vec![
                os("export"),
                hostile_named.as_os_str(),
                os("--format"),
                os("json"),
                os("--group"),
                bad.as_ref(),
            ],
        ),
        (
            "export, unwritable".into(),
            vec![
                os("export"),
                hostile_named.as_os_str(),
                os("--format"),
                os("csv"),
                os("-o"),
                nowhere.as_os_str(),
            ],
        ),
        (
            "screenshot, unwritable".into(),
            vec![os("screenshot"), os("--out"), nowhere.as_os_str()],
        ),
        (
            "generate, bad count".into(),
            vec![os("generate"), bad.as_ref()],
        ),
        (
            "generate, unwritable".into(),
            vec![os("generate"), os("3"), os("-o"), nowhere.as_os_str()],
        ),
        (
            "import, missing".into(),
            vec![os("import"), os("stix"), missing.as_os_str()],
        ),
        (
            "import veris, missing".into(),
            vec![os("import"), os("veris"), missing.as_os_str()],
        ),
        ("an unknown option".into(), vec![unknown_option.as_ref()]),
        (
            "an unknown theme".into(),
            vec![os("--theme"), bad.as_ref(), os("check")],
        ),
        (
            "the app on a missing file".into(),
            vec![missing.as_os_str()],
        ),
    ];
    // Without a terminal the app says so before it opens anything; clap leaves out of an
    // unknown option what it cannot print; a report names no file.
    let names_nothing = [
        "export, markdown",
        "the app on a missing file",
        "an unknown option",
    ];
    for (what, args) in &cases {
        let output = assert_run_inert(args, what);
        let all = [output.stdout, output.stderr].concat();
        let all = String::from_utf8_lossy(&all);
        // Said, not sent: the escaped form shows what the name or value holds.
        if !names_nothing.contains(&what.as_str()) {
            assert!(
                all.contains(r"\u{1b}") || all.contains("TITLE"),
                "{what}: {all}"
            );
        }
    }
}

/// The hostile data files the loader is tested with: check and every export format say
/// nothing raw about them.
#[test]
fn check_and_export_of_hostile_data_files_are_inert() {
    let folders = [fixture("hostile"), fixture("invalid")];
    for folder in folders {
        for entry in std::fs::read_dir(&folder).expect("fixtures") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let name = path.display().to_string();
            assert_run_inert(
                &["check".as_ref(), path.as_os_str()],
                &format!("check {name}"),
            );
            for format in ["json", "csv", "markdown"] {
                assert_run_inert(
                    &[
                        "export".as_ref(),
                        path.as_os_str(),
                        "--format".as_ref(),
                        format.as_ref(),
                    ],
                    &format!("export {format} {name}"),
                );
            }
        }
    }
}
