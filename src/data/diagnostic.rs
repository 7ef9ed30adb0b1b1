//! Diagnostics in the manner of a compiler: what is wrong, where (file, line, column), the
//! offending line with a caret under it, and a one-line hint on what to do.

use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::clean::printable_line;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// The file loads, but something looks unintended.
    Warning,
}

/// A place in a file, with the line shown to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The offending line, made printable and cut to a window around the column.
    pub excerpt: String,
    /// Display columns before the caret within `excerpt`.
    pub caret_offset: usize,
    /// How many display columns to underline.
    pub caret_width: usize,
}

/// One problem found in a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file's name as the user gave it.
    pub file: String,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it, in one line.
    pub hint: String,
}

/// The longest excerpt shown, in characters; longer lines are cut around the column.
const EXCERPT_WINDOW: usize = 100;

impl Location {
    /// Locates a byte span of `text`: line, column and a printable excerpt.
    pub fn from_span(text: &str, span: Range<usize>) -> Location {
        Location::from_span_in(text, &line_starts(text), span)
    }

    /// Like [`Location::from_span`], with the text's lines indexed once by the caller: a
    /// file with thousands of problems, even on one long line, is located in one pass.
    pub fn from_span_in(text: &str, lines: &LineStarts, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line = lines.starts.partition_point(|&s| s <= start).max(1);
        let line_start = lines.starts.get(line - 1).copied().unwrap_or(0).min(start);
        let line_end = lines
            .starts
            .get(line)
            .map_or(text.len(), |next| next - 1)
            .max(start);
        let column = lines.chars_before(text, start) - lines.chars_before(text, line_start) + 1;
        let marked_chars = text[start..end.min(line_end)].chars().count().max(1);
        Location::around(
            line,
            column,
            &text[line_start..line_end],
            start - line_start,
            marked_chars,
        )
    }

    /// Locates a 1-based line and character column (as `ron` reports them).
    pub fn from_line_column(text: &str, line: usize, column: usize) -> Location {
        let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
        let caret = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(at, _)| at);
        Location::around(line.max(1), column.max(1), line_text, caret, 1)
    }

    /// The excerpt of `line_text` around the byte `caret`: only the window shown is read,
    /// so a place on a 50 MB line costs as little as one on a short line.
    fn around(
        line: usize,
        column: usize,
        line_text: &str,
        caret: usize,
        marked_chars: usize,
    ) -> Location {
        let line_text = line_text.trim_end_matches('\r');
        let caret = floor_char_boundary(line_text, caret.min(line_text.len()));
        let (head, tail) = line_text.split_at(caret);
        // Half the window before the caret; the rest after it.
        let head_start = head
            .char_indices()
            .rev()
            .take(EXCERPT_WINDOW / 2)
            .last()
            .map_or(caret, |(at, _)| at);
        let head = &head[head_start..];
        let tail_room = EXCERPT_WINDOW - head.chars().count();
        let tail_end = tail
            .char_indices()
            .nth(tail_room)
            .map_or(tail.len(), |(at, _)| at);
        let tail = &tail[..tail_end];
        let mut excerpt = String::new();
        if head_start > 0 {
            excerpt.push('…');
        }
        excerpt.push_str(&printable_line(head));
        let caret_offset = excerpt.width();
        let tail = printable_line(tail);
        let marked: String = tail.chars().take(marked_chars).collect();
        excerpt.push_str(&tail);
        if caret + tail_end < line_text.len() {
            excerpt.push('…');
        }
        Location {
            line,
            column,
            excerpt,
            caret_offset,
            caret_width: marked.width().max(1),
        }
    }
}

/// Where each line of a text starts, with counts of characters along the way, so that a
/// byte offset turns into a line and a column without reading the line from its start.
#[derive(Clone, Debug, Default)]
pub struct LineStarts {
    /// The byte offset where each line starts (the first is 0).
    starts: Vec<usize>,
    /// Every [`CHECKPOINT`] bytes (at a character boundary): the byte offset and how many
    /// characters come before it.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between character-count checkpoints: a column is counted from at most this far.
const CHECKPOINT: usize = 4096;

impl LineStarts {
    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let index = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (at, count) = index
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .copied()
            .unwrap_or((0, 0));
        count + text[at..offset].chars().count()
    }
}

