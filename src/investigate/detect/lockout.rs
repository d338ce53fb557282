//! `lockout`: Okta locked an account after too many failed sign-ins
//! (`user.account.lock`, `user.account.lock.limit`). When no sign-in of the user succeeded
//! after the lock, it advises unlocking once the user is reached (it proposes no change).

use std::collections::BTreeMap;

use crate::investigate::detect::common::login_shown;
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::SignInOutcome;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// One finding per locked-out login; `high` when it was locked more than once.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut by_login: BTreeMap<String, Evidence> = BTreeMap::new();
    for &row in signals.rows(Family::Lock) {
        let event = signals.event(row);
        let Some(login) = event.actor_login() else { continue };
        by_login.entry(login_shown(login)).or_default().add(event);
    }
    by_login
        .into_iter()
        .map(|(login, evidence)| {
            let count = evidence.len();
            let severity = if count > 1 { FindingSeverity::High } else { FindingSeverity::Medium };
            let times = if count == 1 { "once".to_string() } else { format!("{count} times") };
            let summary = format!("{login} was locked out {times} after too many failed sign-ins");
            let advice = if signed_in_since(signals, &login, first_lock(signals, &login)) { "" } else { UNLOCK };
            evidence
                .finding(FindingKind::Lockout, severity, if count > 1 { 0.8 } else { 0.6 }, summary, [login])
                .proposing(ProposedAction::None, advice)
        })
        .collect()
}

/// The advice of a lockout no sign-in got past: the guesses failed, so the account needs
/// only its owner back.
const UNLOCK: &str = "the failed sign-ins never got in: unlock the user once reached and the password \
                      confirmed theirs alone (or reset it)";

/// When `login` (as shown) was first locked, in ms.
fn first_lock(signals: &Signals, login: &str) -> Option<i64> {
    let locks = signals
        .rows(Family::Lock)
        .iter()
        .filter(|r| signals.event(**r).actor_login().is_some_and(|l| login_shown(l) == login));
    locks.filter_map(|r| r.at).min()
}

/// Whether `login` signed in successfully at or after `since` (any time, when undated).
fn signed_in_since(signals: &Signals, login: &str, since: Option<i64>) -> bool {
    signals.starts().iter().any(|s| {
        s.outcome == SignInOutcome::Success
            && since.is_none_or(|t| s.row.at.is_some_and(|at| at >= t))
            && signals.event(s.row).actor_login().is_some_and(|l| login_shown(l) == login)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn event(v: serde_json::Value) -> LogEvent {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn one_finding_per_locked_login_citing_each_lock() {
        let lock = |uuid: &str, login: &str| {
            event(json!({"uuid": uuid, "eventType": "user.account.lock", "published": "2026-11-30T10:00:00.000Z",
                "actor": {"alternateId": login, "type": "User"}, "client": {"ipAddress": "198.51.100.23"}}))
        };
        let other = event(json!({"uuid": "x", "eventType": "user.session.start", "actor": {"alternateId": "a@x"}}));
        let events = [lock("1", "a@x"), lock("2", "A@x"), lock("3", "b@x"), other];
        let findings = with_defaults(detect, &events);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            (findings[0].users.as_slice(), findings[0].evidence.as_slice()),
            (&["a@x".to_string()][..], &["1".to_string(), "2".to_string()][..])
        );
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert_eq!(findings[1].severity, FindingSeverity::Medium);
        assert_eq!(findings[1].ips, ["198.51.100.23"]);
    }

    #[test]
    fn a_lock_without_a_login_is_not_raised() {
        let events = [event(json!({"eventType": "user.account.lock", "actor": null}))];
        assert!(with_defaults(detect, &events).is_empty());
    }
}
