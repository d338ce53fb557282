//! Signing keys and compact JWS. The service app's private key (private_key_jwt) is read from
//! PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) or JWK JSON and must be a key Okta accepts for client
//! assertions (API-NOTES §1b): RSA of at least 2048 bits, signed RS256, or EC P-256, signed
//! ES256. Nothing here ever echoes key material, not even in an error.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::der::pem;
use rsa::pkcs8::{DecodePrivateKey, PrivateKeyInfo};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey};
use serde_json::{Map, Value};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use super::error::KeyProblem;

/// Okta refuses RSA keys shorter than this.
const MIN_RSA_BITS: usize = 2048;

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";
const OID_ED25519: &str = "1.3.101.112";
const OID_ED448: &str = "1.3.101.113";

/// A private key that signs JWS: RSA with RS256 or EC P-256 with ES256.
pub(crate) enum SigningKey {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    /// ECDSA on P-256 with SHA-256.
    Ec(p256::ecdsa::SigningKey),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.alg())
    }
}

impl SigningKey {
    /// The JWS `alg` this key signs with.
    pub(crate) fn alg(&self) -> &'static str {
        match self {
            SigningKey::Rsa(_) => "RS256",
            SigningKey::Ec(_) => "ES256",
        }
    }

    /// A compact JWS of `claims` under `header` (to which `alg` is added).
    pub(crate) fn jws(&self, mut header: Map<String, Value>, claims: &Value) -> String {
        header.insert("alg".into(), Value::from(self.alg()));
        let header = URL_SAFE_NO_PAD.encode(Value::Object(header).to_string());
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signing_input = format!("{header}.{claims}");
        let signature = URL_SAFE_NO_PAD.encode(self.sign(signing_input.as_bytes()));
        format!("{signing_input}.{signature}")
    }

    /// The JWS signature of `input`: PKCS#1 v1.5 bytes, or ECDSA `r || s`.
    fn sign(&self, input: &[u8]) -> Vec<u8> {
        match self {
            SigningKey::Rsa(key) => key.sign(input).to_vec(),
            SigningKey::Ec(key) => {
                let signature: p256::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
        }
    }
}

/// The service app's private key as configured.
#[derive(Debug)]
pub(crate) struct ClientKey {
    /// The key itself.
    pub(crate) key: SigningKey,
    /// The `kid` a JWK carried, if it was given as a JWK.
    pub(crate) jwk_kid: Option<String>,
}

/// Reads a private key from PEM or JWK text. Text from an environment variable whose line
/// breaks were written as `\n` is accepted too.
pub(crate) fn parse_client_key(text: &str) -> Result<ClientKey, KeyProblem> {
    let text = text.trim();
    if text.starts_with('{') {
        return from_jwk(text);
    }
    let unescaped: Zeroizing<String>;
    let text = if !text.contains('\n') && text.contains("\\n") {
        let crlf = Zeroizing::new(text.replace("\\r\\n", "\n"));
        unescaped = Zeroizing::new(crlf.replace("\\n", "\n"));
        unescaped.as_str()
    } else {
        text
    };
    if text.contains("-----BEGIN ") {
        return from_pem(text).map(|key| ClientKey { key, jwk_kid: None });
    }
    Err(KeyProblem::Unrecognised)
}

/// A PEM private key: the first `… PRIVATE KEY` block of the text.
fn from_pem(text: &str) -> Result<SigningKey, KeyProblem> {
    if text.contains("ENCRYPTED") {
        return Err(KeyProblem::Encrypted);
    }
    let Some(block) = private_key_block(text) else {
        let public = ["PUBLIC KEY-----", "CERTIFICATE-----"].iter().any(|l| text.contains(l));
        return Err(if public { KeyProblem::PublicOnly } else { KeyProblem::Unrecognised });
    };
    let (label, der) = pem::decode_vec(block.as_bytes()).map_err(|e| KeyProblem::Malformed("PEM", e.to_string()))?;
    let der = Zeroizing::new(der);
    let parsed = match label {
        "PRIVATE KEY" => from_pkcs8(&der),
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(&der)
            .map_err(|e| KeyProblem::Malformed("PKCS#1", e.to_string()))
            .and_then(rsa_key),
        "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(&der)
            .map(|key| SigningKey::Ec(key.into()))
            .map_err(|_| KeyProblem::Unsupported("an EC key that is not on the P-256 curve")),
        "OPENSSH PRIVATE KEY" => return Err(KeyProblem::OpenSsh),
        _ => Err(KeyProblem::Unsupported("a PEM block of a kind oktui does not read")),
    };
    parsed.map_err(|problem| match der_format(&der) {
        Some((inside, right)) if right != label => {
            KeyProblem::WrongHeader { found: label.to_string(), inside, label: right }
        }
        _ => problem,
    })
}

