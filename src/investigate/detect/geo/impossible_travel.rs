//! `impossible_travel`: two consecutive successful sign-ins of one user whose distance
//! (haversine, at least `impossible_travel_min_km`) over the time between them exceeds
//! `impossible_travel_kmh`. Sign-ins through an anonymising proxy are left out: their
//! location is the proxy's.

use rustc_hash::FxHashMap;

use super::{distance_km, successes};
use crate::investigate::detect::common::{login_shown, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::SignIn;
use crate::investigate::interner::Id;
use crate::investigate::signals::Signals;
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// A dated sign-in and its coordinates.
type Located<'s> = (&'s SignIn, i64, (f64, f64));

/// One finding per impossible pair; confidence rises when Okta's own Velocity verdict or a
/// new device agrees.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut by_login: FxHashMap<Id, Vec<Located>> = FxHashMap::default();
    for sign_in in successes(signals) {
        let (Some(at), Some(login), Some(at_place)) = (sign_in.row.at, sign_in.login, sign_in.geo) else { continue };
        if !sign_in.proxy {
            by_login.entry(login).or_default().push((sign_in, at, at_place));
        }
    }
    let mut findings = Vec::new();
    for (login, rows) in by_login {
        for pair in rows.windows(2) {
            let ((a, a_at, a_geo), (b, b_at, b_geo)) = (pair[0], pair[1]);
            let km = distance_km(a_geo, b_geo);
            if km < config.impossible_travel_min_km {
                continue;
            }
            let hours = (b_at - a_at) as f64 / 3_600_000.0;
            let kmh = if hours > 0.0 { km / hours } else { f64::INFINITY };
            if kmh <= config.impossible_travel_kmh {
                continue;
            }
            let (first, second) = (signals.event(a.row), signals.event(b.row));
            let flags = b.behaviors;
            let login = signals.names().logins.text(login);
            let mut evidence = Evidence::default();
            evidence.add(first);
            evidence.add(second);
            let speed = if kmh.is_finite() { format!("{:.0} km/h", kmh) } else { "at the same moment".to_string() };
            let summary = format!(
                "{} signed in from {}, then from {} {} later: {:.0} km, {}{}",
                login_shown(login),
                place(first),
                place(second),
                span_words(b_at - a_at).trim_start_matches("in "),
                km,
                speed,
                if flags.velocity { " (Okta's Velocity verdict agrees)" } else { "" }
            );
            let confidence = 0.65 + if flags.velocity { 0.2 } else { 0.0 } + if flags.new_device { 0.1 } else { 0.0 };
            findings.push(
                evidence
                    .finding(
                        FindingKind::ImpossibleTravel,
                        FindingSeverity::High,
                        confidence,
                        summary,
                        [login_shown(login)],
                    )
                    .proposing(
                        ProposedAction::ClearSessions,
                        "one of the two sign-ins cannot be the user: end their sessions and confirm with them",
                    ),
            );
        }
    }
    findings.sort_by_key(|f| f.first_seen);
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn sign_in(minute: i64, lat: f64, lon: f64, proxy: bool) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("s{minute}"), "eventType": "user.session.start",
            "published": format!("2026-11-30T1{}:{:02}:00Z", minute / 60, minute % 60), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "elena@x"}, "securityContext": {"isProxy": proxy},
            "client": {"geographicalContext": {"geolocation": {"lat": lat, "lon": lon}}}}))
        .unwrap()
    }

    #[test]
    fn new_york_then_singapore_forty_minutes_later_fires() {
        let findings = with_defaults(detect, &[sign_in(0, 40.75, -73.99, false), sign_in(40, 1.29, 103.85, false)]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].proposed_action, ProposedAction::ClearSessions);
        assert_eq!(findings[0].evidence, ["s0", "s40"]);
    }

    #[test]
    fn the_speed_and_distance_guards_hold_at_their_boundaries() {
        // About 1,000 km apart (9 degrees of latitude).
        let far = |minutes| with_defaults(detect, &[sign_in(0, 0.5, 10.0, false), sign_in(minutes, 9.5, 10.0, false)]);
        assert_eq!(far(60).len(), 1, "1,000 km in 1 h");
        assert!(far(70).is_empty(), "1,000 km in 70 min is under 900 km/h");
        assert!(
            with_defaults(detect, &[sign_in(0, 10.0, 10.0, false), sign_in(1, 13.0, 10.0, false)]).is_empty(),
            "333 km: noise"
        );
        assert!(
            with_defaults(detect, &[sign_in(0, 40.75, -73.99, false), sign_in(40, 1.29, 103.85, true)]).is_empty(),
            "a proxy"
        );
        assert!(
            with_defaults(detect, &[sign_in(0, 0.0, 0.0, false), sign_in(40, 1.29, 103.85, false)]).is_empty(),
            "a placeholder"
        );
    }
}
