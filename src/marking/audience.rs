//! Audience codes and releasability: who a record may be released to.
//!
//! `PUBLIC` is anyone; `NATO` the Allies; `PfP` the partners of the Partnership for Peace;
//! `EAPC` both; an ISO 3166-1 alpha-3 code one country. Groups cover their members, so a record
//! releasable to `EAPC` may go to a brief released to `AZE`. Membership is kept as lists below.
//! When in doubt a country is left out of a group: a brief then withholds more, never less.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The 32 Allies (ISO 3166-1 alpha-3).
const ALLIES: [&str; 32] = [
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
];

/// Partnership for Peace partners. Russia and Belarus are left out on purpose: NATO suspended
/// practical cooperation with both, so releasing to them must be said by name.
const PARTNERS: [&str; 16] = [
    "ARM", "AUT", "AZE", "BIH", "GEO", "IRL", "KAZ", "KGZ", "MLT", "MDA", "SRB", "CHE", "TJK",
    "TKM", "UKR", "UZB",
];

/// Who a record or a brief may be released to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    Public,
    Nato,
    Eapc,
    Pfp,
    /// An ISO 3166-1 alpha-3 country code, checked against the standard's list.
    Country(String),
}

impl Audience {
    pub fn code(&self) -> &str {
        match self {
            Audience::Public => "PUBLIC",
            Audience::Nato => "NATO",
            Audience::Eapc => "EAPC",
            Audience::Pfp => "PfP",
            Audience::Country(c) => c,
        }
    }

    /// Parses a code; anything else is an error that says what a code looks like.
    pub fn parse(code: &str) -> Result<Audience, String> {
        Ok(match code {
            "PUBLIC" => Audience::Public,
            "NATO" => Audience::Nato,
            "EAPC" => Audience::Eapc,
            "PfP" => Audience::Pfp,
            c if isocountry::CountryCode::for_alpha3(c).is_ok() => Audience::Country(c.into()),
            _ => return Err(format!("unknown audience code {code:?}")),
        })
    }

    /// Whether releasing to `self` includes releasing to `other`.
    pub fn includes(&self, other: &Audience) -> bool {
        if self == other || *self == Audience::Public {
            return true;
        }
        match (self, other) {
            (Audience::Eapc, Audience::Nato | Audience::Pfp) => true,
            (Audience::Eapc, Audience::Country(c)) => {
                ALLIES.contains(&c.as_str()) || PARTNERS.contains(&c.as_str())
            }
            (Audience::Nato, Audience::Country(c)) => ALLIES.contains(&c.as_str()),
            (Audience::Pfp, Audience::Country(c)) => PARTNERS.contains(&c.as_str()),
            _ => false,
        }
    }
}

/// What a schema or a message says an audience code must be.
pub const EXPECTED_AUDIENCE: &str =
    "PUBLIC, NATO, EAPC, PfP or an ISO 3166-1 alpha-3 country code such as AZE";

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Audience {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Audience::parse(&code).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Audience {
    fn schema_name() -> Cow<'static, str> {
        "Audience".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An audience: PUBLIC (anyone), NATO (the Allies), EAPC, PfP, or an ISO 3166-1 alpha-3 country code such as AZE.",
            "type": "string",
            "pattern": "^(PUBLIC|NATO|EAPC|PfP|[A-Z]{3})$"
        })
    }
}

/// A set of audiences, kept minimal (no code another one covers) and sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Releasability(Vec<Audience>);

impl Releasability {
    pub fn new(codes: &[Audience]) -> Releasability {
        let mut kept: Vec<Audience> = Vec::new();
        for a in codes {
            let covered = codes.iter().any(|b| b != a && b.includes(a));
            if !covered && !kept.contains(a) {
                kept.push(a.clone());
            }
        }
        kept.sort();
        Releasability(kept)
    }

    /// Releasable to NATO only: what a record that says nothing is.
    pub fn nato_only() -> Releasability {
        Releasability(vec![Audience::Nato])
    }

    pub fn audiences(&self) -> &[Audience] {
        &self.0
    }

    /// Whether what is releasable to `self` may go to `audience`.
    pub fn covers(&self, audience: &Audience) -> bool {
        self.0.iter().any(|a| a.includes(audience))
    }

