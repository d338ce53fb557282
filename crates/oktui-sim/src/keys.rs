//! The secrets a simulated org hands out (API token, client secret, the service app's RSA or
//! P-256 key pair), and the stateless checks of what is signed with keys: compact JWS parsing,
//! signatures against a registered or embedded JWK, RFC 7638 thumbprints, private_key_jwt
//! client assertions (API-NOTES §1b) and DPoP proofs (§1c, RFC 9449 §4.3). Errors are Okta's
//! `error_description`s, from its OAuth error catalog (`oauth2-error-codes.json`); spending
//! `jti`s and checking nonces is the authorization server's business (`oauth`).

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, EllipticCurveKeyParameters, EllipticCurveKeyType, Jwk,
    KeyAlgorithm, PublicKeyUse, RSAKeyParameters, RSAKeyType, ThumbprintHash,
};
use jsonwebtoken::{Algorithm, DecodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::ids;

/// Stream of the seeded generator the secrets are drawn from, apart from the org's own draws.
const SECRETS_STREAM: u64 = 0x5345_4352; // "SECR"
/// Stream the service app's key pair is drawn from, so the other secrets stay the same
/// whichever key type is chosen.
const CLIENT_KEY_STREAM: u64 = 0x434b_4559; // "CKEY"
/// Size of the service app's RSA key, as the Admin Console generates it.
const RSA_BITS: usize = 2048;

/// The signature algorithms Okta accepts for client assertions and DPoP proofs (the `algs`
/// of its `WWW-Authenticate: DPoP` challenges). ES512 is listed but cannot be verified here.
pub const SIGNING_ALGS: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// Tolerated clock difference for `iat` claims in the future.
const CLOCK_SKEW_SECS: i64 = 60;
const MAX_ASSERTION_LIFETIME_SECS: i64 = 3600;
const PROOF_MAX_AGE_SECS: i64 = 300;

// Okta's `error_description`s for client assertions (`invalid_client`) and DPoP proofs.
const ASSERTION_UNPARSEABLE: &str = "The parsing of the client_assertion failed.";
const ASSERTION_ALG: &str = "The client_assertion JWT signature algorithm is invalid.";
const ASSERTION_KID: &str = "The client_assertion JWT kid is invalid.";
const ASSERTION_KEY_USE: &str = "The client_assertion JWT needs to be signed using a signing key.";
const ASSERTION_SIGNATURE: &str = "The client_assertion signature is invalid.";
const ASSERTION_ISSUER: &str = "The issuer claim for client_assertion is not a valid client_id.";
const ASSERTION_SUBJECT: &str = "The subject claim for client_assertion is not a valid client_id.";
const ASSERTION_AUDIENCE: &str =
    "The audience claim for client_assertion must be the endpoint invoked for the request.";
const ASSERTION_EXP_REQUIRED: &str = "The client_assertion must contain the 'exp' claim as seconds since epoch.";
const ASSERTION_EXPIRED: &str = "The client_assertion token is expired.";
const ASSERTION_TOO_LONG: &str = "The client_assertion token has an expiration too far into the future.";
const ASSERTION_IAT_FUTURE: &str = "The client_assertion token must be issued before the current time.";
/// The `invalid_dpop_proof` description for a request with more than one `DPoP` header.
pub const PROOF_MULTIPLE: &str = "Multiple DPoP proof JWT headers are not allowed.";
const PROOF_INVALID: &str = "The DPoP proof JWT is invalid.";
const PROOF_UNPARSEABLE: &str = "The DPoP proof JWT cannot be parsed.";
const PROOF_TYP: &str = "'typ' must be 'dpop+jwt' in the DPoP proof JWT.";
const PROOF_ALG: &str = "The DPoP proof JWT signature algorithm is invalid.";
const PROOF_SIGNATURE: &str = "The DPoP proof JWT signature is invalid.";
const PROOF_HTM: &str = "'htm' claim in the DPoP proof JWT is invalid.";
const PROOF_HTU: &str = "'htu' claim in the DPoP proof JWT is invalid.";
const PROOF_IAT: &str = "'iat' claim in the DPoP proof JWT is invalid.";
const PROOF_FUTURE: &str = "The DPoP proof JWT is issued in the future.";
const PROOF_TOO_OLD: &str = "The DPoP proof JWT is issued more than five minutes in the past.";
const PROOF_EXPIRED: &str = "The DPoP proof JWT is expired.";
const PROOF_JTI: &str = "'jti' claim in the DPoP proof JWT is invalid.";
const PROOF_ATH: &str = "'ath' claim in the DPoP proof does not match the presented access_token.";

/// The type of the key pair registered on the service app for private_key_jwt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyType {
    /// RSA 2048, signing RS256: what the Admin Console generates, and all Okta's SDKs sign with.
    Rsa,
    /// EC P-256, signing ES256: quick to draw.
    Ec,
}

