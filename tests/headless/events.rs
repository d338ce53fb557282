//! `oktui hunt --events FILE` and `oktui investigate USER --events FILE`: offline analysis of
//! an exported System Log, with no org configured. Every published sample is read whole; an
//! export of the simulated org's day finds what the live commands find over the same window;
//! a JSON array and JSON Lines give the same; a malformed line is counted, not fatal.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use oktui::sim::SimConfig;
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home, Run};
use crate::seeded::{assert_every_seeded_attack_found, strings};

pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

/// The files of events under `../shared/okta-samples` and `../shared/okta-heldout`, sorted.
pub fn sample_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if ["json", "jsonl", "ndjson", "log"].iter().any(|ext| path.extension().is_some_and(|e| e == *ext)) {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    for dir in ["okta-samples", "okta-heldout"] {
        walk(&Path::new(SHARED).join(dir), &mut found);
    }
    found.sort();
    found
}

/// How many events a sample file holds, counted as its publisher laid it out: a line each
/// in JSON Lines, else the items of an array, the events of a hook's delivery, or one.
pub fn events_in(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    if let Ok(document) = serde_json::from_str::<Value>(&text) {
        return match &document {
            Value::Array(items) => items.len(),
            _ => document.pointer("/data/events").and_then(Value::as_array).map_or(1, Vec::len),
        };
    }
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// Runs oktui with no Okta variable, no config file and no profile at all.
async fn offline(home: &Home, args: &[&str]) -> Run {
    oktui(home, args, &[]).await
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", run.stdout))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hunt_reads_every_event_of_every_published_sample_offline() {
    let files = sample_files();
    assert!(files.len() >= 19, "the samples are there: {files:?}");
    let home = Home::new();
    for file in &files {
        let path = file.to_str().unwrap();
        let run = offline(&home, &["hunt", "--events", path]).await;
        assert_eq!(run.code, 0, "{path}: {}", run.stderr);
        let n = events_in(file);
        let events = if n == 1 { "1 event".to_string() } else { format!("{n} events") };
        assert!(run.stderr.contains(&format!("note: read {events} from {path}")), "{path}: {}", run.stderr);
        assert!(run.stdout.contains(&format!(": {events} read.")), "{path}: every event judged: {}", run.stdout);
        assert!(!run.stderr.contains("skipped"), "{path}: nothing is malformed: {}", run.stderr);
    }
}

/// A still org with eight hours of history, every seeded attack in it.
fn day_of_history() -> SimConfig {
    SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }
}

