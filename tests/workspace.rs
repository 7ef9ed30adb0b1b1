//! Several files opened as one workspace: groups known in two files are one, clashing ids
//! stay apart, each incident says where it came from, and a broken file is reported while
//! the others open.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Harness;
use incident_explorer::data::Facet;
use incident_explorer::data::merge::open;

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn curated_and_attack() -> Vec<PathBuf> {
    vec![
        manifest("incidents.ron"),
        manifest("tests/fixtures/workspace/attack.ron"),
    ]
}

#[test]
fn two_files_open_as_one_with_one_scattered_spider() {
    let opened = open(&curated_and_attack());
    assert!(opened.failures.is_empty());
    let data = &opened.dataset;
    assert_eq!(
        data.groups
            .iter()
            .filter(|g| g.name == "Scattered Spider")
            .count(),
        1
    );
    assert_eq!(data.incidents.len(), 17, "15 curated and 2 imported");
    let mut h = Harness::with_data(opened.dataset.clone(), 120, 40);
    h.press("/storm-0875");
    let screen = h.screen();
    assert!(
        screen.contains("via alias: Storm-0875"),
        "the import's alias finds the curated incidents too:\n{screen}"
    );
    assert!(screen.contains("Hawaiian Airlines"), "{screen}");
    // The imported victim, with where it came from.
    h.press("<C-u>example resorts<Enter><Enter>");
    let screen = h.screen();
    assert!(screen.contains("From: "), "{screen}");
    assert!(screen.contains("attack.ron"), "{screen}");
    // One group on the relations screen, with both files' targets.
    h.press("<BS><C-u>");
    h.press("2");
    let screen = h.screen();
    assert_eq!(
        screen.matches("Scattered Spider ·").count(),
        1,
        "one group in the list:\n{screen}"
    );
}

#[test]
fn a_profile_says_which_file_each_alias_came_from() {
    let opened = open(&curated_and_attack());
    let mut h = Harness::with_data(opened.dataset, 120, 40);
    h.press("/storm-0875<Enter>i");
    let screen = h.screen();
    assert!(
        screen.contains("Storm-0875, coined by Microsoft"),
        "{screen}"
    );
    assert!(screen.contains("attack.ron)"), "{screen}");
    assert!(screen.contains("incidents.ron)"), "{screen}");
}

#[test]
fn the_filter_panel_selects_files() {
    let opened = open(&curated_and_attack());
    let mut h = Harness::with_data(opened.dataset, 120, 40);
    h.press("f");
    let rows = h.app.layers.filter_panel().expect("the panel").rows.clone();
    let file_row = rows
        .iter()
        .position(|r| matches!(r, incident_explorer::app::FilterRow::Value(c) if c.facet == Facet::File && c.label.ends_with("attack.ron")))
        .expect("a file facet");
    h.press("g");
    h.press(&"j".repeat(file_row));
    h.press("<Space><Esc>");
    assert_eq!(h.app.search.results.hits.len(), 2, "the import's incidents");
    assert!(h.screen().contains("filtered: file:"));
}

#[test]
fn one_file_is_held_once_and_several_keep_their_parts_for_reload() {
    // One file's data is the workspace itself: a second copy of a million incidents would
    // double the app's memory for nothing.
    let one = open(&[manifest("incidents.ron")]);
    assert!(one.failures.is_empty());
    assert_eq!(one.dataset.incidents.len(), 15);
    assert!(one.parts.is_empty(), "one file keeps no part aside");
    let two = open(&curated_and_attack());
    let kept: Vec<usize> = two
        .parts
        .iter()
        .map(|part| part.as_ref().map_or(0, |d| d.incidents.len()))
        .collect();
    assert_eq!(
        kept,
        [15, 2],
        "each file's own data, for live reload to merge again"
    );
}

#[test]
fn one_file_alone_has_no_file_facet_and_no_from_line() {
    let opened = open(&[manifest("incidents.ron")]);
    let mut h = Harness::with_data(opened.dataset, 120, 40);
    h.press("<Enter>");
    assert!(!h.screen().contains("From: "));
    h.press("<Esc>f");
    let panel = h.app.layers.filter_panel().expect("the panel");
    assert!(!panel.rows.iter().any(
        |r| matches!(r, incident_explorer::app::FilterRow::Value(c) if c.facet == Facet::File)
    ));
}

#[test]
fn check_lists_each_file_and_what_the_workspace_merges() {
    let output = Command::new(BIN)
        .arg("check")
        .args(curated_and_attack())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("incidents.ron: ok"), "{stdout}");
    assert!(stdout.contains("attack.ron: ok"), "{stdout}");
    assert!(
        stdout.contains("group \"Scattered Spider\" is \"Scattered Spider\""),
        "{stdout}"
    );
    assert!(stdout.contains("kept apart"), "{stdout}");
    assert!(stdout.contains("workspace of 2 files"), "{stdout}");
}

#[test]
fn a_broken_file_is_named_and_the_others_still_check() {
    let output = Command::new(BIN)
        .arg("check")
        .arg(manifest("incidents.ron"))
        .arg(manifest("tests/fixtures/invalid/unknown_group.ron"))
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stdout.contains("incidents.ron: ok"), "{stdout}");
    assert!(stdout.contains("unknown_group.ron: has errors"), "{stdout}");
    assert!(stderr.contains("unknown_group.ron:"), "{stderr}");
}

#[test]
fn export_takes_several_files() {
    let output = Command::new(BIN)
        .args(["export", "--format", "csv"])
        .args(curated_and_attack())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Example Resorts"), "{stdout}");
    assert!(stdout.contains("Maxis"), "{stdout}");
}
