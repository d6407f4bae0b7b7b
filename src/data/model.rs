//! The curated data: typed records for visits, programmes, threats and sources.
//!
//! Doc comments here become the descriptions of the JSON Schemas that `briefwright schema`
//! prints and that the shipped data files point at, so an editor explains each field while a
//! curator types.

use super::date::PartialDate;
use crate::marking::Audience;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A protective marking, from NATO UNCLASSIFIED up. Orders from least to most restrictive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Classification {
    #[serde(rename = "NATO UNCLASSIFIED")]
    NatoUnclassified,
    #[serde(rename = "NATO RESTRICTED")]
    NatoRestricted,
    #[serde(rename = "NATO CONFIDENTIAL")]
    NatoConfidential,
    #[serde(rename = "NATO SECRET")]
    NatoSecret,
    #[serde(rename = "COSMIC TOP SECRET")]
    CosmicTopSecret,
}

impl Classification {
    /// The marking as printed, e.g. `NATO UNCLASSIFIED`.
    pub fn label(&self) -> &'static str {
        match self {
            Classification::NatoUnclassified => "NATO UNCLASSIFIED",
            Classification::NatoRestricted => "NATO RESTRICTED",
            Classification::NatoConfidential => "NATO CONFIDENTIAL",
            Classification::NatoSecret => "NATO SECRET",
            Classification::CosmicTopSecret => "COSMIC TOP SECRET",
        }
    }

    /// The portion mark, e.g. `NU` for NATO UNCLASSIFIED.
    pub fn abbreviation(&self) -> &'static str {
        match self {
            Classification::NatoUnclassified => "NU",
            Classification::NatoRestricted => "NR",
            Classification::NatoConfidential => "NC",
            Classification::NatoSecret => "NS",
            Classification::CosmicTopSecret => "CTS",
        }
    }

    pub const ALL: [Classification; 5] = [
        Classification::NatoUnclassified,
        Classification::NatoRestricted,
        Classification::NatoConfidential,
        Classification::NatoSecret,
        Classification::CosmicTopSecret,
    ];
}

/// A data file: one kind of record per file, with the marking that covers the file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// The JSON Schema this file follows (for editors; briefwright ignores it).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The highest marking of any record in this file.
    pub classification: Classification,
    /// Who the file's records may be released to, unless a record says otherwise. A file that
    /// says nothing is releasable to NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visits: Vec<Visit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<Programme>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    /// Abbreviations and what they stand for, for the glossary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
}

/// A person as a source names them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name as the source spells it.
    pub name: String,
    /// Title or role at the time, e.g. "Deputy Secretary General".
    pub title: String,
    /// Organisation or government, e.g. "NATO" or "Azerbaijan".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// True when the sources only announce a meeting with this counterpart ("will meet") and
    /// none reports that it took place. Briefs print it as scheduled, not confirmed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scheduled: bool,
}

/// Words a source quotes, verbatim.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The quoted words exactly as the source prints them, without surrounding quote marks.
    pub text: String,
    /// Who said it, as the source names them.
    pub speaker: String,
    /// The source that prints the quote.
    pub source: String,
}

/// An official visit: who came, when, where, whom they met, what was discussed and agreed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// A stable identifier, lower-case words joined by hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub classification: Classification,
    /// Who this record may be released to; default: the file's `releasable_to`, else NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    pub visitor: Person,
    /// Where the visit took place, e.g. "Baku, Azerbaijan".
    pub place: String,
    /// First day of the visit, at the precision the sources give.
    pub start: PartialDate,
    /// Last day, when the sources give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// How the dates were established, when a source does not state them outright.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    /// The wider trip the visit belonged to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Whom the visitor met.
    #[serde(default)]
    pub counterparts: Vec<Person>,
    /// What was discussed.
    #[serde(default)]
    pub topics: Vec<String>,
    /// What was agreed, welcomed or confirmed.
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// What was announced.
    #[serde(default)]
    pub announcements: Vec<String>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Ids of the sources this record rests on (at least one).
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
}

/// Where a programme or framework stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeStatus {
    /// Running.
    Active,
    /// Agreed in principle and being prepared or finalised.
    InPreparation,
    /// Replaced by a successor framework.
    Superseded,
    /// Finished; Azerbaijan's part in it is over.
    Concluded,
}

