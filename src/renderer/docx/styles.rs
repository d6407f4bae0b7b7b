//! `styles.xml` and `numbering.xml`: the named styles a Word user expects (Normal, Title,
//! Heading 1–6 with outline levels, lists, Quote, callouts, tables, footnotes, Hyperlink) built
//! from the theme, and one numbering definition per list so every list restarts.

use super::xml::{esc, half, mm, twips};
use super::W_NS;
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

fn border(side: &str, sz: u32, colour: &str, space: u32) -> String {
    format!("<w:{side} w:val=\"single\" w:sz=\"{sz}\" w:space=\"{space}\" w:color=\"{colour}\"/>")
}

fn fonts(name: &str) -> String {
    let n = esc(name);
    format!("<w:rFonts w:ascii=\"{n}\" w:hAnsi=\"{n}\" w:eastAsia=\"{n}\" w:cs=\"{n}\"/>")
}

/// The table borders the theme asks for, as `tblBorders` content (top, left, bottom, right,
/// insideH, insideV).
pub fn table_borders(theme: &Theme) -> String {
    let c = theme.colours.table_border.hex();
    let on = |side: &str| border(side, 4, &c, 0);
    let off = |side: &str| format!("<w:{side} w:val=\"nil\"/>");
    let sides = ["top", "left", "bottom", "right", "insideH", "insideV"];
    let mut out = String::from("<w:tblBorders>");
    for side in sides {
        let drawn = match theme.table.borders {
            Borders::All => true,
            Borders::Horizontal => matches!(side, "top" | "bottom" | "insideH"),
            Borders::None => false,
        };
        out.push_str(&if drawn { on(side) } else { off(side) });
    }
    out.push_str("</w:tblBorders>");
    out
}

/// Cell margins for tables: the theme's padding left and right, half of it above and below.
pub fn cell_margins(pad_pt: f32, vertical_pt: f32) -> String {
    let (h, v) = (twips(pad_pt), twips(vertical_pt));
    format!(
        "<w:tblCellMar><w:top w:w=\"{v}\" w:type=\"dxa\"/><w:left w:w=\"{h}\" w:type=\"dxa\"/><w:bottom w:w=\"{v}\" w:type=\"dxa\"/><w:right w:w=\"{h}\" w:type=\"dxa\"/></w:tblCellMar>"
    )
}

