//! The org authorization server's token endpoint, `POST /oauth2/v1/token` (API-NOTES §1b–1d):
//! the client credentials grant for the one service app, authenticated by client_secret_basic
//! or private_key_jwt, with DPoP-bound tokens and server nonces when the app requires DPoP.
//! [`OAuthState`] remembers what was issued and spent: access tokens, assertion and proof
//! `jti`s, the current and the previous DPoP nonce.
//!
//! Checks run in this order: request shape (query credentials, duplicate parameters), grant
//! type, client authentication (which spends the assertion's `jti`), scopes, then the DPoP
//! proof and its nonce — so a `use_dpop_nonce` retry needs a fresh assertion, as Okta advises.
//! A DPoP proof sent to an app that does not require DPoP is ignored and a Bearer token
//! issued: the notes (§1c) say DPoP applies only when the app's "Require DPoP" box is ticked.

mod revoke;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde::Serialize;

use super::error::SimError;
use super::ids;
use super::keys::{verify_assertion, verify_proof, DpopProof, IssuedSecrets, ProofTarget, PROOF_MULTIPLE};
use super::state::SimState;
use super::SimConfig;

/// Path of the org authorization server's token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/v1/token";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const CREDENTIAL_PARAMS: [&str; 4] = ["client_id", "client_secret", "client_assertion", "client_assertion_type"];
const NONCE_ROTATION_SECS: i64 = 24 * 3600;
/// How long an expired token is still recognised (answered "expired" rather than "invalid").
const EXPIRED_TOKEN_MEMORY_SECS: i64 = 24 * 3600;
const OAUTH_STREAM: u64 = 0x4f41_5554; // "OAUT"

// Okta's `error_description`s (its OAuth error catalog, `oauth2-error-codes.json`).
const CREDS_IN_QUERY: &str = "Client credentials cannot be supplied via query parameters.";
const DUPLICATE_PARAMS: &str = "The request contained multiple parameters with the same name.";
const MISSING_GRANT_TYPE: &str = "The token request must specify a 'grant_type'. Valid values: [client_credentials]";
const UNSUPPORTED_GRANT_TYPE: &str = "The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].";
const MULTIPLE_CREDENTIALS: &str = "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.";
const NO_CREDENTIALS: &str = "No client credentials found.";
const BAD_BASIC: &str = "Found Authentication header but was not valid client credentials.";
const BAD_CLIENT_ID: &str = "Invalid value for 'client_id' parameter.";
const BAD_SECRET: &str = "The client secret supplied for a confidential client is invalid.";
const SECRET_POST: &str = "OAuth Integration Client Credentials requests to the Org Authorization Server must use either private_key_jwt or client_secret_basic as the token_endpoint_auth_method.";
const ASSERTION_TYPE_INVALID: &str = "The client_assertion_type is invalid.";
const ASSERTION_REUSED: &str = "The client_assertion token has already been used.";
const NO_SCOPES: &str = "No scopes were requested.";
const SCOPE_INVALID: &str =
    "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.";
const OPENID_NOT_ALLOWED: &str = "Cannot request 'openid' scopes using client credentials.";
const USE_NONCE: &str = "Authorization server requires nonce in DPoP proof.";
const TOKEN_NOT_CREATED: &str = "Failed to create the access_token.";
const PROOF_MISSING: &str = "The DPoP proof JWT header is missing.";
const PROOF_REUSED: &str = "The DPoP proof JWT has already been used.";

/// An access token the server issued.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The service app it was issued to.
    pub client_id: String,
    /// Exactly the scopes requested, in request order.
    pub scopes: Vec<String>,
    /// Seconds since the epoch.
    pub expires_at: i64,
    /// Thumbprint of the DPoP key the token is bound to.
    pub jkt: Option<String>,
}

/// The authorization server's memory: issued tokens, spent `jti`s, DPoP nonces.
pub struct OAuthState {
    rng: ChaCha20Rng,
    client_id: String,
    client_secret: String,
    /// The keys registered on the service app: the printed one, then the configured extras.
    client_keys: Vec<Jwk>,
    token_key: EncodingKey,
    token_kid: String,
    tokens: Expiring<IssuedToken>,
    assertion_jtis: Expiring<()>,
    proof_jtis: Expiring<()>,
    nonce: String,
    previous_nonce: Option<String>,
    nonce_issued_at: Option<i64>,
    /// Tokens are issued already expired (a test knob, see `revoke`).
    issue_expired: bool,
}

