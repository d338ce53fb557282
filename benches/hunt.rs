//! The full hunt (every detection) over 1,000,000 System Log events on one core; the
//! target is at most 1 s. The events are the simulated org's own: a 24 h backfill of a
//! 500-user org (ordinary traffic and every seeded attack), replicated 10 times as ten
//! more such orgs in the same day: each copy has its own logins, user ids, IPs, session ids,
//! device hashes and uuids, and its times moved by a few seconds, so the detections' maps
//! are as large as a 5,000-user org's would be. `HUNT_BENCH_EVENTS` changes the total.
//!
//! A hunt classifies each event as it is read (`gather::fetch_hunt` feeds a `Classifier`
//! right after each event is parsed), then judges the window. So the benches are:
//! - `hunt/judge_…`: every detection over the classified events, what the analyst waits for
//!   once the window is read (and again for each change of preset or window);
//! - `hunt/read_page_…` and `hunt/read_and_classify_page_…`: a page of 1,000 events parsed
//!   as the gather parses them, without and with the classification, so its share of the
//!   reading is measured too;
//! - the breakdown printed first, which also times a classifying pass over the million
//!   events after the fact (events cold in memory, scattered over gigabytes): the cost the
//!   classification at read time avoids.
//!
//! Measured on one core (taskset) of a shared 2-core AMD EPYC, nearly idle: judging 298 ms
//! (276–321 ms); a page read in 122 ms, 125 ms with the classification; the pass afterwards
//! 3.3 s (it was the whole hunt's cost before: 2.9–3.2 s in all).

use std::time::{Duration, Instant};

use chrono::SecondsFormat;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oktui::investigate::detect::DETECTORS;
use oktui::investigate::signals::{Classified, Classifier, Signals};
use oktui::investigate::{judge, DetectionConfig, Directory, FindingKind, FindingSeverity, KnownUser, MfaState};
use oktui::okta::model::LogEvent;
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;

const USERS: usize = 500;
const COPIES: usize = 10;

/// A copy of `s` that belongs to copy `k`: `local+k@domain` for logins, a suffix otherwise.
fn renamed(s: &str, k: usize) -> String {
    match s.split_once('@') {
        Some((local, domain)) => format!("{local}+{k}@{domain}"),
        None => format!("{s}.{k}"),
    }
}

/// An IPv4 address moved into copy `k`'s own range.
fn moved_ip(ip: &str, k: usize) -> String {
    match ip.split_once('.') {
        Some((first, rest)) => match first.parse::<usize>() {
            Ok(n) => format!("{}.{rest}", (n + 7 * k) % 224 + 1),
            Err(_) => ip.to_string(),
        },
        None => ip.to_string(),
    }
}

/// Event `e` as copy `k` has it.
fn copy_of(e: &LogEvent, k: usize) -> LogEvent {
    let mut e = e.clone();
    if k == 0 {
        return e;
    }
    e.uuid = e.uuid.map(|u| renamed(&u, k));
    if let Some(at) = e.published_at() {
        let at = at + chrono::Duration::seconds(3 * k as i64);
        e.published = Some(at.to_rfc3339_opts(SecondsFormat::Millis, true));
    }
    if let Some(actor) = e.actor.as_mut() {
        actor.alternate_id = actor.alternate_id.as_deref().map(|a| renamed(a, k));
        actor.id = actor.id.as_deref().map(|a| renamed(a, k));
    }
    if let Some(client) = e.client.as_mut() {
        client.ip_address = client.ip_address.as_deref().map(|ip| moved_ip(ip, k));
    }
    if let Some(auth) = e.authentication_context.as_mut() {
        auth.external_session_id = auth.external_session_id.as_deref().map(|s| renamed(s, k));
    }
    for target in e.target.iter_mut().flatten() {
        target.alternate_id = target.alternate_id.as_deref().map(|a| renamed(a, k));
    }
    if let Some(debug) = e.debug_context.as_mut().and_then(|d| d.debug_data.as_mut()) {
        if let Some(serde_json::Value::String(dt)) = debug.0.get_mut("dtHash") {
            *dt = renamed(dt, k);
        }
    }
    e
}

