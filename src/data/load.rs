//! Loading a data file: read, parse, clean, validate, and explain every problem.

use std::fmt;
use std::path::Path;

use std::io::Read;

use super::clean::clean_in_place;
use super::diagnostic::{Diagnostic, Location, Severity};
use super::model::{Dataset, ron_options as options};
use super::progress::{Counting, Progress, Stage};
use super::timings::phase;
use rayon::prelude::*;

use super::model::Incident;
use super::outline::{self, outline, path_to_string};
use super::validate::validate_indexed;

pub use super::bundled::{BUNDLED_DATA, BUNDLED_NAME};

/// A data set that loaded, with any warnings about it.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The cleaned, validated data.
    pub dataset: Dataset,
    /// Things that look unintended but do not stop loading.
    pub warnings: Vec<Diagnostic>,
}

/// Why a file could not be loaded: every error found, in file order.
#[derive(Clone, Debug)]
pub struct LoadError {
    /// The file's name as the user gave it.
    pub file: String,
    /// Errors first, then warnings, each in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}\n")?;
        }
        let count = self.errors().count();
        let plural = if count == 1 { "" } else { "s" };
        write!(
            f,
            "error: {} could not be loaded: {count} error{plural} found",
            self.file
        )
    }
}

impl std::error::Error for LoadError {}

fn single(file: &str, diagnostic: Diagnostic) -> LoadError {
    LoadError {
        file: file.to_string(),
        diagnostics: vec![diagnostic],
    }
}

/// Loads the data set compiled into the binary.
pub fn load_bundled() -> Result<Loaded, LoadError> {
    load_str(BUNDLED_DATA, BUNDLED_NAME)
}

/// Reads and loads a data file from disk. A large file that loads cleanly is read a block
/// at a time (see [`super::stream`]); any other goes through [`load_bytes`].
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_with(path, &Progress::new())
}

/// As [`load_file`], counting bytes and incidents into `progress` as it goes (its total is
/// the caller's to set), and stopping with a "cancelled" error once `progress` is cancelled.
/// Memory freed while it loads goes back to the system at once (see
/// [`crate::allocator::giving_freed_memory_back`]).
pub fn load_file_with(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    crate::allocator::giving_freed_memory_back(|| read_file(path, progress))
}

fn read_file(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    let name = super::clean::shown_path(path);
    let cannot_read = |error: std::io::Error| {
        let hint = match error.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; run without a FILE to use the bundled data"
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            std::io::ErrorKind::InvalidInput => "give the path of a data file (a .ron file)",
            _ => "check that the path names a readable file",
        };
        single(
            &name,
            Diagnostic::error(&name, None, format!("cannot read {name}: {error}"), hint),
        )
    };
    let cancelled = || {
        single(
            &name,
            Diagnostic::error(
                &name,
                None,
                format!("loading {name} was cancelled"),
                "open it again when you are ready",
            ),
        )
    };
    let file = open_regular(path).map_err(cannot_read)?;
    let size = file.metadata().map_or(0, |m| m.len());
    let counted = progress.snapshot().bytes_read;
    let streamed = (size >= PARALLEL_PARSE_BYTES as u64)
        .then(|| {
            phase("read and parse, in blocks", || {
                super::stream::parse_in_blocks_with(
                    Counting::new(&file, progress),
                    size,
                    progress,
                    &|incident| incident.for_each_text_mut(&mut clean_in_place),
                )
            })
        })
        .flatten();
    if progress.is_cancelled() {
        return Err(cancelled());
    }
    if let Some(dataset) = streamed {
        progress.enter(Stage::Checking);
        let (dataset, problems) = check(dataset, Cleaned::Incidents);
        if problems.is_empty() {
            return Ok(Loaded {
                dataset,
                warnings: Vec::new(),
            });
        }
        // Problems are explained from the whole text, read again below.
    }
    // Read again from the start: the bytes count once.
    let already = progress.snapshot().bytes_read.saturating_sub(counted);
    progress.unread(already);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let reopened = open_regular(path).map_err(cannot_read)?;
    Counting::new(reopened, progress)
        .read_to_end(&mut bytes)
        .map_err(|error| {
            if progress.is_cancelled() {
                cancelled()
            } else {
                cannot_read(error)
            }
        })?;
    progress.enter(Stage::Checking);
    load_bytes(&bytes, &name)
}

