//! Directory reads: Link paging, search and filter, sub-resources, errors, determinism.

use std::collections::HashSet;

use crate::common::{collect_pages, get, next_link, small_config, ssws, start};
use oktui::sim::SimConfig;
use serde_json::Value;

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn thousand_users_page_by_link_only() {
    let sim = start(small_config(1000)).await;
    let auth = ssws(&sim);
    // `search` includes DEPROVISIONED users, so it sees the whole directory.
    let url = format!("{}/api/v1/users?limit=200&search={}", sim.url(), enc("id sw \"00u\""));
    let (users, pages) = collect_pages(&url, &auth).await;
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(users.len(), 1000);
    assert_eq!(ids.len(), 1000);
    assert_eq!(pages, 5);

    // A plain list leaves DEPROVISIONED users out, and pages the same way.
    let (listed, _) = collect_pages(&format!("{}/api/v1/users?limit=200", sim.url()), &auth).await;
    let deprovisioned = users.iter().filter(|u| u["status"] == "DEPROVISIONED").count();
    assert!(deprovisioned > 0);
    assert_eq!(listed.len(), 1000 - deprovisioned);
}

#[tokio::test]
async fn last_page_has_no_next_and_links_are_separate_lines() {
    let sim = start(small_config(50)).await;
    let (status, headers, body) = get(&format!("{}/api/v1/users?limit=20", sim.url()), &ssws(&sim)).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().unwrap().len(), 20);
    let links: Vec<_> = headers.get_all("link").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert_eq!(links.len(), 2, "one Link line per rel: {links:?}");
    assert!(links[0].ends_with("rel=\"self\""));
    let mut next = next_link(&headers);
    let mut last = None;
    while let Some(u) = next {
        let (_, h, b) = get(&u, &ssws(&sim)).await;
        next = next_link(&h);
        last = Some(b);
    }
    assert!(!last.unwrap().as_array().unwrap().is_empty());
}

#[tokio::test]
async fn search_filter_and_q() {
    let sim = start(small_config(300)).await;
    let auth = ssws(&sim);
    let base = sim.url();
    let (s, _, active) = get(&format!("{base}/api/v1/users?search={}", enc("status eq \"ACTIVE\"")), &auth).await;
    assert_eq!(s, 200);
    let active = active.as_array().unwrap();
    assert!(!active.is_empty() && active.iter().all(|u| u["status"] == "ACTIVE"));

    let login = format!("dana.whitfield@{}", sim.state().org().domain);
    let (_, _, found) =
        get(&format!("{base}/api/v1/users?filter={}", enc(&format!("profile.login eq \"{login}\""))), &auth).await;
    assert_eq!(found.as_array().unwrap().len(), 1);

    let (_, _, q) = get(&format!("{base}/api/v1/users?q=Dana"), &auth).await;
    assert!(q.as_array().unwrap().iter().any(|u| u["profile"]["login"] == login.as_str()));

    let (_, _, co) = get(&format!("{base}/api/v1/users?search={}", enc("profile.lastName co \"hitfie\"")), &auth).await;
    assert!(co.as_array().unwrap().iter().any(|u| u["profile"]["login"] == login.as_str()));
}

#[tokio::test]
async fn bad_queries_get_okta_errors() {
    let sim = start(small_config(20)).await;
    let auth = ssws(&sim);
    let base = sim.url();
    for (url, status, code) in [
        (format!("{base}/api/v1/users?search={}", enc("status eq")), 400, "E0000031"),
        (format!("{base}/api/v1/users?filter={}", enc("profile.title eq \"x\"")), 400, "E0000031"),
        (format!("{base}/api/v1/users?search={}", enc("status co \"ACT\"")), 400, "E0000031"),
        (format!("{base}/api/v1/users?limit=many"), 400, "E0000001"),
        (format!("{base}/api/v1/users?after=nonsense"), 400, "E0000029"),
        (format!("{base}/api/v1/users/00unope000000000000"), 404, "E0000007"),
        (format!("{base}/api/v1/groups/00gnope000000000000/users"), 404, "E0000007"),
        (format!("{base}/api/v1/apps/0oanope/users"), 404, "E0000007"),
        (format!("{base}/api/v1/policies"), 400, "E0000001"),
        (format!("{base}/api/v1/policies?type=NOPE"), 400, "E0000001"),
        (format!("{base}/api/v1/nothing-here"), 404, "E0000007"),
        (format!("{base}/api/v1/logs?filter={}", enc("eventType eq")), 400, "E0000053"),
        (format!("{base}/api/v1/logs?since=yesterday"), 400, "E0000001"),
        (format!("{base}/api/v1/logs?sortOrder=SIDEWAYS"), 400, "E0000053"),
    ] {
        let (s, _, body) = get(&url, &auth).await;
        assert_eq!((s, body["errorCode"].as_str()), (status, Some(code)), "{url}: {body}");
        assert!(body["errorId"].as_str().is_some_and(|id| !id.is_empty()));
    }
    let resp = crate::common::http()
        .put(format!("{base}/api/v1/users"))
        .header("Authorization", &auth)
        .body("{}")
        .send()
        .await
        .unwrap();
    let (s, _, body) = crate::common::split(resp).await;
    assert_eq!((s, body["errorCode"].as_str()), (405, Some("E0000022")));
}

