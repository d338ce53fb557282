//! Authentication of resource calls (`/api/v1/*`, `/oauth2/v1/clients/*`, API-NOTES §1): the
//! SSWS API token, Bearer and DPoP-bound access tokens of the org authorization server, and
//! the Okta API scope each endpoint needs (each operation's `security` in the spec).
//!
//! SSWS failures answer Okta's error object (401 `E0000011`, also for a missing or unknown
//! scheme). OAuth failures answer the OAuth `{error, error_description}` body plus the
//! `WWW-Authenticate` challenge Okta sends (`Bearer …` or `DPoP algs="…", …`).

use axum::http::{header, HeaderMap, Method, StatusCode};
use chrono::Utc;

use super::error::SimError;
use super::keys::{self, ProofTarget, PROOF_MULTIPLE, SIGNING_ALGS};
use super::oauth::{IssuedToken, OAuthState};
use super::state::SimState;

const INVALID_TOKEN: &str = "The access token is invalid.";
const TOKEN_EXPIRED: &str = "The token has expired.";
const USE_DPOP_SCHEME: &str =
    "The resource request must use the DPoP authentication scheme when using a DPoP bound token.";
const PROOF_REQUIRED: &str = "The resource request requires a DPoP proof.";
const NOT_DPOP_BOUND: &str = "The presented access_token is not DPoP bound.";
const NOT_BOUND_TO_PROOF: &str = "The access_token is not bound to the provided DPoP proof.";
const INSUFFICIENT_SCOPE: &str = "The access token provided does not contain the required scopes.";

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An SSWS API token, acting as the admin who created it.
    ApiToken {
        /// The token's owner (the org's `api_token_owner_id`).
        user_id: String,
    },
    /// An access token of the org authorization server.
    OAuth {
        /// The service app the token was issued to.
        client_id: String,
        /// The scopes the token carries.
        scopes: Vec<String>,
        /// Whether the token is DPoP-bound (and came with a valid proof).
        dpop_bound: bool,
    },
}

/// Checks the Authorization header (and DPoP proof) of a resource request. `path` is the
/// percent-decoded path without query: a DPoP proof's `htu` must be `{base_url}{path}`.
pub fn authenticate(state: &SimState, method: &Method, path: &str, headers: &HeaderMap) -> Result<Principal, SimError> {
    let (scheme, credential) = authorization(headers).ok_or_else(invalid_api_token)?;
    if scheme == Scheme::Ssws {
        let org = state.org();
        // A deactivated owner's tokens are deprovisioned with it.
        if credential != state.credentials.api_token
            || !super::admin_roles::api_token_works(&org, &org.api_token_owner_id)
        {
            return Err(invalid_api_token());
        }
        return Ok(Principal::ApiToken { user_id: org.api_token_owner_id.clone() });
    }
    let request = ResourceRequest {
        base_url: &state.base_url,
        method,
        path,
        dpop: headers.get_all("dpop").iter().map(|v| v.to_str().unwrap_or_default()).collect(),
    };
    let now = Utc::now().timestamp();
    request.oauth_principal(&mut state.oauth(), scheme, credential, now)
}

/// The scope an endpoint needs (`.manage` implies `.read`); None for paths any valid token
/// may call. Reads are GET and HEAD; anything else needs the `.manage` scope.
pub fn required_scope(method: &Method, path: &str) -> Option<&'static str> {
    let read = *method == Method::GET || *method == Method::HEAD;
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (read_scope, manage_scope) = match segments.as_slice() {
        ["oauth2", "v1", "clients", _, "roles", ..] => ("okta.roles.read", "okta.roles.manage"),
        ["oauth2", "v1", "global-token-revocation"] => ("okta.universalLogout.manage", "okta.universalLogout.manage"),
        ["api", "v1", family, rest @ ..] => family_scopes(family, rest)?,
        _ => return None,
    };
    Some(if read { read_scope } else { manage_scope })
}

