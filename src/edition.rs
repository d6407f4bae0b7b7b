//! Editions: what each build of a brief's version rendered, kept beside its outputs, and what
//! changed since the previous edition.
//!
//! A build writes `<out>/editions/<name><suffix>/<as-of>.json`: the snapshot of the records
//! and analysis the version kept (after withholding), each with its marking. The next build
//! into the same `--out` (or with `--since FILE`) compares the version's data with the newest
//! edition dated before its own as-of date, and gives templates `changes`. Re-running a date
//! overwrites that date's edition and compares with the same earlier one, so a re-run gives
//! the same memo.
//!
//! Markings hold across editions: an old item is shown only if its recorded marking fits the
//! version now, and a record the version withholds now is left out of the changes altogether,
//! whatever an old snapshot says of it. Every change carries the marking of what it shows, so
//! the banner and portion marks count it like any other printed record.

use crate::brief::{AnalysisText, BriefFile, Version};
use crate::data::date::PartialDate;
use crate::data::model::{
    Classification, Grading, Level, Likelihood, ProgrammeStatus, Record, Trend,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::marking::filter::{analysis_marking, reason, record_marking, Filtered};
use crate::marking::{Audience, Marking, Releasability};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The snapshot format this briefwright writes and reads.
const FORMAT: u32 = 1;

/// What one edition of a brief's version rendered.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    /// The snapshot format (1).
    pub snapshot: u32,
    pub briefwright: String,
    /// The brief's name (its file name without `.json`) and the version's suffix.
    pub brief: String,
    pub version: String,
    /// The edition's as-of date, YYYY-MM-DD.
    pub edition: String,
    /// The highest marking of what the snapshot holds, for whoever opens the file.
    pub marking: String,
    pub records: Vec<Entry>,
    pub analysis: Vec<AnalysisEntry>,
}

/// One record as the edition kept it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub kind: String,
    pub id: String,
    pub label: String,
    pub classification: Classification,
    pub releasable_to: Vec<Audience>,
    /// The record's fields, but its id and marking.
    pub fields: Map<String, Json>,
}

/// One piece of analysis as the edition kept it: `part` is `bluf`, `key_judgements`,
/// `context`, `outlook` or `watch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnalysisEntry {
    pub part: String,
    pub text: String,
    pub classification: Classification,
    pub releasable_to: Vec<Audience>,
}

impl Entry {
    fn marking(&self) -> Marking {
        Marking {
            classification: self.classification,
            releasable_to: Releasability::new(&self.releasable_to),
        }
    }
}

impl AnalysisEntry {
    fn marking(&self) -> Marking {
        Marking {
            classification: self.classification,
            releasable_to: Releasability::new(&self.releasable_to),
        }
    }
}

fn entry<R: Record + Serialize>(r: &R) -> Entry {
    let marking = record_marking(r);
    let mut fields = match serde_json::to_value(r) {
        Ok(Json::Object(m)) => m,
        _ => Map::new(),
    };
    for key in ["id", "classification", "releasable_to"] {
        fields.remove(key);
    }
    Entry {
        kind: R::KIND.into(),
        id: r.id().into(),
        label: r.label(),
        classification: marking.classification,
        releasable_to: marking.releasable_to.audiences().to_vec(),
        fields,
    }
}

