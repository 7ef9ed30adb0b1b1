//! Importers: public threat-intelligence formats turned into incidents files.
//!
//! - [`hibp`]: a Have I Been Pwned `/breaches` list becomes organisations and incidents,
//!   with no attribution at all;
//! - [`misp`]: a MISP galaxy cluster file enriches the groups of an existing data file
//!   (aliases, who coined them, origin, references);
//! - [`stix`]: a STIX 2.1 bundle becomes groups, organisations, incidents and claims.
//! - [`veris`]: VERIS JSON files (the VERIS Community Database) become organisations,
//!   incidents, and groups with claims where the coder named the actor.
//!
//! Every importer works the same way: it reads the whole input, reports every problem it
//! finds (naming the file and the record), builds a [`Dataset`], cleans its text as the
//! loader would, writes it with [`crate::data::write`] and loads the text back before
//! anything is written anywhere. So an import either produces a file that passes `check`
//! and round-trips, or writes nothing. The same input always gives the same bytes: ids
//! come from names ([`IdAllocator`]), collisions are resolved in input order, and nothing
//! depends on the clock, the file's path or a hash map's order.

pub mod countries;
pub mod fields;
pub mod hibp;
pub mod misp;
pub mod stix;
pub mod veris;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::data::clean::clean_in_place;
use crate::data::progress::{Counting, Progress, Stage, StderrProgress, file_name};
use crate::data::write::{Destination, to_ron_string};
use crate::data::{Dataset, load_str};

/// Why an import failed: every problem found, each naming the record it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The input's name as the user gave it.
    pub file: String,
    /// One line per problem, such as `record 17 ("Adobe"): BreachDate "2013-13-04" is not a date`.
    pub problems: Vec<String>,
}

impl ImportError {
    /// An error with a single problem.
    pub fn new(file: &str, problem: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            problems: vec![problem.into()],
        }
    }
}

/// At most this many problems are listed; the rest are counted.
const MAX_LISTED: usize = 50;

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.problems.iter().take(MAX_LISTED) {
            writeln!(f, "error: {}: {problem}", self.file)?;
        }
        if self.problems.len() > MAX_LISTED {
            writeln!(
                f,
                "error: {}: … and {} more problems",
                self.file,
                self.problems.len() - MAX_LISTED
            )?;
        }
        let count = self.problems.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(
            f,
            "error: {} could not be imported ({count} problem{plural}); nothing was written",
            self.file
        )
    }
}

impl std::error::Error for ImportError {}

/// A finished import: the data, its RON text (already loaded back once), and what the
/// user should know about it (records left out, doubtful dates).
#[derive(Clone, Debug)]
pub struct Imported {
    /// The imported data, cleaned as the loader cleans it.
    pub dataset: Dataset,
    /// The RON text of `dataset`; `load_str(&text)` gives `dataset` back.
    pub text: String,
    /// Warnings and a summary, one line each, for standard error.
    pub notes: Vec<String>,
}

/// Cleans the data's text as the loader does, writes it, and loads the text back to prove
/// that it passes every check and round-trips. `name` is the input's name, for messages.
pub fn finish(
    mut dataset: Dataset,
    header: &str,
    notes: Vec<String>,
    name: &str,
) -> Result<Imported, ImportError> {
    dataset.for_each_text_mut(&mut clean_in_place);
    let text = to_ron_string(&dataset, Some(header));
    match load_str(&text, "the imported data") {
        Ok(loaded) if loaded.dataset == dataset => Ok(Imported {
            dataset,
            text,
            notes,
        }),
        Ok(_) => Err(ImportError::new(
            name,
            "internal error: the written data does not read back the same; please report it",
        )),
        Err(error) => Err(ImportError::new(
            name,
            format!(
                "internal error: the imported data does not pass the checks; please report it\n{error}"
            ),
        )),
    }
}

/// Reads an input file as text, with a message naming it when that fails.
pub fn read_input(path: &Path) -> Result<String, ImportError> {
    read_input_with(path, &Progress::new())
}

