//! Block layout and pagination: blocks → atoms (unbreakable strips with keep-with-next flags)
//! → pages, with footnotes at the foot of the page that cites them.

use super::atom::{describe, lines, Atom, Env};
use super::fonts::{FontKind, FontSet};
use super::frame::{Item, Page, Rect, RectItem, Target};
use super::inline::{Align, Line, ParaStyle, Style};
use super::{Ctx, OutlineEntry};
use crate::doc::{plain_text, Block, Document, Figure, Inline};
use crate::style::{FootnoteStyle, StyleSheet};
use crate::theme::Colour;
use std::rc::Rc;

/// Whether a line ends with a hyphen the line breaker added.
fn ends_hyphenated(line: &Line) -> bool {
    line.items
        .iter()
        .rev()
        .find_map(|it| match it {
            Item::Text(t) => t.glyphs.last(),
            _ => None,
        })
        .is_some_and(|g| g.inserted)
}

/// One atom per line, chained so that no page break leaves fewer than two lines of the
/// paragraph on either side, or a word hyphenated across the break.
pub fn line_atoms(lines: Vec<Line>, x: f32) -> Vec<Atom> {
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| Atom {
            height: l.height,
            // Not the last line: what follows the paragraph is free to start a page.
            keep_next: i + 1 < n && (i == 0 || i + 2 >= n || ends_hyphenated(&l)),
            items: l.items.into_iter().map(|it| it.shifted(x, 0.0)).collect(),
            notes: l.notes,
            first_baseline: Some(l.baseline),
            ..Atom::default()
        })
        .collect()
}

/// Stacks atoms into one: the block cannot be split.
pub fn stack(atoms: Vec<Atom>) -> Atom {
    let mut out = Atom::default();
    let mut y = 0.0;
    for (i, a) in atoms.into_iter().enumerate() {
        if i > 0 {
            y += a.before;
        } else {
            out.before = a.before;
            out.break_before = a.break_before;
        }
        if out.first_baseline.is_none() {
            out.first_baseline = a.first_baseline.map(|b| b + y);
        }
        out.items
            .extend(a.items.into_iter().map(|it| it.shifted(0.0, y)));
        out.notes.extend(a.notes);
        y += a.height;
    }
    out.height = y;
    out
}

/// The height `stack` would give `atoms`.
fn stacked_height(atoms: &[Atom]) -> f32 {
    atoms
        .iter()
        .enumerate()
        .map(|(i, a)| a.height + if i > 0 { a.before } else { 0.0 })
        .sum()
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: Colour) -> Item {
    Item::Rect(RectItem {
        rect: Rect { x, y, w, h },
        fill,
    })
}

/// A run of blocks, with vertical space between them collapsed (the larger of one block's
/// space after and the next one's space before).
pub fn blocks(ctx: &mut Ctx, blocks: &[Block], env: &Env) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut after_prev = 0.0f32;
    for (i, b) in blocks.iter().enumerate() {
        let (mut atoms, before, after) = block(ctx, b, env);
        if let Some(first) = atoms.first_mut() {
            first.before = if i == 0 {
                before
            } else {
                before.max(after_prev)
            };
            if ctx.pending_break {
                first.break_before = true;
                ctx.pending_break = false;
            }
            after_prev = after;
        }
        out.append(&mut atoms);
    }
    out
}