impl fmt::Debug for OAuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthState")
            .field("client_id", &self.client_id)
            .field("client_keys", &self.client_keys.len())
            .field("tokens", &self.tokens.entries.len())
            .field("spent_assertions", &self.assertion_jtis.entries.len())
            .field("spent_proofs", &self.proof_jtis.entries.len())
            .finish_non_exhaustive()
    }
}

impl OAuthState {
    /// The state of a fresh server for the service app of `secrets`, with `client_key`
    /// registered on it, seeded by `config.seed`.
    pub fn new(config: &SimConfig, secrets: &IssuedSecrets, client_key: &Jwk) -> Self {
        let mut rng = ChaCha20Rng::seed_from_u64(config.seed);
        rng.set_stream(OAUTH_STREAM);
        let signing = p256::SecretKey::random(&mut rng);
        let der = signing.to_pkcs8_der().expect("a P-256 scalar always encodes as PKCS#8");
        let mut client_keys = vec![client_key.clone()];
        client_keys.extend(config.extra_client_keys.iter().cloned());
        OAuthState {
            token_key: EncodingKey::from_ec_der(der.as_bytes()),
            token_kid: ids::base62(&mut rng, 43),
            nonce: ids::base62(&mut rng, 32),
            rng,
            client_id: secrets.client_id.clone(),
            client_secret: secrets.client_secret.clone(),
            client_keys,
            tokens: Expiring::default(),
            assertion_jtis: Expiring::default(),
            proof_jtis: Expiring::default(),
            previous_nonce: None,
            nonce_issued_at: None,
            issue_expired: false,
        }
    }

    /// The token `access_token` if it was issued (expired ones are remembered for a day).
    pub fn issued(&self, access_token: &str) -> Option<&IssuedToken> {
        self.tokens.get(access_token)
    }

    /// How many access tokens were minted (expired ones are remembered for a day).
    pub fn tokens_minted(&self) -> usize {
        self.tokens.len()
    }

