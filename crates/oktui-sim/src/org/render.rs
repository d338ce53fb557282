//! The JSON Okta's Management API returns for each object of the simulated org, following
//! the shapes of Okta's spec and its examples. Links are absolute, under `base` (the org URL,
//! no trailing slash). Ids Okta shows but the sim does not store (app assignment ids, app link
//! ids, signing key ids) are derived from the object's own ids, so they are stable.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::generate::app_url;
use super::{SimApp, SimFactor, SimGroup, SimPolicy, SimPolicyRule, SimRole, SimUser};
use crate::ids::okta_time;

/// Id of the org's default user type: every user's `type.id`.
pub const USER_TYPE_ID: &str = "oty1qkf7bZ2hLw8RW0g4";
/// Id of the default user profile schema.
pub const USER_SCHEMA_ID: &str = "osc1qkf7bZ2hLw8RW0g4";

const DEFAULT_LOGO: &str = "assets/img/logos/default.6770228fb0dab49a1695ef440a5279bb.png";

/// A User (`GET /api/v1/users/{id}`), with the lifecycle links its status allows.
pub fn user(u: &SimUser, base: &str) -> Value {
    json!({
        "id": u.id,
        "status": u.status,
        "created": time(u.created),
        "activated": opt_time(u.activated),
        "statusChanged": opt_time(u.status_changed),
        "lastLogin": opt_time(u.last_login),
        "lastUpdated": time(u.last_updated),
        "passwordChanged": opt_time(u.password_changed),
        "type": { "id": USER_TYPE_ID },
        "profile": user_profile(u),
        "credentials": credentials(u),
        "_links": user_links(u, base),
    })
}

fn user_profile(u: &SimUser) -> Value {
    let p = &u.profile;
    json!({
        "login": p.login,
        "email": p.email,
        "secondEmail": null,
        "firstName": p.first_name,
        "lastName": p.last_name,
        "displayName": p.display_name,
        "department": p.department,
        "title": p.title,
        "city": p.city,
        "state": p.state,
        "countryCode": p.country_code,
        "mobilePhone": p.mobile_phone,
        "employeeNumber": p.employee_number,
        "userType": p.user_type,
    })
}

fn credentials(u: &SimUser) -> Value {
    let mut c = json!({ "provider": { "type": "OKTA", "name": "OKTA" } });
    if u.password_changed.is_some() {
        c["password"] = json!({});
    }
    let question = u.factors.iter().find(|f| f.factor_type == "question" && f.status == "ACTIVE");
    if let Some(text) = question.and_then(|f| f.profile.get("questionText")) {
        c["recovery_question"] = json!({ "question": text });
    }
    c
}

/// The lifecycle and credential operations Okta offers for a user in `status`.
fn lifecycle_rels(status: &str) -> &'static [&'static str] {
    const CREDENTIALS: &[&str] = &[
        "resetPassword",
        "resetFactors",
        "expirePassword",
        "forgotPassword",
        "changeRecoveryQuestion",
        "changePassword",
        "deactivate",
    ];
    match status {
        "ACTIVE" => &[
            "suspend",
            "resetPassword",
            "resetFactors",
            "expirePassword",
            "forgotPassword",
            "changeRecoveryQuestion",
            "changePassword",
            "deactivate",
        ],
        "LOCKED_OUT" => &[
            "unlock",
            "resetPassword",
            "resetFactors",
            "expirePassword",
            "forgotPassword",
            "changeRecoveryQuestion",
            "changePassword",
            "deactivate",
        ],
        "PASSWORD_EXPIRED" | "RECOVERY" => CREDENTIALS,
        "SUSPENDED" => &["unsuspend", "deactivate"],
        "STAGED" => &["activate", "deactivate"],
        "PROVISIONED" => &["reactivate", "deactivate"],
        "DEPROVISIONED" => &["activate"],
        _ => &["deactivate"],
    }
}

