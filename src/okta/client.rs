//! The HTTP core: one `Client` per profile, cheap to clone, shared by every task.
//!
//! Every request goes through [`Client::execute`]: rate-limit pacing, auth headers (with a
//! fresh DPoP proof when bound), `User-Agent`, timeouts; then the answer decides: a 429 waits
//! for the bucket's reset (at most 61 s, see `throttle`) and retries; a 401 lets the
//! authenticator drop the refused token and renew it once; a GET is retried on 5xx (not on
//! Okta's query timeout: the same query would time out again), dropped
//! connections and truncated bodies, with jittered backoff; a request that changes the org is
//! never retried (not after a 429, a 5xx or a lost answer), and a read-only client refuses it
//! before it leaves the process. The one exception for a change: an OAuth token Okta refused
//! with 401 (a definite "not applied") is replaced, and the change is sent once more with the
//! new token, never with the refused one; a second refusal is reported. An interactive
//! request fails rather than wait for the rate limit past its timeout. Bodies are read under
//! a cap ([`MAX_BODY`]). Lists are paged by following `Link: rel="next"` exactly as given, as
//! a stream of pages that stops with an error when a link comes round again. Orgs on a
//! loopback host (the simulated org) are reached directly, never through a proxy from the
//! environment.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use rand::Rng;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::auth::{Authenticator, Retry, TokenId};
use super::body::{mib, read_capped, BodyError};
use super::credential::Credential;
use super::error::{strip_query, OktaError};
use super::model::OktaErrorBody;
use super::ratelimit::{bucket_key, Priority, RateLimiter};
use super::throttle::{RateWait, WaitReason};
use super::url::OrgUrl;

pub use super::body::MAX_BODY;

/// Attempts per request (the first try included) before giving up.
const MAX_ATTEMPTS: u32 = 6;
/// Whole-request timeout by default.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Connection timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Pages one listing may have: the bound of its set of followed links (8 bytes each).
const MAX_PAGES: usize = 1_000_000;

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Response {
    /// The absolute URL of `rel="next"`, from every `Link` header line.
    pub fn next_link(&self) -> Option<String> {
        next_link(&self.headers)
    }

    /// `X-Okta-Request-Id`.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }
}

/// The `rel="next"` URL among `Link` header lines (one line per rel, or comma-joined).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find(|part| part.split(';').skip(1).any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next")))
        .and_then(|part| Some(part.split_once('<')?.1.split_once('>')?.0.trim().to_string()))
}

/// The links one listing has followed, kept as 64-bit hashes (a bounded set: at most
/// [`MAX_PAGES`]).
#[derive(Default)]
struct Followed {
    hasher: std::collections::hash_map::RandomState,
    seen: HashSet<u64>,
}

impl Followed {
    /// Counts `url` in; false if it was followed before or the listing is past [`MAX_PAGES`].
    fn first_time(&mut self, url: &Url) -> bool {
        self.seen.len() < MAX_PAGES && self.seen.insert(self.hasher.hash_one(url.as_str()))
    }

    fn count(&self) -> usize {
        self.seen.len()
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("x-okta-request-id").and_then(|v| v.to_str().ok()).map(str::to_string)
}

struct Inner {
    http: reqwest::Client,
    org: OrgUrl,
    auth: Authenticator,
    limiter: RateLimiter,
    /// Each request's timeout, which also bounds an interactive request's rate-limit waits.
    timeout: Duration,
}

/// A connection to one Okta org.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Refuse every request but GET before it is sent (`--read-only`, `read_only = true`).
    read_only: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("org", &self.inner.org.as_str())
            .field("auth", &self.inner.auth.describe())
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl Client {
    /// A client for `org` with `credential`. Key material is checked now.
    pub fn new(org: OrgUrl, credential: Credential) -> Result<Client, OktaError> {
        Client::with_timeout(org, credential, REQUEST_TIMEOUT)
    }

    /// A client whose requests each wait at most `timeout` for their answer.
    /// An org on a loopback host is reached directly: a proxy from `HTTP_PROXY`,
    /// `HTTPS_PROXY` or `ALL_PROXY` would otherwise see its token (in clear, over `http://`).
    /// Other orgs honour those variables and `NO_PROXY`.
    pub fn with_timeout(org: OrgUrl, credential: Credential, timeout: Duration) -> Result<Client, OktaError> {
        let mut builder = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none());
        if org.is_loopback() {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| OktaError::Network {
            method: "-".into(),
            path: "-".into(),
            host: org.host().to_string(),
            detail: e.to_string(),
            hint: "the HTTP client could not start",
        })?;
        let auth = Authenticator::new(credential, &org, http.clone())?;
        let inner = Inner { http, org, auth, limiter: RateLimiter::default(), timeout };
        Ok(Client { inner: Arc::new(inner), read_only: false })
    }

