//! Partial dates: a year, a year and month, or a full day, never more precise than the
//! source, plus an honest "somewhere in these years" range for undated articles.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a [`PartialDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Only the year: `"2019"`.
    Year,
    /// Year and month: `"2019-09"`.
    Month,
    /// A full day: `"2019-09-18"`.
    Day,
    /// Somewhere between two years, inclusive: `"2009/2010"`.
    YearRange,
}

/// A date known only as precisely as its source states it.
///
/// Written in RON as a string: `"2019"`, `"2019-09"`, `"2019-09-18"`, or `"2009/2010"` for
/// "some time in these years". A leading `~` marks the date as approximate (`"~2019-09"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The (first) year.
    pub year: i32,
    /// Month 1 to 12, when known.
    pub month: Option<u8>,
    /// Day of the month, when known (only with a month).
    pub day: Option<u8>,
    /// The last possible year of a year range.
    pub until_year: Option<i32>,
    /// The source hedges ("around", "early"): shown with a `~`.
    pub approximate: bool,
}

/// Why a date string is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Short month names, as used in compact lists.
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month's name in English, for 1 to 12 ("September"); out of range gives "".
pub fn month_name(month: u8) -> &'static str {
    usize::from(month)
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i))
        .copied()
        .unwrap_or("")
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year (month 1 to 12).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_year(text: &str) -> Result<i32, DateError> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError(format!(
            "`{text}` is not a four-digit year; write dates as \"2019\", \"2019-09\" or \"2019-09-18\""
        )));
    }
    text.parse()
        .map_err(|_| DateError(format!("`{text}` is not a year")))
}