    /// Spends a verified proof's `jti`; refused when it was already used.
    pub fn spend_proof(&mut self, proof: &DpopProof, now: i64) -> Result<(), &'static str> {
        self.proof_jtis.forget_before(now);
        if self.proof_jtis.insert(&proof.jti, proof.forget_at, ()) {
            Ok(())
        } else {
            Err(PROOF_REUSED)
        }
    }

    /// Issues the service app an access token for `scopes`, bound to the DPoP key `jkt` if
    /// given, valid `ttl_secs` from `now`: an ES256 JWT with the claims of Okta's org tokens.
    pub fn mint(
        &mut self,
        issuer: &str,
        scopes: Vec<String>,
        jkt: Option<String>,
        ttl_secs: u64,
        now: i64,
    ) -> Result<String, SimError> {
        let ttl = if self.issue_expired { 0 } else { i64::try_from(ttl_secs).unwrap_or(i64::MAX) };
        let expires_at = now.saturating_add(ttl);
        let jti = format!("AT.{}", ids::base62(&mut self.rng, 43));
        let claims = TokenClaims {
            ver: 1,
            jti: &jti,
            iss: issuer,
            aud: issuer,
            sub: &self.client_id,
            iat: now,
            exp: expires_at,
            cid: &self.client_id,
            scp: &scopes,
            cnf: jkt.as_deref().map(|jkt| Confirmation { jkt }),
        };
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.token_kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &self.token_key)
            .map_err(|_| SimError::oauth(StatusCode::INTERNAL_SERVER_ERROR, "server_error", TOKEN_NOT_CREATED))?;
        self.tokens.forget_before(now.saturating_sub(EXPIRED_TOKEN_MEMORY_SECS));
        let issued = IssuedToken { client_id: self.client_id.clone(), scopes, expires_at, jkt };
        self.tokens.insert(&token, expires_at, issued);
        Ok(token)
    }

    /// Answers a token request.
    fn grant(&mut self, req: &TokenRequest<'_>, server: &Server<'_>, now: i64) -> Result<Grant, SimError> {
        let form = req.form()?;
        check_grant_type(&form)?;
        self.authenticate_client(req.authorization, &form, &server.token_url, now)?;
        let scopes = requested_scopes(&form, server.granted_scopes)?;
        let jkt = if server.require_dpop { Some(self.token_proof(&req.dpop, &server.token_url, now)?) } else { None };
        let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
        let scope = scopes.join(" ");
        let access_token = self.mint(server.issuer, scopes, jkt, server.ttl_secs, now)?;
        Ok(Grant { token_type, expires_in: server.ttl_secs, access_token, scope })
    }

    /// Authenticates the service app by exactly one method.
    fn authenticate_client(
        &mut self,
        authorization: Option<&str>,
        form: &[(String, String)],
        token_url: &str,
        now: i64,
    ) -> Result<(), SimError> {
        let secret_post = param(form, "client_secret");
        let assertion = param(form, "client_assertion");
        let supplied = [authorization.is_some(), secret_post.is_some(), assertion.is_some()];
        if supplied.iter().filter(|s| **s).count() > 1 {
            return Err(invalid_request(MULTIPLE_CREDENTIALS));
        }
        if let Some(value) = authorization {
            return self.check_basic(value);
        }
        if secret_post.is_some() {
            return Err(invalid_client(SECRET_POST));
        }
        let Some(assertion) = assertion else {
            return Err(invalid_client(NO_CREDENTIALS));
        };
        if param(form, "client_assertion_type") != Some(ASSERTION_TYPE) {
            return Err(invalid_request(ASSERTION_TYPE_INVALID));
        }
        if param(form, "client_id").is_some_and(|id| id != self.client_id) {
            return Err(invalid_client(BAD_CLIENT_ID));
        }
        self.check_assertion(assertion, token_url, now)
    }

    /// client_secret_basic.
    fn check_basic(&self, authorization: &str) -> Result<(), SimError> {
        let (id, secret) = basic_credentials(authorization).ok_or_else(|| invalid_client(BAD_BASIC))?;
        if id != self.client_id {
            return Err(invalid_client(BAD_CLIENT_ID));
        }
        if secret != self.client_secret {
            return Err(invalid_client(BAD_SECRET));
        }
        Ok(())
    }

    /// private_key_jwt: verifies the assertion and spends its `jti`.
    fn check_assertion(&mut self, assertion: &str, token_url: &str, now: i64) -> Result<(), SimError> {
        let checked =
            verify_assertion(assertion, &self.client_id, &self.client_keys, token_url, now).map_err(invalid_client)?;
        if let Some(jti) = checked.jti {
            self.assertion_jtis.forget_before(now);
            if !self.assertion_jtis.insert(&jti, checked.exp, ()) {
                return Err(invalid_client(ASSERTION_REUSED));
            }
        }
        Ok(())
    }

    /// The DPoP proof of a token request, checked down to its nonce; returns its key's `jkt`.
    fn token_proof(&mut self, dpop: &[&str], token_url: &str, now: i64) -> Result<String, SimError> {
        let proof = match dpop {
            [] => return Err(invalid_proof(PROOF_MISSING)),
            [one] => *one,
            _ => return Err(invalid_proof(PROOF_MULTIPLE)),
        };
        let target = ProofTarget { method: "POST", url: token_url, access_token: None };
        let proof = verify_proof(proof, &target, now).map_err(invalid_proof)?;
        if !self.nonce_accepted(proof.nonce.as_deref(), now) {
            let nonce = self.current_nonce(now).to_owned();
            let error = SimError::oauth(StatusCode::BAD_REQUEST, "use_dpop_nonce", USE_NONCE);
            return Err(error.with_header("dpop-nonce", nonce));
        }
        self.spend_proof(&proof, now).map_err(invalid_proof)?;
        Ok(proof.jkt)
    }

    /// The nonce proofs must carry now; it rotates every day, the previous one staying valid.
    fn current_nonce(&mut self, now: i64) -> &str {
        if self.nonce_issued_at.is_some_and(|at| now - at >= NONCE_ROTATION_SECS) {
            let fresh = ids::base62(&mut self.rng, 32);
            self.previous_nonce = Some(std::mem::replace(&mut self.nonce, fresh));
            self.nonce_issued_at = Some(now);
        }
        self.nonce_issued_at.get_or_insert(now);
        &self.nonce
    }

    /// Whether `nonce` is the current or the previous nonce.
    fn nonce_accepted(&mut self, nonce: Option<&str>, now: i64) -> bool {
        let Some(nonce) = nonce else { return false };
        nonce == self.current_nonce(now) || self.previous_nonce.as_deref() == Some(nonce)
    }
}

