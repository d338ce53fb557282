//! A hunt's checkpoint (issue 15, item 4): a hunt killed half-way resumes where it stopped and
//! finds what an uninterrupted run finds; new `[detections]` thresholds are judged from the
//! checkpoint without a single `/api/v1/logs` request; `--refresh` reads the window again.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use oktui::sim::{Faults, SimConfig, SimServer};
use serde_json::Value;

use crate::common::start;
use crate::run::{command, oktui, ssws_env, Home, Run};

/// A still org of several pages of hunted events, each page answered after 100 ms, so a
/// hunt can be stopped half-way.
fn six_hours() -> SimConfig {
    SimConfig {
        users: 60,
        log_backfill_secs: 6 * 3600,
        log_events_per_minute: 15.0,
        live_log: false,
        faults: Faults { latency_ms: 100, ..Faults::default() },
        ..SimConfig::default()
    }
}

/// The `/api/v1/logs` requests the sim has answered since it was last cleared.
fn log_requests(sim: &SimServer) -> Vec<oktui::sim::requests::RecordedRequest> {
    sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect()
}

fn findings(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {}", run.stdout));
    report["findings"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hunt_killed_half_way_resumes_and_new_thresholds_are_judged_without_reading_the_log() {
    let sim = start(six_hours()).await;
    let env = ssws_env(&sim);
    let now = Utc::now();
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (since, until) = (stamp(now - chrono::Duration::hours(7)), stamp(now));
    let hunt = ["hunt", "--since", since.as_str(), "--until", until.as_str(), "--format", "json"];

    sim.state().requests.clear();
    let whole = oktui(&Home::new(), &hunt, &env).await;
    let expected = findings(&whole);
    let pages = log_requests(&sim).len();
    assert!(pages >= 4, "the window takes several pages: {pages}");
    assert!(expected.as_array().is_some_and(|f| !f.is_empty()), "the seeded attacks are found");

    // Killed (as a crash would) once half the pages were answered.
    let home = Home::new();
    sim.state().requests.clear();
    let mut child = command(&home, &hunt, &env).kill_on_drop(true).spawn().unwrap();
    let half = tokio::time::timeout(Duration::from_secs(60), async {
        while log_requests(&sim).len() < pages / 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    half.await.expect("the hunt reads half its pages");
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    assert!(log_requests(&sim).len() < pages, "killed before the end");

    sim.state().requests.clear();
    let resumed = oktui(&home, &hunt, &env).await;
    assert_eq!(findings(&resumed), expected, "the resumed hunt finds what an uninterrupted one does");
    assert!(resumed.stderr.contains("resumed the hunt from its checkpoint"), "{}", resumed.stderr);
    let again = log_requests(&sim);
    assert!(again.len() < pages, "it read on from where it stopped: {} of {pages} pages", again.len());
    let first = again.first().and_then(|r| r.param("since")).unwrap_or_default();
    assert!(first.as_str() > since.as_str(), "from the checkpoint's boundary, not the window's start: {first}");

    // New thresholds: judged from the checkpoint, as a fresh hunt with them judges.
    let detections = "[detections]\nbrute_force_min_failures = 50\nspray_min_users = 50\nmfa_fatigue_min_pushes = 50\n";
    let config = home.file("config.toml", detections, 0o600);
    let with_config = [&hunt[..], &["--config", config.to_str().unwrap()]].concat();
    sim.state().requests.clear();
    let rejudged = oktui(&home, &with_config, &env).await;
    let rejudged_findings = findings(&rejudged);
    assert_eq!(log_requests(&sim), vec![], "re-judging sends no /api/v1/logs request");
    assert!(rejudged.stderr.contains("judged again from the hunt's checkpoint"), "{}", rejudged.stderr);
    assert_ne!(rejudged_findings, expected, "the thresholds changed the findings");
    let fresh = Home::new();
    let config = fresh.file("config.toml", detections, 0o600);
    let fresh_args = [&hunt[..], &["--config", config.to_str().unwrap()]].concat();
    assert_eq!(findings(&oktui(&fresh, &fresh_args, &env).await), rejudged_findings);

    // --refresh reads the window again.
    sim.state().requests.clear();
    let refreshed = oktui(&home, &[&hunt[..], &["--refresh"]].concat(), &env).await;
    assert_eq!(findings(&refreshed), expected);
    assert_eq!(log_requests(&sim).len(), pages, "--refresh reads every page again");
}
