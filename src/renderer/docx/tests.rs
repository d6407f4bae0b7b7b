//! Tests of the DOCX package: parts, styles, header and footer, tables, footnotes, links,
//! properties, determinism and literal text.

use super::DocxRenderer;
use crate::fixture::sample;
use crate::renderer::{RenderContext, Renderer};
use crate::theme::Theme;

fn render(doc: &crate::doc::Document) -> Vec<u8> {
    let theme = Theme::default_theme();
    let styles = crate::style::StyleSheet::from_theme(&theme);
    let ctx = RenderContext::new(doc, &theme, &styles, "");
    DocxRenderer.render(&ctx).expect("renders")
}

/// Writes the sample for looking at: `cargo test docx -- --ignored`, then convert with
/// LibreOffice.
#[test]
#[ignore]
fn write_sample_for_inspection() {
    std::fs::write("/tmp/sample.docx", render(&sample(60))).unwrap();
    std::fs::write("/tmp/rich.docx", render(&rich())).unwrap();
}

/// The sample with prose, nested and continued list items, a warning box holding a list, a
/// table in a list, a `keep` div and a repeated citation, for looking at.
fn rich() -> crate::doc::Document {
    use crate::doc::{Align, Attr, Block, Inline, Table};
    let t = |s: &str| Inline::Text(s.to_string());
    let prose = "Azerbaijan's relationship with the Alliance has developed steadily since it joined \
        the Partnership for Peace in 1994. Cooperation has focused on interoperability, defence \
        institution building and education, with contributions to Allied operations in Kosovo and \
        Afghanistan. Energy security, connectivity across the Caspian and the normalisation process \
        with Armenia shape the political agenda.";
    let p = |s: &str| Block::Para(vec![t(s)]);
    let mut doc = sample(8);
    let extra = vec![
        Block::Heading {
            level: 1,
            attr: Attr {
                id: Some("context".into()),
                classes: vec![],
            },
            content: vec![t("Regional context")],
        },
        Block::Para(vec![
            t(prose),
            Inline::FootnoteRef(1),
            t(" See "),
            Inline::Link {
                url: "#context".into(),
                content: vec![Inline::Code("context".into())],
            },
            t("."),
        ]),
        Block::Heading {
            level: 2,
            attr: Attr::default(),
            content: vec![t("Key judgements")],
        },
        Block::List {
            start: Some(3),
            items: vec![
                vec![
                    Block::Para(vec![Inline::Strong(vec![t("High confidence: ")]), t(prose)]),
                    p("A second paragraph in the same item."),
                    Block::List {
                        start: None,
                        items: vec![
                            vec![p("Nested bullet")],
                            vec![
                                p("Another"),
                                Block::List {
                                    start: Some(1),
                                    items: vec![vec![p("Third level")]],
                                },
                            ],
                        ],
                    },
                ],
                vec![Block::Para(vec![
                    Inline::Strong(vec![t("Moderate confidence: ")]),
                    t("Baku will keep its partnership at a technical level."),
                    Inline::FootnoteRef(1),
                ])],
                vec![Block::Table(Table {
                    align: vec![Align::Left, Align::Right],
                    header: vec![vec![t("Year")], vec![t("Visits")]],
                    rows: vec![vec![vec![t("2025")], vec![t("4")]]],
                })],
            ],
        },
        Block::Callout {
            kind: "warning".into(),
            title: Some("Watch".into()),
            blocks: vec![
                p(prose),
                Block::List {
                    start: None,
                    items: vec![
                        vec![p("Escalation in the South Caucasus")],
                        vec![p("Energy disruption")],
                    ],
                },
            ],
        },
        Block::Div {
            attr: Attr {
                id: Some("kept".into()),
                classes: vec!["keep".into()],
            },
            blocks: vec![
                Block::Heading {
                    level: 3,
                    attr: Attr::default(),
                    content: vec![t("Visits in 2026")],
                },
                p(prose),
                Block::Table(Table {
                    align: vec![Align::Left, Align::Left, Align::Default],
                    header: vec![vec![t("Date")], vec![t("Visitor")], vec![t("Outcome")]],
                    rows: (0..6)
                        .map(|i| {
                            vec![
                                vec![t(&format!("{} March 2026", i + 1))],
                                vec![t("Deputy Secretary General")],
                                vec![t(if i % 3 == 0 {
                                    prose
                                } else {
                                    "Talks on the partnership programme."
                                })],
                            ]
                        })
                        .collect(),
                }),
            ],
        },
        Block::Heading {
            level: 4,
            attr: Attr::default(),
            content: vec![t("A fourth-level heading")],
        },
        Block::Quote(vec![p(prose), p("— Deputy Secretary General")]),
        Block::CodeBlock("line one\n    indented <two> & \"three\"\n".into()),
    ];
    let at = doc.blocks.len() - 3;
    doc.blocks.splice(at..at, extra);
    doc
}

