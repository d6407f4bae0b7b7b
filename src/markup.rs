//! Markdown → document tree, with pulldown-cmark.
//!
//! CommonMark plus GFM tables and GFM footnotes, heading attributes (`{#id .class}`), no
//! strikethrough and no smart punctuation (data is literal text). Raw HTML is limited to the
//! forms the templates emit:
//!
//! - on lines of their own, with blank lines around the Markdown inside:
//!   `<div class="callout KIND" title="TITLE">` … `</div>` → `Block::Callout`,
//!   `<div class="CLASSES" id="ID">` … `</div>` → `Block::Div` (classes and id optional),
//!   `<div class="page-break"></div>` → `Block::PageBreak`;
//! - inline: `<br>` (`<br/>`, `<br />`) → `Inline::LineBreak`, `<a id="ID"></a>` →
//!   `Inline::Anchor`, `<a href="#ID" class="page"></a>` → `Inline::PageRef`.
//!
//! A fenced block with the info string `chart` is a figure (`Block::Figure`, numbered in
//! order): an optional portion mark, then the figure as JSON, as the `chart` helper writes it.
//!
//! Anything else that is raw HTML is an error. Footnotes are numbered in reading order (the
//! body, then references inside notes); a reference to an undefined label is an error, a
//! definition nothing references is dropped. Soft breaks become one space (none right after a
//! `<br>`), adjacent text is merged. Every diagnostic carries the line and column in the merged
//! Markdown and a snippet; all of them are returned at once, in source order.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Align, Attr, Block, Document, Figure, Footnote, Inline, Meta, Table};

/// A narrow no-break space between a digit and the note mark after it: the mark stays on the
/// number's line but never touches it, and copied text keeps the two apart.
/// The info string of a fenced block that holds a figure (written by the `chart` helper).
pub const CHART_INFO: &str = "chart";

const NOTE_MARK_SPACE: &str = "\u{202F}";

/// What an "unsupported HTML" diagnostic says is allowed instead.
const SUPPORTED_HTML: &str = "one of the supported forms: <div class=\"callout KIND\" \
title=\"TITLE\">, <div class=\"CLASSES\" id=\"ID\">, </div> or <div class=\"page-break\"></div> \
on a line of its own (with blank lines around the Markdown inside a div), or inline <br>, \
<a id=\"ID\"></a> and <a href=\"#ID\" class=\"page\"></a>";

/// How deeply blocks and inlines may nest: far beyond any memo, far below the stack.
pub const MAX_NESTING: usize = 48;

/// Plain text with the typography the memo's body gets (curly quotes and apostrophes), for the
/// texts set outside it: the running head, the DOCX header, the files' metadata and figures.
pub fn typographic(text: &str) -> String {
    let escaped = crate::template::escape_markdown(text);
    Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION)
        .filter_map(|event| match event {
            Event::Text(t) => Some(t.into_string()),
            // The escape writes a value's newlines as `<br>`.
            Event::InlineHtml(_) => Some("\n".into()),
            _ => None,
        })
        .collect()
}

/// Parses merged Markdown into the document tree.
pub fn parse(markdown: &str, meta: Meta) -> Result<Document, Diagnostics> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    // GFM-style footnotes (not `ENABLE_OLD_FOOTNOTES`): definitions end at the first line that
    // is not indented, and an undefined `[^label]` stays text (reported below).
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    // Typographic quotes and apostrophes ("General's" → "General’s") in templates, analysis and
    // data alike; data's `--` and `...` are escaped by the templates, so only quotes change there.
    options.insert(Options::ENABLE_SMART_PUNCTUATION);

    let mut reader = Reader::new(markdown);
    let mut events = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .peekable();
    let mut depth = 0usize;
    while let Some((event, range)) = events.next() {
        // Every writer and the layout walk the tree recursively: bound its depth here, where
        // the position is known, rather than overflow the stack later.
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            let (line, column) = reader.position(range.start);
            return Err(Diagnostic::new(format!(
                "Markdown nested more than {MAX_NESTING} levels deep (quotes, lists, emphasis, links)"
            ))
            .at(line, column)
            .with_snippet(markdown)
            .expected(format!("at most {MAX_NESTING} levels of nesting"))
            .into());
        }
        // `<a id="ID">` must be followed at once by `</a>`: take the pair together.
        if let Event::InlineHtml(html) = &event {
            if let Some(inline) = anchor_open(html) {
                if let Some((Event::InlineHtml(close), _)) = events.peek() {
                    if close.trim().eq_ignore_ascii_case("</a>") {
                        events.next();
                        reader.push_inline(inline);
                        continue;
                    }
                }
            }
        }
        reader.event(event, range);
    }
    reader.finish(meta)
}

