//! Charts as positioned items, like every other block: layout places the bands on pages, the PDF
//! serialises them as vectors, and the DOCX draws the same items as a picture.
//!
//! A drawing is a stack of bands (strips the width of the text). A chart taller than a page
//! breaks between bands, and a timeline repeats its axis (the head) above the rows that
//! continue on the next page, as a table repeats its header.

use super::{Chart, ThreatMatrix, Timeline, TimelineRow};
use crate::data::model::{Level, Likelihood, Trend};
use crate::layout::atom::{line, lines};
use crate::layout::fonts::FontKind;
use crate::layout::frame::{Item, PathPoint, Rect, RectItem, ShapeItem};
use crate::layout::inline::{Align, ParaStyle, Style};
use crate::layout::Ctx;
use crate::style::FigureStyle;
use crate::theme::Colour;
use chrono::{Datelike, NaiveDate};

/// A strip of a drawing: items relative to its top edge, x from the drawing's left edge.
#[derive(Debug, Clone, Default)]
pub struct Band {
    pub height: f32,
    pub items: Vec<Item>,
    /// Starts with the drawing's head repeated above it when it starts a page (a timeline's
    /// rows and a matrix's rows do; keys do not).
    pub under_head: bool,
}

#[derive(Debug, Clone)]
pub struct Drawing {
    pub width: f32,
    /// Repeated above the bands that continue on a new page (a timeline's axis).
    pub head: Option<Band>,
    pub bands: Vec<Band>,
    /// The bands that start a new page, as the layout placed them (none when the drawing
    /// fits where it is).
    pub breaks: Vec<usize>,
}

impl Drawing {
    pub fn height(&self) -> f32 {
        self.head.iter().chain(&self.bands).map(|b| b.height).sum()
    }

    /// The drawing in one part per page it is on, as the layout broke it, each part's items
    /// stacked from its top and the head repeated at the top of every part: the pictures a
    /// writer without pagination of its own (the DOCX) places one after another.
    pub fn parts(&self) -> Vec<Band> {
        let mut parts: Vec<Band> = Vec::new();
        for (k, band) in self.bands.iter().enumerate() {
            if parts.is_empty() || self.breaks.contains(&k) {
                let mut start = Band::default();
                if let Some(head) = self.head.as_ref().filter(|_| band.under_head || k == 0) {
                    start.items.extend(head.items.iter().cloned());
                    start.height = head.height;
                }
                parts.push(start);
            }
            if let Some(part) = parts.last_mut() {
                let dy = part.height;
                part.items
                    .extend(band.items.iter().cloned().map(|i| i.shifted(0.0, dy)));
                part.height += band.height;
            }
        }
        parts
    }

    /// Breaks `breaks` so that no part is taller than `max_height`, for a drawing no layout
    /// placed.
    pub fn break_at_height(&mut self, max_height: f32) {
        let head = self.head.as_ref().map_or(0.0, |h| h.height);
        let mut used = head;
        self.breaks.clear();
        for (k, band) in self.bands.iter().enumerate() {
            if k > 0 && used + band.height > max_height {
                self.breaks.push(k);
                used = if band.under_head { head } else { 0.0 };
            }
            used += band.height;
        }
    }
}

/// Lays out `chart` in a drawing `width` points wide.
pub fn draw(ctx: &mut Ctx, chart: &Chart, width: f32) -> Drawing {
    let style = ctx.styles.figure.clone();
    let mut pen = Pen { ctx, style };
    match chart {
        Chart::ThreatMatrix(m) => pen.matrix(m, width),
        Chart::Timeline(t) => pen.timeline(t, width),
    }
}

struct Pen<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    style: FigureStyle,
}

/// Rows of the matrix from the top: most likely first.
const LIKELIHOODS: [Likelihood; 7] = [
    Likelihood::AlmostCertain,
    Likelihood::VeryLikely,
    Likelihood::Likely,
    Likelihood::RoughlyEvenChance,
    Likelihood::Unlikely,
    Likelihood::VeryUnlikely,
    Likelihood::AlmostNoChance,
];
const IMPACTS: [Level; 3] = [Level::Low, Level::Moderate, Level::High];

