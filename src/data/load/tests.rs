use super::*;
use std::fs;

const SOURCES: &str = r#"{
  "classification": "NATO UNCLASSIFIED",
  "sources": [
    {
      "id": "s1",
      "classification": "NATO UNCLASSIFIED",
      "kind": "news-article",
      "label": "A news article",
      "archive": "seed-1.txt",
      "grading": { "reliability": "B", "credibility": 2 }
    }
  ]
}
"#;

const VISITS: &str = r#"{
  "classification": "NATO UNCLASSIFIED",
  "visits": [
    {
      "id": "v1",
      "classification": "NATO UNCLASSIFIED",
      "visitor": { "name": "Ann Example", "title": "Envoy" },
      "place": "Baku",
      "start": "2024-03",
      "sources": ["s1"]
    }
  ]
}
"#;

fn brief(extra: &str) -> String {
    format!(
        r#"{{
  "title": "T",
  "subject": "S",
  "reference": "R",
  "classification": "NATO UNCLASSIFIED",
  "release_to": ["PUBLIC"],
  "audience": "A",
  "prepared_by": "P",
  "template": "t.md.hbs",
  "data": ["sources.json", "visits.json"]{extra}
}}
"#
    )
}

/// Writes the files into a temporary folder and loads `brief.json`.
fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<LoadedBrief, Diagnostics>) {
    let dir = tempfile::tempdir().unwrap();
    let defaults = [("sources.json", SOURCES), ("visits.json", VISITS)];
    for (name, text) in defaults.iter().chain(files) {
        fs::write(dir.path().join(name), text).unwrap();
    }
    if !files.iter().any(|(n, _)| *n == "brief.json") {
        fs::write(dir.path().join("brief.json"), brief("")).unwrap();
    }
    let result = load_brief(&dir.path().join("brief.json"), false);
    (dir, result)
}

/// The diagnostics with the temporary folder's path cut off, for exact comparison.
fn errors(dir: &tempfile::TempDir, result: Result<LoadedBrief, Diagnostics>) -> String {
    let text = result.expect_err("the input is bad").to_string();
    text.replace(&format!("{}/", dir.path().display()), "")
}

#[test]
fn loads_a_good_brief_and_merges_its_data() {
    let (_dir, result) = load(&[]);
    let brief = result.unwrap();
    assert_eq!(brief.name, "brief");
    assert_eq!(brief.data.sources.len(), 1);
    assert_eq!(brief.data.visits[0].visitor.name, "Ann Example");
}

#[test]
fn malformed_json_names_line_and_column() {
    let bad = VISITS.replace("\"place\": \"Baku\",", "\"place\": \"Baku\"");
    let (dir, result) = load(&[("visits.json", &bad)]);
    assert_eq!(
        errors(&dir, result),
        "error: invalid JSON: expected `,` or `}`\n  --> visits.json:9:7\n    |\n  9 |       \"start\": \"2024-03\",\n    |       ^\n   = expected: valid JSON (RFC 8259)\n"
    );
}

#[test]
fn every_schema_problem_is_reported_at_once() {
    let bad = VISITS
        .replace("\"place\": \"Baku\",", "\"place\": 7, \"colour\": \"red\",")
        .replace("\"title\": \"Envoy\" ", "\"titel\": \"Envoy\" ")
        .replace("\"2024-03\"", "\"March 2024\"");
    let (dir, result) = load(&[("visits.json", &bad)]);
    let text = errors(&dir, result);
    assert!(
        text.contains("error: unknown field \"colour\"\n  --> visits.json:8:19"),
        "{text}"
    );
    assert!(
        text.contains("error: wrong type: found 7\n  --> visits.json:8:16"),
        "{text}"
    );
    assert!(
        text.contains("   = at: $.visits[0].place\n   = expected: a value of type string"),
        "{text}"
    );
    assert!(
        text.contains("error: missing field \"title\"\n  --> visits.json:7:18"),
        "{text}"
    );
    assert!(
        text.contains("error: unknown field \"titel\"\n  --> visits.json:7:43"),
        "{text}"
    );
    assert!(
        text.contains(
            "= expected: one of the fields \"name\", \"organisation\", \"scheduled\", \"title\""
        ),
        "{text}"
    );
    assert!(
        text.contains("error: invalid value \"March 2024\"\n  --> visits.json:9:16"),
        "{text}"
    );
    assert!(
        text.contains(
            "   = expected: A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD"
        ),
        "{text}"
    );
    assert_eq!(text.matches("error:").count(), 5, "{text}");
}

#[test]
fn an_unknown_enumeration_value_lists_the_choices() {
    let bad = SOURCES.replace("\"news-article\"", "\"blog\"");
    let (dir, result) = load(&[("sources.json", &bad)]);
    let text = errors(&dir, result);
    assert!(
        text.starts_with("error: unknown value \"blog\"\n  --> sources.json:7:15"),
        "{text}"
    );
    assert!(
        text.contains("   = expected: one of \"news-article\", \"interview\", \"press-release\""),
        "{text}"
    );
}

