//! What the headless commands print when the org's data is hostile: every CSV cell a
//! spreadsheet would run as a formula is defused, no control, escape or bidi character
//! reaches stdout in any format, JSON keeps the data exactly, and a reader that stops
//! reading is a normal end.

use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use oktui::sim::{SimConfig, SimServer};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::{get, small_config, ssws, start};
use crate::run::{command, oktui, ssws_env, Home};

/// A first name that becomes a formula when a spreadsheet opens the CSV.
const FORMULA_NAME: &str = "=HYPERLINK(\"https://evil.example\",\"open\")";
/// A group name: a DDE payload.
const FORMULA_GROUP: &str = "+cmd|' /C calc'!A0";
/// A group description.
const FORMULA_DESCRIPTION: &str = "-2+3+cmd|' /C calc'!A0";
/// An app label.
const FORMULA_APP: &str = "@SUM(1+1)*cmd|' /C calc'!A0";
/// A policy name.
const FORMULA_POLICY: &str = "=1+1";
/// An event's actor.
const FORMULA_ACTOR: &str = "=HYPERLINK(\"https://evil.example/actor\")";
/// A name with a CSI in its 8-bit form, an OSC title, an RLO and a zero-width space.
const HOSTILE_NAME: &str = "Mallory\u{9b}31m\u{9d}0;pwned\u{9c}\u{202e}evil\u{200b}\u{2066}x\u{7f}";

/// A still org whose directory carries formulas and hostile text: the first ACTIVE user (the
/// API token's owner aside) is named [`FORMULA_NAME`] (first and display name) and has no
/// factor (an MFA gap), the second is named [`HOSTILE_NAME`]; an Okta group, the first app
/// and a sign-on policy carry formulas too.
async fn hostile_org() -> (SimServer, String, String) {
    let sim = start(SimConfig { log_backfill_secs: 600, ..small_config(30) }).await;
    let (formula_login, hostile_login) = {
        let mut org = sim.state().org_mut();
        let owner = org.api_token_owner_id.clone();
        let mut active = org.users.iter_mut().filter(|u| u.status == "ACTIVE" && u.id != owner);
        let first = active.next().expect("an active user");
        first.profile.first_name = FORMULA_NAME.to_string();
        first.profile.display_name = FORMULA_NAME.to_string();
        first.factors.clear();
        let formula_login = first.profile.login.clone();
        let second = active.next().expect("a second active user");
        second.profile.first_name = HOSTILE_NAME.to_string();
        second.profile.display_name = HOSTILE_NAME.to_string();
        let hostile_login = second.profile.login.clone();
        let group = org.groups.iter_mut().find(|g| g.group_type == "OKTA_GROUP").expect("an Okta group");
        group.name = FORMULA_GROUP.to_string();
        group.description = FORMULA_DESCRIPTION.to_string();
        org.apps[0].label = FORMULA_APP.to_string();
        let policy = org.policies.iter_mut().find(|p| p.policy_type == "OKTA_SIGN_ON").expect("a sign-on policy");
        policy.name = FORMULA_POLICY.to_string();
        (formula_login, hostile_login)
    };
    (sim, formula_login, hostile_login)
}

/// Appends to the org's System Log a copy of one of its events, published now, whose actor is
/// `actor` and whose display name is [`HOSTILE_NAME`]; returns its uuid.
async fn append_event(sim: &SimServer, actor: &str) -> String {
    let (status, _, page) = get(&format!("{}/api/v1/logs?limit=1", sim.url()), &ssws(sim)).await;
    assert_eq!(status, 200, "{page}");
    let mut event = page[0].clone();
    let uuid = format!("hostile-{}", Utc::now().timestamp_nanos_opt().unwrap());
    event["uuid"] = Value::String(uuid.clone());
    event["published"] = Value::String(Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true));
    event["actor"]["alternateId"] = Value::String(actor.to_string());
    event["actor"]["displayName"] = Value::String(HOSTILE_NAME.to_string());
    event["displayMessage"] = Value::String(HOSTILE_NAME.to_string());
    sim.state().logs.append(vec![event], Utc::now());
    uuid
}

