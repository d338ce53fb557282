//! `proxy_sign_in`: sign-ins (`user.session.start`, any outcome) through an anonymising
//! proxy, VPN or Tor (`securityContext.isProxy`, anonymous IP service categories or
//! `debugData.tunnels`), grouped by address.

use std::collections::{BTreeMap, BTreeSet};

use crate::investigate::detect::common::{counted, is_success, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{EventRow, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per proxy address: `medium` when a sign-in through it succeeded, else `low`.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut by_ip: BTreeMap<&str, Vec<EventRow>> = BTreeMap::new();
    for sign_in in signals.starts().iter().filter(|s| s.proxy) {
        let ip = sign_in.ip.map_or("", |ip| signals.names().ips.text(ip));
        by_ip.entry(ip).or_default().push(sign_in.row);
    }
    by_ip
        .into_values()
        .map(|rows| {
            let first = signals.event(rows[0]);
            let mut evidence = Evidence::default();
            let (mut ok, mut failed) = (BTreeSet::new(), 0usize);
            let mut users = BTreeSet::new();
            for &row in &rows {
                let event = signals.event(row);
                evidence.add(event);
                let login = event.actor_login().map(login_shown);
                if is_success(event) {
                    ok.extend(login.clone());
                } else {
                    failed += 1;
                }
                users.extend(login);
            }
            let network = first.network_name().map(|n| format!(" ({})", shown(n))).unwrap_or_default();
            let mut parts = Vec::new();
            if !ok.is_empty() {
                parts.push(format!("successful for {}", ok.iter().cloned().collect::<Vec<_>>().join(", ")));
            }
            if failed > 0 {
                parts.push(counted(failed, "failure", "failures"));
            }
            let summary = format!(
                "{} through an anonymising proxy at {}{}: {}",
                counted(rows.len(), "sign-in", "sign-ins"),
                place(first),
                network,
                parts.join(", ")
            );
            let (severity, confidence) =
                if ok.is_empty() { (FindingSeverity::Low, 0.6) } else { (FindingSeverity::Medium, 0.8) };
            evidence.finding(FindingKind::ProxySignIn, severity, confidence, summary, users)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn sign_in(result: &str, security: serde_json::Value) -> LogEvent {
        serde_json::from_value(json!({"uuid": result, "eventType": "user.session.start", "outcome": {"result": result},
            "actor": {"alternateId": "ana@x"}, "client": {"ipAddress": "203.0.113.77"}, "securityContext": security}))
        .unwrap()
    }

    #[test]
    fn proxies_fire_plain_sign_ins_do_not() {
        let tor = json!({"isProxy": true, "asOrg": "zwiebelfreunde e.v."});
        let findings = with_defaults(detect, &[sign_in("FAILURE", tor.clone()), sign_in("SUCCESS", tor)]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, FindingSeverity::Medium);
        assert!(findings[0].summary.contains("(zwiebelfreunde e.v.)"), "{}", findings[0].summary);
        let vpn =
            json!({"isProxy": false, "ipDetails": {"ipServiceCategories": [{"type": "VPN", "isAnonymous": true}]}});
        assert_eq!(with_defaults(detect, &[sign_in("FAILURE", vpn)])[0].severity, FindingSeverity::Low);
        assert!(with_defaults(
            detect,
            &[sign_in("SUCCESS", json!({"isProxy": false})), sign_in("SUCCESS", json!(null))]
        )
        .is_empty());
    }
}
