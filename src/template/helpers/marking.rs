//! `portion` (a paragraph's portion mark), `marking` (the memo's computed classification line),
//! and `eq`/`ne` that compare values as printed, without their marking tags.
//!
//! Neither `portion` nor `marking` prints a marking a template chooses: each leaves a
//! placeholder that `marking::trace::resolve` fills from what the memo actually contains.

use super::arg;
use crate::marking::trace::{strip_json, Trace};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, RenderContext,
    RenderError, ScopedJson,
};

/// `{{portion}}` at the start of a paragraph, list item, table row or quote: becomes `(NS) `,
/// the highest marking of what that paragraph prints, when portion marking is on; nothing
/// when it is off.
pub struct Portion<'a>(pub &'a Trace);

impl HelperDef for Portion<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&self.0.portion())?;
        Ok(())
    }
}

/// `{{marking}}`: the memo's classification and releasability line, e.g.
/// `NATO UNCLASSIFIED — Releasable to the public`, as computed for the banner.
pub fn banner(
    _: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&Trace::banner())?;
    Ok(())
}

/// Handlebars' `eq`, comparing values without their marking tags.
pub struct Eq(bool);

pub const EQ: Eq = Eq(true);
pub const NE: Eq = Eq(false);

impl HelperDef for Eq {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let name = if self.0 { "eq" } else { "ne" };
        let a = strip_json(arg(h, 0, name)?);
        let b = strip_json(arg(h, 1, name)?);
        Ok(ScopedJson::Derived(Json::Bool((a == b) == self.0)))
    }
}
