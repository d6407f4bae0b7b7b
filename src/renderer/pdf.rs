//! The PDF writer: serialises the laid-out pages (`crate::layout`, via the render context) with
//! printpdf; the file-level parts printpdf gets wrong or lacks (nested outline, links, metadata,
//! `/ID`) are written through lopdf in `pdf::finish`.

mod finish;
#[cfg(test)]
mod tests;

use super::{RenderContext, Renderer};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::fonts::FontKind;
use crate::layout::frame::{Glyph, Item, Page, ShapeItem, TextRun};
use crate::layout::Layout;
use crate::theme::Colour;
use printpdf::{
    Codepoint, Color, DictItem, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn render(&self, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
        write(ctx.take_layout()?, ctx)
    }
}

/// A subset tag (six capital letters) from the font and the glyphs it keeps: the same subset
/// always gets the same tag, different subsets almost surely different ones.
fn subset_tag(kind: FontKind, glyphs: &BTreeSet<u16>) -> String {
    let mut h = Sha256::new();
    h.update([kind as u8]);
    for g in glyphs {
        h.update(g.to_be_bytes());
    }
    h.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

fn colour(c: Colour) -> Color {
    let (r, g, b) = c.unit();
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// The printpdf glyph width (`/W`, thousandths of an em, truncated as printpdf does), so
/// TJ adjustments land every glyph exactly where layout put it.
struct Widths {
    faces: BTreeMap<FontKind, ttf_parser::Face<'static>>,
}

impl Widths {
    fn width(&self, kind: FontKind, gid: u16) -> f32 {
        let f = &self.faces[&kind];
        let adv = f.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0);
        (f32::from(adv) * 1000.0 / f32::from(f.units_per_em())) as i64 as f32
    }
}

/// What an inserted hyphen stands for in copied text: a soft hyphen, which extractors drop
/// when they join the word's two halves, and which never reads as a real hyphen.
const INSERTED_HYPHEN_TEXT: &str = "\u{AD}";

fn text_ops(
    run: &TextRun,
    ids: &BTreeMap<FontKind, FontId>,
    widths: &Widths,
    page_h: f32,
) -> Vec<Op> {
    let codepoint = |g: &Glyph| {
        let wanted = g.advance * 1000.0 / run.size;
        Codepoint {
            gid: g.id,
            offset: widths.width(run.font, g.id) - wanted,
            cid: g.text.clone(),
        }
    };
    let mut ops = vec![
        Op::SetFont {
            font: PdfFontHandle::External(ids[&run.font].clone()),
            size: Pt(run.size),
        },
        Op::SetFillColor {
            col: colour(run.colour),
        },
        Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(run.x), Pt(page_h - run.y)),
        },
    ];
    // Runs of ordinary glyphs are shown at once; an inserted hyphen is shown on its own inside
    // a `/Span` whose `/ActualText` replaces it in copied and searched text.
    for group in run.glyphs.chunk_by(|a, b| !a.inserted && !b.inserted) {
        let show = Op::ShowText {
            items: vec![TextItem::GlyphIds(group.iter().map(codepoint).collect())],
        };
        if group[0].inserted {
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".into(),
                properties: DictItem::Dict {
                    map: BTreeMap::from([(
                        "ActualText".to_string(),
                        DictItem::String {
                            data: utf16be(INSERTED_HYPHEN_TEXT),
                            literal: false,
                        },
                    )]),
                },
            });
            ops.push(show);
            ops.push(Op::EndMarkedContent);
        } else {
            ops.push(show);
        }
    }
    ops
}

/// A PDF text string in UTF-16BE with its byte-order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

fn page_ops(
    items: &[&Item],
    ids: &BTreeMap<FontKind, FontId>,
    widths: &Widths,
    page_h: f32,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut in_text = false;
    for item in items {
        match item {
            Item::Text(run) => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                ops.extend(text_ops(run, ids, widths, page_h));
            }
            Item::Rect(r) => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                ops.push(Op::SetFillColor {
                    col: colour(r.fill),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r.rect.x),
                        y: Pt(page_h - r.rect.y - r.rect.h),
                        width: Pt(r.rect.w),
                        height: Pt(r.rect.h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Shape(shape) => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                ops.extend(shape_ops(shape, page_h));
            }
            Item::Link { .. } | Item::Dest { .. } => {}
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}

/// A filled closed path.
fn shape_ops(shape: &ShapeItem, page_h: f32) -> Vec<Op> {
    let points = shape
        .path
        .iter()
        .map(|p| LinePoint {
            p: Point {
                x: Pt(p.x),
                y: Pt(page_h - p.y),
            },
            bezier: p.control,
        })
        .collect();
    vec![
        Op::SetFillColor {
            col: colour(shape.fill),
        },
        Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
    ]
}

/// Serialises a finished layout to PDF bytes. Each page's items are dropped as soon as they are
/// ops, keeping only its links and destinations for `finish`, and the printpdf document is
/// dropped once it is lopdf objects: three copies of a long memo never sit in memory together.
pub fn write(laid: Layout, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics> {
    let mut used: BTreeMap<FontKind, BTreeSet<u16>> = BTreeMap::new();
    for page in &laid.pages {
        for item in page.body.iter().chain(&page.furniture) {
            if let Item::Text(t) = item {
                used.entry(t.font)
                    .or_default()
                    .extend(t.glyphs.iter().map(|g| g.id));
            }
        }
    }
    let mut pdf = PdfDocument::new(&ctx.doc.meta.title);
    let mut ids = BTreeMap::new();
    let mut faces = BTreeMap::new();
    for (kind, glyphs) in &used {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(kind.bytes(), 0, &mut warnings)
            .ok_or_else(|| Diagnostic::new("a shipped font could not be parsed"))?;
        let id = FontId(subset_tag(*kind, glyphs));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        ids.insert(*kind, id);
        faces.insert(
            *kind,
            ttf_parser::Face::parse(kind.bytes(), 0)
                .map_err(|_| Diagnostic::new("a shipped font could not be parsed"))?,
        );
    }
    let widths = Widths { faces };
    let (w_mm, h_mm) = (Mm(laid.width * 25.4 / 72.0), Mm(laid.height * 25.4 / 72.0));
    // What `finish` needs of the layout: its size, outline, and each page's links and targets.
    let mut marks = laid;
    let laid_pages = std::mem::take(&mut marks.pages);
    let mut pages = Vec::with_capacity(laid_pages.len());
    for p in laid_pages {
        let items: Vec<&Item> = p.furniture.iter().chain(&p.body).collect();
        pages.push(PdfPage::new(
            w_mm,
            h_mm,
            page_ops(&items, &ids, &widths, marks.height),
        ));
        let body = p
            .body
            .into_iter()
            .filter(|i| matches!(i, Item::Link { .. } | Item::Dest { .. }))
            .collect();
        marks.pages.push(Page {
            body,
            furniture: Vec::new(),
        });
    }
    pdf.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&opts, &mut warnings);
    drop(pdf);
    // printpdf reports problems (a font it could not subset, text outside a text section) as
    // warnings; an error among them would mean a broken file, so it stops the render.
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        return Err(
            Diagnostic::new(format!("writing the PDF failed: {}", errors.join("; "))).into(),
        );
    }
    finish::finish(lo, &marks, ctx)
}
