//! The command line: `build`, `watch`, `check`, `diff` and `schema`, their help, and exit codes
//! (0 done, 1 invalid input or a brief that failed, 2 usage; `diff` as diff(1)).

use crate::brief::Format;
use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Since, Snapshot};
use crate::marking::filter::Withheld;
use crate::pipeline;
use crate::report::{self, BriefReport, OutputReport, RunReport, Status, WithheldReport};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const BUILD_EXAMPLES: &str = "\
Examples:
  briefwright build                                 # every brief in briefs/ → out/
  briefwright build briefs/nato-azerbaijan.json --format pdf,docx --as-of 2026-11-22
  briefwright build briefs/ --out /srv/memos --format md
  SOURCE_DATE_EPOCH=1795305600 briefwright build    # reproducible date for scheduled runs";

const CHECK_EXAMPLES: &str = "\
Examples:
  briefwright check                                 # every brief in briefs/
  briefwright check briefs/shekerinska-visit.json";

const WATCH_EXAMPLES: &str = "\
Examples:
  briefwright watch                                 # every brief in briefs/ → out/
  briefwright watch briefs/nato-azerbaijan.json --format pdf";

const DIFF_EXAMPLES: &str = "\
Examples:
  briefwright diff out/editions/nato-azerbaijan/2026-11-15.json out/editions/nato-azerbaijan/2026-11-22.json";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  briefwright schema data > briefs/schemas/data.schema.json    # what data files point at
  briefwright schema brief > briefs/schemas/brief.schema.json
  briefwright schema visit                                     # one record kind alone";

#[derive(Parser)]
#[command(
    name = "briefwright",
    version,
    about = "Turns curated JSON summaries into finished briefing memos (PDF, DOCX, Markdown).",
    after_help = "Examples:\n  briefwright build\n  briefwright check briefs/\n  briefwright schema visit\n\nExit codes: 0 done, 1 invalid input or a brief that failed to render, 2 usage."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render briefs into memos: one line per brief, every good brief rendered even when
    /// another fails.
    #[command(after_help = BUILD_EXAMPLES)]
    Build {
        /// Brief files, or folders of them.
        #[arg(default_value = "briefs")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Render briefs, then render again each brief an edit affects (its file, data, template,
    /// partials or theme) until interrupted; a bad edit is reported as `check` reports it and
    /// watching goes on.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch {
        /// Brief files, or folders of them (a folder is looked at again for new briefs).
        #[arg(default_value = "briefs")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print what changed between two editions of a brief: snapshots from
    /// `<out>/editions/<brief>/`. Exit code 0 if nothing changed, 1 if something did, 2 if a
    /// snapshot cannot be read.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff {
        /// The earlier edition's snapshot.
        old: PathBuf,
        /// The later edition's snapshot.
        new: PathBuf,
    },
    /// Validate briefs, data, cross-references and templates; render nothing.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// Brief files, or folders of them.
        #[arg(default_value = "briefs")]
        paths: Vec<PathBuf>,
        /// List the ids of what each version withholds (for the curator; the build line gives
        /// counts only).
        #[arg(long)]
        show_withheld: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print the JSON Schema of a brief or of a data file, generated from the Rust types.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema {
        /// Which schema.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::data::schema::SchemaKind::NAMES))]
        kind: String,
    },
}

/// What `build` and `watch` share: where outputs go, which, and what they compare with.
#[derive(clap::Args)]
struct BuildArgs {
    /// Where to write `<brief-name>.<ext>` (and each version's edition snapshot, in
    /// `editions/<brief-name>/<as-of>.json`).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Formats to write, comma-separated: docx, pdf, md. Default: each brief's `outputs`.
    #[arg(long, value_delimiter = ',', value_parser = parse_format)]
    format: Option<Vec<Format>>,
    /// Write a JSON account of the run here: per brief its status, outputs (path, format,
    /// bytes, pages, sha256), warnings, what was withheld and seconds; totals. Its schema:
    /// `briefwright schema report`.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Render every brief, even those whose outputs are up to date with their inputs.
    #[arg(long)]
    force: bool,
    /// Compare with this edition snapshot instead of the newest earlier one in --out (for the
    /// brief and version it is a snapshot of; repeat for several).
    #[arg(long, value_name = "FILE")]
    since: Vec<PathBuf>,
}

