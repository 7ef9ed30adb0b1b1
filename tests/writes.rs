//! Writes never clobber: every command that writes a file creates a new one, replaces an
//! existing one only with `--force`, never writes over one of its own inputs (whatever
//! name or link reaches it), takes `-o -` as standard output, and leaves nothing behind
//! when it fails. `import misp-galaxy --into` edits the file it names as an editor would.

#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run incident-explorer")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Each command that writes a file, as arguments before its `-o` value: `data` is a data
/// file it may read.
fn writers(data: &Path) -> Vec<(&'static str, Vec<std::ffi::OsString>)> {
    let os = |s: &str| std::ffi::OsString::from(s);
    vec![
        (
            "export",
            vec![
                os("export"),
                data.into(),
                os("--format"),
                os("markdown"),
                os("-o"),
            ],
        ),
        ("generate", vec![os("generate"), os("5"), os("-o")]),
        (
            "import hibp",
            vec![
                os("import"),
                os("hibp"),
                fixture("import/hibp-small.json").into(),
                os("-o"),
            ],
        ),
        (
            "import stix",
            vec![
                os("import"),
                os("stix"),
                fixture("import/stix-small.json").into(),
                os("-o"),
            ],
        ),
        (
            "import veris",
            vec![
                os("import"),
                os("veris"),
                fixture("import/veris/named-actor.json").into(),
                os("-o"),
            ],
        ),
        (
            "screenshot",
            vec![os("screenshot"), data.into(), os("--out")],
        ),
        (
            "import misp-galaxy --out",
            vec![
                os("import"),
                os("misp-galaxy"),
                fixture("import/misp-small.json").into(),
                os("--into"),
                fixture("import/misp-into.ron").into(),
                os("--out"),
            ],
        ),
    ]
}

fn run_writer(args: &[std::ffi::OsString], out: &Path, force: bool) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    all.push(out.as_os_str());
    if force {
        all.push("--force".as_ref());
    }
    run(&all)
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let folder = tempfile::tempdir().expect("a folder");
    let data = folder.path().join("data.ron");
    std::fs::copy(fixture("workspace/attack.ron"), &data).expect("copy");
    for (what, args) in writers(&data) {
        let out = folder.path().join("out.file");
        std::fs::write(&out, "keep me").expect("write");
        let refused = run_writer(&args, &out, false);
        assert_eq!(refused.status.code(), Some(1), "{what}: {refused:?}");
        assert!(
            stderr(&refused).contains("exists"),
            "{what}: {}",
            stderr(&refused)
        );
        assert!(
            stderr(&refused).contains("--force"),
            "{what}: {}",
            stderr(&refused)
        );
        assert_eq!(
            std::fs::read_to_string(&out).expect("read"),
            "keep me",
            "{what}"
        );
        let forced = run_writer(&args, &out, true);
        assert!(forced.status.success(), "{what} --force: {forced:?}");
        assert_ne!(
            std::fs::read_to_string(&out).expect("read"),
            "keep me",
            "{what}"
        );
        // A new name is written without --force, and nothing else is left in the folder.
        let fresh = folder.path().join("fresh.file");
        let written = run_writer(&args, &fresh, false);
        assert!(written.status.success(), "{what}: {written:?}");
        assert_eq!(
            files_in(folder.path()),
            ["data.ron", "fresh.file", "out.file"],
            "{what}"
        );
        std::fs::remove_file(&fresh).expect("remove");
        std::fs::remove_file(&out).expect("remove");
    }
}

