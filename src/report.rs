//! Everything the commands print, to standard error or standard output, goes through here:
//! messages quote file names, values from data files and command-line arguments, and no byte
//! of those may drive the terminal. [`escape_message`] is the one function that makes a
//! message safe: each line is escaped as [`escape_for_terminal`] escapes a value, and only
//! the line breaks between them stay.

use std::fmt::Display;
use std::io::Write;

use crate::data::clean::escape_for_terminal;

/// `text` made safe to print: every control, bidirectional, invisible or selector
/// character written as an escape such as `\u{1b}`, except the line breaks of a message
/// of several lines (a `\r` before one goes too).
pub fn escape_message(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| escape_for_terminal(line.strip_suffix('\r').unwrap_or(line)))
        .collect();
    lines.join("\n")
}

/// Prints a message and a line break on standard error, escaped.
pub fn stderr(message: impl Display) {
    let text = escape_message(&message.to_string());
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Prints a message and a line break on standard output, escaped. A closed pipe
/// (`check | head`) is not an error worth reporting.
pub fn stdout(message: impl Display) {
    let text = escape_message(&message.to_string());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_keeps_its_lines_and_loses_every_escape() {
        let message = "error: bad\u{1b}]0;TITLE\u{7} value\r\n  --> a\u{202e}b.ron\n\u{9b}2J";
        let escaped = escape_message(message);
        assert_eq!(escaped.lines().count(), 3);
        assert!(
            escaped
                .chars()
                .all(|c| c == '\n' || !(c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c))),
            "{escaped:?}"
        );
        assert!(escaped.contains(r"\u{1b}]0;TITLE\u{7}"), "{escaped}");
        assert!(escaped.contains(r"a\u{202e}b.ron"), "{escaped}");
        assert!(escaped.contains(r"\u{9b}2J"), "{escaped}");
    }
}
