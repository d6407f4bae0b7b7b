//! Charts drawn from the data: a threat matrix and timelines of visits and programmes.
//!
//! One model feeds every writer. A template places a chart with the `chart` helper, which
//! builds the model from the records the brief may show and writes it into the Markdown as a
//! fenced `chart` block; the Markdown reader turns that block into a numbered figure of the
//! tree; layout draws it (`draw`) as positioned items, which the PDF serialises as vectors and
//! the DOCX as an SVG picture with a PNG fallback of the very same items.
//! Every chart also describes itself in words (`describe`): the DOCX's alt text, and the
//! tree's dump in the snapshot tests.

pub mod draw;

use crate::data::date::PartialDate;
use crate::data::model::{Level, Likelihood, ProgrammeStatus, Trend};
use serde::{Deserialize, Serialize};

/// What a template's `chart` block holds: the chart, and the caption printed under it as
/// "Figure N. caption".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureSpec {
    /// The figure's link target, for "see page N" references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub caption: String,
    pub chart: Chart,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// Why a figure's JSON was refused: the message, and the JSON path of the value at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureError {
    pub message: String,
    pub path: String,
}

impl FigureSpec {
    /// Reads a figure as the `chart` helper writes it. The chart's `kind` picks the model,
    /// which is then read with every value's JSON path kept for the error (serde's tagged
    /// enums lose the path inside them).
    pub fn parse(json: &str) -> Result<FigureSpec, FigureError> {
        use serde_json::Value;
        let fail = |message: String, path: &str| FigureError {
            message,
            path: path.to_string(),
        };
        let value: Value = serde_json::from_str(json).map_err(|e| fail(e.to_string(), "$"))?;
        let Value::Object(mut top) = value else {
            return Err(fail("expected an object".into(), "$"));
        };
        let text = |v: Option<Value>, path: &str| match v {
            Some(Value::String(s)) => Ok(s),
            _ => Err(fail("expected a string".into(), path)),
        };
        let id = match top.remove("id") {
            None => None,
            some => Some(text(some, "$.id")?),
        };
        let caption = text(top.remove("caption"), "$.caption")?;
        let Some(Value::Object(mut chart)) = top.remove("chart") else {
            return Err(fail("expected an object".into(), "$.chart"));
        };
        if let Some(key) = top.keys().next() {
            return Err(fail(format!("unknown field `{key}`"), &format!("$.{key}")));
        }
        let kind = text(chart.remove("kind"), "$.chart.kind")?;
        let at = |e: serde_path_to_error::Error<serde_json::Error>| {
            let inner = e.path().to_string();
            let path = if inner == "." {
                "$.chart".to_string()
            } else {
                format!("$.chart.{inner}")
            };
            fail(e.into_inner().to_string(), &path)
        };
        let body = Value::Object(chart);
        let chart = match kind.as_str() {
            "threat-matrix" => {
                Chart::ThreatMatrix(serde_path_to_error::deserialize(body).map_err(at)?)
            }
            "timeline" => Chart::Timeline(serde_path_to_error::deserialize(body).map_err(at)?),
            other => {
                return Err(fail(
                    format!("unknown chart kind `{other}`, expected `threat-matrix` or `timeline`"),
                    "$.chart.kind",
                ))
            }
        };
        Ok(FigureSpec { id, caption, chart })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, likelihood: Likelihood, impact: Level, trend: Trend) -> MatrixPoint {
        MatrixPoint {
            label: label.into(),
            likelihood,
            impact,
            trend,
        }
    }

    #[test]
    fn the_description_states_every_point_and_row() {
        let m = Chart::ThreatMatrix(ThreatMatrix {
            threats: vec![
                point(
                    "Hybrid activity",
                    Likelihood::VeryLikely,
                    Level::High,
                    Trend::Increasing,
                ),
                point(
                    "Peace process stalls",
                    Likelihood::Unlikely,
                    Level::High,
                    Trend::Decreasing,
                ),
            ],
        });
        assert_eq!(
            m.describe(),
            "Threat matrix of 2 threats: likelihood in the ICD 203 bands (rows, most likely at the \
             top) against impact (columns, low to high), each threat a numbered point with the \
             analyst's trend. 1. Hybrid activity: very likely, high impact, increasing. \
             2. Peace process stalls: unlikely, high impact, decreasing."
        );
        let t = Chart::Timeline(Timeline {
            subject: "visits".into(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            rows: vec![
                TimelineRow {
                    label: "A".into(),
                    note: "28 April 2022, Baku".into(),
                    start: Some(PartialDate::parse("2022-04-28").unwrap()),
                    end: None,
                    ongoing: false,
                    ended: false,
                },
                TimelineRow {
                    label: "B".into(),
                    note: "late 2025 or 2026, Baku".into(),
                    start: Some(PartialDate::parse("2025-09/2026").unwrap()),
                    end: None,
                    ongoing: false,
                    ended: false,
                },
            ],
        });
        assert_eq!(
            t.describe(),
            "Timeline of visits, 2022 to 2026: A, 28 April 2022, Baku; B, late 2025 or 2026, Baku."
        );
    }

    #[test]
    fn a_figure_round_trips_through_its_json() {
        let spec = FigureSpec {
            id: Some("fig".into()),
            caption: "C".into(),
            chart: Chart::ThreatMatrix(ThreatMatrix {
                threats: vec![point("T", Likelihood::Likely, Level::Low, Trend::Stable)],
            }),
        };
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(
            json,
            r#"{"id":"fig","caption":"C","chart":{"kind":"threat-matrix","threats":[{"label":"T","likelihood":"likely","impact":"low","trend":"stable"}]}}"#
        );
        assert_eq!(FigureSpec::parse(&json), Ok(spec));
    }
}
