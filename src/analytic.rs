//! Analytic checks: warnings about how the brief argues, never silent, never fatal unless
//! `--deny-warnings` asks for it. They read the whole brief and all its data (not one
//! version's share), so a curator sees every warning once.
//!
//! - a judgement or threat assessment stated with high confidence that rests on one source, or
//!   only on sources graded E/F (reliability) or 5/6 (credibility);
//! - a source older than the brief's `stale_after` at the as-of date, and a threat whose newest
//!   source is;
//! - estimative language outside the ICD 203 terms, and two ICD 203 terms of one band mixed;
//! - analytic text past its `valid_until` date (e.g. an event it calls upcoming).

use crate::brief::AnalysisText;
use crate::data::date::{PartialDate, SimpleDate};
use crate::data::load::LoadedBrief;
use crate::data::model::{Level, Reliability, Source};
use crate::diag::{Diagnostic, Diagnostics};
use chrono::{Months, NaiveDate};

/// All the warnings of a brief at `as_of`.
pub fn warnings(brief: &LoadedBrief, as_of: NaiveDate) -> Diagnostics {
    let mut out = Diagnostics::default();
    confidence(brief, &mut out);
    staleness(brief, as_of, &mut out);
    estimative_language(brief, &mut out);
    validity(brief, as_of, &mut out);
    out
}

fn source<'a>(brief: &'a LoadedBrief, id: &str) -> Option<&'a Source> {
    brief.data.sources.iter().find(|s| s.id == id)
}

fn weak(s: &Source) -> bool {
    matches!(s.grading.reliability, Reliability::E | Reliability::F) || s.grading.credibility >= 5
}

/// Why a high-confidence judgement resting on `ids` is not supported, if it is not.
fn unsupported(brief: &LoadedBrief, ids: &[String]) -> Option<String> {
    let mut distinct: Vec<&str> = Vec::new();
    for id in ids {
        if !distinct.contains(&id.as_str()) {
            distinct.push(id);
        }
    }
    if let [only] = distinct.as_slice() {
        return Some(format!("rests on a single source (\"{only}\")"));
    }
    let all_weak = distinct
        .iter()
        .all(|id| source(brief, id).is_some_and(weak));
    all_weak.then(|| {
        format!(
            "rests only on sources graded E/F or 5/6 ({})",
            distinct.join(", ")
        )
    })
}

const EXPECTED_SUPPORT: &str = "a second, independent source graded A–D and 1–4, or a lower \
                                confidence";

fn confidence(brief: &LoadedBrief, out: &mut Diagnostics) {
    for (i, j) in brief.file.analysis.key_judgements.iter().enumerate() {
        if j.confidence != Level::High {
            continue;
        }
        if let Some(why) = unsupported(brief, &j.sources) {
            out.push(
                brief
                    .brief_diag(
                        format!(
                            "key judgement {} is stated with high confidence but {why}",
                            i + 1
                        ),
                        &format!("$.analysis.key_judgements[{i}].confidence"),
                    )
                    .expected(EXPECTED_SUPPORT)
                    .warning(),
            );
        }
    }
    for t in &brief.data.threats {
        if t.assessment.confidence != Level::High {
            continue;
        }
        if let Some(why) = unsupported(brief, &t.sources) {
            out.push(
                brief
                    .record_diag(
                        format!(
                            "the assessment of threat \"{}\" is stated with high confidence but {why}",
                            t.id
                        ),
                        &t.id,
                        "assessment",
                    )
                    .expected(EXPECTED_SUPPORT)
                    .warning(),
            );
        }
    }
}

