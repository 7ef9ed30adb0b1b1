//! Reading a large data file a block at a time, so that its text is never all in memory
//! beside the data parsed from it: a million incidents are 740 MB of text, and holding it
//! all while the data is built would need over a third more memory at the peak.
//!
//! This is a fast path for files that load cleanly. Blocks are cut at incident boundaries
//! and each block's incidents are parsed on every core, by [`super::plain_ron`] (a reader for
//! the plain RON that files are written in, several times cheaper than `ron`) or, for an
//! incident it gives up on (comments, escapes, any other RON form), by `ron`; the lists
//! outside the incidents are read the same way. Anything unusual (a syntax error,
//! invalid UTF-8, a file that is not one struct with an `incidents` list) makes it give up,
//! and the loader reads the whole file the ordinary way, which explains every problem with
//! its line and column.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::model::{Dataset, Incident};
use super::outline::{find_top_level_list, list_items};

/// How much of the file is read at a time.
const BLOCK_BYTES: usize = 8 << 20;

/// How far into the file the incidents list may start; further is left to the ordinary path.
const MAX_BEFORE_BYTES: usize = 64 << 20;

/// Where the reader is in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Before the incidents' `[`.
    Before,
    /// Inside the incidents list.
    Incidents,
    /// After its `]`.
    After,
}

/// Reads and parses a data file from `reader` block by block; `size_hint` is the file's
/// length in bytes, used to reserve the incident list once. `None` when the file needs the
/// ordinary path (see the module documentation), or when reading fails.
pub fn parse_in_blocks(reader: impl Read + Send, size_hint: u64) -> Option<Dataset> {
    parse_blocks(reader, size_hint, BLOCK_BYTES, None, &|_| {})
}

/// As [`parse_in_blocks`], counting the incidents parsed into `progress`, and calling
/// `finish` on each incident as soon as it is read, on the core that read it: the loader
/// cleans its text there, while it is still in the cache, instead of walking a gigabyte of
/// incidents again afterwards.
pub fn parse_in_blocks_with(
    reader: impl Read + Send,
    size_hint: u64,
    progress: &super::progress::Progress,
    finish: &(dyn Fn(&mut Incident) + Sync),
) -> Option<Dataset> {
    parse_blocks(reader, size_hint, BLOCK_BYTES, Some(progress), finish)
}

fn parse_blocks(
    reader: impl Read + Send,
    size_hint: u64,
    block_bytes: usize,
    progress: Option<&super::progress::Progress>,
    finish: &(dyn Fn(&mut Incident) + Sync),
) -> Option<Dataset> {
    let mut blocks = Blocks {
        reader,
        block_bytes,
        pending: Vec::with_capacity(block_bytes * 2),
        spare: Vec::new(),
        outside: String::new(),
        part: Part::Before,
        after_item: false,
        at_end: false,
    };
    let mut incidents: Vec<Incident> = Vec::new();
    // Reading and cutting the next block runs on one core while the block before it is
    // parsed on every core: the cutting is serial, and would otherwise leave a core idle.
    let mut ready = blocks.next()?;
    while let Some(block) = ready {
        let (parsed, next) = rayon::join(
            || {
                let text = std::str::from_utf8(&block.text[..block.valid]).ok()?;
                parse_items(text, &block.items, &mut incidents, size_hint, finish)
            },
            || blocks.next(),
        );
        parsed?;
        if let Some(progress) = progress {
            progress.parsed(block.items.len() as u64);
        }
        blocks.spare = block.text;
        ready = next?;
    }
    if blocks.part != Part::After {
        return None;
    }
    let mut dataset: Dataset = super::plain_ron::from_str(&blocks.outside)
        .ok()
        .or_else(|| super::model::ron_options().from_str(&blocks.outside).ok())?;
    if !dataset.incidents.is_empty() {
        return None;
    }
    incidents.shrink_to_fit();
    dataset.incidents = incidents;
    Some(dataset)
}

/// The file read a block at a time and cut at incident boundaries.
struct Blocks<R> {
    reader: R,
    block_bytes: usize,
    /// Text read but not handed over yet: the start of the next block.
    pending: Vec<u8>,
    /// A parsed block's buffer, given back to be filled again.
    spare: Vec<u8>,
    /// The file without the incidents list's contents: small, parsed whole at the end.
    outside: String,
    part: Part,
    /// Whether the text still to scan starts just after an incident (or just after `[`).
    after_item: bool,
    at_end: bool,
}

/// A block of the file with the incidents in it, ready to parse.
struct Block {
    text: Vec<u8>,
    /// How much of `text` is checked UTF-8: every incident lies within it.
    valid: usize,
    /// Where each incident is in `text`.
    items: Vec<std::ops::Range<usize>>,
}

