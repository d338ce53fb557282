//! `new_country`: a successful sign-in from a country new for the user, as Okta's `New
//! Country` behavior says, or as the window shows (earlier sign-ins only from elsewhere).
//! Proxy sign-ins do not count as a country of the user's.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::successes;
use crate::investigate::detect::common::{login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::interner::Id;
use crate::investigate::signals::{EventRow, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// A login's sign-ins from a new country, and whether Okta and the window say it is new.
type NewCountry = (Vec<EventRow>, bool, bool);

/// One finding per login and new country, citing its sign-ins from there.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut seen: FxHashMap<Id, FxHashSet<Id>> = FxHashMap::default();
    let mut flagged: FxHashMap<(Id, Id), NewCountry> = FxHashMap::default();
    for sign_in in successes(signals) {
        let (row, Some(login), Some(country)) = (sign_in.row, sign_in.login, sign_in.country) else { continue };
        let okta_says = sign_in.behaviors.new_country;
        let countries = seen.entry(login).or_default();
        let window_says = row.at.is_some() && !countries.is_empty() && !countries.contains(&country);
        if let Some(entry) = flagged.get_mut(&(login, country)) {
            entry.0.push(row);
        } else if okta_says || window_says {
            flagged.insert((login, country), (vec![row], okta_says, window_says));
        }
        if row.at.is_some() && !sign_in.proxy {
            countries.insert(country);
        }
    }
    let logins = &signals.names().logins;
    let flagged: BTreeMap<(String, String), NewCountry> = flagged
        .into_iter()
        .filter_map(|((login, _), v)| {
            // The country as the first sign-in from there spells it.
            let country = signals.event(*v.0.first()?).country()?;
            Some(((login_shown(logins.text(login)), shown(country)), v))
        })
        .collect();
    flagged
        .into_iter()
        .map(|((login, country), (rows, okta_says, window_says))| {
            let mut evidence = Evidence::default();
            rows.iter().for_each(|r| evidence.add(signals.event(*r)));
            let why = match (okta_says, window_says) {
                (true, true) => "Okta's New Country verdict and the earlier sign-ins agree",
                (true, false) => "Okta's New Country verdict",
                _ => "earlier sign-ins in the window came from elsewhere",
            };
            let summary = format!(
                "{login} signed in from {country} for the first time, from {} ({why})",
                place(signals.event(rows[0]))
            );
            let confidence = match (okta_says, window_says) {
                (true, true) => 0.8,
                (true, false) => 0.7,
                _ => 0.5,
            };
            evidence.finding(FindingKind::NewCountry, FindingSeverity::Medium, confidence, summary, [login])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn sign_in(minute: i64, country: &str, behaviors: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("s{minute}"), "eventType": "user.session.start",
            "published": format!("2026-11-30T10:{minute:02}:00Z"), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "ana@x"}, "client": {"geographicalContext": {"country": country}},
            "debugContext": {"debugData": {"behaviors": behaviors}}}))
        .unwrap()
    }

    #[test]
    fn okta_verdict_or_window_history_fire_habit_does_not() {
        assert_eq!(with_defaults(detect, &[sign_in(0, "Canada", "{New Country=POSITIVE}")]).len(), 1);
        let moved =
            with_defaults(detect, &[sign_in(0, "Canada", "{}"), sign_in(5, "Canada", "{}"), sign_in(9, "Peru", "{}")]);
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].evidence, ["s9"]);
        assert!(with_defaults(detect, &[sign_in(0, "Canada", "{New Country=NEGATIVE}"), sign_in(5, "Canada", "{}")])
            .is_empty());
    }
}