impl Snapshot {
    /// The snapshot of what `filtered` kept for `version` on `as_of`.
    pub fn of(
        brief: &BriefFile,
        name: &str,
        version: &Version,
        as_of: NaiveDate,
        filtered: &Filtered,
    ) -> Snapshot {
        let d = &filtered.data;
        let mut records: Vec<Entry> = d.visits.iter().map(entry).collect();
        records.extend(d.programmes.iter().map(entry));
        records.extend(d.threats.iter().map(entry));
        records.extend(d.sources.iter().map(entry));
        // Terms are left out: a glossary entry added or reworded is not news to a reader.
        let a = &filtered.analysis;
        let mut analysis = Vec::new();
        let mut add = |part: &str, text: &str, marking: Marking| {
            if !text.trim().is_empty() {
                analysis.push(AnalysisEntry {
                    part: part.into(),
                    text: text.into(),
                    classification: marking.classification,
                    releasable_to: marking.releasable_to.audiences().to_vec(),
                });
            }
        };
        let texts =
            |t: &AnalysisText| analysis_marking(brief, t.classification(), t.releasable_to());
        add("bluf", a.bluf.text(), texts(&a.bluf));
        for j in &a.key_judgements {
            let m = analysis_marking(brief, j.classification, j.releasable_to.as_deref());
            add("key_judgements", &j.text, m);
        }
        for (part, list) in [
            ("context", &a.context),
            ("outlook", &a.outlook),
            ("watch", &a.watch),
        ] {
            for t in list {
                add(part, t.text(), texts(t));
            }
        }
        let highest = records
            .iter()
            .map(|r| r.classification)
            .chain(analysis.iter().map(|a| a.classification))
            .max()
            .unwrap_or(brief.classification)
            .max(brief.classification);
        Snapshot {
            snapshot: FORMAT,
            briefwright: env!("CARGO_PKG_VERSION").into(),
            brief: name.into(),
            version: version.suffix.clone(),
            edition: as_of.format("%Y-%m-%d").to_string(),
            marking: highest.label().into(),
            records,
            analysis,
        }
    }

    /// The snapshot as written: pretty JSON, one trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a snapshot file's bytes; a problem names the file, line and column.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Snapshot, Diagnostics> {
        let expected = "an edition snapshot written by briefwright \
                        (<out>/editions/<brief>/<date>.json)";
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Diagnostic::new(format!("not UTF-8 text: {e}"))
                .in_file(path)
                .expected(expected)
        })?;
        let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            Diagnostic::new(format!("not an edition snapshot: {message}"))
                .in_file(path)
                .at(e.line().max(1), e.column().max(1))
                .with_snippet(text)
                .expected(expected)
        })?;
        if snapshot.snapshot != FORMAT {
            return Err(Diagnostic::new(format!(
                "snapshot format {} (this briefwright reads format {FORMAT})",
                snapshot.snapshot
            ))
            .in_file(path)
            .path("$.snapshot")
            .expected("a snapshot written by this version of briefwright")
            .into());
        }
        if NaiveDate::parse_from_str(&snapshot.edition, "%Y-%m-%d").is_err() {
            return Err(Diagnostic::new(format!(
                "the edition date {:?} is not a date",
                snapshot.edition
            ))
            .in_file(path)
            .path("$.edition")
            .expected("YYYY-MM-DD")
            .into());
        }
        Ok(snapshot)
    }

    fn edition_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.edition, "%Y-%m-%d").unwrap_or_default()
    }
}

/// Where a version's editions are kept: `<out>/editions/<name><suffix>/`.
pub fn folder(out_dir: &Path, name: &str, version: &Version) -> PathBuf {
    out_dir
        .join("editions")
        .join(format!("{name}{}", version.suffix))
}

/// The file of the edition dated `as_of`.
pub fn path(out_dir: &Path, name: &str, version: &Version, as_of: NaiveDate) -> PathBuf {
    folder(out_dir, name, version).join(format!("{}.json", as_of.format("%Y-%m-%d")))
}

/// What a version is compared with.
#[derive(Debug, Clone, Default)]
pub enum Since {
    /// Nothing: no changes (`check`).
    #[default]
    Nothing,
    /// The newest edition in the output folder dated before the as-of date, or, for a
    /// version one of `files` is a snapshot of, that file (`--since`).
    Editions {
        out_dir: PathBuf,
        files: Vec<(PathBuf, Vec<u8>)>,
    },
}

