//! STIX 2.1 bundles: intrusion sets, threat actors, identities, campaigns, reports and their
//! `attributed-to` and `targets` relationships, as groups, organisations, incidents and
//! claims.
//!
//! ## What becomes what
//!
//! | STIX | becomes |
//! | --- | --- |
//! | `intrusion-set`, `threat-actor` | a group: `name`, `aliases` (less the name itself), `description` as plain text (Markdown links kept as their text, `(Citation: …)` markers dropped), `primary_motivation` as the motive, the external references' addresses as references. The kind comes only from what the object states: `threat_actor_types` (`crime-syndicate`, `criminal` → Criminal; `activist` → Hacktivist; `nation-state`, `spy` → StateLinked; `insider-*` → Insider) or `resource_level: government` (StateLinked); otherwise Unknown. |
//! | `identity` | an organisation, when something targets it: `name`, the first of `sectors` in words, `description` |
//! | `campaign` | an incident: `first_seen` is its date, `first_seen` and `last_seen` its timeline; its victims are the identities it `targets`, or an organisation "Unnamed victims of the … campaign" when the bundle names none |
//! | `targets` from a group to an identity | an incident for that identity (one per identity, however many groups target it), marked thin, with one claim per relationship; `start_time` is its date |
//! | `targets` from a campaign to an identity | that identity is a victim of the campaign's incident |
//! | `attributed-to` from a campaign to a group | a claim on the campaign's incident |
//! | `attributed-to` from an intrusion set to a threat actor | a sentence in the intrusion set's description (the data format has no link between two groups) |
//! | `report` | a source (`name` its title, `published` its date), cited by the incidents whose campaign, victim or relationship it lists in `object_refs` |
//! | `external_references` | sources (`source_name` the outlet, `mitre-attack` as "MITRE ATT&CK" with MITRE's credit in the note; `description` or the object's name and `external_id` the title; `url`) |
//!
//! Objects of other types and relationships of other types are counted and left out.
//! Relationships whose ends are not in the bundle are reported on standard error and left out.
//!
//! ## Dates
//!
//! STIX timestamps carry no precision. A timestamp on the first day of a month (ATT&CK's
//! `2022-06-01T04:00:00Z` for "June 2022") is read as that month; any other as its day.
//! A campaign's `first_seen` is checked against the years its own description mentions:
//! when it is more than a year away from all of them (ATT&CK's C0059 has `first_seen`
//! 2004-10-01 and a description that says October 2024), the date is kept as given, and a
//! note on the incident and a warning on standard error say it looks like an upstream error.
//!
//! ## Confidence and stances
//!
//! A STIX relationship is the bundle author's assertion, with an optional `confidence` from 0
//! to 100 (STIX's None/Low/Med/High scale: 0 none, 1–29 low, 30–69 medium, 70–100 high).
//! Each `attributed-to` (campaign to group) and `targets` (group to identity) relationship
//! becomes one claim, whose stance is:
//!
//! | confidence | stance |
//! | --- | --- |
//! | not given | Suspected |
//! | 0 | no claim: the author expresses no confidence (a warning says so) |
//! | 1 to 69 | Suspected |
//! | 70 to 100 | Attributed when the relationship's `created_by_ref` is an identity in the bundle with a `government…` or `law-enforcement` sector (an authority); otherwise Suspected |
//!
//! No STIX relationship becomes Claimed (the group's own word), Confirmed (the victim's),
//! Denied or Disputed: a bundle does not say who those parties are. The claim's note
//! records the relationship type, the confidence and its level, and the citations in the
//! relationship's description. `by` is the relationship's author: its `created_by_ref`
//! identity, else its first external reference's `source_name`, else the author of the
//! campaign or group it starts from (ATT&CK for ATT&CK objects). Its source is the
//! relationship's first external reference, else a report listing the relationship, else
//! a source standing for what its `created_by_ref` identity asserts in the bundle, else the
//! source of the object it starts from (for ATT&CK, the campaign's page), else the bundle.

use crate::import::fields::FieldReader;
use std::collections::HashMap;

use serde_json::Value;

use super::{IdAllocator, ImportError, Imported, finish, json_kind, parse_json, plural};
use crate::data::{
    Claim, Dataset, Fact, Group, GroupKind, Incident, Organisation, PartialDate, Source, Stance,
    Text, TimelineEvent,
};

/// The credit the ATT&CK Terms of Use ask for, put in the note of every ATT&CK source.
pub const MITRE_CREDIT: &str = "© The MITRE Corporation. This work is reproduced and distributed \
     with the permission of The MITRE Corporation (ATT&CK Terms of Use).";

/// The stance for a relationship's confidence; `None` means no claim (confidence 0).
/// `authority` is true when the relationship's author is a government or law-enforcement
/// identity. See the module documentation for the table.
pub fn stance_for(confidence: Option<u8>, authority: bool) -> Option<Stance> {
    match confidence {
        None => Some(Stance::Suspected),
        Some(0) => None,
        Some(1..=69) => Some(Stance::Suspected),
        Some(_) if authority => Some(Stance::Attributed),
        Some(_) => Some(Stance::Suspected),
    }
}

/// STIX's None/Low/Med/High level of a confidence value.
pub fn confidence_level(confidence: u8) -> &'static str {
    match confidence {
        0 => "none",
        1..=29 => "low",
        30..=69 => "medium",
        _ => "high",
    }
}

