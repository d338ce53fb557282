//! The client's mutating calls: every change `actions` makes (suspend, unsuspend, clear
//! sessions, unlock, reset factors, remove a factor, expire the password, Universal Logout,
//! set the user's risk, revoke one session). Each demands an [`Approved`], which only the
//! approval gate makes, and is `pub(crate)`: the only caller is `actions::execute`. Each
//! sends one request, never retried (see `client`: only a 401 to an OAuth token, a definite
//! "not applied", is answered by one resend with a new token); a read-only client refuses it
//! before it is sent.

use reqwest::Method;
use serde_json::{json, Value};

use crate::actions::{Approved, OrgChange};
use crate::okta::client::{Client, Response};
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// Universal Logout: Okta's global token revocation endpoint (the org authorization server).
pub const GLOBAL_TOKEN_REVOCATION: &str = "/oauth2/v1/global-token-revocation";

impl Client {
    /// Sends the approved change, once.
    pub(crate) async fn send_change(&self, approved: &Approved) -> Result<Response, OktaError> {
        let request = change_request(approved.action(), approved.target_id());
        let url = self.resolve(&request.path)?;
        let body = request.body.map(|b| b.to_string().into_bytes());
        self.execute_with(request.method, url, body, Priority::Interactive).await
    }
}

/// One change as sent: method, path (with its query) and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChangeRequest {
    method: Method,
    path: String,
    body: Option<Value>,
}

/// The request of `action` on user `id`.
fn change_request(action: &OrgChange, id: &str) -> ChangeRequest {
    let user = encode(id);
    let lifecycle = |op: &str| (Method::POST, format!("/api/v1/users/{user}/lifecycle/{op}"), None);
    let (method, path, body) = match action {
        OrgChange::Suspend => lifecycle("suspend"),
        OrgChange::Unsuspend => lifecycle("unsuspend"),
        // Both sent explicitly: left out, `forgetDevices` is true on Identity Engine orgs.
        OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices } => (
            Method::DELETE,
            format!("/api/v1/users/{user}/sessions?oauthTokens={revoke_oauth_tokens}&forgetDevices={forget_devices}"),
            None,
        ),
        OrgChange::Unlock => lifecycle("unlock"),
        OrgChange::ResetFactors => lifecycle("reset_factors"),
        OrgChange::RemoveFactor { factor_id } => {
            (Method::DELETE, format!("/api/v1/users/{user}/factors/{}", encode(factor_id)), None)
        }
        OrgChange::ExpirePassword => lifecycle("expire_password"),
        // The `opaque` format names an Okta user by its id.
        OrgChange::LogoutEverywhere => {
            (Method::POST, GLOBAL_TOKEN_REVOCATION.to_string(), Some(json!({"sub_id": {"format": "opaque", "id": id}})))
        }
        OrgChange::SetRisk { level } => {
            (Method::PUT, format!("/api/v1/users/{user}/risk"), Some(json!({"riskLevel": level.as_str()})))
        }
        OrgChange::RevokeSession { session_id } => {
            (Method::DELETE, format!("/api/v1/sessions/{}", encode(session_id)), None)
        }
    };
    ChangeRequest { method, path, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::action::RiskLevel;

    fn sent(action: OrgChange) -> (Method, String, Option<Value>) {
        let r = change_request(&action, "00u1");
        (r.method, r.path, r.body)
    }

    #[test]
    fn each_action_is_oktas_request() {
        assert_eq!(sent(OrgChange::Suspend), (Method::POST, "/api/v1/users/00u1/lifecycle/suspend".into(), None));
        assert_eq!(sent(OrgChange::Unsuspend).1, "/api/v1/users/00u1/lifecycle/unsuspend");
        let (m, p, _) = sent(OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false });
        assert_eq!(
            (m, p.as_str()),
            (Method::DELETE, "/api/v1/users/00u1/sessions?oauthTokens=true&forgetDevices=false")
        );
        let (_, p, _) = sent(OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true });
        assert_eq!(p, "/api/v1/users/00u1/sessions?oauthTokens=false&forgetDevices=true");
        assert_eq!(sent(OrgChange::Unlock), (Method::POST, "/api/v1/users/00u1/lifecycle/unlock".into(), None));
        assert_eq!(sent(OrgChange::ResetFactors).1, "/api/v1/users/00u1/lifecycle/reset_factors");
        assert_eq!(sent(OrgChange::ExpirePassword).1, "/api/v1/users/00u1/lifecycle/expire_password");
        assert_eq!(
            sent(OrgChange::RemoveFactor { factor_id: "opf/1".into() }),
            (Method::DELETE, "/api/v1/users/00u1/factors/opf%2F1".into(), None)
        );
        assert_eq!(
            sent(OrgChange::LogoutEverywhere),
            (
                Method::POST,
                "/oauth2/v1/global-token-revocation".into(),
                Some(json!({"sub_id": {"format": "opaque", "id": "00u1"}}))
            )
        );
        assert_eq!(
            sent(OrgChange::SetRisk { level: RiskLevel::High }),
            (Method::PUT, "/api/v1/users/00u1/risk".into(), Some(json!({"riskLevel": "HIGH"})))
        );
        assert_eq!(
            sent(OrgChange::RevokeSession { session_id: "102abc".into() }),
            (Method::DELETE, "/api/v1/sessions/102abc".into(), None)
        );
    }
}
