//! A hunt at a real org's scale (issue 15, acceptance 2): a simulated org holding more than
//! a million events in the window (its bulk history, made as it is asked for), with the logs
//! bucket at 120 requests per 10 s. Every seeded attack is found, every event the hunt asks
//! for is read (the window is not cut), and the hunt runs within 1.15× the bucket's floor
//! (pages ÷ limit × window): the client keeps up with 12 pages a second.

use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use oktui::sim::{RateLimitConfig, SimConfig};
use serde_json::Value;

use crate::common::start;
use crate::run::{command, ssws_env, Home, Run};
use crate::seeded::assert_every_seeded_attack_found;

const LIMIT: u32 = 120;
const WINDOW: Duration = Duration::from_secs(10);
const BULK: u64 = 1_050_000;

fn a_million_events() -> SimConfig {
    SimConfig {
        users: 200,
        log_backfill_secs: 7 * 3600,
        log_events_per_minute: 2.0,
        bulk_log_events: BULK,
        live_log: false,
        rate_limits: RateLimitConfig {
            window_secs: WINDOW.as_secs(),
            overrides: vec![("logs".into(), LIMIT)],
            ..RateLimitConfig::default()
        },
        ..SimConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hunt_of_a_million_events_finds_every_attack_at_the_floor_of_the_logs_bucket() {
    let sim = start(a_million_events()).await;
    let now = oktui::sim::logs::store::from_millis(Utc::now().timestamp_millis());
    let (since, until) = (now - chrono::Duration::hours(8), now);
    let logs = &sim.state().logs;
    assert!(logs.count_published_between(since, until) > 1_000_000, "the org holds a million events in the window");
    let filter = oktui::sim::scim::parse(&oktui::investigate::signals::hunt_filter()).unwrap();
    let asked_for = logs.count_matching_between(since, until, &filter);
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (since_arg, until_arg) = (stamp(since), stamp(until));
    sim.state().requests.clear();

    let started = Instant::now();
    let args = ["hunt", "--since", since_arg.as_str(), "--until", until_arg.as_str(), "--format", "json"];
    let home = Home::new();
    let child = command(&home, &args, &ssws_env(&sim)).kill_on_drop(true).output();
    let mut child = std::pin::pin!(child);
    let out = loop {
        tokio::select! {
            out = &mut child => break out.unwrap(),
            () = tokio::time::sleep(Duration::from_secs(10)) => {
                let n = sim.state().requests.all().iter().filter(|r| r.path() == "/api/v1/logs").count();
                eprintln!("{:?}: {n} pages", started.elapsed());
            }
        }
    };
    let took = started.elapsed();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files: String::new(),
    };
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("memory budget"), "the window is not cut: {}", run.stderr);

    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let time = |v: &Value| v.as_str().and_then(|t| t.parse::<chrono::DateTime<Utc>>().ok());
    let window = (time(&report["window"]["since"]), time(&report["window"]["until"]));
    assert_eq!(window, (Some(since), Some(until)), "the window asked for, whole");
    let requests: Vec<_> = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect();
    assert!(requests.iter().all(|r| r.status == 200), "no request the bucket could not take");
    let pages = requests.len();
    assert_eq!(pages, asked_for.div_ceil(1000), "every page of the {asked_for} events asked for was read, once");

    let findings = report["findings"].as_array().unwrap();
    assert_every_seeded_attack_found(findings);

    let floor = WINDOW.mul_f64(pages as f64 / f64::from(LIMIT));
    let ratio = took.as_secs_f64() / floor.as_secs_f64();
    println!("hunt of {asked_for} events ({pages} pages): took {took:?}, floor {floor:?}, ratio {ratio:.3}");
    assert!(ratio <= 1.15, "the hunt took {took:?}, the floor is {floor:?}");
}