/// Read and manage scopes of `/api/v1/{family}/{rest…}`.
fn family_scopes(family: &str, rest: &[&str]) -> Option<(&'static str, &'static str)> {
    Some(match (family, rest) {
        ("users" | "groups", [_, "roles", ..]) | ("iam", ["roles" | "assignees", ..]) => {
            ("okta.roles.read", "okta.roles.manage")
        }
        ("users", [_, "risk"]) => ("okta.userRisk.read", "okta.userRisk.manage"),
        ("users", [_, "factors", "questions"]) => return None,
        ("users", _) => ("okta.users.read", "okta.users.manage"),
        ("groups", _) => ("okta.groups.read", "okta.groups.manage"),
        ("apps", _) => ("okta.apps.read", "okta.apps.manage"),
        ("policies", _) => ("okta.policies.read", "okta.policies.manage"),
        ("logs", []) => ("okta.logs.read", "okta.logs.read"),
        ("sessions", _) => ("okta.sessions.read", "okta.sessions.manage"),
        ("org", []) => ("okta.orgs.read", "okta.orgs.manage"),
        _ => return None,
    })
}

/// 403 `insufficient_scope` when the principal lacks `scope` (SSWS tokens are not
/// scope-limited). The challenge names the scheme, the org (`authorization_uri`, `realm`), the
/// scope, the error and its description, and the resource: `path`, percent-decoded.
pub fn check_scope(principal: &Principal, scope: &str, base_url: &str, path: &str) -> Result<(), SimError> {
    let Principal::OAuth { scopes, dpop_bound, .. } = principal else {
        return Ok(());
    };
    if scopes.iter().any(|granted| scope_covers(granted, scope)) {
        return Ok(());
    }
    let scheme = if *dpop_bound { Scheme::Dpop } else { Scheme::Bearer };
    let challenge = Challenge { scheme, base_url: Some(base_url), scope: Some(scope), resource: Some(path) };
    let error = SimError::oauth(StatusCode::FORBIDDEN, "insufficient_scope", INSUFFICIENT_SCOPE);
    Err(error.with_header("www-authenticate", challenge.render("insufficient_scope", INSUFFICIENT_SCOPE)))
}

/// Whether a granted scope covers a required one: itself, or `x.manage` for `x.read`.
fn scope_covers(granted: &str, required: &str) -> bool {
    granted == required
        || required.strip_suffix(".read").is_some_and(|base| granted.strip_suffix(".manage") == Some(base))
}

/// 401 `E0000011` "Invalid token provided".
fn invalid_api_token() -> SimError {
    SimError::okta(StatusCode::UNAUTHORIZED, "E0000011", "Invalid token provided")
}

/// An Authorization scheme the org understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Ssws,
    Bearer,
    Dpop,
}

/// The scheme and credential of the Authorization header, if it is one the org understands.
/// `SSWS` may be followed by the token with no space between, as Okta accepts it (Okta's
/// Python SDK 3.x sends `SSWS<token>`); `Bearer` and `DPoP` take a space (RFC 6750, 9449).
fn authorization(headers: &HeaderMap) -> Option<(Scheme, &str)> {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())?.trim();
    if let Some(token) = value.get(..4).filter(|s| s.eq_ignore_ascii_case("ssws")).and_then(|_| value.get(4..)) {
        let token = token.trim_start();
        return (!token.is_empty()).then_some((Scheme::Ssws, token));
    }
    let (scheme, credential) = value.split_once(' ')?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "bearer" => Scheme::Bearer,
        "dpop" => Scheme::Dpop,
        _ => return None,
    };
    let credential = credential.trim();
    (!credential.is_empty()).then_some((scheme, credential))
}

/// A `WWW-Authenticate` challenge in Okta's shape.
struct Challenge<'a> {
    scheme: Scheme,
    /// The org URL: gives `authorization_uri` and `realm`.
    base_url: Option<&'a str>,
    scope: Option<&'a str>,
    resource: Option<&'a str>,
}

impl Challenge<'_> {
    /// `Bearer authorization_uri="…", realm="…", scope="…", error="…", error_description="…",
    /// resource="…"`; DPoP challenges start with the accepted `algs`.
    fn render(&self, error: &str, description: &str) -> String {
        let mut params = Vec::new();
        if self.scheme == Scheme::Dpop {
            params.push(format!("algs=\"{}\"", SIGNING_ALGS.join(" ")));
        }
        if let Some(base) = self.base_url {
            params.push(format!("authorization_uri=\"{}/oauth2/v1/authorize\"", quoted(base)));
            params.push(format!("realm=\"{}\"", quoted(base)));
        }
        if let Some(scope) = self.scope {
            params.push(format!("scope=\"{scope}\""));
        }
        params.push(format!("error=\"{error}\""));
        params.push(format!("error_description=\"{}\"", quoted(description)));
        if let Some(resource) = self.resource {
            params.push(format!("resource=\"{}\"", quoted(resource)));
        }
        let name = if self.scheme == Scheme::Dpop { "DPoP" } else { "Bearer" };
        format!("{name} {}", params.join(", "))
    }
}

