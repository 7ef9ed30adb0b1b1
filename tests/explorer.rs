//! The incidents screen, driven by keys as a person would: search, move, open, help, quit.

mod common;

use common::{Harness, bundled};
use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use incident_explorer::app::{Focus, Mode};
use ratatui::style::Modifier;

fn results(h: &Harness) -> Vec<String> {
    h.app
        .search
        .results
        .hits
        .iter()
        .map(|hit| h.app.workspace.index.incident(hit.incident).id.to_string())
        .collect()
}

#[test]
fn opens_on_every_incident_newest_first() {
    let h = Harness::new(120, 40);
    let data = bundled();
    assert_eq!(h.app.search.results.hits.len(), data.incidents.len());
    let dates: Vec<_> = h
        .app
        .search
        .results
        .hits
        .iter()
        .map(|hit| h.app.workspace.index.incident(hit.incident).date)
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(
        results(&h).last().map(String::as_str),
        Some("kaspersky-website-hack"),
        "the oldest is last"
    );
    assert!(h.screen().contains(&format!(
        "{} of {}",
        data.incidents.len(),
        data.incidents.len()
    )));
}

#[test]
fn typing_an_alias_finds_the_groups_incidents_and_says_which_alias() {
    let mut h = Harness::new(120, 40);
    h.press("/octo tempest");
    assert!(h.app.search_line_has_keys());
    assert_eq!(h.app.query(), "octo tempest");
    let found = results(&h);
    for id in ["hawaiian-airlines-2025", "qantas-2025", "westjet-2025"] {
        assert!(
            found.contains(&id.to_string()),
            "{id} missing from {found:?}"
        );
    }
    assert!(
        !found.contains(&"maxis-2024".to_string()),
        "R00TK1T's incidents do not match"
    );
    let screen = h.screen();
    assert!(screen.contains("via alias: Octo Tempest"), "{screen}");
    assert!(
        screen.contains(&format!("{} of 15", found.len())),
        "{screen}"
    );
}

#[test]
fn matched_characters_are_highlighted_in_the_list() {
    let mut h = Harness::new(120, 40);
    h.press("/octo tempest");
    let buffer = h.buffer();
    let screen = common::buffer_text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("via alias: Octo Tempest"))
        .expect("a via row");
    let line: Vec<char> = screen.lines().nth(row).unwrap().chars().collect();
    let start = line.iter().collect::<String>().find("Octo").unwrap();
    let column = line[..start].len() as u16;
    let cell = &buffer[(column, row as u16)];
    assert!(
        cell.modifier.contains(Modifier::UNDERLINED),
        "'O' of Octo is highlighted: {cell:?}"
    );
    let via = line.iter().collect::<String>().find("via").unwrap();
    let plain = &buffer[(via as u16, row as u16)];
    assert!(
        !plain.modifier.contains(Modifier::UNDERLINED),
        "'via' is not highlighted"
    );
}

#[test]
fn a_hit_in_a_name_ranks_above_a_hit_in_a_tag() {
    let mut h = Harness::new(120, 40);
    // "Salesforce" is a third party's name in one incident and a tag or text elsewhere.
    h.press("/salesforce");
    let found = results(&h);
    assert_eq!(
        found.first().map(String::as_str),
        Some("google-salesforce-2025"),
        "{found:?}"
    );
    let first = h.app.search.results.hits[0];
    assert!(first.via.is_none(), "the title itself matched: {first:?}");
}

