//! Writing data files: RON in the house style of `incidents.ron`, and atomic file writes.
//!
//! [`write_ron`] is the one writer every command uses (`generate`, the importers, the MISP
//! merge), so every file the program writes reads like the bundled one:
//!
//! - 4-space indent, trailing commas, one field per line for the items of the five
//!   top-level lists;
//! - smaller structs (aliases, claims, facts) and lists of strings on one line when they fit
//!   in [`WIDTH`] columns;
//! - optional values written plainly (RON's `implicit_some`, as the loader expects), and
//!   fields at their default (`None`, `[]`, `thin: false`) left out.
//!
//! The output goes through serde, so it always says what the model says: `load_str` of what
//! [`write_ron`] writes gives back the same [`Dataset`], provided its text was clean (text
//! that came out of the loader, or went through [`crate::data::clean::clean_in_place`]).

use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::model::Dataset;

/// Lines longer than this are broken up (when the value has parts to break).
pub const WIDTH: usize = 100;

const INDENT: &str = "    ";

/// Writes a data set as RON in the house style, with a final newline.
pub fn write_ron(data: &Dataset, out: impl Write) -> io::Result<()> {
    write_ron_with(data, None, out)
}

/// The RON text of a data set, starting with `// header` lines when a header is given.
pub fn to_ron_string(data: &Dataset, header: Option<&str>) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_ron_with(data, header, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Items of a top-level list are written this many at a time, each batch laid out on every
/// core: the text of a million incidents is never all in memory at once.
const BATCH: usize = 16_384;

/// Writes a data set as RON, with `// header` lines first when a header is given: list by
/// list and item by item, so writing a million incidents costs a batch of memory, not the
/// whole file twice over.
pub fn write_ron_with(data: &Dataset, header: Option<&str>, out: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 20, out);
    if let Some(header) = header {
        for line in header.lines() {
            writeln!(out, "// {line}")?;
        }
    }
    out.write_all(b"(\n")?;
    write_list(&mut out, "sources", &data.sources)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "groups", &data.groups)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "organisations", &data.organisations)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "incidents", &data.incidents)?;
    out.write_all(b"\n")?;
    write_list(&mut out, "tours", &data.tours)?;
    out.write_all(b")\n")?;
    out.flush()
}

/// One top-level list: `    name: [` then each item one level deeper, or `    name: [],`.
pub(crate) fn write_list<T: Serialize + Sync>(
    out: &mut impl Write,
    name: &str,
    items: &[T],
) -> io::Result<()> {
    use rayon::prelude::*;
    write_list_texts(
        out,
        name,
        items.chunks(BATCH).map(|batch| {
            batch
                .par_chunks(256)
                .map(|chunk| {
                    let mut text = String::new();
                    for item in chunk {
                        push_list_item(item, &mut text);
                    }
                    text
                })
                .collect()
        }),
    )
}

/// A top-level list whose items come already written, a batch of texts at a time (each
/// text made by [`push_list_item`]): for writers that make their items as they go.
pub(crate) fn write_list_texts(
    out: &mut impl Write,
    name: &str,
    batches: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut opened = false;
    for text in batches.flatten().filter(|text| !text.is_empty()) {
        if !opened {
            writeln!(out, "{INDENT}{name}: [")?;
            opened = true;
        }
        out.write_all(text.as_bytes())?;
    }
    if opened {
        writeln!(out, "{INDENT}],")
    } else {
        writeln!(out, "{INDENT}{name}: [],")
    }
}

/// Appends one item of a top-level list as it appears there: indented, with its comma.
pub(crate) fn push_list_item<T: Serialize>(item: &T, text: &mut String) {
    // The model only holds strings, numbers, booleans, lists, structs and unit enums,
    // all of which `to_tree` supports: an error would be a bug.
    let tree =
        to_tree(item).unwrap_or_else(|error| panic!("the data model is not writable: {error}"));
    push_indent(2, text);
    emit_value(&tree, 2, 0, Context::TopItem, text);
    text.push_str(",\n");
}

/// The RON text of one item of a top-level list (a source, a group, an incident), written
/// as [`write_ron`] writes it there: `indent` levels deep, without the leading indentation
/// of its first line and without a trailing comma.
pub fn item_to_ron<T: Serialize>(value: &T, indent: usize) -> Result<String, WriteError> {
    let tree = to_tree(value)?;
    let mut text = String::new();
    emit(&tree, indent, Context::TopItem, &mut text);
    Ok(text)
}