#[tokio::test]
async fn user_sub_resources_and_other_objects() {
    let sim = start(small_config(200)).await;
    let auth = ssws(&sim);
    let base = sim.url();
    let domain = sim.state().org().domain.clone();
    let (s, _, admin) = get(&format!("{base}/api/v1/users/dana.whitfield@{domain}"), &auth).await;
    assert_eq!(s, 200, "{admin}");
    let id = admin["id"].as_str().unwrap();
    let (_, _, factors) = get(&format!("{base}/api/v1/users/{id}/factors"), &auth).await;
    assert!(factors.as_array().unwrap().iter().any(|f| f["factorType"] == "webauthn"));
    let (_, _, roles) = get(&format!("{base}/api/v1/users/{id}/roles"), &auth).await;
    assert!(roles.as_array().unwrap().iter().any(|r| r["type"] == "SUPER_ADMIN"));
    let (_, _, groups) = get(&format!("{base}/api/v1/users/{id}/groups"), &auth).await;
    assert!(groups.as_array().unwrap().iter().any(|g| g["profile"]["name"] == "Everyone"));
    let (_, _, links) = get(&format!("{base}/api/v1/users/{id}/appLinks"), &auth).await;
    assert!(!links.as_array().unwrap().is_empty());
    let (_, _, me) = get(&format!("{base}/api/v1/users/me"), &auth).await;
    assert_eq!(me["profile"]["login"], format!("svc-oktui@{domain}").as_str());

    let (groups, _) = collect_pages(&format!("{base}/api/v1/groups?limit=5"), &auth).await;
    assert!(groups.len() >= 15);
    let gid = groups[0]["id"].as_str().unwrap();
    let (members, _) = collect_pages(&format!("{base}/api/v1/groups/{gid}/users?limit=50"), &auth).await;
    assert!(!members.is_empty());

    let (apps, _) = collect_pages(&format!("{base}/api/v1/apps?limit=7"), &auth).await;
    assert!(apps.len() >= 25);
    let assigned = apps.iter().find(|a| a["status"] == "ACTIVE").unwrap();
    let aid = assigned["id"].as_str().unwrap();
    let (app_users, _) = collect_pages(&format!("{base}/api/v1/apps/{aid}/users?limit=100"), &auth).await;
    let (app_groups, _) = collect_pages(&format!("{base}/api/v1/apps/{aid}/groups"), &auth).await;
    assert!(!app_users.is_empty() || !app_groups.is_empty());

    for kind in ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY"] {
        let (s, _, policies) = get(&format!("{base}/api/v1/policies?type={kind}"), &auth).await;
        assert_eq!(s, 200);
        let policies = policies.as_array().unwrap();
        assert!(!policies.is_empty(), "{kind}");
        assert!(policies.iter().all(|p| p["type"] == kind));
        let pid = policies[0]["id"].as_str().unwrap();
        let (s, _, rules) = get(&format!("{base}/api/v1/policies/{pid}/rules"), &auth).await;
        assert_eq!(s, 200);
        assert!(!rules.as_array().unwrap().is_empty(), "{kind} rules");
    }
}

#[tokio::test]
async fn same_seed_same_org_byte_for_byte() {
    async fn dump(seed: u64) -> String {
        let config = SimConfig { seed, ..small_config(120) };
        let sim = start(config).await;
        let auth = ssws(&sim);
        let mut out = String::new();
        for path in [
            "/api/v1/users?limit=200",
            "/api/v1/groups",
            "/api/v1/apps?limit=200",
            "/api/v1/policies?type=OKTA_SIGN_ON",
        ] {
            let (items, _) = collect_pages(&format!("{}{path}", sim.url()), &auth).await;
            let text = Value::Array(items).to_string();
            out.push_str(&text.replace(sim.url(), "BASE"));
        }
        out
    }
    let a = dump(7).await;
    assert_eq!(a, dump(7).await);
    assert_ne!(a, dump(8).await);
}

#[tokio::test]
async fn filter_results_include_deprovisioned_users() {
    let sim = start(small_config(300)).await;
    let auth = ssws(&sim);
    let expected = sim.state().org().users.iter().filter(|u| u.status == "DEPROVISIONED").count();
    assert!(expected > 0, "the org has deactivated people");
    // Okta: "Returned users include those with the DEPROVISIONED status" (filter and search).
    for query in ["filter", "search"] {
        let url = format!("{}/api/v1/users?{query}={}", sim.url(), enc("status eq \"DEPROVISIONED\""));
        let (users, _) = collect_pages(&url, &auth).await;
        assert_eq!(users.len(), expected, "{query}");
        assert!(users.iter().all(|u| u["status"] == "DEPROVISIONED"), "{query}");
    }
}

