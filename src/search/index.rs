//! The search index: every searchable field of every incident, prepared once at load.
//!
//! Short fields shared between incidents (organisations, groups and aliases, sectors,
//! countries, data types, tags) are interned as *terms*, so a query scores "Octo Tempest"
//! once, not once per incident. Titles are per incident. Long free text (summaries, facts,
//! notes) is not fuzzy-matched at all: fuzzy matching 500 characters matches almost
//! anything, so long text is searched for the query's words instead, at a low weight.
//!
//! For speed the index also keeps, computed once: a 64-bit mask of the characters in every
//! term and title, so a query word containing a letter the text lacks is rejected without
//! running the matcher; and long text as interned folded words with each incident's list
//! of word ids, so finding a query word in long text means testing each distinct word once
//! per query and then a few bits per incident, not scanning every incident's text.

use std::sync::Arc;

use rayon::prelude::*;

use super::fold::{fold, fold_into, needs_folded_copy};
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

/// Fields of one incident, or one organisation's or group's share of them.
type Fields = Box<[(FieldKind, u32)]>;

/// Every incident's searchable fields, built once per data set.
#[derive(Debug)]
pub struct SearchIndex {
    /// The data the index was built from.
    pub data: Arc<Dataset>,
    /// A number no other index built by this process has: results carry it, so an answer
    /// computed on replaced data is recognised and dropped.
    pub generation: u64,
    /// Interned short strings.
    pub terms: Vec<Term>,
    /// Incident positions, newest first (undated last): the order for an empty query.
    pub newest_first: Vec<u32>,
    /// Each incident's position in `newest_first`, to break ties between equal scores.
    pub recency_rank: Vec<u32>,
    /// Per term, the characters of its haystack (see [`char_mask`]).
    pub(super) term_masks: Vec<u64>,
    /// Titles and fields again, packed for scanning, in `newest_first` order.
    pub(super) packed: Packed,
    /// Long text as words, in `newest_first` order.
    pub(super) text: TextWords,
}

/// Every incident's title haystack and shared fields again, in flat arrays, so that a search
/// reads memory front to back instead of one allocation per incident. The arrays go newest
/// first (indexed by rank in `newest_first`): a search over them finds its matches in
/// recency order, and then only has to sort them by score, stably. They are kept in pieces
/// of [`CHUNK`] incidents, as built in parallel: joining them would need twice the memory
/// for a moment.
#[derive(Debug, Default)]
pub(super) struct Packed {
    pieces: Vec<PackedPiece>,
}

/// The packed titles and fields of [`CHUNK`] incidents in a row (fewer in the last piece).
#[derive(Debug, Default)]
struct PackedPiece {
    /// Per incident, the characters of its title haystack (see [`char_mask`]).
    title_masks: Vec<u64>,
    /// Title haystacks, one after another.
    titles: String,
    /// Where each title starts in `titles`; one more entry than incidents.
    title_starts: Vec<u32>,
    /// Each incident's fields, one incident after another: the kinds…
    field_kinds: Vec<FieldKind>,
    /// …and the terms.
    field_terms: Vec<u32>,
    /// Where each incident's fields start; one more entry than incidents.
    field_starts: Vec<u32>,
}

impl PackedPiece {
    /// Gives back what the arrays' growth left unused: a third of them, on average.
    fn shrink_to_fit(&mut self) {
        self.title_masks.shrink_to_fit();
        self.titles.shrink_to_fit();
        self.title_starts.shrink_to_fit();
        self.field_kinds.shrink_to_fit();
        self.field_terms.shrink_to_fit();
        self.field_starts.shrink_to_fit();
    }

    /// Appends one incident's title haystack and fields.
    fn push(&mut self, title: &str, title_mask: u64, fields: &[(FieldKind, u32)]) {
        if self.title_starts.is_empty() {
            self.title_starts.push(0);
            self.field_starts.push(0);
        }
        self.title_masks.push(title_mask);
        self.titles.push_str(title);
        self.title_starts
            .push(u32::try_from(self.titles.len()).unwrap_or(u32::MAX));
        self.field_kinds
            .extend(fields.iter().map(|&(kind, _)| kind));
        self.field_terms
            .extend(fields.iter().map(|&(_, term)| term));
        self.field_starts
            .push(u32::try_from(self.field_terms.len()).unwrap_or(u32::MAX));
    }
}

