//! Apps opened with a session: many apps from the dashboard at once (`rapid_app_access`),
//! and a session whose app sign-on challenges go unanswered (`app_access_failures`), as a
//! stolen session cookie replayed against apps that ask for MFA again would leave.

pub mod app_access_failures;
pub mod rapid_app_access;

use crate::investigate::event::EventRef;

/// The app an event is about: its `AppInstance` target's alternate id, else display name.
fn app_of<'a>(event: EventRef<'a>) -> Option<&'a str> {
    event
        .targets_of_type("AppInstance")
        .find_map(|t| t.alternate_id().filter(|a| !a.trim().is_empty()).or(t.display_name()))
        .filter(|a| !a.trim().is_empty())
}
