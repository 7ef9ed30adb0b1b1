//! The search line as a line editor (readline's keys, through `tui-input`), and the
//! "did you mean" suggestion a query that finds nothing is offered.

use tui_input::{Input, InputRequest};

use super::{Action, App, Edit, Layer};

/// The editor request for an edit.
fn request(edit: Edit) -> InputRequest {
    match edit {
        Edit::Left => InputRequest::GoToPrevChar,
        Edit::Right => InputRequest::GoToNextChar,
        Edit::WordLeft => InputRequest::GoToPrevWord,
        Edit::WordRight => InputRequest::GoToNextWord,
        Edit::Home => InputRequest::GoToStart,
        Edit::End => InputRequest::GoToEnd,
        Edit::DeleteBack => InputRequest::DeletePrevChar,
        Edit::DeleteForward => InputRequest::DeleteNextChar,
        Edit::DeleteWordBack => InputRequest::DeletePrevWord,
        Edit::DeleteWordForward => InputRequest::DeleteNextWord,
        Edit::DeleteToStart => InputRequest::DeleteFromStart,
        Edit::DeleteToEnd => InputRequest::DeleteTillEnd,
    }
}

/// Applies a typing action to a line; true when the text changed (not only the cursor).
pub(super) fn edit_line(input: &mut Input, action: &Action) -> bool {
    match action {
        Action::Insert(c) if !c.is_control() => {
            input.handle(InputRequest::InsertChar(*c));
            true
        }
        Action::Paste(text) => {
            // Pasted lines become one line; control characters never reach the query.
            for c in text.chars() {
                let c = if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                };
                if !c.is_control() {
                    input.handle(InputRequest::InsertChar(c));
                }
            }
            true
        }
        Action::Edit(edit) => input
            .handle(request(*edit))
            .is_some_and(|changed| changed.value),
        _ => false,
    }
}

impl App {
    /// Replaces the query, cursor at its end, and asks for it to be searched.
    pub(super) fn set_query_text(&mut self, query: &str) {
        if query != self.query() {
            self.search.input = Input::new(query.to_string());
            self.search.request = Some(query.to_string());
        }
    }

    /// An action while the search line has the keys.
    pub(super) fn apply_to_search_line(&mut self, action: Action) {
        match action {
            Action::Insert(_) | Action::Paste(_) | Action::Edit(_)
                if edit_line(&mut self.search.input, &action) =>
            {
                self.search.request = Some(self.query().to_string());
            }
            Action::Submit => {
                if self.suggestion().is_some() {
                    self.take_suggestion();
                } else {
                    self.layers.pop();
                    self.screen.focus = self.main_pane();
                }
            }
            Action::TakeSuggestion => self.take_suggestion(),
            Action::Close => {
                self.layers.pop();
            }
            Action::Move(_) | Action::Page(_) => self.apply_to_screen(action),
            Action::ShowHelp => self.open_help(),
            _ => {}
        }
    }

    /// The first suggestion for a query that found nothing, if there is one.
    pub fn suggestion(&self) -> Option<&crate::search::Suggestion> {
        if !self.search.raw.hits.is_empty() || self.is_searching() {
            return None;
        }
        self.search.raw.suggestions.first()
    }

    /// Searches for the first suggestion instead of the query that found nothing.
    pub(super) fn take_suggestion(&mut self) {
        match self.suggestion().map(|s| s.name.clone()) {
            Some(name) => {
                self.set_query_text(&name);
                self.screen.notice = Some(format!("searching for {name} instead"));
            }
            None if self.search.results.hits.is_empty() && !self.query().is_empty() => {
                self.screen.notice = Some("No name in the data is close to that.".into());
            }
            None => {}
        }
    }

    /// True while the line being typed is the search line (for the cursor).
    pub fn search_line_has_keys(&self) -> bool {
        matches!(self.layers.top(), Some(Layer::Search))
    }
}
