//! `oktui logs --follow` as on-call engineers and scripts run it: a busy org that answers
//! 10% of requests with 429, 5% with a 5xx and drops 2% of connections, tailed for a minute;
//! every event the org recorded comes out exactly once. Ctrl-C and a closed pipe end it
//! cleanly; `--resume` goes on where the last run stopped; an invalid filter is refused with
//! Okta's error.

use std::collections::HashSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use oktui::sim::{Faults, SimConfig, SimServer};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

use crate::common::start;
use crate::run::{command, oktui, ssws_env, Home};

/// A busy org: 50 events/s on top of a minute of history.
fn busy(faults: Faults) -> SimConfig {
    SimConfig { users: 200, log_backfill_secs: 60, log_events_per_minute: 3000.0, faults, ..SimConfig::default() }
}

/// `oktui logs --follow …` running, its stdout lines arriving on a channel.
struct Follow {
    child: tokio::process::Child,
    lines: mpsc::UnboundedReceiver<String>,
}

impl Follow {
    fn start(sim: &SimServer, extra: &[&str], home: &Home) -> Follow {
        let mut args = vec!["logs", "--follow"];
        args.extend_from_slice(extra);
        let mut cmd = command(home, &args, &ssws_env(sim));
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Follow { child, lines }
    }

    /// Every line so far.
    fn drain(&mut self, into: &mut Vec<String>) {
        while let Ok(line) = self.lines.try_recv() {
            into.push(line);
        }
    }

    /// Ctrl-C; the lines still on their way join `into`; returns the exit code and stderr.
    async fn interrupt(mut self, into: &mut Vec<String>) -> (i32, String) {
        let pid = self.child.id().unwrap().to_string();
        std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let out = tokio::time::timeout(Duration::from_secs(20), self.child.wait_with_output()).await.unwrap().unwrap();
        while let Some(line) = self.lines.recv().await {
            into.push(line);
        }
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn uuid_of(line: &str) -> String {
    let v: Value = serde_json::from_str(line).expect("--format jsonl prints one JSON object per line");
    v["uuid"].as_str().expect("every event has its uuid").to_string()
}

fn rfc3339(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Waits until `lines` holds `n` lines, or `limit` passes.
async fn wait_for(follow: &mut Follow, lines: &mut Vec<String>, n: usize, limit: Duration) {
    let start = Instant::now();
    while lines.len() < n && start.elapsed() < limit {
        tokio::time::sleep(Duration::from_millis(200)).await;
        follow.drain(lines);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_minute_of_a_busy_faulty_org_comes_out_exactly_once() {
    let faults = Faults { rate_429: 0.10, rate_5xx: 0.05, rate_drop: 0.02, ..Faults::default() };
    let sim = start(busy(faults)).await;
    let since = Utc::now() - chrono::Duration::seconds(20);
    let home = Home::new();
    // A one-second poll makes some 60 log requests, so the faults are certain to hit some.
    let args = ["--since", &rfc3339(since), "--format", "jsonl", "--poll-interval", "1"];
    let mut follow = Follow::start(&sim, &args, &home);
    let mut lines = Vec::new();
    let traffic = Instant::now();
    while traffic.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        follow.drain(&mut lines);
    }
    sim.pause_live_log(true);
    let expected = sim.state().logs.uuids_persisted_since(since);
    assert!(expected.len() > 2500, "the org generated {} events in a minute", expected.len());
    wait_for(&mut follow, &mut lines, expected.len(), Duration::from_secs(60)).await;
    let (code, stderr) = follow.interrupt(&mut lines).await;
    assert_eq!(code, 0, "Ctrl-C ends the tail cleanly: {stderr}");
    let got: Vec<String> = lines.iter().map(|l| uuid_of(l)).collect();
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "an event came out twice");
    let expected: HashSet<&String> = expected.iter().collect();
    let missing = expected.difference(&unique).count();
    let extra = unique.difference(&expected).count();
    assert_eq!((missing, extra), (0, 0), "{} events expected, {} printed", expected.len(), got.len());
    let requests = sim.state().requests.all();
    let polls: Vec<_> = requests.iter().filter(|r| r.path() == "/api/v1/logs").collect();
    let faulted = polls.iter().filter(|r| r.status >= 429).count();
    assert!(faulted > 0, "the faults were on: {} log requests, none faulted", polls.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_pipe_ends_the_tail_quietly() {
    let sim = start(busy(Faults::default())).await;
    let home = Home::new();
    let mut follow = Follow::start(&sim, &["--since", "1m", "--format", "jsonl"], &home);
    let mut lines = Vec::new();
    wait_for(&mut follow, &mut lines, 5, Duration::from_secs(30)).await;
    assert!(lines.len() >= 5);
    drop(follow.lines);
    let out = tokio::time::timeout(Duration::from_secs(30), follow.child.wait_with_output()).await.unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_goes_on_where_the_last_run_stopped() {
    let sim = start(SimConfig { users: 50, log_events_per_minute: 600.0, ..busy(Faults::default()) }).await;
    let home = Home::new();
    let since = rfc3339(Utc::now() - chrono::Duration::seconds(30));
    let args = ["--since", since.as_str(), "--format", "jsonl", "--resume", "--poll-interval", "1"];
    let mut first = Follow::start(&sim, &args, &home);
    let mut lines = Vec::new();
    wait_for(&mut first, &mut lines, 30, Duration::from_secs(30)).await;
    let (code, _) = first.interrupt(&mut lines).await;
    assert_eq!(code, 0);
    let stopped_at = lines.len();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut second = Follow::start(&sim, &args, &home);
    wait_for(&mut second, &mut lines, stopped_at + 10, Duration::from_secs(30)).await;
    let (code, _) = second.interrupt(&mut lines).await;
    assert_eq!(code, 0);
    sim.pause_live_log(true);
    let got: Vec<String> = lines.iter().map(|l| uuid_of(l)).collect();
    let since = chrono::DateTime::parse_from_rfc3339(&since).unwrap().with_timezone(&Utc);
    let expected = sim.state().logs.uuids_persisted_since(since);
    assert!(got.len() > stopped_at && expected.len() >= got.len());
    assert_eq!(got, expected[..got.len()], "the second run goes on right after the first: no gap, no repeat");
}

#[tokio::test]
async fn an_invalid_filter_is_refused_with_oktas_error() {
    let sim = start(SimConfig { live_log: false, ..busy(Faults::default()) }).await;
    let home = Home::new();
    let run =
        oktui(&home, &["logs", "--follow", "--filter", "eventType eqq \"x\"", "--format", "jsonl"], &ssws_env(&sim))
            .await;
    run.fails_with(&["Okta refused the tail's query", "400 E0000053", "filter"]);
    let json = oktui(&home, &["logs", "--follow", "--format", "json"], &ssws_env(&sim)).await;
    assert_ne!(json.code, 0);
    assert!(json.stderr.contains("jsonl"), "{}", json.stderr);
}
