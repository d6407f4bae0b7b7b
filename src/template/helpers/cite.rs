//! `cite id [id…]`: footnote references, one label per source per render, and the footnote
//! definitions `render_markdown` appends.

use super::source::lookup;
use super::{arg, describe, fail};
use crate::data::date::PartialDate;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, RenderContext,
    RenderError,
};
use std::sync::Mutex;

/// The sources cited so far in one render, in order of first citation. Handlebars wants its
/// helpers `Send + Sync`, hence a `Mutex` rather than a `RefCell`; make a fresh one per render.
#[derive(Debug, Default)]
pub struct Citations {
    order: Mutex<Vec<String>>,
}

impl Citations {
    /// The footnote label of `id`: `c1` for the first source cited, reused when cited again.
    pub fn label(&self, id: &str) -> String {
        let mut order = self.order.lock().unwrap_or_else(|e| e.into_inner());
        let n = match order.iter().position(|s| s == id) {
            Some(i) => i + 1,
            None => {
                order.push(id.to_string());
                order.len()
            }
        };
        format!("c{n}")
    }

    /// The ids cited, in order of first citation.
    pub fn cited(&self) -> Vec<String> {
        self.order.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The footnote definitions for every cited source, one paragraph each:
    /// `[^c1]: Publisher, *Title*, 17 March 2024. [Source 3](#src-id)`, every value escaped
    /// with `escape`. N is the source's place in the data (and so in the source annex).
    pub fn definitions(&self, sources: &[Json], escape: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        for (i, id) in self.cited().iter().enumerate() {
            let Some((n, s)) = sources
                .iter()
                .enumerate()
                .find(|(_, s)| s.get("id").and_then(Json::as_str) == Some(id))
            else {
                continue;
            };
            let get = |k: &str| s.get(k).and_then(Json::as_str);
            let label = get("label").unwrap_or(id);
            let mut parts = Vec::new();
            if let Some(p) = get("publisher") {
                parts.push(escape(p));
            }
            match get("title") {
                Some(t) => parts.push(format!("*{}*", escape(t))),
                None => parts.push(escape(label)),
            }
            if let Some(d) = get("date").and_then(|d| PartialDate::parse(d).ok()) {
                parts.push(escape(&d.long()));
            }
            out.push_str(&format!(
                "[^c{}]: {}. [Source {}](#src-{id})\n\n",
                i + 1,
                parts.join(", "),
                n + 1
            ));
        }
        out
    }
}

/// The `cite` helper over one render's [`Citations`].
pub struct CiteHelper<'a>(pub &'a Citations);

impl HelperDef for CiteHelper<'_> {
    /// `{{cite "s1" "s2"}}` or `{{cite sources}}` (a list of ids) → `[^c1][^c2]`.
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let mut ids: Vec<&str> = Vec::new();
        arg(h, 0, "cite")?;
        for (i, p) in h.params().iter().enumerate() {
            if p.is_value_missing() {
                return Err(RenderError::strict_error(p.relative_path()));
            }
            let bad = |v: &Json| {
                fail(
                    "cite",
                    format!("argument {} is {}, not a source id", i + 1, describe(v)),
                    "source ids, or a list of them",
                )
            };
            match p.value() {
                Json::String(s) => ids.push(s),
                Json::Array(a) => {
                    for v in a {
                        ids.push(v.as_str().ok_or_else(|| bad(v))?);
                    }
                }
                v => return Err(bad(v)),
            }
        }
        for id in ids {
            lookup(ctx, "cite", id)?;
            out.write(&format!("[^{}]", self.0.label(id)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use super::Citations;
    use serde_json::json;

    #[test]
    fn numbers_in_first_citation_order_and_reuses_labels() {
        let d =
            json!({"data": {"sources": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}, "l": ["c", "a"]});
        assert_eq!(
            render("x{{cite \"b\"}} y{{cite l}} z{{cite \"b\" \"c\"}}", &d).unwrap(),
            "x[^c1] y[^c2][^c3] z[^c1][^c2]"
        );
        assert_eq!(
            render("{{cite \"nope\"}}", &d).unwrap_err(),
            "helper `cite`: unknown source id \"nope\""
        );
    }

    #[test]
    fn definitions_escape_and_fall_back_to_the_label() {
        let sources = vec![
            json!({"id": "s1", "label": "Interview", "publisher": "APA", "title": "Shekerinska: *peace*", "date": "2026-02"}),
            json!({"id": "s2", "label": "Press remarks [video]"}),
        ];
        let c = Citations::default();
        c.label("s2");
        c.label("s1");
        assert_eq!(
            c.definitions(&sources, &crate::template::escape_markdown),
            "[^c1]: Press remarks \\[video\\]. [Source 2](#src-s2)\n\n[^c2]: APA, *Shekerinska\\: \\*peace\\**, February 2026. [Source 1](#src-s1)\n\n"
        );
    }
}
