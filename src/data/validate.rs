//! Checks that a parsed data set hangs together: every reference resolves, ids are unique,
//! required text is present and every claim and fact has a source.
//!
//! Problems carry a path into the data, not a position: the loader turns paths into
//! file positions with the outline, so this module stays free of text concerns.

// Ids are short keys the file itself supplies; FxHash is several times faster than the
// default hasher on them, and nothing here needs protection from crafted collisions more
// than a slower load would give.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::sync::Arc;

use super::ids::{IdIndex, Positions};

use rayon::prelude::*;

use super::diagnostic::Severity;
use super::model::{
    Dataset, Facet, Fact, Incident, IncidentSection, Stance, Text, TourStep, ViewName,
};
use smallvec::smallvec;

use super::outline::{Path, PathStep};

/// Incidents per chunk when they are checked in parallel.
const CHUNK: usize = 4096;

/// One problem, found by walking the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the data (`incidents[2].claims[0].source`).
    pub path: Path,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

struct Checker<'a> {
    problems: Vec<Problem>,
    // Shared by the checkers of every chunk of incidents.
    source_ids: IdSet<'a>,
    group_ids: IdSet<'a>,
    organisation_ids: IdSet<'a>,
    incident_ids: IdSet<'a>,
    cited_sources: HashSet<&'a str>,
    /// The "known: …" lists of hints, made once: a file with thousands of unknown ids
    /// would otherwise sort every list once per problem.
    known: Arc<KnownLists>,
}

/// [`some_of`] for each list of ids, made the first time a hint needs it.
#[derive(Default)]
struct KnownLists {
    sources: std::sync::OnceLock<String>,
    groups: std::sync::OnceLock<String>,
    organisations: std::sync::OnceLock<String>,
}

use PathStep::{Field, Index};

fn with(path: &[PathStep], more: &[PathStep]) -> Path {
    path.iter().chain(more).cloned().collect()
}

/// Which list of the data an [`IdSet`] reads.
#[derive(Clone, Copy)]
enum List {
    Sources,
    Groups,
    Organisations,
    Incidents,
}

/// One list's ids, for checking references: looked up in the data's id index, not copied.
#[derive(Clone, Copy)]
struct IdSet<'a> {
    data: &'a Dataset,
    positions: &'a Positions,
    list: List,
}

impl<'a> IdSet<'a> {
    fn new(data: &'a Dataset, ids: &'a IdIndex, list: List) -> IdSet<'a> {
        let positions = match list {
            List::Sources => &ids.sources,
            List::Groups => &ids.groups,
            List::Organisations => &ids.organisations,
            List::Incidents => &ids.incidents,
        };
        IdSet {
            data,
            positions,
            list,
        }
    }

    /// The id of the item at `position`.
    fn id_at(&self, position: usize) -> Option<&'a str> {
        let data = self.data;
        match self.list {
            List::Sources => data.sources.get(position).map(|s| s.id.as_str()),
            List::Groups => data.groups.get(position).map(|g| g.id.as_str()),
            List::Organisations => data.organisations.get(position).map(|o| o.id.as_str()),
            List::Incidents => data.incidents.get(position).map(|i| i.id.as_str()),
        }
    }

    fn len(&self) -> usize {
        let data = self.data;
        match self.list {
            List::Sources => data.sources.len(),
            List::Groups => data.groups.len(),
            List::Organisations => data.organisations.len(),
            List::Incidents => data.incidents.len(),
        }
    }

    /// The position of the first item with this id.
    fn first(&self, id: &str) -> Option<usize> {
        self.positions.find_by(id, |position| self.id_at(position))
    }

    /// Whether an item has this id. An empty id is never an item's: it is reported as such.
    fn contains(&self, id: &str) -> bool {
        !id.is_empty() && self.first(id).is_some()
    }

    /// Every id but empty ones, in list order.
    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len())
            .filter_map(|position| self.id_at(position))
            .filter(|id| !id.is_empty())
    }
}

