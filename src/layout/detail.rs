//! The detail document: everything the data holds about one incident, each statement with
//! its source as a numbered reference to the list at the bottom, as styled lines, and how
//! many rows they take at a width (for scrolling limits).

use std::borrow::Cow;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::thousands;
use crate::data::{Dataset, Fact, Incident, Text};
use crate::theme::Theme;

/// The most of one text the pane shows: wrapping is redone on every frame, and a
/// megabyte-long field would make each frame slow. Nobody reads that much in a pane.
const MAX_TEXT_CHARS: usize = 20_000;

/// The text, or its first [`MAX_TEXT_CHARS`] characters and a note of how long it is.
fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!(
            "{}… [cut here: {} characters in all]",
            &text[..cut],
            text.chars().count()
        )),
    }
}

/// The incident's sources in citation order: its own list, then any cited only by a statement.
fn cited_sources(incident: &Incident) -> Vec<&str> {
    let mut cited: Vec<&str> = incident.sources.iter().map(Text::as_str).collect();
    let statement_sources = incident
        .facts()
        .filter_map(|(_, f)| f.source.as_deref())
        .chain(
            incident
                .third_parties
                .iter()
                .filter_map(|t| t.source.as_deref()),
        )
        .chain(incident.records.iter().filter_map(|r| r.source.as_deref()))
        .chain(incident.timeline.iter().filter_map(|e| e.source.as_deref()))
        .chain(incident.claims.iter().map(|c| c.source.as_str()));
    for source in statement_sources {
        if !source.is_empty() && !cited.contains(&source) {
            cited.push(source);
        }
    }
    cited
}

struct Writer<'a> {
    lines: Vec<Line<'a>>,
    theme: &'a Theme,
    sources: Vec<&'a str>,
    only_source: Option<&'a str>,
}

impl<'a> Writer<'a> {
    fn cite(&self, source: Option<&str>) -> Span<'a> {
        let source = source.or(self.only_source);
        match source.and_then(|s| self.sources.iter().position(|&c| c == s)) {
            Some(n) => Span::styled(format!(" [{}]", n + 1), self.theme.dim),
            None => Span::raw(""),
        }
    }

    fn heading(&mut self, title: &'a str) {
        self.lines.push(Line::raw(""));
        self.lines.push(Line::styled(title, self.theme.heading));
    }

    fn fact(&mut self, fact: &'a Fact) {
        let mut spans = vec![Span::raw("• "), Span::raw(clip(&fact.text))];
        if let Some(by) = &fact.by {
            spans.push(Span::styled(format!(" (per {by})"), self.theme.dim));
        }
        spans.push(self.cite(fact.source.as_deref()));
        self.lines.push(Line::from(spans));
    }

    fn facts(&mut self, title: &'a str, facts: &'a [Fact]) {
        if !facts.is_empty() {
            self.heading(title);
            for fact in facts {
                self.fact(fact);
            }
        }
    }
}

fn organisation_line<'a>(data: &'a Dataset, id: &'a str, theme: &Theme) -> Vec<Span<'a>> {
    match data.organisation(id) {
        Some(org) => {
            let mut spans = vec![Span::raw(org.name.as_str())];
            let about: Vec<&str> = org
                .sector
                .iter()
                .chain(&org.country)
                .map(Text::as_str)
                .collect();
            if !about.is_empty() {
                spans.push(Span::styled(format!(" ({})", about.join(", ")), theme.dim));
            }
            spans
        }
        None => vec![Span::raw(id)],
    }
}

