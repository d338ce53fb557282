//! `rapid_app_access`: one user opening at least `rapid_app_access_min_apps` distinct apps
//! from the dashboard (`user.authentication.sso` `SUCCESS`, `debugData.initiationType`
//! `IDP_INITIATED`) within `rapid_app_access_window_mins`: someone with a fresh session
//! trying every app before it is taken away. Automation of a service account is the usual
//! innocent cause.

use std::collections::BTreeMap;

use super::app_of;
use crate::investigate::detect::common::{bursts, counted, is_success, login_shown, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per burst of a user's dashboard app launches.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut by_login: BTreeMap<String, Vec<(i64, &str, EventRow)>> = BTreeMap::new();
    for &row in signals.rows(Family::SessionUse) {
        let event = signals.event(row);
        let Some(at) = row.at else { continue };
        if event.event_type() != Some("user.authentication.sso") || !event.idp_initiated() || !is_success(event) {
            continue;
        }
        if let (Some(login), Some(app)) = (event.actor_login(), app_of(event)) {
            by_login.entry(login_shown(login)).or_default().push((at, app, row));
        }
    }
    let window = config.rapid_app_access_window_mins.saturating_mul(60_000);
    let mut findings = Vec::new();
    for (login, launches) in by_login {
        let keyed: Vec<(i64, &str)> = launches.iter().map(|l| (l.0, l.1)).collect();
        for range in bursts(&keyed, window, config.rapid_app_access_min_apps.max(2), true) {
            let part = &launches[range];
            let mut apps: Vec<&str> = part.iter().map(|l| l.1).collect();
            apps.sort_unstable();
            apps.dedup();
            let mut evidence = Evidence::default();
            part.iter().for_each(|l| evidence.add(signals.event(l.2)));
            let summary = format!(
                "{login} opened {} from the dashboard {} from {}",
                counted(apps.len(), "app", "apps"),
                span_words(part[part.len() - 1].0 - part[0].0),
                place(signals.event(part[0].2))
            );
            findings.push(evidence.finding(
                FindingKind::RapidAppAccess,
                FindingSeverity::Medium,
                0.6,
                summary,
                [login.clone()],
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn launch(second: u32, app: usize, initiation: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("s{second}-{app}"), "eventType": "user.authentication.sso",
            "published": format!("2026-11-30T10:00:{second:02}Z"), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "ron@x"}, "client": {"ipAddress": "198.51.100.7"},
            "debugContext": {"debugData": {"initiationType": initiation}},
            "target": [{"type": "AppInstance", "alternateId": format!("app{app}"), "displayName": "App"}]}))
        .unwrap()
    }

    fn run(events: &[LogEvent]) -> Vec<Finding> {
        detect(&Signals::new(events), &Directory::default(), &DetectionConfig::default())
    }

    #[test]
    fn ten_apps_in_a_minute_fire_nine_do_not() {
        let ten: Vec<LogEvent> = (0..10).map(|i| launch(i as u32 * 5, i, "IDP_INITIATED")).collect();
        let found = run(&ten);
        assert_eq!((found.len(), found[0].users.as_slice()), (1, &["ron@x".to_string()][..]));
        assert!(found[0].summary.starts_with("ron@x opened 10 apps"), "{}", found[0].summary);
        assert!(run(&ten[..9]).is_empty(), "nine apps");
        let again: Vec<LogEvent> = (0..10).map(|i| launch(i as u32 * 5, i % 3, "IDP_INITIATED")).collect();
        assert!(run(&again).is_empty(), "the same three apps again and again");
        let sp: Vec<LogEvent> = (0..10).map(|i| launch(i as u32 * 5, i, "SP_INITIATED")).collect();
        assert!(run(&sp).is_empty(), "opened by the apps, not the dashboard");
    }
}