/// One block's atoms and its space before and after.
fn block(ctx: &mut Ctx, b: &Block, env: &Env) -> (Vec<Atom>, f32, f32) {
    let st = ctx.styles;
    match b {
        Block::Para(inl) => {
            let para = ParaStyle {
                base: env.style(),
                width: env.w,
                align: if env.justify {
                    Align::Justify
                } else {
                    Align::Left
                },
                line_height: env.line_height(ctx),
            };
            let ls = lines(ctx, inl, &para, || describe("paragraph", inl));
            // Inside list items paragraphs sit as close as the items themselves.
            let after = if env.list_depth > 0 {
                st.list.item_after
            } else {
                st.para_after
            };
            (line_atoms(ls, env.x), 0.0, after)
        }
        Block::Heading {
            level,
            attr,
            content,
        } => heading(ctx, *level, attr, content, env),
        Block::List { start, items } => {
            (list(ctx, *start, items, env), st.list.before, st.list.after)
        }
        Block::Table(t) => (
            super::table::table(ctx, t, env),
            st.table.before,
            st.table.after,
        ),
        Block::Quote(bs) => {
            let q = &st.quote;
            let inner = env.inset(q.left(), q.right);
            let inner = Env {
                font: env.font.with(false, true),
                colour: st.text,
                ..inner
            };
            let atoms = blocks(ctx, bs, &inner);
            let (bar, colour) = (q.bar, q.bar_colour);
            let decorate = move |a: &mut Atom, top: f32| {
                a.items
                    .insert(0, rect(env.x, -top, bar, a.height + top, colour));
            };
            (keep_or_decorate(ctx, atoms, decorate), q.before, q.after)
        }
        Block::Callout {
            kind,
            title,
            blocks: bs,
        } => callout(ctx, kind, title.as_deref(), bs, env),
        Block::Div { attr, blocks: bs } => {
            if attr.has_class("title-block") {
                return title_block(ctx, bs, env);
            }
            if attr.has_class(crate::doc::CONTENTS_CLASS) {
                return contents(ctx, bs, env);
            }
            // Decided in document order (an outer div before the divs inside it).
            let keep_slot = attr.has_class("keep").then(|| {
                ctx.kept.push(false);
                ctx.kept.len() - 1
            });
            let mut atoms = blocks(ctx, bs, env);
            if let Some(id) = &attr.id {
                if let Some(a) = atoms.first_mut() {
                    a.items.insert(
                        0,
                        Item::Dest {
                            name: id.clone(),
                            x: env.x,
                            y: 0.0,
                        },
                    );
                }
            }
            let before = atoms.first().map_or(0.0, |a| a.before);
            // A kept block no taller than a page is one atom; a taller one has to break
            // somewhere, and stays as laid out (once: its bookmarks and diagnostics too).
            if let Some(slot) = keep_slot.filter(|_| stacked_height(&atoms) <= ctx.body_height) {
                ctx.kept[slot] = true;
                return (vec![stack(atoms)], before, st.para_after);
            }
            (atoms, before, st.para_after)
        }
        Block::CodeBlock(code) => code_block(ctx, code, env),
        Block::Figure(f) => figure(ctx, f, env),
        Block::Rule => {
            let r = &st.rule;
            let a = Atom {
                height: r.thickness,
                items: vec![rect(env.x, 0.0, env.w, r.thickness, r.colour)],
                ..Atom::default()
            };
            (vec![a], r.before, r.after)
        }
        Block::PageBreak => {
            ctx.pending_break = true;
            (Vec::new(), 0.0, 0.0)
        }
    }
}

/// Keeps a decorated block (quote, code) on one page when it fits there; a longer one breaks
/// between its lines, each piece decorated (`decorate` gets the atom and the space above it
/// that belongs to the block).
fn keep_or_decorate(
    ctx: &Ctx,
    mut atoms: Vec<Atom>,
    decorate: impl Fn(&mut Atom, f32),
) -> Vec<Atom> {
    let total: f32 = atoms.iter().map(|a| a.height + a.before).sum();
    if total <= ctx.body_height * ctx.styles.keep_fraction {
        let mut one = stack(atoms);
        decorate(&mut one, 0.0);
        return vec![one];
    }
    for (i, a) in atoms.iter_mut().enumerate() {
        let top = if i == 0 { 0.0 } else { a.before };
        decorate(a, top);
    }
    atoms
}

