//! Exporting incidents: `incident-explorer export --format json|csv|markdown`.
//!
//! The selection is every incident of the file, or the hits of a search (`--query`, the
//! app's own fuzzy search, best first), narrowed by an [`IncidentFilter`]. Without a query
//! the incidents keep the file's order.
//!
//! - **json**: one object with the data format's own lists and field names: `incidents`
//!   (the selection) and the `organisations`, `groups` and `sources` they refer to (absent
//!   optional values are `null`). It is a valid data set by itself.
//! - **csv**: one row per incident with a header row; lists are joined with `; `. A cell
//!   that starts with `=`, `+`, `-` or `@` gets a leading `'`, so that a spreadsheet does
//!   not run it as a formula.
//! - **markdown**: a heading saying what was exported, then each incident as the app copies
//!   it (`crate::data::markdown`): title, dates in words with their precision, victims,
//!   third parties, records, summary, claims with stance, who makes them and their source,
//!   and the sources. It is inert: data text is escaped and the only links are sources'
//!   http(s) addresses (see `crate::data::markdown`).

use std::fmt::Write as _;
use std::sync::Arc;

use clap::ValueEnum;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::data::markdown::{self, incident_markdown};
use crate::data::{Dataset, Incident, Stance};
use crate::search::{SearchIndex, Searcher};

/// The formats `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The selected incidents and what they refer to, as JSON.
    Json,
    /// One row per incident.
    Csv,
    /// A readable report.
    Markdown,
}

/// Which incidents to keep. Every condition given must hold; an empty filter keeps all.
///
/// The app can build one from its own state and call [`IncidentFilter::matches`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    /// A group id: some claim names this group (with `stance`, the same claim has it).
    pub group: Option<String>,
    /// Some claim has this stance (with `group`, a claim about that group).
    pub stance: Option<Stance>,
    /// Some victim's sector contains this text (ignoring case and accents).
    pub sector: Option<String>,
    /// Some victim's country is this one (ignoring case and accents).
    pub country: Option<String>,
    /// The incident's date reaches this year or later (an undated incident does not match).
    pub since: Option<i32>,
    /// The incident's date reaches this year or earlier (an undated incident does not match).
    pub until: Option<i32>,
}

/// Lowercase, accents removed, for comparing names.
fn fold(text: &str) -> String {
    text.trim()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl IncidentFilter {
    /// True when the filter keeps every incident.
    pub fn is_empty(&self) -> bool {
        *self == IncidentFilter::default()
    }

    /// True when `incident` (of `data`) meets every condition.
    pub fn matches(&self, data: &Dataset, incident: &Incident) -> bool {
        if self.group.is_some() || self.stance.is_some() {
            let claim_matches = incident.claims.iter().any(|claim| {
                self.group.as_ref().is_none_or(|g| claim.group == *g)
                    && self.stance.is_none_or(|s| claim.stance == s)
            });
            if !claim_matches {
                return false;
            }
        }
        if self.sector.is_some() || self.country.is_some() {
            let sector = self.sector.as_deref().map(fold);
            let country = self.country.as_deref().map(fold);
            let victims = incident
                .victims
                .iter()
                .filter_map(|id| data.organisation(id));
            let mut sector_found = sector.is_none();
            let mut country_found = country.is_none();
            for victim in victims {
                if let (Some(wanted), Some(has)) = (&sector, &victim.sector)
                    && fold(has).contains(wanted.as_str())
                {
                    sector_found = true;
                }
                if let (Some(wanted), Some(has)) = (&country, &victim.country)
                    && fold(has) == *wanted
                {
                    country_found = true;
                }
            }
            if !(sector_found && country_found) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = incident.date else {
                return false;
            };
            let first = date.year;
            let last = date.until_year.unwrap_or(date.year);
            if self.since.is_some_and(|since| last < since)
                || self.until.is_some_and(|until| first > until)
            {
                return false;
            }
        }
        true
    }

    /// The conditions in words, for a report's heading.
    pub fn describe(&self, data: &Dataset) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(group) = &self.group {
            let name = data
                .group(group)
                .map_or(group.as_str(), |g| g.name.as_str());
            parts.push(format!("group {name}"));
        }
        if let Some(stance) = self.stance {
            parts.push(format!("stance {}", stance.label()));
        }
        if let Some(sector) = &self.sector {
            parts.push(format!("sector {sector}"));
        }
        if let Some(country) = &self.country {
            parts.push(format!("country {country}"));
        }
        match (self.since, self.until) {
            (Some(since), Some(until)) => parts.push(format!("{since} to {until}")),
            (Some(since), None) => parts.push(format!("since {since}")),
            (None, Some(until)) => parts.push(format!("until {until}")),
            (None, None) => {}
        }
        parts
    }
}

