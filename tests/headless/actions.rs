//! `oktui suspend | unsuspend | clear-sessions | audit` against simulated orgs, checked
//! against the sim's record of every request it answered: a refused action sends no change,
//! an approved one sends exactly one and is verified, and the audit journal holds an intent
//! and an outcome record with the same id.

use std::time::Duration;

use oktui::actions::verify::Watch;
use oktui::actions::{approve, execute, prepare, Confirmation, Journal, OrgChange, Stamp};
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{Faults, SimConfig, SimServer};
use serde_json::Value;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home, Run};

/// A still org with the personas (marcus.oyelaran is ACTIVE, priya.raman LOCKED_OUT).
fn org() -> SimConfig {
    small_config(20)
}

const MARCUS: &str = "marcus.oyelaran@acme.example";

/// The requests that could change the org (not the token requests of OAuth), as (method,
/// target, status).
fn changes(sim: &SimServer) -> Vec<(String, String, u16)> {
    sim.state()
        .requests
        .all()
        .into_iter()
        .filter(|r| r.is_mutating() && r.path() != "/oauth2/v1/token")
        .map(|r| (r.method, r.target, r.status))
        .collect()
}

fn status_of(sim: &SimServer, login: &str) -> String {
    sim.state().org().find_user(login).unwrap().status.clone()
}

fn id_of(sim: &SimServer, login: &str) -> String {
    sim.state().org().find_user(login).unwrap().id.clone()
}

/// The audit journal of `home`, one JSON object per record.
fn journal(home: &Home) -> Vec<Value> {
    let path = home.path().join(".local/share/oktui/audit.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Asserts the journal's last two records are the intent and the `result` outcome of one
/// `action` on `login`.
fn journaled(home: &Home, action: &str, login: &str, result: &str) {
    let records = journal(home);
    let [.., intent, outcome] = records.as_slice() else { panic!("two records: {records:?}") };
    assert_eq!(intent["id"], outcome["id"], "{records:?}");
    assert_eq!((intent["phase"].as_str(), outcome["phase"].as_str()), (Some("intent"), Some("outcome")));
    assert_eq!((intent["action"].as_str(), intent["target_login"].as_str()), (Some(action), Some(login)));
    assert!(
        intent["reason"].as_str().is_some_and(|r| !r.is_empty()) && intent["operator"].as_str().unwrap().contains('@')
    );
    assert_eq!(outcome["result"].as_str(), Some(result), "{outcome}");
}

/// Neither the API token nor any other secret of the org shows anywhere.
fn keeps_secrets(sim: &SimServer, run: &Run) {
    let c = sim.credentials();
    for secret in [&c.api_token, &c.client_secret] {
        for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr), ("files", &run.files)] {
            assert!(!text.contains(secret.as_str()), "a secret leaked into {what}");
        }
    }
}

#[tokio::test]
async fn suspend_then_unsuspend_are_verified_and_journaled() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let id = id_of(&sim, MARCUS);
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "push bombing accepted", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("done — verified: suspend marcus.oyelaran@acme.example"), "{}", run.stdout);
    assert!(run.stdout.contains("user.lifecycle.suspend is in the System Log"), "{}", run.stdout);
    assert_eq!(status_of(&sim, MARCUS), "SUSPENDED");
    assert_eq!(changes(&sim), [("POST".to_string(), format!("/api/v1/users/{id}/lifecycle/suspend"), 200)]);
    journaled(&home, "suspend", MARCUS, "verified");
    assert!(journal(&home)[1]["event_uuid"].as_str().is_some_and(|u| !u.is_empty()));
    keeps_secrets(&sim, &run);

    sim.state().requests.clear();
    let run = oktui(&home, &["unsuspend", &id, "--reason", "false positive", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("done — verified: unsuspend"), "{}", run.stdout);
    assert_eq!(status_of(&sim, MARCUS), "ACTIVE");
    assert_eq!(changes(&sim).len(), 1);
    journaled(&home, "unsuspend", MARCUS, "verified");
    assert_eq!(journal(&home).len(), 4);
    keeps_secrets(&sim, &run);

    let audit = oktui(&home, &["audit", "--format", "json"], &env).await;
    let records: Vec<Value> = serde_json::from_str(&audit.stdout).unwrap();
    assert_eq!(records.len(), 4);
    let table = oktui(&home, &["audit"], &env).await;
    assert!(table.stdout.contains("push bombing accepted") && table.stdout.contains("verified"), "{}", table.stdout);
}

