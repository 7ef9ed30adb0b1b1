//! The key tables themselves: the keys shared by every screen, by every pane that shows
//! incidents, and each mode's own.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Binding, Hint, Mode, PINNED};
use crate::app::action::{Action, Edit, Side, View};

pub(super) const fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub(super) const fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub(super) const fn alt(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::ALT)
}

pub(super) const fn ch(c: char) -> KeyEvent {
    plain(KeyCode::Char(c))
}

const fn ctrl_key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::CONTROL)
}

fn bind(keys: &[KeyEvent], action: Action, description: &'static str) -> Binding {
    Binding {
        keys: keys.to_vec(),
        action,
        description,
        hint: None,
    }
}

impl Binding {
    /// The same binding with a status-bar hint.
    fn hint(mut self, label: &'static str, priority: u8) -> Binding {
        self.hint = Some(Hint { label, priority });
        self
    }
}

/// Moving: the same keys in every list, pane and scrolling overlay.
pub(super) fn navigation() -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind(
            &[ch('j'), plain(Down)],
            Action::Move(1),
            "down: next row, or scroll",
        )
        .hint("move", 6),
        bind(
            &[ch('k'), plain(Up)],
            Action::Move(-1),
            "up: previous row, or scroll",
        ),
        bind(&[plain(PageDown), ctrl('d')], Action::Page(1), "page down"),
        bind(&[plain(PageUp), ctrl('u')], Action::Page(-1), "page up"),
        bind(&[ch('g'), plain(Home)], Action::Top, "to the top"),
        bind(&[ch('G'), plain(End)], Action::Bottom, "to the bottom"),
    ]
}

/// The keys of every screen, whichever pane has the focus.
pub(super) fn everywhere() -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind(
            &[ch('/')],
            Action::FocusSearch,
            "search (typing filters live)",
        )
        .hint("search", 3),
        bind(
            &[plain(Tab), plain(BackTab)],
            Action::SwitchPane,
            "the other pane",
        ),
        bind(
            &[ch('h'), plain(Left)],
            Action::Pane(Side::Left),
            "the pane on the left",
        ),
        bind(
            &[ch('l'), plain(Right)],
            Action::Pane(Side::Right),
            "the pane on the right",
        ),
        bind(
            &[plain(Backspace), ctrl('o'), alt(Left)],
            Action::HistoryBack,
            "back to where you were (screen, selection, scroll)",
        )
        .hint("back", 5),
        bind(
            &[ctrl('n'), alt(Right)],
            Action::HistoryForward,
            "forward again",
        ),
        bind(
            &[ch('1')],
            Action::Show(View::Incidents),
            "incidents screen",
        ),
        bind(
            &[ch('2')],
            Action::Show(View::Relations),
            "relations screen: groups and their targets",
        ),
        bind(&[ch('3')], Action::Show(View::Timeline), "timeline screen"),
        bind(
            &[ch('4')],
            Action::Show(View::Graph),
            "graph screen: the links as a picture",
        ),
        bind(
            &[ch('f')],
            Action::ShowFilters,
            "filter panel (facets with counts)",
        )
        .hint("filters", 7),
        bind(&[ch('x')], Action::ClearFilters, "clear every filter"),
        bind(
            &[ch('o')],
            Action::CycleSort,
            "sort the lists: relevance, date, victim, records",
        )
        .hint("sort", 9),
        bind(&[ch('T')], Action::ShowTours, "list the guided tours").hint("tours", 8),
        bind(
            &[ch('s')],
            Action::SaveScreen,
            "save the screen as an SVG file (for slides)",
        ),
        bind(
            &[ch('e')],
            Action::ExportResults,
            "export the results as a Markdown report",
        ),
        bind(
            &[ch('c')],
            Action::CycleTheme,
            "next colour theme (dark, light, high-contrast, mono)",
        ),
        bind(
            &[ch('M')],
            Action::ToggleMouse,
            "mouse on / off (off: the terminal selects text)",
        ),
        bind(
            &[ch('?'), plain(F(1))],
            Action::ShowHelp,
            "every key, opened where you are",
        )
        .hint("help", PINNED),
        bind(&[ch('q')], Action::Quit, "quit (with nothing open)").hint("quit", PINNED),
        bind(&[ctrl('c')], Action::Quit, "quit, from anywhere"),
        suspend_key(),
    ]
}

