//! Search answers that come late, out of order, or from data that has since been replaced,
//! as they can from the search thread: the harness holds them back and hands them over when
//! a test says so.

mod common;

use std::sync::Arc;

use common::Harness;
use incident_explorer::data::load::BUNDLED_DATA;
use incident_explorer::data::load_str;
use incident_explorer::search::SearchIndex;

fn shown_ids(h: &Harness) -> Vec<String> {
    h.app
        .search
        .results
        .hits
        .iter()
        .map(|hit| {
            h.app.workspace.data.incidents[hit.incident as usize]
                .id
                .to_string()
        })
        .collect()
}

fn status_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_screen_keeps_the_last_results_until_new_ones_are_ready() {
    let mut h = Harness::new(120, 40);
    h.hold_results();
    let everything = shown_ids(&h);
    assert_eq!(everything.len(), 15);
    h.press("/maxis");
    assert_eq!(h.held_queries(), ["m", "ma", "max", "maxi", "maxis"]);
    // Nothing answered yet: every incident is still listed, and the status bar says why.
    assert_eq!(shown_ids(&h), everything, "the last results stay");
    let screen = h.screen();
    assert!(screen.contains("Air France and KLM"), "{screen}");
    assert!(
        status_line(&h).contains("searching…"),
        "{}",
        status_line(&h)
    );
    // An older query's answer is better than nothing while the newest runs.
    assert!(h.deliver("ma"));
    assert_eq!(h.app.search.raw.query.text, "ma");
    assert!(shown_ids(&h).contains(&"maxis-2024".to_string()));
    assert!(status_line(&h).contains("searching…"));
    // The newest arrives: its results, and no more searching.
    assert!(h.deliver("maxis"));
    assert_eq!(shown_ids(&h), ["maxis-2024"]);
    assert!(
        !status_line(&h).contains("searching…"),
        "{}",
        status_line(&h)
    );
    assert!(h.screen().contains("Maxis: breach claimed"));
}

#[test]
fn an_answer_that_comes_after_a_newer_one_is_dropped() {
    let mut h = Harness::new(120, 40);
    h.hold_results();
    h.press("/maxis");
    assert!(h.deliver("maxis"));
    let newest = shown_ids(&h);
    assert_eq!(newest, ["maxis-2024"]);
    // The answers to "m" and "max" come last, out of order.
    for late in ["max", "m"] {
        assert!(h.deliver(late));
        assert_eq!(
            h.app.search.raw.query.text, "maxis",
            "{late} replaced the newer answer"
        );
        assert_eq!(shown_ids(&h), newest);
        assert!(!status_line(&h).contains("searching…"));
    }
    // Nor does a late answer come back once the line is emptied.
    h.press("<C-u>");
    assert_eq!(h.app.query(), "");
    assert!(h.deliver("maxi"));
    assert_ne!(
        h.app.search.raw.query.text, "maxi",
        "a late answer after the line was emptied"
    );
    assert!(h.deliver(""));
    assert_eq!(shown_ids(&h).len(), 15, "everything is listed again");
}

#[test]
fn an_answer_from_data_since_replaced_is_dropped() {
    let mut h = Harness::new(120, 40);
    h.hold_results();
    h.press("/qantas");
    // The file is saved while "qantas" is still being searched in the old data.
    let edited = BUNDLED_DATA.replace("Qantas: data leak", "Qantas: customer data leak");
    let data = load_str(&edited, "edited.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    h.reload(Arc::new(SearchIndex::build(Arc::new(data))));
    let generation = h.app.workspace.generation();
    assert_eq!(
        h.held_queries().iter().filter(|q| *q == "qantas").count(),
        2,
        "the old search and the new one: {:?}",
        h.held_queries()
    );
    // The old data's answer comes first: dropped, the screen still waits for the new one.
    assert!(h.deliver("qantas"));
    assert_eq!(
        h.app.search.raw.generation, generation,
        "the stale answer was dropped"
    );
    assert!(
        status_line(&h).contains("searching…"),
        "{}",
        status_line(&h)
    );
    // Older queries on the old data change nothing either.
    assert!(h.deliver("qa"));
    assert_eq!(h.app.search.raw.generation, generation);
    // The new data's answer is shown.
    assert!(h.deliver("qantas"));
    assert_eq!(h.app.search.raw.generation, generation);
    assert_eq!(h.app.search.raw.query.text, "qantas");
    assert!(!status_line(&h).contains("searching…"));
    assert!(
        h.screen().contains("Qantas: customer data leak"),
        "{}",
        h.screen()
    );
}
