//! `oktui doctor`: checks every step between oktui and the org, and on each failure prints
//! the exact fix. Exit 0 only if the console can work; a credential holding more than the
//! console needs passes with a warning naming the smaller role or scopes (`privilege`).
//! Every failure and warning starts with a lead from `diagnoses`, the keys of the guide's
//! troubleshooting table.

pub mod diagnoses;
mod privilege;

use std::io::Write;

use anyhow::Result;
use chrono::Utc;
use serde_json::Value;

use crate::cli::GlobalArgs;
use crate::config::Profile;
use crate::okta::api::logs::{LogQuery, SortOrder};
use crate::okta::api::{apps, groups, groups::GroupQuery, policies, users, users::UserQuery};
use crate::okta::client::{Client, Response};
use crate::okta::credential::{Credential, ACTION_SCOPE, READ_SCOPES};
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;
use crate::sanitize::clean;
use diagnoses::{
    ACTIONS_WITHOUT_SCOPE, APP_ROLE_STEP, CLOCK_SKEW, EMPTY_USERS, MISSING_SCOPES, NO_DATE, NO_ROLE_FOR_USERS,
    OWNER_ROLE_STEP, RATE_LOW, TOKEN_REFUSED, UNNEEDED_MANAGE_SCOPES, USERS_NOT_JSON,
};

/// Clock skew beyond which signed assertions and DPoP proofs start failing.
const MAX_SKEW_SECS: i64 = 60;

/// One check's verdict.
enum Verdict {
    Pass(String),
    Warn(String),
    Fail(String),
}

/// Where the verdicts go, and whether any failed.
struct Report<'a, W: Write> {
    out: &'a mut W,
    failed: bool,
}

impl<W: Write> Report<'_, W> {
    /// Prints one verdict. Its detail quotes what the org, the token endpoint and the config
    /// said, so it passes the sanitiser here, the one way to the terminal.
    fn line(&mut self, what: &str, verdict: Verdict) -> std::io::Result<()> {
        match verdict {
            Verdict::Pass(d) => writeln!(self.out, "✓ {what}: {}", clean(&d)),
            Verdict::Warn(d) => writeln!(self.out, "✓ {what}: {} (warning)", clean(&d)),
            Verdict::Fail(d) => {
                self.failed = true;
                writeln!(self.out, "✗ {what}: {}", clean(&d))
            }
        }
    }
}

/// Runs every check; returns whether all essential ones passed.
pub async fn run(global: &GlobalArgs, out: &mut impl Write) -> Result<bool> {
    let profile = match super::load_profile(global) {
        Ok(p) => p,
        Err(e) => {
            Report { out, failed: false }.line("configuration", Verdict::Fail(super::error_line(&e)))?;
            return Ok(false);
        }
    };
    check(&profile, global.request_timeout(), out).await
}

/// Runs every check on a loaded profile, each answer awaited at most `timeout`.
pub async fn check(profile: &Profile, timeout: std::time::Duration, out: &mut impl Write) -> Result<bool> {
    let mut report = Report { out, failed: false };
    let label = profile.label.clone().map(|l| format!(" ({l})")).unwrap_or_default();
    report.line("profile", Verdict::Pass(format!("{}{label}, org {}", profile.name, profile.org_url.as_str())))?;
    let client = match profile.client(timeout) {
        Ok(c) => c,
        Err(e) => {
            report.line("credential", Verdict::Fail(e.to_string()))?;
            return Ok(false);
        }
    };
    report.line("auth mode", Verdict::Pass(client.auth().describe()))?;

    // The first call acquires the token (OAuth) and proves the org answers.
    let probe =
        users::list(&UserQuery { limit: Some(1), ..UserQuery::default() }).probe(&client, Priority::Interactive).await;
    match &probe {
        Err(OktaError::Auth(e)) => {
            report.line("token", Verdict::Fail(e.to_string()))?;
            if let Some(missing) = missing_scopes(&client, &profile.credential).await {
                report.line("scopes", Verdict::Fail(missing))?;
            }
            return Ok(false);
        }
        Err(OktaError::Network { .. }) => {
            report.line("reach the org", Verdict::Fail(probe_error(&probe)))?;
            return Ok(false);
        }
        _ => report.line("reach the org", Verdict::Pass(format!("{} answers", profile.org_url.host())))?,
    }
    if let (Err(e), Credential::ApiToken(_)) = (&probe, &profile.credential) {
        if e.status() == Some(401) {
            report.line(
                "token",
                Verdict::Fail(format!(
                    "{TOKEN_REFUSED} ({e}): it is mistyped, revoked, unused for 30 days, or its admin was deactivated \
                 (Okta deprovisions a deactivated admin's tokens). Mint a new one as the dedicated admin \
                 (Admin Console > Security > API > Tokens > Create token) and store it where the profile reads it"
                )),
            )?;
            return Ok(false);
        }
    }
    token_and_scopes(&mut report, &client, &profile.credential, profile.read_only)?;
    privilege::roles(&mut report, &client, &profile.credential, profile.read_only).await?;
    admin_role(&mut report, &probe, &profile.credential)?;
    let newest_event = LogQuery { limit: Some(1), order: Some(SortOrder::Descending), ..LogQuery::default() };
    for (what, listing) in [
        ("read groups", groups::list(&GroupQuery { limit: Some(1), ..GroupQuery::default() })),
        ("read apps", apps::list(None, 1)),
        ("read policies", policies::list("OKTA_SIGN_ON")),
        ("read the System Log", newest_event.listing()),
    ] {
        let verdict = match listing.probe(&client, Priority::Interactive).await {
            Ok(_) => Verdict::Pass("allowed".into()),
            Err(e) => Verdict::Fail(e.to_string()),
        };
        report.line(what, verdict)?;
    }
    engine(&mut report, &client).await?;
    if let Ok(resp) = &probe {
        clock(&mut report, resp)?;
    }
    rate_limits(&mut report, &client)?;
    Ok(!report.failed)
}

