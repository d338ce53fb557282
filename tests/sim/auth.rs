//! The org authorization server and resource authentication: SSWS, client_secret_basic,
//! private_key_jwt (EC and RSA), DPoP with nonces, scopes — and every wrong credential refused
//! with Okta's error.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use jsonwebtoken::{Algorithm, Header};
use oktui::sim::{SimConfig, SimServer};
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use serde_json::{json, Value};

use crate::common::{
    assertion, assertion_claims, get, http, jwt_form, sign, small_config, split, ssws, start, DpopKey,
};

fn token_url(sim: &SimServer) -> String {
    format!("{}/oauth2/v1/token", sim.url())
}

async fn token_with_secret(sim: &SimServer, id: &str, secret: &str, scope: &str) -> (u16, Value) {
    let basic = STANDARD.encode(format!("{id}:{secret}"));
    let resp = http()
        .post(token_url(sim))
        .header("Authorization", format!("Basic {basic}"))
        .form(&[("grant_type", "client_credentials"), ("scope", scope)])
        .send()
        .await
        .unwrap();
    let (s, _, b) = split(resp).await;
    (s, b)
}

async fn token_with_jwt(
    sim: &SimServer,
    assertion: &str,
    dpop: Option<String>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = http().post(token_url(sim)).form(&jwt_form(assertion, "okta.users.read okta.logs.read"));
    if let Some(proof) = dpop {
        req = req.header("DPoP", proof);
    }
    split(req.send().await.unwrap()).await
}

fn assert_oauth_error(status: u16, body: &Value, want_status: u16, want_error: &str) {
    assert_eq!((status, body["error"].as_str()), (want_status, Some(want_error)), "{body}");
    assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn ssws_token_good_and_bad() {
    let sim = start(small_config(10)).await;
    let (s, _, _) = get(&format!("{}/api/v1/users", sim.url()), &ssws(&sim)).await;
    assert_eq!(s, 200);
    for bad in ["SSWS wrong", "", "Basic abc", "SSWS"] {
        let (s, _, b) = get(&format!("{}/api/v1/users", sim.url()), bad).await;
        assert_eq!((s, b["errorCode"].as_str()), (401, Some("E0000011")), "{bad}: {b}");
    }
}

#[tokio::test]
async fn client_secret_basic() {
    let sim = start(small_config(10)).await;
    let c = sim.credentials().clone();
    let (s, body) = token_with_secret(&sim, &c.client_id, &c.client_secret, "okta.users.read").await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "okta.users.read");
    let token = body["access_token"].as_str().unwrap();
    let (s, _, _) = get(&format!("{}/api/v1/users?limit=1", sim.url()), &format!("Bearer {token}")).await;
    assert_eq!(s, 200);
    // The token does not carry okta.logs.read.
    let (s, _, b) = get(&format!("{}/api/v1/logs?limit=1", sim.url()), &format!("Bearer {token}")).await;
    assert_eq!(s, 403, "{b}");

    let (s, b) = token_with_secret(&sim, &c.client_id, "not-the-secret", "okta.users.read").await;
    assert_oauth_error(s, &b, 401, "invalid_client");
    let (s, b) = token_with_secret(&sim, &c.client_id, &c.client_secret, "okta.nothing.read").await;
    assert_oauth_error(s, &b, 400, "invalid_scope");
    let (s, b) = token_with_secret(&sim, &c.client_id, &c.client_secret, "").await;
    assert_oauth_error(s, &b, 400, "invalid_scope");
    let (s, _, b) = get(&format!("{}/api/v1/users", sim.url()), "Bearer forged").await;
    assert_eq!(s, 401, "{b}");
    assert!(b["error"] == "invalid_token" || b["errorCode"] == "E0000011", "{b}");
}