/// One made-up word planted in four incidents, each in a field of its own: a title, a
/// victim's name, a tag and the summary. The names come first, then the tag, then the text,
/// whatever their dates (the tag is on the newest incident, which wins ties).
#[test]
fn name_hits_outrank_a_tag_hit_which_outranks_a_text_hit() {
    use incident_explorer::search::FieldKind;
    const WORD: &str = "Quetzalwing";
    let mut data = bundled();
    let newest_first: Vec<String> = {
        let h = Harness::with_data(data.clone(), 120, 40);
        results(&h)
    };
    // A victim named by one incident only, so the name reaches just that one.
    let lone_victim = |data: &incident_explorer::data::Dataset, id: &str| {
        let incident = data.incident(id)?;
        let victim = incident.victims.first()?;
        let users = data
            .incidents
            .iter()
            .filter(|i| {
                i.victims.contains(victim)
                    || i.third_parties.iter().any(|t| t.organisation == *victim)
            })
            .count();
        (users == 1).then(|| victim.clone())
    };
    let victim_incident = newest_first
        .iter()
        .rev()
        .find(|id| lone_victim(&data, id).is_some())
        .expect("an incident with a victim of its own")
        .clone();
    let victim = lone_victim(&data, &victim_incident).unwrap();
    let others: Vec<&String> = newest_first
        .iter()
        .filter(|id| **id != victim_incident)
        .collect();
    // The tag on the newest, the text on the next, the title on an old one.
    let (tagged, texted, titled) = (
        others[0].clone(),
        others[1].clone(),
        others[others.len() - 1].clone(),
    );
    let position = |data: &incident_explorer::data::Dataset, id: &str| {
        data.incidents.iter().position(|i| i.id == id).unwrap()
    };
    let org = data
        .organisations
        .iter_mut()
        .find(|o| o.id == victim)
        .expect("the victim's organisation");
    org.name = format!("{WORD} Holdings").into();
    let at = position(&data, &tagged);
    data.incidents[at].tags.push(WORD.to_lowercase().into());
    let at = position(&data, &texted);
    data.incidents[at].summary =
        format!("{} Also seen: {WORD}.", data.incidents[at].summary).into();
    let at = position(&data, &titled);
    data.incidents[at].title = format!("{WORD} breach").into();

    let mut h = Harness::with_data(data, 120, 40);
    h.press(&format!("/{}", WORD.to_lowercase()));
    let found = results(&h);
    assert_eq!(found.len(), 4, "{found:?}");
    let mut names = found[..2].to_vec();
    names.sort();
    let mut expected = vec![titled.clone(), victim_incident.clone()];
    expected.sort();
    assert_eq!(names, expected, "the name hits come first: {found:?}");
    assert_eq!(found[2], tagged, "then the tag: {found:?}");
    assert_eq!(found[3], texted, "then the text: {found:?}");
    let via: Vec<Option<FieldKind>> = h
        .app
        .search
        .results
        .hits
        .iter()
        .map(|hit| hit.via.map(|v| v.kind))
        .collect();
    assert_eq!(&via[2..], &[Some(FieldKind::Tag), Some(FieldKind::Text)]);
    assert!(
        via[..2].contains(&None) && via[..2].contains(&Some(FieldKind::Victim)),
        "{via:?}"
    );
    // The list says why each one is there.
    let screen = h.screen();
    assert!(screen.contains("via tag"), "{screen}");
    assert!(screen.contains("via victim"), "{screen}");
}

#[test]
fn search_ignores_accents_and_case() {
    let mut data = bundled();
    data.organisations[0].name = "Société Générale".into();
    let victim = data.organisations[0].id.clone();
    let mut h = Harness::with_data(data, 120, 40);
    h.press("/SOCIETE");
    let found = h.app.selected_incident().expect("a result");
    assert!(
        found.victims.contains(&victim),
        "{} does not have the victim",
        found.id
    );
    assert!(h.screen().contains("Société Générale"));
}

#[test]
fn several_words_must_all_match() {
    let mut h = Harness::new(120, 40);
    h.press("/qantas spider");
    let found = results(&h);
    assert_eq!(
        found.first().map(String::as_str),
        Some("qantas-2025"),
        "{found:?}"
    );
    // WestJet's story mentions Qantas in its text: found, but below and said so.
    for hit in &h.app.search.results.hits[1..] {
        assert!(hit.via.is_some(), "{hit:?}");
    }
    h.press("<C-u>qantas r00tk1t");
    assert!(results(&h).is_empty());
    assert!(h.screen().contains("No incident matches."));
}

#[test]
fn long_text_is_searched_below_precise_hits() {
    let mut h = Harness::new(120, 40);
    // "passport" appears only in the Air France-KLM facts (data not exposed).
    h.press("/passport");
    let found = results(&h);
    assert_eq!(
        found.first().map(String::as_str),
        Some("air-france-klm-2025"),
        "{found:?}"
    );
}

#[test]
fn moving_and_jumping_keep_the_selection_in_the_results() {
    let mut h = Harness::new(80, 24);
    let count = h.app.search.results.hits.len();
    h.press("jjj");
    assert_eq!(h.app.panes.list.selected, 3);
    h.press("k<Down><Up><Up>");
    assert_eq!(h.app.panes.list.selected, 1);
    h.press("G");
    assert_eq!(h.app.panes.list.selected, count - 1);
    h.press("j");
    assert_eq!(
        h.app.panes.list.selected,
        count - 1,
        "does not run past the end"
    );
    h.press("g");
    assert_eq!(h.app.panes.list.selected, 0);
    h.press("<End>");
    assert_eq!(h.app.panes.list.selected, count - 1);
    h.press("<Home><PageDown>");
    assert_eq!(h.app.panes.list.selected, h.app.list_rows());
    h.press("<PageUp><PageUp>");
    assert_eq!(h.app.panes.list.selected, 0);
}

