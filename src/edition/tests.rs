use super::*;
use serde_json::json;

fn version(ceiling: Classification) -> Version {
    Version {
        suffix: String::new(),
        ceiling,
        release_to: vec![Audience::parse("PUBLIC").unwrap()],
        portion_marks: None,
    }
}

fn record(kind: &str, id: &str, classification: Classification, fields: Json) -> Entry {
    Entry {
        kind: kind.into(),
        id: id.into(),
        label: format!("{kind} {id}"),
        classification,
        releasable_to: vec![Audience::parse("PUBLIC").unwrap()],
        fields: fields.as_object().cloned().unwrap(),
    }
}

fn snapshot(edition: &str, records: Vec<Entry>, analysis: Vec<AnalysisEntry>) -> Snapshot {
    Snapshot {
        snapshot: FORMAT,
        briefwright: "test".into(),
        brief: "b".into(),
        version: String::new(),
        edition: edition.into(),
        marking: "NATO UNCLASSIFIED".into(),
        records,
        analysis,
    }
}

const NU: Classification = Classification::NatoUnclassified;
const NS: Classification = Classification::NatoSecret;

fn threat(likelihood: &str) -> Entry {
    record(
        "threat",
        "t1",
        NU,
        json!({"title": "T", "assessment": {"likelihood": likelihood, "impact": "high"}}),
    )
}

#[test]
fn a_changed_likelihood_is_named_with_the_memos_words() {
    let old = snapshot("2026-11-15", vec![threat("likely")], vec![]);
    let new = snapshot("2026-11-22", vec![threat("very-likely")], vec![]);
    let c = compare(&old, &new, &version(NU), &[]);
    assert_eq!(c.count, 1);
    assert_eq!(c.since, "2026-11-15");
    let f = &c.changed[0].fields;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].field, "likelihood");
    assert_eq!(f[0].from.as_deref(), Some("likely"));
    assert_eq!(f[0].to.as_deref(), Some("very likely"));
    assert_eq!(f[0].text, "likelihood from likely to very likely");
}

#[test]
fn records_added_removed_and_new_list_items_are_found() {
    let visit = |outcomes: Json| {
        record(
            "visit",
            "v1",
            NU,
            json!({"place": "Baku", "outcomes": outcomes}),
        )
    };
    let programme = |status: &str| record("programme", "p1", NU, json!({"status": status}));
    let old = snapshot(
        "2026-11-15",
        vec![
            visit(json!(["a", "b"])),
            programme("active"),
            record("source", "s1", NU, json!({})),
        ],
        vec![],
    );
    let new = snapshot(
        "2026-11-22",
        vec![
            visit(json!(["b", "a", "c"])),
            programme("concluded"),
            record("visit", "v2", NU, json!({})),
        ],
        vec![],
    );
    let c = compare(&old, &new, &version(NU), &[]);
    assert_eq!(
        c.added.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["v2"]
    );
    assert_eq!(
        c.removed.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["s1"]
    );
    let texts: Vec<&str> = c
        .changed
        .iter()
        .flat_map(|r| r.fields.iter().map(|f| f.text.as_str()))
        .collect();
    // The reordered "a" and "b" are no change; "c" is.
    assert_eq!(
        texts,
        ["outcomes: added “c”", "status from active to concluded"]
    );
    assert_eq!(c.count, 4);
}

#[test]
fn nothing_changed_is_a_count_of_zero() {
    let s = snapshot("2026-11-15", vec![threat("likely")], vec![]);
    let c = compare(&s, &s, &version(NU), &[]);
    assert_eq!(c.count, 0);
    assert!(c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty());
}

