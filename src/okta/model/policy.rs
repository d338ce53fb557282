//! `Policy` (`GET /api/v1/policies?type=…`) and `PolicyRule` (`/api/v1/policies/{id}/rules`).

use serde_json::Value;

use super::lenient::lenient_model;

lenient_model! {
    /// A policy; `conditions` and `settings` differ per type and are kept as raw JSON.
    #[serde(rename_all = "camelCase")]
    pub struct Policy {
        /// The policy id.
        pub id: Option<String>,
        /// `OKTA_SIGN_ON`, `ACCESS_POLICY`, `MFA_ENROLL`, `PASSWORD`, …
        #[serde(rename = "type")]
        pub policy_type: Option<String>,
        /// The name.
        pub name: Option<String>,
        /// The description.
        pub description: Option<String>,
        /// Evaluation order (1 first).
        pub priority: Option<i64>,
        /// `ACTIVE` or `INACTIVE`.
        pub status: Option<String>,
        /// Whether this is Okta's default policy.
        pub system: Option<bool>,
        /// Who and what the policy applies to.
        pub conditions: Option<Value>,
        /// Type-specific settings.
        pub settings: Option<Value>,
        /// When it was created.
        pub created: Option<String>,
        /// When it was last updated.
        pub last_updated: Option<String>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources.
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

lenient_model! {
    /// A rule of a policy; `conditions` and `actions` are kept as raw JSON.
    #[serde(rename_all = "camelCase")]
    pub struct PolicyRule {
        /// The rule id.
        pub id: Option<String>,
        /// The name.
        pub name: Option<String>,
        /// `SIGN_ON` (rules of `OKTA_SIGN_ON` policies), `ACCESS_POLICY`, `PASSWORD`, …
        #[serde(rename = "type")]
        pub rule_type: Option<String>,
        /// Evaluation order (1 first).
        pub priority: Option<i64>,
        /// `ACTIVE` or `INACTIVE`.
        pub status: Option<String>,
        /// Whether this is the policy's default rule.
        pub system: Option<bool>,
        /// When the rule applies.
        pub conditions: Option<Value>,
        /// What the rule decides.
        pub actions: Option<Value>,
        /// When it was created.
        pub created: Option<String>,
        /// When it was last updated.
        pub last_updated: Option<String>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
    }
}
