//! `incident-explorer import veris`: on small fixtures in `tests/fixtures/import/veris/`,
//! one per trap, and on the real VCDB sample in `../shared/data/vcdb` (skipped with a
//! message where it is absent).

use incident_explorer::data::write::Destination;
use std::collections::HashMap;
mod common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incident_explorer::data::write::to_ron_string;
use incident_explorer::data::{Dataset, Incident, Stance, load_str};
use incident_explorer::import::veris::{self, CLAIMED_BY, CREDIT, SOURCE_ID};
use incident_explorer::import::{Imported, run_veris};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/veris");

fn fixture_path(file: &str) -> PathBuf {
    Path::new(FIXTURES).join(file)
}

/// `(name, text)` inputs for [`veris::import`], named as a user would name them.
fn inputs(files: &[&str]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|file| {
            let path = fixture_path(file);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
            (format!("fixtures/veris/{file}"), text)
        })
        .collect()
}

fn import_fixtures(files: &[&str]) -> Imported {
    veris::import(&inputs(files)).unwrap_or_else(|e| panic!("{e}"))
}

/// The whole fixture folder, as `import veris tests/fixtures/import/veris` reads it.
fn fixture_folder() -> Imported {
    veris::import_paths(&[PathBuf::from(FIXTURES)]).unwrap_or_else(|e| panic!("{e}"))
}

/// The real VCDB sample, or `None` (with a message) when it is absent.
fn real_vcdb() -> Option<Imported> {
    let folder = common::shared_path("data/vcdb")?;
    Some(veris::import_paths(&[folder]).unwrap_or_else(|e| panic!("{e}")))
}

/// The import's text loads without errors or warnings, gives the same data, and writes
/// the same bytes.
fn assert_round_trips(imported: &Imported) {
    let loaded = load_str(&imported.text, "imported")
        .unwrap_or_else(|e| panic!("the import does not pass check:\n{e}"));
    assert!(
        loaded.warnings.is_empty(),
        "the import has warnings: {:?}",
        loaded.warnings
    );
    assert_eq!(
        loaded.dataset, imported.dataset,
        "load(write(data)) != data"
    );
    let header: String = imported
        .text
        .lines()
        .take_while(|l| l.starts_with("// "))
        .map(|l| l.trim_start_matches("// "))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        to_ron_string(&loaded.dataset, Some(&header)),
        imported.text,
        "write(load(text)) != text"
    );
}

/// Every incident cites the credit source, the credit is its title, and the file's
/// header carries it too.
fn assert_credited(imported: &Imported) {
    let data = &imported.dataset;
    let credit = data.source(SOURCE_ID).expect("the VCDB credit source");
    assert_eq!(credit.title, CREDIT);
    assert!(CREDIT.contains("VERIS Community Database, Verizon RISK Team"));
    assert!(CREDIT.contains("CC BY-SA 4.0"));
    assert!(CREDIT.contains("https://creativecommons.org/licenses/by-sa/4.0/"));
    assert!(imported.text.lines().take(5).any(|l| l.contains(CREDIT)));
    for incident in &data.incidents {
        assert!(
            incident.sources.iter().any(|s| s == SOURCE_ID),
            "{} does not cite the VCDB credit",
            incident.id
        );
        for (field, fact) in incident.facts() {
            assert_eq!(
                fact.source().map(|s| s.as_str()),
                Some(SOURCE_ID),
                "{} {field}: {:?}",
                incident.id,
                fact.text
            );
        }
    }
}

/// The incident whose first note names this file.
fn incident_from<'a>(data: &'a Dataset, file: &str) -> &'a Incident {
    data.incidents
        .iter()
        .find(|i| i.notes.first().is_some_and(|n| n.text.contains(file)))
        .unwrap_or_else(|| panic!("no incident from {file}"))
}

fn victim_of<'a>(
    data: &'a Dataset,
    incident: &Incident,
) -> &'a incident_explorer::data::Organisation {
    assert_eq!(incident.victims.len(), 1, "{}", incident.id);
    data.organisation(&incident.victims[0]).unwrap()
}

fn note_texts(incident: &Incident) -> Vec<&str> {
    incident.notes.iter().map(|n| n.text.as_str()).collect()
}

// ---- The fixtures, one trap each ----

