//! Layout tests: positions of lines and pages, checked on the boxes before any PDF bytes.

use super::flow::{flow, line_atoms};
use super::fonts::{FontKind, ShapeWork};
use super::frame::{Item, Page, TextRun};
use super::{layout, page_geometry, Ctx, Layout};
use crate::doc::{Align, Attr, Block, Document, Footnote, Inline, Table};
use crate::fixture::sample;
use crate::theme::Theme;

fn lay(doc: &Document) -> Layout {
    let theme = Theme::default_theme();
    layout(doc, &theme, &crate::style::StyleSheet::from_theme(&theme)).expect("lays out")
}

fn runs(items: &[Item]) -> impl Iterator<Item = &TextRun> {
    items.iter().filter_map(|i| match i {
        Item::Text(t) => Some(t),
        _ => None,
    })
}

fn para(text: &str) -> Block {
    Block::Para(vec![Inline::Text(text.to_string())])
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        attr: Attr::default(),
        content: vec![Inline::Text(text.to_string())],
    }
}

const LOREM: &str = "Allied ministers reviewed the partnership programme, the interoperability of \
    selected units and the defence education effort, and agreed that the coming year should \
    consolidate what has been achieved rather than open new lines of cooperation.";

/// Every body glyph lies inside the text area (margins), however long its word.
fn assert_inside(l: &Layout) {
    let b = l.body;
    for (p, page) in l.pages.iter().enumerate() {
        for t in runs(&page.body) {
            let eps = 0.05;
            assert!(
                t.x >= b.x - eps,
                "page {}: {:?} starts left of the margin",
                p + 1,
                t.text()
            );
            assert!(
                t.x + t.width() <= b.x + b.w + eps,
                "page {}: {:?} runs past the margin by {}",
                p + 1,
                t.text(),
                t.x + t.width() - b.x - b.w
            );
            assert!(
                t.y - t.ascent >= b.y - eps,
                "page {}: {:?} above the text area",
                p + 1,
                t.text()
            );
            assert!(
                t.y + t.descent <= b.y + b.h + eps,
                "page {}: {:?} below the text area",
                p + 1,
                t.text()
            );
        }
    }
}

#[test]
fn no_glyph_leaves_the_text_area() {
    assert_inside(&lay(&sample(60)));
}

#[test]
fn an_over_long_word_or_url_breaks_inside_itself() {
    let mut doc = sample(0);
    let url = format!("https://example.org/{}", "segment".repeat(40));
    doc.blocks.push(Block::Para(vec![
        Inline::Text("See ".into()),
        Inline::Link {
            url: url.clone(),
            content: vec![Inline::Text(url.clone())],
        },
        Inline::Text(" and ".into()),
        Inline::Code("x".repeat(200)),
    ]));
    doc.blocks.push(Block::CodeBlock(format!(
        "let s = \"{}\";",
        "y".repeat(300)
    )));
    let l = lay(&doc);
    assert_inside(&l);
    let text: String = l
        .pages
        .iter()
        .flat_map(|p| runs(&p.body))
        .map(|t| t.text())
        .collect();
    assert!(text.contains(&"segment".repeat(3)), "the URL is all there");
}

#[test]
fn paragraph_lines_sit_one_line_height_apart_inside_the_margins() {
    let mut doc = sample(0);
    doc.blocks = vec![para(&LOREM.repeat(3))];
    let theme = Theme::default_theme();
    let l = lay(&doc);
    let mut baselines: Vec<f32> = runs(&l.pages[0].body).map(|t| t.y).collect();
    baselines.dedup();
    assert!(baselines.len() >= 4, "{baselines:?}");
    let lh = theme.sizes.body * theme.spacing.line_height;
    for w in baselines.windows(2) {
        assert!((w[1] - w[0] - lh).abs() < 0.01, "{baselines:?}");
    }
    // The first line starts at the top margin; justified lines end at the right margin.
    let first: Vec<&TextRun> = runs(&l.pages[0].body)
        .filter(|t| t.y == baselines[0])
        .collect();
    assert!((first[0].x - l.body.x).abs() < 0.01);
    let end = first.iter().map(|t| t.x + t.width()).fold(0.0, f32::max);
    assert!(
        (end - (l.body.x + l.body.w)).abs() < 0.05,
        "justified: {end}"
    );
    assert!(baselines[0] > l.body.y && baselines[0] < l.body.y + lh);
}