/// A STIX object, checked, with the fields the importer uses.
#[derive(Clone, Debug, Default)]
struct Object {
    kind: String,
    id: String,
    name: String,
    description: String,
    aliases: Vec<String>,
    references: Vec<Reference>,
    confidence: Option<u8>,
    created_by: Option<String>,
    modified: String,
    first_seen: Option<PartialDate>,
    last_seen: Option<PartialDate>,
    first_seen_raw: String,
    start_time: Option<PartialDate>,
    published: Option<PartialDate>,
    sectors: Vec<String>,
    identity_class: String,
    threat_actor_types: Vec<String>,
    primary_motivation: String,
    resource_level: String,
    object_refs: Vec<String>,
    relationship_type: String,
    source_ref: String,
    target_ref: String,
}

/// One of `external_references`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Reference {
    source_name: String,
    description: String,
    url: String,
    external_id: String,
}

const NAMED: [&str; 5] = [
    "intrusion-set",
    "threat-actor",
    "identity",
    "campaign",
    "report",
];

impl FieldReader<'_> {
    fn timestamp(&mut self, key: &str) -> (Option<PartialDate>, String) {
        let text = self.string(key);
        if text.is_empty() {
            return (None, text);
        }
        match parse_timestamp(&text) {
            Ok(date) => (Some(date), text),
            Err(error) => {
                self.problems
                    .push(format!("{key} {text:?} is not a STIX timestamp: {error}"));
                (None, text)
            }
        }
    }

    fn confidence(&mut self) -> Option<u8> {
        match self.object.get("confidence") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(value @ 0..=100) => u8::try_from(value).ok(),
                _ => {
                    self.problems.push(format!(
                        "confidence {n} is not a whole number from 0 to 100"
                    ));
                    None
                }
            },
            Some(other) => {
                self.problems.push(format!(
                    "confidence should be a number from 0 to 100, not {}",
                    json_kind(other)
                ));
                None
            }
        }
    }

    fn references(&mut self) -> Vec<Reference> {
        let items = match self.object.get("external_references") {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => return Vec::new(),
            Some(other) => {
                self.problems.push(format!(
                    "external_references should be a list, not {}",
                    json_kind(other)
                ));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Value::Object(reference) = item else {
                self.problems.push(format!(
                    "external_references[{i}] should be an object, not {}",
                    json_kind(item)
                ));
                continue;
            };
            let mut inner = FieldReader::new(reference);
            let found = Reference {
                source_name: inner.string("source_name").trim().to_string(),
                description: inner.string("description").trim().to_string(),
                url: inner.string("url").trim().to_string(),
                external_id: inner.string("external_id").trim().to_string(),
            };
            if found.source_name.is_empty() && inner.problems.is_empty() {
                inner.problems.push("source_name is missing".into());
            }
            self.problems.extend(
                inner
                    .problems
                    .into_iter()
                    .map(|p| format!("external_references[{i}]: {p}")),
            );
            out.push(found);
        }
        out
    }
}

/// A STIX timestamp (`2025-06-01T00:00:00Z`, fractions allowed) as a date: the month when
/// it falls on the 1st, else the day.
fn parse_timestamp(text: &str) -> Result<PartialDate, String> {
    let (day, time) = text
        .split_once('T')
        .ok_or_else(|| "expected YYYY-MM-DDTHH:MM:SSZ".to_string())?;
    let time_ok = time.ends_with('Z')
        && time.len() >= 9
        && time.as_bytes()[2] == b':'
        && time.as_bytes()[5] == b':'
        && time[..8].bytes().filter(u8::is_ascii_digit).count() == 6;
    if day.len() != 10 || !time_ok {
        return Err("expected YYYY-MM-DDTHH:MM:SSZ".into());
    }
    let date = PartialDate::parse(day).map_err(|e| e.to_string())?;
    Ok(match (date.month, date.day) {
        (Some(month), Some(1)) => PartialDate::month(date.year, month),
        _ => date,
    })
}

fn read_object(value: &Value) -> Result<Object, Vec<String>> {
    let Value::Object(map) = value else {
        return Err(vec![format!(
            "should be an object with type and id, not {}",
            json_kind(value)
        )]);
    };
    let mut reader = FieldReader::new(map);
    let kind = reader.string("type");
    let id = reader.string("id");
    if kind.is_empty() {
        reader.problems.push("type is missing".into());
    }
    if id.is_empty() {
        reader.problems.push("id is missing".into());
    } else if !kind.is_empty() && !id.starts_with(&format!("{kind}--")) {
        reader
            .problems
            .push(format!("id {id:?} does not start with \"{kind}--\""));
    }
    let mut object = Object {
        name: reader.string("name").trim().to_string(),
        description: reader.string("description"),
        references: reader.references(),
        created_by: Some(reader.string("created_by_ref")).filter(|s| !s.is_empty()),
        modified: reader.string("modified"),
        ..Object::default()
    };
    let interesting = NAMED.contains(&kind.as_str()) || kind == "relationship";
    if interesting {
        object.aliases = reader.strings("aliases");
        object.confidence = reader.confidence();
        (object.first_seen, object.first_seen_raw) = reader.timestamp("first_seen");
        object.last_seen = reader.timestamp("last_seen").0;
        object.start_time = reader.timestamp("start_time").0;
        object.published = reader.timestamp("published").0;
        object.sectors = reader.strings("sectors");
        object.identity_class = reader.string("identity_class");
        object.threat_actor_types = reader.strings("threat_actor_types");
        object.primary_motivation = reader.string("primary_motivation");
        object.resource_level = reader.string("resource_level");
        object.object_refs = reader.strings("object_refs");
        object.relationship_type = reader.string("relationship_type");
        object.source_ref = reader.string("source_ref");
        object.target_ref = reader.string("target_ref");
    }
    if NAMED.contains(&kind.as_str()) && object.name.is_empty() {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        reader
            .problems
            .push(format!("{article} {kind} needs a name"));
    }
    if kind == "relationship" {
        for (field, value) in [
            ("relationship_type", &object.relationship_type),
            ("source_ref", &object.source_ref),
            ("target_ref", &object.target_ref),
        ] {
            if value.is_empty() {
                reader.problems.push(format!("{field} is missing"));
            }
        }
    }
    object.kind = kind;
    object.id = id;
    if reader.problems.is_empty() {
        Ok(object)
    } else {
        Err(reader.problems)
    }
}

