//! Loading briefs and data files: JSON syntax, schema, dates and cross-references, with every
//! problem reported at its file, line, column and JSON path.
//!
//! Each file goes through three passes, so one run reports everything a curator must fix:
//! serde_json for syntax (which stops at the first error, as any parser must), the JSON Schema
//! generated from the Rust types for every structural problem at once, and serde for what a
//! schema cannot say (a 30 February). Cross-references are checked once every file has loaded.

use super::model::DataFile;
use super::positions::{item, member, Positions};
use super::schema::{schema, SchemaKind};
use super::Dataset;
use crate::brief::BriefFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::{read_text, Scope, EXPECTED_INSIDE, JSON_LIMIT};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A brief with its data loaded and validated.
#[derive(Debug, Clone)]
pub struct LoadedBrief {
    /// The file name without `.json`: outputs are written as `<name>.<ext>`.
    pub name: String,
    pub path: PathBuf,
    pub file: BriefFile,
    pub data: Dataset,
    /// The texts read: the brief first, then each data file, so that later checks (the analytic
    /// warnings) can point into them.
    pub texts: Vec<(PathBuf, String)>,
    /// Where each record sits: its id → (index into `texts`, JSON path of the record).
    pub origins: HashMap<String, (usize, String)>,
    /// Where the brief may read templates and partials from.
    pub scope: Scope,
}

impl LoadedBrief {
    /// Resolves a path the brief names relative to the brief file's folder.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        resolve(&self.path, relative)
    }

    /// A diagnostic at `json_path` in the brief file.
    pub fn brief_diag(&self, message: impl Into<String>, json_path: &str) -> Diagnostic {
        self.diag_at(0, message, json_path)
    }

    /// A diagnostic at the record `id`, or at `field` inside it.
    pub fn record_diag(&self, message: impl Into<String>, id: &str, field: &str) -> Diagnostic {
        match self.origins.get(id) {
            Some((file, at)) => {
                let at = if field.is_empty() {
                    at.clone()
                } else {
                    member(at, field)
                };
                self.diag_at(*file, message, &at)
            }
            None => Diagnostic::new(message),
        }
    }

    /// A diagnostic at `json_path` in `texts[file]` (0 is the brief).
    pub fn diag_at(&self, file: usize, message: impl Into<String>, json_path: &str) -> Diagnostic {
        let (path, text) = &self.texts[file];
        let pos = Positions::index(text).value(json_path);
        Diagnostic::new(message)
            .in_file(path)
            .at(pos.line, pos.column)
            .with_snippet(text)
            .path(json_path)
    }
}

fn resolve(brief: &Path, relative: &str) -> PathBuf {
    brief.parent().unwrap_or(Path::new(".")).join(relative)
}

/// A file that parsed, with what is needed to point into it.
struct Parsed<T> {
    path: PathBuf,
    text: String,
    /// Where each JSON path sits in the text: indexed on the first diagnostic only, because a
    /// valid file never needs it and indexing costs as much as parsing.
    positions: OnceCell<Positions>,
    value: T,
}

impl<T> Parsed<T> {
    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions::index(&self.text))
    }

    /// A diagnostic at the value (or, with `key`, the member name) at `json_path`.
    fn diag(&self, message: impl Into<String>, json_path: &str, key: bool) -> Diagnostic {
        let pos = if key {
            self.positions().key(json_path)
        } else {
            self.positions().value(json_path)
        };
        Diagnostic::new(message)
            .in_file(&self.path)
            .at(pos.line, pos.column)
            .with_snippet(&self.text)
            .path(json_path)
    }
}

