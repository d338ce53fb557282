//! The client credentials grant at the org authorization server (API-NOTES §1b–1d):
//! client_secret_basic or private_key_jwt, always with a DPoP proof so an app that requires
//! DPoP gets a bound token on the first try (no failed grant in its log) and one that does not
//! gets a Bearer token. `use_dpop_nonce` is answered once with the server's nonce; 429s wait
//! for the bucket's reset; 5xx and broken answers are retried a few times (each attempt with
//! a fresh assertion and proof: their `jti`s are single use).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use serde::Deserialize;
use serde_json::Value;
use zeroize::{Zeroize, Zeroizing};

use super::assertion::client_assertion;
use super::dpop::DpopKey;
use super::error::{AuthError, Refusal};
use super::keys::SigningKey;
use crate::okta::body::{read_capped, BodyError};
use crate::secret::Secret;

/// The whole token request, connection included (the HTTP client may allow less).
const TIMEOUT: Duration = Duration::from_secs(30);
/// Retries after 429s, 5xx and broken answers, per token acquisition.
const TRANSIENT_RETRIES: u32 = 3;
/// The longest wait for a rate-limit reset (Okta's windows are a minute).
const MAX_RESET_WAIT: Duration = Duration::from_secs(61);
/// Assumed lifetime when a token response has no `expires_in` (Okta's is fixed at an hour).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The most a token response may hold (Okta's are about 1 KiB).
const MAX_BODY: usize = 1024 * 1024;
/// The longest DPoP nonce kept (Okta's are 32 characters); a longer one is ignored.
const MAX_NONCE: usize = 1024;
/// The longest lifetime believed (a day, Okta's maximum for any access token).
const MAX_LIFETIME: Duration = Duration::from_secs(86_400);
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How the service app proves who it is.
pub(crate) enum ClientAuth {
    /// client_secret_basic: the prepared `Authorization: Basic …` value and the secret itself
    /// (kept only to scrub it from anything the server echoes).
    Secret {
        /// `Basic base64(id:secret)`, marked sensitive.
        header: HeaderValue,
        /// The client secret, shared with the credential it came from.
        secret: Arc<Secret>,
    },
    /// private_key_jwt with this key and `kid`.
    Jwt {
        /// The app's private key.
        key: SigningKey,
        /// The `kid` of the registered public key.
        kid: Option<String>,
    },
}

/// The token endpoint and everything a token request carries.
pub(crate) struct TokenEndpoint {
    url: String,
    client_id: String,
    auth: ClientAuth,
    /// Space-separated.
    scopes: String,
    dpop: DpopKey,
}

/// An access token as the org issued it.
pub(crate) struct IssuedToken {
    /// The token.
    pub(crate) access_token: Secret,
    /// `token_type` was `DPoP`: the token is bound to the DPoP key.
    pub(crate) dpop_bound: bool,
    /// `expires_in`.
    pub(crate) lifetime: Duration,
    /// `scope`, split (the requested scopes if the answer had none).
    pub(crate) scopes: Vec<String>,
}

/// Why one attempt failed, and whether another is worth it.
enum Failure {
    /// `use_dpop_nonce`: the nonce is remembered, try again.
    Nonce,
    /// Worth retrying; `wait` is the server's (a rate-limit reset), else back off.
    Transient { wait: Option<Duration>, error: AuthError },
    /// Not worth retrying.
    Fatal(AuthError),
}

impl TokenEndpoint {
    /// The endpoint at `url` for `client_id`, asking for `scopes`.
    pub(crate) fn new(url: String, client_id: String, auth: ClientAuth, scopes: &[String]) -> Self {
        TokenEndpoint { url, client_id, auth, scopes: scopes.join(" "), dpop: DpopKey::generate() }
    }

    /// The DPoP key the endpoint's proofs are signed with.
    pub(crate) fn dpop(&self) -> &DpopKey {
        &self.dpop
    }

