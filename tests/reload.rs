//! Live reload: a saved data file replaces the data in place; a broken one is explained
//! while the last good data stays.

mod common;

use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

use common::Harness;
use incident_explorer::app::{Action, View};
use incident_explorer::data::load::BUNDLED_DATA;
use incident_explorer::data::load_str;
use incident_explorer::search::SearchIndex;
use incident_explorer::watch::watch_file;

fn index_of(text: &str) -> Arc<SearchIndex> {
    let data = load_str(text, "edited.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    Arc::new(SearchIndex::build(Arc::new(data)))
}

#[test]
fn new_data_keeps_the_view_the_selection_and_the_query() {
    let mut h = Harness::new(120, 40);
    h.press("/airline<Esc>jj");
    let selected = h.selected_id().unwrap();
    let edited = BUNDLED_DATA.replace("Qantas: data leak", "Qantas: customer data leak");
    h.reload(index_of(&edited));
    assert_eq!(h.app.query, "airline");
    assert_eq!(
        h.selected_id(),
        Some(selected),
        "the same incident stays selected"
    );
    assert!(h.screen().contains("reloaded: 15 incidents"));
    let qantas = h.app.data.incident("qantas-2025").unwrap();
    assert!(
        qantas.title.contains("customer data leak"),
        "the new text is shown"
    );
}

#[test]
fn a_broken_save_is_explained_and_the_last_good_data_stays() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    let broken =
        incident_explorer::data::load_str("(incidents: [(id: \"x\"", "incidents.ron").unwrap_err();
    h.app.update(Action::ReloadFailed(broken.to_string()));
    assert_eq!(h.app.view, View::Relations, "the view stays");
    assert_eq!(h.app.data.incidents.len(), 15, "the last good data stays");
    let screen = h.screen();
    assert!(screen.contains("Data file has errors"), "{screen}");
    assert!(screen.contains("incidents.ron:1:"), "{screen}");
    h.press("<Esc>");
    assert!(h.app.load_problem.is_none());
    assert!(!h.screen().contains("Data file has errors"));
}

#[test]
fn saving_the_file_is_noticed_within_a_second() {
    let folder =
        std::env::temp_dir().join(format!("incident-explorer-watch-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("incidents.ron");
    std::fs::write(&file, BUNDLED_DATA).unwrap();
    let (changed, noticed) = channel();
    let _watch = watch_file(&file, move || {
        let _ = changed.send(());
    })
    .expect("the folder can be watched");
    std::thread::sleep(Duration::from_millis(100));
    // Save the way editors do: write a new file, rename it over the old one.
    let temporary = folder.join(".incidents.ron.tmp");
    std::fs::write(&temporary, BUNDLED_DATA.replace("tours:", "tours :")).unwrap();
    std::fs::rename(&temporary, &file).unwrap();
    let started = std::time::Instant::now();
    noticed
        .recv_timeout(Duration::from_secs(5))
        .expect("the change is noticed");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(1), "noticed after {waited:?}");
    std::fs::remove_dir_all(&folder).unwrap();
}
