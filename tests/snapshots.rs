//! Snapshots of the screens at 80x24 and 120x40, drawn by the real drawing code into
//! ratatui's test backend. Review changes with `cargo insta review`.

mod common;

use common::{Harness, highlighted_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, keys: &str) {
    for (width, height) in SIZES {
        let mut h = Harness::new(width, height);
        h.press(keys);
        insta::assert_snapshot!(
            format!("{name}_{width}x{height}"),
            highlighted_text(&h.buffer())
        );
    }
}

#[test]
fn empty_query() {
    snapshot("empty_query", "");
}

#[test]
fn query_with_highlights() {
    snapshot("query_octo_tempest", "/octo tempest");
}

#[test]
fn detail_focused_and_scrolled() {
    snapshot("detail_scrolled", "/lion<Enter><Enter>jjjj");
}

#[test]
fn help_overlay() {
    snapshot("help", "?");
}

#[test]
fn no_results() {
    snapshot("no_results", "/zzzzqqq");
}

#[test]
fn too_small() {
    let mut h = Harness::new(80, 24);
    h.resize(50, 12);
    insta::assert_snapshot!("too_small_50x12", h.screen());
}