    /// `"client secret"` or `"private_key_jwt"`.
    pub(crate) fn method(&self) -> &'static str {
        match self.auth {
            ClientAuth::Secret { .. } => "client secret",
            ClientAuth::Jwt { .. } => "private_key_jwt",
        }
    }

    /// Requests a new access token.
    pub(crate) async fn fetch(&self, http: &reqwest::Client) -> Result<IssuedToken, AuthError> {
        let mut nonce_retried = false;
        let mut retries = 0;
        loop {
            match self.attempt(http).await {
                Ok(token) => return Ok(token),
                Err(Failure::Nonce) if !nonce_retried => {
                    tracing::debug!("token endpoint asked for a DPoP nonce; retrying with it");
                    nonce_retried = true;
                }
                Err(Failure::Nonce) => return Err(AuthError::NonceRejected),
                Err(Failure::Transient { wait, error }) if retries < TRANSIENT_RETRIES => {
                    retries += 1;
                    let wait = wait.unwrap_or_else(|| backoff(retries));
                    tracing::debug!("token request failed ({error}); retry {retries} in {wait:?}");
                    tokio::time::sleep(wait).await;
                }
                Err(Failure::Transient { error, .. } | Failure::Fatal(error)) => return Err(error),
            }
        }
    }

    /// One token request, bounded by [`TIMEOUT`] (and by the client's own timeouts).
    async fn attempt(&self, http: &reqwest::Client) -> Result<IssuedToken, Failure> {
        let exchange = async {
            let response = self.request(http).send().await?;
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            Ok::<_, reqwest::Error>((status, headers, read_capped(response, MAX_BODY).await))
        };
        let timeout = || Failure::Fatal(AuthError::Timeout { url: self.url.clone() });
        let (status, headers, body) = tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| timeout())?
            .map_err(|e| self.transport_failure(&e))?;
        let body = match body {
            // The body holds the access token: kept where it is wiped after use.
            Ok(body) => Zeroizing::new(Vec::from(body)),
            Err(BodyError::Transport(e)) => return Err(self.transport_failure(&e)),
            Err(BodyError::TooLarge) => {
                let what = format!("a body larger than {} KiB", MAX_BODY / 1024);
                return Err(Failure::Fatal(AuthError::BadResponse { url: self.url.clone(), status, what }));
            }
        };
        if let Some(nonce) = header_str(&headers, "dpop-nonce").filter(|n| n.len() <= MAX_NONCE) {
            self.dpop.remember_nonce(nonce);
        }
        match status {
            200..=299 => self.issued(status, &body),
            429 => Err(Failure::Transient { wait: Some(reset_wait(&headers)), error: AuthError::RateLimited }),
            500..=599 => {
                let error_id = error_fields(&body).and_then(|f| f.error_id);
                Err(Failure::Transient { wait: None, error: AuthError::ServerError { status, error_id } })
            }
            _ => Err(self.refused(status, &headers, &body)),
        }
    }

    /// The POST: form, client authentication, DPoP proof, timeout.
    fn request(&self, http: &reqwest::Client) -> reqwest::RequestBuilder {
        let now = chrono::Utc::now().timestamp();
        let mut form = vec![("grant_type", "client_credentials".to_owned()), ("scope", self.scopes.clone())];
        let mut request = http
            .post(&self.url)
            .header(ACCEPT, "application/json")
            .header("DPoP", self.dpop.token_proof(&self.url, now));
        match &self.auth {
            ClientAuth::Secret { header, .. } => request = request.header(AUTHORIZATION, header.clone()),
            ClientAuth::Jwt { key, kid } => {
                form.push(("client_assertion_type", ASSERTION_TYPE.to_owned()));
                form.push(("client_assertion", client_assertion(key, kid.as_deref(), &self.client_id, &self.url, now)));
            }
        }
        let request = request.form(&form);
        // Our copy of the signed assertion; the request body's own is reqwest's to drop.
        form.iter_mut().for_each(|(_, value)| value.zeroize());
        request
    }

    /// A 2xx answer: the token, or a broken answer worth another try.
    fn issued(&self, status: u16, body: &[u8]) -> Result<IssuedToken, Failure> {
        let bad = |what: &str| AuthError::BadResponse { url: self.url.clone(), status, what: what.to_owned() };
        let Ok(mut grant) = serde_json::from_slice::<Grant>(body) else {
            return Err(Failure::Transient { wait: None, error: bad("a body that is not a token response") });
        };
        // Owned by a Secret at once, so it is wiped on every way out.
        let access_token = Secret::new(std::mem::take(&mut grant.access_token));
        let dpop_bound = match grant.token_type.to_ascii_lowercase().as_str() {
            "dpop" => true,
            "bearer" => false,
            _ => return Err(Failure::Fatal(bad("a token type other than Bearer or DPoP"))),
        };
        if access_token.expose().is_empty() || !access_token.expose().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Failure::Fatal(bad("an access token that cannot be sent in a header")));
        }
        let scopes = grant.scope.as_deref().unwrap_or(&self.scopes).split_whitespace().map(str::to_owned).collect();
        let lifetime = grant.expires_in.as_ref().and_then(seconds).unwrap_or(DEFAULT_LIFETIME);
        Ok(IssuedToken { access_token, dpop_bound, lifetime, scopes })
    }

    /// A 4xx answer (or any other non-2xx, non-5xx).
    fn refused(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> Failure {
        let Some(fields) = error_fields(body) else {
            let what = match header_str(headers, "content-type") {
                Some(kind) => format!("a body of type {} that is not an OAuth error", self.scrub(kind)),
                None => "a body that is not an OAuth error".to_owned(),
            };
            return Failure::Fatal(AuthError::BadResponse { url: self.url.clone(), status, what });
        };
        if fields.error == "use_dpop_nonce" && headers.contains_key("dpop-nonce") {
            return Failure::Nonce;
        }
        let refusal = Refusal::new(
            status,
            self.scrub(&fields.error),
            self.scrub(&fields.description),
            fields.error_id.map(|id| self.scrub(&id)),
            &self.scopes,
        );
        Failure::Fatal(AuthError::Refused(refusal))
    }

    /// A request that got no (complete) answer.
    fn transport_failure(&self, error: &reqwest::Error) -> Failure {
        let url = self.url.clone();
        if error.is_timeout() {
            return Failure::Fatal(AuthError::Timeout { url });
        }
        let unreachable = AuthError::Unreachable { url, reason: root_cause(error) };
        if error.is_connect() {
            Failure::Fatal(unreachable)
        } else {
            Failure::Transient { wait: None, error: unreachable }
        }
    }

    /// Server text with the client secret, should it ever be echoed, blanked out.
    fn scrub(&self, text: &str) -> String {
        match &self.auth {
            ClientAuth::Secret { secret, .. } if !secret.expose().is_empty() => {
                text.replace(secret.expose(), "<redacted>")
            }
            _ => text.to_owned(),
        }
    }
}

