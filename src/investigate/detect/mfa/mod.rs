//! Second-factor abuse: push bombing (`mfa_fatigue`) and repeated failed verifications of
//! other factors (`mfa_failures`), prompts left unanswered (`mfa_abandonment`).

pub mod abandonment;
pub mod failures;
pub mod fatigue;

use crate::investigate::event::EventRef;

/// `debugData.factor` (`OKTA_VERIFY_PUSH`, `PASSWORD_AS_FACTOR`, …).
fn factor<'a>(event: EventRef<'a>) -> Option<&'a str> {
    event.factor()
}

/// Whether the event is about an Okta Verify push.
fn is_push(event: EventRef) -> bool {
    factor(event).is_some_and(|f| f.eq_ignore_ascii_case("OKTA_VERIFY_PUSH"))
        || event.event_type() == Some("user.mfa.okta_verify.deny_push")
}
