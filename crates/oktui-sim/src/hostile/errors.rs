//! Hostile error bodies: the text of every error the org answers with (Okta's error object
//! and the OAuth form) carries hostile strings, as a compromised or spoofed endpoint could
//! send. The status and the JSON shape stay; codes a client acts on (`use_dpop_nonce`,
//! `invalid_dpop_proof`) stay exact so the protocol still works.

use axum::body::Body;
use axum::response::Response;
use serde_json::Value;

use super::text::{long, nth, TERMINAL};

/// The most bytes of an error body read to rewrite it (a sim error is a few hundred).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// OAuth `error` codes the client's protocol depends on.
const PROTOCOL_CODES: &[&str] = &["use_dpop_nonce", "invalid_dpop_proof"];

/// `resp` with hostile text in its JSON error body; any other answer as it was.
pub async fn garble(resp: Response) -> Response {
    if !(resp.status().is_client_error() || resp.status().is_server_error()) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    garble_value(&mut json, bytes.len());
    parts.headers.remove("content-length");
    Response::from_parts(parts, Body::from(json.to_string()))
}

/// Appends hostile text to the error fields of an error object (10 KB of it to the
/// summary and the description); `n` picks the strings.
fn garble_value(json: &mut Value, n: usize) {
    let Some(object) = json.as_object_mut() else { return };
    for key in ["errorSummary", "error_description"] {
        if let Some(Value::String(s)) = object.get_mut(key) {
            s.push_str(&long());
        }
    }
    for (j, key) in ["errorLink", "errorId"].iter().enumerate() {
        if let Some(Value::String(s)) = object.get_mut(*key) {
            s.push_str(nth(n + j));
        }
    }
    // Codes get a terminal sequence only: a client may still recognise the code before it.
    for key in ["errorCode", "error"] {
        if let Some(Value::String(s)) = object.get_mut(key) {
            if !PROTOCOL_CODES.contains(&s.as_str()) {
                s.push_str(TERMINAL[n % TERMINAL.len()]);
            }
        }
    }
    if let Some(Value::Array(causes)) = object.get_mut("errorCauses") {
        for (j, cause) in causes.iter_mut().enumerate() {
            if let Some(Value::String(s)) = cause.get_mut("errorSummary") {
                s.push_str(nth(n + j + 4));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_text_turns_hostile_and_protocol_codes_stay() {
        let mut okta = json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided", "errorLink": "E0000011",
            "errorId": "oae1", "errorCauses": [{"errorSummary": "x"}]});
        garble_value(&mut okta, 0);
        let code = okta["errorCode"].as_str().unwrap();
        assert!(code.starts_with("E0000011") && code.contains('\u{1b}'), "{code:?}");
        assert!(okta["errorSummary"].as_str().unwrap().starts_with("Invalid token provided"));
        assert_ne!(okta["errorCauses"][0]["errorSummary"], "x");
        let mut nonce = json!({"error": "use_dpop_nonce", "error_description": "Authorization server requires nonce"});
        garble_value(&mut nonce, 1);
        assert_eq!(nonce["error"], "use_dpop_nonce");
        assert_ne!(nonce["error_description"], "Authorization server requires nonce");
    }
}