#[tokio::test]
async fn private_key_jwt_and_its_refusals() {
    let sim = start(small_config(10)).await;
    let c = sim.credentials().clone();
    let aud = token_url(&sim);
    let (s, _, body) = token_with_jwt(&sim, &assertion(&sim), None).await;
    assert_eq!(s, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    let (s, _, _) = get(&format!("{}/api/v1/logs?limit=1", sim.url()), &format!("Bearer {token}")).await;
    assert_eq!(s, 200);

    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(c.key_id.clone());
    let reused = sign(&header, &assertion_claims(&c.client_id, &aud, 300), &c.private_key_pem);
    assert_eq!(token_with_jwt(&sim, &reused, None).await.0, 200);
    let other_key = DpopKey::new();
    let cases = [
        ("reused jti", reused),
        (
            "wrong aud",
            sign(
                &header,
                &assertion_claims(&c.client_id, "https://evil.example/oauth2/v1/token", 300),
                &c.private_key_pem,
            ),
        ),
        ("expired", sign(&header, &assertion_claims(&c.client_id, &aud, -60), &c.private_key_pem)),
        ("exp too far", sign(&header, &assertion_claims(&c.client_id, &aud, 7200), &c.private_key_pem)),
        ("bad signature", sign(&header, &assertion_claims(&c.client_id, &aud, 300), &other_key.pem)),
        ("wrong iss", sign(&header, &assertion_claims("0oasomeoneelse", &aud, 300), &c.private_key_pem)),
        ("unknown kid", {
            let mut h = header.clone();
            h.kid = Some("not-registered".into());
            sign(&h, &assertion_claims(&c.client_id, &aud, 300), &c.private_key_pem)
        }),
        ("garbage", "not.a.jwt".to_string()),
    ];
    for (what, a) in cases {
        let (s, _, b) = token_with_jwt(&sim, &a, None).await;
        assert_eq!((s, b["error"].as_str()), (401, Some("invalid_client")), "{what}: {b}");
    }
}

#[tokio::test]
async fn private_key_jwt_with_a_registered_rsa_key() {
    let rsa_key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let pem = rsa_key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let public = rsa::RsaPublicKey::from(&rsa_key);
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use rsa::traits::PublicKeyParts;
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(json!({
        "kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }))
    .unwrap();
    let sim = start(SimConfig { extra_client_keys: vec![jwk], ..small_config(10) }).await;
    let c = sim.credentials().clone();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("rsa-1".into());
    let a = sign(&header, &assertion_claims(&c.client_id, &token_url(&sim), 300), &pem);
    let (s, _, b) = token_with_jwt(&sim, &a, None).await;
    assert_eq!(s, 200, "{b}");
}

#[tokio::test]
async fn dpop_nonce_flow_and_bound_resource_calls() {
    let sim = start(SimConfig { require_dpop: true, ..small_config(10) }).await;
    let key = DpopKey::new();
    let url = token_url(&sim);

    let (s, _, b) = token_with_jwt(&sim, &assertion(&sim), None).await;
    assert_oauth_error(s, &b, 400, "invalid_dpop_proof");

    let (s, headers, b) = token_with_jwt(&sim, &assertion(&sim), Some(key.proof("POST", &url, None, None))).await;
    assert_oauth_error(s, &b, 400, "use_dpop_nonce");
    let nonce = headers.get("dpop-nonce").expect("DPoP-Nonce header").to_str().unwrap().to_string();

    let (s, _, b) =
        token_with_jwt(&sim, &assertion(&sim), Some(key.proof("POST", &url, Some("stale-nonce"), None))).await;
    assert_oauth_error(s, &b, 400, "use_dpop_nonce");
    let (s, _, b) = token_with_jwt(&sim, &assertion(&sim), Some(key.proof("GET", &url, Some(&nonce), None))).await;
    assert_oauth_error(s, &b, 400, "invalid_dpop_proof");

    let (s, _, body) = token_with_jwt(&sim, &assertion(&sim), Some(key.proof("POST", &url, Some(&nonce), None))).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["token_type"], "DPoP");
    let token = body["access_token"].as_str().unwrap().to_string();

    let users = format!("{}/api/v1/users", sim.url());
    let call = |proof: Option<String>, scheme: &'static str| {
        let mut req = http().get(format!("{users}?limit=2")).header("Authorization", format!("{scheme} {token}"));
        if let Some(p) = proof {
            req = req.header("DPoP", p);
        }
        req.send()
    };
    let (s, _, b) = split(call(Some(key.proof("GET", &users, None, Some(&token))), "DPoP").await.unwrap()).await;
    assert_eq!(s, 200, "{b}");
    let (s, _, b) = split(call(None, "DPoP").await.unwrap()).await;
    assert!(s == 400 || s == 401, "missing proof: {s} {b}");
    let (s, _, b) = split(call(None, "Bearer").await.unwrap()).await;
    assert!(s == 400 || s == 401, "bound token as Bearer: {s} {b}");
    let (s, _, b) =
        split(call(Some(key.proof("GET", &users, None, Some("another-token"))), "DPoP").await.unwrap()).await;
    assert!(s == 400 || s == 401, "wrong ath: {s} {b}");
    let thief = DpopKey::new();
    let (s, _, b) = split(call(Some(thief.proof("GET", &users, None, Some(&token))), "DPoP").await.unwrap()).await;
    assert!(s == 400 || s == 401, "proof from another key: {s} {b}");
}

#[tokio::test]
async fn tokens_expire() {
    let sim = start(SimConfig { token_ttl_secs: 5, ..small_config(10) }).await;
    let c = sim.credentials().clone();
    let (s, body) = token_with_secret(&sim, &c.client_id, &c.client_secret, "okta.users.read").await;
    assert_eq!(s, 200);
    assert_eq!(body["expires_in"], 5);
    let auth = format!("Bearer {}", body["access_token"].as_str().unwrap());
    let issued = std::time::Instant::now();
    assert_eq!(get(&format!("{}/api/v1/users?limit=1", sim.url()), &auth).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(5200).saturating_sub(issued.elapsed())).await;
    let (s, _, b) = get(&format!("{}/api/v1/users?limit=1", sim.url()), &auth).await;
    assert_eq!(s, 401, "{b}");
}

#[tokio::test]
async fn ssws_without_a_space_is_accepted() {
    let sim = start(small_config(10)).await;
    let url = format!("{}/api/v1/users?limit=1", sim.url());
    let token = &sim.credentials().api_token;
    // Okta's Python SDK 3.x sends `SSWS<token>`; Okta takes the scheme and optional whitespace.
    for good in [format!("SSWS{token}"), format!("SSWS  {token}"), format!("ssws {token}")] {
        let (s, _, b) = get(&url, &good).await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, _, b) = get(&url, &format!("SSWS{token}x")).await;
    assert_eq!((s, b["errorCode"].as_str()), (401, Some("E0000011")), "{b}");
}

#[tokio::test]
async fn missing_scope_challenge_names_the_org_the_scope_and_the_resource() {
    let sim = start(small_config(10)).await;
    let c = sim.credentials().clone();
    let (s, body) = token_with_secret(&sim, &c.client_id, &c.client_secret, "okta.users.read").await;
    assert_eq!(s, 200, "{body}");
    let bearer = format!("Bearer {}", body["access_token"].as_str().unwrap());
    let (s, headers, b) = get(&format!("{}/api/v1/logs?limit=1", sim.url()), &bearer).await;
    assert_eq!((s, b["error"].as_str()), (403, Some("insufficient_scope")), "{b}");
    let challenge = headers.get("www-authenticate").expect("a WWW-Authenticate challenge").to_str().unwrap();
    let url = sim.url();
    assert_eq!(
        challenge,
        format!(
            "Bearer authorization_uri=\"{url}/oauth2/v1/authorize\", realm=\"{url}\", scope=\"okta.logs.read\", error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", resource=\"/api/v1/logs\""
        )
    );
}

/// POST with no body and an Authorization header; returns status and body.
async fn post_empty(url: &str, auth: &str) -> (u16, Value) {
    let resp = http().post(url).header("Authorization", auth).header("Content-Length", "0").send().await.unwrap();
    let (s, _, b) = split(resp).await;
    (s, b)
}

#[tokio::test]
async fn only_a_deactivated_owner_ends_its_api_token() {
    // Okta documents one owner state that ends an API token: deactivation deprovisions it.
    // Suspended, locked out or with an expired password, the owner cannot sign in; the token works.
    let sim = start(small_config(20)).await;
    let c = sim.credentials().clone();
    let (s, body) = token_with_secret(&sim, &c.client_id, &c.client_secret, "okta.users.manage").await;
    assert_eq!(s, 200, "{body}");
    let admin = format!("Bearer {}", body["access_token"].as_str().unwrap());
    let owner = sim.state().org().api_token_owner_id.clone();
    let users = format!("{}/api/v1/users?limit=1", sim.url());
    let lifecycle = |op: &str| format!("{}/api/v1/users/{owner}/lifecycle/{op}", sim.url());

    let (s, b) = post_empty(&lifecycle("suspend"), &admin).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(get(&users, &ssws(&sim)).await.0, 200, "a suspended owner's token");
    let (s, b) = post_empty(&lifecycle("unsuspend"), &admin).await;
    assert_eq!(s, 200, "{b}");
    for status in ["LOCKED_OUT", "PASSWORD_EXPIRED"] {
        sim.state().org_mut().find_user_mut(&owner).unwrap().status = status.to_string();
        assert_eq!(get(&users, &ssws(&sim)).await.0, 200, "{status}");
    }
    sim.state().org_mut().find_user_mut(&owner).unwrap().status = "DEPROVISIONED".to_string();
    let (s, _, b) = get(&users, &ssws(&sim)).await;
    assert_eq!((s, b["errorCode"].as_str()), (401, Some("E0000011")), "a deactivated owner's token: {b}");
}
