use super::parse;
use crate::diag::Diagnostic;
use crate::doc::{Align, Block, Document, Inline};
use crate::fixture::meta;

fn doc(markdown: &str) -> Document {
    match parse(markdown, meta()) {
        Ok(doc) => doc,
        Err(e) => panic!("unexpected diagnostics:\n{e}"),
    }
}

fn errors(markdown: &str) -> Vec<Diagnostic> {
    match parse(markdown, meta()) {
        Ok(doc) => panic!("expected diagnostics, got:\n{}", doc.dump()),
        Err(e) => e.0,
    }
}

/// The dump without the metadata lines, which every test shares.
fn body(doc: &Document) -> String {
    doc.dump()
        .lines()
        .skip_while(|l| *l == "Meta" || l.starts_with("  "))
        .map(|l| format!("{l}\n"))
        .collect()
}

const EVERYTHING: &str = r#"<div class="title-block">

# NATO–Azerbaijan Relations {.title}

## Country brief {.subtitle}

**Reference:** BW/AZE/2026/01<br>
**Date:** 22 November 2026

</div>

<div class="callout bluf" title="Bottom line &amp; outlook">

Azerbaijan remains a *partner*;
the programme is being finalised.[^itpp]

</div>

# Recent visits {#recent-visits .keep}

Met in Bakı[^visit] — see [nato.int](https://www.nato.int/), <https://example.org/x>,
the [annex](#sources) and `briefwright build`.  
After a hard break, again[^itpp]. Literal: \*not em\* \[x\](y) \<b\> \&amp; \| \_

- Partnership for Peace
- Planning and Review
  1. Interoperability
  2. Education
     - deeper

1. loose first

2. loose second

> A quote with **strong *nested* text**.
>
> Second paragraph.

| Threat | Likelihood | Impact | Trend |
|:-------|------------|:------:|------:|
| Hybrid \| cyber | Likely<br/>(55–80%) | `High` | **Up** |
| Second | Unlikely | Low | Down |

```text
briefwright build briefs/
  indented line
```

    indented code

---

<div class="page-break"></div>

<div class="annex" id="sources">

## Sources

<a id="src-1"></a>NATO press release, 2026.

<div class="keep">

Kept together.

</div>

</div>

[^visit]: The visit took place in *October*.

    A second paragraph in the note.

[^itpp]: Individually Tailored Partnership Programme.
[^unused]: Never referenced, so dropped.
"#;

#[test]
fn snapshot_of_every_construct() {
    let got = body(&doc(EVERYTHING));
    let expected = r##"Div .title-block
  Heading 1 .title ["NATO–Azerbaijan Relations"]
  Heading 2 .subtitle ["Country brief"]
  Para [Strong["Reference:"], " BW/AZE/2026/01", Br, Strong["Date:"], " 22 November 2026"]
Callout bluf Some("Bottom line & outlook")
  Para ["Azerbaijan remains a ", Emph["partner"], "; the programme is being finalised.", Note(1)]
Heading 1 #recent-visits .keep ["Recent visits"]
Para ["Met in Bakı", Note(2), " — see ", Link("https://www.nato.int/")["nato.int"], ", ", Link("https://example.org/x")["https://example.org/x"], ", the ", Link("#sources")["annex"], " and ", Code("briefwright build"), ".", Br, "After a hard break, again", Note(1), ". Literal: *not em* [x](y) <b> &amp; | _"]
BulletList
  Item
    Para ["Partnership for Peace"]
  Item
    Para ["Planning and Review"]
    OrderedList start=1
      Item
        Para ["Interoperability"]
      Item
        Para ["Education"]
        BulletList
          Item
            Para ["deeper"]
OrderedList start=1
  Item
    Para ["loose first"]
  Item
    Para ["loose second"]
Quote
  Para ["A quote with ", Strong["strong ", Emph["nested"], " text"], "."]
  Para ["Second paragraph."]
Table align=[Left, Default, Center, Right]
  Header ["Threat"] | ["Likelihood"] | ["Impact"] | ["Trend"]
  Row ["Hybrid | cyber"] | ["Likely", Br, "(55–80%)"] | [Code("High")] | [Strong["Up"]]
  Row ["Second"] | ["Unlikely"] | ["Low"] | ["Down"]
CodeBlock "briefwright build briefs/\n  indented line"
CodeBlock "indented code"
Rule
PageBreak
Div #sources .annex
  Heading 2 ["Sources"]
  Para [Anchor("src-1"), "NATO press release, 2026."]
  Div .keep
    Para ["Kept together."]
Footnote 1 "itpp"
  Para ["Individually Tailored Partnership Programme."]
Footnote 2 "visit"
  Para ["The visit took place in ", Emph["October"], "."]
  Para ["A second paragraph in the note."]
"##;
    assert_eq!(got, expected);
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_reused() {
    let d = doc("First[^b], then[^a], again[^b].\n\n\
                 [^a]: Note A.\n[^b]: Note B.\n[^c]: Never used.\n");
    assert_eq!(
        body(&d),
        "Para [\"First\", Note(1), \", then\", Note(2), \", again\", Note(1), \".\"]\n\
         Footnote 1 \"b\"\n  Para [\"Note B.\"]\n\
         Footnote 2 \"a\"\n  Para [\"Note A.\"]\n"
    );
}

#[test]
fn undefined_footnote_is_reported_where_it_is_used() {
    let errs = errors("Intro line.\n\nSee [^a] and [^missing], not \\[^x].\n\n[^a]: Defined.\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(
        e.message,
        "footnote [^missing] is referenced but never defined"
    );
    assert_eq!((e.line, e.column), (Some(3), Some(14)));
    assert_eq!(
        e.expected.as_deref(),
        Some("a definition \"[^missing]: …\" in the document")
    );
}

#[test]
fn unsupported_html_is_reported_with_line_and_column() {
    let errs =
        errors("Some <span class=\"x\">text</span>.\n\n<p>block</p>\n\n  <div class=\"keep\">\n");
    let got: Vec<(String, Option<usize>, Option<usize>)> = errs
        .iter()
        .map(|e| (e.message.clone(), e.line, e.column))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "unsupported HTML \"<span class=\\\"x\\\">\"".to_string(),
                Some(1),
                Some(6)
            ),
            (
                "unsupported HTML \"</span>\"".to_string(),
                Some(1),
                Some(26)
            ),
            (
                "unsupported HTML \"<p>block</p>\"".to_string(),
                Some(3),
                Some(1)
            ),
            ("<div> is never closed".to_string(), Some(5), Some(3)),
        ]
    );
    assert_eq!(errs[0].expected.as_deref(), Some(super::SUPPORTED_HTML));
    assert_eq!(
        errs[0].to_string(),
        format!(
            "error: unsupported HTML \"<span class=\\\"x\\\">\"\n    |\n  1 | Some <span class=\"x\">text</span>.\n    |      ^\n   = expected: {}",
            super::SUPPORTED_HTML
        )
    );
}

