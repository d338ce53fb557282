//! What can go wrong turning a credential into request headers, each with what to do about
//! it. No variant holds a secret: token endpoint answers are kept only as Okta's own `error`,
//! `error_description` and `errorId`, scrubbed of the client secret.

use std::fmt;

/// Why authentication failed. `Display` says what failed and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The configured private key cannot be used for private_key_jwt.
    #[error("the private key cannot be used: {0}")]
    Key(#[from] KeyProblem),
    /// A configured value holds characters an HTTP header cannot carry.
    #[error(
        "the {0} contains characters that cannot be sent in an HTTP header (a line break or control \
         character?): check how it is stored"
    )]
    NotHeaderSafe(&'static str),
    /// The token endpoint answered with an OAuth (or Okta) error.
    #[error("{0}")]
    Refused(Refusal),
    /// The token endpoint asked for a new DPoP nonce again right after issuing one.
    #[error(
        "the token endpoint rejected the DPoP nonce it had just issued (use_dpop_nonce twice in a row): \
         retry in a minute; if it persists, check that no proxy between oktui and Okta rewrites the \
         DPoP-Nonce header"
    )]
    NonceRejected,
    /// The token endpoint could not be reached.
    #[error("cannot reach the token endpoint {url}: {reason}. Check the org URL and network (DNS, proxy, firewall)")]
    Unreachable {
        /// The token URL.
        url: String,
        /// What the connection attempt ran into.
        reason: String,
    },
    /// The token endpoint did not answer in time.
    #[error("the token endpoint {url} did not answer in time: check the org URL and network")]
    Timeout {
        /// The token URL.
        url: String,
    },
    /// The token endpoint answered, but not as Okta does.
    #[error(
        "the token endpoint {url} answered HTTP {status} with {what}: check that the org URL is your Okta \
         org itself (not a proxy, login portal or custom page)"
    )]
    BadResponse {
        /// The token URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// What was wrong with the answer.
        what: String,
    },
    /// The token endpoint stayed rate-limited after waiting for the reset.
    #[error(
        "the token endpoint is rate-limited (HTTP 429) even after waiting for the limit to reset: another \
         client probably shares this org's token budget; wait a minute and retry"
    )]
    RateLimited,
    /// The token endpoint kept failing with a server error.
    #[error(
        "Okta answered HTTP {status} to the token request{}: retry in a few minutes (see status.okta.com)",
        error_id_suffix(.error_id.as_deref())
    )]
    ServerError {
        /// The HTTP status.
        status: u16,
        /// Okta's `errorId`, for a support case.
        error_id: Option<String>,
    },
}

/// A token request the org refused: Okta's answer and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// The OAuth `error` (or Okta `errorCode`), e.g. `invalid_client`.
    pub error: String,
    /// The `error_description` (or `errorSummary`).
    pub description: String,
    /// Okta's `errorId`, when the answer was an Okta error object.
    pub error_id: Option<String>,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Refusal { status, error, description, error_id, hint } = self;
        let id = error_id_suffix(error_id.as_deref());
        write!(f, "the token endpoint refused the request (HTTP {status} {error}: {description}{id}): {hint}")
    }
}

impl Refusal {
    /// A refusal with the hint for its `error` and description; `scopes` are those requested.
    /// What the token endpoint said is cleaned by the sanitiser, for every sink that shows it.
    pub(crate) fn new(status: u16, error: String, description: String, error_id: Option<String>, scopes: &str) -> Self {
        let cleaned = |text: &str| crate::sanitize::clean(text).into_owned();
        let (error, description, error_id) = (cleaned(&error), cleaned(&description), error_id.as_deref().map(cleaned));
        let hint = hint(status, &error, &description, scopes);
        Refusal { status, error, description, error_id, hint }
    }
}

/// ` (errorId …)`, or nothing.
fn error_id_suffix(error_id: Option<&str>) -> String {
    error_id.map(|id| format!(" (errorId {id})")).unwrap_or_default()
}

/// What to do about a token endpoint error.
fn hint(status: u16, error: &str, description: &str, scopes: &str) -> String {
    let grant = "grant them to the app in Okta Admin Console > Applications > the app > Okta API Scopes";
    match error {
        "invalid_client" => invalid_client_hint(description),
        "invalid_scope" if description.contains("No scopes") => {
            "set `scopes` in the profile (for example okta.users.read okta.logs.read)".into()
        }
        "invalid_scope" => format!("request only scopes granted to the app, or {grant}; requested: {scopes}"),
        "unauthorized_client" | "unsupported_grant_type" => {
            "use an API Services app (or an API Service Integration) with the Client Credentials grant enabled".into()
        }
        "invalid_dpop_proof" => "check that this computer's clock is right (DPoP proofs are valid for 5 minutes) and \
                                 that the org URL is the host Okta serves, with no proxy rewriting it"
            .into(),
        "access_denied" => "the request came from outside the app's permitted network zones: run oktui from an \
                            allowed network or change the zones in the app's settings"
            .into(),
        "invalid_request" => "oktui sent a request Okta does not accept; please report this error".into(),
        _ if status == 404 => "check the org URL: it should be your org's own, e.g. https://acme.okta.com".into(),
        _ => "check the credential configured for this profile (`oktui doctor` shows the details)".into(),
    }
}

