//! Panther's Okta rule tests (`tests/fixtures/panther`, copied from the shared samples with
//! a NOTICE): for every test event of a rule that maps to one of our kinds, `hunt` over that
//! event raises the kind exactly when the rule's `ExpectedResult` is true. Every rule id of
//! the index is either mapped or listed as unmapped with the reason, so the table is complete.

use std::collections::BTreeSet;

use chrono::{Duration, SecondsFormat};
use oktui::investigate::{hunt, DetectionConfig, Directory, FindingKind};
use oktui::okta::model::{parse_okta_time, LogEvent};
use serde_json::Value;

const EVENTS: &str = include_str!("../fixtures/panther/okta_rule_tests.ndjson");
const INDEX: &str = include_str!("../fixtures/panther/okta_rule_tests.index.tsv");

/// Rule id → our kind, and how many copies of the test event (a minute apart) the rule's
/// threshold needs: Panther applies thresholds outside the rule function the test calls.
const MAPPED: &[(&str, FindingKind, usize)] = &[
    ("Okta.Support.Access", FindingKind::Impersonation, 1),
    ("Okta.Global.MFA.Disabled", FindingKind::PolicyWeakened, 1),
    ("Okta.AdminRoleAssigned", FindingKind::PrivilegeGrant, 1),
    ("Okta.Anonymizing.VPN.Login", FindingKind::ProxySignIn, 1),
    ("Okta.APIKeyCreated", FindingKind::ApiTokenCreated, 1),
    ("Okta.Refresh.Access.Token.Reuse", FindingKind::SessionAnomaly, 1),
    ("Okta.Group.Admin.Role.Assigned", FindingKind::PrivilegeGrant, 1),
    ("Okta.Identity.Provider.Created.Modified", FindingKind::PolicyWeakened, 1),
    ("Okta.New.Behavior.Accessing.Admin.Console", FindingKind::AdminConsoleAccess, 1),
    ("Okta.Phishing.Attempt.Blocked.FastPass", FindingKind::ThreatDetected, 1),
    ("Okta.ThreatInsight.Security.Threat.Detected", FindingKind::ThreatDetected, 1),
    ("Okta.User.Account.Locked", FindingKind::Lockout, 1),
    ("Okta.User.MFA.Reset.All", FindingKind::FactorReset, 1),
    ("Okta.User.Reported.Suspicious.Activity", FindingKind::ThreatDetected, 1),
    ("Okta.BruteForceLogins", FindingKind::BruteForce, 5),
    ("Okta.GeographicallyImprobableAccess", FindingKind::ImpossibleTravel, 1),
    ("Okta.SkeletonKey.Bypass", FindingKind::SessionAnomaly, 1),
    ("Okta.ServiceApp.MFA.Factor.Deactivate", FindingKind::FactorReset, 1),
    ("Okta.Support.Reset", FindingKind::FactorReset, 1),
];

/// Rule ids with no kind of ours, and why.
const UNMAPPED: &[(&str, &str)] = &[
    ("Okta.APIKeyRevoked", "revoking a token is clean-up, not a kind of ours"),
    ("Okta.App.Unauthorized.Access.Attempt", "an attempt to open an unassigned app: no kind"),
    ("Okta.Identity.Provider.SignIn", "a sign-in through an IdP is routine in federated orgs"),
    ("Okta.Login.Success", "a signal on every successful sign-in, not a detection"),
    ("Okta.Login.Without.Push.Marker", "needs the org's own push marker"),
    ("Okta.Org2org.Creation.Modification", "app lifecycle: no kind"),
    ("Okta.PasswordAccess", "an SWA password revealed: no kind"),
    ("Okta.Password.Extraction.via.SCIM", "an app provisioning setting: no kind"),
    (
        "Okta.PotentiallyStolenSession",
        "compares with the rule's stored earlier sessions; one event cannot show a second place",
    ),
    ("Okta.Rate.Limits", "rate limits: no kind"),
    ("Okta.SSO.to.AWS", "a context signal for correlation rules"),
    (
        "Okta.User.MFA.Factor.Suspend",
        "its negative test is a reset of all factors, which factor_reset raises on purpose",
    ),
    (
        "Okta.User.MFA.Reset.Single",
        "fires on a user resetting their own factor, which factor_reset leaves alone on purpose",
    ),
    (
        "Okta.ADAgent.TokenAbuse",
        "AD-agent specific; its negatives are ordinary token creations, which api_token_created raises",
    ),
    ("Okta.SWA.App.Access", "SWA app use: no kind"),
    ("Okta.SWA.OffHours.Access", "SWA app use by hour of day: no kind"),
    ("Okta.ServiceApp.DangerousScope.TokenGrant", "OAuth scope grants to service apps: no kind"),
];

/// One row of the index.
struct Case {
    line: usize,
    rule: String,
    name: String,
    expected: bool,
}

fn cases() -> Vec<Case> {
    INDEX
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Case {
                line: cols[0].parse().unwrap(),
                rule: cols[3].to_string(),
                name: cols[4].to_string(),
                expected: cols[5].trim() == "True",
            }
        })
        .collect()
}

/// `count` copies of the event, each a minute after the one before, with its own uuid.
fn copies(raw: &Value, count: usize) -> Vec<LogEvent> {
    let object = raw.as_object().unwrap();
    let published = ["published", "Published"].iter().find_map(|k| object.get(*k)?.as_str()).and_then(parse_okta_time);
    (0..count)
        .map(|k| {
            let mut copy = object.clone();
            if count > 1 {
                let uuid = copy.get("uuid").and_then(Value::as_str).unwrap_or("event").to_string();
                copy.insert("uuid".into(), Value::String(format!("{uuid}-{k}")));
                let at = published.unwrap() + Duration::minutes(k as i64);
                copy.insert("published".into(), Value::String(at.to_rfc3339_opts(SecondsFormat::Millis, true)));
            }
            LogEvent::from_object(copy)
        })
        .collect()
}

#[test]
fn the_mapping_covers_every_rule_once() {
    let rules: BTreeSet<String> = cases().into_iter().map(|c| c.rule).collect();
    let mapped: BTreeSet<String> = MAPPED.iter().map(|m| m.0.to_string()).collect();
    let unmapped: BTreeSet<String> = UNMAPPED.iter().map(|u| u.0.to_string()).collect();
    assert!(mapped.is_disjoint(&unmapped));
    let listed: BTreeSet<String> = mapped.union(&unmapped).cloned().collect();
    assert_eq!(listed, rules, "the table must list every rule id of the index, and only those");
    assert_eq!(MAPPED.len() + UNMAPPED.len(), rules.len());
}

#[test]
fn our_verdict_matches_panthers_on_every_mapped_test_event() {
    let lines: Vec<Value> = EVENTS.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let config = DetectionConfig::default();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for case in cases() {
        let raw = &lines[case.line - 1];
        let Some(&(_, kind, count)) = MAPPED.iter().find(|m| m.0 == case.rule) else {
            hunt(&copies(raw, 1), &Directory::default(), &config);
            continue;
        };
        let findings = hunt(&copies(raw, count), &Directory::default(), &config);
        let fired = findings.iter().any(|f| f.kind == kind);
        checked += 1;
        if fired != case.expected {
            wrong.push(format!(
                "line {} {} \"{}\": expected {}, {} {}",
                case.line,
                case.rule,
                case.name,
                case.expected,
                kind.name(),
                if fired { "fired" } else { "did not fire" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {checked} disagree:\n{}", wrong.len(), wrong.join("\n"));
    assert_eq!(checked, 47, "mapped test events");
}
