//! Characters the PDF cannot print, found before layout and reported where they were written:
//! the data file and JSON path of a record's field, the brief's analysis, or the template's line
//! and column. (Layout still refuses any it meets, but only knows the paragraph.)

use crate::data::load::LoadedBrief;
use crate::data::positions::{item, member};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::fonts::{FontKind, FontSet};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// The characters of `text` the body face has no glyph for (control characters included, but
/// for the line breaks and tabs the Markdown is made of). Text in code spans is set in the mono
/// face, which covers less; the layout still checks that.
pub fn uncovered(text: &str) -> BTreeSet<char> {
    let fonts = FontSet::new();
    let mut seen = HashSet::new();
    text.chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\t') && seen.insert(*c))
        .filter(|c| c.is_control() || !fonts.covers(FontKind::Regular, *c))
        .collect()
}

fn listed(chars: &BTreeSet<char>) -> String {
    chars
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

const EXPECTED: &str =
    "text in the scripts Carlito and Liberation Mono cover (Latin, Greek, Cyrillic)";

/// Where each of `chars` was written: in the records `kept` (by id), the brief's analysis, and
/// the templates `templates` (path and text).
pub fn locate(
    brief: &LoadedBrief,
    kept: &HashSet<String>,
    templates: &[(std::path::PathBuf, String)],
    chars: &BTreeSet<char>,
) -> Diagnostics {
    let mut out = Diagnostics::default();
    let message = |found: &BTreeSet<char>| {
        format!(
            "no font shipped with briefwright has a glyph for {}",
            listed(found)
        )
    };
    let mut leaves = Vec::new();
    let records = records_json(brief);
    for (id, (file, at)) in &brief.origins {
        let Some(record) = records.get(id).filter(|_| kept.contains(id)) else {
            continue;
        };
        strings(record, at, &mut leaves);
        for (path, s) in leaves.drain(..) {
            let found: BTreeSet<char> = s.chars().filter(|c| chars.contains(c)).collect();
            if !found.is_empty() {
                out.push(
                    brief
                        .diag_at(*file, message(&found), &path)
                        .expected(EXPECTED),
                );
            }
        }
    }
    let analysis = serde_json::to_value(&brief.file.analysis).unwrap_or(Value::Null);
    strings(&analysis, "$.analysis", &mut leaves);
    for (path, s) in leaves.drain(..) {
        let found: BTreeSet<char> = s.chars().filter(|c| chars.contains(c)).collect();
        if !found.is_empty() {
            out.push(brief.diag_at(0, message(&found), &path).expected(EXPECTED));
        }
    }
    for (path, text) in templates {
        for (n, line) in text.lines().enumerate() {
            let found: BTreeSet<char> = line.chars().filter(|c| chars.contains(c)).collect();
            if let Some(col) = line.chars().position(|c| chars.contains(&c)) {
                out.push(
                    Diagnostic::new(message(&found))
                        .in_file(path)
                        .at(n + 1, col + 1)
                        .with_snippet(text)
                        .expected(EXPECTED),
                );
            }
        }
    }
    out.0
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    if out.is_empty() {
        // Printed but found nowhere we can point to (a helper's output): still an error.
        out.push(Diagnostic::new(message(chars)).expected(EXPECTED));
    }
    out
}

/// Every record as JSON, by id.
fn records_json(brief: &LoadedBrief) -> std::collections::HashMap<String, Value> {
    let d = &brief.data;
    [
        serde_json::to_value(&d.sources),
        serde_json::to_value(&d.visits),
        serde_json::to_value(&d.programmes),
        serde_json::to_value(&d.threats),
        serde_json::to_value(&d.terms),
    ]
    .into_iter()
    .filter_map(Result::ok)
    .filter_map(|v| v.as_array().cloned())
    .flatten()
    .filter_map(|r| Some((r["id"].as_str()?.to_string(), r)))
    .collect()
}

/// Every string of `v` with its JSON path under `at`.
fn strings(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((at.to_string(), s.clone())),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| strings(v, &item(at, i), out)),
        Value::Object(m) => m.iter().for_each(|(k, v)| strings(v, &member(at, k), out)),
        _ => {}
    }
}