/// Lists a few known ids for a hint, so a typo is easy to spot.
fn some_of(ids: &IdSet) -> String {
    let mut sorted: Vec<&str> = ids.iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let shown: Vec<String> = sorted
        .iter()
        .take(6)
        .map(|id| format!("\"{id}\""))
        .collect();
    match (shown.is_empty(), sorted.len() > shown.len()) {
        (true, _) => "none are defined yet".to_string(),
        (false, true) => format!("known: {}, …", shown.join(", ")),
        (false, false) => format!("known: {}", shown.join(", ")),
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An error at `path`.
fn error(path: Path, message: String, hint: &str) -> Problem {
    Problem {
        severity: Severity::Error,
        path,
        message,
        hint: hint.to_string(),
    }
}

impl<'a> Checker<'a> {
    /// A checker with no problems yet, looking ids up in `ids`.
    fn new(data: &'a Dataset, ids: &'a IdIndex) -> Checker<'a> {
        let set = |list| IdSet::new(data, ids, list);
        Checker {
            problems: Vec::new(),
            source_ids: set(List::Sources),
            group_ids: set(List::Groups),
            organisation_ids: set(List::Organisations),
            incident_ids: set(List::Incidents),
            cited_sources: HashSet::default(),
            known: Arc::default(),
        }
    }

    fn problem(&mut self, path: Path, message: String, hint: &str) {
        self.problems.push(error(path, message, hint));
    }

    fn warning(&mut self, path: Path, message: String, hint: &str) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path,
            message,
            hint: hint.to_string(),
        });
    }

    fn required(&mut self, path: impl FnOnce() -> Path, what: &str, value: &str) {
        if value.is_empty() {
            self.problem(
                path(),
                format!("{what} is empty"),
                "write the text in; a required field cannot be blank",
            );
        }
    }

    /// Collects the ids of one list, reporting duplicates and malformed ids.
    fn ids(&mut self, list: &'static str, ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen: HashSet<&str> = HashSet::default();
        let mut in_order = Vec::new();
        let mut duplicates: Vec<(usize, &str, Path)> = Vec::new();
        for (index, id) in ids.enumerate() {
            in_order.push(id);
            let path = smallvec![Field(list), Index(index), Field("id")];
            if id.is_empty() {
                self.problem(
                    path,
                    format!("{list}[{index}] has an empty id"),
                    "give it a unique id such as \"malindo-air\"",
                );
                continue;
            }
            if !is_valid_id(id) {
                self.problem(
                    path.clone(),
                    format!("id \"{id}\" has characters other than a-z, 0-9 and '-'"),
                    "use lowercase words joined by '-', such as \"thai-lion-air\"",
                );
            }
            if !seen.insert(id) {
                duplicates.push((index, id, path));
            }
        }
        // Duplicates are rare: where each id was first used is only worked out for them.
        if !duplicates.is_empty() {
            let mut first_use: HashMap<&str, usize> = HashMap::default();
            for (index, &id) in in_order.iter().enumerate() {
                first_use.entry(id).or_insert(index);
            }
            for (index, id, path) in duplicates {
                let first = first_use.get(id).copied().unwrap_or(index);
                self.problem(
                    path,
                    format!("duplicate id \"{id}\": {list}[{first}] already uses it"),
                    "ids must be unique within their list; rename one of them",
                );
            }
        }
        seen
    }

    /// Reports a list's empty, malformed and duplicate ids in the same words and order as
    /// [`Checker::ids`], from the id index: each item looks its own id up, so a million
    /// incidents are checked on every core, with no set of their ids built on the side.
    fn indexed_ids(&mut self, list: &'static str, set: IdSet<'a>) {
        let chunks: Vec<(Vec<Problem>, Vec<Problem>)> = (0..set.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let (mut malformed, mut duplicates) = (Vec::new(), Vec::new());
                let end = set.len().min((chunk + 1) * CHUNK);
                for index in chunk * CHUNK..end {
                    let id = set.id_at(index).unwrap_or_default();
                    let path = || smallvec![Field(list), Index(index), Field("id")];
                    if id.is_empty() {
                        malformed.push(error(
                            path(),
                            format!("{list}[{index}] has an empty id"),
                            "give it a unique id such as \"malindo-air\"",
                        ));
                        continue;
                    }
                    if !is_valid_id(id) {
                        malformed.push(error(
                            path(),
                            format!("id \"{id}\" has characters other than a-z, 0-9 and '-'"),
                            "use lowercase words joined by '-', such as \"thai-lion-air\"",
                        ));
                    }
                    let first = set.first(id).unwrap_or(index);
                    if first != index {
                        duplicates.push(error(
                            path(),
                            format!("duplicate id \"{id}\": {list}[{first}] already uses it"),
                            "ids must be unique within their list; rename one of them",
                        ));
                    }
                }
                (malformed, duplicates)
            })
            .collect();
        let mut duplicates = Vec::new();
        for (malformed, duplicated) in chunks {
            self.problems.extend(malformed);
            duplicates.extend(duplicated);
        }
        self.problems.extend(duplicates);
    }

    fn source_ref(&mut self, path: impl FnOnce() -> Path, id: &'a str) {
        if self.source_ids.contains(id) {
            self.cited_sources.insert(id);
        } else {
            let hint = format!(
                "add it under `sources:` or fix the spelling ({})",
                self.known.sources.get_or_init(|| some_of(&self.source_ids))
            );
            self.problem(path(), format!("unknown source \"{id}\""), &hint);
        }
    }

    fn organisation_ref(&mut self, path: impl FnOnce() -> Path, id: &str) {
        if !self.organisation_ids.contains(id) {
            let hint = format!(
                "add it under `organisations:` or fix the spelling ({})",
                self.known
                    .organisations
                    .get_or_init(|| some_of(&self.organisation_ids))
            );
            self.problem(path(), format!("unknown organisation \"{id}\""), &hint);
        }
    }

    /// A fact's source: its own, or the incident's only one.
    fn fact_source(
        &mut self,
        path: &dyn Fn() -> Path,
        source: Option<&'a Text>,
        incident: &Incident,
    ) {
        match source {
            Some(id) => self.source_ref(|| with(&path(), &[Field("source")]), id),
            None if incident.sources.len() == 1 => {}
            None => self.problem(
                path(),
                "this statement has no source, and the incident cites several".to_string(),
                "add `source: \"<source id>\"` naming the article that says it",
            ),
        }
    }

    fn incident(&mut self, index: usize, incident: &'a Incident) {
        let at: Path = smallvec![Field("incidents"), Index(index)];
        self.required(
            || with(&at, &[Field("title")]),
            "the title",
            &incident.title,
        );
        if incident.sources.is_empty() {
            self.problem(
                with(&at, &[Field("sources")]),
                format!("incident \"{}\" cites no source", incident.id),
                "add `sources: [\"<source id>\"]`: every incident says where its facts come from",
            );
        }
        for (i, source) in incident.sources.iter().enumerate() {
            self.source_ref(|| with(&at, &[Field("sources"), Index(i)]), source);
        }
        if incident.victims.is_empty() {
            self.problem(
                with(&at, &[Field("victims")]),
                format!("incident \"{}\" names no victim", incident.id),
                "add `victims: [\"<organisation id>\"]`",
            );
        }
        for (i, victim) in incident.victims.iter().enumerate() {
            self.organisation_ref(|| with(&at, &[Field("victims"), Index(i)]), victim);
        }
        for (i, third_party) in incident.third_parties.iter().enumerate() {
            let here = || with(&at, &[Field("third_parties"), Index(i)]);
            self.organisation_ref(
                || with(&here(), &[Field("organisation")]),
                &third_party.organisation,
            );
            self.required(
                || with(&here(), &[Field("role")]),
                "the third party's role",
                &third_party.role,
            );
            self.fact_source(&here, third_party.source.as_ref(), incident);
        }
        let fact_lists: [(&'static str, &'a [Fact]); 4] = [
            ("data_exposed", &incident.data_exposed),
            ("data_not_exposed", &incident.data_not_exposed),
            ("response", &incident.response),
            ("notes", &incident.notes),
        ];
        for (field, facts) in fact_lists {
            for (i, fact) in facts.iter().enumerate() {
                let here = || with(&at, &[Field(field), Index(i)]);
                self.required(
                    || with(&here(), &[Field("text")]),
                    "the statement",
                    &fact.text,
                );
                self.fact_source(&here, fact.source(), incident);
            }
        }
        if let Some(fact) = &incident.entry_vector {
            let here = || with(&at, &[Field("entry_vector")]);
            self.required(
                || with(&here(), &[Field("text")]),
                "the entry vector",
                &fact.text,
            );
            self.fact_source(&here, fact.source(), incident);
        }
        for (i, record) in incident.records.iter().enumerate() {
            let here = || with(&at, &[Field("records"), Index(i)]);
            self.required(
                || with(&here(), &[Field("what")]),
                "what the records are",
                &record.what,
            );
            self.fact_source(&here, record.source.as_ref(), incident);
        }
        for (i, event) in incident.timeline.iter().enumerate() {
            let here = || with(&at, &[Field("timeline"), Index(i)]);
            self.required(|| with(&here(), &[Field("text")]), "the event", &event.text);
            self.fact_source(&here, event.source.as_ref(), incident);
        }
        for (i, claim) in incident.claims.iter().enumerate() {
            let here = || with(&at, &[Field("claims"), Index(i)]);
            if !self.group_ids.contains(claim.group.as_str()) {
                let hint = format!(
                    "add it under `groups:` or fix the spelling ({})",
                    self.known.groups.get_or_init(|| some_of(&self.group_ids))
                );
                self.problem(
                    with(&here(), &[Field("group")]),
                    format!("unknown group \"{}\"", claim.group),
                    &hint,
                );
            }
            self.required(
                || with(&here(), &[Field("by")]),
                "who makes the claim (`by`)",
                &claim.by,
            );
            if claim.source.is_empty() {
                self.problem(
                    here(),
                    format!(
                        "a claim linking \"{}\" to \"{}\" has no source",
                        claim.group, incident.id
                    ),
                    "add `source: \"<source id>\"`: attribution is only as good as who says it",
                );
            } else {
                self.source_ref(|| with(&here(), &[Field("source")]), &claim.source);
            }
        }
        for (i, lesson) in incident.lessons.iter().enumerate() {
            let here = || with(&at, &[Field("lessons"), Index(i)]);
            self.required(
                || with(&here(), &[Field("topic")]),
                "the lesson's topic",
                &lesson.topic,
            );
            self.required(
                || with(&here(), &[Field("text")]),
                "the lesson",
                &lesson.text,
            );
        }
    }
}

