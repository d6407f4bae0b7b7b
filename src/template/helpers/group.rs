//! `group list "field"`: records grouped by a field, as `{key, items}` in first-seen order.

use super::{field, list_arg, str_arg};
use crate::marking::trace::strip_json;
use handlebars::{Context, Helper, JsonValue as Json, RenderError};
use serde_json::json;

/// `{{#each (group data.programmes "kind")}}{{key}}: {{count items}}{{/each}}`. Records without
/// the field group under a null key.
pub fn group(h: &Helper<'_>, _: &Context) -> Result<Json, RenderError> {
    let list = list_arg(h, 0, "group")?;
    let path = str_arg(h, 1, "group")?;
    let mut groups: Vec<(Json, Vec<Json>)> = Vec::new();
    for r in list {
        let key = field(r, path).map(strip_json).unwrap_or(Json::Null);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push(r.clone()),
            None => groups.push((key, vec![r.clone()])),
        }
    }
    Ok(Json::Array(
        groups
            .into_iter()
            .map(|(key, items)| json!({"key": key, "items": items}))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn groups_in_first_seen_order() {
        let d = json!({"p": [
            {"id": "pfp", "kind": "programme"},
            {"id": "isaf", "kind": "mission"},
            {"id": "parp", "kind": "programme"},
            {"id": "x"}
        ]});
        let t = "{{#each (group p \"kind\")}}[{{key}}:{{#each items}}{{id}},{{/each}}]{{/each}}";
        assert_eq!(
            render(t, &d).unwrap(),
            "[programme:pfp,parp,][mission:isaf,][:x,]"
        );
    }
}