    /// This client, refusing from now on every request that could change the org. There is
    /// no way back: a read-only client stays read-only.
    pub fn into_read_only(mut self) -> Client {
        self.read_only = true;
        self
    }

    /// This client, for a process no one interacts with while it runs (a headless sweep):
    /// its background work spends the whole rate-limit bucket instead of leaving a reserve
    /// for interactive calls. Clones share it.
    pub fn unattended(self) -> Client {
        self.inner.limiter.set_unattended();
        self
    }

    /// Whether this client refuses requests that change the org.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The org this client talks to.
    pub fn org(&self) -> &OrgUrl {
        &self.inner.org
    }

    /// The authenticator (mode, granted scopes, DPoP state).
    pub fn auth(&self) -> &Authenticator {
        &self.inner.auth
    }

    /// The process-wide rate limiter of this org.
    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Resolves a path (`/api/v1/users?limit=200`) or an absolute URL on the org. A URL on
    /// another origin is refused: credentials are never sent elsewhere.
    pub(super) fn resolve(&self, target: &str) -> Result<Url, OktaError> {
        let malformed =
            |detail: String| OktaError::Malformed { method: "GET".into(), path: strip_query(target), detail };
        let absolute = if target.starts_with('/') { self.inner.org.url(target) } else { target.to_string() };
        let url = Url::parse(&absolute).map_err(|e| malformed(format!("not a URL: {e}")))?;
        let org = Url::parse(self.inner.org.as_str()).map_err(|e| malformed(e.to_string()))?;
        if url.origin() != org.origin() {
            return Err(malformed(format!("a link points to {}, not to the org", url.origin().ascii_serialization())));
        }
        Ok(url)
    }

    /// GET `target` (a path or an org URL), with pacing and retries.
    pub(in crate::okta) async fn get(&self, target: &str, priority: Priority) -> Result<Response, OktaError> {
        let url = self.resolve(target)?;
        self.execute(Method::GET, url, priority).await
    }

    /// GET and parse JSON; a truncated or malformed body is fetched again (GET is safe to
    /// repeat) before it counts as an error.
    pub(in crate::okta) async fn get_json<T: DeserializeOwned>(
        &self,
        target: &str,
        priority: Priority,
    ) -> Result<(T, Response), OktaError> {
        let url = self.resolve(target)?;
        let mut last = String::new();
        for _ in 0..3 {
            let resp = self.execute(Method::GET, url.clone(), priority).await?;
            match serde_json::from_slice(&resp.body) {
                Ok(v) => return Ok((v, resp)),
                Err(e) => last = e.to_string(),
            }
        }
        Err(OktaError::Malformed { method: "GET".into(), path: url.path().to_string(), detail: last })
    }