/// The table of contents: the div's own blocks (its label), then one line per section, its
/// title linked to the section and its page number right-aligned (blank until known).
fn contents(ctx: &mut Ctx, label: &[Block], env: &Env) -> (Vec<Atom>, f32, f32) {
    let st = ctx.styles;
    let mut atoms = blocks(ctx, label, env);
    let entries = ctx.contents.clone();
    let number_w = st.contents.number_width;
    let line_height = env.line_height(ctx);
    for (k, entry) in entries.into_iter().enumerate() {
        let page = ctx.dest_pages.get(&entry.id).copied();
        let style = Style {
            link: Some(Target::Internal(entry.id.clone())),
            ..env.style()
        };
        let para = |width, align| ParaStyle {
            base: style.clone(),
            width,
            align,
            line_height,
        };
        let title = [Inline::Text(entry.title.clone())];
        let title_lines = lines(ctx, &title, &para(env.w - number_w, Align::Left), || {
            describe("contents entry", &title)
        });
        let number = [Inline::Text(
            page.map(|p| p.to_string()).unwrap_or_default(),
        )];
        let number_lines = lines(ctx, &number, &para(number_w, Align::Right), || {
            "a contents page number".into()
        });
        let mut entry_atoms = line_atoms(title_lines, env.x);
        if let (Some(last), Some(n)) = (entry_atoms.last_mut(), number_lines.first()) {
            let x = env.x + env.w - number_w;
            last.items
                .extend(n.items.iter().cloned().map(|it| it.shifted(x, 0.0)));
        }
        if let Some(first) = entry_atoms.first_mut() {
            first.before = match (atoms.is_empty(), k) {
                (true, _) => 0.0,
                // Below the label, as below any paragraph.
                (false, 0) => st.para_after,
                (false, _) => st.contents.entry_after,
            };
        }
        atoms.extend(entry_atoms);
    }
    (atoms, 0.0, st.para_after)
}

fn heading(
    ctx: &mut Ctx,
    level: u8,
    attr: &crate::doc::Attr,
    content: &[Inline],
    env: &Env,
) -> (Vec<Atom>, f32, f32) {
    let styles = ctx.styles;
    let h = if attr.has_class("title") {
        &styles.title
    } else if attr.has_class("subtitle") {
        &styles.subtitle
    } else {
        styles.heading(level)
    };
    let (size, before, after) = (h.size, h.before, h.after);
    let para = ParaStyle {
        base: Style::new(FontKind::Regular.with(h.bold, h.italic), size, h.colour),
        width: env.w,
        align: Align::Left,
        line_height: size * h.line_height,
    };
    let ls = lines(ctx, content, &para, || describe("heading", content));
    let mut atoms = line_atoms(ls, env.x);
    for a in &mut atoms {
        a.keep_next = true;
    }
    let titled = attr.has_class("title") || attr.has_class("subtitle");
    let dest = match &attr.id {
        Some(id) => Some(id.clone()),
        None if !titled && !env.in_note => {
            ctx.headings += 1;
            Some(format!("bw-heading-{}", ctx.headings))
        }
        None => None,
    };
    if let (Some(dest), Some(first)) = (dest, atoms.first_mut()) {
        first.items.insert(
            0,
            Item::Dest {
                name: dest.clone(),
                x: env.x,
                y: 0.0,
            },
        );
        if !titled && !env.in_note {
            ctx.outline.push(OutlineEntry {
                level,
                title: plain_text(content),
                dest,
            });
        }
    }
    (atoms, before, after)
}

