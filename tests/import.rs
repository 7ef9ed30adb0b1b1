//! The importers (`incident-explorer import hibp|misp-galaxy|stix`): on the real public data
//! in `../shared/data` (skipped with a message where it is absent, failing in CI) and on small fixtures in
//! `tests/fixtures/import/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use incident_explorer::data::write::to_ron_string;
use incident_explorer::data::{Dataset, Stance, load_str};
use incident_explorer::import::hibp::{self, CREDIT, HibpOptions};
use incident_explorer::import::misp::{self, MispOptions};
use incident_explorer::import::{Imported, stix};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// The text of a file in the shared data folder, or `None` (with a message) when absent.
fn shared(file: &str) -> Option<String> {
    let path = common::shared_path(&format!("data/{file}"))?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn fixture_path(file: &str) -> PathBuf {
    Path::new(FIXTURES).join(file)
}

fn fixture(file: &str) -> String {
    std::fs::read_to_string(fixture_path(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The import's text loads without errors, gives the same data, and writes the same bytes.
fn assert_round_trips(imported: &Imported, header_lines: usize) {
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
        .take(header_lines)
        .map(|l| l.trim_start_matches("// "))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        to_ron_string(&loaded.dataset, Some(&header)),
        imported.text,
        "write(load(text)) != text"
    );
}

fn incident<'a>(data: &'a Dataset, id: &str) -> &'a incident_explorer::data::Incident {
    data.incident(id).unwrap_or_else(|| {
        let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
        panic!("no incident {id}; have {ids:?}")
    })
}

// ---- HIBP ----

#[test]
fn hibp_real_list_imports_passes_check_and_round_trips() {
    let Some(text) = shared("hibp-breaches.json") else {
        return;
    };
    let imported = hibp::import(&text, "hibp-breaches.json", &HibpOptions::default()).unwrap();
    assert_round_trips(&imported, 3);
    let data = &imported.dataset;
    assert!(data.incidents.len() > 700, "{}", data.incidents.len());
    assert!(data.groups.is_empty(), "HIBP says nothing about attackers");
    assert!(data.incidents.iter().all(|i| i.claims.is_empty()));
    for flagged in ["sensitive", "fabricated", "spam-list", "retired"] {
        assert!(
            !data
                .incidents
                .iter()
                .any(|i| i.tags.iter().any(|t| t == flagged)),
            "{flagged} breaches are left out by default"
        );
    }
    assert!(
        imported.notes.iter().any(|n| n.contains("80 sensitive")),
        "{:?}",
        imported.notes
    );
    // Deterministic: the same input gives the same bytes.
    let again = hibp::import(&text, "hibp-breaches.json", &HibpOptions::default()).unwrap();
    assert_eq!(again.text, imported.text);
}

#[test]
fn hibp_real_breach_and_added_dates_stay_apart_and_html_becomes_text() {
    let Some(text) = shared("hibp-breaches.json") else {
        return;
    };
    let imported = hibp::import(&text, "hibp-breaches.json", &HibpOptions::default()).unwrap();
    let data = &imported.dataset;
    let webhost = incident(data, "000webhost-2015");
    assert_eq!(webhost.date.unwrap().to_compact(), "2015-03-01");
    let added: Vec<String> = webhost
        .timeline
        .iter()
        .filter_map(|e| e.date.map(|d| d.to_compact()))
        .collect();
    assert_eq!(added, ["2015-03-01", "2015-10-26"]);
    assert!(
        webhost
            .date_note
            .as_deref()
            .unwrap()
            .contains("26 October 2015")
    );
    assert_eq!(webhost.records[0].count, 14_936_670);
    assert_eq!(webhost.records[0].what, "accounts");
    let exposed: Vec<&str> = webhost
        .data_exposed
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        exposed,
        ["Email addresses", "IP addresses", "Names", "Passwords"]
    );
    assert!(webhost.tags.iter().any(|t| t == "verified"));
    for incident in &data.incidents {
        for html in ["<a ", "</a>", "&quot;", "&amp;", "<em>"] {
            assert!(
                !incident.summary.contains(html),
                "{}: {html} in {}",
                incident.id,
                incident.summary
            );
        }
    }
    let source = data.source(hibp::SOURCE_ID).unwrap();
    assert_eq!(source.title, CREDIT);
    assert!(
        data.incidents
            .iter()
            .all(|i| i.sources == [hibp::SOURCE_ID.to_string()])
    );
}

#[test]
fn hibp_real_supplier_named_in_description_is_never_a_claim() {
    let Some(text) = shared("hibp-breaches.json") else {
        return;
    };
    let imported = hibp::import(&text, "hibp-breaches.json", &HibpOptions::default()).unwrap();
    let forums = incident(&imported.dataset, "breachforums-2022");
    assert!(
        forums
            .summary
            .contains("requested it be attributed to \"breached_db_person\"")
    );
    assert!(forums.claims.is_empty());
    assert!(
        forums
            .notes
            .iter()
            .any(|n| n.text.contains("not an attribution of the breach"))
    );
    assert!(imported.dataset.groups.is_empty());
}

#[test]
fn hibp_options_keep_flagged_breaches() {
    let Some(text) = shared("hibp-breaches.json") else {
        return;
    };
    let all = HibpOptions {
        include_sensitive: true,
        include_fabricated: true,
        include_spam: true,
        include_retired: true,
    };
    let imported = hibp::import(&text, "hibp-breaches.json", &all).unwrap();
    assert_eq!(imported.dataset.incidents.len(), 875);
    assert_round_trips(&imported, 3);
    let sensitive = imported
        .dataset
        .incidents
        .iter()
        .filter(|i| i.tags.iter().any(|t| t == "sensitive"))
        .count();
    assert_eq!(sensitive, 80);
}