/// Loads and validates a brief and every data file it names, which must lie inside the
/// brief's folder unless `anywhere`.
pub fn load_brief(path: &Path, anywhere: bool) -> Result<LoadedBrief, Diagnostics> {
    let brief: Parsed<BriefFile> = parse_file(path, SchemaKind::Brief)?;
    let scope = Scope::for_brief(path, anywhere);
    let mut diags = Diagnostics::default();
    let named = [
        ("$.template", Some(&brief.value.template)),
        ("$.theme", brief.value.theme.as_ref()),
    ];
    for (at, rel) in named {
        if let Some(Err(m)) = rel.map(|r| scope.check(&resolve(path, r))) {
            diags.push(brief.diag(m, at, false).expected(EXPECTED_INSIDE));
        }
    }
    let mut files = Vec::new();
    for (i, rel) in brief.value.data.iter().enumerate() {
        let data_path = resolve(path, rel);
        if let Err(m) = scope.check(&data_path) {
            diags.push(
                brief
                    .diag(m, &item("$.data", i), false)
                    .expected(EXPECTED_INSIDE),
            );
            continue;
        }
        if !data_path.exists() {
            diags.push(
                brief
                    .diag(
                        format!("data file not found: {}", data_path.display()),
                        &item("$.data", i),
                        false,
                    )
                    .expected("a data file path relative to the brief file"),
            );
            continue;
        }
        match parse_file::<DataFile>(&data_path, SchemaKind::Data) {
            Ok(parsed) => files.push(parsed),
            Err(e) => diags.extend(e),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    diags.extend(check_references(&brief, &files));
    diags.extend(markings::check(&brief, &files));
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut texts = vec![(brief.path.clone(), brief.text.clone())];
    let mut origins = HashMap::new();
    let mut data = Dataset::default();
    for f in files {
        let index = texts.len();
        let records = f
            .value
            .sources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), item("$.sources", i)))
            .chain(
                f.value
                    .visits
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.clone(), item("$.visits", i))),
            )
            .chain(
                f.value
                    .programmes
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.clone(), item("$.programmes", i))),
            )
            .chain(
                f.value
                    .threats
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.clone(), item("$.threats", i))),
            )
            .chain(
                f.value
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.clone(), item("$.terms", i))),
            );
        for (id, at) in records {
            origins.insert(id, (index, at));
        }
        texts.push((f.path.clone(), f.text.clone()));
        // Each record carries its effective releasability from here on, so what a file says
        // for all its records survives the merge.
        let mut v = f.value;
        let default = v.releasable_to.take();
        let resolve = |own: &mut Option<Vec<crate::marking::Audience>>| {
            let r = markings::effective(own.as_deref(), default.as_deref());
            *own = Some(r.audiences().to_vec());
        };
        v.sources
            .iter_mut()
            .for_each(|r| resolve(&mut r.releasable_to));
        v.visits
            .iter_mut()
            .for_each(|r| resolve(&mut r.releasable_to));
        v.programmes
            .iter_mut()
            .for_each(|r| resolve(&mut r.releasable_to));
        v.threats
            .iter_mut()
            .for_each(|r| resolve(&mut r.releasable_to));
        v.terms
            .iter_mut()
            .for_each(|r| resolve(&mut r.releasable_to));
        data.sources.extend(v.sources);
        data.visits.extend(v.visits);
        data.programmes.extend(v.programmes);
        data.threats.extend(v.threats);
        data.terms.extend(v.terms);
    }
    Ok(LoadedBrief {
        name: crate::brief::brief_name(path),
        path: path.to_path_buf(),
        file: brief.value,
        data,
        texts,
        origins,
        scope,
    })
}

