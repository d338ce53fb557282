//! Issue 18: a Classic Engine org (`SimConfig::classic_engine`, `oktui sim serve
//! --classic-engine`) names pipeline `v1`: `doctor` says so, and `hunt --catalog` runs the
//! catalog's Classic expressions, listing each file with none, with why.

use std::collections::BTreeSet;
use std::path::PathBuf;

use oktui::sim::SimConfig;
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home};
use crate::seeded::strings;

/// The Classic expression of the test's own detection (its OIE one matches nothing).
const CLASSIC: &str = "eventType eq \"system.api_token.create\" and outcome.result eq \"SUCCESS\"";

/// A detection with both expressions, told apart by what they match.
fn both_engines() -> String {
    format!(
        "title: API token created (both engines)\nid: c1a551c0000000000000000000000001\n\
         description: A token was created.\nthreat:\n  Tactic: [Persistence]\n  Technique:\n    - T1078: Valid Accounts\n\
         detection:\n  okta_systemlog:\n    OIE: eventType eq \"never.sent\"\n    Classic: {CLASSIC}\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_classic_org_runs_the_catalogs_classic_expressions_and_lists_the_rest() {
    let classic = SimConfig { classic_engine: true, ..SimConfig::default() };
    let sim = start(SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..classic }).await;
    let (home, env) = (Home::new(), ssws_env(&sim));
    let doctor = oktui(&home, &["doctor"], &env).await;
    assert!(doctor.stdout.contains("✓ engine: Classic Engine (the org's pipeline v1)"), "{}", doctor.stdout);

    sim.state().requests.clear();
    let own = home.file("both_engines.yml", &both_engines(), 0o600);
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/okta-detections");
    let args = ["hunt", "--since", "9h", "--kind", "catalog", "--format", "json", "--catalog"];
    let args = [&args[..], &[own.to_str().unwrap(), "--catalog", shared.to_str().unwrap()]].concat();
    let run = oktui(&home, &args, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let catalog = &report["catalog"];
    assert_eq!(
        (catalog["engine"].as_str(), catalog["engine_from"].as_str()),
        (Some("Classic"), Some("the org's pipeline v1"))
    );
    let entries = catalog["entries"].as_array().unwrap();
    let run_files: Vec<&str> = entries.iter().map(|e| e["file"].as_str().unwrap()).collect();
    assert_eq!(run_files, ["both_engines.yml"], "the shared catalog has no Classic expression");
    assert_eq!((entries[0]["filter"].as_str(), entries[0]["status"].as_str()), (Some(CLASSIC), Some("matched")));
    let filters: BTreeSet<String> = (sim.state().requests.all().into_iter())
        .filter(|r| r.path() == "/api/v1/logs")
        .map(|r| r.param("filter").unwrap_or_default())
        .collect();
    assert_eq!(filters, BTreeSet::from([CLASSIC.to_string()]), "the Classic expression, and no other query");
    let found = report["findings"].as_array().unwrap();
    assert!(
        found.iter().any(|f| f["catalog"]["id"] == "c1a551c0000000000000000000000001"
            && strings(f, "users").contains("dana.whitfield@acme.example")),
        "{found:#?}"
    );

    let unusable = catalog["unusable"].as_array().unwrap();
    let why = |reason: &str| unusable.iter().filter(|u| u["reason"].as_str().unwrap().starts_with(reason)).count();
    assert_eq!(unusable.len(), 46, "every shared file is listed");
    assert_eq!(why("no okta_systemlog filter for Classic (only OIE"), 37, "{unusable:#?}");
    assert_eq!(why("only SPL"), 9, "{unusable:#?}");
    assert!(
        run.stderr.contains("new_api_token_created.yml not run: no okta_systemlog filter for Classic (only OIE)"),
        "{}",
        run.stderr
    );
}