#[test]
fn hibp_fixture_shares_organisations_and_notes_suppliers() {
    let imported = hibp::import(
        &fixture("hibp-small.json"),
        "hibp-small.json",
        &HibpOptions::default(),
    )
    .unwrap();
    assert_round_trips(&imported, 3);
    let data = &imported.dataset;
    let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["bell-2014", "bell-2017"],
        "sensitive and spam left out"
    );
    assert_eq!(
        data.organisations.len(),
        1,
        "both Bell breaches hit one Bell"
    );
    let bell = &data.organisations[0];
    assert_eq!(bell.name, "Bell");
    assert_eq!(bell.aliases, ["bell.ca"]);
    let first = incident(data, "bell-2014");
    assert_eq!(first.title, "Bell (2014 breach): data breach");
    assert_eq!(
        first.summary,
        "In February 2014, Bell Canada suffered a breach of \"small business\" accounts & passwords."
    );
    assert!(
        first
            .date_note
            .as_deref()
            .unwrap()
            .contains("first of the month")
    );
    let second = incident(data, "bell-2017");
    assert!(second.claims.is_empty());
    assert!(
        second
            .notes
            .iter()
            .any(|n| n.text.contains("supplied the data"))
    );

    let with_sensitive = HibpOptions {
        include_sensitive: true,
        ..HibpOptions::default()
    };
    let more = hibp::import(
        &fixture("hibp-small.json"),
        "hibp-small.json",
        &with_sensitive,
    )
    .unwrap();
    assert_eq!(more.dataset.incidents.len(), 3);
    assert!(
        more.dataset.incidents[2]
            .tags
            .iter()
            .any(|t| t == "sensitive")
    );
}

