//! The DOCX writer.

use super::{RenderContext, Renderer};
use crate::brief::Format;
use crate::diag::{Diagnostic, Diagnostics};

pub struct DocxRenderer;

impl Renderer for DocxRenderer {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn format(&self) -> Format {
        Format::Docx
    }
    fn render(&self, _ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
        Err(Diagnostic::new("the docx writer is not written yet").into())
    }
}
