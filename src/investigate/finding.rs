//! What the detections report: a [`Finding`], with the events behind it and what to do about it.
//! The JSON shape is a promise to scripts (`oktui hunt --format json`): kinds, severities and
//! proposed actions serialise as the stable snake_case names below.

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use super::catalog_detail::{CatalogDetail, MatchedEvent};

/// What a finding is about. The names are stable: scripts select on them (`--kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    PasswordSpray,
    BruteForce,
    Lockout,
    SuccessAfterFailures,
    MfaFatigue,
    MfaFailures,
    SuspiciousCountry,
    ImpossibleTravel,
    NewCountry,
    NewDevice,
    ProxySignIn,
    SessionAnomaly,
    PrivilegeGrant,
    AdminConsoleAccess,
    ApiTokenCreated,
    PolicyWeakened,
    FactorReset,
    ThreatDetected,
    Impersonation,
    DeviceEnrolled,
    SharedDevice,
    SharedPhone,
    RiskySignIn,
    RapidAppAccess,
    AppAccessFailures,
    MfaAbandonment,
    /// A detection of Okta's Security Detection Catalog matched (its filter, run by Okta).
    Catalog,
}

impl FindingKind {
    /// Every kind, in the order the README documents them.
    pub const ALL: [FindingKind; 27] = [
        FindingKind::PasswordSpray,
        FindingKind::BruteForce,
        FindingKind::Lockout,
        FindingKind::SuccessAfterFailures,
        FindingKind::MfaFatigue,
        FindingKind::MfaFailures,
        FindingKind::SuspiciousCountry,
        FindingKind::ImpossibleTravel,
        FindingKind::NewCountry,
        FindingKind::NewDevice,
        FindingKind::ProxySignIn,
        FindingKind::SessionAnomaly,
        FindingKind::PrivilegeGrant,
        FindingKind::AdminConsoleAccess,
        FindingKind::ApiTokenCreated,
        FindingKind::PolicyWeakened,
        FindingKind::FactorReset,
        FindingKind::ThreatDetected,
        FindingKind::Impersonation,
        FindingKind::DeviceEnrolled,
        FindingKind::SharedDevice,
        FindingKind::SharedPhone,
        FindingKind::RiskySignIn,
        FindingKind::RapidAppAccess,
        FindingKind::AppAccessFailures,
        FindingKind::MfaAbandonment,
        FindingKind::Catalog,
    ];

    /// The stable name (`password_spray`).
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::PasswordSpray => "password_spray",
            FindingKind::BruteForce => "brute_force",
            FindingKind::Lockout => "lockout",
            FindingKind::SuccessAfterFailures => "success_after_failures",
            FindingKind::MfaFatigue => "mfa_fatigue",
            FindingKind::MfaFailures => "mfa_failures",
            FindingKind::SuspiciousCountry => "suspicious_country",
            FindingKind::ImpossibleTravel => "impossible_travel",
            FindingKind::NewCountry => "new_country",
            FindingKind::NewDevice => "new_device",
            FindingKind::ProxySignIn => "proxy_sign_in",
            FindingKind::SessionAnomaly => "session_anomaly",
            FindingKind::PrivilegeGrant => "privilege_grant",
            FindingKind::AdminConsoleAccess => "admin_console_access",
            FindingKind::ApiTokenCreated => "api_token_created",
            FindingKind::PolicyWeakened => "policy_weakened",
            FindingKind::FactorReset => "factor_reset",
            FindingKind::ThreatDetected => "threat_detected",
            FindingKind::Impersonation => "impersonation",
            FindingKind::DeviceEnrolled => "device_enrolled",
            FindingKind::SharedDevice => "shared_device",
            FindingKind::SharedPhone => "shared_phone",
            FindingKind::RiskySignIn => "risky_sign_in",
            FindingKind::RapidAppAccess => "rapid_app_access",
            FindingKind::AppAccessFailures => "app_access_failures",
            FindingKind::MfaAbandonment => "mfa_abandonment",
            FindingKind::Catalog => "catalog",
        }
    }

    /// The kind with this stable name.
    pub fn from_name(name: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.name() == name.trim())
    }
}

/// How bad a finding is, least first (so `max` is the worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    Low,
    Medium,
    High,
    Critical,
}

impl FindingSeverity {
    /// `low`, `medium`, `high`, `critical`.
    pub fn name(self) -> &'static str {
        match self {
            FindingSeverity::Low => "low",
            FindingSeverity::Medium => "medium",
            FindingSeverity::High => "high",
            FindingSeverity::Critical => "critical",
        }
    }
}

/// The response a finding proposes. Only a proposal: the change itself goes through the
/// approval gate (`actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposedAction {
    Suspend,
    ClearSessions,
    Unsuspend,
    /// A containment plan: suspend, clear sessions (and OAuth tokens), Universal Logout,
    /// reset factors, in that order.
    Contain,
    /// Revoke the session of the evidence, then clear the user's sessions (a plan).
    RevokeSession,
    /// Set the user's risk HIGH (where the org has Identity Threat Protection).
    SetRiskHigh,
    /// Nothing to send now; the reason may hold advice (unlock once the user is reached).
    None,
}