/// ATT&CK's Markdown as plain text: `[text](url)` as its text, `(Citation: …)` dropped.
/// Returns the text and the citations' names.
pub fn plain_text(markdown: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut citations = Vec::new();
    let mut rest = markdown;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("(Citation:")
            && let Some(end) = after.find(')')
        {
            let name = after[..end].trim();
            if !name.is_empty() && !citations.iter().any(|c| c == name) {
                citations.push(name.to_string());
            }
            rest = &after[end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix('[')
            && let Some(close) = after.find(']')
            && after[close + 1..].starts_with('(')
            && let Some(end) = after[close + 1..].find(')')
        {
            text.push_str(&after[..close]);
            rest = &after[close + 1 + end + 1..];
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            text.push(c);
        }
        rest = chars.as_str();
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Dropping a citation can leave "word ." behind.
    let text = text.replace(" .", ".").replace(" ,", ",");
    (text, citations)
}

/// The years (1970 to 2099) a text mentions.
fn years_in(text: &str) -> Vec<i32> {
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = &bytes[i..i + 4];
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit();
        if before && after && window.iter().all(u8::is_ascii_digit) {
            let year: i32 = text[i..i + 4].parse().unwrap_or(0);
            if (1970..=2099).contains(&year) && !years.contains(&year) {
                years.push(year);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    years
}

/// When `first_seen` is more than a year away from every year the description mentions:
/// the years mentioned, and one that differs from `first_seen` by a single digit.
fn doubtful_first_seen(
    first_seen: &PartialDate,
    description: &str,
) -> Option<(Vec<i32>, Option<i32>)> {
    let years = years_in(description);
    if years.is_empty() || years.iter().any(|y| (y - first_seen.year).abs() <= 1) {
        return None;
    }
    let seen = first_seen.year.to_string();
    let typo = years.iter().copied().find(|y| {
        let y = y.to_string();
        y.len() == seen.len() && y.bytes().zip(seen.bytes()).filter(|(a, b)| a != b).count() == 1
    });
    Some((years, typo))
}

fn outlet_name(source_name: &str) -> String {
    match source_name {
        "mitre-attack" => "MITRE ATT&CK".into(),
        "mitre-mobile-attack" => "MITRE ATT&CK (Mobile)".into(),
        "mitre-ics-attack" => "MITRE ATT&CK (ICS)".into(),
        "capec" => "MITRE CAPEC".into(),
        "cve" => "CVE".into(),
        other => other.to_string(),
    }
}

/// `financial-services` → "Financial services".
fn words(vocabulary: &str) -> String {
    let spaced = vocabulary.trim().replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_names(names: &[Text]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(Text::as_str).collect();
            format!("{} and {last}", init.join(", "))
        }
    }
}

/// Sources made from references, reports and the bundle, each made once, when first cited.
struct Sources {
    list: Vec<Source>,
    by_key: HashMap<String, Text>,
    ids: IdAllocator,
    bundle_id: String,
}

impl Sources {
    fn add(&mut self, key: String, make: impl FnOnce(&mut IdAllocator) -> Source) -> Text {
        if let Some(id) = self.by_key.get(&key) {
            return id.clone();
        }
        let source = make(&mut self.ids);
        let id = source.id.clone();
        self.list.push(source);
        self.by_key.insert(key, id.clone());
        id
    }

    fn reference(&mut self, reference: &Reference, owner_name: &str) -> Text {
        let key = format!(
            "ref\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            reference.source_name, reference.external_id, reference.url, reference.description
        );
        self.add(key, |ids| {
            let outlet = outlet_name(&reference.source_name);
            let title = if !reference.description.is_empty() {
                reference.description.clone()
            } else if !reference.external_id.is_empty() && !owner_name.is_empty() {
                format!("{owner_name} ({})", reference.external_id)
            } else if !owner_name.is_empty() {
                owner_name.to_string()
            } else if !reference.external_id.is_empty() {
                reference.external_id.clone()
            } else if !reference.url.is_empty() {
                reference.url.clone()
            } else {
                outlet.clone()
            };
            let id_name = if reference.external_id.is_empty() {
                format!("{} {title}", reference.source_name)
            } else {
                format!("{} {}", reference.source_name, reference.external_id)
            };
            let attack =
                reference.source_name.starts_with("mitre-") || reference.source_name == "capec";
            Source {
                id: ids.allocate(&id_name, "reference").into(),
                outlet: outlet.into(),
                title: title.into(),
                date: None,
                url: Some(reference.url.as_str().into()).filter(|u: &Text| !u.is_empty()),
                note: attack.then(|| MITRE_CREDIT.into()),
            }
        })
    }

    fn report(&mut self, report: &Object, author: Option<&str>) -> Text {
        self.add(format!("report\u{0}{}", report.id), |ids| {
            let outlet = author
                .map(str::to_string)
                .or_else(|| {
                    report
                        .references
                        .first()
                        .map(|r| outlet_name(&r.source_name))
                })
                .unwrap_or_else(|| "STIX report".into());
            Source {
                id: ids
                    .allocate(&format!("{outlet} {}", report.name), "report")
                    .into(),
                outlet: outlet.into(),
                title: report.name.clone().into(),
                date: report.published,
                url: report
                    .references
                    .iter()
                    .map(|r| r.url.as_str())
                    .find(|u| !u.is_empty())
                    .map(Text::from),
                note: Some(format!("A STIX report ({}).", report.id).into()),
            }
        })
    }

    /// What an identity asserts in the bundle, for its relationships that cite nothing.
    fn author(&mut self, identity: &Object) -> Text {
        let bundle_id = self.bundle_id.clone();
        self.add(format!("author\u{0}{}", identity.id), |ids| Source {
            id: ids
                .allocate(&format!("{} stix", identity.name), "author")
                .into(),
            outlet: identity.name.clone().into(),
            title: if bundle_id.is_empty() {
                "Relationships it asserts in a STIX bundle".into()
            } else {
                format!("Relationships it asserts in the STIX bundle {bundle_id}").into()
            },
            date: None,
            url: None,
            note: Some(
                format!(
                    "The STIX relationships whose created_by_ref is this identity ({}).",
                    identity.id
                )
                .into(),
            ),
        })
    }

    fn bundle(&mut self) -> Text {
        let bundle_id = self.bundle_id.clone();
        self.add("bundle".into(), |ids| Source {
            id: ids.allocate("stix bundle", "bundle").into(),
            outlet: "STIX 2.1 bundle".into(),
            title: if bundle_id.is_empty() {
                "STIX bundle without an id".into()
            } else {
                bundle_id.into()
            },
            date: None,
            url: None,
            note: Some(
                "Imported by `incident-explorer import stix`; what has no reference of its own \
                 cites the bundle."
                    .into(),
            ),
        })
    }
}

fn push_unique(list: &mut Vec<Text>, item: impl Into<Text>) {
    let item = item.into();
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Everything read from the bundle, with lookups.
struct Bundle {
    objects: Vec<Object>,
    by_id: HashMap<String, usize>,
}

impl Bundle {
    fn get(&self, id: &str) -> Option<&Object> {
        self.by_id.get(id).map(|&i| &self.objects[i])
    }

    fn identity_name(&self, id: Option<&str>) -> Option<String> {
        id.and_then(|id| self.get(id))
            .filter(|o| o.kind == "identity")
            .map(|o| o.name.clone())
    }

    fn is_authority(&self, id: Option<&str>) -> bool {
        id.and_then(|id| self.get(id))
            .filter(|o| o.kind == "identity")
            .is_some_and(|o| {
                o.sectors
                    .iter()
                    .any(|s| s.starts_with("government") || s == "law-enforcement")
            })
    }

    /// Reports that list `id` in their `object_refs`.
    fn reports_listing<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .iter()
            .filter(move |o| o.kind == "report" && o.object_refs.iter().any(|r| r == id))
    }
}

fn read_bundle(text: &str, name: &str) -> Result<(String, Bundle), ImportError> {
    let json = parse_json(text, name)?;
    let Value::Object(top) = &json else {
        return Err(ImportError::new(
            name,
            format!(
                "expected a STIX 2.1 bundle (an object with `objects`), found {}",
                json_kind(&json)
            ),
        ));
    };
    match top.get("type") {
        Some(Value::String(kind)) if kind == "bundle" => {}
        Some(Value::String(kind)) => {
            return Err(ImportError::new(
                name,
                format!("expected a STIX bundle (\"type\": \"bundle\"), found a {kind:?}"),
            ));
        }
        _ => {
            return Err(ImportError::new(
                name,
                "not a STIX bundle: it has no \"type\": \"bundle\"",
            ));
        }
    }
    let Some(Value::Array(values)) = top.get("objects") else {
        return Err(ImportError::new(name, "the bundle has no `objects` list"));
    };
    let bundle_id = top
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut problems = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (index, value) in values.iter().enumerate() {
        let number = index + 1;
        let label = match (
            value.get("id").and_then(Value::as_str),
            value.get("name").and_then(Value::as_str),
        ) {
            (Some(id), Some(name)) => format!("object {number} ({id}, {name:?})"),
            (Some(id), None) => format!("object {number} ({id})"),
            _ => format!("object {number}"),
        };
        match read_object(value) {
            Ok(object) => match by_id.get(&object.id) {
                // STIX keeps versions of an object under one id: the latest `modified` wins.
                Some(&earlier) => {
                    if object.modified > objects[earlier].modified {
                        objects[earlier] = object;
                    }
                }
                None => {
                    by_id.insert(object.id.clone(), objects.len());
                    objects.push(object);
                }
            },
            Err(found) => problems.extend(found.into_iter().map(|p| format!("{label}: {p}"))),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: name.to_string(),
            problems,
        });
    }
    Ok((bundle_id, Bundle { objects, by_id }))
}

fn group_kind(object: &Object) -> GroupKind {
    for kind in &object.threat_actor_types {
        match kind.as_str() {
            "crime-syndicate" | "criminal" => return GroupKind::Criminal,
            "activist" => return GroupKind::Hacktivist,
            "nation-state" | "spy" => return GroupKind::StateLinked,
            k if k.starts_with("insider") => return GroupKind::Insider,
            _ => {}
        }
    }
    if object.resource_level == "government" {
        return GroupKind::StateLinked;
    }
    GroupKind::Unknown
}

/// Imports a STIX 2.1 bundle's JSON text; `name` is the input's name, used in messages.
pub fn import(text: &str, name: &str) -> Result<Imported, ImportError> {
    let (bundle_id, bundle) = read_bundle(text, name)?;
    let mut notes: Vec<String> = Vec::new();
    let mut sources = Sources {
        list: Vec::new(),
        by_key: HashMap::new(),
        ids: IdAllocator::default(),
        bundle_id,
    };
    let mut data = Dataset::default();

    // Groups.
    let mut group_ids = IdAllocator::default();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for object in &bundle.objects {
        if object.kind != "intrusion-set" && object.kind != "threat-actor" {
            continue;
        }
        let mut group_sources = Vec::new();
        for reference in &object.references {
            push_unique(
                &mut group_sources,
                sources.reference(reference, &object.name),
            );
        }
        if group_sources.is_empty() {
            group_sources.push(sources.bundle());
        }
        let (description, _) = plain_text(&object.description);
        let mut aliases = Vec::new();
        for alias in &object.aliases {
            let alias = alias.trim();
            if !alias.is_empty()
                && alias != object.name
                && !aliases.iter().any(|a: &crate::data::Alias| a.name == alias)
            {
                aliases.push(crate::data::Alias {
                    name: alias.into(),
                    coined_by: None,
                    source: Some(group_sources[0].clone()),
                });
            }
        }
        let mut references = Vec::new();
        for reference in &object.references {
            if !reference.url.is_empty() {
                push_unique(&mut references, reference.url.clone());
            }
        }
        group_of.insert(object.id.clone(), data.groups.len());
        data.groups.push(Group {
            id: group_ids.allocate(&object.name, &object.kind).into(),
            name: object.name.clone().into(),
            kind: group_kind(object),
            aliases,
            motive: Some(object.primary_motivation.trim())
                .filter(|m| !m.is_empty())
                .map(|m| compact_str::format_compact!("{} (STIX primary_motivation)", words(m))),
            origin: None,
            description: description.into(),
            references,
            sources: group_sources,
        });
    }

    // Relationships, sorted by what they become.
    let mut skipped_missing: Vec<String> = Vec::new();
    let mut skipped_kinds: Vec<(String, usize)> = Vec::new();
    let mut campaign_groups: HashMap<String, Vec<usize>> = HashMap::new();
    let mut campaign_victims: HashMap<String, Vec<Text>> = HashMap::new();
    // Target identity id → relationships from groups, in bundle order.
    let mut targeted: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, relationship) in bundle.objects.iter().enumerate() {
        if relationship.kind != "relationship" {
            continue;
        }
        let kind = relationship.relationship_type.as_str();
        if kind != "attributed-to" && kind != "targets" {
            let key = format!("{kind} relationships");
            match skipped_kinds.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => skipped_kinds.push((key, 1)),
            }
            continue;
        }
        let (Some(from), Some(to)) = (
            bundle.get(&relationship.source_ref),
            bundle.get(&relationship.target_ref),
        ) else {
            let missing = if bundle.get(&relationship.source_ref).is_none() {
                &relationship.source_ref
            } else {
                &relationship.target_ref
            };
            skipped_missing.push(format!(
                "{} ({kind}): {missing} is not in the bundle",
                relationship.id
            ));
            continue;
        };
        let is_group = |o: &Object| o.kind == "intrusion-set" || o.kind == "threat-actor";
        match (kind, from.kind.as_str(), to.kind.as_str()) {
            ("attributed-to", "campaign", _) if is_group(to) => {
                campaign_groups
                    .entry(from.id.clone())
                    .or_default()
                    .push(index);
            }
            ("attributed-to", "intrusion-set", "threat-actor") => {
                let by = relationship_author(&bundle, relationship, from);
                let confidence = match relationship.confidence {
                    Some(c) => format!("confidence {c}, {}", confidence_level(c)),
                    None => "no confidence given".into(),
                };
                let group = &mut data.groups[group_of[&from.id]];
                let sentence = format!(
                    "{by} links this intrusion set to the threat actor {} (STIX attributed-to, {confidence}).",
                    to.name
                );
                group.description = if group.description.is_empty() {
                    sentence.into()
                } else {
                    format!("{} {sentence}", group.description).into()
                };
            }
            ("targets", "campaign", "identity") => {
                let victims = campaign_victims.entry(from.id.clone()).or_default();
                push_unique(victims, to.id.clone());
            }
            ("targets", _, "identity") if is_group(from) => {
                match targeted.iter_mut().find(|(id, _)| *id == to.id) {
                    Some((_, list)) => list.push(index),
                    None => targeted.push((to.id.clone(), vec![index])),
                }
            }
            _ => {
                let key = format!("{kind} relationships from a {} to a {}", from.kind, to.kind);
                match skipped_kinds.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => skipped_kinds.push((key, 1)),
                }
            }
        }
    }

    let mut organisations = Organisations::default();

    let mut incident_ids = IdAllocator::default();
    let mut no_confidence = 0;

    // Campaigns.
    for campaign in &bundle.objects {
        if campaign.kind != "campaign" {
            continue;
        }
        let mut incident_sources = Vec::new();
        for reference in &campaign.references {
            push_unique(
                &mut incident_sources,
                sources.reference(reference, &campaign.name),
            );
        }
        if incident_sources.is_empty() {
            incident_sources.push(sources.bundle());
        }
        let own_source = incident_sources[0].clone();
        let external_id = campaign
            .references
            .iter()
            .map(|r| r.external_id.as_str())
            .find(|id| !id.is_empty() && *id != campaign.name);
        let mut title = campaign.name.clone();
        if !title.to_lowercase().ends_with("campaign") {
            title.push_str(" campaign");
        }
        if let Some(external_id) = external_id {
            title.push_str(&format!(" ({external_id})"));
        }
        let label = match external_id {
            Some(external_id) => format!("campaign {external_id} {:?}", campaign.name),
            None => format!("campaign {:?}", campaign.name),
        };

        let mut victims = Vec::new();
        for identity in campaign_victims.get(&campaign.id).into_iter().flatten() {
            if let Some(identity) = bundle.get(identity) {
                push_unique(
                    &mut victims,
                    organisations.for_identity(&mut data, identity),
                );
            }
        }
        let mut incident_notes = Vec::new();
        if victims.is_empty() {
            let id = organisations.placeholder(&mut data, &campaign.name);
            victims.push(id.into());
            incident_notes.push(Fact {
                text: "The bundle names no victim of this campaign.".into(),
                by: None,
                source: Some(own_source.clone()),
                ..Fact::default()
            });
        }

        let (summary, _) = plain_text(&campaign.description);
        let mut date_note = campaign.first_seen.map(|_| {
            format!(
                "first_seen in the STIX bundle ({}).",
                campaign.first_seen_raw
            )
        });
        if let Some(first_seen) = &campaign.first_seen
            && let Some((years, typo)) = doubtful_first_seen(first_seen, &summary)
        {
            let mentioned: Vec<String> = years.iter().map(i32::to_string).collect();
            let guess = typo
                .map(|y| format!(", perhaps for {y}"))
                .unwrap_or_default();
            let text = format!(
                "The bundle's first_seen, {}, is more than a year away from every year the \
                 campaign's own description mentions ({}): it looks like an upstream error{guess}. \
                 The date is kept as given.",
                campaign.first_seen_raw,
                mentioned.join(", ")
            );
            notes.push(format!("warning: {name}: {label}: {text}"));
            date_note = Some(format!(
                "first_seen in the STIX bundle ({}); doubtful, see the notes.",
                campaign.first_seen_raw
            ));
            incident_notes.push(Fact {
                text: text.into(),
                by: None,
                source: Some(own_source.clone()),
                ..Fact::default()
            });
        }
        if let (Some(first), Some(last)) = (&campaign.first_seen, &campaign.last_seen)
            && last < first
        {
            let text = "The bundle's last_seen is earlier than its first_seen.".to_string();
            notes.push(format!("warning: {name}: {label}: {text}"));
            incident_notes.push(Fact {
                text: text.into(),
                by: None,
                source: Some(own_source.clone()),
                ..Fact::default()
            });
        }

        let mut claims = Vec::new();
        for &index in campaign_groups.get(&campaign.id).into_iter().flatten() {
            let relationship = &bundle.objects[index];
            let group = &data.groups[group_of[&relationship.target_ref]];
            match make_claim(
                &bundle,
                &mut sources,
                relationship,
                campaign,
                &group.id,
                &own_source,
            ) {
                Some(claim) => {
                    push_unique(&mut incident_sources, claim.source.clone());
                    claims.push(claim);
                }
                None => no_confidence += 1,
            }
        }
        for report in bundle.reports_listing(&campaign.id) {
            let author = bundle.identity_name(report.created_by.as_deref());
            push_unique(
                &mut incident_sources,
                sources.report(report, author.as_deref()),
            );
        }

        let mut timeline = Vec::new();
        if let Some(first_seen) = campaign.first_seen {
            timeline.push(TimelineEvent {
                date: Some(first_seen),
                text: "First seen, according to the bundle (first_seen)".into(),
                source: Some(own_source.clone()),
            });
        }
        if let Some(last_seen) = campaign.last_seen {
            timeline.push(TimelineEvent {
                date: Some(last_seen),
                text: "Last seen, according to the bundle (last_seen)".into(),
                source: Some(own_source.clone()),
            });
        }
        data.incidents.push(Incident {
            id: incident_ids.allocate(&campaign.name, "campaign").into(),
            title: title.into(),
            date: campaign.first_seen,
            date_note: date_note.map(Into::into),
            summary: if summary.is_empty() {
                format!(
                    "A campaign the bundle calls {}; it has no description.",
                    campaign.name
                )
                .into()
            } else {
                summary.into()
            },
            victims,
            timeline,
            claims,
            notes: incident_notes,
            sources: incident_sources,
            tags: vec!["campaign".into()],
            ..Incident::default()
        });
    }

    // Identities targeted by groups.
    for (identity_id, relationships) in &targeted {
        let Some(identity) = bundle.get(identity_id) else {
            continue;
        };
        let victim = organisations.for_identity(&mut data, identity);
        let mut claims = Vec::new();
        let mut incident_sources = Vec::new();
        let mut group_names = Vec::new();
        let mut descriptions = Vec::new();
        let mut date: Option<PartialDate> = None;
        for &index in relationships {
            let relationship = &bundle.objects[index];
            let Some(from) = bundle.get(&relationship.source_ref) else {
                continue;
            };
            let group = &data.groups[group_of[&from.id]];
            let fallback = group.sources[0].clone();
            let Some(claim) = make_claim(
                &bundle,
                &mut sources,
                relationship,
                from,
                &group.id,
                &fallback,
            ) else {
                no_confidence += 1;
                continue;
            };
            push_unique(&mut group_names, group.name.clone());
            push_unique(&mut incident_sources, claim.source.clone());
            claims.push(claim);
            let (text, _) = plain_text(&relationship.description);
            if !text.is_empty() {
                push_unique(&mut descriptions, text);
            }
            if let Some(start) = relationship.start_time {
                date = Some(date.map_or(start, |d| d.min(start)));
            }
        }
        if claims.is_empty() {
            continue;
        }
        for report in bundle.reports_listing(identity_id).chain(
            relationships
                .iter()
                .flat_map(|&i| bundle.reports_listing(&bundle.objects[i].id)),
        ) {
            let author = bundle.identity_name(report.created_by.as_deref());
            push_unique(
                &mut incident_sources,
                sources.report(report, author.as_deref()),
            );
        }
        let groups = join_names(&group_names);
        data.incidents.push(Incident {
            id: incident_ids.allocate(
                &match date {
                    Some(date) => format!("{} {}", identity.name, date.year),
                    None => identity.name.clone(),
                },
                "incident",
            ).into(),
            title: format!("{}: attack linked to {groups}", identity.name).into(),
            date,
            date_note: date.map(|_| "start_time of the STIX targets relationship (the earliest, if several).".into()),
            summary: if descriptions.is_empty() {
                format!(
                    "A STIX bundle links {groups} to an attack on {}; it gives no detail of the attack itself.",
                    identity.name
                ).into()
            } else {
                descriptions.join(" ").into()
            },
            victims: vec![victim.into()],
            claims,
            sources: incident_sources,
            thin: true,
            ..Incident::default()
        });
    }

    data.sources = sources.list;

    let claims: usize = data.incidents.iter().map(|i| i.claims.len()).sum();
    notes.insert(
        0,
        format!(
            "{name}: imported {}, {}, {} and {}",
            plural(data.groups.len(), "group", "groups"),
            plural(data.organisations.len(), "organisation", "organisations"),
            plural(data.incidents.len(), "incident", "incidents"),
            plural(claims, "claim", "claims"),
        ),
    );
    if !skipped_missing.is_empty() {
        notes.push(format!(
            "warning: {name}: left out {} whose other end is not in the bundle:",
            plural(skipped_missing.len(), "relationship", "relationships")
        ));
        for line in skipped_missing.iter().take(10) {
            notes.push(format!("  {line}"));
        }
        if skipped_missing.len() > 10 {
            notes.push(format!("  … and {} more", skipped_missing.len() - 10));
        }
    }
    for (kind, n) in &skipped_kinds {
        notes.push(format!("{name}: left out {n} {kind}"));
    }
    let mut ignored: Vec<(String, usize)> = Vec::new();
    for object in &bundle.objects {
        if !NAMED.contains(&object.kind.as_str()) && object.kind != "relationship" {
            match ignored.iter_mut().find(|(k, _)| *k == object.kind) {
                Some((_, n)) => *n += 1,
                None => ignored.push((object.kind.clone(), 1)),
            }
        }
    }
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|(k, n)| format!("{n} {k}")).collect();
        notes.push(format!(
            "{name}: left out objects of other types: {}",
            list.join(", ")
        ));
    }
    if no_confidence > 0 {
        notes.push(format!(
            "warning: {name}: {} with confidence 0 (none) made no claim",
            plural(no_confidence, "relationship", "relationships")
        ));
    }
    let header = "Imported from a STIX 2.1 bundle by `incident-explorer import stix`.\n\
                  Stances follow the confidence mapping in docs/data-format.md.\n\
                  Format: docs/data-format.md";
    finish(data, header, notes, name)
}

