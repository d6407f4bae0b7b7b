//! Brief definitions: what a brief is called, which data and template it uses, what it writes.

use crate::data::model::{Classification, Level};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An output format briefwright writes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A Word document.
    Docx,
    /// A typeset PDF.
    Pdf,
    /// The merged Markdown, for readers and other tools.
    Md,
}

impl Format {
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Md => "md",
        }
    }
    pub const ALL: [Format; 3] = [Format::Docx, Format::Pdf, Format::Md];
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == s)
    }
}

/// A brief: `briefs/<name>.json`. Paths are relative to this file, so a copied folder of briefs
/// renders the same anywhere.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub title: String,
    pub subject: String,
    /// The memo's reference, e.g. "BW/AZE/2026/01".
    pub reference: String,
    /// The marking of the whole brief: at least the highest marking of the data it uses.
    pub classification: Classification,
    /// The releasability line printed with the marking, e.g. "Releasable to the public".
    pub releasability: String,
    /// Who the memo is for.
    pub audience: String,
    /// Who prepared it (printed as the author).
    pub prepared_by: String,
    /// Keywords for the documents' metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The Handlebars template, relative to this file.
    pub template: String,
    /// Data files, relative to this file; their records are merged.
    #[schemars(length(min = 1))]
    pub data: Vec<String>,
    /// A theme file merged over the built-in theme, relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The id of the record a single-item brief is about (e.g. one visit); templates find it
    /// under `brief.focus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// What `build` writes when no `--format` is given.
    #[serde(default = "default_outputs")]
    pub outputs: Vec<Format>,
    /// The analyst's own prose: Markdown, inserted as written (the templates' raw form).
    #[serde(default)]
    pub analysis: Analysis,
}

fn default_outputs() -> Vec<Format> {
    vec![Format::Docx, Format::Pdf]
}

/// Curated analytic text. Markdown is allowed here: it is the analyst's rich text, not data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// Bottom line up front: two or three sentences.
    #[serde(default)]
    pub bluf: String,
    #[serde(default)]
    pub key_judgements: Vec<Judgement>,
    /// Paragraphs on the regional context.
    #[serde(default)]
    pub context: Vec<String>,
    /// Paragraphs on the outlook.
    #[serde(default)]
    pub outlook: Vec<String>,
    /// Things to watch for.
    #[serde(default)]
    pub watch: Vec<String>,
}

/// One key judgement with the analyst's confidence and the sources it rests on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    pub text: String,
    pub confidence: Level,
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
}
