//! The theme: page geometry, fonts, sizes, spacing and colours shared by every writer.
//!
//! The default is `assets/theme.json`, built into the binary; a brief may name a JSON file whose
//! values are merged over it (objects merge key by key, anything else replaces), so a theme
//! override only lists what it changes.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The default theme's text, as shipped in `assets/theme.json`.
pub const DEFAULT_THEME: &str = include_str!("../assets/theme.json");

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub page: Page,
    pub fonts: Fonts,
    pub sizes: Sizes,
    pub spacing: Spacing,
    pub colours: Colours,
    /// Box colours by callout kind; `default` serves kinds without an entry of their own.
    pub callouts: BTreeMap<String, CalloutColours>,
    /// Banner colours by classification level.
    pub banners: BTreeMap<String, Banner>,
    pub text: TextSettings,
    pub table: TableSettings,
    pub charts: ChartSettings,
}

/// What charts are drawn in: label size and the colours that carry meaning.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChartSettings {
    /// Label size in points; captions are set at the body size.
    pub size: f32,
    /// Threat-matrix cell shading from low to high risk (likelihood and impact together).
    pub risk: [Colour; 3],
    /// Timeline bars of what is running or being prepared, and matrix markers.
    pub current: Colour,
    /// Timeline bars of what has ended (concluded, superseded).
    pub ended: Colour,
    /// The part of a bar the sources only bound: a year-precision start, an undated visit.
    pub uncertain: Colour,
    /// Grid lines and axes.
    pub grid: Colour,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    #[serde(deserialize_with = "page_mm")]
    pub width_mm: f32,
    #[serde(deserialize_with = "page_mm")]
    pub height_mm: f32,
    #[serde(deserialize_with = "distance_mm")]
    pub margin_top_mm: f32,
    #[serde(deserialize_with = "distance_mm")]
    pub margin_bottom_mm: f32,
    #[serde(deserialize_with = "distance_mm")]
    pub margin_left_mm: f32,
    #[serde(deserialize_with = "distance_mm")]
    pub margin_right_mm: f32,
    /// Distance from the page's top edge to the header banner's baseline area.
    #[serde(deserialize_with = "distance_mm")]
    pub header_mm: f32,
    /// Distance from the page's bottom edge to the footer banner.
    #[serde(deserialize_with = "distance_mm")]
    pub footer_mm: f32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// The family the PDF embeds (from `assets/fonts/`).
    #[serde(deserialize_with = "embedded_body_font")]
    pub body: String,
    /// The family the DOCX names; Calibri has Carlito's metrics, so pages break alike.
    #[serde(deserialize_with = "font_name")]
    pub body_docx: String,
    #[serde(deserialize_with = "embedded_mono_font")]
    pub mono: String,
    #[serde(deserialize_with = "font_name")]
    pub mono_docx: String,
}

/// Type sizes in points.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    #[serde(deserialize_with = "type_size")]
    pub body: f32,
    #[serde(deserialize_with = "type_size")]
    pub title: f32,
    #[serde(deserialize_with = "type_size")]
    pub subtitle: f32,
    #[serde(deserialize_with = "type_size")]
    pub h1: f32,
    #[serde(deserialize_with = "type_size")]
    pub h2: f32,
    #[serde(deserialize_with = "type_size")]
    pub h3: f32,
    #[serde(deserialize_with = "type_size")]
    pub table: f32,
    #[serde(deserialize_with = "type_size")]
    pub footnote: f32,
    #[serde(deserialize_with = "type_size")]
    pub banner: f32,
    #[serde(deserialize_with = "type_size")]
    pub running: f32,
    #[serde(deserialize_with = "type_size")]
    pub code: f32,
}

