//! Dates that keep the precision their source gave: a year, a month or a day.
//!
//! A source that says only "April 2022" must never print as "1 April 2022", so the precision is
//! part of the value and every printed form respects it.

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
/// Orders by its first possible day, then by precision (coarser first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
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

impl PartialDate {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates such as 2024-02-30.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let expected = "expected a date written YYYY, YYYY-MM or YYYY-MM-DD";
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let bad = || format!("invalid date {s:?}: {expected}");
        match parts.as_slice() {
            [y] => Ok(PartialDate {
                year: num(y, 4).ok_or_else(bad)? as i32,
                month: None,
                day: None,
            }),
            [y, m] => {
                let year = num(y, 4).ok_or_else(bad)? as i32;
                let month = num(m, 2).ok_or_else(bad)?;
                if !(1..=12).contains(&month) {
                    return Err(format!("invalid date {s:?}: month {month} is not 01 to 12"));
                }
                Ok(PartialDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            [y, m, d] => {
                let year = num(y, 4).ok_or_else(bad)? as i32;
                let month = num(m, 2).ok_or_else(bad)?;
                let day = num(d, 2).ok_or_else(bad)?;
                if NaiveDate::from_ymd_opt(year, month, day).is_none() {
                    return Err(format!("invalid date {s:?}: no such day in the calendar"));
                }
                Ok(PartialDate {
                    year,
                    month: Some(month),
                    day: Some(day),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The first day the date can mean, for sorting and comparisons.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated on parse")
    }

    pub fn from_naive(d: NaiveDate) -> PartialDate {
        PartialDate {
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
    pub fn range_long(start: &PartialDate, end: Option<&PartialDate>) -> String {
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

impl fmt::Display for PartialDate {
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

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_day(), self.precision()).cmp(&(other.first_day(), other.precision()))
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
            "description": "A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
            "examples": ["2024", "2024-03", "2024-03-17"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_at_stored_precision() {
        let d = PartialDate::parse("2024-03-17").unwrap();
        assert_eq!(
            (d.long(), d.short(), d.dtg()),
            (
                "17 March 2024".into(),
                "17 Mar 2024".into(),
                "17 MAR 24".into()
            )
        );
        let m = PartialDate::parse("2022-04").unwrap();
        assert_eq!(
            (m.long(), m.short(), m.dtg()),
            ("April 2022".into(), "Apr 2022".into(), "APR 22".into())
        );
        let y = PartialDate::parse("2026").unwrap();
        assert_eq!(
            (y.long(), y.short(), y.dtg()),
            ("2026".into(), "2026".into(), "2026".into())
        );
        assert_eq!(y.precision(), Precision::Year);
    }

    #[test]
    fn ranges_share_what_they_can() {
        let p = |s| PartialDate::parse(s).unwrap();
        assert_eq!(
            PartialDate::range_long(&p("2022-04-28"), Some(&p("2022-04-29"))),
            "28–29 April 2022"
        );
        assert_eq!(
            PartialDate::range_long(&p("2022-04-30"), Some(&p("2022-05-02"))),
            "30 April – 2 May 2022"
        );
        assert_eq!(PartialDate::range_long(&p("2026"), None), "2026");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(
            PartialDate::parse("2024-02-30").unwrap_err(),
            "invalid date \"2024-02-30\": no such day in the calendar"
        );
        assert!(PartialDate::parse("2024-13")
            .unwrap_err()
            .contains("month 13"));
        assert!(PartialDate::parse("17/03/2024")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(PartialDate::parse("24").is_err());
    }

    #[test]
    fn orders_by_first_day_then_precision() {
        let p = |s| PartialDate::parse(s).unwrap();
        let mut v = [p("2024-03-17"), p("2022"), p("2024-03"), p("2022-04-29")];
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["2022", "2022-04-29", "2024-03", "2024-03-17"]);
    }
}
