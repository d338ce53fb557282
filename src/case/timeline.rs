//! `timeline.csv`: one line per event and per journaled action, in time order, times in UTC,
//! through the one CSV writer (cells sanitised, formulas defused).

use std::io;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::actions::audit::{Phase, Record};
use crate::investigate::Finding;
use crate::okta::model::LogEvent;
use crate::output::csv::CsvWriter;

/// The columns, a promise to whoever reads the file.
pub const HEADER: [&str; 11] =
    ["time_utc", "source", "what", "outcome", "actor", "target", "ip", "country", "uuid", "cited_by", "detail"];

/// One line: when (`None` for an event whose time Okta did not give; such lines come last)
/// and the cells.
struct Line {
    at: Option<DateTime<Utc>>,
    cells: [String; 11],
}

/// The timeline of `events` (System Log, source `okta`) and `actions` (the journal, source
/// `oktui`), each event naming the findings that cite it.
pub fn csv(events: &[&LogEvent], actions: &[Record], findings: &[Finding]) -> io::Result<Vec<u8>> {
    let mut lines: Vec<Line> = events.iter().map(|e| event_line(e, findings)).collect();
    lines.extend(actions.iter().map(action_line));
    lines.sort_by_key(|l| (l.at.is_none(), l.at));
    let mut out = CsvWriter::new(Vec::new());
    out.row(HEADER)?;
    for line in &lines {
        out.row(&line.cells)?;
    }
    out.into_inner()
}

/// `2026-12-03T00:10:24.123Z`.
fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn event_line(e: &LogEvent, findings: &[Finding]) -> Line {
    let at = e.published_at();
    let uuid = e.uuid.clone().unwrap_or_default();
    let cited_by: Vec<&str> =
        findings.iter().filter(|f| !uuid.is_empty() && f.evidence.contains(&uuid)).map(|f| f.kind.name()).collect();
    let actor = e.actor.as_ref().and_then(|a| a.alternate_id.clone().or_else(|| a.display_name.clone()));
    let targets: Vec<&str> =
        e.target.iter().flatten().filter_map(|t| t.alternate_id.as_deref().or(t.display_name.as_deref())).collect();
    let text = |s: Option<&str>| s.unwrap_or_default().to_string();
    Line {
        at,
        cells: [
            at.map(stamp).unwrap_or_default(),
            "okta".into(),
            text(e.event_type()),
            text(e.outcome_result()),
            actor.unwrap_or_default(),
            targets.join("; "),
            text(e.client_ip()),
            text(e.country()),
            uuid,
            cited_by.join(" "),
            text(e.display_message.as_deref()),
        ],
    }
}

fn action_line(r: &Record) -> Line {
    let (phase, detail) = match r.phase {
        Phase::Intent => ("intent", r.reason.clone()),
        Phase::Outcome => ("outcome", r.detail.clone()),
    };
    Line {
        at: Some(r.time),
        cells: [
            stamp(r.time),
            "oktui".into(),
            format!("{} {phase}", r.action),
            r.result.clone().unwrap_or_default(),
            r.operator.clone(),
            r.target_login.clone(),
            String::new(),
            String::new(),
            r.event_uuid.clone().unwrap_or_default(),
            String::new(),
            detail.unwrap_or_default(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_actions_interleave_in_time_with_formulas_defused() {
        let event = |uuid: &str, at: &str, actor: &str| -> LogEvent {
            serde_json::from_value(serde_json::json!({"uuid": uuid, "published": at,
                "eventType": "user.session.start", "actor": {"alternateId": actor},
                "outcome": {"result": "FAILURE"}, "client": {"ipAddress": "203.0.113.77"}}))
            .unwrap()
        };
        let late = event("u2", "2026-12-03T00:30:00.000Z", "=HYPERLINK(\"x\")");
        let early = event("u1", "2026-12-03T00:10:00.000Z", "ana@acme.example");
        let undated = event("u3", "redacted", "ana@acme.example");
        let action: Record = serde_json::from_value(serde_json::json!({"id": "a1", "phase": "intent",
            "time": "2026-12-03T00:20:00Z", "org": "https://x", "profile": "p", "operator": "op@host",
            "action": "suspend", "target_id": "00u1", "target_login": "ana@acme.example", "reason": "spray"}))
        .unwrap();
        let text = String::from_utf8(csv(&[&late, &undated, &early], &[action], &[]).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert!(lines[1].starts_with("2026-12-03T00:10:00.000Z,okta,user.session.start,FAILURE"), "{text}");
        assert!(lines[2].starts_with("2026-12-03T00:20:00.000Z,oktui,suspend intent,,op@host"), "{text}");
        assert!(lines[3].contains("'=HYPERLINK"), "a formula is defused: {text}");
        assert!(lines[4].starts_with(",okta,") && lines[4].contains("u3"), "an undated event comes last: {text}");
    }
}
