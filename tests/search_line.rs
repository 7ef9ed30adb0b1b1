//! The search line as a line editor (readline's keys), scrolling sideways at any width, and
//! the "did you mean" a query that finds nothing is offered.

mod common;

use common::Harness;
use crossterm::event::{Event, KeyCode, KeyModifiers};
use incident_explorer::app::Mode;

/// The search line's row as shown: the second row of the screen.
fn search_row(h: &Harness) -> String {
    h.screen().lines().nth(2).unwrap_or_default().to_string()
}

/// The terminal cursor's column, where the app put it.
fn cursor_column(h: &mut Harness) -> u16 {
    let (width, height) = h.app.screen.size;
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|frame| incident_explorer::ui::draw(frame, &h.app))
        .expect("drawn");
    terminal.get_cursor_position().expect("a cursor").x
}

#[test]
fn the_cursor_moves_and_typing_goes_where_it_is() {
    let mut h = Harness::new(80, 24);
    h.press("/shiny<Left><Left>X");
    assert_eq!(h.app.query(), "shiXny");
    h.press("<Home>>");
    assert_eq!(h.app.query(), ">shiXny");
    h.press("<End>!");
    assert_eq!(h.app.query(), ">shiXny!");
    h.press("<C-a><Del><C-e><BS>");
    assert_eq!(h.app.query(), "shiXny", "Ctrl-A, Del, Ctrl-E, Backspace");
    h.press("<C-b><C-b><BS><C-f>z");
    assert_eq!(h.app.query(), "shinzy", "Ctrl-B/Ctrl-F move by character");
}

#[test]
fn words_move_and_go_as_readline_has_them() {
    let mut h = Harness::new(80, 24);
    h.press("/octo tempest group");
    h.press("<M-b>");
    h.press("<C-w>");
    assert_eq!(
        h.app.query(),
        "octo group",
        "Alt-B then Ctrl-W deletes the word before"
    );
    h.press("<C-Left>X");
    assert_eq!(h.app.query(), "Xocto group", "Ctrl-← goes a word left");
    h.press("<C-Right><M-d>");
    assert_eq!(
        h.app.query(),
        "Xocto ",
        "Ctrl-→ to the next word, Alt-D deletes it"
    );
    h.press("<Home><M-f>Y");
    assert_eq!(h.app.query(), "Xocto Y", "Alt-F goes a word right");
    h.press("<Home><C-f><C-f><C-k>");
    assert_eq!(h.app.query(), "Xo", "Ctrl-K deletes to the end");
    h.press("<Left><C-u>");
    assert_eq!(h.app.query(), "o", "Ctrl-U deletes to the start");
    h.press("<End><M-BS>");
    assert_eq!(h.app.query(), "", "Alt-Backspace deletes a word");
}

#[test]
fn pasted_text_is_inserted_at_the_cursor_on_one_line() {
    let mut h = Harness::new(80, 24);
    h.press("/ac<Left>");
    h.event(Event::Paste("b\nc\u{1b}[2J".into()));
    assert_eq!(
        h.app.query(),
        "ab c[2Jc",
        "newlines become spaces, escapes are dropped"
    );
}

#[test]
fn a_long_query_scrolls_so_the_cursor_and_its_text_show() {
    for width in [60, 80, 120] {
        let mut h = Harness::new(width, 24);
        let long: String = (0..40).map(|i| format!("w{i} ")).collect();
        h.press("/");
        h.app
            .update(incident_explorer::app::Action::Paste(long.clone()));
        h.press("end");
        let row = search_row(&h);
        assert!(row.contains("w39 end"), "the end shows at {width}: {row}");
        let x = cursor_column(&mut h);
        assert!(x < width - 1, "the cursor stays inside at {width}: {x}");
        assert_eq!(
            row.chars().nth(usize::from(x) - 1),
            Some('d'),
            "the cursor sits after what was typed at {width}: {row}"
        );
        // Back to the start: the beginning shows again.
        h.press("<Home>");
        let row = search_row(&h);
        assert!(
            row.contains("/ w0 w1 w2"),
            "the start shows at {width}: {row}"
        );
        assert_eq!(cursor_column(&mut h), 3, "the cursor at the start");
    }
}

#[test]
fn a_misspelt_name_offers_the_closest_and_enter_takes_it() {
    let mut h = Harness::new(80, 24);
    h.press("/shinyhuntres");
    assert!(h.app.search.results.hits.is_empty());
    let screen = h.screen();
    assert!(screen.contains("Did you mean ShinyHunters"), "{screen}");
    assert!(screen.contains("(group)"), "{screen}");
    h.press("<Enter>");
    assert_eq!(h.app.query(), "ShinyHunters");
    assert_eq!(
        h.app.mode(),
        Mode::Search,
        "still typing: a second Enter goes to the list"
    );
    assert_eq!(
        h.app.search.results.hits.len(),
        8,
        "ShinyHunters' incidents"
    );
    // From the list too, and with Tab in the search line.
    let mut h = Harness::new(80, 24);
    h.press("/octo tmepest<Esc>");
    assert!(
        h.screen().contains("Did you mean Octo Tempest"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("(alias,") && h.screen().contains("Scattered Spider)?"));
    h.press("<Enter>");
    assert_eq!(h.app.query(), "Octo Tempest");
    let mut h = Harness::new(80, 24);
    h.press("/spidre<Tab>");
    assert_eq!(h.app.query(), "Scattered Spider");
}

#[test]
fn nothing_close_says_so_and_enter_leaves_the_line() {
    let mut h = Harness::new(80, 24);
    h.press("/zzzzqqqq");
    assert!(h.screen().contains("No name in the data is close"));
    h.press("<Enter>");
    assert_eq!(
        h.app.mode(),
        Mode::List,
        "with nothing to take, Enter goes to the list"
    );
    assert_eq!(h.app.query(), "zzzzqqqq");
}

#[test]
fn up_and_down_move_the_list_while_typing() {
    let mut h = Harness::new(80, 24);
    h.press("/2025");
    h.key(KeyCode::Down, KeyModifiers::NONE);
    h.key(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(h.app.panes.list.selected, 2);
    h.key(KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(h.app.panes.list.selected, 1);
    assert_eq!(h.app.mode(), Mode::Search);
}
