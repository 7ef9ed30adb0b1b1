//! Where everything goes on screen, and how text fits: shared by `update` (page sizes,
//! clicks, scroll limits) and by drawing, so both agree on what is on screen. It sits below
//! both: it knows rectangles and text, not the app.

pub mod detail;
pub mod graph;
pub mod profile;
pub mod text;
pub mod wrap;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use unicode_width::UnicodeWidthStr;

/// Narrowest terminal the app draws in.
pub const MIN_WIDTH: u16 = 60;
/// Shortest terminal the app draws in.
pub const MIN_HEIGHT: u16 = 15;
/// Rows per result: the title line and the context line.
pub const ROW_HEIGHT: u16 = 2;
/// Rows per group in the relations screen's group list: name, aliases, counts.
pub const GROUP_ROWS: usize = 3;
/// Rows the problems panel writes above the diagnostics.
pub const PROBLEM_HEADER_ROWS: usize = 3;

/// True when the terminal is big enough to draw the screens.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// The panes of the incidents and timeline screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncidentsLayout {
    /// The tab bar naming the screens.
    pub tabs: Rect,
    /// The search line, with its border.
    pub search: Rect,
    /// The result list (or the timeline), with its border.
    pub list: Rect,
    /// The detail pane, with its border.
    pub detail: Rect,
    /// The status bar.
    pub status: Rect,
}

/// Which list the incidents layout has on its left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftPane {
    /// The result list: its titles are cut anyway, the detail gets the room.
    Results,
    /// The timeline: one line an incident, with every group named, gets half.
    Timeline,
}

/// Splits the screen: tabs and search on top, list and detail side by side, status below.
/// A zoomed detail takes the whole width, and the list none.
pub fn incidents_layout(area: Rect, zoomed: bool, left: LeftPane) -> IncidentsLayout {
    let [tabs, search, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    // Wide screens give the detail more room; the list needs about 40 columns.
    let list_share = match (zoomed, left, area.width >= 120) {
        (true, _, _) => 0,
        (false, LeftPane::Timeline, _) => 50,
        (false, LeftPane::Results, true) => 40,
        (false, LeftPane::Results, false) => 45,
    };
    let [list, detail] = Layout::horizontal([
        Constraint::Percentage(list_share),
        Constraint::Percentage(100 - list_share),
    ])
    .areas(body);
    IncidentsLayout {
        tabs,
        search,
        list,
        detail,
        status,
    }
}

/// The panes of the relations screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelationsLayout {
    /// The tab bar naming the screens.
    pub tabs: Rect,
    /// The search line, with its border.
    pub search: Rect,
    /// Everything between the search line and the legend.
    pub body: Rect,
    /// The group list (list mode), with its border.
    pub groups: Rect,
    /// The selected group's targets (list mode), with its border.
    pub targets: Rect,
    /// The stance legend.
    pub legend: Rect,
    /// The status bar.
    pub status: Rect,
}

/// Splits the relations screen: tabs, search, body (groups beside targets), legend, status.
/// The group list is `groups_wanted` columns wide (what its names need), within bounds
/// that leave the targets most of the room.
pub fn relations_layout(area: Rect, groups_wanted: u16) -> RelationsLayout {
    let [tabs, search, body, legend, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let most = area.width.saturating_mul(42) / 100;
    let groups_width = groups_wanted.clamp(24.min(most), most.max(1));
    let [groups, targets] =
        Layout::horizontal([Constraint::Length(groups_width), Constraint::Min(0)]).areas(body);
    RelationsLayout {
        tabs,
        search,
        body,
        groups,
        targets,
        legend,
        status,
    }
}

/// The panes of the graph screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphLayout {
    /// The tab bar naming the screens.
    pub tabs: Rect,
    /// The search line, with its border.
    pub search: Rect,
    /// The picture, under a one-row title.
    pub body: Rect,
    /// Where the picture is drawn: the body less its title row.
    pub picture: Rect,
    /// The legend of line styles and glyphs.
    pub legend: Rect,
    /// The status bar.
    pub status: Rect,
}

/// Splits the graph screen: tabs, search, a titled picture as wide as the screen (no side
/// borders: every column goes to names and lines), legend, status.
pub fn graph_layout(area: Rect) -> GraphLayout {
    let [tabs, search, body, legend, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let picture = Rect {
        y: body.y.saturating_add(1),
        height: body.height.saturating_sub(1),
        ..body
    };
    GraphLayout {
        tabs,
        search,
        body,
        picture,
        legend,
        status,
    }
}

/// Where each tab goes in the tab bar: `(position, area)` for each title, left to right,
/// cut to the bar's width. Titles are written ` 1 Incidents `.
pub fn tab_areas(bar: Rect, titles: &[String]) -> Vec<(usize, Rect)> {
    let mut x = bar.x;
    let mut areas = Vec::new();
    for (position, title) in titles.iter().enumerate() {
        let width = (title.width() as u16).min(bar.right().saturating_sub(x));
        if width == 0 {
            break;
        }
        areas.push((position, Rect::new(x, bar.y, width, 1)));
        // One column between tabs for the divider.
        x = x.saturating_add(width).saturating_add(1);
    }
    areas
}

/// Columns the caption's text is indented by on each side, inside the border.
const CAPTION_PADDING: u16 = 2;

/// The tour caption's text wrapped for a caption box `width` columns wide.
pub fn caption_rows(caption: &str, width: u16) -> Vec<ratatui::text::Line<'_>> {
    let room = width.saturating_sub(2 + 2 * CAPTION_PADDING).max(1);
    wrap::wrap(
        wrap::Block {
            spans: vec![ratatui::text::Span::raw(caption)],
            hang: 0,
        },
        usize::from(room),
    )
}

