//! Where things are in a RON file.
//!
//! `ron` reports positions for syntax errors but not for values, and the validator needs
//! "this claim's `source`, line 120 column 21". The outline is a light second pass over
//! text that `ron` already accepted: it records the byte span of every struct field and
//! list item, so a path such as `incidents[3].claims[1].source` leads back to the text.

use std::ops::Range;

/// One step of a path into the data: a struct field or a list position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// A named field of a struct.
    Field(&'static str),
    /// A position in a list.
    Index(usize),
}

/// A path from the top of the file to a value; short enough to live on the stack, since
/// validation builds one for every check of a large file.
pub type Path = smallvec::SmallVec<[PathStep; 6]>;

/// Writes a path the way a data author reads it: `incidents[3].claims[1].source`.
pub fn path_to_string(path: &[PathStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            PathStep::Field(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(name);
            }
            PathStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The shape of a RON value, with the byte span of each part.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `Name(field: value, …)` or `(field: value, …)`.
    Struct {
        /// The whole struct, parentheses included.
        span: Range<usize>,
        /// Each field: name, span of the name, value.
        fields: Vec<(String, Range<usize>, Node)>,
    },
    /// `[a, b]`, a tuple `(a, b)` or `Some(a)`.
    Seq {
        /// The whole sequence.
        span: Range<usize>,
        /// Written in parentheses (a tuple or `Some(…)`), not brackets.
        parenthesised: bool,
        /// Its items.
        items: Vec<Node>,
    },
    /// A string, number, identifier, or anything else without inner structure.
    Leaf {
        /// The value's text.
        span: Range<usize>,
    },
}

impl Node {
    /// The byte span of the whole value.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Struct { span, .. } | Node::Seq { span, .. } | Node::Leaf { span } => {
                span.clone()
            }
        }
    }

    /// Unwraps `Some(x)` and single-item tuples so paths ignore `implicit_some` choices.
    fn transparent(&self) -> &Node {
        match self {
            Node::Seq {
                items,
                parenthesised: true,
                ..
            } if items.len() == 1 => items[0].transparent(),
            _ => self,
        }
    }

    /// Follows `path` as far as the file has it. Returns the node reached and whether the
    /// whole path was found (a missing field leads to its enclosing struct).
    pub fn find(&self, path: &[PathStep]) -> (&Node, bool) {
        let mut node = self;
        for step in path {
            let here = node.transparent();
            let next = match (step, here) {
                (PathStep::Field(name), Node::Struct { fields, .. }) => fields
                    .iter()
                    .find(|(field, _, _)| field == name)
                    .map(|(_, _, value)| value),
                (PathStep::Index(index), Node::Seq { items, .. }) => items.get(*index),
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => return (node, false),
            }
        }
        (node.transparent(), true)
    }
}

/// The bytes [`Scanner::skip_balanced`] acts on: brackets, and what may start a string, a
/// character or a comment.
const BALANCED_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let bytes = b"\"/r'([{)]}";
    let mut i = 0;
    while i < bytes.len() {
        special[bytes[i] as usize] = true;
        i += 1;
    }
    special
};

struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
    depth: usize,
}

