//! `oktui sim serve` as a user runs it: one JSON line of credentials on stdout, then an org
//! that serves — checked by our client and by the independent conformance checker in
//! ../shared/tools/sim-conformance.py.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::get;

/// A `sim serve` child process, killed on drop.
struct Served {
    child: Child,
    line: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["sim", "serve"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("oktui starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    Served { child, line }
}

#[tokio::test]
async fn prints_one_json_line_then_serves() {
    let served = serve(&["--users", "300", "--seed", "7", "--backfill-hours", "0.5"]);
    let info: Value = serde_json::from_str(&served.line).expect("one JSON line");
    for key in ["url", "api_token", "client_id", "client_secret", "private_key_pem", "key_id"] {
        assert!(info[key].as_str().is_some_and(|v| !v.is_empty()), "{key} in {info}");
    }
    let url = info["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"));
    let (s, _, users) =
        get(&format!("{url}/api/v1/users?limit=5"), &format!("SSWS {}", info["api_token"].as_str().unwrap())).await;
    assert_eq!(s, 200);
    assert_eq!(users.as_array().unwrap().len(), 5);

    // The same seed hands out the same credentials.
    let again = serve(&["--users", "300", "--seed", "7", "--backfill-hours", "0.5"]);
    let info2: Value = serde_json::from_str(&again.line).unwrap();
    for key in ["api_token", "client_id", "client_secret", "private_key_pem", "key_id"] {
        assert_eq!(info[key], info2[key], "{key}");
    }
}

#[test]
fn refuses_a_non_loopback_address() {
    let out = Command::new(env!("CARGO_BIN_EXE_oktui")).args(["sim", "serve", "--addr", "0.0.0.0:0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loopback"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_independent_conformance_checker_passes() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/sim-conformance.py");
    assert!(script.exists(), "{} is missing: the shared/ folder sits beside the repository", script.display());
    let served = serve(&["--users", "1000", "--seed", "3", "--events-per-minute", "0", "--backfill-hours", "4"]);
    let dir = std::env::temp_dir().join(format!("oktui-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let info = dir.join("sim.json");
    std::fs::write(&info, &served.line).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(&info)
        .arg("1000")
        .output()
        .expect("python3 runs (.ci/run installs it)");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "conformance checker failed:\n{report}");
    assert!(report.contains("sim checks hold"), "{report}");
}

/// A private_key_jwt token request signed with the printed key under `alg`; returns the
/// status and the access token.
async fn token_with_printed_key(info: &Value, alg: jsonwebtoken::Algorithm) -> (u16, Value) {
    let url = info["url"].as_str().unwrap();
    let client_id = info["client_id"].as_str().unwrap();
    let mut header = jsonwebtoken::Header::new(alg);
    header.kid = Some(info["key_id"].as_str().unwrap().to_string());
    let claims = crate::common::assertion_claims(client_id, &format!("{url}/oauth2/v1/token"), 300);
    let assertion = crate::common::sign(&header, &claims, info["private_key_pem"].as_str().unwrap());
    let resp = crate::common::http()
        .post(format!("{url}/oauth2/v1/token"))
        .form(&crate::common::jwt_form(&assertion, "okta.users.read"))
        .send()
        .await
        .unwrap();
    let (s, _, body) = crate::common::split(resp).await;
    (s, body)
}

#[tokio::test]
async fn prints_an_rsa_key_by_default_and_an_ec_key_on_request() {
    use rsa::pkcs8::DecodePrivateKey;

    let served = serve(&["--users", "50", "--backfill-hours", "0.1"]);
    let info: Value = serde_json::from_str(&served.line).unwrap();
    let pem = info["private_key_pem"].as_str().unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem).expect("the default key is RSA, as the Admin Console's");
    assert_eq!(rsa::traits::PublicKeyParts::size(&key), 256, "2048 bits");
    let (s, body) = token_with_printed_key(&info, jsonwebtoken::Algorithm::RS256).await;
    assert_eq!(s, 200, "{body}");

    let served = serve(&["--users", "50", "--backfill-hours", "0.1", "--key-type", "ec"]);
    let ec: Value = serde_json::from_str(&served.line).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&ec), keys(&info), "the same line either way");
    p256::SecretKey::from_pkcs8_pem(ec["private_key_pem"].as_str().unwrap()).expect("an EC P-256 key");
    let (s, body) = token_with_printed_key(&ec, jsonwebtoken::Algorithm::ES256).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(info["key_id"], ec["key_id"], "one kid, whichever key type");
}

#[test]
fn oktui_lists_users_with_the_printed_rsa_key() {
    let served = serve(&["--users", "120", "--backfill-hours", "0.1", "--events-per-minute", "0"]);
    let info: Value = serde_json::from_str(&served.line).unwrap();
    let home = tempfile::tempdir().unwrap();
    let field = |k: &str| info[k].as_str().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["users", "--format", "json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("OKTA_CLIENT_ORGURL", field("url"))
        .env("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey")
        .env("OKTA_CLIENT_CLIENTID", field("client_id"))
        .env("OKTA_CLIENT_SCOPES", "okta.users.read")
        .env("OKTA_CLIENT_PRIVATEKEY", field("private_key_pem"))
        .env("OKTA_CLIENT_PRIVATEKEYID", field("key_id"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let users: Value = serde_json::from_slice(&out.stdout).expect("a JSON array of users");
    assert!(users.as_array().is_some_and(|u| u.len() > 100), "{users}");
}