/// Escapes a quoted-string's content.
fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// An OAuth-authenticated resource request.
struct ResourceRequest<'a> {
    base_url: &'a str,
    method: &'a Method,
    path: &'a str,
    /// Every `DPoP` header value.
    dpop: Vec<&'a str>,
}

impl ResourceRequest<'_> {
    /// The principal of a `Bearer` or `DPoP` access token.
    fn oauth_principal(
        &self,
        oauth: &mut OAuthState,
        scheme: Scheme,
        token: &str,
        now: i64,
    ) -> Result<Principal, SimError> {
        let unauthorized = |d| self.reject(scheme, StatusCode::UNAUTHORIZED, "invalid_token", d);
        let issued = oauth.issued(token).cloned().ok_or_else(|| unauthorized(INVALID_TOKEN))?;
        if now >= issued.expires_at {
            return Err(unauthorized(TOKEN_EXPIRED));
        }
        match (scheme, issued.jkt.as_deref()) {
            (Scheme::Bearer, None) => Ok(principal(issued, false)),
            (Scheme::Bearer, Some(_)) => {
                Err(self.reject(Scheme::Dpop, StatusCode::BAD_REQUEST, "invalid_request", USE_DPOP_SCHEME))
            }
            (_, None) => Err(unauthorized(NOT_DPOP_BOUND)),
            (_, Some(jkt)) => {
                self.check_proof(oauth, token, jkt, now)?;
                Ok(principal(issued, true))
            }
        }
    }

    /// The request's DPoP proof: made for this request and this token, by the bound key,
    /// never seen before.
    fn check_proof(&self, oauth: &mut OAuthState, token: &str, jkt: &str, now: i64) -> Result<(), SimError> {
        let invalid = |d| self.reject(Scheme::Dpop, StatusCode::BAD_REQUEST, "invalid_dpop_proof", d);
        let proof = match self.dpop.as_slice() {
            [] => {
                let error = self.reject(Scheme::Dpop, StatusCode::BAD_REQUEST, "invalid_request", PROOF_REQUIRED);
                return Err(error);
            }
            [one] => *one,
            _ => return Err(invalid(PROOF_MULTIPLE)),
        };
        let url = format!("{}{}", self.base_url, self.path);
        let target = ProofTarget { method: self.method.as_str(), url: &url, access_token: Some(token) };
        let proof = keys::verify_proof(proof, &target, now).map_err(invalid)?;
        if proof.jkt != jkt {
            return Err(invalid(NOT_BOUND_TO_PROOF));
        }
        oauth.spend_proof(&proof, now).map_err(invalid)
    }

    /// An OAuth error with the challenge for this request.
    fn reject(&self, scheme: Scheme, status: StatusCode, error: &'static str, description: &'static str) -> SimError {
        let challenge = Challenge {
            scheme,
            base_url: Some(self.base_url),
            scope: required_scope(self.method, self.path),
            resource: Some(self.path),
        };
        let rendered = challenge.render(error, description);
        SimError::oauth(status, error, description).with_header("www-authenticate", rendered)
    }
}