/// The text of every part of the package, by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().to_string(), s);
    }
    parts
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of each paragraph of a part, as a reader sees it (breaks as `\n`).
fn paragraph_texts(xml: &str) -> Vec<String> {
    xml.split("</w:p>")
        .map(|p| {
            let p = p.rfind("<w:p>").map_or(p, |i| &p[i..]);
            let mut text = String::new();
            let mut rest = p;
            while let Some(i) = rest.find('<') {
                text.push_str(&unescape(&rest[..i]));
                let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
                let tag = &rest[i..end];
                if tag == "<w:br/>" {
                    text.push('\n');
                } else if tag == "<w:tab/>" {
                    text.push('\t');
                }
                rest = &rest[end..];
                // Only element text inside w:t counts; instrText would be a field code.
                if tag.starts_with("<w:instrText") {
                    let close = rest.find("</w:instrText>").unwrap_or(0);
                    rest = &rest[close..];
                }
            }
            text
        })
        .collect()
}

/// What a paragraph of these inlines reads in Word: footnote markers are numbered by Word,
/// not written as text.
fn expected_text(inlines: &[crate::doc::Inline]) -> String {
    use crate::doc::Inline;
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                out.push_str(&expected_text(c))
            }
            Inline::LineBreak => out.push('\n'),
            Inline::PageRef(_) => out.push_str("page "),
            Inline::FootnoteRef(_) | Inline::Anchor(_) => {}
        }
    }
    out
}

fn collect_texts(blocks: &[crate::doc::Block], out: &mut Vec<String>) {
    use crate::doc::Block;
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Para(content) => {
                out.push(expected_text(content))
            }
            Block::List { items, .. } => items.iter().for_each(|i| collect_texts(i, out)),
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.push(expected_text(cell));
                }
            }
            Block::Quote(bs) | Block::Div { blocks: bs, .. } => collect_texts(bs, out),
            Block::Callout { title, blocks, .. } => {
                out.extend(title.clone());
                collect_texts(blocks, out);
            }
            Block::CodeBlock(c) => out.push(c.clone()),
            Block::Figure(f) => out.push(f.caption.clone()),
            Block::Rule | Block::PageBreak => {}
        }
    }
}

#[test]
fn every_paragraph_of_the_sample_is_in_the_document() {
    let doc = sample(5);
    let parts = unzip(&render(&doc));
    let paras = paragraph_texts(&parts["word/document.xml"]);
    let mut expected = Vec::new();
    collect_texts(&doc.blocks, &mut expected);
    assert!(expected.len() > 30);
    for e in expected {
        assert!(paras.contains(&e), "missing paragraph {e:?}");
    }
    let notes = paragraph_texts(&parts["word/footnotes.xml"]);
    for n in &doc.footnotes {
        let mut want = Vec::new();
        collect_texts(&n.blocks, &mut want);
        for w in want {
            // The number hangs: a tab after it reaches the note's text.
            assert!(notes.contains(&format!("\t{w}")), "missing note {w:?}");
        }
    }
}

