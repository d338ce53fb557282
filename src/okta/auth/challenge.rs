//! What a resource server's refusal says about the credential: read from the OAuth error body
//! or, failing that, the `WWW-Authenticate` challenge (API-NOTES §1c–1d; Okta sends both,
//! with Okta error objects for some failures, so every shape is read).

use serde_json::Value;

/// What a refused resource request means for the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// The token is expired, revoked or otherwise unusable: get a new one.
    Token,
    /// The token is DPoP-bound but was sent without the DPoP scheme or proof.
    NeedsDpop,
    /// The proof was refused; a fresh one may pass.
    Proof,
    /// Nothing a new token or proof would fix (403 scopes, 404, …).
    Other,
}

/// Classifies a refused resource request.
pub(crate) fn classify(status: u16, www_authenticate: Option<&str>, body: &[u8]) -> Rejection {
    let (error, description) = oauth_error(www_authenticate, body);
    let description = description.to_ascii_lowercase();
    match (status, error.as_deref()) {
        // `E0000015`: the org lacks the feature (Universal Logout, user risk); the token is fine.
        (401, _) if okta_code(body).as_deref() == Some(FEATURE_NOT_ENABLED) => Rejection::Other,
        (401, _) => Rejection::Token,
        (400, Some("invalid_dpop_proof")) if description.contains("not bound") => Rejection::Token,
        (400, Some("invalid_dpop_proof")) => Rejection::Proof,
        (400, Some("invalid_request")) if description.contains("dpop") => Rejection::NeedsDpop,
        _ => Rejection::Other,
    }
}

/// Okta's `errorCode` for a feature the org does not have, answered with 401.
pub(crate) const FEATURE_NOT_ENABLED: &str = "E0000015";

/// The `errorCode` of an Okta error object.
fn okta_code(body: &[u8]) -> Option<String> {
    let json: Value = serde_json::from_slice(body).ok()?;
    json.get("errorCode").and_then(Value::as_str).map(str::to_owned)
}

/// The OAuth `error` and `error_description`: from the JSON body, else from the challenge.
fn oauth_error(www_authenticate: Option<&str>, body: &[u8]) -> (Option<String>, String) {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let from_body = |name: &str| json.as_ref().and_then(|v| v.get(name)).and_then(Value::as_str).map(str::to_owned);
    let from_header = |name: &str| www_authenticate.and_then(|h| challenge_param(h, name));
    let error = from_body("error").or_else(|| from_header("error"));
    let description = from_body("error_description").or_else(|| from_header("error_description")).unwrap_or_default();
    (error, description)
}

/// The value of auth-param `name` in a challenge such as
/// `DPoP algs="ES256", error="invalid_token", error_description="The token has expired."`.
fn challenge_param(challenge: &str, name: &str) -> Option<String> {
    let mut rest = challenge.trim_start();
    if let Some((scheme, params)) = rest.split_once(' ') {
        if !scheme.contains('=') {
            rest = params;
        }
    }
    loop {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        let (key, after) = rest.split_once('=')?;
        let (value, remaining) = param_value(after.trim_start());
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = remaining;
    }
}

/// A quoted-string (with `\` escapes) or token value, and what follows it.
fn param_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(',').unwrap_or(text.len());
        return (text[..end].trim().to_owned(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
            '"' => return (value, &quoted[i + 1..]),
            c => value.push(c),
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPIRED: &str = r#"DPoP algs="RS256 ES256", authorization_uri="https://a.okta.com/oauth2/v1/authorize", realm="https://a.okta.com", scope="okta.users.read", error="invalid_token", error_description="The token has expired.", resource="/api/v1/users""#;

    #[test]
    fn challenge_params_are_parsed() {
        assert_eq!(challenge_param(EXPIRED, "error").as_deref(), Some("invalid_token"));
        assert_eq!(challenge_param(EXPIRED, "error_description").as_deref(), Some("The token has expired."));
        assert_eq!(challenge_param(EXPIRED, "scope").as_deref(), Some("okta.users.read"));
        assert_eq!(challenge_param(EXPIRED, "missing"), None);
        let escaped = r#"Bearer error="x", error_description="say \"hi\", ok""#;
        assert_eq!(challenge_param(escaped, "error_description").as_deref(), Some(r#"say "hi", ok"#));
        assert_eq!(
            challenge_param("Bearer realm=okta, error=invalid_token", "error").as_deref(),
            Some("invalid_token")
        );
    }

    #[test]
    fn refusals_are_classified() {
        assert_eq!(classify(401, Some(EXPIRED), b""), Rejection::Token);
        assert_eq!(classify(401, None, br#"{"errorCode":"E0000011"}"#), Rejection::Token);
        assert_eq!(classify(401, None, br#"{"errorCode":"E0000015"}"#), Rejection::Other, "a missing feature");
        let scheme = br#"{"error":"invalid_request","error_description":"The resource request must use the DPoP authentication scheme when using a DPoP bound token."}"#;
        assert_eq!(classify(400, None, scheme), Rejection::NeedsDpop);
        let unbound = r#"DPoP error="invalid_dpop_proof", error_description="The access_token is not bound to the provided DPoP proof.""#;
        assert_eq!(classify(400, Some(unbound), b""), Rejection::Token);
        let reused =
            br#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT has already been used."}"#;
        assert_eq!(classify(400, None, reused), Rejection::Proof);
        let scope = r#"Bearer error="insufficient_scope", error_description="…""#;
        assert_eq!(classify(403, Some(scope), b""), Rejection::Other);
        assert_eq!(classify(400, None, br#"{"errorCode":"E0000001"}"#), Rejection::Other);
    }
}
