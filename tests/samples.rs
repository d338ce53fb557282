//! The models against real data: every published Okta System Log sample in
//! `../shared/okta-samples` parses, round-trips and answers the accessors, and every kind of
//! object the simulated org serves parses into its type with a lossless round trip.

#[path = "common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, SecondsFormat, Utc};
use oktui::okta::model::{
    events_from_json, normalize_top_level_keys, App, AppLink, AppUser, ChangeDetails, Factor, Group, LogEvent,
    OAuthErrorBody, OktaErrorBody, Policy, PolicyRule, Role, Scalar, User,
};
use oktui::sim::SimConfig;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/okta-samples");

/// One sample event: where it came from, the JSON as published, and its parse.
struct Sample {
    origin: String,
    raw: Value,
    event: LogEvent,
}

fn files(dir: &str, suffix: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(Path::new(SAMPLES).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    paths.sort();
    paths
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The events as published inside a file's JSON: an array, an event hook, or one event.
fn raw_events(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        _ => match v.pointer("/data/events") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![v.clone()],
        },
    }
}

/// Parses a JSON document into samples, checking none fails and none is lost.
fn parse_document(origin: &str, document: Value) -> Vec<Sample> {
    let raws = raw_events(&document);
    let parsed = events_from_json(document);
    assert_eq!(parsed.len(), raws.len(), "{origin}: events lost or invented");
    raws.into_iter()
        .zip(parsed)
        .map(|(raw, event)| Sample { origin: origin.to_string(), raw, event: event.expect(origin) })
        .collect()
}

fn load_samples() -> (Vec<Sample>, Vec<(String, usize)>) {
    let (mut samples, mut counts) = (Vec::new(), Vec::new());
    let documents = files("okta-developer-docs", ".json").into_iter().chain(
        files("okta-openapi", ".json").into_iter().filter(|p| !p.ends_with("LogTargetChangeDetails.example.json")),
    );
    for path in documents {
        let origin = path.file_name().unwrap().to_string_lossy().to_string();
        samples.extend(parse_document(&origin, read_json(&path)));
    }
    counts.push(("docs and openapi".to_string(), samples.len()));
    for path in files("panther-analysis", ".ndjson") {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for (i, line) in lines.iter().enumerate() {
            let origin = format!("{name}:{}", i + 1);
            samples.extend(parse_document(&origin, serde_json::from_str(line).unwrap()));
        }
        counts.push((name, lines.len()));
    }
    (samples, counts)
}

/// Calls every accessor; none may panic, whatever the event lacks.
fn touch(e: &LogEvent) {
    let _ = (e.event_type(), e.published_at(), e.outcome_result(), e.outcome_reason(), e.is_failure());
    let _ = (e.actor_login(), e.client_ip(), e.country(), e.city(), e.user_agent(), e.session_id());
    let _ = (e.targets_of_type("AppInstance").count(), e.target_users().count(), e.ip_chain().count());
    let _ = (e.behaviors(), e.risk(), e.threat_suspected());
    if let Some(d) = e.debug_data() {
        let _ = (d.behaviors(), d.risk(), d.log_only_security_data(), d.json("tunnels"), d.str("requestUri"));
    }
}

/// What a round trip must give back: the event with top-level keys in Okta's casing.
fn okta_cased(raw: &Value) -> Value {
    let mut object = raw.as_object().unwrap().clone();
    normalize_top_level_keys(&mut object);
    Value::Object(object)
}

fn find<'a>(samples: &'a [Sample], what: &str, pred: impl Fn(&Sample) -> bool) -> &'a Sample {
    samples.iter().find(|s| pred(s)).unwrap_or_else(|| panic!("no sample {what}"))
}

#[test]
fn every_published_sample_parses_round_trips_and_answers_accessors() {
    let (samples, counts) = load_samples();
    let expected = [
        ("docs and openapi", 10),
        ("okta_rule_tests.ndjson", 113),
        ("okta_rule_tests_history.ndjson", 11),
        ("okta_test_scenarios.ndjson", 20),
    ];
    let counts: Vec<(&str, usize)> = counts.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    assert_eq!(counts, expected, "a sample file was added, removed or skipped");
    assert_eq!(samples.len(), 154);
    for s in &samples {
        touch(&s.event);
        assert_eq!(serde_json::to_value(&s.event).unwrap(), okta_cased(&s.raw), "{}: round trip", s.origin);
        assert!(s.event.event_type().is_some(), "{}: eventType under any casing", s.origin);
    }
    // Timestamps: 90 Panther-form and 41 RFC 3339 parse; redacted, missing and the impossible
    // 2017-09-31 do not.
    assert_eq!(samples.iter().filter(|s| s.event.published_at().is_some()).count(), 131);
    let redacted: Vec<_> = samples.iter().filter(|s| s.event.published.as_deref() == Some("redacted")).collect();
    assert_eq!(redacted.len(), 8);
    assert!(redacted.iter().all(|s| s.event.published_at().is_none()));
    assert_eq!(samples.iter().filter(|s| s.event.published.is_none()).count(), 14);
    assert_eq!(samples.iter().filter(|s| s.event.is_failure()).count(), 45, "39 FAILURE + 6 DENY");
}

