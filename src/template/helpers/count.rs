//! `count list`: how many items a list (or keys an object) has.

use super::{arg, describe, fail};
use handlebars::{Context, Helper, JsonValue as Json, RenderError};

/// `{{count data.visits}}` → `3`. Null counts as zero.
pub fn count(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let n = match arg(h, 0, "count")? {
        Json::Array(a) => a.len(),
        Json::Object(o) => o.len(),
        Json::Null => 0,
        other => {
            return Err(fail(
                "count",
                format!("cannot count {}", describe(other)),
                "a list",
            ))
        }
    };
    Ok(Json::from(n))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn counts_lists_and_composes_with_if() {
        let d = json!({"a": [1, 2, 3], "e": []});
        assert_eq!(render("{{count a}}/{{count e}}", &d).unwrap(), "3/0");
        assert_eq!(
            render("{{#if (count e)}}some{{else}}none{{/if}}", &d).unwrap(),
            "none"
        );
        assert_eq!(
            render("{{count a.0}}", &d).unwrap_err(),
            "helper `count`: cannot count the number 1"
        );
    }
}