/// The previous edition of a version, as (file, bytes), if there is one.
pub fn previous(
    since: &Since,
    name: &str,
    version: &Version,
    as_of: NaiveDate,
) -> Result<Option<(PathBuf, Vec<u8>)>, Diagnostics> {
    let Since::Editions { out_dir, files } = since else {
        return Ok(None);
    };
    for (path, bytes) in files {
        let s = Snapshot::parse(path, bytes)?;
        if s.brief == name && s.version == version.suffix {
            return Ok(Some((path.clone(), bytes.clone())));
        }
    }
    let Ok(entries) = std::fs::read_dir(folder(out_dir, name, version)) else {
        return Ok(None);
    };
    let newest = entries
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let date = p.file_stem()?.to_str()?;
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            (p.extension()? == "json" && date < as_of).then_some((date, p))
        })
        .max();
    match newest {
        None => Ok(None),
        Some((_, p)) => match std::fs::read(&p) {
            Ok(bytes) => Ok(Some((p, bytes))),
            Err(e) => Err(
                Diagnostic::new(format!("cannot read the previous edition: {e}"))
                    .in_file(&p)
                    .expected("a readable snapshot, or none (delete it to start the history again)")
                    .into(),
            ),
        },
    }
}

/// One field of a record that changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    /// The field as a reader names it: `likelihood`, `status`, `outcomes`, `visitor title`.
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// For lists: the items added and removed.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The change in words: `likelihood from likely to very likely`, `outcomes: added “…”`.
    pub text: String,
}

/// A record added, removed or changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecordChange {
    pub kind: String,
    pub id: String,
    pub label: String,
    /// For a changed record: its fields that changed.
    pub fields: Vec<FieldChange>,
    /// The marking of what the change shows (both editions' for a changed record).
    #[serde(skip)]
    pub marking: Marking,
}

/// A part of the analysis that changed: `key judgements: 1 added, 1 removed`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnalysisChange {
    pub part: String,
    pub added: usize,
    pub removed: usize,
    pub text: String,
    #[serde(skip)]
    pub marking: Marking,
}

/// What changed since the previous edition.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Changes {
    /// The previous edition's date, YYYY-MM-DD.
    pub since: String,
    pub added: Vec<RecordChange>,
    pub removed: Vec<RecordChange>,
    pub changed: Vec<RecordChange>,
    pub analysis: Vec<AnalysisChange>,
    /// How many changes in all: 0 when nothing changed.
    pub count: usize,
}

/// The higher of two markings: the higher classification, the audiences both may go to.
fn join(a: &Marking, b: &Marking) -> Marking {
    Marking {
        classification: a.classification.max(b.classification),
        releasable_to: a.releasable_to.intersect(&b.releasable_to),
    }
}

/// What changed from `old` to `new` for `version`. `withheld_now` holds the (kind, id) of
/// records the version withholds today: they are left out, whatever `old` says of them. An
/// item of `old` whose recorded marking does not fit the version is treated as never shown.
pub fn compare(
    old: &Snapshot,
    new: &Snapshot,
    version: &Version,
    withheld_now: &[(&str, &str)],
) -> Changes {
    let fits = |m: &Marking| reason(m, version).is_none();
    let shown_before: Vec<&Entry> = old
        .records
        .iter()
        .filter(|r| fits(&r.marking()) && !withheld_now.contains(&(r.kind.as_str(), r.id.as_str())))
        .collect();
    fn find<'a>(list: &[&'a Entry], r: &Entry) -> Option<&'a Entry> {
        list.iter()
            .find(|o| o.kind == r.kind && o.id == r.id)
            .copied()
    }
    let new_records: Vec<&Entry> = new.records.iter().collect();
    let change = |r: &Entry, fields: Vec<FieldChange>, marking: Marking| RecordChange {
        kind: r.kind.clone(),
        id: r.id.clone(),
        label: r.label.clone(),
        fields,
        marking,
    };
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for r in &new.records {
        match find(&shown_before, r) {
            None => added.push(change(r, Vec::new(), r.marking())),
            Some(o) => {
                let fields = field_changes(&o.fields, &r.fields);
                if !fields.is_empty() {
                    changed.push(change(r, fields, join(&o.marking(), &r.marking())));
                }
            }
        }
    }
    let removed: Vec<RecordChange> = shown_before
        .iter()
        .filter(|o| find(&new_records, o).is_none())
        .map(|o| change(o, Vec::new(), o.marking()))
        .collect();
    let mut analysis = Vec::new();
    for (part, name) in [
        ("bluf", "bottom line"),
        ("key_judgements", "key judgements"),
        ("context", "context"),
        ("outlook", "outlook"),
        ("watch", "what to watch"),
    ] {
        let before: Vec<&AnalysisEntry> = old
            .analysis
            .iter()
            .filter(|a| a.part == part && fits(&a.marking()))
            .collect();
        let now: Vec<&AnalysisEntry> = new.analysis.iter().filter(|a| a.part == part).collect();
        let gone: Vec<&&AnalysisEntry> = before
            .iter()
            .filter(|b| !now.iter().any(|n| n.text == b.text))
            .collect();
        let came: Vec<&&AnalysisEntry> = now
            .iter()
            .filter(|n| !before.iter().any(|b| b.text == n.text))
            .collect();
        if gone.is_empty() && came.is_empty() {
            continue;
        }
        let Some(marking) = gone
            .iter()
            .chain(&came)
            .map(|a| a.marking())
            .reduce(|a, b| join(&a, &b))
        else {
            continue;
        };
        let text = if part == "bluf" {
            "The bottom line was revised.".to_string()
        } else {
            let mut counts = Vec::new();
            if !came.is_empty() {
                counts.push(format!("{} added", came.len()));
            }
            if !gone.is_empty() {
                counts.push(format!("{} removed", gone.len()));
            }
            let name = name[..1].to_uppercase() + &name[1..];
            format!("{name}: {}.", counts.join(", "))
        };
        analysis.push(AnalysisChange {
            part: part.into(),
            added: came.len(),
            removed: gone.len(),
            text,
            marking,
        });
    }
    let count = added.len() + removed.len() + changed.len() + analysis.len();
    Changes {
        since: old.edition.clone(),
        added,
        removed,
        changed,
        analysis,
        count,
    }
}