#[test]
fn the_package_has_every_part_and_relationship() {
    let parts = unzip(&render(&sample(3)));
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/footnotes.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/fontTable.xml",
    ] {
        assert!(parts.contains_key(name), "{name}");
    }
    let rels = &parts["word/_rels/document.xml.rels"];
    for target in [
        "styles.xml",
        "numbering.xml",
        "footnotes.xml",
        "header1.xml",
        "footer1.xml",
    ] {
        assert!(rels.contains(&format!("Target=\"{target}\"")), "{target}");
    }
    // Every part is plain XML text: no control character XML 1.0 forbids.
    for (name, text) in &parts {
        assert!(
            !text
                .chars()
                .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')),
            "{name}"
        );
    }
}

#[test]
fn styles_are_named_with_outline_levels_and_a_default_normal() {
    let parts = unzip(&render(&sample(1)));
    let styles = &parts["word/styles.xml"];
    for id in [
        "Title",
        "Subtitle",
        "ListBullet",
        "ListNumber",
        "Quote",
        "CalloutTitle",
        "MemoTable",
        "FootnoteText",
        "FootnoteReference",
        "Hyperlink",
        "SourceCode",
    ] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
    }
    assert!(styles.contains("w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\""));
    assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1);
    assert!(styles.contains("<w:rFonts w:ascii=\"Calibri\""));
    for level in 1..=3 {
        let at = styles
            .find(&format!("w:styleId=\"Heading{level}\""))
            .unwrap();
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(style.contains(&format!("<w:outlineLvl w:val=\"{}\"/>", level - 1)));
        assert!(style.contains("<w:keepNext/>"));
    }
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:pStyle w:val=\"Title\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Subtitle\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Quote\"/>"));
}

#[test]
fn header_and_footer_carry_the_banner_and_page_fields() {
    let doc = sample(1);
    let parts = unzip(&render(&doc));
    let line = doc.meta.classification_line();
    let theme = Theme::default_theme();
    let colour = theme.banner_colour(&doc.meta.classification).hex();
    for part in ["word/header1.xml", "word/footer1.xml"] {
        let xml = &parts[part];
        assert!(xml.contains(&line), "{part}");
        assert!(
            xml.contains(&format!("<w:color w:val=\"{colour}\"/>")),
            "{part}"
        );
        assert!(xml.contains("<w:jc w:val=\"center\"/>"), "{part}");
    }
    let footer = &parts["word/footer1.xml"];
    assert!(footer.contains("> PAGE </w:instrText>"));
    assert!(footer.contains("> NUMPAGES </w:instrText>"));
    assert!(footer.contains(&doc.meta.reference));
    assert!(parts["word/header1.xml"].contains(&doc.meta.title));
    let body = &parts["word/document.xml"];
    assert!(body.contains("<w:headerReference w:type=\"default\""));
    assert!(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
}

#[test]
fn the_table_header_repeats_and_rows_do_not_split() {
    let parts = unzip(&render(&sample(40)));
    let doc = &parts["word/document.xml"];
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1);
    assert_eq!(doc.matches("<w:cantSplit/>").count(), 41);
    assert!(doc.contains("<w:jc w:val=\"right\"/>"));
    assert!(doc.contains("<w:jc w:val=\"center\"/>"));
    // Column widths fill the text width (166 mm).
    let at = doc.find("<w:tblGrid>").unwrap();
    let grid = &doc[at..at + doc[at..].find("</w:tblGrid>").unwrap()];
    let sum: i64 = grid
        .split("w:w=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse::<i64>().unwrap())
        .sum();
    assert_eq!(sum, super::xml::mm(166.0));
}

#[test]
fn citations_become_footnotes() {
    let parts = unzip(&render(&sample(1)));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:footnoteReference w:id=\"2\"/>"));
    assert!(doc.contains("<w:footnoteReference w:id=\"3\"/>"));
    let notes = &parts["word/footnotes.xml"];
    assert!(notes.contains("<w:footnote w:id=\"2\">"));
    assert!(notes.contains("UK Defence Journal, George Allison."));
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 2);
    assert!(parts["word/settings.xml"].contains("<w:footnotePr>"));
}

