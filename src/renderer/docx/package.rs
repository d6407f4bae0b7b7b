//! The package around the body: content types, relationships, settings, header and footer,
//! core and app properties, and the zip (deflated, fixed timestamps, fixed order) holding them.

use super::body::{note_id, picture_rel, Writer};
use super::styles::{border, numbering_xml, styles_xml};
use super::xml::{esc, field_end, field_start, half, mm, run_text, twips};
use super::{R_NS, W_NS};
use crate::doc::Document;
use crate::renderer::Pagination;
use crate::style::{FurnitureStyle, StyleSheet};
use crate::theme::Theme;
use std::fmt::Write as _;
use std::io::Write as _;

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// The namespace of pictures placed in the text (`wp:inline`).
const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The finished parts, in the order they go into the zip.
pub struct Parts(pub Vec<(String, Vec<u8>)>);

fn rels(entries: &[(String, String, String, bool)]) -> String {
    let mut out = format!("{XML_HEAD}<Relationships xmlns=\"{REL_NS}\">");
    for (id, kind, target, external) in entries {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"{}/>",
            esc(target),
            if *external {
                " TargetMode=\"External\""
            } else {
                ""
            }
        );
    }
    out.push_str("</Relationships>");
    out
}

fn link_rels(links: &[String]) -> Vec<(String, String, String, bool)> {
    links
        .iter()
        .enumerate()
        .map(|(i, url)| {
            (
                format!("rIdH{}", i + 1),
                format!("{REL_TYPE}/hyperlink"),
                url.clone(),
                true,
            )
        })
        .collect()
}

/// A run in the banner or running-head style.
fn run(out: &mut String, text: &str, rpr: &str) {
    let _ = write!(out, "<w:r><w:rPr>{rpr}</w:rPr>");
    run_text(out, text);
    out.push_str("</w:r>");
}

/// A field with its cached result `shown`.
fn field(out: &mut String, instr: &str, shown: &str, rpr: &str) {
    field_start(out, instr, rpr);
    run(out, shown, rpr);
    field_end(out, rpr);
}

/// The classification banner paragraph.
fn banner(doc: &Document, theme: &Theme, style: &str) -> String {
    let colour = theme.banner_colour(&doc.meta.classification).hex();
    let size = half(theme.sizes.banner);
    let mut out =
        format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:jc w:val=\"center\"/></w:pPr>");
    run(
        &mut out,
        &doc.meta.classification_line(),
        &format!("<w:b/><w:bCs/><w:color w:val=\"{colour}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"),
    );
    out.push_str("</w:p>");
    out
}

/// Opens the running-head (or folio) paragraph: `style`, a hairline rule on `side`, and its
/// spacing; the runs follow.
fn open_ruled(out: &mut String, furniture: &FurnitureStyle, style: &str, side: &str) {
    let r = &furniture.rule;
    // The header's space is above its text, the footer's below: the rule faces the body.
    let spacing = if side == "bottom" {
        format!("w:before=\"{}\"", twips(r.before))
    } else {
        format!("w:after=\"{}\"", twips(r.after))
    };
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:pBdr>{}</w:pBdr><w:spacing {spacing}/></w:pPr>",
        border(side, r.thickness, &r.colour.hex(), furniture.rule_gap)
    );
}