/// Indexes the lines of `text` (one pass) for [`Location::from_span_in`].
pub fn line_starts(text: &str) -> LineStarts {
    let starts = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut checkpoints = vec![(0, 0)];
    let mut counted = 0;
    let mut at = 0;
    while at + CHECKPOINT < text.len() {
        let next = floor_char_boundary(text, at + CHECKPOINT);
        counted += text[at..next].chars().count();
        checkpoints.push((next, counted));
        at = next;
    }
    LineStarts {
        starts,
        checkpoints,
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(
        file: &str,
        location: Option<Location>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// `file:line:column`, or the file alone.
    pub fn position(&self) -> String {
        match &self.location {
            Some(at) => format!("{}:{}:{}", self.file, at.line, at.column),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        match &self.location {
            Some(at) => {
                let gutter = at.line.to_string().len();
                writeln!(f, "{:gutter$}--> {}", "", self.position())?;
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", at.line, at.excerpt)?;
                writeln!(
                    f,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(at.caret_offset),
                    "^".repeat(at.caret_width)
                )?;
                write!(f, "{:gutter$} = hint: {}", "", self.hint)
            }
            None => {
                writeln!(f, " --> {}", self.file)?;
                write!(f, "  = hint: {}", self.hint)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_line_with_a_caret_under_the_column() {
        let text = "(\n    id: \"x\",\n    name: 42,\n)";
        let start = text.find("42").unwrap();
        let diagnostic = Diagnostic::error(
            "data.ron",
            Some(Location::from_span(text, start..start + 2)),
            "expected a string",
            "put the name in quotes",
        );
        let rendered = diagnostic.to_string();
        assert_eq!(
            rendered,
            "error: expected a string\n --> data.ron:3:11\n  |\n3 |     name: 42,\n  |           ^^\n  = hint: put the name in quotes"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let at = Location::from_span(&text, 5000..5001);
        assert_eq!(at.column, 5001);
        assert!(at.excerpt.chars().count() <= EXCERPT_WINDOW + 2);
        assert_eq!(at.excerpt.chars().nth(at.caret_offset), Some('X'));
    }

    #[test]
    fn hostile_bytes_in_the_excerpt_are_neutralised() {
        let text = "name: \"\u{1b}]0;owned\u{7}\"";
        let at = Location::from_line_column(text, 1, 7);
        assert!(!at.excerpt.contains('\u{1b}'));
        assert!(!at.excerpt.contains('\u{7}'));
    }

    /// The straightforward reading (whole line, character by character), as it was before
    /// lines were indexed: the indexed one must give the same answers.
    fn read_whole_line(text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line = text[..start].matches('\n').count() + 1;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let chars: Vec<char> = printable_line(line_text).chars().collect();
        let column = text[line_start..start].chars().count() + 1;
        let marked_chars = text[start..end.min(line_end)].chars().count().max(1);
        let caret = (column - 1).min(chars.len());
        let window_start = caret.saturating_sub(EXCERPT_WINDOW / 2);
        let window_end = (window_start + EXCERPT_WINDOW).min(chars.len());
        let mut excerpt = String::new();
        if window_start > 0 {
            excerpt.push('…');
        }
        excerpt.extend(&chars[window_start..caret]);
        let caret_offset = excerpt.width();
        excerpt.extend(&chars[caret..window_end]);
        if window_end < chars.len() {
            excerpt.push('…');
        }
        let marked: String = chars[caret..(caret + marked_chars).min(window_end)]
            .iter()
            .collect();
        Location {
            line,
            column,
            excerpt,
            caret_offset,
            caret_width: marked.width().max(1),
        }
    }

    proptest::proptest! {
        #[test]
        fn indexed_lines_locate_like_reading_the_whole_line(
            text in "([a-z]{0,40}|é|字|\t|\u{1b}|\r|\n){0,300}",
            start in 0usize..1200,
            length in 0usize..20,
        ) {
            proptest::prop_assert_eq!(
                Location::from_span(&text, start..start + length),
                read_whole_line(&text, start..start + length)
            );
        }
    }

    #[test]
    fn ten_thousand_places_on_one_long_line_are_each_found() {
        // A minified file: one line, a problem every 100 bytes.
        let text = "(id: \"x\"), ".repeat(100_000);
        let lines = line_starts(&text);
        for (i, start) in (0..text.len()).step_by(100).take(10_000).enumerate() {
            let at = Location::from_span_in(&text, &lines, start..start + 1);
            assert_eq!((at.line, at.column), (1, i * 100 + 1));
        }
    }

    #[test]
    fn out_of_range_positions_do_not_panic() {
        let _ = Location::from_line_column("", 99, 99);
        let _ = Location::from_span("é", 1..99);
    }
}
