//! Derivative marking: a record is marked at least as high as every source it cites and is
//! releasable to no one its sources are not; a data file is marked at least as high as its
//! highest record; a brief's ceilings are not below its own marking. Each violation is an error
//! at the record that names both markings.

use super::{item, member, Parsed};
use crate::brief::BriefFile;
use crate::data::model::{Classification, DataFile, Record};
use crate::diag::Diagnostics;
use crate::marking::{Audience, Releasability};
use std::collections::{HashMap, HashSet};

/// A marking as the checks compare it.
struct Mark {
    classification: Classification,
    releasable_to: Releasability,
}

/// A record's effective releasability: its own, else its file's, else NATO only.
pub fn effective(own: Option<&[Audience]>, file: Option<&[Audience]>) -> Releasability {
    own.or(file)
        .map(Releasability::new)
        .unwrap_or_else(Releasability::nato_only)
}

pub fn check(brief: &Parsed<BriefFile>, files: &[Parsed<DataFile>]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut sources: HashMap<&str, Mark> = HashMap::new();
    for f in files {
        for s in &f.value.sources {
            sources.insert(
                &s.id,
                Mark {
                    classification: s.classification,
                    releasable_to: effective(s.releasable_to(), f.value.releasable_to.as_deref()),
                },
            );
        }
    }
    for f in files {
        let file_default = f.value.releasable_to.as_deref();
        check_file(
            f,
            "sources",
            &f.value.sources,
            file_default,
            &sources,
            &mut diags,
        );
        check_file(
            f,
            "visits",
            &f.value.visits,
            file_default,
            &sources,
            &mut diags,
        );
        check_file(
            f,
            "programmes",
            &f.value.programmes,
            file_default,
            &sources,
            &mut diags,
        );
        check_file(
            f,
            "threats",
            &f.value.threats,
            file_default,
            &sources,
            &mut diags,
        );
        check_file(
            f,
            "terms",
            &f.value.terms,
            file_default,
            &sources,
            &mut diags,
        );
    }

    let b = &brief.value;
    for (i, j) in b.analysis.key_judgements.iter().enumerate() {
        let at = item("$.analysis.key_judgements", i);
        let mark = Mark {
            classification: j.classification.unwrap_or(b.classification),
            releasable_to: Releasability::new(j.releasable_to.as_deref().unwrap_or(&b.release_to)),
        };
        let name = format!("key judgement {}", i + 1);
        let place = |field: &str, present: bool| {
            if present {
                member(&at, field)
            } else {
                member(&at, "text")
            }
        };
        let class_at = place("classification", j.classification.is_some());
        let rel_at = place("releasable_to", j.releasable_to.is_some());
        let cited: Vec<&str> = j.sources.iter().map(String::as_str).collect();
        for problem in against_sources(&name, &mark, &cited, &sources) {
            let at = if problem.1 { &class_at } else { &rel_at };
            diags.push(brief.diag(problem.0, at, false).expected(problem.2));
        }
    }
    let ceilings = b
        .ceiling
        .iter()
        .map(|c| (*c, "$.ceiling".to_string()))
        .chain(
            b.versions
                .iter()
                .enumerate()
                .map(|(i, v)| (v.ceiling, member(&item("$.versions", i), "ceiling"))),
        );
    for (ceiling, at) in ceilings {
        if ceiling < b.classification {
            diags.push(
                brief
                    .diag(
                        format!(
                            "the ceiling {} is below the brief's own marking {}",
                            ceiling.label(),
                            b.classification.label()
                        ),
                        &at,
                        false,
                    )
                    .expected(format!(
                        "a ceiling of at least {} (the banner never prints below the brief's \
                         classification)",
                        b.classification.label()
                    )),
            );
        }
    }
    let mut suffixes = HashSet::new();
    for (i, v) in b.versions.iter().enumerate() {
        if !suffixes.insert(v.suffix.as_str()) {
            diags.push(
                brief
                    .diag(
                        format!("two versions share the suffix {:?}", v.suffix),
                        &member(&item("$.versions", i), "suffix"),
                        false,
                    )
                    .expected("a suffix no other version uses: each version has its own files"),
            );
        }
    }
    diags
}

/// The records of one kind in one file against their file's marking and their sources.
fn check_file<R: Record>(
    f: &Parsed<DataFile>,
    key: &str,
    records: &[R],
    file_default: Option<&[Audience]>,
    sources: &HashMap<&str, Mark>,
    diags: &mut Diagnostics,
) {
    for (i, r) in records.iter().enumerate() {
        let at = item(&format!("$.{key}"), i);
        let class_at = member(&at, "classification");
        let rel_at = if r.releasable_to().is_some() {
            member(&at, "releasable_to")
        } else {
            class_at.clone()
        };
        let name = format!("{} \"{}\"", R::KIND, r.id());
        if r.classification() > f.value.classification {
            diags.push(
                f.diag(
                    format!(
                        "{name} is marked {}, above its file's marking {}",
                        r.classification().label(),
                        f.value.classification.label()
                    ),
                    &class_at,
                    false,
                )
                .expected(format!(
                    "a file \"classification\" of at least {} (a file is marked as high as \
                     its highest record), or a lower marking for the record",
                    r.classification().label()
                )),
            );
        }
        let mark = Mark {
            classification: r.classification(),
            releasable_to: effective(r.releasable_to(), file_default),
        };
        for problem in against_sources(&name, &mark, &r.cited(), sources) {
            let at = if problem.1 { &class_at } else { &rel_at };
            diags.push(f.diag(problem.0, at, false).expected(problem.2));
        }
    }
}

/// Each way `mark` is below a source it cites: (message, about the classification?, expected).
fn against_sources(
    name: &str,
    mark: &Mark,
    cited: &[&str],
    sources: &HashMap<&str, Mark>,
) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for id in cited {
        if !seen.insert(*id) {
            continue;
        }
        // Unknown ids are reported by the reference checks.
        let Some(s) = sources.get(id) else { continue };
        if mark.classification < s.classification {
            out.push((
                format!(
                    "{name} is marked {} but cites source \"{id}\", marked {}",
                    mark.classification.label(),
                    s.classification.label()
                ),
                true,
                format!(
                    "a marking of at least {}: a record is marked as high as every source it \
                     cites",
                    s.classification.label()
                ),
            ));
        }
        if !s.releasable_to.covers_all(&mark.releasable_to) {
            out.push((
                format!(
                    "{name} is releasable to {} but cites source \"{id}\", releasable to {}",
                    mark.releasable_to.codes(),
                    s.releasable_to.codes()
                ),
                false,
                format!(
                    "releasable to no one its sources are not: at most {}",
                    mark.releasable_to.intersect(&s.releasable_to).codes()
                ),
            ));
        }
    }
    out
}
