//! The shipped briefs, end to end through the library: the facts of the data reach the text of
//! the DOCX, the PDF and the Markdown; values print literally; the tree matches its snapshot;
//! the PDF keeps its page furniture and a long table's header on every page.

mod common;
use common::*;

use briefwright::brief::Format;
use briefwright::data::load::load_brief;
use briefwright::pipeline::{prepare, Prepared};
use briefwright::renderer::{for_format, RenderContext};
use chrono::NaiveDate;
use std::io::Read;
use std::path::{Path, PathBuf};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefs")
        .join(format!("{name}.json"))
}

fn render(p: &Prepared, format: Format) -> Vec<u8> {
    let ctx = RenderContext::new(
        &p.versions[0].doc,
        &p.theme,
        &p.styles,
        &p.versions[0].markdown,
    );
    for_format(format)
        .render(&ctx)
        .unwrap_or_else(|d| panic!("{format:?} render failed:\n{d}"))
}

fn prepared(path: &Path) -> Prepared {
    prepare(path, as_of(), Default::default(), &Default::default())
        .unwrap_or_else(|d| panic!("{}:\n{d}", path.display()))
}

/// The text of word/document.xml, paragraph by paragraph, entities decoded.
fn docx_text(bytes: &[u8]) -> String {
    let xml = docx_part(bytes, "word/document.xml");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let (_, tag_on) = rest.split_at(i);
        let end = tag_on.find('>').expect("closed tag");
        let tag = &tag_on[..=end];
        rest = &tag_on[end + 1..];
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") {
            let close = rest.find("</w:t>").expect("closed w:t");
            out.push_str(&rest[..close]);
            rest = &rest[close..];
        } else if tag == "</w:p>" || tag.starts_with("<w:br") || tag.starts_with("<w:tab") {
            out.push(if tag == "</w:p>" { '\n' } else { ' ' });
        }
    }
    straight_quotes(
        &out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The PDF's page texts with line-end hyphens joined and whitespace collapsed.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
    let n = pdf.get_pages().len() as u32;
    (1..=n)
        .map(|p| {
            let t = pdf.extract_text(&[p]).expect("text extracts");
            collapse(&straight_quotes(&t.replace("-\n", "")))
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with typographic quotes straightened: typography curls the data's straight quotes
/// and apostrophes, and the facts are compared as the data has them.
fn straight_quotes(s: &str) -> String {
    s.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

/// What a reader must find in a brief: every visitor, programme name and threat title of the
/// data (only the focus record's visitor for a single-visit brief).
fn facts(path: &Path) -> Vec<String> {
    let brief = load_brief(path, false).expect("the shipped brief loads");
    if let Some(focus) = &brief.file.focus {
        let visit = brief.data.visits.iter().find(|v| &v.id == focus).unwrap();
        return vec![visit.visitor.name.clone()];
    }
    let d = &brief.data;
    d.visits
        .iter()
        .map(|v| v.visitor.name.clone())
        .chain(d.programmes.iter().map(|p| p.name.clone()))
        .chain(d.threats.iter().map(|t| t.title.clone()))
        .collect()
}

#[test]
fn every_fact_of_the_data_reaches_docx_pdf_and_markdown() {
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        let path = shipped(name);
        let p = prepared(&path);
        let docx = collapse(&docx_text(&render(&p, Format::Docx)));
        let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
        let md = String::from_utf8(render(&p, Format::Md)).unwrap();
        let facts = facts(&path);
        assert!(!facts.is_empty());
        for fact in facts {
            assert!(docx.contains(&fact), "{name}.docx lacks {fact:?}");
            assert!(pdf.contains(&fact), "{name}.pdf lacks {fact:?}");
            assert!(md.contains(&fact), "{name}.md lacks {fact:?}");
        }
    }
}

#[test]
fn every_pdf_page_carries_banners_running_title_and_page_number() {
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        let p = prepared(&shipped(name));
        let pages = pdf_pages(&render(&p, Format::Pdf));
        let banner = p.versions[0].doc.meta.classification_line();
        let m = pages.len();
        for (i, text) in pages.iter().enumerate() {
            assert_eq!(text.matches(&banner).count(), 2, "{name} page {}", i + 1);
            assert!(
                text.contains(&format!("Page {} of {m}", i + 1)),
                "{name} page {}",
                i + 1
            );
            assert!(
                text.contains(&straight_quotes(&p.versions[0].doc.meta.title)),
                "{name} page {}",
                i + 1
            );
        }
    }
}

#[test]
fn the_visit_brief_fits_one_page() {
    let p = prepared(&shipped("shekerinska-visit"));
    assert_eq!(pdf_pages(&render(&p, Format::Pdf)).len(), 1);
}

/// A copy of the shipped briefs in a temporary folder, to change data without touching them.
fn copy_briefs() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("briefs");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs"), &root);
    (dir, root)
}

fn edit_json(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn markup_in_values_prints_literally_in_every_format() {
    let nasty = "Ops *bold* _it_ #1 | pipe [x](y) <b> & \"q\"";
    let (_dir, root) = copy_briefs();
    edit_json(&root.join("data/threats.json"), |v| {
        v["threats"][0]["title"] = nasty.into();
    });
    edit_json(&root.join("data/visits.json"), |v| {
        v["visits"][0]["place"] = "Line one\nLine two <i>".into();
    });
    let p = prepared(&root.join("nato-azerbaijan.json"));
    let docx = docx_text(&render(&p, Format::Docx));
    let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
    assert!(docx.contains(nasty), "DOCX: {docx}");
    assert!(pdf.contains(nasty), "PDF: {pdf}");
    assert!(docx.contains("Line one Line two <i>") || docx.contains("Line one\nLine two <i>"));
    assert!(pdf.contains("Line one Line two <i>"), "PDF: {pdf}");
    // The Markdown escapes the value so that any CommonMark reader prints it literally: the tree
    // read back from it holds the value as text.
    let text = straight_quotes(&p.versions[0].doc.dump());
    assert!(text.contains(nasty), "{text}");
}

#[test]
fn the_country_brief_tree_matches_its_snapshot() {
    let p = prepared(&shipped("nato-azerbaijan"));
    let snapshot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/nato-azerbaijan.tree");
    let dump = p.versions[0].doc.dump();
    if let Err(e) = check_golden(&snapshot, &dump) {
        panic!("the tree changed: {e}");
    }
}

#[test]
fn a_thousand_threats_paginate_with_the_table_header_on_every_page() {
    use briefwright::layout::frame::Item;
    let (_dir, root) = copy_briefs();
    edit_json(&root.join("data/threats.json"), |v| {
        let first = v["threats"][0].clone();
        let many: Vec<serde_json::Value> = (0..1000)
            .map(|i| {
                let mut t = first.clone();
                t["id"] = format!("threat-{i}").into();
                t["title"] = format!("Scaled threat {i}").into();
                t
            })
            .collect();
        v["threats"] = many.into();
    });
    let p = prepared(&root.join("nato-azerbaijan.json"));
    let pages = pdf_pages(&render(&p, Format::Pdf));
    assert!(pages.len() > 20, "{} pages", pages.len());
    // A row of the threat table reads "Scaled threat 12 Very likely (80–95%) …"; the detail
    // section of the same threat has no estimative band after its title.
    let has_row = |t: &str| {
        t.match_indices("Scaled threat ").any(|(i, _)| {
            let after: String = t[i..].chars().take(45).collect();
            after.contains("%)")
        })
    };
    let table_pages: Vec<&String> = pages.iter().filter(|t| has_row(t)).collect();
    assert!(table_pages.len() > 10, "{} table pages", table_pages.len());
    // Every page showing rows of the threat table shows its header too.
    for t in &table_pages {
        assert!(
            t.contains("Threat Likelihood Impact Trend Confidence"),
            "{t}"
        );
    }
    let all = pages.join(" ");
    for i in [0, 499, 999] {
        assert!(all.contains(&format!("Scaled threat {i}")));
    }
    // The threat matrix's one crowded cell shows its first markers and how many more there
    // are; its key lists all thousand, over pages, and nothing is drawn outside the text area.
    let more: Vec<usize> = all
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('+')?.parse().ok())
        .collect();
    assert!(
        matches!(more[..], [n] if (900..1000).contains(&n)),
        "the crowded cell's count: {more:?}"
    );
    assert!(all.contains("Scaled threat 999 — very likely, high impact"));
    let laid = briefwright::layout::layout(&p.versions[0].doc, &p.theme, &p.styles).unwrap();
    let body = laid.body;
    for (n, page) in laid.pages.iter().enumerate() {
        for item in &page.body {
            let (top, bottom) = match item {
                Item::Text(t) => (t.y - t.ascent, t.y + t.descent),
                Item::Rect(r) => (r.rect.y, r.rect.y + r.rect.h),
                Item::Shape(sh) => sh
                    .path
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(a, b), q| (a.min(q.y), b.max(q.y))),
                Item::Link { .. } | Item::Dest { .. } => continue,
            };
            assert!(
                top >= body.y - 1.0 && bottom <= body.y + body.h + 1.0,
                "page {}: {item:?} outside the text area",
                n + 1
            );
        }
    }
}

