//! Diagnostics: what went wrong, where (file, line, column, JSON path or template), and what
//! was expected, rendered with a snippet and a caret.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a diagnostic stops the brief (an error) or is an analytic warning it renders with
/// (unless `--deny-warnings` is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem found in user input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub file: Option<PathBuf>,
    /// 1-based line and column (in characters) of the problem in `file`.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Where inside the file: a JSON path (`$.visits[0].start`) or a template name and helper.
    pub path: Option<String>,
    /// What was expected instead.
    pub expected: Option<String>,
    /// The source line with a caret under the column, filled in by `with_snippet`.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            path: None,
            expected: None,
            snippet: None,
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    /// Quotes the offending line of `text` (the file's contents) with a caret under the column.
    pub fn with_snippet(mut self, text: &str) -> Diagnostic {
        if let (Some(line), Some(col)) = (self.line, self.column) {
            if let Some(src) = text.lines().nth(line.saturating_sub(1)) {
                let gutter = line.to_string();
                let pad = " ".repeat(gutter.len());
                let (shown, caret_at) = window(src, col.saturating_sub(1));
                let caret = " ".repeat(caret_at);
                self.snippet = Some(format!("{pad} |\n{gutter} | {shown}\n{pad} | {caret}^"));
            }
        }
        self
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        })
    }
}

/// At most about 100 characters of a long line, around the character at `col` (0-based), with
/// `…` where it is cut; and where the caret goes in what is shown.
fn window(line: &str, col: usize) -> (String, usize) {
    const HALF: usize = 50;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= 2 * HALF {
        return (line.to_string(), col);
    }
    let start = col
        .saturating_sub(HALF)
        .min(chars.len().saturating_sub(2 * HALF));
    let end = (start + 2 * HALF).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col - start + usize::from(start > 0))
}

impl fmt::Display for Diagnostic {
    /// ```text
    /// error: unknown source id "s9"
    ///   --> briefs/data/visits.json:14:17
    ///    |
    /// 14 |       "sources": ["s9"]
    ///    |                  ^
    ///    = at: $.visits[0].sources[0]
    ///    = expected: one of the source ids ...
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(loc) = self.location() {
            write!(f, "\n  --> {loc}")?;
        }
        if let Some(snippet) = &self.snippet {
            for l in snippet.lines() {
                write!(f, "\n  {l}")?;
            }
        }
        if let Some(path) = &self.path {
            write!(f, "\n   = at: {path}")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, "\n   = expected: {expected}")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass; a brief with any of them renders nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// The same diagnostics, those that name no file set in `file`.
    pub fn in_file_if_unnamed(self, file: impl AsRef<Path>) -> Diagnostics {
        Diagnostics(
            self.0
                .into_iter()
                .map(|d| {
                    if d.file.is_none() {
                        d.in_file(&file)
                    } else {
                        d
                    }
                })
                .collect(),
        )
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_quoted_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::new("m").at(1, 501).with_snippet(&line);
        let snippet = d.snippet.unwrap();
        let lines: Vec<&str> = snippet.lines().collect();
        assert_eq!(
            lines[1],
            format!("1 | …{}X{}…", "a".repeat(50), "b".repeat(49))
        );
        assert_eq!(
            lines[2].chars().position(|c| c == '^'),
            lines[1].chars().position(|c| c == 'X')
        );
    }

    #[test]
    fn renders_location_snippet_path_and_expectation() {
        let text = "{\n  \"sources\": [\"s9\"]\n}\n";
        let d = Diagnostic::new("unknown source id \"s9\"")
            .in_file("briefs/data/visits.json")
            .at(2, 16)
            .path("$.sources[0]")
            .expected("a source id defined in the brief's data")
            .with_snippet(text);
        assert_eq!(
            d.to_string(),
            "error: unknown source id \"s9\"\n  --> briefs/data/visits.json:2:16\n    |\n  2 |   \"sources\": [\"s9\"]\n    |                ^\n   = at: $.sources[0]\n   = expected: a source id defined in the brief's data"
        );
    }
}
