//! Soak (issue 14; not in CI): the System Log tail for N minutes (default 30) against a
//! simulated org at 50 events/s that answers 10% of requests with 429, 5% with a 5xx and
//! drops 2% of connections, three ways at once:
//!
//! - `oktui logs --follow --format jsonl` (the real binary): every uuid it prints is counted;
//! - the console's tail engine, started exactly as the console starts it (`spawn_tail` with
//!   the System Log pane's default window and query), in this process: every event it
//!   delivers is counted;
//! - the console itself (the real binary in a pseudo-terminal, on the System Log pane),
//!   for its memory.
//!
//! Ground truth is the sim's own store, read in this process (no HTTP, so no fault touches
//! it) once the live log is paused at the end: the uuids persisted since each tail's start.
//! The report gives events expected, lost, duplicated and foreign for both tails, and the
//! resident memory (VmRSS) of the follower and the console at the start, after one minute,
//! every five minutes and at the end. The console keeps 2,000 events (`[logs]
//! retain_events`), full within the first minute. Exit 1 if any event was lost or
//! duplicated, or if the follower or the console grew by more than 8 MiB after the first
//! minute.
//!
//! `cargo bench --bench soak -- --minutes 30` (a 2-minute smoke: `-- --minutes 2`).

#[path = "../tests/common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../tests/e2e/harness.rs"]
mod harness;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use oktui::app::logs::LogsState;
use oktui::app::msg::Msg;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::logs::ring::DEFAULT_CAPACITY;
use oktui::okta::logs::TailUpdate;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{Faults, SimConfig, SimServer};

use crate::harness::Tui;

/// How long the tails run, from the command line (`--minutes N`).
fn minutes() -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--minutes")
        .and_then(|i| args.get(i + 1))
        .map(|m| m.parse().expect("--minutes takes a number"))
        .unwrap_or(30.0)
}

/// Every uuid a tail delivered, in order, and how many it delivered twice.
#[derive(Default)]
struct Tally {
    seen: HashSet<String>,
    delivered: u64,
    duplicated: u64,
}

impl Tally {
    fn add(&mut self, uuid: String) {
        self.delivered += 1;
        if !self.seen.insert(uuid) {
            self.duplicated += 1;
        }
    }

    /// Lost (expected, never delivered) and foreign (delivered, never expected) events.
    fn compare(&self, expected: &[String]) -> (usize, usize) {
        let expected: HashSet<&String> = expected.iter().collect();
        let lost = expected.iter().filter(|u| !self.seen.contains(**u)).count();
        let foreign = self.seen.iter().filter(|u| !expected.contains(u)).count();
        (lost, foreign)
    }
}

type Shared = Arc<Mutex<Tally>>;

fn lock(tally: &Shared) -> std::sync::MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(|e| e.into_inner())
}

/// Resident memory of a process now (`VmRSS`), in MiB.
fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `oktui logs --follow --format jsonl --since SINCE`, its uuids counted into `tally`.
fn follower(sim: &SimServer, since: DateTime<Utc>, home: &std::path::Path, tally: Shared) -> Child {
    let c = sim.credentials();
    let since = since.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut cmd = common::oktui_command(home);
    cmd.args(["logs", "--follow", "--format", "jsonl", "--since", &since]);
    cmd.env("OKTA_CLIENT_ORGURL", &c.url).env("OKTA_CLIENT_TOKEN", &c.api_token);
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = cmd.spawn().expect("oktui logs --follow starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let event: serde_json::Value = serde_json::from_str(&line).expect("jsonl prints JSON objects");
            lock(&tally).add(event["uuid"].as_str().expect("every event has a uuid").to_string());
        }
    });
    child
}

/// The console's tail engine, as the System Log pane starts it, its events counted into
/// `tally`; returns where its window starts.
fn console_engine(rt: &tokio::runtime::Runtime, sim: &SimServer, tally: Shared) -> DateTime<Utc> {
    let c = sim.credentials();
    let org = OrgUrl::parse(&c.url).expect("the sim's URL is an org URL");
    let client = Client::new(org, Credential::ApiToken(Secret::new(c.api_token.clone()).into())).expect("a client");
    let pane = LogsState::new(DEFAULT_CAPACITY);
    let config = pane.query.tail_config(pane.window.duration());
    let since = config.since;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(64);
    rt.spawn(async move {
        let _engine = tokio::spawn(oktui::app::tasks::run_tail(client, tx, 1, config, None));
        while let Some(msg) = rx.recv().await {
            if let Msg::Tail { update: TailUpdate::Events(events, _), .. } = msg {
                let mut tally = lock(&tally);
                for e in events {
                    tally.add(e.event.id.map(|id| id.to_string()).unwrap_or_default());
                }
            }
        }
    });
    since
}

/// One memory sample: the follower's, the console's and this process's (the sim's store
/// and the in-process engine) resident memory; returns the follower's and the console's.
fn sample(label: &str, follower: u32, console: u32, tallies: [&Shared; 2]) -> [Option<f64>; 2] {
    let mib = |m: Option<f64>| m.map_or_else(|| "-".to_string(), |m| format!("{m:.1}"));
    let [f, e] = tallies.map(|t| lock(t).delivered);
    let measured = [rss_mib(follower), rss_mib(console)];
    println!(
        "soak {label:>9}: RSS MiB follower {} console {} soak+sim {} · delivered follower {f} engine {e}",
        mib(measured[0]),
        mib(measured[1]),
        mib(rss_mib(std::process::id())),
    );
    measured
}

