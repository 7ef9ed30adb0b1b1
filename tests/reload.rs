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
    assert_eq!(h.app.query(), "airline");
    assert_eq!(
        h.selected_id(),
        Some(selected),
        "the same incident stays selected"
    );
    assert!(h.screen().contains("reloaded: 15 incidents"));
    let qantas = h.app.workspace.data.incident("qantas-2025").unwrap();
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
    assert_eq!(h.app.screen.view, View::Relations, "the view stays");
    assert_eq!(
        h.app.workspace.data.incidents.len(),
        15,
        "the last good data stays"
    );
    let screen = h.screen();
    assert!(screen.contains("Data file has errors"), "{screen}");
    assert!(screen.contains("incidents.ron:1:"), "{screen}");
    h.press("<Esc>");
    assert!(h.app.layers.problem().is_none());
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

/// A search running on the worker thread when a smaller file is loaded answers for data
/// that is gone: its answer is dropped, and every view draws with a selection from the new
/// data.
#[test]
fn a_search_running_across_a_reload_to_a_smaller_file_is_dropped() {
    use incident_explorer::search::Searcher;
    use incident_explorer::search::worker::SearchWorker;

    let big = incident_explorer::generate::synthetic(5_000, 7);
    let mut h = Harness::with_data(big, 100, 30);
    // Deep in the big list, with a query typed but not yet answered.
    h.press("G");
    h.app.update(Action::FocusSearch);
    for c in "ba".chars() {
        h.app.update(Action::Insert(c));
    }
    let query = h.app.take_search_request().expect("a query to run");
    let (sender, answers) = channel();
    let worker = SearchWorker::spawn(Searcher::new(h.app.workspace.index.clone()), move |r| {
        let _ = sender.send(r);
    })
    .expect("a thread");
    worker.request(&query);
    // The file is replaced by the 15 bundled incidents while the search runs.
    h.reload(index_of(BUNDLED_DATA));
    let stale = answers
        .recv_timeout(Duration::from_secs(60))
        .expect("the old search answers");
    assert!(!stale.hits.is_empty());
    assert!(
        stale.hits.iter().any(|hit| hit.incident >= 15),
        "the stale answer points past the new data"
    );
    h.app.update(Action::SearchFinished(stale));
    assert!(
        h.app.search.raw.hits.iter().all(|hit| hit.incident < 15),
        "the stale answer was dropped"
    );
    for keys in [
        "",
        "<Esc>1",
        "2",
        "<Enter>",
        "m",
        "mt",
        "3",
        "G",
        "1G<Enter>",
    ] {
        h.press(keys);
        let screen = h.screen();
        assert!(screen.contains("of 15"), "after {keys:?}: {screen}");
        if let Some(incident) = h.app.focused_incident() {
            assert!(
                (incident as usize) < h.app.workspace.data.incidents.len(),
                "after {keys:?} the selection is in the new data"
            );
        }
        if let Some(hit) = h.app.selected_hit() {
            assert!(h.app.search.results.hits.contains(hit));
        }
    }
    drop(worker);
}

/// Editors often save twice: the same failure again does not reopen a panel the user
/// closed, a new one does, and a good save clears the slate.
#[test]
fn the_same_failure_twice_does_not_reopen_the_panel() {
    let mut h = Harness::new(100, 30);
    h.app.update(Action::ReloadFailed("error: one".into()));
    assert!(h.app.layers.problem().is_some());
    h.press("q");
    assert!(!h.app.should_quit(), "q closed the panel");
    h.app.update(Action::ReloadFailed("error: one".into()));
    assert!(h.app.layers.problem().is_none(), "seen already");
    h.app.update(Action::ReloadFailed("error: two".into()));
    assert!(h.app.layers.problem().is_some(), "a new problem shows");
    h.reload(index_of(BUNDLED_DATA));
    assert!(h.app.layers.problem().is_none(), "a good load closes it");
    h.app.update(Action::ReloadFailed("error: two".into()));
    assert!(
        h.app.layers.problem().is_some(),
        "after a good load, it is news again"
    );
}
