//! `session_anomaly`: one sign-in session (`authenticationContext.externalSessionId`, or the
//! `rootSessionId` its child sessions share) used from a second IP that also differs in ASN
//! or user agent, as a stolen session cookie replayed elsewhere would be; one device token
//! (`debugData.dtHash`, Okta's device cookie) used from a second IP by another user agent; sessions and sign-ins driven by a script (python-requests,
//! curl, …); and Okta's own signals of a stolen session or token (token reuse, client
//! roaming). Second-factor answers are left out: they come from the user's phone.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::investigate::detect::common::{counted, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::{SignIn, SignInOutcome};
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

const CLEAR: &str = "the session is in someone else's hands: end it so they must sign in again";

/// What ties a session's uses together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Session,
    Root,
    Device,
}

/// A replayed session's proposal: that session, then every other one.
const REVOKE: &str = "the session is in someone else's hands: revoke it, then clear the user's other sessions";

/// One session as it is followed: where it started, and its uses from elsewhere.
struct Track {
    home: SignIn,
    others: Vec<EventRow>,
    other_asn: bool,
    other_agent: bool,
    script: bool,
}

impl Track {
    fn new(home: SignIn) -> Track {
        Track { home, others: Vec::new(), other_asn: false, other_agent: false, script: false }
    }

    /// Notes a later use: kept when it comes from another IP that also differs in ASN or
    /// user agent (a device token: in user agent, since the same browser roams networks).
    fn used(&mut self, other: &SignIn, key: Key) {
        let (Some(ip), Some(ip2)) = (self.home.ip, other.ip) else { return };
        if ip == ip2 {
            return;
        }
        let asn_differs = matches!((self.home.asn, other.asn), (Some(a), Some(b)) if a != b);
        let agent_differs = matches!((self.home.agent, other.agent), (Some(a), Some(b)) if a != b);
        if agent_differs || (asn_differs && key != Key::Device) {
            self.other_asn |= asn_differs;
            self.other_agent |= agent_differs;
            self.script |= other.scripted;
            self.others.push(other.row);
        }
    }
}

/// Findings for replayed sessions, scripted sign-ins and Okta's theft signals, in one pass
/// over the session events.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut sessions: Vec<Option<Track>> = Vec::new();
    sessions.resize_with(signals.names().sessions.len(), || None);
    let mut roots: FxHashMap<&str, Track> = FxHashMap::default();
    let mut devices: FxHashMap<&str, Track> = FxHashMap::default();
    let mut scripted: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    for sign_in in signals.sign_ins().iter().filter(|s| s.outcome != SignInOutcome::Failure) {
        if let Some(id) = sign_in.session {
            match &mut sessions[id as usize] {
                Some(track) => track.used(sign_in, Key::Session),
                empty => *empty = Some(Track::new(*sign_in)),
            }
        }
        let event = signals.event(sign_in.row);
        for (key, id, tracks) in
            [(Key::Root, event.root_session_id(), &mut roots), (Key::Device, event.dt_hash(), &mut devices)]
        {
            let Some(id) = id else { continue };
            match tracks.get_mut(id) {
                Some(track) => track.used(sign_in, key),
                None => {
                    tracks.insert(id, Track::new(*sign_in));
                }
            }
        }
        if sign_in.scripted {
            if let Some(login) = signals.event(sign_in.row).actor_login() {
                scripted.entry(login_shown(login)).or_default().push(sign_in.row);
            }
        }
    }
    let mut findings = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    let mut by_key: Vec<(Key, &Track)> = sessions.iter().flatten().map(|t| (Key::Session, t)).collect();
    let mut rest: Vec<(Key, &Track)> =
        roots.values().map(|t| (Key::Root, t)).chain(devices.values().map(|t| (Key::Device, t))).collect();
    rest.sort_by_key(|(key, t)| (t.home.row.at.is_none(), t.home.row.at, t.home.row.index, *key as u8));
    by_key.extend(rest);
    for (key, track) in by_key.into_iter().filter(|(_, t)| !t.others.is_empty()) {
        if track.others.iter().all(|r| reported.contains(&r.index)) {
            continue;
        }
        if let Some(finding) = replayed(signals, track, key) {
            reported.extend(track.others.iter().map(|r| r.index));
            covered.extend(finding.users.iter().cloned());
            findings.push(finding);
        }
    }
    for (login, rows) in scripted.into_iter().filter(|(login, _)| !covered.contains(login)) {
        let mut evidence = Evidence::default();
        rows.iter().for_each(|r| evidence.add(signals.event(*r)));
        let first = signals.event(rows[0]);
        let summary = format!(
            "{} for {} came from a script ({}) at {}",
            counted(rows.len(), "sign-in event", "sign-in events"),
            login,
            shown(first.user_agent().unwrap_or("")),
            place(first)
        );
        findings.push(evidence.finding(FindingKind::SessionAnomaly, FindingSeverity::Medium, 0.6, summary, [login]));
    }
    findings.extend(theft_signals(signals));
    findings.sort_by_key(|f| f.first_seen);
    findings
}

