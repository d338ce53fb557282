//! The MFA enrollment sweep against simulated orgs over HTTP: its answer against the sim's
//! directory, 403s and 404s, cancel and resume, a corrupt cache, the System Log refresh,
//! pacing at the rate limit, and `oktui mfa-gaps` as scripts run it.

#[path = "../common/mod.rs"]
mod common;
#[path = "../headless/run.rs"]
#[allow(dead_code)]
mod run;

mod truth;

mod groups;
mod headless;
mod pace;
mod refresh;
mod sweep;
