//! The authenticator against the simulated org, over real HTTP: every credential mode gets
//! headers a resource endpoint accepts; DPoP with exactly one nonce round trip; renewal before
//! and after expiry; one token request for many concurrent callers; and each wrong credential
//! refused with Okta's error and the fix, never showing a secret.

#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use oktui::okta::auth::{AuthError, Authenticator, KeyProblem, Retry};
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{SimConfig, SimServer};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use reqwest::header::HeaderMap;
use reqwest::Method;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};
use url::Url;

use common::{small_config, start};

const SCOPES: [&str; 2] = ["okta.users.read", "okta.logs.read"];

fn scopes() -> Vec<String> {
    SCOPES.iter().map(|s| s.to_string()).collect()
}

fn authenticator(sim: &SimServer, credential: Credential) -> Result<Authenticator, AuthError> {
    Authenticator::new(credential, &OrgUrl::parse(sim.url()).unwrap(), reqwest::Client::new())
}

fn secret_credential(sim: &SimServer, secret: &str) -> Credential {
    let client_id = sim.credentials().client_id.clone();
    Credential::ClientSecret { client_id, secret: Secret::new(secret).into(), scopes: scopes() }
}

fn key_credential(sim: &SimServer, key: &str, key_id: Option<&str>) -> Credential {
    Credential::PrivateKey {
        client_id: sim.credentials().client_id.clone(),
        key: Secret::new(key).into(),
        key_id: key_id.map(str::to_owned),
        scopes: scopes(),
    }
}

fn pem_credential(sim: &SimServer) -> Credential {
    let c = sim.credentials();
    key_credential(sim, &c.private_key_pem, Some(&c.key_id))
}

/// Sends `method url` with the authenticator's headers; returns the status, headers and body.
async fn send(auth: &Authenticator, method: Method, url: &str) -> (u16, HeaderMap, Value) {
    let url = Url::parse(url).unwrap();
    let headers = auth.headers(&method, &url).await.unwrap();
    let resp = common::http().request(method, url).headers(headers).send().await.unwrap();
    common::split(resp).await
}

/// Asserts that the headers are accepted by `GET /api/v1/users?limit=1`.
async fn assert_accepted(sim: &SimServer, auth: &Authenticator) {
    let (status, _, body) = send(auth, Method::GET, &format!("{}/api/v1/users?limit=1", sim.url())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_array().map(Vec::len), Some(1));
}

/// How many requests reached the token endpoint, read from the sim's `token` rate-limit
/// bucket (each reading counts one more, which it leaves out).
struct TokenCounter {
    readings: u32,
}

impl TokenCounter {
    fn new() -> Self {
        TokenCounter { readings: 0 }
    }

    fn count(&mut self, sim: &SimServer) -> u32 {
        let decision = sim.state().limiter.check("token");
        self.readings += 1;
        decision.limit - decision.remaining - self.readings
    }
}

#[tokio::test]
async fn ssws_token() {
    let sim = start(small_config(5)).await;
    let auth =
        authenticator(&sim, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into())).unwrap();
    assert_accepted(&sim, &auth).await;
    assert_eq!(auth.describe(), "SSWS API token");
    assert_eq!((auth.granted_scopes(), auth.uses_dpop()), (None, false));
    let wrong = authenticator(&sim, Credential::ApiToken(Secret::new("00wrong").into())).unwrap();
    let (status, headers, body) = send(&wrong, Method::GET, &format!("{}/api/v1/users", sim.url())).await;
    assert_eq!((status, body["errorCode"].as_str()), (401, Some("E0000011")));
    let www = headers.get("www-authenticate").and_then(|v| v.to_str().ok());
    assert_eq!(wrong.reject(status, www, body.to_string().as_bytes()), Retry::No);
}