/// The finding for a session used from a second place.
fn replayed(signals: &Signals, track: &Track, key: Key) -> Option<Finding> {
    let home = signals.event(track.home.row);
    let first_other = *track.others.first()?;
    let mut evidence = Evidence::default();
    evidence.add(home);
    track.others.iter().for_each(|r| evidence.add(signals.event(*r)));
    let login = home.actor_login().or_else(|| signals.event(first_other).actor_login())?;
    let mut what = Vec::new();
    if track.other_asn {
        what.push("another network");
    }
    if track.other_agent {
        what.push("another browser");
    }
    let what_was = match key {
        Key::Session => "session",
        Key::Root => "root session",
        Key::Device => "device token",
    };
    let summary = format!(
        "{}'s {what_was} from {} was used {} from {} ({}){}",
        login_shown(login),
        place(home),
        counted(track.others.len(), "time", "times"),
        place(signals.event(first_other)),
        what.join(", "),
        if track.script { ", also by a script" } else { "" }
    );
    let confidence = 0.65
        + if track.other_asn { 0.1 } else { 0.0 }
        + if track.other_agent { 0.1 } else { 0.0 }
        + if track.script { 0.1 } else { 0.0 };
    Some(
        evidence
            .finding(FindingKind::SessionAnomaly, FindingSeverity::High, confidence, summary, [login_shown(login)])
            .proposing(ProposedAction::RevokeSession, REVOKE),
    )
}