/// The org's engine, as `/.well-known/okta-organization` names it: whose expressions of
/// Okta's detection catalog run (unless `[detections] catalog_engine` says).
async fn engine<W: Write>(report: &mut Report<'_, W>, client: &Client) -> std::io::Result<()> {
    let (engine, from) = crate::catalog::engine_of(client, crate::investigate::CatalogEngine::Auto).await;
    let name = match engine {
        crate::catalog::Engine::Oie => "Identity Engine",
        crate::catalog::Engine::Classic => "Classic Engine",
    };
    report.line("engine", Verdict::Pass(format!("{name} ({from}): the catalog runs its {} expressions", engine.key())))
}

fn probe_error(probe: &Result<Response, OktaError>) -> String {
    probe.as_ref().err().map(ToString::to_string).unwrap_or_default()
}

fn token_and_scopes<W: Write>(
    report: &mut Report<'_, W>,
    client: &Client,
    credential: &Credential,
    read_only: bool,
) -> std::io::Result<()> {
    if matches!(credential, Credential::ApiToken(_)) {
        return report.line(
            "token",
            Verdict::Pass("SSWS tokens carry their admin's role, not scopes; prefer OAuth for least privilege".into()),
        );
    }
    let dpop = if client.auth().uses_dpop() { "DPoP-bound" } else { "Bearer" };
    report.line("token", Verdict::Pass(format!("acquired ({dpop})")))?;
    let granted = client.auth().granted_scopes().unwrap_or_default();
    let mut needed: Vec<&str> = READ_SCOPES.to_vec();
    if !read_only {
        needed.push(ACTION_SCOPE);
    }
    let missing: Vec<&str> = needed.iter().copied().filter(|s| !granted.iter().any(|g| g == s)).collect();
    if missing.is_empty() {
        report.line("scopes", Verdict::Pass(granted.join(" ")))?;
    } else {
        report.line("scopes", Verdict::Fail(scope_fix(&missing)))?;
    }
    if !read_only {
        report.line("action scopes", action_scopes(&granted))?;
    }
    let manage: Vec<&str> = granted.iter().map(String::as_str).filter(|g| g.ends_with(".manage")).collect();
    if read_only && !manage.is_empty() {
        let reads: Vec<String> = manage.iter().map(|m| m.replace(".manage", ".read")).collect();
        report.line(
            "least privilege",
            Verdict::Warn(format!(
                "{UNNEEDED_MANAGE_SCOPES} ({}): {} will do; take the .manage grants off the app (Okta API Scopes > \
                 Revoke) and out of the profile's scopes",
                manage.join(", "),
                reads.join(", ")
            )),
        )?;
    }
    Ok(())
}

