//! Handlebars: the registry, its Markdown escaping, strict mode and the helpers.
//!
//! Conventions for templates (see `briefs/templates/`):
//! - `{{value}}` prints data as text: every ASCII punctuation character is backslash-escaped
//!   and a newline becomes `<br>`, so a value can never turn into markup, in a paragraph or a
//!   table cell alike.
//! - `{{{value}}}` prints raw Markdown: only for the analyst's curated prose
//!   (`brief.analysis.*`) and for ids inside HTML attributes (`<a id="src-{{{id}}}"></a>`).
//! - Strict mode: reading a field the data does not have is an error, not an empty string.
//!   Test optional fields with `{{#if field}}` first.

pub mod helpers;
#[cfg(test)]
mod tests;

use crate::brief::{Analysis, AnalysisText, BriefFile};
use crate::data::load::LoadedBrief;
use crate::data::model::Record;
use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::Changes;
use crate::input::{read_text, Scope, TEMPLATE_LIMIT};
use crate::marking::filter::{analysis_marking, record_marking, Filtered};
use crate::marking::trace::{self, Trace};
use crate::marking::Marking;
use handlebars::{Handlebars, JsonValue as Json, RenderError, RenderErrorReason};
use helpers::{Citations, HelperError};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a template or partial file must be.
const EXPECTED_TEMPLATE: &str = "a Handlebars template file";

/// Escapes a value so Markdown prints it literally, and no more than that, so the exported
/// Markdown stays readable: a backslash before every character that can open or close an
/// inline construct, an HTML tag, an entity, a table cell or a heading attribute; before a
/// block marker (`-`, `+`, `=`, `1.`) at the value's start, since a template may put a value
/// at the start of a line; `<br>` for a newline (so a value never starts a new block), and
/// carriage returns dropped.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Still in the value's leading run of digits (where `1.` or `1)` would open a list).
    let mut leading_digits = true;
    let mut chars = s.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        match c {
            '\r' => continue,
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '!' | '~' | '{'
            | '}' | '^' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // Typography turns `--` into a dash and `...` into an ellipsis: data keeps its
            // characters (only its quotes become typographic).
            '-' | '.' if next == Some(c) => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits && i > 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        leading_digits = leading_digits && c.is_ascii_digit();
    }
    out
}

/// Sets up a registry as every render uses it: strict mode, the Markdown escape, the helpers.
pub fn configure<'reg>(
    reg: &mut Handlebars<'reg>,
    citations: &'reg Citations,
    trace: &'reg Trace,
    glossary: &'reg helpers::Glossary,
) {
    reg.set_strict_mode(true);
    reg.register_escape_fn(escape_markdown);
    helpers::register(reg, citations, trace, glossary);
}

/// A template file as loaded: where it is and what it says (for snippets in diagnostics).
struct TemplateFile {
    path: PathBuf,
    text: String,
}

fn read_template(path: &Path, what: &str, scope: &Scope) -> Result<String, Diagnostics> {
    scope.check(path).map_err(|m| {
        Diagnostic::new(m)
            .in_file(path)
            .expected(crate::input::EXPECTED_INSIDE)
    })?;
    read_text(path, what, TEMPLATE_LIMIT)
}

/// The partials next to a template: `partials/<name>.md.hbs`, by name, in name order. No
/// folder means no partials.
fn partials(template: &Path, scope: &Scope) -> Result<BTreeMap<String, TemplateFile>, Diagnostics> {
    let dir = template.parent().unwrap_or(Path::new(".")).join("partials");
    let mut found = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(found);
    };
    let mut diags = Diagnostics::default();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".md.hbs"))
        else {
            continue;
        };
        match read_template(&path, "partial", scope) {
            Ok(text) => {
                found.insert(name.to_string(), TemplateFile { path, text });
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(found)
    } else {
        Err(diags)
    }
}