#[test]
fn widow_and_orphan_lines_are_chained() {
    let lines = |n: usize| {
        (0..n)
            .map(|_| super::inline::Line {
                height: 10.0,
                baseline: 8.0,
                items: Vec::new(),
                notes: Vec::new(),
            })
            .collect::<Vec<_>>()
    };
    let keeps: Vec<bool> = line_atoms(lines(6), 0.0)
        .iter()
        .map(|a| a.keep_next)
        .collect();
    // Breaks only after line 2, 3 or 4 (at least two lines on either side) or after the
    // paragraph: the last line does not hold on to what follows.
    assert_eq!(keeps, vec![true, false, false, false, true, false]);
    let three: Vec<bool> = line_atoms(lines(3), 0.0)
        .iter()
        .map(|a| a.keep_next)
        .collect();
    assert_eq!(three, vec![true, true, false]);
}

#[test]
fn headings_stay_with_what_follows_and_pages_keep_two_lines() {
    let theme = Theme::default_theme();
    for filler in 0..12 {
        let mut doc = sample(0);
        doc.footnotes.clear();
        doc.blocks = Vec::new();
        for i in 0..filler {
            doc.blocks
                .push(para(&format!("Filler paragraph {i}. {LOREM}")));
        }
        for s in 0..6 {
            doc.blocks.push(heading(2, &format!("Section {s}")));
            doc.blocks.push(para(&LOREM.repeat(2)));
            doc.blocks.push(para(LOREM));
        }
        let l = lay(&doc);
        for (p, page) in l.pages.iter().enumerate() {
            let last = runs(&page.body).last().unwrap();
            let is_heading = last.font == FontKind::Bold && last.size == theme.sizes.h2;
            assert!(
                !is_heading,
                "filler {filler}: page {} ends with a heading",
                p + 1
            );
            // No page starts or ends with a single line of a paragraph: the first two and
            // last two baselines differ by a line.
            let mut ys: Vec<f32> = runs(&page.body).map(|t| t.y).collect();
            ys.dedup();
            assert!(ys.len() >= 2);
        }
    }
}

#[test]
fn the_table_header_repeats_on_every_page_it_spans() {
    // 1,000 rows: about 30 pages; debug-mode layout of this stays around a second.
    let l = lay(&sample(1000));
    assert!(l.pages.len() > 20, "{} pages", l.pages.len());
    let mut rows_seen = 0;
    for (p, page) in l.pages.iter().enumerate() {
        let texts: Vec<String> = runs(&page.body).map(|t| t.text()).collect();
        let rows = texts
            .iter()
            .filter(|t| t.starts_with("Threat ") && t.contains(':'))
            .count();
        rows_seen += rows;
        if rows > 0 {
            let header = texts.iter().position(|t| t == "Likelihood");
            let first_row = texts
                .iter()
                .position(|t| t.starts_with("Threat ") && t.contains(':'));
            assert!(
                header.is_some() && header < first_row,
                "page {}: no header above the rows",
                p + 1
            );
        }
    }
    assert_eq!(rows_seen, 1000);
    assert_inside(&l);
}

#[test]
fn footnotes_land_on_the_page_that_cites_them() {
    let l = lay(&sample(60));
    let page_of = |name: &str| {
        l.pages.iter().position(|p| {
            p.body
                .iter()
                .any(|i| matches!(i, Item::Dest { name: n, .. } if n == name))
        })
    };
    for n in 1..=2 {
        assert_eq!(
            page_of(&format!("fn-{n}")),
            page_of(&format!("fnref-{n}")),
            "note {n}"
        );
    }
    // Notes sit at the foot of the page, below everything else.
    let page = &l.pages[page_of("fn-1").unwrap()];
    let note_y = page
        .body
        .iter()
        .find_map(|i| match i {
            Item::Dest { name, y, .. } if name == "fn-1" => Some(*y),
            _ => None,
        })
        .unwrap();
    assert!(note_y > l.body.y + l.body.h * 0.8);
}