/// The whole `styles.xml`.
pub fn styles_xml(theme: &Theme) -> String {
    let c = &theme.colours;
    let sz = &theme.sizes;
    let sp = &theme.spacing;
    let line = line_240(sp.line_height);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W_NS}\">"
    );
    let _ = write!(
        out,
        "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/><w:lang w:val=\"{}\" w:eastAsia=\"{}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"{}\" w:line=\"{line}\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(&theme.fonts.body_docx),
        c.text.hex(),
        half(sz.body),
        half(sz.body),
        esc(&theme.text.language),
        esc(&theme.text.language),
        twips(sp.para_after_pt),
    );
    let mut styles = Vec::new();

    let mut normal = Style::new("paragraph", "Normal", "Normal");
    normal.q_format = true;
    normal.default = true;
    if theme.text.justify {
        normal.ppr = "<w:jc w:val=\"both\"/>".into();
    }
    styles.push(normal);

    let heading_ppr = |before: f32, after: f32, outline: Option<u8>| {
        let mut p = String::from("<w:keepNext/><w:keepLines/>");
        p.push_str(&spacing(before, after));
        p.push_str("<w:jc w:val=\"left\"/>");
        if let Some(o) = outline {
            let _ = write!(p, "<w:outlineLvl w:val=\"{o}\"/>");
        }
        p
    };
    let mut title = Style::para("Title", "Title");
    title.next = Some("Normal");
    title.ui_priority = Some(10);
    title.q_format = true;
    title.ppr = heading_ppr(0.0, 4.0, None);
    title.rpr = format!(
        "<w:b/><w:bCs/><w:color w:val=\"{}\"/><w:kern w:val=\"28\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        c.heading.hex(),
        half(sz.title),
        half(sz.title)
    );
    styles.push(title);
    let mut subtitle = Style::para("Subtitle", "Subtitle");
    subtitle.next = Some("Normal");
    subtitle.ui_priority = Some(11);
    subtitle.q_format = true;
    subtitle.ppr = heading_ppr(0.0, 10.0, None);
    subtitle.rpr = format!(
        "<w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        c.muted.hex(),
        half(sz.subtitle),
        half(sz.subtitle)
    );
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
        h.ppr = heading_ppr(
            sp.heading_before(level),
            sp.heading_after(level),
            Some(level - 1),
        );
        let size = sz.heading(level);
        let italic = if level >= 4 { "<w:i/><w:iCs/>" } else { "" };
        h.rpr = format!(
            "<w:b/><w:bCs/>{italic}<w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
            c.heading.hex(),
            half(size),
            half(size)
        );
        styles.push(h);
    }

    let mut meta = Style::para("TitleMeta", "Memo Metadata");
    meta.ui_priority = Some(12);
    meta.q_format = true;
    // Body colour, as the PDF sets the title block: the reference and date are read, not skimmed.
    meta.ppr = format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 12.0));
    styles.push(meta);

    let list_ppr = spacing(0.0, sp.list_item_after_pt);
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
    lc.ppr = format!("{list_ppr}<w:ind w:left=\"{}\"/>", mm(sp.list_indent_mm));
    styles.push(lc);

    let mut quote = Style::para("Quote", "Quote");
    quote.next = Some("Normal");
    quote.link = Some("QuoteChar");
    quote.ui_priority = Some(29);
    quote.q_format = true;
    quote.ppr = format!(
        "<w:pBdr>{}</w:pBdr>{}<w:ind w:left=\"{}\" w:right=\"{}\"/>",
        border("left", 20, &c.quote_bar.hex(), 8),
        spacing(4.0, sp.para_after_pt + 2.0),
        twips(12.5),
        twips(10.0)
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
        spacing(0.0, 3.0)
    );
    ct.rpr = format!(
        "<w:b/><w:bCs/><w:color w:val=\"{}\"/>",
        callout.border.hex()
    );
    styles.push(ct);
    let mut ctext = Style::para("CalloutText", "Callout Text");
    ctext.q_format = true;
    ctext.ppr = spacing(0.0, 3.0);
    styles.push(ctext);

    let mut code = Style::para("SourceCode", "Source Code");
    code.ppr = format!(
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/><w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"{}\" w:right=\"{}\"/><w:jc w:val=\"left\"/>",
        c.code_fill.hex(),
        twips(2.0),
        twips(sp.para_after_pt + 2.0),
        twips(4.0),
        twips(4.0)
    );
    code.rpr = format!(
        "{}<w:noProof/><w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
        fonts(&theme.fonts.mono_docx),
        half(sz.code),
        half(sz.code)
    );
    styles.push(code);

    let mut rule = Style::para("HorizontalRule", "Horizontal Rule");
    rule.ppr = format!(
        "<w:pBdr>{}</w:pBdr>{}",
        border("bottom", 6, &c.rule.hex(), 1),
        "<w:spacing w:before=\"0\" w:after=\"240\" w:line=\"120\" w:lineRule=\"exact\"/>"
    );
    styles.push(rule);

    let table_text = |id: &'static str, name: &'static str, bold: bool| {
        let mut s = Style::para(id, name);
        s.ppr = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>".into();
        s.rpr = format!(
            "{}<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>",
            if bold {
                format!(
                    "<w:b/><w:bCs/><w:color w:val=\"{}\"/>",
                    c.table_header_text.hex()
                )
            } else {
                String::new()
            },
            half(sz.table),
            half(sz.table)
        );
        s
    };
    styles.push(table_text("TableText", "Table Text", false));
    let mut th = table_text("TableHeading", "Table Heading", true);
    th.based_on = Some("TableText");
    th.ppr = "<w:keepNext/>".into();
    styles.push(th);

    let mut fnt = Style::para("FootnoteText", "footnote text");
    fnt.link = Some("FootnoteTextChar");
    fnt.ui_priority = Some(99);
    fnt.ppr =
        "<w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>"
            .into();
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
        half(sz.code),
        half(sz.code)
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
    mt.ppr = "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>"
        .into();
    let pad = sp.cell_padding_pt;
    mt.extra = format!(
        "<w:tblPr><w:tblStyleRowBandSize w:val=\"1\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>{}{}</w:tblPr><w:trPr><w:cantSplit/></w:trPr><w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/><w:color w:val=\"{}\"/></w:rPr><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr></w:tblStylePr>{}",
        table_borders(theme),
        cell_margins(pad, pad / 2.0),
        c.table_header_text.hex(),
        c.table_header_fill.hex(),
        if theme.table.zebra {
            format!(
                "<w:tblStylePr w:type=\"band2Horz\"><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr></w:tblStylePr>",
                c.table_zebra.hex()
            )
        } else {
            String::new()
        }
    );
    styles.push(mt);
    let mut cs = Style::new("table", "Callout", "Callout");
    cs.based_on = Some("TableNormal");
    let cpad = sp.callout_padding_pt;
    cs.extra = format!(
        "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/>{}<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tblBorders>{}</w:tblPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr>",
        border("left", 24, &callout.border.hex(), 0),
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
pub fn numbering_xml(theme: &Theme, lists: &[ListDef]) -> String {
    let indent = mm(theme.spacing.list_indent_mm);
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
                let bullet = ["\u{2022}", "\u{2013}", "\u{25AA}"][lvl as usize % 3];
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