/// `Ctrl-Z`: suspend to the shell, from anywhere (as `Ctrl-C` quits from anywhere).
fn suspend_key() -> Binding {
    bind(&[ctrl('z')], Action::Suspend, "suspend (fg comes back)")
}

/// The keys of every pane that shows incidents: lists, detail, timeline, targets.
pub(super) fn on_an_incident() -> Vec<Binding> {
    vec![
        bind(
            &[ch('y')],
            Action::CopyIncident,
            "copy the incident as Markdown (OSC 52: works over SSH)",
        )
        .hint("copy", 10),
        bind(
            &[ch('r')],
            Action::ShowGroups,
            "the incident's groups on the relations screen",
        )
        .hint("groups", 4),
        profile_key("the profile of the incident's group(s)"),
        bind(
            &[ch('E')],
            Action::EditIncident,
            "edit the incident in $VISUAL/$EDITOR, at its line",
        ),
        bind(
            &[ch('O')],
            Action::OpenLink,
            "open a source's web link (again: the next)",
        ),
    ]
}

/// `i`: a group's profile.
fn profile_key(description: &'static str) -> Binding {
    bind(&[ch('i')], Action::ShowProfile, description).hint("profile", 5)
}

/// Help from an overlay: its own section first.
fn help_key() -> Binding {
    bind(
        &[ch('?'), plain(KeyCode::F(1))],
        Action::ShowHelp,
        "every key, opened here",
    )
    .hint("help", PINNED)
}

/// How a layer opened with `opener` closes: Esc, `q` or the same key again.
fn closing(opener: Option<KeyEvent>, description: &'static str) -> Vec<Binding> {
    let mut keys = vec![plain(KeyCode::Esc), ch('q')];
    keys.extend(opener);
    vec![
        bind(&keys, Action::Close, description).hint("close", PINNED),
        bind(&[ctrl('c')], Action::Quit, "quit").hint("quit", 3),
        suspend_key(),
    ]
}

/// `Enter` on a row that is an incident: open it on the incidents screen.
fn open_the_incident() -> Binding {
    bind(
        &[plain(KeyCode::Enter)],
        Action::Open,
        "open the incident on the incidents screen",
    )
    .hint("open", 2)
}

/// `z`: the detail on the whole screen, and back.
fn zoom() -> Binding {
    bind(
        &[ch('z')],
        Action::Zoom,
        "the detail on the whole screen, and back",
    )
    .hint("zoom", 8)
}

/// `Esc` in a mode of the relations screen: back to its group list.
fn leave_the_mode(description: &'static str) -> Binding {
    bind(&[plain(KeyCode::Esc)], Action::Back, description).hint("leave", 1)
}

fn relation_modes() -> Vec<Binding> {
    vec![
        bind(&[ch('m')], Action::ToggleMatrix, "matrix on / off").hint("matrix", 2),
        bind(
            &[ch('t')],
            Action::ToggleThirdParties,
            "third parties on / off",
        )
        .hint("third parties", 2),
    ]
}

