//! MISP galaxy clusters (such as `clusters/threat-actor.json`) merged into the groups of an
//! existing data file.
//!
//! **Matching.** A cluster is known by its `value` and its `meta.synonyms`; a group by its
//! `name` and its aliases. They match when a cluster name equals a group name, ignoring
//! case, so MISP's "R00tK1T" finds the group "R00TK1T". When several clusters match one
//! group the closest wins: the cluster's `value` equal to the group's name, then its
//! `value` equal to an alias, then a synonym equal to the name, then to an alias. A tie
//! at the best level, or one cluster matching two groups, is reported and left alone.
//!
//! **What a match adds**, and nothing else:
//!
//! - every cluster name the group does not have yet, spelled exactly, as an alias (so
//!   "R00tK1T" is kept beside "R00TK1T"), with `coined_by` from the cluster's
//!   `origin:<alias>` meta and `source` the MISP galaxy source; an existing alias without
//!   `coined_by` (and without a source, or with the MISP one) gets its `coined_by` too;
//! - `origin`, only when the group has none: "Israel, according to the MISP galaxy's country
//!   field (IL)";
//! - `references`: the galaxy file's address and the cluster's `refs` not already there;
//! - the MISP galaxy source, in the group's `sources` and, when the file has no source with
//!   the galaxy's address, in the file's `sources`.
//!
//! Names, kinds, motives and descriptions of existing groups are never changed, and
//! clusters that match no group are not added, unless [`MispOptions`] names them.
//!
//! **The file.** Everything outside the changed groups is kept byte for byte: comments,
//! layout, other groups, incidents. Each changed group is rewritten in the house style in
//! place, and new sources and groups are added at the end of their lists. If the file's
//! layout does not allow that (a list written on one line, no `sources` list), the whole
//! file is rewritten by the serializer instead (its comments are then lost) and a note says
//! so. Either way the data outside the changes is the same when loaded.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde_json::{Map, Value};

use super::countries::country_name;
use super::{IdAllocator, ImportError, json_kind, parse_json, plural};
use crate::data::clean::clean_in_place;
use crate::data::outline::{Node, outline};
use crate::data::write::{item_to_ron, to_ron_string};
use crate::data::{Alias, Dataset, Group, GroupKind, Source, Text, load_str};

/// Which clusters to add as new groups (by default none: only existing groups are enriched).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MispOptions {
    /// Clusters to add as new groups when no group matches them, by value or synonym.
    pub add: Vec<String>,
    /// Add every cluster that matches no group.
    pub add_all: bool,
}

/// The result of a merge.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged data, as the new text loads.
    pub dataset: Dataset,
    /// The new text of the data file.
    pub text: String,
    /// True when anything changed.
    pub changed: bool,
    /// What was done, one line each, for standard error.
    pub notes: Vec<String>,
}

/// The galaxy file's own description.
#[derive(Clone, Debug, Default)]
struct Galaxy {
    name: String,
    kind: String,
    version: Option<String>,
}

impl Galaxy {
    fn url(&self) -> Option<String> {
        let valid = !self.kind.is_empty()
            && self
                .kind
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        valid.then(|| {
            format!(
                "https://github.com/MISP/misp-galaxy/blob/main/clusters/{}.json",
                self.kind
            )
        })
    }
}

/// One cluster, read and checked.
#[derive(Clone, Debug, Default)]
struct Cluster {
    value: String,
    synonyms: Vec<String>,
    description: String,
    country: Option<String>,
    refs: Vec<String>,
    /// `origin:<alias>` → who coined it, keyed by the lowercased alias.
    origins: BTreeMap<String, String>,
}

