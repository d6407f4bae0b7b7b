//! `sort list "field" [desc=true]`: records ordered by a dotted field, dates chronologically.

use super::{field, hash, list_arg, str_arg};
use crate::data::date::PartialDate;
use crate::data::model::{Level, Likelihood};
use crate::marking::trace::strip;
use handlebars::{Context, Helper, JsonValue as Json, RenderError};
use std::cmp::Ordering;

/// Orders two field values: partial dates by time (an uncertain one by its earliest day), ICD 203 terms and levels by their scale,
/// numbers numerically, other strings as text. A missing or null value sorts last.
pub fn compare(a: Option<&Json>, b: Option<&Json>) -> Ordering {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => compare_values(a, b),
    }
}

fn compare_values(a: &Json, b: &Json) -> Ordering {
    match (a, b) {
        (Json::String(x), Json::String(y)) => {
            // Compare what is printed, not the marking tags a value carries.
            let (x, y) = (strip(x), strip(y));
            let (a, b) = (&Json::String(x.to_string()), &Json::String(y.to_string()));
            if let (Ok(x), Ok(y)) = (PartialDate::parse(&x), PartialDate::parse(&y)) {
                return x.cmp(&y);
            }
            if let (Ok(x), Ok(y)) = (
                serde_json::from_value::<Likelihood>(a.clone()),
                serde_json::from_value::<Likelihood>(b.clone()),
            ) {
                return x.cmp(&y);
            }
            if let (Ok(x), Ok(y)) = (
                serde_json::from_value::<Level>(a.clone()),
                serde_json::from_value::<Level>(b.clone()),
            ) {
                return x.cmp(&y);
            }
            x.cmp(&y)
        }
        (Json::Number(x), Json::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Json::Bool(x), Json::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// `{{#each (sort data.visits "start" desc=true)}}`: a stable sort; `desc=true` reverses the
/// order but keeps records without the field last.
pub fn sort(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let list = list_arg(h, 0, "sort")?;
    let path = str_arg(h, 1, "sort")?;
    let desc = hash(h, "desc").and_then(Json::as_bool).unwrap_or(false);
    let mut items = list.clone();
    items.sort_by(|a, b| {
        let (fa, fb) = (field(a, path), field(b, path));
        let missing = |v: Option<&Json>| v.is_none_or(Json::is_null);
        if desc && !missing(fa) && !missing(fb) {
            compare(fb, fa)
        } else {
            compare(fa, fb)
        }
    });
    Ok(Json::Array(items))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    fn data() -> serde_json::Value {
        json!({"visits": [
            {"id": "b", "start": "2024-03-17", "who": {"name": "Stoltenberg"}},
            {"id": "a", "start": "2022-04", "who": {"name": "Colomina"}},
            {"id": "n", "who": {"name": "Nobody"}},
            {"id": "c", "start": "2025-09/2026", "who": {"name": "Shekerinska"}},
            {"id": "d", "start": "2024-03", "who": {"name": "Earlier in March"}}
        ]})
    }

    #[test]
    fn sorts_dates_chronologically_both_ways_missing_last() {
        let t = "{{#each (sort visits \"start\")}}{{id}}{{/each}}";
        assert_eq!(render(t, &data()).unwrap(), "adbcn");
        let t = "{{#each (sort visits \"start\" desc=true)}}{{id}}{{/each}}";
        assert_eq!(render(t, &data()).unwrap(), "cbdan");
    }

    #[test]
    fn sorts_by_dotted_path_and_scales() {
        let t = "{{#each (sort visits \"who.name\")}}{{id}}{{/each}}";
        assert_eq!(render(t, &data()).unwrap(), "adncb");
        let t = "{{#each (sort l \"x\")}}{{x}} {{/each}}";
        let l = json!({"l": [{"x": "likely"}, {"x": "unlikely"}, {"x": "almost-certain"}]});
        assert_eq!(render(t, &l).unwrap(), "unlikely likely almost-certain ");
    }

    #[test]
    fn rejects_a_non_list() {
        assert_eq!(
            render("{{sort visits.0 \"id\"}}", &data()).unwrap_err(),
            "helper `sort`: argument 1 is an object, not a list"
        );
    }
}
