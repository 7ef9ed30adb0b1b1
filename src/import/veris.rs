//! VERIS JSON (the VERIS Community Database, VCDB): one incident per file, or a list of
//! them, as organisations, incidents, groups and claims.
//!
//! `docs/veris-mapping.md` has the whole mapping with the reason for each choice; in short:
//!
//! | VERIS | becomes |
//! | --- | --- |
//! | `victim.victim_id` | the victim organisation; records with the same name share it. A name that is missing, empty or a placeholder ("Unknown", "Unnamed …") gives an organisation of that incident's own, "Unknown victim (VCDB incident 1a2b3c4d)", so unrelated incidents never merge |
//! | `victim.industry` (NAICS) | the organisation's sector: the NAICS sector of the code's first two digits ("52" → "Finance and Insurance"); the full code is in its description |
//! | `victim.country` (ISO 3166-1) | the organisation's country, by name; `victim.state` and `employee_count` in its description |
//! | `timeline.incident` | the incident's date: year, year-month or year-month-day, never more precise than given; an impossible date is a problem |
//! | `plus.timeline.notification` | a timeline event |
//! | `summary` | the summary |
//! | `attribute.confidentiality` | `data_total` a record count; each `data[].variety` a fact in `data_exposed` (`data_not_exposed` when `data_disclosure` is "No") |
//! | `action.*` | the entry vector (categories, varieties, vectors), tags; CVEs and malware names in a note |
//! | `actor.*` | a note per actor kind (variety, motive, country), tags |
//! | `actor.external.name` | a group and a `Suspected` claim by the VCDB coder, unless the name is an identifier (a UUID) or names several groups ("A / B"): then a note only |
//! | `discovery_method`, `discovery_notes` | a note |
//! | `reference` | a source per address, split at `;`, `,` and spaces, kept as given and never fetched; the same address is one source |
//! | `incident_id`, `plus.master_id`, the file name | the incident's first note, so that each incident can be traced to its record |
//!
//! Every incident also cites [`SOURCE_ID`], whose title is the credit the VCDB's CC BY-SA
//! 4.0 licence asks for; every fact and claim names it as its source, since they are the
//! VCDB coder's reading of the reports, not the reports' own words. Records coded as a
//! false positive (`security_incident`) are left out: they are not incidents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use thin_vec::thin_vec;

use super::countries::country_name;
use super::{
    IdAllocator, ImportError, Imported, finish, json_kind, parse_json, plural, read_input_with,
};
use crate::data::progress::{Progress, Stage};
use crate::data::{
    Claim, ClaimFields, Dataset, Fact, Group, GroupKind, Incident, Organisation, PartialDate,
    RecordCount, Source, Stance, Text, TimelineEvent,
};

/// The credit the CC BY-SA 4.0 licence of the VCDB asks for, with the licence.
pub const CREDIT: &str = "VERIS Community Database, Verizon RISK Team, CC BY-SA 4.0 \
     (https://creativecommons.org/licenses/by-sa/4.0/)";

/// The id of the credit source every imported incident cites.
pub const SOURCE_ID: &str = "vcdb";

/// Who makes every claim this importer writes.
pub const CLAIMED_BY: &str = "VCDB coder, reading public reports";

/// The VERIS action categories, in the order the title, tags and entry vector list them.
const ACTION_CATEGORIES: [(&str, &str); 8] = [
    ("hacking", "hacking"),
    ("malware", "malware"),
    ("social", "social engineering"),
    ("misuse", "misuse"),
    ("physical", "physical"),
    ("error", "error"),
    ("environmental", "environmental"),
    ("unknown", "unknown action"),
];

/// The VERIS actor kinds, in the order the notes list them.
const ACTOR_KINDS: [(&str, &str); 4] = [
    ("external", "External actor"),
    ("internal", "Internal actor (insider)"),
    ("partner", "Partner actor"),
    ("unknown", "Unknown actor"),
];

/// The NAICS sector (2022 titles) of a code's first two digits.
pub fn naics_sector(code: &str) -> Option<&'static str> {
    let prefix = code.trim().get(..2)?;
    Some(match prefix {
        "11" => "Agriculture, Forestry, Fishing and Hunting",
        "21" => "Mining, Quarrying, and Oil and Gas Extraction",
        "22" => "Utilities",
        "23" => "Construction",
        "31" | "32" | "33" => "Manufacturing",
        "42" => "Wholesale Trade",
        "44" | "45" => "Retail Trade",
        "48" | "49" => "Transportation and Warehousing",
        "51" => "Information",
        "52" => "Finance and Insurance",
        "53" => "Real Estate and Rental and Leasing",
        "54" => "Professional, Scientific, and Technical Services",
        "55" => "Management of Companies and Enterprises",
        "56" => "Administrative and Support and Waste Management and Remediation Services",
        "61" => "Educational Services",
        "62" => "Health Care and Social Assistance",
        "71" => "Arts, Entertainment, and Recreation",
        "72" => "Accommodation and Food Services",
        "81" => "Other Services (except Public Administration)",
        "92" => "Public Administration",
        _ => return None,
    })
}

// ---- Reading the files ----

/// The `FILE_OR_DIR` arguments expanded into files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputFiles {
    /// The files to import: every argument that is a file, and the `.json` files (any
    /// case) directly inside every argument that is a folder, each folder's sorted by name.
    pub files: Vec<PathBuf>,
    /// What the folders held besides: other files and subfolders, which are not read.
    pub ignored: Vec<PathBuf>,
}

fn has_json_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Expands `FILE_OR_DIR` arguments: a file is taken as it is (it must end in `.json`, in
/// any case); a folder gives the `.json` files directly inside it, sorted by name, and
/// its other entries are ignored (not recursive: VCDB keeps one incident per file in one
/// folder, and a subfolder is more likely a copy than more data). A path given twice is
/// read once. Every argument that does not exist, cannot be read, is not JSON or is a
/// folder without JSON files is a problem naming it.
pub fn collect_files(args: &[PathBuf]) -> Result<InputFiles, ImportError> {
    let mut found = InputFiles::default();
    let mut problems = Vec::new();
    for arg in args {
        let shown = arg.display();
        let metadata = match std::fs::metadata(arg) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                problems.push(format!("{shown}: no such file or folder"));
                continue;
            }
            Err(error) => {
                problems.push(format!("{shown}: cannot read it: {error}"));
                continue;
            }
        };
        if metadata.is_dir() {
            let entries = match std::fs::read_dir(arg) {
                Ok(entries) => entries,
                Err(error) => {
                    problems.push(format!("{shown}: cannot list the folder: {error}"));
                    continue;
                }
            };
            let mut files = Vec::new();
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let is_file = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
                        if is_file && has_json_extension(&path) {
                            files.push(path);
                        } else {
                            found.ignored.push(path);
                        }
                    }
                    Err(error) => {
                        problems.push(format!("{shown}: cannot list the folder: {error}"))
                    }
                }
            }
            if files.is_empty() {
                problems.push(format!(
                    "{shown}: the folder holds no .json files (VERIS incidents are one JSON file each)"
                ));
            }
            files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
            found.files.extend(files);
        } else if has_json_extension(arg) {
            found.files.push(arg.clone());
        } else {
            problems.push(format!(
                "{shown}: not a .json file (give VERIS JSON files, or folders of them)"
            ));
        }
    }
    found.ignored.sort();
    let mut seen = std::collections::HashSet::new();
    found.files.retain(|path| {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        seen.insert(key)
    });
    match problems.len() {
        0 => Ok(found),
        1 if args.len() == 1 => Err(ImportError::new(
            &args[0].display().to_string(),
            problems[0]
                .split_once(": ")
                .map_or(problems[0].clone(), |(_, p)| p.to_string()),
        )),
        _ => Err(ImportError {
            file: "the VERIS input".into(),
            problems,
        }),
    }
}

/// Imports the files and folders given on the command line: [`collect_files`], each
/// file read, then [`import`]. The notes say which entries of the folders were ignored.
pub fn import_paths(args: &[PathBuf]) -> Result<Imported, ImportError> {
    import_paths_with(args, &Progress::new())
}

