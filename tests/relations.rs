//! The relations screen: groups against their targets, the matrix, the third-party pivot,
//! and the way between them and the incidents screen.

mod common;

use common::Harness;
use incident_explorer::app::{Focus, RelationsMode, View};
use incident_explorer::data::Stance;

fn selected_group(h: &Harness) -> Option<String> {
    h.app
        .selected_group_position()
        .map(|g| h.app.workspace.data.groups[g as usize].id.to_string())
}

fn select_group(h: &mut Harness, id: &str) {
    h.press("g");
    for _ in 0..h.app.panes.relations.groups.len() {
        if selected_group(h).as_deref() == Some(id) {
            return;
        }
        h.press("j");
    }
    panic!("group {id} not in the list");
}

#[test]
fn key_2_opens_the_groups_with_counts_by_stance() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    assert_eq!(h.app.screen.view, View::Relations);
    assert_eq!(h.app.screen.focus, Focus::Groups);
    let screen = h.screen();
    for name in ["R00TK1T", "ShinyHunters", "Scattered Spider"] {
        assert!(screen.contains(name), "{name} missing:\n{screen}");
    }
    assert!(screen.contains("1 ≠ disputed"), "{screen}");
    assert!(screen.contains(
        "stances: ◆ claimed  ◇ suspected  ■ attributed  ✔ confirmed  ✘ denied  ≠ disputed"
    ));
    let r00tk1t = h
        .app
        .panes
        .relations
        .groups
        .iter()
        .find(|g| h.app.workspace.data.groups[g.group as usize].id == "r00tk1t")
        .unwrap();
    assert_eq!(
        r00tk1t.counts[Stance::ALL
            .iter()
            .position(|&s| s == Stance::Claimed)
            .unwrap()],
        3
    );
}

#[test]
fn a_group_lists_its_targets_with_stance_who_and_source() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    select_group(&mut h, "scattered-spider");
    let screen = h.screen();
    assert!(
        screen.contains("Targets of Scattered Spider (3)"),
        "{screen}"
    );
    for target in ["Hawaiian Airlines", "Qantas", "WestJet"] {
        assert!(screen.contains(target), "{target} missing:\n{screen}");
    }
    assert!(screen.contains("◇ suspected"));
    assert!(screen.contains("Check Point"));
    assert!(screen.contains("The Register, 2025-08"));
}

#[test]
fn an_alias_typed_in_search_selects_its_group() {
    let mut h = Harness::new(120, 40);
    h.press("2/unc3944");
    assert_eq!(selected_group(&h).as_deref(), Some("scattered-spider"));
    assert!(h.app.panes.relations.groups[0].name_matched);
    h.press("<C-u>octo tempest");
    assert_eq!(selected_group(&h).as_deref(), Some("scattered-spider"));
}

#[test]
fn the_search_filters_groups_and_targets() {
    let mut h = Harness::new(120, 40);
    h.press("2/qantas<Enter>");
    assert_eq!(
        h.app.screen.focus,
        Focus::Groups,
        "Enter leaves the search line for the list"
    );
    let groups: Vec<String> = h
        .app
        .panes
        .relations
        .groups
        .iter()
        .map(|g| h.app.workspace.data.groups[g.group as usize].id.to_string())
        .collect();
    assert!(
        groups.contains(&"shinyhunters".to_string())
            && groups.contains(&"scattered-spider".to_string()),
        "{groups:?}"
    );
    assert!(!groups.contains(&"r00tk1t".to_string()), "{groups:?}");
}

#[test]
fn enter_on_a_target_opens_its_incident_and_esc_comes_back() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    select_group(&mut h, "r00tk1t");
    h.press("<Enter>");
    assert_eq!(h.app.screen.focus, Focus::Targets);
    let target = h.app.relations_selected_incident().expect("a target");
    let id = h.app.workspace.data.incidents[target as usize]
        .id
        .to_string();
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.app.screen.focus, Focus::Detail);
    assert_eq!(h.selected_id(), Some(id));
    h.press("<Esc>");
    assert_eq!(h.app.screen.focus, Focus::List);
    h.press("2");
    assert_eq!(h.app.screen.view, View::Relations);
    assert_eq!(
        selected_group(&h).as_deref(),
        Some("r00tk1t"),
        "the relations view keeps its place"
    );
    h.press("<Esc>");
    assert_eq!(h.app.screen.view, View::Incidents);
}

#[test]
fn enter_in_the_matrix_opens_the_rows_incident() {
    let mut h = Harness::new(120, 40);
    h.press("2/hawaiian<Enter>m");
    assert_eq!(h.app.screen.focus, Focus::Matrix);
    h.press("<Enter>");
    assert_eq!(h.selected_id().as_deref(), Some("hawaiian-airlines-2025"));
    assert_eq!(h.app.screen.view, View::Incidents);
}

#[test]
fn r_jumps_from_an_incident_to_its_group() {
    let mut h = Harness::new(120, 40);
    h.press("/maxis<Esc>");
    assert_eq!(h.selected_id().as_deref(), Some("maxis-2024"));
    h.press("r");
    assert_eq!(h.app.screen.view, View::Relations);
    assert_eq!(h.app.screen.focus, Focus::Targets);
    assert_eq!(selected_group(&h).as_deref(), Some("r00tk1t"));
    let target = h.app.relations_selected_incident().unwrap();
    assert_eq!(
        h.app.workspace.data.incidents[target as usize].id,
        "maxis-2024"
    );
    // An incident no group is linked to says so instead.
    let mut h = Harness::new(120, 40);
    h.press("/kaspersky website<Esc>r");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert!(h.screen().contains("No group is linked to this incident."));
}