    /// The pages of a list, following `rel="next"` until it is absent. Each item is one page.
    /// A `next` link already followed in this listing ends it with
    /// [`OktaError::PagingLoop`]: the server is repeating or cycling, and the list would
    /// never end. (The System Log tail polls on purpose and does not page through here.)
    pub(in crate::okta) fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        target: &str,
        priority: Priority,
    ) -> impl Stream<Item = Result<Vec<T>, OktaError>> + Send + 'static {
        let client = self.clone();
        let start = (Some(target.to_string()), Followed::default());
        futures_util::stream::try_unfold(start, move |(next, mut followed)| {
            let client = client.clone();
            async move {
                let Some(target) = next else { return Ok(None) };
                let url = client.resolve(&target)?;
                if !followed.first_time(&url) {
                    return Err(OktaError::PagingLoop {
                        method: "GET".into(),
                        path: url.path().to_string(),
                        pages: followed.count(),
                    });
                }
                let (items, resp): (Vec<T>, Response) = client.get_json(url.as_str(), priority).await?;
                Ok(Some((items, (resp.next_link(), followed))))
            }
        })
    }

    /// Every item of a list, all pages.
    pub(in crate::okta) async fn get_all<T: DeserializeOwned + Send + 'static>(
        &self,
        target: &str,
        priority: Priority,
    ) -> Result<Vec<T>, OktaError> {
        let pages: Vec<Vec<T>> = self.pages(target, priority).try_collect().await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// Sends one request with pacing, auth and the retry rules of the module doc.
    pub(super) async fn execute(&self, method: Method, url: Url, priority: Priority) -> Result<Response, OktaError> {
        self.execute_with(method, url, None, priority).await
    }

    /// [`Client::execute`] with a JSON body (`body`), sent as `application/json`; a POST
    /// without one is sent with `Content-Length: 0`, as Okta's lifecycle operations need.
    pub(super) async fn execute_with(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
        priority: Priority,
    ) -> Result<Response, OktaError> {
        let safe_to_repeat = method == Method::GET;
        if self.read_only && !safe_to_repeat {
            return Err(OktaError::ReadOnly { method: method.to_string(), path: url.path().to_string() });
        }
        let key = bucket_key(method.as_str(), url.path());
        // An interactive request (someone waits on it) never waits for the rate limit past
        // its timeout; background sweeps and the tail pace themselves across windows.
        let deadline = match priority {
            Priority::Interactive => tokio::time::Instant::now().checked_add(self.inner.timeout),
            Priority::Background => None,
        };
        let throttled = |wait: RateWait| OktaError::Throttled {
            method: method.to_string(),
            path: url.path().to_string(),
            wait,
            timeout_secs: self.inner.timeout.as_secs(),
        };
        let mut renewed = false;
        // The OAuth token Okta refused with 401: never sent again.
        let mut refused: Option<TokenId> = None;
        let mut failed_request_id: Option<String> = None;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last_try = attempt >= MAX_ATTEMPTS;
            let permit = self.inner.limiter.acquire(&key, priority, deadline).await.map_err(throttled)?;
            let signed = self.inner.auth.sign(&method, &url).await?;
            if refused.is_some() && signed.token == refused {
                // No new token to send the request with: report the refusal rather than resend.
                return Err(OktaError::from_response(method.as_str(), url.path(), 401, failed_request_id, b""));
            }
            let mut headers = signed.headers;
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            headers.insert(USER_AGENT, HeaderValue::from_static(concat!("oktui/", env!("CARGO_PKG_VERSION"))));
            if let Some(id) = &failed_request_id {
                if let Ok(v) = HeaderValue::from_str(id) {
                    headers.insert("x-okta-retry-for", v);
                }
                headers.insert("x-okta-retry-count", HeaderValue::from(attempt - 1));
            }
            let mut req = self.inner.http.request(method.clone(), url.clone()).headers(headers);
            if let Some(body) = &body {
                req = req.header("content-type", "application/json").body(body.clone());
            } else if method == Method::POST {
                req = req.header("content-length", "0").body(Vec::new());
            }
            let sent = req.send().await;
            let resp = match sent {
                Ok(r) => r,
                Err(e) if safe_to_repeat && !last_try => {
                    drop(permit);
                    tokio::time::sleep(backoff(attempt)).await;
                    tracing::debug!("retrying {} after a transport error: {e}", url.path());
                    continue;
                }
                Err(e) => return Err(self.network_error(&method, &url, &e, safe_to_repeat)),
            };
            let status = resp.status();
            let headers = resp.headers().clone();
            self.inner.limiter.observe(&permit, &headers);
            let body = match read_capped(resp, MAX_BODY).await {
                Ok(b) => b,
                Err(BodyError::TooLarge) => {
                    let url = format!("{}{}", url.origin().ascii_serialization(), url.path());
                    return Err(OktaError::TooLarge { method: method.to_string(), url, cap_mib: mib(MAX_BODY) });
                }
                Err(BodyError::Transport(e)) if safe_to_repeat && !last_try => {
                    drop(permit);
                    tokio::time::sleep(backoff(attempt)).await;
                    tracing::debug!("retrying {} after a broken body: {e}", url.path());
                    continue;
                }
                Err(BodyError::Transport(e)) => return Err(self.network_error(&method, &url, &e, safe_to_repeat)),
            };
            if status.is_success() {
                return Ok(Response { status, headers, body });
            }
            failed_request_id = request_id(&headers);
            let pause = match status.as_u16() {
                429 if safe_to_repeat && !last_try => Some(if is_concurrency_limit(&headers) {
                    let jitter = Duration::from_millis(rand::thread_rng().gen_range(1000..2000));
                    Pause::RateLimit(jitter, WaitReason::Concurrency)
                } else {
                    let reset = self.inner.limiter.exhausted(&permit, &headers, Duration::from_secs(1));
                    Pause::RateLimit(reset, WaitReason::TooManyRequests)
                }),
                // Okta refused the credential before looking at the request: safe for any
                // method, once, and never with the refused token.
                401 | 400 if !renewed && !last_try => {
                    let www = headers.get("www-authenticate").and_then(|v| v.to_str().ok());
                    match self.inner.auth.reject_token(status.as_u16(), www, &body, signed.token) {
                        Retry::Once => {
                            renewed = true;
                            if status.as_u16() == 401 {
                                refused = signed.token;
                            }
                            Some(Pause::Backoff(Duration::ZERO))
                        }
                        Retry::No => None,
                    }
                }
                500..=599 if safe_to_repeat && !last_try && !is_query_timeout(status.as_u16(), &body) => {
                    Some(Pause::Backoff(backoff(attempt)))
                }
                _ => None,
            };
            drop(permit);
            match pause {
                Some(Pause::RateLimit(wait, reason)) => {
                    self.inner.limiter.wait(&key, wait, reason, deadline).await.map_err(throttled)?;
                }
                Some(Pause::Backoff(wait)) => tokio::time::sleep(wait).await,
                None => {
                    return Err(OktaError::from_response(
                        method.as_str(),
                        url.path(),
                        status.as_u16(),
                        failed_request_id,
                        &body,
                    ))
                }
            }
        }
    }

    fn network_error(&self, method: &Method, url: &Url, e: &reqwest::Error, repeatable: bool) -> OktaError {
        let detail = if e.is_timeout() {
            "timed out".to_string()
        } else if e.is_connect() {
            "cannot connect".to_string()
        } else {
            "the connection broke".to_string()
        };
        OktaError::Network {
            method: method.to_string(),
            path: url.path().to_string(),
            host: url.host_str().unwrap_or("").to_string(),
            detail,
            hint: if repeatable {
                "Check the org URL, DNS and network (proxy, VPN), then retry"
            } else {
                "The change may or may not have been applied: re-read the object before retrying"
            },
        }
    }
}

