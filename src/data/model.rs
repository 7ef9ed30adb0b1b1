//! The data model: what an incidents file can say, as serde types.
//!
//! The file is one RON struct with five lists. Everything refers to everything else by
//! `id` (lowercase words joined by `-`), so one organisation can be the victim of one
//! incident and the platform another went through. A complete, documented example is in
//! `docs/data-format.md`; the bundled `incidents.ron` is a real one.
//!
//! ```ron
//! (
//!     sources: [
//!         (id: "register-2025-08", outlet: "The Register", title: "…", date: "2025-08"),
//!     ],
//!     groups: [
//!         (
//!             id: "shinyhunters", name: "ShinyHunters", kind: Criminal,
//!             aliases: [(name: "UNC6040", coined_by: "Google Threat Intelligence")],
//!             description: "…", sources: ["register-2025-08"],
//!         ),
//!     ],
//!     organisations: [(id: "qantas", name: "Qantas", sector: "Aviation", country: "Australia")],
//!     incidents: [
//!         (
//!             id: "qantas-2025", title: "Qantas customer data theft", date: "2025",
//!             summary: "…", victims: ["qantas"],
//!             claims: [(group: "shinyhunters", stance: Suspected, by: "Researchers",
//!                       source: "register-2025-08")],
//!             sources: ["register-2025-08"],
//!         ),
//!     ],
//!     tours: [],
//! )
//! ```
//!
//! Optional values need no `Some(…)`: the loader enables RON's `implicit_some`.

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::ids::{IdIndex, Positions};

/// A piece of text in the data. Up to 24 bytes (ids, names, tags: most of a file) it is
/// stored inline, with no allocation of its own; longer text is on the heap, as a `String`.
/// It reads as a `&str` everywhere.
pub type Text = compact_str::CompactString;

/// A list inside an incident (its victims, claims, facts…): one pointer wide, where a `Vec`
/// is three, and an empty one allocates nothing. Most of an incident's twelve lists are
/// empty; as `Vec`s they took 288 of its 416 bytes, a million times over in a large file.
pub type List<T> = thin_vec::ThinVec<T>;

/// Reads a list into an allocation of exactly its length. A list read the ordinary way
/// grows to room for 4 items at its first, and giving the rest back does not help: the
/// allocator keeps a block it would only halve, so 2 claims kept 4 claims' room. Most lists
/// hold a few items; a million incidents' worth of that slack was 200 MB.
fn compact<'de, D, L>(deserializer: D) -> Result<L, D::Error>
where
    D: serde::Deserializer<'de>,
    L: ExactList,
    L::Item: Deserialize<'de>,
{
    struct Exact<L>(std::marker::PhantomData<L>);

    impl<'de, L: ExactList> serde::de::Visitor<'de> for Exact<L>
    where
        L::Item: Deserialize<'de>,
    {
        type Value = L;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<L, A::Error> {
            // The first few on the stack, so a short list is allocated once, at its size.
            let mut read = smallvec::SmallVec::<[L::Item; 4]>::new();
            while let Some(item) = items.next_element()? {
                read.push(item);
            }
            Ok(L::exact(read))
        }
    }

    deserializer.deserialize_seq(Exact(std::marker::PhantomData))
}

/// A list [`compact`] reads: made from the items read, in an allocation of their number.
trait ExactList {
    /// What the list holds.
    type Item;

    /// The list of `read`, with room for exactly them.
    fn exact(read: smallvec::SmallVec<[Self::Item; 4]>) -> Self;
}

impl<T> ExactList for Vec<T> {
    type Item = T;

    fn exact(read: smallvec::SmallVec<[T; 4]>) -> Vec<T> {
        // Up to 4 items come out of the stack at their size; more grew on the heap.
        let mut list = read.into_vec();
        if list.capacity() == list.len() {
            return list;
        }
        if list.len() <= EXACT_COPY_MAX {
            // A fresh block of the right size; the old one is reused by the next list.
            let mut exact = Vec::with_capacity(list.len());
            exact.append(&mut list);
            return exact;
        }
        list.shrink_to_fit();
        list
    }
}

impl<T> ExactList for List<T> {
    type Item = T;

    fn exact(read: smallvec::SmallVec<[T; 4]>) -> List<T> {
        // The iterator knows its length, and `collect` allocates just that (nothing for
        // none).
        read.into_iter().collect()
    }
}

/// Lists up to this long are copied into an exact allocation; longer ones (the incidents of
/// a small file read whole) are shrunk where they are, as a copy would need twice the room.
const EXACT_COPY_MAX: usize = 1024;

/// How the data format is read: RON with implicit `Some` and unwrapped newtypes, so that
/// optional fields are written plainly. Loading a whole file and reading it a block at a
/// time both use it.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME | ron::extensions::Extensions::UNWRAP_NEWTYPES,
    )
}

