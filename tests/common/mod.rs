//! Helpers shared by the integration tests: a simulated org on loopback, an HTTP client, Link
//! parsing, and signing of client assertions and DPoP proofs. Every test talks real HTTP.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oktui::sim::{SimConfig, SimServer};
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A small, still org: `users` people, an hour of history, no live traffic.
pub fn small_config(users: usize) -> SimConfig {
    SimConfig { users, log_backfill_secs: 3600, live_log: false, ..SimConfig::default() }
}

/// A small, still hostile org (issue 14): as [`small_config`], with escape sequences, bidi
/// and zero-width characters, spreadsheet formulas and 10 KB names in every name, label,
/// message and error it sends (`oktui sim serve --hostile`).
pub fn hostile_config(users: usize) -> SimConfig {
    SimConfig { hostile: true, ..small_config(users) }
}

/// The variables of the XDG base directories, and their directories under a home.
pub const XDG_DIRS: [(&str, &str); 4] = [
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_STATE_HOME", ".local/state"),
];

/// The `oktui` binary in a clean environment: PATH, and `home` as HOME with the XDG
/// directories under it, working in `home`; no variable, config or data of the machine
/// leaks in.
pub fn oktui_command(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_oktui"));
    cmd.env_clear().current_dir(home);
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default()).env("HOME", home);
    for (var, dir) in XDG_DIRS {
        cmd.env(var, home.join(dir));
    }
    cmd
}

/// GNU time, which reports the peak resident memory of the command it runs.
pub const GNU_TIME: &str = "/usr/bin/time";

/// [`oktui_command`] run under [`GNU_TIME`], which writes the peak resident memory of
/// `oktui` alone (KiB, `%M`) as the last line of `peak_file`, in a process group of its own
/// (signal the group, `-pid`: time itself ignores Ctrl-C). A child's own `ru_maxrss` cannot
/// serve: Linux starts it at the hiwater mark of the process that spawned it, so a child of
/// a test process holding simulated orgs would report their memory as its own.
pub fn oktui_measured_command(home: &Path, peak_file: &Path) -> std::process::Command {
    use std::os::unix::process::CommandExt;
    assert!(
        Path::new(GNU_TIME).exists(),
        "{GNU_TIME} is needed to measure memory: install Debian's `time` package (.ci/run does)"
    );
    let mut cmd = oktui_command(home);
    let oktui = cmd.get_program().to_owned();
    let mut wrapped = std::process::Command::new(GNU_TIME);
    wrapped.env_clear().current_dir(home).process_group(0);
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            wrapped.env(k, v);
        }
    }
    wrapped.arg("-f").arg("%M").arg("-o").arg(peak_file).arg(oktui);
    cmd = wrapped;
    cmd
}

/// The peak resident memory (KiB) [`GNU_TIME`] wrote to `peak_file`.
pub fn measured_peak_kib(peak_file: &Path) -> u64 {
    let text = std::fs::read_to_string(peak_file).unwrap_or_else(|e| panic!("{}: {e}", peak_file.display()));
    let last = text.lines().last().unwrap_or_default();
    last.trim().parse().unwrap_or_else(|_| panic!("GNU time wrote no peak memory: {text:?}"))
}

/// Starts a simulated org on a free loopback port.
pub async fn start(config: SimConfig) -> SimServer {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    SimServer::start(addr, config).await.expect("the simulated org starts")
}

