//! A drawing as SVG: the picture Word and LibreOffice show for a chart in the DOCX (with the
//! PNG of `raster` as the fallback older readers use). Text stays text, in the theme's DOCX
//! family (Calibri, with Carlito's metrics) so labels sit where layout measured them.

use super::xml::esc;
use crate::chart::draw::Band;
use crate::layout::fonts::FontKind;
use crate::layout::frame::{segments, Item, PathPoint, Segment};
use std::fmt::Write as _;

/// `band` (a part of a drawing `width` wide) as a standalone SVG document, one user unit per
/// point.
pub fn svg(band: &Band, width: f32, family: &str) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" \
         viewBox=\"0 0 {w} {h}\">\n",
        w = num(width),
        h = num(band.height)
    );
    for item in &band.items {
        match item {
            Item::Rect(r) => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#{}\"/>",
                    num(r.rect.x),
                    num(r.rect.y),
                    num(r.rect.w),
                    num(r.rect.h),
                    r.fill.hex()
                );
            }
            Item::Shape(s) => {
                let _ = writeln!(
                    out,
                    "<path d=\"{}\" fill=\"#{}\"/>",
                    path_data(&s.path),
                    s.fill.hex()
                );
            }
            Item::Text(t) => {
                let (weight, style) = match t.font {
                    FontKind::Bold => (" font-weight=\"bold\"", ""),
                    FontKind::Italic => ("", " font-style=\"italic\""),
                    FontKind::BoldItalic => (" font-weight=\"bold\"", " font-style=\"italic\""),
                    FontKind::Regular | FontKind::Mono => ("", ""),
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-family=\"{}, Carlito, sans-serif\" \
                     font-size=\"{}\"{weight}{style} fill=\"#{}\" xml:space=\"preserve\">{}</text>",
                    num(t.x),
                    num(t.y),
                    esc(family),
                    num(t.size),
                    t.colour.hex(),
                    esc(&t.text())
                );
            }
            Item::Link { .. } | Item::Dest { .. } => {}
        }
    }
    out.push_str("</svg>\n");
    out
}

/// A path's `d` attribute: `M`, then `L` for end points and `C` for a curve's two control
/// points and its end.
fn path_data(path: &[PathPoint]) -> String {
    let mut d = String::new();
    for segment in segments(path) {
        let _ = match segment {
            Segment::Move(p) => write!(d, "M{} {}", num(p.x), num(p.y)),
            Segment::Line(p) => write!(d, " L{} {}", num(p.x), num(p.y)),
            Segment::Cubic(c1, c2, e) => write!(
                d,
                " C{} {} {} {} {} {}",
                num(c1.x),
                num(c1.y),
                num(c2.x),
                num(c2.y),
                num(e.x),
                num(e.y)
            ),
        };
    }
    d.push_str(" Z");
    d
}

/// A coordinate to 0.01 pt.
fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{:.2}", if r == 0.0 { 0.0 } else { r });
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
