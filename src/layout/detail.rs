//! The detail document: everything the data holds about one incident, each statement with
//! its source as a numbered reference to the list at the bottom, laid out at a width: rows
//! wrapped with hanging indents (a bullet's second row starts under its text), and where
//! each section starts, for jumping to it. Shared by `update` (scroll limits, section jumps)
//! and drawing, so both agree row for row.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::thousands;
use super::wrap::{Block, wrap};
use crate::data::{Dataset, Fact, Incident, Text};
use crate::theme::Theme;

pub use crate::data::IncidentSection as Section;

/// A source written out in full for a numbered list: outlet, “title”, date and address;
/// an id no source has is shown as it is.
pub fn source_citation(data: &Dataset, id: &str) -> String {
    match data.source(id) {
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
            format!("{}, “{}”{date}{url}", source.outlet, source.title)
        }
        None => id.to_string(),
    }
}

/// The incident's sources in citation order: its own list, then any cited only by a statement.
pub fn cited_sources(incident: &Incident) -> Vec<&str> {
    let mut cited: Vec<&str> = incident.sources.iter().map(Text::as_str).collect();
    let statement_sources = incident
        .facts()
        .filter_map(|(_, f)| f.source().map(Text::as_str))
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
    blocks: Vec<Block<'a>>,
    /// Each section with the block its heading is.
    sections: Vec<(Section, usize)>,
    theme: &'a Theme,
    sources: Vec<&'a str>,
    only_source: Option<&'a str>,
}

impl<'a> Writer<'a> {
    fn line(&mut self, spans: Vec<Span<'a>>, hang: usize) {
        self.blocks.push(Block { spans, hang });
    }

    fn blank(&mut self) {
        self.line(Vec::new(), 0);
    }

    fn cite(&self, source: Option<&str>) -> Span<'a> {
        let source = source.or(self.only_source);
        match source.and_then(|s| self.sources.iter().position(|&c| c == s)) {
            Some(n) => Span::styled(format!(" [{}]", n + 1), self.theme.dim),
            None => Span::raw(""),
        }
    }

    fn heading(&mut self, section: Section) {
        self.blank();
        self.sections.push((section, self.blocks.len()));
        self.line(vec![Span::styled(section.title(), self.theme.heading)], 0);
    }

    /// A bulleted line: rows after the first start under the text, not the bullet.
    fn bullet(&mut self, mut spans: Vec<Span<'a>>) {
        spans.insert(0, Span::raw("• "));
        self.line(spans, 2);
    }

    fn fact(&mut self, fact: &'a Fact) {
        let mut spans = vec![Span::raw(fact.text.as_str())];
        if let Some(by) = fact.by() {
            spans.push(Span::styled(format!(" (per {by})"), self.theme.dim));
        }
        spans.push(self.cite(fact.source().map(Text::as_str)));
        self.bullet(spans);
    }

    fn facts(&mut self, section: Section, facts: &'a [Fact]) {
        if !facts.is_empty() {
            self.heading(section);
            for fact in facts {
                self.fact(fact);
            }
        }
    }
}

