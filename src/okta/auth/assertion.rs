//! The private_key_jwt client assertion (API-NOTES §1b): `iss` = `sub` = the client id, `aud`
//! = the token URL, `iat` now, `exp` five minutes on (Okta allows at most an hour) and a
//! fresh UUID `jti`, since Okta accepts each assertion once. Signed RS256 or ES256, with the
//! registered key's `kid` in the header.

use serde_json::{json, Map, Value};

use super::keys::SigningKey;

/// How long an assertion is valid, in seconds.
const LIFETIME_SECS: i64 = 300;

/// Signs a new client assertion for `client_id` at `token_url`, issued at `now` (epoch seconds).
pub(crate) fn client_assertion(
    key: &SigningKey,
    kid: Option<&str>,
    client_id: &str,
    token_url: &str,
    now: i64,
) -> String {
    let mut header = Map::new();
    header.insert("typ".into(), Value::from("JWT"));
    if let Some(kid) = kid {
        header.insert("kid".into(), Value::from(kid));
    }
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "iat": now,
        "exp": now + LIFETIME_SECS,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    key.jws(header, &claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn segment(jws: &str, index: usize) -> Value {
        let part = jws.split('.').nth(index).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn claims_and_header_follow_okta() {
        let key = SigningKey::Ec(p256::ecdsa::SigningKey::random(&mut rand::thread_rng()));
        let url = "https://acme.okta.com/oauth2/v1/token";
        let first = client_assertion(&key, Some("kid-1"), "0oa1", url, 1_700_000_000);
        let header = segment(&first, 0);
        assert_eq!((header["alg"].as_str(), header["kid"].as_str()), (Some("ES256"), Some("kid-1")));
        let claims = segment(&first, 1);
        assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some("0oa1"), Some("0oa1")));
        assert_eq!(claims["aud"], url);
        assert_eq!((claims["iat"].as_i64(), claims["exp"].as_i64()), (Some(1_700_000_000), Some(1_700_000_300)));
        let second = client_assertion(&key, None, "0oa1", url, 1_700_000_000);
        assert_ne!(claims["jti"], segment(&second, 1)["jti"]);
        assert!(segment(&second, 0).get("kid").is_none());
    }
}