#[test]
fn fixture_folder_passes_check_round_trips_and_is_credited() {
    let imported = fixture_folder();
    assert_round_trips(&imported);
    assert_credited(&imported);
    // Nine records in the folder; the false positive is left out and said so.
    assert_eq!(imported.dataset.incidents.len(), 8);
    let notes = imported.notes.join("\n");
    assert!(
        notes.contains("imported 8 incidents from 9 records in 9 files"),
        "{notes}"
    );
    assert!(
        notes.contains("left out 1 record coded as a false positive"),
        "{notes}"
    );
    assert!(notes.contains("false-positive.json"), "{notes}");
}

#[test]
fn same_inputs_give_the_same_bytes_whatever_their_order() {
    let files = [
        "unknown-victim-a.json",
        "unknown-victim-b.json",
        "uuid-actor.json",
        "two-groups.json",
        "named-actor.json",
        "references.json",
        "UPPER-CASE.JSON",
        "3f6c1a52-9d1e-4c1b-8f0e-2b7d9c4e5a61.json",
        "false-positive.json",
    ];
    let forward = import_fixtures(&files);
    let mut reversed = files;
    reversed.reverse();
    let backward = import_fixtures(&reversed);
    assert_eq!(forward.text, backward.text);
    assert_eq!(forward.text, import_fixtures(&files).text);
    // The folder gives the same bytes as the files one by one: the data names files,
    // never the folder they are in.
    assert_eq!(forward.text, fixture_folder().text);
    // A file given twice is read once.
    let twice = import_fixtures(&["named-actor.json", "named-actor.json"]);
    assert_eq!(twice.dataset.incidents.len(), 1);
    assert!(
        twice.notes.iter().any(|n| n.contains("the same file as")),
        "{:?}",
        twice.notes
    );
}