#[test]
fn known_values_of_known_samples() {
    let (samples, _) = load_samples();

    let threat = find(&samples, "ThreatInsight", |s| s.event.event_type() == Some("security.threat.detected"));
    assert_eq!((threat.event.outcome_result(), threat.event.is_failure()), (Some("DENY"), true));
    assert!(threat.event.outcome_reason().unwrap().starts_with("Password Spray"));
    assert_eq!((threat.event.actor_login(), threat.event.threat_suspected()), (None, Some(true)));
    let detections = threat.event.debug_data().unwrap().json("threatDetections").unwrap();
    assert_eq!(detections["Password Spray"], "HIGH");

    let lower: Vec<_> = samples.iter().filter(|s| s.raw.get("eventtype").is_some()).collect();
    assert_eq!(lower.len(), 45);
    assert!(lower.iter().all(|s| s.event.event_type() == s.raw["eventtype"].as_str()));
    assert!(lower.iter().any(|s| s.event.debug_data().is_some() && s.raw.get("debugcontext").is_some()));

    let java = find(&samples, "with a Java-map behaviors string", |s| {
        s.event.debug_data().and_then(|d| d.str("behaviors")).is_some_and(|b| b.starts_with("{New Geo-Location"))
    });
    let behaviors = java.event.behaviors();
    assert_eq!(behaviors.len(), 7, "{behaviors:?}");
    assert_eq!((behaviors["New Geo-Location"].as_str(), behaviors["Velocity"].as_str()), ("NEGATIVE", "NEGATIVE"));
    assert_eq!(java.event.risk().unwrap().level.as_deref(), Some("LOW"));

    let listed = find(&samples, "YAML-set behaviors", |s| {
        s.event.debug_data().and_then(|d| d.0.get("behaviors")).is_some_and(Value::is_object)
    });
    assert_eq!(listed.event.behaviors()["New Device"], "POSITIVE");

    let impossible = find(&samples, "with the impossible date", |s| s.origin == "system-log-api-example-logevent.json");
    assert_eq!(impossible.event.published.as_deref(), Some("2017-09-31T22:23:07.777Z"));
    assert_eq!(impossible.event.published_at(), None);

    let panther_time =
        find(&samples, "in Panther time", |s| s.event.published.as_deref().is_some_and(|p| p.contains(' ')));
    assert!(panther_time.event.published_at().unwrap().year() >= 2020);

    let hook = find(&samples, "from the event hook", |s| s.origin == "event-hook-delivery-payload.json");
    let client = hook.event.client.as_ref().unwrap();
    assert_eq!((client.zone(), client.zone.as_deref()), (None, Some("null")));
    assert_eq!((hook.event.client_ip(), hook.event.city()), (Some("142.126.158.61"), Some("Toronto")));
    assert_eq!(hook.event.ip_chain().count(), 1);
    assert_eq!(hook.event.session_id(), Some("idxyNcxVX2ESsSL0u462548Qg"));
    assert_eq!(
        hook.event.targets_of_type("AppInstance").next().unwrap().display_name.as_deref(),
        Some("Okta Admin Console")
    );

    let extended = find(&samples, "with extended securityContext", |s| {
        s.origin == "ListLogsWithAdditionalSecurityContext.example.json"
    });
    assert_eq!(extended.event.version, Some(Scalar::Number(0.into())));
    let geo = extended.event.client.as_ref().unwrap().geographical_context.as_ref().unwrap();
    assert_eq!(geo.postal_code, Some(Scalar::Number(10013.into())));
    assert_eq!(extended.event.behaviors()["New Geo-Location"], "POSITIVE");
    let risk = extended.event.risk().unwrap();
    assert_eq!(
        (risk.level.as_deref(), risk.reasons.as_slice()),
        (Some("HIGH"), ["Anomalous Device".to_string()].as_slice())
    );
    assert_eq!(extended.event.device.as_ref().unwrap().secure_hardware_present, Some(true));
}

