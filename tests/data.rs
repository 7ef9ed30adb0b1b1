//! The data file: the bundled set loads and is true to its sources; every kind of error in
//! a file is reported with its line, column and a hint; hostile text is cleaned.

mod common;

use std::path::Path;

use incident_explorer::data::{
    self, Diagnostic, LoadError, Severity, Stance, load_bundled, load_bytes, load_file, load_str,
};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
}

fn errors_of(name: &str) -> Vec<Diagnostic> {
    let error: LoadError = load_file(&fixture(name)).expect_err("the fixture must not load");
    error.errors().cloned().collect()
}

/// Asserts the file's only error: its message, line and column.
fn assert_single_error(name: &str, message: &str, line: usize, column: usize) {
    let errors = errors_of(name);
    assert_eq!(
        errors.len(),
        1,
        "{name}: expected one error, got {errors:#?}"
    );
    let error = &errors[0];
    assert!(
        error.message.contains(message),
        "{name}: message was {:?}",
        error.message
    );
    let at = error.location.as_ref().expect("a located error");
    assert_eq!(
        (at.line, at.column),
        (line, column),
        "{name}: wrong position\n{error}"
    );
    assert!(!error.hint.is_empty(), "{name}: every error has a hint");
    assert!(error.file.ends_with(name));
}

#[test]
fn the_bundled_data_loads_without_errors_or_warnings() {
    let loaded = load_bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let data = loaded.dataset;
    assert!(data.incidents.len() >= 15);
    for group in [
        "r00tk1t",
        "shinyhunters",
        "scattered-spider",
        "goquo-insiders",
    ] {
        assert!(data.group(group).is_some(), "group {group} missing");
    }
}

#[test]
fn the_bundled_data_holds_every_incident_the_sources_name() {
    let data = load_bundled().unwrap().dataset;
    for id in [
        "lion-group-leak-2019",
        "kaspersky-website-hack",
        "maxis-2024",
        "aminia-2024",
        "yoututor-2024",
        "air-france-klm-2025",
        "google-salesforce-2025",
        "qantas-2025",
        "allianz-2025",
        "dior-2025",
        "chanel-2025",
        "pandora-2025",
        "hawaiian-airlines-2025",
        "westjet-2025",
        "snowflake-customers-2024",
    ] {
        assert!(data.incident(id).is_some(), "incident {id} missing");
    }
    let yoututor = data.incident("yoututor-2024").unwrap();
    assert!(
        yoututor.records.iter().any(|r| r.count == 1886),
        "YouTutor's 1,886 rows"
    );
    // Qantas has two suspects; Maxis disputes R00TK1T's claim.
    let qantas = data.incident("qantas-2025").unwrap();
    let mut suspects: Vec<&str> = qantas.claims.iter().map(|c| c.group.as_str()).collect();
    suspects.dedup();
    assert_eq!(suspects.len(), 2, "{suspects:?}");
    let maxis = data.incident("maxis-2024").unwrap();
    assert!(
        maxis
            .claims
            .iter()
            .any(|c| c.stance == Stance::Claimed && c.group == "r00tk1t")
    );
    assert!(maxis.claims.iter().any(|c| c.stance == Stance::Disputed));
    // Victims that only appear by name are marked thin, with no invented detail.
    for id in ["dior-2025", "chanel-2025", "pandora-2025"] {
        let incident = data.incident(id).unwrap();
        assert!(incident.thin, "{id} should be thin");
        assert!(
            incident.records.is_empty(),
            "{id} must not invent a record count"
        );
        assert!(
            incident.date.is_none_or(|d| d.day.is_none()),
            "{id} must not invent a day"
        );
    }
    // The undated IT PRO article gives a range, not a made-up year.
    let kaspersky = data.incident("kaspersky-website-hack").unwrap();
    assert!(kaspersky.date.is_some_and(|d| d.year_is_uncertain()));
}