impl Packed {
    /// The characters of the title haystack of the incident at `rank` (see [`char_mask`]).
    pub(super) fn title_mask(&self, rank: u32) -> u64 {
        let (piece, i) = piece_of(rank);
        self.pieces[piece].title_masks[i]
    }

    /// The title haystack of the incident at `rank`.
    pub(super) fn title(&self, rank: u32) -> &str {
        let (piece, i) = piece_of(rank);
        let piece = &self.pieces[piece];
        &piece.titles[piece.title_starts[i] as usize..piece.title_starts[i + 1] as usize]
    }

    /// The kinds and terms of the fields of the incident at `rank`.
    pub(super) fn fields(&self, rank: u32) -> (&[FieldKind], &[u32]) {
        let (piece, i) = piece_of(rank);
        let piece = &self.pieces[piece];
        let range = piece.field_starts[i] as usize..piece.field_starts[i + 1] as usize;
        (&piece.field_kinds[range.clone()], &piece.field_terms[range])
    }
}

/// The long text of every incident as folded, whitespace-separated words. A query word has
/// no whitespace, so it occurs in an incident's folded text exactly when it occurs in one of
/// the text's words.
#[derive(Debug, Default)]
pub(super) struct TextWords {
    /// Every distinct folded word.
    pub(super) words: Vocabulary,
    /// Each incident's distinct word ids, [`CHUNK`] incidents to a piece, newest first.
    /// Pieces are kept as built: joining them would need twice the memory for a moment.
    pieces: Vec<WordPiece>,
}

/// Distinct words numbered from 0, one after another in one string: one allocation rather
/// than one per word, which (tens of thousands of them, made while each chunk's own words
/// come and go) would leave the chunks' freed words resident between them.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
}

impl Vocabulary {
    /// How many words there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The word numbered `id`.
    pub(super) fn get(&self, id: usize) -> &str {
        let start = id
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        &self.text[start..self.ends[id] as usize]
    }

    /// The words numbered `ids`, in order.
    pub(super) fn range(&self, ids: std::ops::Range<usize>) -> impl Iterator<Item = &str> {
        ids.map(|id| self.get(id))
    }

    /// Adds `word` and gives its number.
    fn push(&mut self, word: &str) -> u32 {
        self.text.push_str(word);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        u32::try_from(self.ends.len() - 1).unwrap_or(u32::MAX)
    }
}

/// The word ids of [`CHUNK`] incidents in a row (fewer in the last piece).
#[derive(Debug, Default)]
struct WordPiece {
    /// Each incident's distinct word ids, one incident after another.
    ids: WordIds,
    /// Where each incident's ids start in `ids`; one more entry than incidents.
    starts: Vec<u32>,
    /// Per incident, the [`word_bit`]s of its words: a query word none of whose matching
    /// words has a bit here is not in the incident's text, and its ids need no reading.
    signatures: Vec<u64>,
}

/// Word ids in two bytes each while they fit (they do for all but the most varied text):
/// they are the bulk of the index.
#[derive(Debug)]
enum WordIds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for WordIds {
    fn default() -> WordIds {
        WordIds::Narrow(Vec::new())
    }
}

impl WordIds {
    /// Room for `count` ids, two bytes each until an id needs more (see [`WordIds::push`]):
    /// made once at its final size, with no wider copy or growth on the way, whose freed
    /// blocks would stay resident between the index's kept arrays.
    fn with_capacity(count: usize) -> WordIds {
        WordIds::Narrow(Vec::with_capacity(count))
    }

    /// Appends `id`, widening every id to four bytes the first time one needs them.
    fn push(&mut self, id: u32) {
        match self {
            WordIds::Narrow(ids) => match u16::try_from(id) {
                Ok(narrow) => ids.push(narrow),
                Err(_) => {
                    let mut wide = Vec::with_capacity(ids.capacity().max(ids.len() + 1));
                    wide.extend(ids.iter().map(|&id| u32::from(id)));
                    wide.push(id);
                    *self = WordIds::Wide(wide);
                }
            },
            WordIds::Wide(ids) => ids.push(id),
        }
    }