/// The line-editing keys, as readline has them.
fn line_editing() -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind(
            &[plain(Left), ctrl('b')],
            Action::Edit(Edit::Left),
            "cursor left",
        ),
        bind(
            &[plain(Right), ctrl('f')],
            Action::Edit(Edit::Right),
            "cursor right",
        ),
        bind(
            &[alt(Char('b')), ctrl_key(Left)],
            Action::Edit(Edit::WordLeft),
            "a word left",
        ),
        bind(
            &[alt(Char('f')), ctrl_key(Right)],
            Action::Edit(Edit::WordRight),
            "a word right",
        ),
        bind(
            &[plain(Home), ctrl('a')],
            Action::Edit(Edit::Home),
            "to the start",
        ),
        bind(
            &[plain(End), ctrl('e')],
            Action::Edit(Edit::End),
            "to the end",
        ),
        bind(
            &[plain(Backspace), ctrl('h')],
            Action::Edit(Edit::DeleteBack),
            "delete the character before the cursor",
        ),
        bind(
            &[plain(Delete)],
            Action::Edit(Edit::DeleteForward),
            "delete the character under the cursor",
        ),
        bind(
            &[ctrl('w'), alt(Backspace)],
            Action::Edit(Edit::DeleteWordBack),
            "delete the word before the cursor",
        ),
        bind(
            &[alt(Char('d'))],
            Action::Edit(Edit::DeleteWordForward),
            "delete the word after the cursor",
        ),
        bind(
            &[ctrl('u')],
            Action::Edit(Edit::DeleteToStart),
            "delete to the start",
        )
        .hint("clear", 4),
        bind(
            &[ctrl('k')],
            Action::Edit(Edit::DeleteToEnd),
            "delete to the end",
        ),
        bind(&[ctrl('c')], Action::Quit, "quit").hint("quit", 3),
        suspend_key(),
    ]
}