#[test]
fn unknown_victims_never_share_an_organisation() {
    let imported = import_fixtures(&["unknown-victim-a.json", "unknown-victim-b.json"]);
    assert_round_trips(&imported);
    let data = &imported.dataset;
    let a = victim_of(data, incident_from(data, "unknown-victim-a.json"));
    let b = victim_of(data, incident_from(data, "unknown-victim-b.json"));
    assert_ne!(a.id, b.id);
    assert_eq!(a.name, "Unknown victim (VCDB incident aaaa0001)");
    assert_eq!(b.name, "Unknown victim (VCDB incident bbbb0002)");
    assert_eq!(data.organisations.len(), 2);
    // Each says what VCDB gave, and that it is nobody else.
    let description = a.description.as_deref().unwrap();
    assert!(
        description.contains("victim_id \"Unknown\""),
        "{description}"
    );
    assert!(
        description.contains("not the same organisation"),
        "{description}"
    );
    assert!(
        b.description.as_deref().unwrap().contains("no victim_id"),
        "{:?}",
        b.description
    );
    // What VCDB says about the victim still holds for it.
    assert_eq!(a.sector.as_deref(), Some("Finance and Insurance"));
    assert_eq!(a.country.as_deref(), Some("United States"));
    assert!(description.contains("NAICS 522110"), "{description}");
    assert_eq!(
        b.sector.as_deref(),
        Some("Health Care and Social Assistance")
    );
    assert_eq!(b.country.as_deref(), Some("United Kingdom"));
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("2 incidents name no victim")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn named_victims_share_one_organisation() {
    let imported = import_fixtures(&["named-actor.json", "references.json"]);
    let data = &imported.dataset;
    let first = victim_of(data, incident_from(data, "named-actor.json"));
    let second = victim_of(data, incident_from(data, "references.json"));
    assert_eq!(first.id, second.id);
    assert_eq!(first.name, "Example Clinic");
    assert_eq!(first.country.as_deref(), Some("Israel"));
}

#[test]
fn a_uuid_actor_name_makes_no_group() {
    let imported = import_fixtures(&["uuid-actor.json"]);
    assert_round_trips(&imported);
    let data = &imported.dataset;
    assert!(data.groups.is_empty(), "{:?}", data.groups);
    let incident = &data.incidents[0];
    assert!(incident.claims.is_empty());
    assert!(
        note_texts(incident)
            .iter()
            .any(|n| n.contains("6A323CB8-6DC7-433C-A0F7-3D4850194425")
                && n.contains("identifier")),
        "{:?}",
        note_texts(incident)
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("is an identifier, not a name")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn two_names_in_one_make_no_group_and_a_note_naming_both() {
    let imported = import_fixtures(&["two-groups.json"]);
    assert_round_trips(&imported);
    let data = &imported.dataset;
    assert!(data.groups.is_empty(), "{:?}", data.groups);
    let incident = &data.incidents[0];
    assert!(incident.claims.is_empty());
    let note = note_texts(incident)
        .into_iter()
        .find(|n| n.contains("Salt Typhoon / APT40"))
        .expect("a note naming both");
    assert!(note.contains("Salt Typhoon; APT40"), "{note}");
    assert!(note.contains("not a finding"), "{note}");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("names more than one group")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn a_named_actor_is_a_suspected_claim_by_the_vcdb_coder() {
    let imported = import_fixtures(&["named-actor.json"]);
    assert_round_trips(&imported);
    let data = &imported.dataset;
    assert_eq!(data.groups.len(), 1);
    let group = &data.groups[0];
    assert_eq!(group.name, "Black Shadow");
    assert_eq!(group.id, "black-shadow");
    assert_eq!(group.sources, [SOURCE_ID]);
    assert!(group.description.contains("not a finding"));
    assert!(group.origin.as_deref().unwrap().starts_with("Iran (IR)"));
    let incident = &data.incidents[0];
    assert_eq!(incident.claims.len(), 1);
    let claim = &incident.claims[0];
    assert_eq!(claim.group, "black-shadow");
    assert_eq!(claim.stance, Stance::Suspected);
    assert_eq!(claim.by, CLAIMED_BY);
    assert_eq!(claim.source, SOURCE_ID);
    assert_eq!(claim.date().unwrap().to_compact(), "2022-10-21");
    let note = claim.note().unwrap();
    assert!(note.contains("coder's reading"), "{note}");
    assert!(note.contains("not a finding"), "{note}");
    assert!(note.contains("actor disclosure"), "{note}");
    // The rest of the record.
    assert_eq!(incident.id, "example-clinic-2021");
    assert_eq!(incident.title, "Example Clinic: hacking (2021)");
    assert_eq!(incident.date.unwrap().to_compact(), "2021-10-29");
    assert_eq!(incident.records[0].count, 290_000);
    assert_eq!(
        incident.data_exposed[0].text,
        "Medical data, 290,000 records"
    );
    let timeline: Vec<String> = incident
        .timeline
        .iter()
        .map(|e| e.date.unwrap().to_compact())
        .collect();
    assert_eq!(timeline, ["2021-10-29", "2021-11-01"]);
    assert!(incident.tags.iter().any(|t| t == "hacking"));
}

#[test]
fn file_name_and_incident_id_both_lead_to_the_record() {
    let imported = import_fixtures(&["3f6c1a52-9d1e-4c1b-8f0e-2b7d9c4e5a61.json"]);
    let incident = &imported.dataset.incidents[0];
    let first = &incident.notes[0].text;
    assert!(
        first.contains("3f6c1a52-9d1e-4c1b-8f0e-2b7d9c4e5a61.json"),
        "{first}"
    );
    assert!(
        first.contains("incident_id 0eb22d90-8e87-11ec-a600-657ec2694f8f"),
        "{first}"
    );
    assert!(first.contains("differ"), "{first}");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("the file name and the incident_id differ in 1 record")),
        "{:?}",
        imported.notes
    );
    // The data names the file, not the folder it was read from.
    assert!(!imported.text.contains("fixtures/veris/"));
    // Disclosure "No": the data is listed as not exposed.
    assert!(incident.data_exposed.is_empty());
    assert_eq!(incident.data_not_exposed.len(), 1);
    assert_eq!(incident.date.unwrap().to_compact(), "2018-02-14");
}

#[test]
fn references_are_split_deduplicated_and_kept_as_given() {
    let imported = import_fixtures(&["references.json"]);
    assert_round_trips(&imported);
    let data = &imported.dataset;
    let incident = &data.incidents[0];
    let urls: Vec<&str> = incident
        .sources
        .iter()
        .filter(|id| *id != SOURCE_ID)
        .map(|id| data.source(id).unwrap().url.as_deref().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://news.example.org/2013/snooping",
            "https://local.example.com/story?id=7",
            "http://records.example.gov/notice.pdf",
            "https://old.example.net/a-15203",
            "https://other.example.net/b",
            "http://paper.example.com/archive/1,31132",
        ],
        "split at commas, semicolons and spaces; the duplicate cited once; a comma inside an address kept"
    );
    let notice = data
        .sources
        .iter()
        .find(|s| s.url.as_deref() == Some("http://records.example.gov/notice.pdf"))
        .unwrap();
    assert_eq!(notice.outlet, "records.example.gov");
    let note = notice.note.as_deref().unwrap();
    assert!(note.contains("never fetched"), "{note}");
    assert!(note.contains("\"(20130212)\""), "{note}");
    let glued = data
        .sources
        .iter()
        .find(|s| s.url.as_deref() == Some("https://other.example.net/b"))
        .unwrap();
    assert!(
        glued.note.as_deref().unwrap().contains("no separator"),
        "{:?}",
        glued.note
    );
    let notes = imported.notes.join("\n");
    assert!(
        notes.contains("7 addresses in the reference fields, never fetched: 6 distinct"),
        "{notes}"
    );
    assert!(
        notes.contains("1 address repeated within the same record, cited once"),
        "{notes}"
    );
    // A dead address is no different: kept, with no title invented for it.
    assert!(
        data.sources
            .iter()
            .skip(1)
            .all(|s| s.title == "Reference cited by VCDB (title not recorded)" && s.date.is_none())
    );
}

#[test]
fn the_same_address_in_two_records_is_one_source() {
    let mut pair = inputs(&["named-actor.json", "references.json"]);
    pair[1].1 = pair[1].1.replace(
        "https://news.example.org/2013/snooping,",
        "https://news.example.org/2021/clinic-leak,",
    );
    let imported = veris::import(&pair).unwrap();
    let data = &imported.dataset;
    let shared: Vec<_> = data
        .sources
        .iter()
        .filter(|s| s.url.as_deref() == Some("https://news.example.org/2021/clinic-leak"))
        .collect();
    assert_eq!(shared.len(), 1);
    let cited_by = data
        .incidents
        .iter()
        .filter(|i| i.sources.contains(&shared[0].id))
        .count();
    assert_eq!(cited_by, 2);
}

#[test]
fn upper_case_json_extension_is_read_from_folders_and_arguments() {
    let found = veris::collect_files(&[PathBuf::from(FIXTURES)]).unwrap();
    let names: Vec<String> = found
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"UPPER-CASE.JSON".to_string()), "{names:?}");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "a folder's files come sorted by name");
    // README.md and the bad/ subfolder are ignored, not read.
    let ignored: Vec<String> = found
        .ignored
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(ignored, ["README.md", "bad"]);
    let imported = veris::import_paths(&[fixture_path("UPPER-CASE.JSON")]).unwrap();
    assert_eq!(imported.dataset.incidents.len(), 1);
    assert_eq!(
        imported.dataset.incidents[0].title,
        "Example City: hacking (2012)"
    );
    assert!(
        fixture_folder()
            .notes
            .iter()
            .any(|n| n.contains("ignored 2 entries") && n.contains("README.md")),
    );
}

