//! The Markdown report (`export --format markdown`, `e` in the app) and the copied incident
//! (`y`) are inert whatever the data says.
//!
//! A corpus of hostile values (HTML, links, images, autolinks, entities, code, tables, block
//! starters after a line break, and more) is put into every text field of an incident, its
//! organisations, its group and its sources, and hostile addresses into the sources' `url`.
//! The output is parsed by a CommonMark parser, plain and with every extension that does
//! not rewrite text (GFM tables, strikethrough, task lists, footnotes, math, heading
//! attributes, definition lists, super- and subscript, wiki links, metadata blocks), and:
//!
//! - it holds nothing but the report's own structure: headings, one level of bullet list,
//!   paragraphs, the report's own bold and italic labels, and inline links; no HTML, no code,
//!   no quote, table, image or footnote;
//! - every link goes to one of the data's `url` values that is an http or https address;
//! - the visible text still holds every hostile value as text, and every address that is
//!   not a link;
//! - nothing a GitHub renderer would turn into a link by itself (`https://`, `www.`, an
//!   e-mail address) is left outside a link's destination.

use std::sync::Arc;

use incident_explorer::data::markdown::{incident_markdown, link_destination, text};
use incident_explorer::data::{
    Alias, Claim, ClaimFields, Dataset, Fact, FactFields, Group, Incident, Lesson, Organisation,
    PartialDate, RecordCount, Source, Stance, ThirdParty, TimelineEvent, load_bundled, load_str,
};
use incident_explorer::export::{self, ReportHeading};
use incident_explorer::import::hibp::{self, HibpOptions};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use thin_vec::thin_vec;

/// Values that are markup somewhere: each goes into every text field.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"https://evil.example\">click</a>",
    "[x](javascript:alert(1))",
    "[x](https://evil.example/phish)",
    "](https://evil.example/phish) [x",
    "![i](https://evil.example/t.png)",
    "<https://evil.example>",
    "<phish@evil.example>",
    "https://evil.example/bare",
    "www.evil.example",
    "WWW.evil.example",
    "phish@evil.example",
    "mailto:phish@evil.example",
    "<!-- comment -->",
    "<!-- unclosed",
    "<?php echo 1; ?>",
    "<![CDATA[x]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3C;b&#x3E; &amp; &copy; &",
    "`code` and ``more``",
    "```\nfenced\n```",
    "~~~\nfenced\n~~~",
    "| a | b |\n| --- | --- |\n| c | d |",
    "a | b\n--|--",
    "first line\n# heading after a newline",
    "first line\r\n## heading after CRLF",
    "first line\u{2028}### heading after a line separator",
    "---",
    "***",
    "___",
    "- - -",
    "===",
    "text\n===",
    "text\n---",
    "1. ordered",
    "2) ordered",
    "- bullet",
    "+ bullet",
    "* bullet",
    "> quote",
    "> [!WARNING]\n> an alert",
    "    indented code",
    "\tindented by a tab",
    "line\n\n<div onclick=alert(1)>block html</div>",
    "line\n\n    code after a blank line",
    "*emphasis* **strong** _under_ __dunder__ *_ _*",
    "~~struck~~ ~sub~ ^sup^",
    "$x$ and $$y$$ and US$1 to US$2",
    "$$\nx\n$$",
    "[^1] and\n[^1]: a footnote",
    "[ref]\n\n[ref]: https://evil.example/ref",
    "[[wikilink]] [[https://evil.example|x]]",
    "- [ ] task",
    "Title {#id .class onclick=x}",
    "trailing hashes ##",
    "hard break  \nnext",
    "hard break \\\nnext",
    "backslash at the end \\",
    "\\[escaped\\](https://evil.example/x)",
    "\\<script>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    ": definition",
    "term\n: definition",
    "::: container\nx\n:::",
    "+++\ntitle = 1\n+++",
    "((( unbalanced ]]] )))",
    "[",
    "a_b_c and _a_ and snake_case",
    "C# #hashtag",
    "2024. A year and a full stop",
    "=cmd|' /C calc'!A0",
    "\u{1b}[31mred\u{1b}[0m",
    "ordinary words. With full stops, (brackets), dashes - and 50%!",
];

