//! `styles.xml` and `numbering.xml`: the named styles a Word user expects (Normal, Title,
//! Heading 1–6 with outline levels, lists, Quote, callouts, tables, footnotes, Hyperlink) built
//! from the theme, and one numbering definition per list so every list restarts.

use super::xml::{esc, half, mm, twips};
use super::W_NS;
use crate::style::{HeadingStyle, RuleStyle, StyleSheet, TableStyle};
use crate::theme::{Borders, Theme};
use std::fmt::Write as _;

/// Calibri's (and Carlito's) natural line height in ems: Word's "single" spacing. The theme's
/// line height is a multiple of the font size, so Word's multiple is the ratio of the two.
const CALIBRI_LINE: f32 = 1.2207;

/// Word's `w:line` (240ths of single spacing) for a line height in font sizes.
pub fn line_240(line_height: f32) -> i64 {
    (line_height / CALIBRI_LINE * 240.0).round() as i64
}

/// One `<w:style>`; `ppr` and `rpr` are the property elements, in schema order, or empty.
struct Style<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    link: Option<&'a str>,
    ui_priority: Option<u32>,
    /// The style Word applies where none is named (Normal, Default Paragraph Font, Normal
    /// Table).
    default: bool,
    q_format: bool,
    ppr: String,
    rpr: String,
    extra: String,
}

impl<'a> Style<'a> {
    fn new(kind: &'a str, id: &'a str, name: &'a str) -> Self {
        Style {
            kind,
            id,
            name,
            based_on: None,
            next: None,
            link: None,
            ui_priority: None,
            default: false,
            q_format: false,
            ppr: String::new(),
            rpr: String::new(),
            extra: String::new(),
        }
    }
    fn para(id: &'a str, name: &'a str) -> Self {
        let mut s = Style::new("paragraph", id, name);
        s.based_on = Some("Normal");
        s
    }
    fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "<w:style w:type=\"{}\"{} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            self.kind,
            if self.default { " w:default=\"1\"" } else { "" },
            self.id,
            esc(self.name)
        );
        if let Some(b) = self.based_on {
            let _ = write!(out, "<w:basedOn w:val=\"{b}\"/>");
        }
        if let Some(n) = self.next {
            let _ = write!(out, "<w:next w:val=\"{n}\"/>");
        }
        if let Some(l) = self.link {
            let _ = write!(out, "<w:link w:val=\"{l}\"/>");
        }
        if let Some(p) = self.ui_priority {
            let _ = write!(out, "<w:uiPriority w:val=\"{p}\"/>");
        }
        if self.q_format {
            out.push_str("<w:qFormat/>");
        }
        if !self.ppr.is_empty() {
            let _ = write!(out, "<w:pPr>{}</w:pPr>", self.ppr);
        }
        if !self.rpr.is_empty() {
            let _ = write!(out, "<w:rPr>{}</w:rPr>", self.rpr);
        }
        out.push_str(&self.extra);
        out.push_str("</w:style>");
    }
}

fn spacing(before: f32, after: f32) -> String {
    format!(
        "<w:spacing w:before=\"{}\" w:after=\"{}\"/>",
        twips(before),
        twips(after)
    )
}

/// A border `width` points wide, `space` points from the text (Word counts border widths in
/// eighths of a point and spaces in whole points).
pub fn border(side: &str, width: f32, colour: &str, space: f32) -> String {
    let sz = (width * 8.0).round().clamp(2.0, 96.0) as u32;
    let space = space.round().clamp(0.0, 31.0) as u32;
    format!("<w:{side} w:val=\"single\" w:sz=\"{sz}\" w:space=\"{space}\" w:color=\"{colour}\"/>")
}

/// A line height as a multiple of the font size, as Word's automatic line spacing.
fn auto_line(line_height: f32) -> String {
    format!("w:line=\"{}\" w:lineRule=\"auto\"", line_240(line_height))
}

/// A paragraph drawn as a rule: nothing but its bottom border, with the rule's space around it.
pub fn rule_ppr(r: &RuleStyle) -> String {
    format!(
        "<w:pBdr>{}</w:pBdr><w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"20\" w:lineRule=\"exact\"/>",
        border("bottom", r.thickness, &r.colour.hex(), 0.0),
        twips(r.before),
        twips(r.after)
    )
}

fn fonts(name: &str) -> String {
    let n = esc(name);
    format!("<w:rFonts w:ascii=\"{n}\" w:hAnsi=\"{n}\" w:eastAsia=\"{n}\" w:cs=\"{n}\"/>")
}

