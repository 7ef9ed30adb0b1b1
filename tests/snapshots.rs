//! Snapshots of the screens at 80x24, 90x26 and 120x40, drawn by the real drawing code into
//! ratatui's test backend. Review changes with `cargo insta review`.

mod common;

use common::Harness;

#[test]
fn empty_query() {
    common::snapshot_at_both_sizes!("empty_query", "");
}

/// Down the list past its first page and one back up: the list has scrolled, and the
/// selection bar (⟦⟧) sits on the ninth result, not the first row shown.
#[test]
fn list_scrolled_with_the_selection_inside() {
    common::snapshot_at_both_sizes!("list_scrolled", "jjjjjjjjjk");
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

#[test]
fn did_you_mean() {
    common::snapshot_at_both_sizes!("did_you_mean", "/shinyhuntres");
}

#[test]
fn help_filtered_from_the_matrix() {
    common::snapshot_at_both_sizes!("help_filtered_from_matrix", "2m?/column");
}

#[test]
fn tour_list_over_the_timeline() {
    common::snapshot_at_both_sizes!("tour_list", "3T");
}

#[test]
fn a_long_query_scrolled_to_its_cursor() {
    common::snapshot_at_both_sizes!(
        "long_query",
        "/scattered spider octo tempest unc3944 muddled libra 0ktapus starfraud scatter swine \
         roasted 0ktapus storm-0875 lucr3 airlines insurance retail hospitality<M-b><M-b>"
    );
}

#[test]
fn the_problems_panel_over_the_relations() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.press("2");
        let broken = incident_explorer::data::load_str("(incidents: [(id: \"x\"", "edited.ron")
            .expect_err("a broken file");
        h.app.update(incident_explorer::app::Action::ReloadFailed(
            broken.to_string(),
        ));
        insta::assert_snapshot!(
            format!("problems_{width}x{height}"),
            common::highlighted_text(&h.buffer())
        );
    }
}

#[test]
fn group_profile() {
    common::snapshot_at_both_sizes!("profile_scattered_spider", "2jji");
}

#[test]
fn detail_zoomed_at_its_attribution() {
    common::snapshot_at_both_sizes!("detail_zoomed", "/qantas<Enter><Enter>z]");
}

#[test]
fn a_tour_step_with_its_caption() {
    for (width, height) in [(80, 24), (90, 26), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.start_tour("claims-vs-facts").expect("a bundled tour");
        h.press("nnn");
        insta::assert_snapshot!(
            format!("tour_step_4_{width}x{height}"),
            common::highlighted_text(&h.buffer())
        );
    }
}
