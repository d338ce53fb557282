//! Issue 17's endpoints in the simulated org: unlock, reset factors, remove one factor, expire
//! the password, the user's risk, one session, Universal Logout — each with Okta's rule for
//! the wrong state, its System Log event, its 403 without the role, and 401 `E0000015` where
//! the org is configured without the feature.

use oktui::sim::{SimConfig, SimServer};
use serde_json::{json, Value};

use crate::common::{get, http, small_config, split, ssws, start};

async fn send(sim: &SimServer, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = http().request(method, format!("{}{path}", sim.url())).header("Authorization", ssws(sim));
    req = match body {
        Some(b) => req.json(&b),
        None => req.header("Content-Length", "0").body(""),
    };
    let (s, _, b) = split(req.send().await.unwrap()).await;
    (s, b)
}

fn id_of(sim: &SimServer, login_prefix: &str) -> String {
    let org = sim.state().org();
    org.users.iter().find(|u| u.profile.login.starts_with(login_prefix)).unwrap().id.clone()
}

async fn events(sim: &SimServer, event_type: &str, target: &str) -> usize {
    let filter = format!("eventType eq \"{event_type}\" and target.id eq \"{target}\"");
    let q: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let (s, _, body) = get(&format!("{}/api/v1/logs?limit=100&filter={q}", sim.url()), &ssws(sim)).await;
    assert_eq!(s, 200, "{body}");
    body.as_array().unwrap().len()
}

fn super_admin() -> SimConfig {
    SimConfig { token_owner_roles: Some(vec!["SUPER_ADMIN".into()]), ..small_config(50) }
}

#[tokio::test]
async fn unlock_only_a_locked_out_user_and_expire_only_an_active_one() {
    let sim = start(small_config(50)).await;
    let priya = id_of(&sim, "priya.raman");
    let post = reqwest::Method::POST;
    let (s, body) = send(&sim, post.clone(), &format!("/api/v1/users/{priya}/lifecycle/unlock"), None).await;
    assert_eq!(s, 200, "{body}");
    let (_, _, user) = get(&format!("{}/api/v1/users/{priya}", sim.url()), &ssws(&sim)).await;
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(events(&sim, "user.account.unlock_by_admin", &priya).await, 1);
    let (s, body) = send(&sim, post.clone(), &format!("/api/v1/users/{priya}/lifecycle/unlock"), None).await;
    assert_eq!((s, body["errorCode"].as_str()), (403, Some("E0000038")), "an ACTIVE user: {body}");

    let (s, body) = send(&sim, post.clone(), &format!("/api/v1/users/{priya}/lifecycle/expire_password"), None).await;
    assert_eq!((s, body["status"].as_str()), (200, Some("PASSWORD_EXPIRED")), "the user is answered: {body}");
    assert_eq!(events(&sim, "user.account.expire_password", &priya).await, 1);
    let (s, body) = send(&sim, post, &format!("/api/v1/users/{priya}/lifecycle/expire_password"), None).await;
    assert_eq!((s, body["errorCode"].as_str()), (403, Some("E0000038")), "{body}");
}

#[tokio::test]
async fn factors_are_removed_one_or_all_with_their_events() {
    let sim = start(small_config(50)).await;
    let marcus = id_of(&sim, "marcus.oyelaran");
    let sms = sim.state().activate_factor(&marcus, "sms").unwrap();
    let (_, _, before) = get(&format!("{}/api/v1/users/{marcus}/factors", sim.url()), &ssws(&sim)).await;
    let count = before.as_array().unwrap().len();
    assert!(count >= 2, "{before}");
    let delete = reqwest::Method::DELETE;
    let (s, _) = send(&sim, delete.clone(), &format!("/api/v1/users/{marcus}/factors/{sms}"), None).await;
    assert_eq!(s, 204);
    let (s, body) = send(&sim, delete, &format!("/api/v1/users/{marcus}/factors/{sms}"), None).await;
    assert_eq!((s, body["errorCode"].as_str()), (404, Some("E0000007")), "{body}");
    assert_eq!(events(&sim, "user.mfa.factor.deactivate", &marcus).await, 1);
    let post = reqwest::Method::POST;
    let (s, _) = send(&sim, post.clone(), &format!("/api/v1/users/{marcus}/lifecycle/reset_factors"), None).await;
    assert_eq!(s, 200);
    let (_, _, after) = get(&format!("{}/api/v1/users/{marcus}/factors", sim.url()), &ssws(&sim)).await;
    assert_eq!(after, json!([]));
    assert_eq!(events(&sim, "user.mfa.factor.reset_all", &marcus).await, 1);
    let (s, body) = send(&sim, post, &format!("/api/v1/users/{marcus}/lifecycle/reset_factors"), None).await;
    assert_eq!((s, body["errorCode"].as_str()), (403, Some("E0000038")), "none enrolled: {body}");
}

