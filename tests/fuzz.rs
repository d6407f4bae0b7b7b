//! Fuzzing on the stable toolchain: a mutation harness over the shipped inputs, one target per
//! way users feed text in: data files, templates, the brief's Markdown analysis, theme
//! overrides. Each input is built in process into a fresh folder; the harness asserts that
//! nothing panics, that every error names its file, and that a brief that failed wrote nothing.
//!
//! `cargo test` runs a fast slice (a few dozen inputs per target, fixed seeds). The campaign:
//! `BW_FUZZ_INPUTS=2000 cargo test --release --test fuzz -- --nocapture` (inputs per target;
//! `BW_FUZZ_SEED` picks another sequence). Inputs that fail are kept under
//! `target/fuzz-failures/` with the seed that made them.

mod common;
use common::*;

use briefwright::pipeline::{build, Options};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// xorshift64*: small, fast, and the same sequence on every machine for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that has broken parsers, layouts and writers before.
const NASTY: &[&str] = &[
    "",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{fffd}",
    "\u{f0000}",
    "\u{f0002}\u{f0011}\u{f0001}",
    "\u{10ffff}",
    "é",
    "ə ğ ı ş ç ö ü İ Ə",
    "Кириллица",
    "“‘’”",
    "—–-",
    "漢字",
    "🙂",
    "e\u{301}\u{301}\u{301}",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "#",
    "# ",
    "> ",
    "- ",
    "1. ",
    "|",
    "| a | b |\n|---|---|",
    "[x](y)",
    "[^1]",
    "[^c1]",
    "<br>",
    "<div>",
    "</div>",
    "<div class=\"keep\">",
    "<a id=\"x\"></a>",
    "<?xé",
    "<!aé",
    "<script>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "\\",
    "{{",
    "}}",
    "{{{",
    "{#id}",
    "{.title}",
    "$$",
    "%s%n",
    "https://example.invalid/a_b*c",
    "0",
    "-1",
    "1e308",
    "NaN",
    "null",
];

/// Ordinary text, so that most inputs get as far as the writers.
const PLAIN: &[&str] = &[
    "Baku",
    "Bakı",
    "Azərbaycan",
    "İlham Əliyev",
    "Шекеринска",
    "NATO–Azerbaijan",
    "the ITPP",
    "“quoted”",
    "it’s",
    "1994",
    "17 March 2024",
    "Partnership for Peace",
    "a b c d e f g",
];

fn nasty(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        return rng.pick(PLAIN).to_string();
    }
    let mut s = String::new();
    for _ in 0..=rng.below(4) {
        let piece = *rng.pick(NASTY);
        // Now and then a long run: a long word, many lines, deep nesting.
        let times = if rng.below(8) == 0 {
            1 + rng.below(600)
        } else {
            1
        };
        s.push_str(&piece.repeat(times));
    }
    s
}

fn random_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => serde_json::json!(rng.next() as i64),
        3 => serde_json::json!(-1.5e300),
        4 => serde_json::json!([nasty(rng)]),
        5 => serde_json::json!({ nasty(rng): nasty(rng) }),
        6 => serde_json::json!("2024-02-30"),
        7 => serde_json::json!("NATO SECRET"),
        _ => Value::String(nasty(rng)),
    }
}

/// Every node of a JSON value as a path of keys and indexes.
fn paths(v: &Value, at: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match v {
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            let mut p = at.clone();
            p.push(Value::from(i));
            paths(x, p, out);
        }),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            let mut p = at.clone();
            p.push(Value::from(k.clone()));
            paths(x, p, out);
        }),
        _ => {}
    }
}

fn node<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        k => &mut v[k.as_str().unwrap()],
    })
}

/// A mutation of JSON text: structural (a node replaced, removed or duplicated) or textual
/// (bytes cut, repeated or inserted), so both the parser and the meaning checks are hit.
fn mutate_json(text: &str, rng: &mut Rng, strings_only: bool) -> Vec<u8> {
    let textual = !strings_only && rng.below(4) == 0;
    if textual {
        let mut bytes = text.as_bytes().to_vec();
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                bytes.truncate(at);
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let n = rng.below(256) as u8;
                bytes.insert(at, n);
            }
            _ => {
                let end = (at + rng.below(64)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                for _ in 0..rng.below(50) {
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
        }
        return bytes;
    }
    let mut v: Value = serde_json::from_str(text).unwrap();
    let mut all = Vec::new();
    paths(&v, Vec::new(), &mut all);
    let candidates: Vec<&Vec<Value>> = all
        .iter()
        .filter(|p| !p.is_empty())
        .filter(|p| !strings_only || matches!(node(&mut v.clone(), p), Value::String(_)))
        .collect();
    let path = (*rng.pick(&candidates)).clone();
    let target = node(&mut v, &path);
    *target = if strings_only || rng.below(2) == 0 {
        match target {
            Value::String(s) if rng.below(2) == 0 => {
                let at = s
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng.below(s.chars().count() + 1))
                    .unwrap_or(s.len());
                let mut t = s.clone();
                t.insert_str(at, &nasty(rng));
                Value::String(t)
            }
            _ => Value::String(nasty(rng)),
        }
    } else {
        random_value(rng)
    };
    serde_json::to_vec_pretty(&v).unwrap()
}