/// Opens a file to read as data, refusing anything but a regular file (a symlink to one is
/// one): a FIFO would block the open, and a device such as /dev/zero would be read until
/// memory runs out. The file is opened without blocking and then asked what it is, so one
/// swapped in between cannot slip through.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO does not wait for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        kind_of_special(&kind)
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file; data is read only from regular files"),
    ))
}

#[cfg(unix)]
fn kind_of_special(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind_of_special(_: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// Loads a data file's bytes; `name` is used in messages.
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Loaded, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text, name),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // Everything before the bad byte is valid UTF-8, so it can be shown.
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let location = Location::from_span(text, text.len()..text.len());
            Err(single(
                name,
                Diagnostic::error(
                    name,
                    Some(location),
                    format!(
                        "the file is not valid UTF-8 (byte {} cannot start or continue a character)",
                        error.valid_up_to()
                    ),
                    "save the file as UTF-8 text",
                ),
            ))
        }
    }
}

/// A hint for each kind of syntax error `ron` reports.
fn syntax_hint(error: &ron::Error) -> String {
    use ron::Error as E;
    match error {
        E::Eof => "the file ends early: look for an unclosed `(`, `[` or `\"`".into(),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd => {
            "a `,` may be missing between two items, or a bracket is unbalanced".into()
        }
        E::ExpectedComma => "add a `,` between the items".into(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "text goes in double quotes: \"like this\"".into()
        }
        E::ExpectedInteger => "write a whole number, such as 1886".into(),
        E::NoSuchStructField { .. } => {
            "check the spelling; docs/data-format.md describes every field".into()
        }
        E::MissingStructField { field, .. } => {
            format!("add `{field}: …` to this item; see docs/data-format.md")
        }
        E::DuplicateStructField { .. } => "remove one of the two".into(),
        E::NoSuchEnumVariant { .. } => "check the spelling and capitals of the value".into(),
        E::ExceededRecursionLimit => "the data nests deeper than any real file would".into(),
        E::Message(_) => {
            "write dates as \"2019\", \"2019-09\", \"2019-09-18\" or \"2009/2010\"".into()
        }
        _ => "compare with the example in docs/data-format.md".into(),
    }
}

/// Files from this size up parse their incidents on every core.
const PARALLEL_PARSE_BYTES: usize = 4 << 20;

/// The byte offset in `text` of a 1-based line and character column, as `ron` reports.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(offset, _)| offset)
}

/// Parses a whole file. Large files have their incidents, by far the biggest list, split
/// at item boundaries and parsed in parallel; anything unusual takes the plain path.
/// Errors carry the byte offset in `text` where `ron` stopped.
fn parse(text: &str) -> Result<Dataset, (usize, ron::Error)> {
    let whole = |text: &str| {
        options()
            .from_str::<Dataset>(text)
            .map_err(|e| (offset_of(text, e.span.start.line, e.span.start.col), e.code))
    };
    // Small files, and files the list finder leaves whole (attributes such as
    // `#![enable(...)]` apply to all of a file), are parsed in one go.
    if text.len() < PARALLEL_PARSE_BYTES {
        return whole(text);
    }
    let Some((list, items)) = outline::top_level_list_items(text, "incidents") else {
        return whole(text);
    };
    // Everything but the incidents, with their list left empty.
    let rest = format!("{}{}", &text[..list.start], &text[list.end..]);
    let mut dataset = whole(&rest).map_err(|(offset, error)| {
        let shifted = if offset >= list.start {
            offset + list.len()
        } else {
            offset
        };
        (shifted, error)
    })?;
    let item = |range: &std::ops::Range<usize>| {
        let source = &text[range.clone()];
        options().from_str::<Incident>(source).map_err(|e| {
            (
                range.start + offset_of(source, e.span.start.line, e.span.start.col),
                e.code,
            )
        })
    };
    // Each incident is written straight into its place in one list of the right size: a
    // collected `Result<Vec<_>>` would build pieces and copy them, twice the memory at peak.
    let first_error = std::sync::Mutex::new(None::<(usize, ron::Error)>);
    items
        .par_iter()
        .map(|range| {
            item(range).unwrap_or_else(|error| {
                let mut first = first_error.lock().unwrap_or_else(|e| e.into_inner());
                if first.as_ref().is_none_or(|(offset, _)| error.0 < *offset) {
                    *first = Some(error);
                }
                Incident::default()
            })
        })
        .collect_into_vec(&mut dataset.incidents);
    match first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(error) => Err(error),
        None => Ok(dataset),
    }
}