/// The secrets a sim hands out, derived from the seed (same seed → same secrets, byte for byte).
pub struct IssuedSecrets {
    /// An SSWS API token: `00` and 40 base62 characters.
    pub api_token: String,
    /// The OAuth service app's client id (`0oa…`).
    pub client_id: String,
    /// Its client secret, 40 characters (client_secret_basic).
    pub client_secret: String,
    /// The `kid` of the registered key.
    pub key_id: String,
}

impl fmt::Debug for IssuedSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedSecrets")
            .field("client_id", &self.client_id)
            .field("key_id", &self.key_id)
            .field("api_token", &"<redacted>")
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// Draws the sim's secrets from `seed`.
pub fn issue(seed: u64) -> IssuedSecrets {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(SECRETS_STREAM);
    let api_token = format!("00{}", ids::base62(&mut rng, 40));
    let client_id = ids::okta_id(&mut rng, "0oa");
    let client_secret = ids::base62(&mut rng, 40);
    let key_id = ids::base62(&mut rng, 12);
    IssuedSecrets { api_token, client_id, client_secret, key_id }
}

/// The key pair registered on the service app: the client holds the private half.
pub struct ClientKeyPair {
    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`) of the private key.
    pub private_key_pem: String,
    /// The registered public key, with its `kid`, `use` sig and `alg` (RS256 or ES256).
    pub public_jwk: Jwk,
}

impl fmt::Debug for ClientKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientKeyPair")
            .field("public_jwk", &self.public_jwk)
            .field("private_key_pem", &"<redacted>")
            .finish()
    }
}

/// Draws the service app's key pair of `key_type` from `seed`, registered under `kid`.
pub fn client_key(seed: u64, key_type: KeyType, kid: &str) -> ClientKeyPair {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(CLIENT_KEY_STREAM);
    let kid = Some(kid.to_string());
    match key_type {
        KeyType::Ec => {
            let secret = p256::SecretKey::random(&mut rng);
            let private_key_pem =
                secret.to_pkcs8_pem(LineEnding::LF).expect("a P-256 scalar always encodes as PKCS#8").to_string();
            ClientKeyPair { private_key_pem, public_jwk: p256_public_jwk(&secret.public_key(), kid) }
        }
        KeyType::Rsa => {
            let private =
                rsa::RsaPrivateKey::new(&mut rng, RSA_BITS).expect("an RSA key of 2048 bits can always be drawn");
            let private_key_pem = rsa::pkcs8::EncodePrivateKey::to_pkcs8_pem(&private, LineEnding::LF)
                .expect("an RSA key always encodes as PKCS#8")
                .to_string();
            ClientKeyPair { private_key_pem, public_jwk: rsa_public_jwk(&private, kid) }
        }
    }
}

/// The public JWK of an RSA key, marked for RS256 signatures.
fn rsa_public_jwk(key: &rsa::RsaPrivateKey, kid: Option<String>) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::RS256),
            key_id: kid,
            ..Default::default()
        },
        algorithm: AlgorithmParameters::RSA(RSAKeyParameters {
            key_type: RSAKeyType::RSA,
            n: URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
        }),
    }
}

/// The public JWK of a P-256 key, marked for ES256 signatures.
pub fn p256_public_jwk(key: &p256::PublicKey, kid: Option<String>) -> Jwk {
    let point = key.to_encoded_point(false);
    let coordinate = |c: Option<&p256::FieldBytes>| c.map(|b| URL_SAFE_NO_PAD.encode(b)).unwrap_or_default();
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::ES256),
            key_id: kid,
            ..Default::default()
        },
        algorithm: AlgorithmParameters::EllipticCurve(EllipticCurveKeyParameters {
            key_type: EllipticCurveKeyType::EC,
            curve: EllipticCurve::P256,
            x: coordinate(point.x()),
            y: coordinate(point.y()),
        }),
    }
}

/// The RFC 7638 SHA-256 thumbprint (base64url, no padding) of a public JWK: DPoP's `jkt`.
pub fn thumbprint(jwk: &Jwk) -> Option<String> {
    jwk.thumbprint(ThumbprintHash::SHA256).ok()
}

/// Whether a JWK, as sent in JSON, carries private or symmetric key material.
pub fn has_private_members(jwk: &Map<String, Value>) -> bool {
    ["d", "p", "q", "dp", "dq", "qi", "oth", "k"].iter().any(|m| jwk.contains_key(*m))
}

/// A compact JWS whose header and claims parsed as JSON objects; its signature is unchecked.
#[derive(Debug)]
pub struct Jws<'a> {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims set.
    pub claims: Map<String, Value>,
    signing_input: &'a str,
    signature: &'a str,
}

impl<'a> Jws<'a> {
    /// Splits and decodes `header.claims.signature`; None unless it is a well-formed JWS.
    pub fn parse(token: &'a str) -> Option<Self> {
        let (signing_input, signature) = token.rsplit_once('.')?;
        let (header, claims) = signing_input.split_once('.')?;
        if signature.is_empty() || signature.contains('.') {
            return None;
        }
        Some(Jws { header: json_segment(header)?, claims: json_segment(claims)?, signing_input, signature })
    }

    /// A string header parameter.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// A string claim.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A NumericDate claim, in whole seconds since the epoch.
    pub fn claim_time(&self, name: &str) -> Option<i64> {
        let value = self.claims.get(name)?;
        value.as_i64().or_else(|| value.as_f64().map(|f| f as i64))
    }

    /// Whether the `alg` header is one of [`SIGNING_ALGS`].
    pub fn has_signing_alg(&self) -> bool {
        self.header_str("alg").is_some_and(|alg| SIGNING_ALGS.contains(&alg))
    }

    /// Whether the signature verifies with `jwk` under the header's `alg`. The key must be of
    /// the family and curve the algorithm names, so an HMAC or mismatched key never passes.
    pub fn verifies_with(&self, jwk: &Jwk) -> bool {
        let Some(alg) = self.header_str("alg").and_then(|a| Algorithm::from_str(a).ok()) else {
            return false;
        };
        if !key_fits(jwk, alg) {
            return false;
        }
        let Ok(key) = DecodingKey::from_jwk(jwk) else {
            return false;
        };
        jsonwebtoken::crypto::verify(self.signature, self.signing_input.as_bytes(), &key, alg).unwrap_or(false)
    }
}

/// Decodes one base64url segment holding a JSON object.
fn json_segment(segment: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Whether `jwk` is a key `alg` can be verified with.
fn key_fits(jwk: &Jwk, alg: Algorithm) -> bool {
    match (&jwk.algorithm, alg) {
        (AlgorithmParameters::RSA(_), Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512) => true,
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES256) => ec.curve == EllipticCurve::P256,
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES384) => ec.curve == EllipticCurve::P384,
        _ => false,
    }
}

/// A DPoP proof whose signature and claims checked out; its `jti` is not yet spent.
#[derive(Debug, Clone)]
pub struct DpopProof {
    /// RFC 7638 thumbprint of the proof's `jwk`.
    pub jkt: String,
    /// Its `jti`, single use.
    pub jti: String,
    /// Its `nonce` claim, if any.
    pub nonce: Option<String>,
    /// When its `jti` may be forgotten: the proof is too old by then.
    pub forget_at: i64,
}

/// The request a DPoP proof must be made for.
#[derive(Debug, Clone, Copy)]
pub struct ProofTarget<'a> {
    /// `htm`: the HTTP method.
    pub method: &'a str,
    /// `htu`: the URL without query or fragment, path percent-decoded.
    pub url: &'a str,
    /// The access token presented with the proof (resource requests: `ath` must match).
    pub access_token: Option<&'a str>,
}

/// Checks a DPoP proof's form, signature and claims against the request it was sent with
/// (RFC 9449 §4.3); the error is Okta's `invalid_dpop_proof` description. The `jti` is not
/// spent and the nonce not checked: the caller does both.
pub fn verify_proof(proof: &str, target: &ProofTarget<'_>, now: i64) -> Result<DpopProof, &'static str> {
    let jws = Jws::parse(proof).ok_or(PROOF_UNPARSEABLE)?;
    if jws.header_str("typ") != Some("dpop+jwt") {
        return Err(PROOF_TYP);
    }
    if !jws.has_signing_alg() {
        return Err(PROOF_ALG);
    }
    let jwk = embedded_jwk(&jws).ok_or(PROOF_INVALID)?;
    if !jws.verifies_with(&jwk) {
        return Err(PROOF_SIGNATURE);
    }
    let (jti, iat) = check_proof_claims(&jws, target, now)?;
    Ok(DpopProof {
        jkt: thumbprint(&jwk).ok_or(PROOF_INVALID)?,
        jti: jti.to_owned(),
        nonce: jws.claim_str("nonce").map(str::to_owned),
        forget_at: iat.saturating_add(PROOF_MAX_AGE_SECS + CLOCK_SKEW_SECS),
    })
}

/// `ath`: base64url(SHA-256(access token)), no padding.
pub fn access_token_hash(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(access_token.as_bytes()))
}

/// The proof's `jwk` header: a public asymmetric key.
fn embedded_jwk(jws: &Jws<'_>) -> Option<Jwk> {
    let jwk = jws.header.get("jwk")?.as_object()?;
    if has_private_members(jwk) {
        return None;
    }
    serde_json::from_value(Value::Object(jwk.clone())).ok()
}

/// `htm`, `htu`, `iat`, `exp`, `jti` and `ath`; returns the `jti` and `iat`.
fn check_proof_claims<'j>(
    jws: &'j Jws<'_>,
    target: &ProofTarget<'_>,
    now: i64,
) -> Result<(&'j str, i64), &'static str> {
    if jws.claim_str("htm") != Some(target.method) {
        return Err(PROOF_HTM);
    }
    if jws.claim_str("htu") != Some(target.url) {
        return Err(PROOF_HTU);
    }
    let iat = jws.claim_time("iat").ok_or(PROOF_IAT)?;
    if iat > now + CLOCK_SKEW_SECS {
        return Err(PROOF_FUTURE);
    }
    if iat < now - PROOF_MAX_AGE_SECS {
        return Err(PROOF_TOO_OLD);
    }
    if jws.claim_time("exp").is_some_and(|exp| exp <= now) {
        return Err(PROOF_EXPIRED);
    }
    let jti = jws.claim_str("jti").filter(|j| !j.is_empty()).ok_or(PROOF_JTI)?;
    if let Some(token) = target.access_token {
        if jws.claim_str("ath") != Some(access_token_hash(token).as_str()) {
            return Err(PROOF_ATH);
        }
    }
    Ok((jti, iat))
}

/// A verified client assertion.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// Its `jti`: when present, the assertion may be used only once.
    pub jti: Option<String>,
    /// Its `exp`, seconds since the epoch.
    pub exp: i64,
}

/// Checks a private_key_jwt client assertion of `client_id` against its registered `keys`
/// (API-NOTES §1b); the error is Okta's `invalid_client` description. The `jti` is not spent.
pub fn verify_assertion(
    assertion: &str,
    client_id: &str,
    keys: &[Jwk],
    audience: &str,
    now: i64,
) -> Result<Assertion, &'static str> {
    let jws = Jws::parse(assertion).ok_or(ASSERTION_UNPARSEABLE)?;
    if !jws.has_signing_alg() {
        return Err(ASSERTION_ALG);
    }
    let key = assertion_key(&jws, keys).ok_or(ASSERTION_KID)?;
    if key.common.public_key_use.as_ref().is_some_and(|u| *u != PublicKeyUse::Signature) {
        return Err(ASSERTION_KEY_USE);
    }
    if !jws.verifies_with(key) {
        return Err(ASSERTION_SIGNATURE);
    }
    if jws.claim_str("iss") != Some(client_id) {
        return Err(ASSERTION_ISSUER);
    }
    if jws.claim_str("sub") != Some(client_id) {
        return Err(ASSERTION_SUBJECT);
    }
    if !audience_is(&jws, audience) {
        return Err(ASSERTION_AUDIENCE);
    }
    let exp = jws.claim_time("exp").ok_or(ASSERTION_EXP_REQUIRED)?;
    if exp <= now {
        return Err(ASSERTION_EXPIRED);
    }
    if exp - now > MAX_ASSERTION_LIFETIME_SECS {
        return Err(ASSERTION_TOO_LONG);
    }
    if jws.claim_time("iat").is_some_and(|iat| iat > now + CLOCK_SKEW_SECS) {
        return Err(ASSERTION_IAT_FUTURE);
    }
    let jti = jws.claim_str("jti").filter(|j| !j.is_empty()).map(str::to_owned);
    Ok(Assertion { jti, exp })
}

/// The registered key named by `kid`; without `kid`, the only key if there is just one.
fn assertion_key<'k>(jws: &Jws<'_>, keys: &'k [Jwk]) -> Option<&'k Jwk> {
    match jws.header_str("kid") {
        Some(kid) => keys.iter().find(|k| k.common.key_id.as_deref() == Some(kid)),
        None if keys.len() == 1 => keys.first(),
        None => None,
    }
}

/// Whether `aud` (a string or an array of strings) names `audience`.
fn audience_is(jws: &Jws<'_>, audience: &str) -> bool {
    match jws.claims.get("aud") {
        Some(Value::String(aud)) => aud == audience,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(audience)),
        _ => false,
    }
}

/// Keys and signing helpers for the tests of the authorization server.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::OnceLock;

    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, RSAKeyParameters, RSAKeyType};
    use jsonwebtoken::{Algorithm, EncodingKey};
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    use serde_json::Value;

    use super::p256_public_jwk;
    use p256::pkcs8::EncodePrivateKey;

    /// A private key that signs test JWTs, with its public JWK.
    pub struct TestKey {
        pub encoding: EncodingKey,
        pub alg: Algorithm,
        pub jwk: Jwk,
    }

    impl TestKey {
        /// The public JWK as JSON (for a DPoP `jwk` header).
        pub fn jwk_json(&self) -> Value {
            serde_json::to_value(&self.jwk).unwrap()
        }
    }

    /// A P-256 key drawn from `seed`, with `kid`.
    pub fn ec_key(seed: u64, kid: Option<&str>) -> TestKey {
        let secret = p256::SecretKey::random(&mut ChaCha20Rng::seed_from_u64(seed));
        TestKey {
            encoding: EncodingKey::from_ec_der(secret.to_pkcs8_der().unwrap().as_bytes()),
            alg: Algorithm::ES256,
            jwk: p256_public_jwk(&secret.public_key(), kid.map(str::to_string)),
        }
    }

    /// The service app's key pair, as the client holds it.
    pub fn pair_key(pair: &super::ClientKeyPair) -> TestKey {
        let pem = pair.private_key_pem.as_bytes();
        let (encoding, alg) = match pair.public_jwk.algorithm {
            AlgorithmParameters::RSA(_) => (EncodingKey::from_rsa_pem(pem).unwrap(), Algorithm::RS256),
            _ => (EncodingKey::from_ec_pem(pem).unwrap(), Algorithm::ES256),
        };
        TestKey { encoding, alg, jwk: pair.public_jwk.clone() }
    }

    /// One RSA 2048 key per test run (generating it is slow), with kid `rsa-1`.
    pub fn rsa_key() -> &'static TestKey {
        static KEY: OnceLock<TestKey> = OnceLock::new();
        KEY.get_or_init(|| {
            let private = rsa::RsaPrivateKey::new(&mut ChaCha20Rng::seed_from_u64(99), 2048).unwrap();
            let der = private.to_pkcs1_der().unwrap();
            let b64 = |n: &rsa::BigUint| URL_SAFE_NO_PAD.encode(n.to_bytes_be());
            let mut jwk = Jwk {
                common: Default::default(),
                algorithm: AlgorithmParameters::RSA(RSAKeyParameters {
                    key_type: RSAKeyType::RSA,
                    n: b64(private.n()),
                    e: b64(private.e()),
                }),
            };
            jwk.common.key_id = Some("rsa-1".into());
            TestKey { encoding: EncodingKey::from_rsa_der(der.as_bytes()), alg: Algorithm::RS256, jwk }
        })
    }

    /// Signs `header` and `claims` as given (no fields added) with `key` under `alg`.
    pub fn sign_with(header: &Value, claims: &Value, key: &EncodingKey, alg: Algorithm) -> String {
        let input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
        let signature = jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).unwrap();
        format!("{input}.{signature}")
    }

    /// Signs with `key` under its own algorithm.
    pub fn sign(header: &Value, claims: &Value, key: &TestKey) -> String {
        sign_with(header, claims, &key.encoding, key.alg)
    }
    /// A JWT with the key's algorithm and an optional `kid` (a client assertion).
    pub fn jwt(key: &TestKey, kid: Option<&str>, claims: &Value) -> String {
        let mut header = serde_json::json!({"alg": format!("{:?}", key.alg)});
        if let Some(kid) = kid {
            header["kid"] = kid.into();
        }
        sign(&header, claims, key)
    }

    /// A DPoP proof: `typ` dpop+jwt, the key's algorithm, its public `jwk`.
    pub fn dpop_proof(key: &TestKey, claims: &Value) -> String {
        let header = serde_json::json!({"typ": "dpop+jwt", "alg": format!("{:?}", key.alg), "jwk": key.jwk_json()});
        sign(&header, claims, key)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{dpop_proof, ec_key, jwt, pair_key, rsa_key, sign, sign_with};
    use super::*;
    use serde_json::json;

    const CLIENT: &str = "0oaClient";
    const TOKEN_URL: &str = "http://127.0.0.1:8080/oauth2/v1/token";
    const NOW: i64 = 1_700_000_000;

    fn assertion_claims() -> Value {
        json!({"iss": CLIENT, "sub": CLIENT, "aud": TOKEN_URL, "iat": NOW, "exp": NOW + 300, "jti": "j"})
    }

    fn check_assertion(token: &str, keys: &[Jwk]) -> Result<Assertion, &'static str> {
        verify_assertion(token, CLIENT, keys, TOKEN_URL, NOW)
    }

    fn proof_claims() -> Value {
        json!({"htm": "POST", "htu": TOKEN_URL, "iat": NOW, "jti": "p"})
    }

    const TOKEN_TARGET: ProofTarget<'static> = ProofTarget { method: "POST", url: TOKEN_URL, access_token: None };

    /// The secrets of `seed` with their P-256 key pair.
    fn ec_issued(seed: u64) -> (IssuedSecrets, ClientKeyPair) {
        let s = issue(seed);
        let pair = client_key(seed, KeyType::Ec, &s.key_id);
        (s, pair)
    }

    #[test]
    fn same_seed_same_secrets() {
        let (a, b) = (issue(42), issue(42));
        assert_eq!(a.api_token, b.api_token);
        assert_eq!(a.client_secret, b.client_secret);
        assert_ne!(a.api_token, issue(43).api_token);
        for key_type in [KeyType::Ec, KeyType::Rsa] {
            let (x, y) = (client_key(42, key_type, &a.key_id), client_key(42, key_type, &a.key_id));
            assert_eq!(x.private_key_pem, y.private_key_pem, "{key_type:?}");
            assert_eq!(x.public_jwk, y.public_jwk, "{key_type:?}");
            assert_ne!(x.private_key_pem, client_key(43, key_type, &a.key_id).private_key_pem, "{key_type:?}");
        }
    }

    #[test]
    fn secrets_have_okta_shapes() {
        let s = issue(1);
        assert!(s.api_token.starts_with("00") && s.api_token.len() == 42);
        assert!(s.client_id.starts_with("0oa") && s.client_id.len() == 20);
        assert_eq!(s.client_secret.len(), 40);
        let ec = client_key(1, KeyType::Ec, &s.key_id);
        assert!(ec.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let jwk = serde_json::to_value(&ec.public_jwk).unwrap();
        assert_eq!(jwk["kty"], "EC");
        assert_eq!(jwk["crv"], "P-256");
        assert_eq!(jwk["use"], "sig");
        assert_eq!(jwk["alg"], "ES256");
        assert_eq!(jwk["kid"], s.key_id.as_str());
        assert_eq!(jwk["x"].as_str().unwrap().len(), 43);
        let rsa = client_key(1, KeyType::Rsa, &s.key_id);
        assert!(rsa.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let jwk = serde_json::to_value(&rsa.public_jwk).unwrap();
        assert_eq!(
            (jwk["kty"].as_str(), jwk["alg"].as_str(), jwk["use"].as_str()),
            (Some("RSA"), Some("RS256"), Some("sig"))
        );
        assert_eq!(jwk["kid"], s.key_id.as_str());
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(jwk["n"].as_str().unwrap().len(), 342, "a 2048-bit modulus");
    }

    #[test]
    fn debug_redacts_secrets() {
        let (s, pair) = ec_issued(1);
        let shown = format!("{s:?} {pair:?}");
        assert!(!shown.contains(&s.api_token) && !shown.contains(&s.client_secret));
        assert!(!shown.contains("PRIVATE KEY"));
    }

    #[test]
    fn printed_key_signs_what_its_jwk_verifies() {
        let s = issue(5);
        for key_type in [KeyType::Ec, KeyType::Rsa] {
            let pair = client_key(5, key_type, &s.key_id);
            let key = pair_key(&pair);
            let token = jwt(&key, Some(&s.key_id), &json!({"sub": "x"}));
            let jws = Jws::parse(&token).unwrap();
            assert!(jws.verifies_with(&pair.public_jwk), "{key_type:?}");
            assert!(!jws.verifies_with(&ec_key(1, None).jwk), "{key_type:?}");
            assert!(!jws.verifies_with(&rsa_key().jwk), "{key_type:?}");
        }
    }

    #[test]
    fn rsa_signatures_verify_and_alg_must_fit_key() {
        let rsa = rsa_key();
        let token = sign(&json!({"alg": "RS256"}), &json!({"a": 1}), rsa);
        assert!(Jws::parse(&token).unwrap().verifies_with(&rsa.jwk));
        let mislabelled = sign(&json!({"alg": "ES256"}), &json!({"a": 1}), rsa);
        assert!(!Jws::parse(&mislabelled).unwrap().verifies_with(&rsa.jwk));
    }

    #[test]
    fn hmac_never_verifies() {
        let ec = ec_key(3, None);
        let key = jsonwebtoken::EncodingKey::from_secret(ec.jwk_json()["x"].as_str().unwrap().as_bytes());
        let token = sign_with(&json!({"alg": "HS256"}), &json!({}), &key, Algorithm::HS256);
        let jws = Jws::parse(&token).unwrap();
        assert!(!jws.has_signing_alg());
        assert!(!jws.verifies_with(&ec.jwk));
    }

    #[test]
    fn malformed_tokens_do_not_parse() {
        for bad in ["", "a.b", "a.b.c.d", "e30.e30.", "W10.e30.sig", "e30=.e30.sig"] {
            assert!(Jws::parse(bad).is_none(), "{bad}");
        }
        let jws = Jws::parse("e30.eyJleHAiOjEuNX0.sig").unwrap();
        assert_eq!(jws.claim_time("exp"), Some(1));
    }

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        let jwk: Jwk = serde_json::from_value(json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        }))
        .unwrap();
        assert_eq!(thumbprint(&jwk).unwrap(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn private_members_are_spotted() {
        let public = ec_key(4, None).jwk_json();
        assert!(!has_private_members(public.as_object().unwrap()));
        let mut private = public.as_object().unwrap().clone();
        private.insert("d".into(), json!("secret"));
        assert!(has_private_members(&private));
    }
    #[test]
    fn assertions_verify_with_ec_and_rsa_keys() {
        let (s, pair) = ec_issued(8);
        let keys = [pair.public_jwk.clone(), rsa_key().jwk.clone()];
        let ec = jwt(&pair_key(&pair), Some(&s.key_id), &assertion_claims());
        let checked = check_assertion(&ec, &keys).unwrap();
        assert_eq!((checked.jti.as_deref(), checked.exp), (Some("j"), NOW + 300));
        let rsa = jwt(rsa_key(), Some("rsa-1"), &assertion_claims());
        assert!(check_assertion(&rsa, &keys).is_ok());
    }

    #[test]
    fn assertion_key_selection() {
        let (s, pair) = ec_issued(8);
        let key = pair_key(&pair);
        let both = [pair.public_jwk.clone(), rsa_key().jwk.clone()];
        let claims = assertion_claims();
        assert_eq!(check_assertion(&jwt(&key, Some("nope"), &claims), &both).unwrap_err(), ASSERTION_KID);
        assert_eq!(check_assertion(&jwt(&key, None, &claims), &both).unwrap_err(), ASSERTION_KID);
        assert!(check_assertion(&jwt(&key, None, &claims), &both[..1]).is_ok());
        let impostor = jwt(&ec_key(9, None), Some(&s.key_id), &claims);
        assert_eq!(check_assertion(&impostor, &both).unwrap_err(), ASSERTION_SIGNATURE);
        let mut encryption_key = pair.public_jwk.clone();
        encryption_key.common.public_key_use = Some(PublicKeyUse::Encryption);
        let signed = jwt(&key, Some(&s.key_id), &claims);
        assert_eq!(check_assertion(&signed, &[encryption_key]).unwrap_err(), ASSERTION_KEY_USE);
        let hmac = sign_with(
            &json!({"alg": "HS256"}),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(b"s"),
            Algorithm::HS256,
        );
        assert_eq!(check_assertion(&hmac, &both).unwrap_err(), ASSERTION_ALG);
        assert_eq!(check_assertion("x.y.z", &both).unwrap_err(), ASSERTION_UNPARSEABLE);
    }

    #[test]
    fn assertion_claim_checks() {
        let (s, pair) = ec_issued(8);
        let key = pair_key(&pair);
        let cases: Vec<(&str, Value, &str)> = vec![
            ("iss", json!("0oaOther"), ASSERTION_ISSUER),
            ("sub", json!("0oaOther"), ASSERTION_SUBJECT),
            ("aud", json!("http://127.0.0.1:8080/oauth2/default/v1/token"), ASSERTION_AUDIENCE),
            ("exp", json!(NOW), ASSERTION_EXPIRED),
            ("exp", json!(NOW + 3601), ASSERTION_TOO_LONG),
            ("exp", Value::Null, ASSERTION_EXP_REQUIRED),
            ("iat", json!(NOW + 120), ASSERTION_IAT_FUTURE),
        ];
        for (claim, value, expected) in cases {
            let mut claims = assertion_claims();
            claims[claim] = value;
            let token = jwt(&key, Some(&s.key_id), &claims);
            assert_eq!(
                check_assertion(&token, std::slice::from_ref(&pair.public_jwk)).unwrap_err(),
                expected,
                "{claim}"
            );
        }
        let mut claims = assertion_claims();
        claims["aud"] = json!([TOKEN_URL]);
        claims["exp"] = json!(NOW + 3600);
        claims["iat"] = json!(NOW + 30);
        claims.as_object_mut().unwrap().remove("jti");
        let checked =
            check_assertion(&jwt(&key, Some(&s.key_id), &claims), std::slice::from_ref(&pair.public_jwk)).unwrap();
        assert!(checked.jti.is_none());
    }

    #[test]
    fn proofs_verify_with_ec_and_rsa_keys() {
        let ec = ec_key(12, None);
        let verified = verify_proof(&dpop_proof(&ec, &proof_claims()), &TOKEN_TARGET, NOW).unwrap();
        assert_eq!(Some(verified.jkt), thumbprint(&ec.jwk));
        assert_eq!((verified.jti.as_str(), verified.nonce), ("p", None));
        assert!(verify_proof(&dpop_proof(rsa_key(), &proof_claims()), &TOKEN_TARGET, NOW).is_ok());
    }

    #[test]
    fn proof_claim_checks() {
        let key = ec_key(12, None);
        let cases: Vec<(&str, Value, &str)> = vec![
            ("htm", json!("GET"), PROOF_HTM),
            ("htu", json!(format!("{TOKEN_URL}?a=b")), PROOF_HTU),
            ("iat", json!("soon"), PROOF_IAT),
            ("iat", json!(NOW + 120), PROOF_FUTURE),
            ("iat", json!(NOW - 301), PROOF_TOO_OLD),
            ("exp", json!(NOW), PROOF_EXPIRED),
            ("jti", json!(""), PROOF_JTI),
        ];
        for (claim, value, expected) in cases {
            let mut claims = proof_claims();
            claims[claim] = value;
            assert_eq!(verify_proof(&dpop_proof(&key, &claims), &TOKEN_TARGET, NOW).unwrap_err(), expected, "{claim}");
        }
    }

    #[test]
    fn proof_header_checks() {
        let key = ec_key(12, None);
        let with_header = |h: Value| sign(&h, &proof_claims(), &key);
        let jwk = key.jwk_json();
        let wrong_typ = with_header(json!({"typ": "JWT", "alg": "ES256", "jwk": jwk}));
        assert_eq!(verify_proof(&wrong_typ, &TOKEN_TARGET, NOW).unwrap_err(), PROOF_TYP);
        let mut private = jwk.clone();
        private["d"] = json!("AAAA");
        let with_private = with_header(json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": private}));
        assert_eq!(verify_proof(&with_private, &TOKEN_TARGET, NOW).unwrap_err(), PROOF_INVALID);
        let no_jwk = with_header(json!({"typ": "dpop+jwt", "alg": "ES256"}));
        assert_eq!(verify_proof(&no_jwk, &TOKEN_TARGET, NOW).unwrap_err(), PROOF_INVALID);
        let other = with_header(json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": ec_key(13, None).jwk_json()}));
        assert_eq!(verify_proof(&other, &TOKEN_TARGET, NOW).unwrap_err(), PROOF_SIGNATURE);
        let hmac = with_header(json!({"typ": "dpop+jwt", "alg": "HS256", "jwk": jwk}));
        assert_eq!(verify_proof(&hmac, &TOKEN_TARGET, NOW).unwrap_err(), PROOF_ALG);
        assert_eq!(verify_proof("nope", &TOKEN_TARGET, NOW).unwrap_err(), PROOF_UNPARSEABLE);
    }

    #[test]
    fn resource_proofs_need_matching_ath() {
        let key = ec_key(14, None);
        let url = "http://127.0.0.1:8080/api/v1/users";
        let target = ProofTarget { method: "GET", url, access_token: Some("tok") };
        let mut claims = json!({"htm": "GET", "htu": url, "iat": NOW, "jti": "r1"});
        assert_eq!(verify_proof(&dpop_proof(&key, &claims), &target, NOW).unwrap_err(), PROOF_ATH);
        claims["ath"] = json!("GnZ0607njffhrEOak8P6jjyUV4TU3sn9jjARc4svHWI");
        assert!(verify_proof(&dpop_proof(&key, &claims), &target, NOW).is_ok());
        assert_eq!(access_token_hash("tok"), "GnZ0607njffhrEOak8P6jjyUV4TU3sn9jjARc4svHWI");
    }
}
