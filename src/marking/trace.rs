//! Tracing what is rendered: every string a record or an analysis item puts into the template
//! context carries an invisible tag naming it, the template's `{{portion}}` and `{{marking}}`
//! leave placeholders, and after the template has run the tags are read back. The banner is the
//! highest marking among the tags actually printed, so it is never below what the memo shows
//! and never above it; each portion mark is the highest marking in its paragraph.
//!
//! Tags are characters of Unicode's supplementary private use area (U+F0000–U+F001F), which no
//! curated text uses; input that contains them is refused, so tags cannot be forged. Every tag
//! is gone from the Markdown, the tree and every output once `resolve` has run.

use super::{Marking, Releasability};
use crate::brief::Version;
use crate::data::model::Classification;
use crate::data::positions::{item, member};
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Block, Document, Inline};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Opens a record tag: `RECORD`, hex digits of the record's index, `END`.
const RECORD: char = '\u{F0000}';
const END: char = '\u{F0001}';
/// Opens a portion-mark placeholder: `PORTION`, hex digits of its number, `END`.
const PORTION: char = '\u{F0002}';
/// The banner placeholder: `BANNER`, `END`.
const BANNER: char = '\u{F0003}';
const DIGIT_0: u32 = 0xF0010;

/// Whether `c` is one of the characters tags are made of.
pub fn is_reserved(c: char) -> bool {
    ('\u{F0000}'..='\u{F001F}').contains(&c)
}

fn push_number(out: &mut String, n: usize) {
    for d in format!("{n:x}").chars() {
        let v = d.to_digit(16).unwrap_or(0);
        out.push(char::from_u32(DIGIT_0 + v).unwrap_or(END));
    }
}

/// The tags and placeholders in a string, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Record(usize),
    Portion(usize),
    Banner,
}

/// Splits `s` into text and tags: calls `text` for each run of text and `tag` for each tag.
fn scan(s: &str, mut text: impl FnMut(&str), mut tag: impl FnMut(Piece)) {
    let mut rest = s;
    while let Some(start) = rest.find([RECORD, PORTION, BANNER]) {
        text(&rest[..start]);
        let opener = rest[start..].chars().next().unwrap_or(END);
        let after = &rest[start + opener.len_utf8()..];
        let end = after.find(END).unwrap_or(after.len());
        let n = after[..end].chars().fold(0usize, |n, c| {
            n.saturating_mul(16)
                .saturating_add((c as u32).saturating_sub(DIGIT_0) as usize)
        });
        tag(match opener {
            RECORD => Piece::Record(n),
            PORTION => Piece::Portion(n),
            _ => Piece::Banner,
        });
        rest = after.get(end + END.len_utf8()..).unwrap_or("");
    }
    text(rest);
}

/// `s` without its tags and placeholders.
pub fn strip(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_reserved) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    scan(s, |t| out.push_str(t), |_| {});
    Cow::Owned(out)
}

/// A JSON value with the tags taken out of every string.
pub fn strip_json(v: &Json) -> Json {
    match v {
        Json::String(s) => Json::String(strip(s).into_owned()),
        Json::Array(a) => Json::Array(a.iter().map(strip_json).collect()),
        Json::Object(m) => {
            Json::Object(m.iter().map(|(k, v)| (k.clone(), strip_json(v))).collect())
        }
        other => other.clone(),
    }
}

/// The record tags found anywhere in `v`, each once, as a string to append to a value derived
/// from it (a date printed by a helper carries the mark of the record it came from).
pub fn tags_of(v: &Json) -> String {
    let mut found = BTreeSet::new();
    collect_json(v, &mut found);
    let mut out = String::new();
    for i in found {
        out.push_str(&record_tag(i));
    }
    out
}

fn collect_json(v: &Json, found: &mut BTreeSet<usize>) {
    match v {
        Json::String(s) => scan(
            s,
            |_| {},
            |p| {
                if let Piece::Record(i) = p {
                    found.insert(i);
                }
            },
        ),
        Json::Array(a) => a.iter().for_each(|v| collect_json(v, found)),
        Json::Object(m) => m.values().for_each(|v| collect_json(v, found)),
        _ => {}
    }
}

fn record_tag(index: usize) -> String {
    let mut s = String::from(RECORD);
    push_number(&mut s, index);
    s.push(END);
    s
}

