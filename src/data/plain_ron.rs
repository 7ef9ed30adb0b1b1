//! A fast reader for plain RON: the subset that data files are written in, read into the
//! model's own serde types.
//!
//! Loading a large file parses each incident on its own (see [`super::stream`]), and `ron`
//! spends most of that time on generality a data file does not use: Unicode identifiers,
//! comments at every turn, escapes, number formats. This reader takes the plain subset and
//! gives up on anything else, so the caller reads that item with `ron` instead:
//!
//! ```text
//! plain_ron::from_str::<Incident>(item).or_else(|_| ron_options().from_str(item))
//! ```
//!
//! It is a serde `Deserializer`, so the model's `#[derive(Deserialize)]` decides what the
//! text means (defaults, `deserialize_with` helpers, dates, enums), exactly as with `ron`.
//! What it reads, with `ron`'s meaning under the loader's options (`implicit_some`,
//! `unwrap_newtypes`):
//!
//! - structs `(field: value, …)`, with or without their name before `(`;
//! - lists `[a, b]`; a trailing comma in either;
//! - strings `"…"` without a backslash (borrowed from the text, never copied on the way);
//! - decimal integers of plain digits, with a `-` for signed ones;
//! - `true`, `false`, unit enum variants, `None`, `Some(…)` and a plain value for `Some`;
//! - spaces, tabs and line breaks between tokens.
//!
//! Anything else (comments, escapes, raw strings, other number forms, tuples, maps,
//! characters, attributes, identifiers beyond ASCII letters, digits and `_`) is an
//! [`Unsupported`] error, and so is anything `ron` would reject. The one promise is that
//! whenever this reader returns a value, `ron` returns the same value; errors carry no
//! position, since `ron` is the one that explains them.

use serde::de::{self, DeserializeSeed, Visitor};

/// The text is outside the plain subset, or is not valid for the type: read it with `ron`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("not plain RON: read it with ron")
    }
}

impl std::error::Error for Unsupported {}

impl de::Error for Unsupported {
    /// The model's messages (a missing field, a bad date) are dropped: `ron` reports them.
    fn custom<T: std::fmt::Display>(_: T) -> Unsupported {
        Unsupported
    }
}

type Result<T> = std::result::Result<T, Unsupported>;

/// Reads one value of type `T` from `text`, which holds nothing else but whitespace.
/// [`Unsupported`] when the text is not plain RON or not a `T`.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut reader = Reader { text, pos: 0 };
    reader.skip_ws();
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws();
    if reader.pos == text.len() {
        Ok(value)
    } else {
        Err(Unsupported)
    }
}

/// The text and how far it is read. `pos` only ever rests on an ASCII byte or the end, so
/// slicing the text there is always on a character boundary.
struct Reader<'de> {
    text: &'de str,
    pos: usize,
}

/// Whether `byte` may end an identifier, a number or a keyword: a byte that `ron` reads as
/// neither part of an identifier (Unicode or raw: `.`, `+`, `-`) nor the start of a string
/// (`r"`, `b"`) glued to it. Anything else after one is left to `ron`.
fn ends_token(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'(' | b')' | b'[' | b']'
    )
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skips spaces, tabs and line breaks: the whitespace of plain files. (`ron` also skips
    /// comments and rarer whitespace; here they stop the reading, and `ron` takes over.)
    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// Whether an identifier starts here.
    fn at_identifier(&self) -> bool {
        self.peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    }

    /// An ASCII identifier, `[A-Za-z_][A-Za-z0-9_]*`, followed by the end or a byte that
    /// ends it for `ron` too.
    fn identifier(&mut self) -> Result<&'de str> {
        if !self.at_identifier() {
            return Err(Unsupported);
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start + 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            end += 1;
        }
        if bytes.get(end).is_some_and(|&b| !ends_token(b)) {
            return Err(Unsupported);
        }
        self.pos = end;
        self.text.get(start..end).ok_or(Unsupported)
    }

    /// A string without escapes, borrowed from the text. `ron` reads everything up to the
    /// next `"` as it is (line breaks included) when there is no backslash before it.
    fn string(&mut self) -> Result<&'de str> {
        self.expect(b'"')?;
        let start = self.pos;
        let rest = self.text.as_bytes().get(start..).ok_or(Unsupported)?;
        match memchr::memchr2(b'"', b'\\', rest) {
            Some(length) if rest[length] == b'"' => {
                self.pos = start + length + 1;
                self.text.get(start..start + length).ok_or(Unsupported)
            }
            _ => Err(Unsupported),
        }
    }

    /// Decimal digits, as a number, and whether a `-` came first. Followed by the end or
    /// a byte that ends a token: `1_000`, `0x1f`, `1e3`, `2u8` and `1.5` are left to `ron`.
    fn integer(&mut self) -> Result<(bool, u64)> {
        let negative = self.eat(b'-');
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(&digit @ b'0'..=b'9') = bytes.get(self.pos) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit - b'0')))
                .ok_or(Unsupported)?;
            self.pos += 1;
        }
        if self.pos == start || bytes.get(self.pos).is_some_and(|&b| !ends_token(b)) {
            return Err(Unsupported);
        }
        Ok((negative, value))
    }

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T> {
        match self.integer()? {
            (false, value) => T::try_from(value).map_err(|_| Unsupported),
            (true, _) => Err(Unsupported),
        }
    }

    fn signed<T: TryFrom<i128>>(&mut self) -> Result<T> {
        let (negative, value) = self.integer()?;
        let value = if negative {
            -i128::from(value)
        } else {
            i128::from(value)
        };
        T::try_from(value).map_err(|_| Unsupported)
    }

    /// After an item of a list or a field of a struct: whitespace and an optional comma.
    /// Whether there was a comma.
    fn comma(&mut self) -> bool {
        self.skip_ws();
        let comma = self.eat(b',');
        self.skip_ws();
        comma
    }
}

