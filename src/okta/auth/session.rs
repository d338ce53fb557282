//! The OAuth token cache: one access token shared by every task, renewed before it expires
//! (five minutes early, or at half-life for short-lived tokens) and after the resource server
//! refuses it. Renewal is single-flight: callers that find the token stale queue on one gate,
//! the first fetches, the rest reuse its token (or its error). Each token has a number
//! ([`TokenId`]), so a refusal drops exactly the token that was refused, never a newer one
//! another task already fetched.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::challenge::{classify, Rejection};
use super::dpop::DpopKey;
use super::error::AuthError;
use super::token::{IssuedToken, TokenEndpoint};
use super::Retry;
use crate::secret::Secret;

/// Renew this long before expiry (at most half the lifetime).
const RENEW_MARGIN: Duration = Duration::from_secs(300);

/// An OAuth session: the token endpoint, the cached token and what the org said about it.
pub(crate) struct OAuthSession {
    endpoint: TokenEndpoint,
    http: reqwest::Client,
    state: Mutex<State>,
    /// Held while a token is fetched.
    gate: tokio::sync::Mutex<()>,
}

/// Which token a request carried: the session's count of tokens fetched when it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenId(u64);

/// The token to present, and how.
pub(crate) struct Presented {
    /// The access token, shared with the cache (every concurrent request presents the same
    /// one; it is wiped when the last of them and the cache let go).
    pub(crate) access_token: Arc<Secret>,
    /// Send it with the DPoP scheme and a proof.
    pub(crate) dpop: bool,
    /// Which token it is.
    pub(crate) id: TokenId,
}

#[derive(Default)]
struct State {
    token: Option<Cached>,
    /// Scopes of the last token response.
    granted: Option<Vec<String>>,
    /// The last token was DPoP-bound.
    dpop_bound: bool,
    /// The resource server demanded DPoP although the token endpoint said Bearer.
    force_dpop: bool,
    /// Completed fetches, and the error of the last one if it failed.
    fetches: u64,
    last_error: Option<AuthError>,
}

struct Cached {
    access_token: Arc<Secret>,
    id: TokenId,
    renew_at: Instant,
}

impl State {
    /// The cached token, unless it is due for renewal.
    fn usable(&self, now: Instant) -> Option<Presented> {
        let token = self.token.as_ref().filter(|t| now < t.renew_at)?;
        Some(Presented {
            access_token: Arc::clone(&token.access_token),
            dpop: self.dpop_bound || self.force_dpop,
            id: token.id,
        })
    }

    /// Caches a token fetched from `started`, as token `id`; returns it, shared with the cache.
    fn store(&mut self, issued: IssuedToken, started: Instant, id: TokenId) -> Arc<Secret> {
        // The lifetime comes from the network: an absurd one renews at once rather than overflow.
        let renew_at = started.checked_add(renew_after(issued.lifetime)).unwrap_or(started);
        let access_token = Arc::new(issued.access_token);
        self.token = Some(Cached { access_token: Arc::clone(&access_token), id, renew_at });
        self.granted = Some(issued.scopes);
        self.dpop_bound = issued.dpop_bound;
        self.last_error = None;
        access_token
    }
}

/// When to renew a token that lives `lifetime`.
fn renew_after(lifetime: Duration) -> Duration {
    lifetime - RENEW_MARGIN.min(lifetime / 2)
}