/// As [`import_paths`], counting the bytes read into `progress` (its total is set here,
/// once the files are known), then converting.
pub fn import_paths_with(args: &[PathBuf], progress: &Progress) -> Result<Imported, ImportError> {
    let found = collect_files(args)?;
    for path in &found.files {
        progress.add_total(std::fs::metadata(path).map_or(0, |m| m.len()));
    }
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in &found.files {
        match read_input_with(path, progress) {
            Ok(text) => inputs.push((path.display().to_string(), text)),
            Err(error) => problems.extend(
                error
                    .problems
                    .into_iter()
                    .map(|p| format!("{}: {p}", error.file)),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(if found.files.len() == 1 {
            ImportError {
                file: found.files[0].display().to_string(),
                problems: problems
                    .into_iter()
                    .map(|p| p.split_once(": ").map_or(p.clone(), |(_, p)| p.to_string()))
                    .collect(),
            }
        } else {
            ImportError {
                file: "the VERIS input".into(),
                problems,
            }
        });
    }
    progress.enter(Stage::Converting);
    let mut imported = import(&inputs)?;
    if !found.ignored.is_empty() {
        let names: Vec<String> = found
            .ignored
            .iter()
            .take(10)
            .map(|p| p.display().to_string())
            .collect();
        let more = found.ignored.len().saturating_sub(10);
        imported.notes.push(format!(
            "{}: ignored {} in the folders given (not .json files, or subfolders): {}{}",
            input_label(&inputs),
            plural(found.ignored.len(), "entry", "entries"),
            names.join(", "),
            if more > 0 {
                format!(" … and {more} more")
            } else {
                String::new()
            }
        ));
    }
    Ok(imported)
}

/// The last part of a path as given, for notes in the data (which never depend on where
/// the files were).
fn file_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The file name without its extension.
fn file_stem(name: &str) -> &str {
    let base = file_name(name);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// Reads nested fields of one record, collecting every problem.
struct Reader {
    problems: Vec<String>,
}

impl Reader {
    /// The value at `path`; `None` when it or an object on the way is absent or null.
    fn lookup<'v>(&mut self, root: &'v Value, path: &[&str]) -> Option<&'v Value> {
        let mut value = root;
        for (depth, key) in path.iter().enumerate() {
            match value {
                Value::Object(map) => match map.get(*key) {
                    None | Some(Value::Null) => return None,
                    Some(next) => value = next,
                },
                other => {
                    self.problems.push(format!(
                        "{} should be an object, not {}",
                        path[..depth].join("."),
                        json_kind(other)
                    ));
                    return None;
                }
            }
        }
        Some(value)
    }

    fn string(&mut self, root: &Value, path: &[&str]) -> String {
        match self.lookup(root, path) {
            None => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => {
                self.problems.push(format!(
                    "{} should be a string, not {}",
                    path.join("."),
                    json_kind(other)
                ));
                String::new()
            }
        }
    }

    /// A list of strings; a lone string is taken as a list of one.
    fn strings(&mut self, root: &Value, path: &[&str]) -> Vec<String> {
        match self.lookup(root, path) {
            None => Vec::new(),
            Some(Value::String(text)) => vec![text.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) => out.push(text.clone()),
                        Value::Null => {}
                        other => self.problems.push(format!(
                            "{}[{i}] should be a string, not {}",
                            path.join("."),
                            json_kind(other)
                        )),
                    }
                }
                out
            }
            Some(other) => {
                self.problems.push(format!(
                    "{} should be a list of strings, not {}",
                    path.join("."),
                    json_kind(other)
                ));
                Vec::new()
            }
        }
    }

    /// A whole number (any sign).
    fn whole(&mut self, root: &Value, path: &[&str]) -> Option<i64> {
        match self.lookup(root, path)? {
            Value::Number(n) => match n.as_i64() {
                Some(n) => Some(n),
                None => {
                    self.problems
                        .push(format!("{} {n} is not a whole number", path.join(".")));
                    None
                }
            },
            other => {
                self.problems.push(format!(
                    "{} should be a whole number, not {}",
                    path.join("."),
                    json_kind(other)
                ));
                None
            }
        }
    }

    /// A whole number of zero or more.
    fn count(&mut self, root: &Value, path: &[&str]) -> Option<u64> {
        let n = self.whole(root, path)?;
        match u64::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.problems.push(format!(
                    "{} {n} should be a whole number of zero or more",
                    path.join(".")
                ));
                None
            }
        }
    }

    /// An object's keys, in the file's order; a problem when it is not an object.
    fn keys(&mut self, root: &Value, path: &[&str]) -> Vec<String> {
        match self.lookup(root, path) {
            None => Vec::new(),
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            Some(other) => {
                self.problems.push(format!(
                    "{} should be an object, not {}",
                    path.join("."),
                    json_kind(other)
                ));
                Vec::new()
            }
        }
    }

    /// A VERIS date: `year`, optional `month` and `day` under `base`. `None` when `base`
    /// is absent (a problem when `required`) or the date cannot exist.
    fn date(&mut self, root: &Value, base: &[&str], required: bool) -> Option<PartialDate> {
        let path = base.join(".");
        let field =
            |key: &'static str| -> Vec<&str> { base.iter().copied().chain([key]).collect() };
        let before = self.problems.len();
        let year = self.whole(root, &field("year"));
        let month = self.whole(root, &field("month"));
        let day = self.whole(root, &field("day"));
        if self.problems.len() > before {
            return None;
        }
        let Some(year) = year else {
            if required || month.is_some() || day.is_some() {
                self.problems.push(format!("{path}.year is missing"));
            }
            return None;
        };
        if !(1900..=2100).contains(&year) {
            self.problems.push(format!(
                "{path}.year {year} is not a possible incident year (1900 to 2100)"
            ));
            return None;
        }
        let year = i32::try_from(year).ok()?;
        let Some(month) = month else {
            if let Some(day) = day {
                self.problems
                    .push(format!("{path}.day {day} is given without a month"));
                return None;
            }
            return Some(PartialDate::year(year));
        };
        let Some(month) = u8::try_from(month).ok().filter(|m| (1..=12).contains(m)) else {
            self.problems
                .push(format!("{path}.month {month} does not exist (1 to 12)"));
            return None;
        };
        let Some(day) = day else {
            return Some(PartialDate::month(year, month));
        };
        let text = format!("{year:04}-{month:02}-{:02}", day.clamp(0, 99));
        match u8::try_from(day).ok().map(|_| PartialDate::parse(&text)) {
            Some(Ok(date)) => Some(date),
            Some(Err(error)) => {
                self.problems.push(format!("{path}: {error}"));
                None
            }
            None => {
                self.problems
                    .push(format!("{path}.day {day} does not exist"));
                None
            }
        }
    }
}

/// One VERIS actor kind (`actor.external`, `actor.internal`, …).
#[derive(Clone, Debug, Default)]
struct Actor {
    kind: String,
    varieties: Vec<String>,
    motives: Vec<String>,
    countries: Vec<String>,
    names: Vec<String>,
    industry: String,
    notes: String,
}

/// One VERIS action category (`action.hacking`, …).
#[derive(Clone, Debug, Default)]
struct Action {
    category: String,
    varieties: Vec<String>,
    vectors: Vec<String>,
    targets: Vec<String>,
    cve: String,
    malware_name: String,
    notes: String,
}

/// One incident record, read and checked.
#[derive(Clone, Debug, Default)]
struct Record {
    /// The file name alone, for the data.
    file: String,
    /// `record N of` when the file holds a list, else empty.
    position: Option<usize>,
    incident_id: String,
    master_id: String,
    schema_version: String,
    source_id: String,
    security_incident: String,
    confidence: String,
    campaign_id: String,
    created: Option<PartialDate>,
    victim_id: Option<String>,
    industry: String,
    countries: Vec<String>,
    state: String,
    employee_count: String,
    secondary: Vec<String>,
    date: Option<PartialDate>,
    notification: Option<PartialDate>,
    summary: String,
    reference: String,
    actors: Vec<Actor>,
    actions: Vec<Action>,
    data: Vec<(String, Option<u64>)>,
    data_total: Option<u64>,
    disclosure: String,
    discovery: Vec<(String, Vec<String>)>,
    discovery_unknown: bool,
    discovery_other: bool,
    discovery_notes: String,
    discovery_time: String,
    notes: Vec<(String, String)>,
}

impl Record {
    /// A short, stable tag for unnamed victims: the first 8 letters and digits of
    /// `incident_id` (else of the file name), lowercased.
    fn short_id(&self) -> String {
        let from = if self.incident_id.trim().is_empty() {
            file_stem(&self.file)
        } else {
            self.incident_id.as_str()
        };
        let mut short: String = from
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(n) = self.position
            && self.incident_id.trim().is_empty()
        {
            short.push_str(&format!(" record {n}"));
        }
        short
    }
}

/// Values VERIS uses for "nothing known", left out of lists.
fn is_placeholder(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "" | "unknown" | "na" | "n/a" | "none" | "other" | "not applicable"
    )
}

fn known(values: &[String]) -> Vec<&str> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !is_placeholder(v))
        .collect()
}