impl ProgrammeStatus {
    pub fn label(&self) -> &'static str {
        match self {
            ProgrammeStatus::Active => "Active",
            ProgrammeStatus::InPreparation => "Being finalised",
            ProgrammeStatus::Superseded => "Superseded",
            ProgrammeStatus::Concluded => "Concluded",
        }
    }
}

/// What kind of cooperation a programme record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeKind {
    /// A multilateral forum for dialogue.
    Forum,
    /// A partnership programme or planning process.
    Programme,
    /// A NATO-led operation or mission Azerbaijan contributed to.
    Mission,
}

/// A partnership programme, framework or mission contribution.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub classification: Classification,
    /// Who this record may be released to; default: the file's `releasable_to`, else NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    /// Full name, e.g. "Partnership for Peace".
    pub name: String,
    /// Abbreviation, e.g. "PfP".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    pub kind: ProgrammeKind,
    /// When Azerbaijan's part began, at the precision the sources give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    /// When it ended, for concluded or superseded records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    pub status: ProgrammeStatus,
    /// Areas of cooperation.
    #[serde(default)]
    pub areas: Vec<String>,
    /// What the sources say it is and does.
    pub summary: String,
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
}

/// The ICD 203 estimative terms for likelihood, from least to most likely.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Likelihood {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEvenChance,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Likelihood {
    /// The term as printed, with the ICD 203 probability band.
    pub fn label(&self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "Almost no chance (01–05%)",
            Likelihood::VeryUnlikely => "Very unlikely (05–20%)",
            Likelihood::Unlikely => "Unlikely (20–45%)",
            Likelihood::RoughlyEvenChance => "Roughly even chance (45–55%)",
            Likelihood::Likely => "Likely (55–80%)",
            Likelihood::VeryLikely => "Very likely (80–95%)",
            Likelihood::AlmostCertain => "Almost certain (95–99%)",
        }
    }

    /// The bare ICD 203 term as it reads in a sentence, e.g. `likely`, `roughly even chance`.
    pub fn term(&self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost no chance",
            Likelihood::VeryUnlikely => "very unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEvenChance => "roughly even chance",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very likely",
            Likelihood::AlmostCertain => "almost certain",
        }
    }
}

/// A three-step scale for impact and analytic confidence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Moderate,
    High,
}

impl Level {
    pub fn label(&self) -> &'static str {
        match self {
            Level::Low => "Low",
            Level::Moderate => "Moderate",
            Level::High => "High",
        }
    }
}

/// Which way a threat is moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Increasing,
    Stable,
    Decreasing,
}

impl Trend {
    pub fn label(&self) -> &'static str {
        match self {
            Trend::Increasing => "Increasing",
            Trend::Stable => "Stable",
            Trend::Decreasing => "Decreasing",
        }
    }
}

/// The analyst's judgement on a threat. None of this is stated by a source: it is marked as
/// analytic judgement wherever it prints.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// How likely the threat is to materialise in the brief's horizon (ICD 203 terms).
    pub likelihood: Likelihood,
    /// How much it would affect NATO–partner interests if it did.
    pub impact: Level,
    pub trend: Trend,
    /// Analytic confidence in the judgement: low, moderate or high.
    pub confidence: Level,
    /// Why the analyst judged so, in a sentence or two.
    pub rationale: String,
}

/// A threat or risk the sources state, with the analyst's assessment of it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub classification: Classification,
    /// Who this record may be released to; default: the file's `releasable_to`, else NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    /// Short title, e.g. "Russian hybrid activity against Allies".
    pub title: String,
    /// What the sources say of it.
    pub description: String,
    pub assessment: Assessment,
    /// Signs that would show it growing or receding.
    #[serde(default)]
    pub indicators: Vec<String>,
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
}

/// Source reliability on the Admiralty (NATO AJP-2.1) scale: A completely reliable … F cannot
/// be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub fn label(&self) -> &'static str {
        match self {
            Reliability::A => "Completely reliable",
            Reliability::B => "Usually reliable",
            Reliability::C => "Fairly reliable",
            Reliability::D => "Not usually reliable",
            Reliability::E => "Unreliable",
            Reliability::F => "Reliability cannot be judged",
        }
    }
    pub fn letter(&self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }
}

/// The curator's Admiralty grading of a source.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    pub reliability: Reliability,
    /// Credibility of the information: 1 confirmed, 2 probably true, 3 possibly true,
    /// 4 doubtful, 5 improbable, 6 cannot be judged.
    #[schemars(range(min = 1, max = 6))]
    pub credibility: u8,
    /// Why the curator graded it so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Credibility labels, indexed by the credibility number.
