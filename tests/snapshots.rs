//! Snapshots of the screens at 80x24 and 120x40, drawn by the real drawing code into
//! ratatui's test backend. Review changes with `cargo insta review`.

mod common;

use common::Harness;

#[test]
fn empty_query() {
    common::snapshot_at_both_sizes!("empty_query", "");
}

#[test]
fn query_with_highlights() {
    common::snapshot_at_both_sizes!("query_octo_tempest", "/octo tempest");
}

#[test]
fn detail_focused_and_scrolled() {
    common::snapshot_at_both_sizes!("detail_scrolled", "/lion<Enter><Enter>jjjj");
}

#[test]
fn help_overlay() {
    common::snapshot_at_both_sizes!("help", "?");
}

#[test]
fn no_results() {
    common::snapshot_at_both_sizes!("no_results", "/zzzzqqq");
}

#[test]
fn too_small() {
    let mut h = Harness::new(80, 24);
    h.resize(50, 12);
    insta::assert_snapshot!("too_small_50x12", h.screen());
}