    /// How many ids there are.
    fn len(&self) -> usize {
        match self {
            WordIds::Narrow(ids) => ids.len(),
            WordIds::Wide(ids) => ids.len(),
        }
    }

    /// Calls `f` with each id in `range`, in order.
    fn each(&self, range: std::ops::Range<u32>, mut f: impl FnMut(u32)) {
        let range = range.start as usize..range.end as usize;
        match self {
            WordIds::Narrow(ids) => ids[range].iter().for_each(|&id| f(u32::from(id))),
            WordIds::Wide(ids) => ids[range].iter().for_each(|&id| f(id)),
        }
    }
}

/// One of 64 bits for a word id, for [`WordPiece::signatures`].
pub(super) fn word_bit(id: u32) -> u64 {
    1 << (id.wrapping_mul(0x9e37_79b1) >> 26)
}

/// The piece holding the incident at `rank`, and its place in the piece.
fn piece_of(rank: u32) -> (usize, usize) {
    (rank as usize / CHUNK, rank as usize % CHUNK)
}

impl TextWords {
    /// True when `wanted` is true of some distinct word of the long text of the incident at
    /// `rank`.
    pub(super) fn any_word(&self, rank: u32, mut wanted: impl FnMut(u32) -> bool) -> bool {
        let (piece, i) = piece_of(rank);
        let piece = &self.pieces[piece];
        let range = piece.starts[i] as usize..piece.starts[i + 1] as usize;
        match &piece.ids {
            WordIds::Narrow(ids) => ids[range].iter().any(|&id| wanted(u32::from(id))),
            WordIds::Wide(ids) => ids[range].iter().any(|&id| wanted(id)),
        }
    }

    /// The distinct words of the long text of the incident at `rank`.
    #[cfg(test)]
    pub(super) fn of(&self, rank: u32) -> Vec<u32> {
        let mut ids = Vec::new();
        self.any_word(rank, |id| {
            ids.push(id);
            false
        });
        ids
    }

    /// The word bits of the incident at `rank` (see [`WordPiece::signatures`]).
    pub(super) fn signature(&self, rank: u32) -> u64 {
        let (piece, i) = piece_of(rank);
        self.pieces[piece].signatures[i]
    }
}

/// Set for any text that is not ASCII: such text goes to the general matcher.
pub(super) const NON_ASCII: u64 = 1 << 63;

/// The bit of each byte: one per ASCII letter (either case) and digit, shared bits for
/// other ASCII, one bit (plus [`NON_ASCII`]) for every byte of a non-ASCII character.
const BYTE_BITS: [u64; 256] = {
    let mut bits = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = (b as u8).to_ascii_lowercase();
        bits[b] = match byte {
            b'a'..=b'z' => 1 << (byte - b'a'),
            b'0'..=b'9' => 1 << (26 + byte - b'0'),
            0..=127 => 1 << (36 + byte % 26),
            _ => (1 << 62) | NON_ASCII,
        };
        b += 1;
    }
    bits
};

/// Which characters `text` holds, as bits; equal up to ASCII case gives the same bit. A
/// word can only match text whose mask has every bit of the word's mask (bar `NON_ASCII`).
pub(super) fn char_mask(text: &str) -> u64 {
    text.bytes().fold(0, |mask, b| mask | BYTE_BITS[b as usize])
}

/// A small, fast hash for interning (`rustc-hash`'s FxHash): the index hashes tens of
/// millions of words.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

struct Interner {
    terms: Vec<Term>,
    ids: FastMap<Box<str>, u32>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(Term::new(text));
        self.ids.insert(text.into(), id);
        id
    }
}

/// The long-text words of [`CHUNK`] incidents in a row of the file, numbered by the chunk.
struct TextChunk {
    /// The chunk's distinct folded words, by the chunk's id.
    words: Vec<Box<str>>,
    /// Each incident's distinct ids, one incident after another.
    ids: WordIds,
    /// Where each incident's ids start in `ids`; one more entry than incidents.
    starts: Vec<u32>,
}