#[test]
fn every_source_article_is_cited_by_an_incident() {
    let data = load_bundled().unwrap().dataset;
    let Some(sources_dir) = common::shared_path("sources") else {
        return;
    };
    let entries = std::fs::read_dir(&sources_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", sources_dir.display()));
    let articles: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    assert_eq!(articles.len(), 5, "{articles:?}");
    // Each article, by the headline words the data's source titles carry.
    let expected = [
        ("000_", "am-2019-09-kaspersky-denies"),
        ("001_", "am-2019-09-malindo-goquo"),
        ("002_", "itnews-2024-02-maxis"),
        ("003_", "itpro-kaspersky-site-hack"),
        ("004_", "register-2025-08-air-france-klm"),
    ];
    for (prefix, source) in expected {
        assert!(
            articles.iter().any(|a| a.starts_with(prefix)),
            "article {prefix} missing"
        );
        assert!(
            data.source(source).is_some(),
            "source {source} is not in the data"
        );
        let citing = data
            .incidents
            .iter()
            .filter(|i| i.sources.iter().any(|s| s == source))
            .count();
        assert!(citing > 0, "no incident cites {source}");
    }
}

#[test]
fn check_summary_counts_claims_by_stance() {
    let data = load_bundled().unwrap().dataset;
    let summary = data::Summary::of(&data);
    assert_eq!(summary.incidents, data.incidents.len());
    let total: usize = data.incidents.iter().map(|i| i.claims.len()).sum();
    assert_eq!(summary.claims(), total);
    let text = summary.to_string();
    assert!(text.contains("suspected"), "{text}");
    assert!(text.contains("disputed"), "{text}");
}

#[test]
fn an_unknown_group_is_reported_where_it_is_written() {
    assert_single_error("unknown_group.ron", "unknown group \"rootkit\"", 10, 30);
    let error = &errors_of("unknown_group.ron")[0];
    assert!(
        error.hint.contains("\"r00tk1t\""),
        "the hint lists known groups: {}",
        error.hint
    );
}

#[test]
fn an_unknown_organisation_is_reported() {
    assert_single_error(
        "unknown_organisation.ron",
        "unknown organisation \"maxxis\"",
        9,
        23,
    );
}

#[test]
fn an_unknown_source_is_reported() {
    assert_single_error("unknown_source.ron", "unknown source \"s2\"", 10, 81);
}

#[test]
fn a_claim_without_a_source_is_an_error() {
    assert_single_error("claim_without_source.ron", "has no source", 10, 22);
}

#[test]
fn a_duplicate_id_is_reported_at_the_second_use() {
    assert_single_error("duplicate_id.ron", "duplicate id \"maxis\"", 4, 56);
}

#[test]
fn an_empty_required_field_is_reported() {
    assert_single_error("empty_title.ron", "the title is empty", 8, 20);
}

#[test]
fn an_impossible_date_is_reported() {
    assert_single_error(
        "impossible_date.ron",
        "day 30 does not exist in February 2024",
        8,
        20,
    );
}

#[test]
fn a_misspelt_stance_lists_the_stances() {
    assert_single_error("unknown_stance.ron", "Claimd", 10, 49);
    let error = &errors_of("unknown_stance.ron")[0];
    assert!(error.message.contains("Suspected"));
}

#[test]
fn an_unknown_field_is_reported() {
    assert_single_error(
        "unknown_field.ron",
        "Unexpected field named `victim`",
        9,
        13,
    );
}

#[test]
fn a_syntax_error_shows_the_line_with_a_caret() {
    assert_single_error("missing_comma.ron", "Expected comma", 10, 13);
    let rendered = errors_of("missing_comma.ron")[0].to_string();
    let lines: Vec<&str> = rendered.lines().collect();
    assert!(lines[1].ends_with("missing_comma.ron:10:13"), "{rendered}");
    assert!(
        lines[3].starts_with("10 |             claims:"),
        "{rendered}"
    );
    let caret = lines[4].find('^').expect("a caret line");
    assert_eq!(
        caret,
        lines[3].find("claims").unwrap(),
        "the caret is under the column:\n{rendered}"
    );
    assert!(lines[5].contains("hint:"), "{rendered}");
}

#[test]
fn a_file_cut_short_is_an_error_not_a_panic() {
    let errors = errors_of("unterminated.ron");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].location.is_some());
}