/// Reads, parses, schema-checks and deserialises one file.
fn parse_file<T: DeserializeOwned>(
    path: &Path,
    kind: SchemaKind,
) -> Result<Parsed<T>, Diagnostics> {
    let what = format!("{} file", describe(kind));
    let text = read_text(path, &what, JSON_LIMIT)?;
    let value = parse_json(path, &text)?;
    if let Some((c, at)) = crate::marking::trace::reserved_in(&value, "$") {
        let positions = Positions::index(&text);
        let pos = positions.value(&at);
        return Err(Diagnostic::new(format!(
            "the text contains U+{:04X}, a character briefwright reserves for tracing markings",
            c as u32
        ))
        .in_file(path)
        .at(pos.line, pos.column)
        .with_snippet(&text)
        .path(at)
        .expected("text without characters U+F0000 to U+F001F")
        .into());
    }
    let mut parsed = Parsed {
        path: path.to_path_buf(),
        positions: OnceCell::new(),
        text,
        value,
    };
    let problems = schema_problems(&parsed, kind);
    if !problems.is_empty() {
        return Err(problems);
    }
    let value = std::mem::take(&mut parsed.value);
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(typed) => Ok(Parsed {
            path: parsed.path,
            text: parsed.text,
            positions: parsed.positions,
            value: typed,
        }),
        Err(e) => {
            let json_path = serde_path(e.path());
            let message = e.inner().to_string();
            // The schema has passed, so what serde still refuses is a value's meaning: today
            // only dates (`PartialDate`) check more than their shape.
            let expected = if message.starts_with("invalid date") {
                "a calendar date written YYYY, YYYY-MM or YYYY-MM-DD, \
                 or an interval EARLIEST/LATEST of two such dates"
                    .to_string()
            } else if message.starts_with("unknown audience code") {
                crate::marking::audience::EXPECTED_AUDIENCE.to_string()
            } else {
                format!("a valid {} file", describe(kind))
            };
            Err(parsed
                .diag(message, &json_path, false)
                .expected(expected)
                .into())
        }
    }
}

fn describe(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Brief => "brief",
        _ => "data",
    }
}

/// Parses JSON text, reporting a syntax error at its line and column with the line quoted. A key
/// given twice in one object is an error too: serde_json would keep the last silently, and a
/// curator who wrote two values meant one of them.
pub fn parse_json(path: &Path, text: &str) -> Result<Value, Diagnostics> {
    serde_json::from_str::<UniqueKeys>(text)
        .and_then(|_| serde_json::from_str(text))
        .map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            Diagnostic::new(format!("invalid JSON: {message}"))
                .in_file(path)
                .at(e.line(), e.column().max(1))
                .with_snippet(text)
                .expected(if message.starts_with("duplicate key") {
                    "each key at most once in an object"
                } else {
                    "valid JSON (RFC 8259)"
                })
                .into()
        })
}

/// A JSON value read only to check that no object repeats a key.
struct UniqueKeys;

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueKeysVisitor)
    }
}

struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("duplicate key {key:?}")));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
}

/// Converts serde_path_to_error's path to ours (`$.visits[0].start`).
pub fn serde_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = "$".to_string();
    for seg in path.iter() {
        out = match seg {
            Segment::Seq { index } => item(&out, *index),
            Segment::Map { key } => member(&out, key),
            Segment::Enum { variant } => member(&out, variant),
            Segment::Unknown => out,
        };
    }
    out
}

/// Converts a JSON pointer (`/visits/0/start`) to our path, using the value to tell array
/// indexes from member names.
fn pointer_to_path(pointer: &str, root: &Value) -> String {
    let mut out = "$".to_string();
    let mut node = Some(root);
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Array(items)) => {
                let index: usize = token.parse().unwrap_or(0);
                out = item(&out, index);
                node = items.get(index);
            }
            Some(Value::Object(map)) => {
                out = member(&out, &token);
                node = map.get(&token);
            }
            _ => {
                out = member(&out, &token);
                node = None;
            }
        }
    }
    out
}

fn validator(kind: SchemaKind) -> &'static (Value, jsonschema::Validator) {
    static CACHE: OnceLock<HashMap<&'static str, (Value, jsonschema::Validator)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        [SchemaKind::Brief, SchemaKind::Data]
            .into_iter()
            .map(|k| {
                let s = schema(k);
                let v = jsonschema::validator_for(&s).expect("generated schemas are valid");
                (k.name(), (s, v))
            })
            .collect()
    });
    &cache[kind.name()]
}