#[test]
fn the_change_details_fragment_round_trips() {
    let raw = read_json(&Path::new(SAMPLES).join("okta-openapi/LogTargetChangeDetails.example.json"));
    let details: ChangeDetails = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(details.to.as_ref().unwrap()["vpnLocationOptions"], "ZONE");
    assert_eq!(serde_json::to_value(&details).unwrap(), raw);
}

/// Parses each item as `T` and checks that serializing gives the item back.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, items: &[Value]) -> Vec<T> {
    assert!(!items.is_empty(), "the sim served no {what}");
    items
        .iter()
        .map(|item| {
            let parsed: T = serde_json::from_value(item.clone()).unwrap();
            assert_eq!(&serde_json::to_value(&parsed).unwrap(), item, "{what} round trip");
            parsed
        })
        .collect()
}

/// True if `extra` holds only keys Okta sent as null: every other key has a typed field.
fn only_nulls(extra: &serde_json::Map<String, Value>) -> bool {
    extra.values().all(Value::is_null)
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn every_object_the_sim_serves_parses_and_round_trips() {
    let sim = common::start(common::small_config(200)).await;
    let (base, auth) = (sim.url().to_string(), common::ssws(&sim));
    let list = |path: String| {
        let auth = auth.clone();
        async move { common::collect_pages(&path, &auth).await.0 }
    };

    let users: Vec<User> = round_trip("users", &list(format!("{base}/api/v1/users?limit=200")).await);
    assert!(users.iter().all(|u| u.login().is_some() && u.status().is_some() && !u.display_name().is_empty()));
    assert!(users.iter().all(|u| only_nulls(&u.extra) && only_nulls(&u.profile.as_ref().unwrap().extra)));
    for user in users.iter().take(25) {
        let id = user.id.as_deref().unwrap();
        let factors: Vec<Value> = list(format!("{base}/api/v1/users/{id}/factors")).await;
        let factors: Vec<Factor> = if factors.is_empty() { Vec::new() } else { round_trip("factors", &factors) };
        assert!(factors.iter().all(|f| f.factor_type.is_some() && only_nulls(&f.extra)));
        let groups: Vec<Group> = round_trip("user groups", &list(format!("{base}/api/v1/users/{id}/groups")).await);
        assert!(groups.iter().all(|g| g.name().is_some()));
        let links: Vec<Value> = list(format!("{base}/api/v1/users/{id}/appLinks")).await;
        if !links.is_empty() {
            let links: Vec<AppLink> = round_trip("app links", &links);
            assert!(links.iter().all(|l| l.app_instance_id.is_some() && only_nulls(&l.extra)));
        }
        let roles: Vec<Value> = list(format!("{base}/api/v1/users/{id}/roles")).await;
        if !roles.is_empty() {
            let roles: Vec<Role> = round_trip("roles", &roles);
            assert!(roles.iter().all(|r| r.role_type.is_some() && only_nulls(&r.extra)));
        }
    }
    let client_roles: Vec<Role> = round_trip(
        "client roles",
        &list(format!("{base}/oauth2/v1/clients/{}/roles", sim.credentials().client_id)).await,
    );
    assert!(!client_roles.is_empty());

    let groups: Vec<Group> = round_trip("groups", &list(format!("{base}/api/v1/groups?limit=200&expand=stats")).await);
    assert!(groups.iter().all(|g| g.users_count().is_some() && only_nulls(&g.extra)));

    let apps: Vec<App> = round_trip("apps", &list(format!("{base}/api/v1/apps?limit=200")).await);
    assert!(apps.iter().all(|a| a.sign_on_mode.is_some() && only_nulls(&a.extra)));
    let mut app_users = 0;
    for app in &apps {
        let served = list(format!("{base}/api/v1/apps/{}/users?limit=500", app.id.as_deref().unwrap())).await;
        if !served.is_empty() {
            let parsed: Vec<AppUser> = round_trip("app users", &served);
            assert!(parsed.iter().all(|u| u.user_name().is_some() && only_nulls(&u.extra)));
            app_users += parsed.len();
        }
    }
    assert!(app_users > 0);

    let mut rules = 0;
    for kind in ["OKTA_SIGN_ON", "ACCESS_POLICY", "MFA_ENROLL", "PASSWORD"] {
        let policies: Vec<Policy> = round_trip("policies", &list(format!("{base}/api/v1/policies?type={kind}")).await);
        for policy in &policies {
            assert!(only_nulls(&policy.extra) && policy.policy_type.as_deref() == Some(kind));
            let served = list(format!("{base}/api/v1/policies/{}/rules", policy.id.as_deref().unwrap())).await;
            rules += round_trip::<PolicyRule>("rules", &served).len();
        }
    }
    assert!(rules > 0);
}

#[tokio::test]
async fn the_sims_system_log_and_errors_parse() {
    let config = SimConfig { log_backfill_secs: 24 * 3600, log_events_per_minute: 2.0, ..common::small_config(200) };
    let sim = common::start(config).await;
    let (base, auth) = (sim.url().to_string(), common::ssws(&sim));
    let time = |t: chrono::DateTime<Utc>| enc(&t.to_rfc3339_opts(SecondsFormat::Millis, true));
    let (since, until) = (time(Utc::now() - Duration::hours(25)), time(Utc::now()));
    let url = format!("{base}/api/v1/logs?since={since}&until={until}&limit=1000");
    let (served, pages) = common::collect_pages(&url, &auth).await;
    assert!(pages > 1);
    let events: Vec<LogEvent> = round_trip("events", &served);
    for e in &events {
        touch(e);
        assert!(e.published_at().is_some() && e.event_type().is_some() && e.uuid.is_some());
        assert!(only_nulls(&e.extra), "{:?}", e.extra);
    }
    assert!(events.iter().any(|e| e.behaviors().len() >= 7), "sign-ons carry behaviors");
    assert!(events.iter().any(|e| e.risk().is_some_and(|r| r.level.as_deref() == Some("HIGH"))));
    assert!(events.iter().any(|e| e.event_type() == Some("security.threat.detected") && e.actor_login().is_none()));
    assert!(events.iter().any(|e| e.is_failure() && e.client_ip().is_some() && e.country().is_some()));

    let (status, _, body) = common::get(&format!("{base}/api/v1/users/nobody-here"), &auth).await;
    assert_eq!(status, 404);
    let error = OktaErrorBody::parse(&body.to_string()).unwrap();
    assert_eq!(error.error_code.as_deref(), Some("E0000007"));
    assert!(error.error_id.is_some());
    assert_eq!(serde_json::to_value(&error).unwrap(), body);

    let form = [("grant_type", "client_credentials"), ("scope", "okta.users.read")];
    let resp = common::http()
        .post(format!("{base}/oauth2/v1/token"))
        .basic_auth(&sim.credentials().client_id, Some("wrong-secret"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (status, _, body) = common::split(resp).await;
    assert_eq!(status, 401);
    let oauth = OAuthErrorBody::parse(&body.to_string()).unwrap();
    assert_eq!(oauth.error.as_deref(), Some("invalid_client"));
    assert_eq!(serde_json::to_value(&oauth).unwrap(), body);
    assert_eq!(OktaErrorBody::parse(&json!({"error": "invalid_client"}).to_string()), None);
}

/// The tail's reader takes every published sample as one page and reads each event as the
/// parsed model does: the fast path and its lenient fallback agree, `published` included.
#[test]
fn the_tail_reads_every_published_sample_as_the_model_does() {
    use oktui::okta::logs::compact::{compact_from_model, SymInterner};
    use oktui::okta::logs::Ingest;

    let (samples, _) = load_samples();
    let page = Value::Array(samples.iter().map(|s| s.raw.clone()).collect()).to_string();
    let read = Ingest::new(1000).page(page.as_bytes(), 7).unwrap();
    assert_eq!((read.elements, read.malformed), (samples.len(), 0));
    let mut interner = SymInterner::default();
    let fresh: Vec<_> = read.fresh.iter().collect();
    assert_eq!(fresh.len() + read.duplicates, samples.len());
    let mut next = fresh.iter();
    let mut delivered = std::collections::HashSet::new();
    for s in &samples {
        let id = s.event.uuid.clone();
        if id.as_ref().is_some_and(|id| !delivered.insert(id.clone())) {
            continue;
        }
        let tailed = next.next().unwrap_or_else(|| panic!("{}: not delivered", s.origin));
        assert_eq!(tailed.event, compact_from_model(&s.event, &mut interner, 7), "{}", s.origin);
        assert_eq!(tailed.event.published_ms, s.event.published_at().map(|t| t.timestamp_millis()), "{}", s.origin);
        assert_eq!(serde_json::from_str::<Value>(&tailed.raw).unwrap(), s.raw, "{}: JSON as sent", s.origin);
    }
    assert!(next.next().is_none());
}

/// The JSON texts of the events in a sample file, as written: the elements of an array, the
/// `data.events` of an event hook, an object, or one of these per line.
fn event_texts(text: &str) -> Vec<String> {
    use serde_json::value::RawValue;
    #[derive(serde::Deserialize)]
    struct Hook<'a> {
        #[serde(borrow)]
        data: HookData<'a>,
    }
    #[derive(serde::Deserialize)]
    struct HookData<'a> {
        #[serde(borrow)]
        events: Vec<&'a RawValue>,
    }
    let Ok(whole) = serde_json::from_str::<&RawValue>(text) else {
        return text.lines().filter(|l| !l.trim().is_empty()).flat_map(event_texts).collect();
    };
    if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(whole.get()) {
        return items.iter().map(|i| i.get().to_string()).collect();
    }
    match serde_json::from_str::<Hook>(whole.get()) {
        Ok(hook) => hook.data.events.iter().map(|e| e.get().to_string()).collect(),
        Err(_) => vec![whole.get().to_string()],
    }
}

/// Every event of `../shared/okta-samples` and `../shared/okta-heldout`, as written.
fn every_sample_text() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for root in [SAMPLES, concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/okta-heldout")] {
        let mut dirs: Vec<PathBuf> =
            fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            let mut paths: Vec<PathBuf> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if [".json", ".jsonl", ".ndjson", ".log"].iter().any(|s| name.ends_with(s)) {
                    let texts = event_texts(&fs::read_to_string(&path).unwrap());
                    out.extend(texts.into_iter().enumerate().map(|(i, t)| (format!("{name}#{i}"), t)));
                }
            }
        }
    }
    out
}