impl Sizes {
    /// The size of a heading of `level` (4 and deeper share level 3's size).
    pub fn heading(&self, level: u8) -> f32 {
        match level {
            1 => self.h1,
            2 => self.h2,
            _ => self.h3,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spacing {
    /// Line height as a multiple of the font size.
    #[serde(deserialize_with = "line_height")]
    pub line_height: f32,
    #[serde(deserialize_with = "space_pt")]
    pub para_after_pt: f32,
    /// Space before headings of level 1, 2, 3 (index 0 unused).
    #[serde(deserialize_with = "spaces_pt")]
    pub heading_before_pt: [f32; 4],
    #[serde(deserialize_with = "spaces_pt")]
    pub heading_after_pt: [f32; 4],
    #[serde(deserialize_with = "distance_mm")]
    pub list_indent_mm: f32,
    #[serde(deserialize_with = "space_pt")]
    pub list_item_after_pt: f32,
    #[serde(deserialize_with = "space_pt")]
    pub cell_padding_pt: f32,
    #[serde(deserialize_with = "space_pt")]
    pub callout_padding_pt: f32,
}

impl Spacing {
    pub fn heading_before(&self, level: u8) -> f32 {
        self.heading_before_pt[usize::from(level.clamp(1, 3))]
    }
    pub fn heading_after(&self, level: u8) -> f32 {
        self.heading_after_pt[usize::from(level.clamp(1, 3))]
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    pub text: Colour,
    pub heading: Colour,
    pub accent: Colour,
    pub muted: Colour,
    pub link: Colour,
    pub rule: Colour,
    pub table_border: Colour,
    pub table_header_fill: Colour,
    pub table_header_text: Colour,
    pub table_zebra: Colour,
    pub quote_bar: Colour,
    pub code_fill: Colour,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CalloutColours {
    pub fill: Colour,
    pub border: Colour,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    pub text: Colour,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TextSettings {
    /// Justified paragraphs (true) or ragged right.
    pub justify: bool,
    /// Hyphenate with the embedded patterns for `language`.
    pub hyphenate: bool,
    /// BCP 47 tag written into the DOCX and the PDF catalog.
    #[serde(deserialize_with = "language_tag")]
    pub language: String,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Borders {
    /// Rules between rows only.
    Horizontal,
    /// A full grid.
    All,
    None,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableSettings {
    pub borders: Borders,
    /// Shade every second body row with `colours.table_zebra`.
    pub zebra: bool,
}

/// An sRGB colour written `#RRGGBB` in the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// `RRGGBB`, as DOCX wants it.
    pub fn hex(&self) -> String {
        format!("{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
    /// Components in 0..=1, as PDF wants them.
    pub fn unit(&self) -> (f32, f32, f32) {
        (
            f32::from(self.r) / 255.0,
            f32::from(self.g) / 255.0,
            f32::from(self.b) / 255.0,
        )
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_colour(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid colour {s:?}: expected #RRGGBB"))
        })
    }
}

fn parse_colour(s: &str) -> Option<Colour> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Colour {
        r: byte(0)?,
        g: byte(2)?,
        b: byte(4)?,
    })
}

impl Theme {
    /// The built-in theme.
    pub fn default_theme() -> Theme {
        serde_json::from_str(DEFAULT_THEME).expect("assets/theme.json is valid (tested)")
    }

    /// The built-in theme with `overrides` (a JSON object) merged over it.
    /// The error carries the JSON path of the value it refuses, so the caller can point into
    /// the override file.
    pub fn with_overrides(
        overrides: &serde_json::Value,
    ) -> Result<Theme, serde_path_to_error::Error<serde_json::Error>> {
        let mut base: serde_json::Value =
            serde_json::from_str(DEFAULT_THEME).expect("assets/theme.json is valid (tested)");
        merge(&mut base, overrides);
        serde_path_to_error::deserialize(base)
    }

    /// What is wrong with the page geometry as a whole, if anything: the JSON path to point at
    /// and the message. Each value may be in range and the text area still vanish.
    pub fn geometry_problem(&self) -> Option<(&'static str, String)> {
        let p = &self.page;
        let width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
        let height = p.height_mm - p.margin_top_mm - p.margin_bottom_mm;
        if width < 40.0 {
            return Some((
                "$.page",
                format!("the text is {width} mm wide between the margins: expected at least 40 mm"),
            ));
        }
        if height < 40.0 {
            return Some((
                "$.page",
                format!(
                    "the text is {height} mm tall between the margins: expected at least 40 mm"
                ),
            ));
        }
        if p.header_mm >= p.margin_top_mm || p.footer_mm >= p.margin_bottom_mm {
            return Some((
                "$.page",
                "the header or footer reaches into the text: expected header_mm below margin_top_mm and footer_mm below margin_bottom_mm".into(),
            ));
        }
        None
    }

    pub fn callout(&self, kind: &str) -> &CalloutColours {
        self.callouts
            .get(kind)
            .or_else(|| self.callouts.get("default"))
            .expect("the theme defines a default callout (tested)")
    }

    /// The banner colour for a classification level; unknown levels print in the text colour.
    pub fn banner_colour(&self, level: &str) -> Colour {
        self.banners
            .get(level)
            .map(|b| b.text)
            .unwrap_or(self.colours.text)
    }
}

/// A number within `range`, else an error that says what the field is and its range. Theme
/// values are checked like data: a 0 pt or 1e38 pt type size would otherwise lay out into a
/// broken PDF.
fn bounded<'de, D: serde::Deserializer<'de>>(
    d: D,
    what: &str,
    range: std::ops::RangeInclusive<f32>,
) -> Result<f32, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && range.contains(&(v as f32)) {
        Ok(v as f32)
    } else {
        // 1e38 prints as 39 digits in full: show large numbers in scientific form.
        let shown = if v.abs() >= 1e9 {
            format!("{v:e}")
        } else {
            v.to_string()
        };
        Err(serde::de::Error::custom(format!(
            "{shown} is out of range for {what}: expected {} to {}",
            range.start(),
            range.end()
        )))
    }
}

fn page_mm<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    bounded(d, "a page dimension in mm", 50.0..=1500.0)
}
fn distance_mm<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    bounded(d, "a margin or indent in mm", 0.0..=200.0)
}
fn type_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    bounded(d, "a type size in pt", 4.0..=96.0)
}
fn line_height<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    bounded(d, "a line height (a multiple of the type size)", 0.8..=4.0)
}
fn space_pt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    bounded(d, "a space in pt", 0.0..=144.0)
}
fn spaces_pt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[f32; 4], D::Error> {
    let v = <[f64; 4]>::deserialize(d)?;
    let mut out = [0.0; 4];
    for (o, x) in out.iter_mut().zip(v) {
        *o = bounded(
            serde::de::value::F64Deserializer::<D::Error>::new(x),
            "a space in pt",
            0.0..=144.0,
        )?;
    }
    Ok(out)
}

