//! The body of `document.xml` and of `footnotes.xml`: blocks to paragraphs and tables, inlines
//! to runs, hyperlinks and bookmarks, lists to numbered paragraphs, citations to footnotes.

use super::styles::{cell_margins, table_borders, ListDef};
use super::xml::{esc, field_end, field_start, mm, run_text, twips};
use crate::doc::{Align, Block, Document, Figure, Inline, Table};
use crate::layout::flow::footnote_label_width;
use crate::layout::fonts::FontSet;
use crate::renderer::Pagination;
use crate::style::StyleSheet;
use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The footnote id of `Document::footnotes[i]` (ids 0 and 1 are the separators).
pub fn note_id(i: usize) -> usize {
    i + 2
}

/// DrawingML's main and picture namespaces, and Office 2016's SVG extension of a picture.
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const SVG_NS: &str = "http://schemas.microsoft.com/office/drawing/2016/SVG/main";
const SVG_EXT: &str = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";

/// A figure's picture, as SVG and PNG (none when it could not be painted).
pub struct Picture {
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// The relationship id of picture `n`'s `ext` (`png` or `svg`) file.
pub fn picture_rel(n: usize, ext: &str) -> String {
    format!("rIdFig{n}{}", ext.to_uppercase())
}

/// English Metric Units (914400 an inch) from points.
fn emu(pt: f32) -> i64 {
    (f64::from(pt) * 12700.0).round() as i64
}

/// Paragraph properties beyond the style.
#[derive(Default, Clone)]
struct PProps<'s> {
    style: &'s str,
    keep_lines: bool,
    /// (level, numId)
    num: Option<(u32, usize)>,
    ind_left: Option<i64>,
    jc: Option<&'static str>,
    /// The last paragraph of a list: the list's space after.
    list_end: bool,
}

const KEEP_NEXT: &str = "<w:keepNext/>";

/// The height of the empty paragraph between two quotations, in points.
const QUOTE_SEPARATOR: f32 = 1.0;

/// Where blocks are being written: the style plain paragraphs take.
#[derive(Clone, Copy)]
struct Env<'s> {
    style: &'s str,
    /// The left indent of a list item's continuation paragraphs.
    indent: Option<i64>,
}

/// Run formatting that nests (emphasis in a link in strong text).
#[derive(Default, Clone, Copy)]
struct RProps {
    bold: bool,
    italic: bool,
    link: bool,
}

/// Writes one part's body; the state that spans parts (bookmarks, lists, used footnotes)
/// stays in it between parts.
pub struct Writer<'a> {
    theme: &'a Theme,
    styles: &'a StyleSheet,
    /// The layout's fonts, for measuring table text as the PDF does.
    fonts: FontSet,
    doc: &'a Document,
    pub out: String,
    /// External link targets of the current part; target `i` is relationship `rIdH{i+1}`.
    pub links: Vec<String>,
    pub lists: Vec<ListDef>,
    bookmark_names: BTreeMap<String, String>,
    used_names: BTreeSet<String>,
    bookmark_id: usize,
    notes_used: BTreeSet<usize>,
    /// A page break waiting for the next paragraph (`pageBreakBefore`).
    page_break: bool,
    /// The last block written was a table: a following table must not touch it.
    after_table: bool,
    /// A bookmark (from a div id) waiting for the next paragraph.
    pending_bookmark: Option<String>,
    /// A heading's own id when a div's id is already pending for the same paragraph.
    second_bookmark: Option<String>,
    /// The next paragraph opens a footnote: it starts with the footnote's number.
    pending_note_ref: bool,
    /// Where the spacing of the last list paragraph goes, if it needs one.
    list_end_slot: Option<usize>,
    /// A quote separator was just written: the next paragraph has no space before.
    after_quote_separator: bool,
    /// The quotation being written is followed by another.
    quote_follows: bool,
    /// Space before and after the next paragraph, overriding its style's.
    space_before: Option<f32>,
    space_after: Option<f32>,
    /// Nesting of `keep` divs around what is being written.
    keep_depth: usize,
    /// The layout's decisions for keep divs, and how many keep divs were written so far.
    kept: Option<&'a [bool]>,
    keep_divs: usize,
    /// The page of every link target, from the layout (contents and page references).
    dest_pages: Option<&'a BTreeMap<String, usize>>,
    /// Where the last paragraph's `<w:keepNext/>` from a keep div was written.
    keep_next_at: Option<usize>,
    /// Each figure's drawing, from the layout, and how many figures were written so far.
    figures: Vec<crate::chart::draw::Drawing>,
    pictures_placed: usize,
    /// The pictures written so far: picture `n` is `pictures[n - 1]`.
    pub pictures: Vec<Picture>,
}

