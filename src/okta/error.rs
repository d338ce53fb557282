//! The one error type callers of the Okta client see. It carries what Okta said (HTTP
//! status, `errorCode`, `errorSummary`, `errorId`, `X-Okta-Request-Id`, or the OAuth
//! `error`) and a plain-language hint of what to do. It never holds a secret: request
//! paths are kept without their query string. What Okta said is cleaned by the sanitiser
//! as the error is built.

use super::auth::AuthError;
use super::model::{OAuthErrorBody, OktaErrorBody};
use super::throttle::RateWait;
use crate::sanitize::clean;

/// Why a call to Okta failed.
#[derive(Debug, thiserror::Error)]
pub enum OktaError {
    /// Okta answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The credential could not be turned into a token or header.
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// No answer: DNS, TLS, refused or dropped connection, timeout.
    #[error("{method} {path}: no answer from {host} ({detail}). {hint}")]
    Network { method: String, path: String, host: String, detail: String, hint: &'static str },
    /// A read-only client was asked to change the org; nothing was sent.
    #[error("{method} {path}: refused, nothing was sent: this profile is read-only (--read-only or read_only = true); use a profile without it to change the org")]
    ReadOnly { method: String, path: String },
    /// An answer that is not the JSON Okta sends.
    #[error("{method} {path}: the response is not valid Okta JSON ({detail}); retry, and if it persists check for a proxy between oktui and Okta")]
    Malformed { method: String, path: String, detail: String },
    /// A response body past the cap; the read stopped there.
    #[error("{method} {url}: the answer is larger than {cap_mib} MiB, the most oktui reads from one response; narrow the request (a filter, a shorter window), and if it persists check for a proxy between oktui and Okta")]
    TooLarge {
        method: String,
        /// The URL without its query string.
        url: String,
        cap_mib: usize,
    },
    /// Paging met a `next` link it had already followed (or passed a million pages): the list
    /// would never end.
    #[error("{method} {path}: paging stopped after {pages} pages: Okta sent a next link already followed (or more than a million pages), so the list would never end. Retry, and if it persists check for a proxy between oktui and Okta")]
    PagingLoop { method: String, path: String, pages: usize },
    /// The rate limit would hold the request past its timeout; it was not sent.
    #[error("{method} {path}: throttled by the rate limit of bucket {} until {} ({}), past the {timeout_secs} s timeout, so it was not sent; retry after then, or raise --timeout", .wait.bucket, .wait.until.format("%H:%M:%S"), .wait.reason)]
    Throttled { method: String, path: String, wait: RateWait, timeout_secs: u64 },
}

/// An error status from Okta, with what it said and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: Okta answered {status}{}: {summary}{}. {hint}", code_part(.code), ids_part(.error_id, .request_id))]
pub struct ApiError {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// `errorCode` (`E0000047`) or the OAuth `error` (`invalid_token`).
    pub code: Option<String>,
    pub summary: String,
    pub error_id: Option<String>,
    pub request_id: Option<String>,
    pub hint: &'static str,
}

impl From<AuthError> for OktaError {
    fn from(e: AuthError) -> Self {
        OktaError::Auth(Box::new(e))
    }
}

fn code_part(code: &Option<String>) -> String {
    code.as_ref().map(|c| format!(" {c}")).unwrap_or_default()
}

fn ids_part(error_id: &Option<String>, request_id: &Option<String>) -> String {
    match (error_id, request_id) {
        (Some(e), Some(r)) => format!(" (errorId {e}, request {r})"),
        (Some(e), None) => format!(" (errorId {e})"),
        (None, Some(r)) => format!(" (request {r})"),
        (None, None) => String::new(),
    }
}

/// What to do about an error status.
fn hint_for(status: u16, code: Option<&str>) -> &'static str {
    match (status, code) {
        (401, Some("E0000015")) => "This org does not have the feature this needs",
        (401, _) => "The credential was refused or has expired: check it, or run `oktui doctor`",
        (403, Some("insufficient_scope")) => {
            "The token lacks a scope this needs: grant it to the app (Okta API Scopes tab) and list it in the profile's scopes; see `oktui doctor`"
        }
        (403, _) => "The token's admin role does not cover this; see `oktui doctor`",
        (404, _) => "Not found: check the id or login",
        (429, _) => "The org's rate limit is spent: wait for it to reset, or lower what else uses this org's API",
        (400, Some("E0000031" | "E0000053")) => "Check the filter or search expression's syntax and attribute names",
        (400, _) => "Okta refused the request as invalid",
        (500..=599, _) => "Okta had a problem answering: retry later; if it persists check status.okta.com",
        _ => "Run `oktui doctor` to check the connection",
    }
}

/// Okta's code for an internal error, which is also its answer to a query that ran past 30 s.
const INTERNAL_ERROR: &str = "E0000009";

/// Whether an error answer is Okta's query timeout: a 500 `E0000009` whose summary says the
/// request took too long ("use a smaller range"). Repeating the same query would only time
/// out again, so it is not retried; a System Log window is split instead.
pub fn is_query_timeout(status: u16, code: Option<&str>, summary: &str) -> bool {
    status == 500 && code == Some(INTERNAL_ERROR) && summary.to_ascii_lowercase().contains("took too long")
}

