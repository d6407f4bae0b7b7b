//! The resolved style model: every size, space, indent, bullet, padding, border, colour, rule
//! and keep rule of a memo, computed once from the theme. The layout (which the PDF writer
//! serialises) and the DOCX writer both read it, so the two formats cannot drift: neither
//! holds a layout number of its own. Lengths are in points.

use crate::theme::{mm_to_pt, Borders, Colour, Theme};

/// How a heading-like line is set: size, weight, colour and the space around it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingStyle {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub colour: Colour,
    pub before: f32,
    pub after: f32,
    /// Line height as a multiple of the size: tighter than body text.
    pub line_height: f32,
}

/// A bar-and-indent block: quotations.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteStyle {
    /// The bar's width, and the gap between the bar and the text.
    pub bar: f32,
    pub gap: f32,
    /// The text's indent from the right edge.
    pub right: f32,
    pub before: f32,
    pub after: f32,
    pub bar_colour: Colour,
}

impl QuoteStyle {
    /// The text's indent from the left edge: the bar and the gap after it.
    pub fn left(&self) -> f32 {
        self.bar + self.gap
    }
}

/// Boxed callouts (the BLUF): a coloured bar on the left, padding all round.
#[derive(Debug, Clone, PartialEq)]
pub struct CalloutStyle {
    pub bar: f32,
    pub padding: f32,
    pub before: f32,
    pub after: f32,
    /// Space between the callout's title and its first paragraph.
    pub title_after: f32,
}

/// Lists: the indent per level, the marker's gap, spacing, and the markers.
#[derive(Debug, Clone, PartialEq)]
pub struct ListStyle {
    pub indent: f32,
    /// The least room between a marker and the item's text.
    pub marker_gap: f32,
    pub before: f32,
    pub after: f32,
    /// Space between items.
    pub item_after: f32,
    /// Bullets by depth: level 1, 2, 3, then again.
    pub bullets: [&'static str; 3],
}

impl ListStyle {
    /// The bullet at `depth` (0 for a top-level list).
    pub fn bullet(&self, depth: usize) -> &'static str {
        self.bullets[depth % self.bullets.len()]
    }
}

/// Code blocks, shaded.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeStyle {
    pub size: f32,
    pub line_height: f32,
    pub padding: f32,
    pub before: f32,
    pub after: f32,
    pub fill: Colour,
}

/// Tables.
#[derive(Debug, Clone, PartialEq)]
pub struct TableStyle {
    pub size: f32,
    pub line_height: f32,
    /// Padding left and right of a cell's text, and above and below it.
    pub padding_x: f32,
    pub padding_y: f32,
    pub before: f32,
    pub after: f32,
    pub borders: Borders,
    pub border: Colour,
    pub border_width: f32,
    pub header_fill: Colour,
    pub header_text: Colour,
    /// The fill of every other body row, if rows are banded.
    pub zebra: Option<Colour>,
}

/// A horizontal line: the thematic break, and the rule under the title block.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleStyle {
    pub thickness: f32,
    pub before: f32,
    pub after: f32,
    pub colour: Colour,
}

/// Footnotes at the foot of the page: the area's rule, the hanging number, the space between.
#[derive(Debug, Clone, PartialEq)]
pub struct FootnoteStyle {
    pub size: f32,
    /// Line height as a multiple of the size.
    pub line_height: f32,
    /// The short rule above the notes: its length, thickness and colour.
    pub rule_length: f32,
    pub rule: RuleStyle,
    /// Space from the top of the notes area to the first note (the rule sits inside it). The
    /// DOCX's separator paragraph is this tall, which Word follows; LibreOffice draws its own
    /// separator in about 7.5 pt whatever that paragraph says (measured), so this is 7.5 pt
    /// and the three agree.
    pub area_top: f32,
    /// Space between notes.
    pub between: f32,
    /// The least width of the hanging number, and the room after the widest number.
    pub min_label: f32,
    pub label_gap: f32,
}

/// The page furniture: the hairlines under the running head and over the footer, and the space
/// the DOCX header and footer keep from them (the PDF places them between banner and body).
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureStyle {
    pub rule: RuleStyle,
    /// Between the running head or footer text and its rule.
    pub rule_gap: f32,
}

/// The table of contents: its entries are body-size lines, a page number right-aligned in a
/// column of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsStyle {
    /// Space between entries.
    pub entry_after: f32,
    /// The page numbers' column.
    pub number_width: f32,
}

/// Figures: the chart's labels and colours, and the caption under it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureStyle {
    /// Chart labels; axis notes and second lines a point smaller.
    pub label_size: f32,
    pub text: Colour,
    pub muted: Colour,
    /// Threat-matrix cells from low to high risk.
    pub risk: [Colour; 3],
    pub current: Colour,
    pub ended: Colour,
    pub uncertain: Colour,
    pub grid: Colour,
    pub before: f32,
    pub caption_size: f32,
    /// Between the chart and its caption.
    pub caption_gap: f32,
    pub after: f32,
}

/// The memo's head: the title, subtitle and reference lines, and the rule under them.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleBlockStyle {
    pub rule: RuleStyle,
}