/// The items of a list or the fields of a struct, up to `close` (`]` or `)`), separated
/// as `ron` separates them: one comma between, an optional one after the last.
struct Separated<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl Separated<'_, '_> {
    fn has_element(&mut self) -> Result<bool> {
        self.reader.skip_ws();
        let more = self.reader.peek() != Some(self.close);
        if more && !self.had_comma {
            return Err(Unsupported);
        }
        Ok(more)
    }
}

impl<'de> de::SeqAccess<'de> for Separated<'_, 'de> {
    type Error = Unsupported;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma();
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Separated<'_, 'de> {
    type Error = Unsupported;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        // A field name: the model's derive asks for an identifier.
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.skip_ws();
        self.reader.expect(b':')?;
        self.reader.skip_ws();
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma();
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.skip_ws();
        let variant = seed.deserialize(&mut *self)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    /// A unit variant is its name alone. (Anything after it, such as `(`, is not a comma
    /// or a closing bracket, and fails where the reading goes on, as with `ron`.)
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(Unsupported)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Unsupported)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Unsupported)
    }
}

/// Deserializer methods for what plain files never hold: each gives up.
macro_rules! unsupported {
    ($($method:ident $(($($argument:ty),*))?),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($(_: $argument,)*)? _: V) -> Result<V::Value> {
                Err(Unsupported)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    // `ron` guesses a shape for these; this reader does not, so it leaves them to `ron`.
    unsupported! {
        deserialize_any, deserialize_ignored_any, deserialize_f32, deserialize_f64,
        deserialize_char, deserialize_bytes, deserialize_byte_buf, deserialize_unit,
        deserialize_map, deserialize_tuple(usize), deserialize_unit_struct(&'static str),
        deserialize_tuple_struct(&'static str, usize),
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Unsupported),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.signed()?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.signed()?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.signed()?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.unsigned()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.unsigned()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.unsigned()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `None`, `Some(value)`, or (`implicit_some`) the value alone.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !self.at_identifier() {
            return visitor.visit_some(self);
        }
        let start = self.pos;
        match self.identifier()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.skip_ws();
                // `ron` reads a `Some` without `(` strangely (as the value after it).
                self.expect(b'(')?;
                self.skip_ws();
                let value = visitor.visit_some(&mut *self)?;
                self.comma();
                self.expect(b')')?;
                Ok(value)
            }
            _ => {
                // A struct's name or an enum variant: the value itself.
                self.pos = start;
                visitor.visit_some(self)
            }
        }
    }

    /// `unwrap_newtypes`: a newtype is written as what it wraps. (`ron`'s own `$`-named
    /// newtypes, such as its raw values, are left to it.)
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name.starts_with('$') {
            return Err(Unsupported);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = visitor.visit_seq(Separated {
            reader: &mut *self,
            close: b']',
            had_comma: true,
        })?;
        self.skip_ws();
        self.expect(b']')?;
        Ok(value)
    }

    /// `Name(field: value, …)` or `(field: value, …)`; a different name is an error, as in
    /// `ron`.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` reads the standard library's ranges (`1..5`) specially.
        if name.starts_with("Range") {
            return Err(Unsupported);
        }
        if self.at_identifier() && self.identifier()? != name {
            return Err(Unsupported);
        }
        self.skip_ws();
        self.expect(b'(')?;
        let value = visitor.visit_map(Separated {
            reader: &mut *self,
            close: b')',
            had_comma: true,
        })?;
        self.skip_ws();
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled::BUNDLED_DATA;
    use crate::data::model::{Group, Incident, Organisation, Source, Tour, ron_options};
    use crate::data::outline::top_level_list_items;

    /// What `ron` makes of `text`, read the way the loader reads it.
    fn by_ron<'a, T: de::Deserialize<'a>>(text: &'a str) -> Option<T> {
        ron_options().from_str(text).ok()
    }

    /// The items of the top-level list `field`.
    fn items<'a>(text: &'a str, field: &str) -> Vec<&'a str> {
        let (_, items) = top_level_list_items(text, field).expect("the file has the list");
        items.into_iter().map(|item| &text[item]).collect()
    }

    /// Each item of `field` read both ways: whenever the fast reader gives a value, `ron`
    /// gives the same one. The number the fast reader read.
    fn agree<T>(text: &str, field: &str) -> usize
    where
        T: for<'a> de::Deserialize<'a> + PartialEq + std::fmt::Debug,
    {
        let mut fast = 0;
        for item in items(text, field) {
            if let Ok(value) = from_str::<T>(item) {
                assert_eq!(Some(value), by_ron::<T>(item), "{item}");
                fast += 1;
            }
        }
        fast
    }

    /// An incident with every field, in every form the subset allows.
    const FULL: &str = "Incident (
        id: \"full-1\", title: \"Every field\",\tdate: Some(\"2024-03-05\"),
        date_note: None, summary: \"Line one\nline two, with (brackets) [and] : colons\",
        victims: [\"a\", \"b\",], third_parties: [ThirdParty(organisation: \"c\", role: \"host\", source: Some(\"s\"))],
        entry_vector: Some((text: \"phishing\", kind: \"email\")),
        data_exposed: [(text: \"emails\", by: \"the victim\")], data_not_exposed: [],
        records: [(count: 18446744073709551615, what: \"rows\"), (count: 007, what: \"x\", source: None)],
        response: [Fact(text: \"reset\")],
        timeline: [(date: \"2024\", text: \"found\"), (date: None, text: \"undated\")],
        claims: [(group: \"g\", stance: Suspected, by: \"Researchers\", date: \"2024-04\", source: \"s\", note: \"n\")],
        notes: [], sources: [\"s\"], lessons: [(topic: \"t\", text: \"l\")], tags: [\"x\"], thin: true,
    )\r\n";

    #[test]
    fn reads_every_incident_of_the_bundled_file_as_ron_does() {
        let total = items(BUNDLED_DATA, "incidents").len();
        assert_eq!(agree::<Incident>(BUNDLED_DATA, "incidents"), total);
        // The other lists too: the reader is generic, whatever the type.
        assert!(agree::<Source>(BUNDLED_DATA, "sources") > 0);
        assert!(agree::<Group>(BUNDLED_DATA, "groups") > 0);
        assert!(agree::<Organisation>(BUNDLED_DATA, "organisations") > 0);
        assert!(agree::<Tour>(BUNDLED_DATA, "tours") > 0);
    }

    #[test]
    fn reads_every_generated_incident_as_ron_does() {
        for (count, seed) in [(300, 1), (1000, 7), (2000, 12345)] {
            let text =
                crate::data::write::to_ron_string(&crate::generate::synthetic(count, seed), None);
            assert_eq!(agree::<Incident>(&text, "incidents"), count, "seed {seed}");
            agree::<Group>(&text, "groups");
            agree::<Organisation>(&text, "organisations");
        }
    }

    #[test]
    fn reads_every_form_of_the_subset() {
        let full = from_str::<Incident>(FULL).expect("plain");
        assert_eq!(Some(&full), by_ron::<Incident>(FULL).as_ref());
        assert!(full.thin && full.entry_vector.is_some() && full.records[0].count == u64::MAX);
    }

    #[test]
    fn leaves_everything_else_to_ron() {
        let cases = [
            // Comments, escapes, raw and byte strings.
            ("(id: \"a\", title: \"b\" /* c */)", "/* c */"),
            ("(id: \"a\", title: \"b\") // c", "// c"),
            ("(id: \"a\", title: \"b\\\"c\")", "\\\""),
            ("(id: \"a\", title: \"b\\\\\")", "\\\\"),
            ("(id: \"a\", title: r\"b\")", "r\""),
            ("(id: \"a\", title: r#\"b\"#)", "r#"),
            ("(id: r#\"a\"#, title: \"b\")", "r#"),
            ("(id: \"a\", title: b\"b\")", "b\""),
            // Identifiers `ron` reads differently: raw, Unicode, with `-`.
            ("(r#id: \"a\", title: \"b\")", "r#id"),
            ("(ïd: \"a\", title: \"b\")", "ïd"),
            ("(id-x: \"a\", title: \"b\")", "id-x"),
            // Numbers in other forms.
            (
                "(id: \"a\", title: \"b\", records: [(count: 1_000, what: \"w\")])",
                "1_000",
            ),
            (
                "(id: \"a\", title: \"b\", records: [(count: 0x10, what: \"w\")])",
                "0x",
            ),
            (
                "(id: \"a\", title: \"b\", records: [(count: +1, what: \"w\")])",
                "+1",
            ),
            (
                "(id: \"a\", title: \"b\", records: [(count: 1u64, what: \"w\")])",
                "1u64",
            ),
            (
                "(id: \"a\", title: \"b\", records: [(count: 1e3, what: \"w\")])",
                "1e3",
            ),
            (
                "(id: \"a\", title: \"b\", records: [(count: 18446744073709551616, what: \"w\")])",
                "overflow",
            ),
            // Attributes, other shapes, other names, other whitespace.
            (
                "#![enable(implicit_some)] (id: \"a\", title: \"b\")",
                "attribute",
            ),
            ("Fact(id: \"a\", title: \"b\")", "another name"),
            (
                "(id: \"a\", title: \"b\", date: Some \"2020\")",
                "Some without (",
            ),
            ("(id: \"a\", title: \"b\", thin: truex)", "truex"),
            ("(id: \"a\",\u{2028}title: \"b\")", "Unicode whitespace"),
            ("(id: \"a\", title: \"b\") x", "trailing text"),
            ("(id: \"a\" title: \"b\")", "no comma"),
            ("(id: \"a\", title: \"b\",,)", "two commas"),
        ];
        for (text, what) in cases {
            assert_eq!(from_str::<Incident>(text).ok(), None, "{what}: {text}");
        }
    }

    /// Text with a `(`, `[`, string or keyword cut anywhere: never a value `ron` would not
    /// give (the proptest below does this at random; here, every cut of one incident).
    #[test]
    fn every_cut_of_an_incident_agrees_with_ron() {
        for end in (0..FULL.len()).filter(|&end| FULL.is_char_boundary(end)) {
            let text = &FULL[..end];
            if let Ok(value) = from_str::<Incident>(text) {
                assert_eq!(Some(value), by_ron::<Incident>(text), "{text}");
            }
        }
    }

    /// Incidents to mangle: the bundled file's, generated ones, and [`FULL`].
    fn corpus() -> &'static [String] {
        static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        CORPUS.get_or_init(|| {
            let generated =
                crate::data::write::to_ron_string(&crate::generate::synthetic(40, 3), None);
            let mut corpus: Vec<String> = items(BUNDLED_DATA, "incidents")
                .into_iter()
                .chain(items(&generated, "incidents"))
                .map(String::from)
                .collect();
            corpus.push(FULL.to_string());
            corpus
        })
    }

    /// Bytes that mean something to RON, to put anywhere.
    const SIGNIFICANT: &[&str] = &[
        "\\", "\"", "(", ")", "[", "]", ",", ":", "/", "*", "/*", "*/", "//", "#", "r", "r#", "b",
        "_", "0x", "1", "-", "+", ".", "e", " ", "\n", "'", "{", "}", "None", "Some(", "é",
        "\u{2028}", "u8", "true",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// An incident with random edits: whenever the fast reader gives a value, `ron`
        /// gives the same one, and neither panics. Each edit is at a random place, or (half
        /// the time) at a random one of the places that shape the text: a bracket, comma,
        /// colon, quote or space, so structural damage is common.
        #[test]
        fn a_mangled_incident_reads_as_ron_reads_it_or_not_at_all(
            pick in proptest::prelude::any::<proptest::sample::Index>(),
            edits in proptest::collection::vec(
                (
                    proptest::prelude::any::<bool>(),
                    proptest::prelude::any::<proptest::sample::Index>(),
                    0usize..3,
                    // Often nothing or a space: a deletion, or a token split in two.
                    proptest::prop_oneof![
                        proptest::strategy::Just(""),
                        proptest::strategy::Just(" "),
                        proptest::sample::select(SIGNIFICANT),
                    ],
                ),
                1..4,
            ),
        ) {
            let mut text = pick.get(corpus()).clone();
            for (structural, at, removed, inserted) in edits {
                let places: Vec<usize> = if structural {
                    text.bytes()
                        .enumerate()
                        .filter(|(_, b)| b"()[],:\" \n".contains(b))
                        .map(|(place, _)| place)
                        .collect()
                } else {
                    (0..=text.len()).collect()
                };
                let mut start = places.get(at.index(places.len().max(1))).copied().unwrap_or(0);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + removed).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, inserted);
            }
            if let Ok(value) = from_str::<Incident>(&text) {
                proptest::prop_assert_eq!(Some(value), by_ron::<Incident>(&text), "{}", text);
            }
        }
    }
}
