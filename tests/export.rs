//! `incident-explorer export`: the filter, the search, and the JSON, CSV and Markdown output,
//! on the bundled data and on imported data.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use incident_explorer::data::write::to_ron_string;
use incident_explorer::data::{Dataset, Incident, Stance, load_bundled, load_str};
use incident_explorer::export::{
    self, CSV_COLUMNS, Format, IncidentFilter, ReportHeading, parse_stance, resolve_group, select,
};
use incident_explorer::import::hibp::{self, CREDIT, HibpOptions};
use incident_explorer::search::{SearchIndex, Searcher};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

fn bundled() -> Arc<Dataset> {
    Arc::new(load_bundled().unwrap_or_else(|e| panic!("{e}")).dataset)
}

fn ids(data: &Dataset, selected: &[usize]) -> Vec<String> {
    selected
        .iter()
        .map(|&i| data.incidents[i].id.to_string())
        .collect()
}

fn kept(data: &Dataset, filter: &IncidentFilter) -> Vec<String> {
    ids(data, &select(&Arc::new(data.clone()), None, filter))
}

fn victims_sectors(data: &Dataset, incident: &Incident) -> Vec<String> {
    incident
        .victims
        .iter()
        .filter_map(|v| data.organisation(v)?.sector.as_deref().map(str::to_string))
        .collect()
}

#[test]
fn an_empty_filter_keeps_every_incident_in_file_order() {
    let data = bundled();
    let all: Vec<String> = data.incidents.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(kept(&data, &IncidentFilter::default()), all);
    assert!(IncidentFilter::default().is_empty());
}

#[test]
fn filters_by_group_and_stance_on_the_same_claim() {
    let data = bundled();
    let shiny = IncidentFilter {
        group: Some("shinyhunters".into()),
        ..IncidentFilter::default()
    };
    let found = kept(&data, &shiny);
    assert!(!found.is_empty());
    for id in &found {
        let incident = data.incident(id).unwrap();
        assert!(incident.claims.iter().any(|c| c.group == "shinyhunters"));
    }
    assert!(!found.contains(&"maxis-2024".to_string()));

    let disputed = IncidentFilter {
        stance: Some(Stance::Disputed),
        ..IncidentFilter::default()
    };
    assert!(kept(&data, &disputed).contains(&"maxis-2024".to_string()));
    let shiny_disputed = IncidentFilter {
        stance: Some(Stance::Disputed),
        ..shiny
    };
    assert!(
        kept(&data, &shiny_disputed).is_empty(),
        "no claim is both about ShinyHunters and disputed"
    );
}

#[test]
fn filters_by_victim_sector_and_country_ignoring_case() {
    let data = bundled();
    let aviation = IncidentFilter {
        sector: Some("AVIATION".into()),
        ..IncidentFilter::default()
    };
    let found = kept(&data, &aviation);
    assert!(found.contains(&"air-france-klm-2025".to_string()));
    for id in &found {
        let sectors = victims_sectors(&data, data.incident(id).unwrap());
        assert!(
            sectors
                .iter()
                .any(|s| s.to_lowercase().contains("aviation"))
        );
    }
    let malaysia = IncidentFilter {
        country: Some("malaysia".into()),
        ..IncidentFilter::default()
    };
    let found = kept(&data, &malaysia);
    assert!(found.contains(&"maxis-2024".to_string()));
    assert!(!found.contains(&"air-france-klm-2025".to_string()));
    let both = IncidentFilter {
        sector: Some("telecom".into()),
        country: Some("Malaysia".into()),
        ..IncidentFilter::default()
    };
    assert_eq!(kept(&data, &both), ["maxis-2024"]);
}

