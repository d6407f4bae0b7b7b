//! Where each value of a JSON text sits, by JSON path, so a problem found in the parsed value
//! (by the schema, serde or a cross-reference check) can be reported at its line and column.
//!
//! serde_json's `Value` forgets positions; re-scanning text that is already known to be valid
//! JSON is simpler and cheaper than a span-keeping parser.

use std::collections::HashMap;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// The position of every value, and of every object member's key, keyed by JSON path
/// (`$`, `$.visits[0].start`).
#[derive(Debug, Default)]
pub struct Positions {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl Positions {
    /// Indexes `text`, which must be valid JSON (parse it with serde_json first).
    pub fn index(text: &str) -> Positions {
        let mut scanner = Scanner {
            chars: text.chars().collect(),
            at: 0,
            line: 1,
            column: 1,
            out: Positions::default(),
        };
        scanner.value("$".to_string());
        scanner.out
    }

    /// Where the value at `path` starts; for a path that does not exist (a missing member),
    /// the nearest existing parent.
    pub fn value(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => return Pos { line: 1, column: 1 },
            }
        }
    }

    /// Where the key of the member at `path` starts (the value's position for array items).
    pub fn key(&self, path: &str) -> Pos {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }
}

fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// Extends a JSON path with an object member, quoting names that are not plain identifiers.
pub fn member(path: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        format!("{path}.{name}")
    } else {
        format!("{path}[{}]", serde_json::Value::String(name.to_string()))
    }
}

/// Extends a JSON path with an array index.
pub fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    out: Positions,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String) {
        self.skip_ws();
        let pos = self.pos();
        self.out.values.insert(path.clone(), pos);
        match self.peek() {
            Some('{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some('}') | None => {
                            self.bump();
                            return;
                        }
                        Some(',') => {
                            self.bump();
                        }
                        _ => {
                            let key_pos = self.pos();
                            let name = self.string();
                            let child = member(&path, &name);
                            self.out.keys.insert(child.clone(), key_pos);
                            self.skip_ws();
                            self.bump(); // ':'
                            self.value(child);
                        }
                    }
                }
            }
            Some('[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(']') | None => {
                            self.bump();
                            return;
                        }
                        Some(',') => {
                            self.bump();
                        }
                        _ => {
                            self.value(item(&path, index));
                            index += 1;
                        }
                    }
                }
            }
            Some('"') => {
                self.string();
            }
            _ => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\n' | '\r'))
                {
                    self.bump();
                }
            }
        }
    }

    /// Reads a string literal and returns its decoded contents.
    fn string(&mut self) -> String {
        let start = self.at;
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => break,
                _ => {}
            }
        }
        let literal: String = self.chars[start..self.at].iter().collect();
        serde_json::from_str(&literal).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_keys_by_path() {
        let text = "{\n  \"visits\": [\n    {\"id\": \"a\", \"start\": \"2024\"},\n    {\"id\": \"b\"}\n  ],\n  \"odd key\": 1\n}";
        let p = Positions::index(text);
        assert_eq!(p.value("$"), Pos { line: 1, column: 1 });
        assert_eq!(p.key("$.visits"), Pos { line: 2, column: 3 });
        assert_eq!(
            p.value("$.visits[0].start"),
            Pos {
                line: 3,
                column: 26
            }
        );
        assert_eq!(
            p.key("$.visits[0].start"),
            Pos {
                line: 3,
                column: 17
            }
        );
        assert_eq!(p.value("$.visits[1]"), Pos { line: 4, column: 5 });
        // A missing member falls back to the object that lacks it.
        assert_eq!(p.value("$.visits[1].start"), Pos { line: 4, column: 5 });
        assert_eq!(p.key("$[\"odd key\"]"), Pos { line: 6, column: 3 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"ə\": \"ğ\", \"x\": 1}";
        let p = Positions::index(text);
        assert_eq!(
            p.value("$.x"),
            Pos {
                line: 1,
                column: 17
            }
        );
    }
}
