//! `oktui doctor` against simulated orgs: a healthy connection passes; missing scopes are
//! named.

use oktui::sim::SimConfig;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home};

#[tokio::test]
async fn doctor_passes_on_a_healthy_org() {
    let sim = start(small_config(20)).await;
    let home = Home::new();
    let run = oktui(&home, &["doctor"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("✓ reach the org"), "{}", run.stdout);
    assert!(run.stdout.contains("✓ read the System Log"), "{}", run.stdout);
    assert!(run.stdout.contains("✓ engine: Identity Engine (the org's pipeline idx)"), "{}", run.stdout);
    assert!(!run.stdout.contains('✗'), "{}", run.stdout);

    let c = sim.credentials();
    let oauth = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_PRIVATEKEY", c.private_key_pem.clone()),
        ("OKTA_CLIENT_PRIVATEKEYID", c.key_id.clone()),
    ];
    let run = oktui(&home, &["doctor"], &oauth).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("✓ scopes"), "{}", run.stdout);
}

#[tokio::test]
async fn doctor_names_the_missing_scopes() {
    let granted = ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.users.manage"];
    let sim =
        start(SimConfig { granted_scopes: granted.iter().map(|s| s.to_string()).collect(), ..small_config(20) }).await;
    let c = sim.credentials();
    let env = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_CLIENTSECRET", c.client_secret.clone()),
    ];
    let run = oktui(&Home::new(), &["doctor"], &env).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    for scope in ["okta.policies.read", "okta.roles.read", "okta.logs.read"] {
        assert!(run.stdout.contains(scope), "{scope} named in:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("okta.groups.read,"), "granted scopes are not called missing:\n{}", run.stdout);
}

/// The environment of a private_key_jwt connection to `sim`.
fn private_key_env(sim: &oktui::sim::SimServer) -> Vec<(&'static str, String)> {
    let c = sim.credentials();
    vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_PRIVATEKEY", c.private_key_pem.clone()),
        ("OKTA_CLIENT_PRIVATEKEYID", c.key_id.clone()),
    ]
}

fn roles(types: &[&str]) -> Option<Vec<String>> {
    Some(types.iter().map(|t| t.to_string()).collect())
}

/// The line of check `what`, e.g. "admin roles".
fn line<'a>(stdout: &'a str, what: &str) -> &'a str {
    stdout.lines().find(|l| l[l.char_indices().nth(2).map_or(0, |(i, _)| i)..].starts_with(what)).unwrap_or("")
}

#[tokio::test]
async fn a_super_administrator_token_passes_with_a_warning_naming_a_smaller_role() {
    let sim = start(SimConfig { token_owner_roles: roles(&["SUPER_ADMIN"]), ..small_config(20) }).await;
    let home = Home::new();
    for (args, smaller) in [
        (vec!["doctor", "--read-only"], "Read-Only Administrator is enough for a read-only console"),
        (vec!["doctor"], "okta.users.lifecycle.clearSessions"),
    ] {
        let run = oktui(&home, &args, &ssws_env(&sim)).await;
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        assert!(line(&run.stdout, "token owner").contains("svc-oktui@acme.example"), "{}", run.stdout);
        let roles = line(&run.stdout, "roles held");
        assert!(roles.starts_with('✓') && roles.ends_with("(warning)"), "{}", run.stdout);
        for needle in ["Super Administrator", "more than oktui needs", smaller, "Security > Administrators"] {
            assert!(roles.contains(needle), "{needle} in {roles}");
        }
        assert!(!run.stdout.contains('✗'), "{}", run.stdout);
    }
}

