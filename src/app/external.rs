//! What leaves the app: the selected incident opened in the user's editor at its place in
//! its file, and its sources' addresses opened in the browser (or copied). `update` only
//! decides what to ask for; the runtime, which holds the terminal, carries it out.

use std::path::PathBuf;

use super::{App, Effect};
use crate::data::{Dataset, Incident};

/// An address fit to hand to a browser or a terminal's link: `http` or `https` only (no
/// `javascript:`, `file:` or anything else a data file might hold), and only the characters
/// a URL may hold (RFC 3986: letters, digits, `-._~:/?#[]@!$&'()*+,;=%`), so it cannot
/// break out of an escape sequence or a command line.
pub fn web_address(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let rest = url.split_once("://").map_or("", |(_, rest)| rest);
    let host_ok = !rest.is_empty() && !rest.starts_with('/');
    let bytes_ok = url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b));
    (scheme_ok && host_ok && bytes_ok).then_some(url)
}

/// The web addresses of an incident's sources, in the order the detail pane numbers them,
/// each with its number there.
pub fn incident_links(data: &Dataset, incident: &Incident) -> Vec<(usize, String)> {
    crate::layout::detail::cited_sources(incident)
        .into_iter()
        .enumerate()
        .filter_map(|(n, id)| {
            let url = data.source(id)?.url.as_deref()?;
            Some((n + 1, web_address(url)?.to_string()))
        })
        .collect()
}

impl App {
    /// The file the incident at `position` was read from, and its place among that file's
    /// incidents; none for the bundled data, which is compiled in.
    fn file_of(&self, position: usize) -> Option<(PathBuf, usize)> {
        let data = &self.workspace.data;
        let provenance = &data.provenance;
        if provenance.incident_file.is_empty() {
            // One file: the incidents are its own, in its order.
            return self.files.first().map(|path| (path.clone(), position));
        }
        let file = *provenance.incident_file.get(position)?;
        let in_file = provenance.incident_file[..position]
            .iter()
            .filter(|&&f| f == file)
            .count();
        // Files that failed to load are not in the provenance: match by the name shown.
        let name = provenance.files.get(usize::from(file))?;
        let path = self
            .files
            .iter()
            .find(|path| crate::data::clean::shown_path(path) == name.as_str())?;
        Some((path.clone(), in_file))
    }

    /// Asks the runtime to open the selected incident in the user's editor, at its line.
    pub(super) fn edit_focused_incident(&mut self) {
        let Some(position) = self.focused_incident() else {
            self.screen.notice = Some("Select an incident to edit it.".into());
            return;
        };
        let Some(incident) = self.workspace.incident(position) else {
            return;
        };
        let id = incident.id.to_string();
        match self.file_of(position as usize) {
            Some((path, index)) => self.effects.push(Effect::EditIncident { path, index, id }),
            None => {
                self.screen.notice = Some(
                    "The bundled data is built in: open a file (incident-explorer FILE) to edit it."
                        .into(),
                );
            }
        }
    }

    /// Asks the runtime to open the selected incident's next source address: the first on
    /// a new incident, then each in turn, as the detail pane numbers them.
    pub(super) fn open_focused_link(&mut self) {
        let Some(position) = self.focused_incident() else {
            self.screen.notice = Some("Select an incident to open its sources.".into());
            return;
        };
        let Some(incident) = self.workspace.incident(position) else {
            return;
        };
        let links = incident_links(&self.workspace.data, incident);
        if links.is_empty() {
            self.screen.notice = Some("This incident's sources have no web address.".into());
            return;
        }
        let next = match self.screen.last_link {
            Some((p, n)) if p == position => (n + 1) % links.len(),
            _ => 0,
        };
        self.screen.last_link = Some((position, next));
        let (number, url) = links[next].clone();
        self.effects.push(Effect::OpenLink {
            url,
            number,
            of: links.len(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_links() {
        assert_eq!(
            web_address("https://example.com/a?b=c;d"),
            Some("https://example.com/a?b=c;d")
        );
        assert_eq!(
            web_address(" HTTP://Example.com "),
            Some("HTTP://Example.com")
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/\u{1b}]8;;x\u{7}",
            "https://example.com/é",
            "https://example.org/]8;;https://evil.example/\\link]8;;\\",
            "https://example.com/\"onmouseover",
            "mailto:a@b.c",
            "//example.com",
        ] {
            assert_eq!(web_address(bad), None, "{bad:?}");
        }
    }
}
