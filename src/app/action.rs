//! Everything that can happen to the app, as values: keys and mouse become actions through
//! the keymap, and [`super::App::update`] is the one place that applies them.

use crate::search::SearchResults;

/// The screens, switched with number keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Search, results and detail.
    Incidents,
    /// Groups against the targets they claimed or are suspected of.
    Relations,
    /// Incidents along time.
    Timeline,
}

/// Which pane takes the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The search line: typing edits the query.
    Search,
    /// The result list.
    List,
    /// The detail pane.
    Detail,
    /// The relations view's group list.
    Groups,
    /// The selected group's targets.
    Targets,
    /// The groups-by-targets matrix.
    Matrix,
    /// Targets by the third party they went through.
    ThirdParties,
    /// The timeline.
    Timeline,
}

/// A change to the app's state.
#[derive(Clone, Debug)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Put the cursor in the search line.
    FocusSearch,
    /// Back out: leave search, leave the detail, close help, or clear the query.
    Back,
    /// Type a character into the query.
    Insert(char),
    /// Paste text into the query.
    Paste(String),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Empty the query.
    ClearQuery,
    /// Move the selection, or scroll the detail, by this many rows.
    Move(i32),
    /// Move by a page up (-1) or down (+1).
    Page(i32),
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Switch focus between the list and the detail.
    ToggleFocus,
    /// Open the selected incident's detail.
    Open,
    /// Move the matrix's selected column (group) left (-1) or right (+1).
    Column(i32),
    /// Switch the relations view between its list and the matrix.
    ToggleMatrix,
    /// Switch the relations view between its list and the third-party pivot.
    ToggleThirdParties,
    /// Show the selected incident's groups in the relations view.
    ShowGroups,
    /// Switch to the next colour theme.
    CycleTheme,
    /// Save the screen as an SVG file (the runtime writes it).
    SaveScreen,
    /// Export the current results as a Markdown report (the runtime writes it).
    ExportResults,
    /// Copy the selected incident as Markdown to the clipboard (the runtime sends it).
    CopyIncident,
    /// Something the runtime did, to tell the user in the status bar.
    Notify(String),
    /// Next tour step.
    NextStep,
    /// Previous tour step.
    PreviousStep,
    /// Leave the tour for free browsing.
    LeaveTour,
    /// Open the list of tours.
    ShowTours,
    /// Open or close the filter panel.
    ToggleFilters,
    /// In the filter panel: choose or drop the value under the cursor.
    ToggleFilter,
    /// In the filter panel: move a year bound by this many years.
    AdjustYear(i32),
    /// Drop every filter.
    ClearFilters,
    /// Sort the results the next way.
    CycleSort,
    /// The data file changed and loaded: the new data, prepared.
    Reloaded(Box<super::Prepared>),
    /// The data file changed and no longer loads: its diagnostics.
    ReloadFailed(String),
    /// Show or hide the help overlay.
    ToggleHelp,
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
}

impl Action {
    /// True for what happens to the app rather than what the user asks: these apply
    /// whatever overlay is open.
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            Action::Resize(..)
                | Action::SearchFinished(_)
                | Action::Notify(_)
                | Action::Reloaded(_)
                | Action::ReloadFailed(_)
        )
    }
}