#[test]
fn hibp_bad_records_are_named() {
    let error = hibp::import(
        &fixture("hibp-bad.json"),
        "hibp-bad.json",
        &HibpOptions::default(),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(
            r#"hibp-bad.json: record 2 ("Adobe"): BreachDate "2013-13-04" is not a date"#
        ),
        "{message}"
    );
    assert!(
        message.contains(r#"record 3 ("Broken"): AddedDate is missing"#),
        "{message}"
    );
    assert!(
        message.contains(r#"record 3 ("Broken"): PwnCount should be a whole number"#),
        "{message}"
    );
    assert!(message.ends_with("nothing was written"), "{message}");
}

#[test]
fn hibp_truncated_file_says_it_ends_early() {
    let error = hibp::import(
        &fixture("hibp-truncated.json"),
        "hibp-truncated.json",
        &HibpOptions::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("ends early"), "{error}");
}

// ---- The command line: atomic output ----

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_import_writes_nothing_and_keeps_an_existing_file() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out.ron");
    let status = Command::new(BIN)
        .args(["import", "hibp"])
        .arg(fixture_path("hibp-bad.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!status.status.success());
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains(r#"record 2 ("Adobe")"#), "{stderr}");
    assert!(
        files_in(folder.path()).is_empty(),
        "{:?}",
        files_in(folder.path())
    );

    // Even allowed to replace it, a failed import leaves an existing file as it was.
    std::fs::write(&out, "previous content").unwrap();
    let status = Command::new(BIN)
        .args(["import", "stix"])
        .arg(fixture_path("stix-bad.json"))
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .status()
        .unwrap();
    assert!(!status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
    assert_eq!(
        files_in(folder.path()),
        ["out.ron"],
        "no temporary file left"
    );
}

#[test]
fn a_successful_import_writes_a_file_that_check_accepts() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("hibp.ron");
    let status = Command::new(BIN)
        .args(["import", "hibp"])
        .arg(fixture_path("hibp-small.json"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(files_in(folder.path()), ["hibp.ron"]);
    let check = Command::new(BIN).arg("check").arg(&out).output().unwrap();
    assert!(check.status.success(), "{check:?}");
    let stdout = Command::new(BIN)
        .args(["import", "hibp"])
        .arg(fixture_path("hibp-small.json"))
        .output()
        .unwrap();
    assert!(stdout.status.success());
    assert_eq!(
        String::from_utf8(stdout.stdout).unwrap(),
        std::fs::read_to_string(&out).unwrap(),
        "standard output and --out give the same bytes"
    );
}

// ---- STIX ----

fn stix_fixture() -> Imported {
    stix::import(&fixture("stix-small.json"), "stix-small.json").unwrap()
}

#[test]
fn stix_fixture_passes_check_round_trips_and_is_deterministic() {
    let imported = stix_fixture();
    assert_round_trips(&imported, 3);
    assert_eq!(stix_fixture().text, imported.text);
}

#[test]
fn stix_objects_become_groups_organisations_and_incidents() {
    let imported = stix_fixture();
    let data = &imported.dataset;
    let spider = data.group("example-spider").unwrap();
    let aliases: Vec<&str> = spider.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        aliases,
        ["UNC0000", "Example Tempest"],
        "the name is not its own alias"
    );
    assert_eq!(spider.references, ["https://example.org/groups/X0001"]);
    assert!(
        spider
            .description
            .starts_with("Example Spider is a made-up group.")
    );
    assert!(!spider.description.contains("Citation"));
    assert!(
        spider
            .description
            .contains("links this intrusion set to the threat actor Example Crew")
    );
    let crew = data.group("example-crew").unwrap();
    assert_eq!(crew.kind, incident_explorer::data::GroupKind::Criminal);

    let airways = data.organisation("example-airways").unwrap();
    assert_eq!(airways.sector.as_deref(), Some("Transportation"));

    let operation = incident(data, "operation-example");
    assert_eq!(
        operation.victims,
        ["example-bank"],
        "the campaign targets the bank"
    );
    assert_eq!(
        operation.date.unwrap().to_words(),
        "March 2024 (month only)"
    );
    assert_eq!(
        operation.timeline[1].date.unwrap().to_compact(),
        "2024-05-17"
    );

    let airline = incident(data, "example-airways-2025");
    assert!(airline.thin);
    assert_eq!(airline.victims, ["example-airways"]);
    assert_eq!(airline.date.unwrap().to_compact(), "2025-06");
    // The report listing the victim is cited.
    let report = data
        .sources
        .iter()
        .find(|s| s.title == "Example Airways incident report")
        .unwrap();
    assert!(airline.sources.contains(&report.id));
    assert_eq!(report.outlet, "Example Threat Research");
    assert_eq!(report.date.unwrap().to_compact(), "2025-06-20");
}

#[test]
fn stix_confidence_maps_to_stances_as_documented() {
    let imported = stix_fixture();
    let data = &imported.dataset;
    let operation = incident(data, "operation-example");
    let stances: Vec<(&str, Stance, &str)> = operation
        .claims
        .iter()
        .map(|c| (c.group.as_str(), c.stance, c.by.as_str()))
        .collect();
    assert_eq!(
        stances,
        [
            // Confidence 90 from a government identity: an authority attributes it.
            (
                "example-spider",
                Stance::Attributed,
                "Example National Cyber Agency"
            ),
            // Confidence 95 from a research firm: still a suspicion.
            ("example-crew", Stance::Suspected, "Example Threat Research"),
        ]
    );
    assert!(
        operation.claims[0]
            .note()
            .unwrap()
            .contains("confidence 90 (high)")
    );
    assert!(
        operation.claims[0]
            .note()
            .unwrap()
            .contains("Example Advisory 2024")
    );

    let airline = incident(data, "example-airways-2025");
    assert_eq!(airline.claims.len(), 1, "confidence 0 makes no claim");
    let claim = &airline.claims[0];
    assert_eq!(claim.stance, Stance::Suspected);
    assert_eq!(claim.by, "Example News");
    let source = data.source(&claim.source).unwrap();
    assert_eq!(
        source.url.as_deref(),
        Some("https://news.example.org/airline")
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("confidence 0 (none) made no claim"))
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n
                .contains("campaign--00000000-0000-4000-8000-0000000000ff is not in the bundle")),
        "a dangling reference is reported: {:?}",
        imported.notes
    );
    // No STIX relationship becomes the group's own claim or the victim's confirmation.
    for claim in data.incidents.iter().flat_map(|i| &i.claims) {
        assert!(matches!(
            claim.stance,
            Stance::Suspected | Stance::Attributed
        ));
    }
}

#[test]
fn stix_doubtful_first_seen_is_kept_with_a_note_and_a_warning() {
    let imported = stix_fixture();
    let typo = incident(&imported.dataset, "typo-campaign");
    assert_eq!(typo.date.unwrap().to_compact(), "2004-10", "kept as given");
    assert!(typo.date_note.as_deref().unwrap().contains("doubtful"));
    assert!(
        typo.notes
            .iter()
            .any(|n| n.text.contains("upstream error") && n.text.contains("2024"))
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.starts_with("warning:") && n.contains("Typo Campaign"))
    );
    // A first_seen that agrees with its description raises nothing.
    let operation = incident(&imported.dataset, "operation-example");
    assert!(operation.notes.is_empty());
}

#[test]
fn stix_real_attack_bundle_flags_c0059() {
    let Some(text) = shared("attack-stix-bundle.json") else {
        return;
    };
    let imported = stix::import(&text, "attack-stix-bundle.json").unwrap();
    assert_round_trips(&imported, 3);
    assert_eq!(
        stix::import(&text, "attack-stix-bundle.json").unwrap().text,
        imported.text
    );
    let data = &imported.dataset;
    let c0059 = data
        .incidents
        .iter()
        .find(|i| i.title.contains("C0059"))
        .unwrap();
    assert_eq!(c0059.date.unwrap().to_compact(), "2004-10");
    assert!(
        c0059
            .notes
            .iter()
            .any(|n| n.text.contains("upstream error") && n.text.contains("2024")),
        "{:?}",
        c0059.notes
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.starts_with("warning:") && n.contains("C0059")),
        "{:?}",
        imported.notes
    );

    let spider = data.group("scattered-spider").unwrap();
    assert!(spider.aliases.iter().any(|a| a.name == "Storm-0875"));
    let mitre = data.source(&spider.sources[0]).unwrap();
    assert_eq!(mitre.outlet, "MITRE ATT&CK");
    assert!(
        mitre
            .note
            .as_deref()
            .unwrap()
            .contains("The MITRE Corporation")
    );

    for victim in ["qantas", "westjet", "hawaiian-airlines"] {
        let found = data
            .incidents
            .iter()
            .find(|i| i.victims == [victim.to_string()])
            .unwrap_or_else(|| panic!("no incident for {victim}"));
        assert_eq!(found.claims.len(), 1);
        assert_eq!(found.claims[0].group, "scattered-spider");
        assert_eq!(found.claims[0].stance, Stance::Suspected);
        assert_eq!(found.claims[0].by, "The Register");
        assert!(found.thin);
    }
    let c0027 = data
        .incidents
        .iter()
        .find(|i| i.title.starts_with("C0027"))
        .unwrap();
    assert_eq!(c0027.claims[0].group, "scattered-spider");
    assert_eq!(c0027.claims[0].by, "MITRE ATT&CK");
}

#[test]
fn stix_bad_objects_are_named() {
    let error = stix::import(&fixture("stix-bad.json"), "stix-bad.json").unwrap_err();
    let message = error.to_string();
    for expected in [
        "object 2 (relationship--00000000-0000-4000-8000-0000000000e1): confidence 150 is not a whole number from 0 to 100",
        "object 2 (relationship--00000000-0000-4000-8000-0000000000e1): target_ref is missing",
        r#"object 3 (campaign--00000000-0000-4000-8000-0000000000d1, "Bad Dates"): first_seen "2024-02-30T00:00:00Z" is not a STIX timestamp"#,
        r#"does not start with "identity--""#,
    ] {
        assert!(message.contains(expected), "{expected}\n{message}");
    }
    let not_a_bundle = stix::import("[1, 2]", "list.json").unwrap_err();
    assert!(
        not_a_bundle
            .to_string()
            .contains("expected a STIX 2.1 bundle")
    );
}

// ---- MISP ----

fn merge_fixture(options: &MispOptions) -> misp::Merged {
    misp::merge(
        &fixture("misp-small.json"),
        "misp-small.json",
        &fixture("misp-into.ron"),
        "misp-into.ron",
        options,
    )
    .unwrap()
}

#[test]
fn misp_matches_ignoring_case_and_through_aliases() {
    let merged = merge_fixture(&MispOptions::default());
    assert!(merged.changed);
    let data = &merged.dataset;
    let source = data
        .sources
        .iter()
        .find(|s| s.outlet.starts_with("MISP galaxy"))
        .unwrap();
    assert_eq!(source.id, "misp-galaxy-threat-actor");
    assert_eq!(
        source.title,
        "Threat Actor galaxy, clusters/threat-actor.json, version 349"
    );

    // MISP's "R00tK1T" is the file's "R00TK1T": the spelling is kept as an alias.
    let rootkit = data.group("r00tk1t").unwrap();
    assert_eq!(rootkit.name, "R00TK1T");
    assert_eq!(rootkit.aliases.len(), 1);
    assert_eq!(rootkit.aliases[0].name, "R00tK1T");
    assert_eq!(
        rootkit.aliases[0].source.as_deref(),
        Some(source.id.as_str())
    );
    assert_eq!(
        rootkit.origin.as_deref(),
        Some("Israel, according to the MISP galaxy's country field (IL)")
    );
    assert_eq!(
        rootkit.references,
        [
            "https://github.com/MISP/misp-galaxy/blob/main/clusters/threat-actor.json",
            "https://example.org/r00tk1t-1",
            "https://example.org/r00tk1t-2",
        ]
    );
    assert_eq!(
        rootkit.sources,
        ["example-article", "misp-galaxy-threat-actor"]
    );
    assert_eq!(rootkit.description, "Made-up description for a test.");

    let spider = data.group("scattered-spider").unwrap();
    let aliases: Vec<(&str, Option<&str>)> = spider
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.coined_by.as_deref()))
        .collect();
    assert_eq!(
        aliases,
        [
            ("UNC3944", Some("Mandiant")),
            ("Octo Tempest", None),
            ("Storm-0971", Some("Microsoft")),
        ],
        "who coined an existing alias is filled in; case repeats are dropped"
    );
    assert_eq!(
        spider.origin.as_deref(),
        Some("Already known; must not be overwritten.")
    );
    assert!(
        data.group("lonely-group").is_none(),
        "not added unless asked"
    );
    let unrelated = data.group("unrelated").unwrap();
    assert!(unrelated.aliases.is_empty() && unrelated.references.is_empty());
}

