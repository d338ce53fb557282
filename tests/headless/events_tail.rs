//! `oktui logs --events FILE [--follow]`: an exported log printed as `logs` prints Okta's,
//! and followed as a forwarder keeps appending to it, through the same tail seam as the org's
//! System Log: every published sample printed whole; appended lines each once, a line still
//! being written only once it is whole, a rotated file read again without repeats.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

use crate::events::{events_in, sample_files, SHARED};
use crate::run::{command, oktui, Home};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_prints_every_event_of_every_published_sample_offline() {
    let home = Home::new();
    let files = sample_files();
    assert!(files.len() >= 19, "the samples are there: {files:?}");
    for file in files {
        let run = oktui(&home, &["logs", "--events", file.to_str().unwrap(), "--format", "jsonl"], &[]).await;
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        let printed: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(printed.len(), events_in(&file), "{}: every event, once", file.display());
        assert!(printed.iter().all(Value::is_object), "{}", file.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_cannot_filter_or_resume_and_says_so() {
    let home = Home::new();
    let sample = format!("{SHARED}/okta-samples/panther-analysis/okta_rule_tests.ndjson");
    for extra in [&["--filter", "eventType eq \"user.session.start\""][..], &["--q", "x"], &["--follow", "--resume"]] {
        let mut args = vec!["logs", "--events", &sample];
        args.extend_from_slice(extra);
        let run = oktui(&home, &args, &[]).await;
        assert_eq!(run.code, 2, "{extra:?}: {}", run.stderr);
        assert!(run.stderr.contains("cannot be used with"), "{extra:?}: {}", run.stderr);
    }
}

/// The sample's events that have a uuid, oldest first, as JSON Lines.
fn dated_lines() -> Vec<String> {
    let text =
        std::fs::read_to_string(format!("{SHARED}/okta-samples/panther-analysis/okta_rule_tests.ndjson")).unwrap();
    let mut events: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["uuid"].is_string() && e["published"].is_string())
        .collect();
    events.sort_by(|a, b| a["published"].as_str().cmp(&b["published"].as_str()));
    let mut seen = std::collections::HashSet::new();
    events.retain(|e| seen.insert(e["uuid"].to_string()));
    events.iter().map(Value::to_string).collect()
}

fn append(path: &std::path::Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// Waits until `lines` holds `n` lines or `limit` passes.
async fn wait_for(rx: &mut mpsc::UnboundedReceiver<String>, lines: &mut Vec<String>, n: usize, limit: Duration) {
    let start = Instant::now();
    while lines.len() < n && start.elapsed() < limit {
        if let Ok(Some(line)) = tokio::time::timeout(Duration::from_millis(200), rx.recv()).await {
            lines.push(line);
        }
    }
}

fn uuids(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| serde_json::from_str::<Value>(l).unwrap()["uuid"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_prints_the_file_then_each_whole_line_appended_once_even_across_a_rotation() {
    let events = dated_lines();
    assert!(events.len() >= 8, "enough dated events: {}", events.len());
    let (first, rest) = events.split_at(events.len() / 2);
    let home = Home::new();
    let path = home.file("forwarded.jsonl", &(first.join("\n") + "\n"), 0o600);
    let args = ["logs", "--events", path.to_str().unwrap(), "--follow", "--format", "jsonl", "--poll-interval", "1"];
    let mut child = command(&home, &args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut reader = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut lines = Vec::new();
    wait_for(&mut rx, &mut lines, first.len(), Duration::from_secs(20)).await;
    assert_eq!(uuids(&lines), uuids(first), "the file as it was");

    // The next event arrives in two writes: nothing is printed of it until its line is whole.
    let (head, tail) = rest[0].split_at(rest[0].len() / 2);
    append(&path, head);
    wait_for(&mut rx, &mut lines, first.len() + 1, Duration::from_secs(3)).await;
    assert_eq!(lines.len(), first.len(), "half a line is not an event yet");
    append(&path, &format!("{tail}\n{}\n", rest[1..].join("\n")));
    wait_for(&mut rx, &mut lines, events.len(), Duration::from_secs(20)).await;
    assert_eq!(uuids(&lines), uuids(&events), "every appended event, in order");

    // A repeat is dropped; a rotation (the file written anew, shorter) repeats nothing.
    append(&path, &format!("{}\n", rest[0]));
    std::fs::write(&path, format!("{}\n", first[0])).unwrap();
    wait_for(&mut rx, &mut lines, events.len() + 1, Duration::from_secs(4)).await;
    assert_eq!(lines.len(), events.len(), "nothing is printed twice: {:?}", &lines[events.len()..]);

    let pid = child.id().unwrap().to_string();
    std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let out = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output()).await.unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_file_that_goes_away_ends_the_tail_with_an_error_naming_it() {
    let events = dated_lines();
    let home = Home::new();
    let path = home.file("gone.jsonl", &(events[..2].join("\n") + "\n"), 0o600);
    let args = ["logs", "--events", path.to_str().unwrap(), "--follow", "--format", "jsonl", "--poll-interval", "1"];
    let child = command(&home, &args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    std::fs::remove_file(&path).unwrap();
    let out = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output()).await.unwrap().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the tail stopped") && stderr.contains("gone.jsonl"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2, "what it held was printed");
}