/// Addresses for the `url` fields: none of these may become a link other than to itself.
const URLS: &[&str] = &[
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "javascript://evil.example/%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https://good.example@evil.example/",
    "https://good.example\\@evil.example/",
    "<https://evil.example>",
    "](https://evil.example/phish) [x",
    "https://evil.example/phish) [x](javascript:alert(1)",
    "https://evil.example/<script>alert(1)</script>",
    "https://evil.example/a b\n# c",
    "https://evil.example/\" onclick=\"x",
    "https://evil.example/?a&lt;b&amp;c",
    "https://evil.example/`code`",
    "https://en.wikipedia.org/wiki/Qantas_(airline)",
    "HTTP://EVIL.EXAMPLE/UPPER",
    "https://exämple.org/",
    "https://",
    "",
];

/// Extensions that add markup without rewriting text (smart punctuation would).
fn extensions() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_WIKILINKS
}

/// Text as a reader sees it once rendered: line breaks and runs of spaces as one space,
/// controls as spaces, the ends trimmed.
fn collapse(raw: &str) -> String {
    raw.split(|c: char| c == ' ' || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `%XX` decoded, for comparing an address written two ways.
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = raw.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An address as the same resource: trimmed, the scheme in lowercase, escapes decoded.
fn same_address(raw: &str) -> String {
    let raw = raw.trim();
    match raw.split_once("://") {
        Some((scheme, rest)) => percent_decoded(&format!("{}://{rest}", scheme.to_lowercase())),
        None => percent_decoded(raw),
    }
}

/// What the parse of a report holds.
#[derive(Debug, Default)]
struct Parsed {
    /// The visible text, one line per paragraph, heading or list item.
    visible: String,
    /// Every link's destination and its text.
    links: Vec<(String, String)>,
    /// Every heading: its level and text.
    headings: Vec<(HeadingLevel, String)>,
    /// The text of every bold or italic run.
    emphasis: Vec<String>,
    /// How many list items.
    items: usize,
}

/// Parses `markdown` and fails on anything but the report's own structure.
fn parse(markdown: &str, options: Options, what: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut lists = 0;
    let mut in_heading: Option<(HeadingLevel, String)> = None;
    let mut in_emphasis: Option<String> = None;
    let mut in_link: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) => {
                parsed.visible.push_str(&t);
                for open in [
                    in_heading.as_mut().map(|(_, s)| s),
                    in_emphasis.as_mut(),
                    in_link.as_mut().map(|(_, s)| s),
                ]
                .into_iter()
                .flatten()
                {
                    open.push_str(&t);
                }
            }
            Event::SoftBreak => parsed.visible.push(' '),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                parsed.visible.push('\n');
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                assert!(
                    id.is_none() && classes.is_empty() && attrs.is_empty(),
                    "{what}: heading attributes in\n{markdown}"
                );
                in_heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                parsed.headings.extend(in_heading.take());
                parsed.visible.push('\n');
            }
            Event::Start(Tag::List(None)) => {
                lists += 1;
                assert_eq!(lists, 1, "{what}: a list inside a list in\n{markdown}");
            }
            Event::End(TagEnd::List(false)) => lists -= 1,
            Event::Start(Tag::Item) => {
                parsed.items += 1;
                parsed.visible.push('\n');
            }
            Event::End(TagEnd::Item) => parsed.visible.push('\n'),
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                assert!(
                    in_emphasis.is_none(),
                    "{what}: nested emphasis in\n{markdown}"
                );
                in_emphasis = Some(String::new());
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                parsed.emphasis.extend(in_emphasis.take());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                assert_eq!(
                    link_type,
                    LinkType::Inline,
                    "{what}: a {link_type:?} link to {dest_url} in\n{markdown}"
                );
                assert!(title.is_empty(), "{what}: a link title in\n{markdown}");
                in_link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => parsed.links.extend(in_link.take()),
            other => panic!("{what}: {other:?} is not the report's own markup, in\n{markdown}"),
        }
    }
    parsed
}

fn fact(value: &str) -> Fact {
    Fact::from(FactFields {
        text: value.into(),
        by: Some(value.into()),
        source: Some(value.into()),
        kind: Some(value.into()),
    })
}

