//! Registry tests: escaping, diagnostics, and the shipped templates on the shipped data.

use super::*;

/// The template's Markdown for the brief's first version, with the marking tags taken out as
/// the pipeline's `resolve` does (placeholders print nothing: portion marking is off).
fn render_markdown(brief: &LoadedBrief, as_of: chrono::NaiveDate) -> Result<String, Diagnostics> {
    let version = &brief.file.versions()[0];
    let kept = crate::marking::filter::filter(&brief.file, &brief.data, version);
    super::render_markdown(brief, &kept, None, as_of)
        .map(|(md, _)| crate::marking::trace::strip(&md).into_owned())
}

/// Reads `markdown` into the tree and returns the text of its blocks, one string per block.
fn block_texts(markdown: &str) -> Vec<String> {
    use crate::doc::{plain_text, Block};
    let doc =
        crate::markup::parse(markdown, crate::fixture::meta()).expect("escaped Markdown parses");
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Para(inlines) => plain_text(inlines),
            other => format!("not a paragraph: {other:?}"),
        })
        .collect()
}

#[test]
fn escaped_values_read_back_as_the_same_text() {
    let punct: String = (0u8..128)
        .map(char::from)
        .filter(char::is_ascii_punctuation)
        .collect();
    let values = [
        punct.as_str(),
        "Ops *bold* _it_ #1 | pipe [x](y) <b> & \"q\"",
        "# not a heading",
        "- not a list",
        "+ not a list",
        "= not an underline",
        "1. not a numbered list",
        "2024) not a list either",
        "> not a quote",
        "--- not a rule",
        "***",
        "`code` and ``more``",
        "<div class=\"callout\">",
        "[^c1] not a footnote",
        "&amp; stays &amp;",
        "https://example.org/a_b_c?x=1&y=2",
        "Heading {#id .class}",
        "~~not struck~~",
        "Bakı — “ə” Ширак",
    ];
    for v in values {
        // Alone, and after template text, as a template places values. Quotes come back
        // typographic (the one change typography makes to data), so compare them straightened.
        let straight = |text: &str| text.replace(['‘', '’'], "'").replace(['“', '”'], "\"");
        let read = |md: &str| {
            block_texts(md)
                .iter()
                .map(|t| straight(t))
                .collect::<Vec<_>>()
        };
        assert_eq!(read(&escape_markdown(v)), [straight(v)], "value {v:?}");
        let after = format!("Note: {}", escape_markdown(v));
        assert_eq!(
            read(&after),
            [straight(&format!("Note: {v}"))],
            "value {v:?}"
        );
    }
}

#[test]
fn escape_keeps_ordinary_punctuation_readable_and_breaks_lines() {
    assert_eq!(
        escape_markdown("Baku, Azerbaijan: the 'ITPP' (2026)."),
        "Baku, Azerbaijan: the 'ITPP' (2026)."
    );
    assert_eq!(escape_markdown("a-b 3. 1.5"), "a-b 3. 1.5");
    assert_eq!(escape_markdown("one\r\ntwo\nthree"), "one<br>two<br>three");
    assert_eq!(escape_markdown("Bakı — “ə”"), "Bakı — “ə”");
}

use crate::data::load::LoadedBrief;
use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Loads a shipped brief with serde alone (the real loader validates more).
fn shipped(name: &str) -> LoadedBrief {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefs")
        .join(format!("{name}.json"));
    crate::data::load::load_brief(&path, false).unwrap_or_else(|d| panic!("{d}"))
}

/// A brief in a temporary folder with the given template files (relative paths → text).
fn scratch(files: &[(&str, &str)]) -> (tempfile::TempDir, LoadedBrief) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let mut brief = shipped("shekerinska-visit");
    brief.path = dir.path().join("b.json");
    brief.scope = crate::input::Scope::for_brief(&brief.path, false);
    brief.file.template = "t/main.md.hbs".into();
    (dir, brief)
}

/// The text events of parsed Markdown, joined, with breaks as `\n`.
fn plain_text(md: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match ev {
            Event::Text(t) => cells.last_mut().unwrap().push_str(&t),
            Event::InlineHtml(h) if &*h == "<br>" => cells.last_mut().unwrap().push('\n'),
            Event::End(TagEnd::TableCell | TagEnd::Paragraph | TagEnd::Heading(_)) => {
                cells.push(String::new())
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }) => {
                panic!("value turned into markup: {ev:?} in {md}")
            }
            _ => {}
        }
    }
    cells.retain(|c| !c.is_empty());
    cells
}

