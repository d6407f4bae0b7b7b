//! Markings that cannot spill, checked as a security officer would: a record raised above the
//! ceiling, or not releasable to the brief's audience, must leave no trace in any output (PDF
//! text, outline, Info and XMP; every DOCX part; the Markdown; the file names), and the banner
//! must follow what is printed. Each spill test first shows that the same token does appear
//! when the record is allowed, so the absence it asserts means something.

mod common;
use common::*;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of the shipped `briefs/` folder to edit.
struct Briefs {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Briefs {
    fn new() -> Briefs {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs"),
            &dir.path().join("briefs"),
        );
        Briefs {
            root: dir.path().to_path_buf(),
            _dir: dir,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join("briefs").join(rel)
    }

    fn read(&self, rel: &str) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.path(rel)).unwrap()).unwrap()
    }

    fn write(&self, rel: &str, v: &Value) {
        std::fs::write(self.path(rel), serde_json::to_string_pretty(v).unwrap()).unwrap();
    }

    /// Edits a JSON file in place.
    fn edit(&self, rel: &str, f: impl FnOnce(&mut Value)) {
        let mut v = self.read(rel);
        f(&mut v);
        self.write(rel, &v);
    }

    /// Sets `field` of the record `id` (in any data file) with `f`.
    fn edit_record(&self, id: &str, f: impl FnOnce(&mut Value)) {
        for file in DATA_FILES {
            let mut v = self.read(file);
            let place = KINDS.iter().find_map(|k| {
                let list = v.get(*k).and_then(Value::as_array)?;
                list.iter().position(|r| r["id"] == id).map(|i| (*k, i))
            });
            if let Some((k, i)) = place {
                f(&mut v[k][i]);
                self.write(file, &v);
                return;
            }
        }
        panic!("no record {id}");
    }

    /// Raises record `id` to `level`, as a curator must: its file with it, and (for a source)
    /// every record and judgement citing it, so derivative marking holds.
    fn raise(&self, id: &str, level: &str) {
        self.edit_record(id, |r| r["classification"] = json!(level));
        for file in DATA_FILES {
            self.edit(file, |v| {
                for k in KINDS {
                    for r in v
                        .get_mut(k)
                        .and_then(Value::as_array_mut)
                        .into_iter()
                        .flatten()
                    {
                        let cites = r["sources"]
                            .as_array()
                            .is_some_and(|s| s.contains(&json!(id)))
                            || r["quotes"]
                                .as_array()
                                .is_some_and(|q| q.iter().any(|q| q["source"] == id));
                        if cites {
                            r["classification"] = json!(level);
                        }
                    }
                }
                let records = KINDS
                    .iter()
                    .filter_map(|k| v.get(*k))
                    .filter_map(Value::as_array);
                if records.flatten().any(|r| r["classification"] == level) {
                    v["classification"] = json!(level);
                }
            });
        }
        for brief in BRIEFS {
            self.edit(&format!("{brief}.json"), |b| {
                for j in b["analysis"]["key_judgements"].as_array_mut().unwrap() {
                    if j["sources"].as_array().unwrap().contains(&json!(id)) {
                        j["classification"] = json!(level);
                    }
                }
            });
        }
    }

    fn set_ceiling(&self, level: &str) {
        for brief in BRIEFS {
            self.edit(&format!("{brief}.json"), |b| b["ceiling"] = json!(level));
        }
    }

    /// Builds every brief in every format into `out/`; returns the output.
    fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "--as-of", "2026-11-22", "--format", "pdf,docx,md"];
        args.extend(extra);
        briefwright(&args, &self.root)
    }

    /// Everything a reader or a program can get out of `out/`: file names, PDF page text,
    /// outline, Info and XMP, every DOCX part's text, the Markdown.
    fn everything(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(self.root.join("out")).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The record of inputs (`.briefwright/`, hashes only) and the editions'
                // snapshots (`editions/<brief>/<date>.json`): names and text.
                for file in files_under(&path) {
                    let name = file
                        .strip_prefix(self.root.join("out"))
                        .unwrap()
                        .display()
                        .to_string();
                    found.push((format!("{name} (file name)"), name.clone()));
                    found.push((name, std::fs::read_to_string(&file).unwrap()));
                }
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            found.push((format!("{name} (file name)"), name.clone()));
            let bytes = std::fs::read(&path).unwrap();
            match path.extension().and_then(|e| e.to_str()) {
                Some("pdf") => found.extend(pdf_texts(&name, &bytes)),
                Some("docx") => found.extend(docx_parts(&name, &bytes)),
                _ => found.push((name, text(&bytes))),
            }
        }
        found
    }

    fn assert_nowhere(&self, needle: &str) {
        for (place, t) in self.everything() {
            assert!(!t.contains(needle), "{needle:?} spilled into {place}");
        }
    }

    /// The places `needle` appears in.
    fn places(&self, needle: &str) -> Vec<String> {
        self.everything()
            .into_iter()
            .filter(|(_, t)| t.contains(needle))
            .map(|(p, _)| p)
            .collect()
    }
}