/// Everything both writers need to set a memo alike.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSheet {
    pub body_size: f32,
    /// Body line height as a multiple of the size.
    pub line_height: f32,
    pub text: Colour,
    pub link: Colour,
    pub justify: bool,
    pub para_after: f32,
    pub title: HeadingStyle,
    pub subtitle: HeadingStyle,
    /// Headings of level 1 to 6 (index 0 is level 1).
    pub headings: [HeadingStyle; 6],
    pub title_block: TitleBlockStyle,
    pub list: ListStyle,
    pub quote: QuoteStyle,
    pub callout: CalloutStyle,
    pub code: CodeStyle,
    /// Inline code: the code font at this size, in paragraphs and cells alike.
    pub inline_code_size: f32,
    pub table: TableStyle,
    pub rule: RuleStyle,
    pub footnote: FootnoteStyle,
    pub furniture: FurnitureStyle,
    pub contents: ContentsStyle,
    pub figure: FigureStyle,
    /// A block kept on one page (quote, code) when no taller than this share of the body.
    pub keep_fraction: f32,
}

impl StyleSheet {
    pub fn from_theme(theme: &Theme) -> StyleSheet {
        let sz = &theme.sizes;
        let sp = &theme.spacing;
        let c = &theme.colours;
        let heading = |level: u8| HeadingStyle {
            size: sz.heading(level),
            bold: true,
            italic: level >= 4,
            colour: c.heading,
            before: sp.heading_before(level),
            after: sp.heading_after(level),
            line_height: 1.18,
        };
        StyleSheet {
            body_size: sz.body,
            line_height: sp.line_height,
            text: c.text,
            link: c.link,
            justify: theme.text.justify,
            para_after: sp.para_after_pt,
            title: HeadingStyle {
                size: sz.title,
                before: 0.0,
                after: 4.0,
                ..heading(1)
            },
            subtitle: HeadingStyle {
                size: sz.subtitle,
                bold: false,
                colour: c.muted,
                before: 0.0,
                after: 10.0,
                ..heading(1)
            },
            headings: [1, 2, 3, 4, 5, 6].map(heading),
            title_block: TitleBlockStyle {
                rule: RuleStyle {
                    thickness: 1.2,
                    before: 4.0,
                    after: 14.0,
                    colour: c.accent,
                },
            },
            list: ListStyle {
                indent: mm_to_pt(sp.list_indent_mm),
                marker_gap: 5.0,
                before: 2.0,
                after: sp.para_after_pt,
                item_after: sp.list_item_after_pt,
                bullets: ["\u{2022}", "\u{2013}", "\u{25E6}"],
            },
            quote: QuoteStyle {
                bar: 2.5,
                gap: 10.0,
                right: 10.0,
                before: 4.0,
                after: sp.para_after_pt + 2.0,
                bar_colour: c.quote_bar,
            },
            callout: CalloutStyle {
                bar: 3.0,
                padding: sp.callout_padding_pt,
                before: 6.0,
                after: 12.0,
                title_after: 3.0,
            },
            code: CodeStyle {
                size: sz.code,
                line_height: 1.3,
                padding: 6.0,
                before: 4.0,
                after: sp.para_after_pt + 2.0,
                fill: c.code_fill,
            },
            inline_code_size: sz.code,
            table: TableStyle {
                size: sz.table,
                line_height: sp.line_height,
                padding_x: sp.cell_padding_pt,
                padding_y: sp.cell_padding_pt / 2.0,
                before: 4.0,
                after: sp.para_after_pt + 4.0,
                borders: theme.table.borders,
                border: c.table_border,
                border_width: 0.5,
                header_fill: c.table_header_fill,
                header_text: c.table_header_text,
                zebra: theme.table.zebra.then_some(c.table_zebra),
            },
            rule: RuleStyle {
                thickness: 0.6,
                before: 8.0,
                after: 8.0,
                colour: c.rule,
            },
            footnote: FootnoteStyle {
                size: sz.footnote,
                line_height: sp.line_height,
                rule_length: 42.0,
                rule: RuleStyle {
                    thickness: 0.5,
                    before: 3.0,
                    after: 6.5,
                    colour: c.rule,
                },
                area_top: 7.5,
                between: 2.0,
                min_label: 11.0,
                label_gap: 3.5,
            },
            furniture: FurnitureStyle {
                rule: RuleStyle {
                    thickness: 0.5,
                    before: 6.0,
                    after: 4.0,
                    colour: c.rule,
                },
                rule_gap: 3.0,
            },
            contents: ContentsStyle {
                entry_after: sp.list_item_after_pt,
                number_width: 30.0,
            },
            figure: FigureStyle {
                label_size: theme.charts.size,
                text: c.text,
                muted: c.muted,
                risk: theme.charts.risk,
                current: theme.charts.current,
                ended: theme.charts.ended,
                uncertain: theme.charts.uncertain,
                grid: theme.charts.grid,
                before: 6.0,
                caption_size: sz.body - 1.0,
                caption_gap: 4.0,
                after: 10.0,
            },
            keep_fraction: 0.5,
        }
    }

    /// The style of a heading of `level` (1 to 6; deeper levels as 6).
    pub fn heading(&self, level: u8) -> &HeadingStyle {
        &self.headings[usize::from(level.clamp(1, 6)) - 1]
    }
}
