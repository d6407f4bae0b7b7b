//! XML text for WordprocessingML: escaping, characters XML 1.0 forbids, and unit conversions.

use std::fmt::Write as _;

/// Whether XML 1.0 allows `c` in a document (tab, LF and CR are the only controls it allows;
/// U+FFFE and U+FFFF are not characters).
fn allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` escaped for element text and attribute values; characters XML forbids are dropped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// The run content for literal text: `<w:t>` pieces, with tabs as `<w:tab/>` and line feeds
/// as `<w:br/>` (Word ignores raw newlines in text); carriage returns are dropped.
pub fn run_text(out: &mut String, text: &str) {
    let mut piece = String::new();
    let flush = |out: &mut String, piece: &mut String| {
        if !piece.is_empty() {
            let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(piece));
            piece.clear();
        }
    };
    for c in text.chars() {
        match c {
            '\n' => {
                flush(out, &mut piece);
                out.push_str("<w:br/>");
            }
            '\t' => {
                flush(out, &mut piece);
                out.push_str("<w:tab/>");
            }
            '\r' => {}
            c => piece.push(c),
        }
    }
    flush(out, &mut piece);
}

/// Points to twentieths of a point (twips), the unit of most WordprocessingML lengths.
pub fn twips(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// Millimetres to twips.
pub fn mm(mm: f32) -> i64 {
    twips(crate::theme::mm_to_pt(mm))
}

/// Points to half-points, the unit of font sizes.
pub fn half(pt: f32) -> i64 {
    (pt * 2.0).round() as i64
}

/// A run holding `inner`, formatted by `rpr` (run properties, or empty).
fn field_run(out: &mut String, rpr: &str, inner: &str) {
    if rpr.is_empty() {
        let _ = write!(out, "<w:r>{inner}</w:r>");
    } else {
        let _ = write!(out, "<w:r><w:rPr>{rpr}</w:rPr>{inner}</w:r>");
    }
}

/// A field's start: its code, up to where its cached result begins.
pub fn field_start(out: &mut String, code: &str, rpr: &str) {
    field_run(out, rpr, "<w:fldChar w:fldCharType=\"begin\"/>");
    field_run(
        out,
        rpr,
        &format!(
            "<w:instrText xml:space=\"preserve\"> {} </w:instrText>",
            esc(code)
        ),
    );
    field_run(out, rpr, "<w:fldChar w:fldCharType=\"separate\"/>");
}

/// A field's end, after its cached result.
pub fn field_end(out: &mut String, rpr: &str) {
    field_run(out, rpr, "<w:fldChar w:fldCharType=\"end\"/>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            esc("a<b & \"c\"\u{1}\u{FFFE}"),
            "a&lt;b &amp; &quot;c&quot;"
        );
        let mut out = String::new();
        run_text(&mut out, "x\ty\nz\r");
        assert_eq!(
            out,
            "<w:t xml:space=\"preserve\">x</w:t><w:tab/><w:t xml:space=\"preserve\">y</w:t><w:br/><w:t xml:space=\"preserve\">z</w:t>"
        );
    }
}
