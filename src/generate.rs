//! Synthetic data sets for benchmarks and stress tests: `incident-explorer generate N`.
//!
//! The data is made up and says so (sources are "Synthetic"); its shape follows the real
//! file: shared organisations, groups with aliases, partial dates, claims with stances.

use std::path::Path;
use std::process::ExitCode;

use crate::data::write::write_file_atomic_with;
use crate::data::{
    Alias, Claim, Dataset, Fact, Group, GroupKind, Incident, Organisation, PartialDate, Source,
    Stance, ThirdParty,
};

const SYLLABLES: [&str; 24] = [
    "ka", "ro", "mi", "ten", "vor", "lux", "zan", "pel", "qua", "dri", "sol", "nex", "tor", "bel",
    "kin", "ash", "orb", "vel", "cyr", "dun", "fal", "gar", "hex", "ion",
];
const SUFFIXES: [&str; 12] = [
    "Air",
    "Bank",
    "Telecom",
    "Health",
    "Retail",
    "Energy",
    "Logistics",
    "Insurance",
    "Media",
    "Systems",
    "Foods",
    "Motors",
];
const SECTORS: [&str; 16] = [
    "Aviation",
    "Banking",
    "Telecommunications",
    "Healthcare",
    "Retail",
    "Energy",
    "Logistics",
    "Insurance",
    "Media",
    "Technology",
    "Food",
    "Automotive",
    "Education",
    "Government",
    "Luxury goods",
    "Hospitality",
];
const COUNTRIES: [&str; 20] = [
    "Malaysia",
    "Thailand",
    "France",
    "Netherlands",
    "Australia",
    "Canada",
    "United States",
    "Germany",
    "Denmark",
    "United Kingdom",
    "Japan",
    "Brazil",
    "India",
    "Singapore",
    "Spain",
    "Italy",
    "Mexico",
    "South Africa",
    "Sweden",
    "Indonesia",
];
const DATA_TYPES: [&str; 16] = [
    "names",
    "email addresses",
    "phone numbers",
    "postal addresses",
    "dates of birth",
    "passwords",
    "payment card data",
    "passport numbers",
    "loyalty numbers",
    "travel details",
    "medical records",
    "account balances",
    "IP addresses",
    "support tickets",
    "employee records",
    "source code",
];
const TAGS: [&str; 16] = [
    "third-party",
    "insider",
    "ransomware",
    "phishing",
    "saas",
    "cloud",
    "defacement",
    "extortion",
    "credential-stuffing",
    "misattribution",
    "disclosure",
    "supply-chain",
    "vishing",
    "crm",
    "airline",
    "telecom",
];
const VECTORS: [&str; 6] = [
    "a phishing call to the help desk",
    "a vulnerability in an internet-facing application",
    "stolen credentials for a cloud platform",
    "an insider with legitimate access",
    "a compromised vendor account",
    "a misconfigured storage bucket",
];

