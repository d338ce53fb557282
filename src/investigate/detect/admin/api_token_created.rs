//! `api_token_created`: an SSWS API token created (`system.api_token.create`), a way to
//! keep access; `high` when it may be used from any network.

use super::actor_name;
use crate::investigate::detect::common::{did_not_fail, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per token created.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    signals
        .rows(Family::ApiToken)
        .iter()
        .filter(|r| did_not_fail(signals.event(**r)))
        .map(|&row| {
            let event = signals.event(row);
            let token = event.targets_of_type("Token").find_map(|t| t.display_name()).map(shown);
            let anywhere = event.network_connection().is_some_and(|n| n.eq_ignore_ascii_case("ANYWHERE"));
            let actor = actor_name(event);
            let summary = format!(
                "{} created the API token {} from {}{}",
                actor.clone().unwrap_or_else(|| "someone".into()),
                token.map(|t| format!("\"{t}\"")).unwrap_or_else(|| "(unnamed)".into()),
                place(event),
                if anywhere { ", usable from any network" } else { "" }
            );
            let severity = if anywhere { FindingSeverity::High } else { FindingSeverity::Medium };
            let mut evidence = Evidence::default();
            evidence.add(event);
            evidence.finding(FindingKind::ApiTokenCreated, severity, 0.8, summary, actor)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    #[test]
    fn a_created_token_fires_a_failed_one_does_not() {
        let token = |result: &str| -> LogEvent {
            serde_json::from_value(
                json!({"uuid": "t", "eventType": "system.api_token.create", "outcome": {"result": result},
                "actor": {"alternateId": "dana@x"}, "target": [{"type": "Token", "displayName": "backup"}],
                "debugContext": {"debugData": {"networkConnection": "ANYWHERE"}}}),
            )
            .unwrap()
        };
        let run = |e: LogEvent| detect(&Signals::new(&[e]), &Directory::default(), &DetectionConfig::default());
        let f = run(token("SUCCESS"));
        assert_eq!(f[0].severity, FindingSeverity::High);
        assert!(f[0].summary.starts_with("dana@x created the API token \"backup\""), "{}", f[0].summary);
        assert!(run(token("FAILURE")).is_empty());
    }
}
