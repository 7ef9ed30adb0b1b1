//! Everything that can happen to the app, as values: keys and mouse become actions through
//! the keymap, and [`super::App::update`] is the one place that applies them.

use crate::search::SearchResults;

/// The screens, switched with number keys and named in the tab bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Search, results and detail.
    Incidents,
    /// Groups against the targets they claimed or are suspected of.
    Relations,
    /// Incidents along time.
    Timeline,
    /// Groups, targets and third parties drawn as a picture.
    Graph,
}

impl View {
    /// Every screen, in tab-bar order (the number key is the position plus one).
    pub const ALL: [View; 4] = [
        View::Incidents,
        View::Relations,
        View::Timeline,
        View::Graph,
    ];

    /// The screen's name in the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            View::Incidents => "Incidents",
            View::Relations => "Relations",
            View::Timeline => "Timeline",
            View::Graph => "Graph",
        }
    }

    /// The number key that shows the screen.
    pub fn key(self) -> char {
        match self {
            View::Incidents => '1',
            View::Relations => '2',
            View::Timeline => '3',
            View::Graph => '4',
        }
    }
}

/// The tab bar's titles, in [`View::ALL`] order: ` 1 Incidents `.
pub fn tab_titles() -> Vec<String> {
    View::ALL
        .iter()
        .map(|view| format!(" {} {} ", view.key(), view.title()))
        .collect()
}

/// Which pane of the screen takes the keys (when no layer is open over it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The incidents screen's result list.
    List,
    /// The detail pane, on the incidents and timeline screens.
    Detail,
    /// The relations screen's group list.
    Groups,
    /// The selected group's targets.
    Targets,
    /// The groups-by-targets matrix.
    Matrix,
    /// Targets by the third party they went through.
    ThirdParties,
    /// The timeline.
    Timeline,
    /// The graph.
    Graph,
}

/// Left or right, for moving between panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The pane to the left.
    Left,
    /// The pane to the right.
    Right,
}

/// An edit of a line of text (the search line, the help's filter), as readline has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Cursor one character left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start of the word before it.
    WordLeft,
    /// Cursor past the end of the next word.
    WordRight,
    /// Cursor to the start of the line.
    Home,
    /// Cursor to the end of the line.
    End,
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the word before the cursor.
    DeleteWordBack,
    /// Delete the word after the cursor.
    DeleteWordForward,
    /// Delete from the start of the line to the cursor.
    DeleteToStart,
    /// Delete from the cursor to the end of the line.
    DeleteToEnd,
}

/// A change to the app's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Suspend the app, as Ctrl-Z does in a shell: the runtime gives the terminal back and
    /// stops the process; `fg` continues it, and it takes the terminal again and redraws.
    /// A terminal request, like the effects: nothing in the app's state changes.
    Suspend,
    /// Close the top layer (an overlay, the search line, the tour).
    Close,
    /// On a screen: leave a mode, step back to the previous pane, clear the search, or go
    /// back in the history, whichever comes first.
    Back,
    /// Back to the previous place in the history.
    HistoryBack,
    /// Forward again in the history.
    HistoryForward,
    /// Put the cursor in the search line.
    FocusSearch,
    /// Type a character.
    Insert(char),
    /// Paste text.
    Paste(String),
    /// Edit the line being typed.
    Edit(Edit),
    /// In the search line: go to the results, or take the suggestion when there are none.
    Submit,
    /// Take the first "did you mean" suggestion as the query.
    TakeSuggestion,
    /// Move the selection, or scroll, by this many rows.
    Move(i32),
    /// Move by a page up (-1) or down (+1).
    Page(i32),
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Focus the other pane of the screen.
    SwitchPane,
    /// Focus the pane on this side.
    Pane(Side),
    /// Open what is selected: a detail, a group's targets, an incident.
    Open,
    /// The detail pane takes the whole screen, or gives it back.
    Zoom,
    /// Scroll the detail to the next (+1) or previous (-1) section's heading.
    Section(i32),
    /// Move the matrix's selected column (group) left (-1) or right (+1); on the graph,
    /// along a line to the column on the left or right.
    Column(i32),
    /// On the graph: show more (+1: two steps, the whole graph) or less (-1) around the
    /// selection.
    Neighbourhood(i32),
    /// Switch the relations screen between its list and the matrix.
    ToggleMatrix,
    /// Switch the relations screen between its list and the third-party pivot.
    ToggleThirdParties,
    /// Show the selected incident's groups on the relations screen.
    ShowGroups,
    /// Open the profile of the selected group, or of the selected incident's groups.
    ShowProfile,
    /// Switch to the next colour theme.
    CycleTheme,
    /// Turn mouse capture on or off.
    ToggleMouse,
    /// Save the screen as an SVG file (the runtime writes it).
    SaveScreen,
    /// Export the current results as a Markdown report (the runtime writes it).
    ExportResults,
    /// Copy the selected incident as Markdown to the clipboard (the runtime sends it).
    CopyIncident,
    /// Open the selected incident in the user's editor at its line (the runtime does it).
    EditIncident,
    /// Open the selected incident's next source address in the browser, or copy it.
    OpenLink,
    /// Something the runtime did, to tell the user in the status bar.
    Notify(String),
    /// Next tour step.
    NextStep,
    /// Previous tour step.
    PreviousStep,
    /// Open the list of tours.
    ShowTours,
    /// Open the filter panel.
    ShowFilters,
    /// In the filter panel: choose or drop the value under the cursor.
    ToggleFilter,
    /// In the filter panel: move a year bound by this many years.
    AdjustYear(i32),
    /// Drop every filter.
    ClearFilters,
    /// Sort the results the next way.
    CycleSort,
    /// Open the help overlay at the section for where you are.
    ShowHelp,
    /// In the help overlay: type to filter its keys.
    FilterHelp,
    /// The data file changed and loaded: the new data, prepared.
    Reloaded(Box<super::Workspace>),
    /// The data file changed and no longer loads: its diagnostics.
    ReloadFailed(String),
    /// Switch to another screen.
    Show(View),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// A click at a cell.
    Click(u16, u16),
    /// The mouse wheel at a cell: -1 up, +1 down.
    Wheel(u16, u16, i32),
    /// A query's results are ready.
    SearchFinished(SearchResults),
    /// The filter panel's counts are ready.
    FacetsCounted {
        /// The question they answer.
        token: u64,
        /// The data they were counted on.
        generation: u64,
        /// The counts.
        counts: Box<crate::data::facets::FacetCounts>,
    },
}

impl Action {
    /// True for what happens to the app rather than what the user asks: these apply
    /// whatever layer is open.
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            Action::Resize(..)
                | Action::SearchFinished(_)
                | Action::Notify(_)
                | Action::Reloaded(_)
                | Action::ReloadFailed(_)
                | Action::FacetsCounted { .. }
        )
    }
}
