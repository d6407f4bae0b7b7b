//! Positioned items: what layout produces and the PDF writer serialises. Coordinates are in
//! points from the page's top-left corner, y growing downwards (the writer flips them).

use super::fonts::FontKind;
use crate::theme::Colour;

/// A laid-out page: the body (inside the margins) and the furniture (banners, running head).
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub body: Vec<Item>,
    pub furniture: Vec<Item>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Text(TextRun),
    /// A filled rectangle: shading, boxes, and rules (thin rectangles need no stroke state).
    Rect(RectItem),
    /// A filled outline: chart markers and arrows.
    Shape(ShapeItem),
    /// A clickable area.
    Link {
        rect: Rect,
        target: Target,
    },
    /// A link target: a heading, an anchor, a footnote or its marker.
    Dest {
        name: String,
        x: f32,
        y: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

#[derive(Debug, Clone)]
pub struct RectItem {
    pub rect: Rect,
    pub fill: Colour,
}

/// A filled closed path of straight segments and cubic Bézier curves.
#[derive(Debug, Clone)]
pub struct ShapeItem {
    pub path: Vec<PathPoint>,
    pub fill: Colour,
}

/// A point of a path: an end point, or one of the two control points before a curve's end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    pub x: f32,
    pub y: f32,
    pub control: bool,
}

/// One step of a path, as the picture writers draw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Move(PathPoint),
    Line(PathPoint),
    /// Two control points and the end.
    Cubic(PathPoint, PathPoint, PathPoint),
}

/// The steps of `path`: a move to its first point, then a curve for each control point
/// followed by two more points, a line to every other point.
pub fn segments(path: &[PathPoint]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let p = path[i];
        if i == 0 {
            out.push(Segment::Move(p));
            i += 1;
        } else if p.control && i + 2 < path.len() {
            out.push(Segment::Cubic(p, path[i + 1], path[i + 2]));
            i += 3;
        } else {
            out.push(Segment::Line(p));
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external URL.
    Uri(String),
    /// The name of a `Dest` item somewhere in the document.
    Internal(String),
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub x: f32,
    /// The baseline.
    pub y: f32,
    pub font: FontKind,
    pub size: f32,
    pub colour: Colour,
    pub glyphs: Vec<Glyph>,
    /// Ascent and descent (positive) in points, for bounds checks.
    pub ascent: f32,
    pub descent: f32,
}

impl TextRun {
    /// The sum of the glyphs' advances.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The text the run stands for, as copy returns it (without inserted hyphens).
    pub fn text(&self) -> String {
        self.glyphs
            .iter()
            .filter(|g| !g.inserted)
            .filter_map(|g| g.text.as_deref())
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Glyph {
    pub id: u16,
    /// The advance in points actually used: shaped advance, kerning and justification.
    pub advance: f32,
    /// The characters the glyph stands for, on the first glyph of a cluster.
    pub text: Option<String>,
    /// A hyphen the line breaker added: shown, but not part of the text, so copying and
    /// searching give the whole word (the PDF marks it with `/ActualText`).
    pub inserted: bool,
}

impl Item {
    /// The item moved down by `dy` (layout builds blocks at y = 0 and places them later).
    pub fn shifted(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text(t) => {
                t.x += dx;
                t.y += dy;
            }
            Item::Rect(r) => {
                r.rect.x += dx;
                r.rect.y += dy;
            }
            Item::Shape(s) => {
                for p in &mut s.path {
                    p.x += dx;
                    p.y += dy;
                }
            }
            Item::Link { rect, .. } => {
                rect.x += dx;
                rect.y += dy;
            }
            Item::Dest { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        self
    }
}