/// A whole data file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Articles, reports and data sets the facts come from.
    #[serde(default, deserialize_with = "compact")]
    pub sources: Vec<Source>,
    /// Attacker groups and other actors (insiders included).
    #[serde(default, deserialize_with = "compact")]
    pub groups: Vec<Group>,
    /// Victims and third parties alike.
    #[serde(default, deserialize_with = "compact")]
    pub organisations: Vec<Organisation>,
    /// The incidents themselves.
    #[serde(default, deserialize_with = "compact")]
    pub incidents: Vec<Incident>,
    /// Guided walks through the data for training sessions.
    #[serde(default, deserialize_with = "compact")]
    pub tours: Vec<Tour>,
    /// Positions by id, for fast lookups; see [`Dataset::reindex`].
    #[serde(skip)]
    pub(crate) ids: IdIndex,
    /// Which file each incident and alias came from, when several files are open as one.
    #[serde(skip)]
    pub provenance: Provenance,
}

/// Where a fact comes from: an article, a report, a data set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id, cited by incidents, claims and facts.
    pub id: Text,
    /// Who published it ("The Register").
    pub outlet: Text,
    /// Its headline or title.
    pub title: Text,
    /// When it was published, as precisely as known.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Its address, when known.
    #[serde(default)]
    pub url: Option<Text>,
    /// How the date or anything else about the source is known.
    #[serde(default)]
    pub note: Option<Text>,
}

/// What sort of actor a group is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum GroupKind {
    /// Financially motivated crime.
    Criminal,
    /// Politically or ideologically motivated.
    Hacktivist,
    /// Linked to a state by some source.
    StateLinked,
    /// People with legitimate access who misused it.
    Insider,
    /// Nobody knows yet.
    #[default]
    Unknown,
}

impl GroupKind {
    /// The kind in plain words.
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Criminal => "criminal",
            GroupKind::Hacktivist => "hacktivist",
            GroupKind::StateLinked => "state-linked",
            GroupKind::Insider => "insider",
            GroupKind::Unknown => "unknown",
        }
    }
}

/// Another name for a group, and who coined it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The alias as written ("Octo Tempest").
    pub name: Text,
    /// Who coined or uses it ("Microsoft"), when known.
    #[serde(default)]
    pub coined_by: Option<Text>,
    /// Source id that records the alias, when there is one in the file.
    #[serde(default)]
    pub source: Option<Text>,
}

/// An attacker group or other actor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique id, used by claims.
    pub id: Text,
    /// The most common name.
    pub name: Text,
    /// What sort of actor it is.
    #[serde(default)]
    pub kind: GroupKind,
    /// Every other name, with who coined it.
    #[serde(default, deserialize_with = "compact")]
    pub aliases: Vec<Alias>,
    /// Why it acts, as a source states it.
    #[serde(default)]
    pub motive: Option<Text>,
    /// Where it is said to come from.
    #[serde(default)]
    pub origin: Option<Text>,
    /// What the sources say about it.
    #[serde(default)]
    pub description: Text,
    /// Outside references (addresses), such as a MISP galaxy or ATT&CK page.
    #[serde(default, deserialize_with = "compact")]
    pub references: Vec<Text>,
    /// Source ids for the description.
    #[serde(default, deserialize_with = "compact")]
    pub sources: Vec<Text>,
}

/// A victim or a third party: a company, an agency, a platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Unique id, used by incidents.
    pub id: Text,
    /// Its name as people know it.
    pub name: Text,
    /// What it does ("Aviation").
    #[serde(default)]
    pub sector: Option<Text>,
    /// Where it is based.
    #[serde(default)]
    pub country: Option<Text>,
    /// Other names ("Malindo", "Batik Air Malaysia").
    #[serde(default, deserialize_with = "compact")]
    pub aliases: Vec<Text>,
    /// One line about it, when useful.
    #[serde(default)]
    pub description: Option<Text>,
}

/// A statement with the source that makes it, and who says so when that matters.
///
/// In the file it is `(text: "…", by: "…", source: "…", kind: "…")`, every field but
/// `text` optional ([`FactFields`] is that shape). In memory the three optional parts,
/// almost always left out, sit behind one pointer: a fact is its text and 8 bytes, where
/// the fields side by side took 96.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fact {
    /// The statement, in the data author's own words.
    pub text: Text,
    /// Who says so, its source and its kind, when any is given; never `Some` of all three
    /// `None`, so that equal facts are equal field for field.
    more: Option<Box<FactMore>>,
}

/// The parts of a [`Fact`] most facts leave out.
#[derive(Clone, Debug, Default, PartialEq)]
struct FactMore {
    by: Option<Text>,
    source: Option<Text>,
    kind: Option<Text>,
}

/// A [`Fact`] as the file writes it, field by field: the one description of its format,
/// read as `FactFields<Text>` and written as `FactFields<&Text>`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Fact")]
pub struct FactFields<T = Text> {
    /// The statement, in the data author's own words.
    pub text: T,
    /// Who says so ("Malindo Air", "customer notices"), when it is one party's word.
    #[serde(default)]
    pub by: Option<T>,
    /// Source id; may be left out when the incident cites exactly one source.
    #[serde(default)]
    pub source: Option<T>,
    /// A short category, for entry vectors ("insider at a vendor"): the filter panel's value.
    #[serde(default)]
    pub kind: Option<T>,
}

