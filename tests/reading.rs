//! Reading at any size: names whole before secondary text, the detail's sections, scroll
//! position and zoom, and group profiles.

mod common;

use common::Harness;
use incident_explorer::app::{Focus, Layer, Mode, View};

/// The sizes the screens are read at: the smallest, a terminal, a projector, wide ones.
const SIZES: [(u16, u16); 6] = [
    (60, 15),
    (80, 24),
    (90, 26),
    (120, 40),
    (200, 60),
    (300, 100),
];

#[test]
fn the_headline_groups_are_named_whole_at_every_size() {
    for (width, height) in SIZES {
        let mut h = Harness::new(width, height);
        h.press("2");
        // Each group in turn, brought into view by selecting it.
        let mut seen = String::new();
        for _ in 0..h.app.panes.relations.groups.len() {
            seen.push_str(&h.screen());
            h.press("j");
        }
        h.press("g");
        for name in ["ShinyHunters", "R00TK1T", "Scattered Spider"] {
            assert!(
                seen.contains(name),
                "{name} whole on the relations screen at {width}x{height}:\n{seen}"
            );
        }
        if width >= 80 {
            h.press("m");
            let screen = h.screen();
            let header = screen
                .lines()
                .find(|l| l.contains("Target"))
                .unwrap_or_default();
            for name in ["ShinyHunters", "R00TK1T", "Scattered Spider"] {
                assert!(
                    header.contains(name),
                    "{name} whole in the matrix header at {width}x{height}: {header}"
                );
            }
        }
    }
}

#[test]
fn every_claim_shows_wherever_an_incident_shows_its_groups() {
    for (width, height) in [(80, 24), (90, 26), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.press("/qantas<Enter>");
        let list = h.screen();
        assert!(
            list.contains("ShinyHunters, Scattered Spider"),
            "the list names both suspects at {width}x{height}:\n{list}"
        );
        h.press("3");
        let timeline = h.screen();
        // Both by name where there is room; else the first and how many more, beside a
        // bullet in each group's colour.
        let both = if width >= 120 {
            "Qantas · ShinyHunters, Scattered Spider"
        } else {
            "Qantas · ShinyHunters +1"
        };
        assert!(
            timeline.contains(both) && timeline.contains("●●"),
            "the timeline shows both suspects at {width}x{height}:\n{timeline}"
        );
        h.press("2m");
        let matrix = h.screen();
        let row = matrix
            .lines()
            .find(|l| l.contains("Qantas"))
            .unwrap_or_default();
        assert_eq!(
            row.matches("◇ suspected").count(),
            2,
            "the matrix has both cells at {width}x{height}:\n{matrix}"
        );
    }
}

#[test]
fn the_pivot_says_who_disputes_and_counts_count_targets() {
    let mut h = Harness::new(120, 40);
    h.press("2");
    let screen = h.screen();
    let rootkit = screen
        .lines()
        .find(|l| l.contains("Targets of R00TK1T"))
        .unwrap_or_default();
    assert!(
        !rootkit.contains("R00TK1T (4)"),
        "Maxis' claim and dispute are one target: {rootkit}"
    );
    h.press("/maxis<Enter>t");
    let screen = h.screen();
    assert!(screen.contains("≠ Maxis disputes R00TK1T"), "{screen}");
}

#[test]
fn the_detail_shows_its_position_jumps_between_sections_and_zooms() {
    let mut h = Harness::new(80, 24);
    h.press("/lion<Enter><Enter>");
    let screen = h.screen();
    assert!(
        screen.contains("/") && screen.lines().any(|l| l.contains("┘") && l.contains('/')),
        "a position such as 12/84 on the detail's border:\n{screen}"
    );
    h.press("]");
    let top = h.screen();
    let first_row = top
        .lines()
        .nth(5)
        .unwrap_or_default()
        .split('│')
        .nth(3)
        .unwrap_or_default()
        .trim_end_matches(['║', '█'])
        .trim()
        .to_string();
    assert_eq!(
        first_row, "Attribution",
        "] brings the first section to the top"
    );
    h.press("]]");
    assert!(h.app.panes.detail.scroll > 0);
    h.press("[[[[");
    assert_eq!(h.app.panes.detail.scroll, 0, "[ goes back up to the top");
    h.press("z");
    assert!(h.app.panes.detail.zoomed);
    let zoomed = h.screen();
    assert!(
        !zoomed.contains("Incidents 1 of"),
        "the list gives its room to the detail:\n{zoomed}"
    );
    assert!(zoomed.contains("Detail (z: back to the list)"));
    h.press("<Esc>");
    assert!(!h.app.panes.detail.zoomed, "Esc leaves the zoom first");
    assert_eq!(h.app.screen.focus, Focus::Detail);
    h.press("z<Tab>");
    assert!(
        !h.app.panes.detail.zoomed,
        "leaving the detail leaves the zoom"
    );
}