fn rel_path(rel: &str) -> &'static str {
    match rel {
        "suspend" => "lifecycle/suspend",
        "unsuspend" => "lifecycle/unsuspend",
        "unlock" => "lifecycle/unlock",
        "activate" => "lifecycle/activate",
        "reactivate" => "lifecycle/reactivate",
        "deactivate" => "lifecycle/deactivate",
        "resetPassword" => "lifecycle/reset_password",
        "resetFactors" => "lifecycle/reset_factors",
        "expirePassword" => "lifecycle/expire_password",
        "forgotPassword" => "credentials/forgot_password",
        "changeRecoveryQuestion" => "credentials/change_recovery_question",
        _ => "credentials/change_password",
    }
}

fn user_links(u: &SimUser, base: &str) -> Value {
    let user_url = format!("{base}/api/v1/users/{}", u.id);
    let mut links = json!({
        "self": href(&user_url),
        "schema": href(&format!("{base}/api/v1/meta/schemas/user/{USER_SCHEMA_ID}")),
        "type": href(&format!("{base}/api/v1/meta/types/user/{USER_TYPE_ID}")),
    });
    for rel in lifecycle_rels(&u.status) {
        links[*rel] = json!({ "href": format!("{user_url}/{}", rel_path(rel)), "method": "POST" });
    }
    links
}

/// A UserFactor (`GET /api/v1/users/{userId}/factors/{factorId}`).
pub fn factor(f: &SimFactor, user_id: &str, base: &str) -> Value {
    let user_url = format!("{base}/api/v1/users/{user_id}");
    let factor_url = format!("{user_url}/factors/{}", f.id);
    let mut links = json!({
        "self": hints(&factor_url, &["GET", "DELETE"]),
        "user": hints(&user_url, &["GET"]),
    });
    match (f.status.as_str(), f.factor_type.as_str()) {
        ("ACTIVE", "question") => links["questions"] = hints(&format!("{user_url}/factors/questions"), &["GET"]),
        ("ACTIVE", "signed_nonce") => {}
        ("ACTIVE", _) => links["verify"] = hints(&format!("{factor_url}/verify"), &["POST"]),
        ("PENDING_ACTIVATION", _) => {
            links["activate"] = hints(&format!("{factor_url}/lifecycle/activate"), &["POST"]);
        }
        _ => {}
    }
    json!({
        "id": f.id,
        "factorType": f.factor_type,
        "provider": f.provider,
        "vendorName": f.vendor_name,
        "status": f.status,
        "created": time(f.created),
        "lastUpdated": time(f.last_updated),
        "profile": f.profile,
        "_links": links,
    })
}

/// A standard role assignment; the assignee is a user, a group, or (`CLIENT`) an OAuth client.
pub fn role(r: &SimRole, assignee_id: &str, base: &str) -> Value {
    let assignee = match r.assignment_type.as_str() {
        "CLIENT" => format!("{base}/oauth2/v1/clients/{assignee_id}"),
        "GROUP" => format!("{base}/api/v1/groups/{assignee_id}"),
        _ => format!("{base}/api/v1/users/{assignee_id}"),
    };
    json!({
        "id": r.id,
        "label": r.label,
        "type": r.role_type,
        "status": "ACTIVE",
        "created": time(r.created),
        "lastUpdated": time(r.created),
        "assignmentType": r.assignment_type,
        "_links": { "assignee": href(&assignee) },
    })
}

/// A Group; `with_stats` adds `_embedded.stats` as `expand=stats` does.
pub fn group(g: &SimGroup, base: &str, with_stats: bool) -> Value {
    let group_url = format!("{base}/api/v1/groups/{}", g.id);
    let from_ad = g.group_type == "APP_GROUP";
    let logo = if from_ad { "active_directory" } else { "okta" };
    let mut v = json!({
        "id": g.id,
        "created": time(g.created),
        "lastUpdated": time(g.last_updated),
        "lastMembershipUpdated": time(g.last_membership_updated),
        "objectClass": [if from_ad { "okta:windows_security_principal" } else { "okta:user_group" }],
        "type": g.group_type,
        "profile": if from_ad { ad_group_profile(g) } else { json!({ "name": g.name, "description": g.description }) },
        "_links": {
            "logo": [
                { "name": "medium", "href": format!("{base}/img/logos/groups/{logo}-medium.png"), "type": "image/png" },
                { "name": "large", "href": format!("{base}/img/logos/groups/{logo}-large.png"), "type": "image/png" },
            ],
            "users": href(&format!("{group_url}/users")),
            "apps": href(&format!("{group_url}/apps")),
        },
    });
    if with_stats {
        v["_embedded"] = json!({ "stats": { "usersCount": g.member_ids.len() } });
    }
    v
}