/// The seeds date Shekerinska's visit and her APA interview only to "not before September
/// 2025, not after 2026": the data keeps the bounds and every output prints the uncertainty.
#[test]
fn the_shekerinska_dates_stay_uncertain_in_data_and_print() {
    let brief = load_brief(&shipped("nato-azerbaijan"), false).unwrap();
    let visit = brief
        .data
        .visits
        .iter()
        .find(|v| v.id == "shekerinska-2026")
        .unwrap();
    assert_eq!(visit.start.to_string(), "2025-09/2026");
    let apa = brief
        .data
        .sources
        .iter()
        .find(|s| s.id == "apa-shekerinska-interview")
        .unwrap();
    assert_eq!(apa.date.unwrap().to_string(), "2025-09/2026");
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        let p = prepared(&shipped(name));
        let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
        let docx = collapse(&docx_text(&render(&p, Format::Docx)));
        for (format, text) in [("pdf", &pdf), ("docx", &docx)] {
            assert!(
                text.contains("late 2025 or 2026"),
                "{name}.{format} lacks the uncertain date"
            );
            for settled in ["Shekerinska, 2026", "APA, 2026", "(2026)", "in 2026 both"] {
                assert!(
                    !text.contains(settled),
                    "{name}.{format} still prints {settled:?}"
                );
            }
        }
    }
}