fn read_record(value: &Value, input: &str, position: Option<usize>) -> Result<Record, Vec<String>> {
    let Value::Object(map) = value else {
        return Err(vec![format!(
            "should be a VERIS incident (an object with incident_id, timeline, victim, action…), not {}",
            json_kind(value)
        )]);
    };
    if ![
        "incident_id",
        "timeline",
        "victim",
        "action",
        "schema_version",
    ]
    .iter()
    .any(|key| map.contains_key(*key))
    {
        return Err(vec![
            "does not look like a VERIS incident: it has none of incident_id, timeline, victim, action or schema_version".into(),
        ]);
    }
    let mut r = Reader {
        problems: Vec::new(),
    };
    let mut record = Record {
        file: file_name(input).to_string(),
        position,
        incident_id: r.string(value, &["incident_id"]).trim().to_string(),
        master_id: r.string(value, &["plus", "master_id"]).trim().to_string(),
        schema_version: r.string(value, &["schema_version"]).trim().to_string(),
        source_id: r.string(value, &["source_id"]).trim().to_string(),
        security_incident: r.string(value, &["security_incident"]).trim().to_string(),
        confidence: r.string(value, &["confidence"]).trim().to_string(),
        campaign_id: r.string(value, &["campaign_id"]).trim().to_string(),
        summary: r.string(value, &["summary"]),
        reference: r.string(value, &["reference"]),
        ..Record::default()
    };
    // When the record was coded: the claim's date. Not checked: it says nothing about the
    // incident, and a claim can do without a date.
    let created = r.string(value, &["plus", "created"]);
    record.created = created
        .get(..10)
        .and_then(|day| PartialDate::parse(day).ok())
        .filter(|d| d.day.is_some());

    match r.lookup(value, &["victim"]) {
        None | Some(Value::Object(_)) => {}
        Some(other) => r.problems.push(format!(
            "victim should be an object (VERIS 1.3), not {}",
            json_kind(other)
        )),
    }
    record.victim_id = match r.lookup(value, &["victim", "victim_id"]) {
        None => None,
        Some(Value::String(name)) => Some(name.clone()),
        Some(other) => {
            r.problems.push(format!(
                "victim.victim_id should be a string, not {}",
                json_kind(other)
            ));
            None
        }
    };
    record.industry = r.string(value, &["victim", "industry"]).trim().to_string();
    record.countries = r.strings(value, &["victim", "country"]);
    record.state = r.string(value, &["victim", "state"]).trim().to_string();
    record.employee_count = r
        .string(value, &["victim", "employee_count"])
        .trim()
        .to_string();
    record.secondary = r.strings(value, &["victim", "secondary", "victim_id"]);

    record.date = r.date(value, &["timeline", "incident"], true);
    record.notification = r.date(value, &["plus", "timeline", "notification"], false);
    record.discovery_time = r.string(value, &["timeline", "discovery", "unit"]);

    for kind in r.keys(value, &["actor"]) {
        let path = ["actor", kind.as_str()];
        if let Some(other) = r.lookup(value, &path).filter(|v| !v.is_object()) {
            r.problems.push(format!(
                "actor.{kind} should be an object, not {}",
                json_kind(other)
            ));
            continue;
        }
        let at = |key: &'static str| -> [&str; 3] { [path[0], path[1], key] };
        let actor = Actor {
            varieties: r.strings(value, &at("variety")),
            motives: r.strings(value, &at("motive")),
            countries: r.strings(value, &at("country")),
            names: r.strings(value, &at("name")),
            industry: r.string(value, &at("industry")).trim().to_string(),
            notes: r.string(value, &at("notes")),
            kind: kind.clone(),
        };
        record.actors.push(actor);
    }
    for category in r.keys(value, &["action"]) {
        let path = ["action", category.as_str()];
        if let Some(other) = r.lookup(value, &path).filter(|v| !v.is_object()) {
            r.problems.push(format!(
                "action.{category} should be an object, not {}",
                json_kind(other)
            ));
            continue;
        }
        let at = |key: &'static str| -> [&str; 3] { [path[0], path[1], key] };
        let action = Action {
            varieties: r.strings(value, &at("variety")),
            vectors: r.strings(value, &at("vector")),
            targets: r.strings(value, &at("target")),
            cve: r.string(value, &at("cve")),
            malware_name: r.string(value, &at("name")),
            notes: r.string(value, &at("notes")),
            category: category.clone(),
        };
        record.actions.push(action);
    }
    // Actors and actions in VERIS's order, whatever the file's.
    record.actors.sort_by_key(|a| {
        ACTOR_KINDS
            .iter()
            .position(|(k, _)| *k == a.kind)
            .unwrap_or(ACTOR_KINDS.len())
    });
    record.actions.sort_by_key(|a| {
        ACTION_CATEGORIES
            .iter()
            .position(|(k, _)| *k == a.category)
            .unwrap_or(ACTION_CATEGORIES.len())
    });

    let confidentiality = ["attribute", "confidentiality"];
    record.data_total = r.count(value, &["attribute", "confidentiality", "data_total"]);
    record.disclosure = r
        .string(value, &["attribute", "confidentiality", "data_disclosure"])
        .trim()
        .to_string();
    match r.lookup(value, &["attribute", "confidentiality", "data"]) {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let variety = r.string(item, &["variety"]).trim().to_string();
                let amount = r.count(item, &["amount"]);
                if item.is_object() && !variety.is_empty() {
                    record.data.push((variety, amount));
                } else if !item.is_object() {
                    r.problems.push(format!(
                        "{}.data[{i}] should be an object with a variety, not {}",
                        confidentiality.join("."),
                        json_kind(item)
                    ));
                }
            }
        }
        Some(other) => r.problems.push(format!(
            "attribute.confidentiality.data should be a list, not {}",
            json_kind(other)
        )),
    }

    for kind in r.keys(value, &["discovery_method"]) {
        match r.lookup(value, &["discovery_method", kind.as_str()]) {
            Some(Value::Bool(flag)) => match kind.as_str() {
                "unknown" => record.discovery_unknown |= *flag,
                "other" => record.discovery_other |= *flag,
                _ => {}
            },
            Some(Value::Object(_)) => {
                let varieties = r.strings(value, &["discovery_method", kind.as_str(), "variety"]);
                record.discovery.push((kind.clone(), varieties));
            }
            _ => {}
        }
    }
    record.discovery_notes = r.string(value, &["discovery_notes"]);

    // Free-text notes the coders wrote, with the field they are in.
    let mut notes = Vec::new();
    for path in [
        vec!["notes"],
        vec!["victim", "notes"],
        vec!["attribute", "confidentiality", "notes"],
        vec!["attribute", "integrity", "notes"],
        vec!["attribute", "availability", "notes"],
    ] {
        let text = r.string(value, &path);
        notes.push((path.join("."), text));
    }
    for actor in &record.actors {
        notes.push((format!("actor.{}.notes", actor.kind), actor.notes.clone()));
    }
    for action in &record.actions {
        notes.push((
            format!("action.{}.notes", action.category),
            action.notes.clone(),
        ));
    }
    record.notes = notes
        .into_iter()
        .map(|(field, text)| (field, coder_note(&text)))
        .filter(|(_, text)| !text.is_empty())
        .collect();

    r.problems.dedup();
    if r.problems.is_empty() {
        Ok(record)
    } else {
        Err(r.problems)
    }
}

/// A coder's note without the lines VERIS's own migration scripts add ("VERIS 1_3_7 to
/// 1_4_0 Migration script, …"), which say nothing about the incident.
fn coder_note(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.contains("Migration script"))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- References ----

/// One address from a `reference` field, with the text written around it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReferenceUrl {
    /// The address, as given (separators around it removed).
    pub url: String,
    /// Text after it that is not an address ("(20130212)", "February 5, 2012").
    pub annotations: Vec<String>,
    /// Written straight after the previous address, with no separator.
    pub glued: bool,
}

fn url_start_at(text: &str, i: usize) -> bool {
    let rest = &text.as_bytes()[i..];
    let starts = |scheme: &[u8]| {
        rest.len() > scheme.len() && rest[..scheme.len()].eq_ignore_ascii_case(scheme)
    };
    if !(starts(b"http://") || starts(b"https://")) {
        return false;
    }
    // An address inside another (an archive's `/web/2015/http://…`, a `?url=http…`
    // parameter) is part of it; anything else before `http` starts a new one.
    match text[..i].chars().next_back() {
        None => true,
        Some(c) => !matches!(
            c,
            '/' | '=' | '?' | '&' | '%' | ':' | '#' | '+' | '.' | '-' | '_' | '~'
        ),
    }
}

/// A trailing `(20130212)` or `(2014-04-29T23:56:32.821Z)` stuck to an address: the date
/// the coder noted, not part of it.
fn split_trailing_date(url: &str) -> (&str, Option<&str>) {
    if let Some(open) = url.rfind('(')
        && url.ends_with(')')
    {
        let inside = &url[open + 1..url.len() - 1];
        if inside.len() >= 8
            && inside
                .bytes()
                .all(|b| b.is_ascii_digit() || b"-:.TZ".contains(&b))
        {
            return (&url[..open], Some(&url[open..]));
        }
    }
    (url, None)
}