#[test]
fn misp_merge_touches_nothing_else() {
    let original_text = fixture("misp-into.ron");
    let original = load_str(&original_text, "misp-into.ron").unwrap().dataset;
    let merged = merge_fixture(&MispOptions::default());
    let data = &merged.dataset;
    assert_eq!(data.incidents, original.incidents);
    assert_eq!(data.organisations, original.organisations);
    assert_eq!(data.tours, original.tours);
    assert_eq!(data.sources[..1], original.sources[..]);
    assert_eq!(data.groups[2], original.groups[2]);
    // The text outside the changed groups is kept byte for byte, comments included.
    let untouched_from = original_text
        .find("        (\n            id: \"unrelated\"")
        .unwrap();
    assert!(merged.text.ends_with(&original_text[untouched_from..]));
    assert!(merged.text.starts_with(
        "// misp-into.ron: a small data file for the MISP merge tests. Format: docs/data-format.md\n\
         // This comment, and the layout below, must survive a merge.\n"
    ));
    assert!(
        merged
            .text
            .contains("// a comment inside an untouched group")
    );
    let loaded = load_str(&merged.text, "merged").unwrap();
    assert_eq!(&loaded.dataset, data);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn misp_merge_is_idempotent_and_adds_new_groups_only_when_asked() {
    let merged = merge_fixture(&MispOptions::default());
    let again = misp::merge(
        &fixture("misp-small.json"),
        "misp-small.json",
        &merged.text,
        "merged.ron",
        &MispOptions::default(),
    )
    .unwrap();
    assert!(!again.changed);
    assert_eq!(again.text, merged.text);

    let with_new = merge_fixture(&MispOptions {
        add: vec!["lone-1".into()],
        add_all: false,
    });
    let lonely = with_new.dataset.group("lonely-group").unwrap();
    assert_eq!(lonely.name, "Lonely Group");
    assert_eq!(lonely.aliases[0].name, "LONE-1");
    assert_eq!(
        lonely.aliases[0].coined_by.as_deref(),
        Some("Example Vendor")
    );
    assert_eq!(
        lonely.origin.as_deref(),
        Some("France, according to the MISP galaxy's country field (FR)")
    );
    assert_eq!(
        lonely.description,
        "A cluster no group in the file matches."
    );
    load_str(&with_new.text, "with-new").unwrap();

    let unknown = misp::merge(
        &fixture("misp-small.json"),
        "misp-small.json",
        &fixture("misp-into.ron"),
        "misp-into.ron",
        &MispOptions {
            add: vec!["Nobody".into()],
            add_all: false,
        },
    )
    .unwrap_err();
    assert!(
        unknown.to_string().contains("--add \"Nobody\""),
        "{unknown}"
    );
}

#[test]
fn misp_real_galaxy_enriches_r00tk1t_and_leaves_the_bundled_data_alone() {
    let Some(galaxy) = shared("misp-galaxy-threat-actor.json") else {
        return;
    };
    let merged = misp::merge(
        &galaxy,
        "misp-galaxy-threat-actor.json",
        &fixture("misp-into.ron"),
        "misp-into.ron",
        &MispOptions::default(),
    )
    .unwrap();
    let rootkit = merged.dataset.group("r00tk1t").unwrap();
    assert!(rootkit.aliases.iter().any(|a| a.name == "R00tK1T"));
    assert!(rootkit.origin.as_deref().unwrap().starts_with("Israel"));
    let spider = merged.dataset.group("scattered-spider").unwrap();
    let storm = spider
        .aliases
        .iter()
        .find(|a| a.name == "Storm-0971")
        .unwrap();
    assert_eq!(storm.coined_by.as_deref(), Some("Microsoft"));
    assert!(spider.aliases.iter().any(|a| a.name == "Octo Tempest"));

    // The bundled data is already enriched from this galaxy: merging again changes no
    // incident, organisation or tour, and a second merge changes nothing at all.
    let bundled = incident_explorer::data::load::BUNDLED_DATA;
    let once = misp::merge(
        &galaxy,
        "misp-galaxy-threat-actor.json",
        bundled,
        "incidents.ron",
        &MispOptions::default(),
    )
    .unwrap();
    let original = load_str(bundled, "incidents.ron").unwrap().dataset;
    assert_eq!(once.dataset.incidents, original.incidents);
    assert_eq!(once.dataset.organisations, original.organisations);
    assert_eq!(once.dataset.tours, original.tours);
    let twice = misp::merge(
        &galaxy,
        "misp-galaxy-threat-actor.json",
        &once.text,
        "incidents.ron",
        &MispOptions::default(),
    )
    .unwrap();
    assert!(!twice.changed);
}

#[test]
fn misp_bad_clusters_are_named() {
    let error = misp::merge(
        &fixture("misp-bad.json"),
        "misp-bad.json",
        &fixture("misp-into.ron"),
        "misp-into.ron",
        &MispOptions::default(),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(r#"cluster 2 ("Broken"): meta.synonyms[1] should be a string"#),
        "{message}"
    );
    assert!(message.contains("cluster 3: value (the cluster's name) is missing"));
}

#[test]
fn misp_command_rewrites_into_in_place_or_writes_out() {
    let folder = tempfile::tempdir().unwrap();
    let into = folder.path().join("data.ron");
    std::fs::copy(fixture_path("misp-into.ron"), &into).unwrap();
    let merged = Command::new(BIN)
        .args(["import", "misp-galaxy"])
        .arg(fixture_path("misp-small.json"))
        .arg("--into")
        .arg(&into)
        .output()
        .unwrap();
    assert!(merged.status.success(), "{merged:?}");
    assert_eq!(
        std::fs::read_to_string(&into).unwrap(),
        merge_fixture(&MispOptions::default()).text
    );
    assert_eq!(files_in(folder.path()), ["data.ron"]);

    // A bad galaxy file leaves the data file as it was.
    let before = std::fs::read_to_string(&into).unwrap();
    let failed = Command::new(BIN)
        .args(["import", "misp-galaxy"])
        .arg(fixture_path("misp-bad.json"))
        .arg("--into")
        .arg(&into)
        .status()
        .unwrap();
    assert!(!failed.success());
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);
    assert_eq!(files_in(folder.path()), ["data.ron"]);
}

#[test]
fn misp_merge_into_a_file_written_on_one_line_rewrites_it_whole() {
    let compact = r#"(sources: [(id: "s", outlet: "O", title: "T")], groups: [(id: "r00tk1t", name: "R00TK1T", sources: ["s"])], organisations: [(id: "o", name: "O")], incidents: [(id: "i", title: "I", victims: ["o"], claims: [(group: "r00tk1t", stance: Claimed, by: "R00TK1T", source: "s")], sources: ["s"])])"#;
    let original = load_str(compact, "compact.ron").unwrap().dataset;
    let merged = misp::merge(
        &fixture("misp-small.json"),
        "misp-small.json",
        compact,
        "compact.ron",
        &MispOptions::default(),
    )
    .unwrap();
    assert!(merged.changed);
    assert!(
        merged.notes.iter().any(|n| n.contains("rewritten in full")),
        "{:?}",
        merged.notes
    );
    let loaded = load_str(&merged.text, "merged").unwrap().dataset;
    assert_eq!(loaded, merged.dataset);
    assert_eq!(loaded.incidents, original.incidents);
    assert!(loaded.group("r00tk1t").unwrap().aliases[0].name == "R00tK1T");
}

#[test]
fn misp_merge_appends_after_a_last_item_without_a_comma() {
    let text = "(\n    sources: [\n        (id: \"s\", outlet: \"O\", title: \"T\")\n    ],\n    groups: [\n        (id: \"r00tk1t\", name: \"R00TK1T\", sources: [\"s\"])\n    ],\n)\n";
    let merged = misp::merge(
        &fixture("misp-small.json"),
        "misp-small.json",
        text,
        "no-commas.ron",
        &MispOptions::default(),
    )
    .unwrap();
    assert!(
        !merged.notes.iter().any(|n| n.contains("rewritten in full")),
        "{:?}\n{}",
        merged.notes,
        merged.text
    );
    assert_eq!(merged.dataset.sources.len(), 2);
    assert_eq!(
        load_str(&merged.text, "merged").unwrap().dataset,
        merged.dataset
    );
}

// ---- STIX: citations, sources by address, scale ----

fn stix_citations_fixture() -> Imported {
    stix::import(&fixture("stix-citations.json"), "stix-citations.json").unwrap()
}

/// The one source with this address.
fn source_at<'a>(data: &'a Dataset, url: &str) -> &'a incident_explorer::data::Source {
    let found: Vec<_> = data
        .sources
        .iter()
        .filter(|s| s.url.as_deref() == Some(url))
        .collect();
    assert_eq!(found.len(), 1, "sources at {url}: {found:?}");
    found[0]
}