impl Cluster {
    /// The value, then the synonyms, without case-insensitive repeats.
    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for name in std::iter::once(&self.value).chain(&self.synonyms) {
            let name = name.trim();
            if !name.is_empty()
                && !names
                    .iter()
                    .any(|n| n.to_lowercase() == name.to_lowercase())
            {
                names.push(name);
            }
        }
        names
    }

    fn origin_of(&self, alias: &str) -> Option<&str> {
        self.origins
            .get(&alias.trim().to_lowercase())
            .map(String::as_str)
    }

    fn origin_text(&self) -> Option<String> {
        let code = self.country.as_deref()?.trim();
        if code.is_empty() {
            return None;
        }
        Some(match country_name(code) {
            Some(country) => format!(
                "{country}, according to the MISP galaxy's country field ({})",
                code.to_uppercase()
            ),
            None => format!("{code}, according to the MISP galaxy's country field"),
        })
    }
}

fn string_list(meta: &Map<String, Value>, key: &str, problems: &mut Vec<String>) -> Vec<String> {
    match meta.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(text) => out.push(text.clone()),
                    other => problems.push(format!(
                        "meta.{key}[{i}] should be a string, not {}",
                        json_kind(other)
                    )),
                }
            }
            out
        }
        Some(other) => {
            problems.push(format!(
                "meta.{key} should be a list of strings, not {}",
                json_kind(other)
            ));
            Vec::new()
        }
    }
}

