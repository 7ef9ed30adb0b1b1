//! An incident as Markdown: for the clipboard and for `export --format markdown`.

use std::fmt::Write;

use super::model::{Dataset, Incident};

fn source_citation(data: &Dataset, id: &str) -> String {
    match data.source(id) {
        Some(source) => {
            let date = source
                .date
                .map(|d| format!(", {}", d.to_words()))
                .unwrap_or_default();
            match &source.url {
                Some(url) => format!("{}, [{}]({url}){date}", source.outlet, source.title),
                None => format!("{}, “{}”{date}", source.outlet, source.title),
            }
        }
        None => id.to_string(),
    }
}

/// The incident's title, dates, victims, third parties, claims with their sources, and
/// its sources, as Markdown.
pub fn incident_markdown(data: &Dataset, incident: &Incident) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", incident.title);
    let when = incident
        .date
        .map_or_else(|| "date unknown".to_string(), |d| d.to_words());
    let _ = writeln!(out, "- **When:** {when}");
    if let Some(note) = &incident.date_note {
        let _ = writeln!(out, "  ({note})");
    }
    let _ = writeln!(out, "- **Victims:** {}", data.victim_names(incident));
    for third_party in &incident.third_parties {
        let _ = writeln!(
            out,
            "- **Through:** {} ({})",
            data.organisation_name(&third_party.organisation),
            third_party.role
        );
    }
    for record in &incident.records {
        let _ = writeln!(out, "- **Records:** {} {}", record.count, record.what);
    }
    if incident.thin {
        let _ = writeln!(out, "- *The sources only name this victim.*");
    }
    if !incident.summary.is_empty() {
        let _ = writeln!(out, "\n{}", incident.summary);
    }
    let _ = writeln!(out, "\n### Attribution\n");
    if incident.claims.is_empty() {
        let _ = writeln!(out, "No group is named by any source.");
    }
    for claim in &incident.claims {
        let group = data.group_name(&claim.group);
        let when = claim
            .date
            .map(|d| format!(", {}", d.to_compact()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {group}: **{}** by {}{when} (source: {})",
            claim.stance.label(),
            claim.by,
            source_citation(data, &claim.source)
        );
    }
    let _ = writeln!(out, "\n### Sources\n");
    for source in &incident.sources {
        let _ = writeln!(out, "- {}", source_citation(data, source));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_bundled;

    #[test]
    fn maxis_reads_as_claim_and_dispute_with_sources() {
        let data = load_bundled().unwrap().dataset;
        let maxis = data.incident("maxis-2024").unwrap();
        let markdown = incident_markdown(&data, maxis);
        assert!(markdown.starts_with("## "));
        assert!(markdown.contains("- **Victims:** Maxis"));
        assert!(
            markdown.contains("R00TK1T: **claimed** by R00TK1T"),
            "{markdown}"
        );
        assert!(markdown.contains("**disputed** by Maxis"), "{markdown}");
        assert!(markdown.contains("iTnews Asia"), "{markdown}");
    }
}