/// Where one hunt's time goes: a classifying pass over events cold in memory, then each
/// detection, with the findings of each kind.
fn breakdown(events: &[LogEvent], classified: &Classified, directory: &Directory, config: &DetectionConfig) {
    let started = Instant::now();
    let cold = Classified::of(events);
    eprintln!("hunt over {} events: a classifying pass afterwards {:?}", events.len(), started.elapsed());
    drop(cold);
    let signals = Signals::classified(events, classified);
    for (detector, kind) in DETECTORS.iter().zip(FindingKind::ALL) {
        let started = Instant::now();
        let findings = detector(&signals, directory, config);
        let by_severity = |s: FindingSeverity| findings.iter().filter(|f| f.severity == s).count();
        eprintln!(
            "  {:<24} {:>10.1?}  {:>5} findings ({} critical, {} high)",
            kind.name(),
            started.elapsed(),
            findings.len(),
            by_severity(FindingSeverity::Critical),
            by_severity(FindingSeverity::High)
        );
    }
}

/// A page as the gather reads it: JSON text to values, each object to a `LogEvent`, each
/// handed to `each` right after it is made.
fn read_page(text: &str, mut each: impl FnMut(&LogEvent)) -> Vec<LogEvent> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).expect("a page parses");
    values
        .into_iter()
        .filter_map(|v| match v {
            serde_json::Value::Object(o) => {
                let event = LogEvent::from_object(o);
                each(&event);
                Some(event)
            }
            _ => None,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let total: usize = std::env::var("HUNT_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    // A fixed end, so every run judges the same events and finds the same findings.
    let end = chrono::DateTime::from_timestamp(1_764_504_000, 0).expect("a valid instant");
    let org = generate(3, USERS, end);
    let per_hour = (total / COPIES) as f64 / 24.0;
    let raw = LogGenerator::new(3).backfill(&org, end - chrono::Duration::hours(24), end, per_hour);
    let day: Vec<LogEvent> = raw.into_iter().map(|v| serde_json::from_value(v).expect("a generated event")).collect();
    let mut events: Vec<LogEvent> = (0..COPIES).flat_map(|k| day.iter().map(move |e| copy_of(e, k))).collect();
    events.truncate(total);
    events.sort_by_key(|e| e.published_at());
    let directory = Directory::new((0..COPIES).flat_map(|k| {
        org.users.iter().map(move |u| KnownUser {
            id: renamed(&u.id, k),
            login: renamed(&u.profile.login, k),
            status: u.status.clone(),
            mfa: Some(if u.factors.iter().any(|f| f.status == "ACTIVE") { MfaState::Strong } else { MfaState::None }),
            admin: !u.roles.is_empty(),
        })
    }));
    let config = DetectionConfig::default();
    let classified = {
        let mut classifier = Classifier::default();
        events.iter().for_each(|e| classifier.push(e));
        classifier.finish()
    };
    breakdown(&events, &classified, &directory, &config);
    let mut group = c.benchmark_group("hunt");
    group.throughput(Throughput::Elements(events.len() as u64));
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(15));
    group.bench_function(format!("judge_{}_events", events.len()), |b| {
        b.iter(|| std::hint::black_box(judge(&Signals::classified(&events, &classified), &directory, &config)))
    });
    let page =
        serde_json::to_string(&events[events.len() / 2..][..1000.min(events.len() / 2)]).expect("events serialize");
    group.throughput(Throughput::Elements(1000));
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    group.bench_function("read_page_1000_events", |b| b.iter(|| std::hint::black_box(read_page(&page, |_| {}))));
    group.bench_function("read_and_classify_page_1000_events", |b| {
        b.iter(|| {
            let mut classifier = Classifier::default();
            let events = read_page(&page, |e| classifier.push(e));
            std::hint::black_box((events, classifier.finish()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