/// The table borders the style asks for, as `tblBorders` content (top, left, bottom, right,
/// insideH, insideV).
pub fn table_borders(t: &TableStyle) -> String {
    let c = t.border.hex();
    let on = |side: &str| border(side, t.border_width, &c, 0.0);
    let off = |side: &str| format!("<w:{side} w:val=\"nil\"/>");
    let sides = ["top", "left", "bottom", "right", "insideH", "insideV"];
    let mut out = String::from("<w:tblBorders>");
    for side in sides {
        let drawn = match t.borders {
            Borders::All => true,
            Borders::Horizontal => matches!(side, "top" | "bottom" | "insideH"),
            Borders::None => false,
        };
        out.push_str(&if drawn { on(side) } else { off(side) });
    }
    out.push_str("</w:tblBorders>");
    out
}

/// Cell margins: `pad_pt` left and right, `vertical_pt` above and below.
pub fn cell_margins(pad_pt: f32, vertical_pt: f32) -> String {
    let (h, v) = (twips(pad_pt), twips(vertical_pt));
    format!(
        "<w:tblCellMar><w:top w:w=\"{v}\" w:type=\"dxa\"/><w:left w:w=\"{h}\" w:type=\"dxa\"/><w:bottom w:w=\"{v}\" w:type=\"dxa\"/><w:right w:w=\"{h}\" w:type=\"dxa\"/></w:tblCellMar>"
    )
}

