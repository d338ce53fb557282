//! `logs`, `logs --follow` and `audit` of the hostile org, in every format.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use oktui::sim::SimServer;
use serde_json::Value;

use crate::check::Findings;
use crate::common::{hostile_config, start};
use crate::run::{oktui_async, oktui_interrupted, ssws_env};
use crate::{check, truth, FORMATS, LIMIT, USERS, WIDTH};

/// The org's events of the last `hours`, as it serves them.
async fn events(sim: &SimServer, hours: i64) -> Vec<Value> {
    let now = Utc::now();
    let time = |t: chrono::DateTime<Utc>| oktui::okta::encode(&t.to_rfc3339_opts(SecondsFormat::Millis, true));
    let path =
        format!("/api/v1/logs?since={}&until={}&limit=1000", time(now - chrono::Duration::hours(hours)), time(now));
    let events = truth::list(sim, &path).await;
    assert!(events.len() > 500, "the hostile org has a history: {} events", events.len());
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = events(&sim, 2).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for format in FORMATS {
        let run =
            oktui_async(home.path(), &["logs", "--since", "2h", "--format", format], &ssws_env(&sim), LIMIT).await;
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        findings.check(|| check::plain(what, &run.stdout));
        findings.check(|| match format {
            "table" => check::table(what, &run.stdout, want.len(), WIDTH),
            "json" => truth::same(what, check::json(what, &run.stdout).as_array().expect("an array"), &want, "uuid"),
            "jsonl" => truth::same(what, &check::jsonl(what, &run.stdout), &want, "uuid"),
            _ => assert_eq!(check::csv(what, &run.stdout).len(), want.len() + 1, "{what}: a record per event"),
        });
    }
    findings.done();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_follow_in_every_streaming_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = events(&sim, 2).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    let args = |format| ["logs", "--follow", "--since", "2h", "--format", format];
    let formats = ["table", "jsonl", "csv"];
    // The three tails run side by side, each for its ten seconds.
    let env = ssws_env(&sim);
    let arg_sets = formats.map(args);
    let runs = arg_sets.iter().map(|args| oktui_interrupted(home.path(), args, &env, Duration::from_secs(10)));
    let runs = futures_util::future::join_all(runs).await;
    for (format, run) in formats.into_iter().zip(runs) {
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        findings.check(|| check::plain(what, &run.stdout));
        findings.check(|| match format {
            "table" => {
                let lines = run.text().lines().count();
                assert!(lines > want.len(), "{what}: a line per event ({} events), {lines} lines", want.len());
            }
            "jsonl" => truth::same(what, &check::jsonl(what, &run.stdout), &want, "uuid"),
            _ => assert_eq!(check::csv(what, &run.stdout).len(), want.len() + 1, "{what}: a record per event"),
        });
    }
    findings.done();
}

/// A user suspended headless (the journal keeps the hostile login and a formula for a
/// reason), then the journal in every format.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let login = {
        let org = sim.state().org();
        let user = org.users.iter().find(|u| u.status == "ACTIVE" && u.profile.login.starts_with(['=', '+', '-']));
        user.expect("an active user whose login is a formula").profile.login.clone()
    };
    let home = tempfile::tempdir().unwrap();
    let reason = "=HYPERLINK(\"https://evil.example/\",\"ok\") \u{1b}]0;PWNED\u{7}\u{202e}nosaer";
    let run = oktui_async(home.path(), &["suspend", &login, "--reason", reason, "--yes"], &ssws_env(&sim), LIMIT).await;
    check::ok(&run);
    check::plain(&run.what, &run.stdout);
    let mut findings = Findings::default();
    for format in FORMATS {
        let run = oktui_async(home.path(), &["audit", "--format", format], &[], LIMIT).await;
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        findings.check(|| check::plain(what, &run.stdout));
        findings.check(|| {
            let records = match format {
                "table" => return check::table(what, &run.stdout, 2, WIDTH),
                "json" => check::json(what, &run.stdout).as_array().expect("an array").clone(),
                "jsonl" => check::jsonl(what, &run.stdout),
                _ => {
                    let records = check::csv(what, &run.stdout);
                    return assert_eq!(records.len(), 3, "{what}: a header, the intent and the outcome");
                }
            };
            assert_eq!(records.len(), 2, "{what}: the intent and the outcome");
            let logins: Vec<&Value> = records.iter().map(|r| &r["target_login"]).collect();
            assert!(logins.iter().all(|l| *l == login.as_str()), "{what}: the login as it is: {logins:?}");
        });
    }
    findings.done();
}