/// Where a command writes its output: standard output, or a file it creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output: no `--out`, or `--out -`.
    Stdout,
    /// A file, written through a temporary file beside it and renamed into place. An
    /// existing file is replaced only with `force`; one of the command's inputs never.
    File {
        /// The file to write.
        path: PathBuf,
        /// Replace the file if it exists (`--force`).
        force: bool,
    },
}

impl Destination {
    /// The destination an `--out` option names: `-` is standard output.
    pub fn new(out: Option<&Path>, force: bool) -> Destination {
        match out {
            None => Destination::Stdout,
            Some(path) if path.as_os_str() == "-" => Destination::Stdout,
            Some(path) => Destination::File {
                path: path.to_path_buf(),
                force,
            },
        }
    }

    /// The file written, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Destination::Stdout => None,
            Destination::File { path, .. } => Some(path),
        }
    }

    /// Refuses, before any work is done, what writing would refuse anyway: replacing an
    /// existing file without `force`, and ever writing over one of `inputs` (which the
    /// command is reading), whatever name or link it is reached by.
    pub fn check(&self, inputs: &[&Path]) -> Result<(), String> {
        let Destination::File { path, force } = self else {
            return Ok(());
        };
        let shown = super::clean::shown_path(path);
        if let Some(input) = inputs
            .iter()
            .find(|input| same_file::is_same_file(input, path).unwrap_or(false))
        {
            return Err(format!(
                "error: {shown} is {}, which this command reads: writing it would destroy it\n  \
                 = hint: write to another file (--force does not change this)",
                if input == &path.as_path() {
                    "one of its inputs".to_string()
                } else {
                    format!("the same file as {}", super::clean::shown_path(input))
                }
            ));
        }
        // `symlink_metadata`: a link is something that exists, even one that points nowhere.
        if !force && std::fs::symlink_metadata(path).is_ok() {
            return Err(exists_message(&shown));
        }
        Ok(())
    }

    /// Writes the output `write` makes: straight to standard output, or to a temporary file
    /// beside the destination that is renamed into place only when it is whole. Without
    /// `force` the rename refuses an existing file (one made since [`Destination::check`]
    /// too, a link among them: nothing is followed); with it, the file or link is
    /// replaced, the file keeping its permissions. A failure leaves nothing behind.
    pub fn write_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), String> {
        match self {
            Destination::Stdout => {
                let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
                write(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(|error| format!("error: cannot write to standard output: {error}"))
            }
            Destination::File { path, force } => {
                let shown = super::clean::shown_path(path);
                write_file_with(path, *force, write).map_err(|error| {
                    if error.kind() == io::ErrorKind::AlreadyExists {
                        exists_message(&shown)
                    } else {
                        format!(
                            "error: cannot write {shown}: {error}\n  \
                             = hint: check that the folder exists and is writable"
                        )
                    }
                })
            }
        }
    }

    /// Writes `bytes`, as [`Destination::write_with`] does.
    pub fn write(&self, bytes: &[u8]) -> Result<(), String> {
        self.write_with(|out| out.write_all(bytes))
    }
}

fn exists_message(shown: &str) -> String {
    format!(
        "error: {shown} exists, and nothing was written\n  \
         = hint: give --force to replace it, or another name"
    )
}

/// Creates a new file at `path`, written through a temporary file beside it and renamed
/// into place when whole; fails with `AlreadyExists` when anything is at `path` (a link is
/// never followed).
pub fn create_new_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_file_with(path, false, write)
}

/// Writes a file through a temporary file beside it, renamed into place when whole: over
/// an existing file only when `replace` (keeping its permissions), else never over
/// anything (the rename fails with `AlreadyExists`).
fn write_file_with(
    path: &Path,
    replace: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".incident-explorer-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, temporary.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temporary.as_file().sync_all()?;
    let permissions = match std::fs::metadata(path) {
        Ok(metadata) if replace => Some(metadata.permissions()),
        _ => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temporary.as_file().set_permissions(permissions)?;
    }
    if replace {
        temporary.persist(path).map_err(|error| error.error)?;
    } else {
        temporary
            .persist_noclobber(path)
            .map_err(|error| error.error)?;
    }
    Ok(())
}

