//! `Factor` (`GET /api/v1/users/{id}/factors`).

use serde_json::Value;

use super::lenient::lenient_model;

lenient_model! {
    /// An MFA factor a user has enrolled (Okta's `UserFactor`, discriminated on `factorType`).
    #[serde(rename_all = "camelCase")]
    pub struct Factor {
        /// The factor id.
        pub id: Option<String>,
        /// `push`, `sms`, `call`, `email`, `question`, `signed_nonce`, `token:software:totp`,
        /// `token:hardware`, `u2f`, `web`, `webauthn`, …
        pub factor_type: Option<String>,
        /// `OKTA`, `GOOGLE`, `FIDO`, `YUBICO`, `DUO`, `RSA`, `SYMANTEC` or `CUSTOM`.
        pub provider: Option<String>,
        /// The vendor's name.
        pub vendor_name: Option<String>,
        /// `ACTIVE`, `PENDING_ACTIVATION`, `NOT_SETUP`, `ENROLLED`, `DISABLED`, `INACTIVE` or
        /// `EXPIRED`.
        pub status: Option<String>,
        /// When it was enrolled.
        pub created: Option<String>,
        /// When it was last updated.
        pub last_updated: Option<String>,
        /// Type-specific details (`phoneNumber`, `credentialId`, `deviceType`, `name`, …).
        pub profile: Option<Value>,
        /// HAL links.
        #[serde(rename = "_links")]
        pub links: Option<Value>,
        /// Embedded resources.
        #[serde(rename = "_embedded")]
        pub embedded: Option<Value>,
    }
}

impl Factor {
    /// Whether the factor is usable (`status` is `ACTIVE`).
    pub fn is_active(&self) -> bool {
        self.status.as_deref() == Some("ACTIVE")
    }
}
