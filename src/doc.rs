//! The document tree: the one structure between the merged Markdown and every writer.
//!
//! Like pandoc's AST, `Block` and `Inline` are closed enums; memo features that are not worth a
//! variant of their own travel as classes on the generic `Div` and on headings. Writers walk this
//! tree and the theme, nothing else.

use std::fmt::Write as _;

/// A whole memo: its metadata, its body and its footnotes.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Footnote bodies in the order of their first reference: the note numbered `n` is
    /// `footnotes[n - 1]`, so every writer numbers them alike.
    pub footnotes: Vec<Footnote>,
}

/// What the brief says about itself; writers put it in banners, running heads and file metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub reference: String,
    /// The classification level, e.g. `NATO UNCLASSIFIED`; the theme colours banners by it.
    pub classification: String,
    /// The releasability line printed with the level, e.g. `Releasable to the public`.
    pub releasability: String,
    /// The brief's as-of date: printed on the memo and stored as the files' creation date.
    pub date: chrono::NaiveDate,
    pub author: String,
    pub audience: String,
    pub keywords: Vec<String>,
}

impl Meta {
    /// The marking printed in every banner: level and releasability on one line.
    pub fn classification_line(&self) -> String {
        if self.releasability.is_empty() {
            self.classification.clone()
        } else {
            format!(
                "{} — {}",
                self.classification,
                self.releasability.to_uppercase()
            )
        }
    }
}

/// An identifier and classes, as on pandoc's `Attr`. Heading ids are link targets and bookmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attr {
    pub id: Option<String>,
    pub classes: Vec<String>,
}

impl Attr {
    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–6. Class `title` marks the memo's title and `subtitle` its subtitle:
    /// those are styled as such and left out of the outline.
    Heading {
        level: u8,
        attr: Attr,
        content: Vec<Inline>,
    },
    Para(Vec<Inline>),
    /// A bullet list (`start: None`) or a numbered list starting at `start`. Items hold blocks,
    /// so lists nest.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    Quote(Vec<Block>),
    /// A boxed block such as the BLUF: `kind` selects the theme's colours, `title` is printed
    /// as the box's caption.
    Callout {
        kind: String,
        title: Option<String>,
        blocks: Vec<Block>,
    },
    /// A generic container; classes carry memo features (`title-block`, `annex`, `keep`).
    /// A `keep` div is not split across pages.
    Div {
        attr: Attr,
        blocks: Vec<Block>,
    },
    CodeBlock(String),
    /// A chart drawn from the data, numbered, with its caption.
    Figure(Box<Figure>),
    Rule,
    PageBreak,
}

/// A chart and its caption, printed "Figure N. caption" under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The link target, for "see page N" references.
    pub id: Option<String>,
    /// From 1, in document order.
    pub number: usize,
    /// The portion mark the caption opens with ("(NU) "); empty when portion marking is off.
    pub mark: String,
    pub caption: String,
    pub chart: crate::chart::Chart,
}

impl Figure {
    /// `Figure N`: how the caption and references name it.
    pub fn label(&self) -> String {
        format!("Figure {}", self.number)
    }

    /// The caption line as printed, portion mark first.
    pub fn caption_line(&self) -> String {
        format!("{}{}. {}", self.mark, self.label(), self.caption)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Default,
    Left,
    Center,
    Right,
}

/// A table: one header row (repeated on every page) and body rows of inline cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Code(String),
    /// An external link (`https:`, `mailto:`) or an internal one (`#id`, an anchor or heading).
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A reference to `Document::footnotes[index]`, numbered `index + 1`.
    FootnoteRef(usize),
    /// A link target inside running text, e.g. a source in the annex (`#src-…`).
    Anchor(String),
    /// "page N": the page a heading or anchor (`id`) is on, filled in from the layout and
    /// linked to it (`<a href="#id" class="page"></a>` in a template).
    PageRef(String),
    LineBreak,
}

