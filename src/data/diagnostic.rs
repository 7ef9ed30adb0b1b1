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

    /// Like [`Location::from_span`], with the text's line starts computed once by the
    /// caller: a file with thousands of problems is located in one pass, not one per problem.
    pub fn from_span_in(text: &str, line_starts: &[usize], span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line = line_starts.partition_point(|&s| s <= start).max(1);
        let line_start = line_starts.get(line - 1).copied().unwrap_or(0).min(start);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let before: Vec<char> = text[line_start..start].chars().collect();
        let column = before.len() + 1;
        let marked_chars = text[start..end.min(line_end).max(start)]
            .chars()
            .count()
            .max(1);
        Location::build(line, column, line_text, marked_chars)
    }

    /// Locates a 1-based line and character column (as `ron` reports them).
    pub fn from_line_column(text: &str, line: usize, column: usize) -> Location {
        let line_text = text
            .split('\n')
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r');
        Location::build(line.max(1), column.max(1), line_text, 1)
    }

    fn build(line: usize, column: usize, line_text: &str, marked_chars: usize) -> Location {
        let chars: Vec<char> = printable_line(line_text).chars().collect();
        let caret_index = (column - 1).min(chars.len());
        // Keep the caret in view on very long lines: show a window around it.
        let window_start = caret_index.saturating_sub(EXCERPT_WINDOW / 2);
        let window_end = (window_start + EXCERPT_WINDOW).min(chars.len());
        let mut excerpt = String::new();
        if window_start > 0 {
            excerpt.push('…');
        }
        let head: String = chars[window_start..caret_index.max(window_start)]
            .iter()
            .collect();
        excerpt.push_str(&head);
        let caret_offset = excerpt.width();
        let tail: String = chars[caret_index.min(window_end)..window_end]
            .iter()
            .collect();
        excerpt.push_str(&tail);
        if window_end < chars.len() {
            excerpt.push('…');
        }
        let marked_end = (caret_index + marked_chars).min(window_end);
        let marked: String = chars[caret_index.min(marked_end)..marked_end]
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
}

/// The byte offset where each line of `text` starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
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

    #[test]
    fn out_of_range_positions_do_not_panic() {
        let _ = Location::from_line_column("", 99, 99);
        let _ = Location::from_span("é", 1..99);
    }
}