impl<R: Read + Send> Blocks<R> {
    /// Reads on to the next block holding incidents: `Some(None)` once the file is read
    /// to its end, `None` when it needs the ordinary path or cannot be read.
    fn next(&mut self) -> Option<Option<Block>> {
        while !self.at_end {
            self.at_end = fill(&mut self.reader, &mut self.pending, self.block_bytes)?;
            let text = match std::str::from_utf8(&self.pending) {
                Ok(text) => text,
                // A character cut by the end of the block is completed by the next one.
                Err(error) if error.error_len().is_none() && !self.at_end => {
                    std::str::from_utf8(&self.pending[..error.valid_up_to()]).ok()?
                }
                Err(_) => return None,
            };
            let valid = text.len();
            let mut items = Vec::new();
            let mut done = 0;
            loop {
                let rest = &text[done..];
                match self.part {
                    Part::Before => {
                        match find_top_level_list(rest, "incidents") {
                            Ok(open) => {
                                self.outside.push_str(&rest[..open]);
                                done += open;
                                self.part = Part::Incidents;
                            }
                            // Cut short: more text decides, up to a point (each try scans
                            // from the start again).
                            Err(true) if !self.at_end && rest.len() < MAX_BEFORE_BYTES => break,
                            // Unusual (attributes among others): the whole-file path reads it.
                            Err(_) => return None,
                        }
                    }
                    Part::Incidents => {
                        let piece = list_items(rest, self.after_item, self.at_end)?;
                        self.after_item |= !piece.items.is_empty();
                        items.extend(piece.items.iter().map(|r| r.start + done..r.end + done));
                        done += piece.done;
                        match piece.close {
                            Some(_) => self.part = Part::After,
                            None => break,
                        }
                    }
                    Part::After => {
                        self.outside.push_str(rest);
                        done = text.len();
                        break;
                    }
                }
            }
            if items.is_empty() {
                self.pending.drain(..done);
                continue;
            }
            // The block keeps this buffer; what is left of it starts the next one.
            let mut rest = std::mem::take(&mut self.spare);
            rest.clear();
            rest.extend_from_slice(&self.pending[done..]);
            let text = std::mem::replace(&mut self.pending, rest);
            return Some(Some(Block { text, valid, items }));
        }
        Some(None)
    }
}

/// Reads until `pending` holds at least `block_bytes` or the file ends; true at the end.
fn fill(reader: &mut impl Read, pending: &mut Vec<u8>, block_bytes: usize) -> Option<bool> {
    let target = pending.len() + block_bytes;
    while pending.len() < target {
        let before = pending.len();
        pending.resize(target, 0);
        match reader.read(&mut pending[before..]) {
            Ok(0) => {
                pending.truncate(before);
                return Some(true);
            }
            Ok(read) => pending.truncate(before + read),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {
                pending.truncate(before);
            }
            Err(_) => return None,
        }
    }
    Some(false)
}