#[test]
fn an_impossible_date_is_caught_after_the_schema() {
    let bad = VISITS.replace("\"2024-03\"", "\"2024-02-30\"");
    let (dir, result) = load(&[("visits.json", &bad)]);
    let text = errors(&dir, result);
    assert!(text.contains("--> visits.json:9:16"), "{text}");
    assert!(text.contains("= at: $.visits[0].start"), "{text}");
    assert!(
        text.contains("error: invalid date \"2024-02-30\": no such day in the calendar"),
        "{text}"
    );
    assert!(
        text.contains("= expected: a calendar date written YYYY, YYYY-MM or YYYY-MM-DD"),
        "{text}"
    );
}

#[test]
fn unknown_source_ids_and_focus_are_reported_together() {
    let bad = VISITS.replace("[\"s1\"]", "[\"s1\", \"s9\"]");
    let brief = brief(",\n  \"focus\": \"v2\"");
    let (dir, result) = load(&[("visits.json", &bad), ("brief.json", &brief)]);
    assert_eq!(
        errors(&dir, result),
        "error: unknown source id \"s9\"\n  --> visits.json:10:25\n     |\n  10 |       \"sources\": [\"s1\", \"s9\"]\n     |                         ^\n   = at: $.visits[0].sources[1]\n   = expected: one of the source ids: s1\n\nerror: focus names no record: \"v2\"\n  --> brief.json:11:12\n     |\n  11 |   \"focus\": \"v2\"\n     |            ^\n   = at: $.focus\n   = expected: the id of a visit, programme or threat in the brief's data\n"
    );
}

#[test]
fn a_missing_data_file_is_named_at_its_entry() {
    let brief = brief("").replace("\"visits.json\"", "\"visit.json\"");
    let (dir, result) = load(&[("brief.json", &brief)]);
    let text = errors(&dir, result);
    assert!(text.starts_with("error: data file not found: "), "{text}");
    assert!(
        text.contains("visit.json\n  --> brief.json:10:28"),
        "{text}"
    );
    assert!(text.contains("= at: $.data[1]"), "{text}");
}

#[test]
fn duplicate_ids_point_at_the_first_use() {
    let bad = VISITS.replace("\"sources\": [\"s1\"]\n    }", "\"sources\": [\"s1\"]\n    },\n    {\"id\": \"v1\", \"classification\": \"NATO UNCLASSIFIED\", \"visitor\": {\"name\": \"B\", \"title\": \"C\"}, \"place\": \"Baku\", \"start\": \"2024\", \"sources\": [\"s1\"]}");
    let (dir, result) = load(&[("visits.json", &bad)]);
    let text = errors(&dir, result);
    assert!(
        text.starts_with("error: duplicate record id \"v1\"\n  --> visits.json:12:12"),
        "{text}"
    );
    assert!(text.contains("(first at "), "{text}");
    assert!(text.contains("visits.json:5:13)"), "{text}");
}

#[test]
fn a_term_must_cite_a_known_source_and_not_reuse_a_records_id() {
    let terms = r#"{
  "classification": "NATO UNCLASSIFIED",
  "terms": [
    {
      "id": "purl",
      "classification": "NATO UNCLASSIFIED",
      "abbreviation": "PURL",
      "expansion": "Prioritised Ukraine Requirements List",
      "sources": ["s7"]
    },
    {
      "id": "v1",
      "classification": "NATO UNCLASSIFIED",
      "abbreviation": "V",
      "expansion": "Visit",
      "sources": ["s1"]
    }
  ]
}
"#;
    let brief = brief("").replace("\"visits.json\"]", "\"visits.json\", \"terms.json\"]");
    let (dir, result) = load(&[("terms.json", terms), ("brief.json", &brief)]);
    let text = errors(&dir, result);
    assert!(
        text.contains("error: duplicate record id \"v1\"\n  --> terms.json:12:13\n"),
        "{text}"
    );
    assert!(
        text.contains("= expected: an id no other visit, programme, threat or term uses (first at visits.json:5:13)"),
        "{text}"
    );
    assert!(
        text.contains("error: unknown source id \"s7\"\n  --> terms.json:9:19\n    |\n  9 |       \"sources\": [\"s7\"]\n    |                   ^\n   = at: $.terms[0].sources[0]\n   = expected: one of the source ids: s1\n"),
        "{text}"
    );
    // A brief is never about a term.
    let good = terms
        .replace("\"id\": \"v1\"", "\"id\": \"t2\"")
        .replace("[\"s7\"]", "[\"s1\"]");
    let focused = brief.replace("\"terms.json\"]", "\"terms.json\"],\n  \"focus\": \"purl\"");
    let (dir, result) = load(&[("terms.json", &good), ("brief.json", &focused)]);
    let text = errors(&dir, result);
    assert!(
        text.starts_with("error: focus names no record: \"purl\""),
        "{text}"
    );
    // An empty expansion is refused by the schema.
    let empty = terms.replace("\"Visit\"", "\"\"");
    let (dir, result) = load(&[("terms.json", &empty), ("brief.json", &brief)]);
    let text = errors(&dir, result);
    assert!(text.contains("= at: $.terms[1].expansion"), "{text}");
}
