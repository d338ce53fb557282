//! The org's policies and their rules, shaped like Okta's examples for each policy type.

use chrono::Duration;
use rand::Rng;
use serde_json::{json, Value};

use super::clock::{between, Clock};
use crate::ids::{base62, okta_id};
use crate::org::{SimGroup, SimPolicy, SimPolicyRule};

const DEFAULT_DESCRIPTION: &str = "The default policy applies in all situations if no other policy applies.";

/// A policy before it gets ids and timestamps.
struct PolicyDef {
    policy_type: &'static str,
    name: &'static str,
    description: &'static str,
    system: bool,
    conditions: Value,
    settings: Value,
    rules: Vec<RuleDef>,
}

/// A rule before it gets an id and timestamps.
struct RuleDef {
    name: &'static str,
    priority: u32,
    system: bool,
    conditions: Value,
    actions: Value,
}

/// Group ids the policies refer to, by name (empty when the org lacks the group).
struct Groups<'a>(&'a [SimGroup]);

impl Groups<'_> {
    fn ids(&self, names: &[&str]) -> Value {
        let ids: Vec<&str> =
            names.iter().filter_map(|n| self.0.iter().find(|g| g.name == *n)).map(|g| g.id.as_str()).collect();
        json!(ids)
    }

    fn include(&self, names: &[&str]) -> Value {
        json!({ "people": { "groups": { "include": self.ids(names) } } })
    }
}

/// Every policy of the org; priorities run from 1 within each policy type, system defaults last.
pub(crate) fn policies(rng: &mut impl Rng, groups: &[SimGroup], clock: Clock) -> Vec<SimPolicy> {
    let g = Groups(groups);
    let mut defs = sign_on(&g);
    defs.extend(password(&g));
    defs.extend(mfa_enroll(&g));
    defs.extend(access(&g));
    defs.push(profile_enrollment(rng));
    defs.push(idp_discovery());
    let mut next_priority: Vec<(&str, u32)> = Vec::new();
    defs.into_iter()
        .map(|d| {
            let priority = match next_priority.iter_mut().find(|(t, _)| *t == d.policy_type) {
                Some((_, p)) => {
                    *p += 1;
                    *p
                }
                None => {
                    next_priority.push((d.policy_type, 1));
                    1
                }
            };
            materialize(rng, d, priority, clock)
        })
        .collect()
}

fn materialize(rng: &mut impl Rng, d: PolicyDef, priority: u32, clock: Clock) -> SimPolicy {
    let oie = matches!(d.policy_type, "ACCESS_POLICY" | "PROFILE_ENROLLMENT");
    let (policy_prefix, rule_prefix) = if oie { ("rst", "rul") } else { ("00p", "0pr") };
    let created = match d.system {
        true => clock.founded,
        false => between(rng, clock.founded + Duration::days(90), clock.anchor - Duration::days(30)),
    };
    let last_updated = between(rng, created, clock.anchor - Duration::days(1));
    let rule_type = match d.policy_type {
        "OKTA_SIGN_ON" => "SIGN_ON",
        other => other,
    };
    let rules = d
        .rules
        .into_iter()
        .map(|r| {
            let rule_created = if r.system { created } else { between(rng, created, last_updated) };
            SimPolicyRule {
                id: okta_id(rng, rule_prefix),
                name: r.name.to_string(),
                priority: r.priority,
                status: "ACTIVE".to_string(),
                system: r.system,
                rule_type: rule_type.to_string(),
                created: rule_created,
                last_updated: between(rng, rule_created, last_updated),
                conditions: r.conditions,
                actions: r.actions,
            }
        })
        .collect();
    SimPolicy {
        id: okta_id(rng, policy_prefix),
        policy_type: d.policy_type.to_string(),
        name: d.name.to_string(),
        description: d.description.to_string(),
        priority,
        status: "ACTIVE".to_string(),
        system: d.system,
        created,
        last_updated,
        conditions: d.conditions,
        settings: d.settings,
        rules,
    }
}

fn sign_on_conditions() -> Value {
    json!({
        "people": { "users": { "exclude": [] } },
        "network": { "connection": "ANYWHERE" },
        "riskScore": { "level": "ANY" },
        "identityProvider": { "provider": "ANY" },
        "authContext": { "authType": "ANY" },
    })
}

fn signon(require_factor: bool, prompt: Option<&str>, idle: u32, lifetime: u32) -> Value {
    let mut signon = json!({
        "access": "ALLOW",
        "requireFactor": require_factor,
        "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
        "rememberDeviceByDefault": false,
        "session": {
            "usePersistentCookie": false,
            "maxSessionIdleMinutes": idle,
            "maxSessionLifetimeMinutes": lifetime,
        },
    });
    if let Some(prompt) = prompt {
        signon["factorPromptMode"] = json!(prompt);
        signon["factorLifetime"] = json!(15);
    }
    json!({ "signon": signon })
}

