//! Positions of sources, groups, organisations and incidents by id, for lookups by id.
//!
//! Each list's table holds positions only (4 bytes each); the ids stay where they are, in
//! the data. A table keyed by a copy of every id cost 69 MB at a million incidents, this
//! one 10 MB, and it is built faster: the ids are hashed on every core, and only the
//! inserts, one probe each, run in turn.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

/// Every list's positions by id. A cache: lookups check every hit and fall back to a scan,
/// so a stale index is slow, never wrong.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    pub(crate) sources: Positions,
    pub(crate) groups: Positions,
    pub(crate) organisations: Positions,
    pub(crate) incidents: Positions,
}

impl PartialEq for IdIndex {
    /// A cache says nothing about the data: two data sets are equal whatever their caches.
    fn eq(&self, _: &IdIndex) -> bool {
        true
    }
}

/// One list's positions, found by the hash of the id at that position.
#[derive(Clone, Debug, Default)]
pub(crate) struct Positions {
    table: HashTable<u32>,
}

/// Ids are short keys the file itself supplies; FxHash is several times faster than the
/// default hasher on them, and nothing here needs protection from crafted collisions more
/// than a slower load would give.
fn hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Positions {
    /// The position of every id in `items`; of duplicate ids, the first.
    pub(crate) fn of<T: Sync>(items: &[T], id_of: impl Fn(&T) -> &str + Sync) -> Positions {
        let hashes: Vec<u64> = items.par_iter().map(|item| hash(id_of(item))).collect();
        let mut table = HashTable::with_capacity(items.len());
        for ((position, item), &hash) in items.iter().enumerate().zip(&hashes) {
            // Past 4 billion items the rest are found by scanning.
            let Ok(position) = u32::try_from(position) else {
                break;
            };
            let id = id_of(item);
            let same = |&p: &u32| items.get(p as usize).is_some_and(|i| id_of(i) == id);
            let rehash = |&p: &u32| hashes.get(p as usize).copied().unwrap_or_default();
            if let Entry::Vacant(place) = table.entry(hash, same, rehash) {
                place.insert(position);
            }
        }
        Positions { table }
    }

    /// The position of the item with `id`: the indexed one if its id matches, else the first
    /// with that id.
    pub(crate) fn find<T>(
        &self,
        items: &[T],
        id: &str,
        id_of: impl Fn(&T) -> &str,
    ) -> Option<usize> {
        self.find_by(id, |p| items.get(p).map(&id_of))
            .or_else(|| items.iter().position(|item| id_of(item) == id))
    }

    /// The indexed position of `id`, reading the id at a position with `id_at`; no scan, so
    /// only for an index known to be up to date.
    pub(crate) fn find_by<'a>(
        &self,
        id: &str,
        id_at: impl Fn(usize) -> Option<&'a str>,
    ) -> Option<usize> {
        self.table
            .find(hash(id), |&p| id_at(p as usize) == Some(id))
            .map(|&p| p as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn every_id_is_found_at_its_first_position() {
        let items = ids(&["a", "b", "a", "c", "", "b"]);
        let positions = Positions::of(&items, |s| s);
        let find = |id| positions.find(&items, id, |s: &String| s);
        assert_eq!(find("a"), Some(0));
        assert_eq!(find("b"), Some(1));
        assert_eq!(find("c"), Some(3));
        assert_eq!(find(""), Some(4));
        assert_eq!(find("d"), None);
    }

    #[test]
    fn a_stale_index_still_finds_by_scanning() {
        let mut items = ids(&["a", "b"]);
        let positions = Positions::of(&items, |s| s);
        items.swap(0, 1);
        items.push("c".into());
        let find = |id| positions.find(&items, id, |s: &String| s);
        assert_eq!(find("a"), Some(1));
        assert_eq!(find("b"), Some(0));
        assert_eq!(find("c"), Some(2));
    }

    #[test]
    fn many_ids_each_find_their_own_position() {
        let items: Vec<String> = (0..50_000).map(|n| format!("incident-{n}")).collect();
        let positions = Positions::of(&items, |s| s);
        for (position, id) in items.iter().enumerate() {
            assert_eq!(positions.find(&items, id, |s: &String| s), Some(position));
        }
    }
}
