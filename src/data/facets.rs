//! Every incident's facet values as numbers, built once per data set, so that filtering a
//! million results and counting the filter panel's values take integer work, not a lookup
//! and an allocation per incident per facet.
//!
//! Values are numbered per facet; an incident's values are kept in one flat array per
//! facet with offsets (compressed rows). Filters are compiled into a table of chosen value
//! numbers per facet ([`CompiledFilters`]), which [`FacetIndex::count`] and the app's result
//! filtering use.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::filter::{FacetCount, Filters};
use super::model::{Dataset, Facet, Stance, Text};

/// Incidents are indexed in pieces of this many, side by side on every core.
const CHUNK: usize = 16_384;

/// One facet's values: their texts, and each incident's value numbers.
#[derive(Clone, Debug, Default)]
struct Column {
    /// The distinct values, numbered by position.
    values: Vec<Text>,
    /// Each incident's value numbers.
    ids: ColumnIds,
}

/// Marks an incident with no value in a [`ColumnIds::One`] column.
const NONE: u32 = u32::MAX;

/// Each incident's value numbers, in the least memory the facet allows: most facets have
/// at most one value per incident (a victim's sector, a year), and need no offsets.
#[derive(Clone, Debug)]
enum ColumnIds {
    /// At most one value each: incident `i`'s is `one[i]`, [`NONE`] for none; empty when
    /// no incident has a value.
    One(Vec<u32>),
    /// `ids[offsets[i]..offsets[i + 1]]` are incident `i`'s value numbers.
    Many { offsets: Vec<u32>, ids: Vec<u32> },
}

impl Default for ColumnIds {
    fn default() -> ColumnIds {
        ColumnIds::One(Vec::new())
    }
}

impl Column {
    fn of(&self, incident: u32) -> &[u32] {
        let i = incident as usize;
        match &self.ids {
            ColumnIds::One(one) => match one.get(i) {
                Some(id) if *id != NONE => std::slice::from_ref(id),
                _ => &[],
            },
            ColumnIds::Many { offsets, ids } => match (offsets.get(i), offsets.get(i + 1)) {
                (Some(&from), Some(&to)) => ids.get(from as usize..to as usize).unwrap_or(&[]),
                _ => &[],
            },
        }
    }
}

/// What turns an incident's facet values into numbers without text: positions of groups
/// and organisations by id, each organisation's sector and country as numbers.
struct Keys {
    groups: FxHashMap<Text, u32>,
    organisations: FxHashMap<Text, u32>,
    /// Per organisation, the number of its sector in `sectors` (`u32::MAX` for none).
    sector_of: Vec<u32>,
    sectors: Vec<Text>,
    /// Per organisation, the number of its country in `countries`.
    country_of: Vec<u32>,
    countries: Vec<Text>,
    /// Entry-vector kinds, "not stated" first.
    entry_kinds: Vec<Text>,
    first_year: i32,
    last_year: i32,
}

/// Numbers distinct texts in the order met.
fn intern(texts: impl Iterator<Item = Option<Text>>) -> (Vec<u32>, Vec<Text>) {
    let mut numbers: FxHashMap<Text, u32> = FxHashMap::default();
    let mut distinct = Vec::new();
    let of = texts
        .map(|text| match text {
            None => u32::MAX,
            Some(text) => *numbers.entry(text.clone()).or_insert_with(|| {
                distinct.push(text);
                (distinct.len() - 1) as u32
            }),
        })
        .collect();
    (of, distinct)
}

impl Keys {
    fn of(data: &Dataset) -> Keys {
        let positions = |ids: &mut dyn Iterator<Item = &Text>| -> FxHashMap<Text, u32> {
            let mut map = FxHashMap::default();
            for (position, id) in ids.enumerate() {
                // The first of duplicate ids wins, as lookups by id find it.
                map.entry(id.clone()).or_insert(position as u32);
            }
            map
        };
        let (sector_of, sectors) = intern(data.organisations.iter().map(|o| o.sector.clone()));
        let (country_of, countries) = intern(data.organisations.iter().map(|o| o.country.clone()));
        let mut entry_kinds = vec![Text::const_new(super::filter::NOT_STATED)];
        for kind in data
            .incidents
            .iter()
            .filter_map(|i| i.entry_vector.as_ref().and_then(|f| f.kind()))
        {
            if !entry_kinds.contains(kind) {
                entry_kinds.push(kind.clone());
            }
        }
        let (first_year, last_year) = data
            .incidents
            .iter()
            .filter_map(|i| i.date)
            .fold((i32::MAX, i32::MIN), |(lo, hi), d| {
                (lo.min(d.year), hi.max(d.until_year.unwrap_or(d.year)))
            });
        Keys {
            groups: positions(&mut data.groups.iter().map(|g| &g.id)),
            organisations: positions(&mut data.organisations.iter().map(|o| &o.id)),
            sector_of,
            sectors,
            country_of,
            countries,
            entry_kinds,
            first_year,
            last_year,
        }
    }