/// What to wait for before the next attempt.
enum Pause {
    /// The rate limit: shown on the board, bounded by an interactive request's deadline.
    RateLimit(Duration, WaitReason),
    /// A retry's backoff (zero after a renewed credential).
    Backoff(Duration),
}

/// Whether an error body is Okta's query timeout, which is not retried (see
/// [`super::error::is_query_timeout`]).
fn is_query_timeout(status: u16, body: &[u8]) -> bool {
    let body = OktaErrorBody::parse(&String::from_utf8_lossy(body));
    body.is_some_and(|b| {
        super::error::is_query_timeout(status, b.error_code.as_deref(), b.error_summary.as_deref().unwrap_or(""))
    })
}

/// A 429 from the concurrency limit reports `X-Rate-Limit-Limit: 0`.
fn is_concurrency_limit(headers: &HeaderMap) -> bool {
    headers.get("x-rate-limit-limit").and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "0")
}

/// Exponential backoff with jitter: about 0.2 s, 0.4 s, 0.8 s, … capped at 5 s.
fn backoff(attempt: u32) -> Duration {
    let base = 200u64.saturating_mul(1 << attempt.min(5)).min(5000);
    Duration::from_millis(rand::thread_rng().gen_range(base / 2..=base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_come_from_any_link_line() {
        let mut h = HeaderMap::new();
        h.append("link", HeaderValue::from_static("<https://a.okta.com/api/v1/users?limit=2>; rel=\"self\""));
        h.append(
            "link",
            HeaderValue::from_static("<https://a.okta.com/api/v1/users?after=00u2&limit=2>; rel=\"next\""),
        );
        assert_eq!(next_link(&h).as_deref(), Some("https://a.okta.com/api/v1/users?after=00u2&limit=2"));
        let mut joined = HeaderMap::new();
        joined.insert("link", HeaderValue::from_static("<https://a/x>; rel=\"self\", <https://a/y>; rel=\"next\""));
        assert_eq!(next_link(&joined).as_deref(), Some("https://a/y"));
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) <= Duration::from_millis(400));
        assert!(backoff(10) <= Duration::from_secs(5));
    }
}
