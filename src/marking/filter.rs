//! Withholding: before any template runs, every record and analysis item above a version's
//! ceiling, or not releasable to every audience the version goes to, is taken out of the data.
//! What is withheld never reaches the template context, so no template, helper, partial,
//! citation, count, annex, bookmark, metadata field or file name can print it.

use super::{Audience, Marking, Releasability};
use crate::brief::{Analysis, AnalysisText, BriefFile, Version};
use crate::data::model::{Classification, Record};
use crate::data::Dataset;
use std::fmt;

/// Why an item was withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    AboveCeiling(Classification),
    /// The audiences of the version it may not go to.
    NotReleasable(Vec<Audience>),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::AboveCeiling(c) => write!(f, "above ceiling {}", c.label()),
            Reason::NotReleasable(a) => {
                let codes: Vec<&str> = a.iter().map(Audience::code).collect();
                write!(f, "not releasable to {}", codes.join(", "))
            }
        }
    }
}

/// One withheld item: what kind, its id (a record id, or `analysis.context[2]`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldItem {
    pub kind: &'static str,
    pub id: String,
    pub reason: Reason,
}

/// Everything one version withheld.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Withheld(pub Vec<WithheldItem>);

impl Withheld {
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// `withheld 5 (above ceiling NATO UNCLASSIFIED: 4; not releasable to PUBLIC: 1)`: counts
    /// per reason, never the content. Empty when nothing was withheld.
    pub fn summary(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let mut groups: Vec<(String, usize)> = Vec::new();
        for item in &self.0 {
            let reason = item.reason.to_string();
            match groups.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => groups.push((reason, 1)),
            }
        }
        let parts: Vec<String> = groups.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        format!("withheld {} ({})", self.0.len(), parts.join("; "))
    }
}

/// What a version may contain, and the marking of everything it keeps.
pub struct Filtered {
    pub data: Dataset,
    pub analysis: Analysis,
    pub withheld: Withheld,
}

/// The marking of a record, with its releasability resolved by the loader.
pub fn record_marking<R: Record>(r: &R) -> Marking {
    Marking {
        classification: r.classification(),
        releasable_to: r
            .releasable_to()
            .map(Releasability::new)
            .unwrap_or_else(Releasability::nato_only),
    }
}

/// The marking of a piece of analysis: its own, or the brief's classification and `release_to`.
pub fn analysis_marking(
    brief: &BriefFile,
    classification: Option<Classification>,
    releasable_to: Option<&[Audience]>,
) -> Marking {
    Marking {
        classification: classification.unwrap_or(brief.classification),
        releasable_to: Releasability::new(releasable_to.unwrap_or(&brief.release_to)),
    }
}

/// Why `marking` may not go into `version`, if it may not.
pub fn reason(marking: &Marking, version: &Version) -> Option<Reason> {
    if marking.classification > version.ceiling {
        return Some(Reason::AboveCeiling(version.ceiling));
    }
    let missing = marking.releasable_to.missing(&version.release_to);
    if !missing.is_empty() {
        return Some(Reason::NotReleasable(
            missing.into_iter().cloned().collect(),
        ));
    }
    None
}

/// Keeps what `version` may contain.
pub fn filter(brief: &BriefFile, data: &Dataset, version: &Version) -> Filtered {
    let mut withheld = Withheld::default();
    let data = Dataset {
        sources: keep(&data.sources, version, &mut withheld),
        visits: keep(&data.visits, version, &mut withheld),
        programmes: keep(&data.programmes, version, &mut withheld),
        threats: keep(&data.threats, version, &mut withheld),
        terms: keep(&data.terms, version, &mut withheld),
    };
    let a = &brief.analysis;
    let mut text = |field: &str, i: Option<usize>, t: &AnalysisText| -> bool {
        let m = analysis_marking(brief, t.classification(), t.releasable_to());
        withhold_analysis(&m, field, i, version, &mut withheld)
    };
    let bluf = if text("bluf", None, &a.bluf) {
        AnalysisText::default()
    } else {
        a.bluf.clone()
    };
    let mut list = |field: &str, items: &[AnalysisText]| -> Vec<AnalysisText> {
        items
            .iter()
            .enumerate()
            .filter(|(i, t)| !text(field, Some(*i), t))
            .map(|(_, t)| t.clone())
            .collect()
    };
    let context = list("context", &a.context);
    let outlook = list("outlook", &a.outlook);
    let watch = list("watch", &a.watch);
    let key_judgements = a
        .key_judgements
        .iter()
        .enumerate()
        .filter(|(i, j)| {
            let m = analysis_marking(brief, j.classification, j.releasable_to.as_deref());
            !withhold_analysis(&m, "key_judgements", Some(*i), version, &mut withheld)
        })
        .map(|(_, j)| j.clone())
        .collect();
    Filtered {
        data,
        analysis: Analysis {
            bluf,
            key_judgements,
            context,
            outlook,
            watch,
        },
        withheld,
    }
}

fn keep<R: Record + Clone>(records: &[R], version: &Version, withheld: &mut Withheld) -> Vec<R> {
    records
        .iter()
        .filter(|r| match reason(&record_marking(*r), version) {
            Some(reason) => {
                withheld.0.push(WithheldItem {
                    kind: R::KIND,
                    id: r.id().to_string(),
                    reason,
                });
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// Records `analysis.<field>[i]` as withheld when it must be; says whether it was.
fn withhold_analysis(
    marking: &Marking,
    field: &str,
    index: Option<usize>,
    version: &Version,
    withheld: &mut Withheld,
) -> bool {
    let Some(reason) = reason(marking, version) else {
        return false;
    };
    let id = match index {
        Some(i) => format!("analysis.{field}[{i}]"),
        None => format!("analysis.{field}"),
    };
    withheld.0.push(WithheldItem {
        kind: "analysis",
        id,
        reason,
    });
    true
}