/// The most lines of markers a matrix cell shows; a cell with more shows how many more.
const MAX_MARKER_LINES: usize = 4;

/// The numbers on the matrix's markers.
const WHITE: Colour = Colour {
    r: 255,
    g: 255,
    b: 255,
};

impl Pen<'_, '_> {
    fn size(&self) -> f32 {
        self.style.label_size
    }
    fn small(&self) -> f32 {
        self.style.label_size - 1.0
    }
    fn line_height(&self, size: f32) -> f32 {
        size * 1.25
    }

    /// `text` set in a box `width` wide at (`x`, `top`), wrapped: its items and height.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        text: &str,
        font: FontKind,
        size: f32,
        colour: Colour,
        align: Align,
        x: f32,
        top: f32,
        width: f32,
    ) -> (Vec<Item>, f32) {
        let para = ParaStyle {
            base: Style::new(font, size, colour),
            width: width.max(1.0),
            align,
            line_height: self.line_height(size),
        };
        let content = [crate::doc::Inline::Text(text.to_string())];
        let set = lines(self.ctx, &content, &para, || {
            format!("chart label \"{text}\"")
        });
        let mut items = Vec::new();
        let mut y = top;
        for l in set {
            items.extend(l.items.into_iter().map(|i| i.shifted(x, y)));
            y += l.height;
        }
        (items, y - top)
    }

    /// One line of `text` centred on (`cx`, `cy`): the middle of its figures and lower-case
    /// letters (about 0.35 em above the baseline) on `cy`.
    fn centred(
        &mut self,
        text: &str,
        font: FontKind,
        size: f32,
        colour: Colour,
        cx: f32,
        cy: f32,
    ) -> Vec<Item> {
        let w = self.ctx.fonts.width(font, size, text) + 2.0;
        let what = format!("chart label \"{text}\"");
        line(
            self.ctx,
            text,
            font,
            size,
            colour,
            Align::Center,
            cx - w / 2.0,
            w,
            cy + 0.35 * size,
            &what,
        )
    }

    fn width_of(&mut self, text: &str, font: FontKind, size: f32) -> f32 {
        self.ctx.fonts.width(font, size, text)
    }

    fn matrix(&mut self, m: &ThreatMatrix, width: f32) -> Drawing {
        let s = self.style.clone();
        let (size, small) = (self.size(), self.small());
        let lh = self.line_height(size);
        let radius = size * 0.8;
        let pitch = 2.0 * radius + 12.0;
        // The likelihood labels' column: as wide as the widest, at most 40% of the drawing
        // (labels wrap past that).
        let label_w = LIKELIHOODS
            .iter()
            .map(|l| self.width_of(l.label(), FontKind::Regular, size))
            .fold(0.0, f32::max)
            .min(width * 0.4)
            + 8.0;
        let cell_w = (width - label_w) / 3.0;
        let per_line = (((cell_w - 6.0) / pitch).floor() as usize).max(1);
        let mut bands = Vec::new();

        // Column heads (the drawing's head, repeated when the grid goes on on a new page), then
        // a band per likelihood row with markers in their impact column.
        let mut head = Band::default();
        let (items, mut heads_h) = self.text(
            "Likelihood",
            FontKind::Bold,
            small,
            s.muted,
            Align::Left,
            0.0,
            2.0,
            label_w,
        );
        head.items.extend(items);
        for (j, impact) in IMPACTS.iter().enumerate() {
            let x = label_w + j as f32 * cell_w;
            let t = format!("{} impact", impact.label());
            let (items, h) = self.text(
                &t,
                FontKind::Bold,
                small,
                s.muted,
                Align::Center,
                x,
                2.0,
                cell_w,
            );
            head.items.extend(items);
            heads_h = heads_h.max(h);
        }
        // The heads wrap in a narrow drawing: the grid starts below the tallest.
        head.height = heads_h.max(lh) + 4.0;
        for likelihood in &LIKELIHOODS {
            // Each cell's threats with their numbers (their place in the key, from 1).
            let cells: Vec<Vec<(usize, &super::MatrixPoint)>> = IMPACTS
                .iter()
                .map(|imp| {
                    (1..)
                        .zip(&m.threats)
                        .filter(|(_, t)| t.likelihood == *likelihood && t.impact == *imp)
                        .collect()
                })
                .collect();
            // A crowded cell shows its first markers and how many more the key lists, so a
            // row never outgrows a page.
            let room = per_line * MAX_MARKER_LINES;
            let marker_lines = cells
                .iter()
                .map(|c| c.len().min(room).div_ceil(per_line))
                .max()
                .unwrap_or(0)
                .max(1);
            let line_h = 2.0 * radius + 4.0;
            let row_h = (lh + 6.0).max(marker_lines as f32 * line_h + 4.0);
            let mut row = Band {
                height: row_h,
                items: Vec::new(),
                under_head: true,
            };
            let y = 0.0;
            let (items, h) = self.text(
                likelihood.label(),
                FontKind::Regular,
                size,
                s.text,
                Align::Left,
                0.0,
                0.0,
                label_w - 4.0,
            );
            let dy = y + (row_h - h) / 2.0;
            row.items
                .extend(items.into_iter().map(|it| it.shifted(0.0, dy)));
            for (j, cell) in cells.iter().enumerate() {
                let x = label_w + j as f32 * cell_w;
                let risk = likelihood_rank(*likelihood) as f32 / 6.0 + j as f32 / 2.0;
                let fill = s.risk[if risk < 0.75 {
                    0
                } else if risk < 1.35 {
                    1
                } else {
                    2
                }];
                row.items
                    .push(rect(x + 1.0, y + 1.0, cell_w - 2.0, row_h - 2.0, fill));
                let lines_here = cell.len().min(room).div_ceil(per_line);
                let block_h = lines_here as f32 * line_h;
                let top = y + (row_h - block_h) / 2.0;
                let shown = if cell.len() > room {
                    room - 1
                } else {
                    cell.len()
                };
                let slot = |k: usize| {
                    let cx = x + 6.0 + (k % per_line) as f32 * pitch + radius;
                    let cy = top + (k / per_line) as f32 * line_h + line_h / 2.0;
                    (cx, cy)
                };
                for (k, (n, p)) in cell.iter().take(shown).enumerate() {
                    let (cx, cy) = slot(k);
                    row.items.push(circle(cx, cy, radius, s.current));
                    row.items.extend(self.centred(
                        &n.to_string(),
                        FontKind::Bold,
                        small,
                        WHITE,
                        cx,
                        cy,
                    ));
                    row.items
                        .push(trend_mark(p.trend, cx + radius + 5.5, cy, s.text));
                }
                if shown < cell.len() {
                    let (cx, cy) = slot(shown);
                    let more = format!("+{}", cell.len() - shown);
                    row.items.extend(self.centred(
                        &more,
                        FontKind::Bold,
                        small,
                        s.text,
                        cx + 2.0,
                        cy,
                    ));
                }
            }
            bands.push(row);
        }
        bands.push(self.legend(
            &[
                (Swatch::Trend(Trend::Increasing), "increasing".into()),
                (Swatch::Trend(Trend::Stable), "stable".into()),
                (Swatch::Trend(Trend::Decreasing), "decreasing".into()),
            ],
            width,
            "Trend:",
        ));

        // The key: each number and its threat.
        for (i, t) in m.threats.iter().enumerate() {
            let cx = radius;
            let text_x = 2.0 * radius + 6.0;
            let line = format!(
                "{} — {}, {} impact, {}",
                t.label,
                t.likelihood.term(),
                t.impact.label().to_lowercase(),
                t.trend.label().to_lowercase()
            );
            let (mut items, h) = self.text(
                &line,
                FontKind::Regular,
                size,
                s.text,
                Align::Left,
                text_x,
                1.0,
                width - text_x,
            );
            let cy = 1.0 + lh / 2.0;
            items.push(circle(cx, cy, radius, s.current));
            items.extend(self.centred(&(i + 1).to_string(), FontKind::Bold, small, WHITE, cx, cy));
            bands.push(Band {
                height: h.max(2.0 * radius) + 3.0,
                items,
                under_head: false,
            });
        }
        Drawing {
            width,
            head: Some(head),
            bands,
            breaks: Vec::new(),
        }
    }

    /// A line of swatches and their meanings.
    /// Swatches and their meanings after a title, in rows as wide as the drawing.
    fn legend(&mut self, entries: &[(Swatch, String)], width: f32, title: &str) -> Band {
        let s = self.style.clone();
        let small = self.small();
        let lh = self.line_height(small);
        let mut items = Vec::new();
        let (t, _) = self.text(
            title,
            FontKind::Bold,
            small,
            s.muted,
            Align::Left,
            0.0,
            4.0,
            width,
        );
        items.extend(t);
        let start = self.width_of(title, FontKind::Bold, small) + 6.0;
        let (mut x, mut top) = (start, 4.0);
        for (swatch, label) in entries {
            let swatch_w = match swatch {
                Swatch::Trend(_) => 8.0,
                Swatch::Bar(_) => 18.0,
                Swatch::Day(_) => 11.0,
                Swatch::Arrow(_) => 17.0,
            };
            let label_w = self.width_of(label, FontKind::Regular, small);
            if x > start && x + swatch_w + label_w > width {
                x = start;
                top += lh + 2.0;
            }
            let cy = top + lh / 2.0;
            match swatch {
                Swatch::Trend(tr) => items.push(trend_mark(*tr, x + 2.5, cy, s.text)),
                Swatch::Bar(c) => items.push(rect(x, cy - 3.5, 14.0, 7.0, *c)),
                Swatch::Day(c) => items.push(diamond(x + 4.0, cy, 4.0, *c)),
                Swatch::Arrow(c) => {
                    items.push(rect(x, cy - 3.5, 8.0, 7.0, *c));
                    items.push(arrow_head(x + 8.0, cy, 5.0, *c));
                }
            }
            x += swatch_w;
            let (t, _) = self.text(
                label,
                FontKind::Regular,
                small,
                s.muted,
                Align::Left,
                x,
                top,
                (width - x).max(label_w),
            );
            items.extend(t);
            x += label_w + 12.0;
        }
        Band {
            height: top + lh + 4.0,
            items,
            under_head: false,
        }
    }

    fn timeline(&mut self, t: &Timeline, width: f32) -> Drawing {
        let s = self.style.clone();
        let (size, small) = (self.size(), self.small());
        let lh = self.line_height(size);
        let widest = t
            .rows
            .iter()
            .map(|r| {
                let a = self.width_of(&r.label, FontKind::Bold, size);
                let b = self.width_of(&r.note, FontKind::Regular, small);
                a.max(b)
            })
            .fold(0.0, f32::max);
        let label_w = widest.min(width * 0.36) + 1.0;
        let x0 = label_w + 10.0;
        let x1 = width - 8.0;
        let (from, to) = t.years().unwrap_or((t.as_of.year(), t.as_of.year()));
        let span = (to + 1 - from).max(1);
        let step = [
            1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2500, 5000,
        ]
        .into_iter()
        .find(|st| (span as f32 / *st as f32) <= (x1 - x0) / 38.0)
        .unwrap_or(5000);
        // From a round year to the end of the last year shown; ticks on the round years.
        let a = from.div_euclid(step) * step;
        let b = to + 1;
        let start = year_start(a);
        let days = (year_start(b) - start).num_days().max(1) as f32;
        let at = |d: NaiveDate| x0 + (d - start).num_days() as f32 / days * (x1 - x0);
        let ticks: Vec<(i32, f32)> = (a..=b)
            .step_by(step as usize)
            .map(|y| (y, at(year_start(y))))
            .collect();

        // The axis: years over their tick lines.
        let mut head = Band {
            height: lh + 3.0,
            items: Vec::new(),
            under_head: false,
        };
        for (year, x) in &ticks {
            let label = year.to_string();
            let w = self.width_of(&label, FontKind::Regular, small);
            let lx = (x - w / 2.0).clamp(x0 - w / 2.0, width - w);
            let (items, _) = self.text(
                &label,
                FontKind::Regular,
                small,
                s.muted,
                Align::Left,
                lx - 1.0,
                1.0,
                w + 2.0,
            );
            head.items.extend(items);
        }
        head.items
            .push(rect(x0, head.height - 0.5, x1 - x0, 0.5, s.grid));

        let mut bands = Vec::new();
        let mut drawn = Drawn::default();
        for row in &t.rows {
            let (mut items, h1) = self.text(
                &row.label,
                FontKind::Bold,
                size,
                s.text,
                Align::Left,
                0.0,
                3.0,
                label_w,
            );
            let (notes, h2) = self.text(
                &row.note,
                FontKind::Regular,
                small,
                s.muted,
                Align::Left,
                0.0,
                3.0 + h1,
                label_w,
            );
            items.extend(notes);
            let height = h1 + h2 + 6.0;
            let mut band = Band {
                height,
                items: Vec::new(),
                under_head: true,
            };
            for (_, x) in &ticks {
                band.items.push(rect(x - 0.2, 0.0, 0.4, height, s.grid));
            }
            band.items.append(&mut items);
            let marks = marks(row, t.as_of);
            self.bar(&mut band, row, &marks, &at, height / 2.0);
            drawn.add(row, &marks);
            bands.push(band);
        }
        let has_status = t.rows.iter().any(|r| r.ended || r.ongoing);
        let mut entries = Vec::new();
        if drawn.certain {
            let label = if has_status {
                "running"
            } else {
                "the dates given"
            };
            entries.push((Swatch::Bar(s.current), label.to_string()));
        }
        if drawn.ended {
            entries.push((Swatch::Bar(s.ended), "ended".into()));
        }
        if drawn.uncertain {
            entries.push((
                Swatch::Bar(s.uncertain),
                "known only to the year or month, or only bounded".into(),
            ));
        }
        if drawn.day {
            entries.push((Swatch::Day(s.current), "dated to the day".into()));
        }
        if drawn.ongoing {
            let date = crate::data::date::SimpleDate::from_naive(t.as_of).long();
            entries.push((
                Swatch::Arrow(s.current),
                format!("continues at the brief's date, {date}"),
            ));
        }
        if !entries.is_empty() {
            let legend = self.legend(&entries, width, "Key:");
            bands.push(legend);
        }
        Drawing {
            width,
            head: Some(head),
            bands,
            breaks: Vec::new(),
        }
    }

    /// The marks of `row` on its band, centred on `cy`.
    fn bar(
        &mut self,
        band: &mut Band,
        row: &TimelineRow,
        marks: &Marks,
        at: &dyn Fn(NaiveDate) -> f32,
        cy: f32,
    ) {
        let s = &self.style;
        let colour = if row.ended { s.ended } else { s.current };
        let h = 7.0;
        match marks {
            Marks::None => {}
            Marks::Day(from, to) => {
                let cx = (at(*from) + at(*to)) / 2.0;
                band.items.push(diamond(cx, cy, 4.5, colour));
            }
            Marks::Spans(spans) => {
                for (from, to, certain) in spans {
                    let (xa, xb) = (at(*from), at(*to));
                    let fill = if *certain { colour } else { s.uncertain };
                    band.items
                        .push(rect(xa, cy - h / 2.0, (xb - xa).max(1.0), h, fill));
                }
                if let (true, Some(last)) = (row.ongoing && row.end.is_none(), spans.last()) {
                    band.items
                        .push(arrow_head(at(last.1), cy, h / 2.0 + 1.5, colour));
                }
            }
        }
    }
}

