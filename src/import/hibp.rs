//! Have I Been Pwned: the v3 `/breaches` list (a JSON array of breaches) as incidents.
//!
//! Each breach becomes one incident and its victim one organisation:
//!
//! | HIBP field | becomes |
//! | --- | --- |
//! | `Title`, `Domain` | the victim organisation: its name is the title without a trailing "(2015)"-style qualifier, the domain an alias and in its description; breaches with the same name and domain share one organisation |
//! | `Name` | named in a note on the incident (ids come from the organisation's name and the year) |
//! | `BreachDate` | the incident's `date`, a day, and a timeline event |
//! | `AddedDate` | a timeline event ("added to Have I Been Pwned") and the `date_note`: never the incident's date |
//! | `PwnCount` | a record count of "accounts", by Have I Been Pwned |
//! | `DataClasses` | `data_exposed`, one fact each |
//! | `Description` (HTML) | the `summary`, as plain text |
//! | `IsVerified`, `IsFabricated`, `IsSensitive`, `IsRetired`, `IsSpamList`, `IsMalware`, `IsStealerLog`, `IsSubscriptionFree` | tags: `verified` or `unverified`, `fabricated`, `sensitive`, `retired`, `spam-list`, `malware`, `stealer-log`, `subscription-free`; every incident also has `hibp` |
//!
//! Every incident cites one source, "Have I Been Pwned", whose title is the credit its
//! CC BY 4.0 licence asks for: "Data from Have I Been Pwned (https://haveibeenpwned.com),
//! CC BY 4.0". No breach gets a claim: HIBP says who was breached, never who did it. When a
//! description says a source "requested it be attributed to" someone, that names who gave
//! the data to HIBP; the incident gets a note saying so, and still no claim.
//!
//! Sensitive, fabricated, spam-list and retired breaches are left out unless
//! [`HibpOptions`] asks for them.

use crate::import::fields::FieldReader;
use std::collections::HashMap;

use serde_json::Value;
use thin_vec::thin_vec;

use super::{IdAllocator, ImportError, Imported, finish, json_kind, parse_json, plural};
use crate::data::{
    Dataset, Fact, Incident, Organisation, PartialDate, RecordCount, Source, Text, TimelineEvent,
};

/// The credit the CC BY 4.0 licence of HIBP's data asks for.
pub const CREDIT: &str = "Data from Have I Been Pwned (https://haveibeenpwned.com), CC BY 4.0";

/// The id of the one source every imported incident cites.
pub const SOURCE_ID: &str = "hibp-breaches";

/// Which breaches to keep besides the ordinary ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HibpOptions {
    /// Keep breaches flagged `IsSensitive` (adult sites and the like).
    pub include_sensitive: bool,
    /// Keep breaches flagged `IsFabricated` (the data is believed to be made up).
    pub include_fabricated: bool,
    /// Keep spam lists (`IsSpamList`).
    pub include_spam: bool,
    /// Keep breaches HIBP has retired (`IsRetired`).
    pub include_retired: bool,
}

/// One breach, read and checked.
#[derive(Clone, Debug)]
struct Breach {
    name: String,
    title: String,
    domain: String,
    breach_date: PartialDate,
    added_date: PartialDate,
    pwn_count: u64,
    description: String,
    data_classes: Vec<String>,
    verified: bool,
    fabricated: bool,
    sensitive: bool,
    retired: bool,
    spam_list: bool,
    malware: bool,
    stealer_log: bool,
    subscription_free: bool,
}

impl FieldReader<'_> {
    /// A `YYYY-MM-DD` date, or the date part of an ISO timestamp.
    fn day(&mut self, key: &str) -> PartialDate {
        let before = self.problems.len();
        let text = self.required_string(key);
        if self.problems.len() > before {
            return PartialDate::year(0);
        }
        let day_part = text.split('T').next().unwrap_or_default();
        match PartialDate::parse(day_part) {
            Ok(date) if date.day.is_some() && !date.approximate && day_part.len() == 10 => date,
            Ok(_) => {
                self.problems.push(format!(
                    "{key} {text:?} is not a date (expected YYYY-MM-DD)"
                ));
                PartialDate::year(0)
            }
            Err(error) => {
                self.problems
                    .push(format!("{key} {text:?} is not a date: {error}"));
                PartialDate::year(0)
            }
        }
    }
}