/// The data templates see: `brief` (the brief file, with `name`, `date`, the `focus` record and
/// the kept analysis), `data` (every kept record), `changes` (since the previous edition) and
/// `as_of`. Only what `filtered` kept is here, and every string a record, an analysis item or
/// a change brings is tagged in `trace`. The brief's markings are left out: templates print the
/// computed ones with `{{marking}}`.
fn context(
    brief: &LoadedBrief,
    filtered: &Filtered,
    changes: Option<&Changes>,
    as_of: chrono::NaiveDate,
    trace: &mut Trace,
) -> Result<Json, Diagnostics> {
    let as_of = as_of.format("%Y-%m-%d").to_string();
    let internal = |e: serde_json::Error| {
        Diagnostic::new(format!("cannot pass the brief to its template: {e}")).in_file(&brief.path)
    };
    let mut b = serde_json::to_value(&brief.file).map_err(internal)?;
    let mut data = json!({});
    let kinds: [(&str, Vec<MarkedJson>); 5] = [
        ("sources", records(&filtered.data.sources)?),
        ("visits", records(&filtered.data.visits)?),
        ("programmes", records(&filtered.data.programmes)?),
        ("threats", records(&filtered.data.threats)?),
        ("terms", records(&filtered.data.terms)?),
    ];
    for (key, list) in kinds {
        let tagged: Vec<Json> = list
            .into_iter()
            .map(|(mut v, marking, (kind, id))| {
                trace::tag(&mut v, trace.add_record(marking, kind, &id));
                v
            })
            .collect();
        data[key] = Json::Array(tagged);
    }
    let analysis = analysis(&brief.file, &filtered.analysis, trace).map_err(internal)?;
    if let Json::Object(m) = &mut b {
        for key in [
            "classification",
            "ceiling",
            "release_to",
            "portion_marks",
            "versions",
            "stale_after",
        ] {
            m.remove(key);
        }
        m.insert("analysis".into(), analysis);
        m.insert("name".into(), Json::String(brief.name.clone()));
        m.insert("date".into(), Json::String(as_of.clone()));
        m.remove("focus");
        if let Some(id) = &brief.file.focus {
            let record = ["visits", "programmes", "threats"]
                .iter()
                .filter_map(|k| data.get(*k).and_then(Json::as_array))
                .flatten()
                .find(|r| r.get("id").and_then(Json::as_str) == Some(id))
                .ok_or_else(|| {
                    Diagnostic::new(format!("the brief's focus {id:?} names no record"))
                        .in_file(&brief.path)
                        .path("focus")
                        .expected("the id of a visit, programme or threat in the brief's data")
                })?;
            m.insert("focus".into(), record.clone());
        }
    }
    let changes = changes_json(changes, trace).map_err(internal)?;
    Ok(json!({ "brief": b, "data": data, "changes": changes, "as_of": as_of }))
}

/// `changes` as templates see it: `since` (the previous edition's date, or null), `count`
/// (0 when there is no previous edition or nothing changed), and the lists `added`,
/// `removed`, `changed` (each `{kind, id, label, fields}`, a field `{field, from, to, added,
/// removed, text}`) and `analysis` (`{part, added, removed, text}`). Each item is tagged with
/// the marking of what it shows.
fn changes_json(changes: Option<&Changes>, trace: &mut Trace) -> Result<Json, serde_json::Error> {
    let Some(c) = changes else {
        return Ok(json!({
            "since": null, "count": 0, "added": [], "removed": [], "changed": [], "analysis": [],
        }));
    };
    let mut records = |list: &[crate::edition::RecordChange]| -> Result<Json, serde_json::Error> {
        list.iter()
            .map(|r| {
                let mut v = serde_json::to_value(r)?;
                trace::tag(&mut v, trace.add_record(r.marking.clone(), &r.kind, &r.id));
                Ok(v)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Json::Array)
    };
    let added = records(&c.added)?;
    let removed = records(&c.removed)?;
    let changed = records(&c.changed)?;
    let analysis = c
        .analysis
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a)?;
            let name = format!("changes to analysis.{}", a.part);
            trace::tag(&mut v, trace.add(a.marking.clone(), name));
            Ok(v)
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    Ok(json!({
        "since": c.since,
        "count": c.count,
        "added": added,
        "removed": removed,
        "changed": changed,
        "analysis": analysis,
    }))
}