#[test]
fn unbalanced_divs_are_reported() {
    let errs = errors("</div>\n\n<div class=\"keep\">\n\n- item\n\n  <div class=\"x\">\n\ntext\n");
    let got: Vec<(&str, Option<usize>, Option<usize>)> = errs
        .iter()
        .map(|e| (e.message.as_str(), e.line, e.column))
        .collect();
    assert_eq!(
        got,
        vec![
            ("</div> without an open <div>", Some(1), Some(1)),
            ("<div> is never closed", Some(3), Some(1)),
            ("<div> is never closed", Some(7), Some(3)),
        ]
    );
}

/// Every ASCII punctuation character, backslash-escaped as the templates escape data.
const PUNCT: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn escaped(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_ascii_punctuation() {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect()
}

#[test]
fn escaped_punctuation_survives_literally() {
    let value = format!("a{PUNCT}b [^x] <br> *x* _y_ &amp; | end");
    let e = escaped(&value);
    let md = format!("# {e}\n\n{e}\n\n| {e} | b |\n|---|---|\n| {e} | `c` |\n\n- {e}\n");
    let d = doc(&md);
    let text = vec![Inline::Text(value.clone())];
    match &d.blocks[..] {
        [Block::Heading { content, attr, .. }, Block::Para(para), Block::Table(t), Block::List { items, .. }] =>
        {
            assert_eq!(content, &text);
            assert_eq!(attr, &Default::default());
            assert_eq!(para, &text);
            assert_eq!(t.header, vec![text.clone(), vec![Inline::Text("b".into())]]);
            assert_eq!(t.rows[0][0], text);
            assert_eq!(t.rows[0].len(), 2);
            assert_eq!(items[0], vec![Block::Para(text.clone())]);
        }
        other => panic!("unexpected blocks: {other:?}"),
    }
}

#[test]
fn nested_lists_keep_their_start_numbers() {
    let d = doc("3. three\n4. four\n\n   7. seven\n   8. eight\n\n      - bullet\n5. five\n");
    assert_eq!(
        body(&d),
        [
            "OrderedList start=3",
            "  Item",
            "    Para [\"three\"]",
            "  Item",
            "    Para [\"four\"]",
            "    OrderedList start=7",
            "      Item",
            "        Para [\"seven\"]",
            "      Item",
            "        Para [\"eight\"]",
            "        BulletList",
            "          Item",
            "            Para [\"bullet\"]",
            "  Item",
            "    Para [\"five\"]",
            "",
        ]
        .join("\n")
    );
}

#[test]
fn table_alignment_comes_from_the_delimiter_row() {
    let d = doc("| a | b | c | d |\n|---|:--|:-:|--:|\n| 1 | 2 | 3 | 4 |\n");
    let Block::Table(t) = &d.blocks[0] else {
        panic!("{}", d.dump());
    };
    assert_eq!(
        t.align,
        vec![Align::Default, Align::Left, Align::Center, Align::Right]
    );
    assert_eq!(t.rows.len(), 1);
}

#[test]
fn callout_title_entities_are_decoded() {
    let d = doc(
        "<div class=\"callout warning\" title=\"Oil &amp; gas &lt;2026&gt; &quot;Q&quot; &#39;x&#39;\">\n\n\
         Body.\n\n</div>\n\n<div class=\"callout note\">\n\nNo title.\n\n</div>\n",
    );
    assert_eq!(
        body(&d),
        "Callout warning Some(\"Oil & gas <2026> \\\"Q\\\" 'x'\")\n  Para [\"Body.\"]\n\
         Callout note None\n  Para [\"No title.\"]\n"
    );
}

#[test]
fn all_diagnostics_are_returned_in_source_order() {
    let errs = errors("a[^x]\n\n<b>bold</b>\n\n</div>\n\nb[^y]\n");
    let lines: Vec<Option<usize>> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(1), Some(3), Some(3), Some(5), Some(7)]);
}