/// `oktui audit` shows an unmasked screen among the actions, in every format.
#[tokio::test]
async fn audit_lists_an_unmask_among_the_actions() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "push bombing accepted", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journal = Journal::open_in(&home.path().join(".local/share/oktui")).unwrap();
    let unmask = oktui::actions::audit::SessionRecord::new(
        oktui::actions::audit::SessionRecord::UNMASK,
        sim.url().to_string(),
        "default".into(),
        "ana@laptop".into(),
    );
    journal.append_session(&unmask).unwrap();
    let audit = oktui(&home, &["audit", "--format", "json"], &env).await;
    assert_eq!(audit.code, 0, "{}", audit.stderr);
    let entries: Vec<Value> = serde_json::from_str(&audit.stdout).unwrap();
    assert_eq!(entries.len(), 3, "{}", audit.stdout);
    assert_eq!((entries[2]["event"].as_str(), entries[2]["operator"].as_str()), (Some("unmask"), Some("ana@laptop")));
    let table = oktui(&home, &["audit"], &env).await;
    let last = table.stdout.lines().last().unwrap_or_default();
    assert!(last.contains("session") && last.contains("unmask") && last.contains("ana@laptop"), "{}", table.stdout);
    let csv = oktui(&home, &["audit", "--format", "csv"], &env).await;
    assert!(csv.stdout.lines().last().is_some_and(|l| l.contains(",session,unmask,")), "{}", csv.stdout);
}