/// The long-text words of `incidents`, numbered by first appearance in them.
fn text_chunk(incidents: &[Incident]) -> TextChunk {
    // Words as written first: most recur exactly so, and need neither folding nor copying.
    let mut as_written: FastMap<&str, u32> = FastMap::default();
    let mut as_folded: FastMap<Box<str>, u32> = FastMap::default();
    // About as many distinct words as the synthetic data's incidents have (22).
    let mut ids = WordIds::with_capacity(incidents.len() * 24);
    let mut starts = Vec::with_capacity(incidents.len() + 1);
    starts.push(0);
    let mut mine = Vec::new();
    let mut buffer = String::new();
    for incident in incidents {
        mine.clear();
        for long in long_texts(incident) {
            // Folding keeps whitespace whitespace and nothing else, so folding word by word
            // gives the words of the folded text.
            for word in long.split_whitespace() {
                let id = match as_written.get(word) {
                    Some(&id) => id,
                    None => {
                        let folded = fold_into(word, &mut buffer);
                        let id = match as_folded.get(folded) {
                            Some(&id) => id,
                            None => {
                                let id = u32::try_from(as_folded.len()).unwrap_or(u32::MAX);
                                as_folded.insert(folded.into(), id);
                                id
                            }
                        };
                        as_written.insert(word, id);
                        id
                    }
                };
                mine.push(id);
            }
        }
        mine.sort_unstable();
        mine.dedup();
        mine.iter().for_each(|&id| ids.push(id));
        starts.push(u32::try_from(ids.len()).unwrap_or(u32::MAX));
    }
    let mut words = vec![Box::<str>::default(); as_folded.len()];
    for (word, id) in as_folded {
        words[id as usize] = word;
    }
    TextChunk { ids, words, starts }
}

/// Builds [`TextWords`] for every incident, in the order of `order`. The words are read in
/// the file's order, a chunk of incidents at a time on every core, each chunk numbering its
/// own words: incidents lie in memory in that order, and reading them in another (newest
/// first) waits on memory twice as long. The chunks' vocabularies are then merged, each
/// chunk's ids renumbered, and each piece of the index gathers its incidents' ids from the
/// chunks.
fn text_words(data: &Dataset, order: &[u32]) -> TextWords {
    let chunks: Vec<TextChunk> = data.incidents.par_chunks(CHUNK).map(text_chunk).collect();
    let mut ids_of: FastMap<&str, u32> = FastMap::default();
    let mut words = Vocabulary::default();
    let maps: Vec<Vec<u32>> = chunks
        .iter()
        .map(|chunk| {
            chunk
                .words
                .iter()
                .map(|word| *ids_of.entry(&**word).or_insert_with(|| words.push(word)))
                .collect()
        })
        .collect();
    words.text.shrink_to_fit();
    words.ends.shrink_to_fit();
    drop(ids_of);
    // Renumbered chunk by chunk, each reading its own short map: the pieces below then read
    // each incident's ids and nothing else, not a map of another chunk per id.
    let chunks: Vec<TextChunk> = chunks
        .into_par_iter()
        .zip(maps)
        .map(|(chunk, map)| {
            let mut ids = WordIds::with_capacity(chunk.ids.len());
            chunk.ids.each(0..chunk.ids.len() as u32, |local| {
                ids.push(map[local as usize]);
            });
            TextChunk {
                words: Vec::new(),
                ids,
                starts: chunk.starts,
            }
        })
        .collect();
    let pieces = order
        .par_chunks(CHUNK)
        .map(|part| {
            let count = part.iter().map(|&position| {
                let (c, k) = piece_of(position);
                (chunks[c].starts[k + 1] - chunks[c].starts[k]) as usize
            });
            let mut ids = WordIds::with_capacity(count.sum());
            let mut starts = Vec::with_capacity(part.len() + 1);
            let mut signatures = Vec::with_capacity(part.len());
            starts.push(0);
            for &position in part {
                let (c, k) = piece_of(position);
                let chunk = &chunks[c];
                let mut bits = 0;
                chunk.ids.each(chunk.starts[k]..chunk.starts[k + 1], |id| {
                    bits |= word_bit(id);
                    ids.push(id);
                });
                signatures.push(bits);
                starts.push(u32::try_from(ids.len()).unwrap_or(u32::MAX));
            }
            WordPiece {
                ids,
                starts,
                signatures,
            }
        })
        .collect();
    TextWords { words, pieces }
}