/// No text the import produced keeps `(Citation: …)` markup.
fn assert_no_citation_markup(data: &Dataset) {
    for source in &data.sources {
        assert!(
            !source.title.contains("(Citation:"),
            "source {}: {}",
            source.id,
            source.title
        );
    }
    for group in &data.groups {
        assert!(!group.description.contains("(Citation:"), "{}", group.id);
    }
    for incident in &data.incidents {
        assert!(!incident.summary.contains("(Citation:"), "{}", incident.id);
    }
}

#[test]
fn stix_citations_become_sources_and_leave_the_text() {
    let imported = stix_citations_fixture();
    assert_round_trips(&imported, 3);
    assert_eq!(stix_citations_fixture().text, imported.text);
    let data = &imported.dataset;
    assert_no_citation_markup(data);

    let panda = data.group("citing-panda").unwrap();
    assert_eq!(
        panda.description,
        "Citing Panda steals documents. It favours bamboo."
    );
    let vendor = source_at(data, "https://vendor.example/research/citing-panda");
    assert_eq!(
        vendor.title,
        "Vendor. (2024, March 1). Citing Panda steals documents. Retrieved April 2, 2024."
    );
    let factsheet = source_at(data, "https://gov.example/factsheet");
    assert!(panda.sources.contains(&vendor.id));
    assert!(panda.sources.contains(&factsheet.id));
    // An alias's source is the first work its alias entry cites; an alias without an
    // entry keeps the group's first source (its ATT&CK page).
    let alias_source = |name: &str| {
        panda
            .aliases
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no alias {name}"))
            .source
            .clone()
            .unwrap()
    };
    assert_eq!(alias_source("BAMBOO"), vendor.id);
    assert_eq!(alias_source("Leaf Eater"), factsheet.id);
    assert_eq!(alias_source("Panda Without Entry"), panda.sources[0]);
    assert_eq!(
        data.source(&panda.sources[0]).unwrap().outlet,
        "MITRE ATT&CK"
    );

    // The campaign cites a work described in the group's references, not its own.
    let campaign = incident(data, "operation-bamboo");
    assert_eq!(campaign.summary, "Operation Bamboo ran in March 2024.");
    assert!(campaign.sources.contains(&factsheet.id));
    assert_eq!(campaign.claims[0].source, vendor.id);

    // A relationship cites a work that only a technique (left out) describes.
    let museum = incident(data, "example-museum-2025");
    assert_eq!(
        museum.summary,
        "Other Panda defaced the museum's site. It used a known technique."
    );
    let technique = source_at(data, "https://blog.example/technique");
    assert_eq!(
        technique.title,
        "Blog. (2025, January 9). How defacement works. Retrieved March 1, 2025."
    );
    assert!(museum.sources.contains(&technique.id));
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("citations: 4 works resolved")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn stix_citation_names_match_external_references_with_spaces_trimmed() {
    // The fixture writes `(Citation: Vendor Panda 2024 )` against `"source_name": "Vendor
    // Panda 2024 "`, `(Citation: Vendor Panda 2024)` against the same, and `(Citation: Gov
    // Factsheet 2022 )` against `"source_name": "Gov Factsheet 2022"`, as ATT&CK does with
    // "Dragos DYMALLOY ".
    let text = fixture("stix-citations.json");
    assert!(text.contains("(Citation: Vendor Panda 2024 )"));
    assert!(text.contains(r#""source_name": "Vendor Panda 2024 ""#));
    assert!(text.contains("(Citation: Gov Factsheet 2022 )"));
    let imported = stix_citations_fixture();
    let data = &imported.dataset;
    for name in ["Vendor Panda 2024", "Gov Factsheet 2022"] {
        assert!(
            data.sources.iter().all(|s| s.title.trim() != name),
            "{name} was not resolved"
        );
        assert!(
            imported.notes.iter().all(|n| !n.contains(name)),
            "{name} is named in a warning: {:?}",
            imported.notes
        );
    }
    assert_eq!(
        source_at(data, "https://vendor.example/research/citing-panda").outlet,
        "Vendor Panda 2024",
        "the outlet is the trimmed source_name"
    );
}

#[test]
fn stix_unresolved_citations_stay_as_sources_with_a_warning() {
    let imported = stix_citations_fixture();
    let data = &imported.dataset;
    let by_title = |title: &str| {
        data.sources
            .iter()
            .find(|s| s.title == title)
            .unwrap_or_else(|| panic!("no source titled {title}"))
    };
    let lost = by_title("Lost Report 2023");
    assert_eq!(lost.url, None);
    assert!(
        data.group("citing-panda")
            .unwrap()
            .sources
            .contains(&lost.id)
    );
    let missing = by_title("Missing Blog 2025");
    assert!(
        incident(data, "example-museum-2025")
            .sources
            .contains(&missing.id)
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.starts_with("warning:")
                && n.contains("2 citations name no external reference")),
        "{:?}",
        imported.notes
    );
    for name in ["Lost Report 2023", "Missing Blog 2025"] {
        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.contains(&format!("(Citation: {name})"))),
            "{name} is not named: {:?}",
            imported.notes
        );
    }
}

