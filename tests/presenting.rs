//! Presenting: tours, themes, SVG export and copying an incident.

mod common;

use base64::Engine;
use common::Harness;
use incident_explorer::app::{Effect, Mode, View};
use incident_explorer::screenshot::{ScreenSpec, ScreenView, render};
use incident_explorer::theme::ThemeName;
use incident_explorer::ui::svg::buffer_to_svg;
use ratatui::style::{Color, Modifier};

fn tour_step(h: &Harness) -> Option<usize> {
    h.app.layers.tour().map(|t| t.step)
}

#[test]
fn a_tour_steps_forward_and_back_within_its_bounds() {
    let mut h = Harness::new(120, 40);
    h.start_tour("third-parties").expect("the tour exists");
    assert_eq!(h.app.mode(), Mode::Tour);
    assert_eq!(tour_step(&h), Some(0));
    assert_eq!(
        h.selected_id().as_deref(),
        Some("lion-group-leak-2019"),
        "step 1 selects the Lion Group leak"
    );
    let steps = h
        .app
        .workspace
        .data
        .tours
        .iter()
        .find(|t| t.id == "third-parties")
        .unwrap()
        .steps
        .len();
    assert!(h.screen().contains(&format!("1/{steps}")));
    h.press("<Left>p");
    assert_eq!(tour_step(&h), Some(0), "no step before the first");
    h.press("n<Space><Right>");
    assert_eq!(tour_step(&h), Some(3));
    h.press("p");
    assert_eq!(tour_step(&h), Some(2));
    for _ in 2..steps - 1 {
        h.press("n");
    }
    assert_eq!(tour_step(&h), Some(steps - 1));
    let last = h.screen();
    assert!(last.contains(&format!("{steps}/{steps}")), "{last}");
    assert!(last.contains("last step"), "the last step says so: {last}");
    h.press("<Space>");
    assert_eq!(
        h.app.layers.tour(),
        None,
        "Space on the last step ends the tour"
    );
    assert!(
        h.screen().contains("End of the tour"),
        "with a closing line"
    );
    h.start_tour("third-parties").expect("the tour exists");
    h.press("<Esc>");
    assert_eq!(h.app.layers.tour(), None, "Esc leaves the tour");
    assert_ne!(h.app.mode(), Mode::Tour);
    h.press("j");
    assert!(!h.app.should_quit(), "free browsing again");
}

#[test]
fn each_step_shows_its_view_selection_and_caption() {
    let mut h = Harness::new(120, 40);
    h.press("T");
    assert_eq!(h.app.mode(), Mode::Tours);
    assert!(h.screen().contains("Claims versus facts"));
    let position = h
        .app
        .workspace
        .data
        .tours
        .iter()
        .position(|t| t.id == "claims-vs-facts")
        .unwrap();
    h.press(&"j".repeat(position));
    h.press("<Enter>");
    let tour = h.app.workspace.data.tours[position].clone();
    for (number, step) in tour.steps.iter().enumerate() {
        assert_eq!(tour_step(&h), Some(number));
        let expected_view = match step.view {
            incident_explorer::data::ViewName::Relations => View::Relations,
            incident_explorer::data::ViewName::Timeline => View::Timeline,
            incident_explorer::data::ViewName::Incidents => View::Incidents,
        };
        assert_eq!(h.app.screen.view, expected_view, "step {}", number + 1);
        let screen = h.screen().split_whitespace().collect::<Vec<_>>().join(" ");
        let start: String = step
            .caption
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            screen.contains(&start),
            "step {} caption {start:?} not on screen",
            number + 1
        );
        if let Some(select) = &step.select {
            let selected_incident = match h.app.screen.view {
                View::Incidents => h.selected_id(),
                View::Timeline => h
                    .app
                    .timeline_incident()
                    .map(|i| h.app.workspace.data.incidents[i as usize].id.to_string()),
                View::Relations => h
                    .app
                    .relations_selected_incident()
                    .map(|i| h.app.workspace.data.incidents[i as usize].id.to_string()),
                View::Graph => h
                    .app
                    .graph_incident()
                    .map(|i| h.app.workspace.data.incidents[i as usize].id.to_string()),
            };
            let selected_group = h
                .app
                .selected_group_position()
                .map(|g| h.app.workspace.data.groups[g as usize].id.to_string());
            assert!(
                selected_incident.as_deref() == Some(select.as_str())
                    || selected_group.as_deref() == Some(select.as_str()),
                "step {} should select {select}",
                number + 1
            );
        }
        h.press("n");
    }
}