#[test]
fn escaped_values_print_literally_in_a_paragraph_and_a_table_cell() {
    let nasty = "a*b_c #d |e [x](y) <i> & \"q\" `c` \\ ~~s~~\nsecond line";
    let (_dir, mut brief) = scratch(&[(
        "t/main.md.hbs",
        "{{brief.title}}\n\n| A | B |\n|---|---|\n| {{brief.title}} | x |\n\n# {{brief.subject}}\n",
    )]);
    brief.file.title = nasty.into();
    brief.file.subject = "1. not a list".into();
    let md = render_markdown(&brief, as_of()).unwrap();
    let text = plain_text(&md);
    assert_eq!(text[0], nasty);
    assert_eq!(text[1], "A");
    assert_eq!(text[2], "B");
    assert_eq!(text[3], nasty);
    assert_eq!(text[4], "x");
    assert_eq!(text[5], "1. not a list");
}

#[test]
fn strict_mode_names_the_missing_field_with_file_line_and_column() {
    let (dir, brief) = scratch(&[(
        "t/main.md.hbs",
        "# Visit\n\nBy {{brief.focus.visitor.nam}}.\n",
    )]);
    let err = render_markdown(&brief, as_of()).unwrap_err();
    let file = dir.path().join("t/main.md.hbs");
    assert_eq!(err.0.len(), 1);
    assert_eq!(
        err.0[0].to_string(),
        format!(
            "error: the template reads `brief.focus.visitor.nam`, which the data does not have\n  --> {}:3:4\n    |\n  3 | By {{{{brief.focus.visitor.nam}}}}.\n    |    ^\n   = at: brief.focus.visitor.nam\n   = expected: a field that exists in the data (strict mode)",
            file.display()
        )
    );
}