/// Parses a stance name as given on the command line (`suspected`, `Claimed`).
pub fn parse_stance(text: &str) -> Result<Stance, String> {
    let wanted = text.trim().to_lowercase();
    Stance::ALL
        .into_iter()
        .find(|s| s.label() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = Stance::ALL.iter().map(|s| s.label()).collect();
            format!("no stance \"{text}\"; choose one of: {}", names.join(", "))
        })
}

/// The id of the group `text` names: its id, or its name or an alias (ignoring case).
pub fn resolve_group(data: &Dataset, text: &str) -> Result<String, String> {
    if data.group(text).is_some() {
        return Ok(text.to_string());
    }
    let wanted = fold(text);
    let found: Vec<&str> = data
        .groups
        .iter()
        .filter(|g| {
            fold(&g.id) == wanted
                || fold(&g.name) == wanted
                || g.aliases.iter().any(|a| fold(&a.name) == wanted)
        })
        .map(|g| g.id.as_str())
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => {
            let known: Vec<&str> = data.groups.iter().map(|g| g.id.as_str()).collect();
            Err(format!(
                "no group \"{text}\" (by id, name or alias); known: {}",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        }
        several => Err(format!(
            "\"{text}\" names several groups ({}); give the id",
            several.join(", ")
        )),
    }
}

/// Positions of the incidents to export: the search hits for `query` (best first) or the
/// whole file in order, kept when `filter` matches.
pub fn select(data: &Arc<Dataset>, query: Option<&str>, filter: &IncidentFilter) -> Vec<usize> {
    let order: Vec<usize> = match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(query) => {
            let index = Arc::new(SearchIndex::build(Arc::clone(data)));
            let mut searcher = Searcher::new(index);
            searcher
                .run(query)
                .hits
                .iter()
                .map(|hit| hit.incident as usize)
                .collect()
        }
        None => (0..data.incidents.len()).collect(),
    };
    order
        .into_iter()
        .filter(|&i| {
            data.incidents
                .get(i)
                .is_some_and(|incident| filter.matches(data, incident))
        })
        .collect()
}

/// The selected incidents with the organisations, groups and sources they refer to, each
/// list in file order: a data set of its own.
pub fn subset(data: &Dataset, selected: &[usize]) -> Dataset {
    let incidents: Vec<Incident> = selected
        .iter()
        .filter_map(|&i| data.incidents.get(i).cloned())
        .collect();
    let mut organisation_ids = std::collections::HashSet::new();
    let mut group_ids = std::collections::HashSet::new();
    let mut source_ids = std::collections::HashSet::new();
    for incident in &incidents {
        organisation_ids.extend(incident.victims.iter().cloned());
        organisation_ids.extend(
            incident
                .third_parties
                .iter()
                .map(|t| t.organisation.clone()),
        );
        group_ids.extend(incident.claims.iter().map(|c| c.group.clone()));
        source_ids.extend(incident.sources.iter().cloned());
        source_ids.extend(incident.claims.iter().map(|c| c.source.clone()));
        source_ids.extend(incident.facts().filter_map(|(_, f)| f.source().cloned()));
        source_ids.extend(
            incident
                .third_parties
                .iter()
                .filter_map(|t| t.source.clone()),
        );
        source_ids.extend(incident.records.iter().filter_map(|r| r.source.clone()));
        source_ids.extend(incident.timeline.iter().filter_map(|t| t.source.clone()));
    }
    let groups: Vec<_> = data
        .groups
        .iter()
        .filter(|g| group_ids.contains(&g.id))
        .cloned()
        .collect();
    for group in &groups {
        source_ids.extend(group.sources.iter().cloned());
        source_ids.extend(group.aliases.iter().filter_map(|a| a.source.clone()));
    }
    Dataset {
        sources: data
            .sources
            .iter()
            .filter(|s| source_ids.contains(&s.id))
            .cloned()
            .collect(),
        groups,
        organisations: data
            .organisations
            .iter()
            .filter(|o| organisation_ids.contains(&o.id))
            .cloned()
            .collect(),
        incidents,
        ..Dataset::default()
    }
}

