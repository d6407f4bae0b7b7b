//! briefwright: curated JSON → Handlebars → Markdown → one document tree → PDF and DOCX memos.
//!
//! One module per pipeline step: `data` (typed records, loading, validation), `brief` (brief
//! definitions), `template` (Handlebars registry and helpers), `markup` (Markdown → tree), `doc`
//! (the tree), `theme`, `layout` (tree → positioned pages, for the PDF), `renderer` (one writer
//! per format), `diag` (diagnostics), `pipeline` (a brief from file to outputs), `cli`.

pub mod analytic;
pub mod brief;
pub mod chart;
pub mod cli;
pub mod data;
pub mod diag;
pub mod doc;
pub mod edition;
// A sample tree for the writers' unit tests: kept with the tests, outside the library.
#[cfg(test)]
#[path = "../tests/fixtures/sample.rs"]
mod fixture;
pub mod freshness;
pub mod glyphs;
pub mod input;
pub mod layout;
pub mod marking;
pub mod markup;
pub mod output;
pub mod pipeline;
pub mod renderer;
pub mod report;
pub mod style;
pub mod template;
pub mod theme;