#[test]
fn errors_inside_partials_and_blocks_point_into_that_file() {
    let (dir, brief) = scratch(&[
        ("t/main.md.hbs", "Intro\n{{> box}}\n"),
        (
            "t/partials/box.md.hbs",
            "{{#each data.visits}}\n- {{visitor.nmae}}\n{{/each}}\n",
        ),
    ]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(
        d.file.as_deref(),
        Some(dir.path().join("t/partials/box.md.hbs").as_path())
    );
    assert_eq!((d.line, d.column), (Some(2), Some(3)));
    assert_eq!(d.path.as_deref(), Some("visitor.nmae"));
}

#[test]
fn a_missing_partial_names_the_file_expected() {
    let (dir, brief) = scratch(&[("t/main.md.hbs", "Intro\n\n{{> title-blok}}\n")]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(
        d.message,
        format!(
            "partial `title-blok` not found: no file {}",
            dir.path().join("t/partials/title-blok.md.hbs").display()
        )
    );
    assert_eq!(d.expected.as_deref(), Some("a Handlebars template file"));
    assert_eq!(
        d.file.as_deref(),
        Some(dir.path().join("t/main.md.hbs").as_path())
    );
    assert_eq!(d.line, Some(3));
}

#[test]
fn a_missing_template_and_a_syntax_error_are_diagnosed() {
    let (dir, brief) = scratch(&[]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(
        d.file.as_deref(),
        Some(dir.path().join("t/main.md.hbs").as_path())
    );
    assert_eq!(d.message, "no such template");
    assert_eq!(
        d.expected.as_deref(),
        Some("a readable UTF-8 template, a regular file of at most 64 KiB")
    );

    let (dir, brief) = scratch(&[("t/main.md.hbs", "ok\n{{#each data.visits}}\n{{/with}}\n")]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(
        d.file.as_deref(),
        Some(dir.path().join("t/main.md.hbs").as_path())
    );
    assert!(d.message.starts_with("template syntax error"), "{d}");
    assert_eq!(d.line, Some(3));
}

#[test]
fn an_unknown_source_is_a_diagnostic_at_the_helper() {
    let (_dir, brief) = scratch(&[("t/main.md.hbs", "Text{{cite \"nope\"}}\n")]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(d.message, "helper `cite`: unknown source id \"nope\"");
    assert_eq!(
        d.expected.as_deref(),
        Some("the id of a source in the brief's data")
    );
    assert_eq!((d.line, d.column), (Some(1), Some(5)));
}

#[test]
fn an_unknown_focus_is_a_diagnostic_in_the_brief() {
    let (_dir, mut brief) = scratch(&[("t/main.md.hbs", "x\n")]);
    brief.file.focus = Some("nobody-2030".into());
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(d.path.as_deref(), Some("focus"));
    assert_eq!(d.file.as_ref(), Some(&brief.path));
    assert_eq!(
        d.expected.as_deref(),
        Some("the id of a visit, programme or threat in the brief's data")
    );
}

#[test]
fn citations_are_appended_as_footnote_definitions() {
    let (_dir, brief) = scratch(&[(
        "t/main.md.hbs",
        "One{{cite \"apa-shekerinska-interview\"}} two{{cite brief.focus.sources}}\n",
    )]);
    let md = render_markdown(&brief, as_of()).unwrap();
    assert_eq!(
        md,
        "One[^c1] two[^c2]\n\n\
         [^c1]: APA, *Deputy Secretary General: NATO stands ready to support Azerbaijan’s security and defence reforms -INTERVIEW*, late 2025 or 2026 ([Source 2](#src-apa-shekerinska-interview)).\n\n\
         [^c2]: UK Defence Journal, George Allison's article on Deputy Secretary General Radmila Shekerinska's two-day visit to Azerbaijan ([Source 1](#src-ukdj-shekerinska-visit)); APA, late 2025 or 2026 ([Source 2](#src-apa-shekerinska-interview)).\n"
    );
    let refs = Parser::new_ext(&md, Options::ENABLE_FOOTNOTES)
        .filter(|e| matches!(e, Event::FootnoteReference(_)))
        .count();
    assert_eq!(refs, 2);
}

#[test]
fn the_shipped_briefs_render() {
    for name in ["nato-azerbaijan", "shekerinska-visit"] {
        let md = render_markdown(&shipped(name), as_of()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!md.contains("\n\n\n"), "{name}: runs of blank lines\n{md}");
        let defs = md.matches("\n[^c").count();
        let used: std::collections::BTreeSet<&str> = md
            .match_indices("[^c")
            .map(|(i, _)| &md[i..i + md[i..].find(']').unwrap()])
            .collect();
        assert_eq!(defs, used.len(), "{name}: every label defined once");
        if std::env::var_os("BRIEFWRIGHT_PRINT").is_some() {
            println!("===== {name} =====\n{md}");
        }
    }
}

#[test]
fn the_country_brief_parses_into_the_expected_structure() {
    let md = render_markdown(&shipped("nato-azerbaijan"), as_of()).unwrap();
    let opts =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    let (mut tables, mut defs, mut refs, mut quotes) = (0, 0, std::collections::BTreeSet::new(), 0);
    let mut title = None;
    let mut in_title = false;
    for ev in Parser::new_ext(&md, opts) {
        match ev {
            Event::Start(Tag::Table(cols)) => {
                tables += 1;
                assert!([2, 4, 5].contains(&cols.len()));
            }
            Event::Start(Tag::FootnoteDefinition(_)) => defs += 1,
            Event::FootnoteReference(l) => {
                refs.insert(l.to_string());
            }
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::Start(Tag::Heading { classes, .. }) => {
                in_title = classes.iter().any(|c| &**c == "title");
            }
            Event::Text(t) if in_title => title = Some(t.to_string()),
            Event::End(TagEnd::Heading(_)) => in_title = false,
            Event::Text(t) => assert!(!t.contains("{{"), "unrendered template text: {t}"),
            _ => {}
        }
    }
    assert_eq!(tables, 3, "programmes, threats and abbreviations");
    assert_eq!(defs, refs.len(), "every citation has one note");
    assert!(defs > 20, "one note per citation: {defs}");
    assert!(quotes >= 9);
    assert_eq!(title.as_deref(), Some("NATO–Azerbaijan Relations"));
}

/// Issue 9: two partials that include each other overflowed the stack (SIGABRT, no message).
#[test]
fn regression_issue_9_partials_that_include_each_other_are_an_error() {
    let (dir, brief) = scratch(&[
        ("t/main.md.hbs", "Intro\n\n{{> a}}\n"),
        ("t/partials/a.md.hbs", "A\n{{> b}}\n"),
        ("t/partials/b.md.hbs", "B\n  {{~> a }}\n"),
    ]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(d.message, "partial `a` includes itself: a → b → a");
    assert_eq!(
        d.file.as_deref(),
        Some(dir.path().join("t/partials/b.md.hbs").as_path())
    );
    assert_eq!((d.line, d.column), (Some(2), Some(3)));
    let (_dir, brief) = scratch(&[
        ("t/main.md.hbs", "{{> a}}\n"),
        ("t/partials/a.md.hbs", "{{#> a}}fallback{{/a}}\n"),
    ]);
    let d = &render_markdown(&brief, as_of()).unwrap_err().0[0];
    assert_eq!(d.message, "partial `a` includes itself: a → a");
}
