//! One brief from its file to its outputs: load and validate, merge the template, read the
//! Markdown into the tree, run each writer in memory, and only then write the files.

use crate::brief::{Format, Version};
use crate::data::load::{load_brief, serde_path, LoadedBrief};
use crate::data::positions::Positions;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Document, Meta};
use crate::edition::{self, Since, Snapshot};
use crate::freshness;
use crate::marking::filter::{filter, Withheld};
use crate::marking::trace::{resolve, strip, Trace};
use crate::marking::{Marking, Releasability};
use crate::output::write_together;
use crate::renderer::{self, RenderContext};
use crate::style::StyleSheet;
use crate::theme::Theme;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A brief taken as far as its document trees, one per version: everything `check` validates.
pub struct Prepared {
    pub brief: LoadedBrief,
    pub theme: Theme,
    /// The style sheet resolved from the theme, read by every writer.
    pub styles: StyleSheet,
    pub versions: Vec<PreparedVersion>,
    /// The analytic warnings (`analytic`), printed with the brief's line.
    pub warnings: Diagnostics,
}

/// One version of a brief, filtered, rendered to Markdown and read into the tree.
pub struct PreparedVersion {
    pub version: Version,
    pub markdown: String,
    pub doc: Document,
    pub withheld: Withheld,
    pub banner: Marking,
    /// The ids of the records this version prints.
    pub printed: std::collections::HashSet<String>,
    /// What this edition kept, for the next edition to compare with.
    pub snapshot: Snapshot,
}

/// How a run treats what briefs ask for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Let briefs read files outside their own folder (`--allow-outside`).
    pub allow_outside: bool,
    /// Fail a brief that has analytic warnings (`--deny-warnings`).
    pub deny_warnings: bool,
}