/// The longest span, in days, drawn as a point rather than a bar.
const DAY_MARK_DAYS: i64 = 7;

/// What a timeline row shows: nothing (no dates), a point (a few days at most, too short for a
/// bar), or spans of days, each certain (the sources give the days) or not (a date known
/// only to its year or month, or only bounded).
enum Marks {
    None,
    Day(NaiveDate, NaiveDate),
    Spans(Vec<(NaiveDate, NaiveDate, bool)>),
}

fn marks(row: &TimelineRow, as_of: NaiveDate) -> Marks {
    use crate::data::date::{PartialDate, Precision};
    let Some(start) = row.start else {
        return Marks::None;
    };
    let day = chrono::Days::new(1);
    let precise =
        |d: &PartialDate| matches!(d, PartialDate::Known(k) if k.precision() == Precision::Day);
    // (from, to, certain), to exclusive, merged where they touch.
    let mut spans: Vec<(NaiveDate, NaiveDate, bool)> = Vec::new();
    let mut push = |from: NaiveDate, to: NaiveDate, certain: bool| {
        if to <= from {
            return;
        }
        if let Some(last) = spans.last_mut() {
            if last.2 == certain && from <= last.1 {
                last.1 = last.1.max(to);
                return;
            }
        }
        spans.push((from, to, certain));
    };
    let head_end = start.latest_day() + day;
    push(start.earliest_day(), head_end, precise(&start));
    match (row.end, row.ongoing) {
        (Some(end), _) => {
            if end.earliest_day() > head_end {
                push(head_end, end.earliest_day(), true);
            }
            push(
                end.earliest_day().max(head_end),
                end.latest_day() + day,
                precise(&end),
            );
        }
        (None, true) if as_of > head_end => push(head_end, as_of, true),
        _ => {}
    }
    match (spans.first(), spans.last()) {
        (Some(first), Some(last))
            if spans.iter().all(|sp| sp.2) && (last.1 - first.0).num_days() <= DAY_MARK_DAYS =>
        {
            Marks::Day(first.0, last.1)
        }
        _ => Marks::Spans(spans),
    }
}

