//! Filters, sort orders and the timeline.

mod common;

use common::Harness;
use incident_explorer::app::{Focus, SortOrder, TimelineRow, View};
use incident_explorer::data::filter::Facet;

fn result_ids(h: &Harness) -> Vec<String> {
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

/// Moves the filter panel's cursor to a value and chooses it.
fn choose(h: &mut Harness, facet: Facet, value: &str) {
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
    h.press("<Space>");
}

#[test]
fn a_filter_narrows_the_results_and_shows_in_the_status_bar() {
    let mut h = Harness::new(120, 40);
    h.press("f");
    assert!(h.app.layers.filter_panel().is_some());
    assert!(h.screen().contains("By group"));
    choose(&mut h, Facet::Group, "scattered-spider");
    let found = result_ids(&h);
    assert_eq!(found.len(), 3, "{found:?}");
    h.press("<Esc>");
    assert!(h.app.layers.filter_panel().is_none());
    let screen = h.screen();
    assert!(screen.contains("3 of 15"), "{screen}");
    assert!(
        screen.contains("filtered: group: Scattered Spider"),
        "{screen}"
    );
}

#[test]
fn filters_combine_with_the_search_and_with_each_other() {
    let mut h = Harness::new(120, 40);
    h.press("/airline<Esc>f");
    let searched = h.app.search.raw.hits.len();
    choose(&mut h, Facet::Group, "shinyhunters");
    assert!(h.app.search.results.hits.len() < searched);
    for id in result_ids(&h) {
        let incident = h.app.workspace.data.incident(&id).unwrap();
        assert!(
            incident.claims.iter().any(|c| c.group == "shinyhunters"),
            "{id}"
        );
    }
    choose(&mut h, Facet::Country, "Australia");
    assert_eq!(result_ids(&h), vec!["qantas-2025"]);
}

#[test]
fn the_panel_counts_values_with_the_other_filters_applied() {
    let mut h = Harness::new(120, 40);
    h.press("f");
    choose(&mut h, Facet::Stance, "claimed");
    let count_of = |h: &Harness, facet: Facet, value: &str| {
        h.app
            .layers
            .filter_panel()
            .expect("the panel is open")
            .rows
            .iter()
            .find_map(|r| match r {
                incident_explorer::app::FilterRow::Value(c)
                    if c.facet == facet && c.value == value =>
                {
                    Some(c.count)
                }
                _ => None,
            })
    };
    assert_eq!(count_of(&h, Facet::Group, "r00tk1t"), Some(3));
    assert_eq!(count_of(&h, Facet::Group, "shinyhunters"), Some(0));
    assert_eq!(
        count_of(&h, Facet::Stance, "suspected"),
        Some(10),
        "a facet ignores its own choice"
    );
}

#[test]
fn the_year_range_moves_with_the_arrows_and_one_key_clears_everything() {
    let mut h = Harness::new(120, 40);
    h.press("f");
    let from = h
        .app
        .layers
        .filter_panel()
        .expect("the panel is open")
        .rows
        .iter()
        .position(|r| *r == incident_explorer::app::FilterRow::FromYear)
        .unwrap();
    h.press("g");
    h.press(&"j".repeat(from));
    h.press("<Right>");
    assert_eq!(
        h.app.search.filters.from_year,
        Some(2009),
        "the first press starts at the earliest year"
    );
    h.press(&"l".repeat(15));
    assert_eq!(h.app.search.filters.from_year, Some(2024));
    // Checked on the dates themselves: every result lies (at least partly) in 2024 or later,
    // and every incident of those years is still there.
    let found = result_ids(&h);
    let data = &h.app.workspace.data;
    let last_year =
        |i: &incident_explorer::data::Incident| i.date.map(|d| d.until_year.unwrap_or(d.year));
    for id in &found {
        let incident = data.incident(id).expect("a result");
        assert!(
            last_year(incident).is_some_and(|year| year >= 2024),
            "{id} dated {:?} is before 2024",
            incident.date
        );
    }
    let from_2024: Vec<&str> = data
        .incidents
        .iter()
        .filter(|i| last_year(i).is_some_and(|year| year >= 2024))
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(found.len(), from_2024.len(), "{found:?} vs {from_2024:?}");
    assert!(found.len() < 15, "the filter hides the older incidents");
    assert!(!found.contains(&"kaspersky-website-hack".to_string()));
    // The timeline shows the same: no year heading before 2024.
    h.press("<Esc>3");
    let years: Vec<i32> = h
        .app
        .panes
        .timeline
        .rows
        .iter()
        .filter_map(|row| match row {
            TimelineRow::Year { year, until, .. } => Some(until.unwrap_or(*year)),
            _ => None,
        })
        .collect();
    assert!(
        !years.is_empty() && years.iter().all(|&y| y >= 2024),
        "{years:?}"
    );
    h.press("1f");
    h.press("x");
    assert!(h.app.search.filters.is_empty());
    assert_eq!(h.app.search.results.hits.len(), 15);
    h.press("<Esc>");
    h.press("x");
    assert!(h.screen().contains("No filter is on."));
}

#[test]
fn the_relations_view_respects_the_filters() {
    let mut h = Harness::new(120, 40);
    h.press("f");
    choose(&mut h, Facet::Country, "Malaysia");
    h.press("<Esc>2");
    let groups: Vec<String> = h
        .app
        .panes
        .relations
        .groups
        .iter()
        .map(|g| h.app.workspace.data.groups[g.group as usize].id.to_string())
        .collect();
    assert!(groups.contains(&"r00tk1t".to_string()));
    assert!(!groups.contains(&"shinyhunters".to_string()), "{groups:?}");
}

#[test]
fn o_on_the_timeline_says_the_timeline_keeps_date_order() {
    let mut h = Harness::new(120, 40);
    h.press("3o");
    assert!(h.screen().contains("the timeline keeps date order"));
}

#[test]
fn o_cycles_the_sort_order_and_the_status_bar_names_it() {
    let mut h = Harness::new(120, 40);
    h.press("o");
    assert_eq!(h.app.search.sort, SortOrder::Date);
    assert_eq!(
        h.screen().matches("sorted by date").count(),
        1,
        "the order is named once"
    );
    h.press("o");
    assert_eq!(h.app.search.sort, SortOrder::Victim);
    let victims: Vec<String> = h
        .app
        .search
        .results
        .hits
        .iter()
        .map(|hit| {
            let incident = &h.app.workspace.data.incidents[hit.incident as usize];
            h.app
                .workspace
                .data
                .organisation(&incident.victims[0])
                .unwrap()
                .name
                .as_str()
                .to_lowercase()
        })
        .collect();
    assert!(victims.windows(2).all(|w| w[0] <= w[1]), "{victims:?}");
    h.press("o");
    assert_eq!(h.app.search.sort, SortOrder::Records);
    assert_eq!(
        result_ids(&h)[0],
        "yoututor-2024",
        "the only stated count comes first"
    );
    h.press("o");
    assert_eq!(h.app.search.sort, SortOrder::Relevance);
}

#[test]
fn the_timeline_runs_from_the_kaspersky_hack_to_2025_with_partial_dates_as_they_are() {
    let mut h = Harness::new(120, 40);
    h.press("3");
    assert_eq!(h.app.screen.view, View::Timeline);
    assert_eq!(h.app.screen.focus, Focus::Timeline);
    let rows = &h.app.panes.timeline.rows;
    assert_eq!(
        rows[0],
        TimelineRow::Year {
            year: 2009,
            until: Some(2010),
            count: 1
        },
        "an uncertain year is marked"
    );
    let first = h.app.timeline_incident().unwrap();
    assert_eq!(
        h.app.workspace.data.incidents[first as usize].id,
        "kaspersky-website-hack"
    );
    assert!(
        rows.contains(&TimelineRow::YearOnly { year: 2025 }),
        "year-only dates are not 1 January"
    );
    assert!(rows.contains(&TimelineRow::Month {
        year: 2025,
        month: 6
    }));
    let screen = h.screen();
    assert!(screen.contains("2009 to 2010  year uncertain"), "{screen}");
    assert!(screen.contains("2025, month not known"), "{screen}");
    let years: Vec<i32> = rows
        .iter()
        .filter_map(|r| match r {
            TimelineRow::Year { year, .. } => Some(*year),
            _ => None,
        })
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "{years:?}");
    assert_eq!(years.last(), Some(&2025));
}