impl<'a> Writer<'a> {
    /// `pagination`: what the layout decided (which keep divs it kept, the contents' pages);
    /// without it, every keep div is kept and the contents show no page numbers.
    pub fn new(
        doc: &'a Document,
        theme: &'a Theme,
        styles: &'a StyleSheet,
        pagination: Option<&'a Pagination>,
    ) -> Self {
        Writer {
            kept: pagination.map(|p| p.kept.as_slice()),
            dest_pages: pagination.map(|p| &p.dest_pages),
            keep_divs: 0,
            after_quote_separator: false,
            space_before: None,
            space_after: None,
            quote_follows: false,
            theme,
            styles,
            fonts: FontSet::new(),
            doc,
            out: String::new(),
            links: Vec::new(),
            lists: Vec::new(),
            bookmark_names: BTreeMap::new(),
            used_names: BTreeSet::new(),
            bookmark_id: 0,
            notes_used: BTreeSet::new(),
            page_break: false,
            after_table: false,
            pending_bookmark: None,
            second_bookmark: None,
            pending_note_ref: false,
            list_end_slot: None,
            keep_depth: 0,
            keep_next_at: None,
            figures: pagination.map_or_else(
                || crate::layout::figure_drawings(doc, theme, styles),
                |p| p.figures.clone(),
            ),
            pictures_placed: 0,
            pictures: Vec::new(),
        }
    }

    fn text_width(&self) -> i64 {
        let p = &self.theme.page;
        mm(p.width_mm - p.margin_left_mm - p.margin_right_mm)
    }

    /// The document body's blocks.
    pub fn body(&mut self, blocks: &[Block]) {
        let env = Env {
            style: "Normal",
            indent: None,
        };
        self.blocks(blocks, env);
        self.page_break = false;
        if self.pending_bookmark.is_some() {
            let props = PProps {
                style: "Normal",
                ..PProps::default()
            };
            self.para(&props, &[]);
        }
    }

    /// The width of the hanging footnote number, as the layout sets it.
    pub fn footnote_label_width(&mut self) -> f32 {
        footnote_label_width(&mut self.fonts, self.styles, self.doc.footnotes.len())
    }

    /// Footnote `i`'s `<w:footnote>` element.
    pub fn footnote(&mut self, i: usize) {
        let _ = write!(self.out, "<w:footnote w:id=\"{}\">", note_id(i));
        self.pending_note_ref = true;
        self.after_table = false;
        let env = Env {
            style: "FootnoteText",
            indent: None,
        };
        let doc = self.doc;
        self.blocks(&doc.footnotes[i].blocks, env);
        if self.pending_note_ref || self.after_table {
            self.para(
                &PProps {
                    style: "FootnoteText",
                    ..PProps::default()
                },
                &[],
            );
        }
        self.out.push_str("</w:footnote>");
    }

    /// A Word bookmark name for a link target id: letters, digits and underscores, starting
    /// with a letter, at most 40 characters, unique; the same id always gets the same name.
    fn bookmark_name(&mut self, id: &str) -> String {
        if let Some(n) = self.bookmark_names.get(id) {
            return n.clone();
        }
        let mut base: String = id
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .take(36)
            .collect();
        if !base.chars().next().is_some_and(char::is_alphabetic) {
            base.insert(0, 'b');
            base.truncate(36);
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used_names.insert(name.clone());
        self.bookmark_names.insert(id.to_string(), name.clone());
        name
    }

    fn bookmark_start(&mut self, id: &str) -> usize {
        let name = self.bookmark_name(id);
        let n = self.bookmark_id;
        self.bookmark_id += 1;
        let _ = write!(
            self.out,
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>",
            esc(&name)
        );
        n
    }

    fn bookmark_end(&mut self, n: usize) {
        let _ = write!(self.out, "<w:bookmarkEnd w:id=\"{n}\"/>");
    }

    fn blocks(&mut self, blocks: &[Block], env: Env) {
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 && matches!((&blocks[i - 1], b), (Block::Quote(_), Block::Quote(_))) {
                self.quote_separator();
            }
            self.quote_follows = matches!(
                (b, blocks.get(i + 1)),
                (Block::Quote(_), Some(Block::Quote(_)))
            );
            self.block(b, env);
        }
    }

