//! Incremental refresh from the System Log after factors change in the sim.

use std::collections::BTreeMap;

use oktui::mfa::{self, CacheStore, How, MfaClass, Progress, RefreshMode, Scope};

use crate::common::{small_config, start};
use crate::truth::{client, ids_in, truth};

#[tokio::test]
async fn after_ten_changes_a_refresh_costs_under_5_percent_and_is_right() {
    let sim = start(small_config(1000)).await;
    let dir = tempfile::tempdir().unwrap();
    let store = CacheStore::new(dir.path(), "test", sim.url(), &Scope::All);
    let c = client(&sim);
    let mut quiet = |_: &Progress| {};
    let full = mfa::run(&c, Some(&store), &Scope::All, RefreshMode::Incremental, &mut quiet).await.unwrap();
    assert_eq!(full.how, How::Swept);
    let full_requests = sim.state().requests.all().len();

    let before = truth(&sim);
    let (strong, none, weak) = (ids_in(&before, "strong"), ids_in(&before, "none"), ids_in(&before, "weak_only"));
    let state = sim.state();
    for id in &strong[..4] {
        assert!(state.reset_factors(id));
    }
    for id in &none[..3] {
        assert!(state.activate_factor(id, "webauthn").is_some());
    }
    for id in &weak[..3] {
        assert!(state.activate_factor(id, "push").is_some());
    }
    let after = truth(&sim);
    let changed = before.iter().filter(|(id, t)| after[*id].class != t.class).count();
    assert_eq!(changed, 10);

    let refreshed = mfa::run(&c, Some(&store), &Scope::All, RefreshMode::Incremental, &mut quiet).await.unwrap();
    assert_eq!(refreshed.how, How::Refreshed);
    let refresh_requests = sim.state().requests.all().len() - full_requests;
    let share = refresh_requests as f64 * 100.0 / full_requests as f64;
    println!("refresh after 10 changes: {refresh_requests} requests, the full sweep {full_requests} ({share:.1}%)");
    assert!(
        refresh_requests * 20 <= full_requests,
        "the refresh sent {refresh_requests} requests, the full sweep {full_requests}"
    );
    let got: BTreeMap<String, &str> =
        refreshed.record.users.iter().map(|u| (u.id.clone(), u.class.map_or("pending", MfaClass::as_str))).collect();
    let expected: BTreeMap<String, &str> = after.iter().map(|(id, t)| (id.clone(), t.class)).collect();
    assert_eq!(got, expected);
    // Unchanged answers keep their fetch time; changed ones are newer.
    let old: BTreeMap<&str, _> = full.record.users.iter().map(|u| (u.id.as_str(), u.fetched_at)).collect();
    let newer = refreshed.record.users.iter().filter(|u| u.fetched_at > old[u.id.as_str()]).count();
    assert!((10..=30).contains(&newer), "{newer} answers re-read");
    assert_eq!(store.load().unwrap().unwrap(), refreshed.record);
}
