//! A stable text dump of a finished layout: the golden (`tests/golden/<brief>/layout.txt`) that
//! a rewrite of the PDF back-end must keep, since it holds every position the writer is given.

use super::frame::{Item, Rect, Target};
use super::Layout;
use std::fmt::Write;

/// A length rounded to 0.01 pt, never printed as "-0.00": sub-hundredth noise stays out of diffs.
fn pt(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    format!("{:.2}", if r == 0.0 { 0.0 } else { r })
}

fn rect(r: &Rect) -> String {
    format!("x={} y={} w={} h={}", pt(r.x), pt(r.y), pt(r.w), pt(r.h))
}

impl Layout {
    /// One line per item, pages in order and items in the order the PDF writer paints them
    /// (furniture, then body), then the outline. Text runs show their box (y is the baseline, h
    /// ascent plus descent), face, size, colour and text; rectangles their fill; links their
    /// target; destinations their name.
    pub fn dump(&self) -> String {
        let mut out = format!(
            "page size w={} h={}, body {}\n",
            pt(self.width),
            pt(self.height),
            rect(&self.body)
        );
        for (n, page) in self.pages.iter().enumerate() {
            let n = n + 1;
            let items = page
                .furniture
                .iter()
                .map(|i| ("furniture", i))
                .chain(page.body.iter().map(|i| ("body", i)));
            for (part, item) in items {
                let line = match item {
                    Item::Text(t) => format!(
                        "text x={} y={} w={} h={} {:?} {} #{} {:?}",
                        pt(t.x),
                        pt(t.y),
                        pt(t.width()),
                        pt(t.ascent + t.descent),
                        t.font,
                        pt(t.size),
                        t.colour.hex(),
                        t.text()
                    ),
                    Item::Rect(r) => format!("rect {} fill #{}", rect(&r.rect), r.fill.hex()),
                    Item::Shape(s) => {
                        let points: Vec<String> = s
                            .path
                            .iter()
                            .map(|p| {
                                let c = if p.control { "c" } else { "" };
                                format!("{c}{},{}", pt(p.x), pt(p.y))
                            })
                            .collect();
                        format!("shape fill #{} [{}]", s.fill.hex(), points.join(" "))
                    }
                    Item::Link { rect: r, target } => match target {
                        Target::Uri(uri) => format!("link {} uri {uri:?}", rect(r)),
                        Target::Internal(name) => format!("link {} dest {name:?}", rect(r)),
                    },
                    Item::Dest { name, x, y } => format!("dest x={} y={} {name:?}", pt(*x), pt(*y)),
                };
                let _ = writeln!(out, "p{n} {part} {line}");
            }
        }
        for e in &self.outline {
            let _ = writeln!(out, "outline {} {:?} -> {:?}", e.level, e.title, e.dest);
        }
        out
    }
}