/// Edits a file the user named as a whole, as an editor saving it would: through a symlink
/// to the file it points at, keeping that file's permissions (and its owner, where the
/// process may set it), atomically (a temporary file beside it, renamed over it). Refused
/// with a message, before anything is written: a file its permissions make read-only
/// (even for root), and a file with other hard links (renaming would leave them with the
/// old contents).
pub fn edit_file_in_place(path: &Path, contents: &[u8]) -> Result<(), String> {
    let shown = super::clean::shown_path(path);
    let cannot = |error: io::Error| format!("error: cannot write {shown}: {error}");
    let target = std::fs::canonicalize(path).map_err(cannot)?;
    let metadata = std::fs::metadata(&target).map_err(cannot)?;
    if !metadata.is_file() {
        return Err(format!(
            "error: {shown} is not a regular file; nothing was written"
        ));
    }
    if metadata.permissions().readonly() {
        return Err(format!(
            "error: {shown} is read-only; nothing was written\n  \
             = hint: make it writable (chmod u+w) first, or write elsewhere with --out"
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return Err(format!(
                "error: {shown} has {} hard links: replacing it would leave the others with the \
                 old contents; nothing was written\n  \
                 = hint: write elsewhere with --out, or remove the other links first",
                metadata.nlink()
            ));
        }
    }
    write_file_with(&target, true, |out| out.write_all(contents)).map_err(cannot)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The owner stays where the process may keep it (root may; others own what they
        // write, and a file they do not own they could not have replaced in place anyway).
        let _ = std::os::unix::fs::chown(&target, Some(metadata.uid()), Some(metadata.gid()));
    }
    Ok(())
}

/// Writes `contents` to `path` atomically: into a temporary file in the same folder, then
/// renamed over `path`. A failure at any point leaves `path` as it was (or absent). An
/// existing file's permissions are kept.
pub fn write_file_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_file_atomic_with(path, |file| file.write_all(contents))
}

/// As [`write_file_atomic`], with the contents written by `write` into the temporary file
/// (through a buffer), so that large output is never all in memory.
pub fn write_file_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_file_with(path, true, write)
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // What `File::create` gives under the usual umask; the temporary file starts at 0600.
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Why a value cannot be written as RON by this writer.
#[derive(Debug)]
pub struct WriteError(String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        WriteError(message.to_string())
    }
}

/// A serialized value, before layout.
#[derive(Clone, Debug, PartialEq)]
enum Tree {
    /// Text written as is: a quoted string, a number, an enum value.
    Leaf(String),
    /// A boolean, kept apart so `false` fields can be left out.
    Bool(bool),
    /// `None`: the field is left out.
    Nothing,
    /// `[a, b]`.
    Seq(Vec<Tree>),
    /// `(field: value, …)`, with the struct's name.
    Struct(&'static str, Vec<(&'static str, Tree)>),
}

/// Text fields that default to empty (`#[serde(default)]` on a `String`), by struct.
const EMPTY_TEXT_DEFAULTS: [(&str, &str); 3] = [
    ("Group", "description"),
    ("Incident", "summary"),
    ("Tour", "description"),
];

impl Tree {
    /// A field of `structure` at its default, which the loader fills in when it is left out.
    fn is_default_field(&self, structure: &str, name: &str) -> bool {
        match self {
            Tree::Nothing | Tree::Bool(false) => true,
            // A tour's `steps` is the one list the loader requires.
            Tree::Seq(items) => items.is_empty() && name != "steps",
            Tree::Leaf(text) => text == "\"\"" && EMPTY_TEXT_DEFAULTS.contains(&(structure, name)),
            _ => false,
        }
    }

    fn is_composite(&self) -> bool {
        matches!(self, Tree::Seq(_) | Tree::Struct(..))
    }
}

/// Where a value sits, which decides its layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// The data set itself: every list written, each on its own lines.
    Root,
    /// A top-level list: one item per line.
    TopList,
    /// An item of a top-level list: one field per line.
    TopItem,
    /// Anything deeper: on one line when it fits.
    Nested,
}

/// Whether `text` holds a quote, a backslash or a control character (C0, DEL or C1).
fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &byte)| {
        matches!(byte, b'"' | b'\\' | 0..=0x1f | 0x7f)
            // C1 controls, U+0080 to U+009F, are 0xC2 0x80 to 0xC2 0x9F in UTF-8.
            || (byte == 0xc2 && bytes.get(i + 1).is_some_and(|next| (0x80..=0x9f).contains(next)))
    })
}