/// The pane's lines for one incident.
pub fn incident_lines<'a>(
    data: &'a Dataset,
    incident: &'a Incident,
    theme: &'a Theme,
) -> Vec<Line<'a>> {
    let sources = cited_sources(incident);
    let only_source = (incident.sources.len() == 1).then(|| incident.sources[0].as_str());
    let mut w = Writer {
        lines: Vec::new(),
        theme,
        sources,
        only_source,
    };
    w.lines
        .push(Line::styled(incident.title.as_str(), theme.heading));
    let date = incident
        .date
        .map_or_else(|| "date unknown".to_string(), |d| d.to_words());
    w.lines.push(Line::from(vec![
        Span::styled("When: ", theme.dim),
        Span::raw(date),
    ]));
    if let Some(note) = &incident.date_note {
        w.lines
            .push(Line::styled(format!("      {note}"), theme.dim));
    }
    if incident.thin {
        w.lines.push(Line::styled(
            "Thin: the sources only name this victim; everything else is unknown.",
            theme.warning,
        ));
    }
    if !incident.summary.is_empty() {
        w.lines.push(Line::raw(""));
        w.lines.push(Line::raw(clip(&incident.summary)));
    }
    w.heading("Victims");
    for victim in &incident.victims {
        let mut spans = vec![Span::raw("• ")];
        spans.extend(organisation_line(data, victim, theme));
        w.lines.push(Line::from(spans));
    }
    if !incident.third_parties.is_empty() {
        w.heading("Through third parties");
        for third_party in &incident.third_parties {
            let mut spans = vec![Span::raw("• ")];
            spans.extend(organisation_line(data, &third_party.organisation, theme));
            spans.push(Span::raw(format!(": {}", third_party.role)));
            spans.push(w.cite(third_party.source.as_deref()));
            w.lines.push(Line::from(spans));
        }
    }
    if let Some(entry) = &incident.entry_vector {
        w.heading("How they got in");
        w.fact(entry);
    }
    w.facts("Data exposed", &incident.data_exposed);
    w.facts("Data not exposed", &incident.data_not_exposed);
    if !incident.records.is_empty() {
        w.heading("Records");
        for record in &incident.records {
            let mut spans = vec![Span::raw(format!(
                "• {} {}",
                thousands(record.count),
                record.what
            ))];
            if let Some(by) = &record.by {
                spans.push(Span::styled(format!(" (per {by})"), theme.dim));
            }
            spans.push(w.cite(record.source.as_deref()));
            w.lines.push(Line::from(spans));
        }
    }
    w.facts("Response", &incident.response);
    if !incident.timeline.is_empty() {
        w.heading("Timeline");
        for event in &incident.timeline {
            let date = event
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_compact());
            w.lines.push(Line::from(vec![
                Span::styled(format!("{date:<10} "), theme.dim),
                Span::raw(clip(&event.text)),
                w.cite(event.source.as_deref()),
            ]));
        }
    }
    w.heading("Attribution");
    if incident.claims.is_empty() {
        w.lines
            .push(Line::styled("No group is named by any source.", theme.dim));
    }
    for claim in &incident.claims {
        let (glyph, style) = theme.stance(claim.stance);
        let group = data.group_name(&claim.group);
        let when = claim
            .date
            .map(|d| format!(", {}", d.to_compact()))
            .unwrap_or_default();
        w.lines.push(Line::from(vec![
            Span::styled(format!("{glyph} {:<10} ", claim.stance.label()), style),
            Span::raw(group),
            Span::styled(format!(" (by {}{when})", claim.by), theme.dim),
            w.cite(Some(&claim.source)),
        ]));
        if let Some(note) = &claim.note {
            w.lines.push(Line::styled(format!("  {note}"), theme.dim));
        }
    }
    w.facts("Notes", &incident.notes);
    if !incident.lessons.is_empty() {
        w.heading("Lessons");
        for lesson in &incident.lessons {
            w.lines.push(Line::from(vec![
                Span::styled(format!("{}: ", lesson.topic), theme.key),
                Span::raw(clip(&lesson.text)),
            ]));
        }
    }
    w.heading("Sources");
    for (n, id) in w.sources.clone().into_iter().enumerate() {
        let text = match data.source(id) {
            Some(source) => {
                let date = source
                    .date
                    .map(|d| format!(", {}", d.to_compact()))
                    .unwrap_or_default();
                let url = source
                    .url
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                format!(
                    "[{}] {}, “{}”{date}{url}",
                    n + 1,
                    source.outlet,
                    source.title
                )
            }
            None => format!("[{}] {id}", n + 1),
        };
        w.lines.push(Line::raw(text));
    }
    if !incident.tags.is_empty() {
        w.lines.push(Line::raw(""));
        w.lines.push(Line::styled(
            format!("Tags: {}", incident.tags.join(", ")),
            theme.dim,
        ));
    }
    w.lines
}

/// The document as a paragraph that wraps at the pane's width.
pub fn paragraph<'a>(lines: Vec<Line<'a>>) -> Paragraph<'a> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Rows an incident's detail takes at a width, for scrolling limits.
pub fn content_height(data: &Dataset, incident: &Incident, width: u16) -> usize {
    let theme = Theme::dark();
    paragraph(incident_lines(data, incident, &theme)).line_count(width)
}