#[test]
fn stix_sources_are_deduplicated_by_url() {
    let imported = stix_citations_fixture();
    let data = &imported.dataset;
    // Three references with that address (two source names, two descriptions, in two
    // groups and a relationship) make one source, the first one met.
    let vendor = source_at(data, "https://vendor.example/research/citing-panda");
    assert!(
        data.group("citing-panda")
            .unwrap()
            .sources
            .contains(&vendor.id)
    );
    assert!(
        data.group("other-panda")
            .unwrap()
            .sources
            .contains(&vendor.id)
    );
    assert_eq!(
        incident(data, "operation-bamboo").claims[0].source,
        vendor.id
    );
    let mut urls: Vec<&str> = data
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect();
    let all = urls.len();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), all, "every address is one source");
}

#[test]
fn stix_real_ics_bundle_resolves_citations() {
    let Some(text) = shared("ics-attack-18.1.json") else {
        return;
    };
    let imported = stix::import(&text, "ics-attack-18.1.json").unwrap();
    assert_round_trips(&imported, 3);
    assert_eq!(
        stix::import(&text, "ics-attack-18.1.json").unwrap().text,
        imported.text
    );
    let data = &imported.dataset;
    assert_eq!(
        (data.groups.len(), data.incidents.len()),
        (16, 8),
        "16 intrusion sets and 8 campaigns"
    );
    assert_no_citation_markup(data);

    let dragos = source_at(data, "https://www.dragos.com/threat/dymalloy/");
    assert!(
        dragos.title.starts_with("Dragos. (n.d.). DYMALLOY."),
        "{}",
        dragos.title
    );
    let dragonfly = data.group("dragonfly").unwrap();
    assert!(dragonfly.sources.contains(&dragos.id));
    let dymalloy = dragonfly
        .aliases
        .iter()
        .find(|a| a.name == "DYMALLOY")
        .unwrap();
    assert_eq!(dymalloy.source.as_ref(), Some(&dragos.id));

    let mut urls: Vec<&str> = data
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect();
    let all = urls.len();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), all, "every address is one source");
    assert!(
        imported
            .notes
            .iter()
            .all(|n| !n.contains("no external reference")),
        "every citation resolves: {:?}",
        imported.notes
    );
    // Techniques and assets are left out while reading, yet known to be in the bundle.
    assert!(
        imported.notes.iter().any(|n| n.contains(
            "left out 685 targets relationships from a attack-pattern to a x-mitre-asset"
        )),
        "{:?}",
        imported.notes
    );
}