fn sign_on(g: &Groups) -> Vec<PolicyDef> {
    vec![
        PolicyDef {
            policy_type: "OKTA_SIGN_ON",
            name: "Contractors sign-on",
            description: "Shorter sessions and MFA at every sign-in for contractors",
            system: false,
            conditions: g.include(&["Contractors"]),
            settings: Value::Null,
            rules: vec![RuleDef {
                name: "Contractors: MFA every sign-in",
                priority: 1,
                system: false,
                conditions: sign_on_conditions(),
                actions: signon(true, Some("ALWAYS"), 60, 720),
            }],
        },
        PolicyDef {
            policy_type: "OKTA_SIGN_ON",
            name: "Default Policy",
            description: DEFAULT_DESCRIPTION,
            system: true,
            conditions: g.include(&["Everyone"]),
            settings: Value::Null,
            rules: vec![
                RuleDef {
                    name: "Require MFA for new sessions",
                    priority: 1,
                    system: false,
                    conditions: sign_on_conditions(),
                    actions: signon(true, Some("SESSION"), 120, 1440),
                },
                RuleDef {
                    name: "Default Rule",
                    priority: 2,
                    system: true,
                    conditions: sign_on_conditions(),
                    actions: signon(false, None, 120, 0),
                },
            ],
        },
    ]
}

fn password(g: &Groups) -> Vec<PolicyDef> {
    let mut conditions = g.include(&["Everyone"]);
    conditions["authProvider"] = json!({ "provider": "OKTA" });
    vec![PolicyDef {
        policy_type: "PASSWORD",
        name: "Default Policy",
        description: DEFAULT_DESCRIPTION,
        system: true,
        conditions,
        settings: json!({
            "password": {
                "complexity": {
                    "minLength": 12,
                    "minLowerCase": 1,
                    "minUpperCase": 1,
                    "minNumber": 1,
                    "minSymbol": 0,
                    "excludeUsername": true,
                    "dictionary": { "common": { "exclude": true } },
                    "excludeAttributes": ["firstName", "lastName"],
                },
                "age": { "maxAgeDays": 90, "expireWarnDays": 7, "minAgeMinutes": 60, "historyCount": 10 },
                "lockout": {
                    "maxAttempts": 10,
                    "autoUnlockMinutes": 0,
                    "userLockoutNotificationChannels": ["EMAIL"],
                    "showLockoutFailures": false,
                },
            },
            "recovery": {
                "factors": {
                    "recovery_question": { "status": "ACTIVE", "properties": { "complexity": { "minLength": 4 } } },
                    "okta_email": { "status": "ACTIVE", "properties": { "recoveryToken": { "tokenLifetimeMinutes": 60 } } },
                    "okta_sms": { "status": "INACTIVE" },
                    "okta_call": { "status": "INACTIVE" },
                },
            },
            "delegation": { "options": { "skipUnlock": false } },
        }),
        rules: vec![RuleDef {
            name: "Default Rule",
            priority: 1,
            system: true,
            conditions: json!({
                "people": { "users": { "exclude": [] } },
                "network": { "connection": "ANYWHERE" },
            }),
            actions: json!({
                "passwordChange": { "access": "ALLOW" },
                "selfServicePasswordReset": {
                    "access": "ALLOW",
                    "requirement": { "primary": { "methods": ["email"] }, "stepUp": { "required": false } },
                },
                "selfServiceUnlock": { "access": "DENY" },
            }),
        }],
    }]
}

fn authenticators(list: &[(&str, &str)]) -> Value {
    let list: Vec<Value> = list.iter().map(|(key, mode)| json!({ "key": key, "enroll": { "self": mode } })).collect();
    json!({ "type": "AUTHENTICATORS", "authenticators": list })
}

fn enroll_rule(name: &'static str, system: bool, when: &str) -> RuleDef {
    RuleDef {
        name,
        priority: 1,
        system,
        conditions: json!({
            "people": { "users": { "exclude": [] } },
            "network": { "connection": "ANYWHERE" },
        }),
        actions: json!({ "enroll": { "self": when } }),
    }
}

fn mfa_enroll(g: &Groups) -> Vec<PolicyDef> {
    vec![
        PolicyDef {
            policy_type: "MFA_ENROLL",
            name: "Legacy — SMS allowed",
            description: "Kept for teams still migrating off SMS and security questions",
            system: false,
            conditions: g.include(&["Contractors", "Operations"]),
            settings: authenticators(&[
                ("okta_password", "REQUIRED"),
                ("okta_verify", "OPTIONAL"),
                ("phone_number", "OPTIONAL"),
                ("security_question", "OPTIONAL"),
                ("okta_email", "OPTIONAL"),
                ("webauthn", "OPTIONAL"),
            ]),
            rules: vec![enroll_rule("Legacy enrollment", false, "LOGIN")],
        },
        PolicyDef {
            policy_type: "MFA_ENROLL",
            name: "Default Policy",
            description: DEFAULT_DESCRIPTION,
            system: true,
            conditions: g.include(&["Everyone"]),
            settings: authenticators(&[
                ("okta_password", "REQUIRED"),
                ("okta_verify", "REQUIRED"),
                ("webauthn", "OPTIONAL"),
                ("google_otp", "OPTIONAL"),
                ("okta_email", "OPTIONAL"),
                ("phone_number", "NOT_ALLOWED"),
                ("security_question", "NOT_ALLOWED"),
            ]),
            rules: vec![enroll_rule("Default Rule", true, "CHALLENGE")],
        },
    ]
}

