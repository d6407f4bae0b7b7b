//! Up-to-date skips for scheduled runs: a brief whose inputs have not changed since its
//! outputs were written is not rendered again.
//!
//! The record lives with the outputs, in `<out>/.briefwright/<brief-name>.json`: a fingerprint
//! of everything the outputs are made from (the brief, its data, template, partials and theme
//! files, the as-of date, the formats, the run's options, the previous editions it compares
//! with, and briefwright's own executable, which holds the fonts and the default theme), and the SHA-256 of each output as written. A
//! brief is up to date only if the fingerprint is the same and every output is still there,
//! unchanged.

use crate::brief::{BriefFile, Format};
use crate::edition::Since;
use crate::input::{read_text, JSON_LIMIT, TEMPLATE_LIMIT, THEME_LIMIT};
use crate::pipeline::Options;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the last build of a brief wrote.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub fingerprint: String,
    /// Output path (as written) → SHA-256 of its bytes.
    pub outputs: BTreeMap<String, String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Which briefwright is running: its version, and its executable's size and modification time,
/// so that a rebuilt briefwright (new code, fonts or default theme) renders everything again.
/// (Hashing the executable itself would cost more than many renders.)
fn executable() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata);
        let stamp = meta
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{} bytes, modified {modified}", m.len())
            })
            .unwrap_or_default();
        format!("briefwright {} ({stamp})", env!("CARGO_PKG_VERSION"))
    })
}

/// The fingerprint of a brief's inputs, and of the previous editions its versions compare
/// with. A file that cannot be read counts as its error: such a fingerprint matches no record
/// (a build that wrote outputs read everything), and it changes when the file comes back, which
/// is what `watch` looks for. A brief file that does not parse is its bytes alone.
pub fn fingerprint(
    brief: &Path,
    formats: Option<&[Format]>,
    as_of: NaiveDate,
    options: Options,
    since: &Since,
) -> String {
    let mut h = Sha256::new();
    fn part(h: &mut Sha256, name: &str, bytes: &[u8]) {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let file_part =
        |h: &mut Sha256, name: &str, read: Result<String, crate::diag::Diagnostics>| match read {
            Ok(text) => part(h, name, text.as_bytes()),
            Err(e) => part(h, &format!("{name} (unreadable)"), e.to_string().as_bytes()),
        };
    let text = read_text(brief, "brief file", JSON_LIMIT);
    let file = text
        .as_ref()
        .ok()
        .and_then(|t| serde_json::from_str::<BriefFile>(t).ok());
    file_part(&mut h, "brief", text.clone());
    let Some(file) = file else {
        return hex(&h.finalize());
    };
    file_part(&mut h, "executable", Ok(executable().to_string()));
    file_part(&mut h, "as-of", Ok(as_of.to_string()));
    file_part(
        &mut h,
        "formats",
        Ok(format!("{:?}", formats.unwrap_or(&file.outputs))),
    );
    file_part(&mut h, "options", Ok(format!("{options:?}")));
    let dir = brief.parent().unwrap_or(Path::new("."));
    for d in &file.data {
        file_part(&mut h, d, read_text(&dir.join(d), "data file", JSON_LIMIT));
    }
    let template = dir.join(&file.template);
    file_part(
        &mut h,
        "template",
        read_text(&template, "template", TEMPLATE_LIMIT),
    );
    let partials = template.parent().unwrap_or(Path::new(".")).join("partials");
    if let Ok(entries) = std::fs::read_dir(&partials) {
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            let name = p.to_string_lossy().into_owned();
            file_part(&mut h, &name, read_text(&p, "partial", TEMPLATE_LIMIT));
        }
    }
    if let Some(theme) = &file.theme {
        file_part(
            &mut h,
            "theme",
            read_text(&dir.join(theme), "theme file", THEME_LIMIT),
        );
    }
    let name = crate::brief::brief_name(brief);
    for v in file.versions() {
        match crate::edition::previous(since, &name, &v, as_of) {
            Ok(Some((path, bytes))) => part(&mut h, &format!("since {}", path.display()), &bytes),
            Ok(None) => part(&mut h, "since nothing", v.suffix.as_bytes()),
            Err(e) => part(&mut h, "since (unreadable)", e.to_string().as_bytes()),
        }
    }
    hex(&h.finalize())
}

fn record_path(out_dir: &Path, brief: &Path) -> PathBuf {
    out_dir
        .join(".briefwright")
        .join(format!("{}.json", crate::brief::brief_name(brief)))
}

/// The outputs, if the brief is up to date in `out_dir` for `fingerprint`.
pub fn fresh_outputs(out_dir: &Path, brief: &Path, fingerprint: &str) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(record_path(out_dir, brief)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.fingerprint != fingerprint || record.outputs.is_empty() {
        return None;
    }
    let mut outputs = Vec::new();
    for (path, hash) in &record.outputs {
        let bytes = std::fs::read(path).ok()?;
        if sha256(&bytes) != *hash {
            return None;
        }
        outputs.push(PathBuf::from(path));
    }
    Some(outputs)
}

/// Records what was just written for the brief. A record that cannot be written only means
/// the next run renders again.
pub fn remember(out_dir: &Path, brief: &Path, fingerprint: &str, written: &[(PathBuf, Vec<u8>)]) {
    let record = Record {
        fingerprint: fingerprint.to_string(),
        outputs: written
            .iter()
            .map(|(p, bytes)| (p.display().to_string(), sha256(bytes)))
            .collect(),
    };
    if let Ok(json) = serde_json::to_vec_pretty(&record) {
        let _ = crate::output::write_together(&[(record_path(out_dir, brief), json)]);
    }
}