/// The profile of a group imported from Active Directory.
fn ad_group_profile(g: &SimGroup) -> Value {
    let digest = digest(&[&g.id, "ad"]);
    let sub = |i: usize| u32::from_be_bytes([digest[i], digest[i + 1], digest[i + 2], digest[i + 3]]);
    json!({
        "name": g.name,
        "description": g.description,
        "groupType": "Security",
        "samAccountName": g.name,
        "objectSid": format!("S-1-5-21-{}-{}-{}-{}", sub(0), sub(4), sub(8), 1000 + sub(12) % 9000),
        "groupScope": "Global",
        "dn": format!("CN={},OU=Groups,DC=corp,DC=acme,DC=example", g.name),
        "windowsDomainQualifiedName": format!("CORP\\{}", g.name),
        "externalId": STANDARD.encode(&digest[16..32]),
    })
}

/// An Application, polymorphic on its `signOnMode` like Okta's.
pub fn app(a: &SimApp, base: &str) -> Value {
    let app_api = format!("{base}/api/v1/apps/{}", a.id);
    let link = link_name(a);
    let mut links = json!({
        "uploadLogo": hints(&format!("{app_api}/logo"), &["POST"]),
        "appLinks": [{ "name": link, "href": home_url(a, base), "type": "text/html" }],
        "groups": href(&format!("{app_api}/groups")),
        "logo": [{ "name": "medium", "href": format!("{base}/{DEFAULT_LOGO}"), "type": "image/png" }],
        "users": href(&format!("{app_api}/users")),
    });
    match a.status.as_str() {
        "ACTIVE" => links["deactivate"] = href(&format!("{app_api}/lifecycle/deactivate")),
        _ => links["activate"] = href(&format!("{app_api}/lifecycle/activate")),
    }
    if a.sign_on_mode == "SAML_2_0" {
        links["metadata"] = json!({ "href": format!("{app_api}/sso/saml/metadata"), "type": "application/xml" });
    }
    json!({
        "id": a.id,
        "name": a.name,
        "label": a.label,
        "status": a.status,
        "lastUpdated": time(a.last_updated),
        "created": time(a.created),
        "accessibility": { "selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null },
        "visibility": {
            "autoLaunch": false,
            "autoSubmitToolbar": false,
            "hide": { "iOS": false, "web": false },
            "appLinks": { link: true },
        },
        "features": [],
        "signOnMode": a.sign_on_mode,
        "credentials": app_credentials(a),
        "settings": app_settings(a, base),
        "_links": links,
    })
}

fn link_name(a: &SimApp) -> String {
    match a.sign_on_mode.as_str() {
        "SAML_2_0" | "OPENID_CONNECT" | "AUTO_LOGIN" => format!("{}_link", a.name),
        _ => "login".to_string(),
    }
}

/// The end-user dashboard URL that launches the app.
fn home_url(a: &SimApp, base: &str) -> String {
    format!("{base}/home/{}/{}/{}", a.name, a.id, derived_id("aln", &[&a.id]))
}

/// The app's own URL (its SP, login page or bookmark target).
fn target_url(a: &SimApp, base: &str) -> String {
    match app_url(&a.label) {
        Some(url) => url.replace("{base}", base),
        None => format!("https://{}.acme.example", a.name.replace('_', "-")),
    }
}

fn app_credentials(a: &SimApp) -> Value {
    let login_template = json!({ "template": "${source.login}", "type": "BUILT_IN" });
    let email_template = json!({ "template": "${source.email}", "type": "BUILT_IN" });
    let kid = URL_SAFE_NO_PAD.encode(digest(&[&a.id, "kid"]));
    match a.sign_on_mode.as_str() {
        "SAML_2_0" | "WS_FEDERATION" => json!({ "userNameTemplate": login_template, "signing": { "kid": kid } }),
        "OPENID_CONNECT" => json!({
            "userNameTemplate": login_template,
            "signing": { "kid": kid },
            "oauthClient": {
                "autoKeyRotation": true,
                "client_id": a.id,
                "token_endpoint_auth_method": "client_secret_basic",
                "pkce_required": true,
            },
        }),
        "AUTO_LOGIN" | "SECURE_PASSWORD_STORE" => json!({
            "scheme": "EDIT_USERNAME_AND_PASSWORD",
            "userNameTemplate": email_template,
            "revealPassword": false,
            "signing": {},
        }),
        _ => json!({ "userNameTemplate": email_template, "signing": {} }),
    }
}

fn app_settings(a: &SimApp, base: &str) -> Value {
    let url = target_url(a, base);
    let mut settings = json!({
        "app": {},
        "notifications": { "vpn": { "network": { "connection": "DISABLED" }, "message": null, "helpUrl": null } },
        "manualProvisioning": false,
        "implicitAssignment": false,
        "notes": { "admin": null, "enduser": null },
        "emOptInStatus": "DISABLED",
    });
    match a.sign_on_mode.as_str() {
        "SAML_2_0" => settings["signOn"] = saml_sign_on(&url),
        "OPENID_CONNECT" => settings["oauthClient"] = oauth_client(&url),
        "WS_FEDERATION" => settings["app"] = ws_fed_app(a, &url),
        "AUTO_LOGIN" => settings["signOn"] = json!({ "loginUrl": url, "redirectUrl": null }),
        "SECURE_PASSWORD_STORE" => {
            settings["app"] = json!({ "url": url, "usernameField": "#username", "passwordField": "#password" });
        }
        _ => settings["app"] = json!({ "requestIntegration": false, "url": url }),
    }
    settings
}

fn saml_sign_on(url: &str) -> Value {
    json!({
        "defaultRelayState": "",
        "ssoAcsUrl": format!("{url}/saml/acs"),
        "idpIssuer": "http://www.okta.com/${org.externalKey}",
        "audience": url,
        "recipient": format!("{url}/saml/acs"),
        "destination": format!("{url}/saml/acs"),
        "subjectNameIdTemplate": "${user.userName}",
        "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        "responseSigned": true,
        "assertionSigned": true,
        "signatureAlgorithm": "RSA_SHA256",
        "digestAlgorithm": "SHA256",
        "honorForceAuthn": true,
        "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "slo": { "enabled": false },
        "requestCompressed": false,
        "allowMultipleAcsEndpoints": false,
        "acsEndpoints": [],
        "attributeStatements": [],
    })
}

fn oauth_client(url: &str) -> Value {
    json!({
        "client_uri": url,
        "logo_uri": null,
        "redirect_uris": [format!("{url}/authorization-code/callback")],
        "post_logout_redirect_uris": [url],
        "response_types": ["code"],
        "grant_types": ["authorization_code", "refresh_token"],
        "application_type": "web",
        "issuer_mode": "DYNAMIC",
        "idp_initiated_login": { "mode": "DISABLED", "default_scope": [] },
        "wildcard_redirect": "DISABLED",
        "dpop_bound_access_tokens": false,
    })
}

fn ws_fed_app(a: &SimApp, url: &str) -> Value {
    json!({
        "groupFilter": null,
        "siteURL": url,
        "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "wReplyOverride": false,
        "digestAlgorithm": "SHA256",
        "usernameAttribute": "username",
        "signatureAlgorithm": "RSA_SHA256",
        "audienceRestriction": "urn:federation:MicrosoftOnline",
        "wReplyURL": url,
        "groupName": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        "attributeStatements": null,
        "nameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        "realm": format!("urn:okta:app:{}", derived_id("exk", &[&a.id])),
        "groupValueFormat": "windowsDomainQualifiedName",
    })
}

/// An AssignedAppLink (`GET /api/v1/users/{id}/appLinks`); the scope does not show in it.
pub fn app_link(a: &SimApp, u: &SimUser, _scope: &str, base: &str) -> Value {
    json!({
        "id": u.id,
        "label": a.label,
        "linkUrl": home_url(a, base),
        "logoUrl": format!("{base}/{DEFAULT_LOGO}"),
        "appName": a.name,
        "appInstanceId": a.id,
        "appAssignmentId": derived_id("0ua", &[&a.id, &u.id]),
        "credentialsSetup": matches!(a.sign_on_mode.as_str(), "AUTO_LOGIN" | "SECURE_PASSWORD_STORE"),
        "hidden": false,
        "sortOrder": 0,
    })
}

/// An AppUser (`GET /api/v1/apps/{appId}/users`); `scope` is `USER` (direct) or `GROUP`.
pub fn app_user(a: &SimApp, u: &SimUser, scope: &str, base: &str) -> Value {
    let assigned = a.created.max(u.created);
    let mut credentials = json!({ "userName": u.profile.login });
    if matches!(a.sign_on_mode.as_str(), "AUTO_LOGIN" | "SECURE_PASSWORD_STORE") {
        credentials["password"] = json!({});
    }
    json!({
        "id": u.id,
        "externalId": null,
        "created": time(assigned),
        "lastUpdated": time(assigned),
        "scope": scope,
        "status": "ACTIVE",
        "statusChanged": time(assigned),
        "passwordChanged": null,
        "syncState": "DISABLED",
        "credentials": credentials,
        "profile": app_user_profile(a, u),
        "_links": {
            "app": href(&format!("{base}/api/v1/apps/{}", a.id)),
            "user": href(&format!("{base}/api/v1/users/{}", u.id)),
        },
    })
}

fn app_user_profile(a: &SimApp, u: &SimUser) -> Value {
    let p = &u.profile;
    if a.sign_on_mode == "OPENID_CONNECT" {
        return json!({
            "name": p.display_name,
            "given_name": p.first_name,
            "family_name": p.last_name,
            "middle_name": null,
            "nickname": null,
            "email": p.email,
            "phone_number": p.mobile_phone,
            "locale": "en_US",
            "zoneinfo": null,
            "picture": null,
            "profile": null,
        });
    }
    json!({
        "email": p.email,
        "firstName": p.first_name,
        "lastName": p.last_name,
        "displayName": p.display_name,
        "mobilePhone": p.mobile_phone,
        "secondEmail": null,
    })
}

/// An ApplicationGroupAssignment (`GET /api/v1/apps/{appId}/groups`).
pub fn app_group(a: &SimApp, g: &SimGroup, priority: usize, base: &str) -> Value {
    let app_url = format!("{base}/api/v1/apps/{}", a.id);
    json!({
        "id": g.id,
        "priority": priority,
        "lastUpdated": time(a.created.max(g.created)),
        "profile": {},
        "_links": {
            "app": href(&app_url),
            "self": href(&format!("{app_url}/groups/{}", g.id)),
            "group": href(&format!("{base}/api/v1/groups/{}", g.id)),
        },
    })
}

/// A Policy (`GET /api/v1/policies/{policyId}`).
pub fn policy(p: &SimPolicy, base: &str) -> Value {
    let url = format!("{base}/api/v1/policies/{}", p.id);
    let self_methods: &[&str] = if p.system { &["GET", "PUT"] } else { &["GET", "PUT", "DELETE"] };
    let mut links = json!({
        "self": hints(&url, self_methods),
        "rules": hints(&format!("{url}/rules"), &["GET", "POST"]),
    });
    if matches!(p.policy_type.as_str(), "ACCESS_POLICY" | "MFA_ENROLL") {
        links["mappings"] = hints(&format!("{url}/mappings"), &["GET", "POST"]);
    }
    add_lifecycle_link(&mut links, &url, &p.status, p.system);
    let mut v = json!({
        "id": p.id,
        "type": p.policy_type,
        "name": p.name,
        "description": p.description,
        "priority": p.priority,
        "status": p.status,
        "system": p.system,
        "conditions": p.conditions,
        "created": time(p.created),
        "lastUpdated": time(p.last_updated),
        "_links": links,
    });
    if !p.settings.is_null() {
        v["settings"] = p.settings.clone();
    }
    v
}

/// A policy rule (`GET /api/v1/policies/{policyId}/rules/{ruleId}`).
pub fn policy_rule(p: &SimPolicy, r: &SimPolicyRule, base: &str) -> Value {
    let url = format!("{base}/api/v1/policies/{}/rules/{}", p.id, r.id);
    let self_methods: &[&str] = if r.system { &["GET", "PUT"] } else { &["GET", "PUT", "DELETE"] };
    let mut links = json!({ "self": hints(&url, self_methods) });
    add_lifecycle_link(&mut links, &url, &r.status, r.system);
    json!({
        "id": r.id,
        "status": r.status,
        "name": r.name,
        "priority": r.priority,
        "created": time(r.created),
        "lastUpdated": time(r.last_updated),
        "system": r.system,
        "conditions": r.conditions,
        "actions": r.actions,
        "type": r.rule_type,
        "_links": links,
    })
}

/// `deactivate` (or `activate`) for policies and rules that are not the system defaults.
fn add_lifecycle_link(links: &mut Value, url: &str, status: &str, system: bool) {
    if system {
        return;
    }
    let rel = if status == "ACTIVE" { "deactivate" } else { "activate" };
    links[rel] = hints(&format!("{url}/lifecycle/{rel}"), &["POST"]);
}

fn time(t: DateTime<Utc>) -> Value {
    Value::String(okta_time(t))
}

fn opt_time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, time)
}