/// Incidents per chunk when the index is built in parallel, and per piece of the index.
/// Large: each chunk makes its own maps and vocabulary and each piece its own arrays, and at
/// 4,096 their blocks, freed or kept side by side, left 8 MB more resident at 100k incidents
/// (151 against 143 MB peak). The unit tests cross the edges of smaller chunks (the code is
/// the same), so that they need less data.
const CHUNK: usize = if cfg!(test) { 1024 } else { 32_768 };

/// Marks a term numbered by one chunk only (data types and tags) until chunks are merged.
const LOCAL_TERM: u32 = 1 << 31;

/// Terms of organisations and groups, interned once each before incidents are indexed.
struct SharedTerms<'a> {
    organisations: FastMap<&'a str, usize>,
    organisation_terms: Vec<Fields>,
    groups: FastMap<&'a str, usize>,
    group_terms: Vec<Fields>,
}

/// One chunk of incidents packed on its own, its data types and tags still numbered
/// [`LOCAL_TERM`]` | n`, `n` into `local_terms`.
struct FieldChunk<'a> {
    packed: PackedPiece,
    local_terms: Vec<&'a str>,
}

impl<'a> SharedTerms<'a> {
    fn new(data: &'a Dataset, interner: &mut Interner) -> SharedTerms<'a> {
        let organisation_terms = data
            .organisations
            .iter()
            .map(|org| {
                // The name's kind is set per incident: victim or third party.
                let mut terms = vec![(FieldKind::Victim, interner.id(&org.name))];
                for alias in &org.aliases {
                    terms.push((FieldKind::OrganisationAlias, interner.id(alias)));
                }
                for (value, kind) in [
                    (&org.sector, FieldKind::Sector),
                    (&org.country, FieldKind::Country),
                ] {
                    if let Some(value) = value {
                        terms.push((kind, interner.id(value)));
                    }
                }
                terms.into_boxed_slice()
            })
            .collect();
        let group_terms = data
            .groups
            .iter()
            .map(|group| {
                std::iter::once((FieldKind::Group, interner.id(&group.name)))
                    .chain(
                        group
                            .aliases
                            .iter()
                            .map(|alias| (FieldKind::Alias, interner.id(&alias.name))),
                    )
                    .collect()
            })
            .collect();
        SharedTerms {
            organisations: positions_by_id(data.organisations.iter().map(|o| o.id.as_str())),
            organisation_terms,
            groups: positions_by_id(data.groups.iter().map(|g| g.id.as_str())),
            group_terms,
        }
    }

    /// Packs the incidents at `part`, in that order, with their raw fields.
    fn pack(&self, data: &'a Dataset, part: &[u32]) -> FieldChunk<'a> {
        // Room for every title as written (folding seldom changes a length) and for eight
        // fields an incident, as many as a synthetic incident has.
        let title_bytes = part
            .iter()
            .map(|&i| data.incidents[i as usize].title.len())
            .sum();
        let mut chunk = FieldChunk::for_incidents(part.len(), title_bytes, part.len() * 8);
        let mut local: FastMap<&'a str, u32> = FastMap::default();
        let mut fields = Vec::new();
        for &i in part {
            let incident = &data.incidents[i as usize];
            fields.clear();
            let organisations = incident
                .victims
                .iter()
                .map(|id| (id, FieldKind::Victim))
                .chain(
                    incident
                        .third_parties
                        .iter()
                        .map(|t| (&t.organisation, FieldKind::ThirdParty)),
                );
            for (id, kind) in organisations {
                if let Some(&index) = self.organisations.get(id.as_str()) {
                    let terms = &self.organisation_terms[index];
                    fields.push((kind, terms[0].1));
                    fields.extend_from_slice(&terms[1..]);
                }
            }
            for claim in &incident.claims {
                if let Some(&index) = self.groups.get(claim.group.as_str()) {
                    fields.extend_from_slice(&self.group_terms[index]);
                }
            }
            // Short data items ("phone numbers") are facets; sentences are long text.
            let data_types = incident
                .data_exposed
                .iter()
                .filter(|f| f.text.chars().count() <= MAX_TERM_CHARS)
                .map(|f| (FieldKind::DataType, f.text.as_str()));
            let tags = incident.tags.iter().map(|t| (FieldKind::Tag, t.as_str()));
            for (kind, text) in data_types.chain(tags) {
                let next = u32::try_from(chunk.local_terms.len()).unwrap_or(u32::MAX);
                let id = *local.entry(text).or_insert_with(|| {
                    chunk.local_terms.push(text);
                    next
                });
                fields.push((kind, LOCAL_TERM | id));
            }
            let title = if needs_folded_copy(&incident.title) {
                fold(&incident.title)
            } else {
                std::borrow::Cow::Borrowed(incident.title.as_str())
            };
            chunk.packed.push(&title, char_mask(&title), &fields);
        }
        chunk
    }
}

/// Positions by id; the first of duplicate ids wins, as a scan would find it.
fn positions_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> FastMap<&'a str, usize> {
    let mut map = FastMap::default();
    for (position, id) in ids.enumerate() {
        map.entry(id).or_insert(position);
    }
    map
}

impl<'a> FieldChunk<'a> {
    /// An empty chunk with room for `incidents` incidents, `title_bytes` of their titles and
    /// `fields` of their fields: arrays made at their final size, rather than grown, leave
    /// no freed blocks resident between the index's kept arrays.
    fn for_incidents(incidents: usize, title_bytes: usize, fields: usize) -> FieldChunk<'a> {
        FieldChunk {
            packed: PackedPiece {
                title_masks: Vec::with_capacity(incidents),
                titles: String::with_capacity(title_bytes),
                title_starts: Vec::with_capacity(incidents + 1),
                field_kinds: Vec::with_capacity(fields),
                field_terms: Vec::with_capacity(fields),
                field_starts: Vec::with_capacity(incidents + 1),
            },
            local_terms: Vec::new(),
        }
    }