#[test]
fn partial_dates_are_never_more_precise_than_given() {
    let imported = import_fixtures(&["UPPER-CASE.JSON", "unknown-victim-b.json"]);
    let data = &imported.dataset;
    let year_only = incident_from(data, "UPPER-CASE.JSON");
    assert_eq!(year_only.date.unwrap().to_compact(), "2012");
    assert!(
        year_only
            .date_note
            .as_deref()
            .unwrap()
            .contains("to the year only")
    );
    let year_month = incident_from(data, "unknown-victim-b.json");
    assert_eq!(year_month.date.unwrap().to_compact(), "2019-05");
    assert!(
        year_month
            .date_note
            .as_deref()
            .unwrap()
            .contains("to the month")
    );
    assert_eq!(year_month.title, "Unknown victim: malware (2019)");
}

#[test]
fn bad_dates_are_errors_naming_the_file_and_the_field() {
    for (file, expected) in [
        (
            "bad/month-13.json",
            "timeline.incident.month 13 does not exist (1 to 12)",
        ),
        (
            "bad/february-29.json",
            "day 29 does not exist in February 2023",
        ),
        (
            "bad/day-without-month.json",
            "timeline.incident.day 3 is given without a month",
        ),
    ] {
        let error = veris::import(&inputs(&[file])).unwrap_err();
        assert_eq!(error.file, format!("fixtures/veris/{file}"));
        let message = error.to_string();
        assert!(message.contains(expected), "{file}: {message}");
        assert!(
            message.contains(&format!("error: fixtures/veris/{file}: ")),
            "{message}"
        );
        assert!(message.contains("nothing was written"), "{message}");
    }
}

