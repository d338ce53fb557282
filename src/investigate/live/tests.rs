//! The live judge against the hunt: ids stable, raised once, updated only when worse,
//! late events counted, the window bounded.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::limit::Limiter;
use super::*;
use crate::okta::logs::Ingest;
use crate::okta::model::LogEvent;

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap().with_timezone(&Utc)
}

fn at(second: i64) -> String {
    (start() + Duration::seconds(second)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn sign_in(n: u64, second: i64, login: &str, ip: &str, result: &str) -> Value {
    json!({"uuid": format!("00000000-0000-4000-8000-{n:012}"), "eventType": "user.session.start",
        "published": at(second), "outcome": {"result": result}, "actor": {"alternateId": login, "type": "User"},
        "client": {"ipAddress": ip, "geographicalContext": {"city": "Oslo", "country": "Norway"}}})
}

fn push(n: u64, second: i64, kind: &str, result: &str) -> Value {
    json!({"uuid": format!("00000000-0000-4000-9000-{n:012}"), "eventType": kind, "published": at(second),
        "outcome": {"result": result}, "actor": {"alternateId": "marcus@x"}, "client": {"ipAddress": "192.0.2.5"},
        "debugContext": {"debugData": {"factor": "OKTA_VERIFY_PUSH"}}})
}

/// A spray from 203.0.113.77: `logins` failures, one a minute.
fn spray(logins: u64, from_minute: i64) -> Vec<Value> {
    (0..logins)
        .map(|k| sign_in(k, (from_minute + k as i64) * 60, &format!("u{k}@x"), "203.0.113.77", "FAILURE"))
        .collect()
}

/// Ordinary sign-ins: one user at their usual address, every `gap` seconds.
fn quiet(n: u64, from: i64, gap: i64) -> Vec<Value> {
    (0..n)
        .map(|k| {
            sign_in(
                10_000 + k,
                from + k as i64 * gap,
                &format!("q{}@x", k % 50),
                &format!("10.0.0.{}", k % 50),
                "SUCCESS",
            )
        })
        .collect()
}

struct Feed {
    ingest: Ingest,
}

impl Feed {
    fn new() -> Feed {
        Feed { ingest: Ingest::new(1 << 16) }
    }

    fn page(&mut self, events: &[Value]) -> Vec<TailedEvent> {
        let body = serde_json::to_vec(events).unwrap();
        self.ingest.page(&body, 0).unwrap().fresh
    }
}

fn judge() -> LiveJudge {
    LiveJudge::new(DetectionConfig::default(), Directory::default(), Interest::default())
}

/// Feeds `events` in pages of `size`; every alert raised.
fn run(judge: &mut LiveJudge, events: &[Value], size: usize) -> Vec<Alert> {
    let mut feed = Feed::new();
    events.chunks(size).flat_map(|page| judge.page(&feed.page(page)).unwrap()).collect()
}

#[test]
fn a_spray_is_raised_once_with_an_id_a_restart_gives_again() {
    let events = spray(8, 0);
    let alerts = run(&mut judge(), &events, 1);
    let sprays: Vec<&Alert> = alerts.iter().filter(|a| a.finding.kind == FindingKind::PasswordSpray).collect();
    assert_eq!(sprays.len(), 1, "{alerts:#?}");
    assert!(!sprays[0].update && sprays[0].id.starts_with("password_spray-"));
    assert_eq!(sprays[0].finding.evidence.len(), 5, "raised when the fifth login failed");
    let again = run(&mut judge(), &events, 3);
    let same: Vec<&Alert> = again.iter().filter(|a| a.finding.kind == FindingKind::PasswordSpray).collect();
    assert_eq!(same.len(), 1);
    assert_eq!(same[0].id, sprays[0].id, "same events, same id, whatever the pages");
}

#[test]
fn a_bombing_is_raised_high_then_once_more_when_a_push_is_accepted() {
    let mut events = Vec::new();
    for k in 0..6 {
        events.push(push(3 * k, k as i64 * 30, "system.push.send_factor_verify_push", "SUCCESS"));
        events.push(push(3 * k + 1, k as i64 * 30 + 5, "user.mfa.okta_verify.deny_push", "FAILURE"));
    }
    let mut j = judge();
    let first = run(&mut j, &events, 2);
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!((first[0].finding.kind, first[0].finding.severity), (FindingKind::MfaFatigue, FindingSeverity::High));
    let more = [push(100, 200, "user.mfa.okta_verify.deny_push", "FAILURE")];
    assert!(run(&mut j, &more, 1).is_empty(), "a seventh refusal is no worse");
    let accepted = [push(101, 240, "user.authentication.auth_via_mfa", "SUCCESS")];
    let update = run(&mut j, &accepted, 1);
    assert_eq!(update.len(), 1);
    assert!(update[0].update);
    assert_eq!(update[0].id, first[0].id);
    assert_eq!(update[0].finding.severity, FindingSeverity::Critical);
    assert_eq!(update[0].changed.as_deref(), Some("severity high → critical"));
    assert!(run(&mut j, &[push(102, 250, "user.authentication.auth_via_mfa", "SUCCESS")], 1).is_empty());
}

#[test]
fn what_was_raised_before_a_restart_is_not_raised_again() {
    let events = spray(8, 0);
    let mut j = judge();
    let before = run(&mut j, &events[..6], 2);
    assert_eq!(before.len(), 1);
    let kept: Vec<Raised> = j.raised().cloned().collect();
    let text = serde_json::to_string(&kept).unwrap();
    let restored: Vec<Raised> = serde_json::from_str(&text).unwrap();
    let mut again = judge().with_raised(restored);
    assert!(run(&mut again, &events, 4).is_empty(), "re-read from the window's start: nothing new");
}

#[test]
fn a_late_event_counts_in_its_window() {
    let mut events = spray(5, 0);
    let late = events.remove(0);
    events.extend(quiet(20, 600, 10));
    let mut j = judge();
    assert!(run(&mut j, &events, 4).is_empty());
    let alerts = run(&mut j, &[late], 1);
    assert_eq!(alerts.len(), 1, "the fifth login, published first, arrived last");
    assert_eq!(alerts[0].finding.first_seen, Some(start()));
}

#[test]
fn live_findings_are_the_hunts_over_the_same_events() {
    let mut events = quiet(400, 0, 7);
    events.extend(spray(9, 10));
    let mut bombing = Vec::new();
    for k in 0..6 {
        bombing.push(push(3 * k, 1200 + k as i64 * 30, "system.push.send_factor_verify_push", "SUCCESS"));
        bombing.push(push(3 * k + 1, 1200 + k as i64 * 30 + 5, "user.mfa.okta_verify.deny_push", "FAILURE"));
    }
    events.extend(bombing);
    events.push(sign_in(77, 30 * 60, "u3@x", "203.0.113.77", "SUCCESS"));
    events.sort_by_key(|e| e["published"].as_str().unwrap().to_string());
    let alerts = run(&mut judge(), &events, 25);
    let parsed: Vec<LogEvent> = events.iter().map(|e| serde_json::from_value(e.clone()).unwrap()).collect();
    let hunt = crate::investigate::hunt(&parsed, &Directory::default(), &DetectionConfig::default());
    let key = |f: &Finding| (f.kind, principal(f).to_string(), f.severity);
    let mut live: Vec<_> = alerts.iter().map(|a| key(&a.finding)).collect();
    let mut whole: Vec<_> = hunt.iter().map(key).collect();
    live.sort();
    live.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    whole.sort();
    assert_eq!(live, whole);
    assert!(whole.iter().any(|k| k.0 == FindingKind::SuccessAfterFailures));
}

#[test]
fn the_window_is_bounded_by_the_longest_detection() {
    let config = DetectionConfig::default();
    let retention = window::retention_ms(&config);
    assert_eq!(retention, 75 * 60_000, "60 min after a 15 min spray");
    let mut j = judge();
    let mut feed = Feed::new();
    let gap = 2;
    let per_page = 100u64;
    let mut most = 0;
    for p in 0..54u64 {
        let events = quiet(per_page, (p * per_page) as i64 * gap, gap);
        let events: Vec<Value> = events
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e["uuid"] = json!(format!("00000000-0000-4000-a000-{:012}", p * per_page + i as u64));
                e
            })
            .collect();
        j.page(&feed.page(&events)).unwrap();
        most = most.max(j.stats().kept);
    }
    let stats = j.stats();
    assert_eq!(stats.read, 5400);
    let bound = (retention + retention / 4) / 1000 / gap + per_page as i64;
    assert!(most as i64 <= bound, "at most {most} held, bound {bound}");
    assert!(stats.evicted > 0);
    let small = judge().with_max_events(500);
    let mut small = small;
    let mut feed = Feed::new();
    for p in 0..20u64 {
        let events: Vec<Value> = quiet(per_page, (p * per_page) as i64 * gap, gap)
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e["uuid"] = json!(format!("00000000-0000-4000-b000-{:012}", p * per_page + i as u64));
                e
            })
            .collect();
        small.page(&feed.page(&events)).unwrap();
        assert!(small.stats().kept <= 500 + per_page as usize);
    }
    assert!(small.stats().shortened > 0);
}

