//! Brief definitions: what a brief is called, which data and template it uses, what it writes.

use crate::data::date::PartialDate;
use crate::data::model::{Classification, Level};
use crate::marking::Audience;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    /// The brief's own marking: the banner never prints below it, and is raised to the highest
    /// marking of what the memo actually contains.
    pub classification: Classification,
    /// The highest marking the memo may contain: every record and analysis item above it is
    /// withheld before the template runs. Default: `classification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<Classification>,
    /// The audiences the memo goes to: every record and analysis item not releasable to all of
    /// them is withheld. The printed releasability line is computed from what is rendered.
    #[serde(default = "nato_only")]
    #[schemars(length(min = 1))]
    pub release_to: Vec<Audience>,
    /// Start every paragraph, list item, table row and quote that comes from a record or an
    /// analysis item with its abbreviated marking, e.g. (NU). Default: on whenever anything
    /// rendered is above NATO UNCLASSIFIED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portion_marks: Option<bool>,
    /// Versions rendered from one brief in one build, each filtered, bannered and checked on its
    /// own (e.g. a NATO SECRET staff version and a public one). None: one version, from
    /// `ceiling` and `release_to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    /// How old a source may be at the as-of date before `check` and `build` warn, e.g.
    /// "18 months", "2 years", "90 days".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[1-9][0-9]{0,3} (day|week|month|year)s?$"))]
    pub stale_after: Option<String>,
    /// Who the memo is for.
    pub audience: String,
    /// Who prepared it (printed as the author).
    pub prepared_by: String,
    /// Keywords for the documents' metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The most pages a version may run to: a longer memo is a warning on its build line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_pages: Option<usize>,
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

fn nato_only() -> Vec<Audience> {
    vec![Audience::Nato]
}

/// One version of a brief: its own ceiling, audiences and file names.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Added to the brief's name in output file names: "-public" writes
    /// `nato-azerbaijan-public.pdf`. Empty for the version named as the brief is.
    #[schemars(regex(pattern = r"^[A-Za-z0-9._-]{0,40}$"))]
    pub suffix: String,
    /// The highest marking this version may contain.
    pub ceiling: Classification,
    /// The audiences this version goes to.
    #[schemars(length(min = 1))]
    pub release_to: Vec<Audience>,
    /// As the brief's `portion_marks`, for this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portion_marks: Option<bool>,
}

/// A brief's name: its file name without `.json`. Outputs, and the record of what was built
/// for it, are named after it.
pub fn brief_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Version {
    /// Where this version of the brief `name` writes `format`: `<out>/<name><suffix>.<ext>`.
    pub fn output(&self, out_dir: &Path, name: &str, format: Format) -> PathBuf {
        out_dir.join(format!("{name}{}.{}", self.suffix, format.extension()))
    }
}

impl BriefFile {
    /// The versions to render: those listed, or the one the brief's own fields describe.
    pub fn versions(&self) -> Vec<Version> {
        if !self.versions.is_empty() {
            return self.versions.clone();
        }
        vec![Version {
            suffix: String::new(),
            ceiling: self.ceiling.unwrap_or(self.classification),
            release_to: self.release_to.clone(),
            portion_marks: self.portion_marks,
        }]
    }
}

/// Curated analytic text. Markdown is allowed here: it is the analyst's rich text, not data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// Bottom line up front: two or three sentences.
    #[serde(default)]
    pub bluf: AnalysisText,
    #[serde(default)]
    pub key_judgements: Vec<Judgement>,
    /// Paragraphs on the regional context.
    #[serde(default)]
    pub context: Vec<AnalysisText>,
    /// Paragraphs on the outlook.
    #[serde(default)]
    pub outlook: Vec<AnalysisText>,
    /// Things to watch for.
    #[serde(default)]
    pub watch: Vec<AnalysisText>,
}

/// A piece of the analyst's prose: a plain string (marked as the brief), or the text with its
/// own marking.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnalysisText {
    Plain(String),
    Marked(MarkedText),
}

impl Default for AnalysisText {
    fn default() -> Self {
        AnalysisText::Plain(String::new())
    }
}

impl AnalysisText {
    pub fn text(&self) -> &str {
        match self {
            AnalysisText::Plain(t) => t,
            AnalysisText::Marked(m) => &m.text,
        }
    }
    pub fn classification(&self) -> Option<Classification> {
        match self {
            AnalysisText::Plain(_) => None,
            AnalysisText::Marked(m) => m.classification,
        }
    }
    pub fn releasable_to(&self) -> Option<&[Audience]> {
        match self {
            AnalysisText::Plain(_) => None,
            AnalysisText::Marked(m) => m.releasable_to.as_deref(),
        }
    }
    pub fn valid_until(&self) -> Option<&PartialDate> {
        match self {
            AnalysisText::Plain(_) => None,
            AnalysisText::Marked(m) => m.valid_until.as_ref(),
        }
    }
}

/// Analytic prose with its own marking.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkedText {
    pub text: String,
    /// Its marking; default: the brief's `classification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Who it may be released to; default: the brief's `release_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    /// The last date the text holds, e.g. the date of an event it calls upcoming: a brief
    /// dated on or after it warns that the text may be out of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<PartialDate>,
}

/// One key judgement with the analyst's confidence and the sources it rests on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    pub text: String,
    pub confidence: Level,
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
    /// Its marking; default: the brief's `classification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Who it may be released to; default: the brief's `release_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub releasable_to: Option<Vec<Audience>>,
    /// As for analysis text: the last date the judgement holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<PartialDate>,
}
