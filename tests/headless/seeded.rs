//! The attacks the simulated org seeds, as a hunt must find them: shared by the hunt tests
//! and the scale test (its own binary).

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
