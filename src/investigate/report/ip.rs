//! What one IP address did in a window, for the IP view a finding about an address opens
//! (a password spray, an address ThreatInsight flagged): where it is, every user it touched
//! with their failures and successes, and its events. Pure: built from the events `gather`
//! read with the address's filter.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::sign_ins::network_of;
use crate::investigate::{Finding, LogWindow};
use crate::okta::model::LogEvent;

/// One user the address touched: as the actor of its events, or their target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpUser {
    /// The login (`alternateId`), as the events give it: a spray's guesses may name no
    /// user of the org.
    pub login: String,
    /// The user's id, when an event gives one Okta resolved.
    pub id: Option<String>,
    pub events: usize,
    /// Events whose outcome was a failure or a denial.
    pub failures: usize,
    /// Sign-in steps (`user.session.start`, `user.authentication.*`) that succeeded.
    pub successes: usize,
    pub last_seen: Option<DateTime<Utc>>,
}

/// One event from the address, as the view's table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpEvent {
    /// Position in the events the report was built from.
    pub index: usize,
    pub at: Option<DateTime<Utc>>,
    pub event_type: String,
    /// The actor's login, else its name.
    pub actor: String,
    /// `SUCCESS`, `FAILURE`, …
    pub outcome: String,
}

/// The IP view's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpReport {
    pub ip: String,
    pub window: LogWindow,
    /// Whether the read stopped at its cap: the events are the window's oldest.
    pub capped: bool,
    /// `City, Country` the events place it in, the most frequent first.
    pub places: Vec<String>,
    /// `AS1234 Org` the events give, the most frequent first.
    pub networks: Vec<String>,
    /// Whether Okta called it a proxy in any event.
    pub proxy: bool,
    /// Worst first: the most failures, then the most events, then by login.
    pub users: Vec<IpUser>,
    /// Newest first.
    pub events: Vec<IpEvent>,
    /// The findings that name the address, worst first.
    pub findings: Vec<Finding>,
}

impl IpReport {
    /// The report of `ip` from `events` (those of the window from that address, oldest
    /// first); `findings` are those of the console that name it.
    pub fn build(ip: &str, window: LogWindow, events: &[LogEvent], capped: bool, findings: Vec<Finding>) -> IpReport {
        let mut users: HashMap<String, IpUser> = HashMap::new();
        let mut places: HashMap<String, usize> = HashMap::new();
        let mut networks: HashMap<String, usize> = HashMap::new();
        let mut proxy = false;
        for event in events {
            let place = match (event.city(), event.country()) {
                (Some(city), Some(country)) => Some(format!("{city}, {country}")),
                (city, country) => city.or(country).map(str::to_string),
            };
            if let Some(place) = place {
                *places.entry(place).or_default() += 1;
            }
            if let Some(network) = network_of(event) {
                *networks.entry(network).or_default() += 1;
            }
            proxy |= event.security_context.as_ref().and_then(|s| s.is_proxy).unwrap_or(false);
            for (login, id) in touched(event) {
                let user = users.entry(login.to_lowercase()).or_insert_with(|| IpUser {
                    login: login.to_string(),
                    id: None,
                    events: 0,
                    failures: 0,
                    successes: 0,
                    last_seen: None,
                });
                user.id = user.id.take().or(id);
                user.events += 1;
                user.failures += usize::from(event.is_failure());
                user.successes += usize::from(signed_in(event));
                user.last_seen = user.last_seen.max(event.published_at());
            }
        }
        let mut users: Vec<IpUser> = users.into_values().collect();
        users.sort_by(|a, b| b.failures.cmp(&a.failures).then(b.events.cmp(&a.events)).then(a.login.cmp(&b.login)));
        let rows = events.iter().enumerate().rev().map(|(index, e)| IpEvent {
            index,
            at: e.published_at(),
            event_type: e.event_type().unwrap_or("?").to_string(),
            actor: e
                .actor_login()
                .or_else(|| e.actor.as_ref().and_then(|a| a.display_name.as_deref()))
                .unwrap_or("?")
                .to_string(),
            outcome: e.outcome_result().unwrap_or("").to_string(),
        });
        IpReport {
            ip: ip.to_string(),
            window,
            capped,
            places: most_frequent(places),
            networks: most_frequent(networks),
            proxy,
            users,
            events: rows.collect(),
            findings,
        }
    }
}