fn organisation_spans<'a>(data: &'a Dataset, id: &'a str, theme: &Theme) -> Vec<Span<'a>> {
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

/// The document's logical lines, before wrapping, with where each section starts.
fn blocks<'a>(
    data: &'a Dataset,
    incident: &'a Incident,
    theme: &'a Theme,
) -> (Vec<Block<'a>>, Vec<(Section, usize)>) {
    let sources = cited_sources(incident);
    let only_source = (incident.sources.len() == 1).then(|| incident.sources[0].as_str());
    let mut w = Writer {
        blocks: Vec::new(),
        sections: Vec::new(),
        theme,
        sources,
        only_source,
    };
    w.line(
        vec![Span::styled(incident.title.as_str(), theme.heading)],
        0,
    );
    let date = incident
        .date
        .map_or_else(|| "date unknown".to_string(), |d| d.to_words());
    w.line(vec![Span::styled("When: ", theme.dim), Span::raw(date)], 6);
    if let Some(note) = &incident.date_note {
        w.line(
            vec![Span::raw("      "), Span::styled(note.as_str(), theme.dim)],
            6,
        );
    }
    if let Some(file) = data.file_of(incident) {
        w.line(vec![Span::styled("From: ", theme.dim), Span::raw(file)], 6);
    }
    if incident.thin {
        w.line(
            vec![Span::styled(
                "Thin: the sources only name this victim; everything else is unknown.",
                theme.warning,
            )],
            0,
        );
    }
    if !incident.summary.is_empty() {
        w.blank();
        w.line(vec![Span::raw(incident.summary.as_str())], 0);
    }
    // Who is behind it comes first: it is what a room asks about.
    w.heading(Section::Attribution);
    if incident.claims.is_empty() {
        w.line(
            vec![Span::styled("No group is named by any source.", theme.dim)],
            0,
        );
    }
    for claim in &incident.claims {
        let (glyph, style) = theme.stance(claim.stance);
        let group = data.group_name(&claim.group);
        let when = claim
            .date()
            .map(|d| format!(", {}", d.to_compact()))
            .unwrap_or_default();
        let label = format!("{glyph} {:<10} ", claim.stance.label());
        let hang = label.width();
        let spans = vec![
            Span::styled(label, style),
            Span::raw(group),
            Span::styled(format!(" (by {}{when})", claim.by), theme.dim),
            w.cite(Some(&claim.source)),
        ];
        w.line(spans, hang);
        if let Some(note) = claim.note() {
            w.line(
                vec![
                    Span::raw(" ".repeat(hang)),
                    Span::styled(note.as_str(), theme.dim),
                ],
                hang,
            );
        }
    }
    w.heading(Section::Victims);
    for victim in &incident.victims {
        w.bullet(organisation_spans(data, victim, theme));
    }
    if !incident.third_parties.is_empty() {
        w.heading(Section::ThirdParties);
        for third_party in &incident.third_parties {
            let mut spans = organisation_spans(data, &third_party.organisation, theme);
            spans.push(Span::raw(format!(": {}", third_party.role)));
            spans.push(w.cite(third_party.source.as_deref()));
            w.bullet(spans);
        }
    }
    if let Some(entry) = &incident.entry_vector {
        w.heading(Section::Entry);
        w.fact(entry);
    }
    w.facts(Section::Exposed, &incident.data_exposed);
    w.facts(Section::NotExposed, &incident.data_not_exposed);
    if !incident.records.is_empty() {
        w.heading(Section::Records);
        for record in &incident.records {
            let mut spans = vec![Span::raw(format!(
                "{} {}",
                thousands(record.count),
                record.what
            ))];
            if let Some(by) = &record.by {
                spans.push(Span::styled(format!(" (per {by})"), theme.dim));
            }
            spans.push(w.cite(record.source.as_deref()));
            w.bullet(spans);
        }
    }
    w.facts(Section::Response, &incident.response);
    if !incident.timeline.is_empty() {
        w.heading(Section::Timeline);
        for event in &incident.timeline {
            let date = event
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_compact());
            let date = format!("{date:<10} ");
            let hang = date.width();
            let spans = vec![
                Span::styled(date, theme.dim),
                Span::raw(event.text.as_str()),
                w.cite(event.source.as_deref()),
            ];
            w.line(spans, hang);
        }
    }
    w.facts(Section::Notes, &incident.notes);
    if !incident.lessons.is_empty() {
        w.heading(Section::Lessons);
        for lesson in &incident.lessons {
            w.bullet(vec![
                Span::styled(format!("{}: ", lesson.topic), theme.key),
                Span::raw(lesson.text.as_str()),
            ]);
        }
    }
    w.heading(Section::Sources);
    for (n, id) in w.sources.clone().into_iter().enumerate() {
        let number = format!("[{}] ", n + 1);
        let hang = number.width();
        w.line(
            vec![Span::raw(number), Span::raw(source_citation(data, id))],
            hang,
        );
    }
    if !incident.tags.is_empty() {
        w.blank();
        w.line(
            vec![Span::styled(
                format!("Tags: {}", incident.tags.join(", ")),
                theme.dim,
            )],
            6,
        );
    }
    (w.blocks, w.sections)
}

/// The detail of one incident laid out at a width.
#[derive(Debug, Default)]
pub struct Document<'a> {
    /// One line per row on screen.
    pub rows: Vec<Line<'a>>,
    /// Each section present, with the row its heading is on.
    pub sections: Vec<(Section, usize)>,
}

/// Lays the detail of `incident` out at `width` columns.
pub fn document<'a>(
    data: &'a Dataset,
    incident: &'a Incident,
    theme: &'a Theme,
    width: u16,
) -> Document<'a> {
    let (blocks, block_sections) = blocks(data, incident, theme);
    let width = usize::from(width).max(1);
    let mut rows = Vec::new();
    let mut sections = Vec::new();
    let mut next_section = block_sections.iter().peekable();
    for (position, block) in blocks.into_iter().enumerate() {
        while let Some(&&(section, at)) = next_section.peek() {
            if at != position {
                break;
            }
            sections.push((section, rows.len()));
            next_section.next();
        }
        rows.extend(wrap(block, width));
    }
    Document { rows, sections }
}

/// Rows an incident's detail takes at a width, for scrolling limits.
pub fn content_height(data: &Dataset, incident: &Incident, width: u16) -> usize {
    document(data, incident, &Theme::dark(), width).rows.len()
}

/// Where each section starts at a width, for jumping to it.
pub fn section_rows(data: &Dataset, incident: &Incident, width: u16) -> Vec<(Section, usize)> {
    document(data, incident, &Theme::dark(), width).sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn attribution_comes_right_after_the_summary() {
        let data = crate::data::load_bundled().expect("bundled").dataset;
        let qantas = data.incident("qantas-2025").expect("qantas");
        let theme = Theme::dark();
        let doc = document(&data, qantas, &theme, 60);
        let order: Vec<Section> = doc.sections.iter().map(|(s, _)| *s).collect();
        assert_eq!(order.first(), Some(&Section::Attribution));
        assert_eq!(order.last(), Some(&Section::Sources));
        let (_, row) = doc.sections[0];
        assert_eq!(text(&doc.rows[row]), "Attribution");
        assert!(row < 20, "attribution starts on row {row}");
    }

    #[test]
    fn tours_name_sections_in_plain_words() {
        assert_eq!(Section::named("attribution"), Some(Section::Attribution));
        assert_eq!(Section::named("third-parties"), Some(Section::ThirdParties));
        assert_eq!(
            Section::named("Data not exposed"),
            Some(Section::NotExposed)
        );
        assert_eq!(Section::named("timeline"), Some(Section::Timeline));
        assert_eq!(Section::named("nowhere"), None);
    }
}