/// A font family the PDF can embed: only the fonts shipped in `assets/fonts/`.
fn embedded<'de, D: serde::Deserializer<'de>>(d: D, shipped: &str) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if name == shipped {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "font {name:?} is not one the PDF can embed: expected \"{shipped}\" (the font shipped in assets/fonts/)"
        )))
    }
}
fn embedded_body_font<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    embedded(d, "Carlito")
}
fn embedded_mono_font<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    embedded(d, "Liberation Mono")
}

/// A font name Word accepts: 1 to 31 characters, no control characters.
fn font_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    let n = name.chars().count();
    if (1..=31).contains(&n) && !name.chars().any(char::is_control) {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "font name {name:?} is not one Word accepts: expected 1 to 31 characters"
        )))
    }
}

/// A BCP 47 language tag such as `en-GB`.
fn language_tag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let tag = String::deserialize(d)?;
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(tag)
    } else {
        Err(serde::de::Error::custom(format!(
            "{tag:?} is not a language tag: expected a BCP 47 tag such as \"en-GB\""
        )))
    }
}

/// Merges `patch` into `base`: objects key by key, any other value replaces.
fn merge(base: &mut serde_json::Value, patch: &serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// Millimetres to points.
pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_parses_and_has_a_default_callout() {
        let t = Theme::default_theme();
        assert_eq!(t.page.width_mm, 210.0);
        assert_eq!(t.callout("no-such-kind"), &t.callouts["default"]);
        assert_eq!(t.banner_colour("NATO UNCLASSIFIED").hex(), "1B7A2F");
    }

    #[test]
    fn overrides_merge_key_by_key() {
        let t = Theme::with_overrides(&serde_json::json!({"sizes": {"body": 12}})).unwrap();
        assert_eq!(t.sizes.body, 12.0);
        assert_eq!(t.sizes.h1, Theme::default_theme().sizes.h1);
    }

    #[test]
    fn bad_colour_is_an_error() {
        let e = Theme::with_overrides(&serde_json::json!({"colours": {"text": "red"}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected #RRGGBB"), "{e}");
    }
}
