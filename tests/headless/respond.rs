//! Issue 17 headless: `oktui unlock | reset-factors | remove-factor | expire-password |
//! logout-everywhere | set-risk | revoke-session | contain` against simulated orgs, checked
//! against the sim's record of every request: exactly one request per approved action (none
//! when refused), the state changed, the log event seen, two journal records with one id; a
//! containment plan runs its steps in order and stops at the first failure.

use oktui::sim::{SimConfig, SimServer};
use serde_json::Value;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home};

const MARCUS: &str = "marcus.oyelaran@acme.example";
const PRIYA: &str = "priya.raman@acme.example";
const SAM: &str = "sam.calder@acme.example";
const ALEX: &str = "alex.novak@acme.example";
const CHRIS: &str = "chris.doyle@acme.example";

/// A still org whose API token's admin is a Super Administrator (risk and Universal Logout
/// need one).
fn org() -> SimConfig {
    SimConfig { token_owner_roles: Some(vec!["SUPER_ADMIN".into()]), ..small_config(20) }
}

/// The requests that could change the org, as (method, target, status); cleared after.
fn take_changes(sim: &SimServer) -> Vec<(String, String, u16)> {
    let changes = sim
        .state()
        .requests
        .all()
        .into_iter()
        .filter(|r| r.is_mutating() && r.path() != "/oauth2/v1/token")
        .map(|r| (r.method, r.target, r.status))
        .collect();
    sim.state().requests.clear();
    changes
}

fn id_of(sim: &SimServer, login: &str) -> String {
    sim.state().org().find_user(login).unwrap().id.clone()
}