/// Markings hold across editions: an old item above the version's ceiling is never shown,
/// and a record the version withholds now is not even said to be removed.
#[test]
fn changes_show_nothing_the_version_may_not_contain() {
    let secret = record("programme", "planted", NS, json!({"name": "PLANTED"}));
    let old = snapshot("2026-11-15", vec![secret.clone(), threat("likely")], vec![]);
    let new = snapshot("2026-11-22", vec![threat("likely")], vec![]);
    let c = compare(&old, &new, &version(NU), &[]);
    assert_eq!(c.count, 0, "{c:?}");

    // Shown last week, withheld this week (raised above the ceiling since).
    let public = record("programme", "raised", NU, json!({"name": "RAISED"}));
    let old = snapshot("2026-11-15", vec![public], vec![]);
    let new = snapshot("2026-11-22", vec![], vec![]);
    let c = compare(&old, &new, &version(NU), &[("programme", "raised")]);
    assert_eq!(c.count, 0, "{c:?}");
    let c = compare(&old, &new, &version(NU), &[]);
    assert_eq!(
        c.removed.len(),
        1,
        "without the withholding it is a removal"
    );

    // A secret analysis item of the old edition is not counted either.
    let judgement = |text: &str, classification| AnalysisEntry {
        part: "key_judgements".into(),
        text: text.into(),
        classification,
        releasable_to: vec![Audience::parse("PUBLIC").unwrap()],
    };
    let old = snapshot("2026-11-15", vec![], vec![judgement("secret", NS)]);
    let new = snapshot("2026-11-22", vec![], vec![judgement("new", NU)]);
    let c = compare(&old, &new, &version(NU), &[]);
    assert_eq!(c.analysis.len(), 1);
    assert_eq!(c.analysis[0].text, "Key judgements: 1 added.");
}

#[test]
fn a_changed_record_carries_the_higher_marking_of_its_two_editions() {
    let mut old = threat("likely");
    old.classification = Classification::NatoRestricted;
    let new = threat("very-likely");
    let c = compare(
        &snapshot("2026-11-15", vec![old], vec![]),
        &snapshot("2026-11-22", vec![new], vec![]),
        &version(Classification::NatoRestricted),
        &[],
    );
    assert_eq!(
        c.changed[0].marking.classification,
        Classification::NatoRestricted
    );
}

#[test]
fn a_snapshot_round_trips_and_a_bad_one_is_located() {
    let s = snapshot("2026-11-15", vec![threat("likely")], vec![]);
    let bytes = s.to_bytes();
    assert_eq!(Snapshot::parse(Path::new("s.json"), &bytes).unwrap(), s);

    let d = Snapshot::parse(
        Path::new("s.json"),
        b"{\n  \"snapshot\": 1,\n  \"brief\": 7\n}",
    )
    .unwrap_err();
    let d = &d.0[0];
    assert!(
        d.message
            .starts_with("not an edition snapshot: invalid type"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (Some(3), Some(12)));

    let mut future = s.clone();
    future.snapshot = 2;
    let d = Snapshot::parse(Path::new("s.json"), &future.to_bytes()).unwrap_err();
    assert_eq!(
        d.0[0].message,
        "snapshot format 2 (this briefwright reads format 1)"
    );
}

#[test]
fn the_previous_edition_is_the_newest_before_the_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let v = version(NU);
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    for d in ["2026-11-01", "2026-11-15", "2026-11-22", "2026-12-01"] {
        let p = path(dir.path(), "b", &v, day(d));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, d).unwrap();
    }
    let since = Since::Editions {
        out_dir: dir.path().into(),
        files: Vec::new(),
    };
    let found = |d: &str| {
        previous(&since, "b", &v, day(d))
            .unwrap()
            .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
    };
    // Re-running the 22nd compares with the 15th, as its first run did.
    assert_eq!(found("2026-11-22").as_deref(), Some("2026-11-15"));
    assert_eq!(found("2026-11-30").as_deref(), Some("2026-11-22"));
    assert_eq!(found("2026-11-01"), None);
    assert_eq!(
        previous(&Since::Nothing, "b", &v, day("2026-12-02")).unwrap(),
        None
    );
}