/// Reads `texts` as one page both ways: from its bytes (the hunt's reader, with its
/// fallback) and through the lenient model; every event, and the classification of all,
/// must come out the same.
fn assert_read_alike(texts: &[(String, String)]) -> oktui::investigate::signals::Classified {
    use oktui::investigate::event::page::read_page;
    use oktui::investigate::event::HuntEvents;
    use oktui::investigate::signals::Classifier;

    let page = format!("[{}]", texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(","));
    let (mut fast, mut fast_rows) = (HuntEvents::default(), Classifier::default());
    let count = read_page(page.as_bytes(), |fields| {
        fast.push(fields);
        fast_rows.push(fields);
    })
    .unwrap();
    let (mut slow, mut slow_rows) = (HuntEvents::default(), Classifier::default());
    let mut origins = Vec::new();
    for (origin, text) in texts {
        if let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) {
            let event = LogEvent::from_object(object);
            slow.push_event(&event);
            slow_rows.push_event(&event);
            origins.push(origin);
        }
    }
    assert_eq!((count.elements, count.elements - count.skipped), (texts.len(), slow.len()));
    for (slot, origin) in origins.iter().enumerate() {
        let slot = slot as u32;
        assert_eq!(fast.stored(slot), slow.stored(slot), "{origin}");
    }
    assert!(fast == slow, "the same strings, interned in the same order");
    let (fast_rows, slow_rows) = (fast_rows.finish(), slow_rows.finish());
    assert!(fast_rows == slow_rows, "the same classification");
    fast_rows
}

