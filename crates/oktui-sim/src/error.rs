//! Okta's two error shapes: the Management API error object (`errorCode`, `errorSummary`,
//! `errorLink`, `errorId`, `errorCauses`) and the OAuth `{error, error_description}` form.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error a simulated endpoint answers with.
#[derive(Debug, Clone)]
pub enum SimError {
    /// Management API error object.
    Okta { status: StatusCode, code: &'static str, summary: String, causes: Vec<String> },
    /// OAuth 2.0 error (token endpoint and OAuth resource-auth failures).
    OAuth {
        status: StatusCode,
        error: &'static str,
        description: String,
        /// Extra response headers (`DPoP-Nonce`, `WWW-Authenticate`).
        headers: Vec<(&'static str, String)>,
    },
}

impl SimError {
    /// An Okta error object with the given status, `errorCode` and `errorSummary`.
    pub fn okta(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        SimError::Okta { status, code, summary: summary.into(), causes: Vec::new() }
    }

    /// 400 `E0000001` "Api validation failed: …" with one cause.
    pub fn validation(cause: impl Into<String>) -> Self {
        SimError::Okta {
            status: StatusCode::BAD_REQUEST,
            code: "E0000001",
            summary: "Api validation failed".into(),
            causes: vec![cause.into()],
        }
    }

    /// 403 `E0000038` "This operation is not allowed in the user's current status".
    pub fn wrong_status() -> Self {
        SimError::okta(StatusCode::FORBIDDEN, "E0000038", "This operation is not allowed in the user's current status")
    }

    /// 401 `E0000015`: the org does not have the feature (Universal Logout, user risk).
    pub fn feature_not_enabled() -> Self {
        SimError::okta(
            StatusCode::UNAUTHORIZED,
            "E0000015",
            "You do not have permission to access the feature you are requesting",
        )
    }

    /// 404 `E0000007` "Not found: Resource not found: {what} ({kind})".
    pub fn not_found(what: &str, kind: &str) -> Self {
        SimError::okta(StatusCode::NOT_FOUND, "E0000007", format!("Not found: Resource not found: {what} ({kind})"))
    }

    /// 400 `E0000031` "Invalid search criteria."
    pub fn invalid_search(cause: impl Into<String>) -> Self {
        SimError::Okta {
            status: StatusCode::BAD_REQUEST,
            code: "E0000031",
            summary: "Invalid search criteria.".into(),
            causes: vec![cause.into()],
        }
    }

    /// 400 `E0000053` "Invalid SCIM filter / parameter" (System Log).
    pub fn invalid_parameter(cause: impl Into<String>) -> Self {
        let cause = cause.into();
        SimError::Okta {
            status: StatusCode::BAD_REQUEST,
            code: "E0000053",
            summary: format!("Invalid parameter: {cause}"),
            causes: vec![cause],
        }
    }

    /// 405 `E0000022` for a method the path does not support.
    pub fn method_not_allowed(method: &str) -> Self {
        SimError::okta(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            format!("The endpoint does not support the provided HTTP method: {method}"),
        )
    }

    /// An OAuth error body.
    pub fn oauth(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        SimError::OAuth { status, error, description: description.into(), headers: Vec::new() }
    }

    /// Adds a response header (OAuth errors only; ignored on Okta errors).
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let SimError::OAuth { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            SimError::Okta { status, .. } | SimError::OAuth { status, .. } => *status,
        }
    }
}

/// A fresh `errorId`, 25 characters like Okta's (`oaeHfmOAx1iRLa0H10DeMz5fQ`).
fn error_id() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    format!("oae{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 22))
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        match self {
            SimError::Okta { status, code, summary, causes } => {
                let causes: Vec<_> = causes.into_iter().map(|c| json!({ "errorSummary": c })).collect();
                let body = json!({
                    "errorCode": code,
                    "errorSummary": summary,
                    "errorLink": code,
                    "errorId": error_id(),
                    "errorCauses": causes,
                });
                (status, axum::Json(body)).into_response()
            }
            SimError::OAuth { status, error, description, headers } => {
                let body = json!({ "error": error, "error_description": description });
                let mut resp = (status, axum::Json(body)).into_response();
                for (name, value) in headers {
                    let name = HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes());
                    if let (Ok(name), Ok(v)) = (name, HeaderValue::from_str(&value)) {
                        resp.headers_mut().insert(name, v);
                    }
                }
                resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                resp
            }
        }
    }
}