/// One footnote: a label unique in the document (the link target of its marker) and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub label: String,
    pub blocks: Vec<Block>,
}

/// The plain text of inlines, as a reader would copy it (footnote markers as their numbers).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                out.push_str(&plain_text(c))
            }
            Inline::FootnoteRef(i) => out.push_str(&(i + 1).to_string()),
            Inline::Anchor(_) => {}
            Inline::PageRef(_) => out.push_str("page"),
            Inline::LineBreak => out.push('\n'),
        }
    }
    out
}

/// One line of the table of contents: a section heading and the id it is linked by.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    pub title: String,
    pub id: String,
}

/// The class of the div a template places the table of contents with.
pub const CONTENTS_CLASS: &str = "toc";

impl Document {
    /// The table of contents: every level-2 heading of the body that has an id (sections are
    /// linked by their id), in order. Headings inside quotations, lists, callouts and notes
    /// are not sections.
    pub fn contents(&self) -> Vec<ContentsEntry> {
        fn walk(blocks: &[Block], out: &mut Vec<ContentsEntry>) {
            for b in blocks {
                match b {
                    Block::Heading {
                        level: 2,
                        attr,
                        content,
                    } if !attr.has_class("title") && !attr.has_class("subtitle") => {
                        if let Some(id) = &attr.id {
                            out.push(ContentsEntry {
                                title: plain_text(content),
                                id: id.clone(),
                            });
                        }
                    }
                    Block::Div { blocks, .. } => walk(blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }

    /// Whether the text holds a page reference (`Inline::PageRef`), body or notes.
    pub fn has_page_refs(&self) -> bool {
        fn inlines(list: &[Inline]) -> bool {
            list.iter().any(|i| match i {
                Inline::PageRef(_) => true,
                Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => inlines(c),
                _ => false,
            })
        }
        fn blocks(list: &[Block]) -> bool {
            list.iter().any(|b| match b {
                Block::Para(c) | Block::Heading { content: c, .. } => inlines(c),
                Block::List { items, .. } => items.iter().any(|i| blocks(i)),
                Block::Quote(bs) | Block::Div { blocks: bs, .. } => blocks(bs),
                Block::Callout { blocks: bs, .. } => blocks(bs),
                Block::Table(t) => t
                    .header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .any(|c| inlines(c)),
                Block::CodeBlock(_) | Block::Figure(_) | Block::Rule | Block::PageBreak => false,
            })
        }
        blocks(&self.blocks) || self.footnotes.iter().any(|n| blocks(&n.blocks))
    }

    /// Whether the template placed a table of contents.
    pub fn has_contents(&self) -> bool {
        fn walk(blocks: &[Block]) -> bool {
            blocks.iter().any(|b| match b {
                Block::Div { attr, blocks } => attr.has_class(CONTENTS_CLASS) || walk(blocks),
                _ => false,
            })
        }
        walk(&self.blocks)
    }

    /// A stable, indented text dump of the tree (as pandoc's `native` format), for snapshot
    /// tests and `--format tree`.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let m = &self.meta;
        let _ = writeln!(out, "Meta");
        let _ = writeln!(out, "  title: {:?}", m.title);
        let _ = writeln!(out, "  subject: {:?}", m.subject);
        let _ = writeln!(out, "  reference: {:?}", m.reference);
        let _ = writeln!(out, "  classification: {:?}", m.classification_line());
        let _ = writeln!(out, "  date: {}", m.date);
        let _ = writeln!(out, "  author: {:?}", m.author);
        let _ = writeln!(out, "  audience: {:?}", m.audience);
        let _ = writeln!(out, "  keywords: {:?}", m.keywords);
        for b in &self.blocks {
            dump_block(&mut out, b, 0);
        }
        for (i, n) in self.footnotes.iter().enumerate() {
            let _ = writeln!(out, "Footnote {} {:?}", i + 1, n.label);
            for b in &n.blocks {
                dump_block(&mut out, b, 1);
            }
        }
        out
    }
}

fn dump_block(out: &mut String, block: &Block, depth: usize) {
    let pad = "  ".repeat(depth);
    match block {
        Block::Heading {
            level,
            attr,
            content,
        } => {
            let _ = writeln!(
                out,
                "{pad}Heading {level}{} {}",
                dump_attr(attr),
                dump_inlines(content)
            );
        }
        Block::Para(c) => {
            let _ = writeln!(out, "{pad}Para {}", dump_inlines(c));
        }
        Block::List { start, items } => {
            match start {
                Some(s) => {
                    let _ = writeln!(out, "{pad}OrderedList start={s}");
                }
                None => {
                    let _ = writeln!(out, "{pad}BulletList");
                }
            }
            for item in items {
                let _ = writeln!(out, "{pad}  Item");
                for b in item {
                    dump_block(out, b, depth + 2);
                }
            }
        }
        Block::Table(t) => {
            let _ = writeln!(out, "{pad}Table align={:?}", t.align);
            let cells: Vec<String> = t.header.iter().map(|c| dump_inlines(c)).collect();
            let _ = writeln!(out, "{pad}  Header {}", cells.join(" | "));
            for row in &t.rows {
                let cells: Vec<String> = row.iter().map(|c| dump_inlines(c)).collect();
                let _ = writeln!(out, "{pad}  Row {}", cells.join(" | "));
            }
        }
        Block::Quote(bs) => {
            let _ = writeln!(out, "{pad}Quote");
            for b in bs {
                dump_block(out, b, depth + 1);
            }
        }
        Block::Callout {
            kind,
            title,
            blocks,
        } => {
            let _ = writeln!(out, "{pad}Callout {kind} {title:?}");
            for b in blocks {
                dump_block(out, b, depth + 1);
            }
        }
        Block::Div { attr, blocks } => {
            let _ = writeln!(out, "{pad}Div{}", dump_attr(attr));
            for b in blocks {
                dump_block(out, b, depth + 1);
            }
        }
        Block::CodeBlock(t) => {
            let _ = writeln!(out, "{pad}CodeBlock {t:?}");
        }
        Block::Figure(f) => {
            let id = f.id.as_ref().map_or(String::new(), |id| format!(" #{id}"));
            let _ = writeln!(out, "{pad}Figure{id} {:?}", f.caption_line());
            let _ = writeln!(out, "{pad}  Alt {:?}", f.chart.describe());
        }
        Block::Rule => {
            let _ = writeln!(out, "{pad}Rule");
        }
        Block::PageBreak => {
            let _ = writeln!(out, "{pad}PageBreak");
        }
    }
}

fn dump_attr(attr: &Attr) -> String {
    let mut s = String::new();
    if let Some(id) = &attr.id {
        let _ = write!(s, " #{id}");
    }
    for c in &attr.classes {
        let _ = write!(s, " .{c}");
    }
    s
}

fn dump_inlines(inlines: &[Inline]) -> String {
    let parts: Vec<String> = inlines.iter().map(dump_inline).collect();
    format!("[{}]", parts.join(", "))
}

fn dump_inline(inline: &Inline) -> String {
    match inline {
        Inline::Text(t) => format!("{t:?}"),
        Inline::Emph(c) => format!("Emph{}", dump_inlines(c)),
        Inline::Strong(c) => format!("Strong{}", dump_inlines(c)),
        Inline::Code(t) => format!("Code({t:?})"),
        Inline::Link { url, content } => format!("Link({url:?}){}", dump_inlines(content)),
        Inline::FootnoteRef(i) => format!("Note({})", i + 1),
        Inline::Anchor(id) => format!("Anchor({id:?})"),
        Inline::PageRef(id) => format!("PageRef({id:?})"),
        Inline::LineBreak => "Br".to_string(),
    }
}
