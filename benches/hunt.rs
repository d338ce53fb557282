//! A hunt at scale: reading, classifying and judging `HUNT_BENCH_EVENTS` (default
//! 1,000,000) realistic System Log events through the path a hunt takes: pages of 1,000
//! events as bytes, each read straight from its bytes and classified
//! (`investigate::event::page::read_page` into a `Classifier`), then every detection.
//!
//! The events are the simulated org's own: a 24 h backfill of a 500-user org of 100,000
//! events (ordinary traffic and every seeded attack), copied as many times as the total
//! needs, as more such orgs in the same day: each copy has its own logins, user ids, IPs,
//! session ids, device hashes and uuids, and its times moved by a few seconds, so the
//! detections' maps are as large as a 5,000-user org's for a million events.
//!
//! Memory is measured honestly: the day is generated once, in a child process, into a file
//! (`target/hunt-bench/`); the measuring process then reads the copies from it lazily, page
//! by page, merged in `published` order, so that nothing but the classified state grows.
//! Printed first, as `hunt_scale:` lines:
//! - read + classify: events/s on this core, counting only the reading and classifying of
//!   the page bytes (not making the pages);
//! - resident bytes per event read: the process's RSS growth (`VmRSS`) over the whole read,
//!   with every page freed once classified, and the classification's own count of the bytes
//!   it holds (`held_bytes`);
//! - judge: every detection over the classified window, once.
//!
//! Then criterion times judging the classified window and reading and classifying one page.
//! Run it on one core: `cargo bench --bench hunt --no-run`, then `taskset -c 1` on the
//! binary it names with `--bench`.
//!
//! Last measured: see the README's "Performance" section.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use criterion::{Criterion, Throughput};
use oktui::investigate::detect::DETECTORS;
use oktui::investigate::event::page::read_page;
use oktui::investigate::signals::{Classified, Classifier, Signals};
use oktui::investigate::{judge, DetectionConfig, Directory, FindingKind, FindingSeverity, KnownUser, MfaState};
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;
use oktui::sim::org::Org;
use serde_json::Value;

const USERS: usize = 500;
/// Events of one copy's day.
const PER_COPY: usize = 100_000;
const PAGE: usize = 1000;
/// Set in the child that writes the day: the file to write.
const GENERATE: &str = "HUNT_BENCH_GENERATE_DAY";

/// The fixed end of the day, so every run reads the same events and finds the same findings.
fn end() -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_504_000, 0).expect("a valid instant")
}

fn org() -> Org {
    generate(3, USERS, end())
}

/// A copy of `s` that belongs to copy `k`: `local+k@domain` for logins, a suffix otherwise.
fn renamed(s: &str, k: usize) -> String {
    match s.split_once('@') {
        Some((local, domain)) => format!("{local}+{k}@{domain}"),
        None => format!("{s}.{k}"),
    }
}

/// An IPv4 address moved into copy `k`'s own range.
fn moved_ip(ip: &str, k: usize) -> String {
    let octets: Vec<usize> = ip.split('.').filter_map(|o| o.parse().ok()).collect();
    match octets[..] {
        [a, b, c, d] => format!("{}.{}.{c}.{d}", (a + 7 * (k % 32)) % 224 + 1, (b + 17 * (k / 32)) % 256),
        _ => ip.to_string(),
    }
}

/// A canonical uuid of copy `k`: its first byte replaced by `k`.
fn moved_uuid(uuid: &str, k: usize) -> String {
    match uuid.get(2..) {
        Some(rest) if k > 0 => format!("{:02x}{rest}", k % 256),
        _ => uuid.to_string(),
    }
}