/// An app sign-in rule: access, factor mode, re-authentication period and constraints.
fn app_sign_on(access: &str, factor_mode: &str, reauth: &str, constraints: Value) -> Value {
    json!({
        "appSignOn": {
            "access": access,
            "verificationMethod": {
                "factorMode": factor_mode,
                "type": "ASSURANCE",
                "reauthenticateIn": reauth,
                "constraints": constraints,
            },
        },
    })
}

fn catch_all(actions: Value) -> RuleDef {
    RuleDef { name: "Catch-all Rule", priority: 99, system: true, conditions: Value::Null, actions }
}

fn access_rule(name: &'static str, conditions: Value, actions: Value) -> RuleDef {
    RuleDef { name, priority: 0, system: false, conditions, actions }
}

fn access_policy(name: &'static str, description: &'static str, system: bool, rules: Vec<RuleDef>) -> PolicyDef {
    PolicyDef {
        policy_type: "ACCESS_POLICY",
        name,
        description,
        system,
        conditions: Value::Null,
        settings: Value::Null,
        rules,
    }
}

fn access(g: &Groups) -> Vec<PolicyDef> {
    let phishing_resistant = json!([{ "possession": { "required": true, "phishingResistant": "REQUIRED" } }]);
    let any_possession = json!([{ "possession": { "required": true } }]);
    let mut admins = g.include(&["Admins"]);
    admins["network"] = json!({ "connection": "ANYWHERE" });
    admins["riskScore"] = json!({ "level": "ANY" });
    let mut engineers = g.include(&["Engineering", "Engineering On-Call"]);
    engineers["riskScore"] = json!({ "level": "ANY" });
    vec![
        access_policy(
            "Okta Admin Console",
            "Sign-in requirements for the Okta Admin Console",
            false,
            vec![
                access_rule("Admins: MFA every 2 hours", admins, app_sign_on("ALLOW", "2FA", "PT2H", any_possession)),
                catch_all(app_sign_on("DENY", "2FA", "PT12H", json!([]))),
            ],
        ),
        access_policy(
            "Okta Dashboard",
            "Sign-in requirements for the end-user dashboard",
            false,
            vec![catch_all(app_sign_on("ALLOW", "2FA", "PT12H", json!([])))],
        ),
        access_policy(
            "Engineering tools",
            "Phishing-resistant MFA for source code and cloud consoles",
            false,
            vec![
                access_rule(
                    "Engineers: phishing-resistant",
                    engineers,
                    app_sign_on("ALLOW", "2FA", "PT8H", phishing_resistant),
                ),
                catch_all(app_sign_on("DENY", "2FA", "PT12H", json!([]))),
            ],
        ),
        access_policy(
            "Default Policy",
            "The default app sign-in policy",
            true,
            vec![catch_all(app_sign_on("ALLOW", "1FA", "PT12H", json!([])))],
        ),
    ]
}

fn profile_enrollment(rng: &mut impl Rng) -> PolicyDef {
    let attribute = |name: &str, label: &str| json!({ "name": name, "label": label, "required": true });
    PolicyDef {
        policy_type: "PROFILE_ENROLLMENT",
        name: "Default Policy",
        description: DEFAULT_DESCRIPTION,
        system: true,
        conditions: Value::Null,
        settings: Value::Null,
        rules: vec![catch_all(json!({
            "profileEnrollment": {
                "access": "ALLOW",
                "preRegistrationInlineHooks": null,
                "profileAttributes": [
                    attribute("email", "Email"),
                    attribute("firstName", "First name"),
                    attribute("lastName", "Last name"),
                ],
                "targetGroupIds": null,
                "unknownUserAction": "DENY",
                "activationRequirements": { "emailVerification": true },
                "uiSchemaId": format!("uis{}", base62(rng, 17)),
                "progressiveProfilingAction": "DISABLED",
            },
        }))],
    }
}

/// The IdP discovery policy every Identity Engine org ships: no conditions (the type has none),
/// and one system rule sending everyone to Okta itself.
fn idp_discovery() -> PolicyDef {
    PolicyDef {
        policy_type: "IDP_DISCOVERY",
        name: "Idp Discovery Policy",
        description: DEFAULT_DESCRIPTION,
        system: true,
        conditions: Value::Null,
        settings: Value::Null,
        rules: vec![RuleDef {
            name: "Default Rule",
            priority: 1,
            system: true,
            conditions: json!({
                "network": { "connection": "ANYWHERE" },
                "platform": { "include": [], "exclude": [] },
                "userIdentifier": { "patterns": [] },
                "app": { "include": [], "exclude": [] },
            }),
            actions: json!({
                "idp": {
                    "providers": [{ "type": "OKTA" }],
                    "idpSelectionType": "SPECIFIC",
                    "shouldFallBackToOkta": false,
                },
            }),
        }],
    }
}
