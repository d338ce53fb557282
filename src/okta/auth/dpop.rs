//! DPoP (RFC 9449, API-NOTES §1c): an ES256 key pair held in memory for the authenticator's
//! life, proofs for token requests (with the server's nonce once it issued one) and for
//! resource requests (with `ath`), each with a fresh `jti`.

use std::fmt;
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use url::Url;

use super::keys::SigningKey;

/// The DPoP key pair and the token endpoint's latest nonce.
pub(crate) struct DpopKey {
    key: SigningKey,
    /// The public key, as the proofs' `jwk` header carries it.
    jwk: Value,
    nonce: Mutex<Option<String>>,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey").field("jwk", &self.jwk).finish_non_exhaustive()
    }
}

impl DpopKey {
    /// A new random P-256 key pair.
    pub(crate) fn generate() -> Self {
        let signing = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
        let point = signing.verifying_key().to_encoded_point(false);
        let coordinate = |c: Option<&p256::FieldBytes>| c.map(|b| URL_SAFE_NO_PAD.encode(b)).unwrap_or_default();
        let jwk = json!({"kty": "EC", "crv": "P-256", "x": coordinate(point.x()), "y": coordinate(point.y())});
        DpopKey { key: SigningKey::Ec(signing), jwk, nonce: Mutex::new(None) }
    }

    /// Keeps the nonce the token endpoint sent (`DPoP-Nonce`) for the next token proofs.
    pub(crate) fn remember_nonce(&self, nonce: &str) {
        *self.nonce.lock().unwrap_or_else(|e| e.into_inner()) = Some(nonce.to_owned());
    }

    /// A proof for `POST token_url`, carrying the remembered nonce if there is one.
    pub(crate) fn token_proof(&self, token_url: &str, now: i64) -> String {
        let mut claims = base_claims("POST", token_url, now);
        if let Some(nonce) = self.nonce.lock().unwrap_or_else(|e| e.into_inner()).as_deref() {
            claims.insert("nonce".into(), Value::from(nonce));
        }
        self.sign(claims)
    }

    /// A proof for a resource request with `access_token`.
    pub(crate) fn resource_proof(&self, method: &str, url: &Url, access_token: &str, now: i64) -> String {
        let mut claims = base_claims(method, &htu(url), now);
        claims.insert("ath".into(), Value::from(access_token_hash(access_token)));
        self.sign(claims)
    }

    fn sign(&self, claims: Map<String, Value>) -> String {
        let mut header = Map::new();
        header.insert("typ".into(), Value::from("dpop+jwt"));
        header.insert("jwk".into(), self.jwk.clone());
        self.key.jws(header, &Value::Object(claims))
    }
}

/// `htm`, `htu`, `iat` and a fresh `jti`.
fn base_claims(method: &str, htu: &str, now: i64) -> Map<String, Value> {
    let mut claims = Map::new();
    claims.insert("htm".into(), Value::from(method));
    claims.insert("htu".into(), Value::from(htu));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("jti".into(), Value::from(uuid::Uuid::new_v4().to_string()));
    claims
}

/// The `htu` of a request URL: no query or fragment, and the path percent-decoded, which is
/// what Okta compares against (a `%40` in `htu` is refused; API-NOTES §1c "htu pitfalls").
pub(crate) fn htu(url: &Url) -> String {
    let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
    format!("{}{path}", url.origin().ascii_serialization())
}

/// `ath`: base64url(SHA-256(access token)), no padding.
fn access_token_hash(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(access_token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::jwk::Jwk;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};

    fn decode(proof: &str) -> (jsonwebtoken::Header, Value) {
        let header = jsonwebtoken::decode_header(proof).unwrap();
        let jwk: &Jwk = header.jwk.as_ref().unwrap();
        let mut validation = Validation::new(Algorithm::ES256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<Value>(proof, &DecodingKey::from_jwk(jwk).unwrap(), &validation).unwrap();
        (header, data.claims)
    }

    #[test]
    fn htu_drops_query_and_fragment_and_decodes_the_path() {
        let url = Url::parse("https://acme.okta.com/api/v1/users/a%40b.example?expand=x#top").unwrap();
        assert_eq!(htu(&url), "https://acme.okta.com/api/v1/users/a@b.example");
        let sim = Url::parse("http://127.0.0.1:8080/api/v1/logs?since=2024").unwrap();
        assert_eq!(htu(&sim), "http://127.0.0.1:8080/api/v1/logs");
        assert_eq!(htu(&Url::parse("https://acme.okta.com:443/x").unwrap()), "https://acme.okta.com/x");
    }

    #[test]
    fn proofs_are_signed_with_the_public_jwk_and_fresh_jti() {
        let key = DpopKey::generate();
        let url = Url::parse("https://acme.okta.com/api/v1/users?limit=1").unwrap();
        let (header, claims) = decode(&key.resource_proof("GET", &url, "tok", 1_700_000_000));
        assert_eq!(header.typ.as_deref(), Some("dpop+jwt"));
        assert_eq!(
            (claims["htm"].as_str(), claims["htu"].as_str()),
            (Some("GET"), Some("https://acme.okta.com/api/v1/users"))
        );
        assert_eq!(claims["ath"], access_token_hash("tok"));
        assert_eq!(claims["iat"], 1_700_000_000);
        assert!(claims.get("nonce").is_none());
        let second = decode(&key.resource_proof("GET", &url, "tok", 1_700_000_000)).1;
        assert_ne!(claims["jti"], second["jti"]);
        assert!(!key.jwk.as_object().unwrap().contains_key("d"));
    }

    #[test]
    fn token_proofs_carry_the_remembered_nonce() {
        let key = DpopKey::generate();
        let url = "https://acme.okta.com/oauth2/v1/token";
        let first = decode(&key.token_proof(url, 1)).1;
        assert_eq!((first["htm"].as_str(), first["htu"].as_str()), (Some("POST"), Some(url)));
        assert!(first.get("nonce").is_none() && first.get("ath").is_none());
        key.remember_nonce("n-1");
        assert_eq!(decode(&key.token_proof(url, 1)).1["nonce"], "n-1");
    }
}