/// As [`read_input`], counting the bytes read into `progress`.
pub fn read_input_with(path: &Path, progress: &Progress) -> Result<String, ImportError> {
    use std::io::Read;
    let name = path.display().to_string();
    let cannot_read =
        |error: std::io::Error| ImportError::new(&name, format!("cannot read the file: {error}"));
    let file = crate::data::load::open_regular(path).map_err(cannot_read)?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    Counting::new(file, progress)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    String::from_utf8(bytes).map_err(|error| {
        ImportError::new(
            &name,
            format!(
                "the file is not valid UTF-8 (at byte {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Parses JSON text, explaining a syntax error with its line and column.
pub fn parse_json(text: &str, name: &str) -> Result<Value, ImportError> {
    serde_json::from_str(text).map_err(|error| json_error(&error, name))
}

/// A JSON syntax error with its line and column, and a hint when the file ends early.
pub fn json_error(error: &serde_json::Error, name: &str) -> ImportError {
    let hint = match error.classify() {
        serde_json::error::Category::Eof => {
            " (the file ends early: is it complete, or was the download cut short?)"
        }
        _ => "",
    };
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    ImportError::new(
        name,
        format!(
            "line {}, column {}: not valid JSON: {message}{hint}",
            error.line(),
            error.column()
        ),
    )
}

/// The JSON type of a value, in words.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A name turned into an id: lowercase ASCII letters and digits joined by `-`, accents
/// dropped ("Société Générale" → "societe-generale"), at most 60 characters.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'ß' => 's',
            'æ' | 'Æ' => 'a',
            'ø' | 'Ø' => 'o',
            'đ' | 'Đ' | 'ð' => 'd',
            'ł' | 'Ł' => 'l',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            // Apostrophes join ("Domino's" → "dominos"); everything else separates.
            dash = true;
        }
    }
    const MAX: usize = 60;
    if slug.len() > MAX {
        let cut = slug[..MAX].rfind('-').filter(|&i| i >= 20).unwrap_or(MAX);
        slug.truncate(cut);
    }
    slug
}

/// Hands out unique ids within one list: the slug of a name, then `-2`, `-3`… for later
/// names with the same slug, so the first one in input order keeps the plain id.
#[derive(Clone, Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// An allocator that already knows these ids (from an existing file).
    pub fn with_used<'a>(ids: impl IntoIterator<Item = &'a str>) -> IdAllocator {
        IdAllocator {
            used: ids.into_iter().map(str::to_string).collect(),
        }
    }

    /// A fresh id for `name`; `fallback` when the name has no letter or digit.
    pub fn allocate(&mut self, name: &str, fallback: &str) -> String {
        let mut base = slugify(name);
        if base.is_empty() {
            base = slugify(fallback);
        }
        if base.is_empty() {
            base = "item".to_string();
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    /// True when `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_notes(notes: &[String]) {
    for note in notes {
        crate::report::stderr(format_args!("{note}"));
    }
}

fn report(result: Result<Imported, ImportError>, out: &Destination) -> ExitCode {
    match result {
        Ok(imported) => {
            print_notes(&imported.notes);
            match out.write(imported.text.as_bytes()) {
                Ok(()) => {
                    if let Some(path) = out.path() {
                        crate::report::stderr(format_args!("wrote {}", path.display()));
                    }
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    crate::report::stderr(format_args!("{message}"));
                    ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            crate::report::stderr(format_args!("{error}"));
            ExitCode::FAILURE
        }
    }
}

/// Refuses, with a message, an output that would replace a file without --force or one of
/// the `inputs`: before any work is done.
fn checked(out: &Destination, inputs: &[&Path]) -> bool {
    match out.check(inputs) {
        Ok(()) => true,
        Err(message) => {
            crate::report::stderr(message);
            false
        }
    }
}

/// Runs an import with a progress line on standard error while it takes long (only when
/// standard error is a terminal): `what` names it (already safe to print), `files` are
/// what it reads, counted by size.
fn with_progress<T>(what: &str, files: &[&Path], work: impl FnOnce(&Progress) -> T) -> T {
    let progress = Arc::new(Progress::new());
    for file in files {
        progress.add_total(std::fs::metadata(file).map_or(0, |m| m.len()));
    }
    let _line = StderrProgress::start(what.to_string(), Arc::clone(&progress));
    work(&progress)
}

/// Reads `file` and converts it, with progress: reading by bytes, then converting.
fn read_and_convert<T>(
    file: &Path,
    progress: &Progress,
    convert: impl FnOnce(&str) -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    let text = read_input_with(file, progress)?;
    progress.enter(Stage::Converting);
    convert(&text)
}

/// The `import hibp` command: FILE to `out`, or to standard output.
pub fn run_hibp(file: &Path, out: &Destination, options: &hibp::HibpOptions) -> ExitCode {
    if !checked(out, &[file]) {
        return ExitCode::FAILURE;
    }
    let name = file.display().to_string();
    let what = format!("importing {}", file_name(file));
    let result = with_progress(&what, &[file], |progress| {
        read_and_convert(file, progress, |text| hibp::import(text, &name, options))
    });
    report(result, out)
}

/// The `import stix` command: FILE to `out`, or to standard output.
pub fn run_stix(file: &Path, out: &Destination) -> ExitCode {
    if !checked(out, &[file]) {
        return ExitCode::FAILURE;
    }
    let name = file.display().to_string();
    let what = format!("importing {}", file_name(file));
    let result = with_progress(&what, &[file], |progress| {
        read_and_convert(file, progress, |text| stix::import(text, &name))
    });
    report(result, out)
}

/// The `import veris` command: the files and folders in `inputs` (a folder gives the
/// `.json` files directly in it) to `out`, or to standard output.
pub fn run_veris(inputs: &[std::path::PathBuf], out: &Destination) -> ExitCode {
    let paths: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    if !checked(out, &paths) {
        return ExitCode::FAILURE;
    }
    let result = with_progress("importing VERIS", &[], |progress| {
        veris::import_paths_with(inputs, progress)
    });
    report(result, out)
}

/// The `import misp-galaxy` command: FILE merged into `into`, written back to `into` (or
/// to `out` when given, leaving `into` as it is). With `dry_run`, only says what it would do.
pub fn run_misp(
    file: &Path,
    into: &Path,
    out: Option<&Destination>,
    options: &misp::MispOptions,
    dry_run: bool,
) -> ExitCode {
    if let Some(out) = out
        && !dry_run
        && !checked(out, &[file, into])
    {
        return ExitCode::FAILURE;
    }
    let galaxy_name = file.display().to_string();
    let data_name = into.display().to_string();
    let merged = with_progress(
        &format!("merging {} into {}", file_name(file), file_name(into)),
        &[file, into],
        |progress| {
            let galaxy = read_input_with(file, progress)?;
            read_and_convert(into, progress, |data| {
                misp::merge(&galaxy, &galaxy_name, data, &data_name, options)
            })
        },
    );
    let merged = match merged {
        Ok(merged) => merged,
        Err(error) => {
            crate::report::stderr(format_args!("{error}"));
            return ExitCode::FAILURE;
        }
    };
    print_notes(&merged.notes);
    if dry_run {
        crate::report::stderr(format_args!("dry run: nothing was written"));
        return ExitCode::SUCCESS;
    }
    if !merged.changed && out.is_none() {
        return ExitCode::SUCCESS;
    }
    let written = match out {
        Some(out) => out.write(merged.text.as_bytes()),
        None => crate::data::write::edit_file_in_place(into, merged.text.as_bytes()),
    };
    match written {
        Ok(()) => {
            let target = out.and_then(Destination::path).unwrap_or(into);
            crate::report::stderr(format_args!("wrote {}", target.display()));
            ExitCode::SUCCESS
        }
        Err(message) => {
            crate::report::stderr(format_args!("{message}"));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slugify("Société Générale"), "societe-generale");
        assert_eq!(slugify("LAPSUS$"), "lapsus");
        assert_eq!(slugify("Domino's India"), "dominos-india");
        assert_eq!(
            slugify("  2,844 Separate Data Breaches "),
            "2-844-separate-data-breaches"
        );
        assert_eq!(slugify("Wiener Büchereien"), "wiener-buchereien");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn collisions_get_numbers_in_order() {
        let mut ids = IdAllocator::with_used(["adobe"]);
        assert_eq!(ids.allocate("Adobe", "x"), "adobe-2");
        assert_eq!(ids.allocate("ADOBE", "x"), "adobe-3");
        assert_eq!(ids.allocate("…", "fallback name"), "fallback-name");
        assert_eq!(ids.allocate("", ""), "item");
    }
}