fn quote(text: &str, out: &mut String) {
    out.push('"');
    // Most text needs no escape: copy it whole, and go char by char only when it does.
    if !needs_escape(text) {
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The value on one line.
fn inline(tree: &Tree, out: &mut String) {
    match tree {
        Tree::Leaf(text) => out.push_str(text),
        Tree::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Tree::Nothing => out.push_str("None"),
        Tree::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(item, out);
            }
            out.push(']');
        }
        Tree::Struct(structure, fields) => {
            out.push('(');
            let mut first = true;
            for (name, value) in fields {
                if value.is_default_field(structure, name) {
                    continue;
                }
                if !first {
                    out.push_str(", ");
                }
                first = false;
                out.push_str(name);
                out.push_str(": ");
                inline(value, out);
            }
            out.push(')');
        }
    }
}

/// Structs inside structs are always broken up; so are lists of structs with lists inside.
fn may_inline(tree: &Tree) -> bool {
    match tree {
        Tree::Struct(structure, fields) => fields
            .iter()
            .all(|(name, value)| value.is_default_field(structure, name) || !value.is_composite()),
        Tree::Seq(items) => items.iter().all(|item| match item {
            Tree::Struct(..) => may_inline(item),
            Tree::Seq(_) => false,
            _ => true,
        }),
        _ => true,
    }
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str(INDENT);
    }
}

/// Writes `tree` whose first line starts at `indent` levels (the indentation itself already
/// written, as is anything before the value on that line: `prefix` columns of it).
fn emit_value(tree: &Tree, indent: usize, prefix: usize, context: Context, out: &mut String) {
    let breakable = tree.is_composite() && !matches!(tree, Tree::Seq(items) if items.is_empty());
    if breakable && context == Context::Nested && may_inline(tree) {
        let mut line = String::new();
        inline(tree, &mut line);
        // `,` after the value.
        if indent * INDENT.len() + prefix + line.chars().count() < WIDTH {
            out.push_str(&line);
            return;
        }
    }
    emit(tree, indent, context, out);
}

fn emit(tree: &Tree, indent: usize, context: Context, out: &mut String) {
    match tree {
        Tree::Seq(items) if !items.is_empty() => {
            out.push_str("[\n");
            let item_context = match context {
                Context::TopList => Context::TopItem,
                _ => Context::Nested,
            };
            for item in items {
                push_indent(indent + 1, out);
                emit_value(item, indent + 1, 0, item_context, out);
                out.push_str(",\n");
            }
            push_indent(indent, out);
            out.push(']');
        }
        Tree::Struct(structure, fields) => {
            out.push_str("(\n");
            for (position, (name, value)) in fields.iter().enumerate() {
                if context != Context::Root && value.is_default_field(structure, name) {
                    continue;
                }
                push_indent(indent + 1, out);
                out.push_str(name);
                out.push_str(": ");
                let value_context = match context {
                    Context::Root => Context::TopList,
                    _ => Context::Nested,
                };
                emit_value(value, indent + 1, name.len() + 2, value_context, out);
                out.push_str(",\n");
                if context == Context::Root && position + 1 < fields.len() {
                    out.push('\n');
                }
            }
            push_indent(indent, out);
            out.push(')');
        }
        other => inline(other, out),
    }
}

fn to_tree<T: Serialize + ?Sized>(value: &T) -> Result<Tree, WriteError> {
    value.serialize(TreeSerializer)
}

struct TreeSerializer;

struct SeqBuilder(Vec<Tree>);

struct StructBuilder(&'static str, Vec<(&'static str, Tree)>);

fn unsupported<T>(what: &str) -> Result<T, WriteError> {
    Err(WriteError(format!(
        "{what} cannot be written to a data file"
    )))
}

impl ser::Serializer for TreeSerializer {
    type Ok = Tree;
    type Error = WriteError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = Impossible<Tree, WriteError>;
    type SerializeMap = Impossible<Tree, WriteError>;
    type SerializeStruct = StructBuilder;
    type SerializeStructVariant = Impossible<Tree, WriteError>;