#[test]
fn the_matrix_shows_qantas_with_two_suspects() {
    let mut h = Harness::new(120, 40);
    h.press("2m");
    assert_eq!(h.app.panes.relations.mode, RelationsMode::Matrix);
    let screen = h.screen();
    let qantas = screen
        .lines()
        .find(|l| l.contains("Qantas"))
        .expect("a Qantas row");
    assert_eq!(qantas.matches("◇ suspected").count(), 2, "{qantas}");
    let maxis = screen
        .lines()
        .find(|l| l.contains("Maxis"))
        .expect("a Maxis row");
    assert!(maxis.contains("◆≠ 2 claims"), "{maxis}");
    h.press("m");
    assert_eq!(h.app.panes.relations.mode, RelationsMode::Groups);
}

#[test]
fn matrix_columns_move_with_h_and_l() {
    let mut h = Harness::new(80, 24);
    h.press("2m");
    let first = selected_group(&h);
    h.press("l");
    assert_ne!(selected_group(&h), first);
    h.press("h");
    assert_eq!(selected_group(&h), first);
    h.press("hhhh");
    assert_eq!(
        h.app.panes.relations.selected_group, 0,
        "stays on the first column"
    );
}

#[test]
fn the_pivot_groups_targets_by_third_party() {
    let mut h = Harness::new(120, 40);
    h.press("2t");
    assert_eq!(h.app.panes.relations.mode, RelationsMode::ThirdParties);
    let screen = h.screen();
    for third_party in [
        "GoQuo",
        "Salesforce",
        "Snowflake",
        "External customer-service platform",
        "Website administration application",
        "Maxis' third-party vendor",
    ] {
        assert!(
            screen.contains(third_party),
            "{third_party} missing:\n{screen}"
        );
    }
    assert!(
        screen.contains("✔ confirmed Two former GoQuo employees"),
        "{screen}"
    );
    h.press("j");
    let pivot = &h.app.panes.relations;
    assert_eq!(pivot.selected_pivot, 1);
    let (first, second) = (pivot.pivot[0].incident, pivot.pivot[1].incident);
    assert_ne!(first, second, "the first two rows are different incidents");
    let wanted = h.app.workspace.data.incidents[second as usize]
        .id
        .to_string();
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.app.screen.focus, Focus::Detail);
    assert_eq!(
        h.selected_id(),
        Some(wanted.clone()),
        "Enter opens the selected row's incident"
    );
    let detail = h.screen();
    let title = &h.app.workspace.data.incident(&wanted).unwrap().title;
    assert!(
        detail.contains(title.as_str()),
        "{title} not shown:\n{detail}"
    );
}

#[test]
fn enter_on_a_lower_matrix_row_opens_that_rows_incident() {
    let mut h = Harness::new(120, 40);
    h.press("2mjj");
    let rows = h.app.panes.relations.matrix_rows.clone();
    assert!(rows.len() > 3, "{rows:?}");
    assert_eq!(h.app.panes.relations.selected_row, 2);
    let wanted = h.app.workspace.data.incidents[rows[2] as usize]
        .id
        .to_string();
    h.press("<Enter>");
    assert_eq!(h.app.screen.view, View::Incidents);
    assert_eq!(h.selected_id(), Some(wanted));
}

#[test]
fn names_come_whole_before_kinds_and_long_ones_end_in_an_ellipsis() {
    // At 80x24 the headline groups are named in full, in the list and the matrix header.
    let mut h = Harness::new(80, 24);
    h.press("2");
    let screen = h.screen();
    for name in [
        "ShinyHunters",
        "R00TK1T",
        "Scattered Spider",
        "Two former GoQuo employees",
    ] {
        assert!(
            screen.contains(name),
            "{name} whole in the group list:\n{screen}"
        );
    }
    h.press("m");
    let header = h
        .screen()
        .lines()
        .find(|l| l.contains("Target"))
        .unwrap_or_default()
        .to_string();
    for name in ["ShinyHunters", "R00TK1T", "Scattered Spider"] {
        assert!(
            header.contains(name),
            "{name} whole in the matrix header: {header}"
        );
    }
    // A name too long for any pane is cut, and says so.
    let mut data = common::bundled();
    data.groups[0].name =
        "A group whose name is far too long for any pane on an 80-column screen".into();
    let mut h = Harness::with_data(data, 80, 24);
    h.press("2");
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("A group whose"))
        .expect("the long name's row");
    assert!(line.contains('…'), "cut with an ellipsis: {line}");
}

#[test]
fn snapshot_groups_and_targets() {
    common::snapshot_at_both_sizes!("relations_groups", "2jl");
}

#[test]
fn snapshot_matrix() {
    common::snapshot_at_both_sizes!("relations_matrix", "2mjjj");
}

#[test]
fn snapshot_third_parties() {
    common::snapshot_at_both_sizes!("relations_third_parties", "2t");
}