#[test]
fn year_filters_respect_year_ranges_and_skip_undated_incidents() {
    let data = bundled();
    // The Kaspersky hack is dated "2009/2010": it reaches both years.
    for filter in [
        IncidentFilter {
            since: Some(2010),
            until: Some(2010),
            ..IncidentFilter::default()
        },
        IncidentFilter {
            until: Some(2009),
            ..IncidentFilter::default()
        },
    ] {
        assert!(
            kept(&data, &filter).contains(&"kaspersky-website-hack".to_string()),
            "{filter:?}"
        );
    }
    let since_2025 = IncidentFilter {
        since: Some(2025),
        ..IncidentFilter::default()
    };
    for id in kept(&data, &since_2025) {
        assert!(data.incident(&id).unwrap().date.unwrap().year >= 2025);
    }
    let mut undated = (*data).clone();
    undated.incidents[0].date = None;
    let any_year = IncidentFilter {
        since: Some(1900),
        ..IncidentFilter::default()
    };
    assert!(!any_year.matches(&undated, &undated.incidents[0]));
}

#[test]
fn a_query_uses_the_apps_search_and_its_order() {
    let data = bundled();
    let selected = select(&data, Some("octo tempest"), &IncidentFilter::default());
    let mut searcher = Searcher::new(Arc::new(SearchIndex::build(Arc::clone(&data))));
    let expected: Vec<usize> = searcher
        .run("octo tempest")
        .hits
        .iter()
        .map(|h| h.incident as usize)
        .collect();
    assert!(!selected.is_empty());
    assert_eq!(selected, expected);
    for &i in &selected {
        assert!(
            data.incidents[i]
                .claims
                .iter()
                .any(|c| c.group == "scattered-spider"),
            "{}",
            data.incidents[i].id
        );
    }
    // Filters narrow the hits, keeping their order.
    let narrowed = select(
        &data,
        Some("octo tempest"),
        &IncidentFilter {
            since: Some(2025),
            ..IncidentFilter::default()
        },
    );
    let kept_in_order: Vec<usize> = expected
        .iter()
        .copied()
        .filter(|&i| data.incidents[i].date.is_some_and(|d| d.year >= 2025))
        .collect();
    assert_eq!(narrowed, kept_in_order);
}

#[test]
fn groups_and_stances_are_resolved_from_what_people_type() {
    let data = bundled();
    assert_eq!(
        resolve_group(&data, "shinyhunters").unwrap(),
        "shinyhunters"
    );
    assert_eq!(
        resolve_group(&data, "Octo Tempest").unwrap(),
        "scattered-spider"
    );
    assert_eq!(resolve_group(&data, "r00tk1t").unwrap(), "r00tk1t");
    let unknown = resolve_group(&data, "nobody").unwrap_err();
    assert!(unknown.contains("known:"), "{unknown}");
    assert_eq!(parse_stance("Suspected"), Ok(Stance::Suspected));
    assert!(parse_stance("suspect").unwrap_err().contains("suspected"));
}

#[test]
fn json_is_a_valid_data_set_of_the_selection() {
    let data = bundled();
    let selected = select(
        &data,
        None,
        &IncidentFilter {
            group: Some("r00tk1t".into()),
            ..IncidentFilter::default()
        },
    );
    let json = export::to_json(&data, &selected);
    let subset: Dataset = serde_json::from_str(&json).unwrap();
    assert_eq!(
        subset
            .incidents
            .iter()
            .map(|i| i.id.clone())
            .collect::<Vec<_>>(),
        ids(&data, &selected)
    );
    assert!(subset.group("r00tk1t").is_some());
    assert!(subset.group("shinyhunters").is_none());
    // Everything it refers to is in it: it loads as a data file of its own.
    let text = to_ron_string(&subset, None);
    let loaded = load_str(&text, "subset").unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.dataset, subset);
}

#[test]
fn csv_has_a_header_and_one_row_per_incident() {
    let data = bundled();
    let selected = select(&data, None, &IncidentFilter::default());
    let csv_text = export::to_csv(&data, &selected);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), selected.len());
    let maxis = rows.iter().find(|r| &r[0] == "maxis-2024").unwrap();
    assert_eq!(&maxis[3], "February 2024 (month only)");
    assert_eq!(&maxis[4], "Maxis");
    assert!(
        maxis[8].contains("R00TK1T: claimed by R00TK1T"),
        "{}",
        &maxis[8]
    );
    assert!(maxis[8].contains("disputed by Maxis"), "{}", &maxis[8]);
}