/// The fields that differ, nested objects (a threat's `assessment`) field by field, lists item
/// by item.
fn field_changes(old: &Map<String, Json>, new: &Map<String, Json>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_objects(&[], old, new, &mut out);
    out
}

fn diff_objects(
    at: &[&str],
    old: &Map<String, Json>,
    new: &Map<String, Json>,
    out: &mut Vec<FieldChange>,
) {
    let keys = new
        .keys()
        .chain(old.keys().filter(|k| !new.contains_key(*k)));
    for key in keys {
        let (o, n) = (
            old.get(key).unwrap_or(&Json::Null),
            new.get(key).unwrap_or(&Json::Null),
        );
        if o == n {
            continue;
        }
        let mut path = at.to_vec();
        path.push(key);
        match (o, n) {
            (Json::Object(o), Json::Object(n)) if key != "grading" => {
                diff_objects(&path, o, n, out)
            }
            _ => {
                if let Some(c) = field_change(&path, o, n) {
                    out.push(c);
                }
            }
        }
    }
}

/// A field as a reader names it: the last key, with its parent for a person's fields
/// (`visitor title`), never the assessment's (`likelihood`).
fn field_name(path: &[&str]) -> String {
    let name = match path {
        [.., parent, leaf] if *parent != "assessment" => format!("{parent} {leaf}"),
        [.., leaf] => (*leaf).to_string(),
        [] => String::new(),
    };
    name.replace('_', " ")
}

fn field_change(path: &[&str], old: &Json, new: &Json) -> Option<FieldChange> {
    let leaf = path.last().copied().unwrap_or("");
    let field = field_name(path);
    if let (Json::Array(_) | Json::Null, Json::Array(_) | Json::Null) = (old, new) {
        let items = |v: &Json| -> Vec<String> {
            v.as_array()
                .map(|a| a.iter().filter_map(|i| show(leaf, i)).collect())
                .unwrap_or_default()
        };
        let (before, now) = (items(old), items(new));
        let added: Vec<String> = now
            .iter()
            .filter(|i| !before.contains(i))
            .cloned()
            .collect();
        let removed: Vec<String> = before
            .iter()
            .filter(|i| !now.contains(i))
            .cloned()
            .collect();
        if added.is_empty() && removed.is_empty() {
            return None; // only the order changed
        }
        let quoted = |list: &[String]| {
            list.iter()
                .map(|i| format!("“{i}”"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", quoted(&added)));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", quoted(&removed)));
        }
        return Some(FieldChange {
            text: format!("{field}: {}", parts.join("; ")),
            field,
            from: None,
            to: None,
            added,
            removed,
        });
    }
    let (from, to) = (show(leaf, old), show(leaf, new));
    if from == to {
        return None;
    }
    let text = match (&from, &to) {
        (Some(f), Some(t)) => format!("{field} from {f} to {t}"),
        (None, Some(t)) => format!("{field} now {t}"),
        (Some(f), None) => format!("{field} no longer given (was {f})"),
        (None, None) => return None,
    };
    Some(FieldChange {
        field,
        from,
        to,
        added: Vec::new(),
        removed: Vec::new(),
        text,
    })
}

