//! `oktui investigate USER --case DIR` against a simulated org with a seeded attack: the
//! folder is re-read as the next shift would, every cited event is in it exactly as the org
//! sends it, every hash in the manifest matches, the journal's action on the user is there,
//! and a folder that holds anything is never written over.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use oktui::sim::{SimConfig, SimServer};
use serde_json::value::RawValue;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{ssws, start};
use crate::run::{oktui, ssws_env, Home};

const MARCUS: &str = "marcus.oyelaran@acme.example";

/// A still org with eight hours of history: marcus.oyelaran's push bombing is in it.
fn org() -> SimConfig {
    SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The folder's files by name, as bytes.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The event `uuid` as the org sends it: the element of its answer to a uuid filter.
async fn as_the_org_sends_it(sim: &SimServer, uuid: &str) -> String {
    let filter: String = url::form_urlencoded::byte_serialize(format!("uuid eq \"{uuid}\"").as_bytes()).collect();
    let since = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let since: String = url::form_urlencoded::byte_serialize(since.as_bytes()).collect();
    let url = format!("{}/api/v1/logs?since={since}&filter={filter}&limit=5", sim.url());
    let resp = crate::common::http().get(&url).header("Authorization", ssws(sim)).send().await.unwrap();
    let body = resp.text().await.unwrap();
    let events: Vec<Box<RawValue>> = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(events.len(), 1, "the org has the event {uuid}: {body}");
    events[0].get().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_file_holds_every_cited_event_as_sent_and_every_hash_matches() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let suspend = oktui(&home, &["suspend", MARCUS, "--reason", "push bombing accepted", "--yes"], &env).await;
    assert_eq!(suspend.code, 0, "{}", suspend.stderr);
    let dir = home.path().join("cases/marcus");
    let dir_text = dir.to_str().unwrap();
    let run = oktui(&home, &["investigate", MARCUS, "--format", "json", "--case", dir_text], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("case file written to") && run.stderr.contains(dir_text), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();

    let files = files_of(&dir);
    let names: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    let expected = BTreeSet::from([
        "note.md",
        "findings.json",
        "evidence.jsonl",
        "timeline.csv",
        "actions.jsonl",
        "manifest.json",
    ]);
    assert_eq!(names, expected);
    assert_eq!(mode(&dir), 0o700, "the folder is private");
    for name in &names {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name} is private");
    }

    // The manifest: every other file, its size and SHA-256; the org, window, operator, version.
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["format"], "oktui-case/1");
    assert_eq!(manifest["oktui_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["org"], sim.url().trim_end_matches('/'));
    assert!(manifest["operator"].as_str().is_some_and(|o| o.contains('@')), "{manifest}");
    assert_eq!(manifest["subject"]["kind"], "investigation");
    assert_eq!(manifest["subject"]["user"], MARCUS);
    assert_eq!(manifest["window"], report["window"]);
    let listed: BTreeSet<&str> =
        manifest["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(listed, &expected - &BTreeSet::from(["manifest.json"]));
    for f in manifest["files"].as_array().unwrap() {
        let content = &files[f["name"].as_str().unwrap()];
        assert_eq!(f["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(content)), "{}", f["name"]);
        assert_eq!(f["bytes"].as_u64().unwrap(), content.len() as u64);
    }

    // findings.json is the report; every uuid it cites is in evidence.jsonl, exactly as sent.
    let findings: Value = serde_json::from_slice(&files["findings.json"]).unwrap();
    assert_eq!(findings, report, "findings.json is the report object");
    let kinds: Vec<&str> =
        findings["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"mfa_fatigue"), "the push bombing: {kinds:?}");
    let cited: BTreeSet<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evidence"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()))
        .collect();
    let evidence = std::str::from_utf8(&files["evidence.jsonl"]).unwrap();
    let lines: BTreeMap<String, &str> = evidence
        .lines()
        .map(|l| (serde_json::from_str::<Value>(l).unwrap()["uuid"].as_str().unwrap().to_string(), l))
        .collect();
    assert_eq!(lines.len(), evidence.lines().count(), "each event once");
    for uuid in &cited {
        assert!(lines.contains_key(*uuid), "cited event {uuid} is in evidence.jsonl");
    }
    assert_eq!(manifest["evidence"]["cited"].as_u64(), Some(cited.len() as u64));
    assert_eq!(manifest["evidence"]["missing"], serde_json::json!([]));
    for uuid in cited.iter().take(3) {
        assert_eq!(lines[*uuid], as_the_org_sends_it(&sim, uuid).await, "{uuid} exactly as the org sent it");
    }

    // The journal's suspend of marcus, in actions.jsonl, the timeline and the note.
    let actions: Vec<Value> = std::str::from_utf8(&files["actions.jsonl"])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(actions.len(), 2, "the intent and the outcome: {actions:?}");
    assert!(actions.iter().all(|a| a["action"] == "suspend" && a["target_login"] == MARCUS));
    let timeline = std::str::from_utf8(&files["timeline.csv"]).unwrap();
    assert!(timeline.starts_with("time_utc,source,what,outcome,actor,target,ip,country,uuid,cited_by,detail\n"));
    assert!(timeline.contains(",oktui,suspend intent,"), "{timeline}");
    assert!(timeline.lines().filter(|l| l.contains(",okta,")).count() >= cited.len());
    let note = std::str::from_utf8(&files["note.md"]).unwrap();
    for part in [
        "# Case file: marcus.oyelaran\\@acme.example (Marcus Oyelaran)",
        "## Findings",
        "mfa_fatigue",
        "## Actions taken on the user",
        "push bombing accepted",
        "## Open questions",
    ] {
        assert!(note.contains(part), "the note has {part:?}:\n{note}");
    }

    // Never written over: the same folder again is refused (exit 2) and left as it was.
    let again = oktui(&home, &["investigate", MARCUS, "--case", dir_text], &env).await;
    again.fails_as_usage(&["already holds files"]);
    assert_eq!(files_of(&dir), files, "the case file is untouched");
    let requests = sim.state().requests.all().len();
    let refused = oktui(&home, &["investigate", MARCUS, "--case", dir.join("note.md").to_str().unwrap()], &env).await;
    refused.fails_as_usage(&["is not a folder"]);
    assert_eq!(sim.state().requests.all().len(), requests, "a refused folder reads nothing from Okta");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hunt_findings_case_file_reads_back_every_cited_event() {
    use oktui::case::{CaseContext, CaseSubject};
    use oktui::okta::client::Client;
    use oktui::okta::credential::Credential;
    use oktui::okta::url::OrgUrl;
    use oktui::secret::Secret;

    let sim = start(org()).await;
    let org = OrgUrl::parse(sim.url()).unwrap();
    let client =
        Client::new(org, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into())).unwrap();
    let window = oktui::investigate::LogWindow::until_now(chrono::Utc::now() - chrono::Duration::hours(24));
    let input =
        oktui::gather::fetch_hunt(&client, window, oktui::gather::MemoryBudget::megabytes(512), |_| {}).await.unwrap();
    let findings =
        oktui::investigate::judge(&input.signals(), &input.directory, &oktui::investigate::DetectionConfig::default());
    let spray = findings.into_iter().find(|f| f.kind.name() == "password_spray").expect("the seeded spray");
    let home = Home::new();
    let ctx = CaseContext {
        org: client.org().as_str().to_string(),
        profile: "test".into(),
        operator: "analyst@host".into(),
        journal: home.path().join("no-journal.jsonl"),
        mask: None,
    };
    let subject = CaseSubject::Finding { finding: Box::new(spray.clone()), window: input.window };
    let dir = home.path().join("spray");
    let written = oktui::case::write(&client, &subject, &ctx, &dir).await.unwrap();
    assert!(written.manifest.evidence.missing.is_empty(), "{:?}", written.manifest.evidence);
    let files = files_of(&dir);
    let evidence: BTreeSet<String> = std::str::from_utf8(&files["evidence.jsonl"])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["uuid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(evidence, spray.evidence.iter().cloned().collect::<BTreeSet<_>>(), "every cited event, once");
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["subject"]["kind"], "finding");
    assert_eq!(manifest["subject"]["finding"], "password_spray");
    for f in manifest["files"].as_array().unwrap() {
        let content = &files[f["name"].as_str().unwrap()];
        assert_eq!(f["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(content)), "{}", f["name"]);
    }
    let timeline = std::str::from_utf8(&files["timeline.csv"]).unwrap();
    assert_eq!(timeline.lines().count(), 1 + spray.evidence.len(), "one line per cited event: {timeline}");
    assert!(files["actions.jsonl"].is_empty(), "no journal, no action");
    let findings_json: Value = serde_json::from_slice(&files["findings.json"]).unwrap();
    assert_eq!(findings_json["findings"][0]["evidence"], serde_json::json!(spray.evidence));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_read_back_by_uuid_as_sent_and_the_missing_are_named() {
    use oktui::okta::client::Client;
    use oktui::okta::credential::Credential;
    use oktui::okta::logs::by_uuid::{read_by_uuid, Wanted};
    use oktui::okta::ratelimit::Priority;
    use oktui::okta::url::OrgUrl;
    use oktui::secret::Secret;

    let sim = start(org()).await;
    let client = Client::new(
        OrgUrl::parse(sim.url()).unwrap(),
        Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into()),
    )
    .unwrap();
    let now = chrono::Utc::now();
    let fallback = (now - chrono::Duration::hours(24), now);
    // Three events of the org, as it sends them.
    let since = (now - chrono::Duration::hours(2)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let since: String = url::form_urlencoded::byte_serialize(since.as_bytes()).collect();
    let page = crate::common::http()
        .get(format!("{}/api/v1/logs?since={since}&limit=3", sim.url()))
        .header("Authorization", ssws(&sim))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sent: Vec<Box<RawValue>> = serde_json::from_str(&page).unwrap();
    assert_eq!(sent.len(), 3, "{page}");
    let uuid_of =
        |raw: &RawValue| serde_json::from_str::<Value>(raw.get()).unwrap()["uuid"].as_str().unwrap().to_string();
    let published_of = |raw: &RawValue| {
        let v: Value = serde_json::from_str(raw.get()).unwrap();
        chrono::DateTime::parse_from_rfc3339(v["published"].as_str().unwrap()).unwrap().with_timezone(&chrono::Utc)
    };
    let mut wanted: Vec<Wanted> = sent
        .iter()
        .enumerate()
        .map(|(i, raw)| Wanted { uuid: uuid_of(raw), published: (i != 1).then(|| published_of(raw)) })
        .collect();
    wanted.push(Wanted { uuid: "00000000-0000-4000-8000-000000000000".into(), published: None });
    wanted.push(Wanted { uuid: "x\" or uuid pr".into(), published: None });
    sim.state().requests.clear();
    let read = read_by_uuid(&client, &wanted, fallback, Priority::Interactive).await.unwrap();
    let got: Vec<(String, String)> = read.events.iter().map(|(u, raw)| (u.clone(), raw.get().to_string())).collect();
    let expected: Vec<(String, String)> = sent.iter().map(|raw| (uuid_of(raw), raw.get().to_string())).collect();
    assert_eq!(got, expected, "each event exactly as the org sent it, in the order asked");
    assert_eq!(read.missing, ["00000000-0000-4000-8000-000000000000", "x\" or uuid pr"]);
    for r in sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs") {
        let filter = r.param("filter").unwrap_or_default();
        assert!(filter.split(" or ").all(|t| t.starts_with("uuid eq \"")) && !filter.contains("pr"), "{filter}");
        assert!(r.param("since").is_some() && r.param("until").is_some(), "a bounded window: {}", r.target);
    }
}

/// Every page of `url` (following the `next` links), as JSON values.
async fn every_page(sim: &SimServer, mut url: String) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let resp = crate::common::http().get(&url).header("Authorization", ssws(sim)).send().await.unwrap();
        let next = resp
            .headers()
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("rel=\"next\""))
            .and_then(|v| v.split(['<', '>']).nth(1))
            .map(str::to_string);
        let page: Vec<Value> = resp.json().await.unwrap();
        let empty = page.is_empty();
        all.extend(page);
        match next {
            Some(n) if !empty => url = n,
            _ => return all,
        }
    }
}

/// Every login, email and name of the org's people (whole, local part and word by word) and
/// every IP address in its System Log.
async fn known_values(sim: &SimServer) -> (BTreeSet<String>, BTreeSet<String>) {
    let base = sim.url().trim_end_matches('/');
    let deprovisioned: String = url::form_urlencoded::byte_serialize(b"status eq \"DEPROVISIONED\"").collect();
    let mut users = every_page(sim, format!("{base}/api/v1/users?limit=200")).await;
    users.extend(every_page(sim, format!("{base}/api/v1/users?limit=200&filter={deprovisioned}")).await);
    assert!(users.len() >= 60, "the org's people: {}", users.len());
    let mut people = BTreeSet::new();
    for user in &users {
        let profile = &user["profile"];
        // The API token's owner is a service account named after the product ("oktui
        // Service"): its login and email are looked for, its words are everyone's.
        let service = profile["login"].as_str().is_some_and(|l| l.starts_with("svc-"));
        let fields: &[&str] = if service {
            &["login", "email"]
        } else {
            &["login", "email", "secondEmail", "firstName", "lastName", "displayName"]
        };
        for field in fields {
            if let Some(value) = profile[*field].as_str().filter(|v| v.len() >= 2) {
                people.insert(value.to_string());
                if let Some((local, _)) = value.split_once('@') {
                    people.insert(local.to_string());
                }
            }
        }
        if let (Some(first), Some(last), false) = (profile["firstName"].as_str(), profile["lastName"].as_str(), service)
        {
            people.insert(format!("{first} {last}"));
        }
    }
    let now = chrono::Utc::now();
    let since = (now - chrono::Duration::days(2)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let until = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let (since, until): (String, String) = (
        url::form_urlencoded::byte_serialize(since.as_bytes()).collect(),
        url::form_urlencoded::byte_serialize(until.as_bytes()).collect(),
    );
    let events = every_page(sim, format!("{base}/api/v1/logs?since={since}&until={until}&limit=1000")).await;
    let ips: BTreeSet<String> = events
        .iter()
        .filter_map(|e| e["client"]["ipAddress"].as_str())
        .chain(events.iter().flat_map(|e| {
            e["request"]["ipChain"].as_array().into_iter().flatten().filter_map(|hop| hop["ip"].as_str())
        }))
        .map(str::to_string)
        .collect();
    assert!(ips.contains("203.0.113.140"), "the push bomber's address is in the log");
    (people, ips)
}

/// A text to look for the org's words in, case-insensitively: lower-cased once and read in
/// one pass for all of them (lower-casing and reading a day of events again for each of
/// the org's hundreds of names and addresses was most of these tests' time).
struct Words(String);

impl Words {
    fn new(text: &str) -> Words {
        Words(text.to_lowercase())
    }

    /// The first of `needles` found standing as a whole word (no letter or digit either
    /// side), and where, if one is.
    fn first_of<'a>(&self, needles: impl IntoIterator<Item = &'a String>) -> Option<(&'a str, usize)> {
        let needles: Vec<&String> = needles.into_iter().collect();
        let lowered: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
        let text = &self.0;
        let whole = |m: &aho_corasick::Match| {
            let before = text[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = text[m.end()..].chars().next().is_some_and(char::is_alphanumeric);
            !before && !after
        };
        let automaton = aho_corasick::AhoCorasick::new(&lowered).unwrap();
        let found = automaton.find_overlapping_iter(text.as_str()).find(whole)?;
        Some((needles[found.pattern().as_usize()].as_str(), found.start()))
    }

    /// The lower-cased text around `at`, `before` and `after` bytes either side (or a little
    /// more, to stay on characters).
    fn around(&self, at: usize, len: usize, before: usize, after: usize) -> &str {
        let text = &self.0;
        let mut start = at.saturating_sub(before);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + len + after).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        &text[start..end]
    }
}

/// Acceptance 3's masked case: `oktui investigate USER --case DIR --mask` writes a case file
/// in which no login, email, name or IP address of the org stands (every one the org knows is
/// looked for in every file), the hashes still match, the evidence still names its events by
/// uuid, and the report on standard output names the user by the same pseudonym.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_masked_case_file_holds_no_login_email_name_or_ip_of_the_org() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let suspend = oktui(&home, &["suspend", MARCUS, "--reason", "push bombing accepted", "--yes"], &env).await;
    assert_eq!(suspend.code, 0, "{}", suspend.stderr);
    let dir = home.path().join("cases/masked");
    let dir_text = dir.to_str().unwrap();
    let run = oktui(&home, &["investigate", MARCUS, "--format", "json", "--case", dir_text, "--mask"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();

    let (people, ips) = known_values(&sim).await;
    let files = files_of(&dir);
    assert_eq!(files.len(), 6, "{:?}", files.keys());
    for (name, content) in files.iter().map(|(n, c)| (n.as_str(), std::str::from_utf8(c).unwrap())) {
        // A Markdown note escapes `@`, `.` and `_`; the org's own URL (the sim's loopback
        // address) is no person's.
        let unescaped = Words::new(&content.replace('\\', "").replace(sim.url().trim_end_matches('/'), ""));
        if let Some((value, at)) = unescaped.first_of(people.iter().chain(&ips)) {
            panic!("{value:?} stands in {name}: …{}…", unescaped.around(at, value.len(), 60, 60));
        }
    }
    let on_stdout = Words::new(&run.stdout).first_of(people.iter().chain(&ips));
    assert!(on_stdout.is_none(), "{on_stdout:?} on standard output: {}", run.stdout);

    // Still a case file: JSON where it was, every hash matching, every cited event by uuid.
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["masked"], true, "{manifest}");
    for f in manifest["files"].as_array().unwrap() {
        let content = &files[f["name"].as_str().unwrap()];
        assert_eq!(f["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(content)), "{}", f["name"]);
        assert_eq!(f["bytes"].as_u64().unwrap(), content.len() as u64);
    }
    let pseudonym = manifest["subject"]["user"].as_str().unwrap().to_string();
    assert!(pseudonym.starts_with("user-") && pseudonym.ends_with("@masked"), "{pseudonym}");
    assert_eq!(report["user"]["login"], pseudonym.as_str(), "standard output and the case file agree");
    let findings: Value = serde_json::from_slice(&files["findings.json"]).unwrap();
    assert_eq!(findings["user"]["login"], pseudonym.as_str());
    let evidence: BTreeSet<String> = std::str::from_utf8(&files["evidence.jsonl"])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["uuid"].as_str().unwrap().to_string())
        .collect();
    let cited: BTreeSet<String> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evidence"].as_array().unwrap().iter().map(|u| u.as_str().unwrap().to_string()))
        .collect();
    assert!(!cited.is_empty() && cited.is_subset(&evidence), "every cited event, by uuid");
    let actions = std::str::from_utf8(&files["actions.jsonl"]).unwrap();
    assert_eq!(actions.lines().count(), 2, "the journal's suspend, masked: {actions}");
    assert!(actions.contains(&pseudonym), "{actions}");
}

/// `--mask` on a headless listing: standard output names nobody of the org, whatever the
/// format (a table's or a CSV's name column too, which is text only the objects behind it
/// teach), one person is one pseudonym across the run, and an error line names nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_mask_names_nobody_on_standard_output() {
    let sim = start(org()).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let (people, ips) = known_values(&sim).await;
    for args in [
        &["users", "--format", "json", "--mask"][..],
        &["users", "--format", "jsonl", "--mask"],
        &["logs", "--since", "8h", "--format", "jsonl", "--mask"],
        &["users", "--format", "table", "--mask"],
        &["users", "--format", "csv", "--mask"],
        &["logs", "--since", "8h", "--format", "table", "--mask"],
        &["logs", "--since", "8h", "--format", "csv", "--mask"],
    ] {
        let run = oktui(&home, args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("@masked"), "{args:?}: {}", &run.stdout[..run.stdout.len().min(2000)]);
        let stdout = Words::new(&run.stdout);
        if let Some((value, at)) = stdout.first_of(people.iter().chain(&ips)) {
            panic!("{args:?}: {value:?} on standard output: …{}…", stdout.around(at, value.len(), 400, 200));
        }
    }
    let run = oktui(&home, &["user", "ghost.person@acme.example", "--mask"], &env).await;
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stderr.contains("@masked") && !run.stderr.contains("ghost.person"), "{}", run.stderr);
    let run = oktui(&home, &["users", "--format", "jsonl", "--mask"], &env).await;
    let rows: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let logins: BTreeSet<&str> = rows.iter().filter_map(|r| r["profile"]["login"].as_str()).collect();
    assert_eq!(logins.len(), rows.len(), "a pseudonym per person, none shared");
}
