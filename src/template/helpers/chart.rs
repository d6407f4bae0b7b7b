//! `chart KIND records caption="…" [id="…"]`: a figure drawn from the records, written as a
//! fenced `chart` block the Markdown reader turns into `Block::Figure` (see `crate::chart`).
//!
//! KIND is `threat-matrix` (threats), `visits` or `programmes` (programmes and missions). The
//! records are those the template was given, so nothing the brief may not show can reach a
//! chart; each label carries its record's marking tag, so the banner and the figure's portion
//! mark (a placeholder opening the block) count what the chart prints.

use super::{fail, hash, list_arg, str_arg};
use crate::chart::{self, Chart, FigureSpec};
use crate::data::model::{Programme, Threat, Visit};
use crate::marking::trace::{strip, strip_json, tags_of, Trace};
use crate::markup::CHART_INFO;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, RenderContext,
    RenderError,
};
use serde::de::DeserializeOwned;

pub struct ChartHelper<'a>(pub &'a Trace);

const KINDS: &str = "threat-matrix (threats), visits or programmes";

impl HelperDef for ChartHelper<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let kind = strip(str_arg(h, 0, "chart")?).into_owned();
        let records = list_arg(h, 1, "chart")?;
        let caption = match hash(h, "caption").and_then(Json::as_str) {
            Some(c) if !strip(c).trim().is_empty() => strip(c).into_owned(),
            _ => {
                return Err(fail(
                    "chart",
                    "no caption",
                    "caption=\"…\": what the figure shows, printed as \"Figure N. …\"",
                ))
            }
        };
        let id = hash(h, "id")
            .and_then(Json::as_str)
            .map(|s| strip(s).into_owned());
        // The label of record `i`: its text with the record's marking tag.
        let label = |i: usize, text: String| format!("{text}{}", tags_of(&records[i]));
        let as_of = ctx
            .data()
            .get("as_of")
            .and_then(Json::as_str)
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                fail(
                    "chart",
                    "the brief's date is missing",
                    "the root context's as_of",
                )
            })?;
        let chart: Chart = match kind.as_str() {
            "threat-matrix" => {
                let threats: Vec<Threat> = typed(records, "threats")?;
                chart::threat_matrix(&threats, |i| label(i, threats[i].title.clone()))
            }
            "visits" => {
                let visits: Vec<Visit> = typed(records, "visits")?;
                chart::visit_timeline(&visits, |i| label(i, visits[i].visitor.name.clone()), as_of)
            }
            "programmes" => {
                let programmes: Vec<Programme> = typed(records, "programmes")?;
                let name = |p: &Programme| match &p.acronym {
                    Some(a) if !p.name.contains(a.as_str()) => format!("{} ({a})", p.name),
                    _ => p.name.clone(),
                };
                chart::programme_timeline(&programmes, |i| label(i, name(&programmes[i])), as_of)
            }
            other => {
                return Err(fail(
                    "chart",
                    format!("unknown chart kind {other:?}"),
                    KINDS,
                ))
            }
        };
        let spec = FigureSpec { id, caption, chart };
        let json = serde_json::to_string(&spec)
            .map_err(|e| fail("chart", format!("cannot write the chart: {e}"), "a chart"))?;
        out.write(&format!("```{CHART_INFO}\n{}{json}\n```", self.0.portion()))?;
        Ok(())
    }
}

/// The records as typed records of their kind (`what` names them in the error).
fn typed<T: DeserializeOwned>(records: &[Json], what: &str) -> Result<Vec<T>, RenderError> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            serde_json::from_value(strip_json(r)).map_err(|e| {
                fail(
                    "chart",
                    format!("item {i} of the list is not one of the {what}: {e}"),
                    format!("a list of {what}, such as data.{what}"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    fn threat(id: &str, likelihood: &str) -> serde_json::Value {
        json!({
            "id": id, "classification": "NATO UNCLASSIFIED", "title": format!("Threat {id}"),
            "description": "d", "sources": ["s"],
            "assessment": {"likelihood": likelihood, "impact": "high", "trend": "stable",
                           "confidence": "low", "rationale": "r"}
        })
    }

    #[test]
    fn writes_a_chart_block_of_the_records() {
        let data = json!({"as_of": "2026-11-22", "threats": [threat("a", "likely")]});
        let out = render(
            "{{chart \"threat-matrix\" threats caption=\"Risks\" id=\"fig-r\"}}",
            &data,
        )
        .unwrap();
        assert_eq!(
            out,
            "```chart\n\u{F0002}\u{F0010}\u{F0001}{\"id\":\"fig-r\",\"caption\":\"Risks\",\"chart\":{\"kind\":\"threat-matrix\",\"threats\":[{\"label\":\"Threat a\",\"likelihood\":\"likely\",\"impact\":\"high\",\"trend\":\"stable\"}]}}\n```"
        );
    }

    #[test]
    fn refuses_unknown_kinds_missing_captions_and_other_records() {
        let data = json!({"as_of": "2026-11-22", "threats": [threat("a", "likely")], "n": [1]});
        assert_eq!(
            render("{{chart \"pie\" threats caption=\"C\"}}", &data).unwrap_err(),
            "helper `chart`: unknown chart kind \"pie\""
        );
        assert_eq!(
            render("{{chart \"threat-matrix\" threats}}", &data).unwrap_err(),
            "helper `chart`: no caption"
        );
        let err = render("{{chart \"visits\" threats caption=\"C\"}}", &data).unwrap_err();
        assert!(
            err.starts_with(
                "helper `chart`: item 0 of the list is not one of the visits: unknown field"
            ),
            "{err}"
        );
        let err = render("{{chart \"threat-matrix\" n caption=\"C\"}}", &data).unwrap_err();
        assert!(
            err.starts_with("helper `chart`: item 0 of the list is not one of the threats"),
            "{err}"
        );
    }
}
