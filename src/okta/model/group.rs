//! `Group` (`GET /api/v1/groups`, `/api/v1/users/{id}/groups`).

use serde_json::Value;

use super::lenient::lenient_model;

lenient_model! {
    /// An Okta group.
    #[serde(rename_all = "camelCase")]
    pub struct Group {
        /// The group id (`00g…`).
        pub id: Option<String>,
        /// `OKTA_GROUP`, `APP_GROUP` (imported, e.g. from Active Directory) or `BUILT_IN`.
        #[serde(rename = "type")]
        pub group_type: Option<String>,
        /// When the group was created.
        pub created: Option<String>,
        /// When the group was last updated.
        pub last_updated: Option<String>,
        /// When the membership last changed.
        pub last_membership_updated: Option<String>,
        /// Object classes (`okta:user_group`, `okta:windows_security_principal`).
        pub object_class: Option<Vec<String>>,
        /// Name, description and, for imported groups, their source attributes.
        pub profile: Option<GroupProfile>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources (`stats` with `expand=stats`, `app` with `expand=app`).
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

lenient_model! {
    /// A group's profile; other attributes (AD's `samAccountName`, `dn`, …) stay in `extra`.
    #[serde(rename_all = "camelCase")]
    pub struct GroupProfile {
        /// The group name.
        pub name: Option<String>,
        /// The description.
        pub description: Option<String>,
    }
}

impl Group {
    /// The group name (`profile.name`).
    pub fn name(&self) -> Option<&str> {
        self.profile.as_ref()?.name.as_deref()
    }

    /// The member count, present when listed with `expand=stats` (`_embedded.stats.usersCount`).
    pub fn users_count(&self) -> Option<u64> {
        self.embedded.as_ref()?.pointer("/stats/usersCount")?.as_u64()
    }
}
