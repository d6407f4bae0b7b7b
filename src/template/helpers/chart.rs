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
