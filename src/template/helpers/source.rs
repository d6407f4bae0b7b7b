//! `source id` (a source record, for `{{#with (source id)}}`) and `cited_by id` (the records
//! resting on a source).

use super::{fail, str_arg};
use crate::data::date::PartialDate;
use crate::marking::trace::strip;
use handlebars::{Context, Helper, JsonValue as Json, RenderError};

const EXPECTED: &str = "the id of a source in the brief's data";

/// The source with `id` in the render's `data.sources`.
pub fn lookup<'a>(
    ctx: &'a Context,
    helper: &'static str,
    id: &str,
) -> Result<(usize, &'a Json), RenderError> {
    ctx.data()
        .pointer("/data/sources")
        .and_then(Json::as_array)
        .and_then(|all| {
            all.iter()
                .enumerate()
                .find(|(_, s)| s.get("id").and_then(Json::as_str) == Some(id))
        })
        .ok_or_else(|| fail(helper, format!("unknown source id {id:?}"), EXPECTED))
}

/// `{{#with (source "apa-shekerinska-interview")}}{{publisher}}{{/with}}`. The record comes
/// with `number` added: its place in `data.sources` from 1, as the annex and footnotes number it.
pub fn source(h: &Helper<'_>, ctx: &Context) -> Result<Json, RenderError> {
    let id = str_arg(h, 0, "source")?;
    let (i, s) = lookup(ctx, "source", id)?;
    let mut s = s.clone();
    if let Json::Object(m) = &mut s {
        m.insert("number".into(), Json::from(i + 1));
    }
    Ok(s)
}

/// The visits, programmes and threats whose `sources` include `id`, in data order, each with
/// `kind` (`visit`, `programme`, `threat`) and a printable `label` added.
pub fn cited_by(h: &Helper<'_>, ctx: &Context) -> Result<Json, RenderError> {
    let id = str_arg(h, 0, "cited_by")?;
    lookup(ctx, "cited_by", id)?;
    let mut found = Vec::new();
    for (key, kind) in [
        ("visits", "visit"),
        ("programmes", "programme"),
        ("threats", "threat"),
    ] {
        let records = ctx
            .data()
            .pointer(&format!("/data/{key}"))
            .and_then(Json::as_array);
        for r in records.into_iter().flatten() {
            let cites = r
                .get("sources")
                .and_then(Json::as_array)
                .is_some_and(|s| s.iter().any(|s| s.as_str() == Some(id)));
            if cites {
                let mut r = r.clone();
                if let Json::Object(m) = &mut r {
                    m.insert("label".into(), Json::String(label(kind, m)));
                    m.insert("kind".into(), Json::String(kind.into()));
                }
                found.push(r);
            }
        }
    }
    Ok(Json::Array(found))
}

/// `Visit: Radmila Shekerinska, late 2025 or 2026`, `Programme: Partnership for Peace (PfP)`, `Threat: …`.
fn label(kind: &str, m: &serde_json::Map<String, Json>) -> String {
    let s = |k: &str| m.get(k).and_then(Json::as_str).unwrap_or_default();
    let date = |k: &str| {
        m.get(k)
            .and_then(Json::as_str)
            .and_then(|d| PartialDate::parse(&strip(d)).ok())
    };
    match kind {
        "visit" => {
            let who = m
                .get("visitor")
                .and_then(|v| v.get("name"))
                .and_then(Json::as_str)
                .unwrap_or_default();
            match date("start") {
                Some(start) => format!(
                    "Visit: {who}, {}",
                    PartialDate::range_long(&start, date("end").as_ref())
                ),
                None => format!("Visit: {who}"),
            }
        }
        "programme" => match m.get("acronym").and_then(Json::as_str) {
            Some(a) if !strip(s("name")).contains(&*strip(a)) => {
                format!("Programme: {} ({a})", s("name"))
            }
            _ => format!("Programme: {}", s("name")),
        },
        _ => format!("Threat: {}", s("title")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    fn data() -> serde_json::Value {
        json!({"data": {
            "sources": [{"id": "s1", "label": "One", "publisher": "NATO"}, {"id": "s2", "label": "Two"}],
            "visits": [{"id": "v", "visitor": {"name": "A. Visitor"}, "start": "2024-03-17", "end": "2024-03-19", "sources": ["s1"]}],
            "programmes": [{"id": "pfp", "name": "Partnership for Peace", "acronym": "PfP", "sources": ["s1", "s2"]}],
            "threats": [{"id": "t", "title": "Hybrid", "sources": ["s2"]}]
        }})
    }

    #[test]
    fn finds_a_source_and_its_citing_records() {
        assert_eq!(
            render(
                "{{#with (source \"s2\")}}{{number}}. {{label}}{{/with}}",
                &data()
            )
            .unwrap(),
            "2. Two"
        );
        assert_eq!(
            render("{{#each (cited_by \"s1\")}}{{{label}}}/{{kind}};{{/each}}", &data()).unwrap(),
            "Visit: A. Visitor, 17–19 March 2024/visit;Programme: Partnership for Peace (PfP)/programme;"
        );
        assert_eq!(
            render("{{#each (cited_by \"s2\")}}{{id}} {{/each}}", &data()).unwrap(),
            "pfp t "
        );
    }

    #[test]
    fn names_an_unknown_source() {
        assert_eq!(
            render("{{#with (source \"s9\")}}{{label}}{{/with}}", &data()).unwrap_err(),
            "helper `source`: unknown source id \"s9\""
        );
        assert_eq!(
            render("{{cited_by \"s9\"}}", &data()).unwrap_err(),
            "helper `cited_by`: unknown source id \"s9\""
        );
    }
}
