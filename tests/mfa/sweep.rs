//! A full sweep: its answer, 403s, 404s, cancel and resume, a corrupt cache.

use std::collections::BTreeMap;
use std::time::Duration;

use oktui::mfa::{self, CacheStore, How, MfaClass, Phase, Progress, RefreshMode, Scope, SweepRecord};
use oktui::sim::{RateLimitConfig, SimConfig};

use crate::common::{small_config, start};
use crate::truth::{client, count, ids_in, truth};

fn classes(record: &SweepRecord) -> BTreeMap<String, &'static str> {
    record.users.iter().map(|u| (u.id.clone(), u.class.map_or("pending", MfaClass::as_str))).collect()
}

#[tokio::test]
async fn the_answer_is_the_directorys() {
    let sim = start(small_config(300)).await;
    let truth = truth(&sim);
    let mut last = None;
    let mut report = |p: &Progress| last = Some(p.clone());
    let out = mfa::run(&client(&sim), None, &Scope::All, RefreshMode::Full, &mut report).await.unwrap();
    assert_eq!(out.how, How::Swept);
    let expected: BTreeMap<String, &str> = truth.iter().map(|(id, t)| (id.clone(), t.class)).collect();
    assert_eq!(classes(&out.record), expected);
    for u in &out.record.users {
        assert_eq!(u.admin, Some(truth[&u.id].admin), "{}", u.login);
        assert!(u.fetched_at.is_some());
    }
    assert!(!ids_in(&truth, "none").is_empty() && !ids_in(&truth, "weak_only").is_empty());
    assert!(out.record.users.iter().any(|u| u.admin == Some(true) && u.class == Some(MfaClass::None)), "chris.doyle");
    assert_eq!(count(&sim, "/factors"), truth.len(), "one factor read per user who can sign in");
    assert_eq!(count(&sim, "/roles"), 0, "admins come from one list, not per-user roles");
    let last = last.unwrap();
    assert_eq!((last.phase, last.done, last.total), (Phase::Done, truth.len(), truth.len()));
}

#[tokio::test]
async fn forbidden_factors_are_unknown_and_deleted_users_are_counted() {
    let sim = start(small_config(120)).await;
    let truth = truth(&sim);
    let none = ids_in(&truth, "none");
    let strong = ids_in(&truth, "strong");
    let denied: Vec<&str> = none.iter().take(2).chain(strong.iter().take(2)).map(String::as_str).collect();
    sim.state().deny_factors(denied.iter().copied());
    let doomed = strong[3].clone();
    let state = sim.state().clone();
    let mut report = |p: &Progress| {
        // Between the listing and the factor reads, one listed user is deleted.
        if p.phase == Phase::Admins {
            state.org_mut().users.retain(|u| u.id != doomed);
        }
    };
    let out = mfa::run(&client(&sim), None, &Scope::All, RefreshMode::Full, &mut report).await.unwrap();
    let got = classes(&out.record);
    for id in &denied {
        assert_eq!(got[*id], "unknown", "403 is unknown, never none");
    }
    assert_eq!(out.record.deleted, 1);
    assert!(!got.contains_key(&doomed));
    assert_eq!(out.record.count(MfaClass::Unknown), 4);
    assert_eq!(out.record.count(MfaClass::None), none.len() - 2);
    let rows = mfa::report::gap_rows(&out.record, false);
    assert_eq!(rows.iter().filter(|u| u.class == Some(MfaClass::Unknown)).count(), 4, "unknown users are listed");
    assert_eq!(rows.iter().filter(|u| u.class == Some(MfaClass::None)).count(), none.len() - 2);
}

