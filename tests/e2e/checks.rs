//! What a person checks on the screen: panes where the layout puts them, texts shown, and
//! a terminal given back as it was found.
#![allow(dead_code)]

use incident_explorer::layout::{LeftPane, incidents_layout, relations_layout};
use ratatui::layout::Rect;

use super::pty::{self, Finished, cell, escaped, rfind, rows};

/// The status bar: the bottom row.
pub fn status(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// `Err(why)` unless `holds`.
pub fn ensure(holds: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if holds { Ok(()) } else { Err(why()) }
}

/// Checks that a bordered pane's corners and side edges are drawn where `area` says.
pub fn check_box(screen: &vt100::Screen, area: Rect, what: &str) -> Result<(), String> {
    check_box_with(screen, area, what, &["│"])
}

/// As [`check_box`], for a pane whose right edge carries a scrollbar (the detail pane).
pub fn check_scrolled_box(screen: &vt100::Screen, area: Rect, what: &str) -> Result<(), String> {
    check_box_with(screen, area, what, &["│", "║", "█"])
}

fn check_box_with(
    screen: &vt100::Screen,
    area: Rect,
    what: &str,
    right_edge: &[&str],
) -> Result<(), String> {
    let (left, right) = (area.x, area.right() - 1);
    let (top, bottom) = (area.y, area.bottom() - 1);
    let corners = [
        (top, left, "┌"),
        (top, right, "┐"),
        (bottom, left, "└"),
        (bottom, right, "┘"),
    ];
    for (row, col, want) in corners {
        let found = cell(screen, row, col);
        ensure(found == want, || {
            format!("{what}: {found:?} instead of {want:?} at row {row}, column {col}")
        })?;
    }
    for row in top + 1..bottom {
        let found = cell(screen, row, left);
        ensure(found == "│", || {
            format!("{what}: {found:?} instead of the left edge at row {row}, column {left}")
        })?;
        let found = cell(screen, row, right);
        ensure(right_edge.contains(&found.as_str()), || {
            format!("{what}: {found:?} instead of the right edge at row {row}, column {right}")
        })?;
    }
    Ok(())
}

/// Checks the incidents screen's three panes are laid out for the screen's size.
pub fn check_incidents_layout(screen: &vt100::Screen) -> Result<(), String> {
    let (width, height) = screen_size(screen);
    let layout = incidents_layout(Rect::new(0, 0, width, height), false, LeftPane::Results);
    check_box(screen, layout.search, "search line")?;
    check_box(screen, layout.list, "result list")?;
    check_scrolled_box(screen, layout.detail, "detail pane")
}

/// Checks the relations screen's panes are laid out for the screen's size: the search line
/// where the layout puts it, the groups (as wide as their names need) and the targets side
/// by side, filling the width.
pub fn check_relations_layout(screen: &vt100::Screen) -> Result<(), String> {
    let (width, height) = screen_size(screen);
    let layout = relations_layout(Rect::new(0, 0, width, height), 0);
    check_box(screen, layout.search, "search line")?;
    let groups = find_box(screen, " Groups").ok_or("the groups have a border")?;
    let targets = find_box(screen, " Targets of").ok_or("the targets have a border")?;
    check_box(screen, groups, "groups")?;
    check_box(screen, targets, "targets")?;
    ensure(
        groups.x == 0 && targets.x == groups.right() && targets.right() == width,
        || format!("groups {groups:?} and targets {targets:?} side by side across {width}"),
    )?;
    ensure(
        groups.y == layout.body.y && targets.y == layout.body.y,
        || "both panes start under the search line".into(),
    )
}

/// The pane whose top border starts with `title`, found by its corners on screen.
pub fn find_box(screen: &vt100::Screen, title: &str) -> Option<Rect> {
    let (width, height) = screen_size(screen);
    let top = rows(screen)
        .iter()
        .position(|row| row.contains(&format!("┌{title}")))?;
    let top = u16::try_from(top).ok()?;
    // Columns are cells, not characters (wide ones take two): look at cells.
    let starts_here = |col: u16| {
        cell(screen, top, col) == "┌"
            && title
                .chars()
                .zip(col + 1..)
                .all(|(c, at)| cell(screen, top, at) == c.to_string())
    };
    let left = (0..width).find(|&col| starts_here(col))?;
    let right = (left + 1..width).find(|&col| cell(screen, top, col) == "┐")?;
    let bottom = (top + 1..height).find(|&row| cell(screen, row, left) == "└")?;
    Some(Rect::new(left, top, right - left + 1, bottom - top + 1))
}

/// The text inside a pane, one line per row.
pub fn pane_text(screen: &vt100::Screen, area: Rect) -> String {
    screen
        .rows(area.x, area.width)
        .skip(area.y.into())
        .take(area.height.into())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The result list's text.
pub fn list_text(screen: &vt100::Screen) -> String {
    let (width, height) = screen_size(screen);
    pane_text(
        screen,
        incidents_layout(Rect::new(0, 0, width, height), false, LeftPane::Results).list,
    )
}

/// Checks the screen shows every one of `texts`.
pub fn check_shows(screen: &vt100::Screen, texts: &[&str]) -> Result<(), String> {
    let contents = screen.contents();
    for text in texts {
        ensure(contents.contains(text), || format!("{text:?} is not shown"))?;
    }
    Ok(())
}

pub fn screen_size(screen: &vt100::Screen) -> (u16, u16) {
    let (rows, cols) = screen.size();
    (cols.get(), rows.get())
}

/// Everything that says the terminal was given back: bytes written, emulator state, line
/// settings and exit status.
pub fn assert_restored(done: &Finished) {
    let raw = &done.raw;
    let tail = escaped(&raw[raw.len().saturating_sub(400)..]);
    // Alternate screen: left after it was last entered.
    let entered = rfind(raw, b"\x1b[?1049h").expect("the app entered the alternate screen");
    let left = rfind(raw, b"\x1b[?1049l").expect("the app left the alternate screen");
    assert!(
        left > entered,
        "left the alternate screen last; tail: {tail}"
    );
    // Cursor shown after it was last hidden.
    let shown = rfind(raw, b"\x1b[?25h").expect("the app showed the cursor");
    if let Some(hidden) = rfind(raw, b"\x1b[?25l") {
        assert!(shown > hidden, "the cursor is shown last; tail: {tail}");
    }
    // Mouse capture and bracketed paste: every mode turned on is turned off afterwards.
    for mode in ["1000", "1002", "1003", "1006", "1015", "2004"] {
        let on = format!("\x1b[?{mode}h");
        let off = format!("\x1b[?{mode}l");
        if let Some(on) = rfind(raw, on.as_bytes()) {
            let off = rfind(raw, off.as_bytes())
                .unwrap_or_else(|| panic!("mode {mode} is turned off; tail: {tail}"));
            assert!(off > on, "mode {mode} is turned off last; tail: {tail}");
        }
    }
    // The same, as a terminal emulator sees it.
    let screen = &done.screen;
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is still on"
    );
    assert!(!screen.bracketed_paste(), "bracketed paste is still on");
    // Raw mode off: the pty's line settings are back to what they were before the app.
    assert!(!pty::is_raw(&done.termios), "the pty is still in raw mode");
    let (before, after) = (&done.initial_termios, &done.termios);
    assert_eq!(
        (
            before.c_iflag,
            before.c_oflag,
            before.c_cflag,
            before.c_lflag
        ),
        (after.c_iflag, after.c_oflag, after.c_cflag, after.c_lflag),
        "the pty's line settings are restored exactly"
    );
}
