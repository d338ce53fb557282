//! Authentication: turns a configured [`Credential`] into the headers of each resource
//! request (API-NOTES §1).
//!
//! - SSWS: `Authorization: SSWS <token>`.
//! - OAuth client credentials at the org authorization server, with client_secret_basic or
//!   private_key_jwt (`keys` reads the key, `assertion` signs the client assertion). `token`
//!   talks to the token endpoint; `session` caches the token, renews it before expiry and
//!   after a refusal, one renewal for all concurrent callers.
//! - DPoP (`dpop`): every token request carries a proof, so an app that requires DPoP gets a
//!   bound token at once; the answer's `token_type` decides whether resource requests then go
//!   `Authorization: DPoP` with a fresh proof or plain `Bearer`.
//!
//! `challenge` reads what a refused resource request says about the token.

mod assertion;
mod challenge;
mod dpop;
mod error;
mod keys;
mod session;
mod token;

use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use url::Url;
use zeroize::Zeroizing;

use self::session::OAuthSession;
use self::token::{ClientAuth, TokenEndpoint};
use super::credential::{Credential, READ_SCOPES};
use super::url::OrgUrl;
use crate::secret::Secret;

pub(crate) use self::challenge::FEATURE_NOT_ENABLED;
pub use self::error::{AuthError, KeyProblem, Refusal};
pub use self::session::TokenId;

/// The headers of one resource request, and which OAuth token they carry (`None` for SSWS).
#[derive(Debug)]
pub struct Signed {
    pub headers: HeaderMap,
    pub token: Option<TokenId>,
}

/// Whether a refused request is worth sending once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Retry once, with fresh headers.
    Once,
    /// A new token or proof would not help.
    No,
}

/// Turns a configured credential into request headers; shared by every task (wrap in `Arc`).
pub struct Authenticator {
    inner: Inner,
}

enum Inner {
    /// The prepared `SSWS …` header value, marked sensitive.
    Ssws(HeaderValue),
    OAuth(Box<OAuthSession>),
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticator").field("mode", &self.describe()).finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Prepares `credential` for the org at `org`; key material is parsed now, so a bad or
    /// wrong-type key fails here. Token requests go through `http`.
    pub fn new(credential: Credential, org: &OrgUrl, http: reqwest::Client) -> Result<Self, AuthError> {
        let (client_id, auth, scopes) = match credential {
            Credential::ApiToken(token) => {
                let header = sensitive(&Zeroizing::new(format!("SSWS {}", token.expose())), "API token")?;
                return Ok(Authenticator { inner: Inner::Ssws(header) });
            }
            Credential::ClientSecret { client_id, secret, scopes } => {
                let header = sensitive(&basic_credentials(&client_id, &secret), "client id")?;
                (client_id, ClientAuth::Secret { header, secret }, scopes)
            }
            Credential::PrivateKey { client_id, key, key_id, scopes } => {
                let parsed = keys::parse_client_key(key.expose())?;
                let kid = key_id.or(parsed.jwk_kid);
                (client_id, ClientAuth::Jwt { key: parsed.key, kid }, scopes)
            }
        };
        let scopes = if scopes.is_empty() { READ_SCOPES.iter().map(|s| s.to_string()).collect() } else { scopes };
        let endpoint = TokenEndpoint::new(org.token_url(), client_id, auth, &scopes);
        Ok(Authenticator { inner: Inner::OAuth(Box::new(OAuthSession::new(endpoint, http))) })
    }

    /// The headers for one resource request: `Authorization` (SSWS, Bearer or DPoP) and, with
    /// DPoP, a fresh `DPoP` proof for `method` and `url` (query-less, path percent-decoded)
    /// whose `ath` hashes the token. Acquires or renews the token when needed; concurrent
    /// callers share one renewal.
    pub async fn headers(&self, method: &Method, url: &Url) -> Result<HeaderMap, AuthError> {
        Ok(self.sign(method, url).await?.headers)
    }

    /// [`Authenticator::headers`], and which token they carry, for
    /// [`Authenticator::reject_token`].
    pub async fn sign(&self, method: &Method, url: &Url) -> Result<Signed, AuthError> {
        let mut headers = HeaderMap::new();
        let session = match &self.inner {
            Inner::Ssws(header) => {
                headers.insert(AUTHORIZATION, header.clone());
                return Ok(Signed { headers, token: None });
            }
            Inner::OAuth(session) => session,
        };
        let token = session.token().await?;
        let scheme = if token.dpop { "DPoP" } else { "Bearer" };
        let authorization = Zeroizing::new(format!("{scheme} {}", token.access_token.expose()));
        headers.insert(AUTHORIZATION, sensitive(&authorization, "access token")?);
        if token.dpop {
            let now = chrono::Utc::now().timestamp();
            let proof = session.dpop().resource_proof(method.as_str(), url, token.access_token.expose(), now);
            headers.insert("dpop", sensitive(&proof, "DPoP proof")?);
        }
        Ok(Signed { headers, token: Some(token.id) })
    }

