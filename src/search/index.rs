//! The search index: every searchable field of every incident, prepared once at load.
//!
//! Short fields shared between incidents (organisations, groups and aliases, sectors,
//! countries, data types, tags) are interned as *terms*, so a query scores "Octo Tempest"
//! once, not once per incident. Titles are per incident. Long free text (summaries, facts,
//! notes) is not fuzzy-matched at all: fuzzy matching 500 characters matches almost
//! anything, so long text is searched for the query's words instead, at a low weight.

use std::collections::HashMap;
use std::sync::Arc;

use super::fold::{fold, needs_folded_copy};
use crate::data::{Dataset, Incident};

/// Which field of an incident a search hit came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// The incident's title.
    Title,
    /// A victim's name.
    Victim,
    /// A group's name.
    Group,
    /// One of a group's aliases.
    Alias,
    /// A third party's name.
    ThirdParty,
    /// Another name of a victim or third party.
    OrganisationAlias,
    /// A victim's or third party's sector.
    Sector,
    /// A victim's or third party's country.
    Country,
    /// A kind of data exposed.
    DataType,
    /// A tag.
    Tag,
    /// Long text: summary, facts, notes, lessons.
    Text,
}

impl FieldKind {
    /// How much a hit in this field counts: names above facets, facets above tags.
    pub fn weight(self) -> i64 {
        match self {
            FieldKind::Title | FieldKind::Victim | FieldKind::Group => 4,
            FieldKind::Alias | FieldKind::ThirdParty | FieldKind::OrganisationAlias => 3,
            FieldKind::Sector | FieldKind::Country | FieldKind::DataType => 2,
            FieldKind::Tag | FieldKind::Text => 1,
        }
    }

    /// The field in words, as shown after "via".
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Title => "title",
            FieldKind::Victim => "victim",
            FieldKind::Group => "group",
            FieldKind::Alias => "alias",
            FieldKind::ThirdParty => "third party",
            FieldKind::OrganisationAlias => "also known as",
            FieldKind::Sector => "sector",
            FieldKind::Country => "country",
            FieldKind::DataType => "data",
            FieldKind::Tag => "tag",
            FieldKind::Text => "text",
        }
    }
}

/// Longer data items are searched as text, not fuzzy-matched as a facet.
const MAX_TERM_CHARS: usize = 40;

/// A short string shared by many incidents, with its folded form when that differs.
#[derive(Debug)]
pub struct Term {
    /// The text as shown.
    pub text: Box<str>,
    /// Lowercase, accent-free copy, only for non-ASCII text (ASCII case is the matcher's job).
    pub folded: Option<Box<str>>,
}

impl Term {
    fn new(text: &str) -> Term {
        Term {
            text: text.into(),
            folded: needs_folded_copy(text).then(|| fold(text).into()),
        }
    }

    /// The text to match against.
    pub fn haystack(&self) -> &str {
        self.folded.as_deref().unwrap_or(&self.text)
    }
}

/// One incident's searchable fields.
#[derive(Debug)]
pub struct IndexedIncident {
    /// Folded title, only when the title is not ASCII.
    pub folded_title: Option<Box<str>>,
    /// The shared fields: which kind, which term.
    pub fields: Box<[(FieldKind, u32)]>,
}

/// Every incident's searchable fields, built once per data set.
#[derive(Debug)]
pub struct SearchIndex {
    /// The data the index was built from.
    pub data: Arc<Dataset>,
    /// Interned short strings.
    pub terms: Vec<Term>,
    /// Per incident, in data order.
    pub incidents: Vec<IndexedIncident>,
    /// Incident positions, newest first (undated last): the order for an empty query.
    pub newest_first: Vec<u32>,
    /// Each incident's position in `newest_first`, to break ties between equal scores.
    pub recency_rank: Vec<u32>,
}

struct Interner {
    terms: Vec<Term>,
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(Term::new(text));
        self.ids.insert(text.to_string(), id);
        id
    }
}