/// The users an event touched: its actor when a user, and its user targets; `(login, id)`,
/// the id only when Okta resolved it.
fn touched(event: &LogEvent) -> Vec<(&str, Option<String>)> {
    let resolved = |id: Option<&String>| id.filter(|i| !i.is_empty() && *i != "unknown").cloned();
    let actor = event
        .actor
        .as_ref()
        .filter(|a| a.actor_type.as_deref() == Some("User"))
        .and_then(|a| Some((a.alternate_id.as_deref().filter(|l| !l.is_empty())?, resolved(a.id.as_ref()))));
    let targets = event
        .target_users()
        .filter_map(|t| Some((t.alternate_id.as_deref().filter(|l| !l.is_empty())?, resolved(t.id.as_ref()))));
    let mut out: Vec<(&str, Option<String>)> = actor.into_iter().chain(targets).collect();
    out.dedup_by(|a, b| a.0.eq_ignore_ascii_case(b.0));
    out
}

/// Whether the event is a sign-in step that succeeded.
fn signed_in(event: &LogEvent) -> bool {
    let step = event.event_type().is_some_and(|t| t == "user.session.start" || t.starts_with("user.authentication."));
    step && event.outcome_result().is_some_and(|r| r.eq_ignore_ascii_case("SUCCESS"))
}

/// The keys, the most counted first (then alphabetically), at most three.
fn most_frequent(counts: HashMap<String, usize>) -> Vec<String> {
    let mut counted: Vec<(String, usize)> = counts.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counted.into_iter().take(3).map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(at: &str, kind: &str, login: &str, id: &str, result: &str) -> LogEvent {
        let value = json!({
            "uuid": format!("{at}-{login}"),
            "published": at,
            "eventType": kind,
            "actor": {"id": id, "type": "User", "alternateId": login, "displayName": login},
            "outcome": {"result": result},
            "client": {"ipAddress": "198.51.100.9", "geographicalContext": {"city": "Lagos", "country": "Nigeria"}},
            "securityContext": {"asNumber": 64500, "asOrg": "Example Transit", "isProxy": true},
        });
        let serde_json::Value::Object(object) = value else { unreachable!() };
        LogEvent::from_object(object)
    }

    fn window() -> LogWindow {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        LogWindow { since: at("2026-12-01T00:00:00Z"), until: at("2026-12-02T00:00:00Z") }
    }

    #[test]
    fn a_spray_source_lists_every_user_it_tried_worst_first_with_the_one_it_got_into() {
        let events = vec![
            event("2026-12-01T10:00:00Z", "user.session.start", "admin@acme.example", "unknown", "FAILURE"),
            event("2026-12-01T10:00:01Z", "user.session.start", "ana@acme.example", "00u1", "FAILURE"),
            event("2026-12-01T10:00:02Z", "user.session.start", "Ana@acme.example", "00u1", "FAILURE"),
            event("2026-12-01T10:00:03Z", "user.session.start", "bo@acme.example", "00u2", "FAILURE"),
            event("2026-12-01T10:00:04Z", "user.session.start", "bo@acme.example", "00u2", "SUCCESS"),
        ];
        let report = IpReport::build("198.51.100.9", window(), &events, false, Vec::new());
        let users: Vec<(&str, Option<&str>, usize, usize, usize)> = report
            .users
            .iter()
            .map(|u| (u.login.as_str(), u.id.as_deref(), u.events, u.failures, u.successes))
            .collect();
        assert_eq!(
            users,
            vec![
                ("ana@acme.example", Some("00u1"), 2, 2, 0),
                ("bo@acme.example", Some("00u2"), 2, 1, 1),
                ("admin@acme.example", None, 1, 1, 0),
            ]
        );
        assert_eq!(report.places, vec!["Lagos, Nigeria"]);
        assert_eq!(report.networks, vec!["AS64500 Example Transit"]);
        assert!(report.proxy);
        let newest = &report.events[0];
        assert_eq!((newest.index, newest.actor.as_str(), newest.outcome.as_str()), (4, "bo@acme.example", "SUCCESS"));
        assert_eq!(report.events.len(), 5);
    }
}
