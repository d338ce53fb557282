//! Suspend, unsuspend and clear sessions: Okta's lifecycle rules, later reads that reflect the
//! change, and the System Log event each change emits.

use std::time::Duration;

use oktui::sim::SimServer;
use serde_json::Value;

use crate::common::{get, http, small_config, split, ssws, start};

async fn post(sim: &SimServer, path: &str) -> (u16, Value) {
    let resp = http()
        .post(format!("{}{path}", sim.url()))
        .header("Authorization", ssws(sim))
        .header("Content-Length", "0")
        .body("")
        .send()
        .await
        .unwrap();
    let (s, _, b) = split(resp).await;
    (s, b)
}

async fn first_active(sim: &SimServer) -> String {
    let url = format!("{}/api/v1/users?limit=5&search=status%20eq%20%22ACTIVE%22", sim.url());
    let (_, _, users) = get(&url, &ssws(sim)).await;
    users[1]["id"].as_str().unwrap().to_string()
}

async fn events_for(sim: &SimServer, event_type: &str, target: &str) -> Vec<Value> {
    let filter = format!("eventType eq \"{event_type}\" and target.id eq \"{target}\"");
    let url = format!(
        "{}/api/v1/logs?limit=100&filter={}",
        sim.url(),
        url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
    );
    let (s, _, body) = get(&url, &ssws(sim)).await;
    assert_eq!(s, 200, "{body}");
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn suspend_then_unsuspend() {
    let sim = start(small_config(50)).await;
    let id = first_active(&sim).await;
    let (s, body) = post(&sim, &format!("/api/v1/users/{id}/lifecycle/suspend")).await;
    assert_eq!(s, 200, "{body}");
    let (_, _, user) = get(&format!("{}/api/v1/users/{id}", sim.url()), &ssws(&sim)).await;
    assert_eq!(user["status"], "SUSPENDED");

    let events = events_for(&sim, "user.lifecycle.suspend", &id).await;
    assert_eq!(events.len(), 1);
    let owner = sim.state().org().api_token_owner_id.clone();
    assert_eq!(events[0]["actor"]["id"], owner.as_str());
    assert_eq!(events[0]["outcome"]["result"], "SUCCESS");

    let (s, body) = post(&sim, &format!("/api/v1/users/{id}/lifecycle/suspend")).await;
    assert_eq!((s, body["errorCode"].as_str()), (400, Some("E0000001")), "{body}");

    let (s, _) = post(&sim, &format!("/api/v1/users/{id}/lifecycle/unsuspend")).await;
    assert_eq!(s, 200);
    let (_, _, user) = get(&format!("{}/api/v1/users/{id}", sim.url()), &ssws(&sim)).await;
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(events_for(&sim, "user.lifecycle.unsuspend", &id).await.len(), 1);
    let (s, body) = post(&sim, &format!("/api/v1/users/{id}/lifecycle/unsuspend")).await;
    assert_eq!((s, body["errorCode"].as_str()), (400, Some("E0000001")));
}

#[tokio::test]
async fn lifecycle_errors() {
    let sim = start(small_config(50)).await;
    let (s, body) = post(&sim, "/api/v1/users/00unope000000000000/lifecycle/suspend").await;
    assert_eq!((s, body["errorCode"].as_str()), (404, Some("E0000007")));
    let id = first_active(&sim).await;
    let (s, _, body) = get(&format!("{}/api/v1/users/{id}/lifecycle/suspend", sim.url()), &ssws(&sim)).await;
    assert_eq!((s, body["errorCode"].as_str()), (405, Some("E0000022")));
}

#[tokio::test]
async fn a_post_without_content_length_gets_411() {
    let sim = start(small_config(20)).await;
    let id = first_active(&sim).await;
    let addr = sim.url().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "POST /api/v1/users/{id}/lifecycle/suspend HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
        ssws(&sim)
    );
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut response)).await.unwrap().unwrap();
    assert!(response.starts_with("HTTP/1.1 411"), "{response}");
    let (_, _, user) = get(&format!("{}/api/v1/users/{id}", sim.url()), &ssws(&sim)).await;
    assert_eq!(user["status"], "ACTIVE");
}

#[tokio::test]
async fn clear_sessions() {
    let sim = start(small_config(50)).await;
    let id = first_active(&sim).await;
    let resp = http()
        .delete(format!("{}/api/v1/users/{id}/sessions?oauthTokens=true", sim.url()))
        .header("Authorization", ssws(&sim))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert_eq!(events_for(&sim, "user.session.clear", &id).await.len(), 1);
    let resp = http()
        .delete(format!("{}/api/v1/users/00unope000000000000/sessions", sim.url()))
        .header("Authorization", ssws(&sim))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}

#[tokio::test]
async fn clear_sessions_forgets_devices_unless_told_not_to() {
    let sim = start(small_config(50)).await;
    let id = first_active(&sim).await;
    let clear = |query: &'static str| {
        let url = format!("{}/api/v1/users/{id}/sessions{query}", sim.url());
        let auth = ssws(&sim);
        async move { http().delete(url).header("Authorization", auth).send().await.unwrap().status().as_u16() }
    };
    // Okta's Identity Engine defaults: forgetDevices true, oauthTokens false.
    assert_eq!(clear("").await, 204);
    assert_eq!(clear("?oauthTokens=true&forgetDevices=false").await, 204);
    assert_eq!(clear("?forgetDevices=yes").await, 400);
    let applied: Vec<(bool, bool)> =
        sim.state().sessions_cleared.all().into_iter().map(|c| (c.oauth_tokens, c.forget_devices)).collect();
    assert_eq!(applied, [(false, true), (true, false)]);
    assert!(sim.state().sessions_cleared.all().iter().all(|c| c.user_id == id));
    assert_eq!(events_for(&sim, "user.session.clear", &id).await.len(), 2);
}