/// The header as the PDF pages have it: the banner, then the running title over a rule.
fn header_xml(doc: &Document, theme: &Theme, styles: &StyleSheet) -> String {
    let muted = format!("<w:color w:val=\"{}\"/>", theme.colours.muted.hex());
    let mut out = format!("{XML_HEAD}<w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">");
    out.push_str(&banner(doc, theme, "Header"));
    open_ruled(&mut out, &styles.furniture, "Header", "bottom");
    run(&mut out, &doc.meta.title, &muted);
    out.push_str("</w:p></w:hdr>");
    out
}

/// The footer as the PDF pages have it: a rule, the memo reference and "Page N of M", then the
/// banner. The fields hold the layout's values (page 1, and the page count) until the reader
/// repaginates; without a layout, the count is left empty.
fn footer_xml(
    doc: &Document,
    theme: &Theme,
    styles: &StyleSheet,
    pagination: Option<&Pagination>,
) -> String {
    let muted = format!("<w:color w:val=\"{}\"/>", theme.colours.muted.hex());
    let mut out = format!("{XML_HEAD}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">");
    open_ruled(&mut out, &styles.furniture, "Footer", "top");
    run(&mut out, &doc.meta.reference, &muted);
    out.push_str("<w:r><w:tab/><w:tab/></w:r>");
    run(&mut out, "Page ", &muted);
    field(&mut out, "PAGE", "1", &muted);
    run(&mut out, " of ", &muted);
    let pages = pagination.map(|p| p.pages.to_string()).unwrap_or_default();
    field(&mut out, "NUMPAGES", &pages, &muted);
    out.push_str("</w:p>");
    out.push_str(&banner(doc, theme, "Footer"));
    out.push_str("</w:ftr>");
    out
}

/// `doNotExpandShiftReturn`: a justified line ending in a line break keeps its natural spacing, as
/// the PDF sets it, rather than being stretched to the margin.
fn settings_xml(theme: &Theme) -> String {
    format!(
        "{XML_HEAD}<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"709\"/>{}<w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"0\"/><w:footnote w:id=\"1\"/></w:footnotePr><w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{}\"/></w:settings>",
        if theme.text.hyphenate {
            "<w:autoHyphenation/>"
        } else {
            ""
        },
        esc(&theme.text.language)
    )
}

fn font_table_xml(theme: &Theme) -> String {
    format!(
        "{XML_HEAD}<w:fonts xmlns:w=\"{W_NS}\"><w:font w:name=\"{}\"><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"{}\"><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font></w:fonts>",
        esc(&theme.fonts.body_docx),
        esc(&theme.fonts.mono_docx)
    )
}

/// A minimal Office theme: Word requires the part; its colours and fonts are the memo's, so
/// Word's theme pickers offer them.
fn theme_xml(theme: &Theme) -> String {
    let c = &theme.colours;
    let srgb = |name: &str, hex: String| format!("<a:{name}><a:srgbClr val=\"{hex}\"/></a:{name}>");
    let mut colours = String::new();
    colours.push_str("<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>");
    for (name, hex) in [
        ("dk2", c.heading.hex()),
        ("lt2", c.table_zebra.hex()),
        ("accent1", c.accent.hex()),
        ("accent2", c.link.hex()),
        ("accent3", c.muted.hex()),
        ("accent4", c.rule.hex()),
        ("accent5", theme.callout("default").fill.hex()),
        ("accent6", theme.callout("warning").border.hex()),
        ("hlink", c.link.hex()),
        ("folHlink", c.link.hex()),
    ] {
        colours.push_str(&srgb(name, hex));
    }
    let font = esc(&theme.fonts.body_docx);
    let fonts = format!("<a:latin typeface=\"{font}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>");
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| format!("<a:ln w=\"{w}\">{solid}</a:ln>");
    format!(
        "{XML_HEAD}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"briefwright\"><a:themeElements><a:clrScheme name=\"briefwright\">{colours}</a:clrScheme><a:fontScheme name=\"briefwright\"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme><a:fmtScheme name=\"briefwright\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>",
        line(6350),
        line(12700),
        line(19050),
    )
}

fn core_xml(doc: &Document) -> String {
    let m = &doc.meta;
    let date = format!("{}T00:00:00Z", m.date.format("%Y-%m-%d"));
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:description>{}</dc:description><cp:lastModifiedBy>{}</cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified><cp:category>{}</cp:category></cp:coreProperties>",
        esc(&m.title),
        esc(&m.subject),
        esc(&m.author),
        esc(&m.keywords.join(", ")),
        esc(&format!("{} ({})", m.reference, m.classification_line())),
        esc(&m.author),
        esc(&m.classification),
    )
}

/// Custom properties for document-management systems: the computed `Classification` and
/// `Releasability`, as Word shows them under File › Properties › Custom.
fn custom_xml(doc: &Document) -> String {
    let m = &doc.meta;
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"Classification\"><vt:lpwstr>{}</vt:lpwstr></property><property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"3\" name=\"Releasability\"><vt:lpwstr>{}</vt:lpwstr></property></Properties>",
        esc(&m.classification),
        esc(&m.releasability),
    )
}

fn app_xml() -> String {
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>briefwright</Application><DocSecurity>0</DocSecurity></Properties>"
    )
}

fn content_types(pictures: bool) -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut out = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    if pictures {
        out.push_str("<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>");
    }
    for (part, kind) in [
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/footnotes.xml", format!("{wml}.footnotes+xml")),
        ("/word/header1.xml", format!("{wml}.header+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        ("/word/fontTable.xml", format!("{wml}.fontTable+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
        (
            "/docProps/custom.xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml".to_string(),
        ),
    ] {
        let _ = write!(
            out,
            "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
        );
    }
    out.push_str("</Types>");
    out
}

fn sect_pr(theme: &Theme) -> String {
    let p = &theme.page;
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footnotePr><w:numFmt w:val=\"decimal\"/></w:footnotePr><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/><w:cols w:space=\"709\"/></w:sectPr>",
        mm(p.width_mm),
        mm(p.height_mm),
        mm(p.margin_top_mm),
        mm(p.margin_right_mm),
        mm(p.margin_bottom_mm),
        mm(p.margin_left_mm),
        mm(p.header_mm),
        mm(p.footer_mm),
    )
}