/// The principal of an issued token.
fn principal(token: IssuedToken, dpop_bound: bool) -> Principal {
    Principal::OAuth { client_id: token.client_id, scopes: token.scopes, dpop_bound }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::testing::{dpop_proof, ec_key, TestKey};
    use crate::keys::{self, thumbprint};
    use crate::SimConfig;
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:8080";
    const NOW: i64 = 1_700_000_000;

    fn oauth() -> OAuthState {
        let secrets = keys::issue(3);
        let key = keys::client_key(3, keys::KeyType::Ec, &secrets.key_id);
        OAuthState::new(&SimConfig::default(), &secrets, &key.public_jwk)
    }

    fn mint(oauth: &mut OAuthState, jkt: Option<String>, ttl: u64) -> String {
        oauth.mint(BASE, vec!["okta.users.read".into()], jkt, ttl, NOW).unwrap()
    }

    fn request<'a>(method: &'a Method, path: &'a str, dpop: Vec<&'a str>) -> ResourceRequest<'a> {
        ResourceRequest { base_url: BASE, method, path, dpop }
    }

    fn proof(key: &TestKey, method: &str, htu: &str, token: &str, jti: &str) -> String {
        let ath = keys::access_token_hash(token);
        dpop_proof(key, &json!({"htm": method, "htu": htu, "iat": NOW, "jti": jti, "ath": ath}))
    }

    fn parts(error: SimError) -> (StatusCode, &'static str, String, String) {
        match error {
            SimError::OAuth { status, error, description, headers } => {
                let challenge = headers.into_iter().find(|(n, _)| *n == "www-authenticate").unwrap().1;
                (status, error, description, challenge)
            }
            other => panic!("expected an OAuth error, got {other:?}"),
        }
    }

    #[test]
    fn scope_map_follows_the_spec() {
        let get = Method::GET;
        let post = Method::POST;
        let cases = [
            (&get, "/api/v1/users", Some("okta.users.read")),
            (&get, "/api/v1/users/00u1/factors", Some("okta.users.read")),
            (&get, "/api/v1/users/00u1/roles", Some("okta.roles.read")),
            (&get, "/api/v1/users/00u1/risk", Some("okta.userRisk.read")),
            (&post, "/api/v1/users/00u1/lifecycle/suspend", Some("okta.users.manage")),
            (&Method::DELETE, "/api/v1/users/00u1/sessions", Some("okta.users.manage")),
            (&get, "/api/v1/groups/00g1/users", Some("okta.groups.read")),
            (&get, "/api/v1/groups/00g1/roles", Some("okta.roles.read")),
            (&get, "/api/v1/apps/0oa1/users", Some("okta.apps.read")),
            (&get, "/api/v1/policies/00p1/rules", Some("okta.policies.read")),
            (&get, "/api/v1/logs", Some("okta.logs.read")),
            (&get, "/api/v1/sessions/102abc", Some("okta.sessions.read")),
            (&Method::DELETE, "/api/v1/sessions/102abc", Some("okta.sessions.manage")),
            (&Method::PUT, "/api/v1/users/00u1/risk", Some("okta.userRisk.manage")),
            (&Method::DELETE, "/api/v1/users/00u1/factors/opf1", Some("okta.users.manage")),
            (&post, "/api/v1/users/00u1/lifecycle/unlock", Some("okta.users.manage")),
            (&post, "/oauth2/v1/global-token-revocation", Some("okta.universalLogout.manage")),
            (&get, "/api/v1/iam/roles", Some("okta.roles.read")),
            (&get, "/oauth2/v1/clients/0oa1/roles", Some("okta.roles.read")),
            (&get, "/api/v1/users/00u1/factors/questions", None),
            (&get, "/api/v1/unknown", None),
            (&get, "/", None),
        ];
        for (method, path, scope) in cases {
            assert_eq!(required_scope(method, path), scope, "{method} {path}");
        }
    }

    #[test]
    fn manage_implies_read_and_ssws_is_unlimited() {
        let oauth = |scopes: &[&str], dpop_bound| Principal::OAuth {
            client_id: "0oa1".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            dpop_bound,
        };
        assert!(check_scope(&oauth(&["okta.users.manage"], false), "okta.users.read", BASE, "/api/v1/users").is_ok());
        assert!(check_scope(&oauth(&["okta.users.read"], false), "okta.users.manage", BASE, "/api/v1/users").is_err());
        assert!(check_scope(&Principal::ApiToken { user_id: "00u1".into() }, "okta.logs.read", BASE, "/api/v1/logs")
            .is_ok());
        let (status, error, description, challenge) = parts(
            check_scope(&oauth(&["okta.users.read"], true), "okta.groups.read", BASE, "/api/v1/groups").unwrap_err(),
        );
        assert_eq!(
            (status, error, description.as_str()),
            (StatusCode::FORBIDDEN, "insufficient_scope", INSUFFICIENT_SCOPE)
        );
        assert_eq!(
            challenge,
            "DPoP algs=\"RS256 RS384 RS512 ES256 ES384 ES512\", authorization_uri=\"http://127.0.0.1:8080/oauth2/v1/authorize\", realm=\"http://127.0.0.1:8080\", scope=\"okta.groups.read\", error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", resource=\"/api/v1/groups\""
        );
    }

    #[test]
    fn authorization_header_parsing() {
        let parse = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            authorization(&headers).map(|(s, c)| (s, c.to_owned()))
        };
        assert_eq!(parse("SSWS 00abc"), Some((Scheme::Ssws, "00abc".into())));
        assert_eq!(parse("SSWS00abc"), Some((Scheme::Ssws, "00abc".into())));
        assert_eq!(parse("ssws \t 00abc"), Some((Scheme::Ssws, "00abc".into())));
        assert_eq!(parse("SSWS"), None);
        assert_eq!(parse("Bearereyj"), None);
        assert_eq!(parse("bearer eyJ"), Some((Scheme::Bearer, "eyJ".into())));
        assert_eq!(parse("DPoP eyJ"), Some((Scheme::Dpop, "eyJ".into())));
        assert_eq!(parse("Basic abc"), None);
        assert_eq!(parse("Bearer "), None);
        assert!(authorization(&HeaderMap::new()).is_none());
    }

    #[test]
    fn bearer_tokens_known_unknown_expired() {
        let mut oauth = oauth();
        let token = mint(&mut oauth, None, 60);
        let get = Method::GET;
        let req = request(&get, "/api/v1/users", vec![]);
        let principal = req.oauth_principal(&mut oauth, Scheme::Bearer, &token, NOW).unwrap();
        assert_eq!(
            principal,
            Principal::OAuth {
                client_id: keys::issue(3).client_id,
                scopes: vec!["okta.users.read".into()],
                dpop_bound: false
            }
        );
        let (status, error, description, challenge) =
            parts(req.oauth_principal(&mut oauth, Scheme::Bearer, "nope", NOW).unwrap_err());
        assert_eq!((status, error, description.as_str()), (StatusCode::UNAUTHORIZED, "invalid_token", INVALID_TOKEN));
        assert_eq!(
            challenge,
            "Bearer authorization_uri=\"http://127.0.0.1:8080/oauth2/v1/authorize\", realm=\"http://127.0.0.1:8080\", scope=\"okta.users.read\", error=\"invalid_token\", error_description=\"The access token is invalid.\", resource=\"/api/v1/users\""
        );
        let expired = req.oauth_principal(&mut oauth, Scheme::Bearer, &token, NOW + 60).unwrap_err();
        assert_eq!(parts(expired).2, TOKEN_EXPIRED);
        let not_bound = req.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err();
        assert_eq!(parts(not_bound).2, NOT_DPOP_BOUND);
    }

    #[test]
    fn dpop_bound_tokens_need_a_fresh_matching_proof() {
        let mut oauth = oauth();
        let key = ec_key(21, None);
        let token = mint(&mut oauth, thumbprint(&key.jwk), 3600);
        let get = Method::GET;
        let path = "/api/v1/users/a@b.example";
        let htu = format!("{BASE}{path}");
        let good = proof(&key, "GET", &htu, &token, "j1");
        let req = request(&get, path, vec![good.as_str()]);
        let principal = req.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap();
        assert!(matches!(principal, Principal::OAuth { dpop_bound: true, .. }));
        let replay = parts(req.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err());
        assert_eq!((replay.0, replay.1), (StatusCode::BAD_REQUEST, "invalid_dpop_proof"));
        assert_eq!(replay.2, "The DPoP proof JWT has already been used.");
        assert!(replay.3.starts_with("DPoP algs="));
        let as_bearer = parts(req.oauth_principal(&mut oauth, Scheme::Bearer, &token, NOW).unwrap_err());
        assert_eq!((as_bearer.1, as_bearer.2.as_str()), ("invalid_request", USE_DPOP_SCHEME));
        let none = request(&get, path, vec![]);
        assert_eq!(parts(none.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err()).2, PROOF_REQUIRED);
        let other_key = proof(&ec_key(22, None), "GET", &htu, &token, "j2");
        let stolen = request(&get, path, vec![other_key.as_str()]);
        assert_eq!(
            parts(stolen.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err()).2,
            NOT_BOUND_TO_PROOF
        );
        let encoded = proof(&key, "GET", &format!("{BASE}/api/v1/users/a%40b.example"), &token, "j3");
        let req = request(&get, path, vec![encoded.as_str()]);
        let htu_error = parts(req.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err()).2;
        assert_eq!(htu_error, "'htu' claim in the DPoP proof JWT is invalid.");
        let twice = request(&get, path, vec![good.as_str(), good.as_str()]);
        let multiple = parts(twice.oauth_principal(&mut oauth, Scheme::Dpop, &token, NOW).unwrap_err()).2;
        assert_eq!(multiple, PROOF_MULTIPLE);
    }
}