/// Which kinds of mark a timeline drew, for its key.
#[derive(Default)]
struct Drawn {
    certain: bool,
    ended: bool,
    uncertain: bool,
    day: bool,
    ongoing: bool,
}

impl Drawn {
    fn add(&mut self, row: &TimelineRow, marks: &Marks) {
        match marks {
            Marks::None => {}
            Marks::Day(..) => self.day = true,
            Marks::Spans(spans) => {
                for sp in spans {
                    match (sp.2, row.ended) {
                        (false, _) => self.uncertain = true,
                        (true, true) => self.ended = true,
                        (true, false) => self.certain = true,
                    }
                }
                self.ongoing |= row.ongoing && row.end.is_none();
            }
        }
    }
}

enum Swatch {
    Trend(Trend),
    Bar(Colour),
    Day(Colour),
    Arrow(Colour),
}

fn year_start(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn likelihood_rank(l: Likelihood) -> usize {
    6 - LIKELIHOODS.iter().position(|x| *x == l).unwrap_or(6)
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: Colour) -> Item {
    Item::Rect(RectItem {
        rect: Rect { x, y, w, h },
        fill,
    })
}

fn point(x: f32, y: f32) -> PathPoint {
    PathPoint {
        x,
        y,
        control: false,
    }
}

fn control(x: f32, y: f32) -> PathPoint {
    PathPoint {
        x,
        y,
        control: true,
    }
}

fn filled(path: Vec<PathPoint>, fill: Colour) -> Item {
    Item::Shape(ShapeItem { path, fill })
}

/// A circle of four Bézier quarters.
fn circle(cx: f32, cy: f32, r: f32, fill: Colour) -> Item {
    let k = 0.552_284_8 * r;
    filled(
        vec![
            point(cx + r, cy),
            control(cx + r, cy + k),
            control(cx + k, cy + r),
            point(cx, cy + r),
            control(cx - k, cy + r),
            control(cx - r, cy + k),
            point(cx - r, cy),
            control(cx - r, cy - k),
            control(cx - k, cy - r),
            point(cx, cy - r),
            control(cx + k, cy - r),
            control(cx + r, cy - k),
            point(cx + r, cy),
        ],
        fill,
    )
}

fn diamond(cx: f32, cy: f32, r: f32, fill: Colour) -> Item {
    filled(
        vec![
            point(cx, cy - r),
            point(cx + r, cy),
            point(cx, cy + r),
            point(cx - r, cy),
        ],
        fill,
    )
}

/// A triangle pointing right with its base on `x`.
fn arrow_head(x: f32, cy: f32, half: f32, fill: Colour) -> Item {
    filled(
        vec![
            point(x, cy - half),
            point(x + half * 1.2, cy),
            point(x, cy + half),
        ],
        fill,
    )
}

/// The trend beside a marker: a triangle pointing up (increasing) or down (decreasing), a bar
/// (stable).
fn trend_mark(trend: Trend, cx: f32, cy: f32, fill: Colour) -> Item {
    let (w, h) = (2.75, 2.75);
    match trend {
        Trend::Increasing => filled(
            vec![
                point(cx, cy - h),
                point(cx + w, cy + h),
                point(cx - w, cy + h),
            ],
            fill,
        ),
        Trend::Decreasing => filled(
            vec![
                point(cx - w, cy - h),
                point(cx + w, cy - h),
                point(cx, cy + h),
            ],
            fill,
        ),
        Trend::Stable => rect(cx - w, cy - 1.0, 2.0 * w, 2.0, fill),
    }
}

#[cfg(test)]
mod tests {
    use super::{marks, Marks};
    use crate::chart::TimelineRow;
    use crate::data::date::PartialDate;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(start: Option<&str>, end: Option<&str>, ongoing: bool) -> TimelineRow {
        TimelineRow {
            label: "x".into(),
            note: "y".into(),
            start: start.map(|s| PartialDate::parse(s).unwrap()),
            end: end.map(|s| PartialDate::parse(s).unwrap()),
            ongoing,
            ended: false,
        }
    }

    fn spans(m: Marks) -> Vec<(NaiveDate, NaiveDate, bool)> {
        match m {
            Marks::Spans(s) => s,
            Marks::Day(a, b) => panic!("a point {a}..{b}, not spans"),
            Marks::None => panic!("no marks"),
        }
    }

    #[test]
    fn a_year_is_a_span_of_the_whole_year_never_a_day() {
        let as_of = day("2026-11-22");
        // Since 1994, still running: the year 1994 uncertain, then certain up to the as-of date.
        assert_eq!(
            spans(marks(&row(Some("1994"), None, true), as_of)),
            [
                (day("1994-01-01"), day("1995-01-01"), false),
                (day("1995-01-01"), as_of, true)
            ]
        );
        // 1992 to 1997: both years uncertain, the years between certain.
        assert_eq!(
            spans(marks(&row(Some("1992"), Some("1997"), false), as_of)),
            [
                (day("1992-01-01"), day("1993-01-01"), false),
                (day("1993-01-01"), day("1997-01-01"), true),
                (day("1997-01-01"), day("1998-01-01"), false)
            ]
        );
        // A month is a month long.
        assert_eq!(
            spans(marks(&row(Some("2024-03"), Some("2024-03"), false), as_of)),
            [(day("2024-03-01"), day("2024-04-01"), false)]
        );
    }

    #[test]
    fn days_are_points_and_bounded_dates_are_uncertain_spans() {
        let as_of = day("2026-11-22");
        assert!(matches!(
            marks(&row(Some("2024-03-17"), Some("2024-03-18"), false), as_of),
            Marks::Day(a, b) if a == day("2024-03-17") && b == day("2024-03-19")
        ));
        // More than a week of known days is a bar.
        assert_eq!(
            spans(marks(
                &row(Some("2024-03-01"), Some("2024-03-20"), false),
                as_of
            )),
            [(day("2024-03-01"), day("2024-03-21"), true)]
        );
        // "After September 2025, before the end of 2026": one uncertain span over both bounds.
        assert_eq!(
            spans(marks(
                &row(Some("2025-09/2026"), Some("2025-09/2026"), false),
                as_of
            )),
            [(day("2025-09-01"), day("2027-01-01"), false)]
        );
        assert!(matches!(marks(&row(None, None, true), as_of), Marks::None));
    }
}
