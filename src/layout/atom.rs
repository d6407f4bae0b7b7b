//! What block layout is made of, shared by the flow of blocks and by tables: the atom (the
//! unit of pagination), the environment blocks are set in, and lines set with diagnostics.

use super::fonts::FontKind;
use super::frame::Item;
use super::inline::{layout_inlines, Align, Line, ParaStyle, Style};
use super::Ctx;
use crate::doc::{plain_text, Inline};
use crate::theme::Colour;
use std::collections::BTreeSet;
use std::rc::Rc;

/// An unbreakable strip of content; items are relative to its top edge (x is absolute).
#[derive(Debug, Clone, Default)]
pub struct Atom {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub before: f32,
    /// No page break between this atom and the next (headings, orphan/widow lines, a table's
    /// header and its first row).
    pub keep_next: bool,
    /// Starts a new page.
    pub break_before: bool,
    pub items: Vec<Item>,
    /// Footnotes cited here.
    pub notes: Vec<usize>,
    /// The table header to repeat when this row starts a page.
    pub header: Option<Rc<Atom>>,
    /// The first baseline, for list markers.
    pub first_baseline: Option<f32>,
    /// A band of a figure broken across pages: (figure, band), both counted from 0.
    pub figure_band: Option<(usize, usize)>,
}

/// Where and how a run of blocks is set.
#[derive(Debug, Clone)]
pub struct Env {
    pub x: f32,
    pub w: f32,
    pub font: FontKind,
    pub size: f32,
    pub colour: Colour,
    pub justify: bool,
    /// Blocks inside footnotes: their headings are not bookmarked.
    pub in_note: bool,
    pub list_depth: usize,
}

impl Env {
    pub fn style(&self) -> Style {
        Style::new(self.font, self.size, self.colour)
    }
    pub fn line_height(&self, ctx: &Ctx) -> f32 {
        self.size * ctx.styles.line_height
    }
    pub fn inset(&self, left: f32, right: f32) -> Env {
        Env {
            x: self.x + left,
            w: self.w - left - right,
            ..self.clone()
        }
    }
}

/// A short description of inline content for diagnostics: `paragraph starting "…"`.
pub fn describe(kind: &str, inlines: &[Inline]) -> String {
    let text = plain_text(inlines);
    let mut head: String = text.chars().take(48).collect();
    if text.chars().count() > 48 {
        head.push('…');
    }
    format!("{kind} starting \"{head}\"")
}

/// Lines of `inlines`, reporting uncovered characters with `context`.
pub fn lines(
    ctx: &mut Ctx,
    inlines: &[Inline],
    para: &ParaStyle,
    context: impl FnOnce() -> String,
) -> Vec<Line> {
    let mut uncovered = BTreeSet::new();
    let out = layout_inlines(ctx, inlines, para, &mut uncovered);
    if !uncovered.is_empty() {
        let c = context();
        ctx.report_uncovered(&uncovered, &c);
    }
    out
}

/// One line of text set in a box `width` wide at `x`, its baseline at `baseline`.
#[allow(clippy::too_many_arguments)]
pub fn line(
    ctx: &mut Ctx,
    text: &str,
    font: FontKind,
    size: f32,
    colour: Colour,
    align: Align,
    x: f32,
    width: f32,
    baseline: f32,
    what: &str,
) -> Vec<Item> {
    let para = ParaStyle {
        base: Style::new(font, size, colour),
        width,
        align,
        line_height: size * 1.2,
    };
    let content = [Inline::Text(text.to_string())];
    let lines = lines(ctx, &content, &para, || what.to_string());
    let mut out = Vec::new();
    if let Some(l) = lines.first() {
        let dy = baseline - l.baseline;
        out.extend(l.items.iter().cloned().map(|it| it.shifted(x, dy)));
    }
    out
}
