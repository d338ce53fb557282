//! The System Log tail's ingest: a 1,000-event page of real-shaped events (the simulated
//! org's generator, Okta's schema) split, read compactly, de-duplicated by uuid and inserted
//! into the console's `published`-ordered buffer, in events/s (target ≥ 100,000 on one
//! core). Then the resident memory per retained event with 1,000,000 events in the buffer
//! (target ≤ 1 KB), printed as `tail_memory: … bytes per retained event`.
//!
//! Last measured on one core of a shared 2-core AMD EPYC (`taskset -c 1`), with other
//! engineers' builds running: 101,400 events/s (interval 98,700–104,500) at a load of ~1.5,
//! 87,900 with a rustc beside it; 304 bytes per retained event.

use std::time::Duration;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oktui::okta::logs::ring::DEFAULT_RAW_CAPACITY;
use oktui::okta::logs::{EventRing, Ingest};
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;
use serde_json::Value;

const PAGE: usize = 1000;

/// Generated events (Okta's schema), `n` of them, oldest first.
fn templates(n: usize) -> Vec<Value> {
    let org = generate(1, 500, oktui::sim::start_of_today());
    let now = Utc::now();
    let mut events: Vec<Value> = Vec::new();
    let mut hours = 6;
    while events.len() < n {
        events = LogGenerator::new(1).backfill(&org, now - chrono::Duration::hours(hours), now, 4000.0);
        hours *= 2;
    }
    events.truncate(n);
    events
}

/// Page `round` of a stream that moves forward in time: the templates with uuids unique to
/// the round and `published` 10 ms apart, after every earlier round's.
fn page(templates: &[Value], round: usize) -> String {
    let start = Utc::now() - chrono::Duration::days(30);
    let events: Vec<Value> = templates
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut e = e.clone();
            let n = round * templates.len() + i;
            e["uuid"] = uuid::Uuid::from_u128(n as u128).hyphenated().to_string().into();
            let at = start + chrono::Duration::milliseconds(10 * n as i64);
            e["published"] = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).into();
            e
        })
        .collect();
    Value::Array(events).to_string()
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Fills a buffer of 1,000,000 events page by page and reports the resident growth per event.
fn memory_per_event() {
    let templates = templates(PAGE);
    let before = resident_bytes();
    let total = 1_000_000;
    let mut ingest = Ingest::new(oktui::okta::logs::seen::DEFAULT_CAPACITY);
    let mut ring = EventRing::new(total, DEFAULT_RAW_CAPACITY);
    for round in 0..total / PAGE {
        let body = page(&templates, round);
        let read = ingest.page(body.as_bytes(), 0).expect("a generated page reads");
        for e in read.fresh {
            ring.insert(e.event, Some(e.raw));
        }
        ring.trim();
    }
    let after = resident_bytes();
    if let (Some(b), Some(a)) = (before, after) {
        let per = a.saturating_sub(b) as f64 / ring.len() as f64;
        println!("tail_memory: {} events retained, {per:.0} bytes per retained event (target ≤ 1024)", ring.len());
    }
}

fn ingest(c: &mut Criterion) {
    memory_per_event();
    let templates = templates(PAGE);
    let pages: Vec<String> = (0..8).map(|r| page(&templates, r)).collect();
    let mut group = c.benchmark_group("tail_ingest");
    group.throughput(Throughput::Elements((PAGE * pages.len()) as u64));
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(4));
    group.bench_function("parse_dedupe_insert_8_pages_of_1000", |b| {
        b.iter_batched(
            || (Ingest::new(100_000), EventRing::new(100_000, DEFAULT_RAW_CAPACITY)),
            |(mut ingest, mut ring)| {
                for body in &pages {
                    let read = ingest.page(body.as_bytes(), 0).expect("a generated page reads");
                    for e in read.fresh {
                        ring.insert(e.event, Some(e.raw));
                    }
                    ring.trim();
                }
                (ingest, ring)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