    /// The texts a facet's numbers stand for.
    fn texts(&self, data: &Dataset, facet: Facet) -> Vec<Text> {
        match facet {
            Facet::Group => data.groups.iter().map(|g| g.id.clone()).collect(),
            Facet::Stance => Stance::ALL
                .iter()
                .map(|s| Text::const_new(s.label()))
                .collect(),
            Facet::Sector => self.sectors.clone(),
            Facet::Country => self.countries.clone(),
            Facet::Year if self.first_year <= self.last_year => (self.first_year..=self.last_year)
                .map(|y| compact_str::format_compact!("{y}"))
                .collect(),
            Facet::Year => Vec::new(),
            Facet::EntryVector => self.entry_kinds.clone(),
            Facet::ThirdParty => data.organisations.iter().map(|o| o.id.clone()).collect(),
            Facet::File => data.provenance.files.clone(),
        }
    }

    /// Appends the numbers of incident `position`'s values in `facet` to `out`.
    fn values(
        &self,
        data: &Dataset,
        facet: Facet,
        position: usize,
        incident: &super::model::Incident,
        out: &mut Vec<u32>,
    ) {
        let organisation = |id: &Text| self.organisations.get(id).copied();
        match facet {
            Facet::Group => out.extend(
                incident
                    .claims
                    .iter()
                    .filter_map(|c| self.groups.get(&c.group).copied()),
            ),
            Facet::Stance => out.extend(incident.claims.iter().filter_map(|c| {
                Stance::ALL
                    .iter()
                    .position(|&s| s == c.stance)
                    .map(|p| p as u32)
            })),
            Facet::Sector | Facet::Country => {
                let of = if facet == Facet::Sector {
                    &self.sector_of
                } else {
                    &self.country_of
                };
                out.extend(
                    incident
                        .victims
                        .iter()
                        .filter_map(organisation)
                        .filter_map(|o| of.get(o as usize).copied())
                        .filter(|&n| n != u32::MAX),
                );
            }
            Facet::Year => {
                if let Some(date) = incident.date {
                    let last = date.until_year.unwrap_or(date.year);
                    out.extend((date.year..=last).map(|y| (y - self.first_year) as u32));
                }
            }
            Facet::EntryVector => {
                let kind = incident.entry_vector.as_ref().and_then(|f| f.kind());
                let number = kind
                    .and_then(|k| self.entry_kinds.iter().position(|e| e == k))
                    .unwrap_or(0);
                out.push(number as u32);
            }
            Facet::ThirdParty => out.extend(
                incident
                    .third_parties
                    .iter()
                    .filter_map(|t| organisation(&t.organisation)),
            ),
            Facet::File => {
                if let Some(&file) = data.provenance.incident_file.get(position)
                    && data.provenance.files.len() > 1
                {
                    out.push(u32::from(file));
                }
            }
        }
    }
}

/// Every incident's values of every facet, as numbers.
#[derive(Clone, Debug, Default)]
pub struct FacetIndex {
    /// One column per facet, in [`Facet::ALL`] order.
    columns: Vec<Column>,
}

fn facet_position(facet: Facet) -> usize {
    Facet::ALL.iter().position(|&f| f == facet).unwrap_or(0)
}

impl FacetIndex {
    /// Indexes every incident of `data`, in parallel.
    pub fn build(data: &Dataset) -> FacetIndex {
        let keys = Keys::of(data);
        let columns = Facet::ALL
            .par_iter()
            .map(|&facet| Self::column(data, &keys, facet))
            .collect();
        FacetIndex { columns }
    }