impl Fact {
    /// A fact that is just its text: no one's word, no source of its own, no kind.
    pub fn new(text: impl Into<Text>) -> Fact {
        Fact {
            text: text.into(),
            more: None,
        }
    }

    /// Who says so ("Malindo Air", "customer notices"), when it is one party's word.
    pub fn by(&self) -> Option<&Text> {
        self.more.as_ref()?.by.as_ref()
    }

    /// Source id; may be left out when the incident cites exactly one source.
    pub fn source(&self) -> Option<&Text> {
        self.more.as_ref()?.source.as_ref()
    }

    /// A short category, for entry vectors ("insider at a vendor"): the filter panel's value.
    pub fn kind(&self) -> Option<&Text> {
        self.more.as_ref()?.kind.as_ref()
    }

    /// The source id, to change in place (a merge renames ids); `None` when there is none.
    pub fn source_mut(&mut self) -> Option<&mut Text> {
        self.more.as_mut()?.source.as_mut()
    }

    /// The fact, with `source` as its source id.
    pub fn with_source(self, source: Option<Text>) -> Fact {
        self.with(|more| more.source = source)
    }

    /// The fact, with `kind` as its kind.
    pub fn with_kind(self, kind: Option<Text>) -> Fact {
        self.with(|more| more.kind = kind)
    }

    /// The fact with its rare parts changed.
    fn with(self, change: impl FnOnce(&mut FactMore)) -> Fact {
        let mut more = self.more.map_or_else(FactMore::default, |more| *more);
        change(&mut more);
        Fact::from_parts(self.text, more)
    }

    /// A fact from its text and rare parts: boxed when there are any, else nothing.
    fn from_parts(text: Text, more: FactMore) -> Fact {
        let any = more.by.is_some() || more.source.is_some() || more.kind.is_some();
        Fact {
            text,
            more: any.then(|| Box::new(more)),
        }
    }

    fn for_each_text_mut(&mut self, visit: &mut dyn FnMut(&mut Text)) {
        visit(&mut self.text);
        if let Some(more) = &mut self.more {
            more.by
                .iter_mut()
                .chain(&mut more.source)
                .chain(&mut more.kind)
                .for_each(visit);
        }
    }
}

impl From<FactFields> for Fact {
    fn from(fields: FactFields) -> Fact {
        let FactFields {
            text,
            by,
            source,
            kind,
        } = fields;
        Fact::from_parts(text, FactMore { by, source, kind })
    }
}

impl<'a> From<&'a Fact> for FactFields<&'a Text> {
    fn from(fact: &'a Fact) -> FactFields<&'a Text> {
        FactFields {
            text: &fact.text,
            by: fact.by(),
            source: fact.source(),
            kind: fact.kind(),
        }
    }
}

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FactFields::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Fact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fact, D::Error> {
        FactFields::<Text>::deserialize(deserializer).map(Fact::from)
    }
}

/// A third party the attack went through, and its part in the incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdParty {
    /// Organisation id.
    pub organisation: Text,
    /// What it was to the victim ("e-commerce provider").
    pub role: Text,
    /// Source id, as for facts.
    #[serde(default)]
    pub source: Option<Text>,
}

/// A number of records, with what they were.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCount {
    /// How many.
    pub count: u64,
    /// Of what ("rows of user data").
    pub what: Text,
    /// Who says so.
    #[serde(default)]
    pub by: Option<Text>,
    /// Source id, as for facts.
    #[serde(default)]
    pub source: Option<Text>,
}

/// A dated event in an incident's timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    /// When, as precisely as the source says.
    pub date: Option<PartialDate>,
    /// What happened.
    pub text: Text,
    /// Source id, as for facts.
    #[serde(default)]
    pub source: Option<Text>,
}

/// How a party stands on a link between a group and an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stance {
    /// The group itself says it did it.
    Claimed,
    /// Researchers or the press suspect it.
    Suspected,
    /// An authority (police, a government agency) attributes it.
    Attributed,
    /// The victim confirms it.
    Confirmed,
    /// Someone says it did not happen or was not them.
    Denied,
    /// The victim or another party contests the claim.
    Disputed,
}

impl Stance {
    /// Every stance, in the order they are listed on screen.
    pub const ALL: [Stance; 6] = [
        Stance::Claimed,
        Stance::Suspected,
        Stance::Attributed,
        Stance::Confirmed,
        Stance::Denied,
        Stance::Disputed,
    ];

    /// The stance's glyph, as every view draws it beside its word.
    pub fn glyph(self) -> &'static str {
        match self {
            Stance::Claimed => "◆",
            Stance::Suspected => "◇",
            Stance::Attributed => "■",
            Stance::Confirmed => "✔",
            Stance::Denied => "✘",
            Stance::Disputed => "≠",
        }
    }

    /// The stance in words.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Claimed => "claimed",
            Stance::Suspected => "suspected",
            Stance::Attributed => "attributed",
            Stance::Confirmed => "confirmed",
            Stance::Denied => "denied",
            Stance::Disputed => "disputed",
        }
    }
}

