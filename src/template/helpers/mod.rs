//! Handlebars helpers, one family per file, registered in one place.