#[test]
fn links_are_hyperlinks_with_relationships_or_bookmarks() {
    let parts = unzip(&render(&sample(1)));
    let doc = &parts["word/document.xml"];
    let rels = &parts["word/_rels/document.xml.rels"];
    assert!(doc.contains("<w:hyperlink r:id=\"rIdH1\""));
    assert!(rels.contains(
        "Id=\"rIdH1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://www.nato.int/\" TargetMode=\"External\""
    ));
    // Internal links point at bookmarks made from heading ids and anchors.
    assert!(doc.contains("<w:hyperlink w:anchor=\"sources\""));
    assert!(doc.contains("w:name=\"sources\"/>"));
    assert!(doc.contains("w:name=\"recent_visits\"/>"));
    assert!(doc.contains("w:name=\"src_apa_interview\"/>"));
    assert!(parts["word/footnotes.xml"].contains("w:anchor=\"src_apa_interview\""));
}

#[test]
fn core_properties_come_from_the_meta() {
    let parts = unzip(&render(&sample(1)));
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>NATO–Azerbaijan Relations</dc:title>"));
    assert!(core.contains("<dc:creator>briefwright analyst desk</dc:creator>"));
    assert!(core.contains("<cp:keywords>NATO, Azerbaijan</cp:keywords>"));
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-22T00:00:00Z</dcterms:created>"
    ));
    assert!(core.contains(
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-22T00:00:00Z</dcterms:modified>"
    ));
}

#[test]
fn two_renders_are_byte_identical() {
    let doc = sample(30);
    assert_eq!(render(&doc), render(&doc));
}

#[test]
fn literal_characters_survive_and_forbidden_ones_are_dropped() {
    use crate::doc::{Block, Inline};
    let mut doc = sample(1);
    doc.blocks.push(Block::Para(vec![Inline::Text(
        "a\u{1}b\u{FFFE}c\u{1F} <tag> & \"q\" 'a' **x** [x](y) #h".into(),
    )]));
    doc.meta.title = "T <&> \u{7}".into();
    let parts = unzip(&render(&doc));
    let paras = paragraph_texts(&parts["word/document.xml"]);
    assert!(paras.contains(&"abc <tag> & \"q\" 'a' **x** [x](y) #h".to_string()));
    assert!(paras
        .iter()
        .any(|p| p.starts_with("Radmila") && p.contains("* _ # | [x](y) < & \".")));
    assert!(parts["docProps/core.xml"].contains("<dc:title>T &lt;&amp;&gt; </dc:title>"));
}

#[test]
fn lists_have_their_own_numbering_and_start() {
    use crate::doc::{Block, Inline};
    let mut doc = sample(1);
    let item = |s: &str| vec![Block::Para(vec![Inline::Text(s.into())])];
    doc.blocks.push(Block::List {
        start: Some(5),
        items: vec![item("five"), item("six")],
    });
    let parts = unzip(&render(&doc));
    let numbering = &parts["word/numbering.xml"];
    // The sample's bullet and nested list, and this one: three definitions, three instances.
    assert_eq!(numbering.matches("<w:abstractNum ").count(), 3);
    assert_eq!(numbering.matches("<w:num ").count(), 3);
    assert!(numbering.contains("<w:start w:val=\"5\"/>"));
    assert!(numbering.contains("<w:numFmt w:val=\"bullet\"/>"));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/></w:numPr>"));
    assert!(doc.contains("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr>"));
}

#[test]
fn a_page_break_starts_the_annex_on_a_new_page() {
    let parts = unzip(&render(&sample(1)));
    let doc = &parts["word/document.xml"];
    let at = doc.find("<w:pageBreakBefore/>").expect("a page break");
    assert!(doc[at..].starts_with("<w:pageBreakBefore/></w:pPr><w:bookmarkStart"));
    assert_eq!(doc.matches("<w:pageBreakBefore/>").count(), 1);
}

/// The paragraphs of `xml` in order, each as its `<w:p>…</w:p>` text.
fn paragraphs(xml: &str) -> Vec<&str> {
    xml.split("<w:p>").skip(1).collect()
}

