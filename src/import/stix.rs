//! STIX 2.1 bundles: intrusion sets, threat actors, identities, campaigns, reports and their
//! `attributed-to` and `targets` relationships, as groups, organisations, incidents and
//! claims.
//!
//! ## What becomes what
//!
//! | STIX | becomes |
//! | --- | --- |
//! | `intrusion-set`, `threat-actor` | a group: `name`, `aliases` (less the name itself; each alias's source is the first work its alias entry cites, else the group's first source), `description` as plain text (Markdown links kept as their text, `(Citation: …)` markers resolved as below and removed), `primary_motivation` as the motive, the external references' addresses as references. The kind comes only from what the object states: `threat_actor_types` (`crime-syndicate`, `criminal` → Criminal; `activist` → Hacktivist; `nation-state`, `spy` → StateLinked; `insider-*` → Insider) or `resource_level: government` (StateLinked); otherwise Unknown. |
//! | `identity` | an organisation, when something targets it: `name`, the first of `sectors` in words, `description` |
//! | `campaign` | an incident: `first_seen` is its date, `first_seen` and `last_seen` its timeline; its victims are the identities it `targets`, or an organisation "Unnamed victims of the … campaign" when the bundle names none |
//! | `targets` from a group to an identity | an incident for that identity (one per identity, however many groups target it), marked thin, with one claim per relationship; `start_time` is its date |
//! | `targets` from a campaign to an identity | that identity is a victim of the campaign's incident |
//! | `attributed-to` from a campaign to a group | a claim on the campaign's incident |
//! | `attributed-to` from an intrusion set to a threat actor | a sentence in the intrusion set's description (the data format has no link between two groups) |
//! | `report` | a source (`name` its title, `published` its date), cited by the incidents whose campaign, victim or relationship it lists in `object_refs` |
//! | `external_references` | sources (`source_name` the outlet, `mitre-attack` as "MITRE ATT&CK" with MITRE's credit in the note; `description` or the object's name and `external_id` the title; `url`), one per address: the same `url` cited from many objects is one source. An entry whose `description` is nothing but `(Citation: …)` markup and that has no `url` (ATT&CK's alias entries, `{"source_name": "DYMALLOY", "description": "(Citation: Dragos DYMALLOY )"}`) is not a source itself: the works it cites are. |
//!
//! ## Citations
//!
//! ATT&CK writes `(Citation: Name)` in descriptions, where `Name` is the `source_name` of an
//! external reference that holds the work (`description` "Dragos. (n.d.). DYMALLOY.
//! Retrieved …", `url`). Wherever the importer takes prose (a group's description, its alias
//! entries, a campaign's description, a relationship's description), each citation is
//! looked up by its name with surrounding spaces trimmed (ATT&CK writes both
//! `(Citation: Dragos DYMALLOY )` and `"source_name": "Dragos DYMALLOY "`): first among the
//! citing object's own external references, then among those of the other objects the
//! importer keeps (the first in bundle order), then among those of the objects it leaves out
//! (techniques and the like, found by reading the text a second time, and only their
//! `external_references`, when some name is still not found). The work found becomes a
//! source cited by the group or incident, and the markup is removed from the text. A name
//! that no reference has stays a source titled with the name (outlet unknown, no address),
//! and a warning names it. An identity's description has nowhere to cite a source: its
//! markup is only removed.
//!
//! ## Reading
//!
//! The bundle is read one object at a time. Objects of the types above are kept; every other
//! object (techniques, malware, mitigations, `x-mitre-*`, and relationships other than
//! `attributed-to` and `targets`) is checked, counted and dropped, and only its id is kept
//! (as a number for a UUID) so that a relationship to it is told apart from one to an object
//! missing from the bundle. Relationships and reports are indexed by id, so the work grows
//! with the size of the bundle, not its square. Relationships whose ends are not in the
//! bundle are reported on standard error and left out.
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
//! relationship's first external reference (other than an alias entry), else a report
//! listing the relationship, else a source standing for what its `created_by_ref` identity
//! asserts in the bundle, else the source of the object it starts from (for ATT&CK, the
//! campaign's page), else the bundle. The works its description cites are sources of the
//! incident.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use thin_vec::thin_vec;

use super::{ImportError, Imported, finish, json_error, json_kind, plural, slugify};
use crate::data::{
    Claim, ClaimFields, Dataset, Fact, Group, GroupKind, Incident, Organisation, PartialDate,
    Source, Stance, Text, TimelineEvent,
};
use crate::import::fields::FieldReader;

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
    /// Where its first version is in the bundle's `objects` (from 0).
    position: usize,
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

/// The relationship types the importer uses.
const USED_RELATIONSHIPS: [&str; 2] = ["attributed-to", "targets"];

