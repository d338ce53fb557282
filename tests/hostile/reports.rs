//! `investigate`, `hunt`, `mfa-gaps` and `doctor` on the hostile org: the reports in every
//! format and an investigation's case file, and doctor with a good credential and with
//! refused ones (whose error bodies the hostile org fills with escape sequences).

use oktui::sim::org::personas;
use oktui::sim::SimServer;

use crate::check::Findings;
use crate::common::{hostile_config, start};
use crate::run::{oktui_async, ssws_env, Run};
use crate::{check, FORMATS, LIMIT, USERS};

/// Checks a report printed as text or as JSON.
fn report(findings: &mut Findings, run: &Run, format: &str) {
    findings.check(|| check::ok(run));
    findings.check(|| check::plain(&run.what, &run.stdout));
    if format == "json" {
        findings.check(|| {
            check::json(&run.what, &run.stdout);
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn investigate_and_hunt_as_text_and_json() {
    let sim = start(hostile_config(USERS)).await;
    let home = tempfile::tempdir().unwrap();
    let env = ssws_env(&sim);
    let victim = format!("{}@acme.example", personas::BRUTE_FORCED);
    let mut findings = Findings::default();
    for format in ["text", "json"] {
        let args = ["investigate", &victim, "--since", "2h", "--format", format];
        let run = oktui_async(home.path(), &args, &env, LIMIT).await;
        report(&mut findings, &run, format);
        let run = oktui_async(home.path(), &["hunt", "--since", "2h", "--format", format], &env, LIMIT).await;
        report(&mut findings, &run, format);
    }
    // The case file: every file plain, the JSON valid, every CSV cell defused.
    let dir = home.path().join("case");
    let args = ["investigate", &victim, "--since", "2h", "--case", dir.to_str().unwrap()];
    let run = oktui_async(home.path(), &args, &env, LIMIT).await;
    findings.check(|| check::ok(&run));
    for name in ["note.md", "findings.json", "evidence.jsonl", "timeline.csv", "actions.jsonl", "manifest.json"] {
        let what = format!("case file {name}");
        let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
        findings.check(|| check::plain(&what, &bytes));
        findings.check(|| match name.rsplit('.').next() {
            Some("json") => {
                check::json(&what, &bytes);
            }
            Some("jsonl") => {
                check::jsonl(&what, &bytes);
            }
            Some("csv") => {
                check::csv(&what, &bytes);
            }
            _ => {}
        });
    }
    findings.done();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_gaps_in_every_format() {
    let sim = start(hostile_config(USERS)).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for format in FORMATS {
        let args = ["mfa-gaps", "--include-weak", "--refresh", "full", "--format", format];
        let run = oktui_async(home.path(), &args, &ssws_env(&sim), LIMIT).await;
        let what = run.what.as_str();
        findings.check(|| check::ok(&run));
        findings.check(|| check::plain(what, &run.stdout));
        findings.check(|| match format {
            "table" => {}
            "json" => {
                check::json(what, &run.stdout);
            }
            "jsonl" => {
                check::jsonl(what, &run.stdout);
            }
            _ => {
                check::csv(what, &run.stdout);
            }
        });
    }
    findings.done();
}

/// Doctor's verdicts (stdout) and stderr are plain, whatever the org answered.
fn doctor_output(findings: &mut Findings, run: &Run) {
    findings.check(|| check::no_panic(run));
    findings.check(|| check::plain(&format!("{}: stdout", run.what), &run.stdout));
    findings.check(|| check::plain(&format!("{}: stderr", run.what), run.stderr.as_bytes()));
    findings.check(|| {
        for line in run.text().lines() {
            let n = line.chars().count();
            assert!(n <= check::MAX_ERROR_LINE, "{}: a verdict of {n} characters", run.what);
        }
    });
}

/// The environment of a client-secret OAuth connection with `secret`.
fn client_secret_env(sim: &SimServer, secret: &str) -> Vec<(&'static str, String)> {
    let c = sim.credentials();
    vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_CLIENTSECRET", secret.to_string()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_with_good_and_refused_credentials() {
    let sim = start(hostile_config(USERS)).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    let mut wrong_token = ssws_env(&sim);
    wrong_token[1].1 = "00wrongTokenOfTheRightShape0000000000000000".to_string();
    let secret = sim.credentials().client_secret.clone();
    // Each credential, and the error doctor must name when the org refuses it.
    for (env, refusal) in [
        (ssws_env(&sim), None),
        (wrong_token, Some("E0000011")),
        (client_secret_env(&sim, &secret), None),
        (client_secret_env(&sim, "not-the-secret"), Some("invalid_client")),
    ] {
        let run = oktui_async(home.path(), &["doctor"], &env, LIMIT).await;
        doctor_output(&mut findings, &run);
        findings.check(|| {
            let code = if refusal.is_some() { 1 } else { 0 };
            assert_eq!(run.code, Some(code), "{}: exit code: {}", run.what, run.text());
            if let Some(error) = refusal {
                assert!(run.text().contains(error), "{}: names Okta's {error}, cleaned: {}", run.what, run.text());
            }
        });
    }
    findings.done();
}
