//! The live judge's cost (issue 20, acceptance 4): a steady stream of the simulated org's
//! ordinary traffic (Okta's schema) tailed in pages as the tail delivers them (a poll every
//! 10 s, at most 1,000 events a page), each page read by the tail's ingest and then judged
//! by [`LiveJudge::page`] (classified into the window, judged over what it touched). Prints
//! the judging time per page and per event, beside the reading time, at 50 events/s and
//! 2,000 events/s once the window is full, and the window's memory at 50 events/s every ten
//! minutes for two hours (past the window's length: it stops growing).
//! `cargo bench --bench live_judge [-- --minutes-fast N]` (N minutes at 2,000 events/s,
//! default 4, the later half measured).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use oktui::investigate::live::{Interest, LiveJudge};
use oktui::investigate::{DetectionConfig, Directory};
use oktui::okta::logs::Ingest;
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;
use serde_json::Value;

/// Seconds between polls.
const POLL_SECS: u64 = 10;
/// Events a page holds at most.
const PAGE: usize = 1000;
/// Minutes of the 50 events/s stream: past the window's length, so its memory is seen to stop
/// growing.
const SLOW_MINUTES: u64 = 120;

/// Ordinary events of a 10,000-person org, `n` of them.
fn templates(n: usize) -> Vec<Value> {
    let org = generate(1, 10_000, oktui::sim::start_of_today());
    let now = Utc::now();
    let mut events = Vec::new();
    let mut hours = 2;
    while events.len() < n {
        events = LogGenerator::new(1).backfill(&org, now - chrono::Duration::hours(hours), now, 20_000.0);
        hours *= 2;
    }
    events.truncate(n);
    events
}

/// Events `from..to` of a stream at `rate` events/s from `start`: the templates in turn,
/// each with a uuid of its own and its place in time.
fn page(templates: &[Value], start: DateTime<Utc>, rate: u64, from: u64, to: u64) -> String {
    let events: Vec<Value> = (from..to)
        .map(|n| {
            let mut e = templates[(n as usize) % templates.len()].clone();
            e["uuid"] = uuid::Uuid::from_u128(u128::from(n) + 1).hyphenated().to_string().into();
            let at = start + chrono::Duration::microseconds((n * 1_000_000 / rate) as i64);
            e["published"] = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).into();
            e
        })
        .collect();
    Value::Array(events).to_string()
}

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

/// Timings of pages, ms.
#[derive(Default)]
struct Times(Vec<f64>);

impl Times {
    fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1000.0);
    }

    fn summary(&mut self) -> (f64, f64, f64) {
        self.0.sort_by(f64::total_cmp);
        let n = self.0.len().max(1);
        let mean = self.0.iter().sum::<f64>() / n as f64;
        let p99 = self.0.get((n * 99 / 100).min(n - 1)).copied().unwrap_or(0.0);
        let max = self.0.last().copied().unwrap_or(0.0);
        (mean, p99, max)
    }
}

/// Streams `minutes` of traffic at `rate` events/s; measures the pages of the last
/// `measured` minutes.
fn stream(templates: &[Value], rate: u64, minutes: u64, measured: u64) -> LiveJudge {
    let mut judge = LiveJudge::new(DetectionConfig::default(), Directory::default(), Interest::default());
    let mut ingest = Ingest::new(1 << 20);
    let start = Utc::now() - chrono::Duration::days(1);
    let per_page = (rate * POLL_SECS).min(PAGE as u64);
    let total = rate * 60 * minutes;
    let measure_from = rate * 60 * minutes.saturating_sub(measured);
    let (mut judging, mut reading) = (Times::default(), Times::default());
    let (mut events_judged, mut alerts) = (0u64, 0usize);
    let mut n = 0;
    while n < total {
        let to = (n + per_page).min(total);
        let body = page(templates, start, rate, n, to);
        let t = Instant::now();
        let fresh = ingest.page(body.as_bytes(), 0).expect("a page").fresh;
        let read = t.elapsed();
        let t = Instant::now();
        alerts += judge.page(&fresh).expect("judged").len();
        let judged = t.elapsed();
        if to / (rate * 600) > n / (rate * 600) {
            let stats = judge.stats();
            eprintln!(
                "  {rate} ev/s, minute {}: window {} events, {:.1} MB classified; resident {:.1} MB",
                to / (rate * 60),
                stats.kept,
                stats.held_bytes as f64 / 1e6,
                resident_bytes() as f64 / 1e6
            );
        }
        if n >= measure_from {
            reading.push(read);
            judging.push(judged);
            events_judged += to - n;
        }
        n = to;
    }
    let pages = judging.0.len().max(1);
    let (mean, p99, max) = judging.summary();
    let (read_mean, _, _) = reading.summary();
    let per_event_us = mean * 1000.0 * pages as f64 / events_judged.max(1) as f64;
    let stats = judge.stats();
    println!(
        "live_judge {rate} ev/s ({per_page}-event pages, last {measured} of {minutes} min, {pages} pages): judging \
         {mean:.2} ms/page mean, p99 {p99:.2}, max {max:.2}; {per_event_us:.2} µs/event; reading the page \
         {read_mean:.2} ms; window {} events kept of {} read, {} evicted, cut short {} times; {alerts} findings",
        stats.kept, stats.read, stats.evicted, stats.shortened
    );
    judge
}

fn main() {
    let fast: u64 =
        std::env::args().skip_while(|a| a != "--minutes-fast").nth(1).and_then(|m| m.parse().ok()).unwrap_or(4);
    let templates = templates(100_000);
    let before = resident_bytes();
    eprintln!("templates ready: resident {:.1} MB", before as f64 / 1e6);
    let judge = stream(&templates, 50, SLOW_MINUTES, 15);
    let stats = judge.stats();
    println!(
        "live_judge memory after {SLOW_MINUTES} min at 50 ev/s (the window holds {} min): window classification \
         {:.1} MB for {} events ({} B/event); process resident +{:.1} MB",
        judge.retention_ms() / 60_000,
        stats.held_bytes as f64 / 1e6,
        stats.kept,
        stats.held_bytes / stats.kept.max(1),
        (resident_bytes().saturating_sub(before)) as f64 / 1e6
    );
    drop(judge);
    stream(&templates, 2000, fast, fast.div_ceil(2));
}