/// The fix for an `invalid_client`, as precise as its description allows.
fn invalid_client_hint(description: &str) -> String {
    let base = "check client id / secret / key and kid registered on the app \
                (Okta Admin Console > Applications > the app > General)";
    let d = description.to_ascii_lowercase();
    let specific = if d.contains("kid") {
        "the key id (kid) names no key registered on the app: set `key_id` to the kid of the registered key, \
         or register this key's public half"
    } else if d.contains("signature") {
        "the private key does not match the public key registered under that kid: configure the matching private \
         key, or register this key's public half"
    } else if d.contains("private_key_jwt") {
        "this app accepts only private_key_jwt: configure `auth = \"private_key\"` with the app's key"
    } else if d.contains("client secret") {
        "the client secret is wrong: copy it again from the app (or rotate it)"
    } else if d.contains("client_id") {
        "the client id is not this org's app: copy it from the app's General tab"
    } else if d.contains("expir") || d.contains("issued") {
        "the client assertion's times were refused: check that this computer's clock is right"
    } else {
        return format!("{base}.");
    };
    format!("{specific}; {base}.")
}

/// Why a private key cannot be used. Messages never include any part of the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProblem {
    /// Neither PEM nor JSON.
    #[error(
        "it is neither a PEM private key nor a JWK: give the key as generated, PEM (-----BEGIN PRIVATE KEY-----) \
         or JWK JSON"
    )]
    Unrecognised,
    /// An encrypted PEM key.
    #[error(
        "it is encrypted: oktui needs an unencrypted key (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out \
         plain.pem`), stored readable only by you"
    )]
    Encrypted,
    /// A public key or certificate instead of the private key.
    #[error("it is a public key: oktui needs the private key (the public key is what you register on the app)")]
    PublicOnly,
    /// A JWK whose `use` is not `sig`.
    #[error("its JWK `use` is not \"sig\": Okta needs a signing key for private_key_jwt")]
    NotForSigning,
    /// A key type Okta or oktui cannot sign client assertions with.
    #[error(
        "it is {0}: use an RSA key of 2048 bits or more (RS256) or an EC P-256 key (ES256), as PEM (PKCS#8, \
         PKCS#1 or SEC1) or JWK"
    )]
    Unsupported(&'static str),
    /// An RSA key Okta rejects as too short.
    #[error(
        "it is an RSA key of {0} bits and Okta rejects keys shorter than 2048 bits: generate a 2048-bit (or \
         larger) key and register it on the app"
    )]
    RsaTooShort(usize),
    /// A PEM whose BEGIN/END label does not match the key inside (a header typed by hand or
    /// copied from another key).
    #[error(
        "its PEM header says {found} but the key inside is {inside}: change the BEGIN and END lines to \
         `-----BEGIN {label}-----` and `-----END {label}-----`, or export the key again"
    )]
    WrongHeader {
        /// The label of the header found.
        found: String,
        /// What the DER really is, in words.
        inside: &'static str,
        /// The label it belongs under.
        label: &'static str,
    },
    /// An OpenSSH-format private key (`ssh-keygen`'s default).
    #[error(
        "it is an OpenSSH-format key, which oktui does not read: convert a copy to PKCS#8 with \
         `ssh-keygen -p -m PKCS8 -f COPY` (RSA or ECDSA P-256 keys only)"
    )]
    OpenSsh,
    /// A key whose encoding is damaged.
    #[error("its {0} encoding is damaged ({1}): check that the whole key was copied")]
    Malformed(&'static str, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(status: u16, error: &str, description: &str) -> Refusal {
        Refusal::new(status, error.into(), description.into(), None, "okta.users.read okta.logs.read")
    }

    #[test]
    fn hints_follow_the_error() {
        let kid = refusal(401, "invalid_client", "The client_assertion JWT kid is invalid.");
        assert!(kid.hint.contains("key_id") && kid.hint.contains("check client id / secret / key and kid"));
        let secret = refusal(401, "invalid_client", "The client secret supplied for a confidential client is invalid.");
        assert!(secret.hint.starts_with("the client secret is wrong"));
        let scope = refusal(400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or exceeds…");
        assert!(scope.hint.contains("Okta Admin Console > Applications > the app > Okta API Scopes"));
        assert!(scope.hint.ends_with("requested: okta.users.read okta.logs.read"));
        assert!(refusal(400, "invalid_scope", "No scopes were requested.").hint.contains("set `scopes`"));
        assert!(refusal(404, "E0000022", "The endpoint does not support the provided HTTP method")
            .hint
            .contains("URL"));
    }

    #[test]
    fn what_the_token_endpoint_said_is_cleaned() {
        let r = Refusal::new(
            401,
            "invalid_client\u{1b}]0;pwned\u{7}".into(),
            "The client secret\u{1b}[2J\u{9b}31m is invalid\u{202e}".into(),
            Some("oae\u{9d}0;x\u{9c}1".into()),
            "",
        );
        let shown = AuthError::Refused(r.clone()).to_string();
        assert!(shown.chars().all(crate::sanitize::is_plain), "{shown:?}");
        assert_eq!(
            (r.error.as_str(), r.description.as_str(), r.error_id.as_deref()),
            ("invalid_client", "The client secret is invalid", Some("oae1"))
        );
        assert!(r.hint.contains("client secret is wrong"), "the hint still reads the description: {}", r.hint);
    }

    #[test]
    fn refusal_display_names_status_error_description_id_and_fix() {
        let r = Refusal::new(403, "access_denied".into(), "outside zones".into(), Some("oaeX".into()), "");
        let shown = AuthError::Refused(r).to_string();
        assert!(shown.starts_with("the token endpoint refused the request (HTTP 403 access_denied: outside zones"));
        assert!(shown.contains("(errorId oaeX)") && shown.contains("network zones"));
        let server = AuthError::ServerError { status: 503, error_id: None }.to_string();
        assert_eq!(server, "Okta answered HTTP 503 to the token request: retry in a few minutes (see status.okta.com)");
    }
}
