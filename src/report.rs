//! The run report (`build --report FILE.json`): what a scheduled job needs to know about a run
//! without reading its lines. `briefwright schema report` prints its JSON Schema.

use crate::brief::Format;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One run of `build`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RunReport {
    /// The version of briefwright that ran.
    pub briefwright: String,
    /// The memos' date, YYYY-MM-DD.
    pub as_of: String,
    /// One entry per brief, in the order of the build's lines.
    pub briefs: Vec<BriefReport>,
    pub totals: Totals,
}

/// What happened to one brief.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BriefReport {
    /// The brief's path as the build line prints it.
    pub brief: String,
    pub status: Status,
    /// The files written (none for a failed brief).
    pub outputs: Vec<OutputReport>,
    /// Analytic warnings, one line each (`file:line:column: message`).
    pub warnings: Vec<String>,
    /// Why a failed brief failed, one line each.
    pub problems: Vec<String>,
    /// What the brief's versions withheld: counts only, never content.
    pub withheld: WithheldReport,
    /// Wall time spent on the brief.
    pub seconds: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Rendered and written.
    Ok,
    /// Not written: see `problems`.
    Failed,
    /// Not rendered: its outputs were up to date with its inputs (`--force` renders anyway).
    UpToDate,
}

/// One file written.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OutputReport {
    /// As the build line prints it.
    pub path: String,
    pub format: Format,
    pub bytes: u64,
    /// Pages of a PDF; none for DOCX (Word paginates it) and Markdown.
    pub pages: Option<u32>,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct WithheldReport {
    pub total: usize,
    /// Counts by reason, e.g. `"above ceiling NATO UNCLASSIFIED": 4`.
    pub reasons: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Totals {
    pub briefs: usize,
    pub ok: usize,
    pub failed: usize,
    pub up_to_date: usize,
    pub outputs: usize,
    pub bytes: u64,
    pub seconds: f64,
}

/// The number of pages of a PDF, if it reads as one.
pub fn pdf_page_count(bytes: &[u8]) -> Option<usize> {
    lopdf::Document::load_mem(bytes)
        .ok()
        .map(|d| d.get_pages().len())
}

impl OutputReport {
    /// Describes the file at `path` as written.
    pub fn of(path: &Path, format: Format) -> std::io::Result<OutputReport> {
        use sha2::Digest;
        let bytes = std::fs::read(path)?;
        let pages = (format == Format::Pdf)
            .then(|| pdf_page_count(&bytes))
            .flatten()
            .map(|n| n as u32);
        Ok(OutputReport {
            path: path.display().to_string(),
            format,
            bytes: bytes.len() as u64,
            pages,
            sha256: sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
    }
}

impl RunReport {
    pub fn new(as_of: chrono::NaiveDate, briefs: Vec<BriefReport>) -> RunReport {
        let totals = Totals {
            briefs: briefs.len(),
            ok: briefs.iter().filter(|b| b.status == Status::Ok).count(),
            failed: briefs.iter().filter(|b| b.status == Status::Failed).count(),
            up_to_date: briefs
                .iter()
                .filter(|b| b.status == Status::UpToDate)
                .count(),
            outputs: briefs.iter().map(|b| b.outputs.len()).sum(),
            bytes: briefs
                .iter()
                .flat_map(|b| &b.outputs)
                .map(|o| o.bytes)
                .sum(),
            seconds: briefs.iter().map(|b| b.seconds).sum(),
        };
        RunReport {
            briefwright: env!("CARGO_PKG_VERSION").to_string(),
            as_of: as_of.format("%Y-%m-%d").to_string(),
            briefs,
            totals,
        }
    }
}

/// Diagnostics as report lines: `file:line:column: message`.
pub fn lines(d: &crate::diag::Diagnostics) -> Vec<String> {
    d.0.iter()
        .map(|d| match d.location() {
            Some(at) => format!("{at}: {}", d.message),
            None => d.message.clone(),
        })
        .collect()
}
