//! Up-to-date skips for scheduled runs: a brief whose inputs have not changed since its
//! outputs were written is not rendered again.
//!
//! The record lives with the outputs, in `<out>/.briefwright/<brief-name>.json`: a fingerprint
//! of everything the outputs are made from (the brief, its data, template, partials and theme
//! files, the as-of date, the formats, the run's options, and briefwright's own executable,
//! which holds the fonts and the default theme), and the SHA-256 of each output as written. A
//! brief is up to date only if the fingerprint is the same and every output is still there,
//! unchanged.

use crate::brief::{BriefFile, Format};
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

/// The fingerprint of a brief's inputs, or `None` if any cannot be read (then the build says
/// why).
pub fn fingerprint(
    brief: &Path,
    formats: Option<&[Format]>,
    as_of: NaiveDate,
    options: Options,
) -> Option<String> {
    let text = read_text(brief, "brief file", JSON_LIMIT).ok()?;
    let file: BriefFile = serde_json::from_str(&text).ok()?;
    let dir = brief.parent().unwrap_or(Path::new("."));
    let mut h = Sha256::new();
    let mut part = |name: &str, bytes: &[u8]| {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part("executable", executable().as_bytes());
    part("as-of", as_of.to_string().as_bytes());
    part(
        "formats",
        format!("{:?}", formats.unwrap_or(&file.outputs)).as_bytes(),
    );
    part("options", format!("{options:?}").as_bytes());
    part("brief", text.as_bytes());
    for d in &file.data {
        part(
            d,
            read_text(&dir.join(d), "data file", JSON_LIMIT)
                .ok()?
                .as_bytes(),
        );
    }
    let template = dir.join(&file.template);
    part(
        "template",
        read_text(&template, "template", TEMPLATE_LIMIT)
            .ok()?
            .as_bytes(),
    );
    let partials = template.parent().unwrap_or(Path::new(".")).join("partials");
    if let Ok(entries) = std::fs::read_dir(&partials) {
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            let name = p.file_name()?.to_string_lossy().into_owned();
            part(
                &name,
                read_text(&p, "partial", TEMPLATE_LIMIT).ok()?.as_bytes(),
            );
        }
    }
    if let Some(theme) = &file.theme {
        part(
            "theme",
            read_text(&dir.join(theme), "theme file", THEME_LIMIT)
                .ok()?
                .as_bytes(),
        );
    }
    Some(hex(&h.finalize()))
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
