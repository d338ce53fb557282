//! What can be done to a user, and what each does in words.

use serde::{Deserialize, Serialize};

/// One change to one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum OrgChange {
    /// `POST /api/v1/users/{id}/lifecycle/suspend`: ACTIVE → SUSPENDED.
    Suspend,
    /// `POST /api/v1/users/{id}/lifecycle/unsuspend`: SUSPENDED → ACTIVE.
    Unsuspend,
    /// `DELETE /api/v1/users/{id}/sessions?oauthTokens=…&forgetDevices=…`, both sent
    /// explicitly: Okta defaults `forgetDevices` to true on Identity Engine orgs.
    ClearSessions {
        /// `oauthTokens`: also revoke the user's OAuth access and refresh tokens.
        revoke_oauth_tokens: bool,
        /// `forgetDevices`: also make every device forget the user's remembered factors, so
        /// the next sign-in asks for MFA again everywhere.
        forget_devices: bool,
    },
}

impl OrgChange {
    /// The command name: `suspend`, `unsuspend`, `clear-sessions`.
    pub fn name(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "suspend",
            OrgChange::Unsuspend => "unsuspend",
            OrgChange::ClearSessions { .. } => "clear-sessions",
        }
    }

    /// A title for the dialog: "Suspend user", "Clear sessions and revoke OAuth tokens".
    pub fn title(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "Suspend user",
            OrgChange::Unsuspend => "Unsuspend user",
            OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false } => "Clear sessions",
            OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false } => {
                "Clear sessions and revoke OAuth tokens"
            }
            OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true } => {
                "Clear sessions and forget devices"
            }
            OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: true } => {
                "Clear sessions, revoke OAuth tokens and forget devices"
            }
        }
    }

    /// The System Log event Okta writes when it is done.
    pub fn event_type(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "user.lifecycle.suspend",
            OrgChange::Unsuspend => "user.lifecycle.unsuspend",
            OrgChange::ClearSessions { .. } => "user.session.clear",
        }
    }

    /// The status the user must have for the action to make sense.
    pub fn required_status(&self) -> Option<&'static str> {
        match self {
            OrgChange::Suspend => Some("ACTIVE"),
            OrgChange::Unsuspend => Some("SUSPENDED"),
            OrgChange::ClearSessions { .. } => None,
        }
    }

    /// The status the user has once it is done (clearing sessions keeps the status).
    pub fn resulting_status(&self) -> Option<&'static str> {
        match self {
            OrgChange::Suspend => Some("SUSPENDED"),
            OrgChange::Unsuspend => Some("ACTIVE"),
            OrgChange::ClearSessions { .. } => None,
        }
    }

    /// What it does to `name`, in words.
    pub fn effect(&self, name: &str) -> String {
        match self {
            OrgChange::Suspend => {
                format!("{name} can no longer sign in; group and app assignments are kept, and unsuspend undoes it")
            }
            OrgChange::Unsuspend => format!("{name} can sign in again, with the same groups and apps"),
            OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices } => {
                let tokens = if *revoke_oauth_tokens {
                    ", and every OAuth access and refresh token is revoked"
                } else {
                    " and must sign in again; OAuth tokens stay valid"
                };
                format!("{name} is signed out of every Okta session{tokens}; {}", devices_effect(*forget_devices))
            }
        }
    }
}

/// What `forgetDevices` does, in words.
pub fn devices_effect(forget_devices: bool) -> &'static str {
    if forget_devices {
        "every device forgets its remembered factors, so the next sign-in asks for MFA again on each"
    } else {
        "remembered devices are kept: a device the user chose to remember still skips MFA"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_names_its_event_and_states() {
        assert_eq!(OrgChange::Suspend.event_type(), "user.lifecycle.suspend");
        assert_eq!(
            (OrgChange::Unsuspend.required_status(), OrgChange::Unsuspend.resulting_status()),
            (Some("SUSPENDED"), Some("ACTIVE"))
        );
        let clear = OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false };
        assert_eq!((clear.name(), clear.required_status()), ("clear-sessions", None));
        assert!(OrgChange::Suspend
            .effect("John")
            .starts_with("John can no longer sign in; group and app assignments are kept"));
        assert!(clear.effect("Ann").contains("revoked"));
        assert!(clear.effect("Ann").ends_with("a device the user chose to remember still skips MFA"));
        let forget = OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true };
        assert!(forget.effect("Ann").contains("OAuth tokens stay valid; every device forgets its remembered factors"));
        assert_eq!(forget.title(), "Clear sessions and forget devices");
    }
}
