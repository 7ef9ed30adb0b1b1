//! Only regular files are read as data: a FIFO, a device or a folder gets a clear message
//! at once (never a hang, never a read until memory runs out), live reload survives one put
//! in place of the file and follows a symlinked file's target, and a UTF-8 byte-order mark
//! is accepted.

#![cfg(unix)]

#[path = "e2e/checks.rs"]
mod checks;
#[path = "e2e/pty.rs"]
mod pty;

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use checks::*;
use pty::Term;

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("nonregular")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn mkfifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).expect("a path");
    // SAFETY: `name` is a valid NUL-terminated path for the call's duration.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// Runs the binary, failing the test if it takes more than 10 s (a FIFO would hang it).
fn run_quickly(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run incident-explorer");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("poll").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the output")
}

#[test]
fn a_fifo_a_device_and_a_folder_are_refused_at_once_with_what_they_are() {
    let dir = scratch("refused");
    let fifo = dir.join("data.ron");
    mkfifo(&fifo);
    let cases: [(&Path, &str); 3] = [
        (&fifo, "a FIFO (named pipe), not a regular file"),
        (Path::new("/dev/zero"), "a device, not a regular file"),
        (&dir, "a folder, not a regular file"),
    ];
    for (path, says) in cases {
        for args in [
            vec!["check".as_ref(), path.as_os_str()],
            vec![
                "export".as_ref(),
                path.as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
            ],
            vec!["import".as_ref(), "stix".as_ref(), path.as_os_str()],
            vec!["import".as_ref(), "hibp".as_ref(), path.as_os_str()],
        ] {
            let output = run_quickly(&args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = scratch("bom");
    let file = dir.join("bom.ron");
    let text = std::fs::read_to_string(fixture("workspace/attack.ron")).expect("fixture");
    std::fs::write(&file, format!("\u{feff}{text}")).expect("write");
    let output = run_quickly(&["check".as_ref(), file.as_os_str()]);
    assert!(output.status.success(), "{output:?}");
    // And a mistake after one is still placed on its own line and column.
    std::fs::write(&file, "\u{feff}(incidents: [(id: 5)])").expect("write");
    let output = run_quickly(&["check".as_ref(), file.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bom.ron:1:18"), "{stderr}");
}

/// Replaces `file` with `contents` the way an editor saves: a new file renamed over it.
fn save(file: &Path, contents: &str) {
    let temporary = file.with_extension("saving");
    std::fs::write(&temporary, contents).expect("write");
    std::fs::rename(&temporary, file).expect("rename");
}

#[test]
fn live_reload_survives_a_fifo_in_place_of_the_file() {
    let dir = scratch("reload-fifo");
    let file = dir.join("data.ron");
    let text = std::fs::read_to_string(fixture("workspace/attack.ron")).expect("fixture");
    std::fs::write(&file, &text).expect("write");
    let mut term = Term::spawn(&[&file.to_string_lossy()], 100, 30);
    term.wait_for("Enter detail");
    std::fs::remove_file(&file).expect("remove");
    mkfifo(&file);
    term.wait_screen(|screen| check_shows(screen, &["Data file has errors", "FIFO"]));
    // The app still answers keys.
    term.send("\u{1b}");
    term.wait_gone("Data file has errors");
    term.send("2");
    term.wait_for("Groups");
    std::fs::remove_file(&file).expect("remove the FIFO");
    save(
        &file,
        &text.replace("loyalty database taken", "loyalty ledger taken"),
    );
    term.wait_for("reloaded");
    term.send("1/ledger\r");
    term.wait_for("loyalty ledger taken");
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "{:?}", done.status);
    assert_restored(&done);
}

#[test]
fn live_reload_follows_a_symlinked_file_to_its_target() {
    let dir = scratch("reload-symlink");
    let (here, there) = (dir.join("here"), dir.join("there"));
    std::fs::create_dir_all(&here).expect("folder");
    std::fs::create_dir_all(&there).expect("folder");
    let target = there.join("data.ron");
    let text = std::fs::read_to_string(fixture("workspace/attack.ron")).expect("fixture");
    std::fs::write(&target, &text).expect("write");
    let link = here.join("link.ron");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let mut term = Term::spawn(&[&link.to_string_lossy()], 100, 30);
    term.wait_for("Enter detail");
    save(
        &target,
        &text.replace("loyalty database taken", "loyalty ledger taken"),
    );
    term.wait_for("reloaded");
    term.send("/ledger\r");
    term.wait_for("loyalty ledger taken");
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "{:?}", done.status);
    assert_restored(&done);
}