/// Organisations made from identities (once each) and for campaigns' unnamed victims.
#[derive(Default)]
struct Organisations {
    ids: IdAllocator,
    of_identity: HashMap<String, String>,
}

impl Organisations {
    fn for_identity(&mut self, data: &mut Dataset, identity: &Object) -> String {
        if let Some(id) = self.of_identity.get(&identity.id) {
            return id.clone();
        }
        let id = self.ids.allocate(&identity.name, "organisation");
        let (description, _) = plain_text(&identity.description);
        data.organisations.push(Organisation {
            id: id.clone().into(),
            name: identity.name.clone().into(),
            sector: identity
                .sectors
                .first()
                .map(|s| words(s))
                .filter(|s| !s.is_empty())
                .map(Into::into),
            country: None,
            aliases: Vec::new(),
            description: Some(description).filter(|d| !d.is_empty()).map(Text::from),
        });
        self.of_identity.insert(identity.id.clone(), id.clone());
        id
    }

    /// The organisation standing for a campaign's unnamed victims.
    fn placeholder(&mut self, data: &mut Dataset, campaign: &str) -> String {
        let id = self
            .ids
            .allocate(&format!("victims of {campaign}"), "unnamed-victims");
        data.organisations.push(Organisation {
            id: id.clone().into(),
            name: if campaign.to_lowercase().ends_with("campaign") {
                format!("Unnamed victims of {campaign}").into()
            } else {
                format!("Unnamed victims of the {campaign} campaign").into()
            },
            description: Some("The STIX bundle names no victim of this campaign.".into()),
            ..Organisation::default()
        });
        id
    }
}