/// Loads a brief, its data, theme and template, and prepares each of its versions. A brief
/// with a problem in any version prepares none; with `deny_warnings`, an analytic warning is
/// such a problem.
pub fn prepare(
    path: &Path,
    as_of: NaiveDate,
    options: Options,
    since: &Since,
) -> Result<Prepared, Diagnostics> {
    let brief = load_brief(path, options.allow_outside)?;
    let warnings = crate::analytic::warnings(&brief, as_of);
    if options.deny_warnings && !warnings.is_empty() {
        return Err(warnings);
    }
    let theme = load_theme(&brief)?;
    let mut versions = Vec::new();
    let mut problems = Diagnostics::default();
    for version in brief.file.versions() {
        match prepare_version(&brief, version, as_of, since) {
            Ok(v) => versions.push(v),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Prepared {
        brief,
        styles: StyleSheet::from_theme(&theme),
        theme,
        versions,
        warnings,
    })
}

/// Withholds what the version may not contain, compares the rest with the previous edition,
/// runs the template, computes the banner and portion marks from what was rendered, and reads
/// the result into the tree.
fn prepare_version(
    brief: &LoadedBrief,
    version: Version,
    as_of: NaiveDate,
    since: &Since,
) -> Result<PreparedVersion, Diagnostics> {
    let filtered = filter(&brief.file, &brief.data, &version);
    if let Some(focus) = &brief.file.focus {
        if let Some(w) = filtered.withheld.0.iter().find(|w| &w.id == focus) {
            return Err(Diagnostic::new(format!(
                "the brief's focus \"{focus}\" is withheld from {}: {}",
                describe_version(&version),
                w.reason
            ))
            .in_file(&brief.path)
            .path("$.focus")
            .expected("a focus record the version may contain (a higher ceiling, fewer audiences, or another focus)")
            .into());
        }
    }
    let snapshot = Snapshot::of(&brief.file, &brief.name, &version, as_of, &filtered);
    let changes = match edition::previous(since, &brief.name, &version, as_of)? {
        Some((file, bytes)) => {
            let old = Snapshot::parse(&file, &bytes)?;
            let withheld: Vec<(&str, &str)> = filtered
                .withheld
                .0
                .iter()
                .map(|w| (w.kind, w.id.as_str()))
                .collect();
            Some(edition::compare(&old, &snapshot, &version, &withheld))
        }
        None => None,
    };
    let (tagged, trace) =
        crate::template::render_markdown(brief, &filtered, changes.as_ref(), as_of)?;
    let merged = format!(
        "{} (merged Markdown)",
        brief.resolve(&brief.file.template).display()
    );
    // Markup problems sit in the merged Markdown, whose lines are not the template's: name the
    // template the Markdown came from and say so; the snippet shows the offending line.
    let in_merged = |diags: Diagnostics| diags.in_file_if_unnamed(&merged);
    let provisional = meta(
        brief,
        as_of,
        &Marking {
            classification: brief.file.classification,
            releasable_to: Releasability::new(&version.release_to),
        },
    );
    let traced = crate::markup::parse(&tagged, provisional)
        .map_err(|d| in_merged(strip_diags(d, &tagged, &trace)))?;
    let resolved = resolve(
        &tagged,
        &traced,
        &trace,
        brief.file.classification,
        &version,
    )
    .map_err(in_merged)?;
    let doc = crate::markup::parse(&resolved.markdown, meta(brief, as_of, &resolved.banner))
        .map_err(in_merged)?;
    Ok(PreparedVersion {
        printed: resolved.printed,
        version,
        markdown: resolved.markdown,
        doc,
        withheld: filtered.withheld,
        banner: resolved.banner,
        snapshot,
    })
}

/// `the version "-public"`, or `this brief` for a brief without versions.
pub fn describe_version(v: &Version) -> String {
    if v.suffix.is_empty() {
        "this brief".into()
    } else {
        format!("the version {:?}", v.suffix)
    }
}

/// Diagnostics about the tagged Markdown, with the marking tags taken out of their text, their
/// columns counted without the tags, and their snippets quoted from the Markdown as exported.
fn strip_diags(d: Diagnostics, tagged: &str, trace: &Trace) -> Diagnostics {
    let clean = strip(tagged);
    Diagnostics(
        d.0.into_iter()
            .map(|mut d| {
                d.message = strip(&d.message).into_owned();
                if let (Some(line), Some(col)) = (d.line, d.column) {
                    let tagged_line = tagged.lines().nth(line.saturating_sub(1)).unwrap_or("");
                    let before: String = tagged_line.chars().take(col.saturating_sub(1)).collect();
                    d = d
                        .at(line, strip(&before).chars().count() + 1)
                        .with_snippet(&clean);
                    let from = trace.names_in(tagged_line);
                    if d.path.is_none() && !from.is_empty() {
                        d = d.path(format!("text from {}", from.join(", ")));
                    }
                } else {
                    d.snippet = d.snippet.map(|s| strip(&s).into_owned());
                }
                d
            })
            .collect(),
    )
}

/// The tree's metadata from the brief file, the as-of date and the computed banner.
fn meta(brief: &LoadedBrief, as_of: NaiveDate, banner: &Marking) -> Meta {
    let f = &brief.file;
    Meta {
        title: crate::markup::typographic(&f.title),
        subject: crate::markup::typographic(&f.subject),
        reference: f.reference.clone(),
        classification: banner.classification.label().to_string(),
        releasability: banner.releasable_to.phrase(),
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
    let text = crate::input::read_text(&path, "theme file", crate::input::THEME_LIMIT)?;
    let value = crate::data::load::parse_json(&path, &text)?;
    let located = |message: String, json_path: String, expected: &str| {
        let pos = Positions::index(&text).value(&json_path);
        Diagnostics::from(
            Diagnostic::new(message)
                .in_file(&path)
                .at(pos.line, pos.column)
                .with_snippet(&text)
                .path(json_path)
                .expected(expected),
        )
    };
    let theme = Theme::with_overrides(&value).map_err(|e| {
        located(
            format!("invalid theme: {}", e.inner()),
            serde_path(e.path()),
            "the keys, value types and ranges of assets/theme.json",
        )
    })?;
    match theme.geometry_problem() {
        Some((at, message)) => Err(located(
            format!("invalid theme: {message}"),
            at.into(),
            "a page whose margins leave room for the text",
        )),
        None => Ok(theme),
    }
}

/// What one brief's build produced.
pub struct Built {
    pub outputs: Vec<PathBuf>,
    /// Per version: its description and what it withheld.
    pub versions: Vec<(Version, Withheld)>,
    pub warnings: Diagnostics,
    /// Nothing was rendered: the outputs were already up to date.
    pub up_to_date: bool,
}

/// The warning for a version of `pages` pages when the brief allows fewer.
fn over_max_pages(brief: &LoadedBrief, version: &Version, pages: usize) -> Option<Diagnostic> {
    let max = brief.file.max_pages.filter(|max| pages > *max)?;
    Some(
        brief
            .brief_diag(
                format!(
                    "{}{} runs to {pages} pages, over the brief's max_pages of {max}",
                    brief.name, version.suffix
                ),
                "$.max_pages",
            )
            .expected("a shorter memo (fewer records, a tighter template), or a higher max_pages")
            .warning(),
    )
}

/// What rendering a brief gave: the files, and warnings about how they came out.
pub struct Rendered {
    /// (path in `out_dir`, bytes), as `build` would write them.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// A version longer than the brief's `max_pages`.
    pub warnings: Diagnostics,
}

/// Runs every writer of every version in memory. `check` runs this too, so that it refuses
/// what `build` would refuse.
pub fn render(
    prepared: &Prepared,
    out_dir: &Path,
    formats: Option<&[Format]>,
) -> Result<Rendered, Diagnostics> {
    let formats = formats.unwrap_or(&prepared.brief.file.outputs);
    let mut rendered = Vec::new();
    let mut problems = Diagnostics::default();
    let mut warnings = Diagnostics::default();
    for v in &prepared.versions {
        let ctx = RenderContext::new(&v.doc, &prepared.theme, &prepared.styles, &v.markdown);
        for &format in formats {
            if format == Format::Pdf {
                let missing = crate::glyphs::uncovered(&v.markdown);
                if !missing.is_empty() {
                    let templates = crate::template::texts(&prepared.brief);
                    problems.extend(crate::glyphs::locate(
                        &prepared.brief,
                        &v.printed,
                        &templates,
                        &missing,
                    ));
                    continue;
                }
            }
            match renderer::for_format(format).render(&ctx) {
                Ok(bytes) => rendered.push((
                    v.version.output(out_dir, &prepared.brief.name, format),
                    bytes,
                )),
                // A writer knows the tree, not the files: name at least the brief.
                Err(d) => problems.extend(d.in_file_if_unnamed(&prepared.brief.path)),
            }
        }
        let paged = formats
            .iter()
            .any(|f| matches!(f, Format::Pdf | Format::Docx));
        if let Some(p) = ctx.pagination().filter(|_| paged) {
            if let Some(w) = over_max_pages(&prepared.brief, &v.version, p.pages) {
                warnings.push(w);
            }
        }
    }
    if problems.is_empty() {
        Ok(Rendered {
            files: rendered,
            warnings,
        })
    } else {
        Err(problems)
    }
}

/// Builds one brief into `out_dir` as `<name><suffix>.<ext>` for each version and format (the
/// brief's own `outputs` when `formats` is `None`), with each version's edition snapshot
/// (`edition`). Every writer runs in memory first: if any fails, nothing is written.
pub fn build(
    path: &Path,
    out_dir: &Path,
    formats: Option<&[Format]>,
    as_of: NaiveDate,
    options: Options,
    since: &Since,
    force: bool,
) -> Result<Built, Diagnostics> {
    let fingerprint = freshness::fingerprint(path, formats, as_of, options, since);
    if let Some(outputs) = Some(fingerprint.as_str())
        .filter(|_| !force)
        .and_then(|f| freshness::fresh_outputs(out_dir, path, f))
    {
        // Nothing to render; what the line and the report say is cheap to recompute.
        let brief = load_brief(path, options.allow_outside)?;
        let versions: Vec<(Version, Withheld)> = brief
            .file
            .versions()
            .into_iter()
            .map(|v| {
                let withheld = filter(&brief.file, &brief.data, &v).withheld;
                (v, withheld)
            })
            .collect();
        let mut warnings = crate::analytic::warnings(&brief, as_of);
        for (v, _) in &versions {
            let pdf = v.output(out_dir, &brief.name, Format::Pdf);
            let pages = std::fs::read(&pdf)
                .ok()
                .and_then(|bytes| crate::report::pdf_page_count(&bytes));
            if let Some(w) = pages.and_then(|n| over_max_pages(&brief, v, n)) {
                warnings.push(w);
            }
        }
        return Ok(Built {
            outputs,
            versions,
            warnings,
            up_to_date: true,
        });
    }
    let prepared = prepare(path, as_of, options, since)?;
    let Rendered {
        files: rendered,
        warnings: page_warnings,
    } = render(&prepared, out_dir, formats)?;
    let snapshots = prepared.versions.iter().map(|v| {
        let file = edition::path(out_dir, &prepared.brief.name, &v.version, as_of);
        (file, v.snapshot.to_bytes())
    });
    let files: Vec<(PathBuf, Vec<u8>)> = rendered.iter().cloned().chain(snapshots).collect();
    let mut outputs = write_together(&files).map_err(|(target, e)| {
        Diagnostic::new(format!("cannot write the output: {e}"))
            .in_file(&target)
            .expected("a folder briefwright can write files into (no earlier output was replaced)")
    })?;
    outputs.truncate(rendered.len());
    freshness::remember(out_dir, path, &fingerprint, &rendered);
    Ok(Built {
        outputs,
        versions: prepared
            .versions
            .into_iter()
            .map(|v| (v.version, v.withheld))
            .collect(),
        warnings: {
            let mut all = prepared.warnings;
            all.extend(page_warnings);
            all
        },
        up_to_date: false,
    })
}

/// The files a brief will write, read from its file alone (name, versions' suffixes, outputs),
/// so that two briefs writing the same file are caught before either writes. A brief that does
/// not parse plans nothing: it fails on its own.
pub fn planned_outputs(path: &Path, out_dir: &Path, formats: Option<&[Format]>) -> Vec<PathBuf> {
    let Ok(text) = crate::input::read_text(path, "brief file", crate::input::JSON_LIMIT) else {
        return Vec::new();
    };
    let Ok(brief) = serde_json::from_str::<crate::brief::BriefFile>(&text) else {
        return Vec::new();
    };
    let name = crate::brief::brief_name(path);
    let formats = formats.unwrap_or(&brief.outputs);
    brief
        .versions()
        .iter()
        .flat_map(|v| {
            formats
                .iter()
                .map(|f| v.output(out_dir, &name, *f))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// For each brief whose planned outputs another brief of the run also plans, the error to fail
/// it with before anything is written.
pub fn collisions(
    briefs: &[PathBuf],
    out_dir: &Path,
    formats: Option<&[Format]>,
) -> std::collections::HashMap<PathBuf, Diagnostic> {
    let mut writers: std::collections::BTreeMap<PathBuf, Vec<&PathBuf>> = Default::default();
    for b in briefs {
        for out in planned_outputs(b, out_dir, formats) {
            let who = writers.entry(out).or_default();
            if !who.contains(&b) {
                who.push(b);
            }
        }
    }
    let mut failed = std::collections::HashMap::new();
    for (out, who) in writers.iter().filter(|(_, w)| w.len() > 1) {
        for b in who {
            let others: Vec<String> = who
                .iter()
                .filter(|o| o != &b)
                .map(|o| o.display().to_string())
                .collect();
            failed.entry((*b).clone()).or_insert_with(|| {
                Diagnostic::new(format!(
                    "{} would also be written by {}",
                    out.display(),
                    others.join(", ")
                ))
                .in_file(b)
                .expected(
                    "briefs with different file names in one run (outputs are named after the \
                     brief), or separate runs with their own --out",
                )
            });
        }
    }
    failed
}

/// The K-th of N parts of a batch (`--shard K/N`, K from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the brief at `path` is in this part: by a hash of its path as given, so a brief
    /// stays in its part when others are added or removed, on every machine.
    pub fn holds(&self, path: &Path) -> bool {
        use sha2::Digest;
        let h = sha2::Sha256::digest(path.to_string_lossy().as_bytes());
        let n = u64::from_be_bytes(h[..8].try_into().unwrap_or([0; 8]));
        n % u64::from(self.count) == u64::from(self.index - 1)
    }
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