/// Asserts `text` is CSV in which no cell would run as a formula and none holds a control
/// or bidi character, and that the cell `defused` (a hostile value) is there, defused.
fn assert_defused(what: &str, text: &str, defused: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut found = false;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{what}: not CSV ({e}): {text}"));
        for cell in &record {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{what}: a live formula {cell:?} in:\n{text}");
            assert!(cell.chars().all(oktui::sanitize::is_plain), "{what}: a control character in {cell:?}");
            found |= cell.starts_with(&format!("'{defused}"));
        }
    }
    assert!(found, "{what}: the hostile value {defused:?} is not in the output:\n{text}");
}

/// Asserts nothing on `stdout` is a control, escape or bidi character, line breaks aside.
fn assert_plain(what: &str, stdout: &str) {
    let raw: Vec<char> = stdout.chars().filter(|c| *c != '\n' && !oktui::sanitize::is_plain(*c)).collect();
    assert!(raw.is_empty(), "{what}: raw characters {raw:?} reached stdout");
}

#[tokio::test]
async fn every_csv_defuses_formulas() {
    let (sim, formula_login, _) = hostile_org().await;
    append_event(&sim, FORMULA_ACTOR).await;
    let env = ssws_env(&sim);
    let home = Home::new();
    let name = format!("{FORMULA_NAME} ");
    for (args, defused) in [
        (vec!["users"], name.as_str()),
        (vec!["user", &formula_login], name.as_str()),
        (vec!["groups"], FORMULA_GROUP),
        (vec!["groups"], FORMULA_DESCRIPTION),
        (vec!["apps"], FORMULA_APP),
        (vec!["policies", "--type", "OKTA_SIGN_ON"], FORMULA_POLICY),
        (vec!["logs", "--since", "2h"], FORMULA_ACTOR),
        (vec!["mfa-gaps"], FORMULA_NAME),
    ] {
        let mut args = args.clone();
        args.extend(["--format", "csv"]);
        let run = oktui(&home, &args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_defused(&args.join(" "), &run.stdout, defused);
    }
    let reason = "=HYPERLINK(\"https://evil.example/reason\")";
    let run = oktui(&home, &["suspend", &formula_login, "--reason", reason, "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = oktui(&home, &["audit", "--format", "csv"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_defused("audit", &run.stdout, reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_followed_csv_defuses_formulas() {
    let (sim, _, _) = hostile_org().await;
    let home = Home::new();
    let mut cmd = command(&home, &["logs", "--follow", "--since", "1m", "--format", "csv"], &ssws_env(&sim));
    cmd.stdout(Stdio::piped()).stderr(Stdio::null()).kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let header = lines.next_line().await.unwrap().expect("a header row");
    append_event(&sim, FORMULA_ACTOR).await;
    let mut text = format!("{header}\n");
    let start = Instant::now();
    while !text.contains("evil.example/actor") && start.elapsed() < Duration::from_secs(60) {
        match tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await {
            Ok(Ok(Some(line))) => text.push_str(&format!("{line}\n")),
            _ => break,
        }
    }
    child.kill().await.unwrap();
    assert_defused("logs --follow --format csv", &text, FORMULA_ACTOR);
}

/// Every user object of a `--format json` array or `jsonl` lines.
fn users_of(stdout: &str, jsonl: bool) -> Vec<Value> {
    if jsonl {
        stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
    } else {
        serde_json::from_str(stdout).expect("one JSON array")
    }
}

fn first_name_of(users: &[Value], login: &str) -> String {
    let user = users.iter().find(|u| u["profile"]["login"] == login).expect("the hostile user is listed");
    user["profile"]["firstName"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn json_escapes_c1_and_bidi_characters_and_keeps_the_data() {
    let (sim, _, hostile_login) = hostile_org().await;
    let uuid = append_event(&sim, "mallory@evil.example").await;
    let env = ssws_env(&sim);
    let home = Home::new();
    for format in ["json", "jsonl"] {
        let run = oktui(&home, &["users", "--format", format], &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_plain(&format!("users --format {format}"), &run.stdout);
        assert!(run.stdout.contains("\\u009b") && run.stdout.contains("\\u202e"), "escaped: {}", run.stdout);
        assert_eq!(first_name_of(&users_of(&run.stdout, format == "jsonl"), &hostile_login), HOSTILE_NAME);

        let run = oktui(&home, &["user", &hostile_login, "--format", format], &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_plain(&format!("user --format {format}"), &run.stdout);
        let whole: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(whole["user"]["profile"]["firstName"], HOSTILE_NAME);

        let run = oktui(&home, &["logs", "--since", "2h", "--format", format], &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_plain(&format!("logs --format {format}"), &run.stdout);
        let events = users_of(&run.stdout, format == "jsonl");
        let event = events.iter().find(|e| e["uuid"] == uuid.as_str()).expect("the hostile event");
        assert_eq!(event["actor"]["displayName"], HOSTILE_NAME);
        assert_eq!(event["displayMessage"], HOSTILE_NAME);
    }
    for args in [vec!["investigate", &hostile_login, "--format", "json"], vec!["hunt", "--format", "json"]] {
        let run = oktui(&home, &args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_plain(&args.join(" "), &run.stdout);
        serde_json::from_str::<Value>(&run.stdout).expect("valid JSON");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_followed_jsonl_escapes_c1_and_bidi_characters() {
    let (sim, _, _) = hostile_org().await;
    let home = Home::new();
    let mut cmd = command(&home, &["logs", "--follow", "--since", "1m", "--format", "jsonl"], &ssws_env(&sim));
    cmd.stdout(Stdio::piped()).stderr(Stdio::null()).kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let uuid = append_event(&sim, "mallory@evil.example").await;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let start = Instant::now();
    let line = loop {
        assert!(start.elapsed() < Duration::from_secs(60), "the hostile event never came");
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await.unwrap().unwrap().unwrap();
        if line.contains(&uuid) {
            break line;
        }
    };
    child.kill().await.unwrap();
    assert_plain("logs --follow --format jsonl", &line);
    let event: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["actor"]["displayName"], HOSTILE_NAME);
}

#[tokio::test]
async fn tables_show_hostile_text_cleaned() {
    let (sim, _, hostile_login) = hostile_org().await;
    let env = ssws_env(&sim);
    let home = Home::new();
    for args in [vec!["users"], vec!["user", &hostile_login]] {
        let run = oktui(&home, &args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_plain(&args.join(" "), &run.stdout);
        assert!(run.stdout.contains("Malloryevilx"), "{}", run.stdout);
    }
}

/// Runs `oktui args…` with stdout a pipe whose reader goes away after the first line.
async fn read_one_line_then_close(home: &Home, args: &[&str], env: &[(&str, String)]) -> (i32, String) {
    let mut cmd = command(home, args, env);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await.unwrap().unwrap();
    assert!(first.is_some(), "{args:?} printed nothing");
    drop(lines);
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output()).await.unwrap().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_goes_away_is_a_normal_end_in_every_format() {
    let sim = start(SimConfig { log_backfill_secs: 3600, log_events_per_minute: 60.0, ..small_config(1500) }).await;
    let env = ssws_env(&sim);
    let home = Home::new();
    for format in ["table", "json", "jsonl", "csv"] {
        for command in [vec!["users"], vec!["logs", "--since", "2h"]] {
            let mut args = command.clone();
            args.extend(["--format", format]);
            let (code, stderr) = read_one_line_then_close(&home, &args, &env).await;
            assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
        }
    }
    for format in ["table", "jsonl", "csv"] {
        let args = ["logs", "--follow", "--since", "2h", "--format", format];
        let (code, stderr) = read_one_line_then_close(&home, &args, &env).await;
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    }
}
