//! Filters over incidents, like the facets of a search page: by group, stance, sector,
//! country, year range, entry vector and third party. Values within one facet are
//! alternatives (any of them); facets combine (all of them).

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Dataset, Incident, Stance, Text};

pub use super::model::Facet;

/// The value an incident without an entry vector has in that facet.
pub const NOT_STATED: &str = "not stated";

/// The active filters. Empty sets and open year bounds filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Chosen values per facet (group and third-party values are ids; years are not here).
    pub chosen: BTreeMap<Facet, BTreeSet<String>>,
    /// First year of the range, inclusive.
    pub from_year: Option<i32>,
    /// Last year of the range, inclusive.
    pub to_year: Option<i32>,
}

/// The values an incident has in a facet (ids for groups and third parties; years as text).
pub fn values(data: &Dataset, incident: &Incident, facet: Facet) -> Vec<Text> {
    let organisations = || {
        incident
            .victims
            .iter()
            .filter_map(|id| data.organisation(id))
    };
    let mut values: Vec<Text> = match facet {
        Facet::Group => incident.claims.iter().map(|c| c.group.clone()).collect(),
        Facet::Stance => incident
            .claims
            .iter()
            .map(|c| Text::const_new(c.stance.label()))
            .collect(),
        Facet::Sector => organisations().filter_map(|o| o.sector.clone()).collect(),
        Facet::Country => organisations().filter_map(|o| o.country.clone()).collect(),
        Facet::Year => incident
            .date
            .map(|d| {
                (d.year..=d.until_year.unwrap_or(d.year))
                    .map(|y| compact_str::format_compact!("{y}"))
                    .collect()
            })
            .unwrap_or_default(),
        Facet::EntryVector => vec![
            incident
                .entry_vector
                .as_ref()
                .and_then(|f| f.kind().cloned())
                .unwrap_or_else(|| Text::const_new(NOT_STATED)),
        ],
        Facet::ThirdParty => incident
            .third_parties
            .iter()
            .map(|t| t.organisation.clone())
            .collect(),
        // Only a workspace of several files has a file to tell apart.
        Facet::File => data.file_of(incident).map(Text::from).into_iter().collect(),
    };
    values.sort();
    values.dedup();
    values
}

/// How a facet value reads on screen: a group's or organisation's name, or the value.
pub fn value_label(data: &Dataset, facet: Facet, value: &str) -> String {
    let label = match facet {
        Facet::Group => data.group_name(value),
        Facet::ThirdParty => data.organisation_name(value),
        _ => value,
    };
    // A label is read in a panel row: a megabyte-long tag is cut, not copied and sorted whole.
    match label.char_indices().nth(LABEL_LIMIT) {
        Some((at, _)) => format!("{}…", &label[..at]),
        None => label.to_string(),
    }
}

/// The most characters of a value a filter row's label holds.
pub const LABEL_LIMIT: usize = 200;

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.chosen.values().all(BTreeSet::is_empty)
            && self.from_year.is_none()
            && self.to_year.is_none()
    }

    /// Adds or removes a value of a facet.
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        let values = self.chosen.entry(facet).or_default();
        if !values.remove(value) {
            values.insert(value.to_string());
        }
    }

    /// True when the value is chosen.
    pub fn is_chosen(&self, facet: Facet, value: &str) -> bool {
        self.chosen.get(&facet).is_some_and(|v| v.contains(value))
    }

    fn year_matches(&self, incident: &Incident) -> bool {
        if self.from_year.is_none() && self.to_year.is_none() {
            return true;
        }
        // A date known only as a range of years matches when the ranges overlap.
        let Some(date) = incident.date else {
            return false;
        };
        let (first, last) = (date.year, date.until_year.unwrap_or(date.year));
        self.from_year.is_none_or(|from| last >= from) && self.to_year.is_none_or(|to| first <= to)
    }

    /// True when the incident passes every facet but `except`.
    pub fn matches_except(
        &self,
        data: &Dataset,
        incident: &Incident,
        except: Option<Facet>,
    ) -> bool {
        let facets_ok = self.chosen.iter().all(|(&facet, chosen)| {
            Some(facet) == except
                || chosen.is_empty()
                || values(data, incident, facet)
                    .iter()
                    .any(|v| chosen.contains(v.as_str()))
        });
        facets_ok && (except == Some(Facet::Year) || self.year_matches(incident))
    }

    /// True when the incident passes every filter.
    pub fn matches(&self, data: &Dataset, incident: &Incident) -> bool {
        self.is_empty() || self.matches_except(data, incident, None)
    }

    /// The active filters in words, for the status bar: "group: ShinyHunters", "2024–2025".
    pub fn describe(&self, data: &Dataset) -> Vec<String> {
        let mut parts: Vec<String> = self
            .chosen
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(&facet, values)| {
                let labels: Vec<String> =
                    values.iter().map(|v| value_label(data, facet, v)).collect();
                format!("{}: {}", facet.label(), labels.join(" or "))
            })
            .collect();
        match (self.from_year, self.to_year) {
            (None, None) => {}
            (Some(from), None) => parts.push(format!("year: {from} on")),
            (None, Some(to)) => parts.push(format!("year: up to {to}")),
            (Some(from), Some(to)) if from == to => parts.push(format!("year: {from}")),
            (Some(from), Some(to)) => parts.push(format!("year: {from}–{to}")),
        }
        parts
    }
}