/// Moving down the whole list and back up, the selected row is drawn as selected inside the
/// list pane (not merely named by the detail pane beside it), and the list scrolls so it is.
#[test]
fn the_selected_row_stays_on_screen() {
    for (width, height) in [(80, 24), (90, 26), (140, 30)] {
        let mut h = Harness::new(width, height);
        let count = h.app.search.results.hits.len();
        let rows = h.app.list_rows();
        assert!(
            rows < count,
            "{width}x{height}: the list must need scrolling"
        );
        let keys = std::iter::repeat_n("j", count)
            .chain(std::iter::repeat_n("k", count))
            .chain(["G", "g", "<PageDown>", "<End>", "<PageUp>"]);
        for key in keys {
            h.press(key);
            let list = h.app.incidents_layout().list;
            let selected = common::selected_text_in(&h.buffer(), list);
            let title = &h.app.selected_incident().expect("a selection").title;
            let prefix: String = title.chars().take(12).collect();
            assert!(
                selected.contains(&prefix),
                "{width}x{height} after {key}: {prefix:?} is not the selected row of the list \
                 (selected cells: {selected:?})\n{}",
                h.screen()
            );
            let list = h.app.panes.list;
            assert!(
                list.offset <= list.selected && list.selected < list.offset + rows,
                "{width}x{height} after {key}: {list:?} with {rows} rows"
            );
        }
    }
}

/// The detail scrolled down on one incident; a search selects another: it is shown from its
/// top, not scrolled to where the last one was.
#[test]
fn a_search_that_changes_the_selection_shows_the_new_incident_from_its_top() {
    let mut h = Harness::new(80, 24);
    h.press("<Enter>jjjjjjjjjj");
    assert!(
        h.app.panes.detail.scroll >= 10,
        "{}",
        h.app.panes.detail.scroll
    );
    let before = h.selected_id();
    h.press("/maxis");
    assert_ne!(h.selected_id(), before);
    assert_eq!(
        h.app.panes.detail.scroll, 0,
        "the new incident starts at its top"
    );
    assert!(
        h.screen().contains("Maxis: breach claimed"),
        "{}",
        h.screen()
    );
}

#[test]
fn enter_opens_the_detail_and_tab_and_esc_come_back() {
    let mut h = Harness::new(120, 40);
    h.press("<Enter>");
    assert_eq!(h.app.screen.focus, Focus::Detail);
    h.press("jj");
    assert_eq!(h.app.panes.detail.scroll, 2, "j scrolls the detail");
    h.press("<Tab>");
    assert_eq!(h.app.screen.focus, Focus::List);
    h.press("<Tab>");
    assert_eq!(h.app.screen.focus, Focus::Detail);
    h.press("<Esc>");
    assert_eq!(h.app.screen.focus, Focus::List);
}

#[test]
fn the_detail_shows_claims_with_stance_who_and_source() {
    let mut h = Harness::new(120, 60);
    h.press("/maxis<Enter>");
    assert_eq!(h.selected_id().as_deref(), Some("maxis-2024"));
    let screen = h.screen();
    assert!(screen.contains("claimed"), "{screen}");
    assert!(screen.contains("disputed"), "{screen}");
    assert!(screen.contains("(by R00TK1T"), "{screen}");
    assert!(screen.contains("[1]"), "sources are cited: {screen}");
}

#[test]
fn the_detail_scrolls_to_its_end_and_no_further() {
    let mut h = Harness::new(80, 24);
    h.press("/lion<Enter><Enter>");
    assert_eq!(h.selected_id().as_deref(), Some("lion-group-leak-2019"));
    h.press("G");
    let bottom = h.app.panes.detail.scroll;
    assert!(bottom > 0, "the Lion Group detail is longer than the pane");
    h.press("j<PageDown>");
    assert_eq!(h.app.panes.detail.scroll, bottom);
    assert!(h.screen().contains("Sources") || h.screen().contains("Tags"));
    h.press("g");
    assert_eq!(h.app.panes.detail.scroll, 0);
}

