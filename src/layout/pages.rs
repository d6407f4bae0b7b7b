//! Page furniture: the classification banner at the top and bottom of every page, the running
//! title and reference, and "Page N of M" (known only once pagination is done).

use super::atom::line;
use super::fonts::FontKind;
use super::frame::{Item, Page, Rect, RectItem};
use super::inline::Align;
use super::Ctx;
use crate::doc::Meta;
use crate::style::RuleStyle;
use crate::theme::mm_to_pt;

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