#[tokio::test]
async fn client_secret_gets_a_bearer_token_despite_the_proactive_proof() {
    let sim = start(small_config(5)).await;
    let mut tokens = TokenCounter::new();
    let auth = authenticator(&sim, secret_credential(&sim, &sim.credentials().client_secret)).unwrap();
    assert_eq!(auth.granted_scopes(), None);
    assert_accepted(&sim, &auth).await;
    assert_accepted(&sim, &auth).await;
    assert_eq!(tokens.count(&sim), 1);
    assert_eq!(auth.describe(), "OAuth client secret");
    assert!(!auth.uses_dpop());
    assert_eq!(auth.granted_scopes(), Some(scopes()));
    let url = Url::parse(&format!("{}/api/v1/users", sim.url())).unwrap();
    let headers = auth.headers(&Method::GET, &url).await.unwrap();
    assert!(headers["authorization"].to_str().unwrap().starts_with("Bearer "));
    assert!(!headers.contains_key("dpop"));
}

#[tokio::test]
async fn private_key_jwt_from_pem_and_from_jwk() {
    let sim = start(small_config(5)).await;
    let auth = authenticator(&sim, pem_credential(&sim)).unwrap();
    assert_accepted(&sim, &auth).await;
    assert_eq!(auth.describe(), "OAuth private_key_jwt");

    let c = sim.credentials();
    let secret = <p256::SecretKey as DecodePrivateKey>::from_pkcs8_pem(&c.private_key_pem).unwrap();
    let mut jwk: Value = serde_json::from_str(&secret.to_jwk_string()).unwrap();
    let explicit = authenticator(&sim, key_credential(&sim, &jwk.to_string(), Some(&c.key_id))).unwrap();
    assert_accepted(&sim, &explicit).await;
    jwk["kid"] = json!(c.key_id);
    let from_jwk_kid = authenticator(&sim, key_credential(&sim, &jwk.to_string(), None)).unwrap();
    assert_accepted(&sim, &from_jwk_kid).await;
}

#[tokio::test]
async fn private_key_jwt_with_a_registered_rsa_key() {
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    let public = json!({"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": n, "e": e});
    let sim =
        start(SimConfig { extra_client_keys: vec![serde_json::from_value(public).unwrap()], ..small_config(5) }).await;
    let pem = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_pem(&key, LineEnding::LF).unwrap();
    let auth = authenticator(&sim, key_credential(&sim, &pem, Some("rsa-1"))).unwrap();
    assert_accepted(&sim, &auth).await;
}

#[tokio::test]
async fn dpop_required_takes_exactly_one_nonce_round_trip() {
    let sim = start(SimConfig { require_dpop: true, ..small_config(5) }).await;
    let mut tokens = TokenCounter::new();
    for credential in [pem_credential(&sim), secret_credential(&sim, &sim.credentials().client_secret)] {
        let auth = authenticator(&sim, credential).unwrap();
        assert_accepted(&sim, &auth).await;
        assert!(auth.uses_dpop());
        assert!(auth.describe().ends_with(" (DPoP)"), "{}", auth.describe());
        assert_accepted(&sim, &auth).await;
    }
    // Each authenticator starts without the org's nonce: one use_dpop_nonce round trip each.
    assert_eq!(tokens.count(&sim), 4);
}

#[tokio::test]
async fn dpop_headers_carry_scheme_proof_and_decoded_htu() {
    let sim = start(SimConfig { require_dpop: true, ..small_config(5) }).await;
    let auth = authenticator(&sim, pem_credential(&sim)).unwrap();
    let (status, _, body) = send(&auth, Method::GET, &format!("{}/api/v1/users?limit=1", sim.url())).await;
    assert_eq!(status, 200, "{body}");
    let login = body[0]["profile"]["login"].as_str().unwrap().to_owned();
    assert!(login.contains('@'));
    let encoded = login.replace('@', "%40");
    let (status, _, user) = send(&auth, Method::GET, &format!("{}/api/v1/users/{encoded}?expand=x", sim.url())).await;
    assert_eq!((status, user["profile"]["login"].as_str()), (200, Some(login.as_str())), "{user}");
    let url = Url::parse(&format!("{}/api/v1/logs?limit=1", sim.url())).unwrap();
    let headers = auth.headers(&Method::GET, &url).await.unwrap();
    assert!(headers["authorization"].to_str().unwrap().starts_with("DPoP "));
    let proof = headers["dpop"].to_str().unwrap();
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(proof.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["htu"], format!("{}/api/v1/logs", sim.url()));
    assert!(claims["ath"].is_string() && claims["jti"].is_string());
}