/// What a private key's DER really is, whatever its PEM header says: its format in words and
/// the PEM label it belongs under.
fn der_format(der: &[u8]) -> Option<(&'static str, &'static str)> {
    if PrivateKeyInfo::try_from(der).is_ok() {
        Some(("a PKCS#8 key", "PRIVATE KEY"))
    } else if RsaPrivateKey::from_pkcs1_der(der).is_ok() {
        Some(("a PKCS#1 RSA key", "RSA PRIVATE KEY"))
    } else if p256::SecretKey::from_sec1_der(der).is_ok() {
        Some(("a SEC1 EC key", "EC PRIVATE KEY"))
    } else {
        None
    }
}

/// The text from the first `-----BEGIN … PRIVATE KEY-----` line to its END line.
fn private_key_block(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let block = &rest[start..];
        let label_end = block["-----BEGIN ".len()..].find("-----")? + "-----BEGIN ".len();
        let label = &block["-----BEGIN ".len()..label_end];
        let end_marker = format!("-----END {label}-----");
        let end = block.find(&end_marker)? + end_marker.len();
        if label.ends_with("PRIVATE KEY") {
            return Some(&block[..end]);
        }
        rest = &block[end..];
    }
    None
}

/// A PKCS#8 private key, told apart by its algorithm identifier.
fn from_pkcs8(der: &[u8]) -> Result<SigningKey, KeyProblem> {
    let info = PrivateKeyInfo::try_from(der).map_err(|e| KeyProblem::Malformed("PKCS#8", e.to_string()))?;
    let oid = info.algorithm.oid.to_string();
    let curve = info.algorithm.parameters_oid().ok().map(|c| c.to_string());
    match (oid.as_str(), curve.as_deref()) {
        (OID_RSA, _) => {
            let key = RsaPrivateKey::from_pkcs8_der(der).map_err(|e| KeyProblem::Malformed("PKCS#8", e.to_string()))?;
            rsa_key(key)
        }
        (OID_EC, Some(OID_P256)) => p256::SecretKey::from_pkcs8_der(der)
            .map(|key| SigningKey::Ec(key.into()))
            .map_err(|e| KeyProblem::Malformed("PKCS#8", e.to_string())),
        (OID_EC, Some(OID_P384)) => Err(KeyProblem::Unsupported("an EC P-384 key")),
        (OID_EC, Some(OID_P521)) => Err(KeyProblem::Unsupported("an EC P-521 key")),
        (OID_EC, _) => Err(KeyProblem::Unsupported("an EC key on a curve other than P-256")),
        (OID_ED25519 | OID_ED448, _) => Err(KeyProblem::Unsupported("an EdDSA (Ed25519/Ed448) key")),
        (OID_RSA_PSS, _) => Err(KeyProblem::Unsupported("an RSA-PSS-only key")),
        _ => Err(KeyProblem::Unsupported("a key of an algorithm oktui does not know")),
    }
}

/// An RSA key long enough for Okta.
fn rsa_key(key: RsaPrivateKey) -> Result<SigningKey, KeyProblem> {
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(KeyProblem::RsaTooShort(bits));
    }
    Ok(SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))))
}

/// A private JWK: RSA (`n`, `e`, `d`, optionally `p`, `q`) or EC P-256 (`x`, `y`, `d`).
fn from_jwk(text: &str) -> Result<ClientKey, KeyProblem> {
    let mut value: Value = serde_json::from_str(text)
        .map_err(|e| KeyProblem::Malformed("JWK", format!("not JSON at line {} column {}", e.line(), e.column())))?;
    let key = jwk_key(&value);
    wipe_private_members(&mut value);
    key
}

