//! The table and CSV columns of each kind of Okta object.

use serde_json::Value;

use super::format::{text_at, Column};

/// Users: `oktui users`.
pub const USERS: &[Column] = &[
    Column { header: "login", cell: |v| text_at(v, "profile.login") },
    Column { header: "name", cell: user_name },
    Column { header: "status", cell: |v| text_at(v, "status") },
    Column { header: "last_login", cell: |v| text_at(v, "lastLogin") },
    Column { header: "id", cell: |v| text_at(v, "id") },
];

/// A user's first and last name, as every list and export shows it.
pub fn user_name(v: &Value) -> String {
    format!("{} {}", text_at(v, "profile.firstName"), text_at(v, "profile.lastName")).trim().to_string()
}

/// Groups: `oktui groups`.
pub const GROUPS: &[Column] = &[
    Column { header: "name", cell: |v| text_at(v, "profile.name") },
    Column { header: "type", cell: |v| text_at(v, "type") },
    Column { header: "description", cell: |v| text_at(v, "profile.description") },
    Column { header: "id", cell: |v| text_at(v, "id") },
];

/// Apps: `oktui apps`.
pub const APPS: &[Column] = &[
    Column { header: "label", cell: |v| text_at(v, "label") },
    Column { header: "sign_on", cell: |v| text_at(v, "signOnMode") },
    Column { header: "status", cell: |v| text_at(v, "status") },
    Column { header: "name", cell: |v| text_at(v, "name") },
    Column { header: "id", cell: |v| text_at(v, "id") },
];

/// Policies and their rules: `oktui policies` (rules are listed under `_embedded.rules`).
pub const POLICIES: &[Column] = &[
    Column { header: "type", cell: |v| text_at(v, "type") },
    Column { header: "priority", cell: |v| text_at(v, "priority") },
    Column { header: "name", cell: |v| text_at(v, "name") },
    Column { header: "status", cell: |v| text_at(v, "status") },
    Column { header: "rules", cell: rule_names },
    Column { header: "id", cell: |v| text_at(v, "id") },
];

fn rule_names(v: &Value) -> String {
    v.pointer("/_embedded/rules")
        .and_then(Value::as_array)
        .map(|rules| rules.iter().map(|r| text_at(r, "name")).collect::<Vec<_>>().join("; "))
        .unwrap_or_default()
}

/// System Log events: `oktui logs`.
pub const EVENTS: &[Column] = &[
    Column { header: "published", cell: |v| text_at(v, "published") },
    Column { header: "severity", cell: |v| text_at(v, "severity") },
    Column { header: "event_type", cell: |v| text_at(v, "eventType") },
    Column { header: "actor", cell: |v| text_at(v, "actor.alternateId") },
    Column { header: "outcome", cell: |v| text_at(v, "outcome.result") },
    Column { header: "ip", cell: |v| text_at(v, "client.ipAddress") },
    Column { header: "country", cell: |v| text_at(v, "client.geographicalContext.country") },
    Column { header: "target", cell: first_target },
];

fn first_target(v: &Value) -> String {
    v.get("target")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .map(|t| {
            let alt = text_at(t, "alternateId");
            if alt.is_empty() {
                text_at(t, "displayName")
            } else {
                alt
            }
        })
        .unwrap_or_default()
}

/// A user's factors.
pub const FACTORS: &[Column] = &[
    Column { header: "factor", cell: |v| text_at(v, "factorType") },
    Column { header: "provider", cell: |v| text_at(v, "provider") },
    Column { header: "status", cell: |v| text_at(v, "status") },
    Column { header: "id", cell: |v| text_at(v, "id") },
];

/// A user's admin roles.
pub const ROLES: &[Column] = &[
    Column { header: "role", cell: |v| text_at(v, "type") },
    Column { header: "label", cell: |v| text_at(v, "label") },
    Column { header: "assignment", cell: |v| text_at(v, "assignmentType") },
    Column { header: "status", cell: |v| text_at(v, "status") },
];

/// A user's app links.
pub const APP_LINKS: &[Column] = &[
    Column { header: "app", cell: |v| text_at(v, "label") },
    Column { header: "name", cell: |v| text_at(v, "appName") },
    Column { header: "app_id", cell: |v| text_at(v, "appInstanceId") },
];