#[tokio::test]
async fn tokens_are_renewed_before_expiry_and_after_a_refusal() {
    let sim = start(SimConfig { token_ttl_secs: 2, require_dpop: true, ..small_config(5) }).await;
    let mut tokens = TokenCounter::new();
    let auth = authenticator(&sim, pem_credential(&sim)).unwrap();
    assert_accepted(&sim, &auth).await;
    assert_eq!(tokens.count(&sim), 2);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_accepted(&sim, &auth).await;
    assert_eq!(tokens.count(&sim), 3, "renewed at half-life, with the cached nonce");

    let url = Url::parse(&format!("{}/api/v1/users?limit=1", sim.url())).unwrap();
    let stale = auth.headers(&Method::GET, &url).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let resp = common::http().get(url.clone()).headers(stale).send().await.unwrap();
    let www = resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, _, body) = common::split(resp).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_token")), "{body}");
    assert_eq!(auth.reject(status, www.as_deref(), body.to_string().as_bytes()), Retry::Once);
    assert_accepted(&sim, &auth).await;
    assert_eq!(tokens.count(&sim), 4);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let sim = start(SimConfig { require_dpop: true, ..small_config(5) }).await;
    let mut tokens = TokenCounter::new();
    let auth = Arc::new(authenticator(&sim, pem_credential(&sim)).unwrap());
    let url = format!("{}/api/v1/users?limit=1", sim.url());
    let calls = (0..20).map(|_| {
        let (auth, url) = (auth.clone(), url.clone());
        tokio::spawn(async move { send(&auth, Method::GET, &url).await.0 })
    });
    let statuses: Vec<u16> = futures_util::future::join_all(calls).await.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(statuses, vec![200; 20]);
    assert_eq!(tokens.count(&sim), 2, "one grant, with its nonce round trip");
}

#[tokio::test]
async fn a_failed_acquisition_is_shared_too() {
    let sim = start(small_config(5)).await;
    let mut tokens = TokenCounter::new();
    let auth = Arc::new(authenticator(&sim, secret_credential(&sim, "wrong")).unwrap());
    let url = Url::parse(&format!("{}/api/v1/users", sim.url())).unwrap();
    let calls = (0..10).map(|_| {
        let (auth, url) = (auth.clone(), url.clone());
        tokio::spawn(async move { auth.headers(&Method::GET, &url).await.is_err() })
    });
    let failed = futures_util::future::join_all(calls).await.into_iter().filter(|r| *r.as_ref().unwrap()).count();
    assert_eq!(failed, 10);
    assert_eq!(tokens.count(&sim), 1, "the waiters reuse the failure");
}

/// The error of the first `headers()` call.
async fn first_error(sim: &SimServer, auth: &Authenticator) -> AuthError {
    let url = Url::parse(&format!("{}/api/v1/users", sim.url())).unwrap();
    auth.headers(&Method::GET, &url).await.unwrap_err()
}

#[tokio::test]
async fn wrong_credentials_are_refused_with_the_fix() {
    let sim = start(small_config(5)).await;
    let c = sim.credentials().clone();
    let cases = [
        (secret_credential(&sim, "not-the-secret"), "the client secret is wrong"),
        (key_credential(&sim, &c.private_key_pem, Some("no-such-kid")), "the key id (kid) names no key"),
        (
            key_credential(
                &sim,
                &p256::SecretKey::random(&mut rand::thread_rng()).to_pkcs8_pem(LineEnding::LF).unwrap(),
                Some(&c.key_id),
            ),
            "the private key does not match",
        ),
    ];
    for (credential, fix) in cases {
        let auth = authenticator(&sim, credential).unwrap();
        let error = first_error(&sim, &auth).await;
        let AuthError::Refused(refusal) = &error else { panic!("{error:?}") };
        assert_eq!((refusal.status, refusal.error.as_str()), (401, "invalid_client"));
        assert!(refusal.hint.starts_with(fix), "{error}");
        assert!(error.to_string().contains("check client id / secret / key and kid registered on the app"));
    }
}