/// Keys whose strings are references, not printed text: they stay untagged so that lookups by
/// id keep working.
const REFERENCE_KEYS: [&str; 3] = ["id", "sources", "source"];

/// Tags every non-empty string of `v` (a record or a piece of analysis) with `index`, but for
/// references.
pub fn tag(v: &mut Json, index: usize) {
    let tag = record_tag(index);
    tag_with(v, &tag);
}

fn tag_with(v: &mut Json, tag: &str) {
    match v {
        Json::String(s) if !s.is_empty() => s.push_str(tag),
        Json::Array(a) => a.iter_mut().for_each(|v| tag_with(v, tag)),
        Json::Object(m) => {
            for (k, v) in m.iter_mut() {
                if !REFERENCE_KEYS.contains(&k.as_str()) {
                    tag_with(v, tag);
                }
            }
        }
        _ => {}
    }
}

/// The first reserved character in any string of `v`, with the JSON path of the string.
pub fn reserved_in(v: &Json, path: &str) -> Option<(char, String)> {
    match v {
        Json::String(s) => s
            .chars()
            .find(|c| is_reserved(*c))
            .map(|c| (c, path.into())),
        Json::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| reserved_in(v, &item(path, i))),
        Json::Object(m) => m.iter().find_map(|(k, v)| {
            let at = member(path, k);
            match k.chars().find(|c| is_reserved(*c)) {
                Some(c) => Some((c, at)),
                None => reserved_in(v, &at),
            }
        }),
        _ => None,
    }
}

/// One render's marks: what each record tag stands for, and the portion placeholders handed
/// out so far. Helpers must be `Send + Sync`, hence the atomic counter.
#[derive(Debug, Default)]
pub struct Trace {
    /// Indexed by tag: the marking and a name for messages (`visit "stoltenberg-2024"`).
    items: Vec<(Marking, String)>,
    /// The record id behind each tag (none for analysis).
    ids: Vec<Option<String>>,
    portions: AtomicUsize,
}

impl Trace {
    /// Registers an item and returns its tag index.
    pub fn add(&mut self, marking: Marking, name: String) -> usize {
        self.items.push((marking, name));
        self.ids.push(None);
        self.items.len() - 1
    }

    /// Registers a record: `kind "id"` in messages.
    pub fn add_record(&mut self, marking: Marking, kind: &str, id: &str) -> usize {
        let i = self.add(marking, format!("{kind} \"{id}\""));
        self.ids[i] = Some(id.to_string());
        i
    }

    /// A fresh portion-mark placeholder, for `{{portion}}` and footnotes.
    pub fn portion(&self) -> String {
        let n = self.portions.fetch_add(1, Ordering::Relaxed);
        let mut s = String::from(PORTION);
        push_number(&mut s, n);
        s.push(END);
        s
    }

    /// The names of the records and analysis items whose text `text` holds, for pointing a
    /// diagnostic about the merged Markdown back at what wrote it.
    pub fn names_in(&self, text: &str) -> Vec<String> {
        let mut found = BTreeSet::new();
        scan(
            text,
            |_| {},
            |p| {
                if let Piece::Record(i) = p {
                    found.insert(i);
                }
            },
        );
        found
            .into_iter()
            .filter_map(|i| self.items.get(i).map(|(_, n)| n.clone()))
            .collect()
    }

    /// The placeholder the banner line replaces, for `{{marking}}`.
    pub fn banner() -> String {
        [BANNER, END].iter().collect()
    }
}

/// What `resolve` computed for one version.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The Markdown with portion marks and the banner line in, and every tag out.
    pub markdown: String,
    /// The banner: the highest marking printed (never below the brief's own), and the
    /// audiences everything printed may go to.
    pub banner: Marking,
    pub portion_marks: bool,
    /// The ids of the records the Markdown prints.
    pub printed: std::collections::HashSet<String>,
}

/// A paragraph, list item, table row, quote, heading or footnote: what carries a portion mark.
struct Unit {
    kind: &'static str,
    records: BTreeSet<usize>,
    /// The placeholder the unit opens with.
    opening: Option<usize>,
    /// Placeholders anywhere else in it.
    stray: Vec<usize>,
    /// Whether any text has come yet.
    started: bool,
    /// The start of its text, for messages.
    text: String,
}