/// The private members of a JWK (RFC 7518 §6.2.2, §6.3.2), wiped once the key is read.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn wipe_private_members(value: &mut Value) {
    let Some(jwk) = value.as_object_mut() else { return };
    for name in PRIVATE_MEMBERS {
        if let Some(Value::String(text)) = jwk.get_mut(name) {
            text.zeroize();
        }
    }
}

fn jwk_key(value: &Value) -> Result<ClientKey, KeyProblem> {
    let jwk = value.as_object().ok_or(KeyProblem::Unrecognised)?;
    if jwk.get("use").and_then(Value::as_str).is_some_and(|u| u != "sig") {
        return Err(KeyProblem::NotForSigning);
    }
    let key = match member(jwk, "kty") {
        Some("RSA") => rsa_from_jwk(jwk)?,
        Some("EC") => ec_from_jwk(jwk)?,
        Some("OKP") => return Err(KeyProblem::Unsupported("an OKP (Ed25519/X25519) JWK")),
        Some("oct") => return Err(KeyProblem::Unsupported("a symmetric (oct) JWK")),
        Some(_) => return Err(KeyProblem::Unsupported("a JWK of a type oktui does not know")),
        None => return Err(KeyProblem::Malformed("JWK", "it has no \"kty\" member".into())),
    };
    Ok(ClientKey { key, jwk_kid: member(jwk, "kid").map(str::to_owned) })
}

/// A string member of a JWK.
fn member<'j>(jwk: &'j Map<String, Value>, name: &str) -> Option<&'j str> {
    jwk.get(name).and_then(Value::as_str)
}

/// A base64url member of a JWK, decoded (into a buffer wiped after use).
fn bytes_member(jwk: &Map<String, Value>, name: &'static str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyProblem> {
    let Some(text) = member(jwk, name) else { return Ok(None) };
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| KeyProblem::Malformed("JWK", format!("member \"{name}\" is not base64url")))?;
    Ok(Some(Zeroizing::new(bytes)))
}

/// A required base64url member of a JWK, decoded.
fn required_member(jwk: &Map<String, Value>, name: &'static str) -> Result<Zeroizing<Vec<u8>>, KeyProblem> {
    bytes_member(jwk, name)?.ok_or_else(|| KeyProblem::Malformed("JWK", format!("member \"{name}\" is missing")))
}

fn rsa_from_jwk(jwk: &Map<String, Value>) -> Result<SigningKey, KeyProblem> {
    let Some(d) = bytes_member(jwk, "d")? else { return Err(KeyProblem::PublicOnly) };
    let int = |bytes: Zeroizing<Vec<u8>>| BigUint::from_bytes_be(&bytes);
    let n = int(required_member(jwk, "n")?);
    let e = int(required_member(jwk, "e")?);
    let primes = match (bytes_member(jwk, "p")?, bytes_member(jwk, "q")?) {
        (Some(p), Some(q)) => vec![int(p), int(q)],
        _ => Vec::new(),
    };
    let key = RsaPrivateKey::from_components(n, e, int(d), primes)
        .map_err(|_| KeyProblem::Malformed("JWK", "its RSA members do not form a valid key".into()))?;
    rsa_key(key)
}