/// One link between a group and an incident: who says the group is behind it, and how sure.
///
/// In the file it is `(group: "…", stance: Claimed, by: "…", date: "…", source: "…",
/// note: "…")` ([`ClaimFields`] is that shape). In memory its date and note, seldom given,
/// sit behind one pointer: a claim is 88 bytes, where the fields side by side took 120.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Group id.
    pub group: Text,
    /// How the asserting party stands.
    pub stance: Stance,
    /// Who asserts it ("R00TK1T", "Check Point", "Maxis").
    pub by: Text,
    /// Source id. Required: a claim without a source is an error.
    pub source: Text,
    /// When it was asserted and the author's note, when either is given; never `Some` of
    /// both `None`, so that equal claims are equal field for field.
    more: Option<Box<ClaimMore>>,
}

/// The parts of a [`Claim`] most claims leave out.
#[derive(Clone, Debug, Default, PartialEq)]
struct ClaimMore {
    date: Option<PartialDate>,
    note: Option<Text>,
}

/// A [`Claim`] as the file writes it, field by field: the one description of its format,
/// read as `ClaimFields<Text>` and written as `ClaimFields<&Text>`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Claim")]
pub struct ClaimFields<T = Text> {
    /// Group id.
    pub group: T,
    /// How the asserting party stands.
    pub stance: Stance,
    /// Who asserts it ("R00TK1T", "Check Point", "Maxis").
    pub by: T,
    /// When it was asserted.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Source id. Required: a claim without a source is an error.
    #[serde(default)]
    pub source: T,
    /// Context in the author's words.
    #[serde(default)]
    pub note: Option<T>,
}

impl Claim {
    /// When it was asserted.
    pub fn date(&self) -> Option<PartialDate> {
        self.more.as_ref()?.date
    }

    /// Context in the author's words.
    pub fn note(&self) -> Option<&Text> {
        self.more.as_ref()?.note.as_ref()
    }
}

impl From<ClaimFields> for Claim {
    fn from(fields: ClaimFields) -> Claim {
        let ClaimFields {
            group,
            stance,
            by,
            date,
            source,
            note,
        } = fields;
        let more = (date.is_some() || note.is_some()).then(|| Box::new(ClaimMore { date, note }));
        Claim {
            group,
            stance,
            by,
            source,
            more,
        }
    }
}

impl<'a> From<&'a Claim> for ClaimFields<&'a Text> {
    fn from(claim: &'a Claim) -> ClaimFields<&'a Text> {
        ClaimFields {
            group: &claim.group,
            stance: claim.stance,
            by: &claim.by,
            date: claim.date(),
            source: &claim.source,
            note: claim.note(),
        }
    }
}

impl Serialize for Claim {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ClaimFields::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Claim, D::Error> {
        ClaimFields::<Text>::deserialize(deserializer).map(Claim::from)
    }
}

/// A short takeaway for trainers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The theme ("third-party risk", "disclosure").
    pub topic: Text,
    /// The lesson itself.
    pub text: Text,
}

/// One incident: who was hit, through whom, what was taken, and who is said to be behind it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Unique id.
    pub id: Text,
    /// A short title.
    pub title: Text,
    /// When it happened or became public, as precisely as the sources say.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// How the date is known (which article, which event).
    #[serde(default)]
    pub date_note: Option<Text>,
    /// What happened, in a few sentences.
    #[serde(default)]
    pub summary: Text,
    /// Organisation ids of the victims.
    #[serde(default, deserialize_with = "compact")]
    pub victims: List<Text>,
    /// The third parties the attack went through.
    #[serde(default, deserialize_with = "compact")]
    pub third_parties: List<ThirdParty>,
    /// How the attacker got in (boxed: most incidents have none, and large files hold many).
    #[serde(default)]
    pub entry_vector: Option<Box<Fact>>,
    /// Data stated as exposed.
    #[serde(default, deserialize_with = "compact")]
    pub data_exposed: List<Fact>,
    /// Data stated as not exposed.
    #[serde(default, deserialize_with = "compact")]
    pub data_not_exposed: List<Fact>,
    /// Record counts, when stated.
    #[serde(default, deserialize_with = "compact")]
    pub records: List<RecordCount>,
    /// What the victim did: resets, authorities told, consultants hired.
    #[serde(default, deserialize_with = "compact")]
    pub response: List<Fact>,
    /// Dated events.
    #[serde(default, deserialize_with = "compact")]
    pub timeline: List<TimelineEvent>,
    /// Attribution, as claims with stances.
    #[serde(default, deserialize_with = "compact")]
    pub claims: List<Claim>,
    /// Other sourced statements: corrections, context, reporting errors.
    #[serde(default, deserialize_with = "compact")]
    pub notes: List<Fact>,
    /// Source ids; every incident cites at least one.
    #[serde(default, deserialize_with = "compact")]
    pub sources: List<Text>,
    /// Takeaways for trainers.
    #[serde(default, deserialize_with = "compact")]
    pub lessons: List<Lesson>,
    /// Free keywords for search ("third-party", "insider").
    #[serde(default, deserialize_with = "compact")]
    pub tags: List<Text>,
    /// The sources only name the victim: everything else is unknown, not forgotten.
    #[serde(default)]
    pub thin: bool,
}