/// True when a reference holds nothing but `(Citation: …)` markup and no address: ATT&CK's
/// alias entries (`{"source_name": "DYMALLOY", "description": "(Citation: Dragos DYMALLOY )"}`).
/// It is not a work itself; the works it cites are.
fn only_cites(reference: &Reference) -> bool {
    reference.url.is_empty()
        && reference.description.contains("(Citation:")
        && !plain_text(&reference.description)
            .0
            .chars()
            .any(char::is_alphanumeric)
}

/// An object's references that a citation can name, by `source_name` (already trimmed);
/// the first of a name wins.
fn citable(references: &[Reference]) -> HashMap<&str, &Reference> {
    let mut map = HashMap::new();
    for reference in references.iter().filter(|r| !only_cites(r)) {
        map.entry(reference.source_name.as_str())
            .or_insert(reference);
    }
    map
}

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

/// Unique ids within one list, handed out as [`super::IdAllocator`] does (the slug of the
/// name, then `-2`, `-3`… in input order), but remembering how far each slug's numbering got,
/// so that thousands of objects with one name cost linear time, not quadratic.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// A fresh id for `name`; `fallback` when the name has no letter or digit.
    fn allocate(&mut self, name: &str, fallback: &str) -> String {
        let mut base = slugify(name);
        if base.is_empty() {
            base = slugify(fallback);
        }
        if base.is_empty() {
            base = "item".to_string();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        // Every number below `next` is taken already, and taken ids stay taken.
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// A list without repeats, in the order first pushed, with a constant-time check.
#[derive(Default)]
struct Unique {
    list: Vec<Text>,
    seen: HashSet<Text>,
}

impl Unique {
    fn push(&mut self, item: impl Into<Text>) {
        let item = item.into();
        if !self.seen.contains(&item) {
            self.seen.insert(item.clone());
            self.list.push(item);
        }
    }

    fn extend(&mut self, items: impl IntoIterator<Item = Text>) {
        for item in items {
            self.push(item);
        }
    }

    fn first(&self) -> Option<&Text> {
        self.list.first()
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A citation whose name no external reference in the bundle has.
struct Unresolved {
    name: String,
    first_place: String,
    times: usize,
}

/// Sources made from references, reports and the bundle, each made once, when first cited;
/// one per address.
struct Sources {
    list: Vec<Source>,
    by_key: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    ids: Ids,
    bundle_id: String,
    /// Every reference a citation can name, by `source_name` (see
    /// [`index_citable_references`]).
    named: HashMap<String, Reference>,
    /// Names of citations found in the bundle's references.
    resolved: HashSet<String>,
    /// Citations that name no reference, in the order first met.
    unresolved: Vec<Unresolved>,
    unresolved_index: HashMap<String, usize>,
}

impl Sources {
    fn new(bundle: &mut Bundle) -> Sources {
        Sources {
            list: Vec::new(),
            by_key: HashMap::new(),
            by_url: HashMap::new(),
            ids: Ids::default(),
            bundle_id: bundle.id.clone(),
            named: std::mem::take(&mut bundle.named),
            resolved: HashSet::new(),
            unresolved: Vec::new(),
            unresolved_index: HashMap::new(),
        }
    }

    /// The source for `key`, or the one with the address `url` (when not empty), else a new
    /// one from `make`. Returns its index in the list.
    fn add(&mut self, key: String, url: &str, make: impl FnOnce(&mut Ids) -> Source) -> usize {
        if let Some(&index) = self.by_key.get(&key) {
            return index;
        }
        if !url.is_empty()
            && let Some(&index) = self.by_url.get(url)
        {
            self.by_key.insert(key, index);
            return index;
        }
        let index = self.list.len();
        self.list.push(make(&mut self.ids));
        if !url.is_empty() {
            self.by_url.insert(url.to_string(), index);
        }
        self.by_key.insert(key, index);
        index
    }

    fn id(&self, index: usize) -> Text {
        self.list[index].id.clone()
    }

    fn reference(&mut self, reference: &Reference, owner_name: &str) -> Text {
        let key = format!(
            "ref\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            reference.source_name, reference.external_id, reference.url, reference.description
        );
        let index = self.add(key, &reference.url, |ids| {
            let outlet = outlet_name(&reference.source_name);
            let description = if reference.description.contains("(Citation:") {
                plain_text(&reference.description).0
            } else {
                reference.description.clone()
            };
            let title = if !description.is_empty() {
                description
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
        });
        self.id(index)
    }

    /// The sources for the citations `names` made at `place` (such as `intrusion-set
    /// "Dragonfly"`): the citing object's own references (`own`) first, then the bundle's.
    fn cite(
        &mut self,
        names: &[String],
        own: &HashMap<&str, &Reference>,
        place: &str,
    ) -> Vec<Text> {
        let mut out = Vec::new();
        for name in names {
            let found = own
                .get(name.as_str())
                .map(|r| (*r).clone())
                .or_else(|| self.named.get(name).cloned());
            out.push(match found {
                Some(reference) => {
                    self.resolved.insert(name.clone());
                    self.reference(&reference, "")
                }
                None => self.unresolved(name, place),
            });
        }
        out
    }

    /// The sources for the `(Citation: …)` markup in `text`.
    fn cite_in(&mut self, text: &str, own: &HashMap<&str, &Reference>, place: &str) -> Vec<Text> {
        if !text.contains("(Citation:") {
            return Vec::new();
        }
        let (_, names) = plain_text(text);
        self.cite(&names, own, place)
    }

    /// A citation of a work the bundle does not describe: a source with its name as title.
    fn unresolved(&mut self, name: &str, place: &str) -> Text {
        match self.unresolved_index.get(name) {
            Some(&i) => self.unresolved[i].times += 1,
            None => {
                self.unresolved_index
                    .insert(name.to_string(), self.unresolved.len());
                self.unresolved.push(Unresolved {
                    name: name.to_string(),
                    first_place: place.to_string(),
                    times: 1,
                });
            }
        }
        let index = self.add(format!("citation\u{0}{name}"), "", |ids| Source {
            id: ids.allocate(&format!("citation {name}"), "citation").into(),
            outlet: "Unknown (cited by name only)".into(),
            title: name.into(),
            date: None,
            url: None,
            note: Some(
                format!(
                    "The STIX bundle cites \"{name}\" but has no external reference with that \
                     source_name: who published it, when and where are not known."
                )
                .into(),
            ),
        });
        self.id(index)
    }

    /// The sources of an object's external references, in order: each reference, the works
    /// cited in its description, and for an entry that only cites (an alias entry) the works
    /// it cites. Also returns, by `source_name`, the first work each such entry cites.
    fn of_references<'o>(
        &mut self,
        object: &'o Object,
        own: &HashMap<&str, &Reference>,
        place: &str,
    ) -> (Unique, HashMap<&'o str, Text>) {
        let mut list = Unique::default();
        let mut first_cited = HashMap::new();
        for reference in &object.references {
            if only_cites(reference) {
                let cited = self.cite_in(
                    &reference.description,
                    own,
                    &format!("{place}, entry {:?}", reference.source_name),
                );
                if let Some(first) = cited.first() {
                    first_cited
                        .entry(reference.source_name.as_str())
                        .or_insert_with(|| first.clone());
                }
                list.extend(cited);
            } else {
                list.push(self.reference(reference, &object.name));
                list.extend(self.cite_in(&reference.description, own, place));
            }
        }
        (list, first_cited)
    }

    fn report(&mut self, report: &Object, author: Option<&str>) -> Text {
        let url = report
            .references
            .iter()
            .map(|r| r.url.as_str())
            .find(|u| !u.is_empty())
            .unwrap_or_default();
        let index = self.add(format!("report\u{0}{}", report.id), url, |ids| {
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
                url: Some(Text::from(url)).filter(|u| !u.is_empty()),
                note: Some(format!("A STIX report ({}).", report.id).into()),
            }
        });
        // A reference with the same address may have made the source: the report dates it.
        let source = &mut self.list[index];
        if source.date.is_none() {
            source.date = report.published;
        }
        self.id(index)
    }

    /// What an identity asserts in the bundle, for its relationships that cite nothing.
    fn author(&mut self, identity: &Object) -> Text {
        let bundle_id = self.bundle_id.clone();
        let index = self.add(format!("author\u{0}{}", identity.id), "", |ids| Source {
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
        });
        self.id(index)
    }

    fn bundle(&mut self) -> Text {
        let bundle_id = self.bundle_id.clone();
        let index = self.add("bundle".into(), "", |ids| Source {
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
        });
        self.id(index)
    }
}

/// Where an object is, for messages: `intrusion-set "Dragonfly"`, or its id.
fn place(object: &Object) -> String {
    if object.name.is_empty() {
        object.id.clone()
    } else {
        format!("{} {:?}", object.kind, object.name)
    }
}

/// A UUID in lowercase (as STIX writes them) as a number; `None` for anything else.
fn uuid_number(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let mut number: u128 = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if b != b'-' {
                return None;
            }
            continue;
        }
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        number = number << 4 | u128::from(digit);
    }
    Some(number)
}

/// The objects read and left out, by type in the order first met: only their ids, a UUID
/// as 16 bytes, so that a million techniques cost a few megabytes.
#[derive(Default)]
struct LeftOut {
    kinds: Vec<LeftOutKind>,
    index: HashMap<String, usize>,
}

struct LeftOutKind {
    kind: String,
    uuids: HashSet<u128>,
    others: HashSet<String>,
}

impl LeftOut {
    /// Records an object whose id starts with `kind--`; false when it was already recorded.
    fn insert(&mut self, kind: &str, id: &str) -> bool {
        let index = match self.index.get(kind) {
            Some(&index) => index,
            None => {
                self.index.insert(kind.to_string(), self.kinds.len());
                self.kinds.push(LeftOutKind {
                    kind: kind.to_string(),
                    uuids: HashSet::new(),
                    others: HashSet::new(),
                });
                self.kinds.len() - 1
            }
        };
        let entry = &mut self.kinds[index];
        // A kept object's id starts with `kind--`: `read_object` checks it.
        let rest = id
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix("--"))
            .unwrap_or(id);
        match uuid_number(rest) {
            Some(number) => entry.uuids.insert(number),
            None => entry.others.insert(rest.to_string()),
        }
    }

    /// The type of a left-out object with this id, if there is one.
    fn kind_of(&self, id: &str) -> Option<&str> {
        let mut from = 0;
        while let Some(at) = id[from..].find("--") {
            let at = from + at;
            if let Some(&index) = self.index.get(&id[..at]) {
                let entry = &self.kinds[index];
                let rest = &id[at + 2..];
                let found = match uuid_number(rest) {
                    Some(number) => entry.uuids.contains(&number),
                    None => entry.others.contains(rest),
                };
                if found {
                    return Some(&entry.kind);
                }
            }
            from = at + 1;
        }
        None
    }

    /// How many objects of each type were left out, relationships aside.
    fn counts(&self) -> Vec<(&str, usize)> {
        self.kinds
            .iter()
            .filter(|k| k.kind != "relationship")
            .map(|k| (k.kind.as_str(), k.uuids.len() + k.others.len()))
            .collect()
    }
}

