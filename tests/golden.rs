//! Goldens of every shipped brief, under `tests/golden/<brief>/`: the layout as positioned boxes
//! (`layout.txt`), each DOCX part as indented XML (`docx/<part>`, `.xml` added where the part's name lacks it), and the SHA-256 of the
//! PDF and DOCX bytes (`hashes.txt`). A writer change shows as a readable diff of positions or
//! XML; the hashes catch what neither shows (PDF serialisation). Accept a reviewed change with
//! `BW_ACCEPT_GOLDENS=1 cargo test --test golden`.

mod common;
use common::*;

use briefwright::brief::Format;
use briefwright::layout::layout;
use briefwright::pipeline::{prepare, Prepared, PreparedVersion};
use briefwright::renderer::{for_format, RenderContext};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

fn render(p: &Prepared, v: &PreparedVersion, format: Format) -> Vec<u8> {
    let ctx = RenderContext::new(&v.doc, &p.theme, &p.styles, &v.markdown);
    for_format(format)
        .render(&ctx)
        .unwrap_or_else(|d| panic!("{format:?} render failed:\n{d}"))
}

/// XML one element per line, indented by depth; an element holding only text stays on one
/// line. A tag splitter suffices: the writer escapes `<` and `>` in text and attributes, and
/// writes no comments or CDATA.
fn pretty_xml(xml: &str) -> String {
    let mut tokens = Vec::new();
    let mut rest = xml;
    while !rest.is_empty() {
        let end = if rest.starts_with('<') {
            rest.find('>').expect("closed tag") + 1
        } else {
            rest.find('<').unwrap_or(rest.len())
        };
        tokens.push(&rest[..end]);
        rest = &rest[end..];
    }
    let mut out = String::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        let pad = "  ".repeat(depth);
        if tok.starts_with("</") {
            depth = depth.saturating_sub(1);
            out.push_str(&"  ".repeat(depth));
            out.push_str(tok);
        } else if tok.starts_with("<?") || tok.ends_with("/>") {
            out.push_str(&pad);
            out.push_str(tok);
        } else if tok.starts_with('<') {
            let text_then_close = tokens
                .get(i + 2)
                .is_some_and(|t| t.starts_with("</") && !tokens[i + 1].starts_with('<'));
            out.push_str(&pad);
            if text_then_close {
                out.push_str(&tokens[i..i + 3].concat());
                i += 2;
            } else if tokens.get(i + 1).is_some_and(|t| t.starts_with("</")) {
                out.push_str(&tokens[i..i + 2].concat());
                i += 1;
            } else {
                out.push_str(tok);
                depth += 1;
            }
        } else if tok.trim().is_empty() {
            i += 1;
            continue;
        } else {
            out.push_str(&pad);
            out.push_str(tok);
        }
        out.push('\n');
        i += 1;
    }
    out
}

/// The DOCX's parts by path: XML indented, and each picture's PNG fallback as its size and
/// hash (its SVG, drawn from the same items, is XML like the rest).
fn docx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().to_string();
            if name.ends_with(".png") {
                let mut png = Vec::new();
                f.read_to_end(&mut png).unwrap();
                let (w, h) = png_size(&png);
                return (name, format!("PNG {w}x{h} sha256 {}\n", sha256(&png)));
            }
            let mut xml = String::new();
            f.read_to_string(&mut xml)
                .unwrap_or_else(|e| panic!("{name} is not text: {e}"));
            (name, pretty_xml(&xml))
        })
        .collect()
}

/// A PNG's width and height in pixels, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks (or, when accepting, writes) one version's goldens in `dir`, adding failures to
/// `failures`.
fn check_version(p: &Prepared, v: &PreparedVersion, dir: &Path, failures: &mut Vec<String>) {
    let laid = layout(&v.doc, &p.theme, &p.styles).expect("the shipped brief lays out");
    let pdf = render(p, v, Format::Pdf);
    let docx = render(p, v, Format::Docx);
    let parts = docx_parts(&docx);
    let mut files: Vec<(PathBuf, String)> = vec![
        (dir.join("layout.txt"), laid.dump()),
        (
            dir.join("hashes.txt"),
            format!("{}  pdf\n{}  docx\n", sha256(&pdf), sha256(&docx)),
        ),
    ];
    let docx_dir = dir.join("docx");
    for (part, xml) in parts {
        // `.xml` kept, `.xml` added to the relationship parts and pictures' SVG (an editor shows
        // them all as XML), `.txt` to a PNG's size and hash.
        let file = if part.ends_with(".xml") {
            part
        } else if part.ends_with(".png") {
            format!("{part}.txt")
        } else {
            format!("{part}.xml")
        };
        files.push((docx_dir.join(file), xml));
    }
    if accepting() && docx_dir.exists() {
        // Parts the writer no longer produces must not linger as goldens.
        std::fs::remove_dir_all(&docx_dir).unwrap();
    }
    let expected: Vec<&PathBuf> = files.iter().map(|(path, _)| path).collect();
    if docx_dir.exists() {
        for stale in files_under(&docx_dir) {
            if !expected.contains(&&stale) {
                failures.push(format!(
                    "{} is a golden of a part the DOCX no longer has: remove it, or rerun with {ACCEPT}=1",
                    stale.display()
                ));
            }
        }
    }
    for (path, actual) in &files {
        if let Err(e) = check_golden(path, actual) {
            failures.push(e);
        }
    }
}

#[test]
fn every_shipped_brief_matches_its_goldens() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut briefs: Vec<PathBuf> = std::fs::read_dir(shipped_briefs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    briefs.sort();
    assert!(!briefs.is_empty());
    let mut failures = Vec::new();
    for path in &briefs {
        let p = prepare(path, as_of, Default::default(), &Default::default())
            .unwrap_or_else(|d| panic!("{}:\n{d}", path.display()));
        let name = path.file_stem().unwrap().to_string_lossy();
        for v in &p.versions {
            let dir = golden.join(format!("{name}{}", v.version.suffix));
            check_version(&p, v, &dir, &mut failures);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn pretty_xml_puts_one_element_on_a_line() {
    let xml = "<?xml version=\"1.0\"?><a x=\"1\"><b/><c>t &amp; u</c><d></d><e><f/></e></a>";
    assert_eq!(
        pretty_xml(xml),
        "<?xml version=\"1.0\"?>\n<a x=\"1\">\n  <b/>\n  <c>t &amp; u</c>\n  <d></d>\n  <e>\n    <f/>\n  </e>\n</a>\n"
    );
}
