//! Tests of the PDF file: text, banners, outline, links, metadata, determinism, diagnostics.

use super::PdfRenderer;
use crate::fixture::sample;
use crate::renderer::{RenderContext, Renderer};
use crate::theme::Theme;

fn render(doc: &crate::doc::Document) -> Vec<u8> {
    let theme = Theme::default_theme();
    let styles = crate::style::StyleSheet::from_theme(&theme);
    let ctx = RenderContext::new(doc, &theme, &styles, "");
    PdfRenderer.render(&ctx).expect("renders")
}

/// Writes the sample for looking at: `BW_SAMPLE_PDF=/tmp/sample.pdf cargo test -- --ignored`.
#[test]
#[ignore]
fn write_sample_for_inspection() {
    let rows: usize = std::env::var("BW_SAMPLE_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(60);
    let path = std::env::var("BW_SAMPLE_PDF").unwrap_or("/tmp/sample.pdf".into());
    std::fs::write(path, render(&sample(rows))).unwrap();
    std::fs::write("/tmp/rich.pdf", render(&rich())).unwrap();
}

/// The sample with prose, long list items, a wrapped table and a warning box, for looking at
/// justification, hyphenation and page breaks.
fn rich() -> crate::doc::Document {
    use crate::doc::{Align, Attr, Block, Inline, Table};
    let t = |s: &str| Inline::Text(s.to_string());
    let prose = "Azerbaijan's relationship with the Alliance has developed steadily since it joined \
        the Partnership for Peace in 1994. Cooperation has focused on interoperability, defence \
        institution building and education, with contributions to Allied operations in Kosovo and \
        Afghanistan. Energy security, connectivity across the Caspian and the normalisation process \
        with Armenia shape the political agenda; Baku values a pragmatic, issue-by-issue engagement \
        that respects its multi-vector foreign policy and its membership of the Non-Aligned Movement.";
    let mut doc = sample(8);
    let mut extra = vec![
        Block::Heading { level: 1, attr: Attr { id: Some("context".into()), classes: vec![] }, content: vec![t("Regional context")] },
        Block::Para(vec![t(prose)]),
        Block::Para(vec![t(prose), Inline::FootnoteRef(1), t(" "), t(prose)]),
        Block::Heading { level: 2, attr: Attr::default(), content: vec![t("Key judgements")] },
        Block::List { start: Some(1), items: vec![
            vec![Block::Para(vec![Inline::Strong(vec![t("High confidence: ")]), t(prose)])],
            vec![Block::Para(vec![Inline::Strong(vec![t("Moderate confidence: ")]), t("Baku will keep its partnership with NATO at a technical level through 2027.")])],
        ]},
        Block::Callout { kind: "warning".into(), title: Some("Watch".into()), blocks: vec![Block::Para(vec![t(prose)])] },
        Block::Heading { level: 3, attr: Attr::default(), content: vec![t("Visits in 2026")] },
        Block::Table(Table {
            align: vec![Align::Left, Align::Left, Align::Default],
            header: vec![vec![t("Date")], vec![t("Visitor")], vec![t("Outcome")]],
            rows: (0..12).map(|i| vec![
                vec![t(&format!("{} March 2026", i + 1))],
                vec![t("Deputy Secretary General")],
                vec![t(if i % 3 == 0 { prose } else { "Talks on the partnership programme and energy security." })],
            ]).collect(),
        }),
        Block::Para(vec![t(prose)]),
        Block::Para(vec![t(prose)]),
        Block::Para(vec![t(prose)]),
    ];
    let at = doc.blocks.len() - 3;
    let tail = doc.blocks.split_off(at);
    doc.blocks.append(&mut extra);
    doc.blocks.extend(tail);
    doc
}

fn load(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("lopdf reads the file")
}

/// Page texts with line-end hyphens joined and whitespace collapsed, as a reader searches.
fn page_texts(pdf: &lopdf::Document) -> Vec<String> {
    let n = pdf.get_pages().len() as u32;
    (1..=n)
        .map(|p| {
            let t = pdf.extract_text(&[p]).expect("text extracts");
            let t = t.replace("-\n", "");
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn extracted_text_holds_the_sample_exactly() {
    let pdf = load(&render(&sample(3)));
    let all = page_texts(&pdf).join(" ");
    for needle in [
        "NATO–Azerbaijan Relations",
        "Azərbaycan: ə ğ ı ş ç ö ü; Русский текст",
        "“quoted” text.",
        "Literal markup: * _ # | [x](y) < & \".",
        "Individually Tailored Partnership Programme",
        "Bottom line up front",
        "Threat 3: Russian hybrid activity",
        "briefwright build briefs/ --as-of 2026-11-22",
        "APA interview with the Deputy Secretary General (2026)",
        "UK Defence Journal, George Allison.",
        "Annex: sources",
    ] {
        assert!(all.contains(needle), "{needle:?} not in {all}");
    }
}

#[test]
fn every_page_has_both_banners_and_its_page_number() {
    let pdf = load(&render(&sample(60)));
    let texts = page_texts(&pdf);
    let m = texts.len();
    assert!(m >= 3, "the sample with 60 rows spans pages: {m}");
    let banner = crate::fixture::meta().classification_line();
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(t.matches(&banner).count(), 2, "page {}: {t}", i + 1);
        assert!(
            t.contains(&format!("Page {} of {m}", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            t.contains("NATO–Azerbaijan Relations"),
            "running title, page {}",
            i + 1
        );
    }
}

fn outline_titles(pdf: &lopdf::Document) -> Vec<(usize, String)> {
    fn title(o: &lopdf::Object) -> String {
        let bytes = o.as_str().expect("title string");
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    }
    fn walk(
        pdf: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut cur = first;
        while let Some(id) = cur {
            let d = pdf.get_dictionary(id).unwrap();
            out.push((depth, title(d.get(b"Title").unwrap())));
            assert!(d.get(b"Dest").is_ok(), "every bookmark has a destination");
            walk(
                pdf,
                d.get(b"First").and_then(|o| o.as_reference()).ok(),
                depth + 1,
                out,
            );
            cur = d.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
    }
    let root = pdf
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = pdf
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .ok();
    let mut out = Vec::new();
    walk(pdf, first, 0, &mut out);
    out
}

#[test]
fn outline_nests_the_headings_and_leaves_out_the_title() {
    let pdf = load(&render(&sample(3)));
    assert_eq!(
        outline_titles(&pdf),
        vec![
            (0, "Recent visits".to_string()),
            (1, "Threat picture".to_string()),
            (0, "Annex: sources".to_string()),
        ]
    );
}

#[test]
fn output_is_byte_identical_across_renders_in_one_process() {
    let doc = sample(20);
    let a = render(&doc);
    let b = render(&doc);
    assert!(a == b, "two renders differ");
    let other = render(&sample(21));
    let id = |bytes: &[u8]| load(bytes).trailer.get(b"ID").unwrap().clone();
    assert_ne!(id(&a), id(&other), "different documents get different /IDs");
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let pdf = load(&render(&sample(3)));
    let mut names = Vec::new();
    for (_, obj) in pdf.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font".as_slice())
            || d.get(b"Subtype").and_then(|t| t.as_name()).ok() != Some(b"Type0".as_slice())
        {
            continue;
        }
        let base =
            String::from_utf8(d.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
        assert!(d.get(b"ToUnicode").is_ok(), "{base} has a ToUnicode map");
        let desc = &d.get(b"DescendantFonts").unwrap().as_array().unwrap()[0];
        let desc = match desc.as_reference() {
            Ok(r) => pdf.get_dictionary(r).unwrap(),
            Err(_) => desc.as_dict().unwrap(),
        };
        let fd = desc.get(b"FontDescriptor").unwrap().as_reference().unwrap();
        let fd = pdf.get_dictionary(fd).unwrap();
        assert!(fd.get(b"FontFile2").is_ok(), "{base} is embedded");
        let (tag, _) = base.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{base}"
        );
        names.push(base);
    }
    names.sort();
    assert!(names.iter().any(|n| n.ends_with("+Carlito")), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("+Carlito-Bold")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("+LiberationMono")),
        "{names:?}"
    );
}

#[test]
fn links_are_borderless_and_reach_their_targets() {
    let pdf = load(&render(&sample(3)));
    let mut uris = Vec::new();
    let mut internal = 0;
    for (_, page) in pdf.get_pages() {
        let p = pdf.get_dictionary(page).unwrap();
        for a in p.get(b"Annots").unwrap().as_array().unwrap() {
            let a = pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
            let border: Vec<f32> = a
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert_eq!(border, vec![0.0, 0.0, 0.0]);
            if let Ok(action) = a.get(b"A") {
                uris.push(
                    String::from_utf8(
                        action
                            .as_dict()
                            .unwrap()
                            .get(b"URI")
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_vec(),
                    )
                    .unwrap(),
                );
            } else {
                assert!(a.get(b"Dest").unwrap().as_array().unwrap()[0]
                    .as_reference()
                    .is_ok());
                internal += 1;
            }
        }
    }
    assert_eq!(uris, vec!["https://www.nato.int/".to_string()]);
    // The annex link, two footnote markers, two notes' back links, one note's source link.
    assert_eq!(internal, 6);
}

#[test]
fn metadata_comes_from_the_memo() {
    let bytes = render(&sample(3));
    let pdf = load(&bytes);
    let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = pdf.get_dictionary(info).unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20261122000000Z"
    );
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    let meta = pdf
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let xmp = String::from_utf8(
        pdf.get_object(meta)
            .unwrap()
            .as_stream()
            .unwrap()
            .content
            .clone(),
    )
    .unwrap();
    assert!(xmp.contains("<xmp:CreateDate>2026-11-22T00:00:00Z</xmp:CreateDate>"));
    assert!(xmp.contains("NATO–Azerbaijan Relations"));
    assert!(bytes.starts_with(b"%PDF-1.7"));
}

#[test]
fn an_uncovered_character_is_a_diagnostic_not_a_box() {
    let mut doc = sample(1);
    doc.blocks
        .push(crate::doc::Block::Para(vec![crate::doc::Inline::Text(
            "Summit in 北京 🙂".into(),
        )]));
    let theme = Theme::default_theme();
    let styles = crate::style::StyleSheet::from_theme(&theme);
    let ctx = RenderContext::new(&doc, &theme, &styles, "");
    let err = PdfRenderer.render(&ctx).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("北 (U+5317)") && text.contains("🙂 (U+1F642)"),
        "{text}"
    );
    assert!(text.contains("paragraph starting \"Summit in"), "{text}");
}

#[test]
fn inserted_hyphens_are_shown_as_soft_hyphens_in_copied_text() {
    let words = "internationalisation institutionalisation characterisation consolidation ";
    let doc = crate::doc::Document {
        blocks: (0..20)
            .map(|_| crate::doc::Block::Para(vec![crate::doc::Inline::Text(words.repeat(5))]))
            .collect(),
        ..sample(0)
    };
    let theme = Theme::default_theme();
    let styles = crate::style::StyleSheet::from_theme(&theme);
    let laid = crate::layout::layout(&doc, &theme, &styles).expect("lays out");
    let inserted = laid
        .pages
        .iter()
        .flat_map(|p| &p.body)
        .filter_map(|i| match i {
            crate::layout::frame::Item::Text(t) => Some(t.glyphs.iter().filter(|g| g.inserted)),
            _ => None,
        })
        .flatten()
        .count();
    assert!(inserted > 5, "only {inserted} inserted hyphens");

    let pdf = load(&render(&doc));
    let mut spans = 0;
    for id in pdf.get_pages().values() {
        let ops = pdf.get_and_decode_page_content(*id).unwrap().operations;
        for (k, op) in ops.iter().enumerate() {
            let Some(lopdf::Object::Dictionary(props)) = op.operands.get(1) else {
                continue;
            };
            if op.operator == "BDC" && props.get(b"ActualText").is_ok() {
                assert_eq!(
                    props.get(b"ActualText").unwrap().as_str().unwrap(),
                    [0xFE, 0xFF, 0x00, 0xAD]
                );
                assert!(matches!(ops[k + 1].operator.as_str(), "TJ" | "Tj"));
                assert_eq!(ops[k + 2].operator, "EMC");
                spans += 1;
            }
        }
    }
    assert_eq!(spans, inserted);
}