impl OAuthSession {
    /// A session with no token yet.
    pub(crate) fn new(endpoint: TokenEndpoint, http: reqwest::Client) -> Self {
        OAuthSession { endpoint, http, state: Mutex::new(State::default()), gate: tokio::sync::Mutex::new(()) }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The token endpoint.
    pub(crate) fn endpoint(&self) -> &TokenEndpoint {
        &self.endpoint
    }

    /// The DPoP key proofs are signed with.
    pub(crate) fn dpop(&self) -> &DpopKey {
        self.endpoint.dpop()
    }

    /// A usable token: the cached one, or a new one (fetched once for all waiting callers).
    pub(crate) async fn token(&self) -> Result<Presented, AuthError> {
        let seen = {
            let state = self.state();
            if let Some(token) = state.usable(Instant::now()) {
                return Ok(token);
            }
            state.fetches
        };
        let _gate = self.gate.lock().await;
        {
            let state = self.state();
            if let Some(token) = state.usable(Instant::now()) {
                return Ok(token);
            }
            if let Some(error) = state.last_error.as_ref().filter(|_| state.fetches != seen) {
                return Err(error.clone());
            }
        }
        let started = Instant::now();
        let result = self.endpoint.fetch(&self.http).await;
        let mut state = self.state();
        state.fetches += 1;
        match result {
            Ok(issued) => {
                // Presented even if already due for renewal: it is new, so good for this request.
                let dpop = issued.dpop_bound || state.force_dpop;
                let id = TokenId(state.fetches);
                Ok(Presented { access_token: state.store(issued, started, id), dpop, id })
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Acts on a refused resource request that carried token `refused` (`None`: whichever is
    /// cached); see [`super::Authenticator::reject`].
    pub(crate) fn reject(
        &self,
        status: u16,
        www_authenticate: Option<&str>,
        body: &[u8],
        refused: Option<TokenId>,
    ) -> Retry {
        let mut state = self.state();
        match classify(status, www_authenticate, body) {
            Rejection::Token => {
                // A newer token than the refused one (another task renewed) is kept.
                if refused.is_none() || state.token.as_ref().map(|t| t.id) == refused {
                    state.token = None;
                }
                Retry::Once
            }
            Rejection::NeedsDpop => {
                state.force_dpop = true;
                Retry::Once
            }
            Rejection::Proof => Retry::Once,
            Rejection::Other => Retry::No,
        }
    }

    /// Scopes granted by the last token response.
    pub(crate) fn granted_scopes(&self) -> Option<Vec<String>> {
        self.state().granted.clone()
    }

    /// Whether tokens are presented with DPoP.
    pub(crate) fn uses_dpop(&self) -> bool {
        let state = self.state();
        state.dpop_bound || state.force_dpop
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::auth::token::ClientAuth;
    use reqwest::header::HeaderValue;

    fn session() -> OAuthSession {
        let auth =
            ClientAuth::Secret { header: HeaderValue::from_static("Basic eA=="), secret: Secret::new("s").into() };
        let url = "https://acme.okta.com/oauth2/v1/token".to_owned();
        OAuthSession::new(TokenEndpoint::new(url, "0oa1".into(), auth, &[]), reqwest::Client::new())
    }

    fn cache(session: &OAuthSession, dpop_bound: bool, id: u64) {
        let issued = IssuedToken {
            access_token: Secret::new("t"),
            dpop_bound,
            lifetime: Duration::from_secs(3600),
            scopes: vec!["okta.users.read".into()],
        };
        session.state().store(issued, Instant::now(), TokenId(id));
    }

    fn has_token(session: &OAuthSession) -> bool {
        session.state().usable(Instant::now()).is_some()
    }

    #[test]
    fn renewal_is_five_minutes_early_or_at_half_life() {
        assert_eq!(renew_after(Duration::from_secs(3600)), Duration::from_secs(3300));
        assert_eq!(renew_after(Duration::from_secs(600)), Duration::from_secs(300));
        assert_eq!(renew_after(Duration::from_secs(10)), Duration::from_secs(5));
        assert_eq!(renew_after(Duration::from_secs(2)), Duration::from_secs(1));
    }

    #[test]
    fn a_refused_token_is_dropped_unless_a_newer_one_replaced_it() {
        let s = session();
        cache(&s, false, 2);
        assert_eq!(s.granted_scopes(), Some(vec!["okta.users.read".to_owned()]));
        let expired = r#"Bearer error="invalid_token", error_description="The token has expired.""#;
        assert_eq!(s.reject(401, Some(expired), b"", Some(TokenId(1))), Retry::Once);
        assert!(has_token(&s), "token 2 was not the one refused");
        assert_eq!(s.reject(401, Some(expired), b"", Some(TokenId(2))), Retry::Once);
        assert!(!has_token(&s), "the refused token is dropped however new it is");
        cache(&s, false, 3);
        assert_eq!(s.reject(401, Some(expired), b"", None), Retry::Once);
        assert!(!has_token(&s));
    }

    #[test]
    fn an_absurd_lifetime_renews_at_once_instead_of_overflowing() {
        let s = session();
        let issued =
            IssuedToken { access_token: Secret::new("t"), dpop_bound: false, lifetime: Duration::MAX, scopes: vec![] };
        s.state().store(issued, Instant::now(), TokenId(1));
        assert!(!has_token(&s));
    }

    #[test]
    fn the_resource_server_can_demand_dpop() {
        let s = session();
        cache(&s, false, 1);
        assert!(!s.uses_dpop());
        let body = br#"{"error":"invalid_request","error_description":"The resource request requires a DPoP proof."}"#;
        assert_eq!(s.reject(400, None, body, None), Retry::Once);
        assert!(s.uses_dpop() && has_token(&s));
        assert!(s.state().usable(Instant::now()).is_some_and(|t| t.dpop));
        let reused =
            br#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT has already been used."}"#;
        assert_eq!(s.reject(400, None, reused, None), Retry::Once);
        assert!(has_token(&s));
        let scope = r#"DPoP error="insufficient_scope", error_description="The access token provided does not contain the required scopes.""#;
        assert_eq!(s.reject(403, Some(scope), b"", None), Retry::No);
    }
}
