//! `app_access_failures`: one session (`externalSessionId`, user and IP) challenged by the
//! sign-on policy of at least `app_access_failures_min_apps` apps
//! (`policy.evaluate_sign_on` `CHALLENGE` on an `AppInstance`) that got through to few of
//! them (`user.authentication.sso` `SUCCESS`, fewer than
//! `app_access_failures_max_success_ratio` per challenged app): a stolen session cookie
//! replayed into an org whose apps ask for MFA again. `high`, as in Okta's catalog.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::app_of;
use crate::investigate::detect::common::{counted, is_success, login_shown, place};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// One session's app requests: challenged apps, successes per app, and the events.
#[derive(Default)]
struct Requests<'a> {
    challenged: BTreeSet<&'a str>,
    successes: BTreeMap<&'a str, usize>,
    rows: Vec<EventRow>,
}

/// One finding per session with too many unanswered app challenges. Challenges are rare and
/// successful sign-ins to apps common: the sessions challenged are found first, and only
/// their sign-ins are looked at.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let request = |row: EventRow| {
        let event = signals.event(row);
        let challenged = event.event_type() == Some("policy.evaluate_sign_on")
            && event.outcome_result().is_some_and(|r| r.eq_ignore_ascii_case("CHALLENGE"));
        let opened = event.event_type() == Some("user.authentication.sso") && is_success(event);
        if !challenged && !opened {
            return None;
        }
        let (Some(session), Some(login), Some(ip), Some(app)) =
            (event.session_id(), event.actor_login(), event.client_ip(), app_of(event))
        else {
            return None;
        };
        Some((challenged, session, login, ip, app))
    };
    let rows = signals.rows(Family::SessionUse);
    let challenged_sessions: HashSet<&str> =
        rows.iter().filter_map(|&row| request(row)).filter(|r| r.0).map(|r| r.1).collect();
    let mut by_session: BTreeMap<(&str, String, &str), Requests> = BTreeMap::new();
    for &row in rows {
        let Some((challenged, session, login, ip, app)) = request(row) else { continue };
        if !challenged_sessions.contains(session) {
            continue;
        }
        let requests = by_session.entry((session, login_shown(login), ip)).or_default();
        if challenged {
            requests.challenged.insert(app);
        } else {
            *requests.successes.entry(app).or_default() += 1;
        }
        requests.rows.push(row);
    }
    let mut findings = Vec::new();
    for ((_, login, _), requests) in by_session {
        let challenges = requests.challenged.len();
        let passed: usize = requests.challenged.iter().map(|a| requests.successes.get(a).copied().unwrap_or(0)).sum();
        let ratio = passed as f64 / challenges.max(1) as f64;
        if challenges < config.app_access_failures_min_apps.max(1)
            || ratio >= config.app_access_failures_max_success_ratio
        {
            continue;
        }
        let unanswered = requests.challenged.iter().filter(|a| !requests.successes.contains_key(*a)).count();
        let mut evidence = Evidence::default();
        requests.rows.iter().for_each(|r| evidence.add(signals.event(*r)));
        let first = signals.event(requests.rows[0]);
        let summary = format!(
            "{login}'s session from {} was challenged by {} and got in {} ({} left unanswered)",
            place(first),
            counted(challenges, "app", "apps"),
            counted(passed, "time", "times"),
            unanswered
        );
        findings.push(
            evidence.finding(FindingKind::AppAccessFailures, FindingSeverity::High, 0.7, summary, [login]).proposing(
                ProposedAction::ClearSessions,
                "a session that cannot answer its apps' MFA may be stolen: end it",
            ),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn request(kind: &str, result: &str, app: usize, minute: u32) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("{kind}-{app}-{minute}"), "eventType": kind,
            "published": format!("2026-11-30T10:{minute:02}:00Z"), "outcome": {"result": result},
            "actor": {"alternateId": "ron@x"}, "client": {"ipAddress": "198.51.100.7"},
            "authenticationContext": {"externalSessionId": "idxS1"},
            "target": [{"type": "AppInstance", "alternateId": format!("app{app}")}]}))
        .unwrap()
    }

    fn run(events: &[LogEvent]) -> Vec<Finding> {
        detect(&Signals::new(events), &Directory::default(), &DetectionConfig::default())
    }

    #[test]
    fn three_unanswered_challenges_fire_two_do_not() {
        let challenge = |app, minute| request("policy.evaluate_sign_on", "CHALLENGE", app, minute);
        let three = [challenge(1, 0), challenge(2, 1), challenge(3, 2)];
        let found = run(&three);
        assert_eq!((found.len(), found[0].severity), (1, FindingSeverity::High));
        assert_eq!(
            (found[0].users.as_slice(), found[0].ips.as_slice()),
            (&["ron@x".to_string()][..], &["198.51.100.7".to_string()][..])
        );
        assert!(run(&three[..2]).is_empty(), "two apps");
        let mut answered = three.to_vec();
        answered.push(request("user.authentication.sso", "SUCCESS", 1, 3));
        answered.push(request("user.authentication.sso", "SUCCESS", 2, 4));
        assert!(run(&answered).is_empty(), "two of three answered: a ratio of 0.67");
        answered.pop();
        assert_eq!(run(&answered).len(), 1, "one of three: 0.33");
    }
}
