//! Curated data: the typed records, their dates, and loading them with precise diagnostics.

pub mod date;
pub mod load;
pub mod model;
pub mod positions;
pub mod schema;

use model::{Programme, Source, Term, Threat, Visit};
use serde::Serialize;

/// The records of every data file a brief names, merged in file order. This is what templates
/// see under `data`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub visits: Vec<Visit>,
    pub programmes: Vec<Programme>,
    pub threats: Vec<Threat>,
    pub terms: Vec<Term>,
}
