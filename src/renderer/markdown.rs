//! The Markdown writer: the merged Markdown exactly as the templates produced it.

use super::{RenderContext, Renderer};
use crate::diag::Diagnostics;

pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn render(&self, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
        Ok(ctx.markdown.as_bytes().to_vec())
    }
}
