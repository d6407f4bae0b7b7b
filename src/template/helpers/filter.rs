//! `filter list "field" value` and `filter list "field" ne=value`: records by equality.

use super::{arg, field, hash, list_arg, str_arg};
use crate::marking::trace::strip_json;
use handlebars::{Context, Helper, JsonValue as Json, RenderError};

/// Keeps the records whose dotted `field` equals `value` (or, with `ne=`, differs from it; a
/// missing field counts as null).
pub fn filter(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let list = list_arg(h, 0, "filter")?;
    let path = str_arg(h, 1, "filter")?;
    let null = Json::Null;
    // Values compare without the marking tags they carry.
    let keep: Box<dyn Fn(&Json) -> bool> = match hash(h, "ne") {
        Some(ne) => {
            let ne = strip_json(ne);
            Box::new(move |v| strip_json(v) != ne)
        }
        None => {
            let eq = strip_json(arg(h, 2, "filter")?);
            Box::new(move |v| strip_json(v) == eq)
        }
    };
    Ok(Json::Array(
        list.iter()
            .filter(|r| keep(field(r, path).unwrap_or(&null)))
            .cloned()
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn keeps_equal_or_unequal_records() {
        let d = json!({"p": [
            {"id": "pfp", "kind": "programme", "x": {"n": 1}},
            {"id": "isaf", "kind": "mission", "x": {"n": 2}},
            {"id": "kfor", "kind": "mission"}
        ]});
        let t = "{{#each (filter p \"kind\" \"mission\")}}{{id}} {{/each}}";
        assert_eq!(render(t, &d).unwrap(), "isaf kfor ");
        let t = "{{#each (filter p \"kind\" ne=\"mission\")}}{{id}} {{/each}}";
        assert_eq!(render(t, &d).unwrap(), "pfp ");
        let t = "{{#each (filter p \"x.n\" 2)}}{{id}}{{/each}}";
        assert_eq!(render(t, &d).unwrap(), "isaf");
        let t = "{{count (filter p \"kind\" \"forum\")}}";
        assert_eq!(render(t, &d).unwrap(), "0");
    }
}