fn list(ctx: &mut Ctx, start: Option<u64>, items: &[Vec<Block>], env: &Env) -> Vec<Atom> {
    let styles = ctx.styles;
    let ls = &styles.list;
    let labels: Vec<String> = (0..items.len())
        .map(|i| match start {
            Some(s) => format!("{}.", s + i as u64),
            None => ls.bullet(env.list_depth).to_string(),
        })
        .collect();
    let (gap, item_after) = (ls.marker_gap, ls.item_after);
    let widest = labels
        .iter()
        .map(|l| ctx.fonts.width(env.font, env.size, l))
        .fold(0.0f32, f32::max);
    let indent = ls.indent.max(widest + gap);
    let inner = Env {
        list_depth: env.list_depth + 1,
        ..env.inset(indent, 0.0)
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut atoms = blocks(ctx, item, &inner);
        if let Some(first) = atoms.first_mut() {
            let label = &labels[i];
            let lw = ctx.fonts.width(env.font, env.size, label);
            let para = ParaStyle {
                base: env.style(),
                width: lw + 1.0,
                align: Align::Left,
                line_height: env.line_height(ctx),
            };
            let marker = lines(ctx, &[Inline::Text(label.clone())], &para, String::new);
            let baseline = first.first_baseline.unwrap_or(0.0);
            for l in marker {
                let dy = baseline - l.baseline;
                let x = env.x + indent - gap - lw;
                first
                    .items
                    .extend(l.items.into_iter().map(|it| it.shifted(x, dy)));
            }
            first.before = if i == 0 { 0.0 } else { item_after };
        }
        out.append(&mut atoms);
    }
    out
}

fn callout(
    ctx: &mut Ctx,
    kind: &str,
    title: Option<&str>,
    bs: &[Block],
    env: &Env,
) -> (Vec<Atom>, f32, f32) {
    let colours = ctx.theme.callout(kind).clone();
    let cs = ctx.styles.callout.clone();
    let (pad, bar) = (cs.padding, cs.bar);
    let inner = env.inset(bar + pad, pad);
    let mut atoms = Vec::new();
    if let Some(t) = title {
        let para = ParaStyle {
            base: Style::new(FontKind::Bold, env.size, colours.border),
            width: inner.w,
            align: Align::Left,
            line_height: env.line_height(ctx),
        };
        let content = [Inline::Text(t.to_string())];
        let ls = lines(ctx, &content, &para, || describe("callout title", &content));
        let mut t_atoms = line_atoms(ls, inner.x);
        if let Some(last) = t_atoms.last_mut() {
            last.keep_next = true;
        }
        atoms.extend(t_atoms);
    }
    let mut body = blocks(ctx, bs, &inner);
    if let (Some(first), true) = (body.first_mut(), title.is_some()) {
        first.before = cs.title_after;
    }
    atoms.extend(body);
    let decorate = |a: &mut Atom, top: f32, bottom: f32, pos: f32| {
        let h = a.height + top + bottom;
        a.items.splice(
            0..0,
            [
                rect(env.x, pos - top, env.w, h, colours.fill),
                rect(env.x, pos - top, bar, h, colours.border),
            ],
        );
    };
    let mut one = stack(atoms.clone());
    if one.height + 2.0 * pad <= ctx.body_height {
        let mut boxed = Atom {
            height: one.height + 2.0 * pad,
            first_baseline: one.first_baseline.map(|b| b + pad),
            notes: std::mem::take(&mut one.notes),
            items: one.items.drain(..).map(|it| it.shifted(0.0, pad)).collect(),
            ..Atom::default()
        };
        decorate(&mut boxed, 0.0, 0.0, 0.0);
        return (vec![boxed], cs.before, cs.after);
    }
    // Taller than a page: each piece carries its own slice of the box.
    for (i, a) in atoms.iter_mut().enumerate() {
        let top = if i == 0 { pad } else { a.before };
        decorate(a, top, 0.0, 0.0);
    }
    (atoms, cs.before + pad, cs.after)
}

fn title_block(ctx: &mut Ctx, bs: &[Block], env: &Env) -> (Vec<Atom>, f32, f32) {
    let mut atoms = blocks(ctx, bs, env);
    let r = &ctx.styles.title_block.rule.clone();
    let rule = Atom {
        height: r.thickness,
        before: r.before,
        items: vec![rect(env.x, 0.0, env.w, r.thickness, r.colour)],
        ..Atom::default()
    };
    atoms.push(rule);
    // The title block is the memo's head: never split it.
    (vec![stack(atoms)], 0.0, r.after)
}

