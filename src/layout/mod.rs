//! Layout: the document tree → pages of positioned boxes (lines of shaped glyphs, rules, fills,
//! links), testable without any PDF bytes. The PDF writer only serialises these pages.
