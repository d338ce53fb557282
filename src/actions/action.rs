//! What can be done to a user, and what each does in words: its request, the event Okta
//! writes for it, the scope and admin role it needs.

use serde::{Deserialize, Serialize};

/// A user's risk level as an admin sets it (`PUT /api/v1/users/{id}/risk`): HIGH to flag
/// the user for Identity Threat Protection's policies, LOW to clear a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RiskLevel {
    High,
    Low,
}

impl RiskLevel {
    /// Okta's word: `HIGH`, `LOW`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RiskLevel::High => "HIGH",
            RiskLevel::Low => "LOW",
        }
    }

    /// `high` or `low` (any case), as `--level` takes it.
    pub fn parse(text: &str) -> Option<RiskLevel> {
        match text.trim().to_ascii_lowercase().as_str() {
            "high" => Some(RiskLevel::High),
            "low" => Some(RiskLevel::Low),
            _ => None,
        }
    }
}

/// One change to one user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// `POST /api/v1/users/{id}/lifecycle/unlock`: LOCKED_OUT → ACTIVE.
    Unlock,
    /// `POST /api/v1/users/{id}/lifecycle/reset_factors`: every factor unenrolled.
    ResetFactors,
    /// `DELETE /api/v1/users/{userId}/factors/{factorId}`: one factor unenrolled.
    RemoveFactor {
        /// The factor's id (`opf…`, `mbl…`, …).
        factor_id: String,
    },
    /// `POST /api/v1/users/{id}/lifecycle/expire_password`: ACTIVE → PASSWORD_EXPIRED.
    ExpirePassword,
    /// `POST /oauth2/v1/global-token-revocation` with `{"sub_id": {"format": "opaque", "id"}}`:
    /// Universal Logout, every session and token of the user revoked in Okta and in the apps
    /// that take part.
    LogoutEverywhere,
    /// `PUT /api/v1/users/{userId}/risk` with `{"riskLevel"}`.
    SetRisk {
        /// The level set.
        level: RiskLevel,
    },
    /// `DELETE /api/v1/sessions/{sessionId}`: one Okta session ended.
    RevokeSession {
        /// The session's id (`102…`, the log's `authenticationContext.externalSessionId`).
        session_id: String,
    },
}

/// The scope of every change to a user's lifecycle, factors and sessions.
pub const USERS_MANAGE: &str = "okta.users.manage";
/// The scope of Universal Logout (the global token revocation endpoint).
pub const UNIVERSAL_LOGOUT_MANAGE: &str = "okta.universalLogout.manage";
/// The scope of setting a user's risk level.
pub const USER_RISK_MANAGE: &str = "okta.userRisk.manage";
/// The scope of revoking one session by its id.
pub const SESSIONS_MANAGE: &str = "okta.sessions.manage";