    /// The incidents at `part`, in that order, from `chunks` (every incident's, [`CHUNK`] to a
    /// chunk in the file's order), their own terms numbered again by first appearance: as
    /// [`SharedTerms::pack`] would have packed them.
    fn gather(chunks: &[FieldChunk<'a>], part: &[u32]) -> FieldChunk<'a> {
        let (mut title_bytes, mut fields) = (0, 0);
        for &position in part {
            let (c, k) = piece_of(position);
            let packed = &chunks[c].packed;
            title_bytes += (packed.title_starts[k + 1] - packed.title_starts[k]) as usize;
            fields += (packed.field_starts[k + 1] - packed.field_starts[k]) as usize;
        }
        let mut chunk = FieldChunk::for_incidents(part.len(), title_bytes, fields);
        let mut local: FastMap<&'a str, u32> = FastMap::default();
        let mut fields = Vec::new();
        for &position in part {
            let (c, k) = piece_of(position);
            let from = &chunks[c];
            let packed = &from.packed;
            let range = packed.field_starts[k] as usize..packed.field_starts[k + 1] as usize;
            fields.clear();
            for (&kind, &term) in packed.field_kinds[range.clone()]
                .iter()
                .zip(&packed.field_terms[range])
            {
                let term = if term & LOCAL_TERM == 0 {
                    term
                } else {
                    let text = from.local_terms[(term & !LOCAL_TERM) as usize];
                    let next = u32::try_from(chunk.local_terms.len()).unwrap_or(u32::MAX);
                    LOCAL_TERM
                        | *local.entry(text).or_insert_with(|| {
                            chunk.local_terms.push(text);
                            next
                        })
                };
                fields.push((kind, term));
            }
            let title = &packed.titles
                [packed.title_starts[k] as usize..packed.title_starts[k + 1] as usize];
            chunk.packed.push(title, packed.title_masks[k], &fields);
        }
        chunk
    }

    /// Numbers the chunk's own terms with `ids` and keeps each term of an incident once,
    /// under its weightiest field.
    fn finish(self, ids: &[u32]) -> PackedPiece {
        let mut packed = self.packed;
        // Compacted in place: an incident's fields only ever shrink, so each is written at
        // or before where it was read from.
        let mut fields: Vec<(FieldKind, u32)> = Vec::new();
        let mut written = 0;
        for i in 0..packed.field_starts.len().saturating_sub(1) {
            let range = packed.field_starts[i] as usize..packed.field_starts[i + 1] as usize;
            fields.clear();
            fields.extend(
                packed.field_kinds[range.clone()]
                    .iter()
                    .zip(&packed.field_terms[range])
                    .map(|(&kind, &term)| {
                        let global = if term & LOCAL_TERM == 0 {
                            term
                        } else {
                            ids[(term & !LOCAL_TERM) as usize]
                        };
                        (kind, global)
                    }),
            );
            fields.sort_unstable_by_key(|&(kind, term)| (term, std::cmp::Reverse(kind.weight())));
            fields.dedup_by_key(|&mut (_, term)| term);
            for (at, &(kind, term)) in (written..).zip(&fields) {
                packed.field_kinds[at] = kind;
                packed.field_terms[at] = term;
            }
            packed.field_starts[i] = u32::try_from(written).unwrap_or(u32::MAX);
            written += fields.len();
        }
        if let Some(last) = packed.field_starts.last_mut() {
            *last = u32::try_from(written).unwrap_or(u32::MAX);
        }
        packed.field_kinds.truncate(written);
        packed.field_terms.truncate(written);
        packed.shrink_to_fit();
        packed
    }
}

/// A fresh generation number: every index built gets its own.
fn next_generation() -> u64 {
    static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl SearchIndex {
    /// Indexes every incident of `data`.
    pub fn build(data: Arc<Dataset>) -> SearchIndex {
        let newest_first = data.newest_first();
        SearchIndex::build_ordered(data, newest_first)
    }

    /// Indexes every incident of `data`, given its [`Dataset::newest_first`] order.
    pub fn build_ordered(data: Arc<Dataset>, newest_first: Vec<u32>) -> SearchIndex {
        let mut interner = Interner {
            terms: Vec::new(),
            ids: FastMap::default(),
        };
        let shared = SharedTerms::new(&data, &mut interner);
        // Chunks of incidents are packed in parallel, and their data types and tags (a few
        // distinct ones each) numbered for the whole index in chunk order after.
        // Both read the incidents in the file's order, as they lie in memory (see
        // [`text_words`]), and then gather them newest first.
        let (chunks, text) = rayon::join(
            || {
                let count = u32::try_from(data.incidents.len()).unwrap_or(u32::MAX);
                let positions: Vec<u32> = (0..count).collect();
                let in_file_order: Vec<FieldChunk<'_>> = positions
                    .par_chunks(CHUNK)
                    .map(|part| shared.pack(&data, part))
                    .collect();
                newest_first
                    .par_chunks(CHUNK)
                    .map(|part| FieldChunk::gather(&in_file_order, part))
                    .collect::<Vec<_>>()
            },
            || text_words(&data, &newest_first),
        );
        let numbering: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| chunk.local_terms.iter().map(|t| interner.id(t)).collect())
            .collect();
        let packed = Packed {
            pieces: chunks
                .into_par_iter()
                .zip(numbering)
                .map(|(chunk, ids)| chunk.finish(&ids))
                .collect(),
        };
        let mut recency_rank = vec![0; newest_first.len()];
        for (rank, &incident) in newest_first.iter().enumerate() {
            recency_rank[incident as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let term_masks = interner
            .terms
            .iter()
            .map(|t| char_mask(t.haystack()))
            .collect();
        SearchIndex {
            generation: next_generation(),
            recency_rank,
            terms: interner.terms,
            newest_first,
            term_masks,
            packed,
            text,
            data,
        }
    }

    /// How many incidents are indexed.
    pub fn incident_count(&self) -> usize {
        self.newest_first.len()
    }

    /// The incident at a position.
    pub fn incident(&self, index: u32) -> &Incident {
        &self.data.incidents[index as usize]
    }

    /// The incident at a position, if there is one: for positions that may come from
    /// elsewhere.
    pub fn get(&self, index: u32) -> Option<&Incident> {
        self.data.incidents.get(index as usize)
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
        .chain(
            incident
                .claims
                .iter()
                .filter_map(|c| c.note().map(|n| n.as_str())),
        )
        .chain(incident.claims.iter().map(|c| c.by.as_str()))
        .chain(incident.lessons.iter().map(|l| l.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold::fold_char;

    /// The index splits long text into words before folding them; that gives the words of
    /// the folded text only because folding never makes or removes whitespace.
    #[test]
    fn folding_keeps_whitespace_and_nothing_else() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(c.is_whitespace(), fold_char(c).is_whitespace(), "{c:?}");
        }
    }

    /// The index is kept in pieces of [`CHUNK`] incidents: every rank, on either side of a
    /// piece boundary, must find its own incident's title, fields and words.
    #[test]
    fn every_rank_finds_its_own_incident_across_pieces() {
        let data = Arc::new(crate::generate::synthetic(CHUNK * 2 + 17, 5));
        let index = SearchIndex::build(Arc::clone(&data));
        assert_eq!(index.packed.pieces.len(), 3);
        for (rank, &position) in index.newest_first.iter().enumerate() {
            let rank = rank as u32;
            let incident = &data.incidents[position as usize];
            assert_eq!(index.packed.title(rank), incident.title.as_str());
            assert_eq!(index.packed.title_mask(rank), char_mask(&incident.title));
            let (_, terms) = index.packed.fields(rank);
            let victim = data.organisation_name(&incident.victims[0]);
            assert!(
                terms
                    .iter()
                    .any(|&t| &*index.terms[t as usize].text == victim),
                "rank {rank}: the victim {victim} is among the fields"
            );
            let text = fold(&incident.summary);
            for id in index.text.of(rank) {
                let word = index.text.words.get(id as usize);
                assert!(
                    long_texts(incident).any(|t| fold(t).split_whitespace().any(|w| w == word)),
                    "rank {rank}: {word} is in {text}"
                );
                assert_ne!(index.text.signature(rank) & word_bit(id), 0);
            }
        }
    }

    /// The incidents that the query `word` finds through their long text alone.
    fn found_in_text(index: &SearchIndex, word: &str) -> Vec<u32> {
        crate::search::search(index, &crate::search::Query::parse(word), None)
            .into_iter()
            .filter(|hit| hit.via.is_some_and(|via| via.kind == FieldKind::Text))
            .map(|hit| hit.incident)
            .collect()
    }

    /// Words are gathered in chunks of [`CHUNK`] incidents and kept in pieces of as many:
    /// a word only in one summary is found in its own incident and no other, on either side
    /// of a chunk's edge in the file's order and in the index's.
    #[test]
    fn a_word_only_in_a_summary_is_found_on_either_side_of_a_chunk_edge() {
        let mut data = crate::generate::synthetic(CHUNK * 2 + 5, 3);
        let newest_first = data.newest_first();
        let edges = [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK];
        let mut marked: Vec<u32> = edges.iter().map(|&p| p as u32).collect();
        marked.extend(edges.iter().map(|&rank| newest_first[rank]));
        for &position in &marked {
            let incident = &mut data.incidents[position as usize];
            incident.summary = format!("{} Qzxwordof{position}.", incident.summary).into();
        }
        let index = SearchIndex::build(Arc::new(data));
        for position in marked {
            assert_eq!(
                found_in_text(&index, &format!("qzxwordof{position}.")),
                vec![position],
                "the word in incident {position}'s summary"
            );
        }
    }

    /// More distinct words than two bytes can number: every word is still found in its own
    /// incident, the last ones too.
    #[test]
    fn a_vocabulary_too_large_for_two_byte_ids_is_searched_whole() {
        let mut data = crate::generate::synthetic(40, 3);
        let per_incident = 2_000;
        for (i, incident) in data.incidents.iter_mut().enumerate() {
            let words: Vec<String> = (0..per_incident)
                .map(|j| format!("w{:06}", i * per_incident + j))
                .collect();
            incident.summary = words.join(" ").into();
        }
        let index = SearchIndex::build(Arc::new(data));
        assert!(index.text.words.len() > usize::from(u16::MAX) + 1);
        for n in [0, 65_535, 65_536, 65_537, 79_999] {
            assert_eq!(
                found_in_text(&index, &format!("w{n:06}")),
                vec![(n / per_incident) as u32],
                "w{n:06}"
            );
        }
    }

    #[test]
    fn char_masks_ignore_ascii_case() {
        assert_eq!(char_mask("Octo"), char_mask("oCTO"));
        assert_eq!(char_mask("é") & NON_ASCII, NON_ASCII);
        assert_eq!(char_mask("abc") & NON_ASCII, 0);
    }
}
