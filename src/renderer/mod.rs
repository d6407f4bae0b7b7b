//! Writers: one module per output format, each reading the document tree, the theme and the
//! style sheet resolved from it, and the memo laid out at most once for all of them.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::brief::Format;
use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::layout::{layout, Layout};
use crate::style::StyleSheet;
use crate::theme::Theme;
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

/// What the layout decided that the DOCX caches in its fields, so that Word and every other
/// reader show the right value before (or without) repaginating.
/// It also says which `keep` divs the layout kept on one page, so Word keeps the same ones.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub pages: usize,
    /// `Layout::kept`.
    pub kept: Vec<bool>,
    /// `Layout::dest_pages`: the page of every link target, for the contents and page
    /// references.
    pub dest_pages: BTreeMap<String, usize>,
    /// `Layout::figures`: each chart as drawn, for the DOCX's pictures.
    pub figures: Vec<crate::chart::draw::Drawing>,
}

impl Pagination {
    pub fn of(laid: &Layout) -> Pagination {
        Pagination {
            pages: laid.pages.len(),
            kept: laid.kept.clone(),
            dest_pages: laid.dest_pages.clone(),
            figures: laid.figures.clone(),
        }
    }
}

/// Everything a writer may read.
pub struct RenderContext<'a> {
    pub doc: &'a Document,
    pub theme: &'a Theme,
    /// The sizes and spaces both writers set, resolved once from the theme.
    pub styles: &'a StyleSheet,
    /// The merged Markdown the tree was read from (only the Markdown writer uses it).
    pub markdown: &'a str,
    /// The memo laid out at most once for every writer, when a writer first needs it: the PDF
    /// writer takes the layout, the DOCX writer reads its pagination.
    layout: RefCell<Option<Layout>>,
    pagination: OnceCell<Option<Pagination>>,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        doc: &'a Document,
        theme: &'a Theme,
        styles: &'a StyleSheet,
        markdown: &'a str,
    ) -> RenderContext<'a> {
        RenderContext {
            doc,
            theme,
            styles,
            markdown,
            layout: RefCell::new(None),
            pagination: OnceCell::new(),
        }
    }

    /// The page facts of the layout; `None` when the tree does not lay out (the PDF writer
    /// reports why).
    pub fn pagination(&self) -> Option<&Pagination> {
        self.pagination
            .get_or_init(|| {
                let laid = layout(self.doc, self.theme, self.styles).ok()?;
                let pagination = Pagination::of(&laid);
                *self.layout.borrow_mut() = Some(laid);
                Some(pagination)
            })
            .as_ref()
    }

    /// The layout for the PDF writer: the one a writer before it made, or a new one.
    pub fn take_layout(&self) -> Result<Layout, Diagnostics> {
        if let Some(laid) = self.layout.borrow_mut().take() {
            return Ok(laid);
        }
        let laid = layout(self.doc, self.theme, self.styles)?;
        let _ = self.pagination.set(Some(Pagination::of(&laid)));
        Ok(laid)
    }
}

/// An output format's writer: from the tree to the file's bytes. Writing the file (atomically)
/// is the caller's job, so a failed render never leaves a partial file.
pub trait Renderer {
    fn render(&self, ctx: &RenderContext) -> Result<Vec<u8>, Diagnostics>;
}

/// The writer for `format`.
pub fn for_format(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Docx => Box::new(docx::DocxRenderer),
        Format::Pdf => Box::new(pdf::PdfRenderer),
        Format::Md => Box::new(markdown::MarkdownRenderer),
    }
}