#[test]
fn a_keep_div_keeps_its_paragraphs_together_and_its_id_is_a_bookmark() {
    use crate::doc::{Attr, Block, Inline};
    let mut doc = sample(1);
    let p = |s: &str| Block::Para(vec![Inline::Text(s.into())]);
    // A nested list last, as the annex's source entries end: its items are kept too.
    doc.blocks = vec![
        Block::Div {
            attr: Attr {
                id: Some("kept-1".into()),
                classes: vec!["keep".into()],
            },
            blocks: vec![
                p("one"),
                p("two"),
                Block::List {
                    start: None,
                    items: vec![vec![p("three")], vec![p("four")]],
                },
            ],
        },
        p("after"),
    ];
    let parts = unzip(&render(&doc));
    let xml = &parts["word/document.xml"];
    let paras = paragraphs(xml);
    let text = |p: &str| paragraph_texts(&format!("<w:p>{p}")).concat();
    let kept: Vec<&str> = paras
        .iter()
        .copied()
        .filter(|p| ["one", "two", "three", "four"].contains(&text(p).as_str()))
        .collect();
    assert_eq!(kept.len(), 4);
    for (i, para) in kept.iter().enumerate() {
        assert!(para.contains("<w:keepLines/>"), "{}", text(para));
        assert_eq!(
            para.contains("<w:keepNext/>"),
            i + 1 < kept.len(),
            "{}",
            text(para)
        );
    }
    assert!(xml.contains("w:name=\"kept_1\"/>"));
}

#[test]
fn consecutive_quotations_stay_apart() {
    use crate::doc::{Block, Inline};
    let mut doc = sample(1);
    let quote = |s: &str| Block::Quote(vec![Block::Para(vec![Inline::Text(s.into())])]);
    doc.blocks = vec![quote("first"), quote("second")];
    let parts = unzip(&render(&doc));
    let paras = paragraphs(&parts["word/document.xml"]);
    let quoted: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].contains("<w:pStyle w:val=\"Quote\"/>"))
        .collect();
    assert_eq!(quoted.len(), 2);
    // Something that is not a quote paragraph lies between them, so Word draws two boxes.
    assert!(quoted[1] > quoted[0] + 1);
}

#[test]
fn the_page_count_field_holds_the_layouts_page_count() {
    let doc = sample(120);
    let pages = {
        let theme = Theme::default_theme();
        let styles = crate::style::StyleSheet::from_theme(&theme);
        crate::layout::layout(&doc, &theme, &styles)
            .unwrap()
            .pages
            .len()
    };
    assert!(pages > 2);
    let footer = &unzip(&render(&doc))["word/footer1.xml"];
    let after = footer.split("> NUMPAGES </w:instrText>").nth(1).unwrap();
    // The cached result: the text of the first run after the field's separator.
    let result = after.split("w:fldCharType=\"separate\"/>").nth(1).unwrap();
    let shown = paragraph_texts(&format!(
        "<w:p>{}</w:p>",
        result.split("</w:r>").nth(1).unwrap()
    ));
    assert_eq!(shown[0], pages.to_string());
}

#[test]
fn a_keep_div_taller_than_a_page_breaks_in_word_as_in_the_layout() {
    use crate::doc::{Attr, Block, Inline};
    let mut doc = sample(1);
    let keep = |n: usize| Block::Div {
        attr: Attr {
            id: None,
            classes: vec!["keep".into()],
        },
        blocks: (0..n)
            .map(|i| Block::Para(vec![Inline::Text(format!("Line {i}."))]))
            .collect(),
    };
    doc.blocks = vec![keep(200), keep(3)];
    let xml = &unzip(&render(&doc))["word/document.xml"];
    // Only the short div is kept: two paragraphs keep with the next, none of the tall one's.
    assert_eq!(xml.matches("<w:keepNext/>").count(), 2);
    assert_eq!(xml.matches("<w:keepLines/>").count(), 3);
}