/// `18 months` → the day that long before `as_of`.
fn cutoff(stale_after: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    let (n, unit) = stale_after.split_once(' ')?;
    let n: u32 = n.parse().ok()?;
    match unit.trim_end_matches('s') {
        "day" => as_of.checked_sub_days(chrono::Days::new(n.into())),
        "week" => as_of.checked_sub_days(chrono::Days::new(u64::from(n) * 7)),
        "month" => as_of.checked_sub_months(Months::new(n)),
        "year" => as_of.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

fn staleness(brief: &LoadedBrief, as_of: NaiveDate, out: &mut Diagnostics) {
    let Some(stale_after) = &brief.file.stale_after else {
        return;
    };
    let Some(cutoff) = cutoff(stale_after, as_of) else {
        return;
    };
    let on = SimpleDate::from_naive(as_of).long();
    let stale = |d: &PartialDate| d.latest_day() < cutoff;
    for s in &brief.data.sources {
        if let Some(d) = s.date.as_ref().filter(|d| stale(d)) {
            out.push(
                brief
                    .record_diag(
                        format!(
                            "source \"{}\" ({}) is older than the brief's stale_after of \
                             {stale_after} on {on}",
                            s.id,
                            d.long()
                        ),
                        &s.id,
                        "date",
                    )
                    .expected("a newer source for what it supports, or a longer stale_after")
                    .warning(),
            );
        }
    }
    for t in &brief.data.threats {
        let dates: Option<Vec<&PartialDate>> = t
            .sources
            .iter()
            .map(|id| source(brief, id).and_then(|s| s.date.as_ref()))
            .collect();
        // An undated source may be recent: say nothing rather than guess.
        let Some(newest) = dates.and_then(|d| d.into_iter().max_by_key(|d| d.latest_day())) else {
            continue;
        };
        if stale(newest) {
            out.push(
                brief
                    .record_diag(
                        format!(
                            "threat \"{}\" rests only on sources older than the brief's \
                             stale_after of {stale_after} on {on} (the newest: {})",
                            t.id,
                            newest.long()
                        ),
                        &t.id,
                        "sources",
                    )
                    .expected("a newer source on the threat, or a longer stale_after")
                    .warning(),
            );
        }
    }
}

/// The ICD 203 bands: the preferred term and its synonyms, least to most likely.
const BANDS: [(&str, &[&str], &str); 7] = [
    ("almost no chance", &["remote"], "01–05%"),
    ("very unlikely", &["highly improbable"], "05–20%"),
    ("unlikely", &["improbable", "improbably"], "20–45%"),
    ("roughly even chance", &["roughly even odds"], "45–55%"),
    ("likely", &["probable", "probably"], "55–80%"),
    ("very likely", &["highly probable"], "80–95%"),
    (
        "almost certain",
        &["almost certainly", "nearly certain", "nearly certainly"],
        "95–99%",
    ),
];

/// Estimative words that are not ICD 203 terms.
const NOT_ICD_203: [&str; 11] = [
    "possibly",
    "perhaps",
    "maybe",
    "conceivably",
    "highly likely",
    "highly unlikely",
    "very probable",
    "in all likelihood",
    "a real possibility",
    "a good chance",
    "almost surely",
];

/// One estimative term found: its band (`None` for a term outside ICD 203), whether it is the
/// band's synonym rather than its preferred term, and the words as written.
struct Term {
    band: Option<usize>,
    synonym: bool,
    words: &'static str,
}

/// The estimative terms of `text`, longest match first at each word.
fn terms(text: &str) -> Vec<Term> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut candidates: Vec<Term> = Vec::new();
    for (band, (preferred, synonyms, _)) in BANDS.iter().enumerate() {
        candidates.push(Term {
            band: Some(band),
            synonym: false,
            words: preferred,
        });
        for s in *synonyms {
            candidates.push(Term {
                band: Some(band),
                synonym: true,
                words: s,
            });
        }
    }
    for w in NOT_ICD_203 {
        candidates.push(Term {
            band: None,
            synonym: false,
            words: w,
        });
    }
    candidates.sort_by_key(|t| std::cmp::Reverse(t.words.split(' ').count()));
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = candidates.iter().find(|t| {
            let parts: Vec<&str> = t.words.split(' ').collect();
            words.len() >= i + parts.len() && words[i..i + parts.len()] == parts[..]
        });
        match hit {
            Some(t) => {
                i += t.words.split(' ').count();
                found.push(Term {
                    band: t.band,
                    synonym: t.synonym,
                    words: t.words,
                });
            }
            None => i += 1,
        }
    }
    found
}