/// Every part of the package for `doc`.
pub fn parts(
    doc: &Document,
    theme: &Theme,
    styles: &StyleSheet,
    pagination: Option<&Pagination>,
) -> Parts {
    let mut w = Writer::new(doc, theme, styles, pagination);
    w.body(&doc.blocks);
    let body = std::mem::take(&mut w.out);
    let body_links = std::mem::take(&mut w.links);
    for i in 0..doc.footnotes.len() {
        w.footnote(i);
    }
    let notes = std::mem::take(&mut w.out);
    let note_links = std::mem::take(&mut w.links);
    debug_assert!(doc.footnotes.is_empty() || note_id(0) == 2);
    let note_label = w.footnote_label_width();
    // The separator paragraphs take the notes area's top space, as the PDF's rule does.
    let separator = format!(
        "<w:pPr><w:spacing w:after=\"0\" w:line=\"{}\" w:lineRule=\"exact\"/></w:pPr>",
        twips(styles.footnote.area_top)
    );

    let document = format!(
        "{XML_HEAD}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\" xmlns:wp=\"{WP_NS}\"><w:body>{body}{}</w:body></w:document>",
        sect_pr(theme)
    );
    let footnotes = format!(
        "{XML_HEAD}<w:footnotes xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:footnote w:type=\"separator\" w:id=\"0\"><w:p>{separator}<w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"1\"><w:p>{separator}<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
    );
    let part = |name: &str| (name.to_string(), format!("{REL_TYPE}/{name}"));
    let mut doc_rels = Vec::new();
    for (id, (target, kind)) in [
        ("rIdStyles", part("styles")),
        ("rIdNumbering", part("numbering")),
        ("rIdSettings", part("settings")),
        ("rIdFootnotes", part("footnotes")),
        ("rIdFontTable", part("fontTable")),
        (
            "rIdTheme",
            ("theme/theme1".to_string(), format!("{REL_TYPE}/theme")),
        ),
    ] {
        doc_rels.push((id.to_string(), kind, format!("{target}.xml"), false));
    }
    doc_rels.push((
        "rIdHeader".into(),
        format!("{REL_TYPE}/header"),
        "header1.xml".into(),
        false,
    ));
    doc_rels.push((
        "rIdFooter".into(),
        format!("{REL_TYPE}/footer"),
        "footer1.xml".into(),
        false,
    ));
    doc_rels.extend(link_rels(&body_links));
    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, picture) in w.pictures.iter().enumerate() {
        let n = i + 1;
        let mut files = vec![("svg", picture.svg.as_bytes().to_vec())];
        if let Some(png) = &picture.png {
            files.push(("png", png.clone()));
        }
        for (ext, bytes) in files {
            let target = format!("media/figure{n}.{ext}");
            doc_rels.push((
                picture_rel(n, ext),
                format!("{REL_TYPE}/image"),
                target.clone(),
                false,
            ));
            media.push((format!("word/{target}"), bytes));
        }
    }

    let mut out = vec![
        ("[Content_Types].xml".to_string(), content_types(!media.is_empty())),
        (
            "_rels/.rels".to_string(),
            rels(&[
                (
                    "rId1".into(),
                    format!("{REL_TYPE}/officeDocument"),
                    "word/document.xml".into(),
                    false,
                ),
                (
                    "rId2".into(),
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties".into(),
                    "docProps/core.xml".into(),
                    false,
                ),
                (
                    "rId3".into(),
                    format!("{REL_TYPE}/extended-properties"),
                    "docProps/app.xml".into(),
                    false,
                ),
                (
                    "rId4".into(),
                    format!("{REL_TYPE}/custom-properties"),
                    "docProps/custom.xml".into(),
                    false,
                ),
            ]),
        ),
        ("docProps/core.xml".to_string(), core_xml(doc)),
        ("docProps/app.xml".to_string(), app_xml()),
        ("docProps/custom.xml".to_string(), custom_xml(doc)),
        ("word/document.xml".to_string(), document),
        ("word/_rels/document.xml.rels".to_string(), rels(&doc_rels)),
        ("word/styles.xml".to_string(), styles_xml(theme, styles, note_label)),
        ("word/numbering.xml".to_string(), numbering_xml(theme, styles, &w.lists)),
        ("word/settings.xml".to_string(), settings_xml(theme)),
        ("word/fontTable.xml".to_string(), font_table_xml(theme)),
        ("word/theme/theme1.xml".to_string(), theme_xml(theme)),
        ("word/footnotes.xml".to_string(), footnotes),
        ("word/header1.xml".to_string(), header_xml(doc, theme, styles)),
        ("word/footer1.xml".to_string(), footer_xml(doc, theme, styles, pagination)),
    ];
    if !note_links.is_empty() {
        out.push((
            "word/_rels/footnotes.xml.rels".to_string(),
            rels(&link_rels(&note_links)),
        ));
    }
    let mut out: Vec<(String, Vec<u8>)> = out
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    out.extend(media);
    Parts(out)
}

impl Parts {
    /// The zip: deflated, every entry dated 1980-01-01 with mode 0644, in the parts' order.
    pub fn zip(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, bytes) in &self.0 {
            z.start_file(name.as_str(), opts)?;
            z.write_all(bytes)?;
        }
        Ok(z.finish()?.into_inner())
    }
}
