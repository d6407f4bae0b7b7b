//! Markdown → document tree, with pulldown-cmark.

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Document, Meta};

/// Parses merged Markdown into the document tree.
pub fn parse(markdown: &str, meta: Meta) -> Result<Document, Diagnostics> {
    let _ = (markdown, meta);
    Err(Diagnostic::new("the Markdown reader is not written yet").into())
}