    /// The audiences of `wanted` that `self` does not cover.
    pub fn missing<'a>(&self, wanted: &'a [Audience]) -> Vec<&'a Audience> {
        wanted.iter().filter(|a| !self.covers(a)).collect()
    }

    /// Whether everything `other` may go to, `self` may go to as well.
    pub fn covers_all(&self, other: &Releasability) -> bool {
        other.0.iter().all(|a| self.covers(a))
    }

    /// The audiences both may go to.
    pub fn intersect(&self, other: &Releasability) -> Releasability {
        let both: Vec<Audience> = self
            .0
            .iter()
            .chain(&other.0)
            .filter(|a| self.covers(a) && other.covers(a))
            .cloned()
            .collect();
        Releasability::new(&both)
    }

    /// The codes as a list: `PUBLIC`, `NATO, AZE`.
    pub fn codes(&self) -> String {
        if self.0.is_empty() {
            return "no one".into();
        }
        let codes: Vec<&str> = self.0.iter().map(Audience::code).collect();
        codes.join(", ")
    }

    /// The releasability line: `Releasable to the public`, `Releasable to NATO and AZE`.
    pub fn phrase(&self) -> String {
        if self.0.contains(&Audience::Public) {
            return "Releasable to the public".into();
        }
        let codes: Vec<&str> = self.0.iter().map(Audience::code).collect();
        match codes.as_slice() {
            [] => "Not releasable".into(),
            [one] => format!("Releasable to {one}"),
            [init @ .., last] => format!("Releasable to {} and {last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(codes: &[&str]) -> Releasability {
        let v: Vec<Audience> = codes.iter().map(|c| Audience::parse(c).unwrap()).collect();
        Releasability::new(&v)
    }

    #[test]
    fn codes_parse_and_unknown_ones_are_refused() {
        assert_eq!(
            Audience::parse("AZE").unwrap(),
            Audience::Country("AZE".into())
        );
        assert_eq!(Audience::parse("PfP").unwrap(), Audience::Pfp);
        assert_eq!(
            Audience::parse("XYZ").unwrap_err(),
            "unknown audience code \"XYZ\""
        );
        assert!(Audience::parse("aze").is_err());
        assert!(Audience::parse("PFP").is_err());
    }

    #[test]
    fn groups_cover_their_members_and_nothing_else() {
        assert!(r(&["PUBLIC"]).covers(&Audience::Country("CHN".into())));
        assert!(r(&["EAPC"]).covers(&Audience::Country("AZE".into())));
        assert!(r(&["EAPC"]).covers(&Audience::Nato));
        assert!(r(&["NATO"]).covers(&Audience::Country("TUR".into())));
        assert!(!r(&["NATO"]).covers(&Audience::Country("AZE".into())));
        assert!(!r(&["NATO"]).covers(&Audience::Public));
        assert!(!r(&["PfP"]).covers(&Audience::Country("RUS".into())));
        assert!(!r(&["AZE"]).covers(&Audience::Nato));
    }

    #[test]
    fn sets_are_minimal_and_intersect_as_sets_of_readers() {
        assert_eq!(r(&["NATO", "USA", "PUBLIC"]), r(&["PUBLIC"]));
        assert_eq!(
            r(&["PUBLIC"]).intersect(&r(&["NATO", "AZE"])),
            r(&["AZE", "NATO"])
        );
        assert_eq!(
            r(&["EAPC"]).intersect(&r(&["NATO", "AZE"])),
            r(&["NATO", "AZE"])
        );
        assert_eq!(
            r(&["EAPC"]).intersect(&r(&["PfP", "USA"])),
            r(&["PfP", "USA"])
        );
        assert_eq!(r(&["PfP"]).intersect(&r(&["NATO"])), r(&[]));
    }

    #[test]
    fn phrases() {
        assert_eq!(r(&["PUBLIC"]).phrase(), "Releasable to the public");
        assert_eq!(r(&["NATO"]).phrase(), "Releasable to NATO");
        assert_eq!(r(&["AZE", "NATO"]).phrase(), "Releasable to NATO and AZE");
        assert_eq!(
            r(&["NATO", "AZE", "GEO"]).phrase(),
            "Releasable to NATO, AZE and GEO"
        );
    }
}
