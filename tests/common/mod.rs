//! Shared test harness: the app over the bundled data, driven by keys as a person types
//! them, drawn into ratatui's test backend.
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use incident_explorer::app::App;
use incident_explorer::app::events::action_for_event;
use incident_explorer::data::{Dataset, load_bundled};
use incident_explorer::search::{SearchIndex, Searcher};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub struct Harness {
    pub app: App,
    pub searcher: Searcher,
}

pub fn bundled() -> Dataset {
    load_bundled().unwrap_or_else(|e| panic!("{e}")).dataset
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_data(bundled(), width, height)
    }

    pub fn with_data(data: Dataset, width: u16, height: u16) -> Harness {
        let index = Arc::new(SearchIndex::build(Arc::new(data)));
        Harness {
            app: App::new(index.clone(), (width, height)),
            searcher: Searcher::new(index),
        }
    }

    /// Sends one terminal event through the same path the running app uses.
    pub fn event(&mut self, event: Event) {
        if let Some(action) = action_for_event(&self.app, &event) {
            self.app.update(action);
            self.app.run_pending_search(&mut self.searcher);
        }
    }

    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.event(Event::Key(KeyEvent::new(code, modifiers)));
    }

    /// Types keys: plain characters, or names in angle brackets such as `<Esc>`,
    /// `<Enter>`, `<Tab>`, `<Down>`, `<Up>`, `<PageDown>`, `<Home>`, `<End>`, `<BS>`, `<C-c>`.
    pub fn press(&mut self, keys: &str) {
        let mut rest = keys;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
                && end > 1
            {
                let name = &rest[1..end];
                rest = &rest[end + 1..];
                let (code, modifiers) = match name {
                    "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                    "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                    "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                    "Down" => (KeyCode::Down, KeyModifiers::NONE),
                    "Up" => (KeyCode::Up, KeyModifiers::NONE),
                    "PageDown" => (KeyCode::PageDown, KeyModifiers::NONE),
                    "PageUp" => (KeyCode::PageUp, KeyModifiers::NONE),
                    "Home" => (KeyCode::Home, KeyModifiers::NONE),
                    "End" => (KeyCode::End, KeyModifiers::NONE),
                    "BS" => (KeyCode::Backspace, KeyModifiers::NONE),
                    "Space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                    other if other.starts_with("C-") => {
                        let c = other.chars().last().unwrap_or('c');
                        (KeyCode::Char(c), KeyModifiers::CONTROL)
                    }
                    other => panic!("unknown key name <{other}>"),
                };
                self.key(code, modifiers);
            } else {
                rest = &rest[c.len_utf8()..];
                self.key(KeyCode::Char(c), KeyModifiers::NONE);
            }
        }
    }

    pub fn buffer(&self) -> Buffer {
        let (width, height) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal
            .draw(|frame| incident_explorer::ui::draw(frame, &self.app))
            .expect("draw");
        terminal.backend().buffer().clone()
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        buffer_text(&self.buffer())
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.event(Event::Resize(width, height));
    }

    pub fn selected_id(&self) -> Option<String> {
        self.app.selected_incident().map(|i| i.id.clone())
    }
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen as text with highlighted (underlined) runs wrapped in «», so snapshots show
/// what a query matched.
pub fn highlighted_text(buffer: &Buffer) -> String {
    use ratatui::style::Modifier;
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut inside = false;
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            let marked = cell.modifier.contains(Modifier::UNDERLINED);
            if marked != inside {
                line.push(if marked { '«' } else { '»' });
                inside = marked;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        if inside {
            line.push('»');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