#[test]
fn every_bad_file_is_named_at_once() {
    let error = veris::import_paths(&[
        fixture_path("named-actor.json"),
        fixture_path("bad/month-13.json"),
        fixture_path("bad/stix-bundle.json"),
        fixture_path("bad/truncated.json"),
    ])
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("3 files with problems"), "{message}");
    assert!(
        message.contains("month-13.json: timeline.incident.month 13"),
        "{message}"
    );
    assert!(
        message.contains("stix-bundle.json: does not look like a VERIS incident"),
        "{message}"
    );
    assert!(message.contains("truncated.json: line"), "{message}");
    assert!(message.contains("ends early"), "{message}");
}

#[test]
fn missing_paths_and_files_that_are_not_json_are_errors_naming_them() {
    let missing = fixture_path("no-such-file.json");
    let error = veris::collect_files(std::slice::from_ref(&missing)).unwrap_err();
    assert_eq!(error.file, missing.display().to_string());
    assert!(
        error.to_string().contains("no such file or folder"),
        "{error}"
    );

    let readme = fixture_path("README.md");
    let error = veris::collect_files(std::slice::from_ref(&readme)).unwrap_err();
    assert!(error.to_string().contains("not a .json file"), "{error}");

    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "hello").unwrap();
    let error = veris::collect_files(&[empty.path().to_path_buf()]).unwrap_err();
    assert!(
        error.to_string().contains("holds no .json files"),
        "{error}"
    );

    // Several bad arguments: each is named.
    let error = veris::collect_files(&[missing, readme]).unwrap_err();
    assert_eq!(error.problems.len(), 2, "{error}");
}

#[test]
fn run_veris_writes_atomically_or_not_at_all() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("vcdb.ron");
    let new_file = Destination::new(Some(&out), false);
    let code = run_veris(&[PathBuf::from(FIXTURES)], &new_file);
    assert_eq!(format!("{code:?}"), format!("{:?}", ExitCode::SUCCESS));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, fixture_folder().text);
    load_str(&written, "vcdb.ron").unwrap();

    // Even allowed to replace it, a failed import leaves the file as it was.
    std::fs::write(&out, "previous content").unwrap();
    let replace = Destination::new(Some(&out), true);
    let code = run_veris(&[fixture_path("bad/month-13.json")], &replace);
    assert_eq!(format!("{code:?}"), format!("{:?}", ExitCode::FAILURE));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
    let entries = std::fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(entries, 1, "no temporary file left");
}

// ---- The real VCDB sample ----

#[test]
fn real_vcdb_all_220_import_pass_check_and_round_trip() {
    let Some(imported) = real_vcdb() else {
        return;
    };
    assert_round_trips(&imported);
    assert_credited(&imported);
    let data = &imported.dataset;
    assert_eq!(data.incidents.len(), 220, "{:?}", imported.notes);
    let notes = imported.notes.join("\n");
    assert!(notes.contains("from 220 records in 220 files"), "{notes}");
    assert!(notes.contains("SOURCE.md"), "{notes}");
    // Eight named external actors: six groups; the UUID and "A / B" make none.
    let names: Vec<&str> = data.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cl0p ransomware group",
            "ShaggyPanther",
            "Black Shadow",
            "Pinoy Vendetta",
            "Anonymous Anon Verdict",
            "bohrilieaks",
        ]
    );
    let claims: Vec<_> = data.incidents.iter().flat_map(|i| &i.claims).collect();
    assert_eq!(claims.len(), 6);
    assert!(
        claims
            .iter()
            .all(|c| c.stance == Stance::Suspected && c.by == CLAIMED_BY && c.source == SOURCE_ID)
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Salt Typhoon") || n.contains("6A323CB8"))
    );
    // Same bytes twice.
    let again = real_vcdb().unwrap();
    assert_eq!(again.text, imported.text);
}