/// Everything kept from the bundle, with lookups.
#[derive(Default)]
struct Bundle {
    id: String,
    objects: Vec<Object>,
    by_id: HashMap<String, usize>,
    left_out: LeftOut,
    /// Relationships left out while reading for their type: "uses relationships" → the
    /// position of the first and how many.
    skipped: HashMap<String, (usize, usize)>,
    /// Reports by the ids in their `object_refs`, in bundle order.
    reports_by_ref: HashMap<String, Vec<usize>>,
    /// The references a citation can name, by `source_name`: the first among the objects
    /// kept, else (for names cited but not found there) the first among the others.
    named: HashMap<String, Reference>,
}

impl Bundle {
    fn get(&self, id: &str) -> Option<&Object> {
        self.by_id.get(id).map(|&i| &self.objects[i])
    }

    /// The type of the object with this id, kept or left out; `None` when it is not in the
    /// bundle.
    fn kind_of(&self, id: &str) -> Option<&str> {
        match self.get(id) {
            Some(object) => Some(object.kind.as_str()),
            None => self.left_out.kind_of(id),
        }
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
    fn reports_listing<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Object> + use<'a> {
        self.reports_by_ref
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.objects[i])
    }

    /// Keeps an object the importer uses, or records one it leaves out.
    fn keep(&mut self, mut object: Object, position: usize) {
        // STIX keeps versions of an object under one id: the latest `modified` wins.
        if let Some(&earlier) = self.by_id.get(&object.id) {
            if object.modified > self.objects[earlier].modified {
                object.position = self.objects[earlier].position;
                self.objects[earlier] = object;
            }
            return;
        }
        let used = NAMED.contains(&object.kind.as_str())
            || (object.kind == "relationship"
                && USED_RELATIONSHIPS.contains(&object.relationship_type.as_str()));
        if !used {
            if self.left_out.insert(&object.kind, &object.id) && object.kind == "relationship" {
                let key = format!("{} relationships", object.relationship_type);
                self.skipped.entry(key).or_insert((position, 0)).1 += 1;
            }
            return;
        }
        object.position = position;
        self.by_id.insert(object.id.clone(), self.objects.len());
        self.objects.push(object);
    }
}