fn name(rng: &mut fastrand::Rng, syllables: usize) -> String {
    let mut word: String = (0..syllables)
        .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
        .collect();
    if let Some(first) = word.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    word
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn date(rng: &mut fastrand::Rng) -> PartialDate {
    let year = rng.i32(2005..=2025);
    let month = rng.u8(1..=12);
    match rng.u8(0..10) {
        0..=2 => PartialDate::year(year),
        3..=6 => PartialDate::month(year, month),
        _ => PartialDate::day(year, month, rng.u8(1..=28)),
    }
}

/// Builds a synthetic data set of `count` incidents; the same seed gives the same data.
pub fn synthetic(count: usize, seed: u64) -> Dataset {
    let mut rng = fastrand::Rng::with_seed(seed);
    let sources: Vec<Source> = (0..20)
        .map(|i| Source {
            id: format!("synthetic-{i}").into(),
            outlet: "Synthetic".into(),
            title: format!("Generated report {i}").into(),
            date: Some(PartialDate::year(2025)),
            url: None,
            note: Some("Made up by `incident-explorer generate`; not a real source.".into()),
        })
        .collect();
    let group_count = (count / 500).clamp(10, 2_000);
    let groups: Vec<Group> = (0..group_count)
        .map(|i| Group {
            id: format!("group-{i}").into(),
            name: format!(
                "{} {}",
                name(&mut rng, 2),
                pick(&mut rng, &["Spider", "Hunters", "Team", "Crew", "Kit"])
            )
            .into(),
            kind: [
                GroupKind::Criminal,
                GroupKind::Hacktivist,
                GroupKind::StateLinked,
                GroupKind::Unknown,
            ][i % 4],
            aliases: (0..rng.usize(0..4))
                .map(|a| Alias {
                    name: format!("UNC{}{a}", 1000 + i).into(),
                    coined_by: Some("Synthetic vendor".into()),
                    source: None,
                })
                .collect(),
            description: "A generated group.".into(),
            sources: vec![sources[i % sources.len()].id.clone()],
            ..Group::default()
        })
        .collect();
    let organisation_count = (count / 5).clamp(50, 200_000);
    let organisations: Vec<Organisation> = (0..organisation_count)
        .map(|i| Organisation {
            id: format!("org-{i}").into(),
            name: format!(
                "{} {}",
                name(&mut rng, 2 + i % 2),
                pick(&mut rng, &SUFFIXES)
            )
            .into(),
            sector: Some(pick(&mut rng, &SECTORS).into()),
            country: Some(pick(&mut rng, &COUNTRIES).into()),
            ..Organisation::default()
        })
        .collect();
    let incidents = (0..count)
        .map(|i| {
            let victim = rng.usize(..organisation_count);
            let source = sources[rng.usize(..sources.len())].id.clone();
            let victim_name = organisations[victim].name.clone();
            let noun = pick(
                &mut rng,
                &[
                    "data breach",
                    "ransomware attack",
                    "data leak",
                    "account takeover",
                    "extortion",
                ],
            );
            let claims = (0..rng.usize(0..3))
                .map(|_| Claim {
                    group: groups[rng.usize(..group_count)].id.clone(),
                    stance: Stance::ALL[rng.usize(..Stance::ALL.len())],
                    by: pick(
                        &mut rng,
                        &["Researchers", "The victim", "The group", "Police"],
                    )
                    .into(),
                    date: None,
                    source: source.clone(),
                    note: None,
                })
                .collect();
            Incident {
                id: format!("incident-{i}").into(),
                title: format!("{victim_name} {noun}").into(),
                date: Some(date(&mut rng)),
                summary: format!(
                    "{victim_name} reported unauthorised access to its systems through {}. \
                     The investigation is ongoing and customers were told to watch for phishing.",
                    pick(&mut rng, &VECTORS)
                )
                .into(),
                victims: vec![format!("org-{victim}").into()],
                third_parties: (0..rng.usize(0..2))
                    .map(|_| ThirdParty {
                        organisation: format!("org-{}", rng.usize(..organisation_count)).into(),
                        role: "service provider".into(),
                        source: None,
                    })
                    .collect(),
                data_exposed: (0..rng.usize(1..4))
                    .map(|_| Fact {
                        text: pick(&mut rng, &DATA_TYPES).into(),
                        ..Fact::default()
                    })
                    .collect(),
                claims,
                sources: vec![source],
                tags: (0..rng.usize(1..3))
                    .map(|_| pick(&mut rng, &TAGS).into())
                    .collect(),
                ..Incident::default()
            }
        })
        .collect();
    let mut data = Dataset {
        sources,
        groups,
        organisations,
        incidents,
        ..Dataset::default()
    };
    data.reindex();
    data
}

/// Writes a data set as RON; kept here for callers that used it from this module.
pub use crate::data::write::write_ron;

/// The `generate` command.
pub fn run(count: usize, out: Option<&Path>, seed: u64) -> ExitCode {
    let data = synthetic(count, seed);
    let written = match out {
        Some(path) => write_file_atomic_with(path, |file| write_ron(&data, file)),
        None => write_ron(&data, std::io::stdout().lock()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let target = out.map_or_else(
                || "standard output".to_string(),
                |p| p.display().to_string(),
            );
            eprintln!(
                "error: cannot write {target}: {error}\n  = hint: check the folder exists and is writable"
            );
            ExitCode::FAILURE
        }
    }
}