/// A mode's own keys.
pub(super) fn own(mode: Mode) -> Vec<Binding> {
    use KeyCode::*;
    match mode {
        Mode::List => vec![
            bind(
                &[plain(Enter)],
                Action::Open,
                "open the detail (no results: take the suggestion)",
            )
            .hint("detail", 2),
            bind(
                &[plain(Esc)],
                Action::Back,
                "clear the search, or step back",
            ),
            zoom(),
        ],
        Mode::Detail => vec![
            bind(
                &[plain(Esc)],
                Action::Back,
                "back to the list (zoomed: the list again)",
            )
            .hint("back to the list", 2),
            bind(&[ch(']')], Action::Section(1), "next section").hint("sections", 4),
            bind(&[ch('[')], Action::Section(-1), "previous section"),
            zoom(),
        ],
        Mode::Groups => {
            let mut keys = vec![
                bind(&[plain(Enter)], Action::Open, "show the group's targets").hint("targets", 2),
                profile_key("the group's profile: aliases, motive, origin, targets"),
                bind(&[plain(Esc)], Action::Back, "step back (as Backspace)"),
            ];
            keys.extend(relation_modes());
            keys
        }
        Mode::Targets => {
            let mut keys = vec![
                open_the_incident(),
                bind(&[plain(Esc)], Action::Back, "back to the groups"),
            ];
            keys.extend(relation_modes());
            keys
        }
        Mode::Matrix => {
            let mut keys = vec![
                bind(
                    &[ch('l'), plain(Right)],
                    Action::Column(1),
                    "next group (column)",
                )
                .hint("columns", 3),
                bind(
                    &[ch('h'), plain(Left)],
                    Action::Column(-1),
                    "previous group (column)",
                ),
                open_the_incident(),
                leave_the_mode("leave the matrix, back to the groups"),
            ];
            keys.extend(relation_modes());
            keys
        }
        Mode::ThirdParties => {
            let mut keys = vec![
                open_the_incident(),
                leave_the_mode("leave the third parties, back to the groups"),
            ];
            keys.extend(relation_modes());
            keys
        }
        Mode::Graph => vec![
            bind(
                &[plain(Enter)],
                Action::Open,
                "a group's profile; a target's incident",
            )
            .hint("open", 2),
            bind(
                &[ch('l'), plain(Right)],
                Action::Column(1),
                "along a line to the next column right",
            )
            .hint("along lines", 3),
            bind(
                &[ch('h'), plain(Left)],
                Action::Column(-1),
                "along a line to the next column left",
            ),
            bind(
                &[ch('+')],
                Action::Neighbourhood(1),
                "more: two steps around it, then the whole graph",
            )
            .hint("more", 4),
            bind(
                &[ch('-')],
                Action::Neighbourhood(-1),
                "less: two steps around the selection, then one",
            ),
            bind(&[plain(Esc)], Action::Back, "step back (as Backspace)"),
        ],
        Mode::Timeline => vec![
            open_the_incident(),
            bind(&[plain(Esc)], Action::Back, "step back (as Backspace)"),
            zoom(),
        ],
        Mode::Search => {
            let mut keys = vec![
                bind(
                    &[plain(Enter)],
                    Action::Submit,
                    "to the results (none: search the suggestion)",
                )
                .hint("results", 1),
                bind(
                    &[plain(Esc)],
                    Action::Close,
                    "leave the search line (the query stays)",
                )
                .hint("leave", PINNED),
                bind(
                    &[plain(Tab)],
                    Action::TakeSuggestion,
                    "take the suggestion when nothing matches",
                ),
                bind(&[plain(Down)], Action::Move(1), "move the selection down"),
                bind(&[plain(Up)], Action::Move(-1), "move the selection up"),
                bind(&[plain(F(1))], Action::ShowHelp, "every key").hint("help", PINNED),
            ];
            keys.extend(line_editing());
            keys
        }
        Mode::Tour => vec![
            bind(
                &[ch(' '), plain(Right), ch('n')],
                Action::NextStep,
                "next step (on the last: end the tour)",
            )
            .hint("next", 1),
            bind(
                &[plain(Left), ch('p')],
                Action::PreviousStep,
                "previous step",
            )
            .hint("previous", 2),
            bind(
                &[plain(Esc), ch('q')],
                Action::Close,
                "leave the tour (browse freely from here)",
            )
            .hint("leave tour", PINNED),
            bind(&[ctrl('c')], Action::Quit, "quit").hint("quit", 3),
            suspend_key(),
        ],
        Mode::Filters => {
            let mut keys = vec![
                bind(
                    &[ch(' '), plain(Enter)],
                    Action::ToggleFilter,
                    "choose or drop the value (a year bound: clear it)",
                )
                .hint("choose", 1),
                bind(
                    &[ch('l'), plain(Right)],
                    Action::AdjustYear(1),
                    "year bound: a year later",
                )
                .hint("year", 3),
                bind(
                    &[ch('h'), plain(Left)],
                    Action::AdjustYear(-1),
                    "year bound: a year earlier",
                ),
                bind(&[ch('x')], Action::ClearFilters, "clear every filter").hint("clear all", 2),
                help_key(),
            ];
            keys.extend(closing(Some(ch('f')), "close the panel"));
            keys
        }
        Mode::Tours => {
            let mut keys = vec![
                bind(&[plain(Enter)], Action::Open, "start the tour").hint("start", 1),
                help_key(),
            ];
            keys.extend(closing(Some(ch('T')), "close the list"));
            keys
        }
        Mode::Help => {
            let mut keys = vec![
                bind(&[ch('/')], Action::FilterHelp, "filter the keys by typing").hint("filter", 1),
            ];
            keys.extend(closing(Some(ch('?')), "close this help"));
            keys
        }
        Mode::HelpFilter => {
            let mut keys = vec![
                bind(
                    &[plain(Enter), plain(Down), plain(Up)],
                    Action::Submit,
                    "keep the filter and scroll",
                )
                .hint("keep", 1),
                bind(&[plain(Esc)], Action::Close, "drop the filter").hint("drop filter", PINNED),
            ];
            keys.extend(line_editing());
            keys
        }
        Mode::Profile => {
            let mut keys = vec![
                bind(
                    &[plain(Tab), plain(BackTab)],
                    Action::SwitchPane,
                    "the next of the incident's groups",
                )
                .hint("next group", 2),
                bind(
                    &[plain(Enter)],
                    Action::Open,
                    "the group's targets on the relations screen",
                )
                .hint("targets", 1),
                help_key(),
            ];
            keys.extend(closing(Some(ch('i')), "close the profile"));
            keys
        }
        Mode::Problem => {
            let mut keys = vec![help_key()];
            keys.extend(closing(
                None,
                "hide the problems (the last good data stays)",
            ));
            keys
        }
    }
}