/// Event `e` as copy `k` has it, happening at `at`.
fn copy_of(e: &mut Value, k: usize, at: DateTime<Utc>) {
    if k == 0 {
        return;
    }
    let text = |e: &mut Value, pointer: &str, f: &dyn Fn(&str) -> String| {
        if let Some(v) = e.pointer_mut(pointer) {
            if let Some(s) = v.as_str() {
                *v = Value::String(f(s));
            }
        }
    };
    text(e, "/uuid", &|u| moved_uuid(u, k));
    text(e, "/published", &|_| at.to_rfc3339_opts(SecondsFormat::Millis, true));
    text(e, "/actor/alternateId", &|a| renamed(a, k));
    text(e, "/actor/id", &|a| renamed(a, k));
    text(e, "/client/ipAddress", &|ip| moved_ip(ip, k));
    text(e, "/authenticationContext/externalSessionId", &|s| renamed(s, k));
    text(e, "/debugContext/debugData/dtHash", &|d| renamed(d, k));
    if let Some(targets) = e.pointer_mut("/target").and_then(Value::as_array_mut) {
        for t in targets {
            text(t, "/alternateId", &|a| renamed(a, k));
        }
    }
}

/// Writes one copy's day to `path`, one event per line (the child's whole work).
fn write_day(path: &Path) {
    let end = end();
    let per_hour = PER_COPY as f64 / 24.0;
    let day = LogGenerator::new(3).backfill(&org(), end - chrono::Duration::hours(24), end, per_hour);
    let mut out = BufWriter::new(File::create(path).expect("the day's file can be written"));
    for event in day {
        writeln!(out, "{event}").expect("the day's file can be written");
    }
    out.flush().expect("the day's file can be written");
}

/// The day's file, written by a child process the first time.
fn day_file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/hunt-bench");
    std::fs::create_dir_all(&dir).expect("target/hunt-bench can be made");
    let path = dir.join(format!("day-{USERS}-{PER_COPY}.ndjson"));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let me = std::env::current_exe().expect("the bench knows its binary");
        let status = std::process::Command::new(me).env(GENERATE, &partial).status().expect("the child runs");
        assert!(status.success(), "the child wrote the day");
        std::fs::rename(&partial, &path).expect("the day's file is kept");
    }
    path
}

/// One copy's events, read lazily from the day's file: the next one and when it happens.
struct Copy {
    k: usize,
    lines: std::io::Lines<BufReader<File>>,
    next: Option<(DateTime<Utc>, Value)>,
}

impl Copy {
    fn open(path: &Path, k: usize) -> Copy {
        let file = File::open(path).expect("the day's file opens");
        let mut copy = Copy { k, lines: BufReader::new(file).lines(), next: None };
        copy.advance();
        copy
    }

    fn advance(&mut self) {
        self.next = self.lines.next().map(|line| {
            let event: Value = serde_json::from_str(&line.expect("a line")).expect("an event");
            let at = event["published"].as_str().and_then(|p| p.parse::<DateTime<Utc>>().ok()).unwrap_or_else(end);
            (at + chrono::Duration::seconds(3 * self.k as i64), event)
        });
    }
}

/// The copies merged in `published` order, made into pages of bytes one at a time.
struct Pages {
    copies: Vec<Copy>,
    left: usize,
}

impl Pages {
    fn new(path: &Path, total: usize) -> Pages {
        Pages { copies: (0..total.div_ceil(PER_COPY)).map(|k| Copy::open(path, k)).collect(), left: total }
    }

    /// The next page's bytes (`[ev,ev,…]`), or `None` when every event was handed out.
    fn next_page(&mut self, buffer: &mut Vec<u8>) -> Option<usize> {
        buffer.clear();
        buffer.push(b'[');
        let mut n = 0;
        while n < PAGE && self.left > 0 {
            let Some(copy) =
                self.copies.iter_mut().filter(|c| c.next.is_some()).min_by_key(|c| c.next.as_ref().map(|n| n.0))
            else {
                break;
            };
            let Some((at, mut event)) = copy.next.take() else { break };
            copy_of(&mut event, copy.k, at);
            copy.advance();
            if n > 0 {
                buffer.push(b',');
            }
            serde_json::to_writer(&mut *buffer, &event).expect("an event serializes");
            n += 1;
            self.left -= 1;
        }
        buffer.push(b']');
        (n > 0).then_some(n)
    }
}