/// A successful token response. No `Debug`: it holds the token.
#[derive(Deserialize)]
struct Grant {
    token_type: String,
    access_token: String,
    expires_in: Option<Value>,
    scope: Option<String>,
}

/// `expires_in`, a number or a numeric string of seconds, at most [`MAX_LIFETIME`].
fn seconds(value: &Value) -> Option<Duration> {
    let secs = value.as_u64().or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))?;
    (secs > 0).then(|| Duration::from_secs(secs).min(MAX_LIFETIME))
}

/// The error fields of an OAuth error (`error`, `error_description`) or an Okta error object
/// (`errorCode`, `errorSummary`, `errorId`).
struct ErrorFields {
    error: String,
    description: String,
    error_id: Option<String>,
}

fn error_fields(body: &[u8]) -> Option<ErrorFields> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    if let Some(error) = text("error") {
        return Some(ErrorFields { error, description: text("error_description").unwrap_or_default(), error_id: None });
    }
    Some(ErrorFields {
        error: text("errorCode")?,
        description: text("errorSummary").unwrap_or_default(),
        error_id: text("errorId"),
    })
}

/// How long a 429 asks to wait: until `X-Rate-Limit-Reset`, measured against the response's
/// `Date` (so this computer's clock does not matter), plus a second; at most a window.
fn reset_wait(headers: &HeaderMap) -> Duration {
    let Some(reset) = header_str(headers, "x-rate-limit-reset").and_then(|r| r.trim().parse::<i64>().ok()) else {
        return Duration::from_secs(1);
    };
    let now = header_str(headers, "date")
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map_or_else(|| chrono::Utc::now().timestamp(), |d| d.timestamp());
    let secs = u64::try_from(reset.saturating_sub(now)).unwrap_or(0) + 1;
    Duration::from_secs(secs).min(MAX_RESET_WAIT)
}

