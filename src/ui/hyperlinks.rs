//! OSC 8 hyperlinks over a drawn frame. A ratatui cell holds text and style, not a link, so
//! links are written after the frame: the cells where a source's web address is shown are
//! written again between an OSC 8 opening and closing, with their own styles. A terminal
//! that knows OSC 8 makes them clickable; the next frame draws over changed cells as usual.
//! Only addresses that [`crate::app::external::web_address`] accepts (http or https,
//! printable ASCII) ever go into a sequence.

use ratatui::buffer::{Buffer, Cell};

use crate::app::App;
use crate::app::external::{incident_links, web_address};

/// A run of cells on one row that shows (part of) a link's address.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// The address it links to.
    pub url: String,
    /// The first cell's column.
    pub x: u16,
    /// The row.
    pub y: u16,
    /// The cells, as drawn.
    pub cells: Vec<Cell>,
}

/// The OSC 8 sequence that starts a link to `url`, or nothing when it is not a web address.
pub fn open(url: &str) -> Option<String> {
    web_address(url).map(|url| format!("\u{1b}]8;;{url}\u{1b}\\"))
}

/// False for terminals known to show OSC 8 as text or to have no use for it (the Linux
/// console, `TERM=dumb`); others either link or ignore it.
pub fn terminal_takes_links() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    !matches!(term.as_str(), "dumb" | "linux" | "")
}

/// The OSC 8 sequence that ends a link.
pub const CLOSE: &str = "\u{1b}]8;;\u{1b}\\";

/// The addresses the screen may show as links: those of the focused incident's sources.
pub fn shown_links(app: &App) -> Vec<String> {
    app.focused_incident()
        .and_then(|i| app.workspace.incident(i))
        .map(|incident| {
            incident_links(&app.workspace.data, incident)
                .into_iter()
                .map(|(_, url)| url)
                .collect()
        })
        .unwrap_or_default()
}

/// One row as text, a character per cell (a wide character's second cell is a space), so
/// a byte offset in an ASCII match is a column.
fn row_text(buffer: &Buffer, y: u16) -> Vec<char> {
    let area = buffer.area;
    (area.x..area.x + area.width)
        .map(|x| {
            let symbol = buffer[(x, y)].symbol();
            let mut chars = symbol.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii() => c,
                _ => '\u{0}',
            }
        })
        .collect()
}

fn find(haystack: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&at| haystack[at..at + needle.len()] == *needle)
}

/// Where the buffer shows each of `urls`: whole on a row, or wrapped, its start ending a row
/// and the rest starting the next rows' text (after their indent).
pub fn segments(buffer: &Buffer, urls: &[String]) -> Vec<Segment> {
    let area = buffer.area;
    let rows: Vec<Vec<char>> = (area.y..area.y + area.height)
        .map(|y| row_text(buffer, y))
        .collect();
    let cells = |x: usize, y: usize, len: usize| -> Vec<Cell> {
        (x..x + len)
            .map(|col| buffer[(area.x + col as u16, area.y + y as u16)].clone())
            .collect()
    };
    let mut found = Vec::new();
    for url in urls {
        let Some(url) = web_address(url) else {
            continue;
        };
        let needle: Vec<char> = url.chars().collect();
        for (y, row) in rows.iter().enumerate() {
            // Whole on this row.
            let mut from = 0;
            while let Some(at) = find(row, &needle, from) {
                found.push(Segment {
                    url: url.to_string(),
                    x: area.x + at as u16,
                    y: area.y + y as u16,
                    cells: cells(at, y, needle.len()),
                });
                from = at + needle.len();
            }
            // Wrapped: a start of it runs to the end of this row's text (a border or
            // spaces may follow), and the rest begins the next rows.
            let scheme: Vec<char> = url.chars().take(7).collect();
            let mut from = 0;
            while let Some(at) = find(row, &scheme, from) {
                from = at + 1;
                let run = row[at..]
                    .iter()
                    .take_while(|&&c| c != ' ' && c != '\u{0}' && c != '│')
                    .count();
                if run >= needle.len() || row[at..at + run] != needle[..run] {
                    continue;
                }
                let mut pieces = vec![(at, y, run)];
                let mut done = run;
                let mut next = y + 1;
                while done < needle.len() && next < rows.len() {
                    let line = &rows[next];
                    let Some(start) = line.iter().position(|&c| c != ' ' && c != '\u{0}') else {
                        break;
                    };
                    // The pane's left border comes first: skip it and its padding.
                    let start = if line[start] == '│' {
                        match line[start + 1..].iter().position(|&c| c != ' ') {
                            Some(p) => start + 1 + p,
                            None => break,
                        }
                    } else {
                        start
                    };
                    let take = line[start..]
                        .iter()
                        .zip(&needle[done..])
                        .take_while(|(a, b)| a == b)
                        .count();
                    if take == 0 {
                        break;
                    }
                    pieces.push((start, next, take));
                    done += take;
                    next += 1;
                }
                if done == needle.len() {
                    for (x, y, len) in pieces {
                        found.push(Segment {
                            url: url.to_string(),
                            x: area.x + x as u16,
                            y: area.y + y as u16,
                            cells: cells(x, y, len),
                        });
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn buffer(lines: &[&str]) -> Buffer {
        let width = lines.iter().map(|l| l.len()).max().unwrap_or(0) as u16;
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, lines.len() as u16));
        for (y, line) in lines.iter().enumerate() {
            buffer.set_string(0, y as u16, line, ratatui::style::Style::default());
        }
        buffer
    }

    #[test]
    fn an_address_whole_on_a_row_and_one_wrapped_over_two_are_found() {
        let urls = vec![
            "https://a.example.com/x".to_string(),
            "http://b.example.org/a-long-path".to_string(),
        ];
        let shown = buffer(&[
            "│ [1] News https://a.example.com/x │",
            "│ [2] Blog http://b.example.org/a- │",
            "│     long-path                    │",
        ]);
        let found = segments(&shown, &urls);
        let places: Vec<(u16, u16, usize, &str)> = found
            .iter()
            .map(|s| (s.x, s.y, s.cells.len(), s.url.as_str()))
            .collect();
        assert_eq!(
            places,
            vec![
                (11, 0, 23, "https://a.example.com/x"),
                (11, 1, 23, "http://b.example.org/a-long-path"),
                (6, 2, 9, "http://b.example.org/a-long-path"),
            ]
        );
    }

    #[test]
    fn only_web_addresses_become_sequences() {
        assert_eq!(
            open("https://a.example.com/x"),
            Some("\u{1b}]8;;https://a.example.com/x\u{1b}\\".to_string())
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://a.example.com/\u{7}",
        ] {
            assert_eq!(open(bad), None, "{bad:?}");
        }
        let urls = vec!["javascript:alert(1)".to_string()];
        assert!(segments(&buffer(&["javascript:alert(1)"]), &urls).is_empty());
    }
}