/// `POST /oauth2/v1/token`.
pub async fn token(State(state): State<Arc<SimState>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let server = Server {
        issuer: &state.base_url,
        token_url: format!("{}{TOKEN_PATH}", state.base_url),
        ttl_secs: state.config.token_ttl_secs,
        require_dpop: state.config.require_dpop,
        granted_scopes: &state.config.granted_scopes,
    };
    let request = TokenRequest::new(uri.query(), &headers, &body);
    let outcome = state.oauth().grant(&request, &server, Utc::now().timestamp());
    match outcome {
        Ok(grant) => grant.into_response(),
        Err(error) => error.into_response(),
    }
}

/// Any other method on the token path: 405 with an Okta error object.
pub async fn token_method_not_allowed(method: Method) -> Response {
    SimError::method_not_allowed(method.as_str()).into_response()
}

/// `grant_type` must be `client_credentials`.
fn check_grant_type(form: &[(String, String)]) -> Result<(), SimError> {
    match param(form, "grant_type") {
        None => Err(invalid_request(MISSING_GRANT_TYPE)),
        Some("client_credentials") => Ok(()),
        Some(_) => Err(SimError::oauth(StatusCode::BAD_REQUEST, "unsupported_grant_type", UNSUPPORTED_GRANT_TYPE)),
    }
}

/// The requested scopes, deduplicated in request order; each must be granted to the app.
fn requested_scopes(form: &[(String, String)], granted: &[String]) -> Result<Vec<String>, SimError> {
    let invalid_scope = |d| SimError::oauth(StatusCode::BAD_REQUEST, "invalid_scope", d);
    let mut scopes: Vec<String> = Vec::new();
    for scope in param(form, "scope").unwrap_or_default().split_ascii_whitespace() {
        if scope == "openid" {
            return Err(invalid_scope(OPENID_NOT_ALLOWED));
        }
        if !granted.iter().any(|g| g == scope) {
            return Err(invalid_scope(SCOPE_INVALID));
        }
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err(invalid_scope(NO_SCOPES));
    }
    Ok(scopes)
}

/// The `(client_id, client_secret)` of a `Basic` Authorization header.
fn basic_credentials(authorization: &str) -> Option<(String, String)> {
    let (scheme, encoded) = authorization.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decode(id), form_decode(secret)))
}

/// Undoes application/x-www-form-urlencoded escaping (RFC 6749 §2.3.1).
fn form_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// A non-empty form parameter.
fn param<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_str())
}