/// What of the parsed data is cleaned already.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cleaned {
    /// Nothing.
    Nothing,
    /// The incidents: the block reader cleans each as it reads it.
    Incidents,
}

/// Cleans parsed data and validates it, and indexes its ids.
fn check(mut dataset: Dataset, cleaned: Cleaned) -> (Dataset, Vec<super::validate::Problem>) {
    phase("clean", || match cleaned {
        Cleaned::Nothing => dataset.par_for_each_text_mut(&clean_in_place),
        Cleaned::Incidents => dataset.for_each_text_mut_but_incidents(&mut clean_in_place),
    });
    // Checking looks ids up in the index it will keep: built once, used twice.
    let ids = phase("index ids", || dataset.id_index());
    let problems = phase("validate", || validate_indexed(&dataset, &ids));
    dataset.ids = ids;
    (dataset, problems)
}

/// Parses, cleans and validates a data file's text; `name` is used in messages.
pub fn load_str(text: &str, name: &str) -> Result<Loaded, LoadError> {
    // A byte-order mark (editors on Windows write one) is not part of the data.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(single(
            name,
            Diagnostic::error(
                name,
                Some(Location::from_line_column(text, 1, 1)),
                "the file is empty",
                "a data file is one RON struct: (sources: [...], groups: [...], organisations: [...], incidents: [...]); see docs/data-format.md",
            ),
        ));
    }
    let dataset: Dataset = parse(text).map_err(|(offset, error)| {
        let location = Location::from_span(text, offset..offset + 1);
        single(
            name,
            Diagnostic::error(
                name,
                Some(location),
                match &error {
                    // A custom message quotes the file's own text: made safe to print.
                    ron::Error::Message(message) => {
                        format!(
                            "invalid value: {}",
                            super::clean::escape_for_terminal(message)
                        )
                    }
                    code => format!("syntax: {code}"),
                },
                syntax_hint(&error),
            ),
        )
    })?;
    let (dataset, problems) = check(dataset, Cleaned::Nothing);
    if problems.is_empty() {
        return Ok(Loaded {
            dataset,
            warnings: Vec::new(),
        });
    }
    // Positions are only needed for problems: the outline is built for those alone.
    let root = outline(text);
    let lines = super::diagnostic::line_starts(text);
    let mut located: Vec<(usize, Diagnostic)> = problems
        .into_iter()
        .map(|problem| {
            let (node, complete) = root.find(&problem.path);
            let span = node.span();
            let start = span.start;
            // A missing field is pointed at from its enclosing item's opening bracket.
            let span = if complete { span } else { start..start + 1 };
            let message = format!("{} (at {})", problem.message, path_to_string(&problem.path));
            let diagnostic = Diagnostic {
                severity: problem.severity,
                file: name.to_string(),
                location: Some(Location::from_span_in(text, &lines, span)),
                message,
                hint: problem.hint,
            };
            (start, diagnostic)
        })
        .collect();
    located.sort_by_key(|(start, diagnostic)| (diagnostic.severity, *start));
    let diagnostics: Vec<Diagnostic> = located.into_iter().map(|(_, d)| d).collect();
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LoadError {
            file: name.to_string(),
            diagnostics,
        });
    }
    Ok(Loaded {
        dataset,
        warnings: diagnostics,
    })
}