/// Which screen a tour step shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewName {
    /// The incidents screen with search and detail.
    #[default]
    Incidents,
    /// Groups against their targets.
    Relations,
    /// Incidents along time.
    Timeline,
}

/// One dimension to filter by.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Facet {
    /// A group linked by any claim.
    #[default]
    Group,
    /// The stance of any claim.
    Stance,
    /// A victim's sector.
    Sector,
    /// A victim's country.
    Country,
    /// The year, as a range.
    Year,
    /// The kind of entry vector ("not stated" when none is).
    EntryVector,
    /// A third party the attack went through.
    ThirdParty,
    /// The file an incident came from, when several are open as one.
    File,
}

impl Facet {
    /// Every facet, in the order the filter panel lists them.
    pub const ALL: [Facet; 8] = [
        Facet::Group,
        Facet::Stance,
        Facet::Sector,
        Facet::Country,
        Facet::Year,
        Facet::EntryVector,
        Facet::ThirdParty,
        Facet::File,
    ];

    /// The facet's name.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Group => "group",
            Facet::Stance => "stance",
            Facet::Sector => "sector",
            Facet::Country => "country",
            Facet::Year => "year",
            Facet::EntryVector => "entry vector",
            Facet::ThirdParty => "third party",
            Facet::File => "file",
        }
    }
}

/// The parts of an incident's detail, in the order they come: what a tour step can scroll
/// the detail to, and what the detail pane jumps between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentSection {
    /// Who claims it, who is suspected, who denies: right after the summary.
    Attribution,
    /// The victims.
    Victims,
    /// The third parties the attack went through.
    ThirdParties,
    /// How the attacker got in.
    Entry,
    /// Data exposed.
    Exposed,
    /// Data not exposed.
    NotExposed,
    /// Record counts.
    Records,
    /// What the victims did.
    Response,
    /// Dated events.
    Timeline,
    /// Notes.
    Notes,
    /// Lessons for trainers.
    Lessons,
    /// The numbered sources.
    Sources,
}

impl IncidentSection {
    /// Every section, in document order.
    pub const ALL: [IncidentSection; 12] = [
        IncidentSection::Attribution,
        IncidentSection::Victims,
        IncidentSection::ThirdParties,
        IncidentSection::Entry,
        IncidentSection::Exposed,
        IncidentSection::NotExposed,
        IncidentSection::Records,
        IncidentSection::Response,
        IncidentSection::Timeline,
        IncidentSection::Notes,
        IncidentSection::Lessons,
        IncidentSection::Sources,
    ];

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            IncidentSection::Attribution => "Attribution",
            IncidentSection::Victims => "Victims",
            IncidentSection::ThirdParties => "Through third parties",
            IncidentSection::Entry => "How they got in",
            IncidentSection::Exposed => "Data exposed",
            IncidentSection::NotExposed => "Data not exposed",
            IncidentSection::Records => "Records",
            IncidentSection::Response => "Response",
            IncidentSection::Timeline => "Timeline",
            IncidentSection::Notes => "Notes",
            IncidentSection::Lessons => "Lessons",
            IncidentSection::Sources => "Sources",
        }
    }

    /// The section a tour names: its heading in lowercase, or a short name
    /// ("attribution", "third-parties", "timeline").
    pub fn named(name: &str) -> Option<IncidentSection> {
        let name = name.trim().to_lowercase().replace(['-', '_'], " ");
        IncidentSection::ALL.into_iter().find(|s| {
            s.title().to_lowercase() == name
                || format!("{s:?}").to_lowercase() == name.replace(' ', "")
        })
    }
}

/// The relations screen's modes, as a tour step names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationsView {
    /// Groups beside the selected group's targets.
    #[default]
    Groups,
    /// Groups across, targets down.
    Matrix,
    /// Targets by the third party they went through.
    ThirdParties,
}

/// A filter a tour step turns on: a value of a facet, as the filter panel has them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFilter {
    /// The facet (`Group`, `Stance`, `Sector`, `Country`, `EntryVector`, `ThirdParty`).
    pub facet: Facet,
    /// The value: a group or organisation id, a stance in lowercase, a sector, a country.
    pub value: Text,
}

/// One step of a tour.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourStep {
    /// The screen to show.
    #[serde(default)]
    pub view: ViewName,
    /// The incident or group id to select.
    #[serde(default)]
    pub select: Option<Text>,
    /// A search to type first.
    #[serde(default)]
    pub query: Option<Text>,
    /// On the relations screen: its list, the matrix or the third-party pivot.
    #[serde(default)]
    pub mode: Option<RelationsView>,
    /// A group to select besides the incident: the group list's, or the matrix's column.
    #[serde(default)]
    pub group: Option<Text>,
    /// The detail section to scroll to ("attribution", "timeline", "data not exposed"…).
    #[serde(default)]
    pub section: Option<Text>,
    /// Show the detail on the whole screen.
    #[serde(default)]
    pub zoom: bool,
    /// Filters to turn on (the step starts from none).
    #[serde(default, deserialize_with = "compact")]
    pub filters: Vec<StepFilter>,
    /// What the presenter says, shown large.
    pub caption: Text,
}

