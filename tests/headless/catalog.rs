//! `oktui hunt --catalog`: Okta's detection catalog (`../shared/okta-detections`) run against
//! a simulated org with its catalog scenarios: one filtered System Log query per filter
//! detection and hunt (nothing else read of the log with `--kind catalog`), the findings of
//! kind `catalog` with the detection's id, title, tactics, techniques, evidence, users and
//! IPs, the two filters Okta refuses shown with its error, and the SPL-only files listed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use oktui::sim::SimConfig;
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home};
use crate::seeded::strings;

fn catalog_dir() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/okta-detections").display().to_string()
}

/// Eight hours of history: every seeded attack, the catalog's among them.
fn org() -> SimConfig {
    SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }
}

/// (catalog id, user among its finding's users, IP among its IPs) of the detections the
/// catalog scenarios make fire.
const FIRED: [(&str, Option<&str>, Option<&str>); 10] = [
    ("6595e64287a21e6e7f63f0ab037a4401", Some("dana.whitfield"), Some("203.0.113.45")), // log stream tampering
    ("5081584907f1037ac2e423866b55c433", Some("dana.whitfield"), Some("203.0.113.45")), // new IdP
    ("ca0a00420e4f4c2bb078ee6491484994", Some("dana.whitfield"), Some("203.0.113.45")), // new AD agent
    ("f0d9c641e55c89527c263090ed2ea0c8", Some("dana.whitfield"), Some("203.0.113.45")), // new API token
    ("b1a96930c12ac5f3189269680bcc55ac", Some("dana.whitfield"), Some("203.0.113.45")), // client secret read
    ("49b9fc1fb5072b21bcb6ecc423128c3e", Some("dana.whitfield"), Some("203.0.113.45")), // protected actions
    ("1fae6f177a9b8ab64d8d31781ae5926f", None, Some("198.51.100.61")),                  // session binding
    ("31a02247b01948672a948400380f9568", Some("marcus.oyelaran"), None),                // ITP hijack
    ("8a26f484504f6444804ec0095ee389cb", Some("marcus.oyelaran"), None),                // ITP push bombing
    ("e6e88bfdbc27a65cddf1225c9ff0fb12", None, Some("198.51.100.61")),                  // admin console denied
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hunt_kind_catalog_runs_each_filter_as_one_query_and_reports_its_findings() {
    let sim = start(org()).await;
    sim.state().requests.clear();
    let dir = catalog_dir();
    let args = ["hunt", "--since", "9h", "--kind", "catalog", "--catalog", &dir, "--format", "json"];
    let run = oktui(&Home::new(), &args, &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let catalog = &report["catalog"];
    assert_eq!(catalog["engine"], "OIE");
    assert!(catalog["engine_from"].as_str().unwrap().contains("pipeline idx"), "{}", catalog["engine_from"]);
    let entries = catalog["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 37, "25 filter detections and 12 hunts run");
    assert_eq!(catalog["unusable"].as_array().unwrap().len(), 9, "the SPL-only detections listed");
    let refused: BTreeSet<&str> =
        entries.iter().filter(|e| e["status"] == "refused").map(|e| e["file"].as_str().unwrap()).collect();
    assert_eq!(
        refused,
        BTreeSet::from(["api_token_excessive_network_access.yml", "protected_action_super_admin_password_reset.yml"])
    );
    assert!(entries.iter().filter(|e| e["status"] == "refused").all(|e| e["error_code"] == "E0000053"));
    assert!(entries.iter().all(|e| e["status"] != "failed"), "{entries:#?}");
    for warned in &refused {
        assert!(run.stderr.contains(warned) && run.stderr.contains("E0000053"), "{}", run.stderr);
    }
    assert!(run.stderr.contains("rapid_application_access.yml not run: only SPL"), "{}", run.stderr);

    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["kind"] == "catalog"), "--kind catalog keeps only catalog findings");
    for (id, user, ip) in FIRED {
        let user = user.map(|u| format!("{u}@acme.example"));
        let found = findings.iter().find(|f| {
            f["catalog"]["id"] == id
                && user.as_ref().is_none_or(|u| strings(f, "users").contains(u))
                && ip.is_none_or(|ip| strings(f, "ips").contains(ip))
        });
        let f = found.unwrap_or_else(|| panic!("no catalog finding {id} for {user:?} / {ip:?}: {findings:#?}"));
        for key in ["title", "tactics", "techniques", "description", "false_positives", "matched", "filter"] {
            assert!(f["catalog"].get(key).is_some(), "{key} in {f}");
        }
        assert!(!f["evidence"].as_array().unwrap().is_empty());
        assert!(["medium", "low"].contains(&f["severity"].as_str().unwrap()));
    }

    let logs: Vec<_> = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect();
    let filters: Vec<String> = logs.iter().map(|r| r.param("filter").unwrap_or_default()).collect();
    let sent: BTreeSet<&str> = filters.iter().map(String::as_str).collect();
    let expected: BTreeSet<&str> = entries.iter().map(|e| e["filter"].as_str().unwrap()).collect();
    assert_eq!(sent, expected, "one filtered query per entry, and no other read of the log");
    assert!(logs.iter().all(|r| r.param("since").is_some() && r.param("until").is_some()), "bounded queries");
}

/// What a catalog finding is: its detection, users, IPs, sessions and evidence.
fn catalog_essence(report: &Value) -> BTreeSet<String> {
    let findings = report["findings"].as_array().unwrap();
    let keys = ["users", "ips", "sessions", "evidence"];
    findings.iter().map(|f| format!("{} {:?}", f["catalog"]["id"], keys.map(|k| strings(f, k)))).collect()
}

/// Each entry's file, status, events matched and error code.
fn entry_outcomes(report: &Value) -> Vec<(String, String, u64, String)> {
    let entries = report["catalog"]["entries"].as_array().unwrap();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    entries
        .iter()
        .map(|e| (text(&e["file"]), text(&e["status"]), e["events"].as_u64().unwrap(), text(&e["error_code"])))
        .collect()
}

/// Issue 18: the catalog over an exported file of the org's events judges each filter here,
/// as Okta's filter language does: the same entries matched (the same findings, their
/// evidence and sessions) and the same two filters refused with Okta's E0000053.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_over_an_events_file_finds_what_it_finds_on_the_org() {
    use chrono::{SecondsFormat, Utc};
    let sim = start(org()).await;
    let (home, env, dir) = (Home::new(), ssws_env(&sim), catalog_dir());
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let now = Utc::now();
    let (since, until) = (stamp(now - chrono::Duration::hours(9)), stamp(now + chrono::Duration::minutes(1)));
    let window = ["--since", since.as_str(), "--until", until.as_str()];
    let export = oktui(&home, &[&["logs", "--format", "jsonl"][..], &window].concat(), &env).await;
    assert_eq!(export.code, 0, "{}", export.stderr);
    let file = home.file("org.jsonl", &export.stdout, 0o600);
    let hunt = ["hunt", "--kind", "catalog", "--catalog", &dir, "--format", "json"];
    let on_org = oktui(&home, &[&hunt[..], &window].concat(), &env).await;
    assert_eq!(on_org.code, 0, "{}", on_org.stderr);
    let on_org: Value = serde_json::from_str(&on_org.stdout).unwrap();
    let offline = [&hunt[..], &["--events", file.to_str().unwrap()], &window].concat();
    let on_file = oktui(&Home::new(), &offline, &[]).await;
    assert_eq!(on_file.code, 0, "{}", on_file.stderr);
    for refused in ["api_token_excessive_network_access.yml", "protected_action_super_admin_password_reset.yml"] {
        assert!(on_file.stderr.contains(refused) && on_file.stderr.contains("E0000053"), "{}", on_file.stderr);
    }
    let on_file: Value = serde_json::from_str(&on_file.stdout).unwrap();
    assert_eq!(on_file["catalog"]["engine_from"], "the default: an events file names no org's engine");
    assert_eq!(entry_outcomes(&on_file), entry_outcomes(&on_org), "each entry came to the same");
    let found = catalog_essence(&on_org);
    assert!(found.len() >= FIRED.len(), "{found:#?}");
    assert_eq!(catalog_essence(&on_file), found, "the same catalog findings");
    assert!(on_file["findings"].as_array().unwrap().iter().any(|f| !strings(f, "sessions").is_empty()));
}
