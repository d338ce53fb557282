//! `suspicious_country`: sign-ins from a country on the `suspicious_countries` list.

use std::collections::BTreeMap;

use crate::investigate::detect::common::{counted, is_success, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::interner::Id;
use crate::investigate::signals::{EventRow, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// One finding per login and country: `high` when a sign-in succeeded, `medium` for
/// failures only. Confidence rises when Okta also found the country new or the risk high.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    if config.suspicious_countries.is_empty() {
        return Vec::new();
    }
    let countries = &signals.names().countries;
    let suspicious: Vec<bool> =
        (0..countries.len() as Id).map(|c| config.is_suspicious_country(countries.text(c))).collect();
    let mut groups: BTreeMap<(String, String), Vec<EventRow>> = BTreeMap::new();
    for sign_in in signals.starts() {
        let (Some(_), Some(country)) = (sign_in.login, sign_in.country) else { continue };
        if !suspicious[country as usize] {
            continue;
        }
        let event = signals.event(sign_in.row);
        let (Some(login), Some(country)) = (event.actor_login(), event.country()) else { continue };
        groups.entry((login_shown(login), shown(country))).or_default().push(sign_in.row);
    }
    groups
        .into_iter()
        .map(|((login, _), rows)| {
            let mut evidence = Evidence::default();
            let (mut ok, mut failed, mut new_country, mut high_risk) = (0, 0, false, false);
            let mut shown_event = signals.event(rows[0]);
            for &row in &rows {
                let event = signals.event(row);
                evidence.add(event);
                if is_success(event) {
                    if ok == 0 {
                        shown_event = event;
                    }
                    ok += 1;
                    new_country |= event.behaviors().new_country;
                    high_risk |= event.risk_is_high();
                } else {
                    failed += 1;
                }
            }
            let mut what = Vec::new();
            if ok > 0 {
                what.push(counted(ok, "successful sign-in", "successful sign-ins"));
            }
            if failed > 0 {
                what.push(counted(failed, "failed sign-in", "failed sign-ins"));
            }
            let mut why = Vec::new();
            if new_country {
                why.push("a country new for them");
            }
            if high_risk {
                why.push("Okta rated the risk HIGH");
            }
            let summary = format!(
                "{} for {} from {}, a flagged country{}",
                what.join(" and "),
                login,
                place(shown_event),
                if why.is_empty() { String::new() } else { format!(" ({})", why.join("; ")) }
            );
            let severity = if ok > 0 { FindingSeverity::High } else { FindingSeverity::Medium };
            let confidence = 0.6 + if new_country { 0.15 } else { 0.0 } + if high_risk { 0.15 } else { 0.0 };
            let finding = evidence.finding(FindingKind::SuspiciousCountry, severity, confidence, summary, [login]);
            if ok > 0 && (new_country || high_risk) {
                finding.proposing(
                    ProposedAction::Suspend,
                    "signed in from a flagged country Okta found new or risky: suspend until the user confirms it was them",
                )
            } else {
                finding
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn sign_in(country: &str, result: &str, behaviors: &str) -> LogEvent {
        serde_json::from_value(
            json!({"uuid": "s", "eventType": "user.session.start", "published": "2026-11-30T10:00:00Z",
            "outcome": {"result": result}, "actor": {"alternateId": "alex@x"}, "client": {"ipAddress": "198.51.100.88",
            "geographicalContext": {"city": "Moscow", "country": country}},
            "debugContext": {"debugData": {"behaviors": behaviors, "risk": "{level=HIGH}"}}}),
        )
        .unwrap()
    }

    #[test]
    fn a_success_from_a_flagged_country_is_high_and_proposes_suspend() {
        let findings = with_defaults(detect, &[sign_in("Russia", "SUCCESS", "{New Country=POSITIVE}")]);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].severity, findings[0].proposed_action),
            (FindingSeverity::High, ProposedAction::Suspend)
        );
        assert!(findings[0].summary.contains("198.51.100.88 (Moscow, Russia)"), "{}", findings[0].summary);
        assert_eq!(with_defaults(detect, &[sign_in("russia", "FAILURE", "{}")])[0].severity, FindingSeverity::Medium);
        assert!(with_defaults(detect, &[sign_in("Germany", "SUCCESS", "{New Country=POSITIVE}")]).is_empty());
    }
}
