//! An incident as Markdown: for the clipboard and for `export --format markdown`.
//!
//! The Markdown is inert: whatever the data says, it reads as text. Every piece of data
//! text goes through [`text`] (or [`paragraphs`] for a summary), which escapes whatever
//! CommonMark or GitHub Flavored Markdown could read as markup, HTML included, and keeps
//! it on one line so that it cannot start a block of its own. The only links are a
//! source's `url`, and only when [`link_destination`] accepts it as a plain http or https
//! address; any other address is shown as text.

use std::fmt::Write;

use super::model::{Dataset, Incident};

/// True for the characters that end a line or are controls: in [`text`] they are spaces.
fn breaks_line(c: char) -> bool {
    c == ' ' || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// True for the characters an e-mail address's local part is made of, as GitHub's
/// autolinking reads it.
fn in_email_local_part(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+')
}

/// True when `rest` (what follows a `&`) would make it an entity reference, `&amp;` or
/// `&#38;`.
fn starts_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// Data text as inert Markdown inline text, on one line.
///
/// Line breaks, tabs and other controls become spaces, runs of spaces one, and the ends are
/// trimmed: the text cannot start a heading, list, quote, code or HTML block. Then:
///
/// - `<` and `>` become `&lt;` and `&gt;`, and `&` becomes `&amp;` where it would start an
///   entity (`&lt;` in the data stays the text `&lt;`): no HTML, no autolink, no entity.
/// - `\`, `` ` ``, `*`, `[`, `]`, `{`, `}`, `|`, `~` and `^` are always escaped with a
///   backslash: no link, image, code, emphasis, table cell, strikethrough or attribute.
/// - `_` is escaped unless it stands between two letters or digits (where it cannot
///   emphasise anything); `#` at the start of a word; `$` unless a space comes before it
///   (so it cannot close math); `:` before `//`, `.` after `www` and `@` after an address's
///   local part (so that GitHub does not make a link of a bare address).
/// - At the start, where a line or a list item's text may begin: `-`, `+`, `=` and `:`,
///   and the `.` or `)` after leading digits when a space follows (`1. `), are escaped.
///
/// Ordinary words, full stops, brackets and dashes inside the text are left as they are.
pub fn text(raw: &str) -> String {
    let mut line = String::with_capacity(raw.len());
    for word in raw.split(breaks_line).filter(|word| !word.is_empty()) {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    let mut leading_digits = true;
    let mut before: Option<char> = None;
    for (i, c) in line.char_indices() {
        let rest = &line[i + c.len_utf8()..];
        let after = rest.chars().next();
        let entity = match c {
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '&' if starts_entity(rest) => Some("&amp;"),
            _ => None,
        };
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '{' | '}' | '|' | '~' | '^' => true,
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            '#' => before.is_none_or(|b| b == ' '),
            '$' => before != Some(' '),
            ':' => i == 0 || rest.starts_with("//"),
            '.' => {
                (leading_digits && i > 0 && after.is_none_or(|a| a == ' '))
                    || (i >= 3
                        && line.is_char_boundary(i - 3)
                        && line[i - 3..i].eq_ignore_ascii_case("www"))
            }
            ')' => leading_digits && i > 0 && after.is_none_or(|a| a == ' '),
            '@' => before.is_some_and(in_email_local_part),
            '-' | '+' | '=' => i == 0,
            _ => false,
        };
        leading_digits = leading_digits && c.is_ascii_digit();
        before = Some(c);
        match entity {
            Some(entity) => out.push_str(entity),
            None if escape => {
                out.push('\\');
                out.push(c);
            }
            None => out.push(c),
        }
    }
    out
}

/// Data text of several paragraphs (a summary) as inert Markdown: the paragraphs, split
/// at blank lines, each as [`text`], with a blank line between them.
pub fn paragraphs(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in raw.lines() {
        if line.split(breaks_line).all(str::is_empty) {
            if !current.is_empty() {
                out.push(text(&current));
                current.clear();
            }
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        out.push(text(&current));
    }
    out.join("\n\n")
}

/// The characters a link destination keeps as they are: the letters, digits and marks an
/// address is made of (RFC 3986), without the parentheses, which could end the link.
fn kept_in_destination(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | ':'
                | '/'
                | '?'
                | '#'
                | '['
                | ']'
                | '@'
                | '!'
                | '$'
                | '&'
                | '\''
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        )
}

/// A source's `url` as a Markdown link destination, or `None` when it is not a plain web
/// address and must be shown as text.
///
/// Accepted: `http://` or `https://` (any case; written in lowercase), then a host of ASCII
/// letters, digits, `-` and `.` (or an IPv6 address in brackets), an optional port, and a
/// path, query and fragment. No user name or password (`https://good.example@evil.example`
/// is refused), no backslash before the path, no spaces or controls around the host.
/// In the rest, every character outside RFC 3986's own set is percent-encoded: spaces,
/// `<`, `>`, `(`, `)`, `\`, quotes, controls and non-ASCII letters, and a `%` that does not
/// start an escape. A `&` that would read as an entity is escaped with a backslash.
pub fn link_destination(raw: &str) -> Option<String> {
    let raw = raw.trim_matches(|c: char| c == ' ' || c.is_control());
    let (scheme, rest) = raw.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.strip_prefix('[') {
        Some(ipv6) => {
            let (address, port) = ipv6.split_once(']')?;
            if address.is_empty()
                || !address
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            {
                return None;
            }
            (authority, port)
        }
        None => match authority.split_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        },
    };
    let host_ok = host.starts_with('[')
        || (host.chars().any(|c| c.is_ascii_alphanumeric())
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|digits| {
            !digits.is_empty() && digits.len() <= 5 && digits.chars().all(|c| c.is_ascii_digit())
        });
    if !host_ok || !port_ok {
        return None;
    }
    let mut out = format!("{scheme}://{authority}");
    for (i, c) in tail.char_indices() {
        let rest = &tail[i + c.len_utf8()..];
        let percent_escape =
            c == '%' && rest.len() >= 2 && rest.bytes().take(2).all(|b| b.is_ascii_hexdigit());
        if c == '&' && starts_entity(rest) {
            out.push_str("\\&");
        } else if kept_in_destination(c) || percent_escape {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    Some(out)
}

/// A source as "Outlet, [Title](url), date": a link only when the `url` is a web address.
fn source_citation(data: &Dataset, id: &str) -> String {
    match data.source(id) {
        Some(source) => {
            let date = source
                .date
                .map(|d| format!(", {}", d.to_words()))
                .unwrap_or_default();
            let outlet = text(&source.outlet);
            let title = text(&source.title);
            match source.url.as_deref() {
                Some(url) => match link_destination(url) {
                    Some(destination) => format!("{outlet}, [{title}]({destination}){date}"),
                    None => format!(
                        "{outlet}, “{title}”{date} (address not linked, not a web address: {})",
                        text(url)
                    ),
                },
                None => format!("{outlet}, “{title}”{date}"),
            }
        }
        None => text(id),
    }
}

/// The incident's title, dates, victims, third parties, claims with their sources, and
/// its sources, as Markdown. Data text is escaped ([`text`]); see the module.
pub fn incident_markdown(data: &Dataset, incident: &Incident) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", text(&incident.title));
    let when = incident
        .date
        .map_or_else(|| "date unknown".to_string(), |d| d.to_words());
    let _ = writeln!(out, "- **When:** {when}");
    if let Some(note) = &incident.date_note {
        let _ = writeln!(out, "  ({})", text(note));
    }
    let _ = writeln!(out, "- **Victims:** {}", text(&data.victim_names(incident)));
    for third_party in &incident.third_parties {
        let _ = writeln!(
            out,
            "- **Through:** {} ({})",
            text(data.organisation_name(&third_party.organisation)),
            text(&third_party.role)
        );
    }
    for record in &incident.records {
        let _ = writeln!(
            out,
            "- **Records:** {} {}",
            record.count,
            text(&record.what)
        );
    }
    if incident.thin {
        let _ = writeln!(out, "- *The sources only name this victim.*");
    }
    let summary = paragraphs(&incident.summary);
    if !summary.is_empty() {
        let _ = writeln!(out, "\n{summary}");
    }
    let _ = writeln!(out, "\n### Attribution\n");
    if incident.claims.is_empty() {
        let _ = writeln!(out, "No group is named by any source.");
    }
    for claim in &incident.claims {
        let group = text(data.group_name(&claim.group));
        let when = claim
            .date()
            .map(|d| format!(", {}", d.to_compact()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {group}: **{}** by {}{when} (source: {})",
            claim.stance.label(),
            text(&claim.by),
            source_citation(data, &claim.source)
        );
    }
    let _ = writeln!(out, "\n### Sources\n");
    for source in &incident.sources {
        let _ = writeln!(out, "- {}", source_citation(data, source));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_bundled;

    #[test]
    fn maxis_reads_as_claim_and_dispute_with_sources() {
        let data = load_bundled().unwrap().dataset;
        let maxis = data.incident("maxis-2024").unwrap();
        let markdown = incident_markdown(&data, maxis);
        assert!(markdown.starts_with("## "));
        assert!(markdown.contains("- **Victims:** Maxis"));
        assert!(
            markdown.contains("R00TK1T: **claimed** by R00TK1T"),
            "{markdown}"
        );
        assert!(markdown.contains("**disputed** by Maxis"), "{markdown}");
        assert!(markdown.contains("iTnews Asia"), "{markdown}");
    }

    #[test]
    fn ordinary_text_is_left_readable() {
        for plain in [
            "Qantas customer data theft (2025).",
            "Snowflake-hosted data of AT&T, Ticketmaster and Santander",
            "A $10 million ransom, paid in U.S. dollars",
            "the ALPHV/BlackCat group's snake_case_tool, version 2.1",
            "Follow @vxunderground: an account, not an address",
            "C# and F# code; 50% of it - says who?",
        ] {
            assert_eq!(text(plain), plain);
        }
    }

    #[test]
    fn markup_is_escaped() {
        for (raw, escaped) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
            (
                "![i](https://e.example/t.png)",
                r"!\[i\](https\://e.example/t.png)",
            ),
            ("&lt;b&gt; & &#60;", "&amp;lt;b&amp;gt; & &amp;#60;"),
            (
                "*a* _b_ `c` ~d~ x^2 {#id} a|b",
                r"\*a\* \_b\_ \`c\` \~d\~ x\^2 \{#id\} a\|b",
            ),
            ("# Title ##", r"\# Title \##"),
            ("1. one", r"1\. one"),
            ("1.5 million", "1.5 million"),
            ("2024) two", r"2024\) two"),
            ("- item", r"\- item"),
            ("+ item", r"\+ item"),
            ("=== ---", r"\=== ---"),
            (": definition", r"\: definition"),
            ("> quote", "&gt; quote"),
            (
                "a\n# heading\n\n---\r\n<div>",
                r"a \# heading --- &lt;div&gt;",
            ),
            ("  spaced\tout  ", "spaced out"),
            (
                "mail me@evil.example or www.evil.example",
                r"mail me\@evil.example or www\.evil.example",
            ),
            ("US$10 and US$20", r"US\$10 and US\$20"),
            ("back\\slash at the end \\", r"back\\slash at the end \\"),
        ] {
            assert_eq!(text(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn paragraphs_stay_apart_and_lines_join() {
        assert_eq!(
            paragraphs("One line\n# not a heading\n\n \n- not a list"),
            "One line \\# not a heading\n\n\\- not a list"
        );
        assert_eq!(paragraphs(" \n "), "");
    }

    #[test]
    fn only_plain_web_addresses_are_link_destinations() {
        for (url, destination) in [
            (
                "https://example.org/a/b?c=1&d=2#e",
                "https://example.org/a/b?c=1&d=2#e",
            ),
            ("HTTP://Example.org:8080", "http://Example.org:8080"),
            (
                "https://en.wikipedia.org/wiki/Qantas_(airline)",
                "https://en.wikipedia.org/wiki/Qantas_%28airline%29",
            ),
            (
                "https://evil.example/phish) [x](y <z>",
                "https://evil.example/phish%29%20[x]%28y%20%3Cz%3E",
            ),
            (
                "https://e.example/%41%zz\\é",
                "https://e.example/%41%25zz%5C%C3%A9",
            ),
            ("https://e.example/?a&lt;b", "https://e.example/?a\\&lt;b"),
            ("https://[::1]:443/x", "https://[::1]:443/x"),
            (" https://e.example ", "https://e.example"),
        ] {
            assert_eq!(link_destination(url).as_deref(), Some(destination), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JavaScript://example.org/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "//evil.example/x",
            "https://",
            "https://good.example@evil.example/",
            "https://evil.example\\@good.example/",
            "https://e xample.org/",
            "https://e.example:port/",
            "https://ex<am>ple.org",
            "https://exämple.org/",
            "](https://evil.example/phish) [x",
            "<https://evil.example>",
            "mailto:a@b.example",
        ] {
            assert_eq!(link_destination(url), None, "{url}");
        }
    }
}