#[test]
fn a_command_never_writes_over_its_own_input_even_with_force() {
    let folder = tempfile::tempdir().expect("a folder");
    let data = folder.path().join("data.ron");
    std::fs::copy(fixture("workspace/attack.ron"), &data).expect("copy");
    let original = std::fs::read(&data).expect("read");
    let hard_link = folder.path().join("same.ron");
    std::fs::hard_link(&data, &hard_link).expect("a hard link");
    let symlink = folder.path().join("link.ron");
    std::os::unix::fs::symlink(&data, &symlink).expect("a symlink");
    let os = |s: &str| std::ffi::OsString::from(s);
    let export = vec![
        os("export"),
        data.clone().into(),
        os("--format"),
        os("markdown"),
        os("-o"),
    ];
    let screenshot = vec![os("screenshot"), data.clone().into(), os("--out")];
    for args in [export, screenshot] {
        for out in [&data, &hard_link, &symlink] {
            let refused = run_writer(&args, out, true);
            assert_eq!(refused.status.code(), Some(1), "{out:?}: {refused:?}");
            assert!(
                stderr(&refused).contains("which this command reads"),
                "{}",
                stderr(&refused)
            );
            assert_eq!(std::fs::read(&data).expect("read"), original);
        }
    }
    // An importer's input, and misp-galaxy's --out naming its --into.
    let json = folder.path().join("hibp.json");
    std::fs::copy(fixture("import/hibp-small.json"), &json).expect("copy");
    let refused = run(&[
        "import".as_ref(),
        "hibp".as_ref(),
        json.as_os_str(),
        "-o".as_ref(),
        json.as_os_str(),
        "--force".as_ref(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let into = folder.path().join("into.ron");
    std::fs::copy(fixture("import/misp-into.ron"), &into).expect("copy");
    let galaxy = fixture("import/misp-small.json");
    let refused = run(&[
        "import".as_ref(),
        "misp-galaxy".as_ref(),
        galaxy.as_os_str(),
        "--into".as_ref(),
        into.as_os_str(),
        "--out".as_ref(),
        into.as_os_str(),
        "--force".as_ref(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
}

#[test]
fn dash_is_standard_output_and_no_file_is_made() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = Command::new(BIN)
        .args(["export", "--format", "json", "-o", "-"])
        .current_dir(folder.path())
        .stdin(Stdio::null())
        .output()
        .expect("run export");
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"incidents\""));
    assert!(files_in(folder.path()).is_empty(), "no file named -");
    let generated = Command::new(BIN)
        .args(["generate", "3", "--out", "-"])
        .current_dir(folder.path())
        .stdin(Stdio::null())
        .output()
        .expect("run generate");
    assert!(generated.status.success());
    assert!(String::from_utf8_lossy(&generated.stdout).contains("incidents: ["));
    assert!(files_in(folder.path()).is_empty(), "no file named -");
}

/// A link planted under the name to be written is not followed: without --force it is
/// something that exists; with it, the link itself is replaced and its target untouched.
#[test]
fn a_planted_symlink_is_never_written_through() {
    let folder = tempfile::tempdir().expect("a folder");
    let victim = folder.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    let planted = folder.path().join("out.svg");
    std::os::unix::fs::symlink(&victim, &planted).expect("plant a link");
    let args = ["screenshot".as_ref(), "--out".as_ref(), planted.as_os_str()];
    let refused = run(&args);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    let mut forced = args.to_vec();
    forced.push("--force".as_ref());
    let replaced = run(&forced);
    assert!(replaced.status.success(), "{replaced:?}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    let link = std::fs::symlink_metadata(&planted).expect("the name");
    assert!(
        link.file_type().is_file(),
        "the link was replaced by the file"
    );
    // A dangling link is something that exists too.
    let dangling = folder.path().join("dangling.svg");
    std::os::unix::fs::symlink(folder.path().join("nowhere"), &dangling).expect("link");
    let refused = run(&[
        "screenshot".as_ref(),
        "--out".as_ref(),
        dangling.as_os_str(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        !folder.path().join("nowhere").exists(),
        "nothing created through it"
    );
}

fn merge_into(into: &Path) -> Output {
    run(&[
        "import".as_ref(),
        "misp-galaxy".as_ref(),
        fixture("import/misp-small.json").as_os_str(),
        "--into".as_ref(),
        into.as_os_str(),
    ])
}

#[test]
fn into_follows_a_symlink_and_keeps_mode_and_owner() {
    let folder = tempfile::tempdir().expect("a folder");
    let real = folder.path().join("real.ron");
    std::fs::copy(fixture("import/misp-into.ron"), &real).expect("copy");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = folder.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let before = std::fs::read_to_string(&real).expect("read");
    // As root, give the file another owner: the edit must keep it.
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    if is_root {
        std::os::unix::fs::chown(&real, Some(4321), Some(4321)).expect("chown");
    }
    let owner = std::fs::metadata(&real).expect("stat").uid();
    let merged = merge_into(&link);
    assert!(merged.status.success(), "{merged:?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let after = std::fs::read_to_string(&real).expect("read");
    assert_ne!(before, after, "the target was edited");
    let metadata = std::fs::metadata(&real).expect("stat");
    assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
    assert_eq!(metadata.uid(), owner);
    assert_eq!(files_in(folder.path()), ["link.ron", "real.ron"]);
}

#[test]
fn into_refuses_a_read_only_file_and_one_with_hard_links() {
    let folder = tempfile::tempdir().expect("a folder");
    let read_only = folder.path().join("read-only.ron");
    std::fs::copy(fixture("import/misp-into.ron"), &read_only).expect("copy");
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&read_only).expect("read");
    let refused = merge_into(&read_only);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        stderr(&refused).contains("read-only"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read(&read_only).expect("read"), before);

    let linked = folder.path().join("linked.ron");
    std::fs::copy(fixture("import/misp-into.ron"), &linked).expect("copy");
    let other = folder.path().join("other-name.ron");
    std::fs::hard_link(&linked, &other).expect("hard link");
    let refused = merge_into(&linked);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        stderr(&refused).contains("hard links"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::metadata(&linked).expect("stat").nlink(),
        2,
        "the links stay joined"
    );
    assert_eq!(
        std::fs::read(&linked).expect("read"),
        std::fs::read(&other).expect("read")
    );
}