/// Every way the file breaks its schema, each at its position.
fn schema_problems(parsed: &Parsed<Value>, kind: SchemaKind) -> Diagnostics {
    let (root_schema, validator) = validator(kind);
    let mut out: Vec<Diagnostic> = Vec::new();
    for error in validator.iter_errors(&parsed.value) {
        let at = pointer_to_path(error.instance_path().as_str(), &parsed.value);
        let node = schema_node(root_schema, error.schema_path().as_str());
        use jsonschema::error::ValidationErrorKind as K;
        match error.kind() {
            K::AdditionalProperties { unexpected } => {
                let allowed = node
                    .and_then(|n| n.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(|k| format!("\"{k}\"")).collect::<Vec<_>>())
                    .unwrap_or_default();
                for name in unexpected {
                    out.push(
                        parsed
                            .diag(
                                format!("unknown field \"{name}\""),
                                &member(&at, name),
                                true,
                            )
                            .expected(format!("one of the fields {}", allowed.join(", "))),
                    );
                }
            }
            K::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let what = node
                    .and_then(|n| n.pointer(&format!("/properties/{name}/description")))
                    .and_then(Value::as_str)
                    .map(|d| format!("the field \"{name}\": {}", first_line(d)))
                    .unwrap_or_else(|| format!("the field \"{name}\""));
                out.push(
                    parsed
                        .diag(format!("missing field \"{name}\""), &at, false)
                        .expected(what),
                );
            }
            other => {
                let found = compact(error.instance());
                let (message, expected) = match (other, node.and_then(choices)) {
                    (_, Some(options)) => (
                        format!("unknown value {found}"),
                        format!("one of {}", options.join(", ")),
                    ),
                    (K::Type { kind }, _) => (
                        format!("wrong type: found {found}"),
                        format!("a value of type {}", type_name(kind)),
                    ),
                    _ => (
                        format!("invalid value {found}"),
                        node.and_then(|n| describe_node(root_schema, n))
                            .unwrap_or_else(|| error.to_string()),
                    ),
                };
                out.push(parsed.diag(message, &at, false).expected(expected));
            }
        }
    }
    out.sort_by_key(|d| (d.line, d.column));
    out.dedup();
    let mut diags = Diagnostics::default();
    for d in out {
        diags.push(d);
    }
    diags
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim_end_matches('.')
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

fn type_name(kind: &jsonschema::error::TypeKind) -> String {
    use jsonschema::error::TypeKind;
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(ts) => ts
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The schema object a keyword error comes from: follows the schema path from the root,
/// resolving `$ref`s, and stops before the failing keyword.
fn schema_node<'a>(root: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let tokens: Vec<String> = schema_path
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = root;
    let (_, walk) = tokens.split_last()?;
    for token in walk {
        node = if token == "$ref" {
            deref(root, node)?
        } else if let Ok(i) = token.parse::<usize>() {
            node.get(i).or_else(|| node.get(token.as_str()))?
        } else {
            node.get(token.as_str())?
        };
    }
    // Keywords like `oneOf` report at the schema that holds them; keep the node they sit in.
    Some(node)
}

fn deref<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let r = node.get("$ref")?.as_str()?;
    root.pointer(r.strip_prefix('#')?)
}

/// The allowed values of an enumeration schema (`enum`, or `oneOf`/`anyOf` of `const`s).
fn choices(node: &Value) -> Option<Vec<String>> {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return Some(values.iter().map(Value::to_string).collect());
    }
    let alts = node
        .get("oneOf")
        .or_else(|| node.get("anyOf"))
        .and_then(Value::as_array)?;
    alts.iter()
        .map(|a| a.get("const").map(Value::to_string))
        .collect()
}

/// The description of a schema node (or of what it refers to).
fn describe_node(root: &Value, node: &Value) -> Option<String> {
    let node = deref(root, node).unwrap_or(node);
    node.get("description")
        .and_then(Value::as_str)
        .map(|d| first_line(d).to_string())
}

/// Where a record sits: which data file and which path inside it.
struct At {
    file: usize,
    path: String,
}

