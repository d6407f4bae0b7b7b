//! Layout: the document tree → pages of positioned boxes (lines of shaped glyphs, rules, fills,
//! links), testable without any PDF bytes. The PDF writer only serialises these pages; every
//! size and space comes from the style sheet (`crate::style`) the DOCX writer reads too.
//!
//! Blocks become atoms (unbreakable strips: a line, a table row, a kept box) with keep-with-next
//! flags; pagination places atoms on pages; the page furniture (banners, running head,
//! "Page N of M") is added once the page count is known.

pub mod atom;
mod dump;
pub mod flow;
pub mod fonts;
pub mod frame;
pub mod inline;
pub mod pages;
pub mod table;
#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{ContentsEntry, Document};
use crate::style::StyleSheet;
use crate::theme::{mm_to_pt, Theme};
use fonts::FontSet;
use frame::{Item, Page, Rect};
use hyphenation::{Language, Load, Standard};
use std::collections::{BTreeMap, BTreeSet};

/// A finished layout: what the PDF writer serialises.
#[derive(Debug)]
pub struct Layout {
    /// Page size in points.
    pub width: f32,
    pub height: f32,
    /// The text area inside the margins: every body glyph lies within it.
    pub body: Rect,
    pub pages: Vec<Page>,
    /// Headings for the bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
    /// For each `keep` div in document order: whether it was kept on one page (one taller
    /// than a page breaks where it must). The DOCX keeps the same ones.
    pub kept: Vec<bool>,
    /// The page (from 1) of every link target (headings, anchors, notes), as the page
    /// numbers printed in the text give them.
    pub dest_pages: BTreeMap<String, usize>,
    /// Each figure's chart as drawn, in document order: the DOCX shows the same pictures.
    pub figures: Vec<crate::chart::draw::Drawing>,
}

/// The page (from 1) of every link target on `pages`.
fn dest_pages(pages: &[Page]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for item in &page.body {
            if let Item::Dest { name, .. } = item {
                out.entry(name.clone()).or_insert(i + 1);
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// The `Dest` item the bookmark points at.
    pub dest: String,
}

/// State shared by the layout steps of one document.
pub struct Ctx<'a> {
    pub theme: &'a Theme,
    /// Every size and space the layout sets, resolved from the theme (shared with the DOCX).
    pub styles: &'a StyleSheet,
    pub fonts: FontSet,
    /// Patterns for hyphenation when the theme asks for it. English patterns serve every
    /// English variant (the crate embeds en-US only; en-GB breaks almost alike).
    pub hyphenator: Option<Standard>,
    pub diags: Diagnostics,
    pub outline: Vec<OutlineEntry>,
    /// Numbers generated link targets for headings without an id.
    pub headings: usize,
    /// The table of contents.
    pub contents: Vec<ContentsEntry>,
    /// The page of every link target, from the pass before this one (empty on the first).
    pub dest_pages: BTreeMap<String, usize>,
    /// Every figure's drawing so far, in document order (see `Layout::figures`).
    pub figures: Vec<crate::chart::draw::Drawing>,
    /// Each `keep` div's decision so far, in document order (see `Layout::kept`).
    pub kept: Vec<bool>,
    /// A page break was requested: the next atom starts a page.
    pub pending_break: bool,
    /// The height of the body area, for deciding whether a kept block can fit on a page.
    pub body_height: f32,
    /// (Line start, line end) pairs weighed by the line breaker so far: with
    /// `fonts.work`, what tests read to check that layout work grows with the input.
    pub break_candidates: u64,
}

impl<'a> Ctx<'a> {
    /// A fresh context for `theme`, with a body area `body_height` points high.
    pub fn new(theme: &'a Theme, styles: &'a StyleSheet, body_height: f32) -> Ctx<'a> {
        let english = theme.text.language.to_ascii_lowercase().starts_with("en");
        Ctx {
            theme,
            styles,
            fonts: FontSet::new(),
            hyphenator: (theme.text.hyphenate && english)
                .then(|| Standard::from_embedded(Language::EnglishUS).ok())
                .flatten(),
            diags: Diagnostics::default(),
            outline: Vec::new(),
            headings: 0,
            pending_break: false,
            body_height,
            break_candidates: 0,
            kept: Vec::new(),
            figures: Vec::new(),
            contents: Vec::new(),
            dest_pages: BTreeMap::new(),
        }
    }

    /// Reports characters no shipped font covers, naming where they are.
    pub fn report_uncovered(&mut self, uncovered: &BTreeSet<char>, context: &str) {
        if uncovered.is_empty() {
            return;
        }
        let chars: Vec<String> = uncovered
            .iter()
            .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
            .collect();
        self.diags.push(
            Diagnostic::new(format!(
                "no font shipped with briefwright has a glyph for {}",
                chars.join(", ")
            ))
            .path(context.to_string())
            .expected(
                "text in the scripts Carlito and Liberation Mono cover (Latin, Greek, Cyrillic)",
            ),
        );
    }
}