#[test]
fn the_detail_wraps_bullets_under_their_text() {
    let mut h = Harness::new(80, 24);
    h.press("/air france<Enter><Enter>z");
    h.press("]]]]");
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let bullet = lines
        .iter()
        .position(|l| l.contains("• Unauthorised access"))
        .expect("a bulleted fact");
    let next = lines[bullet + 1];
    let text_column = lines[bullet].find("Unauthorised").expect("the text");
    assert_eq!(
        next.chars().position(|c| c != '│' && c != ' '),
        Some(lines[bullet][..text_column].chars().count()),
        "the second row starts under the text, not the bullet:\n{}\n{next}",
        lines[bullet]
    );
}

#[test]
fn i_shows_a_groups_profile_with_every_alias_and_who_coined_it() {
    let mut h = Harness::new(100, 30);
    h.press("2");
    // Scattered Spider in the group list.
    while h
        .app
        .selected_group_position()
        .map(|g| h.app.workspace.data.groups[g as usize].id.to_string())
        .as_deref()
        != Some("scattered-spider")
    {
        h.press("j");
    }
    h.press("i");
    assert_eq!(h.app.mode(), Mode::Profile);
    let screen = h.screen();
    for text in [
        "Scattered Spider",
        "Kind:   criminal",
        "UNC3944, coined by Mandiant",
        "Also known as",
    ] {
        assert!(screen.contains(text), "{text:?} in the profile:\n{screen}");
    }
    h.press("G");
    let end = h.screen();
    assert!(
        end.contains("3 targets in 3 claims") || end.contains("Sources"),
        "{end}"
    );
    // Enter: its targets on the relations screen.
    h.press("<Enter>");
    assert!(h.app.layers.is_empty());
    assert_eq!(h.app.screen.view, View::Relations);
}

#[test]
fn i_on_an_incident_with_two_suspects_shows_both_profiles_in_turn() {
    let mut h = Harness::new(100, 30);
    h.press("/qantas<Enter>i");
    let profile = |h: &Harness| {
        h.app.layers.iter().find_map(|l| match l {
            Layer::Profile(p) => p.group(),
            _ => None,
        })
    };
    let first = profile(&h).expect("a profile");
    assert!(h.screen().contains("1/2 · Tab: next group"));
    h.press("<Tab>");
    let second = profile(&h).expect("a profile");
    assert_ne!(first, second, "Tab shows the other suspect");
    h.press("q");
    assert!(h.app.layers.is_empty(), "q closes the profile");
    assert!(!h.app.should_quit());
    // An incident no group is linked to says so.
    h.press("/<C-u>kaspersky<Enter>i");
    assert!(h.app.layers.is_empty());
    assert!(h.screen().contains("No group is linked to this incident"));
}

/// Megabytes of text in one field show cut to the screen everywhere the field appears,
/// and the detail says how much more the file holds: each view lays out what shows, not
/// the whole field (`cargo bench --bench views` with `BENCH_SIZES=long` times it at 50 MB).
#[test]
fn megabytes_of_text_show_cut_with_a_note_of_what_is_left() {
    let mut data = common::bundled();
    let incident = data
        .incidents
        .iter_mut()
        .find(|i| !i.claims.is_empty())
        .expect("an incident with a claim");
    incident.title = "Endless title ".repeat(400_000).into();
    incident.summary = "An endless summary. ".repeat(250_000).into();
    let victim = incident.victims[0].clone();
    let organisation = data
        .organisations
        .iter_mut()
        .find(|o| o.id == victim)
        .expect("the victim");
    organisation.name = "Longname ".repeat(120_000).into();
    data.reindex();
    let mut h = Harness::with_data(data, 80, 24);
    h.press("/endless<Enter>");
    let list = h.screen();
    let row = list
        .lines()
        .find(|l| l.contains("Endless title"))
        .unwrap_or_else(|| panic!("the title shows:\n{list}"));
    assert!(row.contains("…│"), "cut at the list's edge: {row}");
    // The detail shows the start of each long text and then says how much is left.
    h.press("<Enter>");
    let mut pages = String::new();
    for _ in 0..200 {
        pages.push_str(&h.screen());
        h.press("<PageDown>");
    }
    assert!(
        pages.matches("more in the file]").count() >= 2,
        "the title and the summary each end in a note"
    );
    assert!(pages.contains("Longname Longname"), "the victim is named");
    for view in ["3", "2"] {
        h.press(view);
        let screen = h.screen();
        assert!(
            screen.contains("Longname Longname"),
            "the victim's name shows, cut, on {view}:\n{screen}"
        );
    }
}