#[test]
fn a_page_break_starts_a_new_page_and_the_annex_is_bookmarked() {
    let l = lay(&sample(3));
    let last = l.pages.last().unwrap();
    let first_text = runs(&last.body).next().unwrap().text();
    assert_eq!(first_text, "Annex: sources");
    let titles: Vec<&str> = l.outline.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Recent visits", "Threat picture", "Annex: sources"]
    );
}

/// A pseudo-random run of `n` characters from `alphabet` with no break opportunity (letters the
/// hyphenation patterns cut into many pieces, or digits they leave alone).
fn long_word(n: usize, alphabet: &str) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chars[(x % chars.len() as u64) as usize]
        })
        .collect()
}

const PLACES: [&str; 5] = [
    "paragraph",
    "list item",
    "table cell",
    "footnote",
    "heading",
];

/// A document with `word` in one place text is set.
fn with_word_in(word: &str, place: &str) -> Document {
    let mut doc = sample(0);
    doc.footnotes.clear();
    let text = |s: &str| vec![Inline::Text(s.to_string())];
    doc.blocks = vec![match place {
        "paragraph" => Block::Para(text(word)),
        "list item" => Block::List {
            start: None,
            items: vec![vec![Block::Para(text(word))], vec![para("short")]],
        },
        "table cell" => Block::Table(Table {
            align: vec![Align::Left, Align::Left],
            header: vec![text("Name"), text("Status")],
            rows: vec![vec![text(word), text("active")]],
        }),
        "footnote" => {
            doc.footnotes.push(Footnote {
                label: "n".into(),
                blocks: vec![Block::Para(text(word))],
            });
            Block::Para(vec![Inline::Text("See".into()), Inline::FootnoteRef(0)])
        }
        "heading" => heading(2, word),
        _ => unreachable!("{place}"),
    }];
    doc
}

/// Lays `doc` out and counts the work: what shaping was given and the line-break candidates
/// weighed.
fn counted(doc: &Document) -> (Vec<Page>, ShapeWork, u64) {
    let theme = Theme::default_theme();
    let (_, _, body) = page_geometry(&theme);
    let styles = crate::style::StyleSheet::from_theme(&theme);
    let mut ctx = Ctx::new(&theme, &styles, body.h);
    let pages = flow(&mut ctx, doc, body);
    assert!(ctx.diags.is_empty(), "{:?}", ctx.diags);
    (pages, ctx.fonts.work, ctx.break_candidates)
}

#[test]
fn a_long_word_costs_work_in_proportion_to_its_length_wherever_it_stands() {
    // Cutting a word of n characters once considered every break inside it with the rest of
    // the word shaped again each time: ten times the characters cost a hundred times the work.
    for alphabet in ["etaoinshrdlucmfwyp", "0123456789"] {
        let short = long_word(10_000, alphabet);
        let long = long_word(100_000, alphabet);
        for place in PLACES {
            let (_, w1, b1) = counted(&with_word_in(&short, place));
            let (_, w2, b2) = counted(&with_word_in(&long, place));
            let ratio = |a: u64, b: u64| b as f64 / a.max(1) as f64;
            let what = format!(
                "{place}, {}: shaping {w1:?} → {w2:?}, breaks {b1} → {b2}",
                &alphabet[..3]
            );
            assert!(ratio(w1.bytes, w2.bytes) < 12.0, "{what}");
            assert!(ratio(w1.calls, w2.calls) < 12.0, "{what}");
            assert!(ratio(b1, b2) < 12.0, "{what}");
            // And a small constant per character: the word is shaped whole once, and each
            // line's piece a few times while the cut is chosen.
            assert!(w2.bytes < 20 * long.len() as u64, "{what}");
            assert!(b2 < 50 * long.len() as u64, "{what}");
        }
    }
}

#[test]
fn a_long_word_is_set_whole_and_no_line_is_wider_than_the_measure() {
    let theme = Theme::default_theme();
    let (_, _, body) = page_geometry(&theme);
    let word = long_word(10_000, "0123456789");
    for place in PLACES {
        let (pages, _, _) = counted(&with_word_in(&word, place));
        let mut text = String::new();
        for page in &pages {
            for t in runs(&page.body) {
                assert!(
                    t.x >= body.x - 0.05 && t.x + t.width() <= body.x + body.w + 0.05,
                    "{place}: a line of {} characters runs past the margins",
                    t.text().chars().count()
                );
                let s = t.text();
                if s.chars().all(|c| c.is_ascii_digit()) {
                    text.push_str(&s);
                }
            }
        }
        assert!(text.contains(&word), "{place}: the word is all there");
    }
}

