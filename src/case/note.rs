//! `note.md`: the analyst's note of a case file, in Markdown. Who, what and when; the findings
//! with their explanations; the actions the journal holds on the user; the open questions
//! oktui can see from the case itself. Every string from Okta or the journal passes
//! [`crate::sanitize::markdown`], so a name cannot become a link, an image or HTML.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use super::{CaseContext, CaseSubject};
use crate::actions::audit::{Phase, Record};
use crate::investigate::report::UserReport;
use crate::investigate::{Finding, LogWindow, ProposedAction};
use crate::okta::model::LogEvent;
use crate::output::plural::count;
use crate::sanitize::markdown as md;

/// What the note says beyond the subject.
pub(super) struct Facts<'a> {
    /// The cited events read back, oldest first.
    pub evidence: &'a [(String, Box<RawValue>, LogEvent)],
    /// Cited uuids Okta did not return.
    pub missing: &'a [String],
    /// The journal's records on the user.
    pub actions: &'a [Record],
    pub written_at: DateTime<Utc>,
}

/// The note.
pub(super) fn markdown(subject: &CaseSubject, ctx: &CaseContext, facts: &Facts<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_note(&mut out, subject, ctx, facts);
    out
}

fn write_note(out: &mut String, subject: &CaseSubject, ctx: &CaseContext, facts: &Facts<'_>) -> std::fmt::Result {
    match subject {
        CaseSubject::User { report, .. } => {
            writeln!(out, "# Case file: {} ({})\n", md(&report.user.login), md(&report.user.name))?
        }
        CaseSubject::Finding { finding, .. } => {
            writeln!(out, "# Case file: {} ({})\n", finding.kind.name(), finding.severity.name())?
        }
    }
    writeln!(
        out,
        "Written {} by {} with oktui {}, for {} (profile {}).  ",
        stamp(facts.written_at),
        md(&ctx.operator),
        env!("CARGO_PKG_VERSION"),
        md(&ctx.org),
        md(&ctx.profile)
    )?;
    writeln!(out, "Window: {}.", window_text(subject.window()))?;
    match subject {
        CaseSubject::User { report, .. } => user_sections(out, report, facts)?,
        CaseSubject::Finding { finding, .. } => finding_sections(out, finding, facts)?,
    }
    findings_section(out, subject.findings())?;
    actions_section(out, facts.actions)?;
    questions_section(out, subject, facts)?;
    writeln!(out, "\n## Files\n")?;
    for (name, what) in [
        ("findings.json", "the findings, as `oktui investigate --format json` (or `oktui hunt`) prints them"),
        ("evidence.jsonl", "every cited event exactly as Okta sent it, one per line, oldest first"),
        ("timeline.csv", "one line per event and action, in time order (UTC)"),
        ("actions.jsonl", "the audit journal's records of actions on the user"),
        ("manifest.json", "each file's SHA-256, the org, the window, the operator and oktui's version"),
    ] {
        writeln!(out, "- `{name}`: {what}")?;
    }
    Ok(())
}

fn user_sections(out: &mut String, r: &UserReport, facts: &Facts<'_>) -> std::fmt::Result {
    let u = &r.user;
    writeln!(out, "\n## Who\n")?;
    writeln!(out, "- Login: {}", md(&u.login))?;
    writeln!(out, "- Name: {}", md(&u.name))?;
    writeln!(out, "- Okta id: {}", md(&u.id))?;
    writeln!(out, "- Status: {}", md(&u.status))?;
    writeln!(out, "- Last sign-in: {}", u.last_login.as_deref().map_or_else(|| "unknown".to_string(), md))?;
    writeln!(out, "- Factors: {}", list(u.factors.as_deref()))?;
    writeln!(out, "- Admin roles: {}", list(u.admin_roles.as_deref()))?;
    writeln!(out, "- Groups: {}", list(u.groups.as_deref()))?;
    let s = &r.summary;
    writeln!(out, "\n## What and when\n")?;
    writeln!(
        out,
        "In the window: {} ({} failed) from {} ({}), in {}; {} ({} failed); {}; {}.",
        count(s.sign_ins, "sign-in"),
        s.failed_sign_ins,
        count(s.ips.len(), "IP"),
        joined(&s.ips),
        if s.countries.is_empty() { "no known country".to_string() } else { joined(&s.countries) },
        count(s.mfa_challenges, "MFA challenge"),
        s.mfa_failures,
        count(s.lockouts, "lockout"),
        count(s.privilege_changes, "privilege change"),
    )?;
    evidence_span(out, facts)
}

fn finding_sections(out: &mut String, f: &Finding, facts: &Facts<'_>) -> std::fmt::Result {
    writeln!(out, "\n## Who\n")?;
    writeln!(out, "- Users: {}", if f.users.is_empty() { "none named".to_string() } else { joined(&f.users) })?;
    writeln!(out, "- IPs: {}", if f.ips.is_empty() { "none named".to_string() } else { joined(&f.ips) })?;
    writeln!(out, "\n## What and when\n")?;
    writeln!(out, "{}", md(&f.summary))?;
    evidence_span(out, facts)
}