/// A named, ordered walk through the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    /// Unique id, as given to `--tour`.
    pub id: Text,
    /// Its title.
    pub name: Text,
    /// What it teaches.
    #[serde(default)]
    pub description: Text,
    /// The steps, in order.
    pub steps: Vec<TourStep>,
}

impl Dataset {
    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        let position = self.organisation_position(id)?;
        self.organisations.get(position)
    }

    /// The position in `organisations` of the organisation with this id.
    pub fn organisation_position(&self, id: &str) -> Option<usize> {
        self.ids
            .organisations
            .find(&self.organisations, id, |o| &o.id)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        let position = self.group_position(id)?;
        self.groups.get(position)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        let position = self.ids.sources.find(&self.sources, id, |s| &s.id)?;
        self.sources.get(position)
    }

    /// The position in `incidents` of the incident with this id.
    pub fn incident_position(&self, id: &str) -> Option<usize> {
        self.ids.incidents.find(&self.incidents, id, |i| &i.id)
    }

    /// The position in `groups` of the group with this id.
    pub fn group_position(&self, id: &str) -> Option<usize> {
        self.ids.groups.find(&self.groups, id, |g| &g.id)
    }

    /// The incident with this id.
    pub fn incident(&self, id: &str) -> Option<&Incident> {
        let position = self.incident_position(id)?;
        self.incidents.get(position)
    }

    /// An organisation's name, or the id itself when no organisation has it.
    pub fn organisation_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.organisation(id).map_or(id, |o| o.name.as_str())
    }

    /// The position of an incident that belongs to this data set, found from where it lies
    /// in `incidents` (no search): for facts kept per position, such as its file.
    pub fn position_of(&self, incident: &Incident) -> Option<usize> {
        let size = std::mem::size_of::<Incident>().max(1);
        let start = self.incidents.as_ptr() as usize;
        let at = incident as *const Incident as usize;
        let offset = at.checked_sub(start)?;
        let position = offset / size;
        (offset % size == 0 && position < self.incidents.len()).then_some(position)
    }

    /// The name of the file an incident came from, when several files are open as one.
    pub fn file_of(&self, incident: &Incident) -> Option<&str> {
        self.provenance
            .file_of_incident(self.position_of(incident)?)
    }

    /// A group's name, or the id itself when no group has it.
    pub fn group_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.group(id).map_or(id, |g| g.name.as_str())
    }

    /// An incident's victims by name: "Malindo Air, Thai Lion Air".
    pub fn victim_names(&self, incident: &Incident) -> String {
        let names: Vec<&str> = incident
            .victims
            .iter()
            .map(|id| self.organisation_name(id))
            .collect();
        names.join(", ")
    }

    /// The positions of every id, by list (see [`Dataset::reindex`]).
    pub(crate) fn id_index(&self) -> IdIndex {
        IdIndex {
            sources: Positions::of(&self.sources, |s| &s.id),
            groups: Positions::of(&self.groups, |g| &g.id),
            organisations: Positions::of(&self.organisations, |o| &o.id),
            incidents: Positions::of(&self.incidents, |i| &i.id),
        }
    }

    /// Builds the id index that makes lookups by id fast; the loader calls it. Lookups
    /// work without it (by scanning), and after edits it only needs calling again for speed.
    pub fn reindex(&mut self) {
        self.ids = self.id_index();
    }

    /// Incident positions, newest first: undated incidents after every dated one, and equal
    /// dates in file order. Search lists, timelines and link lists all follow this order.
    pub fn newest_first(&self) -> Vec<u32> {
        use rayon::slice::ParallelSliceMut;
        let mut keyed: Vec<(std::cmp::Reverse<Option<PartialDate>>, u32)> = self
            .incidents
            .iter()
            .zip(0..)
            .map(|(incident, position)| (std::cmp::Reverse(incident.date), position))
            .collect();
        // Positions make every key distinct, so an unstable sort gives the one order.
        keyed.par_sort_unstable();
        keyed.into_iter().map(|(_, position)| position).collect()
    }

    /// Calls `visit` on every piece of text in the data set, so it can be cleaned in place.
    pub fn for_each_text_mut(&mut self, visit: &mut dyn FnMut(&mut Text)) {
        self.for_each_text_mut_but_incidents(visit);
        for incident in &mut self.incidents {
            incident.for_each_text_mut(visit);
        }
    }

    /// As [`Dataset::for_each_text_mut`], with the incidents, by far the most text, shared
    /// out between every core.
    pub fn par_for_each_text_mut(&mut self, visit: &(dyn Fn(&mut Text) + Sync)) {
        use rayon::iter::{IntoParallelRefMutIterator, ParallelIterator};
        self.for_each_text_mut_but_incidents(&mut |text| visit(text));
        self.incidents
            .par_iter_mut()
            .for_each(|incident| incident.for_each_text_mut(&mut |text| visit(text)));
    }

    /// As [`Dataset::for_each_text_mut`], for every list but the incidents.
    pub(crate) fn for_each_text_mut_but_incidents(&mut self, visit: &mut dyn FnMut(&mut Text)) {
        for source in &mut self.sources {
            for text in [&mut source.id, &mut source.outlet, &mut source.title] {
                visit(text);
            }
            source
                .url
                .iter_mut()
                .chain(&mut source.note)
                .for_each(&mut *visit);
        }
        for group in &mut self.groups {
            for text in [&mut group.id, &mut group.name, &mut group.description] {
                visit(text);
            }
            group
                .motive
                .iter_mut()
                .chain(&mut group.origin)
                .for_each(&mut *visit);
            group
                .references
                .iter_mut()
                .chain(&mut group.sources)
                .for_each(&mut *visit);
            for alias in &mut group.aliases {
                visit(&mut alias.name);
                alias
                    .coined_by
                    .iter_mut()
                    .chain(&mut alias.source)
                    .for_each(&mut *visit);
            }
        }
        for organisation in &mut self.organisations {
            visit(&mut organisation.id);
            visit(&mut organisation.name);
            organisation
                .sector
                .iter_mut()
                .chain(&mut organisation.country)
                .chain(&mut organisation.description)
                .chain(&mut organisation.aliases)
                .for_each(&mut *visit);
        }
        for tour in &mut self.tours {
            for text in [&mut tour.id, &mut tour.name, &mut tour.description] {
                visit(text);
            }
            for step in &mut tour.steps {
                visit(&mut step.caption);
                step.select
                    .iter_mut()
                    .chain(&mut step.query)
                    .for_each(&mut *visit);
            }
        }
    }
}