#[test]
fn selecting_on_the_timeline_shows_the_detail_and_enter_opens_it() {
    let mut h = Harness::new(120, 40);
    h.press("3j");
    let selected = h.app.timeline_incident().unwrap();
    let incident = h.app.workspace.data.incidents[selected as usize].clone();
    assert!(
        h.screen().contains(&incident.title[..20]),
        "the detail shows the selection"
    );
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.selected_id(), Some(incident.id.to_string()));
    assert_eq!(h.app.screen.focus, Focus::Detail);
}

#[test]
fn snapshot_timeline() {
    common::snapshot_at_both_sizes!("timeline", "3jj");
}

#[test]
fn snapshot_filter_panel() {
    common::snapshot_at_both_sizes!("filter_panel", "fj<Space>");
}

/// With a large data set the panel's counts are made off the input path: the panel says
/// "counting…" and keeps its rows meanwhile, and an answer to an older question is dropped.
#[test]
fn large_data_counts_the_filters_off_the_input_path() {
    use incident_explorer::app::Action;
    let data = incident_explorer::generate::synthetic(60_000, 2);
    let mut h = Harness::with_data(data, 120, 40);
    h.app.update(Action::ShowFilters);
    let first = h.app.take_count_job().expect("a count to run elsewhere");
    assert!(h.screen().contains("counting…"));
    h.app.update(first.answer());
    let rows = h.app.layers.filter_panel().expect("the panel").rows.len();
    assert!(rows > 10, "the counts arrived: {rows} rows");
    assert!(!h.screen().contains("counting…"));
    // Two questions in a row: the first answer is no longer wanted.
    h.app.update(Action::Move(1));
    h.app.update(Action::ToggleFilter);
    let older = h.app.take_count_job().expect("a count");
    h.app.update(Action::ToggleFilter);
    let newer = h.app.take_count_job().expect("another");
    h.app.update(older.answer());
    assert!(
        h.app.layers.filter_panel().expect("the panel").counting,
        "an older answer is dropped"
    );
    h.app.update(newer.answer());
    assert!(!h.app.layers.filter_panel().expect("the panel").counting);
}