/// The analyst's prose with where it sits: the brief's analysis and the threats' rationales.
fn prose(brief: &LoadedBrief) -> Vec<(String, Located)> {
    let a = &brief.file.analysis;
    let mut out = vec![(
        a.bluf.text().to_string(),
        Located::Brief("$.analysis.bluf".into()),
    )];
    for (i, j) in a.key_judgements.iter().enumerate() {
        out.push((
            j.text.clone(),
            Located::Brief(format!("$.analysis.key_judgements[{i}].text")),
        ));
    }
    for (field, items) in [
        ("context", &a.context),
        ("outlook", &a.outlook),
        ("watch", &a.watch),
    ] {
        for (i, t) in items.iter().enumerate() {
            out.push((
                t.text().to_string(),
                Located::Brief(format!("$.analysis.{field}[{i}]")),
            ));
        }
    }
    for t in &brief.data.threats {
        out.push((
            t.assessment.rationale.clone(),
            Located::Record(t.id.clone(), "assessment.rationale"),
        ));
    }
    out
}

enum Located {
    Brief(String),
    Record(String, &'static str),
}

impl Located {
    fn diag(&self, brief: &LoadedBrief, message: String) -> Diagnostic {
        match self {
            Located::Brief(at) => brief.brief_diag(message, at),
            Located::Record(id, field) => brief.record_diag(message, id, field),
        }
    }
}

fn estimative_language(brief: &LoadedBrief, out: &mut Diagnostics) {
    let all_terms = BANDS
        .iter()
        .map(|(t, _, _)| *t)
        .collect::<Vec<_>>()
        .join(", ");
    // Per band, the first use of the preferred term and of a synonym.
    let mut seen: [[Option<&'static str>; 2]; 7] = [[None; 2]; 7];
    // The threats' likelihoods print as preferred terms.
    for t in &brief.data.threats {
        let band = t.assessment.likelihood as usize;
        seen[band][0].get_or_insert(BANDS[band].0);
    }
    for (text, at) in prose(brief) {
        for term in terms(&text) {
            let Some(band) = term.band else {
                out.push(
                    at.diag(
                        brief,
                        format!("\"{}\" is not an ICD 203 estimative term", term.words),
                    )
                    .expected(format!("one of the ICD 203 terms: {all_terms}"))
                    .warning(),
                );
                continue;
            };
            let column = usize::from(term.synonym);
            if seen[band][column].is_some() {
                continue;
            }
            seen[band][column] = Some(term.words);
            if let Some(other) = seen[band][1 - column] {
                out.push(
                    at.diag(
                        brief,
                        format!(
                            "the brief mixes \"{other}\" and \"{}\", two ICD 203 terms for one \
                             band ({})",
                            term.words, BANDS[band].2
                        ),
                    )
                    .expected(format!(
                        "one term per band throughout the brief: \"{}\"",
                        BANDS[band].0
                    ))
                    .warning(),
                );
            }
        }
    }
}

fn validity(brief: &LoadedBrief, as_of: NaiveDate, out: &mut Diagnostics) {
    let a = &brief.file.analysis;
    let mut items: Vec<(String, Option<&PartialDate>)> =
        vec![("$.analysis.bluf".into(), a.bluf.valid_until())];
    for (i, j) in a.key_judgements.iter().enumerate() {
        items.push((
            format!("$.analysis.key_judgements[{i}]"),
            j.valid_until.as_ref(),
        ));
    }
    for (field, list) in [
        ("context", &a.context),
        ("outlook", &a.outlook),
        ("watch", &a.watch),
    ] {
        items.extend(
            list.iter()
                .enumerate()
                .map(|(i, t): (usize, &AnalysisText)| {
                    (format!("$.analysis.{field}[{i}]"), t.valid_until())
                }),
        );
    }
    let on = SimpleDate::from_naive(as_of).long();
    for (at, until) in items {
        let Some(until) = until else { continue };
        let (verdict, expected) = if as_of > until.latest_day() {
            (
                "is out of date",
                "text brought up to date, or a later valid_until",
            )
        } else if as_of >= until.earliest_day() {
            (
                "may be out of date",
                "text checked against events since, and a valid_until after the as-of date",
            )
        } else {
            continue;
        };
        let item = at.trim_start_matches("$.");
        out.push(
            brief
                .brief_diag(
                    format!(
                        "{item} {verdict}: it holds until {}, and the brief is dated {on}",
                        until.long()
                    ),
                    &format!("{at}.valid_until"),
                )
                .expected(expected)
                .warning(),
        );
    }
}

#[cfg(test)]
mod tests;