/// Deep enough for any real file; deeper input is summarised rather than followed.
const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    /// Skips to just past the end of the line (a `//` comment).
    fn skip_line(&mut self) {
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'\n' {
                break;
            }
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b) if b.is_ascii_whitespace() || b == b',' => self.pos += 1,
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'/') => self.skip_line(),
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut nesting = 1;
                    while nesting > 0 && self.pos < self.text.len() {
                        if self.text[self.pos..].starts_with(b"/*") {
                            nesting += 1;
                            self.pos += 2;
                        } else if self.text[self.pos..].starts_with(b"*/") {
                            nesting -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                // `#![enable(...)]` attributes at the top of a file.
                Some(b'#') => {
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b']' {
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_string(&mut self) {
        // At a `"`: a normal string with escapes. Strings are most of a file, so they are
        // crossed a quote or backslash at a time rather than byte by byte.
        self.pos += 1;
        while let Some(found) = self
            .text
            .get(self.pos..)
            .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
        {
            self.pos += found + 1;
            if self.text[self.pos - 1] == b'"' {
                return;
            }
            // An escape at the very end must not step past it.
            self.pos = (self.pos + 1).min(self.text.len());
        }
        self.pos = self.text.len();
    }

    fn skip_raw_string(&mut self) {
        // At `r`: r#"..."# with any number of hashes.
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.text.len()); // the opening quote
        while self.pos < self.text.len() {
            if self.text[self.pos] == b'"'
                && self.text[self.pos + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }

    fn identifier(&mut self) -> Range<usize> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        start..self.pos
    }

    fn value(&mut self) -> Node {
        self.skip_trivia();
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                self.skip_string();
                Node::Leaf {
                    span: start..self.pos,
                }
            }
            Some(b'r') if matches!(self.text.get(self.pos + 1), Some(b'#') | Some(b'"')) => {
                self.skip_raw_string();
                Node::Leaf {
                    span: start..self.pos,
                }
            }
            Some(b'\'') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'\'' => break,
                        _ => {}
                    }
                }
                Node::Leaf {
                    span: start..self.pos,
                }
            }
            Some(b'[') => self.sequence(start, b']'),
            Some(b'{') => self.sequence(start, b'}'),
            Some(b'(') => self.parenthesised(start),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.identifier();
                let after_name = self.pos;
                self.skip_trivia_no_commas();
                if self.peek() == Some(b'(') {
                    self.parenthesised(start)
                } else {
                    self.pos = after_name;
                    Node::Leaf {
                        span: start..after_name,
                    }
                }
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b')' | b']' | b'}') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                }
                Node::Leaf {
                    span: start..self.pos,
                }
            }
            None => Node::Leaf { span: start..start },
        }
    }

    fn skip_trivia_no_commas(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn sequence(&mut self, start: usize, close: u8) -> Node {
        self.pos += 1;
        let mut items = Vec::new();
        self.depth += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(b) if b == close => {
                    self.pos += 1;
                    break;
                }
                Some(b')' | b']' | b'}') => break,
                Some(_) => {
                    let before = self.pos;
                    let item = if self.depth > MAX_DEPTH {
                        self.pos += 1;
                        Node::Leaf {
                            span: before..self.pos,
                        }
                    } else {
                        self.value()
                    };
                    self.skip_trivia();
                    // Map entries `key: value` keep only the value.
                    if self.peek() == Some(b':') {
                        self.pos += 1;
                        items.push(self.value());
                    } else {
                        items.push(item);
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        self.depth -= 1;
        Node::Seq {
            span: start..self.pos,
            parenthesised: close == b')',
            items,
        }
    }

    /// `( … )`: a struct if its first entry is `name:`, otherwise a tuple.
    fn parenthesised(&mut self, start: usize) -> Node {
        let open = self.pos;
        self.pos += 1;
        self.skip_trivia();
        let probe = self.pos;
        let first_is_field = match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.identifier();
                self.skip_trivia_no_commas();
                let is_field = self.peek() == Some(b':');
                self.pos = probe;
                is_field
            }
            _ => false,
        };
        if !first_is_field {
            self.pos = open;
            let mut node = self.sequence(open, b')');
            if let Node::Seq { span, .. } = &mut node {
                span.start = start;
            }
            return node;
        }
        let mut fields = Vec::new();
        self.depth += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(b']' | b'}') => break,
                Some(_) => {
                    let before = self.pos;
                    let name = self.identifier();
                    self.skip_trivia_no_commas();
                    if self.peek() == Some(b':') && !name.is_empty() {
                        self.pos += 1;
                        let value = if self.depth > MAX_DEPTH {
                            Node::Leaf {
                                span: self.pos..self.pos,
                            }
                        } else {
                            self.value()
                        };
                        let field = String::from_utf8_lossy(&self.text[name.clone()]).into_owned();
                        fields.push((field, name, value));
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        self.depth -= 1;
        Node::Struct {
            span: start..self.pos,
            fields,
        }
    }
}

impl Scanner<'_> {
    /// Skips whitespace, commas and comments between list items, and counts the commas.
    /// `None` for a nested block comment, which parsers may read differently.
    fn skip_list_separators(&mut self) -> Option<usize> {
        let mut commas = 0;
        loop {
            match self.peek() {
                Some(b',') => {
                    commas += 1;
                    self.pos += 1;
                }
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'/') => self.skip_line(),
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'*') => {
                    // `ron` nests block comments, looking for `/*` before `*/` at each
                    // place; a comment with a `/*` inside is left to it.
                    self.pos += 2;
                    loop {
                        let rest = &self.text[self.pos..];
                        if rest.starts_with(b"/*") {
                            return None;
                        }
                        if rest.starts_with(b"*/") {
                            self.pos += 2;
                            break;
                        }
                        if rest.is_empty() {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => return Some(commas),
            }
        }
    }

    /// At `r"`, `r#"`, `r##"`…: a raw string. (`r#name` is a raw identifier.)
    fn at_raw_string(&self) -> bool {
        self.peek() == Some(b'r')
            && self.text[self.pos + 1..]
                .iter()
                .find(|&&b| b != b'#')
                .is_some_and(|&b| b == b'"')
    }

    /// Skips a bracketed value, strings and comments inside it included.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            if !BALANCED_SPECIAL[usize::from(b)] {
                // Names, numbers and whitespace: passed over a run at a time. The block
                // reader crosses every byte of a large file here, on one core.
                let rest = &self.text[self.pos..];
                self.pos += rest
                    .iter()
                    .position(|&c| BALANCED_SPECIAL[usize::from(c)])
                    .unwrap_or(rest.len());
                continue;
            }
            match b {
                b'"' => {
                    self.skip_string();
                    continue;
                }
                b'/' if matches!(self.text.get(self.pos + 1), Some(b'/') | Some(b'*')) => {
                    self.skip_trivia();
                    continue;
                }
                b'r' if self.at_raw_string()
                    && !self
                        .pos
                        .checked_sub(1)
                        .and_then(|p| self.text.get(p))
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') =>
                {
                    self.skip_raw_string();
                    continue;
                }
                b'\'' => {
                    self.pos += 1;
                    // An escape: the backslash and the character it escapes (`'\''`).
                    if self.peek() == Some(b'\\') {
                        self.pos = (self.pos + 2).min(self.text.len());
                    }
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'\'' {
                            break;
                        }
                    }
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Skips one value without recording its shape.
    fn skip_value(&mut self) {
        self.skip_trivia();
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'r') if self.at_raw_string() => self.skip_raw_string(),
            Some(b'(' | b'[' | b'{') => self.skip_balanced(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.identifier();
                let after = self.pos;
                self.skip_trivia_no_commas();
                if self.peek() == Some(b'(') {
                    self.skip_balanced();
                } else {
                    self.pos = after;
                }
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b')' | b']' | b'}') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
    }
}

/// Where the top-level struct's list `field` opens, as the byte offset just past its `[`.
/// `Err(true)` when `text` ends first (a longer piece of the same file may have it; the end
/// may also cut a two-byte token such as `//`), and `Err(false)` when the file has no such
/// list or looks unusual (an attribute such as `#![enable(...)]` included).
pub fn find_top_level_list(text: &str, field: &str) -> Result<usize, bool> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let ran_out = |scanner: &Scanner<'_>| Err(scanner.pos + 2 >= text.len());
    // Attributes (`#![…]`, which `ron` also reads spaced out) change how the whole file
    // reads: such a file is not split.
    if scanner.skip_list_separators().is_none() || scanner.peek() == Some(b'#') {
        return Err(false);
    }
    if scanner.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        scanner.identifier();
        scanner.skip_trivia_no_commas();
    }
    if scanner.peek() != Some(b'(') {
        return ran_out(&scanner);
    }
    scanner.pos += 1;
    loop {
        scanner.skip_trivia();
        let name = scanner.identifier();
        scanner.skip_trivia_no_commas();
        if name.is_empty() || scanner.peek() != Some(b':') {
            return ran_out(&scanner);
        }
        scanner.pos += 1;
        scanner.skip_trivia();
        if &text.as_bytes()[name] == field.as_bytes() {
            return match scanner.peek() {
                Some(b'[') => Ok(scanner.pos + 1),
                _ => ran_out(&scanner),
            };
        }
        scanner.skip_value();
        if scanner.pos >= text.len() {
            return Err(true);
        }
    }
}