#[test]
fn stix_bundle_keys_may_come_in_any_order() {
    let objects = r#"[
        {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--00000000-0000-4000-8000-0000000000c1",
         "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z", "name": "Late Type"}
    ]"#;
    let imported = stix::import(
        &format!(r#"{{"objects": {objects}, "id": "bundle--1", "type": "bundle"}}"#),
        "late.json",
    )
    .unwrap();
    assert_eq!(imported.dataset.groups[0].name, "Late Type");
    let wrong = stix::import(
        &format!(r#"{{"objects": {objects}, "type": "report"}}"#),
        "report.json",
    )
    .unwrap_err();
    assert!(
        wrong.to_string().contains("expected a STIX bundle"),
        "{wrong}"
    );
    let no_list = stix::import(r#"{"type": "bundle", "objects": {}}"#, "map.json").unwrap_err();
    assert!(
        no_list.to_string().contains("no `objects` list"),
        "{no_list}"
    );
    let cut = stix::import(r#"{"type": "bundle", "objects": [{"type": "#, "cut.json").unwrap_err();
    assert!(cut.to_string().contains("ends early"), "{cut}");
}

/// A bundle of `groups` intrusion sets, `victims` identities (named "Victim 0" to "Victim
/// 999", over and over), one `targets` relationship per identity (from group i % groups,
/// citing one shared report), more from every other group to identity 0, techniques with
/// `targets` relationships to them (left out), one relationship to a missing identity, and a
/// report listing every thousandth relationship from the 7th.
fn generated_bundle(groups: usize, victims: usize, techniques: usize) -> String {
    let uuid = |tag: u32, n: usize| format!("{tag:08x}-0000-4000-8000-{n:012x}");
    let stamp = r#""spec_version": "2.1", "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z""#;
    let mut objects: Vec<String> = Vec::new();
    for g in 0..groups {
        objects.push(format!(
            r#"{{"type": "intrusion-set", {stamp}, "id": "intrusion-set--{}", "name": "Generated Group {g}",
              "external_references": [{{"source_name": "mitre-attack", "external_id": "G{g}", "url": "https://example.org/groups/G{g}"}}]}}"#,
            uuid(1, g)
        ));
    }
    for i in 0..victims {
        objects.push(format!(
            r#"{{"type": "identity", {stamp}, "id": "identity--{}", "name": "Victim {}", "identity_class": "organization"}}"#,
            uuid(2, i),
            i % 1000
        ));
    }
    let relationship = |n: usize, from: String, to: String, extra: &str| {
        format!(
            r#"{{"type": "relationship", {stamp}, "id": "relationship--{}", "relationship_type": "targets",
              "source_ref": "{from}", "target_ref": "{to}"{extra}}}"#,
            uuid(3, n)
        )
    };
    let cites = r#", "confidence": 50, "start_time": "2024-05-17T00:00:00Z", "description": "A generated attack.(Citation: Shared Report)",
        "external_references": [{"source_name": "Shared Report", "description": "One report that every relationship cites.", "url": "https://example.org/shared-report"}]"#;
    let mut n = 0;
    for i in 0..victims {
        objects.push(relationship(
            n,
            format!("intrusion-set--{}", uuid(1, i % groups)),
            format!("identity--{}", uuid(2, i)),
            cites,
        ));
        n += 1;
    }
    for g in 1..groups {
        objects.push(relationship(
            n,
            format!("intrusion-set--{}", uuid(1, g)),
            format!("identity--{}", uuid(2, 0)),
            cites,
        ));
        n += 1;
    }
    for t in 0..techniques {
        objects.push(format!(
            r#"{{"type": "attack-pattern", {stamp}, "id": "attack-pattern--{}", "name": "Technique {t}"}}"#,
            uuid(4, t)
        ));
        objects.push(relationship(
            n,
            format!("intrusion-set--{}", uuid(1, 0)),
            format!("attack-pattern--{}", uuid(4, t)),
            "",
        ));
        n += 1;
    }
    objects.push(relationship(
        n,
        format!("intrusion-set--{}", uuid(1, 0)),
        format!("identity--{}", uuid(9, 0)),
        "",
    ));
    let listed: Vec<String> = (7..victims)
        .step_by(1000)
        .map(|i| format!(r#""relationship--{}""#, uuid(3, i)))
        .collect();
    objects.push(format!(
        r#"{{"type": "report", {stamp}, "id": "report--{}", "name": "Generated report", "published": "2024-06-02T00:00:00Z",
          "object_refs": [{}]}}"#,
        uuid(5, 0),
        listed.join(", ")
    ));
    format!(
        r#"{{"type": "bundle", "id": "bundle--{}", "objects": [{}]}}"#,
        uuid(6, 0),
        objects.join(",\n")
    )
}