#[test]
fn an_unknown_tour_lists_the_real_ones() {
    let mut h = Harness::new(80, 24);
    let error = h.app.start_tour("nope").unwrap_err();
    assert!(
        error.contains("third-parties") && error.contains("claims-vs-facts"),
        "{error}"
    );
}

#[test]
fn the_theme_key_cycles_every_theme() {
    let mut h = Harness::new(80, 24);
    assert_eq!(h.app.prefs.theme, ThemeName::Dark);
    h.press("c");
    assert_eq!(h.app.prefs.theme, ThemeName::Light);
    assert!(h.screen().contains("theme: light"));
    h.press("cc");
    assert_eq!(h.app.prefs.theme, ThemeName::Mono);
    h.press("c");
    assert_eq!(h.app.prefs.theme, ThemeName::Dark);
}

#[test]
fn monochrome_sends_no_colour_yet_shows_selection_focus_and_stances() {
    let mut h = Harness::new(120, 40);
    h.app.prefs.theme = ThemeName::Mono;
    h.press("/octo");
    let buffer = h.buffer();
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "a coloured cell: {cell:?}"
        );
    }
    assert!(
        buffer
            .content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "the selection is reversed"
    );
    assert!(
        buffer
            .content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::UNDERLINED)),
        "matches are underlined"
    );
    h.press("<Enter>2");
    let screen = h.screen();
    assert!(screen.contains("◇ suspected"), "stances keep their words");
}

#[test]
fn a_known_screen_exports_to_svg() {
    let spec = ScreenSpec {
        view: ScreenView::Matrix,
        query: None,
        keys: None,
        tour: None,
        size: (100, 30),
        theme: ThemeName::Dark,
    };
    let buffer = render(common::bundled(), &spec).unwrap();
    let svg = buffer_to_svg(&buffer, ThemeName::Dark);
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"840\" height=\"510\""),
        "{}",
        &svg[..120]
    );
    assert!(svg.contains("Qantas"), "the matrix rows are text");
    assert!(svg.contains("monospace"));
    assert!(svg.contains("<path d="), "borders are drawn as lines");
    assert!(svg.contains("#bc3fbc"), "suspected keeps its colour");
}

#[test]
fn the_save_key_asks_the_runtime_to_write_the_screen() {
    let mut h = Harness::new(80, 24);
    h.press("s");
    assert_eq!(h.app.take_effects(), vec![Effect::SaveScreen]);
    let folder =
        std::env::temp_dir().join(format!("incident-explorer-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    // A link planted under the first name is neither followed nor replaced.
    let victim = folder.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, folder.join("incident-explorer-1.svg")).unwrap();
    let path = incident_explorer::effects::save_screen(&h.app, &folder).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("Incidents 15 of 15"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    #[cfg(unix)]
    assert!(path.ends_with("incident-explorer-2.svg"), "{path:?}");
    let again = incident_explorer::effects::save_screen(&h.app, &folder).unwrap();
    assert_ne!(again, path, "the next save does not overwrite");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Incidents 15 of 15")
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn y_copies_the_selected_incident_as_markdown_through_osc52() {
    let mut h = Harness::new(80, 24);
    h.press("/maxis<Esc>y");
    let effects = h.app.take_effects();
    let [Effect::Copy(markdown)] = effects.as_slice() else {
        panic!("expected one copy, got {effects:?}");
    };
    assert!(markdown.starts_with("## Maxis"), "{markdown}");
    assert!(markdown.contains("**claimed**") && markdown.contains("iTnews Asia"));
    let sequence = incident_explorer::effects::osc52(markdown);
    let encoded = sequence
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|s| s.strip_suffix('\u{07}'))
        .unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), *markdown);
}