/// The whole `styles.xml`: fonts and language from the theme, every size and space from the
/// style sheet; `note_label` is the width of the hanging footnote number.
pub fn styles_xml(theme: &Theme, st: &StyleSheet, note_label: f32) -> String {
    let c = &theme.colours;
    let sz = &theme.sizes;
    let line = line_240(st.line_height);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W_NS}\">"
    );
    let _ = write!(
        out,
        "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/><w:lang w:val=\"{}\" w:eastAsia=\"{}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"{}\" w:line=\"{line}\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(&theme.fonts.body_docx),
        c.text.hex(),
        half(st.body_size),
        half(st.body_size),
        esc(&theme.text.language),
        esc(&theme.text.language),
        twips(st.para_after),
    );
    let mut styles = Vec::new();

    let mut normal = Style::new("paragraph", "Normal", "Normal");
    normal.q_format = true;
    normal.default = true;
    if st.justify {
        normal.ppr = "<w:jc w:val=\"both\"/>".into();
    }
    styles.push(normal);

    let heading_ppr = |h: &HeadingStyle, outline: Option<u8>| {
        let mut p = String::from("<w:keepNext/><w:keepLines/>");
        let _ = write!(
            p,
            "<w:spacing w:before=\"{}\" w:after=\"{}\" {}/>",
            twips(h.before),
            twips(h.after),
            auto_line(h.line_height)
        );
        p.push_str("<w:jc w:val=\"left\"/>");
        if let Some(o) = outline {
            let _ = write!(p, "<w:outlineLvl w:val=\"{o}\"/>");
        }
        p
    };
    let heading_rpr = |h: &HeadingStyle| {
        format!(
            "{}{}<w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
            if h.bold { "<w:b/><w:bCs/>" } else { "" },
            if h.italic { "<w:i/><w:iCs/>" } else { "" },
            h.colour.hex(),
            half(h.size),
            half(h.size)
        )
    };
    let mut title = Style::para("Title", "Title");
    title.next = Some("Normal");
    title.ui_priority = Some(10);
    title.q_format = true;
    title.ppr = heading_ppr(&st.title, None);
    title.rpr = heading_rpr(&st.title);
    styles.push(title);
    let mut subtitle = Style::para("Subtitle", "Subtitle");
    subtitle.next = Some("Normal");
    subtitle.ui_priority = Some(11);
    subtitle.q_format = true;
    subtitle.ppr = heading_ppr(&st.subtitle, None);
    subtitle.rpr = heading_rpr(&st.subtitle);
    styles.push(subtitle);

    const HEADINGS: [(&str, &str); 6] = [
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
        ("Heading4", "heading 4"),
        ("Heading5", "heading 5"),
        ("Heading6", "heading 6"),
    ];
    for (i, (id, name)) in HEADINGS.iter().enumerate() {
        let level = i as u8 + 1;
        let mut h = Style::para(id, name);
        h.next = Some("Normal");
        h.ui_priority = Some(9);
        h.q_format = true;
        h.ppr = heading_ppr(st.heading(level), Some(level - 1));
        h.rpr = heading_rpr(st.heading(level));
        styles.push(h);
    }

    let mut meta = Style::para("TitleMeta", "Memo Metadata");
    meta.ui_priority = Some(12);
    meta.q_format = true;
    // Body colour, as the PDF sets the title block: the reference and date are read, not
    // skimmed. The rule under the block is the bottom border of its paragraphs (Word draws one
    // border under a run of paragraphs that share it), as far below the text as the PDF sets it.
    let rule = &st.title_block.rule;
    meta.ppr = format!(
        "<w:pBdr>{}</w:pBdr>{}<w:jc w:val=\"left\"/>",
        border(
            "bottom",
            rule.thickness,
            &rule.colour.hex(),
            st.para_after.max(rule.before)
        ),
        spacing(0.0, rule.after)
    );
    styles.push(meta);

    let list_ppr = spacing(0.0, st.list.item_after);
    let mut lb = Style::para("ListBullet", "List Bullet");
    lb.ui_priority = Some(34);
    lb.q_format = true;
    lb.ppr = list_ppr.clone();
    styles.push(lb);
    let mut ln = Style::para("ListNumber", "List Number");
    ln.ui_priority = Some(34);
    ln.q_format = true;
    ln.ppr = list_ppr.clone();
    styles.push(ln);
    let mut lc = Style::para("ListContinue", "List Continue");
    lc.ppr = format!("{list_ppr}<w:ind w:left=\"{}\"/>", twips(st.list.indent));
    styles.push(lc);

    let mut quote = Style::para("Quote", "Quote");
    quote.next = Some("Normal");
    quote.link = Some("QuoteChar");
    quote.ui_priority = Some(29);
    quote.q_format = true;
    let q = &st.quote;
    quote.ppr = format!(
        "<w:pBdr>{}</w:pBdr>{}<w:ind w:left=\"{}\" w:right=\"{}\"/>",
        border("left", q.bar, &q.bar_colour.hex(), q.gap),
        // Between a quotation's paragraphs; its own space before and after is set on its
        // first and last paragraph.
        spacing(0.0, st.para_after),
        twips(q.left()),
        twips(q.right)
    );
    quote.rpr = "<w:i/><w:iCs/>".into();
    styles.push(quote);
    let mut quote_char = Style::new("character", "QuoteChar", "Quote Char");
    quote_char.based_on = Some("DefaultParagraphFont");
    quote_char.link = Some("Quote");
    quote_char.ui_priority = Some(29);
    quote_char.rpr = "<w:i/><w:iCs/>".into();

    let callout = theme.callout("default");
    let mut ct = Style::para("CalloutTitle", "Callout Title");
    ct.next = Some("CalloutText");
    ct.q_format = true;
    ct.ppr = format!(
        "<w:keepNext/><w:keepLines/>{}<w:jc w:val=\"left\"/>",
        spacing(0.0, st.callout.title_after)
    );
    ct.rpr = format!(
        "<w:b/><w:bCs/><w:color w:val=\"{}\"/>",
        callout.border.hex()
    );
    styles.push(ct);
    let mut ctext = Style::para("CalloutText", "Callout Text");
    ctext.q_format = true;
    ctext.ppr = spacing(0.0, st.callout.title_after);
    styles.push(ctext);

    let mut code = Style::para("SourceCode", "Source Code");
    let cs = &st.code;
    // The mono font's natural line is not Calibri's: its line height is set exactly.
    code.ppr = format!(
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/><w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"{}\" w:lineRule=\"exact\"/><w:ind w:left=\"{}\" w:right=\"{}\"/><w:jc w:val=\"left\"/>",
        cs.fill.hex(),
        twips(cs.before),
        twips(cs.after),
        twips(cs.size * cs.line_height),
        twips(cs.padding),
        twips(cs.padding)
    );
    code.rpr = format!(
        "{}<w:noProof/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        fonts(&theme.fonts.mono_docx),
        half(cs.size),
        half(cs.size)
    );
    styles.push(code);

    // A chart's picture: a line exactly as tall as the picture (a 1 pt paragraph mark adds no
    // descent), kept with its caption; the caption is set as the layout sets it.
    let fig = &st.figure;
    let mut figure = Style::para("Figure", "Figure");
    figure.ppr = format!(
        "<w:keepNext/>{}<w:jc w:val=\"left\"/>",
        spacing(fig.before, 0.0)
    );
    figure.rpr = "<w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/>".into();
    styles.push(figure);
    // Not Word's built-in "caption": pandoc takes a paragraph in that style for the caption
    // of a table right after it. Word's table of figures finds the captions by their SEQ
    // fields (`TOC \c "Figure"`), whatever their style.
    let mut caption = Style::para("FigureCaption", "Figure Caption");
    caption.next = Some("Normal");
    caption.q_format = true;
    caption.ppr = format!(
        "{}<w:jc w:val=\"left\"/>",
        spacing(fig.caption_gap, fig.after)
    );
    caption.rpr = format!(
        "<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        half(fig.caption_size),
        half(fig.caption_size)
    );
    styles.push(caption);

    let mut rule = Style::para("HorizontalRule", "Horizontal Rule");
    rule.ppr = rule_ppr(&st.rule);
    styles.push(rule);

    let table_text = |id: &'static str, name: &'static str, bold: bool| {
        let mut s = Style::para(id, name);
        s.ppr = format!(
            "<w:spacing w:before=\"0\" w:after=\"0\" {}/><w:jc w:val=\"left\"/>",
            auto_line(st.table.line_height)
        );
        s.rpr = format!(
            "{}<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
            if bold {
                format!(
                    "<w:b/><w:bCs/><w:color w:val=\"{}\"/>",
                    st.table.header_text.hex()
                )
            } else {
                String::new()
            },
            half(st.table.size),
            half(st.table.size)
        );
        s
    };
    styles.push(table_text("TableText", "Table Text", false));
    let mut th = table_text("TableHeading", "Table Heading", true);
    th.based_on = Some("TableText");
    th.ppr = "<w:keepNext/>".into();
    styles.push(th);

    // The contents' entries: the page number at a right tab on the margin, as the layout
    // right-aligns it; Word's own TOC update writes its entries in this style too.
    let mut toc = Style::para("TOC2", "toc 2");
    toc.next = Some("Normal");
    toc.ui_priority = Some(39);
    let p = &theme.page;
    toc.ppr = format!(
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs><w:spacing w:after=\"{}\"/>",
        mm(p.width_mm - p.margin_left_mm - p.margin_right_mm),
        twips(st.contents.entry_after)
    );
    styles.push(toc);

    let mut fnt = Style::para("FootnoteText", "footnote text");
    fnt.link = Some("FootnoteTextChar");
    fnt.ui_priority = Some(99);
    let note = &st.footnote;
    // The number hangs in its own column, as in the PDF: a tab after it reaches the text.
    fnt.ppr = format!(
        "<w:tabs><w:tab w:val=\"left\" w:pos=\"{label}\"/></w:tabs><w:spacing w:after=\"{}\" {}/><w:ind w:left=\"{label}\" w:hanging=\"{label}\"/><w:jc w:val=\"left\"/>",
        twips(note.between),
        auto_line(note.line_height),
        label = twips(note_label),
    );
    fnt.rpr = format!(
        "<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        half(sz.footnote),
        half(sz.footnote)
    );
    styles.push(fnt);

    let mut hdr = Style::para("Header", "header");
    let text_w = mm(theme.page.width_mm - theme.page.margin_left_mm - theme.page.margin_right_mm);
    let tabs = format!(
        "<w:tabs><w:tab w:val=\"center\" w:pos=\"{}\"/><w:tab w:val=\"right\" w:pos=\"{text_w}\"/></w:tabs>",
        text_w / 2
    );
    hdr.ppr = format!(
        "{tabs}<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>"
    );
    hdr.rpr = format!(
        "<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        half(sz.running),
        half(sz.running)
    );
    styles.push(hdr);
    let mut ftr = Style::para("Footer", "footer");
    ftr.ppr = format!(
        "{tabs}<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>"
    );
    ftr.rpr = format!(
        "<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        half(sz.running),
        half(sz.running)
    );
    styles.push(ftr);

    let mut dpf = Style::new(
        "character",
        "DefaultParagraphFont",
        "Default Paragraph Font",
    );
    dpf.ui_priority = Some(1);
    dpf.default = true;
    styles.push(dpf);
    styles.push(quote_char);
    let mut fntc = Style::new("character", "FootnoteTextChar", "Footnote Text Char");
    fntc.based_on = Some("DefaultParagraphFont");
    fntc.link = Some("FootnoteText");
    fntc.rpr = format!(
        "<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        half(sz.footnote),
        half(sz.footnote)
    );
    styles.push(fntc);
    let mut fnr = Style::new("character", "FootnoteReference", "footnote reference");
    fnr.based_on = Some("DefaultParagraphFont");
    fnr.ui_priority = Some(99);
    fnr.rpr = "<w:vertAlign w:val=\"superscript\"/>".into();
    styles.push(fnr);
    let mut link = Style::new("character", "Hyperlink", "Hyperlink");
    link.based_on = Some("DefaultParagraphFont");
    link.ui_priority = Some(99);
    link.rpr = format!(
        "<w:color w:val=\"{}\"/><w:u w:val=\"single\"/>",
        c.link.hex()
    );
    styles.push(link);
    let mut verb = Style::new("character", "VerbatimChar", "Verbatim Char");
    verb.based_on = Some("DefaultParagraphFont");
    verb.rpr = format!(
        "{}<w:noProof/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        fonts(&theme.fonts.mono_docx),
        half(st.inline_code_size),
        half(st.inline_code_size)
    );
    styles.push(verb);

    let mut tn = Style::new("table", "TableNormal", "Normal Table");
    tn.ui_priority = Some(99);
    tn.default = true;
    tn.extra = "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>".into();
    styles.push(tn);
    let mut mt = Style::new("table", "MemoTable", "Memo Table");
    mt.based_on = Some("TableNormal");
    mt.ui_priority = Some(59);
    mt.ppr = format!(
        "<w:spacing w:after=\"0\" {}/><w:jc w:val=\"left\"/>",
        auto_line(st.table.line_height)
    );
    let ts = &st.table;
    mt.extra = format!(
        "<w:tblPr><w:tblStyleRowBandSize w:val=\"1\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>{}{}</w:tblPr><w:trPr><w:cantSplit/></w:trPr><w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/><w:color w:val=\"{}\"/></w:rPr><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr></w:tblStylePr>{}",
        table_borders(ts),
        cell_margins(ts.padding_x, ts.padding_y),
        ts.header_text.hex(),
        ts.header_fill.hex(),
        match ts.zebra {
            Some(zebra) => format!(
                "<w:tblStylePr w:type=\"band2Horz\"><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr></w:tblStylePr>",
                zebra.hex()
            ),
            None => String::new(),
        }
    );
    styles.push(mt);
    let mut cs = Style::new("table", "Callout", "Callout");
    cs.based_on = Some("TableNormal");
    let cpad = st.callout.padding;
    cs.extra = format!(
        "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/>{}<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tblBorders>{}</w:tblPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr>",
        border("left", st.callout.bar, &callout.border.hex(), 0.0),
        cell_margins(cpad, cpad),
        callout.fill.hex()
    );
    styles.push(cs);

    for s in &styles {
        s.write(&mut out);
    }
    out.push_str("</w:styles>");
    out
}