    /// One facet's column. Values are numbered from what the data already numbers (groups
    /// and organisations by position, stances by order, years from the first), so an
    /// incident's values are found without text or allocation; `values` in
    /// [`super::filter`] gives the same values as text, and a test holds the two together.
    fn column(data: &Dataset, keys: &Keys, facet: Facet) -> Column {
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = data
            .incidents
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk_number, chunk)| {
                let mut lengths = Vec::with_capacity(chunk.len());
                let mut ids = Vec::with_capacity(chunk.len() * 2);
                let mut mine: Vec<u32> = Vec::new();
                for (offset, incident) in chunk.iter().enumerate() {
                    mine.clear();
                    keys.values(
                        data,
                        facet,
                        chunk_number * CHUNK + offset,
                        incident,
                        &mut mine,
                    );
                    mine.sort_unstable();
                    mine.dedup();
                    lengths.push(mine.len() as u32);
                    ids.extend_from_slice(&mine);
                }
                (lengths, ids)
            })
            .collect();
        let values = keys.texts(data, facet);
        let single = chunks
            .iter()
            .all(|(lengths, _)| lengths.iter().all(|&length| length <= 1));
        let ids = if chunks.iter().all(|(_, ids)| ids.is_empty()) {
            ColumnIds::One(Vec::new())
        } else if single {
            let mut one = Vec::with_capacity(data.incidents.len());
            for (lengths, ids) in chunks {
                let mut ids = ids.into_iter();
                one.extend(lengths.into_iter().map(|length| {
                    if length == 1 {
                        ids.next().unwrap_or(NONE)
                    } else {
                        NONE
                    }
                }));
            }
            ColumnIds::One(one)
        } else {
            let mut offsets = Vec::with_capacity(data.incidents.len() + 1);
            let mut all = Vec::with_capacity(chunks.iter().map(|(_, ids)| ids.len()).sum());
            offsets.push(0);
            for (lengths, ids) in chunks {
                let mut at = all.len() as u32;
                all.extend(ids);
                for length in lengths {
                    at += length;
                    offsets.push(at);
                }
            }
            ColumnIds::Many { offsets, ids: all }
        };
        Column { values, ids }
    }

    fn column_of(&self, facet: Facet) -> Option<&Column> {
        self.columns.get(facet_position(facet))
    }

    /// The first and last year any incident is dated in (ranges of years count whole).
    pub fn year_span(&self) -> Option<(i32, i32)> {
        let years = self
            .column_of(Facet::Year)?
            .values
            .iter()
            .filter_map(|y| y.parse::<i32>().ok());
        let (min, max) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        (min <= max).then_some((min, max))
    }

    /// Compiles `filters` for fast matching: each facet's chosen values as a table.
    pub fn compile(&self, filters: &Filters) -> CompiledFilters {
        let chosen = Facet::ALL
            .iter()
            .map(|&facet| {
                let wanted = filters.chosen.get(&facet).filter(|v| !v.is_empty())?;
                let column = self.column_of(facet)?;
                Some(
                    column
                        .values
                        .iter()
                        .map(|v| wanted.contains(v.as_str()))
                        .collect(),
                )
            })
            .collect();
        CompiledFilters {
            chosen,
            from_year: filters.from_year,
            to_year: filters.to_year,
            empty: filters.is_empty(),
        }
    }

    /// Counts per value of every facet over `positions`, each facet counted with the other
    /// facets' filters applied (so a count says what choosing the value would give), as
    /// [`super::filter::facet_counts`] does, in parallel and without allocating per incident.
    pub fn count(&self, data: &Dataset, positions: &[u32], filters: &Filters) -> FacetCounts {
        let compiled = self.compile(filters);
        let sizes: Vec<usize> = self.columns.iter().map(|c| c.values.len()).collect();
        let zero = || sizes.iter().map(|&n| vec![0usize; n]).collect::<Vec<_>>();
        let present = || sizes.iter().map(|&n| vec![false; n]).collect::<Vec<_>>();
        let (counts, seen) = positions
            .par_chunks(CHUNK)
            .map(|chunk| {
                let (mut counts, mut seen) = (zero(), present());
                for &incident in chunk {
                    let failed = compiled.failing_facets(self, data, incident);
                    for (f, column) in self.columns.iter().enumerate() {
                        // It counts for this facet when every other facet lets it through.
                        let passes = failed & !(1 << f) == 0;
                        for &id in column.of(incident) {
                            seen[f][id as usize] = true;
                            counts[f][id as usize] += usize::from(passes);
                        }
                    }
                }
                (counts, seen)
            })
            .reduce(
                || (zero(), present()),
                |(mut counts, mut seen), (more, more_seen)| {
                    for (a, b) in counts.iter_mut().zip(more) {
                        for (x, y) in a.iter_mut().zip(b) {
                            *x += y;
                        }
                    }
                    for (a, b) in seen.iter_mut().zip(more_seen) {
                        for (x, y) in a.iter_mut().zip(b) {
                            *x |= y;
                        }
                    }
                    (counts, seen)
                },
            );
        let mut rows = Vec::new();
        let mut hidden = Vec::new();
        for (f, column) in self.columns.iter().enumerate() {
            let facet = Facet::ALL[f];
            let chosen = filters.chosen.get(&facet);
            let is_chosen = |value: &str| chosen.is_some_and(|c| c.contains(value));
            let mut listed: Vec<u32> = (0..column.values.len() as u32)
                .filter(|&id| seen[f][id as usize] || is_chosen(&column.values[id as usize]))
                .collect();
            // Names sort the long facets' values only once the most frequent are picked:
            // a million incidents can have two hundred thousand third parties.
            let unordered = !matches!(facet, Facet::Stance | Facet::Year);
            if unordered && listed.len() > LISTED {
                let key = |id: &u32| {
                    let chosen_first = !is_chosen(&column.values[*id as usize]);
                    (
                        chosen_first,
                        std::cmp::Reverse(counts[f][*id as usize]),
                        *id,
                    )
                };
                listed.select_nth_unstable_by_key(LISTED - 1, key);
                let chosen_beyond = listed[LISTED..]
                    .iter()
                    .filter(|&&id| is_chosen(&column.values[id as usize]))
                    .count();
                hidden.push((facet, listed.len() - LISTED - chosen_beyond));
                listed.truncate(LISTED);
            }
            let mut facet_rows: Vec<FacetCount> = listed
                .into_iter()
                .map(|id| {
                    let value = &column.values[id as usize];
                    FacetCount {
                        label: super::filter::value_label(data, facet, value),
                        facet,
                        value: value.to_string(),
                        count: counts[f][id as usize],
                    }
                })
                .collect();
            // Chosen values nobody has stay listed, at 0.
            for value in chosen.into_iter().flatten() {
                if !facet_rows.iter().any(|r| &r.value == value) {
                    facet_rows.push(FacetCount {
                        label: super::filter::value_label(data, facet, value),
                        facet,
                        value: value.clone(),
                        count: 0,
                    });
                }
            }
            match facet {
                Facet::Stance => {
                    let order = |v: &str| {
                        Stance::ALL
                            .iter()
                            .position(|s| s.label() == v)
                            .unwrap_or(usize::MAX)
                    };
                    facet_rows.sort_by_key(|row| order(&row.value));
                }
                Facet::Year => facet_rows.sort_by(|a, b| a.value.cmp(&b.value)),
                _ => facet_rows
                    .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))),
            }
            rows.extend(facet_rows);
        }
        FacetCounts { rows, hidden }
    }
}