/// Reads the tags back out of the rendered Markdown (`tagged`) and the tree parsed from it.
pub fn resolve(
    tagged: &str,
    tree: &Document,
    trace: &Trace,
    floor: Classification,
    version: &Version,
) -> Result<Resolved, Diagnostics> {
    // Everything in the Markdown counts for the banner, even what a writer might not show.
    let mut printed = BTreeSet::new();
    scan(
        tagged,
        |_| {},
        |p| {
            if let Piece::Record(i) = p {
                printed.insert(i);
            }
        },
    );
    let marks: Vec<&Marking> = printed
        .iter()
        .filter_map(|i| trace.items.get(*i).map(|(m, _)| m))
        .collect();
    let highest = marks.iter().map(|m| m.classification).max();
    let releasable_to = marks
        .iter()
        .map(|m| m.releasable_to.clone())
        .reduce(|a, b| a.intersect(&b))
        .unwrap_or_else(|| Releasability::new(&version.release_to));
    let banner = Marking {
        classification: highest.map_or(floor, |h| h.max(floor)),
        releasable_to,
    };
    let portion_marks = version
        .portion_marks
        .unwrap_or(highest.is_some_and(|h| h > Classification::NatoUnclassified));

    let mut units = Vec::new();
    blocks_units(&tree.blocks, &mut units);
    for note in &tree.footnotes {
        let mut u = Unit::new("footnote");
        u.blocks(&note.blocks);
        units.push(u);
    }
    let mut portions: BTreeMap<usize, String> = BTreeMap::new();
    let mut problems = Diagnostics::default();
    for u in &units {
        let level = u
            .records
            .iter()
            .filter_map(|i| trace.items.get(*i).map(|(m, _)| m.classification))
            .max()
            .unwrap_or(floor);
        if let Some(n) = u.opening {
            portions.insert(n, format!("({}) ", level.abbreviation()));
        }
        if !u.stray.is_empty() {
            problems.push(
                Diagnostic::new(format!(
                    "{{{{portion}}}} stands inside a {} instead of at its start",
                    u.kind
                ))
                .path(format!("{:?}", excerpt(&u.text)))
                .expected(format!(
                    "{{{{portion}}}} as the first thing in the {}",
                    u.kind
                )),
            );
        }
        if portion_marks && u.opening.is_none() && !u.records.is_empty() {
            let names: Vec<&str> = u
                .records
                .iter()
                .filter_map(|i| trace.items.get(*i).map(|(_, n)| n.as_str()))
                .collect();
            problems.push(
                Diagnostic::new(format!(
                    "a {} prints {} without a portion mark",
                    u.kind,
                    names.join(", ")
                ))
                .path(format!("{:?}", excerpt(&u.text)))
                .expected(format!(
                    "{{{{portion}}}} at the start of every paragraph, list item, table row and \
                     quote that prints a record or an analysis item (portion marking is on: \
                     the memo contains {})",
                    banner.classification.label()
                )),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let banner_text = format!(
        "{} — {}",
        banner.classification.label(),
        banner.releasable_to.phrase()
    );
    let markdown = std::cell::RefCell::new(String::with_capacity(tagged.len()));
    let mut out_tags = Vec::new();
    scan(
        tagged,
        |t| markdown.borrow_mut().push_str(t),
        |p| out_tags.push((markdown.borrow().len(), p)),
    );
    let mut markdown = markdown.into_inner();
    // Insert replacements back to front so earlier offsets stay valid.
    for (at, p) in out_tags.into_iter().rev() {
        let text = match p {
            Piece::Record(_) => continue,
            Piece::Portion(n) if portion_marks => portions.get(&n).cloned().unwrap_or_default(),
            Piece::Portion(_) => continue,
            Piece::Banner => banner_text.clone(),
        };
        markdown.insert_str(at, &text);
    }
    let printed = printed
        .iter()
        .filter_map(|i| trace.ids.get(*i).cloned().flatten())
        .collect();
    Ok(Resolved {
        markdown,
        banner,
        portion_marks,
        printed,
    })
}

fn excerpt(text: &str) -> String {
    let t = strip(text);
    let t = t.trim();
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(59).collect::<String>())
    } else {
        t.to_string()
    }
}

impl Unit {
    fn new(kind: &'static str) -> Unit {
        Unit {
            kind,
            records: BTreeSet::new(),
            opening: None,
            stray: Vec::new(),
            started: false,
            text: String::new(),
        }
    }

    fn string(&mut self, s: &str) {
        // Only tags and white space before it: the placeholder opens the unit.
        let started = std::cell::Cell::new(self.started);
        let (records, opening, stray) = (&mut self.records, &mut self.opening, &mut self.stray);
        scan(
            s,
            |t| {
                if !t.trim().is_empty() {
                    started.set(true);
                }
            },
            |p| match p {
                Piece::Record(i) => {
                    records.insert(i);
                }
                Piece::Portion(n) if !started.get() && opening.is_none() => *opening = Some(n),
                Piece::Portion(n) => stray.push(n),
                Piece::Banner => {}
            },
        );
        self.started = started.get();
        if self.text.len() < 200 {
            self.text.push_str(s);
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => self.string(t),
                Inline::Emph(c) | Inline::Strong(c) => self.inlines(c),
                Inline::Link { url, content } => {
                    self.inlines(content);
                    self.string(url);
                }
                Inline::Anchor(_)
                | Inline::PageRef(_)
                | Inline::FootnoteRef(_)
                | Inline::LineBreak => {}
            }
        }
    }

    /// A figure's caption, its portion mark first, and every label its chart prints.
    fn figure(&mut self, f: &crate::doc::Figure) {
        self.string(&f.mark);
        self.string(&f.caption);
        for t in f.chart.texts() {
            self.string(t);
        }
    }

    /// All the text of `blocks`, nested containers included (for quotes and footnotes).
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } | Block::Para(content) => self.inlines(content),
                Block::List { items, .. } => items.iter().for_each(|i| self.blocks(i)),
                Block::Table(t) => {
                    t.header.iter().for_each(|c| self.inlines(c));
                    t.rows.iter().flatten().for_each(|c| self.inlines(c));
                }
                Block::Quote(b)
                | Block::Callout { blocks: b, .. }
                | Block::Div { blocks: b, .. } => self.blocks(b),
                Block::CodeBlock(s) => self.string(s),
                Block::Figure(f) => self.figure(f),
                Block::Rule | Block::PageBreak => {}
            }
        }
    }
}