/// The hunt's reader takes every published and held-out sample, whatever its shape, and
/// every event of the simulated org's day, and reads each from the page's bytes exactly as
/// the lenient model reads it; the hunt over the day finds the same either way.
#[test]
fn the_hunt_reads_every_sample_and_the_simulated_day_as_the_model_does() {
    use oktui::investigate::signals::Signals;
    use oktui::investigate::{hunt, judge, DetectionConfig, Directory};

    let samples = every_sample_text();
    assert!(samples.len() >= 190, "{} sample events", samples.len());
    let classified = assert_read_alike(&samples);
    assert!(classified.kept() > 50 && classified.kept() < classified.read(), "some of every kind");
    let end = Utc::now();
    let org = oktui::sim::org::generate::generate(3, 200, end);
    let day = oktui::sim::logs::generator::LogGenerator::new(3).backfill(&org, end - Duration::hours(24), end, 400.0);
    let texts: Vec<(String, String)> =
        day.iter().enumerate().map(|(i, e)| (format!("day#{i}"), e.to_string())).collect();
    let classified = assert_read_alike(&texts);
    let events: Vec<LogEvent> = day.into_iter().map(|e| serde_json::from_value(e).unwrap()).collect();
    let (directory, config) = (Directory::default(), DetectionConfig::default());
    let from_bytes = judge(&Signals::classified(&classified), &directory, &config);
    assert!(from_bytes.len() > 10, "the day's attacks are found");
    assert_eq!(from_bytes, hunt(&events, &directory, &config));
}
