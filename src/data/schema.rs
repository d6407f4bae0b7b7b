//! JSON Schemas generated from the Rust types, so the schema an editor validates against can
//! never drift from what the loader accepts. `briefs/schemas/` holds the printed copies the
//! shipped files point at; a test keeps them equal to what this module generates.

use super::model::{DataFile, Programme, Source, Term, Threat, Visit};
use crate::brief::BriefFile;
use schemars::schema_for;
use serde_json::Value;

/// The schemas `briefwright schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Brief,
    Data,
    Visit,
    Programme,
    Threat,
    Term,
    Source,
    /// The run report `build --report` writes.
    Report,
}

impl SchemaKind {
    pub const NAMES: [&'static str; 8] = [
        "brief",
        "data",
        "visit",
        "programme",
        "threat",
        "term",
        "source",
        "report",
    ];

    pub fn parse(name: &str) -> Option<SchemaKind> {
        Some(match name {
            "brief" => SchemaKind::Brief,
            "data" => SchemaKind::Data,
            "visit" => SchemaKind::Visit,
            "programme" => SchemaKind::Programme,
            "threat" => SchemaKind::Threat,
            "term" => SchemaKind::Term,
            "source" => SchemaKind::Source,
            "report" => SchemaKind::Report,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The JSON Schema (draft 2020-12) of one kind of file or record.
pub fn schema(kind: SchemaKind) -> Value {
    let schema = match kind {
        SchemaKind::Brief => schema_for!(BriefFile),
        SchemaKind::Data => schema_for!(DataFile),
        SchemaKind::Visit => schema_for!(Visit),
        SchemaKind::Programme => schema_for!(Programme),
        SchemaKind::Threat => schema_for!(Threat),
        SchemaKind::Term => schema_for!(Term),
        SchemaKind::Source => schema_for!(Source),
        SchemaKind::Report => schema_for!(crate::report::RunReport),
    };
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_to_its_kind() {
        for name in SchemaKind::NAMES {
            assert_eq!(SchemaKind::parse(name).unwrap().name(), name);
        }
        assert_eq!(SchemaKind::parse("visits"), None);
    }

    #[test]
    fn data_schema_describes_visits_and_rejects_unknown_fields() {
        let data = schema(SchemaKind::Data);
        assert_eq!(data["additionalProperties"], Value::Bool(false));
        assert!(data["properties"]["visits"].is_object());
        assert!(data["$defs"]["Visit"]["properties"]["visitor"].is_object());
    }
}
