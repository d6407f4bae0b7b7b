//! Dates that keep the precision their source gave (a year, a month or a day), or the bounds it
//! set when it gave no date.
//!
//! A source that says only "April 2022" must never print as "1 April 2022", so the precision is
//! part of the value and every printed form respects it. When the sources only bound a date
//! ("after September 2025, before the 2026 Summit"), the [`PartialDate`] keeps both bounds and
//! prints the uncertainty. A [`SimpleDate`] is one date at its precision: a known date, or one
//! bound of an uncertain one.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date known to a year, a month or a day. Written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
/// Orders by its first possible day, then by precision (coarser first). The data's date fields
/// hold a [`PartialDate`], which is one of these or an interval of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SimpleDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

const MONTHS: [&str; 12] = [
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

impl SimpleDate {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates such as 2024-02-30.
    pub fn parse(s: &str) -> Result<SimpleDate, String> {
        Self::parse_part(s).map_err(|why| {
            let why = why.unwrap_or("expected a date written YYYY, YYYY-MM or YYYY-MM-DD".into());
            format!("invalid date {s:?}: {why}")
        })
    }

    /// The date `s` stands for, or why it is not one: `None` for a malformed string (the caller
    /// says what it expected), `Some(reason)` for a well-formed but impossible date.
    fn parse_part(s: &str) -> Result<SimpleDate, Option<String>> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => Ok(SimpleDate {
                year: num(y, 4).ok_or(None)? as i32,
                month: None,
                day: None,
            }),
            [y, m] => {
                let year = num(y, 4).ok_or(None)? as i32;
                let month = num(m, 2).ok_or(None)?;
                if !(1..=12).contains(&month) {
                    return Err(Some(format!("month {month} is not 01 to 12")));
                }
                Ok(SimpleDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            [y, m, d] => {
                let year = num(y, 4).ok_or(None)? as i32;
                let month = num(m, 2).ok_or(None)?;
                let day = num(d, 2).ok_or(None)?;
                if NaiveDate::from_ymd_opt(year, month, day).is_none() {
                    return Err(Some("no such day in the calendar".into()));
                }
                Ok(SimpleDate {
                    year,
                    month: Some(month),
                    day: Some(day),
                })
            }
            _ => Err(None),
        }
    }

    /// The first day the date can mean, for sorting and comparisons.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated on parse")
    }

    /// The last day the date can mean: the day itself, the month's last day or 31 December.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.first_day(),
            (Some(m), None) => {
                let (y, m) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.pred_opt())
                    .expect("validated on parse")
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31).expect("validated on parse"),
        }
    }

    pub fn from_naive(d: NaiveDate) -> SimpleDate {
        SimpleDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }

    /// `17 March 2024`, `March 2024` or `2024`.
    pub fn long(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// `17 Mar 2024`, `Mar 2024` or `2024`.
    pub fn short(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", &MONTHS[m as usize - 1][..3], self.year),
            (Some(m), None) => format!("{} {}", &MONTHS[m as usize - 1][..3], self.year),
            _ => self.year.to_string(),
        }
    }

    /// The military date-time group form, at the stored precision: `17 MAR 24`, `MAR 24`, `2024`.
    /// No time of day is ever stored, so none is printed.
    pub fn dtg(&self) -> String {
        let mon = |m: u32| MONTHS[m as usize - 1][..3].to_uppercase();
        let yy = self.year.rem_euclid(100);
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d:02} {} {yy:02}", mon(m)),
            (Some(m), None) => format!("{} {yy:02}", mon(m)),
            _ => self.year.to_string(),
        }
    }

    /// A span of two dates, printed without repeating what they share: `28–29 April 2022`,
    /// `30 April – 2 May 2022`, `March 2024`.
    pub fn range_long(start: &SimpleDate, end: Option<&SimpleDate>) -> String {
        let Some(end) = end.filter(|e| *e != start) else {
            return start.long();
        };
        match (start.precision(), end.precision()) {
            (Precision::Day, Precision::Day) if start.year == end.year => {
                if start.month == end.month {
                    format!("{}–{}", start.day.unwrap_or(1), end.long())
                } else {
                    let s = start.long();
                    let s = s.trim_end_matches(&format!(" {}", start.year));
                    format!("{s} – {}", end.long())
                }
            }
            _ => format!("{} – {}", start.long(), end.long()),
        }
    }
}

