//! What can be done to a user, and what each does in words.

use serde::{Deserialize, Serialize};

/// One change to one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// `POST /api/v1/users/{id}/lifecycle/suspend`: ACTIVE → SUSPENDED.
    Suspend,
    /// `POST /api/v1/users/{id}/lifecycle/unsuspend`: SUSPENDED → ACTIVE.
    Unsuspend,
    /// `DELETE /api/v1/users/{id}/sessions`, with `oauthTokens=true` to revoke tokens too.
    ClearSessions { revoke_oauth_tokens: bool },
}

impl Action {
    /// The command name: `suspend`, `unsuspend`, `clear-sessions`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Suspend => "suspend",
            Action::Unsuspend => "unsuspend",
            Action::ClearSessions { .. } => "clear-sessions",
        }
    }

    /// A title for the dialog: "Suspend user", "Clear sessions and revoke OAuth tokens".
    pub fn title(&self) -> &'static str {
        match self {
            Action::Suspend => "Suspend user",
            Action::Unsuspend => "Unsuspend user",
            Action::ClearSessions { revoke_oauth_tokens: false } => "Clear sessions",
            Action::ClearSessions { revoke_oauth_tokens: true } => "Clear sessions and revoke OAuth tokens",
        }
    }

    /// The System Log event Okta writes when it is done.
    pub fn event_type(&self) -> &'static str {
        match self {
            Action::Suspend => "user.lifecycle.suspend",
            Action::Unsuspend => "user.lifecycle.unsuspend",
            Action::ClearSessions { .. } => "user.session.clear",
        }
    }

    /// The status the user must have for the action to make sense.
    pub fn required_status(&self) -> Option<&'static str> {
        match self {
            Action::Suspend => Some("ACTIVE"),
            Action::Unsuspend => Some("SUSPENDED"),
            Action::ClearSessions { .. } => None,
        }
    }

    /// The status the user has once it is done (clearing sessions keeps the status).
    pub fn resulting_status(&self) -> Option<&'static str> {
        match self {
            Action::Suspend => Some("SUSPENDED"),
            Action::Unsuspend => Some("ACTIVE"),
            Action::ClearSessions { .. } => None,
        }
    }

    /// What it does to `name`, in words.
    pub fn effect(&self, name: &str) -> String {
        match self {
            Action::Suspend => {
                format!("{name} can no longer sign in; group and app assignments are kept, and unsuspend undoes it")
            }
            Action::Unsuspend => format!("{name} can sign in again, with the same groups and apps"),
            Action::ClearSessions { revoke_oauth_tokens: false } => {
                format!("{name} is signed out of every Okta session and must sign in again; OAuth tokens stay valid")
            }
            Action::ClearSessions { revoke_oauth_tokens: true } => format!(
                "{name} is signed out of every Okta session, and every OAuth access and refresh token is revoked"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_names_its_event_and_states() {
        assert_eq!(Action::Suspend.event_type(), "user.lifecycle.suspend");
        assert_eq!(
            (Action::Unsuspend.required_status(), Action::Unsuspend.resulting_status()),
            (Some("SUSPENDED"), Some("ACTIVE"))
        );
        let clear = Action::ClearSessions { revoke_oauth_tokens: true };
        assert_eq!((clear.name(), clear.required_status()), ("clear-sessions", None));
        assert!(Action::Suspend
            .effect("John")
            .starts_with("John can no longer sign in; group and app assignments are kept"));
        assert!(clear.effect("Ann").contains("revoked"));
    }
}