    fn serialize_bool(self, v: bool) -> Result<Tree, WriteError> {
        Ok(Tree::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Tree, WriteError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Tree, WriteError> {
        if !v.is_finite() {
            return unsupported("a number that is not finite");
        }
        // RON needs a `.` to read a float back as one.
        let text = format!("{v:?}");
        Ok(Tree::Leaf(text))
    }
    fn serialize_char(self, v: char) -> Result<Tree, WriteError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Tree, WriteError> {
        let mut text = String::with_capacity(v.len() + 2);
        quote(v, &mut text);
        Ok(Tree::Leaf(text))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Tree, WriteError> {
        unsupported("raw bytes")
    }
    fn serialize_none(self) -> Result<Tree, WriteError> {
        Ok(Tree::Nothing)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Tree, WriteError> {
        // `implicit_some`: an optional value is written plainly.
        match value.serialize(TreeSerializer)? {
            Tree::Nothing => unsupported("an optional value inside an optional value"),
            tree => Ok(tree),
        }
    }
    fn serialize_unit(self) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf("()".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf("()".into()))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Tree, WriteError> {
        Ok(Tree::Leaf(variant.into()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Tree, WriteError> {
        // The loader unwraps newtypes.
        value.serialize(TreeSerializer)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Tree, WriteError> {
        unsupported("an enum value with data")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, WriteError> {
        Ok(SeqBuilder(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        unsupported("an enum value with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        unsupported("a map")
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<StructBuilder, WriteError> {
        Ok(StructBuilder(name, Vec::with_capacity(len)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        unsupported("an enum value with fields")
    }
}

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Tree;
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.0.push(value.serialize(TreeSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Tree, WriteError> {
        Ok(Tree::Seq(self.0))
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Tree;
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Tree, WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Tree;
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Tree, WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for StructBuilder {
    type Ok = Tree;
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.1.push((key, value.serialize(TreeSerializer)?));
        Ok(())
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), WriteError> {
        Ok(())
    }
    fn end(self) -> Result<Tree, WriteError> {
        Ok(Tree::Struct(self.0, self.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Alias, Group, GroupKind, Source, load_bundled, load_str};

    /// The byte scan that skips escaping agrees with the character-by-character rule for
    /// every character, alone and between others, so no control character slips through.
    #[test]
    fn the_quick_escape_check_agrees_with_the_rule_for_every_character() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let by_rule = matches!(c, '"' | '\\') || c.is_control();
            assert_eq!(
                needs_escape(&format!("a{c}b")),
                by_rule,
                "{:x}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn the_bundled_data_round_trips() {
        let data = load_bundled().unwrap().dataset;
        let text = to_ron_string(&data, Some("round trip"));
        let again = load_str(&text, "written").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.dataset, data);
        assert_eq!(to_ron_string(&again.dataset, Some("round trip")), text);
    }

    #[test]
    fn defaults_are_left_out_and_short_structs_stay_on_one_line() {
        let data = Dataset {
            sources: vec![Source {
                id: "s".into(),
                outlet: "O".into(),
                title: "T \"quoted\" \\ é".into(),
                ..Source::default()
            }],
            groups: vec![Group {
                id: "g".into(),
                name: "G".into(),
                kind: GroupKind::Criminal,
                aliases: vec![Alias {
                    name: "A".into(),
                    coined_by: Some("Vendor".into()),
                    source: Some("s".into()),
                }],
                ..Group::default()
            }],
            ..Dataset::default()
        };
        let text = to_ron_string(&data, None);
        assert!(!text.contains("None"), "{text}");
        assert!(
            text.contains(r#"aliases: [(name: "A", coined_by: "Vendor", source: "s")],"#),
            "{text}"
        );
        assert!(text.contains(r#"title: "T \"quoted\" \\ é","#), "{text}");
        assert!(text.contains("tours: [],"), "{text}");
        assert!(
            !text.contains("description"),
            "an empty description is left out: {text}"
        );
        let again = load_str(&text, "written").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.dataset, data);
    }

    #[test]
    fn generated_data_round_trips() {
        for seed in 1..=3 {
            let data = crate::generate::synthetic(300, seed);
            let text = to_ron_string(&data, None);
            let again = load_str(&text, "generated").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(again.dataset, data, "seed {seed}");
        }
    }

    #[test]
    fn any_text_is_escaped_so_ron_reads_it_back() {
        let tricky =
            "quote \" backslash \\ newline \n tab \t bell \u{7} escape \u{1b}[31m é 漢字 \u{202e}";
        let data = Dataset {
            sources: vec![Source {
                id: tricky.into(),
                outlet: tricky.into(),
                title: tricky.into(),
                ..Source::default()
            }],
            ..Dataset::default()
        };
        let text = to_ron_string(&data, None);
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let parsed: Dataset = options
            .from_str(&text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(parsed, data);
    }
}