impl fmt::Display for SimpleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl PartialOrd for SimpleDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SimpleDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_day(), self.precision()).cmp(&(other.first_day(), other.precision()))
    }
}

impl Serialize for SimpleDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SimpleDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SimpleDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A date as the sources establish it. Written like a [`SimpleDate`] (`YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`) when they give it; when they only bound it, as an interval of two partial dates
/// joined by `/` (the ISO 8601-2 / EDTF interval notation), `EARLIEST/LATEST`: `2025-09/2026` is
/// one date, not before September 2025 and not after 2026. It is never a span of time: a visit's
/// span is its `start` and `end`. The latest bound must not end before the earliest begins, and
/// the two bounds must differ.
///
/// Prints at the precision of its bounds. Two consecutive years: `2025 or 2026`. A month from
/// September to December and the whole next year: `late 2025 or 2026`. Bounds in one year:
/// `between March and June 2026`. Otherwise: `between April 2021 and 2022`. Short forms use
/// three-letter months; the DTG form joins the bounds' DTG forms with `/` (`SEP 25/2026`).
/// Orders by its earliest possible day, then the wider first (as `2024` before `2024-03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// A date the sources give, at their precision.
    Known(SimpleDate),
    /// A date the sources only bound: not before `earliest`, not after `latest`.
    Between {
        earliest: SimpleDate,
        latest: SimpleDate,
    },
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `EARLIEST/LATEST` (two of them).
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let fail = |why: Option<String>| {
            let why = why.unwrap_or_else(|| {
                "expected a date written YYYY, YYYY-MM or YYYY-MM-DD, \
                 or an interval EARLIEST/LATEST of two such dates"
                    .into()
            });
            format!("invalid date {s:?}: {why}")
        };
        let Some((a, b)) = s.split_once('/') else {
            return SimpleDate::parse_part(s)
                .map(PartialDate::Known)
                .map_err(fail);
        };
        let earliest = SimpleDate::parse_part(a).map_err(fail)?;
        let latest = SimpleDate::parse_part(b).map_err(fail)?;
        if latest == earliest {
            return Err(fail(Some(format!(
                "both ends of the interval are {a}; write the date once"
            ))));
        }
        if latest.last_day() < earliest.first_day() {
            return Err(fail(Some(format!(
                "the interval ends ({b}) before it starts ({a})"
            ))));
        }
        Ok(PartialDate::Between { earliest, latest })
    }

    /// Whether the sources only bound the date.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, PartialDate::Between { .. })
    }

    fn bounds(&self) -> (SimpleDate, SimpleDate) {
        match *self {
            PartialDate::Known(d) => (d, d),
            PartialDate::Between { earliest, latest } => (earliest, latest),
        }
    }

    /// The first day the date can be, for sorting and comparisons.
    pub fn earliest_day(&self) -> NaiveDate {
        self.bounds().0.first_day()
    }

    /// The last day the date can be.
    pub fn latest_day(&self) -> NaiveDate {
        self.bounds().1.last_day()
    }

    /// `17 March 2024`, `March 2024`, `2024`; `late 2025 or 2026`, `between March and June 2026`.
    pub fn long(&self) -> String {
        self.describe(SimpleDate::long)
    }

    /// `17 Mar 2024`, `Mar 2024`, `2024`; `late 2025 or 2026`, `between Mar and Jun 2026`.
    pub fn short(&self) -> String {
        self.describe(SimpleDate::short)
    }

    /// `17 MAR 24`, `MAR 24`, `2024`; `SEP 25/2026`.
    pub fn dtg(&self) -> String {
        match self {
            PartialDate::Known(d) => d.dtg(),
            PartialDate::Between { earliest, latest } => {
                format!("{}/{}", earliest.dtg(), latest.dtg())
            }
        }
    }

    fn describe(&self, form: fn(&SimpleDate) -> String) -> String {
        let (a, b) = match *self {
            PartialDate::Known(d) => return form(&d),
            PartialDate::Between { earliest, latest } => (earliest, latest),
        };
        match (a.precision(), b.precision()) {
            (Precision::Year, Precision::Year) if b.year == a.year + 1 => {
                format!("{} or {}", a.year, b.year)
            }
            (Precision::Month, Precision::Year)
                if b.year == a.year + 1 && a.month.is_some_and(|m| m >= 9) =>
            {
                format!("late {} or {}", a.year, b.year)
            }
            _ if a.year == b.year => {
                // One year: name it once, a bare year standing for its first or last month.
                let month = |m| SimpleDate {
                    year: a.year,
                    month: Some(m),
                    day: None,
                };
                let a = if a.precision() == Precision::Year {
                    month(1)
                } else {
                    a
                };
                let b = if b.precision() == Precision::Year {
                    month(12)
                } else {
                    b
                };
                let from = form(&a);
                let from = from.trim_end_matches(&format!(" {}", a.year));
                format!("between {from} and {}", form(&b))
            }
            _ => format!("between {} and {}", form(&a), form(&b)),
        }
    }

    /// A span of two dates, as [`SimpleDate::range_long`] when both are known; when either is
    /// only bounded, `from late 2025 or 2026 to 2026`.
    pub fn range_long(start: &PartialDate, end: Option<&PartialDate>) -> String {
        let Some(end) = end.filter(|e| *e != start) else {
            return start.long();
        };
        match (start, end) {
            (PartialDate::Known(s), PartialDate::Known(e)) => SimpleDate::range_long(s, Some(e)),
            _ => format!("from {} to {}", start.long(), end.long()),
        }
    }
}

