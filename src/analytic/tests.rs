use super::*;
use crate::brief::MarkedText;
use crate::data::load::load_brief;

fn shipped(name: &str) -> LoadedBrief {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefs")
        .join(format!("{name}.json"));
    load_brief(&path, false).unwrap_or_else(|d| panic!("{d}"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn messages(d: &Diagnostics) -> Vec<String> {
    d.0.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn high_confidence_on_one_source_or_only_weak_sources_warns() {
    let mut b = shipped("nato-azerbaijan");
    b.file.analysis.key_judgements.truncate(1);
    b.file.analysis.key_judgements[0].confidence = Level::High;
    b.file.analysis.key_judgements[0].sources = vec!["apa-shekerinska-interview".into()];
    let mut out = Diagnostics::default();
    confidence(&b, &mut out);
    assert!(messages(&out).contains(&"key judgement 1 is stated with high confidence but rests on a single source (\"apa-shekerinska-interview\")".to_string()), "{out}");
    assert!(out
        .0
        .iter()
        .all(|d| d.severity == crate::diag::Severity::Warning));

    for s in &mut b.data.sources {
        s.grading.reliability = Reliability::F;
    }
    b.file.analysis.key_judgements[0].sources = vec![
        "apa-shekerinska-interview".into(),
        "ukdj-shekerinska-visit".into(),
    ];
    let mut out = Diagnostics::default();
    confidence(&b, &mut out);
    assert!(messages(&out).contains(&"key judgement 1 is stated with high confidence but rests only on sources graded E/F or 5/6 (apa-shekerinska-interview, ukdj-shekerinska-visit)".to_string()), "{out}");
}

#[test]
fn old_sources_and_threats_resting_only_on_them_warn() {
    let mut b = shipped("nato-azerbaijan");
    b.file.stale_after = Some("18 months".into());
    let mut out = Diagnostics::default();
    staleness(&b, day("2026-11-22"), &mut out);
    let m = messages(&out);
    assert!(
        m.contains(&"source \"colomina-baku-2022\" (2022) is older than the brief's stale_after of 18 months on 22 November 2026".to_string()),
        "{out}"
    );
    assert!(
        !m.iter().any(|m| m.contains("apa-shekerinska-interview")),
        "a recent source is not stale: {out}"
    );
    let d = out
        .0
        .iter()
        .find(|d| d.message.contains("colomina"))
        .unwrap();
    assert!(d.location().unwrap().contains("sources.json:"), "{d}");
    assert_eq!(
        cutoff("2 years", day("2026-11-22")),
        Some(day("2024-11-22"))
    );
    assert_eq!(
        cutoff("90 days", day("2026-11-22")),
        Some(day("2026-08-24"))
    );
}

#[test]
fn estimative_terms_outside_icd_203_and_mixed_bands_warn() {
    let found: Vec<&str> =
        terms("It is very likely, perhaps almost certainly, unlikely; probably.")
            .iter()
            .map(|t| t.words)
            .collect();
    assert_eq!(
        found,
        [
            "very likely",
            "perhaps",
            "almost certainly",
            "unlikely",
            "probably"
        ]
    );
    let mut b = shipped("shekerinska-visit");
    b.file.analysis.watch = vec![AnalysisText::Plain(
        "The treaty will probably be signed, possibly soon".into(),
    )];
    let mut out = Diagnostics::default();
    estimative_language(&b, &mut out);
    let m = messages(&out);
    assert!(
        m.contains(&"\"possibly\" is not an ICD 203 estimative term".to_string()),
        "{out}"
    );
    assert!(
        m.contains(
            &"the brief mixes \"likely\" and \"probably\", two ICD 203 terms for one band (55–80%)"
                .to_string()
        ),
        "{out}"
    );
}

#[test]
fn text_past_its_valid_until_warns() {
    let mut b = shipped("nato-azerbaijan");
    b.file.analysis.outlook[0] = AnalysisText::Marked(MarkedText {
        text: "The Summit will review it.".into(),
        classification: None,
        releasable_to: None,
        valid_until: Some(PartialDate::parse("2026").unwrap()),
    });
    let mut out = Diagnostics::default();
    validity(&b, day("2026-11-22"), &mut out);
    assert!(messages(&out).contains(
        &"analysis.outlook[0] may be out of date: it holds until 2026, and the brief is dated 22 November 2026".to_string()
    ), "{out}");
    let mut out = Diagnostics::default();
    validity(&b, day("2027-01-01"), &mut out);
    assert!(messages(&out).contains(
        &"analysis.outlook[0] is out of date: it holds until 2026, and the brief is dated 1 January 2027".to_string()
    ), "{out}");
    let mut out = Diagnostics::default();
    validity(&b, day("2025-12-31"), &mut out);
    assert!(out.is_empty());
}