fn ec_from_jwk(jwk: &Map<String, Value>) -> Result<SigningKey, KeyProblem> {
    match member(jwk, "crv") {
        Some("P-256") => {}
        Some("P-384") => return Err(KeyProblem::Unsupported("an EC P-384 JWK")),
        Some("P-521") => return Err(KeyProblem::Unsupported("an EC P-521 JWK")),
        _ => return Err(KeyProblem::Unsupported("an EC JWK on a curve other than P-256")),
    }
    let Some(d) = bytes_member(jwk, "d")? else { return Err(KeyProblem::PublicOnly) };
    let secret = p256::SecretKey::from_slice(&d)
        .map_err(|_| KeyProblem::Malformed("JWK", "member \"d\" is not a P-256 private scalar".into()))?;
    let point = secret.public_key().to_encoded_point(false);
    let encode = |c: Option<&p256::FieldBytes>| c.map(|b| URL_SAFE_NO_PAD.encode(b));
    let (x, y) = (member(jwk, "x"), member(jwk, "y"));
    let mismatch = |given: Option<&str>, actual: Option<String>| given.is_some_and(|g| Some(g) != actual.as_deref());
    if mismatch(x, encode(point.x())) || mismatch(y, encode(point.y())) {
        return Err(KeyProblem::Malformed("JWK", "its \"x\"/\"y\" do not belong to its \"d\"".into()));
    }
    Ok(SigningKey::Ec(secret.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PrivateKeyParts;
    use serde_json::json;
    use std::sync::OnceLock;

    /// An EC P-384 key made by `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384`.
    const P384_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDC1x8lwkK0AOxxgyXBD
HFmDQgqHkmkf6rx2xmLK72YRyhJzB+Pn030uCyEXVGghvVGhZANiAAQZ5tJIORAB
oFPD6B9+UQ1OS2v8cUuU+zerrXdpaa2dmJzkO8Hb45yDdXjbXsshrCxSZeussVqV
0yhha1pLUPBU+83N1YcnoXKaX9KOMenGz5Vt8TNXmJBkHqEmddb+b7c=
-----END PRIVATE KEY-----";
    /// An Ed25519 key made by `openssl genpkey -algorithm ed25519`.
    const ED25519_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOapjSUrxJWwZ9i3rqTTK0x4lDGjaKd2rLtyU3huxJqJ
-----END PRIVATE KEY-----";

    fn rsa_2048() -> &'static RsaPrivateKey {
        static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
        KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap())
    }

    fn ec() -> p256::SecretKey {
        p256::SecretKey::random(&mut rand::thread_rng())
    }

    fn b64(n: &BigUint) -> String {
        URL_SAFE_NO_PAD.encode(n.to_bytes_be())
    }

    /// Verifies a JWS made by `key` with the public half, as Okta would.
    fn verifies(key: &ClientKey, decoding: &DecodingKey) -> bool {
        let token = key.key.jws(Map::new(), &json!({"sub": "x", "exp": 4_000_000_000u64}));
        let alg = if key.key.alg() == "RS256" { Algorithm::RS256 } else { Algorithm::ES256 };
        jsonwebtoken::decode::<Value>(&token, decoding, &Validation::new(alg)).is_ok()
    }

    fn ec_decoding(secret: &p256::SecretKey) -> DecodingKey {
        let point = secret.public_key().to_encoded_point(false);
        let (x, y) = (URL_SAFE_NO_PAD.encode(point.x().unwrap()), URL_SAFE_NO_PAD.encode(point.y().unwrap()));
        DecodingKey::from_ec_components(&x, &y).unwrap()
    }

    fn rsa_decoding(key: &RsaPrivateKey) -> DecodingKey {
        DecodingKey::from_rsa_components(&b64(key.n()), &b64(key.e())).unwrap()
    }

    fn problem(text: &str) -> KeyProblem {
        parse_client_key(text).unwrap_err()
    }

    #[test]
    fn ec_keys_from_pkcs8_sec1_and_jwk_sign_es256() {
        let secret = ec();
        let decoding = ec_decoding(&secret);
        let pkcs8 = secret.to_pkcs8_pem(LineEnding::LF).unwrap();
        let sec1 = secret.to_sec1_pem(LineEnding::CRLF).unwrap();
        let mut jwk: Value = serde_json::from_str(&secret.to_jwk_string()).unwrap();
        jwk["kid"] = json!("k-1");
        for text in [pkcs8.to_string(), sec1.to_string(), jwk.to_string()] {
            let key = parse_client_key(&text).unwrap();
            assert_eq!(key.key.alg(), "ES256");
            assert!(verifies(&key, &decoding));
        }
        assert_eq!(parse_client_key(&jwk.to_string()).unwrap().jwk_kid.as_deref(), Some("k-1"));
    }

    #[test]
    fn rsa_keys_from_pkcs1_pkcs8_and_jwk_sign_rs256() {
        let key = rsa_2048();
        let decoding = rsa_decoding(key);
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).unwrap().to_string();
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        let [p, q] = [&key.primes()[0], &key.primes()[1]];
        let full =
            json!({"kty": "RSA", "n": b64(key.n()), "e": b64(key.e()), "d": b64(key.d()), "p": b64(p), "q": b64(q)});
        let no_primes = json!({"kty": "RSA", "n": b64(key.n()), "e": b64(key.e()), "d": b64(key.d())});
        for text in [pkcs1, pkcs8, full.to_string(), no_primes.to_string()] {
            let parsed = parse_client_key(&text).unwrap();
            assert_eq!(parsed.key.alg(), "RS256");
            assert!(verifies(&parsed, &decoding));
        }
    }

    #[test]
    fn pem_with_escaped_newlines_and_extra_blocks() {
        let secret = ec();
        let pem = secret.to_sec1_pem(LineEnding::LF).unwrap().to_string();
        let escaped = pem.trim().replace('\n', "\\n");
        assert!(verifies(&parse_client_key(&escaped).unwrap(), &ec_decoding(&secret)));
        let with_params =
            format!("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{pem}");
        assert!(verifies(&parse_client_key(&with_params).unwrap(), &ec_decoding(&secret)));
    }

    #[test]
    fn pem_headers_that_do_not_match_the_key_are_named() {
        let secret = ec();
        let pkcs8 = secret.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        let as_rsa = pkcs8.replace("PRIVATE KEY", "RSA PRIVATE KEY");
        assert_eq!(
            problem(&as_rsa),
            KeyProblem::WrongHeader { found: "RSA PRIVATE KEY".into(), inside: "a PKCS#8 key", label: "PRIVATE KEY" }
        );
        let sec1 = secret.to_sec1_pem(LineEnding::LF).unwrap().to_string();
        let as_pkcs8 = sec1.replace("EC PRIVATE KEY", "PRIVATE KEY");
        let shown = problem(&as_pkcs8).to_string();
        assert!(shown.contains("header says PRIVATE KEY but the key inside is a SEC1 EC key"), "{shown}");
        assert!(shown.contains("`-----BEGIN EC PRIVATE KEY-----`"), "{shown}");
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(problem(openssh), KeyProblem::OpenSsh);
    }

    #[test]
    fn keys_of_the_wrong_kind_are_refused_by_name() {
        assert_eq!(problem(P384_PKCS8), KeyProblem::Unsupported("an EC P-384 key"));
        assert_eq!(problem(ED25519_PKCS8), KeyProblem::Unsupported("an EdDSA (Ed25519/Ed448) key"));
        assert_eq!(problem(r#"{"kty":"oct","k":"c2VjcmV0"}"#), KeyProblem::Unsupported("a symmetric (oct) JWK"));
        assert_eq!(problem(r#"{"kty":"EC","crv":"P-384","d":"AA"}"#), KeyProblem::Unsupported("an EC P-384 JWK"));
        let short = RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
        assert_eq!(problem(&short.to_pkcs1_pem(LineEnding::LF).unwrap()), KeyProblem::RsaTooShort(1024));
        let enc = r#"{"kty":"EC","crv":"P-256","use":"enc","d":"AA"}"#;
        assert_eq!(problem(enc), KeyProblem::NotForSigning);
    }

    #[test]
    fn public_encrypted_and_garbage_input() {
        let secret = ec();
        let public_jwk = secret.public_key().to_jwk_string();
        assert_eq!(problem(&public_jwk), KeyProblem::PublicOnly);
        let spki = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----";
        assert_eq!(problem(spki), KeyProblem::PublicOnly);
        let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----";
        assert_eq!(problem(encrypted), KeyProblem::Encrypted);
        assert_eq!(problem("hunter2"), KeyProblem::Unrecognised);
        assert!(matches!(problem("{\"kty\": "), KeyProblem::Malformed("JWK", _)));
        let truncated = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----";
        assert!(matches!(problem(truncated), KeyProblem::Malformed(..)));
        let mut jwk: Value = serde_json::from_str(&secret.to_jwk_string()).unwrap();
        jwk["x"] = json!(URL_SAFE_NO_PAD.encode([7u8; 32]));
        assert!(matches!(problem(&jwk.to_string()), KeyProblem::Malformed("JWK", _)));
    }

    #[test]
    fn errors_never_echo_the_key() {
        let secret = ec();
        let mut jwk: Value = serde_json::from_str(&secret.to_jwk_string()).unwrap();
        let d = jwk["d"].as_str().unwrap().to_owned();
        jwk["crv"] = json!("P-999");
        let shown = format!("{0} {0:?}", problem(&jwk.to_string()));
        assert!(!shown.contains(&d), "{shown}");
        let broken = format!("{{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"{d}\" \"x\":1}}");
        let shown = format!("{0} {0:?}", problem(&broken));
        assert!(!shown.contains(&d), "{shown}");
    }
}