pub fn credibility_label(n: u8) -> Option<&'static str> {
    [
        "Confirmed by other sources",
        "Probably true",
        "Possibly true",
        "Doubtful",
        "Improbable",
        "Truth cannot be judged",
    ]
    .get(usize::from(n).wrapping_sub(1))
    .copied()
}

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    NewsArticle,
    Interview,
    PressRelease,
}

/// A document facts come from. Record only what the document itself shows: leave out a
/// publisher, title, author, date or URL it does not give.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub classification: Classification,
    /// Who this record may be released to; default: the file's `releasable_to`, else NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    pub kind: SourceKind,
    /// A short description that identifies the document when it has no title of its own.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The headline or title exactly as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date at the precision the document gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// How the date was established, when the document does not print it outright.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    /// Only a URL the document itself gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the curator's copy is kept, e.g. the seed file's name.
    pub archive: String,
    pub grading: Grading,
}

/// An abbreviation the memo may use, spelled out as a source spells it out. The glossary lists
/// the ones the memo prints, with the programmes' acronyms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub classification: Classification,
    /// Who this record may be released to; default: the file's `releasable_to`, else NATO only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    /// The abbreviation as the memo prints it, e.g. "PURL".
    #[schemars(length(min = 1))]
    pub abbreviation: String,
    /// What it stands for, exactly as the source spells it out.
    #[schemars(length(min = 1))]
    pub expansion: String,
    /// The sources that spell it out (at least one).
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
}

/// What marking needs of every kind of record: its id, its marking and what it rests on.
pub trait Record {
    /// `visit`, `programme`, `threat`, `term` or `source`, as messages name it.
    const KIND: &'static str;
    fn id(&self) -> &str;
    fn classification(&self) -> Classification;
    fn releasable_to(&self) -> Option<&[Audience]>;
    /// The ids of the sources it cites, its quotes' sources included; none for a source.
    fn cited(&self) -> Vec<&str>;
    /// What a reader knows it by, as a list of changes names it: `Mircea Geoană in Baku,
    /// 17 March 2024`, `Partnership for Peace (PfP)`, a threat's title, a source's label.
    fn label(&self) -> String;
}

macro_rules! record {
    ($type:ty, $kind:literal, |$r:ident| $cited:expr, $label:expr) => {
        impl Record for $type {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str {
                &self.id
            }
            fn classification(&self) -> Classification {
                self.classification
            }
            fn releasable_to(&self) -> Option<&[Audience]> {
                self.releasable_to.as_deref()
            }
            fn cited(&self) -> Vec<&str> {
                let $r = self;
                $cited
            }
            fn label(&self) -> String {
                let $r = self;
                $label
            }
        }
    };
}

record!(
    Visit,
    "visit",
    |v| v
        .sources
        .iter()
        .map(String::as_str)
        .chain(v.quotes.iter().map(|q| q.source.as_str()))
        .collect(),
    format!(
        "{} in {}, {}",
        v.visitor.name,
        v.place,
        crate::data::date::PartialDate::range_long(&v.start, v.end.as_ref())
    )
);
record!(
    Programme,
    "programme",
    |p| p.sources.iter().map(String::as_str).collect(),
    match &p.acronym {
        Some(a) => format!("{} ({a})", p.name),
        None => p.name.clone(),
    }
);
record!(
    Threat,
    "threat",
    |t| t.sources.iter().map(String::as_str).collect(),
    t.title.clone()
);
record!(
    Term,
    "term",
    |t| t.sources.iter().map(String::as_str).collect(),
    format!("{} ({})", t.abbreviation, t.expansion)
);
record!(
    Source,
    "source",
    |s| {
        let _ = s;
        Vec::new()
    },
    s.label.clone()
);

#[cfg(test)]
mod shipped_data_tests {
    use super::*;
    use crate::brief::BriefFile;
    use std::collections::HashSet;