/// Splits a VERIS `reference` field into addresses: they are separated by `;`, `,` or
/// white space, or not at all ("…a-15203https://…"). Commas inside an address
/// ("…wyomingites,31132") stay. Text that is not an address is kept with the address
/// before it (or the first one). Returns the addresses in order, duplicates included, and
/// the text when there is no address at all.
pub fn split_references(text: &str) -> (Vec<ReferenceUrl>, Option<String>) {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| url_start_at(text, i))
        .collect();
    let trim_separators = |s: &str| {
        s.trim_matches(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .to_string()
    };
    if starts.is_empty() {
        let rest = trim_separators(text);
        return (Vec::new(), (!rest.is_empty()).then_some(rest));
    }
    let mut urls: Vec<ReferenceUrl> = Vec::new();
    let leading = trim_separators(&text[..starts[0]]);
    for (n, &start) in starts.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(text.len());
        let segment = &text[start..next];
        let end = segment
            .find(|c: char| c.is_whitespace() || c == ';')
            .unwrap_or(segment.len());
        let raw = segment[..end].trim_end_matches(',');
        let (url, date) = split_trailing_date(raw);
        let glued = start > 0
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        let mut annotations = Vec::new();
        if let Some(date) = date {
            annotations.push(date.to_string());
        }
        let after = trim_separators(&segment[raw.len()..]);
        if !after.is_empty() {
            annotations.push(after);
        }
        urls.push(ReferenceUrl {
            url: url.to_string(),
            annotations,
            glued,
        });
    }
    if !leading.is_empty() {
        urls[0].annotations.insert(0, leading);
    }
    (urls, None)
}

/// The host of an address without `www.`: the source's outlet.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit('@').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Where a reference source was seen, for its note.
#[derive(Default)]
struct ReferenceUse {
    files: Vec<String>,
    annotations: Vec<(String, String)>,
    glued_in: Vec<String>,
}

// ---- Actor names ----

/// What an `actor.external.name` entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ActorName {
    /// A group's name.
    Group(String),
    /// An identifier (a UUID), not a name.
    Identifier(String),
    /// Several names in one ("Salt Typhoon / APT40").
    Several(String, Vec<String>),
    /// "Unknown" and the like.
    Placeholder,
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    let hex = |b: &u8| b.is_ascii_hexdigit();
    (bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => hex(b),
        }))
        || (bytes.len() == 32 && bytes.iter().all(hex))
}

fn classify_name(name: &str) -> ActorName {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_placeholder(&name) {
        return ActorName::Placeholder;
    }
    if is_uuid(&name) {
        return ActorName::Identifier(name);
    }
    let mut parts: Vec<String> = vec![name.clone()];
    for separator in ["/", ";", "|", ",", " & ", " and ", " or "] {
        parts = parts
            .iter()
            .flat_map(|part| {
                let lowered = part.to_lowercase();
                if lowered.contains(separator) {
                    // Split on the lowercase text's positions: " and " may be "AND".
                    let mut pieces = Vec::new();
                    let mut from = 0;
                    for (at, _) in lowered.match_indices(separator) {
                        pieces.push(part[from..at].trim().to_string());
                        from = at + separator.len();
                    }
                    pieces.push(part[from..].trim().to_string());
                    pieces
                } else {
                    vec![part.clone()]
                }
            })
            .filter(|p| !p.is_empty())
            .collect();
    }
    if parts.len() > 1 {
        ActorName::Several(name, parts)
    } else {
        ActorName::Group(name)
    }
}

fn group_kind(varieties: &[String]) -> GroupKind {
    for variety in varieties {
        match variety.trim().to_ascii_lowercase().as_str() {
            "organized crime" => return GroupKind::Criminal,
            "activist" => return GroupKind::Hacktivist,
            "nation-state" | "state-affiliated" => return GroupKind::StateLinked,
            _ => {}
        }
    }
    GroupKind::Unknown
}

/// Country codes in words: "Russia (RU)"; codes the table lacks as given.
fn countries_in_words(codes: &[String]) -> Vec<String> {
    known(codes)
        .into_iter()
        .map(|code| match country_name(code) {
            Some(name) => format!("{name} ({})", code.to_ascii_uppercase()),
            None => format!("code \"{code}\""),
        })
        .collect()
}

// ---- Victims ----

/// True when `victim_id` names nobody: missing, empty, or a placeholder such as
/// "Unknown", "Undisclosed" or "Unnamed Point of Sale Company".
pub fn is_unnamed_victim(victim_id: Option<&str>) -> bool {
    let Some(name) = victim_id else {
        return true;
    };
    let lower = name.trim().to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        lower,
        "" | "unknown"
            | "unknown victim"
            | "na"
            | "n/a"
            | "none"
            | "not applicable"
            | "undisclosed"
            | "unnamed"
            | "unidentified"
            | "anonymous"
            | "withheld"
            | "redacted"
            | "other"
            | "various"
            | "multiple"
    ) || [
        "unknown ",
        "unnamed ",
        "undisclosed ",
        "unidentified ",
        "anonymous ",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
}

/// The organisation's name and an alias: a `victim_id` that is an address
/// ("http://gabonactu.com/") is named by its host, with the address as an alias.
fn victim_name(victim_id: &str) -> (String, Option<String>) {
    let name = victim_id.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = name.to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://")) && !name.contains(' ') {
        let host = host(&name).trim_end_matches('/').to_string();
        if !host.is_empty() {
            return (host, Some(name));
        }
    }
    (name, None)
}

fn victim_description(record: &Record, unnamed: bool) -> String {
    let mut parts = Vec::new();
    if !record.industry.is_empty() && record.industry.trim_matches('0').is_empty() {
        parts.push(format!("NAICS code {} (unknown industry)", record.industry));
    } else if !record.industry.is_empty() {
        match naics_sector(&record.industry) {
            Some(sector) => parts.push(format!("NAICS {} ({sector})", record.industry)),
            None => parts.push(format!(
                "NAICS code \"{}\" (not a NAICS sector)",
                record.industry
            )),
        }
    }
    let countries = countries_in_words(&record.countries);
    if !countries.is_empty() {
        parts.push(countries.join(", "));
    }
    if !is_placeholder(&record.state) {
        parts.push(format!("state {}", record.state));
    }
    if !is_placeholder(&record.employee_count) {
        parts.push(format!("{} employees", record.employee_count));
    }
    let coded = if parts.is_empty() {
        String::new()
    } else {
        format!(" Coded as: {}.", parts.join(", "))
    };
    if unnamed {
        let given = match &record.victim_id {
            None => "no victim_id".to_string(),
            Some(id) if id.trim().is_empty() => "an empty victim_id".to_string(),
            Some(id) => format!("victim_id \"{}\"", id.trim()),
        };
        format!(
            "The victim of one VCDB incident ({}, incident_id {}), which gives {given}; not the same organisation as any other unnamed victim.{coded}",
            record.file,
            if record.incident_id.is_empty() {
                "not given"
            } else {
                &record.incident_id
            }
        )
    } else {
        format!("Victim in the VERIS Community Database.{coded}")
    }
}

// ---- The incident ----

fn fact(text: String) -> Fact {
    Fact::new(text).with_source(Some(SOURCE_ID.into()))
}

fn actions_in_words(record: &Record) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = ACTION_CATEGORIES
        .iter()
        .filter(|(key, _)| record.actions.iter().any(|a| a.category == *key))
        .map(|(_, words)| *words)
        .collect();
    if words.len() > 1 {
        words.retain(|w| *w != "unknown action");
    }
    words
}

