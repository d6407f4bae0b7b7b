//! Loading briefs and data files: JSON syntax, schema, dates and cross-references, with every
//! problem reported at its file, line, column and JSON path.

use super::Dataset;
use crate::brief::BriefFile;
use crate::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// A brief with its data loaded and validated.
#[derive(Debug, Clone)]
pub struct LoadedBrief {
    /// The file name without `.json`: outputs are written as `<name>.<ext>`.
    pub name: String,
    pub path: PathBuf,
    pub file: BriefFile,
    pub data: Dataset,
}

impl LoadedBrief {
    /// Resolves a path the brief names relative to the brief file's folder.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join(relative)
    }
}

/// Loads and validates a brief and every data file it names.
pub fn load_brief(path: &Path) -> Result<LoadedBrief, Diagnostics> {
    Err(Diagnostic::new("loading briefs is not written yet")
        .in_file(path)
        .into())
}