#[test]
fn real_vcdb_unknown_victims_are_never_shared() {
    let Some(imported) = real_vcdb() else {
        return;
    };
    let data = &imported.dataset;
    let mut victims_of: HashMap<&str, usize> = HashMap::new();
    for incident in &data.incidents {
        for victim in &incident.victims {
            *victims_of.entry(victim.as_str()).or_default() += 1;
        }
    }
    let unnamed: Vec<_> = data
        .organisations
        .iter()
        .filter(|o| {
            let name = o.name.to_lowercase();
            name.contains("unknown") || name.contains("unnamed")
        })
        .collect();
    assert!(unnamed.len() >= 8, "{}", unnamed.len());
    for organisation in &unnamed {
        assert_eq!(
            victims_of.get(organisation.id.as_str()),
            Some(&1),
            "{} is shared",
            organisation.name
        );
    }
    // A real name shared by several records is one organisation.
    let veterans = data
        .organisations
        .iter()
        .find(|o| o.name == "United States Department of Veterans Affairs")
        .unwrap();
    assert_eq!(victims_of.get(veterans.id.as_str()), Some(&4));
}

#[test]
fn real_vcdb_traps_are_handled() {
    let Some(imported) = real_vcdb() else {
        return;
    };
    let data = &imported.dataset;
    // The file name, the incident_id and the master_id all differ here; all three are kept.
    let salt = incident_from(data, "020b67e3-320b-4928-8f26-08f751e7b59d.JSON");
    let first = &salt.notes[0].text;
    assert!(
        first.contains("d8bb2c80-d949-11ef-94f8-638529e3ff3b"),
        "{first}"
    );
    assert!(
        first.contains("9f7ce2fa-ba40-4889-9430-55819ac3fa00"),
        "{first}"
    );
    assert!(salt.claims.is_empty());
    assert!(
        note_texts(salt)
            .iter()
            .any(|n| n.contains("Salt Typhoon / APT40"))
    );
    // Partial dates as given.
    let black_shadow = incident_from(data, "025967ff-63cd-47bd-96d7-c602c0747479.JSON");
    assert_eq!(black_shadow.date.unwrap().to_compact(), "2021");
    assert_eq!(black_shadow.claims[0].group, "black-shadow");
    // Retrieval dates written after addresses are notes, not parts of the address.
    assert!(
        data.sources
            .iter()
            .filter_map(|s| s.url.as_deref())
            .all(|u| !u.contains(' ') && !u.ends_with(')') && !u.ends_with(','))
    );
    // A NAICS code gives its sector; the code is kept in the description.
    let uber = data
        .organisations
        .iter()
        .find(|o| o.name == "Uber")
        .expect("Uber");
    assert!(uber.description.as_deref().unwrap().contains("NAICS"));
    assert!(uber.sector.is_some());
}

/// The loader reads each incident of a large file with its fast reader for plain RON, and
/// with `ron` when the fast one gives up. On the real import's incidents (escapes,
/// non-ASCII text, long notes) the fast reader gives exactly what `ron` gives, whenever it
/// gives anything; and it reads every one without a backslash (escapes are left to `ron`).
#[test]
fn real_vcdb_incidents_read_fast_as_ron_reads_them() {
    let Some(imported) = real_vcdb() else {
        return;
    };
    // The loader's reading of RON (`ron_options` in src/data/model.rs).
    let options = ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME | ron::extensions::Extensions::UNWRAP_NEWTYPES,
    );
    let (_, items) =
        incident_explorer::data::outline::top_level_list_items(&imported.text, "incidents")
            .expect("the import has an incidents list");
    assert_eq!(items.len(), 220);
    let mut fast = 0;
    for item in items.into_iter().map(|range| &imported.text[range]) {
        match incident_explorer::data::plain_ron::from_str::<Incident>(item) {
            Ok(incident) => {
                let by_ron: Incident = options.from_str(item).expect("ron reads the import");
                assert_eq!(incident, by_ron, "{item}");
                fast += 1;
            }
            Err(_) => assert!(item.contains('\\'), "not read fast: {item}"),
        }
    }
    assert!(fast >= 150, "only {fast} of 220 read fast");
}