/// The items of a list read from `text`, which starts inside the list.
#[derive(Debug, PartialEq, Eq)]
pub struct ListPiece {
    /// Each whole item's bytes.
    pub items: Vec<Range<usize>>,
    /// Where the list's closing `]` is, when `text` reaches it.
    pub close: Option<usize>,
    /// How much of `text` is done with: up to the end of the last whole item, or to the
    /// `]`. The rest belongs with what comes next.
    pub done: usize,
}

/// Finds the items of a list in `text`, which starts inside the list: just past its `[`, or
/// just past an item when `after_item`. Unless `complete`, an item that reaches the end of
/// `text` may go on beyond it and is left for the next piece. The separators are checked
/// as strictly as `ron` does (one comma between items, an optional one after the last), so
/// that items parsed one by one mean what the whole list would. `None` when the text is not
/// a list of items, or has anything between them that `ron` might read differently.
pub fn list_items(text: &str, after_item: bool, complete: bool) -> Option<ListPiece> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut piece = ListPiece {
        items: Vec::new(),
        close: None,
        done: 0,
    };
    let mut after_item = after_item;
    loop {
        let commas = scanner.skip_list_separators()?;
        match scanner.peek() {
            None => return Some(piece),
            Some(b']') => {
                if commas > usize::from(after_item) {
                    return None;
                }
                piece.close = Some(scanner.pos);
                piece.done = scanner.pos;
                return Some(piece);
            }
            Some(_) => {
                if commas != usize::from(after_item) {
                    return None;
                }
                let start = scanner.pos;
                scanner.skip_value();
                // The end may cut an item, or a token such as the `/` of a `//`.
                if !complete && scanner.pos.max(start + 1) >= text.len() {
                    return Some(piece);
                }
                if scanner.pos == start || scanner.pos > text.len() {
                    return None;
                }
                piece.items.push(start..scanner.pos);
                piece.done = scanner.pos;
                after_item = true;
            }
        }
    }
}