/// What `build`, `watch` and `check` share: the date and how strict a run is.
#[derive(clap::Args)]
struct RunArgs {
    /// The brief's date, YYYY-MM-DD (the memo's date, and the day analytic checks judge
    /// staleness at). Default: SOURCE_DATE_EPOCH's day when set, else today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Fail a brief that has analytic warnings (for scheduled runs).
    #[arg(long)]
    deny_warnings: bool,
    /// Let briefs read data, templates and themes outside their own folder.
    #[arg(long)]
    allow_outside: bool,
    /// How many briefs to render at once. Default: the machine's cores. Outputs and the order
    /// of the lines do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Only the K-th of N parts of the briefs, e.g. 2/4: a stable partition (by each brief's
    /// path) for spreading one batch over machines.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<pipeline::Shard>,
}

impl RunArgs {
    fn jobs(&self) -> usize {
        self.jobs.map(usize::from).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
    }

    /// The as-of date and the pipeline's options; a bad `SOURCE_DATE_EPOCH` is a usage error.
    fn resolve(&self) -> Result<(NaiveDate, pipeline::Options), ExitCode> {
        let as_of = match self.as_of.map(Ok).unwrap_or_else(default_as_of) {
            Ok(d) => d,
            Err(e) => {
                complain(&format!("error: {e}\n"));
                return Err(ExitCode::from(2));
            }
        };
        Ok((
            as_of,
            pipeline::Options {
                allow_outside: self.allow_outside,
                deny_warnings: self.deny_warnings,
            },
        ))
    }
}

fn parse_shard(s: &str) -> Result<pipeline::Shard, String> {
    let bad = || format!("invalid shard {s:?}: expected K/N with 1 ≤ K ≤ N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok(pipeline::Shard { index: k, count: n })
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s.trim()).ok_or_else(|| format!("unknown format {s:?}: expected docx, pdf or md"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD, e.g. 2026-11-22"))
}

/// The as-of date when none is given: `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible
/// builds set it) when present, else today's date.
fn default_as_of() -> Result<NaiveDate, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .map(|t| t.date_naive())
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds since 1970")
            }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// Runs the command line and returns the process's exit code.
pub fn run() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build { paths, build, run } => {
            let (as_of, options) = match run.resolve() {
                Ok(r) => r,
                Err(code) => return code,
            };
            let Some(since) = build.since(&paths) else {
                return ExitCode::from(1);
            };
            let report = build.report.as_deref().map(|r| (r, as_of));
            for_each_brief(
                &paths,
                &run,
                report,
                build_job(&build, &paths, as_of, options, &since),
            )
        }
        Command::Watch { paths, build, run } => {
            let (as_of, options) = match run.resolve() {
                Ok(r) => r,
                Err(code) => return code,
            };
            let Some(since) = build.since(&paths) else {
                return ExitCode::from(1);
            };
            watch(&paths, &build, &run, as_of, options, &since)
        }
        Command::Diff { old, new } => diff(&old, &new),
        Command::Check {
            paths,
            show_withheld,
            run,
        } => {
            let (as_of, options) = match run.resolve() {
                Ok(r) => r,
                Err(code) => return code,
            };
            for_each_brief(&paths, &run, None, |path| {
                let p = pipeline::prepare(path, as_of, options, &Since::Nothing)?;
                // Everything build does but writing: the layout and every writer run too.
                let rendered = pipeline::render(&p, std::path::Path::new(""), None)?;
                Ok({
                    let mut line = format!(
                        "{}: {} sources, {} visits, {} programmes, {} threats, {} outputs render{}",
                        path.display(),
                        p.brief.data.sources.len(),
                        p.brief.data.visits.len(),
                        p.brief.data.programmes.len(),
                        p.brief.data.threats.len(),
                        rendered.files.len(),
                        withheld_notes(p.versions.iter().map(|v| (&v.version, &v.withheld)))
                    );
                    if show_withheld {
                        for v in &p.versions {
                            for w in &v.withheld.0 {
                                line.push_str(&format!(
                                    "\n          withheld from {}: {} \"{}\" ({})",
                                    pipeline::describe_version(&v.version),
                                    w.kind,
                                    w.id,
                                    w.reason
                                ));
                            }
                        }
                    }
                    Done {
                        line,
                        up_to_date: false,
                        warnings: {
                            let mut all = p.warnings;
                            all.extend(rendered.warnings);
                            all
                        },
                        outputs: Vec::new(),
                        withheld: withheld_report(
                            &p.versions
                                .iter()
                                .map(|v| (v.version.clone(), v.withheld.clone()))
                                .collect::<Vec<_>>(),
                        ),
                    }
                })
            })
        }
        Command::Schema { kind } => {
            let kind = crate::data::schema::SchemaKind::parse(&kind).expect("clap checked it");
            let text = serde_json::to_string_pretty(&crate::data::schema::schema(kind))
                .expect("a schema serialises");
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
    }
}