/// The text runs of every page's body, line by line (runs sharing a baseline), in order.
fn body_lines(l: &Layout) -> Vec<Vec<Vec<&TextRun>>> {
    l.pages
        .iter()
        .map(|p| {
            let mut lines: Vec<Vec<&TextRun>> = Vec::new();
            for t in runs(&p.body) {
                match lines.last_mut() {
                    Some(line) if (line[0].y - t.y).abs() < 0.01 => line.push(t),
                    _ => lines.push(vec![t]),
                }
            }
            lines
        })
        .collect()
}

fn ends_with_inserted_hyphen(line: &[&TextRun]) -> bool {
    line.last()
        .and_then(|t| t.glyphs.last())
        .is_some_and(|g| g.inserted)
}

#[test]
fn note_numbers_of_any_width_keep_clear_of_the_note_text() {
    let refs: Vec<Inline> = (0..120)
        .flat_map(|i| [Inline::Text("Claim ".into()), Inline::FootnoteRef(i)])
        .collect();
    let doc = Document {
        blocks: vec![Block::Para(refs)],
        footnotes: (0..120)
            .map(|i| Footnote {
                label: format!("n{i}"),
                blocks: vec![para("Source text.")],
            })
            .collect(),
        ..sample(0)
    };
    let l = lay(&doc);
    let mut checked = 0;
    for page in &l.pages {
        let texts: Vec<&TextRun> = runs(&page.body).collect();
        for note in texts.iter().filter(|t| t.text() == "Source text.") {
            let label = texts
                .iter()
                .find(|t| t.y == note.y && t.text().parse::<usize>().is_ok())
                .expect("a numbered note");
            {
                assert!(
                    label.x + label.width() + 2.0 <= note.x,
                    "note {} runs into its text",
                    label.text()
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 120);
}

#[test]
fn inserted_hyphens_are_marked_and_spare_names_and_page_ends() {
    let words = "internationalisation Interoperability institutionalisation Shekerinska \
        characterisation Azerbaijani ";
    let blocks = (0..40).map(|_| para(&words.repeat(6))).collect();
    let l = lay(&Document {
        blocks,
        ..sample(0)
    });
    let pages = body_lines(&l);
    let mut hyphenated = 0;
    for (p, lines) in pages.iter().enumerate() {
        for (k, line) in lines.iter().enumerate() {
            if !ends_with_inserted_hyphen(line) {
                continue;
            }
            hyphenated += 1;
            let text: String = line.iter().map(|t| t.text()).collect();
            assert!(!text.ends_with('-'), "the inserted hyphen is not text");
            let piece = text.rsplit(' ').next().unwrap();
            assert!(
                piece.starts_with(char::is_lowercase),
                "page {}: a capitalised word is hyphenated: {piece:?}",
                p + 1
            );
            assert!(k + 1 < lines.len(), "page {} ends on a hyphen", p + 1);
        }
    }
    assert!(hyphenated > 10, "only {hyphenated} hyphenated lines");
}

#[test]
fn a_line_too_loose_to_justify_is_set_ragged() {
    // One capitalised token (never hyphenated) too wide to share a line with the words before it.
    let theme = Theme::default_theme();
    let size = crate::style::StyleSheet::from_theme(&theme).body_size;
    let (_, _, body) = page_geometry(&theme);
    let mut fonts = super::fonts::FontSet::new();
    let mut token = String::from("X");
    while fonts.width(FontKind::Regular, size, &token) < body.w * 0.85 {
        token.push('X');
    }
    let l = lay(&Document {
        blocks: vec![para(&format!("See the summary at {token} for more."))],
        ..sample(0)
    });
    let lines = &body_lines(&l)[0];
    let first = lines
        .iter()
        .find(|line| line.iter().any(|t| t.text().contains("summary")))
        .expect("the paragraph's first line");
    let end = first.iter().map(|t| t.x + t.width()).fold(0.0, f32::max);
    assert!(
        end < l.body.x + l.body.w - 50.0,
        "the short first line is stretched to {end}"
    );
}