    /// The table of contents as Word's own TOC field, its result already filled in from the
    /// layout (entries linked to their sections' bookmarks, page numbers as PAGEREF fields
    /// holding the layout's pages), so Word shows it right without updating fields, and an
    /// update in Word rebuilds it from the Heading 2 paragraphs.
    fn contents(&mut self) {
        let entries = self.doc.contents();
        if entries.is_empty() {
            return;
        }
        let n = entries.len();
        for (k, entry) in entries.iter().enumerate() {
            let after = if k + 1 == n {
                self.styles.para_after
            } else {
                self.styles.contents.entry_after
            };
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"TOC2\"/><w:spacing w:after=\"{}\"/></w:pPr>",
                twips(after)
            );
            if k == 0 {
                field_start(&mut self.out, "TOC \\o \"2-2\" \\h \\z \\u", "");
            }
            let name = self.bookmark_name(&entry.id);
            let _ = write!(
                self.out,
                "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                esc(&name)
            );
            self.out.push_str("<w:r>");
            run_text(&mut self.out, &entry.title);
            self.out.push_str("</w:r><w:r><w:tab/></w:r>");
            field_start(&mut self.out, &format!("PAGEREF {name} \\h"), "");
            let page = self.page_of(&entry.id);
            let _ = write!(self.out, "<w:r><w:t>{page}</w:t></w:r>");
            field_end(&mut self.out, "");
            self.out.push_str("</w:hyperlink>");
            if k + 1 == n {
                field_end(&mut self.out, "");
            }
            self.out.push_str("</w:p>");
        }
    }

    /// The page `id` is on, as the layout printed it (empty without a layout).
    fn page_of(&self, id: &str) -> String {
        self.dest_pages
            .and_then(|p| p.get(id))
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    /// Word draws adjacent paragraphs with the same borders as one box, and readers take
    /// adjacent quote paragraphs for one quotation: a hairline empty paragraph between two
    /// quotations keeps them apart, as the layout draws them. The next quotation then has no
    /// space before, so the gap stays the layout's (the first one's space after).
    fn quote_separator(&mut self) {
        self.after_quote_separator = true;
        let keep = if self.keep_depth > 0 { KEEP_NEXT } else { "" };
        let _ = write!(
            self.out,
            "<w:p><w:pPr>{keep}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{}\" w:lineRule=\"exact\"/></w:pPr></w:p>",
            twips(QUOTE_SEPARATOR)
        );
    }

    fn block(&mut self, block: &Block, env: Env) {
        match block {
            Block::Heading {
                level,
                attr,
                content,
            } => {
                let style = if attr.has_class("title") {
                    "Title".to_string()
                } else if attr.has_class("subtitle") {
                    "Subtitle".to_string()
                } else {
                    format!("Heading{}", level.clamp(&1, &6))
                };
                let props = PProps {
                    style: &style,
                    ..PProps::default()
                };
                self.para_with_bookmark(&props, content, attr.id.as_deref());
            }
            Block::Para(content) => {
                let props = PProps {
                    style: env.style,
                    ind_left: env.indent,
                    ..PProps::default()
                };
                self.para(&props, content);
            }
            Block::List { start, items } => {
                self.list(*start, items, 0, true);
                if let Some(slot) = self.list_end_slot.take() {
                    let sp = format!("<w:spacing w:after=\"{}\"/>", twips(self.styles.list.after));
                    self.out.insert_str(slot, &sp);
                }
            }
            Block::Table(t) => self.table(t, env.indent.unwrap_or(0)),
            Block::Quote(bs) => {
                let inner = Env {
                    style: "Quote",
                    ..env
                };
                // The Quote style spaces paragraphs as body text; the quotation's own space
                // goes above its first paragraph and below its last, as the layout sets it.
                let q = &self.styles.quote;
                // Before another quotation, the separator's height is part of the space.
                let after = if std::mem::take(&mut self.quote_follows) {
                    q.after - QUOTE_SEPARATOR
                } else {
                    q.after
                };
                // After a separator, the separator stands for the space between the two.
                self.space_before = Some(if std::mem::take(&mut self.after_quote_separator) {
                    0.0
                } else {
                    q.before
                });
                if let Some((last, rest)) = bs.split_last() {
                    self.blocks(rest, inner);
                    if matches!(last, Block::Para(_)) {
                        self.space_after = Some(after);
                    }
                    self.block(last, inner);
                }
            }
            Block::Callout {
                kind,
                title,
                blocks,
            } => self.callout(kind, title.as_deref(), blocks, env.indent.unwrap_or(0)),
            Block::Div { attr, blocks } if attr.has_class(crate::doc::CONTENTS_CLASS) => {
                self.blocks(blocks, env);
                self.contents();
            }
            Block::Div { attr, blocks } => {
                if let Some(id) = &attr.id {
                    self.pending_bookmark = Some(id.clone());
                }
                let mut inner = env;
                if attr.has_class("title-block") {
                    inner.style = "TitleMeta";
                }
                // Kept as the layout kept it: a div taller than a page breaks in both.
                let keep = attr.has_class("keep") && {
                    self.keep_divs += 1;
                    self.kept
                        .is_none_or(|k| k.get(self.keep_divs - 1).copied().unwrap_or(true))
                };
                self.keep_depth += usize::from(keep);
                self.blocks(blocks, inner);
                if keep {
                    self.keep_depth -= 1;
                    // The div's last paragraph is free to have a page break after it.
                    if let Some(at) = self.keep_next_at.take().filter(|_| self.keep_depth == 0) {
                        self.out.replace_range(at..at + KEEP_NEXT.len(), "");
                        if let Some(slot) = self.list_end_slot.as_mut().filter(|s| **s > at) {
                            *slot -= KEEP_NEXT.len();
                        }
                    }
                }
            }
            Block::CodeBlock(code) => {
                let lines = code.lines().count();
                let props = PProps {
                    style: "SourceCode",
                    keep_lines: lines <= 15,
                    ..PProps::default()
                };
                self.para(
                    &props,
                    &[Inline::Text(code.trim_end_matches('\n').to_string())],
                );
            }
            Block::Rule => {
                let props = PProps {
                    style: "HorizontalRule",
                    ..PProps::default()
                };
                self.para(&props, &[]);
            }
            Block::Figure(f) => self.figure(f),
            Block::PageBreak => self.page_break = true,
        }
    }

    /// A figure: the chart as drawn by the layout, one picture per part when it is taller than
    /// a page (as the PDF breaks it), SVG with a PNG fallback, its description as alt text;
    /// then the caption, numbered by a SEQ field holding the number already.
    fn figure(&mut self, f: &Figure) {
        let drawing = self.figures.get(self.pictures_placed).cloned();
        self.pictures_placed += 1;
        let Some(drawing) = drawing else {
            return;
        };
        let parts = drawing.parts();
        let alt = f.chart.describe();
        let n_parts = parts.len();
        for (k, part) in parts.iter().enumerate() {
            let n = self.pictures.len() + 1;
            let family = &self.theme.fonts.body_docx;
            let picture = Picture {
                svg: super::svg::svg(part, drawing.width, family),
                png: super::raster::png(part, drawing.width),
            };
            // Readers that show SVG take it from the extension; the others take the PNG (or,
            // should painting it fail, the SVG too).
            let fallback = picture_rel(n, if picture.png.is_some() { "png" } else { "svg" });
            self.pictures.push(picture);
            let before = if k == 0 {
                ""
            } else {
                "<w:spacing w:before=\"0\"/>"
            };
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/>{before}</w:pPr>"
            );
            let marks: Vec<usize> = if k == 0 {
                [self.pending_bookmark.take(), f.id.clone()]
                    .into_iter()
                    .flatten()
                    .map(|id| self.bookmark_start(&id))
                    .collect()
            } else {
                Vec::new()
            };
            let name = if n_parts == 1 {
                f.label()
            } else {
                format!("{}, part {} of {n_parts}", f.label(), k + 1)
            };
            let (cx, cy) = (emu(drawing.width), emu(part.height));
            let _ = write!(
                self.out,
                "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{n}\" name=\"{name}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{A_NS}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"{A_NS}\"><a:graphicData uri=\"{PIC_NS}\"><pic:pic xmlns:pic=\"{PIC_NS}\"><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"figure{n}.png\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{png}\"><a:extLst><a:ext uri=\"{SVG_EXT}\"><asvg:svgBlip xmlns:asvg=\"{SVG_NS}\" r:embed=\"{svg}\"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
                name = esc(&name),
                alt = esc(&alt),
                png = fallback,
                svg = picture_rel(n, "svg"),
            );
            for m in marks {
                self.bookmark_end(m);
            }
            self.out.push_str("</w:p>");
        }
        self.out
            .push_str("<w:p><w:pPr><w:pStyle w:val=\"FigureCaption\"/></w:pPr>");
        if !f.mark.is_empty() {
            self.out.push_str("<w:r>");
            run_text(&mut self.out, &f.mark);
            self.out.push_str("</w:r>");
        }
        // Run properties of "Figure N." (the field helpers wrap them in `w:rPr` themselves).
        let bold = "<w:b/><w:bCs/>";
        let _ = write!(
            self.out,
            "<w:r><w:rPr>{bold}</w:rPr><w:t xml:space=\"preserve\">Figure </w:t></w:r>"
        );
        field_start(&mut self.out, "SEQ Figure \\* ARABIC", bold);
        let _ = write!(
            self.out,
            "<w:r><w:rPr>{bold}</w:rPr><w:t>{}</w:t></w:r>",
            f.number
        );
        field_end(&mut self.out, bold);
        let _ = write!(
            self.out,
            "<w:r><w:rPr>{bold}</w:rPr><w:t>.</w:t></w:r><w:r>"
        );
        run_text(&mut self.out, &format!(" {}", f.caption));
        self.out.push_str("</w:r></w:p>");
    }

    fn para_with_bookmark(&mut self, props: &PProps, content: &[Inline], id: Option<&str>) {
        if let Some(id) = id {
            if self.pending_bookmark.is_none() {
                self.pending_bookmark = Some(id.to_string());
            } else {
                // A div id and a heading id on the same paragraph: both become bookmarks
                // inside it, so both are on the heading's page.
                self.second_bookmark = Some(id.to_string());
            }
        }
        self.para(props, content);
    }

    /// One `<w:p>`.
    fn para(&mut self, p: &PProps, content: &[Inline]) {
        let before_table = std::mem::take(&mut self.after_table);
        self.out.push_str("<w:p><w:pPr>");
        let _ = write!(self.out, "<w:pStyle w:val=\"{}\"/>", p.style);
        // Inside a keep div every paragraph stays whole and with the next one (Word's way of
        // keeping a block on one page, as the layout keeps it), the div's last one excepted.
        self.keep_next_at = None;
        if self.keep_depth > 0 {
            self.keep_next_at = Some(self.out.len());
            self.out.push_str(KEEP_NEXT);
        }
        if p.keep_lines || self.keep_depth > 0 {
            self.out.push_str("<w:keepLines/>");
        }
        if std::mem::take(&mut self.page_break) {
            self.out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((lvl, id)) = p.num {
            let _ = write!(
                self.out,
                "<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
            );
        }
        let space_before = self.space_before.take();
        let space_after = self.space_after.take();
        let before = if before_table && !p.style.starts_with("Heading") {
            // Tables have no space after: the paragraph below one keeps its distance.
            Some(self.styles.para_after)
        } else {
            space_before
        };
        if p.list_end {
            self.list_end_slot = Some(self.out.len());
        } else if before.is_some() || space_after.is_some() {
            self.out.push_str("<w:spacing");
            if let Some(b) = before {
                let _ = write!(self.out, " w:before=\"{}\"", twips(b));
            }
            if let Some(a) = space_after {
                let _ = write!(self.out, " w:after=\"{}\"", twips(a));
            }
            self.out.push_str("/>");
        }
        if let Some(left) = p.ind_left {
            let _ = write!(self.out, "<w:ind w:left=\"{left}\"/>");
        }
        if let Some(jc) = p.jc {
            let _ = write!(self.out, "<w:jc w:val=\"{jc}\"/>");
        }
        self.out.push_str("</w:pPr>");
        if std::mem::take(&mut self.pending_note_ref) {
            self.out.push_str("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:tab/></w:r>");
        }
        let marks: Vec<usize> = [self.pending_bookmark.take(), self.second_bookmark.take()]
            .into_iter()
            .flatten()
            .map(|id| self.bookmark_start(&id))
            .collect();
        self.inlines(content, RProps::default());
        for n in marks {
            self.bookmark_end(n);
        }
        self.out.push_str("</w:p>");
    }

    fn run(&mut self, r: RProps, code: bool, body: &str) {
        self.out.push_str("<w:r>");
        if r.bold || r.italic || r.link || code {
            self.out.push_str("<w:rPr>");
            if r.link {
                self.out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
            } else if code {
                self.out.push_str("<w:rStyle w:val=\"VerbatimChar\"/>");
            }
            let mono = code && r.link;
            if mono {
                let f = esc(&self.theme.fonts.mono_docx);
                let _ = write!(
                    self.out,
                    "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>"
                );
            }
            if r.bold {
                self.out.push_str("<w:b/><w:bCs/>");
            }
            if r.italic {
                self.out.push_str("<w:i/><w:iCs/>");
            }
            if mono {
                let size = super::xml::half(self.styles.inline_code_size);
                let _ = write!(
                    self.out,
                    "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
                );
            }
            self.out.push_str("</w:rPr>");
        }
        self.out.push_str(body);
        self.out.push_str("</w:r>");
    }

    fn inlines(&mut self, inlines: &[Inline], r: RProps) {
        for (k, inline) in inlines.iter().enumerate() {
            match inline {
                Inline::Text(t) | Inline::Code(t) => {
                    let mut body = String::new();
                    run_text(&mut body, t);
                    if !body.is_empty() {
                        self.run(r, matches!(inline, Inline::Code(_)), &body);
                    }
                }
                Inline::Emph(c) => self.inlines(
                    c,
                    RProps {
                        italic: !r.italic,
                        ..r
                    },
                ),
                Inline::Strong(c) => self.inlines(c, RProps { bold: true, ..r }),
                Inline::Link { url, content } => {
                    if r.link {
                        self.inlines(content, r);
                    } else if let Some(id) = url.strip_prefix('#') {
                        let name = self.bookmark_name(id);
                        let _ = write!(
                            self.out,
                            "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                            esc(&name)
                        );
                        self.inlines(content, RProps { link: true, ..r });
                        self.out.push_str("</w:hyperlink>");
                    } else {
                        let i = match self.links.iter().position(|l| l == url) {
                            Some(i) => i,
                            None => {
                                self.links.push(url.clone());
                                self.links.len() - 1
                            }
                        };
                        let _ = write!(
                            self.out,
                            "<w:hyperlink r:id=\"rIdH{}\" w:history=\"1\">",
                            i + 1
                        );
                        self.inlines(content, RProps { link: true, ..r });
                        self.out.push_str("</w:hyperlink>");
                    }
                }
                Inline::FootnoteRef(i) => {
                    let style = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>";
                    if k > 0 && matches!(inlines[k - 1], Inline::FootnoteRef(_)) {
                        // Adjacent markers read as one number ("12") without a separator.
                        let _ = write!(self.out, "{style}<w:t>,</w:t></w:r>");
                    }
                    if *i < self.doc.footnotes.len() && self.notes_used.insert(*i) {
                        let _ = write!(
                            self.out,
                            "{style}<w:footnoteReference w:id=\"{}\"/></w:r>",
                            note_id(*i)
                        );
                    } else {
                        // Word notes have one reference: a repeated citation prints its number.
                        let _ = write!(self.out, "{style}<w:t>{}</w:t></w:r>", i + 1);
                    }
                }
                Inline::Anchor(id) => {
                    let n = self.bookmark_start(id);
                    self.bookmark_end(n);
                }
                Inline::PageRef(id) => {
                    // "page N", N a PAGEREF field holding the layout's page, linked to `id`.
                    let name = self.bookmark_name(id);
                    let linked = RProps { link: true, ..r };
                    let _ = write!(
                        self.out,
                        "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                        esc(&name)
                    );
                    self.run(linked, false, "<w:t xml:space=\"preserve\">page </w:t>");
                    field_start(&mut self.out, &format!("PAGEREF {name} \\h"), "");
                    let page = self.page_of(id);
                    self.run(linked, false, &format!("<w:t>{page}</w:t>"));
                    field_end(&mut self.out, "");
                    self.out.push_str("</w:hyperlink>");
                }
                Inline::LineBreak => self.out.push_str("<w:r><w:br/></w:r>"),
            }
        }
    }

    fn new_list(&mut self, start: Option<u64>) -> usize {
        self.lists.push(ListDef {
            numbered: start.is_some(),
            start: start.unwrap_or(1),
        });
        self.lists.len()
    }

    /// A list at nesting `depth`; `ends` says its last paragraph ends the outermost list.
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], depth: u32, ends: bool) {
        let num_id = self.new_list(start);
        let style = if start.is_some() {
            "ListNumber"
        } else {
            "ListBullet"
        };
        let indent = twips(self.styles.list.indent) * (i64::from(depth) + 1);
        let cont = Env {
            style: "ListContinue",
            indent: Some(indent),
        };
        for (n, item) in items.iter().enumerate() {
            let last_item = n + 1 == items.len();
            if item.is_empty() {
                let props = PProps {
                    style,
                    num: Some((depth, num_id)),
                    list_end: last_item && ends,
                    ..PProps::default()
                };
                self.para(&props, &[]);
            }
            for (k, b) in item.iter().enumerate() {
                let last = last_item && k + 1 == item.len() && ends;
                match b {
                    Block::Para(c) if k == 0 => {
                        let props = PProps {
                            style,
                            num: Some((depth, num_id)),
                            list_end: last,
                            ..PProps::default()
                        };
                        self.para(&props, c);
                    }
                    Block::Para(c) => {
                        let props = PProps {
                            style: "ListContinue",
                            ind_left: Some(indent),
                            list_end: last,
                            ..PProps::default()
                        };
                        self.para(&props, c);
                    }
                    other => {
                        if k == 0 {
                            // The item opens with something that is not a paragraph: an empty
                            // numbered paragraph carries its marker.
                            let props = PProps {
                                style,
                                num: Some((depth, num_id)),
                                ..PProps::default()
                            };
                            self.para(&props, &[]);
                        }
                        if let Block::List { start, items } = other {
                            self.list(*start, items, depth + 1, last);
                            continue;
                        }
                        self.block(other, cont);
                    }
                }
            }
        }
    }

    /// Column widths in twips filling `total`: the layout's widths (`layout::table`), so both
    /// formats break cell text alike, each cell with its padding.
    fn column_widths(&mut self, t: &Table, total: i64) -> Vec<i64> {
        let text = crate::layout::table::column_widths(
            &mut self.fonts,
            self.styles,
            t,
            total as f32 / 20.0,
        );
        let pad = 2.0 * self.styles.table.padding_x;
        let mut w: Vec<i64> = text.iter().map(|w| twips(w + pad)).collect();
        let used: i64 = w.iter().sum();
        if let Some(last) = w.last_mut() {
            *last += total - used;
        }
        w
    }

    fn separate_tables(&mut self) {
        if std::mem::take(&mut self.page_break) {
            self.out
                .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        } else if self.after_table {
            // Word merges adjacent tables: a small empty paragraph keeps them apart.
            self.out.push_str("<w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:p>");
        }
        if let Some(id) = self.pending_bookmark.take() {
            self.out.push_str("<w:p><w:pPr><w:keepNext/><w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr>");
            let n = self.bookmark_start(&id);
            self.bookmark_end(n);
            self.out.push_str("</w:p>");
        }
    }

    /// A table, `indent` twips from the left margin (inside a list item).
    fn table(&mut self, t: &Table, indent: i64) {
        self.separate_tables();
        if crate::layout::table::column_count(t) == 0 {
            return;
        }
        let widths = self.column_widths(t, self.text_width() - indent);
        let total: i64 = widths.iter().sum();
        let ts = &self.styles.table;
        let _ = write!(
            self.out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"MemoTable\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblInd w:w=\"{indent}\" w:type=\"dxa\"/>{}<w:tblLayout w:type=\"fixed\"/>{}<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"{}\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
            table_borders(ts),
            cell_margins(ts.padding_x, ts.padding_y),
            if ts.zebra.is_some() { 0 } else { 1 },
        );
        for w in &widths {
            let _ = write!(self.out, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.out.push_str("</w:tblGrid>");
        let (header_fill, zebra) = (ts.header_fill.hex(), ts.zebra.map(|z| z.hex()));
        if !t.header.is_empty() {
            self.row(&t.header, &t.align, &widths, true, Some(&header_fill));
        }
        for (r, row) in t.rows.iter().enumerate() {
            let fill = zebra.as_deref().filter(|_| r % 2 == 1);
            self.row(row, &t.align, &widths, false, fill);
        }
        self.out.push_str("</w:tbl>");
        self.after_table = true;
    }

    fn row(
        &mut self,
        cells: &[Vec<Inline>],
        align: &[Align],
        widths: &[i64],
        header: bool,
        fill: Option<&str>,
    ) {
        self.out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            self.out.push_str("<w:tblHeader/>");
        }
        self.out.push_str("</w:trPr>");
        for (c, w) in widths.iter().enumerate() {
            let _ = write!(
                self.out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            );
            if let Some(fill) = fill {
                let _ = write!(
                    self.out,
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
                );
            }
            self.out.push_str("</w:tcPr>");
            let jc = match align.get(c).copied().unwrap_or(Align::Default) {
                Align::Center => "center",
                Align::Right => "right",
                Align::Left | Align::Default => "left",
            };
            let props = PProps {
                style: if header { "TableHeading" } else { "TableText" },
                jc: Some(jc),
                ..PProps::default()
            };
            let empty = Vec::new();
            self.para(&props, cells.get(c).unwrap_or(&empty));
            self.out.push_str("</w:tc>");
        }
        self.out.push_str("</w:tr>");
    }

    fn callout(&mut self, kind: &str, title: Option<&str>, blocks: &[Block], indent: i64) {
        self.separate_tables();
        let colours = self.theme.callout(kind);
        let (fill, border) = (colours.fill.hex(), colours.border.hex());
        let w = self.text_width() - indent;
        let pad = self.styles.callout.padding;
        let bar = (self.styles.callout.bar * 8.0).round() as u32;
        let _ = write!(
            self.out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Callout\"/><w:tblW w:w=\"{w}\" w:type=\"dxa\"/><w:tblInd w:w=\"{indent}\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"single\" w:sz=\"{bar}\" w:space=\"0\" w:color=\"{border}\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/><w:tblLayout w:type=\"fixed\"/>{}<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/><w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"{w}\"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/></w:tcPr>",
            cell_margins(pad, pad),
            esc(title.unwrap_or(kind)),
        );
        self.after_table = false;
        if let Some(t) = title {
            self.out
                .push_str("<w:p><w:pPr><w:pStyle w:val=\"CalloutTitle\"/></w:pPr>");
            let _ = write!(
                self.out,
                "<w:r><w:rPr><w:color w:val=\"{border}\"/></w:rPr>"
            );
            run_text(&mut self.out, t);
            self.out.push_str("</w:r></w:p>");
        }
        let env = Env {
            style: "CalloutText",
            indent: None,
        };
        let start = self.out.len();
        self.blocks(blocks, env);
        if self.out.len() == start && title.is_none() || self.after_table {
            self.out.push_str("<w:p/>");
        }
        self.out.push_str("</w:tc></w:tr></w:tbl>");
        self.after_table = true;
    }
}
