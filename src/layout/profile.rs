//! A group's profile, laid out at a width: everything the data knows of one group (kind,
//! motive and origin with their sources, every alias with who coined it, the description,
//! references) and what its links say (targets by stance, the first and last dated one).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::detail::source_citation;
use super::wrap::{Block, wrap};
use crate::data::links::Links;
use crate::data::{Dataset, Stance, Text};
use crate::theme::Theme;

/// What a group's links add up to, over the whole data set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Links per stance, in [`Stance::ALL`] order.
    pub by_stance: [usize; 6],
    /// Different incidents the links reach.
    pub targets: usize,
    /// The earliest dated target: its date in words and its victims.
    pub first: Option<(String, String)>,
    /// The latest dated target.
    pub last: Option<(String, String)>,
}

/// Counts a group's links and finds its first and last dated targets. Links are kept newest
/// first, so the last is the first link with a date and the first the last one.
pub fn record(data: &Dataset, links: &Links, group: usize) -> Record {
    let Some(links) = links.by_group.get(group) else {
        return Record::default();
    };
    let mut by_stance = [0; 6];
    let mut incidents: Vec<u32> = Vec::with_capacity(links.len());
    for link in links {
        if let Some(stance) = Stance::ALL.iter().position(|&s| s == link.stance) {
            by_stance[stance] += 1;
        }
        incidents.push(link.incident);
    }
    incidents.sort_unstable();
    incidents.dedup();
    let dated = |link: &crate::data::links::Link| {
        let incident = data.incidents.get(link.incident as usize)?;
        let date = incident.date?;
        Some((date.to_words(), super::text::victims(data, incident)))
    };
    Record {
        by_stance,
        targets: incidents.len(),
        last: links.iter().find_map(dated),
        first: links.iter().rev().find_map(dated),
    }
}