/// Acronyms print as if sourced, so a programme carries only one a seed prints: NACC, EAPC and
/// SPS appear in no source and must not reach the outputs.
#[test]
fn programme_acronyms_are_only_those_the_sources_print() {
    let brief = load_brief(&shipped("nato-azerbaijan"), false).unwrap();
    let acronyms: Vec<&str> = brief
        .data
        .programmes
        .iter()
        .filter_map(|p| p.acronym.as_deref())
        .collect();
    assert_eq!(acronyms, ["PfP", "PARP", "DEEP", "ITPP", "ISAF"]);
    let p = prepared(&shipped("nato-azerbaijan"));
    let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
    for unsourced in ["NACC", "EAPC", "SPS"] {
        assert!(!pdf.contains(unsourced), "the PDF prints {unsourced}");
    }
}

/// Stoltenberg's meeting with the Foreign Minister is only announced ("will meet"): the data
/// marks it scheduled, and both templates print the mark where counterparts print.
#[test]
fn a_scheduled_counterpart_prints_as_not_confirmed() {
    let brief = load_brief(&shipped("nato-azerbaijan"), false).unwrap();
    let scheduled: Vec<(&str, &str)> = brief
        .data
        .visits
        .iter()
        .flat_map(|v| v.counterparts.iter().map(move |c| (v, c)))
        .filter(|(_, c)| c.scheduled)
        .map(|(v, c)| (v.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(scheduled, [("stoltenberg-2024", "Jeyhun Bayramov")]);
    let p = prepared(&shipped("nato-azerbaijan"));
    let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
    assert_eq!(
        pdf.matches("Jeyhun Bayramov, Foreign Minister (Azerbaijan) — meeting scheduled, not confirmed by the sources")
            .count(),
        1
    );

    let (_dir, root) = copy_briefs();
    edit_json(&root.join("data/visits.json"), |v| {
        v["visits"][2]["counterparts"][0]["scheduled"] = true.into();
    });
    let p = prepared(&root.join("shekerinska-visit.json"));
    let md = String::from_utf8(render(&p, Format::Md)).unwrap();
    assert!(
        md.contains(
            "Jeyhun Bayramov (Foreign Minister; meeting scheduled, not confirmed by the sources); Sahiba Gafarova"
        ),
        "{md}"
    );
}

/// Both writers set a table's columns alike: the DOCX grid holds the widths the layout draws
/// (measured text plus padding), to within rounding to twips.
#[test]
fn docx_table_columns_are_the_layouts_columns() {
    use briefwright::doc::Block;
    use briefwright::layout::{fonts::FontSet, page_geometry, table::column_widths};
    let p = prepared(&shipped("nato-azerbaijan"));
    let (_, _, body) = page_geometry(&p.theme);
    let mut fonts = FontSet::new();
    // The tables at full width, in document order (divs do not indent).
    fn tables<'a>(blocks: &'a [Block], out: &mut Vec<&'a briefwright::doc::Table>) {
        for b in blocks {
            match b {
                Block::Table(t) => out.push(t),
                Block::Div { blocks, .. } => tables(blocks, out),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    tables(&p.versions[0].doc.blocks, &mut found);
    let drawn: Vec<Vec<f32>> = found
        .into_iter()
        .map(|t| {
            column_widths(&mut fonts, &p.styles, t, body.w)
                .iter()
                .map(|w| w + 2.0 * p.styles.table.padding_x)
                .collect()
        })
        .collect();
    let xml = docx_part(&render(&p, Format::Docx), "word/document.xml");
    let grids: Vec<Vec<f32>> = xml
        .split("<w:tblGrid>")
        .skip(1)
        .map(|g| {
            g.split("</w:tblGrid>")
                .next()
                .unwrap()
                .split("w:w=\"")
                .skip(1)
                .map(|w| w.split('"').next().unwrap().parse::<f32>().unwrap() / 20.0)
                .collect::<Vec<f32>>()
        })
        // Callouts are one-cell tables in Word.
        .filter(|g| g.len() > 1)
        .collect();
    assert_eq!(grids.len(), drawn.len());
    assert_eq!(drawn.len(), 3, "the programme, threat and glossary tables");
    let mut worst = 0.0f32;
    for (grid, widths) in grids.iter().zip(&drawn) {
        assert_eq!(grid.len(), widths.len());
        for (g, w) in grid.iter().zip(widths) {
            worst = worst.max((g - w).abs() / body.w);
        }
    }
    assert!(
        worst < 0.005,
        "a column differs by {:.2}% of the text width",
        worst * 100.0
    );
}

fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The contents list every section with the page its heading is on, linked to it: in the PDF
/// as text and links, in the DOCX as a TOC field whose entries and PAGEREF results are already
/// filled in (Word need not update fields, and the settings do not ask it to). Page
/// references in the text ("page N") hold the same pages.
#[test]
fn the_contents_list_each_section_with_its_page_in_both_formats() {
    use briefwright::layout::frame::{Item, Target};
    let p = prepared(&shipped("nato-azerbaijan"));
    let doc = &p.versions[0].doc;
    let entries = doc.contents();
    assert_eq!(entries.len(), 9, "{entries:?}");
    let laid = briefwright::layout::layout(doc, &p.theme, &p.styles).unwrap();
    let page_of = |id: &str| {
        1 + laid
            .pages
            .iter()
            .position(|pg| {
                pg.body
                    .iter()
                    .any(|i| matches!(i, Item::Dest { name, .. } if name == id))
            })
            .expect("the heading is laid out")
    };
    let pages: Vec<usize> = entries.iter().map(|e| page_of(&e.id)).collect();
    assert_eq!(pages.first(), Some(&1));
    assert!(
        pages.windows(2).all(|w| w[0] <= w[1]) && pages[8] > 8,
        "{pages:?}"
    );

    let pdf = pdf_pages(&render(&p, Format::Pdf));
    for (e, page) in entries.iter().zip(&pages) {
        let title = straight_quotes(&e.title);
        assert!(
            pdf[0].contains(&format!("{title} {page}")),
            "{title} {page}"
        );
        assert!(
            pdf[page - 1].contains(&title),
            "{title} is not on page {page}"
        );
        let linked = laid.pages[0]
            .body
            .iter()
            .any(|i| matches!(i, Item::Link { target: Target::Internal(t), .. } if *t == e.id));
        assert!(linked, "{title} is not linked");
    }

    let docx = render(&p, Format::Docx);
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains("TOC \\o &quot;2-2&quot; \\h \\z \\u"));
    let cached: Vec<usize> = xml
        .split("> PAGEREF ")
        .skip(1)
        .map(|rest| {
            let result = rest
                .split("w:fldCharType=\"separate\"/></w:r>")
                .nth(1)
                .unwrap();
            let t = result.split("<w:t>").nth(1).unwrap();
            t.split("</w:t>").next().unwrap().parse().unwrap()
        })
        .collect();
    // The contents come first; then the page references of the text ("page N").
    assert_eq!(cached[..pages.len()], pages[..]);
    let referenced = [page_of("threats"), page_of("annex-sources")];
    assert_eq!(cached[pages.len()..], referenced);
    // lopdf puts a space between a link's run and the text after it.
    let text = pdf.join(" ").replace(" ;", ";").replace(" .", ".");
    let at = text
        .find("assessed under Threat picture")
        .expect("the sentence");
    let want = format!(
        "assessed under Threat picture, page {}; every source is listed in Annex A, page {}.",
        referenced[0], referenced[1]
    );
    assert_eq!(&text[at..at + want.len()], want);
    assert!(!docx_part(&docx, "word/settings.xml").contains("updateFields"));
    assert!(docx_part(&docx, "word/styles.xml").contains("w:styleId=\"TOC2\""));
}

/// The country brief's three charts, in both formats: in the PDF each is drawn in vectors (no
/// picture anywhere in the file) and captioned "Figure N." on the page its heading is on; in
/// the DOCX each is a picture (SVG with a PNG fallback, both in the package and related) whose
/// alt text names every record the chart shows, followed by its caption with a SEQ field
/// holding the number.
#[test]
fn the_charts_are_drawn_captioned_and_described_in_both_formats() {
    let path = shipped("nato-azerbaijan");
    let p = prepared(&path);
    let brief = load_brief(&path, false).unwrap();
    let d = &brief.data;

    let pdf_bytes = render(&p, Format::Pdf);
    let pdf = lopdf::Document::load_mem(&pdf_bytes).unwrap();
    let images = pdf.objects.values().filter(|o| {
        o.as_stream().is_ok_and(|s| {
            s.dict
                .get(b"Subtype")
                .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
        })
    });
    assert_eq!(images.count(), 0, "the PDF's charts are vectors");
    let pages = pdf_pages(&pdf_bytes);
    let captions = [
        ("Figure 1. Official visits", "visits"),
        ("Figure 2. Azerbaijan's programmes", "programmes"),
        ("Figure 3. Threats by likelihood and impact", "threats"),
    ];
    let laid = briefwright::layout::layout(&p.versions[0].doc, &p.theme, &p.styles).unwrap();
    for (caption, section) in captions {
        let on = pages
            .iter()
            .position(|t| t.contains(caption))
            .unwrap_or_else(|| panic!("{caption}"));
        assert_eq!(Some(&(on + 1)), laid.dest_pages.get(section), "{caption}");
    }
    // The matrix's key lists every threat with its terms; the timelines every visitor and
    // every programme (long names may wrap in the label column, so words are compared).
    let all = pages.join(" ");
    for t in &d.threats {
        let key = format!(
            "{} — {}, {} impact",
            straight_quotes(&t.title),
            t.assessment.likelihood.term(),
            t.assessment.impact.label().to_lowercase()
        );
        assert!(all.contains(&key), "{key}");
    }

    let docx = render(&p, Format::Docx);
    let xml = docx_part(&docx, "word/document.xml");
    let rels = docx_part(&docx, "word/_rels/document.xml.rels");
    let types = docx_part(&docx, "[Content_Types].xml");
    assert!(types.contains("Extension=\"svg\" ContentType=\"image/svg+xml\""));
    assert!(types.contains("Extension=\"png\" ContentType=\"image/png\""));
    let alts: Vec<String> = xml
        .split("<wp:docPr ")
        .skip(1)
        .map(|s| {
            let descr = s.split("descr=\"").nth(1).unwrap();
            straight_quotes(&descr[..descr.find('"').unwrap()].replace("&apos;", "'"))
        })
        .collect();
    assert_eq!(alts.len(), 3, "one picture per chart");
    assert!(
        alts[0].starts_with("Timeline of visits, 2022 to 2026:"),
        "{}",
        alts[0]
    );
    assert!(
        alts[1].starts_with("Timeline of programmes and missions, 1992 to 2026:"),
        "{}",
        alts[1]
    );
    assert!(
        alts[2].starts_with("Threat matrix of 7 threats"),
        "{}",
        alts[2]
    );
    for v in &d.visits {
        assert!(alts[0].contains(&v.visitor.name), "{}", v.visitor.name);
    }
    for prog in &d.programmes {
        assert!(
            alts[1].contains(&straight_quotes(&prog.name)),
            "{}",
            prog.name
        );
    }
    for t in &d.threats {
        let described = format!(
            "{}: {}",
            straight_quotes(&t.title),
            t.assessment.likelihood.term()
        );
        assert!(alts[2].contains(&described), "{described}");
    }
    for n in 1..=3 {
        for ext in ["svg", "png"] {
            let target = format!("media/figure{n}.{ext}");
            assert!(
                rels.contains(&format!("Id=\"rIdFig{n}{}\"", ext.to_uppercase())),
                "{target}"
            );
            assert!(rels.contains(&target), "{target}");
            let part = {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
                let mut bytes = Vec::new();
                zip.by_name(&format!("word/{target}"))
                    .unwrap()
                    .read_to_end(&mut bytes)
                    .unwrap();
                bytes
            };
            match ext {
                "png" => assert_eq!(&part[..4], b"\x89PNG"),
                _ => assert!(String::from_utf8(part).unwrap().starts_with("<svg ")),
            }
        }
        assert!(xml.contains(&format!("r:embed=\"rIdFig{n}PNG\"><a:extLst>")));
        assert!(xml.contains(&format!("<asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"rIdFig{n}SVG\"/>")));
    }
    let text = docx_text(&docx);
    assert_eq!(xml.matches("SEQ Figure \\* ARABIC").count(), 3);
    assert_eq!(
        xml.matches("<w:pStyle w:val=\"FigureCaption\"/>").count(),
        3
    );
    assert!(!xml.contains("<w:rPr><w:rPr>"), "run properties nest once");
    for (caption, _) in captions {
        assert!(text.contains(caption), "{caption}");
    }
}

/// The glossary lists the abbreviations the memo prints and only those: the programmes'
/// acronyms and the curated terms, each with its expansion, sorted, in both formats. A curated
/// term the memo never uses is left out, and one the text starts using comes in.
#[test]
fn the_glossary_lists_exactly_the_abbreviations_the_memo_uses() {
    let (_dir, root) = copy_briefs();
    edit_json(&root.join("data/glossary.json"), |v| {
        let terms = v["terms"].as_array_mut().unwrap();
        let mut unused = terms[0].clone();
        unused["id"] = "qzx".into();
        unused["abbreviation"] = "QZX".into();
        unused["expansion"] = "An abbreviation no text uses".into();
        terms.push(unused);
    });
    let glossary = |p: &Prepared| -> Vec<String> {
        let md = &p.versions[0].markdown;
        let at = md
            .find("## Annex B — Abbreviations {#glossary}")
            .expect("a glossary");
        md[at..]
            .lines()
            .skip(4)
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').trim().replace(" | ", "="))
            .collect()
    };
    let p = prepared(&root.join("nato-azerbaijan.json"));
    let expected = [
        "DEEP=Defence Education Enhancement Programme",
        "ITPP=Individually Tailored Partnership Programme",
        "JATEC=Joint Analysis Training and Education Centre",
        "NSATU=NATO Security Assistance and Training for Ukraine",
        "PARP=Planning and Review Process",
        "PfP=Partnership for Peace",
        "PME=Professional Military Education",
        "PURL=Prioritised Ukraine Requirements List",
    ];
    assert_eq!(glossary(&p), expected);
    let docx = collapse(&docx_text(&render(&p, Format::Docx)));
    let pdf = pdf_pages(&render(&p, Format::Pdf)).join(" ");
    assert!(!docx.contains("QZX") && !pdf.contains("QZX"));
    let listed = expected.map(|e| e.replace('=', " "));
    for entry in &listed {
        assert!(docx.contains(entry), "DOCX lacks {entry}");
        assert!(pdf.contains(entry), "PDF lacks {entry}");
    }
    // In order, after the heading, in the PDF.
    let at = pdf
        .find("Abbreviations Abbreviation Meaning")
        .expect("the glossary's head");
    let positions: Vec<usize> = listed
        .iter()
        .map(|e| pdf[at..].find(e.as_str()).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    // Once the analysis uses it, the term is listed.
    edit_json(&root.join("nato-azerbaijan.json"), |v| {
        v["analysis"]["context"][0] = "QZX, once.".into();
    });
    let p = prepared(&root.join("nato-azerbaijan.json"));
    assert!(glossary(&p).contains(&"QZX=An abbreviation no text uses".to_string()));
}