impl BuildArgs {
    /// `--format`, each format once: `--format pdf --format pdf` asks for one file, not two.
    fn formats(&self) -> Option<Vec<Format>> {
        self.format.as_ref().map(|list| {
            let mut seen = Vec::new();
            list.iter()
                .filter(|f| {
                    !seen.contains(*f) && {
                        seen.push(**f);
                        true
                    }
                })
                .copied()
                .collect()
        })
    }

    /// What versions compare with: the `--since` snapshots, each read and checked to be of a
    /// brief the run builds, and the editions in `--out`. `None` (said on stderr) if a
    /// snapshot cannot be used.
    fn since(&self, paths: &[PathBuf]) -> Option<Since> {
        let names: Vec<String> = pipeline::discover(paths)
            .unwrap_or_default()
            .iter()
            .map(|b| crate::brief::brief_name(b))
            .collect();
        let mut files = Vec::new();
        let mut problems = Diagnostics::default();
        for path in &self.since {
            let read = std::fs::read(path).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::new(format!("cannot read the snapshot: {e}"))
                        .in_file(path)
                        .expected("an edition snapshot (<out>/editions/<brief>/<date>.json)"),
                )
            });
            match read.and_then(|bytes| Snapshot::parse(path, &bytes).map(|s| (s, bytes))) {
                Ok((s, _)) if !names.contains(&s.brief) => problems.push(
                    Diagnostic::new(format!(
                        "the snapshot is of the brief {:?}, which this run does not build",
                        s.brief
                    ))
                    .in_file(path)
                    .path("$.brief")
                    .expected("a snapshot of one of the briefs named on the command line"),
                ),
                Ok((_, bytes)) => files.push((path.clone(), bytes)),
                Err(d) => problems.extend(d),
            }
        }
        if !problems.is_empty() {
            complain(&problems.to_string());
            return None;
        }
        Some(Since::Editions {
            out_dir: self.out.clone(),
            files,
        })
    }
}

