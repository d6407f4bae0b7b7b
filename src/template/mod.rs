//! Handlebars: the registry, its Markdown escaping, strict mode and the helpers.

pub mod helpers;

use crate::data::load::LoadedBrief;
use crate::diag::{Diagnostic, Diagnostics};

/// Renders a brief's template into Markdown.
pub fn render_markdown(
    brief: &LoadedBrief,
    as_of: chrono::NaiveDate,
) -> Result<String, Diagnostics> {
    let _ = as_of;
    Err(Diagnostic::new("templates are not written yet")
        .in_file(brief.resolve(&brief.file.template))
        .into())
}