/// What reading the bundle's text collects, one object at a time.
#[derive(Default)]
struct Reader {
    bundle_type: Option<Value>,
    bundle_id: Option<Value>,
    /// `Some(true)` when `objects` is a list, `Some(false)` when it is something else.
    objects_list: Option<bool>,
    count: usize,
    problems: Vec<String>,
    bundle: Bundle,
    /// On the second reading, the citation names still to find.
    wanted: Option<HashSet<String>>,
}

/// An object's external references, all that the second reading looks at.
#[derive(Deserialize)]
struct ReferencesOnly {
    external_references: Option<Vec<ReferenceOnly>>,
}

#[derive(Deserialize)]
struct ReferenceOnly {
    source_name: Option<String>,
    description: Option<String>,
    url: Option<String>,
    external_id: Option<String>,
}

impl Reader {
    /// On the second reading: the references of an object that the first left out, for
    /// citations that name no reference of the objects kept.
    fn look_up(&mut self, object: ReferencesOnly) {
        let Some(wanted) = &mut self.wanted else {
            return;
        };
        for found in object.external_references.into_iter().flatten() {
            let reference = Reference {
                source_name: found.source_name.unwrap_or_default().trim().to_string(),
                description: found.description.unwrap_or_default().trim().to_string(),
                url: found.url.unwrap_or_default().trim().to_string(),
                external_id: found.external_id.unwrap_or_default().trim().to_string(),
            };
            if wanted.contains(&reference.source_name) && !only_cites(&reference) {
                wanted.remove(&reference.source_name);
                self.bundle
                    .named
                    .insert(reference.source_name.clone(), reference);
            }
        }
    }

