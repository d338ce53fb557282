//! The text form of investigations and hunts: it reads like an analyst's note. Every string
//! from Okta is sanitised before it is printed.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::investigate::report::UserReport;
use crate::investigate::suppress::Suppressed;
use crate::investigate::{Finding, LogWindow};
use crate::output::plural::count;
use crate::sanitize::clean;

/// The note of one user's investigation.
pub fn user_note(out: &mut impl Write, r: &UserReport) -> io::Result<()> {
    let u = &r.user;
    writeln!(out, "Investigation of {} ({}), {}", clean(&u.login), clean(&u.name), clean(&u.status))?;
    writeln!(out, "Window: {}", window_text(r.window))?;
    writeln!(
        out,
        "Factors: {} · Admin roles: {} · Groups: {}",
        list(u.factors.as_deref()),
        list(u.admin_roles.as_deref()),
        list(u.groups.as_deref())
    )?;
    let s = &r.summary;
    writeln!(
        out,
        "\nIn the window: {} ({} failed) from {} ({}); {} ({} failed); {}; {}.",
        count(s.sign_ins, "sign-in"),
        s.failed_sign_ins,
        count(s.ips.len(), "IP"),
        if s.countries.is_empty() {
            "no country known".to_string()
        } else {
            clean(&s.countries.join(", ")).into_owned()
        },
        count(s.mfa_challenges, "MFA challenge"),
        s.mfa_failures,
        count(s.lockouts, "lockout"),
        count(s.privilege_changes, "privilege change")
    )?;
    findings_section(out, &r.findings, "Nothing in the window raised a finding for this user.")?;
    suppressed_section(out, &r.suppressed)
}

/// The note of an org-wide hunt.
pub fn hunt_note(
    out: &mut impl Write,
    window: LogWindow,
    events: usize,
    findings: &[Finding],
    suppressed: &Suppressed,
) -> io::Result<()> {
    writeln!(out, "Hunt over {}: {} read.", window_text(window), count(events, "event"))?;
    findings_section(out, findings, "Nothing in the window raised a finding.")?;
    suppressed_section(out, suppressed)
}

/// The findings the suppression rules set aside, one line each with the rule that did, and
/// the rules that had expired; nothing when there is neither.
fn suppressed_section(out: &mut impl Write, suppressed: &Suppressed) -> io::Result<()> {
    if let Some(by_rule) = suppressed.by_rule_text() {
        writeln!(out, "\nSuppressed ({}): {}.", suppressed.count, clean(&by_rule))?;
        for s in &suppressed.findings {
            let f = &s.finding;
            let line =
                format!("{} {} by rule {}: {}", f.severity.name().to_uppercase(), f.kind.name(), s.rule, f.summary);
            writeln!(out, "  - {}", clean(&line))?;
        }
    }
    if let Some(expired) = suppressed.expired_text() {
        writeln!(out, "\nExpired suppression rules, no longer applied: {}.", clean(&expired))?;
    }
    Ok(())
}

fn findings_section(out: &mut impl Write, findings: &[Finding], none: &str) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(out, "\n{none}");
    }
    writeln!(out, "\nFindings ({}), worst first:", findings.len())?;
    for (n, f) in findings.iter().enumerate() {
        writeln!(
            out,
            "\n{:>3}. {} {} (confidence {:.2})",
            n + 1,
            f.severity.name().to_uppercase(),
            f.kind.name(),
            f.confidence
        )?;
        writeln!(out, "     {}", clean(&f.summary))?;
        if !f.users.is_empty() {
            writeln!(out, "     users: {}", clean(&f.users.join(", ")))?;
        }
        if !f.ips.is_empty() {
            writeln!(out, "     IPs: {}", clean(&f.ips.join(", ")))?;
        }
        let span = match (f.first_seen, f.last_seen) {
            (Some(a), Some(b)) if a != b => format!(", {} – {}", stamp(a), stamp(b)),
            (Some(a), _) => format!(", {}", stamp(a)),
            _ => String::new(),
        };
        writeln!(out, "     evidence: {}{span}", count(f.evidence.len(), "event"))?;
        if f.proposed_action != crate::investigate::ProposedAction::None {
            writeln!(out, "     proposed: {} — {}", f.proposed_action.name(), clean(&f.action_reason))?;
        } else if !f.action_reason.is_empty() {
            writeln!(out, "     advice: {}", clean(&f.action_reason))?;
        }
        if let Some(detail) = &f.catalog {
            catalog_lines(out, detail)?;
        }
    }
    Ok(())
}

/// A catalog finding's detection: its id, tactics, techniques and false-positive notes.
fn catalog_lines(out: &mut impl Write, d: &crate::investigate::CatalogDetail) -> io::Result<()> {
    writeln!(out, "     catalog {}: {} ({})", d.entry, clean(&d.id), clean(&d.title))?;
    for (name, items) in [("tactics", &d.tactics), ("techniques", &d.techniques)] {
        if !items.is_empty() {
            writeln!(out, "     {name}: {}", clean(&items.join(", ")))?;
        }
    }
    for note in &d.false_positives {
        writeln!(out, "     false positives: {}", clean(note))?;
    }
    Ok(())
}

/// What running the catalog came to: the summary, each entry Okta refused or that failed,
/// and each file that could not run, with why.
pub fn catalog_note(out: &mut impl Write, report: &crate::catalog::CatalogReport) -> io::Result<()> {
    writeln!(out, "\n{}.", clean(&report.summary()))?;
    for run in report.entries.iter().filter(|e| e.status != "matched") {
        writeln!(out, "  not run: {} ({}): {}", clean(&run.title), clean(&run.file), clean(&run.result))?;
    }
    for file in &report.unusable {
        writeln!(out, "  not runnable: {}: {}", clean(&file.file), clean(&file.reason))?;
    }
    Ok(())
}

fn window_text(w: LogWindow) -> String {
    let hours = (w.until - w.since).num_minutes() as f64 / 60.0;
    format!("{} – {} ({hours:.0} h)", stamp(w.since), stamp(w.until))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn list(items: Option<&[String]>) -> String {
    match items {
        None => "not readable".into(),
        Some([]) => "none".into(),
        Some(items) => clean(&items.join(", ")).into_owned(),
    }
}