#[tokio::test]
async fn a_scope_not_granted_names_where_to_grant_it() {
    let granted = vec!["okta.users.read".to_string()];
    let sim = start(SimConfig { granted_scopes: granted, ..small_config(5) }).await;
    let auth = authenticator(&sim, pem_credential(&sim)).unwrap();
    let error = first_error(&sim, &auth).await;
    let AuthError::Refused(refusal) = &error else { panic!("{error:?}") };
    assert_eq!((refusal.status, refusal.error.as_str()), (400, "invalid_scope"));
    let shown = error.to_string();
    assert!(shown.contains("Okta Admin Console > Applications > the app > Okta API Scopes"), "{shown}");
    assert!(shown.contains("okta.logs.read"), "{shown}");
}

#[tokio::test]
async fn keys_of_the_wrong_type_fail_before_any_request() {
    let sim = start(small_config(5)).await;
    let ed25519 = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOapjSUrxJWwZ9i3rqTTK0x4lDGjaKd2rLtyU3huxJqJ\n-----END PRIVATE KEY-----";
    let error = authenticator(&sim, key_credential(&sim, ed25519, Some("k"))).unwrap_err();
    assert_eq!(error, AuthError::Key(KeyProblem::Unsupported("an EdDSA (Ed25519/Ed448) key")));
    let shown = error.to_string();
    assert!(shown.contains("RSA key of 2048 bits or more (RS256) or an EC P-256 key (ES256)"), "{shown}");
}

#[tokio::test]
async fn an_unreachable_org_says_to_check_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let org = OrgUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let credential =
        Credential::ClientSecret { client_id: "0oa1".into(), secret: Secret::new("s").into(), scopes: scopes() };
    let auth = Authenticator::new(credential, &org, reqwest::Client::new()).unwrap();
    let url = Url::parse(&org.url("/api/v1/users")).unwrap();
    let error = auth.headers(&Method::GET, &url).await.unwrap_err();
    assert!(matches!(error, AuthError::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("Check the org URL and network"), "{error}");
}

#[tokio::test]
async fn a_hanging_token_endpoint_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let org = OrgUrl::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            connections.push(socket);
        }
    });
    let http = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let credential =
        Credential::ClientSecret { client_id: "0oa1".into(), secret: Secret::new("s").into(), scopes: scopes() };
    let auth = Authenticator::new(credential, &org, http).unwrap();
    let url = Url::parse(&org.url("/api/v1/users")).unwrap();
    let error = auth.headers(&Method::GET, &url).await.unwrap_err();
    assert!(matches!(error, AuthError::Timeout { .. }), "{error:?}");
    assert!(error.to_string().contains("did not answer in time: check the org URL and network"), "{error}");
    held.abort();
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_is_waited_out() {
    let mut config = small_config(5);
    config.rate_limits.window_secs = 2;
    config.rate_limits.overrides = vec![("token".into(), 1)];
    let sim = start(config).await;
    let first = authenticator(&sim, pem_credential(&sim)).unwrap();
    assert_accepted(&sim, &first).await;
    let second = authenticator(&sim, pem_credential(&sim)).unwrap();
    let started = std::time::Instant::now();
    assert_accepted(&sim, &second).await;
    assert!(started.elapsed() >= Duration::from_millis(500), "the 429 was waited out: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_canary_secret_never_shows() {
    let sim = start(small_config(5)).await;
    let canary = "canary-5ecret-7f3a";
    let auth = authenticator(&sim, secret_credential(&sim, canary)).unwrap();
    let error = first_error(&sim, &auth).await;
    let shown = format!("{error} {error:?} {auth:?} {}", auth.describe());
    assert!(!shown.contains(canary), "{shown}");
    let key = format!("{}\n{canary}", sim.credentials().private_key_pem.replace("-----END", "AAAA\n-----END"));
    let error = authenticator(&sim, key_credential(&sim, &key, None)).unwrap_err();
    assert!(!format!("{error} {error:?}").contains(canary), "{error:?}");
    let token = Credential::ApiToken(Secret::new(canary).into());
    let auth = authenticator(&sim, token).unwrap();
    assert!(!format!("{auth:?}").contains(canary));
}