fn href(url: &str) -> Value {
    json!({ "href": url })
}

fn hints(url: &str, methods: &[&str]) -> Value {
    json!({ "href": url, "hints": { "allow": methods } })
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// A stable Okta-style id (prefix + 17 base62 characters) derived from other ids.
fn derived_id(prefix: &str, parts: &[&str]) -> String {
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let d = digest(parts);
    let tail: String = d.iter().take(17).map(|b| BASE62[usize::from(*b) % 62] as char).collect();
    format!("{prefix}{tail}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::org::generate::generate;
    use crate::org::Org;

    const BASE: &str = "http://127.0.0.1:5000";

    fn org() -> Org {
        generate(5, 400, Utc.with_ymd_and_hms(2025, 3, 14, 0, 0, 0).unwrap())
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    fn has_keys(v: &Value, wanted: &[&str]) {
        for k in wanted {
            assert!(v.get(k).is_some(), "missing {k} in {v}");
        }
    }

    /// Every `href` in `v` is absolute under the org URL.
    fn hrefs_under_base(v: &Value) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(h)) = m.get("href") {
                    assert!(h.starts_with(BASE), "{h}");
                }
                m.values().for_each(hrefs_under_base);
            }
            Value::Array(a) => a.iter().for_each(hrefs_under_base),
            _ => {}
        }
    }

    fn first_with_status<'a>(org: &'a Org, status: &str) -> &'a SimUser {
        org.users.iter().find(|u| u.status == status).unwrap()
    }

    #[test]
    fn every_user_has_the_user_schema_keys() {
        let org = org();
        for u in &org.users {
            let v = user(u, BASE);
            has_keys(
                &v,
                &[
                    "id",
                    "status",
                    "created",
                    "activated",
                    "statusChanged",
                    "lastLogin",
                    "lastUpdated",
                    "passwordChanged",
                    "type",
                    "profile",
                    "credentials",
                    "_links",
                ],
            );
            has_keys(&v["profile"], &["login", "email", "firstName", "lastName", "mobilePhone", "secondEmail"]);
            assert_eq!(v["type"]["id"], USER_TYPE_ID);
            assert_eq!(v["credentials"]["provider"], json!({ "type": "OKTA", "name": "OKTA" }));
            assert_eq!(v["_links"]["self"]["href"], format!("{BASE}/api/v1/users/{}", u.id));
            assert!(v["created"].as_str().unwrap().ends_with('Z'));
            hrefs_under_base(&v);
        }
    }

    #[test]
    fn user_links_follow_the_status() {
        let org = org();
        let links = |status: &str| user(first_with_status(&org, status), BASE)["_links"].clone();
        let active = links("ACTIVE");
        assert!(active.get("suspend").is_some() && active.get("unsuspend").is_none());
        assert_eq!(active["suspend"]["method"], "POST");
        assert!(links("SUSPENDED").get("unsuspend").is_some() && links("SUSPENDED").get("suspend").is_none());
        assert!(links("LOCKED_OUT").get("unlock").is_some());
        assert!(links("STAGED").get("activate").is_some());
        let staged = user(first_with_status(&org, "STAGED"), BASE);
        assert!(staged["lastLogin"].is_null() && staged["activated"].is_null());
        assert!(staged["credentials"].get("password").is_none());
    }

    #[test]
    fn factors_carry_their_type_profile_and_links() {
        let org = org();
        let user_id = &org.users[0].id;
        for u in &org.users {
            for f in &u.factors {
                let v = factor(f, &u.id, BASE);
                has_keys(
                    &v,
                    &["id", "factorType", "provider", "vendorName", "status", "created", "lastUpdated", "profile"],
                );
                assert_eq!(v["_links"]["user"]["href"], format!("{BASE}/api/v1/users/{}", u.id));
                match (f.status.as_str(), f.factor_type.as_str()) {
                    ("ACTIVE", "push") => {
                        has_keys(&v["profile"], &["credentialId", "deviceType", "name", "platform", "version"]);
                        assert!(v["_links"].get("verify").is_some());
                    }
                    ("ACTIVE", "sms" | "call") => {
                        assert!(v["profile"]["phoneNumber"].as_str().unwrap().starts_with('+'))
                    }
                    ("ACTIVE", "webauthn") => assert_eq!(v["provider"], "FIDO"),
                    ("PENDING_ACTIVATION", _) => assert!(v["_links"].get("activate").is_some()),
                    _ => {}
                }
            }
        }
        assert!(!org.users[0].factors.is_empty() && !user_id.is_empty());
    }

    #[test]
    fn role_assignees_point_at_users_or_clients() {
        let org = org();
        let owner = &org.users[0];
        let v = role(&owner.roles[0], &owner.id, BASE);
        has_keys(&v, &["id", "label", "type", "status", "created", "lastUpdated", "assignmentType"]);
        assert_eq!(v["_links"]["assignee"]["href"], format!("{BASE}/api/v1/users/{}", owner.id));
        let client = role(&org.service_app_roles[0], "0oaclient", BASE);
        assert_eq!(client["assignmentType"], "CLIENT");
        assert_eq!(client["_links"]["assignee"]["href"], format!("{BASE}/oauth2/v1/clients/0oaclient"));
    }

    #[test]
    fn groups_render_with_and_without_stats() {
        let org = org();
        let everyone = &org.groups[0];
        let plain = group(everyone, BASE, false);
        assert_eq!(
            keys(&plain),
            ["_links", "created", "id", "lastMembershipUpdated", "lastUpdated", "objectClass", "profile", "type"]
        );
        assert_eq!(plain["profile"]["name"], "Everyone");
        let stats = group(everyone, BASE, true);
        assert_eq!(stats["_embedded"]["stats"]["usersCount"], org.users.len());
        let ad = org.groups.iter().find(|g| g.group_type == "APP_GROUP").unwrap();
        let ad = group(ad, BASE, false);
        assert_eq!(ad["objectClass"], json!(["okta:windows_security_principal"]));
        has_keys(&ad["profile"], &["samAccountName", "dn", "windowsDomainQualifiedName", "objectSid", "externalId"]);
        org.groups.iter().for_each(|g| hrefs_under_base(&group(g, BASE, true)));
    }

    #[test]
    fn apps_are_shaped_by_their_sign_on_mode() {
        let org = org();
        for a in &org.apps {
            let v = app(a, BASE);
            has_keys(
                &v,
                &["id", "name", "label", "status", "signOnMode", "credentials", "settings", "visibility", "_links"],
            );
            hrefs_under_base(&v["_links"]);
            match a.sign_on_mode.as_str() {
                "SAML_2_0" => has_keys(&v["settings"]["signOn"], &["ssoAcsUrl", "audience", "subjectNameIdFormat"]),
                "OPENID_CONNECT" => assert_eq!(v["credentials"]["oauthClient"]["client_id"], a.id),
                "BOOKMARK" => assert!(v["settings"]["app"]["url"].is_string()),
                "SECURE_PASSWORD_STORE" | "AUTO_LOGIN" => {
                    assert_eq!(v["credentials"]["scheme"], "EDIT_USERNAME_AND_PASSWORD")
                }
                "WS_FEDERATION" => has_keys(&v["settings"]["app"], &["realm", "wReplyURL"]),
                other => panic!("unexpected sign-on mode {other}"),
            }
            let lifecycle = if a.status == "ACTIVE" { "deactivate" } else { "activate" };
            assert!(v["_links"].get(lifecycle).is_some());
        }
        let console = org.apps.iter().find(|a| a.label == "Okta Admin Console").unwrap();
        assert_eq!(app(console, BASE)["settings"]["app"]["url"], format!("{BASE}/admin/dashboard"));
    }

    #[test]
    fn assignments_render_as_app_links_app_users_and_app_groups() {
        let org = org();
        let a = org.apps.iter().find(|a| a.label == "Slack").unwrap();
        let u = &org.users[1];
        let link = app_link(a, u, "GROUP", BASE);
        assert_eq!(link["appInstanceId"], a.id);
        assert_eq!(link["id"], u.id);
        assert!(link["appAssignmentId"].as_str().unwrap().starts_with("0ua"));
        assert_eq!(link, app_link(a, u, "GROUP", BASE));
        let au = app_user(a, u, "GROUP", BASE);
        assert_eq!(
            (au["scope"].as_str(), au["credentials"]["userName"].as_str()),
            (Some("GROUP"), Some(u.profile.login.as_str()))
        );
        hrefs_under_base(&au);
        let ag = app_group(a, &org.groups[0], 0, BASE);
        assert_eq!((ag["id"].as_str(), ag["priority"].as_u64()), (Some(org.groups[0].id.as_str()), Some(0)));
        assert_eq!(ag["_links"]["self"]["href"], format!("{BASE}/api/v1/apps/{}/groups/{}", a.id, org.groups[0].id));
    }

    #[test]
    fn policies_and_rules_render_like_okta() {
        let org = org();
        for p in &org.policies {
            let v = policy(p, BASE);
            has_keys(&v, &["id", "type", "name", "priority", "status", "system", "conditions", "created", "_links"]);
            assert_eq!(v.get("settings").is_some(), !p.settings.is_null());
            assert_eq!(v["_links"]["rules"]["href"], format!("{BASE}/api/v1/policies/{}/rules", p.id));
            for r in &p.rules {
                let rv = policy_rule(p, r, BASE);
                has_keys(
                    &rv,
                    &["id", "name", "priority", "status", "system", "conditions", "actions", "type", "_links"],
                );
                hrefs_under_base(&rv);
            }
        }
        let sign_on = org.policies.iter().find(|p| p.policy_type == "OKTA_SIGN_ON").unwrap();
        assert_eq!(policy_rule(sign_on, &sign_on.rules[0], BASE)["type"], "SIGN_ON");
    }
}