#[test]
fn interest_leaves_out_kinds_and_lesser_severities() {
    let interest = Interest { kinds: vec![FindingKind::MfaFatigue], min_severity: FindingSeverity::Low };
    let mut j = LiveJudge::new(DetectionConfig::default(), Directory::default(), interest);
    assert!(run(&mut j, &spray(8, 0), 2).is_empty());
    let interest = Interest { kinds: Vec::new(), min_severity: FindingSeverity::Critical };
    let mut j = LiveJudge::new(DetectionConfig::default(), Directory::default(), interest);
    assert!(run(&mut j, &spray(8, 0), 2).is_empty());
}

#[test]
fn a_flood_is_held_back_and_summed_up() {
    let mut limiter = Limiter::new(3);
    let now = start();
    let admitted = (0..10).filter(|_| limiter.admit(now, FindingKind::PasswordSpray, FindingSeverity::High)).count();
    assert_eq!(admitted, 3);
    assert!(limiter.due(now + Duration::seconds(30), false).is_none(), "the minute is not over");
    let held = limiter.due(now + Duration::seconds(61), false).unwrap();
    assert_eq!(held.held_back, 7);
    assert_eq!(held.by_kind.get("password_spray/high"), Some(&7));
    assert!(limiter.admit(now + Duration::seconds(61), FindingKind::PasswordSpray, FindingSeverity::High));
    assert!(limiter.due(now + Duration::seconds(200), true).is_none(), "nothing more held");
}