/// Who asserts a relationship: see the module documentation.
fn relationship_author(bundle: &Bundle, relationship: &Object, from: &Object) -> String {
    bundle
        .identity_name(relationship.created_by.as_deref())
        .or_else(|| {
            relationship
                .references
                .first()
                .map(|r| outlet_name(&r.source_name))
        })
        .or_else(|| bundle.identity_name(from.created_by.as_deref()))
        .or_else(|| from.references.first().map(|r| outlet_name(&r.source_name)))
        .unwrap_or_else(|| "The bundle's author (unnamed)".into())
}

/// The claim a relationship makes, or `None` when its confidence is 0.
fn make_claim(
    bundle: &Bundle,
    sources: &mut Sources,
    relationship: &Object,
    from: &Object,
    group: &str,
    fallback_source: &str,
) -> Option<Claim> {
    let authority = bundle.is_authority(relationship.created_by.as_deref());
    let stance = stance_for(relationship.confidence, authority)?;
    let by = relationship_author(bundle, relationship, from);
    let report = bundle.reports_listing(&relationship.id).next();
    let (source, date) = if let Some(reference) = relationship.references.first() {
        (sources.reference(reference, ""), None)
    } else if let Some(report) = report {
        let author = bundle.identity_name(report.created_by.as_deref());
        (sources.report(report, author.as_deref()), report.published)
    } else if let Some(author) = relationship
        .created_by
        .as_deref()
        .and_then(|id| bundle.get(id))
        .filter(|o| o.kind == "identity")
    {
        (sources.author(author), None)
    } else {
        (Text::from(fallback_source), None)
    };
    let confidence = match relationship.confidence {
        Some(c) => format!("confidence {c} ({})", confidence_level(c)),
        None => "no confidence given".into(),
    };
    let reason = match (relationship.confidence, stance) {
        (_, Stance::Attributed) => "high confidence from a government or law-enforcement author",
        (Some(70..), _) => "high confidence, but the author is not an authority",
        (Some(_), _) => "low or medium confidence",
        (None, _) => "no stated confidence",
    };
    let (_, citations) = plain_text(&relationship.description);
    let mut note = format!(
        "STIX {} relationship, {confidence}: {} ({reason}).",
        relationship.relationship_type,
        stance.label()
    );
    if !citations.is_empty() {
        note.push_str(&format!(" It cites: {}.", citations.join("; ")));
    }
    Some(Claim {
        group: group.into(),
        stance,
        by: by.into(),
        date,
        source,
        note: Some(note.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_citations_become_plain_text() {
        let (text, citations) = plain_text(
            "[Scattered Spider](https://attack.mitre.org/groups/G1015) is a group.(Citation: A B) It [x](y) acts.(Citation: C)",
        );
        assert_eq!(text, "Scattered Spider is a group. It x acts.");
        assert_eq!(citations, ["A B", "C"]);
    }

    #[test]
    fn confidence_maps_to_stances() {
        assert_eq!(stance_for(None, false), Some(Stance::Suspected));
        assert_eq!(stance_for(Some(0), true), None);
        assert_eq!(stance_for(Some(40), true), Some(Stance::Suspected));
        assert_eq!(stance_for(Some(90), false), Some(Stance::Suspected));
        assert_eq!(stance_for(Some(70), true), Some(Stance::Attributed));
    }

    #[test]
    fn first_of_month_timestamps_are_months() {
        assert_eq!(
            parse_timestamp("2025-06-01T00:00:00Z"),
            Ok(PartialDate::month(2025, 6))
        );
        assert_eq!(
            parse_timestamp("2025-06-12T10:00:00.000Z"),
            Ok(PartialDate::day(2025, 6, 12))
        );
        assert!(parse_timestamp("2025-13-01T00:00:00Z").is_err());
        assert!(parse_timestamp("2025-06-01").is_err());
    }

    #[test]
    fn a_first_seen_far_from_the_text_is_doubtful() {
        let date = PartialDate::month(2004, 10);
        let (years, typo) = doubtful_first_seen(&date, "began in October 2024").unwrap();
        assert_eq!(years, [2024]);
        assert_eq!(typo, Some(2024));
        assert!(
            doubtful_first_seen(
                &PartialDate::month(2022, 6),
                "June through December of 2022"
            )
            .is_none()
        );
        assert!(doubtful_first_seen(&date, "no years here").is_none());
    }
}