impl ProposedAction {
    /// `suspend`, `clear_sessions`, `unsuspend`, `contain`, `revoke_session`,
    /// `set_risk_high`, `none`.
    pub fn name(self) -> &'static str {
        match self {
            ProposedAction::Suspend => "suspend",
            ProposedAction::ClearSessions => "clear_sessions",
            ProposedAction::Unsuspend => "unsuspend",
            ProposedAction::Contain => "contain",
            ProposedAction::RevokeSession => "revoke_session",
            ProposedAction::SetRiskHigh => "set_risk_high",
            ProposedAction::None => "none",
        }
    }

    /// The changes it stands for, by the audit journal's action names, in order (none for
    /// `none`): a plan's steps.
    pub fn steps(self) -> &'static [&'static str] {
        match self {
            ProposedAction::Suspend => &["suspend"],
            ProposedAction::ClearSessions => &["clear-sessions"],
            ProposedAction::Unsuspend => &["unsuspend"],
            ProposedAction::Contain => &["suspend", "clear-sessions", "logout-everywhere", "reset-factors"],
            ProposedAction::RevokeSession => &["revoke-session", "clear-sessions"],
            ProposedAction::SetRiskHigh => &["set-risk"],
            ProposedAction::None => &[],
        }
    }
}

/// One detection result: what was seen, how sure, the events that justify it, and the
/// response it proposes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: FindingSeverity,
    /// 0–1; rises with corroborating signals.
    pub confidence: f64,
    /// Why, in plain words, in one line.
    pub summary: String,
    /// The `uuid`s of the events that justify the finding, oldest first.
    pub evidence: Vec<String>,
    /// The logins concerned (victims or actors), sorted.
    pub users: Vec<String>,
    /// The client IPs concerned, sorted.
    pub ips: Vec<String>,
    /// The Okta sessions of the evidence, sorted: each event's root session when it names
    /// one (a session and its children are one), else its own (left out of the JSON when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<String>,
    /// The first and last evidence event's `published` time, when known.
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub proposed_action: ProposedAction,
    /// One line: why that action (for `none`, advice when there is some, else empty).
    pub action_reason: String,
    /// The catalog detection behind a finding of kind `catalog` (left out of the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<Box<CatalogDetail>>,
    /// The networks and agents of the evidence, for suppression rules (not in the JSON).
    #[serde(skip)]
    pub origins: Origins,
}

/// Where a finding's evidence came from besides its IPs: the autonomous systems and user
/// agents of its events, sorted and distinct, for the suppression rules that match on them
/// ([`crate::investigate::suppress`]). Empty when the events did not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// `securityContext.asNumber` of each event.
    pub asns: Vec<i64>,
    /// `client.userAgent.rawUserAgent` of each event.
    pub user_agents: Vec<String>,
}

impl Finding {
    /// A high finding of `kind` about `users` and `ips` and nothing else, for unit tests.
    #[cfg(test)]
    pub(crate) fn sample(kind: FindingKind, users: &[&str], ips: &[&str]) -> Finding {
        Finding {
            kind,
            severity: FindingSeverity::High,
            confidence: 0.9,
            summary: String::new(),
            evidence: Vec::new(),
            users: users.iter().map(|u| u.to_string()).collect(),
            ips: ips.iter().map(|i| i.to_string()).collect(),
            first_seen: None,
            last_seen: None,
            proposed_action: ProposedAction::None,
            action_reason: String::new(),
            catalog: None,
            sessions: Vec::new(),
            origins: Origins::default(),
        }
    }

    /// The address the finding is about, when it is about one rather than a user: a spray's
    /// source (the logins it names are guesses, not always users of the org), or a finding
    /// that names no user.
    pub fn subject_ip(&self) -> Option<&str> {
        let about_ip = self.kind == FindingKind::PasswordSpray || self.users.is_empty();
        self.ips.first().map(String::as_str).filter(|_| about_ip)
    }

    /// `high` (≥ 0.8), `medium` (≥ 0.5) or `low`: how the approval dialog words the confidence.
    pub fn confidence_word(&self) -> &'static str {
        if self.confidence >= 0.8 {
            "high"
        } else if self.confidence >= 0.5 {
            "medium"
        } else {
            "low"
        }
    }
}

/// Orders findings worst first: severity, then confidence, then the latest evidence.
pub fn sort_worst_first(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.kind.cmp(&b.kind))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip_and_match_serde() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::from_name(kind.name()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
        assert_eq!(FindingKind::from_name("nope"), None);
    }

    #[test]
    fn severities_order_least_first() {
        assert!(FindingSeverity::Critical > FindingSeverity::High);
        assert!(FindingSeverity::Medium > FindingSeverity::Low);
        assert_eq!(serde_json::to_value(FindingSeverity::High).unwrap(), "high");
        assert_eq!(serde_json::to_value(ProposedAction::ClearSessions).unwrap(), "clear_sessions");
    }
}
