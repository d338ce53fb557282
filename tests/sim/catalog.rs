//! Okta's Security Detection Catalog (`../shared/okta-detections`) against the simulated
//! org: every file parsed (what runs, what cannot and why); every filter sent to the sim's
//! System Log and answered as Okta answers it (two use what Okta's filter language lacks:
//! `in [...]` and an array index in a path, refused with 400 `E0000053`); and the catalog
//! scenarios make their detections' filters match, while the org's ordinary traffic matches
//! none of them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{Duration, TimeZone, Utc};
use oktui::catalog::{Catalog, Engine};
use oktui::sim::ids::okta_time;
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;
use rand::SeedableRng;
use serde_json::Value;

use crate::common::{get, small_config, ssws, start};

fn shared_catalog() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/okta-detections")
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The catalog files whose only detection is an SPL aggregation.
const SPL_ONLY: [&str; 9] = [
    "authentication_policy_mfa_downgrade.yml",
    "device_enrolled_with_nonstandard_hostname.yml",
    "device_registered_to_multiple_users.yml",
    "mismatch_between_source_and_response_okta_verify_push.yml",
    "multiple_failed_requests_to_access_okta_applications.yml",
    "phone_number_registered_to_multiple_users.yml",
    "rapid_application_access.yml",
    "suspicious_mfa_abandonment.yml",
    "suspicious_use_of_an_Okta_Session_Cookie.yml",
];

/// The filters Okta refuses, by file: `eventType in [...]` (no `in`, no brackets in Okta's
/// SCIM filters) and `target.0.displayName` (an attribute name starts with a letter).
const REFUSED: [&str; 2] =
    ["api_token_excessive_network_access.yml", "protected_action_super_admin_password_reset.yml"];

#[test]
fn every_catalog_file_is_parsed_and_what_cannot_run_says_why() {
    let catalog = Catalog::load(&[shared_catalog()], Engine::Oie).unwrap();
    assert_eq!(catalog.entries.len() + catalog.unusable.len(), 46, "34 detections and 12 hunts");
    assert_eq!(catalog.detections().count(), 25);
    assert_eq!(catalog.entries.len(), 37, "25 filter detections and 12 hunts");
    let unusable: BTreeSet<String> =
        catalog.unusable.iter().map(|u| u.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(unusable, SPL_ONLY.iter().map(|s| s.to_string()).collect());
    assert!(catalog.unusable.iter().all(|u| u.reason.starts_with("only SPL")), "{:#?}", catalog.unusable);
    let classic = Catalog::load(&[shared_catalog()], Engine::Classic).unwrap();
    assert!(classic.entries.is_empty(), "the catalog gives OIE expressions only");
    let other: Vec<_> = classic.unusable.iter().filter(|u| !u.reason.starts_with("only SPL")).collect();
    assert_eq!(other.len(), 37);
    assert!(other.iter().all(|u| u.reason.starts_with("no okta_systemlog filter for Classic (only OIE")), "{other:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_catalog_filter_is_answered_by_the_sim_as_okta_would() {
    let sim = start(small_config(30)).await;
    let catalog = Catalog::load(&[shared_catalog()], Engine::Oie).unwrap();
    let (since, until) = (Utc::now() - Duration::hours(1), Utc::now());
    let mut refused = BTreeSet::new();
    for entry in &catalog.entries {
        let url = format!(
            "{}/api/v1/logs?since={}&until={}&limit=1000&filter={}",
            sim.url(),
            enc(&okta_time(since)),
            enc(&okta_time(until)),
            enc(&entry.filter)
        );
        let (status, _, body) = get(&url, &ssws(&sim)).await;
        match status {
            200 => assert!(body.is_array(), "{}: {body}", entry.file),
            400 => {
                assert_eq!(body["errorCode"], "E0000053", "{}: {body}", entry.file);
                refused.insert(entry.file.clone());
            }
            other => panic!("{}: {other} {body}", entry.file),
        }
    }
    assert_eq!(refused, REFUSED.iter().map(|s| s.to_string()).collect());
}

/// The catalog detections the catalog scenarios make fire (file names).
const FIRED_BY_CATALOG_SCENARIOS: [&str; 15] = [
    "log_stream_tampering.yml",
    "new_idp_created.yml",
    "new_ad_agent_created.yml",
    "new_api_token_created.yml",
    "oauth_client_secret_read.yml",
    "protected_action_settings_update.yml",
    "opa_password_changed_oob.yml",
    "user_denied_access_due_to_session_binding.yml",
    "user_reported_suspicious_activity.yml",
    "itp_suspected_session_hijacking.yml",
    "itp_brute_force.yml",
    "itp_user_risk_changed_to_high.yml",
    "itp_okta_threat_intel_detection.yml",
    "oauth_mismatched_redirect_uri.yml",
    "access_to_admin_console_denied.yml",
];

#[test]
fn catalog_scenarios_fire_their_detections_and_ordinary_traffic_none_of_them() {
    let catalog = Catalog::load(&[shared_catalog()], Engine::Oie).unwrap();
    let filters: Vec<(String, oktui::sim::scim::Filter)> = catalog
        .entries
        .iter()
        .filter_map(|e| Some((e.file.clone(), oktui::sim::scim::parse(&e.filter).ok()?)))
        .collect();
    let fired = |events: &[Value]| -> BTreeSet<String> {
        filters.iter().filter(|(_, f)| events.iter().any(|e| f.matches(e))).map(|(file, _)| file.clone()).collect()
    };
    let end = Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap();
    for (seed, users) in [(7u64, 80usize), (19, 160)] {
        let org = generate(seed, users, end);
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let scenario = oktui::sim::logs::catalog_scenarios::all(&mut rng, &org, end);
        let expected: BTreeSet<String> = FIRED_BY_CATALOG_SCENARIOS.iter().map(|s| s.to_string()).collect();
        let by_scenarios = fired(&scenario);
        assert!(expected.is_subset(&by_scenarios), "seed {seed}: missing {:?}", expected.difference(&by_scenarios));
        assert!(expected.len() >= 10);
        let day = LogGenerator::new(seed).backfill(&org, end - Duration::hours(24), end, 250.0);
        let cut = okta_time(end - Duration::hours(7));
        let ordinary: Vec<Value> =
            day.iter().filter(|e| e["published"].as_str().is_some_and(|p| p < cut.as_str())).cloned().collect();
        assert!(ordinary.len() > 3000);
        let by_ordinary = fired(&ordinary);
        assert!(by_ordinary.is_empty(), "seed {seed}: ordinary traffic matches no catalog entry: {by_ordinary:?}");
    }
}