/// Ids unique, every cited source known, the focus known, dates in order.
fn check_references(brief: &Parsed<BriefFile>, files: &[Parsed<DataFile>]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut sources: HashMap<&str, At> = HashMap::new();
    let mut records: HashMap<&str, At> = HashMap::new();
    let location = |at: &At| {
        let f = &files[at.file];
        let pos = f.positions().value(&at.path);
        format!("{}:{}:{}", f.path.display(), pos.line, pos.column)
    };

    for (fi, f) in files.iter().enumerate() {
        for (i, s) in f.value.sources.iter().enumerate() {
            let path = member(&item("$.sources", i), "id");
            if let Some(first) = sources.get(s.id.as_str()) {
                diags.push(
                    f.diag(format!("duplicate source id \"{}\"", s.id), &path, false)
                        .expected(format!(
                            "an id no other source uses (first at {})",
                            location(first)
                        )),
                );
            } else {
                sources.insert(&s.id, At { file: fi, path });
            }
        }
        let ids = f
            .value
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (item("$.visits", i), v.id.as_str()))
            .chain(
                f.value
                    .programmes
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (item("$.programmes", i), p.id.as_str())),
            )
            .chain(
                f.value
                    .threats
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (item("$.threats", i), t.id.as_str())),
            )
            .chain(
                f.value
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (item("$.terms", i), t.id.as_str())),
            );
        for (record, id) in ids {
            let path = member(&record, "id");
            if let Some(first) = records.get(id) {
                diags.push(
                    f.diag(format!("duplicate record id \"{id}\""), &path, false)
                        .expected(format!(
                            "an id no other visit, programme, threat or term uses (first at {})",
                            location(first)
                        )),
                );
            } else {
                records.insert(id, At { file: fi, path });
            }
        }
    }

    let mut known: Vec<&str> = sources.keys().copied().collect();
    known.sort_unstable();
    let expected_source = format!("one of the source ids: {}", known.join(", "));
    let check_source = |diags: &mut Diagnostics, d: &dyn Fn(String) -> Diagnostic, id: &str| {
        if !sources.contains_key(id) {
            diags.push(d(format!("unknown source id \"{id}\"")).expected(expected_source.clone()));
        }
    };

    for f in files {
        let cited = f
            .value
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (item("$.visits", i), &v.sources))
            .chain(
                f.value
                    .programmes
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (item("$.programmes", i), &p.sources)),
            )
            .chain(
                f.value
                    .threats
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (item("$.threats", i), &t.sources)),
            )
            .chain(
                f.value
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (item("$.terms", i), &t.sources)),
            );
        for (record, ids) in cited {
            for (j, id) in ids.iter().enumerate() {
                let path = item(&member(&record, "sources"), j);
                check_source(&mut diags, &|m| f.diag(m, &path, false), id);
            }
        }
        for (i, v) in f.value.visits.iter().enumerate() {
            let record = item("$.visits", i);
            for (k, q) in v.quotes.iter().enumerate() {
                let path = member(&item(&member(&record, "quotes"), k), "source");
                check_source(&mut diags, &|m| f.diag(m, &path, false), &q.source);
            }
            if let Some(end) = &v.end {
                if end < &v.start {
                    diags.push(
                        f.diag(
                            format!("the visit ends ({end}) before it starts ({})", v.start),
                            &member(&record, "end"),
                            false,
                        )
                        .expected("an end date on or after the start date"),
                    );
                }
            }
        }
    }

    for (i, j) in brief.value.analysis.key_judgements.iter().enumerate() {
        let judgement = item("$.analysis.key_judgements", i);
        for (k, id) in j.sources.iter().enumerate() {
            let path = item(&member(&judgement, "sources"), k);
            check_source(&mut diags, &|m| brief.diag(m, &path, false), id);
        }
    }
    if let Some(focus) = &brief.value.focus {
        // A brief is about a visit, programme or threat, never about an abbreviation.
        let focusable = records
            .get(focus.as_str())
            .is_some_and(|at| !at.path.starts_with("$.terms["));
        if !focusable {
            diags.push(
                brief
                    .diag(
                        format!("focus names no record: \"{focus}\""),
                        "$.focus",
                        false,
                    )
                    .expected("the id of a visit, programme or threat in the brief's data"),
            );
        }
    }
    diags
}

mod markings;
#[cfg(test)]
mod tests;