#[test]
fn stix_large_generated_bundle_imports_every_targets_relationship() {
    const GROUPS: usize = 40;
    const VICTIMS: usize = 32_000;
    const TECHNIQUES: usize = 1_000;
    let text = generated_bundle(GROUPS, VICTIMS, TECHNIQUES);
    let imported = stix::import(&text, "generated.json").unwrap();
    let data = &imported.dataset;
    assert_eq!(data.groups.len(), GROUPS);
    assert_eq!(data.organisations.len(), VICTIMS);
    assert_eq!(data.incidents.len(), VICTIMS, "one incident per identity");
    let claims: usize = data.incidents.iter().map(|i| i.claims.len()).sum();
    assert_eq!(claims, VICTIMS + GROUPS - 1, "one claim per relationship");

    let shared_report = source_at(data, "https://example.org/shared-report");
    let report = data
        .sources
        .iter()
        .find(|s| s.title == "Generated report")
        .unwrap();
    // (A map: `Dataset::organisation` scans a data set that was not loaded from text.)
    let organisations: std::collections::HashMap<&str, &str> = data
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    // Incidents come in the order their identities are first targeted: identity i is
    // incidents[i]; ids are numbered in that order as names repeat.
    for (i, incident) in data.incidents.iter().enumerate() {
        let victim = match i / 1000 {
            0 => format!("victim-{}", i % 1000),
            k => format!("victim-{}-{}", i % 1000, k + 1),
        };
        assert_eq!(incident.victims.len(), 1, "incident {i}");
        assert_eq!(incident.victims[0], victim, "incident {i}");
        assert!(incident.thin);
        assert_eq!(
            incident.claims[0].group,
            format!("generated-group-{}", i % GROUPS),
            "incident {i}"
        );
        assert_eq!(incident.claims[0].stance, Stance::Suspected);
        assert_eq!(incident.claims[0].source, shared_report.id);
        assert_eq!(incident.summary, "A generated attack.");
        assert_eq!(
            incident.sources.contains(&report.id),
            i % 1000 == 7,
            "incident {i} and the report"
        );
        assert_eq!(
            organisations[victim.as_str()],
            format!("Victim {}", i % 1000)
        );
    }
    let first = &data.incidents[0];
    assert_eq!(first.claims.len(), GROUPS, "every group targets identity 0");
    let names: Vec<String> = (0..GROUPS - 1)
        .map(|g| format!("Generated Group {g}"))
        .collect();
    assert_eq!(
        first.title,
        format!(
            "Victim 0: attack linked to {} and Generated Group {}",
            names.join(", "),
            GROUPS - 1
        )
    );
    for expected in [
        format!("imported {GROUPS} groups, {VICTIMS} organisations, {VICTIMS} incidents"),
        format!(
            "left out {TECHNIQUES} targets relationships from a intrusion-set to a attack-pattern"
        ),
        format!("left out objects of other types: {TECHNIQUES} attack-pattern"),
        "left out 1 relationship whose other end is not in the bundle".to_string(),
        "citations: 1 work resolved".to_string(),
    ] {
        assert!(
            imported.notes.iter().any(|n| n.contains(&expected)),
            "{expected}: {:?}",
            imported.notes
        );
    }
}