/// Appends `events` to `sim`'s log as happening now, in their order, in `batches` pages
/// 300 ms apart: an attack played live while a tail watches.
pub async fn happen(sim: &SimServer, events: &[Value], batches: usize) {
    let size = events.len().div_ceil(batches.max(1)).max(1);
    for batch in events.chunks(size) {
        let now = chrono::Utc::now();
        let stamped: Vec<Value> = batch
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut e = e.clone();
                let at = now + chrono::Duration::milliseconds(i as i64);
                e["published"] = Value::String(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
                e
            })
            .collect();
        sim.state().logs.append(stamped, now);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// An HTTP client like a script's: no retries, no redirects.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// `Authorization: SSWS …` for the org's API token.
pub fn ssws(sim: &SimServer) -> String {
    format!("SSWS {}", sim.credentials().api_token)
}

/// GET with an Authorization header; returns status, headers and JSON body (Null if empty).
pub async fn get(url: &str, auth: &str) -> (u16, HeaderMap, Value) {
    let resp = http().get(url).header("Authorization", auth).header("Accept", "application/json").send().await.unwrap();
    split(resp).await
}

/// Status, headers and JSON body of a response.
pub async fn split(resp: reqwest::Response) -> (u16, HeaderMap, Value) {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let body =
        if text.trim().is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    (status, headers, body)
}

/// The URL of `rel="next"` among the response's `Link` header lines.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| Some(part.split_once('<')?.1.split_once('>')?.0.to_string()))
}

/// Follows `next` links from `url`, collecting every item.
pub async fn collect_pages(url: &str, auth: &str) -> (Vec<Value>, usize) {
    let (mut items, mut pages, mut next) = (Vec::new(), 0, Some(url.to_string()));
    while let Some(u) = next {
        let (status, headers, body) = get(&u, auth).await;
        assert_eq!(status, 200, "{u}: {body}");
        items.extend(body.as_array().unwrap().iter().cloned());
        pages += 1;
        next = next_link(&headers);
        assert!(pages < 1000, "paging does not end");
    }
    (items, pages)
}

/// Seconds since the epoch.
pub fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Signs a JWT with a PEM key.
pub fn sign(header: &Header, claims: &Value, pem: &str) -> String {
    let key = match header.alg {
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => EncodingKey::from_rsa_pem(pem.as_bytes()),
        _ => EncodingKey::from_ec_pem(pem.as_bytes()),
    }
    .unwrap();
    jsonwebtoken::encode(header, claims, &key).unwrap()
}

/// The claims of a client assertion for `client_id` at `aud`.
pub fn assertion_claims(client_id: &str, aud: &str, exp_in: i64) -> Value {
    let now = now_secs();
    json!({"iss": client_id, "sub": client_id, "aud": aud, "iat": now, "exp": now + exp_in, "jti": uuid::Uuid::new_v4().to_string()})
}

/// A client assertion signed with the sim's printed key.
pub fn assertion(sim: &SimServer) -> String {
    let c = sim.credentials();
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(c.key_id.clone());
    sign(&header, &assertion_claims(&c.client_id, &format!("{}/oauth2/v1/token", c.url), 300), &c.private_key_pem)
}

/// The form of a private_key_jwt token request.
pub fn jwt_form(assertion: &str, scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        ("scope", scope.into()),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()),
        ("client_assertion", assertion.into()),
    ]
}

/// A DPoP key pair: its PEM and its public JWK.
pub struct DpopKey {
    pub pem: String,
    pub jwk: Value,
}

impl DpopKey {
    /// A fresh P-256 key.
    pub fn new() -> Self {
        let secret = p256::SecretKey::random(&mut rand::thread_rng());
        let pem = secret.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        let jwk: Value = serde_json::from_str(&secret.public_key().to_jwk_string()).unwrap();
        DpopKey { pem, jwk }
    }

    /// A proof for `method url`, with an optional nonce and access token (`ath`).
    pub fn proof(&self, method: &str, url: &str, nonce: Option<&str>, token: Option<&str>) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.typ = Some("dpop+jwt".into());
        header.jwk = Some(serde_json::from_value(self.jwk.clone()).unwrap());
        let mut claims = json!({"htm": method, "htu": url, "iat": now_secs(), "jti": uuid::Uuid::new_v4().to_string()});
        if let Some(n) = nonce {
            claims["nonce"] = json!(n);
        }
        if let Some(t) = token {
            claims["ath"] = json!(URL_SAFE_NO_PAD.encode(Sha256::digest(t.as_bytes())));
        }
        sign(&header, &claims, &self.pem)
    }
}

/// The `.rs` files under `dir`, recursively.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