impl SearchIndex {
    /// Indexes every incident of `data`.
    pub fn build(data: Arc<Dataset>) -> SearchIndex {
        let mut interner = Interner {
            terms: Vec::new(),
            ids: HashMap::new(),
        };
        let organisations: HashMap<&str, usize> = data
            .organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let groups: HashMap<&str, usize> = data
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let mut incidents = Vec::with_capacity(data.incidents.len());
        for incident in &data.incidents {
            let mut fields = Vec::new();
            let mut organisation =
                |id: &str, kind: FieldKind, fields: &mut Vec<(FieldKind, u32)>| {
                    let Some(&index) = organisations.get(id) else {
                        return;
                    };
                    let org = &data.organisations[index];
                    fields.push((kind, interner.id(&org.name)));
                    for alias in &org.aliases {
                        fields.push((FieldKind::OrganisationAlias, interner.id(alias)));
                    }
                    for (value, kind) in [
                        (&org.sector, FieldKind::Sector),
                        (&org.country, FieldKind::Country),
                    ] {
                        if let Some(value) = value {
                            fields.push((kind, interner.id(value)));
                        }
                    }
                };
            for victim in &incident.victims {
                organisation(victim, FieldKind::Victim, &mut fields);
            }
            for third_party in &incident.third_parties {
                organisation(
                    &third_party.organisation,
                    FieldKind::ThirdParty,
                    &mut fields,
                );
            }
            let mut seen_groups = Vec::new();
            for claim in &incident.claims {
                let Some(&index) = groups.get(claim.group.as_str()) else {
                    continue;
                };
                if seen_groups.contains(&index) {
                    continue;
                }
                seen_groups.push(index);
                let group = &data.groups[index];
                fields.push((FieldKind::Group, interner.id(&group.name)));
                for alias in &group.aliases {
                    fields.push((FieldKind::Alias, interner.id(&alias.name)));
                }
            }
            // Short data items ("phone numbers") are facets; sentences are long text.
            for fact in incident
                .data_exposed
                .iter()
                .filter(|f| f.text.chars().count() <= MAX_TERM_CHARS)
            {
                fields.push((FieldKind::DataType, interner.id(&fact.text)));
            }
            for tag in &incident.tags {
                fields.push((FieldKind::Tag, interner.id(tag)));
            }
            // Keep each term once, under its weightiest field.
            fields.sort_unstable_by_key(|&(kind, term)| (term, std::cmp::Reverse(kind.weight())));
            fields.dedup_by_key(|&mut (_, term)| term);
            incidents.push(IndexedIncident {
                folded_title: needs_folded_copy(&incident.title)
                    .then(|| fold(&incident.title).into()),
                fields: fields.into_boxed_slice(),
            });
        }
        let mut newest_first: Vec<u32> = (0..data.incidents.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        newest_first.sort_by(|&a, &b| {
            let date = |i: u32| data.incidents[i as usize].date;
            // Newest first; undated incidents after every dated one.
            date(b).cmp(&date(a)).then(a.cmp(&b))
        });
        let mut recency_rank = vec![0; newest_first.len()];
        for (rank, &incident) in newest_first.iter().enumerate() {
            recency_rank[incident as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        SearchIndex {
            recency_rank,
            terms: interner.terms,
            incidents,
            newest_first,
            data,
        }
    }

    /// The incident at a position.
    pub fn incident(&self, index: u32) -> &Incident {
        &self.data.incidents[index as usize]
    }

    /// The text to fuzzy-match for an incident's title.
    pub fn title_haystack(&self, index: u32) -> &str {
        self.incidents[index as usize]
            .folded_title
            .as_deref()
            .unwrap_or(&self.incident(index).title)
    }
}

/// Every long free-text field of an incident, for word search.
pub fn long_texts(incident: &Incident) -> impl Iterator<Item = &str> {
    std::iter::once(incident.summary.as_str())
        .chain(incident.date_note.as_deref())
        .chain(incident.facts().map(|(_, fact)| fact.text.as_str()))
        .chain(incident.third_parties.iter().map(|t| t.role.as_str()))
        .chain(incident.records.iter().map(|r| r.what.as_str()))
        .chain(incident.timeline.iter().map(|e| e.text.as_str()))
        .chain(incident.claims.iter().filter_map(|c| c.note.as_deref()))
        .chain(incident.claims.iter().map(|c| c.by.as_str()))
        .chain(incident.lessons.iter().map(|l| l.text.as_str()))
}
