//! The app without a terminal: driven by keys, drawn into ratatui's test backend. Used by
//! the `screenshot` command and by the tests, so both see exactly what a user would.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;

use crate::app::App;
use crate::app::events::action_for_event;
use crate::data::Dataset;
use crate::search::{SearchIndex, SearchResults, Searcher};

/// An app with its searcher, answering every query at once, or, once
/// [`Headless::hold_results`] is called, holding the answers back for a test to deliver
/// late, out of order, or after the data was replaced, as a search thread can.
#[derive(Debug)]
pub struct Headless {
    /// The app's state.
    pub app: App,
    /// Runs the app's queries inline.
    pub searcher: Searcher,
    /// Answers computed but not yet delivered, oldest first, while results are held.
    held: Option<Vec<SearchResults>>,
}

/// Why a key sequence could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a key sequence: plain characters, or names in angle brackets (`<Esc>`, `<Enter>`,
/// `<Tab>`, `<Down>`, `<Up>`, `<Left>`, `<Right>`, `<PageDown>`, `<PageUp>`, `<Home>`,
/// `<End>`, `<BS>`, `<Del>`, `<Space>`, `<S-Tab>`, `<C-x>` for Ctrl-x, `<M-x>` for Alt-x,
/// `<C-Left>`, `<C-Right>`, `<M-Left>`, `<M-Right>`).
pub fn parse_keys(keys: &str) -> Result<Vec<KeyEvent>, KeyError> {
    let mut events = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let name_end = rest.find('>').filter(|&end| c == '<' && end > 1);
        let Some(end) = name_end else {
            rest = &rest[c.len_utf8()..];
            events.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        };
        let name = &rest[1..end];
        rest = &rest[end + 1..];
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let event = match name {
            "Esc" => plain(KeyCode::Esc),
            "Enter" => plain(KeyCode::Enter),
            "Tab" => plain(KeyCode::Tab),
            "Down" => plain(KeyCode::Down),
            "Up" => plain(KeyCode::Up),
            "Left" => plain(KeyCode::Left),
            "Right" => plain(KeyCode::Right),
            "PageDown" => plain(KeyCode::PageDown),
            "PageUp" => plain(KeyCode::PageUp),
            "Home" => plain(KeyCode::Home),
            "End" => plain(KeyCode::End),
            "BS" => plain(KeyCode::Backspace),
            "Del" => plain(KeyCode::Delete),
            "Space" => plain(KeyCode::Char(' ')),
            "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "C-Left" => KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL),
            "C-Right" => KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL),
            "M-Left" => KeyEvent::new(KeyCode::Left, KeyModifiers::ALT),
            "M-Right" => KeyEvent::new(KeyCode::Right, KeyModifiers::ALT),
            "M-BS" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT),
            other => {
                let modified = |prefix: &str, modifiers: KeyModifiers| {
                    let rest = other.strip_prefix(prefix)?;
                    let mut chars = rest.chars();
                    let c = chars.next()?;
                    chars
                        .next()
                        .is_none()
                        .then(|| KeyEvent::new(KeyCode::Char(c), modifiers))
                };
                match modified("C-", KeyModifiers::CONTROL)
                    .or_else(|| modified("M-", KeyModifiers::ALT))
                {
                    Some(event) => event,
                    None => return Err(KeyError(format!("unknown key name <{other}>"))),
                }
            }
        };
        events.push(event);
    }
    Ok(events)
}

impl Headless {
    /// An app over `data` on a screen of `width` × `height` cells.
    pub fn new(data: Dataset, width: u16, height: u16) -> Headless {
        let index = Arc::new(SearchIndex::build(Arc::new(data)));
        Headless {
            app: App::new(index.clone(), (width, height)),
            searcher: Searcher::new(index),
            held: None,
        }
    }

    /// Sends one terminal event through the same path the running app uses.
    pub fn event(&mut self, event: Event) {
        if let Some(action) = action_for_event(&self.app, &event) {
            self.app.update(action);
            self.answer();
        }
    }

    /// Runs what the app asked for: the search is answered at once, or held.
    fn answer(&mut self) {
        let Some(held) = &mut self.held else {
            self.app.run_pending_search(&mut self.searcher);
            return;
        };
        if let Some(query) = self.app.take_search_request() {
            held.push(self.searcher.run(&query));
        }
        if let Some(job) = self.app.take_count_job() {
            self.app.update(job.answer());
        }
    }

    /// From now on, search results wait until [`Headless::deliver`] hands them over.
    pub fn hold_results(&mut self) {
        self.held.get_or_insert_with(Vec::new);
    }

    /// The queries whose answers are held, oldest first.
    pub fn held_queries(&self) -> Vec<String> {
        self.held
            .iter()
            .flatten()
            .map(|r| r.query.text.clone())
            .collect()
    }

    /// Hands the held answer to `query` to the app, as a search thread would when it
    /// finishes; false if no answer to it is held.
    pub fn deliver(&mut self, query: &str) -> bool {
        let Some(held) = &mut self.held else {
            return false;
        };
        let Some(position) = held.iter().position(|r| r.query.text == query) else {
            return false;
        };
        let results = held.remove(position);
        self.app.update(crate::app::Action::SearchFinished(results));
        self.answer();
        true
    }

    /// Starts a tour, as `--tour` does, and answers its first step's search.
    pub fn start_tour(&mut self, id: &str) -> Result<(), String> {
        self.app.start_tour(id)?;
        self.answer();
        Ok(())
    }

    /// Swaps in reloaded data, as the running app does when the file is saved. Answers
    /// held from the old data stay held.
    pub fn reload(&mut self, index: Arc<SearchIndex>) {
        self.searcher = Searcher::new(index.clone());
        let workspace = crate::app::Workspace::from_index(index);
        self.app
            .update(crate::app::Action::Reloaded(Box::new(workspace)));
        self.answer();
    }

    /// Types a key sequence (see [`parse_keys`]).
    pub fn press(&mut self, keys: &str) -> Result<(), KeyError> {
        for key in parse_keys(keys)? {
            self.event(Event::Key(key));
        }
        Ok(())
    }

    /// Draws the current screen.
    pub fn render(&self) -> Buffer {
        crate::ui::render_to_buffer(&self.app)
    }
}