#[test]
fn notes_are_numbered_in_reading_order_and_unreachable_ones_dropped() {
    // `[^early]` is defined before the later body reference, and refers to `[^inner]`: the
    // body's references come first, then those inside the notes. `[^orphan]` is referenced
    // only from the unreferenced `[^unused]`, so both are dropped.
    let d = doc("A[^early].\n\n\
                 [^early]: Early note[^inner].\n\n\
                 B[^late].\n\n\
                 [^late]: Late note.\n\
                 [^inner]: Inner note.\n\
                 [^unused]: Unused[^orphan].\n\
                 [^orphan]: Orphan.\n");
    assert_eq!(
        body(&d),
        [
            "Para [\"A\", Note(1), \".\"]",
            "Para [\"B\", Note(2), \".\"]",
            "Footnote 1 \"early\"",
            "  Para [\"Early note\", Note(3), \".\"]",
            "Footnote 2 \"late\"",
            "  Para [\"Late note.\"]",
            "Footnote 3 \"inner\"",
            "  Para [\"Inner note.\"]",
            "",
        ]
        .join("\n")
    );
}

#[test]
fn divs_nest_inside_quotes_and_list_items() {
    let d = doc("> <div class=\"keep\">\n>\n> Quoted.\n>\n> </div>\n\n\
                 - item\n\n  <div class=\"callout note\" title=\"N\">\n\n  Inside.\n\n  </div>\n");
    assert_eq!(
        body(&d),
        [
            "Quote",
            "  Div .keep",
            "    Para [\"Quoted.\"]",
            "BulletList",
            "  Item",
            "    Para [\"item\"]",
            "    Callout note Some(\"N\")",
            "      Para [\"Inside.\"]",
            "",
        ]
        .join("\n")
    );
}

#[test]
fn near_misses_of_the_html_conventions_are_reported() {
    let errs = errors(
        "<br>\n\n\
         Text <a id=\"x\">link</a>.\n\n\
         <div class=\"page-break\">\n\n</div>\n\n\
         <div class=\"callout\">\n\n</div>\n\n\
         <div class=\"keep\" title=\"T\">\n\n</div>\n\n\
         # Heading {#h data-x=1}\n",
    );
    let got: Vec<(&str, Option<usize>)> =
        errs.iter().map(|e| (e.message.as_str(), e.line)).collect();
    assert_eq!(
        got,
        vec![
            ("unsupported HTML \"<br>\"", Some(1)),
            ("unsupported HTML \"<a id=\\\"x\\\">\"", Some(3)),
            ("unsupported HTML \"</a>\"", Some(3)),
            (
                "a page break is written <div class=\"page-break\"></div> on one line",
                Some(5)
            ),
            (
                "a callout needs exactly one kind besides the class \"callout\", found 0",
                Some(9)
            ),
            ("only a callout takes a title attribute", Some(13)),
            ("unsupported heading attribute", Some(17)),
        ]
    );
}

