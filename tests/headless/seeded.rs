//! The attacks the simulated org seeds, as a hunt must find them: shared by the hunt tests
//! and the scale test (its own binary).

use std::collections::BTreeSet;

use serde_json::Value;

fn login(local: &str) -> String {
    format!("{local}@acme.example")
}

/// (kind, user that must be among its users, IP that must be among its IPs) for each seeded attack.
pub fn expected_findings() -> Vec<(&'static str, Option<String>, Option<&'static str>)> {
    vec![
        ("password_spray", None, Some("203.0.113.77")),
        ("success_after_failures", None, Some("203.0.113.77")),
        ("threat_detected", None, Some("192.0.2.231")),
        ("brute_force", Some(login("priya.raman")), Some("198.51.100.23")),
        ("lockout", Some(login("priya.raman")), None),
        ("mfa_fatigue", Some(login("marcus.oyelaran")), Some("203.0.113.140")),
        ("suspicious_country", Some(login("alex.novak")), Some("198.51.100.88")),
        ("impossible_travel", Some(login("elena.sokolova")), Some("203.0.113.201")),
        ("privilege_grant", Some(login("jordan.mbeki")), None),
        ("admin_console_access", Some(login("jordan.mbeki")), None),
        ("session_anomaly", Some(login("sam.calder")), Some("198.51.100.199")),
    ]
}

/// The strings of a finding's array field (`users`, `ips`).
pub fn strings(finding: &Value, key: &str) -> BTreeSet<String> {
    finding[key]
        .as_array()
        .map_or_else(BTreeSet::new, |a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

/// Fails naming the first seeded attack that no finding of a hunt's report reports.
pub fn assert_every_seeded_attack_found(findings: &[Value]) {
    for (kind, user, ip) in expected_findings() {
        let found = findings.iter().any(|f| {
            f["kind"] == kind
                && user.as_ref().is_none_or(|u| strings(f, "users").contains(u))
                && ip.is_none_or(|ip| strings(f, "ips").contains(ip))
        });
        assert!(found, "no {kind} finding for {user:?} / {ip:?}: {findings:#?}");
    }
}
