//! The DOCX writer: WordprocessingML written directly from the tree and the theme.
//!
//! docx-rs 0.4.22 output needs a post-pass for nearly every part (element order, missing
//! `tblHeader` and `footnoteRef`, core properties, HashMap-ordered relationships, raw control
//! characters: see NOTES.md), so the parts are written here in schema order instead:
//! `xml` escapes and converts units, `styles` builds styles.xml and numbering.xml from the style
//! sheet (`crate::style`, shared with the layout), `body` turns blocks and inlines into
//! paragraphs, tables (column widths from the layout's measure), links, bookmarks, footnotes and
//! figures (the layout's drawing of each chart, written as SVG by `svg` with a PNG fallback
//! painted by `raster`), and `package` adds header, footer (its page count cached from the layout), settings,
//! properties and relationships and zips it all. Nothing reads
//! a clock or a random source and every collection is ordered, so the same tree always gives
//! the same bytes.

mod body;
mod package;
mod raster;
mod styles;
mod svg;
#[cfg(test)]
mod tests;
mod xml;

use super::{RenderContext, Renderer};
use crate::diag::{Diagnostic, Diagnostics};

/// The WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace (hyperlink, header and footer references).
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub struct DocxRenderer;

impl Renderer for DocxRenderer {
    fn render(&self, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
        package::parts(ctx.doc, ctx.theme, ctx.styles, ctx.pagination())
            .zip()
            .map_err(|e| Diagnostic::new(format!("cannot write the DOCX package: {e}")).into())
    }
}