/// Which actions the granted scopes allow: each action's own scope (the spec's `security`)
/// and the admin role it needs; the ones without their scope are named with both.
fn action_scopes(granted: &[String]) -> Verdict {
    let mut missing: Vec<(&'static str, Vec<&'static str>, &'static str)> = Vec::new();
    for action in crate::actions::OrgChange::kinds() {
        let scope = action.scope();
        if granted.iter().any(|g| g == scope) {
            continue;
        }
        match missing.iter_mut().find(|(s, _, _)| *s == scope) {
            Some((_, names, _)) => names.push(action.name()),
            None => missing.push((scope, vec![action.name()], action.admin_role())),
        }
    }
    if missing.is_empty() {
        return Verdict::Pass("every action's scope is granted".into());
    }
    let parts: Vec<String> =
        missing.iter().map(|(scope, names, role)| format!("{} need {scope} (and {role})", names.join(", "))).collect();
    Verdict::Warn(format!(
        "{ACTIONS_WITHOUT_SCOPE}: {}. Grant each scope on the app's Okta API Scopes tab and list it in the profile's \
         `scopes` to use them; the other actions work",
        parts.join("; ")
    ))
}

fn scope_fix(missing: &[&str]) -> String {
    format!(
        "{MISSING_SCOPES}: {}. Grant them to the app (Admin Console > Applications > the app > Okta API Scopes) and list them in the profile's `scopes`",
        missing.join(", ")
    )
}

/// When the token endpoint refuses the scope set, asks for each scope alone to name the
/// ones the app was not granted.
async fn missing_scopes(client: &Client, credential: &Credential) -> Option<String> {
    let (scopes, one) = match credential {
        Credential::ApiToken(_) => return None,
        Credential::ClientSecret { scopes, .. } | Credential::PrivateKey { scopes, .. } => (scopes.clone(), credential),
    };
    let mut missing = Vec::new();
    for scope in &scopes {
        let single = match one.clone() {
            Credential::ClientSecret { client_id, secret, .. } => {
                Credential::ClientSecret { client_id, secret, scopes: vec![scope.clone()] }
            }
            Credential::PrivateKey { client_id, key, key_id, .. } => {
                Credential::PrivateKey { client_id, key, key_id, scopes: vec![scope.clone()] }
            }
            Credential::ApiToken(_) => return None,
        };
        let Ok(probe) = Client::new(client.org().clone(), single) else { return None };
        let url = url::Url::parse(&client.org().url(users::COLLECTION)).ok()?;
        if let Err(e) = probe.auth().headers(&reqwest::Method::GET, &url).await {
            if e.to_string().contains("invalid_scope") {
                missing.push(scope.as_str());
            }
        }
    }
    (!missing.is_empty()).then(|| scope_fix(&missing))
}

fn admin_role<W: Write>(
    report: &mut Report<'_, W>,
    probe: &Result<Response, OktaError>,
    credential: &Credential,
) -> std::io::Result<()> {
    let step = match credential {
        Credential::ApiToken(_) => OWNER_ROLE_STEP,
        _ => APP_ROLE_STEP,
    };
    let verdict = match probe {
        Ok(resp) => match serde_json::from_slice::<Vec<Value>>(&resp.body) {
            Ok(users) if users.is_empty() => Verdict::Fail(format!(
                "{EMPTY_USERS} with a 200: the credential probably has no admin role, or one limited to groups \
                 without members. Assign Read-Only Administrator ({step})"
            )),
            Ok(_) => Verdict::Pass("users are readable".into()),
            Err(e) => Verdict::Fail(format!("{USERS_NOT_JSON} ({e})")),
        },
        Err(e) if e.code() == Some("E0000006") => Verdict::Fail(format!(
            "{NO_ROLE_FOR_USERS} ({e}): the scopes let it ask, its admin role decides what it may see. \
             Assign Read-Only Administrator ({step})"
        )),
        Err(e) => Verdict::Fail(e.to_string()),
    };
    report.line("admin role", verdict)
}

fn clock<W: Write>(report: &mut Report<'_, W>, resp: &Response) -> std::io::Result<()> {
    let Some(server) = resp
        .headers
        .get("date")
        .and_then(|v| v.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
    else {
        return report.line("clock", Verdict::Warn(NO_DATE.into()));
    };
    let skew = Utc::now().signed_duration_since(server).num_seconds();
    let verdict = if skew.abs() > MAX_SKEW_SECS {
        Verdict::Fail(format!("{CLOCK_SKEW} {skew} s: sync it (NTP), or signed assertions and DPoP proofs fail"))
    } else {
        Verdict::Pass(format!("{skew:+} s from the org's"))
    };
    report.line("clock", verdict)
}

fn rate_limits<W: Write>(report: &mut Report<'_, W>, client: &Client) -> std::io::Result<()> {
    for bucket in client.limiter().status() {
        let share = if bucket.limit == 0 { 0.0 } else { f64::from(bucket.remaining) / f64::from(bucket.limit) };
        let detail = format!("{} of {} left, resets in {} s", bucket.remaining, bucket.limit, bucket.resets_in);
        let verdict = if share < 0.1 { Verdict::Warn(format!("{detail}; {RATE_LOW}")) } else { Verdict::Pass(detail) };
        report.line(&format!("rate limit {}", bucket.key), verdict)?;
    }
    Ok(())
}