const SNIPPETS: &[&str] = &[
    "{{#each data.visits}}",
    "{{/each}}",
    "{{#if brief.focus}}",
    "{{/if}}",
    "{{else}}",
    "{{> title-block}}",
    "{{> nope}}",
    "{{portion}}",
    "{{marking}}",
    "{{date brief.date}}",
    "{{date 42}}",
    "{{cite \"x\"}}",
    "{{cite sources}}",
    "{{{brief.analysis.bluf}}}",
    "{{brief.title}}",
    "{{nope}}",
    "{{#with (source \"x\")}}",
    "{{/with}}",
    "{{!-- c --}}",
    "{{",
    "}}",
    "{{#each}}",
    "{{lookup quotes 99}}",
    "{{sort data.visits}}",
];

fn mutate_template(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut t = text.to_string();
    for _ in 0..=rng.below(3) {
        let mut at = rng.below(t.len() + 1);
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        let piece = if rng.below(2) == 0 {
            rng.pick(SNIPPETS).to_string()
        } else {
            nasty(rng)
        };
        if rng.below(5) == 0 {
            let end = (at + rng.below(80)).min(t.len());
            let end = (end..=t.len())
                .find(|e| t.is_char_boundary(*e))
                .unwrap_or(t.len());
            t.replace_range(at..end, "");
        } else {
            t.insert_str(at, &piece);
        }
    }
    t.into_bytes()
}