    fn add(&mut self, value: &Value) {
        let position = self.count;
        self.count += 1;
        match read_object(value) {
            Ok(object) => {
                if self.problems.is_empty() {
                    self.bundle.keep(object, position);
                }
            }
            Err(found) => {
                let number = position + 1;
                let label = match (
                    value.get("id").and_then(Value::as_str),
                    value.get("name").and_then(Value::as_str),
                ) {
                    (Some(id), Some(name)) => format!("object {number} ({id}, {name:?})"),
                    (Some(id), None) => format!("object {number} ({id})"),
                    _ => format!("object {number}"),
                };
                self.problems
                    .extend(found.into_iter().map(|p| format!("{label}: {p}")));
            }
        }
    }
}

/// The bundle's top level: `None` for an object, else what it is instead ("a list").
struct TopLevel<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Option<&'static str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a STIX bundle")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => self.0.bundle_type = Some(map.next_value()?),
                "id" => self.0.bundle_id = Some(map.next_value()?),
                "objects" => {
                    let not_a_bundle = self
                        .0
                        .bundle_type
                        .as_ref()
                        .is_some_and(|t| t.as_str() != Some("bundle"));
                    if not_a_bundle {
                        map.next_value::<IgnoredAny>()?;
                    } else {
                        let list = map.next_value_seed(ObjectList(&mut *self.0))?;
                        self.0.objects_list = Some(list);
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some("a list"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Some("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some("null"))
    }
}

/// The bundle's `objects`, read one at a time: true when it is a list.
struct ObjectList<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for ObjectList<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectList<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of STIX objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        if self.0.wanted.is_some() {
            while let Some(object) = seq.next_element::<ReferencesOnly>()? {
                self.0.look_up(object);
            }
            return Ok(true);
        }
        while let Some(value) = seq.next_element::<Value>()? {
            self.0.add(&value);
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Reads the bundle one object at a time, keeping only what the importer uses.
fn read_bundle(text: &str, name: &str) -> Result<Bundle, ImportError> {
    let mut reader = Reader::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = TopLevel(&mut reader)
        .deserialize(&mut deserializer)
        .and_then(|top| deserializer.end().map(|()| top))
        .map_err(|error| json_error(&error, name))?;
    if let Some(found) = top {
        return Err(ImportError::new(
            name,
            format!("expected a STIX 2.1 bundle (an object with `objects`), found {found}"),
        ));
    }
    match &reader.bundle_type {
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
    if reader.objects_list != Some(true) {
        return Err(ImportError::new(name, "the bundle has no `objects` list"));
    }
    if !reader.problems.is_empty() {
        return Err(ImportError {
            file: name.to_string(),
            problems: reader.problems,
        });
    }
    let mut bundle = reader.bundle;
    bundle.id = reader
        .bundle_id
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    index_citable_references(&mut bundle, text);
    for (index, report) in bundle.objects.iter().enumerate() {
        if report.kind != "report" {
            continue;
        }
        for id in &report.object_refs {
            let list = bundle.reports_by_ref.entry(id.clone()).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    Ok(bundle)
}

/// Indexes the references that citations can name: those of the objects kept, then, for the
/// names cited but not found there, those of the objects left out, found by reading the text
/// a second time (only their `external_references`, and only when needed).
fn index_citable_references(bundle: &mut Bundle, text: &str) {
    let mut named: HashMap<String, Reference> = HashMap::new();
    for object in &bundle.objects {
        for reference in object.references.iter().filter(|r| !only_cites(r)) {
            if !named.contains_key(&reference.source_name) {
                named.insert(reference.source_name.clone(), reference.clone());
            }
        }
    }
    let mut wanted = HashSet::new();
    for object in &bundle.objects {
        let texts = std::iter::once(&object.description)
            .chain(object.references.iter().map(|r| &r.description));
        for text in texts.filter(|t| t.contains("(Citation:")) {
            for name in plain_text(text).1 {
                if !named.contains_key(&name) {
                    wanted.insert(name);
                }
            }
        }
    }
    bundle.named = named;
    if wanted.is_empty() {
        return;
    }
    let mut reader = Reader {
        wanted: Some(wanted),
        bundle: std::mem::take(bundle),
        ..Reader::default()
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // The first reading checked every object; should this one fail all the same, the
    // citations it did not reach stay unresolved.
    let _ = TopLevel(&mut reader).deserialize(&mut deserializer);
    *bundle = reader.bundle;
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

/// Counts of left-out relationships by what they are, with the position of the first.
#[derive(Default)]
struct Skipped(HashMap<String, (usize, usize)>);

impl Skipped {
    fn count(&mut self, key: String, position: usize) {
        self.0.entry(key).or_insert((position, 0)).1 += 1;
    }
}

/// Imports a STIX 2.1 bundle's JSON text; `name` is the input's name, used in messages.
pub fn import(text: &str, name: &str) -> Result<Imported, ImportError> {
    let mut bundle = read_bundle(text, name)?;
    let mut notes: Vec<String> = Vec::new();
    let mut sources = Sources::new(&mut bundle);
    let bundle = bundle;
    let mut data = Dataset::default();

    // Groups.
    let mut group_ids = Ids::default();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    // Each group's sources, and sentences added to its description, while they grow.
    let mut group_sources: Vec<Unique> = Vec::new();
    let mut group_sentences: Vec<Vec<String>> = Vec::new();
    for object in &bundle.objects {
        if object.kind != "intrusion-set" && object.kind != "threat-actor" {
            continue;
        }
        let own = citable(&object.references);
        let here = place(object);
        let (mut cited, first_cited) = sources.of_references(object, &own, &here);
        if cited.is_empty() {
            cited.push(sources.bundle());
        }
        let (description, citations) = plain_text(&object.description);
        cited.extend(sources.cite(&citations, &own, &here));
        let first = cited.first().cloned().unwrap_or_default();
        let mut aliases = Vec::new();
        let mut seen_aliases = HashSet::new();
        for alias in &object.aliases {
            let alias = alias.trim();
            if !alias.is_empty() && alias != object.name && seen_aliases.insert(alias) {
                aliases.push(crate::data::Alias {
                    name: alias.into(),
                    coined_by: None,
                    source: Some(first_cited.get(alias).unwrap_or(&first).clone()),
                });
            }
        }
        let mut references = Unique::default();
        for reference in &object.references {
            if !reference.url.is_empty() {
                references.push(reference.url.as_str());
            }
        }
        group_of.insert(object.id.clone(), data.groups.len());
        group_sources.push(cited);
        group_sentences.push(Vec::new());
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
            references: references.list,
            sources: Vec::new(),
        });
    }

    // Relationships, sorted by what they become.
    let mut skipped_missing: Vec<String> = Vec::new();
    let mut skipped = Skipped(bundle.skipped.clone());
    let mut campaign_groups: HashMap<String, Vec<usize>> = HashMap::new();
    let mut campaign_victims: HashMap<String, Unique> = HashMap::new();
    // Target identity id → relationships from groups, in bundle order.
    let mut targeted: Vec<(String, Vec<usize>)> = Vec::new();
    let mut targeted_index: HashMap<String, usize> = HashMap::new();
    for (index, relationship) in bundle.objects.iter().enumerate() {
        if relationship.kind != "relationship" {
            continue;
        }
        let kind = relationship.relationship_type.as_str();
        let position = relationship.position;
        if !USED_RELATIONSHIPS.contains(&kind) {
            // Only a later version of a kept relationship gets here.
            skipped.count(format!("{kind} relationships"), position);
            continue;
        }
        let (Some(from_kind), Some(to_kind)) = (
            bundle.kind_of(&relationship.source_ref),
            bundle.kind_of(&relationship.target_ref),
        ) else {
            let missing = if bundle.kind_of(&relationship.source_ref).is_none() {
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
        let is_group = |kind: &str| kind == "intrusion-set" || kind == "threat-actor";
        match (kind, from_kind, to_kind) {
            ("attributed-to", "campaign", to) if is_group(to) => {
                campaign_groups
                    .entry(relationship.source_ref.clone())
                    .or_default()
                    .push(index);
            }
            ("attributed-to", "intrusion-set", "threat-actor") => {
                let (Some(from), Some(to)) = (
                    bundle.get(&relationship.source_ref),
                    bundle.get(&relationship.target_ref),
                ) else {
                    continue;
                };
                let by = relationship_author(&bundle, relationship, from);
                let confidence = match relationship.confidence {
                    Some(c) => format!("confidence {c}, {}", confidence_level(c)),
                    None => "no confidence given".into(),
                };
                let group = group_of[&from.id];
                group_sentences[group].push(format!(
                    "{by} links this intrusion set to the threat actor {} (STIX attributed-to, {confidence}).",
                    to.name
                ));
                let own = citable(&relationship.references);
                let cited = sources.cite_in(&relationship.description, &own, &relationship.id);
                group_sources[group].extend(cited);
            }
            ("targets", "campaign", "identity") => {
                campaign_victims
                    .entry(relationship.source_ref.clone())
                    .or_default()
                    .push(relationship.target_ref.as_str());
            }
            ("targets", from, "identity") if is_group(from) => {
                match targeted_index.get(&relationship.target_ref) {
                    Some(&i) => targeted[i].1.push(index),
                    None => {
                        targeted_index.insert(relationship.target_ref.clone(), targeted.len());
                        targeted.push((relationship.target_ref.clone(), vec![index]));
                    }
                }
            }
            (_, from, to) => {
                skipped.count(
                    format!("{kind} relationships from a {from} to a {to}"),
                    position,
                );
            }
        }
    }
    for (group, sentences) in data.groups.iter_mut().zip(&group_sentences) {
        if sentences.is_empty() {
            continue;
        }
        let mut description = group.description.to_string();
        for sentence in sentences {
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(sentence);
        }
        group.description = description.into();
    }

    let mut organisations = Organisations::default();

    let mut incident_ids = Ids::default();
    let mut no_confidence = 0;

    // Campaigns.
    for campaign in &bundle.objects {
        if campaign.kind != "campaign" {
            continue;
        }
        let own = citable(&campaign.references);
        let here = place(campaign);
        let (mut incident_sources, _) = sources.of_references(campaign, &own, &here);
        if incident_sources.is_empty() {
            incident_sources.push(sources.bundle());
        }
        let own_source = incident_sources.first().cloned().unwrap_or_default();
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

        let mut victims = Unique::default();
        for identity in campaign_victims
            .get(&campaign.id)
            .map(|v| v.list.as_slice())
            .unwrap_or_default()
        {
            if let Some(identity) = bundle.get(identity.as_str()) {
                victims.push(organisations.for_identity(&mut data, identity));
            }
        }
        let mut incident_notes = Vec::new();
        if victims.is_empty() {
            let id = organisations.placeholder(&mut data, &campaign.name);
            victims.push(id);
            incident_notes.push(
                Fact::new("The bundle names no victim of this campaign.")
                    .with_source(Some(own_source.clone())),
            );
        }

        let (summary, citations) = plain_text(&campaign.description);
        incident_sources.extend(sources.cite(&citations, &own, &here));
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
            incident_notes.push(Fact::new(text).with_source(Some(own_source.clone())));
        }
        if let (Some(first), Some(last)) = (&campaign.first_seen, &campaign.last_seen)
            && last < first
        {
            let text = "The bundle's last_seen is earlier than its first_seen.".to_string();
            notes.push(format!("warning: {name}: {label}: {text}"));
            incident_notes.push(Fact::new(text).with_source(Some(own_source.clone())));
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
                Some((claim, cited)) => {
                    incident_sources.push(claim.source.clone());
                    incident_sources.extend(cited);
                    claims.push(claim);
                }
                None => no_confidence += 1,
            }
        }
        for report in bundle.reports_listing(&campaign.id) {
            let author = bundle.identity_name(report.created_by.as_deref());
            incident_sources.push(sources.report(report, author.as_deref()));
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
            victims: victims.list.into(),
            timeline: timeline.into(),
            claims: claims.into(),
            notes: incident_notes.into(),
            sources: incident_sources.list.into(),
            tags: thin_vec!["campaign".into()],
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
        let mut incident_sources = Unique::default();
        let mut group_names = Unique::default();
        let mut descriptions: Vec<String> = Vec::new();
        let mut seen_descriptions: HashSet<String> = HashSet::new();
        let mut date: Option<PartialDate> = None;
        for &index in relationships {
            let relationship = &bundle.objects[index];
            let Some(from) = bundle.get(&relationship.source_ref) else {
                continue;
            };
            let group_index = group_of[&from.id];
            let group = &data.groups[group_index];
            let fallback = group_sources[group_index]
                .first()
                .cloned()
                .unwrap_or_default();
            let Some((claim, cited)) = make_claim(
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
            group_names.push(group.name.clone());
            incident_sources.push(claim.source.clone());
            incident_sources.extend(cited);
            claims.push(claim);
            let (text, _) = plain_text(&relationship.description);
            if !text.is_empty() && seen_descriptions.insert(text.clone()) {
                descriptions.push(text);
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
            incident_sources.push(sources.report(report, author.as_deref()));
        }
        let groups = join_names(&group_names.list);
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
            victims: thin_vec![victim.into()],
            claims: claims.into(),
            sources: incident_sources.list.into(),
            thin: true,
            ..Incident::default()
        });
    }

    for (group, cited) in data.groups.iter_mut().zip(group_sources) {
        group.sources = cited.list;
    }
    let resolved = sources.resolved.len();
    let unresolved = std::mem::take(&mut sources.unresolved);
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
    if resolved + unresolved.len() > 0 {
        notes.push(format!(
            "{name}: citations: {} resolved to the bundle's external references, {} not",
            plural(resolved, "work", "works"),
            unresolved.len()
        ));
    }
    if !unresolved.is_empty() {
        notes.push(format!(
            "warning: {name}: {} no external reference in the bundle; each is kept as a source titled with its name:",
            plural(unresolved.len(), "citation names", "citations name"),
        ));
        for citation in unresolved.iter().take(10) {
            let more = match citation.times {
                1 => String::new(),
                2 => " and 1 more place".to_string(),
                n => format!(" and {} more places", n - 1),
            };
            notes.push(format!(
                "  (Citation: {}) in {}{more}",
                citation.name, citation.first_place
            ));
        }
        if unresolved.len() > 10 {
            notes.push(format!("  … and {} more", unresolved.len() - 10));
        }
    }
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
    let mut skipped_kinds: Vec<(String, (usize, usize))> = skipped.0.into_iter().collect();
    skipped_kinds.sort_by_key(|(_, (first, _))| *first);
    for (kind, (_, n)) in &skipped_kinds {
        notes.push(format!("{name}: left out {n} {kind}"));
    }
    let ignored = bundle.left_out.counts();
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
    ids: Ids,
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

/// The claim a relationship makes, or `None` when its confidence is 0, with the sources of
/// the works its description cites.
fn make_claim(
    bundle: &Bundle,
    sources: &mut Sources,
    relationship: &Object,
    from: &Object,
    group: &str,
    fallback_source: &str,
) -> Option<(Claim, Vec<Text>)> {
    let authority = bundle.is_authority(relationship.created_by.as_deref());
    let stance = stance_for(relationship.confidence, authority)?;
    let by = relationship_author(bundle, relationship, from);
    let report = bundle.reports_listing(&relationship.id).next();
    let (source, date) =
        if let Some(reference) = relationship.references.iter().find(|r| !only_cites(r)) {
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
    let own = citable(&relationship.references);
    let cited = sources.cite(&citations, &own, &relationship.id);
    let mut note = format!(
        "STIX {} relationship, {confidence}: {} ({reason}).",
        relationship.relationship_type,
        stance.label()
    );
    if !citations.is_empty() {
        note.push_str(&format!(" It cites: {}.", citations.join("; ")));
    }
    Some((
        Claim::from(ClaimFields {
            group: group.into(),
            stance,
            by: by.into(),
            date,
            source,
            note: Some(note.into()),
        }),
        cited,
    ))
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
    fn ids_number_repeated_names_as_the_id_allocator_does() {
        let mut ours = Ids::default();
        let mut theirs = super::super::IdAllocator::default();
        for name in [
            "Victim", "Victim", "Victim 2", "Victim", "victim-3", "Victim", "…", "", "Victim",
        ] {
            assert_eq!(
                ours.allocate(name, "fallback"),
                theirs.allocate(name, "fallback"),
                "{name:?}"
            );
        }
    }

    #[test]
    fn left_out_ids_are_kept_as_numbers_and_found_by_type() {
        assert_eq!(
            uuid_number("00000000-0000-4000-8000-0000000000a1"),
            Some(0x0000_0000_0000_4000_8000_0000_0000_00a1)
        );
        assert_eq!(uuid_number("00000000-0000-4000-8000-0000000000A1"), None);
        assert_eq!(uuid_number("not-a-uuid"), None);
        let mut left_out = LeftOut::default();
        let technique = "attack-pattern--00000000-0000-4000-8000-000000000011";
        assert!(left_out.insert("attack-pattern", technique));
        assert!(
            !left_out.insert("attack-pattern", technique),
            "one id, once"
        );
        assert!(left_out.insert("x-mitre-asset", "x-mitre-asset--plc"));
        assert!(left_out.insert("relationship", "relationship--x"));
        assert_eq!(left_out.kind_of(technique), Some("attack-pattern"));
        assert_eq!(
            left_out.kind_of("x-mitre-asset--plc"),
            Some("x-mitre-asset")
        );
        assert_eq!(
            left_out.kind_of("malware--00000000-0000-4000-8000-000000000011"),
            None
        );
        assert_eq!(
            left_out.counts(),
            [("attack-pattern", 1), ("x-mitre-asset", 1)],
            "relationships are counted by type elsewhere"
        );
    }

    #[test]
    fn alias_entries_only_cite() {
        let entry = |description: &str, url: &str| Reference {
            source_name: "DYMALLOY".into(),
            description: description.into(),
            url: url.into(),
            external_id: String::new(),
        };
        assert!(only_cites(&entry(
            "(Citation: Dragos DYMALLOY )(Citation: UK GOV FSB Factsheet April 2022)",
            ""
        )));
        assert!(only_cites(&entry("(Citation: A), (Citation: B).", "")));
        assert!(!only_cites(&entry("(Citation: A)", "https://example.org/")));
        assert!(!only_cites(&entry("Dragos. (n.d.). DYMALLOY.", "")));
        assert!(!only_cites(&entry("", "")));
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