/// One facet value with how many incidents have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    /// The facet.
    pub facet: Facet,
    /// The value's key.
    pub value: String,
    /// How it reads.
    pub label: String,
    /// Incidents among `positions` passing the other facets' filters that have it.
    pub count: usize,
}

/// Counts per value of every facet over `positions`, each facet counted with the other
/// facets' filters applied (so a count says what choosing the value would give).
pub fn facet_counts(data: &Dataset, positions: &[u32], filters: &Filters) -> Vec<FacetCount> {
    let mut counts = Vec::new();
    for facet in Facet::ALL {
        // Every value the positions have is listed, at 0 when the other filters leave none,
        // so the panel keeps its shape while filters change.
        let mut per_value: BTreeMap<Text, usize> = BTreeMap::new();
        for &position in positions {
            let Some(incident) = data.incidents.get(position as usize) else {
                continue;
            };
            let passes = filters.matches_except(data, incident, Some(facet));
            for value in values(data, incident, facet) {
                *per_value.entry(value).or_default() += usize::from(passes);
            }
        }
        // Chosen values stay listed even when nothing has them now.
        for chosen in filters.chosen.get(&facet).into_iter().flatten() {
            per_value.entry(chosen.as_str().into()).or_default();
        }
        let mut rows: Vec<FacetCount> = per_value
            .into_iter()
            .map(|(value, count)| FacetCount {
                label: value_label(data, facet, &value),
                facet,
                value: value.into(),
                count,
            })
            .collect();
        if facet == Facet::Stance {
            let order = |v: &str| {
                Stance::ALL
                    .iter()
                    .position(|s| s.label() == v)
                    .unwrap_or(usize::MAX)
            };
            rows.sort_by_key(|row| order(&row.value));
        } else if facet != Facet::Year {
            rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        }
        counts.extend(rows);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_bundled;

    fn data() -> Dataset {
        load_bundled().unwrap().dataset
    }

    fn matching(data: &Dataset, filters: &Filters) -> Vec<String> {
        data.incidents
            .iter()
            .filter(|i| filters.matches(data, i))
            .map(|i| i.id.to_string())
            .collect()
    }

    #[test]
    fn values_within_a_facet_are_alternatives_and_facets_combine() {
        let data = data();
        let mut filters = Filters::default();
        filters.toggle(Facet::Group, "scattered-spider");
        assert_eq!(matching(&data, &filters).len(), 3);
        filters.toggle(Facet::Group, "r00tk1t");
        assert_eq!(matching(&data, &filters).len(), 6, "either group");
        filters.toggle(Facet::Stance, "disputed");
        assert_eq!(
            matching(&data, &filters),
            vec!["maxis-2024"],
            "and a disputed claim"
        );
        filters.toggle(Facet::Stance, "disputed");
        filters.toggle(Facet::Group, "r00tk1t");
        filters.toggle(Facet::Group, "scattered-spider");
        assert!(filters.is_empty() || filters.chosen.values().all(BTreeSet::is_empty));
        assert_eq!(matching(&data, &filters).len(), data.incidents.len());
    }

    #[test]
    fn a_year_range_respects_partial_dates() {
        let data = data();
        let filters = Filters {
            from_year: Some(2010),
            to_year: Some(2019),
            ..Filters::default()
        };
        let found = matching(&data, &filters);
        assert!(
            found.contains(&"kaspersky-website-hack".to_string()),
            "2009/2010 overlaps 2010–2019"
        );
        assert!(found.contains(&"lion-group-leak-2019".to_string()));
        assert!(!found.contains(&"maxis-2024".to_string()));
        let only_2009 = Filters {
            from_year: Some(2009),
            to_year: Some(2009),
            ..Filters::default()
        };
        assert_eq!(matching(&data, &only_2009), vec!["kaspersky-website-hack"]);
    }

    #[test]
    fn facet_counts_say_what_choosing_a_value_would_give() {
        let data = data();
        let all: Vec<u32> = (0..data.incidents.len() as u32).collect();
        let mut filters = Filters::default();
        filters.toggle(Facet::Group, "shinyhunters");
        let counts = facet_counts(&data, &all, &filters);
        let count = |facet, value: &str| {
            counts
                .iter()
                .find(|c| c.facet == facet && c.value == value)
                .map_or(0, |c| c.count)
        };
        assert_eq!(
            count(Facet::Group, "scattered-spider"),
            3,
            "the group facet ignores its own filter"
        );
        assert_eq!(count(Facet::ThirdParty, "salesforce"), 1);
        assert_eq!(
            count(Facet::Country, "Malaysia"),
            0,
            "no ShinyHunters incident is Malaysian"
        );
        assert!(
            counts
                .iter()
                .any(|c| c.facet == Facet::Country && c.value == "Malaysia"),
            "values at 0 stay listed"
        );
        assert!(
            counts
                .iter()
                .any(|c| c.facet == Facet::EntryVector && c.value == NOT_STATED)
        );
    }

    #[test]
    fn the_status_bar_reads_the_filters_in_words() {
        let data = data();
        let mut filters = Filters {
            from_year: Some(2024),
            to_year: Some(2025),
            ..Filters::default()
        };
        filters.toggle(Facet::Group, "shinyhunters");
        assert_eq!(
            filters.describe(&data),
            vec!["group: ShinyHunters", "year: 2024–2025"]
        );
    }
}