/// What the filter panel lists: the values with their counts, and per long facet how many
/// values are left out (the [`LISTED`] most frequent and every chosen one are listed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// The listed values, facet by facet.
    pub rows: Vec<FacetCount>,
    /// Facets with more values than listed, and how many more.
    pub hidden: Vec<(Facet, usize)>,
}

/// The most values a facet lists in the filter panel, most frequent first.
pub const LISTED: usize = 100;

/// Filters compiled against a [`FacetIndex`].
#[derive(Clone, Debug, Default)]
pub struct CompiledFilters {
    /// Per facet, which value numbers are chosen; none when the facet filters nothing.
    chosen: Vec<Option<Vec<bool>>>,
    from_year: Option<i32>,
    to_year: Option<i32>,
    empty: bool,
}

impl CompiledFilters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// The facets incident `incident` fails, one bit each in [`Facet::ALL`] order (the year
    /// range counts as [`Facet::Year`]).
    fn failing_facets(&self, index: &FacetIndex, data: &Dataset, incident: u32) -> u16 {
        let mut failed = 0;
        if self.empty {
            return failed;
        }
        for (f, chosen) in self.chosen.iter().enumerate() {
            let Some(chosen) = chosen else {
                continue;
            };
            let has = index.columns[f]
                .of(incident)
                .iter()
                .any(|&id| chosen.get(id as usize).copied().unwrap_or(false));
            if !has {
                failed |= 1 << f;
            }
        }
        if !self.year_matches(data, incident) {
            failed |= 1 << facet_position(Facet::Year);
        }
        failed
    }

    fn year_matches(&self, data: &Dataset, incident: u32) -> bool {
        if self.from_year.is_none() && self.to_year.is_none() {
            return true;
        }
        let Some(date) = data.incidents.get(incident as usize).and_then(|i| i.date) else {
            return false;
        };
        let (first, last) = (date.year, date.until_year.unwrap_or(date.year));
        self.from_year.is_none_or(|from| last >= from) && self.to_year.is_none_or(|to| first <= to)
    }

    /// True when the incident at `incident` passes every filter.
    pub fn matches(&self, index: &FacetIndex, data: &Dataset, incident: u32) -> bool {
        self.empty || self.failing_facets(index, data, incident) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::filter::facet_counts;

    fn bundled() -> Dataset {
        crate::data::load_bundled().expect("bundled").dataset
    }

    #[test]
    fn counts_agree_with_the_plain_counting_whatever_the_filters() {
        let data = bundled();
        let index = FacetIndex::build(&data);
        let positions: Vec<u32> = (0..data.incidents.len() as u32).collect();
        let mut filters = Filters::default();
        assert_eq!(
            index.count(&data, &positions, &filters).rows,
            facet_counts(&data, &positions, &filters)
        );
        filters.toggle(Facet::Group, "shinyhunters");
        filters.toggle(Facet::Stance, "suspected");
        filters.from_year = Some(2024);
        assert_eq!(
            index.count(&data, &positions, &filters).rows,
            facet_counts(&data, &positions, &filters)
        );
        filters.toggle(Facet::Country, "nowhere");
        assert_eq!(
            index.count(&data, &positions, &filters).rows,
            facet_counts(&data, &positions, &filters),
            "a chosen value nobody has stays listed"
        );
    }

    /// Synthetic data has facets with one value per incident or none (sector, year, third
    /// party), with several (group, stance), and with no value at all (file): each kept
    /// its own way, all counted as the plain counting counts them.
    #[test]
    fn counts_agree_with_the_plain_counting_on_every_kind_of_column() {
        // Few enough organisations (60) that every value is listed, as the plain counting does.
        let data = crate::generate::synthetic(300, 5);
        let index = FacetIndex::build(&data);
        let positions: Vec<u32> = (0..data.incidents.len() as u32).step_by(3).collect();
        let mut filters = Filters::default();
        assert_eq!(
            index.count(&data, &positions, &filters).rows,
            facet_counts(&data, &positions, &filters)
        );
        let third_party = data.incidents[positions[1] as usize]
            .third_parties
            .first()
            .map(|t| t.organisation.to_string())
            .unwrap_or_default();
        filters.toggle(Facet::ThirdParty, &third_party);
        filters.toggle(Facet::Sector, "aviation");
        assert_eq!(
            index.count(&data, &positions, &filters).rows,
            facet_counts(&data, &positions, &filters)
        );
    }

    #[test]
    fn compiled_filters_match_as_the_plain_ones_do() {
        let data = crate::generate::synthetic(3_000, 5);
        let index = FacetIndex::build(&data);
        let mut filters = Filters::default();
        let some_group = data.groups[1].id.to_string();
        filters.toggle(Facet::Group, &some_group);
        filters.toggle(Facet::Stance, "claimed");
        filters.toggle(Facet::Stance, "suspected");
        filters.to_year = Some(2020);
        let compiled = index.compile(&filters);
        for (position, incident) in data.incidents.iter().enumerate() {
            assert_eq!(
                compiled.matches(&index, &data, position as u32),
                filters.matches(&data, incident),
                "incident {position}"
            );
        }
    }
}
