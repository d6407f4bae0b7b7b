//! Writers: one module per output format, each reading only the document tree and the theme.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::brief::Format;
use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::style::StyleSheet;
use crate::theme::Theme;

/// Everything a writer may read.
pub struct RenderContext<'a> {
    pub doc: &'a Document,
    pub theme: &'a Theme,
    /// The sizes and spaces both writers set, resolved once from the theme.
    pub styles: &'a StyleSheet,
    /// The merged Markdown the tree was read from (only the Markdown writer uses it).
    pub markdown: &'a str,
}

/// An output format's writer: from the tree to the file's bytes. Writing the file (atomically)
/// is the caller's job, so a failed render never leaves a partial file.
pub trait Renderer {
    fn render(&self, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics>;
}

/// The writer for `format`.
pub fn for_format(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Docx => Box::new(docx::DocxRenderer),
        Format::Pdf => Box::new(pdf::PdfRenderer),
        Format::Md => Box::new(markdown::MarkdownRenderer),
    }
}
