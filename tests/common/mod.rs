//! Shared test harness: the app over the bundled data, driven by keys as a person types
//! them, drawn into ratatui's test backend.
#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use incident_explorer::app::Layer;
use incident_explorer::data::{Dataset, load_bundled};
use incident_explorer::headless::Headless;
use ratatui::buffer::Buffer;

pub struct Harness(pub Headless);

impl std::ops::Deref for Harness {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.0
    }
}

impl std::ops::DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut Headless {
        &mut self.0
    }
}

pub fn bundled() -> Dataset {
    load_bundled().unwrap_or_else(|e| panic!("{e}")).dataset
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_data(bundled(), width, height)
    }

    pub fn with_data(data: Dataset, width: u16, height: u16) -> Harness {
        Harness(Headless::new(data, width, height))
    }

    /// Types keys: plain characters, or names in angle brackets such as `<Esc>`.
    pub fn press(&mut self, keys: &str) {
        self.0.press(keys).unwrap_or_else(|e| panic!("{e}"));
    }

    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.0.event(Event::Key(KeyEvent::new(code, modifiers)));
    }

    pub fn buffer(&self) -> Buffer {
        self.0.render()
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        buffer_text(&self.buffer())
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.0.event(Event::Resize(width, height));
    }

    /// True while the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.app.layers.is_open(|l| matches!(l, Layer::Help(_)))
    }

    /// Rows the help overlay is scrolled, when it is open.
    pub fn help_scroll(&self) -> Option<u16> {
        self.app.layers.iter().find_map(|l| match l {
            Layer::Help(help) => Some(help.scroll),
            _ => None,
        })
    }

    pub fn selected_id(&self) -> Option<String> {
        self.app.selected_incident().map(|i| i.id.to_string())
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

/// True when a cell is drawn with the selection's look: the default (dark) theme's
/// selection background, or reverse video (the matrix's cell, the high-contrast theme).
fn is_selection(cell: &ratatui::buffer::Cell) -> bool {
    use ratatui::style::Modifier;
    let selected = incident_explorer::theme::Theme::dark().selected;
    (selected.bg.is_some() && Some(cell.bg) == selected.bg)
        || cell.modifier.contains(Modifier::REVERSED)
}

/// The screen as text with highlighted (underlined) runs wrapped in «», so snapshots show
/// what a query matched, and selected runs (the selection bar, the current tab, the
/// matrix's cell) wrapped in ⟦⟧, so snapshots show which row is selected.
pub fn highlighted_text(buffer: &Buffer) -> String {
    use ratatui::style::Modifier;
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let (mut selected, mut highlighted) = (false, false);
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            let select = is_selection(cell);
            let highlight = cell.modifier.contains(Modifier::UNDERLINED);
            // Close the inner run first, so the marks nest.
            if highlighted && (!highlight || select != selected) {
                line.push('»');
                highlighted = false;
            }
            if select != selected {
                line.push(if select { '⟦' } else { '⟧' });
                selected = select;
            }
            if highlight && !highlighted {
                line.push('«');
                highlighted = true;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        if highlighted {
            line.push('»');
        }
        if selected {
            line.push('⟧');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Snapshots the screen after `keys` at 80x24 (a terminal), 90x26 (a projector with a large
/// font) and 120x40, named `NAME_WxH`. A macro, so that insta files the snapshots under the
/// calling test file.
#[allow(unused_macros)]
macro_rules! snapshot_at_both_sizes {
    ($name:expr, $keys:expr) => {
        for (width, height) in [(80, 24), (90, 26), (120, 40)] {
            let mut h = common::Harness::new(width, height);
            h.press($keys);
            insta::assert_snapshot!(
                format!("{}_{width}x{height}", $name),
                common::highlighted_text(&h.buffer())
            );
        }
    };
}
#[allow(unused_imports)]
pub(crate) use snapshot_at_both_sizes;

/// A file or folder from the shared folder beside the repository (`../shared`, or the
/// folder `INCIDENT_EXPLORER_SHARED` names) that a test needs. Locally, where the shared
/// folder may be absent, the test is skipped with a note on stderr (`None`). `.ci/run`
/// looks for the shared folder and, when it finds it, names it in
/// `INCIDENT_EXPLORER_SHARED`: then a missing file fails the test, so CI never counts a
/// skipped test as a pass.
pub fn shared_path(relative: &str) -> Option<std::path::PathBuf> {
    let named = std::env::var_os("INCIDENT_EXPLORER_SHARED").filter(|v| !v.is_empty());
    let folder = match &named {
        Some(folder) => std::path::PathBuf::from(folder),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    let path = folder.join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        named.is_none(),
        "{} is missing from the shared folder CI found, and CI must run every test",
        path.display()
    );
    eprintln!(
        "skipped: {} is not available; the shared folder sits beside the repository",
        path.display()
    );
    None
}

/// The text of the cells inside `area` drawn with the selection's look, row by row.
pub fn selected_text_in(buffer: &Buffer, area: ratatui::layout::Rect) -> String {
    let area = area.intersection(buffer.area);
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| &buffer[(x, y)])
            .filter(|cell| is_selection(cell))
            .map(|cell| cell.symbol())
            .collect();
        if !row.trim().is_empty() {
            out.push_str(row.trim());
            out.push('\n');
        }
    }
    out
}