/// The page's width and height and its text area, in points.
pub fn page_geometry(theme: &Theme) -> (f32, f32, Rect) {
    let p = &theme.page;
    let width = mm_to_pt(p.width_mm);
    let height = mm_to_pt(p.height_mm);
    let body = Rect {
        x: mm_to_pt(p.margin_left_mm),
        y: mm_to_pt(p.margin_top_mm),
        w: width - mm_to_pt(p.margin_left_mm) - mm_to_pt(p.margin_right_mm),
        h: height - mm_to_pt(p.margin_top_mm) - mm_to_pt(p.margin_bottom_mm),
    };
    (width, height, body)
}

/// Every figure of `doc` drawn at the text width, in document order: what the DOCX shows when
/// the memo could not be laid out (the layout's own drawings otherwise).
pub fn figure_drawings(
    doc: &Document,
    theme: &Theme,
    styles: &StyleSheet,
) -> Vec<crate::chart::draw::Drawing> {
    fn walk(blocks: &[crate::doc::Block], out: &mut Vec<crate::chart::Chart>) {
        for b in blocks {
            match b {
                crate::doc::Block::Figure(f) => out.push(f.chart.clone()),
                crate::doc::Block::Div { blocks, .. } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let (_, _, body) = page_geometry(theme);
    let mut ctx = Ctx::new(theme, styles, body.h);
    let mut charts = Vec::new();
    walk(&doc.blocks, &mut charts);
    charts
        .iter()
        .map(|c| {
            let mut d = crate::chart::draw::draw(&mut ctx, c, body.w);
            d.break_at_height(body.h * 0.9);
            d
        })
        .collect()
}

/// Lays out `doc` with `theme` and the style sheet resolved from it; fails with diagnostics
/// when text cannot be typeset (a character without a glyph), never with boxes on the page.
pub fn layout(doc: &Document, theme: &Theme, styles: &StyleSheet) -> Result<Layout, Diagnostics> {
    let (width, height, body) = page_geometry(theme);
    let mut ctx = Ctx::new(theme, styles, body.h);
    ctx.contents = doc.contents();
    let mut pages = flow::flow(&mut ctx, doc, body);
    // Page numbers in the text (contents, "see page N") are known once the pages are: the
    // next pass prints them. They rarely move a line; when they do move a page, one more
    // pass prints the pages as they then fall.
    let mut found = dest_pages(&pages);
    if doc.has_contents() || doc.has_page_refs() {
        for _ in 0..2 {
            ctx = Ctx::new(theme, styles, body.h);
            ctx.contents = doc.contents();
            ctx.dest_pages = found.clone();
            pages = flow::flow(&mut ctx, doc, body);
            let now = dest_pages(&pages);
            if now == found {
                break;
            }
            found = now;
        }
    }
    if !ctx.diags.is_empty() {
        return Err(ctx.diags);
    }
    pages::add_furniture(&mut ctx, &doc.meta, &mut pages, width, height, body);
    if !ctx.diags.is_empty() {
        return Err(ctx.diags);
    }
    Ok(Layout {
        width,
        height,
        body,
        pages,
        outline: ctx.outline,
        kept: ctx.kept,
        dest_pages: found,
        figures: ctx.figures,
    })
}