#[test]
fn esc_leaves_search_then_clears_it() {
    let mut h = Harness::new(80, 24);
    h.press("/qantas");
    assert!(h.app.search.results.hits.len() < 15);
    h.press("<Esc>");
    assert_eq!(h.app.screen.focus, Focus::List);
    assert_eq!(h.app.query(), "qantas", "leaving keeps the query");
    h.press("<Esc>");
    assert_eq!(h.app.query(), "");
    assert_eq!(h.app.search.results.hits.len(), 15);
}

#[test]
fn backspace_and_word_delete_edit_the_query() {
    let mut h = Harness::new(80, 24);
    h.press("/octo tempesx<BS>t");
    assert_eq!(h.app.query(), "octo tempest");
    h.press("<C-w>");
    assert_eq!(h.app.query(), "octo ");
    h.press("<C-u>");
    assert_eq!(h.app.query(), "");
}

#[test]
fn letters_typed_in_search_are_not_commands() {
    let mut h = Harness::new(80, 24);
    h.press("/qj?1");
    assert!(!h.app.should_quit());
    assert!(!h.help_open());
    assert_eq!(h.app.query(), "qj?1");
}

#[test]
fn question_mark_shows_every_key_from_the_keymap() {
    let mut h = Harness::new(120, 40);
    h.press("?");
    assert_eq!(h.app.mode(), Mode::Help);
    // Read the whole overlay, scrolling as a person would.
    let mut seen = h.screen();
    loop {
        let before = h.help_scroll();
        h.press("j");
        seen.push_str(&h.screen());
        if h.help_scroll() == before {
            break;
        }
    }
    for mode in Mode::ALL {
        for binding in incident_explorer::app::keymap::bindings(mode) {
            assert!(
                seen.contains(binding.description),
                "help lacks {:?} in {}",
                binding.description,
                h.screen()
            );
        }
    }
    h.press("<Esc>");
    assert!(!h.help_open());
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut h = Harness::new(80, 24);
    h.press("q");
    assert!(h.app.should_quit());
    let mut h = Harness::new(80, 24);
    h.press("/abc<C-c>");
    assert!(h.app.should_quit());
}

#[test]
fn a_small_terminal_says_what_it_needs() {
    let mut h = Harness::new(80, 24);
    h.resize(40, 10);
    let screen = h.screen();
    assert!(screen.contains("Terminal too small"), "{screen}");
    assert!(screen.contains("40×10, needs 60×15"), "{screen}");
    h.resize(80, 24);
    assert!(h.screen().contains("Search"));
}

#[test]
fn the_mouse_wheel_scrolls_and_a_click_selects() {
    let mut h = Harness::new(120, 40);
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The list starts at row 5 (the tab bar, the search box of 3 rows, then the list
    // border); two rows a result.
    h.event(mouse(MouseEventKind::Down(MouseButton::Left), 5, 5 + 2 * 2));
    assert_eq!(h.app.panes.list.selected, 2);
    h.event(mouse(MouseEventKind::ScrollDown, 5, 11));
    assert_eq!(h.app.panes.list.selected, 3);
    h.event(mouse(MouseEventKind::ScrollDown, 100, 11));
    assert!(
        h.app.panes.detail.scroll > 0,
        "the wheel over the detail scrolls it"
    );
}

#[test]
fn no_key_panics_at_any_size() {
    for (width, height) in [(1, 1), (20, 5), (59, 14), (60, 15), (80, 24), (300, 100)] {
        let mut h = Harness::new(width, height);
        h.press("jjkG g<PageDown><PageUp><Tab>jjG<Tab>?<Esc>/zz<BS><BS>octo<Enter><Enter>G<Esc><Esc><End><Home>");
        let _ = h.screen();
    }
}

#[test]
fn via_names_the_field_that_carried_the_most_words() {
    let mut data = bundled();
    let group = data
        .groups
        .iter_mut()
        .find(|g| g.id == "scattered-spider")
        .unwrap();
    for name in ["Storm 0001", "Storm 4321"] {
        group.aliases.push(incident_explorer::data::Alias {
            name: name.into(),
            ..Default::default()
        });
    }
    let mut h = Harness::with_data(data, 120, 40);
    h.press("/storm 4321");
    assert!(
        h.screen().contains("via alias: Storm 4321"),
        "{}",
        h.screen()
    );
}

#[test]
fn an_empty_data_set_says_so_and_offers_no_search_to_clear() {
    let h = Harness::with_data(incident_explorer::data::Dataset::default(), 80, 24);
    let screen = h.screen();
    assert!(
        screen.contains("This data file has no incidents."),
        "{screen}"
    );
    assert!(!screen.contains("clears the search"), "{screen}");
}
