use super::*;
use crate::data::model::Classification::*;
use crate::marking::Audience;
use serde_json::json;

fn marking(c: Classification, to: &[Audience]) -> Marking {
    Marking {
        classification: c,
        releasable_to: Releasability::new(to),
    }
}

fn version(portion_marks: Option<bool>) -> Version {
    Version {
        suffix: String::new(),
        ceiling: NatoSecret,
        release_to: vec![Audience::Nato],
        portion_marks,
    }
}

/// A trace with an NU public record (tag 0) and an NS NATO-only one (tag 1).
fn trace() -> Trace {
    let mut t = Trace::default();
    t.add(
        marking(NatoUnclassified, &[Audience::Public]),
        "visit \"a\"".into(),
    );
    t.add(marking(NatoSecret, &[Audience::Nato]), "visit \"b\"".into());
    t
}

fn resolve_md(md: &str, trace: &Trace, v: &Version) -> Result<Resolved, Diagnostics> {
    let tree = crate::markup::parse(md, crate::fixture::meta()).unwrap();
    resolve(md, &tree, trace, NatoUnclassified, v)
}

#[test]
fn tags_ride_on_strings_but_not_on_references_and_strip_clean() {
    let mut v = json!({"id": "a", "title": "Baku", "sources": ["s1"], "quotes": [{"text": "q", "source": "s1"}], "empty": ""});
    tag(&mut v, 10);
    assert_eq!(v["id"], "a");
    assert_eq!(v["sources"][0], "s1");
    assert_eq!(v["quotes"][0]["source"], "s1");
    assert_eq!(v["empty"], "");
    let title = v["title"].as_str().unwrap();
    assert_ne!(title, "Baku");
    assert_eq!(strip(title), "Baku");
    assert_eq!(tags_of(&v), record_tag(10));
    assert_eq!(strip_json(&v)["quotes"][0]["text"], "q");
}

#[test]
fn reserved_characters_are_found_with_their_path() {
    let v = json!({"visits": [{"place": "Baku\u{F0001}"}]});
    assert_eq!(
        reserved_in(&v, "$"),
        Some(('\u{F0001}', "$.visits[0].place".to_string()))
    );
    assert_eq!(reserved_in(&json!({"a": "ə ğ ı"}), "$"), None);
}

#[test]
fn the_banner_is_the_highest_marking_printed_and_releasability_the_intersection() {
    let t = trace();
    let md = format!(
        "Marking: {}\n\n{}Alpha{}\n\n{}Bravo{}\n",
        Trace::banner(),
        t.portion(),
        record_tag(0),
        t.portion(),
        record_tag(1)
    );
    let r = resolve_md(&md, &t, &version(None)).unwrap();
    assert_eq!(r.banner.classification, NatoSecret);
    assert_eq!(r.banner.releasable_to, Releasability::nato_only());
    assert!(r.portion_marks, "on by default above NATO UNCLASSIFIED");
    assert_eq!(
        r.markdown,
        "Marking: NATO SECRET — Releasable to NATO\n\n(NU) Alpha\n\n(NS) Bravo\n"
    );
}

#[test]
fn nothing_above_nu_printed_means_no_portion_marks_and_an_nu_banner() {
    let t = trace();
    let md = format!("{}Alpha{}\n", t.portion(), record_tag(0));
    let r = resolve_md(&md, &t, &version(None)).unwrap();
    assert_eq!(r.banner.classification, NatoUnclassified);
    assert_eq!(r.banner.releasable_to.phrase(), "Releasable to the public");
    assert!(!r.portion_marks);
    assert_eq!(r.markdown, "Alpha\n");
    // A record in the trace but not printed does not raise the banner.
    assert!(!r.markdown.contains("NS"));
    // Asked for, portion marks print at NU too.
    let r = resolve_md(&md, &t, &version(Some(true))).unwrap();
    assert_eq!(r.markdown, "(NU) Alpha\n");
}

#[test]
fn a_record_printed_without_a_portion_mark_is_an_error_naming_it() {
    let t = trace();
    let md = format!(
        "- {}Alpha{}\n- Bravo{}\n\n| A |\n|---|\n| x{} |\n",
        t.portion(),
        record_tag(0),
        record_tag(1),
        record_tag(1)
    );
    let err = resolve_md(&md, &t, &version(None)).unwrap_err();
    let messages: Vec<&str> = err.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a list item prints visit \"b\" without a portion mark",
            "a table row prints visit \"b\" without a portion mark"
        ]
    );
    assert_eq!(err.0[0].path.as_deref(), Some("\"Bravo\""));
}

#[test]
fn a_portion_mark_inside_a_paragraph_is_an_error() {
    let t = trace();
    let md = format!("Alpha {}bravo{}\n", t.portion(), record_tag(0));
    let err = resolve_md(&md, &t, &version(None)).unwrap_err();
    assert_eq!(
        err.0[0].message,
        "{{portion}} stands inside a paragraph instead of at its start"
    );
}

#[test]
fn a_quote_is_one_unit_and_footnotes_are_units() {
    let t = trace();
    let md = format!(
        "> {}“Words{}”\n>\n> — Speaker{}\n\nText[^n]\n\n[^n]: {}Note{}\n",
        t.portion(),
        record_tag(1),
        record_tag(0),
        t.portion(),
        record_tag(0)
    );
    let r = resolve_md(&md, &t, &version(None)).unwrap();
    assert_eq!(
        r.markdown,
        "> (NS) “Words”\n>\n> — Speaker\n\nText[^n]\n\n[^n]: (NU) Note\n"
    );
}