    fn read(relative: &str) -> String {
        let path = format!("{}/briefs/{relative}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn data(relative: &str) -> DataFile {
        serde_json::from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    fn brief(relative: &str) -> BriefFile {
        serde_json::from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    fn source_ids() -> HashSet<String> {
        let file = data("data/sources.json");
        let ids: HashSet<String> = file.sources.iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids.len(), file.sources.len(), "duplicate source ids");
        ids
    }

    fn check_cited(known: &HashSet<String>, record: &str, cited: &[String]) {
        assert!(!cited.is_empty(), "{record} cites no source");
        for id in cited {
            assert!(known.contains(id), "{record} cites unknown source {id:?}");
        }
    }

    #[test]
    fn shipped_data_files_parse_and_cite_known_sources() {
        let known = source_ids();
        let expected: HashSet<String> = [
            "ukdj-shekerinska-visit",
            "apa-shekerinska-interview",
            "stoltenberg-baku-2024",
            "colomina-baku-2022",
            "aliyev-stoltenberg-remarks-2024",
            "nato-sg-south-caucasus-2024",
        ]
        .map(String::from)
        .into();
        assert_eq!(known, expected);

        let visits = data("data/visits.json").visits;
        let ids: Vec<&str> = visits.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            ids,
            ["colomina-2022", "stoltenberg-2024", "shekerinska-2026"]
        );
        for v in &visits {
            check_cited(&known, &v.id, &v.sources);
            for q in &v.quotes {
                check_cited(
                    &known,
                    &format!("{} quote", v.id),
                    std::slice::from_ref(&q.source),
                );
                assert!(
                    v.sources.contains(&q.source),
                    "{}: a quote's source is not among the visit's sources",
                    v.id
                );
            }
        }

        let programmes = data("data/programmes.json").programmes;
        assert!(!programmes.is_empty());
        for p in &programmes {
            check_cited(&known, &p.id, &p.sources);
        }

        let threats = data("data/threats.json").threats;
        assert!(!threats.is_empty());
        for t in &threats {
            check_cited(&known, &t.id, &t.sources);
        }

        let mut all_ids = HashSet::new();
        for id in visits
            .iter()
            .map(|v| &v.id)
            .chain(programmes.iter().map(|p| &p.id))
            .chain(threats.iter().map(|t| &t.id))
            .chain(known.iter())
        {
            assert!(all_ids.insert(id.clone()), "duplicate record id {id:?}");
        }
    }

    #[test]
    fn shipped_data_files_are_unclassified_throughout() {
        for name in ["sources", "visits", "programmes", "threats"] {
            let file = data(&format!("data/{name}.json"));
            assert_eq!(file.schema.as_deref(), Some("../schemas/data.schema.json"));
            assert_eq!(file.classification, Classification::NatoUnclassified);
            let marks = file
                .sources
                .iter()
                .map(|r| r.classification)
                .chain(file.visits.iter().map(|r| r.classification))
                .chain(file.programmes.iter().map(|r| r.classification))
                .chain(file.threats.iter().map(|r| r.classification));
            for mark in marks {
                assert!(
                    mark <= file.classification,
                    "{name}: record above file marking"
                );
            }
        }
    }

    #[test]
    fn shipped_briefs_parse_and_cite_known_sources() {
        let known = source_ids();
        let visit_ids: HashSet<String> = data("data/visits.json")
            .visits
            .into_iter()
            .map(|v| v.id)
            .collect();
        for name in ["nato-azerbaijan.json", "shekerinska-visit.json"] {
            let b = brief(name);
            assert_eq!(b.schema.as_deref(), Some("schemas/brief.schema.json"));
            assert_eq!(b.classification, Classification::NatoUnclassified);
            assert!(!b.analysis.bluf.text().is_empty(), "{name}: no BLUF");
            assert!(
                !b.analysis.key_judgements.is_empty(),
                "{name}: no judgements"
            );
            for j in &b.analysis.key_judgements {
                check_cited(&known, &format!("{name} judgement"), &j.sources);
            }
            for d in &b.data {
                let path = format!("{}/briefs/{d}", env!("CARGO_MANIFEST_DIR"));
                assert!(std::path::Path::new(&path).is_file(), "{name}: no {d}");
            }
            if let Some(focus) = &b.focus {
                assert!(visit_ids.contains(focus), "{name}: unknown focus {focus:?}");
            }
        }
    }

    #[test]
    fn shipped_schemas_match_the_generated_ones() {
        use crate::data::schema::{schema, SchemaKind};
        for (kind, file) in [
            (SchemaKind::Data, "schemas/data.schema.json"),
            (SchemaKind::Brief, "schemas/brief.schema.json"),
        ] {
            let shipped: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
            assert_eq!(shipped, schema(kind), "{file} is stale: regenerate it");
        }
    }
}