fn read_breach(value: &Value) -> Result<Breach, Vec<String>> {
    let Value::Object(object) = value else {
        return Err(vec![format!(
            "should be an object with Name, Title, BreachDate…, not {}",
            json_kind(value)
        )]);
    };
    let mut fields = FieldReader::new(object);
    let name = fields.required_string("Name");
    let mut title = fields.string("Title");
    if title.trim().is_empty() {
        title = name.clone();
    }
    if name.trim().is_empty() && matches!(object.get("Name"), Some(Value::String(_))) {
        fields.problems.push("Name is empty".into());
    }
    let breach = Breach {
        domain: fields.string("Domain"),
        breach_date: fields.day("BreachDate"),
        added_date: fields.day("AddedDate"),
        pwn_count: fields.count("PwnCount"),
        description: fields.string("Description"),
        data_classes: fields.strings("DataClasses"),
        verified: fields.flag("IsVerified"),
        fabricated: fields.flag("IsFabricated"),
        sensitive: fields.flag("IsSensitive"),
        retired: fields.flag("IsRetired"),
        spam_list: fields.flag("IsSpamList"),
        malware: fields.flag("IsMalware"),
        stealer_log: fields.flag("IsStealerLog"),
        subscription_free: fields.flag("IsSubscriptionFree"),
        name,
        title,
    };
    if fields.problems.is_empty() {
        Ok(breach)
    } else {
        Err(fields.problems)
    }
}

/// HIBP's HTML description as plain text: tags dropped, entities decoded, links kept as
/// their text. Entities are decoded once, by the HTML parser, after the tags are read:
/// `&lt;script&gt;` is the text `<script>`, never a tag, and nothing decoded is parsed again.
pub fn html_to_text(html: &str) -> String {
    let rendered = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .link_footnotes(false)
        .no_link_wrapping()
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), 100_000);
    let text = match rendered {
        Ok(text) => text,
        // html2text parses any input; should it ever fail, drop the tags by hand.
        Err(_) => strip_tags(html),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The organisation's name: the title without a trailing qualifier in brackets, such as
/// "Bell (2014 breach)" → "Bell", unless nothing would be left.
fn organisation_name(title: &str) -> String {
    let title = title.trim();
    if title.ends_with(')')
        && let Some(open) = title.rfind(" (")
        && !title[..open].trim().is_empty()
    {
        return title[..open].trim().to_string();
    }
    title.to_string()
}

/// What kind of listing a breach is, for its title.
fn listing(breach: &Breach) -> &'static str {
    if breach.spam_list {
        "spam list"
    } else if breach.stealer_log {
        "stealer logs"
    } else if breach.malware {
        "malware logs"
    } else if breach.fabricated {
        "breach data believed fabricated"
    } else {
        "data breach"
    }
}

fn tags(breach: &Breach) -> Vec<Text> {
    let mut tags = vec![Text::const_new("hibp")];
    tags.push(
        if breach.verified {
            "verified"
        } else {
            "unverified"
        }
        .into(),
    );
    for (flag, tag) in [
        (breach.fabricated, "fabricated"),
        (breach.sensitive, "sensitive"),
        (breach.retired, "retired"),
        (breach.spam_list, "spam-list"),
        (breach.malware, "malware"),
        (breach.stealer_log, "stealer-log"),
        (breach.subscription_free, "subscription-free"),
    ] {
        if flag {
            tags.push(tag.into());
        }
    }
    tags
}

/// Why a breach is left out, or `None` to keep it.
fn left_out(breach: &Breach, options: &HibpOptions) -> Vec<&'static str> {
    let mut reasons = Vec::new();
    if breach.sensitive && !options.include_sensitive {
        reasons.push("sensitive");
    }
    if breach.fabricated && !options.include_fabricated {
        reasons.push("fabricated");
    }
    if breach.spam_list && !options.include_spam {
        reasons.push("spam list");
    }
    if breach.retired && !options.include_retired {
        reasons.push("retired");
    }
    reasons
}

