//! Live reload: new data replaces the old whole, while the view, the selections, the query
//! and the filters stay; data that no longer loads is explained while the last good data
//! stays.

use super::{App, Layer, Workspace};

impl App {
    /// Swaps in freshly loaded data, keeping the user's place.
    pub(super) fn replace_data(&mut self, workspace: Workspace) {
        // Places name things by id, so this one is found again in the new data.
        let here = self.place();
        let tours = workspace.data.tours.len();
        self.search.raw = workspace.everything();
        self.workspace = workspace;
        // Rows of the screens not shown hold positions in the old data: start them afresh.
        let mode = self.panes.relations.mode;
        self.panes.relations = super::RelationsState {
            mode,
            ..Default::default()
        };
        self.panes.timeline = Default::default();
        self.screen.arriving = None;
        self.screen.reported_problem = None;
        self.layers.close(|layer| match layer {
            Layer::Problem(_) => true,
            Layer::Tour(progress) => progress.tour >= tours,
            _ => false,
        });
        // The query runs again on the new data; until then, everything is listed.
        let query = self.query().to_string();
        if !query.is_empty() {
            self.search.request = Some(query);
        }
        self.derive_results();
        self.go_to_after_reload(here);
        if self.layers.filter_panel().is_some() {
            self.refresh_filter_rows();
        }
        let reloaded = format!(
            "reloaded: {} incidents",
            self.workspace.data.incidents.len()
        );
        // What was said since the last key stays, before it: "back from vi …; reloaded".
        self.screen.notice = Some(match self.screen.notice.take() {
            Some(said) if !said.starts_with("reloaded: ") => format!("{said}; {reloaded}"),
            _ => reloaded,
        });
    }

    /// Restores `here` on the new data: at once, or once its query is answered.
    fn go_to_after_reload(&mut self, here: super::Place) {
        if self.is_searching() {
            self.panes.list = Default::default();
            self.refresh_views();
            self.screen.arriving = Some(here);
        } else {
            self.arrive(here);
        }
    }
}
