//! `users`, `user`, `groups`, `apps` and `policies` of the hostile org, in every format.

use oktui::sim::SimServer;
use serde_json::Value;

use crate::check::Findings;
use crate::common::{hostile_config, start};
use crate::run::{oktui_async, ssws_env};
use crate::{check, truth, FORMATS, LIMIT, USERS, WIDTH};

/// Runs `command` in every format and checks each against `want` (matched by `id`).
async fn every_format(sim: &SimServer, command: &[&str], want: &[Value]) {
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for format in FORMATS {
        let mut args = command.to_vec();
        args.extend(["--format", format]);
        let run = oktui_async(home.path(), &args, &ssws_env(sim), LIMIT).await;
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        match format {
            "table" => findings.check(|| check::table(what, &run.stdout, want.len(), WIDTH)),
            "json" => {
                findings.check(|| check::plain(what, &run.stdout));
                findings.check(|| {
                    let got = check::json(what, &run.stdout);
                    truth::same(what, got.as_array().expect("a JSON array"), want, "id");
                });
            }
            "jsonl" => {
                findings.check(|| check::plain(what, &run.stdout));
                findings.check(|| truth::same(what, &check::jsonl(what, &run.stdout), want, "id"));
            }
            _ => {
                findings.check(|| check::plain(what, &run.stdout));
                findings.check(|| {
                    let records = check::csv(what, &run.stdout);
                    assert_eq!(records.len(), want.len() + 1, "{what}: a header and a record per object");
                });
            }
        }
    }
    findings.done();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = truth::list(&sim, "/api/v1/users?limit=200").await;
    every_format(&sim, &["users"], &want).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = truth::list(&sim, "/api/v1/groups?limit=200").await;
    every_format(&sim, &["groups"], &want).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apps_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = truth::list(&sim, "/api/v1/apps?limit=200").await;
    every_format(&sim, &["apps"], &want).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policies_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let want = truth::policies(&sim).await;
    every_format(&sim, &["policies"], &want).await;
}

/// A user with a 10 KB name and a hostile login, with factors, groups and app links.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_user_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let (id, login) = {
        let org = sim.state().org();
        let hostile_login = |login: &str| login.starts_with(['=', '+', '-']) || login.chars().any(check::is_hidden);
        let user = org
            .users
            .iter()
            .find(|u| hostile_login(&u.profile.login) && u.profile.display_name.len() > 10_000)
            .expect("the hostile org has a user with a hostile login and a 10 KB name");
        (user.id.clone(), user.profile.login.clone())
    };
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    let part = |name: &str| format!("/api/v1/users/{id}/{name}");
    let url = format!("{}/api/v1/users/{id}", sim.url());
    let (_, _, user) = crate::common::get(&url, &crate::common::ssws(&sim)).await;
    let mut parts = Vec::new();
    for name in ["factors", "groups", "roles", "appLinks"] {
        parts.push((name, truth::list(&sim, &part(name)).await));
    }
    for format in FORMATS {
        let run = oktui_async(home.path(), &["user", &login, "--format", format], &ssws_env(&sim), LIMIT).await;
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        findings.check(|| check::plain(what, &run.stdout));
        match format {
            "table" => {}
            "json" | "jsonl" => findings.check(|| {
                let got = if format == "json" {
                    check::json(what, &run.stdout)
                } else {
                    let mut lines = check::jsonl(what, &run.stdout);
                    assert_eq!(lines.len(), 1, "{what}: one object");
                    lines.remove(0)
                };
                assert_eq!(got["user"], user, "{what}: the user as the org sent it");
                for (name, want) in &parts {
                    let got = got[*name].as_array().unwrap_or_else(|| panic!("{what}: {name} is a list"));
                    truth::same(&format!("{what}: {name}"), got, want, "id");
                }
            }),
            _ => findings.check(|| {
                check::csv(what, &run.stdout);
            }),
        }
    }
    findings.done();
}
