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

/// Reading the file (a `grep`, a backup, the app's own `E` key) is not a change: nothing is
/// reloaded until its contents are written.
#[test]
fn reading_the_file_is_not_a_change() {
    let folder = std::env::temp_dir().join(format!(
        "incident-explorer-watch-read-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("incidents.ron");
    std::fs::write(&file, BUNDLED_DATA).unwrap();
    let (changed, noticed) = channel();
    let _watch = watch_file(&file, move || {
        let _ = changed.send(());
    })
    .expect("the folder can be watched");
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..3 {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.len(), BUNDLED_DATA.len());
    }
    assert!(
        noticed.recv_timeout(Duration::from_secs(2)).is_err(),
        "reading the file was taken for a change"
    );
    std::fs::write(&file, BUNDLED_DATA.replace("tours:", "tours :")).unwrap();
    noticed
        .recv_timeout(Duration::from_secs(5))
        .expect("writing it is a change");
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

/// Chooses a value in the filter panel (opening it and closing it again).
fn filter_on(h: &mut Harness, facet: incident_explorer::data::filter::Facet, value: &str) {
    h.press("f");
    let row = h
        .app
        .layers
        .filter_panel()
        .expect("the panel is open")
        .rows
        .iter()
        .position(|r| matches!(r, incident_explorer::app::FilterRow::Value(c) if c.facet == facet && c.value == value))
        .unwrap_or_else(|| panic!("{value} not in the panel"));
    h.press("g");
    h.press(&"j".repeat(row));
    h.press("<Space><Esc>");
}

fn id_of(h: &Harness, incident: Option<u32>) -> Option<String> {
    incident.map(|i| h.app.workspace.data.incidents[i as usize].id.to_string())
}

/// The saved file moves the incidents around (a new one first), so positions change and
/// only ids can find the user's place again.
fn edited_with_a_new_first_incident() -> String {
    let marker = "    incidents: [\n";
    let at = BUNDLED_DATA.find(marker).expect("the incidents list") + marker.len();
    let first_end = BUNDLED_DATA[at..]
        .find("\n        ),\n")
        .expect("the first incident")
        + at;
    let copy = BUNDLED_DATA[at..first_end]
        .replacen("id: \"", "id: \"copy-", 1)
        .replacen("title: \"", "title: \"Copy: ", 1);
    let text = format!(
        "{}{copy}\n        ),\n{}",
        &BUNDLED_DATA[..at],
        &BUNDLED_DATA[at..]
    );
    text.replace("Qantas: data leak", "Qantas: customer data leak")
}

#[test]
fn the_timeline_keeps_its_query_filter_and_selection_across_a_reload() {
    use incident_explorer::data::filter::Facet;
    let mut h = Harness::new(120, 40);
    filter_on(&mut h, Facet::Group, "shinyhunters");
    h.press("/data<Esc>3jj");
    assert_eq!(h.app.screen.view, View::Timeline);
    let selected = id_of(&h, h.app.timeline_incident()).expect("a selection");
    let filters = h.app.search.filters.clone();
    let edited = edited_with_a_new_first_incident();
    let before = load_str(&edited, "edited.ron").unwrap().dataset;
    assert_ne!(
        before
            .incidents
            .iter()
            .position(|i| i.id == selected.as_str()),
        h.app
            .workspace
            .data
            .incidents
            .iter()
            .position(|i| i.id == selected.as_str()),
        "the selected incident moved in the file"
    );
    h.reload(index_of(&edited));
    assert_eq!(h.app.screen.view, View::Timeline, "the view stays");
    assert_eq!(h.app.query(), "data", "the query stays");
    assert_eq!(h.app.search.filters, filters, "the filters stay");
    assert_eq!(
        id_of(&h, h.app.timeline_incident()),
        Some(selected.clone()),
        "the same incident stays selected"
    );
    let screen = h.screen();
    assert!(screen.contains("reloaded: 16 incidents"), "{screen}");
    assert!(screen.contains("filtered: group: ShinyHunters"), "{screen}");
    let title = &h.app.workspace.data.incident(&selected).unwrap().title;
    assert!(
        screen.contains(title.as_str()),
        "the detail shows {title}:\n{screen}"
    );
}

#[test]
fn the_matrix_and_the_targets_keep_their_selections_across_a_reload() {
    use incident_explorer::data::filter::Facet;
    // The matrix: a column and a row chosen, under a filter.
    let mut h = Harness::new(120, 40);
    filter_on(&mut h, Facet::Stance, "suspected");
    h.press("2mjjl");
    let state = &h.app.panes.relations;
    assert_eq!(state.mode, incident_explorer::app::RelationsMode::Matrix);
    let group = h.app.selected_group_position();
    let group = group.map(|g| h.app.workspace.data.groups[g as usize].id.to_string());
    let row = id_of(&h, state.matrix_rows.get(state.selected_row).copied());
    assert!(group.is_some() && row.is_some());
    h.reload(index_of(&edited_with_a_new_first_incident()));
    let state = &h.app.panes.relations;
    assert_eq!(h.app.screen.view, View::Relations);
    assert_eq!(
        state.mode,
        incident_explorer::app::RelationsMode::Matrix,
        "the mode stays"
    );
    assert_eq!(
        h.app
            .selected_group_position()
            .map(|g| h.app.workspace.data.groups[g as usize].id.to_string()),
        group,
        "the column stays"
    );
    assert_eq!(
        id_of(&h, state.matrix_rows.get(state.selected_row).copied()),
        row,
        "the row stays"
    );
    assert!(!h.app.search.filters.is_empty(), "the filter stays");

    // The targets of a group, one of them selected, with a query.
    let mut h = Harness::new(120, 40);
    h.press("2/qantas<Esc>");
    h.press("<Enter>j");
    assert_eq!(h.app.screen.focus, incident_explorer::app::Focus::Targets);
    let target = h.app.relations_selected_incident();
    let target = id_of(&h, target).expect("a target");
    h.reload(index_of(&edited_with_a_new_first_incident()));
    assert_eq!(
        h.app.screen.focus,
        incident_explorer::app::Focus::Targets,
        "the pane stays"
    );
    assert_eq!(h.app.query(), "qantas");
    assert_eq!(id_of(&h, h.app.relations_selected_incident()), Some(target));
}
