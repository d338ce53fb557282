//! The bodies of Okta's error responses: the Management API's error object and the
//! OAuth 2.0 error of the token endpoint. The client's error type is built from these.

use serde::{Deserialize, Serialize};

use super::lenient::lenient_model;

lenient_model! {
    /// Okta's error object: `{"errorCode":"E0000007","errorSummary":"Not found: …",
    /// "errorLink":"E0000007","errorId":"oae…","errorCauses":[{"errorSummary":"…"}]}`.
    /// `errorSummary` may echo user input: escape it before display.
    #[serde(rename_all = "camelCase")]
    pub struct OktaErrorBody {
        /// The stable code (`E0000011`); the only field fit for program logic.
        pub error_code: Option<String>,
        /// What went wrong, in English.
        pub error_summary: Option<String>,
        /// Currently the same as `errorCode`.
        pub error_link: Option<String>,
        /// The id Okta Support asks for.
        pub error_id: Option<String>,
        /// Details, usually an array; some of Okta's examples send a single object.
        pub error_causes: Option<ErrorCauses>,
    }
}

lenient_model! {
    /// One entry of `errorCauses`.
    #[serde(rename_all = "camelCase")]
    pub struct ErrorCause {
        /// The detail, e.g. `login: An object with this field already exists`.
        pub error_summary: Option<String>,
    }
}

/// `errorCauses`, as an array or as a single object, kept in the form Okta sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorCauses {
    /// The documented form: an array.
    List(Vec<ErrorCause>),
    /// The form of some spec examples: one object.
    One(ErrorCause),
}

impl OktaErrorBody {
    /// Reads an error body; `None` unless it is a JSON object with an `errorCode` or an
    /// `errorSummary`.
    pub fn parse(body: &str) -> Option<Self> {
        let parsed: Self = serde_json::from_str(body).ok()?;
        (parsed.error_code.is_some() || parsed.error_summary.is_some()).then_some(parsed)
    }

    /// The summaries of `errorCauses`, in order.
    pub fn causes(&self) -> Vec<&str> {
        let causes: &[ErrorCause] = match &self.error_causes {
            Some(ErrorCauses::List(list)) => list,
            Some(ErrorCauses::One(one)) => std::slice::from_ref(one),
            None => &[],
        };
        causes.iter().filter_map(|c| c.error_summary.as_deref()).collect()
    }
}

lenient_model! {
    /// An OAuth 2.0 error (`/oauth2/v1/token`): `{"error":"invalid_client",
    /// "error_description":"…"}`.
    pub struct OAuthErrorBody {
        /// `invalid_client`, `invalid_scope`, `use_dpop_nonce`, `invalid_dpop_proof`, …
        pub error: Option<String>,
        /// What went wrong, in English.
        pub error_description: Option<String>,
    }
}

impl OAuthErrorBody {
    /// Reads an OAuth error body; `None` unless it is a JSON object with an `error`.
    pub fn parse(body: &str) -> Option<Self> {
        let parsed: Self = serde_json::from_str(body).ok()?;
        parsed.error.is_some().then_some(parsed)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn causes_as_array_or_object_round_trip() {
        let list = json!({"errorCode": "E0000001", "errorSummary": "Api validation failed", "errorLink": "E0000001",
            "errorId": "oae1", "errorCauses": [{"errorSummary": "login: taken"}, {"errorSummary": "email: bad"}]});
        let body = OktaErrorBody::parse(&list.to_string()).unwrap();
        assert_eq!(body.causes(), ["login: taken", "email: bad"]);
        assert_eq!(serde_json::to_value(&body).unwrap(), list);
        let one = json!({"errorSummary": "Bad request", "errorCauses": {"errorSummary": "Invalid scope"}});
        let body = OktaErrorBody::parse(&one.to_string()).unwrap();
        assert_eq!((body.error_code.as_deref(), body.causes()), (None, vec!["Invalid scope"]));
        assert_eq!(serde_json::to_value(&body).unwrap(), one);
    }

    #[test]
    fn non_error_bodies_are_none() {
        for body in ["", "<html>", "[]", "{}", "{\"error\":\"invalid_client\"}", "{\"errorCode\":5}"] {
            assert_eq!(OktaErrorBody::parse(body), None, "{body}");
        }
        assert_eq!(OAuthErrorBody::parse("{\"errorCode\":\"E0000011\"}"), None);
        let oauth = OAuthErrorBody::parse("{\"error\":\"use_dpop_nonce\",\"error_description\":\"Nonce\"}").unwrap();
        assert_eq!(
            (oauth.error.as_deref(), oauth.error_description.as_deref()),
            (Some("use_dpop_nonce"), Some("Nonce"))
        );
    }
}
