//! Widths by priority (issue 19): at 80×24 and 120×40 the event type, IP and time of a log
//! line stay whole while the target and country give way; LAST LOGIN is never cut; the
//! less telling columns (status, factors) give room first.

use insta::assert_snapshot;
use oktui::app::msg::Msg;
use oktui::app::state::AppState;
use oktui::app::update::update;
use serde_json::json;

use crate::fixtures::{ch, screen, tail_generation, tail_raw, users_loaded, LOG_START_MS};

/// The long event types and addresses an org sends, each on its own line.
const EVENTS: [(&str, &str); 4] = [
    ("user.authentication.auth_via_mfa", "2001:db8:85a3::8a2e:370:7334"),
    ("policy.evaluate_sign_on", "203.0.113.254"),
    ("user.session.access_admin_app", "2001:db8::1"),
    ("security.threat.detected", "198.51.100.100"),
];

fn raw(i: usize, event_type: &str, ip: &str) -> String {
    let published = chrono::DateTime::from_timestamp_millis(LOG_START_MS + 7_000 * i as i64).unwrap();
    json!({
        "uuid": format!("00000000-0000-4000-8000-{i:012}"),
        "published": published.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "eventType": event_type,
        "severity": "WARN",
        "actor": {"id": "00u1", "type": "User", "alternateId": "konstantinos.papadopoulos@acme.example"},
        "client": {"ipAddress": ip, "geographicalContext": {"country": "United States"}},
        "outcome": {"result": "FAILURE"},
        "target": [{"id": "0oa1", "type": "AppInstance", "displayName": "Okta Admin Console"}]
    })
    .to_string()
}

fn logs(width: u16, height: u16) -> AppState {
    let mut state = users_loaded(width, height, 3);
    let generation = tail_generation(&update(&mut state, ch('5')));
    tail_raw(&mut state, generation, EVENTS.iter().enumerate().map(|(i, (t, ip))| raw(i, t, ip)).collect());
    update(&mut state, Msg::Now(LOG_START_MS + 60_000));
    state
}

#[test]
fn event_type_ip_and_time_stay_whole_at_80_and_120_columns() {
    for (width, height) in [(80, 24), (120, 40)] {
        let state = logs(width, height);
        let text = screen(&state);
        for (i, (event_type, ip)) in EVENTS.iter().enumerate() {
            let line = text.lines().find(|l| l.contains(ip)).unwrap_or_else(|| panic!("{ip} cut:\n{text}"));
            assert!(line.contains(event_type), "{width}x{height}: {event_type} cut:\n{text}");
            let time = format!("12-01 12:00:{:02}", 7 * i);
            assert!(line.contains(&time), "{width}x{height}: {time} cut:\n{text}");
        }
        assert_snapshot!(format!("logs_long_types_and_ipv6_{width}x{height}"), text);
    }
}

#[test]
fn last_login_is_never_cut_and_status_gives_room_first() {
    for (width, height) in [(60, 20), (80, 24), (120, 40)] {
        let text = screen(&users_loaded(width, height, 40));
        assert!(text.contains("LAST LOGIN") && text.contains("2026-03-01 00:00"), "{width}x{height}:\n{text}");
    }
}
