//! Several data files opened as one workspace: the curated set beside imports from VCDB,
//! HIBP, MISP or ATT&CK.
//!
//! - A group known in two files is one group: groups match when a name or alias of one
//!   folds (case and accents aside) to a name or alias of the other, so "R00tK1T" is
//!   "R00TK1T", and Scattered Spider from the curated file and from an ATT&CK import are one.
//!   The merged group keeps every alias, each with the file it came from.
//! - Organisations match the same way, by name and aliases.
//! - Sources with the same address are one source.
//! - Anything else whose id clashes with one already taken (incidents, tours, sources or
//!   groups that do not match) is kept apart under a new id, and every reference in its
//!   file follows: nothing is silently merged.
//! - Each incident remembers which file it came from ([`Provenance`]).

use std::collections::HashMap;
use std::path::PathBuf;

use super::Diagnostic;
use super::clean::shown_path;
use super::fold::fold;
use super::load::{LoadError, load_bundled, load_file_with};
use super::model::{Dataset, Incident, Provenance, Text};
use super::progress::Progress;

/// A merged workspace, with what the merge did.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The data of every file as one data set.
    pub dataset: Dataset,
    /// What was merged or renamed, one line each, for `check` and the app's notice.
    pub notes: Vec<String>,
}

/// The folded forms a group or an organisation is known by.
fn keys<'a>(name: &'a str, aliases: impl Iterator<Item = &'a str>) -> Vec<String> {
    std::iter::once(name)
        .chain(aliases)
        .map(|n| fold(n.trim()).to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

/// Old id → new id, for what a file's ids became in the workspace.
#[derive(Default)]
struct Renames {
    sources: HashMap<Text, Text>,
    groups: HashMap<Text, Text>,
    organisations: HashMap<Text, Text>,
    incidents: HashMap<Text, Text>,
}

fn renamed(map: &HashMap<Text, Text>, id: &mut Text) {
    if let Some(new) = map.get(id.as_str()) {
        *id = new.clone();
    }
}

fn renamed_option(map: &HashMap<Text, Text>, id: &mut Option<Text>) {
    if let Some(id) = id {
        renamed(map, id);
    }
}

/// Rewrites every reference in `incident` to the ids its file's things have now.
fn rename_references(incident: &mut Incident, renames: &Renames) {
    renamed(&renames.incidents, &mut incident.id);
    for victim in &mut incident.victims {
        renamed(&renames.organisations, victim);
    }
    for source in &mut incident.sources {
        renamed(&renames.sources, source);
    }
    for third_party in &mut incident.third_parties {
        renamed(&renames.organisations, &mut third_party.organisation);
        renamed_option(&renames.sources, &mut third_party.source);
    }
    for record in &mut incident.records {
        renamed_option(&renames.sources, &mut record.source);
    }
    for event in &mut incident.timeline {
        renamed_option(&renames.sources, &mut event.source);
    }
    for claim in &mut incident.claims {
        renamed(&renames.groups, &mut claim.group);
        renamed(&renames.sources, &mut claim.source);
    }
    let facts = incident
        .entry_vector
        .iter_mut()
        .map(|f| &mut **f)
        .chain(incident.data_exposed.iter_mut())
        .chain(incident.data_not_exposed.iter_mut())
        .chain(incident.response.iter_mut())
        .chain(incident.notes.iter_mut());
    for fact in facts {
        if let Some(source) = fact.source_mut() {
            renamed(&renames.sources, source);
        }
    }
}

/// An id not yet taken: `id`, else `id-FILE`, else `id-FILE-2`, and so on.
fn free_id(id: &str, file: &str, taken: &mut std::collections::HashSet<Text>) -> Text {
    let mut candidate: Text = id.into();
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = if n == 1 {
            format!("{id}-{file}").into()
        } else {
            format!("{id}-{file}-{n}").into()
        };
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// A file's name as a short id part: "vcdb" for "imports/vcdb.ron".
fn file_slug(name: &str) -> String {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map_or(name.to_string(), |s| s.to_string_lossy().to_string());
    let slug: String = fold(&stem)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() { "file".into() } else { slug }
}

/// Merges the data sets of several files, in the order given (the first file's names and
/// descriptions win where two files describe the same group).
pub fn merge(files: Vec<(String, Dataset)>) -> Merged {
    let mut merged = Dataset::default();
    let mut notes = Vec::new();
    let mut provenance = Provenance::default();
    let mut group_keys: HashMap<String, usize> = HashMap::new();
    let mut organisation_keys: HashMap<String, usize> = HashMap::new();
    let mut source_urls: HashMap<String, usize> = HashMap::new();
    let mut taken: [std::collections::HashSet<Text>; 5] = Default::default();
    let [
        source_ids,
        group_ids,
        organisation_ids,
        incident_ids,
        tour_ids,
    ] = &mut taken;
    for (file, (name, data)) in files.into_iter().enumerate() {
        let file_number = u16::try_from(file).unwrap_or(u16::MAX);
        let slug = file_slug(&name);
        provenance.files.push(name.as_str().into());
        let mut renames = Renames::default();
        for mut source in data.sources {
            let url = source.url.as_deref().map(|u| u.trim().to_string());
            if let Some(&existing) = url.as_ref().and_then(|u| source_urls.get(u)) {
                let id = merged.sources[existing].id.clone();
                renames.sources.insert(source.id.clone(), id);
                continue;
            }
            let id = free_id(&source.id, &slug, source_ids);
            if id != source.id {
                renames.sources.insert(source.id.clone(), id.clone());
                source.id = id;
            }
            if let Some(url) = url.filter(|u| !u.is_empty()) {
                source_urls.insert(url, merged.sources.len());
            }
            merged.sources.push(source);
        }
        for mut group in data.groups {
            let known = keys(&group.name, group.aliases.iter().map(|a| a.name.as_str()));
            let same = known.iter().find_map(|k| group_keys.get(k).copied());
            if let Some(existing) = same {
                let target = &mut merged.groups[existing];
                renames.groups.insert(group.id.clone(), target.id.clone());
                notes.push(format!(
                    "{name}: group \"{}\" is \"{}\" from an earlier file",
                    group.name, target.name
                ));
                let mut have = keys(&target.name, target.aliases.iter().map(|a| a.name.as_str()));
                // The other file's own name becomes an alias, with where it came from.
                let first_source = group.sources.first().cloned();
                let mut incoming = vec![super::model::Alias {
                    name: group.name.clone(),
                    coined_by: None,
                    source: first_source,
                }];
                incoming.append(&mut group.aliases);
                for mut alias in incoming {
                    let key = fold(alias.name.trim()).to_string();
                    if key.is_empty() || have.contains(&key) {
                        continue;
                    }
                    renamed_option(&renames.sources, &mut alias.source);
                    have.push(key.clone());
                    group_keys.insert(key, existing);
                    target.aliases.push(alias);
                    provenance.alias_file[existing].push(file_number);
                }
                for mut source in group.sources {
                    renamed(&renames.sources, &mut source);
                    if !target.sources.contains(&source) {
                        target.sources.push(source);
                    }
                }
                for reference in group.references {
                    if !target.references.contains(&reference) {
                        target.references.push(reference);
                    }
                }
                if target.motive.is_none() {
                    target.motive = group.motive;
                }
                if target.origin.is_none() {
                    target.origin = group.origin;
                }
                if target.description.is_empty() {
                    target.description = group.description;
                }
                continue;
            }
            let id = free_id(&group.id, &slug, group_ids);
            if id != group.id {
                notes.push(format!(
                    "{name}: group id \"{}\" is taken; it is \"{id}\" here",
                    group.id
                ));
                renames.groups.insert(group.id.clone(), id.clone());
                group.id = id;
            }
            for source in &mut group.sources {
                renamed(&renames.sources, source);
            }
            for alias in &mut group.aliases {
                renamed_option(&renames.sources, &mut alias.source);
            }
            let position = merged.groups.len();
            for key in known {
                group_keys.entry(key).or_insert(position);
            }
            provenance
                .alias_file
                .push(vec![file_number; group.aliases.len()]);
            merged.groups.push(group);
        }
        for mut organisation in data.organisations {
            let known = keys(
                &organisation.name,
                organisation.aliases.iter().map(Text::as_str),
            );
            if let Some(existing) = known.iter().find_map(|k| organisation_keys.get(k).copied()) {
                let target = &mut merged.organisations[existing];
                renames
                    .organisations
                    .insert(organisation.id.clone(), target.id.clone());
                for alias in organisation.aliases {
                    if !target.aliases.contains(&alias) && alias != target.name {
                        target.aliases.push(alias);
                    }
                }
                if target.sector.is_none() {
                    target.sector = organisation.sector;
                }
                if target.country.is_none() {
                    target.country = organisation.country;
                }
                continue;
            }
            let id = free_id(&organisation.id, &slug, organisation_ids);
            if id != organisation.id {
                renames
                    .organisations
                    .insert(organisation.id.clone(), id.clone());
                organisation.id = id;
            }
            let position = merged.organisations.len();
            for key in known {
                organisation_keys.entry(key).or_insert(position);
            }
            merged.organisations.push(organisation);
        }
        let mut renamed_incidents = 0;
        for incident in &data.incidents {
            let id = free_id(&incident.id, &slug, incident_ids);
            if id != incident.id {
                renamed_incidents += 1;
                renames.incidents.insert(incident.id.clone(), id);
            }
        }
        if renamed_incidents > 0 {
            notes.push(format!(
                "{name}: {renamed_incidents} incident id(s) already taken by an earlier file, kept apart with \"-{slug}\" added"
            ));
        }
        for mut incident in data.incidents {
            rename_references(&mut incident, &renames);
            merged.incidents.push(incident);
            provenance.incident_file.push(file_number);
        }
        for mut tour in data.tours {
            let id = free_id(&tour.id, &slug, tour_ids);
            tour.id = id;
            for step in &mut tour.steps {
                if let Some(select) = &mut step.select {
                    renamed(&renames.incidents, select);
                    renamed(&renames.groups, select);
                }
                if let Some(group) = &mut step.group {
                    renamed(&renames.groups, group);
                }
            }
            merged.tours.push(tour);
        }
    }
    merged.provenance = provenance;
    merged.reindex();
    Merged {
        dataset: merged,
        notes,
    }
}

/// What opening several files gave: the files that loaded, merged, and the ones that did
/// not with their diagnostics.
#[derive(Debug)]
pub struct Opened {
    /// Every file that loaded, as one data set.
    pub dataset: Dataset,
    /// What the merge did.
    pub notes: Vec<String>,
    /// Warnings of the files that loaded.
    pub warnings: Vec<Diagnostic>,
    /// The files that did not load.
    pub failures: Vec<LoadError>,
    /// Each file's own data, in the order given (none for a file that did not load): what
    /// live reload merges again when one of them changes. Empty when one file is open: its
    /// data is `dataset` itself, not kept twice (a million incidents are over a gigabyte).
    pub parts: Vec<Option<Dataset>>,
}

/// Opens FILES as one workspace, or the bundled data when there are none. A file that
/// does not load is reported and left out; the others stay.
pub fn open(files: &[PathBuf]) -> Opened {
    open_with(files, &Progress::new())
}

/// As [`open`], counting into `progress` (bytes of every file together) and stopping once it
/// is cancelled (every file not yet loaded then fails as cancelled).
pub fn open_with(files: &[PathBuf], progress: &Progress) -> Opened {
    if files.is_empty() {
        return match load_bundled() {
            Ok(loaded) => Opened {
                dataset: loaded.dataset,
                notes: Vec::new(),
                warnings: loaded.warnings,
                failures: Vec::new(),
                parts: Vec::new(),
            },
            Err(error) => Opened {
                dataset: Dataset::default(),
                notes: Vec::new(),
                warnings: Vec::new(),
                failures: vec![error],
                parts: Vec::new(),
            },
        };
    }
    let mut warnings = Vec::new();
    let mut failures = Vec::new();
    let mut parts = Vec::new();
    // Every file's size counts from the start, so the bar is for the whole workspace.
    for path in files {
        progress.add_total(std::fs::metadata(path).map_or(0, |m| m.len()));
    }
    for path in files {
        match load_file_with(path, progress) {
            Ok(loaded) => {
                warnings.extend(loaded.warnings);
                parts.push(Some(loaded.dataset));
            }
            Err(error) => {
                failures.push(error);
                parts.push(None);
            }
        }
    }
    if let [only] = parts.as_mut_slice() {
        return Opened {
            dataset: only.take().unwrap_or_default(),
            notes: Vec::new(),
            warnings,
            failures,
            parts: Vec::new(),
        };
    }
    let merged = merge_parts(files, &parts);
    Opened {
        dataset: merged.dataset,
        notes: merged.notes,
        warnings,
        failures,
        parts,
    }
}

/// Opens FILES as one workspace (the bundled data when there are none), for the commands
/// that need every file: any file that does not load is an error, with its diagnostics.
pub fn load_all(files: &[PathBuf]) -> Result<super::Loaded, String> {
    let opened = open(files);
    if !opened.failures.is_empty() {
        let errors: Vec<String> = opened.failures.iter().map(|e| e.to_string()).collect();
        return Err(errors.join("\n"));
    }
    Ok(super::Loaded {
        dataset: opened.dataset,
        warnings: opened.warnings,
    })
}

/// The name a workspace goes by in messages: its file's, its files', or the bundled data's.
pub fn workspace_name(files: &[PathBuf]) -> String {
    match files {
        [] => super::bundled::BUNDLED_NAME.to_string(),
        [one] => shown_path(one),
        several => several
            .iter()
            .map(|f| shown_path(f))
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// Merges the files' data that loaded (one file alone is taken as it is).
pub fn merge_parts(files: &[PathBuf], parts: &[Option<Dataset>]) -> Merged {
    let loaded: Vec<(String, Dataset)> = files
        .iter()
        .zip(parts)
        .filter_map(|(path, part)| Some((shown_path(path), part.clone()?)))
        .collect();
    if files.len() == 1 {
        return Merged {
            dataset: loaded
                .into_iter()
                .next()
                .map(|(_, d)| d)
                .unwrap_or_default(),
            notes: Vec::new(),
        };
    }
    merge(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_str;

    fn load(text: &str, name: &str) -> Dataset {
        load_str(text, name)
            .unwrap_or_else(|e| panic!("{e}"))
            .dataset
    }

    const IMPORT: &str = r#"(
        sources: [(id: "s1", outlet: "ATT&CK", title: "Scattered Spider", url: "https://attack.mitre.org/groups/G1015/")],
        groups: [(id: "g1015", name: "Scattered Spider", aliases: [(name: "Storm-0875", coined_by: "Microsoft", source: "s1")], sources: ["s1"])],
        organisations: [(id: "qantas", name: "QANTAS"), (id: "acme", name: "Acme")],
        incidents: [
            (id: "qantas-2025", title: "Another Qantas record", victims: ["qantas"], sources: ["s1"],
             claims: [(group: "g1015", stance: Suspected, by: "someone", source: "s1")]),
            (id: "acme-1", title: "Acme", victims: ["acme"], sources: ["s1"]),
        ],
    )"#;

    #[test]
    fn a_group_known_in_two_files_is_one_with_every_alias_and_its_file() {
        let bundled = crate::data::load_bundled().expect("bundled").dataset;
        let import = load(IMPORT, "attack.ron");
        let merged = merge(vec![
            ("incidents.ron".into(), bundled.clone()),
            ("attack.ron".into(), import),
        ]);
        let data = &merged.dataset;
        let spiders: Vec<_> = data
            .groups
            .iter()
            .filter(|g| g.name == "Scattered Spider")
            .collect();
        assert_eq!(spiders.len(), 1, "one Scattered Spider");
        let position = data
            .groups
            .iter()
            .position(|g| g.name == "Scattered Spider")
            .unwrap();
        let alias = data.groups[position]
            .aliases
            .iter()
            .position(|a| a.name == "Storm-0875")
            .expect("the import's alias is kept");
        assert_eq!(
            data.provenance.file_of_alias(position, alias),
            Some("attack.ron")
        );
        assert_eq!(
            data.provenance.file_of_alias(position, 0),
            Some("incidents.ron")
        );
        // Its claim points at the merged group.
        let clash = data
            .incident("qantas-2025-attack")
            .expect("the clashing id is kept apart");
        assert_eq!(clash.claims[0].group, data.groups[position].id);
        assert_eq!(
            data.provenance.file_of_incident(data.incidents.len() - 1),
            Some("attack.ron")
        );
        // "QANTAS" is the bundled Qantas.
        assert_eq!(clash.victims[0], "qantas");
        assert!(
            merged.notes.iter().any(|n| n.contains("incident id")),
            "{:?}",
            merged.notes
        );
        assert_eq!(data.incidents.len(), bundled.incidents.len() + 2);
    }

    #[test]
    fn different_groups_with_the_same_id_stay_apart() {
        let one = load(
            r#"(sources: [(id: "s", outlet: "o", title: "t")], groups: [(id: "x", name: "Alpha")],
                organisations: [(id: "v", name: "V")],
                incidents: [(id: "i", title: "t", victims: ["v"], sources: ["s"], claims: [(group: "x", stance: Claimed, by: "x", source: "s")])])"#,
            "one.ron",
        );
        let two = load(
            r#"(sources: [(id: "s", outlet: "o2", title: "t2")], groups: [(id: "x", name: "Beta")],
                organisations: [(id: "v", name: "W")],
                incidents: [(id: "i", title: "t", victims: ["v"], sources: ["s"], claims: [(group: "x", stance: Claimed, by: "x", source: "s")])])"#,
            "two.ron",
        );
        let merged = merge(vec![("one.ron".into(), one), ("two.ron".into(), two)]);
        let data = &merged.dataset;
        assert_eq!(data.groups.len(), 2);
        let second = &data.incidents[1];
        assert_eq!(data.group_name(&second.claims[0].group), "Beta");
        assert_eq!(data.organisation_name(&second.victims[0]), "W");
        assert_eq!(
            data.source(&second.sources[0]).map(|s| s.outlet.as_str()),
            Some("o2")
        );
        assert_ne!(data.incidents[0].id, data.incidents[1].id);
    }
}