const MARKDOWN: &[&str] = &[
    "- a\n  - b\n    - c",
    "1. x\n2. y",
    "> q\n>> qq",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode\n```",
    "*e* **s** `c`",
    "[l](https://x.invalid)",
    "[^n]\n\n[^n]: note",
    "[^undefined]",
    "<div class=\"keep\">\n\nk\n\n</div>",
    "<div class=\"page-break\"></div>",
    "# H {#h}",
    "---",
    "<br>",
    "<a id=\"z\"></a>",
    "a\\\nb",
    "***",
    "<!-- c -->",
];

fn mutate_brief_markdown(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(text).unwrap();
    let mut fields = Vec::new();
    paths(&v, Vec::new(), &mut fields);
    let fields: Vec<Vec<Value>> = fields
        .into_iter()
        .filter(|p| p.first().and_then(Value::as_str) == Some("analysis"))
        .filter(|p| matches!(node(&mut v.clone(), p), Value::String(_)))
        .collect();
    let path = rng.pick(&fields).clone();
    let mut md = String::new();
    for _ in 0..=rng.below(4) {
        if rng.below(2) == 0 {
            md.push_str(MARKDOWN[rng.below(MARKDOWN.len())]);
        }
        md.push_str(&nasty(rng));
        let gap = ["\n\n", "\n", " "][rng.below(3)];
        md.push_str(gap);
    }
    *node(&mut v, &path) = Value::String(md);
    serde_json::to_vec_pretty(&v).unwrap()
}

const THEME_KEYS: &[&str] = &[
    "page.width_mm",
    "page.margin_left_mm",
    "page.header_mm",
    "sizes.body",
    "sizes.footnote",
    "sizes.h1",
    "spacing.line_height",
    "spacing.heading_before_pt",
    "spacing.cell_padding_pt",
    "colours.text",
    "colours.table_zebra",
    "callouts.bluf.fill",
    "banners.NATO SECRET.text",
    "fonts.body",
    "fonts.body_docx",
    "text.language",
    "text.justify",
    "table.borders",
    "nonsense.key",
];

fn mutate_theme(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(text).unwrap();
    for _ in 0..=rng.below(3) {
        let key = *rng.pick(THEME_KEYS);
        let (section, field) = key.split_once('.').unwrap();
        let value = match rng.below(8) {
            6 | 7 => serde_json::json!(4.0 + rng.below(20) as f64),
            0 => serde_json::json!(rng.below(400) as f64 - 50.0),
            1 => serde_json::json!(1e38),
            2 => serde_json::json!(0),
            3 => serde_json::json!("#GGHHII"),
            4 => serde_json::json!([0, -5, 1e9, 3]),
            _ => random_value(rng),
        };
        if !v[section].is_object() {
            v[section] = serde_json::json!({});
        }
        v[section][field] = value;
    }
    serde_json::to_vec_pretty(&v).unwrap()
}

struct Target {
    name: &'static str,
    /// Files it mutates, one picked per input.
    files: &'static [&'static str],
    mutate: fn(&str, &mut Rng) -> Vec<u8>,
}

const TARGETS: [Target; 4] = [
    Target {
        name: "data files",
        files: &[
            "data/visits.json",
            "data/sources.json",
            "data/programmes.json",
            "data/threats.json",
        ],
        mutate: |t, r| mutate_json(t, r, false),
    },
    Target {
        name: "templates",
        files: &[
            "templates/visit-brief.md.hbs",
            "templates/partials/title-block.md.hbs",
        ],
        mutate: mutate_template,
    },
    Target {
        name: "brief Markdown",
        files: &["shekerinska-visit.json"],
        mutate: mutate_brief_markdown,
    },
    Target {
        name: "theme overrides",
        files: &["themes/one-page.json"],
        mutate: mutate_theme,
    },
];

/// What one input did wrong, if anything.
fn run_one(briefs: &Path, out: &Path) -> Result<bool, String> {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(
            &briefs.join("shekerinska-visit.json"),
            out,
            None,
            as_of,
            Options::default(),
            &briefwright::edition::Since::Nothing,
            true,
        )
    }));
    match result {
        Err(_) => Err("panicked".into()),
        Ok(Ok(_)) => Ok(true),
        Ok(Err(diags)) => {
            if std::env::var_os("BW_FUZZ_VERBOSE").is_some() {
                println!(
                    "  refused: {}",
                    diags.0[0].message.chars().take(100).collect::<String>()
                );
            }
            if let Some(d) = diags.0.iter().find(|d| d.file.is_none()) {
                return Err(format!("an error without its file: {d}"));
            }
            let written = std::fs::read_dir(out)
                .map(|mut d| d.next().is_some())
                .unwrap_or(false);
            if written {
                return Err("a failed brief wrote files".into());
            }
            Ok(false)
        }
    }
}

fn campaign(inputs_per_target: usize, seed: u64) -> Vec<String> {
    let work = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
    let mut findings = Vec::new();
    for target in &TARGETS {
        let (mut ok, mut refused) = (0, 0);
        for i in 0..inputs_per_target {
            let input_seed = seed ^ ((i as u64 + 1) << 20) ^ (target.name.len() as u64) << 8;
            let mut rng = Rng(input_seed | 1);
            let briefs = work.path().join("briefs");
            let _ = std::fs::remove_dir_all(&briefs);
            copy_dir(&shipped, &briefs);
            let file = *rng.pick(target.files);
            let text = std::fs::read_to_string(briefs.join(file)).unwrap();
            let mutated = (target.mutate)(&text, &mut rng);
            std::fs::write(briefs.join(file), &mutated).unwrap();
            let out = work.path().join("out");
            let _ = std::fs::remove_dir_all(&out);
            match run_one(&briefs, &out) {
                Ok(true) => ok += 1,
                Ok(false) => refused += 1,
                Err(e) => {
                    let keep: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("target/fuzz-failures")
                        .join(format!("{}-{input_seed:x}", target.name.replace(' ', "-")));
                    let _ = std::fs::create_dir_all(&keep);
                    let _ = std::fs::write(keep.join(file.replace('/', "_")), &mutated);
                    findings.push(format!(
                        "{} (seed {input_seed:x}, {file}): {e}",
                        target.name
                    ));
                }
            }
        }
        println!(
            "fuzz {}: {inputs_per_target} inputs, {ok} rendered, {refused} refused with located errors, {} findings",
            target.name,
            findings.iter().filter(|f| f.starts_with(target.name)).count()
        );
    }
    findings
}

#[test]
fn mutated_inputs_never_panic_and_every_error_is_located() {
    // Panics are findings, reported below; keep their default backtraces out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let inputs = std::env::var("BW_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25);
    let seed = std::env::var("BW_FUZZ_SEED")
        .ok()
        .and_then(|n| u64::from_str_radix(&n, 16).ok())
        .unwrap_or(0xB1EF);
    let findings = campaign(inputs, seed);
    let _ = std::panic::take_hook();
    assert!(
        findings.is_empty(),
        "{} findings:\n{}",
        findings.len(),
        findings.join("\n")
    );
}
