//! Tests of the DOCX package: parts, styles, header and footer, tables, footnotes, links,
//! properties, determinism and literal text.

use super::DocxRenderer;
use crate::fixture::sample;
use crate::renderer::{RenderContext, Renderer};
use crate::theme::Theme;

fn render(doc: &crate::doc::Document) -> Vec<u8> {
    let theme = Theme::default_theme();
    let ctx = RenderContext {
        doc,
        theme: &theme,
        markdown: "",
    };
    DocxRenderer.render(&ctx).expect("renders")
}

/// Writes the sample for looking at: `cargo test docx -- --ignored`, then convert with
/// LibreOffice.
#[test]
#[ignore]
fn write_sample_for_inspection() {
    std::fs::write("/tmp/sample.docx", render(&sample(60))).unwrap();
}
