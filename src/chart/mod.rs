//! Charts drawn from the data: a threat matrix and timelines of visits and programmes.
//!
//! One model feeds every writer. A template places a chart with the `chart` helper, which
//! builds the model from the records the brief may show and writes it into the Markdown as a
//! fenced `chart` block; the Markdown reader turns that block into a numbered figure of the
//! tree; layout draws it (`draw`) as positioned items, which the PDF serialises as vectors and
//! the DOCX as an SVG picture with a PNG fallback of the very same items.
//! Every chart also describes itself in words (`describe`): the DOCX's alt text and the
//! Markdown's fallback.

pub mod draw;

use crate::data::date::PartialDate;
use crate::data::model::{Level, Likelihood, ProgrammeStatus, Trend};
use serde::{Deserialize, Serialize};

/// What a template's `chart` block holds: the chart, and the caption printed under it as
/// "Figure N. caption".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    /// The figure's link target, for "see page N" references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub caption: String,
    pub chart: Chart,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Chart {
    /// Each threat a numbered point in its likelihood row and impact column, with its trend.
    ThreatMatrix(ThreatMatrix),
    /// Rows of dated spans on a time axis.
    Timeline(Timeline),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatMatrix {
    pub threats: Vec<MatrixPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixPoint {
    pub label: String,
    pub likelihood: Likelihood,
    pub impact: Level,
    pub trend: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// What the rows are, for the alt text: "visits", "programmes and missions".
    pub subject: String,
    /// The brief's as-of date: where running spans end.
    pub as_of: chrono::NaiveDate,
    pub rows: Vec<TimelineRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineRow {
    pub label: String,
    /// The second line under the label: the dates as printed in the text, and the status.
    pub note: String,
    /// When it began, at its precision; none when the sources give no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// When it ended, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Still running at the as-of date: the span reaches it and ends in an arrow.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ongoing: bool,
    /// Finished (concluded, superseded): drawn in the muted colour.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended: bool,
}

impl Chart {
    /// What the chart shows, in words: the DOCX's alt text, and what a reader without the
    /// picture needs to know.
    pub fn describe(&self) -> String {
        match self {
            Chart::ThreatMatrix(m) => {
                let mut s = format!(
                    "Threat matrix of {} {}: likelihood in the ICD 203 bands (rows, most likely at \
                     the top) against impact (columns, low to high), each threat a numbered point \
                     with the analyst's trend.",
                    m.threats.len(),
                    if m.threats.len() == 1 {
                        "threat"
                    } else {
                        "threats"
                    }
                );
                for (i, t) in m.threats.iter().enumerate() {
                    s.push_str(&format!(
                        " {}. {}: {}, {} impact, {}.",
                        i + 1,
                        t.label,
                        t.likelihood.term(),
                        t.impact.label().to_lowercase(),
                        t.trend.label().to_lowercase()
                    ));
                }
                s
            }
            Chart::Timeline(t) => {
                let mut s = format!("Timeline of {}", t.subject);
                if let Some((from, to)) = t.years() {
                    s.push_str(&format!(", {from} to {to}"));
                }
                s.push(':');
                for (i, r) in t.rows.iter().enumerate() {
                    let sep = if i + 1 == t.rows.len() { "." } else { ";" };
                    s.push_str(&format!(" {}, {}{sep}", r.label, r.note));
                }
                s
            }
        }
    }
}

impl Chart {
    /// Rewrites every text the chart prints (labels and notes) with `f`.
    pub fn map_texts(&mut self, f: impl Fn(&str) -> String) {
        match self {
            Chart::ThreatMatrix(m) => m.threats.iter_mut().for_each(|t| t.label = f(&t.label)),
            Chart::Timeline(t) => {
                for r in &mut t.rows {
                    r.label = f(&r.label);
                    r.note = f(&r.note);
                }
            }
        }
    }

    /// Every text the chart prints from the data: labels and notes.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Chart::ThreatMatrix(m) => m.threats.iter().map(|t| t.label.as_str()).collect(),
            Chart::Timeline(t) => t
                .rows
                .iter()
                .flat_map(|r| [r.label.as_str(), r.note.as_str()])
                .collect(),
        }
    }
}

impl Timeline {
    /// The first and last year any row reaches (running rows reach the as-of date).
    pub fn years(&self) -> Option<(i32, i32)> {
        use chrono::Datelike;
        let mut years = Vec::new();
        for r in &self.rows {
            if let Some(s) = &r.start {
                years.push(s.earliest_day().year());
                years.push(s.latest_day().year());
            }
            if let Some(e) = &r.end {
                years.push(e.latest_day().year());
            }
            if r.ongoing && r.start.is_some() {
                years.push(self.as_of.year());
            }
        }
        Some((*years.iter().min()?, *years.iter().max()?))
    }
}

/// The threat matrix of `threats`, in the order given.
pub fn threat_matrix(
    threats: &[crate::data::model::Threat],
    label: impl Fn(usize) -> String,
) -> Chart {
    Chart::ThreatMatrix(ThreatMatrix {
        threats: threats
            .iter()
            .enumerate()
            .map(|(i, t)| MatrixPoint {
                label: label(i),
                likelihood: t.assessment.likelihood,
                impact: t.assessment.impact,
                trend: t.assessment.trend,
            })
            .collect(),
    })
}

/// A timeline of `visits`, each at the precision its sources give.
pub fn visit_timeline(
    visits: &[crate::data::model::Visit],
    label: impl Fn(usize) -> String,
    as_of: chrono::NaiveDate,
) -> Chart {
    Chart::Timeline(Timeline {
        subject: "visits".into(),
        as_of,
        rows: visits
            .iter()
            .enumerate()
            .map(|(i, v)| TimelineRow {
                label: label(i),
                note: format!(
                    "{}, {}",
                    PartialDate::range_long(&v.start, v.end.as_ref()),
                    v.place
                ),
                start: Some(v.start),
                end: v.end.or(Some(v.start)),
                ongoing: false,
                ended: false,
            })
            .collect(),
    })
}

/// A timeline of programmes and missions: since, until and status.
pub fn programme_timeline(
    programmes: &[crate::data::model::Programme],
    label: impl Fn(usize) -> String,
    as_of: chrono::NaiveDate,
) -> Chart {
    Chart::Timeline(Timeline {
        subject: "programmes and missions".into(),
        as_of,
        rows: programmes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let ended = matches!(
                    p.status,
                    ProgrammeStatus::Concluded | ProgrammeStatus::Superseded
                );
                let dates = match (&p.since, &p.until) {
                    (Some(s), Some(u)) => format!("{} – {}", s.long(), u.long()),
                    (Some(s), None) if ended => format!("from {}", s.long()),
                    (Some(s), None) => format!("since {}", s.long()),
                    (None, Some(u)) => format!("until {}", u.long()),
                    (None, None) => "no dates in the sources".into(),
                };
                TimelineRow {
                    label: label(i),
                    note: format!("{dates}, {}", p.status.label().to_lowercase()),
                    start: p.since,
                    end: p.until,
                    ongoing: !ended && p.until.is_none(),
                    ended,
                }
            })
            .collect(),
    })
}
