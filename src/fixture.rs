//! A sample document tree exercising every block and inline, for the writers' unit tests.

use crate::doc::{Align, Attr, Block, Document, Footnote, Inline, Meta, Table};

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Para(inlines)
}

fn heading(level: u8, id: &str, text: &str) -> Block {
    Block::Heading {
        level,
        attr: Attr {
            id: Some(id.to_string()),
            classes: vec![],
        },
        content: vec![t(text)],
    }
}

/// The memo's metadata as the country brief has it.
pub fn meta() -> Meta {
    Meta {
        title: "NATO–Azerbaijan Relations".into(),
        subject: "Country brief: partnership, visits and threat picture".into(),
        reference: "BW/AZE/2026/01".into(),
        classification: "NATO UNCLASSIFIED".into(),
        releasability: "Releasable to the public".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        author: "briefwright analyst desk".into(),
        audience: "Policy staff".into(),
        keywords: vec!["NATO".into(), "Azerbaijan".into()],
    }
}

/// A document with every block and inline kind; `rows` body rows in its table, so tests can
/// make it span pages.
pub fn sample(rows: usize) -> Document {
    let mut blocks = vec![
        Block::Div {
            attr: Attr {
                id: None,
                classes: vec!["title-block".into()],
            },
            blocks: vec![
                Block::Heading {
                    level: 1,
                    attr: Attr {
                        id: None,
                        classes: vec!["title".into()],
                    },
                    content: vec![t("NATO–Azerbaijan Relations")],
                },
                Block::Heading {
                    level: 2,
                    attr: Attr {
                        id: None,
                        classes: vec!["subtitle".into()],
                    },
                    content: vec![t("Country brief: partnership, visits and threat picture")],
                },
                para(vec![
                    Inline::Strong(vec![t("Reference:")]),
                    t(" BW/AZE/2026/01"),
                    Inline::LineBreak,
                    Inline::Strong(vec![t("Date:")]),
                    t(" 22 November 2026"),
                ]),
            ],
        },
        Block::Callout {
            kind: "bluf".into(),
            title: Some("Bottom line up front".into()),
            blocks: vec![para(vec![
                t("Azerbaijan remains a long-standing NATO partner; an "),
                Inline::Emph(vec![t("Individually Tailored Partnership Programme")]),
                t(" is being finalised."),
                Inline::FootnoteRef(0),
            ])],
        },
        heading(1, "recent-visits", "Recent visits"),
        para(vec![
            t("Radmila Shekerinska met Foreign Minister Jeyhun Bayramov in Bakı (Azərbaycan: ə ğ ı ş ç ö ü; Русский текст) — “quoted” text. Literal markup: * _ # | [x](y) < & \"."),
            Inline::FootnoteRef(1),
            t(" See "),
            Inline::Link {
                url: "https://www.nato.int/".into(),
                content: vec![t("nato.int")],
            },
            t(" and the "),
            Inline::Link {
                url: "#sources".into(),
                content: vec![t("annex")],
            },
            t(". Code: "),
            Inline::Code("briefwright build".into()),
            t("."),
        ]),
        Block::List {
            start: None,
            items: vec![
                vec![para(vec![t("Partnership for Peace since 1994")])],
                vec![
                    para(vec![t("Planning and Review Process (PARP) since 1997")]),
                    Block::List {
                        start: Some(1),
                        items: vec![
                            vec![para(vec![t("Interoperability of selected units")])],
                            vec![para(vec![t("Defence education (DEEP, 2008)")])],
                        ],
                    },
                ],
            ],
        },
        Block::Quote(vec![para(vec![t(
            "“energy matters for our security and I welcome that Azerbaijan is developing closer and closer ties with several NATO Allies.”",
        )])]),
        heading(2, "threat-picture", "Threat picture"),
    ];
    let mut table_rows = Vec::new();
    for i in 0..rows {
        table_rows.push(vec![
            vec![t(&format!("Threat {}: Russian hybrid activity", i + 1))],
            vec![t("Likely (55–80%)")],
            vec![t("High")],
            vec![t("Increasing")],
        ]);
    }
    blocks.push(Block::Table(Table {
        align: vec![Align::Left, Align::Left, Align::Center, Align::Right],
        header: vec![
            vec![t("Threat")],
            vec![t("Likelihood")],
            vec![t("Impact")],
            vec![t("Trend")],
        ],
        rows: table_rows,
    }));
    blocks.extend([
        Block::CodeBlock("briefwright build briefs/ --as-of 2026-11-22".into()),
        Block::Rule,
        Block::PageBreak,
        Block::Div {
            attr: Attr {
                id: None,
                classes: vec!["annex".into()],
            },
            blocks: vec![
                heading(1, "sources", "Annex: sources"),
                para(vec![
                    Inline::Anchor("src-apa-interview".into()),
                    Inline::Strong(vec![t("APA interview")]),
                    t(" — graded B2."),
                ]),
            ],
        },
    ]);
    Document {
        meta: meta(),
        blocks,
        footnotes: vec![
            Footnote {
                label: "c1".into(),
                blocks: vec![para(vec![Inline::Link {
                    url: "#src-apa-interview".into(),
                    content: vec![t("APA interview with the Deputy Secretary General (2026)")],
                }])],
            },
            Footnote {
                label: "c2".into(),
                blocks: vec![para(vec![t("UK Defence Journal, George Allison.")])],
            },
        ],
    }
}