#[test]
fn an_empty_file_says_so() {
    assert_single_error("empty.ron", "the file is empty", 1, 1);
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let errors = errors_of("several_errors.ron");
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errors.len(), 3, "{messages:#?}");
    assert!(messages[0].contains("title is empty"));
    assert!(messages[1].contains("unknown organisation"));
    assert!(messages[2].contains("unknown group"));
    // In file order.
    let lines: Vec<usize> = errors
        .iter()
        .map(|e| e.location.as_ref().unwrap().line)
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn a_missing_file_names_the_file_and_what_to_do() {
    let error = load_file(Path::new("/nonexistent/incidents.ron")).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("/nonexistent/incidents.ron"), "{text}");
    assert!(text.contains("hint:"), "{text}");
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = b"(\n    sources: [(id: \"s\", outlet: \"".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\")],\n)");
    let error = load_bytes(&bytes, "bad.ron").unwrap_err();
    let first = error.errors().next().unwrap();
    assert!(
        first.message.contains("not valid UTF-8"),
        "{}",
        first.message
    );
    let at = first.location.as_ref().unwrap();
    assert_eq!(
        (at.line, at.column),
        (2, 34),
        "the column of the first bad byte"
    );
}

const HOSTILE: &str = r#"(
    sources: [(id: "s", outlet: "Out\u{1b}[2Jlet", title: "\u{1b}]0;pwned\u{7}Title")],
    groups: [(id: "g", name: "Evil\u{202E}puorG", aliases: [(name: "\u{1b}]52;c;aGk=\u{7}Alias")])],
    organisations: [(id: "o", name: "Victim\u{9b}31m Corp")],
    incidents: [(
        id: "i",
        title: "\u{1b}]8;;https://evil.example\u{1b}\\Click\u{1b}]8;;\u{1b}\\ me",
        summary: "Line one\nline two\u{7}",
        victims: ["o"],
        claims: [(group: "g", stance: Claimed, by: "\u{1b}[31mG", source: "s")],
        sources: ["s"],
    )],
)"#;

#[test]
fn hostile_text_is_cleaned_at_load() {
    let data = load_str(HOSTILE, "hostile.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    assert_eq!(data.sources[0].outlet, "Outlet");
    assert_eq!(data.sources[0].title, "Title");
    assert_eq!(data.groups[0].name, "EvilpuorG");
    assert_eq!(data.groups[0].aliases[0].name, "Alias");
    assert_eq!(data.organisations[0].name, "Victim Corp");
    assert_eq!(data.incidents[0].title, "Click me");
    assert_eq!(data.incidents[0].summary, "Line one line two");
    assert_eq!(data.incidents[0].claims[0].by, "G");
    let mut dirty = Vec::new();
    let mut data = data;
    data.for_each_text_mut(&mut |text| {
        if text
            .chars()
            .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c))
        {
            dirty.push(text.clone());
        }
    });
    assert!(dirty.is_empty(), "{dirty:?}");
}

#[test]
fn a_diagnostic_never_echoes_escape_sequences_from_the_file() {
    let text = "(\n    sources: [(id: \"s\", outlet: \"\u{1b}]0;owned\u{7}\", titl: \"x\")],\n)";
    let error = load_str(text, "evil.ron").unwrap_err();
    let rendered = error.to_string();
    assert!(!rendered.contains('\u{1b}'), "{rendered:?}");
    assert!(!rendered.contains('\u{7}'), "{rendered:?}");
}

