//! Page furniture: the classification banner at the top and bottom of every page, the running
//! title and reference, and "Page N of M" (known only once pagination is done).

use super::fonts::FontKind;
use super::frame::{Item, Page, Rect, RectItem};
use super::inline::{Align, ParaStyle, Style};
use super::Ctx;
use crate::doc::{Inline, Meta};
use crate::style::RuleStyle;
use crate::theme::{mm_to_pt, Colour};

/// One line of text set in a box `width` wide at `x`, its baseline at `baseline`.
#[allow(clippy::too_many_arguments)]
fn line(
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
    let lines = super::atom::lines(ctx, &content, &para, || what.to_string());
    let mut out = Vec::new();
    if let Some(l) = lines.first() {
        let dy = baseline - l.baseline;
        out.extend(l.items.iter().cloned().map(|it| it.shifted(x, dy)));
    }
    out
}

fn hairline(x: f32, y: f32, w: f32, rule: &RuleStyle) -> Item {
    Item::Rect(RectItem {
        rect: Rect {
            x,
            y,
            w,
            h: rule.thickness,
        },
        fill: rule.colour,
    })
}

pub fn add_furniture(
    ctx: &mut Ctx,
    meta: &Meta,
    pages: &mut [Page],
    width: f32,
    height: f32,
    body: Rect,
) {
    let theme = ctx.theme;
    let banner = meta.classification_line();
    let banner_colour = theme.banner_colour(&meta.classification);
    let muted = theme.colours.muted;
    let (bsize, rsize) = (theme.sizes.banner, theme.sizes.running);
    let top_banner = mm_to_pt(theme.page.header_mm);
    let bottom_banner = height - mm_to_pt(theme.page.footer_mm);
    // The running head sits midway between the banner and the body; the folio likewise below.
    let head_base = (top_banner + body.y) / 2.0 + rsize * 0.6;
    let foot_base = (body.y + body.h + bottom_banner) / 2.0 + rsize * 0.2;
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut items = Vec::new();
        for y in [top_banner, bottom_banner] {
            items.extend(line(
                ctx,
                &banner,
                FontKind::Bold,
                bsize,
                banner_colour,
                Align::Center,
                0.0,
                width,
                y,
                "the classification banner",
            ));
        }
        items.extend(line(
            ctx,
            &meta.title,
            FontKind::Regular,
            rsize,
            muted,
            Align::Left,
            body.x,
            body.w * 0.7,
            head_base,
            "the running title",
        ));
        let rule = &ctx.styles.furniture.rule;
        items.push(hairline(body.x, head_base + rsize * 0.45, body.w, rule));
        items.push(hairline(body.x, foot_base - rsize * 1.15, body.w, rule));
        items.extend(line(
            ctx,
            &meta.reference,
            FontKind::Regular,
            rsize,
            muted,
            Align::Left,
            body.x,
            body.w * 0.6,
            foot_base,
            "the memo reference",
        ));
        items.extend(line(
            ctx,
            &format!("Page {} of {}", i + 1, total),
            FontKind::Regular,
            rsize,
            muted,
            Align::Right,
            body.x + body.w * 0.6,
            body.w * 0.4,
            foot_base,
            "the page number",
        ));
        page.furniture = items;
    }
}