/// Okta's own verdicts: a refresh token reused, a session roaming to another client.
fn theft_signals(signals: &Signals) -> Vec<Finding> {
    let mut by_actor: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    for &row in signals.rows(Family::SessionTheft) {
        let event = signals.event(row);
        let who = event.actor_login().or(event.actor_display_name());
        by_actor.entry(who.map(login_shown).unwrap_or_default()).or_default().push(row);
    }
    by_actor
        .into_iter()
        .map(|(who, rows)| {
            let mut evidence = Evidence::default();
            rows.iter().for_each(|r| evidence.add(signals.event(*r)));
            let kinds: BTreeSet<&str> = rows.iter().filter_map(|r| signals.event(*r).event_type()).collect();
            let first = signals.event(rows[0]);
            let summary = format!(
                "Okta saw a stolen session or token ({}) for {} from {}",
                kinds.into_iter().collect::<Vec<_>>().join(", "),
                if who.is_empty() { "an unknown actor".to_string() } else { who.clone() },
                place(first)
            );
            let users: Vec<String> = (!who.is_empty()).then_some(who).into_iter().collect();
            evidence
                .finding(FindingKind::SessionAnomaly, FindingSeverity::Medium, 0.7, summary, users)
                .proposing(ProposedAction::ClearSessions, CLEAR)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn used(kind: &str, minute: i64, ip: &str, asn: i64, agent: &str, session: Option<&str>) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("{kind}-{minute}"), "eventType": kind,
            "published": format!("2026-11-30T10:{minute:02}:00Z"), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "sam@x"}, "authenticationContext": {"externalSessionId": session},
            "client": {"ipAddress": ip, "userAgent": {"rawUserAgent": agent}}, "securityContext": {"asNumber": asn}}))
        .unwrap()
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0";

    #[test]
    fn a_session_from_a_second_ip_and_network_fires() {
        let events = [
            used("user.session.start", 0, "192.0.2.10", 7922, CHROME, Some("idx1")),
            used("user.authentication.sso", 20, "198.51.100.199", 14061, FIREFOX, Some("idx1")),
        ];
        let findings = with_defaults(detect, &events);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].severity, findings[0].proposed_action),
            (FindingSeverity::High, ProposedAction::RevokeSession)
        );
        assert_eq!(findings[0].ips, ["192.0.2.10", "198.51.100.199"]);
        assert_eq!(findings[0].sessions, ["idx1"], "no root session: the session itself");
    }

    #[test]
    fn a_new_ip_alone_or_another_session_does_not_fire() {
        let roaming = [
            used("user.session.start", 0, "192.0.2.10", 7922, CHROME, Some("idx1")),
            used("user.authentication.sso", 20, "192.0.2.11", 7922, CHROME, Some("idx1")),
            used("user.authentication.sso", 21, "198.51.100.199", 14061, FIREFOX, Some("idx2")),
        ];
        assert!(with_defaults(detect, &roaming).is_empty());
    }

    #[allow(clippy::too_many_arguments)]
    fn linked(
        kind: &str,
        minute: i64,
        ip: &str,
        asn: i64,
        agent: &str,
        session: &str,
        root: &str,
        dt: &str,
    ) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("{kind}-{minute}"), "eventType": kind,
            "published": format!("2026-11-30T10:{minute:02}:00Z"), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "sam@x"},
            "authenticationContext": {"externalSessionId": session, "rootSessionId": root},
            "client": {"ipAddress": ip, "userAgent": {"rawUserAgent": agent}}, "securityContext": {"asNumber": asn},
            "debugContext": {"debugData": {"dtHash": dt}}}))
        .unwrap()
    }

    #[test]
    fn a_root_session_or_a_device_token_ties_a_replay_to_its_sign_in() {
        let home = linked("user.session.start", 0, "192.0.2.10", 7922, CHROME, "idxA", "rootA", "dtA");
        let child = linked("user.authentication.sso", 20, "198.51.100.199", 14061, FIREFOX, "idxB", "rootA", "dtB");
        let found = with_defaults(detect, &[home.clone(), child]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].summary.contains("'s root session from"), "{}", found[0].summary);
        assert_eq!((found[0].severity, found[0].ips.len()), (FindingSeverity::High, 2));
        assert_eq!(found[0].sessions, ["rootA"], "a session and its child count as their root");
        let token = linked("user.authentication.sso", 20, "198.51.100.199", 14061, FIREFOX, "idxB", "rootB", "dtA");
        let found = with_defaults(detect, &[home.clone(), token]);
        assert!(found[0].summary.contains("'s device token from"), "{}", found[0].summary);
        let roaming = linked("user.authentication.sso", 20, "198.51.100.199", 14061, CHROME, "idxB", "rootB", "dtA");
        assert!(with_defaults(detect, &[home.clone(), roaming]).is_empty(), "the same browser on another network");
        let both = linked("user.authentication.sso", 20, "198.51.100.199", 14061, FIREFOX, "idxA", "rootA", "dtA");
        assert_eq!(with_defaults(detect, &[home, both]).len(), 1, "one replay tied three ways is one finding");
    }

    #[test]
    fn a_scripted_sso_fires_alone_and_okta_theft_signals_fire() {
        let findings =
            with_defaults(detect, &[used("user.authentication.sso", 0, "1.2.3.4", 1, "python-requests/2.31.0", None)]);
        assert_eq!((findings.len(), findings[0].severity), (1, FindingSeverity::Medium));
        let reuse = with_defaults(detect, &[used("app.oauth2.token.detect_reuse", 0, "1.2.3.4", 1, CHROME, None)]);
        assert_eq!(reuse[0].proposed_action, ProposedAction::ClearSessions);
    }
}