fn entry_vector(record: &Record) -> Option<Fact> {
    let mut parts = Vec::new();
    for action in &record.actions {
        let Some((_, words)) = ACTION_CATEGORIES
            .iter()
            .find(|(k, _)| *k == action.category)
        else {
            continue;
        };
        if action.category == "unknown" {
            continue;
        }
        let mut part = words.to_string();
        let varieties = known(&action.varieties);
        if varieties.is_empty() && known(&action.vectors).is_empty() {
            part.push_str(" (variety and vector not known)");
        }
        if !varieties.is_empty() {
            part.push_str(&format!(" ({})", varieties.join(", ")));
        }
        let vectors = known(&action.vectors);
        if !vectors.is_empty() {
            part.push_str(&format!(" via {}", vectors.join(", ")));
        }
        let targets = known(&action.targets);
        if !targets.is_empty() {
            part.push_str(&format!(", targeting {}", targets.join(", ")));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return None;
    }
    let kinds: Vec<&str> = actions_in_words(record)
        .into_iter()
        .filter(|w| *w != "unknown action")
        .collect();
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    Some(
        Fact::new(format!("{text}, as VCDB codes the actions."))
            .with_source(Some(SOURCE_ID.into()))
            .with_kind(Some(kinds.join(", ").into())),
    )
}

fn tags(record: &Record) -> Vec<Text> {
    let mut tags: Vec<String> = vec!["vcdb".into()];
    let mut add = |tag: String| {
        let tag = super::slugify(&tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    };
    for words in actions_in_words(record) {
        if words != "unknown action" {
            add(words.to_string());
        }
    }
    for action in &record.actions {
        for value in known(&action.varieties)
            .into_iter()
            .chain(known(&action.vectors))
        {
            add(value.to_string());
        }
        for cve in action.cve.split([';', ',', ' ']) {
            if cve.trim().to_ascii_uppercase().starts_with("CVE-") {
                add(cve.trim().to_string());
            }
        }
    }
    for actor in &record.actors {
        match actor.kind.as_str() {
            "internal" => add("insider".into()),
            "unknown" => {}
            kind => add(format!("{kind} actor")),
        }
        for variety in known(&actor.varieties) {
            add(variety.to_string());
        }
    }
    if record.security_incident.eq_ignore_ascii_case("near miss") {
        add("near miss".into());
    }
    tags.into_iter().map(Text::from).collect()
}

fn date_note(date: &PartialDate) -> String {
    let precision = match (date.month, date.day) {
        (Some(_), Some(_)) => "to the day",
        (Some(_), None) => "to the month: VCDB gives no day",
        _ => "to the year only: VCDB gives no month",
    };
    format!(
        "When the incident happened, as the VCDB coder gives it (timeline.incident), {precision}. Not when it became public."
    )
}

fn provenance(record: &Record) -> String {
    let mut text = match record.position {
        Some(n) => format!("VCDB record {n} in the file {}", record.file),
        None => format!("VCDB record: the file {}", record.file),
    };
    if record.incident_id.is_empty() {
        text.push_str(", which gives no incident_id");
    } else {
        text.push_str(&format!(", incident_id {}", record.incident_id));
    }
    if !record.master_id.is_empty() && record.master_id != record.incident_id {
        text.push_str(&format!(", master_id {}", record.master_id));
    }
    let stem = file_stem(&record.file);
    if !record.incident_id.is_empty()
        && record.position.is_none()
        && !stem.eq_ignore_ascii_case(&record.incident_id)
    {
        text.push_str(" (the file name and the incident_id differ, as they do upstream: either finds the record)");
    }
    text.push('.');
    if !record.schema_version.is_empty() {
        text.push_str(&format!(" Coded in VERIS {}.", record.schema_version));
    }
    if !is_placeholder(&record.confidence) {
        text.push_str(&format!(
            " The coder's confidence in the coding: {}.",
            record.confidence
        ));
    }
    text
}

fn actor_note(actor: &Actor) -> Option<String> {
    let label = ACTOR_KINDS
        .iter()
        .find(|(k, _)| *k == actor.kind)
        .map_or_else(
            || format!("Actor of kind \"{}\"", actor.kind),
            |(_, l)| l.to_string(),
        );
    let mut parts = Vec::new();
    let varieties = known(&actor.varieties);
    if !varieties.is_empty() {
        parts.push(varieties.join(", "));
    }
    let motives = known(&actor.motives);
    if !motives.is_empty() {
        parts.push(format!("motive {}", motives.join(", ")));
    }
    let countries = countries_in_words(&actor.countries);
    if !countries.is_empty() {
        parts.push(format!("from {}", countries.join(", ")));
    }
    if !actor.industry.is_empty() {
        match naics_sector(&actor.industry) {
            Some(sector) => parts.push(format!("industry NAICS {} ({sector})", actor.industry)),
            None => parts.push(format!("industry code \"{}\"", actor.industry)),
        }
    }
    if parts.is_empty() {
        return Some(format!(
            "{label}, as VCDB codes it; nothing more is coded about it."
        ));
    }
    Some(format!("{label}, as VCDB codes it: {}.", parts.join("; ")))
}

fn discovery_note(record: &Record) -> Option<String> {
    let mut ways = Vec::new();
    for (kind, varieties) in &record.discovery {
        let varieties = known(varieties);
        if varieties.is_empty() {
            ways.push(format!("{kind} party, how not coded"));
        } else {
            ways.push(format!("{} ({kind})", varieties.join(", ")));
        }
    }
    if record.discovery_other {
        ways.push("another way (other)".into());
    }
    let mut text = if ways.is_empty() {
        if record.discovery_unknown {
            "VCDB codes how the incident was discovered as unknown.".to_string()
        } else {
            String::new()
        }
    } else {
        format!(
            "Discovered by: {}, as VCDB codes it (discovery_method).",
            ways.join("; ")
        )
    };
    if !is_placeholder(&record.discovery_time) {
        text.push_str(&format!(
            " Time to discovery: {} (timeline.discovery).",
            record.discovery_time.trim().to_lowercase()
        ));
    }
    let notes = coder_note(&record.discovery_notes);
    if !notes.is_empty() {
        text.push_str(&format!(" The coder's note: {notes}"));
    }
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn data_facts(record: &Record) -> (Vec<Fact>, Vec<Fact>) {
    let disclosure = record.disclosure.to_ascii_lowercase();
    let mut exposed = Vec::new();
    let mut not_exposed = Vec::new();
    for (variety, amount) in &record.data {
        let mut text = if is_placeholder(variety) {
            "Data of an unknown kind".to_string()
        } else {
            format!("{variety} data")
        };
        if let Some(amount) = amount {
            text.push_str(&format!(", {} records", group_digits(*amount)));
        }
        match disclosure.as_str() {
            "no" => {
                text.push_str(" (VCDB codes its disclosure as No)");
                not_exposed.push(fact(text));
            }
            "yes" => exposed.push(fact(text)),
            "potentially" => {
                text.push_str(" (at risk: VCDB codes its disclosure as Potentially)");
                exposed.push(fact(text));
            }
            "" => exposed.push(fact(text)),
            _ => {
                text.push_str(&format!(
                    " (at risk: VCDB codes its disclosure as {})",
                    record.disclosure
                ));
                exposed.push(fact(text));
            }
        }
    }
    (exposed, not_exposed)
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn credit_source() -> Source {
    Source {
        id: SOURCE_ID.into(),
        outlet: "VERIS Community Database (VCDB)".into(),
        title: CREDIT.into(),
        date: None,
        url: Some("https://github.com/vz-risk/VCDB".into()),
        note: Some(
            "Incidents coded in VERIS by the VCDB's volunteers from public reports. Every \
             fact and claim citing this source is the coder's reading of those reports, not \
             a finding. Licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/): \
             keep the credit wherever this data is shown or shipped. Changed: converted from \
             VERIS JSON to this format by incident-explorer; the result is shared under the \
             same licence."
                .into(),
        ),
    }
}

/// Counts for the summary on standard error.
#[derive(Default)]
struct Tally {
    unnamed_victims: usize,
    false_positives: Vec<String>,
    duplicates: Vec<(String, String)>,
    identifiers: Vec<(String, String)>,
    several: Vec<(String, String)>,
    names_differ: usize,
    addresses: usize,
    duplicate_addresses: usize,
    glued: usize,
    annotated: usize,
    no_reference: usize,
    text_references: usize,
    with_count: usize,
    other_sources: Vec<(String, String)>,
    shared_incident_ids: Vec<(String, usize)>,
    conflicts: Vec<String>,
}

/// How the summary names the input: the file's name, or how many files there are.
fn input_label(inputs: &[(String, String)]) -> String {
    match inputs {
        [(name, _)] => name.clone(),
        _ => format!("{} VERIS files", inputs.len()),
    }
}

/// Imports VERIS JSON texts, each `(name, text)`: a name as given on the command line (for
/// messages; the data only keeps the file name) and the file's text, holding one incident
/// (an object) or a list of them. The inputs are taken in order of file name, so the same
/// files give the same bytes whatever order they come in; a file given twice (same name,
/// same text) is read once.
pub fn import(inputs: &[(String, String)]) -> Result<Imported, ImportError> {
    let mut order: Vec<&(String, String)> = inputs.iter().collect();
    order.sort_by(|a, b| {
        file_name(&a.0)
            .cmp(file_name(&b.0))
            .then_with(|| a.0.cmp(&b.0))
    });

    let mut tally = Tally::default();
    let mut records = Vec::new();
    // (file, problems) for every file with a problem.
    let mut failed: Vec<(String, Vec<String>)> = Vec::new();
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    for (name, text) in order {
        if let Some(first) = seen.get(&(file_name(name), text.as_str())) {
            tally.duplicates.push((name.clone(), first.to_string()));
            continue;
        }
        seen.insert((file_name(name), text.as_str()), name.as_str());
        let json = match parse_json(text, name) {
            Ok(json) => json,
            Err(error) => {
                failed.push((name.clone(), error.problems));
                continue;
            }
        };
        let mut problems = Vec::new();
        match &json {
            Value::Array(items) => {
                if items.is_empty() {
                    problems.push("the list holds no incidents".to_string());
                }
                for (i, item) in items.iter().enumerate() {
                    match read_record(item, name, Some(i + 1)) {
                        Ok(record) => records.push(record),
                        Err(found) => {
                            let id = item.get("incident_id").and_then(Value::as_str);
                            let label = match id {
                                Some(id) => format!("record {} (incident_id {id:?})", i + 1),
                                None => format!("record {}", i + 1),
                            };
                            problems.extend(found.into_iter().map(|p| format!("{label}: {p}")));
                        }
                    }
                }
            }
            value => match read_record(value, name, None) {
                Ok(record) => records.push(record),
                Err(found) => problems.extend(found),
            },
        }
        if !problems.is_empty() {
            failed.push((name.clone(), problems));
        }
    }
    if !failed.is_empty() {
        return Err(if failed.len() == 1 {
            let (file, problems) = failed.remove(0);
            ImportError { file, problems }
        } else {
            let files = failed.len();
            ImportError {
                file: format!("the VERIS input ({files} files with problems)"),
                problems: failed
                    .into_iter()
                    .flat_map(|(file, problems)| {
                        problems.into_iter().map(move |p| format!("{file}: {p}"))
                    })
                    .collect(),
            }
        });
    }

    build(records, tally, &input_label(inputs), inputs.len())
}

fn build(
    records: Vec<Record>,
    mut tally: Tally,
    label: &str,
    input_count: usize,
) -> Result<Imported, ImportError> {
    let mut data = Dataset {
        sources: vec![credit_source()],
        ..Dataset::default()
    };
    // One allocator for every list, so that an id is unique across them (tour steps
    // select incidents and groups by id alone).
    let mut ids = IdAllocator::with_used([SOURCE_ID]);
    let mut organisations: HashMap<String, usize> = HashMap::new();
    let mut groups: HashMap<String, usize> = HashMap::new();
    let mut group_incidents: Vec<Vec<String>> = Vec::new();
    let mut group_varieties: Vec<Vec<String>> = Vec::new();
    let mut references: HashMap<String, usize> = HashMap::new();
    let mut reference_uses: Vec<ReferenceUse> = Vec::new();
    let mut incident_ids: HashMap<String, usize> = HashMap::new();
    let record_count = records.len();

    for record in &records {
        if record
            .security_incident
            .eq_ignore_ascii_case("false positive")
        {
            tally.false_positives.push(record.file.clone());
            continue;
        }
        let date = record.date.unwrap_or(PartialDate::year(0));
        if !record.incident_id.is_empty() {
            *incident_ids
                .entry(record.incident_id.to_lowercase())
                .or_default() += 1;
        }
        if !record.source_id.is_empty() && !record.source_id.eq_ignore_ascii_case("vcdb") {
            tally
                .other_sources
                .push((record.file.clone(), record.source_id.clone()));
        }
        if record.position.is_none()
            && !record.incident_id.is_empty()
            && !file_stem(&record.file).eq_ignore_ascii_case(&record.incident_id)
        {
            tally.names_differ += 1;
        }

        // The victim.
        let unnamed = is_unnamed_victim(record.victim_id.as_deref());
        let sector = naics_sector(&record.industry).map(Text::from);
        let country = record
            .countries
            .iter()
            .find_map(|code| country_name(code))
            .map(Text::from);
        let (victim_index, title_name, id_name) = if unnamed {
            tally.unnamed_victims += 1;
            let short = record.short_id();
            let descriptive = record
                .victim_id
                .as_deref()
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|v| {
                    let lower = v.to_lowercase();
                    [
                        "unnamed ",
                        "undisclosed ",
                        "unidentified ",
                        "anonymous ",
                        "unknown ",
                    ]
                    .iter()
                    .any(|p| lower.starts_with(p))
                });
            let base = descriptive.unwrap_or_else(|| "Unknown victim".to_string());
            let name = format!("{base} (VCDB incident {short})");
            data.organisations.push(Organisation {
                id: ids.allocate(&name, "unknown victim").into(),
                name: name.into(),
                sector: sector.clone(),
                country: country.clone(),
                aliases: Vec::new(),
                description: Some(victim_description(record, true).into()),
            });
            (
                data.organisations.len() - 1,
                base.clone(),
                format!("{base} {short}"),
            )
        } else {
            let (name, alias) = victim_name(record.victim_id.as_deref().unwrap_or_default());
            let key = name.to_lowercase();
            let index = match organisations.get(&key) {
                Some(&index) => {
                    let existing = &data.organisations[index];
                    if (sector.is_some() && existing.sector.is_some() && existing.sector != sector)
                        || (country.is_some()
                            && existing.country.is_some()
                            && existing.country != country)
                    {
                        tally.conflicts.push(format!(
                            "{:?} is coded with another sector or country in {} than in an earlier record; the first is kept",
                            name, record.file
                        ));
                    }
                    index
                }
                None => {
                    data.organisations.push(Organisation {
                        id: ids.allocate(&name, "victim").into(),
                        name: name.clone().into(),
                        sector: sector.clone(),
                        country: country.clone(),
                        aliases: alias.into_iter().map(Text::from).collect(),
                        description: Some(victim_description(record, false).into()),
                    });
                    organisations.insert(key, data.organisations.len() - 1);
                    data.organisations.len() - 1
                }
            };
            (index, data.organisations[index].name.to_string(), name)
        };
        let victim = data.organisations[victim_index].id.clone();

        // The references.
        let mut sources: Vec<Text> = vec![SOURCE_ID.into()];
        let (urls, text_only) = split_references(&record.reference);
        if urls.is_empty() && text_only.is_none() {
            tally.no_reference += 1;
        }
        let mut items: Vec<(String, Option<String>, ReferenceUrl)> = urls
            .into_iter()
            .map(|u| (u.url.clone(), Some(u.url.clone()), u))
            .collect();
        if let Some(text) = text_only {
            tally.text_references += 1;
            items.push((text.clone(), None, ReferenceUrl::default()));
        }
        for (key, url, reference) in items {
            tally.addresses += usize::from(url.is_some());
            let index = match references.get(&key) {
                Some(&index) => index,
                None => {
                    let (outlet, fallback) = match &url {
                        Some(url) => (host(url).to_string(), "reference".to_string()),
                        None => ("Reference in VCDB (no address)".to_string(), key.clone()),
                    };
                    let id_source = url.as_deref().map_or(key.as_str(), |u| {
                        u.split_once("://").map_or(u, |(_, rest)| rest)
                    });
                    let id_source = id_source.strip_prefix("www.").unwrap_or(id_source);
                    data.sources.push(Source {
                        id: ids.allocate(id_source, &fallback).into(),
                        outlet: if outlet.is_empty() {
                            "Reference in VCDB".into()
                        } else {
                            outlet.into()
                        },
                        title: match &url {
                            Some(_) => "Reference cited by VCDB (title not recorded)".into(),
                            None => key.clone().into(),
                        },
                        date: None,
                        url: url.clone().map(Text::from),
                        note: None,
                    });
                    reference_uses.push(ReferenceUse::default());
                    references.insert(key.clone(), data.sources.len() - 1);
                    data.sources.len() - 1
                }
            };
            let id = data.sources[index].id.clone();
            let uses = &mut reference_uses[index - 1];
            if !uses.files.contains(&record.file) {
                uses.files.push(record.file.clone());
            }
            for annotation in &reference.annotations {
                tally.annotated += 1;
                let seen = (record.file.clone(), annotation.clone());
                if !uses.annotations.contains(&seen) {
                    uses.annotations.push(seen);
                }
            }
            if reference.glued {
                tally.glued += 1;
                uses.glued_in.push(record.file.clone());
            }
            if sources.contains(&id) {
                tally.duplicate_addresses += 1;
            } else {
                sources.push(id);
            }
        }

        // Notes.
        let mut notes = vec![fact(provenance(record))];
        if !record.security_incident.is_empty()
            && !record.security_incident.eq_ignore_ascii_case("confirmed")
        {
            notes.push(fact(format!(
                "VCDB codes this as \"{}\", not as a confirmed security incident (security_incident).",
                record.security_incident
            )));
        }
        for actor in &record.actors {
            notes.extend(actor_note(actor).map(fact));
        }

        // Named external actors: groups and claims, or notes.
        let mut claims = Vec::new();
        let external = record.actors.iter().find(|a| a.kind == "external");
        let named: Vec<ActorName> = external
            .map(|a| a.names.iter().map(|n| classify_name(n)).collect())
            .unwrap_or_default();
        let group_names: Vec<&String> = named
            .iter()
            .filter_map(|n| match n {
                ActorName::Group(name) => Some(name),
                _ => None,
            })
            .collect();
        for name in &named {
            match name {
                ActorName::Identifier(id) => {
                    tally.identifiers.push((record.file.clone(), id.clone()));
                    notes.push(fact(format!(
                        "The external actor's name in VCDB is \"{id}\", an identifier rather than a name: no group is made from it, and no claim."
                    )));
                }
                ActorName::Several(raw, parts) => {
                    tally.several.push((record.file.clone(), raw.clone()));
                    notes.push(fact(format!(
                        "The VCDB coder names the external actor \"{raw}\": that is {} names in one ({}), which may be different groups. No group and no claim is made from it; it is the coder's reading of public reports, not a finding.",
                        parts.len(),
                        parts.join("; ")
                    )));
                }
                ActorName::Group(_) | ActorName::Placeholder => {}
            }
        }
        if group_names.len() > 1 {
            let all: Vec<&str> = group_names.iter().map(|s| s.as_str()).collect();
            tally.several.push((record.file.clone(), all.join(" + ")));
            notes.push(fact(format!(
                "The VCDB coder gives {} names for the external actor ({}); whether they are one group's aliases or several groups is not said. No group and no claim is made from them; they are the coder's reading of public reports, not a finding.",
                all.len(),
                all.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            )));
        } else if let (Some(name), Some(actor)) = (group_names.first(), external) {
            let key = name.to_lowercase();
            let index = *groups.entry(key).or_insert_with(|| {
                let origin = countries_in_words(&actor.countries);
                let motives = known(&actor.motives);
                data.groups.push(Group {
                    id: ids.allocate(name, "actor").into(),
                    name: name.as_str().into(),
                    kind: group_kind(&actor.varieties),
                    aliases: Vec::new(),
                    motive: (!motives.is_empty()).then(|| {
                        format!(
                            "{}, as VCDB codes it (actor.external.motive)",
                            motives.join(", ")
                        )
                        .into()
                    }),
                    origin: (!origin.is_empty()).then(|| {
                        format!(
                            "{}, as VCDB codes it (actor.external.country)",
                            origin.join(", ")
                        )
                        .into()
                    }),
                    description: Text::default(),
                    references: Vec::new(),
                    sources: vec![SOURCE_ID.into()],
                });
                group_incidents.push(Vec::new());
                group_varieties.push(
                    known(&actor.varieties)
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                );
                data.groups.len() - 1
            });
            let group = data.groups[index].id.clone();
            let mut note = format!(
                "The VCDB coder put \"{name}\" in actor.external.name, reading the public reports this incident cites: the coder's reading, not a finding by VCDB, the victim or an authority."
            );
            let varieties = known(&actor.varieties);
            if !varieties.is_empty() {
                note.push_str(&format!(" Coded as {}.", varieties.join(", ")));
            }
            let actor_disclosed = record
                .discovery
                .iter()
                .any(|(_, v)| v.iter().any(|v| v.eq_ignore_ascii_case("actor disclosure")));
            if actor_disclosed {
                note.push_str(" VCDB codes the discovery as \"actor disclosure\": the attacker made the breach known, which the reports may show as the group's own claim.");
            }
            claims.push(Claim::from(ClaimFields {
                group,
                stance: Stance::Suspected,
                by: CLAIMED_BY.into(),
                date: record.created,
                source: SOURCE_ID.into(),
                note: Some(note.into()),
            }));
            group_incidents[index].push(record.file.clone());
        }

        notes.extend(discovery_note(record).map(fact));
        for action in &record.actions {
            let cves: Vec<&str> = action
                .cve
                .split([';', ',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if !cves.is_empty() {
                notes.push(fact(format!(
                    "Vulnerabilities VCDB names for the {} action: {}.",
                    action.category,
                    cves.join(", ")
                )));
            }
            if !action.malware_name.trim().is_empty() {
                notes.push(fact(format!(
                    "Malware VCDB names: {}.",
                    action.malware_name.trim()
                )));
            }
        }
        if !record.secondary.is_empty() {
            let names: Vec<String> = record
                .secondary
                .iter()
                .map(|s| {
                    s.split(';')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .trim_end_matches(',')
                        .to_string()
                })
                .filter(|s| !s.is_empty())
                .collect();
            let unnamed = record.secondary.len() - names.len();
            let mut text = format!(
                "VCDB lists {} (victim.secondary): ",
                plural(
                    record.secondary.len(),
                    "secondary victim",
                    "secondary victims"
                )
            );
            if !names.is_empty() {
                text.push_str(&names.join(", "));
            }
            if unnamed > 0 {
                if !names.is_empty() {
                    text.push_str(", and ");
                }
                text.push_str(&format!("{unnamed} unnamed"));
            }
            text.push('.');
            notes.push(fact(text));
        }
        if !record.campaign_id.is_empty() {
            notes.push(fact(format!(
                "VCDB links this incident to the campaign {} (campaign_id).",
                record.campaign_id
            )));
        }
        for (field, text) in &record.notes {
            notes.push(fact(format!("The VCDB coder's note ({field}): {text}")));
        }

        let (data_exposed, data_not_exposed) = data_facts(record);
        let records = match record.data_total {
            Some(count) => {
                tally.with_count += 1;
                vec![RecordCount {
                    count,
                    what: "records compromised (data_total)".into(),
                    by: Some("VCDB".into()),
                    source: Some(SOURCE_ID.into()),
                }]
            }
            None => Vec::new(),
        };
        let mut timeline = vec![TimelineEvent {
            date: Some(date),
            text: "The incident, as VCDB dates it (timeline.incident)".into(),
            source: Some(SOURCE_ID.into()),
        }];
        if let Some(notification) = record.notification {
            timeline.push(TimelineEvent {
                date: Some(notification),
                text: "Notification date VCDB records (plus.timeline.notification)".into(),
                source: Some(SOURCE_ID.into()),
            });
        }
        let actions = actions_in_words(record);
        let what = if actions.is_empty() {
            "incident".to_string()
        } else {
            actions.join(", ")
        };
        let summary = record
            .summary
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        data.incidents.push(Incident {
            id: ids
                .allocate(&incident_id_name(&id_name, date.year), "incident")
                .into(),
            title: format!("{title_name}: {what} ({})", date.year).into(),
            date: Some(date),
            date_note: Some(date_note(&date).into()),
            summary: if summary.is_empty() {
                "The VCDB record gives no summary.".into()
            } else {
                summary.into()
            },
            victims: thin_vec![victim],
            entry_vector: entry_vector(record).map(Box::new),
            data_exposed: data_exposed.into(),
            data_not_exposed: data_not_exposed.into(),
            records: records.into(),
            timeline: timeline.into(),
            claims: claims.into(),
            notes: notes.into(),
            sources: sources.into(),
            tags: tags(record).into(),
            ..Incident::default()
        });
    }

    // What only the whole input tells: groups' descriptions, sources' notes.
    for (index, group) in data.groups.iter_mut().enumerate() {
        let files = &group_incidents[index];
        let varieties = &group_varieties[index];
        let coded = if varieties.is_empty() {
            String::new()
        } else {
            format!(", coded as {}", varieties.join(", "))
        };
        group.description = format!(
            "Named as the external actor of {} in the VERIS Community Database ({}){coded}. The name, kind, motive and origin are the VCDB coder's reading of public reports, not a finding.",
            plural(files.len(), "incident", "incidents"),
            files.join(", ")
        )
        .into();
    }
    for (index, uses) in reference_uses.iter().enumerate() {
        let source = &mut data.sources[index + 1];
        let mut note = if source.url.is_some() {
            String::from(
                "An address from the reference field of VCDB records, kept as given and never fetched: it may have moved or gone, and its title and date are not recorded.",
            )
        } else {
            String::from("A reference in a VCDB record that gives no address; kept as given.")
        };
        let shown: Vec<&str> = uses.files.iter().take(5).map(String::as_str).collect();
        note.push_str(&format!(" Cited by {}", shown.join(", ")));
        if uses.files.len() > 5 {
            note.push_str(&format!(" and {} more", uses.files.len() - 5));
        }
        note.push('.');
        if !uses.annotations.is_empty() {
            let texts: Vec<String> = uses
                .annotations
                .iter()
                .map(|(file, text)| {
                    if uses.files.len() == 1 {
                        format!("\"{text}\"")
                    } else {
                        format!("\"{text}\" (in {file})")
                    }
                })
                .collect();
            note.push_str(&format!(
                " Written after it in the record: {}.",
                texts.join("; ")
            ));
        }
        if !uses.glued_in.is_empty() {
            note.push_str(&format!(
                " Written straight after the previous address, with no separator, in {}; split there.",
                uses.glued_in.join(", ")
            ));
        }
        source.note = Some(note.into());
    }
    let mut shared: Vec<(String, usize)> =
        incident_ids.into_iter().filter(|(_, n)| *n > 1).collect();
    shared.sort();
    tally.shared_incident_ids = shared;

    let notes = summary_notes(&data, &tally, label, input_count, record_count);
    let header = format!(
        "Imported from VERIS JSON by `incident-explorer import veris`.\n\
         {CREDIT}.\n\
         Changed: converted from VERIS to this format; shared under the same licence.\n\
         Format: docs/data-format.md; what became what: docs/veris-mapping.md"
    );
    finish(data, &header, notes, label)
}

/// The name an incident's id comes from: the victim's, cut short enough that the year
/// survives the id's 60-character limit ("victim-name-2016"), then the year.
fn incident_id_name(victim: &str, year: i32) -> String {
    let mut slug = super::slugify(victim);
    if slug.len() > 50 {
        let cut = slug[..50].rfind('-').filter(|&i| i >= 20).unwrap_or(50);
        slug.truncate(cut);
    }
    format!("{slug} {year}")
}

fn list<T: AsRef<str>>(items: &[T], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if items.len() > max {
        text.push_str(&format!(" … and {} more", items.len() - max));
    }
    text
}

fn summary_notes(
    data: &Dataset,
    tally: &Tally,
    label: &str,
    input_count: usize,
    record_count: usize,
) -> Vec<String> {
    let claims: usize = data.incidents.iter().map(|i| i.claims.len()).sum();
    let mut notes = vec![format!(
        "{label}: imported {} from {} in {}: {}, {}, {}, {} (the VCDB credit and {})",
        plural(data.incidents.len(), "incident", "incidents"),
        plural(record_count, "record", "records"),
        plural(input_count, "file", "files"),
        plural(data.organisations.len(), "organisation", "organisations"),
        plural(data.groups.len(), "group", "groups"),
        plural(
            claims,
            "claim (Suspected, by the VCDB coder)",
            "claims (all Suspected, by the VCDB coder)"
        ),
        plural(data.sources.len(), "source", "sources"),
        plural(data.sources.len() - 1, "reference", "references"),
    )];
    if !tally.false_positives.is_empty() {
        notes.push(format!(
            "{label}: left out {} coded as a false positive (security_incident), not an incident: {}",
            plural(tally.false_positives.len(), "record", "records"),
            list(&tally.false_positives, 10)
        ));
    }
    for (file, first) in &tally.duplicates {
        notes.push(format!(
            "{label}: left out {file}: the same file as {first}"
        ));
    }
    if tally.unnamed_victims > 0 {
        notes.push(format!(
            "{label}: {} no victim (victim_id missing, \"Unknown\" or the like): each has an unnamed organisation of its own, never shared",
            plural(tally.unnamed_victims, "incident names", "incidents name")
        ));
    }
    if !tally.identifiers.is_empty() || !tally.several.is_empty() {
        let mut reasons: Vec<String> = tally
            .identifiers
            .iter()
            .map(|(file, id)| format!("{id:?} in {file} is an identifier, not a name"))
            .collect();
        reasons.extend(
            tally
                .several
                .iter()
                .map(|(file, raw)| format!("{raw:?} in {file} names more than one group")),
        );
        notes.push(format!(
            "{label}: made no group or claim from {}: {}; each is noted on its incident",
            plural(reasons.len(), "actor name", "actor names"),
            reasons.join("; ")
        ));
    }
    if tally.names_differ > 0 {
        notes.push(format!(
            "{label}: the file name and the incident_id differ in {}; each incident's first note gives both",
            plural(tally.names_differ, "record", "records")
        ));
    }
    let mut refs = format!(
        "{label}: {} in the reference fields, never fetched: {} distinct",
        plural(tally.addresses, "address", "addresses"),
        data.sources
            .iter()
            .skip(1)
            .filter(|s| s.url.is_some())
            .count()
    );
    if tally.duplicate_addresses > 0 {
        refs.push_str(&format!(
            "; {} repeated within the same record, cited once",
            plural(tally.duplicate_addresses, "address", "addresses")
        ));
    }
    if tally.glued > 0 {
        refs.push_str(&format!(
            "; {} written with no separator after the previous one, split",
            plural(tally.glued, "address", "addresses")
        ));
    }
    if tally.annotated > 0 {
        refs.push_str(&format!(
            "; {} beside the addresses kept in the sources' notes",
            plural(tally.annotated, "text", "texts")
        ));
    }
    if tally.text_references > 0 {
        refs.push_str(&format!(
            "; {} with no address kept as a source by its text",
            plural(tally.text_references, "reference", "references")
        ));
    }
    if tally.no_reference > 0 {
        refs.push_str(&format!(
            "; {} the VCDB credit alone",
            plural(
                tally.no_reference,
                "record has no reference and cites",
                "records have no reference and cite"
            )
        ));
    }
    notes.push(refs);
    notes.push(format!(
        "{label}: {} a record count (data_total); the others give none",
        plural(tally.with_count, "incident has", "incidents have")
    ));
    if !tally.other_sources.is_empty() {
        let shown: Vec<String> = tally
            .other_sources
            .iter()
            .map(|(file, id)| format!("{file} ({id:?})"))
            .collect();
        notes.push(format!(
            "warning: {label}: {} a source_id other than \"vcdb\": {}; they are credited to the VCDB all the same, so check their licence",
            plural(shown.len(), "record has", "records have"),
            list(&shown, 10)
        ));
    }
    if !tally.shared_incident_ids.is_empty() {
        let shown: Vec<String> = tally
            .shared_incident_ids
            .iter()
            .map(|(id, n)| format!("{id:?} ({n} records)"))
            .collect();
        notes.push(format!(
            "warning: {label}: the same incident_id in several records, imported as separate incidents: {}",
            list(&shown, 10)
        ));
    }
    for conflict in &tally.conflicts {
        notes.push(format!("warning: {label}: {conflict}"));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_at_separators_but_not_inside_addresses() {
        let (urls, text) = split_references(
            "https://a.example/x,31132; http://b.example/y ,https://c.example/z?u=http://d.example/ \
             http://e.example/1(20130212) http://f.example/2 (2014-04-29T23:56:32.821Z);\
             https://g.example/a-15203https://h.example/b",
        );
        assert_eq!(text, None);
        let got: Vec<&str> = urls.iter().map(|u| u.url.as_str()).collect();
        assert_eq!(
            got,
            [
                "https://a.example/x,31132",
                "http://b.example/y",
                "https://c.example/z?u=http://d.example/",
                "http://e.example/1",
                "http://f.example/2",
                "https://g.example/a-15203",
                "https://h.example/b",
            ]
        );
        assert_eq!(urls[3].annotations, ["(20130212)"]);
        assert_eq!(urls[4].annotations, ["(2014-04-29T23:56:32.821Z)"]);
        assert!(urls[6].glued && !urls[5].glued);
        assert_eq!(split_references("  ").1, None);
        assert_eq!(
            split_references("internal report").1.as_deref(),
            Some("internal report")
        );
    }

    #[test]
    fn actor_names_are_sorted_into_groups_identifiers_and_several() {
        assert_eq!(
            classify_name("Black Shadow"),
            ActorName::Group("Black Shadow".into())
        );
        assert!(matches!(
            classify_name("6A323CB8-6DC7-433C-A0F7-3D4850194425"),
            ActorName::Identifier(_)
        ));
        match classify_name("Salt Typhoon / APT40") {
            ActorName::Several(_, parts) => assert_eq!(parts, ["Salt Typhoon", "APT40"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(classify_name("Unknown"), ActorName::Placeholder);
    }

    #[test]
    fn naics_codes_give_their_sector() {
        assert_eq!(naics_sector("522110"), Some("Finance and Insurance"));
        assert_eq!(
            naics_sector("62"),
            Some("Health Care and Social Assistance")
        );
        assert_eq!(naics_sector("921"), Some("Public Administration"));
        assert_eq!(naics_sector("33"), Some("Manufacturing"));
        assert_eq!(naics_sector("000"), None);
        assert_eq!(naics_sector("9"), None);
    }

    #[test]
    fn placeholders_name_no_victim() {
        for name in [
            None,
            Some(""),
            Some("Unknown"),
            Some(" unknown "),
            Some("Unnamed Point of Sale Company"),
        ] {
            assert!(is_unnamed_victim(name), "{name:?}");
        }
        for name in [
            "Uber",
            "United States Department of Veterans Affairs",
            "Knownly",
        ] {
            assert!(!is_unnamed_victim(Some(name)), "{name}");
        }
    }
}
