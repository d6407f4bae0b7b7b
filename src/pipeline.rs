//! One brief from its file to its outputs: load and validate, merge the template, read the
//! Markdown into the tree, run each writer in memory, and only then write the files.

use crate::brief::Format;
use crate::data::load::{load_brief, serde_path, LoadedBrief};
use crate::data::positions::Positions;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Document, Meta};
use crate::output::write_atomically;
use crate::renderer::{self, RenderContext};
use crate::theme::Theme;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A brief taken as far as the document tree: everything `check` validates.
pub struct Prepared {
    pub brief: LoadedBrief,
    pub theme: Theme,
    pub markdown: String,
    pub doc: Document,
}

/// Loads a brief, its data, theme and template, and reads the merged Markdown into the tree.
pub fn prepare(path: &Path, as_of: NaiveDate) -> Result<Prepared, Diagnostics> {
    let brief = load_brief(path)?;
    let theme = load_theme(&brief)?;
    let markdown = crate::template::render_markdown(&brief, as_of)?;
    let doc = crate::markup::parse(&markdown, meta(&brief, as_of)).map_err(|diags| {
        // Markup problems sit in the merged Markdown, whose lines are not the template's: name
        // the template the Markdown came from and say so; the snippet shows the offending line.
        let merged = format!(
            "{} (merged Markdown)",
            brief.resolve(&brief.file.template).display()
        );
        Diagnostics(
            diags
                .0
                .into_iter()
                .map(|d| {
                    if d.file.is_none() {
                        d.in_file(&merged)
                    } else {
                        d
                    }
                })
                .collect(),
        )
    })?;
    Ok(Prepared {
        brief,
        theme,
        markdown,
        doc,
    })
}

/// The tree's metadata from the brief file and the as-of date.
fn meta(brief: &LoadedBrief, as_of: NaiveDate) -> Meta {
    let f = &brief.file;
    Meta {
        title: f.title.clone(),
        subject: f.subject.clone(),
        reference: f.reference.clone(),
        classification: f.classification.label().to_string(),
        releasability: f.releasability.clone(),
        date: as_of,
        author: f.prepared_by.clone(),
        audience: f.audience.clone(),
        keywords: f.keywords.clone(),
    }
}

/// The built-in theme, with the brief's theme file merged over it when it names one.
fn load_theme(brief: &LoadedBrief) -> Result<Theme, Diagnostics> {
    let Some(rel) = &brief.file.theme else {
        return Ok(Theme::default_theme());
    };
    let path = brief.resolve(rel);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::new(format!("cannot read the theme file: {e}"))
            .in_file(&path)
            .path("$.theme")
            .expected("a JSON file of theme values to merge over assets/theme.json")
    })?;
    let value = crate::data::load::parse_json(&path, &text)?;
    Theme::with_overrides(&value).map_err(|e| {
        let json_path = serde_path(e.path());
        let pos = Positions::index(&text).value(&json_path);
        Diagnostics::from(
            Diagnostic::new(format!("invalid theme: {}", e.inner()))
                .in_file(&path)
                .at(pos.line, pos.column)
                .with_snippet(&text)
                .path(json_path)
                .expected("the keys and value types of assets/theme.json"),
        )
    })
}

/// What one brief's build produced.
pub struct Built {
    pub outputs: Vec<PathBuf>,
}

/// Builds one brief into `out_dir` as `<name>.<ext>` for each format (the brief's own
/// `outputs` when `formats` is `None`). Every writer runs in memory first: if any fails,
/// nothing is written.
pub fn build(
    path: &Path,
    out_dir: &Path,
    formats: Option<&[Format]>,
    as_of: NaiveDate,
) -> Result<Built, Diagnostics> {
    let prepared = prepare(path, as_of)?;
    let formats = formats.unwrap_or(&prepared.brief.file.outputs);
    let ctx = RenderContext {
        doc: &prepared.doc,
        theme: &prepared.theme,
        markdown: &prepared.markdown,
    };
    let mut rendered = Vec::new();
    let mut problems = Diagnostics::default();
    for &format in formats {
        match renderer::for_format(format).render(&ctx) {
            Ok(bytes) => rendered.push((format, bytes)),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut outputs = Vec::new();
    for (format, bytes) in rendered {
        let target = out_dir.join(format!("{}.{}", prepared.brief.name, format.extension()));
        write_atomically(&target, &bytes).map_err(|e| {
            Diagnostic::new(format!("cannot write the output: {e}")).in_file(&target)
        })?;
        outputs.push(target);
    }
    Ok(Built { outputs })
}

/// The brief files named by `paths`: files as given, folders by their `*.json` files (not
/// descending into subfolders such as `data/`), sorted so runs are reproducible.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut briefs = Vec::new();
    let mut problems = Diagnostics::default();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                    .collect(),
                Err(e) => {
                    problems.push(
                        Diagnostic::new(format!("cannot read the folder: {e}")).in_file(path),
                    );
                    continue;
                }
            };
            if found.is_empty() {
                problems.push(
                    Diagnostic::new("no brief files in this folder")
                        .in_file(path)
                        .expected("one or more <name>.json brief files"),
                );
            }
            found.sort();
            briefs.extend(found);
        } else if path.is_file() {
            briefs.push(path.clone());
        } else {
            problems.push(
                Diagnostic::new("no such file or folder")
                    .in_file(path)
                    .expected("a brief file (.json) or a folder of them"),
            );
        }
    }
    if problems.is_empty() {
        Ok(briefs)
    } else {
        Err(problems)
    }
}