/// One incident, its two organisations, its group and a source for every address in
/// `urls` (and one with none), with `value` in every text field; some references name ids
/// that do not exist, and `value` is that id, which the report shows instead of a name.
fn hostile_dataset(value: &str, urls: &[&str]) -> Dataset {
    let date = Some(PartialDate::month(2024, 2));
    let mut sources: Vec<Source> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| Source {
            id: format!("source-{i}").into(),
            outlet: value.into(),
            title: value.into(),
            date,
            url: Some((*url).into()),
            note: Some(value.into()),
        })
        .collect();
    sources.push(Source {
        id: "no-url".into(),
        outlet: value.into(),
        title: value.into(),
        date: None,
        url: None,
        note: Some(value.into()),
    });
    let organisation = |id: &str| Organisation {
        id: id.into(),
        name: value.into(),
        sector: Some(value.into()),
        country: Some(value.into()),
        aliases: vec![value.into()],
        description: Some(value.into()),
    };
    let claim = |group: &str, source: &str| {
        Claim::from(ClaimFields {
            group: group.into(),
            stance: Stance::Claimed,
            by: value.into(),
            date,
            source: source.into(),
            note: Some(value.into()),
        })
    };
    let mut cited: Vec<_> = sources.iter().map(|s| s.id.clone()).collect();
    cited.push(value.into());
    let mut data = Dataset::default();
    data.organisations = vec![organisation("victim"), organisation("through")];
    data.groups = vec![Group {
        id: "group".into(),
        name: value.into(),
        aliases: vec![Alias {
            name: value.into(),
            coined_by: Some(value.into()),
            source: Some("no-url".into()),
        }],
        motive: Some(value.into()),
        origin: Some(value.into()),
        description: value.into(),
        references: vec![value.into()],
        sources: vec!["no-url".into()],
        ..Group::default()
    }];
    data.incidents = vec![Incident {
        id: "incident".into(),
        title: value.into(),
        date,
        date_note: Some(value.into()),
        summary: value.into(),
        victims: thin_vec!["victim".into(), value.into()],
        third_parties: thin_vec![ThirdParty {
            organisation: "through".into(),
            role: value.into(),
            source: Some("no-url".into()),
        }],
        entry_vector: Some(Box::new(fact(value))),
        data_exposed: thin_vec![fact(value)],
        data_not_exposed: thin_vec![fact(value)],
        records: thin_vec![RecordCount {
            count: 1000,
            what: value.into(),
            by: Some(value.into()),
            source: Some("no-url".into()),
        }],
        response: thin_vec![fact(value)],
        timeline: thin_vec![TimelineEvent {
            date,
            text: value.into(),
            source: Some("no-url".into()),
        }],
        claims: thin_vec![claim("group", "source-0"), claim(value, value)],
        notes: thin_vec![fact(value)],
        sources: cited.into(),
        lessons: thin_vec![Lesson {
            topic: value.into(),
            text: value.into(),
        }],
        tags: thin_vec![value.into()],
        thin: true,
    }];
    data.sources = sources;
    data
}

/// The labels the report itself puts in bold or italics.
const OWN_EMPHASIS: [&str; 6] = [
    "When:",
    "Victims:",
    "Through:",
    "Records:",
    "claimed",
    "The sources only name this victim.",
];

/// Every check on one report of `data` (one incident), made with `value` everywhere.
fn assert_inert(markdown: &str, data: &Dataset, value: &str, report: bool, what: &str) {
    let value = collapse(value);
    let addresses: Vec<&str> = data
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect();
    for options in [Options::empty(), extensions()] {
        let parsed = parse(markdown, options, what);

        // The structure is the report's own.
        let mut expected_headings = Vec::new();
        if report {
            expected_headings.push((HeadingLevel::H1, "Incidents".to_string()));
        }
        expected_headings.extend([
            (HeadingLevel::H2, value.clone()),
            (HeadingLevel::H3, "Attribution".to_string()),
            (HeadingLevel::H3, "Sources".to_string()),
        ]);
        assert_eq!(parsed.headings, expected_headings, "{what}:\n{markdown}");
        for emphasis in &parsed.emphasis {
            assert!(
                OWN_EMPHASIS.contains(&emphasis.as_str()),
                "{what}: data in bold or italics: {emphasis:?} in\n{markdown}"
            );
        }
        // When, Victims, Through, Records, thin; two claims; every source cited.
        let incident = &data.incidents[0];
        assert_eq!(
            parsed.items,
            5 + incident.claims.len() + incident.sources.len(),
            "{what}: list items made by the data in\n{markdown}"
        );

        // Links go only to the data's own web addresses, and only with a title as text.
        for (destination, link_text) in &parsed.links {
            assert!(
                destination.starts_with("http://") || destination.starts_with("https://"),
                "{what}: a link to {destination:?}"
            );
            assert!(
                !destination.contains([' ', '<', '>', '(', ')', '"', '\\', '\n']),
                "{what}: a link to {destination:?}"
            );
            assert!(
                addresses
                    .iter()
                    .any(|a| same_address(a) == same_address(destination)),
                "{what}: {destination:?} is none of the data's addresses"
            );
            assert_eq!(*link_text, value, "{what}: a link's text");
        }

        // Nothing is lost: the value is there as text wherever the report shows it, and
        // every address that is not a link is there too.
        let shown = 1 // title
            + 1 // date note
            + 2 // victims: a name and an unknown id
            + 2 // the third party's name and role
            + 1 // records
            + 2 + 2 // the claims' groups (a name, an unknown id) and who makes them
            + 2 * data.sources.len() // outlet and title, once in the source list
            + 2 + 1 // the first claim's source, the second's (an unknown id)
            + 1 // the source list's unknown id
            + if report { 3 } else { 0 }; // file, query, filter
        let found = parsed.visible.matches(value.as_str()).count();
        assert!(
            value.is_empty() || found >= shown,
            "{what}: {value:?} shown {found} times, not {shown}, in\n{}\nfrom\n{markdown}",
            parsed.visible
        );
        for address in &addresses {
            let linked = parsed
                .links
                .iter()
                .any(|(d, _)| same_address(d) == same_address(address));
            let as_text = collapse(address);
            assert!(
                linked || parsed.visible.contains(&as_text),
                "{what}: the address {address:?} is lost in\n{}",
                parsed.visible
            );
            assert_eq!(
                linked,
                link_destination(address).is_some(),
                "{what}: {address:?}"
            );
        }
    }
    assert_no_bare_address(markdown, what);
}

