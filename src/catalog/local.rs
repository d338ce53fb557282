//! A catalog entry's filter evaluated here, for a log source that cannot filter (an events
//! file): Okta's filter language as the simulated org implements it ([`crate::sim::scim`]),
//! and what Okta refuses refused the same way, by the simulated org's own decision
//! ([`crate::sim::routes::log_filter`]): the same events match as the org would send.

use serde_json::Value;

use super::run::RunOutcome;
use crate::sim::error::SimError;
use crate::sim::scim::Filter;

/// A System Log filter Okta would take, ready to judge events.
#[derive(Debug, Clone)]
pub struct LocalFilter(Filter);

impl LocalFilter {
    /// The filter of `expression`, or the outcome Okta's refusal of it would be (400, its code).
    pub fn parse(expression: &str) -> Result<LocalFilter, RunOutcome> {
        crate::sim::routes::log_filter(expression).map(LocalFilter).map_err(|e| match e {
            SimError::Okta { code, summary, .. } => RunOutcome::Refused {
                code: Some(code.to_string()),
                summary: crate::sanitize::clean(&summary).into_owned(),
            },
            SimError::OAuth { description, .. } => {
                RunOutcome::Failed(crate::sanitize::clean(&description).into_owned())
            }
        })
    }

    /// Whether the event (a System Log event object, as sent) matches.
    pub fn matches(&self, event: &Value) -> bool {
        self.0.matches(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_s_refusals_are_refused_and_the_rest_judged() {
        let f = LocalFilter::parse("eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\"").unwrap();
        let event = serde_json::json!({"eventType": "user.session.start", "outcome": {"result": "FAILURE"}});
        assert!(f.matches(&event));
        assert!(!f.matches(&serde_json::json!({"eventType": "user.session.start"})));
        let Err(RunOutcome::Refused { code, .. }) = LocalFilter::parse("published gt \"2026-01-01T00:00:00Z\"") else {
            panic!("a filter on published is Okta's 400")
        };
        assert_eq!(code.as_deref(), Some("E0000031"));
        let Err(RunOutcome::Refused { code, summary }) = LocalFilter::parse("eventType eq") else { panic!() };
        assert_eq!(code.as_deref(), Some("E0000053"), "{summary}");
    }
}