fn journal(home: &Home) -> Vec<Value> {
    let text = std::fs::read_to_string(home.path().join(".local/share/oktui/audit.jsonl")).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The journal's last two records: one action's intent and its verified outcome.
fn last_pair(home: &Home, action: &str) -> (Value, Value) {
    let records = journal(home);
    let [.., intent, outcome] = records.as_slice() else { panic!("two records: {records:?}") };
    assert_eq!(intent["id"], outcome["id"]);
    assert_eq!((intent["phase"].as_str(), outcome["phase"].as_str()), (Some("intent"), Some("outcome")));
    assert_eq!(intent["action"].as_str(), Some(action));
    assert_eq!(outcome["result"].as_str(), Some("verified"), "{outcome}");
    (intent.clone(), outcome.clone())
}

/// Runs `args` with `--reason … --yes`: exit 0, verified, exactly the one `expected` request.
async fn acts(sim: &SimServer, home: &Home, args: &[&str], expected: (&str, String, u16)) -> String {
    let mut all = args.to_vec();
    all.extend(["--reason", "incident 17", "--yes"]);
    let run = oktui(home, &all, &ssws_env(sim)).await;
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    assert!(run.stdout.starts_with(&format!("done — verified: {}", args[0])), "{}", run.stdout);
    let (method, target, status) = expected;
    assert_eq!(take_changes(sim), [(method.to_string(), target, status)], "{args:?}");
    run.stdout
}

#[tokio::test]
async fn each_new_action_sends_one_request_changes_the_org_and_is_journaled() {
    let sim = start(org()).await;
    let home = Home::new();
    take_changes(&sim);

    let priya = id_of(&sim, PRIYA);
    let out =
        acts(&sim, &home, &["unlock", PRIYA], ("POST", format!("/api/v1/users/{priya}/lifecycle/unlock"), 200)).await;
    assert!(out.contains("user.account.unlock_by_admin is in the System Log"), "{out}");
    assert_eq!(sim.state().org().find_user(PRIYA).unwrap().status, "ACTIVE");
    last_pair(&home, "unlock");

    let marcus = id_of(&sim, MARCUS);
    let sms = sim.state().activate_factor(&marcus, "sms").unwrap();
    let target = format!("/api/v1/users/{marcus}/factors/{sms}");
    let out = acts(&sim, &home, &["remove-factor", MARCUS, "--factor", &sms], ("DELETE", target, 204)).await;
    assert!(out.contains(&format!("the factor {sms} is gone")), "{out}");
    let (intent, _) = last_pair(&home, "remove-factor");
    assert_eq!(intent["factor_id"].as_str(), Some(sms.as_str()));

    let target = format!("/api/v1/users/{marcus}/lifecycle/reset_factors");
    let out = acts(&sim, &home, &["reset-factors", MARCUS], ("POST", target, 200)).await;
    assert!(out.contains("0 active factors re-read") && out.contains("user.mfa.factor.reset_all"), "{out}");
    assert!(sim.state().org().find_user(MARCUS).unwrap().factors.is_empty());
    last_pair(&home, "reset-factors");

    let target = format!("/api/v1/users/{marcus}/lifecycle/expire_password");
    acts(&sim, &home, &["expire-password", MARCUS], ("POST", target, 200)).await;
    assert_eq!(sim.state().org().find_user(MARCUS).unwrap().status, "PASSWORD_EXPIRED");
    last_pair(&home, "expire-password");

    let alex = id_of(&sim, ALEX);
    let target = format!("/api/v1/users/{alex}/risk");
    let out = acts(&sim, &home, &["set-risk", ALEX, "--level", "high"], ("PUT", target, 201)).await;
    assert!(out.contains("the risk re-reads HIGH") && out.contains("user.risk.change"), "{out}");
    let (intent, _) = last_pair(&home, "set-risk");
    assert_eq!(intent["risk_level"].as_str(), Some("HIGH"));

    let sam = id_of(&sim, SAM);
    let hijacked = sim.state().start_session(&sam).unwrap();
    let other = sim.state().start_session(&sam).unwrap();
    let target = format!("/api/v1/sessions/{hijacked}");
    let out = acts(&sim, &home, &["revoke-session", &hijacked, "--user", SAM], ("DELETE", target, 204)).await;
    assert!(out.contains("is gone") && out.contains("user.session.end"), "{out}");
    assert_eq!(sim.state().sessions.of(&sam), [other]);
    let (intent, _) = last_pair(&home, "revoke-session");
    assert_eq!(intent["session_id"].as_str(), Some(hijacked.as_str()));

    let target = "/oauth2/v1/global-token-revocation".to_string();
    let out = acts(&sim, &home, &["logout-everywhere", SAM], ("POST", target, 204)).await;
    assert!(out.contains("user.authentication.universal_logout.scheduled"), "{out}");
    assert!(sim.state().sessions.of(&sam).is_empty());
    last_pair(&home, "logout-everywhere");
    assert_eq!(journal(&home).len(), 14, "two records for each of the seven actions");
}

#[tokio::test]
async fn refused_actions_send_nothing() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    take_changes(&sim);
    let cases: [(&[&str], &str); 5] = [
        (&["unlock", MARCUS, "--reason", "r", "--yes"], "is ACTIVE: only LOCKED_OUT users can be unlocked"),
        (&["reset-factors", CHRIS, "--reason", "r", "--yes"], "has no enrolled factor"),
        (&["remove-factor", MARCUS, "--factor", "opfnope", "--reason", "r", "--yes"], "has no factor opfnope"),
        (&["revoke-session", "102nope", "--user", SAM, "--reason", "r", "--yes"], "no session 102nope"),
        (&["unlock", PRIYA, "--reason", "r"], "needs approval: pass --yes"),
    ];
    for (args, says) in cases {
        let run = oktui(&home, args, &env).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let read_only = oktui(&home, &["--read-only", "logout-everywhere", SAM, "--reason", "r", "--yes"], &env).await;
    assert_eq!(read_only.code, 2, "{}", read_only.stderr);
    assert_eq!(take_changes(&sim), [], "nothing that changes the org was sent");
    assert!(journal(&home).is_empty());
}

#[tokio::test]
async fn a_missing_feature_or_role_is_named() {
    let sim = start(SimConfig { universal_logout: false, identity_threat_protection: false, ..org() }).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    take_changes(&sim);
    let risk = oktui(&home, &["set-risk", ALEX, "--level", "high", "--reason", "r", "--yes"], &env).await;
    assert_eq!(risk.code, 2, "refused before approval: {}", risk.stderr);
    assert!(risk.stderr.contains("E0000015") && risk.stderr.contains("Identity Threat Protection"), "{}", risk.stderr);
    assert_eq!(take_changes(&sim), []);
    let logout = oktui(&home, &["logout-everywhere", SAM, "--reason", "r", "--yes"], &env).await;
    assert_eq!(logout.code, 1, "{}", logout.stderr);
    assert!(logout.stderr.contains("does not have Universal Logout"), "{}", logout.stderr);
    assert_eq!(take_changes(&sim).len(), 1, "sent once, not resent");

    let group_admin = start(small_config(20)).await;
    let run = oktui(&home, &["logout-everywhere", SAM, "--reason", "r", "--yes"], &ssws_env(&group_admin)).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("E0000006")
            && run.stderr.contains("okta.universalLogout.manage")
            && run.stderr.contains("Super or Organization Administrator"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_containment_plan_runs_every_step_in_order_under_one_id() {
    let sim = start(org()).await;
    let home = Home::new();
    take_changes(&sim);
    let marcus = id_of(&sim, MARCUS);
    let plan = "suspend,clear-sessions,logout-everywhere,reset-factors";
    let args = ["contain", MARCUS, "--plan", plan, "--reason", "accepted push bomb", "--yes"];
    let run = oktui(&home, &args, &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("every step done"), "{}", run.stdout);
    let sent: Vec<String> = take_changes(&sim).into_iter().map(|(m, t, _)| format!("{m} {t}")).collect();
    assert_eq!(
        sent,
        [
            format!("POST /api/v1/users/{marcus}/lifecycle/suspend"),
            format!("DELETE /api/v1/users/{marcus}/sessions?oauthTokens=true&forgetDevices=false"),
            "POST /oauth2/v1/global-token-revocation".to_string(),
            format!("POST /api/v1/users/{marcus}/lifecycle/reset_factors"),
        ]
    );
    let records = journal(&home);
    assert_eq!(records.len(), 8);
    let plan_id = records[0]["plan_id"].as_str().unwrap().to_string();
    for (i, pair) in records.chunks(2).enumerate() {
        assert_eq!(pair[0]["id"], pair[1]["id"]);
        assert_eq!(pair[0]["id"].as_str(), Some(format!("{plan_id}.{}", i + 1).as_str()));
        assert_eq!(
            (pair[0]["plan_id"].as_str(), pair[0]["step"].as_u64()),
            (Some(plan_id.as_str()), Some(i as u64 + 1))
        );
        assert_eq!(pair[1]["result"].as_str(), Some("verified"), "{}", pair[1]);
    }
    assert_eq!(sim.state().org().find_user(MARCUS).unwrap().status, "SUSPENDED");
    // `oktui audit` groups the steps: each row names the plan and the step's place.
    let csv = oktui(&home, &["audit", "--format", "csv"], &ssws_env(&sim)).await;
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut lines = csv.stdout.lines();
    assert!(lines.next().is_some_and(|h| h.ends_with(",id,plan_id,step")), "{}", csv.stdout);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 8, "{}", csv.stdout);
    for (i, row) in rows.iter().enumerate() {
        let suffix = format!(",{plan_id}.{n},{plan_id},{n}/4", n = i / 2 + 1);
        assert!(row.ends_with(&suffix), "{row} ends with {suffix}");
    }
}

#[tokio::test]
async fn a_plan_stops_at_its_failing_third_step_and_says_what_ran() {
    let sim = start(SimConfig { universal_logout: false, ..org() }).await;
    let home = Home::new();
    take_changes(&sim);
    let plan = "suspend,clear-sessions,logout-everywhere,reset-factors";
    let args = ["contain", MARCUS, "--plan", plan, "--reason", "accepted push bomb", "--yes"];
    let run = oktui(&home, &args, &ssws_env(&sim)).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("step 2: done — verified: clear-sessions"), "{}", run.stdout);
    assert!(run.stdout.contains("step 3: failed: logout-everywhere"), "{}", run.stdout);
    assert!(run.stdout.contains("this org does not have Universal Logout"), "{}", run.stdout);
    assert!(
        run.stderr.contains("suspend, clear-sessions, logout-everywhere ran; not sent: reset-factors"),
        "{}",
        run.stderr
    );
    let sent = take_changes(&sim);
    assert_eq!(sent.len(), 3, "nothing after the failure: {sent:?}");
    assert!(!sent.iter().any(|(_, t, _)| t.contains("reset_factors")));
    let records = journal(&home);
    assert_eq!(records.len(), 6, "three steps ran");
    assert_eq!(records[5]["result"].as_str(), Some("failed"));
    let steps: Vec<&str> = records[0]["plan_steps"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(steps, ["suspend", "clear-sessions", "logout-everywhere", "reset-factors"]);
    assert!(!sim.state().org().find_user(MARCUS).unwrap().factors.is_empty(), "the factors were kept");
}
