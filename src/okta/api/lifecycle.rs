//! The client's mutating calls: suspend, unsuspend, clear sessions. Each demands an
//! [`Approved`], which only the approval gate makes, and is `pub(crate)`: the only caller is
//! `actions::execute`. Each sends one request, never retried (see `client`: only a 401 to an
//! OAuth token, a definite "not applied", is answered by one resend with a new token); a
//! read-only client refuses it before it is sent.

use reqwest::Method;

use crate::actions::{Approved, OrgChange};
use crate::okta::client::{Client, Response};
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

impl Client {
    /// Sends the approved change, once.
    pub(crate) async fn send_change(&self, approved: &Approved) -> Result<Response, OktaError> {
        let (method, path) = change_request(approved.action(), approved.target_id());
        let url = self.resolve(&path)?;
        self.execute(method, url, Priority::Interactive).await
    }
}

/// The method and path of an action on user `id`.
fn change_request(action: OrgChange, id: &str) -> (Method, String) {
    let id = encode(id);
    match action {
        OrgChange::Suspend => (Method::POST, format!("/api/v1/users/{id}/lifecycle/suspend")),
        OrgChange::Unsuspend => (Method::POST, format!("/api/v1/users/{id}/lifecycle/unsuspend")),
        // Both sent explicitly: left out, `forgetDevices` is true on Identity Engine orgs.
        OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices } => (
            Method::DELETE,
            format!("/api/v1/users/{id}/sessions?oauthTokens={revoke_oauth_tokens}&forgetDevices={forget_devices}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_is_oktas_request() {
        assert_eq!(
            change_request(OrgChange::Suspend, "00u1"),
            (Method::POST, "/api/v1/users/00u1/lifecycle/suspend".into())
        );
        assert_eq!(change_request(OrgChange::Unsuspend, "00u1").1, "/api/v1/users/00u1/lifecycle/unsuspend");
        let (m, p) =
            change_request(OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false }, "00u1");
        assert_eq!(
            (m, p.as_str()),
            (Method::DELETE, "/api/v1/users/00u1/sessions?oauthTokens=true&forgetDevices=false")
        );
        let (_, p) =
            change_request(OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true }, "00u1");
        assert_eq!(p, "/api/v1/users/00u1/sessions?oauthTokens=false&forgetDevices=true");
    }
}