/// The text HIBP uses when the person who gave it the data asked to be credited.
fn names_a_supplier(description: &str) -> bool {
    let lower = description.to_lowercase();
    lower.contains("requested it be attributed to")
        || lower.contains("requested that it be attributed to")
}

fn source() -> Source {
    Source {
        id: SOURCE_ID.into(),
        outlet: "Have I Been Pwned".into(),
        title: CREDIT.into(),
        date: None,
        url: Some("https://haveibeenpwned.com/PwnedWebsites".into()),
        note: Some(
            "The public breach list of the v3 API (/breaches). BreachDate is when a breach \
             happened, AddedDate when HIBP loaded it. Licensed CC BY 4.0: keep the credit \
             wherever this data is shown or shipped."
                .into(),
        ),
    }
}

fn date_note(breach: &Breach) -> String {
    let first_of_month = if breach.breach_date.day == Some(1) {
        " (HIBP gives a day; a first of the month may stand for the whole month)"
    } else {
        ""
    };
    format!(
        "BreachDate in Have I Been Pwned, when the breach happened{first_of_month}. HIBP added \
         it to its list on {} (AddedDate).",
        breach.added_date.to_words()
    )
}

/// Imports a HIBP `/breaches` JSON text; `name` is the input's name, used in messages.
pub fn import(text: &str, name: &str, options: &HibpOptions) -> Result<Imported, ImportError> {
    let json = parse_json(text, name)?;
    let Value::Array(records) = json else {
        return Err(ImportError::new(
            name,
            format!(
                "expected a list of breaches (the v3 /breaches JSON array), found {}",
                json_kind(&json)
            ),
        ));
    };

    let mut problems = Vec::new();
    let mut breaches = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let label = match record.get("Name").and_then(Value::as_str) {
            Some(name) => format!("record {} ({name:?})", index + 1),
            None => format!("record {}", index + 1),
        };
        match read_breach(record) {
            Ok(breach) => breaches.push(breach),
            Err(found) => problems.extend(found.into_iter().map(|p| format!("{label}: {p}"))),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: name.to_string(),
            problems,
        });
    }

    let mut data = Dataset {
        sources: vec![source()],
        ..Dataset::default()
    };
    let mut organisation_ids = IdAllocator::default();
    let mut incident_ids = IdAllocator::with_used([SOURCE_ID]);
    // (lowercased organisation name, lowercased domain) → index in `data.organisations`.
    let mut organisations: HashMap<(String, String), usize> = HashMap::new();
    let mut left_out_counts: Vec<(&'static str, usize)> = Vec::new();
    let mut left_out_total = 0;
    let mut suppliers = 0;

    for breach in &breaches {
        let reasons = left_out(breach, options);
        if !reasons.is_empty() {
            left_out_total += 1;
            for reason in reasons {
                match left_out_counts.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, n)) => *n += 1,
                    None => left_out_counts.push((reason, 1)),
                }
            }
            continue;
        }

        let organisation_name = organisation_name(&breach.title);
        let domain = breach.domain.trim().to_string();
        let key = (organisation_name.to_lowercase(), domain.to_lowercase());
        let organisation = *organisations.entry(key).or_insert_with(|| {
            let id = organisation_ids.allocate(&organisation_name, &breach.name);
            let description = if domain.is_empty() {
                "Listed by Have I Been Pwned without a domain.".to_string()
            } else {
                format!("Listed by Have I Been Pwned with the domain {domain}.")
            };
            data.organisations.push(Organisation {
                id: id.into(),
                name: organisation_name.clone().into(),
                aliases: if domain.is_empty() {
                    Vec::new()
                } else {
                    vec![domain.clone().into()]
                },
                description: Some(description.into()),
                ..Organisation::default()
            });
            data.organisations.len() - 1
        });
        let victim = data.organisations[organisation].id.clone();

        let id = incident_ids.allocate(
            &format!("{organisation_name} {}", breach.breach_date.year),
            &breach.name,
        );
        let source = Some(SOURCE_ID.to_string());
        let mut notes = vec![
            Fact::new(format!(
                "Listed by Have I Been Pwned as \"{}\" (breach name {}).",
                breach.title, breach.name
            ))
            .with_source(source.clone().map(Text::from)),
        ];
        if names_a_supplier(&breach.description) {
            suppliers += 1;
            notes.push(
                Fact::new(
                    "Where the description says the data should be \"attributed to\" someone, \
                       it names who supplied the data to Have I Been Pwned, at their request: \
                       it is not an attribution of the breach.",
                )
                .with_source(source.clone().map(Text::from)),
            );
        }
        let summary = html_to_text(&breach.description);
        data.incidents.push(Incident {
            id: id.into(),
            title: format!("{}: {}", breach.title.trim(), listing(breach)).into(),
            date: Some(breach.breach_date),
            date_note: Some(date_note(breach).into()),
            summary: if summary.is_empty() {
                format!(
                    "Listed by Have I Been Pwned as \"{}\".",
                    breach.title.trim()
                )
                .into()
            } else {
                summary.into()
            },
            victims: thin_vec![victim],
            data_exposed: breach
                .data_classes
                .iter()
                .filter(|class| !class.trim().is_empty())
                .map(|class| Fact::new(class.clone()).with_source(source.clone().map(Text::from)))
                .collect(),
            records: thin_vec![RecordCount {
                count: breach.pwn_count,
                what: "accounts".into(),
                by: Some("Have I Been Pwned".into()),
                source: source.clone().map(Text::from),
            }],
            timeline: thin_vec![
                TimelineEvent {
                    date: Some(breach.breach_date),
                    text: "Breach happened, according to Have I Been Pwned (BreachDate)".into(),
                    source: source.clone().map(Text::from),
                },
                TimelineEvent {
                    date: Some(breach.added_date),
                    text: "Added to Have I Been Pwned (AddedDate)".into(),
                    source: source.clone().map(Text::from),
                },
            ],
            notes: notes.into(),
            sources: thin_vec![SOURCE_ID.into()],
            tags: tags(breach).into(),
            ..Incident::default()
        });
    }

    let mut notes = vec![format!(
        "{name}: imported {} ({}) from {}",
        plural(data.incidents.len(), "breach", "breaches"),
        plural(data.organisations.len(), "organisation", "organisations"),
        plural(breaches.len(), "record", "records"),
    )];
    if left_out_total > 0 {
        let reasons: Vec<String> = left_out_counts
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        notes.push(format!(
            "{name}: left out {}: {} (--include-sensitive, --include-fabricated, --include-spam and --include-retired keep them)",
            plural(left_out_total, "breach", "breaches"),
            reasons.join(", ")
        ));
    }
    if suppliers > 0 {
        let (count, verb) = if suppliers == 1 {
            ("1 description".to_string(), "names")
        } else {
            (format!("{suppliers} descriptions"), "name")
        };
        notes.push(format!(
            "{name}: {count} {verb} who supplied the data (\"requested it be attributed to\"); noted as such, never as a claim"
        ));
    }
    let header = format!(
        "Imported from a Have I Been Pwned breach list by `incident-explorer import hibp`.\n\
         {CREDIT}.\n\
         Format: docs/data-format.md"
    );
    finish(data, &header, notes, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entities are decoded once, after the tags are gone: `&lt;script&gt;` is the text
    /// `<script>`, never a tag, and `&amp;lt;` the text `&lt;`.
    #[test]
    fn entities_become_text_after_the_tags_are_dropped() {
        let html = "In 2020, <b>Example</b> had &lt;script&gt;alert(1)&lt;/script&gt; \
                    and &amp;lt;b&amp;gt; in a <a href=\"javascript:alert(1)\">page</a>.";
        let expected = "In 2020, Example had <script>alert(1)</script> and &lt;b&gt; in a page.";
        assert_eq!(html_to_text(html), expected);
        assert_eq!(strip_tags(html), expected);
    }
}
