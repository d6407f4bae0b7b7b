//! Registry tests: escaping, diagnostics, and the shipped templates on the shipped data.

use super::*;

#[test]
fn escape_backslashes_every_ascii_punctuation_and_breaks_lines() {
    let punct: String = (0u8..128)
        .map(char::from)
        .filter(char::is_ascii_punctuation)
        .collect();
    assert_eq!(punct.len(), 32);
    let escaped = escape_markdown(&punct);
    let expected: String = punct.chars().flat_map(|c| ['\\', c]).collect();
    assert_eq!(escaped, expected);
    assert_eq!(escape_markdown("one\r\ntwo\nthree"), "one<br>two<br>three");
    assert_eq!(escape_markdown("Bakı — “ə”"), "Bakı — “ə”");
}