/// A figure of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`).
fn status_bytes(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find_map(|l| l.strip_prefix(key)).unwrap_or_default();
    line.trim().trim_end_matches("kB").trim().parse::<u64>().unwrap_or(0) * 1024
}

/// The known users of every copy.
fn directory(org: &Org, copies: usize) -> Directory {
    Directory::new((0..copies).flat_map(|k| {
        org.users.iter().map(move |u| KnownUser {
            id: if k == 0 { u.id.clone() } else { renamed(&u.id, k) },
            login: if k == 0 { u.profile.login.clone() } else { renamed(&u.profile.login, k) },
            status: u.status.clone(),
            mfa: Some(if u.factors.iter().any(|f| f.status == "ACTIVE") { MfaState::Strong } else { MfaState::None }),
            admin: Some(!u.roles.is_empty()),
        })
    }))
}

/// Reads and classifies `total` events page by page, printing the figures; returns the
/// classification and a page from the middle of the window.
fn read_window(path: &Path, total: usize) -> (Classified, Vec<u8>) {
    let mut pages = Pages::new(path, total);
    let mut buffer = Vec::with_capacity(4 << 20);
    let mut classifier = Classifier::default();
    let mut middle = Vec::new();
    let mut reading = Duration::ZERO;
    let rss_before = status_bytes("VmRSS:");
    while pages.next_page(&mut buffer).is_some() {
        let started = Instant::now();
        read_page(&buffer, |event| classifier.push(event)).expect("a page reads");
        reading += started.elapsed();
        if middle.is_empty() && classifier.len() >= total / 2 {
            middle = buffer.clone();
        }
    }
    drop(buffer);
    let started = Instant::now();
    let classified = classifier.finish();
    let sorting = started.elapsed();
    let (rss_after, hwm) = (status_bytes("VmRSS:"), status_bytes("VmHWM:"));
    let read = classified.read() as f64;
    eprintln!(
        "hunt_scale: {} events read ({} kept), read + classify {:.1?} on this core: {:.0} events/s; sorting the rows {:.1?}",
        classified.read(),
        classified.kept(),
        reading,
        read / reading.as_secs_f64(),
        sorting
    );
    eprintln!(
        "hunt_scale: resident {:.0} bytes per event read (RSS {} MB → {} MB, peak {} MB); held_bytes counts {:.0} per event",
        rss_after.saturating_sub(rss_before) as f64 / read,
        rss_before >> 20,
        rss_after >> 20,
        hwm >> 20,
        classified.held_bytes() as f64 / read
    );
    (classified, middle)
}

/// Every detection over the window, timed, with the findings of each kind.
fn breakdown(classified: &Classified, directory: &Directory, config: &DetectionConfig) {
    let signals = Signals::classified(classified);
    let started = Instant::now();
    let findings = judge(&signals, directory, config);
    eprintln!("hunt_scale: judge {:.1?}: {} findings", started.elapsed(), findings.len());
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

fn main() {
    if let Some(path) = std::env::var_os(GENERATE) {
        write_day(Path::new(&path));
        return;
    }
    let total: usize = std::env::var("HUNT_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let path = day_file();
    let directory = directory(&org(), total.div_ceil(PER_COPY));
    let config = DetectionConfig::default();
    let (classified, page) = read_window(&path, total);
    breakdown(&classified, &directory, &config);
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("hunt");
    group.throughput(Throughput::Elements(classified.read() as u64));
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(15));
    group.bench_function(format!("judge_{}_events", classified.read()), |b| {
        b.iter(|| std::hint::black_box(judge(&Signals::classified(&classified), &directory, &config)))
    });
    group.throughput(Throughput::Elements(PAGE as u64));
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    group.bench_function("read_and_classify_page_1000_events", |b| {
        b.iter(|| {
            let mut classifier = Classifier::default();
            read_page(&page, |event| classifier.push(event)).expect("a page reads");
            std::hint::black_box(classifier.finish())
        })
    });
    group.finish();
    c.final_summary();
}