#[tokio::test]
async fn risk_needs_the_feature_and_a_full_admin() {
    let sim = start(super_admin()).await;
    let alex = id_of(&sim, "alex.novak");
    let path = format!("/api/v1/users/{alex}/risk");
    let (s, _, body) = get(&format!("{}{path}", sim.url()), &ssws(&sim)).await;
    assert_eq!((s, body["riskLevel"].as_str()), (200, Some("NONE")));
    let put = reqwest::Method::PUT;
    let (s, body) = send(&sim, put.clone(), &path, Some(json!({"riskLevel": "HIGH"}))).await;
    assert_eq!(
        (s, body["riskLevel"].as_str(), body["reason"].as_str()),
        (201, Some("HIGH"), Some("override.by.admin"))
    );
    let (s, _) = send(&sim, put.clone(), &path, Some(json!({"riskLevel": "LOW"}))).await;
    assert_eq!(s, 200);
    assert_eq!(events(&sim, "user.risk.change", &alex).await, 2);
    let (s, body) = send(&sim, put.clone(), &path, Some(json!({"riskLevel": "NONE"}))).await;
    assert_eq!((s, body["errorCode"].as_str()), (400, Some("E0000001")));

    let plain = start(small_config(50)).await;
    let alex = id_of(&plain, "alex.novak");
    let (s, body) =
        send(&plain, put.clone(), &format!("/api/v1/users/{alex}/risk"), Some(json!({"riskLevel": "HIGH"}))).await;
    assert_eq!((s, body["errorCode"].as_str()), (403, Some("E0000006")), "a group admin may not: {body}");

    let no_itp = start(SimConfig { identity_threat_protection: false, ..super_admin() }).await;
    let alex = id_of(&no_itp, "alex.novak");
    let (s, _, body) = get(&format!("{}/api/v1/users/{alex}/risk", no_itp.url()), &ssws(&no_itp)).await;
    assert_eq!((s, body["errorCode"].as_str()), (401, Some("E0000015")), "{body}");
}

#[tokio::test]
async fn one_session_ends_and_universal_logout_ends_them_all() {
    let sim = start(super_admin()).await;
    let sam = id_of(&sim, "sam.calder");
    let first = sim.state().start_session(&sam).unwrap();
    let second = sim.state().start_session(&sam).unwrap();
    let (s, _, body) = get(&format!("{}/api/v1/sessions/{first}", sim.url()), &ssws(&sim)).await;
    assert_eq!((s, body["userId"].as_str()), (200, Some(sam.as_str())));
    let delete = reqwest::Method::DELETE;
    let (s, _) = send(&sim, delete.clone(), &format!("/api/v1/sessions/{first}"), None).await;
    assert_eq!(s, 204);
    let (s, _, body) = get(&format!("{}/api/v1/sessions/{first}", sim.url()), &ssws(&sim)).await;
    assert_eq!((s, body["errorCode"].as_str()), (404, Some("E0000007")));
    assert_eq!(events(&sim, "user.session.end", &sam).await, 1);
    assert_eq!(sim.state().sessions.of(&sam), vec![second]);

    let body = json!({"sub_id": {"format": "opaque", "id": sam}});
    let post = reqwest::Method::POST;
    let (s, _) = send(&sim, post.clone(), "/oauth2/v1/global-token-revocation", Some(body.clone())).await;
    assert_eq!(s, 204);
    assert!(sim.state().sessions.of(&sam).is_empty());
    assert_eq!(events(&sim, "user.authentication.universal_logout.scheduled", &sam).await, 1);

    let off = start(SimConfig { universal_logout: false, ..super_admin() }).await;
    let (s, b) = send(&off, post.clone(), "/oauth2/v1/global-token-revocation", Some(body.clone())).await;
    assert_eq!((s, b["errorCode"].as_str()), (401, Some("E0000015")), "{b}");
    let group_admin = start(small_config(50)).await;
    let (s, b) = send(&group_admin, post, "/oauth2/v1/global-token-revocation", Some(body)).await;
    assert_eq!((s, b["errorCode"].as_str()), (403, Some("E0000006")), "{b}");
}
