//! "Did you mean": when a query finds nothing, the names closest to it by edit distance
//! (groups, their aliases, victims and third parties), so a typo costs one key, not a retype.

use rustc_hash::FxHashSet;

use super::fold::fold;
use crate::data::Dataset;

/// What kind of name a suggestion is, for the words around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// An attacker group's name.
    Group,
    /// One of a group's aliases.
    Alias,
    /// An organisation some breach went through.
    ThirdParty,
    /// A breached organisation (or any other organisation in the data).
    Organisation,
}

impl NameKind {
    /// The kind in words: "group", "alias".
    pub fn label(self) -> &'static str {
        match self {
            NameKind::Group => "group",
            NameKind::Alias => "alias",
            NameKind::ThirdParty => "third party",
            NameKind::Organisation => "organisation",
        }
    }
}

/// A name close to a query that found nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The name as the data writes it: the query to search for instead.
    pub name: String,
    /// What it names.
    pub kind: NameKind,
    /// For an alias, the group's own name.
    pub of: Option<String>,
    /// Edits between the query and the name (smaller is closer).
    pub distance: usize,
}

/// One name to compare queries with, folded once.
#[derive(Debug)]
struct Candidate {
    folded: String,
    /// The folded name's words, for queries that name only one of them ("spidr").
    words: Vec<String>,
    name: String,
    kind: NameKind,
    of: Option<String>,
}

/// Every distinct name of a data set, folded, ready to be compared with queries.
#[derive(Debug, Default)]
pub struct Names {
    candidates: Vec<Candidate>,
}

/// How many edits a query of `length` characters may be from a name: one for short
/// queries, about one in five characters for long ones, never more than three.
fn tolerance(length: usize) -> usize {
    (1 + length / 5).min(3)
}

impl Names {
    /// Collects the names of `data`: groups first, then aliases, third parties and other
    /// organisations, so that among equally close names the likelier one is offered first.
    pub fn of(data: &Dataset) -> Names {
        let third_parties: FxHashSet<&str> = data
            .incidents
            .iter()
            .flat_map(|i| i.third_parties.iter().map(|t| t.organisation.as_str()))
            .collect();
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut candidates = Vec::new();
        let mut add = |name: &str, kind: NameKind, of: Option<&str>| {
            let folded = fold(name).trim().to_string();
            if folded.is_empty() || !seen.insert(folded.clone()) {
                return;
            }
            candidates.push(Candidate {
                words: folded.split_whitespace().map(str::to_string).collect(),
                folded,
                name: name.to_string(),
                kind,
                of: of.map(str::to_string),
            });
        };
        for group in &data.groups {
            add(&group.name, NameKind::Group, None);
        }
        for group in &data.groups {
            for alias in &group.aliases {
                add(&alias.name, NameKind::Alias, Some(&group.name));
            }
        }
        for organisation in &data.organisations {
            if third_parties.contains(organisation.id.as_str()) {
                add(&organisation.name, NameKind::ThirdParty, None);
            }
        }
        for organisation in &data.organisations {
            add(&organisation.name, NameKind::Organisation, None);
        }
        Names { candidates }
    }

    /// The names closest to `query`, closest first, at most `limit` of them; none when
    /// nothing is within a few edits.
    pub fn closest(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let wanted = fold(query).split_whitespace().collect::<Vec<_>>().join(" ");
        let length = wanted.chars().count();
        if length < 3 {
            return Vec::new();
        }
        let allowed = tolerance(length);
        let mut found: Vec<(usize, usize, Suggestion)> = Vec::new();
        for (order, candidate) in self.candidates.iter().enumerate() {
            let whole = distance_within(&wanted, length, &candidate.folded, allowed);
            // A one-word query may be a misspelt word of a longer name: "spidr".
            let word = if wanted.contains(' ') || candidate.words.len() < 2 {
                None
            } else {
                candidate
                    .words
                    .iter()
                    .filter_map(|w| distance_within(&wanted, length, w, allowed))
                    .min()
            };
            let Some(distance) = [whole, word].into_iter().flatten().min() else {
                continue;
            };
            // An exact word of a name is not a typo: the search would have found it.
            if distance == 0 {
                continue;
            }
            found.push((
                distance,
                order,
                Suggestion {
                    name: candidate.name.clone(),
                    kind: candidate.kind,
                    of: candidate.of.clone(),
                    distance,
                },
            ));
        }
        found.sort_by_key(|(distance, order, _)| (*distance, *order));
        found.into_iter().take(limit).map(|(_, _, s)| s).collect()
    }
}

/// The Damerau-Levenshtein distance between `a` (of `a_length` characters) and `b`, if it
/// is at most `allowed`. Names whose lengths alone differ by more are skipped unmeasured,
/// which keeps a query against a million names fast.
fn distance_within(a: &str, a_length: usize, b: &str, allowed: usize) -> Option<usize> {
    let b_length = b.chars().count();
    if a_length.abs_diff(b_length) > allowed {
        return None;
    }
    let distance = strsim::damerau_levenshtein(a, b);
    (distance <= allowed).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Names {
        let data = crate::data::load_bundled().expect("bundled data").dataset;
        Names::of(&data)
    }

    #[test]
    fn a_misspelt_group_is_suggested_first() {
        let names = bundled();
        let found = names.closest("shinyhuntres", 3);
        assert_eq!(found.first().map(|s| s.name.as_str()), Some("ShinyHunters"));
        assert_eq!(found[0].kind, NameKind::Group);
    }

    #[test]
    fn an_alias_says_whose_it_is() {
        let names = bundled();
        let found = names.closest("octo tempst", 3);
        let first = found.first().expect("a suggestion");
        assert_eq!(first.name, "Octo Tempest");
        assert_eq!(first.kind, NameKind::Alias);
        assert_eq!(first.of.as_deref(), Some("Scattered Spider"));
    }

    #[test]
    fn one_misspelt_word_of_a_longer_name_finds_it() {
        let names = bundled();
        let found = names.closest("spidr", 3);
        assert!(
            found.iter().any(|s| s.name == "Scattered Spider"),
            "{found:?}"
        );
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        let names = bundled();
        assert!(names.closest("zzzzqqqq", 3).is_empty());
        assert!(names.closest("ab", 3).is_empty(), "too short to guess");
    }
}