#[tokio::test]
async fn the_default_idp_discovery_policy_and_its_rule() {
    let sim = start(small_config(20)).await;
    let auth = ssws(&sim);
    let (s, _, policies) = get(&format!("{}/api/v1/policies?type=IDP_DISCOVERY", sim.url()), &auth).await;
    assert_eq!(s, 200, "{policies}");
    let policies = policies.as_array().unwrap();
    assert_eq!(policies.len(), 1, "Identity Engine orgs ship one IdP discovery policy: {policies:?}");
    let policy = &policies[0];
    assert_eq!((policy["type"].as_str(), policy["system"].as_bool()), (Some("IDP_DISCOVERY"), Some(true)));
    assert_eq!((policy["status"].as_str(), policy["priority"].as_u64()), (Some("ACTIVE"), Some(1)));
    assert!(policy["conditions"].is_null(), "the type has no policy conditions: {policy}");
    assert!(policy["id"].as_str().is_some_and(|id| id.starts_with("00p") && id.len() == 20), "{policy}");
    let rules_url = policy["_links"]["rules"]["href"].as_str().unwrap();
    let (s, _, rules) = get(rules_url, &auth).await;
    assert_eq!(s, 200, "{rules}");
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 1, "{rules:?}");
    let rule = &rules[0];
    assert_eq!((rule["type"].as_str(), rule["system"].as_bool()), (Some("IDP_DISCOVERY"), Some(true)));
    assert_eq!(rule["conditions"]["network"]["connection"], "ANYWHERE");
    assert_eq!(rule["actions"]["idp"]["providers"], serde_json::json!([{ "type": "OKTA" }]));
    assert_eq!(rule["actions"]["idp"]["idpSelectionType"], "SPECIFIC");
}

#[tokio::test]
async fn self_link_comes_before_next_on_every_list() {
    // Okta's Python SDK keeps only the last `Link` header: `next` must come last.
    let sim = start(small_config(100)).await;
    let auth = ssws(&sim);
    let since = enc(&oktui::sim::ids::okta_time(chrono::Utc::now() - chrono::Duration::minutes(50)));
    for path in [
        "/api/v1/users?limit=5",
        "/api/v1/groups?limit=2",
        "/api/v1/apps?limit=2",
        &format!("/api/v1/logs?since={since}&limit=2"),
    ] {
        let (s, headers, body) = get(&format!("{}{path}", sim.url()), &auth).await;
        assert_eq!(s, 200, "{path}: {body}");
        let links: Vec<&str> = headers.get_all("link").iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(links.len(), 2, "{path}: {links:?}");
        assert!(links[0].ends_with("rel=\"self\"") && links[1].ends_with("rel=\"next\""), "{path}: {links:?}");
    }
}

/// Signing in moves a user's `lastLogin` (as Okta's does): in an org whose log lives, every
/// user with a successful `user.session.start` in the log shows it as their `lastLogin`, or
/// a later one.
#[tokio::test]
async fn last_login_follows_the_sign_ins_in_the_log() {
    let sim = start(SimConfig { live_log: true, ..small_config(60) }).await;
    let auth = ssws(&sim);
    let base = sim.url();
    let now = chrono::Utc::now();
    let filter = enc(r#"eventType eq "user.session.start" and outcome.result eq "SUCCESS""#);
    let since = enc(&(now - chrono::Duration::hours(2)).to_rfc3339());
    let until = enc(&(now + chrono::Duration::minutes(1)).to_rfc3339());
    let url = format!("{base}/api/v1/logs?filter={filter}&since={since}&until={until}&limit=1000");
    let (sign_ins, _) = collect_pages(&url, &auth).await;
    let mut latest: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for e in &sign_ins {
        let (Some(id), Some(at)) = (e["actor"]["id"].as_str(), e["published"].as_str()) else { continue };
        let entry = latest.entry(id.to_string()).or_default();
        if at > entry.as_str() {
            *entry = at.to_string();
        }
    }
    assert!(latest.len() > 5, "{} people signed in", latest.len());
    let mut equal = 0;
    for (id, at) in &latest {
        let (status, _, user) = get(&format!("{base}/api/v1/users/{id}"), &auth).await;
        assert_eq!(status, 200);
        let last = user["lastLogin"].as_str().expect("a user who signed in has a lastLogin");
        let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
        assert!(parse(last) >= parse(at), "{id}: lastLogin {last} before the sign-in at {at}");
        equal += usize::from(parse(last) == parse(at));
    }
    assert!(equal > 5, "the last sign-in is the lastLogin of {equal} of {}", latest.len());
}
