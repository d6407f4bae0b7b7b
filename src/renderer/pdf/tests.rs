//! Tests of the PDF file: text, banners, outline, links, metadata, determinism, diagnostics.

use super::PdfRenderer;
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
    PdfRenderer.render(&ctx).expect("renders")
}

/// Writes the sample for looking at: `BW_SAMPLE_PDF=/tmp/sample.pdf cargo test -- --ignored`.
#[test]
#[ignore]
fn write_sample_for_inspection() {
    let rows: usize = std::env::var("BW_SAMPLE_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(60);
    let path = std::env::var("BW_SAMPLE_PDF").unwrap_or("/tmp/sample.pdf".into());
    std::fs::write(path, render(&sample(rows))).unwrap();
}