/// GitHub makes links of bare addresses (`https://…`, `www.…`, `someone@host`) by itself;
/// none may be left outside a link's destination.
fn assert_no_bare_address(markdown: &str, what: &str) {
    let mut outside = String::new();
    let mut rest = markdown;
    while let Some(start) = ["](http://", "](https://"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
    {
        outside.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find(')').expect("a link's destination ends");
        rest = &after[end..];
    }
    outside.push_str(rest);
    assert!(
        !outside.replace("\\://", "").contains("://"),
        "{what}: a bare address in\n{outside}"
    );
    assert!(
        !outside.to_lowercase().contains("www."),
        "{what}: a bare www. address in\n{outside}"
    );
    let chars: Vec<char> = outside.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '@' && i > 0 {
            let before = chars[i - 1];
            assert!(
                !(before.is_alphanumeric() || matches!(before, '.' | '-' | '_' | '+')),
                "{what}: an e-mail address in\n{outside}"
            );
        }
    }
}

#[test]
fn every_hostile_value_in_every_field_reads_as_text() {
    for value in HOSTILE.iter().copied().chain(URLS.iter().copied()) {
        let data = hostile_dataset(value, URLS);
        let what = format!("{value:?}");
        let copied = incident_markdown(&data, &data.incidents[0]);
        assert_inert(&copied, &data, value, false, &format!("y, {what}"));
        let heading = ReportHeading {
            file: value.to_string(),
            query: Some(value.to_string()),
            conditions: vec![format!("group {value}")],
        };
        let report = export::to_markdown(&data, &[0], &heading);
        assert_inert(&report, &data, value, true, &format!("export, {what}"));
    }
}

#[test]
fn hostile_values_as_addresses_never_link_elsewhere() {
    // Every hostile value as an address of its own, beside a good one.
    let mut urls: Vec<&str> = HOSTILE.to_vec();
    urls.push("https://example.org/report");
    let data = hostile_dataset("Plain words", &urls);
    let heading = ReportHeading {
        file: "Plain words".into(),
        query: Some("Plain words".into()),
        conditions: vec!["Plain words".into()],
    };
    let markdown = export::to_markdown(&data, &[0], &heading);
    assert_inert(&markdown, &data, "Plain words", true, "addresses");
    let parsed = parse(&markdown, Options::empty(), "addresses");
    let destinations: Vec<&str> = parsed.links.iter().map(|(d, _)| d.as_str()).collect();
    // The claim's source (source-0) and the source list: the hostile values that are web
    // addresses, and the good one.
    assert!(
        destinations.contains(&"https://example.org/report"),
        "{destinations:?}"
    );
    assert!(
        destinations.contains(&"https://evil.example/bare"),
        "{destinations:?}"
    );
    for destination in &destinations {
        assert!(
            destination.starts_with("https://"),
            "{destination}: {destinations:?}"
        );
    }
}

#[test]
fn a_title_cannot_repoint_the_source_link() {
    let mut data = hostile_dataset("Plain words", &["https://example.org/story"]);
    data.sources[0].title = "Story](https://evil.example/phish) [x".into();
    let markdown = incident_markdown(&data, &data.incidents[0]);
    let parsed = parse(&markdown, extensions(), "re-pointing");
    assert!(!parsed.links.is_empty());
    for (destination, link_text) in &parsed.links {
        assert_eq!(destination, "https://example.org/story");
        assert_eq!(link_text, "Story](https://evil.example/phish) [x");
    }
}

