//! Synthetic data sets for benchmarks and stress tests: `incident-explorer generate N`.
//!
//! The data is made up and says so (sources are "Synthetic"); its shape follows the real
//! file: shared organisations, groups with aliases, partial dates, claims with stances.

use std::io::Write;

use rayon::prelude::*;
use std::process::ExitCode;
use thin_vec::thin_vec;

use crate::data::write::Destination;
use crate::data::{
    Alias, Claim, ClaimFields, Dataset, Fact, Group, GroupKind, Incident, Organisation,
    PartialDate, Source, Stance, ThirdParty,
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
    let shared = Shared::new(count, seed);
    let incidents = (0..count.div_ceil(INCIDENT_CHUNK))
        .into_par_iter()
        .flat_map_iter(|chunk| shared.incidents(chunk))
        .collect();
    let mut data = Dataset {
        sources: shared.sources,
        groups: shared.groups,
        organisations: shared.organisations,
        incidents,
        ..Dataset::default()
    };
    data.reindex();
    data
}

/// Writes the RON text of [`synthetic`]`(count, seed)` as it is made: a few chunks of
/// incidents are in memory at a time, made and written out on every core.
pub fn write_synthetic(count: usize, seed: u64, out: impl Write) -> std::io::Result<()> {
    use crate::data::write::{push_list_item, write_list, write_list_texts};
    let shared = Shared::new(count, seed);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    out.write_all(b"(\n")?;
    write_list(&mut out, "sources", &shared.sources)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "groups", &shared.groups)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "organisations", &shared.organisations)?;
    out.write_all(b"\n")?;
    // Incidents are made on a thread of their own (itself using every core) while this
    // one writes: the kernel's copying of a 700 MB file overlaps with making it.
    let chunks: Vec<usize> = (0..count.div_ceil(INCIDENT_CHUNK)).collect();
    let parallel = rayon::current_num_threads().max(1) * 2;
    let (texts, written) = std::sync::mpsc::sync_channel::<String>(parallel);
    std::thread::scope(|scope| {
        let shared = &shared;
        scope.spawn(move || {
            for some in chunks.chunks(parallel) {
                let made: Vec<String> = some
                    .par_iter()
                    .map(|&chunk| {
                        // Room for the whole chunk at once (an incident's text is about
                        // 740 bytes): grown by doubling, its 12 MB were copied over again.
                        let mut text = String::with_capacity(INCIDENT_CHUNK * 1024);
                        for incident in shared.incidents(chunk) {
                            push_list_item(&incident, &mut text);
                        }
                        text
                    })
                    .collect();
                for text in made {
                    if texts.send(text).is_err() {
                        // The writer stopped on an error; it reports it.
                        return;
                    }
                }
            }
        });
        write_list_texts(
            &mut out,
            "incidents",
            written.into_iter().map(|text| vec![text]),
        )
    })?;
    out.write_all(b"\n")?;
    write_list::<crate::data::Tour>(&mut out, "tours", &[])?;
    out.write_all(b")\n")?;
    out.flush()
}

impl Shared {
    /// The sources, groups and organisations for `count` incidents from `seed`.
    fn new(count: usize, seed: u64) -> Self {
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
        Shared {
            count,
            seed,
            sources,
            groups,
            organisations,
        }
    }

    /// The incidents of chunk number `chunk`: each chunk has its own seeded generator, so
    /// the cores share the work and the same seed still gives the same data.
    fn incidents(&self, chunk: usize) -> Vec<Incident> {
        let mut rng = fastrand::Rng::with_seed(
            self.seed ^ (chunk as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let first = chunk * INCIDENT_CHUNK;
        let last = (first + INCIDENT_CHUNK).min(self.count);
        (first..last).map(|i| incident(i, &mut rng, self)).collect()
    }
}

/// How many incidents one generator makes before the next chunk starts.
const INCIDENT_CHUNK: usize = 16_384;

/// What every incident draws from.
struct Shared {
    count: usize,
    seed: u64,
    sources: Vec<Source>,
    groups: Vec<Group>,
    organisations: Vec<Organisation>,
}

/// One synthetic incident, number `i`.
fn incident(i: usize, rng: &mut fastrand::Rng, shared: &Shared) -> Incident {
    let Shared {
        sources,
        groups,
        organisations,
        ..
    } = shared;
    let organisation_count = organisations.len();
    let group_count = groups.len();
    let victim = rng.usize(..organisation_count);
    let source = sources[rng.usize(..sources.len())].id.clone();
    let victim_name = organisations[victim].name.clone();
    let noun = pick(
        rng,
        &[
            "data breach",
            "ransomware attack",
            "data leak",
            "account takeover",
            "extortion",
        ],
    );
    let claims = (0..rng.usize(0..3))
        .map(|_| {
            Claim::from(ClaimFields {
                group: groups[rng.usize(..group_count)].id.clone(),
                stance: Stance::ALL[rng.usize(..Stance::ALL.len())],
                by: pick(rng, &["Researchers", "The victim", "The group", "Police"]).into(),
                date: None,
                source: source.clone(),
                note: None,
            })
        })
        .collect();
    Incident {
        id: format!("incident-{i}").into(),
        title: format!("{victim_name} {noun}").into(),
        date: Some(date(rng)),
        summary: format!(
            "{victim_name} reported unauthorised access to its systems through {}. \
             The investigation is ongoing and customers were told to watch for phishing.",
            pick(rng, &VECTORS)
        )
        .into(),
        victims: thin_vec![format!("org-{victim}").into()],
        third_parties: (0..rng.usize(0..2))
            .map(|_| ThirdParty {
                organisation: format!("org-{}", rng.usize(..organisation_count)).into(),
                role: "service provider".into(),
                source: None,
            })
            .collect(),
        data_exposed: (0..rng.usize(1..4))
            .map(|_| Fact::new(pick(rng, &DATA_TYPES)))
            .collect(),
        claims,
        sources: thin_vec![source],
        tags: (0..rng.usize(1..3))
            .map(|_| pick(rng, &TAGS).into())
            .collect(),
        ..Incident::default()
    }
}

/// Writes a data set as RON; kept here for callers that used it from this module.
pub use crate::data::write::write_ron;

/// The `generate` command: `count` incidents from `seed` to `out` (a new file unless
/// forced, or standard output).
pub fn run(count: usize, out: &Destination, seed: u64) -> ExitCode {
    let written = out
        .check(&[])
        .and_then(|()| out.write_with(|file| write_synthetic(count, seed, file)));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            crate::report::stderr(message);
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `generate` streams is the text of the data set `synthetic` builds, across
    /// several chunks, and it loads back as that data set.
    #[test]
    fn the_streamed_file_is_the_synthetic_data_set() {
        let count = INCIDENT_CHUNK * 2 + 5;
        let data = synthetic(count, 9);
        let mut whole = Vec::new();
        crate::data::write::write_ron(&data, &mut whole).unwrap();
        let mut streamed = Vec::new();
        write_synthetic(count, 9, &mut streamed).unwrap();
        assert!(whole == streamed, "the streamed text differs");
        let text = String::from_utf8(streamed).unwrap();
        let loaded = crate::data::load_str(&text, "generated").unwrap();
        assert_eq!(loaded.dataset.incidents.len(), count);
        assert_eq!(loaded.dataset, data);
    }

    #[test]
    fn the_same_seed_gives_the_same_data_and_another_seed_does_not() {
        assert_eq!(synthetic(500, 4), synthetic(500, 4));
        assert_ne!(synthetic(500, 4).incidents, synthetic(500, 5).incidents);
    }
}