const DATA_FILES: [&str; 5] = [
    "data/glossary.json",
    "data/sources.json",
    "data/visits.json",
    "data/programmes.json",
    "data/threats.json",
];
const KINDS: [&str; 5] = ["sources", "visits", "programmes", "threats", "terms"];
const BRIEFS: [&str; 2] = ["nato-azerbaijan", "shekerinska-visit"];

/// A token no shipped text contains, put into a printed field of record `id`.
fn plant(b: &Briefs, id: &str, field: &str, token: &str) {
    b.edit_record(id, |r| {
        let old = r[field].as_str().unwrap_or_default().to_string();
        r[field] = json!(format!("{old} {token}"));
    });
}

#[test]
fn a_record_above_the_ceiling_reaches_no_output_and_is_counted() {
    // One record of each kind: a visit, a programme, a threat, a term, and a source with what
    // cites it.
    let cases = [
        ("stoltenberg-2024", "place", "Qzvisitxq"),
        ("parp", "summary", "Qzprogxq"),
        // A threat's title is printed by the threat matrix, its key and the bookmarks too.
        ("high-north", "title", "Qzthreatxq"),
        // A curated term's expansion is printed by the glossary.
        ("purl", "expansion", "Qztermxq"),
        ("colomina-baku-2022", "label", "Qzsourcexq"),
    ];
    for (id, field, token) in cases {
        let b = Briefs::new();
        plant(&b, id, field, token);
        b.raise(id, "NATO SECRET");

        // Allowed, it prints: the token is there to be found, under a NATO SECRET banner.
        b.set_ceiling("NATO SECRET");
        let out = b.build(&[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(!b.places(token).is_empty(), "{token} not printed at all");
        let country = b.places("NATO SECRET");
        assert!(
            country
                .iter()
                .any(|p| p.starts_with("nato-azerbaijan.pdf page 1")),
            "{country:?}"
        );
        std::fs::remove_dir_all(b.root.join("out")).unwrap();

        // Above the ceiling, it is withheld: nowhere in any output, and the line counts it.
        b.set_ceiling("NATO UNCLASSIFIED");
        let out = b.build(&[]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            stdout.contains("withheld ") && stdout.contains("above ceiling NATO UNCLASSIFIED"),
            "{stdout}"
        );
        b.assert_nowhere(token);
        b.assert_nowhere("NATO SECRET");
        b.assert_nowhere("(NS)");
        assert!(!stdout.contains(token) && !text(&out.stderr).contains(token));
    }
}

#[test]
fn a_record_not_releasable_to_the_audience_is_withheld_with_its_reason() {
    let b = Briefs::new();
    plant(&b, "black-sea", "description", "Qzreleasexq");
    b.edit_record("black-sea", |r| r["releasable_to"] = json!(["NATO", "AZE"]));
    let out = b.build(&["--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("; withheld 1 (not releasable to PUBLIC: 1)"),
        "{stdout}"
    );
    b.assert_nowhere("Qzreleasexq");

    // Released to NATO and Azerbaijan, it prints, and the releasability line says so.
    b.edit("nato-azerbaijan.json", |v| {
        v["release_to"] = json!(["NATO", "AZE"])
    });
    let out = b.build(&["briefs/nato-azerbaijan.json", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(b.root.join("out/nato-azerbaijan.md")).unwrap();
    assert!(md.contains("Qzreleasexq"));
    assert!(
        md.contains("**Classification:** NATO UNCLASSIFIED — Releasable to NATO and AZE"),
        "{md}"
    );
}

#[test]
fn the_banner_follows_the_highest_marking_printed_in_both_formats() {
    for (level, abbreviation) in [
        ("NATO UNCLASSIFIED", None),
        ("NATO RESTRICTED", Some("(NR)")),
        ("NATO SECRET", Some("(NS)")),
    ] {
        let b = Briefs::new();
        b.set_ceiling("NATO SECRET");
        if level != "NATO UNCLASSIFIED" {
            b.edit_record("kfor", |r| r["classification"] = json!(level));
            b.edit("data/programmes.json", |v| {
                v["classification"] = json!(level)
            });
        }
        let out = b.build(&["briefs/nato-azerbaijan.json"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let all = b.everything();
        let get = |place: &str| {
            all.iter()
                .find(|(p, _)| p == place)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| panic!("no {place}"))
        };
        let line = format!("{level} — RELEASABLE TO THE PUBLIC");
        for n in 1..=3 {
            let page = get(&format!("nato-azerbaijan.pdf page {n}"));
            assert_eq!(page.matches(&line).count(), 2, "page {n}: {page}");
        }
        assert!(get("nato-azerbaijan.docx word/header1.xml").contains(&line));
        assert!(get("nato-azerbaijan.docx word/footer1.xml").contains(&line));
        assert_eq!(
            get("nato-azerbaijan.docx docProps/custom.xml")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            format!("{level} Releasable to the public")
        );
        let pdf_meta = get("nato-azerbaijan.pdf strings, outline, Info and XMP");
        assert!(
            pdf_meta.contains(&format!(
                "<pdfx:Classification>{level}</pdfx:Classification>"
            )),
            "XMP"
        );
        let md = get("nato-azerbaijan.md");
        assert!(md.contains(&format!(
            "**Classification:** {level} — Releasable to the public"
        )));
        // Portion marks come with anything above NATO UNCLASSIFIED, on every record's paragraph.
        match abbreviation {
            None => assert!(!md.contains("(NU) ")),
            Some(a) => {
                assert!(
                    md.contains(&format!(
                        "- {a} **NATO-led peacekeeping operation in Kosovo**"
                    )),
                    "{md}"
                );
                assert!(md.contains("1. (NU) NATO–Azerbaijan cooperation"), "{md}");
                assert!(md.contains("| (NU) Russia"), "{md}");
                // A chart's caption is marked by the highest record it draws.
                assert!(
                    md.contains(&format!("```chart\n{a} {{\"id\":\"fig-programmes\"")),
                    "{md}"
                );
                assert!(
                    md.contains("```chart\n(NU) {\"id\":\"fig-threats\""),
                    "{md}"
                );
                let pages: String = (1..=14)
                    .filter_map(|n| {
                        all.iter()
                            .find(|(p, _)| *p == format!("nato-azerbaijan.pdf page {n}"))
                    })
                    .map(|(_, t)| t.clone())
                    .collect();
                assert!(pages.contains(&format!("{a} Figure 2.")), "{pages}");
            }
        }
    }
}

#[test]
fn versions_render_a_staff_and_a_public_memo_from_one_brief() {
    let b = Briefs::new();
    plant(&b, "information-threats", "description", "Qzstaffxq");
    b.edit_record("information-threats", |r| {
        r["classification"] = json!("NATO SECRET");
        r["releasable_to"] = json!(["NATO"]);
    });
    b.edit("data/threats.json", |v| {
        v["classification"] = json!("NATO SECRET")
    });
    b.edit("nato-azerbaijan.json", |v| {
        v["versions"] = json!([
            {"suffix": "-staff", "ceiling": "NATO SECRET", "release_to": ["NATO"]},
            {"suffix": "-public", "ceiling": "NATO UNCLASSIFIED", "release_to": ["PUBLIC"]}
        ]);
    });
    let out = b.build(&["briefs/nato-azerbaijan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("; -public: withheld 1 (above ceiling NATO UNCLASSIFIED: 1)"),
        "{}",
        text(&out.stdout)
    );
    let mut names: Vec<String> = std::fs::read_dir(b.root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".briefwright" && n != "editions")
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "nato-azerbaijan-public.docx",
            "nato-azerbaijan-public.md",
            "nato-azerbaijan-public.pdf",
            "nato-azerbaijan-staff.docx",
            "nato-azerbaijan-staff.md",
            "nato-azerbaijan-staff.pdf"
        ]
    );
    let places = b.places("Qzstaffxq");
    assert!(!places.is_empty());
    assert!(
        places.iter().all(|p| p.starts_with("nato-azerbaijan-staff")
            || p.starts_with("editions/nato-azerbaijan-staff/")),
        "{places:?}"
    );
    let staff = std::fs::read_to_string(b.root.join("out/nato-azerbaijan-staff.md")).unwrap();
    assert!(staff.contains("**Classification:** NATO SECRET — Releasable to NATO"));
    let public = std::fs::read_to_string(b.root.join("out/nato-azerbaijan-public.md")).unwrap();
    assert!(public.contains("**Classification:** NATO UNCLASSIFIED — Releasable to the public"));
}

#[test]
fn check_lists_what_is_withheld_only_when_asked() {
    let b = Briefs::new();
    b.raise("resolute-support", "NATO CONFIDENTIAL");
    let out = briefwright(&["check", "--as-of", "2026-11-22"], &b.root);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("withheld 1 (above ceiling NATO UNCLASSIFIED: 1)"),
        "{stdout}"
    );
    assert!(!stdout.contains("resolute-support"), "{stdout}");
    let out = briefwright(
        &["check", "--as-of", "2026-11-22", "--show-withheld"],
        &b.root,
    );
    assert!(
        text(&out.stdout).contains(
            "withheld from this brief: programme \"resolute-support\" (above ceiling NATO UNCLASSIFIED)"
        ),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_withheld_focus_fails_the_brief_with_a_clear_error() {
    let b = Briefs::new();
    b.edit_record("shekerinska-2026", |r| r["releasable_to"] = json!(["NATO"]));
    let out = b.build(&["briefs/shekerinska-visit.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: the brief's focus \"shekerinska-2026\" is withheld from this brief: not releasable to PUBLIC\n  --> briefs/shekerinska-visit.json\n   = at: $.focus\n   = expected: a focus record the version may contain (a higher ceiling, fewer audiences, or another focus)\n1 of 1 briefs failed\n"
    );
    assert!(!b.root.join("out").exists());
}

/// The first error of `check` on the copy, with the temporary root cut off.
fn first_error(b: &Briefs) -> String {
    let out = briefwright(&["check", "--as-of", "2026-11-22"], &b.root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    let first = err.split("\nerror: ").next().unwrap();
    first
        .lines()
        .filter(|l| !l.ends_with("briefs failed"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn derivative_marking_errors_name_both_markings_at_the_record() {
    // A record below a source it cites.
    let b = Briefs::new();
    b.edit_record("ukdj-shekerinska-visit", |r| {
        r["classification"] = json!("NATO RESTRICTED")
    });
    b.edit("data/sources.json", |v| {
        v["classification"] = json!("NATO RESTRICTED")
    });
    let e = first_error(&b);
    assert!(
        e.starts_with("error: visit \"shekerinska-2026\" is marked NATO UNCLASSIFIED but cites source \"ukdj-shekerinska-visit\", marked NATO RESTRICTED\n  --> briefs/data/visits.json:"),
        "{e}"
    );
    assert!(
        e.ends_with("= at: $.visits[2].classification\n   = expected: a marking of at least NATO RESTRICTED: a record is marked as high as every source it cites"),
        "{e}"
    );

    // A record releasable to more than its source.
    let b = Briefs::new();
    b.edit_record("stoltenberg-baku-2024", |r| {
        r["releasable_to"] = json!(["NATO"])
    });
    let e = first_error(&b);
    assert!(
        e.starts_with("error: visit \"stoltenberg-2024\" is releasable to PUBLIC but cites source \"stoltenberg-baku-2024\", releasable to NATO\n  --> briefs/data/visits.json:"),
        "{e}"
    );
    assert!(
        e.ends_with("   = expected: releasable to no one its sources are not: at most NATO"),
        "{e}"
    );

    // A record above its file.
    let b = Briefs::new();
    b.edit_record("eapc", |r| r["classification"] = json!("NATO SECRET"));
    let e = first_error(&b);
    assert!(
        e.starts_with("error: programme \"eapc\" is marked NATO SECRET, above its file's marking NATO UNCLASSIFIED\n  --> briefs/data/programmes.json:"),
        "{e}"
    );

    // An unknown audience code.
    let b = Briefs::new();
    b.edit_record("eapc", |r| r["releasable_to"] = json!(["NATO", "XYZ"]));
    let e = first_error(&b);
    assert!(
        e.starts_with("error: unknown audience code \"XYZ\"\n  --> briefs/data/programmes.json:"),
        "{e}"
    );
    assert!(
        e.ends_with("   = expected: PUBLIC, NATO, EAPC, PfP or an ISO 3166-1 alpha-3 country code such as AZE"),
        "{e}"
    );
}

#[test]
fn a_template_that_prints_a_record_without_a_portion_mark_fails_under_portion_marking() {
    let b = Briefs::new();
    b.edit("nato-azerbaijan.json", |v| v["portion_marks"] = json!(true));
    let t = b.path("templates/country-brief.md.hbs");
    let template = std::fs::read_to_string(&t).unwrap();
    std::fs::write(
        &t,
        template.replace(
            "- {{portion}}{{this}}\n{{/each}}\n\n{{/if}}\n{{/each}}\n## Regional",
            "- {{this}}\n{{/each}}\n\n{{/if}}\n{{/each}}\n## Regional",
        ),
    )
    .unwrap();
    let out = b.build(&["briefs/nato-azerbaijan.json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: a list item prints threat \"russia-hybrid\" without a portion mark\n  --> briefs/templates/country-brief.md.hbs (merged Markdown)\n"),
        "{err}"
    );
    assert!(!b.root.join("out").exists());
}

#[test]
fn characters_reserved_for_marking_are_refused_where_they_stand() {
    let b = Briefs::new();
    b.edit_record("eapc", |r| {
        r["summary"] = json!("forged \u{F0002}\u{F0001} mark")
    });
    let e = first_error(&b);
    assert!(
        e.starts_with("error: the text contains U+F0002, a character briefwright reserves for tracing markings\n  --> briefs/data/programmes.json:"),
        "{e}"
    );
    assert!(e.contains("= at: $.programmes[1].summary"), "{e}");
}

/// Issue 10: editions compare with the previous one. A record printed last week and raised
/// above the ceiling since must not come back as "removed" (nor in the new snapshot): this
/// week's outputs carry no trace of it. Last week's snapshot is history, left as it was.
#[test]
fn a_record_raised_since_the_last_edition_is_not_listed_as_a_change() {
    let b = Briefs::new();
    plant(&b, "sps", "name", "Qzeditionxq");
    let build = |as_of: &str| {
        let out = briefwright(
            &["build", "--as-of", as_of, "--format", "pdf,docx,md"],
            &b.root,
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    };
    build("2026-11-15");
    b.edit_record("sps", |r| r["summary"] = json!("A changed summary."));
    build("2026-11-22");
    let md = std::fs::read_to_string(b.root.join("out/nato-azerbaijan.md")).unwrap();
    assert!(
        md.contains("Changes since 15 November 2026") && md.contains("summary from"),
        "a change the version may show is shown: the control\n{md}"
    );
    b.raise("sps", "NATO SECRET");
    build("2026-11-22");
    assert_eq!(
        b.places("Qzeditionxq"),
        [
            "editions/nato-azerbaijan/2026-11-15.json",
            "editions/shekerinska-visit/2026-11-15.json"
        ]
    );
}