/// What the tests compare of a finding: its kind, users and IPs.
fn essence(report: &Value) -> BTreeSet<(String, BTreeSet<String>, BTreeSet<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap().to_string(), strings(f, "users"), strings(f, "ips")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_of_the_orgs_day_finds_what_the_live_hunt_and_investigation_find() {
    let sim = start(day_of_history()).await;
    let now = Utc::now();
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (since, until) = (stamp(now - chrono::Duration::hours(24)), stamp(now + chrono::Duration::minutes(1)));
    let window = ["--since", since.as_str(), "--until", until.as_str()];
    let (home, env) = (Home::new(), ssws_env(&sim));
    let export = oktui(&home, &[&["logs", "--format", "jsonl"][..], &window].concat(), &env).await;
    assert_eq!(export.code, 0, "{}", export.stderr);
    let lines = export.stdout.lines().count();
    assert!(lines > 1000, "a day of events: {lines}");
    let file = home.file("day.jsonl", &export.stdout, 0o600);
    let file = file.to_str().unwrap();

    let hunt = json(&oktui(&home, &[&["hunt", "--format", "json"][..], &window].concat(), &env).await);
    let offline_hunt =
        offline(&Home::new(), &[&["hunt", "--events", file, "--format", "json"][..], &window].concat()).await;
    assert!(offline_hunt.stderr.contains(&format!("read {lines} events")), "{}", offline_hunt.stderr);
    let offline_hunt = json(&offline_hunt);
    assert_every_seeded_attack_found(offline_hunt["findings"].as_array().unwrap());
    assert_eq!(essence(&offline_hunt), essence(&hunt), "the same findings as the live hunt");
    // Without --since/--until the window is the file's span: the same findings.
    let whole = offline(&Home::new(), &["hunt", "--events", file, "--format", "json"]).await;
    assert!(whole.stderr.contains("note: the window is the file's whole span"), "{}", whole.stderr);
    assert_eq!(essence(&json(&whole)), essence(&hunt));

    // --since/--until bound the window: the events outside it are skipped.
    let published: Vec<chrono::DateTime<Utc>> = export
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["published"].as_str().unwrap().parse().unwrap())
        .collect();
    let middle = published[published.len() / 2];
    let later = published.iter().filter(|t| **t >= middle).count();
    let from_middle = stamp(middle);
    let half = offline(&Home::new(), &["hunt", "--events", file, "--since", &from_middle]).await;
    assert_eq!(half.code, 0, "{}", half.stderr);
    assert!(half.stdout.contains(&format!(": {later} events read.")), "{later} of {lines}: {}", half.stdout);

    for who in ["priya.raman@acme.example", "marcus.oyelaran@acme.example"] {
        let args = [&["investigate", who, "--format", "json"][..], &window].concat();
        let live_case = json(&oktui(&home, &args, &env).await);
        let args = [&["investigate", who, "--events", file, "--format", "json"][..], &window].concat();
        let file_case = json(&offline(&Home::new(), &args).await);
        assert!(!live_case["findings"].as_array().unwrap().is_empty(), "{who} was attacked: {live_case}");
        assert_eq!(essence(&file_case), essence(&live_case), "{who}: the same findings");
        assert_eq!(file_case["summary"], live_case["summary"], "{who}: the same numbers");
        assert_eq!(file_case["user"]["id"], live_case["user"]["id"]);
        assert_eq!(file_case["user"]["login"], who);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_array_and_json_lines_give_the_same_and_a_malformed_line_is_counted() {
    let sample = Path::new(SHARED).join("okta-samples/panther-analysis/okta_rule_tests.ndjson");
    let text = std::fs::read_to_string(&sample).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let home = Home::new();
    let jsonl = home.file("events.jsonl", &text, 0o600);
    let array = home.file("events.json", &format!("[\n  {}\n]\n", lines.join(",\n  ")), 0o600);
    let mut broken = lines.clone();
    broken.insert(2, r#"{"uuid": "cut short", "published": "2022-03-22T14:21:53.225Z""#);
    broken.insert(7, "not json at all");
    let broken = home.file("broken.jsonl", &(broken.join("\n") + "\n"), 0o600);
    let mut runs = Vec::new();
    // An org named in the environment is not even read (this one would be refused).
    let org = [("OKTA_CLIENT_ORGURL", "http://not-an-okta-org.example".to_string())];
    for file in [jsonl, array, broken] {
        runs.push(oktui(&home, &["hunt", "--events", file.to_str().unwrap(), "--format", "json"], &org).await);
    }
    let [from_lines, from_array, from_broken] = <[Run; 3]>::try_from(runs).ok().unwrap();
    let n = lines.len();
    assert!(from_lines.stderr.contains(&format!("read {n} events")) && from_lines.stderr.contains("(JSON Lines)"));
    assert!(from_array.stderr.contains(&format!("read {n} events")) && from_array.stderr.contains("(JSON)"));
    let reference = json(&from_lines);
    assert!(!reference["findings"].as_array().unwrap().is_empty(), "{reference}");
    assert_eq!(json(&from_array), reference, "a JSON array gives what JSON Lines gives");
    assert!(
        from_broken.stderr.contains(&format!("read {n} events"))
            && from_broken.stderr.contains("skipped 2 lines that held no event (line 3, line 8)"),
        "the malformed lines are counted and named: {}",
        from_broken.stderr
    );
    assert_eq!(json(&from_broken), reference, "the lines around them are read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_file_or_stdin_is_a_usage_error_and_a_user_no_event_names_an_error() {
    let home = Home::new();
    let run = offline(&home, &["hunt", "--events", "/nonexistent/events.jsonl"]).await;
    run.fails_as_usage(&["cannot read the events file /nonexistent/events.jsonl"]);
    let run = offline(&home, &["hunt", "--events", "-"]).await;
    run.fails_as_usage(&["--events - (standard input) is not taken"]);
    let sample = Path::new(SHARED).join("okta-samples/panther-analysis/okta_test_scenarios.ndjson");
    let sample = sample.to_str().unwrap();
    let run = offline(&home, &["investigate", "nobody@acme.example", "--events", sample]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no event of the events file") && run.stderr.contains("nobody@acme.example"));
    let run = offline(&home, &["investigate", "someone", "--events", sample, "--case", "/tmp/x"]).await;
    assert_eq!(run.code, 2, "a case file needs an org: {}", run.stderr);
}