fn parse_number(text: &str, what: &str) -> Result<u8, DateError> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError(format!(
            "the {what} `{text}` must be two digits, as in \"2019-09-18\""
        )));
    }
    text.parse()
        .map_err(|_| DateError(format!("`{text}` is not a {what}")))
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
            until_year: None,
            approximate: false,
        }
    }

    /// A date known to the month.
    pub fn month(year: i32, month: u8) -> Self {
        Self {
            month: Some(month),
            ..Self::year(year)
        }
    }

    /// A date known to the day.
    pub fn day(year: i32, month: u8, day: u8) -> Self {
        Self {
            day: Some(day),
            ..Self::month(year, month)
        }
    }

    /// Parses the RON string form, checking that the date can exist.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        let (approximate, rest) = match trimmed.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if rest.is_empty() {
            return Err(DateError(
                "empty date; write \"2019\", \"2019-09\" or \"2019-09-18\", or leave the field out"
                    .into(),
            ));
        }
        if let Some((from, until)) = rest.split_once('/') {
            let year = parse_year(from)?;
            let until_year = parse_year(until)?;
            if until_year <= year {
                return Err(DateError(format!(
                    "the range {year}/{until_year} must end after it starts"
                )));
            }
            return Ok(Self {
                until_year: Some(until_year),
                approximate,
                ..Self::year(year)
            });
        }
        let mut parts = rest.split('-');
        let year = parse_year(parts.next().unwrap_or_default())?;
        let month = parts.next().map(|m| parse_number(m, "month")).transpose()?;
        let day = parts.next().map(|d| parse_number(d, "day")).transpose()?;
        if parts.next().is_some() {
            return Err(DateError(format!(
                "`{rest}` has too many parts; a date is at most year-month-day"
            )));
        }
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(DateError(format!("month {month} does not exist (1 to 12)")));
        }
        if let (Some(month), Some(day)) = (month, day) {
            let last = days_in_month(year, month);
            if day == 0 || day > last {
                return Err(DateError(format!(
                    "day {day} does not exist in {} {year} (1 to {last})",
                    MONTH_NAMES[usize::from(month - 1)]
                )));
            }
        }
        Ok(Self {
            year,
            month,
            day,
            until_year: None,
            approximate,
        })
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.until_year, self.month, self.day) {
            (Some(_), _, _) => Precision::YearRange,
            (None, Some(_), Some(_)) => Precision::Day,
            (None, Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// True when the year itself is not pinned down (a range, or an approximate year).
    pub fn year_is_uncertain(&self) -> bool {
        self.until_year.is_some() || (self.approximate && self.month.is_none())
    }

    /// A key for ordering by time: unknown parts sort as the start of their period, and
    /// a less precise date sorts before a more precise one in the same period.
    pub fn sort_key(&self) -> (i32, u8, u8, u8) {
        let precision_rank = match self.precision() {
            Precision::YearRange => 0,
            Precision::Year => 1,
            Precision::Month => 2,
            Precision::Day => 3,
        };
        (
            self.year,
            self.month.unwrap_or(0),
            self.day.unwrap_or(0),
            precision_rank,
        )
    }

    /// The compact, machine-style form used in RON and lists: `2019-09`, `~2019`, `2009/2010`.
    pub fn to_compact(&self) -> String {
        let mut text = String::new();
        if self.approximate {
            text.push('~');
        }
        text.push_str(&format!("{:04}", self.year));
        if let Some(until) = self.until_year {
            text.push_str(&format!("/{until:04}"));
        } else if let Some(month) = self.month {
            text.push_str(&format!("-{month:02}"));
            if let Some(day) = self.day {
                text.push_str(&format!("-{day:02}"));
            }
        }
        text
    }

    /// Words for people, with the precision said out loud:
    /// "18 September 2019", "September 2019", "2019 (year only)", "2009 to 2010 (uncertain)".
    pub fn to_words(&self) -> String {
        let approx = if self.approximate { "around " } else { "" };
        match (self.until_year, self.month, self.day) {
            (Some(until), _, _) => format!("{approx}{} to {until} (year uncertain)", self.year),
            (None, Some(month), Some(day)) => format!(
                "{approx}{day} {} {}",
                MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)],
                self.year
            ),
            (None, Some(month), None) => format!(
                "{approx}{} {} (month only)",
                MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)],
                self.year
            ),
            _ => format!("{approx}{} (year only)", self.year),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_compact())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Dates are short: read inline, with no allocation per date.
        let text = compact_str::CompactString::deserialize(deserializer)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(PartialDate::parse("2019").unwrap(), PartialDate::year(2019));
        assert_eq!(
            PartialDate::parse("2019-09").unwrap(),
            PartialDate::month(2019, 9)
        );
        assert_eq!(
            PartialDate::parse("2019-09-18").unwrap(),
            PartialDate::day(2019, 9, 18)
        );
        let range = PartialDate::parse("2009/2010").unwrap();
        assert_eq!(range.precision(), Precision::YearRange);
        assert!(range.year_is_uncertain());
        assert!(PartialDate::parse("~2024").unwrap().approximate);
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2019-13",
            "2019-02-30",
            "2023-02-29",
            "2019-00",
            "2019-09-00",
            "19",
            "2010/2009",
            "",
            "2019-9",
            "2019-09-18-01",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(PartialDate::parse("2024-02-29").is_ok(), "leap day exists");
    }

    #[test]
    fn words_say_the_precision() {
        assert_eq!(PartialDate::year(2019).to_words(), "2019 (year only)");
        assert_eq!(
            PartialDate::month(2019, 9).to_words(),
            "September 2019 (month only)"
        );
        assert_eq!(
            PartialDate::day(2019, 9, 18).to_words(),
            "18 September 2019"
        );
        assert_eq!(
            PartialDate::parse("2009/2010").unwrap().to_words(),
            "2009 to 2010 (year uncertain)"
        );
    }

    #[test]
    fn a_year_only_date_sorts_before_its_months_without_pretending_to_be_january_first() {
        let year = PartialDate::year(2025);
        let january = PartialDate::day(2025, 1, 1);
        assert!(year < january);
        assert_eq!(year.day, None);
        assert_eq!(year.to_compact(), "2025");
    }
}
