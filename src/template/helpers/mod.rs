//! Handlebars helpers, one family per file, registered in one place.
//!
//! Helpers that compute a value (`sort`, `source`, `date`…) return JSON, so they compose as
//! subexpressions and their printed form goes through the Markdown escape like any value.
//! Helpers that emit markup (`cite`, `join`) write to the output themselves and escape what
//! came from the data.

mod chart;
mod cite;
mod count;
mod date;
mod filter;
pub mod glossary;
mod group;
mod join;
mod labels;
mod marking;
mod sort;
mod source;

pub use cite::Citations;
pub use glossary::Glossary;

use crate::marking::trace::{strip, tags_of, Trace};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, JsonValue as Json, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use std::fmt;

/// Registers every helper. `citations` is the per-render state of `cite`: make a fresh one for
/// each render.
pub fn register<'reg>(
    reg: &mut Handlebars<'reg>,
    citations: &'reg Citations,
    trace: &'reg Trace,
    glossary: &'reg Glossary,
) {
    let values: [(&str, ValueFn); 14] = [
        ("date", date::date),
        ("date_range", date::date_range),
        ("sort", sort::sort),
        ("filter", filter::filter),
        ("group", group::group),
        ("count", count::count),
        ("source", source::source),
        ("cited_by", source::cited_by),
        ("admiralty", labels::admiralty),
        ("estimative", labels::estimative),
        ("level", labels::level),
        ("trend", labels::trend),
        ("status", labels::status),
        ("confidence", labels::confidence),
    ];
    for (name, f) in values {
        reg.register_helper(name, Box::new(Value(f)));
    }
    reg.register_helper("join", Box::new(join::join));
    reg.register_helper("cite", Box::new(cite::CiteHelper(citations)));
    reg.register_helper("portion", Box::new(marking::Portion(trace)));
    reg.register_helper("chart", Box::new(chart::ChartHelper(trace)));
    reg.register_helper("glossary", Box::new(glossary::GlossaryHelper(glossary)));
    reg.register_helper("marking", Box::new(marking::banner));
    reg.register_helper("eq", Box::new(marking::EQ));
    reg.register_helper("ne", Box::new(marking::NE));
}

/// A helper that computes a value from its arguments and the root context (`data`, `brief`).
pub type ValueFn = fn(&Helper<'_>, &Context) -> Result<Json, RenderError>;

/// Adapts a [`ValueFn`] to Handlebars: the value prints through the escape function, or feeds
/// an enclosing helper when used as a subexpression.
pub struct Value(pub ValueFn);

impl HelperDef for Value {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        // A string computed from marked values (a date, a label) carries their marks.
        Ok(ScopedJson::Derived(match (self.0)(h, ctx)? {
            Json::String(mut s) => {
                for p in h.params() {
                    s.push_str(&tags_of(p.value()));
                }
                Json::String(s)
            }
            other => other,
        }))
    }
}

/// A helper's complaint about its arguments, carried inside a `RenderError` so the registry can
/// turn it into a diagnostic with a message and an expectation.
#[derive(Debug)]
pub struct HelperError {
    pub helper: &'static str,
    pub message: String,
    pub expected: String,
}

impl fmt::Display for HelperError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "helper `{}`: {}", self.helper, self.message)
    }
}

impl std::error::Error for HelperError {}

/// A `RenderError` carrying a [`HelperError`].
pub fn fail(
    helper: &'static str,
    message: impl Into<String>,
    expected: impl Into<String>,
) -> RenderError {
    RenderErrorReason::NestedError(Box::new(HelperError {
        helper,
        message: message.into(),
        expected: expected.into(),
    }))
    .into()
}

/// The `i`th positional argument. A missing value is a strict-mode error naming its path.
pub fn arg<'a>(h: &'a Helper<'_>, i: usize, helper: &'static str) -> Result<&'a Json, RenderError> {
    let p = h
        .param(i)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(helper, i))?;
    if p.is_value_missing() {
        return Err(RenderError::strict_error(p.relative_path()));
    }
    Ok(p.value())
}

/// The `i`th positional argument when given and not null.
pub fn opt_arg<'a>(h: &'a Helper<'_>, i: usize) -> Option<&'a Json> {
    h.param(i)
        .filter(|p| !p.is_value_missing())
        .map(|p| p.value())
        .filter(|v| !v.is_null())
}

/// The `i`th positional argument as a string.
pub fn str_arg<'a>(
    h: &'a Helper<'_>,
    i: usize,
    helper: &'static str,
) -> Result<&'a str, RenderError> {
    let v = arg(h, i, helper)?;
    v.as_str().ok_or_else(|| {
        fail(
            helper,
            format!("argument {} is {}, not a string", i + 1, describe(v)),
            "a string",
        )
    })
}

/// The `i`th positional argument as an array.
pub fn list_arg<'a>(
    h: &'a Helper<'_>,
    i: usize,
    helper: &'static str,
) -> Result<&'a Vec<Json>, RenderError> {
    let v = arg(h, i, helper)?;
    v.as_array().ok_or_else(|| {
        fail(
            helper,
            format!("argument {} is {}, not a list", i + 1, describe(v)),
            "a list of records",
        )
    })
}

/// A named (hash) argument, when given.
pub fn hash<'a>(h: &'a Helper<'_>, key: &str) -> Option<&'a Json> {
    h.hash_get(key)
        .filter(|p| !p.is_value_missing())
        .map(|p| p.value())
}

/// A dotted field path (`visitor.name`, `quotes.0.text`) inside a record.
pub fn field<'a>(record: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(record, |v, seg| match v {
        Json::Object(m) => m.get(seg),
        Json::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// Escapes `s` as the registry does, unless the helper was called in triple-stash form.
pub fn escape(reg: &Handlebars<'_>, rc: &RenderContext<'_, '_>, s: &str) -> String {
    if rc.is_disable_escape() {
        s.to_string()
    } else {
        reg.get_escape_fn()(s)
    }
}

/// A value as text: strings as they are, numbers and booleans printed, null as nothing.
pub fn text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Null => Some(String::new()),
        _ => None,
    }
}

/// `a string "x"`, `a list`, … for error messages.
pub fn describe(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("the boolean {b}"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) => format!("the string {:?}", strip(s)),
        Json::Array(_) => "a list".into(),
        Json::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A registry with the helpers, the escape and strict mode, for helper unit tests.

    use super::Citations;
    use handlebars::Handlebars;

    /// Renders `template` against `data` with a fresh registry; returns the output or the
    /// error's display.
    pub fn render(template: &str, data: &serde_json::Value) -> Result<String, String> {
        render_with_glossary(template, data, &super::Glossary::default())
    }

    /// As `render`, with the glossary state `glossary`.
    pub fn render_with_glossary(
        template: &str,
        data: &serde_json::Value,
        glossary: &super::Glossary,
    ) -> Result<String, String> {
        let citations = Citations::default();
        let trace = crate::marking::trace::Trace::default();
        let mut reg = Handlebars::new();
        crate::template::configure(&mut reg, &citations, &trace, glossary);
        reg.register_template_string("t", template)
            .map_err(|e| e.to_string())?;
        reg.render("t", data).map_err(|e| {
            use std::error::Error;
            match e.source() {
                Some(s) => match s.source() {
                    Some(inner) => inner.to_string(),
                    None => s.to_string(),
                },
                None => e.to_string(),
            }
        })
    }
}