/// A chart and its caption under it: one atom when it fits on a page; otherwise a band per
/// atom, the drawing's head (a timeline's axis, a matrix's column heads) repeated on every page
/// its rows continue on, the caption kept with the last band. The drawing is kept for the DOCX, which shows the same picture.
fn figure(ctx: &mut Ctx, f: &Figure, env: &Env) -> (Vec<Atom>, f32, f32) {
    let fs = ctx.styles.figure.clone();
    let drawing = crate::chart::draw::draw(ctx, &f.chart, env.w);
    let band_atom = |band: &crate::chart::draw::Band| Atom {
        height: band.height,
        items: band
            .items
            .iter()
            .cloned()
            .map(|i| i.shifted(env.x, 0.0))
            .collect(),
        ..Atom::default()
    };
    let head = drawing.head.as_ref().map(|h| {
        Rc::new(Atom {
            keep_next: true,
            ..band_atom(h)
        })
    });
    let mut atoms: Vec<Atom> = head.iter().map(|h| (**h).clone()).collect();
    let figure = ctx.figures.len();
    for (k, band) in drawing.bands.iter().enumerate() {
        atoms.push(Atom {
            header: head.clone().filter(|_| band.under_head),
            figure_band: Some((figure, k)),
            ..band_atom(band)
        });
    }
    if let Some(last) = atoms.last_mut() {
        last.keep_next = true;
    }
    let caption = [
        Inline::Text(f.mark.clone()),
        Inline::Strong(vec![Inline::Text(format!("{}.", f.label()))]),
        Inline::Text(format!(" {}", f.caption)),
    ];
    let para = ParaStyle {
        base: Style::new(env.font, fs.caption_size, ctx.styles.text),
        width: env.w,
        align: Align::Left,
        line_height: fs.caption_size * ctx.styles.line_height,
    };
    let caption_lines = lines(ctx, &caption, &para, || {
        describe("figure caption", &caption)
    });
    let mut caption_atoms = line_atoms(caption_lines, env.x);
    if let Some(first) = caption_atoms.first_mut() {
        first.before = fs.caption_gap;
    }
    atoms.extend(caption_atoms);
    if let (Some(id), Some(first)) = (&f.id, atoms.first_mut()) {
        first.items.insert(
            0,
            Item::Dest {
                name: id.clone(),
                x: env.x,
                y: 0.0,
            },
        );
    }
    ctx.figures.push(drawing);
    if stacked_height(&atoms) <= ctx.body_height {
        return (vec![stack(atoms)], fs.before, fs.after);
    }
    (atoms, fs.before, fs.after)
}

fn code_block(ctx: &mut Ctx, code: &str, env: &Env) -> (Vec<Atom>, f32, f32) {
    let cs = ctx.styles.code.clone();
    let (pad, size) = (cs.padding, cs.size);
    let para = ParaStyle {
        base: Style::new(FontKind::Mono, size, ctx.styles.text),
        width: env.w - 2.0 * pad,
        align: Align::Left,
        line_height: size * cs.line_height,
    };
    let mut atoms = Vec::new();
    for line in code.trim_end_matches('\n').split('\n') {
        let content = [Inline::Text(line.to_string())];
        let mut ls = lines(ctx, &content, &para, || describe("code block", &content));
        if ls.is_empty() {
            ls.push(Line {
                height: para.line_height,
                baseline: 0.0,
                items: Vec::new(),
                notes: Vec::new(),
            });
        }
        atoms.extend(line_atoms(ls, env.x + pad));
    }
    let fill = cs.fill;
    let n = atoms.len();
    for (i, a) in atoms.iter_mut().enumerate() {
        a.keep_next = false;
        let top = if i == 0 { pad } else { 0.0 };
        let bottom = if i + 1 == n { pad } else { 0.0 };
        a.items = a.items.drain(..).map(|it| it.shifted(0.0, top)).collect();
        if let Some(b) = a.first_baseline.as_mut() {
            *b += top;
        }
        a.height += top + bottom;
    }
    let decorate = |a: &mut Atom, top: f32| {
        a.items
            .insert(0, rect(env.x, -top, env.w, a.height + top, fill));
    };
    (keep_or_decorate(ctx, atoms, decorate), cs.before, cs.after)
}