#[tokio::test]
async fn a_read_only_administrator_token_passes_clean_on_a_read_only_profile() {
    let sim = start(SimConfig { token_owner_roles: roles(&["READ_ONLY_ADMIN"]), ..small_config(20) }).await;
    let home = Home::new();
    let run = oktui(&home, &["doctor", "--read-only"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(line(&run.stdout, "roles held").contains("Read Only Administrator"), "{}", run.stdout);
    assert!(!run.stdout.contains("(warning)") && !run.stdout.contains('✗'), "{}", run.stdout);

    // The same role on a profile that may act: actions would be refused, and doctor says so.
    let run = oktui(&home, &["doctor"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stdout);
    let roles = line(&run.stdout, "roles held");
    assert!(roles.contains("can read but not act") && roles.ends_with("(warning)"), "{}", run.stdout);
}

#[tokio::test]
async fn a_service_app_with_scopes_but_no_role_fails_and_names_the_role_step() {
    let sim = start(SimConfig { service_app_roles: Some(Vec::new()), ..small_config(20) }).await;
    let run = oktui(&Home::new(), &["doctor"], &private_key_env(&sim)).await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(line(&run.stdout, "scopes").starts_with('✓'), "the scopes are granted:\n{}", run.stdout);
    let role = line(&run.stdout, "admin role:");
    assert!(role.starts_with('✗'), "{}", run.stdout);
    for needle in ["403 E0000006", "Applications > Applications > the app > Admin roles > Edit assignments"] {
        assert!(role.contains(needle), "{needle} in {role}");
    }
    assert!(line(&run.stdout, "roles held").starts_with('✗'), "{}", run.stdout);
}

#[tokio::test]
async fn a_service_app_roles_are_read_and_judged() {
    let sim = start(SimConfig { service_app_roles: roles(&["SUPER_ADMIN"]), ..small_config(20) }).await;
    let run = oktui(&Home::new(), &["doctor", "--read-only"], &private_key_env(&sim)).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let roles = line(&run.stdout, "roles held");
    assert!(roles.contains("the service app holds Super Administrator, more than oktui needs"), "{}", run.stdout);
    assert!(sim.state().requests.all().iter().any(|r| r.target.starts_with("/oauth2/v1/clients/")));
}

#[tokio::test]
async fn a_deactivated_admins_token_is_refused_with_the_fix() {
    let sim = start(SimConfig { token_owner_deactivated: true, ..small_config(20) }).await;
    let run = oktui(&Home::new(), &["doctor"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let token = line(&run.stdout, "token");
    for needle in ["401 E0000011", "deactivated", "Security > API > Tokens > Create token"] {
        assert!(token.contains(needle), "{needle} in {}", run.stdout);
    }
    assert!(!run.stdout.contains(&sim.credentials().api_token), "the token is never shown");
}

#[tokio::test]
async fn manage_scopes_on_a_read_only_profile_warn_with_the_read_scopes_that_do() {
    let sim = start(small_config(20)).await;
    let mut env = private_key_env(&sim);
    env.push(("OKTA_CLIENT_SCOPES", format!("{} okta.users.manage", oktui::okta::credential::READ_SCOPES.join(" "))));
    let run = oktui(&Home::new(), &["doctor", "--read-only"], &env).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let warning = line(&run.stdout, "least privilege");
    assert!(warning.contains("(okta.users.manage): okta.users.read will do"), "{}", run.stdout);
}

/// An org that refuses everything with error text full of terminal escapes: the token
/// endpoint's `error` and `error_description`, and the API's `errorCode`, `errorSummary` and
/// `errorId`. Returns its URL.
async fn org_with_hostile_errors() -> String {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let token = || async {
        let body = serde_json::json!({
            "error": "invalid_client\u{1b}]0;pwned\u{7}",
            "error_description": "bad \u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m red \u{202e}desc\u{85}",
        });
        (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
    };
    let api = || async {
        let body = serde_json::json!({
            "errorCode": "E0000006\u{1b}[31m\u{9b}2J",
            "errorSummary": "denied \u{1b}]0;x\u{7}",
            "errorLink": "E0000006",
            "errorId": "oae\u{9d}0;id\u{9c}\u{202e}1",
            "errorCauses": [],
        });
        (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
    };
    let app = axum::Router::new().route("/oauth2/v1/token", axum::routing::post(token)).fallback(api);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn doctor_shows_what_the_org_and_the_token_endpoint_say_cleaned() {
    let url = org_with_hostile_errors().await;
    let home = Home::new();
    let ssws = vec![("OKTA_CLIENT_ORGURL", url.clone()), ("OKTA_CLIENT_TOKEN", "x".to_string())];
    let oauth = vec![
        ("OKTA_CLIENT_ORGURL", url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", "0oa1".to_string()),
        ("OKTA_CLIENT_CLIENTSECRET", "x".to_string()),
    ];
    for (env, needle) in [(ssws, "403 E0000006"), (oauth, "invalid_client")] {
        let run = oktui(&home, &["doctor"], &env).await;
        assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(needle), "{needle} in {}", run.stdout);
        for text in [&run.stdout, &run.stderr] {
            let raw: Vec<char> = text.chars().filter(|c| *c != '\n' && !oktui::sanitize::is_plain(*c)).collect();
            assert!(raw.is_empty(), "raw {raw:?} reached the terminal:\n{text:?}");
        }
    }
}