#[test]
fn csv_cells_cannot_run_as_spreadsheet_formulas() {
    let mut data = (*bundled()).clone();
    data.incidents[0].title = "=HYPERLINK(\"http://example.org\")".into();
    let csv_text = export::to_csv(&data, &[0]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "'=HYPERLINK(\"http://example.org\")");
}

#[test]
fn markdown_gives_dates_in_words_victims_claims_and_sources() {
    let data = bundled();
    let selected = select(
        &data,
        None,
        &IncidentFilter {
            country: Some("Malaysia".into()),
            ..IncidentFilter::default()
        },
    );
    let heading = ReportHeading {
        file: "incidents.ron".into(),
        query: None,
        conditions: IncidentFilter {
            country: Some("Malaysia".into()),
            ..IncidentFilter::default()
        }
        .describe(&data),
    };
    let markdown = export::to_markdown(&data, &selected, &heading);
    assert!(markdown.starts_with("# Incidents\n"), "{markdown}");
    assert!(
        markdown.contains("filtered by country Malaysia"),
        "{markdown}"
    );
    for &i in &selected {
        assert!(markdown.contains(data.incidents[i].title.as_str()));
    }
    assert!(
        markdown.contains("February 2024 (month only)"),
        "{markdown}"
    );
    assert!(markdown.contains("Maxis"));
    assert!(markdown.contains("**claimed** by R00TK1T"), "{markdown}");
    assert!(markdown.contains("**disputed** by Maxis"), "{markdown}");
    assert!(markdown.contains("iTnews Asia"), "{markdown}");
    assert_eq!(
        export::render(&data, &selected, Format::Markdown, &heading),
        markdown
    );
}

#[test]
fn exported_hibp_data_carries_its_credit() {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("hibp-small.json")).unwrap();
    let imported = hibp::import(&text, "hibp-small.json", &HibpOptions::default()).unwrap();
    let data = Arc::new(imported.dataset);
    let all = select(&data, None, &IncidentFilter::default());
    let heading = ReportHeading {
        file: "hibp.ron".into(),
        ..ReportHeading::default()
    };
    for format in [Format::Json, Format::Csv, Format::Markdown] {
        let output = export::render(&data, &all, format, &heading);
        // In Markdown the credit is text like any other: its address is escaped so that
        // no renderer makes a link of it, and it reads the same once rendered.
        let credit = match format {
            Format::Markdown => incident_explorer::data::markdown::text(CREDIT),
            _ => CREDIT.to_string(),
        };
        assert!(output.contains(&credit), "{format:?}: {output}");
    }
}

#[test]
fn the_export_command_writes_to_a_file_or_standard_output() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("report.csv");
    let status = Command::new(BIN)
        .args([
            "export",
            "--format",
            "csv",
            "--group",
            "Octo Tempest",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let data = bundled();
    let expected = export::to_csv(
        &data,
        &select(
            &data,
            None,
            &IncidentFilter {
                group: Some("scattered-spider".into()),
                ..IncidentFilter::default()
            },
        ),
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);

    let stdout = Command::new(BIN)
        .args([
            "export", "-f", "json", "--query", "maxis", "--stance", "disputed",
        ])
        .output()
        .unwrap();
    assert!(stdout.status.success());
    let subset: Dataset = serde_json::from_slice(&stdout.stdout).unwrap();
    assert!(subset.incident("maxis-2024").is_some());

    let bad = Command::new(BIN)
        .args(["export", "-f", "markdown", "--group", "nobody"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no group \"nobody\""));
    let missing = Command::new(BIN)
        .args(["export", "-f", "markdown", "no-such-file.ron"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
}