/// A laid-out footnote: its height and items relative to its top.
struct Note {
    height: f32,
    items: Vec<Item>,
}

/// The width of the hanging footnote number: room for the widest of `count` numbers and a gap,
/// so numbers of any width never run into the note's text. Both writers use it.
pub fn footnote_label_width(fonts: &mut FontSet, styles: &StyleSheet, count: usize) -> f32 {
    let n = &styles.footnote;
    let widest = fonts.width(FontKind::Regular, n.size, &count.max(1).to_string());
    (widest + n.label_gap).max(n.min_label)
}

fn footnotes(ctx: &mut Ctx, doc: &Document, body: Rect) -> Vec<Note> {
    let size = ctx.styles.footnote.size;
    let label_w = footnote_label_width(&mut ctx.fonts, ctx.styles, doc.footnotes.len());
    let env = Env {
        x: body.x + label_w,
        w: body.w - label_w,
        font: FontKind::Regular,
        size,
        colour: ctx.theme.colours.text,
        justify: false,
        in_note: true,
        list_depth: 0,
    };
    let mut out = Vec::new();
    for (i, note) in doc.footnotes.iter().enumerate() {
        let n = i + 1;
        let mut a = stack(blocks(ctx, &note.blocks, &env));
        let para = ParaStyle {
            base: Style {
                link: Some(Target::Internal(format!("fnref-{n}"))),
                ..Style::new(FontKind::Regular, size, ctx.theme.colours.link)
            },
            width: label_w,
            align: Align::Left,
            line_height: env.line_height(ctx),
        };
        let content = [Inline::Text(n.to_string())];
        let label = lines(ctx, &content, &para, || format!("footnote {n}"));
        let baseline = a.first_baseline.unwrap_or(0.0);
        for l in label {
            let dy = baseline - l.baseline;
            a.items
                .extend(l.items.into_iter().map(|it| it.shifted(body.x, dy)));
        }
        a.items.insert(
            0,
            Item::Dest {
                name: format!("fn-{n}"),
                x: body.x,
                y: 0.0,
            },
        );
        out.push(Note {
            height: a.height,
            items: a.items,
        });
    }
    out
}

/// Lays out the document's body and paginates it.
pub fn flow(ctx: &mut Ctx, doc: &Document, body: Rect) -> Vec<Page> {
    let env = Env {
        x: body.x,
        w: body.w,
        font: FontKind::Regular,
        size: ctx.styles.body_size,
        colour: ctx.styles.text,
        justify: ctx.styles.justify,
        in_note: false,
        list_depth: 0,
    };
    let atoms = blocks(ctx, &doc.blocks, &env);
    let notes = footnotes(ctx, doc, body);
    let (pages, placed) = paginate(&atoms, &notes, body, &ctx.styles.footnote);
    // Where each figure broke across pages: the DOCX cuts its picture at the same bands.
    for on_page in placed.iter().skip(1) {
        if let Some(&(figure, band)) = on_page.first().and_then(|i| atoms[*i].figure_band.as_ref())
        {
            if let Some(d) = ctx.figures.get_mut(figure) {
                d.breaks.push(band);
            }
        }
    }
    pages
}

/// Atoms placed on the page being filled.
#[derive(Default)]
struct PageState<'a> {
    /// (atom, y of its top relative to the body top).
    placed: Vec<(&'a Atom, f32, Option<usize>)>,
    notes: Vec<usize>,
    y: f32,
}

impl<'a> PageState<'a> {
    fn notes_height(&self, notes: &[Note], extra: &[usize], style: &FootnoteStyle) -> f32 {
        let mut all: Vec<usize> = self.notes.clone();
        for n in extra {
            if !all.contains(n) {
                all.push(*n);
            }
        }
        if all.is_empty() {
            return 0.0;
        }
        style.area_top
            + all
                .iter()
                .filter_map(|i| notes.get(*i))
                .map(|n| n.height + style.between)
                .sum::<f32>()
    }

