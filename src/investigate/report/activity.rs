//! The lines of a user's report besides sign-ins: MFA challenges, lockouts, privilege and
//! factor changes, account changes, and admin actions the user performed on others.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{is_actor, is_target};
use crate::okta::model::LogEvent;

/// What a line of the report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// An MFA verification the user answered or failed (`user.authentication.auth_via_mfa`, `.verify`).
    MfaChallenge,
    /// A push sent to or denied by the user.
    Push,
    Lockout,
    /// An admin role granted to or revoked from the user.
    PrivilegeChange,
    /// A factor enrolled, reset, suspended or removed.
    FactorChange,
    /// Suspended, unsuspended, sessions cleared, password reset and the like.
    AccountChange,
    /// Something the user did to another user, an app, a policy or the org.
    AdminAction,
}

impl ActivityKind {
    /// A short label for the report's sections.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::MfaChallenge => "MFA",
            ActivityKind::Push => "push",
            ActivityKind::Lockout => "lockout",
            ActivityKind::PrivilegeChange => "privilege",
            ActivityKind::FactorChange => "factor",
            ActivityKind::AccountChange => "account",
            ActivityKind::AdminAction => "admin action",
        }
    }
}

/// One event of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityLine {
    pub kind: ActivityKind,
    pub uuid: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub event_type: String,
    pub outcome: String,
    /// The outcome is a failure, a denial or no answer.
    pub failed: bool,
    pub ip: Option<String>,
    /// Okta's `displayMessage`, then what it applied to.
    pub text: String,
}

/// Sign-in plumbing the user does for themself: never an admin action.
const OWN_SIGN_IN_PREFIXES: &[&str] = &[
    "user.session.",
    "user.authentication.",
    "policy.evaluate_sign_on",
    "system.push.",
    "user.mfa.okta_verify.",
    "app.oauth2.",
    "app.generic.",
];

/// The line for `event` in the report of the user with this id and login, if it has one.
pub fn line(event: &LogEvent, id: &str, login: &str) -> Option<ActivityLine> {
    let kind = classify(event, id, login)?;
    let outcome = event.outcome_result().unwrap_or("").to_string();
    let failed = event.is_failure()
        || ["UNANSWERED", "ABANDONED"].iter().any(|o| outcome.eq_ignore_ascii_case(o))
        || event.event_type() == Some("user.mfa.okta_verify.deny_push");
    Some(ActivityLine {
        kind,
        uuid: event.uuid.clone(),
        at: event.published_at(),
        event_type: event.event_type().unwrap_or_default().to_string(),
        outcome,
        failed,
        ip: event.client_ip().map(str::to_string),
        text: describe(event),
    })
}

fn classify(event: &LogEvent, id: &str, login: &str) -> Option<ActivityKind> {
    let kind = event.event_type()?;
    let by = is_actor(event, id, login);
    let on = is_target(event, id, login);
    let about = by || on;
    Some(match kind {
        "user.authentication.auth_via_mfa" | "user.authentication.verify" if by => ActivityKind::MfaChallenge,
        "system.push.send_factor_verify_push" | "user.mfa.okta_verify.deny_push" if about => ActivityKind::Push,
        k if k.starts_with("user.account.lock") && about => ActivityKind::Lockout,
        k if k.starts_with("user.account.privilege.") && on => ActivityKind::PrivilegeChange,
        k if k.starts_with("user.mfa.factor.") && about => ActivityKind::FactorChange,
        k if (k.starts_with("user.lifecycle.")
            || k == "user.session.clear"
            || k.starts_with("user.account.reset_password")
            || k.starts_with("user.account.unlock"))
            && on =>
        {
            ActivityKind::AccountChange
        }
        k if by && !on && event.target.iter().flatten().next().is_some() && !is_own_sign_in(k) => {
            ActivityKind::AdminAction
        }
        _ => return None,
    })
}

fn is_own_sign_in(event_type: &str) -> bool {
    OWN_SIGN_IN_PREFIXES.iter().any(|p| event_type.starts_with(p))
}

fn describe(event: &LogEvent) -> String {
    let message = event.display_message.as_deref().unwrap_or_else(|| event.event_type().unwrap_or("event"));
    let targets: Vec<&str> = event
        .target
        .iter()
        .flatten()
        .filter_map(|t| t.alternate_id.as_deref().or(t.display_name.as_deref()))
        .filter(|t| !t.trim().is_empty() && !t.eq_ignore_ascii_case("unknown"))
        .collect();
    if targets.is_empty() {
        message.to_string()
    } else {
        format!("{message}: {}", targets.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn line_of(v: serde_json::Value) -> Option<ActivityLine> {
        line(&serde_json::from_value(v).unwrap(), "00u1", "ana@x")
    }

    #[test]
    fn lines_by_kind() {
        let me = json!({"id": "00u1", "alternateId": "ana@x", "type": "User"});
        let other = json!({"id": "00u2", "alternateId": "bo@x", "type": "User"});
        let unanswered = line_of(json!({"eventType": "user.authentication.auth_via_mfa", "actor": me,
            "outcome": {"result": "UNANSWERED"}}))
        .unwrap();
        assert_eq!((unanswered.kind, unanswered.failed), (ActivityKind::MfaChallenge, true));
        let granted = line_of(json!({"eventType": "user.account.privilege.grant", "actor": other, "target": [me],
            "displayMessage": "Grant user privilege"}))
        .unwrap();
        assert_eq!(
            (granted.kind, granted.text.as_str()),
            (ActivityKind::PrivilegeChange, "Grant user privilege: ana@x")
        );
        let suspended =
            line_of(json!({"eventType": "user.lifecycle.suspend", "actor": me, "target": [other]})).unwrap();
        assert_eq!(suspended.kind, ActivityKind::AdminAction);
        assert!(line_of(json!({"eventType": "user.session.start", "actor": me})).is_none());
        assert!(
            line_of(json!({"eventType": "user.authentication.sso", "actor": me, "target": [{"id": "0oa1"}]})).is_none()
        );
        assert!(line_of(json!({"eventType": "user.lifecycle.suspend", "actor": other, "target": [{"id": "00u3"}]}))
            .is_none());
    }
}