/// The units of a run of blocks: each paragraph, heading, code block, list item, table row and
/// quote; containers (callouts, divs) are looked into.
fn blocks_units(blocks: &[Block], units: &mut Vec<Unit>) {
    for b in blocks {
        match b {
            Block::Para(c) => push_inline_unit("paragraph", c, units),
            Block::Heading { content, .. } => push_inline_unit("heading", content, units),
            Block::CodeBlock(s) => {
                let mut u = Unit::new("code block");
                u.string(s);
                units.push(u);
            }
            Block::Figure(f) => {
                let mut u = Unit::new("figure");
                u.figure(f);
                units.push(u);
            }
            Block::Quote(b) => {
                let mut u = Unit::new("quote");
                u.blocks(b);
                units.push(u);
            }
            Block::List { items, .. } => {
                for item in items {
                    let mut u = Unit::new("list item");
                    let mut nested = Vec::new();
                    for b in item {
                        match b {
                            Block::Para(c) | Block::Heading { content: c, .. } => u.inlines(c),
                            Block::CodeBlock(s) => u.string(s),
                            other => nested.push(other.clone()),
                        }
                    }
                    units.push(u);
                    blocks_units(&nested, units);
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    let mut u = Unit::new("table row");
                    row.iter().for_each(|c| u.inlines(c));
                    units.push(u);
                }
            }
            Block::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    push_inline_unit("callout title", &[Inline::Text(t.clone())], units);
                }
                blocks_units(blocks, units);
            }
            Block::Div { blocks, .. } => blocks_units(blocks, units),
            Block::Rule | Block::PageBreak => {}
        }
    }
}

fn push_inline_unit(kind: &'static str, inlines: &[Inline], units: &mut Vec<Unit>) {
    let mut u = Unit::new(kind);
    u.inlines(inlines);
    units.push(u);
}

#[cfg(test)]
mod tests;
