//! Helpers the integration tests share: running the binary as a user would, and copies of the
//! shipped briefs to spoil.

// Each test crate uses some of these, none all.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary in `cwd` with `args`, without the caller's `SOURCE_DATE_EPOCH`.
pub fn briefwright(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the shipped `briefs/` folder in a fresh temporary directory, and that directory.
pub fn copy_of_briefs() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&shipped_briefs(), &dir.path().join("briefs"));
    let root = dir.path().to_path_buf();
    (dir, root)
}

pub fn shipped_briefs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, in subfolders too, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Whitespace collapsed to single spaces, and words hyphenated at a line end joined.
pub fn collapse(s: &str) -> String {
    s.replace("-\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// PDF page text, and every string and XML stream of the file decoded (outline titles, link
/// targets, Info, XMP).
pub fn pdf_texts(name: &str, bytes: &[u8]) -> Vec<(String, String)> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for (n, _) in pdf.get_pages() {
        let t = pdf.extract_text(&[n]).unwrap_or_default();
        out.push((format!("{name} page {n}"), collapse(&t)));
    }
    let mut strings = String::new();
    for obj in pdf.objects.values() {
        collect_strings(obj, &mut strings);
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Subtype").ok() == Some(&lopdf::Object::Name(b"XML".to_vec())) {
                strings.push_str(&text(&s.content));
            }
        }
    }
    out.push((format!("{name} strings, outline, Info and XMP"), strings));
    out
}

fn collect_strings(obj: &lopdf::Object, out: &mut String) {
    use lopdf::Object;
    match obj {
        Object::String(b, _) => {
            if b.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                out.push_str(&String::from_utf16_lossy(&units));
            } else {
                out.push_str(&text(b));
            }
            out.push('\n');
        }
        Object::Array(a) => a.iter().for_each(|o| collect_strings(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| collect_strings(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| collect_strings(o, out)),
        _ => {}
    }
}

/// Every part of a DOCX, as the text of its XML (tags out, entities decoded). Pictures' PNG
/// fallbacks are left out: each is painted from the same items as its SVG, which is here.
pub fn docx_parts(name: &str, bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let part = f.name().to_string();
        if part.ends_with(".png") {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        out.push((format!("{name} {part}"), xml_text(&xml)));
    }
    out
}

pub fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The one switch that accepts changed goldens and snapshots: `BW_ACCEPT_GOLDENS=1 cargo test`.
pub const ACCEPT: &str = "BW_ACCEPT_GOLDENS";

pub fn accepting() -> bool {
    std::env::var_os(ACCEPT).is_some()
}

/// Compares `actual` with the committed file at `path` (or, when accepting, writes it there):
/// the error names the file and its first differing line, and how to accept the change.
pub fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    if accepting() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let accept = format!("review the change, then accept it with {ACCEPT}=1 cargo test");
    let Ok(expected) = std::fs::read_to_string(path) else {
        return Err(format!("{} is missing: {accept}", path.display()));
    };
    if expected == actual {
        return Ok(());
    }
    let (mut want, mut got) = (expected.lines(), actual.lines());
    let mut n = 1;
    loop {
        match (want.next(), got.next()) {
            (w, g) if w == g && w.is_some() => n += 1,
            (w, g) => {
                return Err(format!(
                    "{} differs at line {n}:\n  golden: {}\n  now:    {}\n{accept}",
                    path.display(),
                    w.unwrap_or("(end of file)"),
                    g.unwrap_or("(end of file)"),
                ))
            }
        }
    }
}
