//! The catalogue of bad inputs: one folder per case under `tests/catalogue/`, each a
//! `case.json` that says how to spoil a copy of the shipped briefs, which command to run, the
//! exit code it must give and what its messages must say. Every case also asserts what holds
//! for all: no panic, no hang (a minute at most), every error located (`-->`), and nothing
//! written by a run that failed.

mod common;
use common::*;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A value with `%REPEAT:c:n%` in its text replaced by `c` repeated `n` times, so that a case
/// can hold a megabyte word without the catalogue holding it.
fn expand(v: &Value) -> Value {
    let Some(s) = v.as_str() else {
        return v.clone();
    };
    let Some(start) = s.find("%REPEAT:") else {
        return v.clone();
    };
    let rest = &s[start + "%REPEAT:".len()..];
    let end = rest.find('%').expect("a closing %");
    let (what, n) = rest[..end].rsplit_once(':').expect("%REPEAT:text:count%");
    let n: usize = n.parse().expect("a count");
    Value::String(format!(
        "{}{}{}",
        &s[..start],
        what.repeat(n),
        &rest[end + 1..]
    ))
}

/// Applies one spoiling step of a case inside `root`.
fn apply(root: &Path, step: &Value) {
    let s = |k: &str| step[k].as_str().unwrap_or_default().to_string();
    let file = |k: &str| root.join(s(k));
    if let Some(f) = step.get("replace").and_then(Value::as_str) {
        let path = root.join(f);
        let text = std::fs::read_to_string(&path).unwrap();
        let with = s("with").replace("%DEEP%", &"[".repeat(100_000));
        assert!(text.contains(&s("find")), "{f} has no {:?}", s("find"));
        std::fs::write(&path, text.replacen(&s("find"), &with, 1)).unwrap();
    } else if step.get("replace_bytes").is_some() {
        let path = file("replace_bytes");
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find(&s("find")).expect("text to replace");
        let mut bytes = text.as_bytes()[..at].to_vec();
        bytes.extend(hex(&s("with_hex")));
        bytes.extend(&text.as_bytes()[at + s("find").len()..]);
        std::fs::write(&path, bytes).unwrap();
    } else if step.get("truncate").is_some() {
        let path = file("truncate");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..step["bytes"].as_u64().unwrap() as usize]).unwrap();
    } else if step.get("prepend_bom").is_some() {
        let path = file("prepend_bom");
        let mut bytes = "\u{FEFF}".as_bytes().to_vec();
        bytes.extend(std::fs::read(&path).unwrap());
        std::fs::write(&path, bytes).unwrap();
    } else if step.get("pad_file").is_some() {
        let path = file("pad_file");
        let size = step["mib"]
            .as_u64()
            .map(|m| m << 20)
            .unwrap_or_else(|| step["kib"].as_u64().unwrap() << 10);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.resize(size as usize, b' ');
        std::fs::write(&path, bytes).unwrap();
    } else if step.get("write").is_some() {
        std::fs::write(file("write"), s("text")).unwrap();
    } else if step.get("append").is_some() {
        let path = file("append");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text + &s("text")).unwrap();
    } else if step.get("set").is_some() || step.get("remove_key").is_some() {
        let path = file(if step.get("set").is_some() {
            "set"
        } else {
            "remove_key"
        });
        let mut json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let keys = step["path"].as_array().unwrap();
        let (last, parents) = keys.split_last().unwrap();
        let mut node = &mut json;
        for k in parents {
            node = match k {
                Value::Number(i) => &mut node[i.as_u64().unwrap() as usize],
                k => &mut node[k.as_str().unwrap()],
            };
        }
        let value = step.get("value").map(expand);
        match (value.as_ref(), last) {
            (Some(v), Value::Number(i)) => node[i.as_u64().unwrap() as usize] = v.clone(),
            (Some(v), k) => node[k.as_str().unwrap()] = v.clone(),
            (None, k) => {
                node.as_object_mut().unwrap().remove(k.as_str().unwrap());
            }
        }
        std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    } else if step.get("mkdir").is_some() {
        std::fs::create_dir_all(file("mkdir")).unwrap();
    } else if step.get("symlink").is_some() {
        std::os::unix::fs::symlink(s("to"), file("symlink")).unwrap();
    } else if step.get("fifo").is_some() {
        let ok = Command::new("mkfifo").arg(file("fifo")).status().unwrap();
        assert!(ok.success());
    } else if step.get("copy").is_some() {
        let to = file("to");
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(file("copy"), to).unwrap();
    } else {
        panic!("unknown step {step}");
    }
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the command with a time limit: a hang is a failure of the case, not of the suite.
fn run(
    root: &Path,
    args: &[String],
    env: &serde_json::Map<String, Value>,
) -> Result<Outcome, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefwright"));
    cmd.args(args)
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v.as_str().unwrap());
    }
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    // Read both pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Ok(Outcome {
                code: status.code(),
                stdout: out_t.join().unwrap(),
                stderr: err_t.join().unwrap(),
            });
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("hung for a minute".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs one case; returns what went wrong, if anything.
fn check(case_dir: &Path) -> Result<(), String> {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(case_dir.join("case.json")).unwrap())
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs"),
        &root.join("briefs"),
    );
    for step in case["setup"].as_array().unwrap() {
        apply(root, step);
    }
    let args: Vec<String> = case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let o = run(root, &args, case["env"].as_object().unwrap())?;
    let mut problems = Vec::new();
    let expected = case["exit"].as_i64().unwrap() as i32;
    if o.code != Some(expected) {
        problems.push(format!("exit {:?}, expected {expected}", o.code));
    }
    if o.stderr.contains("panicked") || o.code == Some(101) || o.code.is_none() {
        problems.push("panicked or was killed by a signal".into());
    }
    for want in case["stderr"].as_array().unwrap() {
        if !o.stderr.contains(want.as_str().unwrap()) {
            problems.push(format!("stderr lacks {want}"));
        }
    }
    for want in case["stdout"].as_array().unwrap() {
        if !o.stdout.contains(want.as_str().unwrap()) {
            problems.push(format!("stdout lacks {want}"));
        }
    }
    if expected == 1 && !o.stderr.contains("-->") {
        problems.push("an error without a location".into());
    }
    // A brief that failed wrote nothing (the others of the run may have).
    let out = root.join("out");
    for line in o.stdout.lines() {
        let Some(brief) = line
            .strip_prefix("FAILED  ")
            .and_then(|l| l.split(" (").next())
        else {
            continue;
        };
        let stem = Path::new(brief)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let written = std::fs::read_dir(&out)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(&format!("{stem}.")) || name.starts_with(&format!("{stem}-"))
            });
        if written {
            problems.push(format!("the failed brief {brief} wrote into out/"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n--- stdout\n{}--- stderr\n{}",
            problems.join("\n"),
            o.stdout,
            o.stderr.chars().take(3000).collect::<String>()
        ))
    }
}

#[test]
fn every_bad_input_in_the_catalogue_gets_its_exit_code_and_message() {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalogue"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("case.json").is_file())
            .collect();
    cases.sort();
    assert!(cases.len() >= 50, "the catalogue has {} cases", cases.len());
    let next = std::sync::Mutex::new(cases.iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let Some(case) = next.lock().unwrap().next() else {
                    break;
                };
                if let Err(e) = check(case) {
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    failures.lock().unwrap().push(format!("== {name}: {e}"));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