/// A container of blocks that is still open.
struct Frame {
    kind: FrameKind,
    blocks: Vec<Block>,
    /// Byte offset where the container began, for "never closed" diagnostics.
    start: usize,
}

enum FrameKind {
    Root,
    Quote,
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item,
    FootnoteDef {
        label: String,
    },
    /// An HTML `<div>` opened by a line of block HTML.
    Div(Attr),
    Callout {
        kind: String,
        title: Option<String>,
    },
}

impl FrameKind {
    fn is_html(&self) -> bool {
        matches!(self, FrameKind::Div(_) | FrameKind::Callout { .. })
    }
}

/// A container of inlines that is still open.
enum InlineKind {
    /// A paragraph; `implicit` for the bare text of a tight list item.
    Para {
        implicit: bool,
    },
    Heading {
        level: u8,
        attr: Attr,
    },
    Cell,
    Emph,
    Strong,
    Link {
        url: String,
    },
    /// An image's alt text: reported and dropped.
    Image,
}

#[derive(Default)]
struct TableBuild {
    align: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

struct Reader<'a> {
    src: &'a str,
    /// Byte offsets where each line starts.
    line_starts: Vec<usize>,
    frames: Vec<Frame>,
    inlines: Vec<(InlineKind, Vec<Inline>)>,
    table: Option<TableBuild>,
    code: Option<String>,
    /// Where the code block being read opened, when it is a ```` ```chart ```` block.
    chart_at: Option<usize>,
    /// Figures so far: the next one is numbered one more.
    figures: usize,
    /// Footnote keys in the order of their first reference, with that reference's offset.
    refs: Vec<(String, String, usize)>,
    ref_index: HashMap<String, usize>,
    defs: HashMap<String, Footnote>,
    diags: Vec<(usize, Diagnostic)>,
}

impl<'a> Reader<'a> {
    fn new(src: &'a str) -> Reader<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Reader {
            src,
            line_starts,
            frames: vec![Frame {
                kind: FrameKind::Root,
                blocks: Vec::new(),
                start: 0,
            }],
            inlines: Vec::new(),
            table: None,
            code: None,
            chart_at: None,
            figures: 0,
            refs: Vec::new(),
            ref_index: HashMap::new(),
            defs: HashMap::new(),
            diags: Vec::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.src[start..offset.min(self.src.len())].chars().count() + 1;
        (line, column)
    }