/// Checks what a tour step sets besides its view and selection: a mode only on the
/// relations screen, known groups and sections, and filters the filter panel has.
fn check_step(checker: &mut Checker, here: &Path, step: &TourStep) {
    if step.mode.is_some() && step.view != ViewName::Relations {
        checker.problem(
            with(here, &[Field("mode")]),
            "a mode belongs to the Relations view".to_string(),
            "set `view: Relations`, or leave `mode` out",
        );
    }
    if step.zoom && step.view == ViewName::Relations {
        checker.problem(
            with(here, &[Field("zoom")]),
            "the Relations view has no detail to zoom".to_string(),
            "zoom on the Incidents or Timeline view",
        );
    }
    if let Some(group) = &step.group
        && !checker.group_ids.contains(group.as_str())
    {
        checker.problem(
            with(here, &[Field("group")]),
            format!("unknown group \"{group}\""),
            "use a group id from `groups:`",
        );
    }
    if let Some(section) = &step.section
        && IncidentSection::named(section).is_none()
    {
        let names: Vec<String> = IncidentSection::ALL
            .iter()
            .map(|s| format!("\"{}\"", s.title().to_lowercase()))
            .collect();
        checker.problem(
            with(here, &[Field("section")]),
            format!("unknown section \"{section}\""),
            &format!("name one of {}", names.join(", ")),
        );
    }
    for (i, filter) in step.filters.iter().enumerate() {
        let at = with(here, &[Field("filters"), Index(i), Field("value")]);
        let known = match filter.facet {
            Facet::Group => checker.group_ids.contains(filter.value.as_str()),
            Facet::ThirdParty => checker.organisation_ids.contains(filter.value.as_str()),
            Facet::Stance => Stance::ALL
                .iter()
                .any(|s| s.label() == filter.value.as_str()),
            Facet::Year => false,
            Facet::Sector | Facet::Country | Facet::EntryVector | Facet::File => {
                !filter.value.is_empty()
            }
        };
        if !known {
            let hint = match filter.facet {
                Facet::Group => "use a group id from `groups:`",
                Facet::ThirdParty => "use an organisation id from `organisations:`",
                Facet::Stance => {
                    "use a stance in lowercase: claimed, suspected, attributed, confirmed, denied, disputed"
                }
                Facet::Year => "years are not a tour filter: search for the year instead",
                _ => "give the value as the filter panel shows it",
            };
            checker.problem(
                at,
                format!("no {} filter \"{}\"", filter.facet.label(), filter.value),
                hint,
            );
        }
    }
}