fn read_cluster(value: &Value) -> Result<Cluster, Vec<String>> {
    let Value::Object(object) = value else {
        return Err(vec![format!(
            "should be an object with value, meta…, not {}",
            json_kind(value)
        )]);
    };
    let mut problems = Vec::new();
    let name = match object.get("value") {
        Some(Value::String(text)) if !text.trim().is_empty() => text.clone(),
        Some(Value::String(_)) => {
            problems.push("value is empty".to_string());
            String::new()
        }
        None => {
            problems.push("value (the cluster's name) is missing".to_string());
            String::new()
        }
        Some(other) => {
            problems.push(format!(
                "value should be a string, not {}",
                json_kind(other)
            ));
            String::new()
        }
    };
    let description = match object.get("description") {
        Some(Value::String(text)) => text.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => {
            problems.push(format!(
                "description should be a string, not {}",
                json_kind(other)
            ));
            String::new()
        }
    };
    let empty = Map::new();
    let meta = match object.get("meta") {
        Some(Value::Object(meta)) => meta,
        None | Some(Value::Null) => &empty,
        Some(other) => {
            problems.push(format!(
                "meta should be an object, not {}",
                json_kind(other)
            ));
            &empty
        }
    };
    let synonyms = string_list(meta, "synonyms", &mut problems);
    let refs = string_list(meta, "refs", &mut problems);
    let country = match meta.get("country") {
        Some(Value::String(text)) => Some(text.clone()),
        None | Some(Value::Null) => None,
        Some(other) => {
            problems.push(format!(
                "meta.country should be a string, not {}",
                json_kind(other)
            ));
            None
        }
    };
    let mut origins = BTreeMap::new();
    for (key, value) in meta {
        if let Some(alias) = key.strip_prefix("origin:") {
            match value {
                Value::String(who) if !who.trim().is_empty() => {
                    origins.insert(alias.trim().to_lowercase(), who.trim().to_string());
                }
                Value::String(_) => {}
                other => problems.push(format!(
                    "meta.{key:?} should be a string (who coined the name), not {}",
                    json_kind(other)
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(Cluster {
            value: name,
            synonyms,
            description,
            country,
            refs,
            origins,
        })
    } else {
        Err(problems)
    }
}

fn read_galaxy(text: &str, name: &str) -> Result<(Galaxy, Vec<Cluster>), ImportError> {
    let json = parse_json(text, name)?;
    let Value::Object(top) = &json else {
        return Err(ImportError::new(
            name,
            format!(
                "expected a MISP galaxy cluster file (an object with `values`), found {}",
                json_kind(&json)
            ),
        ));
    };
    let Some(Value::Array(values)) = top.get("values") else {
        return Err(ImportError::new(
            name,
            "not a MISP galaxy cluster file: it has no `values` list of clusters",
        ));
    };
    let text_of = |key: &str| match top.get(key) {
        Some(Value::String(text)) => text.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let galaxy = Galaxy {
        name: text_of("name"),
        kind: text_of("type"),
        version: Some(text_of("version")).filter(|v| !v.is_empty()),
    };
    let mut problems = Vec::new();
    let mut clusters = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let label = match value.get("value").and_then(Value::as_str) {
            Some(value) => format!("cluster {} ({value:?})", index + 1),
            None => format!("cluster {}", index + 1),
        };
        match read_cluster(value) {
            Ok(cluster) => clusters.push(cluster),
            Err(found) => problems.extend(found.into_iter().map(|p| format!("{label}: {p}"))),
        }
    }
    if problems.is_empty() {
        Ok((galaxy, clusters))
    } else {
        Err(ImportError {
            file: name.to_string(),
            problems,
        })
    }
}

fn lower(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The best cluster for a group, `Err` with the tied clusters when there is no single one.
fn best_cluster(
    group: &Group,
    by_name: &HashMap<String, Vec<(usize, bool)>>,
) -> Result<Option<usize>, Vec<usize>> {
    let group_name = lower(&group.name);
    let aliases: Vec<String> = group.aliases.iter().map(|a| lower(&a.name)).collect();
    let mut ranked: Vec<(u8, usize)> = Vec::new();
    let names = std::iter::once((&group_name, true)).chain(aliases.iter().map(|a| (a, false)));
    for (name, is_group_name) in names {
        for &(cluster, is_value) in by_name.get(name.as_str()).into_iter().flatten() {
            let rank = match (is_value, is_group_name) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            ranked.push((rank, cluster));
        }
    }
    let Some(best) = ranked.iter().map(|(rank, _)| *rank).min() else {
        return Ok(None);
    };
    let mut tied: Vec<usize> = ranked
        .iter()
        .filter(|(rank, _)| *rank == best)
        .map(|(_, cluster)| *cluster)
        .collect();
    tied.sort_unstable();
    tied.dedup();
    match tied.as_slice() {
        [only] => Ok(Some(*only)),
        _ => Err(tied),
    }
}

/// Adds what the cluster knows to the group; returns what changed, in words.
fn enrich(
    group: &mut Group,
    cluster: &Cluster,
    source_id: &str,
    galaxy_url: Option<&str>,
) -> Vec<String> {
    let mut changes = Vec::new();
    let mut added_aliases = 0;
    for name in cluster.names() {
        let exists = group.name == name || group.aliases.iter().any(|a| a.name == name);
        if exists {
            continue;
        }
        group.aliases.push(Alias {
            name: name.into(),
            coined_by: cluster.origin_of(name).map(Text::from),
            source: Some(source_id.into()),
        });
        added_aliases += 1;
    }
    if added_aliases > 0 {
        changes.push(plural(added_aliases, "alias", "aliases"));
    }
    let mut coined = 0;
    for alias in &mut group.aliases {
        let ours = alias.source.as_deref().is_none_or(|s| s == source_id);
        if alias.coined_by.is_none()
            && ours
            && let Some(who) = cluster.origin_of(&alias.name)
        {
            alias.coined_by = Some(who.into());
            alias.source = Some(source_id.into());
            coined += 1;
        }
    }
    if coined > 0 {
        changes.push(format!("who coined {}", plural(coined, "alias", "aliases")));
    }
    if group.origin.as_deref().is_none_or(|o| o.trim().is_empty())
        && let Some(origin) = cluster.origin_text()
    {
        group.origin = Some(origin.into());
        changes.push("origin".into());
    }
    let mut references = 0;
    for reference in galaxy_url
        .into_iter()
        .chain(cluster.refs.iter().map(String::as_str))
    {
        let reference = reference.trim();
        if !reference.is_empty() && !group.references.iter().any(|r| r == reference) {
            group.references.push(reference.into());
            references += 1;
        }
    }
    if references > 0 {
        changes.push(plural(references, "reference", "references"));
    }
    if !changes.is_empty() && !group.sources.iter().any(|s| s == source_id) {
        group.sources.push(source_id.into());
    }
    changes
}

fn new_group(id: String, cluster: &Cluster, source_id: &str, galaxy_url: Option<&str>) -> Group {
    let mut group = Group {
        id: id.into(),
        name: cluster.value.trim().into(),
        kind: GroupKind::Unknown,
        description: cluster.description.clone().into(),
        sources: vec![source_id.into()],
        ..Group::default()
    };
    enrich(&mut group, cluster, source_id, galaxy_url);
    group
}

/// Merges the clusters of a MISP galaxy file into a data file's groups.
///
/// `galaxy_text`/`galaxy_name` is the cluster file, `data_text`/`data_name` the data file.
pub fn merge(
    galaxy_text: &str,
    galaxy_name: &str,
    data_text: &str,
    data_name: &str,
    options: &MispOptions,
) -> Result<Merged, ImportError> {
    let (galaxy, clusters) = read_galaxy(galaxy_text, galaxy_name)?;
    let original = load_str(data_text, data_name)
        .map_err(|error| {
            ImportError::new(data_name, format!("the data file does not load:\n{error}"))
        })?
        .dataset;
    let mut data = original.clone();
    let mut notes = Vec::new();

    let mut by_name: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
    for (index, cluster) in clusters.iter().enumerate() {
        for (position, name) in cluster.names().into_iter().enumerate() {
            by_name
                .entry(lower(name))
                .or_default()
                .push((index, position == 0));
        }
    }

    // Which cluster each group takes.
    let mut matches: Vec<Option<usize>> = Vec::with_capacity(data.groups.len());
    for group in &data.groups {
        match best_cluster(group, &by_name) {
            Ok(found) => matches.push(found),
            Err(tied) => {
                let names: Vec<String> = tied
                    .iter()
                    .map(|&c| format!("{:?}", clusters[c].value))
                    .collect();
                notes.push(format!(
                    "warning: group {:?} ({}) matches several clusters equally well ({}); left unchanged",
                    group.name,
                    group.id,
                    names.join(", ")
                ));
                matches.push(None);
            }
        }
    }
    let mut takers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (group, found) in matches.iter().enumerate() {
        if let Some(cluster) = found {
            takers.entry(*cluster).or_default().push(group);
        }
    }
    for (cluster, groups) in &takers {
        if groups.len() > 1 {
            let names: Vec<String> = groups
                .iter()
                .map(|&g| format!("{:?}", data.groups[g].name))
                .collect();
            notes.push(format!(
                "warning: cluster {:?} matches several groups ({}); none of them was changed",
                clusters[*cluster].value,
                names.join(", ")
            ));
            for &g in groups {
                matches[g] = None;
            }
        }
    }

    // The MISP source: the file's own when it has one with the galaxy's address.
    let galaxy_url = galaxy.url();
    let existing_source = galaxy_url
        .as_deref()
        .and_then(|url| data.sources.iter().find(|s| s.url.as_deref() == Some(url)))
        .map(|s| s.id.clone());
    let source_id = existing_source.clone().unwrap_or_else(|| {
        let mut ids = IdAllocator::with_used(data.sources.iter().map(|s| s.id.as_str()));
        let kind = if galaxy.kind.is_empty() {
            "clusters"
        } else {
            &galaxy.kind
        };
        ids.allocate(&format!("misp-galaxy-{kind}"), "misp-galaxy")
            .into()
    });

    let mut changed_groups = Vec::new();
    for (index, found) in matches.iter().enumerate() {
        let Some(cluster) = found else { continue };
        let group = &mut data.groups[index];
        let changes = enrich(
            group,
            &clusters[*cluster],
            &source_id,
            galaxy_url.as_deref(),
        );
        if !changes.is_empty() {
            notes.push(format!(
                "{data_name}: group {:?} ({}): added {} from cluster {:?}",
                group.name,
                group.id,
                changes.join(", "),
                clusters[*cluster].value
            ));
            changed_groups.push(index);
        }
    }

    // New groups, only when asked for.
    let mut wanted: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    for name in &options.add {
        let key = lower(name);
        let found: Vec<(usize, bool)> = by_name.get(&key).cloned().unwrap_or_default();
        let by_value: Vec<usize> = found.iter().filter(|(_, v)| *v).map(|(c, _)| *c).collect();
        let mut candidates: Vec<usize> = if by_value.is_empty() {
            found.iter().map(|(c, _)| *c).collect()
        } else {
            by_value
        };
        candidates.sort_unstable();
        candidates.dedup();
        match candidates.as_slice() {
            [] => problems.push(format!(
                "--add {name:?}: no cluster is called that (by value or synonym)"
            )),
            [one] => wanted.push(*one),
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|&c| format!("{:?}", clusters[c].value))
                    .collect();
                problems.push(format!(
                    "--add {name:?}: several clusters have that name ({}); name one by its value",
                    names.join(", ")
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: galaxy_name.to_string(),
            problems,
        });
    }
    if options.add_all {
        wanted.extend(0..clusters.len());
    }
    let mut added_clusters: Vec<usize> = Vec::new();
    let mut group_ids = IdAllocator::with_used(data.groups.iter().map(|g| g.id.as_str()));
    let mut added_groups = 0;
    for cluster in wanted {
        if added_clusters.contains(&cluster) {
            continue;
        }
        if let Some(group) = matches.iter().position(|m| *m == Some(cluster)) {
            if !options.add_all {
                notes.push(format!(
                    "{data_name}: cluster {:?} is already the group {:?} ({}); enriched, not added",
                    clusters[cluster].value, data.groups[group].name, data.groups[group].id
                ));
            }
            continue;
        }
        // A cluster naming an existing group that was left alone (a tie) is not added again.
        if clusters[cluster].names().iter().any(|n| {
            data.groups.iter().any(|g| {
                lower(&g.name) == lower(n) || g.aliases.iter().any(|a| lower(&a.name) == lower(n))
            })
        }) {
            if !options.add_all {
                notes.push(format!(
                    "warning: cluster {:?} shares a name with a group in the file; not added",
                    clusters[cluster].value
                ));
            }
            continue;
        }
        let id = group_ids.allocate(&clusters[cluster].value, "group");
        data.groups.push(new_group(
            id,
            &clusters[cluster],
            &source_id,
            galaxy_url.as_deref(),
        ));
        added_clusters.push(cluster);
        added_groups += 1;
    }
    if added_groups > 0 {
        notes.push(format!(
            "{data_name}: added {}",
            plural(added_groups, "new group", "new groups")
        ));
    }

    let uses_source = data.groups.iter().any(|g| {
        g.sources.contains(&source_id)
            || g.aliases
                .iter()
                .any(|a| a.source.as_deref() == Some(source_id.as_str()))
    });
    let mut new_sources = 0;
    if existing_source.is_none() && uses_source {
        let name = if galaxy.name.is_empty() {
            "MISP"
        } else {
            &galaxy.name
        };
        let kind = if galaxy.kind.is_empty() {
            "clusters"
        } else {
            &galaxy.kind
        };
        let version = galaxy
            .version
            .as_ref()
            .map(|v| format!(", version {v}"))
            .unwrap_or_default();
        let title = format!("{name} galaxy, clusters/{kind}.json{version}");
        data.sources.push(Source {
            id: source_id.clone(),
            outlet: "MISP galaxy (MISP/misp-galaxy)".into(),
            title: title.into(),
            date: None,
            url: galaxy_url.clone().map(Text::from),
            note: Some(
                "MISP galaxy clusters are published under CC0-1.0 or BSD-2-Clause. Merged by \
                 `incident-explorer import misp-galaxy`."
                    .into(),
            ),
        });
        new_sources += 1;
        notes.push(format!("{data_name}: added the source {source_id:?}"));
    }

    data.for_each_text_mut(&mut clean_in_place);
    let changed = data != original;
    if !changed {
        notes.push(format!(
            "{data_name}: nothing to merge; the file is unchanged"
        ));
        return Ok(Merged {
            dataset: original,
            text: data_text.to_string(),
            changed: false,
            notes,
        });
    }

    let text = match patch(data_text, &data, &changed_groups, new_sources, added_groups) {
        Some(text) => text,
        None => {
            notes.push(format!(
                "{data_name}: the file's layout could not be edited in place; it was rewritten in full (its comments are not kept)"
            ));
            to_ron_string(
                &data,
                Some(
                    "Rewritten by `incident-explorer import misp-galaxy`. Format: docs/data-format.md",
                ),
            )
        }
    };
    match load_str(&text, data_name) {
        Ok(loaded) if loaded.dataset == data => Ok(Merged {
            dataset: data,
            text,
            changed: true,
            notes,
        }),
        Ok(_) => Err(ImportError::new(
            data_name,
            "internal error: the merged file does not read back as merged; nothing was written",
        )),
        Err(error) => Err(ImportError::new(
            data_name,
            format!(
                "internal error: the merged file does not pass the checks; nothing was written\n{error}"
            ),
        )),
    }
}

/// The list under a top-level field, when written with brackets and at least one item.
fn top_list<'a>(root: &'a Node, field: &str) -> Option<&'a [Node]> {
    let Node::Struct { fields, .. } = root else {
        return None;
    };
    let (_, _, value) = fields.iter().find(|(name, _, _)| name == field)?;
    match value {
        Node::Seq {
            items,
            parenthesised: false,
            ..
        } if !items.is_empty() => Some(items),
        _ => None,
    }
}

/// The indentation level of the line `at` starts on, when everything before it on that
/// line is 4-space indentation.
fn indent_level(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    (before.bytes().all(|b| b == b' ') && before.len().is_multiple_of(4))
        .then_some(before.len() / 4)
}

/// Where to insert after a list's last item: after its trailing comma, if any.
fn after_item(text: &str, item: &Range<usize>) -> (usize, bool) {
    let rest = &text[item.end..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if rest[skipped..].starts_with(',') {
        (item.end + skipped + 1, true)
    } else {
        (item.end, false)
    }
}

/// Edits the text in place: changed groups replaced, new sources and groups appended.
/// `None` when the layout does not allow it.
fn patch(
    text: &str,
    data: &Dataset,
    changed_groups: &[usize],
    new_sources: usize,
    new_groups: usize,
) -> Option<String> {
    let root = outline(text);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    if !changed_groups.is_empty() || new_groups > 0 {
        let items = top_list(&root, "groups")?;
        let old_count = data.groups.len() - new_groups;
        if items.len() != old_count {
            return None;
        }
        for &index in changed_groups {
            let span = items[index].span();
            let level = indent_level(text, span.start)?;
            edits.push((span, item_to_ron(&data.groups[index], level).ok()?));
        }
        if new_groups > 0 {
            let last = items.last()?.span();
            let level = indent_level(text, last.start)?;
            edits.push(appended(text, &last, level, &data.groups[old_count..])?);
        }
    }
    if new_sources > 0 {
        let items = top_list(&root, "sources")?;
        let old_count = data.sources.len() - new_sources;
        if items.len() != old_count {
            return None;
        }
        let last = items.last()?.span();
        let level = indent_level(text, last.start)?;
        edits.push(appended(text, &last, level, &data.sources[old_count..])?);
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Some(out)
}

fn appended<T: serde::Serialize>(
    text: &str,
    last: &Range<usize>,
    level: usize,
    items: &[T],
) -> Option<(Range<usize>, String)> {
    let (at, had_comma) = after_item(text, last);
    let mut insert = String::new();
    if !had_comma {
        insert.push(',');
    }
    for item in items {
        insert.push('\n');
        insert.push_str(&"    ".repeat(level));
        insert.push_str(&item_to_ron(item, level).ok()?);
        insert.push(',');
    }
    if !had_comma {
        // The original last item had no comma; neither does the new one.
        insert.pop();
    }
    Some((at..at, insert))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_become_names() {
        let cluster = Cluster {
            country: Some("IL".into()),
            ..Cluster::default()
        };
        assert_eq!(
            cluster.origin_text().as_deref(),
            Some("Israel, according to the MISP galaxy's country field (IL)")
        );
    }
}
