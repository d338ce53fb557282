//! `User` (`GET /api/v1/users`, `/api/v1/users/{id}`, `/api/v1/groups/{id}/users`).

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::lenient::lenient_model;
use super::time::parse_okta_time;

lenient_model! {
    /// An Okta user. Timestamps are kept as Okta's strings; see the `*_at` accessors.
    #[serde(rename_all = "camelCase")]
    pub struct User {
        /// The user id (`00u…`).
        pub id: Option<String>,
        /// `ACTIVE`, `STAGED`, `PROVISIONED`, `RECOVERY`, `LOCKED_OUT`, `PASSWORD_EXPIRED`,
        /// `SUSPENDED` or `DEPROVISIONED`.
        pub status: Option<String>,
        /// The status the user is moving to, during a lifecycle change.
        pub transitioning_to_status: Option<String>,
        /// When the user was created.
        pub created: Option<String>,
        /// When the user was activated.
        pub activated: Option<String>,
        /// When the status last changed.
        pub status_changed: Option<String>,
        /// When the user last signed in.
        pub last_login: Option<String>,
        /// When the user was last updated.
        pub last_updated: Option<String>,
        /// When the password last changed.
        pub password_changed: Option<String>,
        /// The realm the user belongs to.
        pub realm_id: Option<String>,
        /// The user type (`{"id": "oty…"}`).
        #[serde(rename = "type")]
        pub user_type: Option<Value>,
        /// The profile: standard and custom attributes.
        pub profile: Option<UserProfile>,
        /// Password, recovery question and provider, as Okta sent them.
        pub credentials: Option<Value>,
        /// HAL links (lifecycle operations the status allows).
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources.
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

lenient_model! {
    /// A user's profile: the standard attributes; custom attributes stay in `extra`.
    #[serde(rename_all = "camelCase")]
    pub struct UserProfile {
        /// The login (usually an email address).
        pub login: Option<String>,
        /// Primary email.
        pub email: Option<String>,
        /// Secondary email.
        pub second_email: Option<String>,
        /// Given name.
        pub first_name: Option<String>,
        /// Family name.
        pub last_name: Option<String>,
        /// Middle name.
        pub middle_name: Option<String>,
        /// Nickname.
        pub nick_name: Option<String>,
        /// Name to display.
        pub display_name: Option<String>,
        /// Mobile phone.
        pub mobile_phone: Option<String>,
        /// Primary phone.
        pub primary_phone: Option<String>,
        /// Job title.
        pub title: Option<String>,
        /// Department.
        pub department: Option<String>,
        /// Organization.
        pub organization: Option<String>,
        /// Division.
        pub division: Option<String>,
        /// Manager's name.
        pub manager: Option<String>,
        /// Manager's id.
        pub manager_id: Option<String>,
        /// Employee number.
        pub employee_number: Option<String>,
        /// User type (a free-text profile attribute, not the `type` object).
        pub user_type: Option<String>,
        /// City.
        pub city: Option<String>,
        /// State or region.
        pub state: Option<String>,
        /// ISO country code.
        pub country_code: Option<String>,
    }
}

impl User {
    /// The login (`profile.login`).
    pub fn login(&self) -> Option<&str> {
        self.profile.as_ref()?.login.as_deref()
    }

    /// The name to show: `displayName`, else first and last name, else the login, else the id,
    /// else empty.
    pub fn display_name(&self) -> String {
        let profile = self.profile.as_ref();
        if let Some(name) = profile.and_then(|p| p.display_name.as_deref()).filter(|n| !n.trim().is_empty()) {
            return name.to_string();
        }
        let parts = profile.map(|p| [p.first_name.as_deref(), p.last_name.as_deref()]).unwrap_or_default();
        let full = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
        if !full.trim().is_empty() {
            return full.trim().to_string();
        }
        self.login().or(self.id.as_deref()).unwrap_or_default().to_string()
    }

    /// The status (`ACTIVE`, `SUSPENDED`, …).
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The email (`profile.email`).
    pub fn email(&self) -> Option<&str> {
        self.profile.as_ref()?.email.as_deref()
    }

    /// When the user last signed in, if Okta recorded it and it parses.
    pub fn last_login_at(&self) -> Option<DateTime<Utc>> {
        parse_okta_time(self.last_login.as_deref()?)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nulls_custom_attributes_and_bad_types_round_trip() {
        let v = json!({
            "id": "00u1", "status": "ACTIVE", "lastLogin": null, "activated": 17,
            "profile": {"login": "a@x.example", "firstName": "Ada", "lastName": "Lo", "costCenter": "42",
                        "displayName": null},
            "_links": {"self": {"href": "https://x/api/v1/users/00u1"}}
        });
        let u: User = serde_json::from_value(v.clone()).unwrap();
        assert_eq!((u.login(), u.status(), u.display_name().as_str()), (Some("a@x.example"), Some("ACTIVE"), "Ada Lo"));
        assert_eq!(u.activated, None);
        assert_eq!(u.extra["activated"], json!(17));
        assert_eq!(u.profile.as_ref().unwrap().extra["costCenter"], json!("42"));
        assert_eq!(u.last_login_at(), None);
        assert_eq!(serde_json::to_value(&u).unwrap(), v);
    }

    #[test]
    fn display_name_falls_back_to_login_then_id() {
        let u: User = serde_json::from_value(json!({"id": "00u2", "profile": {"login": "b@x.example"}})).unwrap();
        assert_eq!(u.display_name(), "b@x.example");
        let u: User = serde_json::from_value(json!({"id": "00u3"})).unwrap();
        assert_eq!(u.display_name(), "00u3");
        assert_eq!(User::default().display_name(), "");
    }
}
