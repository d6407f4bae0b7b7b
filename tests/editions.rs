//! Issue 10: editions. Each build keeps a snapshot of what each version rendered; the next
//! edition shows what changed since, in the PDF and the DOCX; `diff` prints it; `watch`
//! renders again after an edit and keeps going after a bad one.

mod common;
use common::*;

use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

fn edit(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn build(root: &Path, args: &[&str]) -> String {
    let mut all = vec![
        "build",
        "briefs/nato-azerbaijan.json",
        "--format",
        "pdf,docx,md",
    ];
    all.extend(args);
    let out = briefwright(&all, root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The page text of a PDF and the text of a DOCX's body, whitespace collapsed.
fn pdf_and_docx(out: &Path) -> [(String, String); 2] {
    let pdf = std::fs::read(out.join("nato-azerbaijan.pdf")).unwrap();
    let pages: Vec<String> = pdf_texts("pdf", &pdf)
        .into_iter()
        .filter(|(place, _)| place.contains(" page "))
        .map(|(_, t)| t)
        .collect();
    let docx = std::fs::read(out.join("nato-azerbaijan.docx")).unwrap();
    let body = docx_parts("docx", &docx)
        .into_iter()
        .find(|(place, _)| place.ends_with("word/document.xml"))
        .unwrap()
        .1;
    [
        ("PDF".into(), pages.join(" ")),
        ("DOCX".into(), collapse(&body)),
    ]
}

#[test]
fn a_changed_likelihood_and_a_new_visit_appear_in_the_next_edition() {
    let (_dir, root) = copy_of_briefs();
    let threats = root.join("briefs/data/threats.json");
    let visits = root.join("briefs/data/visits.json");
    let (threats_now, visits_now) = (
        std::fs::read(&threats).unwrap(),
        std::fs::read(&visits).unwrap(),
    );
    // Last week's edition: before Stoltenberg's visit was recorded, with Russia "likely".
    edit(&threats, |v| {
        for t in v["threats"].as_array_mut().unwrap() {
            if t["id"] == "russia-hybrid" {
                t["assessment"]["likelihood"] = "likely".into();
            }
        }
    });
    edit(&visits, |v| {
        v["visits"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["id"] != "stoltenberg-2024");
    });
    build(&root, &["--as-of", "2026-11-15"]);
    let out = root.join("out");
    for (format, t) in pdf_and_docx(&out) {
        assert!(
            !t.contains("Changes since"),
            "the first edition has none ({format})"
        );
    }
    assert!(out
        .join("editions/nato-azerbaijan/2026-11-15.json")
        .is_file());

    // This week's: the data as shipped.
    std::fs::write(&threats, &threats_now).unwrap();
    std::fs::write(&visits, &visits_now).unwrap();
    build(&root, &["--as-of", "2026-11-22"]);
    for (format, t) in pdf_and_docx(&out) {
        for wanted in [
            "Changes since 15 November 2026",
            "New visit: Jens Stoltenberg in Baku, Azerbaijan, 17–18 March 2024",
            "Russia: the most significant and direct threat to Allies: likelihood from likely to very likely",
        ] {
            assert!(t.contains(wanted), "{format} lacks {wanted:?}:\n{t}");
        }
    }

    // `diff` prints the same for a terminal; its exit code says whether anything changed.
    let editions = out.join("editions/nato-azerbaijan");
    let (old, new) = (
        editions.join("2026-11-15.json"),
        editions.join("2026-11-22.json"),
    );
    let d = briefwright(
        &["diff", old.to_str().unwrap(), new.to_str().unwrap()],
        &root,
    );
    assert_eq!(d.status.code(), Some(1), "{}", text(&d.stderr));
    assert_eq!(
        text(&d.stdout),
        "NATO UNCLASSIFIED\n\
         nato-azerbaijan: 2 changes since 15 November 2026 (edition of 22 November 2026)\n  \
         + visit stoltenberg-2024: Jens Stoltenberg in Baku, Azerbaijan, 17–18 March 2024\n  \
         ~ threat russia-hybrid: Russia: the most significant and direct threat to Allies\n      \
         likelihood from likely to very likely\n"
    );
    let same = briefwright(
        &["diff", new.to_str().unwrap(), new.to_str().unwrap()],
        &root,
    );
    assert_eq!(same.status.code(), Some(0));
    assert!(text(&same.stdout).contains(": no changes since 22 November 2026"));

    // Re-running the date compares with the same earlier edition: the same bytes.
    let pdf = std::fs::read(out.join("nato-azerbaijan.pdf")).unwrap();
    assert!(build(&root, &["--as-of", "2026-11-22"]).contains("(up-to-date)"));
    build(&root, &["--as-of", "2026-11-22", "--force"]);
    assert_eq!(std::fs::read(out.join("nato-azerbaijan.pdf")).unwrap(), pdf);

    // `--since` compares with a snapshot kept anywhere: into a fresh folder, the same memo.
    build(
        &root,
        &[
            "--as-of",
            "2026-11-22",
            "--out",
            "fresh",
            "--since",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read(root.join("fresh/nato-azerbaijan.pdf")).unwrap(),
        pdf
    );
}

#[test]
fn a_snapshot_that_cannot_be_used_is_an_error_naming_it() {
    let (_dir, root) = copy_of_briefs();
    std::fs::write(root.join("bad.json"), "{\"snapshot\": 1,\n \"brief\": [").unwrap();
    let out = briefwright(&["build", "--since", "bad.json"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.json:2:") && err.contains("not an edition snapshot"),
        "{err}"
    );
    assert!(!root.join("out").exists(), "nothing was built");

    build(&root, &["--as-of", "2026-11-15"]);
    let snapshot = root.join("out/editions/nato-azerbaijan/2026-11-15.json");
    let out = briefwright(
        &[
            "build",
            "briefs/shekerinska-visit.json",
            "--since",
            snapshot.to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "the snapshot is of the brief \"nato-azerbaijan\", which this run does not build"
        ),
        "{}",
        text(&out.stderr)
    );

    let d = briefwright(&["diff", "bad.json", snapshot.to_str().unwrap()], &root);
    assert_eq!(d.status.code(), Some(2));
}

/// Lines a child process writes, collected as they come.
fn collect(mut from: impl Read + Send + 'static) -> std::sync::Arc<std::sync::Mutex<String>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let to = seen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            to.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    seen
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn watch_renders_again_after_an_edit_and_survives_a_bad_one() {
    let (_dir, root) = copy_of_briefs();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args([
            "watch",
            "briefs/shekerinska-visit.json",
            "--as-of",
            "2026-11-22",
            "--format",
            "md",
        ])
        .current_dir(&root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = collect(child.stdout.take().unwrap());
    let stderr = collect(child.stderr.take().unwrap());
    let md = root.join("out/shekerinska-visit.md");
    let memo = || std::fs::read_to_string(&md).unwrap_or_default();
    wait_for("the first render", || memo().contains("Shekerinska"));

    let visits = root.join("briefs/data/visits.json");
    let good = std::fs::read_to_string(&visits).unwrap();
    let edited = good.replace(
        "Stability in the Black Sea region",
        "Stability in the Black Sea (edited)",
    );
    assert_ne!(edited, good);
    std::fs::write(&visits, &edited).unwrap();
    wait_for("the render after the edit", || {
        memo().contains("Black Sea (edited)")
    });

    std::fs::write(&visits, "{ \"visits\": [").unwrap();
    wait_for("the bad edit's error", || {
        stderr.lock().unwrap().contains("invalid JSON")
    });
    assert!(
        child.try_wait().unwrap().is_none(),
        "watch keeps running after a bad edit"
    );
    assert!(
        memo().contains("Black Sea (edited)"),
        "the good output stays"
    );

    std::fs::write(&visits, &good).unwrap();
    wait_for("the render after the fix", || {
        let m = memo();
        m.contains("Stability in the Black Sea region") && !m.contains("(edited)")
    });
    // The file is written before its line is printed: wait for the line too.
    let ok_lines = || {
        stdout
            .lock()
            .unwrap()
            .matches("ok      briefs/shekerinska-visit.json")
            .count()
    };
    wait_for("the line of the render after the fix", || ok_lines() >= 3);
    child.kill().unwrap();
    let _ = child.wait();
    let lines = stdout.lock().unwrap().clone();
    // A loaded machine may see a write as two changes (truncated, then written) and render or
    // report it twice; what matters is that every state is rendered or reported and watch
    // goes on.
    assert!(
        lines
            .matches("ok      briefs/shekerinska-visit.json")
            .count()
            >= 3,
        "{lines}"
    );
    assert!(
        lines
            .matches("FAILED  briefs/shekerinska-visit.json")
            .count()
            >= 1,
        "{lines}"
    );
}
