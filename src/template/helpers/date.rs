//! `date d [form]` and `date_range start [end]`: partial dates printed at their precision, and
//! dates the sources only bound (`2025-09/2026`) printed with their uncertainty.

use super::{arg, fail, opt_arg};
use crate::data::date::PartialDate;
use handlebars::{Context, Helper, JsonRender, JsonValue as Json, RenderError};

const EXPECTED: &str =
    "a date written YYYY, YYYY-MM or YYYY-MM-DD, or an interval EARLIEST/LATEST of two such dates";

/// Parses a helper argument as a [`PartialDate`].
pub fn parse(helper: &'static str, v: &Json) -> Result<PartialDate, RenderError> {
    let s = v.as_str().ok_or_else(|| {
        fail(
            helper,
            format!("{} is not a date", super::describe(v)),
            EXPECTED,
        )
    })?;
    PartialDate::parse(&crate::marking::trace::strip(s)).map_err(|e| fail(helper, e, EXPECTED))
}

/// `{{date start}}` → `17 March 2024`; `{{date start "short"}}` → `17 Mar 2024`;
/// `{{date start "dtg"}}` → `17 MAR 24`. A month prints as `April 2022`, a year as `2026`; a
/// date known only to lie in `2025-09/2026` as `late 2025 or 2026` (long and short) and
/// `SEP 25/2026` (dtg).
pub fn date(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let d = parse("date", arg(h, 0, "date")?)?;
    let form = opt_arg(h, 1).map(|v| v.render());
    Ok(Json::String(match form.as_deref().unwrap_or("long") {
        "long" => d.long(),
        "short" => d.short(),
        "dtg" => d.dtg(),
        other => {
            return Err(fail(
                "date",
                format!("unknown form {other:?}"),
                "one of \"long\", \"short\" or \"dtg\"",
            ))
        }
    }))
}

/// `{{date_range start end}}` → `17–19 March 2024`; a missing or null end prints the start, so
/// a start of `2025-09/2026` alone prints `late 2025 or 2026`.
pub fn date_range(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let start = parse("date_range", arg(h, 0, "date_range")?)?;
    let end = opt_arg(h, 1).map(|v| parse("date_range", v)).transpose()?;
    Ok(Json::String(PartialDate::range_long(&start, end.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn prints_each_precision_in_each_form() {
        let data = json!({"d": "2024-03-17", "m": "2022-04", "y": "2026"});
        let out = render(
            "{{{date d}}}|{{{date m}}}|{{{date y}}}|{{{date d \"short\"}}}|{{{date m \"short\"}}}|{{{date d \"dtg\"}}}|{{{date m \"dtg\"}}}|{{{date y \"dtg\"}}}",
            &data,
        )
        .unwrap();
        assert_eq!(
            out,
            "17 March 2024|April 2022|2026|17 Mar 2024|Apr 2022|17 MAR 24|APR 22|2026"
        );
    }

    #[test]
    fn ranges_at_precision_and_without_an_end() {
        let data = json!({"a": "2024-03-17", "b": "2024-03-19", "m": "2022-04"});
        assert_eq!(
            render(
                "{{{date_range a b}}}|{{{date_range m nope}}}|{{{date_range a a}}}",
                &data
            )
            .unwrap(),
            "17–19 March 2024|April 2022|17 March 2024"
        );
    }

    #[test]
    fn prints_a_bounded_date_in_each_form_and_range() {
        let data = json!({"u": "2025-09/2026", "e": "2026-03"});
        assert_eq!(
            render(
                "{{{date u}}}|{{{date u \"short\"}}}|{{{date u \"dtg\"}}}|{{{date_range u nope}}}|{{{date_range u e}}}",
                &data
            )
            .unwrap(),
            "late 2025 or 2026|late 2025 or 2026|SEP 25/2026|late 2025 or 2026|from late 2025 or 2026 to March 2026"
        );
        assert_eq!(
            render("{{date d}}", &json!({"d": "2026/2025-09"})).unwrap_err(),
            "helper `date`: invalid date \"2026/2025-09\": the interval ends (2025-09) before it starts (2026)"
        );
    }

    #[test]
    fn escapes_by_default_and_rejects_bad_dates() {
        assert_eq!(
            render("{{date d \"short\"}}", &json!({"d": "2024-03-17"})).unwrap(),
            "17 Mar 2024"
        );
        assert_eq!(
            render("{{date d}}", &json!({"d": "2024-02-30"})).unwrap_err(),
            "helper `date`: invalid date \"2024-02-30\": no such day in the calendar"
        );
        assert_eq!(
            render("{{date d \"iso\"}}", &json!({"d": "2024"})).unwrap_err(),
            "helper `date`: unknown form \"iso\""
        );
    }
}