    fn place(&mut self, atom: &'a Atom, index: Option<usize>) {
        let before = if self.placed.is_empty() {
            0.0
        } else {
            atom.before
        };
        self.y += before;
        self.placed.push((atom, self.y, index));
        self.y += atom.height;
        for n in &atom.notes {
            if !self.notes.contains(n) {
                self.notes.push(*n);
            }
        }
    }

    /// The indices of the atoms placed (repeated headers have none).
    fn indices(&self) -> Vec<usize> {
        self.placed.iter().filter_map(|(_, _, idx)| *idx).collect()
    }

    fn finish(self, notes: &[Note], body: Rect, style: &FootnoteStyle) -> Page {
        let mut page = Page::default();
        for (atom, y, _) in &self.placed {
            page.body.extend(
                atom.items
                    .iter()
                    .cloned()
                    .map(|it| it.shifted(0.0, body.y + y)),
            );
        }
        if !self.notes.is_empty() {
            let total = self.notes_height(notes, &[], style);
            let mut y = body.y + body.h - total;
            let rule = &style.rule;
            page.body.push(rect(
                body.x,
                y + rule.before,
                style.rule_length,
                rule.thickness,
                rule.colour,
            ));
            y += style.area_top;
            let mut order = self.notes.clone();
            order.sort_unstable();
            for i in order {
                if let Some(n) = notes.get(i) {
                    page.body
                        .extend(n.items.iter().cloned().map(|it| it.shifted(0.0, y)));
                    y += n.height + style.between;
                }
            }
        }
        page
    }
}

/// Places atoms on pages: a page ends before an atom that does not fit, moved back to the start
/// of its keep-with-next chain; a table row opening a page brings its header along.
/// The pages, and for each page the atoms placed on it (by index; repeated headers left out).
fn paginate(
    atoms: &[Atom],
    notes: &[Note],
    body: Rect,
    style: &FootnoteStyle,
) -> (Vec<Page>, Vec<Vec<usize>>) {
    let mut pages = Vec::new();
    let mut placed = Vec::new();
    let mut page = PageState::default();
    let mut i = 0;
    while i < atoms.len() {
        let atom = &atoms[i];
        if atom.break_before && !page.placed.is_empty() {
            placed.push(page.indices());
            pages.push(std::mem::take(&mut page).finish(notes, body, style));
            continue;
        }
        if page.placed.is_empty() {
            if let Some(h) = &atom.header {
                page.place(h, None);
            }
        }
        let before = if page.placed.is_empty() {
            0.0
        } else {
            atom.before
        };
        let fits = page.y + before + atom.height + page.notes_height(notes, &atom.notes, style)
            <= body.h + 0.01;
        let only_header = page.placed.iter().all(|(_, _, idx)| idx.is_none());
        if fits || only_header {
            page.place(atom, Some(i));
            i += 1;
            continue;
        }
        // Walk back over the chain of atoms that must stay with this one.
        let first_on_page = page.placed.iter().find_map(|(_, _, idx)| *idx).unwrap_or(i);
        let mut j = i;
        while j > first_on_page && atoms[j - 1].keep_next {
            j -= 1;
        }
        if j > first_on_page {
            page.placed.retain(|(_, _, idx)| idx.is_none_or(|k| k < j));
            let kept = std::mem::take(&mut page.placed);
            let mut rebuilt = PageState::default();
            for (a, _, idx) in kept {
                rebuilt.place(a, idx);
            }
            page = rebuilt;
            i = j;
        }
        placed.push(page.indices());
        pages.push(std::mem::take(&mut page).finish(notes, body, style));
    }
    if !page.placed.is_empty() || pages.is_empty() {
        placed.push(page.indices());
        pages.push(page.finish(notes, body, style));
    }
    (pages, placed)
}
