//! Markings the program computes and enforces: who may read a record (`releasable_to`), what a
//! brief may contain (`ceiling`, `release_to`), which records are withheld before any template
//! runs, and the banner and portion marks computed from what was actually rendered.
//!
//! The steps, in pipeline order:
//! - `audience`: the audience codes and how they include one another (PUBLIC covers everyone).
//! - `filter`: withholds every record and analysis item above a version's ceiling or not
//!   releasable to its audiences, and counts what it withheld and why.
//! - `trace`: tags every string of the template context with the record it came from, and after
//!   rendering reads the tags back: the banner is the highest marking actually printed, each
//!   portion mark the highest in its paragraph, and a record printed without a portion mark
//!   under portion marking is an error.

pub mod audience;
pub mod filter;
pub mod trace;

pub use audience::{Audience, Releasability};

use crate::data::model::Classification;

/// A record's marking: its classification level and the audiences it may be released to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    pub classification: Classification,
    pub releasable_to: Releasability,
}

impl Marking {
    /// The printed marking: `NATO UNCLASSIFIED — RELEASABLE TO THE PUBLIC`.
    pub fn line(&self) -> String {
        format!(
            "{} — {}",
            self.classification.label(),
            self.releasable_to.phrase().to_uppercase()
        )
    }
}
