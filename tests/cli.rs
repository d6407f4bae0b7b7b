//! The command line as a user runs it: exit codes, one line per brief, a failing brief that
//! leaves the others rendered and its own old outputs untouched, reproducible bytes.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefwright(&["build", "--as-of", "22/11/2026"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("invalid date \"22/11/2026\": expected YYYY-MM-DD"),
        "{}",
        text(&out.stderr)
    );
    let out = briefwright(&["build", "--format", "odt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format \"odt\": expected docx, pdf or md"));
    assert_eq!(
        briefwright(&["frobnicate"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn help_shows_an_example_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "watch", "check", "diff", "schema"] {
        let out = briefwright(&[cmd, "--help"], dir.path());
        assert_eq!(out.status.code(), Some(0));
        assert!(
            text(&out.stdout).contains(&format!("briefwright {cmd}")),
            "{cmd} --help has no example"
        );
    }
}

#[test]
fn builds_every_shipped_brief_with_one_line_each() {
    let (_dir, root) = copy_of_briefs();
    let out = briefwright(
        &["build", "--as-of", "2026-11-22", "--format", "md,docx"],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let briefs = std::fs::read_dir(root.join("briefs"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        briefs,
        "{stdout}"
    );
    assert!(root.join("out/nato-azerbaijan.docx").is_file());
    assert!(root.join("out/shekerinska-visit.md").is_file());
}

#[test]
fn a_failing_brief_does_not_stop_the_others_nor_replace_its_good_output() {
    let (_dir, root) = copy_of_briefs();
    let args = ["build", "--as-of", "2026-11-22", "--format", "md"];
    assert_eq!(briefwright(&args, &root).status.code(), Some(0));
    let good = std::fs::read(root.join("out/shekerinska-visit.md")).unwrap();

    // Break the visit brief: its focus names no record.
    let path = root.join("briefs/shekerinska-visit.json");
    let broken = std::fs::read_to_string(&path).unwrap().replacen(
        "\"focus\": \"",
        "\"focus\": \"no-such-",
        1,
    );
    std::fs::write(&path, broken).unwrap();
    let out = briefwright(&args, &root);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ok      briefs/nato-azerbaijan.json"),
        "{stdout}"
    );
    assert!(
        stdout.contains("FAILED  briefs/shekerinska-visit.json"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("briefs/shekerinska-visit.json:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(root.join("out/shekerinska-visit.md")).unwrap(),
        good
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".briefwright")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn same_inputs_and_date_give_identical_bytes() {
    let (_dir, root) = copy_of_briefs();
    let run = |out: &str| {
        let o = briefwright(
            &[
                "build",
                "--as-of",
                "2026-11-22",
                "--out",
                out,
                "--format",
                "docx,pdf,md",
            ],
            &root,
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    };
    run("a");
    run("b");
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        for ext in ["docx", "pdf", "md"] {
            let a = std::fs::read(root.join(format!("a/{name}.{ext}"))).unwrap();
            let b = std::fs::read(root.join(format!("b/{name}.{ext}"))).unwrap();
            assert!(a == b, "{name}.{ext} differs between two builds");
        }
    }
}

#[test]
fn source_date_epoch_sets_the_default_date() {
    let (_dir, root) = copy_of_briefs();
    let o = Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args(["build", "briefs/shekerinska-visit.json", "--format", "md"])
        .current_dir(&root)
        .env("SOURCE_DATE_EPOCH", "1795305600") // 2026-11-22T00:00:00Z
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(root.join("out/shekerinska-visit.md")).unwrap();
    assert!(md.contains("22 November 2026"), "{md}");
}

#[test]
fn check_validates_without_writing() {
    let (_dir, root) = copy_of_briefs();
    let out = briefwright(&["check"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!root.join("out").exists());
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefwright(&["check", "nowhere.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: no such file or folder\n  --> nowhere.json\n   = expected: a brief file (.json) or a folder of them\n"
    );
}

#[test]
fn schema_prints_json_schema() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["brief", "visit", "programme", "threat", "source"] {
        let out = briefwright(&["schema", kind], dir.path());
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            v.get("$schema").is_some() || v.get("properties").is_some(),
            "{kind}: {v}"
        );
    }
}

/// Each kind of bad input, as the user sees it: the exact report on stderr, exit 1, no file.
#[test]
fn bad_input_is_reported_exactly_and_writes_nothing() {
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "briefs/data/visits.json",
            "\"place\": \"Baku, Azerbaijan\",",
            "\"place\": 42,",
            "error: wrong type: found 42\n  --> briefs/data/visits.json:14:16\n     |\n  14 |       \"place\": 42,\n     |                ^\n   = at: $.visits[0].place\n   = expected: a value of type string\n",
        ),
        (
            "briefs/data/visits.json",
            "\"start\": \"2024-03-17\"",
            "\"start\": \"2024-02-30\"",
            "error: invalid date \"2024-02-30\": no such day in the calendar\n  --> briefs/data/visits.json:61:16\n     |\n  61 |       \"start\": \"2024-02-30\",\n     |                ^\n   = at: $.visits[1].start\n   = expected: a calendar date written YYYY, YYYY-MM or YYYY-MM-DD, or an interval EARLIEST/LATEST of two such dates\n",
        ),
        (
            "briefs/templates/visit-brief.md.hbs",
            "{{> title-block}}",
            "{{> title-block}}\n{{brief.nonexistent}}",
            "error: the template reads `brief.nonexistent`, which the data does not have\n  --> briefs/templates/visit-brief.md.hbs:5:1\n    |\n  5 | {{brief.nonexistent}}\n    | ^\n   = at: brief.nonexistent\n   = expected: a field that exists in the data (strict mode)\n",
        ),
    ];
    for (file, from, to, expected) in cases {
        let (_dir, root) = copy_of_briefs();
        let path = root.join(file);
        let text_in = std::fs::read_to_string(&path).unwrap();
        assert!(text_in.contains(from), "{file} has {from}");
        std::fs::write(&path, text_in.replacen(from, to, 1)).unwrap();
        let out = briefwright(
            &[
                "build",
                "briefs/shekerinska-visit.json",
                "--as-of",
                "2026-11-22",
            ],
            &root,
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            format!("{expected}1 of 1 briefs failed\n"),
            "{file}"
        );
        assert!(!root.join("out").join("shekerinska-visit.pdf").exists());
        assert!(!root.join("out").join("shekerinska-visit.docx").exists());
    }
}

/// Issue 9: a closed pipe or a full disk on standard output made `println!` panic (exit 101).
#[test]
fn a_closed_or_full_standard_output_never_panics() {
    let (_dir, root) = copy_of_briefs();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args(["build", "--as-of", "2026-11-22", "--format", "md"])
        .current_dir(&root)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with("error: cannot write to standard output: "),
        "{}",
        text(&out.stderr)
    );
    // The work itself was done.
    assert!(root.join("out/shekerinska-visit.md").is_file());

    // A reader that goes away (`| head -0`): the run finishes its work, quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args([
            "build",
            "--as-of",
            "2026-11-22",
            "--format",
            "md",
            "--out",
            "out2",
        ])
        .current_dir(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(root.join("out2/shekerinska-visit.md").is_file());
}

/// Issue 9: briefs with the same name in different folders overwrote each other's outputs,
/// both reported `ok`. Now both fail before anything is written.
#[test]
fn briefs_that_would_write_the_same_file_fail_before_writing() {
    let (_dir, root) = copy_of_briefs();
    for team in ["teamA", "teamB"] {
        copy_dir(&root.join("briefs"), &root.join(team));
        std::fs::rename(
            root.join(team).join("shekerinska-visit.json"),
            root.join(team).join("visit.json"),
        )
        .unwrap();
        std::fs::remove_file(root.join(team).join("nato-azerbaijan.json")).unwrap();
    }
    let out = briefwright(&["build", "--as-of", "2026-11-22", "teamA", "teamB"], &root);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "FAILED  teamA/visit.json (1 problem)\nFAILED  teamB/visit.json (1 problem)\n"
    );
    assert!(
        text(&out.stderr).starts_with(
            "error: out/visit.docx would also be written by teamB/visit.json\n  --> teamA/visit.json\n"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(!root.join("out").exists());
}

/// Issue 9: a template path of `../../../../../../etc/passwd` rendered that file into the memo.
#[test]
fn paths_a_brief_names_stay_inside_its_folder() {
    let (_dir, root) = copy_of_briefs();
    let path = root.join("briefs/shekerinska-visit.json");
    let brief = std::fs::read_to_string(&path).unwrap().replace(
        "\"templates/visit-brief.md.hbs\"",
        "\"../../../../../../etc/passwd\"",
    );
    std::fs::write(&path, brief).unwrap();
    let out = briefwright(
        &[
            "check",
            "--as-of",
            "2026-11-22",
            "briefs/shekerinska-visit.json",
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("../../../../../../etc/passwd leads outside the brief's folder"),
        "{err}"
    );
    assert!(err.contains("   = at: $.template\n"), "{err}");
    assert!(err.contains("--allow-outside"), "{err}");
}

/// Issue 9: `check` passed a brief that `build` then rejected (a character no font covers):
/// `check` now lays out and writes every output in memory.
#[test]
fn check_refuses_what_build_refuses() {
    let (_dir, root) = copy_of_briefs();
    let path = root.join("briefs/data/visits.json");
    let data = std::fs::read_to_string(&path).unwrap().replace(
        "\"place\": \"Baku, Azerbaijan\"",
        "\"place\": \"Baku 漢字\"",
    );
    std::fs::write(&path, data).unwrap();
    let check = briefwright(&["check", "--as-of", "2026-11-22"], &root);
    let build = briefwright(&["build", "--as-of", "2026-11-22"], &root);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    assert_eq!(build.status.code(), Some(1));
    assert_eq!(text(&check.stderr), text(&build.stderr));
    // Located where it was written, not only in the paragraph that prints it.
    let err = text(&check.stderr);
    assert!(
        err.starts_with("error: no font shipped with briefwright has a glyph for 字 (U+5B57), 漢 (U+6F22)\n  --> briefs/data/visits.json:14:16\n"),
        "{err}"
    );
    assert!(err.contains("   = at: $.visits[0].place\n"), "{err}");

    // In a template, at its line and column.
    let (_dir, root) = copy_of_briefs();
    let path = root.join("briefs/templates/visit-brief.md.hbs");
    let t = std::fs::read_to_string(&path)
        .unwrap()
        .replace("## Judgements", "## Judgements ✪");
    std::fs::write(&path, t).unwrap();
    let out = briefwright(&["check", "--as-of", "2026-11-22"], &root);
    let err = text(&out.stderr);
    assert!(
        err.contains("error: no font shipped with briefwright has a glyph for ✪ (U+272A)\n  --> briefs/templates/visit-brief.md.hbs:"),
        "{err}"
    );
}

/// The names in `dir`, sorted, but for the record of what was built (`.briefwright/`).
fn names_in(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".briefwright" && n != "editions")
        .collect();
    n.sort();
    n
}

/// Issue 9: kill -9 during the write phase left `.briefwright-*.tmp` files in `--out` in 7 of 8
/// kills, and a kill between renames left a new DOCX beside an old PDF. Killed at any moment,
/// a run now leaves the previous outputs whole and nothing else.
#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_outputs_whole() {
    let (_dir, root) = copy_of_briefs();
    let args = |as_of: &'static str, out: &'static str| {
        vec![
            "build",
            "--as-of",
            as_of,
            "--format",
            "pdf,docx,md",
            "--out",
            out,
        ]
    };
    // The outputs as they were (22 November) and as a finished run would make them (23rd).
    assert!(briefwright(&args("2026-11-22", "out"), &root)
        .status
        .success());
    assert!(briefwright(&args("2026-11-23", "new"), &root)
        .status
        .success());
    let files = names_in(&root.join("out"));
    let old: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(root.join("out").join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    let new: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(root.join("new").join(f)).unwrap())
        .collect();
    for delay_ms in [0, 40, 120, 250, 400, 700, 1000, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefwright"))
            .args(args("2026-11-23", "out"))
            .current_dir(&root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            names_in(&root.join("out")),
            files,
            "killed after {delay_ms} ms"
        );
        for (i, f) in files.iter().enumerate() {
            let now = std::fs::read(root.join("out").join(f))
                .unwrap_or_else(|e| panic!("{f} after {delay_ms} ms: {e}"));
            assert!(
                now == old[i] || now == new[i],
                "{f} is neither whole old nor whole new after {delay_ms} ms"
            );
        }
        // Put the old outputs back for the next kill.
        for (i, f) in files.iter().enumerate() {
            std::fs::write(root.join("out").join(f), &old[i]).unwrap();
        }
    }
}

/// Two builds into the same `--out` at once leave whole, valid files and nothing else.
#[test]
fn two_builds_into_one_folder_at_once_leave_whole_files() {
    let (_dir, root) = copy_of_briefs();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_briefwright"))
            .args(["build", "--as-of", "2026-11-22", "--format", "pdf,docx"])
            .current_dir(&root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert_eq!(
        names_in(&root.join("out")),
        [
            "nato-azerbaijan.docx",
            "nato-azerbaijan.pdf",
            "shekerinska-visit.docx",
            "shekerinska-visit.pdf"
        ]
    );
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        let pdf = std::fs::read(root.join(format!("out/{name}.pdf"))).unwrap();
        assert!(lopdf::Document::load_mem(&pdf).is_ok(), "{name}.pdf");
        let docx = std::fs::read(root.join(format!("out/{name}.docx"))).unwrap();
        assert!(
            zip::ZipArchive::new(std::io::Cursor::new(docx)).is_ok(),
            "{name}.docx"
        );
    }
}

/// `--jobs 2` renders briefs in parallel: the same bytes as `--jobs 1`, the lines in the same
/// order.
#[test]
fn parallel_builds_write_the_same_bytes_and_lines_as_serial_ones() {
    let (_dir, root) = copy_of_briefs();
    for i in 1..=5 {
        std::fs::copy(
            root.join("briefs/shekerinska-visit.json"),
            root.join(format!("briefs/visit-{i}.json")),
        )
        .unwrap();
    }
    let lines = |out: &std::process::Output| -> Vec<String> {
        text(&out.stdout)
            .lines()
            .map(|l| {
                l.split(" (")
                    .next()
                    .unwrap()
                    .replace("out1/", "")
                    .replace("out2/", "")
            })
            .collect()
    };
    let serial = briefwright(
        &[
            "build",
            "--as-of",
            "2026-11-22",
            "--jobs",
            "1",
            "--out",
            "out1",
        ],
        &root,
    );
    let parallel = briefwright(
        &[
            "build",
            "--as-of",
            "2026-11-22",
            "--jobs",
            "2",
            "--out",
            "out2",
        ],
        &root,
    );
    assert!(serial.status.success() && parallel.status.success());
    assert_eq!(lines(&serial), lines(&parallel));
    assert_eq!(lines(&serial).len(), 7);
    let names = names_in(&root.join("out1"));
    assert_eq!(names, names_in(&root.join("out2")));
    assert_eq!(names.len(), 14);
    for n in names {
        assert!(
            std::fs::read(root.join("out1").join(&n)).unwrap()
                == std::fs::read(root.join("out2").join(&n)).unwrap(),
            "{n} differs between --jobs 1 and --jobs 2"
        );
    }
}

/// `--shard K/N` splits a batch into N parts that together hold every brief once.
#[test]
fn shards_partition_the_batch() {
    let (_dir, root) = copy_of_briefs();
    for i in 1..=10 {
        std::fs::copy(
            root.join("briefs/shekerinska-visit.json"),
            root.join(format!("briefs/visit-{i}.json")),
        )
        .unwrap();
    }
    let mut seen = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = briefwright(
            &["check", "--as-of", "2026-11-22", "--shard", &shard],
            &root,
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let briefs: Vec<String> = text(&out.stdout)
            .lines()
            .map(|l| {
                l.trim_start_matches("ok")
                    .trim()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(
            !briefs.is_empty() && briefs.len() < 12,
            "shard {shard}: {briefs:?}"
        );
        seen.extend(briefs);
    }
    seen.sort();
    let mut all: Vec<String> = names_in(&root.join("briefs"))
        .into_iter()
        .filter(|n| n.ends_with(".json"))
        .map(|n| format!("briefs/{n}"))
        .collect();
    all.sort();
    assert_eq!(seen, all);
    let out = briefwright(&["build", "--shard", "4/3"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid shard \"4/3\": expected K/N with 1 ≤ K ≤ N"));
}

/// `--report` accounts for every brief: outputs with sizes, pages and hashes equal to the files,
/// warnings, and the problems of a brief that failed.
#[test]
fn the_run_report_describes_what_was_written() {
    let (_dir, root) = copy_of_briefs();
    std::fs::write(root.join("briefs/broken.json"), "{").unwrap();
    let out = briefwright(
        &[
            "build",
            "--as-of",
            "2026-11-22",
            "--format",
            "pdf,md",
            "--report",
            "run.json",
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("run.json")).unwrap()).unwrap();
    assert_eq!(report["as_of"], "2026-11-22");
    assert_eq!(report["totals"]["briefs"], 3);
    assert_eq!(report["totals"]["failed"], 1);
    let briefs = report["briefs"].as_array().unwrap();
    assert_eq!(briefs[0]["brief"], "briefs/broken.json");
    assert_eq!(briefs[0]["status"], "failed");
    assert!(briefs[0]["problems"][0]
        .as_str()
        .unwrap()
        .starts_with("briefs/broken.json:1:1: invalid JSON: EOF while parsing an object"));
    assert_eq!(briefs[1]["status"], "ok");
    for b in &briefs[1..] {
        for o in b["outputs"].as_array().unwrap() {
            use sha2::Digest;
            let bytes = std::fs::read(root.join(o["path"].as_str().unwrap())).unwrap();
            assert_eq!(o["bytes"], bytes.len());
            let hex: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(o["sha256"], hex.as_str());
        }
    }
    let pdf = &briefs[2]["outputs"][0];
    assert_eq!(
        (pdf["format"].as_str(), pdf["pages"].as_u64()),
        (Some("pdf"), Some(1))
    );
    assert_eq!(briefs[2]["outputs"][1]["pages"], serde_json::Value::Null);
    assert_eq!(briefs[1]["warnings"].as_array().unwrap().len(), 2);
    // Its schema is documented.
    let schema = briefwright(&["schema", "report"], &root);
    assert!(text(&schema.stdout).contains("\"sha256\""));
}

/// A second run skips what is up to date; a changed input, a changed output or `--force`
/// renders again; the report says which.
#[test]
fn a_second_run_skips_briefs_whose_inputs_did_not_change() {
    let (_dir, root) = copy_of_briefs();
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--as-of", "2026-11-22", "--format", "md,pdf"];
        args.extend(extra);
        text(&briefwright(&args, &root).stdout)
    };
    assert!(!build(&[]).contains("up-to-date"));
    let second = build(&["--report", "run.json"]);
    assert_eq!(second.matches("(up-to-date)").count(), 2, "{second}");
    let report = std::fs::read_to_string(root.join("run.json")).unwrap();
    assert!(report.contains("\"status\": \"up-to-date\""));
    assert!(report.contains("\"up_to_date\": 2"));
    // A changed data file renders both briefs again; a touched output renders its brief.
    let data = root.join("briefs/data/programmes.json");
    let text_now = std::fs::read_to_string(&data).unwrap();
    std::fs::write(
        &data,
        text_now.replacen("Partnership for Peace", "Partnership for Peace ", 1),
    )
    .unwrap();
    assert_eq!(build(&[]).matches("(up-to-date)").count(), 0);
    std::fs::write(root.join("out/shekerinska-visit.md"), "edited by hand").unwrap();
    let after_edit = build(&[]);
    assert_eq!(
        after_edit.matches("(up-to-date)").count(),
        1,
        "{after_edit}"
    );
    assert_ne!(
        std::fs::read_to_string(root.join("out/shekerinska-visit.md")).unwrap(),
        "edited by hand"
    );
    assert_eq!(build(&["--force"]).matches("(up-to-date)").count(), 0);
    // Another as-of date is another input.
    let out = briefwright(
        &["build", "--as-of", "2026-11-23", "--format", "md,pdf"],
        &root,
    );
    assert_eq!(text(&out.stdout).matches("(up-to-date)").count(), 0);
}

/// A brief over its `max_pages` builds, with the warning on its line, in the report, and again
/// when the next run finds it up to date.
#[test]
fn going_over_max_pages_is_a_warning_on_the_build_line() {
    let (_dir, root) = copy_of_briefs();
    let brief = root.join("briefs/nato-azerbaijan.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&brief).unwrap()).unwrap();
    v["max_pages"] = 3.into();
    std::fs::write(&brief, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let args = [
        "build",
        "briefs/nato-azerbaijan.json",
        "--as-of",
        "2026-11-22",
        "--report",
        "run.json",
    ];
    for run in ["rendered", "up to date"] {
        let out = briefwright(&args, &root);
        assert_eq!(out.status.code(), Some(0), "{run}");
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with("ok "), "{run}: {stdout}");
        assert!(stdout.contains("; 3 warnings"), "{run}: {stdout}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(
                "warning: nato-azerbaijan runs to 14 pages, over the brief's max_pages of 3"
            ),
            "{run}: {stderr}"
        );
        assert!(stderr.contains("= at: $.max_pages"), "{run}: {stderr}");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("run.json")).unwrap()).unwrap();
        assert_eq!(report["briefs"][0]["warnings"].as_array().unwrap().len(), 3);
    }
}