impl From<SimpleDate> for PartialDate {
    fn from(d: SimpleDate) -> Self {
        PartialDate::Known(d)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Known(d) => d.fmt(f),
            PartialDate::Between { earliest, latest } => write!(f, "{earliest}/{latest}"),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Reverse;
        let key = |d: &PartialDate| {
            let (a, b) = d.bounds();
            (
                d.earliest_day(),
                Reverse(d.latest_day()),
                d.is_uncertain(),
                a,
                b,
            )
        };
        key(self).cmp(&key(other))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD. When the sources only bound it, an interval EARLIEST/LATEST of two such dates (the ISO 8601-2 / EDTF notation): \"2025-09/2026\" is one date, not before September 2025 and not after 2026, never a span of time. It prints as \"late 2025 or 2026\" and sorts by its earliest possible day.",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?(/[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$",
            "examples": ["2024", "2024-03", "2024-03-17", "2025-09/2026"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_at_stored_precision() {
        let d = SimpleDate::parse("2024-03-17").unwrap();
        assert_eq!(
            (d.long(), d.short(), d.dtg()),
            (
                "17 March 2024".into(),
                "17 Mar 2024".into(),
                "17 MAR 24".into()
            )
        );
        let m = SimpleDate::parse("2022-04").unwrap();
        assert_eq!(
            (m.long(), m.short(), m.dtg()),
            ("April 2022".into(), "Apr 2022".into(), "APR 22".into())
        );
        let y = SimpleDate::parse("2026").unwrap();
        assert_eq!(
            (y.long(), y.short(), y.dtg()),
            ("2026".into(), "2026".into(), "2026".into())
        );
        assert_eq!(y.precision(), Precision::Year);
    }

    #[test]
    fn ranges_share_what_they_can() {
        let p = |s| SimpleDate::parse(s).unwrap();
        assert_eq!(
            SimpleDate::range_long(&p("2022-04-28"), Some(&p("2022-04-29"))),
            "28–29 April 2022"
        );
        assert_eq!(
            SimpleDate::range_long(&p("2022-04-30"), Some(&p("2022-05-02"))),
            "30 April – 2 May 2022"
        );
        assert_eq!(SimpleDate::range_long(&p("2026"), None), "2026");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(
            SimpleDate::parse("2024-02-30").unwrap_err(),
            "invalid date \"2024-02-30\": no such day in the calendar"
        );
        assert!(SimpleDate::parse("2024-13")
            .unwrap_err()
            .contains("month 13"));
        assert!(SimpleDate::parse("17/03/2024")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(SimpleDate::parse("24").is_err());
    }

    #[test]
    fn orders_by_first_day_then_precision() {
        let p = |s| SimpleDate::parse(s).unwrap();
        let mut v = [p("2024-03-17"), p("2022"), p("2024-03"), p("2022-04-29")];
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["2022", "2022-04-29", "2024-03", "2024-03-17"]);
    }

    #[test]
    fn last_day_at_each_precision() {
        let p = |s| SimpleDate::parse(s).unwrap();
        assert_eq!(p("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(p("2025-12").last_day().to_string(), "2025-12-31");
        assert_eq!(p("2026").last_day().to_string(), "2026-12-31");
        assert_eq!(p("2024-03-17").last_day().to_string(), "2024-03-17");
    }

    fn b(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_bounded_date_parses_known_dates_and_intervals() {
        assert_eq!(
            b("2024-03-17"),
            PartialDate::Known(SimpleDate::parse("2024-03-17").unwrap())
        );
        let d = b("2025-09/2026");
        assert!(d.is_uncertain());
        assert_eq!(d.to_string(), "2025-09/2026");
        assert_eq!(d.earliest_day().to_string(), "2025-09-01");
        assert_eq!(d.latest_day().to_string(), "2026-12-31");
        assert_eq!(
            serde_json::from_str::<PartialDate>("\"2025-09/2026\"").unwrap(),
            d
        );
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2025-09/2026\"");
    }

    #[test]
    fn a_bounded_date_prints_its_uncertainty() {
        let d = b("2025-09/2026");
        assert_eq!(
            (d.long(), d.short(), d.dtg()),
            (
                "late 2025 or 2026".into(),
                "late 2025 or 2026".into(),
                "SEP 25/2026".into()
            )
        );
        assert_eq!(b("2025/2026").long(), "2025 or 2026");
        assert_eq!(b("2021/2024").long(), "between 2021 and 2024");
        assert_eq!(b("2025-05/2026").long(), "between May 2025 and 2026");
        assert_eq!(b("2025-05/2026").short(), "between May 2025 and 2026");
        assert_eq!(b("2026-03/2026-06").long(), "between March and June 2026");
        assert_eq!(b("2026-03/2026-06").short(), "between Mar and Jun 2026");
        assert_eq!(
            b("2025-09/2025").long(),
            "between September and December 2025"
        );
        assert_eq!(
            b("2022-04-28/2022-05-02").long(),
            "between 28 April and 2 May 2022"
        );
        assert_eq!(b("2024-03-17").long(), "17 March 2024");
    }

    #[test]
    fn a_range_with_a_bounded_date_says_from_and_to() {
        let r = PartialDate::range_long;
        assert_eq!(r(&b("2025-09/2026"), None), "late 2025 or 2026");
        assert_eq!(
            r(&b("2025-09/2026"), Some(&b("2025-09/2026"))),
            "late 2025 or 2026"
        );
        assert_eq!(
            r(&b("2025-09/2026"), Some(&b("2026-03"))),
            "from late 2025 or 2026 to March 2026"
        );
        assert_eq!(
            r(&b("2024-03-17"), Some(&b("2024-03-18"))),
            "17–18 March 2024"
        );
    }

    #[test]
    fn bounded_dates_order_by_earliest_day_then_wider_first() {
        let mut v = [
            b("2026"),
            b("2025-09/2026"),
            b("2025-09"),
            b("2024-03-17"),
            b("2025-09/2025-10"),
            b("2025"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            [
                "2024-03-17",
                "2025",
                "2025-09/2026",
                "2025-09/2025-10",
                "2025-09",
                "2026"
            ]
        );
        // Known dates keep the order of SimpleDate.
        assert!(b("2024") < b("2024-03") && b("2024-03") < b("2024-03-01"));
    }

    #[test]
    fn a_bad_interval_is_rejected_with_its_reason() {
        let e = |s| PartialDate::parse(s).unwrap_err();
        assert_eq!(
            e("2026/2025-09"),
            "invalid date \"2026/2025-09\": the interval ends (2025-09) before it starts (2026)"
        );
        assert_eq!(
            e("2025-09/2025-09"),
            "invalid date \"2025-09/2025-09\": both ends of the interval are 2025-09; write the date once"
        );
        assert_eq!(
            e("2025-13/2026"),
            "invalid date \"2025-13/2026\": month 13 is not 01 to 12"
        );
        assert_eq!(
            e("2025-09/"),
            "invalid date \"2025-09/\": expected a date written YYYY, YYYY-MM or YYYY-MM-DD, \
             or an interval EARLIEST/LATEST of two such dates"
        );
        assert!(e("2025/2026/2027").contains("EARLIEST/LATEST"));
        assert!(e("17/03/2024").contains("YYYY-MM-DD"));
        // An interval that ends within the month it starts in is fine.
        assert_eq!(
            b("2025-09-15/2025-09").latest_day().to_string(),
            "2025-09-30"
        );
    }
}
