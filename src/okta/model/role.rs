//! `Role` (`GET /api/v1/users/{id}/roles`, `/api/v1/groups/{id}/roles`,
//! `/oauth2/v1/clients/{id}/roles`).

use serde_json::Value;

use super::lenient::lenient_model;

lenient_model! {
    /// An admin role assignment, standard or custom.
    #[serde(rename_all = "camelCase")]
    pub struct Role {
        /// The assignment id.
        pub id: Option<String>,
        /// The role's display name.
        pub label: Option<String>,
        /// `SUPER_ADMIN`, `ORG_ADMIN`, `APP_ADMIN`, `USER_ADMIN`, `HELP_DESK_ADMIN`,
        /// `READ_ONLY_ADMIN`, …, or `CUSTOM`.
        #[serde(rename = "type")]
        pub role_type: Option<String>,
        /// `ACTIVE` or `INACTIVE`.
        pub status: Option<String>,
        /// `USER` (direct), `GROUP` (through a group) or `CLIENT` (an OAuth client).
        pub assignment_type: Option<String>,
        /// For a custom role: the role id.
        pub role: Option<String>,
        /// For a custom role: the resource set id.
        #[serde(rename = "resource-set")]
        pub resource_set: Option<String>,
        /// When it was assigned.
        pub created: Option<String>,
        /// When it was last updated.
        pub last_updated: Option<String>,
        /// HAL links (`assignee`, `role`, `resource-set`, …).
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources (targets with `expand`).
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

impl Role {
    /// Whether the role comes from a group membership rather than a direct assignment.
    pub fn via_group(&self) -> bool {
        self.assignment_type.as_deref() == Some("GROUP")
    }
}