/// The top-level struct's list `field`: the bytes inside its brackets and each item's
/// bytes. `None` when the file has no such list or looks unusual.
pub fn top_level_list_items(text: &str, field: &str) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let open = find_top_level_list(text, field).ok()?;
    let piece = list_items(&text[open..], false, true)?;
    let close = open + piece.close?;
    let items = piece
        .items
        .into_iter()
        .map(|item| open + item.start..open + item.end)
        .collect();
    Some((open..close, items))
}

/// Builds the outline of a RON text. Never fails: odd input gives a partial outline.
pub fn outline(text: &str) -> Node {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    scanner.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r##"// a comment with ( and [
#![enable(implicit_some)]
(
    groups: [
        (id: "a", name: "A /* not a comment */"),
        (id: "b", aliases: [(name: "x")]),
    ],
    incidents: [(id: "i", date: Some("2019"), claims: [(group: r#"q"#, stance: Claimed)])],
)
"##;

    fn text_at<'a>(node: &Node, path: &[PathStep]) -> &'a str {
        let (found, complete) = node.find(path);
        assert!(complete, "path {path:?} not found");
        &SAMPLE[found.span()]
    }

    #[test]
    fn finds_fields_and_list_items() {
        let root = outline(SAMPLE);
        use PathStep::*;
        assert_eq!(
            text_at(&root, &[Field("groups"), Index(1), Field("id")]),
            "\"b\""
        );
        assert_eq!(
            text_at(
                &root,
                &[
                    Field("groups"),
                    Index(1),
                    Field("aliases"),
                    Index(0),
                    Field("name")
                ]
            ),
            "\"x\""
        );
        assert_eq!(
            text_at(&root, &[Field("incidents"), Index(0), Field("date")]),
            "\"2019\""
        );
        assert_eq!(
            text_at(
                &root,
                &[
                    Field("incidents"),
                    Index(0),
                    Field("claims"),
                    Index(0),
                    Field("group")
                ]
            ),
            "r#\"q\"#"
        );
    }

    #[test]
    fn a_missing_field_leads_to_its_struct() {
        let root = outline(SAMPLE);
        use PathStep::*;
        let (node, complete) = root.find(&[Field("groups"), Index(0), Field("kind")]);
        assert!(!complete);
        assert!(SAMPLE[node.span()].starts_with("(id: \"a\""));
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "(",
            "[[[",
            "(a: ",
            "r#\"",
            "\"unterminated",
            "(a: b: c)",
            "/*",
        ] {
            let _ = outline(text);
        }
    }

    #[test]
    fn finds_the_items_of_a_top_level_list() {
        // An attribute changes how the whole file reads: such a file is not split.
        assert_eq!(top_level_list_items(SAMPLE, "groups"), None);
        let sample = SAMPLE.replace("#![enable(implicit_some)]", "");
        let (list, items) = top_level_list_items(&sample, "groups").expect("the groups list");
        assert!(sample[list].contains("(id: \"a\""));
        let texts: Vec<&str> = items.iter().map(|r| &sample[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                r#"(id: "a", name: "A /* not a comment */")"#,
                r#"(id: "b", aliases: [(name: "x")])"#
            ]
        );
        let (_, incidents) = top_level_list_items(&sample, "incidents").unwrap();
        assert_eq!(incidents.len(), 1);
        assert!(top_level_list_items(&sample, "tours").is_none());
        assert!(top_level_list_items("[1, 2]", "groups").is_none());
        for broken in ["", "(", "(groups: [", "(groups: [(", "(groups: [\"x"] {
            assert!(top_level_list_items(broken, "groups").is_none(), "{broken}");
        }
    }

    #[test]
    fn path_reads_like_the_file() {
        use PathStep::*;
        assert_eq!(
            path_to_string(&[
                Field("incidents"),
                Index(3),
                Field("claims"),
                Index(1),
                Field("source")
            ]),
            "incidents[3].claims[1].source"
        );
    }
}