/// The selection as JSON (see the module documentation).
pub fn to_json(data: &Dataset, selected: &[usize]) -> String {
    let mut text = serde_json::to_string_pretty(&subset(data, selected))
        .unwrap_or_else(|error| panic!("the data model is always JSON: {error}"));
    text.push('\n');
    text
}

/// Neutralises spreadsheet formulas: a cell starting with `=`, `+`, `-` or `@` gets a `'`.
fn cell(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 16] = [
    "id",
    "title",
    "date",
    "date_in_words",
    "victims",
    "sectors",
    "countries",
    "third_parties",
    "claims",
    "records",
    "data_exposed",
    "tags",
    "thin",
    "sources",
    "summary",
    "date_note",
];

/// The selection as CSV: a header row, then one row per incident.
pub fn to_csv(data: &Dataset, selected: &[usize]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(CSV_COLUMNS);
    for incident in selected.iter().filter_map(|&i| data.incidents.get(i)) {
        let victims: Vec<_> = incident
            .victims
            .iter()
            .filter_map(|id| data.organisation(id))
            .collect();
        let mut sectors: Vec<&str> = Vec::new();
        let mut countries: Vec<&str> = Vec::new();
        for victim in &victims {
            if let Some(sector) = victim.sector.as_deref()
                && !sectors.contains(&sector)
            {
                sectors.push(sector);
            }
            if let Some(country) = victim.country.as_deref()
                && !countries.contains(&country)
            {
                countries.push(country);
            }
        }
        let join = |items: Vec<String>| items.join("; ");
        let row = [
            incident.id.to_string(),
            incident.title.to_string(),
            incident.date.map(|d| d.to_compact()).unwrap_or_default(),
            incident.date.map(|d| d.to_words()).unwrap_or_default(),
            join(
                incident
                    .victims
                    .iter()
                    .map(|v| data.organisation_name(v).to_string())
                    .collect(),
            ),
            sectors.join("; "),
            countries.join("; "),
            join(
                incident
                    .third_parties
                    .iter()
                    .map(|t| format!("{} ({})", data.organisation_name(&t.organisation), t.role))
                    .collect(),
            ),
            join(
                incident
                    .claims
                    .iter()
                    .map(|c| {
                        let group = data
                            .group(&c.group)
                            .map_or(c.group.as_str(), |g| g.name.as_str());
                        let date = c
                            .date()
                            .map(|d| format!(", {}", d.to_compact()))
                            .unwrap_or_default();
                        format!(
                            "{group}: {} by {}{date} [{}]",
                            c.stance.label(),
                            c.by,
                            c.source
                        )
                    })
                    .collect(),
            ),
            join(
                incident
                    .records
                    .iter()
                    .map(|r| match &r.by {
                        Some(by) => format!("{} {} (by {by})", r.count, r.what),
                        None => format!("{} {}", r.count, r.what),
                    })
                    .collect(),
            ),
            join(
                incident
                    .data_exposed
                    .iter()
                    .map(|f| f.text.to_string())
                    .collect(),
            ),
            incident.tags.join("; "),
            incident.thin.to_string(),
            join(
                incident
                    .sources
                    .iter()
                    .map(|id| match data.source(id) {
                        Some(s) => format!("{}: {}", s.outlet, s.title),
                        None => id.to_string(),
                    })
                    .collect(),
            ),
            incident.summary.to_string(),
            incident
                .date_note
                .as_deref()
                .unwrap_or_default()
                .to_string(),
        ];
        let _ = writer.write_record(row.map(cell));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// What a Markdown report says about its selection in its heading.
#[derive(Clone, Debug, Default)]
pub struct ReportHeading {
    /// The data file's name.
    pub file: String,
    /// The search, if any.
    pub query: Option<String>,
    /// The filters used, in words ("country Malaysia").
    pub conditions: Vec<String>,
}

/// The selection as a Markdown report. The file name, the search and the filters are data
/// text like the incidents': escaped by [`markdown::text`].
pub fn to_markdown(data: &Dataset, selected: &[usize], heading: &ReportHeading) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Incidents\n");
    let mut what = vec![format!(
        "{} {}",
        selected.len(),
        if selected.len() == 1 {
            "incident"
        } else {
            "incidents"
        }
    )];
    if let Some(query) = heading.query.as_deref().filter(|q| !q.trim().is_empty()) {
        what.push(format!(
            "matching \"{}\", best first",
            markdown::text(query)
        ));
    }
    if !heading.conditions.is_empty() {
        let conditions: Vec<String> = heading
            .conditions
            .iter()
            .map(|c| markdown::text(c))
            .collect();
        what.push(format!("filtered by {}", conditions.join(", ")));
    }
    let _ = writeln!(
        out,
        "Exported from {} by incident-explorer: {}. Attribution is given as claims, each with its stance, who makes it and its source.",
        markdown::text(&heading.file),
        what.join("; ")
    );
    for incident in selected.iter().filter_map(|&i| data.incidents.get(i)) {
        out.push('\n');
        out.push_str(incident_markdown(data, incident).trim_end());
        out.push('\n');
    }
    out
}

/// Writes the selection in `format`.
pub fn render(
    data: &Dataset,
    selected: &[usize],
    format: Format,
    heading: &ReportHeading,
) -> String {
    match format {
        Format::Json => to_json(data, selected),
        Format::Csv => to_csv(data, selected),
        Format::Markdown => to_markdown(data, selected, heading),
    }
}

/// The `export` command: FILE (or the bundled data) to `out`, or to standard output.
pub fn run(
    files: &[std::path::PathBuf],
    format: Format,
    query: Option<&str>,
    group: Option<&str>,
    mut filter: IncidentFilter,
    out: &crate::data::write::Destination,
) -> std::process::ExitCode {
    use std::process::ExitCode;
    let inputs: Vec<&std::path::Path> = files.iter().map(|f| f.as_path()).collect();
    if let Err(message) = out.check(&inputs) {
        crate::report::stderr(message);
        return ExitCode::FAILURE;
    }
    let loaded = match crate::data::merge::load_all(files) {
        Ok(loaded) => loaded,
        Err(error) => {
            crate::report::stderr(format_args!("{error}"));
            return ExitCode::FAILURE;
        }
    };
    let data = Arc::new(loaded.dataset);
    if let Some(group) = group {
        match resolve_group(&data, group) {
            Ok(id) => filter.group = Some(id),
            Err(message) => {
                crate::report::stderr(format_args!("error: --group: {message}"));
                return ExitCode::FAILURE;
            }
        }
    }
    if let (Some(since), Some(until)) = (filter.since, filter.until)
        && since > until
    {
        crate::report::stderr(format_args!(
            "error: --since {since} is after --until {until}"
        ));
        return ExitCode::FAILURE;
    }
    let selected = select(&data, query, &filter);
    let heading = ReportHeading {
        // The file name goes into the report as text: escaped like any message.
        file: crate::data::clean::escape_for_terminal(&crate::data::merge::workspace_name(files)),
        query: query.map(str::to_string),
        conditions: filter.describe(&data),
    };
    let text = render(&data, &selected, format, &heading);
    match out.write(text.as_bytes()) {
        Ok(()) => {
            if let Some(out) = out.path() {
                crate::report::stderr(format_args!(
                    "wrote {} ({})",
                    out.display(),
                    crate::import::plural(selected.len(), "incident", "incidents")
                ));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            crate::report::stderr(format_args!("{message}"));
            ExitCode::FAILURE
        }
    }
}