/// The profile of the group at `group` (its position in the data), as rows `width` wide.
pub fn profile<'a>(
    data: &'a Dataset,
    links: &Links,
    group: usize,
    theme: &'a Theme,
    width: u16,
) -> Vec<Line<'a>> {
    let Some(group_data) = data.groups.get(group) else {
        return vec![Line::styled("No such group.", theme.dim)];
    };
    let mut blocks: Vec<Block<'a>> = Vec::new();
    let mut line = |spans: Vec<Span<'a>>, hang: usize| blocks.push(Block { spans, hang });
    // The group's sources, numbered as they are cited below.
    let mut cited: Vec<&'a str> = group_data.sources.iter().map(Text::as_str).collect();
    for alias in &group_data.aliases {
        if let Some(source) = alias.source.as_deref()
            && !cited.contains(&source)
        {
            cited.push(source);
        }
    }
    let cite = |source: Option<&str>| -> Span<'a> {
        match source.and_then(|s| cited.iter().position(|&c| c == s)) {
            Some(n) => Span::styled(format!(" [{}]", n + 1), theme.dim),
            None => Span::raw(""),
        }
    };
    let all_sources: String = (1..=group_data.sources.len())
        .map(|n| format!(" [{n}]"))
        .collect();
    line(
        vec![Span::styled(group_data.name.as_str(), theme.heading)],
        0,
    );
    line(
        vec![
            Span::styled("Kind:   ", theme.dim),
            Span::raw(group_data.kind.label()),
        ],
        8,
    );
    for (label, value) in [
        ("Motive: ", &group_data.motive),
        ("Origin: ", &group_data.origin),
    ] {
        let text = value.as_deref().unwrap_or("not stated in the data");
        line(
            vec![
                Span::styled(label, theme.dim),
                Span::raw(text),
                Span::styled(
                    if value.is_some() {
                        all_sources.clone()
                    } else {
                        String::new()
                    },
                    theme.dim,
                ),
            ],
            8,
        );
    }
    line(Vec::new(), 0);
    line(vec![Span::styled("Also known as", theme.heading)], 0);
    if group_data.aliases.is_empty() {
        line(vec![Span::styled("no alias in the data", theme.dim)], 0);
    }
    for (position, alias) in group_data.aliases.iter().enumerate() {
        let mut spans = vec![Span::raw("• "), Span::raw(alias.name.as_str())];
        if let Some(by) = &alias.coined_by {
            spans.push(Span::styled(format!(", coined by {by}"), theme.dim));
        }
        spans.push(cite(alias.source.as_deref()));
        if let Some(file) = data.provenance.file_of_alias(group, position) {
            spans.push(Span::styled(format!(" ({file})"), theme.dim));
        }
        line(spans, 2);
    }
    if !group_data.description.is_empty() {
        line(Vec::new(), 0);
        line(vec![Span::styled("About", theme.heading)], 0);
        line(
            vec![
                Span::raw(group_data.description.as_str()),
                Span::styled(all_sources.clone(), theme.dim),
            ],
            0,
        );
    }
    let record = record(data, links, group);
    line(Vec::new(), 0);
    line(vec![Span::styled("Targets", theme.heading)], 0);
    let claims: usize = record.by_stance.iter().sum();
    line(
        vec![Span::raw(format!(
            "{} target{} in {} claim{}",
            record.targets,
            if record.targets == 1 { "" } else { "s" },
            claims,
            if claims == 1 { "" } else { "s" }
        ))],
        0,
    );
    let mut stances = Vec::new();
    for (stance, count) in Stance::ALL.iter().zip(record.by_stance) {
        if count > 0 {
            let (glyph, style) = theme.stance(*stance);
            stances.push(Span::styled(
                format!("{count} {glyph} {}  ", stance.label()),
                style,
            ));
        }
    }
    if !stances.is_empty() {
        line(stances, 0);
    }
    for (label, found) in [
        ("First dated: ", &record.first),
        ("Last dated:  ", &record.last),
    ] {
        if let Some((date, victims)) = found {
            let hang = label.width();
            line(
                vec![
                    Span::styled(label, theme.dim),
                    Span::raw(format!("{date}, {victims}")),
                ],
                hang,
            );
        }
    }
    if !group_data.references.is_empty() {
        line(Vec::new(), 0);
        line(vec![Span::styled("References", theme.heading)], 0);
        for reference in &group_data.references {
            line(vec![Span::raw("• "), Span::raw(reference.as_str())], 2);
        }
    }
    if !cited.is_empty() {
        line(Vec::new(), 0);
        line(vec![Span::styled("Sources", theme.heading)], 0);
        for (n, id) in cited.iter().enumerate() {
            let number = format!("[{}] ", n + 1);
            let hang = number.width();
            line(
                vec![Span::raw(number), Span::raw(source_citation(data, id))],
                hang,
            );
        }
    }
    let width = usize::from(width).max(1);
    blocks.into_iter().flat_map(|b| wrap(b, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> (Dataset, Links) {
        let data = crate::data::load_bundled().expect("bundled").dataset;
        let links = Links::build(&data, &data.newest_first());
        (data, links)
    }

    #[test]
    fn a_profile_names_who_coined_an_alias_and_counts_targets_by_stance() {
        let (data, links) = bundled();
        let spider = data
            .groups
            .iter()
            .position(|g| g.id == "scattered-spider")
            .expect("Scattered Spider");
        let theme = Theme::dark();
        let text: Vec<String> = profile(&data, &links, spider, &theme, 80)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        let text = text.join("\n");
        assert!(text.contains("UNC3944, coined by Mandiant"), "{text}");
        assert!(text.contains("3 targets in 3 claims"), "{text}");
        assert!(text.contains("3 ◇ suspected"), "{text}");
    }

    #[test]
    fn a_claim_and_its_dispute_are_one_target() {
        let (data, links) = bundled();
        let rootkit = data
            .groups
            .iter()
            .position(|g| g.id == "r00tk1t")
            .expect("R00TK1T");
        let record = record(&data, &links, rootkit);
        assert_eq!(record.targets, 3, "Maxis, Aminia, YouTutor");
        assert_eq!(record.by_stance.iter().sum::<usize>(), 4, "Maxis twice");
        assert!(record.first.is_some() && record.last.is_some());
    }
}