/// Validates a data set; returns every problem found, errors and warnings, in file order.
pub fn validate(data: &Dataset) -> Vec<Problem> {
    validate_indexed(data, &data.id_index())
}

/// As [`validate`], with the data's id index, up to date, built already.
pub(crate) fn validate_indexed(data: &Dataset, ids: &IdIndex) -> Vec<Problem> {
    let set = |list| IdSet::new(data, ids, list);
    let mut checker = Checker::new(data, ids);
    for (name, list) in [
        ("sources", List::Sources),
        ("groups", List::Groups),
        ("organisations", List::Organisations),
        ("incidents", List::Incidents),
    ] {
        checker.indexed_ids(name, set(list));
    }
    let tour_ids = checker.ids("tours", data.tours.iter().map(|t| t.id.as_str()));
    drop(tour_ids);

    for (index, source) in data.sources.iter().enumerate() {
        let at: Path = smallvec![Field("sources"), Index(index)];
        checker.required(
            || with(&at, &[Field("outlet")]),
            "the outlet",
            &source.outlet,
        );
        checker.required(|| with(&at, &[Field("title")]), "the title", &source.title);
    }
    for (index, group) in data.groups.iter().enumerate() {
        let at: Path = smallvec![Field("groups"), Index(index)];
        checker.required(
            || with(&at, &[Field("name")]),
            "the group's name",
            &group.name,
        );
        for (i, alias) in group.aliases.iter().enumerate() {
            let here = || with(&at, &[Field("aliases"), Index(i)]);
            checker.required(|| with(&here(), &[Field("name")]), "the alias", &alias.name);
            if let Some(source) = &alias.source {
                checker.source_ref(|| with(&here(), &[Field("source")]), source);
            }
        }
        for (i, source) in group.sources.iter().enumerate() {
            checker.source_ref(|| with(&at, &[Field("sources"), Index(i)]), source);
        }
    }
    for (index, organisation) in data.organisations.iter().enumerate() {
        let at: Path = smallvec![Field("organisations"), Index(index)];
        checker.required(
            || with(&at, &[Field("name")]),
            "the organisation's name",
            &organisation.name,
        );
    }
    // Incidents are checked in chunks on every core; problems stay in file order.
    let chunks: Vec<(Vec<Problem>, HashSet<&str>)> = data
        .incidents
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, incidents)| {
            let mut local = Checker {
                problems: Vec::new(),
                source_ids: checker.source_ids,
                group_ids: checker.group_ids,
                organisation_ids: checker.organisation_ids,
                incident_ids: checker.incident_ids,
                cited_sources: HashSet::default(),
                known: Arc::clone(&checker.known),
            };
            for (i, incident) in incidents.iter().enumerate() {
                local.incident(chunk * CHUNK + i, incident);
            }
            (local.problems, local.cited_sources)
        })
        .collect();
    for (problems, cited) in chunks {
        checker.problems.extend(problems);
        checker.cited_sources.extend(cited);
    }
    for (index, tour) in data.tours.iter().enumerate() {
        let at: Path = smallvec![Field("tours"), Index(index)];
        checker.required(
            || with(&at, &[Field("name")]),
            "the tour's name",
            &tour.name,
        );
        if tour.steps.is_empty() {
            checker.problem(
                with(&at, &[Field("steps")]),
                format!("tour \"{}\" has no steps", tour.id),
                "add at least one step with a view and a caption",
            );
        }
        for (i, step) in tour.steps.iter().enumerate() {
            let here = || with(&at, &[Field("steps"), Index(i)]);
            checker.required(
                || with(&here(), &[Field("caption")]),
                "the caption",
                &step.caption,
            );
            if let Some(select) = &step.select {
                let known = match step.view {
                    ViewName::Relations => {
                        checker.group_ids.contains(select.as_str())
                            || checker.incident_ids.contains(select.as_str())
                    }
                    ViewName::Incidents | ViewName::Timeline => {
                        checker.incident_ids.contains(select.as_str())
                    }
                };
                if !known {
                    let hint = match step.view {
                        ViewName::Relations => {
                            "on the Relations view, select a group id or an incident id"
                        }
                        _ => "select an incident id from `incidents:`",
                    };
                    checker.problem(
                        with(&here(), &[Field("select")]),
                        format!("unknown selection \"{select}\""),
                        hint,
                    );
                }
            }
            check_step(&mut checker, &here(), step);
        }
    }
    for (index, source) in data.sources.iter().enumerate() {
        if !source.id.is_empty() && !checker.cited_sources.contains(source.id.as_str()) {
            checker.warning(
                smallvec![Field("sources"), Index(index), Field("id")],
                format!("source \"{}\" is never cited", source.id),
                "cite it from an incident, claim or group, or remove it",
            );
        }
    }
    checker.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::Incident;
    use proptest::prelude::*;

    fn with_incident_ids(ids: &[String]) -> Dataset {
        let incidents = ids
            .iter()
            .map(|id| Incident {
                id: id.as_str().into(),
                ..Incident::default()
            })
            .collect();
        Dataset {
            incidents,
            ..Dataset::default()
        }
    }

    /// The ids' problems found from the index, as the messages a user reads.
    fn indexed(data: &Dataset) -> Vec<String> {
        let ids = data.id_index();
        let mut checker = Checker::new(data, &ids);
        checker.indexed_ids("incidents", IdSet::new(data, &ids, List::Incidents));
        checker.problems.into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn duplicates_across_chunks_name_the_first_use_after_every_malformed_id() {
        let mut ids: Vec<String> = (0..CHUNK * 2 + 10).map(|n| format!("i-{n}")).collect();
        ids[CHUNK + 1] = "i-3".into();
        ids[CHUNK * 2 + 2] = "i-3".into();
        ids[5] = String::new();
        ids[CHUNK * 2 + 5] = "Bad Id".into();
        ids[CHUNK * 2 + 6] = "Bad Id".into();
        assert_eq!(
            indexed(&with_incident_ids(&ids)),
            [
                "incidents[5] has an empty id".to_string(),
                "id \"Bad Id\" has characters other than a-z, 0-9 and '-'".to_string(),
                "id \"Bad Id\" has characters other than a-z, 0-9 and '-'".to_string(),
                "duplicate id \"i-3\": incidents[3] already uses it".to_string(),
                "duplicate id \"i-3\": incidents[3] already uses it".to_string(),
                format!(
                    "duplicate id \"Bad Id\": incidents[{}] already uses it",
                    CHUNK * 2 + 5
                ),
            ]
        );
    }

    proptest! {
        /// The index finds the same problems, in the same order, as collecting the ids in a
        /// set one after another does.
        #[test]
        fn indexed_ids_report_what_a_set_of_ids_reports(
            ids in proptest::collection::vec("[a-c]{0,2}|[A ]", 0..200),
        ) {
            let data = with_incident_ids(&ids);
            let index = data.id_index();
            let mut by_set = Checker::new(&data, &index);
            let _ = by_set.ids("incidents", data.incidents.iter().map(|i| i.id.as_str()));
            let expected: Vec<String> = by_set.problems.into_iter().map(|p| p.message).collect();
            prop_assert_eq!(indexed(&data), expected);
        }
    }
}