#[tokio::test]
async fn clear_sessions_revokes_oauth_tokens_when_asked() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let run =
        oktui(&home, &["clear-sessions", MARCUS, "--revoke-oauth-tokens", "--reason", "session hijack", "--yes"], &env)
            .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("done — verified") && run.stdout.contains("user.session.clear"), "{}", run.stdout);
    let sent = sim.state().requests.all().into_iter().filter(|r| r.is_mutating()).collect::<Vec<_>>();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].method.as_str(), sent[0].param("oauthTokens").as_deref()), ("DELETE", Some("true")));
    assert_eq!(status_of(&sim, MARCUS), "ACTIVE");
    journaled(&home, "clear-sessions", MARCUS, "verified");
    assert_eq!(journal(&home)[0]["revoke_oauth_tokens"], Value::Bool(true));
    keeps_secrets(&sim, &run);

    sim.state().requests.clear();
    let run = oktui(&home, &["clear-sessions", MARCUS, "--reason", "r", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = sim.state().requests.all().into_iter().filter(|r| r.is_mutating()).collect::<Vec<_>>();
    assert_eq!(sent[0].param("oauthTokens").as_deref(), Some("false"));
}

/// The one change request `sim` answered since its record was last cleared.
fn sent_change(sim: &SimServer) -> oktui::sim::requests::RecordedRequest {
    let sent = sim.state().requests.all().into_iter().filter(|r| r.is_mutating()).collect::<Vec<_>>();
    let [one] = sent.as_slice() else { panic!("one change: {sent:?}") };
    one.clone()
}

#[tokio::test]
async fn clear_sessions_keeps_remembered_devices_unless_asked() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let run = oktui(&home, &["clear-sessions", MARCUS, "--reason", "session hijack", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Sent explicitly: left out, an Identity Engine org would forget them.
    assert_eq!(sent_change(&sim).param("forgetDevices").as_deref(), Some("false"));
    assert_eq!(journal(&home)[0]["forget_devices"], Value::Bool(false));
    let applied = sim.state().sessions_cleared.all();
    assert_eq!(applied.iter().map(|c| c.forget_devices).collect::<Vec<_>>(), [false], "the sim kept the devices");

    sim.state().requests.clear();
    let run =
        oktui(&home, &["clear-sessions", MARCUS, "--forget-devices", "--reason", "stolen laptop", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("done — verified"), "{}", run.stdout);
    let sent = sent_change(&sim);
    assert_eq!(
        (sent.param("forgetDevices").as_deref(), sent.param("oauthTokens").as_deref()),
        (Some("true"), Some("false"))
    );
    journaled(&home, "clear-sessions", MARCUS, "verified");
    assert!(sim.state().sessions_cleared.all().last().is_some_and(|c| c.forget_devices && !c.oauth_tokens));
    let records = journal(&home);
    assert_eq!(
        (&records[2]["forget_devices"], &records[3]["forget_devices"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
}

#[tokio::test]
async fn refusals_send_no_change_and_say_why() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    // No --yes and no terminal: refused before anything is sent.
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "r"], &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("needs approval") && run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(sim.state().requests.all().is_empty());
    // Read-only: refused, and says why.
    let run = oktui(&home, &["--read-only", "suspend", MARCUS, "--reason", "r", "--yes"], &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    // The user in the wrong state: unsuspending an ACTIVE user.
    let run = oktui(&home, &["unsuspend", MARCUS, "--reason", "r", "--yes"], &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is ACTIVE: only SUSPENDED users can be unsuspended"), "{}", run.stderr);
    // An unknown user: Okta's 404, exit 1.
    let run = oktui(&home, &["suspend", "nobody@acme.example", "--reason", "r", "--yes"], &env).await;
    run.fails_with(&["404", "E0000007"]);
    // An empty reason.
    let run = oktui(&home, &["suspend", MARCUS, "--reason", " ", "--yes"], &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(changes(&sim), []);
    assert_eq!(status_of(&sim, MARCUS), "ACTIVE");
    assert!(journal(&home).is_empty(), "nothing approved, nothing journaled");
}

#[tokio::test]
async fn an_unwritable_audit_journal_refuses_before_any_request() {
    let sim = start(org()).await;
    let home = Home::new();
    std::fs::create_dir_all(home.path().join(".local/share/oktui/audit.jsonl")).unwrap();
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "r", "--yes"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("audit journal") && run.stderr.contains("cannot be written"), "{}", run.stderr);
    assert!(sim.state().requests.all().is_empty(), "not even a read");
    assert_eq!(status_of(&sim, MARCUS), "ACTIVE");
}

#[tokio::test]
async fn a_403_names_the_scope_and_role_it_needs() {
    let scopes = vec!["okta.users.read".to_string(), "okta.logs.read".to_string(), "okta.roles.read".to_string()];
    let sim = start(SimConfig { granted_scopes: scopes, ..org() }).await;
    let home = Home::new();
    let c = sim.credentials();
    let env = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_CLIENTSECRET", c.client_secret.clone()),
        ("OKTA_CLIENT_SCOPES", "okta.users.read,okta.logs.read,okta.roles.read".to_string()),
    ];
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "r", "--yes"], &env).await;
    run.fails_with(&["failed: suspend", "403", "okta.users.manage", "admin role"]);
    assert_eq!(changes(&sim).len(), 1, "sent once, refused by Okta, not retried");
    assert_eq!(status_of(&sim, MARCUS), "ACTIVE");
    journaled(&home, "suspend", MARCUS, "failed");
    keeps_secrets(&sim, &run);
}

#[tokio::test]
async fn a_lost_answer_is_not_retried_and_the_user_is_re_read() {
    let faults = Faults { late_change_answer_ms: 2500, ..Faults::default() };
    let sim = start(SimConfig { faults, ..org() }).await;
    let home = Home::new();
    let run = oktui(&home, &["--timeout", "1", "suspend", MARCUS, "--reason", "r", "--yes"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("no answer came") && run.stdout.contains("not retried"), "{}", run.stdout);
    assert!(run.stdout.contains("the re-read shows it happened"), "{}", run.stdout);
    assert_eq!(changes(&sim).len(), 1, "{:?}", changes(&sim));
    assert_eq!(status_of(&sim, MARCUS), "SUSPENDED");
    journaled(&home, "suspend", MARCUS, "verified");
}

#[tokio::test]
async fn a_rate_limited_change_is_not_retried() {
    let mut config = org();
    config.rate_limits.overrides = vec![("users_mutate".to_string(), 1)];
    let sim = start(config).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let run = oktui(&home, &["suspend", MARCUS, "--reason", "r", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = oktui(&home, &["unsuspend", MARCUS, "--reason", "r", "--yes"], &env).await;
    run.fails_with(&["failed: unsuspend", "429", "not retried"]);
    let statuses: Vec<u16> = changes(&sim).into_iter().map(|(_, _, s)| s).collect();
    assert_eq!(statuses, [200, 429], "the 429 is not retried");
    assert_eq!(status_of(&sim, MARCUS), "SUSPENDED");
    journaled(&home, "unsuspend", MARCUS, "failed");
}

/// A client for `sim` in this process, with its SSWS token.
fn client(sim: &SimServer) -> Client {
    let org = OrgUrl::parse(sim.url()).unwrap();
    Client::new(org, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into())).unwrap()
}

#[tokio::test]
async fn a_read_only_client_refuses_an_approved_change_unsent() {
    let sim = start(org()).await;
    let client = client(&sim).into_read_only();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open_in(dir.path()).unwrap();
    let plan = prepare(&client, OrgChange::Suspend, MARCUS, "p", None).await.unwrap();
    let approved = approve(plan, "r", Confirmation::Typed(MARCUS.into()), Stamp::now()).unwrap();
    let e = execute(&client, &journal, approved, Watch::default()).await.unwrap_err();
    assert!(e.is_refusal() && e.to_string().contains("read-only"), "{e}");
    assert_eq!(changes(&sim), []);
    assert!(std::fs::read_to_string(journal.path()).unwrap().is_empty());
}

#[tokio::test]
async fn a_second_approval_of_an_action_in_flight_is_refused() {
    let faults = Faults { late_change_answer_ms: 700, ..Faults::default() };
    let sim = start(SimConfig { faults, ..org() }).await;
    let client = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open_in(dir.path()).unwrap();
    let first = approve(
        prepare(&client, OrgChange::Suspend, MARCUS, "p", None).await.unwrap(),
        "r",
        Confirmation::YesFlag,
        Stamp::now(),
    );
    let second = approve(
        prepare(&client, OrgChange::Suspend, MARCUS, "p", None).await.unwrap(),
        "r",
        Confirmation::YesFlag,
        Stamp::now(),
    );
    let watch = Watch { timeout: Duration::from_secs(5), interval: Duration::from_millis(200) };
    let (a, b) = tokio::join!(execute(&client, &journal, first.unwrap(), watch), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        execute(&client, &journal, second.unwrap(), watch).await
    });
    assert!(a.unwrap().is_done());
    let e = b.unwrap_err();
    assert!(e.is_refusal() && e.to_string().contains("already in flight"), "{e}");
    assert_eq!(changes(&sim).len(), 1);
}

/// The journal names the account oktui runs as (its passwd entry), not what `$USER` claims;
/// a `$USER` that differs is kept beside it as a label.
#[tokio::test]
async fn the_journal_names_the_account_not_what_user_claims() {
    let sim = start(org()).await;
    let host = nix::unistd::gethostname().unwrap().into_string().unwrap();
    let account = nix::unistd::User::from_uid(nix::unistd::getuid()).unwrap().unwrap().name;
    let expected = format!("{account}@{host}");
    for (claimed, label) in [(Some("mallory"), Some("mallory")), (None, None), (Some(account.as_str()), None)] {
        let home = Home::new();
        let mut env = ssws_env(&sim);
        if let Some(user) = claimed {
            env.extend([("USER", user.to_string()), ("LOGNAME", user.to_string())]);
        }
        let run = oktui(&home, &["clear-sessions", MARCUS, "--reason", "operator test", "--yes"], &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        let records = journal(&home);
        assert_eq!(records.len(), 2, "{records:?}");
        for record in &records {
            assert_eq!(record["operator"].as_str(), Some(expected.as_str()), "USER={claimed:?}: {record}");
            assert_eq!(record["user_env"].as_str(), label, "USER={claimed:?}: {record}");
        }
    }
}
