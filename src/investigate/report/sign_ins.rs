//! One user's sign-ins (`user.session.start`) as rows, and their count per hour.

use std::collections::HashSet;

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::Serialize;

use crate::okta::model::LogEvent;

/// One sign-in attempt, as the investigation table shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignIn {
    pub uuid: Option<String>,
    pub at: Option<DateTime<Utc>>,
    /// `SUCCESS`, `FAILURE`, …
    pub result: String,
    /// Okta's reason for a failure (`INVALID_CREDENTIALS`, `LOCKED_OUT`).
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// `(lat, lon)`, when Okta geolocated the IP (placeholder `0, 0` dropped).
    pub location: Option<(f64, f64)>,
    /// `AS1234 Org name`.
    pub network: Option<String>,
    pub proxy: Option<bool>,
    pub user_agent: Option<String>,
    /// The factor used (`debugData.factor`, or the authentication step's credential).
    pub factor: Option<String>,
    /// Cited by a finding.
    pub flagged: bool,
}

impl SignIn {
    /// Whether it succeeded.
    pub fn succeeded(&self) -> bool {
        self.result.eq_ignore_ascii_case("SUCCESS") || self.result.eq_ignore_ascii_case("ALLOW")
    }
}

/// Whether `event` is a sign-in attempt of the user with this id or login.
pub fn is_sign_in_of(event: &LogEvent, id: &str, login: &str) -> bool {
    event.event_type() == Some("user.session.start") && super::is_actor(event, id, login)
}

/// The row for one sign-in event; `flagged` when its uuid is in `cited`.
pub fn sign_in(event: &LogEvent, cited: &HashSet<&str>) -> SignIn {
    let security = event.security_context.as_ref();
    let network = network_of(event);
    let location = event
        .client
        .as_ref()
        .and_then(|c| c.geographical_context.as_ref())
        .and_then(|g| g.geolocation.as_ref())
        .and_then(|g| g.lat_lon())
        .filter(|&(lat, lon)| lat != 0.0 || lon != 0.0);
    let factor = event.debug_data().and_then(|d| d.str("factor")).map(str::to_string).or_else(|| {
        event.authentication_context.as_ref().and_then(|a| a.credential_type.clone()).filter(|c| !c.trim().is_empty())
    });
    SignIn {
        uuid: event.uuid.clone(),
        at: event.published_at(),
        result: event.outcome_result().unwrap_or("UNKNOWN").to_string(),
        reason: event.outcome_reason().map(str::to_string),
        ip: event.client_ip().map(str::to_string),
        city: event.city().map(str::to_string),
        country: event.country().map(str::to_string),
        location,
        network,
        proxy: security.and_then(|s| s.is_proxy),
        user_agent: event.user_agent().map(str::to_string),
        factor,
        flagged: event.uuid.as_deref().is_some_and(|u| cited.contains(u)),
    }
}

/// The event's network as `AS1234 Org name` (either part alone when the other is missing).
pub fn network_of(event: &LogEvent) -> Option<String> {
    let security = event.security_context.as_ref()?;
    let number = security.as_number.as_ref().map(|n| format!("AS{n}"));
    let org = security.as_org.clone().filter(|o| !o.trim().is_empty());
    match (number, org) {
        (Some(n), Some(o)) => Some(format!("{n} {o}")),
        (n, o) => n.or(o),
    }
}

/// Sign-ins in one hour of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourCount {
    pub hour: DateTime<Utc>,
    pub succeeded: u32,
    pub failed: u32,
}

/// Successes and failures per hour from `since`'s hour to `until`'s (at most 31 days of
/// hours; sign-ins without a time or outside the window are left out).
pub fn per_hour(sign_ins: &[SignIn], since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<HourCount> {
    let Ok(first) = since.duration_trunc(Duration::hours(1)) else { return Vec::new() };
    let hours = ((until - first).num_hours() + 1).clamp(1, 31 * 24) as usize;
    let mut out: Vec<HourCount> =
        (0..hours).map(|h| HourCount { hour: first + Duration::hours(h as i64), succeeded: 0, failed: 0 }).collect();
    for s in sign_ins {
        let Some(at) = s.at else { continue };
        let index = (at - first).num_hours();
        let Some(slot) = usize::try_from(index).ok().and_then(|i| out.get_mut(i)) else { continue };
        if s.succeeded() {
            slot.succeeded += 1;
        } else {
            slot.failed += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(v: serde_json::Value) -> LogEvent {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_sign_in_row_reads_network_location_and_factor() {
        let e = event(json!({"uuid": "u1", "eventType": "user.session.start", "published": "2026-11-30T10:15:00Z",
            "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
            "client": {"ipAddress": "198.51.100.23", "userAgent": {"rawUserAgent": "python-requests/2.31"},
                "geographicalContext": {"city": "Chisinau", "country": "Moldova", "geolocation": {"lat": 47.0, "lon": 28.8}}},
            "securityContext": {"asNumber": 200019, "asOrg": "alexhost srl", "isProxy": false},
            "authenticationContext": {"credentialType": "PASSWORD"}}));
        let cited = HashSet::from(["u1"]);
        let row = sign_in(&e, &cited);
        assert_eq!(row.network.as_deref(), Some("AS200019 alexhost srl"));
        assert_eq!(row.location, Some((47.0, 28.8)));
        assert_eq!((row.factor.as_deref(), row.flagged, row.succeeded()), (Some("PASSWORD"), true, false));
    }

    #[test]
    fn hours_count_successes_and_failures_inside_the_window() {
        let since: DateTime<Utc> = "2026-11-30T10:20:00Z".parse().unwrap();
        let until: DateTime<Utc> = "2026-11-30T12:05:00Z".parse().unwrap();
        let at = |t: &str, result: &str| SignIn {
            at: t.parse().ok(),
            result: result.into(),
            ..sign_in(&event(json!({})), &HashSet::new())
        };
        let rows = [
            at("2026-11-30T10:30:00Z", "SUCCESS"),
            at("2026-11-30T12:01:00Z", "FAILURE"),
            at("2026-11-30T09:00:00Z", "FAILURE"),
            at("redacted", "FAILURE"),
        ];
        let hours = per_hour(&rows, since, until);
        assert_eq!(hours.len(), 3);
        assert_eq!((hours[0].succeeded, hours[0].failed, hours[2].failed), (1, 0, 1));
    }
}