/// The job `build` and `watch` run for each brief: render it (unless up to date) and say what
/// it wrote.
fn build_job<'a>(
    build: &'a BuildArgs,
    paths: &[PathBuf],
    as_of: NaiveDate,
    options: pipeline::Options,
    since: &'a Since,
) -> impl Fn(&std::path::Path) -> Outcome + Sync + 'a {
    let format = build.formats();
    crate::output::remove_leftovers(&build.out);
    let collisions = match pipeline::discover(paths) {
        Ok(briefs) => pipeline::collisions(&briefs, &build.out, format.as_deref()),
        Err(_) => Default::default(), // for_each_brief reports it
    };
    move |path| {
        if let Some(d) = collisions.get(path) {
            return Err(d.clone().into());
        }
        let started = Instant::now();
        let built = pipeline::build(
            path,
            &build.out,
            format.as_deref(),
            as_of,
            options,
            since,
            build.force,
        )?;
        let names: Vec<String> = built
            .outputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let took = if built.up_to_date {
            "up-to-date".to_string()
        } else {
            format!("{:.2} s", started.elapsed().as_secs_f64())
        };
        let line = format!(
            "{} → {} ({took}){}",
            path.display(),
            names.join(", "),
            withheld_notes(built.versions.iter().map(|(v, w)| (v, w)))
        );
        let outputs = if build.report.is_some() {
            built
                .outputs
                .iter()
                .filter_map(|p| {
                    let format = Format::parse(p.extension()?.to_str()?)?;
                    OutputReport::of(p, format).ok()
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Done {
            line,
            up_to_date: built.up_to_date,
            warnings: built.warnings,
            outputs,
            withheld: withheld_report(&built.versions),
        })
    }
}

/// `watch`: builds, then every half second looks at each brief's inputs (by the same
/// fingerprint that decides up-to-date skips) and builds again the briefs whose inputs
/// changed. Runs until interrupted.
fn watch(
    paths: &[PathBuf],
    build: &BuildArgs,
    run: &RunArgs,
    as_of: NaiveDate,
    options: pipeline::Options,
    since: &Since,
) -> ExitCode {
    let formats = build.formats();
    let mut seen: std::collections::HashMap<PathBuf, String> = Default::default();
    let mut last_problem = String::new();
    loop {
        match pipeline::discover(paths) {
            Ok(briefs) => {
                last_problem.clear();
                let changed: Vec<PathBuf> = briefs
                    .into_iter()
                    .filter(|b| run.shard.is_none_or(|s| s.holds(b)))
                    .filter(|b| {
                        let now = crate::freshness::fingerprint(
                            b,
                            formats.as_deref(),
                            as_of,
                            options,
                            since,
                        );
                        seen.insert(b.clone(), now.clone()).as_ref() != Some(&now)
                    })
                    .collect();
                if !changed.is_empty() {
                    let stamp = chrono::Local::now().format("%H:%M:%S");
                    complain(&format!("[{stamp}] building {} brief(s)\n", changed.len()));
                    let report = build.report.as_deref().map(|r| (r, as_of));
                    for_each_brief(
                        &changed,
                        run,
                        report,
                        build_job(build, &changed, as_of, options, since),
                    );
                    // What the build wrote into the record is not an edit: take the
                    // fingerprints again only when inputs change.
                }
            }
            Err(d) => {
                let text = d.to_string();
                if text != last_problem {
                    complain(&text);
                    last_problem = text;
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// `diff OLD NEW`: what changed between two snapshots, everything in them shown (they are the
/// reader's own files; the heading gives the highest marking of the two).
fn diff(old: &std::path::Path, new: &std::path::Path) -> ExitCode {
    let read = |p: &std::path::Path| {
        std::fs::read(p)
            .map_err(|e| {
                Diagnostics::from(
                    Diagnostic::new(format!("cannot read the snapshot: {e}"))
                        .in_file(p)
                        .expected("an edition snapshot (<out>/editions/<brief>/<date>.json)"),
                )
            })
            .and_then(|bytes| Snapshot::parse(p, &bytes))
    };
    let (old, new) = match (read(old), read(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for d in [o.err(), n.err()].into_iter().flatten() {
                complain(&d.to_string());
            }
            return ExitCode::from(2);
        }
    };
    if (&old.brief, &old.version) != (&new.brief, &new.version) {
        complain(&format!(
            "note: comparing editions of different briefs ({}{} and {}{})\n",
            old.brief, old.version, new.brief, new.version
        ));
    }
    // Show everything: no ceiling, no audience.
    let everything = crate::brief::Version {
        suffix: new.version.clone(),
        ceiling: crate::data::model::Classification::CosmicTopSecret,
        release_to: Vec::new(),
        portion_marks: None,
    };
    let changes = crate::edition::compare(&old, &new, &everything, &[]);
    let mut report = Report::default();
    report.line(changes.terminal(&old, &new).trim_end());
    if changes.count == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `; withheld 5 (above ceiling NATO UNCLASSIFIED: 4; not releasable to PUBLIC: 1)` for each
/// version that withheld anything, prefixed by the version's suffix when there are several.
fn withheld_notes<'a>(
    versions: impl Iterator<
        Item = (
            &'a crate::brief::Version,
            &'a crate::marking::filter::Withheld,
        ),
    >,
) -> String {
    let mut out = String::new();
    for (v, w) in versions {
        let summary = w.summary();
        if summary.is_empty() {
            continue;
        }
        if v.suffix.is_empty() {
            out.push_str(&format!("; {summary}"));
        } else {
            out.push_str(&format!("; {}: {summary}", v.suffix));
        }
    }
    out
}

/// Where the run's lines go. Writing never panics: a closed pipe (`| head -1`) stops the lines
/// and lets the work finish; any other failure (a full disk) is said once on standard error and
/// makes the exit code 1, since the report a job relies on was lost.
#[derive(Default)]
struct Report {
    closed: bool,
    lost: bool,
}

impl Report {
    fn line(&mut self, text: &str) {
        if self.closed {
            return;
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
            self.closed = true;
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                self.lost = true;
                complain(&format!("error: cannot write to standard output: {e}\n"));
            }
        }
    }
}

/// Writes to standard error, ignoring failure: there is nowhere left to report it.
fn complain(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

thread_local! {
    /// Whether this thread is running a brief's job, so that the hook keeps the message for
    /// its line; a panic anywhere else is printed as Rust prints it.
    static IN_BRIEF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The message of the panic being handled on this thread.
    static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_BRIEF.with(|b| b.get()) {
            return default(info);
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{what}{at}")));
    }));
}

/// A progress bar on standard error for a batch, when a person is watching: none in logs, in
/// CI, or for a single brief.
fn progress_bar(briefs: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let watched = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !watched || briefs < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(briefs as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} briefs, {elapsed} ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

/// What one brief's job gave: its line and warnings, or its problems.
type Outcome = Result<Done, Diagnostics>;

/// A brief's job done: its line, its warnings, and what the run report says of it.
struct Done {
    line: String,
    /// Nothing was rendered: the outputs were up to date.
    up_to_date: bool,
    warnings: Diagnostics,
    outputs: Vec<OutputReport>,
    withheld: WithheldReport,
}

/// What the versions withheld, as counts by reason (the version's suffix first, where it has
/// one).
fn withheld_report(versions: &[(crate::brief::Version, Withheld)]) -> WithheldReport {
    let mut r = WithheldReport::default();
    for (v, w) in versions {
        for item in &w.0 {
            r.total += 1;
            let reason = if v.suffix.is_empty() {
                item.reason.to_string()
            } else {
                format!("{}: {}", v.suffix, item.reason)
            };
            *r.reasons.entry(reason).or_default() += 1;
        }
    }
    r
}

/// Runs `job` on one brief; a panic becomes an internal error on its line.
fn run_job(path: &std::path::Path, job: &(impl Fn(&std::path::Path) -> Outcome + Sync)) -> Outcome {
    IN_BRIEF.with(|b| b.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(path)));
    IN_BRIEF.with(|b| b.set(false));
    outcome.unwrap_or_else(|_| {
        let what = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
        Err(Diagnostic::new(format!("internal error: {what}"))
            .in_file(path)
            .expected("no internal error: please report this brief to briefwright's developers")
            .into())
    })
}

/// Runs `job` on every brief under `paths` (this shard's, `--jobs` at a time), printing one
/// line per brief in the briefs' order (`ok` or `FAILED`, with the diagnostics on stderr), and
/// with `report_to` the run report dated as given; exit code 1 if any brief failed or a path was
/// bad. A brief that panics fails alone, reported as an internal
/// error: the others still run.
fn for_each_brief(
    paths: &[PathBuf],
    run: &RunArgs,
    report_to: Option<(&std::path::Path, NaiveDate)>,
    job: impl Fn(&std::path::Path) -> Outcome + Sync,
) -> ExitCode {
    let jobs = run.jobs();
    let briefs = match pipeline::discover(paths) {
        Ok(b) => b
            .into_iter()
            .filter(|b| run.shard.is_none_or(|s| s.holds(b)))
            .collect::<Vec<_>>(),
        Err(d) => {
            complain(&d.to_string());
            return ExitCode::from(1);
        }
    };
    let mut report = Report::default();
    let mut failed = 0;
    let progress = progress_bar(briefs.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (done, finished) = std::sync::mpsc::channel::<(usize, (Outcome, f64))>();
    let mut entries = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, briefs.len().max(1)) {
            let done = done.clone();
            let (next, briefs, job) = (&next, &briefs, &job);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = briefs.get(i) else { break };
                let started = Instant::now();
                let outcome = run_job(path, job);
                let seconds = started.elapsed().as_secs_f64();
                if done.send((i, (outcome, seconds))).is_err() {
                    break;
                }
            });
        }
        drop(done);
        // Lines in the briefs' order, each as soon as it and all before it are done.
        let mut waiting = std::collections::BTreeMap::new();
        let mut printed = 0;
        for (i, outcome) in finished {
            waiting.insert(i, outcome);
            progress.inc(1);
            while let Some((outcome, seconds)) = waiting.remove(&printed) {
                let path = &briefs[printed];
                printed += 1;
                entries.push(BriefReport {
                    brief: path.display().to_string(),
                    status: match &outcome {
                        Ok(d) if d.up_to_date => Status::UpToDate,
                        Ok(_) => Status::Ok,
                        Err(_) => Status::Failed,
                    },
                    outputs: Vec::new(),
                    warnings: Vec::new(),
                    problems: Vec::new(),
                    withheld: WithheldReport::default(),
                    seconds,
                });
                let entry = entries.last_mut().expect("just pushed");
                progress.suspend(|| match outcome {
                    Ok(Done {
                        line,
                        warnings,
                        outputs,
                        withheld,
                        ..
                    }) => {
                        entry.warnings = report::lines(&warnings);
                        entry.outputs = outputs;
                        entry.withheld = withheld;
                        let n = warnings.0.len();
                        if n == 0 {
                            report.line(&format!("ok      {line}"));
                        } else {
                            report.line(&format!(
                                "ok      {line}; {n} warning{}",
                                if n == 1 { "" } else { "s" }
                            ));
                            complain(&warnings.to_string());
                        }
                    }
                    Err(d) => {
                        entry.problems = report::lines(&d);
                        failed += 1;
                        let n = d.0.len();
                        report.line(&format!(
                            "FAILED  {} ({n} problem{})",
                            path.display(),
                            if n == 1 { "" } else { "s" }
                        ));
                        complain(&d.to_string());
                    }
                });
            }
        }
    });
    progress.finish_and_clear();
    let mut report_lost = false;
    if let Some((to, as_of)) = report_to {
        let json = serde_json::to_vec_pretty(&RunReport::new(as_of, entries)).unwrap_or_default();
        if let Err((_, e)) = crate::output::write_together(&[(to.to_path_buf(), json)]) {
            complain(&format!(
                "error: cannot write the report {}: {e}\n",
                to.display()
            ));
            report_lost = true;
        }
    }
    if failed > 0 {
        complain(&format!("{failed} of {} briefs failed\n", briefs.len()));
        ExitCode::from(1)
    } else if report.lost || report_lost {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A brief whose job panics fails on its own line as an internal error; the next still runs.
    #[test]
    fn a_panicking_brief_fails_alone() {
        install_panic_hook();
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.json", "b.json"] {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        let ran = std::sync::Mutex::new(Vec::new());
        let run = RunArgs {
            as_of: None,
            deny_warnings: false,
            allow_outside: false,
            jobs: Some(2),
            shard: None,
        };
        let code = for_each_brief(&[dir.path().to_path_buf()], &run, None, |path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            ran.lock().unwrap().push(name.clone());
            if name == "a.json" {
                panic!("boom in {name}");
            }
            Ok(Done {
                up_to_date: false,
                line: name,
                warnings: Diagnostics::default(),
                outputs: Vec::new(),
                withheld: WithheldReport::default(),
            })
        });
        assert_eq!(code, ExitCode::from(1));
        assert_eq!(*ran.lock().unwrap(), ["a.json", "b.json"]);
        assert!(
            PANIC.with(|p| p.borrow().is_none()),
            "the message was taken for the line"
        );
    }
}