/// Parses one block's incidents on every core, straight into `incidents`.
fn parse_items(
    text: &str,
    items: &[std::ops::Range<usize>],
    incidents: &mut Vec<Incident>,
    size_hint: u64,
    finish: &(dyn Fn(&mut Incident) + Sync),
) -> Option<()> {
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Some(());
    };
    let first_block = incidents.is_empty();
    let failed = AtomicBool::new(false);
    incidents.par_extend(items.par_iter().map(|range| {
        text.get(range.clone())
            .and_then(|item| {
                // The plain subset fast; anything else (or anything wrong) as `ron` reads it.
                super::plain_ron::from_str::<Incident>(item)
                    .ok()
                    .or_else(|| super::model::ron_options().from_str(item).ok())
            })
            .map(|mut incident| {
                finish(&mut incident);
                incident
            })
            .unwrap_or_else(|| {
                failed.store(true, Ordering::Relaxed);
                Incident::default()
            })
    }));
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    if first_block {
        // The first block's incidents tell how long one is: room for the whole file is
        // made once, rather than the list growing (and being copied) block after block.
        // Only a guess, so a failure to get the room is no error.
        let bytes_per_item = ((last.end - first.start) / items.len()).max(1);
        let estimate = usize::try_from(size_hint).unwrap_or(usize::MAX) / bytes_per_item;
        let _ = incidents.try_reserve(estimate.saturating_add(estimate / 8));
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled::BUNDLED_DATA;

    fn whole(text: &str) -> Dataset {
        super::super::model::ron_options()
            .from_str(text)
            .expect("the text parses whole")
    }

    /// Every block size, down to a few bytes, cuts the file somewhere new: through an
    /// incident, a string, a comment, a multi-byte character. The result never changes.
    #[test]
    fn any_block_size_gives_the_whole_file_parse() {
        let mut text = BUNDLED_DATA.replace(
            "incidents: [",
            "incidents: [ /* a comment, with ] and \"quotes\" */ // and a line one ]\n",
        );
        text = text.replacen("title: \"", "title: \"Ünïcödé ✓ ", 3);
        let expected = whole(&text);
        for block in [1, 2, 3, 7, 64, 1000, 4096, 1 << 20] {
            let parsed = parse_blocks(text.as_bytes(), text.len() as u64, block, None, &|_| {})
                .unwrap_or_else(|| panic!("block size {block} gave up"));
            assert_eq!(parsed, expected, "block size {block}");
        }
    }

    /// A generated file, plain throughout (the fast reader reads all of it, the lists
    /// outside the incidents too), gives what `ron` gives reading it whole.
    #[test]
    fn a_plain_file_gives_the_whole_file_parse() {
        let text = crate::data::write::to_ron_string(&crate::generate::synthetic(500, 9), None);
        let expected = whole(&text);
        for block in [100, 4096, 1 << 20] {
            let parsed = parse_blocks(text.as_bytes(), text.len() as u64, block, None, &|_| {})
                .unwrap_or_else(|| panic!("block size {block} gave up"));
            assert_eq!(parsed, expected, "block size {block}");
        }
    }

    #[test]
    fn anything_unusual_gives_up_for_the_ordinary_path() {
        let broken = BUNDLED_DATA.replacen("title: \"", "title: ", 1);
        let attributes = format!("#![enable(implicit_some)]\n{BUNDLED_DATA}");
        let no_list = "(sources: [], groups: [])";
        let twice = BUNDLED_DATA.replacen("tours: [", "incidents: [], tours: [", 1);
        for text in [
            broken.as_str(),
            &attributes,
            no_list,
            &twice,
            "",
            "(",
            "\u{feff}",
        ] {
            for block in [5, 4096] {
                assert_eq!(
                    parse_blocks(text.as_bytes(), text.len() as u64, block, None, &|_| {}),
                    None,
                    "{:?}",
                    &text[..text.len().min(40)]
                );
            }
        }
        let invalid_utf8 = [
            &BUNDLED_DATA.as_bytes()[..5000],
            b"\xff",
            &BUNDLED_DATA.as_bytes()[5000..],
        ]
        .concat();
        assert_eq!(
            parse_blocks(&invalid_utf8[..], 0, 4096, None, &|_| {}),
            None
        );
    }

    /// Found in review: each of these once panicked, aborted, or read differently from `ron`.
    #[test]
    fn reviewed_edge_cases_hand_over_without_a_panic() {
        let padded = |tail: &str| format!("(incidents: [{}{tail}", " ".repeat(5000));
        let cases = [
            padded("\"\\"),
            padded("r#"),
            padded("r##\""),
            "(incidents: [(id:\"a\",title:\"A\") /* x/*/ , (id:\"b\",title:\"B\")])".into(),
            "# ![enable(explicit_struct_names)]\nDataset(incidents: [(id:\"a\",title:\"A\")])"
                .into(),
            "/* c */ # ![enable(implicit_some)] (incidents: [])".into(),
        ];
        for text in &cases {
            for block in [1, 3, 64, 4096] {
                assert_eq!(
                    parse_blocks(text.as_bytes(), text.len() as u64, block, None, &|_| {}),
                    None,
                    "{text:?}"
                );
            }
        }
        // Items that are not incidents, in a file said to be huge: no reservation is made
        // from them (it once tried to reserve tens of gigabytes and aborted).
        let numbers = format!("(incidents: [{}1])", "1,".repeat(10_000));
        assert_eq!(
            parse_blocks(numbers.as_bytes(), 100 << 30, 4096, None, &|_| {}),
            None
        );
        // A raw identifier is not a raw string: both readings agree.
        let raw = "(incidents: [(id:\"a\", r#title:\"A\"), (id:\"b\",title:\"'\\''\")])";
        let whole: Result<Dataset, _> = super::super::model::ron_options().from_str(raw);
        for block in [1, 7, 4096] {
            let streamed = parse_blocks(raw.as_bytes(), raw.len() as u64, block, None, &|_| {});
            assert!(
                streamed.is_none() || streamed == whole.as_ref().ok().cloned(),
                "{block}"
            );
        }
    }

    /// The text cut at `at` (moved back to a character boundary).
    fn boundary(text: &str, mut at: usize) -> usize {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Real data with a random edit, read in random blocks: never a panic, and never
        /// anything but what reading it whole gives (or a hand-over to the ordinary path).
        #[test]
        fn a_mangled_file_reads_as_whole_or_not_at_all(
            at in 0..BUNDLED_DATA.len(),
            removed in 0usize..4,
            inserted in proptest::sample::select(
                vec!["", "\"", "(", ")", "[", "]", ",", "/*", "//", "\\", "é", "#![", "\u{0}"],
            ),
            block in 1usize..300,
        ) {
            let start = boundary(BUNDLED_DATA, at);
            let end = boundary(BUNDLED_DATA, start + removed);
            let text = format!("{}{inserted}{}", &BUNDLED_DATA[..start], &BUNDLED_DATA[end..]);
            let streamed = parse_blocks(text.as_bytes(), text.len() as u64, block, None, &|_| {});
            if let Some(streamed) = streamed {
                let whole: Result<Dataset, _> = super::super::model::ron_options().from_str(&text);
                proptest::prop_assert_eq!(Some(streamed), whole.ok());
            }
        }

        /// Any bytes at all: a dataset or a hand-over, never a panic.
        #[test]
        fn any_bytes_read_in_blocks_never_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            block in 1usize..50,
        ) {
            let _ = parse_blocks(&bytes[..], bytes.len() as u64, block, None, &|_| {});
        }
    }
}