/// A list as numbering.xml defines it: bullets, or decimal numbers from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListDef {
    pub numbered: bool,
    pub start: u64,
}

/// The whole `numbering.xml`: list `i` of `lists` is abstractNum and num `i + 1`, so every list
/// has its own counter (restarts) and start value.
pub fn numbering_xml(theme: &Theme, st: &StyleSheet, lists: &[ListDef]) -> String {
    let indent = twips(st.list.indent);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"{W_NS}\">"
    );
    for (i, l) in lists.iter().enumerate() {
        let _ = write!(
            out,
            "<w:abstractNum w:abstractNumId=\"{}\"><w:nsid w:val=\"{:08X}\"/><w:multiLevelType w:val=\"hybridMultilevel\"/>",
            i + 1,
            0x4257_0000u32 + i as u32
        );
        for lvl in 0..9u32 {
            let (fmt, text, font) = if l.numbered {
                let fmt = ["decimal", "lowerLetter", "lowerRoman"][lvl as usize % 3];
                (fmt, format!("%{}.", lvl + 1), None)
            } else {
                let bullet = st.list.bullet(lvl as usize);
                ("bullet", bullet.to_string(), Some(&theme.fonts.body_docx))
            };
            let rpr = font.map_or(String::new(), |f| format!("<w:rPr>{}</w:rPr>", fonts(f)));
            let _ = write!(
                out,
                "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"{}\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:tabs><w:tab w:val=\"num\" w:pos=\"{}\"/></w:tabs><w:ind w:left=\"{}\" w:hanging=\"{indent}\"/></w:pPr>{rpr}</w:lvl>",
                l.start.min(i32::MAX as u64),
                esc(&text),
                indent * (i64::from(lvl) + 1),
                indent * (i64::from(lvl) + 1),
            );
        }
        out.push_str("</w:abstractNum>");
    }
    for i in 0..lists.len() {
        let _ = write!(
            out,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{}\"/></w:num>",
            i + 1,
            i + 1
        );
    }
    out.push_str("</w:numbering>");
    out
}