impl OrgChange {
    /// One of each kind of change, as the command line names them: for tables of scopes
    /// and roles, and tests that must cover every kind.
    pub fn kinds() -> Vec<OrgChange> {
        vec![
            OrgChange::Suspend,
            OrgChange::Unsuspend,
            OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false },
            OrgChange::Unlock,
            OrgChange::ResetFactors,
            OrgChange::RemoveFactor { factor_id: String::new() },
            OrgChange::ExpirePassword,
            OrgChange::LogoutEverywhere,
            OrgChange::SetRisk { level: RiskLevel::High },
            OrgChange::RevokeSession { session_id: String::new() },
        ]
    }

    /// The command name: `suspend`, `unsuspend`, `clear-sessions`, `unlock`, `reset-factors`,
    /// `remove-factor`, `expire-password`, `logout-everywhere`, `set-risk`, `revoke-session`.
    pub fn name(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "suspend",
            OrgChange::Unsuspend => "unsuspend",
            OrgChange::ClearSessions { .. } => "clear-sessions",
            OrgChange::Unlock => "unlock",
            OrgChange::ResetFactors => "reset-factors",
            OrgChange::RemoveFactor { .. } => "remove-factor",
            OrgChange::ExpirePassword => "expire-password",
            OrgChange::LogoutEverywhere => "logout-everywhere",
            OrgChange::SetRisk { .. } => "set-risk",
            OrgChange::RevokeSession { .. } => "revoke-session",
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
            OrgChange::Unlock => "Unlock user",
            OrgChange::ResetFactors => "Reset all MFA factors",
            OrgChange::RemoveFactor { .. } => "Remove one MFA factor",
            OrgChange::ExpirePassword => "Expire password",
            OrgChange::LogoutEverywhere => "Universal Logout (every session and token)",
            OrgChange::SetRisk { level: RiskLevel::High } => "Set user risk HIGH",
            OrgChange::SetRisk { level: RiskLevel::Low } => "Set user risk LOW",
            OrgChange::RevokeSession { .. } => "Revoke one session",
        }
    }

    /// The System Log event Okta writes when it is done (Okta's event-type catalog).
    pub fn event_type(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "user.lifecycle.suspend",
            OrgChange::Unsuspend => "user.lifecycle.unsuspend",
            OrgChange::ClearSessions { .. } => "user.session.clear",
            // `user.account.unlock` is Okta's automatic unlock; an admin's is this one.
            OrgChange::Unlock => "user.account.unlock_by_admin",
            OrgChange::ResetFactors => "user.mfa.factor.reset_all",
            OrgChange::RemoveFactor { .. } => "user.mfa.factor.deactivate",
            OrgChange::ExpirePassword => "user.account.expire_password",
            // Written when an admin triggers it; `user.authentication.universal_logout`
            // follows only for apps configured for Universal Logout.
            OrgChange::LogoutEverywhere => "user.authentication.universal_logout.scheduled",
            OrgChange::SetRisk { .. } => "user.risk.change",
            OrgChange::RevokeSession { .. } => "user.session.end",
        }
    }

    /// The Okta API scope the request needs (the spec's `security` of its operation).
    pub fn scope(&self) -> &'static str {
        match self {
            OrgChange::LogoutEverywhere => UNIVERSAL_LOGOUT_MANAGE,
            OrgChange::SetRisk { .. } => USER_RISK_MANAGE,
            OrgChange::RevokeSession { .. } => SESSIONS_MANAGE,
            _ => USERS_MANAGE,
        }
    }

    /// The admin role (or custom-role permission) that lets a credential make the change, in
    /// words for 403s, doctor and the connection guide.
    pub fn admin_role(&self) -> &'static str {
        match self {
            OrgChange::Suspend => "a custom role with okta.users.lifecycle.suspend (or Super, Org or Group Administrator)",
            OrgChange::Unsuspend => {
                "a custom role with okta.users.lifecycle.unsuspend (or Super, Org or Group Administrator)"
            }
            OrgChange::ClearSessions { .. } => {
                "a custom role with okta.users.lifecycle.clearSessions (or Super, Org, Group or Help Desk Administrator)"
            }
            OrgChange::Unlock => {
                "a custom role with okta.users.lifecycle.unlock (or Super, Org, Group or Help Desk Administrator)"
            }
            OrgChange::ResetFactors | OrgChange::RemoveFactor { .. } => {
                "a custom role with okta.users.credentials.resetFactors (or Super, Org, Group or Help Desk Administrator)"
            }
            OrgChange::ExpirePassword => {
                "a custom role with okta.users.credentials.expirePassword (or Super, Org or Group Administrator)"
            }
            OrgChange::LogoutEverywhere => "Super or Organization Administrator, on an org with Universal Logout",
            OrgChange::SetRisk { .. } => {
                "Super or Organization Administrator, on an org with Identity Threat Protection"
            }
            OrgChange::RevokeSession { .. } => {
                "a custom role with okta.users.lifecycle.clearSessions (or Super, Org, Group or Help Desk Administrator)"
            }
        }
    }

    /// The feature the org must have for the change, when it is not in every org.
    pub fn feature(&self) -> Option<&'static str> {
        match self {
            OrgChange::LogoutEverywhere => Some("Universal Logout"),
            OrgChange::SetRisk { .. } => Some("Identity Threat Protection (user risk)"),
            _ => None,
        }
    }

    /// The status the user must have for the action to make sense.
    pub fn required_status(&self) -> Option<&'static str> {
        match self {
            OrgChange::Suspend | OrgChange::ExpirePassword => Some("ACTIVE"),
            OrgChange::Unsuspend => Some("SUSPENDED"),
            OrgChange::Unlock => Some("LOCKED_OUT"),
            _ => None,
        }
    }

    /// The status the user has once it is done (the others keep the status).
    pub fn resulting_status(&self) -> Option<&'static str> {
        match self {
            OrgChange::Suspend => Some("SUSPENDED"),
            OrgChange::Unsuspend | OrgChange::Unlock => Some("ACTIVE"),
            OrgChange::ExpirePassword => Some("PASSWORD_EXPIRED"),
            _ => None,
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
            OrgChange::Unlock => format!("{name} is ACTIVE again and can sign in with the current password"),
            OrgChange::ResetFactors => format!(
                "every MFA factor of {name} is unenrolled: the next sign-in asks to enroll again, so reach {name} first"
            ),
            OrgChange::RemoveFactor { factor_id } => format!(
                "the factor {factor_id} of {name} is unenrolled (removing Okta Verify push also removes its other Okta Verify factors)"
            ),
            OrgChange::ExpirePassword => {
                format!("{name} must change the password at the next sign-in (status PASSWORD_EXPIRED)")
            }
            OrgChange::LogoutEverywhere => format!(
                "every Okta session and token of {name} is revoked, and every app configured for Universal Logout signs {name} out"
            ),
            OrgChange::SetRisk { level: RiskLevel::High } => {
                format!("{name}'s risk is set HIGH: Identity Threat Protection's risk policies act on it")
            }
            OrgChange::SetRisk { level: RiskLevel::Low } => {
                format!("{name}'s risk is set LOW: a flag raised before no longer triggers risk policies")
            }
            OrgChange::RevokeSession { session_id } => {
                format!("the Okta session {session_id} of {name} ends; other sessions are kept")
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

    #[test]
    fn the_new_actions_follow_oktas_spec() {
        assert_eq!(
            (OrgChange::Unlock.required_status(), OrgChange::Unlock.resulting_status()),
            (Some("LOCKED_OUT"), Some("ACTIVE"))
        );
        assert_eq!(OrgChange::Unlock.event_type(), "user.account.unlock_by_admin");
        assert_eq!(OrgChange::ExpirePassword.resulting_status(), Some("PASSWORD_EXPIRED"));
        assert_eq!(OrgChange::LogoutEverywhere.scope(), "okta.universalLogout.manage");
        assert_eq!(OrgChange::SetRisk { level: RiskLevel::Low }.scope(), "okta.userRisk.manage");
        assert_eq!(OrgChange::RevokeSession { session_id: "102a".into() }.scope(), "okta.sessions.manage");
        assert_eq!(OrgChange::ResetFactors.scope(), "okta.users.manage");
        let names: Vec<&str> = OrgChange::kinds().iter().map(OrgChange::name).collect();
        assert_eq!(names.len(), 10);
        assert!(names.iter().all(|n| !n.is_empty()));
        assert_eq!(RiskLevel::parse(" High "), Some(RiskLevel::High));
        assert_eq!(RiskLevel::parse("medium"), None);
        let json = serde_json::to_value(OrgChange::SetRisk { level: RiskLevel::High }).unwrap();
        assert_eq!(json, serde_json::json!({"action": "set-risk", "level": "HIGH"}));
    }
}