/// Issue 9: `<?xé` in a brief's analysis panicked in `parse_tag` (`rest[..name.len()]` sliced
/// inside `é`), aborting the whole batch. Every near miss of a supported tag with a multi-byte
/// character where the tag name would end is now an ordinary diagnostic or text.
#[test]
fn regression_issue_9_tag_name_slice_inside_a_multibyte_character() {
    for md in [
        "<?xé\n",
        "<!aé\n",
        "Text <?xé inline\n",
        "<dé\n",
        "<aé>x</a>\n",
        "<dié class=\"keep\">\n\nx\n\n</div>\n",
        "<br é>\n",
        "<a id=\"é\"></a>ok\n",
        "<div classé=\"x\">\n\nx\n\n</div>\n",
        "é<\n",
    ] {
        // Either outcome is fine; a panic is not.
        let _ = parse(md, meta());
    }
}

#[test]
fn quotes_become_typographic_but_data_keeps_its_dashes_and_dots() {
    let value = "The Deputy Secretary General's \"visit\" -- 1994--1997 ... 'PfP'";
    let md = format!(
        "{}\n\n\"Template\" text -- and ...\n",
        crate::template::escape_markdown(value)
    );
    let d = doc(&md);
    assert_eq!(
        d.blocks,
        [
            Block::Para(vec![Inline::Text(
                "The Deputy Secretary General’s “visit” -- 1994--1997 ... ‘PfP’".into()
            )]),
            Block::Para(vec![Inline::Text("“Template” text – and …".into())]),
        ]
    );
}

#[test]
fn a_note_mark_after_a_digit_is_kept_off_it() {
    let d = doc("When: 2026[^a] and **1994**[^a] but word[^a]\n\n[^a]: Note.\n");
    assert_eq!(
        d.blocks,
        [Block::Para(vec![
            Inline::Text("When: 2026\u{202F}".into()),
            Inline::FootnoteRef(0),
            Inline::Text(" and ".into()),
            Inline::Strong(vec![Inline::Text("1994".into())]),
            Inline::Text("\u{202F}".into()),
            Inline::FootnoteRef(0),
            Inline::Text(" but word".into()),
            Inline::FootnoteRef(0),
        ])]
    );
}

#[test]
fn texts_outside_the_body_get_the_same_typography() {
    assert_eq!(
        super::typographic("Deputy Secretary General's \"visit\" -- *1997*\nBaku"),
        "Deputy Secretary General’s “visit” -- *1997*\nBaku"
    );
}

#[test]
fn a_page_reference_links_to_its_target() {
    let d = doc("See <a href=\"#threats\" class=\"page\"></a> and <a id=\"here\"></a>.\n");
    assert_eq!(
        d.blocks,
        [Block::Para(vec![
            Inline::Text("See ".into()),
            Inline::PageRef("threats".into()),
            Inline::Text(" and ".into()),
            Inline::Anchor("here".into()),
            Inline::Text(".".into()),
        ])]
    );
    assert!(d.has_page_refs());
}

#[test]
fn chart_blocks_become_numbered_figures_with_typographic_captions() {
    let chart = r#"{"caption":"It's the trend","chart":{"kind":"threat-matrix","threats":[{"label":"Russia's threat","likelihood":"likely","impact":"high","trend":"stable"}]}}"#;
    let md = format!(
        "Text.\n\n```chart\n(NU) {chart}\n```\n\n```chart\n{}\n```\n\n```rust\nnot a chart\n```\n",
        chart.replace("\"caption\"", "\"id\":\"fig-b\",\"caption\"")
    );
    let d = doc(&md);
    let figures: Vec<&crate::doc::Figure> = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].caption_line(), "(NU) Figure 1. It’s the trend");
    assert_eq!(figures[1].caption_line(), "Figure 2. It’s the trend");
    assert_eq!(figures[1].id.as_deref(), Some("fig-b"));
    assert_eq!(figures[0].chart.texts(), ["Russia’s threat"]);
    assert!(matches!(d.blocks.last(), Some(Block::CodeBlock(c)) if c == "not a chart"));
}

#[test]
fn a_broken_chart_block_is_reported_with_its_json_path() {
    let md = "Intro.\n\n```chart\n{\"caption\":\"C\",\"chart\":{\"kind\":\"threat-matrix\",\"threats\":[{\"label\":\"T\",\"likelihood\":\"probable\",\"impact\":\"high\",\"trend\":\"stable\"}]}}\n```\n";
    let errs = errors(md);
    assert_eq!(errs.len(), 1);
    let e = &errs[0];
    assert_eq!((e.line, e.column), (Some(3), Some(1)));
    assert!(
        e.message
            .starts_with("this chart block is not a valid figure: unknown variant `probable`"),
        "{}",
        e.message
    );
    assert_eq!(e.path.as_deref(), Some("$.chart.threats[0].likelihood"));
}