/// 0.25 s, 0.5 s, 1 s … plus up to 0.25 s of jitter.
fn backoff(retry: u32) -> Duration {
    use rand::Rng;
    let base = 250u64 << retry.saturating_sub(1).min(4);
    Duration::from_millis(base + rand::thread_rng().gen_range(0..250))
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The innermost cause of a transport error ("Connection refused (os error 111)").
fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn endpoint(secret: &str) -> TokenEndpoint {
        let header = HeaderValue::from_static("Basic eA==");
        let auth = ClientAuth::Secret { header, secret: Secret::new(secret).into() };
        TokenEndpoint::new(
            "https://acme.okta.com/oauth2/v1/token".into(),
            "0oa1".into(),
            auth,
            &["okta.users.read".into()],
        )
    }

    #[test]
    fn reset_wait_is_measured_against_the_date_header() {
        let date = "Tue, 14 Nov 2023 22:13:20 GMT"; // 1_700_000_000
        assert_eq!(
            reset_wait(&headers(&[("x-rate-limit-reset", "1700000010"), ("date", date)])),
            Duration::from_secs(11)
        );
        assert_eq!(
            reset_wait(&headers(&[("x-rate-limit-reset", "1699999990"), ("date", date)])),
            Duration::from_secs(1)
        );
        assert_eq!(reset_wait(&headers(&[("x-rate-limit-reset", "1700009999"), ("date", date)])), MAX_RESET_WAIT);
        assert_eq!(reset_wait(&HeaderMap::new()), Duration::from_secs(1));
    }

    #[test]
    fn token_responses_are_read_leniently() {
        let e = endpoint("s3cret");
        let body = br#"{"token_type":"DPoP","expires_in":"600","access_token":"eyJ.a.b","scope":"a b"}"#;
        let token = e.issued(200, body).ok().unwrap();
        assert!(token.dpop_bound);
        assert_eq!((token.lifetime, token.scopes), (Duration::from_secs(600), vec!["a".to_owned(), "b".to_owned()]));
        let token = e.issued(200, br#"{"token_type":"bearer","access_token":"t"}"#).ok().unwrap();
        assert_eq!((token.dpop_bound, token.lifetime), (false, DEFAULT_LIFETIME));
        let huge = br#"{"token_type":"Bearer","access_token":"t","expires_in":18446744073709551615}"#;
        assert_eq!(e.issued(200, huge).ok().unwrap().lifetime, MAX_LIFETIME);
        assert_eq!(token.scopes, ["okta.users.read"]);
        assert!(matches!(e.issued(200, b"{\"token_ty"), Err(Failure::Transient { .. })));
        assert!(matches!(e.issued(200, br#"{"token_type":"mac","access_token":"t"}"#), Err(Failure::Fatal(_))));
        assert!(matches!(e.issued(200, br#"{"token_type":"Bearer","access_token":"a\nb"}"#), Err(Failure::Fatal(_))));
    }

    #[test]
    fn refusals_carry_okta_fields_without_the_secret() {
        let e = endpoint("s3cret");
        let body = br#"{"error":"invalid_client","error_description":"bad secret s3cret"}"#;
        let Failure::Fatal(AuthError::Refused(r)) = e.refused(401, &HeaderMap::new(), body) else { panic!() };
        assert_eq!(
            (r.status, r.error.as_str(), r.description.as_str()),
            (401, "invalid_client", "bad secret <redacted>")
        );
        let okta = br#"{"errorCode":"E0000022","errorSummary":"nope","errorId":"oae1"}"#;
        let Failure::Fatal(AuthError::Refused(r)) = e.refused(404, &HeaderMap::new(), okta) else { panic!() };
        assert_eq!((r.error.as_str(), r.error_id.as_deref()), ("E0000022", Some("oae1")));
        let html = headers(&[("content-type", "text/html")]);
        let Failure::Fatal(AuthError::BadResponse { what, .. }) = e.refused(403, &html, b"<html>") else { panic!() };
        assert!(what.contains("text/html"));
        let nonce = br#"{"error":"use_dpop_nonce","error_description":"x"}"#;
        assert!(matches!(e.refused(400, &headers(&[("dpop-nonce", "n")]), nonce), Failure::Nonce));
        assert!(matches!(e.refused(400, &HeaderMap::new(), nonce), Failure::Fatal(AuthError::Refused(_))));
    }
}