impl OktaError {
    /// Whether this is Okta's query timeout ([`is_query_timeout`]).
    pub fn is_query_timeout(&self) -> bool {
        matches!(self, OktaError::Api(e) if is_query_timeout(e.status, e.code.as_deref(), &e.summary))
    }

    /// Builds the error for an error response, reading Okta's error object or the OAuth
    /// error body when there is one.
    pub fn from_response(method: &str, path: &str, status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let (code, summary, error_id) = if let Some(okta) = OktaErrorBody::parse(&text) {
            (okta.error_code, okta.error_summary, okta.error_id)
        } else if let Some(oauth) = OAuthErrorBody::parse(&text) {
            (oauth.error, oauth.error_description, None)
        } else {
            (None, None, None)
        };
        let summary = summary.unwrap_or_else(|| default_summary(status).to_string());
        // Everything here came from the org (the request id from a header): cleaned once, so
        // every sink (stderr, doctor, the console's status line) shows it safely.
        let cleaned = |text: Option<String>| text.map(|t| clean(&t).into_owned());
        let code = cleaned(code);
        OktaError::Api(Box::new(ApiError {
            method: method.to_string(),
            path: strip_query(path),
            status,
            hint: hint_for(status, code.as_deref()),
            code,
            summary: clean(&summary).into_owned(),
            error_id: cleaned(error_id),
            request_id: cleaned(request_id),
        }))
    }

    /// The HTTP status, when Okta answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            OktaError::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// Okta's `errorCode` (or OAuth `error`), when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            OktaError::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }
}

fn default_summary(status: u16) -> &'static str {
    match status {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        429 => "too many requests",
        500..=599 => "server error",
        _ => "request failed",
    }
}

/// A request path without its query string (queries may hold search terms; never secrets,
/// but they make error lines long).
pub fn strip_query(path: &str) -> String {
    path.split('?').next().unwrap_or(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_query_timeout_is_told_from_other_internal_errors() {
        let timeout = br#"{"errorCode":"E0000009","errorSummary":"Your last request took too long to complete.","errorId":"oae1"}"#;
        let internal = br#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorId":"oae2"}"#;
        assert!(OktaError::from_response("GET", "/api/v1/logs", 500, None, timeout).is_query_timeout());
        assert!(!OktaError::from_response("GET", "/api/v1/logs", 500, None, internal).is_query_timeout());
        assert!(!OktaError::from_response("GET", "/api/v1/logs", 503, None, timeout).is_query_timeout());
    }

    #[test]
    fn okta_error_objects_become_one_line_with_a_hint() {
        let body = br#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorLink":"E0000006","errorId":"oae123","errorCauses":[]}"#;
        let e = OktaError::from_response("GET", "/api/v1/users?search=x", 403, Some("req9".into()), body);
        let line = e.to_string();
        assert!(line.contains("GET /api/v1/users: Okta answered 403 E0000006"), "{line}");
        assert!(line.contains("errorId oae123") && line.contains("request req9"), "{line}");
        assert!(line.contains("admin role"), "{line}");
        assert_eq!(e.code(), Some("E0000006"));
    }

    #[test]
    fn oauth_errors_and_junk_bodies() {
        let e = OktaError::from_response(
            "GET",
            "/api/v1/logs",
            401,
            None,
            br#"{"error":"invalid_token","error_description":"The token has expired."}"#,
        );
        assert!(e.to_string().contains("401 invalid_token: The token has expired."));
        let e = OktaError::from_response("GET", "/api/v1/logs", 502, None, b"<html>bad gateway</html>");
        assert!(e.to_string().contains("502: server error"));
    }

    #[test]
    fn codes_and_ids_from_the_org_are_cleaned_too() {
        let body = br#"{"errorCode":"E0000006\u001b[31m\u009b2J","errorSummary":"no","errorId":"oae\u001b]0;pwned\u0007\u202e1"}"#;
        let e = OktaError::from_response("GET", "/x", 403, Some("req\u{202e}1".into()), body);
        assert_eq!(e.code(), Some("E0000006"));
        let line = e.to_string();
        assert!(line.chars().all(crate::sanitize::is_plain), "{line:?}");
        assert!(line.contains("403 E0000006: no") && line.contains("(errorId oae1, request req1)"), "{line}");
        let oauth = br#"{"error":"invalid_token\u001b]0;x\u0007","error_description":"expired"}"#;
        let e = OktaError::from_response("GET", "/x", 401, None, oauth);
        assert_eq!(e.code(), Some("invalid_token"));
    }

    #[test]
    fn control_characters_in_summaries_are_neutralised() {
        let e = OktaError::from_response(
            "GET",
            "/x",
            400,
            None,
            br#"{"errorCode":"E0000001","errorSummary":"bad \u001b[31mred\u001b[0m\nline"}"#,
        );
        let line = e.to_string();
        assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line:?}");
    }
}