/// When the cited events happened.
fn evidence_span(out: &mut String, facts: &Facts<'_>) -> std::fmt::Result {
    let times: Vec<DateTime<Utc>> = facts.evidence.iter().filter_map(|(_, _, e)| e.published_at()).collect();
    match (times.iter().min(), times.iter().max()) {
        (Some(first), Some(last)) => writeln!(
            out,
            "\nThe {} cited run from {} to {}.",
            count(facts.evidence.len(), "event"),
            stamp(*first),
            stamp(*last)
        ),
        _ => writeln!(out, "\nNo cited event with a known time."),
    }
}

fn findings_section(out: &mut String, findings: &[Finding]) -> std::fmt::Result {
    writeln!(out, "\n## Findings ({}), worst first\n", findings.len())?;
    if findings.is_empty() {
        return writeln!(out, "Nothing in the window raised a finding.");
    }
    for (n, f) in findings.iter().enumerate() {
        writeln!(
            out,
            "### {}. {} {}, confidence {:.2} ({})\n",
            n + 1,
            f.severity.name().to_uppercase(),
            f.kind.name(),
            f.confidence,
            f.confidence_word()
        )?;
        writeln!(out, "{}\n", md(&f.summary))?;
        if !f.users.is_empty() {
            writeln!(out, "- Users: {}", joined(&f.users))?;
        }
        if !f.ips.is_empty() {
            writeln!(out, "- IPs: {}", joined(&f.ips))?;
        }
        let span = match (f.first_seen, f.last_seen) {
            (Some(a), Some(b)) if a != b => format!(", {} to {}", stamp(a), stamp(b)),
            (Some(a), _) => format!(", {}", stamp(a)),
            _ => String::new(),
        };
        writeln!(out, "- Evidence: {}{span}", count(f.evidence.len(), "event"))?;
        if f.proposed_action != ProposedAction::None {
            writeln!(out, "- Proposed: {}, because {}", f.proposed_action.name(), md(&f.action_reason))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// An action's intent and outcome records, by the approval's id, in the order approved.
fn actions_by_id(records: &[Record]) -> Vec<(Option<&Record>, Option<&Record>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_id: BTreeMap<&str, (Option<&Record>, Option<&Record>)> = BTreeMap::new();
    for r in records {
        let entry = by_id.entry(r.id.as_str()).or_insert_with(|| {
            order.push(r.id.as_str());
            (None, None)
        });
        match r.phase {
            Phase::Intent => entry.0 = Some(r),
            Phase::Outcome => entry.1 = Some(r),
        }
    }
    order.into_iter().filter_map(|id| by_id.get(id).copied()).collect()
}

fn actions_section(out: &mut String, records: &[Record]) -> std::fmt::Result {
    writeln!(out, "\n## Actions taken on the user\n")?;
    let actions = actions_by_id(records);
    if actions.is_empty() {
        return writeln!(out, "None: this machine's audit journal holds no action on the user in this org.");
    }
    for (intent, outcome) in actions {
        let Some(first) = intent.or(outcome) else { continue };
        write!(
            out,
            "- {} {} of {} by {}",
            stamp(first.time),
            md(&first.action),
            md(&first.target_login),
            md(&first.operator)
        )?;
        if let Some(reason) = intent.and_then(|i| i.reason.as_deref()) {
            write!(out, ", reason: {}", md(reason))?;
        }
        match outcome {
            Some(o) => {
                write!(out, "; outcome {}", md(o.result.as_deref().unwrap_or("unknown")))?;
                if let Some(status) = o.http_status {
                    write!(out, " (HTTP {status})")?;
                }
                if let Some(detail) = o.detail.as_deref() {
                    write!(out, ": {}", md(detail))?;
                }
                writeln!(out)?;
            }
            None => writeln!(out, "; no outcome recorded")?,
        }
    }
    Ok(())
}

/// What the case leaves open, as far as oktui can tell from it.
fn questions_section(out: &mut String, subject: &CaseSubject, facts: &Facts<'_>) -> std::fmt::Result {
    let mut questions: Vec<String> = Vec::new();
    let done: Vec<String> = facts
        .actions
        .iter()
        .filter(|r| r.phase == Phase::Outcome && matches!(r.result.as_deref(), Some("verified" | "event-not-seen")))
        .map(|r| r.action.clone())
        .collect();
    for f in subject.findings() {
        let proposed = f.proposed_action.name();
        let steps = f.proposed_action.steps();
        if f.proposed_action != ProposedAction::None && !steps.iter().all(|step| done.iter().any(|a| a == step)) {
            questions.push(format!(
                "{} proposes {proposed} and the journal holds no {proposed} done: take it, or say why not.",
                f.kind.name()
            ));
        }
        if f.confidence < 0.5 {
            questions.push(format!(
                "{} has low confidence ({:.2}): confirm it with the user or their manager.",
                f.kind.name(),
                f.confidence
            ));
        }
    }
    if !facts.missing.is_empty() {
        questions.push(format!(
            "Okta did not return {} cited by the findings (past retention, or not yet indexed): their uuids are in manifest.json.",
            count(facts.missing.len(), "event")
        ));
    }
    if let CaseSubject::User { report, .. } = subject {
        for (what, known) in [
            ("factors", report.user.factors.is_some()),
            ("admin roles", report.user.admin_roles.is_some()),
            ("groups", report.user.groups.is_some()),
        ] {
            if !known {
                questions.push(format!("The credential could not read the user's {what}: ask an admin who can."));
            }
        }
    }
    for (intent, outcome) in actions_by_id(facts.actions) {
        let Some(first) = intent.or(outcome) else { continue };
        let result = outcome.and_then(|o| o.result.as_deref());
        if !matches!(result, Some("verified")) {
            questions.push(format!(
                "The {} of {} ended {}: check the user's status in Okta.",
                md(&first.action),
                stamp(first.time),
                md(result.unwrap_or("with no outcome recorded"))
            ));
        }
    }
    writeln!(out, "\n## Open questions\n")?;
    if questions.is_empty() {
        return writeln!(out, "None that oktui can see from the case.");
    }
    for q in questions {
        writeln!(out, "- {q}")?;
    }
    Ok(())
}

fn window_text(w: LogWindow) -> String {
    format!("{} to {}", stamp(w.since), stamp(w.until))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Items from Okta, escaped and joined.
fn joined(items: &[String]) -> String {
    items.iter().map(|s| md(s)).collect::<Vec<_>>().join(", ")
}

fn list(items: Option<&[String]>) -> String {
    match items {
        None => "not readable with this credential".into(),
        Some([]) => "none".into(),
        Some(items) => joined(items),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::investigate::report::{Summary, UserFacts};
    use crate::investigate::{FindingKind, FindingSeverity};

    #[test]
    fn attacker_chosen_text_never_becomes_markdown() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 0, 10, 0).unwrap();
        let window = LogWindow { since: at - chrono::Duration::hours(24), until: at };
        let finding = Finding {
            kind: FindingKind::MfaFatigue,
            severity: FindingSeverity::Critical,
            confidence: 0.4,
            summary: "pushes to ![beacon](http://b.example/x.png) <script>alert(1)</script>".into(),
            evidence: vec!["u1".into()],
            users: vec!["eve@acme.example".into()],
            ips: vec!["203.0.113.7".into()],
            sessions: Vec::new(),
            first_seen: Some(at),
            last_seen: Some(at),
            proposed_action: ProposedAction::Suspend,
            action_reason: "[reset](https://evil.example/reset)".into(),
            catalog: None,
            origins: Default::default(),
        };
        let report = UserReport {
            user: UserFacts {
                id: "00u1".into(),
                login: "eve@acme.example".into(),
                name: "[click](https://evil.example) <img src=x onerror=y>".into(),
                status: "ACTIVE".into(),
                last_login: None,
                factors: None,
                admin_roles: Some(Vec::new()),
                groups: Some(vec!["**Admins**".into(), "www.evil.example".into()]),
            },
            window,
            summary: Summary::default(),
            findings: vec![finding],
            suppressed: Default::default(),
            sign_ins: Vec::new(),
            per_hour: Vec::new(),
            activity: Vec::new(),
        };
        let subject = CaseSubject::User { report: Box::new(report), events: Vec::new().into() };
        let ctx = CaseContext {
            org: "https://acme.okta.com".into(),
            profile: "prod".into(),
            operator: "ana@laptop".into(),
            journal: std::path::PathBuf::from("/nonexistent"),
            mask: None,
        };
        let missing = vec!["u1".to_string()];
        let facts = Facts { evidence: &[], missing: &missing, actions: &[], written_at: at };
        let note = markdown(&subject, &ctx, &facts);
        // A construct is live where its first character is not escaped by a backslash.
        let live = |pattern: &str| note.match_indices(pattern).any(|(at, _)| !note[..at].ends_with('\\'));
        for construct in ["](", "<img", "<script", "://", "**", "www."] {
            assert!(!live(construct), "{construct:?} is live in the note:\n{note}");
        }
        for escaped in ["\\[click\\]", "\\<img", "\\*\\*Admins\\*\\*", "www\\.evil", "\\[reset\\](https\\://"] {
            assert!(note.contains(escaped), "{escaped:?} in the note:\n{note}");
        }
        for question in [
            "mfa_fatigue proposes suspend and the journal holds no suspend done",
            "mfa_fatigue has low confidence (0.40)",
            "Okta did not return 1 event cited by the findings",
            "could not read the user's factors",
        ] {
            assert!(note.contains(question), "{question:?} among the open questions:\n{note}");
        }
    }
}
