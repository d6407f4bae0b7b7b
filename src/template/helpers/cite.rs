//! `cite id [id…]`: one footnote per citation, and the footnote definitions `render_markdown`
//! appends.
//!
//! Each citation is its own note, as in a policy paper (Chicago notes): a note lists the
//! sources of one statement, in full the first time the document cites a source and in short
//! ("APA, late 2025 or 2026 (Source 2)") after that. Every note then has exactly one reference, so Word
//! makes each a real footnote and both writers print it on the page that cites it.

use super::source::lookup;
use super::{arg, describe, fail};
use crate::data::date::PartialDate;
use crate::marking::trace::{strip, tags_of, Trace};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, RenderContext,
    RenderError,
};
use std::collections::HashSet;
use std::sync::Mutex;

/// The citations of one render, in order: each the source ids of one note. Handlebars wants
/// its helpers `Send + Sync`, hence a `Mutex` rather than a `RefCell`; make a fresh one per
/// render.
#[derive(Debug, Default)]
pub struct Citations {
    notes: Mutex<Vec<Vec<String>>>,
}

impl Citations {
    /// Records one citation of `ids` (repeats dropped) and returns its footnote label: `c1`
    /// for the first citation of the render, `c2` for the next, and so on.
    pub fn cite(&self, ids: &[&str]) -> String {
        let mut notes = self.notes.lock().unwrap_or_else(|e| e.into_inner());
        let mut note: Vec<String> = Vec::new();
        for id in ids {
            if !note.iter().any(|n| n == id) {
                note.push(id.to_string());
            }
        }
        notes.push(note);
        format!("c{}", notes.len())
    }

    /// Forgets every citation, for a second pass over the same template.
    pub fn clear(&self) {
        self.notes.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The footnote definitions, one paragraph each, sources separated by semicolons: in full
    /// at a source's first citation, `[^c1]: Publisher, *Title*, 17 March 2024 ([Source 3](#src-id)).`,
    /// and in short after it, `[^c4]: Publisher, 17 March 2024 ([Source 3](#src-id)).` N is
    /// the source's place in the data (and so in the source annex); every value is escaped
    /// with `escape`.
    ///
    /// Each note opens with a portion-mark placeholder from `trace`, and each entry carries the
    /// marking tag of its source, so notes are marked like any paragraph.
    pub fn definitions(
        &self,
        sources: &[Json],
        escape: &dyn Fn(&str) -> String,
        trace: &Trace,
    ) -> String {
        let notes = self.notes.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = HashSet::new();
        let mut out = String::new();
        for (i, ids) in notes.iter().enumerate() {
            let entries: Vec<String> = ids
                .iter()
                .filter_map(|id| {
                    let (n, s) = sources
                        .iter()
                        .enumerate()
                        .find(|(_, s)| s.get("id").and_then(Json::as_str) == Some(id))?;
                    let text = entry(s, n + 1, id, seen.insert(id.clone()), escape);
                    Some(format!("{text}{}", tags_of(s)))
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "[^c{}]: {}{}.\n\n",
                i + 1,
                trace.portion(),
                entries.join("; ")
            ));
        }
        out
    }
}

/// One source in a note: publisher, title (or label) and date in full; publisher and date in
/// short; then the link to its annex entry.
fn entry(s: &Json, n: usize, id: &str, full: bool, escape: &dyn Fn(&str) -> String) -> String {
    let get = |k: &str| s.get(k).and_then(Json::as_str);
    let mut parts = Vec::new();
    if let Some(p) = get("publisher") {
        parts.push(escape(p));
    }
    if full {
        match get("title") {
            Some(t) => parts.push(format!("*{}*", escape(t))),
            None => parts.push(escape(get("label").unwrap_or(id))),
        }
    }
    if let Some(d) = get("date").and_then(|d| PartialDate::parse(&strip(d)).ok()) {
        if !parts.is_empty() {
            parts.push(escape(&d.long()));
        }
    }
    let link = format!("[Source {n}](#src-{id})");
    if parts.is_empty() {
        link
    } else {
        format!("{} ({link})", parts.join(", "))
    }
}

/// The `cite` helper over one render's [`Citations`].
pub struct CiteHelper<'a>(pub &'a Citations);

impl HelperDef for CiteHelper<'_> {
    /// `{{cite "s1" "s2"}}` or `{{cite sources}}` (a list of ids) → `[^c1]`, one note.
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
        for id in &ids {
            lookup(ctx, "cite", id)?;
        }
        out.write(&format!("[^{}]", self.0.cite(&ids)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use super::Citations;
    use serde_json::json;

    #[test]
    fn one_note_per_citation_in_order() {
        let d =
            json!({"data": {"sources": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}, "l": ["c", "a"]});
        assert_eq!(
            render("x{{cite \"b\"}} y{{cite l}} z{{cite \"b\" \"c\"}}", &d).unwrap(),
            "x[^c1] y[^c2] z[^c3]"
        );
        assert_eq!(
            render("{{cite \"nope\"}}", &d).unwrap_err(),
            "helper `cite`: unknown source id \"nope\""
        );
    }

    #[test]
    fn definitions_are_full_then_short_and_escaped() {
        let sources = vec![
            json!({"id": "s1", "label": "Interview", "publisher": "APA", "title": "Shekerinska: *peace*", "date": "2026-02"}),
            json!({"id": "s2", "label": "Press remarks [video]"}),
        ];
        let c = Citations::default();
        c.cite(&["s2"]);
        c.cite(&["s1", "s2", "s1"]);
        c.cite(&["s1"]);
        let trace = crate::marking::trace::Trace::default();
        let notes = c.definitions(&sources, &crate::template::escape_markdown, &trace);
        assert_eq!(
            crate::marking::trace::strip(&notes),
            "[^c1]: Press remarks \\[video\\] ([Source 2](#src-s2)).\n\n\
             [^c2]: APA, *Shekerinska: \\*peace\\**, February 2026 ([Source 1](#src-s1)); [Source 2](#src-s2).\n\n\
             [^c3]: APA, February 2026 ([Source 1](#src-s1)).\n\n"
        );
    }
}