    fn error(&mut self, offset: usize, diagnostic: Diagnostic) {
        let (line, column) = self.position(offset);
        self.diags.push((offset, diagnostic.at(line, column)));
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let mut text = self.code.take().unwrap_or_default();
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    match self.chart_at.take() {
                        Some(at) => self.figure(&text, at),
                        None => self.push_block(Block::CodeBlock(text)),
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                self.check_undefined_footnote(range.start);
                self.push_inline(Inline::Text(t.into_string()));
            }
            Event::Code(t) => self.push_inline(Inline::Code(t.into_string())),
            Event::SoftBreak => {
                // A line ending right after `<br>` is part of that break, not a space.
                let after_break = matches!(
                    self.inlines.last().and_then(|(_, c)| c.last()),
                    Some(Inline::LineBreak)
                );
                if !after_break {
                    self.push_inline(Inline::Text(" ".into()));
                }
            }
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => {
                self.close_implicit_para();
                self.push_block(Block::Rule);
            }
            Event::Html(html) => self.block_html(&html, range.start),
            Event::InlineHtml(html) => {
                if is_br(&html) {
                    self.push_inline(Inline::LineBreak);
                } else {
                    self.unsupported_html(&html, range.start);
                }
            }
            Event::FootnoteReference(label) => {
                let index = self.reference(&label, range.start);
                if self.last_inline_ends_with_digit() {
                    self.push_inline(Inline::Text(NOTE_MARK_SPACE.into()));
                }
                self.push_inline(Inline::FootnoteRef(index));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let at = range.start;
        match tag {
            Tag::Paragraph => self.open_inline(InlineKind::Para { implicit: false }),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                if !attrs.is_empty() {
                    self.error(
                        at,
                        Diagnostic::new("unsupported heading attribute")
                            .expected("only an id and classes: {#id .class}"),
                    );
                }
                let attr = Attr {
                    id: id.map(|i| i.into_string()),
                    classes: classes.into_iter().map(|c| c.into_string()).collect(),
                };
                self.open_inline(InlineKind::Heading {
                    level: heading_level(level),
                    attr,
                });
            }
            Tag::BlockQuote(_) => self.open_frame(FrameKind::Quote, at),
            Tag::CodeBlock(kind) => {
                self.close_implicit_para();
                self.code = Some(String::new());
                if matches!(&kind, CodeBlockKind::Fenced(info) if info.trim() == CHART_INFO) {
                    self.chart_at = Some(at);
                }
            }
            Tag::HtmlBlock => self.close_implicit_para(),
            Tag::List(start) => self.open_frame(
                FrameKind::List {
                    start,
                    items: Vec::new(),
                },
                at,
            ),
            Tag::Item => self.open_frame(FrameKind::Item, at),
            Tag::FootnoteDefinition(label) => self.open_frame(
                FrameKind::FootnoteDef {
                    label: label.into_string(),
                },
                at,
            ),
            Tag::Table(align) => {
                self.close_implicit_para();
                self.table = Some(TableBuild {
                    align: align.into_iter().map(alignment).collect(),
                    ..TableBuild::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => self.open_inline(InlineKind::Cell),
            Tag::Emphasis => self.open_inline(InlineKind::Emph),
            Tag::Strong => self.open_inline(InlineKind::Strong),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.into_string()
                };
                self.open_inline(InlineKind::Link { url });
            }
            Tag::Image { .. } => {
                self.error(
                    at,
                    Diagnostic::new("images are not supported in briefs")
                        .expected("text, links, tables and callouts"),
                );
                self.open_inline(InlineKind::Image);
            }
            other => {
                // Strikethrough, task lists, definition lists and the like are not enabled.
                self.error(
                    at,
                    Diagnostic::new(format!("unsupported Markdown: {other:?}")),
                );
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(inlines) = self.close_inline() {
                    self.push_block(Block::Para(inlines));
                }
            }
            TagEnd::Heading(_) => {
                if let Some((InlineKind::Heading { level, attr }, content)) = self.inlines.pop() {
                    self.push_block(Block::Heading {
                        level,
                        attr,
                        content,
                    });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(frame) = self.close_frame() {
                    self.push_block(Block::Quote(frame.blocks));
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame {
                    kind: FrameKind::List { start, items },
                    ..
                }) = self.close_frame()
                {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                if let Some(frame) = self.close_frame() {
                    if let Some(Frame {
                        kind: FrameKind::List { items, .. },
                        ..
                    }) = self.frames.last_mut()
                    {
                        items.push(frame.blocks);
                    }
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some(Frame {
                    kind: FrameKind::FootnoteDef { label },
                    blocks,
                    start,
                }) = self.close_frame()
                {
                    let key = footnote_key(&label);
                    match self.defs.entry(key) {
                        Entry::Occupied(_) => self.error(
                            start,
                            Diagnostic::new(format!("footnote [^{label}] is defined twice"))
                                .expected("one definition per footnote label"),
                        ),
                        Entry::Vacant(slot) => {
                            slot.insert(Footnote { label, blocks });
                        }
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(Table {
                        align: t.align,
                        header: t.header,
                        rows: t.rows,
                    }));
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                if let Some((_, cell)) = self.inlines.pop() {
                    if let Some(t) = &mut self.table {
                        t.row.push(cell);
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image => {
                if let Some((kind, content)) = self.inlines.pop() {
                    let inline = match kind {
                        InlineKind::Emph => Inline::Emph(content),
                        InlineKind::Strong => Inline::Strong(content),
                        InlineKind::Link { url } => Inline::Link { url, content },
                        _ => return,
                    };
                    self.push_inline(inline);
                }
            }
            TagEnd::HtmlBlock | TagEnd::CodeBlock => {}
            _ => {}
        }
    }

    fn open_inline(&mut self, kind: InlineKind) {
        if matches!(kind, InlineKind::Para { .. } | InlineKind::Heading { .. }) {
            self.close_implicit_para();
        }
        self.inlines.push((kind, Vec::new()));
    }

    /// Pops the innermost inline container, which a well-formed event stream makes a
    /// paragraph here.
    fn close_inline(&mut self) -> Option<Vec<Inline>> {
        self.inlines.pop().map(|(_, content)| content)
    }

    /// Ends the bare text of a tight list item as a paragraph.
    fn close_implicit_para(&mut self) {
        if let Some((InlineKind::Para { implicit: true }, _)) = self.inlines.last() {
            if let Some(content) = self.close_inline() {
                self.push_block(Block::Para(content));
            }
        }
    }

    /// Whether the inline content so far ends with a digit, which a note mark would read as
    /// an exponent ("2026²", copied as "20262").
    fn last_inline_ends_with_digit(&self) -> bool {
        fn ends_with_digit(inline: &Inline) -> bool {
            match inline {
                Inline::Text(t) | Inline::Code(t) => t.ends_with(|c: char| c.is_numeric()),
                Inline::Emph(c) | Inline::Strong(c) => c.last().is_some_and(ends_with_digit),
                Inline::Link { content, .. } => content.last().is_some_and(ends_with_digit),
                _ => false,
            }
        }
        self.inlines
            .last()
            .and_then(|(_, content)| content.last())
            .is_some_and(ends_with_digit)
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.inlines.is_empty() {
            // Text straight inside a tight list item.
            self.open_inline(InlineKind::Para { implicit: true });
        }
        let Some((_, content)) = self.inlines.last_mut() else {
            return;
        };
        if let Inline::Text(t) = &inline {
            if let Some(Inline::Text(prev)) = content.last_mut() {
                prev.push_str(t);
                return;
            }
        }
        content.push(inline);
    }

    /// A ```` ```chart ```` block: a portion mark (or nothing), then the figure as JSON
    /// (`chart::FigureSpec`), as the `chart` helper writes it.
    fn figure(&mut self, text: &str, at: usize) {
        let json_at = text.find('{').unwrap_or(text.len());
        let (mark, json) = text.split_at(json_at);
        match crate::chart::FigureSpec::parse(json) {
            Ok(mut spec) => {
                self.figures += 1;
                // Typographic quotes, as in every text the tree holds.
                spec.chart.map_texts(typographic);
                self.push_block(Block::Figure(Box::new(Figure {
                    id: spec.id,
                    number: self.figures,
                    mark: mark.to_string(),
                    caption: typographic(&spec.caption),
                    chart: spec.chart,
                })));
            }
            Err(e) => {
                self.error(
                    at,
                    Diagnostic::new(format!(
                        "this chart block is not a valid figure: {}",
                        e.message
                    ))
                    .path(e.path)
                    .expected(
                        "a figure as the `chart` helper writes it: {\"caption\": …, \"chart\": \
                             {\"kind\": \"threat-matrix\" or \"timeline\", …}}",
                    ),
                );
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        if let Some(frame) = self.frames.last_mut() {
            frame.blocks.push(block);
        }
    }

    fn open_frame(&mut self, kind: FrameKind, at: usize) {
        self.close_implicit_para();
        self.frames.push(Frame {
            kind,
            blocks: Vec::new(),
            start: at,
        });
    }

    /// Closes the innermost Markdown container; divs still open inside it are reported and
    /// closed with it.
    fn close_frame(&mut self) -> Option<Frame> {
        self.close_implicit_para();
        self.close_unclosed_divs();
        if self.frames.len() > 1 {
            self.frames.pop()
        } else {
            None
        }
    }

    fn close_unclosed_divs(&mut self) {
        while self.frames.last().is_some_and(|f| f.kind.is_html()) {
            let start = self.frames.last().map_or(0, |f| f.start);
            self.error(
                start,
                Diagnostic::new("<div> is never closed").expected(
                    "a </div> line closing it, inside the same list item, quote or footnote",
                ),
            );
            self.close_div();
        }
    }

    /// Pops the innermost div or callout into its parent.
    fn close_div(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let block = match frame.kind {
            FrameKind::Div(attr) => Block::Div {
                attr,
                blocks: frame.blocks,
            },
            FrameKind::Callout { kind, title } => Block::Callout {
                kind,
                title,
                blocks: frame.blocks,
            },
            _ => return,
        };
        self.push_block(block);
    }

    /// One event of block HTML, line by line.
    fn block_html(&mut self, html: &str, offset: usize) {
        let mut line_offset = offset;
        for line in html.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let at = line_offset + (line.len() - trimmed.len());
            line_offset += line.len();
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            match block_tag(trimmed) {
                Some(BlockTag::PageBreak) => self.push_block(Block::PageBreak),
                Some(BlockTag::Open(kind)) => self.frames.push(Frame {
                    kind,
                    blocks: Vec::new(),
                    start: at,
                }),
                Some(BlockTag::Close) => {
                    if self.frames.last().is_some_and(|f| f.kind.is_html()) {
                        self.close_div();
                    } else {
                        self.error(
                            at,
                            Diagnostic::new("</div> without an open <div>").expected(
                                "a <div …> line before it, inside the same list item, quote \
                                 or footnote",
                            ),
                        );
                    }
                }
                Some(BlockTag::Invalid(message)) => {
                    self.error(at, Diagnostic::new(message).expected(SUPPORTED_HTML));
                    // Still a div: its `</div>` closes it without a second error.
                    self.frames.push(Frame {
                        kind: FrameKind::Div(Attr::default()),
                        blocks: Vec::new(),
                        start: at,
                    });
                }
                None => self.unsupported_html(trimmed, at),
            }
        }
    }

    fn unsupported_html(&mut self, html: &str, at: usize) {
        let html = html.trim_end();
        self.error(
            at,
            Diagnostic::new(format!("unsupported HTML {html:?}")).expected(SUPPORTED_HTML),
        );
    }

    /// The footnote number (0-based) of a reference: a new one on the first reference.
    fn reference(&mut self, label: &str, at: usize) -> usize {
        let key = footnote_key(label);
        if let Some(&index) = self.ref_index.get(&key) {
            return index;
        }
        let index = self.refs.len();
        self.refs.push((key.clone(), label.to_string(), at));
        self.ref_index.insert(key, index);
        index
    }

    /// With GFM footnotes an undefined `[^label]` comes out as text; report it where the
    /// source has an unescaped `[^label]`.
    fn check_undefined_footnote(&mut self, at: usize) {
        let rest = &self.src[at..];
        if !rest.starts_with("[^") {
            return;
        }
        let backslashes = self.src[..at]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            return;
        }
        let Some(end) = rest[2..].find(']') else {
            return;
        };
        let label = &rest[2..2 + end];
        if label.is_empty() || label.chars().any(|c| c.is_whitespace() || c == '[') {
            return;
        }
        self.error(
            at,
            Diagnostic::new(format!(
                "footnote [^{label}] is referenced but never defined"
            ))
            .expected(format!("a definition \"[^{label}]: …\" in the document")),
        );
    }

    fn finish(mut self, meta: Meta) -> Result<Document, Diagnostics> {
        self.close_implicit_para();
        self.close_unclosed_divs();
        let mut footnotes = Vec::new();
        for (key, label, at) in std::mem::take(&mut self.refs) {
            match self.defs.remove(&key) {
                Some(note) => footnotes.push(note),
                None => {
                    self.error(
                        at,
                        Diagnostic::new(format!(
                            "footnote [^{label}] is referenced but never defined"
                        ))
                        .expected(format!("a definition \"[^{label}]: …\" in the document")),
                    );
                    footnotes.push(Footnote {
                        label,
                        blocks: Vec::new(),
                    });
                }
            }
        }
        if !self.diags.is_empty() {
            let mut diags = std::mem::take(&mut self.diags);
            diags.sort_by_key(|(at, _)| *at);
            let src = self.src;
            return Err(Diagnostics(
                diags
                    .into_iter()
                    .map(|(_, d)| d.with_snippet(src))
                    .collect(),
            ));
        }
        let mut blocks = self
            .frames
            .into_iter()
            .next()
            .map(|f| f.blocks)
            .unwrap_or_default();
        let footnotes = renumber(&mut blocks, footnotes);
        Ok(Document {
            meta,
            blocks,
            footnotes,
        })
    }
}

/// Numbers the notes in reading order: the body first, then the references inside each note,
/// note by note. A note no marker reaches (one referenced only from a dropped note) is dropped.
fn renumber(blocks: &mut [Block], mut notes: Vec<Footnote>) -> Vec<Footnote> {
    let mut order: Vec<usize> = Vec::new();
    let first_seen = |order: &mut Vec<usize>, i: &mut usize| {
        if !order.contains(i) {
            order.push(*i);
        }
    };
    visit_refs(blocks, &mut |i| first_seen(&mut order, i));
    let mut next = 0;
    while next < order.len() {
        let note = order[next];
        visit_refs(&mut notes[note].blocks, &mut |i| first_seen(&mut order, i));
        next += 1;
    }
    let mut new_index = vec![usize::MAX; notes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    visit_refs(blocks, &mut |i| *i = new_index[*i]);
    let mut slots: Vec<Option<Footnote>> = notes.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&old| slots[old].take())
        .map(|mut note| {
            visit_refs(&mut note.blocks, &mut |i| *i = new_index[*i]);
            note
        })
        .collect()
}

/// Calls `f` on every footnote reference's index in `blocks`, in reading order.
fn visit_refs(blocks: &mut [Block], f: &mut impl FnMut(&mut usize)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Para(content) => visit_inline_refs(content, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_refs(item, f);
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    visit_inline_refs(cell, f);
                }
            }
            Block::Quote(blocks) | Block::Callout { blocks, .. } | Block::Div { blocks, .. } => {
                visit_refs(blocks, f)
            }
            Block::CodeBlock(_) | Block::Figure(_) | Block::Rule | Block::PageBreak => {}
        }
    }
}

fn visit_inline_refs(inlines: &mut [Inline], f: &mut impl FnMut(&mut usize)) {
    for inline in inlines {
        match inline {
            Inline::FootnoteRef(i) => f(i),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                visit_inline_refs(c, f)
            }
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Anchor(_)
            | Inline::PageRef(_)
            | Inline::LineBreak => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alignment(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::Default,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Footnote labels match case-insensitively, as link labels do.
fn footnote_key(label: &str) -> String {
    label.to_lowercase()
}

fn is_br(html: &str) -> bool {
    matches!(html.trim(), "<br>" | "<br/>" | "<br />")
}

/// An inline `<a id="ID">` (an anchor) or `<a href="#ID" class="page">` (a page reference).
fn anchor_open(html: &str) -> Option<Inline> {
    let attrs = parse_tag(html.trim(), "a")?;
    let attr = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    match (attrs.len(), attr("id"), attr("href"), attr("class")) {
        (1, Some(id), None, None) if !id.is_empty() => Some(Inline::Anchor(id.to_string())),
        (2, None, Some(href), Some("page")) => href
            .strip_prefix('#')
            .filter(|id| !id.is_empty())
            .map(|id| Inline::PageRef(id.to_string())),
        _ => None,
    }
}

enum BlockTag {
    Open(FrameKind),
    Close,
    PageBreak,
    /// An opening div of the supported shape with something wrong in it.
    Invalid(String),
}

/// A line of block HTML as one of the supported forms.
fn block_tag(line: &str) -> Option<BlockTag> {
    if line.eq_ignore_ascii_case("</div>") {
        return Some(BlockTag::Close);
    }
    if let Some(open) = line.strip_suffix("</div>") {
        let attrs = parse_tag(open, "div")?;
        return match attrs.as_slice() {
            [(name, class)] if name == "class" && class.trim() == "page-break" => {
                Some(BlockTag::PageBreak)
            }
            _ => None,
        };
    }
    let attrs = parse_tag(line, "div")?;
    let mut attr = Attr::default();
    let mut title = None;
    for (name, value) in attrs {
        match name.as_str() {
            "class" => attr.classes = value.split_whitespace().map(str::to_string).collect(),
            "id" => attr.id = Some(value),
            "title" => title = Some(value),
            _ => return None,
        }
    }
    if attr.has_class("page-break") {
        return Some(BlockTag::Invalid(
            "a page break is written <div class=\"page-break\"></div> on one line".into(),
        ));
    }
    if attr.has_class("callout") {
        let kinds: Vec<&String> = attr.classes.iter().filter(|c| *c != "callout").collect();
        let [kind] = kinds.as_slice() else {
            return Some(BlockTag::Invalid(format!(
                "a callout needs exactly one kind besides the class \"callout\", found {}",
                kinds.len()
            )));
        };
        if attr.id.is_some() {
            return Some(BlockTag::Invalid("a callout has no id".into()));
        }
        return Some(BlockTag::Open(FrameKind::Callout {
            kind: kind.to_string(),
            title: title.filter(|t| !t.is_empty()),
        }));
    }
    if title.is_some() {
        return Some(BlockTag::Invalid(
            "only a callout takes a title attribute".into(),
        ));
    }
    Some(BlockTag::Open(FrameKind::Div(attr)))
}

/// The attributes of a whole opening tag `<NAME a="x" b='y'>`, values entity-decoded; `None`
/// when `tag` is not one.
fn parse_tag(tag: &str, name: &str) -> Option<Vec<(String, String)>> {
    let rest = tag.strip_prefix('<')?;
    // `get`, not indexing: the tag is user text, and `name.len()` bytes in may fall inside a
    // character (`<?xé`).
    if !rest
        .get(..name.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let mut rest = rest.get(name.len()..)?.strip_suffix('>')?;
    let mut attrs: Vec<(String, String)> = Vec::new();
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return Some(attrs);
        }
        if trimmed.len() == rest.len() {
            return None; // attributes must be separated by whitespace
        }
        let eq = trimmed.find('=')?;
        let attr = trimmed[..eq].trim_end().to_ascii_lowercase();
        if attr.is_empty() || !attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        let value = trimmed[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let close = value[1..].find(quote)?;
        if attrs.iter().any(|(a, _)| *a == attr) {
            return None;
        }
        attrs.push((attr, decode_entities(&value[1..1 + close])));
        rest = &value[close + 2..];
    }
}

/// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric character references; anything else
/// is kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