/// Every order on the whole list and on a filtered one agree: the filtered results are the
/// whole list's, in the same order, less those the filter leaves out; with a query too.
#[test]
fn each_order_of_a_filtered_list_is_the_whole_lists_order_filtered() {
    for query in ["", "/data<Esc>"] {
        for sorts in 1..4 {
            let mut h = Harness::new(120, 40);
            h.press(query);
            h.press(&"o".repeat(sorts));
            let whole = result_ids(&h);
            h.press("f");
            choose(&mut h, Facet::Stance, "claimed");
            h.press("<Esc>");
            let filtered = result_ids(&h);
            let expected: Vec<String> = whole
                .iter()
                .filter(|id| {
                    let incident = h.app.workspace.data.incident(id).unwrap();
                    incident
                        .claims
                        .iter()
                        .any(|c| c.stance.label() == "claimed")
                })
                .cloned()
                .collect();
            assert!(!filtered.is_empty() && filtered.len() < whole.len());
            assert_eq!(filtered, expected, "query {query:?}, order {sorts}");
        }
    }
}

/// Coming back to the relations screen and the timeline after the results changed shows
/// the new results, not the rows kept from the last visit.
#[test]
fn views_shown_again_follow_results_that_changed_meanwhile() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    let groups_before = h.app.panes.relations.groups.len();
    h.press("3");
    let timeline_before = h.app.panes.timeline.items.len();
    h.press("1f");
    choose(&mut h, Facet::Country, "Malaysia");
    h.press("<Esc>");
    let shown = h.app.search.results.hits.len();
    h.press("3");
    assert_eq!(h.app.panes.timeline.items.len(), shown);
    assert!(shown < timeline_before);
    h.press("2");
    assert!(h.app.panes.relations.groups.len() < groups_before);
    h.press("<BS>");
    assert_eq!(h.app.screen.view, View::Timeline);
    assert_eq!(h.app.panes.timeline.items.len(), shown);
    // Back past the filter, to the timeline as it was: every incident again.
    h.press("<BS><BS>");
    assert_eq!(h.app.screen.view, View::Timeline);
    assert!(h.app.search.filters.is_empty());
    assert_eq!(h.app.panes.timeline.items.len(), timeline_before);
    h.press("<BS>");
    assert_eq!(h.app.panes.relations.groups.len(), groups_before);
}