/// Splits off the tour caption from the bottom of the screen: as tall as its text (with a
/// blank row above it and the borders), but never more than half the screen.
pub fn tour_split(area: Rect, caption: &str) -> (Rect, Rect) {
    let rows = caption_rows(caption, area.width).len() as u16;
    let height = rows
        .saturating_add(3)
        .clamp(4, (area.height / 2).max(4))
        .min(area.height);
    let [view, caption] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(area);
    (view, caption)
}

/// The area the screens draw in: everything, or everything above a tour's caption.
pub fn view_area(area: Rect, caption: Option<&str>) -> Rect {
    match caption {
        Some(caption) => tour_split(area, caption).0,
        None => area,
    }
}

/// A `width` × `height` area in the middle of `area`, cut to fit: for overlays.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [column] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [middle] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(column);
    middle
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// Where overlays go: the screen above its status bar, so the keys they take stay in view.
pub fn overlay_region(screen: Rect) -> Rect {
    Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    }
}

/// The help overlay: centred, as tall as its `lines` (and its filter line) allow.
pub fn help_area(area: Rect, lines: usize, filtered: bool) -> Rect {
    // At least one row inside, to say that nothing matches.
    let rows = lines
        .max(1)
        .saturating_add(usize::from(filtered))
        .saturating_add(2);
    centered(area, 84, rows.min(usize::from(u16::MAX)) as u16)
}

/// A group's profile: the screen's height, at most 100 columns wide, centred.
pub fn profile_area(area: Rect) -> Rect {
    centered(area, area.width.min(100), area.height)
}

/// The problems panel: the lower half of the screen.
pub fn problem_area(area: Rect) -> Rect {
    let [_, panel] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    panel
}

/// The filter panel: a column on the right of the screen.
pub fn filter_panel_area(area: Rect) -> Rect {
    let [panel] = Layout::horizontal([Constraint::Length(48.min(area.width))])
        .flex(Flex::End)
        .areas(area);
    panel
}

/// The selected tour's description in the list of tours, then its steps' captions, one row
/// each, wrapped for a list `width` columns wide.
pub fn tour_description_rows(tour: &crate::data::Tour, width: u16) -> Vec<ratatui::text::Line<'_>> {
    let room = usize::from(width).max(1);
    let mut rows = wrap::wrap(
        wrap::Block {
            spans: vec![ratatui::text::Span::raw(tour.description.as_str())],
            hang: 0,
        },
        room,
    );
    rows.push(ratatui::text::Line::raw(""));
    for (n, step) in tour.steps.iter().enumerate() {
        let line = format!("{:>2}. {}", n + 1, step.caption);
        rows.push(ratatui::text::Line::raw(text::truncate(&line, room)));
    }
    rows
}

/// The list of tours: centred, tall enough for `rows` of content.
pub fn tour_list_area(area: Rect, rows: usize) -> Rect {
    let rows = rows.saturating_add(2).min(usize::from(u16::MAX)) as u16;
    centered(
        area,
        area.width.saturating_sub(4).clamp(MIN_WIDTH - 4, 96),
        rows,
    )
}

/// The first row to draw so that `selected` stays within `visible` rows.
pub fn scroll_offset(selected: usize, visible: usize) -> usize {
    (selected + 1).saturating_sub(visible.max(1))
}

/// The timeline's first row drawn: the selected row in view, with its year heading above
/// it when there is room.
pub fn timeline_first_row(selected_row: Option<usize>, height: usize) -> usize {
    selected_row.map_or(0, |row| (row + 2).saturating_sub(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_keeps_a_tab_bar_and_a_status_bar_at_the_smallest_size() {
        let area = Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT);
        let incidents = incidents_layout(area, false, LeftPane::Results);
        assert_eq!(incidents.tabs.height, 1);
        assert_eq!(incidents.status.height, 1);
        assert!(incidents.list.height >= 4, "room for a result");
        let relations = relations_layout(area, 30);
        assert_eq!(relations.tabs.height, 1);
        assert!(relations.body.height >= 4);
    }

    #[test]
    fn tabs_sit_side_by_side_and_stop_at_the_edge() {
        let titles: Vec<String> = ["a", "bb", "ccc"].iter().map(|t| t.to_string()).collect();
        let areas = tab_areas(Rect::new(0, 0, 6, 1), &titles);
        assert_eq!(areas[0].1, Rect::new(0, 0, 1, 1));
        assert_eq!(areas[1].1, Rect::new(2, 0, 2, 1));
        assert_eq!(areas.len(), 3);
        assert_eq!(areas[2].1.width, 1, "cut to the bar");
    }
}