/// A value as the memo prints it: the model's labels for its enums, dates at their precision,
/// a person as `name, title`, a quotation as `“text” — speaker`.
fn show(field: &str, v: &Json) -> Option<String> {
    fn typed<T: serde::de::DeserializeOwned>(v: &Json) -> Option<T> {
        serde_json::from_value(v.clone()).ok()
    }
    let label = match field {
        "likelihood" => typed::<Likelihood>(v).map(|l| l.term().to_string()),
        "impact" | "confidence" => typed::<Level>(v).map(|l| l.label().to_lowercase()),
        "trend" => typed::<Trend>(v).map(|t| t.label().to_lowercase()),
        "status" => typed::<ProgrammeStatus>(v).map(|s| s.label().to_lowercase()),
        "start" | "end" | "since" | "until" | "date" => v
            .as_str()
            .and_then(|s| PartialDate::parse(s).ok())
            .map(|d| d.long()),
        "grading" => {
            typed::<Grading>(v).map(|g| format!("{}{}", g.reliability.letter(), g.credibility))
        }
        _ => None,
    };
    if label.is_some() {
        return label;
    }
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
        Json::Number(n) => Some(n.to_string()),
        Json::Object(m) => {
            let s = |k: &str| m.get(k).and_then(Json::as_str);
            if let (Some(text), Some(speaker)) = (s("text"), s("speaker")) {
                return Some(format!("“{text}” — {speaker}"));
            }
            let parts: Vec<String> = m.iter().filter_map(|(k, v)| show(k, v)).collect();
            Some(parts.join(", "))
        }
        Json::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| show(field, i))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// The highest marking a snapshot holds, its own recorded one included.
fn highest(s: &Snapshot) -> Classification {
    let recorded = serde_json::from_value(Json::String(s.marking.clone()))
        .unwrap_or(Classification::NatoUnclassified);
    s.records
        .iter()
        .map(|r| r.classification)
        .chain(s.analysis.iter().map(|a| a.classification))
        .fold(recorded, Classification::max)
}

impl Changes {
    /// The changes for a terminal (`briefwright diff`): a heading, then one line per change.
    pub fn terminal(&self, old: &Snapshot, new: &Snapshot) -> String {
        let mut out = String::new();
        let banner = highest(old).max(highest(new));
        let _ = writeln!(out, "{}", banner.label());
        let long = |s: &Snapshot| s.edition_date().format("%-d %B %Y").to_string();
        let _ = writeln!(
            out,
            "{}{}: {} since {} (edition of {})",
            new.brief,
            new.version,
            match self.count {
                0 => "no changes".to_string(),
                1 => "1 change".to_string(),
                n => format!("{n} changes"),
            },
            long(old),
            long(new),
        );
        for r in &self.added {
            let _ = writeln!(out, "  + {} {}: {}", r.kind, r.id, r.label);
        }
        for r in &self.removed {
            let _ = writeln!(out, "  - {} {}: {}", r.kind, r.id, r.label);
        }
        for r in &self.changed {
            let _ = writeln!(out, "  ~ {} {}: {}", r.kind, r.id, r.label);
            for f in &r.fields {
                let _ = writeln!(out, "      {}", f.text);
            }
        }
        for a in &self.analysis {
            let _ = writeln!(out, "  ~ analysis: {}", a.text);
        }
        out
    }
}

#[cfg(test)]
mod tests;