/// A record as JSON, with its marking and its name for messages (`visit "id"`).
type MarkedJson = (Json, Marking, (&'static str, String));

/// Records as JSON, each with its marking and its name for messages.
fn records<R: Record + serde::Serialize>(list: &[R]) -> Result<Vec<MarkedJson>, Diagnostics> {
    list.iter()
        .map(|r| {
            let v = serde_json::to_value(r).map_err(|e| {
                Diagnostic::new(format!("cannot pass a record to the template: {e}"))
            })?;
            Ok((v, record_marking(r), (R::KIND, r.id().to_string())))
        })
        .collect()
}

/// The kept analysis as templates see it: the BLUF and the context, outlook and watch items as
/// strings, the judgements as objects; each tagged with its own marking.
fn analysis(
    brief: &BriefFile,
    kept: &Analysis,
    trace: &mut Trace,
) -> Result<Json, serde_json::Error> {
    let mut text = |name: String, t: &AnalysisText| -> Json {
        let marking = analysis_marking(brief, t.classification(), t.releasable_to());
        let mut v = Json::String(t.text().to_string());
        trace::tag(&mut v, trace.add(marking, name));
        v
    };
    let bluf = text("the BLUF".into(), &kept.bluf);
    let mut list = |field: &str, items: &[AnalysisText]| -> Json {
        Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, t)| text(format!("analysis.{field}[{i}]"), t))
                .collect(),
        )
    };
    let context = list("context", &kept.context);
    let outlook = list("outlook", &kept.outlook);
    let watch = list("watch", &kept.watch);
    let mut judgements = Vec::new();
    for (i, j) in kept.key_judgements.iter().enumerate() {
        let marking = analysis_marking(brief, j.classification, j.releasable_to.as_deref());
        let mut v = json!({
            "text": j.text,
            "confidence": serde_json::to_value(j.confidence)?,
            "sources": j.sources,
        });
        if let Some(until) = &j.valid_until {
            v["valid_until"] = serde_json::to_value(until)?;
        }
        trace::tag(
            &mut v,
            trace.add(marking, format!("analysis.key_judgements[{i}]")),
        );
        judgements.push(v);
    }
    Ok(json!({
        "bluf": bluf,
        "key_judgements": judgements,
        "context": context,
        "outlook": outlook,
        "watch": watch,
    }))
}

/// Renders a brief's template into Markdown for one version's kept data, with the footnote
/// definitions of every source it cites appended. The Markdown still carries the marking tags:
/// `marking::trace::resolve` reads and removes them.
pub fn render_markdown(
    brief: &LoadedBrief,
    filtered: &Filtered,
    changes: Option<&Changes>,
    as_of: chrono::NaiveDate,
) -> Result<(String, Trace), Diagnostics> {
    let mut trace = Trace::default();
    let ctx = context(brief, filtered, changes, as_of, &mut trace)?;
    let main_path = brief.resolve(&brief.file.template);
    let main_name = brief.file.template.clone();
    let mut files = partials(&main_path, &brief.scope)?;
    let main_text = read_template(&main_path, "template", &brief.scope)?;

    let citations = Citations::default();
    let glossary = helpers::Glossary::default();
    let mut reg = Handlebars::new();
    configure(&mut reg, &citations, &trace, &glossary);

    let mut diags = Diagnostics::default();
    for (name, f) in &files {
        if let Err(e) = reg.register_partial(name, &f.text) {
            diags.push(template_error(&e, f));
        }
    }
    let main = TemplateFile {
        path: main_path.clone(),
        text: main_text,
    };
    if let Err(e) = reg.register_template_string(&main_name, &main.text) {
        diags.push(template_error(&e, &main));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let partial_dir = main_path
        .parent()
        .unwrap_or(Path::new("."))
        .join("partials");
    files.insert(main_name.clone(), main);
    if let Some(d) = partial_cycle(&files, &main_name) {
        return Err(d.into());
    }

    let render = || -> Result<String, Diagnostics> {
        reg.render(&main_name, &ctx)
            .map_err(|e| render_error(&e, &files, &main_name, &partial_dir).into())
    };
    let sources = ctx
        .pointer("/data/sources")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut md = render()?;
    let mut notes = citations.definitions(sources, &escape_markdown, &trace);
    // A glossary lists only what the memo uses, known now: render again with it.
    // (When it uses none, the first pass's empty glossary is already right.)
    if glossary.asked() {
        let candidates = helpers::glossary::candidates(&ctx["data"]);
        let text = trace::strip(&format!("{md}\n{notes}")).into_owned();
        let used = helpers::glossary::used_in(&text, &candidates);
        if !used.is_empty() {
            glossary.use_terms(used);
            citations.clear();
            md = render()?;
            notes = citations.definitions(sources, &escape_markdown, &trace);
        }
    }
    if !notes.is_empty() {
        md.truncate(md.trim_end().len());
        md.push_str("\n\n");
        md.push_str(&notes);
        md.truncate(md.trim_end().len());
    }
    if !md.ends_with('\n') {
        md.push('\n');
    }
    drop(reg);
    Ok((md, trace))
}

/// The partials a template includes by name (`{{> name}}`, `{{#> name}}`, `{{~> name}}`), each
/// with its line and column.
fn includes(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(i) = line[from..].find("{{") {
            let start = from + i;
            let rest = line[start + 2..].trim_start_matches(['~', '#']);
            from = start + 2;
            let Some(rest) = rest.strip_prefix('>') else {
                continue;
            };
            let name: String = rest
                .trim_start()
                .trim_start_matches('"')
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '}' | '~' | '"' | '('))
                .collect();
            if !name.is_empty() {
                out.push((name, line_no + 1, line[..start].chars().count() + 1));
            }
        }
    }
    out
}

