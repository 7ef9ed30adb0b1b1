//! Where each pane goes. Shared by drawing and by `update` (page sizes, clicks), so both
//! agree on what is on screen.

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// Narrowest terminal the app draws in.
pub const MIN_WIDTH: u16 = 60;
/// Shortest terminal the app draws in.
pub const MIN_HEIGHT: u16 = 15;
/// Rows per result: the title line and the context line.
pub const ROW_HEIGHT: u16 = 2;

/// The panes of the incidents screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncidentsLayout {
    /// The search line, with its border.
    pub search: Rect,
    /// The result list, with its border.
    pub list: Rect,
    /// The detail pane, with its border.
    pub detail: Rect,
    /// The status bar.
    pub status: Rect,
}

/// True when the terminal is big enough to draw the screens.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// Splits the screen: search on top, list and detail side by side, status bar below.
pub fn incidents_layout(area: Rect) -> IncidentsLayout {
    let [search, body, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    // Wide screens give the detail more room; the list needs about 40 columns.
    let list_share = if area.width >= 120 { 40 } else { 45 };
    let [list, detail] = Layout::horizontal([
        Constraint::Percentage(list_share),
        Constraint::Percentage(100 - list_share),
    ])
    .areas(body);
    IncidentsLayout {
        search,
        list,
        detail,
        status,
    }
}

/// Splits off the tour caption from the bottom of the screen: a third of the height,
/// between 6 and 12 rows, so a room can read it.
pub fn tour_split(area: Rect) -> (Rect, Rect) {
    let caption = (area.height / 3).clamp(6, 12).min(area.height);
    let [view, caption] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(caption)]).areas(area);
    (view, caption)
}

/// The area the views draw in: everything, or everything above the tour caption.
pub fn view_area(area: Rect, touring: bool) -> Rect {
    if touring { tour_split(area).0 } else { area }
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

/// The panes of the relations screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelationsLayout {
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

/// Splits the relations screen: search, body (groups beside targets), legend, status bar.
pub fn relations_layout(area: Rect) -> RelationsLayout {
    let [search, body, legend, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let group_share = if area.width >= 120 { 30 } else { 36 };
    let [groups, targets] = Layout::horizontal([
        Constraint::Percentage(group_share),
        Constraint::Percentage(100 - group_share),
    ])
    .areas(body);
    RelationsLayout {
        search,
        body,
        groups,
        targets,
        legend,
        status,
    }
}
