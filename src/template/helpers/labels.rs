//! `admiralty`, `estimative`, `level`, `trend`, `status`, `confidence`: the model's enum values
//! printed with the model's own labels.

use super::{arg, describe, fail};
use crate::data::model::{credibility_label, Grading, Level, Likelihood, ProgrammeStatus, Trend};
use crate::marking::trace::strip_json;
use handlebars::{Context, Helper, JsonValue as Json, RenderError};
use serde::de::DeserializeOwned;

/// The first argument read as one of the model's types.
fn typed<T: DeserializeOwned>(
    h: &Helper<'_>,
    helper: &'static str,
    expected: &'static str,
) -> Result<T, RenderError> {
    let v = arg(h, 0, helper)?;
    serde_json::from_value(strip_json(v)).map_err(|_| {
        fail(
            helper,
            format!("{} is not {expected}", describe(v)),
            expected,
        )
    })
}

/// `{{admiralty grading}}` → `B2 — usually reliable, probably true`.
pub fn admiralty(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let expected = "an Admiralty grading: {\"reliability\": \"A\"…\"F\", \"credibility\": 1…6}";
    let g: Grading = typed(h, "admiralty", expected)?;
    let cred = credibility_label(g.credibility).ok_or_else(|| {
        fail(
            "admiralty",
            format!("credibility {} is not 1 to 6", g.credibility),
            expected,
        )
    })?;
    Ok(Json::String(format!(
        "{}{} — {}, {}",
        g.reliability.letter(),
        g.credibility,
        g.reliability.label().to_lowercase(),
        cred.to_lowercase()
    )))
}

/// `{{estimative likelihood}}` → `likely`; `{{estimative likelihood band=true}}` →
/// `Likely (55–80%)`.
pub fn estimative(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let l: Likelihood = typed(
        h,
        "estimative",
        "an ICD 203 likelihood such as \"likely\" or \"roughly-even-chance\"",
    )?;
    let band = super::hash(h, "band")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    Ok(Json::String(if band {
        l.label().to_string()
    } else {
        l.term().to_string()
    }))
}

const LEVEL: &str = "\"low\", \"moderate\" or \"high\"";

/// `{{level impact}}` → `High`.
pub fn level(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let l: Level = typed(h, "level", LEVEL)?;
    Ok(Json::String(l.label().into()))
}

/// `{{confidence confidence}}` → `moderate confidence`.
pub fn confidence(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let l: Level = typed(h, "confidence", LEVEL)?;
    Ok(Json::String(format!(
        "{} confidence",
        l.label().to_lowercase()
    )))
}

/// `{{trend trend}}` → `Increasing`.
pub fn trend(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let t: Trend = typed(h, "trend", "\"increasing\", \"stable\" or \"decreasing\"")?;
    Ok(Json::String(t.label().into()))
}

/// `{{status status}}` → `Being finalised`.
pub fn status(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let s: ProgrammeStatus = typed(
        h,
        "status",
        "\"active\", \"in-preparation\", \"superseded\" or \"concluded\"",
    )?;
    Ok(Json::String(s.label().into()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn prints_the_model_labels() {
        let d = json!({
            "g": {"reliability": "B", "credibility": 2},
            "f": {"reliability": "F", "credibility": 6},
            "l": "likely", "e": "roughly-even-chance", "c": "moderate", "t": "increasing",
            "s": "in-preparation"
        });
        let t = "{{{admiralty g}}}|{{{admiralty f}}}|{{estimative l}}|{{estimative e}}|{{{estimative l band=true}}}|{{level c}}|{{confidence c}}|{{trend t}}|{{status s}}";
        assert_eq!(
            render(t, &d).unwrap(),
            "B2 — usually reliable, probably true|F6 — reliability cannot be judged, truth cannot be judged|likely|roughly even chance|Likely (55–80%)|Moderate|moderate confidence|Increasing|Being finalised"
        );
    }

    #[test]
    fn rejects_values_outside_the_scale() {
        assert_eq!(
            render("{{level x}}", &json!({"x": "severe"})).unwrap_err(),
            "helper `level`: the string \"severe\" is not \"low\", \"moderate\" or \"high\""
        );
    }
}