/// A partial that includes itself, directly or through others, would recurse until the stack
/// overflows: found before rendering, it is an error at the include that closes the loop.
fn partial_cycle(files: &BTreeMap<String, TemplateFile>, main: &str) -> Option<Diagnostic> {
    fn visit(
        name: &str,
        files: &BTreeMap<String, TemplateFile>,
        path: &mut Vec<String>,
        done: &mut std::collections::HashSet<String>,
    ) -> Option<Diagnostic> {
        let f = files.get(name)?;
        path.push(name.to_string());
        for (inc, line, col) in includes(&f.text) {
            if let Some(at) = path.iter().position(|p| *p == inc) {
                let mut chain = path[at..].to_vec();
                chain.push(inc.clone());
                return Some(
                    Diagnostic::new(format!(
                        "partial `{inc}` includes itself: {}",
                        chain.join(" → ")
                    ))
                    .in_file(&f.path)
                    .at(line, col)
                    .with_snippet(&f.text)
                    .expected("partials that do not include one another in a loop"),
                );
            }
            if !done.contains(&inc) {
                if let Some(d) = visit(&inc, files, path, done) {
                    return Some(d);
                }
            }
        }
        path.pop();
        done.insert(name.to_string());
        None
    }
    visit(
        main,
        files,
        &mut Vec::new(),
        &mut std::collections::HashSet::new(),
    )
}

/// The template and its partials as read (path and text), for pointing into them; what cannot
/// be read is left out.
pub fn texts(brief: &LoadedBrief) -> Vec<(PathBuf, String)> {
    let main = brief.resolve(&brief.file.template);
    let mut out: Vec<(PathBuf, String)> = partials(&main, &brief.scope)
        .map(|p| p.into_values().map(|f| (f.path, f.text)).collect())
        .unwrap_or_default();
    if let Ok(text) = read_template(&main, "template", &brief.scope) {
        out.insert(0, (main, text));
    }
    out
}

fn template_error(e: &handlebars::TemplateError, f: &TemplateFile) -> Diagnostic {
    let d = Diagnostic::new(format!("template syntax error: {}", e.reason()))
        .in_file(&f.path)
        .expected("valid Handlebars syntax");
    match e.pos() {
        Some((line, col)) => d.at(line, col).with_snippet(&f.text),
        None => d,
    }
}

fn render_error(
    e: &RenderError,
    files: &BTreeMap<String, TemplateFile>,
    main: &str,
    partial_dir: &Path,
) -> Diagnostic {
    let d = match e.reason() {
        RenderErrorReason::MissingVariable(Some(path)) => Diagnostic::new(format!(
            "the template reads `{path}`, which the data does not have"
        ))
        .path(path.clone())
        .expected("a field that exists in the data (strict mode)"),
        RenderErrorReason::MissingVariable(None) => {
            Diagnostic::new("the template reads a value the data does not have")
                .expected("a field that exists in the data (strict mode)")
        }
        RenderErrorReason::PartialNotFound(name) => Diagnostic::new(format!(
            "partial `{name}` not found: no file {}",
            partial_dir.join(format!("{name}.md.hbs")).display()
        ))
        .path(format!("{{{{> {name}}}}}"))
        .expected(EXPECTED_TEMPLATE),
        RenderErrorReason::HelperNotFound(name) => {
            Diagnostic::new(format!("unknown helper `{name}`")).expected(
                "a field, a built-in helper or one of: date, date_range, sort, filter, group, \
                 count, join, source, cited_by, cite, admiralty, estimative, level, trend, \
                 status, confidence",
            )
        }
        RenderErrorReason::NestedError(inner) => match inner.downcast_ref::<HelperError>() {
            Some(h) => Diagnostic::new(h.to_string())
                .path(format!("helper `{}`", h.helper))
                .expected(h.expected.clone()),
            None => Diagnostic::new(inner.to_string()),
        },
        other => Diagnostic::new(other.to_string()),
    };
    let name = e.template_name.as_deref().unwrap_or(main);
    let Some(f) = files.get(name) else {
        return d;
    };
    let d = d.in_file(&f.path);
    match (e.line_no, e.column_no) {
        (Some(line), Some(col)) => d.at(line, col).with_snippet(&f.text),
        _ => d,
    }
}