/// Events the soak's console keeps (`[logs] retain_events`): full within the first minute
/// at 50 events/s, so what the console holds after it is bounded by design and any growth
/// is a leak.
const CONSOLE_RETAINS: usize = 2_000;

/// The most the follower or the console may grow after the first minute (MiB): the tail's
/// set of delivered ids fills to its bound (20,000 ids, about 2 MB) over the first minutes;
/// the rest is the allocator's slack.
const GROWTH_ALLOWED_MIB: f64 = 8.0;

fn main() {
    let minutes = minutes();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
    let faults = Faults { rate_429: 0.10, rate_5xx: 0.05, rate_drop: 0.02, ..Faults::default() };
    let config =
        SimConfig { users: 200, log_backfill_secs: 60, log_events_per_minute: 3000.0, faults, ..SimConfig::default() };
    let sim = rt.block_on(common::start(config));
    let home = tempfile::tempdir().expect("a private home");
    let follow_since = Utc::now() - chrono::Duration::seconds(30);
    let (follow_tally, engine_tally) = (Shared::default(), Shared::default());
    let mut follow = follower(&sim, follow_since, home.path(), follow_tally.clone());
    let engine_since = console_engine(&rt, &sim, engine_tally.clone());
    let c = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())];
    let config = home.path().join("config.toml");
    std::fs::write(&config, format!("[logs]\nretain_events = {CONSOLE_RETAINS}\n")).expect("the console's config");
    let config = config.to_str().expect("a UTF-8 temporary path").to_string();
    let mut console = Tui::spawn(&["--config", &config], &env, 160, 40);
    console.wait_until("a users row", Duration::from_secs(60), |s| s.contents().contains("@acme.example"));
    console.send("5");
    console.wait_for("● live", Duration::from_secs(60));
    let console_pid = console.pid().expect("the console runs");
    println!("soak: {minutes} min at 50 events/s, 10% 429, 5% 5xx, 2% dropped connections");

    let started = Instant::now();
    let total = Duration::from_secs_f64(minutes * 60.0);
    let mut marks = vec![Duration::from_secs(10), Duration::from_secs(60)];
    let mut after_a_minute = [None, None];
    marks.extend((1..).map(|k| Duration::from_secs(300 * k)).take_while(|d| *d < total));
    for mark in marks.into_iter().filter(|m| *m < total) {
        std::thread::sleep(mark.saturating_sub(started.elapsed()));
        let label =
            if mark.as_secs() == 10 { "start".to_string() } else { format!("{:.0} min", mark.as_secs_f64() / 60.0) };
        let measured = sample(&label, follow.id(), console_pid, [&follow_tally, &engine_tally]);
        if mark == Duration::from_secs(60) {
            after_a_minute = measured;
        }
    }
    std::thread::sleep(total.saturating_sub(started.elapsed()));
    sim.pause_live_log(true);
    let store = &sim.state().logs;
    let (want_follow, want_engine) =
        (store.uuids_persisted_since(follow_since), store.uuids_persisted_since(engine_since));
    // Both tails poll every 10 s, and back off up to a minute after errors: give them two.
    let drained = Instant::now();
    while drained.elapsed() < Duration::from_secs(120)
        && (lock(&follow_tally).seen.len() < want_follow.len() || lock(&engine_tally).seen.len() < want_engine.len())
    {
        std::thread::sleep(Duration::from_secs(1));
    }
    let at_end = sample("end", follow.id(), console_pid, [&follow_tally, &engine_tally]);
    // SAFETY: the follower is our child, not yet reaped.
    unsafe { libc::kill(follow.id() as libc::pid_t, libc::SIGINT) };
    let _ = follow.wait();
    console.send("q");
    let exit = console.finish(Duration::from_secs(30));

    let mut clean = true;
    for (name, tally, want) in
        [("follower", &follow_tally, &want_follow), ("console tail", &engine_tally, &want_engine)]
    {
        let tally = lock(tally);
        let (lost, foreign) = tally.compare(want);
        clean &= lost == 0 && tally.duplicated == 0;
        println!(
            "soak {name}: {} events expected, {} delivered, {lost} lost, {} duplicated, {foreign} not in the org",
            want.len(),
            tally.delivered,
            tally.duplicated
        );
    }
    for ((name, minute), end) in ["follower", "console"].into_iter().zip(after_a_minute).zip(at_end) {
        let (Some(minute), Some(end)) = (minute, end) else {
            println!("soak {name}: its memory could not be read");
            clean = false;
            continue;
        };
        let growth = end - minute;
        clean &= growth <= GROWTH_ALLOWED_MIB;
        println!("soak {name}: {growth:+.1} MiB after the first minute (at most {GROWTH_ALLOWED_MIB} allowed)");
    }
    let faulted = sim.state().requests.all().iter().filter(|r| r.status >= 429).count();
    println!("soak: {faulted} requests faulted; the console exited with {}", exit.code);
    if !clean {
        std::process::exit(1);
    }
}