#[test]
fn warnings_do_not_stop_loading() {
    let text = r#"(
        sources: [(id: "used", outlet: "O", title: "T"), (id: "unused", outlet: "O", title: "T")],
        organisations: [(id: "o", name: "O")],
        incidents: [(id: "i", title: "T", victims: ["o"], sources: ["used"])],
    )"#;
    let loaded = load_str(text, "warn.ron").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].severity, Severity::Warning);
    assert!(
        loaded.warnings[0]
            .message
            .contains("\"unused\" is never cited")
    );
}

/// A file big enough to take the parallel parsing path.
fn large_file() -> String {
    let data = incident_explorer::generate::synthetic(8_000, 7);
    let mut bytes = Vec::new();
    incident_explorer::data::write::write_ron(&data, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.len() > 4 << 20,
        "{} bytes is below the parallel threshold",
        text.len()
    );
    text
}

#[test]
fn a_large_file_parses_in_parallel_to_the_same_data() {
    let text = large_file();
    let parallel = load_str(&text, "large.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    // An attribute at the top keeps the file whole: the plain, sequential path.
    let sequential = load_str(&format!("#![enable(implicit_some)]\n{text}"), "large.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    assert_eq!(parallel.incidents.len(), 8_000);
    assert!(parallel == sequential, "both paths give the same data");
}

#[test]
fn an_error_deep_in_a_large_file_is_located_as_in_a_small_one() {
    let text = large_file();
    let target = "id: \"incident-6543\"";
    let at = text.find(target).expect("the incident");
    let broken = format!("{}id: 6543{}", &text[..at], &text[at + target.len()..]);
    let locate = |text: &str| {
        let error = load_str(text, "large.ron").unwrap_err();
        let diagnostic = error.errors().next().unwrap().clone();
        let location = diagnostic.location.clone().unwrap();
        (diagnostic, location.line, location.column)
    };
    let (diagnostic, line, column) = locate(&broken);
    assert_eq!(line, 1 + broken[..at].matches('\n').count(), "{diagnostic}");
    assert!(
        diagnostic.message.contains("Expected string"),
        "{}",
        diagnostic.message
    );
    // The plain path (kept whole by an attribute line) puts it at the same place.
    let (_, plain_line, plain_column) = locate(&format!("#![enable(implicit_some)]\n{broken}"));
    assert_eq!((line + 1, column), (plain_line, plain_column));
}

/// Large files on disk are read a block at a time; what they load to, and how their
/// problems are explained, must not differ from reading them whole.
#[test]
fn a_large_file_read_in_blocks_loads_and_explains_as_a_whole_one() {
    let text = large_file();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("large.ron");
    std::fs::write(&path, &text).unwrap();
    let from_disk = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let whole = load_str(&text, "large.ron").unwrap_or_else(|e| panic!("{e}"));
    assert!(from_disk.dataset == whole.dataset, "same data either way");
    assert_eq!(from_disk.dataset.incidents.len(), 8_000);
    assert_eq!(
        from_disk.dataset.organisation("org-5").map(|o| &o.name),
        whole.dataset.organisation("org-5").map(|o| &o.name),
        "lookups by id work on data read in blocks"
    );

    // A syntax error deep inside, and a reference that does not resolve: each is reported
    // exactly as for the file read whole, at the same line and column.
    let target = "id: \"incident-6543\"";
    let at = text.find(target).expect("the incident");
    let syntax = format!("{}id: 6543{}", &text[..at], &text[at + target.len()..]);
    let reference = text.replacen("victims: [\"org-", "victims: [\"nobody-", 1);
    for broken in [syntax, reference] {
        std::fs::write(&path, &broken).unwrap();
        let name = path.display().to_string();
        let on_disk = load_file(&path).expect_err("the file is broken");
        let in_memory = load_str(&broken, &name).expect_err("the text is broken");
        assert_eq!(on_disk.to_string(), in_memory.to_string());
        assert!(on_disk.errors().next().unwrap().location.is_some());
    }
}

/// The block reader cleans each incident as it reads it (the loader then leaves the
/// incidents alone): text that needs cleaning, written plainly or with escapes, comes out
/// exactly as from a file read whole.
#[test]
fn a_large_file_read_in_blocks_is_cleaned_as_a_whole_one() {
    let file = large_file();
    let (outside, incidents) = file.split_at(file.find("incidents: [").expect("the list"));
    let incidents = incidents
        .replacen(
            "title: \"",
            "title: \"Raw \u{1b}[2J  escape, \u{202e}bidi and  doubled  spaces ",
            3,
        )
        .replacen(
            "summary: \"",
            "summary: \"  Escaped \\u{1b}]0;pwned\\u{7} ",
            2,
        );
    let text = format!("{outside}{incidents}");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("large.ron");
    std::fs::write(&path, &text).unwrap();
    let from_disk = load_file(&path).unwrap_or_else(|e| panic!("{e}")).dataset;
    let whole = load_str(&text, "large.ron")
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    assert!(from_disk == whole, "same data either way");
    let first = &from_disk.incidents[0];
    assert!(
        first
            .title
            .starts_with("Raw escape, bidi and doubled spaces "),
        "{:?}",
        first.title
    );
    assert!(
        first.summary.starts_with("Escaped ")
            && !first.summary.contains('\u{1b}')
            && !first.summary.contains("  "),
        "{:?}",
        first.summary
    );
}

/// A tour step that names a section the detail has not, a mode off the relations screen, or
/// a filter value nobody has, is an error that says what would do.
#[test]
fn tour_steps_are_checked_for_what_they_set() {
    let bundled = incident_explorer::data::load::BUNDLED_DATA;
    let broken = bundled.replacen(
        "section: \"third parties\",",
        "section: \"third partys\",\n                    mode: Matrix,\n                    filters: [(facet: Stance, value: \"rumoured\")],",
        1,
    );
    assert_ne!(broken, bundled, "the fixture edit applies");
    let error = load_str(&broken, "tours.ron").unwrap_err();
    let messages: Vec<String> = error.errors().map(|d| d.to_string()).collect();
    let all = messages.join("\n");
    assert!(all.contains("unknown section \"third partys\""), "{all}");
    assert!(
        all.contains("\"through third parties\""),
        "the hint names the sections: {all}"
    );
    assert!(
        all.contains("a mode belongs to the Relations view"),
        "{all}"
    );
    assert!(all.contains("no stance filter \"rumoured\""), "{all}");
    assert_eq!(messages.len(), 3, "{all}");
}

/// A minified file (everything on one line) with ten thousand unknown organisations:
/// every one is reported, each at its own column of line 1, with the id under the caret.
#[test]
fn ten_thousand_problems_on_one_line_are_each_reported_where_they_are() {
    let incidents: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                r#"(id: "i{i}", title: "T", summary: "S", victims: ["nobody-{i}"], sources: ["s"])"#
            )
        })
        .collect();
    let text = format!(
        r#"(sources: [(id: "s", outlet: "O", title: "R")], groups: [], organisations: [], incidents: [{}])"#,
        incidents.join(", ")
    );
    assert!(!text.contains('\n'));
    let error = load_str(&text, "minified.ron").expect_err("unknown organisations");
    assert_eq!(error.diagnostics.len(), 10_000);
    let mut searched = 0;
    for (i, diagnostic) in error.diagnostics.iter().enumerate() {
        let at = diagnostic.location.as_ref().expect("a place");
        let id = format!("\"nobody-{i}\"");
        searched += text[searched..].find(&id).expect("the id is in the text");
        assert_eq!(at.line, 1);
        assert_eq!(at.column, searched + 1, "{diagnostic}");
        let under_caret: String = at
            .excerpt
            .chars()
            .skip(at.caret_offset)
            .take(id.len())
            .collect();
        assert_eq!(under_caret, id);
        assert!(diagnostic.message.contains(&id), "{}", diagnostic.message);
    }
}
