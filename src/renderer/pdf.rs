//! The PDF writer.

use super::{RenderContext, Renderer};
use crate::brief::Format;
use crate::diag::{Diagnostic, Diagnostics};

pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn format(&self) -> Format {
        Format::Pdf
    }
    fn render(&self, _ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
        Err(Diagnostic::new("the pdf writer is not written yet").into())
    }
}
