//! Applications and assignments: `App` (`GET /api/v1/apps`), `AppUser`
//! (`/api/v1/apps/{id}/users`) and `AppLink` (`/api/v1/users/{id}/appLinks`).

use serde_json::Value;

use super::lenient::lenient_model;

lenient_model! {
    /// An application. Its body is polymorphic on `signOnMode`; the mode-specific parts
    /// (`credentials`, `settings`) are kept as raw JSON.
    #[serde(rename_all = "camelCase")]
    pub struct App {
        /// The app id (`0oa…`).
        pub id: Option<String>,
        /// The app's catalog name (`salesforce`, `bookmark`, …).
        pub name: Option<String>,
        /// The label users see.
        pub label: Option<String>,
        /// `ACTIVE`, `INACTIVE` or `DELETED`.
        pub status: Option<String>,
        /// `SAML_2_0`, `OPENID_CONNECT`, `BOOKMARK`, `AUTO_LOGIN`, …
        pub sign_on_mode: Option<String>,
        /// When the app was created.
        pub created: Option<String>,
        /// When the app was last updated.
        pub last_updated: Option<String>,
        /// Features enabled on the app.
        pub features: Option<Vec<Value>>,
        /// Self-service and error-page settings.
        pub accessibility: Option<Value>,
        /// Dashboard visibility.
        pub visibility: Option<Value>,
        /// Sign-in credentials settings (`userNameTemplate`, `signing`, `oauthClient`, …).
        pub credentials: Option<Value>,
        /// Mode-specific settings.
        pub settings: Option<Value>,
        /// Custom app profile.
        pub profile: Option<Value>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources (`user` with `expand=user/{id}`).
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

lenient_model! {
    /// A user's assignment to an app.
    #[serde(rename_all = "camelCase")]
    pub struct AppUser {
        /// The Okta user id.
        pub id: Option<String>,
        /// The id in the app, for provisioned apps.
        pub external_id: Option<String>,
        /// `USER` (assigned directly) or `GROUP` (through a group).
        pub scope: Option<String>,
        /// The assignment status.
        pub status: Option<String>,
        /// Provisioning sync state.
        pub sync_state: Option<String>,
        /// When the assignment was created.
        pub created: Option<String>,
        /// When it was last updated.
        pub last_updated: Option<String>,
        /// When its status last changed.
        pub status_changed: Option<String>,
        /// When it was last synced.
        pub last_sync: Option<String>,
        /// When the app password last changed.
        pub password_changed: Option<String>,
        /// The app credentials (`userName`, `password`).
        pub credentials: Option<Value>,
        /// The app-specific profile.
        pub profile: Option<Value>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources (`user` with `expand=user`).
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

impl AppUser {
    /// The user name in the app (`credentials.userName`).
    pub fn user_name(&self) -> Option<&str> {
        self.credentials.as_ref()?.get("userName")?.as_str()
    }
}

lenient_model! {
    /// An app on a user's dashboard, assigned directly or through a group.
    #[serde(rename_all = "camelCase")]
    pub struct AppLink {
        /// The link id.
        pub id: Option<String>,
        /// The label users see.
        pub label: Option<String>,
        /// The URL that launches the app.
        pub link_url: Option<String>,
        /// The app logo.
        pub logo_url: Option<String>,
        /// The app's catalog name.
        pub app_name: Option<String>,
        /// The app id (`0oa…`).
        pub app_instance_id: Option<String>,
        /// The assignment id (`0ua…`).
        pub app_assignment_id: Option<String>,
        /// Whether the user must set up credentials.
        pub credentials_setup: Option<bool>,
        /// Whether the link is hidden from the dashboard.
        pub hidden: Option<bool>,
        /// Position on the dashboard.
        pub sort_order: Option<i64>,
    }
}
