//! Classifying a user's factors: `none`, `weak_only` or `strong` (or `unknown` when Okta
//! refused to show them), and which users the sweep looks at.

use serde::{Deserialize, Serialize};

use crate::okta::model::Factor;

/// What a user's active factors amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaClass {
    /// No active factor: the user signs in with a password alone.
    None,
    /// Only phishable or guessable factors: SMS, voice call, email, security question.
    WeakOnly,
    /// At least one strong factor: push, TOTP, WebAuthn/U2F, FastPass, hardware tokens.
    Strong,
    /// Okta refused to list the factors (403): not known, and never counted as "no MFA".
    Unknown,
}

impl MfaClass {
    /// The name used in CSV, JSON and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaClass::None => "none",
            MfaClass::WeakOnly => "weak_only",
            MfaClass::Strong => "strong",
            MfaClass::Unknown => "unknown",
        }
    }

    /// Whether the class is an enrollment gap: `none`, and `weak_only` when asked for.
    pub fn is_gap(self, include_weak: bool) -> bool {
        self == MfaClass::None || (include_weak && self == MfaClass::WeakOnly)
    }
}

/// A factor as the sweep keeps it: its type and status (`push:ACTIVE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorBrief {
    pub factor_type: String,
    pub status: String,
}

impl FactorBrief {
    /// The brief of a factor Okta returned; missing fields read as empty.
    pub fn of(factor: &Factor) -> FactorBrief {
        FactorBrief {
            factor_type: factor.factor_type.clone().unwrap_or_default(),
            status: factor.status.clone().unwrap_or_default(),
        }
    }

    /// `type:status`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.factor_type, self.status)
    }
}

/// Factor types that resist phishing or at least interception: Okta Verify push and
/// FastPass, software and hardware OTP tokens, WebAuthn/U2F, Duo (`web`).
const STRONG_TYPES: &[&str] =
    &["push", "signed_nonce", "token", "token:software:totp", "token:hotp", "token:hardware", "u2f", "webauthn", "web"];

/// Whether a factor type is strong. Types oktui does not know (a new or custom one) count as
/// weak, so such users show up for review rather than being passed as strong.
pub fn is_strong_type(factor_type: &str) -> bool {
    STRONG_TYPES.contains(&factor_type)
}

/// The class of a user whose factors Okta listed. Only `ACTIVE` factors count.
pub fn classify(factors: &[FactorBrief]) -> MfaClass {
    let mut active = factors.iter().filter(|f| f.status == "ACTIVE").peekable();
    if active.peek().is_none() {
        return MfaClass::None;
    }
    if active.any(|f| is_strong_type(&f.factor_type)) {
        MfaClass::Strong
    } else {
        MfaClass::WeakOnly
    }
}

/// The user statuses whose holders can sign in, so whose factors the sweep reads.
pub const SWEPT_STATUSES: &[&str] = &["ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY"];

/// Whether the sweep reads the factors of a user in `status`.
pub fn is_swept_status(status: &str) -> bool {
    SWEPT_STATUSES.contains(&status)
}

/// Factors as one cell: `type:status` joined by `;`.
pub fn factors_cell(factors: &[FactorBrief]) -> String {
    factors.iter().map(FactorBrief::label).collect::<Vec<_>>().join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(t: &str, s: &str) -> FactorBrief {
        FactorBrief { factor_type: t.into(), status: s.into() }
    }

    #[test]
    fn only_active_factors_count() {
        assert_eq!(classify(&[]), MfaClass::None);
        assert_eq!(classify(&[f("push", "PENDING_ACTIVATION"), f("sms", "NOT_SETUP")]), MfaClass::None);
        assert_eq!(classify(&[f("webauthn", "INACTIVE"), f("sms", "ACTIVE")]), MfaClass::WeakOnly);
    }

    #[test]
    fn weak_and_strong_types() {
        for weak in ["sms", "call", "email", "question", "some_new_type"] {
            assert_eq!(classify(&[f(weak, "ACTIVE")]), MfaClass::WeakOnly, "{weak}");
        }
        for strong in ["push", "signed_nonce", "token:software:totp", "token:hardware", "webauthn", "u2f"] {
            assert_eq!(classify(&[f("sms", "ACTIVE"), f(strong, "ACTIVE")]), MfaClass::Strong, "{strong}");
        }
    }

    #[test]
    fn gaps_labels_and_statuses() {
        assert!(MfaClass::None.is_gap(false));
        assert!(!MfaClass::WeakOnly.is_gap(false) && MfaClass::WeakOnly.is_gap(true));
        assert!(!MfaClass::Unknown.is_gap(true) && !MfaClass::Strong.is_gap(true));
        assert_eq!(factors_cell(&[f("push", "ACTIVE"), f("sms", "NOT_SETUP")]), "push:ACTIVE;sms:NOT_SETUP");
        assert_eq!(serde_json::to_string(&MfaClass::WeakOnly).unwrap(), "\"weak_only\"");
        assert!(is_swept_status("LOCKED_OUT") && !is_swept_status("SUSPENDED") && !is_swept_status("STAGED"));
    }
}