fn invalid_request(description: &'static str) -> SimError {
    SimError::oauth(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn invalid_client(description: &'static str) -> SimError {
    SimError::oauth(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn invalid_proof(description: &'static str) -> SimError {
    SimError::oauth(StatusCode::BAD_REQUEST, "invalid_dpop_proof", description)
}

/// What the endpoint needs of the sim's configuration.
struct Server<'a> {
    issuer: &'a str,
    token_url: String,
    ttl_secs: u64,
    require_dpop: bool,
    granted_scopes: &'a [String],
}

/// A token request as received.
struct TokenRequest<'a> {
    query: Option<&'a str>,
    /// Whether the body is `application/x-www-form-urlencoded` (otherwise it is not read).
    form_body: bool,
    authorization: Option<&'a str>,
    dpop: Vec<&'a str>,
    body: &'a [u8],
}

impl<'a> TokenRequest<'a> {
    fn new(query: Option<&'a str>, headers: &'a HeaderMap, body: &'a [u8]) -> Self {
        let text = |v: &'a HeaderValue| v.to_str().unwrap_or_default();
        let form_body = headers
            .get(header::CONTENT_TYPE)
            .map(text)
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        TokenRequest {
            query,
            form_body,
            authorization: headers.get(header::AUTHORIZATION).map(text),
            dpop: headers.get_all("dpop").iter().map(text).collect(),
            body,
        }
    }

    /// The body's parameters; refuses credentials in the query and repeated parameters.
    fn form(&self) -> Result<Vec<(String, String)>, SimError> {
        let query = url::form_urlencoded::parse(self.query.unwrap_or_default().as_bytes());
        if query.into_iter().any(|(k, _)| CREDENTIAL_PARAMS.contains(&k.as_ref())) {
            return Err(invalid_request(CREDS_IN_QUERY));
        }
        let body = if self.form_body { self.body } else { &[] };
        let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
        let mut seen = BTreeSet::new();
        if form.iter().any(|(k, _)| !seen.insert(k.as_str())) {
            return Err(invalid_request(DUPLICATE_PARAMS));
        }
        Ok(form)
    }
}

/// A successful token response, fields in Okta's order.
#[derive(Debug, Serialize)]
struct Grant {
    token_type: &'static str,
    expires_in: u64,
    access_token: String,
    scope: String,
}

impl IntoResponse for Grant {
    fn into_response(self) -> Response {
        let mut response = (StatusCode::OK, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        response
    }
}

/// Claims of an issued access token (Okta org AS tokens carry `ver`, `cid`, `scp`).
#[derive(Serialize)]
struct TokenClaims<'a> {
    ver: u8,
    jti: &'a str,
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    iat: i64,
    exp: i64,
    cid: &'a str,
    scp: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    cnf: Option<Confirmation<'a>>,
}

/// RFC 9449 `cnf` claim of a DPoP-bound token.
#[derive(Serialize)]
struct Confirmation<'a> {
    jkt: &'a str,
}

/// Entries that lapse at a given second, forgotten in that order.
struct Expiring<V> {
    entries: BTreeMap<String, V>,
    order: BTreeSet<(i64, String)>,
}

impl<V> Default for Expiring<V> {
    fn default() -> Self {
        Expiring { entries: BTreeMap::new(), order: BTreeSet::new() }
    }
}

impl<V> Expiring<V> {
    fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds `key` until `lapses_at`; false (and nothing changed) when it is already present.
    fn insert(&mut self, key: &str, lapses_at: i64, value: V) -> bool {
        if self.entries.contains_key(key) {
            return false;
        }
        self.entries.insert(key.to_owned(), value);
        self.order.insert((lapses_at, key.to_owned()));
        true
    }

    /// Forgets every entry lapsing before `cutoff`.
    fn forget_before(&mut self, cutoff: i64) {
        while self.order.first().is_some_and(|(at, _)| *at < cutoff) {
            if let Some((_, key)) = self.order.pop_first() {
                self.entries.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::testing::{dpop_proof, ec_key, jwt, pair_key, rsa_key, TestKey};
    use crate::keys::{self, ClientKeyPair, KeyType, ProofTarget};
    use serde_json::{json, Value};

    const ISSUER: &str = "http://127.0.0.1:8080";
    const TOKEN_URL: &str = "http://127.0.0.1:8080/oauth2/v1/token";
    const NOW: i64 = 1_700_000_000;

    struct Fixture {
        oauth: OAuthState,
        secrets: IssuedSecrets,
        key: ClientKeyPair,
        scopes: Vec<String>,
        require_dpop: bool,
    }

    fn fixture(extra_rsa: bool, require_dpop: bool) -> Fixture {
        let secrets = keys::issue(7);
        let key = keys::client_key(7, KeyType::Ec, &secrets.key_id);
        let mut config = SimConfig { seed: 7, ..SimConfig::default() };
        if extra_rsa {
            config.extra_client_keys.push(rsa_key().jwk.clone());
        }
        let scopes = vec!["okta.users.read".to_string(), "okta.logs.read".to_string()];
        Fixture { oauth: OAuthState::new(&config, &secrets, &key.public_jwk), secrets, key, scopes, require_dpop }
    }

    impl Fixture {
        fn post(
            &mut self,
            body: &str,
            authorization: Option<&str>,
            dpop: &[&str],
            now: i64,
        ) -> Result<Grant, SimError> {
            self.request(None, body, authorization, dpop, now)
        }

        fn request(
            &mut self,
            query: Option<&str>,
            body: &str,
            authorization: Option<&str>,
            dpop: &[&str],
            now: i64,
        ) -> Result<Grant, SimError> {
            let req =
                TokenRequest { query, form_body: true, authorization, dpop: dpop.to_vec(), body: body.as_bytes() };
            let server = Server {
                issuer: ISSUER,
                token_url: TOKEN_URL.into(),
                ttl_secs: 3600,
                require_dpop: self.require_dpop,
                granted_scopes: &self.scopes,
            };
            self.oauth.grant(&req, &server, now)
        }

        fn basic(&self) -> String {
            let pair = format!("{}:{}", self.secrets.client_id, self.secrets.client_secret);
            format!("Basic {}", STANDARD.encode(pair))
        }

        fn claims(&self, jti: &str, now: i64) -> Value {
            let id = &self.secrets.client_id;
            json!({"iss": id, "sub": id, "aud": TOKEN_URL, "iat": now, "exp": now + 300, "jti": jti})
        }

        fn jwt_body(&self, key: &TestKey, kid: Option<&str>, claims: &Value) -> String {
            let assertion = jwt(key, kid, claims);
            format!("grant_type=client_credentials&scope=okta.users.read&client_assertion_type={ASSERTION_TYPE}&client_assertion={assertion}")
        }

        fn signed_body(&self, jti: &str, now: i64) -> String {
            let key = pair_key(&self.key);
            self.jwt_body(&key, Some(&self.secrets.key_id), &self.claims(jti, now))
        }
    }

    fn token_proof_claims(jti: &str, nonce: Option<&str>, now: i64) -> Value {
        let mut claims = json!({"htm": "POST", "htu": TOKEN_URL, "iat": now, "jti": jti});
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        claims
    }

    fn oauth_error(result: Result<Grant, SimError>) -> (StatusCode, &'static str, String, Vec<(&'static str, String)>) {
        match result {
            Err(SimError::OAuth { status, error, description, headers }) => (status, error, description, headers),
            other => panic!("expected an OAuth error, got {other:?}"),
        }
    }

    fn description(result: Result<Grant, SimError>) -> String {
        oauth_error(result).2
    }

    #[test]
    fn client_secret_basic_grants_bearer_token_with_requested_scopes() {
        let mut f = fixture(false, false);
        let auth = f.basic();
        let body = "grant_type=client_credentials&scope=okta.logs.read+okta.users.read+okta.logs.read";
        let grant = f.post(body, Some(&auth), &[], NOW).unwrap();
        assert_eq!((grant.token_type, grant.expires_in), ("Bearer", 3600));
        assert_eq!(grant.scope, "okta.logs.read okta.users.read");
        assert!(grant.access_token.starts_with("eyJ"));
        let issued = f.oauth.issued(&grant.access_token).unwrap();
        assert_eq!(issued.scopes, ["okta.logs.read", "okta.users.read"]);
        assert_eq!((issued.expires_at, issued.jkt.as_deref()), (NOW + 3600, None));
        assert_eq!(issued.client_id, f.secrets.client_id);
    }

    #[test]
    fn wrong_basic_credentials_are_invalid_client() {
        let mut f = fixture(false, false);
        let body = "grant_type=client_credentials&scope=okta.users.read";
        let wrong_secret = format!("Basic {}", STANDARD.encode(format!("{}:nope", f.secrets.client_id)));
        let (status, error, desc, _) = oauth_error(f.post(body, Some(&wrong_secret), &[], NOW));
        assert_eq!((status, error, desc.as_str()), (StatusCode::UNAUTHORIZED, "invalid_client", BAD_SECRET));
        let wrong_id = format!("Basic {}", STANDARD.encode(format!("0oaX:{}", f.secrets.client_secret)));
        assert_eq!(description(f.post(body, Some(&wrong_id), &[], NOW)), BAD_CLIENT_ID);
        assert_eq!(description(f.post(body, Some("Basic !!!"), &[], NOW)), BAD_BASIC);
        assert_eq!(description(f.post(body, Some("Bearer abc"), &[], NOW)), BAD_BASIC);
    }

    #[test]
    fn request_shape_errors() {
        let mut f = fixture(false, false);
        let auth = f.basic();
        let (status, error, ..) =
            oauth_error(f.post("grant_type=client_credentials&scope=okta.users.read", None, &[], NOW));
        assert_eq!((status, error), (StatusCode::UNAUTHORIZED, "invalid_client"));
        let both = f.signed_body("j1", NOW);
        let (status, error, desc, _) = oauth_error(f.post(&both, Some(&auth), &[], NOW));
        assert_eq!((status, error, desc.as_str()), (StatusCode::BAD_REQUEST, "invalid_request", MULTIPLE_CREDENTIALS));
        let query = Some("client_secret=x");
        let desc = description(f.request(query, "grant_type=client_credentials", Some(&auth), &[], NOW));
        assert_eq!(desc, CREDS_IN_QUERY);
        let dup = "grant_type=client_credentials&scope=a&scope=b";
        assert_eq!(description(f.post(dup, Some(&auth), &[], NOW)), DUPLICATE_PARAMS);
        assert_eq!(description(f.post("scope=okta.users.read", Some(&auth), &[], NOW)), MISSING_GRANT_TYPE);
        let (_, error, ..) = oauth_error(f.post("grant_type=password", Some(&auth), &[], NOW));
        assert_eq!(error, "unsupported_grant_type");
        let post = format!(
            "grant_type=client_credentials&scope=okta.users.read&client_id={}&client_secret={}",
            f.secrets.client_id, f.secrets.client_secret
        );
        assert_eq!(description(f.post(&post, None, &[], NOW)), SECRET_POST);
    }

    #[test]
    fn scopes_must_be_requested_and_granted() {
        let mut f = fixture(false, false);
        let auth = f.basic();
        let (_, error, desc, _) = oauth_error(f.post("grant_type=client_credentials", Some(&auth), &[], NOW));
        assert_eq!((error, desc.as_str()), ("invalid_scope", NO_SCOPES));
        let body = "grant_type=client_credentials&scope=okta.users.read+okta.users.manage";
        assert_eq!(description(f.post(body, Some(&auth), &[], NOW)), SCOPE_INVALID);
        let body = "grant_type=client_credentials&scope=openid";
        assert_eq!(description(f.post(body, Some(&auth), &[], NOW)), OPENID_NOT_ALLOWED);
    }

    #[test]
    fn private_key_jwt_with_printed_and_extra_rsa_key() {
        let mut f = fixture(true, false);
        let body = f.signed_body("jti-1", NOW);
        assert_eq!(f.post(&body, None, &[], NOW).unwrap().token_type, "Bearer");
        let rsa_body = f.jwt_body(rsa_key(), Some("rsa-1"), &f.claims("jti-2", NOW));
        f.post(&rsa_body, None, &[], NOW).unwrap();
    }

    #[test]
    fn assertion_jti_is_single_use_until_it_expires() {
        let mut f = fixture(false, false);
        let body = f.signed_body("same", NOW);
        f.post(&body, None, &[], NOW).unwrap();
        assert_eq!(description(f.post(&body, None, &[], NOW + 10)), ASSERTION_REUSED);
        let later = f.signed_body("same", NOW + 400);
        f.post(&later, None, &[], NOW + 400).unwrap();
    }

    #[test]
    fn dpop_flow_with_nonce_challenge() {
        let mut f = fixture(false, true);
        let dpop_key = ec_key(11, None);
        let body = f.signed_body("a1", NOW);
        assert_eq!(description(f.post(&body, None, &[], NOW)), PROOF_MISSING);
        let first = dpop_proof(&dpop_key, &token_proof_claims("p1", None, NOW));
        let body = f.signed_body("a2", NOW);
        let (status, error, desc, headers) = oauth_error(f.post(&body, None, &[&first], NOW));
        assert_eq!((status, error, desc.as_str()), (StatusCode::BAD_REQUEST, "use_dpop_nonce", USE_NONCE));
        let (name, nonce) = headers[0].clone();
        assert_eq!(name, "dpop-nonce");
        let second = dpop_proof(&dpop_key, &token_proof_claims("p2", Some(&nonce), NOW));
        let body = f.signed_body("a3", NOW);
        let grant = f.post(&body, None, &[&second], NOW).unwrap();
        assert_eq!(grant.token_type, "DPoP");
        let jkt = keys::thumbprint(&dpop_key.jwk);
        assert_eq!(f.oauth.issued(&grant.access_token).unwrap().jkt, jkt);
        let body = f.signed_body("a4", NOW);
        assert_eq!(description(f.post(&body, None, &[&second], NOW)), PROOF_REUSED);
        let body = f.signed_body("a5", NOW);
        assert_eq!(description(f.post(&body, None, &[&first, &second], NOW)), PROOF_MULTIPLE);
    }

    #[test]
    fn assertion_failures_are_invalid_client() {
        let mut f = fixture(true, false);
        let impostor = f.jwt_body(&ec_key(9, None), Some(&f.secrets.key_id), &f.claims("c", NOW));
        let (status, error, desc, _) = oauth_error(f.post(&impostor, None, &[], NOW));
        assert_eq!((status, error), (StatusCode::UNAUTHORIZED, "invalid_client"));
        assert_eq!(desc, "The client_assertion signature is invalid.");
        let wrong_type = f.signed_body("t", NOW).replace(ASSERTION_TYPE, "urn:bad");
        assert_eq!(description(f.post(&wrong_type, None, &[], NOW)), ASSERTION_TYPE_INVALID);
        let other_client = format!("{}&client_id=0oaOther", f.signed_body("u", NOW));
        assert_eq!(description(f.post(&other_client, None, &[], NOW)), BAD_CLIENT_ID);
    }

    #[test]
    fn proof_jti_is_spent_once() {
        let key = ec_key(14, None);
        let target = ProofTarget { method: "POST", url: TOKEN_URL, access_token: None };
        let proof = dpop_proof(&key, &token_proof_claims("r1", None, NOW));
        let verified = keys::verify_proof(&proof, &target, NOW).unwrap();
        let mut oauth = fixture(false, false).oauth;
        assert!(oauth.spend_proof(&verified, NOW).is_ok());
        assert_eq!(oauth.spend_proof(&verified, NOW + 1), Err(PROOF_REUSED));
    }

    #[test]
    fn nonce_rotates_daily_and_previous_one_is_accepted() {
        let mut f = fixture(false, true);
        let first = f.oauth.current_nonce(NOW).to_owned();
        assert!(f.oauth.nonce_accepted(Some(&first), NOW + 10));
        assert!(!f.oauth.nonce_accepted(Some("stale"), NOW + 10));
        assert!(!f.oauth.nonce_accepted(None, NOW + 10));
        let day = NOW + NONCE_ROTATION_SECS;
        let second = f.oauth.current_nonce(day).to_owned();
        assert_ne!(first, second);
        assert!(f.oauth.nonce_accepted(Some(&first), day));
        f.oauth.current_nonce(day + NONCE_ROTATION_SECS);
        assert!(!f.oauth.nonce_accepted(Some(&first), day + NONCE_ROTATION_SECS));
        assert!(f.oauth.nonce_accepted(Some(&second), day + NONCE_ROTATION_SECS));
    }

    #[test]
    fn dpop_ignored_when_not_required() {
        let mut f = fixture(false, false);
        let body = f.signed_body("n1", NOW);
        let garbage = "not-a-proof";
        let grant = f.post(&body, None, &[garbage], NOW).unwrap();
        assert_eq!(grant.token_type, "Bearer");
        assert!(f.oauth.issued(&grant.access_token).unwrap().jkt.is_none());
    }

    #[test]
    fn same_seed_same_first_token_claims() {
        let mint = || {
            let mut f = fixture(false, false);
            f.oauth.mint(ISSUER, vec!["okta.users.read".into()], None, 60, NOW).unwrap()
        };
        assert_eq!(mint(), mint());
    }

    #[test]
    fn expired_tokens_are_forgotten_after_a_day() {
        let mut oauth = fixture(false, false).oauth;
        let old = oauth.mint(ISSUER, vec!["okta.users.read".into()], None, 60, NOW).unwrap();
        oauth.mint(ISSUER, vec!["okta.users.read".into()], None, 60, NOW + 3600).unwrap();
        assert!(oauth.issued(&old).is_some());
        oauth.mint(ISSUER, vec!["okta.users.read".into()], None, 60, NOW + 60 + EXPIRED_TOKEN_MEMORY_SECS + 1).unwrap();
        assert!(oauth.issued(&old).is_none());
    }
}