impl Incident {
    /// Every fact the incident states, with the field it sits in.
    pub fn facts(&self) -> impl Iterator<Item = (&'static str, &Fact)> {
        self.entry_vector
            .as_deref()
            .map(|f| ("entry_vector", f))
            .into_iter()
            .chain(self.data_exposed.iter().map(|f| ("data_exposed", f)))
            .chain(
                self.data_not_exposed
                    .iter()
                    .map(|f| ("data_not_exposed", f)),
            )
            .chain(self.response.iter().map(|f| ("response", f)))
            .chain(self.notes.iter().map(|f| ("notes", f)))
    }

    /// Calls `visit` on every piece of text in the incident, so it can be cleaned in place.
    pub(crate) fn for_each_text_mut(&mut self, visit: &mut dyn FnMut(&mut Text)) {
        for text in [&mut self.id, &mut self.title, &mut self.summary] {
            visit(text);
        }
        self.date_note.iter_mut().for_each(&mut *visit);
        self.victims
            .iter_mut()
            .chain(&mut self.sources)
            .chain(&mut self.tags)
            .for_each(&mut *visit);
        for third_party in &mut self.third_parties {
            visit(&mut third_party.organisation);
            visit(&mut third_party.role);
            third_party.source.iter_mut().for_each(&mut *visit);
        }
        for fact in self
            .entry_vector
            .as_deref_mut()
            .into_iter()
            .chain(&mut self.data_exposed)
            .chain(&mut self.data_not_exposed)
            .chain(&mut self.response)
            .chain(&mut self.notes)
        {
            fact.for_each_text_mut(visit);
        }
        for record in &mut self.records {
            visit(&mut record.what);
            record
                .by
                .iter_mut()
                .chain(&mut record.source)
                .for_each(&mut *visit);
        }
        for event in &mut self.timeline {
            visit(&mut event.text);
            event.source.iter_mut().for_each(&mut *visit);
        }
        for claim in &mut self.claims {
            for text in [&mut claim.group, &mut claim.by, &mut claim.source] {
                visit(text);
            }
            if let Some(note) = claim.more.as_mut().and_then(|more| more.note.as_mut()) {
                visit(note);
            }
        }
        for lesson in &mut self.lessons {
            visit(&mut lesson.topic);
            visit(&mut lesson.text);
        }
    }
}

/// Where the parts of a merged data set came from. Empty for a single file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The files, as their names are shown.
    pub files: Vec<Text>,
    /// For each incident, its file's position in `files`.
    pub incident_file: Vec<u16>,
    /// For each group, for each alias, the file it came from.
    pub alias_file: Vec<Vec<u16>>,
}

impl Provenance {
    /// The name of the file an incident came from, when there are several files.
    pub fn file_of_incident(&self, incident: usize) -> Option<&str> {
        let file = *self.incident_file.get(incident)?;
        self.files.get(usize::from(file)).map(Text::as_str)
    }

