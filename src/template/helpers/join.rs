//! `join list [sep=", "] [field="name"]`: a list printed inline, each item escaped.

use super::{describe, escape, fail, field, hash, list_arg, text};
use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};

/// `{{join topics}}` → `energy security, Ukraine`; `{{join counterparts field="name" sep="; "}}`.
/// Items are data, so each is escaped; the separator is template markup and prints as written.
pub fn join(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    rc: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let list = list_arg(h, 0, "join")?;
    let sep = hash(h, "sep").and_then(|v| v.as_str()).unwrap_or(", ");
    let path = hash(h, "field").and_then(|v| v.as_str());
    let mut parts = Vec::with_capacity(list.len());
    for item in list {
        let v = match path {
            Some(p) => field(item, p).ok_or_else(|| {
                fail(
                    "join",
                    format!("an item has no field {p:?}"),
                    "every item to have the field",
                )
            })?,
            None => item,
        };
        let s = text(v).ok_or_else(|| {
            fail(
                "join",
                format!("cannot print {} as text", describe(v)),
                "a list of strings, or field=\"…\" naming a text field of each record",
            )
        })?;
        parts.push(escape(r, rc, &s));
    }
    out.write(&parts.join(sep))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn joins_escaped_items_with_a_raw_separator() {
        let d = json!({"t": ["energy", "a*b", "c|d"], "p": [{"name": "Ilham Aliyev"}, {"name": "J. Bayramov"}]});
        assert_eq!(render("{{join t}}", &d).unwrap(), "energy, a\\*b, c\\|d");
        assert_eq!(
            render("{{join p field=\"name\" sep=\" and \"}}", &d).unwrap(),
            "Ilham Aliyev and J. Bayramov"
        );
        assert_eq!(
            render("{{join p}}", &d).unwrap_err(),
            "helper `join`: cannot print an object as text"
        );
    }
}
