//! `glossary data`: the abbreviations the memo uses, each with what it stands for, for
//! `{{#each (glossary data)}}{{term}} {{expansion}}{{/each}}`.
//!
//! Candidates are the programmes' acronyms (their names spell them out; a name that itself
//! contains the acronym, such as "ISAF (NATO mission in Afghanistan)", spells out nothing) and
//! the curated `terms`, which win over an acronym with the same letters. Which of them the memo
//! uses is known only once it is written, so a template with a glossary is rendered twice:
//! the first time the helper lists nothing (its own rows cannot count as uses) and remembers
//! it was asked; the renderer then finds the candidates the text uses (`used_in`) and renders
//! again with them. Entries keep their records' marking tags, so the glossary is marked by what
//! it prints.

use super::arg;
use crate::marking::trace::strip;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, JsonValue as Json, RenderContext, RenderError,
    ScopedJson,
};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// One render's glossary state: whether a template asked for it, and, on the second pass, the
/// terms the memo uses. Handlebars wants helpers `Send + Sync`, hence the atomic and the mutex.
#[derive(Debug, Default)]
pub struct Glossary {
    asked: AtomicBool,
    used: Mutex<Option<BTreeSet<String>>>,
}

impl Glossary {
    /// Whether the template called `glossary` (and so needs a second pass).
    pub fn asked(&self) -> bool {
        self.asked.load(Ordering::Relaxed)
    }

    /// The terms the memo uses: the helper lists these from now on.
    pub fn use_terms(&self, used: BTreeSet<String>) {
        *self.used.lock().unwrap_or_else(|e| e.into_inner()) = Some(used);
    }
}

/// Every candidate entry in `data` (the template's `data`), as `{term, expansion}` with their
/// tags, sorted by term without regard to case; a curated term wins over an acronym.
pub fn candidates(data: &Json) -> Vec<Json> {
    let list = |key: &str| {
        data.get(key)
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut entries: Vec<(String, Json)> = Vec::new();
    let mut add = |term: &Json, expansion: &Json| {
        let key = strip(term.as_str().unwrap_or_default()).trim().to_string();
        if key.is_empty() {
            return;
        }
        let entry = json!({ "term": term, "expansion": expansion });
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = entry,
            None => entries.push((key, entry)),
        }
    };
    for p in list("programmes") {
        let (Some(acronym), Some(name)) = (p.get("acronym"), p.get("name")) else {
            continue;
        };
        let letters = strip(acronym.as_str().unwrap_or_default()).into_owned();
        if !strip(name.as_str().unwrap_or_default()).contains(&letters) {
            add(acronym, name);
        }
    }
    // Curated terms last: they replace an acronym with the same letters.
    for t in list("terms") {
        if let (Some(abbreviation), Some(expansion)) = (t.get("abbreviation"), t.get("expansion")) {
            add(abbreviation, expansion);
        }
    }
    entries.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then_with(|| a.0.cmp(&b.0))
    });
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The terms of `candidates` that `text` (Markdown) uses: each found as a whole word (no letter
/// or digit on either side), case and all, as written or as the Markdown escape writes it
/// (`R\&D` for `R&D`).
pub fn used_in(text: &str, candidates: &[Json]) -> BTreeSet<String> {
    let whole_word = |word: &str| {
        text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    candidates
        .iter()
        .filter_map(|e| e.get("term").and_then(Json::as_str))
        .map(|t| strip(t).trim().to_string())
        .filter(|term| whole_word(term) || whole_word(&crate::template::escape_markdown(term)))
        .collect()
}

pub struct GlossaryHelper<'a>(pub &'a Glossary);

impl HelperDef for GlossaryHelper<'_> {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let data = arg(h, 0, "glossary")?;
        self.0.asked.store(true, Ordering::Relaxed);
        let used = self.0.used.lock().unwrap_or_else(|e| e.into_inner());
        let entries = match used.as_ref() {
            None => Vec::new(),
            Some(used) => candidates(data)
                .into_iter()
                .filter(|e| {
                    let term = e.get("term").and_then(Json::as_str).unwrap_or_default();
                    used.contains(strip(term).trim())
                })
                .collect(),
        };
        Ok(ScopedJson::Derived(Json::Array(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Json {
        json!({
            "programmes": [
                {"name": "Partnership for Peace", "acronym": "PfP"},
                {"name": "ISAF (NATO mission in Afghanistan)", "acronym": "ISAF"},
                {"name": "Euro-Atlantic Partnership Council"},
                {"name": "Planning and Review Process", "acronym": "PARP"}
            ],
            "terms": [
                {"abbreviation": "PURL", "expansion": "Prioritised Ukraine Requirements List"},
                {"abbreviation": "PARP", "expansion": "PfP Planning and Review Process"},
                {"abbreviation": "jatec", "expansion": "lower case sorts among the rest"}
            ]
        })
    }

    fn terms(entries: &[Json]) -> Vec<String> {
        entries
            .iter()
            .map(|e| {
                format!(
                    "{}={}",
                    e["term"].as_str().unwrap(),
                    e["expansion"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn acronyms_and_curated_terms_sorted_curated_winning() {
        assert_eq!(
            terms(&candidates(&data())),
            [
                "jatec=lower case sorts among the rest",
                "PARP=PfP Planning and Review Process",
                "PfP=Partnership for Peace",
                "PURL=Prioritised Ukraine Requirements List",
            ]
        );
    }

    #[test]
    fn only_whole_words_count_as_uses() {
        let c = candidates(&data());
        let used = used_in(
            "The PfP's PARP (since 1997); PURLS and xjatec are not uses.",
            &c,
        );
        assert_eq!(used.into_iter().collect::<Vec<_>>(), ["PARP", "PfP"]);
        // A term with Markdown punctuation is found as the escape writes it.
        let amp = [json!({"term": "R&D", "expansion": "Research and development"})];
        assert!(used_in("Funds for R\\&D.", &amp).contains("R&D"));
        assert!(used_in("Funds for R&D.", &amp).contains("R&D"));
    }

    #[test]
    fn the_first_pass_lists_nothing_and_the_second_what_is_used() {
        use super::super::testing::render_with_glossary;
        let g = Glossary::default();
        let t = "{{#each (glossary this)}}{{term}};{{/each}}";
        assert_eq!(render_with_glossary(t, &data(), &g).unwrap(), "");
        assert!(g.asked());
        g.use_terms(["PURL".to_string(), "PfP".to_string()].into());
        assert_eq!(render_with_glossary(t, &data(), &g).unwrap(), "PfP;PURL;");
    }
}