#[test]
fn e_exports_the_current_results_as_a_report() {
    let mut h = Harness::new(80, 24);
    h.press("/octo tempest<Esc>e");
    assert_eq!(h.app.take_effects(), vec![Effect::ExportResults]);
    let folder =
        std::env::temp_dir().join(format!("incident-explorer-export-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let (path, count) = incident_explorer::effects::export_results(&h.app, &folder).unwrap();
    assert!(path.ends_with("incident-explorer-export-1.md"), "{path:?}");
    assert_eq!(count, h.app.search.results.hits.len());
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(report.contains("matching \"octo tempest\""), "{report}");
    for title in ["Hawaiian Airlines", "Qantas", "WestJet"] {
        assert!(report.contains(title), "{title} missing");
    }
    assert!(
        !report.contains("## Maxis"),
        "only the results are exported"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

/// What each step of the bundled tours must put on a projector's screen (90x26): the
/// things its caption names, checked step by step, with the whole caption in its box.
#[test]
fn every_bundled_tour_step_shows_what_its_caption_names_at_90x26() {
    let expected: [(&str, &[&[&str]]); 2] = [
        (
            "third-parties",
            &[
                &["Through third parties", "GoQuo (E-commerce services)"],
                &[
                    "Through third parties",
                    "Maxis' third-party vendor (unnamed)",
                ],
                &["How they got in", "security hole in an outside"],
                &[
                    "Data exposed",
                    "Flying Blue numbers",
                    "Data not exposed",
                    "Passwords",
                    "Credit card information",
                ],
                &["Salesforce (Software (CRM)", "Salesforce instance"],
                &["/ third-party", "Incidents 12 of 15"],
                &[
                    "Targets of ShinyHunters (8)",
                    "Air France, KLM",
                    "Google",
                    "Allianz",
                    "Dior",
                ],
            ],
        ),
        (
            "claims-vs-facts",
            &[
                &["◆ claimed    R00TK1T (by R00TK1T", "back-end system"],
                &["Targets of R00TK1T", "≠ disputed", "Aminia", "YouTutor"],
                &["Kaspersky says it produced no report", "amendment"],
                &["2019-09-11", "2019-09-13", "2019-09-18"],
                &[
                    "Targets of Two former GoQuo employees",
                    "✔ confirmed",
                    "by Malindo Air",
                ],
                &["◇ suspected  ShinyHunters", "◇ suspected  Scattered Spider"],
                &["Targets of ShinyHunters (8)", "◇ suspected"],
                &["Attribution", "victims name no one"],
                &["Thin: the sources only name this victim"],
            ],
        ),
    ];
    for (tour_id, steps) in expected {
        let mut h = Harness::new(90, 26);
        h.start_tour(tour_id).expect("a bundled tour");
        let tour = h
            .app
            .workspace
            .data
            .tours
            .iter()
            .find(|t| t.id == tour_id)
            .cloned()
            .expect("the tour");
        assert_eq!(
            tour.steps.len(),
            steps.len(),
            "{tour_id}: one expectation a step"
        );
        for (number, shows) in steps.iter().enumerate() {
            let screen = h.screen();
            for text in *shows {
                assert!(
                    screen.contains(text),
                    "{tour_id} step {}: {text:?} is not on screen:\n{screen}",
                    number + 1
                );
            }
            // The whole caption shows: its last words are in the box, not cut off.
            let flat = screen
                .replace('┃', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let caption = &tour.steps[number].caption;
            let ending: String = caption
                .split_whitespace()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                flat.contains(&ending),
                "{tour_id} step {}: the caption's end {ending:?} is cut",
                number + 1
            );
            if number + 1 == steps.len() {
                assert!(screen.contains("last step"), "the last step says so");
            }
            h.press("n");
        }
        assert_eq!(
            h.app.layers.tour(),
            None,
            "n on the last step ends the tour"
        );
        assert!(h.screen().contains("End of the tour"));
    }
}

#[test]
fn the_tour_list_grows_with_the_screen_and_shows_the_selected_description() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.press("Tj");
        let screen = h.screen();
        let flat = screen
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains("Who says a group did it, and how sure they are"),
            "the second tour's description at {width}x{height}:\n{screen}"
        );
        assert!(flat.contains("1. R00TK1T claimed"), "its steps are listed");
    }
}

#[test]
fn a_caption_box_is_as_tall_as_its_text() {
    let mut h = Harness::new(120, 40);
    h.start_tour("claims-vs-facts").expect("a bundled tour");
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|l| l.starts_with('┏'))
        .expect("the caption box");
    let bottom = rows
        .iter()
        .position(|l| l.starts_with('┗'))
        .expect("its bottom");
    // One blank row, the caption's lines (two at 120 columns), then the border.
    assert!(
        bottom - top <= 4,
        "a short caption gets a short box: {}",
        bottom - top
    );
}

#[test]
fn ctrl_z_asks_the_runtime_to_suspend_from_any_layer() {
    for keys in ["", "/octo", "?", "f", "2i"] {
        let mut h = Harness::new(80, 24);
        h.press(keys);
        h.app.take_effects();
        let before = h.screen();
        h.press("<C-z>");
        assert_eq!(
            h.app.take_effects(),
            vec![Effect::Suspend],
            "after {keys:?}"
        );
        assert_eq!(h.screen(), before, "suspending changes nothing on screen");
    }
}
