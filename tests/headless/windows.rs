//! The windows of `oktui hunt` and `oktui investigate` (issue 15): `--since`/`--until`, a
//! start after the end, a window reaching past Okta's 90-day retention, Okta's query timeout
//! (500 `E0000009`) split away, and Ctrl-C during a read.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use oktui::sim::{Faults, SimConfig, SimServer};
use serde_json::Value;

use crate::common::start;
use crate::run::{command, oktui, ssws_env, Home, Run};

/// A still org with eight hours of history, every seeded attack in it.
fn history() -> SimConfig {
    SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Nine hours up to now, as `--since` and `--until` arguments.
fn nine_hours() -> (String, String) {
    let until = Utc::now();
    (stamp(until - Duration::hours(9)), stamp(until))
}

/// Runs `args` against `sim`, then again once `fault` is set on it (its request record
/// cleared between): both runs, each having exited 0.
async fn quiet_then_faulty(sim: &SimServer, home: &Home, args: &[&str], fault: impl FnOnce(&SimServer)) -> (Run, Run) {
    let quiet = oktui(home, args, &ssws_env(sim)).await;
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    fault(sim);
    sim.state().requests.clear();
    let faulty = oktui(home, args, &ssws_env(sim)).await;
    assert_eq!(faulty.code, 0, "{}", faulty.stderr);
    (quiet, faulty)
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {stdout}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_after_the_end_is_a_usage_error_and_nothing_is_read() {
    let sim = start(SimConfig { users: 5, log_backfill_secs: 600, live_log: false, ..SimConfig::default() }).await;
    let home = Home::new();
    sim.state().requests.clear();
    for args in [
        vec!["hunt", "--since", "1h", "--until", "2h"],
        vec!["investigate", "ana@acme.example", "--since", "2026-11-02T00:00:00Z", "--until", "2026-11-01T00:00:00Z"],
        vec!["logs", "--since", "1h", "--until", "2h"],
    ] {
        let run = oktui(&home, &args, &ssws_env(&sim)).await;
        run.fails_as_usage(&["is after its end", "give the start first"]);
    }
    let logs = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").count();
    assert_eq!(logs, 0, "nothing was read");
    // An empty window is a window: no events, no findings.
    let at = stamp(Utc::now() - Duration::hours(1));
    let run = oktui(&home, &["hunt", "--since", &at, "--until", &at, "--format", "json"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["findings"], Value::Array(Vec::new()), "{report}");
    assert_eq!(report["window"]["since"], report["window"]["until"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_past_retention_says_so_and_reads_what_okta_keeps() {
    let sim = start(history()).await;
    let home = Home::new();
    sim.state().requests.clear();
    let run = oktui(&home, &["hunt", "--since", "200d", "--format", "json"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "a start over 180 days back is not sent to Okta: {}", run.stderr);
    assert!(run.stderr.contains("note: Okta keeps the System Log for 90 days"), "{}", run.stderr);
    let report = json(&run.stdout);
    let since: DateTime<Utc> = report["window"]["since"].as_str().unwrap().parse().unwrap();
    let retention = Utc::now() - Duration::days(90);
    assert!((since - retention).num_seconds().abs() < 60, "read from the retention's start: {since}");
    assert!(!report["findings"].as_array().unwrap().is_empty(), "the history it holds is hunted");
    for r in sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs") {
        let sent: DateTime<Utc> = r.param("since").unwrap().parse().unwrap();
        assert!(sent >= retention - Duration::minutes(1), "asked Okta for no older events: {}", r.target);
    }
    let run = oktui(&home, &["investigate", "priya.raman@acme.example", "--since", "120d"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("note: Okta keeps the System Log for 90 days"), "{}", run.stderr);
}

/// The org times out every System Log query over three hours, as Okta does a query past 30
/// s: the hunt splits its eight-hour window in halves until Okta answers, and finds exactly
/// what an unsplit hunt of the same window finds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_okta_times_out_is_split_and_finds_what_an_unsplit_hunt_finds() {
    let sim = start(history()).await;
    let home = Home::new();
    let (since, until) = nine_hours();
    // --refresh: the second run reads the window again rather than judge the first's checkpoint.
    let args = ["hunt", "--since", &since, "--until", &until, "--refresh", "--format", "json"];
    let (whole, split) =
        quiet_then_faulty(&sim, &home, &args, |sim| sim.state().time_out_log_queries_over(Some(3 * 3600))).await;
    for run in [&whole, &split] {
        assert!(!run.stderr.contains("reading the System Log"), "no progress drawn off a terminal: {}", run.stderr);
    }
    let (whole, split) = (json(&whole.stdout), json(&split.stdout));
    assert!(!whole["findings"].as_array().unwrap().is_empty());
    assert_eq!(whole, split, "the same window, the same findings");
    let logs: Vec<_> = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect();
    let timed_out: Vec<_> = logs.iter().filter(|r| r.status == 500).collect();
    // 9 h → two of 4.5 h → four of 2.25 h: three timeouts, each asked once (not retried).
    assert_eq!(timed_out.len(), 3, "{timed_out:#?}");
    let parts: BTreeSet<(String, String)> = logs
        .iter()
        .filter(|r| r.status == 200)
        .map(|r| (r.param("since").unwrap(), r.param("until").unwrap()))
        .collect();
    assert_eq!(parts.len(), 4, "read in four parts: {parts:#?}");
    // The split read's checkpoint holds the whole window: judged again, it reads no event.
    sim.state().requests.clear();
    let again =
        oktui(&home, &["hunt", "--since", &since, "--until", &until, "--format", "json"], &ssws_env(&sim)).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("judged again from the hunt's checkpoint"), "{}", again.stderr);
    assert_eq!(json(&again.stdout), split);
    assert!(!sim.state().requests.all().iter().any(|r| r.path() == "/api/v1/logs"), "no log request");
}

/// An investigation's window that Okta times out is split as a hunt's is: the report is the
/// one an unsplit read makes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_investigation_okta_times_out_is_split_and_reports_the_same() {
    let sim = start(history()).await;
    let (since, until) = nine_hours();
    let args = ["investigate", "priya.raman@acme.example", "--since", &since, "--until", &until, "--format", "json"];
    let (whole, split) =
        quiet_then_faulty(&sim, &Home::new(), &args, |sim| sim.state().time_out_log_queries_over(Some(3 * 3600))).await;
    let timed_out = sim.state().requests.all().iter().filter(|r| r.path() == "/api/v1/logs" && r.status == 500).count();
    assert!(timed_out >= 1, "the window was split");
    let (whole, split) = (json(&whole.stdout), json(&split.stdout));
    assert!(!whole["findings"].as_array().unwrap().is_empty(), "{whole}");
    assert_eq!(whole, split, "the same window, the same report");
}

/// The org times out each window's second page once, as Okta may half-way through a long
/// window: the hunt reads on from the last event it handed on, leaves out the events of that
/// millisecond it has already, and finds exactly what a hunt without timeouts finds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_okta_times_out_half_way_is_read_on_and_finds_the_same() {
    let sim = start(history()).await;
    let (since, until) = nine_hours();
    // The note says how many events were read: an event handed on twice would show.
    let args = ["hunt", "--since", &since, "--until", &until, "--refresh", "--format", "text"];
    let (whole, resumed) =
        quiet_then_faulty(&sim, &Home::new(), &args, |sim| sim.state().time_out_log_cursors_once(true)).await;
    assert!(whole.stdout.contains(" events read."), "{}", whole.stdout);
    assert_eq!(whole.stdout, resumed.stdout, "the same window, the same events and findings");
    let logs: Vec<_> = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect();
    let timed_out = logs.iter().filter(|r| r.status == 500).count();
    let starts: BTreeSet<String> = logs.iter().filter_map(|r| r.param("since")).collect();
    assert!(timed_out >= 5, "the window has ten pages and more: {timed_out} timeouts");
    assert_eq!(starts.len(), timed_out + 1, "each timeout read on from a new start: {starts:#?}");
}

/// Ctrl-C during a hunt's read: exit 130, stdout untouched, and stderr says how far it got.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_a_hunt_and_says_what_it_read() {
    let faults = Faults { latency_ms: 1000, ..Faults::default() };
    let sim = start(SimConfig { faults, ..history() }).await;
    let home = Home::new();
    let mut cmd = command(&home, &["hunt", "--since", "24h", "--format", "json"], &ssws_env(&sim));
    cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id().unwrap()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let out =
        tokio::time::timeout(std::time::Duration::from_secs(20), child.wait_with_output()).await.unwrap().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(out.stdout.is_empty(), "no report: {}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr.contains("interrupted: ") && stderr.contains(" events in "), "{stderr}");
    assert!(stderr.contains("nothing was judged"), "{stderr}");
}
