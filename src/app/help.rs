//! The help overlay's content, generated from the keymap: the section for where you are
//! first, then the keys shared by every screen (once), then every other mode's own keys;
//! filtered by the words typed after `/`.

use super::keymap::{Keymap, Mode, keys_label, types_text};

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title; `here` marks the section for where the help was opened.
    Heading {
        /// The title.
        title: &'static str,
        /// This is where you are.
        here: bool,
    },
    /// A binding: its keys and what they do.
    Key {
        /// The keys, as `j/↓`.
        keys: String,
        /// What they do.
        description: &'static str,
    },
    /// Space between sections.
    Blank,
}

/// True when every word of `filter` is in the text (ignoring case).
fn matches(filter: &[String], text: &str) -> bool {
    let text = text.to_lowercase();
    filter.iter().all(|word| text.contains(word.as_str()))
}

/// The overlay's lines when opened from `here`, keeping only the keys `filter` matches.
pub fn help_lines(keymap: &Keymap, here: Mode, filter: &str) -> Vec<HelpLine> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    let mut all = keymap.sections();
    // Where you are comes first, so it is what the overlay opens on.
    if let Some(position) = all.iter().position(|s| s.mode == Some(here)) {
        let section = all.remove(position);
        all.insert(0, section);
    }
    let mut lines = Vec::new();
    for section in all {
        let mut keys: Vec<HelpLine> = section
            .bindings
            .iter()
            .map(|binding| (keys_label(binding), binding.description))
            .chain(
                section
                    .mode
                    .filter(|&m| types_text(m))
                    .map(|_| ("any character".to_string(), "type it")),
            )
            .filter(|(keys, description)| matches(&words, &format!("{keys} {description}")))
            .map(|(keys, description)| HelpLine::Key { keys, description })
            .collect();
        if keys.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Heading {
            title: section.title,
            here: section.mode == Some(here),
        });
        lines.append(&mut keys);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(lines: &[HelpLine]) -> Vec<&'static str> {
        lines
            .iter()
            .filter_map(|l| match l {
                HelpLine::Heading { title, .. } => Some(*title),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn opens_on_the_section_for_where_you_are() {
        let lines = help_lines(Keymap::standard(), Mode::Matrix, "");
        assert_eq!(
            lines.first(),
            Some(&HelpLine::Heading {
                title: Mode::Matrix.title(),
                here: true
            })
        );
    }

    #[test]
    fn lists_the_shared_keys_once() {
        let lines = help_lines(Keymap::standard(), Mode::List, "");
        let quits = lines
            .iter()
            .filter(|l| matches!(l, HelpLine::Key { description, .. } if description.starts_with("quit (with")))
            .count();
        assert_eq!(quits, 1, "q is described once, not per mode");
        let copies = lines
            .iter()
            .filter(|l| matches!(l, HelpLine::Key { keys, .. } if keys == "y"))
            .count();
        assert_eq!(copies, 1);
    }

    #[test]
    fn a_filter_keeps_matching_keys_under_their_headings() {
        let lines = help_lines(Keymap::standard(), Mode::List, "matrix");
        let titles = headings(&lines);
        assert!(titles.contains(&Mode::Matrix.title()), "{titles:?}");
        assert!(lines.iter().any(
            |l| matches!(l, HelpLine::Key { keys, description } if keys == "m" && description.contains("matrix"))
        ));
        assert!(help_lines(Keymap::standard(), Mode::List, "no such words anywhere").is_empty());
    }
}