#[test]
fn hibp_escaped_html_imports_as_text_and_exports_escaped() {
    let json = r#"[{
        "Name": "Example", "Title": "Example", "Domain": "example.org",
        "BreachDate": "2020-01-02", "AddedDate": "2020-02-03T00:00:00Z", "PwnCount": 10,
        "Description": "The site showed &lt;script&gt;alert(1)&lt;/script&gt; and &amp;lt;b&amp;gt; to <a href=\"javascript:alert(1)\">its users</a>.<script>alert(2)</script>",
        "DataClasses": ["Email addresses"],
        "IsVerified": true, "IsFabricated": false, "IsSensitive": false, "IsRetired": false,
        "IsSpamList": false, "IsMalware": false, "IsSubscriptionFree": false, "IsStealerLog": false
    }]"#;
    let imported = hibp::import(json, "hibp.json", &HibpOptions::default()).unwrap();
    let summary = imported.dataset.incidents[0].summary.to_string();
    assert!(
        summary
            .starts_with("The site showed <script>alert(1)</script> and &lt;b&gt; to its users."),
        "{summary}"
    );
    assert!(!summary.contains("javascript"), "{summary}");
    // As the app and export see it: the file the importer writes, loaded.
    let data = load_str(&imported.text, "hibp.ron").unwrap().dataset;
    assert_eq!(data.incidents[0].summary, summary);
    let markdown = export::to_markdown(&data, &[0], &ReportHeading::default());
    assert!(
        markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt; and &amp;lt;b&amp;gt;"),
        "{markdown}"
    );
    for options in [Options::empty(), extensions()] {
        let parsed = parse(&markdown, options, "hibp");
        assert!(
            parsed
                .visible
                .contains("The site showed <script>alert(1)</script> and &lt;b&gt; to its users."),
            "{}",
            parsed.visible
        );
        for (destination, _) in &parsed.links {
            assert_eq!(destination, "https://haveibeenpwned.com/PwnedWebsites");
        }
    }
    assert_no_bare_address(&markdown, "hibp");
}

/// The characters [`text`] may escape; ordinary text needs none of them.
fn needs_escaping(value: &str) -> bool {
    value.contains([
        '\\', '`', '*', '[', ']', '{', '}', '|', '~', '^', '_', '#', '$', '@', '<', '>',
    ]) || value.contains("://")
        || value.to_lowercase().contains("www.")
        || value.contains(';')
        || value.starts_with(['-', '+', '=', ':'])
        || value.starts_with(|c: char| c.is_ascii_digit())
}

/// The real data reads as it is written: only text that holds markup characters changes.
#[test]
fn the_bundled_report_reads_as_written() {
    let data = Arc::new(load_bundled().unwrap().dataset);
    let all: Vec<usize> = (0..data.incidents.len()).collect();
    let markdown = export::to_markdown(
        &data,
        &all,
        &ReportHeading {
            file: "incidents.ron".into(),
            ..ReportHeading::default()
        },
    );
    let mut plain = 0;
    let mut verbatim = 0;
    let mut texts: Vec<&str> = Vec::new();
    for incident in &data.incidents {
        texts.push(&incident.title);
        texts.push(&incident.summary);
        texts.extend(incident.claims.iter().map(|c| c.by.as_str()));
    }
    texts.extend(data.sources.iter().map(|s| s.title.as_str()));
    texts.extend(data.sources.iter().map(|s| s.outlet.as_str()));
    texts.extend(data.organisations.iter().map(|o| o.name.as_str()));
    texts.extend(data.groups.iter().map(|g| g.name.as_str()));
    for value in texts {
        assert_eq!(
            text(value)
                .replace('\\', "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
            value
        );
        if !needs_escaping(value) {
            plain += 1;
            if text(value) == value {
                verbatim += 1;
            }
        }
    }
    assert_eq!(verbatim, plain, "ordinary text was escaped");
    assert!(plain > 50, "{plain}");
    // Every incident's links are its sources' addresses.
    let parsed = parse(&markdown, extensions(), "bundled");
    for (destination, _) in &parsed.links {
        assert!(
            data.sources
                .iter()
                .filter_map(|s| s.url.as_deref())
                .any(|u| same_address(u) == same_address(destination)),
            "{destination}"
        );
    }
    assert_no_bare_address(&markdown, "bundled");
}