#[test]
fn a_window_copied_whole_judges_as_the_original() {
    use crate::investigate::signals::Classifier;
    let mut events = quiet(60, 0, 5);
    events.extend(spray(6, 1));
    events.push(json!({"uuid": "not-a-uuid", "eventType": "user.session.impersonation.initiate", "published": at(400),
        "actor": {"alternateId": "admin@x"}, "client": {"ipAddress": "198.51.100.9"},
        "target": [{"type": "User", "alternateId": "u1@x"}],
        "debugContext": {"debugData": {"originalPrincipal": "{\"alternateId\": \"support@okta\"}",
            "risk": "{level=HIGH, reasons=Anomalous Device}", "threatSuspected": "true"}}}));
    let parsed: Vec<LogEvent> = events.iter().map(|e| serde_json::from_value(e.clone()).unwrap()).collect();
    let mut classifier = Classifier::default();
    parsed.iter().for_each(|e| classifier.push_event(e));
    let copy = classifier.subset(|_| true).finish();
    let original = classifier.finish();
    let judged = |c: &crate::investigate::signals::Classified| {
        crate::investigate::judge(&Signals::classified(c), &Directory::default(), &DetectionConfig::default())
    };
    assert_eq!((copy.kept(), copy.read()), (original.kept(), original.read()));
    let findings = judged(&original);
    assert!(findings.iter().any(|f| f.kind == FindingKind::Impersonation), "{findings:#?}");
    assert_eq!(judged(&copy), findings);
}
