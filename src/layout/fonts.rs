//! The shipped fonts: loading, coverage, and a cache of shaped words (shaping dominates layout
//! time, and a memo repeats the same words in every table row).

use rustybuzz::{Direction, Face, Language, Script, ShapePlan, UnicodeBuffer};
use std::collections::HashMap;
use std::rc::Rc;

/// One of the embedded faces. The order is the index into `FontSet::faces`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKind {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl FontKind {
    pub const ALL: [FontKind; 5] = [
        FontKind::Regular,
        FontKind::Bold,
        FontKind::Italic,
        FontKind::BoldItalic,
        FontKind::Mono,
    ];

    /// The face's file, built into the binary so output never depends on installed fonts.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontKind::Regular => include_bytes!("../../assets/fonts/Carlito-Regular.ttf"),
            FontKind::Bold => include_bytes!("../../assets/fonts/Carlito-Bold.ttf"),
            FontKind::Italic => include_bytes!("../../assets/fonts/Carlito-Italic.ttf"),
            FontKind::BoldItalic => include_bytes!("../../assets/fonts/Carlito-BoldItalic.ttf"),
            FontKind::Mono => include_bytes!("../../assets/fonts/LiberationMono-Regular.ttf"),
        }
    }

    /// The face with bold and/or italic added (monospace has no other styles).
    pub fn with(self, bold: bool, italic: bool) -> FontKind {
        let (b, i) = match self {
            FontKind::Mono => return FontKind::Mono,
            FontKind::Regular => (false, false),
            FontKind::Bold => (true, false),
            FontKind::Italic => (false, true),
            FontKind::BoldItalic => (true, true),
        };
        match (b || bold, i || italic) {
            (false, false) => FontKind::Regular,
            (true, false) => FontKind::Bold,
            (false, true) => FontKind::Italic,
            (true, true) => FontKind::BoldItalic,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A shaped piece of text, in font units (scale by `size / units_per_em`).
#[derive(Debug)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// The sum of the advances, kerning included.
    pub advance: i32,
}

#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: i32,
    /// The text this glyph stands for (several characters for a ligature), on the first glyph
    /// of its cluster only: what copy and search return.
    pub text: Option<String>,
}

/// Texts longer than this (in bytes) are shaped but not cached: a run that long is one
/// unbreakable run (a URL, a string of digits) that is not met again, and keeping it would hold
/// its glyphs for the whole render.
const CACHE_MAX_BYTES: usize = 512;

/// What shaping has cost so far: the number of `shape` calls and the bytes of text they were
/// given (hashing a cached text costs in proportion to its length too). Tests read it to check
/// that layout work grows with the input, not faster.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ShapeWork {
    pub calls: u64,
    pub bytes: u64,
}

/// The faces plus the shaping caches; one per render.
pub struct FontSet {
    pub work: ShapeWork,
    faces: Vec<Face<'static>>,
    /// Shaped words per face (indexed like `faces`), looked up by `&str` without allocating.
    cache: Vec<HashMap<String, Rc<Shaped>>>,
    /// Shape plans by face and segment properties: building a plan costs more than shaping a
    /// word with it, so each is built once per render.
    plans: HashMap<(FontKind, Direction, Script, Option<Language>), ShapePlan>,
}

impl Default for FontSet {
    fn default() -> Self {
        Self::new()
    }
}

impl FontSet {
    pub fn new() -> FontSet {
        let faces = FontKind::ALL
            .iter()
            .map(|k| Face::from_slice(k.bytes(), 0).expect("shipped fonts parse (tested)"))
            .collect();
        FontSet {
            work: ShapeWork::default(),
            faces,
            cache: FontKind::ALL.iter().map(|_| HashMap::new()).collect(),
            plans: HashMap::new(),
        }
    }

    pub fn face(&self, kind: FontKind) -> &Face<'static> {
        &self.faces[kind.index()]
    }

    pub fn units_per_em(&self, kind: FontKind) -> f32 {
        self.face(kind).units_per_em() as f32
    }

    /// Ascender and descender (negative) as fractions of the em, from the hhea table.
    pub fn vertical_metrics(&self, kind: FontKind) -> (f32, f32) {
        let f = self.face(kind);
        let upm = f.units_per_em() as f32;
        (
            f32::from(f.ascender()) / upm,
            f32::from(f.descender()) / upm,
        )
    }

    pub fn covers(&self, kind: FontKind, c: char) -> bool {
        self.face(kind).glyph_index(c).is_some()
    }

    /// `text` shaped in `kind` (kerning and ligatures on), cached by (face, text).
    pub fn shape(&mut self, kind: FontKind, text: &str) -> Rc<Shaped> {
        self.work.calls += 1;
        self.work.bytes += text.len() as u64;
        if let Some(s) = self.cache[kind.index()].get(text) {
            return s.clone();
        }
        let face = &self.faces[kind.index()];
        let mut buf = UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        let key = (kind, buf.direction(), buf.script(), buf.language());
        let plan = self.plans.entry(key).or_insert_with(|| {
            ShapePlan::new(
                face,
                buf.direction(),
                Some(buf.script()),
                buf.language().as_ref(),
                &[],
            )
        });
        let out = rustybuzz::shape_with_plan(face, plan, buf);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        // Where each glyph's cluster text ends: the next different cluster value, found in one
        // backward pass (a forward search per glyph is quadratic in a long cluster, such as a
        // letter carrying thousands of combining marks).
        let mut ends = vec![text.len(); infos.len()];
        for i in (0..infos.len().saturating_sub(1)).rev() {
            ends[i] = if infos[i + 1].cluster != infos[i].cluster {
                infos[i + 1].cluster as usize
            } else {
                ends[i + 1]
            };
        }
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut advance = 0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
            let end = ends[i];
            let glyph_text =
                (first_of_cluster && end > start).then(|| text[start..end].to_string());
            glyphs.push(ShapedGlyph {
                id: info.glyph_id as u16,
                advance: pos.x_advance,
                text: glyph_text,
            });
            advance += pos.x_advance;
        }
        let shaped = Rc::new(Shaped { glyphs, advance });
        if text.len() <= CACHE_MAX_BYTES {
            self.cache[kind.index()].insert(text.to_string(), shaped.clone());
        }
        shaped
    }

    /// The width of `text` in points at `size`.
    pub fn width(&mut self, kind: FontKind, size: f32, text: &str) -> f32 {
        let adv = self.shape(kind, text).advance;
        adv as f32 * size / self.units_per_em(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carlito_covers_the_memo_alphabets() {
        let f = FontSet::new();
        for c in "əğışçöüЖжё“”‘’—–€•".chars() {
            assert!(f.covers(FontKind::Regular, c), "{c}");
        }
        assert!(!f.covers(FontKind::Regular, '中'));
    }

    #[test]
    fn shaping_kerns_and_caches() {
        let mut f = FontSet::new();
        let av = f.width(FontKind::Regular, 10.0, "AV");
        let a = f.width(FontKind::Regular, 10.0, "A");
        let v = f.width(FontKind::Regular, 10.0, "V");
        assert!(av < a + v, "kerning applied: {av} vs {}", a + v);
        let s1 = f.shape(FontKind::Bold, "word");
        let s2 = f.shape(FontKind::Bold, "word");
        assert!(Rc::ptr_eq(&s1, &s2));
    }
}