#[tokio::test]
async fn a_cancelled_sweep_resumes_where_it_stopped() {
    // 60 factor reads per 2-second window: about 7 s for the whole org, cut at 3.5 s.
    let rate_limits =
        RateLimitConfig { window_secs: 2, overrides: vec![("users_id".into(), 60)], ..RateLimitConfig::default() };
    let sim = start(SimConfig { rate_limits, ..small_config(220) }).await;
    let truth = truth(&sim);
    let dir = tempfile::tempdir().unwrap();
    let store = CacheStore::new(dir.path(), "test", sim.url(), &Scope::All);
    let c = client(&sim);
    let mut quiet = |_: &Progress| {};
    let cancelled = tokio::time::timeout(
        Duration::from_millis(3500),
        mfa::run(&c, Some(&store), &Scope::All, RefreshMode::Full, &mut quiet),
    )
    .await;
    assert!(cancelled.is_err(), "the sweep is cut short");
    let saved = store.load().unwrap().expect("a checkpoint was saved");
    assert!(!saved.is_complete());
    let pending = saved.pending();
    assert!(pending > 0 && pending < truth.len(), "{pending} of {} left", truth.len());
    let reads_before = count(&sim, "/factors");
    let out = mfa::run(&c, Some(&store), &Scope::All, RefreshMode::Full, &mut quiet).await.unwrap();
    assert_eq!(out.how, How::Resumed);
    let expected: BTreeMap<String, &str> = truth.iter().map(|(id, t)| (id.clone(), t.class)).collect();
    assert_eq!(classes(&out.record), expected);
    assert_eq!(count(&sim, "/factors") - reads_before, pending, "only what the checkpoint lacked is read again");
    assert_eq!(out.record.started_at, saved.started_at);
    assert!(store.load().unwrap().unwrap().is_complete());
}

#[tokio::test]
async fn a_corrupt_cache_is_ignored_with_a_warning_and_rebuilt() {
    let sim = start(small_config(60)).await;
    let dir = tempfile::tempdir().unwrap();
    let store = CacheStore::new(dir.path(), "test", sim.url(), &Scope::All);
    std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
    std::fs::write(store.path(), "{\"format\":1,\"users\":[{\"id\":").unwrap();
    let mut quiet = |_: &Progress| {};
    let out = mfa::run(&client(&sim), Some(&store), &Scope::All, RefreshMode::Incremental, &mut quiet).await.unwrap();
    assert_eq!(out.how, How::Swept);
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].contains("corrupt") && out.warnings[0].contains("rebuilt"), "{}", out.warnings[0]);
    assert_eq!(out.record.users.len(), truth(&sim).len());
    assert_eq!(store.load().unwrap().unwrap(), out.record);
}

#[tokio::test]
async fn a_group_or_a_search_narrows_the_sweep() {
    let sim = start(small_config(150)).await;
    let truth = truth(&sim);
    let (group_name, members) = {
        let org = sim.state().org();
        let g = org.groups.iter().find(|g| g.name == "Admins").unwrap();
        (g.name.clone(), g.member_ids.clone())
    };
    let mut quiet = |_: &Progress| {};
    let c = client(&sim);
    let out = mfa::run(&c, None, &Scope::Group(group_name), RefreshMode::Full, &mut quiet).await.unwrap();
    let expected: Vec<&String> = members.iter().filter(|m| truth.contains_key(*m)).collect();
    let mut got: Vec<&String> = out.record.users.iter().map(|u| &u.id).collect();
    got.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(got, expected);
    assert!(out.record.users.iter().all(|u| u.admin == Some(true)));
    let search = Scope::Search(r#"status eq "LOCKED_OUT""#.into());
    let out = mfa::run(&c, None, &search, RefreshMode::Full, &mut quiet).await.unwrap();
    assert!(!out.record.users.is_empty() && out.record.users.iter().all(|u| u.status == "LOCKED_OUT"));
    let missing = mfa::run(&c, None, &Scope::Group("No Such Group".into()), RefreshMode::Full, &mut quiet).await;
    assert!(missing.unwrap_err().to_string().contains("no group is named 'No Such Group'"));
}