    /// The name of the file a group's alias came from, when there are several files.
    pub fn file_of_alias(&self, group: usize, alias: usize) -> Option<&str> {
        let file = *self.alias_file.get(group)?.get(alias)?;
        self.files.get(usize::from(file)).map(Text::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list of an incident read from a file has room for exactly its items, and an
    /// empty one has none: slack in a million incidents' lists is hundreds of megabytes.
    #[test]
    fn an_incidents_lists_are_read_at_their_size() {
        let incident: Incident = ron_options()
            .from_str(
                r#"(id: "i", title: "I",
                    victims: ["a", "b", "c", "d", "e"],
                    data_exposed: [(text: "names"), (text: "emails"), (text: "phones")],
                    sources: ["s"], tags: ["x", "y"])"#,
            )
            .unwrap();
        let lists = [
            (incident.victims.len(), incident.victims.capacity()),
            (
                incident.data_exposed.len(),
                incident.data_exposed.capacity(),
            ),
            (incident.sources.len(), incident.sources.capacity()),
            (incident.tags.len(), incident.tags.capacity()),
            (incident.claims.len(), incident.claims.capacity()),
        ];
        assert_eq!(lists, [(5, 5), (3, 3), (1, 1), (2, 2), (0, 0)]);
    }

    /// A fact's optional parts, each alone and all together, are read from their fields
    /// and written back as the same fields; a fact with none of them holds no box.
    #[test]
    fn a_facts_rare_parts_are_read_and_written_as_fields() {
        let facts = [
            r#"(text: "names")"#,
            r#"(text: "names", by: "Police")"#,
            r#"(text: "names", source: "s")"#,
            r#"(text: "names", kind: "phishing")"#,
            r#"(text: "names", by: "Police", source: "s", kind: "phishing")"#,
        ];
        let text = format!(
            "(id: \"i\", title: \"I\", data_exposed: [{}])",
            facts.join(", ")
        );
        let incident: Incident = ron_options().from_str(&text).unwrap();
        let written = crate::data::write::item_to_ron(&incident, 0).unwrap();
        for fact in facts {
            assert!(written.contains(fact), "{fact} is not in {written}");
        }
        assert_eq!(
            ron_options().from_str::<Incident>(&written).unwrap(),
            incident
        );
        let [plain, by, source, kind, all] = &incident.data_exposed[..] else {
            panic!("five facts were read: {:?}", incident.data_exposed);
        };
        assert!(plain.more.is_none());
        assert_eq!(
            [by.by(), source.source(), kind.kind()].map(|t| t.map(Text::as_str)),
            [Some("Police"), Some("s"), Some("phishing")]
        );
        assert_eq!(
            [all.by(), all.source(), all.kind()].map(|t| t.map(Text::as_str)),
            [Some("Police"), Some("s"), Some("phishing")]
        );
        assert_eq!(
            [
                plain.by(),
                plain.source(),
                plain.kind(),
                by.source(),
                kind.by()
            ],
            [None; 5]
        );
    }

    /// A claim's date and note, each alone and both, are read from their fields and written
    /// back as the same fields; a claim with neither holds no box.
    #[test]
    fn a_claims_date_and_note_are_read_and_written_as_fields() {
        let claims = [
            r#"(group: "g", stance: Claimed, by: "The group", source: "s")"#,
            r#"(group: "g", stance: Suspected, by: "Researchers", date: "2024-04", source: "s")"#,
            r#"(group: "g", stance: Denied, by: "Police", source: "s", note: "n")"#,
            r#"(group: "g", stance: Attributed, by: "FBI", date: "~2023", source: "s", note: "n")"#,
        ];
        let text = format!("(id: \"i\", title: \"I\", claims: [{}])", claims.join(", "));
        let incident: Incident = ron_options().from_str(&text).unwrap();
        let written = crate::data::write::item_to_ron(&incident, 0).unwrap();
        for claim in claims {
            assert!(written.contains(claim), "{claim} is not in {written}");
        }
        assert_eq!(
            ron_options().from_str::<Incident>(&written).unwrap(),
            incident
        );
        let [plain, dated, noted, both] = &incident.claims[..] else {
            panic!("four claims were read: {:?}", incident.claims);
        };
        assert!(plain.more.is_none());
        let shown = |c: &Claim| (c.date().map(|d| d.to_compact()), c.note().cloned());
        assert_eq!(
            [plain, dated, noted, both].map(shown),
            [
                (None, None),
                (Some("2024-04".into()), None),
                (None, Some("n".into())),
                (Some("~2023".into()), Some("n".into())),
            ]
        );
    }

    /// A million incidents are held in memory at once: each byte of an incident is a
    /// megabyte of a large file's load. Lists are one pointer (most are empty), not a
    /// `Vec`'s three words: 416 bytes became 224.
    #[test]
    fn an_incident_is_small() {
        assert!(
            size_of::<Incident>() <= 224,
            "an incident takes {} bytes",
            size_of::<Incident>()
        );
    }

    /// Most incidents hold a claim or two, seldom with a date or a note: those two sit
    /// behind one pointer, 88 bytes where they were 120.
    #[test]
    fn a_claim_keeps_its_date_and_note_aside() {
        assert!(
            size_of::<Claim>() <= 88,
            "a claim takes {} bytes",
            size_of::<Claim>()
        );
    }

    /// Incidents hold a few facts each, almost all of them only text: who says so, the
    /// source and the kind sit behind one pointer, 32 bytes where they were 96.
    #[test]
    fn a_fact_is_its_text_and_a_pointer() {
        assert!(
            size_of::<Fact>() <= 32,
            "a fact takes {} bytes",
            size_of::<Fact>()
        );
    }
}