    /// Call after a resource response 401 (or a 400 whose body or `WWW-Authenticate` says the
    /// token or proof is unusable): drops the cached token, or switches to DPoP when the
    /// server says the token is DPoP-bound, and says whether one retry is worth it.
    pub fn reject(&self, status: u16, www_authenticate: Option<&str>, body: &[u8]) -> Retry {
        self.reject_token(status, www_authenticate, body, None)
    }

    /// [`Authenticator::reject`] for a request that carried token `refused` (from
    /// [`Authenticator::sign`]): that token is dropped, a newer one is kept. SSWS: never.
    pub fn reject_token(
        &self,
        status: u16,
        www_authenticate: Option<&str>,
        body: &[u8],
        refused: Option<TokenId>,
    ) -> Retry {
        match &self.inner {
            Inner::Ssws(_) => Retry::No,
            Inner::OAuth(session) => session.reject(status, www_authenticate, body, refused),
        }
    }

    /// The mode, for the header bar and `oktui doctor`: "SSWS API token", "OAuth client
    /// secret", "OAuth private_key_jwt (DPoP)", …
    pub fn describe(&self) -> String {
        match &self.inner {
            Inner::Ssws(_) => "SSWS API token".to_owned(),
            Inner::OAuth(session) => {
                let dpop = if session.uses_dpop() { " (DPoP)" } else { "" };
                format!("OAuth {}{dpop}", session.endpoint().method())
            }
        }
    }

    /// Scopes granted by the last token response (None for SSWS or before the first token).
    pub fn granted_scopes(&self) -> Option<Vec<String>> {
        match &self.inner {
            Inner::Ssws(_) => None,
            Inner::OAuth(session) => session.granted_scopes(),
        }
    }

    /// Whether requests are DPoP-bound (known after the first token).
    pub fn uses_dpop(&self) -> bool {
        match &self.inner {
            Inner::Ssws(_) => false,
            Inner::OAuth(session) => session.uses_dpop(),
        }
    }
}

/// `Basic base64(id:secret)`, each form-urlencoded first (RFC 6749 §2.3.1; a no-op for the
/// characters Okta's ids and secrets use). Every step's text is wiped.
fn basic_credentials(client_id: &str, secret: &Secret) -> Zeroizing<String> {
    use base64::Engine;
    let encode = |s: &str| Zeroizing::new(url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>());
    let pair = Zeroizing::new(format!("{}:{}", *encode(client_id), *encode(secret.expose())));
    let encoded = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(pair.as_bytes()));
    Zeroizing::new(format!("Basic {}", *encoded))
}

/// A header value that is never logged; `what` names the value if it cannot be one.
fn sensitive(value: &str, what: &'static str) -> Result<HeaderValue, AuthError> {
    let mut header = HeaderValue::from_str(value).map_err(|_| AuthError::NotHeaderSafe(what))?;
    header.set_sensitive(true);
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgUrl {
        OrgUrl::parse("https://acme.okta.com").unwrap()
    }

    #[tokio::test]
    async fn ssws_header_and_no_retry() {
        let auth =
            Authenticator::new(Credential::ApiToken(Secret::new("00abc").into()), &org(), reqwest::Client::new())
                .unwrap();
        let url = Url::parse("https://acme.okta.com/api/v1/users").unwrap();
        let headers = auth.headers(&Method::GET, &url).await.unwrap();
        assert_eq!(headers[AUTHORIZATION], "SSWS 00abc");
        assert!(headers[AUTHORIZATION].is_sensitive());
        assert_eq!(auth.reject(401, None, b"{}"), Retry::No);
        assert_eq!(
            (auth.describe().as_str(), auth.granted_scopes(), auth.uses_dpop()),
            ("SSWS API token", None, false)
        );
    }

    #[test]
    fn bad_secrets_fail_early_without_showing_themselves() {
        let bad = Credential::ApiToken(Secret::new("00canary\nx").into());
        let error = Authenticator::new(bad, &org(), reqwest::Client::new()).unwrap_err();
        assert_eq!(error, AuthError::NotHeaderSafe("API token"));
        assert!(!format!("{error} {error:?}").contains("canary"));
        let key = Credential::PrivateKey {
            client_id: "0oa1".into(),
            key: Secret::new("canary-not-a-key").into(),
            key_id: None,
            scopes: vec![],
        };
        let error = Authenticator::new(key, &org(), reqwest::Client::new()).unwrap_err();
        assert_eq!(error, AuthError::Key(KeyProblem::Unrecognised));
        assert!(!format!("{error} {error:?}").contains("canary"));
    }

    #[test]
    fn basic_credentials_are_form_encoded() {
        let header = basic_credentials("0oa1", &Secret::new("a+b c"));
        let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &header[6..]).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "0oa1:a%2Bb+c");
    }
}
